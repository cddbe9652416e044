/*
 * learn_core.c — the practice loop: the content index, a learner's context, applying an answer
 * and choosing the next item (see learn_int.h).
 *
 * The hot path (DESIGN §1) is learn_ctx_load → learn_apply → learn_choose: five reads (states,
 * learner, levels, recent items, classes; assignments only for enrolled learners) in one read
 * transaction outside the write transaction, then one short transaction (re-read the skill's row, insert the attempt — once
 * per client_id —, upsert the skill's state and the learner's row), then the policy in memory.
 * The write transaction holds SQLite's single writer lock for three statements only.
 *
 * Models: BKT (one parameter set for every skill until per-skill fits exist) decides mastery;
 * FSRS keeps one review card per skill, started when the skill is first mastered (Good when
 * right, Hard when right with hints, Again when wrong) and says when a mastered skill is due; Elo (learner rating + per-skill offset against
 * the author's template difficulty, which learners never move) gives each candidate item its
 * predicted success, blended with BKT's, for the policy's target of 75 %.
 */
#include "app/learn/learn_int.h"

#include <math.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "app/content/content_store.h"
#include "app/schools/schools.h"
#include "base/err.h"
#include "engine/elo.h"

static const char *const ladder_names[LEARN_LADDERS] = {"math", "read_ar", "read_fr"};
static const char *const ladder_subjects[LEARN_LADDERS] = {"math", "arabic", "french"};

static const bkt_params bkt = {0.2, 0.2, 0.0, 0.2, 0.1};
static const fsrs_scheduler sched = {FSRS_PARAMS_INIT, 0.9, {60, 600}, 2, {600}, 1, 36500, 0};
static const elo_opts elo = ELO_OPTS_INIT;
#define PLACED_P 0.96 /* P(known) of a skill below the learner's level that they never practised */

const bkt_params *learn_bkt(void) { return &bkt; }
double learn_prior(void) { return bkt.init; }

const char *learn_ladder_name(int i) { return i >= 0 && i < LEARN_LADDERS ? ladder_names[i] : NULL; }

int learn_ladder_pos(const char *ladder)
{
    for (int i = 0; ladder && i < LEARN_LADDERS; i++)
        if (strcmp(ladder, ladder_names[i]) == 0) return i;
    return -1;
}

/* ---- the index ---- */

static pthread_once_t index_once = PTHREAD_ONCE_INIT;
static learn_index the_index;
static int index_ok;

static int cmp_skill_id(const void *x, const void *y)
{
    return strcmp((*(const content_skill *const *)x)->id, (*(const content_skill *const *)y)->id);
}

static void build_index(void)
{
    const content_bank *b = content_store_bank();
    if (!b) return;
    learn_index *ix = &the_index;
    ix->bank = b;
    size_t ns = b->nskills, nt = 0;
    ix->skills = xcalloc(ns + 1, sizeof *ix->skills);
    ix->ladder = xcalloc(ns + 1, sizeof *ix->ladder);
    for (size_t f = 0; f < b->nfiles; f++) {
        const content_file *cf = b->files[f];
        int lad = -1;
        for (int l = 0; l < LEARN_LADDERS; l++)
            if (cf->subject_id && strcmp(cf->subject_id, ladder_subjects[l]) == 0) lad = l;
        for (size_t d = 0; d < cf->ndomains; d++)
            for (size_t s = 0; s < cf->domains[d].nskills; s++) {
                const content_skill *sk = &cf->domains[d].skills[s];
                ix->ladder[ix->nskills] = lad;
                ix->skills[ix->nskills++] = sk;
                nt += sk->ntemplates;
                if (lad >= 0 && sk->tarl_level > ix->ladder_top[lad]) ix->ladder_top[lad] = sk->tarl_level;
            }
    }
    ix->by_id = xcalloc(ix->nskills + 1, sizeof *ix->by_id);
    memcpy(ix->by_id, ix->skills, ix->nskills * sizeof *ix->by_id);
    qsort(ix->by_id, ix->nskills, sizeof *ix->by_id, cmp_skill_id);
    ix->by_id_pos = xcalloc(ix->nskills + 1, sizeof *ix->by_id_pos);
    for (size_t k = 0; k < ix->nskills; k++)
        for (size_t s = 0; s < ix->nskills; s++)
            if (ix->skills[s] == ix->by_id[k]) ix->by_id_pos[k] = (int)s;
    size_t ne = 0;
    for (size_t s = 0; s < ix->nskills; s++) ne += ix->skills[s]->nprerequisites;
    ix->edges = xcalloc(ne + 1, sizeof *ix->edges);
    ix->items = xcalloc(nt + 1, sizeof *ix->items);
    ix->tpls = xcalloc(nt + 1, sizeof *ix->tpls);
    for (size_t s = 0; s < ix->nskills; s++) {
        const content_skill *sk = ix->skills[s];
        for (size_t p = 0; p < sk->nprerequisites; p++) {
            int from = learn_skill_pos(ix, sk->prerequisites[p]);
            if (from >= 0) ix->edges[ix->nedges++] = (policy_edge){from, (int)s};
        }
        for (size_t t = 0; t < sk->ntemplates; t++) {
            ix->tpls[ix->nitems] = &sk->templates[t];
            ix->items[ix->nitems] = (policy_item){(int)ix->nitems, (int)s, 0.5};
            ix->nitems++;
        }
    }
    index_ok = 1;
}

const learn_index *learn_index_get(void)
{
    pthread_once(&index_once, build_index);
    return index_ok ? &the_index : NULL;
}

int learn_skill_pos(const learn_index *ix, const char *skill_id)
{
    size_t lo = 0, hi = ix->nskills;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(ix->by_id[mid]->id, skill_id);
        if (c == 0) return ix->by_id_pos[mid];
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return -1;
}

int learn_tpl_pos(const learn_index *ix, const char *tpl_id)
{
    const content_template *t = content_find_template(ix->bank, tpl_id);
    if (!t || !t->skill) return -1;
    int s = learn_skill_pos(ix, t->skill->id);
    if (s < 0) return -1;
    for (size_t i = 0; i < ix->nitems; i++)
        if (ix->tpls[i] == t) return (int)i;
    return -1;
}

const content_bank *learn_bank(void) { return content_store_bank(); }

const char *learn_skill_ladder(const content_skill *s)
{
    const learn_index *ix = learn_index_get();
    int p = ix && s ? learn_skill_pos(ix, s->id) : -1;
    return p >= 0 ? learn_ladder_name(ix->ladder[p]) : NULL;
}

int learn_ladder_top(const char *ladder)
{
    const learn_index *ix = learn_index_get();
    int l = learn_ladder_pos(ladder);
    return l < 0 ? -1 : ix ? ix->ladder_top[l] : 0;
}

/* ---- the learner's context ---- */

double learn_p_known(const learn_index *ix, const learn_ctx *x, int s)
{
    if (x->st[s].present) return x->st[s].p_known;
    int l = ix->ladder[s];
    if (l >= 0 && x->level[l] > ix->skills[s]->tarl_level) return PLACED_P;
    return bkt.init;
}

const char *learn_in_list(arena *a, const int64_t *ids, int n)
{
    buf b = BUF_INIT((size_t)n * 24 + 16);
    buf_putc(&b, '(');
    for (int i = 0; i < n; i++) buf_printf(&b, "%s%lld", i ? "," : "", (long long)ids[i]);
    if (n == 0) buf_puts(&b, "0");
    buf_putc(&b, ')');
    const char *s = arena_strdup(a, b.data);
    buf_free(&b);
    return s;
}

static void state_from_row(learn_sstate *st, const db_rows *r, int i, int col)
{
    st->present = 1;
    st->p_known = db_double(r, i, col);
    st->attempts = (int)db_int(r, i, col + 1);
    st->correct = (int)db_int(r, i, col + 2);
    st->wrong_streak = (int)db_int(r, i, col + 3);
    st->last_at = db_int(r, i, col + 4);
    st->elo = db_double(r, i, col + 5);
    st->elo_n = (int)db_int(r, i, col + 6);
    st->card.state = (fsrs_state)db_int(r, i, col + 7);
    st->card.step = (int)db_int(r, i, col + 8);
    st->card.memory.stability = db_double(r, i, col + 9);
    st->card.memory.difficulty = db_double(r, i, col + 10);
    st->card.due = db_int(r, i, col + 11);
    st->card.last_review = db_int(r, i, col + 12);
    st->card.scheduled_days = (int)db_int(r, i, col + 13);
}

#define STATE_COLS                                                                                              \
    "p_known, attempts, correct, wrong_streak, last_at, elo, elo_n, card_state, card_step, stability, difficulty, " \
    "due_at, last_review, scheduled_days"

static int load_assignments(learn_ctx *x, db_conn *c, arena *a, const learn_index *ix)
{
    int64_t *classes;
    int nclasses;
    int rc = schools_learner_classes(&classes, &nclasses, c, a, x->learner_id);
    if (rc || nclasses == 0) return rc;
    db_rows *r;
    char *sql = arena_printf(
        a,
        "SELECT a.kind, t.target, a.due_at, a.title FROM learn_assignments a JOIN learn_assignment_targets t ON "
        "t.assignment_id = a.id WHERE a.class_id IN %s AND (NOT EXISTS (SELECT 1 FROM learn_assignment_learners l "
        "WHERE l.assignment_id = a.id) OR EXISTS (SELECT 1 FROM learn_assignment_learners l WHERE l.assignment_id = "
        "a.id AND l.learner_id = $1)) AND (a.kind = 'skill' OR NOT EXISTS (SELECT 1 FROM learn_attempts x WHERE "
        "x.learner_id = $1 AND x.template_id = t.target AND (x.correct = 1 OR x.skill_id IS NULL) AND "
        "x.created_at >= a.created_at)) "
        "ORDER BY a.due_at, a.id",
        learn_in_list(a, classes, nclasses));
    if ((rc = db_query(&r, c, a, sql, "i", x->learner_id))) return rc;
    for (int i = 0; i < r->nrows; i++) {
        double due = (double)(db_int(r, i, 2) - x->now) / 86400.0;
        if (strcmp(db_text(r, i, 0), "skill") == 0) {
            int s = learn_skill_pos(ix, db_text(r, i, 1));
            if (s >= 0 && x->nassign < LEARN_MAX_ASSIGN) x->assign[x->nassign++] = (policy_assignment){s, due};
        } else {
            /* a bundled item is in the index; an imported quiz question is found in the store */
            int t = learn_tpl_pos(ix, db_text(r, i, 1));
            const content_template *tp = t >= 0 ? ix->tpls[t] : content_store_template(db_text(r, i, 1));
            if (tp && (t >= 0 || !tp->skill) && x->ntassign < LEARN_MAX_ASSIGN)
                x->tassign[x->ntassign++] = (learn_tassign){t, tp, db_text(r, i, 3), db_int(r, i, 2)};
        }
    }
    return 0;
}

static int ctx_read(learn_ctx *x, db_conn *c, arena *a, const learn_index *ix, int with_assign)
{
    db_rows *r;
    int rc = db_query(&r, c, a, "SELECT skill_id, " STATE_COLS " FROM learn_states WHERE learner_id = $1", "i",
                      x->learner_id);
    if (rc) return rc;
    for (int i = 0; i < r->nrows; i++) {
        int s = learn_skill_pos(ix, db_text(r, i, 0));
        if (s >= 0) state_from_row(&x->st[s], r, i, 1);
    }
    if ((rc = db_query(&r, c, a, "SELECT elo, elo_n, answers FROM learn_learners WHERE learner_id = $1", "i",
                       x->learner_id)))
        return rc;
    if (r->nrows) {
        x->elo = db_double(r, 0, 0);
        x->elo_n = (int)db_int(r, 0, 1);
        x->answers = (int)db_int(r, 0, 2);
    }
    if ((rc = db_query(&r, c, a,
                       "SELECT ladder, level FROM learn_levels l WHERE learner_id = $1 AND id = (SELECT max(id) FROM "
                       "learn_levels m WHERE m.learner_id = l.learner_id AND m.ladder = l.ladder)",
                       "i", x->learner_id)))
        return rc;
    for (int i = 0; i < r->nrows; i++) {
        int l = learn_ladder_pos(db_text(r, i, 0));
        if (l >= 0) x->level[l] = (int)db_int(r, i, 1);
    }
    if ((rc = db_query(&r, c, a, "SELECT template_id FROM learn_attempts WHERE learner_id = $1 ORDER BY id DESC LIMIT 6",
                       "i", x->learner_id)))
        return rc;
    for (int i = 0; i < r->nrows; i++) {
        int t = learn_tpl_pos(ix, db_text(r, i, 0));
        const content_template *tp = t < 0 ? content_store_template(db_text(r, i, 0)) : NULL;
        if (t >= 0) x->recent[x->nrecent++] = t;
        else if (tp) x->irecent[x->nirecent++] = tp;
    }
    return with_assign ? load_assignments(x, c, a, ix) : 0;
}

int learn_ctx_load(learn_ctx *x, db_conn *c, arena *a, const learn_index *ix, int64_t learner_id,
                   content_lang lang, int with_assign)
{
    memset(x, 0, sizeof *x);
    x->learner_id = learner_id;
    x->lang = lang;
    x->now = db_now();
    x->st = arena_alloc_array(a, ix->nskills + 1, sizeof *x->st);
    for (int l = 0; l < LEARN_LADDERS; l++) x->level[l] = -1;
    /* one read transaction for the five reads: one snapshot, and on SQLite one WAL read lock
     * and one page-cache check instead of five (each separate read re-reads the pages another
     * connection's commit invalidated); a deferred BEGIN takes no write lock */
    int rc = db_exec_script(c, "BEGIN");
    if (rc) return rc;
    rc = ctx_read(x, c, a, ix, with_assign);
    if (rc == 0) rc = db_exec_script(c, "COMMIT");
    if (rc) db_exec_script(c, "ROLLBACK");
    return rc;
}

/* ---- choosing ---- */

static int is_recent(const learn_ctx *x, int t)
{
    for (size_t i = 0; i < x->nrecent; i++)
        if (x->recent[i] == t) return 1;
    return 0;
}

static int is_irecent(const learn_ctx *x, const content_template *t)
{
    for (size_t i = 0; i < x->nirecent; i++)
        if (x->irecent[i] == t) return 1;
    return 0;
}

/* remember_shown: a served or answered template joins the recent list it belongs to */
static void remember_shown(learn_ctx *x, int tpl, const content_template *t)
{
    if (tpl >= 0 && !is_recent(x, tpl) && x->nrecent < sizeof x->recent / sizeof x->recent[0])
        x->recent[x->nrecent++] = tpl;
    if (tpl < 0 && t && !is_irecent(x, t) && x->nirecent < sizeof x->irecent / sizeof x->irecent[0])
        x->irecent[x->nirecent++] = t;
}

void learn_remember(learn_ctx *x, const learn_pick *p) { remember_shown(x, p->tpl, p->t); }

int learn_choose(learn_pick *out, const learn_index *ix, const learn_ctx *x, int ladder)
{
    /* an assigned item template, earliest due first, unless just shown */
    for (size_t i = 0; i < x->ntassign; i++) {
        int t = x->tassign[i].tpl;
        double due = (double)(x->tassign[i].due_at - x->now) / 86400.0;
        if (t < 0) { /* an imported quiz question: no skill, no ladder */
            if (ladder >= 0 || is_irecent(x, x->tassign[i].t)) continue;
            *out = (learn_pick){-1, -1, POLICY_ASSIGNMENT, due, x->tassign[i].t, x->tassign[i].title};
            return 0;
        }
        if (is_recent(x, t) || (ladder >= 0 && ix->ladder[ix->items[t].skill] != ladder)) continue;
        *out = (learn_pick){t, ix->items[t].skill, POLICY_ASSIGNMENT, due, ix->tpls[t], NULL};
        return 0;
    }
    /* the policy sees only the skills of the ladder asked for (all when ladder < 0), renumbered
     * 0..m-1, so every skill it can name has items */
    size_t m = 0, n = 0, ne = 0, na = 0;
    int *local = malloc((ix->nskills + 1) * sizeof *local), *global = malloc((ix->nskills + 1) * sizeof *global);
    policy_skill_state *ss = malloc((ix->nskills + 1) * sizeof *ss);
    policy_item *items = malloc((ix->nitems + 1) * sizeof *items);
    policy_edge *edges = malloc((ix->nedges + 1) * sizeof *edges);
    if (!local || !global || !ss || !items || !edges) abort();
    for (size_t s = 0; s < ix->nskills; s++) {
        local[s] = -1;
        if (ladder >= 0 && ix->ladder[s] != ladder) continue;
        const learn_sstate *st = &x->st[s];
        double p = learn_p_known(ix, x, (int)s);
        ss[m] = (policy_skill_state){p, st->present ? (double)(x->now - st->last_at) / 86400.0 : -1.0, NAN, NAN,
                                     st->attempts};
        /* only a graduated card asks for a review: the minute-long learning steps are the
         * session itself */
        if (st->present && st->card.state == FSRS_REVIEW) {
            double since = (double)(x->now - st->card.last_review) / 86400.0;
            ss[m].due_in_days = (double)(st->card.due - x->now) / 86400.0;
            ss[m].retrievability = fsrs_retrievability(&sched.params, since < 0 ? 0 : since, st->card.memory.stability);
        }
        global[m] = (int)s;
        local[s] = (int)m++;
    }
    for (size_t e = 0; e < ix->nedges; e++)
        if (local[ix->edges[e].from] >= 0 && local[ix->edges[e].to] >= 0)
            edges[ne++] = (policy_edge){local[ix->edges[e].from], local[ix->edges[e].to]};
    for (size_t i = 0; i < ix->nitems; i++) {
        int s = ix->items[i].skill;
        if (local[s] < 0) continue;
        double pb = bkt_predict(&bkt, ss[local[s]].p_known);
        double pe = elo_prob(x->elo, x->st[s].elo, ix->tpls[i]->difficulty);
        items[n++] = (policy_item){(int)i, local[s], 0.5 * pb + 0.5 * pe};
    }
    policy_assignment as[LEARN_MAX_ASSIGN];
    for (size_t i = 0; i < x->nassign; i++)
        if (local[x->assign[i].skill] >= 0) as[na++] = (policy_assignment){local[x->assign[i].skill], x->assign[i].due_in_days};
    policy_input in = {ss, m, edges, ne, items, n, x->recent, x->nrecent, as, na};
    policy_options opt = POLICY_OPTIONS_INIT;
    opt.mastery = LEARN_MASTERY;
    policy_choice ch;
    int rc = m ? policy_next(&ch, &in, &opt) : E_NOTFOUND;
    if (rc == 0) *out = (learn_pick){ch.item_id, global[ch.skill], ch.reason, ch.arg, ix->tpls[ch.item_id], NULL};
    free(local);
    free(global);
    free(ss);
    free(items);
    free(edges);
    return rc;
}

uint64_t learn_new_seed(void) { return 1 + randombytes_uniform(2000000000u); }

int learn_instantiate(content_item **out, arena *a, const content_template *t, uint64_t seed)
{
    template_error e;
    return template_instantiate(out, a, &e, t, seed);
}

/* ---- applying an answer ---- */

static int rating_of(int correct, int hints)
{
    return !correct ? FSRS_AGAIN : hints > 0 ? FSRS_HARD : FSRS_GOOD;
}

static int save_state(db_conn *c, int64_t learner, const char *skill, const learn_sstate *st)
{
    int n = db_exec(c,
                    "INSERT INTO learn_states (learner_id, skill_id, " STATE_COLS ") VALUES ($1, $2, $3, $4, $5, $6, "
                    "$7, $8, $9, $10, $11, $12, $13, $14, $15, $16) ON CONFLICT (learner_id, skill_id) DO UPDATE SET "
                    "p_known = excluded.p_known, attempts = excluded.attempts, correct = excluded.correct, "
                    "wrong_streak = excluded.wrong_streak, last_at = excluded.last_at, elo = excluded.elo, elo_n = "
                    "excluded.elo_n, card_state = excluded.card_state, card_step = excluded.card_step, stability = "
                    "excluded.stability, difficulty = excluded.difficulty, due_at = excluded.due_at, last_review = "
                    "excluded.last_review, scheduled_days = excluded.scheduled_days",
                    "isdiiiidiiiddiii", learner, skill, st->p_known, (int64_t)st->attempts, (int64_t)st->correct,
                    (int64_t)st->wrong_streak, st->last_at, st->elo, (int64_t)st->elo_n, (int64_t)st->card.state,
                    (int64_t)st->card.step, st->card.memory.stability, st->card.memory.difficulty, st->card.due,
                    st->card.last_review, (int64_t)st->card.scheduled_days);
    return n < 0 ? n : 0;
}

/* rung_mastered: every skill of skill s's rung on its ladder is mastered. */
static int rung_mastered(const learn_index *ix, const learn_ctx *x, int s)
{
    int l = ix->ladder[s], rung = ix->skills[s]->tarl_level;
    for (size_t k = 0; k < ix->nskills; k++)
        if (ix->ladder[k] == l && ix->skills[k]->tarl_level == rung && learn_p_known(ix, x, (int)k) < LEARN_MASTERY)
            return 0;
    return 1;
}

static void update_models(learn_sstate *st, learn_ctx *x, const content_template *t, int correct, int hints)
{
    if (!st->present) {
        *st = (learn_sstate){.present = 1, .p_known = bkt.init};
        st->card = (fsrs_card)FSRS_CARD_INIT;
    }
    bkt_update(&st->p_known, &bkt, correct);
    st->attempts++;
    st->correct += correct;
    st->wrong_streak = correct ? 0 : st->wrong_streak + 1;
    int64_t when = x->now < st->card.last_review ? st->card.last_review : x->now;
    fsrs_card next;
    /* the review card starts when the skill is first mastered: FSRS models remembering what was
     * learnt, not the acquisition itself */
    if ((st->card.state != FSRS_NEW || st->p_known >= LEARN_MASTERY) &&
        fsrs_schedule(&next, &sched, &st->card, rating_of(correct, hints), when, NULL) == 0)
        st->card = next;
    st->last_at = x->now;
    elo_rating lr = {x->elo, (unsigned)x->elo_n}, sr = {st->elo, (unsigned)st->elo_n}, ir = {t->difficulty, 0};
    elo_update(&lr, &sr, &ir, 1, &elo, correct);
    x->elo = lr.r;
    x->elo_n = (int)lr.n;
    st->elo = sr.r;
    st->elo_n = (int)sr.n;
}

static int reread_state(learn_sstate *st, db_conn *c, arena *a, int64_t learner, const char *skill)
{
    db_rows *r;
    int rc = db_query(&r, c, a, "SELECT " STATE_COLS " FROM learn_states WHERE learner_id = $1 AND skill_id = $2", "is",
                      learner, skill);
    if (rc == 0 && r->nrows) state_from_row(st, r, 0, 0);
    return rc;
}

static int write_answer(learn_answer_out *out, db_conn *c, arena *a, const learn_index *ix, learn_ctx *x,
                        const learn_answer_in *in, const content_template *t)
{
    const char *skill_id = t->skill ? t->skill->id : NULL;
    learn_sstate st = {0};
    int rc = skill_id ? reread_state(&st, c, a, x->learner_id, skill_id) : 0;
    out->p_before = st.present ? st.p_known : out->skill >= 0 ? learn_p_known(ix, x, out->skill) : 0;
    if (rc == 0 && skill_id && !st.present && out->skill >= 0 && out->p_before > bkt.init) {
        st = (learn_sstate){.present = 1, .p_known = out->p_before}; /* placed: start from the placement */
        st.card = (fsrs_card)FSRS_CARD_INIT;
    }
    if (rc == 0 && skill_id) update_models(&st, x, t, out->g.correct, in->hints_used);
    out->p_after = skill_id ? st.p_known : 0;
    db_rows *ins;
    if (rc == 0)
        rc = db_query(&ins, c, a,
                      "INSERT INTO learn_attempts (learner_id, client_id, item_id, template_id, skill_id, response, "
                      "correct, misconception, hints_used, duration_ms, p_before, p_after, created_at) VALUES ($1, $2, "
                      "$3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (learner_id, client_id) DO NOTHING "
                      "RETURNING id",
                      "isssssisiiddi", x->learner_id, in->client_id, in->item_id, t->id, skill_id, in->response,
                      (int64_t)out->g.correct, out->g.misconception, (int64_t)in->hints_used, in->duration_ms,
                      out->p_before, out->p_after, x->now);
    if (rc == 0 && ins->nrows == 0) {
        out->duplicate = 1;
        return 0;
    }
    if (rc == 0 && skill_id) rc = save_state(c, x->learner_id, skill_id, &st);
    if (rc == 0) {
        int n = db_exec(c,
                        "INSERT INTO learn_learners (learner_id, elo, elo_n, answers, last_at) VALUES ($1, $2, $3, 1, $4) "
                        "ON CONFLICT (learner_id) DO UPDATE SET elo = excluded.elo, elo_n = excluded.elo_n, answers = "
                        "learn_learners.answers + 1, last_at = excluded.last_at",
                        "idii", x->learner_id, x->elo, (int64_t)x->elo_n, x->now);
        rc = n < 0 ? n : 0;
    }
    if (rc == 0 && out->skill >= 0) {
        x->st[out->skill] = st;
        out->just_mastered = out->p_before < LEARN_MASTERY && st.p_known >= LEARN_MASTERY;
        out->show_solution = !out->g.correct && st.wrong_streak >= 2;
        int l = ix->ladder[out->skill], rung = ix->skills[out->skill]->tarl_level;
        if (out->just_mastered && l >= 0 && x->level[l] < rung && rung_mastered(ix, x, out->skill)) {
            int n = db_exec(c,
                            "INSERT INTO learn_levels (learner_id, ladder, level, source, set_by, set_at) VALUES ($1, "
                            "$2, $3, 'practice', $1, $4)",
                            "isii", x->learner_id, learn_ladder_name(l), (int64_t)rung, x->now);
            if (n < 0) rc = n;
            else x->level[l] = rung;
        }
    }
    return rc;
}

int learn_apply(learn_answer_out *out, db_conn *c, arena *a, const learn_index *ix, learn_ctx *x,
                const learn_answer_in *in)
{
    memset(out, 0, sizeof *out);
    char *tid;
    uint64_t seed;
    int rc = template_parse_item_id(&tid, &seed, a, in->item_id);
    if (rc) return E_INVALID;
    const content_template *t = content_store_template(tid);
    if (!t) return E_NOTFOUND;
    if ((rc = learn_instantiate(&out->item, a, t, seed))) return E_INVALID;
    grade_response(&out->g, out->item, in->response);
    out->skill = t->skill ? learn_skill_pos(ix, t->skill->id) : -1;
    if ((rc = db_begin(c))) return rc;
    rc = write_answer(out, c, a, ix, x, in, t);
    if (rc == 0 && !out->duplicate) rc = db_commit(c);
    else db_rollback(c);
    if (rc == 0 && out->duplicate && out->skill >= 0) {
        learn_sstate st = {0};
        if (reread_state(&st, c, a, x->learner_id, t->skill->id) == 0 && st.present) x->st[out->skill] = st;
        out->p_after = learn_p_known(ix, x, out->skill);
    }
    if (rc == 0) remember_shown(x, learn_tpl_pos(ix, t->id), t);
    return rc;
}

const char *learn_correct_response(arena *a, const content_item *it)
{
    switch (it->type) {
    case ITEM_CHOICE:
        for (size_t i = 0; i < it->nchoices; i++)
            if (it->choice_correct[i]) return arena_printf(a, "%zu", i);
        return "0";
    case ITEM_NUMERIC:
        if (it->answer.den == 1) return arena_printf(a, "%lld", (long long)it->answer.num);
        return arena_printf(a, "%lld/%lld", (long long)it->answer.num, (long long)it->answer.den);
    case ITEM_TEXT:
        return it->naccept ? learn_text(&it->accept[0], LANG_FR) : "";
    case ITEM_ORDER: {
        buf b = BUF_INIT(4096);
        for (size_t p = 0; p < it->nitems; p++)
            for (size_t i = 0; i < it->nitems; i++)
                if ((size_t)it->order_pos[i] == p) buf_printf(&b, "%s%zu", p ? "," : "", i);
        const char *s = arena_strdup(a, b.data ? b.data : "");
        buf_free(&b);
        return s;
    }
    case ITEM_MATCH: {
        buf b = BUF_INIT(4096);
        for (size_t l = 0; l < it->npairs; l++)
            for (size_t j = 0; j < it->npairs; j++)
                if ((size_t)it->right_pair[j] == l) buf_printf(&b, "%s%zu", l ? "," : "", j);
        const char *s = arena_strdup(a, b.data ? b.data : "");
        buf_free(&b);
        return s;
    }
    default:
        return "";
    }
}
