/*
 * teach.h — the teacher's side of adaptive practice: a class dashboard built on src/app/learn.
 *
 * Routes (docs/api.md, "Teaching"): the mastery heatmap, TaRL groups with regrouping
 * suggestions, assignments, alerts, the most-missed items, a learner's page, oral reading
 * assessments, the CSV export and the xAPI statements of its answers, all under
 * /api/classes/{id}/…. Every route checks the class with schools_class_access (the class's
 * teacher, its school's admin, an admin; a learner is refused by the route table) and every
 * learner id against the class's enrolments.
 *
 * The module owns the tables of migration 0005 (confirmed groupings, oral-assessment notes,
 * the group an assignment went to). Learners' answers, states, levels and assignments belong
 * to learn: this module only calls learn.h.
 *
 * The rules a teacher is shown (docs/teaching.md) are pure functions here, so the unit tests,
 * the API and the docs share one statement of them: the five heatmap steps and the alerts.
 */
#ifndef APP_TEACH_TEACH_H
#define APP_TEACH_TEACH_H

#include <stdint.h>

#include "base/arena.h"
#include "http/http.h"

extern const route_table teach_routes;

/* ---- the heatmap's five steps ---- */

/* teach_heat_step: 0 never practised, 1 P(known) < 0.40, 2 < 0.70, 3 < mastery (0.95),
 * 4 mastered. The same steps colour the dashboard and fill the CSV's legend. */
int teach_heat_step(double p_known, int attempts, int mastered);

/* ---- alerts ---- */

/* The thresholds of the alert rules (docs/teaching.md says why each value). */
typedef struct teach_alert_rules {
    int wrong_streak;       /* this many wrong answers in a row: "struggling" */
    int stuck_attempts;     /* this many answers on one skill … */
    double stuck_p;         /* … and P(known) still below this: "stuck" */
    int falling_min;        /* over the learner's last answers (learn keeps 20), at least this many, … */
    double falling_drop;    /* … success rate this far below their overall rate: "falling" */
    int inactive_days;      /* no answer for this many days … */
    double classmates_share; /* … while at least this share of classmates answered: "inactive" */
} teach_alert_rules;

#define TEACH_ALERT_RULES_INIT {5, 10, 0.5, 10, 0.25, 7, 0.5}

typedef enum {
    TEACH_ALERT_WRONG_STREAK,
    TEACH_ALERT_STUCK,
    TEACH_ALERT_FALLING,
    TEACH_ALERT_INACTIVE,
    TEACH_ALERT_NEVER,
    TEACH_ALERT_OVERDUE,
    TEACH_ALERT_KINDS
} teach_alert_kind;

/* What the rules look at for one learner (filled by the caller from learn's functions). */
typedef struct teach_learner_facts {
    int64_t learner_id;
    int answers, correct;                /* ever */
    int recent_answers, recent_correct;  /* the last answers (learn: 20) */
    int wrong_streak;
    int64_t last_at;                     /* 0: never practised */
    int active_recently;                 /* answered within rules.inactive_days */
} teach_learner_facts;

typedef struct teach_skill_facts {
    int64_t learner_id;
    const char *skill_id;
    double p_known;
    int attempts, mastered;
} teach_skill_facts;

typedef struct teach_alert {
    int64_t learner_id;
    teach_alert_kind kind;
    const char *skill_id;   /* stuck: the skill; overdue: NULL */
    int64_t assignment_id;  /* overdue: the assignment */
    int high;               /* 1: act today (streak, stuck), 0: keep an eye */
    /* the numbers the reason quotes */
    int n, of;              /* streak length / attempts / recent correct of recent answers / classmates active of classmates */
    int pct, before_pct;    /* P(known) % (stuck); recent and overall success % (falling) */
    int days;               /* days since the last answer (inactive) or past due (overdue) */
} teach_alert;

/* teach_alert_kind_name: "wrong_streak", "stuck", "falling", "inactive", "never_practised",
 * "overdue" — the stable codes of the API and of the UI's strings (teach.alert.<code>). */
const char *teach_alert_kind_name(teach_alert_kind k);

/* teach_alerts_eval applies the rules to a class: `learners` (n of them, the whole class, for
 * the classmates rule), `skills` (their practised skills) and `now`. Overdue assignments are
 * added by the caller (they need learn's progress). The alerts come back in the arena, the
 * learner order kept, high ones first within a learner; at most 3 "stuck" per learner. */
int teach_alerts_eval(teach_alert **out, int *nout, arena *a, const teach_alert_rules *rules,
                      const teach_learner_facts *learners, int n, const teach_skill_facts *skills, int nskills,
                      int64_t now);

/* teach_alert_reason: the alert in one English sentence (the API's "reason"; the UI says it in
 * the user's language from the same numbers). `skill_title` may be NULL. Arena string. */
const char *teach_alert_reason(arena *a, const teach_alert *al, const char *skill_title);

/* teach_demo confirms the TaRL groups of the demo class from the demo learners' levels (once;
 * idempotent), so the dashboard opens with groups and the regrouping flow can be shown. */
int teach_demo(db_conn *c);

#endif
