/*
 * sim.c — BKT and IRT simulated learners, and the ability belief of the IRT ones (see sim.h).
 *
 * The belief and the learner share one learning rule (sim_irt_gain), so a policy fed with the
 * belief has a calibrated model of the simulated learner, as a policy fed with BKT posteriors
 * computed from the generating parameters has for BKT learners.
 */
#include "engine/sim.h"

#include <math.h>

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
    double p = irt_prob(theta[skill], a, b, c);
    int correct = rng_uniform(r) < p;
    const sim_skill *s = &skills[skill];
    int ready = 1;
    for (int k = 0; k < s->n_prereq; k++) ready &= theta[s->prereq[k]] >= opt->ready;
    if (ready) theta[skill] += sim_irt_gain(opt, p);
    return correct;
}

double sim_irt_gain(const sim_irt_options *opt, double p)
{
    if (opt->gain_peak <= 0) return opt->gain;
    double z = (p - opt->gain_peak) / opt->gain_width;
    return opt->gain * exp(-0.5 * z * z);
}

void sim_irt_belief_init(sim_irt_belief *b, double lo, double hi, double mean, double sd)
{
    b->lo = lo, b->step = (hi - lo) / (SIM_IRT_GRID - 1);
    double sum = 0;
    for (int i = 0; i < SIM_IRT_GRID; i++) {
        double z = (lo + i * b->step - mean) / sd;
        sum += b->p[i] = exp(-0.5 * z * z);
    }
    for (int i = 0; i < SIM_IRT_GRID; i++) b->p[i] /= sum;
}

double sim_irt_belief_mean(const sim_irt_belief *b)
{
    double m = 0;
    for (int i = 0; i < SIM_IRT_GRID; i++) m += b->p[i] * (b->lo + i * b->step);
    return m;
}

double sim_irt_belief_above(const sim_irt_belief *b, double theta)
{
    double m = 0;
    for (int i = 0; i < SIM_IRT_GRID; i++) m += b->lo + i * b->step >= theta ? b->p[i] : 0;
    return m;
}

/* Nodes below this mass contribute nothing measurable to a prediction. */
static const double negligible = 1e-14;

double sim_irt_belief_predict(const sim_irt_belief *b, double a, double bb, double c)
{
    double m = 0;
    for (int i = 0; i < SIM_IRT_GRID; i++)
        if (b->p[i] > negligible) m += b->p[i] * irt_prob(b->lo + i * b->step, a, bb, c);
    return m;
}

void sim_irt_belief_update(sim_irt_belief *b, double a, double bb, double c, int correct,
                           double p_ready, const sim_irt_options *opt)
{
    double post[SIM_IRT_GRID], gain[SIM_IRT_GRID], sum = 0;
    for (int i = 0; i < SIM_IRT_GRID; i++) {
        double p = irt_prob(b->lo + i * b->step, a, bb, c);
        gain[i] = sim_irt_gain(opt, p);
        sum += post[i] = b->p[i] * (correct ? p : 1 - p);
    }
    if (!(sum > 0)) return; /* an impossible answer under the grid: keep the belief */
    for (int i = 0; i < SIM_IRT_GRID; i++) b->p[i] = post[i] / sum * (1 - p_ready);
    for (int i = 0; i < SIM_IRT_GRID; i++) {
        double to = i + gain[i] / b->step, moved = post[i] / sum * p_ready;
        if (to >= SIM_IRT_GRID - 1) {
            b->p[SIM_IRT_GRID - 1] += moved;
            continue;
        }
        int j = (int)floor(to);
        double f = to - j;
        b->p[j] += moved * (1 - f);
        b->p[j + 1] += moved * f;
    }
}
