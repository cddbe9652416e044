/*
 * minimize.c — Brent's bounded minimiser (see minimize.h).
 *
 * The search keeps a bracket [lo, hi] and three points: x (the best so far), w (the second
 * best) and v (the previous value of w). Each step tries the vertex of the parabola through
 * them; it is accepted when it falls inside the bracket and moves less than half the step
 * before last (so the steps shrink), otherwise a golden-section step goes into the larger half
 * of the bracket. No point is evaluated closer than tol1 to x, so rounding noise does not
 * stall the search.
 */
#include "engine/minimize.h"

#include <float.h>
#include <math.h>

static double sign_of(double v) { return v >= 0 ? 1.0 : -1.0; }

double minimize_bounded(minimize_fn f, void *ctx, double lo, double hi, double xtol,
                        int max_evals)
{
    const double golden = 0.5 * (3.0 - sqrt(5.0)), root_eps = sqrt(DBL_EPSILON);
    double v = lo + golden * (hi - lo), w = v, x = v;
    double fx = f(ctx, x), fv = fx, fw = fx;
    double step = 0, prev_step = 0; /* the last step and the one before it */
    int evals = 1;
    for (;;) {
        double mid = 0.5 * (lo + hi), tol1 = root_eps * fabs(x) + xtol / 3, tol2 = 2 * tol1;
        if (fabs(x - mid) <= tol2 - 0.5 * (hi - lo) || evals >= max_evals) break;
        int use_golden = 1;
        if (fabs(prev_step) > tol1) { /* try the parabola through x, w, v */
            double r = (x - w) * (fx - fv), q = (x - v) * (fx - fw);
            double p = (x - v) * q - (x - w) * r;
            q = 2 * (q - r);
            if (q > 0) p = -p;
            q = fabs(q);
            double older = prev_step;
            prev_step = step;
            if (fabs(p) < fabs(0.5 * q * older) && p > q * (lo - x) && p < q * (hi - x)) {
                use_golden = 0;
                step = p / q;
                double u = x + step;
                if (u - lo < tol2 || hi - u < tol2) step = tol1 * sign_of(mid - x);
            }
        }
        if (use_golden) {
            prev_step = x >= mid ? lo - x : hi - x;
            step = golden * prev_step;
        }
        double u = x + sign_of(step) * fmax(fabs(step), tol1);
        double fu = f(ctx, u);
        evals++;
        if (fu <= fx) {
            if (u >= x) lo = x;
            else hi = x;
            v = w, fv = fw;
            w = x, fw = fx;
            x = u, fx = fu;
        } else {
            if (u < x) lo = u;
            else hi = u;
            if (fu <= fw || w == x) {
                v = w, fv = fw;
                w = u, fw = fu;
            } else if (fu <= fv || v == x || v == w) {
                v = u, fv = fu;
            }
        }
    }
    return x;
}
