/*
 * eval_policy.c — `madrasa eval policy --learners N [--seed S] [--skills K] [--max-answers M]
 * [--model bkt|irt] [--ready R] [--gain-peak P] [--gain-width W]`: our item-selection policy
 * against three baselines on the same simulated learners.
 *
 * Learners are BKT learners (engine/sim.h) on a graph of K skills (default 12): skill i needs
 * skill i-1, and every third skill also needs skill i-3; per skill p_init ~ U(0.1, 0.5),
 * p_learn ~ U(0.1, 0.3), guess ~ U(0.1, 0.3), slip ~ U(0.05, 0.15), no forgetting; each skill has
 * four items. Learner j is the same hidden learner (same initial knowledge, same seed) under
 * every policy. Policies see only the answers:
 *  - ours: engine/policy.c fed with BKT posteriors computed with the generating parameters
 *    (a calibrated model; in the product they come from the fitted KT model), mastery at
 *    P(known) >= 0.95;
 *  - three_of_five: Kolibri's rule: skills in curriculum order, move on after 3 correct among
 *    the last 5 answers of the skill; after the last skill, another pass over the curriculum;
 *  - curriculum: skills in order, a fixed 5 answers each, passes repeated;
 *  - random: a uniformly random skill each time.
 * Stopping criterion, the same for all: the learner truly knows every skill (the simulator's
 * hidden state), or M answers (default 2000). Printed per policy: mean answers to true mastery
 * (capped runs count M), the share of learners who got there, the share of answers whose
 * predicted success (the calibrated BKT posterior, identical for all policies) lay in the
 * target band [0.6, 0.9] (all three taken at true mastery), and, for policies that declare
 * completion, the share of learners they declared done for, the answers used when they declared
 * it and the share of skills truly known at that moment: such a policy is followed past true
 * mastery until it declares (or the cap), so those figures cover every learner.
 *
 * With --model irt the learners are IRT learners (engine/sim.h) on the same graph, which gives
 * "aim at a success probability" something to choose between. Skill s has an offset
 * o_s ~ U(-0.5, 0.5) and nine typed items (c = 0) with b = o_s - 2, -1.5, ..., + 2 and
 * a ~ U(1, 1.7). A learner starts at theta_s = o_s - 1.5 + 0.7 z (P ≈ 0.65 on the easiest item,
 * ≈ 0.12 on the median one) and gains 0.15 per answer on a skill whose prerequisites' abilities
 * are >= R (sim_irt_answer; --ready, default 0); with --gain-peak P the gain is
 * 0.15 exp(-((p - P) / W)^2 / 2), p the answered item's success probability ("desirable
 * difficulty"; W = --gain-width, default 0.25; P = 0, the default, keeps the gain constant).
 * True mastery of a skill: P(correct) >= 0.95 on its median item (b = o_s),
 * i.e. theta_s >= o_s + ln 19 / a_median. Policies see only the answers:
 *  - ours: engine/policy.c fed with a per-skill ability belief (sim_irt_belief: a grid
 *    posterior from the population prior N(o_s - 1.5, 0.7^2), the known item parameters and
 *    the learning rule — a calibrated model, as the BKT posteriors above), each item's
 *    predicted success = the posterior mean of its P(correct), so the policy aims at 0.75;
 *    P(known) = the posterior probability of true mastery, mastered at >= 0.95;
 *  - the baselines choose skills as above and a uniformly random item of the skill.
 * Each learner's hidden start and answer stream (one uniform per answer, a stream separate
 * from the policies' own draws) are the same under every policy. share_answers_in_band is
 * measured on the true success probability of the item given, up to true mastery; declaring
 * policies are followed as on BKT learners.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/args.h"
#include "base/rng.h"
#include "engine/irt.h"
#include "engine/policy.h"
#include "engine/sim.h"
#include "eval/eval.h"

enum { ITEMS_PER_SKILL = 4, MAX_SKILLS = 64, IRT_ITEMS = 9, IRT_MEDIAN = 4 };

/* The IRT world's constants (see the top of the file). */
static const double irt_start = -1.5, irt_spread = 0.7, irt_gain = 0.15, irt_grid_lo = -6.0,
                    irt_grid_hi = 4.0;

typedef struct world {
    sim_skill skills[MAX_SKILLS];
    int n;
    policy_edge edges[2 * MAX_SKILLS];
    int n_edges;
} world;

typedef struct learner {
    unsigned char known[MAX_SKILLS];
    double p_known[MAX_SKILLS]; /* BKT posterior */
    double last_step[MAX_SKILLS];
    int attempts[MAX_SKILLS];
    int window[MAX_SKILLS];     /* 3-of-5: last answers as bits */
    int window_n[MAX_SKILLS];
    int current, in_skill, step;
    int recent[3];
} learner;

typedef int (*choose_fn)(learner *l, const world *w, rng *r, int *declared);

static void bkt_update(learner *l, const world *w, int s, int correct)
{
    const sim_skill *k = &w->skills[s];
    double p = l->p_known[s];
    double post = correct ? p * (1 - k->p_slip) / (p * (1 - k->p_slip) + (1 - p) * k->p_guess)
                          : p * k->p_slip / (p * k->p_slip + (1 - p) * (1 - k->p_guess));
    l->p_known[s] = post + (1 - post) * k->p_learn;
}

static double predicted(const learner *l, const world *w, int s)
{
    double p = l->p_known[s];
    return p * (1 - w->skills[s].p_slip) + (1 - p) * w->skills[s].p_guess;
}

/* engine/policy.c on the learner's P(known) and the caller's items: declared is set when every
 * skill is mastered; the choice joins the recent items. */
static int policy_pick(policy_choice *c, learner *l, const world *w, const policy_item *items,
                       size_t n_items, int *declared)
{
    policy_skill_state st[MAX_SKILLS];
    policy_options opt = POLICY_OPTIONS_INIT;
    int all = 1;
    for (int s = 0; s < w->n; s++) {
        double since = l->last_step[s] < 0 ? -1 : (l->step - l->last_step[s]) / 20.0;
        st[s] = (policy_skill_state){l->p_known[s], since, NAN, NAN, l->attempts[s]};
        all &= l->p_known[s] >= opt.mastery;
    }
    *declared = all;
    policy_input in = {st, (size_t)w->n, w->edges, (size_t)w->n_edges, items, n_items,
                       l->recent, 3, NULL, 0};
    int rc = policy_next(c, &in, &opt);
    if (!rc) l->recent[l->step % 3] = c->item_id;
    return rc;
}

static int choose_ours(learner *l, const world *w, rng *r, int *declared)
{
    (void)r;
    policy_item items[MAX_SKILLS * ITEMS_PER_SKILL];
    for (int s = 0; s < w->n; s++)
        for (int k = 0; k < ITEMS_PER_SKILL; k++)
            items[s * ITEMS_PER_SKILL + k] = (policy_item){s * ITEMS_PER_SKILL + k, s, predicted(l, w, s)};
    policy_choice c;
    return policy_pick(&c, l, w, items, (size_t)w->n * ITEMS_PER_SKILL, declared) ? 0 : c.skill;
}

static int choose_three_of_five(learner *l, const world *w, rng *r, int *declared)
{
    (void)r;
    int s = l->current % w->n;
    int bits = l->window[s] & 31, correct = 0;
    for (int k = 0; k < 5; k++) correct += (bits >> k) & 1;
    if (l->window_n[s] > 0 && correct >= 3) {
        l->window[s] = l->window_n[s] = 0;
        l->current++;
        s = l->current % w->n;
    }
    *declared = l->current >= w->n;
    return s;
}

static int choose_curriculum(learner *l, const world *w, rng *r, int *declared)
{
    (void)r;
    if (l->in_skill == 5) l->in_skill = 0, l->current++;
    l->in_skill++;
    *declared = l->current >= w->n;
    return l->current % w->n;
}

static int choose_random(learner *l, const world *w, rng *r, int *declared)
{
    (void)l;
    *declared = 0;
    return (int)rng_below(r, (uint64_t)w->n);
}

typedef struct outcome {
    double answers, reached, in_band, declared_answers, declared_known, n_declared;
} outcome;

static void note_declared(outcome *o, int step, int known, int n)
{
    o->declared_answers += step, o->declared_known += (double)known / n, o->n_declared++;
}

static void record_answer(learner *l, int s, int correct)
{
    l->window[s] = (l->window[s] << 1) | correct;
    l->window_n[s]++;
    l->attempts[s]++;
    l->last_step[s] = l->step++;
}

static void run_learner(outcome *o, const world *w, choose_fn choose, int declares, uint64_t seed, int max_answers)
{
    rng r;
    rng_seed(&r, seed);
    learner l;
    memset(&l, 0, sizeof l);
    for (int s = 0; s < w->n; s++) l.p_known[s] = w->skills[s].p_init, l.last_step[s] = -1;
    for (int k = 0; k < 3; k++) l.recent[k] = -1;
    sim_bkt_init(l.known, w->skills, (size_t)w->n, &r);
    rng answers = r; /* the same answer stream for every policy */
    int band = 0, decl_seen = 0, mastered_at = -1, band_at = 0;
    /* the figures are taken when the learner truly knows everything; a policy that declares
     * completion is followed until it does (or the cap), so its "declared" figures cover every
     * learner, not only those it stopped before true mastery */
    while (l.step < max_answers) {
        if (mastered_at < 0 && sim_all_known(l.known, (size_t)w->n)) mastered_at = l.step, band_at = band;
        if (mastered_at >= 0 && (decl_seen || !declares)) break;
        int declared = 0;
        int s = choose(&l, w, &r, &declared);
        if (declared && !decl_seen) {
            decl_seen = 1;
            int k = 0;
            for (int i = 0; i < w->n; i++) k += l.known[i];
            note_declared(o, l.step, k, w->n);
        }
        double p = predicted(&l, w, s);
        band += p >= 0.6 && p <= 0.9;
        int correct = sim_bkt_answer(l.known, w->skills, (size_t)w->n, s, &answers);
        bkt_update(&l, w, s, correct);
        record_answer(&l, s, correct);
    }
    if (mastered_at < 0 && sim_all_known(l.known, (size_t)w->n)) mastered_at = l.step, band_at = band;
    o->reached += mastered_at >= 0;
    if (mastered_at < 0) mastered_at = l.step, band_at = band; /* capped: counts the cap */
    o->answers += mastered_at;
    o->in_band += mastered_at ? (double)band_at / mastered_at : 0;
}

static void build_world(world *w, int n, uint64_t seed)
{
    rng r;
    rng_seed(&r, seed ^ 0x5eed);
    memset(w, 0, sizeof *w);
    w->n = n;
    for (int i = 0; i < n; i++) {
        sim_skill *s = &w->skills[i];
        if (i >= 1) s->prereq[s->n_prereq++] = i - 1;
        if (i >= 3 && i % 3 == 0) s->prereq[s->n_prereq++] = i - 3;
        for (int k = 0; k < s->n_prereq; k++)
            w->edges[w->n_edges++] = (policy_edge){s->prereq[k], i};
        s->p_init = 0.1 + 0.4 * rng_uniform(&r);
        s->p_learn = 0.1 + 0.2 * rng_uniform(&r);
        s->p_guess = 0.1 + 0.2 * rng_uniform(&r);
        s->p_slip = 0.05 + 0.1 * rng_uniform(&r);
        s->p_forget = 0;
    }
}

/* ---- IRT learners ---- */

typedef struct irt_world {
    world g; /* the graph of build_world; its BKT parameters are not used */
    double off[MAX_SKILLS], master[MAX_SKILLS];
    double a[MAX_SKILLS][IRT_ITEMS], b[MAX_SKILLS][IRT_ITEMS];
    sim_irt_options opt;
} irt_world;

typedef struct irt_learner {
    learner l; /* counters and windows; l.p_known = the belief's P(ability >= mastery) */
    double theta[MAX_SKILLS]; /* hidden */
    sim_irt_belief belief[MAX_SKILLS];
    double pred[MAX_SKILLS][IRT_ITEMS]; /* the belief's predicted success per item */
    int item;                           /* item chosen by the policy, -1: any */
} irt_learner;

/* An IRT chooser: returns the skill and may set x->item. */
typedef int (*irt_choose_fn)(irt_learner *x, const irt_world *w, int *declared);

/* opt: ready, gain_peak and gain_width from the command line; the gain is the world's. */
static void build_irt_world(irt_world *w, int n, uint64_t seed, const sim_irt_options *opt)
{
    build_world(&w->g, n, seed);
    rng r;
    rng_seed(&r, seed ^ 0x1a7e);
    for (int s = 0; s < n; s++) {
        w->off[s] = -0.5 + rng_uniform(&r);
        for (int k = 0; k < IRT_ITEMS; k++)
            w->a[s][k] = 1.0 + 0.7 * rng_uniform(&r), w->b[s][k] = w->off[s] - 2.0 + 0.5 * k;
        w->master[s] = w->b[s][IRT_MEDIAN] + log(19.0) / w->a[s][IRT_MEDIAN];
    }
    w->opt = *opt;
    w->opt.gain = irt_gain;
}

static int irt_truly_mastered(const irt_learner *x, const irt_world *w)
{
    int k = 0;
    for (int s = 0; s < w->g.n; s++) k += x->theta[s] >= w->master[s];
    return k;
}

static void irt_refresh(irt_learner *x, const irt_world *w, int s)
{
    x->l.p_known[s] = sim_irt_belief_above(&x->belief[s], w->master[s]);
    for (int k = 0; k < IRT_ITEMS; k++)
        x->pred[s][k] = sim_irt_belief_predict(&x->belief[s], w->a[s][k], w->b[s][k], 0);
}

/* The belief's probability that practice of s counts (prerequisites taken as independent). */
static double irt_p_ready(const irt_learner *x, const irt_world *w, int s)
{
    double p = 1;
    for (int k = 0; k < w->g.skills[s].n_prereq; k++)
        p *= sim_irt_belief_above(&x->belief[w->g.skills[s].prereq[k]], w->opt.ready);
    return p;
}

static int choose_ours_irt(irt_learner *x, const irt_world *w, int *declared)
{
    policy_item items[MAX_SKILLS * IRT_ITEMS];
    for (int s = 0; s < w->g.n; s++)
        for (int k = 0; k < IRT_ITEMS; k++)
            items[s * IRT_ITEMS + k] = (policy_item){s * IRT_ITEMS + k, s, x->pred[s][k]};
    policy_choice c;
    if (policy_pick(&c, &x->l, &w->g, items, (size_t)w->g.n * IRT_ITEMS, declared)) return 0;
    x->item = c.item_id - c.skill * IRT_ITEMS;
    return c.skill;
}

/* A policy: its BKT chooser and, when it reads the model, its IRT chooser; a policy without
 * one runs its BKT chooser (which only counts answers) and gets a random item of the skill. */
typedef struct policy_def {
    const char *name;
    choose_fn bkt;
    irt_choose_fn irt;
    int declares;
} policy_def;

static void run_irt_learner(outcome *o, const irt_world *w, const policy_def *p, uint64_t seed,
                            int max_answers)
{
    rng r, answers;
    rng_seed(&r, seed);
    rng_seed(&answers, seed ^ 0x9e3779b97f4a7c15u);
    irt_learner x;
    memset(&x, 0, sizeof x);
    int n = w->g.n;
    for (int s = 0; s < n; s++) {
        x.theta[s] = w->off[s] + irt_start + irt_spread * rng_normal(&r);
        x.l.last_step[s] = -1;
        if (!p->irt) continue;
        sim_irt_belief_init(&x.belief[s], w->off[s] + irt_grid_lo, w->off[s] + irt_grid_hi,
                            w->off[s] + irt_start, irt_spread);
        irt_refresh(&x, w, s);
    }
    for (int k = 0; k < 3; k++) x.l.recent[k] = -1;
    int band = 0, decl_seen = 0, done_at = -1;
    while (x.l.step < max_answers) {
        if (done_at < 0 && irt_truly_mastered(&x, w) == n) done_at = x.l.step;
        if (done_at >= 0 && (decl_seen || !p->declares)) break;
        int declared = 0;
        x.item = -1;
        int s = p->irt ? p->irt(&x, w, &declared) : p->bkt(&x.l, &w->g, &r, &declared);
        if (declared && !decl_seen) decl_seen = 1, note_declared(o, x.l.step, irt_truly_mastered(&x, w), n);
        int k = x.item >= 0 ? x.item : (int)rng_below(&r, IRT_ITEMS);
        double a = w->a[s][k], b = w->b[s][k], pt = irt_prob(x.theta[s], a, b, 0);
        band += done_at < 0 && pt >= 0.6 && pt <= 0.9;
        double ready = p->irt ? irt_p_ready(&x, w, s) : 0;
        int correct = sim_irt_answer(x.theta, w->g.skills, s, a, b, 0, &w->opt, &answers);
        if (p->irt) {
            sim_irt_belief_update(&x.belief[s], a, b, 0, correct, ready, &w->opt);
            irt_refresh(&x, w, s);
        }
        record_answer(&x.l, s, correct);
    }
    if (done_at < 0 && irt_truly_mastered(&x, w) == n) done_at = x.l.step;
    int used = done_at < 0 ? x.l.step : done_at;
    o->answers += used;
    o->reached += done_at >= 0;
    o->in_band += used ? (double)band / used : 0;
}

static long int_opt(int argc, char **argv, const char *name, long dflt, long lo, long hi)
{
    const char *v = args_value(argc, argv, name);
    if (!v) return dflt;
    char *end;
    long x = strtol(v, &end, 10);
    return *end || end == v || x < lo || x > hi ? lo - 1 : x;
}

/* A real option in [lo, hi] (dflt when absent); NAN when malformed or out of range. */
static double dbl_opt(int argc, char **argv, const char *name, double dflt, double lo, double hi)
{
    const char *v = args_value(argc, argv, name);
    if (!v) return dflt;
    char *end;
    double x = strtod(v, &end);
    return *end || end == v || !(x >= lo && x <= hi) ? NAN : x;
}

int eval_policy_cmd(int argc, char **argv)
{
    static const char *const allowed[] = {"--learners=", "--seed=",      "--skills=",
                                          "--max-answers=", "--model=", "--gain-peak=",
                                          "--gain-width=", "--ready=",  NULL};
    if (args_check(argc, argv, allowed)) return 2;
    long learners = int_opt(argc, argv, "--learners", 1000, 1, 1000000);
    long seed = int_opt(argc, argv, "--seed", 1, 0, 1L << 40);
    long n_skills = int_opt(argc, argv, "--skills", 12, 1, MAX_SKILLS);
    long max_answers = int_opt(argc, argv, "--max-answers", 2000, 10, 1000000);
    const char *model = args_value(argc, argv, "--model");
    int irt = model && !strcmp(model, "irt");
    sim_irt_options iopt = {0, dbl_opt(argc, argv, "--ready", 0.0, -5, 5),
                            dbl_opt(argc, argv, "--gain-peak", 0.0, 0, 0.99),
                            dbl_opt(argc, argv, "--gain-width", 0.25, 0.05, 2)};
    int irt_only = args_value(argc, argv, "--ready") || args_value(argc, argv, "--gain-peak") ||
                   args_value(argc, argv, "--gain-width");
    if (learners < 1 || seed < 0 || n_skills < 1 || max_answers < 10 || isnan(iopt.ready) ||
        isnan(iopt.gain_peak) || isnan(iopt.gain_width) || (model && !irt && strcmp(model, "bkt")) ||
        (irt_only && !irt)) {
        fprintf(stderr, "usage: madrasa eval policy --learners N [--seed S] [--skills 1..64] "
                        "[--max-answers M] [--model bkt|irt]\n"
                        "  irt only: [--ready R (default 0)] [--gain-peak 0..0.99 (0: constant "
                        "gain)] [--gain-width W (default 0.25)]\n");
        return 2;
    }
    world w;
    irt_world iw;
    build_world(&w, (int)n_skills, (uint64_t)seed);
    build_irt_world(&iw, (int)n_skills, (uint64_t)seed, &iopt);
    static const policy_def policies[] = {{"ours", choose_ours, choose_ours_irt, 1},
                                          {"three_of_five", choose_three_of_five, NULL, 1},
                                          {"curriculum", choose_curriculum, NULL, 1},
                                          {"random", choose_random, NULL, 0}};
    double ours = 0;
    for (size_t p = 0; p < sizeof policies / sizeof policies[0]; p++) {
        outcome o = {0};
        for (long j = 0; j < learners; j++) {
            uint64_t learner_seed = (uint64_t)seed * 1000003u + (uint64_t)j;
            if (irt)
                run_irt_learner(&o, &iw, &policies[p], learner_seed, (int)max_answers);
            else
                run_learner(&o, &w, policies[p].bkt, policies[p].declares, learner_seed, (int)max_answers);
        }
        double mean = o.answers / learners;
        if (p == 0) ours = mean;
        printf("{\"policy\":\"%s\",\"learners\":%ld,\"skills\":%ld", policies[p].name, learners,
               n_skills);
        if (irt)
            printf(",\"model\":\"irt\",\"ready\":%.2f,\"gain_peak\":%.2f,\"gain_width\":%.2f", iopt.ready,
                   iopt.gain_peak, iopt.gain_width);
        printf(",\"share_declaring_done\":%.4f", o.n_declared / learners);
        printf(",\"answers_to_true_mastery\":%.1f,"
               "\"share_reaching_true_mastery\":%.4f,\"share_answers_in_band\":%.4f,"
               "\"items_saved_by_ours\":%.4f",
               mean, o.reached / learners, o.in_band / learners,
               mean > 0 ? 1.0 - ours / mean : 0.0);
        if (policies[p].declares && o.n_declared > 0)
            printf(",\"answers_when_declared_done\":%.1f,\"true_mastery_when_declared\":%.4f",
                   o.declared_answers / o.n_declared, o.declared_known / o.n_declared);
        printf("}\n");
    }
    return 0;
}
