/*
 * test_policy.c — the next-item rule: priorities, prerequisites, target probability, recent
 * items, reasons and their arguments.
 */
#include "testing.h"

#include <string.h>

#include "base/err.h"
#include "engine/policy.h"

/* skills: 0 counting, 1 addition (needs 0), 2 multiplication (needs 1) */
static const policy_edge edges[] = {{0, 1}, {1, 2}};

static policy_item items[9];

static int setup(void **state)
{
    (void)state;
    for (int s = 0; s < 3; s++)
        for (int k = 0; k < 3; k++) items[s * 3 + k] = (policy_item){100 + s * 3 + k, s, 0.5 + 0.2 * k};
    return 0;
}

static policy_input input(const policy_skill_state *st)
{
    policy_input in = {st, 3, edges, 2, items, 9, NULL, 0, NULL, 0};
    return in;
}

static void new_skill_only_when_prerequisites_are_mastered(void **state)
{
    (void)state;
    policy_skill_state st[3] = {{0.96, 1, NAN, NAN, 0}, {0.2, -1, NAN, NAN, 0}, {0.1, -1, NAN, NAN, 0}};
    policy_input in = input(st);
    policy_options opt = POLICY_OPTIONS_INIT;
    policy_choice c;
    assert_int_equal(policy_next(&c, &in, &opt), 0);
    assert_int_equal(c.reason, POLICY_NEW_SKILL);
    assert_int_equal(c.skill, 1);
    assert_near(c.arg, 1, 0);
    assert_string_equal(policy_reason_name(c.reason), "new_skill");
    /* mastery is the estimate, not a count: 0.94 is not mastered, so skill 1 is closed */
    st[0].p_known = 0.94;
    assert_int_equal(policy_is_open(&in, &opt, 1), 0);
    assert_int_equal(policy_next(&c, &in, &opt), 0);
    assert_int_equal(c.reason, POLICY_PRACTICE);
    assert_int_equal(c.skill, 0);
}

static void item_closest_to_target_and_not_recent(void **state)
{
    (void)state;
    policy_skill_state st[3] = {{0.5, 0.1, NAN, NAN, 0}, {0.1, -1, NAN, NAN, 0}, {0.1, -1, NAN, NAN, 0}};
    policy_input in = input(st);
    policy_options opt = POLICY_OPTIONS_INIT;
    policy_choice c;
    assert_int_equal(policy_next(&c, &in, &opt), 0);
    assert_int_equal(c.item_id, 101); /* p 0.7 is closest to 0.75 */
    int recent[] = {101};
    in.recent_ids = recent, in.n_recent = 1;
    assert_int_equal(policy_next(&c, &in, &opt), 0);
    assert_int_equal(c.item_id, 102); /* 0.9 next closest */
    opt.target = 0.5;
    assert_int_equal(policy_next(&c, &in, &opt), 0);
    assert_int_equal(c.item_id, 100);
}

static void review_when_due_with_days_since_practice(void **state)
{
    (void)state;
    policy_skill_state st[3] = {{0.99, 12, -2, 0.8, 0}, {0.97, 3, 5, 0.95, 0}, {0.3, 0.2, NAN, NAN, 0}};
    policy_input in = input(st);
    policy_options opt = POLICY_OPTIONS_INIT;
    policy_choice c;
    assert_int_equal(policy_next(&c, &in, &opt), 0);
    assert_int_equal(c.reason, POLICY_REVIEW);
    assert_int_equal(c.skill, 0);
    assert_near(c.arg, 12, 0); /* "review: 12 days since you practised this" */
    st[0].due_in_days = 4, st[0].retrievability = 0.95;
    assert_int_equal(policy_next(&c, &in, &opt), 0);
    assert_int_equal(c.reason, POLICY_PRACTICE);
    assert_int_equal(c.skill, 2);
}

static void assignments_come_first_earliest_due(void **state)
{
    (void)state;
    policy_skill_state st[3] = {{0.99, 12, -2, 0.8, 0}, {0.5, 1, NAN, NAN, 0}, {0.1, -1, NAN, NAN, 0}};
    policy_assignment asg[] = {{2, 7}, {1, 3}, {0, 1}};
    policy_input in = input(st);
    in.assignments = asg, in.n_assignments = 3;
    policy_options opt = POLICY_OPTIONS_INIT;
    policy_choice c;
    assert_int_equal(policy_next(&c, &in, &opt), 0);
    assert_int_equal(c.reason, POLICY_ASSIGNMENT); /* skill 0 is mastered: skipped */
    assert_int_equal(c.skill, 1);
    assert_near(c.arg, 3, 0);
}

static void stuck_skill_checks_its_prerequisite_once(void **state)
{
    (void)state;
    policy_skill_state st[3] = {{0.99, 2, NAN, NAN, 5}, {0.97, 1, NAN, NAN, 4}, {0.2, 0.01, NAN, NAN, 8}};
    policy_input in = input(st);
    policy_options opt = POLICY_OPTIONS_INIT;
    policy_choice c;
    assert_int_equal(policy_next(&c, &in, &opt), 0);
    assert_int_equal(c.reason, POLICY_REMEDIATE);
    assert_int_equal(c.skill, 1);
    assert_near(c.arg, 2, 0);
    st[1].days_since = 0.001; /* the check was just answered: back to practice */
    assert_int_equal(policy_next(&c, &in, &opt), 0);
    assert_int_equal(c.reason, POLICY_PRACTICE);
    assert_int_equal(c.skill, 2);
}

static void maintain_and_errors(void **state)
{
    (void)state;
    policy_skill_state st[3] = {{0.99, 1, NAN, NAN, 0}, {0.96, 1, NAN, NAN, 0}, {0.98, 1, NAN, NAN, 0}};
    policy_input in = input(st);
    policy_options opt = POLICY_OPTIONS_INIT;
    policy_choice c;
    assert_int_equal(policy_next(&c, &in, &opt), 0);
    assert_int_equal(c.reason, POLICY_MAINTAIN);
    assert_int_equal(c.skill, 1);
    in.n_items = 0;
    assert_int_equal(policy_next(&c, &in, &opt), E_NOTFOUND);
    policy_edge bad[] = {{0, 7}};
    in = input(st);
    in.edges = bad, in.n_edges = 1;
    assert_int_equal(policy_next(&c, &in, &opt), E_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(new_skill_only_when_prerequisites_are_mastered),
        cmocka_unit_test(item_closest_to_target_and_not_recent),
        cmocka_unit_test(review_when_due_with_days_since_practice),
        cmocka_unit_test(assignments_come_first_earliest_due),
        cmocka_unit_test(stuck_skill_checks_its_prerequisite_once),
        cmocka_unit_test(maintain_and_errors),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
