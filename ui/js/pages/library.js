// library.js — the research exchange (#/library): full-text search in Arabic, French and English
// with filters (type, language, year, subject) over published records; for educators a deposit
// form (Dublin Core metadata and files, read in the browser and sent as base64) and their
// deposits; for editors the review queue. A record opens #/library/:id (library-record.js).

import { h, replace } from '../dom.js';
import { PUBLIC } from '../router.js';
import { errorText, field, loading, pageTitle, problemSummary, showProblems, showStatus, statusBox } from '../ui.js';

export const TYPES = ['report', 'article', 'thesis', 'dataset', 'presentation', 'policy_brief', 'book', 'other'];
export const EDITORS = ['admin', 'council_secretariat'];
const LANGS = ['ar', 'fr', 'en', 'zgh'];

/** Reads a File as base64 (no data: prefix). */
function base64(file) {
    return new Promise((resolve, reject) => {
        const r = new FileReader();
        r.onload = () => resolve(String(r.result).split(',')[1] || '');
        r.onerror = () => reject(r.error);
        r.readAsDataURL(file);
    });
}

export function recordList(ctx, records, id) {
    const { t } = ctx;
    if (records.length === 0) return h('p', { class: 'empty', id }, t('library.none'));
    return h('ul', { class: 'tree', id }, records.map((r) => h('li', { dataset: { record: r.record_id } },
        h('a', { href: `#/library/${r.record_id}` }, h('bdi', { lang: r.language, dir: 'auto' }, r.title)),
        ' — ', h('bdi', null, r.creators.map((c) => c.name).join(', ')), ' (', h('bdi', { dir: 'ltr' }, r.date), `, ${t(`library.type.${r.type}`)})`,
        r.status !== 'published' ? ` — ${t(`library.status.${r.status}`)}` : '',
        r.embargoed ? ` — ${t('library.embargoed')}` : '')));
}

function searchForm(ctx, results) {
    const { t } = ctx;
    const q = field({ name: 'q', type: 'search', label: t('library.search.q'), attrs: { dir: 'auto' } });
    const type = field({ name: 'type', label: t('library.field.type'), value: '',
        options: [{ value: '', label: t('library.any') }, ...TYPES.map((k) => ({ value: k, label: t(`library.type.${k}`) }))] });
    const language = field({ name: 'language', label: t('library.field.language'), value: '',
        options: [{ value: '', label: t('library.any') }, ...LANGS.map((l) => ({ value: l, label: t(`library.lang.${l}`) }))] });
    const year = field({ name: 'year', type: 'number', label: t('library.search.year'), attrs: { inputmode: 'numeric' } });
    const subject = field({ name: 'subject', label: t('library.search.subject'), attrs: { dir: 'auto' } });
    const form = h('form', { class: 'form form-inline', role: 'search' }, q, type, language, year, subject,
        h('button', { type: 'submit', class: 'button button-primary' }, t('library.search.submit')));
    const run = async () => {
        replace(results, loading());
        const p = new URLSearchParams();
        for (const [k, w] of Object.entries({ q, type, language, year, subject })) if (w.input.value.trim()) p.set(k, w.input.value.trim());
        try {
            const res = await ctx.api.get(`/api/library/records?${p}`);
            replace(results, h('p', { class: 'result-count' }, t('library.results', { count: res.total })), recordList(ctx, res.records, 'library-results'));
        } catch (err) {
            replace(results, h('p', { class: 'alert alert-error' }, errorText(err)));
        }
    };
    form.addEventListener('submit', (e) => { e.preventDefault(); run(); });
    run();
    return form;
}

function depositForm(ctx, done) {
    const { t } = ctx;
    const f = {
        title: field({ name: 'title', label: t('library.field.title'), required: true, attrs: { dir: 'auto' } }),
        creators: field({ name: 'creators', label: t('library.field.creators'), hint: t('library.hint.creators'), rows: 2,
            value: ctx.user.name, attrs: { dir: 'auto' } }),
        date: field({ name: 'date', label: t('library.field.date'), hint: t('library.hint.date'), value: String(new Date().getFullYear()) }),
        language: field({ name: 'language', label: t('library.field.language'), value: ctx.lang,
            options: LANGS.map((l) => ({ value: l, label: t(`library.lang.${l}`) })) }),
        type: field({ name: 'type', label: t('library.field.type'), value: 'report',
            options: TYPES.map((k) => ({ value: k, label: t(`library.type.${k}`) })) }),
        subjects: field({ name: 'subjects', label: t('library.field.subjects'), hint: t('library.hint.subjects'), attrs: { dir: 'auto' } }),
        abstract: field({ name: 'abstract', label: t('library.field.abstract'), rows: 5, attrs: { dir: 'auto' } }),
        rights: field({ name: 'rights', label: t('library.field.rights'), value: 'CC BY 4.0' }),
        access: field({ name: 'access', label: t('library.field.access'), value: 'public',
            options: ['public', 'registered'].map((a) => ({ value: a, label: t(`library.access.${a}`) })) }),
        files: field({ name: 'files', type: 'file', label: t('library.field.files'), attrs: { multiple: true } }),
    };
    const all = Object.values(f);
    const summary = problemSummary();
    const status = statusBox();
    const form = h('form', { class: 'form', novalidate: true, id: 'library-deposit' }, summary, all,
        h('button', { type: 'submit', class: 'button button-primary' }, t('library.deposit.submit')));
    form.addEventListener('submit', async (e) => {
        e.preventDefault();
        const creators = f.creators.input.value.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
            const [name, affiliation] = l.split(';').map((s) => s.trim());
            return affiliation ? { name, affiliation } : { name };
        });
        const problems = [];
        if (!f.title.input.value.trim()) problems.push({ field: f.title, message: t('library.error.title') });
        if (creators.length === 0) problems.push({ field: f.creators, message: t('library.error.creators') });
        showProblems(summary, all, problems);
        if (problems.length) return;
        try {
            const files = await Promise.all([...f.files.input.files].map(async (file) => ({
                name: file.name, mime: file.type || 'application/octet-stream', data: await base64(file) })));
            const body = { title: f.title.input.value.trim(), creators, date: f.date.input.value.trim(),
                language: f.language.input.value, type: f.type.input.value,
                subjects: f.subjects.input.value.split(',').map((s) => s.trim()).filter(Boolean),
                abstract: f.abstract.input.value.trim(), rights: f.rights.input.value.trim(), access: f.access.input.value };
            if (files.length) body.files = files;
            const v = await ctx.api.post('/api/library/records', body);
            showStatus(status, t('library.deposit.done'));
            done(v);
        } catch (err) {
            if (err.status !== 401) showProblems(summary, all, [{ field: (err.field && f[err.field]) || f.title, message: errorText(err) }]);
        }
    });
    return h('details', { class: 'disclosure' }, h('summary', { class: 'disclosure-summary' }, t('library.deposit.title')),
        h('div', { class: 'disclosure-body' }, status, form));
}

function listSection(ctx, title, path, id) {
    const sec = h('section', { class: 'section' }, h('h2', { class: 'section-title' }, title), loading());
    ctx.api.get(path).then((res) => replace(sec, h('h2', { class: 'section-title' }, title), recordList(ctx, res.versions, id)))
        .catch((err) => replace(sec, h('p', { class: 'alert alert-error' }, errorText(err))));
    return sec;
}

export default {
    route: '#/library',
    roles: [PUBLIC],
    title: 'library.title',
    nav: 'library.nav',
    render(root, ctx) {
        const { t } = ctx;
        const results = h('div', { 'aria-live': 'polite' });
        const role = ctx.user ? ctx.user.role : null;
        const educator = role && role !== 'learner';
        replace(root, pageTitle(t('library.title'), t('library.lead')),
            educator ? depositForm(ctx, (v) => ctx.navigate(`#/library/${v.record_id}`)) : null,
            searchForm(ctx, results), results,
            educator ? listSection(ctx, t('library.mine'), '/api/library/mine', 'library-mine') : null,
            EDITORS.includes(role) ? listSection(ctx, t('library.queue'), '/api/library/queue', 'library-queue') : null);
    },
};
