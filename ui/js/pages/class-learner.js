// class-learner.js — one learner seen by their teacher (#/classes/{id}/learners/{lid}).
//
// What the teacher needs before sitting down with the child: their level on each ladder (where
// it came from, when) and the group they are in, the alerts that concern them, their week of
// practice, their last 20 answers (the question as they saw it, their answer, right or wrong, the
// known mistake it matched), the skills practised with the model's estimate, the level history, and the oral
// reading assessment form: the teacher listens, picks the level heard, and it becomes the
// child's current level (source "oral"), which the groups page then offers as a regrouping.
// Data: GET /api/classes/{id}/learners/{lid}; POST …/oral (docs/api.md).

import { h, replace } from '../dom.js';
import { errorText, field, loading, pageTitle, problemSummary, showProblems, showStatus, statusBox } from '../ui.js';
import {
    LADDERS, alertText, daysAgo, ladderLabel, levelLabel, percent, personName, shortDate, skillTitle, sourceLabel,
    teachStyles,
} from './teach-common.js';

const ORAL_LADDERS = ['read_ar', 'read_fr'];

function levelsTable(ctx, d) {
    const { t } = ctx;
    return h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'learner-levels' },
        h('caption', { class: 'visually-hidden' }, t('teach.learner.levels')),
        h('thead', null, h('tr', null, ['ladder', 'level', 'source', 'group'].map((k) => h('th', { scope: 'col' }, t(`teach.learner.col.${k}`))))),
        h('tbody', null, LADDERS.map((lad) => {
            const lv = (d.levels || []).find((l) => l.ladder === lad);
            const g = (d.groups || []).find((x) => x.ladder === lad);
            return h('tr', { dataset: { ladder: lad } },
                h('th', { scope: 'row' }, ladderLabel(t, lad)),
                h('td', { class: 'level' }, lv ? levelLabel(t, lad, lv.level) : t('teach.groups.not_assessed')),
                h('td', null, lv ? `${sourceLabel(t, lv.source)}, ${shortDate(lv.set_at, ctx.lang)}` : '—'),
                h('td', null, g && g.group >= 0 ? [levelLabel(t, lad, g.group), g.confirmed ? null : ` (${t('teach.groups.unconfirmed')})`] : '—'));
        }))));
}

function oralForm(ctx, classId, learnerId, tops, onDone) {
    const { t } = ctx;
    const ladder = field({ name: 'ladder', label: t('teach.oral.ladder'), value: 'read_ar',
        options: ORAL_LADDERS.map((l) => ({ value: l, label: ladderLabel(t, l) })) });
    const levelOptions = (lad) => Array.from({ length: (tops[lad] ?? 5) + 1 }, (_, k) => ({ value: String(k), label: levelLabel(t, lad, k) }));
    const level = field({ name: 'level', label: t('teach.oral.level'), hint: t('teach.oral.level_hint'), options: levelOptions('read_ar') });
    ladder.input.addEventListener('change', () => {
        replace(level.input, levelOptions(ladder.input.value).map((o) => h('option', { value: o.value }, o.label)));
    });
    const note = field({ name: 'note', label: t('teach.oral.note'), hint: t('teach.oral.note_hint'), rows: 3 });
    const summary = problemSummary();
    const status = statusBox();
    const submit = h('button', { type: 'submit', class: 'button button-primary' }, t('teach.oral.submit'));
    const form = h('form', { class: 'form', novalidate: true, id: 'oral-form' }, summary, status,
        h('div', { class: 'form-row' }, ladder, level), note, submit);
    form.addEventListener('submit', async (e) => {
        e.preventDefault();
        showStatus(status, null);
        submit.disabled = true;
        try {
            const body = { ladder: ladder.input.value, level: Number(level.input.value) };
            if (note.input.value.trim()) body.note = note.input.value.trim();
            await ctx.api.post(`/api/classes/${classId}/learners/${learnerId}/oral`, body);
            note.input.value = '';
            showProblems(summary, [ladder, level, note], []);
            await onDone(t('teach.oral.done', { level: levelLabel(t, body.ladder, body.level) }));
        } catch (err) {
            if (err.status === 401) return;
            const target = { ladder, level, note }[err.field] || null;
            showProblems(summary, [ladder, level, note], [{ field: target, message: errorText(err) }]);
        } finally {
            submit.disabled = false;
        }
    });
    return form;
}

function skillsTable(ctx, d) {
    const { t } = ctx;
    const skills = d.skills || [];
    if (skills.length === 0) return h('p', { class: 'empty' }, t('teach.learner.no_skills'));
    return h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
        h('caption', { class: 'visually-hidden' }, t('teach.learner.skills')),
        h('thead', null, h('tr', null, ['skill', 'estimate', 'answers', 'last'].map((k) => h('th', { scope: 'col' }, t(`teach.learner.col.${k}`))))),
        h('tbody', null, skills.map((s) => h('tr', null,
            h('th', { scope: 'row' }, skillTitle(s, ctx.lang), h('span', { class: 'sub' }, ladderLabel(t, s.ladder))),
            h('td', { class: `heat heat-${s.step}` }, s.m ? `✓ ${percent(s.p)}` : percent(s.p),
                h('span', { class: 'visually-hidden' }, ` — ${t(`teach.heat.step${s.step}`)}`)),
            h('td', { class: 'num' }, t('teach.learner.answers', { correct: s.c, count: s.n })),
            h('td', null, shortDate(s.last_at, ctx.lang)))))));
}

/** A Unix time as a short local date and time. */
function dateTime(seconds, lang) {
    const loc = { ar: 'ar-MA', fr: 'fr-MA', en: 'en-GB', zgh: 'fr-MA' }[lang] || 'fr-MA';
    try {
        return new Intl.DateTimeFormat(loc, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', numberingSystem: 'latn' })
            .format(new Date(seconds * 1000));
    } catch {
        return new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ');
    }
}

function answersTable(ctx, d) {
    const { t } = ctx;
    const list = d.recent_answers || [];
    if (list.length === 0) return h('p', { class: 'empty' }, t('teach.answers.none'));
    return h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'learner-answers' },
        h('caption', { class: 'visually-hidden' }, t('teach.answers.title')),
        h('thead', null, h('tr', null, ['when', 'question', 'answer', 'result', 'mistake'].map((k) => h('th', { scope: 'col' }, t(`teach.answers.col.${k}`))))),
        h('tbody', null, list.map((x) => h('tr', { dataset: { attempt: x.id }, class: x.correct ? 'answer-right' : 'answer-wrong' },
            h('td', null, dateTime(x.at, ctx.lang)),
            h('th', { scope: 'row' },
                x.prompt ? h('span', { class: 'stem', lang: x.prompt_lang, dir: 'auto' }, x.prompt) : h('code', null, x.template_id),
                h('span', { class: 'sub' }, x.skill_id ? skillTitle({ title_ar: x.skill_title_ar, title_fr: x.skill_title_fr, id: x.skill_id }, ctx.lang)
                    : t('teach.answers.imported'))),
            h('td', null, h('bdi', { class: 'stem' }, x.response_text ?? x.response)),
            h('td', null, x.correct ? h('span', { class: 'badge badge-right' }, '✓ ', t('teach.answers.right'))
                : h('span', { class: 'badge badge-wrong' }, '✗ ', t('teach.answers.wrong'))),
            h('td', null, x.misconception ? h('code', null, x.misconception) : '—'))))));
}

export default {
    route: '#/classes/:id/learners/:lid',
    roles: ['teacher', 'school_admin', 'admin'],
    title: 'teach.learner.title',
    async render(root, ctx) {
        const { t } = ctx;
        teachStyles();
        const classId = encodeURIComponent(ctx.params.id);
        const lid = encodeURIComponent(ctx.params.lid);
        const body = h('div', null, loading());
        root.append(body);
        const pageStatus = statusBox();

        async function load(message) {
            let d;
            try {
                d = await ctx.api.get(`/api/classes/${classId}/learners/${lid}`);
            } catch (err) {
                if (err.status === 401) return;
                replace(body, pageTitle(t('teach.learner.title')), h('p', { class: 'alert alert-error', role: 'alert' }, errorText(err)),
                    h('p', null, h('a', { href: `#/classes/${classId}` }, t('teach.back_class'))));
                return;
            }
            const name = personName(d.learner, ctx.lang);
            document.title = `${name} — ${t('app.name')}`;
            showStatus(pageStatus, message || null);
            const a = d.activity || {};
            const alerts = d.alerts || [];
            replace(body,
                h('p', null, h('a', { href: `#/classes/${classId}` }, t('teach.back_to', { name: d.class.name }))),
                pageTitle(name, d.learner.name_ar && ctx.lang !== 'ar' ? d.learner.name_ar : d.learner.name),
                pageStatus,
                h('ul', { class: 'summary-strip' },
                    h('li', null, h('strong', null, ctx.num(a.week_answers || 0)), t('teach.learner.week_answers', { count: a.week_answers || 0 })),
                    h('li', null, h('strong', null, a.week_answers ? percent(a.week_correct / a.week_answers) : '—'), t('teach.learner.week_rate')),
                    h('li', null, h('strong', null, ctx.num(Math.round((a.week_time_ms || 0) / 60000))), t('teach.learner.week_minutes')),
                    h('li', null, h('strong', null, a.last_at ? ctx.num(daysAgo(a.last_at)) : '—'), t('teach.learner.days_since'))),
                h('section', { class: 'section', 'aria-labelledby': 'l-alerts' },
                    h('h2', { class: 'section-title', id: 'l-alerts' }, t('teach.alerts.title')),
                    alerts.length ? h('ul', { class: 'alert-list-teach' }, alerts.map((x) => h('li', { class: x.high ? 'high' : null },
                        h('span', { class: 'kind' }, t(`teach.alert_kind.${x.kind}`)), ': ', alertText(t, x, ctx.lang))))
                        : h('p', { class: 'empty' }, t('teach.learner.no_alerts'))),
                h('section', { class: 'section', 'aria-labelledby': 'l-levels' },
                    h('h2', { class: 'section-title', id: 'l-levels' }, t('teach.learner.levels')), levelsTable(ctx, d)),
                h('section', { class: 'section', 'aria-labelledby': 'l-oral' },
                    h('h2', { class: 'section-title', id: 'l-oral' }, t('teach.oral.title')),
                    h('p', { class: 'hint' }, t('teach.oral.lead')),
                    oralForm(ctx, classId, lid, Object.fromEntries((d.groups || []).map((g) => [g.ladder, g.top])), load),
                    (d.oral_notes || []).length ? h('ul', null, d.oral_notes.map((n) => h('li', null,
                        `${shortDate(n.at, ctx.lang)} — ${ladderLabel(t, n.ladder)}: ${levelLabel(t, n.ladder, n.level)}`,
                        n.note ? [' — ', h('q', null, n.note)] : null, h('span', { class: 'meta' }, ` (${n.by})`)))) : null),
                h('section', { class: 'section', 'aria-labelledby': 'l-answers' },
                    h('h2', { class: 'section-title', id: 'l-answers' }, t('teach.answers.title')),
                    h('p', { class: 'hint' }, t('teach.answers.lead')), answersTable(ctx, d)),
                h('section', { class: 'section', 'aria-labelledby': 'l-skills' },
                    h('h2', { class: 'section-title', id: 'l-skills' }, t('teach.learner.skills')), skillsTable(ctx, d)),
                h('section', { class: 'section', 'aria-labelledby': 'l-history' },
                    h('h2', { class: 'section-title', id: 'l-history' }, t('teach.learner.history')),
                    (d.level_history || []).length ? h('ul', null, d.level_history.map((l) => h('li', null,
                        `${shortDate(l.set_at, ctx.lang)} — ${ladderLabel(t, l.ladder)}: ${levelLabel(t, l.ladder, l.level)} (${sourceLabel(t, l.source)})`)))
                        : h('p', { class: 'empty' }, t('teach.learner.no_history'))));
            if (message) pageStatus.focus?.();
        }
        await load();
    },
};
