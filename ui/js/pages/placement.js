// placement.js — the placement test (#/placement): pick a ladder, answer a few questions the
// engine chooses (POST /api/placement/start, /answer), see the level reached. No right/wrong
// is shown during the test, so it stays calm; the level is stored and practice starts there.

import { h, replace } from '../dom.js';
import { pageTitle } from '../ui.js';
import { practiceStyles } from './practice-queue.js';

const LADDERS = ['math', 'read_ar', 'read_fr'];

export default {
    route: '#/placement',
    roles: ['learner'],
    title: 'placement.title',
    async render(root, ctx) {
        const { t, api } = ctx;
        practiceStyles();
        const stage = h('section', { class: 'card placement-stage', 'aria-live': 'polite' });
        replace(root, pageTitle(t('placement.title'), t('placement.lead')), stage);

        function ask(q) {
            const { item } = q;
            let picked = null;
            const input = item.type === 'choice' ? null
                : h('input', { name: 'response', class: 'practice-input', autocomplete: 'off', dir: 'auto',
                    inputmode: item.type === 'numeric' ? 'decimal' : 'text', 'aria-label': t('practice.your_answer') });
            const buttons = item.type === 'choice' ? item.choices.map((c, i) => h('button', { type: 'button', class: 'practice-choice',
                'aria-pressed': 'false', onclick: () => {
                    picked = String(i);
                    buttons.forEach((b, k) => b.setAttribute('aria-pressed', k === i ? 'true' : 'false'));
                } }, c)) : [];
            const order = item.type === 'order' ? item.items.map((_, i) => i).join(',') : null;
            const form = h('form', { class: 'practice-form', novalidate: true },
                h('p', { class: 'placement-progress' }, t('placement.question', { n: q.progress.n, max: q.progress.max })),
                h('p', { class: 'practice-stem', dir: item.lang === 'ar' ? 'rtl' : 'ltr', lang: item.lang }, item.stem),
                item.type === 'choice' ? h('div', { class: 'practice-choices' }, buttons) : null,
                item.type === 'order' ? h('ol', { class: 'practice-order' }, item.items.map((s) => h('li', null, s))) : null,
                input,
                h('div', { class: 'practice-actions' },
                    h('button', { type: 'submit', class: 'button button-primary practice-submit' }, t('placement.continue')),
                    h('button', { type: 'button', class: 'button placement-skip', onclick: () => answer('') }, t('placement.dont_know'))));
            form.addEventListener('submit', (e) => {
                e.preventDefault();
                const v = input ? input.value.trim() : picked ?? order;
                if (v === null || v === '') return;
                answer(v);
            });
            async function answer(response) {
                const r = await api.post('/api/placement/answer', { placement_id: q.placement_id, item_id: item.id, response });
                if (r.done) {
                    replace(stage, h('p', { class: 'placement-result' }, t('placement.result', { level: r.level.label })),
                        h('a', { class: 'button button-primary', href: '#/practice' }, t('placement.start_practice')));
                } else {
                    ask(r);
                }
            }
            replace(stage, form);
        }

        replace(stage, h('p', null, t('placement.choose')), h('div', { class: 'practice-ladders' },
            LADDERS.map((l) => h('button', { type: 'button', class: 'button button-primary placement-ladder', dataset: { ladder: l },
                onclick: async () => ask(await api.post('/api/placement/start', { ladder: l })) }, t(`practice.ladder.${l}`)))));
    },
};
