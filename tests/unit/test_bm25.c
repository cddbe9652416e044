/*
 * test_bm25.c — the passage index: ranking, access levels, replace/remove, compaction,
 * pruned top-k equal to the exhaustive ranking, both fusions.
 */
#include "testing.h"

#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/rng.h"
#include "text/analyze.h"
#include "text/bm25.h"

static analyze_ctx *cx;

static int setup(void **state)
{
    (void)state;
    return analyze_create(&cx);
}

static int teardown(void **state)
{
    (void)state;
    analyze_free(cx);
    return 0;
}

static void put_text(bm25_index *ix, int64_t doc, const char *text, int access)
{
    analyze_result r;
    assert_int_equal(analyze_text(&r, cx, text, strlen(text), LANGDETECT_UNKNOWN, 0), 0);
    bm25_passage p = {{r.s[0].term, r.s[1].term}, {r.s[0].n, r.s[1].n}, access};
    assert_int_equal(bm25_put(ix, doc, &p, 1), 0);
}

static size_t search(bm25_hit *hits, const bm25_index *ix, const char *q, int max_access, int fusion, size_t k)
{
    analyze_result r;
    arena a = ARENA_INIT;
    assert_int_equal(analyze_text(&r, cx, q, strlen(q), LANGDETECT_UNKNOWN, 0), 0);
    bm25_query bq = {{r.s[0].term, r.s[1].term}, {r.s[0].n, r.s[1].n}};
    bm25_search_opts o = BM25_SEARCH_OPTS_INIT;
    o.k = k, o.max_access = max_access, o.fusion = fusion;
    size_t n = 99;
    assert_int_equal(bm25_search(hits, &n, ix, &a, &bq, &o), 0);
    arena_free(&a);
    return n;
}

static const char *docs[] = {
    "يعقد المجلس الأعلى للتربية دورته العادية في الرباط",
    "صادق المجلس على تقرير حول تقييم المدرسة المغربية",
    "Le conseil a publié un avis sur la réforme de l'école primaire",
    "The council published its annual report on teacher training",
};

static void finds_the_right_passage_in_each_language(void **state)
{
    (void)state;
    bm25_index *ix;
    bm25_create(&ix);
    for (int i = 0; i < 4; i++) put_text(ix, 100 + i, docs[i], 0);
    bm25_hit h[4];
    assert_true(search(h, ix, "تقييم المدارس", 0, BM25_FUSE_WEIGHTED, 4) >= 1);
    assert_int_equal(h[0].doc, 101);
    assert_true(search(h, ix, "réformes des écoles", 0, BM25_FUSE_WEIGHTED, 4) >= 1);
    assert_int_equal(h[0].doc, 102);
    assert_true(search(h, ix, "teachers trained", 0, BM25_FUSE_RRF, 4) >= 1);
    assert_int_equal(h[0].doc, 103);
    assert_int_equal(search(h, ix, "xyzzy", 0, BM25_FUSE_WEIGHTED, 4), 0);
    bm25_free(ix);
}

static void access_levels_are_never_exceeded(void **state)
{
    (void)state;
    bm25_index *ix;
    bm25_create(&ix);
    put_text(ix, 1, "rapport annuel du conseil", 0);
    put_text(ix, 2, "rapport annuel confidentiel du conseil", 2);
    put_text(ix, 3, "rapport interne", 1);
    bm25_hit h[3];
    size_t n = search(h, ix, "rapport annuel", 1, BM25_FUSE_WEIGHTED, 3);
    assert_int_equal(n, 2);
    for (size_t i = 0; i < n; i++) assert_int_not_equal(h[i].doc, 2);
    n = search(h, ix, "rapport annuel", 1, BM25_FUSE_RRF, 3);
    for (size_t i = 0; i < n; i++) assert_int_not_equal(h[i].doc, 2);
    assert_int_equal(search(h, ix, "rapport annuel", 2, BM25_FUSE_WEIGHTED, 3), 3);
    bm25_free(ix);
}

static void replace_and_remove_keep_statistics_exact(void **state)
{
    (void)state;
    bm25_index *ix;
    bm25_create(&ix);
    put_text(ix, 1, "budget of the council", 0);
    put_text(ix, 2, "budget and accounts", 0);
    uint64_t budget = analyze_hash(ANALYZE_STEMS, "budget", 6);
    double idf2 = bm25_idf(ix, 0, budget);
    put_text(ix, 2, "schools and pupils", 0); /* replaces document 2 */
    assert_int_equal(bm25_size(ix), 2);
    assert_true(bm25_idf(ix, 0, budget) > idf2); /* df went from 2 to 1 */
    bm25_hit h[2];
    assert_int_equal(search(h, ix, "budget", 0, BM25_FUSE_WEIGHTED, 2), 1);
    assert_int_equal(h[0].doc, 1);
    assert_int_equal(bm25_remove(ix, 1), 0);
    assert_int_equal(bm25_remove(ix, 1), E_NOTFOUND);
    assert_near(bm25_idf(ix, 0, budget), 0.0, 0.0);
    assert_int_equal(search(h, ix, "budget", 0, BM25_FUSE_WEIGHTED, 2), 0);
    assert_int_equal(bm25_docs(ix), 1);
    assert_int_equal(bm25_put(ix, 2, NULL, 0), 0); /* no passages = removal */
    assert_int_equal(bm25_size(ix), 0);
    bm25_free(ix);
}

/* A synthetic collection of term-hash passages, drawn from a skewed vocabulary. */
static void random_passage(uint64_t *t, size_t n, rng *r, size_t vocab)
{
    for (size_t i = 0; i < n; i++) {
        double u = rng_uniform(r);
        t[i] = 1 + (uint64_t)((double)vocab * u * u * u); /* many frequent, few rare terms */
    }
}

static void pruned_top_k_equals_exhaustive_and_survives_compaction(void **state)
{
    (void)state;
    bm25_index *ix;
    bm25_create(&ix);
    rng r;
    rng_seed(&r, 7);
    uint64_t a[60], b[120];
    for (int64_t d = 0; d < 600; d++) {
        random_passage(a, 60, &r, 2000);
        random_passage(b, 120, &r, 5000);
        bm25_passage p[2] = {{{a, b}, {60, 120}, (int)(d % 3)}, {{b, a}, {30, 60}, 0}};
        assert_int_equal(bm25_put(ix, d, p, 2), 0);
    }
    for (int64_t d = 0; d < 600; d += 3) assert_int_equal(bm25_remove(ix, d), 0);
    for (int64_t d = 1; d < 600; d += 3) assert_int_equal(bm25_remove(ix, d), 0); /* compacts */
    assert_int_equal(bm25_docs(ix), 200);
    assert_int_equal(bm25_size(ix), 400);
    arena ar = ARENA_INIT;
    bm25_hit all[400], few[5];
    for (int q = 0; q < 30; q++) {
        uint64_t qa[6], qb[12];
        random_passage(qa, 6, &r, 2000);
        random_passage(qb, 12, &r, 5000);
        bm25_query bq = {{qa, qb}, {6, 12}};
        bm25_search_opts o = BM25_SEARCH_OPTS_INIT;
        o.max_access = 2;
        o.k = 400;
        size_t na, nf;
        assert_int_equal(bm25_search(all, &na, ix, &ar, &bq, &o), 0);
        o.k = 5;
        assert_int_equal(bm25_search(few, &nf, ix, &ar, &bq, &o), 0);
        assert_int_equal(nf, na < 5 ? na : 5);
        for (size_t i = 0; i < nf; i++) {
            assert_int_equal(few[i].doc, all[i].doc);
            assert_int_equal(few[i].passage, all[i].passage);
            assert_near(few[i].score, all[i].score, 1e-5);
            assert_int_equal(few[i].doc % 3, 2); /* removed documents never come back */
        }
        for (size_t i = 1; i < na; i++) assert_true(all[i - 1].score >= all[i].score);
        arena_free(&ar);
    }
    bm25_free(ix);
}

static void limits_are_checked(void **state)
{
    (void)state;
    bm25_index *ix;
    bm25_create(&ix);
    uint64_t t = 1;
    bm25_passage p = {{&t, &t}, {BM25_MAX_TERMS + 1, 1}, 0};
    assert_int_equal(bm25_put(ix, 1, &p, 1), E_LIMIT);
    assert_int_equal(bm25_size(ix), 0);
    bm25_hit h[1];
    size_t n;
    arena a = ARENA_INIT;
    bm25_query q = {{&t, &t}, {1, 1}};
    bm25_search_opts o = BM25_SEARCH_OPTS_INIT;
    o.k = 0;
    assert_int_equal(bm25_search(h, &n, ix, &a, &q, &o), E_INVALID);
    arena_free(&a);
    bm25_free(ix);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(finds_the_right_passage_in_each_language),
        cmocka_unit_test(access_levels_are_never_exceeded),
        cmocka_unit_test(replace_and_remove_keep_statistics_exact),
        cmocka_unit_test(pruned_top_k_equals_exhaustive_and_survives_compaction),
        cmocka_unit_test(limits_are_checked),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
