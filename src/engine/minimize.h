/*
 * minimize.h — one-dimensional minimisation on an interval (Brent's method).
 *
 * Several estimators need "the x in [lo, hi] where this smooth cost is smallest": an item's
 * discrimination in the separable IRT estimator, its difficulty matching an observed share of
 * right answers, a stability in the FSRS pre-training. This is Brent's "localmin" (R. P. Brent,
 * Algorithms for Minimization without Derivatives, 1973, ch. 5): golden-section steps that
 * switch to parabolic interpolation through the three best points whenever the parabola's
 * vertex is a safe step, so a smooth cost converges superlinearly while the worst case stays
 * that of golden section. It is the algorithm behind SciPy's fminbound, and follows the same
 * stopping rule, so estimates can be compared with Python packages built on it (girth):
 * stop when the best point lies within 2·tol1 of the midpoint of the bracket, where
 * tol1 = sqrt(machine epsilon)·|x| + xtol/3, or after max_evals evaluations.
 *
 * The cost is called with the caller's context; no allocation, no state outside the call.
 */
#ifndef ENGINE_MINIMIZE_H
#define ENGINE_MINIMIZE_H

typedef double (*minimize_fn)(void *ctx, double x);

/* minimize_bounded: the minimiser found in [lo, hi] (lo < hi). The last call of f is not
 * necessarily at the returned point (as in fminbound); callers whose cost leaves state
 * behind decide whether to evaluate it once more there. */
double minimize_bounded(minimize_fn f, void *ctx, double lo, double hi, double xtol,
                        int max_evals);

#endif
