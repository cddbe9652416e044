/*
 * test_gift.c — the GIFT importer: every supported question type with its feedback, and the
 * line-numbered, all-or-nothing refusal of bad files, each problem with its stable code; every
 * problem code of the import table is unique and has its text in the four ui/i18n files.
 */
#include "testing.h"

#include <jansson.h>
#include <stdio.h>
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
        import_code code; /* the recorded problem's code and line */
        long line;
    } cases[] = {
        {"Q1 {=a ~b}\n\nQ2 on line 3 {}\n", "x.gift:3: essay questions", GIFT_ESSAY, 3},
        {"Q1 {=a ~b}\n\n\n\nQ2 {=a =b ~c}\n", "x.gift:5: a multiple-choice question needs exactly one right answer", GIFT_ONE_RIGHT_ANSWER, 5},
        {"Q1 {=a ~%50%b}\n", "x.gift:1: partial credit", GIFT_PARTIAL_CREDIT, 1},
        {"Q1 {=a ~b\n", "x.gift:1: unterminated answer block", GIFT_UNTERMINATED_BLOCK, 1},
        {"// c\nQ1 without answers\n", "x.gift:2: no answer block", GIFT_NO_ANSWER_BLOCK, 2},
        {"Q1 {#abc}\n", "x.gift:1: a numeric answer must be a number", GIFT_NUMERIC_NOT_NUMBER, 1},
        {"Q1 {#1..x}\n", "x.gift:1: a numeric range", GIFT_BAD_RANGE, 1},
        {"Q1 {#3:x}\n", "x.gift:1: the tolerance", GIFT_BAD_TOLERANCE, 1},
        {"Q1 {=a -> b}\n", "x.gift:1: a matching question needs at least 2 pairs", GIFT_MATCH_TWO_PAIRS, 1},
        {"Q1 {=a -> b =c}\n", "x.gift:1: every matching pair", GIFT_MATCH_PAIR, 1},
        {"::t Q1 {=a ~b}\n", "x.gift:1: unterminated ::title::", GIFT_UNTERMINATED_TITLE, 1},
        {"Q1 {a ~b}\n", "x.gift:1: answers must start with", GIFT_ANSWER_MARKER, 1},
        {"Q1 {=a ~b} and {=c ~d}\n", "x.gift:1: only one answer block", GIFT_ONE_BLOCK, 1},
        {"\n\n", "x.gift: no question found", IMP_NO_QUESTION, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        arena a = ARENA_INIT;
        buf e = BUF_INIT(0);
        content_import im;
        import_problems ps = {&a, NULL, 0, 0};
        import_opts o = IMPORT_OPTS_INIT;
        o.problems = &ps;
        int rc = gift_import(&im, &a, &e, "x.gift", cases[i].text, strlen(cases[i].text), &o);
        if (rc != E_INVALID) fail_msg("case %zu: rc %d", i, rc);
        assert_int_equal(im.n, 0);
        assert_null(im.templates);
        if (!e.data || !strstr(e.data, cases[i].message)) fail_msg("case %zu: '%s' not in '%s'", i, cases[i].message, e.data ? e.data : "");
        /* the same problem, structured: its code, its line and the text of the error line */
        if (ps.n != 1 || ps.v[0].code != cases[i].code || ps.v[0].line != cases[i].line)
            fail_msg("case %zu: %zu problems, the first %s at %ld", i, ps.n, ps.n ? import_problem_def(ps.v[0].code)->code : "-",
                     ps.n ? ps.v[0].line : -1);
        assert_string_equal(ps.v[0].file, "x.gift");
        assert_non_null(strstr(e.data, ps.v[0].message));
        buf_free(&e);
        arena_free(&a);
    }
}

/* every code once, each with its text in all four ui/i18n files (English: the table's text) */
static void every_problem_code_is_unique_and_translated(void **state)
{
    (void)state;
    static const char *const langs[] = {"ar", "fr", "en", "zgh"};
    json_t *files[4];
    for (size_t l = 0; l < 4; l++) {
        char path[64];
        snprintf(path, sizeof path, "ui/i18n/%s.json", langs[l]);
        files[l] = json_load_file(path, 0, NULL);
        if (!files[l]) fail_msg("%s: not readable (run from the repository's root)", path);
    }
    for (int c = 0; c < IMPORT_CODE_COUNT; c++) {
        const import_problem_info *d = import_problem_def((import_code)c);
        assert_non_null(d->code);
        assert_non_null(d->text);
        for (int k = 0; k < c; k++)
            if (strcmp(import_problem_def((import_code)k)->code, d->code) == 0) fail_msg("code %s twice", d->code);
        char key[128];
        snprintf(key, sizeof key, "content.import.problem.%s", d->code);
        for (size_t l = 0; l < 4; l++) {
            const char *t = json_string_value(json_object_get(files[l], key));
            if (!t || !*t) fail_msg("%s: no %s", langs[l], key);
            if (d->param) {
                char mark[48];
                snprintf(mark, sizeof mark, "{%s}", d->param);
                if (!strstr(t, mark)) fail_msg("%s: %s lacks %s", langs[l], key, mark);
            }
            if (l == 2 && strcmp(t, d->text) != 0) fail_msg("en: %s is not the server's text '%s'", key, d->text);
        }
    }
    for (size_t l = 0; l < 4; l++) json_decref(files[l]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_type_imports),
        cmocka_unit_test(arabic_true_false_labels),
        cmocka_unit_test(one_bad_question_imports_nothing),
        cmocka_unit_test(every_problem_code_is_unique_and_translated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
