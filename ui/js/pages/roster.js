// roster.js — roster import (#/admin/roster) for admins and school admins.
//
// The CSV is pasted into a text area or read from a chosen file (FileReader, text only; nothing
// leaves the browser before the user presses Import), then sent as text/csv to
// POST /api/admin/roster. The server imports all or nothing: on a bad line it answers 400 with the
// line number, which is shown with the server's explanation and the offending line itself, and
// the cursor is put on that line in the text area so it can be fixed in place. Accounts created
// without a password in the file get one from the server, shown here once (it is not stored in
// clear anywhere) so the admin can hand it out.

import { h, replace } from '../dom.js';
import { errorText, field, pageTitle, problemSummary, showProblems, showStatus, statusBox } from '../ui.js';

const MAX_BYTES = 4 * 1024 * 1024; // the server's limit for imports

// The columns src/app/schools/schools.c reads (header first, any order; see its comment).
const EXAMPLE = [
    'school_code,class,grade,school_year,section,role,login,name,name_ar,name_latin,student_code,password',
    'SALE-001,CE2-B,3,2026-2027,B,teacher,h.idrissi,Hanane Idrissi,حنان الإدريسي,Hanane Idrissi,,',
    'SALE-001,CE2-B,3,2026-2027,B,learner,karim.tazi,Karim Tazi,كريم التازي,Karim Tazi,J130011111,',
].join('\n');

/** The passwords the server generated, to hand out once. */
function passwordsTable(list, t) {
    if (list.length === 0) return null;
    return h('section', { class: 'card', 'aria-labelledby': 'roster-passwords' },
        h('h2', { id: 'roster-passwords', class: 'section-title' }, t('roster.passwords.title')),
        h('p', null, t('roster.passwords.text')),
        h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
            h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('users.col.login')),
                h('th', { scope: 'col' }, t('login.password')))),
            h('tbody', null, list.map((p) => h('tr', null, h('th', { scope: 'row' }, h('bdi', null, p.login)),
                h('td', { class: 'cell-code' }, h('bdi', null, p.password))))))));
}

/** Selects line n (1-based) of a textarea so the user lands on it. */
function selectLine(textarea, n) {
    const lines = textarea.value.split('\n');
    if (n < 1 || n > lines.length) return;
    let start = 0;
    for (let i = 0; i < n - 1; i += 1) start += lines[i].length + 1;
    textarea.focus();
    textarea.setSelectionRange(start, start + lines[n - 1].length);
}

export default {
    route: '#/admin/roster',
    roles: ['admin', 'school_admin'],
    title: 'roster.title',
    nav: 'nav.roster',
    render(root, ctx) {
        const { t } = ctx;
        const file = field({ name: 'file', type: 'file', label: t('roster.file'), hint: t('roster.file_hint'),
            attrs: { accept: '.csv,text/csv,text/plain' } });
        const text = field({ name: 'csv', label: t('roster.text'), hint: t('roster.text_hint'), rows: 10,
            attrs: { dir: 'auto', class: 'textarea textarea-code' } });
        const summary = problemSummary();
        const status = statusBox();
        const detail = h('pre', { class: 'code-line', hidden: true, dir: 'auto' });
        const submit = h('button', { type: 'submit', class: 'button button-primary' }, t('roster.submit'));
        const issued = h('div');
        file.input.addEventListener('change', () => {
            const f = file.input.files && file.input.files[0];
            if (!f) return;
            if (f.size > MAX_BYTES) {
                showProblems(summary, [file, text], [{ field: file, message: t('roster.error.too_large') }]);
                return;
            }
            const reader = new FileReader();
            reader.onload = () => { text.input.value = String(reader.result); showProblems(summary, [file, text], []); };
            reader.onerror = () => showProblems(summary, [file, text], [{ field: file, message: t('roster.error.read') }]);
            reader.readAsText(f, 'utf-8');
        });
        const form = h('form', { class: 'form', novalidate: true }, summary, detail, file, text, submit);
        form.addEventListener('submit', async (e) => {
            e.preventDefault();
            showStatus(status, null);
            replace(issued);
            detail.hidden = true;
            const csv = text.input.value;
            if (!csv.trim()) {
                showProblems(summary, [file, text], [{ field: text, message: t('roster.error.empty') }]);
                return;
            }
            showProblems(summary, [file, text], []);
            submit.disabled = true;
            try {
                const res = await ctx.api.post('/api/admin/roster', csv, { contentType: 'text/csv; charset=utf-8' });
                showStatus(status, t('roster.done', { count: res.created ?? 0, enrolled: res.enrolled ?? 0 }));
                replace(issued, passwordsTable(res.passwords || [], t));
                status.focus();
            } catch (err) {
                if (err.status === 401) return;
                if (err.line) {
                    const message = t('roster.error.line', { line: err.line });
                    showProblems(summary, [file, text], [{ field: text, message }]);
                    const bad = csv.split('\n')[err.line - 1];
                    replace(detail, err.message, bad !== undefined ? `\n${err.line}: ${bad}` : '');
                    detail.hidden = false;
                    selectLine(text.input, err.line);
                } else {
                    showProblems(summary, [file, text], [{ field: text, message: errorText(err) }]);
                }
            } finally {
                submit.disabled = false;
            }
        });
        status.setAttribute('tabindex', '-1');
        root.append(pageTitle(t('roster.title'), t('roster.lead')), status, issued,
            h('div', { class: 'card' }, form, h('details', { class: 'disclosure' },
                h('summary', { class: 'disclosure-summary' }, t('roster.format.title')),
                h('div', { class: 'disclosure-body' },
                    h('p', null, t('roster.format.text')),
                    h('pre', { class: 'code-block', dir: 'ltr' }, EXAMPLE)))));
    },
};
