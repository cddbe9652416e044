// observatory.js — the observatory (#/observatory) for the council, admins and school directors.
//
// Pick an indicator and a territory; the page asks GET /api/observatory/series and shows the
// latest value with its change, a line chart of the territory beside the levels above it (its
// province, region and the nation), the same numbers in a table, the source and unit, the
// small-cell notice when the server hid a figure, and a CSV download of exactly what is shown.
// The server decides what each role may see (a director: their school and the levels above it);
// the territory list here is what it returned.
//
// The chart is inline SVG drawn by lineChart() below (no library): axes, period labels, one line
// per territory (solid for the territory asked for, dashed or dotted for the comparisons, so
// colour is never the only signal), a gap where a figure is hidden or missing. In Arabic the time
// axis runs right to left and the value axis stands on the right; numbers and periods are set
// left-to-right so they read correctly. The SVG has a <title> and <desc>; the table beside it is
// the accessible form of the same numbers. It scales to the width of a 360 px phone.

import { h, ltr, replace } from '../dom.js';
import { errorText, field, pageTitle } from '../ui.js';

const SVG = 'http://www.w3.org/2000/svg';
const STYLES = [ // territory asked for, then each level above it
    { color: '#0b5d56', dash: null, width: 3.5 },
    { color: '#1d5fa8', dash: '8 5', width: 2.5 },
    { color: '#8a4b08', dash: '2 5', width: 2.5 },
    { color: '#6f3c99', dash: '12 4 3 4', width: 2.5 },
];

let styled = false;
function addStyles() {
    if (styled || document.querySelector('link[href="/css/observatory.css"]')) return;
    styled = true;
    document.head.append(h('link', { rel: 'stylesheet', href: '/css/observatory.css' }));
}

/** An SVG element: s('line', {x1: 0, …}, children…). */
function s(tag, attrs, ...children) {
    const el = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) el.setAttribute(k, String(v));
    for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : String(c));
    return el;
}

/** A round upper bound for the value axis and its step (1, 2 or 5 × 10^k). */
function niceScale(max) {
    if (!(max > 0)) return { top: 4, step: 1 };
    const raw = max / 4;
    const mag = 10 ** Math.floor(Math.log10(raw));
    const step = [1, 2, 5, 10].map((m) => m * mag).find((x) => x >= raw);
    return { top: Math.ceil(max / step) * step, step };
}

/**
 * The line chart. opts: { periods: ['2026-01', …], series: [{ name, values: [number|null] }],
 * rtl, width (px available), fmt(number) → string, titleId, descId, title, desc }. Returns an <svg>.
 */
export function lineChart(opts) {
    // drawn at the width it will take (320–640 units), so its 15-unit labels stay about 15 px
    const W = Math.max(320, Math.min(640, Math.round(opts.width || 640))), H = 300, top = 16, bottom = 44;
    const axis = 60, far = 18;
    const left = opts.rtl ? far : axis, right = opts.rtl ? axis : far;
    const n = opts.periods.length;
    const all = opts.series.flatMap((x) => x.values).filter((v) => v !== null);
    const min = all.length ? Math.min(...all) : 0;
    const max = all.length ? Math.max(...all) : 0;
    let lo = Math.min(0, min);
    let { top: span, step } = niceScale(max - lo);
    if (min > 0 && min > 0.5 * max) {
        // every value sits high above zero: the axis starts near the lowest one (its labels say
        // so), or a 2-point change in a rate near 90 % would be a flat line
        ({ step } = niceScale(max - min));
        lo = Math.floor(min / step) * step;
        span = Math.max(step, Math.ceil((max - lo) / step) * step);
    }
    const yMax = lo + span;
    const plotW = W - left - right, plotH = H - top - bottom;
    const xAt = (i) => {
        const f = n === 1 ? 0.5 : i / (n - 1);
        return opts.rtl ? W - right - f * plotW : left + f * plotW;
    };
    const yAt = (v) => top + plotH - ((v - lo) / (yMax - lo)) * plotH;
    const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'obs-chart', role: 'img',
        'aria-labelledby': `${opts.titleId} ${opts.descId}`, preserveAspectRatio: 'xMidYMid meet' },
    s('title', { id: opts.titleId }, opts.title), s('desc', { id: opts.descId }, opts.desc));
    const grid = s('g', { class: 'obs-grid' });
    for (let v = lo; v <= yMax + step / 2; v += step) {
        const y = yAt(v);
        grid.append(s('line', { x1: left, x2: W - right, y1: y, y2: y }),
            s('text', { x: opts.rtl ? W - right + 8 : left - 8, y: y + 5, 'text-anchor': opts.rtl ? 'start' : 'end',
                direction: 'ltr', class: 'obs-tick' }, opts.fmt(Math.round(v * 1000) / 1000)));
    }
    // a label every `every` periods counted back from the latest, which is always labelled
    const every = Math.max(1, Math.ceil(n / Math.max(2, Math.floor(plotW / 75))));
    for (let i = 0; i < n; i += 1) {
        if ((n - 1 - i) % every !== 0) continue;
        grid.append(s('line', { x1: xAt(i), x2: xAt(i), y1: top + plotH, y2: top + plotH + 6, class: 'obs-tick-mark' }),
            s('text', { x: xAt(i), y: H - bottom + 24, 'text-anchor': 'middle', direction: 'ltr', class: 'obs-tick' },
                opts.periods[i]));
    }
    grid.append(s('line', { x1: left, x2: W - right, y1: top + plotH, y2: top + plotH, class: 'obs-axis' }));
    svg.append(grid);
    // comparisons first, the territory asked for last (on top)
    opts.series.map((x, k) => [x, k]).reverse().forEach(([x, k]) => {
        const st = STYLES[k % STYLES.length];
        let d = '';
        let pen = false;
        x.values.forEach((v, i) => {
            if (v === null) { pen = false; return; }
            d += `${pen ? 'L' : 'M'}${xAt(i).toFixed(1)} ${yAt(v).toFixed(1)} `;
            pen = true;
        });
        const g = s('g', { class: 'obs-series', 'data-series': k });
        if (d) {
            g.append(s('path', { d, fill: 'none', stroke: st.color, 'stroke-width': st.width,
                'stroke-dasharray': st.dash, 'stroke-linejoin': 'round', 'stroke-linecap': 'round' }));
        }
        x.values.forEach((v, i) => {
            if (v !== null) g.append(s('circle', { cx: xAt(i), cy: yAt(v), r: k === 0 ? 4.5 : 3.5, fill: st.color }));
        });
        svg.append(g);
    });
    return svg;
}

/** A legend entry's line sample, drawn with the series' dash so it does not rely on colour. */
function sample(k) {
    const st = STYLES[k % STYLES.length];
    return s('svg', { viewBox: '0 0 40 12', class: 'obs-sample', 'aria-hidden': 'true' },
        s('line', { x1: 2, x2: 38, y1: 6, y2: 6, stroke: st.color, 'stroke-width': st.width, 'stroke-dasharray': st.dash,
            'stroke-linecap': 'round' }));
}

export default {
    route: '#/observatory',
    roles: ['council_member', 'council_secretariat', 'admin', 'school_admin'],
    title: 'observatory.title',
    nav: 'observatory.nav',
    async render(root, ctx) {
        const { t, num, lang } = ctx;
        addStyles();
        const rtl = lang === 'ar';
        const placeName = (p) => (lang === 'ar' ? p.name_ar : p.name_fr);
        const ladderName = (l) => t(`observatory.ladder.${l}`);
        const indName = (ind) => {
            if (ind.source_kind === 'platform') {
                return t(ind.label_key, { ladder: ind.ladder ? ladderName(ind.ladder) : '', level: ind.level ?? 0 });
            }
            return { ar: ind.label_ar, en: ind.label_en }[lang] || ind.label_fr;
        };
        const unitName = (ind) => (ind.source_kind === 'platform' ? t(`observatory.unit.${ind.unit === '%' ? 'percent' : ind.unit}`)
            : ind.unit);
        const fmt = (v) => (v === null || v === undefined ? '—' : num(v));
        const withUnit = (v, ind) => (ind.unit === '%' ? `${fmt(v)} %` : fmt(v));
        const kindName = (k) => t(`observatory.kind.${k}`);

        root.append(pageTitle(t('observatory.title'), t('observatory.lead')));
        const body = h('div', null, h('p', { class: 'loading' }, t('observatory.loading')));
        root.append(body);
        let cat, terr;
        try {
            [cat, terr] = await Promise.all([ctx.api.get('/api/observatory/indicators'),
                ctx.api.get('/api/observatory/territories')]);
        } catch (err) {
            if (err.status !== 401) replace(body, h('p', { class: 'alert alert-error', role: 'alert' }, errorText(err)));
            return;
        }
        const indicators = cat.indicators;
        const territories = terr.territories;
        const platform = indicators.filter((i) => i.source_kind === 'platform');
        const official = indicators.filter((i) => i.source_kind === 'official');

        const indSelect = field({ name: 'indicator', label: t('observatory.indicator'), options: [] });
        const groups = [[t('observatory.group.platform'), platform], [t('observatory.group.official'), official]];
        for (const [label, list] of groups) {
            if (list.length === 0) continue;
            indSelect.input.append(h('optgroup', { label },
                list.map((i) => h('option', { value: i.code, lang: i.source_kind === 'official' && lang === 'zgh' ? 'fr' : null },
                    indName(i)))));
        }
        const terrSelect = field({ name: 'territory', label: t('observatory.territory'), options: [] });
        // a director's list holds their school and the levels above it: start there; the
        // council and admins see every school and start with the nation
        const own = ctx.user.role === 'school_admin' ? territories.find((x) => x.kind === 'school') : null;
        const ownProvince = own ? territories.find((x) => x.code === own.parent) : null;
        const fillTerritories = () => {
            const ind = indicators.find((i) => i.code === indSelect.input.value);
            const kinds = ind ? ind.territory_kinds : [];
            const before = terrSelect.input.value;
            replace(terrSelect.input, territories.filter((x) => kinds.includes(x.kind)).map((x) =>
                h('option', { value: x.code }, `${placeName(x)} (${kindName(x.kind)})`)));
            const keep = [...terrSelect.input.options].some((o) => o.value === before);
            if (keep) terrSelect.input.value = before;
            else if (own && kinds.includes('school')) terrSelect.input.value = own.code;
            else if (ownProvince && kinds.includes('province')) terrSelect.input.value = ownProvince.code;
            else if ([...terrSelect.input.options].some((o) => o.value === cat.nation)) terrSelect.input.value = cat.nation;
        };
        indSelect.input.value = platform.length ? platform[0].code : (official[0] || {}).code;
        fillTerritories();

        // the period: months (YYYY-MM) for the platform's indicators, years for imported ones;
        // empty means the API's default (the last 12 months, or every year there is), and the
        // inputs then show the period the answer covers
        const fromField = field({ name: 'from', label: t('observatory.from'), type: 'month' });
        const toField = field({ name: 'to', label: t('observatory.to'), type: 'month' });
        fromField.classList.add('obs-period');
        toField.classList.add('obs-period');
        const setPeriod = (data) => {
            const yearly = data.period === 'year';
            for (const [f, v] of [[fromField, data.from], [toField, data.to]]) {
                f.input.type = yearly ? 'number' : 'month';
                if (yearly) Object.assign(f.input, { min: 1900, max: 2100, step: 1 });
                f.input.value = v;
            }
        };

        const result = h('div', { class: 'obs-result', 'aria-live': 'polite' });
        const form = h('form', { class: 'form form-inline obs-form', novalidate: true }, indSelect, terrSelect,
            fromField, toField);
        replace(body, h('div', { class: 'card' }, form,
            h('p', { class: 'hint obs-privacy' }, t('observatory.privacy', { min: cat.min_learners }))), result);

        let seq = 0;
        const show = async () => {
            const mine = ++seq;
            const q = new URLSearchParams({ indicator: indSelect.input.value, territory: terrSelect.input.value });
            if (fromField.input.value) q.set('from', fromField.input.value);
            if (toField.input.value) q.set('to', toField.input.value);
            replace(result, h('p', { class: 'loading' }, t('observatory.loading')));
            let data;
            try {
                data = await ctx.api.get(`/api/observatory/series?${q}`);
            } catch (err) {
                if (mine === seq && err.status !== 401) {
                    replace(result, h('p', { class: 'alert alert-error', role: 'alert' }, errorText(err)));
                }
                return;
            }
            if (mine !== seq) return; // a slower, older answer
            setPeriod(data);
            replace(result, ...renderSeries(data, q));
        };

        const renderSeries = (data, q) => {
            const ind = data.indicator;
            const periods = data.series[0].points.map((p) => p.period);
            const names = data.series.map((x) => placeName(x.territory));
            const title = `${indName(ind)} — ${names[0]}`;
            const latest = data.latest;
            const facts = h('ul', { class: 'obs-facts' });
            if (latest) {
                const change = latest.change;
                const arrow = change > 0 ? '↑' : change < 0 ? '↓' : '→';
                facts.append(h('li', null, h('span', { class: 'obs-fact-label' }, t('observatory.latest')),
                    h('strong', { class: 'obs-big', dir: 'ltr' }, withUnit(latest.value, ind)),
                    h('span', { class: 'sub' }, ltr(latest.period))));
                if (change !== undefined) {
                    const unitChange = ind.unit === '%' ? t('observatory.points') : '';
                    facts.append(h('li', null, h('span', { class: 'obs-fact-label' }, t('observatory.change')),
                        h('strong', { class: 'obs-big', dir: 'ltr' }, `${arrow} ${change > 0 ? '+' : ''}${fmt(change)}`),
                        h('span', { class: 'sub' }, `${unitChange} ${t('observatory.since', { period: ltr(latest.previous_period) })}`.trim())));
                }
            } else {
                facts.append(h('li', null, h('span', { class: 'obs-fact-label' }, t('observatory.latest')),
                    h('strong', { class: 'obs-big' }, '—'), h('span', { class: 'sub' }, t('observatory.no_value'))));
            }
            facts.append(h('li', null, h('span', { class: 'obs-fact-label' }, t('observatory.unit')),
                h('strong', null, unitName(ind))));

            const notices = [];
            if (data.suppressed > 0) {
                notices.push(h('div', { class: 'alert alert-info obs-suppressed', role: 'note' },
                    h('p', null, t('observatory.suppressed', { count: data.suppressed, min: data.min_learners }))));
            }
            const sources = h('div', { class: ['alert', ind.source_kind === 'official' ? 'alert-info' : null, 'obs-source'] },
                h('h3', { class: 'alert-title' }, t('observatory.source')),
                h('ul', { class: 'obs-source-list' }, data.sources.map((src) => h('li', { dir: 'auto', lang: 'en' },
                    src === 'Madrasa platform data' ? t('observatory.source.platform') : src))),
                ind.source_kind === 'platform' ? h('p', { class: 'sub' }, t('observatory.platform_note')) : null);

            const descLatest = latest ? t('observatory.chart.latest', { value: withUnit(latest.value, ind), period: latest.period }) : '';
            const chart = lineChart({
                periods,
                series: data.series.map((x) => ({ name: placeName(x.territory), values: x.points.map((p) => p.value) })),
                rtl,
                width: result.clientWidth - 40,
                fmt: (v) => num(v),
                titleId: 'obs-chart-title',
                descId: 'obs-chart-desc',
                title,
                desc: `${t('observatory.chart.desc', { from: data.from, to: data.to, places: names.join(', ') })} ${descLatest}`.trim(),
            });
            const legend = h('ul', { class: 'obs-legend' }, data.series.map((x, k) => h('li', null, sample(k),
                h('span', null, `${placeName(x.territory)} (${kindName(x.territory.kind)})`))));

            const cell = (p) => {
                if (p.status === 'suppressed') return h('td', { class: 'obs-hidden' }, t('observatory.cell.suppressed', { min: data.min_learners }));
                if (p.status === 'empty') return h('td', { class: 'obs-empty' }, '—');
                return h('td', { class: 'obs-num' }, h('bdi', { dir: 'ltr' }, withUnit(p.value, ind)));
            };
            const table = h('div', { class: 'table-wrap' }, h('table', { class: 'table obs-table' },
                h('caption', null, t('observatory.table.caption', { indicator: indName(ind) })),
                h('thead', null, h('tr', null, h('th', { scope: 'col' }, t(data.period === 'month' ? 'observatory.month' : 'observatory.year')),
                    names.map((nm) => h('th', { scope: 'col' }, nm)))),
                h('tbody', null, periods.map((per, i) => h('tr', null, h('th', { scope: 'row' }, h('bdi', { dir: 'ltr' }, per)),
                    data.series.map((x) => cell(x.points[i])))))));
            const csv = h('a', { class: 'button button-secondary', href: `/api/observatory/series.csv?${q}`, download: '' },
                t('observatory.download'));
            return [
                h('section', { class: 'card obs-card', 'aria-labelledby': 'obs-h' },
                    h('h2', { id: 'obs-h', class: 'section-title' }, title),
                    facts, ...notices,
                    h('figure', { class: 'obs-figure' }, chart, h('figcaption', null, legend)),
                    sources,
                    h('details', { class: 'disclosure obs-table-box', open: true },
                        h('summary', { class: 'disclosure-summary' }, t('observatory.table.show')),
                        h('div', { class: 'disclosure-body' }, table)),
                    h('p', { class: 'button-row' }, csv)),
            ];
        };

        indSelect.input.addEventListener('change', () => {
            fillTerritories();
            fromField.input.value = toField.input.value = ''; // another indicator: its own default period
            show();
        });
        terrSelect.input.addEventListener('change', show);
        fromField.input.addEventListener('change', show);
        toField.input.addEventListener('change', show);
        form.addEventListener('submit', (e) => { e.preventDefault(); show(); });
        if (indicators.length && territories.length) await show();
        else replace(result, h('p', { class: 'empty' }, t('observatory.nothing')));
    },
};
