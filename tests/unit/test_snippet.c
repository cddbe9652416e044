/*
 * test_snippet.c — sentence splitting (Arabic and Latin punctuation) and best sentence.
 */
#include "testing.h"

#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "text/snippet.h"

static void splits_on_arabic_and_latin_terminators(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    snippet_span *s;
    size_t n;
    const char *t = "تأسس المجلس سنة 2014. ما هي مهامه؟ يقدم الآراء؛ ويقيّم السياسات";
    assert_int_equal(snippet_sentences(&s, &n, &a, t, strlen(t)), 0);
    assert_int_equal(n, 4);
    assert_memory_equal(t + s[1].start, "ما هي مهامه؟", s[1].end - s[1].start);
    assert_int_equal(s[3].end, strlen(t));
    const char *f = "M. Dupont est né en 1950. Le taux est de 3.5 %!  Fin (vraiment).\nSuite";
    assert_int_equal(snippet_sentences(&s, &n, &a, f, strlen(f)), 0);
    assert_int_equal(n, 4);
    assert_memory_equal(f + s[0].start, "M. Dupont est né en 1950.", s[0].end - s[0].start);
    assert_memory_equal(f + s[1].start, "Le taux est de 3.5 %!", s[1].end - s[1].start);
    assert_memory_equal(f + s[2].start, "Fin (vraiment).", s[2].end - s[2].start);
    assert_int_equal(snippet_sentences(&s, &n, &a, "  \n ", 4), 0);
    assert_int_equal(n, 0);
    arena_free(&a);
}

static void best_sentence_is_the_one_with_the_heaviest_query_terms(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    analyze_ctx *cx;
    assert_int_equal(analyze_create(&cx), 0);
    const char *q = "Quand le conseil a-t-il adopté la réforme ?";
    analyze_result qr;
    assert_int_equal(analyze_text(&qr, cx, q, strlen(q), LANGDETECT_FR, 0), 0);
    uint64_t qt[2][64];
    double qw[2][64];
    snippet_query sq;
    for (int f = 0; f < ANALYZE_NSTREAMS; f++) {
        assert_true(qr.s[f].n <= 64);
        for (size_t i = 0; i < qr.s[f].n; i++) qt[f][i] = qr.s[f].term[i], qw[f][i] = f == 0 ? 1.0 : 0.1;
        sq.terms[f] = qt[f], sq.weight[f] = qw[f], sq.n[f] = qr.s[f].n;
    }
    const char *p = "Le conseil siège à Rabat. La réforme fut adoptée par le conseil en 2015. Elle vise l'équité.";
    analyze_result pr;
    assert_int_equal(analyze_text(&pr, cx, p, strlen(p), LANGDETECT_FR, 0), 0);
    snippet_span best;
    double score;
    assert_int_equal(snippet_best(&best, &score, &a, p, strlen(p), &pr, &sq), 0);
    assert_memory_equal(p + best.start, "La réforme fut adoptée par le conseil en 2015.", best.end - best.start);
    assert_true(score > 3.0);
    /* no matching term: the first sentence, score 0 */
    sq.n[0] = sq.n[1] = 0;
    assert_int_equal(snippet_best(&best, &score, &a, p, strlen(p), &pr, &sq), 0);
    assert_int_equal(best.start, 0);
    assert_near(score, 0.0, 0.0);
    assert_int_equal(snippet_best(&best, &score, &a, "", 0, &pr, &sq), E_NOTFOUND);
    analyze_free(cx);
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(splits_on_arabic_and_latin_terminators),
        cmocka_unit_test(best_sentence_is_the_one_with_the_heaviest_query_terms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
