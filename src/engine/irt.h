/*
 * irt.h — item response theory: the logistic 1PL/2PL/3PL models, their calibration by marginal
 * maximum likelihood and abilities by expected a posteriori (EAP).
 *
 * The model: a person of ability theta answers item (a, b, c) correctly with probability
 *     P(theta) = c + (1 - c) / (1 + exp(-a (theta - b)))
 * a > 0 is the discrimination, b the difficulty (on the theta scale, no 1.7 factor), c in [0, 1)
 * the lower asymptote ("guessing"). Rasch fixes a to a known constant, 1PL estimates one a
 * shared by all items, 2PL one a per item, 3PL adds c. Abilities follow N(0, 1) in the
 * population, which fixes the scale.
 *
 * irt_prob and irt_info are small pure functions used by the adaptive test (cat.c) and the
 * item selection; the calibration is pure too: the caller hands in the response matrix and the
 * output arrays, and the functions allocate only scratch they free before returning.
 */
#ifndef ENGINE_IRT_H
#define ENGINE_IRT_H

/* irt_prob: probability of a correct answer at ability theta for item (a, b, c). Requires
 * a > 0 and 0 <= c < 1; the result lies in [c, 1] and is numerically safe for any theta. */
double irt_prob(double theta, double a, double b, double c);

/* irt_info: Fisher information of the item at theta,
 *     I(theta) = a^2 (P - c)^2 / (1 - c)^2 * (1 - P) / P,
 * which for c = 0 is a^2 P (1 - P). Same requirements as irt_prob; always >= 0, and 0 where P
 * underflows to 0 or 1. The standard error of an ability estimate after a test is about
 * 1 / sqrt(sum of the items' information). */
double irt_info(double theta, double a, double b, double c);

#endif
