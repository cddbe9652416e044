/*
 * bkt.c — Bayesian Knowledge Tracing: EM fit and online update (see bkt.h).
 *
 * State 0 is "known", state 1 "unknown". The forward pass is scaled (Rabiner): alpha_t is
 * normalised to sum 1 and the scale c_t = P(o_t | o_1..o_{t-1}) is kept, so the log-likelihood
 * is sum log c_t and nothing underflows on long sequences. The backward pass reuses the same
 * scales and needs only the previous beta, so scratch is three doubles per observation of the
 * longest sequence.
 */
#include "engine/bkt.h"

#include <math.h>
#include <stdlib.h>

#include "base/arena.h"
#include "base/err.h"

/* Expected counts gathered by one E-step. */
typedef struct counts {
    double init_known, seqs;
    double from_unknown, learned; /* transitions out of "unknown", of which to "known" */
    double from_known, forgot;
    double unknown, unknown_right; /* emissions */
    double known, known_wrong;
    double loglik;
} counts;

static double emit(const bkt_params *p, int state, int correct)
{
    if (state == 0) return correct ? 1 - p->slip : p->slip;
    return correct ? p->guess : 1 - p->guess;
}

static double floor_scale(double c) { return c > 1e-300 ? c : 1e-300; }

/* One sequence's forward-backward pass, added into k. a0/a1/c: scratch of length n. */
static void estep_seq(counts *k, const bkt_params *p, const unsigned char *o, size_t n,
                      double *a0, double *a1, double *c)
{
    for (size_t t = 0; t < n; t++) {
        double p0, p1;
        if (t == 0) {
            p0 = p->init;
            p1 = 1 - p->init;
        } else {
            p0 = a0[t - 1] * (1 - p->forget) + a1[t - 1] * p->learn;
            p1 = a0[t - 1] * p->forget + a1[t - 1] * (1 - p->learn);
        }
        p0 *= emit(p, 0, o[t]);
        p1 *= emit(p, 1, o[t]);
        c[t] = floor_scale(p0 + p1);
        a0[t] = p0 / c[t];
        a1[t] = p1 / c[t];
        k->loglik += log(c[t]);
    }
    double b0 = 1, b1 = 1; /* scaled beta at t+1, then at t */
    for (size_t t = n; t-- > 0;) {
        if (t + 1 < n) {
            double e0 = emit(p, 0, o[t + 1]) * b0 / c[t + 1];
            double e1 = emit(p, 1, o[t + 1]) * b1 / c[t + 1];
            k->learned += a1[t] * p->learn * e0;
            k->forgot += a0[t] * p->forget * e1;
            b0 = (1 - p->forget) * e0 + p->forget * e1;
            b1 = p->learn * e0 + (1 - p->learn) * e1;
        }
        double g0 = a0[t] * b0, g1 = a1[t] * b1, gs = g0 + g1;
        if (gs > 0) {
            g0 /= gs;
            g1 /= gs;
        }
        k->known += g0;
        k->unknown += g1;
        if (o[t]) k->unknown_right += g1;
        else k->known_wrong += g0;
        if (t + 1 < n) {
            k->from_known += g0;
            k->from_unknown += g1;
        }
        if (t == 0) {
            k->init_known += g0;
            k->seqs += 1;
        }
    }
}

static double ratio(double num, double den, double fallback)
{
    return den > 0 ? num / den : fallback;
}

static double clampd(double x, double lo, double hi) { return x < lo ? lo : x > hi ? hi : x; }

static void mstep(bkt_params *p, const counts *k, const bkt_opts *o)
{
    p->init = ratio(k->init_known, k->seqs, p->init);
    p->learn = ratio(k->learned, k->from_unknown, p->learn);
    p->forget = o->forgetting ? ratio(k->forgot, k->from_known, p->forget) : 0;
    p->guess = clampd(ratio(k->unknown_right, k->unknown, p->guess), 0, o->max_guess);
    p->slip = clampd(ratio(k->known_wrong, k->known, p->slip), 0, o->max_slip);
}

/* The change hmm-scalable measures: every entry of PI (2), A (4) and B (4), so each free
 * parameter counts twice. */
static double change(const bkt_params *x, const bkt_params *y)
{
    double d[5] = {x->init - y->init, x->learn - y->learn, x->forget - y->forget,
                   x->guess - y->guess, x->slip - y->slip};
    double s = 0;
    for (int i = 0; i < 5; i++) s += 2 * d[i] * d[i];
    return sqrt(s);
}

typedef struct data {
    const unsigned char *obs;
    const size_t *starts;
    size_t n_seqs;
    double *a0, *a1, *c;
} data;

static counts estep(const bkt_params *p, const data *d)
{
    counts k = {0};
    for (size_t s = 0; s < d->n_seqs; s++)
        estep_seq(&k, p, d->obs + d->starts[s], d->starts[s + 1] - d->starts[s], d->a0, d->a1,
                  d->c);
    return k;
}

/* EM from one start; returns the log-likelihood of the final parameters. */
static double run_em(bkt_params *p, int *iters, const bkt_opts *o, const data *d)
{
    int it = 0;
    while (it < o->max_iter) {
        counts k = estep(p, d);
        bkt_params prev = *p;
        mstep(p, &k, o);
        it++;
        if (change(p, &prev) < o->tol) break;
    }
    *iters = it;
    return estep(p, d).loglik;
}

static bkt_params random_start(const bkt_opts *o, rng *r)
{
    bkt_params p;
    p.init = 0.05 + 0.9 * rng_uniform(r);
    p.learn = 0.01 + 0.49 * rng_uniform(r);
    p.forget = o->forgetting ? 0.1 * rng_uniform(r) : 0;
    p.guess = o->max_guess * rng_uniform(r);
    p.slip = o->max_slip * rng_uniform(r);
    return p;
}

static int prob_ok(double x) { return x >= 0 && x <= 1; }

static int opts_ok(const bkt_opts *o)
{
    const bkt_params *s = &o->start;
    return prob_ok(s->init) && prob_ok(s->learn) && prob_ok(s->forget) && prob_ok(s->guess) &&
           prob_ok(s->slip) && prob_ok(o->max_guess) && prob_ok(o->max_slip) &&
           o->max_iter >= 1 && o->restarts >= 0 && o->tol >= 0;
}

int bkt_fit(bkt_params *out, bkt_fit_info *info, const bkt_opts *o, const unsigned char *obs,
            const size_t *starts, size_t n_seqs, rng *r)
{
    if (n_seqs == 0 || !opts_ok(o) || (o->restarts > 0 && !r)) return E_INVALID;
    size_t longest = 0;
    for (size_t s = 0; s < n_seqs; s++)
        if (starts[s + 1] - starts[s] > longest) longest = starts[s + 1] - starts[s];
    if (longest == 0) return E_INVALID;
    data d = {obs, starts, n_seqs, NULL, NULL, NULL};
    d.a0 = xmalloc(3 * longest * sizeof(double));
    d.a1 = d.a0 + longest;
    d.c = d.a1 + longest;

    bkt_params best = o->start;
    if (!o->forgetting) best.forget = 0;
    int best_it = 0;
    double best_ll = run_em(&best, &best_it, o, &d);
    for (int k = 0; k < o->restarts; k++) {
        bkt_params p = random_start(o, r);
        int it;
        double ll = run_em(&p, &it, o, &d);
        if (ll > best_ll) {
            best = p;
            best_ll = ll;
            best_it = it;
        }
    }
    free(d.a0);
    *out = best;
    if (info) {
        info->loglik = best_ll;
        info->iterations = best_it;
    }
    return 0;
}

double bkt_predict(const bkt_params *p, double p_known)
{
    return p_known * (1 - p->slip) + (1 - p_known) * p->guess;
}

void bkt_update(double *p_known, const bkt_params *p, int correct)
{
    double k = *p_known;
    double lk = k * emit(p, 0, correct), lu = (1 - k) * emit(p, 1, correct);
    double post = lk + lu > 0 ? lk / (lk + lu) : k;
    *p_known = post * (1 - p->forget) + (1 - post) * p->learn;
}
