/*
 * teach_int.h — what the files of src/app/teach share: the class being looked at (checked and
 * with its learners), the skill bank, and the current TaRL groups.
 *
 * A handler starts with tc_open(): it parses the class id, checks access (schools_class_access)
 * and loads the enrolled learners, or answers the error itself (403 "this class is not yours",
 * 404 "no such class") and returns its code. Everything lives in the request's arena.
 */
#ifndef APP_TEACH_TEACH_INT_H
#define APP_TEACH_TEACH_INT_H

#include <jansson.h>
#include <stdint.h>

#include "app/content/content.h"
#include "app/learn/learn.h"
#include "app/teach/teach.h"
#include "http/http.h"

typedef struct tc_learner {
    int64_t id;
    const char *login, *name, *name_ar;
} tc_learner;

typedef struct tc_class {
    int64_t id;
    const char *name, *school_year;
    int grade;
    tc_learner *learners; /* enrolled, by name */
    int64_t *ids;         /* the same, ids only (for learn's functions) */
    int n;
} tc_class;

/* tc_open: the class of path parameter 0, authorised, with its learners (see above). */
int tc_open(tc_class *k, req *r);
/* tc_learner_at: the index of learner `id` in the class, or -1. */
int tc_learner_at(const tc_class *k, int64_t id);
/* tc_learner_param: path parameter i as a learner of the class (404 "no such learner in this
 * class" otherwise); *idx its index. */
int tc_learner_param(int *idx, req *r, const tc_class *k, int i);
json_t *tc_learner_json(const tc_learner *l);

/* tc_bank: learn's skill bank, or E_FAIL (with a message) when the content is not loaded. */
int tc_bank(const content_bank **out, req *r);
/* tc_skill_json: id, titles, grade, TaRL level, ladder, domain of one skill. */
json_t *tc_skill_json(const content_skill *s);
/* tc_skills_in_order: the bank's skills in curriculum order (files, domains, skills as written). */
int tc_skills_in_order(const content_skill ***out, int *n, arena *a, const content_bank *b);
const char *tc_title_fr(const content_skill *s);

/* ---- groups (teach_groups.c) ---- */

typedef struct tc_member {
    int64_t learner_id;
    int group;       /* the level of the group they are in; -1 "not assessed" */
    int confirmed;   /* 1: `group` comes from the teacher's last confirmation */
    int current;     /* learn's current level, -1 none */
    const learn_level *lv; /* learn's current level row, or NULL */
} tc_member;

typedef struct tc_grouping {
    const char *ladder;
    int64_t id;                 /* the last confirmation, 0 none */
    int64_t confirmed_at, confirmed_by;
    const char *confirmed_by_name;
    tc_member *m;               /* one per learner of the class, class order */
} tc_grouping;

/* tc_groups: the class's groups on a ladder: the last confirmed group of each learner (a learner
 * enrolled since, or never confirmed, is placed at learn's current level, unconfirmed), with
 * learn's current level beside it. `levels` are learn_levels() of the class. */
int tc_groups(tc_grouping *g, req *r, const tc_class *k, const char *ladder, const learn_level *levels,
              int nlevels);
/* tc_ladder_ok: one of learn's ladders. */
int tc_ladder_ok(const char *ladder);

/* ---- assignments (teach_assign.c) ---- */

/* The class's assignments with what progress is judged on: the learners' states (skill
 * targets, bundled items) and their answers to item targets (imported quiz questions). */
typedef struct tc_progress {
    learn_assignment *as;
    int nas;
    learn_state *st;
    int nst;
    learn_target_answers *ans;
    int nans;
} tc_progress;

/* tc_assignments: the class's assignments, states and answers (for progress). */
int tc_assignments(tc_progress *p, req *r, const tc_class *k);
/* tc_assignment_done: learner has done every target of the assignment (teach_assign.c's rule). */
int tc_assignment_done(const tc_progress *p, const learn_assignment *as, int64_t learner);

/* ---- alerts (teach_alerts.c) ---- */

/* tc_class_alerts: the alerts of the class (rules + overdue assignments), as JSON objects with
 * learner_id, kind, high, skill, reason, the numbers and `dismissed`; only learner `only` when
 * > 0. Alerts the signed-in teacher dismissed (and no newer answer raised again) are left out
 * unless with_dismissed; *ndismissed counts them either way. */
int tc_class_alerts(json_t **out, int *ndismissed, req *r, const tc_class *k, int64_t only, int with_dismissed);

/* route handlers of the other files */
int teach_groups_get(req *r);
int teach_groups_post(req *r);
int teach_assign_list(req *r);
int teach_assign_create(req *r);
int teach_assign_delete(req *r);
int teach_alerts_get(req *r);
int teach_alert_dismiss(req *r);
int teach_alert_restore(req *r);
int teach_xapi_get(req *r);

#endif
