// collaboration.test.mjs — the collaboration modules end to end in the browser (issue 7):
//   1. a workshop is announced, people register past its capacity (the second waits), the
//      participant's QR code opens the check-in page for the organiser, and the participant gets a
//      certificate anyone can verify on the public page;
//   2. a report is deposited in Arabic (right-to-left page), submitted, published by an editor and
//      found by an Arabic query by a visitor who is not signed in;
//   3. a teacher enrols in a professional-development programme, answers its items until every
//      module is done, and receives an Open Badges 2.0 assertion and a certificate.
// Element ids (#ev-register, #library-publish …) are the pages' own; texts are not matched, so the
// checks hold in every language.

/** Calls the API from the page's session (with its CSRF token), like the web app does. */
async function api(page, method, path, body) {
    return page.evaluate(async ([m, p, b]) => {
        const tok = (document.cookie.match(/(?:^|; )madrasa_csrf=([^;]*)/) || [])[1];
        const res = await fetch(p, { method: m, headers: { 'Content-Type': 'application/json', ...(tok ? { 'X-CSRF-Token': decodeURIComponent(tok) } : {}) },
            body: b === undefined ? undefined : JSON.stringify(b) });
        return { status: res.status, json: await res.json().catch(() => null) };
    }, [method, path, body]);
}

function unique(prefix) {
    return `${prefix}${Date.now() % 1000000}${Math.floor(Math.random() * 1000)}`;
}

/** datetime-local value for a day from now + `hours` */
function local(hours) {
    const d = new Date(Date.now() + 86400000 + hours * 3600000);
    const pad = (n) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:00`;
}

/** What the first workshop test hands to the second (tests in a file run in order). */
const workshop = { eventUrl: null };

export default [
    {
        name: 'a workshop is announced and people register past its capacity: the second one waits',
        async fn(page, ctx) {
            await ctx.signIn(page, 'secretariat');
            await page.goto(`${ctx.base}/#/events`);
            await page.locator('details.disclosure summary').click();
            const title = unique('Atelier TaRL ');
            await page.locator('input[name="title"]').fill(title);
            await page.locator('input[name="location"]').fill('Salé, salle 2');
            await page.locator('input[name="starts_at"]').fill(local(0));
            await page.locator('input[name="ends_at"]').fill(local(3));
            await page.locator('input[name="capacity"]').fill('1');
            await page.locator('form button[type="submit"]').last().click();
            await page.waitForURL(/#\/events\/\d+$/);
            const eventUrl = page.url();

            const teacher = await ctx.newPage();
            await ctx.signIn(teacher, 'teacher');
            await teacher.goto(eventUrl);
            await teacher.locator('#ev-register').click();
            await teacher.locator('#ev-my-status[data-status="confirmed"]').waitFor();
            const qr = teacher.locator('#ev-qr');
            await qr.waitFor();
            const qrLoaded = await qr.evaluate((img) => img.complete && img.naturalWidth > 0);
            ctx.expect(qrLoaded, 'the QR image loads');
            const director = await ctx.newPage();
            await ctx.signIn(director, 'director');
            await director.goto(eventUrl);
            await director.locator('#ev-register').click();
            await director.locator('#ev-my-status[data-status="waitlisted"]').waitFor();
            workshop.eventUrl = eventUrl;
        },
    },
    {
        name: 'the QR code checks the participant in, and the certificate for attendance verifies',
        async fn(page, ctx) {
            ctx.expect(workshop.eventUrl, 'the workshop of the previous test exists');
            const teacher = await ctx.newPage();
            await ctx.signIn(teacher, 'teacher');
            await teacher.goto(workshop.eventUrl);
            const qr = teacher.locator('#ev-qr');
            await qr.waitFor();
            const checkinUrl = await qr.getAttribute('data-checkin');
            ctx.expect(/#\/events\/checkin\//.test(checkinUrl), `the QR encodes a check-in URL (${checkinUrl})`);

            await ctx.signIn(page, 'secretariat');
            await page.goto(checkinUrl);
            await page.locator('#checkin-confirm').click();
            await page.locator('#checkin-result [data-attendance="attended"]').waitFor();

            await teacher.reload();
            await teacher.locator('#ev-get-certificate').click();
            const link = teacher.locator('#ev-certificate a');
            await link.waitFor();
            const href = await link.getAttribute('href');
            const code = href.split('/').pop();
            ctx.expect(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/.test(code), `certificate code ${code}`);

            const visitor = await ctx.newPage();
            await visitor.goto(`${ctx.base}/#/verify/${code}`);
            await visitor.locator('#verify-valid').waitFor();
            const holder = await visitor.locator('#verify-holder').textContent();
            ctx.expect(holder === 'Rachid El Idrissi', `the certificate names the teacher (${holder})`);
            await visitor.goto(`${ctx.base}/#/verify/00000-00000`);
            await visitor.locator('#verify-invalid').waitFor();
        },
    },
    {
        name: 'a report is deposited in Arabic, reviewed, published and found by an Arabic query',
        async fn(page, ctx) {
            await ctx.signIn(page, 'teacher'); // the demo teacher reads Arabic: the page is right-to-left
            await page.goto(`${ctx.base}/#/library`);
            await page.locator('html[dir="rtl"]').waitFor({ state: 'attached' });
            await page.locator('details.disclosure summary').click();
            const tag = unique('R');
            const title = `تقرير ${tag} حول التقويم التكويني في المدارس الجبلية`;
            const form = page.locator('#library-deposit');
            await form.locator('input[name="title"]').fill(title);
            await form.locator('select[name="language"]').selectOption('ar');
            await form.locator('input[name="subjects"]').fill('التقويم, القراءة');
            await form.locator('textarea[name="abstract"]').fill('دراسة ميدانية لأساليب التقويم التكويني في المدارس الجبلية.');
            await form.locator('input[name="files"]').setInputFiles({ name: 'report.txt', mimeType: 'text/plain', buffer: Buffer.from('تقرير') });
            await form.locator('button[type="submit"]').click();
            await page.waitForURL(/#\/library\/\d+$/);
            const recordUrl = page.url();
            await page.locator('#library-status[data-status="draft"]').waitFor();
            await page.locator('#library-submit').click();
            await page.locator('#library-status[data-status="submitted"]').waitFor();

            const editor = await ctx.newPage();
            await ctx.signIn(editor, 'secretariat');
            await editor.goto(`${ctx.base}/#/library`);
            await editor.locator(`#library-queue a[href="${new URL(recordUrl).hash}"]`).waitFor();
            await editor.goto(recordUrl);
            await editor.locator('#library-publish').click();
            await editor.locator('#library-status[data-status="published"]').waitFor();

            const visitor = await ctx.newPage({ locale: 'ar-MA' });
            await visitor.goto(`${ctx.base}/#/library`);
            await visitor.locator('input[name="q"]').fill('تقويم تكويني المدرسة الجبلية');
            await visitor.locator('form[role="search"] button[type="submit"]').click();
            await visitor.locator('#library-results').getByText(tag).waitFor();
            await visitor.locator('#library-results a', { hasText: tag }).click();
            await visitor.waitForURL(recordUrl);
            await visitor.locator('#library-status[data-status="published"]').waitFor();
        },
    },
    {
        name: 'a teacher completes a professional-development programme and gets an Open Badge',
        async fn(page, ctx) {
            await ctx.signIn(page, 'admin');
            const login = unique('pd.b');
            const made = await api(page, 'POST', '/api/admin/users', { login, role: 'teacher', name: 'Hanane Idrissi',
                name_ar: 'حنان الإدريسي', lang: 'fr', password: 'long-enough-pw' });
            ctx.expect(made.status === 201, `user created (${made.status})`);
            const t = await ctx.newPage();
            await ctx.signIn(t, login, 'long-enough-pw');
            await t.goto(`${ctx.base}/#/pd`);
            await t.locator('input[name="email"]').first().fill('hanane@example.org');
            await t.locator('button[data-programme]').first().click();
            await t.waitForURL(/#\/pd\/enrolments\/\d+$/);
            for (let step = 0; step < 40; step += 1) {
                if (await t.locator('#pd-awards').count()) break;
                const stem = t.locator('#pd-stem');
                await stem.waitFor();
                const type = await stem.getAttribute('data-type');
                if (type === 'numeric') {
                    const [n, g] = (await stem.textContent()).match(/\d+/g).map(Number);
                    await t.locator('#pd-response').fill(String(n / g));
                    await t.locator('#pd-item form button').click();
                    await t.locator('#pd-feedback [data-correct]').waitFor();
                } else {
                    const choices = t.locator('#pd-item button.choice');
                    const n = await choices.count();
                    for (let i = 0; i < n; i += 1) {
                        await choices.nth(i).click();
                        await t.locator('#pd-feedback [data-correct]').waitFor();
                        if (await t.locator('#pd-feedback [data-correct="true"]').count()) break;
                    }
                }
                if (await t.locator('#pd-awards').count()) break;
                await t.locator('#pd-next').click();
            }
            const badge = await t.locator('#pd-badge').getAttribute('href');
            const assertion = await api(t, 'GET', new URL(badge).pathname);
            ctx.expect(assertion.status === 200, 'the assertion is hosted');
            ctx.expect(assertion.json['@context'] === 'https://w3id.org/openbadges/v2', 'Open Badges 2.0 context');
            ctx.expect(assertion.json.type === 'Assertion' && assertion.json.verification.type === 'hosted', 'hosted assertion');
            ctx.expect(assertion.json.recipient.hashed === true && assertion.json.recipient.identity.startsWith('sha256$'), 'hashed recipient');
            const badgeClass = await api(t, 'GET', new URL(assertion.json.badge).pathname);
            ctx.expect(badgeClass.json.type === 'BadgeClass', 'the badge class resolves');
            await t.locator('#pd-certificate').click();
            await t.locator('#verify-valid').waitFor();
        },
    },
];
