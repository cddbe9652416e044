// app.js — boots the web app: who is signed in, which language, which page.
//
// Order at start-up: GET /api/me (401 simply means "not signed in"), then the language — the
// user's saved choice, else this device's (localStorage), else the browser's, else French — then
// the shell (header texts, language switch, navigation for the role) and the page for
// location.hash. Pages never touch the shell; they get a ctx (see makeCtx) and a root element.
// Access rule, in one place (show()): a page not open to the caller's role renders the
// "not allowed" message; a signed-out visitor is sent to the sign-in page and brought back after.
// The server checks every permission again; the UI only avoids showing doors that are locked.

import { api, setUnauthenticatedHandler } from './api.js';
import { h, replace } from './dom.js';
import {
    LANGUAGES, browserLanguage, isLanguage, lang, num, rememberLanguage, setLanguage, storedLanguage, t,
} from './i18n.js';
import { PUBLIC, Router } from './router.js';
import { pages } from './pages/index.js';

const router = new Router(pages);
const state = { user: null, returnTo: null, firstRender: true, notice: null };
const PICKED_KEY = 'madrasa.lang.picked'; // chosen on the sign-in page, before the user was known

const $ = (id) => document.getElementById(id);

function chooseLanguage(user) {
    if (user && isLanguage(user.lang)) return user.lang;
    return storedLanguage() || browserLanguage() || 'fr';
}

/** Fills every [data-i18n] element of the static shell and the language switch. */
function renderShell() {
    for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
    for (const el of document.querySelectorAll('[data-i18n-label]')) {
        el.setAttribute('aria-label', t(el.dataset.i18nLabel));
    }
    const select = $('lang-switch');
    replace(select, LANGUAGES.map((l) => h('option', { value: l.code, lang: l.code, dir: l.dir }, l.name)));
    select.value = lang();
    const role = state.user ? state.user.role : null;
    $('sign-out').hidden = !state.user;
    const who = $('who');
    who.hidden = !state.user;
    replace(who, state.user ? t('shell.signed_in_as', { name: displayName(state.user) }) : '');
    const items = router.navFor(role).map((page) => h('li', null,
        h('a', { href: page.route, class: 'nav-link', dataset: { route: page.route } }, t(page.nav))));
    replace($('nav-list'), items);
    $('site-nav').hidden = items.length === 0;
    markCurrentNav();
}

function markCurrentNav() {
    const path = (location.hash || '#/').split('?')[0];
    for (const a of document.querySelectorAll('#nav-list a')) {
        if (a.dataset.route === path) a.setAttribute('aria-current', 'page');
        else a.removeAttribute('aria-current');
    }
}

/** The name to greet a user with, in the script that suits the language. */
export function displayName(user) {
    if (!user) return '';
    if (lang() === 'ar' && user.name_ar) return user.name_ar;
    return user.name || user.name_latin || user.name_ar || user.login;
}

function navigate(hash, { replaceEntry = false } = {}) {
    if (location.hash === hash) {
        show();
    } else if (replaceEntry) {
        history.replaceState(null, '', hash);
        show();
    } else {
        location.hash = hash;
    }
}

async function changeLanguage(code) {
    if (!isLanguage(code) || code === lang()) return;
    await setLanguage(code);
    rememberLanguage(code);
    if (state.user) {
        state.user.lang = code;
        api.put('/api/me/lang', { lang: code }).catch(() => { /* kept on this device anyway */ });
    } else {
        try { sessionStorage.setItem(PICKED_KEY, code); } catch { /* ignore */ }
    }
    renderShell();
    await show({ keepFocus: true });
    $('lang-switch').focus();
}

/** Called by the sign-in page with the user the server returned. */
async function signedIn(user) {
    state.user = user;
    let picked = null;
    try { picked = sessionStorage.getItem(PICKED_KEY); sessionStorage.removeItem(PICKED_KEY); } catch { /* ignore */ }
    if (picked && picked === lang() && user.lang !== picked) {
        user.lang = picked;
        api.put('/api/me/lang', { lang: picked }).catch(() => {});
    } else if (isLanguage(user.lang) && user.lang !== lang()) {
        await setLanguage(user.lang);
        rememberLanguage(user.lang);
    }
    renderShell();
    const to = state.returnTo && state.returnTo !== '#/login' ? state.returnTo : '#/';
    state.returnTo = null;
    navigate(to, { replaceEntry: true });
}

async function signOut() {
    try {
        await api.post('/api/auth/logout', undefined, { noAuthRedirect: true });
    } catch { /* the session is gone either way */ }
    state.user = null;
    renderShell();
    navigate('#/login', { replaceEntry: true });
}

function sessionExpired() {
    if (!state.user) return;
    state.user = null;
    state.returnTo = (location.hash || '#/').split('?')[0];
    state.notice = 'login.session_expired';
    renderShell();
    navigate('#/login', { replaceEntry: true });
}

function makeCtx(params) {
    return {
        user: state.user,
        params,
        api,
        t,
        num,
        lang: lang(),
        navigate,
        signedIn,
        signOut,
        setLanguage: changeLanguage,
        displayName,
        /** True when a page exists for route and the current user may open it. */
        canOpen: (route) => router.canOpen(route, state.user ? state.user.role : null),
        /** A one-shot message for the next page (e.g. "session expired"), then cleared. */
        takeNotice: () => { const n = state.notice; state.notice = null; return n; },
    };
}

function messagePage(titleKey, textKey) {
    return h('section', { class: 'panel panel-notice' },
        h('h1', { class: 'page-title', tabindex: '-1' }, t(titleKey)),
        h('p', { role: 'alert' }, t(textKey)),
        h('p', null, h('a', { href: '#/', class: 'button' }, t('shell.go_home'))));
}

/** Renders the page for location.hash, enforcing sign-in and roles. */
async function show({ keepFocus = false } = {}) {
    const hash = location.hash || '#/';
    if (!hash.startsWith('#/')) return; // in-page anchors, e.g. the skip link
    const main = $('main');
    const role = state.user ? state.user.role : null;
    const m = router.match(hash);
    if (m && !m.page.roles.includes(PUBLIC) && !state.user) {
        state.returnTo = hash;
        navigate('#/login', { replaceEntry: true });
        return;
    }
    if (m && m.page.route === '#/login' && state.user) {
        navigate('#/', { replaceEntry: true });
        return;
    }
    markCurrentNav();
    const view = h('div', { class: 'view' });
    replace(main, view);
    if (!m) {
        document.title = `${t('shell.not_found_title')} — ${t('app.name')}`;
        append(view, messagePage('shell.not_found_title', 'shell.not_found'));
    } else if (!Router.allowed(m.page, role)) {
        document.title = `${t('shell.not_allowed_title')} — ${t('app.name')}`;
        append(view, messagePage('shell.not_allowed_title', 'shell.not_allowed'));
    } else {
        document.title = `${t(m.page.title)} — ${t('app.name')}`;
        try {
            await m.page.render(view, makeCtx(m.params));
        } catch (err) {
            if (err && err.status === 401) return;
            console.error(err);
            replace(view, h('div', { class: 'alert alert-error', role: 'alert' }, t('error.page_failed')));
        }
    }
    if (!state.firstRender && !keepFocus) {
        const title = view.querySelector('h1');
        if (title) {
            if (!title.hasAttribute('tabindex')) title.setAttribute('tabindex', '-1');
            title.focus();
        }
    }
    state.firstRender = false;
}

function append(el, child) {
    el.appendChild(child);
}

async function boot() {
    setUnauthenticatedHandler(sessionExpired);
    try {
        state.user = await api.get('/api/me', { noAuthRedirect: true });
    } catch (err) {
        state.user = null;
        if (err.status !== 401) console.warn('madrasa: /api/me', err);
    }
    await setLanguage(chooseLanguage(state.user));
    renderShell();
    $('lang-switch').addEventListener('change', (e) => changeLanguage(e.target.value));
    $('sign-out').addEventListener('click', signOut);
    $('skip-link').addEventListener('click', (e) => {
        e.preventDefault();
        const title = $('main').querySelector('h1');
        (title || $('main')).focus();
    });
    window.addEventListener('hashchange', () => show());
    document.body.classList.add('ready');
    await show();
}

boot().catch((err) => {
    console.error(err);
    const main = $('main');
    if (main) replace(main, h('div', { class: 'alert alert-error', role: 'alert' }, 'Madrasa: ' + err.message));
});
