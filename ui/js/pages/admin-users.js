// admin-users.js — user management for the admin (#/admin/users).
//
// Three parts: a search (text and role filter) over GET /api/admin/users with paging; a form to
// create a user (POST /api/admin/users) that checks what it can before sending and puts the
// server's verdict (409 login taken, 400 with a field) next to the right field; and, per row, a
// password reset (POST /api/admin/users/{id}/password) in a modal <dialog>. The server enforces
// that only an admin gets here; the router shows others the "not allowed" message.

import { h, replace } from '../dom.js';
import { LANGUAGES } from '../i18n.js';
import {
    ROLES, errorText, field, loading, pageTitle, problemSummary, roleLabel, showProblems, showStatus,
    statusBox,
} from '../ui.js';

const PAGE_SIZE = 25;
const MIN_PASSWORD = 10;

/** Puts a server error on the field it names (or on `fallback`), in the user's language. */
function serverProblem(err, fields, fallback, t) {
    if (err.status === 409) return { field: fields.login || fallback, message: t('users.error.login_taken') };
    const target = (err.field && fields[err.field]) || fallback;
    if (err.code === 'invalid' && err.field && fields[err.field]) {
        return { field: target, message: t('error.invalid_field', { field: target.querySelector('label').textContent }) };
    }
    return { field: target, message: errorText(err) };
}

function createForm(ctx, onCreated) {
    const { t } = ctx;
    const f = {
        login: field({ name: 'login', label: t('users.field.login'), hint: t('users.hint.login'), required: true,
            autocomplete: 'off', attrs: { autocapitalize: 'none', spellcheck: 'false' } }),
        role: field({ name: 'role', label: t('users.field.role'), value: 'learner',
            options: ROLES.map((r) => ({ value: r, label: roleLabel(r) })) }),
        name: field({ name: 'name', label: t('users.field.name'), hint: t('users.hint.name'), required: true, autocomplete: 'off' }),
        name_ar: field({ name: 'name_ar', label: t('users.field.name_ar'), autocomplete: 'off', attrs: { dir: 'rtl', lang: 'ar' } }),
        name_latin: field({ name: 'name_latin', label: t('users.field.name_latin'), autocomplete: 'off', attrs: { dir: 'ltr' } }),
        student_code: field({ name: 'student_code', label: t('users.field.student_code'), hint: t('users.hint.student_code'),
            autocomplete: 'off', attrs: { dir: 'ltr', spellcheck: 'false' } }),
        lang: field({ name: 'lang', label: t('users.field.lang'), value: ctx.lang,
            options: LANGUAGES.map((l) => ({ value: l.code, label: l.name, lang: l.code })) }),
        password: field({ name: 'password', type: 'password', label: t('users.field.password'),
            hint: t('password.hint', { count: MIN_PASSWORD }), required: true, autocomplete: 'new-password' }),
    };
    const all = Object.values(f);
    const summary = problemSummary();
    const status = statusBox();
    const submit = h('button', { type: 'submit', class: 'button button-primary' }, t('users.create.submit'));
    const syncCode = () => { f.student_code.hidden = f.role.input.value !== 'learner'; };
    f.role.input.addEventListener('change', syncCode);
    syncCode();
    const form = h('form', { class: 'form', novalidate: true }, summary, all, submit);
    form.addEventListener('submit', async (e) => {
        e.preventDefault();
        showStatus(status, null);
        const v = Object.fromEntries(Object.entries(f).map(([k, w]) => [k, w.input.value.trim()]));
        v.password = f.password.input.value;
        const problems = [];
        if (!v.login) problems.push({ field: f.login, message: t('users.error.login_required') });
        else if (/\s/.test(v.login)) problems.push({ field: f.login, message: t('users.error.login_spaces') });
        if (!v.name) problems.push({ field: f.name, message: t('users.error.name_required') });
        if (v.password.length < MIN_PASSWORD) {
            problems.push({ field: f.password, message: t('password.error.short', { count: MIN_PASSWORD }) });
        }
        showProblems(summary, all, problems);
        if (problems.length) return;
        const body = { login: v.login, role: v.role, name: v.name, lang: v.lang, password: v.password };
        for (const k of ['name_ar', 'name_latin']) if (v[k]) body[k] = v[k];
        if (v.role === 'learner' && v.student_code) body.student_code = v.student_code;
        submit.disabled = true;
        try {
            const res = await ctx.api.post('/api/admin/users', body);
            form.reset();
            f.lang.input.value = ctx.lang;
            syncCode();
            showStatus(status, t('users.create.done', { login: (res && res.user && res.user.login) || v.login }));
            onCreated();
        } catch (err) {
            if (err.status === 401) return;
            showProblems(summary, all, [serverProblem(err, f, f.login, t)]);
        } finally {
            submit.disabled = false;
        }
    });
    return h('details', { class: 'disclosure' },
        h('summary', { class: 'disclosure-summary' }, t('users.create.title')),
        h('div', { class: 'disclosure-body' }, status, form));
}

function resetDialog(ctx, announce) {
    const { t } = ctx;
    const password = field({ name: 'password', type: 'password', label: t('users.reset.new'),
        hint: t('password.hint', { count: MIN_PASSWORD }), autocomplete: 'new-password', required: true });
    const summary = problemSummary();
    const heading = h('h2', { class: 'dialog-title', id: 'reset-title' });
    const submit = h('button', { type: 'submit', class: 'button button-primary' }, t('users.reset.submit'));
    const close = h('button', { type: 'button', class: 'button button-secondary' }, t('action.close'));
    const form = h('form', { class: 'form', novalidate: true }, summary, password,
        h('div', { class: 'button-row' }, submit, close));
    const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': 'reset-title' }, heading, form);
    let user = null;
    close.addEventListener('click', () => dialog.close());
    form.addEventListener('submit', async (e) => {
        e.preventDefault();
        const pw = password.input.value;
        if (pw.length < MIN_PASSWORD) {
            showProblems(summary, [password], [{ field: password, message: t('password.error.short', { count: MIN_PASSWORD }) }]);
            return;
        }
        submit.disabled = true;
        try {
            await ctx.api.post(`/api/admin/users/${encodeURIComponent(user.id)}/password`, { password: pw });
            dialog.close();
            announce(t('users.reset.done', { login: user.login }));
        } catch (err) {
            if (err.status === 401) return;
            showProblems(summary, [password], [serverProblem(err, { password }, password, t)]);
        } finally {
            submit.disabled = false;
        }
    });
    return {
        dialog,
        openFor(u) {
            user = u;
            replace(heading, t('users.reset.title', { login: u.login }));
            password.input.value = '';
            showProblems(summary, [password], []);
            dialog.showModal();
            password.input.focus();
        },
    };
}

export default {
    route: '#/admin/users',
    roles: ['admin'],
    title: 'users.title',
    nav: 'nav.users',
    render(root, ctx) {
        const { t } = ctx;
        const state = { q: '', role: '', offset: 0 };
        const status = statusBox();
        const results = h('div', { class: 'results', 'aria-live': 'polite' });
        const reset = resetDialog(ctx, (msg) => showStatus(status, msg));

        const q = field({ name: 'q', type: 'search', label: t('users.search.q'), hint: t('users.search.q_hint'), autocomplete: 'off' });
        const role = field({ name: 'role', label: t('users.search.role'), value: '',
            options: [{ value: '', label: t('users.search.all_roles') }, ...ROLES.map((r) => ({ value: r, label: roleLabel(r) }))] });
        const search = h('form', { class: 'form form-inline', role: 'search', novalidate: true }, q, role,
            h('button', { type: 'submit', class: 'button' }, t('users.search.submit')));
        search.addEventListener('submit', (e) => {
            e.preventDefault();
            Object.assign(state, { q: q.input.value.trim(), role: role.input.value, offset: 0 });
            load();
        });
        role.input.addEventListener('change', () => search.requestSubmit());

        async function load() {
            replace(results, loading());
            const params = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(state.offset) });
            if (state.q) params.set('q', state.q);
            if (state.role) params.set('role', state.role);
            try {
                const data = await ctx.api.get(`/api/admin/users?${params}`);
                showResults(data.users || [], data.total ?? (data.users || []).length);
            } catch (err) {
                if (err.status === 401) return;
                replace(results, h('p', { class: 'alert alert-error', role: 'alert' }, errorText(err)));
            }
        }

        function showResults(users, total) {
            const count = h('p', { class: 'result-count' }, t('users.count', { count: total }));
            if (users.length === 0) {
                replace(results, count, h('p', { class: 'empty' }, t('users.none')));
                return;
            }
            const rows = users.map((u) => h('tr', null,
                h('th', { scope: 'row' }, h('bdi', null, u.login)),
                h('td', null, u.name || '', u.name_ar && u.name_ar !== u.name ? h('span', { class: 'sub', lang: 'ar', dir: 'rtl' }, u.name_ar) : null),
                h('td', null, h('span', { class: `badge badge-${u.role}` }, roleLabel(u.role))),
                h('td', { class: 'cell-code' }, h('bdi', null, u.student_code || '')),
                h('td', { class: 'cell-actions' }, h('button', { type: 'button', class: 'button button-small button-secondary',
                    onclick: () => reset.openFor(u) }, t('users.reset.open'), h('span', { class: 'visually-hidden' }, ` — ${u.login}`)))));
            const pager = h('nav', { class: 'pager', 'aria-label': t('users.pager') },
                h('button', { type: 'button', class: 'button button-secondary', disabled: state.offset === 0,
                    onclick: () => { state.offset = Math.max(0, state.offset - PAGE_SIZE); load(); } }, t('action.previous')),
                h('span', { class: 'pager-where' }, t('users.range', { from: state.offset + 1, to: state.offset + users.length, count: total })),
                h('button', { type: 'button', class: 'button button-secondary', disabled: state.offset + users.length >= total,
                    onclick: () => { state.offset += PAGE_SIZE; load(); } }, t('action.next')));
            replace(results, count, h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
                h('caption', { class: 'visually-hidden' }, t('users.title')),
                h('thead', null, h('tr', null, ['login', 'name', 'role', 'student_code', 'actions']
                    .map((k) => h('th', { scope: 'col' }, t(`users.col.${k}`))))),
                h('tbody', null, rows))), total > PAGE_SIZE ? pager : null);
        }

        root.append(pageTitle(t('users.title'), t('users.lead')), status,
            createForm(ctx, load),
            h('section', { class: 'section', 'aria-labelledby': 'users-list' },
                h('h2', { id: 'users-list', class: 'section-title' }, t('users.list.title')), search, results),
            reset.dialog);
        load();
    },
};
