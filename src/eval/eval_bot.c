/*
 * eval_bot.c — `madrasa eval bot --squad FILE [--raw | --fts5] [--replicate N] [tuning]`.
 *
 * Majlisbot's retrieval measured on a SQuAD-format file (data → paragraphs → context, qas):
 * every distinct paragraph text is a passage (identical paragraphs, a few in ARCD, are one
 * passage), every question a query whose one relevant passage is its paragraph. Prints one
 * JSON line:
 *   {"set","mode","ndcg10","mrr","recall5","recall20","sentence_hit","p50_ms","p99_ms","cpu_p50_ms",
 *    "cpu_p99_ms","n","passages","build_s","build_mb_per_s","build_cpu_s","build_cpu_mb_per_s",
 *    the settings}
 * nDCG@10 = 1/log2(rank+1) when the passage is in the top 10 (one relevant passage); MRR is cut
 * at rank 20. sentence_hit: the best sentence of the top passage (snippet.h) contains one of
 * the gold answers. Latency is per query, analysis + search, one thread: wall clock (p50_ms,
 * p99_ms) and the thread's CPU time (cpu_*: what the query cost, unaffected by other jobs
 * waiting for the same cores). build_mb_per_s is passage text bytes / (language detection +
 * analysis + indexing) wall time; build_cpu_mb_per_s the same over the process's CPU time.
 * --threads 2 (the default) analyses passages on a second thread while this one indexes them
 * (the same index as --threads 1, built in the same order).
 *
 * Modes: analysed (default: src/text stems + 4-grams), --raw (surface words, one field, the
 * baseline), --fts5 (SQLite FTS5 unicode61 remove_diacritics 2, bm25(), in-memory, the peer;
 * queries are the question's words OR-ed).
 * --replicate N adds N-1 perturbed copies of every passage (each word replaced, with
 * probability 0.3, by a random word of a random passage; seeded by --seed) to measure latency
 * and build speed at scale: the copies compete with the originals, so quality figures of such
 * a run are not comparable to the plain run.
 */
#include <jansson.h>
#include <math.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/arena.h"
#include "base/args.h"
#include "base/err.h"
#include "base/rng.h"
#include "eval/eval.h"
#include "text/analyze.h"
#include "text/bm25.h"
#include "text/bm25_build.h"
#include "text/langdetect.h"
#include "text/snippet.h"

enum { TOPK = 20, MAX_REPLICATE = 10000 };

typedef struct question {
    const char *text;
    size_t passage;
    const char **answers;
    size_t nanswers;
} question;

typedef struct corpus {
    const char **text; /* passages (borrowed from the JSON or heap for copies) */
    size_t *len;
    langdetect_lang *lang;
    size_t n, cap, norig;
    question *q;
    size_t nq, capq;
    langdetect_lang main_lang;
    size_t bytes;
} corpus;

typedef struct settings {
    int mode; /* 0 analysed, 1 raw, 2 fts5 */
    bm25_search_opts so;
    long replicate;
    unsigned long long seed;
    int threads; /* build: 1, or 2 (analysis on a second thread) */
} settings;

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double now_s(void) { return clock_s(CLOCK_MONOTONIC); }
/* CPU time of this thread: what a query or the build cost, whatever else the machine runs. */
static double cpu_s(void) { return clock_s(CLOCK_THREAD_CPUTIME_ID); }
/* CPU time of the process: the build, whose analysis may run on a second thread. */
static double process_cpu_s(void) { return clock_s(CLOCK_PROCESS_CPUTIME_ID); }

static void add_passage(corpus *c, const char *text, size_t len)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 1024;
        c->text = xrealloc(c->text, c->cap * sizeof *c->text);
        c->len = xrealloc(c->len, c->cap * sizeof *c->len);
        c->lang = xrealloc(c->lang, c->cap * sizeof *c->lang);
    }
    c->text[c->n] = text, c->len[c->n] = len, c->lang[c->n] = LANGDETECT_UNKNOWN;
    c->n++;
    c->bytes += len;
}

/* passage_of: index of an identical earlier passage, or a new passage. */
static size_t passage_of(corpus *c, const char *text)
{
    size_t len = strlen(text);
    for (size_t i = 0; i < c->n; i++)
        if (c->len[i] == len && memcmp(c->text[i], text, len) == 0) return i;
    add_passage(c, text, len);
    return c->n - 1;
}

static int add_question(corpus *c, json_t *qa, size_t passage)
{
    const char *qtext = json_string_value(json_object_get(qa, "question"));
    json_t *ans = json_object_get(qa, "answers");
    if (!qtext || !json_is_array(ans)) return E_INVALID;
    if (c->nq == c->capq) {
        c->capq = c->capq ? c->capq * 2 : 1024;
        c->q = xrealloc(c->q, c->capq * sizeof *c->q);
    }
    question *q = &c->q[c->nq++];
    q->text = qtext, q->passage = passage, q->nanswers = 0;
    q->answers = xcalloc(json_array_size(ans) + 1, sizeof *q->answers);
    size_t i;
    json_t *a;
    json_array_foreach(ans, i, a) {
        const char *t = json_string_value(json_object_get(a, "text"));
        if (t && *t) q->answers[q->nanswers++] = t;
    }
    return 0;
}

static int load_squad(corpus *c, json_t *root)
{
    json_t *data = json_object_get(root, "data"), *art, *par, *qa;
    size_t i, j, k;
    if (!json_is_array(data)) return E_INVALID;
    json_array_foreach(data, i, art) {
        json_t *pars = json_object_get(art, "paragraphs");
        if (!json_is_array(pars)) return E_INVALID;
        json_array_foreach(pars, j, par) {
            const char *ctx = json_string_value(json_object_get(par, "context"));
            json_t *qas = json_object_get(par, "qas");
            if (!ctx || !json_is_array(qas)) return E_INVALID;
            size_t p = passage_of(c, ctx);
            json_array_foreach(qas, k, qa) if (add_question(c, qa, p) != 0) return E_INVALID;
        }
    }
    c->norig = c->n;
    return c->n && c->nq ? 0 : E_INVALID;
}

/* replicate: n-1 perturbed copies of every original passage (see the file comment). */
static void replicate(corpus *c, long n, unsigned long long seed)
{
    rng r;
    rng_seed(&r, seed);
    for (long copy = 1; copy < n; copy++)
        for (size_t p = 0; p < c->norig; p++) {
            const char *t = c->text[p];
            size_t len = c->len[p];
            char *out = xmalloc(len * 2 + 64);
            size_t o = 0;
            for (size_t i = 0; i < len;) {
                size_t e = i;
                while (e < len && t[e] != ' ') e++;
                const char *w = t + i;
                size_t wl = e - i;
                if (rng_uniform(&r) < 0.3) { /* a random word of a random original passage */
                    size_t q = (size_t)rng_below(&r, c->norig);
                    size_t at = (size_t)rng_below(&r, c->len[q]);
                    const char *s = c->text[q];
                    while (at > 0 && s[at - 1] != ' ') at--;
                    size_t we = at;
                    while (we < c->len[q] && s[we] != ' ') we++;
                    if (we - at <= wl + 32) w = s + at, wl = we - at;
                }
                memcpy(out + o, w, wl);
                o += wl;
                if (e < len) out[o++] = ' ';
                i = e + 1;
            }
            out[o] = '\0';
            add_passage(c, out, o);
        }
}

typedef struct results {
    double *lat_ms, *cpu_ms; /* per query: wall clock, thread CPU time */
    size_t *rank; /* 1-based, 0 = not in top 20 */
    size_t sentence_hits;
    double build_s, build_cpu_s;
} results;

static int answer_in(const question *q, const char *s, size_t n)
{
    for (size_t i = 0; i < q->nanswers; i++)
        if (memmem(s, n, q->answers[i], strlen(q->answers[i]))) return 1;
    return 0;
}

/* sentence_hit: does the best sentence of passage p for query analysis qa contain an answer? */
static int sentence_hit(analyze_ctx *cx, const bm25_index *ix, arena *a, const corpus *c,
                        size_t p, const analyze_result *qa, const settings *st, const question *q)
{
    snippet_query sq;
    for (int f = 0; f < ANALYZE_NSTREAMS; f++) {
        double *w = arena_alloc_array(a, qa->s[f].n ? qa->s[f].n : 1, sizeof *w);
        uint64_t *t = arena_alloc_array(a, qa->s[f].n ? qa->s[f].n : 1, sizeof *t);
        for (size_t i = 0; i < qa->s[f].n; i++) {
            t[i] = qa->s[f].term[i];
            w[i] = st->so.weight[f] * bm25_idf(ix, f, t[i]);
        }
        sq.terms[f] = t, sq.weight[f] = w, sq.n[f] = qa->s[f].n;
    }
    analyze_result pa;
    if (analyze_text(&pa, cx, c->text[p], c->len[p], c->lang[p], st->mode == 1 ? ANALYZE_RAW : 0) != 0) return 0;
    snippet_span span;
    double score;
    if (snippet_best(&span, &score, a, c->text[p], c->len[p], &pa, &sq) != 0) return 0;
    return answer_in(q, c->text[p] + span.start, span.end - span.start);
}

static void to_query(bm25_query *bq, const analyze_result *r)
{
    for (int f = 0; f < BM25_FIELDS; f++) bq->terms[f] = r->s[f].term, bq->nterms[f] = r->s[f].n;
}

/* build_index: every passage's language, analysis and bm25_put, one passage per document, on
 * one thread or two (text/bm25_build.h); sets the corpus's majority language. A function of
 * its own so that profiles separate the build from the queries. */
static int build_index(bm25_index *ix, analyze_ctx *cx, corpus *c, unsigned flags, int threads)
{
    bm25_build_item *items = xmalloc((c->n ? c->n : 1) * sizeof *items);
    for (size_t p = 0; p < c->n; p++)
        items[p] = (bm25_build_item){(int64_t)p, c->text[p], c->len[p], LANGDETECT_UNKNOWN, 0};
    int rc = bm25_build(ix, cx, items, c->n, flags, threads, c->lang);
    free(items);
    size_t votes[5] = {0};
    for (size_t p = 0; p < c->n; p++) votes[c->lang[p]]++;
    for (int l = 1; l < 5; l++)
        if (votes[l] > votes[c->main_lang]) c->main_lang = (langdetect_lang)l;
    return rc;
}

static int run_ours(results *res, corpus *c, const settings *st)
{
    analyze_ctx *cx = NULL;
    bm25_index *ix = NULL;
    arena a = ARENA_INIT;
    int rc = analyze_create(&cx);
    if (rc) goto done;
    bm25_create(&ix);
    unsigned flags = st->mode == 1 ? ANALYZE_RAW : 0;
    double t0 = now_s(), c0 = process_cpu_s();
    rc = build_index(ix, cx, c, flags, st->threads);
    res->build_s = now_s() - t0;
    res->build_cpu_s = process_cpu_s() - c0;
    if (rc) goto done;
    bm25_hit hits[TOPK];
    bm25_search_opts so = st->so;
    so.k = TOPK;
    for (size_t i = 0; i < c->nq; i++) {
        const question *q = &c->q[i];
        double q0 = now_s(), qc = cpu_s();
        analyze_result r;
        langdetect_lang lang = langdetect_detect(q->text, strlen(q->text), c->main_lang);
        if ((rc = analyze_text(&r, cx, q->text, strlen(q->text), lang, flags)) != 0) goto done;
        bm25_query bq;
        to_query(&bq, &r);
        size_t nh = 0;
        rc = bm25_search(hits, &nh, ix, &a, &bq, &so);
        res->lat_ms[i] = (now_s() - q0) * 1e3;
        res->cpu_ms[i] = (cpu_s() - qc) * 1e3;
        if (rc) goto done;
        res->rank[i] = 0;
        for (size_t h = 0; h < nh; h++)
            if ((size_t)hits[h].doc == q->passage) res->rank[i] = h + 1;
        if (nh > 0) {
            /* the passage's own analysis overwrites r: copy the query terms first */
            analyze_result qa = r;
            for (int f = 0; f < ANALYZE_NSTREAMS; f++) {
                uint64_t *t = arena_alloc_array(&a, r.s[f].n ? r.s[f].n : 1, sizeof *t);
                memcpy(t, r.s[f].term, r.s[f].n * sizeof *t);
                qa.s[f].term = t;
            }
            res->sentence_hits += (size_t)sentence_hit(cx, ix, &a, c, (size_t)hits[0].doc, &qa, st, q);
        }
        arena_free(&a);
    }
done:
    arena_free(&a);
    bm25_free(ix);
    analyze_free(cx);
    return rc;
}

/* fts5_query: the question's words, each quoted, OR-ed (FTS5 query syntax). */
static char *fts5_query(analyze_ctx *cx, const char *text)
{
    analyze_result r;
    size_t len = strlen(text);
    if (analyze_text(&r, cx, text, len, LANGDETECT_UNKNOWN, ANALYZE_RAW) != 0) return NULL;
    char *out = xmalloc(len * 2 + r.s[0].n * 6 + 8);
    size_t o = 0;
    for (size_t i = 0; i < r.s[0].n; i++) {
        if (o) memcpy(out + o, " OR ", 4), o += 4;
        out[o++] = '"';
        for (uint32_t b = r.s[0].start[i]; b < r.s[0].end[i]; b++) {
            if (text[b] == '"') out[o++] = '"';
            out[o++] = text[b];
        }
        out[o++] = '"';
    }
    out[o] = '\0';
    return out;
}

static int run_fts5(results *res, corpus *c)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *ins = NULL, *sel = NULL;
    analyze_ctx *cx = NULL;
    int rc = E_FAIL;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK) goto done;
    if (analyze_create(&cx) != 0) goto done;
    double t0 = now_s(), c0 = cpu_s();
    if (sqlite3_exec(db, "CREATE VIRTUAL TABLE p USING fts5(body, tokenize = 'unicode61 remove_diacritics 2');"
                         "BEGIN;", NULL, NULL, NULL) != SQLITE_OK)
        goto done;
    if (sqlite3_prepare_v2(db, "INSERT INTO p(rowid, body) VALUES (?1, ?2)", -1, &ins, NULL) != SQLITE_OK) goto done;
    for (size_t p = 0; p < c->n; p++) {
        sqlite3_bind_int64(ins, 1, (sqlite3_int64)p);
        sqlite3_bind_text(ins, 2, c->text[p], (int)c->len[p], SQLITE_STATIC);
        if (sqlite3_step(ins) != SQLITE_DONE) goto done;
        sqlite3_reset(ins);
    }
    if (sqlite3_exec(db, "COMMIT;", NULL, NULL, NULL) != SQLITE_OK) goto done;
    res->build_s = now_s() - t0;
    res->build_cpu_s = cpu_s() - c0;
    if (sqlite3_prepare_v2(db, "SELECT rowid FROM p WHERE p MATCH ?1 ORDER BY bm25(p) LIMIT 20", -1, &sel, NULL) != SQLITE_OK)
        goto done;
    for (size_t i = 0; i < c->nq; i++) {
        double q0 = now_s(), qc = cpu_s();
        char *m = fts5_query(cx, c->q[i].text);
        res->rank[i] = 0;
        if (m && *m) {
            sqlite3_bind_text(sel, 1, m, -1, SQLITE_TRANSIENT);
            for (size_t r = 1; sqlite3_step(sel) == SQLITE_ROW; r++)
                if ((size_t)sqlite3_column_int64(sel, 0) == c->q[i].passage) res->rank[i] = r;
            sqlite3_reset(sel);
        }
        free(m);
        res->lat_ms[i] = (now_s() - q0) * 1e3;
        res->cpu_ms[i] = (cpu_s() - qc) * 1e3;
    }
    rc = 0;
done:
    if (rc) fprintf(stderr, "eval bot: fts5: %s\n", db ? sqlite3_errmsg(db) : "cannot open");
    sqlite3_finalize(ins);
    sqlite3_finalize(sel);
    sqlite3_close(db);
    analyze_free(cx);
    return rc;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static const char *const mode_names[] = {"analysed", "raw", "fts5"};

static void report(const results *res, const corpus *c, const settings *st, const char *path)
{
    double ndcg = 0, mrr = 0, r5 = 0, r20 = 0;
    for (size_t i = 0; i < c->nq; i++) {
        size_t k = res->rank[i];
        if (k >= 1 && k <= 10) ndcg += 1.0 / log2((double)k + 1.0);
        if (k >= 1) mrr += 1.0 / (double)k, r20 += 1;
        if (k >= 1 && k <= 5) r5 += 1;
    }
    double n = (double)c->nq;
    qsort(res->lat_ms, c->nq, sizeof *res->lat_ms, cmp_double);
    qsort(res->cpu_ms, c->nq, sizeof *res->cpu_ms, cmp_double);
    size_t i50 = (c->nq - 1) / 2, i99 = (size_t)((double)(c->nq - 1) * 0.99);
    double p50 = res->lat_ms[i50], p99 = res->lat_ms[i99];
    const char *set = strrchr(path, '/');
    set = set ? set + 1 : path;
    printf("{\"set\":\"%s\",\"mode\":\"%s\",\"ndcg10\":%.4f,\"mrr\":%.4f,\"recall5\":%.4f,\"recall20\":%.4f,", set,
           mode_names[st->mode], ndcg / n, mrr / n, r5 / n, r20 / n);
    if (st->mode != 2) printf("\"sentence_hit\":%.4f,", (double)res->sentence_hits / n);
    printf("\"p50_ms\":%.4f,\"p99_ms\":%.4f,\"cpu_p50_ms\":%.4f,\"cpu_p99_ms\":%.4f,\"n\":%zu,\"passages\":%zu,"
           "\"lang\":\"%s\",\"build_s\":%.3f,\"build_mb_per_s\":%.2f,\"build_cpu_s\":%.3f,\"build_cpu_mb_per_s\":%.2f,"
           "\"replicate\":%ld,\"threads\":%d",
           p50, p99, res->cpu_ms[i50], res->cpu_ms[i99], c->nq, c->n, langdetect_code(c->main_lang), res->build_s,
           (double)c->bytes / 1e6 / (res->build_s > 0 ? res->build_s : 1e-9), res->build_cpu_s,
           (double)c->bytes / 1e6 / (res->build_cpu_s > 0 ? res->build_cpu_s : 1e-9), st->replicate,
           st->threads);
    if (st->mode == 0)
        printf(",\"fusion\":\"%s\",\"k1\":%g,\"b\":%g,\"w_stems\":%g,\"w_grams\":%g,\"rrf_k\":%g",
               st->so.fusion == BM25_FUSE_RRF ? "rrf" : "weighted", st->so.k1[0], st->so.b[0], st->so.weight[0],
               st->so.weight[1], st->so.rrf_k);
    printf("}\n");
}

/* number option: absent → keep *v; present → must parse within [lo, hi]. */
static int num_opt(double *v, int argc, char **argv, const char *name, double lo, double hi)
{
    const char *s = args_value(argc, argv, name);
    if (!s) return 0;
    char *end;
    double x = strtod(s, &end);
    if (end == s || *end || !(x >= lo && x <= hi)) {
        fprintf(stderr, "eval bot: %s wants a number in [%g, %g]\n", name, lo, hi);
        return E_INVALID;
    }
    *v = x;
    return 0;
}

static int parse_settings(settings *st, int argc, char **argv)
{
    bm25_search_opts def = BM25_SEARCH_OPTS_INIT;
    st->so = def;
    st->mode = args_flag(argc, argv, "--fts5") ? 2 : args_flag(argc, argv, "--raw") ? 1 : 0;
    double rep = 1, seed = 1, threads = 2, k1 = def.k1[0], b = def.b[0], w1 = def.weight[1], w0 = def.weight[0];
    const char *fusion = args_value(argc, argv, "--fusion");
    if (num_opt(&rep, argc, argv, "--replicate", 1, MAX_REPLICATE) || num_opt(&seed, argc, argv, "--seed", 0, 1e15) ||
        num_opt(&k1, argc, argv, "--k1", 0, 100) || num_opt(&b, argc, argv, "--b", 0, 1) ||
        num_opt(&w0, argc, argv, "--w-stems", 0, 100) || num_opt(&w1, argc, argv, "--w-grams", 0, 100) ||
        num_opt(&st->so.rrf_k, argc, argv, "--rrf-k", 0, 1e6) || num_opt(&threads, argc, argv, "--threads", 1, 2))
        return E_INVALID;
    if (fusion && strcmp(fusion, "rrf") != 0 && strcmp(fusion, "weighted") != 0) {
        fprintf(stderr, "eval bot: --fusion rrf|weighted\n");
        return E_INVALID;
    }
    if (fusion) st->so.fusion = strcmp(fusion, "rrf") == 0 ? BM25_FUSE_RRF : BM25_FUSE_WEIGHTED;
    st->replicate = (long)rep, st->seed = (unsigned long long)seed, st->threads = (int)threads;
    for (int f = 0; f < BM25_FIELDS; f++) st->so.k1[f] = k1, st->so.b[f] = b;
    st->so.weight[0] = w0, st->so.weight[1] = st->mode == 1 ? 0.0 : w1;
    return 0;
}

int eval_bot_cmd(int argc, char **argv)
{
    static const char *const allowed[] = {"--squad=", "--raw", "--fts5", "--replicate=", "--seed=", "--k1=", "--b=",
                                          "--w-stems=", "--w-grams=", "--fusion=", "--rrf-k=", "--threads=", NULL};
    if (args_check(argc, argv, allowed) != 0) return 2;
    const char *path = args_value(argc, argv, "--squad");
    settings st;
    if (!path || parse_settings(&st, argc, argv) != 0) {
        fprintf(stderr, "usage: madrasa eval bot --squad FILE [--raw|--fts5] [--replicate N] [--seed S]\n"
                        "       [--k1 X] [--b X] [--w-stems X] [--w-grams X] [--fusion rrf|weighted] [--rrf-k X]\n"
                        "       [--threads 1|2]\n");
        return 2;
    }
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr);
    if (!root) {
        fprintf(stderr, "eval bot: %s:%d: %s\n", path, jerr.line, jerr.text);
        return 1;
    }
    corpus c;
    memset(&c, 0, sizeof c);
    int rc = load_squad(&c, root);
    if (rc) {
        fprintf(stderr, "eval bot: %s: not a SQuAD file with passages and questions\n", path);
        goto done;
    }
    replicate(&c, st.replicate, st.seed);
    results res = {xcalloc(c.nq, sizeof(double)), xcalloc(c.nq, sizeof(double)), xcalloc(c.nq, sizeof(size_t)), 0, 0, 0};
    rc = st.mode == 2 ? run_fts5(&res, &c) : run_ours(&res, &c, &st);
    if (rc == 0) report(&res, &c, &st, path);
    else fprintf(stderr, "eval bot: failed (%s)\n", err_name(rc));
    free(res.lat_ms), free(res.cpu_ms), free(res.rank);
done:
    for (size_t i = c.norig; i < c.n; i++) free((char *)c.text[i]);
    for (size_t i = 0; i < c.nq; i++) free(c.q[i].answers);
    free(c.text), free(c.len), free(c.lang), free(c.q);
    json_decref(root);
    return rc ? 1 : 0;
}
