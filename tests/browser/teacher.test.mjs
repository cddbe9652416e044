// teacher.test.mjs — a teacher's morning with class CE2-A, as a person would do it: sign in, open
// the class from "My classes", read the demo learners' levels (TaRL groups) and mastery (the
// heatmap, whose cells carry their value as text), give the class a skill to practise, record
// an oral reading assessment on a learner's page, and see that learner change group (through
// the regrouping suggestion when the groups were confirmed). Runs against the demo data; the
// level recorded is always one the learner is not in yet, so the test can run again on the
// same database. Texts are read from ui/i18n in the page's language (the demo teacher's is Arabic).

async function pageStrings(page, ctx) {
    return ctx.strings(await page.evaluate(() => document.documentElement.lang));
}

async function api(page, path) {
    return page.evaluate(async (p) => (await fetch(p, { credentials: 'same-origin' })).json(), path);
}

async function openCE2A(page, ctx) {
    await ctx.signIn(page, 'teacher');
    await page.goto(`${ctx.base}/#/teach`);
    const link = page.locator('main table a', { hasText: 'CE2-A' }).first();
    await link.click();
    await page.locator('table.heatmap').waitFor();
    const id = /#\/classes\/(\d+)/.exec(page.url())[1];
    return id;
}

export default [
    {
        name: 'the class dashboard shows the demo learners, their levels and their mastery',
        async fn(page, ctx) {
            const id = await openCE2A(page, ctx);
            const s = await pageStrings(page, ctx);
            const rows = page.locator('table.heatmap tbody tr');
            ctx.expect(await rows.count() >= 4, `the heatmap has ${await rows.count()} learner rows`);
            const m = await api(page, `/api/classes/${id}/mastery`);
            for (const login of ['amina', 'youssef', 'salma', 'omar']) {
                const l = m.learners.find((x) => x.login === login);
                ctx.expect(l, `${login} is in the class`);
                ctx.expect(await page.locator(`table.heatmap tbody tr[data-learner="${l.id}"]`).count() === 1, `${login} has a row`);
            }
            // practised cells show their percentage as text, not only a colour
            const practised = page.locator('table.heatmap td.heat[data-step]');
            ctx.expect(await practised.count() > 0, 'some cells show practice');
            const text = (await practised.first().textContent()).trim();
            ctx.expect(/\d/.test(text), `a practised cell says its value ("${text}")`);
            ctx.expect(await page.locator('.heat-legend li').count() === 5, 'the five-step legend is there');
            // levels: the groups of each ladder, named
            await page.locator('.ladder-block[data-ladder="math"] .group-card').first().waitFor();
            const mathGroups = await page.locator('.ladder-block[data-ladder="math"] .group-card h4').allTextContents();
            const names = Object.entries(s).filter(([k]) => k.startsWith('teach.level.math.')).map(([, v]) => v);
            ctx.expect(mathGroups.some((g) => names.some((n) => g.includes(n))), `math groups are named by level: ${mathGroups.join(' | ')}`);
            // the other sections answered
            await page.locator('#class-alerts .section-body :is(ul, p.empty)').first().waitFor();
            await page.locator('#class-items .section-body :is(table, p.empty)').first().waitFor();
            const csv = await page.locator('#export-csv').getAttribute('href');
            ctx.expect(csv === `/api/classes/${id}/export.csv`, `the CSV link is ${csv}`);
        },
    },
    {
        name: 'the teacher assigns a skill to the class',
        async fn(page, ctx) {
            await openCE2A(page, ctx);
            const s = await pageStrings(page, ctx);
            const form = page.locator('#assign-form');
            await form.waitFor();
            const before = await page.locator('#assign-list tbody tr').count();
            const skill = await form.locator('select[name="skill"] option').first().textContent();
            await form.locator('select[name="to"]').selectOption('class');
            await form.locator('input[name="title"]').fill('Révision');
            await form.locator('button[type="submit"]').click();
            await page.locator('#assign-list tbody tr').nth(before).waitFor();
            const row = page.locator('#assign-list tbody tr', { hasText: 'Révision' }).first();
            ctx.expect((await row.textContent()).includes(skill.trim()), 'the new assignment names its skill');
            ctx.expect((await row.textContent()).includes(s['teach.assign.to_class']), 'it is for the whole class');
        },
    },
    {
        name: 'an oral reading assessment moves a learner to another group',
        async fn(page, ctx) {
            const id = await openCE2A(page, ctx);
            const s = await pageStrings(page, ctx);
            const m = await api(page, `/api/classes/${id}/mastery`);
            const omar = m.learners.find((x) => x.login === 'omar').id;
            const g = await api(page, `/api/classes/${id}/groups?ladder=read_fr`);
            const lad = g.ladders[0];
            const now = lad.groups.find((grp) => grp.learners.some((l) => l.id === omar));
            const from = now && now.level !== null ? now.level : -1;
            const to = (from + 1) % (lad.top + 1) === 0 ? 1 : (from + 1) % (lad.top + 1);
            // the learner's page: record the level heard
            await page.locator(`table.heatmap tbody tr[data-learner="${omar}"] th a`).click();
            const form = page.locator('#oral-form');
            await form.waitFor();
            await form.locator('select[name="ladder"]').selectOption('read_fr');
            await form.locator('select[name="level"]').selectOption(String(to));
            await form.locator('textarea[name="note"]').fill('lit sans aide');
            await form.locator('button[type="submit"]').click();
            const label = s[`teach.level.read_fr.${to}`];
            await page.locator('[role="status"]', { hasText: label }).waitFor();
            const level = await page.locator('#learner-levels tr[data-ladder="read_fr"] td.level').textContent();
            ctx.expect(level.includes(label), `the current read_fr level is now "${level}"`);
            // back to the class: a regrouping suggestion for him, accepted
            await page.goto(`${ctx.base}/#/classes/${id}`);
            const block = page.locator('.ladder-block[data-ladder="read_fr"]');
            await block.waitFor();
            const suggestion = block.locator(`.suggestions li[data-learner="${omar}"]`);
            if (from >= 0) {
                await suggestion.waitFor();
                ctx.expect((await suggestion.textContent()).includes(label), 'the suggestion names the new level');
                await suggestion.locator('button').click();
            }
            await block.locator(`.group-card[data-level="${to}"] li[data-learner="${omar}"]`).waitFor();
            ctx.expect(await block.locator(`.suggestions li[data-learner="${omar}"]`).count() === 0, 'no suggestion is left for him');
            if (from >= 0) {
                ctx.expect(await block.locator(`.group-card[data-level="${from}"] li[data-learner="${omar}"]`).count() === 0,
                    'he left his old group');
            }
        },
    },
];
