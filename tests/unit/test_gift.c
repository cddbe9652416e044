/*
 * test_gift.c — the GIFT importer: every supported question type with its feedback, and the
 * line-numbered, all-or-nothing refusal of bad files.
 */
#include "testing.h"

#include <string.h>

#include "app/content/gift.h"
#include "app/content/grade.h"
#include "app/content/template.h"
#include "base/err.h"

static const char good[] =
    "// a comment\n"
    "$CATEGORY: tarl/addition\n"
    "\n"
    "::add1::Combien font 2 + 3 ? {\n"
    "  =5#Bravo\n"
    "  ~6#Tu as compté un de trop.\n"
    "  ~23#Tu as écrit les chiffres côte à côte.\n"
    "####2 + 3 = 5\n"
    "}\n"
    "\n"
    "Le Maroc est en Afrique.{T}\n"
    "\n"
    "Rabat est la capitale de la France.{FALSE#Non : c'est la capitale du Maroc.#Oui.}\n"
    "\n"
    "Écris le mot : une maison pour apprendre. {=école =ecole}\n"
    "\n"
    "Combien font 12 + 9 ? {#=21 =%0%12:0#Tu as inversé les chiffres.}\n"
    "\n"
    "Donne π à 0,01 près.{#3.14:0.01}\n"
    "\n"
    "Un nombre entre 1 et 5.{#1..5}\n"
    "\n"
    "[html]Relie <b>chaque</b> nombre.{=1 -> un =2 -> deux =3 -> trois}\n"
    "\n"
    "Le chat {=dort ~mange ~court} sur le lit.\n"
    "\n"
    "Accolades \\{x\\} et égal \\= restent du texte. {=oui ~non}\n";

static void every_type_imports(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    buf e = BUF_INIT(0);
    content_import im;
    import_opts o = IMPORT_OPTS_INIT;
    o.id_prefix = "teacher";
    int rc = gift_import(&im, &a, &e, "quiz.gift", good, strlen(good), &o);
    if (rc) fail_msg("%s", e.data);
    assert_int_equal(im.n, 10);
    static const item_type types[] = {ITEM_CHOICE,  ITEM_CHOICE,  ITEM_CHOICE, ITEM_TEXT,   ITEM_NUMERIC,
                                      ITEM_NUMERIC, ITEM_NUMERIC, ITEM_MATCH,  ITEM_CHOICE, ITEM_CHOICE};
    for (size_t i = 0; i < im.n; i++) assert_int_equal(im.templates[i].type, types[i]);
    const content_template *t = &im.templates[0];
    assert_string_equal(t->id, "teacher.1");
    assert_string_equal(t->category, "tarl/addition");
    assert_string_equal(t->stem.s[LANG_FR], "Combien font 2 + 3 ?");
    assert_null(t->stem.s[LANG_AR]);
    assert_string_equal(t->solution.s[LANG_FR], "2 + 3 = 5");
    assert_string_equal(t->choices[1].feedback.s[LANG_FR], "Tu as compté un de trop.");
    assert_true(im.templates[1].choices[0].correct);  /* {T}: Vrai */
    assert_string_equal(im.templates[1].choices[0].text.s[LANG_FR], "Vrai");
    assert_true(im.templates[2].choices[1].correct);  /* {FALSE}: Faux */
    assert_string_equal(im.templates[2].choices[0].feedback.s[LANG_FR], "Non : c'est la capitale du Maroc.");
    assert_int_equal(im.templates[3].naccept, 2);
    assert_string_equal(im.templates[4].answer, "21");
    assert_int_equal(im.templates[4].nmistakes, 1);
    assert_string_equal(im.templates[5].tolerance, "0.01");
    assert_string_equal(im.templates[7].stem.s[LANG_FR], "Relie chaque nombre.");
    assert_string_equal(im.templates[7].pairs[2].right.s[LANG_FR], "trois");
    assert_string_equal(im.templates[8].stem.s[LANG_FR], "Le chat _____ sur le lit.");
    assert_string_equal(im.templates[9].stem.s[LANG_FR], "Accolades {{x}} et égal = restent du texte.");

    /* the imported templates instantiate and grade like bundled ones */
    content_item *it;
    template_error te;
    grade_result g;
    assert_int_equal(template_instantiate(&it, &a, &te, &im.templates[4], 1), 0);
    grade_response(&g, it, "12");
    assert_false(g.correct);
    assert_string_equal(g.feedback.s[LANG_FR], "Tu as inversé les chiffres.");
    assert_int_equal(template_instantiate(&it, &a, &te, &im.templates[5], 1), 0);
    grade_response(&g, it, "3,145");
    assert_true(g.correct);
    assert_int_equal(template_instantiate(&it, &a, &te, &im.templates[6], 1), 0);
    grade_response(&g, it, "4,9");
    assert_true(g.correct);
    grade_response(&g, it, "5,1");
    assert_false(g.correct);
    assert_int_equal(template_instantiate(&it, &a, &te, &im.templates[9], 1), 0);
    assert_string_equal(it->stem.s[LANG_FR], "Accolades {x} et égal = restent du texte.");
    buf_free(&e);
    arena_free(&a);
}

static void arabic_true_false_labels(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    buf e = BUF_INIT(0);
    content_import im;
    import_opts o = {LANG_AR, "ar", NULL};
    const char *q = "الرباط عاصمة المغرب.{T}";
    assert_int_equal(gift_import(&im, &a, &e, "q.gift", q, strlen(q), &o), 0);
    assert_string_equal(im.templates[0].choices[0].text.s[LANG_AR], "صَحيح");
    assert_null(im.templates[0].choices[0].text.s[LANG_FR]);
    buf_free(&e);
    arena_free(&a);
}

static void one_bad_question_imports_nothing(void **state)
{
    (void)state;
    static const struct {
        const char *text, *message;
    } cases[] = {
        {"Q1 {=a ~b}\n\nQ2 on line 3 {}\n", "x.gift:3: essay questions"},
        {"Q1 {=a ~b}\n\n\n\nQ2 {=a =b ~c}\n", "x.gift:5: a multiple-choice question needs exactly one right answer"},
        {"Q1 {=a ~%50%b}\n", "x.gift:1: partial credit"},
        {"Q1 {=a ~b\n", "x.gift:1: unterminated answer block"},
        {"// c\nQ1 without answers\n", "x.gift:2: no answer block"},
        {"Q1 {#abc}\n", "x.gift:1: a numeric answer must be a number"},
        {"Q1 {#1..x}\n", "x.gift:1: a numeric range"},
        {"Q1 {#3:x}\n", "x.gift:1: the tolerance"},
        {"Q1 {=a -> b}\n", "x.gift:1: a matching question needs at least 2 pairs"},
        {"Q1 {=a -> b =c}\n", "x.gift:1: every matching pair"},
        {"::t Q1 {=a ~b}\n", "x.gift:1: unterminated ::title::"},
        {"Q1 {a ~b}\n", "x.gift:1: answers must start with"},
        {"Q1 {=a ~b} and {=c ~d}\n", "x.gift:1: only one answer block"},
        {"\n\n", "x.gift: no question found"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        arena a = ARENA_INIT;
        buf e = BUF_INIT(0);
        content_import im;
        int rc = gift_import(&im, &a, &e, "x.gift", cases[i].text, strlen(cases[i].text), NULL);
        if (rc != E_INVALID) fail_msg("case %zu: rc %d", i, rc);
        assert_int_equal(im.n, 0);
        assert_null(im.templates);
        if (!e.data || !strstr(e.data, cases[i].message)) fail_msg("case %zu: '%s' not in '%s'", i, cases[i].message, e.data ? e.data : "");
        buf_free(&e);
        arena_free(&a);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_type_imports),
        cmocka_unit_test(arabic_true_false_labels),
        cmocka_unit_test(one_bad_question_imports_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
