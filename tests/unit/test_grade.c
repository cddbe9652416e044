/*
 * test_grade.c — grading every item type: numbers in Arabic-Indic digits and with a decimal
 * comma, fractions, tolerance, misconceptions, normalised Arabic and French short text,
 * order and match with partial scores, and unreadable responses.
 */
#include "testing.h"

#include <stdio.h>
#include <string.h>

#include "app/content/content.h"
#include "app/content/grade.h"
#include "app/content/template.h"
#include "base/err.h"
#include "content_sample.h"

static content_bank *bank;
static arena mem;

static int setup(void **state)
{
    (void)state;
    buf e = BUF_INIT(0);
    bank = content_bank_new();
    int rc = content_bank_load_mem(bank, &e, "sample.json", content_sample, strlen(content_sample));
    if (!rc) rc = content_bank_link(bank, &e);
    if (rc) print_error("%s\n", e.data);
    buf_free(&e);
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    arena_free(&mem);
    content_bank_free(bank);
    return 0;
}

static content_item *make(const char *id, uint64_t seed)
{
    content_item *it;
    template_error te;
    assert_int_equal(template_instantiate(&it, &mem, &te, content_find_template(bank, id), seed), 0);
    return it;
}

static void numbers_are_read_in_every_script(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int64_t num, den;
    } ok[] = {
        {"42", 42, 1},      {" ٤٢ ", 42, 1}, {"۴۲", 42, 1},     {"2,5", 5, 2},   {"2.5", 5, 2},
        {"٢٫٥", 5, 2},      {"-3", -3, 1},   {"−3", -3, 1},     {"3/4", 3, 4},   {"1 000", 1000, 1},
        {"12 345,5", 24691, 2}, {"0,10", 1, 10},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        expr_value v;
        if (grade_parse_number(&v, ok[i].text)) fail_msg("'%s' not read", ok[i].text);
        if (v.num != ok[i].num || v.den != ok[i].den) fail_msg("'%s' read as %lld/%lld", ok[i].text, (long long)v.num, (long long)v.den);
    }
    static const char *const bad[] = {"", "abc", "1,2,3", "3/0", "1 00", "--1", "1+1", "12 3456", "2,", "/4", "4/"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        expr_value v;
        if (grade_parse_number(&v, bad[i]) == 0) fail_msg("'%s' should not be a number", bad[i]);
    }
}

static void numeric_items_find_the_misconception(void **state)
{
    (void)state;
    content_item *it = make("s.add.num", 3);
    char resp[32];
    grade_result g;
    snprintf(resp, sizeof resp, "%lld", (long long)it->answer.num);
    grade_response(&g, it, resp);
    assert_true(g.correct);
    assert_null(g.misconception);
    snprintf(resp, sizeof resp, "%lld", (long long)it->answer.num - 10);
    grade_response(&g, it, resp);
    assert_false(g.correct);
    assert_string_equal(g.misconception, "forgot_carry");
    assert_non_null(strstr(g.feedback.s[LANG_FR], "retenue"));
    assert_null(strchr(g.feedback.s[LANG_FR], '{')); /* placeholders rendered */
    grade_response(&g, it, "banana");
    assert_false(g.correct);
    assert_string_equal(g.misconception, "unreadable");
    grade_response(&g, it, "7");
    assert_false(g.correct);
    assert_null(g.misconception);
    assert_int_equal(g.mistake, -1);
}

static void halves_accept_decimal_and_fraction(void **state)
{
    (void)state;
    for (uint64_t s = 0; s < 20; s++) {
        content_item *it = make("s.add.half", s);
        if (it->answer.den != 2) continue;
        char dec[32], frac[32];
        snprintf(dec, sizeof dec, "%lld,5", (long long)(it->answer.num / 2));
        snprintf(frac, sizeof frac, "%lld/2", (long long)it->answer.num);
        grade_result g;
        grade_response(&g, it, dec);
        assert_true(g.correct);
        grade_response(&g, it, frac);
        assert_true(g.correct);
        return;
    }
    fail_msg("no seed gave a half");
}

static void tolerance_is_exact(void **state)
{
    (void)state;
    content_template t = {.id = "tol", .type = ITEM_NUMERIC, .answer = "3.14", .tolerance = "0.01",
                          .stem = {{"x", "x", NULL, NULL}, 0}};
    content_item *it;
    template_error te;
    assert_int_equal(template_instantiate(&it, &mem, &te, &t, 1), 0);
    grade_result g;
    grade_response(&g, it, "3,15");
    assert_true(g.correct);
    grade_response(&g, it, "3.13");
    assert_true(g.correct);
    grade_response(&g, it, "3.1501");
    assert_false(g.correct);
}

static void choices_return_their_feedback(void **state)
{
    (void)state;
    content_item *it = make("s.add.choice", 5);
    for (size_t i = 0; i < it->nchoices; i++) {
        char r[24];
        snprintf(r, sizeof r, "%zu", i);
        grade_result g;
        grade_response(&g, it, r);
        assert_int_equal(g.correct, it->choice_correct[i]);
        if (it->choice_misconception[i]) {
            assert_string_equal(g.misconception, "multiplied");
            assert_string_equal(g.feedback.s[LANG_FR], "Tu as multiplié.");
        }
    }
    grade_result g;
    grade_response(&g, it, "3");
    assert_false(g.correct);
    assert_string_equal(g.misconception, "unreadable");
    grade_response(&g, it, "-1");
    assert_false(g.correct);
}

static void short_text_is_normalised(void **state)
{
    (void)state;
    content_item *it = make("s.read.text", 1);
    static const struct {
        const char *resp;
        int correct;
        const char *mis;
    } cases[] = {
        {"مدرسة", 1, NULL},        {"  مَدْرَسَةٌ. ", 1, NULL}, {"مدرسه", 1, NULL},   {"L'École", 1, NULL},
        {"l’école !", 1, NULL},     {"l'ecole", 1, "accents"},   {"le école", 0, "article"}, {"école", 0, NULL},
        {"مدارس", 0, NULL},         {"", 0, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        grade_result g;
        grade_response(&g, it, cases[i].resp);
        if (g.correct != cases[i].correct) fail_msg("'%s': correct=%d", cases[i].resp, g.correct);
        if ((g.misconception == NULL) != (cases[i].mis == NULL) ||
            (g.misconception && strcmp(g.misconception, cases[i].mis) != 0))
            fail_msg("'%s': misconception %s", cases[i].resp, g.misconception ? g.misconception : "(none)");
    }
    assert_int_equal(grade_text_equal("Bonjour  le monde", "bonjour, le monde"), 2);
    assert_int_equal(grade_text_equal("élève", "eleve"), 1);
    assert_int_equal(grade_text_equal("أَحْمَد", "احمد"), 2);
    assert_int_equal(grade_text_equal("un chat", "un chien"), 0);
}

static void order_and_match_score_positions(void **state)
{
    (void)state;
    content_item *it = make("s.read.order", 4);
    char right[32] = "", wrong[32];
    for (int k = 0; k < 3; k++)
        for (int i = 0; i < 3; i++)
            if (it->order_pos[i] == k) snprintf(right + strlen(right), sizeof right - strlen(right), "%s%d", k ? "," : "", i);
    grade_result g;
    grade_response(&g, it, right);
    assert_true(g.correct);
    assert_near(g.score, 1.0, 1e-9);
    snprintf(wrong, sizeof wrong, "%c,%c,%c", right[0], right[4], right[2]);
    grade_response(&g, it, wrong);
    assert_false(g.correct);
    assert_near(g.score, 1.0 / 3, 1e-9);
    grade_response(&g, it, "0,1");
    assert_string_equal(g.misconception, "unreadable");
    grade_response(&g, it, "0,1,7");
    assert_string_equal(g.misconception, "unreadable");

    content_item *m = make("s.read.match", 2);
    char resp[32] = "";
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            if (m->right_pair[j] == i) snprintf(resp + strlen(resp), sizeof resp - strlen(resp), "%s%d", i ? "," : "", j);
    grade_response(&g, m, resp);
    assert_true(g.correct);
    grade_response(&g, m, "0,0,0");
    assert_false(g.correct);
    assert_near(g.score, 1.0 / 3, 1e-9);
}

static void oversized_responses_are_refused(void **state)
{
    (void)state;
    content_item *it = make("s.read.text", 1);
    char *big = test_malloc(GRADE_MAX_RESPONSE + 2);
    memset(big, 'a', GRADE_MAX_RESPONSE + 1);
    big[GRADE_MAX_RESPONSE + 1] = 0;
    grade_result g;
    assert_int_equal(grade_response(&g, it, big), E_LIMIT);
    assert_false(g.correct);
    test_free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(numbers_are_read_in_every_script),
        cmocka_unit_test(numeric_items_find_the_misconception),
        cmocka_unit_test(halves_accept_decimal_and_fraction),
        cmocka_unit_test(tolerance_is_exact),
        cmocka_unit_test(choices_return_their_feedback),
        cmocka_unit_test(short_text_is_normalised),
        cmocka_unit_test(order_and_match_score_positions),
        cmocka_unit_test(oversized_responses_are_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
