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
 *    prerequisites' abilities are at least `ready`, so progress is gradual.
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
    double gain;  /* theta increase per practised answer */
    double ready; /* prerequisite ability needed for practice to count */
} sim_irt_options;

/* sim_irt_answer: one answer to item (a, b, c) of `skill` by a learner with abilities theta[];
 * returns 1 when correct and applies the learning gain. */
int sim_irt_answer(double *theta, const sim_skill *skills, int skill, double a, double b, double c,
                   const sim_irt_options *opt, rng *r);

#endif
