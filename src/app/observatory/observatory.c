/*
 * observatory.c — the observatory's routes: territories, the indicator catalogue, a series with
 * its comparison territories (JSON and CSV) and the official statistics import (see
 * observatory.h; the pure rules are in obs.c).
 *
 * The territories are the organisation's tree as schools_tree() gives it, with the nation on
 * top (code OBS_NATION). A series is asked for one territory; the answer carries it and every
 * level above it (a school's province, region and the nation), so a director sees their school
 * beside the averages it belongs to. Platform figures are computed on request: the learners
 * enrolled in the territory today (deduplicated), cut into chunks of at most
 * LEARN_PERIOD_MAX_LEARNERS, counted per month by learn_period_stats() and summed (every count
 * there adds up over disjoint learners). Official figures are read from this module's tables.
 *
 * Each request loads the tree once into its arena; nothing is cached between requests, so a
 * second app server behind a load balancer sees the same figures.
 */
#include "app/observatory/observatory.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "app/learn/learn.h"
#include "app/observatory/obs.h"
#include "app/schools/schools.h"
#include "base/buf.h"
#include "base/csv.h"
#include "base/err.h"
#include "base/log.h"

#define OBS_NATION "MA"
#define PLATFORM_SOURCE "Madrasa platform data"

static const char DEMO_SOURCE[] = "illustrative demo values, not official figures";

/* ---- territories ---- */

typedef struct terr {
    char kind; /* 'N' nation, 'R' region, 'P' province, 'S' school */
    int64_t id;
    const char *code, *name_ar, *name_fr;
    int parent; /* index, -1 for the nation */
} terr;

typedef struct tree {
    terr *t;
    int n;
    schools_member *m;
    int nm;
} tree;

static const char *kind_name(char k)
{
    return k == 'N' ? "national" : k == 'R' ? "region" : k == 'P' ? "province" : "school";
}

static int find_id(const tree *tr, char kind, int64_t id)
{
    for (int i = 0; i < tr->n; i++)
        if (tr->t[i].kind == kind && tr->t[i].id == id) return i;
    return -1;
}

static int load_tree(tree *tr, db_conn *c, arena *a)
{
    schools_place *p;
    int np;
    int rc = schools_tree(&p, &np, &tr->m, &tr->nm, c, a);
    if (rc) return rc;
    tr->t = arena_alloc_array(a, (size_t)np + 1, sizeof *tr->t);
    tr->t[0] = (terr){'N', 0, OBS_NATION, "المغرب", "Maroc", -1};
    tr->n = 1;
    int last[2] = {-1, -1}; /* the last region and province seen: the rows come nested */
    for (int i = 0; i < np; i++) {
        char up = p[i].kind == 'P' ? 'R' : 'P';
        int parent = 0;
        if (p[i].kind != 'R') {
            int *l = &last[p[i].kind == 'P' ? 0 : 1];
            parent = *l >= 0 && tr->t[*l].id == p[i].parent_id ? *l : find_id(tr, up, p[i].parent_id);
        }
        tr->t[tr->n] = (terr){p[i].kind, p[i].id, p[i].code, p[i].name_ar, p[i].name_fr, parent};
        if (p[i].kind == 'R') last[0] = tr->n;
        if (p[i].kind == 'P') last[1] = tr->n;
        tr->n++;
    }
    return 0;
}

/* find_code: the territory with this code; E_NOTFOUND, or E_CONFLICT when two levels share it */
static int find_code(int *out, const tree *tr, const char *code)
{
    int found = -1;
    for (int i = 0; i < tr->n; i++) {
        if (strcmp(tr->t[i].code, code) != 0) continue;
        if (found >= 0) return E_CONFLICT;
        found = i;
    }
    if (found < 0) return E_NOTFOUND;
    *out = found;
    return 0;
}

static int within(const tree *tr, int i, int top)
{
    for (; i >= 0; i = tr->t[i].parent)
        if (i == top) return 1;
    return 0;
}

static int council_or_admin(const http_user *u)
{
    return u->role == ROLE_ADMIN || u->role == ROLE_COUNCIL_MEMBER || u->role == ROLE_COUNCIL_SECRETARIAT;
}

/* may_see: every territory for the council and admins; a director's own school and the levels
 * above it. */
static int may_see(const http_user *u, const tree *tr, int i)
{
    if (council_or_admin(u)) return 1;
    if (u->role != ROLE_SCHOOL_ADMIN || !u->school_id) return 0;
    int own = find_id(tr, 'S', u->school_id);
    return own >= 0 && within(tr, own, i);
}

static json_t *terr_json(const tree *tr, int i)
{
    const terr *t = &tr->t[i];
    return json_pack("{s:s, s:s, s:s, s:s, s:s?}", "code", t->code, "kind", kind_name(t->kind), "name_ar", t->name_ar,
                     "name_fr", t->name_fr, "parent", t->parent >= 0 ? tr->t[t->parent].code : NULL);
}

static int cmp_id(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}

/* the learners enrolled in territory `top` today, each once, ascending */
static int64_t *learners_of(int *n, const tree *tr, int top, arena *a)
{
    int64_t *v = arena_alloc_array(a, (size_t)tr->nm + 1, sizeof *v);
    int k = 0, school = -1;
    for (int i = 0; i < tr->nm; i++) {
        if (school < 0 || tr->t[school].id != tr->m[i].school_id) school = find_id(tr, 'S', tr->m[i].school_id);
        if (school >= 0 && within(tr, school, top)) v[k++] = tr->m[i].learner_id;
    }
    qsort(v, (size_t)k, sizeof *v, cmp_id);
    int u = 0;
    for (int i = 0; i < k; i++)
        if (u == 0 || v[u - 1] != v[i]) v[u++] = v[i];
    *n = u;
    return v;
}

/* ---- the indicator catalogue ---- */

static void ladder_tops(int top[LEARN_LADDERS])
{
    for (int l = 0; l < LEARN_LADDERS; l++) {
        top[l] = learn_ladder_top(learn_ladder_name(l));
        if (top[l] < 0) top[l] = 0;
    }
}

static const char *const base_labels[][3] = {
    /* ar, fr, en — in obs_pkind order */
    {"المتعلمون النشيطون", "Élèves actifs", "Active learners"},
    {"الأجوبة المقدمة", "Réponses données", "Answers given"},
    {"اختبارات تحديد المستوى المنجزة", "Tests de positionnement passés", "Placement tests taken"},
    {"نسبة المهارات المتقنة من بين المهارات الممارسة", "Part des compétences pratiquées qui sont maîtrisées",
     "Share of practised skills mastered"},
};

static const char *const ladder_labels[LEARN_LADDERS][3] = {
    {"الرياضيات", "Mathématiques", "Mathematics"},
    {"القراءة بالعربية", "Lecture en arabe", "Reading in Arabic"},
    {"القراءة بالفرنسية", "Lecture en français", "Reading in French"},
};

typedef struct indicator {
    const char *code;
    int platform;
    obs_pind p;                     /* platform only */
    const char *label[3], *unit;    /* ar, fr, en */
    int year_min, year_max;         /* official only */
} indicator;

static void platform_labels(indicator *ind, arena *a)
{
    const obs_pind *p = &ind->p;
    if (p->kind != OBS_LEVEL) {
        for (int k = 0; k < 3; k++) ind->label[k] = base_labels[p->kind][k];
        return;
    }
    ind->label[0] = arena_printf(a, "%s: نسبة المتعلمين في المستوى %d", ladder_labels[p->ladder][0], p->level);
    ind->label[1] = arena_printf(a, "%s : part des élèves au niveau %d", ladder_labels[p->ladder][1], p->level);
    ind->label[2] = arena_printf(a, "%s: share of learners at level %d", ladder_labels[p->ladder][2], p->level);
}

static json_t *indicator_json(const indicator *ind)
{
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "code", ind->code, "source_kind",
                          ind->platform ? "platform" : "official", "period", ind->platform ? "month" : "year",
                          "label_ar", ind->label[0], "label_fr", ind->label[1], "label_en", ind->label[2], "unit",
                          ind->unit, "share", ind->platform ? ind->p.share : 0);
    json_t *levels = json_array();
    const char *k[] = {"national", "region", "province", "school"};
    for (int i = 0; i < (ind->platform ? 4 : 3); i++) json_array_append_new(levels, json_string(k[i]));
    json_object_set_new(o, "territory_kinds", levels);
    if (ind->platform) {
        const char *kind[] = {"learners_active", "answers", "placements", "skills_mastered", "level"};
        json_object_set_new(o, "label_key", json_sprintf("observatory.ind.%s", kind[ind->p.kind]));
        if (ind->p.kind == OBS_LEVEL) {
            json_object_set_new(o, "ladder", json_string(learn_ladder_name(ind->p.ladder)));
            json_object_set_new(o, "level", json_integer(ind->p.level));
        }
    } else {
        json_object_set_new(o, "years", json_pack("[i, i]", ind->year_min, ind->year_max));
    }
    return o;
}

/* find_indicator: a platform code or an imported one; E_NOTFOUND */
static int find_indicator(indicator *out, db_conn *c, arena *a, const char *code)
{
    int top[LEARN_LADDERS];
    ladder_tops(top);
    memset(out, 0, sizeof *out);
    if (obs_platform_parse(&out->p, code, top) == 0) {
        out->code = code;
        out->platform = 1;
        out->unit = out->p.unit;
        platform_labels(out, a);
        return 0;
    }
    db_rows *r;
    int rc = db_query(&r, c, a,
                      "SELECT i.code, i.label_ar, i.label_fr, i.label_en, i.unit, min(v.year), max(v.year) FROM "
                      "observatory_indicators i JOIN observatory_values v ON v.indicator = i.code WHERE i.code = $1 "
                      "GROUP BY i.code, i.label_ar, i.label_fr, i.label_en, i.unit",
                      "s", code);
    if (rc) return rc;
    if (r->nrows == 0) return E_NOTFOUND;
    *out = (indicator){db_text(r, 0, 0), 0, {0}, {db_text(r, 0, 1), db_text(r, 0, 2), db_text(r, 0, 3)},
                       db_text(r, 0, 4), (int)db_int(r, 0, 5), (int)db_int(r, 0, 6)};
    return 0;
}

/* ---- routes: territories and catalogue ---- */

static int load_for(tree *tr, req *r)
{
    if (r->user->role == ROLE_SCHOOL_ADMIN && !r->user->school_id)
        return http_fail(r, E_FORBIDDEN, NULL, "you manage no school");
    return load_tree(tr, req_db(r), r->a);
}

static int territories(req *r)
{
    tree tr;
    int rc = load_for(&tr, r);
    if (rc) return rc;
    json_t *arr = json_array();
    for (int i = 0; i < tr.n; i++)
        if (may_see(r->user, &tr, i)) json_array_append_new(arr, terr_json(&tr, i));
    return http_json(r, 200, json_pack("{s:o}", "territories", arr));
}

static int indicators(req *r)
{
    int top[LEARN_LADDERS];
    ladder_tops(top);
    json_t *arr = json_array();
    const char *code;
    for (int i = 0; (code = obs_platform_code(r->a, i, top)); i++) {
        indicator ind;
        if (find_indicator(&ind, req_db(r), r->a, code) == 0) json_array_append_new(arr, indicator_json(&ind));
    }
    db_rows *rows;
    int rc = db_query(&rows, req_db(r), r->a,
                      "SELECT i.code, i.label_ar, i.label_fr, i.label_en, i.unit, min(v.year), max(v.year) FROM "
                      "observatory_indicators i JOIN observatory_values v ON v.indicator = i.code "
                      "GROUP BY i.code, i.label_ar, i.label_fr, i.label_en, i.unit ORDER BY i.code",
                      "");
    if (rc) {
        json_decref(arr);
        return rc;
    }
    for (int i = 0; i < rows->nrows; i++) {
        indicator ind = {db_text(rows, i, 0), 0, {0}, {db_text(rows, i, 1), db_text(rows, i, 2), db_text(rows, i, 3)},
                         db_text(rows, i, 4), (int)db_int(rows, i, 5), (int)db_int(rows, i, 6)};
        json_array_append_new(arr, indicator_json(&ind));
    }
    return http_json(r, 200, json_pack("{s:i, s:s, s:o}", "min_learners", OBS_MIN_LEARNERS, "nation", OBS_NATION,
                                       "indicators", arr));
}

/* ---- series ---- */

enum { MAX_CHAIN = 4 };

typedef struct series {
    int terr;
    obs_cell *cells;      /* one per period */
    const char **sources; /* official: per period (NULL where empty) */
} series;

typedef struct result {
    indicator ind;
    tree tr;
    int first, nper; /* first month or year, number of periods */
    series s[MAX_CHAIN];
    int ns;
} result;

static void period_name(char *out, size_t cap, const result *x, int k)
{
    if (x->ind.platform) obs_month_name(out, cap, x->first + k);
    else snprintf(out, cap, "%d", x->first + k);
}

/* the platform counts of one territory, month by month */
static int platform_series(series *s, req *r, const result *x, const int64_t *bounds, const int top[LEARN_LADDERS])
{
    int n;
    int64_t *ids = learners_of(&n, &x->tr, s->terr, r->a);
    learn_period *acc = arena_alloc_array(r->a, (size_t)x->nper, sizeof *acc);
    for (int k = 0; k < x->nper; k++)
        for (int l = 0; l < LEARN_LADDERS; l++) acc[k].at_level[l] = arena_alloc_array(r->a, (size_t)top[l] + 1, sizeof(int));
    for (int off = 0; off < n; off += LEARN_PERIOD_MAX_LEARNERS) {
        int chunk = n - off < LEARN_PERIOD_MAX_LEARNERS ? n - off : LEARN_PERIOD_MAX_LEARNERS;
        learn_period *p;
        int rc = learn_period_stats(&p, req_db(r), r->a, ids + off, chunk, bounds, x->nper);
        if (rc) return rc;
        for (int k = 0; k < x->nper; k++) obs_period_add(&acc[k], &p[k], top);
    }
    s->cells = arena_alloc_array(r->a, (size_t)x->nper, sizeof *s->cells);
    for (int k = 0; k < x->nper; k++) s->cells[k] = obs_platform_cell(&x->ind.p, &acc[k]);
    return 0;
}

static int official_series(series *s, req *r, const result *x)
{
    db_rows *rows;
    int rc = db_query(&rows, req_db(r), r->a,
                      "SELECT year, value, source FROM observatory_values WHERE indicator = $1 AND territory = $2 AND "
                      "year >= $3 AND year <= $4 ORDER BY year",
                      "ssii", x->ind.code, x->tr.t[s->terr].code, (int64_t)x->first, (int64_t)(x->first + x->nper - 1));
    if (rc) return rc;
    s->cells = arena_alloc_array(r->a, (size_t)x->nper, sizeof *s->cells);
    s->sources = arena_alloc_array(r->a, (size_t)x->nper, sizeof *s->sources);
    for (int k = 0; k < x->nper; k++) s->cells[k] = (obs_cell){OBS_EMPTY, 0, 0};
    for (int i = 0; i < rows->nrows; i++) {
        int k = (int)db_int(rows, i, 0) - x->first;
        s->cells[k] = (obs_cell){OBS_SHOWN, db_double(rows, i, 1), 0};
        s->sources[k] = db_text(rows, i, 2);
    }
    return 0;
}

/* period_arg: ?from= / ?to= as a month (platform) or a year (official); `dflt` when absent */
static int period_arg(int *out, req *r, const char *field, int platform, int dflt)
{
    const char *v = req_query(r, field);
    if (!v || !*v) {
        *out = dflt;
        return 0;
    }
    if (platform ? obs_month_parse(out, v) : obs_year_parse(out, v))
        return http_fail(r, E_INVALID, field, platform ? "a month as YYYY-MM" : "a year as YYYY");
    return 0;
}

/* build: parse the query, authorise the territory, compute every series of the chain */
static int build(result *x, req *r)
{
    memset(x, 0, sizeof *x);
    const char *code = req_query(r, "indicator"), *where = req_query(r, "territory");
    if (!code || !*code) return http_fail(r, E_INVALID, "indicator", "required");
    if (!where || !*where) return http_fail(r, E_INVALID, "territory", "required");
    int rc = find_indicator(&x->ind, req_db(r), r->a, code);
    if (rc == E_NOTFOUND) return http_fail(r, E_INVALID, "indicator", "no such indicator");
    if (rc) return rc;
    if ((rc = load_for(&x->tr, r))) return rc;
    int t;
    rc = find_code(&t, &x->tr, where);
    if (rc == E_NOTFOUND) return http_fail(r, E_INVALID, "territory", "no such territory");
    if (rc == E_CONFLICT) return http_fail(r, E_INVALID, "territory", "this code names two territories");
    if (!may_see(r->user, &x->tr, t)) return http_fail(r, E_FORBIDDEN, "territory", "this territory is not yours to see");
    if (!x->ind.platform && x->tr.t[t].kind == 'S')
        return http_fail(r, E_INVALID, "territory", "official statistics are for the nation, regions and provinces");
    int now = obs_month_of(db_now()), from, to;
    int platform = x->ind.platform;
    if ((rc = period_arg(&to, r, "to", platform, platform ? now : x->ind.year_max)) ||
        (rc = period_arg(&from, r, "from", platform, platform ? to - 11 : x->ind.year_min)))
        return rc;
    if (from > to) return http_fail(r, E_INVALID, "to", "before from");
    if (to - from + 1 > (platform ? OBS_MAX_MONTHS : OBS_MAX_YEARS))
        return http_fail(r, E_INVALID, "from", "at most %d %s", platform ? OBS_MAX_MONTHS : OBS_MAX_YEARS,
                         platform ? "months" : "years");
    x->first = from;
    x->nper = to - from + 1;
    for (int i = t; i >= 0 && x->ns < MAX_CHAIN; i = x->tr.t[i].parent) x->s[x->ns++].terr = i;
    int top[LEARN_LADDERS];
    ladder_tops(top);
    int64_t *bounds = arena_alloc_array(r->a, (size_t)x->nper + 1, sizeof *bounds);
    for (int k = 0; k <= x->nper; k++) bounds[k] = obs_month_start(from + k);
    for (int i = 0; rc == 0 && i < x->ns; i++)
        rc = platform ? platform_series(&x->s[i], r, x, bounds, top) : official_series(&x->s[i], r, x);
    return rc;
}

/* a figure as JSON: whole numbers as integers (counts), null when not shown */
static json_t *number(double v)
{
    return fabs(v - round(v)) < 1e-9 && fabs(v) < 9e15 ? json_integer((json_int_t)round(v)) : json_real(v);
}

static json_t *cell_value(const obs_cell *c)
{
    return c->status == OBS_SHOWN ? number(c->value) : json_null();
}

static json_t *series_json(const result *x, const series *s)
{
    json_t *pts = json_array();
    char name[16];
    for (int k = 0; k < x->nper; k++) {
        const obs_cell *c = &s->cells[k];
        period_name(name, sizeof name, x, k);
        json_t *p = json_pack("{s:s, s:s, s:o}", "period", name, "status", obs_status_name(c->status), "value",
                              cell_value(c));
        if (x->ind.platform && c->status == OBS_SHOWN) json_object_set_new(p, "n", json_integer(c->n));
        if (s->sources && s->sources[k]) json_object_set_new(p, "source", json_string(s->sources[k]));
        json_array_append_new(pts, p);
    }
    return json_pack("{s:o, s:o}", "territory", terr_json(&x->tr, s->terr), "points", pts);
}

static json_t *latest_json(const result *x)
{
    int last, prev;
    obs_latest(&last, &prev, x->s[0].cells, x->nper);
    if (last < 0) return json_null();
    char a[16], b[16];
    period_name(a, sizeof a, x, last);
    json_t *o = json_pack("{s:s, s:o}", "period", a, "value", number(x->s[0].cells[last].value));
    if (prev >= 0) {
        period_name(b, sizeof b, x, prev);
        json_object_set_new(o, "previous_period", json_string(b));
        json_object_set_new(o, "previous_value", number(x->s[0].cells[prev].value));
        json_object_set_new(o, "change", number(round(10.0 * (x->s[0].cells[last].value - x->s[0].cells[prev].value)) / 10.0));
    }
    if (x->s[0].sources && x->s[0].sources[last]) json_object_set_new(o, "source", json_string(x->s[0].sources[last]));
    return o;
}

static int series_route(req *r)
{
    result x;
    int rc = build(&x, r);
    if (rc) return rc;
    json_t *arr = json_array(), *sources = json_array();
    int suppressed = 0;
    for (int i = 0; i < x.ns; i++) {
        json_array_append_new(arr, series_json(&x, &x.s[i]));
        for (int k = 0; k < x.nper; k++) {
            suppressed += x.s[i].cells[k].status == OBS_SUPPRESSED;
            const char *src = x.s[i].sources ? x.s[i].sources[k] : NULL;
            int known = 0;
            for (size_t j = 0; src && j < json_array_size(sources); j++)
                known |= strcmp(json_string_value(json_array_get(sources, j)), src) == 0;
            if (src && !known) json_array_append_new(sources, json_string(src));
        }
    }
    if (x.ind.platform) json_array_append_new(sources, json_string(PLATFORM_SOURCE));
    char from[16], to[16];
    period_name(from, sizeof from, &x, 0);
    period_name(to, sizeof to, &x, x.nper - 1);
    return http_json(r, 200,
                     json_pack("{s:o, s:o, s:s, s:s, s:s, s:i, s:i, s:o, s:o, s:o}", "indicator", indicator_json(&x.ind),
                               "territory", terr_json(&x.tr, x.s[0].terr), "period", x.ind.platform ? "month" : "year",
                               "from", from, "to", to, "min_learners", OBS_MIN_LEARNERS, "suppressed", suppressed,
                               "series", arr, "latest", latest_json(&x), "sources", sources));
}

static int series_csv(req *r)
{
    result x;
    int rc = build(&x, r);
    if (rc) return rc;
    buf o = BUF_INIT(16 << 20);
    buf_puts(&o, "\xEF\xBB\xBF"); /* spreadsheet apps then read Arabic names as UTF-8 */
    buf_puts(&o, "indicator,territory,territory_kind,territory_name_fr,period,status,value,learners,unit,source\r\n");
    char name[16];
    for (int i = 0; i < x.ns; i++) {
        const terr *t = &x.tr.t[x.s[i].terr];
        for (int k = 0; k < x.nper; k++) {
            const obs_cell *c = &x.s[i].cells[k];
            period_name(name, sizeof name, &x, k);
            csv_put(&o, x.ind.code, 0);
            csv_put(&o, t->code, 0);
            csv_put(&o, kind_name(t->kind), 0);
            csv_put(&o, t->name_fr, 0);
            buf_printf(&o, "%s,%s,", name, obs_status_name(c->status));
            if (c->status == OBS_SHOWN) buf_printf(&o, "%.10g", c->value);
            buf_putc(&o, ',');
            if (x.ind.platform && c->status == OBS_SHOWN) buf_printf(&o, "%d", c->n);
            buf_putc(&o, ',');
            csv_put(&o, x.ind.unit, 0);
            const char *src = x.ind.platform ? PLATFORM_SOURCE : x.s[i].sources[k] ? x.s[i].sources[k] : "";
            csv_put(&o, src, 1);
        }
    }
    if (o.err) {
        buf_free(&o);
        return http_fail(r, E_LIMIT, NULL, "the export is too large");
    }
    http_header(r, "Content-Disposition",
                arena_printf(r->a, "attachment; filename=\"observatory-%s-%s.csv\"", x.ind.code, x.tr.t[x.s[0].terr].code));
    rc = http_text(r, 200, "text/csv; charset=utf-8", o.data, o.len);
    buf_free(&o);
    return rc;
}

/* ---- the official statistics import ---- */

/* store: territories checked, then every row written in one transaction; *replaced lists the
 * values that were there before. On a problem nothing is stored and *why names the line. */
static int store(json_t **replaced, obs_problem *why, db_conn *c, arena *a, const obs_row *rows, int n, int64_t by)
{
    tree tr;
    *replaced = NULL;
    int rc = load_tree(&tr, c, a);
    if (rc) return rc;
    for (int i = 0; i < n; i++) {
        int t;
        rc = find_code(&t, &tr, rows[i].territory);
        const char *msg = rc == E_NOTFOUND   ? arena_printf(a, "no territory '%s' (the nation is %s)", rows[i].territory, OBS_NATION)
                          : rc == E_CONFLICT ? "this code names two territories"
                          : tr.t[t].kind == 'S' ? "official statistics are for the nation, regions and provinces, not schools"
                                                : NULL;
        if (msg) {
            *why = (obs_problem){rows[i].line, "territory", msg};
            return E_INVALID;
        }
    }
    if ((rc = db_begin(c))) return rc;
    *replaced = json_array();
    int64_t now = db_now();
    for (int i = 0; rc == 0 && i < n; i++) {
        const obs_row *o = &rows[i];
        db_rows *q;
        if ((rc = db_query(&q, c, a, "SELECT unit FROM observatory_indicators WHERE code = $1", "s", o->indicator))) break;
        if (q->nrows && strcmp(db_text(q, 0, 0), o->unit) != 0) {
            *why = (obs_problem){o->line, "unit",
                                 arena_printf(a, "indicator %s is stored in '%s'; a new unit needs a new indicator code",
                                              o->indicator, db_text(q, 0, 0))};
            rc = E_INVALID;
            break;
        }
        if ((rc = db_exec(c,
                          "INSERT INTO observatory_indicators (code, label_ar, label_fr, label_en, unit, updated_at) "
                          "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (code) DO UPDATE SET label_ar = excluded.label_ar, "
                          "label_fr = excluded.label_fr, label_en = excluded.label_en, updated_at = excluded.updated_at",
                          "sssssi", o->indicator, o->label_ar, o->label_fr, o->label_en, o->unit, now)) < 0)
            break;
        if ((rc = db_query(&q, c, a,
                           "SELECT value, source FROM observatory_values WHERE indicator = $1 AND territory = $2 AND "
                           "year = $3",
                           "ssi", o->indicator, o->territory, (int64_t)o->year)))
            break;
        if (q->nrows)
            json_array_append_new(*replaced, json_pack("{s:I, s:s, s:s, s:i, s:f, s:f, s:s}", "line", (json_int_t)o->line,
                                                       "indicator", o->indicator, "territory", o->territory, "year",
                                                       o->year, "previous", db_double(q, 0, 0), "value", o->value,
                                                       "previous_source", db_text(q, 0, 1)));
        rc = db_exec(c,
                     "INSERT INTO observatory_values (indicator, territory, year, value, source, imported_by, "
                     "imported_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (indicator, territory, year) DO "
                     "UPDATE SET value = excluded.value, source = excluded.source, imported_by = excluded.imported_by, "
                     "imported_at = excluded.imported_at",
                     "ssidsii", o->indicator, o->territory, (int64_t)o->year, o->value, o->source, by, now);
        if (rc > 0) rc = 0;
    }
    if (rc == 0) rc = db_commit(c);
    else db_rollback(c);
    if (rc) {
        json_decref(*replaced);
        *replaced = NULL;
    }
    return rc;
}

static int import_route(req *r)
{
    obs_row *rows;
    int n;
    obs_problem why = {0, NULL, NULL};
    int rc = obs_csv_parse(&rows, &n, &why, r->a, r->body ? r->body : "", r->body_len);
    json_t *replaced = NULL;
    if (rc == 0) rc = store(&replaced, &why, req_db(r), r->a, rows, n, r->user->id);
    if (rc == E_INVALID && why.msg) {
        r->err_field = why.field;
        if (why.field) return http_fail_line(r, rc, why.line, "line %ld: %s: %s", why.line, why.field, why.msg);
        return http_fail_line(r, rc, why.line, "line %ld: %s", why.line, why.msg);
    }
    if (rc) return rc;
    json_t *codes = json_array();
    for (int i = 0; i < n; i++) {
        int known = 0;
        for (size_t j = 0; j < json_array_size(codes); j++)
            known |= strcmp(json_string_value(json_array_get(codes, j)), rows[i].indicator) == 0;
        if (!known) json_array_append_new(codes, json_string(rows[i].indicator));
    }
    return http_json(r, 200, json_pack("{s:i, s:i, s:o, s:o}", "imported", n, "replaced_count",
                                       (int)json_array_size(replaced), "replaced", replaced, "indicators", codes));
}

/* ---- demo ---- */

int observatory_demo(db_conn *c)
{
    static const struct {
        const char *code, *ar, *fr, *en, *unit;
        double base[3], step; /* 2018 values for MA, RSK, RSK-SALE; a yearly change */
    } ind[] = {
        {"demo.primary.completion_rate", "نسبة إتمام التعليم الابتدائي (قيم توضيحية)",
         "Taux d'achèvement du primaire (valeurs illustratives)", "Primary completion rate (illustrative values)", "%",
         {86.4, 89.1, 87.7}, 0.9},
        {"demo.primary.pupils_per_teacher", "عدد التلاميذ لكل مدرس في الابتدائي (قيم توضيحية)",
         "Élèves par enseignant au primaire (valeurs illustratives)", "Pupils per teacher in primary (illustrative values)",
         "pupils", {28.6, 29.8, 31.4}, -0.4},
    };
    static const char *const where[] = {OBS_NATION, "RSK", "RSK-SALE"};
    buf b = BUF_INIT(64 << 10);
    buf_puts(&b, "indicator,label_ar,label_fr,label_en,unit,territory,year,value,source\n");
    for (size_t i = 0; i < sizeof ind / sizeof ind[0]; i++)
        for (int t = 0; t < 3; t++)
            for (int y = 2018; y <= 2024; y++) /* a gentle trend with a small wobble, never real data */
                buf_printf(&b, "%s,%s,%s,%s,%s,%s,%d,%.1f,\"%s\"\n", ind[i].code, ind[i].ar, ind[i].fr, ind[i].en,
                           ind[i].unit, where[t], y,
                           ind[i].base[t] + ind[i].step * (y - 2018) + 0.3 * ((y * 7 + t * 3) % 5 - 2) / 2.0,
                           DEMO_SOURCE);
    arena a = ARENA_INIT;
    obs_row *rows;
    int n;
    obs_problem why = {0, NULL, ""};
    json_t *replaced = NULL;
    int rc = b.err ? E_FAIL : obs_csv_parse(&rows, &n, &why, &a, b.data, b.len);
    if (rc == 0) rc = store(&replaced, &why, c, &a, rows, n, 0);
    if (rc == E_INVALID) log_error("observatory demo: line %ld: %s: %s", why.line, why.field ? why.field : "-", why.msg);
    json_decref(replaced);
    buf_free(&b);
    arena_free(&a);
    return rc;
}

static const route routes[] = {
    {"GET", "/api/observatory/territories", territories,
     ROLE_ADMIN | ROLE_COUNCIL_MEMBER | ROLE_COUNCIL_SECRETARIAT | ROLE_SCHOOL_ADMIN, 0},
    {"GET", "/api/observatory/indicators", indicators,
     ROLE_ADMIN | ROLE_COUNCIL_MEMBER | ROLE_COUNCIL_SECRETARIAT | ROLE_SCHOOL_ADMIN, 0},
    {"GET", "/api/observatory/series", series_route,
     ROLE_ADMIN | ROLE_COUNCIL_MEMBER | ROLE_COUNCIL_SECRETARIAT | ROLE_SCHOOL_ADMIN, 0},
    {"GET", "/api/observatory/series.csv", series_csv,
     ROLE_ADMIN | ROLE_COUNCIL_MEMBER | ROLE_COUNCIL_SECRETARIAT | ROLE_SCHOOL_ADMIN, 0},
    {"POST", "/api/observatory/import", import_route, ROLE_ADMIN | ROLE_COUNCIL_SECRETARIAT, ROUTE_IMPORT},
};

const route_table observatory_routes = ROUTE_TABLE(routes);
