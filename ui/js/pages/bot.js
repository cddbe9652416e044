// bot.js — Majlisbot's chat (#/bot), open to everyone: citizens signed out, staff and council.
//
// One conversation per visit of the page (its id comes back with the first answer and is sent
// with the next questions, so a short follow-up like "Is the council in favour?" is read with
// the previous question). Each answer shows the server's framing sentence in the language asked
// (dir and lang set from it, so an Arabic answer is right-to-left even on a French page), the
// answer — the best sentence, a FAQ answer or the LLM's phrasing — and numbered citations: title,
// page or section, date, and the passage with its best sentence marked; each opens the passage in
// its document (#/bot/doc/{document}/{passage}). Thumbs up / down (down asks for a reason), and a
// button that sends the question to the secretariat (always offered when the bot abstains); the
// secretariat's replies are fetched with "Check for replies".

import { h, ltr, replace } from '../dom.js';
import { errorText, pageTitle } from '../ui.js';
import { botStyles, dirOf, highlighted, passageRoute, placeOf, typeLabel } from './bot-common.js';
import { PUBLIC } from '../router.js';

const MAX_QUESTION = 1000;

function citationList(ans, t) {
    if (!ans.citations || ans.citations.length === 0) return null;
    return h('ol', { class: 'bot-cites', 'aria-label': t('bot.sources') }, ans.citations.map((c) => h('li', {
        class: 'bot-cite', id: `cite-${ans.answer_id}-${c.n}`, dir: dirOf(ans.lang),
    },
    h('p', { class: 'bot-cite-head' },
        h('span', { class: 'bot-cite-n' }, `[${c.n}]`), ' ',
        h('a', { href: passageRoute(c.document_id, c.passage_id), class: 'bot-cite-link' }, h('bdi', null, c.title))),
    h('p', { class: 'bot-cite-meta' }, [typeLabel(c.type, t), ltr(c.date), placeOf(c, t)].filter(Boolean).join(' · ')),
    h('blockquote', { class: 'bot-cite-text', dir: 'auto' }, highlighted(c.text, c.highlight)))));
}

/** The answer text with [n] made into links to the citations below. */
function answerText(ans) {
    const parts = [];
    const re = /\[(\d+)\]/g;
    let last = 0;
    let m;
    const text = ans.answer || '';
    while ((m = re.exec(text)) !== null) {
        parts.push(text.slice(last, m.index));
        parts.push(h('a', { href: `#cite-${ans.answer_id}-${m[1]}`, class: 'bot-ref',
            onclick: (e) => { e.preventDefault(); const el = document.getElementById(`cite-${ans.answer_id}-${m[1]}`); if (el) el.scrollIntoView({ block: 'nearest' }); } }, m[0]));
        last = m.index + m[0].length;
    }
    parts.push(text.slice(last));
    return h('p', { class: 'bot-answer-text', dir: 'auto' }, parts);
}

function feedbackBar(ctx, ans, conv) {
    const { t } = ctx;
    const status = h('p', { class: 'bot-feedback-status', role: 'status' });
    const reason = h('input', { class: 'input', type: 'text', name: 'reason', maxlength: 500, dir: 'auto',
        'aria-label': t('bot.feedback.reason') });
    const sendReason = h('button', { type: 'submit', class: 'button button-secondary button-small' }, t('bot.feedback.send'));
    const reasonForm = h('form', { class: 'form-inline bot-reason', hidden: true }, reason, sendReason);
    const send = async (vote, why) => {
        try {
            await ctx.api.post('/api/bot/feedback', { answer_id: ans.answer_id, conversation_id: conv, vote, reason: why || '' });
            replace(status, t('bot.feedback.thanks'));
        } catch (err) {
            replace(status, errorText(err));
        }
    };
    const up = h('button', { type: 'button', class: 'button button-secondary button-small bot-thumb', 'aria-label': t('bot.feedback.up'),
        onclick: () => { reasonForm.hidden = true; send('up'); } }, '👍');
    const down = h('button', { type: 'button', class: 'button button-secondary button-small bot-thumb', 'aria-label': t('bot.feedback.down'),
        onclick: () => { reasonForm.hidden = false; reason.focus(); } }, '👎');
    reasonForm.addEventListener('submit', (e) => { e.preventDefault(); reasonForm.hidden = true; send('down', reason.value.trim()); });
    const escalate = h('button', { type: 'button', class: ans.escalate ? 'button button-primary button-small bot-escalate' : 'button button-secondary button-small bot-escalate' },
        t('bot.escalate'));
    const escStatus = h('p', { class: 'bot-escalate-status', role: 'status' });
    escalate.addEventListener('click', async () => {
        escalate.disabled = true;
        try {
            const res = await ctx.api.post('/api/bot/escalate', { answer_id: ans.answer_id, conversation_id: conv });
            replace(escStatus, t('bot.escalated', { n: res.ticket.id }));
        } catch (err) {
            escalate.disabled = false;
            replace(escStatus, errorText(err));
        }
    });
    return h('div', { class: 'bot-actions' },
        h('div', { class: 'button-row' }, h('span', { class: 'bot-helpful' }, t('bot.feedback.question')), up, down, escalate),
        reasonForm, status, escStatus);
}

function answerCard(ctx, ans, conv) {
    return h('article', { class: ['bot-answer', `bot-kind-${ans.kind}`], lang: ans.lang, dir: dirOf(ans.lang) },
        h('p', { class: 'bot-framing' }, ans.framing),
        ans.answer ? answerText(ans) : null,
        ans.kind === 'faq' && ans.faq ? h('p', { class: 'bot-faq-q' }, h('bdi', null, ans.faq.question)) : null,
        citationList(ans, ctx.t),
        feedbackBar(ctx, ans, conv));
}

export default {
    route: '#/bot',
    roles: [PUBLIC],
    title: 'bot.title',
    nav: 'nav.bot',
    render(root, ctx) {
        const { t } = ctx;
        botStyles();
        let conv = null;
        const log = h('ol', { class: 'bot-log', 'aria-live': 'polite', 'aria-label': t('bot.log') });
        const input = h('textarea', { class: 'textarea bot-input', name: 'question', id: 'bot-question', rows: 2,
            maxlength: MAX_QUESTION, dir: 'auto', required: true });
        const submit = h('button', { type: 'submit', class: 'button button-primary' }, t('bot.ask'));
        const error = h('p', { class: 'field-error', role: 'alert', hidden: true });
        const form = h('form', { class: 'form bot-form', novalidate: true },
            h('label', { class: 'label', for: 'bot-question' }, t('bot.question')),
            h('p', { class: 'hint' }, t('bot.hint')), error, input, submit);
        const replies = h('div', { class: 'bot-replies' });
        const check = h('button', { type: 'button', class: 'button button-secondary', hidden: true }, t('bot.replies.check'));
        check.addEventListener('click', async () => {
            try {
                const res = await ctx.api.get(`/api/bot/escalations?conversation_id=${encodeURIComponent(conv)}`);
                replace(replies, res.tickets.length === 0 ? h('p', { class: 'empty' }, t('bot.replies.none'))
                    : h('ul', { class: 'bot-tickets' }, res.tickets.map((tk) => h('li', null,
                        h('p', null, h('strong', null, `#${tk.id} `), h('bdi', null, tk.question)),
                        h('p', { dir: 'auto' }, tk.status === 'answered' ? tk.answer : t('bot.replies.waiting'))))));
            } catch (err) {
                replace(replies, h('p', null, errorText(err)));
            }
        });
        input.addEventListener('keydown', (e) => {
            if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); }
        });
        form.addEventListener('submit', async (e) => {
            e.preventDefault();
            const question = input.value.trim();
            error.hidden = true;
            if (!question) {
                replace(error, t('bot.error.empty'));
                error.hidden = false;
                input.focus();
                return;
            }
            const item = h('li', { class: 'bot-turn' }, h('p', { class: 'bot-question', dir: 'auto' }, question),
                h('p', { class: 'loading' }, t('bot.thinking')));
            log.append(item);
            submit.disabled = true;
            try {
                const body = { question };
                if (conv) body.conversation_id = conv;
                const ans = await ctx.api.post('/api/bot/ask', body);
                conv = ans.conversation_id;
                check.hidden = false;
                item.querySelector('.loading').replaceWith(answerCard(ctx, ans, conv));
                input.value = '';
            } catch (err) {
                const msg = err.status === 429 ? t('bot.error.rate', { n: err.retryAfter || 60 }) : errorText(err);
                item.querySelector('.loading').replaceWith(h('p', { class: 'alert alert-error' }, msg));
            } finally {
                submit.disabled = false;
                input.focus();
            }
        });
        replace(root, pageTitle(t('bot.title'), t('bot.lead')), log, form,
            h('section', { class: 'section', 'aria-label': t('bot.replies.title') }, check, replies));
    },
};
