/*
 * test_fsrs_opt.c — the FSRS optimiser: revlog -> items, predictions equal to the scheduler's
 * model, exact gradients, bounds, and a fit that recovers simulated learners' behaviour.
 */
#include "testing.h"

#include <stdlib.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/rng.h"
#include "engine/fsrs.h"
#include "engine/fsrs_opt.h"

static const int64_t DAY_MS = 86400000;

static void dataset_days_and_items(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    /* card 7: first review 05:00 day 0, again 05:10 (same day), 03:00 next calendar day (still
     * day 0 with days starting at 04:00), then 10:00 day 2. card 3: one review. Shuffled. */
    int64_t t0 = 20000 * DAY_MS;
    int64_t card[] = {7, 3, 7, 7, 7};
    int64_t time[] = {t0 + 10 * 3600000LL, t0, t0 + 5 * 3600000LL, t0 + 5 * 3600000LL + 600000,
                      t0 + 27 * 3600000LL};
    unsigned char rating[] = {3, 3, 1, 3, 1};
    fsrs_dataset d;
    for (size_t i = 0; i < 5; i++) time[i] += i == 0 ? 2 * DAY_MS : 0;
    assert_int_equal(fsrs_dataset_build(&d, &a, card, time, rating, 5, 4), 0);
    assert_int_equal(d.n_cards, 2);
    assert_int_equal(d.n_reviews, 5);
    /* card 3 first (sorted ids), then card 7 in time order */
    assert_int_equal(d.card_start[1], 1);
    static const int want_dt[5] = {0, 0, 0, 0, 2};
    static const unsigned char want_r[5] = {3, 1, 3, 1, 3};
    for (int i = 0; i < 5; i++) {
        assert_int_equal(d.delta_t[i], want_dt[i]);
        assert_int_equal(d.rating[i], want_r[i]);
    }
    assert_int_equal(d.n_items, 1);
    assert_near(d.weight[0], 0.25, 1e-12);
    rating[0] = 5;
    assert_int_equal(fsrs_dataset_build(&d, &a, card, time, rating, 5, 4), E_INVALID);
    arena_free(&a);
}

/* Simulated reviews: each card follows the FSRS model with parameters `truth`, reviewed at
 * the intervals a 0.9-retention scheduler would give, with a same-day repeat after a lapse. */
static void simulate(fsrs_dataset *d, arena *a, const fsrs_params *truth, int n_cards, rng *r)
{
    size_t cap = (size_t)n_cards * 12, n = 0;
    int64_t *card = arena_alloc_array(a, cap, sizeof *card);
    int64_t *time = arena_alloc_array(a, cap, sizeof *time);
    unsigned char *rating = arena_alloc_array(a, cap, 1);
    for (int c = 0; c < n_cards; c++) {
        int64_t t = (int64_t)(rng_below(r, 60) + 1000) * DAY_MS + 8 * 3600000LL;
        fsrs_memory m;
        int g = rng_uniform(r) < 0.3 ? 1 : 3;
        fsrs_memory_next(&m, truth, NULL, 0, g);
        card[n] = c, time[n] = t, rating[n++] = (unsigned char)g;
        for (int k = 0; k < 8; k++) {
            int days = (int)fmax(1.0, round(m.stability * (0.5 + rng_uniform(r))));
            t += (int64_t)days * DAY_MS;
            double p = fsrs_retrievability(truth, days, m.stability);
            g = rng_uniform(r) < p ? 3 : 1;
            fsrs_memory_next(&m, truth, &m, days, g);
            card[n] = c, time[n] = t, rating[n++] = (unsigned char)g;
            if (g == 1 && n < cap) {
                fsrs_memory_next(&m, truth, &m, 0, 3);
                card[n] = c, time[n] = t + 600000, rating[n++] = 3;
            }
            if (n + 2 >= cap) break;
        }
    }
    assert_int_equal(fsrs_dataset_build(d, a, card, time, rating, n, 4), 0);
}

static void predictions_match_the_scheduler_model(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    rng r;
    rng_seed(&r, 1);
    fsrs_params p = FSRS_PARAMS_INIT;
    fsrs_dataset d;
    simulate(&d, &a, &p, 30, &r);
    double *pred = arena_alloc_array(&a, d.n_items, sizeof *pred);
    unsigned char *y = arena_alloc_array(&a, d.n_items, 1);
    fsrs_opt_predict(pred, y, &p, &d);
    size_t k = 0;
    for (size_t c = 0; c < d.n_cards; c++) {
        fsrs_memory m;
        size_t i0 = d.card_start[c];
        fsrs_memory_next(&m, &p, NULL, 0, d.rating[i0]);
        for (size_t i = i0 + 1; i < d.card_start[c + 1]; i++) {
            if (d.delta_t[i] > 0) {
                assert_near(pred[k], fsrs_retrievability(&p, d.delta_t[i], m.stability), 1e-12);
                assert_int_equal(y[k], d.rating[i] > 1);
                k++;
            }
            fsrs_memory_next(&m, &p, &m, d.delta_t[i], d.rating[i]);
        }
    }
    assert_int_equal(k, d.n_items);
    arena_free(&a);
}

static void gradient_matches_finite_differences(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    rng r;
    rng_seed(&r, 2);
    fsrs_params p = FSRS_PARAMS_INIT, centre = FSRS_PARAMS_INIT;
    fsrs_dataset d;
    simulate(&d, &a, &p, 40, &r);
    /* move off the defaults so that the penalty has a gradient too */
    for (int i = 4; i < FSRS_NPARAMS; i++) p.w[i] *= 1.05;
    p.w[7] = 0.05;
    double g[17];
    fsrs_opt_objective(g, &p, &centre, &d, 1.0);
    for (int j = 0; j < 17; j++) {
        fsrs_params hi = p, lo = p;
        double h = 1e-6 * fmax(1.0, fabs(p.w[j + 4]));
        hi.w[j + 4] += h;
        lo.w[j + 4] -= h;
        double num = (fsrs_opt_objective(NULL, &hi, &centre, &d, 1.0) -
                      fsrs_opt_objective(NULL, &lo, &centre, &d, 1.0)) / (2 * h);
        assert_near(g[j], num, 1e-6 + 1e-4 * fabs(num));
    }
    arena_free(&a);
}

static void clip_keeps_parameters_in_bounds(void **state)
{
    (void)state;
    fsrs_params p = FSRS_PARAMS_INIT;
    p.w[7] = -1, p.w[16] = 0.5, p.w[20] = 5;
    fsrs_opt_clip(&p);
    assert_near(p.w[7], 0.001, 0);
    assert_near(p.w[16], 1.0, 0);
    assert_near(p.w[20], 0.8, 0);
}

static void fit_improves_on_defaults_for_different_learners(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    rng r;
    rng_seed(&r, 3);
    /* learners who forget much faster than the defaults assume */
    fsrs_params truth = FSRS_PARAMS_INIT;
    truth.w[8] = 1.0, truth.w[11] = 0.8, truth.w[20] = 0.4, truth.w[2] = 0.3;
    fsrs_dataset d;
    simulate(&d, &a, &truth, 150, &r);
    fsrs_params dflt = FSRS_PARAMS_INIT, fitted;
    fsrs_opt_options opt = FSRS_OPT_OPTIONS_INIT;
    fsrs_opt_report rep;
    assert_int_equal(fsrs_opt_fit(&fitted, &rep, &a, &d, &dflt, &opt), 0);
    double *p = arena_alloc_array(&a, d.n_items, sizeof *p);
    unsigned char *y = arena_alloc_array(&a, d.n_items, 1);
    fsrs_opt_predict(p, y, &dflt, &d);
    double l_default = fsrs_opt_logloss(p, y, &d);
    fsrs_opt_predict(p, y, &truth, &d);
    double l_truth = fsrs_opt_logloss(p, y, &d);
    fsrs_opt_predict(p, y, &fitted, &d);
    double l_fit = fsrs_opt_logloss(p, y, &d);
    assert_true(l_fit < l_default - 0.01);
    assert_true(l_fit < l_truth + 0.005);
    assert_true(fsrs_opt_rmse_bins(p, y, &d, &a) < 0.1);
    /* the pretrained first-Good stability moved from 2.3 toward the truth (0.3) */
    assert_true(fitted.w[2] < 1.0);
    fsrs_params clipped = fitted;
    fsrs_opt_clip(&clipped);
    assert_memory_equal(&clipped, &fitted, sizeof fitted);
    fsrs_dataset empty = d;
    empty.n_items = 0;
    assert_int_equal(fsrs_opt_fit(&fitted, &rep, &a, &empty, &dflt, &opt), E_INVALID);
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dataset_days_and_items),
        cmocka_unit_test(predictions_match_the_scheduler_model),
        cmocka_unit_test(gradient_matches_finite_differences),
        cmocka_unit_test(clip_keeps_parameters_in_bounds),
        cmocka_unit_test(fit_improves_on_defaults_for_different_learners),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
