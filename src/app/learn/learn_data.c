/*
 * learn_data.c — what the teacher's side reads and writes through learn.h: states, levels,
 * item statistics, activity, assignments; and the demo learners' practice history.
 *
 * Lists of learners become SQL IN lists of integers built here (never from text), capped at
 * LEARN_MAX_LEARNERS so a query stays bounded. Results live in the caller's arena.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "app/accounts/accounts.h"
#include "app/content/content_store.h"
#include "app/learn/learn_int.h"
#include "app/schools/schools.h"
#include "base/err.h"
#include "base/log.h"
#include "base/rng.h"

enum { LEARN_MAX_LEARNERS = 5000, LEARN_MAX_TARGETS = 100 };

static const char *const sources[] = {"placement", "practice", "teacher", "oral"};

static int check_ids(const int64_t *ids, int n) { return n < 0 || n > LEARN_MAX_LEARNERS || (n > 0 && !ids) ? E_INVALID : 0; }

int learn_states(learn_state **out, int *n, db_conn *c, arena *a, const int64_t *learner_ids, int nlearners)
{
    *out = NULL;
    *n = 0;
    if (check_ids(learner_ids, nlearners)) return E_INVALID;
    if (nlearners == 0) return 0;
    db_rows *r;
    char *sql = arena_printf(a,
                             "SELECT learner_id, skill_id, p_known, attempts, correct, last_at, due_at, stability, elo, "
                             "card_state FROM learn_states WHERE learner_id IN %s ORDER BY learner_id, skill_id",
                             learn_in_list(a, learner_ids, nlearners));
    int rc = db_query(&r, c, a, sql, "");
    if (rc) return rc;
    *out = arena_alloc_array(a, (size_t)r->nrows + 1, sizeof **out);
    for (int i = 0; i < r->nrows; i++) {
        learn_state *s = &(*out)[i];
        const content_skill *sk = learn_bank() ? content_find_skill(learn_bank(), db_text(r, i, 1)) : NULL;
        s->learner_id = db_int(r, i, 0);
        s->skill_id = sk ? sk->id : arena_strdup(a, db_text(r, i, 1));
        s->p_known = db_double(r, i, 2);
        s->mastered = s->p_known >= LEARN_MASTERY;
        s->attempts = (int)db_int(r, i, 3);
        s->correct = (int)db_int(r, i, 4);
        s->last_at = db_int(r, i, 5);
        int has_card = db_int(r, i, 9) != 0;
        s->due_at = has_card ? db_int(r, i, 6) : 0;
        s->stability = has_card ? db_double(r, i, 7) : 0;
        s->elo = db_double(r, i, 8);
    }
    *n = r->nrows;
    return 0;
}

/* ---- levels ---- */

static void level_from_row(learn_level *l, const db_rows *r, int i, arena *a)
{
    int lad = learn_ladder_pos(db_text(r, i, 1));
    l->learner_id = db_int(r, i, 0);
    l->ladder = learn_ladder_name(lad);
    l->level = (int)db_int(r, i, 2);
    l->label_ar = learn_level_label(lad, l->level, LANG_AR);
    l->label_fr = learn_level_label(lad, l->level, LANG_FR);
    l->label_en = learn_level_label(lad, l->level, LANG_EN);
    l->label_key = arena_printf(a, "learn.level.%s.%d", l->ladder ? l->ladder : "?", l->level);
    for (size_t k = 0; k < sizeof sources / sizeof sources[0]; k++)
        if (strcmp(db_text(r, i, 3), sources[k]) == 0) l->source = sources[k];
    l->set_by = db_isnull(r, i, 4) ? 0 : db_int(r, i, 4);
    l->set_at = db_int(r, i, 5);
}

static int levels_query(learn_level **out, int *n, db_conn *c, arena *a, const char *sql, const char *types, int64_t arg)
{
    db_rows *r;
    int rc = db_query(&r, c, a, sql, types, arg);
    if (rc) return rc;
    *out = arena_alloc_array(a, (size_t)r->nrows + 1, sizeof **out);
    for (int i = 0; i < r->nrows; i++) level_from_row(&(*out)[i], r, i, a);
    *n = r->nrows;
    return 0;
}

int learn_levels(learn_level **out, int *n, db_conn *c, arena *a, const int64_t *learner_ids, int nlearners)
{
    *out = NULL;
    *n = 0;
    if (check_ids(learner_ids, nlearners)) return E_INVALID;
    if (nlearners == 0) return 0;
    char *sql = arena_printf(a,
                             "SELECT learner_id, ladder, level, source, set_by, set_at FROM learn_levels l WHERE "
                             "learner_id IN %s AND id = (SELECT max(id) FROM learn_levels m WHERE m.learner_id = "
                             "l.learner_id AND m.ladder = l.ladder) ORDER BY learner_id, ladder",
                             learn_in_list(a, learner_ids, nlearners));
    return levels_query(out, n, c, a, sql, "", 0);
}

int learn_level_history(learn_level **out, int *n, db_conn *c, arena *a, int64_t learner_id)
{
    return levels_query(out, n, c, a,
                        "SELECT learner_id, ladder, level, source, set_by, set_at FROM learn_levels WHERE learner_id = "
                        "$1 ORDER BY id DESC",
                        "i", learner_id);
}

int learn_set_level(db_conn *c, int64_t learner_id, const char *ladder, int level, const char *source, int64_t by_user)
{
    int top = learn_ladder_top(ladder), ok = 0;
    for (size_t k = 0; source && k < sizeof sources / sizeof sources[0]; k++) ok |= strcmp(source, sources[k]) == 0;
    if (top < 0 || !ok || level < 0 || level > top) return E_INVALID;
    int n = db_exec(c,
                    "INSERT INTO learn_levels (learner_id, ladder, level, source, set_by, set_at) VALUES ($1, $2, $3, "
                    "$4, $5, $6)",
                    "isisii", learner_id, ladder, (int64_t)level, source, by_user, db_now());
    return n < 0 ? n : 0;
}

/* ---- items as the learners saw them ---- */

/* regenerate: the item a learner saw, from its id "<template_id>#<seed>"; NULL when the
 * template or the id no longer makes sense. */
static const content_item *regenerate(arena *a, const char *item_id)
{
    char *tid;
    uint64_t seed;
    content_item *it;
    const content_template *t;
    if (template_parse_item_id(&tid, &seed, a, item_id) || !(t = content_store_template(tid)) ||
        learn_instantiate(&it, a, t, seed))
        return NULL;
    return it;
}

/* chosen: a choice item's choice that `response` ("1": the second shown) names, in `lang`;
 * NULL for other items or a response that names no choice. */
static const char *chosen(const content_item *it, const char *response, content_lang lang)
{
    char *end;
    long k = it->type == ITEM_CHOICE ? strtol(response, &end, 10) : -1;
    if (it->type != ITEM_CHOICE || !*response || *end || k < 0 || (size_t)k >= it->nchoices) return NULL;
    return learn_text(&it->choices[k], lang);
}

/* choice_text: chosen() for the item with this id. */
static const char *choice_text(arena *a, const char *item_id, const char *response, content_lang lang)
{
    const content_item *it = regenerate(a, item_id);
    return it ? chosen(it, response, lang) : NULL;
}

/* ---- item statistics ---- */

static int by_text(const void *x, const void *y) { return strcmp(*(const char *const *)x, *(const char *const *)y); }

/* The wrong answers of one template: rows [from, to) of the query, which lists each template's
 * answers together (ORDER BY template_id: contiguous whatever the collation). */
typedef struct wrong_group {
    const char *template_id;
    int from, to;
} wrong_group;

static int by_group(const void *x, const void *y)
{
    return strcmp(((const wrong_group *)x)->template_id, ((const wrong_group *)y)->template_id);
}

/* wrong_groups: w's rows cut into templates, sorted by template id for bsearch. */
static wrong_group *wrong_groups(int *n, const db_rows *w, arena *a)
{
    wrong_group *g = arena_alloc_array(a, (size_t)w->nrows + 1, sizeof *g);
    *n = 0;
    for (int i = 0; i < w->nrows; i++) {
        if (*n && strcmp(g[*n - 1].template_id, db_text(w, i, 0)) == 0) g[*n - 1].to = i + 1;
        else g[(*n)++] = (wrong_group){db_text(w, i, 0), i, i + 1};
    }
    qsort(g, (size_t)*n, sizeof *g, by_group);
    return g;
}

/* top_wrong: s's most frequent wrong answer among its group's rows (template_id, item_id,
 * response), as the learners saw it: a choice item's chosen choice in `lang` (regenerated from
 * the item id, since choices and their order differ from one item to the next), any other
 * item's response as typed. Ties go to the first in text order. */
static void top_wrong(learn_item_stat *s, const db_rows *w, const wrong_group *groups, int ngroups, arena *a,
                      content_lang lang)
{
    wrong_group key = {s->template_id, 0, 0};
    const wrong_group *g = bsearch(&key, groups, (size_t)ngroups, sizeof *groups, by_group);
    if (!g) return;
    const content_template *t = content_store_template(s->template_id);
    int choice = t && t->type == ITEM_CHOICE; /* only a choice's response needs its item */
    int n = g->to - g->from;
    const char **keys = arena_alloc_array(a, (size_t)n, sizeof *keys);
    for (int i = g->from; i < g->to; i++) {
        const char *shown = choice ? choice_text(a, db_text(w, i, 1), db_text(w, i, 2), lang) : NULL;
        keys[i - g->from] = shown ? shown : db_text(w, i, 2);
    }
    qsort(keys, (size_t)n, sizeof *keys, by_text);
    for (int i = 0, run = 1; i < n; i++, run++)
        if (i + 1 == n || strcmp(keys[i], keys[i + 1]) != 0) {
            if (run > s->top_wrong_count) s->top_wrong_response = keys[i], s->top_wrong_count = run;
            run = 0;
        }
}

int learn_item_stats(learn_item_stat **out, int *n, db_conn *c, arena *a, const int64_t *learner_ids, int nlearners,
                     int64_t since, content_lang lang)
{
    *out = NULL;
    *n = 0;
    if (check_ids(learner_ids, nlearners)) return E_INVALID;
    if (nlearners == 0) return 0;
    const char *in = learn_in_list(a, learner_ids, nlearners);
    db_rows *r, *m, *w;
    int rc = db_query(&r, c, a,
                      arena_printf(a,
                                   "SELECT template_id, max(skill_id), count(*), sum(1 - correct) AS wrong FROM "
                                   "learn_attempts WHERE learner_id IN %s AND created_at >= $1 GROUP BY template_id "
                                   "ORDER BY wrong DESC, count(*) DESC, template_id",
                                   in),
                      "i", since);
    if (rc == 0)
        rc = db_query(&m, c, a,
                      arena_printf(a,
                                   "SELECT template_id, misconception, count(*) AS k FROM learn_attempts WHERE "
                                   "learner_id IN %s AND created_at >= $1 AND correct = 0 AND misconception IS NOT NULL "
                                   "GROUP BY template_id, misconception ORDER BY template_id, k DESC, misconception",
                                   in),
                      "i", since);
    if (rc == 0)
        rc = db_query(&w, c, a,
                      arena_printf(a,
                                   "SELECT template_id, item_id, response FROM learn_attempts WHERE learner_id IN %s AND "
                                   "created_at >= $1 AND correct = 0 ORDER BY template_id, id",
                                   in),
                      "i", since);
    if (rc) return rc;
    int ngroups;
    const wrong_group *groups = wrong_groups(&ngroups, w, a);
    *out = arena_alloc_array(a, (size_t)r->nrows + 1, sizeof **out);
    for (int i = 0; i < r->nrows; i++) {
        learn_item_stat *s = &(*out)[i];
        s->template_id = arena_strdup(a, db_text(r, i, 0));
        s->skill_id = db_text(r, i, 1);
        s->attempts = (int)db_int(r, i, 2);
        s->wrong = (int)db_int(r, i, 3);
        /* the first row per template is its most frequent (ORDER BY k DESC) */
        for (int k = 0; k < m->nrows && !s->top_misconception; k++)
            if (strcmp(db_text(m, k, 0), s->template_id) == 0) {
                s->top_misconception = db_text(m, k, 1);
                s->top_misconception_count = (int)db_int(m, k, 2);
            }
        top_wrong(s, w, groups, ngroups, a, lang);
    }
    *n = r->nrows;
    return 0;
}

/* ---- activity ---- */

int learn_activity_of(learn_activity **out, int *n, db_conn *c, arena *a, const int64_t *learner_ids, int nlearners,
                      int64_t since)
{
    *out = NULL;
    *n = 0;
    if (check_ids(learner_ids, nlearners)) return E_INVALID;
    *out = arena_alloc_array(a, (size_t)nlearners + 1, sizeof **out);
    for (int i = 0; i < nlearners; i++) (*out)[i].learner_id = learner_ids[i];
    *n = nlearners;
    if (nlearners == 0) return 0;
    const char *in = learn_in_list(a, learner_ids, nlearners);
    db_rows *r, *last;
    int rc = db_query(&r, c, a,
                      arena_printf(a,
                                   "SELECT learner_id, count(*), sum(correct), sum(duration_ms), count(DISTINCT "
                                   "created_at / 86400) FROM learn_attempts WHERE learner_id IN %s AND created_at >= $1 "
                                   "GROUP BY learner_id",
                                   in),
                      "i", since);
    if (rc) return rc;
    for (int i = 0; i < r->nrows; i++)
        for (int k = 0; k < nlearners; k++)
            if ((*out)[k].learner_id == db_int(r, i, 0)) {
                (*out)[k].answers = (int)db_int(r, i, 1);
                (*out)[k].correct = (int)db_int(r, i, 2);
                (*out)[k].time_ms = db_int(r, i, 3);
                (*out)[k].days_active = (int)db_int(r, i, 4);
            }
    /* the last 20 answers of each learner, newest first: streak and recent success */
    for (int k = 0; k < nlearners; k++) {
        learn_activity *ac = &(*out)[k];
        if ((rc = db_query(&last, c, a,
                           "SELECT correct, created_at FROM learn_attempts WHERE learner_id = $1 ORDER BY id DESC LIMIT 20",
                           "i", ac->learner_id)))
            return rc;
        ac->last_at = last->nrows ? db_int(last, 0, 1) : 0;
        ac->recent_answers = last->nrows;
        int streak_open = 1;
        for (int i = 0; i < last->nrows; i++) {
            int ok = (int)db_int(last, i, 0);
            ac->recent_correct += ok;
            if (ok) streak_open = 0;
            else if (streak_open) ac->wrong_streak++;
        }
    }
    return 0;
}

/* ---- answers ---- */

/* render_attempt: the stem (and a choice's text) of the item the learner saw, regenerated from
 * its id; left NULL when the template or the id no longer makes sense */
static void render_attempt(learn_attempt *at, arena *a, content_lang lang)
{
    const content_item *it = regenerate(a, at->item_id);
    if (!it) return;
    at->prompt = learn_text(&it->stem, lang);
    at->response_text = chosen(it, at->response, lang);
}

int learn_attempts_list(learn_attempt **out, int *n, db_conn *c, arena *a, const learn_attempt_query *q)
{
    *out = NULL;
    *n = 0;
    if (check_ids(q->learner_ids, q->nlearners) || q->limit < 1 || q->limit > LEARN_ATTEMPTS_MAX) return E_INVALID;
    if (q->nlearners == 0) return 0;
    db_rows *r;
    char *sql = arena_printf(a,
                             "SELECT id, learner_id, item_id, template_id, skill_id, response, correct, misconception, "
                             "hints_used, duration_ms, created_at FROM learn_attempts WHERE learner_id IN %s AND "
                             "created_at >= $1 AND id > $2 ORDER BY id %s LIMIT $3",
                             learn_in_list(a, q->learner_ids, q->nlearners), q->ascending ? "ASC" : "DESC");
    int rc = db_query(&r, c, a, sql, "iii", q->since, q->ascending ? q->after_id : (int64_t)0, (int64_t)q->limit);
    if (rc) return rc;
    *out = arena_alloc_array(a, (size_t)r->nrows + 1, sizeof **out);
    for (int i = 0; i < r->nrows; i++) {
        learn_attempt *at = &(*out)[i];
        at->id = db_int(r, i, 0);
        at->learner_id = db_int(r, i, 1);
        at->item_id = db_text(r, i, 2);
        at->template_id = db_text(r, i, 3);
        at->skill_id = db_text(r, i, 4);
        at->response = db_text(r, i, 5);
        at->correct = db_int(r, i, 6) != 0;
        at->misconception = db_text(r, i, 7);
        at->hints_used = (int)db_int(r, i, 8);
        at->duration_ms = db_int(r, i, 9);
        at->created_at = db_int(r, i, 10);
        if (q->render) render_attempt(at, a, q->lang);
    }
    *n = r->nrows;
    return 0;
}

/* ---- assignments ---- */

static int target_exists(learn_assign_kind kind, const char *id)
{
    const content_bank *b = learn_bank();
    if (!id || !b) return 0;
    return kind == LEARN_ASSIGN_SKILL ? content_find_skill(b, id) != NULL : content_store_template(id) != NULL;
}

static int enrolled(db_conn *c, arena *a, int64_t class_id, int64_t learner)
{
    int64_t *ids;
    int n;
    if (schools_learner_classes(&ids, &n, c, a, learner)) return 0;
    for (int i = 0; i < n; i++)
        if (ids[i] == class_id) return 1;
    return 0;
}

static int assign_validate(db_conn *c, arena *a, const learn_assignment *as)
{
    if (!as || as->class_id <= 0 || as->due_at <= 0 || as->created_by <= 0) return E_INVALID;
    if (as->ntargets < 1 || as->ntargets > LEARN_MAX_TARGETS || !as->targets) return E_INVALID;
    if (as->kind != LEARN_ASSIGN_SKILL && as->kind != LEARN_ASSIGN_TEMPLATE) return E_INVALID;
    if (as->nlearners < 0 || as->nlearners > LEARN_MAX_LEARNERS || (as->nlearners && !as->learner_ids)) return E_INVALID;
    for (int i = 0; i < as->ntargets; i++)
        if (!target_exists(as->kind, as->targets[i])) return E_INVALID;
    for (int i = 0; i < as->nlearners; i++)
        if (!enrolled(c, a, as->class_id, as->learner_ids[i])) return E_INVALID;
    return 0;
}

int learn_assign(int64_t *id, db_conn *c, const learn_assignment *as)
{
    arena a = ARENA_INIT;
    int rc = content_store_sync(c);
    if (rc == 0) rc = assign_validate(c, &a, as);
    if (rc) goto done;
    if ((rc = db_begin(c))) goto done;
    db_rows *r;
    rc = db_query(&r, c, &a,
                  "INSERT INTO learn_assignments (class_id, kind, title, due_at, created_by, created_at) VALUES ($1, $2, "
                  "$3, $4, $5, $6) RETURNING id",
                  "issiii", as->class_id, as->kind == LEARN_ASSIGN_SKILL ? "skill" : "template", as->title, as->due_at,
                  as->created_by, db_now());
    if (rc == 0) *id = db_int(r, 0, 0);
    for (int i = 0; rc == 0 && i < as->ntargets; i++) {
        int k = db_exec(c,
                        "INSERT INTO learn_assignment_targets (assignment_id, target) VALUES ($1, $2) ON CONFLICT DO "
                        "NOTHING",
                        "is", *id, as->targets[i]);
        rc = k < 0 ? k : 0;
    }
    for (int i = 0; rc == 0 && i < as->nlearners; i++) {
        int k = db_exec(c,
                        "INSERT INTO learn_assignment_learners (assignment_id, learner_id) VALUES ($1, $2) ON CONFLICT "
                        "DO NOTHING",
                        "ii", *id, as->learner_ids[i]);
        rc = k < 0 ? k : 0;
    }
    if (rc == 0) rc = db_commit(c);
    else db_rollback(c);
done:
    arena_free(&a);
    return rc;
}

int learn_assignments(learn_assignment **out, int *n, db_conn *c, arena *a, int64_t class_id)
{
    db_rows *r, *t, *l;
    *out = NULL;
    *n = 0;
    int rc = db_query(&r, c, a,
                      "SELECT id, kind, title, due_at, created_by, created_at FROM learn_assignments WHERE class_id = $1 "
                      "ORDER BY due_at DESC, id DESC",
                      "i", class_id);
    if (rc == 0)
        rc = db_query(&t, c, a,
                      "SELECT t.assignment_id, t.target FROM learn_assignment_targets t JOIN learn_assignments a ON a.id "
                      "= t.assignment_id WHERE a.class_id = $1 ORDER BY t.assignment_id, t.target",
                      "i", class_id);
    if (rc == 0)
        rc = db_query(&l, c, a,
                      "SELECT t.assignment_id, t.learner_id FROM learn_assignment_learners t JOIN learn_assignments a ON "
                      "a.id = t.assignment_id WHERE a.class_id = $1 ORDER BY t.assignment_id, t.learner_id",
                      "i", class_id);
    if (rc) return rc;
    *out = arena_alloc_array(a, (size_t)r->nrows + 1, sizeof **out);
    for (int i = 0; i < r->nrows; i++) {
        learn_assignment *as = &(*out)[i];
        as->id = db_int(r, i, 0);
        as->class_id = class_id;
        as->kind = strcmp(db_text(r, i, 1), "skill") == 0 ? LEARN_ASSIGN_SKILL : LEARN_ASSIGN_TEMPLATE;
        as->title = db_text(r, i, 2);
        as->due_at = db_int(r, i, 3);
        as->created_by = db_int(r, i, 4);
        as->created_at = db_int(r, i, 5);
        const char **targets = arena_alloc_array(a, (size_t)t->nrows + 1, sizeof *targets);
        int64_t *learners = arena_alloc_array(a, (size_t)l->nrows + 1, sizeof *learners);
        for (int k = 0; k < t->nrows; k++)
            if (db_int(t, k, 0) == as->id) targets[as->ntargets++] = db_text(t, k, 1);
        for (int k = 0; k < l->nrows; k++)
            if (db_int(l, k, 0) == as->id) learners[as->nlearners++] = db_int(l, k, 1);
        as->targets = targets;
        as->learner_ids = as->nlearners ? learners : NULL;
    }
    *n = r->nrows;
    return 0;
}

int learn_assignment_answers(learn_target_answers **out, int *n, db_conn *c, arena *a, int64_t class_id,
                             const int64_t *learner_ids, int nlearners)
{
    *out = NULL;
    *n = 0;
    if (check_ids(learner_ids, nlearners)) return E_INVALID;
    if (nlearners == 0) return 0;
    db_rows *r;
    int rc = db_query(&r, c, a,
                      arena_printf(a,
                                   "SELECT a.id, x.learner_id, t.target, x.correct FROM learn_assignments a JOIN "
                                   "learn_assignment_targets t ON t.assignment_id = a.id JOIN learn_attempts x ON "
                                   "x.template_id = t.target AND x.created_at >= a.created_at WHERE a.class_id = $1 AND "
                                   "a.kind = 'template' AND x.learner_id IN %s ORDER BY a.id, x.learner_id, t.target, x.id",
                                   learn_in_list(a, learner_ids, nlearners)),
                      "i", class_id);
    if (rc) return rc;
    *out = arena_alloc_array(a, (size_t)r->nrows + 1, sizeof **out);
    learn_target_answers *cur = NULL;
    for (int i = 0; i < r->nrows; i++) {
        int64_t aid = db_int(r, i, 0), lid = db_int(r, i, 1);
        const char *target = db_text(r, i, 2);
        int ok = db_int(r, i, 3) != 0;
        if (!cur || cur->assignment_id != aid || cur->learner_id != lid || strcmp(cur->target, target) != 0) {
            cur = &(*out)[(*n)++]; /* rows come ordered: a new (assignment, learner, target) starts here */
            *cur = (learn_target_answers){aid, lid, target, 0, ok, 0};
        }
        cur->answers++;
        cur->correct |= ok;
    }
    return 0;
}

int learn_assignment_delete(db_conn *c, int64_t class_id, int64_t assignment_id)
{
    int n = db_exec(c, "DELETE FROM learn_assignments WHERE id = $1 AND class_id = $2", "ii", assignment_id, class_id);
    return n < 0 ? n : n == 0 ? E_NOTFOUND : 0;
}

/* ---- aggregates by period ---- */

/* period_case: "CASE WHEN col < b1 THEN 0 WHEN col < b2 THEN 1 … ELSE n-1 END", the period of a
 * time already known to lie in [b0, bn); built from integers only. */
static const char *period_case(arena *a, const char *col, const int64_t *bounds, int n)
{
    buf b = BUF_INIT(64 + (size_t)n * 48);
    buf_puts(&b, "CASE");
    for (int i = 1; i < n; i++) buf_printf(&b, " WHEN %s < %lld THEN %d", col, (long long)bounds[i], i - 1);
    buf_printf(&b, " ELSE %d END", n - 1);
    const char *s = arena_strdup(a, b.data);
    buf_free(&b);
    return s;
}

/* period_rows runs one "SELECT period, counts… GROUP BY period" and hands each row to fill. */
static int period_rows(learn_period *p, int n, db_conn *c, arena *a, const char *sql, int64_t from, int64_t to,
                       void (*fill)(learn_period *row, const db_rows *r, int i))
{
    db_rows *r;
    int rc = db_query(&r, c, a, sql, "ii", from, to);
    if (rc) return rc;
    for (int i = 0; i < r->nrows; i++) {
        int64_t k = db_int(r, i, 0);
        if (k >= 0 && k < n) fill(&p[k], r, i);
    }
    return 0;
}

static void fill_answers(learn_period *p, const db_rows *r, int i)
{
    p->answers = (int)db_int(r, i, 1);
    p->learners = (int)db_int(r, i, 2);
}

static void fill_placements(learn_period *p, const db_rows *r, int i)
{
    p->placements = (int)db_int(r, i, 1);
    p->placement_learners = (int)db_int(r, i, 2);
}

static void fill_mastery(learn_period *p, const db_rows *r, int i)
{
    p->skills_practised = (int)db_int(r, i, 1);
    p->skills_mastered = (int)db_int(r, i, 2);
    p->skill_learners = (int)db_int(r, i, 3);
}

/* The levels at each period's end: the history rows come ordered by learner, ladder, id; within
 * one (learner, ladder) run, the newest row set before a period's end is its level then. */
static int period_levels(learn_period *p, int n, db_conn *c, arena *a, const char *in, const int64_t *bounds)
{
    int top[LEARN_LADDERS];
    for (int l = 0; l < LEARN_LADDERS; l++) {
        top[l] = learn_ladder_top(learn_ladder_name(l));
        if (top[l] < 0) top[l] = 0;
        for (int k = 0; k < n; k++) p[k].at_level[l] = arena_alloc_array(a, (size_t)top[l] + 1, sizeof(int));
    }
    db_rows *r;
    int rc = db_query(&r, c, a,
                      arena_printf(a,
                                   "SELECT learner_id, ladder, level, set_at FROM learn_levels WHERE learner_id IN %s "
                                   "AND set_at < $1 ORDER BY learner_id, ladder, id",
                                   in),
                      "i", bounds[n]);
    if (rc) return rc;
    for (int i = 0; i < r->nrows;) {
        int j = i; /* [i, j): one learner's history on one ladder */
        while (j < r->nrows && db_int(r, j, 0) == db_int(r, i, 0) && strcmp(db_text(r, j, 1), db_text(r, i, 1)) == 0)
            j++;
        int l = learn_ladder_pos(db_text(r, i, 1)), cur = i - 1;
        for (int k = 0; l >= 0 && k < n; k++) {
            while (cur + 1 < j && db_int(r, cur + 1, 3) < bounds[k + 1]) cur++;
            if (cur < i) continue; /* no level yet at this period's end */
            int lv = (int)db_int(r, cur, 2);
            p[k].levelled[l]++;
            p[k].at_level[l][lv > top[l] ? top[l] : lv]++;
        }
        i = j;
    }
    return 0;
}

int learn_period_stats(learn_period **out, db_conn *c, arena *a, const int64_t *learner_ids, int nlearners,
                       const int64_t *bounds, int nperiods)
{
    *out = NULL;
    if (nperiods < 1 || nperiods > LEARN_PERIOD_MAX || !bounds || nlearners > LEARN_PERIOD_MAX_LEARNERS ||
        check_ids(learner_ids, nlearners))
        return E_INVALID;
    for (int k = 0; k < nperiods; k++)
        if (bounds[k] >= bounds[k + 1]) return E_INVALID;
    learn_period *p = arena_alloc_array(a, (size_t)nperiods, sizeof *p);
    *out = p;
    int rc = period_levels(p, nperiods, c, a, learn_in_list(a, learner_ids, nlearners), bounds);
    if (rc || nlearners == 0) return rc;
    const char *in = learn_in_list(a, learner_ids, nlearners);
    const char *when = period_case(a, "created_at", bounds, nperiods);
    int64_t from = bounds[0], to = bounds[nperiods];
    rc = period_rows(p, nperiods, c, a,
                     arena_printf(a,
                                  "SELECT m, count(*), count(DISTINCT learner_id) FROM (SELECT learner_id, %s AS m FROM "
                                  "learn_attempts WHERE learner_id IN %s AND created_at >= $1 AND created_at < $2) t "
                                  "GROUP BY m",
                                  when, in),
                     from, to, fill_answers);
    if (rc == 0)
        rc = period_rows(p, nperiods, c, a,
                         arena_printf(a,
                                      "SELECT m, count(*), count(DISTINCT learner_id) FROM (SELECT learner_id, %s AS m "
                                      "FROM learn_placements WHERE learner_id IN %s AND finished_at IS NOT NULL AND "
                                      "finished_at >= $1 AND finished_at < $2) t GROUP BY m",
                                      period_case(a, "finished_at", bounds, nperiods), in),
                         from, to, fill_placements);
    if (rc == 0)
        rc = period_rows(p, nperiods, c, a,
                         arena_printf(a,
                                      "SELECT g.m, count(*), sum(CASE WHEN x.p_after >= %.17g THEN 1 ELSE 0 END), "
                                      "count(DISTINCT g.learner_id) FROM (SELECT learner_id, skill_id, m, max(id) AS "
                                      "last_id FROM (SELECT id, learner_id, skill_id, %s AS m FROM learn_attempts WHERE "
                                      "learner_id IN %s AND skill_id IS NOT NULL AND created_at >= $1 AND created_at < "
                                      "$2) t GROUP BY learner_id, skill_id, m) g JOIN learn_attempts x ON x.id = "
                                      "g.last_id GROUP BY g.m",
                                      LEARN_MASTERY, when, in),
                         from, to, fill_mastery);
    return rc;
}

/* ---- demo ---- */

static const struct demo_learner {
    const char *login;
    double ability;     /* logit offset of the simulated learner */
    int answers;
    int level[LEARN_LADDERS]; /* -1: none */
} demo_learners[] = {
    {"amina", 1.0, 48, {3, 3, -1}},
    {"youssef", 0.3, 40, {2, -1, 2}},
    {"salma", -0.4, 36, {2, 2, -1}},
    {"omar", -1.0, 30, {1, -1, 1}},
};

/* demo_wrong: a response that grades as wrong (a known mistake when there is one). */
static const char *demo_wrong(arena *a, const content_item *it, rng *g)
{
    if (it->type == ITEM_CHOICE) {
        for (size_t i = 0; i < it->nchoices; i++)
            if (!it->choice_correct[i] && rng_below(g, 2)) return arena_printf(a, "%zu", i);
        for (size_t i = 0; i < it->nchoices; i++)
            if (!it->choice_correct[i]) return arena_printf(a, "%zu", i);
    }
    if (it->type == ITEM_NUMERIC && it->nmistakes && it->mistake_value[0].den == 1)
        return arena_printf(a, "%lld", (long long)it->mistake_value[0].num);
    if (it->type == ITEM_NUMERIC) return arena_printf(a, "%lld", (long long)(it->answer.num / it->answer.den + 1));
    return "?";
}

static int demo_one(db_conn *c, const learn_index *ix, const struct demo_learner *d, int64_t learner, uint64_t seed)
{
    arena a = ARENA_INIT;
    rng g;
    rng_seed(&g, seed);
    int rc = 0;
    int64_t start = db_now() - 12 * 86400;
    for (int l = 0; rc == 0 && l < LEARN_LADDERS; l++)
        if (d->level[l] >= 0) rc = learn_set_level(c, learner, learn_ladder_name(l), d->level[l], l == 1 ? "oral" : "placement", learner);
    for (int i = 0; rc == 0 && i < d->answers; i++) {
        arena_free(&a);
        learn_ctx x;
        if ((rc = learn_ctx_load(&x, c, &a, ix, learner, LANG_FR, 1))) break;
        x.now = start + (int64_t)i * (11 * 86400) / d->answers + (int64_t)rng_below(&g, 3600);
        learn_pick p;
        if ((rc = learn_choose(&p, ix, &x, (int)(i % 3 == 2 ? (d->level[1] >= 0 ? 1 : 2) : 0)))) break;
        content_item *it;
        if ((rc = learn_instantiate(&it, &a, p.t, 1 + rng_below(&g, 1000000)))) break;
        double pk = learn_p_known(ix, &x, p.skill);
        double pr = 1.0 / (1.0 + exp(-(d->ability + 3.0 * (pk - 0.4) - p.t->difficulty)));
        int right = rng_uniform(&g) < pr;
        char cid[40];
        snprintf(cid, sizeof cid, "demo-%lld-%d", (long long)learner, i);
        learn_answer_in in = {it->id, right ? learn_correct_response(&a, it) : demo_wrong(&a, it, &g), cid,
                              (int)rng_below(&g, 2) * !right, 4000 + (int64_t)rng_below(&g, 20000)};
        learn_answer_out o;
        /* learn_apply stamps the answer with x.now, the simulated time */
        rc = learn_apply(&o, c, &a, ix, &x, &in);
    }
    arena_free(&a);
    return rc;
}

int learn_demo(db_conn *c)
{
    const learn_index *ix = learn_index_get();
    if (!ix) {
        log_error("demo: the curriculum (content/) could not be loaded; no practice history");
        return E_FAIL;
    }
    int rc = content_store_sync(c);
    for (size_t i = 0; rc == 0 && i < sizeof demo_learners / sizeof demo_learners[0]; i++) {
        int64_t id;
        if (accounts_find_login(&id, c, demo_learners[i].login)) continue;
        arena a = ARENA_INIT;
        db_rows *r;
        rc = db_query(&r, c, &a, "SELECT count(*) FROM learn_attempts WHERE learner_id = $1", "i", id);
        int has = rc == 0 && db_int(r, 0, 0) > 0;
        arena_free(&a);
        if (rc == 0 && !has) rc = demo_one(c, ix, &demo_learners[i], id, 20260901u + i);
    }
    return rc;
}
