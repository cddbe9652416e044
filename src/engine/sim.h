/*
 * sim.h — simulated learners, for evaluating item-selection policies offline.
 *
 * Two generative models:
 *  - BKT learners: each skill is known or not (hidden). A first-time skill is known with
 *    p_init. Answering an item of a skill is correct with 1 - slip when known, guess when not;
 *    after the answer an unknown skill becomes known with p_learn, but only if all its
 *    prerequisites are known (practice before the prerequisites teaches nothing). After every
 *    answer each known skill is forgotten with p_forget.
 *  - IRT learners: each skill has an ability theta; an item (a, b, c) is answered correctly
 *    with the 3PL probability (engine/irt.h) and each answer raises theta by `gain` when the
 *    prerequisites' abilities are at least `ready`, so progress is gradual. An option makes the
 *    gain depend on how hard the item was for the learner ("desirable difficulty": most gain
 *    when the success probability is near gain_peak); off by default.
 * A belief (sim_irt_belief) is the Bayesian filter of one skill's ability of such a learner:
 * a posterior on a fixed grid, updated with each answer and moved forward by the same learning
 * rule. It is what a calibrated model of these learners knows, for policies under evaluation.
 * A skill graph is an array of sim_skill with prerequisite indices (each < the skill's own
 * index, so index order is a valid curriculum order). Learner state is caller-owned memory;
 * randomness comes from the caller's rng. No allocation, no I/O.
 */
#ifndef ENGINE_SIM_H
#define ENGINE_SIM_H

#include <stddef.h>

#include "base/rng.h"

enum { SIM_MAX_PREREQ = 4 };

typedef struct sim_skill {
    int prereq[SIM_MAX_PREREQ];
    int n_prereq;
    double p_init, p_learn, p_guess, p_slip, p_forget; /* BKT */
} sim_skill;

/* sim_graph_check: 0 when every prerequisite index is smaller than its skill's index and all
 * probabilities are in [0, 1]; E_INVALID otherwise. */
int sim_graph_check(const sim_skill *skills, size_t n);

/* sim_bkt_init: draws a learner's hidden knowledge (known[i] in {0, 1}) from p_init. */
void sim_bkt_init(unsigned char *known, const sim_skill *skills, size_t n, rng *r);

/* sim_bkt_answer: one answer to an item of `skill`; returns 1 when correct, then applies
 * learning and forgetting as described above. */
int sim_bkt_answer(unsigned char *known, const sim_skill *skills, size_t n, int skill, rng *r);

/* sim_bkt_p_correct: the true probability that the next answer on `skill` is correct. */
double sim_bkt_p_correct(const unsigned char *known, const sim_skill *skills, int skill);

/* sim_all_known: 1 when every skill is known. */
int sim_all_known(const unsigned char *known, size_t n);

typedef struct sim_irt_options {
    double gain;       /* theta increase (>= 0) per practised answer; the most, when gain_peak > 0 */
    double ready;      /* prerequisite ability needed for practice to count */
    double gain_peak;  /* 0: constant gain. In (0, 1): the gain is multiplied by
                        * exp(-((P - gain_peak) / gain_width)^2 / 2), P the answered item's
                        * success probability before the answer */
    double gain_width; /* width of that bump (> 0 when gain_peak > 0) */
} sim_irt_options;

/* Constant gain (gain_peak 0), the behaviour of the first version; a zeroed gain_peak is the
 * same. */
#define SIM_IRT_OPTIONS_INIT {0.05, 0.0, 0.0, 0.2}

/* sim_irt_gain: the ability gained by one answer at success probability p when the
 * prerequisites are ready (gain, or gain times the bump above). */
double sim_irt_gain(const sim_irt_options *opt, double p);

/* sim_irt_answer: one answer to item (a, b, c) of `skill` by a learner with abilities theta[];
 * returns 1 when correct and applies the learning gain (one uniform draw from r). */
int sim_irt_answer(double *theta, const sim_skill *skills, int skill, double a, double b, double c,
                   const sim_irt_options *opt, rng *r);

enum { SIM_IRT_GRID = 201 };

/* One skill's ability belief: node i stands for theta = lo + i * step, p[] sums to 1. */
typedef struct sim_irt_belief {
    double lo, step;
    double p[SIM_IRT_GRID];
} sim_irt_belief;

/* sim_irt_belief_init: the prior N(mean, sd^2) on SIM_IRT_GRID nodes from lo to hi (lo < hi,
 * sd > 0). */
void sim_irt_belief_init(sim_irt_belief *b, double lo, double hi, double mean, double sd);

/* sim_irt_belief_mean: the posterior mean ability (EAP). */
double sim_irt_belief_mean(const sim_irt_belief *b);

/* sim_irt_belief_above: the posterior probability that the ability is at least theta. */
double sim_irt_belief_above(const sim_irt_belief *b, double theta);

/* sim_irt_belief_predict: the posterior mean of the success probability on item (a, b, c). */
double sim_irt_belief_predict(const sim_irt_belief *b, double a, double bb, double c);

/* sim_irt_belief_update: the learner answered item (a, bb, c) of this skill (correct 1 / 0):
 * Bayes' rule on the answer, then the learning of sim_irt_answer applied to every node with
 * probability p_ready (the caller's probability that the prerequisites are ready) — mass that
 * moves between nodes is shared between the two nearest, mass past the grid stays on its
 * last node. */
void sim_irt_belief_update(sim_irt_belief *b, double a, double bb, double c, int correct,
                           double p_ready, const sim_irt_options *opt);

#endif
