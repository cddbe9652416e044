/*
 * test_http_foundation.c — the foundation's API, as a client sees it (docs/api.md): health,
 * sign-in and sessions, CSRF and Origin, roles and per-object access, user administration,
 * roster import, limits, errors, static files and security headers.
 */
#include "unit/testing.h"

#include "http/http_client.h"

static const char *PW = "madrasa-demo";

/* new_learner: the admin creates a learner with a fresh login (written to login) and password */
static void new_learner(char *login, size_t cap, const char *prefix, const char *password)
{
    char body[512];
    hc *a = hc_as("admin");
    snprintf(login, cap, "%s", hc_unique(prefix));
    snprintf(body, sizeof body, "{\"login\":\"%s\",\"role\":\"learner\",\"name\":\"N\",\"password\":\"%s\"}", login,
             password);
    assert_int_equal(hc_req(a, "POST", "/api/admin/users", body), 201);
    hc_free(a);
}

static void health_says_ok(void **state)
{
    (void)state;
    hc *c = hc_new();
    assert_int_equal(hc_req(c, "GET", "/api/health", NULL), 200);
    assert_string_equal(hc_str(c, "status", NULL), "ok");
    assert_true(hc_has_header(c, "Content-Security-Policy: default-src 'self'"));
    assert_true(hc_has_header(c, "X-Content-Type-Options: nosniff"));
    hc_free(c);
}

static void wrong_password_and_unknown_login_get_the_same_401(void **state)
{
    (void)state;
    hc *c = hc_new();
    assert_int_equal(hc_login(c, "amina", "not-her-password"), 401);
    char first[256];
    snprintf(first, sizeof first, "%s", c->body);
    assert_int_equal(hc_login(c, "nobody-at-all", "not-her-password"), 401);
    assert_string_equal(first, c->body);
    assert_int_equal(hc_req(c, "GET", "/api/me", NULL), 401);
    assert_string_equal(hc_error_code(c), "unauthenticated");
    hc_free(c);
}

static void login_sets_an_httponly_session_and_me_shows_the_user(void **state)
{
    (void)state;
    hc *c = hc_new();
    assert_int_equal(hc_login(c, "amina", PW), 200);
    assert_true(hc_has_header(c, "HttpOnly"));
    assert_true(hc_has_header(c, "SameSite=Lax"));
    assert_int_equal(hc_req(c, "GET", "/api/me", NULL), 200);
    assert_string_equal(hc_str(c, "role", NULL), "learner");
    assert_string_equal(hc_str(c, "login", NULL), "amina");
    assert_null(json_object_get(c->json, "password_hash"));
    hc_free(c);
}

static void a_learner_reaches_no_admin_or_class_route(void **state)
{
    (void)state;
    hc *c = hc_as("amina");
    assert_int_equal(hc_req(c, "GET", "/api/admin/users", NULL), 403);
    assert_string_equal(hc_error_code(c), "forbidden");
    assert_int_equal(hc_req(c, "POST", "/api/admin/users", "{}"), 403);
    assert_int_equal(hc_req(c, "GET", "/api/classes", NULL), 403);
    assert_int_equal(hc_req(c, "GET", "/api/classes/1/learners", NULL), 403);
    assert_int_equal(hc_req(c, "POST", "/api/admin/users/1/password", "{\"password\":\"0123456789ab\"}"), 403);
    hc_free(c);
}

static void csrf_token_is_required_on_state_changes(void **state)
{
    (void)state;
    hc *c = hc_as("youssef");
    c->no_csrf = 1;
    assert_int_equal(hc_req(c, "POST", "/api/auth/logout", NULL), 403);
    assert_string_equal(hc_str(c, "error", "field"), "X-CSRF-Token");
    c->no_csrf = 0;
    assert_int_equal(hc_req(c, "POST", "/api/auth/logout", NULL), 204);
    assert_int_equal(hc_req(c, "GET", "/api/me", NULL), 401);
    hc_free(c);
}

static void a_foreign_origin_cannot_sign_in(void **state)
{
    (void)state;
    hc *c = hc_new();
    const char *body = "{\"login\":\"amina\",\"password\":\"madrasa-demo\"}";
    assert_int_equal(hc_raw(c, "POST", "/api/auth/login", "application/json", body, strlen(body),
                            "Origin: http://evil.example"),
                     403);
    hc_free(c);
}

static void bad_bodies_get_clear_400s(void **state)
{
    (void)state;
    hc *c = hc_new();
    assert_int_equal(hc_req(c, "POST", "/api/auth/login", "{not json"), 400);
    assert_string_equal(hc_error_code(c), "invalid");
    assert_non_null(strstr(hc_str(c, "error", "message"), "invalid JSON"));
    assert_int_equal(hc_req(c, "POST", "/api/auth/login", "{\"login\":\"a\"}"), 400);
    assert_string_equal(hc_str(c, "error", "field"), "password");
    assert_int_equal(hc_req(c, "POST", "/api/auth/login", "{\"login\":\"a\",\"password\":\"b\",\"extra\":1}"), 400);
    assert_int_equal(hc_req(c, "POST", "/api/auth/login", "{\"login\":\"a\",\"login\":\"b\",\"password\":\"c\"}"), 400);
    hc_free(c);
}

static void admin_creates_users_with_validation(void **state)
{
    (void)state;
    hc *c = hc_as("admin");
    char login[64], body[512];
    snprintf(login, sizeof login, "%s", hc_unique("t."));
    snprintf(body, sizeof body,
             "{\"login\":\"%s\",\"role\":\"teacher\",\"name\":\"Test Teacher\",\"name_ar\":\"أستاذ\","
             "\"password\":\"long-enough-pw\"}",
             login);
    assert_int_equal(hc_req(c, "POST", "/api/admin/users", body), 201);
    assert_string_equal(hc_str(c, "user", "login"), login);
    assert_int_equal(hc_req(c, "POST", "/api/admin/users", body), 409);
    snprintf(body, sizeof body, "{\"login\":\"%sx\",\"role\":\"teacher\",\"name\":\"T\",\"password\":\"short\"}", login);
    assert_int_equal(hc_req(c, "POST", "/api/admin/users", body), 400);
    assert_string_equal(hc_str(c, "error", "field"), "password");
    snprintf(body, sizeof body, "{\"login\":\"%sy\",\"role\":\"king\",\"name\":\"T\",\"password\":\"long-enough-pw\"}", login);
    assert_int_equal(hc_req(c, "POST", "/api/admin/users", body), 400);
    assert_string_equal(hc_str(c, "error", "field"), "role");
    /* the new user signs in, the admin resets the password, the old session is closed */
    hc *t = hc_new();
    assert_int_equal(hc_login(t, login, "long-enough-pw"), 200);
    char path[128];
    snprintf(path, sizeof path, "/api/admin/users?q=%s", login);
    assert_int_equal(hc_req(c, "GET", path, NULL), 200);
    json_t *users = json_object_get(c->json, "users");
    assert_int_equal(json_array_size(users), 1);
    long long id = json_integer_value(json_object_get(json_array_get(users, 0), "id"));
    snprintf(path, sizeof path, "/api/admin/users/%lld/password", id);
    assert_int_equal(hc_req(c, "POST", path, "{\"password\":\"another-long-pw\"}"), 204);
    assert_int_equal(hc_req(t, "GET", "/api/me", NULL), 401);
    assert_int_equal(hc_login(t, login, "long-enough-pw"), 401);
    assert_int_equal(hc_login(t, login, "another-long-pw"), 200);
    hc_free(t);
    hc_free(c);
}

static void a_user_changes_their_password_and_language(void **state)
{
    (void)state;
    char login[64];
    new_learner(login, sizeof login, "p.", "first-password");
    hc *c = hc_new();
    assert_int_equal(hc_login(c, login, "first-password"), 200);
    assert_int_equal(hc_req(c, "POST", "/api/me/password", "{\"current\":\"wrong-one-here\",\"new\":\"second-password\"}"), 403);
    assert_int_equal(hc_req(c, "POST", "/api/me/password", "{\"current\":\"first-password\",\"new\":\"short\"}"), 400);
    assert_int_equal(hc_req(c, "POST", "/api/me/password", "{\"current\":\"first-password\",\"new\":\"second-password\"}"), 204);
    assert_int_equal(hc_req(c, "GET", "/api/me", NULL), 200); /* this browser keeps a fresh session */
    assert_int_equal(hc_req(c, "PUT", "/api/me/lang", "{\"lang\":\"zgh\"}"), 204);
    assert_int_equal(hc_req(c, "GET", "/api/me", NULL), 200);
    assert_string_equal(hc_str(c, "lang", NULL), "zgh");
    assert_int_equal(hc_req(c, "PUT", "/api/me/lang", "{\"lang\":\"de\"}"), 400);
    hc *d = hc_new();
    assert_int_equal(hc_login(d, login, "second-password"), 200);
    hc_free(d);
    hc_free(c);
}

static void teachers_see_only_their_classes(void **state)
{
    (void)state;
    hc *t = hc_as("teacher");
    assert_int_equal(hc_req(t, "GET", "/api/classes", NULL), 200);
    json_t *classes = json_object_get(t->json, "classes");
    assert_true(json_array_size(classes) >= 1);
    long long mine = json_integer_value(json_object_get(json_array_get(classes, 0), "id"));
    char path[128];
    snprintf(path, sizeof path, "/api/classes/%lld/learners", mine);
    assert_int_equal(hc_req(t, "GET", path, NULL), 200);
    assert_true(json_array_size(json_object_get(t->json, "learners")) >= 4);

    /* a class in the same school taught by someone else */
    hc *a = hc_as("admin");
    char csv[1024], cls[64];
    snprintf(cls, sizeof cls, "%s", hc_unique("k"));
    snprintf(csv, sizeof csv,
             "school_code,class,grade,school_year,role,login,name,password\n"
             "SALE-001,%s,4,2026-2027,learner,%s.l,Learner,long-enough-pw\n",
             cls, cls);
    assert_int_equal(hc_raw(a, "POST", "/api/admin/roster", "text/csv", csv, strlen(csv), NULL), 200);
    assert_int_equal(hc_req(a, "GET", "/api/classes", NULL), 200);
    long long other = 0;
    json_t *all = json_object_get(a->json, "classes");
    for (size_t i = 0; i < json_array_size(all); i++)
        if (strcmp(json_string_value(json_object_get(json_array_get(all, i), "name")), cls) == 0)
            other = json_integer_value(json_object_get(json_array_get(all, i), "id"));
    assert_true(other > 0);
    snprintf(path, sizeof path, "/api/classes/%lld/learners", other);
    assert_int_equal(hc_req(t, "GET", path, NULL), 403);
    assert_int_equal(hc_req(t, "GET", "/api/classes/999999/learners", NULL), 404);
    assert_int_equal(hc_req(a, "GET", path, NULL), 200);
    hc_free(a);
    hc_free(t);
}

static void roster_import_is_all_or_nothing_with_the_line(void **state)
{
    (void)state;
    hc *a = hc_as("admin");
    char csv[2048], l1[64], l2[64];
    snprintf(l1, sizeof l1, "%s", hc_unique("r."));
    snprintf(l2, sizeof l2, "%s", hc_unique("r."));
    snprintf(csv, sizeof csv,
             "school_code,class,grade,school_year,section,role,login,name,name_ar,student_code\n"
             "SALE-001,CE3-R,4,2026-2027,R,learner,%s,Rim One,ريم,\n"
             "SALE-001,CE3-R,14,2026-2027,R,learner,%s,Bad Grade,,\n",
             l1, l2);
    assert_int_equal(hc_raw(a, "POST", "/api/admin/roster", "text/csv", csv, strlen(csv), NULL), 400);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(a->json, "error"), "line")), 3);
    char path[128];
    snprintf(path, sizeof path, "/api/admin/users?q=%s", l1);
    assert_int_equal(hc_req(a, "GET", path, NULL), 200);
    assert_int_equal(json_integer_value(json_object_get(a->json, "total")), 0);

    snprintf(csv, sizeof csv, "school_code,class,grade,school_year,login,name,colour\nSALE-001,X,4,2026,%s,N,red\n", l1);
    assert_int_equal(hc_raw(a, "POST", "/api/admin/roster", "text/csv", csv, strlen(csv), NULL), 400);
    assert_non_null(strstr(hc_str(a, "error", "message"), "colour"));

    snprintf(csv, sizeof csv,
             "school_code,class,grade,school_year,role,login,name\n"
             "SALE-001,CE3-R,4,2026-2027,learner,%s,Rim One\n"
             "SALE-001,CE3-R,4,2026-2027,learner,%s,Two\n",
             l1, l2);
    assert_int_equal(hc_raw(a, "POST", "/api/admin/roster", "text/csv", csv, strlen(csv), NULL), 200);
    assert_int_equal(json_integer_value(json_object_get(a->json, "created")), 2);
    assert_int_equal(json_array_size(json_object_get(a->json, "passwords")), 2);
    const char *pw = json_string_value(json_object_get(json_array_get(json_object_get(a->json, "passwords"), 0), "password"));
    char pwcopy[64];
    snprintf(pwcopy, sizeof pwcopy, "%s", pw);
    hc *l = hc_new();
    assert_int_equal(hc_login(l, l1, pwcopy), 200);
    hc_free(l);
    /* a school admin may import only into their own school */
    hc *d = hc_as("director");
    snprintf(csv, sizeof csv, "school_code,class,grade,school_year,login,name\nNOPE-9,X,4,2026,%sz,N\n", l1);
    assert_int_equal(hc_raw(d, "POST", "/api/admin/roster", "text/csv", csv, strlen(csv), NULL), 400);
    hc_free(d);
    hc_free(a);
}

static void repeated_wrong_passwords_are_rate_limited(void **state)
{
    (void)state;
    char login[64];
    new_learner(login, sizeof login, "rl.", "long-enough-pw");
    hc *c = hc_new();
    long last = 0;
    for (int i = 0; i < 12 && last != 429; i++) last = hc_login(c, login, "wrong-password");
    assert_int_equal(last, 429);
    assert_string_equal(hc_error_code(c), "rate_limited");
    assert_true(hc_has_header(c, "Retry-After:"));
    assert_int_equal(hc_login(c, login, "long-enough-pw"), 429); /* even the right one waits */
    hc_free(c);
}

static void limits_and_unknown_routes(void **state)
{
    (void)state;
    hc *c = hc_new();
    size_t big = (1 << 20) + 10;
    char *body = malloc(big);
    memset(body, 'a', big);
    assert_int_equal(hc_raw(c, "POST", "/api/auth/login", "application/json", body, big, NULL), 413);
    free(body);
    assert_int_equal(hc_req(c, "GET", "/api/nothing-here", NULL), 404);
    assert_string_equal(hc_error_code(c), "not_found");
    assert_int_equal(hc_req(c, "DELETE", "/api/health", NULL), 405);
    hc_free(c);
}

static void the_web_app_is_served_compressed_and_cacheable(void **state)
{
    (void)state;
    hc *c = hc_new();
    assert_int_equal(hc_req(c, "GET", "/", NULL), 200);
    assert_non_null(strstr(c->body, "<html"));
    assert_true(hc_has_header(c, "ETag: \""));
    char etag[64] = "";
    const char *e = strstr(c->header_block, "ETag: ");
    sscanf(e + 6, "%63s", etag);
    char hdr[128];
    snprintf(hdr, sizeof hdr, "If-None-Match: %s", etag);
    assert_int_equal(hc_raw(c, "GET", "/", NULL, NULL, 0, hdr), 304);
    assert_int_equal(hc_raw(c, "GET", "/", NULL, NULL, 0, "Accept-Encoding: gzip"), 200);
    assert_true(hc_has_header(c, "Content-Encoding: gzip"));
    assert_int_equal(hc_req(c, "GET", "/i18n/ar.json", NULL), 200);
    assert_int_equal(hc_req(c, "GET", "/../etc/passwd", NULL), 404);
    hc_free(c);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(health_says_ok),
        cmocka_unit_test(wrong_password_and_unknown_login_get_the_same_401),
        cmocka_unit_test(login_sets_an_httponly_session_and_me_shows_the_user),
        cmocka_unit_test(a_learner_reaches_no_admin_or_class_route),
        cmocka_unit_test(csrf_token_is_required_on_state_changes),
        cmocka_unit_test(a_foreign_origin_cannot_sign_in),
        cmocka_unit_test(bad_bodies_get_clear_400s),
        cmocka_unit_test(admin_creates_users_with_validation),
        cmocka_unit_test(a_user_changes_their_password_and_language),
        cmocka_unit_test(teachers_see_only_their_classes),
        cmocka_unit_test(roster_import_is_all_or_nothing_with_the_line),
        cmocka_unit_test(repeated_wrong_passwords_are_rate_limited),
        cmocka_unit_test(limits_and_unknown_routes),
        cmocka_unit_test(the_web_app_is_served_compressed_and_cacheable),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}
