// bot-doc.js — one document of Majlisbot's corpus with a cited passage in context
// (#/bot/doc/{document}/{passage}; passage 0 opens the document at its start).
//
// GET /api/bot/documents/{id} gives the document and its passages in order; they are shown under
// their section headings and page numbers, and the cited passage is marked, scrolled to and
// focused. A document above the reader's access level is "not found" for them, as the server says.

import { h, ltr, replace } from '../dom.js';
import { errorText, loading, pageTitle } from '../ui.js';
import { PUBLIC } from '../router.js';
import { botStyles, dirOf, typeLabel } from './bot-common.js';

export default {
    route: '#/bot/doc/:id/:passage',
    roles: [PUBLIC],
    title: 'bot.doc.title',
    async render(root, ctx) {
        const { t } = ctx;
        botStyles();
        replace(root, loading());
        let doc;
        try {
            doc = (await ctx.api.get(`/api/bot/documents/${encodeURIComponent(ctx.params.id)}`)).document;
        } catch (err) {
            replace(root, pageTitle(t('bot.doc.title')), h('p', { class: 'alert alert-error' }, errorText(err)),
                h('p', null, h('a', { href: '#/bot' }, t('bot.back'))));
            return;
        }
        const target = String(ctx.params.passage);
        const body = h('div', { class: 'bot-doc', lang: doc.lang, dir: dirOf(doc.lang) });
        let section = null;
        let page = 0;
        let focus = null;
        for (const p of doc.passage_list) {
            if (p.page && p.page !== page) {
                page = p.page;
                body.append(h('p', { class: 'bot-page' }, t('bot.page', { n: p.page })));
            }
            if (p.section && p.section !== section) {
                section = p.section;
                body.append(h('h2', { class: 'section-title' }, p.section));
            }
            const el = h('div', { class: ['bot-passage', String(p.id) === target && 'bot-passage-cited'], id: `passage-${p.id}`,
                tabindex: String(p.id) === target ? '-1' : null },
            p.text.split('\n\n').map((para) => h('p', null, para)));
            if (String(p.id) === target) {
                el.prepend(h('p', { class: 'bot-cited-label' }, t('bot.doc.cited')));
                focus = el;
            }
            body.append(el);
        }
        const source = /^https?:\/\//.test(doc.source) ? h('a', { href: doc.source, rel: 'noopener noreferrer' }, doc.source) : doc.source;
        replace(root, pageTitle(doc.title),
            h('p', { class: 'bot-cite-meta' }, [typeLabel(doc.type, t), ltr(doc.date), t(`bot.access.${doc.access}`)].filter(Boolean).join(' · ')),
            source ? h('p', null, t('bot.doc.source'), ' ', source) : null,
            h('p', null, h('a', { href: '#/bot' }, t('bot.back'))),
            body);
        if (focus) {
            focus.scrollIntoView({ block: 'center' });
            focus.focus({ preventScroll: true });
        }
    },
};
