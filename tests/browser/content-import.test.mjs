// content-import.test.mjs — a teacher imports their own questions, as a person would: from the
// class dashboard's assignment area to the import page, a small GIFT file with one bad question
// (the page lists the problem as "<file>:<line>: …" in the page's language, from the problem's
// stable code, with the file's line under it, and nothing is
// imported), then the corrected file (the page counts the questions by type, the list shows
// the import with its categories and who imported it), its questions unfolded (an Arabic import
// reads right to left), and "Give as a quiz" back on the dashboard with the form on that import.
// Also: the dashboard's most-missed list shows questions as a learner reads them, never a
// template's {placeholders}. File names carry the time, so the test can run again on the same
// database. Texts come from ui/i18n in the page's language (the demo teacher's is Arabic).

import { pageStrings, api, openCE2A } from './teach-helpers.mjs';

const BAD = '$CATEGORY: Calcul\n\n::q1:: Combien font 7 × 8 ? {#56}\n\n::q2:: Ton avis sur les fractions ? {}\n\n'
    + '$CATEGORY: Villes\n\n::q3:: La capitale du Maroc ? {=Rabat ~Fès ~Tanger}\n';
const GOOD = BAD.replace('::q2:: Ton avis sur les fractions ? {}', '::q2:: La moitié de 10 ? {#5}');

/** A plural message for n in the page's language, as i18n.js picks it. */
function plural(s, lang, key, n, params = {}) {
    const forms = s[key];
    const locale = { ar: 'ar-MA', fr: 'fr-MA', en: 'en', zgh: 'zgh' }[lang];
    const msg = forms[new Intl.PluralRules(locale).select(n)] ?? forms.other;
    return Object.entries({ count: n, ...params }).reduce((m, [k, v]) => m.replace(`{${k}}`, String(v)), msg);
}

function gift(name, text) {
    return { name, mimeType: 'text/plain', buffer: Buffer.from(text, 'utf8') };
}

export default [
    {
        name: 'a bad GIFT file imports nothing and names its line; the corrected one is listed and given as a quiz',
        async fn(page, ctx) {
            const classId = await openCE2A(page, ctx);
            const s = await pageStrings(page, ctx);
            const lang = await page.evaluate(() => document.documentElement.lang);
            // the door from the assignment area
            await page.locator('#open-import').click();
            await page.locator('#import-form').waitFor();
            ctx.expect(page.url().includes(`#/content/import?class=${classId}`), `the import page knows the class: ${page.url()}`);
            ctx.expect((await page.locator('main h1').textContent()).includes(s['content.import.title']), 'the page is titled');
            const stamp = Date.now().toString(36);
            const fileName = `Contrôle ${stamp}.gift`;
            const prefix = `controle-${stamp}`;
            await page.locator('#import-form input[type="file"]').setInputFiles(gift(fileName, BAD));
            const prefixBox = page.locator('#import-form input[name="prefix"]');
            await page.waitForFunction(() => document.querySelector('#import-form input[name="prefix"]').value !== '');
            ctx.expect(await prefixBox.inputValue() === prefix, `the prefix is suggested from the file name: ${await prefixBox.inputValue()}`);
            ctx.expect(await page.locator('#import-form select[name="format"]').inputValue() === 'gift', 'the format is guessed');
            await page.locator('#import-form select[name="lang"]').selectOption('fr');
            await page.locator('#import-form button[type="submit"]').click();
            // the problem, with its line, and nothing imported
            const problems = page.locator('#import-problems');
            await problems.waitFor();
            const title = await problems.locator('h2').textContent();
            ctx.expect(title === plural(s, lang, 'content.import.refused', 1), `one problem is announced: ${title}`);
            const item = problems.locator('li[data-line="5"]');
            ctx.expect(await item.count() === 1, 'the bad question is on line 5');
            const where = await item.locator('.problem-where').textContent();
            ctx.expect(where === `${fileName}:5`, `the line is named after the file: ${where}`);
            // the problem in the page's language (Arabic for the demo teacher), from its stable code
            const what = await item.locator('.problem-what').textContent();
            const essay = s['content.import.problem.gift.essay'];
            ctx.expect(lang === 'en' || essay !== 'essay questions {} cannot be graded automatically', 'the code has a translated text');
            ctx.expect(what === essay, `the problem is shown in the page's language (${lang}): ${what}`);
            const source = await item.locator('.problem-source').textContent();
            ctx.expect(source.includes('Ton avis sur les fractions'), `the file's line is shown: ${source}`);
            ctx.expect(await problems.locator('li').count() === 1, 'only the bad question is listed');
            const after = await api(page, '/api/content/imports');
            ctx.expect(!after.imports.some((i) => i.prefix === prefix), 'nothing was imported');
            ctx.expect(await page.locator(`#imports-list tr[data-prefix="${prefix}"]`).count() === 0, 'the list does not show it');
            // the corrected file
            await page.locator('#import-form input[type="file"]').setInputFiles(gift(fileName, GOOD));
            ctx.expect(await prefixBox.inputValue() === prefix, 'the prefix stays');
            await page.locator('#import-form button[type="submit"]').click();
            const done = page.locator('#import-result .import-done');
            await done.waitFor();
            const doneText = await done.textContent();
            ctx.expect(doneText.includes(prefix), `the result names the prefix: ${doneText}`);
            ctx.expect(doneText.includes('Calcul') && doneText.includes('Villes'), 'the result lists the categories');
            const numeric = plural(s, lang, 'content.import.type_count.numeric', 2);
            ctx.expect(doneText.includes(numeric), `the result counts the numeric questions ("${numeric}"): ${doneText}`);
            const row = page.locator(`#imports-list tr[data-prefix="${prefix}"]`);
            await row.waitFor();
            const rowText = await row.textContent();
            const who = lang === 'ar' ? 'رشيد الإدريسي' : 'Rachid El Idrissi';
            ctx.expect(rowText.includes(who), `the list says who imported it (${who}): ${rowText}`);
            ctx.expect(rowText.includes('Calcul'), 'the list shows the categories');
            // the same prefix again is refused on the field
            await page.locator('#import-form input[type="file"]').setInputFiles(gift(fileName, GOOD));
            await prefixBox.fill(prefix);
            await page.locator('#import-form button[type="submit"]').click();
            const fieldError = page.locator('#import-form .field-has-error .field-error');
            await fieldError.first().waitFor();
            ctx.expect((await fieldError.first().textContent()).includes(prefix), 'the used prefix is refused, named');
            // its questions, unfolded
            await row.locator('button[aria-expanded]').click();
            const questions = page.locator('#imports-list .import-questions tbody tr');
            await questions.first().waitFor();
            ctx.expect(await questions.count() === 3, 'three questions');
            ctx.expect((await questions.nth(1).locator('.import-stem').textContent()) === 'La moitié de 10 ?', 'the stems are shown as written');
            ctx.expect(await questions.nth(1).getAttribute('data-id') === `${prefix}.2`, 'numbered in file order');
            // given as a quiz: back on the dashboard with the form on that import
            await row.locator(`a[href="#/classes/${classId}?quiz=${prefix}"]`).click();
            await page.locator('#assign-form').waitFor();
            await page.waitForFunction((p) => {
                const sel = document.querySelector('#assign-form select[name="import"]');
                return sel && sel.value === p;
            }, prefix);
            ctx.expect(await page.locator('#assign-form select[name="kind"]').inputValue() === 'quiz', 'the form gives a quiz');
            ctx.expect(await page.locator('#quiz-questions input[type="checkbox"]').count() === 3, 'with the import\'s questions');
        },
    },
    {
        name: 'an Arabic import reads right to left',
        async fn(page, ctx) {
            await ctx.signIn(page, 'teacher');
            await page.goto(`${ctx.base}/#/content/import`);
            await page.locator('#import-form').waitFor();
            const stamp = Date.now().toString(36);
            await page.locator('#import-form input[type="file"]').setInputFiles(
                gift(`ar-${stamp}.txt`, '::a:: كم يساوي 3 + 4؟ {#7}\n\n::b:: ما عاصمة المغرب؟ {=الرباط ~فاس ~طنجة}\n'));
            await page.locator('#import-form select[name="lang"]').selectOption('ar');
            await page.locator('#import-form button[type="submit"]').click();
            await page.locator('#import-result .import-done').waitFor();
            const row = page.locator(`#imports-list tr[data-prefix="ar-${stamp}"]`);
            await row.locator('button[aria-expanded]').click();
            const stem = page.locator('#imports-list .import-questions .import-stem').first();
            await stem.waitFor();
            ctx.expect(await stem.getAttribute('dir') === 'rtl' && await stem.getAttribute('lang') === 'ar', 'the questions are rtl Arabic');
            ctx.expect((await stem.textContent()) === 'كم يساوي 3 + 4؟', 'the Arabic stem as written');
        },
    },
    {
        name: 'the most-missed list shows questions as learners read them, not templates',
        async fn(page, ctx) {
            await openCE2A(page, ctx);
            const rows = page.locator('#class-items tbody tr');
            await rows.first().waitFor();
            const n = await rows.count();
            ctx.expect(n > 0, 'the demo class missed some questions');
            for (let i = 0; i < n; i += 1) {
                const stem = await rows.nth(i).locator('.example-stem').textContent();
                ctx.expect(stem.trim() !== '' && !stem.includes('{'), `row ${i} is readable: "${stem}"`);
            }
            const text = await page.locator('#class-items table').textContent();
            ctx.expect(!/\{[@a-z]/.test(text), 'no placeholder anywhere in the list');
        },
    },
];
