/*
 * test_fsrs.c — FSRS-6 against the reference values that fsrs-rs 6.6, ts-fsrs 5.4 and py-fsrs 6.3
 * agree on (copied from the project's evaluation data, fsrs/vectors.json; the test reads no file).
 * Values the references print with 7-8 significant digits are checked to 1e-5 relative; the
 * references compute in f32, so that is the precision they carry.
 */
#include "testing.h"

#include <string.h>

#include "base/err.h"
#include "base/rng.h"
#include "engine/fsrs.h"

static const double fsrs5_w[19] = {0.6845422, 1.6790825, 4.7349424, 10.042885, 7.4410233,
                                   0.64219797, 1.071918, 0.0025195254, 1.432437, 0.1544,
                                   0.8692766, 2.0696752, 0.0953, 0.2975, 2.4691248,
                                   0.19542035, 3.201072, 0.18046261, 0.121442534};

#define assert_rel(a, b, rel) assert_near((a), (b), fabs(b) * (rel))

static void default_params_are_fsrs6(void **state)
{
    (void)state;
    static const double w[21] = {0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194,
                                 0.001, 1.8722, 0.1666, 0.796, 1.4835, 0.0614, 0.2629,
                                 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542};
    fsrs_params p = FSRS_PARAMS_INIT;
    assert_memory_equal(p.w, w, sizeof w);
    fsrs_params q;
    assert_int_equal(fsrs_params_set(&q, w, 20), E_INVALID);
    assert_int_equal(fsrs_params_set(&q, fsrs5_w, 19), 0);
    assert_near(q.w[19], 0.0, 0);
    assert_near(q.w[20], 0.5, 0);
}

static void retrievability_follows_the_power_curve(void **state)
{
    (void)state;
    fsrs_params p = FSRS_PARAMS_INIT;
    static const double dflt[4] = {1.0, 0.9, 0.84588465, 0.8093881};
    static const double d02[4] = {1.0, 0.9, 0.84028935, 0.7985001};
    for (int t = 0; t < 4; t++) assert_rel(fsrs_retrievability(&p, t, 1.0), dflt[t], 1e-6);
    p.w[20] = 0.2;
    for (int t = 0; t < 4; t++) assert_rel(fsrs_retrievability(&p, t, 1.0), d02[t], 1e-6);
}

static void interval_grows_as_retention_falls(void **state)
{
    (void)state;
    fsrs_params p = FSRS_PARAMS_INIT;
    /* The references round an f32 computation: 3116766 at 0.1 where f64 gives 3116769. */
    static const double days[10] = {3116766, 34793, 2508, 387, 90, 27, 9, 3, 1, 1};
    fsrs_scheduler s = FSRS_SCHEDULER_INIT;
    s.maximum_interval = 1 << 30;
    for (int i = 0; i < 10; i++) {
        s.desired_retention = (i + 1) / 10.0;
        if (i == 9) {
            assert_near(fmax(1.0, round(fsrs_interval_raw(&p, 1.0, 1.0))), days[i], 0);
            continue;
        }
        assert_near(fsrs_next_interval(&s, 1.0), days[i], days[i] * 1.5e-6);
    }
}

static void unit_formulas_match(void **state)
{
    (void)state;
    fsrs_params p = FSRS_PARAMS_INIT;
    static const double next_d[4] = {8.34176237, 6.66599536, 4.99022837, 3.31446137};
    static const double recall[4] = {25.60252118, 28.22657096, 58.65599107, 127.2266925};
    static const double forget[4] = {1.05253961, 1.18943295, 1.36808387, 1.58498896};
    static const double short_s[4] = {1.596818, 5, 5, 8.12960956};
    static const double init_s[4] = {0.212, 1.2931, 2.3065, 8.2956};
    static const double init_d[4] = {6.4133, 5.11217071, 2.11810397, 1};
    for (int g = 1; g <= 4; g++) {
        double d = g, r = 1.0 - g / 10.0;
        assert_rel(fsrs_next_difficulty(&p, 5.0, g), next_d[g - 1], 1e-6);
        assert_rel(fsrs_recall_stability(&p, 5.0, d, r, g), recall[g - 1], 1e-6);
        assert_rel(fsrs_forget_stability(&p, 5.0, d, r), forget[g - 1], 1e-6);
        assert_rel(fsrs_short_term_stability(&p, 5.0, g), short_s[g - 1], 1e-6);
        assert_rel(fsrs_init_stability(&p, g), init_s[g - 1], 1e-9);
        assert_rel(fsrs_init_difficulty(&p, g), init_d[g - 1], 1e-6);
    }
}

static void memory_state_after_a_history(void **state)
{
    (void)state;
    static const int ratings[6] = {1, 3, 3, 3, 3, 3};
    static const double elapsed[6] = {0, 0, 1, 3, 8, 21};
    fsrs_params p = FSRS_PARAMS_INIT;
    fsrs_memory m;
    assert_int_equal(fsrs_memory_replay(&m, &p, ratings, elapsed, 6), 0);
    assert_rel(m.stability, 53.62691, 1e-6);
    assert_rel(m.difficulty, 6.3574867, 1e-6);
    p.w[17] = p.w[18] = p.w[19] = 0;
    assert_int_equal(fsrs_memory_replay(&m, &p, ratings, elapsed, 6), 0);
    assert_rel(m.stability, 53.335106, 1e-6);
    assert_rel(m.difficulty, 6.3574867, 1e-6);
    assert_int_equal(fsrs_memory_replay(&m, &p, ratings, elapsed, 0), E_INVALID);
    assert_int_equal(fsrs_memory_next(&m, &p, NULL, 0, 5), E_INVALID);
}

static void fsrs5_next_states(void **state)
{
    (void)state;
    static const int ratings[4] = {1, 3, 3, 3};
    static const double elapsed[4] = {0, 1, 3, 8};
    static const double want_s[4] = {2.9691455, 17.091452, 31.722992, 71.7502};
    static const double want_d[4] = {8.000659, 7.6913934, 7.382128, 7.0728626};
    fsrs_params p;
    assert_int_equal(fsrs_params_set(&p, fsrs5_w, 19), 0);
    fsrs_memory m, next;
    assert_int_equal(fsrs_memory_replay(&m, &p, ratings, elapsed, 4), 0);
    for (int g = 1; g <= 4; g++) {
        assert_int_equal(fsrs_memory_next(&next, &p, &m, 21, g), 0);
        assert_rel(next.stability, want_s[g - 1], 1e-6);
        assert_rel(next.difficulty, want_d[g - 1], 1e-6);
    }
}

static void memory_from_sm2(void **state)
{
    (void)state;
    fsrs_params p = FSRS_PARAMS_INIT;
    fsrs_memory m;
    assert_int_equal(fsrs_memory_from_sm2(&m, &p, 2.5, 10, 0.9), 0);
    assert_rel(m.stability, 10.0, 1e-6);
    assert_rel(m.difficulty, 6.9140563, 1e-6);
    assert_int_equal(fsrs_memory_from_sm2(&m, &p, 0.5, 10, 0.9), E_INVALID);
}

/* Each review happens at the previous due time, fuzz off, steps 1m,10m / 10m. */
static void replay_intervals(const fsrs_scheduler *s, const int *ratings, const int *want, int n)
{
    fsrs_card c = FSRS_CARD_INIT;
    int64_t now = 1700000000;
    for (int i = 0; i < n; i++) {
        assert_int_equal(fsrs_schedule(&c, s, &c, ratings[i], now, NULL), 0);
        assert_int_equal(c.scheduled_days, want[i]);
        now = c.due;
    }
}

static const int history_ratings[13] = {3, 3, 3, 3, 3, 3, 1, 1, 3, 3, 3, 3, 3};

static void fsrs6_interval_history(void **state)
{
    (void)state;
    static const int want[13] = {0, 2, 11, 46, 163, 498, 0, 0, 2, 4, 7, 12, 21};
    fsrs_scheduler s = FSRS_SCHEDULER_INIT;
    s.enable_fuzz = 0;
    replay_intervals(&s, history_ratings, want, 13);
}

static void fsrs5_interval_history(void **state)
{
    (void)state;
    static const double w[19] = {0.40255, 1.18385, 3.173, 15.69105, 7.1949, 0.5345, 1.4604,
                                 0.0046, 1.54575, 0.1192, 1.01925, 1.9395, 0.11, 0.29605,
                                 2.2698, 0.2315, 2.9898, 0.51655, 0.6621};
    static const int want[13] = {0, 4, 14, 44, 125, 328, 0, 0, 7, 16, 34, 71, 142};
    fsrs_scheduler s = FSRS_SCHEDULER_INIT;
    s.enable_fuzz = 0;
    assert_int_equal(fsrs_params_set(&s.params, w, 19), 0);
    replay_intervals(&s, history_ratings, want, 13);
}

static void steps_and_fuzz_behave(void **state)
{
    (void)state;
    fsrs_scheduler s = FSRS_SCHEDULER_INIT;
    rng r;
    rng_seed(&r, 7);
    fsrs_card c = FSRS_CARD_INIT;
    int64_t t0 = 1700000000;
    /* Hard at the first of two steps waits their mean; Easy graduates at once. */
    assert_int_equal(fsrs_schedule(&c, &s, &c, FSRS_HARD, t0, &r), 0);
    assert_int_equal(c.state, FSRS_LEARNING);
    assert_int_equal(c.due - t0, 330);
    assert_int_equal(fsrs_schedule(&c, &s, &c, FSRS_EASY, c.due, &r), 0);
    assert_int_equal(c.state, FSRS_REVIEW);
    assert_true(c.scheduled_days >= 1);
    /* A review before the last one is refused. */
    assert_int_equal(fsrs_schedule(&c, &s, &c, FSRS_GOOD, t0 - 1, &r), E_INVALID);
    /* Fuzz stays inside the py-fsrs range around 100 days: delta = 1 + .15*4.5 + .1*13 + .05*80. */
    int lo = 1000, hi = 0;
    for (int i = 0; i < 2000; i++) {
        int f = fsrs_fuzz_interval(&s, 100, &r);
        lo = f < lo ? f : lo;
        hi = f > hi ? f : hi;
    }
    assert_int_equal(lo, 93);
    assert_int_equal(hi, 107);
    assert_int_equal(fsrs_fuzz_interval(&s, 2, &r), 2);
    s.maximum_interval = 30;
    assert_true(fsrs_next_interval(&s, 1000.0) == 30);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(default_params_are_fsrs6),
        cmocka_unit_test(retrievability_follows_the_power_curve),
        cmocka_unit_test(interval_grows_as_retention_falls),
        cmocka_unit_test(unit_formulas_match),
        cmocka_unit_test(memory_state_after_a_history),
        cmocka_unit_test(fsrs5_next_states),
        cmocka_unit_test(memory_from_sm2),
        cmocka_unit_test(fsrs6_interval_history),
        cmocka_unit_test(fsrs5_interval_history),
        cmocka_unit_test(steps_and_fuzz_behave),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
