/*
 * test_sim.c — simulated learners: answer rates match the generating model, prerequisites
 * gate learning, the graph check refuses bad graphs.
 */
#include "testing.h"

#include "base/err.h"
#include "base/rng.h"
#include "engine/irt.h"
#include "engine/sim.h"

static const sim_skill chain[2] = {
    {{0}, 0, 0.0, 0.0, 0.2, 0.1, 0.0},
    {{0}, 1, 0.0, 1.0, 0.25, 0.1, 0.0},
};

static void answers_follow_guess_and_slip(void **state)
{
    (void)state;
    rng r;
    rng_seed(&r, 1);
    unsigned char known[2] = {0, 0};
    int correct = 0;
    for (int i = 0; i < 20000; i++) correct += sim_bkt_answer(known, chain, 2, 0, &r);
    assert_near(correct / 20000.0, 0.2, 0.015); /* p_learn 0: never learns, guesses */
    known[0] = 1;
    correct = 0;
    for (int i = 0; i < 20000; i++) correct += sim_bkt_answer(known, chain, 2, 0, &r);
    assert_near(correct / 20000.0, 0.9, 0.01);
    assert_near(sim_bkt_p_correct(known, chain, 0), 0.9, 1e-12);
}

static void learning_needs_the_prerequisites(void **state)
{
    (void)state;
    rng r;
    rng_seed(&r, 2);
    unsigned char known[2] = {0, 0};
    for (int i = 0; i < 50; i++) sim_bkt_answer(known, chain, 2, 1, &r);
    assert_int_equal(known[1], 0); /* skill 0 unknown: practice of 1 teaches nothing */
    known[0] = 1;
    sim_bkt_answer(known, chain, 2, 1, &r);
    assert_int_equal(known[1], 1); /* p_learn 1 once open */
    assert_true(sim_all_known(known, 2));
}

static void forgetting_and_init(void **state)
{
    (void)state;
    sim_skill s[2] = {{{0}, 0, 1.0, 0.0, 0.2, 0.1, 1.0}, {{0}, 0, 1.0, 0.0, 0.2, 0.1, 0.0}};
    rng r;
    rng_seed(&r, 3);
    unsigned char known[2];
    sim_bkt_init(known, s, 2, &r);
    assert_int_equal(known[0] + known[1], 2);
    sim_bkt_answer(known, s, 2, 1, &r); /* skill 0 (p_forget 1) is forgotten, 1 is kept */
    assert_int_equal(known[0], 0);
    assert_int_equal(known[1], 1);
}

static void graph_check(void **state)
{
    (void)state;
    assert_int_equal(sim_graph_check(chain, 2), 0);
    sim_skill bad[1] = {{{0}, 1, 0.1, 0.1, 0.1, 0.1, 0.0}}; /* needs itself */
    assert_int_equal(sim_graph_check(bad, 1), E_INVALID);
    sim_skill badp[1] = {{{0}, 0, 1.5, 0.1, 0.1, 0.1, 0.0}};
    assert_int_equal(sim_graph_check(badp, 1), E_INVALID);
}

static void irt_learners_improve_with_practice(void **state)
{
    (void)state;
    rng r;
    rng_seed(&r, 4);
    double theta[2] = {-1.0, -2.0};
    sim_irt_options opt = {0.05, 0.0};
    for (int i = 0; i < 20; i++) sim_irt_answer(theta, chain, 1, 1.0, 0.0, 0.0, &opt, &r);
    assert_near(theta[1], -2.0, 1e-12); /* prerequisite below `ready` */
    for (int i = 0; i < 40; i++) sim_irt_answer(theta, chain, 0, 1.0, 0.0, 0.0, &opt, &r);
    assert_near(theta[0], 1.0, 1e-9);
    int correct = 0;
    for (int i = 0; i < 4000; i++) correct += sim_irt_answer(theta, chain, 1, 1.0, 0.0, 0.0, &opt, &r);
    assert_true(theta[1] > 100);
    assert_true(correct > 3500);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(answers_follow_guess_and_slip),
        cmocka_unit_test(learning_needs_the_prerequisites),
        cmocka_unit_test(forgetting_and_init),
        cmocka_unit_test(graph_check),
        cmocka_unit_test(irt_learners_improve_with_practice),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
