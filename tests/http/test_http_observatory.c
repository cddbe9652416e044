/*
 * test_http_observatory.c — the observatory's API (docs/api.md, "Observatory"): the catalogue,
 * territories per role, series with their comparison territories, bad parameters naming their
 * field, access per territory (a director sees their school and the levels above it, nothing
 * else; teachers and learners nothing), the official statistics import (all or nothing, the line
 * and field named, a re-import replacing a value and saying so), the CSV export, and the
 * small-cell rule followed learner by learner.
 *
 * The organisation has no API that creates schools, so the fixture writes a fresh region,
 * province and school through the db layer (MADRASA_DB, as scripts/check.sh gives it); learners
 * come through the roster import and a director through the user API. Everything is named with
 * hc_unique, so runs never collide and the territory holds exactly the learners made here.
 */
#include "unit/testing.h"

#include "db/db.h"
#include "http/http_client.h"

static struct {
    char region[48], province[48], school[48], director[64];
    char learner[6][64];
    long long school_id;
} F;

enum { NLEARNERS = 6 };
static const char *PW = "long-enough-pw";

static long long insert_id(db_conn *c, arena *a, const char *sql, const char *types, const char *code, long long parent)
{
    db_rows *r;
    int rc = types[1] ? db_query(&r, c, a, sql, types, code, (int64_t)parent) : db_query(&r, c, a, sql, types, code);
    assert_int_equal(rc, 0);
    return db_int(r, 0, 0);
}

static int setup(void **state)
{
    (void)state;
    const char *url = getenv("MADRASA_DB");
    if (!url) {
        fprintf(stderr, "MADRASA_DB is not set: the fixture writes a school through the db layer\n");
        return -1;
    }
    db *d;
    if (db_open(&d, url, 1)) return -1;
    db_conn *c = db_acquire(d);
    arena a = ARENA_INIT;
    snprintf(F.region, sizeof F.region, "%s", hc_unique("OR"));
    snprintf(F.province, sizeof F.province, "%s", hc_unique("OP"));
    snprintf(F.school, sizeof F.school, "%s", hc_unique("OS"));
    long long rid = insert_id(c, &a, "INSERT INTO regions (code, name_ar, name_fr) VALUES ($1, 'جهة تجريبية', "
                                     "'Région d''essai') RETURNING id", "s", F.region, 0);
    long long pid = insert_id(c, &a, "INSERT INTO provinces (code, region_id, name_ar, name_fr) VALUES ($1, $2, "
                                     "'إقليم تجريبي', 'Province d''essai') RETURNING id", "si", F.province, rid);
    F.school_id = insert_id(c, &a, "INSERT INTO schools (code, province_id, name_ar, name_fr) VALUES ($1, $2, "
                                   "'مدرسة تجريبية', 'École d''essai') RETURNING id", "si", F.school, pid);
    arena_free(&a);
    db_release(c);
    db_close(d);

    hc *ad = hc_as("admin");
    char csv[4096], cls[48];
    snprintf(cls, sizeof cls, "%s", hc_unique("oc"));
    int n = snprintf(csv, sizeof csv, "school_code,class,grade,school_year,role,login,name,password\n");
    for (int i = 0; i < NLEARNERS; i++) {
        snprintf(F.learner[i], sizeof F.learner[i], "%s.l%d", cls, i);
        n += snprintf(csv + n, sizeof csv - (size_t)n, "%s,%s,3,2026-2027,learner,%s,Learner %d,%s\n", F.school, cls,
                      F.learner[i], i, PW);
    }
    long st = hc_raw(ad, "POST", "/api/admin/roster", "text/csv", csv, strlen(csv), NULL);
    snprintf(F.director, sizeof F.director, "%s.dir", cls);
    char body[512];
    snprintf(body, sizeof body,
             "{\"login\":\"%s\",\"role\":\"school_admin\",\"name\":\"Directrice\",\"password\":\"%s\",\"school_id\":%lld}",
             F.director, PW, F.school_id);
    long st2 = hc_req(ad, "POST", "/api/admin/users", body);
    hc_free(ad);
    return st == 200 && (st2 == 200 || st2 == 201) ? 0 : -1;
}

static hc *login_as(const char *login, const char *pw)
{
    hc *c = hc_new();
    assert_int_equal(hc_login(c, login, pw), 200);
    return c;
}

static long get(hc *c, const char *fmt, const char *a1, const char *a2)
{
    char path[512];
    snprintf(path, sizeof path, fmt, a1, a2);
    return hc_req(c, "GET", path, NULL);
}

static const char *err_field(hc *c) { return hc_str(c, "error", "field"); }

/* the last point of series i in the last answer */
static json_t *last_point(hc *c, size_t i)
{
    json_t *pts = json_object_get(json_array_get(json_object_get(c->json, "series"), i), "points");
    return json_array_get(pts, json_array_size(pts) - 1);
}

static int has_code(json_t *arr, const char *key, const char *code)
{
    for (size_t i = 0; i < json_array_size(arr); i++)
        if (strcmp(json_string_value(json_object_get(json_array_get(arr, i), key)), code) == 0) return 1;
    return 0;
}

/* ---- tests ---- */

static void the_catalogue_lists_platform_and_official_indicators(void **state)
{
    (void)state;
    hc *m = hc_as("member");
    assert_int_equal(hc_req(m, "GET", "/api/observatory/indicators", NULL), 200);
    assert_int_equal(json_integer_value(json_object_get(m->json, "min_learners")), 5);
    json_t *ind = json_object_get(m->json, "indicators");
    const char *codes[] = {"platform.learners_active", "platform.answers", "platform.placements",
                           "platform.skills_mastered", "platform.level.math.0", "platform.level.read_ar.1",
                           "platform.level.read_fr.2", "demo.primary.completion_rate"};
    for (size_t i = 0; i < sizeof codes / sizeof *codes; i++)
        if (!has_code(ind, "code", codes[i])) fail_msg("the catalogue lacks %s", codes[i]);
    for (size_t i = 0; i < json_array_size(ind); i++) {
        json_t *x = json_array_get(ind, i);
        if (strcmp(json_string_value(json_object_get(x, "code")), "demo.primary.completion_rate") != 0) continue;
        assert_string_equal(json_string_value(json_object_get(x, "source_kind")), "official");
        assert_string_equal(json_string_value(json_object_get(x, "period")), "year");
        assert_int_equal(json_integer_value(json_array_get(json_object_get(x, "years"), 0)), 2018);
        assert_int_equal(json_array_size(json_object_get(x, "territory_kinds")), 3); /* no schools */
    }
    hc_free(m);
}

static void territories_follow_the_role(void **state)
{
    (void)state;
    hc *m = hc_as("member");
    assert_int_equal(hc_req(m, "GET", "/api/observatory/territories", NULL), 200);
    json_t *t = json_object_get(m->json, "territories");
    assert_true(has_code(t, "code", "MA") && has_code(t, "code", "SALE-001") && has_code(t, "code", F.school));
    hc *d = login_as(F.director, PW);
    assert_int_equal(hc_req(d, "GET", "/api/observatory/territories", NULL), 200);
    t = json_object_get(d->json, "territories");
    assert_int_equal(json_array_size(t), 4); /* the nation, the region, the province, the school */
    assert_true(has_code(t, "code", "MA") && has_code(t, "code", F.region) && has_code(t, "code", F.province) &&
                has_code(t, "code", F.school));
    hc *teacher = hc_as("teacher"), *learner = hc_as("amina"), *anon = hc_new();
    assert_int_equal(hc_req(teacher, "GET", "/api/observatory/territories", NULL), 403);
    assert_int_equal(get(teacher, "/api/observatory/series?indicator=%s&territory=%s", "platform.answers", "SALE-001"), 403);
    assert_int_equal(get(learner, "/api/observatory/series?indicator=%s&territory=%s", "platform.answers", "MA"), 403);
    assert_int_equal(hc_req(learner, "GET", "/api/observatory/indicators", NULL), 403);
    assert_int_equal(hc_req(anon, "GET", "/api/observatory/indicators", NULL), 401);
    hc_free(m);
    hc_free(d);
    hc_free(teacher);
    hc_free(learner);
    hc_free(anon);
}

static void a_director_sees_their_school_and_the_levels_above_only(void **state)
{
    (void)state;
    hc *d = login_as(F.director, PW);
    const char *ok[] = {F.school, F.province, F.region, "MA"};
    for (int i = 0; i < 4; i++)
        assert_int_equal(get(d, "/api/observatory/series?indicator=%s&territory=%s", "platform.learners_active", ok[i]), 200);
    /* their school's answer carries the province, the region and the nation beside it */
    get(d, "/api/observatory/series?indicator=%s&territory=%s", "platform.learners_active", F.school);
    json_t *s = json_object_get(d->json, "series");
    assert_int_equal(json_array_size(s), 4);
    const char *kinds[] = {"school", "province", "region", "national"};
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(json_string_value(json_object_get(json_object_get(json_array_get(s, i), "territory"), "kind")),
                            kinds[i]);
    assert_int_equal(json_array_size(json_object_get(json_array_get(s, 0), "points")), 12);
    const char *no[] = {"SALE-001", "RSK-SALE", "RSK"};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(get(d, "/api/observatory/series?indicator=%s&territory=%s", "platform.answers", no[i]), 403);
        assert_string_equal(err_field(d), "territory");
        assert_int_equal(get(d, "/api/observatory/series.csv?indicator=%s&territory=%s", "platform.answers", no[i]), 403);
    }
    hc *demo_dir = hc_as("director");
    assert_int_equal(get(demo_dir, "/api/observatory/series?indicator=%s&territory=%s", "platform.answers", F.school), 403);
    assert_int_equal(get(demo_dir, "/api/observatory/series?indicator=%s&territory=%s", "platform.answers", "SALE-001"), 200);
    hc_free(demo_dir);
    hc_free(d);
}

static void bad_parameters_name_their_field(void **state)
{
    (void)state;
    hc *m = hc_as("member");
    struct {
        const char *query, *field;
    } cases[] = {
        {"territory=MA", "indicator"},
        {"indicator=platform.nothing&territory=MA", "indicator"},
        {"indicator=platform.answers", "territory"},
        {"indicator=platform.answers&territory=NOWHERE", "territory"},
        {"indicator=platform.answers&territory=MA&from=2026-13", "from"},
        {"indicator=platform.answers&territory=MA&to=2026", "to"},
        {"indicator=platform.answers&territory=MA&from=2026-05&to=2026-01", "to"},
        {"indicator=platform.answers&territory=MA&from=2000-01&to=2026-01", "from"},
        {"indicator=demo.primary.completion_rate&territory=MA&from=2020-01", "from"},
        {"indicator=demo.primary.completion_rate&territory=SALE-001", "territory"},
    };
    char path[300];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        snprintf(path, sizeof path, "/api/observatory/series?%s", cases[i].query);
        long st = hc_req(m, "GET", path, NULL);
        if (st != 400 || strcmp(err_field(m), cases[i].field) != 0)
            fail_msg("%s: %ld field '%s', expected 400 '%s'", cases[i].query, st, err_field(m), cases[i].field);
        snprintf(path, sizeof path, "/api/observatory/series.csv?%s", cases[i].query);
        assert_int_equal(hc_req(m, "GET", path, NULL), 400);
    }
    hc_free(m);
}

static void official_series_carry_their_comparisons_and_source(void **state)
{
    (void)state;
    hc *m = hc_as("member");
    assert_int_equal(get(m, "/api/observatory/series?indicator=%s&territory=%s", "demo.primary.completion_rate", "RSK-SALE"), 200);
    json_t *s = json_object_get(m->json, "series");
    assert_int_equal(json_array_size(s), 3);
    assert_string_equal(json_string_value(json_object_get(json_object_get(json_array_get(s, 1), "territory"), "code")), "RSK");
    assert_int_equal(json_array_size(json_object_get(json_array_get(s, 2), "points")), 7); /* 2018–2024 */
    assert_string_equal(json_string_value(json_array_get(json_object_get(m->json, "sources"), 0)),
                        "illustrative demo values, not official figures");
    json_t *latest = json_object_get(m->json, "latest");
    assert_string_equal(json_string_value(json_object_get(latest, "period")), "2024");
    assert_string_equal(json_string_value(json_object_get(latest, "previous_period")), "2023");
    assert_true(json_is_number(json_object_get(latest, "change")));
    hc_free(m);
}

static long import(hc *c, const char *csv) { return hc_raw(c, "POST", "/api/observatory/import", "text/csv", csv, strlen(csv), NULL); }

static long long error_line(hc *c)
{
    return json_integer_value(json_object_get(json_object_get(c->json, "error"), "line"));
}

static void imports_are_all_or_nothing_and_replacements_are_reported(void **state)
{
    (void)state;
    hc *s = hc_as("secretariat");
    char code[64], csv[2048], path[300];
    snprintf(code, sizeof code, "t.%s", hc_unique("rate"));
    const char *hdr = "indicator,label_ar,label_fr,label_en,unit,territory,year,value,source\n";
    /* line 4 names a school: nothing of lines 2-3 may be stored */
    snprintf(csv, sizeof csv,
             "%s%s,نسبة,Taux,Rate,%%,MA,2023,50,Test\n%s,نسبة,Taux,Rate,%%,%s,2023,51,Test\n%s,نسبة,Taux,Rate,%%,%s,2023,52,Test\n",
             hdr, code, code, F.region, code, F.school);
    assert_int_equal(import(s, csv), 400);
    assert_int_equal(error_line(s), 4);
    assert_string_equal(err_field(s), "territory");
    assert_non_null(strstr(hc_str(s, "error", "message"), "line 4: territory:"));
    assert_int_equal(get(s, "/api/observatory/series?indicator=%s&territory=%s", code, "MA"), 400); /* not stored */
    snprintf(csv, sizeof csv, "%s%s,نسبة,Taux,Rate,%%,MA,2023,50,Test\n%s,نسبة,Taux,Rate,%%,NOWHERE,2023,51,Test\n", hdr,
             code, code);
    assert_int_equal(import(s, csv), 400);
    assert_int_equal(error_line(s), 3);
    snprintf(csv, sizeof csv, "%s%s,نسبة,Taux,Rate,%%,MA,2023,5O,Test\n", hdr, code);
    assert_int_equal(import(s, csv), 400);
    assert_string_equal(err_field(s), "value");
    assert_non_null(strstr(hc_str(s, "error", "message"), "line 2: value:"));

    snprintf(csv, sizeof csv,
             "%s%s,نسبة,Taux,Rate,%%,MA,2023,50,Test\n%s,نسبة,Taux,Rate,%%,%s,2023,51,Test\n%s,نسبة,Taux,Rate,%%,%s,2023,52,Test\n",
             hdr, code, code, F.region, code, F.province);
    assert_int_equal(import(s, csv), 200);
    assert_int_equal(json_integer_value(json_object_get(s->json, "imported")), 3);
    assert_int_equal(json_integer_value(json_object_get(s->json, "replaced_count")), 0);
    /* the same (indicator, territory, year) again: replaced, and said so */
    snprintf(csv, sizeof csv, "%s%s,نسبة,Taux,Rate,%%,MA,2023,55.5,Test 2\n%s,نسبة,Taux,Rate,%%,MA,2024,57,Test 2\n", hdr,
             code, code);
    assert_int_equal(import(s, csv), 200);
    assert_int_equal(json_integer_value(json_object_get(s->json, "replaced_count")), 1);
    json_t *rep = json_array_get(json_object_get(s->json, "replaced"), 0);
    assert_int_equal(json_integer_value(json_object_get(rep, "line")), 2);
    assert_near(json_number_value(json_object_get(rep, "previous")), 50, 1e-9);
    assert_near(json_number_value(json_object_get(rep, "value")), 55.5, 1e-9);
    /* a new unit for a stored indicator is refused */
    snprintf(csv, sizeof csv, "%s%s,نسبة,Taux,Rate,pct,MA,2025,1,Test\n", hdr, code);
    assert_int_equal(import(s, csv), 400);
    assert_string_equal(err_field(s), "unit");
    assert_int_equal(get(s, "/api/observatory/series?indicator=%s&territory=%s", code, F.province), 200);
    json_t *main = json_object_get(json_array_get(json_object_get(s->json, "series"), 0), "points");
    assert_near(json_number_value(json_object_get(json_array_get(main, 0), "value")), 52, 1e-9);
    json_t *nation = json_object_get(json_array_get(json_object_get(s->json, "series"), 2), "points");
    assert_near(json_number_value(json_object_get(json_array_get(nation, 0), "value")), 55.5, 1e-9);
    assert_near(json_number_value(json_object_get(json_object_get(s->json, "latest"), "value")), 52, 1e-9);

    /* the CSV export of what is shown: the province, then the region and the nation */
    snprintf(path, sizeof path, "/api/observatory/series.csv?indicator=%s&territory=%s", code, F.province);
    assert_int_equal(hc_req(s, "GET", path, NULL), 200);
    assert_true(hc_has_header(s, "Content-Type: text/csv"));
    assert_true(hc_has_header(s, "Content-Disposition: attachment"));
    assert_memory_equal(s->body, "\xEF\xBB\xBFindicator,territory,", 22);
    char want[256];
    snprintf(want, sizeof want, "%s,%s,province,Province d'essai,2023,shown,52,,%%,Test\r\n", code, F.province);
    if (!strstr(s->body, want)) fail_msg("the export lacks '%s':\n%s", want, s->body);
    snprintf(want, sizeof want, "%s,MA,national,Maroc,2024,shown,57,,%%,Test 2\r\n", code);
    assert_non_null(strstr(s->body, want));
    snprintf(want, sizeof want, "%s,%s,province,Province d'essai,2024,empty,,,%%,\r\n", code, F.province);
    assert_non_null(strstr(s->body, want));

    hc *m = hc_as("member"), *d = login_as(F.director, PW), *t = hc_as("teacher");
    assert_int_equal(import(m, csv), 403);
    assert_int_equal(import(d, csv), 403);
    assert_int_equal(import(t, csv), 403);
    hc *ad = hc_as("admin");
    assert_int_equal(import(ad, "indicator,label_ar\n"), 400);
    assert_int_equal(error_line(ad), 1);
    hc_free(ad);
    hc_free(m);
    hc_free(d);
    hc_free(t);
    hc_free(s);
}

/* one answer from learner i (any answer counts as activity) */
static void answer_once(int i)
{
    hc *l = login_as(F.learner[i], PW);
    char body[512];
    assert_int_equal(hc_req(l, "POST", "/api/practice/next", "{}"), 200);
    snprintf(body, sizeof body, "{\"item_id\":\"%s\",\"response\":\"zzz-not-an-answer\"}",
             json_string_value(json_object_get(json_object_get(l->json, "item"), "id")));
    assert_int_equal(hc_req(l, "POST", "/api/practice/answer", body), 200);
    hc_free(l);
}

static void small_cells_stay_hidden_until_five_learners(void **state)
{
    (void)state;
    hc *m = hc_as("member");
    for (int k = 0; k <= NLEARNERS; k++) {
        if (k > 0) answer_once(k - 1);
        assert_int_equal(get(m, "/api/observatory/series?indicator=%s&territory=%s", "platform.learners_active", F.school), 200);
        for (size_t s = 0; s < 3; s++) { /* the school, its province and its region hold the same learners */
            json_t *p = last_point(m, s);
            const char *status = json_string_value(json_object_get(p, "status"));
            if (k == 0 || k >= 5) {
                assert_string_equal(status, "shown");
                assert_int_equal(json_integer_value(json_object_get(p, "value")), k);
            } else {
                assert_string_equal(status, "suppressed");
                assert_true(json_is_null(json_object_get(p, "value")));
                assert_null(json_object_get(p, "n")); /* not even the base */
            }
        }
        assert_true(json_integer_value(json_object_get(m->json, "suppressed")) >= (k >= 1 && k <= 4 ? 3 : 0));
        assert_int_equal(get(m, "/api/observatory/series?indicator=%s&territory=%s", "platform.answers", F.school), 200);
        assert_string_equal(json_string_value(json_object_get(last_point(m, 0), "status")),
                            k >= 1 && k <= 4 ? "suppressed" : "shown");
        if (k == 3) { /* the export hides it too */
            char path[300];
            snprintf(path, sizeof path, "/api/observatory/series.csv?indicator=platform.learners_active&territory=%s", F.school);
            assert_int_equal(hc_req(m, "GET", path, NULL), 200);
            char want[128];
            snprintf(want, sizeof want, ",%s,school,", F.school);
            assert_non_null(strstr(m->body, want));
            assert_non_null(strstr(m->body, ",suppressed,,,learners,Madrasa platform data\r\n"));
        }
    }
    /* six learners, each one wrong answer: the share of skills mastered is shown, and it is 0 */
    assert_int_equal(get(m, "/api/observatory/series?indicator=%s&territory=%s", "platform.skills_mastered", F.school), 200);
    json_t *p = last_point(m, 0);
    assert_string_equal(json_string_value(json_object_get(p, "status")), "shown");
    assert_int_equal(json_integer_value(json_object_get(p, "n")), NLEARNERS);
    assert_near(json_number_value(json_object_get(p, "value")), 0, 0);
    /* nobody here has a level: no base, no figure */
    assert_int_equal(get(m, "/api/observatory/series?indicator=%s&territory=%s", "platform.level.math.0", F.school), 200);
    assert_string_equal(json_string_value(json_object_get(last_point(m, 0), "status")), "empty");
    /* the nation counts these six among its learners */
    assert_int_equal(get(m, "/api/observatory/series?indicator=%s&territory=%s", "platform.learners_active", "MA"), 200);
    assert_true(json_integer_value(json_object_get(last_point(m, 0), "value")) >= NLEARNERS);
    hc_free(m);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_catalogue_lists_platform_and_official_indicators),
        cmocka_unit_test(territories_follow_the_role),
        cmocka_unit_test(a_director_sees_their_school_and_the_levels_above_only),
        cmocka_unit_test(bad_parameters_name_their_field),
        cmocka_unit_test(official_series_carry_their_comparisons_and_source),
        cmocka_unit_test(imports_are_all_or_nothing_and_replacements_are_reported),
        cmocka_unit_test(small_cells_stay_hidden_until_five_learners),
    };
    int rc = cmocka_run_group_tests(tests, setup, NULL);
    curl_global_cleanup();
    return rc;
}
