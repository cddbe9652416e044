/*
 * test_lr.c — logistic knowledge tracing on simulated learners: the fit recovers the item
 * order, predicts unseen learners almost as well as the true model, reacts to history, and
 * handles unseen items and bad input.
 */
#include "testing.h"

#include <stdlib.h>

#include "base/err.h"
#include "base/rng.h"
#include "engine/lr.h"
#include "engine/metrics.h"

enum { SKILLS = 4, ITEMS = 32, LEN = 30 };

typedef struct answer {
    int item, skill;
    unsigned char y;
    double p_true;
} answer;

/* A learner practising random items: P(right) rises with right answers on the skill. */
static void simulate(answer *out, rng *r, const double *diff)
{
    double theta = rng_normal(r);
    int wins[SKILLS] = {0}, fails[SKILLS] = {0};
    for (int t = 0; t < LEN; t++) {
        int item = (int)rng_below(r, ITEMS), skill = item % SKILLS;
        double z = theta - diff[item] + 0.5 * log1p(wins[skill]) - 0.2 * log1p(fails[skill]);
        double p = 1 / (1 + exp(-z));
        int y = rng_uniform(r) < p;
        wins[skill] += y;
        fails[skill] += !y;
        out[t] = (answer){item, skill, (unsigned char)y, p};
    }
}

static void fits_simulated_learners(void **state)
{
    (void)state;
    enum { TRAIN = 500, TEST = 150 };
    rng r;
    rng_seed(&r, 17);
    double diff[ITEMS];
    for (int i = 0; i < ITEMS; i++) diff[i] = -1.5 + 3.0 * rng_uniform(&r);
    answer *tr = malloc(TRAIN * LEN * sizeof *tr), *te = malloc(TEST * LEN * sizeof *te);
    for (int s = 0; s < TRAIN; s++) simulate(tr + s * LEN, &r, diff);
    for (int s = 0; s < TEST; s++) simulate(te + s * LEN, &r, diff);

    lr_model m;
    assert_int_equal(lr_model_init(&m, ITEMS, SKILLS), 0);
    lr_history *fresh = lr_history_create();
    assert_near(lr_predict(&m, fresh, 0, 0), 0.5, 1e-12);
    for (int k = 0; k < TRAIN * LEN; k++) lr_count(&m, tr[k].item, tr[k].skill, tr[k].y);
    lr_rows rows = LR_ROWS_INIT;
    for (int s = 0; s < TRAIN; s++) {
        lr_history *h = lr_history_create();
        for (int t = 0; t < LEN; t++) {
            const answer *a = &tr[s * LEN + t];
            lr_rows_add(&rows, &m, h, a->item, a->skill, a->y);
            lr_update(h, &m, a->item, a->skill, a->y, 1);
        }
        lr_history_free(h);
    }
    assert_int_equal(rows.n, TRAIN * LEN);
    assert_int_equal(rows.ptr[rows.n], rows.nnz);
    lr_opts o = LR_OPTS_INIT;
    lr_fit_info info;
    assert_int_equal(lr_fit(&m, &info, &rows, &o), 0);
    assert_true(info.iterations > 0);

    double *pred = malloc(TEST * LEN * sizeof *pred), *oracle = malloc(TEST * LEN * sizeof *oracle);
    unsigned char *y = malloc(TEST * LEN);
    for (int s = 0; s < TEST; s++) {
        lr_history *h = lr_history_create();
        for (int t = 0; t < LEN; t++) {
            const answer *a = &te[s * LEN + t];
            pred[s * LEN + t] = lr_predict(&m, h, a->item, a->skill);
            oracle[s * LEN + t] = a->p_true;
            y[s * LEN + t] = a->y;
            lr_update(h, &m, a->item, a->skill, a->y, 0);
        }
        lr_history_free(h);
    }
    double auc = metrics_auc(pred, y, TEST * LEN), best = metrics_auc(oracle, y, TEST * LEN);
    /* the true model knows each learner's ability from the start; we must infer it */
    assert_true(auc > best - 0.06);
    assert_true(auc > 0.7);

    /* harder items (higher diff) get lower predicted success for a new learner */
    int good = 0, pairs = 0;
    for (int i = 0; i < ITEMS; i++)
        for (int j = 0; j < ITEMS; j++)
            if (diff[i] < diff[j] - 0.3) {
                pairs++;
                good += lr_predict(&m, fresh, i, i % SKILLS) > lr_predict(&m, fresh, j, j % SKILLS);
            }
    assert_true(good >= 0.85 * pairs);

    /* history matters: five right answers raise the prediction, five wrong ones lower it */
    lr_history *up = lr_history_create(), *down = lr_history_create();
    for (int t = 0; t < 5; t++) {
        lr_update(up, &m, 4 * t, 0, 1, 0);
        lr_update(down, &m, 4 * t, 0, 0, 0);
    }
    double p0 = lr_predict(&m, fresh, 8, 0);
    assert_true(lr_predict(&m, up, 8, 0) > p0 + 0.1);
    assert_true(lr_predict(&m, down, 8, 0) < p0 - 0.1);
    /* an item first seen after fitting still gets a sensible prediction */
    double pn = lr_predict(&m, up, ITEMS + 7, 2);
    assert_true(pn > 0 && pn < 1);

    lr_history_free(up);
    lr_history_free(down);
    lr_history_free(fresh);
    lr_rows_free(&rows);
    lr_model_free(&m);
    free(tr);
    free(te);
    free(pred);
    free(oracle);
    free(y);
}

static void rejects_bad_input(void **state)
{
    (void)state;
    lr_model m;
    assert_int_equal(lr_model_init(&m, -1, 3), E_INVALID);
    assert_int_equal(lr_model_init(&m, 3, 3), 0);
    lr_rows rows = LR_ROWS_INIT;
    lr_opts o = LR_OPTS_INIT;
    assert_int_equal(lr_fit(&m, NULL, &rows, &o), E_INVALID);
    lr_history *h = lr_history_create();
    lr_rows_add(&rows, &m, h, 0, 0, 1);
    o.threads = 0;
    assert_int_equal(lr_fit(&m, NULL, &rows, &o), E_INVALID);
    lr_history_free(h);
    lr_rows_free(&rows);
    lr_model_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fits_simulated_learners),
        cmocka_unit_test(rejects_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
