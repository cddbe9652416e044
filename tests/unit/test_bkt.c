/*
 * test_bkt.c — Bayesian Knowledge Tracing: hmm-scalable's published toy fit, parameter
 * recovery from simulated learners, bounds, the forgetting variant and the online update.
 */
#include "testing.h"

#include <stdlib.h>

#include "base/err.h"
#include "base/rng.h"
#include "engine/bkt.h"

/* hmm-scalable's toy_data.txt (obs 1 = correct, 2 = wrong), one learner, one skill, 20 rows:
 * six wrong, thirteen right, one wrong. Its reader drops a last line without a newline, so
 * the published EM fit (3 iterations, pT 0.16676) is of the first 19 rows, while the reported
 * training RMSE 0.302691 and accuracy 90 % score all 20 rows (we re-ran both to check). */
static const int toy_obs[20] = {2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2};

static void reproduces_hmm_scalable_toy_em_fit(void **state)
{
    (void)state;
    unsigned char obs[20];
    for (int i = 0; i < 20; i++) obs[i] = toy_obs[i] == 1;
    size_t starts[2] = {0, 19};
    bkt_opts o = BKT_OPTS_INIT;
    o.restarts = 0;
    bkt_params p;
    bkt_fit_info info;
    assert_int_equal(bkt_fit(&p, &info, &o, obs, starts, 1, NULL), 0);
    assert_int_equal(info.iterations, 3);
    /* expected_model_em.txt: PI 0 1, A 1 0 / 0.1667616137 0.8332383863,
     * B 0.9995594072 0.0004405928 / 0.0003857303 0.9996142697 */
    assert_near(p.learn, 0.1667616137, 1e-6);
    assert_near(p.init, 0.0, 1e-6);
    assert_near(p.slip, 0.0004405928, 1e-6);
    assert_near(p.guess, 0.0003857303, 1e-6);
    assert_near(p.forget, 0.0, 0);
    double k = p.init, se = 0;
    int right = 0;
    for (int i = 0; i < 20; i++) {
        double q = bkt_predict(&p, k);
        se += (obs[i] - q) * (obs[i] - q);
        right += (q >= 0.5) == (obs[i] == 1);
        bkt_update(&k, &p, obs[i]);
    }
    assert_near(sqrt(se / 20), 0.302691, 1e-6);
    assert_int_equal(right, 18);
}

/* Simulates n learners of len attempts each from p; fills obs and starts. */
static void simulate(unsigned char *obs, size_t *starts, const bkt_params *p, int n, int len,
                     rng *r)
{
    size_t k = 0;
    for (int s = 0; s < n; s++) {
        starts[s] = k;
        int known = rng_uniform(r) < p->init;
        for (int t = 0; t < len; t++) {
            double pc = known ? 1 - p->slip : p->guess;
            obs[k++] = rng_uniform(r) < pc;
            if (known) known = !(rng_uniform(r) < p->forget);
            else known = rng_uniform(r) < p->learn;
        }
    }
    starts[n] = k;
}

static void recovers_parameters_of_simulated_learners(void **state)
{
    (void)state;
    enum { N = 1500, LEN = 12 };
    unsigned char *obs = malloc(N * LEN);
    size_t *starts = malloc((N + 1) * sizeof *starts);
    rng r;
    rng_seed(&r, 7);
    bkt_params truth = {0.3, 0.15, 0.0, 0.2, 0.1};
    simulate(obs, starts, &truth, N, LEN, &r);
    bkt_opts o = BKT_OPTS_INIT;
    o.tol = 1e-5;
    o.restarts = 2;
    bkt_params p;
    assert_int_equal(bkt_fit(&p, NULL, &o, obs, starts, N, &r), 0);
    assert_near(p.init, truth.init, 0.05);
    assert_near(p.learn, truth.learn, 0.03);
    assert_near(p.guess, truth.guess, 0.03);
    assert_near(p.slip, truth.slip, 0.03);
    free(obs);
    free(starts);
}

static void forgetting_variant_sees_forgetting(void **state)
{
    (void)state;
    enum { N = 1500, LEN = 15 };
    unsigned char *obs = malloc(N * LEN);
    size_t *starts = malloc((N + 1) * sizeof *starts);
    rng r;
    rng_seed(&r, 11);
    bkt_params truth = {0.2, 0.3, 0.1, 0.15, 0.1};
    simulate(obs, starts, &truth, N, LEN, &r);
    bkt_opts o = BKT_OPTS_INIT;
    o.tol = 1e-5;
    o.forgetting = 1;
    o.restarts = 2;
    bkt_params p;
    bkt_fit_info with, without;
    assert_int_equal(bkt_fit(&p, &with, &o, obs, starts, N, &r), 0);
    assert_near(p.forget, truth.forget, 0.04);
    assert_near(p.learn, truth.learn, 0.06);
    o.forgetting = 0;
    bkt_params q;
    assert_int_equal(bkt_fit(&q, &without, &o, obs, starts, N, &r), 0);
    assert_true(q.forget == 0);
    assert_true(with.loglik > without.loglik + 10);
    free(obs);
    free(starts);
}

static void guess_and_slip_stay_within_bounds(void **state)
{
    (void)state;
    /* Learners who are mostly right from the start and wrong later: unbounded EM would call
     * the right answers guesses and the knowledge "slips". */
    enum { N = 200, LEN = 10 };
    unsigned char obs[N * LEN];
    size_t starts[N + 1];
    for (int s = 0; s < N; s++) {
        starts[s] = (size_t)s * LEN;
        for (int t = 0; t < LEN; t++) obs[s * LEN + t] = t < 6 ? (t + s) % 5 != 0 : (t + s) % 3 == 0;
    }
    starts[N] = N * LEN;
    bkt_opts o = BKT_OPTS_INIT;
    rng r;
    rng_seed(&r, 3);
    bkt_params p;
    assert_int_equal(bkt_fit(&p, NULL, &o, obs, starts, N, &r), 0);
    assert_true(p.guess <= 0.3 + 1e-12);
    assert_true(p.slip <= 0.3 + 1e-12);
}

static void online_update_follows_bayes_rule(void **state)
{
    (void)state;
    bkt_params p = {0.4, 0.2, 0.0, 0.25, 0.1};
    double k = p.init;
    assert_near(bkt_predict(&p, k), 0.4 * 0.9 + 0.6 * 0.25, 1e-12);
    bkt_update(&k, &p, 1);
    double post = 0.36 / (0.36 + 0.15);
    assert_near(k, post + (1 - post) * 0.2, 1e-12);
    double before = k;
    bkt_update(&k, &p, 0);
    assert_true(k < before);
}

static void rejects_bad_input(void **state)
{
    (void)state;
    unsigned char obs[1] = {1};
    size_t starts[2] = {0, 1};
    bkt_opts o = BKT_OPTS_INIT;
    bkt_params p;
    assert_int_equal(bkt_fit(&p, NULL, &o, obs, starts, 0, NULL), E_INVALID);
    assert_int_equal(bkt_fit(&p, NULL, &o, obs, starts, 1, NULL), E_INVALID); /* restarts, no rng */
    o.restarts = 0;
    o.start.guess = 1.5;
    assert_int_equal(bkt_fit(&p, NULL, &o, obs, starts, 1, NULL), E_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reproduces_hmm_scalable_toy_em_fit),
        cmocka_unit_test(recovers_parameters_of_simulated_learners),
        cmocka_unit_test(forgetting_variant_sees_forgetting),
        cmocka_unit_test(guess_and_slip_stay_within_bounds),
        cmocka_unit_test(online_update_follows_bayes_rule),
        cmocka_unit_test(rejects_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
