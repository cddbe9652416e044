/*
 * policy.h — choosing the next item for a learner, with a reason the learner can read.
 *
 * Input: the learner's per-skill states (P(known) from the knowledge-tracing model, days since
 * the skill was last practised, the FSRS due date and retrievability of its review card), the
 * skill prerequisite graph (edges "to needs from"), the candidate items with the model's
 * predicted probability of a correct answer, the recently shown items, and the teacher's
 * assignments. Output: one item, its skill, a reason code and the reason's argument.
 *
 * The rule, in order of priority:
 *  1. ASSIGNMENT: an assigned skill not yet mastered, earliest due date first
 *     (argument: days until due, negative when late);
 *  2. REVIEW: a mastered skill whose review is due (FSRS due date reached, or retrievability
 *     below review_retrievability), most overdue first (argument: days since practice);
 *  3. REMEDIATE: when the skill that step 4 would continue is stuck (every stuck_after-th
 *     attempt while P(known) < 0.5), one item of its least-known prerequisite, to test whether
 *     that prerequisite was really mastered (argument: the stuck skill's index);
 *  4. PRACTICE: continue the unmastered skill that is open (prerequisites mastered) and was
 *     practised most recently (argument: P(known));
 *  5. NEW_SKILL: the first open skill never practised, in the caller's order, which is the
 *     curriculum order (argument: number of prerequisites, all mastered);
 *  6. MAINTAIN: everything open is mastered: the skill with the lowest P(known).
 * Mastery is a stated rule on the model's estimate: P(known) >= mastery (0.95 by default),
 * never a count of answers. Within the chosen skill the item whose predicted success is
 * closest to `target` (0.75) is taken, skipping the recent items while another item exists.
 *
 * Memory: every array is the caller's (pointer + count); nothing is allocated; the result
 * holds indices into the caller's arrays.
 */
#ifndef ENGINE_POLICY_H
#define ENGINE_POLICY_H

#include <stddef.h>

typedef struct policy_skill_state {
    double p_known;        /* knowledge-tracing estimate in [0, 1] */
    double days_since;     /* days since last practice; < 0 when never practised */
    double due_in_days;    /* FSRS review due in this many days (<= 0: due); NAN if no card */
    double retrievability; /* FSRS R now, in [0, 1]; NAN if no card */
    int attempts;          /* answers given on this skill so far */
} policy_skill_state;

typedef struct policy_edge {
    int from, to; /* skill `to` requires skill `from` */
} policy_edge;

typedef struct policy_item {
    int id;           /* the caller's item id (echoed back) */
    int skill;        /* index into the skill states */
    double p_correct; /* model's predicted probability of a correct answer */
} policy_item;

typedef struct policy_assignment {
    int skill;
    double due_in_days;
} policy_assignment;

typedef struct policy_input {
    const policy_skill_state *skills;
    size_t n_skills;
    const policy_edge *edges;
    size_t n_edges;
    const policy_item *items;
    size_t n_items;
    const int *recent_ids; /* ids of recently shown items, any order */
    size_t n_recent;
    const policy_assignment *assignments;
    size_t n_assignments;
} policy_input;

typedef struct policy_options {
    double target;                /* aimed probability of success */
    double mastery;               /* P(known) at or above which a skill is mastered */
    double review_retrievability; /* a mastered skill below this R is due for review */
    int stuck_after;              /* attempts between prerequisite checks on a stuck skill */
} policy_options;

#define POLICY_OPTIONS_INIT {0.75, 0.95, 0.9, 8}

typedef enum {
    POLICY_ASSIGNMENT = 1,
    POLICY_REVIEW,
    POLICY_REMEDIATE,
    POLICY_PRACTICE,
    POLICY_NEW_SKILL,
    POLICY_MAINTAIN
} policy_reason;

typedef struct policy_choice {
    size_t item;          /* index into input->items */
    int item_id, skill;
    policy_reason reason;
    double arg;           /* see the reasons above */
} policy_choice;

/* policy_reason_name: a stable identifier ("review", "new_skill", ...) for i18n keys. */
const char *policy_reason_name(policy_reason r);

/* policy_is_open: 1 when every prerequisite of `skill` is mastered. */
int policy_is_open(const policy_input *in, const policy_options *opt, int skill);

/* policy_next: the next item. E_INVALID when an item, edge or assignment names a skill out of
 * range; E_NOTFOUND when no item can be given (no items for any eligible skill). */
int policy_next(policy_choice *out, const policy_input *in, const policy_options *opt);

#endif
