// practice.js — the learner's practice page (#/practice).
//
// One question at a time, big and friendly: the stem (with a button to read it in the other
// school language), the answer area the item type needs (big choice buttons, a number or word
// field, up/down buttons to order, one menu per line to match), hints on request, then the
// server's verdict: right or not yet, the feedback, the worked solution after repeated errors,
// the skill's stars, and the next question with the reason it was chosen.
//
// Offline for the length of a session: the page keeps a few prefetched items (POST
// /api/practice/batch); when an answer cannot reach the server it is queued with its client_id
// (practice-queue.js), the page says it is saved and will be checked when online, and goes on
// with the next stored item. The queue is sent when the browser says the link is back, on the
// next answer, and on the next visit; the server stores each client_id once.

import { h, replace } from '../dom.js';
import { pageTitle } from '../ui.js';
import { newClientId, practiceStyles, queue, stock } from './practice-queue.js';

const LADDERS = ['', 'math', 'read_ar', 'read_fr'];
const PREFETCH = 5;

function starsOf(p) {
    return p >= 0.95 ? 3 : p >= 0.7 ? 2 : p >= 0.4 ? 1 : 0;
}

function stars(n, t) {
    return h('span', { class: 'stars', role: 'img', 'aria-label': t('practice.stars', { count: n }) },
        [0, 1, 2].map((i) => h('span', { class: i < n ? 'star star-on' : 'star' }, '★')));
}

/** The answer widget for an item; returns {el, value()} where value() is the response string. */
function answerArea(item, t, side) {
    const texts = side || item;
    if (item.type === 'choice') {
        let picked = null;
        const buttons = texts.choices.map((c, i) => h('button', {
            type: 'button', class: 'practice-choice', 'aria-pressed': 'false',
            onclick: () => {
                picked = i;
                buttons.forEach((b, k) => b.setAttribute('aria-pressed', k === i ? 'true' : 'false'));
            },
        }, c));
        return { el: h('div', { class: 'practice-choices', role: 'group', 'aria-label': t('practice.choose') }, buttons),
            value: () => (picked === null ? null : String(picked)) };
    }
    if (item.type === 'order') {
        const order = texts.items.map((_, i) => i);
        const list = h('ol', { class: 'practice-order' });
        const draw = () => replace(list, order.map((idx, pos) => h('li', null,
            h('span', { class: 'practice-order-text' }, texts.items[idx]),
            h('button', { type: 'button', class: 'button', 'aria-label': t('practice.up'), disabled: pos === 0,
                onclick: () => { [order[pos - 1], order[pos]] = [order[pos], order[pos - 1]]; draw(); } }, '▲'),
            h('button', { type: 'button', class: 'button', 'aria-label': t('practice.down'), disabled: pos === order.length - 1,
                onclick: () => { [order[pos + 1], order[pos]] = [order[pos], order[pos + 1]]; draw(); } }, '▼'))));
        draw();
        return { el: list, value: () => order.join(',') };
    }
    if (item.type === 'match') {
        const selects = texts.left.map((l) => h('select', { class: 'practice-match-select', 'aria-label': l },
            h('option', { value: '' }, '—'), texts.right.map((r, j) => h('option', { value: String(j) }, r))));
        return { el: h('div', { class: 'practice-match' }, texts.left.map((l, i) => h('label', { class: 'practice-match-row' },
            h('span', null, l), selects[i]))),
        value: () => (selects.some((s) => s.value === '') ? null : selects.map((s) => s.value).join(',')) };
    }
    const input = h('input', { name: 'response', class: 'practice-input', autocomplete: 'off',
        inputmode: item.type === 'numeric' ? 'decimal' : 'text', dir: 'auto', 'aria-label': t('practice.your_answer') });
    return { el: input, value: () => (input.value.trim() === '' ? null : input.value.trim()) };
}

export default {
    route: '#/practice',
    roles: ['learner'],
    title: 'practice.title',
    nav: 'practice.nav',
    async render(root, ctx) {
        const { t, api } = ctx;
        practiceStyles();
        let ladder = '';
        let current = null; // {item, why, reason}
        let shownAt = 0;
        let hintsUsed = 0;
        const notice = h('p', { class: 'practice-notice', role: 'status', 'aria-live': 'polite' });
        const stage = h('section', { class: 'practice-stage card', 'aria-live': 'polite' });
        const tabs = h('div', { class: 'practice-ladders', role: 'group', 'aria-label': t('practice.subject') },
            LADDERS.map((l) => h('button', { type: 'button', class: 'button practice-ladder', 'aria-pressed': l === ladder ? 'true' : 'false',
                dataset: { ladder: l }, onclick: (e) => {
                    ladder = l;
                    tabs.querySelectorAll('button').forEach((b) => b.setAttribute('aria-pressed', b === e.currentTarget ? 'true' : 'false'));
                    stock.put([]);
                    next();
                } }, t(`practice.ladder.${l || 'all'}`))));
        replace(root, pageTitle(t('practice.title'), t('practice.lead')), tabs, notice, stage,
            h('p', null, h('a', { href: '#/progress' }, t('practice.see_progress')), ' · ',
                h('a', { href: '#/placement' }, t('practice.take_placement'))));

        const say = (text) => { notice.textContent = text || ''; };
        const body = () => (ladder ? { ladder } : {});

        async function send(a) {
            return api.post('/api/practice/answer', a);
        }

        async function flush() {
            const before = queue.pending().length;
            if (!before) return;
            const n = await queue.flush(send);
            if (n) say(t('practice.sent', { count: n }));
        }

        async function refill() {
            try {
                const r = await api.post('/api/practice/batch', { n: PREFETCH, ...body() });
                stock.put(r.items || []);
            } catch {
                /* offline: keep what is stored */
            }
        }

        async function next(given) {
            let pick = given || null;
            if (!pick) {
                try {
                    pick = await api.post('/api/practice/next', body());
                } catch (err) {
                    if (err.status !== 0) throw err;
                    pick = stock.take();
                }
            }
            if (!pick) {
                replace(stage, h('p', { class: 'practice-empty' }, t('practice.offline_empty')));
                return;
            }
            show(pick);
            if (stock.items().length < 2) refill();
        }

        function show(pick) {
            current = pick;
            shownAt = Date.now();
            hintsUsed = 0;
            const { item } = pick;
            let side = null;
            const stem = h('p', { class: 'practice-stem', lang: item.lang, dir: item.lang === 'ar' ? 'rtl' : 'ltr' }, item.stem);
            let area = answerArea(item, t, null);
            const areaBox = h('div', { class: 'practice-area' }, area.el);
            const hints = h('ol', { class: 'practice-hints' });
            const feedback = h('div', { class: 'practice-feedback', role: 'status', 'aria-live': 'polite' });
            const submit = h('button', { type: 'submit', class: 'button button-primary practice-submit' }, t('practice.check'));
            const hintBtn = item.hints > 0 ? h('button', { type: 'button', class: 'button practice-hint', onclick: async () => {
                try {
                    const r = await api.get(`/api/practice/hint?item_id=${encodeURIComponent(item.id)}&n=${hintsUsed + 1}`);
                    hintsUsed = r.n;
                    hints.append(h('li', null, r.hint));
                    if (hintsUsed >= item.hints) hintBtn.disabled = true;
                } catch {
                    say(t('practice.hint_offline'));
                }
            } }, t('practice.hint')) : null;
            const altBtn = item.alt ? h('button', { type: 'button', class: 'button practice-alt', onclick: () => {
                side = side ? null : item.alt;
                const s = side || item;
                stem.textContent = s.stem;
                stem.lang = s.lang;
                stem.dir = s.lang === 'ar' ? 'rtl' : 'ltr';
                area = answerArea(item, t, side);
                replace(areaBox, area.el);
                altBtn.textContent = t(side ? 'practice.read_back' : `practice.read_in.${item.alt.lang}`);
            } }, t(`practice.read_in.${item.alt.lang}`)) : null;
            const form = h('form', { class: 'practice-form', novalidate: true }, stem, areaBox,
                h('div', { class: 'practice-actions' }, submit, hintBtn, altBtn), hints, feedback);
            form.addEventListener('submit', async (e) => {
                e.preventDefault();
                const response = area.value();
                if (response === null) {
                    feedback.textContent = t('practice.answer_first');
                    return;
                }
                submit.disabled = true;
                const answer = { item_id: item.id, response, client_id: newClientId(), hints_used: hintsUsed,
                    duration_ms: Math.min(Date.now() - shownAt, 3600000), ...body() };
                try {
                    await flush();
                    const r = await send(answer);
                    verdict(r, feedback);
                } catch (err) {
                    if (err.status !== 0) {
                        submit.disabled = false;
                        feedback.textContent = t('practice.error');
                        return;
                    }
                    queue.add(answer);
                    replace(feedback, h('p', { class: 'practice-saved' }, t('practice.saved_offline')),
                        h('button', { type: 'button', class: 'button button-primary practice-next', onclick: () => next() }, t('practice.next')));
                }
            });
            replace(stage, h('p', { class: 'practice-why' }, pick.why),
                item.skill_title ? h('p', { class: 'practice-skill' }, item.skill_title) : null, form);
            const first = stage.querySelector('.practice-choice, .practice-input');
            if (first && item.type !== 'choice') first.focus();
        }

        function verdict(r, box) {
            const m = r.mastery;
            replace(box,
                h('p', { class: r.correct ? 'practice-right' : 'practice-wrong' },
                    h('span', { 'aria-hidden': 'true' }, r.correct ? '✔ ' : '✘ '), r.feedback),
                !r.correct && r.answer ? h('p', { class: 'practice-answer' }, t('practice.the_answer', { answer: r.answer })) : null,
                r.solution ? h('details', { class: 'practice-solution', open: true }, h('summary', null, t('practice.solution')), h('p', null, r.solution)) : null,
                m ? h('p', { class: 'practice-mastery' }, m.title, ' ', stars(starsOf(m.p_known), t),
                    m.just_mastered ? h('strong', null, ' ', t('practice.mastered_now')) : null) : null,
                h('button', { type: 'button', class: 'button button-primary practice-next', onclick: () => next(r.next || null) }, t('practice.next')));
            box.querySelector('.practice-next').focus();
        }

        window.addEventListener('online', () => { flush(); }, { once: false });
        if (queue.pending().length) say(t('practice.pending', { count: queue.pending().length }));
        flush().catch(() => {});
        await next();
    },
};
