/*
 * test_minimize.c — Brent's bounded minimiser: smooth minima to xtol, a kink, minima on the
 * bounds, and the evaluation budget.
 */
#include "testing.h"

#include <math.h>

#include "engine/minimize.h"

typedef struct counted {
    int calls;
    double centre;
} counted;

static double parabola(void *ctx, double x)
{
    counted *c = ctx;
    c->calls++;
    return (x - c->centre) * (x - c->centre) + 3;
}

static double kink(void *ctx, double x)
{
    counted *c = ctx;
    c->calls++;
    return fabs(x - c->centre);
}

static double quartic_cos(void *ctx, double x)
{
    (void)ctx;
    return cos(x) + 0.01 * x * x * x * x; /* minimum near ±2.55, here on [0, 5] */
}

static void smooth_minimum_in_few_steps(void **state)
{
    (void)state;
    counted c = {0, 1.2345};
    double x = minimize_bounded(parabola, &c, -10, 10, 1e-8, 500);
    assert_near(x, 1.2345, 1e-7);
    assert_true(c.calls < 15); /* a parabola is found by interpolation, not bisection */
    double y = minimize_bounded(quartic_cos, NULL, 0, 5, 1e-9, 500);
    /* derivative -sin(y) + 0.04 y^3 vanishes there */
    assert_near(-sin(y) + 0.04 * y * y * y, 0, 1e-6);
}

static void kink_and_bounds(void **state)
{
    (void)state;
    counted c = {0, -0.3};
    assert_near(minimize_bounded(kink, &c, -1, 1, 1e-6, 500), -0.3, 1e-5);
    c = (counted){0, 7}; /* minimum right of the interval: the search ends at its edge */
    double x = minimize_bounded(parabola, &c, 0, 2, 1e-6, 500);
    assert_true(x <= 2 && x > 2 - 1e-4);
    c = (counted){0, -7};
    x = minimize_bounded(parabola, &c, 0, 2, 1e-6, 500);
    assert_true(x >= 0 && x < 1e-4);
}

static void evaluation_budget_is_kept(void **state)
{
    (void)state;
    counted c = {0, 0.5};
    minimize_bounded(kink, &c, -100, 100, 1e-12, 5);
    assert_int_equal(c.calls, 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(smooth_minimum_in_few_steps),
        cmocka_unit_test(kink_and_bounds),
        cmocka_unit_test(evaluation_budget_is_kept),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
