// bot.test.mjs — Majlisbot in the browser: a council member asks in Arabic and gets a
// right-to-left answer with its sentence marked and numbered citations, then opens a citation in
// its document; a signed-out citizen asks something the documents do not cover and sends it to
// the secretariat; the secretariat's follow-up and documents pages (upload included).

export default [
    {
        name: 'a member asks in Arabic, sees an RTL answer with citations and opens one',
        async fn(page, ctx) {
            const ar = await ctx.strings('ar');
            await ctx.signIn(page, 'member');
            await page.goto(`${ctx.base}/#/bot`);
            await page.locator('#bot-question').fill('ما هي أسباب الهدر المدرسي؟');
            await page.locator('.bot-form button[type="submit"]').click();
            const answer = page.locator('.bot-answer').first();
            await answer.waitFor();
            ctx.expect(await answer.getAttribute('dir') === 'rtl', 'the Arabic answer is right-to-left');
            ctx.expect(await answer.getAttribute('lang') === 'ar', 'the answer is marked as Arabic');
            ctx.expect((await answer.locator('.bot-framing').textContent()).includes('وثائق المجلس'), 'the framing is in Arabic');
            const cites = answer.locator('.bot-cite');
            ctx.expect(await cites.count() >= 1, 'the answer has citations');
            const first = cites.first();
            ctx.expect((await first.locator('.bot-cite-n').textContent()) === '[1]', 'citations are numbered');
            ctx.expect((await first.locator('.bot-cite-link').textContent()).includes('الهدر المدرسي'), 'the right document is cited');
            const mark = (await first.locator('mark.bot-mark').textContent()) || '';
            ctx.expect(mark.includes('أسباب الهدر المدرسي'), `the best sentence is marked (got "${mark}")`);
            ctx.expect(await page.locator('.bot-ref').count() >= 1, 'the answer links to its citation');
            await page.screenshot({ path: 'build/browser/bot-answer-ar.png', fullPage: true }).catch(() => {});
            await first.locator('.bot-cite-link').click();
            await page.waitForURL(/#\/bot\/doc\/\d+\/\d+$/);
            const cited = page.locator('.bot-passage-cited');
            await cited.waitFor();
            ctx.expect((await cited.textContent()).includes(mark.trim()), 'the document view shows the cited passage');
            ctx.expect((await cited.textContent()).includes(ar['bot.doc.cited']), 'and says it is the one cited');
            ctx.expect((await page.locator('main h1').textContent()).includes('الهدر المدرسي'), 'under the document title');
            await page.screenshot({ path: 'build/browser/bot-document-ar.png', fullPage: true }).catch(() => {});
        },
    },
    {
        name: 'a signed-out citizen gets an abstention and sends the question to the secretariat',
        async fn(page, ctx) {
            const fr = await ctx.strings('fr');
            await page.goto(`${ctx.base}/#/bot`);
            await page.locator('#bot-question').waitFor();
            await page.locator('#bot-question').fill(`Quelle est la recette du couscous aux sept légumes ${Date.now()} ?`);
            await page.keyboard.press('Enter');
            const answer = page.locator('.bot-answer.bot-kind-abstain');
            await answer.waitFor();
            ctx.expect(await answer.locator('.bot-cite').count() === 0, 'an abstention cites nothing');
            await answer.locator('.bot-escalate').click();
            const status = answer.locator('.bot-escalate-status');
            await status.filter({ hasText: '#' }).or(status.filter({ hasText: 'n°' })).first().waitFor();
            ctx.expect((await status.textContent()).startsWith(fr['bot.escalated'].split('(')[0].trim()), 'the ticket is confirmed');
            await page.locator('button', { hasText: fr['bot.replies.check'] }).click();
            await page.locator('.bot-tickets li').first().waitFor();
            ctx.expect((await page.locator('.bot-tickets').textContent()).includes(fr['bot.replies.waiting']), 'the reply is awaited');
        },
    },
    {
        name: 'the secretariat sees the follow-up page and uploads a document',
        async fn(page, ctx) {
            await ctx.signIn(page, 'secretariat');
            const s = await ctx.strings(await page.evaluate(() => document.documentElement.lang));
            await page.goto(`${ctx.base}/#/bot/admin`);
            await page.locator('main h1', { hasText: s['bot.admin.title'] }).waitFor();
            ctx.expect(await page.locator('a[href^="/api/bot/analytics.csv"]').count() === 1, 'the CSV export is offered');
            await page.goto(`${ctx.base}/#/bot/documents`);
            await page.locator('table.table tbody tr').first().waitFor();
            ctx.expect(await page.locator('table.table tbody tr').count() >= 8, 'the demo corpus is listed');
            const name = `note-${Date.now()}.md`;
            await page.locator('input[type="file"]').setInputFiles({ name, mimeType: 'text/markdown',
                buffer: Buffer.from(`# Note ${name}\n\n## Objet\n\nUne note de test sur les manuels scolaires.\n`) });
            await page.locator('form button[type="submit"]').click();
            const status = page.locator('.alert-success');
            await status.waitFor();
            ctx.expect((await status.textContent()).includes(name), 'the upload is confirmed with the title');
            await page.locator('table.table tbody tr', { hasText: name }).waitFor();
            await page.screenshot({ path: 'build/browser/bot-documents.png', fullPage: true }).catch(() => {});
            page.once('dialog', (d) => d.accept());
            await page.locator('table.table tbody tr', { hasText: name }).locator('button').click();
            await page.locator('table.table tbody tr', { hasText: name }).waitFor({ state: 'detached' });
        },
    },
];
