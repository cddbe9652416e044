/*
 * obs.c — the observatory's pure parts (see obs.h): the small-cell rule, months, the platform
 * indicators and the official statistics CSV's validation.
 *
 * The CSV check reads the whole file before anything is stored: the caller gets either every
 * row, valid, or the first problem as `line N: field: problem`. Fields are copied into the arena
 * because the CSV reader reuses its buffer from one record to the next.
 */
#include "app/observatory/obs.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "base/civil.h"
#include "base/csv.h"
#include "base/err.h"

/* ---- cells ---- */

obs_cell obs_cell_count(double value, int n)
{
    if (n == 0) return (obs_cell){OBS_SHOWN, 0, 0};
    if (n < OBS_MIN_LEARNERS) return (obs_cell){OBS_SUPPRESSED, 0, 0};
    return (obs_cell){OBS_SHOWN, value, n};
}

obs_cell obs_cell_share(double num, double den, int n)
{
    if (n == 0 || den <= 0) return (obs_cell){OBS_EMPTY, 0, 0};
    if (n < OBS_MIN_LEARNERS) return (obs_cell){OBS_SUPPRESSED, 0, 0};
    return (obs_cell){OBS_SHOWN, round(1000.0 * num / den) / 10.0, n};
}

const char *obs_status_name(obs_status s)
{
    static const char *const names[] = {"shown", "suppressed", "empty"};
    return names[s];
}

void obs_latest(int *last, int *prev, const obs_cell *cells, int n)
{
    *last = *prev = -1;
    for (int i = n - 1; i >= 0; i--) {
        if (cells[i].status != OBS_SHOWN) continue;
        if (*last < 0) {
            *last = i;
        } else {
            *prev = i;
            return;
        }
    }
}

/* ---- months ---- */

static int digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

int obs_year_parse(int *out, const char *s)
{
    if (!s || strlen(s) != 4 || !digits(s, 4)) return E_INVALID;
    int y = (int)strtol(s, NULL, 10);
    if (y < OBS_MIN_YEAR || y > OBS_MAX_YEAR) return E_INVALID;
    *out = y;
    return 0;
}

int obs_month_parse(int *out, const char *s)
{
    if (!s || strlen(s) != 7 || s[4] != '-' || !digits(s, 4) || !digits(s + 5, 2)) return E_INVALID;
    char y[5];
    memcpy(y, s, 4);
    y[4] = 0;
    int year, m = (int)strtol(s + 5, NULL, 10);
    if (obs_year_parse(&year, y) || m < 1 || m > 12) return E_INVALID;
    *out = year * 12 + m - 1;
    return 0;
}

void obs_month_name(char *out, size_t cap, int month)
{
    snprintf(out, cap, "%04d-%02d", month / 12, month % 12 + 1);
}

int64_t obs_month_start(int month) { return civil_days(month / 12, month % 12 + 1, 1) * 86400; }

int obs_month_of(int64_t t)
{
    int64_t day = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    /* a first guess from the mean month length, then corrected against the calendar */
    int m = (int)(1970 * 12 + (int64_t)floor((double)day / 30.436875));
    while (obs_month_start(m) > day * 86400) m--;
    while (obs_month_start(m + 1) <= day * 86400) m++;
    return m;
}

/* ---- platform indicators ---- */

static const struct {
    const char *code;
    obs_pkind kind;
    int share;
    const char *unit;
} platform_base[] = {
    {"platform.learners_active", OBS_ACTIVE, 0, "learners"},
    {"platform.answers", OBS_ANSWERS, 0, "answers"},
    {"platform.placements", OBS_PLACEMENTS, 0, "tests"},
    {"platform.skills_mastered", OBS_MASTERED, 1, "%"},
};

enum { NBASE = sizeof platform_base / sizeof platform_base[0] };

static const char LEVEL_PREFIX[] = "platform.level.";

int obs_platform_parse(obs_pind *out, const char *code, const int top[LEARN_LADDERS])
{
    for (int i = 0; i < NBASE; i++)
        if (strcmp(code, platform_base[i].code) == 0) {
            *out = (obs_pind){platform_base[i].kind, -1, -1, platform_base[i].share, platform_base[i].unit};
            return 0;
        }
    size_t np = sizeof LEVEL_PREFIX - 1;
    if (strncmp(code, LEVEL_PREFIX, np) != 0) return E_NOTFOUND;
    for (int l = 0; l < LEARN_LADDERS; l++) {
        const char *name = learn_ladder_name(l);
        size_t k = strlen(name);
        const char *rest = code + np;
        if (strncmp(rest, name, k) != 0 || rest[k] != '.') continue;
        rest += k + 1;
        size_t nd = strlen(rest);
        if (nd < 1 || nd > 2 || !digits(rest, (int)nd) || (nd == 2 && rest[0] == '0')) return E_NOTFOUND;
        int level = (int)strtol(rest, NULL, 10);
        if (level > top[l]) return E_NOTFOUND;
        *out = (obs_pind){OBS_LEVEL, l, level, 1, "%"};
        return 0;
    }
    return E_NOTFOUND;
}

const char *obs_platform_code(arena *a, int i, const int top[LEARN_LADDERS])
{
    if (i < 0) return NULL;
    if (i < NBASE) return platform_base[i].code;
    i -= NBASE;
    for (int l = 0; l < LEARN_LADDERS; l++) {
        if (i <= top[l]) return arena_printf(a, "%s%s.%d", LEVEL_PREFIX, learn_ladder_name(l), i);
        i -= top[l] + 1;
    }
    return NULL;
}

obs_cell obs_platform_cell(const obs_pind *ind, const learn_period *p)
{
    switch (ind->kind) {
    case OBS_ACTIVE: return obs_cell_count(p->learners, p->learners);
    case OBS_ANSWERS: return obs_cell_count(p->answers, p->learners);
    case OBS_PLACEMENTS: return obs_cell_count(p->placements, p->placement_learners);
    case OBS_MASTERED: return obs_cell_share(p->skills_mastered, p->skills_practised, p->skill_learners);
    case OBS_LEVEL:
        return obs_cell_share(p->at_level[ind->ladder] ? p->at_level[ind->ladder][ind->level] : 0,
                              p->levelled[ind->ladder], p->levelled[ind->ladder]);
    }
    return (obs_cell){OBS_EMPTY, 0, 0};
}

void obs_period_add(learn_period *acc, const learn_period *x, const int top[LEARN_LADDERS])
{
    acc->learners += x->learners;
    acc->answers += x->answers;
    acc->placements += x->placements;
    acc->placement_learners += x->placement_learners;
    acc->skills_practised += x->skills_practised;
    acc->skills_mastered += x->skills_mastered;
    acc->skill_learners += x->skill_learners;
    for (int l = 0; l < LEARN_LADDERS; l++) {
        acc->levelled[l] += x->levelled[l];
        for (int k = 0; acc->at_level[l] && x->at_level[l] && k <= top[l]; k++) acc->at_level[l][k] += x->at_level[l][k];
    }
}

/* ---- the CSV ---- */

enum { C_IND, C_LAR, C_LFR, C_LEN, C_UNIT, C_TERR, C_YEAR, C_VALUE, C_SOURCE, NCOL };

static const struct {
    const char *name;
    size_t max; /* bytes */
} cols[NCOL] = {
    {"indicator", 64}, {"label_ar", 200}, {"label_fr", 200}, {"label_en", 200}, {"unit", 32},
    {"territory", 64}, {"year", 4},       {"value", 40},     {"source", 300},
};

static int fail(obs_problem *why, long line, const char *field, const char *msg)
{
    *why = (obs_problem){line, field, msg};
    return E_INVALID;
}

static int valid_utf8(const char *s, size_t len, size_t *bad)
{
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (k <= 0 || cp == 0) {
            *bad = i;
            return 0;
        }
        i += (size_t)k;
    }
    return 1;
}

static int code_ok(const char *s, const char *extra)
{
    for (const char *p = s; *p; p++) {
        int alnum = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9');
        if (!alnum && !strchr(extra, *p)) return 0;
    }
    return 1;
}

static int territory_ok(const char *s)
{
    for (const char *p = s; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
            return 0;
    return 1;
}

static int header(int map[NCOL], const csv_reader *cr, obs_problem *why, arena *a)
{
    for (int k = 0; k < NCOL; k++) map[k] = -1;
    for (int i = 0; i < cr->nfields; i++) {
        int k = 0;
        while (k < NCOL && strcmp(cr->field[i], cols[k].name) != 0) k++;
        if (k == NCOL) return fail(why, 1, NULL, arena_printf(a, "unknown column '%s'", cr->field[i]));
        if (map[k] >= 0) return fail(why, 1, cols[k].name, "the column appears twice");
        map[k] = i;
    }
    for (int k = 0; k < NCOL; k++)
        if (map[k] < 0) return fail(why, 1, cols[k].name, "missing column");
    return 0;
}

/* the fields of one data line, checked one by one */
static int row_fields(obs_row *o, const csv_reader *cr, const int map[NCOL], obs_problem *why, arena *a)
{
    const char *f[NCOL];
    long line = cr->line;
    if (cr->nfields != NCOL)
        return fail(why, line, NULL, arena_printf(a, "%d fields where the header has %d", cr->nfields, NCOL));
    for (int k = 0; k < NCOL; k++) {
        f[k] = cr->field[map[k]];
        if (!*f[k]) return fail(why, line, cols[k].name, "empty");
        if (strlen(f[k]) > cols[k].max)
            return fail(why, line, cols[k].name, arena_printf(a, "longer than %zu bytes", cols[k].max));
    }
    if (!code_ok(f[C_IND], "_.-") || f[C_IND][0] == '.' || f[C_IND][0] == '_' || f[C_IND][0] == '-')
        return fail(why, line, "indicator", "use lower-case letters, digits, '.', '_' and '-', starting with a letter or digit");
    if (strncmp(f[C_IND], "platform.", 9) == 0)
        return fail(why, line, "indicator", "codes starting with 'platform.' are the platform's own indicators");
    if (!territory_ok(f[C_TERR])) return fail(why, line, "territory", "a territory code: letters, digits, '-' and '_'");
    if (obs_year_parse(&o->year, f[C_YEAR]))
        return fail(why, line, "year", arena_printf(a, "a year from %d to %d", OBS_MIN_YEAR, OBS_MAX_YEAR));
    char *end;
    o->value = strtod(f[C_VALUE], &end);
    if (*end || end == f[C_VALUE] || !isfinite(o->value) || strchr(f[C_VALUE], 'x') || strchr(f[C_VALUE], 'X') ||
        strchr(f[C_VALUE], ' '))
        return fail(why, line, "value", "not a number (write decimals with a point: 12.5)");
    o->line = line;
    o->indicator = arena_strdup(a, f[C_IND]);
    o->label_ar = arena_strdup(a, f[C_LAR]);
    o->label_fr = arena_strdup(a, f[C_LFR]);
    o->label_en = arena_strdup(a, f[C_LEN]);
    o->unit = arena_strdup(a, f[C_UNIT]);
    o->territory = arena_strdup(a, f[C_TERR]);
    o->source = arena_strdup(a, f[C_SOURCE]);
    return 0;
}

/* Two hash sets over the rows read so far (open addressing, row index + 1, 0 empty): one keyed by
 * (indicator, territory, year) for duplicates, one by indicator for its first row. */
enum { HSIZE = 1 << 16 }; /* > 2 * OBS_CSV_MAX_ROWS */

typedef struct seen {
    int *by_cell, *by_ind;
} seen;

static uint32_t fnv(uint32_t h, const char *s)
{
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
    return (h ^ 0x1f) * 16777619u;
}

static int *slot(int *t, const obs_row *rows, const obs_row *o, int cell)
{
    uint32_t h = fnv(2166136261u, o->indicator);
    if (cell) h = fnv(h, o->territory) ^ (uint32_t)o->year * 2654435761u;
    for (uint32_t i = h & (HSIZE - 1);; i = (i + 1) & (HSIZE - 1)) {
        if (!t[i]) return &t[i];
        const obs_row *p = &rows[t[i] - 1];
        if (strcmp(p->indicator, o->indicator) == 0 &&
            (!cell || (p->year == o->year && strcmp(p->territory, o->territory) == 0)))
            return &t[i];
    }
}

static int row_consistent(seen *s, const obs_row *rows, int n, obs_problem *why, arena *a)
{
    const obs_row *o = &rows[n];
    int *c = slot(s->by_cell, rows, o, 1);
    if (*c)
        return fail(why, o->line, "year",
                    arena_printf(a, "%s, %s, %d is already given on line %ld", o->indicator, o->territory, o->year,
                                 rows[*c - 1].line));
    *c = n + 1;
    int *f = slot(s->by_ind, rows, o, 0);
    if (!*f) {
        *f = n + 1;
        return 0;
    }
    const obs_row *p = &rows[*f - 1];
    const char *names[] = {"label_ar", "label_fr", "label_en", "unit"};
    const char *was[] = {p->label_ar, p->label_fr, p->label_en, p->unit};
    const char *now[] = {o->label_ar, o->label_fr, o->label_en, o->unit};
    for (int k = 0; k < 4; k++)
        if (strcmp(was[k], now[k]) != 0)
            return fail(why, o->line, names[k], arena_printf(a, "differs from line %ld for indicator %s", p->line, o->indicator));
    return 0;
}

int obs_csv_parse(obs_row **rows, int *n, obs_problem *why, arena *a, const char *csv, size_t len)
{
    *rows = NULL;
    *n = 0;
    size_t bad;
    if (len >= 3 && memcmp(csv, "\xEF\xBB\xBF", 3) == 0) {
        csv += 3;
        len -= 3;
    }
    if (!valid_utf8(csv, len, &bad)) {
        long line = 1;
        for (size_t i = 0; i < bad; i++) line += csv[i] == '\n';
        return fail(why, line, NULL, "not UTF-8 text");
    }
    csv_reader cr;
    csv_open_mem(&cr, csv, len);
    int map[NCOL], rc = csv_next(&cr);
    if (rc != 1) {
        rc = fail(why, 1, NULL, "the file is empty or not CSV");
        goto done;
    }
    if ((rc = header(map, &cr, why, a))) goto done;
    int cap = 64;
    seen sn = {arena_alloc_array(a, HSIZE, sizeof(int)), arena_alloc_array(a, HSIZE, sizeof(int))};
    obs_row *v = arena_alloc_array(a, (size_t)cap, sizeof *v);
    while ((rc = csv_next(&cr)) == 1) {
        if (cr.nfields == 1 && !*cr.field[0]) continue; /* a blank line */
        if (*n == OBS_CSV_MAX_ROWS) {
            rc = fail(why, cr.line, NULL, arena_printf(a, "more than %d rows: split the file", OBS_CSV_MAX_ROWS));
            goto done;
        }
        if (*n == cap) {
            obs_row *w = arena_alloc_array(a, (size_t)cap * 2, sizeof *w);
            memcpy(w, v, (size_t)cap * sizeof *v);
            v = w;
            cap *= 2;
        }
        if ((rc = row_fields(&v[*n], &cr, map, why, a)) || (rc = row_consistent(&sn, v, *n, why, a))) goto done;
        (*n)++;
    }
    if (rc < 0) {
        rc = fail(why, cr.line, NULL, rc == E_LIMIT ? "the line is too long or has too many fields"
                                                         : "a quoted field is not closed");
        goto done;
    }
    if (*n == 0) {
        rc = fail(why, 2, NULL, "no data line after the header");
        goto done;
    }
    *rows = v;
    rc = 0;
done:
    csv_close(&cr);
    if (rc) *n = 0;
    return rc;
}
