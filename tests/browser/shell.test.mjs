// shell.test.mjs — the web shell: sign-in, home per role, navigation by role, the language switch
// (Arabic is right-to-left and the choice is remembered), errors, small screens, and the four
// string files. Runs against the demo data (`madrasa demo`); checks read the expected texts from
// ui/i18n so they hold in whatever language the page is in.

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const UI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'ui');

/** The strings of the language the page currently shows. */
async function pageStrings(page, ctx) {
    return ctx.strings(await page.evaluate(() => document.documentElement.lang));
}

async function chooseLanguage(page, code) {
    await page.locator('#lang-switch').selectOption(code);
    await page.locator(`html[lang="${code}"]`).waitFor({ state: 'attached' });
}

async function noHorizontalScroll(page, what, ctx) {
    const { scroll, client } = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth,
    }));
    ctx.expect(scroll <= client, `${what}: the page scrolls sideways (${scroll} > ${client} px)`);
}

export default [
    {
        name: 'admin signs in with the form and sees the home page',
        async fn(page, ctx) {
            await ctx.signIn(page, 'admin');
            await page.waitForURL(/#\/$/);
            const s = await pageStrings(page, ctx);
            const title = await page.locator('main h1').textContent();
            ctx.expect(title.includes(s['home.hello'].split('{name}')[0].trim()), `home title is "${title}"`);
            const nav = page.locator('#nav-list a[href="#/admin/users"]');
            ctx.expect(await nav.isVisible(), 'the admin sees the user management link');
            ctx.expect((await nav.textContent()) === s['nav.users'], 'the link carries its translated label');
            ctx.expect(await page.locator('.tiles a[href="#/admin/users"]').isVisible(), 'the home page has a door to users');
        },
    },
    {
        name: 'switching to Arabic turns the page right-to-left, and the choice is remembered',
        async fn(page, ctx) {
            const ar = await ctx.strings('ar');
            await ctx.signIn(page, 'admin');
            await chooseLanguage(page, 'fr');
            await chooseLanguage(page, 'ar');
            await page.locator('html[dir="rtl"][lang="ar"]').waitFor({ state: 'attached' });
            await page.getByRole('link', { name: ar['nav.users'] }).first().waitFor();
            ctx.expect(await page.getByText(ar['shell.sign_out']).isVisible(), 'the sign-out button is in Arabic');
            // Right-to-left by structure: the brand now sits on the right, the language switch on the left.
            const brand = await page.locator('.brand').boundingBox();
            const lang = await page.locator('#lang-switch').boundingBox();
            ctx.expect(brand.x > lang.x, `brand at x=${brand.x} should be right of the switch at x=${lang.x}`);
            await page.reload();
            await page.locator('html[dir="rtl"][lang="ar"]').waitFor({ state: 'attached' });
            await page.getByRole('link', { name: ar['nav.users'] }).first().waitFor();
            // Another device (no localStorage): the server remembers the choice for this user.
            const other = await ctx.newPage();
            await ctx.signIn(other, 'admin');
            await other.locator('html[dir="rtl"][lang="ar"]').waitFor({ state: 'attached' });
            await chooseLanguage(page, 'fr');
            ctx.expect(await page.evaluate(() => document.documentElement.dir) === 'ltr', 'French is left-to-right');
        },
    },
    {
        name: 'Amazigh shows Tifinagh and stays left-to-right',
        async fn(page, ctx) {
            const zgh = await ctx.strings('zgh');
            await page.goto(`${ctx.base}/#/login`);
            await chooseLanguage(page, 'zgh');
            ctx.expect(await page.evaluate(() => document.documentElement.dir) === 'ltr', 'zgh is left-to-right');
            const label = await page.locator('label[for^="login"]').textContent();
            ctx.expect(label === zgh['login.login'] && /[\u2D30-\u2D7F]/.test(label), `login label is "${label}"`);
        },
    },
    {
        name: 'a learner sees no admin navigation and is refused the admin page',
        async fn(page, ctx) {
            await ctx.signIn(page, 'amina');
            const s = await pageStrings(page, ctx);
            ctx.expect(await page.locator('#nav-list a[href^="#/admin"]').count() === 0, 'no admin link in the navigation');
            ctx.expect(await page.locator('main a[href^="#/admin"]').count() === 0, 'no admin door on the home page');
            await page.goto(`${ctx.base}/#/admin/users`);
            await page.locator('main h1', { hasText: s['shell.not_allowed_title'] }).waitFor();
            ctx.expect(await page.getByRole('alert').filter({ hasText: s['shell.not_allowed'] }).isVisible(),
                'the not-allowed message is shown');
            ctx.expect(await page.locator('table').count() === 0, 'no user table leaked onto the page');
        },
    },
    {
        name: 'a wrong password shows the error next to the form',
        async fn(page, ctx) {
            await page.goto(`${ctx.base}/#/login`);
            const s = await pageStrings(page, ctx);
            await page.locator('input[name="login"]').fill('admin');
            await page.locator('input[name="password"]').fill('not-the-password');
            await page.locator('form button[type="submit"]').click();
            const alert = page.locator('form [role="alert"]');
            await alert.filter({ hasText: s['login.error.wrong'] }).waitFor();
            ctx.expect(await page.locator('input[name="password"]').getAttribute('aria-invalid') === 'true',
                'the password field is marked invalid');
            ctx.expect(await page.locator('#sign-out').isHidden(), 'still signed out');
            ctx.expect(/#\/login$/.test(page.url()), 'still on the sign-in page');
        },
    },
    {
        name: 'empty fields are caught before anything is sent',
        async fn(page, ctx) {
            await page.goto(`${ctx.base}/#/login`);
            const s = await pageStrings(page, ctx);
            let posted = false;
            page.on('request', (r) => { if (r.url().endsWith('/api/auth/login')) posted = true; });
            await page.locator('form button[type="submit"]').click();
            await page.locator('.field-error', { hasText: s['login.error.login_required'] }).waitFor();
            await page.locator('.field-error', { hasText: s['login.error.password_required'] }).waitFor();
            ctx.expect(await page.evaluate(() => document.activeElement.name) === 'login', 'focus moves to the first bad field');
            ctx.expect(!posted, 'no request was sent');
        },
    },
    {
        name: 'a signed-out visitor is sent to sign in, then back where they were going',
        async fn(page, ctx) {
            await page.goto(`${ctx.base}/#/account`);
            await page.waitForURL(/#\/login$/);
            await page.locator('input[name="login"]').fill('youssef');
            await page.locator('input[name="password"]').fill('madrasa-demo');
            await page.locator('form button[type="submit"]').click();
            await page.waitForURL(/#\/account$/);
            await page.locator('#sign-out').click();
            await page.waitForURL(/#\/login$/);
            await page.goto(`${ctx.base}/#/`);
            await page.waitForURL(/#\/login$/);
        },
    },
    {
        name: 'the teacher sees class CE2-A on the home page',
        async fn(page, ctx) {
            await ctx.signIn(page, 'teacher');
            await page.locator('main table th', { hasText: 'CE2-A' }).waitFor();
            ctx.expect(await page.locator('#nav-list a[href^="#/admin"]').count() === 0, 'no admin link for a teacher');
        },
    },
    {
        name: 'the school director sees the schools and the classes',
        async fn(page, ctx) {
            await ctx.signIn(page, 'director');
            await page.locator('main .tree li').first().waitFor();
            await page.locator('main table th', { hasText: 'CE2-A' }).waitFor();
            ctx.expect(await page.locator('#nav-list a[href="#/admin/roster"]').isVisible(), 'the director may import a roster');
            ctx.expect(await page.locator('#nav-list a[href="#/admin/users"]').count() === 0, 'but not manage users');
        },
    },
    {
        name: 'the admin creates a user, finds it and resets its password',
        async fn(page, ctx) {
            const login = `ui-${Date.now().toString(36)}`;
            await ctx.signIn(page, 'admin');
            await page.goto(`${ctx.base}/#/admin/users`);
            await page.locator('main table').waitFor();
            const s = await pageStrings(page, ctx);
            await page.locator('details.disclosure summary').click();
            const form = page.locator('details.disclosure form');
            await form.locator('input[name="login"]').fill(login);
            await form.locator('input[name="name"]').fill('Test Learner');
            await form.locator('input[name="password"]').fill('short');
            await form.locator('button[type="submit"]').click();
            await form.locator('.field-error').filter({ hasText: s['password.error.short'].other.split('{count}')[0].trim() }).waitFor();
            await form.locator('input[name="password"]').fill('a-long-enough-password');
            await form.locator('button[type="submit"]').click();
            await page.getByRole('status').filter({ hasText: login }).waitFor();
            // the same login again: 409, shown on the login field
            await form.locator('input[name="login"]').fill(login);
            await form.locator('input[name="name"]').fill('Test Learner');
            await form.locator('input[name="password"]').fill('a-long-enough-password');
            await form.locator('button[type="submit"]').click();
            await form.locator('.field-error', { hasText: s['users.error.login_taken'] }).waitFor();
            // search finds it
            await page.locator('form[role="search"] input[name="q"]').fill(login);
            await page.locator('form[role="search"] button[type="submit"]').click();
            const row = page.locator('main tbody tr', { hasText: login });
            await row.waitFor();
            ctx.expect(await page.locator('main tbody tr').count() === 1, 'the search narrows to one row');
            // reset the password, then sign in with the new one elsewhere
            await row.locator('button').click();
            const dialog = page.locator('dialog[open]');
            await dialog.locator('input[name="password"]').fill('another-new-password');
            await dialog.locator('button[type="submit"]').click();
            await dialog.waitFor({ state: 'detached' }).catch(() => {});
            await page.locator('dialog[open]').waitFor({ state: 'hidden' });
            const other = await ctx.newPage();
            await ctx.signIn(other, login, 'another-new-password');
        },
    },
    {
        name: 'the director imports a roster: a bad line is named, a good file is imported',
        async fn(page, ctx) {
            const tag = Date.now().toString(36);
            const header = 'school_code,class,grade,school_year,login,name';
            await ctx.signIn(page, 'director');
            await page.goto(`${ctx.base}/#/admin/roster`);
            const s = await pageStrings(page, ctx);
            const text = page.locator('textarea[name="csv"]');
            await text.fill(`${header}\nSALE-001,CE2-A,3,2026-2027,r1-${tag},Rim Un\nSALE-001,CE2-A,notagrade,2026-2027,r2-${tag},Rim Deux\n`);
            await page.locator('main form button[type="submit"]').click();
            await page.getByRole('alert').filter({ hasText: s['roster.error.line'].replace('{line}', '3').split(';')[0] }).first().waitFor();
            ctx.expect(await page.locator('pre.code-line').isVisible(), 'the bad line is shown');
            await text.fill(`${header}\nSALE-001,CE2-A,3,2026-2027,r1-${tag},Rim Un\nSALE-001,CE2-A,3,2026-2027,r2-${tag},Rim Deux\n`);
            await page.locator('main form button[type="submit"]').click();
            await page.getByRole('status').filter({ hasText: '2' }).first().waitFor();
            ctx.expect(await page.locator('main table tbody tr').count() === 2, 'two generated passwords to hand out');
            const pw = await page.locator('main table tbody tr').first().locator('td').textContent();
            const other = await ctx.newPage();
            await ctx.signIn(other, `r1-${tag}`, pw.trim());
        },
    },
    {
        name: 'a 360-pixel phone never scrolls sideways',
        async fn(page, ctx) {
            await page.setViewportSize({ width: 360, height: 740 });
            await page.goto(`${ctx.base}/#/login`);
            await page.locator('input[name="login"]').waitFor();
            await noHorizontalScroll(page, 'sign-in', ctx);
            await ctx.signIn(page, 'admin');
            for (const code of ['fr', 'ar']) {
                await chooseLanguage(page, code);
                await page.goto(`${ctx.base}/#/`);
                await page.locator('main .tiles').waitFor();
                await noHorizontalScroll(page, `home (${code})`, ctx);
                await page.goto(`${ctx.base}/#/admin/users`);
                await page.locator('main table').waitFor();
                await noHorizontalScroll(page, `users (${code})`, ctx);
            }
            await chooseLanguage(page, 'fr');
            const size = await page.locator('#lang-switch').boundingBox();
            ctx.expect(size.height >= 44, `the language switch is a 44-px touch target (${size.height})`);
        },
    },
    {
        name: 'every i18n file has the same keys, and every key the code uses exists',
        async fn(page, ctx) {
            const langs = ['ar', 'fr', 'en', 'zgh'];
            const files = Object.fromEntries(await Promise.all(langs.map(async (l) => [l, await ctx.strings(l)])));
            const ref = Object.keys(files.fr).sort();
            for (const l of langs) {
                const keys = Object.keys(files[l]).sort();
                const missing = ref.filter((k) => !(k in files[l]));
                const extra = keys.filter((k) => !(k in files.fr));
                ctx.expect(missing.length === 0 && extra.length === 0,
                    `${l}.json: missing ${missing.join(', ') || '-'}; extra ${extra.join(', ') || '-'}`);
                for (const k of ref) {
                    const a = files.fr[k];
                    const b = files[l][k];
                    ctx.expect(typeof a === typeof b, `${l}.json: ${k} is a ${typeof b}, fr has a ${typeof a}`);
                    if (typeof b === 'object') ctx.expect('other' in b, `${l}.json: ${k} has no "other" plural form`);
                }
            }
            const tifinagh = Object.values(files.zgh).filter((v) => /[\u2D30-\u2D7F]/.test(JSON.stringify(v))).length;
            ctx.expect(tifinagh / ref.length > 0.95, `zgh.json: only ${tifinagh} of ${ref.length} strings are in Tifinagh`);
            // every literal t('key') / title: 'key' / nav: 'key' in ui/js names an existing key
            const used = new Set();
            const walk = async (dir) => {
                for (const e of await readdir(dir, { withFileTypes: true })) {
                    const p = path.join(dir, e.name);
                    if (e.isDirectory()) await walk(p);
                    else if (e.name.endsWith('.js')) {
                        const src = (await readFile(p, 'utf8')).replace(/^\s*\/\/.*$/gm, '');
                        for (const m of src.matchAll(/\bt\('([a-z0-9_.]+)'|\b(?:title|nav|label|text): '([a-z0-9_.]+\.[a-z0-9_.]+)'/g)) {
                            used.add(m[1] || m[2]);
                        }
                    }
                }
            };
            await walk(path.join(UI, 'js'));
            const html = await readFile(path.join(UI, 'index.html'), 'utf8');
            for (const m of html.matchAll(/data-i18n(?:-label)?="([a-z0-9_.]+)"/g)) used.add(m[1]);
            const unknown = [...used].filter((k) => !(k in files.fr));
            ctx.expect(unknown.length === 0, `keys used but not defined: ${unknown.join(', ')}`);
            ctx.expect(used.size > 50, `only ${used.size} keys found in the code`);
        },
    },
];
