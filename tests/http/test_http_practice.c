/*
 * test_http_practice.c — the learner's API as a client sees it: practice round trips, batches,
 * hints, idempotent answers (client_id), bad item ids, per-learner privacy of progress,
 * placement to a level, and a teacher's assignment served before anything else.
 *
 * Runs against a live server with the demo data (scripts/check.sh); fresh learners are made
 * through the admin API with unique logins so runs never collide.
 */
#include "unit/testing.h"

#include "http/http_client.h"

/* new_learner: a fresh learner (no class, no placement) signed in, in `lang`. */
static hc *new_learner(const char *lang, json_int_t *id)
{
    hc *admin = hc_as("admin");
    char login[64], body[512];
    snprintf(login, sizeof login, "%s", hc_unique("pr"));
    snprintf(body, sizeof body,
             "{\"login\":\"%s\",\"role\":\"learner\",\"name\":\"Test %s\",\"password\":\"%s\",\"lang\":\"%s\"}", login,
             login, "practice-pass-2026", lang);
    assert_int_equal(hc_req(admin, "POST", "/api/admin/users", body), 201);
    if (id) *id = json_integer_value(json_object_get(admin->json, "id"));
    hc_free(admin);
    hc *c = hc_new();
    assert_int_equal(hc_login(c, login, "practice-pass-2026"), 200);
    return c;
}

static char *item_id(hc *c, const char *wrap)
{
    json_t *o = wrap ? json_object_get(c->json, wrap) : c->json;
    const char *id = json_string_value(json_object_get(json_object_get(o, "item"), "id"));
    assert_non_null(id);
    return strdup(id);
}

static void a_new_learner_practises_and_gets_feedback_and_the_next_item(void **state)
{
    (void)state;
    hc *c = new_learner("fr", NULL);
    assert_int_equal(hc_req(c, "POST", "/api/practice/next", "{}"), 200);
    char *id = item_id(c, NULL);
    assert_non_null(strchr(id, '#'));
    assert_non_null(json_string_value(json_object_get(c->json, "why")));
    assert_non_null(hc_str(c, "reason", "code"));
    assert_non_null(hc_str(c, "item", "stem"));
    /* never the answer */
    assert_null(strstr(c->body, "\"answer\""));
    assert_null(strstr(c->body, "\"solution\""));
    char body[512];
    snprintf(body, sizeof body, "{\"item_id\":\"%s\",\"response\":\"0\",\"client_id\":\"%s\",\"duration_ms\":3000}", id,
             hc_unique("cid-00000000-"));
    assert_int_equal(hc_req(c, "POST", "/api/practice/answer", body), 200);
    assert_true(json_is_boolean(json_object_get(c->json, "correct")));
    assert_non_null(hc_str(c, "feedback", NULL));
    json_t *m = json_object_get(c->json, "mastery");
    assert_true(json_is_real(json_object_get(m, "p_known")));
    assert_true(json_is_boolean(json_object_get(m, "mastered")));
    char *next = item_id(c, "next");
    assert_string_not_equal(next, id);
    /* the learner's language: French */
    assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(c->json, "next"), "item"), "lang")),
                        "fr");
    free(id);
    free(next);
    hc_free(c);
}

static void the_same_client_id_is_stored_once(void **state)
{
    (void)state;
    hc *c = new_learner("ar", NULL);
    assert_int_equal(hc_req(c, "POST", "/api/practice/next", "{\"ladder\":\"math\"}"), 200);
    char *id = item_id(c, NULL);
    char body[512];
    snprintf(body, sizeof body, "{\"item_id\":\"%s\",\"response\":\"1\",\"client_id\":\"%s\"}", id,
             hc_unique("retry-0000-"));
    assert_int_equal(hc_req(c, "POST", "/api/practice/answer", body), 200);
    assert_false(json_is_true(json_object_get(c->json, "duplicate")));
    int correct = json_is_true(json_object_get(c->json, "correct"));
    assert_int_equal(hc_req(c, "POST", "/api/practice/answer", body), 200);
    assert_true(json_is_true(json_object_get(c->json, "duplicate")));
    assert_int_equal(json_is_true(json_object_get(c->json, "correct")), correct);
    assert_int_equal(hc_req(c, "GET", "/api/progress", NULL), 200);
    assert_int_equal(json_integer_value(json_object_get(c->json, "answers")), 1);
    free(id);
    hc_free(c);
}

static void bad_item_ids_and_bodies_are_refused(void **state)
{
    (void)state;
    hc *c = hc_as("omar");
    assert_int_equal(hc_req(c, "POST", "/api/practice/answer", "{\"item_id\":\"nonsense\",\"response\":\"1\"}"), 400);
    assert_string_equal(hc_str(c, "error", "field"), "item_id");
    assert_int_equal(hc_req(c, "POST", "/api/practice/answer", "{\"item_id\":\"no.such.template#5\",\"response\":\"1\"}"),
                     404);
    assert_int_equal(hc_req(c, "POST", "/api/practice/answer", "{\"item_id\":\"add.facts.to-9#x\",\"response\":\"1\"}"),
                     400);
    assert_int_equal(hc_req(c, "POST", "/api/practice/answer", "{\"response\":\"1\"}"), 400);
    assert_int_equal(hc_req(c, "POST", "/api/practice/next", "{\"ladder\":\"chemistry\"}"), 400);
    assert_string_equal(hc_str(c, "error", "field"), "ladder");
    assert_int_equal(hc_req(c, "POST", "/api/practice/next", "{\"surprise\":1}"), 400);
    assert_int_equal(hc_req(c, "POST", "/api/practice/batch", "{\"n\":500}"), 400);
    assert_int_equal(hc_req(c, "GET", "/api/practice/hint?item_id=nonsense&n=1", NULL), 400);
    assert_int_equal(hc_req(c, "GET", "/api/practice/hint?item_id=no.such#1&n=1", NULL), 400); /* '#' ends the URL */
    assert_int_equal(hc_req(c, "GET", "/api/practice/hint?item_id=no.such%231&n=1", NULL), 404);
    /* a teacher is not a learner: no practice route */
    hc *t = hc_as("teacher");
    assert_int_equal(hc_req(t, "POST", "/api/practice/next", "{}"), 403);
    hc_free(t);
    hc_free(c);
}

static void a_batch_has_distinct_items_and_hints_come_one_by_one(void **state)
{
    (void)state;
    hc *c = hc_as("salma");
    assert_int_equal(hc_req(c, "POST", "/api/practice/batch", "{\"n\":5}"), 200);
    json_t *items = json_object_get(c->json, "items");
    assert_int_equal(json_array_size(items), 5);
    for (size_t i = 0; i < 5; i++)
        for (size_t j = i + 1; j < 5; j++)
            assert_string_not_equal(
                json_string_value(json_object_get(json_object_get(json_array_get(items, i), "item"), "id")),
                json_string_value(json_object_get(json_object_get(json_array_get(items, j), "item"), "id")));
    /* find an item with a hint and ask for it */
    for (size_t i = 0; i < 5; i++) {
        json_t *it = json_object_get(json_array_get(items, i), "item");
        if (json_integer_value(json_object_get(it, "hints")) < 1) continue;
        char path[512], esc[300];
        const char *id = json_string_value(json_object_get(it, "id"));
        size_t k = 0;
        for (const char *p = id; *p && k + 4 < sizeof esc; p++) {
            if (*p == '#') k += (size_t)snprintf(esc + k, sizeof esc - k, "%%23");
            else esc[k++] = *p;
        }
        esc[k] = 0;
        long hints = (long)json_integer_value(json_object_get(it, "hints"));
        snprintf(path, sizeof path, "/api/practice/hint?item_id=%s&n=1", esc);
        json_t *keep = json_incref(c->json);
        assert_int_equal(hc_req(c, "GET", path, NULL), 200);
        assert_non_null(hc_str(c, "hint", NULL));
        snprintf(path, sizeof path, "/api/practice/hint?item_id=%s&n=%ld", esc, hints + 1);
        assert_int_equal(hc_req(c, "GET", path, NULL), 404);
        json_decref(keep);
        break;
    }
    hc_free(c);
}

static json_int_t learner_id_of(const char *login)
{
    hc *t = hc_as("teacher");
    assert_int_equal(hc_req(t, "GET", "/api/classes", NULL), 200);
    json_int_t klass = json_integer_value(json_object_get(json_array_get(json_object_get(t->json, "classes"), 0), "id"));
    char path[96];
    snprintf(path, sizeof path, "/api/classes/%lld/learners", (long long)klass);
    assert_int_equal(hc_req(t, "GET", path, NULL), 200);
    json_int_t id = 0;
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(t->json, "learners"), i, v)
    {
        if (strcmp(json_string_value(json_object_get(v, "login")), login) == 0) id = json_integer_value(json_object_get(v, "id"));
    }
    hc_free(t);
    assert_true(id > 0);
    return id;
}

static void a_learner_cannot_see_another_learners_progress(void **state)
{
    (void)state;
    json_int_t youssef = learner_id_of("youssef"), amina = learner_id_of("amina");
    char path[96];
    hc *c = hc_as("amina");
    snprintf(path, sizeof path, "/api/learners/%lld/progress", (long long)youssef);
    assert_int_equal(hc_req(c, "GET", path, NULL), 403);
    snprintf(path, sizeof path, "/api/learners/%lld/progress", (long long)amina);
    assert_int_equal(hc_req(c, "GET", path, NULL), 200);
    assert_int_equal(hc_req(c, "GET", "/api/progress", NULL), 200);
    assert_int_equal(json_integer_value(json_object_get(c->json, "learner")), amina);
    assert_true(json_array_size(json_object_get(c->json, "levels")) == 3);
    /* her class's teacher may; a teacher of no class of hers may not (a fresh teacher) */
    hc *t = hc_as("teacher");
    snprintf(path, sizeof path, "/api/learners/%lld/progress", (long long)youssef);
    assert_int_equal(hc_req(t, "GET", path, NULL), 200);
    hc_free(t);
    hc *admin = hc_as("admin");
    char login[64], body[400];
    snprintf(login, sizeof login, "%s", hc_unique("tt"));
    snprintf(body, sizeof body, "{\"login\":\"%s\",\"role\":\"teacher\",\"name\":\"T\",\"password\":\"teacher-pass-26\"}",
             login);
    assert_int_equal(hc_req(admin, "POST", "/api/admin/users", body), 201);
    hc_free(admin);
    hc *other = hc_new();
    assert_int_equal(hc_login(other, login, "teacher-pass-26"), 200);
    assert_int_equal(hc_req(other, "GET", path, NULL), 403);
    hc_free(other);
    assert_int_equal(hc_req(c, "GET", "/api/classes/1/mastery", NULL), 403);
    hc_free(c);
}

static void a_placement_test_sets_a_level(void **state)
{
    (void)state;
    hc *c = new_learner("ar", NULL);
    assert_int_equal(hc_req(c, "POST", "/api/placement/start", "{\"ladder\":\"geography\"}"), 400);
    assert_int_equal(hc_req(c, "POST", "/api/placement/start", "{\"ladder\":\"read_ar\"}"), 201);
    json_int_t pid = json_integer_value(json_object_get(c->json, "placement_id"));
    char *id = item_id(c, NULL);
    char body[512];
    /* answering another item than the one asked is refused */
    snprintf(body, sizeof body, "{\"placement_id\":%lld,\"item_id\":\"ar.words.x#1\",\"response\":\"0\"}", (long long)pid);
    assert_int_equal(hc_req(c, "POST", "/api/placement/answer", body), 409);
    int done = 0, n = 0;
    while (!done && n < 15) {
        snprintf(body, sizeof body, "{\"placement_id\":%lld,\"item_id\":\"%s\",\"response\":\"0\"}", (long long)pid, id);
        assert_int_equal(hc_req(c, "POST", "/api/placement/answer", body), 200);
        free(id);
        id = NULL;
        done = json_is_true(json_object_get(c->json, "done"));
        if (!done) id = item_id(c, NULL);
        n++;
    }
    assert_true(done);
    assert_true(n >= 4);
    json_t *lv = json_object_get(c->json, "level");
    assert_string_equal(json_string_value(json_object_get(lv, "ladder")), "read_ar");
    json_int_t level = json_integer_value(json_object_get(lv, "level"));
    assert_true(level >= 0 && level <= json_integer_value(json_object_get(lv, "top")));
    assert_int_equal(hc_req(c, "GET", "/api/progress", NULL), 200);
    json_t *levels = json_object_get(c->json, "levels");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(levels, 1), "level")), level);
    /* the finished test takes no more answers */
    assert_int_equal(hc_req(c, "POST", "/api/placement/answer", body), 409);
    hc_free(c);
}

static void a_teachers_assignment_is_served_first(void **state)
{
    (void)state;
    json_int_t youssef = learner_id_of("youssef");
    hc *t = hc_as("teacher");
    assert_int_equal(hc_req(t, "GET", "/api/classes", NULL), 200);
    json_int_t klass = json_integer_value(json_object_get(json_array_get(json_object_get(t->json, "classes"), 0), "id"));
    char path[96], body[400], due[16];
    time_t when = time(NULL) + 3 * 86400;
    strftime(due, sizeof due, "%Y-%m-%d", gmtime(&when));
    snprintf(path, sizeof path, "/api/classes/%lld/assignments", (long long)klass);
    snprintf(body, sizeof body,
             "{\"kind\":\"skill\",\"targets\":[\"mul.concept\"],\"to\":\"learner\",\"learner_id\":%lld,\"due\":\"%s\"}",
             (long long)youssef, due);
    assert_int_equal(hc_req(t, "POST", path, body), 201);
    json_int_t aid = json_integer_value(json_object_get(t->json, "id"));
    hc *y = hc_as("youssef");
    assert_int_equal(hc_req(y, "POST", "/api/practice/next", "{}"), 200);
    assert_string_equal(hc_str(y, "reason", "code"), "assignment");
    assert_string_equal(hc_str(y, "item", "skill"), "mul.concept");
    /* amina, not in the assignment, is not given it */
    hc *a = hc_as("amina");
    assert_int_equal(hc_req(a, "POST", "/api/practice/next", "{}"), 200);
    assert_string_not_equal(hc_str(a, "reason", "code"), "assignment");
    hc_free(a);
    snprintf(path, sizeof path, "/api/classes/%lld/assignments/%lld", (long long)klass, (long long)aid);
    assert_int_equal(hc_req(t, "DELETE", path, NULL) / 100, 2);
    assert_int_equal(hc_req(y, "POST", "/api/practice/next", "{}"), 200);
    assert_string_not_equal(hc_str(y, "reason", "code"), "assignment");
    hc_free(y);
    hc_free(t);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_new_learner_practises_and_gets_feedback_and_the_next_item),
        cmocka_unit_test(the_same_client_id_is_stored_once),
        cmocka_unit_test(bad_item_ids_and_bodies_are_refused),
        cmocka_unit_test(a_batch_has_distinct_items_and_hints_come_one_by_one),
        cmocka_unit_test(a_learner_cannot_see_another_learners_progress),
        cmocka_unit_test(a_placement_test_sets_a_level),
        cmocka_unit_test(a_teachers_assignment_is_served_first),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}
