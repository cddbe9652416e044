// progress.js — "my progress" for a learner (#/progress), from GET /api/progress.
//
// Written for a nine-year-old: the level reached on each ladder as steps climbed, the days in a
// row, what is next, the reviews waiting, and every skill as a line with 0–3 stars (three stars:
// mastered). No percentages, no jargon.

import { h, replace } from '../dom.js';
import { pageTitle } from '../ui.js';
import { practiceStyles } from './practice-queue.js';

function stars(n, t) {
    return h('span', { class: 'stars', role: 'img', 'aria-label': t('practice.stars', { count: n }) },
        [0, 1, 2].map((i) => h('span', { class: i < n ? 'star star-on' : 'star' }, '★')));
}

function ladderSteps(l, t) {
    const top = l.top || 1;
    const reached = Math.max(0, l.level);
    return h('li', { class: 'progress-ladder' },
        h('span', { class: 'progress-ladder-name' }, t(`practice.ladder.${l.ladder}`)),
        h('span', { class: 'progress-steps', role: 'img', 'aria-label': t('progress.level_of', { level: reached, top }) },
            Array.from({ length: top }, (_, i) => h('span', { class: i < reached ? 'step step-on' : 'step' }))),
        h('span', { class: 'progress-level' }, l.level >= 0 ? l.label : t('progress.no_level')));
}

export default {
    route: '#/progress',
    roles: ['learner'],
    title: 'progress.title',
    nav: 'progress.nav',
    async render(root, ctx) {
        const { t, api } = ctx;
        practiceStyles();
        const p = await api.get('/api/progress');
        const skillRow = (s) => h('li', { class: 'progress-skill' }, stars(s.stars, t), ' ', s.title);
        replace(root, pageTitle(t('progress.title'), t('progress.lead')),
            h('div', { class: 'progress-summary tiles' },
                h('div', { class: 'card progress-streak' }, h('strong', null, ctx.num(p.streak_days)), ' ', t('progress.days', { count: p.streak_days })),
                h('div', { class: 'card progress-mastered-count' }, h('strong', null, ctx.num(p.mastered.length)), ' ', t('progress.skills_mastered', { count: p.mastered.length })),
                h('div', { class: 'card progress-reviews' }, h('strong', null, ctx.num(p.reviews_due)), ' ', t('progress.reviews_due', { count: p.reviews_due }))),
            p.next ? h('p', { class: 'card card-calm progress-next' }, t('progress.next', { skill: p.next.title }), ' ',
                h('a', { class: 'button button-primary', href: '#/practice' }, t('progress.go'))) : null,
            h('h2', null, t('progress.levels')),
            h('ul', { class: 'progress-ladders' }, p.levels.map((l) => ladderSteps(l, t))),
            p.learning.length ? [h('h2', null, t('progress.learning')), h('ul', { class: 'progress-skills' }, p.learning.map(skillRow))] : null,
            h('h2', null, t('progress.mastered')),
            p.mastered.length ? h('ul', { class: 'progress-skills' }, p.mastered.map(skillRow)) : h('p', null, t('progress.none_yet')));
    },
};
