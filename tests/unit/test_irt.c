/*
 * test_irt.c — IRT: probability and information, the quadrature, calibration of simulated
 * data (EM for 1PL/2PL/3PL, girth's separable estimator), EAP abilities, bad input.
 */
#include "testing.h"

#include <stdlib.h>

#include "base/err.h"
#include "base/rng.h"
#include "engine/irt.h"

static void prob_and_information(void **state)
{
    (void)state;
    assert_near(irt_prob(0.5, 1.3, 0.5, 0), 0.5, 1e-15);
    assert_near(irt_prob(0.5, 1.3, 0.5, 0.2), 0.6, 1e-15);
    assert_near(irt_prob(-800, 1, 0, 0.25), 0.25, 1e-15); /* no overflow */
    assert_near(irt_prob(800, 1, 0, 0.25), 1.0, 1e-15);
    assert_near(irt_info(0.5, 2.0, 0.5, 0), 1.0, 1e-12); /* a^2 / 4 at theta = b */
    /* 3PL information equals P'^2 / (P (1 - P)) (numerical derivative) */
    double t = 0.3, a = 1.4, b = -0.2, c = 0.2, h = 1e-6;
    double dp = (irt_prob(t + h, a, b, c) - irt_prob(t - h, a, b, c)) / (2 * h);
    double p = irt_prob(t, a, b, c);
    assert_near(irt_info(t, a, b, c), dp * dp / (p * (1 - p)), 1e-7);
    assert_near(irt_info(1e4, a, b, c), 0, 0);
}

static void quadrature_integrates_the_normal(void **state)
{
    (void)state;
    double q[41], w[41];
    irt_quadrature(q, w, 41, 4.5);
    double s = 0, m = 0, v = 0, k4 = 0;
    for (int i = 0; i < 41; i++) {
        s += w[i];
        m += w[i] * q[i];
        v += w[i] * q[i] * q[i];
        k4 += w[i] * q[i] * q[i] * q[i] * q[i];
    }
    assert_near(s, 1, 1e-12);
    assert_near(m, 0, 1e-12);
    assert_near(v, 1, 2e-3); /* truncated at 4.5 sd */
    assert_near(k4, 3, 2e-2);
    for (int i = 1; i < 41; i++) assert_true(q[i] > q[i - 1]);
    assert_near(q[20], 0, 1e-12);
}

typedef struct sim {
    irt_resp *r;
    size_t n;
} sim;

static sim simulate(const double *a, const double *b, const double *c, int items, int persons,
                    double missing, uint64_t seed)
{
    rng r;
    rng_seed(&r, seed);
    sim s = {malloc((size_t)items * persons * sizeof(irt_resp)), 0};
    for (int p = 0; p < persons; p++) {
        double theta = rng_normal(&r);
        for (int i = 0; i < items; i++) {
            int y = rng_uniform(&r) < irt_prob(theta, a[i], b[i], c[i]);
            if (rng_uniform(&r) >= missing) s.r[s.n++] = (irt_resp){i, p, (unsigned char)y};
        }
    }
    return s;
}

enum { NI = 8, NP = 1500 };
static const double ta[NI] = {0.8, 1.2, 1.6, 1.0, 0.7, 1.4, 1.1, 0.9};
static const double tb[NI] = {-1.6, -1.0, -0.5, 0.0, 0.3, 0.7, 1.2, 1.8};
static const double zero[NI] = {0};

static void em_recovers_2pl_parameters_with_missing_answers(void **state)
{
    (void)state;
    sim s = simulate(ta, tb, zero, NI, NP, 0.1, 5);
    irt_opts o = IRT_OPTS_INIT;
    o.tol = 1e-4;
    double a[NI], b[NI], c[NI];
    int it;
    assert_int_equal(irt_fit(a, b, c, &it, &o, s.r, s.n, NI, NP), 0);
    /* sampling error at this size is about 0.1 (more for the extreme, flat items) */
    double ea = 0, eb = 0;
    for (int i = 0; i < NI; i++) {
        assert_near(a[i], ta[i], 0.3);
        assert_near(b[i], tb[i], 0.35);
        assert_near(c[i], 0, 0);
        ea += fabs(a[i] - ta[i]) / NI;
        eb += fabs(b[i] - tb[i]) / NI;
    }
    assert_true(ea < 0.15 && eb < 0.15);
    assert_true(it > 1 && it < o.max_iter);
    free(s.r);
}

static void one_pl_shares_a_and_separable_agrees_with_em(void **state)
{
    (void)state;
    double same[NI];
    for (int i = 0; i < NI; i++) same[i] = 1.3;
    sim s = simulate(same, tb, zero, NI, NP, 0, 9);
    irt_opts o = IRT_OPTS_INIT;
    o.model = IRT_1PL;
    o.tol = 1e-5;
    double a[NI], b[NI], c[NI], a2[NI], b2[NI], c2[NI];
    assert_int_equal(irt_fit(a, b, c, NULL, &o, s.r, s.n, NI, NP), 0);
    for (int i = 0; i < NI; i++) {
        assert_near(a[i], a[0], 0);
        assert_near(b[i], tb[i], 0.2);
    }
    assert_near(a[0], 1.3, 0.15);
    o.method = IRT_SEPARABLE;
    assert_int_equal(irt_fit(a2, b2, c2, NULL, &o, s.r, s.n, NI, NP), 0);
    /* two estimators of the same model: close, not identical */
    assert_near(a2[0], a[0], 0.05);
    for (int i = 0; i < NI; i++) assert_near(b2[i], b[i], 0.05);
    /* Rasch keeps the given a */
    o.model = IRT_RASCH;
    o.fixed_a = 1.3;
    assert_int_equal(irt_fit(a2, b2, c2, NULL, &o, s.r, s.n, NI, NP), 0);
    assert_near(a2[3], 1.3, 0);
    free(s.r);
}

static void three_pl_keeps_guessing_in_bounds(void **state)
{
    (void)state;
    double tc[NI] = {0.2, 0.1, 0.25, 0.0, 0.15, 0.2, 0.1, 0.2};
    sim s = simulate(ta, tb, tc, NI, NP, 0, 13);
    irt_opts o = IRT_OPTS_INIT;
    o.model = IRT_3PL;
    o.tol = 1e-4;
    o.max_iter = 200;
    double a[NI], b[NI], c[NI];
    assert_int_equal(irt_fit(a, b, c, NULL, &o, s.r, s.n, NI, NP), 0);
    double err = 0;
    for (int i = 0; i < NI; i++) {
        assert_true(c[i] >= 0 && c[i] <= o.max_c);
        err += fabs(b[i] - tb[i]);
    }
    assert_true(err / NI < 0.35); /* 3PL is weakly identified at this size */
    free(s.r);
}

static void eap_follows_the_answers(void **state)
{
    (void)state;
    irt_opts o = IRT_OPTS_INIT;
    const unsigned char right[NI] = {1, 1, 1, 1, 1, 1, 1, 1}, wrong[NI] = {0};
    double th, se, th0, se0;
    irt_eap(&th, &se, &o, ta, tb, zero, right, NI);
    assert_true(th > 1.0);
    irt_eap(&th, &se, &o, ta, tb, zero, wrong, NI);
    assert_true(th < -1.0);
    irt_eap(&th0, &se0, &o, ta, tb, zero, right, 0);
    assert_near(th0, 0, 1e-9);
    assert_near(se0, 1, 2e-3);
    assert_true(se < se0);
    /* the online posterior agrees with EAP */
    double q[41], w[41], lp[41];
    irt_quadrature(q, w, 41, 4.5);
    for (int k = 0; k < 41; k++) lp[k] = log(w[k]);
    for (int i = 0; i < 3; i++) irt_posterior_update(lp, q, 41, ta[i], tb[i], 0, right[i]);
    double p = irt_predict(lp, q, 41, 1, 0, 0);
    irt_eap(&th, &se, &o, ta, tb, zero, right, 3);
    assert_true(p > 0.5 && fabs(p - irt_prob(th, 1, 0, 0)) < 0.05);
}

static void rejects_bad_input(void **state)
{
    (void)state;
    irt_resp r[2] = {{0, 0, 1}, {1, 0, 0}};
    irt_opts o = IRT_OPTS_INIT;
    double a[2], b[2], c[2];
    assert_int_equal(irt_fit(a, b, c, NULL, &o, r, 0, 2, 1), E_INVALID);
    assert_int_equal(irt_fit(a, b, c, NULL, &o, r, 2, 1, 1), E_INVALID); /* item 1 out of range */
    o.model = IRT_3PL;
    o.method = IRT_SEPARABLE;
    assert_int_equal(irt_fit(a, b, c, NULL, &o, r, 2, 2, 1), E_INVALID);
    o.model = IRT_2PL;
    /* separable needs every item to have both outcomes */
    assert_int_equal(irt_fit(a, b, c, NULL, &o, r, 2, 2, 1), E_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(prob_and_information),
        cmocka_unit_test(quadrature_integrates_the_normal),
        cmocka_unit_test(em_recovers_2pl_parameters_with_missing_answers),
        cmocka_unit_test(one_pl_shares_a_and_separable_agrees_with_em),
        cmocka_unit_test(three_pl_keeps_guessing_in_bounds),
        cmocka_unit_test(eap_follows_the_answers),
        cmocka_unit_test(rejects_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
