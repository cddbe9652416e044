// home.js — the home page (#/), one per role.
//
// The page is a table of doors (TILES): each names a route, and a door is shown only when a page
// is registered for that route AND the user's role may open it (ctx.canOpen). So when a colleague
// registers #/practice or #/majlis, its door appears here with no change to this file, and no one
// ever sees a door to a page that does not exist. Below the doors, teachers, school admins and
// admins see their classes (GET /api/classes) and school admins the schools they run
// (GET /api/schools); a class name links to #/classes/{id} once that page exists.

import { h } from '../dom.js';
import { errorText, loading, pageTitle } from '../ui.js';

// route, i18n keys of its title and one-line description, `big` for the learner's main door.
// `roles` narrows a door to some roles even when others may open the page (e.g. the admin may
// open a learner's page to check it, but it is not their door).
const TILES = [
    { route: '#/practice', label: 'home.tile.practice', text: 'home.tile.practice_text', big: true, roles: ['learner'] },
    { route: '#/progress', label: 'home.tile.progress', text: 'home.tile.progress_text', roles: ['learner'] },
    { route: '#/teach', label: 'home.tile.teach', text: 'home.tile.teach_text' },
    { route: '#/admin/users', label: 'home.tile.users', text: 'home.tile.users_text' },
    { route: '#/admin/roster', label: 'home.tile.roster', text: 'home.tile.roster_text' },
    { route: '#/majlis', label: 'home.tile.majlis', text: 'home.tile.majlis_text' },
    { route: '#/bot', label: 'home.tile.bot', text: 'home.tile.bot_text' },
    { route: '#/events', label: 'home.tile.events', text: 'home.tile.events_text' },
    { route: '#/library', label: 'home.tile.library', text: 'home.tile.library_text' },
    { route: '#/account', label: 'home.tile.account', text: 'home.tile.account_text' },
];

const SEES_CLASSES = ['teacher', 'school_admin'];
const SEES_SCHOOLS = ['school_admin'];

function tiles(ctx) {
    const role = ctx.user.role;
    const open = TILES.filter((tile) => (!tile.roles || tile.roles.includes(role)) && ctx.canOpen(tile.route));
    if (open.length === 0) return null;
    return h('ul', { class: 'tiles' }, open.map((tile) => h('li', { class: tile.big ? 'tile tile-big' : 'tile' },
        h('a', { href: tile.route, class: 'tile-link' },
            h('span', { class: 'tile-title' }, ctx.t(tile.label)),
            h('span', { class: 'tile-text' }, ctx.t(tile.text))))));
}

// Places have names in Arabic and French (name_ar, name_fr); show the one that suits the page.
function nameOf(x, lang) {
    if (x === null || x === undefined) return '';
    if (typeof x === 'string' || typeof x === 'number') return String(x);
    if (lang === 'ar' && x.name_ar) return x.name_ar;
    return x.name || x.name_fr || x.name_ar || '';
}

async function classesSection(ctx) {
    const { t } = ctx;
    const section = h('section', { class: 'section', 'aria-labelledby': 'home-classes' },
        h('h2', { id: 'home-classes', class: 'section-title' }, t('home.classes.title')), loading());
    const fill = async () => {
        const body = section.querySelector('.loading');
        try {
            const data = await ctx.api.get('/api/classes');
            const list = Array.isArray(data) ? data : (data && data.classes) || [];
            if (list.length === 0) {
                body.replaceWith(h('p', { class: 'empty' }, t('home.classes.none')));
                return;
            }
            const rows = list.map((c) => {
                const route = `#/classes/${encodeURIComponent(c.id)}`;
                const name = ctx.canOpen(route) ? h('a', { href: route }, c.name) : c.name;
                return h('tr', null, h('th', { scope: 'row' }, name), h('td', null, c.grade ?? ''),
                    h('td', null, c.section ?? ''), h('td', null, c.school_year ?? ''),
                    h('td', null, nameOf(c.school, ctx.lang)), h('td', null, c.teacher || ''),
                    h('td', { class: 'num' }, ctx.num(c.learners ?? 0)));
            });
            body.replaceWith(h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
                h('caption', { class: 'visually-hidden' }, t('home.classes.title')),
                h('thead', null, h('tr', null, ['class', 'grade', 'section', 'year', 'school', 'teacher', 'learners']
                    .map((k) => h('th', { scope: 'col', class: k === 'learners' ? 'num' : null }, t(`home.classes.col.${k}`))))),
                h('tbody', null, rows))));
        } catch (err) {
            if (err.status === 401) return;
            body.replaceWith(h('p', { class: 'alert alert-error', role: 'alert' }, errorText(err)));
        }
    };
    return { section, fill };
}

// GET /api/schools answers a flat list, each school carrying its province and region; the page
// shows it as the tree region → province → schools, in the order the server sorted it.
function renderSchools(data, t, lang) {
    const schools = (data && data.schools) || [];
    if (schools.length === 0) return h('p', { class: 'empty' }, t('home.schools.none'));
    const regions = new Map();
    for (const s of schools) {
        const rk = s.region ? s.region.id : 0;
        if (!regions.has(rk)) regions.set(rk, { place: s.region, provinces: new Map() });
        const provinces = regions.get(rk).provinces;
        const pk = s.province ? s.province.id : 0;
        if (!provinces.has(pk)) provinces.set(pk, { place: s.province, schools: [] });
        provinces.get(pk).schools.push(s);
    }
    return h('ul', { class: 'tree' }, [...regions.values()].map((r) => h('li', null, nameOf(r.place, lang),
        h('ul', null, [...r.provinces.values()].map((p) => h('li', null, nameOf(p.place, lang),
            h('ul', null, p.schools.map((s) => h('li', null, h('strong', null, nameOf(s, lang)),
                s.code ? [' ', h('span', { class: 'sub-inline' }, h('bdi', null, s.code))] : null)))))))));
}

async function schoolsSection(ctx) {
    const { t } = ctx;
    const section = h('section', { class: 'section', 'aria-labelledby': 'home-schools' },
        h('h2', { id: 'home-schools', class: 'section-title' }, t('home.schools.title')), loading());
    const fill = async () => {
        const body = section.querySelector('.loading');
        try {
            body.replaceWith(renderSchools(await ctx.api.get('/api/schools'), t, ctx.lang));
        } catch (err) {
            if (err.status === 401) return;
            body.replaceWith(h('p', { class: 'alert alert-error', role: 'alert' }, errorText(err)));
        }
    };
    return { section, fill };
}

export default {
    route: '#/',
    roles: ['learner', 'teacher', 'school_admin', 'council_member', 'council_secretariat', 'admin'],
    title: 'home.title',
    nav: 'nav.home',
    async render(root, ctx) {
        const { t, user } = ctx;
        const role = user.role;
        root.append(pageTitle(t('home.hello', { name: ctx.displayName(user) }), t(`home.lead.${role}`)));
        // Until a colleague registers this role's own pages, say so kindly instead of showing
        // an almost empty page (the account door alone does not count).
        const doors = tiles(ctx);
        const own = doors && doors.querySelector('a:not([href="#/account"])');
        if (!own) root.append(h('div', { class: 'card card-calm' }, h('p', null, t(`home.nothing.${role}`))));
        if (doors) root.append(doors);
        const parts = [];
        if (SEES_SCHOOLS.includes(role)) parts.push(await schoolsSection(ctx));
        if (SEES_CLASSES.includes(role)) parts.push(await classesSection(ctx));
        for (const p of parts) root.append(p.section);
        await Promise.all(parts.map((p) => p.fill()));
    },
};
