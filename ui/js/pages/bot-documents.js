// bot-documents.js — Majlisbot's corpus for the secretariat (#/bot/documents): the documents with
// their type, language, access level and number of passages, a delete button, and an upload form.
//
// The upload sends the chosen file as the raw request body (PDF, HTML, Markdown or text, up to the
// server's 4 MiB import cap) to POST /api/bot/documents with the metadata in the query string; an
// empty language means "detect it". The answer says whether the document was created, replaced
// (same source or title, different bytes) or unchanged.

import { csrfToken, query } from '../api.js';
import { h, replace } from '../dom.js';
import { errorText, field, loading, pageTitle, problemSummary, showProblems, showStatus, statusBox } from '../ui.js';
import { botStyles, passageRoute, typeLabel } from './bot-common.js';

const MAX_BYTES = 4 * 1024 * 1024;
const TYPES = ['report', 'opinion', 'law', 'decision', 'faq', 'other'];
const ACCESS = ['public', 'council', 'restricted'];
const MIME = { pdf: 'application/pdf', html: 'text/html', htm: 'text/html', md: 'text/markdown', txt: 'text/plain' };

function uploadForm(ctx, reload) {
    const { t } = ctx;
    const f = {
        file: field({ name: 'file', type: 'file', label: t('bot.docs.file'), hint: t('bot.docs.file_hint'), required: true,
            attrs: { accept: '.pdf,.html,.htm,.md,.txt' } }),
        title: field({ name: 'title', label: t('bot.docs.doc_title'), hint: t('bot.docs.title_hint'), attrs: { dir: 'auto' } }),
        type: field({ name: 'type', label: t('bot.docs.type'), value: 'report', options: TYPES.map((v) => ({ value: v, label: typeLabel(v, t) })) }),
        date: field({ name: 'date', type: 'date', label: t('bot.docs.date') }),
        lang: field({ name: 'lang', label: t('bot.docs.lang'), value: '',
            options: [{ value: '', label: t('bot.docs.lang_auto') }, { value: 'ar', label: 'العربية', lang: 'ar' },
                { value: 'fr', label: 'Français', lang: 'fr' }, { value: 'en', label: 'English', lang: 'en' }] }),
        access: field({ name: 'access', label: t('bot.docs.access'), value: 'public', options: ACCESS.map((v) => ({ value: v, label: t(`bot.access.${v}`) })) }),
        source: field({ name: 'source', label: t('bot.docs.source'), hint: t('bot.docs.source_hint'), attrs: { dir: 'ltr' } }),
    };
    const all = Object.values(f);
    const summary = problemSummary();
    const status = statusBox();
    const submit = h('button', { type: 'submit', class: 'button button-primary' }, t('bot.docs.upload'));
    const form = h('form', { class: 'form', novalidate: true }, summary, all, submit);
    form.addEventListener('submit', async (e) => {
        e.preventDefault();
        showStatus(status, null);
        const file = f.file.input.files && f.file.input.files[0];
        if (!file) { showProblems(summary, all, [{ field: f.file, message: t('bot.docs.error.file') }]); return; }
        if (file.size > MAX_BYTES) { showProblems(summary, all, [{ field: f.file, message: t('bot.docs.error.large') }]); return; }
        showProblems(summary, all, []);
        const ext = (file.name.split('.').pop() || '').toLowerCase();
        const params = { title: f.title.input.value.trim(), type: f.type.input.value, date: f.date.input.value,
            lang: f.lang.input.value, access: f.access.input.value, source: f.source.input.value.trim(), filename: file.name };
        submit.disabled = true;
        try {
            const headers = { Accept: 'application/json', 'Content-Type': MIME[ext] || file.type || 'application/octet-stream' };
            const token = csrfToken();
            if (token) headers['X-CSRF-Token'] = token;
            const res = await fetch(`/api/bot/documents${query(params)}`, { method: 'POST', headers, body: await file.arrayBuffer(), credentials: 'same-origin' });
            const data = await res.json().catch(() => null);
            if (!res.ok) {
                const err = (data && data.error) || {};
                const target = (err.field && f[err.field]) || f.file;
                showProblems(summary, all, [{ field: target, message: err.message || errorText({ code: err.code }) }]);
                return;
            }
            form.reset();
            showStatus(status, t(`bot.docs.done.${data.status}`, { title: data.document.title, n: data.passages }));
            reload();
        } catch (err) {
            showProblems(summary, all, [{ field: f.file, message: errorText(err) }]);
        } finally {
            submit.disabled = false;
        }
    });
    return h('section', { class: 'section card', 'aria-labelledby': 'bot-upload' },
        h('h2', { class: 'section-title', id: 'bot-upload' }, t('bot.docs.upload_title')), status, form);
}

export default {
    route: '#/bot/documents',
    roles: ['council_secretariat', 'admin'],
    title: 'bot.docs.title',
    nav: 'nav.bot_docs',
    async render(root, ctx) {
        const { t } = ctx;
        botStyles();
        const list = h('div', null, loading());
        const load = async () => {
            try {
                const { documents } = await ctx.api.get('/api/bot/documents');
                replace(list, documents.length === 0 ? h('p', { class: 'empty' }, t('bot.admin.none'))
                    : h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
                        h('thead', null, h('tr', null, ['doc_title', 'type', 'lang', 'access', 'date', 'passages', 'actions'].map((k) => h('th', { scope: 'col' }, t(`bot.docs.col.${k}`))))),
                        h('tbody', null, documents.map((d) => h('tr', null,
                            h('td', null, h('a', { href: passageRoute(d.id, 0) }, h('bdi', null, d.title))),
                            h('td', null, typeLabel(d.type, t)), h('td', null, d.lang), h('td', null, t(`bot.access.${d.access}`)),
                            h('td', null, d.date), h('td', null, ctx.num(d.passages)),
                            h('td', { class: 'cell-actions' }, h('button', { type: 'button', class: 'button button-secondary button-small',
                                'aria-label': t('bot.docs.delete_named', { title: d.title }),
                                onclick: async (e) => {
                                    if (!window.confirm(t('bot.docs.confirm', { title: d.title }))) return;
                                    e.target.disabled = true;
                                    try { await ctx.api.del(`/api/bot/documents/${d.id}`); load(); } catch (err) { e.target.disabled = false; window.alert(errorText(err)); }
                                } }, t('bot.docs.delete')))))))));
            } catch (err) {
                replace(list, h('p', { class: 'alert alert-error' }, errorText(err)));
            }
        };
        replace(root, pageTitle(t('bot.docs.title'), t('bot.docs.lead')), uploadForm(ctx, load),
            h('section', { class: 'section' }, h('h2', { class: 'section-title' }, t('bot.docs.list')), list),
            h('p', null, h('a', { href: '#/bot/admin' }, t('bot.admin.title'))));
        await load();
    },
};
