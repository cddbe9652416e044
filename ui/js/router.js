// router.js — hash routes (#/admin/users, #/classes/3) mapped to page modules.
//
// A page is a plain object: { route, roles, title, nav, render(root, ctx) } (see pages/index.js).
// `route` may hold parameters (`#/classes/:id`); match() returns the page and the decoded
// parameters. `roles` lists who may open the page; the special value PUBLIC means "anyone,
// signed in or not" (the sign-in page). The router only matches: app.js decides what to show
// when a page is not allowed, so the rule lives in one place.

export const PUBLIC = 'public';
export const ALL_ROLES = [
    'learner', 'teacher', 'school_admin', 'council_member', 'council_secretariat', 'admin',
];

function compile(route) {
    const names = [];
    const src = route.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (m, name) => {
        names.push(name);
        return '([^/]+)';
    });
    return { re: new RegExp(`^${src}/?$`), names };
}

export class Router {
    constructor(pages) {
        this.pages = pages.map((page) => ({ page, ...compile(page.route) }));
    }

    /** { page, params } for a hash like "#/classes/3", or null. Query (?a=b) is ignored. */
    match(hash) {
        const path = (hash || '#/').split('?')[0] || '#/';
        for (const { page, re, names } of this.pages) {
            const m = re.exec(path);
            if (m) {
                const params = {};
                names.forEach((n, i) => { params[n] = decodeURIComponent(m[i + 1]); });
                return { page, params };
            }
        }
        return null;
    }

    /** True when a page is registered for route (a pattern like "#/classes/:id" or a path). */
    has(route) {
        return this.pages.some(({ page, re }) => page.route === route || re.test(route));
    }

    /** True when role may open page (PUBLIC pages are open to all, signed in or not). */
    static allowed(page, role) {
        return page.roles.includes(PUBLIC) || (role !== null && page.roles.includes(role));
    }

    /** True when a page for route exists and role may open it. */
    canOpen(route, role) {
        const m = this.match(route);
        return m !== null && Router.allowed(m.page, role);
    }

    /** Pages that belong in the navigation for role, in registry order. */
    navFor(role) {
        return this.pages.map((p) => p.page).filter((p) => p.nav && Router.allowed(p, role));
    }
}
