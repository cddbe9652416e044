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

/* girth's 2PL test matrix (seed 3215964845415): 5 items x 600 persons, one string per item, and
   girth's twopl_mml estimates on it (its tolerance: a 1e-4, b 1e-3). */
static const char *const girth_2pl[5] = {
    "0111111111111111010111011011011111101110101111011110001111011111111011111111110111000111110111011111"
    "1111110111100000111111011111111111101101111111111111111011110111110110001101110110111101111101101111"
    "1110110010111111111111111111011011000000111111111001011111011011001111101011111001101011010111011111"
    "1110111110111011111011111111101111101110010101111111011111010111111010111111011101111111111111101110"
    "1110111101110110111001111111110111111000111111010111111111101010011110111111111110111011111111011011"
    "1111111001111111000111111111110111101101111111111110010101111111111101001111001011100100011111111111",
    "1110010111110011000011110000100011111111110111011111011100111111110111110001110000010011100101111011"
    "1001111000111010101011001010101010111010110101011100001011010111111111101101010111111011111101100000"
    "1011100111101111010111111011100001001110111001101101011011101001101011101111111111111111000101001111"
    "0100101010100101110110011101010101101101000111110101111111101101010111100000011101100011111111111011"
    "1100110110101110011110011101010101111001100101100111001011101111100110011101110100001001111101000011"
    "1110110111110110000111010101011101100101111000100001010100011010101111101111010101101100110011001110",
    "1111010000000101100001011001000010001001101001010101011000111101111011010100001101010110011010010011"
    "0010110100100110001010100000010000000101011110010011111001001001110010010100110001110000111011000110"
    "1110111000100100111101010000010100100001011001111110011011101001101011100000111111001111001101001000"
    "1000110100101010110001011010100110111011101110000011001000101010011010000100101000011110000101101010"
    "0000101111110111001000111111101001000100001100110110000111101000110001110100111101110010100011000101"
    "1110110010110010010101010100110000000110101101000111011011111110001110001001100001101001111001001111",
    "0001010000000101001110010000110000001001000011011000100001010000110111011010000001000001001101000011"
    "1000110100110100111000100010010110001000000101000001000011000000100100000100000011001010100000000010"
    "1010100110000000000100100101110011100000001101001001010010111011101011000001101000000001100001000110"
    "0000110010100001100101000110001100101000000100010000010000000000010010100001011000000111011001111100"
    "1001000001100110001011001000011000010000000100100000100000111000000000011000111100011000010011010000"
    "1101001100010000101000000111010010010001100100000000010000011000100000010001000000001001001110010000",
    "0100001001100011100000011011100010001000001100010000001000000000001010110000000101000110011111000111"
    "1100100001000000001000000000001000000011100100010001010010000010110010000000010001010000011000000001"
    "0000000000110001001100010000011110000000000001011110001000100001000010111000000011000010010011000111"
    "0000010000000000110001001000011001000010100001100100011000100000010000000010001000001010000000101101"
    "0001100001010010101010000000001010000110101011010000000100011010000000111010010101001000111011010010"
    "0110011000100111000001000001001000011110010011100000100100100000000001000001001000001010001010001100",
};
static const double girth_2pl_a[5] = {0.9900376336784793, 0.5287387592448695, 0.5990659199501119,
                                      0.8274150635315565, 0.6257734292228675};
static const double girth_2pl_b[5] = {-1.5095181539895166, -0.9858408325887735, 0.10849255786256896,
                                      1.0118845306565716, 1.4569123130209778};

static void separable_2pl_reproduces_girth(void **state)
{
    (void)state;
    irt_resp r[5 * 600];
    size_t n = 0;
    for (int i = 0; i < 5; i++)
        for (int p = 0; p < 600; p++) r[n++] = (irt_resp){i, p, (unsigned char)(girth_2pl[i][p] == '1')};
    irt_opts o = IRT_OPTS_INIT;
    o.method = IRT_SEPARABLE;
    o.max_iter = 25; /* girth's own stopping rule */
    o.tol = 1e-3;
    double a[5], b[5], c[5];
    assert_int_equal(irt_fit(a, b, c, NULL, &o, r, n, 5, 600), 0);
    for (int i = 0; i < 5; i++) {
        assert_near(a[i], girth_2pl_a[i], 1e-4);
        assert_near(b[i], girth_2pl_b[i], 1e-3);
    }
    /* the textbook EM finds nearly the same maximum */
    o.method = IRT_EM;
    o.max_iter = 500;
    o.tol = 1e-6;
    assert_int_equal(irt_fit(a, b, c, NULL, &o, r, n, 5, 600), 0);
    for (int i = 0; i < 5; i++) assert_near(a[i], girth_2pl_a[i], 1e-3);
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
        cmocka_unit_test(separable_2pl_reproduces_girth),
        cmocka_unit_test(eap_follows_the_answers),
        cmocka_unit_test(rejects_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
