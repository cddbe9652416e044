/*
 * test_elo.c — Elo ratings: the update rule, the shrinking K, and item difficulties recovered
 * from simulated learners.
 */
#include "testing.h"

#include <stdlib.h>

#include "base/rng.h"
#include "engine/elo.h"

static void update_moves_against_the_surprise(void **state)
{
    (void)state;
    elo_opts o = ELO_OPTS_INIT;
    elo_rating l = {0, 0}, s = {0, 0}, it = {0.5, 3};
    double p = elo_prob(0, 0, 0.5);
    elo_update(&l, &s, &it, 0, &o, 1);
    assert_near(l.r, elo_k(&o, 0) * (1 - p), 1e-12);
    assert_near(s.r, elo_k(&o, 0) * (1 - p), 1e-12);
    assert_near(it.r, 0.5 - elo_k(&o, 3) * (1 - p), 1e-12);
    assert_int_equal(l.n, 1);
    assert_int_equal(it.n, 4);
    elo_rating fixed = {1.0, 10};
    elo_update(&l, NULL, &fixed, 1, &o, 0);
    assert_near(fixed.r, 1.0, 0);
    assert_int_equal(fixed.n, 10);
    assert_true(l.r < elo_k(&o, 0) * (1 - p));
    assert_true(elo_k(&o, 100) < elo_k(&o, 10) && elo_k(&o, 10) < elo_k(&o, 0));
}

static void recovers_item_order_from_simulated_learners(void **state)
{
    (void)state;
    enum { ITEMS = 20, LEARNERS = 800 };
    double truth[ITEMS];
    elo_rating item[ITEMS] = {{0, 0}};
    for (int i = 0; i < ITEMS; i++) truth[i] = -2 + 4.0 * i / (ITEMS - 1);
    rng r;
    rng_seed(&r, 42);
    elo_opts o = ELO_OPTS_INIT;
    for (int s = 0; s < LEARNERS; s++) {
        double theta = rng_normal(&r);
        elo_rating l = {0, 0};
        for (int k = 0; k < ITEMS; k++) {
            int i = (int)rng_below(&r, ITEMS);
            int y = rng_uniform(&r) < elo_prob(theta, 0, truth[i]);
            elo_update(&l, NULL, &item[i], 0, &o, y);
        }
    }
    /* concordant pairs: the estimated order matches the true order almost everywhere */
    int good = 0, pairs = 0;
    double err = 0;
    for (int i = 0; i < ITEMS; i++) {
        err += fabs(item[i].r - truth[i]);
        for (int j = i + 1; j < ITEMS; j++, pairs++) good += item[j].r > item[i].r;
    }
    assert_true(good >= 0.95 * pairs);
    assert_true(err / ITEMS < 0.35);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(update_moves_against_the_surprise),
        cmocka_unit_test(recovers_item_order_from_simulated_learners),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
