// run.mjs — the browser test runner: headless Debian chromium driven by playwright-core.
//
//   MADRASA_URL=http://127.0.0.1:8181 node tests/browser/run.mjs [name-filter]
//
// MADRASA_URL names a running server loaded with the demo data (scripts/check.sh starts one).
// Every tests/browser/*.test.mjs exports (default) an array of { name, fn(page, ctx) }; each test
// runs in a fresh browser context (no cookies, no localStorage) with its own page. A test fails
// when fn throws, when it runs longer than TEST_TIMEOUT_MS, or when the page raised an uncaught
// error or a Content-Security-Policy violation (the app must run under the strict CSP).
// One line per test, then exactly "N passed, N failed"; exit status 1 on any failure. A failing
// test leaves a screenshot in build/browser/.
// ctx gives: base (the URL), signIn(page, login, password?), strings(lang) (the ui/i18n JSON),
// expect(cond, message) and newPage(options) for a second, independent browser context.

import { chromium } from 'playwright-core';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const SHOTS = path.join(ROOT, 'build', 'browser');
const TEST_TIMEOUT_MS = 30000;
export const DEMO_PASSWORD = 'madrasa-demo';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Launches Debian's chromium the way every browser script here does. */
export function launch() {
    return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

const stringsCache = new Map();
/** The UI strings of one language, read from ui/i18n/<lang>.json. */
export async function strings(lang) {
    if (!stringsCache.has(lang)) {
        stringsCache.set(lang, JSON.parse(await readFile(path.join(ROOT, 'ui', 'i18n', `${lang}.json`), 'utf8')));
    }
    return stringsCache.get(lang);
}

/** Signs in through the form and waits for the home page. */
export async function signIn(page, base, login, password = DEMO_PASSWORD) {
    await page.goto(`${base}/#/login`);
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill(password);
    await page.locator('form button[type="submit"]').click();
    await page.locator('#sign-out:not([hidden])').waitFor();
}

function expect(cond, message) {
    if (!cond) throw new Error(message);
}

function withTimeout(promise, ms, what) {
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function runOne(browser, base, file, test) {
    const contexts = [];
    const problems = [];
    const newPage = async (options = {}) => {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR', ...options });
        contexts.push(context);
        const page = await context.newPage();
        page.setDefaultTimeout(8000);
        page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
        page.on('console', (msg) => {
            if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(msg.text())) {
                problems.push(`CSP: ${msg.text()}`);
            }
        });
        return page;
    };
    const page = await newPage();
    const ctx = {
        base,
        expect,
        strings,
        newPage,
        signIn: (p, login, password) => signIn(p, base, login, password),
    };
    try {
        await withTimeout(test.fn(page, ctx), TEST_TIMEOUT_MS, test.name);
        if (problems.length) throw new Error(problems.join('; '));
        return null;
    } catch (err) {
        await mkdir(SHOTS, { recursive: true });
        const shot = path.join(SHOTS, `${path.basename(file, '.test.mjs')}-${test.name.replace(/[^a-z0-9]+/gi, '-')}.png`);
        await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
        return `${err.message.split('\n')[0]} (screenshot: ${path.relative(ROOT, shot)})`;
    } finally {
        for (const c of contexts) await c.close().catch(() => {});
    }
}

async function main() {
    const base = (process.env.MADRASA_URL || '').replace(/\/$/, '');
    if (!base) {
        console.error('run.mjs: set MADRASA_URL to a running madrasa server with demo data');
        console.log('0 passed, 1 failed');
        process.exit(1);
    }
    const filter = process.argv[2] || '';
    const files = (await readdir(HERE)).filter((f) => f.endsWith('.test.mjs')).sort();
    const browser = await launch();
    let passed = 0;
    let failed = 0;
    try {
        for (const file of files) {
            const tests = (await import(pathToFileURL(path.join(HERE, file)).href)).default;
            for (const test of tests) {
                const label = `${path.basename(file, '.test.mjs')}: ${test.name}`;
                if (filter && !label.includes(filter)) continue;
                const error = await runOne(browser, base, file, test);
                if (error) {
                    failed += 1;
                    console.log(`FAIL ${label} — ${error}`);
                } else {
                    passed += 1;
                    console.log(`ok   ${label}`);
                }
            }
        }
    } finally {
        await browser.close();
    }
    console.log(`${passed} passed, ${failed} failed`);
    process.exit(failed ? 1 : 0);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
    main().catch((err) => {
        console.error(err);
        console.log('0 passed, 1 failed');
        process.exit(1);
    });
}
