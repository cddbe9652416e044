/*
 * test_http_pd.c — professional development as clients see it (docs/api.md, "Professional
 * development"): programmes built from PD content skills, audiences, enrolment, items drawn and
 * graded by the content engine, the completion rule, and at completion a verifiable certificate
 * and an Open Badges 2.0 assertion whose hosted documents (Assertion → BadgeClass → Issuer,
 * image) resolve and whose hashed recipient matches sha256(email ‖ salt).
 */
#include "unit/testing.h"

#include <sodium.h>

#include "http/http_client.h"

static long long jint(json_t *j, const char *k) { return json_integer_value(json_object_get(j, k)); }

static hc *fresh(hc *admin, const char *role)
{
    char login[64], body[512];
    snprintf(login, sizeof login, "%s", hc_unique("pd."));
    snprintf(body, sizeof body,
             "{\"login\":\"%s\",\"role\":\"%s\",\"name\":\"Educator %s\",\"lang\":\"fr\",\"password\":\"long-enough-pw\"}",
             login, role, login);
    assert_int_equal(hc_req(admin, "POST", "/api/admin/users", body), 201);
    hc *c = hc_new();
    assert_int_equal(hc_login(c, login, "long-enough-pw"), 200);
    return c;
}

static long long programme(hc *admin, const char *audience)
{
    char body[1024];
    snprintf(body, sizeof body,
             "{\"title\":\"%s\",\"audience\":\"%s\",\"badge\":{\"name\":\"Formative\",\"description\":\"Did it\","
             "\"criteria\":\"One right answer per module\"},\"modules\":[{\"title\":\"Formative\",\"skill\":"
             "\"pd.formative\",\"required_correct\":1},{\"title\":\"Groups\",\"skill\":\"pd.tarl\",\"required_correct\":1}]}",
             hc_unique("Programme "), audience);
    assert_int_equal(hc_req(admin, "POST", "/api/pd/programmes", body), 201);
    assert_int_equal(json_array_size(json_object_get(admin->json, "modules")), 2);
    return jint(admin->json, "id");
}

/* the numbers of a stem, in order */
static int numbers(long *out, int cap, const char *s)
{
    int n = 0;
    while (*s && n < cap) {
        if (*s >= '0' && *s <= '9') {
            char *end;
            out[n++] = strtol(s, &end, 10);
            s = end;
        } else {
            s++;
        }
    }
    return n;
}

/* answer_module: draws items of a module and answers until one is right; returns the last answer */
static void answer_module(hc *t, long long enrolment, long long module)
{
    char path[160], body[512];
    for (int round = 0; round < 10; round++) {
        snprintf(path, sizeof path, "/api/pd/enrolments/%lld/modules/%lld/item", enrolment, module);
        assert_int_equal(hc_req(t, "GET", path, NULL), 200);
        char item[200], type[16], stem[1024];
        snprintf(item, sizeof item, "%s", hc_str(t, "item_id", NULL));
        snprintf(type, sizeof type, "%s", hc_str(t, "type", NULL));
        snprintf(stem, sizeof stem, "%s", hc_str(t, "stem", NULL));
        size_t nchoices = json_array_size(json_object_get(t->json, "choices"));
        snprintf(path, sizeof path, "/api/pd/enrolments/%lld/answers", enrolment);
        if (strcmp(type, "numeric") == 0) {
            long v[4];
            assert_int_equal(numbers(v, 4, stem), 2);
            snprintf(body, sizeof body, "{\"module_id\":%lld,\"item_id\":\"%s\",\"response\":\"%ld\"}", module, item,
                     v[0] / v[1]);
            assert_int_equal(hc_req(t, "POST", path, body), 200);
            assert_true(json_is_true(json_object_get(t->json, "correct")));
            return;
        }
        for (size_t k = 0; k < nchoices; k++) {
            snprintf(body, sizeof body, "{\"module_id\":%lld,\"item_id\":\"%s\",\"response\":\"%zu\"}", module, item, k);
            assert_int_equal(hc_req(t, "POST", path, body), 200);
            if (json_is_true(json_object_get(t->json, "correct"))) return;
        }
    }
    fail_msg("no item of module %lld was answered right", module);
}

static void a_teacher_completes_a_programme_and_gets_a_verifiable_badge(void **state)
{
    (void)state;
    hc *admin = hc_as("admin"), *anon = hc_new();
    long long prog = programme(admin, "teachers");
    hc *t = fresh(admin, "teacher");
    char path[256];
    snprintf(path, sizeof path, "/api/pd/programmes/%lld/enrol", prog);
    assert_int_equal(hc_req(t, "POST", path, "{\"email\":\"not-an-email\"}"), 400);
    assert_string_equal(hc_str(t, "error", "field"), "email");
    assert_int_equal(hc_req(t, "POST", path, "{\"email\":\"rachid@example.org\"}"), 201);
    long long en = jint(t->json, "id");
    assert_int_equal(hc_req(t, "POST", path, NULL), 409);
    snprintf(path, sizeof path, "/api/pd/enrolments/%lld", en);
    assert_int_equal(hc_req(t, "GET", path, NULL), 200);
    json_t *mods = json_object_get(t->json, "modules");
    long long m1 = jint(json_array_get(mods, 0), "id"), m2 = jint(json_array_get(mods, 1), "id");
    assert_true(json_is_null(json_object_get(t->json, "completed_at")));
    /* an item of another module does not count here */
    snprintf(path, sizeof path, "/api/pd/enrolments/%lld/modules/%lld/item", en, m2);
    assert_int_equal(hc_req(t, "GET", path, NULL), 200);
    char foreign[256], body[512];
    snprintf(foreign, sizeof foreign, "%s", hc_str(t, "item_id", NULL));
    snprintf(path, sizeof path, "/api/pd/enrolments/%lld/answers", en);
    snprintf(body, sizeof body, "{\"module_id\":%lld,\"item_id\":\"%s\",\"response\":\"0\"}", m1, foreign);
    assert_int_equal(hc_req(t, "POST", path, body), 400);
    assert_string_equal(hc_str(t, "error", "field"), "item_id");

    answer_module(t, en, m1);
    assert_true(json_is_true(json_object_get(json_array_get(json_object_get(t->json, "modules"), 0), "done")));
    assert_false(json_is_true(json_object_get(t->json, "just_completed")));
    answer_module(t, en, m2);
    assert_true(json_is_true(json_object_get(t->json, "just_completed")));
    assert_false(json_is_null(json_object_get(t->json, "completed_at")));
    char badge[256], code[32];
    snprintf(badge, sizeof badge, "%s", hc_str(t, "badge", NULL));
    snprintf(code, sizeof code, "%s", hc_str(t, "certificate", NULL));
    assert_true(strlen(code) == 11);

    /* the certificate verifies publicly */
    snprintf(path, sizeof path, "/api/certificates/%s", code);
    assert_int_equal(hc_req(anon, "GET", path, NULL), 200);
    assert_string_equal(hc_str(anon, "kind", NULL), "pd");

    /* the assertion is hosted: Assertion → BadgeClass → Issuer, with a PNG image */
    const char *rel = strstr(badge, "/api/pd/badges/assertions/");
    assert_non_null(rel);
    assert_int_equal(hc_req(anon, "GET", rel, NULL), 200);
    assert_string_equal(hc_str(anon, "@context", NULL), "https://w3id.org/openbadges/v2");
    assert_string_equal(hc_str(anon, "type", NULL), "Assertion");
    assert_string_equal(hc_str(anon, "id", NULL), badge);
    assert_string_equal(hc_str(anon, "verification", "type"), "hosted");
    assert_string_equal(hc_str(anon, "recipient", "type"), "email");
    assert_true(json_is_true(json_object_get(json_object_get(anon->json, "recipient"), "hashed")));
    char salted[256], expect[80];
    snprintf(salted, sizeof salted, "rachid@example.org%s", hc_str(anon, "recipient", "salt"));
    unsigned char h[32];
    crypto_hash_sha256(h, (const unsigned char *)salted, strlen(salted));
    memcpy(expect, "sha256$", 7);
    sodium_bin2hex(expect + 7, 65, h, 32);
    assert_string_equal(hc_str(anon, "recipient", "identity"), expect);
    assert_non_null(strstr(hc_str(anon, "issuedOn", NULL), "T"));
    char cls[256];
    snprintf(cls, sizeof cls, "%s", strstr(hc_str(anon, "badge", NULL), "/api/pd/badges/classes/"));
    assert_int_equal(hc_req(anon, "GET", cls, NULL), 200);
    assert_string_equal(hc_str(anon, "type", NULL), "BadgeClass");
    assert_string_equal(hc_str(anon, "@context", NULL), "https://w3id.org/openbadges/v2");
    assert_string_equal(hc_str(anon, "criteria", "narrative"), "One right answer per module");
    char img[256], iss[256];
    snprintf(img, sizeof img, "%s", strstr(hc_str(anon, "image", NULL), "/api/"));
    snprintf(iss, sizeof iss, "%s", strstr(hc_str(anon, "issuer", NULL), "/api/"));
    assert_int_equal(hc_req(anon, "GET", iss, NULL), 200);
    assert_string_equal(hc_str(anon, "type", NULL), "Issuer");
    assert_non_null(strchr(hc_str(anon, "email", NULL), '@'));
    assert_int_equal(hc_req(anon, "GET", img, NULL), 200);
    assert_true(anon->len > 8 && memcmp(anon->body, "\x89PNG", 4) == 0);
    assert_int_equal(hc_req(anon, "GET", "/api/pd/badges/assertions/nope", NULL), 404);
    hc_free(t);
    hc_free(anon);
    hc_free(admin);
}

static void audiences_owners_and_bad_programmes(void **state)
{
    (void)state;
    hc *admin = hc_as("admin"), *learner = hc_as("amina"), *director = hc_as("director");
    long long prog = programme(admin, "teachers");
    char path[128];
    snprintf(path, sizeof path, "/api/pd/programmes/%lld/enrol", prog);
    assert_int_equal(hc_req(learner, "POST", path, NULL), 403);
    assert_int_equal(hc_req(director, "POST", path, NULL), 403); /* for teachers */
    long long admins = programme(admin, "administrators");
    snprintf(path, sizeof path, "/api/pd/programmes/%lld/enrol", admins);
    assert_int_equal(hc_req(director, "POST", path, NULL), 201);
    long long en = jint(director->json, "id");
    hc *t = fresh(admin, "teacher");
    snprintf(path, sizeof path, "/api/pd/enrolments/%lld", en);
    assert_int_equal(hc_req(t, "GET", path, NULL), 403);
    snprintf(path, sizeof path, "/api/pd/enrolments/%lld/answers", en);
    assert_int_equal(hc_req(t, "POST", path, "{\"module_id\":1,\"item_id\":\"pd.tarl.groups#1\",\"response\":\"1\"}"), 403);
    assert_int_equal(hc_req(t, "POST", "/api/pd/programmes", "{}"), 403);
    assert_int_equal(hc_req(admin, "POST", "/api/pd/programmes",
                            "{\"title\":\"X\",\"audience\":\"teachers\",\"badge\":{\"name\":\"b\",\"description\":\"d\","
                            "\"criteria\":\"c\"},\"modules\":[{\"title\":\"M\",\"skill\":\"no.such.skill\","
                            "\"required_correct\":1}]}"),
                     400);
    assert_string_equal(hc_str(admin, "error", "field"), "modules");
    assert_int_equal(hc_req(admin, "POST", "/api/pd/programmes",
                            "{\"title\":\"X\",\"audience\":\"pupils\",\"badge\":{\"name\":\"b\",\"description\":\"d\","
                            "\"criteria\":\"c\"},\"modules\":[]}"),
                     400);
    assert_string_equal(hc_str(admin, "error", "field"), "audience");
    hc_free(t);
    hc_free(director);
    hc_free(learner);
    hc_free(admin);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_teacher_completes_a_programme_and_gets_a_verifiable_badge),
        cmocka_unit_test(audiences_owners_and_bad_programmes),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}
