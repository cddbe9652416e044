// majlis.js — the council's home (#/majlis): the bodies the user sits on (all of them for the
// secretariat) with their role, the sessions of those bodies, and — for whoever manages a body —
// a form that creates a session with its agenda (one item per line). Everything comes from
// GET /api/majlis/bodies and /api/majlis/sessions; the server decides what each user may see.

import { h, replace } from '../dom.js';
import { field, loading, pageTitle } from '../ui.js';
import { badge, formValues, messageBox, nameOf, table, when } from './majlis-common.js';

const COUNCIL = ['council_member', 'council_secretariat', 'admin'];

function sessionForm(ctx, bodies) {
    const { t } = ctx;
    const managed = bodies.filter((b) => ctx.user.role !== 'council_member' || ['president', 'secretariat'].includes(b.my_role));
    if (managed.length === 0) return null;
    const box = messageBox();
    const tomorrow = new Date(Date.now() + 86400000);
    tomorrow.setMinutes(0, 0, 0);
    const local = new Date(tomorrow.getTime() - tomorrow.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
    const form = h('form', { class: 'form', id: 'majlis-new-session', novalidate: true },
        field({ name: 'body_id', label: t('majlis.field.body'), options: managed.map((b) => ({ value: b.id, label: nameOf(b, ctx.lang) })) }),
        field({ name: 'kind', label: t('majlis.field.session_kind'), options: ['ordinary', 'extraordinary'].map((k) => ({ value: k, label: t(`majlis.kind.${k}`) })) }),
        field({ name: 'title', label: t('majlis.field.title'), required: true }),
        field({ name: 'starts_at', type: 'datetime-local', label: t('majlis.field.starts_at'), value: local }),
        field({ name: 'place', label: t('majlis.field.place') }),
        field({ name: 'agenda', label: t('majlis.field.agenda'), hint: t('majlis.hint.agenda'), rows: 5, attrs: { dir: 'auto' } }),
        box,
        h('button', { type: 'submit', class: 'button button-primary' }, t('majlis.session.create')));
    form.addEventListener('submit', async (e) => {
        e.preventDefault();
        const v = formValues(form);
        if (!v.title) { box.show(t('majlis.error.title_required')); return; }
        const agenda = v.agenda.split('\n').map((s) => s.trim()).filter(Boolean).map((title) => ({ title }));
        try {
            const res = await ctx.api.post('/api/majlis/sessions', {
                body_id: Number(v.body_id), kind: v.kind, title: v.title, place: v.place, agenda,
                starts_at: Math.floor(new Date(v.starts_at).getTime() / 1000),
            });
            ctx.navigate(`#/majlis/sessions/${res.id}`);
        } catch (err) {
            if (err.status !== 401) box.show(err.code === 'invalid' ? err.message : err);
        }
    });
    return h('details', { class: 'disclosure' }, h('summary', { class: 'disclosure-summary' }, t('majlis.session.new')),
        h('div', { class: 'disclosure-body' }, form));
}

export default {
    route: '#/majlis',
    roles: COUNCIL,
    title: 'majlis.title',
    nav: 'nav.majlis',
    async render(root, ctx) {
        const { t, lang } = ctx;
        const main = h('div', null, loading());
        root.append(pageTitle(t('majlis.title'), t('majlis.lead')),
            h('p', null, h('a', { href: '#/majlis/decisions', class: 'button button-secondary' }, t('majlis.decisions.title'))), main);
        const [{ bodies }, { sessions }] = await Promise.all([ctx.api.get('/api/majlis/bodies'), ctx.api.get('/api/majlis/sessions')]);
        const bodyRows = bodies.map((b) => h('tr', null,
            h('th', { scope: 'row' }, nameOf(b, lang)),
            h('td', null, t(`majlis.body.${b.kind}`)),
            h('td', null, b.my_role ? t(`majlis.role.${b.my_role}`) : '—'),
            h('td', { class: 'num' }, String(b.members)),
            h('td', null, `${b.quorum_num}/${b.quorum_den} · ${t(`majlis.majority.${b.majority}`)}`)));
        const sessionRows = sessions.map((s) => h('tr', null,
            h('th', { scope: 'row' }, h('a', { href: `#/majlis/sessions/${s.id}` }, s.title)),
            h('td', null, nameOf(s, lang, 'body_name')),
            h('td', null, t(`majlis.kind.${s.kind}`)),
            h('td', null, when(s.starts_at, lang)),
            h('td', null, badge(t, s.status))));
        replace(main,
            h('section', { class: 'section', 'aria-labelledby': 'majlis-bodies' },
                h('h2', { id: 'majlis-bodies', class: 'section-title' }, t('majlis.bodies.title')),
                bodies.length ? table(t, t('majlis.bodies.title'), ['majlis.col.body', 'majlis.col.kind', 'majlis.col.my_role',
                    'majlis.col.members', 'majlis.col.rules'], bodyRows) : h('p', { class: 'empty' }, t('majlis.bodies.none'))),
            h('section', { class: 'section', 'aria-labelledby': 'majlis-sessions' },
                h('h2', { id: 'majlis-sessions', class: 'section-title' }, t('majlis.sessions.title')),
                sessionForm(ctx, bodies),
                sessions.length ? table(t, t('majlis.sessions.title'), ['majlis.col.title', 'majlis.col.body', 'majlis.col.kind',
                    'majlis.col.date', 'majlis.col.status'], sessionRows) : h('p', { class: 'empty' }, t('majlis.sessions.none'))));
    },
};
