// teach-common.js — what the teacher's pages share (teach.js, class.js, class-learner.js): their
// stylesheet, names in the page's script, skill and level labels, dates, and an alert in words.
//
// Not a page (index.js does not list it). Levels: the rungs' names are the keys
// teach.level.<ladder>.<k> (the same names as learn's); past them the page says "Level k"
// (teach.level_n), so a gap never shows a raw key. Alerts come from the server with their kind and numbers
// (GET /api/classes/{id}/alerts, docs/teaching.md); the sentence is teach.alert.<kind> here.

import { h } from '../dom.js';

let styled = false;
/** Adds ui/css/teach.css to the document once (the shell's app.css stays the base). */
export function teachStyles() {
    if (styled || document.querySelector('link[href="/css/teach.css"]')) return;
    document.head.append(h('link', { rel: 'stylesheet', href: '/css/teach.css' }));
    styled = true;
}

export const LADDERS = ['math', 'read_ar', 'read_fr'];

/** A learner's name in the page's script. */
export function personName(p, lang) {
    if (!p) return '';
    return (lang === 'ar' && p.name_ar) ? p.name_ar : (p.name || p.name_ar || p.login || '');
}

/** A skill's title in the page's language (Arabic page → Arabic, else French, English when asked). */
export function skillTitle(s, lang) {
    if (!s) return '';
    if (lang === 'ar' && s.title_ar) return s.title_ar;
    if (lang === 'en' && s.title_en) return s.title_en;
    return s.title_fr || s.title_ar || s.id;
}

/** The name of level k on a ladder. */
export function levelLabel(t, ladder, level) {
    if (level === null || level === undefined || level < 0) return t('teach.groups.not_assessed');
    const key = `teach.level.${ladder}.${level}`;
    const name = t(key);
    return name === key ? t('teach.level_n', { n: level }) : name;
}

export function ladderLabel(t, ladder) {
    return t(`teach.ladder.${ladder}`);
}

/** A Unix time as a short local date, "" for none. */
export function shortDate(seconds, lang) {
    if (!seconds) return '';
    const loc = { ar: 'ar-MA', fr: 'fr-MA', en: 'en-GB', zgh: 'fr-MA' }[lang] || 'fr-MA';
    try {
        return new Intl.DateTimeFormat(loc, { day: 'numeric', month: 'short', year: 'numeric', numberingSystem: 'latn' })
            .format(new Date(seconds * 1000));
    } catch {
        return new Date(seconds * 1000).toISOString().slice(0, 10);
    }
}

/** Whole days from a Unix time to now. */
export function daysAgo(seconds) {
    return Math.max(0, Math.floor((Date.now() / 1000 - seconds) / 86400));
}

/** An alert in the teacher's language, from its kind and numbers. */
export function alertText(t, a, lang) {
    const skill = a.skill_title_fr || a.skill_title_ar
        ? skillTitle({ title_ar: a.skill_title_ar, title_fr: a.skill_title_fr, id: a.skill_id }, lang) : (a.skill_id || '');
    const params = { n: a.n, of: a.of, pct: a.pct, before: a.before_pct, days: a.days, count: a.n,
        skill, title: a.assignment_title || '' };
    const key = `teach.alert.${a.kind}`;
    const text = t(key, params);
    return text === key ? a.reason : text;
}

/** Where a level came from, in words. */
export function sourceLabel(t, source) {
    return source ? t(`teach.source.${source}`) : '';
}

/** A percentage for P(known). */
export function percent(p) {
    return `${Math.round(100 * p)} %`;
}
