/*
 * bm25.h — an in-process inverted index over passages with two fields (stems, 4-grams),
 * BM25 scoring and rank fusion, kept current document by document.
 *
 * A document is a set of passages; bm25_put() adds a document or replaces all of its passages,
 * bm25_remove() removes it. Each passage carries an access level; a search passes the highest
 * level the caller may see and never returns a passage above it. Terms are the 64-bit hashes
 * that analyze.h produces (one array per field); the index stores no text.
 *
 * Scoring: each field is scored with BM25 (k1, b per field, chosen per search) on exact
 * statistics (N, document frequencies and average lengths are updated on every put/remove).
 * The two fields are fused either by reciprocal rank fusion (Σ w_f / (rrf_k + rank_f) over
 * each field's top `depth`) or by a weighted sum of the field scores (Σ w_f · bm25_f), as
 * the options say; docs/bot.md records which measured better and the defaults follow it.
 *
 * Storage: per term a postings list (passage slot, tf) in slot order; per slot a forward list
 * of its distinct terms, so a removal updates document frequencies exactly. Removed slots are
 * tombstones skipped by searches; when they outnumber the live ones the index compacts itself
 * inside bm25_put/bm25_remove (amortised O(1) per passage).
 *
 * Threads: no locks inside. bm25_search() and the other const functions only read the index
 * and use memory from the caller's arena, so any number may run at once; bm25_put(),
 * bm25_remove() need exclusive access. The caller (the bot module) holds a pthread rwlock:
 * read lock around searches, write lock around changes.
 */
#ifndef TEXT_BM25_H
#define TEXT_BM25_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

#define BM25_FIELDS 2
/* Caps checked on input (E_LIMIT): passages per document and terms per passage field. */
#define BM25_MAX_PASSAGES 100000
#define BM25_MAX_TERMS 1000000
/* Passage slots (live + removed awaiting compaction): postings pack a slot in 24 bits. */
#define BM25_MAX_SLOTS ((1u << 24) - 1)

typedef struct bm25_index bm25_index;

/* One passage to index: the term hashes of each field (repeats count as term frequency). */
typedef struct bm25_passage {
    const uint64_t *terms[BM25_FIELDS];
    size_t nterms[BM25_FIELDS];
    int access; /* returned only to searches with max_access >= access */
} bm25_passage;

/* A query: the analysed term hashes of each field (repeats weigh the term more). */
typedef struct bm25_query {
    const uint64_t *terms[BM25_FIELDS];
    size_t nterms[BM25_FIELDS];
} bm25_query;

enum { BM25_FUSE_RRF = 0, BM25_FUSE_WEIGHTED = 1 };

typedef struct bm25_search_opts {
    size_t k;                    /* results wanted */
    int max_access;              /* highest access level the caller may see */
    int fusion;                  /* BM25_FUSE_RRF or BM25_FUSE_WEIGHTED */
    double k1[BM25_FIELDS], b[BM25_FIELDS];
    double weight[BM25_FIELDS];  /* field weights in either fusion */
    double rrf_k;                /* RRF constant */
    size_t depth;                /* RRF: ranks taken from each field */
} bm25_search_opts;

/* Defaults measured on the QA sets (docs/bot.md). */
#define BM25_SEARCH_OPTS_INIT                                                                      \
    {10, 0, BM25_FUSE_WEIGHTED, {1.0, 1.0}, {0.85, 0.85}, {1.0, 0.4}, 60.0, 100}

typedef struct bm25_hit {
    int64_t doc;
    uint32_t passage; /* index of the passage within its document (order given to bm25_put) */
    double score;
} bm25_hit;

/* bm25_create: an empty index (free with bm25_free). */
int bm25_create(bm25_index **out);
void bm25_free(bm25_index *ix);

/*
 * bm25_put: makes `passages[0..n)` the passages of document `doc`, replacing any it had.
 * n == 0 is the same as removing the document. Returns 0, or E_LIMIT when n or a field's term
 * count passes the caps above (the index is then unchanged).
 */
int bm25_put(bm25_index *ix, int64_t doc, const bm25_passage *passages, size_t n);

/* bm25_remove: drops every passage of `doc`. Returns 0 or E_NOTFOUND. */
int bm25_remove(bm25_index *ix, int64_t doc);

/* bm25_size: live passages; bm25_docs: live documents. */
size_t bm25_size(const bm25_index *ix);
size_t bm25_docs(const bm25_index *ix);

/* bm25_idf: BM25 idf of a term in a field over live passages (0 for an unknown term). */
double bm25_idf(const bm25_index *ix, int fld, uint64_t term);

/*
 * bm25_search: the best min(o->k, matches) passages for q among those with access <=
 * o->max_access, best first (ties: earlier-added first), written to out[0..*nout).
 * `out` has room for o->k hits. Scratch memory comes from arena a (O(passages)).
 * Returns 0 (an empty result is not an error) or E_INVALID for o->k == 0.
 */
int bm25_search(bm25_hit *out, size_t *nout, const bm25_index *ix, arena *a, const bm25_query *q,
                const bm25_search_opts *o);

#endif
