// teacher.test.mjs — a teacher's morning with class CE2-A, as a person would do it: sign in, open
// the class from "My classes", read the demo learners' levels (TaRL groups) and mastery (the
// heatmap, whose cells carry their value as text), give the class a skill to practise, record
// an oral reading assessment on a learner's page, and see that learner change group (through
// the regrouping suggestion when the groups were confirmed). Runs against the demo data; the
// level recorded is always one the learner is not in yet, so the test can run again on the
// same database. Texts are read from ui/i18n in the page's language (the demo teacher's is Arabic).
// The quiz test imports a small GIFT file through the API (under a fresh prefix), gives two of
// its questions to one learner from the form, and reads the row the list shows.

import { pageStrings, api, send, openCE2A } from './teach-helpers.mjs';

const QUIZ_GIFT = '$CATEGORY: Calcul\n\n::q1:: Combien font 2+2 ? {=4 ~3 ~5}\n\n::q2:: La moitié de 10 ? {#5}\n\n'
    + '::q3:: Le double de 3 ? {#6}\n\n$CATEGORY: Mots\n\n::q4:: Le contraire de grand ? {=petit ~haut}\n';

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
            // the xAPI export sits next to it and answers statements without names
            const xapi = await page.locator('#export-xapi').getAttribute('href');
            ctx.expect(xapi.startsWith(`/api/classes/${id}/xapi`), `the xAPI link is ${xapi}`);
            const x = await api(page, `${xapi}`);
            ctx.expect(Array.isArray(x.statements) && x.statements.length > 0, 'the xAPI export has statements');
            ctx.expect(x.statements.every((st) => st.actor.account && !st.actor.name), 'actors are accounts, not names');
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
            // the last answers are listed, newest first, with the question and right/wrong in words
            const answers = page.locator('#learner-answers tbody tr');
            await answers.first().waitFor();
            ctx.expect(await answers.count() === 20, `20 recent answers (${await answers.count()})`);
            const firstRow = await answers.first().textContent();
            ctx.expect(firstRow.includes(s['teach.answers.right']) || firstRow.includes(s['teach.answers.wrong']), `right or wrong in words: ${firstRow}`);
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
    {
        name: 'the teacher gives two questions of an import to one learner as a quiz',
        async fn(page, ctx) {
            const id = await openCE2A(page, ctx);
            const s = await pageStrings(page, ctx);
            const prefix = `bq-${Date.now().toString(36)}`;
            const imp = await send(page, 'POST', `/api/admin/content/import?format=gift&lang=fr&prefix=${prefix}`, QUIZ_GIFT, 'text/plain');
            ctx.expect(imp.status === 201, `the import answered ${imp.status}`);
            await page.reload();
            const form = page.locator('#assign-form');
            await form.waitFor();
            await form.locator('select[name="kind"]').selectOption('quiz');
            await form.locator('select[name="import"]').selectOption(prefix);
            await form.locator('select[name="category"]').selectOption('Calcul');
            const boxes = form.locator('#quiz-questions input[type="checkbox"]');
            /* the list is redrawn when the category changes: wait for the redraw, not the first draw */
            await page.waitForFunction(() => document.querySelectorAll('#quiz-questions input[type="checkbox"]').length === 3,
                null, { timeout: 5000 }).catch(() => {});
            ctx.expect(await boxes.count() === 3, `the Calcul category lists ${await boxes.count()} questions`);
            await boxes.nth(2).uncheck();
            await form.locator('select[name="to"]').selectOption('learner');
            const m = await api(page, `/api/classes/${id}/mastery`);
            const salma = m.learners.find((x) => x.login === 'salma');
            await form.locator('select[name="learner"]').selectOption(String(salma.id));
            await form.locator('input[name="title"]').fill(`Quiz ${prefix}`);
            await form.locator('button[type="submit"]').click();
            const row = page.locator('#assign-list tbody tr[data-kind="quiz"]', { hasText: `Quiz ${prefix}` });
            await row.waitFor();
            const text = await row.textContent();
            ctx.expect(text.includes(s['teach.quiz.count'].replace('{count}', '2')), `the row says two questions: ${text}`);
            ctx.expect(text.includes(s['teach.quiz.not_done']), 'salma has not done it yet');
            const list = await api(page, `/api/classes/${id}/assignments`);
            const a = list.assignments.find((x) => x.title === `Quiz ${prefix}`);
            ctx.expect(a && a.kind === 'quiz' && a.targets.length === 2 && a.learners.length === 1, 'the quiz went to salma, two questions');
            ctx.expect(a.targets.every((q) => q.id.startsWith(`${prefix}.`)), 'its questions are the import\'s');
        },
    },
    {
        name: 'the teacher dismisses an alert and restores it',
        async fn(page, ctx) {
            const id = await openCE2A(page, ctx);
            const s = await pageStrings(page, ctx);
            const alerts = await api(page, `/api/classes/${id}/alerts`);
            if (alerts.alerts.length === 0) return; // the demo raised none today: nothing to dismiss
            const first = alerts.alerts[0];
            const item = page.locator(`#class-alerts li[data-learner="${first.learner_id}"][data-kind="${first.kind}"]`).first();
            await item.waitFor();
            const before = await page.locator('#class-alerts li').count();
            await item.locator('button.alert-action').click();
            await page.locator('[role="status"]', { hasText: s['teach.alerts.dismissed'] }).waitFor();
            await page.locator('#alerts-toggle').waitFor();
            ctx.expect(await page.locator('#class-alerts li').count() === before - 1, 'the alert left the list');
            // shown on demand, restored
            await page.locator('#alerts-toggle').click();
            const shown = page.locator('#class-alerts li.dismissed').first();
            await shown.waitFor();
            await shown.locator('button.alert-action').click();
            await page.locator('[role="status"]', { hasText: s['teach.alerts.restored'] }).waitFor();
            await page.locator('#class-alerts li').nth(before - 1).waitFor();
            ctx.expect(await page.locator('#class-alerts li.dismissed').count() === 0, 'nothing is dismissed any more');
        },
    },
];
