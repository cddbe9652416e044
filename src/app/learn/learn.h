/*
 * learn.h — the learner's side of adaptive practice, and what the teacher's side reads from it.
 *
 * The module owns the tables of migrations 0002–0004: `learn_attempts` (every answer, once per
 * client_id), `learn_states` (per learner and skill: the BKT estimate, counts, the FSRS review
 * card, the Elo skill rating), `learn_levels` (the TaRL level per learner and ladder, append-only
 * history: the newest row is the current level), `learn_placements` (placement tests in
 * progress) and `learn_assignments` / `learn_assignment_targets` (a teacher's assignments).
 * Other modules never touch those tables: they call the functions below.
 *
 * The teacher module (src/app/teach) authorises the class and the learners first, then calls
 * these functions with the learner ids it is allowed to see; nothing here checks permissions
 * except the HTTP handlers of learn.c (a learner only ever reaches their own records).
 *
 * Memory: every list comes back in the caller's arena; strings point into the arena or into
 * the content bank (which lives as long as the process). Times are Unix seconds (db_now()).
 * Results: 0, or E_INVALID (a bad argument, naming nothing: the caller validated its input),
 * E_NOTFOUND, E_FAIL (database).
 */
#ifndef APP_LEARN_LEARN_H
#define APP_LEARN_LEARN_H

#include <stdint.h>

#include "app/content/content.h"
#include "base/arena.h"
#include "db/db.h"
#include "http/http.h"

extern const route_table learn_routes;

/* The mastery rule, stated once: a skill is mastered when the model's P(known) >= this. */
#define LEARN_MASTERY 0.95

/* ---- knowledge states ---- */

typedef struct learn_state {
    int64_t learner_id;
    const char *skill_id;   /* a skill of learn_bank() */
    double p_known;         /* BKT estimate of P(known) after the last answer */
    int mastered;           /* p_known >= LEARN_MASTERY */
    int attempts, correct;  /* answers on this skill, and how many were right */
    int64_t last_at;        /* time of the last answer */
    int64_t due_at;         /* FSRS review due (0: no review card yet, i.e. never answered right) */
    double stability;       /* FSRS stability in days (0 without a card) */
    double elo;             /* the learner's Elo skill rating (logit offset) */
} learn_state;

/* learn_states: one row per (learner, skill practised at least once), ordered by learner id then
 * skill id, for the `nlearners` learners given (nlearners 0: an empty list). Skills never
 * practised have no row: their p_known is the model's prior, learn_prior(). */
int learn_states(learn_state **out, int *n, db_conn *c, arena *a, const int64_t *learner_ids, int nlearners);

/* learn_prior: P(known) of a skill never practised (the BKT init of the bank's parameters). */
double learn_prior(void);

/* ---- TaRL levels ---- */

/* The ladders: "math" (the arithmetic rungs then fractions and decimals), "read_ar", "read_fr".
 * Level 0 is "beginner"; level k is the k-th rung (the content's tarl_level k). */
enum { LEARN_LADDERS = 3 };

typedef struct learn_level {
    int64_t learner_id;
    const char *ladder;    /* "math" | "read_ar" | "read_fr" */
    int level;             /* 0 .. learn_ladder_top(ladder) */
    const char *label_ar, *label_fr, *label_en; /* the rung's name, e.g. "Nombres 10–99" */
    const char *label_key; /* i18n key, e.g. "learn.level.math.2" */
    const char *source;    /* "placement" | "practice" | "teacher" | "oral" */
    int64_t set_by;        /* the user who set it (the learner for placement/practice) */
    int64_t set_at;
} learn_level;

/* learn_levels: the current level of each learner on each ladder where one was set (no row
 * where none was), ordered by learner then ladder. */
int learn_levels(learn_level **out, int *n, db_conn *c, arena *a, const int64_t *learner_ids, int nlearners);

/* learn_level_history: every level ever set for one learner, newest first. */
int learn_level_history(learn_level **out, int *n, db_conn *c, arena *a, int64_t learner_id);

/* learn_set_level records a new current level (history is kept). E_INVALID for an unknown
 * ladder or source, or a level outside 0..learn_ladder_top(ladder). */
int learn_set_level(db_conn *c, int64_t learner_id, const char *ladder, int level, const char *source,
                    int64_t by_user);

/* learn_ladder_top: the highest level of a ladder, or -1 for an unknown ladder.
 * learn_ladder_name: ladder i (0 .. LEARN_LADDERS-1), NULL past the end. */
int learn_ladder_top(const char *ladder);
const char *learn_ladder_name(int i);

/* ---- what was missed ---- */

typedef struct learn_item_stat {
    const char *template_id; /* the item template (items are "<template_id>#<seed>") */
    const char *skill_id;    /* NULL for imported questions without a skill */
    int attempts, wrong;
    const char *top_misconception; /* most frequent misconception code among wrong answers, or NULL */
    int top_misconception_count;
    const char *top_wrong_response; /* most frequent wrong answer, or NULL: a choice item's chosen
                                     * choice as the learners saw it, other items' response */
    int top_wrong_count;
} learn_item_stat;

/* learn_item_stats: per template answered by these learners since `since` (0: ever), the most
 * missed first (by wrong, then attempts); choices are named in `lang`. */
int learn_item_stats(learn_item_stat **out, int *n, db_conn *c, arena *a, const int64_t *learner_ids,
                     int nlearners, int64_t since, content_lang lang);

/* ---- activity ---- */

typedef struct learn_activity {
    int64_t learner_id;
    int answers, correct;   /* since `since` */
    int64_t time_ms;        /* summed answer durations since `since` (as the page measured them) */
    int64_t last_at;        /* last answer ever (0: never practised) */
    int wrong_streak;       /* wrong answers in a row at the end of the learner's history */
    int recent_answers, recent_correct; /* the learner's last 20 answers */
    int days_active;        /* distinct days with an answer since `since` */
} learn_activity;

/* learn_activity_of: one row per learner given (in the order given), zeros for a learner who
 * never practised. (Named _of because the struct takes the plain name.) */
int learn_activity_of(learn_activity **out, int *n, db_conn *c, arena *a, const int64_t *learner_ids,
                      int nlearners, int64_t since);

/* ---- aggregates by period (the observatory's figures) ---- */

/* What a set of learners did in one period [start, end). Every field is a count that adds up
 * over disjoint sets of learners, so a caller may split a large set into chunks of at most
 * LEARN_PERIOD_MAX_LEARNERS and sum the chunks' rows field by field. */
typedef struct learn_period {
    int learners;                 /* distinct learners with at least one answer in the period */
    int answers;                  /* answers stored in the period (created_at in [start, end)) */
    int placements;               /* placement tests finished in the period */
    int placement_learners;       /* distinct learners who finished one */
    int skills_practised;         /* (learner, skill) pairs with an answer on that skill in the period */
    int skills_mastered;          /* of those, pairs whose last answer in the period left P(known) >=
                                     LEARN_MASTERY (the answer's stored p_after) */
    int skill_learners;           /* distinct learners behind skills_practised */
    int levelled[LEARN_LADDERS];  /* learners with a level on ladder l set before the period's end */
    int *at_level[LEARN_LADDERS]; /* [0 .. learn_ladder_top(l)]: of those, whose newest level set before
                                     the end is k (a stored level above today's top counts at the top) */
} learn_period;

enum { LEARN_PERIOD_MAX_LEARNERS = 5000, LEARN_PERIOD_MAX = 240 };

/* learn_period_stats: one learn_period per period for the `nlearners` learners given (ids, no
 * repeats: a repeated id is counted twice). `bounds` holds nperiods + 1 strictly increasing Unix
 * times; period i is [bounds[i], bounds[i+1]). *out is an arena array of nperiods rows (all zero
 * when nlearners is 0). Four queries whatever nperiods is. E_INVALID for nperiods outside
 * 1..LEARN_PERIOD_MAX, bounds not increasing, or nlearners outside 0..LEARN_PERIOD_MAX_LEARNERS.
 * Reads no names: only counts leave this function. */
int learn_period_stats(learn_period **out, db_conn *c, arena *a, const int64_t *learner_ids, int nlearners,
                       const int64_t *bounds, int nperiods);

/* ---- answers ---- */

/* One stored answer (learn_attempts), as the teacher's side reads it. */
typedef struct learn_attempt {
    int64_t id, learner_id;
    const char *item_id;       /* "<template_id>#<seed>": the exact item the learner saw */
    const char *template_id;
    const char *skill_id;      /* NULL for an imported question */
    const char *response;      /* as the learner sent it ("1" for the second choice shown) */
    int correct;
    const char *misconception; /* the known mistake the answer matched, or NULL */
    int hints_used;
    int64_t duration_ms, created_at;
    /* with render only (NULL otherwise, or when the template is no longer known): */
    const char *prompt;        /* the item's stem regenerated from item_id, in `lang` */
    const char *response_text; /* a choice item's chosen choice, in `lang`; NULL for other types */
} learn_attempt;

/* Which answers learn_attempts_list returns. */
typedef struct learn_attempt_query {
    const int64_t *learner_ids; /* the learners (the caller authorised them) */
    int nlearners;              /* 0: an empty list */
    int64_t since;              /* created_at >= since (0: ever) */
    int64_t after_id;           /* ascending: only ids > after_id (a cursor) */
    int ascending;              /* 1: oldest first by id (export pages); 0: newest first */
    int limit;                  /* 1 .. LEARN_ATTEMPTS_MAX */
    int render;                 /* fill prompt and response_text (regenerates each item) */
    content_lang lang;
} learn_attempt_query;

enum { LEARN_ATTEMPTS_MAX = 5000 };

#define LEARN_ATTEMPT_QUERY_INIT {NULL, 0, 0, 0, 0, 20, 0, LANG_FR}

/* learn_attempts_list: the answers of the query's learners, at most q->limit, in the order asked
 * (by attempt id, the order they were stored). E_INVALID for a limit outside 1..LEARN_ATTEMPTS_MAX
 * or a bad learner list. */
int learn_attempts_list(learn_attempt **out, int *n, db_conn *c, arena *a, const learn_attempt_query *q);

/* ---- assignments ---- */

typedef enum { LEARN_ASSIGN_SKILL = 0, LEARN_ASSIGN_TEMPLATE = 1 } learn_assign_kind;

typedef struct learn_assignment {
    int64_t id;               /* set by learn_assign */
    int64_t class_id;         /* the class it belongs to */
    const int64_t *learner_ids; /* a group or one learner; NULL/0: the whole class */
    int nlearners;
    learn_assign_kind kind;
    const char *const *targets; /* skill ids or template ids */
    int ntargets;
    const char *title;        /* optional, may be NULL */
    int64_t due_at;           /* Unix seconds */
    int64_t created_by;       /* the teacher */
    int64_t created_at;       /* set by learn_assign */
} learn_assignment;

/* learn_assign validates (targets exist in the bank or the imports, 1..100 targets, due_at > 0, learners given
 * are enrolled in the class — checked through schools) and stores the assignment in one
 * transaction; *id its new id. E_INVALID with nothing stored otherwise. */
int learn_assign(int64_t *id, db_conn *c, const learn_assignment *as);

/* learn_assignments: the assignments of a class, latest due first (arena). */
int learn_assignments(learn_assignment **out, int *n, db_conn *c, arena *a, int64_t class_id);

/* What the learners did on the item templates of a class's assignments (kind template): one
 * row per (assignment, learner, target) answered at least once since the assignment was given,
 * ordered by assignment, learner, target. An imported quiz question (no skill) counts as done
 * once answered; the practice loop serves it until then (a bundled item: until answered right). */
typedef struct learn_target_answers {
    int64_t assignment_id, learner_id;
    const char *target;  /* the template id */
    int answers;         /* answers since the assignment was given */
    int first_correct;   /* the first of them was right (a quiz's score) */
    int correct;         /* at least one was right */
} learn_target_answers;

/* learn_assignment_answers: the rows above for the class's assignments, restricted to the
 * `nlearners` learners given (the caller's authorised list; 0: an empty list). */
int learn_assignment_answers(learn_target_answers **out, int *n, db_conn *c, arena *a, int64_t class_id,
                             const int64_t *learner_ids, int nlearners);

/* learn_assignment_delete removes an assignment of that class; E_NOTFOUND if it is not one. */
int learn_assignment_delete(db_conn *c, int64_t class_id, int64_t assignment_id);

/* ---- content ---- */

/* learn_bank: the bundled curriculum (skills with ar/fr titles, grade, tarl_level, the
 * prerequisite graph through skill->prereq) — the content store's bank, loaded once. NULL when
 * the content could not be loaded (the server logs why). Borrowed; immutable; thread-safe. */
const content_bank *learn_bank(void);

/* learn_skill_ladder: the ladder a skill belongs to ("math", "read_ar", "read_fr"), or NULL. */
const char *learn_skill_ladder(const content_skill *s);

/* ---- demo ---- */

/* learn_demo gives the demo learners (amina, youssef, salma, omar) a deterministic practice
 * history simulated with the engine, and a level per ladder; idempotent (skips learners who
 * already have answers). */
int learn_demo(db_conn *c);

#endif
