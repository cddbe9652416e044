/*
 * fsrs_opt.h — fitting FSRS-6 parameters to a learner's (or a school's) review history.
 *
 * A review log becomes a dataset the way fsrs-rs and srs-benchmark build their training items:
 * reviews are grouped by card and ordered by time; each review is placed on a day (days start
 * at a given hour, UTC); delta_t of a review is the number of day boundaries since the card's
 * previous review (0 for the first review and for same-day reviews). Every review after the
 * first whose delta_t > 0 is a training item: the model replays the card's earlier reviews,
 * same-day ones included (they move stability through the short-term formula), and predicts
 * recall (rating > 1) with R(delta_t, S). Same-day reviews are history, never targets.
 *
 * Fitting follows fsrs-rs: first the initial stabilities w0..w3 are "pretrained" from each
 * card's first long-term review, grouped by first rating (a one-dimensional search per rating
 * of the binary cross-entropy of the forgetting curve, plus |S - default| / 16 as fsrs-rs
 * does, with the observed recall smoothed by one pseudo-review at the average recall); then
 * w4..w20 minimise the (recency-weighted) mean binary cross-entropy of all items plus an L2 penalty toward the
 * starting values, gamma * sum(((w - w_start) / sd)^2) / n_items with fsrs-rs's per-parameter
 * standard deviations, inside fsrs-rs's parameter bounds. The bounds are kept by optimising
 * u with w = lo + (hi - lo) * sigmoid(u); the optimiser is L-BFGS (liblbfgs) on exact
 * gradients computed in forward mode (dual numbers) through the whole review sequence.
 *
 * Memory: a dataset lives in the caller's arena; fitting allocates its scratch from the
 * arena too (liblbfgs keeps its own few vectors and frees them before returning).
 */
#ifndef ENGINE_FSRS_OPT_H
#define ENGINE_FSRS_OPT_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "engine/fsrs.h"

typedef struct fsrs_dataset {
    size_t n_cards, n_reviews, n_items;
    size_t *card_start;     /* n_cards + 1 offsets into the review arrays */
    unsigned char *rating;  /* 1..4, per review, cards contiguous, each card in time order */
    int *delta_t;           /* whole days since the card's previous review (0 for the first) */
    double *weight;         /* n_items recency weights, dataset order (see below) */
} fsrs_dataset;

/* Recency weights, as fsrs-rs trains and evaluates: items ranked by review time get
 * 0.25 + 0.75 (rank / (n_items - 1))^3, so the newest reviews count four times the oldest.
 * Every loss below is weighted by them; set them all to 1 for the plain mean. */

/* fsrs_dataset_build: groups n reviews (card id, time in ms since the epoch, rating 1..4; any
 * order) into a dataset in arena a, days starting at `day_start_hour` UTC (fsrs-rs's "next day
 * starts at"; 4 in Anki). E_INVALID for a rating outside 1..4 or an hour outside 0..23. */
int fsrs_dataset_build(fsrs_dataset *out, arena *a, const int64_t *card_id, const int64_t *time_ms,
                       const unsigned char *rating, size_t n, int day_start_hour);

/* fsrs_opt_predict: for each of the n_items training items in dataset order, the predicted
 * recall probability p[i] and the outcome y[i] (1 when the rating was > 1). Arrays of
 * data->n_items, caller-owned. */
void fsrs_opt_predict(double *p, unsigned char *y, const fsrs_params *params,
                      const fsrs_dataset *data);

/* fsrs_opt_logloss: the weighted mean binary cross-entropy of predictions p (as from
 * fsrs_opt_predict, clipped to [1e-15, 1 - 1e-15]) against outcomes y, weights data->weight. */
double fsrs_opt_logloss(const double *p, const unsigned char *y, const fsrs_dataset *data);

/* fsrs_opt_rmse_bins: srs-benchmark's RMSE(bins) of predictions p (as from fsrs_opt_predict)
 * against outcomes y. Items are binned by (delta_t, number of earlier long-term reviews + 1,
 * earlier lapses), each on a log scale: delta_t -> 2.48 * 3.62^floor(log_3.62 delta_t),
 * length -> 1.99 * 1.89^floor(log_1.89 length), lapses -> 1.65 * 1.73^floor(log_1.73 lapses)
 * (0 stays 0); a lapse is an Again rating with delta_t > 0. Within each bin the mean prediction
 * is compared with the mean outcome; the squared gaps are averaged weighted by the bin's
 * count. Means and counts use the item weights (fsrs-rs and srs-benchmark weight the same
 * way). Scratch comes from arena a. */
double fsrs_opt_rmse_bins(const double *p, const unsigned char *y, const fsrs_dataset *data,
                          arena *a);

typedef struct fsrs_opt_options {
    double gamma;       /* weight of the L2 pull toward the starting parameters */
    int max_iterations; /* L-BFGS iterations */
    int pretrain;       /* 1: pretrain w0..w3 first; 0: keep those of `start` */
} fsrs_opt_options;

#define FSRS_OPT_OPTIONS_INIT {1.0, 200, 1}

typedef struct fsrs_opt_report {
    int iterations;    /* L-BFGS iterations done */
    int evaluations;   /* objective evaluations (each one pass over the data) */
    int lbfgs_status;  /* liblbfgs's return code (0 or a convergence code >= 0 is fine) */
    double objective;  /* final mean cross-entropy + penalty */
} fsrs_opt_report;

/* fsrs_opt_fit: parameters fitted to `data` from `start` (usually the defaults). E_INVALID when
 * the dataset has no training item. The result always lies inside the bounds. */
int fsrs_opt_fit(fsrs_params *out, fsrs_opt_report *report, arena *a, const fsrs_dataset *data,
                 const fsrs_params *start, const fsrs_opt_options *opt);

/* fsrs_opt_objective: the objective fsrs_opt_fit minimises, at `params` with penalty centre
 * `centre`, and its gradient with respect to w4..w20 in grad[0..16] (grad may be NULL).
 * Exposed so tests can check the gradient against finite differences. */
double fsrs_opt_objective(double *grad, const fsrs_params *params, const fsrs_params *centre,
                          const fsrs_dataset *data, double gamma);

/* fsrs_opt_clip: clamps every parameter into fsrs-rs's bounds. */
void fsrs_opt_clip(fsrs_params *p);

#endif
