// observatory.test.mjs — the observatory page as its users meet it: a council member (whose demo
// language is Arabic) picks the demo's illustrative completion rate for the province of Salé and
// sees a right-to-left chart with the region and the nation beside it, the same numbers in a
// table, the "illustrative" source and a CSV link; on a 360 px phone nothing spills sideways.
// The demo director sees their own school, with its province, region and the nation, and only
// those in the territory list. The period inputs narrow the series. Screenshots of the Arabic page are kept in build/browser/ to look at.

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SHOTS = process.env.MADRASA_SHOTS || path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'build', 'browser');
const DEMO_SOURCE = 'illustrative demo values, not official figures';

async function openObservatory(page, ctx, login) {
    await ctx.signIn(page, login);
    await page.goto(`${ctx.base}/#/observatory`);
    await page.locator('svg.obs-chart').waitFor();
}

/** Picks an indicator and a territory and waits for the chart of that pair. */
async function pick(page, indicator, territory) {
    await page.locator('select[name="indicator"]').selectOption(indicator);
    await page.locator('select[name="territory"]').selectOption(territory);
    await page.waitForFunction(([n]) => document.querySelectorAll('svg.obs-chart g.obs-series').length === n
        && document.querySelectorAll('.obs-table tbody tr').length > 0, [3]);
}

export default [
    {
        name: 'a council member sees a chart of a province beside its region and the nation, and its table',
        async fn(page, ctx) {
            await openObservatory(page, ctx, 'member');
            const s = await ctx.strings(await page.evaluate(() => document.documentElement.lang));
            ctx.expect(await page.locator('nav a[href="#/observatory"]').count() === 1, 'the navigation links the observatory');
            await pick(page, 'demo.primary.completion_rate', 'RSK-SALE');
            // three lines, a legend naming them, the table with the same numbers
            ctx.expect(await page.locator('svg.obs-chart g.obs-series path').count() === 3, 'three lines are drawn');
            ctx.expect(await page.locator('.obs-legend li').count() === 3, 'the legend names three territories');
            const rows = page.locator('.obs-table tbody tr');
            ctx.expect(await rows.count() === 7, `the table has one row per year (${await rows.count()})`);
            ctx.expect(await page.locator('.obs-table thead th').count() === 4, 'a column per territory');
            const api = await page.evaluate(async () => (await fetch('/api/observatory/series?indicator=demo.primary.completion_rate&territory=RSK-SALE')).json());
            const v2024 = api.series[0].points[6].value;
            const cell = (await rows.nth(6).locator('td').first().textContent()).replace(/\s/g, '');
            ctx.expect(cell.includes(String(v2024).replace('.', '')) || cell.includes(String(v2024)) || cell.includes(String(v2024).replace('.', ',')),
                `the 2024 cell (${cell}) shows ${v2024}`);
            // the chart is described for screen readers and the source says the values are illustrative
            const labelled = await page.locator('svg.obs-chart').getAttribute('aria-labelledby');
            ctx.expect(labelled && labelled.split(' ').length === 2, 'the chart has a title and a description');
            ctx.expect((await page.locator('svg.obs-chart desc').textContent()).length > 20, 'the description says something');
            ctx.expect((await page.locator('.obs-source').textContent()).includes(DEMO_SOURCE), 'the source says "illustrative"');
            const href = await page.locator('a[href^="/api/observatory/series.csv"]').getAttribute('href');
            ctx.expect(href.includes('territory=RSK-SALE'), 'the CSV link exports what is shown');
            ctx.expect((await page.locator('.obs-facts').textContent()).includes(s['observatory.latest']), 'the latest value is given');
            // Arabic: right to left, time runs from the right
            const dir = await page.evaluate(() => document.documentElement.dir);
            const xs = await page.locator('svg.obs-chart g.obs-series[data-series="0"] circle').evaluateAll((cs) => cs.map((c) => Number(c.getAttribute('cx'))));
            if (dir === 'rtl') ctx.expect(xs[0] > xs[xs.length - 1], 'in Arabic the first year is on the right');
            else ctx.expect(xs[0] < xs[xs.length - 1], 'the first year is on the left');
            await mkdir(SHOTS, { recursive: true });
            await page.screenshot({ path: path.join(SHOTS, `observatory-member-${dir}.png`), fullPage: true });
            // the period: the inputs show the years the answer covers; a later start shortens it
            ctx.expect(await page.locator('input[name="from"]').inputValue() === '2018', 'the period starts with the first year');
            await page.locator('input[name="from"]').fill('2021');
            await page.locator('input[name="from"]').dispatchEvent('change');
            await page.waitForFunction(() => document.querySelectorAll('.obs-table tbody tr').length === 4, null, { timeout: 5000 })
                .catch(() => {});
            ctx.expect(await rows.count() === 4, `from 2021 to 2024: four rows (${await rows.count()})`);
            ctx.expect((await page.locator('a[href^="/api/observatory/series.csv"]').getAttribute('href')).includes('from=2021'),
                'the CSV link exports the period shown');

            const phone = await ctx.newPage({ viewport: { width: 360, height: 740 } });
            await openObservatory(phone, ctx, 'member');
            await pick(phone, 'demo.primary.completion_rate', 'RSK-SALE');
            const wide = await phone.evaluate(() => document.documentElement.scrollWidth);
            ctx.expect(wide <= 362, `nothing spills sideways at 360 px (${wide})`);
            const box = await phone.locator('svg.obs-chart').boundingBox();
            ctx.expect(box.width > 250 && box.width <= 360, `the chart fits the phone (${box.width})`);
            await phone.screenshot({ path: path.join(SHOTS, 'observatory-member-360.png'), fullPage: true });
        },
    },
    {
        name: 'the director sees their school beside its province, region and the nation',
        async fn(page, ctx) {
            await openObservatory(page, ctx, 'director');
            const s = await ctx.strings(await page.evaluate(() => document.documentElement.lang));
            const options = await page.locator('select[name="territory"] option').allTextContents();
            ctx.expect(options.length === 4, `four territories offered (${options.join(' | ')})`);
            ctx.expect(options.some((o) => o.includes('Ibn Khaldoun')), 'their school is offered');
            ctx.expect(await page.locator('select[name="territory"]').inputValue() === 'SALE-001', 'their school is picked first');
            ctx.expect((await page.locator('#obs-h').textContent()).includes('Ibn Khaldoun'), 'the chart is about their school');
            ctx.expect(await page.locator('.obs-legend li').count() === 4, 'school, province, region and nation are drawn');
            ctx.expect(await page.locator('.obs-table tbody tr').count() === 12, 'twelve months in the table');
            const privacy = s['observatory.privacy'].replace('{min}', '5');
            ctx.expect((await page.locator('.obs-privacy').textContent()).includes(privacy), 'the small-cell rule is stated');
            // a hidden cell says why, in words
            const hidden = page.locator('.obs-table td.obs-hidden');
            if (await hidden.count() > 0) {
                ctx.expect((await page.locator('.obs-suppressed').count()) === 1, 'a hidden figure comes with the notice');
            }
            // official figures are not given for a school: only the levels above it are offered
            await page.locator('select[name="indicator"]').selectOption('demo.primary.completion_rate');
            await page.waitForFunction(() => document.querySelectorAll('svg.obs-chart g.obs-series').length === 3);
            const official = await page.locator('select[name="territory"] option').allTextContents();
            ctx.expect(official.length === 3 && !official.some((o) => o.includes('Ibn Khaldoun')), 'no school for official figures');
        },
    },
];
