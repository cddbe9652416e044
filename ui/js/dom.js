// dom.js — the one way this app builds DOM: h(tag, attrs, ...children).
//
// Text always goes in through text nodes (document.createTextNode), never through innerHTML, so
// a name, a server message or a translated string can never become markup. Attributes are set
// one by one with setAttribute; `on<event>` keys take functions and become listeners. This keeps
// the app safe under the server's strict CSP (no inline script, no inline style in markup).

/**
 * Creates an element.
 *   h('a', {href: '#/', class: 'nav-link'}, 'Home')
 *   h('input', {type: 'checkbox', checked: true, onchange: fn})
 * attrs: null or an object. `class` takes a string or an array (falsy entries dropped);
 * `on…` keys take functions; `true` sets a boolean attribute, false/null/undefined skips it;
 * `dataset` takes an object. Children: strings, numbers, nodes, arrays of them; null, undefined
 * and false are skipped.
 */
export function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    if (attrs) {
        for (const [key, value] of Object.entries(attrs)) {
            setAttr(el, key, value);
        }
    }
    append(el, children);
    return el;
}

function setAttr(el, key, value) {
    if (value === null || value === undefined || value === false) return;
    if (key.startsWith('on') && typeof value === 'function') {
        el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'class') {
        const cls = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
        if (cls) el.className = cls;
    } else if (key === 'dataset') {
        Object.assign(el.dataset, value);
    } else if (key === 'value' && 'value' in el) {
        el.value = value;
    } else if (value === true) {
        el.setAttribute(key, '');
    } else {
        el.setAttribute(key, String(value));
    }
}

/** Appends children (same rules as h) to el and returns el. */
export function append(el, children) {
    for (const child of children.flat(Infinity)) {
        if (child === null || child === undefined || child === false) continue;
        el.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
}

/** Replaces everything inside el with the given children. */
export function replace(el, ...children) {
    el.replaceChildren();
    return append(el, children);
}

let uid = 0;
/** A fresh id for label/aria wiring: id('login') → "login-7". */
export function id(prefix) {
    uid += 1;
    return `${prefix}-${uid}`;
}

/* ltr(s): s isolated as left-to-right text (LRI … PDI), for ISO dates, school years and codes
 * inside Arabic sentences, where the bidi algorithm would otherwise reorder "2026-2027" into
 * "2027-2026". Invisible, and copied text keeps its meaning. */
export function ltr(s) {
    return s == null || s === '' ? s : `\u2066${s}\u2069`;
}

