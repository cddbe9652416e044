/*
 * teach.c — the class being looked at, the mastery heatmap, the most-missed items, a learner's
 * page, oral reading assessments, the CSV export, the demo groups and the route table.
 *
 * Every handler opens the class with tc_open (access checked there, once) and passes only that
 * class's learner ids to learn's functions, so no answer ever mixes in another class's pupils.
 * The learner's page lists their last 20 answers (learn_attempts_list), each item regenerated from
 * its id. A most-missed item is shown as one instance of its template (a fixed seed), rendered in
 * the teacher's language, never as the raw template text. The skills a dashboard shows
 * (select_skills) are, in curriculum order: every skill of the class's grade or below, plus any
 * other skill someone in the class has practised; `?ladder=` narrows them to one ladder and
 * `?all=1` shows the whole bank.
 */
#include "app/teach/teach_int.h"

#include <stdlib.h>
#include <string.h>

#include "app/accounts/accounts.h"
#include "app/content/content_store.h"
#include "app/content/template.h"
#include "app/schools/schools.h"
#include "base/buf.h"
#include "base/csv.h"
#include "base/err.h"
#include "base/log.h"

/* ---- the class ---- */

int tc_open(tc_class *k, req *r)
{
    int64_t id;
    memset(k, 0, sizeof *k);
    int rc = req_param_id(&id, r, 0);
    if (rc == 0) rc = schools_class_access(req_db(r), r->a, r->user, id);
    if (rc == E_FORBIDDEN) return http_fail(r, rc, NULL, "this class is not yours");
    if (rc == E_NOTFOUND) return http_fail(r, rc, NULL, "no such class");
    if (rc) return rc;
    db_rows *c;
    school_learner *l;
    int nl;
    if ((rc = db_query(&c, req_db(r), r->a, "SELECT name, grade, school_year FROM classes WHERE id = $1", "i", id)))
        return rc;
    if ((rc = schools_class_learners(&l, &nl, req_db(r), r->a, id))) return rc;
    k->id = id;
    k->name = db_text(c, 0, 0);
    k->grade = (int)db_int(c, 0, 1);
    k->school_year = db_text(c, 0, 2);
    k->n = nl;
    k->learners = arena_alloc_array(r->a, (size_t)k->n + 1, sizeof *k->learners);
    k->ids = arena_alloc_array(r->a, (size_t)k->n + 1, sizeof *k->ids);
    for (int i = 0; i < k->n; i++) {
        k->ids[i] = k->learners[i].id = l[i].id;
        k->learners[i].login = l[i].login;
        k->learners[i].name = l[i].name;
        k->learners[i].name_ar = l[i].name_ar;
    }
    return 0;
}

int tc_learner_at(const tc_class *k, int64_t id)
{
    for (int i = 0; i < k->n; i++)
        if (k->ids[i] == id) return i;
    return -1;
}

int tc_learner_param(int *idx, req *r, const tc_class *k, int i)
{
    int64_t id;
    if (req_param_id(&id, r, i) || (*idx = tc_learner_at(k, id)) < 0)
        return http_fail(r, E_NOTFOUND, NULL, "no such learner in this class");
    return 0;
}

json_t *tc_learner_json(const tc_learner *l)
{
    return json_pack("{s:I, s:s, s:s, s:s?}", "id", (json_int_t)l->id, "login", l->login, "name", l->name, "name_ar",
                     l->name_ar && *l->name_ar ? l->name_ar : NULL);
}

static json_t *class_json(const tc_class *k)
{
    return json_pack("{s:I, s:s, s:i, s:s, s:i}", "id", (json_int_t)k->id, "name", k->name, "grade", k->grade,
                     "school_year", k->school_year, "learners", k->n);
}

/* ---- the skill bank ---- */

int tc_bank(const content_bank **out, req *r)
{
    *out = learn_bank();
    if (!*out) return http_fail(r, E_FAIL, NULL, "the curriculum is not loaded on this server");
    return 0;
}

const char *tc_title_fr(const content_skill *s) { return content_ctext_get(&s->title, LANG_FR); }

json_t *tc_skill_json(const content_skill *s)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:i, s:i, s:s?, s:s?}", "id", s->id, "title_ar",
                     content_ctext_get(&s->title, LANG_AR), "title_fr", content_ctext_get(&s->title, LANG_FR),
                     "title_en", content_ctext_get(&s->title, LANG_EN), "grade", s->grade, "tarl_level", s->tarl_level,
                     "ladder", learn_skill_ladder(s), "domain", s->domain ? s->domain->id : NULL);
}

int tc_skills_in_order(const content_skill ***out, int *n, arena *a, const content_bank *b)
{
    const content_skill **s = arena_alloc_array(a, b->nskills + 1, sizeof *s);
    int k = 0;
    for (size_t f = 0; f < b->nfiles; f++)
        for (size_t d = 0; d < b->files[f]->ndomains; d++)
            for (size_t i = 0; i < b->files[f]->domains[d].nskills && (size_t)k < b->nskills; i++)
                s[k++] = &b->files[f]->domains[d].skills[i];
    *out = s;
    *n = k;
    return 0;
}

/* the learners' states as a learners × skills lookup: index of (learner i, skill id) or -1 */
static int state_at(const learn_state *st, int nst, int64_t learner, const char *skill)
{
    /* states are ordered by learner then skill id: binary search */
    int lo = 0, hi = nst - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2, c = st[mid].learner_id < learner ? -1 : st[mid].learner_id > learner;
        if (c == 0) c = strcmp(st[mid].skill_id, skill);
        if (c == 0) return mid;
        if (c < 0) lo = mid + 1;
        else hi = mid - 1;
    }
    return -1;
}

static int practised_by_any(const learn_state *st, int nst, const char *skill)
{
    for (int i = 0; i < nst; i++)
        if (strcmp(st[i].skill_id, skill) == 0) return 1;
    return 0;
}

/* select_skills: see the opening comment. `ladder` NULL for every ladder. */
static int select_skills(const content_skill ***out, int *n, req *r, const content_bank *b, const tc_class *k,
                         const learn_state *st, int nst)
{
    const char *ladder = req_query(r, "ladder"), *all = req_query(r, "all");
    if (ladder && *ladder && !tc_ladder_ok(ladder))
        return http_fail(r, E_INVALID, "ladder", "ladder: one of math, read_ar, read_fr");
    if (ladder && !*ladder) ladder = NULL;
    int every = all && strcmp(all, "1") == 0;
    const content_skill **s;
    int ns, m = 0;
    tc_skills_in_order(&s, &ns, r->a, b);
    for (int i = 0; i < ns; i++) {
        const char *sl = learn_skill_ladder(s[i]);
        if (ladder && (!sl || strcmp(sl, ladder) != 0)) continue;
        if (every || s[i]->grade <= k->grade || practised_by_any(st, nst, s[i]->id)) s[m++] = s[i];
    }
    *out = s;
    *n = m;
    return 0;
}

/* ---- GET /api/classes/{id}/mastery ---- */

static json_t *cell_json(const learn_state *s)
{
    if (!s) return json_null();
    return json_pack("{s:f, s:b, s:i, s:i, s:i, s:I}", "p", s->p_known, "m", s->mastered, "n", s->attempts, "c",
                     s->correct, "step", teach_heat_step(s->p_known, s->attempts, s->mastered), "last_at",
                     (json_int_t)s->last_at);
}

static int mastery(req *r)
{
    tc_class k;
    const content_bank *b;
    int rc = tc_open(&k, r);
    if (rc == 0) rc = tc_bank(&b, r);
    if (rc) return rc;
    learn_state *st;
    int nst;
    if ((rc = learn_states(&st, &nst, req_db(r), r->a, k.ids, k.n))) return rc;
    const content_skill **sk;
    int nsk;
    if ((rc = select_skills(&sk, &nsk, r, b, &k, st, nst))) return rc;
    json_t *skills = json_array(), *learners = json_array(), *cells = json_array(), *ssum = json_array(),
           *lsum = json_array();
    int *sk_mastered = arena_alloc_array(r->a, (size_t)nsk + 1, sizeof *sk_mastered);
    int *sk_practised = arena_alloc_array(r->a, (size_t)nsk + 1, sizeof *sk_practised);
    double *sk_p = arena_alloc_array(r->a, (size_t)nsk + 1, sizeof *sk_p);
    for (int j = 0; j < nsk; j++) json_array_append_new(skills, tc_skill_json(sk[j]));
    for (int i = 0; i < k.n; i++) {
        json_t *row = json_array();
        int mastered = 0, practised = 0, attempts = 0, correct = 0;
        double psum = 0;
        int64_t last = 0;
        for (int j = 0; j < nsk; j++) {
            int at = state_at(st, nst, k.ids[i], sk[j]->id);
            const learn_state *s = at >= 0 ? &st[at] : NULL;
            json_array_append_new(row, cell_json(s));
            if (!s) continue;
            practised++;
            mastered += s->mastered;
            attempts += s->attempts;
            correct += s->correct;
            psum += s->p_known;
            if (s->last_at > last) last = s->last_at;
            sk_practised[j]++;
            sk_mastered[j] += s->mastered;
            sk_p[j] += s->p_known;
        }
        json_array_append_new(cells, row);
        json_array_append_new(learners, tc_learner_json(&k.learners[i]));
        json_array_append_new(lsum, json_pack("{s:I, s:i, s:i, s:i, s:i, s:o, s:I}", "learner_id", (json_int_t)k.ids[i],
                                              "mastered", mastered, "practised", practised, "attempts", attempts,
                                              "correct", correct, "mean_p", practised ? json_real(psum / practised) : json_null(),
                                              "last_at", (json_int_t)last));
    }
    for (int j = 0; j < nsk; j++)
        json_array_append_new(ssum, json_pack("{s:s, s:i, s:i, s:o}", "skill_id", sk[j]->id, "mastered", sk_mastered[j],
                                              "practised", sk_practised[j], "mean_p",
                                              sk_practised[j] ? json_real(sk_p[j] / sk_practised[j]) : json_null()));
    return http_json(r, 200,
                     json_pack("{s:o, s:f, s:f, s:[f,f,f], s:o, s:o, s:o, s:o, s:o}", "class", class_json(&k),
                               "mastery_threshold", LEARN_MASTERY, "prior", learn_prior(), "steps", 0.40, 0.70,
                               LEARN_MASTERY, "skills", skills, "learners", learners, "cells", cells,
                               "skill_summary", ssum, "learner_summary", lsum));
}

/* ---- GET /api/classes/{id}/items ---- */

/* the feedback written for a misconception code in a template (mistakes, then choices) */
static const ctext *misconception_feedback(const content_template *t, const char *code)
{
    if (!t || !code) return NULL;
    for (size_t i = 0; i < t->nmistakes; i++)
        if (t->mistakes[i].code && strcmp(t->mistakes[i].code, code) == 0) return &t->mistakes[i].feedback;
    for (size_t i = 0; i < t->nchoices; i++)
        if (t->choices[i].misconception && strcmp(t->choices[i].misconception, code) == 0) return &t->choices[i].feedback;
    return NULL;
}

static const char *text_or_null(const ctext *t, content_lang l)
{
    const char *s = t ? content_ctext_get(t, l) : NULL;
    return s && *s ? s : NULL;
}

/* the teacher's language, for regenerated prompts (French when the session has none) */
static content_lang reader_lang(const req *r)
{
    int l = r->user->lang ? content_lang_parse(r->user->lang) : -1;
    return l < 0 ? LANG_FR : (content_lang)l;
}

/* shown_lang: the language content_ctext_get really shows for `lang` (an imported question is
 * written in one language only, so an Arabic page may get its French text) */
static content_lang shown_lang(const ctext *t, content_lang lang)
{
    static const content_lang fallback[] = {LANG_FR, LANG_AR, LANG_EN, LANG_ZGH};
    if (t->s[lang]) return lang;
    for (size_t i = 0; i < sizeof fallback / sizeof fallback[0]; i++)
        if (t->s[fallback[i]]) return fallback[i];
    return lang;
}

/* A template is written with placeholders ("{t} dizaines et {u} unités", "{@nombres:n}") that
 * mean nothing to a teacher: the list shows one instance of it instead, the same for every
 * request (seed EXAMPLE_SEED), as a learner would read it. */
enum { ITEMS_DEFAULT = 20, ITEMS_MAX = 100, EXAMPLE_SEED = 1 };

/* rendered: `text` (in `lang`, else the language it falls back to) with the instance's drawn
 * parameters in place of its placeholders; NULL when there is no text or it does not render. */
static const char *rendered(arena *a, const content_item *it, const ctext *text, content_lang lang)
{
    if (!text || !*content_ctext_get(text, lang)) return NULL;
    content_lang shown = shown_lang(text, lang);
    char *out;
    template_error te;
    if (template_render(&out, a, &te, it->tpl, it->param_values, content_ctext_get(text, shown), shown)) return NULL;
    return out;
}

/* example_json: the fields one instance gives a missed item's row — example_id; stem, answer and
 * the misconception's feedback `fb` in the teacher's language (stem_lang: the language really
 * shown); stem_ar, stem_fr, feedback_ar and feedback_fr — all rendered with the instance's
 * numbers and words. An unknown template or one that does not instantiate (logged: content is
 * proved at load, so a sound bank never does) gives none of them, never raw template text. */
static json_t *example_json(arena *a, const content_template *t, const ctext *fb, content_lang lang)
{
    content_item *it;
    template_error te;
    if (!t) return json_object();
    if (template_instantiate(&it, a, &te, t, EXAMPLE_SEED)) {
        log_error("teach: template %s does not instantiate: %s", t->id, te.msg);
        return json_object();
    }
    return json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?}", "example_id", it->id, "stem",
                     content_ctext_get(&it->stem, lang), "stem_lang", content_lang_code(shown_lang(&it->stem, lang)),
                     "stem_ar", text_or_null(&it->stem, LANG_AR), "stem_fr", text_or_null(&it->stem, LANG_FR), "answer",
                     text_or_null(&it->answer_text, lang), "feedback", rendered(a, it, fb, lang), "feedback_ar",
                     rendered(a, it, fb, LANG_AR), "feedback_fr", rendered(a, it, fb, LANG_FR));
}

static int items(req *r)
{
    tc_class k;
    const content_bank *b;
    int rc = tc_open(&k, r);
    if (rc == 0) rc = tc_bank(&b, r);
    if (rc) return rc;
    long limit = ITEMS_DEFAULT;
    const char *q = req_query(r, "limit");
    if (q) {
        char *end;
        limit = strtol(q, &end, 10);
        if (*end || limit < 1 || limit > ITEMS_MAX) return http_fail(r, E_INVALID, "limit", "limit: 1 to %d", ITEMS_MAX);
    }
    learn_item_stat *s;
    int n;
    content_lang lang = reader_lang(r);
    if ((rc = learn_item_stats(&s, &n, req_db(r), r->a, k.ids, k.n, 0, lang))) return rc;
    json_t *arr = json_array();
    for (int i = 0; i < n && i < limit; i++) {
        if (s[i].wrong == 0) break; /* most missed first: the rest were never missed */
        const content_template *t = content_store_template(s[i].template_id); /* bundled or imported */
        const content_skill *sk = s[i].skill_id ? content_find_skill(b, s[i].skill_id) : NULL;
        const ctext *fb = misconception_feedback(t, s[i].top_misconception);
        json_t *row = json_pack(
            "{s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:i, s:i, s:f, s:s?, s:i, s:s?, s:i}", "template_id",
            s[i].template_id, "type", t ? content_type_name(t->type) : NULL, "skill_id", s[i].skill_id,
            "skill_title", sk ? content_ctext_get(&sk->title, lang) : NULL, "skill_title_ar",
            sk ? content_ctext_get(&sk->title, LANG_AR) : NULL, "skill_title_fr", sk ? tc_title_fr(sk) : NULL,
            "attempts", s[i].attempts, "wrong", s[i].wrong, "wrong_rate",
            s[i].attempts ? (double)s[i].wrong / s[i].attempts : 0.0, "misconception", s[i].top_misconception,
            "misconception_count", s[i].top_misconception_count, "wrong_response", s[i].top_wrong_response,
            "wrong_response_count", s[i].top_wrong_count);
        json_object_update_new(row, example_json(r->a, t, fb, lang));
        json_array_append_new(arr, row);
    }
    return http_json(r, 200, json_pack("{s:o}", "items", arr));
}

/* ---- GET /api/classes/{id}/learners/{lid} ---- */

static json_t *level_json(const learn_level *l)
{
    return json_pack("{s:s, s:i, s:s?, s:s?, s:s?, s:s?, s:s, s:I, s:I}", "ladder", l->ladder, "level", l->level,
                     "label_ar", l->label_ar, "label_fr", l->label_fr, "label_en", l->label_en, "label_key",
                     l->label_key, "source", l->source, "set_by", (json_int_t)l->set_by, "set_at",
                     (json_int_t)l->set_at);
}

static int oral_notes_json(json_t **out, req *r, int64_t learner)
{
    db_rows *n;
    int rc = db_query(&n, req_db(r), r->a,
                      "SELECT o.ladder, o.level, o.note, o.at, o.class_id, u.name FROM teach_oral_notes o "
                      "JOIN users u ON u.id = o.by_user WHERE o.learner_id = $1 ORDER BY o.id DESC LIMIT 20",
                      "i", learner);
    if (rc) return rc;
    *out = json_array();
    for (int i = 0; i < n->nrows; i++)
        json_array_append_new(*out, json_pack("{s:s, s:I, s:s, s:I, s:I, s:s}", "ladder", db_text(n, i, 0), "level",
                                              (json_int_t)db_int(n, i, 1), "note", db_text(n, i, 2), "at",
                                              (json_int_t)db_int(n, i, 3), "class_id", (json_int_t)db_int(n, i, 4),
                                              "by", db_text(n, i, 5)));
    return 0;
}

enum { WEEK = 7 * 86400, RECENT_ANSWERS = 20 };

/* the learner's last answers, newest first: the item regenerated from its id (the same numbers
 * and choices the learner saw, in the teacher's language), the response, right or wrong, the
 * known mistake it matched */
static int recent_answers_json(json_t **out, req *r, const content_bank *b, int64_t learner)
{
    learn_attempt_query q = LEARN_ATTEMPT_QUERY_INIT;
    q.learner_ids = &learner;
    q.nlearners = 1;
    q.limit = RECENT_ANSWERS;
    q.render = 1;
    q.lang = reader_lang(r);
    learn_attempt *at;
    int n, rc = learn_attempts_list(&at, &n, req_db(r), r->a, &q);
    if (rc) return rc;
    *out = json_array();
    for (int i = 0; i < n; i++) {
        const content_skill *sk = at[i].skill_id ? content_find_skill(b, at[i].skill_id) : NULL;
        json_array_append_new(
            *out, json_pack("{s:I, s:I, s:s, s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:s, s:s?, s:b, s:s?, s:i, s:I}", "id",
                            (json_int_t)at[i].id, "at", (json_int_t)at[i].created_at, "item_id", at[i].item_id,
                            "template_id", at[i].template_id, "skill_id", at[i].skill_id, "skill_title_ar",
                            sk ? content_ctext_get(&sk->title, LANG_AR) : NULL, "skill_title_fr", sk ? tc_title_fr(sk) : NULL,
                            "prompt", at[i].prompt, "prompt_lang", at[i].prompt ? content_lang_code(q.lang) : NULL,
                            "response", at[i].response, "response_text", at[i].response_text, "correct", at[i].correct,
                            "misconception", at[i].misconception, "hints_used", at[i].hints_used, "duration_ms",
                            (json_int_t)at[i].duration_ms));
    }
    return 0;
}

static int learner_detail(req *r)
{
    tc_class k;
    const content_bank *b;
    int idx, rc = tc_open(&k, r);
    if (rc == 0) rc = tc_learner_param(&idx, r, &k, 1);
    if (rc == 0) rc = tc_bank(&b, r);
    if (rc) return rc;
    int64_t lid = k.ids[idx];
    learn_level *lv, *hist;
    learn_state *st;
    learn_activity *act;
    int nlv, nhist, nst, nact;
    db_conn *c = req_db(r);
    if ((rc = learn_levels(&lv, &nlv, c, r->a, k.ids, k.n)) ||
        (rc = learn_level_history(&hist, &nhist, c, r->a, lid)) || (rc = learn_states(&st, &nst, c, r->a, &lid, 1)) ||
        (rc = learn_activity_of(&act, &nact, c, r->a, &lid, 1, db_now() - WEEK)))
        return rc;
    json_t *levels = json_array(), *history = json_array(), *skills = json_array(), *groups = json_array();
    for (int i = 0; i < nlv; i++)
        if (lv[i].learner_id == lid) json_array_append_new(levels, level_json(&lv[i]));
    for (int i = 0; i < nhist; i++) json_array_append_new(history, level_json(&hist[i]));
    for (int l = 0; l < LEARN_LADDERS; l++) {
        tc_grouping g;
        if ((rc = tc_groups(&g, r, &k, learn_ladder_name(l), lv, nlv))) return rc;
        json_array_append_new(groups, json_pack("{s:s, s:i, s:i, s:b}", "ladder", g.ladder, "top",
                                                learn_ladder_top(g.ladder), "group", g.m[idx].group, "confirmed",
                                                g.m[idx].confirmed));
    }
    const content_skill **order;
    int norder;
    tc_skills_in_order(&order, &norder, r->a, b);
    for (int j = 0; j < norder; j++) {
        int at = state_at(st, nst, lid, order[j]->id);
        if (at < 0) continue;
        json_t *s = tc_skill_json(order[j]);
        json_object_update_new(s, cell_json(&st[at]));
        json_object_set_new(s, "due_at", json_integer(st[at].due_at));
        json_array_append_new(skills, s);
    }
    json_t *alerts, *notes, *answers;
    int ndismissed;
    if ((rc = tc_class_alerts(&alerts, &ndismissed, r, &k, lid, 0)) || (rc = oral_notes_json(&notes, r, lid)) ||
        (rc = recent_answers_json(&answers, r, b, lid)))
        return rc;
    const learn_activity *a = &act[0];
    json_t *activity = json_pack("{s:i, s:i, s:I, s:i, s:I, s:i, s:i, s:i}", "week_answers", a->answers, "week_correct",
                                 a->correct, "week_time_ms", (json_int_t)a->time_ms, "week_days_active", a->days_active,
                                 "last_at", (json_int_t)a->last_at, "wrong_streak", a->wrong_streak, "recent_answers",
                                 a->recent_answers, "recent_correct", a->recent_correct);
    return http_json(r, 200,
                     json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "class", class_json(&k), "learner",
                               tc_learner_json(&k.learners[idx]), "levels", levels, "level_history", history, "groups",
                               groups, "skills", skills, "activity", activity, "alerts", alerts, "oral_notes", notes,
                               "recent_answers", answers));
}

/* ---- POST /api/classes/{id}/learners/{lid}/oral ---- */

enum { NOTE_MAX = 1000 };

static int oral(req *r)
{
    tc_class k;
    int idx, rc = tc_open(&k, r);
    if (rc == 0) rc = tc_learner_param(&idx, r, &k, 1);
    if (rc) return rc;
    json_t *body;
    const char *ladder, *note = "";
    json_int_t level;
    if ((rc = req_json(&body, r)) || (rc = req_fields(r, body, "{s:s, s:I, s?s}", "ladder", &ladder, "level", &level,
                                                      "note", &note)))
        return rc;
    if (strcmp(ladder, "read_ar") != 0 && strcmp(ladder, "read_fr") != 0)
        return http_fail(r, E_INVALID, "ladder", "ladder: an oral reading assessment is read_ar or read_fr");
    int top = learn_ladder_top(ladder);
    if (level < 0 || level > top) return http_fail(r, E_INVALID, "level", "level: 0 to %d on %s", top, ladder);
    if (strlen(note) > NOTE_MAX) return http_fail(r, E_INVALID, "note", "note: at most %d bytes", NOTE_MAX);
    db_conn *c = req_db(r);
    int64_t lid = k.ids[idx], now = db_now();
    if ((rc = db_begin(c))) return rc;
    rc = learn_set_level(c, lid, ladder, (int)level, "oral", r->user->id);
    if (rc == 0)
        rc = db_exec(c, "INSERT INTO teach_oral_notes (class_id, learner_id, ladder, level, note, by_user, at) "
                        "VALUES ($1, $2, $3, $4, $5, $6, $7)",
                     "iisisii", k.id, lid, ladder, (int64_t)level, note, r->user->id, now);
    if (rc >= 0) rc = db_commit(c);
    else db_rollback(c);
    if (rc) return rc;
    return http_json(r, 201, json_pack("{s:{s:I, s:s, s:I, s:s, s:s, s:I}}", "level", "learner_id", (json_int_t)lid,
                                       "ladder", ladder, "level", level, "source", "oral", "note", note, "set_at",
                                       (json_int_t)now));
}

/* ---- GET /api/classes/{id}/export.csv ---- */

enum { CSV_MAX = 8 << 20 };

static int export_csv(req *r)
{
    tc_class k;
    const content_bank *b;
    int rc = tc_open(&k, r);
    if (rc == 0) rc = tc_bank(&b, r);
    if (rc) return rc;
    learn_state *st;
    learn_level *lv;
    int nst, nlv;
    if ((rc = learn_states(&st, &nst, req_db(r), r->a, k.ids, k.n)) ||
        (rc = learn_levels(&lv, &nlv, req_db(r), r->a, k.ids, k.n)))
        return rc;
    const content_skill **sk;
    int nsk;
    if ((rc = select_skills(&sk, &nsk, r, b, &k, st, nst))) return rc;
    buf o = BUF_INIT(CSV_MAX);
    buf_puts(&o, "\xEF\xBB\xBF"); /* BOM: spreadsheet apps then read the Arabic names as UTF-8 */
    const char *fixed[] = {"login", "name", "name_ar", "level_math", "level_read_ar", "level_read_fr", "skills_mastered"};
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++) csv_put(&o, fixed[i], 0);
    for (int j = 0; j < nsk; j++)
        csv_put(&o, arena_printf(r->a, "%s [%s] (%% P(known))", tc_title_fr(sk[j]), sk[j]->id), j == nsk - 1);
    if (nsk == 0) buf_puts(&o, "\r\n");
    for (int i = 0; i < k.n; i++) {
        const tc_learner *l = &k.learners[i];
        csv_put(&o, l->login, 0);
        csv_put(&o, l->name, 0);
        csv_put(&o, l->name_ar, 0);
        for (int d = 0; d < LEARN_LADDERS; d++) {
            const char *v = "";
            for (int j = 0; j < nlv; j++)
                if (lv[j].learner_id == l->id && strcmp(lv[j].ladder, learn_ladder_name(d)) == 0)
                    v = arena_printf(r->a, "%d %s", lv[j].level, lv[j].label_fr ? lv[j].label_fr : "");
            csv_put(&o, v, 0);
        }
        int mastered = 0;
        for (int j = 0; j < nst; j++) mastered += st[j].learner_id == l->id && st[j].mastered;
        csv_put(&o, arena_printf(r->a, "%d", mastered), 0);
        for (int j = 0; j < nsk; j++) {
            int at = state_at(st, nst, l->id, sk[j]->id);
            const char *v = at < 0 ? "" : arena_printf(r->a, "%d%s", (int)(100 * st[at].p_known + 0.5), st[at].mastered ? " M" : "");
            csv_put(&o, v, j == nsk - 1);
        }
        if (nsk == 0) buf_puts(&o, "\r\n");
    }
    if (o.err) {
        buf_free(&o);
        return http_fail(r, E_LIMIT, NULL, "the export is too large");
    }
    char *fname = arena_printf(r->a, "attachment; filename=\"mastery-class-%lld.csv\"", (long long)k.id);
    http_header(r, "Content-Disposition", fname);
    rc = http_text(r, 200, "text/csv; charset=utf-8", o.data, o.len);
    buf_free(&o);
    return rc;
}

/* ---- demo ---- */

int teach_demo(db_conn *c)
{
    arena a = ARENA_INIT;
    int64_t school, klass, teacher;
    db_rows *g;
    school_learner *l;
    int nl;
    int rc = schools_demo(&school, &klass, c);
    if (rc == 0) rc = accounts_find_login(&teacher, c, "teacher");
    if (rc == 0) rc = db_query(&g, c, &a, "SELECT 1 FROM teach_groupings WHERE class_id = $1", "i", klass);
    if (rc || g->nrows > 0) goto done;
    if ((rc = schools_class_learners(&l, &nl, c, &a, klass))) goto done;
    int64_t *ids = arena_alloc_array(&a, (size_t)nl + 1, sizeof *ids);
    for (int i = 0; i < nl; i++) ids[i] = l[i].id;
    learn_level *lv;
    int nlv;
    if ((rc = learn_levels(&lv, &nlv, c, &a, ids, nl)) || nlv == 0) goto done; /* no levels yet: next time */
    if ((rc = db_begin(c))) goto done;
    for (int d = 0; rc == 0 && d < LEARN_LADDERS; d++) {
        const char *ladder = learn_ladder_name(d);
        db_rows *gid;
        rc = db_query(&gid, c, &a,
                      "INSERT INTO teach_groupings (class_id, ladder, confirmed_by, confirmed_at, moved, note) "
                      "VALUES ($1, $2, $3, $4, 0, 'demo') RETURNING id",
                      "isii", klass, ladder, teacher, db_now());
        for (int j = 0; rc == 0 && j < nlv; j++)
            if (strcmp(lv[j].ladder, ladder) == 0)
                rc = db_exec(c, "INSERT INTO teach_group_members (grouping_id, learner_id, level) VALUES ($1, $2, $3)",
                             "iii", db_int(gid, 0, 0), lv[j].learner_id, (int64_t)lv[j].level) < 0 ? E_FAIL : 0;
    }
    if (rc == 0) rc = db_commit(c);
    else db_rollback(c);
done:
    arena_free(&a);
    return rc;
}

/* ---- routes ---- */

#define STAFF (ROLE_TEACHER | ROLE_SCHOOL_ADMIN | ROLE_ADMIN)

static const route routes[] = {
    {"GET", "/api/classes/{id}/mastery", mastery, STAFF, 0},
    {"GET", "/api/classes/{id}/groups", teach_groups_get, STAFF, 0},
    {"POST", "/api/classes/{id}/groups", teach_groups_post, STAFF, 0},
    {"GET", "/api/classes/{id}/assignments", teach_assign_list, STAFF, 0},
    {"POST", "/api/classes/{id}/assignments", teach_assign_create, STAFF, 0},
    {"DELETE", "/api/classes/{id}/assignments/{aid}", teach_assign_delete, STAFF, 0},
    {"GET", "/api/classes/{id}/alerts", teach_alerts_get, STAFF, 0},
    {"POST", "/api/classes/{id}/alerts/dismiss", teach_alert_dismiss, STAFF, 0},
    {"POST", "/api/classes/{id}/alerts/restore", teach_alert_restore, STAFF, 0},
    {"GET", "/api/classes/{id}/items", items, STAFF, 0},
    {"GET", "/api/classes/{id}/learners/{lid}", learner_detail, STAFF, 0},
    {"POST", "/api/classes/{id}/learners/{lid}/oral", oral, STAFF, 0},
    {"GET", "/api/classes/{id}/export.csv", export_csv, STAFF, 0},
    {"GET", "/api/classes/{id}/xapi", teach_xapi_get, STAFF, 0},
};

const route_table teach_routes = ROUTE_TABLE(routes);
