// majlis-common.js — what the council pages (majlis*.js) share: names in the reader's language,
// dates, status badges, and action buttons that report the server's verdict next to themselves.
// Not a page: index.js does not register it.

import { h, replace } from '../dom.js';
import { errorText } from '../ui.js';

/** A body's or a person's name in the page's language (Arabic name when the page is Arabic). */
export function nameOf(x, lang, key = 'name') {
    const ar = x[`${key}_ar`];
    return lang === 'ar' && ar ? ar : x[key];
}

/** A Unix time as a local date and time, with Latin digits in every language. */
export function when(ts, lang) {
    if (!ts) return '';
    const locale = { ar: 'ar-MA', fr: 'fr-MA', en: 'en-GB', zgh: 'fr-MA' }[lang] || 'fr-MA';
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', numberingSystem: 'latn' })
        .format(new Date(ts * 1000));
}

/** A badge for a status (session, vote, document, minutes, decision, action). */
export function badge(t, status) {
    return h('span', { class: 'badge', dataset: { status } }, t(`majlis.status.${status}`));
}

/** A message area for a section; show(err) puts a server error in it, show(text, true) a success. */
export function messageBox() {
    const box = h('p', { class: 'alert', role: 'status', hidden: true });
    box.show = (msg, ok) => {
        box.className = `alert ${ok ? 'alert-success' : 'alert-error'}`;
        replace(box, typeof msg === 'string' ? msg : errorText(msg));
        box.hidden = false;
    };
    return box;
}

/**
 * A button that runs an async action once at a time; a failure goes to `box` (the server's
 * message when it gave one), a success calls done().
 */
export function actionButton(label, attrs, action, box, done) {
    const b = h('button', { type: 'button', class: 'button button-small', ...attrs }, label);
    b.addEventListener('click', async () => {
        b.disabled = true;
        try {
            await action();
            if (done) await done();
        } catch (err) {
            if (err.status !== 401 && box) box.show(err.message && err.code === 'invalid' ? err.message : err);
        } finally {
            b.disabled = false;
        }
    });
    return b;
}

/** A simple table: head keys (translated), rows of cells. */
export function table(t, caption, heads, rows) {
    return h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
        h('caption', { class: 'visually-hidden' }, caption),
        h('thead', null, h('tr', null, heads.map((k) => h('th', { scope: 'col' }, t(k))))),
        h('tbody', null, rows)));
}

/** The form's named values (trimmed text, checkboxes as booleans). */
export function formValues(form) {
    const out = {};
    for (const el of form.elements) {
        if (!el.name) continue;
        out[el.name] = el.type === 'checkbox' ? el.checked : el.value.trim();
    }
    return out;
}
