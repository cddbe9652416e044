// pd-enrolment.js — an educator's programme (#/pd/enrolments/:id): progress per module against
// its completion rule, one item at a time from the content engine (choices or a number or text),
// immediate feedback, and at completion the certificate code and the Open Badge (assertion URL
// to add to a backpack such as Moodle's or Badgr's).

import { h, replace } from '../dom.js';
import { errorText, loading, pageTitle } from '../ui.js';

function progressList(ctx, en) {
    const { t } = ctx;
    return h('ul', { class: 'tree', id: 'pd-modules' }, en.modules.map((m) => h('li', { dataset: { module: m.id, done: m.done } },
        h('bdi', null, m.title), ` — ${t('pd.module.progress', { correct: m.correct, required: m.required_correct })}`,
        m.done ? ` ✓ ${t('pd.module.done')}` : '')));
}

function awards(ctx, en) {
    const { t } = ctx;
    if (!en.completed_at) return null;
    return h('section', { class: 'card', id: 'pd-awards' },
        h('h2', { class: 'section-title' }, t('pd.done.title')),
        en.certificate ? h('p', null, h('a', { href: `#/verify/${en.certificate}`, id: 'pd-certificate' },
            t('pd.done.certificate', { code: en.certificate }))) : null,
        en.badge ? h('p', null, t('pd.done.badge'), ' ', h('a', { href: en.badge, id: 'pd-badge', dir: 'ltr' }, en.badge)) : null);
}

function itemForm(ctx, en, m, onAnswered) {
    const { t } = ctx;
    const box = h('section', { class: 'card', id: 'pd-item' }, loading());
    ctx.api.get(`/api/pd/enrolments/${en.id}/modules/${m.id}/item`).then((item) => {
        const feedback = h('div', { role: 'status', id: 'pd-feedback' });
        const send = async (response) => {
            try {
                const res = await ctx.api.post(`/api/pd/enrolments/${en.id}/answers`, { module_id: m.id, item_id: item.item_id, response });
                replace(feedback, h('p', { class: res.correct ? 'alert alert-success' : 'alert alert-error', dataset: { correct: res.correct } },
                    t(res.correct ? 'pd.right' : 'pd.wrong'), res.feedback ? [' ', h('bdi', null, res.feedback)] : null,
                    !res.correct ? [' ', h('bdi', null, res.solution)] : null));
                onAnswered(res);
            } catch (err) { replace(feedback, h('p', { class: 'alert alert-error' }, errorText(err))); }
        };
        let controls;
        if (item.type === 'choice') {
            controls = h('div', { class: 'choices' }, item.choices.map((c, i) => h('button', {
                type: 'button', class: 'button button-secondary choice', dataset: { index: i }, onclick: () => send(String(i)),
            }, h('bdi', null, c))));
        } else {
            const input = h('input', { class: 'input', name: 'response', id: 'pd-response', dir: 'auto',
                inputmode: item.type === 'numeric' ? 'decimal' : 'text', 'aria-label': t('pd.answer') });
            controls = h('form', { class: 'form form-inline', onsubmit: (e) => { e.preventDefault(); send(input.value.trim()); } },
                input, h('button', { type: 'submit', class: 'button button-primary' }, t('pd.answer')));
        }
        replace(box, h('h2', { class: 'section-title' }, h('bdi', null, m.title)),
            h('p', { class: 'lead', dir: 'auto', id: 'pd-stem', dataset: { type: item.type } }, item.stem), controls, feedback);
    }).catch((err) => replace(box, h('p', { class: 'alert alert-error' }, errorText(err))));
    return box;
}

export default {
    route: '#/pd/enrolments/:id',
    roles: ['teacher', 'school_admin', 'council_member', 'council_secretariat', 'admin'],
    title: 'pd.title',
    async render(root, ctx) {
        const { t } = ctx;
        replace(root, loading());
        const show = (en) => {
            const next = en.modules.find((m) => !m.done);
            const more = h('button', { type: 'button', class: 'button button-primary', id: 'pd-next', hidden: true }, t('pd.next'));
            const itemSlot = h('div');
            const answered = (res) => {
                replace(progress, progressList(ctx, res));
                if (res.completed_at) awardsSlot.replaceChildren(...[awards(ctx, res)].filter(Boolean));
                more.hidden = false;
                more.onclick = () => show(res);
            };
            const progress = h('div', null, progressList(ctx, en));
            const awardsSlot = h('div', null, awards(ctx, en));
            if (next && !en.completed_at) replace(itemSlot, itemForm(ctx, en, next, answered));
            replace(root, pageTitle(en.programme.title, en.programme.description),
                h('p', null, h('a', { href: '#/pd' }, t('pd.back'))), progress, awardsSlot, itemSlot, more);
        };
        try {
            show(await ctx.api.get(`/api/pd/enrolments/${encodeURIComponent(ctx.params.id)}`));
        } catch (err) {
            replace(root, pageTitle(t('pd.title')), h('p', { class: 'alert alert-error' }, errorText(err)));
        }
    },
};
