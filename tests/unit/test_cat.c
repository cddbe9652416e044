/*
 * test_cat.c — the adaptive placement test: EAP moves the right way, SE shrinks, selection
 * follows information, randomesque and the exposure cap spread items, Sympson–Hetter sets
 * lottery losers aside and its calibration holds every item's exposure near r_max where pure
 * maximum information shows one item to everybody, levels map by cuts.
 */
#include "testing.h"

#include <string.h>

#include "base/err.h"
#include "base/rng.h"
#include "engine/cat.h"
#include "engine/irt.h"

static cat_item bank[40];

static int setup(void **state)
{
    (void)state;
    for (int i = 0; i < 40; i++) bank[i] = (cat_item){1.0 + 0.02 * i, -2.0 + 0.1 * i, 0.0};
    return 0;
}

static void eap_and_se_follow_the_answers(void **state)
{
    (void)state;
    unsigned char given[40];
    cat_options opt = CAT_OPTIONS_INIT;
    cat_session s;
    assert_int_equal(cat_begin(&s, given, 40, &opt), 0);
    assert_near(s.theta, 0.0, 1e-9);
    assert_near(s.se, 1.0, 0.01); /* the prior's sd, up to the grid */
    double se0 = s.se;
    assert_int_equal(cat_answer(&s, bank, 20, 1), 0);
    assert_true(s.theta > 0.2);
    assert_true(s.se < se0);
    assert_int_equal(cat_answer(&s, bank, 20, 1), E_INVALID); /* twice */
    assert_int_equal(cat_answer(&s, bank, 40, 1), E_INVALID); /* out of range */
    double up = s.theta;
    assert_int_equal(cat_answer(&s, bank, 25, 0), 0);
    assert_true(s.theta < up);
    assert_int_equal(s.n_given, 2);
    opt.prior_sd = 0;
    assert_int_equal(cat_begin(&s, given, 40, &opt), E_INVALID);
}

static void max_information_picks_the_item_at_theta(void **state)
{
    (void)state;
    unsigned char given[40];
    cat_options opt = CAT_OPTIONS_INIT;
    cat_session s;
    rng r;
    rng_seed(&r, 1);
    cat_begin(&s, given, 40, &opt);
    size_t i;
    assert_int_equal(cat_select(&i, &s, bank, NULL, 0, &opt, &r), 0);
    double best = irt_info(0, bank[i].a, bank[i].b, bank[i].c);
    for (int j = 0; j < 40; j++) assert_true(irt_info(0, bank[j].a, bank[j].b, bank[j].c) <= best);
    /* once the best item is used the next best is chosen */
    cat_answer(&s, bank, i, 1);
    size_t i2;
    assert_int_equal(cat_select(&i2, &s, bank, NULL, 0, &opt, &r), 0);
    assert_true(i2 != i);
}

static void randomesque_and_exposure_cap_spread_items(void **state)
{
    (void)state;
    unsigned char given[40];
    unsigned exposure[40] = {0};
    cat_options opt = CAT_OPTIONS_INIT;
    opt.top_k = 4;
    cat_session s;
    rng r;
    rng_seed(&r, 2);
    cat_begin(&s, given, 40, &opt);
    int seen[40] = {0}, distinct = 0;
    for (int t = 0; t < 200; t++) {
        size_t i;
        cat_select(&i, &s, bank, NULL, 0, &opt, &r);
        distinct += !seen[i]++;
    }
    assert_int_equal(distinct, 4);
    /* cap: the pure max-info item has been seen by every one of 10 examinees -> skipped */
    opt.top_k = 1;
    opt.max_exposure = 0.5;
    size_t best;
    cat_select(&best, &s, bank, NULL, 0, &opt, &r);
    exposure[best] = 10;
    size_t other;
    cat_select(&other, &s, bank, exposure, 10, &opt, &r);
    assert_true(other != best);
    /* when every item is over the cap, the cap yields rather than failing */
    for (int j = 0; j < 40; j++) exposure[j] = 10;
    assert_int_equal(cat_select(&other, &s, bank, exposure, 10, &opt, &r), 0);
    assert_int_equal(other, best);
}

static void a_simulated_test_stops_and_estimates(void **state)
{
    (void)state;
    static cat_item big[300];
    rng r;
    rng_seed(&r, 3);
    for (int i = 0; i < 300; i++) big[i] = (cat_item){1.5, -3 + 6.0 * i / 299, 0.0};
    unsigned char given[300];
    cat_options opt = CAT_OPTIONS_INIT;
    opt.max_items = 60;
    double sq = 0;
    for (int e = 0; e < 40; e++) {
        double theta = rng_normal(&r);
        cat_session s;
        cat_begin(&s, given, 300, &opt);
        while (!cat_done(&s, &opt)) {
            size_t i;
            assert_int_equal(cat_select(&i, &s, big, NULL, 0, &opt, &r), 0);
            cat_answer(&s, big, i, rng_uniform(&r) < irt_prob(theta, big[i].a, big[i].b, 0));
        }
        assert_true(s.se < 0.3 || s.n_given == 60);
        sq += (s.theta - theta) * (s.theta - theta);
    }
    assert_true(sqrt(sq / 40) < 0.45);
    /* a bank of 3 items ends the test after 3 */
    cat_session s;
    cat_begin(&s, given, 3, &opt);
    for (size_t i = 0; i < 3; i++) cat_answer(&s, big, i, 1);
    assert_true(cat_done(&s, &opt));
    size_t i;
    assert_int_equal(cat_select(&i, &s, big, NULL, 0, &opt, &r), E_NOTFOUND);
}

static void sympson_hetter_sets_losers_aside(void **state)
{
    (void)state;
    unsigned char given[40];
    double k[40];
    cat_options opt = CAT_OPTIONS_INIT;
    cat_session s;
    rng r;
    rng_seed(&r, 4);
    cat_begin(&s, given, 40, &opt);
    size_t best, i;
    cat_select(&best, &s, bank, NULL, 0, &opt, &r);
    for (int j = 0; j < 40; j++) k[j] = 1;
    k[best] = 0; /* the best item always loses: the next best is given, the best set aside */
    cat_exposure_control sh = {CAT_EXPOSURE_SH, NULL, 0, k};
    assert_int_equal(cat_select_controlled(&i, &s, bank, &sh, &opt, &r), 0);
    assert_true(i != best);
    assert_int_equal(given[best], CAT_SET_ASIDE);
    assert_int_equal(cat_answer(&s, bank, i, 1), 0);
    k[best] = 1; /* set aside for the rest of this test even though it would now win */
    for (int t = 0; t < 10; t++) {
        assert_int_equal(cat_select_controlled(&i, &s, bank, &sh, &opt, &r), 0);
        assert_true(i != best);
        cat_answer(&s, bank, i, t % 2);
    }
    /* every lottery lost: the lottery yields, the most informative item not given comes */
    for (int j = 0; j < 40; j++) k[j] = 0;
    cat_begin(&s, given, 40, &opt);
    assert_int_equal(cat_select_controlled(&i, &s, bank, &sh, &opt, &r), 0);
    assert_int_equal(i, best);
    for (int j = 0; j < 40; j++) assert_int_equal(given[j], CAT_SET_ASIDE);
    assert_int_equal(cat_answer(&s, bank, i, 1), 0); /* a set-aside item may still be given */
    assert_int_equal(cat_select_controlled(&i, &s, bank, &sh, &opt, &r), 0);
    assert_true(i != best);
}

static void sympson_hetter_with_k_one_is_max_info(void **state)
{
    (void)state;
    unsigned char given[40];
    double k[40];
    for (int j = 0; j < 40; j++) k[j] = 1;
    cat_options opt = CAT_OPTIONS_INIT;
    opt.se_stop = 0; /* run to max_items */
    opt.max_items = 25;
    const cat_exposure_control sh = {CAT_EXPOSURE_SH, NULL, 0, k},
                               none = {CAT_EXPOSURE_NONE, NULL, 0, NULL};
    for (int e = 0; e < 5; e++) {
        size_t seq[2][25];
        double theta = -1.5 + 0.7 * e;
        for (int rule = 0; rule < 2; rule++) {
            rng r;
            rng_seed(&r, 10 + (uint64_t)e); /* both rules see the same answers */
            cat_session s;
            cat_begin(&s, given, 40, &opt);
            while (!cat_done(&s, &opt)) {
                size_t i;
                assert_int_equal(cat_select_controlled(&i, &s, bank, rule ? &sh : &none, &opt, &r), 0);
                seq[rule][s.n_given] = i;
                cat_answer(&s, bank, i, rng_uniform(&r) < irt_prob(theta, bank[i].a, bank[i].b, 0));
            }
            assert_int_equal(s.n_given, 25);
        }
        assert_memory_equal(seq[0], seq[1], sizeof seq[0]);
    }
}

/* The largest exposure rate over `m` fresh fixed-length tests of `bank` under control x. */
static double max_exposure_rate(const cat_item *items, size_t n, const cat_options *opt,
                                const cat_exposure_control *x, int m, uint64_t seed)
{
    unsigned char given[60];
    unsigned count[60] = {0};
    rng r;
    rng_seed(&r, seed);
    for (int e = 0; e < m; e++) {
        double theta = rng_normal(&r);
        cat_session s;
        cat_begin(&s, given, n, opt);
        while (!cat_done(&s, opt)) {
            size_t i;
            assert_int_equal(cat_select_controlled(&i, &s, items, x, opt, &r), 0);
            cat_answer(&s, items, i, rng_uniform(&r) < irt_prob(theta, items[i].a, items[i].b, 0));
            count[i]++;
        }
    }
    double mx = 0;
    for (size_t i = 0; i < n; i++) mx = fmax(mx, (double)count[i] / m);
    return mx;
}

static void sympson_hetter_calibration_holds_exposure(void **state)
{
    (void)state;
    enum { N = 60, M = 2000 };
    cat_item items[N];
    for (int i = 0; i < N; i++) items[i] = (cat_item){1.0 + 0.5 * (i % 7) / 6, -2.5 + 5.0 * i / (N - 1), 0};
    cat_options opt = CAT_OPTIONS_INIT;
    opt.se_stop = 0;
    opt.max_items = 6; /* 6 of 60 items: a mean rate of 0.1, so 0.25 is reachable */
    double k[N];
    unsigned sel[N], giv[N];
    unsigned char work[2 * N];
    const cat_sh_calibration cal = {0.25, 0.02, M, 40};
    cat_sh_report rep;
    rng r;
    rng_seed(&r, 5);
    assert_int_equal(cat_sh_calibrate(k, &rep, sel, giv, items, N, &opt, &cal, work, &r), 0);
    assert_true(rep.converged);
    assert_true(rep.rounds > 1 && rep.rounds <= 40);
    assert_true(rep.max_exposure <= 0.27);
    assert_near(rep.mean_items, 6.0, 1e-9);
    int limited = 0;
    for (int i = 0; i < N; i++) {
        assert_true(k[i] >= 0 && k[i] <= 1);
        assert_true(giv[i] <= sel[i]);
        limited += k[i] < 1;
    }
    assert_true(limited > 0);
    /* fresh examinees from another seed: every rate within 4 sampling sds of r_max (0.01 at
     * 0.25 over 2000 tests; 0.272-0.285 over calibration seeds 5-9), while pure maximum
     * information gives one item to everybody */
    const cat_exposure_control sh = {CAT_EXPOSURE_SH, NULL, 0, k},
                               none = {CAT_EXPOSURE_NONE, NULL, 0, NULL};
    assert_true(max_exposure_rate(items, N, &opt, &sh, 2000, 99) <= 0.25 + 0.04);
    assert_true(max_exposure_rate(items, N, &opt, &none, 2000, 99) > 0.9);
}

static void sympson_hetter_rejects_bad_arguments(void **state)
{
    (void)state;
    double k[40];
    unsigned sel[40], giv[40];
    unsigned char work[80], given[40];
    cat_options opt = CAT_OPTIONS_INIT;
    cat_sh_report rep;
    rng r;
    rng_seed(&r, 6);
    const cat_sh_calibration good = {0.25, 0.02, 10, 2};
    static const cat_sh_calibration bad[] = {
        {0.0, 0.02, 10, 2}, {1.5, 0.02, 10, 2}, {0.25, -0.1, 10, 2}, {0.25, 0.02, 0, 2}, {0.25, 0.02, 10, 0},
    };
    for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++)
        assert_int_equal(cat_sh_calibrate(k, &rep, sel, giv, bank, 40, &opt, &bad[b], work, &r), E_INVALID);
    assert_int_equal(cat_sh_calibrate(k, &rep, sel, giv, bank, 0, &opt, &good, work, &r), E_INVALID);
    assert_int_equal(cat_sh_calibrate(NULL, &rep, sel, giv, bank, 40, &opt, &good, work, &r), E_INVALID);
    assert_int_equal(cat_sh_calibrate(k, &rep, sel, giv, bank, 40, &opt, &good, NULL, &r), E_INVALID);
    opt.prior_sd = 0;
    assert_int_equal(cat_sh_calibrate(k, &rep, sel, giv, bank, 40, &opt, &good, work, &r), E_INVALID);
    opt.prior_sd = 1;
    assert_int_equal(cat_sh_calibrate(k, &rep, sel, giv, bank, 40, &opt, &good, work, &r), 0);
    /* selection: SH without k, a k outside [0, 1] (or NaN), an unknown method */
    cat_session s;
    cat_begin(&s, given, 40, &opt);
    size_t i;
    cat_exposure_control x = {CAT_EXPOSURE_SH, NULL, 0, NULL};
    assert_int_equal(cat_select_controlled(&i, &s, bank, &x, &opt, &r), E_INVALID);
    for (int j = 0; j < 40; j++) k[j] = 1;
    x.sh_k = k;
    k[39] = 1.5;
    assert_int_equal(cat_select_controlled(&i, &s, bank, &x, &opt, &r), E_INVALID);
    k[39] = NAN;
    assert_int_equal(cat_select_controlled(&i, &s, bank, &x, &opt, &r), E_INVALID);
    k[39] = 1;
    assert_int_equal(cat_select_controlled(&i, &s, bank, &x, &opt, &r), 0);
    x.method = (cat_exposure)7;
    assert_int_equal(cat_select_controlled(&i, &s, bank, &x, &opt, &r), E_INVALID);
}

static void levels_follow_the_cut_points(void **state)
{
    (void)state;
    /* beginner | 1-9 | 10-99 | 100-999 | add/sub | mul | div */
    static const double cuts[6] = {-1.5, -0.8, -0.2, 0.3, 0.9, 1.6};
    assert_int_equal(cat_level(cuts, 6, -3.0), 0);
    assert_int_equal(cat_level(cuts, 6, -0.8), 2);
    assert_int_equal(cat_level(cuts, 6, 0.0), 3);
    assert_int_equal(cat_level(cuts, 6, 1.0), 5);
    assert_int_equal(cat_level(cuts, 6, 5.0), 6);
    assert_int_equal(cat_level(cuts, 0, 5.0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(eap_and_se_follow_the_answers),
        cmocka_unit_test(max_information_picks_the_item_at_theta),
        cmocka_unit_test(randomesque_and_exposure_cap_spread_items),
        cmocka_unit_test(a_simulated_test_stops_and_estimates),
        cmocka_unit_test(sympson_hetter_sets_losers_aside),
        cmocka_unit_test(sympson_hetter_with_k_one_is_max_info),
        cmocka_unit_test(sympson_hetter_calibration_holds_exposure),
        cmocka_unit_test(sympson_hetter_rejects_bad_arguments),
        cmocka_unit_test(levels_follow_the_cut_points),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
