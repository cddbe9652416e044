/*
 * test_teach_rules.c — the rules a teacher is shown (src/app/teach/teach_rules.c): the
 * heatmap's five steps and each alert rule at and just past its threshold, with the numbers the
 * reason quotes, including the classmates condition that keeps a holiday from alerting.
 */
#include "unit/testing.h"

#include <string.h>

#include "app/teach/teach.h"
#include "base/arena.h"

static void heat_steps_follow_the_stated_cut_points(void **state)
{
    (void)state;
    assert_int_equal(teach_heat_step(0.9, 0, 0), 0); /* never practised, whatever the prior */
    assert_int_equal(teach_heat_step(0.10, 3, 0), 1);
    assert_int_equal(teach_heat_step(0.399, 3, 0), 1);
    assert_int_equal(teach_heat_step(0.40, 3, 0), 2);
    assert_int_equal(teach_heat_step(0.699, 3, 0), 2);
    assert_int_equal(teach_heat_step(0.70, 3, 0), 3);
    assert_int_equal(teach_heat_step(0.949, 3, 0), 3);
    assert_int_equal(teach_heat_step(0.95, 3, 0), 4);
    assert_int_equal(teach_heat_step(0.5, 3, 1), 4); /* learn's mastered flag wins */
}

static int count_kind(const teach_alert *al, int n, int64_t learner, teach_alert_kind k)
{
    int c = 0;
    for (int i = 0; i < n; i++) c += al[i].learner_id == learner && al[i].kind == k;
    return c;
}

static const int64_t NOW = 1800000000;
enum { DAY = 86400 };

static void streaks_stuck_skills_and_falling_rates(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    teach_alert_rules rules = TEACH_ALERT_RULES_INIT;
    teach_learner_facts l[] = {
        {.learner_id = 1, .answers = 40, .correct = 30, .recent_answers = 20, .recent_correct = 15, .wrong_streak = 5,
         .last_at = NOW, .active_recently = 1},
        {.learner_id = 2, .answers = 40, .correct = 30, .recent_answers = 20, .recent_correct = 15, .wrong_streak = 4,
         .last_at = NOW, .active_recently = 1},
        /* before: 19/20 = 95 %; recent: 8/20 = 40 % → falling */
        {.learner_id = 3, .answers = 40, .correct = 27, .recent_answers = 20, .recent_correct = 8, .last_at = NOW,
         .active_recently = 1},
        /* the same drop without enough earlier answers: no verdict */
        {.learner_id = 4, .answers = 25, .correct = 12, .recent_answers = 20, .recent_correct = 8, .last_at = NOW,
         .active_recently = 1},
    };
    teach_skill_facts s[] = {
        {1, "a", 0.49, 10, 0}, {1, "b", 0.50, 30, 0}, {1, "c", 0.10, 9, 0}, {2, "d", 0.30, 12, 0},
        {2, "e", 0.20, 11, 0}, {2, "f", 0.40, 15, 0}, {2, "g", 0.05, 20, 0}, {2, "h", 0.2, 40, 1},
    };
    teach_alert *al;
    int n;
    assert_int_equal(teach_alerts_eval(&al, &n, &a, &rules, l, 4, s, 8, NOW), 0);
    assert_int_equal(count_kind(al, n, 1, TEACH_ALERT_WRONG_STREAK), 1);
    assert_int_equal(count_kind(al, n, 2, TEACH_ALERT_WRONG_STREAK), 0);
    /* stuck: learner 1 only "a" (b is at 50 %, c has 9 answers); learner 2 the three weakest of
     * d e f g, weakest first, h is mastered */
    assert_int_equal(count_kind(al, n, 1, TEACH_ALERT_STUCK), 1);
    const char *want[] = {"g", "e", "d"};
    int k = 0;
    for (int i = 0; i < n; i++)
        if (al[i].learner_id == 2 && al[i].kind == TEACH_ALERT_STUCK) {
            assert_true(k < 3);
            assert_string_equal(al[i].skill_id, want[k++]);
            assert_true(al[i].high);
        }
    assert_int_equal(k, 3);
    assert_int_equal(count_kind(al, n, 3, TEACH_ALERT_FALLING), 1);
    assert_int_equal(count_kind(al, n, 4, TEACH_ALERT_FALLING), 0);
    assert_int_equal(count_kind(al, n, 1, TEACH_ALERT_FALLING), 0);
    for (int i = 0; i < n; i++)
        if (al[i].kind == TEACH_ALERT_FALLING) {
            assert_int_equal(al[i].pct, 40);
            assert_int_equal(al[i].before_pct, 95);
            assert_string_equal(teach_alert_reason(&a, &al[i], NULL),
                                "right on 8 of the last 20 answers (40%), against 95% before");
        }
    arena_free(&a);
}

static void silence_alerts_only_when_classmates_practise(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    teach_alert_rules rules = TEACH_ALERT_RULES_INIT;
    teach_learner_facts l[4] = {
        {.learner_id = 1, .last_at = NOW - 9 * DAY},
        {.learner_id = 2},
        {.learner_id = 3, .answers = 5, .correct = 5, .last_at = NOW - DAY, .active_recently = 1},
        {.learner_id = 4, .answers = 5, .correct = 5, .last_at = NOW - DAY, .active_recently = 1},
    };
    teach_alert *al;
    int n;
    assert_int_equal(teach_alerts_eval(&al, &n, &a, &rules, l, 4, NULL, 0, NOW), 0);
    assert_int_equal(count_kind(al, n, 1, TEACH_ALERT_INACTIVE), 1);
    assert_int_equal(count_kind(al, n, 2, TEACH_ALERT_NEVER), 1);
    assert_int_equal(n, 2);
    for (int i = 0; i < n; i++)
        if (al[i].kind == TEACH_ALERT_INACTIVE) {
            assert_int_equal(al[i].days, 9);
            assert_int_equal(al[i].n, 2); /* 2 of the 3 others practised */
            assert_int_equal(al[i].of, 3);
            assert_false(al[i].high);
            assert_string_equal(teach_alert_kind_name(al[i].kind), "inactive");
        }
    /* a holiday: nobody practised, nobody is singled out */
    l[2].active_recently = l[3].active_recently = 0;
    assert_int_equal(teach_alerts_eval(&al, &n, &a, &rules, l, 4, NULL, 0, NOW), 0);
    assert_int_equal(n, 0);
    /* one of three others is under half: no alert either */
    l[2].active_recently = 1;
    assert_int_equal(teach_alerts_eval(&al, &n, &a, &rules, l, 4, NULL, 0, NOW), 0);
    assert_int_equal(count_kind(al, n, 1, TEACH_ALERT_INACTIVE), 0);
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(heat_steps_follow_the_stated_cut_points),
        cmocka_unit_test(streaks_stuck_skills_and_falling_rates),
        cmocka_unit_test(silence_alerts_only_when_classmates_practise),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
