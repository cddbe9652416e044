/*
 * learn_place.c — the adaptive placement test (engine/cat) that sets a learner's TaRL level.
 *
 *   POST /api/placement/start  {"ladder"}                              → {placement_id, item, why, progress}
 *   POST /api/placement/answer {"placement_id","item_id","response"}   → {done:false, correct, item, progress}
 *                                                                       | {done:true, correct, level}
 *
 * The bank of a ladder is its skills, one calibrated "item" each: ranked by TaRL rung then by
 * curriculum order, their difficulties are spread evenly over [-2.5, 2.5] logits (discrimination
 * 1.7, no guessing), and the cut for rung k is the mean difficulty of rung k's skills, so the
 * level is the highest rung whose typical skill the learner is more likely than not to
 * succeed at. Each time a skill is chosen, one of its templates is instantiated with a fresh
 * seed. The test keeps no state in memory: the answers so far are stored with the placement
 * and replayed through the EAP estimator on each request (at most CAT max_items of them).
 * The item being asked is stored too, so an answer to any other item is refused (409).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "app/content/content_store.h"
#include "app/learn/learn_int.h"
#include "base/err.h"
#include "base/rng.h"
#include "engine/cat.h"

enum { PLACE_MAX_SKILLS = 128 };

typedef struct place_bank {
    int skill[PLACE_MAX_SKILLS]; /* curriculum index */
    cat_item item[PLACE_MAX_SKILLS];
    size_t n;
    double cuts[16];
    size_t ncuts;
} place_bank;

static const cat_options place_opt = {.se_stop = 0.45, .min_items = 4, .max_items = 10, .top_k = 2,
                                      .max_exposure = 1.0, .prior_mean = 0.0, .prior_sd = 1.5};

static void build_bank(place_bank *pb, const learn_index *ix, int ladder)
{
    memset(pb, 0, sizeof *pb);
    int top = ix->ladder_top[ladder];
    for (int rung = 1; rung <= top; rung++)
        for (size_t s = 0; s < ix->nskills && pb->n < PLACE_MAX_SKILLS; s++)
            if (ix->ladder[s] == ladder && ix->skills[s]->tarl_level == rung) pb->skill[pb->n++] = (int)s;
    for (size_t i = 0; i < pb->n; i++)
        pb->item[i] = (cat_item){1.7, pb->n > 1 ? -2.5 + 5.0 * (double)i / (double)(pb->n - 1) : 0.0, 0.0};
    for (int rung = 1; rung <= top && pb->ncuts < sizeof pb->cuts / sizeof pb->cuts[0]; rung++) {
        double sum = 0;
        int k = 0;
        for (size_t i = 0; i < pb->n; i++)
            if (ix->skills[pb->skill[i]]->tarl_level == rung) sum += pb->item[i].b, k++;
        double prev = pb->ncuts ? pb->cuts[pb->ncuts - 1] : -3.0;
        pb->cuts[pb->ncuts++] = k ? sum / k : prev + 0.01;
    }
}

typedef struct place_state {
    int64_t id, seed;
    int ladder;
    char current[TEMPLATE_MAX_ID + 24];
    json_t *answers; /* [[bank index, correct], …] */
    int current_pos;
} place_state;

/* replay: the session after the stored answers. */
static int replay(cat_session *s, unsigned char *adm, const place_bank *pb, json_t *answers)
{
    int rc = cat_begin(s, adm, pb->n, &place_opt);
    size_t i;
    json_t *v;
    json_array_foreach(answers, i, v)
    {
        json_int_t pos = json_integer_value(json_array_get(v, 0));
        if (rc == 0 && pos >= 0 && (size_t)pos < pb->n)
            rc = cat_answer(s, pb->item, (size_t)pos, (int)json_integer_value(json_array_get(v, 1)));
    }
    return rc;
}

/* next_item: choose the next bank item and instantiate one of its skill's templates. */
static int next_item(content_item **it, int *pos, arena *a, const learn_index *ix, const place_bank *pb,
                     const cat_session *s, int64_t seed)
{
    rng g;
    rng_seed(&g, (uint64_t)seed * 7919u + (uint64_t)s->n_given);
    size_t i;
    int rc = cat_select(&i, s, pb->item, NULL, 0, &place_opt, &g);
    if (rc) return rc;
    const content_skill *sk = ix->skills[pb->skill[i]];
    const content_template *t = &sk->templates[rng_below(&g, sk->ntemplates)];
    *pos = (int)i;
    return learn_instantiate(it, a, t, learn_new_seed());
}

static content_lang lang_of(const req *r)
{
    int l = r->user->lang ? content_lang_parse(r->user->lang) : -1;
    return l < 0 ? LANG_FR : (content_lang)l;
}

static const char *const place_why[LANG_COUNT] = {
    "اختبار المستوى: أجب كما تستطيع، بدون مساعدة.", "Test de niveau : réponds comme tu peux, sans aide.",
    "Placement test: answer as best you can, without help.", "ⴰⵔⵎ ⵏ ⵓⵙⵡⵉⵔ: ⵔⴰⵔ ⵎⴽ ⵜⵣⵎⵔⴷ."};

static json_t *question_json(const content_item *it, content_lang lang, int64_t id, int given)
{
    return json_pack("{s:I, s:o, s:s, s:{s:i, s:i}}", "placement_id", (json_int_t)id, "item",
                     learn_item_json(it, lang), "why", place_why[lang], "progress", "n", given + 1, "max",
                     place_opt.max_items);
}

static int prepare(const learn_index **ix, req *r)
{
    *ix = learn_index_get();
    if (!*ix) return http_fail(r, E_FAIL, NULL, "the curriculum is not loaded");
    return content_store_sync(req_db(r));
}

int learn_placement_start(req *r)
{
    json_t *body;
    const char *ladder;
    int rc = req_json(&body, r);
    if (rc == 0) rc = req_fields(r, body, "{s:s!}", "ladder", &ladder);
    if (rc) return rc;
    int l = learn_ladder_pos(ladder);
    if (l < 0) return http_fail(r, E_INVALID, "ladder", "ladder: math, read_ar or read_fr");
    const learn_index *ix;
    if ((rc = prepare(&ix, r))) return rc;
    place_bank pb;
    build_bank(&pb, ix, l);
    if (pb.n == 0) return http_fail(r, E_NOTFOUND, "ladder", "no skills on this ladder");
    unsigned char adm[PLACE_MAX_SKILLS];
    cat_session s;
    int64_t seed = (int64_t)learn_new_seed();
    content_item *it;
    int pos;
    if ((rc = cat_begin(&s, adm, pb.n, &place_opt)) || (rc = next_item(&it, &pos, r->a, ix, &pb, &s, seed))) return rc;
    db_rows *row;
    if ((rc = db_query(&row, req_db(r), r->a,
                       "INSERT INTO learn_placements (learner_id, ladder, answers, current_item, current_skill, seed, "
                       "started_at) VALUES ($1, $2, '[]', $3, $4, $5, $6) RETURNING id",
                       "issiii", r->user->id, ladder, it->id, (int64_t)pos, seed, db_now())))
        return rc;
    return http_json(r, 201, question_json(it, lang_of(r), db_int(row, 0, 0), 0));
}

static int load_placement(place_state *ps, req *r, int64_t id)
{
    db_rows *row;
    int rc = db_query(&row, req_db(r), r->a,
                      "SELECT ladder, answers, current_item, current_skill, seed, finished_at FROM learn_placements "
                      "WHERE id = $1 AND learner_id = $2",
                      "ii", id, r->user->id);
    if (rc) return rc;
    if (row->nrows == 0) return http_fail(r, E_NOTFOUND, "placement_id", "no such placement test of yours");
    if (!db_isnull(row, 0, 5)) return http_fail(r, E_CONFLICT, "placement_id", "this placement test is finished");
    ps->id = id;
    ps->ladder = learn_ladder_pos(db_text(row, 0, 0));
    ps->answers = json_loads(db_text(row, 0, 1), 0, NULL);
    snprintf(ps->current, sizeof ps->current, "%s", db_text(row, 0, 2));
    ps->current_pos = (int)db_int(row, 0, 3);
    ps->seed = db_int(row, 0, 4);
    if (!ps->answers || ps->ladder < 0) {
        json_decref(ps->answers);
        return E_FAIL;
    }
    return 0;
}

static int finish(req *r, const place_state *ps, const place_bank *pb, const cat_session *s, int correct, char *answers)
{
    int level = cat_level(pb->cuts, pb->ncuts, s->theta);
    db_conn *c = req_db(r);
    int rc = db_begin(c);
    if (rc == 0) {
        int n = db_exec(c, "UPDATE learn_placements SET answers = $1, level = $2, finished_at = $3 WHERE id = $4",
                        "siii", answers, (int64_t)level, db_now(), ps->id);
        rc = n < 0 ? n : 0;
    }
    if (rc == 0) rc = learn_set_level(c, r->user->id, learn_ladder_name(ps->ladder), level, "placement", r->user->id);
    if (rc == 0) rc = db_commit(c);
    else db_rollback(c);
    if (rc) return rc;
    const learn_index *ix = learn_index_get();
    content_lang lang = lang_of(r);
    return http_json(r, 200,
                     json_pack("{s:b, s:b, s:{s:s, s:i, s:s, s:i, s:f, s:f}}", "done", 1, "correct", correct, "level",
                               "ladder", learn_ladder_name(ps->ladder), "level", level, "label",
                               learn_level_label(ps->ladder, level, lang), "top", ix->ladder_top[ps->ladder], "theta",
                               s->theta, "se", s->se));
}

int learn_placement_answer(req *r)
{
    json_t *body;
    json_int_t id;
    const char *item_id, *response;
    int rc = req_json(&body, r);
    if (rc == 0)
        rc = req_fields(r, body, "{s:I, s:s, s:s!}", "placement_id", &id, "item_id", &item_id, "response", &response);
    if (rc) return rc;
    const learn_index *ix;
    place_state ps;
    if ((rc = prepare(&ix, r)) || (rc = load_placement(&ps, r, (int64_t)id))) return rc;
    if (strcmp(item_id, ps.current) != 0) {
        json_decref(ps.answers);
        return http_fail(r, E_CONFLICT, "item_id", "answer the item the test is asking (%s)", ps.current);
    }
    char *tid;
    uint64_t seed;
    content_item *it;
    const content_template *t = NULL;
    if (template_parse_item_id(&tid, &seed, r->a, item_id) == 0) t = content_store_template(tid);
    if (!t || learn_instantiate(&it, r->a, t, seed)) {
        json_decref(ps.answers);
        return E_FAIL;
    }
    grade_result g;
    grade_response(&g, it, response);
    json_array_append_new(ps.answers, json_pack("[i, i]", ps.current_pos, g.correct));
    char *answers = json_dumps(ps.answers, JSON_COMPACT);
    char *ans = arena_strdup(r->a, answers);
    free(answers);
    place_bank pb;
    build_bank(&pb, ix, ps.ladder);
    unsigned char adm[PLACE_MAX_SKILLS];
    cat_session s;
    rc = replay(&s, adm, &pb, ps.answers);
    json_decref(ps.answers);
    if (rc) return rc;
    content_item *next;
    int pos;
    if (cat_done(&s, &place_opt) || next_item(&next, &pos, r->a, ix, &pb, &s, ps.seed))
        return finish(r, &ps, &pb, &s, g.correct, ans);
    int n = db_exec(req_db(r), "UPDATE learn_placements SET answers = $1, current_item = $2, current_skill = $3 WHERE id = $4",
                    "ssii", ans, next->id, (int64_t)pos, ps.id);
    if (n < 0) return n;
    json_t *out = question_json(next, lang_of(r), ps.id, s.n_given);
    json_object_set_new(out, "done", json_false());
    json_object_set_new(out, "correct", json_boolean(g.correct));
    return http_json(r, 200, out);
}
