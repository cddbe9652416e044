// events-detail.js — one event (#/events/:id): what, when, where and seats; the visitor's own
// registration (register, cancel, the QR code to show at the door, the certificate once
// attendance is recorded); the published timetable; a contribution form while the call is open.
// Organisers also get the registration list (approve, reject, attended / absent / excused), the
// draft timetable with its clash warnings and a publish button, and the submissions with their
// review scores and the selection buttons.

import { h, replace } from '../dom.js';
import { errorText, field, loading, pageTitle, problemSummary, showProblems, showStatus, statusBox } from '../ui.js';
import { secondsOf, when } from './events.js';

function facts(ctx, ev) {
    const { t } = ctx;
    const row = (k, v) => [h('dt', null, t(`events.fact.${k}`)), h('dd', null, v)];
    return h('dl', { class: 'facts' },
        row('kind', t(`events.kind.${ev.kind}`)),
        ev.series ? row('series', h('bdi', null, ev.series)) : null,
        row('when', `${when(ctx, ev.starts_at)} – ${when(ctx, ev.ends_at)}`),
        row('where', h('bdi', null, ev.location || '—')),
        row('seats', t('events.seats', { confirmed: ev.confirmed, capacity: ev.capacity, waiting: ev.waitlisted })));
}

function myRegistration(ctx, ev, reload) {
    const { t } = ctx;
    const status = statusBox();
    const box = h('section', { class: 'card', id: 'my-registration', 'aria-labelledby': 'ev-mine' },
        h('h2', { id: 'ev-mine', class: 'section-title' }, t('events.mine.title')), status);
    const act = async (fn) => {
        try {
            await fn();
            await reload();
        } catch (err) {
            if (err.status !== 401) showStatus(status, errorText(err));
        }
    };
    const reg = ev.my_registration;
    if (!reg || reg.status === 'cancelled') {
        box.append(h('button', { type: 'button', class: 'button button-primary', id: 'ev-register',
            onclick: () => act(() => ctx.api.post(`/api/events/${ev.id}/register`)) }, t('events.register')));
        return box;
    }
    box.append(h('p', { class: 'lead', id: 'ev-my-status', dataset: { status: reg.status } },
        t(`events.status.${reg.status}`)));
    if (reg.status === 'waitlisted') box.append(h('p', null, t('events.waitlisted_help')));
    if (reg.status === 'confirmed') {
        box.append(h('figure', null,
            h('img', { src: reg.qr, alt: t('events.qr_alt'), width: 200, height: 200, id: 'ev-qr',
                dataset: { checkin: reg.checkin_url } }),
            h('figcaption', { class: 'hint' }, t('events.qr_help'))));
    }
    if (reg.attendance) box.append(h('p', null, t(`events.attendance.${reg.attendance}`)));
    const cert = h('p', { id: 'ev-certificate' });
    if (reg.certificate) {
        replace(cert, h('a', { href: `#/verify/${reg.certificate}` }, t('events.certificate.code', { code: reg.certificate })));
    }
    box.append(cert);
    if (reg.attendance === 'attended' && !reg.certificate) {
        box.append(h('button', { type: 'button', class: 'button button-primary', id: 'ev-get-certificate',
            onclick: () => act(() => ctx.api.post(`/api/events/registrations/${reg.id}/certificate`)) },
        t('events.certificate.get')));
    }
    if (!reg.attendance && reg.status !== 'rejected') {
        box.append(h('button', { type: 'button', class: 'button button-secondary',
            onclick: () => act(() => ctx.api.post(`/api/events/registrations/${reg.id}/cancel`)) }, t('events.cancel')));
    }
    return box;
}

function registrations(ctx, ev, reload) {
    const { t } = ctx;
    const sec = h('section', { class: 'section', 'aria-labelledby': 'ev-regs' },
        h('h2', { id: 'ev-regs', class: 'section-title' }, t('events.registrations.title')), loading());
    const act = (fn) => async () => {
        try { await fn(); await reload(); } catch (err) { if (err.status !== 401) sec.append(h('p', { class: 'alert alert-error' }, errorText(err))); }
    };
    ctx.api.get(`/api/events/${ev.id}/registrations`).then((res) => {
        const rows = res.registrations.map((g) => h('tr', { dataset: { id: g.id } },
            h('th', { scope: 'row' }, h('bdi', null, g.name)),
            h('td', null, t(`events.status.${g.status}`)),
            h('td', null, g.attendance ? t(`events.attendance.${g.attendance}`) : '—'),
            h('td', { class: 'cell-actions' },
                g.status === 'pending' ? [
                    h('button', { type: 'button', class: 'button button-small', onclick: act(() => ctx.api.post(`/api/events/registrations/${g.id}/approve`)) }, t('events.approve')),
                    h('button', { type: 'button', class: 'button button-small button-secondary', onclick: act(() => ctx.api.post(`/api/events/registrations/${g.id}/reject`)) }, t('events.reject')),
                ] : null,
                g.status === 'confirmed' ? ['attended', 'absent', 'excused'].map((a) => h('button', {
                    type: 'button', class: 'button button-small button-secondary',
                    onclick: act(() => ctx.api.put(`/api/events/registrations/${g.id}/attendance`, { attendance: a })),
                }, t(`events.mark.${a}`))) : null)));
        replace(sec, h('h2', { id: 'ev-regs', class: 'section-title' }, t('events.registrations.title')),
            rows.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
                h('thead', null, h('tr', null, ['name', 'status', 'attendance', 'actions'].map((k) => h('th', { scope: 'col' }, t(`events.col.${k}`))))),
                h('tbody', null, rows))) : h('p', { class: 'empty' }, t('events.registrations.none')));
    }).catch((err) => replace(sec, h('p', { class: 'alert alert-error' }, errorText(err))));
    return sec;
}

function sessionRows(ctx, sessions, clashes) {
    const { t } = ctx;
    const clashing = new Set();
    for (const c of clashes || []) { clashing.add(c.a); clashing.add(c.b); }
    return h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
        h('thead', null, h('tr', null, ['session', 'room', 'speaker', 'when'].map((k) => h('th', { scope: 'col' }, t(`events.col.${k}`))))),
        h('tbody', null, sessions.map((s) => h('tr', { class: clashing.has(s.id) ? 'heat-1' : null },
            h('th', { scope: 'row' }, h('bdi', null, s.title), clashing.has(s.id) ? ` ⚠ ${t('events.clash')}` : ''),
            h('td', null, h('bdi', null, s.room)), h('td', null, h('bdi', null, s.speaker)),
            h('td', null, when(ctx, s.starts_at)))))));
}

function timetable(ctx, ev, manage) {
    const { t } = ctx;
    const sec = h('section', { class: 'section', 'aria-labelledby': 'ev-tt' },
        h('h2', { id: 'ev-tt', class: 'section-title' }, t('events.timetable.title')), loading());
    const status = statusBox();
    const show = async () => {
        const tt = await ctx.api.get(`/api/events/${ev.id}/timetable`);
        const latest = tt.versions[0];
        const parts = [h('h2', { id: 'ev-tt', class: 'section-title' }, t('events.timetable.title')), status];
        parts.push(latest ? [h('p', { class: 'hint' }, t('events.timetable.version', { version: latest.version })),
            sessionRows(ctx, latest.sessions, []),
            h('details', { class: 'disclosure' }, h('summary', { class: 'disclosure-summary' }, t('events.timetable.changes')),
                h('ul', { class: 'disclosure-body' }, tt.versions.map((v) => h('li', null,
                    `v${v.version}: ${v.changes.join(' · ')}${v.note ? ` — ${v.note}` : ''}`))))]
            : h('p', { class: 'empty' }, t('events.timetable.none')));
        if (manage) {
            const f = {
                title: field({ name: 'title', label: t('events.col.session'), attrs: { dir: 'auto' } }),
                room: field({ name: 'room', label: t('events.col.room'), attrs: { dir: 'auto' } }),
                speaker: field({ name: 'speaker', label: t('events.col.speaker'), attrs: { dir: 'auto' } }),
                starts_at: field({ name: 'starts_at', type: 'datetime-local', label: t('events.field.starts_at') }),
                ends_at: field({ name: 'ends_at', type: 'datetime-local', label: t('events.field.ends_at') }),
            };
            const summary = problemSummary();
            const form = h('form', { class: 'form', novalidate: true }, summary, Object.values(f),
                h('div', { class: 'button-row' },
                    h('button', { type: 'submit', class: 'button button-secondary' }, t('events.timetable.add')),
                    h('button', { type: 'button', class: 'button button-primary', onclick: async () => {
                        try {
                            const res = await ctx.api.post(`/api/events/${ev.id}/timetable/publish`, {});
                            await show();
                            showStatus(status, t('events.timetable.published', { version: res.version }));
                        } catch (err) { showStatus(status, errorText(err)); }
                    } }, t('events.timetable.publish'))));
            form.addEventListener('submit', async (e) => {
                e.preventDefault();
                try {
                    await ctx.api.post(`/api/events/${ev.id}/sessions`, { title: f.title.input.value.trim(),
                        room: f.room.input.value.trim(), speaker: f.speaker.input.value.trim(),
                        starts_at: secondsOf(f.starts_at.input.value), ends_at: secondsOf(f.ends_at.input.value) });
                    await show();
                } catch (err) {
                    showProblems(summary, Object.values(f), [{ field: (err.field && f[err.field]) || f.title, message: errorText(err) }]);
                }
            });
            parts.push(h('h3', null, t('events.timetable.draft')),
                tt.draft.length ? sessionRows(ctx, tt.draft, tt.clashes) : null,
                tt.clashes.length ? h('p', { class: 'alert alert-error', role: 'status' }, t('events.clashes', { count: tt.clashes.length })) : null,
                form);
        }
        replace(sec, parts);
    };
    show().catch((err) => replace(sec, h('p', { class: 'alert alert-error' }, errorText(err))));
    return sec;
}

function contributions(ctx, ev, manage) {
    const { t } = ctx;
    if (ev.cfp_deadline === null) return null;
    const sec = h('section', { class: 'section', 'aria-labelledby': 'ev-cfp' });
    const title = field({ name: 'title', label: t('events.cfp.field_title'), attrs: { dir: 'auto' } });
    const abstract = field({ name: 'abstract', label: t('events.cfp.field_abstract'), rows: 4, attrs: { dir: 'auto' } });
    const status = statusBox();
    const list = h('div');
    const show = async () => {
        const res = await ctx.api.get(`/api/events/${ev.id}/submissions`);
        replace(list, res.submissions.length ? h('ul', null, res.submissions.map((s) => h('li', null,
            h('bdi', null, s.title), ` — ${t(`events.cfp.status.${s.status}`)}`,
            s.score !== null ? ` — ${t('events.cfp.score', { score: s.score.toFixed(1) })}` : '',
            manage && s.status === 'submitted' ? ['accepted', 'rejected'].map((d) => h('button', {
                type: 'button', class: 'button button-small button-secondary',
                onclick: async () => { await ctx.api.post(`/api/events/submissions/${s.id}/decision`, { decision: d }); await show(); },
            }, t(`events.cfp.${d}`))) : null))) : h('p', { class: 'empty' }, t('events.cfp.none')));
    };
    const form = h('form', { class: 'form', novalidate: true }, title, abstract,
        h('button', { type: 'submit', class: 'button button-secondary' }, t('events.cfp.submit')));
    form.addEventListener('submit', async (e) => {
        e.preventDefault();
        try {
            await ctx.api.post(`/api/events/${ev.id}/submissions`, { title: title.input.value.trim(), abstract: abstract.input.value.trim() });
            form.reset();
            showStatus(status, t('events.cfp.sent'));
            await show();
        } catch (err) { showStatus(status, errorText(err)); }
    });
    replace(sec, h('h2', { id: 'ev-cfp', class: 'section-title' }, t('events.cfp.title')),
        h('p', { class: 'hint' }, t('events.cfp.deadline', { date: when(ctx, ev.cfp_deadline) })), status, list, form);
    show().catch(() => {});
    return sec;
}

export default {
    route: '#/events/:id',
    roles: ['learner', 'teacher', 'school_admin', 'council_member', 'council_secretariat', 'admin'],
    title: 'events.title',
    async render(root, ctx) {
        replace(root, loading());
        const load = async () => {
            try {
                const ev = await ctx.api.get(`/api/events/${encodeURIComponent(ctx.params.id)}`);
                replace(root, pageTitle(ev.title, ev.description),
                    h('p', null, h('a', { href: '#/events' }, ctx.t('events.back'))),
                    facts(ctx, ev), myRegistration(ctx, ev, load),
                    ev.can_manage ? registrations(ctx, ev, load) : null,
                    timetable(ctx, ev, ev.can_manage), contributions(ctx, ev, ev.can_manage));
            } catch (err) {
                replace(root, pageTitle(ctx.t('events.title')), h('p', { class: 'alert alert-error' }, errorText(err)));
            }
        };
        await load();
    },
};
