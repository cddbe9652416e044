// majlis.test.mjs — a council session end to end, through the pages a secretariat and a member use:
// the secretariat creates and convenes a General Assembly session with an agenda and a budget
// document; members check in (the member through the page, four colleagues through the API, as
// their own browsers would), the member asks for the floor and comments the budget; a roll-call
// and a secret vote are cast and closed, and the result shown respects quorum and majority; the
// decision is registered; the minutes are written, circulated, approved in the next session and
// signed, and the approved minutes print the audit head; the decision is in the register. Then the
// same session page in Arabic reads right to left. The tests share one session and run in order.

const S = {}; // the session under test, shared by the steps below
const OTHERS = ['m.benali', 'm.ouazzani', 'm.elfassi', 'm.kettani'];

const clients = new Map(); // login → API call function, kept for the whole file

/**
 * An API client signed in as `login`, as that member's own browser would be: Node's fetch with
 * the session and CSRF cookies, the X-CSRF-Token header and the Origin the server checks.
 */
async function apiAs(ctx, login) {
    if (clients.has(login)) return clients.get(login);
    const res = await fetch(`${ctx.base}/api/auth/login`, {
        method: 'POST', headers: { 'Content-Type': 'application/json', Origin: ctx.base },
        body: JSON.stringify({ login, password: 'madrasa-demo' }),
    });
    ctx.expect(res.ok, `${login} could not sign in (${res.status})`);
    const jar = res.headers.getSetCookie().map((c) => c.split(';')[0]);
    const csrf = jar.find((c) => c.startsWith('madrasa_csrf=')).split('=')[1];
    const call = async (method, path, body) => {
        const r = await fetch(`${ctx.base}${path}`, {
            method,
            headers: { Cookie: jar.join('; '), Origin: ctx.base, 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' },
            body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await r.text();
        ctx.expect(r.ok, `${login}: ${method} ${path} → ${r.status} ${text.slice(0, 160)}`);
        return text ? JSON.parse(text) : null;
    };
    clients.set(login, call);
    return call;
}

async function strings(page, ctx) {
    return ctx.strings(await page.evaluate(() => document.documentElement.lang));
}

async function openSession(page, ctx) {
    await page.goto(`${ctx.base}/#/majlis/sessions/${S.id}`);
    await page.locator('#majlis-votes').waitFor();
}

function voteCard(page, id) {
    return page.locator(`article[data-vote-id="${id}"]`);
}

export default [
    {
        name: 'the secretariat convenes the Assembly with an agenda and a budget document',
        async fn(page, ctx) {
            await ctx.signIn(page, 'secretariat');
            const s = await strings(page, ctx);
            await page.goto(`${ctx.base}/#/majlis`);
            await page.locator('#majlis-bodies').waitFor();
            await page.locator('summary', { hasText: s['majlis.session.new'] }).click();
            const form = page.locator('#majlis-new-session');
            await form.locator('select[name="body_id"]').selectOption({ label: 'Assemblée générale' });
            S.title = `Session budgétaire ${Date.now()}`;
            await form.locator('input[name="title"]').fill(S.title);
            await form.locator('textarea[name="agenda"]').fill('Budget 2027\nQuestions diverses');
            await form.locator('button[type="submit"]').click();
            await page.waitForURL(/#\/majlis\/sessions\/\d+$/);
            S.id = Number(page.url().split('/').pop());
            await page.locator('h1', { hasText: S.title }).waitFor();
            // the budget document, reviewed into the session pack
            await page.locator('summary', { hasText: s['majlis.doc.new'] }).click();
            const doc = page.locator('#majlis-doc-add');
            await doc.locator('input[name="title"]').fill('Budget 2027');
            await doc.locator('select[name="kind"]').selectOption('budget');
            await doc.locator('textarea[name="text"]').fill('Total : 120 MDH. Recherche : 10 MDH.');
            await doc.locator('button[type="submit"]').click();
            await page.getByRole('button', { name: s['majlis.doc.submit'] }).click();
            await page.getByRole('button', { name: s['majlis.doc.approve'] }).click();
            await page.locator('#majlis-documents [data-status="approved"]').waitFor();
            await page.locator('#majlis-convene').click();
            await page.getByText(s['majlis.agenda.locked']).waitFor();
            await page.locator('#majlis-open').click();
            await page.locator('#majlis-close').waitFor();
            const items = await page.locator('#majlis-agenda tbody tr').count();
            ctx.expect(items === 2, `the agenda has ${items} items`);
        },
    },
    {
        name: 'members check in and debate; the quorum is reached',
        async fn(page, ctx) {
            ctx.expect(S.id, 'the first step created the session');
            await ctx.signIn(page, 'member');
            const s = await strings(page, ctx);
            await openSession(page, ctx);
            await page.locator('#majlis-checkin').click();
            await page.locator('#majlis-presence [data-status="present"]').waitFor();
            await page.locator('#majlis-speak').click();
            await page.locator('#majlis-speakers [data-status="waiting"]').waitFor();
            for (const login of OTHERS) {
                const call = await apiAs(ctx, login);
                await call('POST', `/api/majlis/sessions/${S.id}/checkin`);
            }
            await page.reload();
            await page.getByText(s['majlis.quorum.met']).first().waitFor();
            // the budget, as the member reads it, with a comment for the deliberation
            await page.locator('#majlis-documents a', { hasText: 'Budget 2027' }).click();
            await page.locator('#majlis-doc-text').waitFor();
            await page.locator('#majlis-comment textarea').fill('La recherche mérite davantage.');
            await page.locator('#majlis-comment button').click();
            await page.locator('#majlis-comments li', { hasText: 'La recherche mérite davantage.' }).waitFor();
        },
    },
    {
        name: 'a roll-call vote is cast and closed; simple majority with quorum adopts it',
        async fn(page, ctx) {
            await ctx.signIn(page, 'secretariat');
            const s = await strings(page, ctx);
            await openSession(page, ctx);
            const form = page.locator('#majlis-vote-open');
            await form.locator('input[name="question"]').fill('Adopter le budget 2027');
            await form.locator('select[name="kind"]').selectOption('roll_call');
            await form.locator('button[type="submit"]').click();
            const card = page.locator('article[data-kind="roll_call"]').last();
            await card.waitFor();
            S.rollCall = Number(await card.getAttribute('data-vote-id'));
            // the member votes through the page, the others through their own sessions
            const member = await ctx.newPage();
            await ctx.signIn(member, 'member');
            await openSession(member, ctx);
            await voteCard(member, S.rollCall).locator('[data-choice="yes"]').click();
            await voteCard(member, S.rollCall).locator('[data-status="voted"]').waitFor();
            const choices = { 'm.benali': 'yes', 'm.ouazzani': 'yes', 'm.elfassi': 'no', 'm.kettani': 'abstain' };
            for (const [login, choice] of Object.entries(choices)) {
                const call = await apiAs(ctx, login);
                await call('POST', `/api/majlis/votes/${S.rollCall}/ballot`, { choice });
            }
            await page.reload();
            await voteCard(page, S.rollCall).locator(`[data-close="${S.rollCall}"]`).click();
            const result = voteCard(page, S.rollCall).locator('tr.vote-result');
            await result.waitFor();
            const cells = await result.locator('td').allTextContents();
            ctx.expect(cells[0] === '3' && cells[1] === '1' && cells[2] === '1', `tally ${cells.join(' | ')}`);
            ctx.expect(cells[3] === '5/7', `present ${cells[3]}`);
            ctx.expect(await result.locator('[data-adopted="true"]').count() === 1, 'adopted: 3 for, 1 against, quorum 4 of 7');
            ctx.expect(cells[4].includes(s['majlis.quorum.met']), 'the quorum is shown as reached');
            // the decision goes into the register
            await voteCard(page, S.rollCall).locator(`#majlis-decide-${S.rollCall} button[type="submit"]`).click();
            await page.getByText(s['majlis.decision.registered']).waitFor();
        },
    },
    {
        name: 'a secret ballot gives a receipt the member finds in the published tally',
        async fn(page, ctx) {
            const sec = await ctx.newPage();
            await ctx.signIn(sec, 'secretariat');
            await openSession(sec, ctx);
            const form = sec.locator('#majlis-vote-open');
            await form.locator('input[name="question"]').fill('Élire le rapporteur du budget');
            await form.locator('select[name="kind"]').selectOption('secret');
            await form.locator('select[name="majority"]').selectOption('absolute');
            await form.locator('button[type="submit"]').click();
            const card = sec.locator('article[data-kind="secret"]').last();
            await card.waitFor();
            S.secret = Number(await card.getAttribute('data-vote-id'));
            await ctx.signIn(page, 'member');
            const s = await strings(page, ctx);
            await openSession(page, ctx);
            await voteCard(page, S.secret).locator('[data-choice="no"]').click();
            await voteCard(page, S.secret).locator('[data-status="voted"]').waitFor();
            const receipt = await page.evaluate((id) => JSON.parse(localStorage.getItem('madrasa.majlis.receipts'))[id], S.secret);
            ctx.expect(/^[0-9a-f]{20}$/.test(receipt || ''), `receipt ${receipt}`);
            for (const login of OTHERS) {
                const call = await apiAs(ctx, login);
                await call('POST', `/api/majlis/votes/${S.secret}/ballot`, { choice: 'yes' });
            }
            await sec.reload();
            await voteCard(sec, S.secret).locator(`[data-close="${S.secret}"]`).click();
            await voteCard(sec, S.secret).locator('tr.vote-result').waitFor();
            // absolute majority: 4 for out of 7 members is more than half
            ctx.expect(await voteCard(sec, S.secret).locator('[data-adopted="true"]').count() === 1, 'adopted by 4 of 7');
            await page.reload();
            await voteCard(page, S.secret).locator('summary', { hasText: s['majlis.vote.receipts'] }).click();
            const mine = voteCard(page, S.secret).locator('tr.mine');
            await mine.waitFor();
            ctx.expect((await mine.textContent()).includes(receipt), 'the member finds their receipt');
            ctx.expect((await mine.textContent()).includes(s['majlis.choice.no']), 'counted as cast (against)');
            const rows = await voteCard(page, S.secret).locator('tbody tr').count();
            ctx.expect(rows >= 5, `${rows} receipts published`);
        },
    },
    {
        name: 'minutes are approved in the next session, signed, and the decision is in the register',
        async fn(page, ctx) {
            await ctx.signIn(page, 'secretariat');
            const s = await strings(page, ctx);
            await openSession(page, ctx);
            const edit = page.locator('#majlis-minutes-edit');
            await edit.locator('textarea[name="text"]').fill(`Procès-verbal : le budget 2027 est adopté par 3 voix contre 1 et 1 abstention.`);
            await edit.locator('button[type="submit"]').click();
            await page.locator('#majlis-minutes-circulate').click();
            await page.locator('#majlis-minutes [data-status="circulated"]').waitFor();
            // the next session of the Assembly, opened
            const call = await apiAs(ctx, 'secretariat');
            const next = await call('POST', '/api/majlis/sessions', {
                body_id: (await call('GET', `/api/majlis/sessions/${S.id}`)).session.body_id, kind: 'ordinary',
                title: `${S.title} (suite)`, starts_at: Math.floor(Date.now() / 1000) + 7 * 86400, agenda: [{ title: 'Approbation du PV' }],
            });
            await call('POST', `/api/majlis/sessions/${next.id}/convene`);
            await call('POST', `/api/majlis/sessions/${next.id}/open`);
            await page.reload();
            const approve = page.locator('#majlis-minutes-approve');
            await approve.locator('select[name="session_id"]').selectOption(String(next.id));
            await approve.locator('button[type="submit"]').click();
            const seal = page.locator('#majlis-minutes-seal');
            await seal.waitFor();
            const text = await seal.textContent();
            ctx.expect(/#\d+ [0-9a-f]{64}/.test(text), `the approved minutes print the audit head: ${text.slice(0, 120)}`);
            ctx.expect(text.includes(s['majlis.minutes.valid']), 'the signature checks out');
            ctx.expect(await page.locator('#majlis-minutes-edit').count() === 0, 'approved minutes cannot be edited');
            await page.goto(`${ctx.base}/#/majlis/decisions`);
            await page.locator('tr[data-decision]', { hasText: 'Adopter le budget 2027' }).first().waitFor();
        },
    },
    {
        name: 'the session page in Arabic reads right to left',
        async fn(page, ctx) {
            await ctx.signIn(page, 'member');
            await page.locator('#lang-switch').selectOption('ar');
            await page.locator('html[dir="rtl"][lang="ar"]').waitFor({ state: 'attached' });
            const ar = await ctx.strings('ar');
            await openSession(page, ctx);
            await page.getByRole('heading', { name: ar['majlis.votes.title'] }).waitFor();
            const { scroll, client } = await page.evaluate(() => ({
                scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth,
            }));
            ctx.expect(scroll <= client, `the page scrolls sideways (${scroll} > ${client})`);
            await page.locator('#lang-switch').selectOption('fr');
        },
    },
];
