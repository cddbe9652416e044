// i18n.js — every string the user sees comes from ui/i18n/<lang>.json through t().
//
// Languages: ar (Modern Standard Arabic, right-to-left), fr, en and zgh (Standard Moroccan
// Amazigh in Tifinagh, left-to-right). A message is a string with {name} placeholders, or, when it
// depends on a count, an object keyed by the plural categories of Intl.PluralRules ("zero", "one",
// "two", "few", "many", "other"; Arabic uses all six) — t() picks the form for params.count and
// falls back to "other". A key missing from the current language falls back to French, then to
// the key itself, so a gap is visible but never breaks a page (a test keeps the four files equal).
// setLanguage() sets <html lang dir>, so the page flips to right-to-left for Arabic by structure
// (the CSS uses logical properties only).

export const LANGUAGES = [
    { code: 'ar', name: 'العربية', dir: 'rtl' },
    { code: 'fr', name: 'Français', dir: 'ltr' },
    { code: 'zgh', name: 'ⵜⴰⵎⴰⵣⵉⵖⵜ', dir: 'ltr' },
    { code: 'en', name: 'English', dir: 'ltr' },
];
export const DEFAULT_LANG = 'fr';
const STORAGE_KEY = 'madrasa.lang';
// Locale used for numbers and plural rules: Moroccan Arabic conventions (Western digits).
const LOCALE = { ar: 'ar-MA', fr: 'fr-MA', en: 'en', zgh: 'zgh' };

const cache = new Map();
let current = DEFAULT_LANG;
let messages = {};
let fallback = {};
let plural = new Intl.PluralRules('fr');
let numbers = new Intl.NumberFormat('fr');

export function isLanguage(code) {
    return LANGUAGES.some((l) => l.code === code);
}

/** The language in use now. */
export function lang() {
    return current;
}

async function load(code) {
    if (!cache.has(code)) {
        cache.set(code, fetch(`/i18n/${code}.json`, { credentials: 'same-origin' }).then((r) => {
            if (!r.ok) throw new Error(`i18n: ${code}: HTTP ${r.status}`);
            return r.json();
        }));
    }
    try {
        return await cache.get(code);
    } catch (err) {
        cache.delete(code);
        throw err;
    }
}

/** The remembered choice on this device, or null. */
export function storedLanguage() {
    try {
        const v = localStorage.getItem(STORAGE_KEY);
        return isLanguage(v) ? v : null;
    } catch {
        return null;
    }
}

export function rememberLanguage(code) {
    try {
        localStorage.setItem(STORAGE_KEY, code);
    } catch {
        /* private mode: the choice lasts for this page only */
    }
}

/** The first of the browser's preferred languages that we speak, or null. */
export function browserLanguage() {
    for (const tag of navigator.languages || [navigator.language || '']) {
        const base = String(tag).toLowerCase().split('-')[0];
        if (isLanguage(base)) return base;
        if (base === 'ber' || base === 'tzm' || base === 'shi' || base === 'rif') return 'zgh';
    }
    return null;
}

/** Loads a language and makes it current; sets <html lang dir>. */
export async function setLanguage(code) {
    if (!isLanguage(code)) code = DEFAULT_LANG;
    const [msgs, fb] = await Promise.all([load(code), load(DEFAULT_LANG)]);
    current = code;
    messages = msgs;
    fallback = fb;
    const locale = LOCALE[code];
    try {
        plural = new Intl.PluralRules(locale);
        numbers = new Intl.NumberFormat(locale);
    } catch {
        plural = new Intl.PluralRules('en');
        numbers = new Intl.NumberFormat('en');
    }
    const info = LANGUAGES.find((l) => l.code === code);
    document.documentElement.lang = code;
    document.documentElement.dir = info.dir;
}

/** Formats a number for the current language. */
export function num(n) {
    return numbers.format(n);
}

/**
 * Translates key with params: t('home.hello', {name: 'Amina'}); t('users.count', {count: 3}).
 * Numbers among params are formatted for the language.
 */
export function t(key, params = {}) {
    let msg = key in messages ? messages[key] : fallback[key];
    if (msg === undefined) return key;
    if (typeof msg === 'object' && msg !== null) {
        const n = Number(params.count ?? 0);
        msg = msg[plural.select(n)] ?? msg.other ?? '';
    }
    return msg.replace(/\{(\w+)\}/g, (m, name) => {
        if (!(name in params)) return m;
        const v = params[name];
        return typeof v === 'number' ? num(v) : String(v);
    });
}
