/*
 * cat.c — adaptive placement test (see cat.h): EAP on a grid, max-information selection with
 * randomesque choice and exposure control (a cap, or Sympson–Hetter and its calibration).
 *
 * The posterior is kept as log densities on the grid (prior + log-likelihood of each answer),
 * so a long test never underflows; EAP and SD are recomputed after every answer in O(grid).
 * Selection never sorts the bank: the top k comes from one scan, and the Sympson–Hetter walk
 * reads the ranking in chunks (walk_next), so nothing is allocated.
 */
#include "engine/cat.h"

#include <math.h>
#include <string.h>

#include "base/err.h"
#include "engine/irt.h"

enum { CAT_MAX_K = 32, CAT_CHUNK = 64 };

static void update_estimate(cat_session *s)
{
    double mx = s->log_post[0];
    for (int q = 1; q < CAT_QUAD; q++) mx = fmax(mx, s->log_post[q]);
    double z = 0, m1 = 0, m2 = 0;
    for (int q = 0; q < CAT_QUAD; q++) {
        double w = exp(s->log_post[q] - mx);
        z += w;
        m1 += w * s->grid[q];
        m2 += w * s->grid[q] * s->grid[q];
    }
    s->theta = m1 / z;
    s->se = sqrt(fmax(m2 / z - s->theta * s->theta, 0.0));
}

int cat_begin(cat_session *s, unsigned char *administered, size_t n, const cat_options *opt)
{
    if (!(opt->prior_sd > 0) || n == 0) return E_INVALID;
    memset(s, 0, sizeof *s);
    for (int q = 0; q < CAT_QUAD; q++) {
        double z = -4.0 + 8.0 * q / (CAT_QUAD - 1);
        s->grid[q] = opt->prior_mean + opt->prior_sd * z;
        s->log_post[q] = -0.5 * z * z;
    }
    memset(administered, 0, n);
    s->administered = administered;
    s->bank_size = n;
    update_estimate(s);
    return 0;
}

static double item_info(const cat_session *s, const cat_item *bank, size_t i)
{
    return irt_info(s->theta, bank[i].a, bank[i].b, bank[i].c);
}

static int clamp_k(int top_k)
{
    return top_k < 1 ? 1 : top_k > CAT_MAX_K ? CAT_MAX_K : top_k;
}

/* Inserts (info, i) into the top list kept in descending order of information; among equal
 * information the lower index (scanned first) stays first. */
static void keep_top(double *info, size_t *idx, int *n, int k, double v, size_t i)
{
    if (*n == k && v <= info[k - 1]) return;
    int j = *n < k ? (*n)++ : k - 1;
    while (j > 0 && info[j - 1] < v) {
        info[j] = info[j - 1];
        idx[j] = idx[j - 1];
        j--;
    }
    info[j] = v;
    idx[j] = i;
}

/* Draws uniformly among the k most informative items not given; with `exposure` non-NULL, only
 * among those whose exposure rate so far does not exceed cap. 0 when no item qualifies. */
static int draw_top(size_t *out, const cat_session *s, const cat_item *bank, int k,
                    const unsigned *exposure, unsigned examinees, double cap, rng *r)
{
    double info[CAT_MAX_K];
    size_t idx[CAT_MAX_K];
    int n = 0;
    for (size_t i = 0; i < s->bank_size; i++) {
        if (s->administered[i] == CAT_GIVEN) continue;
        if (exposure && (double)exposure[i] / examinees > cap) continue;
        keep_top(info, idx, &n, k, item_info(s, bank, i), i);
    }
    if (n == 0) return 0;
    *out = idx[n > 1 ? rng_below(r, (uint64_t)n) : 0];
    return 1;
}

/* The free items in descending information (ties: lower index first), read CAT_CHUNK at a
 * time: each refill scans the bank for the best free items ranked after the last one read,
 * so a walk that stops early (the usual case) costs one scan and no allocation. */
typedef struct walk {
    double info[CAT_CHUNK];
    size_t idx[CAT_CHUNK];
    int n, pos, started;
    double last_info;
    size_t last_idx;
} walk;

static int ranks_after(const walk *w, double v, size_t i)
{
    return !w->started || v < w->last_info || (v == w->last_info && i > w->last_idx);
}

/* walk_next: the next item of the ranking in *i; 0 when the free items are exhausted. */
static int walk_next(size_t *i, walk *w, const cat_session *s, const cat_item *bank)
{
    if (w->pos == w->n) {
        w->n = w->pos = 0;
        for (size_t j = 0; j < s->bank_size; j++) {
            if (s->administered[j] != CAT_FREE) continue;
            double v = item_info(s, bank, j);
            if (ranks_after(w, v, j)) keep_top(w->info, w->idx, &w->n, CAT_CHUNK, v, j);
        }
        if (w->n == 0) return 0;
    }
    *i = w->idx[w->pos];
    w->last_info = w->info[w->pos++];
    w->last_idx = *i;
    w->started = 1;
    return 1;
}

/* The Sympson–Hetter lottery: no draw when the outcome is certain. */
static int lottery(double k, rng *r)
{
    return k >= 1 || (k > 0 && rng_uniform(r) < k);
}

/* Sympson–Hetter selection (see cat.h). `entered` (may be NULL) gets a 1 for every item that
 * meets the lottery: the calibration's "selected". */
static int select_sh(size_t *out, const cat_session *s, const cat_item *bank, const double *sh_k,
                     int k, unsigned char *entered, rng *r)
{
    for (size_t i = 0; i < s->bank_size; i++)
        if (s->administered[i] == CAT_FREE && !(sh_k[i] >= 0 && sh_k[i] <= 1)) return E_INVALID;
    walk w = {.n = 0};
    size_t won[CAT_MAX_K], i;
    int n_won = 0;
    while (n_won < k && walk_next(&i, &w, s, bank)) {
        if (entered) entered[i] = 1;
        if (lottery(sh_k[i], r))
            won[n_won++] = i;
        else
            s->administered[i] = CAT_SET_ASIDE;
    }
    if (n_won > 0) {
        *out = won[n_won > 1 ? rng_below(r, (uint64_t)n_won) : 0];
        return 0;
    }
    return draw_top(out, s, bank, k, NULL, 0, 1.0, r) ? 0 : E_NOTFOUND; /* every lottery lost */
}

int cat_select_controlled(size_t *out, const cat_session *s, const cat_item *bank,
                          const cat_exposure_control *x, const cat_options *opt, rng *r)
{
    int k = clamp_k(opt->top_k);
    if (x->method == CAT_EXPOSURE_SH)
        return x->sh_k ? select_sh(out, s, bank, x->sh_k, k, NULL, r) : E_INVALID;
    if (x->method != CAT_EXPOSURE_CAP && x->method != CAT_EXPOSURE_NONE) return E_INVALID;
    /* the cap first; it yields when no item qualifies */
    int capped = x->method == CAT_EXPOSURE_CAP && x->counts && x->examinees > 0;
    if (capped && draw_top(out, s, bank, k, x->counts, x->examinees, opt->max_exposure, r)) return 0;
    return draw_top(out, s, bank, k, NULL, 0, 1.0, r) ? 0 : E_NOTFOUND;
}

int cat_select(size_t *out, const cat_session *s, const cat_item *bank, const unsigned *exposure,
               unsigned examinees, const cat_options *opt, rng *r)
{
    const cat_exposure_control cap = {CAT_EXPOSURE_CAP, exposure, examinees, NULL};
    return cat_select_controlled(out, s, bank, &cap, opt, r);
}

int cat_answer(cat_session *s, const cat_item *bank, size_t i, int correct)
{
    if (i >= s->bank_size || s->administered[i] == CAT_GIVEN) return E_INVALID;
    const cat_item *it = &bank[i];
    for (int q = 0; q < CAT_QUAD; q++) {
        double p = irt_prob(s->grid[q], it->a, it->b, it->c);
        p = fmin(fmax(p, 1e-12), 1.0 - 1e-12);
        s->log_post[q] += correct ? log(p) : log1p(-p);
    }
    s->administered[i] = CAT_GIVEN;
    s->n_given++;
    update_estimate(s);
    return 0;
}

int cat_done(const cat_session *s, const cat_options *opt)
{
    if ((size_t)s->n_given >= s->bank_size || s->n_given >= opt->max_items) return 1;
    return s->n_given >= opt->min_items && s->se < opt->se_stop;
}

int cat_level(const double *cuts, size_t n_cuts, double theta)
{
    int level = 0;
    for (size_t i = 0; i < n_cuts; i++)
        if (theta >= cuts[i]) level = (int)i + 1;
    return level;
}

/* One simulated test under Sympson–Hetter with k: an examinee ~ N(0, 1), answers drawn from the
 * model; `entered` marks the items that met the lottery. Adds the test length to *items. */
static int sh_test(double *items, const cat_item *bank, size_t n, const cat_options *opt,
                   const double *k, unsigned char *flags, unsigned char *entered, rng *r)
{
    cat_session s;
    int rc = cat_begin(&s, flags, n, opt);
    if (rc) return rc;
    double theta = rng_normal(r);
    memset(entered, 0, n);
    while (!cat_done(&s, opt)) {
        size_t i;
        if ((rc = select_sh(&i, &s, bank, k, clamp_k(opt->top_k), entered, r))) return rc;
        cat_answer(&s, bank, i, rng_uniform(r) < irt_prob(theta, bank[i].a, bank[i].b, bank[i].c));
    }
    *items += s.n_given;
    return 0;
}

static int sh_args_ok(const double *k, const unsigned *selected, const unsigned *given,
                      const cat_item *bank, size_t n, const cat_options *opt,
                      const cat_sh_calibration *cal, const unsigned char *work)
{
    return k && selected && given && bank && opt && cal && work && n > 0 && opt->prior_sd > 0 &&
           cal->r_max > 0 && cal->r_max <= 1 && cal->tolerance >= 0 && cal->examinees > 0 &&
           cal->max_rounds > 0;
}

int cat_sh_calibrate(double *k, cat_sh_report *rep, unsigned *selected, unsigned *given,
                     const cat_item *bank, size_t n, const cat_options *opt,
                     const cat_sh_calibration *cal, unsigned char *work, rng *r)
{
    if (!sh_args_ok(k, selected, given, bank, n, opt, cal, work)) return E_INVALID;
    unsigned char *flags = work, *entered = work + n;
    double m = cal->examinees;
    for (size_t i = 0; i < n; i++) k[i] = 1;
    memset(rep, 0, sizeof *rep);
    for (;;) {
        rep->rounds++;
        memset(selected, 0, n * sizeof *selected);
        memset(given, 0, n * sizeof *given);
        double items = 0;
        for (int e = 0; e < cal->examinees; e++) {
            int rc = sh_test(&items, bank, n, opt, k, flags, entered, r);
            if (rc) return rc;
            for (size_t i = 0; i < n; i++) {
                selected[i] += entered[i];
                given[i] += flags[i] == CAT_GIVEN;
            }
        }
        rep->mean_items = items / m;
        rep->max_exposure = 0;
        for (size_t i = 0; i < n; i++) rep->max_exposure = fmax(rep->max_exposure, given[i] / m);
        rep->converged = rep->max_exposure <= cal->r_max + cal->tolerance;
        if (rep->converged || rep->rounds == cal->max_rounds) return 0;
        for (size_t i = 0; i < n; i++)
            k[i] = selected[i] / m > cal->r_max ? cal->r_max / (selected[i] / m) : 1.0;
    }
}
