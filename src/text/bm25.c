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

typedef struct map {
    uint64_t *keys, *vals;
    uint8_t *used;
    size_t cap, n;
} map;

typedef struct term {
    uint32_t *slot;
    uint16_t *tf;
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
        if (!m->used[i]) return SIZE_MAX;
        if (m->keys[i] == key) return i;
    }
}

static void map_grow(map *m);

/* map_put: the value cell for key, inserting it with value 0 when new. */
static uint64_t *map_put(map *m, uint64_t key, int *created)
{
    if ((m->n + 1) * 4 > m->cap * 3) map_grow(m);
    size_t i = mix(key) & (m->cap - 1);
    while (m->used[i] && m->keys[i] != key) i = (i + 1) & (m->cap - 1);
    *created = !m->used[i];
    if (*created) {
        m->used[i] = 1, m->keys[i] = key, m->vals[i] = 0;
        m->n++;
    }
    return &m->vals[i];
}

static void map_grow(map *m)
{
    map old = *m;
    m->cap = old.cap ? old.cap * 2 : 64;
    m->keys = xcalloc(m->cap, sizeof *m->keys);
    m->vals = xcalloc(m->cap, sizeof *m->vals);
    m->used = xcalloc(m->cap, 1);
    m->n = 0;
    for (size_t i = 0; i < old.cap; i++)
        if (old.used[i]) {
            int c;
            *map_put(m, old.keys[i], &c) = old.vals[i];
        }
    free(old.keys), free(old.vals), free(old.used);
}

static void map_del(map *m, size_t i)
{
    size_t mask = m->cap - 1;
    m->used[i] = 0;
    m->n--;
    for (size_t j = (i + 1) & mask; m->used[j]; j = (j + 1) & mask) {
        size_t home = mix(m->keys[j]) & mask;
        /* move j back into the hole when its home is not in (i, j] (cyclically) */
        if (((j - home) & mask) >= ((j - i) & mask)) {
            m->keys[i] = m->keys[j], m->vals[i] = m->vals[j], m->used[i] = 1;
            m->used[j] = 0;
            i = j;
        }
    }
}

static void map_free(map *m) { free(m->keys), free(m->vals), free(m->used); }

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
        for (size_t t = 0; t < ix->f[f].nterms; t++) free(ix->f[f].terms[t].slot), free(ix->f[f].terms[t].tf);
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
        fl->terms[fl->nterms] = (term){NULL, NULL, 0, 0, 0, NONE};
        *v = fl->nterms++;
    }
    return (uint32_t)*v;
}

static void add_posting(bm25_index *ix, int f, uint32_t s, uint64_t h)
{
    field *fl = &ix->f[f];
    uint32_t tid = term_id(fl, h);
    term *t = &fl->terms[tid];
    if (t->last == s) {
        if (t->tf[t->n - 1] < UINT16_MAX) t->tf[t->n - 1]++;
        return;
    }
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 4;
        t->slot = xrealloc(t->slot, t->cap * sizeof *t->slot);
        t->tf = xrealloc(t->tf, t->cap * sizeof *t->tf);
    }
    t->slot[t->n] = s, t->tf[t->n] = 1, t->n++;
    t->last = s;
    t->df++;
    if (ix->nfwd == ix->capfwd) {
        ix->capfwd = ix->capfwd ? ix->capfwd * 2 : 4096;
        ix->fwd = xrealloc(ix->fwd, ix->capfwd * sizeof *ix->fwd);
    }
    ix->fwd[ix->nfwd++] = tid;
    ix->fwd_n[f][s]++;
}

static void add_slot(bm25_index *ix, int64_t doc, uint32_t pno, const bm25_passage *p)
{
    if (ix->nslots == ix->capslots) grow_slots(ix);
    uint32_t s = (uint32_t)ix->nslots++;
    ix->doc[s] = doc, ix->pno[s] = pno, ix->access[s] = p->access, ix->alive[s] = 1;
    ix->fwd_off[s] = ix->nfwd;
    for (int f = 0; f < BM25_FIELDS; f++) {
        ix->fwd_n[f][s] = 0;
        ix->len[f][s] = (uint32_t)p->nterms[f];
        ix->f[f].total_len += p->nterms[f];
        for (size_t i = 0; i < p->nterms[f]; i++) add_posting(ix, f, s, p->terms[f][i]);
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
            for (uint32_t i = 0; i < tm->n; i++)
                if (remap[tm->slot[i]] != NONE) tm->slot[w] = remap[tm->slot[i]], tm->tf[w++] = tm->tf[i];
            tm->n = w;
            tm->last = NONE;
        }
    for (size_t i = 0; i < ix->docs.cap; i++)
        if (ix->docs.used[i]) {
            uint64_t v = ix->docs.vals[i];
            ix->docs.vals[i] = ((uint64_t)remap[v >> 32] << 32) | (v & 0xffffffffu);
        }
    ix->nslots = j, ix->nfwd = nf, ix->ndead = 0;
    free(remap);
}

static void drop_doc(bm25_index *ix, size_t at)
{
    uint64_t v = ix->docs.vals[at];
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
    if (n > BM25_MAX_PASSAGES || ix->nslots + n >= NONE) return E_LIMIT;
    for (size_t i = 0; i < n; i++)
        for (int f = 0; f < BM25_FIELDS; f++)
            if (passages[i].nterms[f] > BM25_MAX_TERMS) return E_LIMIT;
    size_t at = map_find(&ix->docs, (uint64_t)doc);
    if (at != SIZE_MAX) drop_doc(ix, at);
    if (n > 0) {
        uint64_t first = ix->nslots;
        for (size_t i = 0; i < n; i++) add_slot(ix, doc, (uint32_t)i, &passages[i]);
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
    uint32_t df = fl->terms[fl->dict.vals[at]].df;
    return df ? idf_of(ix->nlive, df) : 0.0;
}

/* ---- search ---- */

typedef struct scratch {
    float *acc;
    uint32_t *touched;
    size_t ntouched;
} scratch;

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* accumulate: adds weight · BM25 of field f for query terms into sc->acc. */
static void accumulate(scratch *sc, const bm25_index *ix, arena *a, int f, const uint64_t *qt,
                       size_t nq, double k1, double b, double weight)
{
    const field *fl = &ix->f[f];
    if (nq == 0 || ix->nlive == 0 || fl->total_len == 0) return;
    uint64_t *q = arena_alloc_array(a, nq, sizeof *q);
    memcpy(q, qt, nq * sizeof *q);
    qsort(q, nq, sizeof *q, cmp_u64);
    double avg = (double)fl->total_len / (double)ix->nlive;
    const uint32_t *len = ix->len[f];
    for (size_t i = 0; i < nq;) {
        size_t j = i;
        while (j < nq && q[j] == q[i]) j++;
        size_t at = map_find(&fl->dict, q[i]);
        double qtf = (double)(j - i);
        i = j;
        if (at == SIZE_MAX) continue;
        const term *t = &fl->terms[fl->dict.vals[at]];
        if (t->df == 0) continue;
        double w = weight * qtf * idf_of(ix->nlive, t->df) * (k1 + 1.0);
        double c0 = k1 * (1.0 - b), c1 = k1 * b / avg;
        for (uint32_t p = 0; p < t->n; p++) {
            uint32_t s = t->slot[p];
            double tf = t->tf[p];
            if (sc->acc[s] == 0.0f) sc->touched[sc->ntouched++] = s;
            sc->acc[s] += (float)(w * tf / (tf + c0 + c1 * len[s]));
        }
    }
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

static void sift_down(heap *hp, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < hp->n && worse(&hp->h[l], hp->slot[l], &hp->h[m], hp->slot[m])) m = l;
        if (r < hp->n && worse(&hp->h[r], hp->slot[r], &hp->h[m], hp->slot[m])) m = r;
        if (m == i) return;
        bm25_hit th = hp->h[i];
        uint32_t ts = hp->slot[i];
        hp->h[i] = hp->h[m], hp->slot[i] = hp->slot[m];
        hp->h[m] = th, hp->slot[m] = ts;
        i = m;
    }
}

static void heap_offer(heap *hp, const bm25_index *ix, uint32_t s, double score)
{
    bm25_hit x = {ix->doc[s], ix->pno[s], score};
    if (hp->n < hp->k) {
        size_t i = hp->n++;
        hp->h[i] = x, hp->slot[i] = s;
        while (i > 0) {
            size_t p = (i - 1) / 2;
            if (!worse(&hp->h[i], hp->slot[i], &hp->h[p], hp->slot[p])) break;
            bm25_hit th = hp->h[i];
            uint32_t ts = hp->slot[i];
            hp->h[i] = hp->h[p], hp->slot[i] = hp->slot[p];
            hp->h[p] = th, hp->slot[p] = ts;
            i = p;
        }
    } else if (worse(&hp->h[0], hp->slot[0], &x, s)) {
        hp->h[0] = x, hp->slot[0] = s;
        sift_down(hp, 0);
    }
}

/* top: the k best visible touched slots, best first, into out/outslot; returns how many. */
static size_t top(bm25_hit *out, uint32_t *outslot, const scratch *sc, const bm25_index *ix,
                  size_t k, int max_access)
{
    heap hp = {out, outslot, 0, k};
    for (size_t i = 0; i < sc->ntouched; i++) {
        uint32_t s = sc->touched[i];
        if (ix->alive[s] && ix->access[s] <= max_access) heap_offer(&hp, ix, s, sc->acc[s]);
    }
    size_t n = hp.n;
    while (hp.n > 1) { /* heap sort in place: worst moves to the end */
        size_t last = --hp.n;
        bm25_hit th = hp.h[0];
        uint32_t ts = hp.slot[0];
        hp.h[0] = hp.h[last], hp.slot[0] = hp.slot[last];
        hp.h[last] = th, hp.slot[last] = ts;
        sift_down(&hp, 0);
    }
    return n;
}

static void reset(scratch *sc)
{
    for (size_t i = 0; i < sc->ntouched; i++) sc->acc[sc->touched[i]] = 0.0f;
    sc->ntouched = 0;
}

int bm25_search(bm25_hit *out, size_t *nout, const bm25_index *ix, arena *a, const bm25_query *q,
                const bm25_search_opts *o)
{
    *nout = 0;
    if (o->k == 0) return E_INVALID;
    size_t ns = ix->nslots ? ix->nslots : 1;
    scratch sc = {arena_alloc_array(a, ns, sizeof(float)), arena_alloc_array(a, ns, sizeof(uint32_t)), 0};
    if (o->fusion == BM25_FUSE_WEIGHTED) {
        for (int f = 0; f < BM25_FIELDS; f++)
            accumulate(&sc, ix, a, f, q->terms[f], q->nterms[f], o->k1[f], o->b[f], o->weight[f]);
        uint32_t *slots = arena_alloc_array(a, o->k, sizeof *slots);
        *nout = top(out, slots, &sc, ix, o->k, o->max_access);
        return 0;
    }
    size_t depth = o->depth > o->k ? o->depth : o->k;
    bm25_hit *lists = arena_alloc_array(a, depth * BM25_FIELDS, sizeof *lists);
    uint32_t *slots = arena_alloc_array(a, depth * BM25_FIELDS, sizeof *slots);
    size_t nl[BM25_FIELDS];
    for (int f = 0; f < BM25_FIELDS; f++) {
        accumulate(&sc, ix, a, f, q->terms[f], q->nterms[f], o->k1[f], o->b[f], 1.0);
        nl[f] = top(lists + f * depth, slots + f * depth, &sc, ix, depth, o->max_access);
        reset(&sc);
    }
    for (int f = 0; f < BM25_FIELDS; f++)
        for (size_t r = 0; r < nl[f]; r++) {
            uint32_t s = slots[f * depth + r];
            if (sc.acc[s] == 0.0f) sc.touched[sc.ntouched++] = s;
            sc.acc[s] += (float)(o->weight[f] / (o->rrf_k + (double)r + 1.0));
        }
    uint32_t *fs = arena_alloc_array(a, o->k, sizeof *fs);
    *nout = top(out, fs, &sc, ix, o->k, o->max_access);
    return 0;
}
