// content-import.js — importing a teacher's questions (#/content/import[?class=ID]) for teachers,
// school admins and admins: a GIFT (.gift, .txt) or Moodle XML (.xml) file, the language its
// questions are written in, and a prefix (their ids become prefix.1, prefix.2… in file order).
//
// The file goes to POST /api/admin/content/import as its raw bytes (never re-encoded by the
// browser, so the server itself can say "line 7 is not UTF-8"), with `name` = the file's name so
// that every problem comes back as "<file>:<line>: <problem>". Imports are all or nothing: on a
// 400 the page lists every problem with the line of the file it points at, and says that
// nothing was imported. Each problem comes with a stable code (error.problems[].code): it is
// shown with the text "content.import.problem.<code>" in the page's language (its params filled
// in), or in the server's English when the page has no text for that code; a 409 means the prefix is taken (the field says so). On success it shows
// how many questions of which types and which categories came in.
// Below, the imports already on the server (GET /api/content/imports: prefix, language, count
// per type, categories, date, who), each with its questions on demand (GET
// /api/content/imports/{prefix}, stems in the import's language and direction) and a link to
// give it as a quiz from a class dashboard (#/classes/{id}?quiz=prefix opens the assignment
// form on it). The class is the one the page was opened from, else the teacher's only class,
// else a choice.

import { ApiError, csrfToken } from '../api.js';
import { h, ltr, replace } from '../dom.js';
import { LANGUAGES } from '../i18n.js';
import { errorText, field, loading, pageTitle, problemSummary, showProblems } from '../ui.js';
import { personName, shortDate, teachStyles } from './teach-common.js';

const MAX_BYTES = 4 * 1024 * 1024; // the server's cap for import bodies
const QUESTION_LANGS = ['ar', 'fr', 'en'];
const PREFIX_RE = /^[a-z0-9_-]{1,40}$/; // as the server validates it (content_store.c)
const TYPES = ['choice', 'numeric', 'text', 'order', 'match'];

function langName(code) {
    const l = LANGUAGES.find((x) => x.code === code);
    return l ? l.name : code;
}

/** The format a file's name (and first character) suggests. */
function guessFormat(name, firstChar) {
    if (/\.xml$/i.test(name) || firstChar === '<') return 'moodle_xml';
    return 'gift';
}

/** A prefix from a file name: "Contrôle n°2 (CE2).gift" → "controle-n-2-ce2", free among `used`. */
function suggestPrefix(fileName, used) {
    const base = fileName.replace(/\.[^.]*$/, '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
        .replace(/[^a-z0-9_-]+/g, '-').replace(/-+/g, '-').replace(/^[-_]+|[-_]+$/g, '').slice(0, 34) || 'quiz';
    let p = base;
    for (let n = 2; used.has(p); n += 1) p = `${base}-${n}`;
    return p;
}

/** The file's name as the server takes it in messages: no ':' or control characters, ≤ 100 bytes. */
function cleanName(name) {
    let s = [...name].map((c) => (c < ' ' || c === '\u007f' || c === ':' ? '_' : c)).join('');
    while (new TextEncoder().encode(s).length > 100) s = s.slice(0, -1);
    return s || 'import';
}

/** POSTs the file's bytes as they are (api.js sends strings and JSON only). */
async function postFile(path, bytes, type) {
    const headers = { Accept: 'application/json', 'Content-Type': type };
    const token = csrfToken();
    if (token) headers['X-CSRF-Token'] = token;
    let res;
    try {
        res = await fetch(path, { method: 'POST', headers, body: bytes, credentials: 'same-origin' });
    } catch {
        throw new ApiError(0, null, null);
    }
    const data = await res.json().catch(() => null);
    if (!res.ok) {
        const err = new ApiError(res.status, data, null);
        err.problems = data && data.error && Array.isArray(data.error.problems) ? data.error.problems : null;
        throw err;
    }
    return data;
}

/** "2 numeric, 1 multiple choice" from {numeric: 2, choice: 1} (an Arabic comma in Arabic). */
function typesText(t, types, lang) {
    return TYPES.filter((k) => types && types[k]).map((k) => t(`content.import.type_count.${k}`, { count: types[k] }))
        .join(lang === 'ar' ? '، ' : ', ');
}

/**
 * The problems of a refused file as {line, text, lang}: from the server's structured list when
 * it sent one (each in the page's language when there is a text for its code, else in
 * English), else from its "<file>:<line>: <problem>" lines.
 */
function problemItems(t, err, fileName) {
    if (err.problems && err.problems.length) {
        return err.problems.map((p) => {
            const key = `content.import.problem.${p.code}`;
            const text = t(key, p.params || {});
            return { line: Number(p.line) || 0, text: text === key ? p.message : text, lang: text === key ? 'en' : null };
        });
    }
    const prefix = `${fileName}:`;
    return err.message.split('\n').filter((l) => l.trim()).map((p) => {
        const m = p.startsWith(prefix) ? /^(\d+): ?(.*)$/.exec(p.slice(prefix.length)) : null;
        return { line: m ? Number(m[1]) : 0, text: m ? m[2] : p, lang: 'en' };
    });
}

/** The problems of a refused file, each with the line of the file it names. */
function problemsBlock(t, err, fileName, lines) {
    const problems = problemItems(t, err, fileName);
    return h('div', { class: 'alert alert-error import-problems', role: 'alert', tabindex: '-1', id: 'import-problems' },
        h('h2', { class: 'alert-title' }, t('content.import.refused', { count: problems.length })),
        h('p', null, t('content.import.all_or_nothing')),
        h('ol', { class: 'import-problem-list' }, problems.map(({ line, text, lang }) => {
            const source = line > 0 && line <= lines.length ? lines[line - 1] : null;
            // "<file>:<line>" is one left-to-right unit; the problem is in the page's language,
            // or in English (left to right) when the page has no text for it
            return h('li', { dataset: { line: line || '' } },
                h('p', { class: 'problem-line', dir: lang ? 'ltr' : null, lang },
                    line > 0 ? [h('code', { class: 'problem-where', dir: 'ltr' }, `${fileName}:${line}`), ': '] : null,
                    h('span', { class: 'problem-what' }, text)),
                source !== null ? h('pre', { class: 'code-line problem-source', dir: 'ltr' },
                    h('span', { class: 'meta', 'aria-hidden': 'true' }, `${line} │ `), h('bdi', null, source)) : null);
        })));
}

/** Categories as small labels, each isolated (an Arabic category in a French page and back). */
function categoryList(list) {
    return (list || []).length ? h('ul', { class: 'import-categories' }, list.map((c) => h('li', { dir: 'auto' }, c))) : '—';
}

/** The questions of an import: each stem in the import's language and direction, its type and
 * category in the page's. */
async function questionsBlock(ctx, prefix) {
    const { t } = ctx;
    const imp = await ctx.api.get(`/api/content/imports/${encodeURIComponent(prefix)}`);
    const dir = imp.lang === 'ar' ? 'rtl' : 'ltr';
    return h('table', { class: 'table import-questions' },
        h('caption', { class: 'visually-hidden' }, t('content.import.show')),
        h('thead', null, h('tr', null, ['id', 'stem', 'type', 'category'].map((k) => h('th', { scope: 'col' }, t(`content.import.qcol.${k}`))))),
        h('tbody', null, (imp.items || []).map((q) => h('tr', { dataset: { id: q.id } },
            h('td', null, h('code', { dir: 'ltr' }, q.id)),
            h('td', { class: 'import-stem', lang: imp.lang, dir }, q.stem),
            h('td', null, t(`content.type.${q.type}`)),
            h('td', null, q.category ? h('bdi', null, q.category) : '—')))));
}

/** The table of imports, newest first; `classFor()` names the class a quiz link goes to. */
function importsTable(ctx, imports, classFor, highlight) {
    const { t } = ctx;
    if (imports.length === 0) return h('p', { class: 'empty' }, t('content.import.list_none'));
    const cols = ['prefix', 'lang', 'questions', 'categories', 'date', 'by', 'actions'];
    return h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'imports-list' },
        h('caption', { class: 'visually-hidden' }, t('content.import.list_title')),
        h('thead', null, h('tr', null, cols.map((k) => h('th', { scope: 'col' }, t(`content.import.col.${k}`))))),
        h('tbody', null, imports.flatMap((imp) => {
            const detail = h('tr', { class: 'import-detail', hidden: true },
                h('td', { colspan: cols.length }, h('div', { class: 'import-detail-body' })));
            const toggle = h('button', { type: 'button', class: 'button button-small button-secondary',
                'aria-expanded': 'false' }, t('content.import.show'), h('span', { class: 'visually-hidden' }, ` — ${imp.prefix}`));
            toggle.addEventListener('click', async () => {
                const open = detail.hidden;
                detail.hidden = !open;
                toggle.setAttribute('aria-expanded', String(open));
                replace(toggle, t(open ? 'content.import.hide' : 'content.import.show'),
                    h('span', { class: 'visually-hidden' }, ` — ${imp.prefix}`));
                if (!open || detail.dataset.loaded) return;
                const body = detail.querySelector('.import-detail-body');
                replace(body, loading());
                try {
                    replace(body, await questionsBlock(ctx, imp.prefix));
                    detail.dataset.loaded = '1';
                } catch (err) {
                    if (err.status !== 401) replace(body, h('p', { class: 'alert alert-error', role: 'alert' }, errorText(err)));
                }
            });
            const cid = classFor();
            const assign = cid ? h('a', { class: 'button button-small', href: `#/classes/${encodeURIComponent(cid)}?quiz=${encodeURIComponent(imp.prefix)}` },
                t('content.import.assign'), h('span', { class: 'visually-hidden' }, ` — ${imp.prefix}`)) : null;
            const row = h('tr', { dataset: { prefix: imp.prefix }, class: imp.prefix === highlight ? 'import-new' : null },
                h('th', { scope: 'row', class: 'import-prefix' }, h('code', { dir: 'ltr' }, imp.prefix)),
                h('td', { lang: imp.lang }, langName(imp.lang)),
                h('td', null, h('strong', null, ctx.num(imp.questions)), imp.types ? h('span', { class: 'sub' }, typesText(t, imp.types, ctx.lang)) : null),
                h('td', null, categoryList(imp.categories)),
                h('td', null, shortDate(imp.created_at, ctx.lang)),
                h('td', null, imp.created_by ? h('bdi', null, personName(imp.created_by, ctx.lang)) : '—'),
                h('td', null, h('div', { class: 'import-actions' }, toggle, assign)));
            return [row, detail];
        }))));
}

export default {
    route: '#/content/import',
    roles: ['teacher', 'school_admin', 'admin'],
    title: 'content.import.title',
    nav: 'content.import.nav',
    async render(root, ctx) {
        const { t } = ctx;
        teachStyles();
        const fromClass = new URLSearchParams((location.hash.split('?')[1]) || '').get('class');
        let imports = [];
        let classes = [];
        let lines = [];
        let bytes = null;
        let prefixTouched = false;

        const file = field({ name: 'file', type: 'file', label: t('content.import.file'), hint: t('content.import.file_hint'),
            attrs: { accept: '.gift,.txt,.xml,text/plain,text/xml,application/xml' } });
        const format = field({ name: 'format', label: t('content.import.format'), value: 'gift', options: [
            { value: 'gift', label: t('content.import.format_gift') }, { value: 'moodle_xml', label: t('content.import.format_xml') }] });
        const qlang = field({ name: 'lang', label: t('content.import.lang'), hint: t('content.import.lang_hint'),
            value: QUESTION_LANGS.includes(ctx.lang) ? ctx.lang : 'fr',
            options: QUESTION_LANGS.map((l) => ({ value: l, label: langName(l), lang: l })) });
        const prefix = field({ name: 'prefix', label: t('content.import.prefix'), hint: t('content.import.prefix_hint'),
            autocomplete: 'off', attrs: { dir: 'ltr', spellcheck: 'false', maxlength: '40' } });
        const fields = [file, format, qlang, prefix];
        const summary = problemSummary();
        const result = h('div', { id: 'import-result' });
        const submit = h('button', { type: 'submit', class: 'button button-primary' }, t('content.import.submit'));
        const usedPrefixes = () => new Set(imports.map((i) => i.prefix));

        prefix.input.addEventListener('input', () => { prefixTouched = true; });
        file.input.addEventListener('change', async () => {
            const f = file.input.files && file.input.files[0];
            bytes = null;
            lines = [];
            replace(result);
            if (!f) return;
            if (f.size > MAX_BYTES) {
                showProblems(summary, fields, [{ field: file, message: t('content.import.error.too_large') }]);
                return;
            }
            try {
                bytes = await f.arrayBuffer();
            } catch {
                showProblems(summary, fields, [{ field: file, message: t('content.import.error.read') }]);
                return;
            }
            const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
            lines = text.split(/\r?\n/);
            format.input.value = guessFormat(f.name, text.trimStart().charAt(0));
            if (!prefixTouched || !prefix.input.value) prefix.input.value = suggestPrefix(f.name, usedPrefixes());
            showProblems(summary, fields, []);
        });

        const form = h('form', { class: 'form', novalidate: true, id: 'import-form' }, summary, file,
            h('div', { class: 'form-row' }, format, qlang), prefix, submit);
        form.addEventListener('submit', async (e) => {
            e.preventDefault();
            replace(result);
            const f = file.input.files && file.input.files[0];
            const p = prefix.input.value.trim();
            const problems = [];
            if (!f || !bytes) problems.push({ field: file, message: t(f ? 'content.import.error.read' : 'content.import.error.file') });
            if (!PREFIX_RE.test(p)) problems.push({ field: prefix, message: t('content.import.error.prefix') });
            else if (usedPrefixes().has(p)) problems.push({ field: prefix, message: t('content.import.error.prefix_used', { prefix: p }) });
            showProblems(summary, fields, problems);
            if (problems.length) return;
            const name = cleanName(f.name);
            const q = new URLSearchParams({ format: format.input.value, lang: qlang.input.value, prefix: p, name });
            submit.disabled = true;
            try {
                const res = await postFile(`/api/admin/content/import?${q}`, bytes,
                    format.input.value === 'moodle_xml' ? 'application/xml' : 'text/plain; charset=utf-8');
                replace(result, h('div', { class: 'alert alert-success import-done', role: 'status', tabindex: '-1' },
                    h('h2', { class: 'alert-title' }, t('content.import.done', { count: res.imported, prefix: p })),
                    h('p', null, typesText(t, res.types, ctx.lang)),
                    (res.categories || []).length ? h('div', null, t('content.import.categories'), ' ', categoryList(res.categories)) : null,
                    h('p', null, t('content.import.done_next'))));
                file.input.value = '';
                prefix.input.value = '';
                prefixTouched = false;
                bytes = null;
                await loadList(p);
                result.firstChild.focus();
            } catch (err) {
                if (err.status === 401) return;
                if (err.status === 400 && !err.field) {
                    showProblems(summary, fields, [{ field: file, message: t('content.import.error.lines') }]);
                    replace(result, problemsBlock(t, err, name, lines));
                    result.firstChild.focus();
                } else if (err.code === 'conflict') {
                    showProblems(summary, fields, [{ field: prefix, message: t('content.import.error.prefix_used', { prefix: p }) }]);
                } else if (err.code === 'too_large') {
                    showProblems(summary, fields, [{ field: file, message: t('content.import.error.too_large') }]);
                } else {
                    const target = { format, lang: qlang, prefix, name: file }[err.field] || null;
                    showProblems(summary, fields, [{ field: target, message: errorText(err) }]);
                }
            } finally {
                submit.disabled = false;
            }
        });

        // the imports already here, and the class a quiz goes to
        const listBody = h('div', null, loading());
        const classPick = field({ name: 'class', label: t('content.import.class'), options: [] });
        classPick.hidden = true;
        const classFor = () => (classPick.hidden ? (fromClass || (classes[0] && String(classes[0].id)) || null) : classPick.input.value);
        let highlighted = null;
        async function loadList(highlight) {
            highlighted = highlight || highlighted;
            try {
                imports = (await ctx.api.get('/api/content/imports')).imports || [];
                replace(listBody, importsTable(ctx, imports, classFor, highlighted));
            } catch (err) {
                if (err.status !== 401) replace(listBody, h('p', { class: 'alert alert-error', role: 'alert' }, errorText(err)));
            }
        }
        classPick.input.addEventListener('change', () => replace(listBody, importsTable(ctx, imports, classFor, highlighted)));

        const back = fromClass ? h('p', null, h('a', { href: `#/classes/${encodeURIComponent(fromClass)}` }, t('content.import.back'))) : null;
        root.append(pageTitle(t('content.import.title'), t('content.import.lead')), back,
            h('div', { class: 'card' }, form, h('details', { class: 'disclosure' },
                h('summary', { class: 'disclosure-summary' }, t('content.import.help_title')),
                h('div', { class: 'disclosure-body' }, h('p', null, t('content.import.help')),
                    h('pre', { class: 'code-block', dir: 'ltr', lang: 'fr' },
                        '$CATEGORY: Calcul\n\n::q1:: Combien font 7 × 8 ? {#56}\n\n'
                        + '::q2:: La moitié de 10 ? {=5 ~2 ~20}\n\n::q3:: La capitale du Maroc ? {=Rabat =الرباط}\n')))),
            result,
            h('section', { class: 'section', 'aria-labelledby': 'imports-title' },
                h('h2', { class: 'section-title', id: 'imports-title' }, t('content.import.list_title')),
                h('p', { class: 'hint' }, t('content.import.list_lead')), classPick, listBody));
        try {
            classes = (await ctx.api.get('/api/classes')).classes || [];
        } catch (err) {
            if (err.status === 401) return;
            classes = [];
        }
        if (classes.length > 1) {
            replace(classPick.input, classes.map((c) => h('option', { value: String(c.id) }, c.name, c.school_year ? ` (${ltr(c.school_year)})` : '')));
            if (fromClass && classes.some((c) => String(c.id) === fromClass)) classPick.input.value = fromClass;
            classPick.hidden = false;
        }
        await loadList();
    },
};
