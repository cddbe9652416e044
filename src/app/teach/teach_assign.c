/*
 * teach_assign.c — assignments: skills or items given to the class, a TaRL group or a learner,
 * with a due date; the list with each one's progress; deletion.
 *
 * Assignments are learn's (learn_assign / learn_assignments): the learner's practice serves
 * them first. This file checks what the teacher may do (their class, its learners, its groups),
 * turns a group into its learners at the moment of assigning (a group is who is in it today,
 * so a later regrouping does not silently change past work), and remembers which group it was
 * (teach_assignment_groups) so the list can say so.
 *
 * A quiz (kind "quiz") is a teacher's import (GIFT / Moodle XML, content_store) given as item
 * targets: all its questions, those of one category, or the ones chosen; it is stored as an
 * item assignment (learn has no other kind) whose title defaults to the category or prefix.
 *
 * Progress: a learner has done a skill target when learn says the skill is mastered, or they
 * practised it after the assignment was given (last answer at or after its creation); a bundled
 * item target counts through its skill the same way, or when answered right since. An imported
 * question (no skill) is done once answered since the assignment was given, and is right when
 * that first answer was (learn_assignment_answers). A learner has done the assignment when every
 * target is done.
 */
#include "app/teach/teach_int.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/content/content_store.h"
#include "base/err.h"

enum { TARGETS_MAX = 50, QUIZ_MAX = 100, TITLE_MAX = 200 };

/* "YYYY-MM-DD" → the last second of that day (UTC); E_INVALID otherwise */
static int parse_due(int64_t *out, const char *s)
{
    int y, m, d;
    char tail;
    if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) return E_INVALID;
    if (y < 2000 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return E_INVALID;
    struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 23, .tm_min = 59, .tm_sec = 59};
    time_t t = timegm(&tm);
    if (tm.tm_mday != d) return E_INVALID; /* 31 February rolled over */
    *out = (int64_t)t;
    return 0;
}

static int targets_from(const char ***out, int *n, req *r, json_t *arr, int skills, const content_bank *b)
{
    if (!arr || !json_is_array(arr) || json_array_size(arr) < 1 || json_array_size(arr) > TARGETS_MAX)
        return http_fail(r, E_INVALID, "targets", "targets: a list of 1 to %d %s ids", TARGETS_MAX, skills ? "skill" : "item");
    const char **t = arena_alloc_array(r->a, json_array_size(arr), sizeof *t);
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        const char *id = json_string_value(v);
        if (!id || (skills ? !content_find_skill(b, id) : !content_store_template(id)))
            return http_fail(r, E_INVALID, "targets", "targets[%zu]: no such %s", i, skills ? "skill" : "item");
        t[i] = id;
    }
    *out = t;
    *n = (int)json_array_size(arr);
    return 0;
}

/* quiz_targets: the questions of import `prefix` — of one category when given, else the ids
 * chosen in `chosen` (each must be one of the import's), else all of them; *title the default
 * title (the category, else the prefix). */
static int quiz_targets(const char ***out, int *n, const char **title, req *r, const char *prefix,
                        const char *category, json_t *chosen)
{
    const content_template **t;
    size_t nt;
    if (!prefix || !*prefix) return http_fail(r, E_INVALID, "import", "import: the prefix of one of the imports");
    if (content_store_sync(req_db(r)) || content_store_import(&t, &nt, r->a, prefix))
        return http_fail(r, E_INVALID, "import", "import: no import has the prefix '%s'", prefix);
    if (chosen && (!json_is_array(chosen) || json_array_size(chosen) < 1))
        return http_fail(r, E_INVALID, "targets", "targets: a list of the import's question ids, or leave it out");
    const char **ids = arena_alloc_array(r->a, nt + 1, sizeof *ids);
    *n = 0;
    for (size_t i = 0; i < nt; i++) {
        int take = category ? t[i]->category && strcmp(t[i]->category, category) == 0 : 1;
        if (chosen) {
            take = 0;
            size_t k;
            json_t *v;
            json_array_foreach(chosen, k, v) take |= json_is_string(v) && strcmp(json_string_value(v), t[i]->id) == 0;
        }
        if (take) ids[(*n)++] = t[i]->id;
    }
    if (chosen && (size_t)*n != json_array_size(chosen))
        return http_fail(r, E_INVALID, "targets", "targets: every id must be a question of the import '%s', once", prefix);
    if (*n == 0) return http_fail(r, E_INVALID, "category", "category: no question of '%s' is in that category", prefix);
    if (*n > QUIZ_MAX)
        return http_fail(r, E_INVALID, "targets", "targets: a quiz has at most %d questions (choose a category or some)", QUIZ_MAX);
    *out = ids;
    *title = category ? category : prefix;
    return 0;
}

/* the learners a "to" designates (NULL, 0 for the whole class) */
static int recipients(int64_t **ids, int *n, req *r, const tc_class *k, const char *to, const char *ladder,
                      json_int_t level, json_int_t learner)
{
    *ids = NULL;
    *n = 0;
    if (strcmp(to, "class") == 0) return 0;
    if (strcmp(to, "learner") == 0) {
        int at = learner > 0 ? tc_learner_at(k, learner) : -1;
        if (at < 0) return http_fail(r, E_INVALID, "learner_id", "learner_id: not a learner of this class");
        *ids = &k->ids[at];
        *n = 1;
        return 0;
    }
    if (strcmp(to, "group") != 0) return http_fail(r, E_INVALID, "to", "to: class, group or learner");
    if (!tc_ladder_ok(ladder)) return http_fail(r, E_INVALID, "ladder", "ladder: one of math, read_ar, read_fr");
    if (level < 0 || level > learn_ladder_top(ladder))
        return http_fail(r, E_INVALID, "level", "level: 0 to %d", learn_ladder_top(ladder));
    learn_level *lv;
    int nlv, rc;
    tc_grouping g;
    if ((rc = learn_levels(&lv, &nlv, req_db(r), r->a, k->ids, k->n)) || (rc = tc_groups(&g, r, k, ladder, lv, nlv)))
        return rc;
    *ids = arena_alloc_array(r->a, (size_t)k->n + 1, sizeof **ids);
    for (int i = 0; i < k->n; i++)
        if (g.m[i].group == level) (*ids)[(*n)++] = k->ids[i];
    if (*n == 0) return http_fail(r, E_INVALID, "level", "nobody is in that group");
    return 0;
}

int teach_assign_create(req *r)
{
    tc_class k;
    const content_bank *b;
    int rc = tc_open(&k, r);
    if (rc == 0) rc = tc_bank(&b, r);
    if (rc) return rc;
    json_t *body, *targets = NULL;
    const char *kind, *to, *due, *ladder = NULL, *title = NULL, *import = NULL, *category = NULL;
    json_int_t level = -1, learner = 0;
    if ((rc = req_json(&body, r)) ||
        (rc = req_fields(r, body, "{s:s, s?o, s:s, s:s, s?s, s?I, s?I, s?s, s?s, s?s}", "kind", &kind, "targets",
                         &targets, "to", &to, "due", &due, "ladder", &ladder, "level", &level, "learner_id", &learner,
                         "title", &title, "import", &import, "category", &category)))
        return rc;
    int skills = strcmp(kind, "skill") == 0, quiz = strcmp(kind, "quiz") == 0;
    if (!skills && !quiz && strcmp(kind, "item") != 0) return http_fail(r, E_INVALID, "kind", "kind: skill, item or quiz");
    if (!quiz && (import || category)) return http_fail(r, E_INVALID, import ? "import" : "category", "only a quiz has an import");
    if (quiz && category && targets) return http_fail(r, E_INVALID, "category", "category: give a category or targets, not both");
    learn_assignment as = {.class_id = k.id, .kind = skills ? LEARN_ASSIGN_SKILL : LEARN_ASSIGN_TEMPLATE,
                           .created_by = r->user->id};
    if (title && strlen(title) > TITLE_MAX) return http_fail(r, E_INVALID, "title", "title: at most %d bytes", TITLE_MAX);
    as.title = title && *title ? title : NULL;
    if (parse_due(&as.due_at, due)) return http_fail(r, E_INVALID, "due", "due: a date written YYYY-MM-DD");
    if (as.due_at < db_now()) return http_fail(r, E_INVALID, "due", "due: that day is already over");
    const char **t = NULL, *quiz_title = NULL;
    int64_t *ids = NULL;
    if ((rc = quiz ? quiz_targets(&t, &as.ntargets, &quiz_title, r, import, category, targets)
                   : targets_from(&t, &as.ntargets, r, targets, skills, b)) ||
        (rc = recipients(&ids, &as.nlearners, r, &k, to, ladder, level, learner)))
        return rc;
    if (!as.title) as.title = quiz_title;
    as.targets = t;
    as.learner_ids = ids;
    int64_t id;
    db_conn *c = req_db(r);
    if ((rc = learn_assign(&id, c, &as))) {
        if (rc == E_INVALID) return http_fail(r, rc, NULL, "the assignment was refused");
        return rc;
    }
    if (strcmp(to, "group") == 0 &&
        db_exec(c, "INSERT INTO teach_assignment_groups (assignment_id, class_id, ladder, level) VALUES ($1, $2, $3, $4)",
                "iisi", id, k.id, ladder, (int64_t)level) < 0)
        return E_FAIL;
    return http_json(r, 201, json_pack("{s:I, s:I, s:i}", "id", (json_int_t)id, "due_at", (json_int_t)as.due_at,
                                       "learners", as.nlearners ? as.nlearners : k.n));
}

static int state_done(const learn_state *st, int nst, int64_t learner, const char *skill, int64_t since)
{
    for (int i = 0; skill && i < nst; i++)
        if (st[i].learner_id == learner && strcmp(st[i].skill_id, skill) == 0)
            return st[i].mastered || st[i].last_at >= since;
    return 0;
}

static const learn_target_answers *answers_of(const tc_progress *p, const learn_assignment *as, int64_t learner,
                                              const char *target)
{
    for (int i = 0; i < p->nans; i++)
        if (p->ans[i].assignment_id == as->id && p->ans[i].learner_id == learner && strcmp(p->ans[i].target, target) == 0)
            return &p->ans[i];
    return NULL;
}

/* target_done: the rule of the opening comment; *right: the first answer since was right */
static int target_done(int *right, const tc_progress *p, const learn_assignment *as, int t, int64_t learner)
{
    *right = 0;
    if (as->kind == LEARN_ASSIGN_SKILL) return state_done(p->st, p->nst, learner, as->targets[t], as->created_at);
    const content_template *tp = content_store_template(as->targets[t]);
    const learn_target_answers *x = answers_of(p, as, learner, as->targets[t]);
    *right = x && x->first_correct;
    if (!tp || !tp->skill) return x != NULL;
    return (x && x->correct) || state_done(p->st, p->nst, learner, tp->skill->id, as->created_at);
}

/* an item target as the list shows it: a bundled item with its skill, an imported question
 * with its stem (in the import's one language) and category */
static json_t *item_target_json(const char *id)
{
    const content_template *tp = content_store_template(id);
    if (!tp) return json_pack("{s:s}", "id", id);
    json_t *o = tp->skill ? tc_skill_json(tp->skill) : json_object();
    json_object_set_new(o, "id", json_string(id));
    json_object_set_new(o, "item", json_true());
    json_object_set_new(o, "type", json_string(content_type_name(tp->type)));
    if (!tp->skill) {
        json_object_set_new(o, "imported", json_true());
        json_object_set_new(o, "stem", json_string(content_ctext_get(&tp->stem, LANG_FR)));
        if (tp->category) json_object_set_new(o, "category", json_string(tp->category));
    }
    return o;
}

/* a quiz: every target is an imported question */
static int is_quiz(const learn_assignment *as)
{
    if (as->kind != LEARN_ASSIGN_TEMPLATE) return 0;
    for (int t = 0; t < as->ntargets; t++) {
        const content_template *tp = content_store_template(as->targets[t]);
        if (!tp || tp->skill) return 0;
    }
    return as->ntargets > 0;
}

static json_t *assignment_json(const tc_class *k, const learn_assignment *as, const tc_progress *p,
                               const content_bank *b, db_rows *groups)
{
    json_t *targets = json_array(), *learners = json_array();
    for (int t = 0; t < as->ntargets; t++) {
        const content_skill *s = as->kind == LEARN_ASSIGN_SKILL ? content_find_skill(b, as->targets[t]) : NULL;
        json_array_append_new(targets, s                                  ? tc_skill_json(s)
                                       : as->kind == LEARN_ASSIGN_TEMPLATE ? item_target_json(as->targets[t])
                                                                           : json_pack("{s:s}", "id", as->targets[t]));
    }
    int n = as->nlearners ? as->nlearners : k->n, done = 0;
    for (int i = 0; i < n; i++) {
        int64_t lid = as->nlearners ? as->learner_ids[i] : k->ids[i];
        int at = tc_learner_at(k, lid), targets_done = 0, right = 0;
        for (int t = 0; t < as->ntargets; t++) {
            int ok;
            targets_done += target_done(&ok, p, as, t, lid);
            right += ok;
        }
        done += targets_done == as->ntargets;
        json_array_append_new(learners, json_pack("{s:I, s:s?, s:s?, s:i, s:i, s:b}", "id", (json_int_t)lid, "name",
                                                  at >= 0 ? k->learners[at].name : NULL, "name_ar",
                                                  at >= 0 ? k->learners[at].name_ar : NULL, "targets_done", targets_done,
                                                  "right", right, "done", targets_done == as->ntargets));
    }
    json_t *to = json_pack("{s:s}", "type", as->nlearners == 0 ? "class" : as->nlearners == 1 ? "learner" : "learners");
    for (int i = 0; i < groups->nrows; i++)
        if (db_int(groups, i, 0) == as->id) {
            json_object_set_new(to, "type", json_string("group"));
            json_object_set_new(to, "ladder", json_string(db_text(groups, i, 1)));
            json_object_set_new(to, "level", json_integer(db_int(groups, i, 2)));
        }
    return json_pack("{s:I, s:s, s:s?, s:o, s:o, s:I, s:I, s:b, s:i, s:i, s:o}", "id", (json_int_t)as->id, "kind",
                     as->kind == LEARN_ASSIGN_SKILL ? "skill" : is_quiz(as) ? "quiz" : "item", "title", as->title, "targets", targets, "to", to,
                     "due_at", (json_int_t)as->due_at, "created_at", (json_int_t)as->created_at, "overdue",
                     as->due_at < db_now() && done < n, "learners_total", n, "learners_done", done, "learners", learners);
}

int tc_assignments(tc_progress *p, req *r, const tc_class *k)
{
    memset(p, 0, sizeof *p);
    int rc = learn_assignments(&p->as, &p->nas, req_db(r), r->a, k->id);
    if (rc == 0) rc = learn_states(&p->st, &p->nst, req_db(r), r->a, k->ids, k->n);
    if (rc == 0) rc = learn_assignment_answers(&p->ans, &p->nans, req_db(r), r->a, k->id, k->ids, k->n);
    return rc;
}

int tc_assignment_done(const tc_progress *p, const learn_assignment *as, int64_t learner)
{
    int right;
    for (int t = 0; t < as->ntargets; t++)
        if (!target_done(&right, p, as, t, learner)) return 0;
    return 1;
}

int teach_assign_list(req *r)
{
    tc_class k;
    const content_bank *b;
    int rc = tc_open(&k, r);
    if (rc == 0) rc = tc_bank(&b, r);
    if (rc) return rc;
    tc_progress p;
    db_rows *groups;
    if ((rc = tc_assignments(&p, r, &k)) ||
        (rc = db_query(&groups, req_db(r), r->a,
                       "SELECT assignment_id, ladder, level FROM teach_assignment_groups WHERE class_id = $1", "i", k.id)))
        return rc;
    json_t *arr = json_array();
    for (int i = 0; i < p.nas; i++) json_array_append_new(arr, assignment_json(&k, &p.as[i], &p, b, groups));
    return http_json(r, 200, json_pack("{s:o}", "assignments", arr));
}

int teach_assign_delete(req *r)
{
    tc_class k;
    int64_t aid;
    int rc = tc_open(&k, r);
    if (rc) return rc;
    if (req_param_id(&aid, r, 1)) return http_fail(r, E_NOTFOUND, NULL, "no such assignment in this class");
    rc = learn_assignment_delete(req_db(r), k.id, aid);
    if (rc == E_NOTFOUND) return http_fail(r, rc, NULL, "no such assignment in this class");
    if (rc) return rc;
    if (db_exec(req_db(r), "DELETE FROM teach_assignment_groups WHERE assignment_id = $1", "i", aid) < 0) return E_FAIL;
    return http_status(r, 204);
}
