// ui.js — small building blocks the pages share: page titles, form fields with their error
// messages, alerts, and the translation of API errors into the user's language.
//
// Forms follow the GOV.UK pattern: every input has a visible <label>; a hint and an error message
// are tied to it with aria-describedby; a wrong field gets aria-invalid and its message; a summary
// with role="alert" at the top of the form lists the problems and is announced at once. Forms use
// `novalidate` so these messages, not the browser's bubbles, are what the user sees.

import { h, id, replace } from './dom.js';
import { t } from './i18n.js';

/** The page heading (focus target after navigation). */
export function pageTitle(text, lead) {
    return h('header', { class: 'page-header' },
        h('h1', { class: 'page-title', tabindex: '-1' }, text),
        lead ? h('p', { class: 'lead' }, lead) : null);
}

/**
 * A labelled form field. opts: { label, name, type, hint, value, autocomplete, required,
 * options: [{value,label}] (renders a <select>), rows (renders a <textarea>), attrs }.
 * Returns the wrapper element; wrapper.input is the control.
 */
export function field(opts) {
    const inputId = id(opts.name || 'field');
    const hintId = `${inputId}-hint`;
    const errorId = `${inputId}-error`;
    const common = {
        id: inputId,
        name: opts.name,
        required: opts.required || false,
        autocomplete: opts.autocomplete,
        'aria-describedby': opts.hint ? hintId : null,
        ...(opts.attrs || {}),
    };
    let input;
    if (opts.options) {
        input = h('select', { ...common, class: 'select' },
            opts.options.map((o) => h('option', { value: o.value, lang: o.lang }, o.label)));
        if (opts.value !== undefined) input.value = opts.value;
    } else if (opts.rows) {
        input = h('textarea', { ...common, class: 'textarea', rows: opts.rows, spellcheck: 'false' });
        if (opts.value) input.value = opts.value;
    } else {
        input = h('input', { ...common, class: 'input', type: opts.type || 'text', value: opts.value });
    }
    const wrapper = h('div', { class: 'field' },
        h('label', { class: 'label', for: inputId }, opts.label),
        opts.hint ? h('p', { class: 'hint', id: hintId }, opts.hint) : null,
        h('p', { class: 'field-error', id: errorId, hidden: true }),
        input);
    wrapper.input = input;
    wrapper.dataset.name = opts.name || '';
    return wrapper;
}

/** Shows (or clears, with null) the error message of a field made by field(). */
export function setFieldError(wrapper, message) {
    const error = wrapper.querySelector('.field-error');
    const input = wrapper.input;
    const hint = wrapper.querySelector('.hint');
    const described = [hint ? hint.id : null, message ? error.id : null].filter(Boolean).join(' ');
    if (described) input.setAttribute('aria-describedby', described);
    else input.removeAttribute('aria-describedby');
    if (message) {
        replace(error, h('span', { class: 'visually-hidden' }, t('form.error_prefix')), message);
        error.hidden = false;
        input.setAttribute('aria-invalid', 'true');
        wrapper.classList.add('field-has-error');
    } else {
        replace(error);
        error.hidden = true;
        input.removeAttribute('aria-invalid');
        wrapper.classList.remove('field-has-error');
    }
}

/**
 * Shows a list of problems in a form's summary box and next to the fields.
 * problems: [{ field: wrapper|null, message }]. Empty list clears everything.
 * The summary is a role="alert" region so it is read out; the first bad field gets focus.
 */
export function showProblems(summary, wrappers, problems) {
    for (const w of wrappers) setFieldError(w, null);
    if (problems.length === 0) {
        summary.hidden = true;
        replace(summary);
        return;
    }
    for (const p of problems) if (p.field) setFieldError(p.field, p.message);
    replace(summary,
        h('h2', { class: 'alert-title' }, t('form.problem_title')),
        h('ul', { class: 'alert-list' }, problems.map((p) => h('li', null, p.message))));
    summary.hidden = false;
    const first = problems.find((p) => p.field);
    if (first) first.field.input.focus();
}

/** The summary box a form shows its problems in (role=alert, hidden until needed). */
export function problemSummary() {
    return h('div', { class: 'alert alert-error', role: 'alert', hidden: true, tabindex: '-1' });
}

/** A status message (success or info), announced politely. */
export function statusBox() {
    return h('div', { class: 'alert alert-success', role: 'status', hidden: true });
}

export function showStatus(box, message) {
    replace(box, message || '');
    box.hidden = !message;
}

/** Translates an ApiError (or any error) into a sentence in the current language. */
export function errorText(err) {
    const code = err && err.code ? err.code : 'internal';
    const key = `error.${code}`;
    const text = t(key);
    return text === key ? t('error.internal') : text;
}

/** A loading line that screen readers hear once. */
export function loading() {
    return h('p', { class: 'loading', role: 'status' }, t('shell.loading'));
}

/** Labels for roles, for select options and tables. */
export const ROLES = ['learner', 'teacher', 'school_admin', 'council_member', 'council_secretariat', 'admin'];
export function roleLabel(role) {
    return t(`role.${role}`);
}
