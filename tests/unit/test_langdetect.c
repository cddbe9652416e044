/*
 * test_langdetect.c — script and function-word language detection.
 */
#include "testing.h"

#include <string.h>

#include "text/langdetect.h"

static langdetect_lang det(const char *s, langdetect_lang hint) { return langdetect_detect(s, strlen(s), hint); }

static void scripts_decide_first(void **state)
{
    (void)state;
    assert_int_equal(det("ما هي عاصمة المغرب؟", LANGDETECT_FR), LANGDETECT_AR);
    assert_int_equal(det("ⴰⵎⴰⵣⵉⵖ ⵜⴰⵎⴰⵣⵉⵖⵜ", LANGDETECT_UNKNOWN), LANGDETECT_ZGH);
    assert_int_equal(det("قال Google إن المدرسة الجديدة", LANGDETECT_UNKNOWN), LANGDETECT_AR);
}

static void french_and_english_by_function_words(void **state)
{
    (void)state;
    assert_int_equal(det("Quelle est la date de la réforme de l'école ?", LANGDETECT_EN), LANGDETECT_FR);
    assert_int_equal(det("What is the date of the school reform?", LANGDETECT_FR), LANGDETECT_EN);
    assert_int_equal(det("Combien d'élèves sont inscrits dans les écoles", LANGDETECT_UNKNOWN), LANGDETECT_FR);
    assert_int_equal(det("How many pupils were enrolled in 2019", LANGDETECT_UNKNOWN), LANGDETECT_EN);
}

static void no_evidence_gives_the_hint(void **state)
{
    (void)state;
    assert_int_equal(det("2019 — 42", LANGDETECT_FR), LANGDETECT_FR);
    assert_int_equal(det("Marrakech Casablanca", LANGDETECT_EN), LANGDETECT_EN);
    assert_int_equal(det("Marrakech Casablanca", LANGDETECT_AR), LANGDETECT_UNKNOWN);
    assert_int_equal(det("", LANGDETECT_AR), LANGDETECT_AR);
}

static void codes_round_trip(void **state)
{
    (void)state;
    for (int l = LANGDETECT_AR; l <= LANGDETECT_ZGH; l++)
        assert_int_equal(langdetect_parse(langdetect_code((langdetect_lang)l)), l);
    assert_string_equal(langdetect_code(LANGDETECT_ZGH), "zgh");
    assert_int_equal(langdetect_parse("de"), LANGDETECT_UNKNOWN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scripts_decide_first),
        cmocka_unit_test(french_and_english_by_function_words),
        cmocka_unit_test(no_evidence_gives_the_hint),
        cmocka_unit_test(codes_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
