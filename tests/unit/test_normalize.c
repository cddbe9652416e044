/*
 * test_normalize.c — word normalisation: NFKC, case folding, Arabic folds, elision, accents.
 */
#include "testing.h"

#include <string.h>

#include "base/err.h"
#include "text/normalize.h"

static const char *norm(char *buf, const char *w, unsigned flags)
{
    size_t n = 0;
    assert_int_equal(normalize_word(buf, &n, NORMALIZE_MAX_BYTES, w, strlen(w), flags), 0);
    assert_int_equal(strlen(buf), n);
    return buf;
}

static void arabic_marks_tatweel_and_digits_go(void **state)
{
    (void)state;
    char b[NORMALIZE_MAX_BYTES];
    assert_string_equal(norm(b, "مَدْرَسَةٌ", 0), "مدرسة");       /* harakat */
    assert_string_equal(norm(b, "مـــدرسة", 0), "مدرسة");         /* tatweel */
    assert_string_equal(norm(b, "٢٠١٩", 0), "2019");               /* Arabic-Indic digits */
    assert_string_equal(norm(b, "۱۲۳", 0), "123");                 /* Eastern digits */
    assert_string_equal(norm(b, "ﻻ", 0), "لا");                    /* presentation form (NFKC) */
}

static void arabic_letter_forms_fold_only_when_asked(void **state)
{
    (void)state;
    char b[NORMALIZE_MAX_BYTES];
    assert_string_equal(norm(b, "أحمد", 0), "أحمد");
    assert_string_equal(norm(b, "أحمد", NORMALIZE_ARABIC_LETTERS), "احمد");
    assert_string_equal(norm(b, "إسلام", NORMALIZE_ARABIC_LETTERS), "اسلام");
    assert_string_equal(norm(b, "آمن", NORMALIZE_ARABIC_LETTERS), "امن");
    assert_string_equal(norm(b, "ٱلله", NORMALIZE_ARABIC_LETTERS), "الله");
    assert_string_equal(norm(b, "مستشفى", NORMALIZE_ARABIC_LETTERS), "مستشفي");
    assert_string_equal(norm(b, "مدرسة", NORMALIZE_ARABIC_LETTERS), "مدرسه");
    /* alef + combining hamza above composes (NFC step) and then folds */
    assert_string_equal(norm(b, "\xD8\xA7\xD9\x94\xD8\xAD\xD9\x85\xD8\xAF", 0), "أحمد");
}

static void latin_case_accents_and_compatibility(void **state)
{
    (void)state;
    char b[NORMALIZE_MAX_BYTES];
    assert_string_equal(norm(b, "ÉCOLE", 0), "école");
    assert_string_equal(norm(b, "ÉCOLE", NORMALIZE_ACCENTS), "ecole");
    assert_string_equal(norm(b, "Straße", 0), "strasse"); /* full case folding */
    assert_string_equal(norm(b, "ﬁn", 0), "fin");          /* ligature (NFKC) */
    assert_string_equal(norm(b, "Cœur", NORMALIZE_ACCENTS), "coeur");
    assert_string_equal(norm(b, "e\xCC\x81t\xC3\xA9", 0), "été"); /* decomposed input composes */
    assert_string_equal(norm(b, "l\xE2\x80\x99" "eau", 0), "l'eau");
}

static void fold_in_place_and_elision(void **state)
{
    (void)state;
    char w[] = "éléphant";
    size_t n = normalize_fold(w, strlen(w), NORMALIZE_ACCENTS);
    assert_int_equal(n, 8);
    assert_string_equal(w, "elephant");
    assert_int_equal(normalize_elision("l'école", strlen("l'école")), 2);
    assert_int_equal(normalize_elision("qu'il", 5), 3);
    assert_int_equal(normalize_elision("jusqu'ici", 9), 6);
    assert_int_equal(normalize_elision("lorsqu'on", 9), 7);
    assert_int_equal(normalize_elision("l'", 2), 0); /* nothing would remain */
    assert_int_equal(normalize_elision("lui", 3), 0);
}

static void bad_input_is_refused_and_long_words_cut(void **state)
{
    (void)state;
    char b[NORMALIZE_MAX_BYTES], small[8];
    size_t n;
    assert_int_equal(normalize_word(b, &n, sizeof b, "a\xC3(", 3, 0), E_INVALID);
    assert_int_equal(normalize_word(small, &n, sizeof small, "abc", 3, 0), E_LIMIT);
    char longw[300];
    for (int i = 0; i < 150; i++) memcpy(longw + 2 * i, "\xD8\xA8", 2); /* ب × 150 */
    assert_int_equal(normalize_word(b, &n, sizeof b, longw, 300, 0), 0);
    assert_int_equal(n, NORMALIZE_MAX_CHARS * 2);
}

static void scripts_are_recognised(void **state)
{
    (void)state;
    assert_true(normalize_is_arabic(0x0628));
    assert_true(normalize_is_tifinagh(0x2D5C));
    assert_true(normalize_is_latin_letter(0xE9));
    assert_false(normalize_is_latin_letter(0xD7));
    assert_false(normalize_is_arabic('a'));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arabic_marks_tatweel_and_digits_go),
        cmocka_unit_test(arabic_letter_forms_fold_only_when_asked),
        cmocka_unit_test(latin_case_accents_and_compatibility),
        cmocka_unit_test(fold_in_place_and_elision),
        cmocka_unit_test(bad_input_is_refused_and_long_words_cut),
        cmocka_unit_test(scripts_are_recognised),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
