/*
 * test_analyze.c — tokenizer, analysers and the two term streams.
 */
#include "testing.h"

#include <stdlib.h>
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

/* same_terms: two analyses give the same terms and offsets in both streams. */
static void same_terms(const analyze_result *a, const analyze_result *b)
{
    for (int f = 0; f < ANALYZE_NSTREAMS; f++) {
        assert_int_equal(a->s[f].n, b->s[f].n);
        assert_memory_equal(a->s[f].term, b->s[f].term, a->s[f].n * sizeof(uint64_t));
        assert_memory_equal(a->s[f].start, b->s[f].start, a->s[f].n * sizeof(uint32_t));
        assert_memory_equal(a->s[f].end, b->s[f].end, a->s[f].n * sizeof(uint32_t));
    }
}

/* keep: a copy of a result's arrays (a result is overwritten by the next analysis). */
static analyze_result keep(const analyze_result *r, uint64_t *t, uint32_t *se, size_t room)
{
    analyze_result k = *r;
    for (int f = 0; f < ANALYZE_NSTREAMS; f++) {
        assert_true(r->s[f].n <= room);
        memcpy(t + f * room, r->s[f].term, r->s[f].n * sizeof *t);
        memcpy(se + 2 * f * room, r->s[f].start, r->s[f].n * sizeof *se);
        memcpy(se + (2 * f + 1) * room, r->s[f].end, r->s[f].n * sizeof *se);
        k.s[f].term = t + f * room, k.s[f].start = se + 2 * f * room, k.s[f].end = se + (2 * f + 1) * room;
        k.s[f].text = NULL;
    }
    return k;
}

static void word_cache_gives_the_uncached_terms(void **state)
{
    (void)state;
    enum { ROOM = 256 };
    static uint64_t t[2 * ROOM];
    static uint32_t se[4 * ROOM];
    const char *texts[] = {"المدرسة والمدارس في المدرسة، المدرسة!", "Les écoles et l'école : les écoles.",
                           "The councils and the council; councils."};
    const langdetect_lang langs[] = {LANGDETECT_AR, LANGDETECT_FR, LANGDETECT_EN};
    for (int round = 0; round < 2; round++)
        for (size_t i = 0; i < 3; i++) {
            analyze_result r;
            /* ANALYZE_KEEP_TEXT bypasses the cache: the reference */
            assert_int_equal(analyze_text(&r, cx, texts[i], strlen(texts[i]), langs[i], ANALYZE_KEEP_TEXT), 0);
            analyze_result ref = keep(&r, t, se, ROOM);
            assert_int_equal(analyze_text(&r, cx, texts[i], strlen(texts[i]), langs[i], 0), 0); /* miss, then hits */
            same_terms(&ref, &r);
        }
    /* the same bytes in another language are another entry */
    analyze_result en, fr;
    assert_int_equal(analyze_text(&en, cx, "councils", 8, LANGDETECT_EN, 0), 0);
    uint64_t en_stem = en.s[ANALYZE_STEMS].term[0];
    assert_int_equal(analyze_text(&fr, cx, "councils", 8, LANGDETECT_FR, ANALYZE_KEEP_TEXT), 0);
    uint64_t fr_stem = fr.s[ANALYZE_STEMS].term[0];
    assert_int_equal(analyze_text(&fr, cx, "councils", 8, LANGDETECT_FR, 0), 0);
    assert_int_equal(fr.s[ANALYZE_STEMS].term[0], fr_stem);
    assert_int_equal(analyze_text(&en, cx, "councils", 8, LANGDETECT_EN, 0), 0);
    assert_int_equal(en.s[ANALYZE_STEMS].term[0], en_stem);
}

static void word_cache_refills_when_full(void **state)
{
    (void)state;
    enum { WORDS = 150000 }; /* more than the cache holds (2^17 words): it empties itself once */
    char *big = malloc((size_t)WORDS * 6);
    size_t n = 0;
    for (int w = 0; w < WORDS; w++) {
        for (int d = 0, x = w; d < 4; d++, x /= 26) big[n++] = (char)('a' + x % 26);
        big[n++] = 'q', big[n++] = ' ';
    }
    analyze_result r;
    assert_int_equal(analyze_text(&r, cx, big, n, LANGDETECT_EN, 0), 0);
    assert_int_equal(r.s[ANALYZE_STEMS].n, WORDS);
    const char *probe = "aaaaq baaaq zzzzq";
    static uint64_t t[64];
    static uint32_t se[128];
    assert_int_equal(analyze_text(&r, cx, probe, strlen(probe), LANGDETECT_EN, ANALYZE_KEEP_TEXT), 0);
    analyze_result ref = keep(&r, t, se, 32);
    assert_int_equal(analyze_text(&r, cx, probe, strlen(probe), LANGDETECT_EN, 0), 0);
    same_terms(&ref, &r);
    free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(french_elision_stopwords_stems_and_accents),
        cmocka_unit_test(arabic_stems_and_grams_are_normalised),
        cmocka_unit_test(english_stems_and_short_words),
        cmocka_unit_test(raw_mode_keeps_surface_words),
        cmocka_unit_test(separators_and_bad_bytes),
        cmocka_unit_test(word_cache_gives_the_uncached_terms),
        cmocka_unit_test(word_cache_refills_when_full),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
