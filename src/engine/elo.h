/*
 * elo.h — online Elo ratings of learners and items, for cold start.
 *
 * A learner of rating theta answers an item of difficulty d correctly with probability
 * sigmoid(theta - d) (the Rasch model, read as a game between learner and item). After each
 * answer both ratings move against the surprise:
 *     theta += K(n_learner) (y - p),    d -= K(n_item) (y - p)
 * with the uncertainty function K(n) = k_max / (1 + k_slope n) of Pelánek (2016): a rating
 * seen few times is uncertain and moves fast, one seen often settles. A learner may also
 * carry a rating per skill, added to the global one (the "multivariate" Elo of the same
 * paper), so what a learner shows on fractions says less about geometry.
 *
 * Ratings are plain values the caller stores (one per learner, per learner and skill, per
 * item); nothing here allocates.
 */
#ifndef ENGINE_ELO_H
#define ENGINE_ELO_H

typedef struct elo_rating {
    double r;    /* rating (ability, or difficulty for an item) */
    unsigned n;  /* answers it has been updated with */
} elo_rating;

typedef struct elo_opts {
    double k_max;   /* K for a rating never updated */
    double k_slope; /* how fast K falls with the number of updates */
} elo_opts;

#define ELO_OPTS_INIT {0.8, 0.05}

/* elo_prob: P(correct) for a learner rated `learner` (plus `skill`, 0 if none) on an item of
 * difficulty `item`. */
double elo_prob(double learner, double skill, double item);

/* elo_k: the step size for a rating updated n times before. */
double elo_k(const elo_opts *o, unsigned n);

/* elo_update: the learner answered `item` (correct 1 / 0). Moves the learner's rating, the
 * learner's skill rating (if not NULL) and, unless item_fixed (a calibrated bank that learners
 * must not move), the item's difficulty, each with its own K, and counts the update in each. */
void elo_update(elo_rating *learner, elo_rating *skill, elo_rating *item, int item_fixed,
                const elo_opts *o, int correct);

#endif
