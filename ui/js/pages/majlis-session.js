// majlis-session.js — one session (#/majlis/sessions/:id), for its members and its managers.
//
// Sections, top to bottom as a sitting runs: status and the chair's buttons (convene, open,
// close); presence with the quorum; the agenda (locked after the convocation: a change asks for
// a reason); the list of speakers; the documents (drafts, review, the session pack to download);
// the votes (open one; cast a ballot; the tally with quorum and majority as the server computed
// them; secret votes show the receipts, and the member's own receipt — kept in this browser's
// localStorage when it was cast here — is highlighted); the minutes (draft, circulate, approve in
// a later session, then the signature and the audit head they carry). Every button reloads the
// session from the server after acting, so what is shown is what was recorded.

import { h, replace } from '../dom.js';
import { field, loading, pageTitle } from '../ui.js';
import { actionButton, badge, formValues, messageBox, nameOf, table, when } from './majlis-common.js';

const RECEIPTS = 'madrasa.majlis.receipts';
const CHOICES = ['yes', 'no', 'abstain'];

function myReceipts() {
    try { return JSON.parse(localStorage.getItem(RECEIPTS) || '{}'); } catch { return {}; }
}
function keepReceipt(voteId, receipt) {
    const all = myReceipts();
    all[voteId] = receipt;
    localStorage.setItem(RECEIPTS, JSON.stringify(all));
}

function section(id, title, ...children) {
    return h('section', { class: 'section', id, 'aria-labelledby': `${id}-title` },
        h('h2', { id: `${id}-title`, class: 'section-title' }, title), ...children);
}

function inlineForm(id, fields, submitLabel, onSubmit, box) {
    const form = h('form', { class: 'form form-inline', id, novalidate: true }, fields,
        h('button', { type: 'submit', class: 'button button-small' }, submitLabel));
    form.addEventListener('submit', async (e) => {
        e.preventDefault();
        try {
            await onSubmit(formValues(form));
        } catch (err) {
            if (err.status !== 401) box.show(err.code === 'invalid' || err.code === 'conflict' ? err.message : err);
        }
    });
    return form;
}

function chair(ctx, s, reload, box) {
    const { t } = ctx;
    if (!s.can_manage) return null;
    const step = { draft: ['convene', 'majlis.session.convene'], convened: ['open', 'majlis.session.open'], open: ['close', 'majlis.session.close'] }[s.status];
    if (!step) return null;
    return h('div', { class: 'button-row' }, actionButton(t(step[1]), { id: `majlis-${step[0]}`, class: 'button button-primary' },
        () => ctx.api.post(`/api/majlis/sessions/${s.id}/${step[0]}`), box, reload));
}

function presence(ctx, s, reload, box) {
    const { t, lang } = ctx;
    const quorum = Math.min(s.voting_members, Math.floor((s.voting_members * s.quorum_num) / s.quorum_den) + 1);
    const voting = s.present.filter((p) => ['president', 'rapporteur', 'member'].includes(p.role)).length;
    const canCheckIn = s.my_role && !s.checked_in && ['convened', 'open'].includes(s.status);
    return section('majlis-presence', t('majlis.presence.title'),
        h('p', { id: 'majlis-quorum' }, t('majlis.presence.count', { present: voting, members: s.voting_members, quorum }), ' ',
            h('strong', null, voting >= quorum ? t('majlis.quorum.met') : t('majlis.quorum.not_met'))),
        canCheckIn ? actionButton(t('majlis.presence.checkin'), { id: 'majlis-checkin', class: 'button button-primary' },
            () => ctx.api.post(`/api/majlis/sessions/${s.id}/checkin`), box, reload) : null,
        s.checked_in ? h('p', null, badge(t, 'present')) : null,
        s.present.length ? table(t, t('majlis.presence.title'), ['majlis.col.name', 'majlis.col.role', 'majlis.col.at'],
            s.present.map((p) => h('tr', null, h('th', { scope: 'row' }, nameOf(p, lang)),
                h('td', null, p.role ? t(`majlis.role.${p.role}`) : ''), h('td', null, when(p.at, lang))))) : null);
}

function agenda(ctx, s, reload, box) {
    const { t } = ctx;
    const locked = s.status !== 'draft';
    const rows = s.agenda.map((i) => h('tr', null, h('td', { class: 'num' }, String(i.pos)),
        h('th', { scope: 'row' }, i.title, i.closed_door ? [' ', h('span', { class: 'badge' }, t('majlis.agenda.closed_door'))] : null)));
    const form = s.can_manage && s.status !== 'closed' ? inlineForm('majlis-agenda-add', [
        field({ name: 'title', label: t('majlis.agenda.item') }),
        h('label', { class: 'label' }, h('input', { type: 'checkbox', name: 'closed_door' }), ' ', t('majlis.agenda.closed_door')),
        locked ? field({ name: 'reason', label: t('majlis.field.reason'), hint: t('majlis.hint.agenda_locked') }) : null,
    ], t('majlis.agenda.add'), async (v) => {
        await ctx.api.post(`/api/majlis/sessions/${s.id}/agenda`, { title: v.title, closed_door: v.closed_door, ...(locked ? { reason: v.reason } : {}) });
        await reload();
    }, box) : null;
    const changes = s.agenda_changes.length ? h('ul', { id: 'majlis-agenda-changes' }, s.agenda_changes.map((c) =>
        h('li', null, `${t(`majlis.agenda.${c.change}`)} « ${c.title} » — ${c.reason} (${c.by_name})`))) : null;
    return section('majlis-agenda', t('majlis.agenda.title'),
        locked ? h('p', { class: 'hint' }, t('majlis.agenda.locked')) : null,
        table(t, t('majlis.agenda.title'), ['majlis.col.pos', 'majlis.col.title'], rows), changes, form);
}

function speakers(ctx, s, reload, box) {
    const { t, lang } = ctx;
    if (s.status !== 'open' && s.speakers.length === 0) return null;
    const mine = s.speakers.some((x) => x.user_id === ctx.user.id && x.status !== 'done');
    const next = { waiting: 'speaking', speaking: 'done' };
    return section('majlis-speakers', t('majlis.speakers.title'),
        s.status === 'open' && s.my_role && !mine ? actionButton(t('majlis.speakers.ask'), { id: 'majlis-speak' },
            () => ctx.api.post(`/api/majlis/sessions/${s.id}/speakers`), box, reload) : null,
        s.speakers.length ? table(t, t('majlis.speakers.title'), ['majlis.col.name', 'majlis.col.status', 'majlis.col.actions'],
            s.speakers.map((x) => h('tr', null, h('th', { scope: 'row' }, nameOf(x, lang)), h('td', null, badge(t, x.status)),
                h('td', null, s.can_manage && next[x.status] ? actionButton(t(`majlis.speakers.${next[x.status]}`), {},
                    () => ctx.api.post(`/api/majlis/speakers/${x.id}`, { status: next[x.status] }), box, reload) : null)))) : null);
}

function documents(ctx, s, reload, box) {
    const { t } = ctx;
    const rows = s.documents.map((d) => h('tr', null,
        h('th', { scope: 'row' }, h('a', { href: `#/majlis/documents/${d.id}` }, d.title)),
        h('td', null, t(`majlis.doc.${d.kind}`)), h('td', null, t(`majlis.access.${d.access}`)),
        h('td', null, badge(t, d.status)), h('td', { class: 'num' }, String(d.version)),
        h('td', null, s.can_manage && d.status === 'draft' ? actionButton(t('majlis.doc.submit'), {},
            () => ctx.api.post(`/api/majlis/documents/${d.id}/submit`), box, reload) : null,
        s.can_manage && d.status === 'review' ? actionButton(t('majlis.doc.approve'), { dataset: { approve: d.id } },
            () => ctx.api.post(`/api/majlis/documents/${d.id}/review`, { approve: true }), box, reload) : null)));
    const form = s.my_role !== 'observer' && s.status !== 'closed' ? inlineForm('majlis-doc-add', [
        field({ name: 'title', label: t('majlis.field.title') }),
        field({ name: 'kind', label: t('majlis.field.doc_kind'), options: ['report', 'opinion', 'budget', 'minutes', 'other'].map((k) => ({ value: k, label: t(`majlis.doc.${k}`) })) }),
        field({ name: 'access', label: t('majlis.field.access'), value: 'council', options: ['public', 'council', 'body', 'restricted'].map((k) => ({ value: k, label: t(`majlis.access.${k}`) })) }),
        field({ name: 'text', label: t('majlis.field.text'), rows: 4, attrs: { dir: 'auto' } }),
    ], t('majlis.doc.add'), async (v) => {
        await ctx.api.post('/api/majlis/documents', { body_id: s.body_id, session_id: s.id, title: v.title, kind: v.kind, access: v.access, text: v.text });
        await reload();
    }, box) : null;
    return section('majlis-documents', t('majlis.documents.title'),
        h('p', null, h('a', { href: `/api/majlis/sessions/${s.id}/pack`, download: `session-${s.id}-pack.json`, id: 'majlis-pack' }, t('majlis.documents.pack'))),
        s.documents.length ? table(t, t('majlis.documents.title'), ['majlis.col.title', 'majlis.col.kind', 'majlis.col.access',
            'majlis.col.status', 'majlis.col.version', 'majlis.col.actions'], rows) : h('p', { class: 'empty' }, t('majlis.documents.none')),
        form ? h('details', { class: 'disclosure' }, h('summary', { class: 'disclosure-summary' }, t('majlis.doc.new')),
            h('div', { class: 'disclosure-body' }, form)) : null);
}

function tally(ctx, v) {
    const { t } = ctx;
    if (v.status === 'open') {
        const done = v.roll.filter((r) => r.has_voted).length;
        return h('p', null, t('majlis.vote.progress', { voted: done, roll: v.roll.length }));
    }
    return h('div', null, table(t, t('majlis.vote.result'), ['majlis.choice.yes', 'majlis.choice.no', 'majlis.choice.abstain',
        'majlis.col.present', 'majlis.col.quorum', 'majlis.col.result'], [h('tr', { class: 'vote-result' },
        h('td', { class: 'num' }, String(v.n_yes)), h('td', { class: 'num' }, String(v.n_no)), h('td', { class: 'num' }, String(v.n_abstain)),
        h('td', { class: 'num' }, `${v.present}/${v.eligible}`),
        h('td', null, `${v.quorum} — ${v.quorum_met ? t('majlis.quorum.met') : t('majlis.quorum.not_met')}`),
        h('td', null, h('strong', { dataset: { adopted: String(v.adopted) } }, v.adopted ? t('majlis.vote.adopted') : t('majlis.vote.rejected'))))]),
    v.kind === 'manual' ? h('p', null, h('span', { class: 'badge' }, t('majlis.vote.manual_flag')), ' ', v.manual_note || '') : null,
    v.annul_reason ? h('p', { class: 'alert alert-error' }, t('majlis.vote.annulled_because', { reason: v.annul_reason })) : null);
}

function receipts(ctx, v) {
    const { t } = ctx;
    if (v.kind !== 'secret' || v.receipts.length === 0) return null;
    const mine = myReceipts()[v.id];
    return h('details', { class: 'disclosure' }, h('summary', { class: 'disclosure-summary' }, t('majlis.vote.receipts')),
        h('div', { class: 'disclosure-body' }, mine ? h('p', null, t('majlis.vote.my_receipt', { receipt: mine })) : null,
            table(t, t('majlis.vote.receipts'), ['majlis.col.receipt', 'majlis.col.choice'], v.receipts.map((r) =>
                h('tr', { class: r.receipt === mine ? 'mine' : null }, h('td', { class: 'cell-code' }, h('bdi', null, r.receipt)),
                    h('td', null, r.receipt === mine ? h('strong', null, t(`majlis.choice.${r.choice}`), ' ✓') : t(`majlis.choice.${r.choice}`)))))));
}

function voteCard(ctx, s, v, reload, box) {
    const { t, lang } = ctx;
    const ballot = v.status === 'open' && v.on_roll && !v.has_voted && v.kind !== 'manual' ? h('div', { class: 'button-row' },
        CHOICES.map((c) => actionButton(t(`majlis.choice.${c}`), { dataset: { choice: c }, class: 'button' }, async () => {
            const res = await ctx.api.post(`/api/majlis/votes/${v.id}/ballot`, { choice: c });
            if (res && res.receipt) keepReceipt(v.id, res.receipt);
        }, box, reload))) : null;
    const voted = v.has_voted ? h('p', null, badge(t, 'voted'), ' ', myReceipts()[v.id] ? t('majlis.vote.my_receipt', { receipt: myReceipts()[v.id] }) : '') : null;
    let manage = null;
    if (v.can_manage && v.status === 'open') {
        manage = v.kind === 'manual' ? inlineForm(`majlis-manual-${v.id}`, CHOICES.map((c) => field({ name: c, type: 'number', label: t(`majlis.choice.${c}`), value: '0', attrs: { min: '0' } }))
            .concat([field({ name: 'note', label: t('majlis.field.note'), hint: t('majlis.hint.manual') })]), t('majlis.vote.close'), async (x) => {
            await ctx.api.post(`/api/majlis/votes/${v.id}/close`, { yes: Number(x.yes), no: Number(x.no), abstain: Number(x.abstain), note: x.note });
            await reload();
        }, box) : actionButton(t('majlis.vote.close'), { dataset: { close: v.id } }, () => ctx.api.post(`/api/majlis/votes/${v.id}/close`), box, reload);
    } else if (v.can_manage && v.status === 'closed') {
        manage = h('div', null, v.adopted ? inlineForm(`majlis-decide-${v.id}`, [field({ name: 'title', label: t('majlis.field.decision_title'), value: v.question }),
            field({ name: 'text', label: t('majlis.field.text'), value: v.question })], t('majlis.decision.register'), async (x) => {
            await ctx.api.post('/api/majlis/decisions', { body_id: s.body_id, vote_id: v.id, title: x.title, text: x.text });
            box.show(t('majlis.decision.registered'), true);
        }, box) : null,
        h('details', { class: 'disclosure' }, h('summary', { class: 'disclosure-summary' }, t('majlis.vote.annul')),
            h('div', { class: 'disclosure-body' }, inlineForm(`majlis-annul-${v.id}`, [field({ name: 'reason', label: t('majlis.field.reason') })],
                t('majlis.vote.annul'), async (x) => { await ctx.api.post(`/api/majlis/votes/${v.id}/annul`, { reason: x.reason }); await reload(); }, box))));
    }
    return h('article', { class: 'card', dataset: { voteId: v.id, kind: v.kind } },
        h('h3', null, v.question, ' ', badge(t, v.status)),
        h('p', { class: 'hint' }, `${t(`majlis.vote.${v.kind}`)} · ${t(`majlis.majority.${v.majority}`)} · ${t(`majlis.abstentions.${v.abstentions}`)}`),
        ballot, voted, tally(ctx, v),
        v.kind !== 'secret' && v.ballots.length && v.status !== 'open' ? table(t, t('majlis.vote.ballots'), ['majlis.col.name', 'majlis.col.choice'],
            v.ballots.map((b) => h('tr', null, h('th', { scope: 'row' }, nameOf(b, lang)), h('td', null, t(`majlis.choice.${b.choice}`))))) : null,
        receipts(ctx, v), manage);
}

function votes(ctx, s, reload, box) {
    const { t } = ctx;
    const form = s.can_manage && s.status === 'open' ? inlineForm('majlis-vote-open', [
        field({ name: 'question', label: t('majlis.field.question') }),
        field({ name: 'kind', label: t('majlis.field.vote_kind'), options: ['roll_call', 'secret', 'manual'].map((k) => ({ value: k, label: t(`majlis.vote.${k}`) })) }),
        field({ name: 'majority', label: t('majlis.field.majority'), value: s.majority, options: ['simple', 'absolute', 'two_thirds'].map((k) => ({ value: k, label: t(`majlis.majority.${k}`) })) }),
    ], t('majlis.vote.open'), async (v) => {
        await ctx.api.post('/api/majlis/votes', { body_id: s.body_id, session_id: s.id, question: v.question, kind: v.kind, majority: v.majority });
        await reload();
    }, box) : null;
    return section('majlis-votes', t('majlis.votes.title'), form,
        s.votes.length ? s.votes.map((v) => voteCard(ctx, s, v, reload, box)) : h('p', { class: 'empty' }, t('majlis.votes.none')));
}

async function minutes(ctx, s, reload, box) {
    const { t } = ctx;
    let m = null;
    try {
        m = (await ctx.api.get(`/api/majlis/sessions/${s.id}/minutes`)).minutes;
    } catch (err) {
        if (err.status !== 404) throw err;
    }
    const parts = [];
    if (m) {
        parts.push(h('p', null, badge(t, m.status), ' ', t('majlis.minutes.revision', { n: m.revision })),
            h('pre', { class: 'minutes-text', dir: 'auto', id: 'majlis-minutes-text' }, m.text));
        if (m.status === 'approved') {
            parts.push(h('dl', { id: 'majlis-minutes-seal' },
                h('dt', null, t('majlis.minutes.chain_head')), h('dd', { class: 'cell-code' }, h('bdi', null, `#${m.chain_seq} ${m.chain_head}`)),
                h('dt', null, t('majlis.minutes.signature')), h('dd', { class: 'cell-code' }, h('bdi', null, m.signature)),
                h('dt', null, t('majlis.minutes.verified')), h('dd', null, m.signature_valid ? t('majlis.minutes.valid') : t('majlis.minutes.invalid'))));
        }
    }
    if (s.can_manage && (!m || m.status !== 'approved')) {
        parts.push(inlineForm('majlis-minutes-edit', [
            field({ name: 'text', label: t('majlis.minutes.text'), rows: 6, value: m ? m.text : '', attrs: { dir: 'auto' } }),
            m && m.status === 'circulated' ? field({ name: 'reason', label: t('majlis.field.reason') }) : null,
        ], t('majlis.minutes.save'), async (v) => {
            await ctx.api.put(`/api/majlis/sessions/${s.id}/minutes`, v.reason !== undefined ? v : { text: v.text });
            await reload();
        }, box));
        if (m && m.status === 'draft') {
            parts.push(actionButton(t('majlis.minutes.circulate'), { id: 'majlis-minutes-circulate' },
                () => ctx.api.post(`/api/majlis/sessions/${s.id}/minutes/circulate`), box, reload));
        }
        if (m && m.status === 'circulated') {
            const { sessions } = await ctx.api.get('/api/majlis/sessions');
            const later = sessions.filter((x) => x.body_id === s.body_id && x.status === 'open' && (x.starts_at > s.starts_at || (x.starts_at === s.starts_at && x.id > s.id)));
            parts.push(later.length ? inlineForm('majlis-minutes-approve', [field({ name: 'session_id', label: t('majlis.minutes.approve_in'),
                options: later.map((x) => ({ value: x.id, label: x.title })) })], t('majlis.minutes.approve'), async (v) => {
                await ctx.api.post(`/api/majlis/sessions/${s.id}/minutes/approve`, { session_id: Number(v.session_id) });
                await reload();
            }, box) : h('p', { class: 'hint' }, t('majlis.minutes.needs_later')));
        }
    }
    if (!m && !s.can_manage) parts.push(h('p', { class: 'empty' }, t('majlis.minutes.none')));
    return section('majlis-minutes', t('majlis.minutes.title'), parts);
}

export default {
    route: '#/majlis/sessions/:id',
    roles: ['council_member', 'council_secretariat', 'admin'],
    title: 'majlis.session.title',
    async render(root, ctx) {
        const { t, lang } = ctx;
        const main = h('div', null, loading());
        root.append(main);
        const box = messageBox();
        const reload = async () => {
            box.hidden = true;
            const { session: s } = await ctx.api.get(`/api/majlis/sessions/${encodeURIComponent(ctx.params.id)}`);
            const parts = [
                pageTitle(s.title, `${nameOf(s, lang, 'body_name')} · ${t(`majlis.kind.${s.kind}`)} · ${when(s.starts_at, lang)}${s.place ? ` · ${s.place}` : ''}`),
                h('p', null, h('a', { href: '#/majlis' }, t('majlis.back')), ' · ', badge(t, s.status)),
                box, chair(ctx, s, reload, box), presence(ctx, s, reload, box), agenda(ctx, s, reload, box),
                speakers(ctx, s, reload, box), documents(ctx, s, reload, box), votes(ctx, s, reload, box),
                await minutes(ctx, s, reload, box),
            ];
            replace(main, ...parts);
        };
        await reload();
    },
};
