/*
 * test_http_events.c — events as clients see them (docs/api.md, "Events"): a workshop filled past
 * its capacity (waiting list, promotion on cancellation), registration with approval, QR check-in
 * with the registration's token, attendance, certificates for recorded attendance only with a
 * public verification and a PDF, the call for contributions with reviews and selection, and the
 * timetable with clash warnings and published versions with a change log. Authorisation per
 * object throughout.
 */
#include "unit/testing.h"

#include "http/http_client.h"

static long long jint(json_t *j, const char *k) { return json_integer_value(json_object_get(j, k)); }

/* a fresh user of `role`, signed in */
static hc *fresh(hc *admin, const char *role, const char *name_ar)
{
    char login[64], body[512];
    snprintf(login, sizeof login, "%s", hc_unique("ev."));
    snprintf(body, sizeof body,
             "{\"login\":\"%s\",\"role\":\"%s\",\"name\":\"Person %s\",\"name_ar\":\"%s\",\"password\":\"long-enough-pw\"}",
             login, role, login, name_ar);
    assert_int_equal(hc_req(admin, "POST", "/api/admin/users", body), 201);
    hc *c = hc_new();
    assert_int_equal(hc_login(c, login, "long-enough-pw"), 200);
    return c;
}

static long long new_event(hc *org, int capacity, int approval, long long cfp)
{
    char body[1024];
    long long start = (long long)time(NULL) + 3600;
    snprintf(body, sizeof body,
             "{\"kind\":\"workshop\",\"title\":\"%s\",\"location\":\"Salé\",\"starts_at\":%lld,\"ends_at\":%lld,"
             "\"capacity\":%d,\"needs_approval\":%s%s}",
             hc_unique("Atelier "), start, start + 7200, capacity, approval ? "true" : "false",
             cfp ? ",\"cfp_deadline\":4102444800" : "");
    assert_int_equal(hc_req(org, "POST", "/api/events", body), 201);
    return jint(org->json, "id");
}

static long long reg(hc *c, long long event, const char *expect_status)
{
    char path[96];
    snprintf(path, sizeof path, "/api/events/%lld/register", event);
    assert_int_equal(hc_req(c, "POST", path, NULL), 201);
    assert_string_equal(hc_str(c, "status", NULL), expect_status);
    return jint(c->json, "id");
}

static void registration_fills_then_waitlists_and_promotes(void **state)
{
    (void)state;
    hc *admin = hc_as("admin"), *org = hc_as("secretariat");
    long long ev = new_event(org, 2, 0, 0);
    hc *p[4];
    long long r[4];
    for (int i = 0; i < 4; i++) p[i] = fresh(admin, "teacher", "أستاذ");
    r[0] = reg(p[0], ev, "confirmed");
    r[1] = reg(p[1], ev, "confirmed");
    r[2] = reg(p[2], ev, "waitlisted");
    r[3] = reg(p[3], ev, "waitlisted");
    char path[128];
    snprintf(path, sizeof path, "/api/events/%lld/register", ev);
    assert_int_equal(hc_req(p[0], "POST", path, NULL), 409); /* once */
    snprintf(path, sizeof path, "/api/events/%lld", ev);
    assert_int_equal(hc_req(p[0], "GET", path, NULL), 200);
    assert_int_equal(jint(p[0]->json, "confirmed"), 2);
    assert_int_equal(jint(p[0]->json, "waitlisted"), 2);
    /* someone else's registration is not yours to cancel */
    snprintf(path, sizeof path, "/api/events/registrations/%lld/cancel", r[0]);
    assert_int_equal(hc_req(p[1], "POST", path, NULL), 403);
    assert_int_equal(hc_req(p[0], "POST", path, NULL), 200);
    assert_string_equal(hc_str(p[0], "status", NULL), "cancelled");
    /* the oldest waitlisted person takes the seat; the other still waits */
    snprintf(path, sizeof path, "/api/events/registrations/%lld", r[2]);
    assert_int_equal(hc_req(p[2], "GET", path, NULL), 200);
    assert_string_equal(hc_str(p[2], "status", NULL), "confirmed");
    snprintf(path, sizeof path, "/api/events/registrations/%lld", r[3]);
    assert_int_equal(hc_req(p[3], "GET", path, NULL), 200);
    assert_string_equal(hc_str(p[3], "status", NULL), "waitlisted");
    /* only the organisers list registrations */
    snprintf(path, sizeof path, "/api/events/%lld/registrations", ev);
    assert_int_equal(hc_req(p[3], "GET", path, NULL), 403);
    assert_int_equal(hc_req(org, "GET", path, NULL), 200);
    assert_int_equal(json_array_size(json_object_get(org->json, "registrations")), 4);
    for (int i = 0; i < 4; i++) hc_free(p[i]);
    hc_free(org);
    hc_free(admin);
}

static void approval_decides_before_seats_are_given(void **state)
{
    (void)state;
    hc *admin = hc_as("admin"), *org = hc_as("director");
    long long ev = new_event(org, 1, 1, 0);
    hc *a = fresh(admin, "teacher", ""), *b = fresh(admin, "teacher", "");
    long long ra = reg(a, ev, "pending"), rb = reg(b, ev, "pending");
    char path[128];
    snprintf(path, sizeof path, "/api/events/registrations/%lld/approve", ra);
    assert_int_equal(hc_req(a, "POST", path, NULL), 403); /* nobody approves themselves */
    assert_int_equal(hc_req(org, "POST", path, NULL), 200);
    assert_string_equal(hc_str(org, "status", NULL), "confirmed");
    snprintf(path, sizeof path, "/api/events/registrations/%lld/approve", rb);
    assert_int_equal(hc_req(org, "POST", path, NULL), 200);
    assert_string_equal(hc_str(org, "status", NULL), "waitlisted"); /* approved, but full */
    assert_int_equal(hc_req(org, "POST", path, NULL), 409);
    hc_free(a);
    hc_free(b);
    hc_free(org);
    hc_free(admin);
}

static void checkin_by_qr_token_then_certificate_for_attendance_only(void **state)
{
    (void)state;
    hc *admin = hc_as("admin"), *org = hc_as("secretariat"), *anon = hc_new();
    long long ev = new_event(org, 5, 0, 0);
    hc *a = fresh(admin, "teacher", "سلمى بناني"), *b = fresh(admin, "teacher", "");
    long long ra = reg(a, ev, "confirmed"), rb = reg(b, ev, "confirmed");
    char token[128], path[200], body[256];
    const char *url = hc_str(a, "checkin_url", NULL);
    const char *tail = strstr(url, "#/events/checkin/");
    assert_non_null(tail);
    snprintf(token, sizeof token, "%s", tail + strlen("#/events/checkin/"));
    /* the QR image */
    snprintf(path, sizeof path, "/api/events/registrations/%lld/qr", ra);
    assert_int_equal(hc_req(a, "GET", path, NULL), 200);
    assert_true(hc_has_header(a, "Content-Type: image/svg+xml"));
    assert_non_null(strstr(a->body, "<svg"));
    assert_int_equal(hc_req(b, "GET", path, NULL), 403);
    /* no certificate before attendance */
    snprintf(path, sizeof path, "/api/events/registrations/%lld/certificate", ra);
    assert_int_equal(hc_req(a, "POST", path, NULL), 409);
    /* a participant cannot check people in; the organiser can, once */
    snprintf(body, sizeof body, "{\"token\":\"%s\"}", token);
    assert_int_equal(hc_req(b, "POST", "/api/events/checkin", body), 403);
    assert_int_equal(hc_req(org, "POST", "/api/events/checkin", body), 200);
    assert_string_equal(hc_str(org, "attendance", NULL), "attended");
    assert_false(json_is_true(json_object_get(org->json, "already")));
    assert_int_equal(hc_req(org, "POST", "/api/events/checkin", body), 200);
    assert_true(json_is_true(json_object_get(org->json, "already")));
    assert_int_equal(hc_req(org, "POST", "/api/events/checkin", "{\"token\":\"forged\"}"), 404);
    /* b is excused: no certificate */
    snprintf(path, sizeof path, "/api/events/registrations/%lld/attendance", rb);
    assert_int_equal(hc_req(org, "PUT", path, "{\"attendance\":\"late\"}"), 400);
    assert_int_equal(hc_req(org, "PUT", path, "{\"attendance\":\"excused\"}"), 200);
    assert_int_equal(hc_req(b, "PUT", path, "{\"attendance\":\"attended\"}"), 403);
    snprintf(path, sizeof path, "/api/events/registrations/%lld/certificate", rb);
    assert_int_equal(hc_req(b, "POST", path, NULL), 409);
    /* a's certificate: verifiable by anyone, and a PDF */
    snprintf(path, sizeof path, "/api/events/registrations/%lld/certificate", ra);
    assert_int_equal(hc_req(a, "POST", path, NULL), 201);
    char code[32];
    snprintf(code, sizeof code, "%s", hc_str(a, "code", NULL));
    assert_int_equal(strlen(code), 11);
    assert_int_equal(hc_req(a, "POST", path, NULL), 201);
    assert_string_equal(hc_str(a, "code", NULL), code); /* issued once */
    snprintf(path, sizeof path, "/api/certificates/%s", code);
    assert_int_equal(hc_req(anon, "GET", path, NULL), 200);
    assert_true(json_is_true(json_object_get(anon->json, "valid")));
    assert_string_equal(hc_str(anon, "holder_ar", NULL), "سلمى بناني");
    snprintf(path, sizeof path, "/api/certificates/%s/pdf", code);
    assert_int_equal(hc_req(anon, "GET", path, NULL), 200);
    assert_true(anon->len > 1000 && memcmp(anon->body, "%PDF-", 5) == 0);
    assert_int_equal(hc_req(anon, "GET", "/api/certificates/00000-00000", NULL), 404);
    /* attendance with a certificate stays attended */
    snprintf(path, sizeof path, "/api/events/registrations/%lld/attendance", ra);
    assert_int_equal(hc_req(org, "PUT", path, "{\"attendance\":\"absent\"}"), 409);
    hc_free(a);
    hc_free(b);
    hc_free(anon);
    hc_free(org);
    hc_free(admin);
}

static void call_for_contributions_reviews_and_selection(void **state)
{
    (void)state;
    hc *admin = hc_as("admin"), *org = hc_as("secretariat"), *member = hc_as("member");
    long long ev = new_event(org, 50, 0, 1), noc = new_event(org, 50, 0, 0);
    hc *author = fresh(admin, "teacher", "");
    char path[128];
    snprintf(path, sizeof path, "/api/events/%lld/submissions", noc);
    assert_int_equal(hc_req(author, "POST", path, "{\"title\":\"T\",\"abstract\":\"A\"}"), 409);
    snprintf(path, sizeof path, "/api/events/%lld/submissions", ev);
    assert_int_equal(hc_req(author, "POST", path, "{\"title\":\"\",\"abstract\":\"A\"}"), 400);
    assert_int_equal(hc_req(author, "POST", path, "{\"title\":\"Good idea\",\"abstract\":\"We tried it.\"}"), 201);
    long long s1 = jint(author->json, "id");
    assert_int_equal(hc_req(author, "POST", path, "{\"title\":\"Other idea\",\"abstract\":\"Less tried.\"}"), 201);
    long long s2 = jint(author->json, "id");
    char rp[128];
    snprintf(rp, sizeof rp, "/api/events/submissions/%lld/reviews", s1);
    assert_int_equal(hc_req(author, "POST", rp, "{\"score\":5}"), 403); /* not a reviewer; and it is theirs */
    assert_int_equal(hc_req(member, "POST", rp, "{\"score\":7}"), 400);
    assert_int_equal(hc_req(member, "POST", rp, "{\"score\":5,\"comment\":\"Strong\"}"), 200);
    assert_int_equal(hc_req(org, "POST", rp, "{\"score\":4}"), 200);
    snprintf(rp, sizeof rp, "/api/events/submissions/%lld/reviews", s2);
    assert_int_equal(hc_req(member, "POST", rp, "{\"score\":2}"), 200);
    assert_int_equal(hc_req(org, "GET", path, NULL), 200);
    json_t *subs = json_object_get(org->json, "submissions");
    assert_int_equal(json_array_size(subs), 2);
    assert_int_equal(jint(json_array_get(subs, 0), "id"), s1); /* best score first */
    assert_true(json_real_value(json_object_get(json_array_get(subs, 0), "score")) > 4.4);
    snprintf(rp, sizeof rp, "/api/events/submissions/%lld/decision", s1);
    assert_int_equal(hc_req(member, "POST", rp, "{\"decision\":\"accepted\"}"), 403);
    assert_int_equal(hc_req(org, "POST", rp, "{\"decision\":\"maybe\"}"), 400);
    assert_int_equal(hc_req(org, "POST", rp, "{\"decision\":\"accepted\"}"), 200);
    assert_int_equal(hc_req(author, "GET", path, NULL), 200);
    assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(author->json, "submissions"), 0),
                                                          "status")),
                        "accepted");
    hc_free(author);
    hc_free(member);
    hc_free(org);
    hc_free(admin);
}

static void timetable_warns_of_clashes_and_logs_published_changes(void **state)
{
    (void)state;
    hc *org = hc_as("secretariat"), *t = hc_as("teacher");
    long long ev = new_event(org, 50, 0, 0);
    char path[128], body[512];
    snprintf(path, sizeof path, "/api/events/%lld/sessions", ev);
    long long base = 1900000000;
    snprintf(body, sizeof body, "{\"title\":\"Opening\",\"room\":\"A\",\"speaker\":\"Nadia\",\"starts_at\":%lld,\"ends_at\":%lld}",
             base, base + 3600);
    assert_int_equal(hc_req(t, "POST", path, body), 403);
    assert_int_equal(hc_req(org, "POST", path, body), 201);
    snprintf(body, sizeof body, "{\"title\":\"Panel\",\"room\":\"a \",\"starts_at\":%lld,\"ends_at\":%lld}", base + 1800,
             base + 5400);
    assert_int_equal(hc_req(org, "POST", path, body), 201);
    long long panel = jint(org->json, "id");
    snprintf(body, sizeof body, "{\"title\":\"Talk\",\"room\":\"B\",\"speaker\":\"nadia\",\"starts_at\":%lld,\"ends_at\":%lld}",
             base + 600, base + 1200);
    assert_int_equal(hc_req(org, "POST", path, body), 201);
    snprintf(body, sizeof body, "{\"title\":\"Bad\",\"room\":\"B\",\"starts_at\":%lld,\"ends_at\":%lld}", base, base);
    assert_int_equal(hc_req(org, "POST", path, body), 400);
    snprintf(path, sizeof path, "/api/events/%lld/timetable", ev);
    assert_int_equal(hc_req(org, "GET", path, NULL), 200);
    json_t *clashes = json_object_get(org->json, "clashes");
    assert_int_equal(json_array_size(clashes), 2); /* room A (Opening/Panel), speaker Nadia (Opening/Talk) */
    snprintf(path, sizeof path, "/api/events/%lld/timetable/publish", ev);
    assert_int_equal(hc_req(org, "POST", path, "{\"note\":\"first\"}"), 201);
    assert_int_equal(jint(org->json, "version"), 1);
    assert_int_equal(json_array_size(json_object_get(org->json, "changes")), 3);
    assert_int_equal(hc_req(org, "POST", path, NULL), 409); /* nothing changed */
    snprintf(path, sizeof path, "/api/events/sessions/%lld", panel);
    assert_int_equal(hc_req(t, "DELETE", path, NULL), 403);
    assert_int_equal(hc_req(org, "DELETE", path, NULL), 204);
    snprintf(path, sizeof path, "/api/events/%lld/timetable/publish", ev);
    assert_int_equal(hc_req(org, "POST", path, NULL), 201);
    assert_int_equal(jint(org->json, "version"), 2);
    json_t *ch = json_object_get(org->json, "changes");
    assert_int_equal(json_array_size(ch), 1);
    assert_string_equal(json_string_value(json_array_get(ch, 0)), "removed: Panel");
    /* the public sees the published versions, not the draft */
    hc *anon = hc_new();
    snprintf(path, sizeof path, "/api/events/%lld/timetable", ev);
    assert_int_equal(hc_req(anon, "GET", path, NULL), 200);
    assert_int_equal(json_array_size(json_object_get(anon->json, "versions")), 2);
    assert_null(json_object_get(anon->json, "draft"));
    hc_free(anon);
    hc_free(t);
    hc_free(org);
}

static void bad_events_are_refused_and_learners_cannot_organise(void **state)
{
    (void)state;
    hc *org = hc_as("secretariat"), *l = hc_as("amina");
    assert_int_equal(hc_req(org, "POST", "/api/events",
                            "{\"kind\":\"party\",\"title\":\"x\",\"starts_at\":10,\"ends_at\":20,\"capacity\":3}"),
                     400);
    assert_string_equal(hc_str(org, "error", "field"), "kind");
    assert_int_equal(hc_req(org, "POST", "/api/events",
                            "{\"kind\":\"lecture\",\"title\":\"x\",\"starts_at\":30,\"ends_at\":20,\"capacity\":3}"),
                     400);
    assert_string_equal(hc_str(org, "error", "field"), "ends_at");
    assert_int_equal(hc_req(org, "POST", "/api/events",
                            "{\"kind\":\"lecture\",\"title\":\"x\",\"starts_at\":10,\"ends_at\":20,\"capacity\":0}"),
                     400);
    assert_int_equal(hc_req(l, "POST", "/api/events",
                            "{\"kind\":\"lecture\",\"title\":\"x\",\"starts_at\":10,\"ends_at\":20,\"capacity\":3}"),
                     403);
    assert_int_equal(hc_req(org, "POST", "/api/events/series", "{\"title\":\"Cycle TaRL\"}"), 201);
    long long series = jint(org->json, "id");
    char body[512];
    snprintf(body, sizeof body,
             "{\"kind\":\"conference\",\"title\":\"Conf\",\"starts_at\":%lld,\"ends_at\":%lld,\"capacity\":3,\"series_id\":%lld}",
             (long long)time(NULL) + 100, (long long)time(NULL) + 200, series);
    assert_int_equal(hc_req(org, "POST", "/api/events", body), 201);
    assert_string_equal(hc_str(org, "series", NULL), "Cycle TaRL");
    hc_free(l);
    hc_free(org);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(registration_fills_then_waitlists_and_promotes),
        cmocka_unit_test(approval_decides_before_seats_are_given),
        cmocka_unit_test(checkin_by_qr_token_then_certificate_for_attendance_only),
        cmocka_unit_test(call_for_contributions_reviews_and_selection),
        cmocka_unit_test(timetable_warns_of_clashes_and_logs_published_changes),
        cmocka_unit_test(bad_events_are_refused_and_learners_cannot_organise),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}
