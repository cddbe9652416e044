/*
 * policy.c — next-item selection (see policy.h for the rule).
 *
 * Each step of the rule is a function that either names a skill (and the reason's argument)
 * or declines; policy_next runs them in priority order from a table and then picks the item.
 * A step whose skill has no item at all declines, so the learner never gets stuck on a skill
 * without content. Everything is linear in the sizes of the inputs.
 */
#include "engine/policy.h"

#include <math.h>

#include "base/err.h"

static const char *const reason_names[] = {"",         "assignment", "review", "remediate",
                                           "practice", "new_skill",  "maintain"};

const char *policy_reason_name(policy_reason r)
{
    return r >= POLICY_ASSIGNMENT && r <= POLICY_MAINTAIN ? reason_names[r] : "unknown";
}

static int mastered(const policy_input *in, const policy_options *opt, int s)
{
    return in->skills[s].p_known >= opt->mastery;
}

int policy_is_open(const policy_input *in, const policy_options *opt, int skill)
{
    for (size_t e = 0; e < in->n_edges; e++)
        if (in->edges[e].to == skill && !mastered(in, opt, in->edges[e].from)) return 0;
    return 1;
}

static int has_items(const policy_input *in, int s)
{
    for (size_t i = 0; i < in->n_items; i++)
        if (in->items[i].skill == s) return 1;
    return 0;
}

static int is_recent(const policy_input *in, int id)
{
    for (size_t k = 0; k < in->n_recent; k++)
        if (in->recent_ids[k] == id) return 1;
    return 0;
}

/* A step: sets *skill and *arg and returns 1, or returns 0. */
typedef int (*step_fn)(int *skill, double *arg, const policy_input *in, const policy_options *opt);

static int step_assignment(int *skill, double *arg, const policy_input *in,
                           const policy_options *opt)
{
    int found = 0;
    for (size_t k = 0; k < in->n_assignments; k++) {
        const policy_assignment *a = &in->assignments[k];
        if (mastered(in, opt, a->skill) || !has_items(in, a->skill)) continue;
        if (!found || a->due_in_days < *arg) *skill = a->skill, *arg = a->due_in_days, found = 1;
    }
    return found;
}

static int review_due(const policy_skill_state *s, const policy_options *opt)
{
    return (!isnan(s->due_in_days) && s->due_in_days <= 0) ||
           (!isnan(s->retrievability) && s->retrievability < opt->review_retrievability);
}

static int step_review(int *skill, double *arg, const policy_input *in, const policy_options *opt)
{
    int found = 0;
    double most = 0;
    for (size_t s = 0; s < in->n_skills; s++) {
        const policy_skill_state *st = &in->skills[s];
        if (!mastered(in, opt, (int)s) || !review_due(st, opt) || !has_items(in, (int)s)) continue;
        double overdue = isnan(st->due_in_days) ? 0 : -st->due_in_days;
        if (!found || overdue > most) *skill = (int)s, *arg = st->days_since, most = overdue, found = 1;
    }
    return found;
}

static int step_practice(int *skill, double *arg, const policy_input *in, const policy_options *opt)
{
    int found = 0;
    double latest = 0;
    for (size_t s = 0; s < in->n_skills; s++) {
        const policy_skill_state *st = &in->skills[s];
        if (st->days_since < 0 || mastered(in, opt, (int)s) || !policy_is_open(in, opt, (int)s) ||
            !has_items(in, (int)s))
            continue;
        if (!found || st->days_since < latest) *skill = (int)s, *arg = st->p_known, latest = st->days_since, found = 1;
    }
    return found;
}

static int step_remediate(int *skill, double *arg, const policy_input *in,
                          const policy_options *opt)
{
    int stuck;
    double p;
    if (opt->stuck_after < 1 || !step_practice(&stuck, &p, in, opt)) return 0;
    const policy_skill_state *st = &in->skills[stuck];
    if (st->p_known >= 0.5 || st->attempts == 0 || st->attempts % opt->stuck_after != 0) return 0;
    for (size_t s = 0; s < in->n_skills; s++) /* once per block: only right after its attempt */
        if (in->skills[s].days_since >= 0 && in->skills[s].days_since < st->days_since) return 0;
    int found = 0;
    double lowest = 2;
    for (size_t e = 0; e < in->n_edges; e++) {
        int pre = in->edges[e].from;
        if (in->edges[e].to != stuck || !has_items(in, pre)) continue;
        if (in->skills[pre].p_known < lowest) *skill = pre, lowest = in->skills[pre].p_known, found = 1;
    }
    *arg = stuck;
    return found;
}

static int step_new_skill(int *skill, double *arg, const policy_input *in, const policy_options *opt)
{
    for (size_t s = 0; s < in->n_skills; s++) {
        if (in->skills[s].days_since >= 0 || mastered(in, opt, (int)s) ||
            !policy_is_open(in, opt, (int)s) || !has_items(in, (int)s))
            continue;
        int n = 0;
        for (size_t e = 0; e < in->n_edges; e++) n += in->edges[e].to == (int)s;
        *skill = (int)s, *arg = n;
        return 1;
    }
    return 0;
}

static int step_maintain(int *skill, double *arg, const policy_input *in, const policy_options *opt)
{
    int found = 0;
    for (size_t s = 0; s < in->n_skills; s++) {
        if (!policy_is_open(in, opt, (int)s) || !has_items(in, (int)s)) continue;
        if (!found || in->skills[s].p_known < *arg) *skill = (int)s, *arg = in->skills[s].p_known, found = 1;
    }
    return found;
}

static const struct {
    policy_reason reason;
    step_fn fn;
} steps[] = {
    {POLICY_ASSIGNMENT, step_assignment}, {POLICY_REVIEW, step_review},
    {POLICY_REMEDIATE, step_remediate},   {POLICY_PRACTICE, step_practice},
    {POLICY_NEW_SKILL, step_new_skill},   {POLICY_MAINTAIN, step_maintain},
};

static int check_input(const policy_input *in)
{
    int n = (int)in->n_skills;
    for (size_t i = 0; i < in->n_items; i++)
        if (in->items[i].skill < 0 || in->items[i].skill >= n) return E_INVALID;
    for (size_t e = 0; e < in->n_edges; e++)
        if (in->edges[e].from < 0 || in->edges[e].from >= n || in->edges[e].to < 0 ||
            in->edges[e].to >= n)
            return E_INVALID;
    for (size_t k = 0; k < in->n_assignments; k++)
        if (in->assignments[k].skill < 0 || in->assignments[k].skill >= n) return E_INVALID;
    return 0;
}

/* The item of `skill` closest to the target, preferring items not shown recently. */
static size_t pick_item(const policy_input *in, const policy_options *opt, int skill)
{
    size_t best = in->n_items;
    double best_cost = INFINITY;
    for (size_t i = 0; i < in->n_items; i++) {
        if (in->items[i].skill != skill) continue;
        double cost = fabs(in->items[i].p_correct - opt->target) + (is_recent(in, in->items[i].id) ? 2.0 : 0.0);
        if (cost < best_cost) best = i, best_cost = cost;
    }
    return best;
}

int policy_next(policy_choice *out, const policy_input *in, const policy_options *opt)
{
    int rc = check_input(in);
    if (rc) return rc;
    for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++) {
        int skill = -1;
        double arg = 0;
        if (!steps[k].fn(&skill, &arg, in, opt)) continue;
        size_t i = pick_item(in, opt, skill);
        *out = (policy_choice){i, in->items[i].id, skill, steps[k].reason, arg};
        return 0;
    }
    return E_NOTFOUND;
}
