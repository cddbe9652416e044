/*
 * cat.h — computerised adaptive testing for placement.
 *
 * A placement test asks one calibrated item (IRT a, b, c; engine/irt.h) at a time. After each
 * answer the ability estimate is the EAP (posterior mean) under a normal prior, computed on a
 * fixed quadrature grid, and its standard error the posterior standard deviation. The next
 * item is the most informative one at the current estimate (Fisher information), except that:
 *  - randomesque selection (Kingsbury & Zara 1989) draws uniformly among the top_k most
 *    informative items, so two learners of equal ability do not see the same sequence;
 *  - exposure control (the caller picks the method: cat_exposure_control) is either
 *     . a cap: an item already shown to more than max_exposure of the examinees so far (the
 *       caller keeps the counts) is passed over while other items remain (a "restricted
 *       maximum information" rule, Revuelta & Ponsoda 1998); the default, which max_exposure
 *       = 1 turns off;
 *     . or Sympson–Hetter (1985): each item has a caller-owned parameter k_i in [0, 1]. The
 *       not-yet-given items are walked in descending information; the one reached is
 *       "selected" and administered with probability k_i, else it is set aside FOR THE REST OF
 *       THIS TEST (the classic rule: every item meets the lottery at most once per test, so
 *       P(given) = k_i · P(selected) exactly, which is what the calibration assumes) and the
 *       walk moves on. With top_k > 1 the walk collects the first top_k items that win their
 *       lottery and randomesque draws among them (the others stay available). If every
 *       remaining item loses, the lottery yields like the cap does: the choice is made by
 *       information alone among the items not given (set-aside ones included), i.e. the most
 *       informative one for top_k = 1 — measurement first, and the event is rare because the
 *       tail of the ranking has k_i = 1.
 *       cat_sh_calibrate finds the k_i by the classic iterative simulations: start at 1,
 *       simulate examinees ~ N(0, 1), count P(S_i) (selected, i.e. reached by the walk) and
 *       P(A_i) (administered), set k_i = r_max / P(S_i) where P(S_i) > r_max and 1 elsewhere,
 *       and repeat until every P(A_i) <= r_max + tolerance or the rounds run out.
 * The test stops when the SE falls below se_stop (after min_items), at max_items, or when the
 * bank is used up. Finally the ability maps to a Teaching-at-the-Right-Level level through the
 * caller's table of cut points.
 *
 * Ownership: the session is a plain value; the `administered` flags (one per bank item:
 * CAT_FREE, CAT_GIVEN or CAT_SET_ASIDE) are caller-owned memory of the bank's size, written by
 * cat_begin, cat_answer and, under Sympson–Hetter, cat_select. The k_i array and all of
 * cat_sh_calibrate's memory (counts, workspace) are the caller's too. No allocation, no I/O;
 * randomness from an rng.
 */
#ifndef ENGINE_CAT_H
#define ENGINE_CAT_H

#include <stddef.h>

#include "base/rng.h"

enum { CAT_QUAD = 81 }; /* quadrature points on [-4, 4] (prior sd units around the mean) */

/* the states of an item in a session's `administered` array */
enum { CAT_FREE = 0, CAT_GIVEN = 1, CAT_SET_ASIDE = 2 };

/* exposure control methods; 0 is the historical default (the cap, off when max_exposure = 1) */
typedef enum cat_exposure {
    CAT_EXPOSURE_CAP = 0,
    CAT_EXPOSURE_NONE = 1,
    CAT_EXPOSURE_SH = 2 /* Sympson–Hetter */
} cat_exposure;

typedef struct cat_item {
    double a, b, c; /* a > 0, 0 <= c < 1 */
} cat_item;

typedef struct cat_options {
    double se_stop;      /* stop once SE < se_stop ... */
    int min_items;       /* ... and at least this many items were given */
    int max_items;       /* stop at this many items in any case */
    int top_k;           /* randomesque: choose among the k most informative (1 = pure max info) */
    double max_exposure; /* cap: skip items seen by more than this share of examinees (1 = no cap) */
    double prior_mean, prior_sd;
} cat_options;

/* The exposure control of one selection: the method and the caller-owned per-item data it
 * reads. It is not a field of cat_options because callers initialise that struct positionally
 * and -Wextra (-Werror in CI) flags every initialiser that stops short of a new field. */
typedef struct cat_exposure_control {
    cat_exposure method;
    const unsigned *counts; /* cap: tests that showed each item so far (NULL: no cap) */
    unsigned examinees;     /* cap: tests given before this one */
    const double *sh_k;     /* Sympson–Hetter: k_i in [0, 1] per bank item */
} cat_exposure_control;

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

/* cat_select_controlled: the next item's index in *out under exposure control x (see the file
 * comment). Under CAT_EXPOSURE_SH the items that lose their lottery are marked CAT_SET_ASIDE in
 * the session's administered array (the only write; the session value is unchanged), and no
 * random number is drawn for an item with k_i = 1 or 0, so k all 1 with top_k = 1 gives exactly
 * the pure maximum-information sequence. E_NOTFOUND when every item has been given; E_INVALID
 * for an unknown method, SH without sh_k, or a not-yet-given item's k_i outside [0, 1]. */
int cat_select_controlled(size_t *out, const cat_session *s, const cat_item *bank,
                          const cat_exposure_control *x, const cat_options *opt, rng *r);

/* cat_select: cat_select_controlled with the cap: `exposure` (may be NULL) holds each item's
 * exposure count and `examinees` how many tests were given before this one. */
int cat_select(size_t *out, const cat_session *s, const cat_item *bank, const unsigned *exposure,
               unsigned examinees, const cat_options *opt, rng *r);

/* cat_answer: records the answer (correct 0/1) to bank item i and updates theta and se.
 * E_INVALID when i is out of range or was already given (a set-aside item may be answered:
 * cat_select falls back on one when every lottery is lost). */
int cat_answer(cat_session *s, const cat_item *bank, size_t i, int correct);

/* cat_done: 1 when the test should stop (see the file comment), else 0. */
int cat_done(const cat_session *s, const cat_options *opt);

/* Sympson–Hetter calibration settings. */
typedef struct cat_sh_calibration {
    double r_max;     /* target exposure rate, in (0, 1] */
    double tolerance; /* done once every item's rate is <= r_max + tolerance; >= 0 */
    int examinees;    /* simulated per round, > 0 */
    int max_rounds;   /* > 0 */
} cat_sh_calibration;

typedef struct cat_sh_report {
    int rounds;          /* simulation rounds run */
    int converged;       /* 1 when the last round met r_max + tolerance */
    double max_exposure; /* the largest P(A_i) in the last round */
    double mean_items;   /* mean test length in the last round */
} cat_sh_report;

/* cat_sh_calibrate: Sympson–Hetter parameters for `bank` (n items) under `opt` (stop rule,
 * prior, top_k; max_exposure is ignored) by the iterative simulations described in the
 * file comment, examinees ~ N(0, 1) and their answers drawn from r. On return k (n doubles) is
 * the set that the LAST simulated round used, so rep->max_exposure is that set's measured
 * rate; selected and given (n counts each, caller-owned) hold that round's number of tests in
 * which item i was selected / administered. `work` is caller-owned scratch of 2·n bytes; nothing
 * is allocated. Returns 0 also when the rounds ran out before convergence (see rep->converged);
 * E_INVALID for n = 0, a NULL array, r_max outside (0, 1], a negative tolerance, examinees or
 * max_rounds < 1, or a non-positive prior_sd. */
int cat_sh_calibrate(double *k, cat_sh_report *rep, unsigned *selected, unsigned *given,
                     const cat_item *bank, size_t n, const cat_options *opt,
                     const cat_sh_calibration *cal, unsigned char *work, rng *r);

/* cat_level: the placement level for ability theta given ascending cut points: 0 below
 * cuts[0], k when cuts[k-1] <= theta < cuts[k], n_cuts at or above the last one. E.g. seven
 * arithmetic levels (beginner, numbers 1-9, 10-99, 100-999, addition/subtraction,
 * multiplication, division) take six cuts. */
int cat_level(const double *cuts, size_t n_cuts, double theta);

#endif
