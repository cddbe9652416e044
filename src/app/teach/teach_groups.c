/*
 * teach_groups.c — learners grouped by TaRL level, regrouping suggestions, confirmation.
 *
 * Teaching at the Right Level teaches a class in groups by level, not by grade, and regroups
 * after each assessment round. The groups a teacher works with are the ones they confirmed
 * (teach_groupings, migration 0005): the machine suggests, the teacher decides.
 *
 * A learner's group on a ladder is the level of the teacher's last confirmation; a learner
 * the teacher never placed (new in the class, or no confirmation yet) sits at learn's current
 * level, marked unconfirmed; a learner with neither is "not assessed" (group -1).
 * A suggestion is a learner whose current level (placement test, practice, oral assessment)
 * was set after the last confirmation and differs from their group: the estimate moved them.
 * A level set before the confirmation that differs is the teacher's own choice and is left
 * alone.
 *
 * POST confirms: without "moves", every learner goes to their current level (all suggestions
 * accepted); with "moves", the listed learners go to the given levels and the others stay
 * where they are. Every confirmation is a new grouping (who, when, how many moved) — the log.
 */
#include "app/teach/teach_int.h"

#include <string.h>

#include "app/accounts/accounts.h"
#include "base/err.h"

int tc_ladder_ok(const char *ladder) { return ladder && learn_ladder_top(ladder) >= 0; }

static const learn_level *current_level(const learn_level *lv, int n, int64_t learner, const char *ladder)
{
    for (int i = 0; i < n; i++)
        if (lv[i].learner_id == learner && strcmp(lv[i].ladder, ladder) == 0) return &lv[i];
    return NULL;
}

static const char *user_name(req *r, int64_t id)
{
    json_t *u = accounts_user_json(req_db(r), r->a, id);
    const char *s = u ? json_string_value(json_object_get(u, "name")) : NULL;
    const char *name = s ? arena_strdup(r->a, s) : NULL;
    json_decref(u);
    return name;
}

/* how a suggestion's reason names where the new level came from */
static const struct {
    const char *source, *words;
} SOURCE_WORDS[] = {
    {"placement", "the placement test"}, {"practice", "their practice"},
    {"oral", "an oral reading assessment"}, {"teacher", "a teacher's assessment"},
};

static const char *source_words(const char *source)
{
    for (size_t i = 0; i < sizeof SOURCE_WORDS / sizeof *SOURCE_WORDS; i++)
        if (strcmp(SOURCE_WORDS[i].source, source) == 0) return SOURCE_WORDS[i].words;
    return source;
}

int tc_groups(tc_grouping *g, req *r, const tc_class *k, const char *ladder, const learn_level *levels, int nlevels)
{
    memset(g, 0, sizeof *g);
    g->ladder = ladder;
    g->m = arena_alloc_array(r->a, (size_t)k->n + 1, sizeof *g->m);
    db_rows *last, *mem = NULL;
    int rc = db_query(&last, req_db(r), r->a,
                      "SELECT id, confirmed_at, confirmed_by FROM teach_groupings WHERE class_id = $1 AND ladder = $2 "
                      "ORDER BY id DESC LIMIT 1",
                      "is", k->id, ladder);
    if (rc) return rc;
    if (last->nrows) {
        g->id = db_int(last, 0, 0);
        g->confirmed_at = db_int(last, 0, 1);
        g->confirmed_by = db_int(last, 0, 2);
        g->confirmed_by_name = user_name(r, g->confirmed_by);
        if ((rc = db_query(&mem, req_db(r), r->a, "SELECT learner_id, level FROM teach_group_members WHERE grouping_id = $1",
                           "i", g->id)))
            return rc;
    }
    for (int i = 0; i < k->n; i++) {
        tc_member *m = &g->m[i];
        m->learner_id = k->ids[i];
        m->lv = current_level(levels, nlevels, k->ids[i], ladder);
        m->current = m->lv ? m->lv->level : -1;
        m->group = m->current;
        for (int j = 0; mem && j < mem->nrows; j++)
            if (db_int(mem, j, 0) == k->ids[i]) {
                m->group = (int)db_int(mem, j, 1);
                m->confirmed = 1;
            }
    }
    return 0;
}

static int suggested(const tc_grouping *g, const tc_member *m)
{
    return m->confirmed && m->lv && m->current != m->group && m->lv->set_at >= g->confirmed_at;
}

static json_t *member_json(const tc_class *k, int i, const tc_member *m)
{
    json_t *j = tc_learner_json(&k->learners[i]);
    json_object_set_new(j, "current", m->current >= 0 ? json_integer(m->current) : json_null());
    json_object_set_new(j, "source", m->lv ? json_string(m->lv->source) : json_null());
    json_object_set_new(j, "set_at", m->lv ? json_integer(m->lv->set_at) : json_null());
    json_object_set_new(j, "confirmed", json_boolean(m->confirmed));
    return j;
}

static const char *level_label(const learn_level *lv)
{
    return lv && lv->label_en ? lv->label_en : "";
}

static int ladder_json(json_t **out, req *r, const tc_class *k, const char *ladder, const learn_level *lv, int nlv)
{
    tc_grouping g;
    int rc = tc_groups(&g, r, k, ladder, lv, nlv);
    if (rc) return rc;
    int top = learn_ladder_top(ladder);
    json_t *groups = json_array(), *sugg = json_array(), *hist = json_array();
    for (int level = -1; level <= top; level++) {
        json_t *members = json_array();
        for (int i = 0; i < k->n; i++)
            if (g.m[i].group == level) json_array_append_new(members, member_json(k, i, &g.m[i]));
        if (json_array_size(members) == 0) {
            json_decref(members);
            continue;
        }
        json_array_append_new(groups, json_pack("{s:o, s:o}", "level", level >= 0 ? json_integer(level) : json_null(),
                                                "learners", members));
    }
    for (int i = 0; i < k->n; i++) {
        const tc_member *m = &g.m[i];
        if (!suggested(&g, m)) continue;
        json_array_append_new(
            sugg, json_pack("{s:I, s:s, s:s?, s:i, s:i, s:s, s:I, s:s}", "learner_id", (json_int_t)m->learner_id, "name",
                            k->learners[i].name, "name_ar", k->learners[i].name_ar, "from", m->group, "to", m->current,
                            "source", m->lv->source, "set_at", (json_int_t)m->lv->set_at, "reason",
                            arena_printf(r->a, "%s put them at level %d (%s) after the groups were confirmed",
                                         source_words(m->lv->source), m->current, level_label(m->lv))));
    }
    db_rows *h;
    if ((rc = db_query(&h, req_db(r), r->a,
                       "SELECT id, confirmed_at, confirmed_by, moved, note FROM teach_groupings WHERE class_id = $1 "
                       "AND ladder = $2 ORDER BY id DESC LIMIT 5",
                       "is", k->id, ladder)))
        return rc;
    for (int i = 0; i < h->nrows; i++)
        json_array_append_new(hist, json_pack("{s:I, s:I, s:s?, s:I, s:s}", "id", (json_int_t)db_int(h, i, 0), "confirmed_at",
                                              (json_int_t)db_int(h, i, 1), "by", user_name(r, db_int(h, i, 2)), "moved",
                                              (json_int_t)db_int(h, i, 3), "note", db_text(h, i, 4)));
    *out = json_pack("{s:s, s:i, s:o, s:o, s:s?, s:o, s:o, s:o}", "ladder", ladder, "top", top, "grouping_id",
                     g.id ? json_integer(g.id) : json_null(), "confirmed_at",
                     g.id ? json_integer(g.confirmed_at) : json_null(), "confirmed_by", g.confirmed_by_name, "groups",
                     groups, "suggestions", sugg, "history", hist);
    return 0;
}

int teach_groups_get(req *r)
{
    tc_class k;
    int rc = tc_open(&k, r);
    if (rc) return rc;
    learn_level *lv;
    int nlv;
    if ((rc = learn_levels(&lv, &nlv, req_db(r), r->a, k.ids, k.n))) return rc;
    const char *only = req_query(r, "ladder");
    if (only && !tc_ladder_ok(only)) return http_fail(r, E_INVALID, "ladder", "ladder: one of math, read_ar, read_fr");
    json_t *ladders = json_array();
    for (int d = 0; d < LEARN_LADDERS; d++) {
        const char *ladder = learn_ladder_name(d);
        if (only && strcmp(only, ladder) != 0) continue;
        json_t *j;
        if ((rc = ladder_json(&j, r, &k, ladder, lv, nlv))) {
            json_decref(ladders);
            return rc;
        }
        json_array_append_new(ladders, j);
    }
    return http_json(r, 200, json_pack("{s:I, s:o}", "class_id", (json_int_t)k.id, "ladders", ladders));
}

enum { GROUP_NOTE_MAX = 500 };

/* the level each learner goes to: -2 keeps no row (not assessed) */
static int new_levels(int *to, req *r, const tc_class *k, const tc_grouping *g, json_t *moves, int top)
{
    for (int i = 0; i < k->n; i++) {
        const tc_member *m = &g->m[i];
        to[i] = moves ? m->group : (m->current >= 0 ? m->current : m->group);
    }
    size_t j;
    json_t *mv;
    json_array_foreach(moves, j, mv) {
        json_int_t lid, level;
        json_error_t e;
        if (json_unpack_ex(mv, &e, JSON_STRICT, "{s:I, s:I}", "learner_id", &lid, "level", &level))
            return http_fail(r, E_INVALID, "moves", "moves[%zu]: %s", j, e.text);
        int at = tc_learner_at(k, lid);
        if (at < 0) return http_fail(r, E_INVALID, "moves", "moves[%zu]: learner %lld is not in this class", j, (long long)lid);
        if (level < 0 || level > top) return http_fail(r, E_INVALID, "moves", "moves[%zu]: level 0 to %d", j, top);
        to[at] = (int)level;
    }
    return 0;
}

int teach_groups_post(req *r)
{
    tc_class k;
    int rc = tc_open(&k, r);
    if (rc) return rc;
    json_t *body, *moves = NULL;
    const char *ladder, *note = "";
    if ((rc = req_json(&body, r)) ||
        (rc = req_fields(r, body, "{s:s, s?o, s?s}", "ladder", &ladder, "moves", &moves, "note", &note)))
        return rc;
    if (!tc_ladder_ok(ladder)) return http_fail(r, E_INVALID, "ladder", "ladder: one of math, read_ar, read_fr");
    if (moves && !json_is_array(moves)) return http_fail(r, E_INVALID, "moves", "moves: a list of {learner_id, level}");
    if (strlen(note) > GROUP_NOTE_MAX) return http_fail(r, E_INVALID, "note", "note: at most %d bytes", GROUP_NOTE_MAX);
    learn_level *lv;
    int nlv;
    tc_grouping g;
    if ((rc = learn_levels(&lv, &nlv, req_db(r), r->a, k.ids, k.n)) || (rc = tc_groups(&g, r, &k, ladder, lv, nlv)))
        return rc;
    int *to = arena_alloc_array(r->a, (size_t)k.n + 1, sizeof *to), moved = 0;
    if ((rc = new_levels(to, r, &k, &g, moves, learn_ladder_top(ladder)))) return rc;
    for (int i = 0; i < k.n; i++) moved += to[i] >= 0 && (!g.m[i].confirmed || to[i] != g.m[i].group);
    db_conn *c = req_db(r);
    int64_t now = db_now();
    db_rows *id;
    if ((rc = db_begin(c))) return rc;
    rc = db_query(&id, c, r->a,
                  "INSERT INTO teach_groupings (class_id, ladder, confirmed_by, confirmed_at, moved, note) "
                  "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                  "isiiis", k.id, ladder, r->user->id, now, (int64_t)moved, note);
    for (int i = 0; rc >= 0 && i < k.n; i++) {
        if (to[i] < 0) continue;
        rc = db_exec(c,
                     "INSERT INTO teach_group_members (grouping_id, learner_id, level, previous_level) "
                     "VALUES ($1, $2, $3, $4)",
                     g.m[i].confirmed ? "iiii" : "iiin", db_int(id, 0, 0), k.ids[i], (int64_t)to[i],
                     (int64_t)g.m[i].group);
    }
    if (rc >= 0) rc = db_commit(c);
    else db_rollback(c);
    if (rc) return rc;
    return http_json(r, 201, json_pack("{s:I, s:s, s:i, s:I}", "grouping_id", (json_int_t)db_int(id, 0, 0), "ladder",
                                       ladder, "moved", moved, "confirmed_at", (json_int_t)now));
}
