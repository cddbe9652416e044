/*
 * test_sim.c — simulated learners: answer rates match the generating model, prerequisites
 * gate learning, the graph check refuses bad graphs; the IRT learners' optional
 * difficulty-dependent gain, and the ability belief that tracks them (unbiased, calibrated,
 * reproducible from the seed).
 */
#include "testing.h"

#include <string.h>

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
    sim_irt_options opt = SIM_IRT_OPTIONS_INIT; /* gain 0.05, ready 0, constant gain */
    for (int i = 0; i < 20; i++) sim_irt_answer(theta, chain, 1, 1.0, 0.0, 0.0, &opt, &r);
    assert_near(theta[1], -2.0, 1e-12); /* prerequisite below `ready` */
    for (int i = 0; i < 40; i++) sim_irt_answer(theta, chain, 0, 1.0, 0.0, 0.0, &opt, &r);
    assert_near(theta[0], 1.0, 1e-9);
    int correct = 0;
    for (int i = 0; i < 4000; i++) correct += sim_irt_answer(theta, chain, 1, 1.0, 0.0, 0.0, &opt, &r);
    assert_true(theta[1] > 100);
    assert_true(correct > 3500);
}

static void gain_is_constant_by_default_and_peaks_when_asked(void **state)
{
    (void)state;
    sim_irt_options flat = SIM_IRT_OPTIONS_INIT, zeroed = {0.1, 0.0, 0.0, 0.0};
    assert_near(sim_irt_gain(&flat, 0.1), 0.05, 0);
    assert_near(sim_irt_gain(&flat, 0.9), 0.05, 0);
    assert_near(sim_irt_gain(&zeroed, 0.3), 0.1, 0);
    sim_irt_options peak = {0.1, 0.0, 0.7, 0.2};
    assert_near(sim_irt_gain(&peak, 0.7), 0.1, 1e-15);
    assert_near(sim_irt_gain(&peak, 0.2), 0.1 * exp(-0.5 * 2.5 * 2.5), 1e-15);
    /* one answer at P = 0.7 (theta = b + logit 0.7) teaches more than one at P = 0.2 */
    double easy[2] = {log(0.7 / 0.3), 0.0}, hard[2] = {log(0.2 / 0.8), 0.0};
    rng r;
    rng_seed(&r, 9);
    sim_irt_answer(easy, chain, 0, 1.0, 0.0, 0.0, &peak, &r);
    sim_irt_answer(hard, chain, 0, 1.0, 0.0, 0.0, &peak, &r);
    assert_near(easy[0] - log(0.7 / 0.3), 0.1, 1e-12);
    assert_near(hard[0] - log(0.2 / 0.8), 0.1 * exp(-0.5 * 2.5 * 2.5), 1e-12);
}

/* One skill, nine items b = -2 .. 2 (a = 1.3), learners from N(-1.5, 0.7^2) answering n random
 * items; the belief starts from that prior and follows the answers. */
typedef struct track {
    double err, bias, claimed, truly; /* sums over learners */
} track;

static void run_tracked(track *t, double *last_theta, sim_irt_belief *last_belief, uint64_t seed,
                        int learners, int n, const sim_irt_options *opt)
{
    rng r;
    rng_seed(&r, seed);
    memset(t, 0, sizeof *t);
    const double master = 2.0;
    for (int j = 0; j < learners; j++) {
        double theta[1] = {-1.5 + 0.7 * rng_normal(&r)};
        sim_irt_belief b;
        sim_irt_belief_init(&b, -6, 4, -1.5, 0.7);
        for (int i = 0; i < n; i++) {
            double bb = -2.0 + 0.5 * (double)rng_below(&r, 9);
            int y = sim_irt_answer(theta, chain, 0, 1.3, bb, 0.0, opt, &r);
            sim_irt_belief_update(&b, 1.3, bb, 0.0, y, 1.0, opt);
        }
        double eap = sim_irt_belief_mean(&b);
        t->err += fabs(eap - theta[0]), t->bias += eap - theta[0];
        t->claimed += sim_irt_belief_above(&b, master), t->truly += theta[0] >= master;
        *last_theta = theta[0], *last_belief = b;
    }
}

static void belief_follows_a_learning_learner(void **state)
{
    (void)state;
    static const sim_irt_options opts[2] = {{0.15, 0.0, 0.0, 0.25}, {0.15, 0.0, 0.7, 0.25}};
    for (int k = 0; k < 2; k++) {
        track t;
        double theta;
        sim_irt_belief b;
        run_tracked(&t, &theta, &b, 11, 400, 25, &opts[k]);
        /* measured 0.29 (flat: the ability moved ~3.75) and 0.41 (peaked: random items teach
         * little, so they stay far from the learner and say less); the prior alone: ~0.56 */
        assert_true(t.err / 400 < (k ? 0.5 : 0.35));
        assert_near(t.bias / 400, 0, 0.1); /* the learning rule is in the belief: no lag */
        assert_near(t.claimed / 400, t.truly / 400, 0.05); /* P(mastered) is calibrated */
        double sum = 0;
        for (int i = 0; i < SIM_IRT_GRID; i++) sum += b.p[i];
        assert_near(sum, 1, 1e-9);
    }
    /* a belief that ignores the learning (gain 0) lags the flat learners by about 25 x 0.15 */
    rng r;
    rng_seed(&r, 12);
    double lag = 0;
    sim_irt_options none = {0.0, 0.0, 0.0, 0.25};
    for (int j = 0; j < 200; j++) {
        double theta[1] = {-1.5 + 0.7 * rng_normal(&r)};
        sim_irt_belief b;
        sim_irt_belief_init(&b, -6, 4, -1.5, 0.7);
        for (int i = 0; i < 25; i++) {
            double bb = -2.0 + 0.5 * (double)rng_below(&r, 9);
            int y = sim_irt_answer(theta, chain, 0, 1.3, bb, 0.0, &opts[0], &r);
            sim_irt_belief_update(&b, 1.3, bb, 0.0, y, 1.0, &none);
        }
        lag += theta[0] - sim_irt_belief_mean(&b);
    }
    assert_true(lag / 200 > 1.0);
}

static void peaked_gain_runs_are_reproducible(void **state)
{
    (void)state;
    sim_irt_options opt = {0.15, 0.0, 0.7, 0.25};
    track t1, t2, t3;
    double th1, th2, th3;
    sim_irt_belief b1, b2, b3;
    run_tracked(&t1, &th1, &b1, 5, 20, 30, &opt);
    run_tracked(&t2, &th2, &b2, 5, 20, 30, &opt);
    run_tracked(&t3, &th3, &b3, 6, 20, 30, &opt);
    assert_memory_equal(&t1, &t2, sizeof t1);
    assert_memory_equal(&b1, &b2, sizeof b1);
    assert_true(th1 == th2);
    assert_true(th1 != th3); /* another seed, another learner */
}

static void belief_mass_stays_on_the_grid(void **state)
{
    (void)state;
    sim_irt_belief b;
    sim_irt_belief_init(&b, -1, 1, 0.9, 0.1);
    sim_irt_options big = {1.0, 0.0, 0.0, 0.25};
    sim_irt_belief_update(&b, 1.0, 0.0, 0.0, 1, 1.0, &big); /* everything pushed past the top */
    assert_near(b.p[SIM_IRT_GRID - 1], 1, 1e-12);
    assert_near(sim_irt_belief_above(&b, 1.0), 1, 1e-12);
    sim_irt_belief_init(&b, -1, 1, 0.0, 0.3);
    double before = sim_irt_belief_mean(&b);
    sim_irt_belief_update(&b, 1.0, 0.0, 0.0, 1, 0.0, &big); /* not ready: Bayes only */
    assert_true(sim_irt_belief_mean(&b) > before && sim_irt_belief_mean(&b) < before + 0.3);
    assert_near(sim_irt_belief_predict(&b, 1.0, -50, 0.0), 1, 1e-12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(answers_follow_guess_and_slip),
        cmocka_unit_test(learning_needs_the_prerequisites),
        cmocka_unit_test(forgetting_and_init),
        cmocka_unit_test(graph_check),
        cmocka_unit_test(irt_learners_improve_with_practice),
        cmocka_unit_test(gain_is_constant_by_default_and_peaks_when_asked),
        cmocka_unit_test(belief_follows_a_learning_learner),
        cmocka_unit_test(peaked_gain_runs_are_reproducible),
        cmocka_unit_test(belief_mass_stays_on_the_grid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
