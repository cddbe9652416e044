// bot-common.js — what the Majlisbot pages share (bot.js, bot-doc.js, bot-admin.js,
// bot-documents.js): their stylesheet, the highlight of a passage, citation labels and dates.
//
// Not a page (index.js does not list it). The server gives highlight offsets in UTF-8 bytes of
// the passage text (docs/api.md); JavaScript strings count UTF-16 units, so the text is split
// on the bytes and each part decoded, never sliced with the byte numbers directly.

import { h } from '../dom.js';

let styled = false;
/** Adds ui/css/bot.css to the document once. */
export function botStyles() {
    if (styled || document.querySelector('link[href="/css/bot.css"]')) return;
    document.head.append(h('link', { rel: 'stylesheet', href: '/css/bot.css' }));
    styled = true;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

/** The passage text with bytes [start, end) in a <mark>, as nodes for h(). */
export function highlighted(text, hl) {
    if (!hl || !(hl.end > hl.start)) return [text];
    const bytes = enc.encode(text);
    const start = Math.max(0, Math.min(hl.start, bytes.length));
    const end = Math.max(start, Math.min(hl.end, bytes.length));
    return [dec.decode(bytes.slice(0, start)), h('mark', { class: 'bot-mark' }, dec.decode(bytes.slice(start, end))),
        dec.decode(bytes.slice(end))];
}

/** "Page 3" or the section title, for a citation or a passage. */
export function placeOf(p, t) {
    const parts = [];
    if (p.page) parts.push(t('bot.page', { n: p.page }));
    if (p.section) parts.push(p.section);
    return parts.join(' · ');
}

/** The document type in words. */
export function typeLabel(type, t) {
    return t(`bot.type.${type}`);
}

/** The route of a passage in its document. */
export function passageRoute(documentId, passageId) {
    return `#/bot/doc/${encodeURIComponent(documentId)}/${encodeURIComponent(passageId)}`;
}

/** The direction a text in a language is written in. */
export function dirOf(code) {
    return code === 'ar' ? 'rtl' : 'ltr';
}
