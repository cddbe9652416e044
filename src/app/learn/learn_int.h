/*
 * learn_int.h — what the files of src/app/learn share (not for other modules: see learn.h).
 *
 * learn_core.c builds, once per process, an index of the content bank in curriculum order
 * (skills as the files write them, the prerequisite edges and one policy item per template),
 * loads a learner's context (per-skill states, Elo rating, levels, recent items, pending
 * assignments), applies an answer (BKT + FSRS + Elo, attempt and states in one transaction),
 * chooses the next item through engine/policy and renders items and reasons as JSON.
 * learn.c holds the HTTP routes, learn_place.c the placement test, learn_data.c what the teacher
 * module reads and the demo history.
 */
#ifndef APP_LEARN_LEARN_INT_H
#define APP_LEARN_LEARN_INT_H

#include <jansson.h>

#include "app/content/grade.h"
#include "app/content/template.h"
#include "app/learn/learn.h"
#include "engine/bkt.h"
#include "engine/fsrs.h"
#include "engine/policy.h"

enum { LEARN_RECENT = 6, LEARN_MAX_ASSIGN = 64, LEARN_BATCH_MAX = 10 };

typedef struct learn_index {
    const content_bank *bank;
    const content_skill **skills; /* curriculum order */
    int *ladder;                  /* per skill: 0..LEARN_LADDERS-1, or -1 */
    size_t nskills;
    const content_skill **by_id;  /* sorted by id, with by_id_pos[k] = curriculum index */
    int *by_id_pos;
    policy_edge *edges;
    size_t nedges;
    policy_item *items;           /* one per template; id = index into tpls */
    const content_template **tpls;
    size_t nitems;
    int ladder_top[LEARN_LADDERS];
} learn_index;

/* One learner's state on one skill (present = 0: never practised). */
typedef struct learn_sstate {
    int present;
    double p_known, elo;
    int attempts, correct, wrong_streak, elo_n;
    int64_t last_at;
    fsrs_card card;
} learn_sstate;

/* An assigned item template still to do. Bundled templates are in the index (tpl >= 0); an
 * imported quiz question (no skill) is not, and is named by its template (tpl = -1). */
typedef struct learn_tassign {
    int tpl;                   /* index into the index's tpls, -1 for an imported question */
    const content_template *t; /* the template either way */
    const char *title;         /* the assignment's title (NULL: none), for the reason */
    int64_t due_at;
} learn_tassign;

typedef struct learn_ctx {
    int64_t learner_id;
    content_lang lang;
    int64_t now;
    learn_sstate *st; /* nskills */
    double elo;
    int elo_n, answers;
    int level[LEARN_LADDERS]; /* -1: none set */
    int recent[LEARN_RECENT + LEARN_BATCH_MAX + 1];
    size_t nrecent;
    policy_assignment assign[LEARN_MAX_ASSIGN];
    size_t nassign;
    learn_tassign tassign[LEARN_MAX_ASSIGN];
    size_t ntassign;
    /* imported questions shown recently (not in the index, so not in `recent`) */
    const content_template *irecent[LEARN_RECENT + LEARN_BATCH_MAX + 1];
    size_t nirecent;
} learn_ctx;

typedef struct learn_pick {
    int tpl;              /* index into tpls, -1 for an imported template */
    int skill;            /* curriculum index, -1 for an imported template */
    policy_reason reason;
    double arg;
    const content_template *t; /* the template to serve (ix->tpls[tpl] when tpl >= 0) */
    const char *title;         /* an imported question's assignment title, or NULL */
} learn_pick;

/* learn_index_get: the index, built on first use; NULL when the content is not loaded. */
const learn_index *learn_index_get(void);
/* learn_skill_pos: curriculum index of a skill id, -1 if none. learn_tpl_pos: same for templates. */
int learn_skill_pos(const learn_index *ix, const char *skill_id);
int learn_tpl_pos(const learn_index *ix, const char *tpl_id);
int learn_ladder_pos(const char *ladder);

/* learn_bkt: the BKT parameters every skill uses (no per-skill fit yet). */
const bkt_params *learn_bkt(void);
/* learn_p_known: the effective P(known) of skill s: the state's, else placed (below the level
 * of its ladder) or the prior. */
double learn_p_known(const learn_index *ix, const learn_ctx *x, int s);

/* learn_ctx_load fills x for a learner (all skills, levels, recent, assignments if with_assign). */
int learn_ctx_load(learn_ctx *x, db_conn *c, arena *a, const learn_index *ix, int64_t learner_id,
                   content_lang lang, int with_assign);

/* learn_choose picks the next item; ladder -1 for any. E_NOTFOUND when nothing fits. Assigned
 * imported questions (no skill, no ladder) are served only when no ladder is asked for. */
int learn_choose(learn_pick *out, const learn_index *ix, const learn_ctx *x, int ladder);

/* learn_remember: the picked item joins the learner's recent items (so a batch never repeats it). */
void learn_remember(learn_ctx *x, const learn_pick *p);

/* learn_new_seed: a fresh random item seed. */
uint64_t learn_new_seed(void);

typedef struct learn_answer_in {
    const char *item_id, *response, *client_id;
    int hints_used;
    int64_t duration_ms;
} learn_answer_in;

typedef struct learn_answer_out {
    int duplicate;
    grade_result g;
    content_item *item;
    int skill; /* -1 for an imported template */
    double p_before, p_after;
    int just_mastered;
    int show_solution;
} learn_answer_out;

/* learn_apply grades an answer and stores attempt + states in one transaction (x must be
 * loaded; it is updated). E_INVALID for a malformed item id, E_NOTFOUND for an unknown template. */
int learn_apply(learn_answer_out *out, db_conn *c, arena *a, const learn_index *ix, learn_ctx *x,
                const learn_answer_in *in);

/* learn_instantiate: the item for template index tpl and seed (arena). */
int learn_instantiate(content_item **out, arena *a, const content_template *t, uint64_t seed);

/* JSON rendering in the learner's language. */
json_t *learn_item_json(const content_item *it, content_lang lang);
json_t *learn_pick_json(const learn_index *ix, const learn_ctx *x, const learn_pick *p, const content_item *it);
const char *learn_text(const ctext *t, content_lang lang);
const char *learn_skill_title(const content_skill *s, content_lang lang);
/* learn_level_label: the rung's name in lang. */
const char *learn_level_label(int ladder, int level, content_lang lang);

/* learn_serve: choose + instantiate + render {item, why, reason}; NULL when nothing fits. */
json_t *learn_serve(const learn_index *ix, learn_ctx *x, arena *a, int ladder);

/* learn_correct_response writes a response that grades as correct (demo, tests). */
const char *learn_correct_response(arena *a, const content_item *it);

/* learn_in_list: "(1,2,3)" for an SQL IN list of integers (never user text). */
const char *learn_in_list(arena *a, const int64_t *ids, int n);

/* The placement routes (learn_place.c), in learn.c's route table. */
int learn_placement_start(req *r);
int learn_placement_answer(req *r);

#endif
