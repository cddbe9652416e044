/*
 * lr.c — logistic knowledge tracing (see lr.h).
 *
 * Weight layout: [dense features][one per item][one per skill][KS per skill]. The dense block
 * holds the features shared by all skills (index 0 is the intercept); the last block gives
 * every skill its own weights on its success and failure counts (PFA's per-skill rates).
 *
 * A history keeps, per skill and per item it has seen, attempts, successes, the last 64
 * outcomes as bits (bit 0 = most recent) and the position of the last attempt; the tables are
 * small open-addressing hashes that double when half full.
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
    N_DENSE
};

enum { KS = 3 }; /* per-skill weights: log1p(wins), log1p(fails), previous answer right */
enum { MAX_FEATURES = N_DENSE + 2 + KS };

typedef struct stat {
    int key; /* id + 1; 0 = empty slot */
    uint32_t att, win, last_pos;
    uint64_t bits;
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
};

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

void lr_history_free(lr_history *h)
{
    if (!h) return;
    free(h->skills.slot);
    free(h->items.slot);
    free(h);
}

static void record(stat *s, int correct, uint32_t pos)
{
    s->att++;
    s->win += correct != 0;
    s->bits = (s->bits << 1) | (correct != 0);
    s->last_pos = pos;
}

void lr_update(lr_history *h, int item, int skill, int correct)
{
    record(table_put(&h->skills, skill), correct, h->pos);
    record(table_put(&h->items, item), correct, h->pos);
    h->att++;
    h->win += correct != 0;
    h->bits = (h->bits << 1) | (correct != 0);
    h->last_skill = skill;
    h->pos++;
}

int lr_model_init(lr_model *m, int n_items, int n_skills)
{
    if (n_items < 0 || n_skills < 0) return E_INVALID;
    size_t n = N_DENSE + (size_t)n_items + (size_t)n_skills * (1 + KS);
    if (n >= UINT32_MAX) return E_LIMIT;
    m->n_items = n_items;
    m->n_skills = n_skills;
    m->n_weights = n;
    m->w = xcalloc(n, sizeof *m->w);
    return 0;
}

void lr_model_free(lr_model *m)
{
    free(m->w);
    m->w = NULL;
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

/* The features of the next answer: indices and values, returns how many. */
static int features(uint32_t *idx, double *val, const lr_model *m, const lr_history *h,
                    int item, int skill)
{
    static const stat none = {0, 0, 0, 0, 0};
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
    int n = 0;
    for (int k = 0; k < N_DENSE; k++)
        if (d[k] != 0) {
            idx[n] = (uint32_t)k;
            val[n++] = d[k];
        }
    if (item >= 0 && item < m->n_items) {
        idx[n] = (uint32_t)(N_DENSE + item);
        val[n++] = 1;
    }
    if (skill >= 0 && skill < m->n_skills) {
        size_t base = N_DENSE + (size_t)m->n_items;
        idx[n] = (uint32_t)(base + (size_t)skill);
        val[n++] = 1;
        size_t ks = base + (size_t)m->n_skills + (size_t)skill * KS;
        double v[KS] = {log1p(s->win), log1p(s->att - s->win), s->att && (s->bits & 1)};
        for (int k = 0; k < KS; k++)
            if (v[k] != 0) {
                idx[n] = (uint32_t)(ks + (size_t)k);
                val[n++] = v[k];
            }
    }
    return n;
}

void lr_rows_add(lr_rows *r, const lr_model *m, const lr_history *h, int item, int skill,
                 int correct)
{
    uint32_t idx[MAX_FEATURES];
    double val[MAX_FEATURES];
    int n = features(idx, val, m, h, item, skill);
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

static double sigmoid(double z) { return z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z)); }

/* log(1 + e^z) without overflow */
static double softplus(double z) { return z > 0 ? z + log1p(exp(-z)) : log1p(exp(z)); }

double lr_predict(const lr_model *m, const lr_history *h, int item, int skill)
{
    uint32_t idx[MAX_FEATURES];
    double val[MAX_FEATURES];
    int n = features(idx, val, m, h, item, skill);
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

typedef struct fit_ctx {
    const lr_rows *r;
    double l2;
    int threads;
    block *blocks;
} fit_ctx;

static lbfgsfloatval_t evaluate(void *inst, const lbfgsfloatval_t *w, lbfgsfloatval_t *g,
                                const int n, const lbfgsfloatval_t step)
{
    (void)step;
    fit_ctx *c = inst;
    pthread_t tid[16];
    int started[16] = {0};
    for (int t = 0; t < c->threads; t++) {
        c->blocks[t].w = w;
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
        loss += 0.5 * c->l2 * w[k] * w[k];
        g[k] += c->l2 * w[k];
    }
    return loss;
}

int lr_fit(lr_model *m, lr_fit_info *info, const lr_rows *r, const lr_opts *o)
{
    if (r->n == 0 || o->l2 < 0 || o->max_iter < 1 || o->threads < 1 || o->threads > 16)
        return E_INVALID;
    int n = (int)m->n_weights;
    fit_ctx c = {r, o->l2, o->threads, xcalloc((size_t)o->threads, sizeof(block))};
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
    memcpy(x, m->w, (size_t)n * sizeof *x);
    lbfgs_parameter_t p;
    lbfgs_parameter_init(&p);
    p.max_iterations = o->max_iter;
    p.epsilon = o->eps;
    lbfgsfloatval_t fx = 0;
    int status = lbfgs(n, x, &fx, evaluate, NULL, &c, &p);
    int ok = status == 0 || status == LBFGS_STOP || status == LBFGS_ALREADY_MINIMIZED ||
             status == LBFGSERR_MAXIMUMITERATION || status == LBFGSERR_ROUNDING_ERROR ||
             status == LBFGSERR_MAXIMUMLINESEARCH;
    if (ok) memcpy(m->w, x, (size_t)n * sizeof *x);
    lbfgs_free(x);
    for (int t = 0; t < o->threads; t++) free(c.blocks[t].g);
    free(c.blocks);
    if (info) {
        info->loss = fx;
        info->status = status;
        info->iterations = 0;
    }
    return ok ? 0 : E_FAIL;
}
