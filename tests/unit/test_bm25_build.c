/*
 * test_bm25_build.c — the build pipeline: one thread and two give the same index (same hits,
 * same scores), documents longer than a batch stay whole, languages are detected or kept.
 */
#include "testing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/rng.h"
#include "text/analyze.h"
#include "text/bm25.h"
#include "text/bm25_build.h"

static const char *const words_fr[] = {"école", "élèves", "conseil", "rapport", "lecture", "calcul",
                                       "maître", "classe", "région", "province", "budget", "réforme"};
static const char *const words_ar[] = {"المدرسة", "التلاميذ", "المجلس", "التقرير", "القراءة", "الحساب",
                                       "المعلم", "القسم", "الجهة", "الإقليم", "الميزانية", "الإصلاح"};

enum { NDOCS = 120, LONG_DOC = 7, LONG_PASSAGES = 700 };

typedef struct corpus {
    bm25_build_item *items;
    char **text;
    size_t n;
} corpus;

/* Documents of 1-4 passages of random words (every third one Arabic, with its language left to
 * detect), and one document of LONG_PASSAGES passages, longer than a batch. */
static corpus make_corpus(void)
{
    rng r;
    rng_seed(&r, 42);
    corpus c = {calloc(NDOCS * 4 + LONG_PASSAGES, sizeof *c.items), calloc(NDOCS * 4 + LONG_PASSAGES, sizeof(char *)), 0};
    for (int d = 0; d < NDOCS; d++) {
        int np = d == LONG_DOC ? LONG_PASSAGES : 1 + (int)rng_below(&r, 4), arabic = d % 3 == 0;
        for (int p = 0; p < np; p++) {
            char *t = calloc(1, 2048);
            size_t len = 0;
            for (int w = 0; w < 12 + (int)rng_below(&r, 20); w++) {
                const char *word = (arabic ? words_ar : words_fr)[rng_below(&r, 12)];
                len += (size_t)snprintf(t + len, 2048 - len, "%s%s", w ? " " : "", word);
            }
            c.text[c.n] = t;
            c.items[c.n] = (bm25_build_item){1000 + d, t, len, arabic ? LANGDETECT_UNKNOWN : LANGDETECT_FR, d % 2};
            c.n++;
        }
    }
    return c;
}

static void free_corpus(corpus *c)
{
    for (size_t i = 0; i < c->n; i++) free(c->text[i]);
    free(c->text);
    free(c->items);
}

static void same_index_on_one_and_two_threads(void **state)
{
    (void)state;
    analyze_ctx *cx;
    assert_int_equal(analyze_create(&cx), 0);
    corpus c = make_corpus();
    bm25_index *one, *two;
    assert_int_equal(bm25_create(&one), 0);
    assert_int_equal(bm25_create(&two), 0);
    langdetect_lang *l1 = calloc(c.n, sizeof *l1), *l2 = calloc(c.n, sizeof *l2);
    assert_int_equal(bm25_build(one, cx, c.items, c.n, 0, 1, l1), 0);
    assert_int_equal(bm25_build(two, cx, c.items, c.n, 0, 2, l2), 0);
    assert_int_equal(bm25_docs(one), NDOCS);
    assert_int_equal(bm25_size(one), c.n);
    assert_int_equal(bm25_docs(two), NDOCS);
    assert_int_equal(bm25_size(two), c.n);
    for (size_t i = 0; i < c.n; i++) {
        assert_int_equal(l1[i], l2[i]);
        assert_int_equal(l1[i], (c.items[i].doc - 1000) % 3 == 0 ? LANGDETECT_AR : LANGDETECT_FR);
    }
    const char *queries[] = {"rapport du conseil sur la lecture", "ميزانية المجلس", "réforme école"};
    for (size_t q = 0; q < 3; q++) {
        analyze_result r;
        assert_int_equal(analyze_text(&r, cx, queries[q], strlen(queries[q]), LANGDETECT_UNKNOWN, 0), 0);
        bm25_query bq;
        for (int f = 0; f < BM25_FIELDS; f++) bq.terms[f] = r.s[f].term, bq.nterms[f] = r.s[f].n;
        bm25_search_opts o = BM25_SEARCH_OPTS_INIT;
        o.k = 20;
        o.max_access = 1;
        bm25_hit h1[20], h2[20];
        size_t n1 = 0, n2 = 0;
        arena a = ARENA_INIT;
        assert_int_equal(bm25_search(h1, &n1, one, &a, &bq, &o), 0);
        assert_int_equal(bm25_search(h2, &n2, two, &a, &bq, &o), 0);
        arena_free(&a);
        assert_true(n1 > 0);
        assert_int_equal(n1, n2);
        for (size_t i = 0; i < n1; i++) {
            assert_int_equal(h1[i].doc, h2[i].doc);
            assert_int_equal(h1[i].passage, h2[i].passage);
            assert_near(h1[i].score, h2[i].score, 0);
        }
    }
    /* the long document is one document: removing it drops all its passages */
    assert_int_equal(bm25_remove(two, 1000 + LONG_DOC), 0);
    assert_int_equal(bm25_size(two), c.n - LONG_PASSAGES);
    free(l1), free(l2);
    bm25_free(one), bm25_free(two);
    free_corpus(&c);
    analyze_free(cx);
}

static void empty_build_is_fine(void **state)
{
    (void)state;
    analyze_ctx *cx;
    assert_int_equal(analyze_create(&cx), 0);
    bm25_index *ix;
    assert_int_equal(bm25_create(&ix), 0);
    assert_int_equal(bm25_build(ix, cx, NULL, 0, 0, 2, NULL), 0);
    assert_int_equal(bm25_size(ix), 0);
    bm25_free(ix);
    analyze_free(cx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_index_on_one_and_two_threads),
        cmocka_unit_test(empty_build_is_fine),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
