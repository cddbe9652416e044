// bot-admin.js — Majlisbot for the secretariat (#/bot/admin): usage, questions it could not
// answer, weak answers, thumbs down, the CSV export, and the tickets escalated by askers.
//
// GET /api/bot/analytics?days=N (stored questions are already scrubbed of e-mails, phone, CIN
// and MASSAR numbers); the CSV is a plain link to /api/bot/analytics.csv (the session cookie goes
// with it). Tickets: GET /api/bot/tickets?status=open, answered with POST /api/bot/tickets/{id}
// — the answer can also become a FAQ pair, which the bot then gives first.

import { h, replace } from '../dom.js';
import { errorText, loading, pageTitle } from '../ui.js';
import { botStyles } from './bot-common.js';

function questionTable(rows, t, withReason) {
    if (!rows.length) return h('p', { class: 'empty' }, t('bot.admin.none'));
    return h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('bot.admin.col.when')), h('th', { scope: 'col' }, t('bot.admin.col.lang')),
            h('th', { scope: 'col' }, t('bot.admin.col.question')), withReason ? h('th', { scope: 'col' }, t('bot.admin.col.reason')) : null)),
        h('tbody', null, rows.map((q) => h('tr', null,
            h('td', null, new Date(q.at * 1000).toLocaleString()), h('td', null, q.lang),
            h('td', { dir: 'auto' }, q.question), withReason ? h('td', { dir: 'auto' }, q.reason || '') : null)))));
}

function ticketItem(ctx, tk, reload) {
    const { t } = ctx;
    const answer = h('textarea', { class: 'textarea', rows: 3, dir: 'auto', name: 'answer', id: `ticket-${tk.id}`, required: true });
    const asFaq = h('input', { type: 'checkbox', name: 'faq', id: `ticket-faq-${tk.id}` });
    const status = h('p', { role: 'status' });
    const form = h('form', { class: 'form', novalidate: true },
        h('label', { class: 'label', for: `ticket-${tk.id}` }, t('bot.tickets.answer')), answer,
        h('div', { class: 'choice' }, asFaq, h('label', { for: `ticket-faq-${tk.id}` }, t('bot.tickets.as_faq'))),
        h('button', { type: 'submit', class: 'button button-primary' }, t('bot.tickets.send')), status);
    form.addEventListener('submit', async (e) => {
        e.preventDefault();
        if (!answer.value.trim()) { replace(status, t('bot.error.empty')); return; }
        try {
            await ctx.api.post(`/api/bot/tickets/${tk.id}`, { answer: answer.value.trim(), faq: asFaq.checked });
            reload();
        } catch (err) {
            replace(status, errorText(err));
        }
    });
    return h('li', { class: 'card' }, h('p', null, h('strong', null, `#${tk.id} · ${tk.lang} `), h('bdi', null, tk.question)),
        tk.contact ? h('p', { class: 'hint' }, t('bot.tickets.contact'), ' ', h('bdi', null, tk.contact)) : null, form);
}

export default {
    route: '#/bot/admin',
    roles: ['council_secretariat', 'admin'],
    title: 'bot.admin.title',
    nav: 'nav.bot_admin',
    async render(root, ctx) {
        const { t } = ctx;
        botStyles();
        replace(root, loading());
        const load = async () => {
            let a;
            let tickets;
            try {
                [a, tickets] = await Promise.all([ctx.api.get('/api/bot/analytics?days=30'), ctx.api.get('/api/bot/tickets?status=open')]);
            } catch (err) {
                replace(root, pageTitle(t('bot.admin.title')), h('p', { class: 'alert alert-error' }, errorText(err)));
                return;
            }
            const kinds = ['passages', 'llm', 'faq', 'abstain'];
            replace(root, pageTitle(t('bot.admin.title'), t('bot.admin.lead')),
                h('section', { class: 'section', 'aria-labelledby': 'bot-usage' },
                    h('h2', { class: 'section-title', id: 'bot-usage' }, t('bot.admin.usage')),
                    h('dl', { class: 'facts' },
                        h('dt', null, t('bot.admin.questions')), h('dd', null, ctx.num(a.questions)),
                        kinds.map((k) => [h('dt', null, t(`bot.kind.${k}`)), h('dd', null, ctx.num(a.by_kind[k] || 0))]),
                        h('dt', null, t('bot.feedback.up')), h('dd', null, ctx.num(a.thumbs_up)),
                        h('dt', null, t('bot.feedback.down')), h('dd', null, ctx.num(a.thumbs_down)),
                        h('dt', null, t('bot.admin.open_tickets')), h('dd', null, ctx.num(a.open_tickets))),
                    h('h3', null, t('bot.admin.by_lang')),
                    h('ul', null, a.by_lang.map((l) => h('li', null, `${l.lang}: ${ctx.num(l.n)}`))),
                    h('p', null, h('a', { href: '/api/bot/analytics.csv?days=30', class: 'button button-secondary', download: 'majlisbot-questions.csv' }, t('bot.admin.csv')))),
                h('section', { class: 'section', 'aria-labelledby': 'bot-tickets' },
                    h('h2', { class: 'section-title', id: 'bot-tickets' }, t('bot.tickets.title')),
                    tickets.tickets.length ? h('ul', { class: 'bot-ticket-list' }, tickets.tickets.map((tk) => ticketItem(ctx, tk, load)))
                        : h('p', { class: 'empty' }, t('bot.admin.none'))),
                h('section', { class: 'section', 'aria-labelledby': 'bot-unanswered' },
                    h('h2', { class: 'section-title', id: 'bot-unanswered' }, t('bot.admin.unanswered')), questionTable(a.unanswered, t, false)),
                h('section', { class: 'section', 'aria-labelledby': 'bot-low' },
                    h('h2', { class: 'section-title', id: 'bot-low' }, t('bot.admin.low')), questionTable(a.low_score, t, false)),
                h('section', { class: 'section', 'aria-labelledby': 'bot-down' },
                    h('h2', { class: 'section-title', id: 'bot-down' }, t('bot.admin.down')), questionTable(a.thumbs_down_list, t, true)),
                h('p', null, h('a', { href: '#/bot/documents' }, t('bot.docs.title'))));
        };
        await load();
    },
};
