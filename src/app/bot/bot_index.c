/*
 * bot_index.c — the process's Majlisbot index, kept in step with the database.
 *
 * State (one per process, built by bot_init): a BM25 index of every passage (document id,
 * passage ordinal), the FAQ questions as sorted term sets, the generation of the database it
 * reflects, the LLM endpoint and a rate limiter for signed-out askers.
 *
 * Locks: `lock` (rwlock) guards the index and the FAQ: searches take it for reading, changes
 * for writing and only for the swap or the put itself — passages are read from the database
 * and analysed before it is taken. `sync_mu` lets one thread at a time apply changes, so a
 * change is never applied twice in a race and `generation` only grows.
 *
 * Keeping current (docs/bot.md, "Several servers"): every writer bumps bot_meta.generation
 * and logs (generation, document) in bot_changes in its transaction. Before each question
 * bot_index_sync reads the one-row generation (an index lookup); when it moved, it reloads
 * the documents named by the changes since (a removed document is dropped), or rebuilds
 * everything when the changes are many or older ones were pruned.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/bot/bot_int.h"
#include "app/majlis/majlis.h"
#include "base/err.h"
#include "base/log.h"
#include "http/ratelimit.h"
#include "text/bm25_build.h"
#include "text/langdetect.h"

enum { FULL_REBUILD_AT = 500 };

typedef struct faq_entry {
    int64_t id;
    int access;
    char *question, *answer, *lang;
    uint64_t *terms[ANALYZE_NSTREAMS];
    size_t n[ANALYZE_NSTREAMS];
} faq_entry;

static struct {
    pthread_rwlock_t lock;
    pthread_mutex_t sync_mu;
    bm25_index *ix;
    faq_entry *faq;
    size_t nfaq;
    int64_t generation;
    int ready;
    char *llm_url;
    ratelimit *anon;
    db *d;
    int64_t majlis_checked;
} S = {.lock = PTHREAD_RWLOCK_INITIALIZER, .sync_mu = PTHREAD_MUTEX_INITIALIZER};

int bot_index_ready(void) { return S.ready; }
const char *bot_llm_url(void) { return S.llm_url; }

int bot_anon_allowed(const char *addr)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return S.anon ? ratelimit_take(S.anon, addr ? addr : "?", (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000) : 0;
}

int bot_bump_generation(db_conn *c, int64_t doc)
{
    arena a = ARENA_INIT;
    db_rows *r;
    int64_t now = db_now();
    int rc = db_query(&r, c, &a, "UPDATE bot_meta SET generation = generation + 1 WHERE id = 1 RETURNING generation", "");
    if (rc == 0 && r->nrows != 1) rc = E_FAIL;
    if (rc == 0)
        rc = db_exec(c, "INSERT INTO bot_changes (generation, document_id, at) VALUES ($1, $2, $3)", "iii", db_int(r, 0, 0),
                     doc, now);
    /* a server more than a week behind rebuilds from scratch anyway (see bot_index_sync) */
    if (rc >= 0) rc = db_exec(c, "DELETE FROM bot_changes WHERE at < $1", "i", now - 7 * 86400);
    arena_free(&a);
    return rc < 0 ? rc : 0;
}

/* ---- building ---- */

/* analysed: a passage's term arrays copied into the arena (analyze results are borrowed). */
static int analysed(bm25_passage *p, analyze_ctx *cx, arena *a, const char *text, langdetect_lang lang, int access)
{
    analyze_result r;
    int rc = analyze_text(&r, cx, text, strlen(text), lang, 0);
    if (rc) return rc;
    for (int f = 0; f < BM25_FIELDS; f++) {
        uint64_t *t = arena_alloc_array(a, r.s[f].n ? r.s[f].n : 1, sizeof *t);
        memcpy(t, r.s[f].term, r.s[f].n * sizeof *t);
        p->terms[f] = t, p->nterms[f] = r.s[f].n;
    }
    p->access = access;
    return 0;
}

/* put_doc: one document's rows (doc id, lang, access, text), in ordinal order, into the live
 * index: analysed first, then put under the write lock, so searches wait only for the put. */
static int put_doc(analyze_ctx *cx, const db_rows *r)
{
    arena a = ARENA_INIT;
    bm25_passage *ps = arena_alloc_array(&a, (size_t)r->nrows, sizeof *ps);
    langdetect_lang lang = langdetect_parse(db_text(r, 0, 1));
    int rc = 0;
    for (int k = 0; k < r->nrows && rc == 0; k++)
        rc = analysed(&ps[k], cx, &a, db_text(r, k, 3), lang, (int)db_int(r, k, 2));
    if (rc == 0) {
        pthread_rwlock_wrlock(&S.lock);
        rc = bm25_put(S.ix, db_int(r, 0, 0), ps, (size_t)r->nrows);
        pthread_rwlock_unlock(&S.lock);
    }
    arena_free(&a);
    return rc;
}

/* build_all: every row (doc id, lang, access, text), ordered by document then ordinal, into a
 * new index through the build pipeline (text/bm25_build.h: analysis on a second thread). */
static int build_all(bm25_index *ix, analyze_ctx *cx, const db_rows *r)
{
    bm25_build_item *items = xmalloc((r->nrows ? (size_t)r->nrows : 1) * sizeof *items);
    for (int i = 0; i < r->nrows; i++) {
        const char *text = db_text(r, i, 3);
        items[i] = (bm25_build_item){db_int(r, i, 0), text, strlen(text), langdetect_parse(db_text(r, i, 1)),
                                     (int)db_int(r, i, 2)};
    }
    int rc = bm25_build(ix, cx, items, (size_t)r->nrows, 0, 2, NULL);
    free(items);
    return rc;
}

static const char *const PASSAGE_ROWS =
    "SELECT d.id, d.lang, d.access, p.text FROM bot_passages p JOIN bot_documents d ON d.id = p.document_id ";

static void faq_free(faq_entry *f, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(f[i].question), free(f[i].answer), free(f[i].lang);
        for (int s = 0; s < ANALYZE_NSTREAMS; s++) free(f[i].terms[s]);
    }
    free(f);
}

static int load_faq(db_conn *c, analyze_ctx *cx)
{
    arena a = ARENA_INIT;
    db_rows *r;
    int rc = db_query(&r, c, &a, "SELECT id, lang, access, question, answer FROM bot_faq ORDER BY id", "");
    faq_entry *f = NULL;
    size_t n = 0;
    if (rc == 0) f = xcalloc((size_t)r->nrows + 1, sizeof *f);
    for (int i = 0; rc == 0 && i < r->nrows; i++) {
        analyze_result ar;
        const char *q = db_text(r, i, 3);
        if ((rc = analyze_text(&ar, cx, q, strlen(q), langdetect_parse(db_text(r, i, 1)), 0))) break;
        faq_entry *e = &f[n++];
        e->id = db_int(r, i, 0), e->access = (int)db_int(r, i, 2);
        e->lang = xstrdup(db_text(r, i, 1)), e->question = xstrdup(q), e->answer = xstrdup(db_text(r, i, 4));
        for (int s = 0; s < ANALYZE_NSTREAMS; s++) {
            size_t k;
            uint64_t *set = bot_term_set(&k, &a, ar.s[s].term, ar.s[s].n);
            e->terms[s] = xmalloc((k ? k : 1) * sizeof *set);
            memcpy(e->terms[s], set, k * sizeof *set);
            e->n[s] = k;
        }
    }
    if (rc == 0) {
        pthread_rwlock_wrlock(&S.lock);
        faq_entry *old = S.faq;
        size_t nold = S.nfaq;
        S.faq = f, S.nfaq = n;
        pthread_rwlock_unlock(&S.lock);
        faq_free(old, nold);
    } else {
        faq_free(f, n);
    }
    arena_free(&a);
    return rc;
}

/* rebuild: a new index from every passage, swapped in under the write lock. */
static int rebuild(db_conn *c, analyze_ctx *cx)
{
    arena a = ARENA_INIT;
    db_rows *r;
    bm25_index *ix;
    int rc = bm25_create(&ix);
    if (rc == 0) rc = db_query(&r, c, &a, arena_printf(&a, "%sORDER BY p.document_id, p.ordinal", PASSAGE_ROWS), "");
    if (rc == 0) rc = build_all(ix, cx, r);
    if (rc == 0) {
        pthread_rwlock_wrlock(&S.lock);
        bm25_index *old = S.ix;
        S.ix = ix;
        pthread_rwlock_unlock(&S.lock);
        bm25_free(old);
    } else {
        bm25_free(ix);
    }
    if (rc == 0) rc = load_faq(c, cx);
    arena_free(&a);
    return rc;
}

/* reload_doc: one document's passages as the database has them now (gone: removed). */
static int reload_doc(db_conn *c, analyze_ctx *cx, int64_t id)
{
    arena a = ARENA_INIT;
    db_rows *r;
    int rc = db_query(&r, c, &a, arena_printf(&a, "%sWHERE d.id = $1 ORDER BY p.ordinal", PASSAGE_ROWS), "i", id);
    if (rc == 0 && r->nrows) rc = put_doc(cx, r);
    else if (rc == 0) {
        pthread_rwlock_wrlock(&S.lock);
        bm25_remove(S.ix, id);
        pthread_rwlock_unlock(&S.lock);
    }
    arena_free(&a);
    return rc;
}

static void majlis_poll(db_conn *c)
{
    static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
    if (pthread_mutex_trylock(&mu) != 0) return; /* another thread is at it */
    time_t now = time(NULL);
    if (now - S.majlis_checked < BOT_MAJLIS_POLL) {
        pthread_mutex_unlock(&mu);
        return;
    }
    S.majlis_checked = now;
    arena a = ARENA_INIT;
    db_rows *r;
    majlis_published_doc *p;
    int n = 0;
    int rc = db_query(&r, c, &a, "SELECT majlis_since FROM bot_meta WHERE id = 1", "");
    if (rc == 0) rc = majlis_published_documents(&p, &n, c, &a, db_int(r, 0, 0), 100);
    for (int i = 0; rc == 0 && i < n; i++) {
        bot_doc_in d = BOT_DOC_IN_INIT;
        d.key = arena_printf(&a, "majlis:%lld", (long long)p[i].document_id);
        d.title = p[i].title;
        d.type = strcmp(p[i].kind, "opinion") == 0 ? "opinion" : "decision";
        d.source = arena_printf(&a, "#/majlis/documents/%lld", (long long)p[i].document_id);
        d.origin = "majlis", d.format = BOT_FMT_TXT, d.data = p[i].text, d.len = strlen(p[i].text);
        struct tm tm;
        time_t at = (time_t)p[i].published_at;
        gmtime_r(&at, &tm);
        d.date = arena_printf(&a, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
        rc = bot_publish_document(c, &d);
        if (rc) log_error("bot: published text %lld could not be ingested (%s)", (long long)p[i].id, err_name(rc));
        if (rc == E_INVALID) rc = 0; /* an empty text: skip it, do not block the ones after */
        if (rc == 0)
            db_exec(c, "UPDATE bot_meta SET majlis_since = $1 WHERE id = 1 AND majlis_since < $1", "i", p[i].published_at);
    }
    arena_free(&a);
    pthread_mutex_unlock(&mu);
}

int bot_index_sync(db_conn *c)
{
    if (!S.ready) return 0;
    majlis_poll(c);
    arena a = ARENA_INIT;
    db_rows *r, *m, *ch;
    int rc = db_query(&r, c, &a, "SELECT generation FROM bot_meta WHERE id = 1", "");
    if (rc) goto out;
    int64_t g = db_int(r, 0, 0);
    pthread_mutex_lock(&S.sync_mu);
    if (g <= S.generation) goto unlock;
    analyze_ctx *cx = analyzers_get();
    if (!cx) {
        rc = E_FAIL;
        goto unlock;
    }
    rc = db_query(&m, c, &a, "SELECT min(generation) FROM bot_changes", "");
    if (rc == 0)
        rc = db_query(&ch, c, &a,
                      "SELECT DISTINCT document_id FROM bot_changes WHERE generation > $1 AND generation <= $2", "ii",
                      S.generation, g);
    if (rc == 0) {
        int gap = db_isnull(m, 0, 0) || db_int(m, 0, 0) > S.generation + 1;
        if (gap || ch->nrows > FULL_REBUILD_AT) {
            rc = rebuild(c, cx);
        } else {
            for (int i = 0; rc == 0 && i < ch->nrows; i++)
                rc = db_int(ch, i, 0) == 0 ? load_faq(c, cx) : reload_doc(c, cx, db_int(ch, i, 0));
        }
    }
    if (rc == 0) S.generation = g;
    analyzers_put(cx);
unlock:
    pthread_mutex_unlock(&S.sync_mu);
out:
    if (rc) log_error("bot: index sync failed (%s)", err_name(rc));
    arena_free(&a);
    return rc;
}

int bot_init(db *d, const char *llm_url)
{
    S.d = d;
    if (bm25_create(&S.ix)) return E_FAIL;
    S.llm_url = llm_url && *llm_url ? xstrdup(llm_url) : NULL;
    S.anon = ratelimit_new(30, 30, 4096);
    db_conn *c = db_acquire(d);
    arena a = ARENA_INIT;
    db_rows *r;
    analyze_ctx *cx = analyzers_get();
    int rc = cx ? db_query(&r, c, &a, "SELECT generation FROM bot_meta WHERE id = 1", "") : E_FAIL;
    if (rc == 0) {
        S.generation = db_int(r, 0, 0); /* read first: a change made while building is applied again */
        rc = rebuild(c, cx);
    }
    analyzers_put(cx);
    if (rc == 0) {
        S.ready = 1;
        rc = bot_index_sync(c); /* ingests what E-majlis published */
    }
    db_release(c);
    arena_free(&a);
    if (rc == 0)
        log_info("bot: %zu passages of %zu documents, %zu FAQ pairs%s%s", bm25_size(S.ix), bm25_docs(S.ix), S.nfaq,
                 S.llm_url ? ", LLM at " : "", S.llm_url ? S.llm_url : "");
    else
        log_error("bot: the index could not be built (%s)", err_name(rc));
    return rc;
}

void bot_shutdown(void)
{
    S.ready = 0;
    bm25_free(S.ix);
    S.ix = NULL;
    faq_free(S.faq, S.nfaq);
    S.faq = NULL, S.nfaq = 0;
    free(S.llm_url);
    S.llm_url = NULL;
    ratelimit_free(S.anon);
    S.anon = NULL;
}

/* ---- queries ---- */

int bot_index_search(bot_found *out, arena *a, const bm25_query *q, int max_access)
{
    bm25_search_opts o = BM25_SEARCH_OPTS_INIT;
    o.k = BOT_TOPK;
    o.max_access = max_access;
    out->n = 0;
    pthread_rwlock_rdlock(&S.lock);
    int rc = S.ix ? bm25_search(out->hits, &out->n, S.ix, a, q, &o) : E_FAIL;
    double n = (double)bm25_size(S.ix);
    double unknown = log(1.0 + (n - 1.0 + 0.5) / 1.5);
    for (int f = 0; f < BM25_FIELDS; f++) {
        out->field_weight[f] = o.weight[f];
        out->w[f] = arena_alloc_array(a, q->nterms[f] + 1, sizeof(double));
        for (size_t i = 0; S.ix && i < q->nterms[f]; i++) {
            double idf = bm25_idf(S.ix, f, q->terms[f][i]);
            out->w[f][i] = o.weight[f] * (idf > 0 ? idf : unknown > 0 ? unknown : 1.0);
        }
    }
    pthread_rwlock_unlock(&S.lock);
    return rc;
}

static int cmp_u64(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return (a > b) - (a < b);
}

uint64_t *bot_term_set(size_t *n, arena *a, const uint64_t *terms, size_t len)
{
    uint64_t *s = arena_alloc_array(a, len ? len : 1, sizeof *s);
    if (len) memcpy(s, terms, len * sizeof *s);
    qsort(s, len, sizeof *s, cmp_u64);
    size_t k = 0;
    for (size_t i = 0; i < len; i++)
        if (k == 0 || s[k - 1] != s[i]) s[k++] = s[i];
    *n = k;
    return s;
}

double bot_faq_similarity(const uint64_t *const a[ANALYZE_NSTREAMS], const size_t na[ANALYZE_NSTREAMS],
                          const uint64_t *const b[ANALYZE_NSTREAMS], const size_t nb[ANALYZE_NSTREAMS])
{
    double sum = 0;
    for (int s = 0; s < ANALYZE_NSTREAMS; s++) {
        if (!na[s] || !nb[s]) continue;
        size_t i = 0, j = 0, common = 0;
        while (i < na[s] && j < nb[s]) {
            if (a[s][i] == b[s][j]) common++, i++, j++;
            else if (a[s][i] < b[s][j]) i++;
            else j++;
        }
        sum += (double)common / sqrt((double)na[s] * (double)nb[s]);
    }
    return sum / ANALYZE_NSTREAMS;
}

int bot_faq_match(bot_faq_hit *out, arena *a, const analyze_result *q, int max_access)
{
    const uint64_t *qs[ANALYZE_NSTREAMS];
    size_t nq[ANALYZE_NSTREAMS];
    for (int s = 0; s < ANALYZE_NSTREAMS; s++) qs[s] = bot_term_set(&nq[s], a, q->s[s].term, q->s[s].n);
    int rc = E_NOTFOUND;
    double best = BOT_FAQ_MIN;
    pthread_rwlock_rdlock(&S.lock);
    for (size_t i = 0; i < S.nfaq; i++) {
        const faq_entry *e = &S.faq[i];
        if (e->access > max_access) continue;
        double sim = bot_faq_similarity(qs, nq, (const uint64_t *const *)e->terms, e->n);
        if (sim >= best) {
            best = sim;
            *out = (bot_faq_hit){e->id, arena_strdup(a, e->question), arena_strdup(a, e->answer),
                                 arena_strdup(a, e->lang), sim};
            rc = 0;
        }
    }
    pthread_rwlock_unlock(&S.lock);
    return rc;
}
