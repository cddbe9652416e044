// account.js — the signed-in user's own settings (#/account): language and password.
//
// The language choice goes through ctx.setLanguage, the same path as the header's switch
// (localStorage + PUT /api/me/lang). The password change (POST /api/me/password) asks for the
// current password and the new one twice; the server closes the user's other sessions.

import { h } from '../dom.js';
import { LANGUAGES } from '../i18n.js';
import { errorText, field, pageTitle, problemSummary, roleLabel, showProblems, showStatus, statusBox } from '../ui.js';

const MIN_PASSWORD = 10;

function passwordForm(ctx) {
    const { t } = ctx;
    const current = field({ name: 'current', type: 'password', label: t('account.password.current'),
        autocomplete: 'current-password', required: true });
    const next = field({ name: 'new', type: 'password', label: t('account.password.new'),
        hint: t('password.hint', { count: MIN_PASSWORD }), autocomplete: 'new-password', required: true });
    const again = field({ name: 'again', type: 'password', label: t('account.password.again'),
        autocomplete: 'new-password', required: true });
    const all = [current, next, again];
    const summary = problemSummary();
    const status = statusBox();
    const submit = h('button', { type: 'submit', class: 'button button-primary' }, t('account.password.submit'));
    const form = h('form', { class: 'form', novalidate: true }, summary, all, submit);
    form.addEventListener('submit', async (e) => {
        e.preventDefault();
        showStatus(status, null);
        const problems = [];
        if (!current.input.value) problems.push({ field: current, message: t('account.password.error.current_required') });
        if (next.input.value.length < MIN_PASSWORD) problems.push({ field: next, message: t('password.error.short', { count: MIN_PASSWORD }) });
        else if (next.input.value !== again.input.value) problems.push({ field: again, message: t('account.password.error.mismatch') });
        showProblems(summary, all, problems);
        if (problems.length) return;
        submit.disabled = true;
        try {
            await ctx.api.post('/api/me/password', { current: current.input.value, new: next.input.value });
            form.reset();
            showStatus(status, t('account.password.done'));
        } catch (err) {
            if (err.status === 401 && err.field !== 'current') return;
            const wrongCurrent = err.field === 'current' || err.status === 403;
            const target = err.field === 'new' ? next : current;
            showProblems(summary, all, [{ field: target,
                message: wrongCurrent ? t('account.password.error.current_wrong') : errorText(err) }]);
        } finally {
            submit.disabled = false;
        }
    });
    return h('section', { class: 'card section', 'aria-labelledby': 'account-password' },
        h('h2', { id: 'account-password', class: 'section-title' }, t('account.password.title')), status, form);
}

function languageForm(ctx) {
    const { t } = ctx;
    const choice = h('fieldset', { class: 'fieldset' },
        h('legend', { class: 'legend' }, t('account.lang.legend')),
        h('div', { class: 'choices' }, LANGUAGES.map((l) => h('label', { class: 'choice', lang: l.code, dir: l.dir },
            h('input', { type: 'radio', name: 'lang', value: l.code, checked: l.code === ctx.lang,
                onchange: () => ctx.setLanguage(l.code) }),
            h('span', null, l.name)))));
    return h('section', { class: 'card section', 'aria-labelledby': 'account-lang' },
        h('h2', { id: 'account-lang', class: 'section-title' }, t('account.lang.title')), choice);
}

export default {
    route: '#/account',
    roles: ['learner', 'teacher', 'school_admin', 'council_member', 'council_secretariat', 'admin'],
    title: 'account.title',
    nav: 'nav.account',
    render(root, ctx) {
        const { t, user } = ctx;
        root.append(pageTitle(t('account.title')),
            h('dl', { class: 'facts' },
                h('dt', null, t('account.login')), h('dd', null, h('bdi', null, user.login)),
                h('dt', null, t('account.role')), h('dd', null, roleLabel(user.role)),
                user.student_code ? [h('dt', null, t('account.student_code')), h('dd', null, h('bdi', null, user.student_code))] : null),
            languageForm(ctx), passwordForm(ctx));
    },
};
