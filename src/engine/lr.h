/*
 * lr.h — logistic knowledge tracing: a regularised logistic regression on features of the
 * learner's own past answers (the PFA / Best-LR / DAS3H family, Gervet et al. 2020).
 *
 *     P(correct) = sigmoid(w . x(history, item, skill))
 *
 * The features x are computed only from the learner's answers before this one, so the same
 * code serves training (replay each training learner's log in order) and online prediction
 * for a learner the model has never seen (ability is not a per-learner weight but is carried
 * by features of their own history: overall success and attempt counts, recent success).
 * They are, with counts log-scaled as log(1 + n):
 *   - item difficulty and skill difficulty (one weight per item, per skill), and the logit of
 *     the item's smoothed success rate in training (leave-one-out for training answers);
 *   - successes, failures and attempts on this skill, overall and on this very item;
 *   - the same skill counts with skill-specific weights (each skill its own learning rate and
 *     its own sensitivity to the learner's ability);
 *   - recency, by position (what every log has, clock or not): success rates in the last 3/10
 *     attempts on the skill and the last 5/20/64 overall, the previous answer on the skill and
 *     overall, streaks of 1, 2, 3+ equal answers, the current run on the skill, and the gap in
 *     attempts since the skill was last practised;
 *   - ability relative to the items: the learner's residuals (answer minus the item's
 *     expected success), as a shrunk mean, a mean of the last 5 and a decayed mean, overall
 *     and on the skill. This is what lets an unseen learner's strength show after a few
 *     answers without a per-learner weight;
 *   - recency by the clock (DAS3H, Choffin et al. 2019), only in a model made with `timed`
 *     and only for answers whose time is known: attempts and successes on the skill and
 *     overall within the last hour, day, week and 30 days, and the days since the skill was
 *     last practised, as log(1 + x).
 * Times are Unix seconds, 0 = unknown. A learner's times should not decrease; a time earlier
 * than their previous known one is taken as that one. An answer without a time contributes no
 * clock features and does not enter the windows, so a timed model given only zero times makes
 * the same predictions as the model without the time block.
 * Items or skills at or beyond the model's n_items / n_skills (first seen after fitting) get
 * no difficulty weight but their history still counts.
 *
 * Fitting minimises the summed log loss plus (l2 / 2) |w|^2 (the intercept is not penalised)
 * with L-BFGS (liblbfgs) over a sparse row matrix. Ownership: lr_model, lr_rows and
 * lr_history each own their heap memory and are released by their _free function.
 */
#ifndef ENGINE_LR_H
#define ENGINE_LR_H

#include <stddef.h>
#include <stdint.h>

/* One learner's history: counts per skill and per item, recent outcomes. */
typedef struct lr_history lr_history;

typedef struct lr_model {
    int n_items, n_skills; /* items and skills with their own weights */
    int timed;             /* 1: the clock features have weights (the last block) */
    size_t n_weights;
    double *w; /* owned */
    uint32_t *item_att, *item_win, *skill_att, *skill_win; /* training counts (owned) */
} lr_model;

/* Training rows in compressed sparse row form; built by lr_rows_add. */
typedef struct lr_rows {
    size_t n, cap, nnz, nnz_cap;
    size_t *ptr;   /* n + 1 row starts */
    uint32_t *idx; /* feature index per entry */
    float *val;    /* feature value per entry */
    unsigned char *y;
} lr_rows;

#define LR_ROWS_INIT {0, 0, 0, 0, NULL, NULL, NULL, NULL}

typedef struct lr_opts {
    double l2;    /* L2 penalty on every weight but the intercept */
    int max_iter; /* L-BFGS iterations */
    double eps;   /* L-BFGS stop: |g| < eps max(1, |w|) */
    int threads;  /* threads for the loss and gradient (1 = none) */
} lr_opts;

#define LR_OPTS_INIT {3.0, 100, 1e-5, 2}

typedef struct lr_fit_info {
    double loss;    /* penalised objective at the end */
    int iterations; /* L-BFGS iterations used */
    int status;     /* liblbfgs's return code (0 or LBFGS_STOP/CONVERGENCE are success) */
} lr_fit_info;

/* lr_history_create: an empty history (a learner with no answers). Caller frees. */
lr_history *lr_history_create(void);
void lr_history_free(lr_history *h);

/* lr_update: record the learner's answer to `item` (practising `skill`) given at time t
 * (Unix seconds, 0 = unknown); ids are >= 0. The model's counts give the item's expected
 * success, from which the answer's residual is kept; `counted` says the answer is itself in
 * those counts (a training answer), which is then left out of them, so training features look
 * like those of a new learner. */
void lr_update(lr_history *h, const lr_model *m, int item, int skill, int correct, int counted,
               int64_t t);

/* lr_model_init: a model with zero weights for n_items items and n_skills skills (both >= 0);
 * `timed` = 1 adds the clock features' weights (for logs with times), 0 leaves them out.
 * E_LIMIT when the sizes would overflow the feature index. */
int lr_model_init(lr_model *m, int n_items, int n_skills, int timed);
void lr_model_free(lr_model *m);

/* lr_count: add a training answer to the model's item and skill success counts (the smoothed
 * item success rate is a feature). Count every training answer before lr_rows_add. */
void lr_count(lr_model *m, int item, int skill, int correct);

/* lr_rows_add: append the features of the learner's next answer (to item, skill, at time t,
 * 0 = unknown) given history h before it, with its outcome, which must have been counted by
 * lr_count (it is left out of the item's rate). Call lr_update afterwards to move the history
 * on. */
void lr_rows_add(lr_rows *r, const lr_model *m, const lr_history *h, int item, int skill,
                 int correct, int64_t t);
void lr_rows_free(lr_rows *r);

/* lr_fit: fit m's weights to the rows (starting from the current weights). info may be NULL.
 * Returns 0, E_INVALID for empty rows or bad options, E_FAIL when L-BFGS fails outright. */
int lr_fit(lr_model *m, lr_fit_info *info, const lr_rows *r, const lr_opts *o);

/* lr_predict: P(correct) for the learner's next answer to (item, skill) at time t (Unix
 * seconds, 0 = unknown). */
double lr_predict(const lr_model *m, const lr_history *h, int item, int skill, int64_t t);

#endif
