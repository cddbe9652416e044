/*
 * test_cat.c — the adaptive placement test: EAP moves the right way, SE shrinks, selection
 * follows information, randomesque and the exposure cap spread items, levels map by cuts.
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
        cmocka_unit_test(levels_follow_the_cut_points),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
