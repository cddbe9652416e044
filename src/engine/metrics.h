/*
 * metrics.h — the scores every evaluation reports: AUC, RMSE and log loss of probabilistic
 * predictions against binary outcomes.
 *
 * All three take parallel arrays `p` (predicted probability of a 1) and `y` (outcome, 0 or 1)
 * of length n and never modify them. They are pure: no allocation the caller cannot see (AUC
 * sorts a scratch copy it allocates and frees itself), no I/O. Log loss clips p to
 * [1e-15, 1 - 1e-15] as scikit-learn does, so a confident wrong answer costs a large but
 * finite amount.
 */
#ifndef ENGINE_METRICS_H
#define ENGINE_METRICS_H

#include <stddef.h>

/* metrics_auc: area under the ROC curve, the probability that a random positive scores above a
 * random negative, ties counted one half (Mann–Whitney with mid-ranks). Returns 0.5 when only
 * one class is present or n is 0 (the score says nothing then). O(n log n). */
double metrics_auc(const double *p, const unsigned char *y, size_t n);

/* metrics_rmse: root of the mean squared difference between p and y; 0 when n is 0. */
double metrics_rmse(const double *p, const unsigned char *y, size_t n);

/* metrics_logloss: mean binary cross-entropy in nats (p clipped, see above); 0 when n is 0. */
double metrics_logloss(const double *p, const unsigned char *y, size_t n);

/* metrics_accuracy: share of predictions on the right side of 0.5 (p >= 0.5 predicts 1). */
double metrics_accuracy(const double *p, const unsigned char *y, size_t n);

#endif
