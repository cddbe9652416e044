/*
 * lr.c — logistic knowledge tracing (see lr.h).
 *
 * Weight layout: [dense features][one per item][one per skill][KS per skill][N_CLOCK if
 * timed]. The dense block holds the features shared by all skills (index 0 is the intercept);
 * the per-skill block gives every skill its own weights on its success and failure counts
 * (PFA's per-skill rates); the clock block, last so that a model without it is the same
 * vector minus its tail, holds the time-window features shared by all skills.
 *
 * A history keeps, per skill and per item it has seen, attempts, successes, the last 64
 * outcomes as bits (bit 0 = most recent) and the position of the last attempt; the tables are
 * small open-addressing hashes that double when half full. For answers with a known time it
 * also keeps, per skill and overall, a timeline: the times of the answers of the last 30 days
 * (older ones are dropped as new ones come) with running success counts, so that a window's
 * attempts and successes are a binary search away. Untimed answers leave the timelines empty.
 *
 * The loss and gradient are summed over row blocks, one block per thread, each thread with
 * its own gradient buffer, then added in a fixed order, so a fit is deterministic for a given
 * thread count.
 */
#include "engine/lr.h"

#include <lbfgs.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"

enum {
    F_BIAS,
    F_S_ATT, F_S_WIN, F_S_FAIL,   /* this skill, log1p */
    F_T_ATT, F_T_WIN, F_T_FAIL,   /* all skills, log1p */
    F_I_ATT, F_I_WIN,             /* this item, log1p */
    F_S_PREV_OK, F_S_PREV_KO,     /* previous answer on this skill */
    F_T_PREV_OK, F_T_PREV_KO,     /* previous answer overall */
    F_S_W3, F_S_W10,              /* success rate in the last 3 / 10 attempts on the skill */
    F_T_W5, F_T_W20, F_T_W64,     /* ... overall */
    F_T_LOGIT, F_S_LOGIT,         /* logit of (wins + 1) / (attempts + 2) */
    F_S_GAP, F_S_NEW,             /* log1p(attempts since the skill was last practised) */
    F_SAME_SKILL,                 /* previous attempt was on this skill */
    F_I_SEEN,                     /* this item was answered before */
    F_S_OK1, F_S_OK2, F_S_OK3,    /* streak of 1, 2, 3+ right answers ending now, this skill */
    F_S_KO1, F_S_KO2, F_S_KO3,    /* ... of wrong answers */
    F_T_OK1, F_T_OK2, F_T_OK3,    /* the same streaks over all skills */
    F_T_KO1, F_T_KO2, F_T_KO3,
    F_RUN,                        /* log1p(length of the current run on this skill) */
    F_T_RES, F_S_RES,             /* mean residual (answer - item's expected), shrunk */
    F_T_RES5,                     /* mean residual of the last 5 answers */
    F_T_EMA, F_S_EMA,             /* residuals averaged with exponential decay (recent ability) */
    F_I_LOGIT,                    /* logit of the item's smoothed success rate in training */
    N_DENSE
};

/* per-skill weights: log1p(wins), log1p(fails), previous answer right, last-3 success rate,
 * overall smoothed logit and mean residual (the skill's own sensitivity to ability),
 * log1p(attempts overall) */
enum { KS = 7 };
enum { RECENT = 5 };

/* The clock windows are DAS3H's (Choffin et al. 2019, after Lindsey et al. 2014): an hour, a
 * day, a week and 30 days, growing roughly geometrically (x24, x7, x4.3) across the spans over
 * which memory fades, in units a timetable is made of; the unbounded window is the all-time
 * counts of the dense block. */
enum { N_WINDOWS = 4, DAY = 86400 };
static const int64_t window_seconds[N_WINDOWS] = {3600, DAY, 7 * DAY, 30 * DAY};

/* The clock block: per window, log1p of the attempts and successes on this skill and over
 * all skills within it (before this answer); then log1p(days since the skill was last
 * practised). All zero when this answer's time is unknown. */
enum { C_S_ATT, C_S_WIN, C_T_ATT, C_T_WIN, C_PER_WINDOW };
enum { C_S_DAYS = N_WINDOWS * C_PER_WINDOW, N_CLOCK };

enum { MAX_FEATURES = N_DENSE + 2 + KS + N_CLOCK };

/* A learner's timed answers (on one skill, or on all) of the last 30 days, oldest first: the
 * live entries are [start, n); wins_before[i] counts the successes before entry i since the
 * first timed answer, wins all of them. */
typedef struct timeline {
    int64_t *t;
    uint32_t *wins_before;
    size_t start, n, cap;
    uint32_t wins;
    int64_t last; /* time of the latest entry, 0 = none yet */
} timeline;

typedef struct stat {
    int key; /* id + 1; 0 = empty slot */
    uint32_t att, win, last_pos;
    uint64_t bits;
    double res;  /* sum of residuals y - p(item) */
    double ema;  /* exponentially decayed mean of the residuals */
    timeline *tl; /* skills only: the timed answers (owned), NULL before the first */
} stat;

typedef struct table {
    stat *slot;
    size_t cap, used;
} table;

struct lr_history {
    table skills, items;
    uint32_t att, win, pos;
    uint64_t bits;
    int last_skill; /* -1 before the first answer */
    uint32_t run;   /* consecutive attempts on last_skill */
    double res;     /* sum of residuals over all answers */
    double ema;
    double recent[RECENT]; /* residuals of the last RECENT answers, ring indexed by pos */
    timeline all;          /* the timed answers on every skill */
};

static double sigmoid(double z) { return z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z)); }

static size_t hash_int(int k) { return (size_t)((uint32_t)k * 2654435761u); }

static const stat *table_find(const table *t, int id)
{
    if (t->cap == 0) return NULL;
    for (size_t i = hash_int(id) & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
        if (t->slot[i].key == id + 1) return &t->slot[i];
        if (t->slot[i].key == 0) return NULL;
    }
}

static stat *table_put(table *t, int id);

static void table_grow(table *t)
{
    table old = *t;
    t->cap = old.cap ? old.cap * 2 : 16;
    t->slot = xcalloc(t->cap, sizeof *t->slot);
    t->used = 0;
    for (size_t i = 0; i < old.cap; i++)
        if (old.slot[i].key) *table_put(t, old.slot[i].key - 1) = old.slot[i];
    free(old.slot);
}

static stat *table_put(table *t, int id)
{
    if (2 * (t->used + 1) > t->cap) table_grow(t);
    size_t i = hash_int(id) & (t->cap - 1);
    while (t->slot[i].key != 0 && t->slot[i].key != id + 1) i = (i + 1) & (t->cap - 1);
    if (t->slot[i].key == 0) {
        t->slot[i].key = id + 1;
        t->used++;
    }
    return &t->slot[i];
}

lr_history *lr_history_create(void)
{
    lr_history *h = xcalloc(1, sizeof *h);
    h->last_skill = -1;
    return h;
}

static void timeline_free(timeline *tl)
{
    if (!tl) return;
    free(tl->t);
    free(tl->wins_before);
}

void lr_history_free(lr_history *h)
{
    if (!h) return;
    for (size_t i = 0; i < h->skills.cap; i++) {
        timeline_free(h->skills.slot[i].tl);
        free(h->skills.slot[i].tl);
    }
    timeline_free(&h->all);
    free(h->skills.slot);
    free(h->items.slot);
    free(h);
}

enum { EMA_KEEP_PERCENT = 80 }; /* each answer keeps 80 % of the running mean */

static double ema_step(double ema, double x)
{
    return (EMA_KEEP_PERCENT * ema + (100 - EMA_KEEP_PERCENT) * x) / 100;
}

static void record(stat *s, int correct, uint32_t pos, double res)
{
    s->res += res;
    s->ema = ema_step(s->ema, res);
    s->att++;
    s->win += correct != 0;
    s->bits = (s->bits << 1) | (correct != 0);
    s->last_pos = pos;
}

/* Append an answer at time t (>= the latest entry's), first dropping the entries that have
 * left the longest window; the array is compacted when half of it is dropped. */
static void timeline_push(timeline *tl, int64_t t, int correct)
{
    int64_t horizon = t - window_seconds[N_WINDOWS - 1];
    while (tl->start < tl->n && tl->t[tl->start] <= horizon) tl->start++;
    if (tl->start > 0 && 2 * tl->start >= tl->n) {
        size_t live = tl->n - tl->start;
        memmove(tl->t, tl->t + tl->start, live * sizeof *tl->t);
        memmove(tl->wins_before, tl->wins_before + tl->start, live * sizeof *tl->wins_before);
        tl->n = live;
        tl->start = 0;
    }
    if (tl->n == tl->cap) {
        tl->cap = tl->cap ? 2 * tl->cap : 8;
        tl->t = xrealloc(tl->t, tl->cap * sizeof *tl->t);
        tl->wins_before = xrealloc(tl->wins_before, tl->cap * sizeof *tl->wins_before);
    }
    tl->t[tl->n] = t;
    tl->wins_before[tl->n++] = tl->wins;
    tl->wins += correct != 0;
    tl->last = t;
}

/* The attempts and successes of the timeline within `width` seconds before `now` (entries
 * with t > now - width; now is never before the latest entry). A NULL timeline is empty. */
static void timeline_window(uint32_t *att, uint32_t *win, const timeline *tl, int64_t now,
                            int64_t width)
{
    static const timeline empty = {0};
    if (!tl) tl = &empty;
    size_t lo = tl->start, hi = tl->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (tl->t[mid] > now - width) hi = mid;
        else lo = mid + 1;
    }
    *att = (uint32_t)(tl->n - lo);
    *win = lo < tl->n ? tl->wins - tl->wins_before[lo] : 0;
}

/* An answer's time as the history uses it: 0 when unknown, else never before the learner's
 * latest known time (a clock that went back counts as standing still). */
static int64_t clock_time(const lr_history *h, int64_t t)
{
    if (t <= 0) return 0;
    return t < h->all.last ? h->all.last : t;
}

/* The item's expected success for a newcomer: intercept, item and skill weights only. */
static double item_prior(const lr_model *m, int item, int skill, int loo_y);

void lr_update(lr_history *h, const lr_model *m, int item, int skill, int correct, int counted,
               int64_t t)
{
    double res = (correct != 0) - item_prior(m, item, skill, counted ? correct != 0 : -1);
    h->res += res;
    h->ema = ema_step(h->ema, res);
    h->recent[h->pos % RECENT] = res;
    stat *s = table_put(&h->skills, skill);
    record(s, correct, h->pos, res);
    int64_t when = clock_time(h, t);
    if (when) {
        if (!s->tl) s->tl = xcalloc(1, sizeof *s->tl);
        timeline_push(s->tl, when, correct);
        timeline_push(&h->all, when, correct);
    }
    record(table_put(&h->items, item), correct, h->pos, res);
    h->att++;
    h->win += correct != 0;
    h->bits = (h->bits << 1) | (correct != 0);
    h->run = h->last_skill == skill ? h->run + 1 : 1;
    h->last_skill = skill;
    h->pos++;
}

int lr_model_init(lr_model *m, int n_items, int n_skills, int timed)
{
    if (n_items < 0 || n_skills < 0) return E_INVALID;
    size_t n = N_DENSE + (size_t)n_items + (size_t)n_skills * (1 + KS) + (timed ? N_CLOCK : 0);
    if (n >= UINT32_MAX) return E_LIMIT;
    m->n_items = n_items;
    m->n_skills = n_skills;
    m->timed = timed != 0;
    m->n_weights = n;
    m->w = xcalloc(n, sizeof *m->w);
    m->item_att = xcalloc((size_t)n_items + 1, sizeof(uint32_t));
    m->item_win = xcalloc((size_t)n_items + 1, sizeof(uint32_t));
    m->skill_att = xcalloc((size_t)n_skills + 1, sizeof(uint32_t));
    m->skill_win = xcalloc((size_t)n_skills + 1, sizeof(uint32_t));
    return 0;
}

void lr_count(lr_model *m, int item, int skill, int correct)
{
    if (item >= 0 && item < m->n_items) {
        m->item_att[item]++;
        m->item_win[item] += correct != 0;
    }
    if (skill >= 0 && skill < m->n_skills) {
        m->skill_att[skill]++;
        m->skill_win[skill] += correct != 0;
    }
}

void lr_model_free(lr_model *m)
{
    free(m->w);
    free(m->item_att);
    free(m->item_win);
    free(m->skill_att);
    free(m->skill_win);
    memset(m, 0, sizeof *m);
}

static double window_rate(uint64_t bits, uint32_t att, unsigned w)
{
    unsigned n = att < w ? att : w;
    if (n == 0) return 0;
    uint64_t mask = n >= 64 ? ~0ull : (1ull << n) - 1;
    return (double)__builtin_popcountll(bits & mask) / n;
}

static double smoothed_logit(uint32_t win, uint32_t att)
{
    return log((win + 1.0) / (att - win + 1.0));
}

/* Length (capped at 3) of the streak of equal outcomes ending with the last answer. */
static int streak(uint64_t bits, uint32_t att, int right)
{
    uint64_t b = right ? ~bits : bits;
    int n = b ? __builtin_ctzll(b) : 64;
    if ((uint32_t)n > att) n = (int)att;
    return n > 3 ? 3 : n;
}

/* The clock block for an answer at time now (0 = unknown: all zero). */
static void clock_features(double *c, const lr_history *h, const stat *s, int64_t now)
{
    if (now == 0) return;
    for (int k = 0; k < N_WINDOWS; k++) {
        double *f = c + k * C_PER_WINDOW;
        uint32_t att, win;
        timeline_window(&att, &win, s->tl, now, window_seconds[k]);
        f[C_S_ATT] = log1p(att);
        f[C_S_WIN] = log1p(win);
        timeline_window(&att, &win, &h->all, now, window_seconds[k]);
        f[C_T_ATT] = log1p(att);
        f[C_T_WIN] = log1p(win);
    }
    if (s->tl) c[C_S_DAYS] = log1p((double)(now - s->tl->last) / DAY);
}

/* Append the non-zero values v[0..count) as features base + k; returns the new total. */
static int emit(uint32_t *idx, double *val, int n, size_t base, const double *v, int count)
{
    for (int k = 0; k < count; k++)
        if (v[k] != 0) {
            idx[n] = (uint32_t)(base + (size_t)k);
            val[n++] = v[k];
        }
    return n;
}

/* The features of the next answer (at time t): indices and values, returns how many. */
static int features(uint32_t *idx, double *val, const lr_model *m, const lr_history *h,
                    int item, int skill, int loo_y, int64_t t)
{
    static const stat none = {0};
    const stat *s = table_find(&h->skills, skill);
    const stat *it = table_find(&h->items, item);
    if (!s) s = &none;
    if (!it) it = &none;
    double d[N_DENSE] = {0};
    d[F_BIAS] = 1;
    d[F_S_ATT] = log1p(s->att);
    d[F_S_WIN] = log1p(s->win);
    d[F_S_FAIL] = log1p(s->att - s->win);
    d[F_T_ATT] = log1p(h->att);
    d[F_T_WIN] = log1p(h->win);
    d[F_T_FAIL] = log1p(h->att - h->win);
    d[F_I_ATT] = log1p(it->att);
    d[F_I_WIN] = log1p(it->win);
    if (s->att) {
        d[(s->bits & 1) ? F_S_PREV_OK : F_S_PREV_KO] = 1;
        d[F_S_GAP] = log1p(h->pos - s->last_pos - 1);
    } else {
        d[F_S_NEW] = 1;
    }
    if (h->att) d[(h->bits & 1) ? F_T_PREV_OK : F_T_PREV_KO] = 1;
    d[F_S_W3] = window_rate(s->bits, s->att, 3);
    d[F_S_W10] = window_rate(s->bits, s->att, 10);
    d[F_T_W5] = window_rate(h->bits, h->att, 5);
    d[F_T_W20] = window_rate(h->bits, h->att, 20);
    d[F_T_W64] = window_rate(h->bits, h->att, 64);
    d[F_T_LOGIT] = smoothed_logit(h->win, h->att);
    d[F_S_LOGIT] = smoothed_logit(s->win, s->att);
    d[F_SAME_SKILL] = h->last_skill == skill;
    d[F_I_SEEN] = it->att > 0;
    int k;
    if ((k = streak(s->bits, s->att, 1)) > 0) d[F_S_OK1 + k - 1] = 1;
    if ((k = streak(s->bits, s->att, 0)) > 0) d[F_S_KO1 + k - 1] = 1;
    if ((k = streak(h->bits, h->att, 1)) > 0) d[F_T_OK1 + k - 1] = 1;
    if ((k = streak(h->bits, h->att, 0)) > 0) d[F_T_KO1 + k - 1] = 1;
    d[F_RUN] = h->last_skill == skill ? log1p(h->run) : 0;
    d[F_T_RES] = h->res / (h->att + 2.0);
    double r5 = 0;
    for (int j = 0; j < RECENT; j++) r5 += h->recent[j]; /* unused slots are 0 */
    d[F_T_RES5] = r5 / RECENT;
    d[F_T_EMA] = h->ema;
    d[F_S_EMA] = s->ema;
    d[F_S_RES] = s->res / (s->att + 2.0);
    double pi = item_prior(m, item, skill, loo_y);
    d[F_I_LOGIT] = log(pi / (1 - pi));
    int n = emit(idx, val, 0, 0, d, N_DENSE);
    if (item >= 0 && item < m->n_items) {
        idx[n] = (uint32_t)(N_DENSE + item);
        val[n++] = 1;
    }
    if (skill >= 0 && skill < m->n_skills) {
        size_t base = N_DENSE + (size_t)m->n_items;
        idx[n] = (uint32_t)(base + (size_t)skill);
        val[n++] = 1;
        size_t ks = base + (size_t)m->n_skills + (size_t)skill * KS;
        double v[KS] = {d[F_S_WIN],   d[F_S_FAIL], d[F_S_PREV_OK], d[F_S_W3],
                        d[F_T_LOGIT], d[F_T_ATT],  d[F_T_RES]};
        n = emit(idx, val, n, ks, v, KS);
    }
    if (m->timed) {
        double c[N_CLOCK] = {0};
        clock_features(c, h, s, clock_time(h, t));
        n = emit(idx, val, n, m->n_weights - N_CLOCK, c, N_CLOCK);
    }
    return n;
}

void lr_rows_add(lr_rows *r, const lr_model *m, const lr_history *h, int item, int skill,
                 int correct, int64_t t)
{
    uint32_t idx[MAX_FEATURES];
    double val[MAX_FEATURES];
    int n = features(idx, val, m, h, item, skill, correct != 0, t);
    if (r->n + 1 >= r->cap) {
        r->cap = r->cap ? r->cap * 2 : 1024;
        r->ptr = xrealloc(r->ptr, (r->cap + 1) * sizeof *r->ptr);
        r->y = xrealloc(r->y, r->cap);
    }
    if (r->nnz + (size_t)n > r->nnz_cap) {
        r->nnz_cap = r->nnz_cap ? r->nnz_cap * 2 : 16384;
        r->idx = xrealloc(r->idx, r->nnz_cap * sizeof *r->idx);
        r->val = xrealloc(r->val, r->nnz_cap * sizeof *r->val);
    }
    if (r->n == 0) r->ptr[0] = 0;
    for (int k = 0; k < n; k++) {
        r->idx[r->nnz + (size_t)k] = idx[k];
        r->val[r->nnz + (size_t)k] = (float)val[k];
    }
    r->nnz += (size_t)n;
    r->y[r->n] = correct != 0;
    r->ptr[++r->n] = r->nnz;
}

void lr_rows_free(lr_rows *r)
{
    free(r->ptr);
    free(r->idx);
    free(r->val);
    free(r->y);
    *r = (lr_rows)LR_ROWS_INIT;
}


/* log(1 + e^z) without overflow */
static double softplus(double z) { return z > 0 ? z + log1p(exp(-z)) : log1p(exp(z)); }

enum { ITEM_PRIOR_WEIGHT = 5 }; /* pseudo-answers at the skill's rate added to an item's */

static double item_prior(const lr_model *m, int item, int skill, int loo_y)
{
    double sw = 0, sa = 0, iw = 0, ia = 0, own = loo_y >= 0;
    if (skill >= 0 && skill < m->n_skills) {
        sw = m->skill_win[skill] - (loo_y > 0);
        sa = m->skill_att[skill] - own;
    }
    if (item >= 0 && item < m->n_items) {
        iw = m->item_win[item] - (loo_y > 0);
        ia = m->item_att[item] - own;
    }
    double ps = (sw + 1) / (sa + 2);
    return (iw + ITEM_PRIOR_WEIGHT * ps) / (ia + ITEM_PRIOR_WEIGHT);
}

double lr_predict(const lr_model *m, const lr_history *h, int item, int skill, int64_t t)
{
    uint32_t idx[MAX_FEATURES];
    double val[MAX_FEATURES];
    int n = features(idx, val, m, h, item, skill, -1, t);
    double z = 0;
    for (int k = 0; k < n; k++) z += m->w[idx[k]] * val[k];
    return sigmoid(z);
}

/* One thread's share of the loss and gradient. */
typedef struct block {
    const lr_rows *r;
    const double *w;
    size_t from, to, n_weights;
    double *g; /* owned scratch, n_weights */
    double loss;
} block;

static void *block_run(void *arg)
{
    block *b = arg;
    const lr_rows *r = b->r;
    memset(b->g, 0, b->n_weights * sizeof *b->g);
    double loss = 0;
    for (size_t i = b->from; i < b->to; i++) {
        double z = 0;
        for (size_t k = r->ptr[i]; k < r->ptr[i + 1]; k++) z += b->w[r->idx[k]] * r->val[k];
        loss += softplus(z) - (r->y[i] ? z : 0);
        double e = sigmoid(z) - r->y[i];
        for (size_t k = r->ptr[i]; k < r->ptr[i + 1]; k++) b->g[r->idx[k]] += e * r->val[k];
    }
    b->loss = loss;
    return NULL;
}

/* L-BFGS works on v with w = scale * v: the history features (counts up to log 1000 next to
 * 0/1 indicators) are put on a common scale, which the quasi-Newton steps need far fewer
 * iterations to cross. The objective, hence the optimum, is that of w. */
typedef struct fit_ctx {
    const lr_rows *r;
    double l2;
    int threads;
    block *blocks;
    int iterations;
    double *scale, *w; /* n_weights each */
} fit_ctx;

static lbfgsfloatval_t evaluate(void *inst, const lbfgsfloatval_t *w, lbfgsfloatval_t *g,
                                const int n, const lbfgsfloatval_t step)
{
    (void)step;
    fit_ctx *c = inst;
    const lbfgsfloatval_t *v = w;
    for (int k = 0; k < n; k++) c->w[k] = v[k] * c->scale[k];
    pthread_t tid[16];
    int started[16] = {0};
    for (int t = 0; t < c->threads; t++) {
        c->blocks[t].w = c->w;
        if (t > 0) started[t] = pthread_create(&tid[t], NULL, block_run, &c->blocks[t]) == 0;
    }
    block_run(&c->blocks[0]);
    for (int t = 1; t < c->threads; t++) {
        if (started[t]) pthread_join(tid[t], NULL);
        else block_run(&c->blocks[t]);
    }
    double loss = 0;
    memset(g, 0, (size_t)n * sizeof *g);
    for (int t = 0; t < c->threads; t++) {
        loss += c->blocks[t].loss;
        for (int k = 0; k < n; k++) g[k] += c->blocks[t].g[k];
    }
    for (int k = 1; k < n; k++) {
        loss += 0.5 * c->l2 * c->w[k] * c->w[k];
        g[k] += c->l2 * c->w[k];
    }
    for (int k = 0; k < n; k++) g[k] *= c->scale[k];
    return loss;
}

static int progress(void *inst, const lbfgsfloatval_t *x, const lbfgsfloatval_t *g,
                    const lbfgsfloatval_t fx, const lbfgsfloatval_t xnorm,
                    const lbfgsfloatval_t gnorm, const lbfgsfloatval_t step, int n, int k, int ls)
{
    (void)x, (void)g, (void)fx, (void)xnorm, (void)gnorm, (void)step, (void)n, (void)ls;
    ((fit_ctx *)inst)->iterations = k;
    return 0;
}

int lr_fit(lr_model *m, lr_fit_info *info, const lr_rows *r, const lr_opts *o)
{
    if (r->n == 0 || o->l2 < 0 || o->max_iter < 1 || o->threads < 1 || o->threads > 16)
        return E_INVALID;
    int n = (int)m->n_weights;
    fit_ctx c = {r, o->l2, o->threads, xcalloc((size_t)o->threads, sizeof(block)), 0,
                 xmalloc(2 * m->n_weights * sizeof(double)), NULL};
    c.w = c.scale + m->n_weights;
    for (int k = 0; k < n; k++) c.scale[k] = 0;
    for (size_t k = 0; k < r->nnz; k++) c.scale[r->idx[k]] += (double)r->val[k] * r->val[k];
    size_t onehot_end = N_DENSE + (size_t)m->n_items + (size_t)m->n_skills;
    for (int k = 0; k < n; k++) { /* dense, per-skill and clock features: unit RMS */
        int counted = k < N_DENSE || (size_t)k >= onehot_end;
        c.scale[k] = counted && k != F_BIAS && c.scale[k] > 0 ? 1 / sqrt(c.scale[k] / r->n) : 1;
    }
    for (int t = 0; t < o->threads; t++) {
        block *b = &c.blocks[t];
        b->r = r;
        b->from = r->n * (size_t)t / (size_t)o->threads;
        b->to = r->n * (size_t)(t + 1) / (size_t)o->threads;
        b->n_weights = m->n_weights;
        b->g = xmalloc(m->n_weights * sizeof *b->g);
    }
    lbfgsfloatval_t *x = lbfgs_malloc(n);
    if (!x) abort();
    for (int k = 0; k < n; k++) x[k] = m->w[k] / c.scale[k];
    lbfgs_parameter_t p;
    lbfgs_parameter_init(&p);
    p.max_iterations = o->max_iter;
    p.epsilon = o->eps;
    lbfgsfloatval_t fx = 0;
    int status = lbfgs(n, x, &fx, evaluate, progress, &c, &p);
    int ok = status == 0 || status == LBFGS_STOP || status == LBFGS_ALREADY_MINIMIZED ||
             status == LBFGSERR_MAXIMUMITERATION || status == LBFGSERR_ROUNDING_ERROR ||
             status == LBFGSERR_MAXIMUMLINESEARCH;
    if (ok)
        for (int k = 0; k < n; k++) m->w[k] = x[k] * c.scale[k];
    lbfgs_free(x);
    free(c.scale);
    for (int t = 0; t < o->threads; t++) free(c.blocks[t].g);
    free(c.blocks);
    if (info) {
        info->loss = fx;
        info->status = status;
        info->iterations = c.iterations;
    }
    return ok ? 0 : E_FAIL;
}
