/*
 * learn.c — the learner's routes: practice (next, batch, answer, hint) and progress.
 *
 *   POST /api/practice/next   {"ladder"?}                       → {item, why, reason}
 *   POST /api/practice/batch  {"n"?, "ladder"?}                  → {items: [{item, why, reason}…]}
 *   POST /api/practice/answer {"item_id","response","client_id"?,"hints_used"?,"duration_ms"?,"ladder"?}
 *                                                                → {correct, feedback, solution?, mastery, next}
 *   GET  /api/practice/hint?item_id=&n=                          → {n, of, hint}
 *   GET  /api/progress, GET /api/learners/{id}/progress          → what a learner has mastered, …
 *
 * Every route acts on the signed-in learner only (the learner id comes from the session, never
 * from the body). /api/learners/{id}/progress is the same view for the learner themselves and
 * for a teacher, school administrator or admin who may see one of the learner's classes.
 * Answers are graded here from the item id; the page never holds an answer.
 */
#include <math.h>
#include <string.h>

#include "app/content/content_store.h"
#include "app/learn/learn_int.h"
#include "app/schools/schools.h"
#include "base/err.h"

static content_lang user_lang(const req *r)
{
    int l = r->user && r->user->lang ? content_lang_parse(r->user->lang) : -1;
    return l < 0 ? LANG_FR : (content_lang)l;
}

/* ready: the index and the database's copy of the content, or a 500 naming the cause. */
static int ready(const learn_index **ix, req *r)
{
    *ix = learn_index_get();
    if (!*ix) return http_fail(r, E_FAIL, NULL, "the curriculum is not loaded");
    int rc = content_store_sync(req_db(r));
    return rc ? http_fail(r, rc, NULL, "the curriculum could not be recorded") : 0;
}

static int parse_ladder(int *out, req *r, const char *ladder)
{
    *out = -1;
    if (!ladder || !*ladder) return 0;
    *out = learn_ladder_pos(ladder);
    return *out < 0 ? http_fail(r, E_INVALID, "ladder", "ladder: math, read_ar or read_fr") : 0;
}

static int practice_next(req *r)
{
    json_t *body;
    const char *ladder = NULL;
    int rc = req_json(&body, r);
    if (rc == 0) rc = req_fields(r, body, "{s?s!}", "ladder", &ladder);
    int lad;
    const learn_index *ix;
    if (rc || (rc = parse_ladder(&lad, r, ladder)) || (rc = ready(&ix, r))) return rc;
    learn_ctx x;
    if ((rc = learn_ctx_load(&x, req_db(r), r->a, ix, r->user->id, user_lang(r), 1))) return rc;
    json_t *out = learn_serve(ix, &x, r->a, lad);
    if (!out) return http_fail(r, E_NOTFOUND, "ladder", "no item to practise here");
    return http_json(r, 200, out);
}

static int practice_batch(req *r)
{
    json_t *body;
    const char *ladder = NULL;
    int n = 5;
    int rc = req_json(&body, r);
    if (rc == 0) rc = req_fields(r, body, "{s?i, s?s!}", "n", &n, "ladder", &ladder);
    if (rc) return rc;
    if (n < 1 || n > LEARN_BATCH_MAX) return http_fail(r, E_INVALID, "n", "n: from 1 to %d", LEARN_BATCH_MAX);
    int lad;
    const learn_index *ix;
    if ((rc = parse_ladder(&lad, r, ladder)) || (rc = ready(&ix, r))) return rc;
    learn_ctx x;
    if ((rc = learn_ctx_load(&x, req_db(r), r->a, ix, r->user->id, user_lang(r), 1))) return rc;
    /* the batch is served in a row, each item joining the recent list so none repeats */
    json_t *items = json_array();
    for (int i = 0; i < n; i++) {
        json_t *one = learn_serve(ix, &x, r->a, lad);
        if (!one) break;
        json_array_append_new(items, one);
    }
    return http_json(r, 200, json_pack("{s:o}", "items", items));
}

static json_t *mastery_json(const learn_index *ix, const learn_ctx *x, const learn_answer_out *o)
{
    if (o->skill < 0) return json_null();
    const learn_sstate *st = &x->st[o->skill];
    return json_pack("{s:s, s:s, s:f, s:b, s:b, s:i}", "skill", ix->skills[o->skill]->id, "title",
                     learn_skill_title(ix->skills[o->skill], x->lang), "p_known", o->p_after, "mastered",
                     o->p_after >= LEARN_MASTERY, "just_mastered", o->just_mastered, "attempts", st->attempts);
}

static const char *const generic_feedback[2][LANG_COUNT] = {
    {"ليس بعد. انظر جيدا، وستنجح في المرة القادمة.", "Pas encore. Regarde bien : tu y arriveras la prochaine fois.",
     "Not yet. Look carefully: you will get it next time.", "ⵓⵔ ⵙⵓⵍ. ⵥⵕ ⵎⵍⵉⵃ: ⴰⴷ ⵜ ⵜⵙⵙⵏⴷ."},
    {"أحسنت!", "Bravo !", "Well done!", "ⵢⵉⵍⵍⴰ ⵓⵎⵓⵔ ⵏⵏⴽ!"},
};

static int practice_answer(req *r)
{
    json_t *body;
    learn_answer_in in = {0};
    const char *ladder = NULL;
    json_int_t hints = 0, dur = 0;
    int rc = req_json(&body, r);
    if (rc == 0)
        rc = req_fields(r, body, "{s:s, s:s, s?s, s?I, s?I, s?s!}", "item_id", &in.item_id, "response", &in.response,
                        "client_id", &in.client_id, "hints_used", &hints, "duration_ms", &dur, "ladder", &ladder);
    if (rc) return rc;
    if (in.client_id && (strlen(in.client_id) < 8 || strlen(in.client_id) > 64))
        return http_fail(r, E_INVALID, "client_id", "client_id: 8 to 64 characters (a UUID)");
    if (hints < 0 || hints > 20) return http_fail(r, E_INVALID, "hints_used", "hints_used: from 0 to 20");
    if (dur < 0 || dur > 86400000) return http_fail(r, E_INVALID, "duration_ms", "duration_ms: from 0 to 86400000");
    if (strlen(in.response) > GRADE_MAX_RESPONSE)
        return http_fail(r, E_LIMIT, "response", "response: at most %d bytes", GRADE_MAX_RESPONSE);
    in.hints_used = (int)hints;
    in.duration_ms = dur;
    int lad;
    const learn_index *ix;
    if ((rc = parse_ladder(&lad, r, ladder)) || (rc = ready(&ix, r))) return rc;
    learn_ctx x;
    content_lang lang = user_lang(r);
    if ((rc = learn_ctx_load(&x, req_db(r), r->a, ix, r->user->id, lang, 1))) return rc;
    learn_answer_out o;
    rc = learn_apply(&o, req_db(r), r->a, ix, &x, &in);
    if (rc == E_INVALID) return http_fail(r, rc, "item_id", "item_id: not an item (expected <template>#<seed>)");
    if (rc == E_NOTFOUND) return http_fail(r, rc, "item_id", "item_id: no such item");
    if (rc) return rc;
    const char *fb = o.g.feedback.s[lang] || o.g.feedback.s[LANG_FR] ? learn_text(&o.g.feedback, lang)
                                                                      : generic_feedback[o.g.correct ? 1 : 0][lang];
    json_t *out = json_pack("{s:b, s:s, s:s?, s:o, s:b}", "correct", o.g.correct, "feedback", fb, "misconception",
                            o.g.misconception, "mastery", mastery_json(ix, &x, &o), "duplicate", o.duplicate);
    if (o.show_solution && (o.item->solution.s[lang] || o.item->solution.s[LANG_FR]))
        json_object_set_new(out, "solution", json_string(learn_text(&o.item->solution, lang)));
    if (!o.g.correct) json_object_set_new(out, "answer", json_string(learn_text(&o.item->answer_text, lang)));
    json_t *next = learn_serve(ix, &x, r->a, lad);
    json_object_set_new(out, "next", next ? next : json_null());
    return http_json(r, 200, out);
}

static int practice_hint(req *r)
{
    const char *id = req_query(r, "item_id"), *ns = req_query(r, "n");
    if (!id) return http_fail(r, E_INVALID, "item_id", "item_id: required");
    char *end = NULL;
    long n = ns ? strtol(ns, &end, 10) : 1;
    if (ns && (*end || end == ns)) return http_fail(r, E_INVALID, "n", "n: a number from 1");
    if (n < 1 || n > 20) return http_fail(r, E_INVALID, "n", "n: a number from 1");
    char *tid;
    uint64_t seed;
    if (template_parse_item_id(&tid, &seed, r->a, id))
        return http_fail(r, E_INVALID, "item_id", "item_id: not an item (expected <template>#<seed>)");
    const content_template *t = content_store_template(tid);
    if (!t) return http_fail(r, E_NOTFOUND, "item_id", "item_id: no such item");
    content_item *it;
    if (learn_instantiate(&it, r->a, t, seed)) return http_fail(r, E_INVALID, "item_id", "item_id: not an item");
    if ((size_t)n > it->nhints) return http_fail(r, E_NOTFOUND, "n", "this item has %zu hint(s)", it->nhints);
    return http_json(r, 200, json_pack("{s:i, s:i, s:s}", "n", (int)n, "of", (int)it->nhints, "hint",
                                       learn_text(&it->hints[n - 1], user_lang(r))));
}

/* ---- progress ---- */

static int streak_days(int *streak, int *today, db_conn *c, arena *a, int64_t learner, int64_t now)
{
    db_rows *r;
    int rc = db_query(&r, c, a,
                      "SELECT created_at / 86400 AS day, count(*) FROM learn_attempts WHERE learner_id = $1 AND "
                      "created_at >= $2 GROUP BY created_at / 86400 ORDER BY day DESC",
                      "ii", learner, now - 90 * 86400);
    if (rc) return rc;
    int64_t day = now / 86400;
    *streak = *today = 0;
    int i = 0;
    if (r->nrows && db_int(r, 0, 0) == day) *today = (int)db_int(r, 0, 1);
    if (r->nrows && db_int(r, 0, 0) < day) day--; /* a streak is alive until the end of today */
    for (; i < r->nrows && db_int(r, i, 0) == day; i++, day--) (*streak)++;
    return 0;
}

static int progress_of(req *r, int64_t learner)
{
    const learn_index *ix;
    int rc = ready(&ix, r);
    if (rc) return rc;
    content_lang lang = user_lang(r);
    learn_ctx x;
    if ((rc = learn_ctx_load(&x, req_db(r), r->a, ix, learner, lang, 1))) return rc;
    json_t *mastered = json_array(), *learning = json_array(), *due = json_array(), *levels = json_array();
    for (size_t s = 0; s < ix->nskills; s++) {
        const learn_sstate *st = &x.st[s];
        double p = learn_p_known(ix, &x, (int)s);
        const char *lad = learn_ladder_name(ix->ladder[s]);
        json_t *one = json_pack("{s:s, s:s, s:s?, s:f, s:i, s:i}", "skill", ix->skills[s]->id, "title",
                                learn_skill_title(ix->skills[s], lang), "ladder", lad, "p_known", p, "stars",
                                p >= LEARN_MASTERY ? 3 : p >= 0.7 ? 2 : p >= 0.4 ? 1 : 0, "attempts", st->attempts);
        if (p >= LEARN_MASTERY && st->present && st->card.state == FSRS_REVIEW && st->card.due <= x.now)
            json_array_append(due, one);
        if (p >= LEARN_MASTERY) json_array_append(mastered, one);
        else if (st->present) json_array_append(learning, one);
        json_decref(one);
    }
    for (int l = 0; l < LEARN_LADDERS; l++)
        json_array_append_new(levels, json_pack("{s:s, s:i, s:s?, s:i}", "ladder", learn_ladder_name(l), "level",
                                                x.level[l], "label", x.level[l] >= 0 ? learn_level_label(l, x.level[l], lang) : NULL,
                                                "top", ix->ladder_top[l]));
    int streak, today;
    if ((rc = streak_days(&streak, &today, req_db(r), r->a, learner, x.now))) return rc;
    learn_pick p;
    json_t *next = json_null();
    if (learn_choose(&p, ix, &x, -1) == 0) /* an imported quiz question has no skill: its title */
        next = json_pack("{s:s?, s:s, s:s}", "skill", p.skill >= 0 ? ix->skills[p.skill]->id : NULL, "title",
                         p.skill >= 0 ? learn_skill_title(ix->skills[p.skill], lang) : p.title ? p.title : p.t->id,
                         "reason", policy_reason_name(p.reason));
    return http_json(r, 200,
                     json_pack("{s:I, s:o, s:o, s:o, s:i, s:o, s:o, s:i, s:i, s:i, s:i}", "learner", (json_int_t)learner,
                               "mastered", mastered, "learning", learning, "reviews", due, "reviews_due",
                               (int)json_array_size(due), "next", next, "levels", levels, "streak_days", streak,
                               "answers_today", today, "answers", x.answers, "skills", (int)ix->nskills));
}

static int my_progress(req *r) { return progress_of(r, r->user->id); }

/* may_see_learner: the learner themselves, or staff with access to one of their classes. */
static int may_see_learner(req *r, int64_t learner)
{
    if (r->user->id == learner) return 0;
    if (r->user->role == ROLE_LEARNER) return E_FORBIDDEN;
    int64_t *classes;
    int n;
    int rc = schools_learner_classes(&classes, &n, req_db(r), r->a, learner);
    for (int i = 0; rc == 0 && i < n; i++)
        if (schools_class_access(req_db(r), r->a, r->user, classes[i]) == 0) return 0;
    if (rc) return rc;
    return r->user->role == ROLE_ADMIN ? 0 : E_FORBIDDEN;
}

static int learner_progress(req *r)
{
    int64_t id;
    int rc = req_param_id(&id, r, 0);
    if (rc) return http_fail(r, rc, NULL, "no such learner");
    if ((rc = may_see_learner(r, id))) return http_fail(r, rc, NULL, "this learner's progress is not yours to see");
    return progress_of(r, id);
}

static const route routes[] = {
    {"POST", "/api/practice/next", practice_next, ROLE_LEARNER, 0},
    {"POST", "/api/practice/batch", practice_batch, ROLE_LEARNER, 0},
    {"POST", "/api/practice/answer", practice_answer, ROLE_LEARNER, 0},
    {"GET", "/api/practice/hint", practice_hint, ROLE_LEARNER, 0},
    {"GET", "/api/progress", my_progress, ROLE_LEARNER, 0},
    {"GET", "/api/learners/{id}/progress", learner_progress, ROLE_ANY_USER, 0},
    {"POST", "/api/placement/start", learn_placement_start, ROLE_LEARNER, 0},
    {"POST", "/api/placement/answer", learn_placement_answer, ROLE_LEARNER, 0},
};

const route_table learn_routes = ROUTE_TABLE(routes);
