/*
 * test_http_content.c — the content routes: the skill list of the bundled curriculum and the
 * all-or-nothing GIFT / Moodle XML import with line-numbered errors.
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
    char path[256];
    snprintf(path, sizeof path, "/api/admin/content/import?%s", query);
    return hc_raw(c, "POST", path, "text/plain", text, strlen(text), NULL);
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
    hc_free(c);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_skill_list_has_the_bundled_curriculum),
        cmocka_unit_test(a_gift_import_is_all_or_nothing_with_the_line),
        cmocka_unit_test(a_moodle_xml_import_names_the_line_of_a_refused_question),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}
