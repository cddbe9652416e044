/*
 * test_http_content.c — the content routes: the skill list of the bundled curriculum and the
 * all-or-nothing GIFT / Moodle XML import with line-numbered errors (named after the file the
 * import page sends), what the page shows of an import (counts per type, categories, who), and
 * files that are not UTF-8 text.
 */
#include "unit/testing.h"

#include "http/http_client.h"

static void the_skill_list_has_the_bundled_curriculum(void **state)
{
    (void)state;
    hc *c = hc_as("amina");
    assert_int_equal(hc_req(c, "GET", "/api/content/skills", NULL), 200);
    json_t *skills = json_object_get(c->json, "skills");
    assert_true(json_array_size(skills) >= 60);
    json_t *first = json_array_get(skills, 0);
    assert_non_null(json_string_value(json_object_get(json_object_get(first, "title"), "ar")));
    assert_non_null(json_string_value(json_object_get(json_object_get(first, "title"), "fr")));
    assert_true(json_is_array(json_object_get(first, "prerequisites")));
    hc_free(c);
}

static long import(hc *c, const char *query, const char *text)
{
    char path[320];
    snprintf(path, sizeof path, "/api/admin/content/import?%s", query);
    return hc_raw(c, "POST", path, "text/plain", text, strlen(text), NULL);
}

/* the i-th structured problem of the last error answer (asserted present) */
static json_t *problem(hc *c, size_t i)
{
    json_t *p = json_array_get(json_object_get(json_object_get(c->json, "error"), "problems"), i);
    assert_non_null(p);
    return p;
}

static void a_gift_import_is_all_or_nothing_with_the_line(void **state)
{
    (void)state;
    hc *c = hc_as("admin");
    char q[128], prefix[48];
    snprintf(prefix, sizeof prefix, "%s", hc_unique("gift-"));
    snprintf(q, sizeof q, "format=gift&lang=fr&prefix=%s", prefix);
    const char *bad = "::a:: Combien font 2+2 ? {#4}\n\n::b:: Écris ton avis {}\n";
    assert_int_equal(import(c, q, bad), 400);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(c->json, "error"), "line")), 3);
    /* the same problem, structured: a stable code for the page's language */
    assert_int_equal(json_array_size(json_object_get(json_object_get(c->json, "error"), "problems")), 1);
    assert_string_equal(json_string_value(json_object_get(problem(c, 0), "code")), "gift.essay");
    assert_int_equal(json_integer_value(json_object_get(problem(c, 0), "line")), 3);
    assert_string_equal(json_string_value(json_object_get(problem(c, 0), "file")), "import");
    assert_string_equal(json_string_value(json_object_get(problem(c, 0), "message")),
                        "essay questions {} cannot be graded automatically");
    assert_non_null(strstr(json_string_value(json_object_get(json_object_get(c->json, "error"), "message")),
                           "import:3: essay questions {} cannot be graded automatically\n"));
    /* nothing was stored: the same prefix is still free */
    const char *good = "::a:: Combien font 2+2 ? {#4}\n\n::b:: La capitale du Maroc ? {=Rabat ~Casablanca ~Fès}\n";
    assert_int_equal(import(c, q, good), 201);
    assert_int_equal(json_integer_value(json_object_get(c->json, "imported")), 2);
    assert_int_equal(import(c, q, good), 409);
    assert_int_equal(import(c, "format=docx&prefix=x", good), 400);
    assert_int_equal(import(c, "format=gift&prefix=Bad%20Prefix", good), 400);
    assert_int_equal(hc_req(c, "GET", "/api/content/imports", NULL), 200);
    assert_true(json_array_size(json_object_get(c->json, "imports")) >= 1);
    hc_free(c);
    hc *l = hc_as("omar");
    assert_int_equal(import(l, q, good), 403);
    hc_free(l);
}

static void a_moodle_xml_import_names_the_line_of_a_refused_question(void **state)
{
    (void)state;
    hc *c = hc_as("admin");
    char q[128];
    snprintf(q, sizeof q, "format=moodle_xml&lang=fr&prefix=%s", hc_unique("xml-"));
    const char *xml = "<?xml version=\"1.0\"?>\n<quiz>\n<question type=\"essay\">\n<name><text>x</text></name>\n"
                      "<questiontext><text>Why?</text></questiontext>\n</question>\n</quiz>\n";
    assert_int_equal(import(c, q, xml), 400);
    assert_true(json_integer_value(json_object_get(json_object_get(c->json, "error"), "line")) >= 3);
    assert_string_equal(json_string_value(json_object_get(problem(c, 0), "code")), "xml.unsupported_type");
    assert_int_equal(json_integer_value(json_object_get(problem(c, 0), "line")), 3);
    assert_string_equal(json_string_value(json_object_get(json_object_get(problem(c, 0), "params"), "type")), "essay");
    /* a bad tolerance on line 4 of a numerical question */
    const char *tol = "<?xml version=\"1.0\"?>\n<quiz>\n<question type=\"numerical\">\n"
                      "<questiontext><text>2+2?</text></questiontext>\n<answer fraction=\"100\"><text>4</text>"
                      "<tolerance>abc</tolerance></answer>\n</question>\n</quiz>\n";
    assert_int_equal(import(c, q, tol), 400);
    assert_string_equal(json_string_value(json_object_get(problem(c, 0), "code")), "xml.bad_tolerance");
    assert_int_equal(json_integer_value(json_object_get(problem(c, 0), "line")), 3);
    hc_free(c);
}

static long import_body(hc *c, const char *query, const char *body, size_t len)
{
    char path[320];
    snprintf(path, sizeof path, "/api/admin/content/import?%s", query);
    return hc_raw(c, "POST", path, "text/plain", body, len, NULL);
}

/* the entry of `prefix` in the last GET /api/content/imports answer, or NULL */
static json_t *listed(hc *c, const char *prefix)
{
    json_t *all = json_object_get(c->json, "imports");
    for (size_t i = 0; i < json_array_size(all); i++)
        if (strcmp(json_string_value(json_object_get(json_array_get(all, i), "prefix")), prefix) == 0)
            return json_array_get(all, i);
    return NULL;
}

/* What the import page shows: every problem on its own "<file name>:<line>: …" line, nothing
 * stored; then the counts per type and the categories of a good file, in the answer and in the
 * list with who imported it; a second import under the same prefix refused naming the prefix. */
static void the_import_page_gets_named_lines_counts_and_the_importer(void **state)
{
    (void)state;
    hc *t = hc_as("teacher");
    char prefix[48], q[256];
    snprintf(prefix, sizeof prefix, "%s", hc_unique("page-"));
    snprintf(q, sizeof q, "format=gift&lang=fr&prefix=%s&name=Contr%%C3%%B4le%%20CE2.gift", prefix);
    const char *bad = "$CATEGORY: Calcul\n\n::a:: Combien font 2+2 ? {#4}\n\n::b:: Ton avis ? {}\n\n"
                      "::c:: Deux bonnes ? {=a =b ~c}\n";
    assert_int_equal(import(t, q, bad), 400);
    const char *msg = hc_str(t, "error", "message");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(t->json, "error"), "line")), 5);
    assert_true(strncmp(msg, "Contrôle CE2.gift:5: ", strlen("Contrôle CE2.gift:5: ")) == 0);
    assert_non_null(strstr(msg, "\nContrôle CE2.gift:7: "));
    assert_int_equal(hc_req(t, "GET", "/api/content/imports", NULL), 200);
    assert_null(listed(t, prefix));
    /* a good file: its counts per type and categories */
    const char *good = "$CATEGORY: Calcul\n\n::a:: Combien font 2+2 ? {#4}\n\n::b:: La moitié de 10 ? {#5}\n\n"
                       "$CATEGORY: Villes\n\n::c:: La capitale du Maroc ? {=Rabat ~Fès ~Tanger}\n";
    assert_int_equal(import(t, q, good), 201);
    assert_int_equal(json_integer_value(json_object_get(t->json, "imported")), 3);
    assert_string_equal(json_string_value(json_object_get(t->json, "lang")), "fr");
    assert_string_equal(json_string_value(json_object_get(t->json, "format")), "gift");
    json_t *types = json_object_get(t->json, "types");
    assert_int_equal(json_integer_value(json_object_get(types, "numeric")), 2);
    assert_int_equal(json_integer_value(json_object_get(types, "choice")), 1);
    assert_int_equal(json_object_size(types), 2);
    json_t *cats = json_object_get(t->json, "categories");
    assert_int_equal(json_array_size(cats), 2);
    assert_string_equal(json_string_value(json_array_get(cats, 0)), "Calcul");
    assert_string_equal(json_string_value(json_array_get(cats, 1)), "Villes");
    /* the list says who imported it, with the same summary */
    assert_int_equal(hc_req(t, "GET", "/api/content/imports", NULL), 200);
    json_t *mine = listed(t, prefix);
    assert_non_null(mine);
    assert_int_equal(json_integer_value(json_object_get(mine, "questions")), 3);
    assert_string_equal(json_string_value(json_object_get(json_object_get(mine, "created_by"), "name")),
                        "Rachid El Idrissi");
    assert_true(json_integer_value(json_object_get(json_object_get(mine, "created_by"), "id")) > 0);
    assert_string_equal(json_string_value(json_object_get(json_object_get(mine, "created_by"), "name_ar")),
                        "رشيد الإدريسي");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(mine, "types"), "numeric")), 2);
    assert_int_equal(json_array_size(json_object_get(mine, "categories")), 2);
    char path[128];
    snprintf(path, sizeof path, "/api/content/imports/%s", prefix);
    assert_int_equal(hc_req(t, "GET", path, NULL), 200);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(t->json, "types"), "choice")), 1);
    assert_int_equal(json_array_size(json_object_get(t->json, "items")), 3);
    /* the same prefix again: refused, naming the prefix; the first import is intact */
    assert_int_equal(import(t, q, good), 409);
    assert_string_equal(hc_str(t, "error", "field"), "prefix");
    assert_non_null(strstr(hc_str(t, "error", "message"), prefix));
    assert_int_equal(hc_req(t, "GET", path, NULL), 200);
    assert_int_equal(json_array_size(json_object_get(t->json, "items")), 3);
    hc_free(t);
    /* a learner may not list or read imports */
    hc *l = hc_as("omar");
    assert_int_equal(hc_req(l, "GET", "/api/content/imports", NULL), 403);
    assert_int_equal(hc_req(l, "GET", path, NULL), 403);
    hc_free(l);
}

/* A file that is not UTF-8 text (a Windows-1252 export) or holds a NUL is refused with the line
 * of the first bad byte and the file's name; a bad name is refused naming the field. */
static void a_file_that_is_not_utf8_text_is_refused_with_its_line(void **state)
{
    (void)state;
    hc *c = hc_as("admin");
    char prefix[48], q[256];
    snprintf(prefix, sizeof prefix, "%s", hc_unique("enc-"));
    snprintf(q, sizeof q, "format=gift&lang=fr&prefix=%s&name=quiz.txt", prefix);
    const char latin1[] = "::a:: Combien font 2+2 ? {#4}\n\n::b:: Quelle ann\xe9" "e ? {#2026}\n";
    assert_int_equal(import_body(c, q, latin1, sizeof latin1 - 1), 400);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(c->json, "error"), "line")), 3);
    assert_true(strncmp(hc_str(c, "error", "message"), "quiz.txt:3: the file is not UTF-8", 33) == 0);
    const char nul[] = "::a:: Combien font 2+2 ? {#4}\n::b:: \0 {#1}\n";
    assert_int_equal(import_body(c, q, nul, sizeof nul - 1), 400);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(c->json, "error"), "line")), 2);
    /* nothing was stored under the prefix */
    char path[128];
    snprintf(path, sizeof path, "/api/content/imports/%s", prefix);
    assert_int_equal(hc_req(c, "GET", path, NULL), 404);
    assert_string_equal(hc_str(c, "error", "field"), "prefix");
    const char *names[] = {"a:b.gift", "line%0Abreak", ""};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        snprintf(q, sizeof q, "format=gift&lang=fr&prefix=%s&name=%s", prefix, names[i]);
        assert_int_equal(import(c, q, "::a:: 2+2 ? {#4}\n"), 400);
        assert_string_equal(hc_str(c, "error", "field"), "name");
    }
    snprintf(q, sizeof q, "format=gift&lang=xx&prefix=%s", prefix);
    assert_int_equal(import(c, q, "::a:: 2+2 ? {#4}\n"), 400);
    assert_string_equal(hc_str(c, "error", "field"), "lang");
    hc_free(c);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_skill_list_has_the_bundled_curriculum),
        cmocka_unit_test(a_gift_import_is_all_or_nothing_with_the_line),
        cmocka_unit_test(a_moodle_xml_import_names_the_line_of_a_refused_question),
        cmocka_unit_test(the_import_page_gets_named_lines_counts_and_the_importer),
        cmocka_unit_test(a_file_that_is_not_utf8_text_is_refused_with_its_line),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}
