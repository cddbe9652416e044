// majlis-decisions.js — the register of decisions (#/majlis/decisions): number, body, title,
// kind and status of every decision of the user's bodies (all for the secretariat), newest
// first, each with its follow-up actions (owner, due date, status). The owner of an action (or a
// manager) moves it on from here; managers add actions to a decision.

import { h, replace } from '../dom.js';
import { field, loading, pageTitle } from '../ui.js';
import { actionButton, badge, formValues, messageBox, nameOf, table, when } from './majlis-common.js';

const NEXT = { open: 'in_progress', in_progress: 'done' };

export default {
    route: '#/majlis/decisions',
    roles: ['council_member', 'council_secretariat', 'admin'],
    title: 'majlis.decisions.title',
    async render(root, ctx) {
        const { t, lang } = ctx;
        const main = h('div', null, loading());
        const box = messageBox();
        root.append(pageTitle(t('majlis.decisions.title'), t('majlis.decisions.lead')),
            h('p', null, h('a', { href: '#/majlis' }, t('majlis.back'))), box, main);
        const staff = ctx.user.role !== 'council_member';
        const load = async () => {
            const { decisions } = await ctx.api.get('/api/majlis/decisions');
            if (decisions.length === 0) { replace(main, h('p', { class: 'empty' }, t('majlis.decisions.none'))); return; }
            const rows = decisions.map((d) => {
                const acts = d.actions.map((a) => h('li', null, `${a.title} — ${a.owner} — ${a.due_date} `, badge(t, a.status), ' ',
                    NEXT[a.status] && (staff || a.owner_id === ctx.user.id) ? actionButton(t(`majlis.status.${NEXT[a.status]}`), {},
                        () => ctx.api.post(`/api/majlis/actions/${a.id}`, { status: NEXT[a.status] }), box, load) : null));
                let add = null;
                if (staff) {
                    const form = h('form', { class: 'form form-inline', novalidate: true },
                        field({ name: 'title', label: t('majlis.action.title') }),
                        field({ name: 'owner_id', label: t('majlis.action.owner'), hint: t('majlis.hint.owner') }),
                        field({ name: 'due_date', type: 'date', label: t('majlis.action.due') }),
                        h('button', { type: 'submit', class: 'button button-small' }, t('majlis.action.add')));
                    form.addEventListener('submit', async (e) => {
                        e.preventDefault();
                        const v = formValues(form);
                        try {
                            await ctx.api.post(`/api/majlis/decisions/${d.id}/actions`, { title: v.title, owner_id: Number(v.owner_id), due_date: v.due_date });
                            await load();
                        } catch (err) { if (err.status !== 401) box.show(err.code === 'invalid' ? err.message : err); }
                    });
                    add = h('details', { class: 'disclosure' }, h('summary', { class: 'disclosure-summary' }, t('majlis.action.add')),
                        h('div', { class: 'disclosure-body' }, form));
                }
                return h('tr', { dataset: { decision: d.id } },
                    h('th', { scope: 'row' }, h('bdi', null, d.number)),
                    h('td', null, nameOf(d, lang, 'body_name')),
                    h('td', null, h('strong', null, d.title), h('p', { class: 'sub', dir: 'auto' }, d.text)),
                    h('td', null, t(`majlis.decision.${d.kind}`)),
                    h('td', null, badge(t, d.status)),
                    h('td', null, when(d.created_at, lang)),
                    h('td', null, acts.length ? h('ul', null, acts) : '—', add));
            });
            replace(main, table(t, t('majlis.decisions.title'), ['majlis.col.number', 'majlis.col.body', 'majlis.col.title',
                'majlis.col.kind', 'majlis.col.status', 'majlis.col.date', 'majlis.col.actions'], rows));
        };
        await load();
    },
};
