/*
 * sim.c — BKT and IRT simulated learners (see sim.h).
 */
#include "engine/sim.h"

#include "base/err.h"
#include "engine/irt.h"

static int prob_ok(double p) { return p >= 0 && p <= 1; }

int sim_graph_check(const sim_skill *skills, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const sim_skill *s = &skills[i];
        if (s->n_prereq < 0 || s->n_prereq > SIM_MAX_PREREQ) return E_INVALID;
        for (int k = 0; k < s->n_prereq; k++)
            if (s->prereq[k] < 0 || (size_t)s->prereq[k] >= i) return E_INVALID;
        if (!prob_ok(s->p_init) || !prob_ok(s->p_learn) || !prob_ok(s->p_guess) ||
            !prob_ok(s->p_slip) || !prob_ok(s->p_forget))
            return E_INVALID;
    }
    return 0;
}

void sim_bkt_init(unsigned char *known, const sim_skill *skills, size_t n, rng *r)
{
    for (size_t i = 0; i < n; i++) known[i] = rng_uniform(r) < skills[i].p_init;
}

static int prereqs_known(const unsigned char *known, const sim_skill *s)
{
    for (int k = 0; k < s->n_prereq; k++)
        if (!known[s->prereq[k]]) return 0;
    return 1;
}

double sim_bkt_p_correct(const unsigned char *known, const sim_skill *skills, int skill)
{
    return known[skill] ? 1.0 - skills[skill].p_slip : skills[skill].p_guess;
}

int sim_bkt_answer(unsigned char *known, const sim_skill *skills, size_t n, int skill, rng *r)
{
    int correct = rng_uniform(r) < sim_bkt_p_correct(known, skills, skill);
    const sim_skill *s = &skills[skill];
    if (!known[skill] && prereqs_known(known, s) && rng_uniform(r) < s->p_learn) known[skill] = 1;
    for (size_t i = 0; i < n; i++)
        if (known[i] && (int)i != skill && rng_uniform(r) < skills[i].p_forget) known[i] = 0;
    return correct;
}

int sim_all_known(const unsigned char *known, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!known[i]) return 0;
    return 1;
}

int sim_irt_answer(double *theta, const sim_skill *skills, int skill, double a, double b, double c,
                   const sim_irt_options *opt, rng *r)
{
    int correct = rng_uniform(r) < irt_prob(theta[skill], a, b, c);
    const sim_skill *s = &skills[skill];
    int ready = 1;
    for (int k = 0; k < s->n_prereq; k++) ready &= theta[s->prereq[k]] >= opt->ready;
    if (ready) theta[skill] += opt->gain;
    return correct;
}
