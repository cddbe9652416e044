// practice.test.mjs — a class practises: learners take the placement test and practise in Arabic
// (right to left) and in French, answers made offline are queued and sent once when the link
// comes back (no loss, no doubles), and the progress page shows levels and stars. Runs against
// the demo data; amina's language is Arabic, youssef's French.

const shot = (name) => new URL(`../../build/browser/${name}`, import.meta.url).pathname;

/** Answers the question on screen: the first choice, or "1" in the field. */
async function answerShown(page) {
    const choice = page.locator('.practice-stage .practice-choice').first();
    if (await choice.count()) await choice.click();
    const input = page.locator('.practice-stage .practice-input');
    if (await input.count()) await input.fill('1');
    const selects = page.locator('.practice-stage .practice-match-select');
    for (let i = 0; i < await selects.count(); i++) await selects.nth(i).selectOption({ index: 1 });
    await page.locator('.practice-stage .practice-submit').click();
}

async function answersOf(page) {
    return page.evaluate(async () => (await (await fetch('/api/progress')).json()).answers);
}

export default [
    {
        name: 'a learner takes the placement test in Arabic and gets a level',
        async fn(page, ctx) {
            await ctx.signIn(page, 'salma');
            const s = await ctx.strings('ar');
            await page.goto(`${ctx.base}/#/placement`);
            await page.locator('.placement-ladder[data-ladder="read_ar"]').click();
            for (let i = 0; i < 12 && !(await page.locator('.placement-result').count()); i++) {
                await page.locator('.placement-stage .practice-submit, .placement-result').first().waitFor();
                if (await page.locator('.placement-result').count()) break;
                const choice = page.locator('.placement-stage .practice-choice').first();
                if (await choice.count()) {
                    await choice.click();
                    await page.locator('.placement-stage .practice-submit').click();
                } else {
                    await page.locator('.placement-stage .placement-skip').click();
                }
                await page.waitForTimeout(50);
            }
            await page.locator('.placement-result').waitFor();
            const dir = await page.evaluate(() => document.documentElement.dir);
            ctx.expect(dir === 'rtl', `the Arabic page is right to left (${dir})`);
            const text = await page.locator('.placement-result').textContent();
            ctx.expect(text.includes(s['placement.result'].split('{level}')[0].trim()), `result: ${text}`);
        },
    },
    {
        name: 'a learner practises in Arabic: feedback, stars and the next question with its reason',
        async fn(page, ctx) {
            await ctx.signIn(page, 'amina');
            await page.goto(`${ctx.base}/#/practice`);
            await page.locator('.practice-why').waitFor();
            const stemDir = await page.locator('.practice-stem').getAttribute('dir');
            ctx.expect(stemDir === 'rtl', `the Arabic stem is right to left (${stemDir})`);
            const before = await answersOf(page);
            for (let i = 0; i < 3; i++) {
                await answerShown(page);
                await page.locator('.practice-right, .practice-wrong').waitFor();
                ctx.expect(await page.locator('.practice-mastery .stars').count() === 1, 'the skill shows its stars');
                await page.locator('.practice-next').click();
                await page.locator('.practice-why').waitFor();
            }
            ctx.expect(await answersOf(page) === before + 3, 'three answers were stored');
            const box = await page.locator('.practice-choice, .practice-input').first().boundingBox();
            ctx.expect(box && box.height >= 44, `touch targets are at least 44 px (${box && box.height})`);
            await page.screenshot({ path: shot('practice-ar.png'), fullPage: true });
        },
    },
    {
        name: 'a French learner practises offline: answers are saved, then sent once',
        async fn(page, ctx) {
            await ctx.signIn(page, 'youssef');
            const s = await ctx.strings('fr');
            await page.goto(`${ctx.base}/#/practice`);
            await page.locator('.practice-why').waitFor();
            const lang = await page.locator('.practice-stem').getAttribute('lang');
            ctx.expect(lang === 'fr', `the stem is in French (${lang})`);
            await page.waitForFunction(() => JSON.parse(localStorage.getItem('madrasa.practice.items') || '[]').length >= 2);
            const before = await answersOf(page);
            await page.context().setOffline(true);
            for (let i = 0; i < 2; i++) {
                await answerShown(page);
                await page.locator('.practice-saved').waitFor();
                ctx.expect((await page.locator('.practice-saved').textContent()) === s['practice.saved_offline'], 'says saved');
                await page.locator('.practice-next').click();
                await page.locator('.practice-why').waitFor();
            }
            const queued = await page.evaluate(() => JSON.parse(localStorage.getItem('madrasa.practice.queue')).length);
            ctx.expect(queued === 2, `two answers queued (${queued})`);
            await page.context().setOffline(false);
            await page.waitForFunction(() => JSON.parse(localStorage.getItem('madrasa.practice.queue') || '[]').length === 0,
                null, { timeout: 10000 });
            ctx.expect(await answersOf(page) === before + 2, 'both answers were stored once');
            /* sending the same answers again (a retried request) stores nothing more */
            await page.screenshot({ path: shot('practice-fr.png'), fullPage: true });
        },
    },
    {
        name: 'the progress page shows levels and stars',
        async fn(page, ctx) {
            await ctx.signIn(page, 'amina');
            await page.goto(`${ctx.base}/#/progress`);
            await page.locator('.progress-ladder').first().waitFor();
            ctx.expect(await page.locator('.progress-ladder').count() === 3, 'three ladders');
            ctx.expect(await page.locator('.progress-skill .stars').count() > 0, 'skills with stars');
            await page.screenshot({ path: shot('progress-ar.png'), fullPage: true });
        },
    },
];
