// login.js — the sign-in page (#/login): login and password, POST /api/auth/login.
//
// Errors appear in a role="alert" box above the form and next to the field concerned: empty
// fields are caught here; 401 (wrong login or password — the server gives one answer for both,
// and so do we), 429 (too many attempts, with the wait the server asks for) and network failures
// come from the server. The password field is cleared after a failure, the login is kept.

import { h } from '../dom.js';
import { PUBLIC } from '../router.js';
import { errorText, field, pageTitle, problemSummary, showProblems } from '../ui.js';

function failureMessage(err, t) {
    if (err.status === 401) return t('login.error.wrong');
    if (err.status === 429) {
        return err.retryAfter
            ? t('login.error.rate_limited_wait', { count: Math.max(1, Math.ceil(err.retryAfter / 60)) })
            : t('login.error.rate_limited');
    }
    return errorText(err);
}

export default {
    route: '#/login',
    roles: [PUBLIC],
    title: 'login.title',
    render(root, ctx) {
        const { t } = ctx;
        const login = field({ name: 'login', label: t('login.login'), autocomplete: 'username',
            required: true, attrs: { autocapitalize: 'none', spellcheck: 'false' } });
        const password = field({ name: 'password', type: 'password', label: t('login.password'),
            autocomplete: 'current-password', required: true });
        const summary = problemSummary();
        const submit = h('button', { type: 'submit', class: 'button button-primary button-wide' }, t('login.submit'));
        const notice = ctx.takeNotice();
        const form = h('form', { class: 'form', novalidate: true, 'aria-labelledby': 'login-heading' },
            summary, login, password, submit);
        form.addEventListener('submit', async (e) => {
            e.preventDefault();
            const problems = [];
            if (!login.input.value.trim()) problems.push({ field: login, message: t('login.error.login_required') });
            if (!password.input.value) problems.push({ field: password, message: t('login.error.password_required') });
            showProblems(summary, [login, password], problems);
            if (problems.length) return;
            submit.disabled = true;
            try {
                const res = await ctx.api.post('/api/auth/login',
                    { login: login.input.value.trim(), password: password.input.value },
                    { noAuthRedirect: true });
                await ctx.signedIn(res.user);
            } catch (err) {
                password.input.value = '';
                const target = err.field === 'login' ? login : password;
                showProblems(summary, [login, password], [{ field: target, message: failureMessage(err, t) }]);
            } finally {
                submit.disabled = false;
            }
        });
        const title = pageTitle(t('login.heading'), t('login.lead'));
        title.querySelector('h1').id = 'login-heading';
        root.append(h('section', { class: 'auth' },
            h('div', { class: 'card auth-card' },
                title,
                notice ? h('div', { class: 'alert alert-info', role: 'status' }, t(notice)) : null,
                form,
                h('p', { class: 'hint auth-help' }, t('login.help')))));
    },
};
