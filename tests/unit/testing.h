/*
 * testing.h — what every unit test includes: cmocka and a few helpers.
 *
 * A unit test is tests/unit/test_<name>.c, one binary linked against the sanitizer build of
 * the library (build/asan/libmadrasa.a); `make unit` builds them all and scripts/check.sh
 * runs them. Tests make their own small data: they never read ../shared.
 */
#ifndef TESTS_TESTING_H
#define TESTS_TESTING_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <cmocka.h>

/* assert_near: |a - b| <= tol, with both values in the failure message. */
#define assert_near(a, b, tol)                                                                    \
    do {                                                                                          \
        double a_ = (a), b_ = (b), t_ = (tol);                                                    \
        if (!(fabs(a_ - b_) <= t_)) fail_msg("%s = %.10g, expected %.10g (tol %g)", #a, a_, b_, t_); \
    } while (0)

#endif
