/*
 * test_lr.c — logistic knowledge tracing on simulated learners: the fit recovers the item
 * order, predicts unseen learners almost as well as the true model, reacts to history, and
 * handles unseen items and bad input. With clock times: on learners whose memory of a skill
 * fades with the days since they practised it, at irregular gaps, the time-window features
 * beat the same model without times on held-out learners; with every time 0 a timed model
 * predicts exactly as the model without the clock block.
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
    assert_int_equal(lr_model_init(&m, ITEMS, SKILLS, 0), 0);
    lr_history *fresh = lr_history_create();
    assert_near(lr_predict(&m, fresh, 0, 0, 0), 0.5, 1e-12);
    for (int k = 0; k < TRAIN * LEN; k++) lr_count(&m, tr[k].item, tr[k].skill, tr[k].y);
    lr_rows rows = LR_ROWS_INIT;
    for (int s = 0; s < TRAIN; s++) {
        lr_history *h = lr_history_create();
        for (int t = 0; t < LEN; t++) {
            const answer *a = &tr[s * LEN + t];
            lr_rows_add(&rows, &m, h, a->item, a->skill, a->y, 0);
            lr_update(h, &m, a->item, a->skill, a->y, 1, 0);
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
            pred[s * LEN + t] = lr_predict(&m, h, a->item, a->skill, 0);
            oracle[s * LEN + t] = a->p_true;
            y[s * LEN + t] = a->y;
            lr_update(h, &m, a->item, a->skill, a->y, 0, 0);
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
                good += lr_predict(&m, fresh, i, i % SKILLS, 0) >
                        lr_predict(&m, fresh, j, j % SKILLS, 0);
            }
    assert_true(good >= 0.85 * pairs);

    /* history matters: five right answers raise the prediction, five wrong ones lower it */
    lr_history *up = lr_history_create(), *down = lr_history_create();
    for (int t = 0; t < 5; t++) {
        lr_update(up, &m, 4 * t, 0, 1, 0, 0);
        lr_update(down, &m, 4 * t, 0, 0, 0, 0);
    }
    double p0 = lr_predict(&m, fresh, 8, 0, 0);
    assert_true(lr_predict(&m, up, 8, 0, 0) > p0 + 0.1);
    assert_true(lr_predict(&m, down, 8, 0, 0) < p0 - 0.1);
    /* an item first seen after fitting still gets a sensible prediction */
    double pn = lr_predict(&m, up, ITEMS + 7, 2, 0);
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

/* ---- Forgetting by the clock ---- */

enum { T_LEN = 60, T_TRAIN = 400, T_TEST = 200, HOUR = 3600, DAY = 86400 };

typedef struct timed_answer {
    int item, skill;
    unsigned char y;
    int64_t t;
} timed_answer;

/* A learner who practises the skills in turn (skill = attempt mod SKILLS: always SKILLS
 * attempts between two on a skill) in sessions of 3 to 10 attempts a minute or two apart,
 * with gaps between sessions spread evenly on a log scale from an hour to 30 days. A skill
 * practised d days ago is remembered with probability exp(-d / 2) (answered right 95 % of
 * the time); otherwise, or before any practice, the learner succeeds with
 * sigmoid(ability - difficulty - 1). So the attempts between two practices of a skill say
 * nothing about the forgetting; only the clock does. */
static void simulate_forgetting(timed_answer *out, rng *r, const double *diff)
{
    double theta = 0.7 * rng_normal(r);
    int64_t clock = 1700000000 + (int64_t)rng_below(r, 100 * DAY), last[SKILLS] = {0};
    int left = 0; /* attempts left in the session */
    for (int k = 0; k < T_LEN; k++) {
        if (left == 0) {
            clock += (int64_t)(HOUR * exp(rng_uniform(r) * log(30.0 * DAY / HOUR)));
            left = 3 + (int)rng_below(r, 8);
        } else {
            clock += 60 + (int64_t)rng_below(r, 60);
        }
        left--;
        int skill = k % SKILLS, item = skill + SKILLS * (int)rng_below(r, ITEMS / SKILLS);
        double recall = last[skill] ? exp(-(double)(clock - last[skill]) / DAY / 2) : 0;
        double guess = 1 / (1 + exp(-(theta - diff[item] - 1)));
        double p = recall * 0.95 + (1 - recall) * guess;
        out[k] = (timed_answer){item, skill, (unsigned char)(rng_uniform(r) < p), clock};
        last[skill] = clock;
    }
}

/* The answer's time as given to the model: its clock, or 0 when times are withheld. */
static int64_t given(const timed_answer *a, int with_times) { return with_times ? a->t : 0; }

/* Fits a model (timed or not) on the training learners, giving it their times or zeros. */
static void fit_timed(lr_model *m, const timed_answer *tr, int timed, int with_times)
{
    assert_int_equal(lr_model_init(m, ITEMS, SKILLS, timed), 0);
    for (int k = 0; k < T_TRAIN * T_LEN; k++) lr_count(m, tr[k].item, tr[k].skill, tr[k].y);
    lr_rows rows = LR_ROWS_INIT;
    for (int s = 0; s < T_TRAIN; s++) {
        lr_history *h = lr_history_create();
        for (int k = 0; k < T_LEN; k++) {
            const timed_answer *a = &tr[s * T_LEN + k];
            lr_rows_add(&rows, m, h, a->item, a->skill, a->y, given(a, with_times));
            lr_update(h, m, a->item, a->skill, a->y, 1, given(a, with_times));
        }
        lr_history_free(h);
    }
    lr_opts o = LR_OPTS_INIT;
    assert_int_equal(lr_fit(m, NULL, &rows, &o), 0);
    lr_rows_free(&rows);
}

/* Online predictions for the held-out learners. */
static void predict_timed(double *pred, const lr_model *m, const timed_answer *te,
                          int with_times)
{
    for (int s = 0; s < T_TEST; s++) {
        lr_history *h = lr_history_create();
        for (int k = 0; k < T_LEN; k++) {
            const timed_answer *a = &te[s * T_LEN + k];
            pred[s * T_LEN + k] = lr_predict(m, h, a->item, a->skill, given(a, with_times));
            lr_update(h, m, a->item, a->skill, a->y, 0, given(a, with_times));
        }
        lr_history_free(h);
    }
}

static void times_capture_forgetting(void **state)
{
    (void)state;
    enum { N = T_TEST * T_LEN };
    rng r;
    rng_seed(&r, 2019);
    double diff[ITEMS];
    for (int i = 0; i < ITEMS; i++) diff[i] = -1.5 + 3.0 * rng_uniform(&r);
    timed_answer *tr = malloc(T_TRAIN * T_LEN * sizeof *tr), *te = malloc(N * sizeof *te);
    for (int s = 0; s < T_TRAIN; s++) simulate_forgetting(tr + s * T_LEN, &r, diff);
    for (int s = 0; s < T_TEST; s++) simulate_forgetting(te + s * T_LEN, &r, diff);
    unsigned char *y = malloc(N);
    for (int k = 0; k < N; k++) y[k] = te[k].y;

    lr_model timed, blind, plain;
    fit_timed(&timed, tr, 1, 1);
    fit_timed(&blind, tr, 1, 0);
    fit_timed(&plain, tr, 0, 1);
    double *p_timed = malloc(N * sizeof(double)), *p_blind = malloc(N * sizeof(double));
    double *p_plain = malloc(N * sizeof(double));
    predict_timed(p_timed, &timed, te, 1);
    predict_timed(p_blind, &blind, te, 0);
    predict_timed(p_plain, &plain, te, 1);
    double auc_timed = metrics_auc(p_timed, y, N), auc_blind = metrics_auc(p_blind, y, N);
    print_message("forgetting by the clock: AUC with times %.4f, without %.4f\n", auc_timed,
                  auc_blind);
    /* measured 0.8440 against 0.6911 (margin 0.153; 0.144 to 0.156 over seeds 1 to 4): ask
     * for half of the smallest */
    assert_true(auc_timed > auc_blind + 0.07);

    /* without times the clock block is absent: a timed model given zeros predicts exactly as
     * the model without the block (which ignores the times it is given) */
    assert_int_equal(blind.n_weights, plain.n_weights + 4 * 4 + 1); /* windows x counts, days */
    for (size_t k = plain.n_weights; k < blind.n_weights; k++) assert_true(blind.w[k] == 0);
    for (int k = 0; k < N; k++) assert_true(p_blind[k] == p_plain[k]);

    /* eight right answers a minute apart; skill 0 asked again ten minutes or twenty days
     * later (measured 0.99 against 0.51; 0.97-0.99 against 0.18-0.54 over seeds 1 to 4) */
    lr_history *h = lr_history_create();
    int64_t t0 = 1700000000;
    for (int k = 0; k < 8; k++) lr_update(h, &timed, k % SKILLS, k % SKILLS, 1, 0, t0 + 60 * k);
    int64_t soon = t0 + 60 * 8 + 600, late = t0 + 60 * 8 + 20 * DAY;
    assert_true(lr_predict(&timed, h, 4, 0, soon) > lr_predict(&timed, h, 4, 0, late) + 0.2);

    lr_history_free(h);
    lr_model_free(&timed);
    lr_model_free(&blind);
    lr_model_free(&plain);
    free(p_timed);
    free(p_blind);
    free(p_plain);
    free(tr);
    free(te);
    free(y);
}

static void rejects_bad_input(void **state)
{
    (void)state;
    lr_model m;
    assert_int_equal(lr_model_init(&m, -1, 3, 0), E_INVALID);
    assert_int_equal(lr_model_init(&m, 3, 3, 0), 0);
    lr_rows rows = LR_ROWS_INIT;
    lr_opts o = LR_OPTS_INIT;
    assert_int_equal(lr_fit(&m, NULL, &rows, &o), E_INVALID);
    lr_history *h = lr_history_create();
    lr_rows_add(&rows, &m, h, 0, 0, 1, 0);
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
        cmocka_unit_test(times_capture_forgetting),
        cmocka_unit_test(rejects_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
