/*
 * test_moodle_xml.c — the Moodle XML importer: the supported types with feedback, hints and
 * general feedback, HTML reduced to text, and line-numbered all-or-nothing refusals.
 */
#include "testing.h"

#include <string.h>

#include "app/content/grade.h"
#include "app/content/moodle_xml.h"
#include "app/content/template.h"
#include "base/err.h"

static const char good[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<quiz>\n"
    "<question type=\"category\"><category><text>$course$/top/Fractions</text></category></question>\n"
    "<question type=\"multichoice\">\n"
    " <name><text>q1</text></name>\n"
    " <questiontext format=\"html\"><text><![CDATA[<p>Quelle fraction est égale à <b>1/2</b> ?</p>]]></text></questiontext>\n"
    " <generalfeedback><text>2/4 = 1/2</text></generalfeedback>\n"
    " <single>true</single><shuffleanswers>1</shuffleanswers>\n"
    " <answer fraction=\"100\"><text>2/4</text><feedback><text>Oui</text></feedback></answer>\n"
    " <answer fraction=\"0\"><text>2/3</text><feedback><text>Compare avec la moitié.</text></feedback></answer>\n"
    " <answer fraction=\"0\"><text>1/3</text></answer>\n"
    " <hint><text>Le numérateur est la moitié du dénominateur.</text></hint>\n"
    "</question>\n"
    "<question type=\"truefalse\"><questiontext><text>3/3 = 1</text></questiontext>\n"
    " <answer fraction=\"100\"><text>true</text></answer>\n"
    " <answer fraction=\"0\"><text>false</text><feedback><text>n/n = 1</text></feedback></answer></question>\n"
    "<question type=\"shortanswer\"><questiontext><text>Écris « un demi » en chiffres.</text></questiontext>\n"
    " <answer fraction=\"100\"><text>1/2</text></answer><answer fraction=\"0\"><text>2/1</text><feedback><text>Inversé !</text></feedback></answer></question>\n"
    "<question type=\"description\"><questiontext><text>Ceci n'est pas une question.</text></questiontext></question>\n"
    "<question type=\"numerical\"><questiontext><text>1/4 en décimal ?</text></questiontext>\n"
    " <answer fraction=\"100\"><text>0.25</text><tolerance>0</tolerance></answer>\n"
    " <answer fraction=\"0\"><text>1.4</text><feedback><text>Ce n'est pas 1,4.</text></feedback></answer></question>\n"
    "<question type=\"matching\"><questiontext><text>Relie.</text></questiontext>\n"
    " <subquestion><text>1/2</text><answer><text>0,5</text></answer></subquestion>\n"
    " <subquestion><text>1/4</text><answer><text>0,25</text></answer></subquestion></question>\n"
    "</quiz>\n";

static void supported_types_import(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    buf e = BUF_INIT(0);
    content_import im;
    int rc = moodle_xml_import(&im, &a, &e, "quiz.xml", good, strlen(good), NULL);
    if (rc) fail_msg("%s", e.data);
    assert_int_equal(im.n, 5);
    const content_template *t = &im.templates[0];
    assert_int_equal(t->type, ITEM_CHOICE);
    assert_string_equal(t->stem.s[LANG_FR], "Quelle fraction est égale à 1/2 ?");
    assert_string_equal(t->category, "$course$/top/Fractions");
    assert_string_equal(t->solution.s[LANG_FR], "2/4 = 1/2");
    assert_int_equal(t->nhints, 1);
    assert_string_equal(t->choices[1].feedback.s[LANG_FR], "Compare avec la moitié.");
    assert_true(im.templates[1].choices[0].correct);
    assert_string_equal(im.templates[1].choices[1].feedback.s[LANG_FR], "n/n = 1");
    assert_int_equal(im.templates[2].type, ITEM_TEXT);
    assert_int_equal(im.templates[3].type, ITEM_NUMERIC);
    assert_int_equal(im.templates[4].type, ITEM_MATCH);

    content_item *it;
    template_error te;
    grade_result g;
    assert_int_equal(template_instantiate(&it, &a, &te, &im.templates[2], 3), 0);
    grade_response(&g, it, "2/1");
    assert_false(g.correct);
    assert_string_equal(g.feedback.s[LANG_FR], "Inversé !");
    assert_int_equal(template_instantiate(&it, &a, &te, &im.templates[3], 3), 0);
    grade_response(&g, it, "0,25");
    assert_true(g.correct);
    grade_response(&g, it, "1,4");
    assert_string_equal(g.feedback.s[LANG_FR], "Ce n'est pas 1,4.");
    buf_free(&e);
    arena_free(&a);
}

static void bad_files_import_nothing_and_name_the_line(void **state)
{
    (void)state;
    static const struct {
        const char *xml, *message;
        import_code code; /* the first recorded problem's */
    } cases[] = {
        {"<quiz>\n<question type=\"essay\"><questiontext><text>x</text></questiontext></question></quiz>", "x.xml:2: question type \"essay\" is not supported", XML_UNSUPPORTED_TYPE},
        {"<quiz>\n<question type=\"multichoice\"><questiontext><text>q</text></questiontext>\n"
         "<answer fraction=\"100\"><text>a</text></answer><answer fraction=\"100\"><text>b</text></answer></question></quiz>", "x.xml:2: exactly one answer", XML_ONE_RIGHT_ANSWER},
        {"<quiz>\n\n<question type=\"multichoice\"><questiontext><text>q</text></questiontext>"
         "<answer fraction=\"50\"><text>a</text></answer><answer fraction=\"0\"><text>b</text></answer></question></quiz>", "x.xml:3: partial credit", XML_PARTIAL_CREDIT},
        {"<quiz><question type=\"numerical\"><questiontext><text>q</text></questiontext>"
         "<answer fraction=\"100\"><text>1e3</text></answer></question></quiz>", "x.xml:1: a numerical answer must be a plain number", XML_NUMERIC_NOT_NUMBER},
        {"<quiz><question type=\"matching\"><questiontext><text>q</text></questiontext>"
         "<subquestion><text>a</text><answer><text>1</text></answer></subquestion>"
         "<subquestion><text></text><answer><text>2</text></answer></subquestion></question></quiz>", "not supported", XML_MATCH_DISTRACTOR},
        {"<quiz><question type=\"truefalse\"><questiontext><text>q</text></questiontext>"
         "<answer fraction=\"100\"><text>vrai</text></answer></question></quiz>", "one answer \"true\"", XML_TRUEFALSE_ANSWERS},
        {"<quiz><question type=\"shortanswer\"><questiontext><text>q</text></questiontext>"
         "<answer fraction=\"100\"><text>a*</text></answer></question></quiz>", "wildcard", XML_WILDCARD},
        {"<quiz><question type=\"shortanswer\"><answer fraction=\"100\"><text>a</text></answer></question></quiz>", "no <questiontext>", XML_NO_TEXT},
        {"<quiz><question><questiontext><text>q</text></questiontext></question></quiz>", "needs a type attribute", XML_NO_TYPE},
        {"<quiz>\n<question type=\"multichoice\">\n<oops></quiz>", "x.xml:3: malformed XML", XML_MALFORMED},
        {"<exam></exam>", "the root element must be <quiz>", XML_BAD_ROOT},
        {"<quiz></quiz>", "no question found", IMP_NO_QUESTION},
        {"<!DOCTYPE quiz [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><quiz><question type=\"shortanswer\">"
         "<questiontext><text>&x;</text></questiontext><answer fraction=\"100\"><text>a</text></answer></question></quiz>", "no <questiontext>", XML_NO_TEXT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        arena a = ARENA_INIT;
        buf e = BUF_INIT(0);
        content_import im;
        import_problems ps = {&a, NULL, 0, 0};
        import_opts o = IMPORT_OPTS_INIT;
        o.problems = &ps;
        int rc = moodle_xml_import(&im, &a, &e, "x.xml", cases[i].xml, strlen(cases[i].xml), &o);
        if (rc != E_INVALID) fail_msg("case %zu: rc %d", i, rc);
        assert_int_equal(im.n, 0);
        if (!e.data || !strstr(e.data, cases[i].message)) fail_msg("case %zu: '%s' not in '%s'", i, cases[i].message, e.data ? e.data : "");
        if (!ps.n || ps.v[0].code != cases[i].code)
            fail_msg("case %zu: first problem %s", i, ps.n ? import_problem_def(ps.v[0].code)->code : "none");
        assert_non_null(strstr(e.data, ps.v[0].message));
        buf_free(&e);
        arena_free(&a);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(supported_types_import),
        cmocka_unit_test(bad_files_import_nothing_and_name_the_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
