/*
 * test_analyze.c — tokenizer, analysers and the two term streams.
 */
#include "testing.h"

#include <string.h>

#include "text/analyze.h"

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

static int has(const analyze_stream *s, const char *text)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->text[i], text) == 0) return 1;
    return 0;
}

static void french_elision_stopwords_stems_and_accents(void **state)
{
    (void)state;
    analyze_result r;
    const char *t = "L'éducation des élèves dans les écoles";
    assert_int_equal(analyze_text(&r, cx, t, strlen(t), LANGDETECT_FR, ANALYZE_KEEP_TEXT), 0);
    const analyze_stream *st = &r.s[ANALYZE_STEMS];
    assert_int_equal(st->n, 3); /* des, dans, les are stopwords; l' is elided */
    assert_string_equal(st->text[0], "educ");
    assert_string_equal(st->text[1], "elev");
    assert_string_equal(st->text[2], "ecol");
    /* offsets point at the words in the original text, elided article included */
    assert_int_equal(st->start[0], 0);
    assert_memory_equal(t + st->start[1], "élèves", st->end[1] - st->start[1]);
    assert_true(has(&r.s[ANALYZE_GRAMS], "_edu"));
    assert_true(has(&r.s[ANALYZE_GRAMS], "ion_"));
    assert_int_equal(st->term[2], analyze_hash(ANALYZE_STEMS, "ecol", 4));
}

static void arabic_stems_and_grams_are_normalised(void **state)
{
    (void)state;
    analyze_result r;
    const char *a = "المَدْرَسَةُ في المغرب";
    assert_int_equal(analyze_text(&r, cx, a, strlen(a), LANGDETECT_AR, ANALYZE_KEEP_TEXT), 0);
    assert_int_equal(r.s[ANALYZE_STEMS].n, 2); /* في is a stopword */
    assert_true(has(&r.s[ANALYZE_GRAMS], "_الم"));
    assert_true(has(&r.s[ANALYZE_GRAMS], "رسه_")); /* ة folded to ه in grams */
    uint64_t with_marks = r.s[ANALYZE_STEMS].term[0];
    const char *b = "المدرسة";
    assert_int_equal(analyze_text(&r, cx, b, strlen(b), LANGDETECT_AR, 0), 0);
    assert_int_equal(r.s[ANALYZE_STEMS].term[0], with_marks); /* harakat do not matter */
    const char *c = "مدارس";
    assert_int_equal(analyze_text(&r, cx, c, strlen(c), LANGDETECT_AR, 0), 0);
    assert_int_equal(r.s[ANALYZE_STEMS].n, 1);
}

static void english_stems_and_short_words(void **state)
{
    (void)state;
    analyze_result r;
    const char *t = "The councils were running 2 schools";
    assert_int_equal(analyze_text(&r, cx, t, strlen(t), LANGDETECT_EN, ANALYZE_KEEP_TEXT), 0);
    const analyze_stream *st = &r.s[ANALYZE_STEMS];
    assert_int_equal(st->n, 4);
    assert_string_equal(st->text[0], "council");
    assert_string_equal(st->text[1], "run");
    assert_string_equal(st->text[2], "2");
    assert_string_equal(st->text[3], "school");
    assert_true(has(&r.s[ANALYZE_GRAMS], "_2_")); /* shorter than 4: the framed word */
}

static void raw_mode_keeps_surface_words(void **state)
{
    (void)state;
    analyze_result r;
    const char *t = "Les Écoles, l'école!";
    assert_int_equal(analyze_text(&r, cx, t, strlen(t), LANGDETECT_FR, ANALYZE_RAW | ANALYZE_KEEP_TEXT), 0);
    assert_int_equal(r.s[ANALYZE_STEMS].n, 3);
    assert_string_equal(r.s[ANALYZE_STEMS].text[0], "les");
    assert_string_equal(r.s[ANALYZE_STEMS].text[2], "l'école");
    assert_int_equal(r.s[ANALYZE_GRAMS].n, 0);
}

static void separators_and_bad_bytes(void **state)
{
    (void)state;
    analyze_result r;
    const char *t = "école\xFF\xFEmaison -- ... '";
    assert_int_equal(analyze_text(&r, cx, t, strlen(t), LANGDETECT_FR, 0), 0);
    assert_int_equal(r.s[ANALYZE_STEMS].n, 2);
    assert_int_equal(analyze_text(&r, cx, "", 0, LANGDETECT_AR, 0), 0);
    assert_int_equal(r.s[ANALYZE_STEMS].n + r.s[ANALYZE_GRAMS].n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(french_elision_stopwords_stems_and_accents),
        cmocka_unit_test(arabic_stems_and_grams_are_normalised),
        cmocka_unit_test(english_stems_and_short_words),
        cmocka_unit_test(raw_mode_keeps_surface_words),
        cmocka_unit_test(separators_and_bad_bytes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
