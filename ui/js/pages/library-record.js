// library-record.js — one record (#/library/:id): its Dublin Core metadata, identifiers (this
// version's and the record's), files with their size and SHA-256, its versions; for the depositor
// the submit / new-version actions, and for editors the review (start, comment, publish, reject
// with a reason) and its log.

import { h, replace } from '../dom.js';
import { PUBLIC } from '../router.js';
import { errorText, field, loading, pageTitle, showStatus, statusBox } from '../ui.js';
import { EDITORS } from './library.js';

function metadata(ctx, v) {
    const { t } = ctx;
    const row = (k, val) => [h('dt', null, t(`library.field.${k}`)), h('dd', null, val)];
    return h('dl', { class: 'facts' },
        row('creators', v.creators.map((c) => h('div', null, h('bdi', null, c.name), c.affiliation ? [' — ', h('bdi', null, c.affiliation)] : null))),
        row('date', h('bdi', { dir: 'ltr' }, v.date)), row('language', t(`library.lang.${v.language}`)), row('type', t(`library.type.${v.type}`)),
        row('subjects', h('bdi', null, v.subjects.join(', '))), row('rights', v.rights),
        row('access', t(`library.access.${v.access}`)),
        row('identifier', `${v.identifier} · ${v.latest_identifier}`),
        row('status', h('span', { id: 'library-status', dataset: { status: v.status } }, t(`library.status.${v.status}`))));
}

function files(ctx, v) {
    const { t } = ctx;
    if (v.files.length === 0) return null;
    return h('ul', null, v.files.map((f) => h('li', null,
        f.url ? h('a', { href: f.url }, h('bdi', null, f.name)) : h('bdi', null, f.name),
        ` (${ctx.num(f.size)} o) `, h('code', { class: 'hint', title: 'SHA-256' }, f.sha256.slice(0, 16)), '…',
        v.embargoed && !f.url ? ` — ${t('library.embargoed')}` : '')));
}

function actions(ctx, v, reload) {
    const { t } = ctx;
    const status = statusBox();
    const box = h('div', { class: 'card' }, status);
    const act = (fn) => async () => {
        try { await fn(); await reload(); } catch (err) { showStatus(status, errorText(err)); }
    };
    const owner = ctx.user && ctx.user.id === v.owner_id;
    if (owner && (v.status === 'draft' || v.status === 'rejected')) {
        box.append(h('button', { type: 'button', class: 'button button-primary', id: 'library-submit',
            onclick: act(() => ctx.api.post(`/api/library/versions/${v.id}/submit`)) }, t('library.submit')));
    }
    if (owner && v.status === 'published') {
        box.append(h('button', { type: 'button', class: 'button button-secondary',
            onclick: act(() => ctx.api.post(`/api/library/records/${v.record_id}/versions`)) }, t('library.new_version')));
    }
    if (ctx.user && EDITORS.includes(ctx.user.role) && (v.status === 'submitted' || v.status === 'in_review')) {
        const comment = field({ name: 'comment', label: t('library.review.comment'), rows: 2, attrs: { dir: 'auto' } });
        const review = (action) => act(() => ctx.api.post(`/api/library/versions/${v.id}/review`, { action, comment: comment.input.value.trim() }));
        box.append(comment, h('div', { class: 'button-row' },
            v.status === 'submitted' ? h('button', { type: 'button', class: 'button button-secondary', onclick: review('start') }, t('library.review.start')) : null,
            h('button', { type: 'button', class: 'button button-secondary', onclick: review('comment') }, t('library.review.comment_action')),
            h('button', { type: 'button', class: 'button button-primary', id: 'library-publish', onclick: review('publish') }, t('library.review.publish')),
            h('button', { type: 'button', class: 'button button-secondary', onclick: review('reject') }, t('library.review.reject'))));
    }
    if (v.reviews && v.reviews.length) {
        box.append(h('h3', null, t('library.review.log')), h('ul', null, v.reviews.map((r) => h('li', null,
            `${t(`library.action.${r.action}`)} — `, h('bdi', null, r.by), r.comment ? [': ', h('bdi', null, r.comment)] : null))));
    }
    return box.childNodes.length > 1 ? box : null;
}

export default {
    route: '#/library/:id',
    roles: [PUBLIC],
    title: 'library.title',
    async render(root, ctx) {
        replace(root, loading());
        const load = async () => {
            try {
                const v = await ctx.api.get(`/api/library/records/${encodeURIComponent(ctx.params.id)}`);
                replace(root, pageTitle(v.title, null),
                    h('p', null, h('a', { href: '#/library' }, ctx.t('library.back'))),
                    v.abstract ? h('p', { class: 'lead', dir: 'auto', lang: v.language }, v.abstract) : null,
                    metadata(ctx, v), files(ctx, v), actions(ctx, v, load),
                    v.versions.length > 1 ? h('p', { class: 'hint' }, ctx.t('library.versions', { count: v.versions.length })) : null);
            } catch (err) {
                replace(root, pageTitle(ctx.t('library.title')), h('p', { class: 'alert alert-error' }, errorText(err)));
            }
        };
        await load();
    },
};
