/*
 * cat.c — adaptive placement test (see cat.h): EAP on a grid, max-information selection with
 * randomesque choice and an exposure cap.
 *
 * The posterior is kept as log densities on the grid (prior + log-likelihood of each answer),
 * so a long test never underflows; EAP and SD are recomputed after every answer in O(grid).
 */
#include "engine/cat.h"

#include <math.h>
#include <string.h>

#include "base/err.h"
#include "engine/irt.h"

enum { CAT_MAX_K = 32 };

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

/* Inserts (info, i) into the top list kept in descending order of information. */
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

int cat_select(size_t *out, const cat_session *s, const cat_item *bank, const unsigned *exposure,
               unsigned examinees, const cat_options *opt, rng *r)
{
    int k = opt->top_k < 1 ? 1 : opt->top_k > CAT_MAX_K ? CAT_MAX_K : opt->top_k;
    double info[CAT_MAX_K];
    size_t idx[CAT_MAX_K];
    /* pass 0 honours the exposure cap; pass 1 (only if nothing qualified) ignores it */
    for (int pass = 0; pass < 2; pass++) {
        int n = 0;
        for (size_t i = 0; i < s->bank_size; i++) {
            if (s->administered[i]) continue;
            if (pass == 0 && exposure && examinees > 0 &&
                (double)exposure[i] / examinees > opt->max_exposure)
                continue;
            keep_top(info, idx, &n, k, irt_info(s->theta, bank[i].a, bank[i].b, bank[i].c), i);
        }
        if (n > 0) {
            *out = idx[n > 1 ? rng_below(r, (uint64_t)n) : 0];
            return 0;
        }
    }
    return E_NOTFOUND;
}

int cat_answer(cat_session *s, const cat_item *bank, size_t i, int correct)
{
    if (i >= s->bank_size || s->administered[i]) return E_INVALID;
    const cat_item *it = &bank[i];
    for (int q = 0; q < CAT_QUAD; q++) {
        double p = irt_prob(s->grid[q], it->a, it->b, it->c);
        p = fmin(fmax(p, 1e-12), 1.0 - 1e-12);
        s->log_post[q] += correct ? log(p) : log1p(-p);
    }
    s->administered[i] = 1;
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
