/*
 * bm25.c — the passage index (see bm25.h for the contract and the thread-safety rule).
 *
 * Layout. Passages live in "slots", numbered in insertion order, stored as parallel arrays
 * (document id, passage number, access level, field lengths, live flag, forward list) so that
 * scoring touches only the small arrays it needs. Each field has a dictionary from term hash to
 * term number (open addressing, linear probing) and per term a postings list of (slot, tf) in
 * increasing slot order. A document's passages occupy consecutive slots, so the document map
 * stores (first slot, count) in one 64-bit value.
 *
 * Invariants: df of a term = number of live slots whose forward list holds it; total_len of a
 * field = sum of live slots' lengths; nlive + ndead = nslots. Compaction renumbers live slots
 * in order, which keeps every postings list sorted and every document's slots consecutive.
 *
 * Search is term-at-a-time: a float accumulator per slot (from the caller's arena) and a list
 * of the touched slots, then a bounded min-heap for the top k.
 */
#include "text/bm25.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"

#define NONE UINT32_MAX

/* An entry is used when val != 0 (term maps store id + 1; the document map stores
 * first << 32 | count with count >= 1). Key and value share a cache line. */
typedef struct entry {
    uint64_t key, val;
} entry;

typedef struct map {
    entry *e;
    size_t cap, n;
} map;

/* A posting is one uint32: slot << 8 | tf, tf saturating at 255 (BM25 saturates long
 * before), so the index holds at most BM25_MAX_SLOTS passage slots. */
#define TF_BITS 8
#define TF_MAX 255u
#define P_SLOT(p) ((p) >> TF_BITS)
#define P_TF(p) ((p) & TF_MAX)

typedef struct term {
    uint32_t *post;
    uint32_t n, cap, df, last;
} term;

typedef struct field {
    map dict;
    term *terms;
    size_t nterms, cap;
    uint64_t total_len;
} field;

struct bm25_index {
    field f[BM25_FIELDS];
    int64_t *doc;
    uint32_t *pno, *len[BM25_FIELDS], *fwd_n[BM25_FIELDS];
    int32_t *access;
    uint8_t *alive;
    size_t *fwd_off;
    size_t nslots, capslots, nlive, ndead;
    uint32_t *fwd;
    size_t nfwd, capfwd;
    map docs;
};

/* ---- hash map u64 → u64 with backward-shift deletion ---- */

static size_t mix(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdull;
    k ^= k >> 33;
    return (size_t)k;
}

static size_t map_find(const map *m, uint64_t key)
{
    if (!m->cap) return SIZE_MAX;
    for (size_t i = mix(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->e[i].val) return SIZE_MAX;
        if (m->e[i].key == key) return i;
    }
}

static void map_grow(map *m);

/* map_put: the value cell for key; a new key's cell holds 0 and the caller must store a
 * nonzero value in it before the next map call. */
static uint64_t *map_put(map *m, uint64_t key, int *created)
{
    if ((m->n + 1) * 4 > m->cap * 3) map_grow(m);
    size_t i = mix(key) & (m->cap - 1);
    while (m->e[i].val && m->e[i].key != key) i = (i + 1) & (m->cap - 1);
    *created = !m->e[i].val;
    if (*created) {
        m->e[i].key = key;
        m->n++;
    }
    return &m->e[i].val;
}

static void map_grow(map *m)
{
    map old = *m;
    m->cap = old.cap ? old.cap * 2 : 64;
    m->e = xcalloc(m->cap, sizeof *m->e);
    m->n = 0;
    for (size_t i = 0; i < old.cap; i++)
        if (old.e[i].val) {
            int c;
            *map_put(m, old.e[i].key, &c) = old.e[i].val;
        }
    free(old.e);
}

static void map_del(map *m, size_t i)
{
    size_t mask = m->cap - 1;
    m->e[i].val = 0;
    m->n--;
    for (size_t j = (i + 1) & mask; m->e[j].val; j = (j + 1) & mask) {
        size_t home = mix(m->e[j].key) & mask;
        /* move j back into the hole when its home is not in (i, j] (cyclically) */
        if (((j - home) & mask) >= ((j - i) & mask)) {
            m->e[i] = m->e[j];
            m->e[j].val = 0;
            i = j;
        }
    }
}

static void map_free(map *m) { free(m->e); }

/* ---- building ---- */

int bm25_create(bm25_index **out)
{
    *out = xcalloc(1, sizeof **out);
    return 0;
}

void bm25_free(bm25_index *ix)
{
    if (!ix) return;
    for (int f = 0; f < BM25_FIELDS; f++) {
        for (size_t t = 0; t < ix->f[f].nterms; t++) free(ix->f[f].terms[t].post);
        free(ix->f[f].terms);
        map_free(&ix->f[f].dict);
        free(ix->len[f]), free(ix->fwd_n[f]);
    }
    free(ix->doc), free(ix->pno), free(ix->access), free(ix->alive), free(ix->fwd_off), free(ix->fwd);
    map_free(&ix->docs);
    free(ix);
}

static void grow_slots(bm25_index *ix)
{
    size_t c = ix->capslots ? ix->capslots * 2 : 256;
    ix->doc = xrealloc(ix->doc, c * sizeof *ix->doc);
    ix->pno = xrealloc(ix->pno, c * sizeof *ix->pno);
    ix->access = xrealloc(ix->access, c * sizeof *ix->access);
    ix->alive = xrealloc(ix->alive, c);
    ix->fwd_off = xrealloc(ix->fwd_off, c * sizeof *ix->fwd_off);
    for (int f = 0; f < BM25_FIELDS; f++) {
        ix->len[f] = xrealloc(ix->len[f], c * sizeof *ix->len[f]);
        ix->fwd_n[f] = xrealloc(ix->fwd_n[f], c * sizeof *ix->fwd_n[f]);
    }
    ix->capslots = c;
}

static uint32_t term_id(field *fl, uint64_t h)
{
    int created;
    uint64_t *v = map_put(&fl->dict, h, &created);
    if (created) {
        if (fl->nterms == fl->cap) {
            fl->cap = fl->cap ? fl->cap * 2 : 1024;
            fl->terms = xrealloc(fl->terms, fl->cap * sizeof *fl->terms);
        }
        fl->terms[fl->nterms] = (term){NULL, 0, 0, 0, NONE};
        *v = ++fl->nterms;
    }
    return (uint32_t)(*v - 1);
}

static void add_posting(bm25_index *ix, int f, uint32_t s, uint32_t tid)
{
    term *t = &ix->f[f].terms[tid];
    if (t->last == s) {
        if (P_TF(t->post[t->n - 1]) < TF_MAX) t->post[t->n - 1]++;
        return;
    }
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 4;
        t->post = xrealloc(t->post, t->cap * sizeof *t->post);
    }
    t->post[t->n++] = s << TF_BITS | 1u;
    t->last = s;
    t->df++;
    if (ix->nfwd == ix->capfwd) {
        ix->capfwd = ix->capfwd ? ix->capfwd * 2 : 4096;
        ix->fwd = xrealloc(ix->fwd, ix->capfwd * sizeof *ix->fwd);
    }
    ix->fwd[ix->nfwd++] = tid;
    ix->fwd_n[f][s]++;
}

/* add_field: the postings of one field of slot s. Building is bound by cache misses on a
 * large dictionary and on scattered postings lists, so it is pipelined: term ids are resolved
 * with the dictionary buckets prefetched AHEAD terms early; then each term record is prefetched
 * AHEAD terms before its append and the end of its postings list AHEAD / 2 terms before (by
 * then the record is in cache). */
static void add_field(bm25_index *ix, int f, uint32_t s, const uint64_t *terms, size_t n, uint32_t *tid)
{
    enum { AHEAD = 8 };
    field *fl = &ix->f[f];
    for (size_t i = 0; i < n; i++) {
        if (i + AHEAD < n && fl->dict.cap)
            __builtin_prefetch(&fl->dict.e[mix(terms[i + AHEAD]) & (fl->dict.cap - 1)]);
        tid[i] = term_id(fl, terms[i]);
    }
    for (size_t i = 0; i < n; i++) {
        if (i + AHEAD < n) __builtin_prefetch(&fl->terms[tid[i + AHEAD]]);
        if (i + AHEAD / 2 < n) {
            const term *t = &fl->terms[tid[i + AHEAD / 2]];
            if (t->post) __builtin_prefetch(t->post + t->n, 1);
        }
        add_posting(ix, f, s, tid[i]);
    }
}

static void add_slot(bm25_index *ix, int64_t doc, uint32_t pno, const bm25_passage *p, uint32_t *tid)
{
    if (ix->nslots == ix->capslots) grow_slots(ix);
    uint32_t s = (uint32_t)ix->nslots++;
    ix->doc[s] = doc, ix->pno[s] = pno, ix->access[s] = p->access, ix->alive[s] = 1;
    ix->fwd_off[s] = ix->nfwd;
    for (int f = 0; f < BM25_FIELDS; f++) {
        ix->fwd_n[f][s] = 0;
        ix->len[f][s] = (uint32_t)p->nterms[f];
        ix->f[f].total_len += p->nterms[f];
        add_field(ix, f, s, p->terms[f], p->nterms[f], tid);
    }
    ix->nlive++;
}

static void kill_slot(bm25_index *ix, uint32_t s)
{
    const uint32_t *fw = ix->fwd + ix->fwd_off[s];
    for (int f = 0; f < BM25_FIELDS; f++) {
        for (uint32_t i = 0; i < ix->fwd_n[f][s]; i++) ix->f[f].terms[*fw++].df--;
        ix->f[f].total_len -= ix->len[f][s];
    }
    ix->alive[s] = 0;
    ix->nlive--, ix->ndead++;
}

/* compact: drop dead slots, renumbering the live ones in order (see the invariants above). */
static void compact(bm25_index *ix)
{
    uint32_t *remap = xmalloc((ix->nslots ? ix->nslots : 1) * sizeof *remap);
    size_t j = 0, nf = 0;
    for (size_t s = 0; s < ix->nslots; s++) {
        if (!ix->alive[s]) {
            remap[s] = NONE;
            continue;
        }
        remap[s] = (uint32_t)j;
        size_t cnt = 0;
        for (int f = 0; f < BM25_FIELDS; f++) cnt += ix->fwd_n[f][s];
        memmove(ix->fwd + nf, ix->fwd + ix->fwd_off[s], cnt * sizeof *ix->fwd);
        ix->doc[j] = ix->doc[s], ix->pno[j] = ix->pno[s], ix->access[j] = ix->access[s];
        ix->alive[j] = 1, ix->fwd_off[j] = nf;
        for (int f = 0; f < BM25_FIELDS; f++) ix->len[f][j] = ix->len[f][s], ix->fwd_n[f][j] = ix->fwd_n[f][s];
        nf += cnt;
        j++;
    }
    for (int f = 0; f < BM25_FIELDS; f++)
        for (size_t t = 0; t < ix->f[f].nterms; t++) {
            term *tm = &ix->f[f].terms[t];
            uint32_t w = 0;
            for (uint32_t i = 0; i < tm->n; i++) {
                uint32_t to = remap[P_SLOT(tm->post[i])];
                if (to != NONE) tm->post[w++] = to << TF_BITS | P_TF(tm->post[i]);
            }
            tm->n = w;
            tm->last = NONE;
        }
    for (size_t i = 0; i < ix->docs.cap; i++)
        if (ix->docs.e[i].val) {
            uint64_t v = ix->docs.e[i].val;
            ix->docs.e[i].val = ((uint64_t)remap[v >> 32] << 32) | (v & 0xffffffffu);
        }
    ix->nslots = j, ix->nfwd = nf, ix->ndead = 0;
    free(remap);
}

static void drop_doc(bm25_index *ix, size_t at)
{
    uint64_t v = ix->docs.e[at].val;
    for (uint32_t s = (uint32_t)(v >> 32), e = s + (uint32_t)v; s < e; s++) kill_slot(ix, s);
    map_del(&ix->docs, at);
}

static void maybe_compact(bm25_index *ix)
{
    if (ix->ndead > 0 && ix->ndead >= ix->nlive && ix->ndead >= 64) compact(ix);
    else if (ix->ndead > 0 && ix->nlive == 0) compact(ix);
}

int bm25_put(bm25_index *ix, int64_t doc, const bm25_passage *passages, size_t n)
{
    if (n > BM25_MAX_PASSAGES || ix->nslots + n > BM25_MAX_SLOTS) return E_LIMIT;
    for (size_t i = 0; i < n; i++)
        for (int f = 0; f < BM25_FIELDS; f++)
            if (passages[i].nterms[f] > BM25_MAX_TERMS) return E_LIMIT;
    size_t at = map_find(&ix->docs, (uint64_t)doc);
    if (at != SIZE_MAX) drop_doc(ix, at);
    if (n > 0) {
        uint64_t first = ix->nslots;
        size_t most = 1;
        for (size_t i = 0; i < n; i++)
            for (int f = 0; f < BM25_FIELDS; f++) most = passages[i].nterms[f] > most ? passages[i].nterms[f] : most;
        uint32_t *tid = xmalloc(most * sizeof *tid);
        for (size_t i = 0; i < n; i++) add_slot(ix, doc, (uint32_t)i, &passages[i], tid);
        free(tid);
        int created;
        *map_put(&ix->docs, (uint64_t)doc, &created) = (first << 32) | n;
    }
    maybe_compact(ix);
    return 0;
}

int bm25_remove(bm25_index *ix, int64_t doc)
{
    size_t at = map_find(&ix->docs, (uint64_t)doc);
    if (at == SIZE_MAX) return E_NOTFOUND;
    drop_doc(ix, at);
    maybe_compact(ix);
    return 0;
}

size_t bm25_size(const bm25_index *ix) { return ix->nlive; }
size_t bm25_docs(const bm25_index *ix) { return ix->docs.n; }

static double idf_of(size_t n, uint32_t df)
{
    return log(1.0 + ((double)n - df + 0.5) / (df + 0.5));
}

double bm25_idf(const bm25_index *ix, int fld, uint64_t t)
{
    const field *fl = &ix->f[fld];
    size_t at = map_find(&fl->dict, t);
    if (at == SIZE_MAX) return 0.0;
    uint32_t df = fl->terms[fl->dict.e[at].val - 1].df;
    return df ? idf_of(ix->nlive, df) : 0.0;
}

/* ---- search ----
 *
 * Exact top-k, document at a time, with MaxScore pruning (Turtle & Flood 1995, in the form the
 * PISA engine uses). Query terms are sorted by their upper bound ub = weight · idf · (k1 + 1) (a
 * BM25 term score stays below it), ascending, with prefix sums of the bounds. Once the current
 * k-th score θ exceeds the bound sum of the first e terms, a passage holding only those
 * ("non-essential") terms cannot enter the top k: candidates are the union of the other
 * ("essential") terms' postings, summed term at a time over a window of 4096 slots (as
 * Lucene's MaxScoreBulkScorer does) and then finished in slot order: the non-essential terms
 * are looked up (galloping forward) only while their remaining bound can still lift the
 * candidate to θ. The result equals the exhaustive ranking: θ only grows, a tie
 * goes to the earlier slot (visited first, so a later tie never displaces it), and a relative
 * slack keeps rounding from pruning a tie. Memory: O(query terms + k + window) from the caller's
 * arena, nothing proportional to the index, so a search costs what its postings cost.
 */

typedef struct qterm {
    const uint32_t *post;
    uint32_t n, at;     /* postings and the cursor into them */
    double w, c0, c1;   /* contribution = w · tf / (tf + c0 + c1 · len); w is the bound */
    const uint32_t *len;
} qterm;

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static int cmp_qterm(const void *a, const void *b)
{
    double x = ((const qterm *)a)->w, y = ((const qterm *)b)->w;
    return (x > y) - (x < y);
}

/* add_terms: appends field f's distinct query terms (repeats → weight) to qt. */
static size_t add_terms(qterm *qt, size_t nqt, const bm25_index *ix, arena *a, int f, const uint64_t *terms,
                        size_t n, double k1, double b, double weight)
{
    const field *fl = &ix->f[f];
    if (n == 0 || ix->nlive == 0 || fl->total_len == 0 || weight <= 0) return nqt;
    uint64_t *q = arena_alloc_array(a, n, sizeof *q);
    memcpy(q, terms, n * sizeof *q);
    qsort(q, n, sizeof *q, cmp_u64);
    double avg = (double)fl->total_len / (double)ix->nlive;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && q[j] == q[i]) j++;
        size_t at = map_find(&fl->dict, q[i]);
        double qtf = (double)(j - i);
        i = j;
        if (at == SIZE_MAX) continue;
        const term *t = &fl->terms[fl->dict.e[at].val - 1];
        if (t->df == 0) continue;
        qt[nqt++] = (qterm){t->post, t->n, 0, weight * qtf * idf_of(ix->nlive, t->df) * (k1 + 1.0), k1 * (1.0 - b),
                            k1 * b / avg, ix->len[f]};
    }
    return nqt;
}

static inline double contrib(const qterm *q, uint32_t p)
{
    double tf = P_TF(p);
    return q->w * tf / (tf + q->c0 + q->c1 * q->len[P_SLOT(p)]);
}

/* seek: moves q's cursor to its first posting with slot >= s (galloping); returns that
 * posting's contribution when its slot is s, else 0. */
static double seek(qterm *q, uint32_t s)
{
    const uint32_t *p = q->post;
    size_t n = q->n, lo = q->at, step = 1, hi = lo;
    while (hi < n && P_SLOT(p[hi]) < s) lo = hi + 1, hi += step, step *= 2;
    if (hi > n) hi = n;
    while (lo < hi) { /* first posting >= s in [lo, hi) */
        size_t mid = lo + (hi - lo) / 2;
        if (P_SLOT(p[mid]) < s) lo = mid + 1;
        else hi = mid;
    }
    q->at = (uint32_t)lo;
    return lo < n && P_SLOT(p[lo]) == s ? contrib(q, p[lo]) : 0.0;
}

/* heap of hits, worst at the root; "worse" = lower score, then later slot */
static int worse(const bm25_hit *x, uint32_t xs, const bm25_hit *y, uint32_t ys)
{
    return x->score < y->score || (x->score == y->score && xs > ys);
}

typedef struct heap {
    bm25_hit *h;
    uint32_t *slot;
    size_t n, k;
} heap;

static void swap_at(heap *hp, size_t i, size_t j)
{
    bm25_hit th = hp->h[i];
    uint32_t ts = hp->slot[i];
    hp->h[i] = hp->h[j], hp->slot[i] = hp->slot[j];
    hp->h[j] = th, hp->slot[j] = ts;
}

static void sift_down(heap *hp, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < hp->n && worse(&hp->h[l], hp->slot[l], &hp->h[m], hp->slot[m])) m = l;
        if (r < hp->n && worse(&hp->h[r], hp->slot[r], &hp->h[m], hp->slot[m])) m = r;
        if (m == i) return;
        swap_at(hp, i, m);
        i = m;
    }
}

static void heap_offer(heap *hp, const bm25_index *ix, uint32_t s, double score)
{
    bm25_hit x = {ix->doc[s], ix->pno[s], score};
    if (hp->n < hp->k) {
        size_t i = hp->n++;
        hp->h[i] = x, hp->slot[i] = s;
        while (i > 0 && worse(&hp->h[i], hp->slot[i], &hp->h[(i - 1) / 2], hp->slot[(i - 1) / 2])) {
            swap_at(hp, i, (i - 1) / 2);
            i = (i - 1) / 2;
        }
    } else if (worse(&hp->h[0], hp->slot[0], &x, s)) {
        hp->h[0] = x, hp->slot[0] = s;
        sift_down(hp, 0);
    }
}

/* heap_sort: sorts the heap's hits best first in place; returns how many. */
static size_t heap_sort(heap *hp)
{
    size_t got = hp->n;
    while (hp->n > 1) { /* the worst moves to the end */
        swap_at(hp, 0, --hp->n);
        sift_down(hp, 0);
    }
    return got;
}

static int visible(const bm25_index *ix, uint32_t s, int max_access)
{
    return ix->alive[s] && ix->access[s] <= max_access;
}

/* first_slot: the smallest cursor slot among qt[from..nq), NONE when all are exhausted. */
static uint32_t first_slot(const qterm *qt, size_t from, size_t nq)
{
    uint32_t m = NONE;
    for (size_t i = from; i < nq; i++)
        if (qt[i].at < qt[i].n && P_SLOT(qt[i].post[qt[i].at]) < m) m = P_SLOT(qt[i].post[qt[i].at]);
    return m;
}

/* A window of slots scored term at a time: accumulators and a bitmap of the touched slots. */
enum { WIN = 4096 };

typedef struct window {
    double acc[WIN];
    uint64_t bits[WIN / 64];
} window;

/* window_add: adds q's postings with slots in [base, base + WIN) to the window. */
static void window_add(window *w, qterm *q, uint32_t base)
{
    const uint32_t *p = q->post;
    uint32_t i = q->at, n = q->n, end = base + WIN;
    for (; i < n && P_SLOT(p[i]) < end; i++) {
        uint32_t o = P_SLOT(p[i]) - base;
        w->acc[o] += contrib(q, p[i]);
        w->bits[o / 64] |= 1ull << (o % 64);
    }
    q->at = i;
}

typedef struct topk {
    heap hp;
    double theta, slack; /* the k-th score once the heap is full, and its rounding slack */
    size_t e;            /* qt[0..e) are non-essential: their bound sum is below θ */
} topk;

/* candidate: finishes slot s (essential terms summed in score) with the non-essential terms
 * while it can still reach θ, and offers it; a full heap raises θ and may shrink the
 * essential set. */
static void candidate(topk *t, const bm25_index *ix, qterm *qt, const double *pre, size_t nq, uint32_t s,
                      double score)
{
    size_t i = t->e, k = t->hp.k;
    while (i > 0 && (t->hp.n < k || score + pre[i] + t->slack >= t->theta)) score += seek(&qt[--i], s);
    if (i > 0 || (t->hp.n == k && score + t->slack < t->theta)) return;
    heap_offer(&t->hp, ix, s, score);
    if (t->hp.n < k) return;
    t->theta = t->hp.h[0].score, t->slack = t->theta * 1e-9;
    while (t->e < nq && pre[t->e + 1] + t->slack < t->theta) t->e++;
}

/* exact_top: the k best visible slots for the query terms qt, best first, into out/outslot;
 * returns how many (see the section comment). The essential terms are summed a window of
 * slots at a time (sequential reads of their postings, no per-candidate loop over terms);
 * the window's touched slots are then finished in slot order. */
static size_t exact_top(bm25_hit *out, uint32_t *outslot, const bm25_index *ix, arena *a, qterm *qt, size_t nq,
                        size_t k, int max_access)
{
    qsort(qt, nq, sizeof *qt, cmp_qterm);
    double *pre = arena_alloc_array(a, nq + 1, sizeof *pre); /* pre[i]: bound of qt[0..i) */
    for (size_t i = 0; i < nq; i++) pre[i + 1] = pre[i] + qt[i].w;
    window *w = arena_alloc(a, sizeof *w);
    topk t = {{out, outslot, 0, k}, 0, 0, 0};
    for (uint32_t base = first_slot(qt, 0, nq); base != NONE && t.e < nq; base = first_slot(qt, t.e, nq)) {
        for (size_t i = t.e; i < nq; i++) window_add(w, &qt[i], base);
        for (size_t b = 0; b < WIN / 64; b++)
            for (uint64_t m = w->bits[b]; m; m &= m - 1) {
                uint32_t o = (uint32_t)(b * 64 + (size_t)__builtin_ctzll(m));
                double score = w->acc[o];
                w->acc[o] = 0;
                if (visible(ix, base + o, max_access)) candidate(&t, ix, qt, pre, nq, base + o, score);
            }
        memset(w->bits, 0, sizeof w->bits);
    }
    return heap_sort(&t.hp);
}

typedef struct fused {
    uint32_t slot;
    double score;
} fused;

static int cmp_fused(const void *a, const void *b)
{
    uint32_t x = ((const fused *)a)->slot, y = ((const fused *)b)->slot;
    return (x > y) - (x < y);
}

int bm25_search(bm25_hit *out, size_t *nout, const bm25_index *ix, arena *a, const bm25_query *q,
                const bm25_search_opts *o)
{
    *nout = 0;
    if (o->k == 0) return E_INVALID;
    size_t nterms = 0;
    for (int f = 0; f < BM25_FIELDS; f++) nterms += q->nterms[f];
    qterm *qt = arena_alloc_array(a, nterms ? nterms : 1, sizeof *qt);
    if (o->fusion == BM25_FUSE_WEIGHTED) {
        size_t nq = 0;
        for (int f = 0; f < BM25_FIELDS; f++)
            nq = add_terms(qt, nq, ix, a, f, q->terms[f], q->nterms[f], o->k1[f], o->b[f], o->weight[f]);
        uint32_t *slots = arena_alloc_array(a, o->k, sizeof *slots);
        *nout = exact_top(out, slots, ix, a, qt, nq, o->k, o->max_access);
        return 0;
    }
    /* RRF: each field's top `depth`, then Σ w_f / (rrf_k + rank) per slot */
    size_t depth = o->depth > o->k ? o->depth : o->k, nf = 0;
    bm25_hit *lists = arena_alloc_array(a, depth, sizeof *lists);
    uint32_t *slots = arena_alloc_array(a, depth, sizeof *slots);
    fused *m = arena_alloc_array(a, depth * BM25_FIELDS, sizeof *m);
    for (int f = 0; f < BM25_FIELDS; f++) {
        size_t nq = add_terms(qt, 0, ix, a, f, q->terms[f], q->nterms[f], o->k1[f], o->b[f], 1.0);
        size_t nl = exact_top(lists, slots, ix, a, qt, nq, depth, o->max_access);
        for (size_t r = 0; r < nl; r++) m[nf++] = (fused){slots[r], o->weight[f] / (o->rrf_k + (double)r + 1.0)};
    }
    qsort(m, nf, sizeof *m, cmp_fused);
    heap hp = {out, arena_alloc_array(a, o->k, sizeof(uint32_t)), 0, o->k};
    for (size_t i = 0; i < nf;) {
        size_t j = i;
        double s = 0;
        for (; j < nf && m[j].slot == m[i].slot; j++) s += m[j].score;
        heap_offer(&hp, ix, m[i].slot, s);
        i = j;
    }
    *nout = heap_sort(&hp);
    return 0;
}
