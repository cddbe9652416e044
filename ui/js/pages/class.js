// class.js — a class's dashboard (#/classes/{id}), the page a teacher opens each morning.
//
// Top to bottom, in the order a teacher acts: who needs help today (alerts), the TaRL groups
// with the regrouping the machine suggests (the teacher decides: move one learner, accept all,
// or confirm), the mastery heatmap (learners × skills, five steps with the value written in each
// cell so colour is never the only signal, names sticky while the skills scroll, right-to-left
// in Arabic), assignments (give a skill, or a quiz made of a teacher's imported GIFT / Moodle
// questions — all, one category or the ones ticked — to the class, a group or a learner, with a
// due date, and see who has done them and, for a quiz, how many each got right; a link opens the
// import page, whose "Give as a quiz" comes back here as ?quiz=prefix with the form on that
// import), the most-missed items (one example of each, rendered by the server, with its answer)
// with the usual wrong answer, the CSV export and the xAPI statements (for a learning record store).
// Each section loads on its own (one slow call does not hold the others) and redraws after a
// change. Data: /api/classes/{id}/{alerts,groups,mastery,assignments,items} (docs/api.md).

import { h, ltr, replace } from '../dom.js';
import { errorText, field, loading, pageTitle, problemSummary, showProblems, showStatus, statusBox } from '../ui.js';
import {
    LADDERS, alertText, ladderLabel, levelLabel, personName, shortDate, skillTitle, sourceLabel, teachStyles,
} from './teach-common.js';

function errorBox(err) {
    return h('p', { class: 'alert alert-error', role: 'alert' }, errorText(err));
}

function section(id, title, ...intro) {
    const body = h('div', { class: 'section-body' }, loading());
    const el = h('section', { class: 'section', id, 'aria-labelledby': `${id}-title` },
        h('h2', { class: 'section-title', id: `${id}-title`, tabindex: '-1' }, title), ...intro, body);
    return { el, body };
}

/** Runs load() into a section body, showing errors in place. */
async function fill(sec, load) {
    try {
        replace(sec.body, ...[].concat(await load()));
    } catch (err) {
        if (err.status === 401) return;
        replace(sec.body, errorBox(err));
    }
}

function learnerLink(ctx, classId, p) {
    return h('a', { href: `#/classes/${encodeURIComponent(classId)}/learners/${encodeURIComponent(p.id ?? p.learner_id)}` },
        h('bdi', null, personName(p, ctx.lang)));
}

/* ---------- alerts ---------- */

/* Each alert can be dismissed by this teacher (it comes back when a newer answer raises it
 * again); dismissed ones can be shown and restored. `view.showDismissed` survives reloads. */
function renderAlerts(ctx, classId, data, view, reload, announce) {
    const { t } = ctx;
    const alerts = (data && data.alerts) || [];
    const hidden = (data && data.dismissed) || 0;
    const act = async (a, what, button) => {
        button.disabled = true;
        const body = { learner_id: a.learner_id, kind: a.kind };
        if (a.kind === 'stuck') body.skill_id = a.skill_id;
        if (a.kind === 'overdue') body.assignment_id = a.assignment_id;
        try {
            await ctx.api.post(`/api/classes/${classId}/alerts/${what}`, body);
            announce(t(what === 'dismiss' ? 'teach.alerts.dismissed' : 'teach.alerts.restored'));
            await reload();
        } catch (err) {
            if (err.status !== 401) announce(errorText(err), true);
            button.disabled = false;
        }
    };
    const toggle = hidden ? h('p', { class: 'meta alerts-dismissed' }, t('teach.alerts.dismissed_count', { count: hidden }), ' ',
        h('button', { type: 'button', class: 'button button-small button-secondary', id: 'alerts-toggle',
            onclick: () => { view.showDismissed = !view.showDismissed; reload(); } },
        t(view.showDismissed ? 'teach.alerts.hide_dismissed' : 'teach.alerts.show_dismissed'))) : null;
    if (alerts.length === 0) return [h('p', { class: 'empty' }, t('teach.alerts.none')), toggle];
    const sorted = [...alerts].sort((a, b) => (b.high ? 1 : 0) - (a.high ? 1 : 0));
    return [h('ul', { class: 'alert-list-teach' }, sorted.map((a) => {
        const what = a.dismissed ? 'restore' : 'dismiss';
        const button = h('button', { type: 'button', class: 'button button-small button-secondary alert-action',
            'aria-label': `${t(`teach.alerts.${what}`)} — ${personName(a, ctx.lang)}, ${t(`teach.alert_kind.${a.kind}`)}` },
        t(`teach.alerts.${what}`));
        button.addEventListener('click', () => act(a, what, button));
        return h('li', { class: [a.high ? 'high' : '', a.dismissed ? 'dismissed' : ''].join(' ').trim() || null,
            dataset: { kind: a.kind, learner: a.learner_id } },
        h('span', { class: 'alert-text' }, learnerLink(ctx, classId, { id: a.learner_id, name: a.name, name_ar: a.name_ar }), ' — ',
            h('span', { class: 'kind' }, t(`teach.alert_kind.${a.kind}`)), ': ', alertText(t, a, ctx.lang)),
        button);
    })), toggle];
}

/* ---------- groups ---------- */

function groupsBlock(ctx, classId, lad, reload, announce) {
    const { t } = ctx;
    const post = async (body, button) => {
        button.disabled = true;
        try {
            const res = await ctx.api.post(`/api/classes/${classId}/groups`, { ladder: lad.ladder, ...body });
            announce(t('teach.groups.saved', { count: res.moved }));
            await reload();
        } catch (err) {
            if (err.status !== 401) announce(errorText(err), true);
            button.disabled = false;
        }
    };
    const meta = lad.confirmed_at
        ? t('teach.groups.confirmed', { date: shortDate(lad.confirmed_at, ctx.lang), name: lad.confirmed_by || '' })
        : t('teach.groups.never');
    const sugg = lad.suggestions || [];
    const confirmAll = h('button', { type: 'button', class: 'button button-secondary button-small' },
        lad.confirmed_at ? t('teach.groups.accept_all') : t('teach.groups.confirm'));
    confirmAll.addEventListener('click', () => post({}, confirmAll));
    const suggestions = sugg.length === 0 ? null : h('div', { class: 'suggestions', role: 'region', 'aria-label': t('teach.groups.suggestions') },
        h('p', null, h('strong', null, t('teach.groups.suggestions')), ' ', t('teach.groups.suggestions_why')),
        h('ul', null, sugg.map((s) => {
            const move = h('button', { type: 'button', class: 'button button-small' }, t('teach.groups.move'),
                h('span', { class: 'visually-hidden' }, ` — ${personName(s, ctx.lang)}`));
            move.addEventListener('click', () => post({ moves: [{ learner_id: s.learner_id, level: s.to }] }, move));
            return h('li', { dataset: { learner: s.learner_id } },
                learnerLink(ctx, classId, { id: s.learner_id, name: s.name, name_ar: s.name_ar }),
                h('span', null, t('teach.groups.from_to', { from: levelLabel(t, lad.ladder, s.from), to: levelLabel(t, lad.ladder, s.to) })),
                h('span', { class: 'meta' }, `${sourceLabel(t, s.source)}, ${shortDate(s.set_at, ctx.lang)}`), move);
        })));
    const cards = (lad.groups || []).map((g) => h('li', { class: ['group-card', g.level === null ? 'group-none' : null],
        dataset: { level: g.level === null ? 'none' : String(g.level) } },
    h('h4', null, levelLabel(t, lad.ladder, g.level), ' ', h('span', { class: 'meta' }, `(${ctx.num(g.learners.length)})`)),
    h('ul', null, g.learners.map((l) => h('li', { class: l.confirmed ? null : 'unconfirmed', dataset: { learner: l.id } },
        learnerLink(ctx, classId, l), l.confirmed ? null : h('span', { class: 'meta' }, ` (${t('teach.groups.unconfirmed')})`))))));
    return h('div', { class: 'ladder-block', dataset: { ladder: lad.ladder } },
        h('h3', null, ladderLabel(t, lad.ladder)),
        h('p', { class: 'meta' }, meta),
        suggestions,
        cards.length ? h('ul', { class: 'groups-grid' }, cards) : h('p', { class: 'empty' }, t('teach.groups.empty')),
        (!lad.confirmed_at || sugg.length > 0) && cards.length ? h('div', { class: 'button-row' }, confirmAll) : null);
}

/* ---------- mastery heatmap ---------- */

function heatCell(ctx, learner, skill, c) {
    const { t } = ctx;
    const title = skillTitle(skill, ctx.lang);
    if (!c) {
        return h('td', { class: 'heat heat-0', title: `${personName(learner, ctx.lang)} — ${title}: ${t('teach.heat.none')}` },
            h('span', { 'aria-hidden': 'true' }, '·'), h('span', { class: 'visually-hidden' }, t('teach.heat.none')));
    }
    const pct = Math.round(100 * c.p);
    const words = t('teach.heat.cell', { pct, count: c.n, correct: c.c });
    return h('td', { class: `heat heat-${c.step}`, title: `${personName(learner, ctx.lang)} — ${title}: ${words}`,
        dataset: { step: c.step } },
    c.m ? `✓${pct}` : String(pct), h('span', { class: 'visually-hidden' }, ` — ${words}`));
}

function legend(t) {
    return h('ul', { class: 'heat-legend', 'aria-label': t('teach.heat.legend') },
        [0, 1, 2, 3, 4].map((s) => h('li', { class: `heat-${s}` }, t(`teach.heat.step${s}`))));
}

function renderMastery(ctx, classId, m) {
    const { t } = ctx;
    const skills = m.skills || [];
    const learners = m.learners || [];
    if (learners.length === 0) return h('p', { class: 'empty' }, t('teach.mastery.no_learners'));
    if (skills.length === 0) return h('p', { class: 'empty' }, t('teach.mastery.no_skills'));
    const runs = [];
    for (const s of skills) {
        const last = runs[runs.length - 1];
        if (last && last.ladder === s.ladder) last.n += 1;
        else runs.push({ ladder: s.ladder, n: 1 });
    }
    const lsum = m.learner_summary || [];
    const ssum = m.skill_summary || [];
    const table = h('table', { class: 'table heatmap' },
        h('caption', { class: 'visually-hidden' }, t('teach.mastery.caption')),
        h('thead', null,
            h('tr', { class: 'heat-ladders' },
                h('th', { scope: 'col', rowspan: 2, class: 'learner-head' }, t('teach.mastery.learner')),
                runs.map((r) => h('th', { scope: 'colgroup', colspan: r.n }, r.ladder ? ladderLabel(t, r.ladder) : '')),
                h('th', { scope: 'col', rowspan: 2, class: 'total' }, t('teach.mastery.mastered_col'))),
            h('tr', { class: 'heat-skills' }, skills.map((s) => h('th', { scope: 'col', class: 'skill-head', title: skillTitle(s, ctx.lang),
                dataset: { skill: s.id } }, h('span', null, skillTitle(s, ctx.lang)))))),
        h('tbody', null, learners.map((l, i) => h('tr', { dataset: { learner: l.id } },
            h('th', { scope: 'row' }, learnerLink(ctx, classId, l)),
            skills.map((s, j) => heatCell(ctx, l, s, m.cells[i][j])),
            h('td', { class: 'total' }, `${ctx.num(lsum[i] ? lsum[i].mastered : 0)} / ${ctx.num(skills.length)}`)))),
        h('tfoot', null, h('tr', null,
            h('th', { scope: 'row' }, t('teach.mastery.per_skill')),
            ssum.map((s) => h('td', { title: t('teach.mastery.per_skill_title', { mastered: s.mastered, practised: s.practised }) },
                `${ctx.num(s.mastered)}/${ctx.num(s.practised)}`)),
            h('td', null, ''))));
    return [legend(t), h('div', { class: 'table-wrap heatmap-wrap', tabindex: '0', role: 'region', 'aria-label': t('teach.mastery.caption') }, table)];
}

/* ---------- assignments ---------- */

function assignForm(ctx, classId, skills, groups, learners, onDone, quizPrefix) {
    const { t } = ctx;
    const due = new Date(Date.now() + 7 * 86400000).toISOString().slice(0, 10);
    const byLadder = LADDERS.map((lad) => ({ lad, list: skills.filter((s) => s.ladder === lad) })).filter((g) => g.list.length);
    const skillSelect = h('select', { class: 'select', id: 'assign-skill', name: 'skill', required: true },
        byLadder.map((g) => h('optgroup', { label: ladderLabel(t, g.lad) },
            g.list.map((s) => h('option', { value: s.id }, skillTitle(s, ctx.lang))))));
    // built by hand for its <optgroup>s, with the parts field() has (setFieldError needs them)
    const skillField = h('div', { class: 'field' }, h('label', { class: 'label', for: 'assign-skill' }, t('teach.assign.skill')),
        h('p', { class: 'field-error', id: 'assign-skill-error', hidden: true }), skillSelect);
    skillField.input = skillSelect;
    const groupOptions = [];
    for (const lad of groups) {
        for (const g of lad.groups || []) {
            if (g.level === null) continue;
            groupOptions.push({ value: `${lad.ladder}:${g.level}`, label: `${ladderLabel(t, lad.ladder)} — ${levelLabel(t, lad.ladder, g.level)} (${g.learners.length})` });
        }
    }
    const to = field({ name: 'to', label: t('teach.assign.to'), value: 'class', options: [
        { value: 'class', label: t('teach.assign.to_class') },
        ...(groupOptions.length ? [{ value: 'group', label: t('teach.assign.to_group') }] : []),
        { value: 'learner', label: t('teach.assign.to_learner') }] });
    const group = field({ name: 'group', label: t('teach.assign.group'), options: groupOptions });
    const learner = field({ name: 'learner', label: t('teach.assign.learner'),
        options: learners.map((l) => ({ value: String(l.id), label: personName(l, ctx.lang) })) });
    const dueField = field({ name: 'due', type: 'date', label: t('teach.assign.due'), value: due, required: true });
    const title = field({ name: 'title', label: t('teach.assign.title_field'), hint: t('teach.assign.title_hint'), autocomplete: 'off' });
    const kind = field({ name: 'kind', label: t('teach.assign.kind'), value: quizPrefix ? 'quiz' : 'skill', options: [
        { value: 'skill', label: t('teach.assign.kind_skill') }, { value: 'quiz', label: t('teach.assign.kind_quiz') }] });
    const quiz = quizPicker(ctx, classId, quizPrefix);
    const sync = () => {
        group.hidden = to.input.value !== 'group';
        learner.hidden = to.input.value !== 'learner';
        skillField.hidden = kind.input.value !== 'skill';
        quiz.el.hidden = kind.input.value !== 'quiz';
        if (!quiz.el.hidden) quiz.load();
    };
    to.input.addEventListener('change', sync);
    kind.input.addEventListener('change', sync);
    sync();
    const summary = problemSummary();
    const status = statusBox();
    const submit = h('button', { type: 'submit', class: 'button button-primary' }, t('teach.assign.submit'));
    const all = [kind, skillField, ...quiz.fields, to, group, learner, dueField, title];
    const form = h('form', { class: 'form', novalidate: true, id: 'assign-form' }, summary, status,
        kind, skillField, quiz.el, h('div', { class: 'form-row' }, to, group, learner), h('div', { class: 'form-row' }, dueField, title), submit);
    form.addEventListener('submit', async (e) => {
        e.preventDefault();
        showStatus(status, null);
        const problems = [];
        const isQuiz = kind.input.value === 'quiz';
        if (!isQuiz && !skillSelect.value) problems.push({ field: skillField, message: t('teach.assign.error.skill') });
        if (isQuiz) problems.push(...quiz.problems());
        if (!/^\d{4}-\d{2}-\d{2}$/.test(dueField.input.value)) problems.push({ field: dueField, message: t('teach.assign.error.due') });
        showProblems(summary, all, problems);
        if (problems.length) return;
        const body = isQuiz ? { kind: 'quiz', ...quiz.body(), to: to.input.value, due: dueField.input.value }
            : { kind: 'skill', targets: [skillSelect.value], to: to.input.value, due: dueField.input.value };
        if (body.to === 'group') {
            const [lad, level] = group.input.value.split(':');
            body.ladder = lad;
            body.level = Number(level);
        }
        if (body.to === 'learner') body.learner_id = Number(learner.input.value);
        if (title.input.value.trim()) body.title = title.input.value.trim();
        submit.disabled = true;
        try {
            await ctx.api.post(`/api/classes/${classId}/assignments`, body);
            const what = isQuiz ? (body.title || body.category || body.import) : skillSelect.selectedOptions[0].textContent;
            showStatus(status, t('teach.assign.done', { skill: what }));
            title.input.value = '';
            await onDone();
        } catch (err) {
            if (err.status === 401) return;
            const target = { due: dueField, title, targets: isQuiz ? quiz.fields[2] : skillField, learner_id: learner, level: group,
                ladder: group, import: quiz.fields[0], category: quiz.fields[1], kind }[err.field];
            showProblems(summary, all, [{ field: target || null, message: err.field === 'due' ? t('teach.assign.error.due_past') : errorText(err) }]);
        } finally {
            submit.disabled = false;
        }
    });
    return h('details', { class: 'disclosure', open: true },
        h('summary', { class: 'disclosure-summary' }, t('teach.assign.new')),
        h('div', { class: 'disclosure-body' }, form));
}

/* The quiz part of the form: one of the imports (GET /api/content/imports), a category and its
 * questions as ticked boxes (GET /api/content/imports/{prefix}). Everything ticked sends the
 * import (and the category); a choice sends the ticked question ids. `preselect` (from the
 * import page's "Give as a quiz" link, #/classes/{id}?quiz=prefix) is chosen when it exists. */
function quizPicker(ctx, classId, preselect) {
    const { t } = ctx;
    const importLink = () => (ctx.canOpen('#/content/import')
        ? [' ', h('a', { href: `#/content/import?class=${classId}` }, t('content.import.open'))] : null);
    const importField = field({ name: 'import', label: t('teach.quiz.import'), options: [] });
    const categoryField = field({ name: 'category', label: t('teach.quiz.category'), options: [] });
    const list = h('ul', { class: 'quiz-questions' });
    const questions = h('fieldset', { class: 'field', id: 'quiz-questions' },
        h('legend', { class: 'label' }, t('teach.quiz.questions')), h('p', { class: 'field-error', hidden: true }), list);
    questions.input = list;
    const note = h('p', { class: 'hint' });
    const el = h('div', { class: 'quiz-picker' }, h('div', { class: 'form-row' }, importField, categoryField), note, questions);
    let imports = null;
    let current = null;
    const boxes = () => [...list.querySelectorAll('input[type="checkbox"]')];
    function drawQuestions() {
        const cat = categoryField.input.value;
        const items = (current ? current.items : []).filter((q) => !cat || q.category === cat);
        replace(list, ...items.map((q) => h('li', null, h('label', { class: 'choice' },
            h('input', { type: 'checkbox', value: q.id, checked: true }), h('bdi', { dir: 'auto' }, q.stem)))));
        replace(note, t('teach.quiz.count', { count: items.length }));
    }
    /* A slower answer for an import chosen earlier must not replace a newer one (`asked`), and
     * a category the teacher already picked stays picked when the same import is reloaded. */
    let asked = 0;
    async function loadQuestions() {
        const prefix = importField.input.value, mine = ++asked;
        const got = prefix ? await ctx.api.get(`/api/content/imports/${encodeURIComponent(prefix)}`) : null;
        if (mine !== asked) return;
        const keep = current && got && current.prefix === got.prefix ? categoryField.input.value : '';
        current = got;
        const cats = (current && current.categories) || [];
        replace(categoryField.input, h('option', { value: '' }, t('teach.quiz.all_categories')),
            ...cats.map((c) => h('option', { value: c }, c)));
        if (cats.includes(keep)) categoryField.input.value = keep;
        categoryField.hidden = !cats.length;
        drawQuestions();
    }
    importField.input.addEventListener('change', () => loadQuestions().catch((err) => replace(note, errorText(err))));
    categoryField.input.addEventListener('change', drawQuestions);
    return {
        el,
        fields: [importField, categoryField, questions],
        async load() {
            if (imports) return;
            try {
                imports = (await ctx.api.get('/api/content/imports')).imports || [];
            } catch (err) {
                imports = null;
                replace(note, errorText(err));
                return;
            }
            replace(importField.input, ...imports.map((i) => h('option', { value: i.prefix },
                `${i.prefix} (${t('teach.quiz.count', { count: i.questions })})`)));
            if (preselect && imports.some((i) => i.prefix === preselect)) importField.input.value = preselect;
            if (imports.length === 0) {
                replace(note, t('teach.quiz.none'), importLink());
                importField.hidden = true;
                categoryField.hidden = true;
                return;
            }
            await loadQuestions().catch((err) => replace(note, errorText(err)));
        },
        problems() {
            if (!current) return [{ field: importField, message: t('teach.quiz.none') }];
            return boxes().some((b) => b.checked) ? [] : [{ field: questions, message: t('teach.quiz.error.none') }];
        },
        body() {
            const b = { import: importField.input.value };
            const all = boxes();
            const ticked = all.filter((x) => x.checked).map((x) => x.value);
            if (ticked.length < all.length) b.targets = ticked;
            else if (categoryField.input.value) b.category = categoryField.input.value;
            return b;
        },
    };
}

/* a quiz's score per learner: "Aya 1/2", "Badr —" */
function quizScores(ctx, a) {
    const { t } = ctx;
    return h('ul', { class: 'quiz-scores' }, a.learners.map((l) => h('li', { dataset: { learner: l.id } },
        h('bdi', null, personName(l, ctx.lang)), ' ',
        l.targets_done ? t('teach.quiz.score', { right: l.right, count: a.targets.length, done: l.targets_done })
            : h('span', { class: 'meta' }, t('teach.quiz.not_done')))));
}

function targetName(s, lang) {
    return s.imported ? s.stem : skillTitle(s, lang);
}

function assignTarget(t, a, lang) {
    if (a.to.type === 'group') return `${ladderLabel(t, a.to.ladder)} — ${levelLabel(t, a.to.ladder, a.to.level)}`;
    if (a.to.type === 'class') return t('teach.assign.to_class');
    return a.learners.map((l) => personName(l, lang)).join(', ');
}

function renderAssignments(ctx, classId, data, reload, announce) {
    const { t } = ctx;
    const list = (data && data.assignments) || [];
    if (list.length === 0) return h('p', { class: 'empty' }, t('teach.assign.none'));
    return h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'assign-list' },
        h('caption', { class: 'visually-hidden' }, t('teach.assign.list')),
        h('thead', null, h('tr', null, ['what', 'to', 'due', 'progress', 'actions'].map((k) => h('th', { scope: 'col' }, t(`teach.assign.col.${k}`))))),
        h('tbody', null, list.map((a) => {
            const del = h('button', { type: 'button', class: 'button button-small button-secondary' }, t('teach.assign.delete'));
            del.addEventListener('click', async () => {
                if (!window.confirm(t('teach.assign.delete_confirm'))) return;
                del.disabled = true;
                try {
                    await ctx.api.del(`/api/classes/${classId}/assignments/${a.id}`);
                    announce(t('teach.assign.deleted'));
                    await reload();
                } catch (err) {
                    if (err.status !== 401) announce(errorText(err), true);
                    del.disabled = false;
                }
            });
            const pct = a.learners_total ? Math.round((100 * a.learners_done) / a.learners_total) : 0;
            const notDone = a.learners.filter((l) => !l.done).map((l) => personName(l, ctx.lang));
            const what = a.kind === 'quiz' ? t('teach.quiz.count', { count: a.targets.length })
                : a.targets.map((s) => targetName(s, ctx.lang)).join(', ');
            return h('tr', { dataset: { assignment: a.id, kind: a.kind } },
                h('th', { scope: 'row' }, a.title ? h('span', null, a.title, h('span', { class: 'sub' }, what)) : what),
                h('td', null, assignTarget(t, a, ctx.lang)),
                h('td', null, shortDate(a.due_at, ctx.lang), a.overdue ? [' ', h('span', { class: 'badge badge-admin' }, t('teach.assign.overdue'))] : null),
                h('td', null, t('teach.assign.progress', { done: a.learners_done, count: a.learners_total }),
                    h('div', { class: 'progress', role: 'progressbar', 'aria-valuenow': pct, 'aria-valuemin': 0, 'aria-valuemax': 100,
                        'aria-label': t('teach.assign.col.progress') },
                    h('span', { class: `progress-bar progress-${Math.round(pct / 10) * 10}` })),
                    a.kind === 'quiz' ? quizScores(ctx, a)
                        : notDone.length && notDone.length < a.learners_total ? h('span', { class: 'sub' }, t('teach.assign.waiting', { names: notDone.join(', ') })) : null),
                h('td', { class: 'cell-actions' }, del));
        }))));
}

/* ---------- most-missed items ---------- */

/* Each row is one instance of the template (the server renders it with a fixed seed, in the
 * teacher's language when the content has it: `stem_lang` says which), its answer, and the
 * skill's title; an imported question has no skill. */
function renderItems(ctx, data) {
    const { t } = ctx;
    const items = (data && data.items) || [];
    if (items.length === 0) return h('p', { class: 'empty' }, t('teach.items.none'));
    return h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
        h('caption', { class: 'visually-hidden' }, t('teach.items.title')),
        h('thead', null, h('tr', null, ['item', 'missed', 'wrong', 'why'].map((k) => h('th', { scope: 'col' }, t(`teach.items.col.${k}`))))),
        h('tbody', null, items.map((it) => h('tr', { dataset: { template: it.template_id } },
            h('th', { scope: 'row' }, it.skill_title || t('teach.items.imported'),
                h('span', { class: 'sub example-stem', lang: it.stem_lang || null, dir: 'auto' }, it.stem || ''),
                it.answer ? h('span', { class: 'sub meta' }, t('teach.items.answer'), ' ',
                    h('bdi', { lang: it.stem_lang || null }, it.answer)) : null),
            h('td', { class: 'num' }, t('teach.items.missed', { wrong: it.wrong, count: it.attempts, pct: Math.round(100 * it.wrong_rate) })),
            h('td', null, it.wrong_response ? [h('bdi', { class: 'stem' }, it.wrong_response), ' ',
                h('span', { class: 'meta' }, t('teach.items.times', { count: it.wrong_response_count }))] : '—'),
            h('td', null, it.feedback
                || (it.misconception ? h('code', null, it.misconception) : '—')))))));
}

/* ---------- the page ---------- */

export default {
    route: '#/classes/:id',
    roles: ['teacher', 'school_admin', 'admin'],
    title: 'teach.dashboard',
    async render(root, ctx) {
        const { t } = ctx;
        teachStyles();
        const id = encodeURIComponent(ctx.params.id);
        const base = `/api/classes/${id}`;
        const header = h('div', null, loading());
        const status = statusBox();
        const errorLine = h('div', { class: 'alert alert-error', role: 'alert', hidden: true });
        const announce = (msg, bad) => {
            if (bad) { replace(errorLine, msg); errorLine.hidden = false; showStatus(status, null); }
            else { errorLine.hidden = true; showStatus(status, msg); }
        };
        const secs = {
            alerts: section('class-alerts', t('teach.alerts.title'), h('p', { class: 'hint' }, t('teach.alerts.lead'))),
            groups: section('class-groups', t('teach.groups.title'), h('p', { class: 'hint' }, t('teach.groups.lead'))),
            mastery: section('class-mastery', t('teach.mastery.title'), h('p', { class: 'hint' }, t('teach.mastery.lead'))),
            assign: section('class-assign', t('teach.assign.title')),
            items: section('class-items', t('teach.items.title'), h('p', { class: 'hint' }, t('teach.items.lead'), ' ',
                t('teach.items.example_note'))),
        };
        const jump = h('ul', { class: 'class-nav', 'aria-label': t('teach.sections') },
            Object.values(secs).map((s) => {
                const title = s.el.querySelector('h2');
                return h('li', null, h('a', { href: `#${s.el.id}`, onclick: (e) => { e.preventDefault(); s.el.scrollIntoView(); title.focus(); } },
                    title.textContent));
            }),
            h('li', null, h('a', { href: `${base}/export.csv`, download: '', class: 'button button-small button-secondary', id: 'export-csv' }, t('teach.export'))),
            // xAPI statements for a learning record store (one page of up to 5,000; `more` names the next)
            h('li', null, h('a', { href: `${base}/xapi?limit=5000`, download: `xapi-class-${ctx.params.id}.json`,
                class: 'button button-small button-secondary', id: 'export-xapi', title: t('teach.export_xapi_hint') }, t('teach.export_xapi'))));

        let ladder = '';
        let wholeCurriculum = false;
        const filter = field({ name: 'ladder', label: t('teach.mastery.filter'), value: '',
            options: [{ value: '', label: t('teach.mastery.all_ladders') }, ...LADDERS.map((l) => ({ value: l, label: ladderLabel(t, l) }))] });
        const allBox = h('input', { type: 'checkbox', id: 'mastery-all' });
        const filters = h('div', { class: 'form-row' }, filter,
            h('div', { class: 'field' }, h('label', { class: 'choice', for: 'mastery-all' }, allBox, t('teach.mastery.whole'))));
        secs.mastery.el.insertBefore(filters, secs.mastery.body);

        let mastery = null;
        let groups = [];
        const loadMastery = () => fill(secs.mastery, async () => {
            const q = new URLSearchParams();
            if (ladder) q.set('ladder', ladder);
            if (wholeCurriculum) q.set('all', '1');
            mastery = await ctx.api.get(`${base}/mastery${q.toString() ? `?${q}` : ''}`);
            return renderMastery(ctx, id, mastery);
        });
        filter.input.addEventListener('change', () => { ladder = filter.input.value; loadMastery(); });
        allBox.addEventListener('change', () => { wholeCurriculum = allBox.checked; loadMastery(); });

        const alertView = { showDismissed: false };
        const loadAlerts = () => fill(secs.alerts, async () => renderAlerts(ctx, id,
            await ctx.api.get(`${base}/alerts${alertView.showDismissed ? '?dismissed=1' : ''}`), alertView, loadAlerts, announce));
        const loadGroups = () => fill(secs.groups, async () => {
            groups = (await ctx.api.get(`${base}/groups`)).ladders || [];
            return groups.map((lad) => groupsBlock(ctx, id, lad, reloadAfterGroups, announce));
        });
        const quizPrefix = new URLSearchParams(location.hash.split('?')[1] || '').get('quiz');
        if (ctx.canOpen('#/content/import')) {
            secs.assign.el.insertBefore(h('p', { class: 'hint' }, t('content.import.from_class'), ' ',
                h('a', { href: `#/content/import?class=${id}`, id: 'open-import' }, t('content.import.open'))), secs.assign.body);
        }
        let assignFormShown = false;
        const loadAssign = () => fill(secs.assign, async () => {
            const data = await ctx.api.get(`${base}/assignments`);
            const form = mastery && !mastery.error ? assignForm(ctx, id, mastery.skills || [], groups, mastery.learners || [],
                reloadAfterAssign, assignFormShown ? null : quizPrefix) : null;
            assignFormShown = true;
            return [form, h('h3', null, t('teach.assign.list')), renderAssignments(ctx, id, data, reloadAfterAssign, announce)];
        });
        const loadItems = () => fill(secs.items, async () => renderItems(ctx, await ctx.api.get(`${base}/items`)));
        async function reloadAfterGroups() { await Promise.all([loadGroups(), loadAlerts()]); }
        async function reloadAfterAssign() { await Promise.all([loadAssign(), loadAlerts()]); }

        root.append(header);
        try {
            // the gate: the class's mastery data says whether it exists and is ours
            mastery = await ctx.api.get(`${base}/mastery`);
        } catch (err) {
            if (err.status === 401) return;
            replace(root, pageTitle(t('teach.dashboard')), errorBox(err), h('p', null, h('a', { href: '#/teach' }, t('teach.back'))));
            return;
        }
        const c = mastery.class;
        const lsum = mastery.learner_summary || [];
        const mastered = lsum.reduce((n, l) => n + l.mastered, 0);
        const active = lsum.filter((l) => l.last_at && Date.now() / 1000 - l.last_at < 7 * 86400).length;
        document.title = `${c.name} — ${t('app.name')}`;
        replace(header, pageTitle(t('teach.dashboard_of', { name: c.name }),
            t('teach.dashboard_lead', { count: c.learners, grade: c.grade, year: ltr(c.school_year) })),
        h('ul', { class: 'summary-strip' },
            h('li', null, h('strong', null, ctx.num(c.learners)), t('teach.strip.learners', { count: c.learners })),
            h('li', null, h('strong', null, ctx.num(active)), t('teach.strip.active', { count: active })),
            h('li', null, h('strong', null, ctx.num(mastered)), t('teach.strip.mastered', { count: mastered }))));
        root.append(status, errorLine, jump, ...Object.values(secs).map((s) => s.el));
        replace(secs.mastery.body, ...[].concat(renderMastery(ctx, id, mastery)));
        await loadGroups();
        await Promise.all([loadAlerts(), loadAssign(), loadItems()]);
        if (quizPrefix) {
            secs.assign.el.scrollIntoView();
            secs.assign.el.querySelector('h2').focus();
        }
    },
};
