/*
 * irt.c — IRT probabilities, information, MML calibration and EAP abilities (see irt.h).
 *
 * The EM keeps, for every item and quadrature node, the expected number of answers N and of
 * right answers R given the persons' posteriors; the M-step is then a small smooth problem
 * in the free parameters (log a so that a > 0, b, and c = max_c * sigmoid(u) so that c stays
 * inside (0, max_c)), solved by L-BFGS from the previous estimates.
 */
#include "engine/irt.h"
#include "engine/minimize.h"

#include <lbfgs.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"

double irt_prob(double theta, double a, double b, double c)
{
    double z = a * (theta - b);
    double s = z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z));
    return c + (1 - c) * s;
}

double irt_info(double theta, double a, double b, double c)
{
    double p = irt_prob(theta, a, b, c);
    if (p <= 0 || p >= 1) return 0;
    double d = (p - c) / (1 - c);
    return a * a * d * d * (1 - p) / p;
}

/* ---- Quadrature ---- */

void irt_quadrature(double *theta, double *weight, int n, double bound)
{
    /* Gauss-Legendre nodes on [-1, 1] by Newton's method on P_n, from the Chebyshev guess. */
    for (int i = 0; i < n; i++) {
        double x = cos(M_PI * (i + 0.75) / (n + 0.5)), dp = 1;
        for (int it = 0; it < 100; it++) {
            double p0 = 1, p1 = x;
            for (int k = 2; k <= n; k++) {
                double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
                p0 = p1;
                p1 = p2;
            }
            if (n == 1) p0 = 1;
            dp = n * (x * p1 - p0) / (x * x - 1);
            double dx = p1 / dp;
            x -= dx;
            if (fabs(dx) < 1e-15) break;
        }
        theta[n - 1 - i] = bound * x;
        weight[n - 1 - i] = bound * 2 / ((1 - x * x) * dp * dp);
    }
    double s = 0;
    for (int i = 0; i < n; i++) {
        weight[i] *= exp(-0.5 * theta[i] * theta[i]) / sqrt(2 * M_PI);
        s += weight[i];
    }
    for (int i = 0; i < n; i++) weight[i] /= s;
}

/* ---- EAP ---- */

void irt_eap(double *theta, double *se, const irt_opts *o, const double *a, const double *b,
             const double *c, const unsigned char *y, size_t n)
{
    int nq = o->n_quad;
    double *q = xmalloc(3 * (size_t)nq * sizeof *q), *w = q + nq, *ll = w + nq;
    irt_quadrature(q, w, nq, o->quad_bound);
    double top = -INFINITY;
    for (int k = 0; k < nq; k++) {
        ll[k] = log(w[k]);
        for (size_t j = 0; j < n; j++) {
            double p = irt_prob(q[k], a[j], b[j], c[j]);
            ll[k] += log(y[j] ? fmax(p, 1e-300) : fmax(1 - p, 1e-300));
        }
        if (ll[k] > top) top = ll[k];
    }
    double s = 0, m = 0, m2 = 0;
    for (int k = 0; k < nq; k++) {
        double p = exp(ll[k] - top);
        s += p;
        m += p * q[k];
        m2 += p * q[k] * q[k];
    }
    m /= s;
    *theta = m;
    if (se) *se = sqrt(fmax(m2 / s - m * m, 0));
    free(q);
}

void irt_posterior_update(double *logpost, const double *theta, int n, double a, double b,
                          double c, int y)
{
    double top = -INFINITY;
    for (int k = 0; k < n; k++) {
        double p = irt_prob(theta[k], a, b, c);
        logpost[k] += log(y ? fmax(p, 1e-300) : fmax(1 - p, 1e-300));
        top = fmax(top, logpost[k]);
    }
    for (int k = 0; k < n; k++) logpost[k] -= top;
}

double irt_predict(const double *logpost, const double *theta, int n, double a, double b,
                   double c)
{
    double top = -INFINITY, s = 0, m = 0;
    for (int k = 0; k < n; k++) top = fmax(top, logpost[k]);
    for (int k = 0; k < n; k++) {
        double w = exp(logpost[k] - top);
        s += w;
        m += w * irt_prob(theta[k], a, b, c);
    }
    return m / s;
}

/* ---- Calibration shared state ---- */

typedef struct fit {
    const irt_opts *o;
    int n_items, n_persons, nq;
    double *q, *w;         /* quadrature */
    double *a, *b, *c;     /* current estimates */
    double *N, *R;         /* EM: expected answers and right answers per item and node */
    const irt_resp *resp;
    size_t n;
    size_t *pstart, *porder; /* answers grouped by person */
} fit;

static double clip01(double p) { return p < 1e-12 ? 1e-12 : p > 1 - 1e-12 ? 1 - 1e-12 : p; }

/* Log-likelihood of every person at every node into ll (n_persons x nq), prior included.
 * Returns the marginal log-likelihood of the data. When post is set, ll becomes the posterior. */
static double person_loglik(fit *f, double *ll, int post)
{
    int nq = f->nq;
    /* log P and log (1 - P) of every item at every node, computed once */
    double *lp = xmalloc(2 * (size_t)f->n_items * nq * sizeof *lp);
    double *lq = lp + (size_t)f->n_items * nq;
    for (int i = 0; i < f->n_items; i++)
        for (int k = 0; k < nq; k++) {
            double pr = clip01(irt_prob(f->q[k], f->a[i], f->b[i], f->c[i]));
            lp[(size_t)i * nq + k] = log(pr);
            lq[(size_t)i * nq + k] = log(1 - pr);
        }
    double total = 0;
    for (int p = 0; p < f->n_persons; p++) {
        double *l = ll + (size_t)p * nq;
        for (int k = 0; k < nq; k++) l[k] = log(f->w[k]);
        for (size_t j = f->pstart[p]; j < f->pstart[p + 1]; j++) {
            const irt_resp *r = &f->resp[f->porder[j]];
            const double *src = (r->y ? lp : lq) + (size_t)r->item * nq;
            for (int k = 0; k < nq; k++) l[k] += src[k];
        }
        double top = -INFINITY, s = 0;
        for (int k = 0; k < nq; k++) top = fmax(top, l[k]);
        for (int k = 0; k < nq; k++) s += exp(l[k] - top);
        total += top + log(s);
        if (post)
            for (int k = 0; k < nq; k++) l[k] = exp(l[k] - top) / s;
    }
    free(lp);
    return total;
}

/* ---- EM ---- */

/* Parameter vector of the M-step: per model, which item parameters are free. */
static int n_free(const fit *f)
{
    switch (f->o->model) {
    case IRT_RASCH: return f->n_items;
    case IRT_1PL: return f->n_items + 1;
    case IRT_2PL: return 2 * f->n_items;
    case IRT_3PL: return 3 * f->n_items;
    }
    return 0;
}

static double logit(double p) { return log(p / (1 - p)); }

static void pack(lbfgsfloatval_t *x, const fit *f)
{
    int n = f->n_items;
    for (int i = 0; i < n; i++) x[i] = f->b[i];
    if (f->o->model == IRT_1PL) x[n] = log(f->a[0]);
    if (f->o->model >= IRT_2PL)
        for (int i = 0; i < n; i++) x[n + i] = log(f->a[i]);
    if (f->o->model == IRT_3PL)
        for (int i = 0; i < n; i++) x[2 * n + i] = logit(fmin(fmax(f->c[i] / f->o->max_c, 1e-6), 1 - 1e-6));
}

static void unpack(fit *f, const lbfgsfloatval_t *x)
{
    int n = f->n_items;
    for (int i = 0; i < n; i++) {
        f->b[i] = x[i];
        if (f->o->model == IRT_RASCH) f->a[i] = f->o->fixed_a;
        if (f->o->model == IRT_1PL) f->a[i] = exp(x[n]);
        if (f->o->model >= IRT_2PL) f->a[i] = exp(x[n + i]);
        f->c[i] = f->o->model == IRT_3PL ? f->o->max_c / (1 + exp(-x[2 * n + i])) : 0;
    }
}

/* Negative expected complete log-likelihood of the items and its gradient. */
static lbfgsfloatval_t mstep_eval(void *inst, const lbfgsfloatval_t *x, lbfgsfloatval_t *g,
                                  const int nx, const lbfgsfloatval_t step)
{
    (void)step;
    fit *f = inst;
    unpack(f, x);
    memset(g, 0, (size_t)nx * sizeof *g);
    int n = f->n_items, nq = f->nq;
    double fx = 0;
    for (int i = 0; i < n; i++) {
        double ga = 0, gb = 0, gc = 0, a = f->a[i], b = f->b[i], c = f->c[i];
        for (int k = 0; k < nq; k++) {
            double N = f->N[(size_t)i * nq + k], R = f->R[(size_t)i * nq + k];
            if (N <= 0) continue;
            double z = a * (f->q[k] - b);
            double s = z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z));
            double p = clip01(c + (1 - c) * s);
            fx -= R * log(p) + (N - R) * log(1 - p);
            double dl = R / p - (N - R) / (1 - p); /* d loglik / dP */
            double ds = (1 - c) * s * (1 - s);
            ga -= dl * ds * (f->q[k] - b);
            gb += dl * ds * a;
            gc -= dl * (1 - s);
        }
        g[i] += gb;
        if (f->o->model == IRT_1PL) g[n] += ga * a;
        if (f->o->model >= IRT_2PL) g[n + i] += ga * a;
        if (f->o->model == IRT_3PL) g[2 * n + i] += gc * c * (1 - c / f->o->max_c);
    }
    return fx;
}

static int em(fit *f, int *iterations)
{
    int nq = f->nq, nx = n_free(f);
    double *ll = xmalloc((size_t)f->n_persons * nq * sizeof *ll);
    double *prev = xmalloc(3 * (size_t)f->n_items * sizeof *prev);
    lbfgsfloatval_t *x = lbfgs_malloc(nx);
    if (!x) abort();
    lbfgs_parameter_t lp;
    lbfgs_parameter_init(&lp);
    lp.max_iterations = 20; /* a partial M-step (generalised EM) is enough */
    lp.epsilon = 1e-8;
    int it = 0, rc = 0;
    for (; it < f->o->max_iter; it++) {
        person_loglik(f, ll, 1);
        memset(f->N, 0, (size_t)f->n_items * nq * sizeof *f->N);
        memset(f->R, 0, (size_t)f->n_items * nq * sizeof *f->R);
        for (size_t j = 0; j < f->n; j++) {
            const irt_resp *r = &f->resp[j];
            const double *post = ll + (size_t)r->person * nq;
            double *Ni = f->N + (size_t)r->item * nq, *Ri = f->R + (size_t)r->item * nq;
            for (int k = 0; k < nq; k++) {
                Ni[k] += post[k];
                if (r->y) Ri[k] += post[k];
            }
        }
        int n = f->n_items;
        memcpy(prev, f->a, (size_t)n * sizeof *prev);
        memcpy(prev + n, f->b, (size_t)n * sizeof *prev);
        memcpy(prev + 2 * n, f->c, (size_t)n * sizeof *prev);
        pack(x, f);
        lbfgsfloatval_t fx;
        int st = lbfgs(nx, x, &fx, mstep_eval, NULL, f, &lp);
        if (st < 0 && st != LBFGSERR_MAXIMUMITERATION && st != LBFGSERR_ROUNDING_ERROR &&
            st != LBFGSERR_MAXIMUMLINESEARCH && st != LBFGSERR_CANCELED) {
            rc = E_FAIL;
            break;
        }
        unpack(f, x);
        double moved = 0;
        for (int i = 0; i < n; i++) {
            moved = fmax(moved, fabs(f->a[i] - prev[i]));
            moved = fmax(moved, fabs(f->b[i] - prev[n + i]));
            moved = fmax(moved, fabs(f->c[i] - prev[2 * n + i]));
        }
        if (moved < f->o->tol) {
            it++;
            break;
        }
    }
    *iterations = it;
    lbfgs_free(x);
    free(prev);
    free(ll);
    return rc;
}

/* ---- girth's separable estimator ----
 *
 * Reproduced step for step, so that the estimates agree with girth's to its test tolerances:
 * the same quadrature (the prior weights are not renormalised: girth integrates N(0, 1) over
 * [-bound, bound] only) and the same searches, each a bounded Brent search with SciPy's
 * stopping rule. 1PL/Rasch (girth's onepl_mml): an item's difficulty minimises the squared gap
 * between its marginal and observed share of right answers on [-6, 6] (xtol 1e-4); the shared
 * a is searched on [0.25, 10]. 2PL (girth's twopl_mml, which runs its graded-response code
 * with two categories): the difficulty is read by linear interpolation from girth's look-up
 * table of marginal shares (500 a values on [0.15, 5.05] × 500 b values on [-6, 6]); each
 * item's a is searched on [0.2, 5] with the others fixed, items in turn, from a = 1, b = -1,
 * until no a moves by 1e-3. As in girth, an item keeps the parameters of the search's last
 * evaluation rather than its best point (they differ by about xtol). */

static double marginal_p(const fit *f, double a, double b)
{
    double s = 0;
    for (int k = 0; k < f->nq; k++) s += f->w[k] * irt_prob(f->q[k], a, b, 0);
    return s * erf(f->o->quad_bound / M_SQRT2);
}

typedef struct gap {
    const fit *f;
    double a, share;
} gap;

static double share_gap(void *ctx, double b)
{
    const gap *g = ctx;
    double d = marginal_p(g->f, g->a, b) - g->share;
    return d * d;
}

/* The difficulty whose marginal success probability is `share`. */
static double moment_b(const fit *f, double a, double share)
{
    gap g = {f, a, share};
    return minimize_bounded(share_gap, &g, -6, 6, 1e-4, 500);
}

enum { LUT_N = 500 };
static const double LUT_A0 = 0.15, LUT_A1 = 5.05, LUT_B0 = -6, LUT_B1 = 6;

/* Row r of girth's table at column j: the marginal share for a_r, b_j. */
static double lut_value(const fit *f, int r, int j)
{
    double a = LUT_A0 + (LUT_A1 - LUT_A0) * r / (LUT_N - 1);
    return marginal_p(f, a, LUT_B0 + (LUT_B1 - LUT_B0) * j / (LUT_N - 1));
}

/* The difficulty with marginal share p on row r: linear interpolation between the two
 * columns around p (the row falls as b grows); -6 below the row's range and 6 above it, as
 * girth's interp1d fill values give. */
static double lut_row_b(const fit *f, int r, double p)
{
    if (p < lut_value(f, r, LUT_N - 1)) return LUT_B0;
    if (p > lut_value(f, r, 0)) return LUT_B1;
    int lo = 0, hi = LUT_N - 1; /* value(lo) >= p >= value(hi) */
    while (hi - lo > 1) {
        int mid = (lo + hi) / 2;
        if (lut_value(f, r, mid) >= p) lo = mid;
        else hi = mid;
    }
    double vlo = lut_value(f, r, lo), vhi = lut_value(f, r, hi);
    double blo = LUT_B0 + (LUT_B1 - LUT_B0) * lo / (LUT_N - 1);
    double bhi = LUT_B0 + (LUT_B1 - LUT_B0) * hi / (LUT_N - 1);
    return vlo == vhi ? blo : blo + (bhi - blo) * (p - vlo) / (vhi - vlo);
}

static double lut_b(const fit *f, double a, double p)
{
    double t = (a - LUT_A0) / (LUT_A1 - LUT_A0) * (LUT_N - 1);
    int r = (int)t;
    if (r >= LUT_N - 1) return lut_row_b(f, LUT_N - 1, p);
    double dx = t - r;
    return (1 - dx) * lut_row_b(f, r, p) + dx * lut_row_b(f, r + 1, p);
}

typedef struct sep {
    fit *f;
    const double *share;
    double *ll;
    int item; /* -1: all items share a */
} sep;

/* Negative marginal log-likelihood when item `item` (or all) has discrimination a. */
static double sep_cost(void *ctx, double a)
{
    sep *s = ctx;
    fit *f = s->f;
    for (int i = 0; i < f->n_items; i++)
        if (s->item < 0 || i == s->item) {
            f->a[i] = a;
            f->b[i] = f->o->model == IRT_2PL ? lut_b(f, a, s->share[i])
                                             : moment_b(f, a, s->share[i]);
        }
    return -person_loglik(f, s->ll, 0);
}

static int separable(fit *f, int *iterations)
{
    int n = f->n_items, rc = 0;
    double *share = xcalloc(2 * (size_t)n, sizeof *share), *cnt = share + n;
    for (size_t j = 0; j < f->n; j++) {
        share[f->resp[j].item] += f->resp[j].y;
        cnt[f->resp[j].item] += 1;
    }
    for (int i = 0; i < n && rc == 0; i++) {
        if (share[i] == 0 || share[i] == cnt[i]) rc = E_INVALID;
        else share[i] /= cnt[i];
    }
    sep s = {f, share, xmalloc((size_t)f->n_persons * f->nq * sizeof(double)), -1};
    *iterations = 1;
    if (rc == 0 && f->o->model == IRT_RASCH) sep_cost(&s, f->o->fixed_a);
    if (rc == 0 && f->o->model == IRT_1PL) { /* girth returns the best a, the last b */
        double a = minimize_bounded(sep_cost, &s, 0.25, 10, 1e-5, 500);
        for (int i = 0; i < n; i++) f->a[i] = a;
    }
    if (rc == 0 && f->o->model == IRT_2PL) {
        for (int i = 0; i < n; i++) {
            f->a[i] = 1;
            f->b[i] = -1; /* girth's graded-response start */
        }
        for (int it = 0; it < f->o->max_iter; it++) {
            double moved = 0;
            for (int i = 0; i < n; i++) {
                double old = f->a[i];
                s.item = i;
                minimize_bounded(sep_cost, &s, 0.2, 5, 1e-5, 500);
                moved = fmax(moved, fabs(f->a[i] - old));
            }
            *iterations = it + 1;
            if (moved < f->o->tol) break;
        }
    }
    free(s.ll);
    free(share);
    return rc;
}

static int opts_ok(const irt_opts *o)
{
    return o->n_quad >= 5 && o->n_quad <= 201 && o->quad_bound > 0 && o->max_iter >= 1 &&
           o->tol > 0 && o->fixed_a > 0 && o->max_c > 0 && o->max_c < 1 &&
           (unsigned)o->model <= IRT_3PL &&
           (o->method == IRT_EM || (o->method == IRT_SEPARABLE && o->model != IRT_3PL));
}

int irt_fit(double *a, double *b, double *c, int *iterations, const irt_opts *o,
            const irt_resp *resp, size_t n, int n_items, int n_persons)
{
    if (!opts_ok(o) || n == 0 || n_items < 1 || n_persons < 1) return E_INVALID;
    for (size_t j = 0; j < n; j++)
        if (resp[j].item < 0 || resp[j].item >= n_items || resp[j].person < 0 ||
            resp[j].person >= n_persons)
            return E_INVALID;
    fit f = {o, n_items, n_persons, o->n_quad, NULL, NULL, a, b, c, NULL, NULL, resp, n, NULL, NULL};
    f.q = xmalloc(2 * (size_t)f.nq * sizeof(double));
    f.w = f.q + f.nq;
    irt_quadrature(f.q, f.w, f.nq, o->quad_bound);
    f.pstart = xcalloc((size_t)n_persons + 1, sizeof(size_t));
    f.porder = xmalloc(n * sizeof(size_t));
    for (size_t j = 0; j < n; j++) f.pstart[resp[j].person + 1]++;
    for (int p = 0; p < n_persons; p++) f.pstart[p + 1] += f.pstart[p];
    size_t *fill = xmalloc(((size_t)n_persons + 1) * sizeof(size_t));
    memcpy(fill, f.pstart, ((size_t)n_persons + 1) * sizeof(size_t));
    for (size_t j = 0; j < n; j++) f.porder[fill[resp[j].person]++] = j;
    free(fill);
    double start_a = o->model == IRT_RASCH ? o->fixed_a : 1;
    for (int i = 0; i < n_items; i++) {
        a[i] = start_a;
        b[i] = 0;
        c[i] = o->model == IRT_3PL ? 0.1 * o->max_c : 0;
    }
    int it = 0, rc;
    if (o->method == IRT_SEPARABLE) {
        rc = separable(&f, &it);
    } else {
        f.N = xmalloc(2 * (size_t)n_items * f.nq * sizeof(double));
        f.R = f.N + (size_t)n_items * f.nq;
        rc = em(&f, &it);
        free(f.N);
    }
    if (iterations) *iterations = it;
    free(f.q);
    free(f.pstart);
    free(f.porder);
    return rc;
}
