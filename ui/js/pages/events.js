// events.js — workshops, lectures and conferences (#/events): the list of announced events with
// seats left, and for organisers a form to announce one (POST /api/events). Each event opens
// #/events/:id (events-detail.js). Dates are shown in the user's language with Intl.

import { h, replace } from '../dom.js';
import { errorText, field, loading, pageTitle, problemSummary, showProblems, showStatus, statusBox } from '../ui.js';

export const ORGANISERS = ['admin', 'council_secretariat', 'school_admin'];

/** A Unix time as a date and time in the page's language. */
export function when(ctx, secs) {
    return new Intl.DateTimeFormat(ctx.lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(secs * 1000));
}

/** datetime-local value → Unix seconds (NaN when empty). */
export function secondsOf(value) {
    return Math.floor(new Date(value).getTime() / 1000);
}

function createForm(ctx, onCreated) {
    const { t } = ctx;
    const f = {
        kind: field({ name: 'kind', label: t('events.field.kind'), value: 'workshop',
            options: ['workshop', 'lecture', 'conference'].map((k) => ({ value: k, label: t(`events.kind.${k}`) })) }),
        title: field({ name: 'title', label: t('events.field.title'), required: true, attrs: { dir: 'auto' } }),
        location: field({ name: 'location', label: t('events.field.location'), attrs: { dir: 'auto' } }),
        starts_at: field({ name: 'starts_at', type: 'datetime-local', label: t('events.field.starts_at'), required: true }),
        ends_at: field({ name: 'ends_at', type: 'datetime-local', label: t('events.field.ends_at'), required: true }),
        capacity: field({ name: 'capacity', type: 'number', label: t('events.field.capacity'), value: '30', required: true,
            attrs: { min: '1', inputmode: 'numeric' } }),
        description: field({ name: 'description', label: t('events.field.description'), rows: 3, attrs: { dir: 'auto' } }),
    };
    const approval = h('input', { type: 'checkbox', id: 'ev-approval', name: 'needs_approval' });
    const cfp = h('input', { type: 'checkbox', id: 'ev-cfp', name: 'cfp' });
    const all = Object.values(f);
    const summary = problemSummary();
    const status = statusBox();
    const submit = h('button', { type: 'submit', class: 'button button-primary' }, t('events.create.submit'));
    const form = h('form', { class: 'form', novalidate: true }, summary, all,
        h('div', { class: 'field' }, approval, ' ', h('label', { for: 'ev-approval' }, t('events.field.needs_approval'))),
        h('div', { class: 'field' }, cfp, ' ', h('label', { for: 'ev-cfp' }, t('events.field.cfp'))), submit);
    form.addEventListener('submit', async (e) => {
        e.preventDefault();
        const start = secondsOf(f.starts_at.input.value), end = secondsOf(f.ends_at.input.value);
        const problems = [];
        if (!f.title.input.value.trim()) problems.push({ field: f.title, message: t('events.error.title') });
        if (Number.isNaN(start)) problems.push({ field: f.starts_at, message: t('events.error.dates') });
        else if (Number.isNaN(end) || end <= start) problems.push({ field: f.ends_at, message: t('events.error.dates') });
        const capacity = Number.parseInt(f.capacity.input.value, 10);
        if (!(capacity >= 1)) problems.push({ field: f.capacity, message: t('events.error.capacity') });
        showProblems(summary, all, problems);
        if (problems.length) return;
        const body = { kind: f.kind.input.value, title: f.title.input.value.trim(), location: f.location.input.value.trim(),
            description: f.description.input.value, starts_at: start, ends_at: end, capacity,
            needs_approval: approval.checked };
        if (cfp.checked) body.cfp_deadline = start - 86400;
        submit.disabled = true;
        try {
            const ev = await ctx.api.post('/api/events', body);
            showStatus(status, t('events.create.done'));
            onCreated(ev);
        } catch (err) {
            if (err.status !== 401) showProblems(summary, all, [{ field: (err.field && f[err.field]) || f.title, message: errorText(err) }]);
        } finally {
            submit.disabled = false;
        }
    });
    return h('details', { class: 'disclosure' }, h('summary', { class: 'disclosure-summary' }, t('events.create.title')),
        h('div', { class: 'disclosure-body' }, status, form));
}

function table(ctx, events) {
    const { t } = ctx;
    if (events.length === 0) return h('p', { class: 'empty' }, t('events.none'));
    return h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
        h('thead', null, h('tr', null, ['title', 'kind', 'when', 'seats', 'mine'].map((k) =>
            h('th', { scope: 'col' }, t(`events.col.${k}`))))),
        h('tbody', null, events.map((ev) => h('tr', null,
            h('th', { scope: 'row' }, h('a', { href: `#/events/${ev.id}` }, h('bdi', null, ev.title))),
            h('td', null, t(`events.kind.${ev.kind}`)),
            h('td', null, when(ctx, ev.starts_at)),
            h('td', { class: 'num' }, `${ctx.num(ev.confirmed)} / ${ctx.num(ev.capacity)}`),
            h('td', null, ev.my_registration ? t(`events.status.${ev.my_registration.status}`) : ''))))));
}

export default {
    route: '#/events',
    roles: ['learner', 'teacher', 'school_admin', 'council_member', 'council_secretariat', 'admin'],
    title: 'events.title',
    nav: 'events.nav',
    async render(root, ctx) {
        const { t } = ctx;
        const list = h('section', { class: 'section' }, loading());
        const load = async () => {
            try {
                const res = await ctx.api.get('/api/events');
                replace(list, table(ctx, res.events));
            } catch (err) {
                replace(list, h('p', { class: 'alert alert-error' }, errorText(err)));
            }
        };
        replace(root, pageTitle(t('events.title'), t('events.lead')),
            ORGANISERS.includes(ctx.user.role) ? createForm(ctx, (ev) => ctx.navigate(`#/events/${ev.id}`)) : null,
            list);
        await load();
    },
};
