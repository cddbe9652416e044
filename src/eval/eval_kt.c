/*
 * eval_kt.c — `madrasa eval kt --train F --test F --model bkt|lr|elo|irt
 *                               [--times position|seconds]`.
 *
 * Reads two long CSV logs (header `student,item,skill,correct,t`; rows in attempt order),
 * fits the chosen model on the training learners, then replays every test learner from an
 * empty state: each answer is predicted from that learner's earlier answers only, scored,
 * and then given to the model (online prediction). Test learners are new learners (their ids
 * are not matched against the training log; the split is by learner), so nothing about them
 * is known beforehand. Prints one JSON line
 *     {"model","auc","rmse","logloss","n_test","fit_seconds"}
 * where fit_seconds is the wall time of everything done with the training log after loading
 * it (feature building included).
 *
 * Column t is by default the attempt's position (`--times position`, the public logs, which
 * have no clock): it is not read, the row order is the attempt order. With `--times seconds`
 * t is the answer's Unix time in whole seconds (0 = unknown), and the lr model adds its
 * time-window features (a timed lr_model); the other models ignore it.
 *
 * Ids are strings interned into dense indices; items and skills first seen in the test log
 * get indices past the training ones, which the models treat as unknown.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/arena.h"
#include "base/args.h"
#include "base/csv.h"
#include "base/err.h"
#include "base/rng.h"
#include "engine/bkt.h"
#include "engine/elo.h"

#include "engine/irt.h"
#include "engine/lr.h"
#include "engine/metrics.h"
#include "eval/eval.h"

enum { MAX_ROWS = 50 * 1000 * 1000, MAX_IDS = 10 * 1000 * 1000 };

/* String -> dense index. */
typedef struct intern {
    char **keys; /* slot -> key (heap) or NULL */
    int *vals;
    size_t cap, n;
} intern;

static uint64_t fnv(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static int intern_id(intern *t, const char *s)
{
    if (2 * (t->n + 1) > t->cap) {
        intern old = *t;
        t->cap = old.cap ? old.cap * 2 : 1024;
        t->keys = xcalloc(t->cap, sizeof *t->keys);
        t->vals = xcalloc(t->cap, sizeof *t->vals);
        for (size_t i = 0; i < old.cap; i++)
            if (old.keys[i]) {
                size_t j = fnv(old.keys[i]) & (t->cap - 1);
                while (t->keys[j]) j = (j + 1) & (t->cap - 1);
                t->keys[j] = old.keys[i];
                t->vals[j] = old.vals[i];
            }
        free(old.keys);
        free(old.vals);
    }
    size_t j = fnv(s) & (t->cap - 1);
    while (t->keys[j]) {
        if (strcmp(t->keys[j], s) == 0) return t->vals[j];
        j = (j + 1) & (t->cap - 1);
    }
    t->keys[j] = xstrdup(s);
    t->vals[j] = (int)t->n++;
    return t->vals[j];
}

static void intern_free(intern *t)
{
    for (size_t i = 0; i < t->cap; i++) free(t->keys[i]);
    free(t->keys);
    free(t->vals);
}

typedef struct log_rows {
    int *student, *item, *skill;
    int64_t *t; /* Unix seconds (0 = unknown) when timed, else NULL */
    unsigned char *y;
    size_t n, cap;
    int timed; /* column t holds times (--times seconds) */
    int n_students; /* learners of this log, numbered 0..n_students-1 */
} log_rows;

/* Items and skills are shared by the two logs; students are not (a test learner is a new
 * learner even if the two files happen to use the same id, as synthetic5's do). */
typedef struct ids {
    intern item, skill;
} ids;

/* Append a row; its time t is kept only when the log is timed. */
static void rows_push(log_rows *r, int s, int i, int k, int y, int64_t t)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 4096;
        r->student = xrealloc(r->student, r->cap * sizeof(int));
        r->item = xrealloc(r->item, r->cap * sizeof(int));
        r->skill = xrealloc(r->skill, r->cap * sizeof(int));
        r->y = xrealloc(r->y, r->cap);
        if (r->timed) r->t = xrealloc(r->t, r->cap * sizeof(int64_t));
    }
    if (r->t) r->t[r->n] = t;
    r->student[r->n] = s;
    r->item[r->n] = i;
    r->skill[r->n] = k;
    r->y[r->n++] = (unsigned char)y;
}

static void rows_free(log_rows *r)
{
    free(r->student);
    free(r->item);
    free(r->skill);
    free(r->t);
    free(r->y);
}

enum { C_STUDENT, C_ITEM, C_SKILL, C_CORRECT, C_T, N_COLS };
static const char *const header[N_COLS] = {"student", "item", "skill", "correct", "t"};

/* A time field: whole Unix seconds >= 0 (0 = unknown); -1 when malformed. */
static int64_t parse_seconds(const char *s)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (end == s || *end != '\0' || errno != 0 || v < 0) return -1;
    return (int64_t)v;
}

/* Read a log into out (whose `timed` says whether column t is read, as seconds). Returns 0,
 * or 1 after printing `file:line: what`. */
static int load(log_rows *out, ids *id, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "madrasa eval kt: cannot open %s: %s\n", path, strerror(errno));
        return 1;
    }
    csv_reader r;
    csv_open_file(&r, f);
    intern students = {0};
    int col[N_COLS], rc = 1, ncols = out->timed ? N_COLS : C_T;
    int got = csv_next(&r);
    if (got != 1) {
        fprintf(stderr, "%s:1: missing header student,item,skill,correct,t\n", path);
        goto done;
    }
    for (int k = 0; k < ncols; k++)
        if ((col[k] = csv_col(&r, header[k])) < 0) {
            fprintf(stderr, "%s:1: header lacks the column \"%s\"\n", path, header[k]);
            goto done;
        }
    while ((got = csv_next(&r)) == 1) {
        for (int k = 0; k < ncols; k++)
            if (col[k] >= r.nfields) {
                fprintf(stderr, "%s:%ld: %d fields, column \"%s\" missing\n", path, r.line,
                        r.nfields, header[k]);
                goto done;
            }
        const char *c = r.field[col[C_CORRECT]];
        if (strcmp(c, "0") != 0 && strcmp(c, "1") != 0) {
            fprintf(stderr, "%s:%ld: correct must be 0 or 1, got \"%s\"\n", path, r.line, c);
            goto done;
        }
        int64_t t = out->timed ? parse_seconds(r.field[col[C_T]]) : 0;
        if (t < 0) {
            fprintf(stderr, "%s:%ld: t must be whole Unix seconds >= 0, got \"%s\"\n", path,
                    r.line, r.field[col[C_T]]);
            goto done;
        }
        if (out->n >= MAX_ROWS || id->item.n >= MAX_IDS || students.n >= MAX_IDS) {
            fprintf(stderr, "%s:%ld: more rows or ids than this command handles\n", path, r.line);
            goto done;
        }
        int s = intern_id(&students, r.field[col[C_STUDENT]]);
        rows_push(out, s, intern_id(&id->item, r.field[col[C_ITEM]]),
                  intern_id(&id->skill, r.field[col[C_SKILL]]), c[0] == '1', t);
    }
    if (got < 0) {
        fprintf(stderr, "%s:%ld: malformed CSV record (%s)\n", path, r.line, err_name(got));
        goto done;
    }
    if (out->n == 0) {
        fprintf(stderr, "%s: no rows\n", path);
        goto done;
    }
    out->n_students = (int)students.n;
    rc = 0;
done:
    intern_free(&students);
    csv_close(&r);
    fclose(f);
    return rc;
}

/* What a model's fit and replay see. */
typedef struct kt_data {
    const log_rows *train, *test;
    int n_items, n_skills;         /* ids seen in training */
    int n_items_all, n_skills_all; /* including those first seen in the test log */
    int timed;                     /* the logs carry times (log_rows.t) */
} kt_data;

/* A model: fit on train, then predict[i] for every test row i online. */
typedef int (*kt_run_fn)(double *pred, double *fit_seconds, const kt_data *d);

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* ---- BKT: one HMM per skill, fitted on (learner, skill) sequences. ---- */

static int by_skill_student(const void *a, const void *b, void *ctx)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    const log_rows *r = ctx;
    if (r->skill[i] != r->skill[j]) return r->skill[i] < r->skill[j] ? -1 : 1;
    if (r->student[i] != r->student[j]) return r->student[i] < r->student[j] ? -1 : 1;
    return (i > j) - (i < j);
}

static int run_bkt(double *pred, double *fit_seconds, const kt_data *d)
{
    const log_rows *tr = d->train;
    double t0 = now();
    size_t n = tr->n;
    size_t *order = xmalloc(n * sizeof *order);
    for (size_t i = 0; i < n; i++) order[i] = i;
    qsort_r(order, n, sizeof *order, by_skill_student, (void *)tr);
    unsigned char *obs = xmalloc(n);
    size_t *starts = xmalloc((n + 1) * sizeof *starts);
    size_t *skill_first_seq = xcalloc((size_t)d->n_skills + 1, sizeof(size_t));
    size_t n_seqs = 0;
    for (size_t k = 0; k < n; k++) {
        size_t i = order[k];
        obs[k] = tr->y[i];
        if (k == 0 || tr->skill[i] != tr->skill[order[k - 1]] ||
            tr->student[i] != tr->student[order[k - 1]])
            starts[n_seqs++] = k;
    }
    starts[n_seqs] = n;
    /* first sequence of each skill */
    for (size_t s = 0, k = 0; k <= (size_t)d->n_skills; k++) {
        while (s < n_seqs && tr->skill[order[starts[s]]] < (int)k) s++;
        skill_first_seq[k] = s;
    }
    bkt_params *params = xmalloc(((size_t)d->n_skills_all + 1) * sizeof *params);
    bkt_opts o = BKT_OPTS_INIT;
    rng r;
    rng_seed(&r, 20240901);
    bkt_params global;
    int rc = bkt_fit(&global, NULL, &o, obs, starts, n_seqs, &r);
    for (int k = 0; rc == 0 && k < d->n_skills; k++) {
        size_t a = skill_first_seq[k], b = skill_first_seq[k + 1];
        params[k] = global;
        if (b > a) rc = bkt_fit(&params[k], NULL, &o, obs, starts + a, b - a, &r);
    }
    for (int k = d->n_skills; k < d->n_skills_all; k++) params[k] = global;
    *fit_seconds = now() - t0;
    free(order);
    free(obs);
    free(starts);
    free(skill_first_seq);
    if (rc != 0) {
        free(params);
        return rc;
    }
    /* Replay: P(known) per (test learner, skill), dense. */
    const log_rows *te = d->test;
    size_t cells = (size_t)te->n_students * (size_t)d->n_skills_all;
    double *known = xmalloc(cells * sizeof *known);
    for (size_t c = 0; c < cells; c++) known[c] = params[c % (size_t)d->n_skills_all].init;
    for (size_t i = 0; i < te->n; i++) {
        int k = te->skill[i];
        double *pk = &known[(size_t)(te->student[i]) * (size_t)d->n_skills_all + (size_t)k];
        pred[i] = bkt_predict(&params[k], *pk);
        bkt_update(pk, &params[k], te->y[i]);
    }
    free(known);
    free(params);
    return 0;
}

/* ---- Logistic knowledge tracing ---- */

static void replay_lr(lr_rows *rows, double *pred, const lr_model *m, const log_rows *r)
{
    lr_history **h = xcalloc((size_t)r->n_students, sizeof *h);
    for (size_t i = 0; i < r->n; i++) {
        int s = r->student[i];
        int64_t t = r->t ? r->t[i] : 0;
        if (!h[s]) h[s] = lr_history_create();
        if (rows) lr_rows_add(rows, m, h[s], r->item[i], r->skill[i], r->y[i], t);
        else pred[i] = lr_predict(m, h[s], r->item[i], r->skill[i], t);
        lr_update(h[s], m, r->item[i], r->skill[i], r->y[i], rows != NULL, t);
    }
    for (int s = 0; s < r->n_students; s++) lr_history_free(h[s]);
    free(h);
}

static int run_lr(double *pred, double *fit_seconds, const kt_data *d)
{
    double t0 = now();
    lr_model m;
    int rc = lr_model_init(&m, d->n_items, d->n_skills, d->timed);
    if (rc != 0) return rc;
    const log_rows *tr = d->train;
    for (size_t i = 0; i < tr->n; i++) lr_count(&m, tr->item[i], tr->skill[i], tr->y[i]);
    lr_rows rows = LR_ROWS_INIT;
    replay_lr(&rows, NULL, &m, tr);
    lr_opts o = LR_OPTS_INIT;
    rc = lr_fit(&m, NULL, &rows, &o);
    lr_rows_free(&rows);
    *fit_seconds = now() - t0;
    if (rc == 0) replay_lr(NULL, pred, &m, d->test);
    lr_model_free(&m);
    return rc;
}

/* ---- Elo: learner, learner-by-skill and item ratings ---- */

/* Replays a log; items move only when !items_fixed. Learner ratings start fresh. */
static void replay_elo(double *pred, elo_rating *item, int items_fixed, const elo_opts *o,
                       const log_rows *r, int n_skills)
{
    elo_rating *learner = xcalloc((size_t)r->n_students, sizeof *learner);
    elo_rating *skill = xcalloc((size_t)r->n_students * (size_t)n_skills, sizeof *skill);
    for (size_t i = 0; i < r->n; i++) {
        size_t s = (size_t)(r->student[i]);
        elo_rating *ls = &skill[s * (size_t)n_skills + (size_t)r->skill[i]];
        elo_rating *it = &item[r->item[i]];
        if (pred) pred[i] = elo_prob(learner[s].r, ls->r, it->r);
        elo_update(&learner[s], ls, it, items_fixed, o, r->y[i]);
    }
    free(learner);
    free(skill);
}

static int run_elo(double *pred, double *fit_seconds, const kt_data *d)
{
    double t0 = now();
    elo_opts o = ELO_OPTS_INIT;
    elo_rating *item = xcalloc((size_t)d->n_items_all, sizeof *item);
    replay_elo(NULL, item, 0, &o, d->train, d->n_skills_all);
    *fit_seconds = now() - t0;
    replay_elo(pred, item, 1, &o, d->test, d->n_skills_all);
    free(item);
    return 0;
}

/* ---- IRT: Rasch items calibrated by MML-EM, each test learner's ability by EAP ---- */

static int run_irt(double *pred, double *fit_seconds, const kt_data *d)
{
    double t0 = now();
    const log_rows *tr = d->train;
    irt_resp *resp = xmalloc(tr->n * sizeof *resp);
    for (size_t i = 0; i < tr->n; i++)
        resp[i] = (irt_resp){tr->item[i], tr->student[i], tr->y[i]};
    irt_opts o = IRT_OPTS_INIT;
    o.model = IRT_1PL;
    o.tol = 1e-3;
    o.max_iter = 20;
    o.n_quad = 21;
    size_t ni = (size_t)d->n_items_all;
    double *a = xmalloc(3 * ni * sizeof *a), *b = a + ni, *c = b + ni;
    int rc = irt_fit(a, b, c, NULL, &o, resp, tr->n, d->n_items, tr->n_students);
    free(resp);
    *fit_seconds = now() - t0;
    if (rc != 0) {
        free(a);
        return rc;
    }
    for (size_t i = (size_t)d->n_items; i < ni; i++) { /* unseen items: average difficulty */
        a[i] = a[0];
        b[i] = 0;
        c[i] = 0;
    }
    /* Online EAP: each test learner's log-posterior over the quadrature nodes. */
    const log_rows *te = d->test;
    int nq = o.n_quad;
    double *q = xmalloc(2 * (size_t)nq * sizeof *q), *w = q + nq;
    irt_quadrature(q, w, nq, o.quad_bound);
    double *lp = xmalloc((size_t)te->n_students * (size_t)nq * sizeof *lp);
    for (size_t k = 0; k < (size_t)te->n_students * (size_t)nq; k++) lp[k] = log(w[k % (size_t)nq]);
    for (size_t i = 0; i < te->n; i++) {
        double *l = lp + (size_t)(te->student[i]) * (size_t)nq;
        int it = te->item[i];
        pred[i] = irt_predict(l, q, nq, a[it], b[it], c[it]);
        irt_posterior_update(l, q, nq, a[it], b[it], c[it], te->y[i]);
    }
    free(lp);
    free(q);
    free(a);
    return 0;
}

static const struct {
    const char *name;
    kt_run_fn run;
} models[] = {
    {"bkt", run_bkt},
    {"lr", run_lr},
    {"elo", run_elo},
    {"irt", run_irt},
};

int eval_kt_cmd(int argc, char **argv)
{
    static const char *const allowed[] = {"--train=", "--test=", "--model=", "--times=", NULL};
    if (args_check(argc, argv, allowed) != 0) return 2;
    const char *train = args_value(argc, argv, "--train");
    const char *test = args_value(argc, argv, "--test");
    const char *model = args_value(argc, argv, "--model");
    const char *times = args_value(argc, argv, "--times");
    int which = -1;
    for (size_t k = 0; model && k < sizeof models / sizeof models[0]; k++)
        if (strcmp(model, models[k].name) == 0) which = (int)k;
    int timed = times && strcmp(times, "seconds") == 0;
    if (!train || !test || which < 0 || (times && !timed && strcmp(times, "position") != 0)) {
        fprintf(stderr, "usage: madrasa eval kt --train F --test F --model bkt|lr|elo|irt "
                        "[--times position|seconds]\n");
        return 2;
    }
    ids id = {{0}, {0}};
    log_rows tr = {.timed = timed}, te = {.timed = timed};
    int rc = 1;
    if (load(&tr, &id, train) != 0) goto done;
    kt_data d = {&tr, &te, (int)id.item.n, (int)id.skill.n, 0, 0, timed};
    if (load(&te, &id, test) != 0) goto done;
    d.n_items_all = (int)id.item.n;
    d.n_skills_all = (int)id.skill.n;
    double *pred = xmalloc(te.n * sizeof *pred);
    double fit_seconds = 0;
    int err = models[which].run(pred, &fit_seconds, &d);
    if (err != 0) {
        fprintf(stderr, "madrasa eval kt: fitting %s failed (%s)\n", model, err_name(err));
        free(pred);
        goto done;
    }
    printf("{\"model\":\"%s\",\"auc\":%.6f,\"rmse\":%.6f,\"logloss\":%.6f,\"n_test\":%zu,"
           "\"fit_seconds\":%.3f}\n",
           models[which].name, metrics_auc(pred, te.y, te.n), metrics_rmse(pred, te.y, te.n),
           metrics_logloss(pred, te.y, te.n), te.n, fit_seconds);
    free(pred);
    rc = 0;
done:
    rows_free(&tr);
    rows_free(&te);
    intern_free(&id.item);
    intern_free(&id.skill);
    return rc;
}
