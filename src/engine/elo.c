/*
 * elo.c — Elo ratings with an uncertainty-based K (see elo.h).
 */
#include "engine/elo.h"

#include <math.h>

double elo_prob(double learner, double skill, double item)
{
    double z = learner + skill - item;
    return z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z));
}

double elo_k(const elo_opts *o, unsigned n) { return o->k_max / (1 + o->k_slope * n); }

void elo_update(elo_rating *learner, elo_rating *skill, elo_rating *item, int item_fixed,
                const elo_opts *o, int correct)
{
    double p = elo_prob(learner->r, skill ? skill->r : 0, item->r);
    double surprise = (correct != 0) - p;
    learner->r += elo_k(o, learner->n++) * surprise;
    if (skill) skill->r += elo_k(o, skill->n++) * surprise;
    if (!item_fixed) item->r -= elo_k(o, item->n++) * surprise;
}
