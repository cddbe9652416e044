/*
 * bkt.h — Bayesian Knowledge Tracing: one hidden binary skill state per learner and skill.
 *
 * The learner either knows the skill or not. Before the first attempt P(known) = init; after
 * each attempt the learner who did not know learns with probability `learn`, and (in the
 * forgetting variant) one who knew forgets with probability `forget`. A learner who knows
 * answers wrongly with probability `slip`; one who does not answers rightly with probability
 * `guess`. This is the two-state hidden Markov model of Corbett & Anderson (1995), the model
 * hmm-scalable fits with its solver 1.1.
 *
 * Fitting is Baum–Welch (EM) with the scaled forward–backward pass, from the hmm-scalable
 * default start and from random starts drawn from the caller's rng; the best log-likelihood
 * wins. Guess and slip are held inside [0, max_guess] and [0, max_slip] (default 0.3) after
 * each M-step, so a fit cannot drift to the degenerate "known means wrong" solution.
 * Iterations stop when the Euclidean change of the full parameter vector (PI, A, B as
 * hmm-scalable counts them) is below `tol`, or after max_iter.
 *
 * Data layout for fitting: all observations (1 = correct, 0 = wrong) in one array, cut into
 * sequences (one learner on one skill, in attempt order) by `starts`: sequence k is
 * obs[starts[k] .. starts[k+1]). Nothing is allocated beyond scratch freed before return.
 */
#ifndef ENGINE_BKT_H
#define ENGINE_BKT_H

#include <stddef.h>

#include "base/rng.h"

typedef struct bkt_params {
    double init;   /* P(known) before the first attempt */
    double learn;  /* P(unknown -> known) after an attempt */
    double forget; /* P(known -> unknown) after an attempt; 0 in the classic model */
    double guess;  /* P(correct | unknown) */
    double slip;   /* P(wrong | known) */
} bkt_params;

/* hmm-scalable's default start: PI 0.5, A [1 0; 0.4 0.6], B [0.8 0.2; 0.2 0.8]. */
#define BKT_PARAMS_DEFAULT {0.5, 0.4, 0.0, 0.2, 0.2}

typedef struct bkt_opts {
    bkt_params start;  /* first start of EM */
    int restarts;      /* extra random starts (0 = only `start`) */
    int max_iter;      /* EM iterations per start */
    double tol;        /* stop when the parameter change is below this */
    double max_guess;  /* upper bound on guess */
    double max_slip;   /* upper bound on slip */
    int forgetting;    /* 1: estimate `forget` too; 0: forget stays 0 */
} bkt_opts;

#define BKT_OPTS_INIT {BKT_PARAMS_DEFAULT, 4, 200, 0.01, 0.3, 0.3, 0}

typedef struct bkt_fit_info {
    double loglik;  /* log-likelihood of the data under the returned parameters */
    int iterations; /* EM iterations of the winning start */
} bkt_fit_info;

/* bkt_fit: fits the parameters of one skill to its sequences by EM. `info` may be NULL.
 * Returns E_INVALID when n_seqs is 0 or the options are out of range (probabilities outside
 * [0,1], max_iter < 1); r is used only when o->restarts > 0 (may be NULL otherwise). */
int bkt_fit(bkt_params *out, bkt_fit_info *info, const bkt_opts *o, const unsigned char *obs,
            const size_t *starts, size_t n_seqs, rng *r);

/* bkt_predict: P(correct on the next attempt) given P(known) now. */
double bkt_predict(const bkt_params *p, double p_known);

/* bkt_update: the learner answered (correct 1 / 0); p_known becomes P(known) before the next
 * attempt: Bayes' rule on the answer, then the learn/forget transition. */
void bkt_update(double *p_known, const bkt_params *p, int correct);

#endif
