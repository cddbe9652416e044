/*
 * fsrs_opt.c — FSRS-6 parameter fitting (see fsrs_opt.h for the method).
 *
 * The objective is evaluated in one pass over every card: the memory state is carried as dual
 * numbers (a value and its partial derivatives with respect to the NF = 17 trained parameters
 * w4..w20), so a pass yields the loss and its exact gradient. Clamps (stability range,
 * difficulty range, the short-term floor, the lapse cap) pass the derivative of the branch
 * taken, which is the derivative almost everywhere. The formulas mirror fsrs.c; the unit test
 * checks that both give the same predictions.
 */
#include "engine/fsrs_opt.h"
#include "engine/minimize.h"

#include <lbfgs.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"

enum { FIRST_TRAINED = 4, NF = FSRS_NPARAMS - FIRST_TRAINED };

/* fsrs-rs 6 parameter bounds (clip_parameters, one relearning step). */
static const double lo_bound[FSRS_NPARAMS] = {0.001, 0.001, 0.001, 0.001, 1.0, 0.001, 0.001,
                                              0.001, 0.0, 0.0, 0.001, 0.001, 0.001, 0.001,
                                              0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.1};
static const double hi_bound[FSRS_NPARAMS] = {100, 100, 100, 100, 10.0, 4.0, 4.0, 0.75, 4.5,
                                              0.8, 3.5, 5.0, 0.25, 0.9, 4.0, 1.0, 6.0, 2.0,
                                              2.0, 0.8, 0.8};
/* fsrs-rs's spread of each parameter across users: the scale of the L2 pull. */
static const double param_sd[FSRS_NPARAMS] = {6.43, 9.66, 17.58, 27.85, 0.57, 0.28, 0.6,
                                              0.12, 0.39, 0.18, 0.33, 0.3, 0.09, 0.16,
                                              0.57, 0.25, 1.03, 0.31, 0.32, 0.14, 0.27};

void fsrs_opt_clip(fsrs_params *p)
{
    for (int i = 0; i < FSRS_NPARAMS; i++)
        p->w[i] = p->w[i] < lo_bound[i] ? lo_bound[i] : p->w[i] > hi_bound[i] ? hi_bound[i] : p->w[i];
}

/* ---- dataset ---- */

typedef struct raw_review {
    int64_t card, time_ms;
    unsigned char rating;
} raw_review;

static int by_card_then_time(const void *a, const void *b)
{
    const raw_review *x = a, *y = b;
    if (x->card != y->card) return x->card < y->card ? -1 : 1;
    return (x->time_ms > y->time_ms) - (x->time_ms < y->time_ms);
}

static int64_t day_of(int64_t time_ms, int day_start_hour)
{
    int64_t s = time_ms / 1000 - (int64_t)day_start_hour * 3600;
    return s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
}

typedef struct timed_item {
    int64_t time_ms;
    size_t index;
} timed_item;

static int by_time(const void *a, const void *b)
{
    const timed_item *x = a, *y = b;
    if (x->time_ms != y->time_ms) return x->time_ms < y->time_ms ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

/* Items in dataset order carry the time of their review (r is the sorted review array). */
static void recency_weights(fsrs_dataset *d, arena *a, const raw_review *r)
{
    d->weight = arena_alloc_array(a, d->n_items ? d->n_items : 1, sizeof(double));
    timed_item *t = arena_alloc_array(a, d->n_items ? d->n_items : 1, sizeof *t);
    size_t k = 0;
    for (size_t c = 0; c < d->n_cards; c++)
        for (size_t i = d->card_start[c] + 1; i < d->card_start[c + 1]; i++)
            if (d->delta_t[i] > 0) t[k] = (timed_item){r[i].time_ms, k}, k++;
    qsort(t, k, sizeof *t, by_time);
    double span = k > 1 ? (double)(k - 1) : 1.0;
    for (size_t i = 0; i < k; i++) {
        double x = (double)i / span;
        d->weight[t[i].index] = 0.25 + 0.75 * x * x * x;
    }
}

int fsrs_dataset_build(fsrs_dataset *out, arena *a, const int64_t *card_id, const int64_t *time_ms,
                       const unsigned char *rating, size_t n, int day_start_hour)
{
    if (day_start_hour < 0 || day_start_hour > 23) return E_INVALID;
    raw_review *r = arena_alloc_array(a, n ? n : 1, sizeof *r);
    for (size_t i = 0; i < n; i++) {
        if (rating[i] < 1 || rating[i] > 4) return E_INVALID;
        r[i] = (raw_review){card_id[i], time_ms[i], rating[i]};
    }
    qsort(r, n, sizeof *r, by_card_then_time);
    fsrs_dataset d = {0};
    d.rating = arena_alloc_array(a, n ? n : 1, 1);
    d.delta_t = arena_alloc_array(a, n ? n : 1, sizeof(int));
    d.card_start = arena_alloc_array(a, n + 1, sizeof(size_t));
    int64_t prev_day = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t day = day_of(r[i].time_ms, day_start_hour);
        int first = i == 0 || r[i].card != r[i - 1].card;
        if (first) d.card_start[d.n_cards++] = i;
        d.rating[i] = r[i].rating;
        d.delta_t[i] = first ? 0 : (int)(day - prev_day);
        if (!first && d.delta_t[i] > 0) d.n_items++;
        prev_day = day;
    }
    d.card_start[d.n_cards] = n;
    d.n_reviews = n;
    recency_weights(&d, a, r);
    *out = d;
    return 0;
}

/* ---- forward-mode derivatives ---- */

typedef struct dual {
    double v, d[NF];
} dual;

static dual dconst(double v)
{
    dual r;
    r.v = v;
    memset(r.d, 0, sizeof r.d);
    return r;
}

static dual dparam(const fsrs_params *p, int i)
{
    dual r = dconst(p->w[i]);
    if (i >= FIRST_TRAINED) r.d[i - FIRST_TRAINED] = 1.0;
    return r;
}

static dual dadd(dual a, dual b)
{
    a.v += b.v;
    for (int i = 0; i < NF; i++) a.d[i] += b.d[i];
    return a;
}

static dual dsub(dual a, dual b)
{
    a.v -= b.v;
    for (int i = 0; i < NF; i++) a.d[i] -= b.d[i];
    return a;
}

static dual dmul(dual a, dual b)
{
    dual r;
    r.v = a.v * b.v;
    for (int i = 0; i < NF; i++) r.d[i] = a.d[i] * b.v + a.v * b.d[i];
    return r;
}

static dual dscale(dual a, double k)
{
    a.v *= k;
    for (int i = 0; i < NF; i++) a.d[i] *= k;
    return a;
}

static dual dshift(dual a, double k)
{
    a.v += k;
    return a;
}

/* dchain: f(a) given f(a.v) and f'(a.v). */
static dual dchain(dual a, double f, double df)
{
    a.v = f;
    for (int i = 0; i < NF; i++) a.d[i] *= df;
    return a;
}

static dual dexp(dual a)
{
    double e = exp(a.v);
    return dchain(a, e, e);
}

static dual dlog(dual a) { return dchain(a, log(a.v), 1.0 / a.v); }

static dual dinv(dual a) { return dchain(a, 1.0 / a.v, -1.0 / (a.v * a.v)); }

/* a^b for a > 0 */
static dual dpow(dual a, dual b) { return dexp(dmul(b, dlog(a))); }

static dual dclamp(dual a, double lo, double hi)
{
    return a.v < lo ? dconst(lo) : a.v > hi ? dconst(hi) : a;
}

/* Quantities that depend only on the parameters, computed once per pass. */
typedef struct model {
    const fsrs_params *p;
    dual w[FSRS_NPARAMS];
    dual neg_decay, factor;  /* -w20 and 0.9^(-1/w20) - 1 */
    dual d0[5], d0_easy_raw; /* clamped D0(g), unclamped D0(4) */
    dual e8;                 /* e^{w8} */
    dual lapse_cap;          /* e^{-w17 w18} */
    dual sinc0[5];           /* e^{w17 (g - 3 + w18)} */
} model;

static void model_init(model *m, const fsrs_params *p)
{
    m->p = p;
    for (int i = 0; i < FSRS_NPARAMS; i++) m->w[i] = dparam(p, i);
    m->neg_decay = dscale(m->w[20], -1.0);
    m->factor = dshift(dexp(dscale(dinv(m->w[20]), -log(0.9))), -1.0);
    for (int g = 1; g <= 4; g++) {
        dual raw = dshift(dsub(m->w[4], dexp(dscale(m->w[5], g - 1))), 1.0);
        if (g == 4) m->d0_easy_raw = raw;
        m->d0[g] = dclamp(raw, 1.0, 10.0);
        m->sinc0[g] = dexp(dmul(m->w[17], dshift(m->w[18], g - 3)));
    }
    m->e8 = dexp(m->w[8]);
    m->lapse_cap = dexp(dscale(dmul(m->w[17], m->w[18]), -1.0));
}

static dual retrievability(const model *m, double t, dual s)
{
    dual x = dshift(dmul(m->factor, dscale(dinv(s), t)), 1.0);
    return dexp(dmul(m->neg_decay, dlog(x)));
}

static dual recall_stability(const model *m, dual s, dual d, dual r, int g)
{
    const dual *w = m->w;
    dual inc = dmul(m->e8, dscale(dshift(d, -11.0), -1.0));
    inc = dmul(inc, dpow(s, dscale(w[9], -1.0)));
    inc = dmul(inc, dshift(dexp(dmul(dscale(dshift(r, -1.0), -1.0), w[10])), -1.0));
    if (g == FSRS_HARD) inc = dmul(inc, w[15]);
    if (g == FSRS_EASY) inc = dmul(inc, w[16]);
    return dmul(s, dshift(inc, 1.0));
}

static dual forget_stability(const model *m, dual s, dual d, dual r)
{
    const dual *w = m->w;
    dual f = dmul(w[11], dpow(d, dscale(w[12], -1.0)));
    f = dmul(f, dshift(dpow(dshift(s, 1.0), w[13]), -1.0));
    f = dmul(f, dexp(dmul(dscale(dshift(r, -1.0), -1.0), w[14])));
    dual cap = dmul(s, m->lapse_cap);
    return f.v < cap.v ? f : cap;
}

static dual short_term_stability(const model *m, dual s, int g)
{
    dual sinc = dmul(m->sinc0[g], dpow(s, dscale(m->w[19], -1.0)));
    if (g >= FSRS_HARD && sinc.v < 1.0) return s;
    return dmul(s, sinc);
}

static dual next_difficulty(const model *m, dual d, int g)
{
    dual delta = dscale(m->w[6], -(double)(g - 3));
    dual damped = dadd(d, dscale(dmul(delta, dshift(dscale(d, -1.0), 10.0)), 1.0 / 9.0));
    dual w7 = m->w[7];
    dual rev = dadd(dmul(w7, m->d0_easy_raw), dmul(dshift(dscale(w7, -1.0), 1.0), damped));
    return dclamp(rev, 1.0, 10.0);
}

/* Replays one card; for every item adds its cross-entropy (and gradient) to *loss / grad, and
 * when p is non-NULL stores predictions there. Returns the number of items. */
static size_t replay_card(double *loss, double *grad, double *p, unsigned char *y, const model *m,
                          const fsrs_dataset *data, size_t card, size_t first_item)
{
    size_t a = data->card_start[card], b = data->card_start[card + 1], k = 0;
    int g = data->rating[a];
    dual s = dconst(m->p->w[g - 1]), d = m->d0[g];
    for (size_t i = a + 1; i < b; i++) {
        g = data->rating[i];
        int t = data->delta_t[i];
        dual ns;
        if (t == 0) {
            ns = short_term_stability(m, s, g);
        } else {
            dual r = retrievability(m, t, s);
            int ok = g > 1;
            double pr = fmin(fmax(r.v, 1e-9), 1.0 - 1e-9);
            double wt = data->weight[first_item + k];
            if (loss) *loss -= wt * (ok ? log(pr) : log(1.0 - pr));
            if (grad) {
                double dl = wt * (ok ? -1.0 / pr : 1.0 / (1.0 - pr));
                for (int j = 0; j < NF; j++) grad[j] += dl * r.d[j];
            }
            if (p) {
                p[k] = r.v;
                y[k] = (unsigned char)ok;
            }
            k++;
            ns = ok ? recall_stability(m, s, d, r, g) : forget_stability(m, s, d, r);
        }
        s = dclamp(ns, FSRS_S_MIN, FSRS_S_MAX);
        d = next_difficulty(m, d, g);
    }
    return k;
}

void fsrs_opt_predict(double *p, unsigned char *y, const fsrs_params *params,
                      const fsrs_dataset *data)
{
    model m;
    model_init(&m, params);
    size_t k = 0;
    for (size_t c = 0; c < data->n_cards; c++)
        k += replay_card(NULL, NULL, p + k, y + k, &m, data, c, k);
}

double fsrs_opt_logloss(const double *p, const unsigned char *y, const fsrs_dataset *data)
{
    double l = 0, wsum = 0;
    for (size_t i = 0; i < data->n_items; i++) {
        double q = fmin(fmax(p[i], 1e-15), 1.0 - 1e-15);
        l -= data->weight[i] * (y[i] ? log(q) : log(1.0 - q));
        wsum += data->weight[i];
    }
    return wsum > 0 ? l / wsum : 0;
}

static double weight_sum(const fsrs_dataset *data)
{
    double s = 0;
    for (size_t i = 0; i < data->n_items; i++) s += data->weight[i];
    return s > 0 ? s : 1.0;
}

double fsrs_opt_objective(double *grad, const fsrs_params *params, const fsrs_params *centre,
                          const fsrs_dataset *data, double gamma)
{
    model m;
    model_init(&m, params);
    double loss = 0, g[NF] = {0};
    size_t k = 0;
    for (size_t c = 0; c < data->n_cards; c++)
        k += replay_card(&loss, grad ? g : NULL, NULL, NULL, &m, data, c, k);
    double n = data->n_items ? (double)data->n_items : 1.0, wsum = weight_sum(data);
    loss /= wsum;
    for (int j = 0; j < NF; j++) {
        int i = j + FIRST_TRAINED;
        double z = (params->w[i] - centre->w[i]) / param_sd[i];
        loss += gamma * z * z / n;
        if (grad) grad[j] = g[j] / wsum + 2.0 * gamma * z / param_sd[i] / n;
    }
    return loss;
}

/* ---- RMSE(bins) ---- */

typedef struct binned {
    uint64_t key;
    double p, y, w;
} binned;

static int by_key(const void *a, const void *b)
{
    const binned *x = a, *y = b;
    return (x->key > y->key) - (x->key < y->key);
}

static uint64_t log_bin(double x, double scale, double base)
{
    if (x <= 0) return 0;
    return (uint64_t)llround(scale * pow(base, floor(log(x) / log(base))) * 100.0);
}

double fsrs_opt_rmse_bins(const double *p, const unsigned char *y, const fsrs_dataset *data,
                          arena *a)
{
    if (data->n_items == 0) return 0;
    binned *b = arena_alloc_array(a, data->n_items, sizeof *b);
    size_t k = 0;
    for (size_t c = 0; c < data->n_cards; c++) {
        int long_term = 0, lapses = 0;
        for (size_t i = data->card_start[c] + 1; i < data->card_start[c + 1]; i++) {
            int t = data->delta_t[i];
            if (t == 0) continue;
            uint64_t kt = log_bin(t, 2.48, 3.62), kl = log_bin(long_term + 1, 1.99, 1.89);
            uint64_t kp = log_bin(lapses, 1.65, 1.73);
            b[k].key = (kt << 40) | (kl << 20) | kp;
            b[k].w = data->weight[k];
            b[k].p = p[k] * b[k].w;
            b[k].y = y[k] * b[k].w;
            k++;
            long_term++;
            lapses += data->rating[i] == FSRS_AGAIN;
        }
    }
    qsort(b, k, sizeof *b, by_key);
    double num = 0, den = 0;
    for (size_t i = 0; i < k;) {
        size_t j = i;
        double sp = 0, sy = 0, sw = 0;
        for (; j < k && b[j].key == b[i].key; j++) {
            sp += b[j].p;
            sy += b[j].y;
            sw += b[j].w;
        }
        double gap = (sp - sy) / sw;
        num += gap * gap * sw;
        den += sw;
        i = j;
    }
    return sqrt(num / den);
}

/* ---- pretraining of w0..w3 ---- */

typedef struct pre_group {
    int rating, delta_t;
    double count, recalled;
} pre_group;

static int by_rating_delta(const void *a, const void *b)
{
    const pre_group *x = a, *y = b;
    if (x->rating != y->rating) return x->rating - y->rating;
    return x->delta_t - y->delta_t;
}

/* Cross-entropy of the forgetting curve at S over one rating's groups, plus fsrs-rs's pull. */
static double pre_loss(const fsrs_params *p, const pre_group *g, size_t n, double avg, double s,
                       double s_default)
{
    double l = fabs(s - s_default) / 16.0;
    for (size_t i = 0; i < n; i++) {
        double rec = (g[i].recalled + avg) / (g[i].count + 1.0);
        double r = fmin(fmax(fsrs_retrievability(p, g[i].delta_t, s), 1e-9), 1 - 1e-9);
        l -= g[i].count * (rec * log(r) + (1 - rec) * log(1 - r));
    }
    return l;
}

typedef struct pre_ctx {
    const fsrs_params *p;
    const pre_group *g;
    size_t n;
    double avg, s_default;
} pre_ctx;

static double pre_cost(void *ctx, double log_s)
{
    const pre_ctx *c = ctx;
    return pre_loss(c->p, c->g, c->n, c->avg, exp(log_s), c->s_default);
}

/* The stability minimising pre_loss: a bounded search on log S in [S_MIN, 100]. */
static double pre_search(const fsrs_params *p, const pre_group *g, size_t n, double avg,
                         double s_default)
{
    pre_ctx c = {p, g, n, avg, s_default};
    return exp(minimize_bounded(pre_cost, &c, log(FSRS_S_MIN), log(100.0), 1e-10, 500));
}

/* Each card's first long-term review, grouped by (first rating, delta_t). Ratings with no
 * data take the default scaled by the mean log-ratio fitted/default of the others; the four
 * are then made non-decreasing (Again <= Hard <= Good <= Easy). */
static void pretrain(fsrs_params *w, arena *a, const fsrs_dataset *data)
{
    pre_group *g = arena_alloc_array(a, data->n_cards + 1, sizeof *g);
    size_t n = 0;
    double total = 0, recalled = 0;
    for (size_t c = 0; c < data->n_cards; c++)
        for (size_t i = data->card_start[c] + 1; i < data->card_start[c + 1]; i++) {
            if (data->delta_t[i] == 0) continue;
            int ok = data->rating[i] > 1;
            g[n++] = (pre_group){data->rating[data->card_start[c]], data->delta_t[i], 1, ok};
            total += 1, recalled += ok;
            break;
        }
    if (n == 0) return;
    qsort(g, n, sizeof *g, by_rating_delta);
    size_t m = 0; /* merge equal (rating, delta_t) */
    for (size_t i = 0; i < n; i++) {
        if (m && g[m - 1].rating == g[i].rating && g[m - 1].delta_t == g[i].delta_t) {
            g[m - 1].count += g[i].count;
            g[m - 1].recalled += g[i].recalled;
        } else {
            g[m++] = g[i];
        }
    }
    double avg = recalled / total, log_ratio = 0;
    int known[5] = {0}, n_known = 0;
    for (size_t i = 0; i < m;) {
        size_t j = i;
        while (j < m && g[j].rating == g[i].rating) j++;
        int r = g[i].rating;
        double s = pre_search(w, g + i, j - i, avg, w->w[r - 1]);
        log_ratio += log(s / w->w[r - 1]);
        w->w[r - 1] = s;
        known[r] = 1, n_known++;
        i = j;
    }
    for (int r = 1; r <= 4; r++)
        if (!known[r]) w->w[r - 1] *= exp(log_ratio / n_known);
    for (int r = 1; r < 4; r++)
        if (w->w[r] < w->w[r - 1]) w->w[r] = w->w[r - 1];
}

/* ---- L-BFGS in the bounded parametrisation ---- */

typedef struct fit_ctx {
    const fsrs_dataset *data;
    fsrs_params centre, cur;
    double gamma;
    int evaluations, iterations;
} fit_ctx;

static double sigmoid(double u) { return 1.0 / (1.0 + exp(-u)); }

static void to_params(fsrs_params *p, const lbfgsfloatval_t *u)
{
    for (int j = 0; j < NF; j++) {
        int i = j + FIRST_TRAINED;
        p->w[i] = lo_bound[i] + (hi_bound[i] - lo_bound[i]) * sigmoid(u[j]);
    }
}

static lbfgsfloatval_t evaluate(void *inst, const lbfgsfloatval_t *u, lbfgsfloatval_t *gu, int n,
                                lbfgsfloatval_t step)
{
    (void)n, (void)step;
    fit_ctx *c = inst;
    to_params(&c->cur, u);
    double gw[NF];
    double f = fsrs_opt_objective(gw, &c->cur, &c->centre, c->data, c->gamma);
    for (int j = 0; j < NF; j++) {
        int i = j + FIRST_TRAINED;
        double s = sigmoid(u[j]);
        gu[j] = gw[j] * (hi_bound[i] - lo_bound[i]) * s * (1.0 - s);
    }
    c->evaluations++;
    return f;
}

static int progress(void *inst, const lbfgsfloatval_t *x, const lbfgsfloatval_t *g,
                    const lbfgsfloatval_t fx, const lbfgsfloatval_t xnorm,
                    const lbfgsfloatval_t gnorm, const lbfgsfloatval_t step, int n, int k, int ls)
{
    (void)x, (void)g, (void)fx, (void)xnorm, (void)gnorm, (void)step, (void)n, (void)ls;
    ((fit_ctx *)inst)->iterations = k;
    return 0;
}

int fsrs_opt_fit(fsrs_params *out, fsrs_opt_report *report, arena *a, const fsrs_dataset *data,
                 const fsrs_params *start, const fsrs_opt_options *opt)
{
    if (data->n_items == 0) return E_INVALID;
    fit_ctx c = {data, *start, *start, opt->gamma, 0, 0};
    fsrs_opt_clip(&c.centre);
    if (opt->pretrain) pretrain(&c.centre, a, data);
    c.cur = c.centre;
    lbfgsfloatval_t *u = lbfgs_malloc(NF);
    if (!u) return E_FAIL;
    for (int j = 0; j < NF; j++) {
        int i = j + FIRST_TRAINED;
        /* start strictly inside the bounds so that the logit is finite */
        double q = (c.centre.w[i] - lo_bound[i]) / (hi_bound[i] - lo_bound[i]);
        q = fmin(fmax(q, 1e-3), 1 - 1e-3);
        u[j] = log(q / (1 - q));
    }
    lbfgs_parameter_t lp;
    lbfgs_parameter_init(&lp);
    lp.max_iterations = opt->max_iterations;
    lp.epsilon = 1e-5;
    lp.past = 3;
    lp.delta = 1e-5;
    lbfgsfloatval_t fx = 0;
    int rc = lbfgs(NF, u, &fx, evaluate, progress, &c, &lp);
    to_params(&c.cur, u);
    lbfgs_free(u);
    *out = c.cur;
    if (report) {
        report->evaluations = c.evaluations;
        report->lbfgs_status = rc;
        report->objective = fx;
        report->iterations = c.iterations;
    }
    return 0;
}
