// majlis-document.js — one document (#/majlis/documents/:id): its versions (the latest shown,
// every one with its SHA-256), private annotations (only the author sees them), comments for the
// deliberation, and amendments with their before/after text, which managers adopt or reject.

import { h, replace } from '../dom.js';
import { field, loading, pageTitle } from '../ui.js';
import { actionButton, badge, formValues, messageBox, table, when } from './majlis-common.js';

function noteForm(ctx, id, path, label, reload, box) {
    const form = h('form', { class: 'form form-inline', id, novalidate: true },
        field({ name: 'text', label, rows: 2, attrs: { dir: 'auto' } }),
        h('button', { type: 'submit', class: 'button button-small' }, ctx.t('majlis.doc.send')));
    form.addEventListener('submit', async (e) => {
        e.preventDefault();
        try {
            await ctx.api.post(path, formValues(form));
            await reload();
        } catch (err) { if (err.status !== 401) box.show(err.code === 'invalid' ? err.message : err); }
    });
    return form;
}

export default {
    route: '#/majlis/documents/:id',
    roles: ['council_member', 'council_secretariat', 'admin'],
    title: 'majlis.documents.title',
    async render(root, ctx) {
        const { t, lang } = ctx;
        const main = h('div', null, loading());
        const box = messageBox();
        root.append(main);
        const id = encodeURIComponent(ctx.params.id);
        const reload = async () => {
            const { document: d } = await ctx.api.get(`/api/majlis/documents/${id}`);
            const latest = d.versions[d.versions.length - 1];
            const amend = h('form', { class: 'form', id: 'majlis-amend', novalidate: true },
                field({ name: 'before', label: t('majlis.amend.before'), rows: 2, attrs: { dir: 'auto' } }),
                field({ name: 'after', label: t('majlis.amend.after'), rows: 2, attrs: { dir: 'auto' } }),
                field({ name: 'reason', label: t('majlis.field.reason') }),
                h('button', { type: 'submit', class: 'button button-small' }, t('majlis.amend.propose')));
            amend.addEventListener('submit', async (e) => {
                e.preventDefault();
                try {
                    await ctx.api.post(`/api/majlis/documents/${id}/amendments`, formValues(amend));
                    await reload();
                } catch (err) { if (err.status !== 401) box.show(err.code === 'invalid' ? err.message : err); }
            });
            replace(main,
                pageTitle(d.title, `${d.body_name} · ${t(`majlis.doc.${d.kind}`)} · ${t(`majlis.access.${d.access}`)}`),
                h('p', null, d.session_id ? h('a', { href: `#/majlis/sessions/${d.session_id}` }, t('majlis.back_session')) : null, ' ', badge(t, d.status)),
                box,
                h('section', { class: 'section' }, h('h2', { class: 'section-title' }, t('majlis.doc.version', { n: latest.version })),
                    h('pre', { class: 'minutes-text', dir: 'auto', id: 'majlis-doc-text' }, latest.text)),
                h('section', { class: 'section' }, h('h2', { class: 'section-title' }, t('majlis.doc.versions')),
                    table(t, t('majlis.doc.versions'), ['majlis.col.version', 'majlis.col.name', 'majlis.col.date', 'majlis.col.note', 'majlis.col.sha256'],
                        d.versions.map((v) => h('tr', null, h('td', { class: 'num' }, String(v.version)), h('td', null, v.author),
                            h('td', null, when(v.at, lang)), h('td', null, v.note), h('td', { class: 'cell-code' }, h('bdi', null, v.sha256.slice(0, 16))))))),
                h('section', { class: 'section' }, h('h2', { class: 'section-title' }, t('majlis.amend.title')),
                    d.amendments.length ? table(t, t('majlis.amend.title'), ['majlis.amend.before', 'majlis.amend.after', 'majlis.col.name', 'majlis.col.status', 'majlis.col.actions'],
                        d.amendments.map((a) => h('tr', null, h('td', { dir: 'auto' }, h('del', null, a.before_text)), h('td', { dir: 'auto' }, h('ins', null, a.after_text)),
                            h('td', null, a.author), h('td', null, badge(t, a.status)),
                            h('td', null, d.can_manage && a.status === 'proposed' ? [
                                actionButton(t('majlis.amend.adopt'), {}, () => ctx.api.post(`/api/majlis/amendments/${a.id}/decide`, { adopt: true }), box, reload),
                                actionButton(t('majlis.amend.reject'), {}, () => ctx.api.post(`/api/majlis/amendments/${a.id}/decide`, { adopt: false }), box, reload)] : null)))) : null,
                    amend),
                h('section', { class: 'section' }, h('h2', { class: 'section-title' }, t('majlis.comments.title')),
                    h('ul', { id: 'majlis-comments' }, d.comments.map((c) => h('li', null, h('strong', null, c.author), ' — ', h('span', { dir: 'auto' }, c.text)))),
                    noteForm(ctx, 'majlis-comment', `/api/majlis/documents/${id}/comments`, t('majlis.comments.new'), reload, box)),
                h('section', { class: 'section' }, h('h2', { class: 'section-title' }, t('majlis.annotations.title')),
                    h('p', { class: 'hint' }, t('majlis.annotations.private')),
                    h('ul', null, d.annotations.map((a) => h('li', { dir: 'auto' }, a.text))),
                    noteForm(ctx, 'majlis-annotate', `/api/majlis/documents/${id}/annotations`, t('majlis.annotations.new'), reload, box)));
        };
        await reload();
    },
};
