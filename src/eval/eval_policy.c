/*
 * eval_policy.c — `madrasa eval policy --learners N [--seed S] [--skills K] [--max-answers M]`:
 * our item-selection policy against three baselines on the same simulated learners.
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
 * target band [0.6, 0.9], and, for policies that declare completion, the answers used when
 * they declared it and the share of skills truly known at that moment.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/args.h"
#include "base/rng.h"
#include "engine/policy.h"
#include "engine/sim.h"
#include "eval/eval.h"

enum { ITEMS_PER_SKILL = 4, MAX_SKILLS = 64 };

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

static int choose_ours(learner *l, const world *w, rng *r, int *declared)
{
    (void)r;
    policy_skill_state st[MAX_SKILLS];
    policy_item items[MAX_SKILLS * ITEMS_PER_SKILL];
    policy_options opt = POLICY_OPTIONS_INIT;
    int all = 1;
    for (int s = 0; s < w->n; s++) {
        double since = l->last_step[s] < 0 ? -1 : (l->step - l->last_step[s]) / 20.0;
        st[s] = (policy_skill_state){l->p_known[s], since, NAN, NAN, l->attempts[s]};
        all &= l->p_known[s] >= opt.mastery;
        for (int k = 0; k < ITEMS_PER_SKILL; k++)
            items[s * ITEMS_PER_SKILL + k] = (policy_item){s * ITEMS_PER_SKILL + k, s, predicted(l, w, s)};
    }
    *declared = all;
    policy_input in = {st, (size_t)w->n, w->edges, (size_t)w->n_edges, items,
                       (size_t)w->n * ITEMS_PER_SKILL, l->recent, 3, NULL, 0};
    policy_choice c;
    if (policy_next(&c, &in, &opt)) return 0;
    l->recent[l->step % 3] = c.item_id;
    return c.skill;
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

static void run_learner(outcome *o, const world *w, choose_fn choose, uint64_t seed, int max_answers)
{
    rng r;
    rng_seed(&r, seed);
    learner l;
    memset(&l, 0, sizeof l);
    for (int s = 0; s < w->n; s++) l.p_known[s] = w->skills[s].p_init, l.last_step[s] = -1;
    for (int k = 0; k < 3; k++) l.recent[k] = -1;
    sim_bkt_init(l.known, w->skills, (size_t)w->n, &r);
    rng answers = r; /* the same answer stream for every policy */
    int band = 0, decl_seen = 0;
    while (l.step < max_answers && !sim_all_known(l.known, (size_t)w->n)) {
        int declared = 0;
        int s = choose(&l, w, &r, &declared);
        if (declared && !decl_seen) {
            decl_seen = 1;
            int k = 0;
            for (int i = 0; i < w->n; i++) k += l.known[i];
            o->declared_answers += l.step, o->declared_known += (double)k / w->n, o->n_declared++;
        }
        double p = predicted(&l, w, s);
        band += p >= 0.6 && p <= 0.9;
        int correct = sim_bkt_answer(l.known, w->skills, (size_t)w->n, s, &answers);
        bkt_update(&l, w, s, correct);
        l.window[s] = (l.window[s] << 1) | correct;
        l.window_n[s]++;
        l.attempts[s]++;
        l.last_step[s] = l.step++;
    }
    o->answers += l.step;
    o->reached += sim_all_known(l.known, (size_t)w->n);
    o->in_band += l.step ? (double)band / l.step : 0;
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

static long int_opt(int argc, char **argv, const char *name, long dflt, long lo, long hi)
{
    const char *v = args_value(argc, argv, name);
    if (!v) return dflt;
    char *end;
    long x = strtol(v, &end, 10);
    return *end || end == v || x < lo || x > hi ? lo - 1 : x;
}

int eval_policy_cmd(int argc, char **argv)
{
    static const char *const allowed[] = {"--learners=", "--seed=", "--skills=", "--max-answers=",
                                          NULL};
    if (args_check(argc, argv, allowed)) return 2;
    long learners = int_opt(argc, argv, "--learners", 1000, 1, 1000000);
    long seed = int_opt(argc, argv, "--seed", 1, 0, 1L << 40);
    long n_skills = int_opt(argc, argv, "--skills", 12, 1, MAX_SKILLS);
    long max_answers = int_opt(argc, argv, "--max-answers", 2000, 10, 1000000);
    if (learners < 1 || seed < 0 || n_skills < 1 || max_answers < 10) {
        fprintf(stderr, "usage: madrasa eval policy --learners N [--seed S] [--skills 1..64] "
                        "[--max-answers M]\n");
        return 2;
    }
    world w;
    build_world(&w, (int)n_skills, (uint64_t)seed);
    static const struct {
        const char *name;
        choose_fn fn;
        int declares;
    } policies[] = {{"ours", choose_ours, 1},
                    {"three_of_five", choose_three_of_five, 1},
                    {"curriculum", choose_curriculum, 1},
                    {"random", choose_random, 0}};
    double ours = 0;
    for (size_t p = 0; p < sizeof policies / sizeof policies[0]; p++) {
        outcome o = {0};
        for (long j = 0; j < learners; j++)
            run_learner(&o, &w, policies[p].fn, (uint64_t)seed * 1000003u + (uint64_t)j, (int)max_answers);
        double mean = o.answers / learners;
        if (p == 0) ours = mean;
        printf("{\"policy\":\"%s\",\"learners\":%ld,\"skills\":%ld,\"answers_to_true_mastery\":%.1f,"
               "\"share_reaching_true_mastery\":%.4f,\"share_answers_in_band\":%.4f,"
               "\"items_saved_by_ours\":%.4f",
               policies[p].name, learners, n_skills, mean, o.reached / learners, o.in_band / learners,
               mean > 0 ? 1.0 - ours / mean : 0.0);
        if (policies[p].declares && o.n_declared > 0)
            printf(",\"answers_when_declared_done\":%.1f,\"true_mastery_when_declared\":%.4f",
                   o.declared_answers / o.n_declared, o.declared_known / o.n_declared);
        printf("}\n");
    }
    return 0;
}
