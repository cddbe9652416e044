// teach.js — the teacher's classes (#/teach): each class with its learners' count and a door to
// its dashboard (#/classes/{id}). GET /api/classes already answers only the caller's classes
// (a teacher's own, a school admin's school, every class for an admin).

import { h } from '../dom.js';
import { errorText, loading, pageTitle } from '../ui.js';
import { teachStyles } from './teach-common.js';

export default {
    route: '#/teach',
    roles: ['teacher', 'school_admin', 'admin'],
    title: 'teach.title',
    nav: 'teach.nav',
    async render(root, ctx) {
        const { t } = ctx;
        teachStyles();
        const body = loading();
        root.append(pageTitle(t('teach.title'), t('teach.lead')), body);
        try {
            const data = await ctx.api.get('/api/classes');
            const list = (data && data.classes) || [];
            if (list.length === 0) {
                body.replaceWith(h('p', { class: 'empty' }, t('teach.none')));
                return;
            }
            body.replaceWith(h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
                h('caption', { class: 'visually-hidden' }, t('teach.title')),
                h('thead', null, h('tr', null,
                    h('th', { scope: 'col' }, t('teach.col.class')),
                    h('th', { scope: 'col' }, t('teach.col.grade')),
                    h('th', { scope: 'col' }, t('teach.col.year')),
                    h('th', { scope: 'col', class: 'num' }, t('teach.col.learners')),
                    h('th', { scope: 'col' }, t('teach.col.open')))),
                h('tbody', null, list.map((c) => h('tr', null,
                    h('th', { scope: 'row' }, h('a', { href: `#/classes/${encodeURIComponent(c.id)}` }, c.name)),
                    h('td', null, c.grade ?? ''),
                    h('td', null, c.school_year || ''),
                    h('td', { class: 'num' }, ctx.num(c.learners ?? 0)),
                    h('td', null, h('a', { href: `#/classes/${encodeURIComponent(c.id)}`, class: 'button button-small' },
                        t('teach.open_dashboard'), h('span', { class: 'visually-hidden' }, ` — ${c.name}`)))))))));
        } catch (err) {
            if (err.status === 401) return;
            body.replaceWith(h('p', { class: 'alert alert-error', role: 'alert' }, errorText(err)));
        }
    },
};
