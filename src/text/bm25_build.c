/*
 * bm25_build.c — the build pipeline (see bm25_build.h).
 *
 * A batch holds whole documents, at least BATCH passages unless the items run out (a long
 * document makes a long batch): per passage its language and term counts per field, and all
 * the term hashes in one growing array, passage by passage, field by field. Batches go round
 * a ring of NBATCH: the analyser fills batch i while the indexer empties batch i - 1; `full`
 * says whose turn it is. An analysis error travels in the batch to the indexer, which stops;
 * an indexing error sets `stop`, and the analyser stops at its next batch.
 */
#include "text/bm25_build.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"

enum { BATCH = 256, NBATCH = 4 };

typedef struct batch {
    size_t first, n;            /* items first..first+n */
    size_t (*nterm)[BM25_FIELDS]; /* terms per passage and field (cap entries) */
    size_t cap;
    uint64_t *terms;
    size_t len, tcap;
    int rc, full;
} batch;

typedef struct job {
    bm25_index *ix;
    analyze_ctx *cx;
    const bm25_build_item *items;
    size_t n;
    unsigned flags;
    langdetect_lang *detected;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    batch b[NBATCH];
    int stop;
} job;

/* batch_end: where the batch starting at `first` ends: BATCH passages, then to the end of the
 * document under way. */
static size_t batch_end(const job *j, size_t first)
{
    size_t end = first + BATCH < j->n ? first + BATCH : j->n;
    while (end < j->n && j->items[end].doc == j->items[end - 1].doc) end++;
    return end;
}

static int analyse_one(batch *b, const job *j, size_t i)
{
    const bm25_build_item *it = &j->items[i];
    langdetect_lang lang = it->lang != LANGDETECT_UNKNOWN ? it->lang
                                                          : langdetect_detect(it->text, it->len, LANGDETECT_UNKNOWN);
    if (j->detected) j->detected[i] = lang;
    analyze_result r;
    int rc = analyze_text(&r, j->cx, it->text, it->len, lang, j->flags);
    if (rc) return rc;
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : BATCH;
        b->nterm = xrealloc(b->nterm, b->cap * sizeof *b->nterm);
    }
    for (int f = 0; f < BM25_FIELDS; f++) {
        if (b->len + r.s[f].n > b->tcap) {
            b->tcap = (b->len + r.s[f].n) * 2;
            b->terms = xrealloc(b->terms, b->tcap * sizeof *b->terms);
        }
        memcpy(b->terms + b->len, r.s[f].term, r.s[f].n * sizeof *b->terms);
        b->len += r.s[f].n;
        b->nterm[b->n][f] = r.s[f].n;
    }
    b->n++;
    return 0;
}

static void batch_fill(batch *b, const job *j, size_t first, size_t end)
{
    b->first = first, b->n = 0, b->len = 0, b->rc = 0;
    for (size_t i = first; i < end && b->rc == 0; i++) b->rc = analyse_one(b, j, i);
}

/* put_batch: one bm25_put per document of the batch. */
static int put_batch(job *j, const batch *b)
{
    if (b->rc) return b->rc;
    enum { STACK = 64 };
    const uint64_t *t = b->terms;
    for (size_t i = 0; i < b->n;) {
        size_t k = i;
        while (k < b->n && j->items[b->first + k].doc == j->items[b->first + i].doc) k++;
        bm25_passage stack[STACK], *ps = k - i <= STACK ? stack : xmalloc((k - i) * sizeof *ps);
        for (size_t p = i; p < k; p++) {
            bm25_passage *bp = &ps[p - i];
            for (int f = 0; f < BM25_FIELDS; f++) bp->terms[f] = t, bp->nterms[f] = b->nterm[p][f], t += b->nterm[p][f];
            bp->access = j->items[b->first + p].access;
        }
        int rc = bm25_put(j->ix, j->items[b->first + i].doc, ps, k - i);
        if (ps != stack) free(ps);
        if (rc) return rc;
        i = k;
    }
    return 0;
}

static void *analyser(void *arg)
{
    job *j = arg;
    for (size_t first = 0, i = 0; first < j->n; i = (i + 1) % NBATCH) {
        batch *b = &j->b[i];
        pthread_mutex_lock(&j->mu);
        while (b->full && !j->stop) pthread_cond_wait(&j->cv, &j->mu);
        int stop = j->stop;
        pthread_mutex_unlock(&j->mu);
        if (stop) break;
        size_t end = batch_end(j, first);
        batch_fill(b, j, first, end);
        pthread_mutex_lock(&j->mu);
        b->full = 1;
        pthread_cond_broadcast(&j->cv);
        pthread_mutex_unlock(&j->mu);
        if (b->rc) break;
        first = end;
    }
    return NULL;
}

/* index_all: the indexer's side: batches in ring order until the items or the analysis end. */
static int index_all(job *j)
{
    int rc = 0;
    for (size_t first = 0, i = 0; first < j->n && rc == 0; i = (i + 1) % NBATCH) {
        batch *b = &j->b[i];
        pthread_mutex_lock(&j->mu);
        while (!b->full) pthread_cond_wait(&j->cv, &j->mu);
        pthread_mutex_unlock(&j->mu);
        rc = put_batch(j, b);
        first = b->first + b->n;
        pthread_mutex_lock(&j->mu);
        b->full = 0;
        j->stop = rc != 0;
        pthread_cond_broadcast(&j->cv);
        pthread_mutex_unlock(&j->mu);
    }
    return rc;
}

int bm25_build(bm25_index *ix, analyze_ctx *cx, const bm25_build_item *items, size_t n, unsigned flags,
               int threads, langdetect_lang *detected)
{
    job j = {.ix = ix, .cx = cx, .items = items, .n = n, .flags = flags, .detected = detected};
    int rc = 0;
    if (threads < 2) {
        for (size_t first = 0; first < n && rc == 0;) {
            size_t end = batch_end(&j, first);
            batch_fill(&j.b[0], &j, first, end);
            rc = put_batch(&j, &j.b[0]);
            first = end;
        }
    } else {
        pthread_mutex_init(&j.mu, NULL);
        pthread_cond_init(&j.cv, NULL);
        pthread_t th;
        if (pthread_create(&th, NULL, analyser, &j) != 0) rc = E_FAIL;
        else {
            rc = index_all(&j);
            pthread_join(th, NULL);
        }
        pthread_cond_destroy(&j.cv);
        pthread_mutex_destroy(&j.mu);
    }
    for (int i = 0; i < NBATCH; i++) free(j.b[i].terms), free(j.b[i].nterm);
    return rc;
}
