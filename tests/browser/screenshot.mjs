// screenshot.mjs — takes docs/screenshot.png for the README: a home page at 1280×800.
//
//   MADRASA_URL=http://127.0.0.1:8181 node tests/browser/screenshot.mjs [login] [lang] [out.png]
//
// Defaults: the demo school director (`director`, who sees doors, schools and classes) in Arabic,
// written to docs/screenshot.png. The language is chosen with the page's own switch and the
// user's previous language is put back afterwards, so the demo data is left as it was.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, signIn } from './run.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const base = (process.env.MADRASA_URL || '').replace(/\/$/, '');
const [login = 'director', lang = 'ar', out = path.join(ROOT, 'docs', 'screenshot.png')] = process.argv.slice(2);

if (!base) {
    console.error('screenshot.mjs: set MADRASA_URL to a running madrasa server with demo data');
    process.exit(2);
}

const browser = await launch();
try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await signIn(page, base, login);
    const before = await page.evaluate(() => document.documentElement.lang);
    await page.locator('#lang-switch').selectOption(lang);
    await page.locator(`html[lang="${lang}"]`).waitFor({ state: 'attached' });
    await page.goto(`${base}/#/`);
    await page.locator('main h1').waitFor();
    await page.waitForLoadState('networkidle');
    await page.evaluate(() => document.fonts.ready);
    await page.evaluate(() => document.activeElement && document.activeElement.blur());
    await page.screenshot({ path: out });
    if (before !== lang) await page.locator('#lang-switch').selectOption(before);
    await page.waitForLoadState('networkidle');
    console.log(`screenshot: ${path.relative(process.cwd(), out)} (${login}, ${lang})`);
} finally {
    await browser.close();
}
