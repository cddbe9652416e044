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
 * Progress: a learner has done a skill target when learn says the skill is mastered, or they
 * practised it after the assignment was given (last answer at or after its creation); an item
 * target counts through its skill the same way. A learner has done the assignment when every
 * target is done. (learn does not expose its own completion rule yet: /tmp/teach-requests.md.)
 */
#include "app/teach/teach_int.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/err.h"

enum { TARGETS_MAX = 50, TITLE_MAX = 200 };

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
    if (!json_is_array(arr) || json_array_size(arr) < 1 || json_array_size(arr) > TARGETS_MAX)
        return http_fail(r, E_INVALID, "targets", "targets: a list of 1 to %d %s ids", TARGETS_MAX, skills ? "skill" : "item");
    const char **t = arena_alloc_array(r->a, json_array_size(arr), sizeof *t);
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        const char *id = json_string_value(v);
        if (!id || (skills ? !content_find_skill(b, id) : !content_find_template(b, id)))
            return http_fail(r, E_INVALID, "targets", "targets[%zu]: no such %s", i, skills ? "skill" : "item");
        t[i] = id;
    }
    *out = t;
    *n = (int)json_array_size(arr);
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
    json_t *body, *targets;
    const char *kind, *to, *due, *ladder = NULL, *title = NULL;
    json_int_t level = -1, learner = 0;
    if ((rc = req_json(&body, r)) ||
        (rc = req_fields(r, body, "{s:s, s:o, s:s, s:s, s?s, s?I, s?I, s?s}", "kind", &kind, "targets", &targets, "to",
                         &to, "due", &due, "ladder", &ladder, "level", &level, "learner_id", &learner, "title", &title)))
        return rc;
    int skills = strcmp(kind, "skill") == 0;
    if (!skills && strcmp(kind, "item") != 0) return http_fail(r, E_INVALID, "kind", "kind: skill or item");
    learn_assignment as = {.class_id = k.id, .kind = skills ? LEARN_ASSIGN_SKILL : LEARN_ASSIGN_TEMPLATE,
                           .created_by = r->user->id};
    if (title && strlen(title) > TITLE_MAX) return http_fail(r, E_INVALID, "title", "title: at most %d bytes", TITLE_MAX);
    as.title = title && *title ? title : NULL;
    if (parse_due(&as.due_at, due)) return http_fail(r, E_INVALID, "due", "due: a date written YYYY-MM-DD");
    if (as.due_at < db_now()) return http_fail(r, E_INVALID, "due", "due: that day is already over");
    const char **t = NULL;
    int64_t *ids = NULL;
    if ((rc = targets_from(&t, &as.ntargets, r, targets, skills, b)) ||
        (rc = recipients(&ids, &as.nlearners, r, &k, to, ladder, level, learner)))
        return rc;
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

/* the skill a target stands for */
static const char *target_skill(const learn_assignment *as, int t, const content_bank *b)
{
    if (as->kind == LEARN_ASSIGN_SKILL) return as->targets[t];
    const content_template *tp = content_find_template(b, as->targets[t]);
    return tp && tp->skill ? tp->skill->id : NULL;
}

static int state_done(const learn_state *st, int nst, int64_t learner, const char *skill, int64_t since)
{
    for (int i = 0; skill && i < nst; i++)
        if (st[i].learner_id == learner && strcmp(st[i].skill_id, skill) == 0)
            return st[i].mastered || st[i].last_at >= since;
    return 0;
}

static json_t *assignment_json(const tc_class *k, const learn_assignment *as, const learn_state *st, int nst,
                               const content_bank *b, db_rows *groups)
{
    json_t *targets = json_array(), *learners = json_array();
    for (int t = 0; t < as->ntargets; t++) {
        const content_skill *s = as->kind == LEARN_ASSIGN_SKILL ? content_find_skill(b, as->targets[t]) : NULL;
        json_array_append_new(targets, s ? tc_skill_json(s) : json_pack("{s:s}", "id", as->targets[t]));
    }
    int n = as->nlearners ? as->nlearners : k->n, done = 0;
    for (int i = 0; i < n; i++) {
        int64_t lid = as->nlearners ? as->learner_ids[i] : k->ids[i];
        int at = tc_learner_at(k, lid), targets_done = 0;
        for (int t = 0; t < as->ntargets; t++) targets_done += state_done(st, nst, lid, target_skill(as, t, b), as->created_at);
        done += targets_done == as->ntargets;
        json_array_append_new(learners, json_pack("{s:I, s:s?, s:s?, s:i, s:b}", "id", (json_int_t)lid, "name",
                                                  at >= 0 ? k->learners[at].name : NULL, "name_ar",
                                                  at >= 0 ? k->learners[at].name_ar : NULL, "targets_done", targets_done,
                                                  "done", targets_done == as->ntargets));
    }
    json_t *to = json_pack("{s:s}", "type", as->nlearners == 0 ? "class" : as->nlearners == 1 ? "learner" : "learners");
    for (int i = 0; i < groups->nrows; i++)
        if (db_int(groups, i, 0) == as->id) {
            json_object_set_new(to, "type", json_string("group"));
            json_object_set_new(to, "ladder", json_string(db_text(groups, i, 1)));
            json_object_set_new(to, "level", json_integer(db_int(groups, i, 2)));
        }
    return json_pack("{s:I, s:s, s:s?, s:o, s:o, s:I, s:I, s:b, s:i, s:i, s:o}", "id", (json_int_t)as->id, "kind",
                     as->kind == LEARN_ASSIGN_SKILL ? "skill" : "item", "title", as->title, "targets", targets, "to", to,
                     "due_at", (json_int_t)as->due_at, "created_at", (json_int_t)as->created_at, "overdue",
                     as->due_at < db_now() && done < n, "learners_total", n, "learners_done", done, "learners", learners);
}

int tc_assignments(learn_assignment **as, int *nas, learn_state **st, int *nst, req *r, const tc_class *k)
{
    int rc = learn_assignments(as, nas, req_db(r), r->a, k->id);
    if (rc == 0) rc = learn_states(st, nst, req_db(r), r->a, k->ids, k->n);
    return rc;
}

int tc_assignment_done(const learn_assignment *as, const learn_state *st, int nst, int64_t learner)
{
    const content_bank *b = learn_bank();
    for (int t = 0; b && t < as->ntargets; t++)
        if (!state_done(st, nst, learner, target_skill(as, t, b), as->created_at)) return 0;
    return 1;
}

int teach_assign_list(req *r)
{
    tc_class k;
    const content_bank *b;
    int rc = tc_open(&k, r);
    if (rc == 0) rc = tc_bank(&b, r);
    if (rc) return rc;
    learn_assignment *as;
    learn_state *st;
    int nas, nst;
    db_rows *groups;
    if ((rc = tc_assignments(&as, &nas, &st, &nst, r, &k)) ||
        (rc = db_query(&groups, req_db(r), r->a,
                       "SELECT assignment_id, ladder, level FROM teach_assignment_groups WHERE class_id = $1", "i", k.id)))
        return rc;
    json_t *arr = json_array();
    for (int i = 0; i < nas; i++) json_array_append_new(arr, assignment_json(&k, &as[i], st, nst, b, groups));
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
