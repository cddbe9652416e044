/*
 * test_metrics.c — AUC (with ties), RMSE, log loss and accuracy on cases worked by hand.
 */
#include "testing.h"

#include "engine/metrics.h"

static void auc_of_known_orderings(void **state)
{
    (void)state;
    const double p[4] = {0.1, 0.4, 0.35, 0.8};
    const unsigned char y[4] = {0, 0, 1, 1};
    /* positives {0.35, 0.8} vs negatives {0.1, 0.4}: 3 of 4 pairs ordered */
    assert_near(metrics_auc(p, y, 4), 0.75, 1e-12);
    const unsigned char all_right[4] = {1, 1, 1, 1};
    assert_near(metrics_auc(p, all_right, 4), 0.5, 0);
    const double perfect[4] = {0.1, 0.2, 0.3, 0.4};
    assert_near(metrics_auc(perfect, y, 4), 1.0, 1e-12);
    const unsigned char reversed[4] = {1, 1, 0, 0};
    assert_near(metrics_auc(perfect, reversed, 4), 0.0, 1e-12);
}

static void auc_counts_ties_as_half(void **state)
{
    (void)state;
    const double p[4] = {0.5, 0.5, 0.2, 0.9};
    const unsigned char y[4] = {1, 0, 0, 1};
    /* pairs: (0.5 vs 0.5) 1/2, (0.5 vs 0.2) 1, (0.9 vs 0.5) 1, (0.9 vs 0.2) 1 -> 3.5 / 4 */
    assert_near(metrics_auc(p, y, 4), 0.875, 1e-12);
    const double flat[6] = {0.3, 0.3, 0.3, 0.3, 0.3, 0.3};
    const unsigned char mixed[6] = {1, 0, 1, 0, 0, 1};
    assert_near(metrics_auc(flat, mixed, 6), 0.5, 1e-12);
}

static void rmse_logloss_accuracy(void **state)
{
    (void)state;
    const double p[3] = {0.8, 0.3, 0.5};
    const unsigned char y[3] = {1, 0, 0};
    assert_near(metrics_rmse(p, y, 3), sqrt((0.04 + 0.09 + 0.25) / 3), 1e-12);
    assert_near(metrics_logloss(p, y, 3), -(log(0.8) + log(0.7) + log(0.5)) / 3, 1e-12);
    assert_near(metrics_accuracy(p, y, 3), 2.0 / 3, 1e-12); /* 0.5 predicts a 1 */
    const double sure[1] = {0.0};
    const unsigned char one[1] = {1};
    double ll = metrics_logloss(sure, one, 1);
    assert_true(isfinite(ll));
    assert_near(ll, -log(1e-15), 1e-9);
    assert_near(metrics_rmse(p, y, 0), 0, 0);
    assert_near(metrics_auc(p, y, 0), 0.5, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(auc_of_known_orderings),
        cmocka_unit_test(auc_counts_ties_as_half),
        cmocka_unit_test(rmse_logloss_accuracy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
