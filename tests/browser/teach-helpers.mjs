// teach-helpers.mjs — what the teacher's browser tests (teacher.test.mjs, content-import.test.mjs)
// share: the page's strings, reading and writing the API from the signed-in page, and opening the
// demo class CE2-A as its teacher. Not a test file itself (run.mjs loads only *.test.mjs).

/** The i18n strings of the page's current language. */
export async function pageStrings(page, ctx) {
    return ctx.strings(await page.evaluate(() => document.documentElement.lang));
}

/** A GET from the page, with its session; the parsed JSON. */
export async function api(page, path) {
    return page.evaluate(async (p) => (await fetch(p, { credentials: 'same-origin' })).json(), path);
}

/** A state-changing call from the page, with the CSRF header the API asks for. */
export async function send(page, method, p, body, type = 'application/json') {
    return page.evaluate(async ([m, url, b, ty]) => {
        const csrf = (document.cookie.match(/(?:^|; )madrasa_csrf=([^;]*)/) || [])[1] || '';
        const r = await fetch(url, { method: m, credentials: 'same-origin', headers: { 'Content-Type': ty, 'X-CSRF-Token': decodeURIComponent(csrf) }, body: b });
        return { status: r.status, json: await r.json().catch(() => null) };
    }, [method, p, body, type]);
}

/** Signs in as the demo teacher, opens CE2-A from "My classes"; the class id. */
export async function openCE2A(page, ctx) {
    await ctx.signIn(page, 'teacher');
    await page.goto(`${ctx.base}/#/teach`);
    await page.locator('main table a', { hasText: 'CE2-A' }).first().click();
    await page.locator('table.heatmap').waitFor();
    return /#\/classes\/(\d+)/.exec(page.url())[1];
}
