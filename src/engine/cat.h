/*
 * cat.h — computerised adaptive testing for placement.
 *
 * A placement test asks one calibrated item (IRT a, b, c; engine/irt.h) at a time. After each
 * answer the ability estimate is the EAP (posterior mean) under a normal prior, computed on a
 * fixed quadrature grid, and its standard error the posterior standard deviation. The next
 * item is the most informative one at the current estimate (Fisher information), except that:
 *  - randomesque selection (Kingsbury & Zara 1989) draws uniformly among the top_k most
 *    informative items, so two learners of equal ability do not see the same sequence;
 *  - exposure control caps each item's exposure rate: an item already shown to more than
 *    max_exposure of the examinees so far (the caller keeps the counts) is passed over while
 *    other items remain (a "restricted maximum information" rule, Revuelta & Ponsoda 1998;
 *    simpler than Sympson–Hetter, which needs its own calibration simulations).
 * The test stops when the SE falls below se_stop (after min_items), at max_items, or when the
 * bank is used up. Finally the ability maps to a Teaching-at-the-Right-Level level through the
 * caller's table of cut points.
 *
 * Ownership: the session is a plain value; the `administered` flags (one per bank item) are
 * caller-owned memory of the bank's size. No allocation, no I/O; randomness from an rng.
 */
#ifndef ENGINE_CAT_H
#define ENGINE_CAT_H

#include <stddef.h>

#include "base/rng.h"

enum { CAT_QUAD = 81 }; /* quadrature points on [-4, 4] (prior sd units around the mean) */

typedef struct cat_item {
    double a, b, c; /* a > 0, 0 <= c < 1 */
} cat_item;

typedef struct cat_options {
    double se_stop;      /* stop once SE < se_stop ... */
    int min_items;       /* ... and at least this many items were given */
    int max_items;       /* stop at this many items in any case */
    int top_k;           /* randomesque: choose among the k most informative (1 = pure max info) */
    double max_exposure; /* skip items seen by more than this share of examinees (1 = no cap) */
    double prior_mean, prior_sd;
} cat_options;

#define CAT_OPTIONS_INIT {0.3, 1, 40, 1, 1.0, 0.0, 1.0}

typedef struct cat_session {
    double theta, se;      /* current EAP and posterior SD */
    int n_given;
    double grid[CAT_QUAD];
    double log_post[CAT_QUAD];
    unsigned char *administered; /* caller-owned, one flag per bank item */
    size_t bank_size;
} cat_session;

/* cat_begin: a fresh session over a bank of n items; `administered` (n bytes) is cleared.
 * E_INVALID for a non-positive prior_sd or n = 0. */
int cat_begin(cat_session *s, unsigned char *administered, size_t n, const cat_options *opt);

/* cat_select: the next item's index in *out. `exposure` (may be NULL) holds each item's
 * exposure count and `examinees` how many tests were given before this one. E_NOTFOUND when
 * every item has been given. */
int cat_select(size_t *out, const cat_session *s, const cat_item *bank, const unsigned *exposure,
               unsigned examinees, const cat_options *opt, rng *r);

/* cat_answer: records the answer (correct 0/1) to bank item i and updates theta and se.
 * E_INVALID when i is out of range or was already given. */
int cat_answer(cat_session *s, const cat_item *bank, size_t i, int correct);

/* cat_done: 1 when the test should stop (see the file comment), else 0. */
int cat_done(const cat_session *s, const cat_options *opt);

/* cat_level: the placement level for ability theta given ascending cut points: 0 below
 * cuts[0], k when cuts[k-1] <= theta < cuts[k], n_cuts at or above the last one. E.g. seven
 * arithmetic levels (beginner, numbers 1-9, 10-99, 100-999, addition/subtraction,
 * multiplication, division) take six cuts. */
int cat_level(const double *cuts, size_t n_cuts, double theta);

#endif
