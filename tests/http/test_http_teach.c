/*
 * test_http_teach.c — the teacher's API (docs/api.md, "Teaching"): the mastery heatmap of the
 * demo class, per-object permissions on every route (a teacher of another class and a learner
 * are refused, a missing class is 404, the school's admin and the admin may look), TaRL groups
 * with the regrouping flow (oral assessment → suggestion → confirmation, logged), oral
 * assessments, assignments with progress, alerts, most-missed items, the learner page and the
 * CSV export (UTF-8 with a BOM, Arabic names intact). Each run makes its own class and teacher
 * through the roster import, so runs never collide and the demo class is only read.
 */
#include "unit/testing.h"

#include "http/http_client.h"

typedef struct fixture {
    long long klass, l1, l2; /* a fresh class, its two learners */
    char teacher[80], cls[48];
} fixture;

static long long class_id_named(hc *c, const char *name)
{
    assert_int_equal(hc_req(c, "GET", "/api/classes", NULL), 200);
    json_t *all = json_object_get(c->json, "classes");
    for (size_t i = 0; i < json_array_size(all); i++)
        if (strcmp(json_string_value(json_object_get(json_array_get(all, i), "name")), name) == 0)
            return json_integer_value(json_object_get(json_array_get(all, i), "id"));
    return 0;
}

static long long demo_class(void)
{
    hc *t = hc_as("teacher");
    long long id = class_id_named(t, "CE2-A");
    hc_free(t);
    assert_true(id > 0);
    return id;
}

/* a class of its own: a teacher and two learners, imported by the admin */
static void make_class(fixture *f)
{
    hc *a = hc_as("admin");
    char csv[1024];
    snprintf(f->cls, sizeof f->cls, "%s", hc_unique("tc"));
    snprintf(f->teacher, sizeof f->teacher, "%s.t", f->cls);
    snprintf(csv, sizeof csv,
             "school_code,class,grade,school_year,role,login,name,name_ar,password\n"
             "SALE-001,%s,3,2026-2027,teacher,%s,Teacher,أستاذ,long-enough-pw\n"
             "SALE-001,%s,3,2026-2027,learner,%s.a,Aya,آية,long-enough-pw\n"
             "SALE-001,%s,3,2026-2027,learner,%s.b,Badr,بدر,long-enough-pw\n",
             f->cls, f->teacher, f->cls, f->cls, f->cls, f->cls);
    assert_int_equal(hc_raw(a, "POST", "/api/admin/roster", "text/csv", csv, strlen(csv), NULL), 200);
    f->klass = class_id_named(a, f->cls);
    assert_true(f->klass > 0);
    char path[128];
    snprintf(path, sizeof path, "/api/classes/%lld/learners", f->klass);
    assert_int_equal(hc_req(a, "GET", path, NULL), 200);
    json_t *ls = json_object_get(a->json, "learners");
    assert_int_equal(json_array_size(ls), 2);
    f->l1 = json_integer_value(json_object_get(json_array_get(ls, 0), "id")); /* Aya (by name) */
    f->l2 = json_integer_value(json_object_get(json_array_get(ls, 1), "id"));
    hc_free(a);
}

static hc *as_teacher(const fixture *f)
{
    hc *c = hc_new();
    assert_int_equal(hc_login(c, f->teacher, "long-enough-pw"), 200);
    return c;
}

static long req_path(hc *c, const char *method, const char *body, const char *fmt, long long id, const char *tail)
{
    char path[256];
    snprintf(path, sizeof path, fmt, id, tail);
    return hc_req(c, method, path, body);
}

/* the group of a learner on a ladder in the last GET …/groups answer: level, -1 none, -2 absent */
static long long group_of(hc *c, const char *ladder, long long learner, int *confirmed)
{
    json_t *ladders = json_object_get(c->json, "ladders");
    for (size_t i = 0; i < json_array_size(ladders); i++) {
        json_t *l = json_array_get(ladders, i);
        if (strcmp(json_string_value(json_object_get(l, "ladder")), ladder) != 0) continue;
        json_t *groups = json_object_get(l, "groups");
        for (size_t g = 0; g < json_array_size(groups); g++) {
            json_t *members = json_object_get(json_array_get(groups, g), "learners");
            for (size_t m = 0; m < json_array_size(members); m++) {
                json_t *x = json_array_get(members, m);
                if (json_integer_value(json_object_get(x, "id")) != learner) continue;
                if (confirmed) *confirmed = json_is_true(json_object_get(x, "confirmed"));
                json_t *lv = json_object_get(json_array_get(groups, g), "level");
                return json_is_null(lv) ? -1 : json_integer_value(lv);
            }
        }
    }
    return -2;
}

static json_t *ladder_of(hc *c, const char *ladder)
{
    json_t *ladders = json_object_get(c->json, "ladders");
    for (size_t i = 0; i < json_array_size(ladders); i++)
        if (strcmp(json_string_value(json_object_get(json_array_get(ladders, i), "ladder")), ladder) == 0)
            return json_array_get(ladders, i);
    return NULL;
}

/* ---- tests ---- */

static void the_demo_class_heatmap_shows_learners_skills_and_practice(void **state)
{
    (void)state;
    long long id = demo_class();
    hc *t = hc_as("teacher");
    assert_int_equal(req_path(t, "GET", NULL, "/api/classes/%lld/%s", id, "mastery"), 200);
    json_t *learners = json_object_get(t->json, "learners"), *skills = json_object_get(t->json, "skills");
    json_t *cells = json_object_get(t->json, "cells");
    assert_true(json_array_size(learners) >= 4);
    assert_true(json_array_size(skills) >= 10);
    assert_int_equal(json_array_size(cells), json_array_size(learners));
    assert_int_equal(json_array_size(json_array_get(cells, 0)), json_array_size(skills));
    assert_true(json_real_value(json_object_get(t->json, "mastery_threshold")) > 0.9);
    /* skills carry both titles; the demo learners have practised */
    assert_true(strlen(json_string_value(json_object_get(json_array_get(skills, 0), "title_ar"))) > 0);
    long attempts = 0, practised_cells = 0;
    json_t *ls = json_object_get(t->json, "learner_summary");
    for (size_t i = 0; i < json_array_size(ls); i++)
        attempts += (long)json_integer_value(json_object_get(json_array_get(ls, i), "attempts"));
    for (size_t i = 0; i < json_array_size(cells); i++)
        for (size_t j = 0; j < json_array_size(skills); j++) {
            json_t *cell = json_array_get(json_array_get(cells, i), j);
            if (json_is_null(cell)) continue;
            practised_cells++;
            long step = (long)json_integer_value(json_object_get(cell, "step"));
            double p = json_real_value(json_object_get(cell, "p"));
            assert_true(step >= 1 && step <= 4);
            assert_true(json_is_true(json_object_get(cell, "m")) == (step == 4));
            assert_true(p >= 0 && p <= 1);
        }
    assert_true(attempts > 0);
    assert_true(practised_cells > 0);
    assert_int_equal(json_array_size(json_object_get(t->json, "skill_summary")), json_array_size(skills));
    /* one ladder only */
    assert_int_equal(req_path(t, "GET", NULL, "/api/classes/%lld/%s", id, "mastery?ladder=read_fr"), 200);
    skills = json_object_get(t->json, "skills");
    for (size_t j = 0; j < json_array_size(skills); j++)
        assert_string_equal(json_string_value(json_object_get(json_array_get(skills, j), "ladder")), "read_fr");
    assert_int_equal(req_path(t, "GET", NULL, "/api/classes/%lld/%s", id, "mastery?ladder=physics"), 400);
    assert_string_equal(hc_str(t, "error", "field"), "ladder");
    hc_free(t);
}

static const char *const ROUTES_GET[] = {"mastery", "groups", "assignments", "alerts", "items", "export.csv", "xapi"};

static void every_route_checks_the_class(void **state)
{
    (void)state;
    fixture f;
    make_class(&f);
    long long demo = demo_class();
    hc *other = as_teacher(&f), *learner = hc_as("amina"), *director = hc_as("director"), *admin = hc_as("admin"),
       *teacher = hc_as("teacher");
    for (size_t i = 0; i < sizeof ROUTES_GET / sizeof *ROUTES_GET; i++) {
        assert_int_equal(req_path(other, "GET", NULL, "/api/classes/%lld/%s", demo, ROUTES_GET[i]), 403);
        assert_int_equal(req_path(learner, "GET", NULL, "/api/classes/%lld/%s", demo, ROUTES_GET[i]), 403);
        assert_int_equal(req_path(teacher, "GET", NULL, "/api/classes/%lld/%s", 999999, ROUTES_GET[i]), 404);
        assert_int_equal(req_path(director, "GET", NULL, "/api/classes/%lld/%s", demo, ROUTES_GET[i]), 200);
        assert_int_equal(req_path(admin, "GET", NULL, "/api/classes/%lld/%s", f.klass, ROUTES_GET[i]), 200);
        assert_int_equal(req_path(teacher, "GET", NULL, "/api/classes/%lld/%s", f.klass, ROUTES_GET[i]), 403);
    }
    /* writes too, and nothing changes */
    char path[128];
    snprintf(path, sizeof path, "/api/classes/%lld/learners/%lld/oral", f.klass, f.l1);
    assert_int_equal(hc_req(teacher, "POST", path, "{\"ladder\":\"read_ar\",\"level\":2}"), 403);
    assert_int_equal(hc_req(learner, "POST", path, "{\"ladder\":\"read_ar\",\"level\":2}"), 403);
    snprintf(path, sizeof path, "/api/classes/%lld/learners/%lld", f.klass, f.l1);
    assert_int_equal(hc_req(teacher, "GET", path, NULL), 403);
    assert_int_equal(req_path(teacher, "POST", "{\"ladder\":\"math\"}", "/api/classes/%lld/%s", f.klass, "groups"), 403);
    assert_int_equal(req_path(learner, "POST", "{\"ladder\":\"math\"}", "/api/classes/%lld/%s", demo, "groups"), 403);
    assert_int_equal(req_path(teacher, "POST", "{\"kind\":\"skill\",\"targets\":[\"add.facts.to-9\"],\"to\":\"class\",\"due\":\"2099-01-01\"}",
                              "/api/classes/%lld/%s", f.klass, "assignments"),
                     403);
    assert_int_equal(req_path(teacher, "DELETE", NULL, "/api/classes/%lld/%s", f.klass, "assignments/1"), 403);
    assert_int_equal(req_path(other, "GET", NULL, "/api/classes/%lld/%s", f.klass, "groups"), 200);
    json_t *math = ladder_of(other, "math"); /* the refused POST confirmed nothing */
    assert_non_null(math);
    assert_true(json_is_null(json_object_get(math, "grouping_id")));
    hc_free(other);
    hc_free(learner);
    hc_free(director);
    hc_free(admin);
    hc_free(teacher);
}

static void oral_assessment_moves_a_learner_and_regrouping_is_logged(void **state)
{
    (void)state;
    fixture f;
    make_class(&f);
    hc *t = as_teacher(&f);
    char oral[160], body[256];
    snprintf(oral, sizeof oral, "/api/classes/%lld/learners/%lld/oral", f.klass, f.l1);
    /* nobody assessed yet */
    assert_int_equal(req_path(t, "GET", NULL, "/api/classes/%lld/%s", f.klass, "groups"), 200);
    assert_int_equal(group_of(t, "read_ar", f.l1, NULL), -1);
    /* the teacher hears Aya read words: level 3, placed unconfirmed */
    assert_int_equal(hc_req(t, "POST", oral, "{\"ladder\":\"read_ar\",\"level\":3,\"note\":\"reads slowly\"}"), 201);
    assert_string_equal(hc_str(t, "level", "source"), "oral");
    int confirmed = -1;
    assert_int_equal(req_path(t, "GET", NULL, "/api/classes/%lld/%s", f.klass, "groups"), 200);
    assert_int_equal(group_of(t, "read_ar", f.l1, &confirmed), 3);
    assert_int_equal(confirmed, 0);
    assert_true(json_is_null(json_object_get(ladder_of(t, "read_ar"), "grouping_id")));
    /* confirm: Aya is placed, Badr (not assessed) stays out */
    assert_int_equal(req_path(t, "POST", "{\"ladder\":\"read_ar\"}", "/api/classes/%lld/%s", f.klass, "groups"), 201);
    assert_int_equal(json_integer_value(json_object_get(t->json, "moved")), 1);
    assert_int_equal(req_path(t, "GET", NULL, "/api/classes/%lld/%s", f.klass, "groups"), 200);
    assert_int_equal(group_of(t, "read_ar", f.l1, &confirmed), 3);
    assert_int_equal(confirmed, 1);
    assert_int_equal(json_array_size(json_object_get(ladder_of(t, "read_ar"), "suggestions")), 0);
    /* the next assessment round hears sentences: a suggestion, the group unchanged until confirmed */
    assert_int_equal(hc_req(t, "POST", oral, "{\"ladder\":\"read_ar\",\"level\":4}"), 201);
    assert_int_equal(req_path(t, "GET", NULL, "/api/classes/%lld/%s", f.klass, "groups"), 200);
    assert_int_equal(group_of(t, "read_ar", f.l1, NULL), 3);
    json_t *sugg = json_object_get(ladder_of(t, "read_ar"), "suggestions");
    assert_int_equal(json_array_size(sugg), 1);
    json_t *s0 = json_array_get(sugg, 0);
    assert_int_equal(json_integer_value(json_object_get(s0, "learner_id")), f.l1);
    assert_int_equal(json_integer_value(json_object_get(s0, "from")), 3);
    assert_int_equal(json_integer_value(json_object_get(s0, "to")), 4);
    assert_non_null(strstr(json_string_value(json_object_get(s0, "reason")), "oral"));
    /* bad moves change nothing */
    snprintf(body, sizeof body, "{\"ladder\":\"read_ar\",\"moves\":[{\"learner_id\":%lld,\"level\":99}]}", f.l1);
    assert_int_equal(req_path(t, "POST", body, "/api/classes/%lld/%s", f.klass, "groups"), 400);
    assert_string_equal(hc_str(t, "error", "field"), "moves");
    assert_int_equal(req_path(t, "POST", "{\"ladder\":\"read_ar\",\"moves\":[{\"learner_id\":1,\"level\":1}]}",
                              "/api/classes/%lld/%s", f.klass, "groups"),
                     400);
    assert_int_equal(req_path(t, "POST", "{\"ladder\":\"chess\"}", "/api/classes/%lld/%s", f.klass, "groups"), 400);
    assert_string_equal(hc_str(t, "error", "field"), "ladder");
    /* the teacher moves her */
    snprintf(body, sizeof body, "{\"ladder\":\"read_ar\",\"moves\":[{\"learner_id\":%lld,\"level\":4}],\"note\":\"round 2\"}", f.l1);
    assert_int_equal(req_path(t, "POST", body, "/api/classes/%lld/%s", f.klass, "groups"), 201);
    assert_int_equal(json_integer_value(json_object_get(t->json, "moved")), 1);
    assert_int_equal(req_path(t, "GET", NULL, "/api/classes/%lld/%s", f.klass, "groups"), 200);
    assert_int_equal(group_of(t, "read_ar", f.l1, &confirmed), 4);
    assert_int_equal(confirmed, 1);
    json_t *lad = ladder_of(t, "read_ar");
    assert_int_equal(json_array_size(json_object_get(lad, "suggestions")), 0);
    json_t *hist = json_object_get(lad, "history");
    assert_int_equal(json_array_size(hist), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(hist, 0), "note")), "round 2");
    assert_string_equal(json_string_value(json_object_get(json_array_get(hist, 0), "by")), "Teacher");
    hc_free(t);
}

static void oral_assessment_checks_its_fields(void **state)
{
    (void)state;
    fixture f;
    make_class(&f);
    hc *t = as_teacher(&f);
    char path[160], big[1400];
    snprintf(path, sizeof path, "/api/classes/%lld/learners/%lld/oral", f.klass, f.l2);
    assert_int_equal(hc_req(t, "POST", path, "{\"ladder\":\"math\",\"level\":2}"), 400);
    assert_string_equal(hc_str(t, "error", "field"), "ladder");
    assert_int_equal(hc_req(t, "POST", path, "{\"ladder\":\"read_fr\",\"level\":42}"), 400);
    assert_string_equal(hc_str(t, "error", "field"), "level");
    assert_int_equal(hc_req(t, "POST", path, "{\"ladder\":\"read_fr\"}"), 400);
    assert_int_equal(hc_req(t, "POST", path, "{\"ladder\":\"read_fr\",\"level\":1,\"colour\":1}"), 400);
    const char *head = "{\"ladder\":\"read_fr\",\"level\":1,\"note\":\"";
    size_t hl = strlen(head);
    memcpy(big, head, hl);
    memset(big + hl, 'x', 1100);
    memcpy(big + hl + 1100, "\"}", 3);
    assert_int_equal(hc_req(t, "POST", path, big), 400);
    assert_string_equal(hc_str(t, "error", "field"), "note");
    /* a user who is not a learner of this class */
    snprintf(path, sizeof path, "/api/classes/%lld/learners/%d/oral", f.klass, 1);
    assert_int_equal(hc_req(t, "POST", path, "{\"ladder\":\"read_fr\",\"level\":1}"), 404);
    /* nothing was recorded */
    snprintf(path, sizeof path, "/api/classes/%lld/learners/%lld", f.klass, f.l2);
    assert_int_equal(hc_req(t, "GET", path, NULL), 200);
    assert_int_equal(json_array_size(json_object_get(t->json, "levels")), 0);
    assert_int_equal(json_array_size(json_object_get(t->json, "oral_notes")), 0);
    hc_free(t);
}

static long long find_assignment(hc *c, long long id)
{
    json_t *as = json_object_get(c->json, "assignments");
    for (size_t i = 0; i < json_array_size(as); i++)
        if (json_integer_value(json_object_get(json_array_get(as, i), "id")) == id) return (long long)i;
    return -1;
}

static void assignments_to_class_group_and_learner(void **state)
{
    (void)state;
    fixture f;
    make_class(&f);
    hc *t = as_teacher(&f);
    char body[512], oral[160];
    const char *base = "/api/classes/%lld/%s";
    assert_int_equal(req_path(t, "POST", "{\"kind\":\"skill\",\"targets\":[\"add.facts.to-9\"],\"to\":\"class\",\"due\":\"2099-06-30\"}",
                              base, f.klass, "assignments"),
                     201);
    long long whole = json_integer_value(json_object_get(t->json, "id"));
    assert_int_equal(json_integer_value(json_object_get(t->json, "learners")), 2);
    /* a group: Badr heard at syllables */
    snprintf(oral, sizeof oral, "/api/classes/%lld/learners/%lld/oral", f.klass, f.l2);
    assert_int_equal(hc_req(t, "POST", oral, "{\"ladder\":\"read_fr\",\"level\":2}"), 201);
    assert_int_equal(req_path(t, "POST", "{\"kind\":\"skill\",\"targets\":[\"fr.syllabes\"],\"to\":\"group\",\"ladder\":\"read_fr\",\"level\":2,\"due\":\"2099-06-30\",\"title\":\"Syllabes\"}",
                              base, f.klass, "assignments"),
                     201);
    long long grp = json_integer_value(json_object_get(t->json, "id"));
    assert_int_equal(json_integer_value(json_object_get(t->json, "learners")), 1);
    snprintf(body, sizeof body, "{\"kind\":\"skill\",\"targets\":[\"num.read.1-9\",\"num.sequence.1-20\"],\"to\":\"learner\",\"learner_id\":%lld,\"due\":\"2099-07-01\"}", f.l1);
    assert_int_equal(req_path(t, "POST", body, base, f.klass, "assignments"), 201);
    assert_int_equal(req_path(t, "GET", NULL, base, f.klass, "assignments"), 200);
    long long i = find_assignment(t, whole), j = find_assignment(t, grp);
    assert_true(i >= 0 && j >= 0);
    json_t *a = json_array_get(json_object_get(t->json, "assignments"), (size_t)i);
    assert_string_equal(json_string_value(json_object_get(json_object_get(a, "to"), "type")), "class");
    assert_int_equal(json_integer_value(json_object_get(a, "learners_total")), 2);
    assert_int_equal(json_integer_value(json_object_get(a, "learners_done")), 0);
    assert_true(json_is_false(json_object_get(a, "overdue")));
    json_t *g = json_array_get(json_object_get(t->json, "assignments"), (size_t)j);
    assert_string_equal(json_string_value(json_object_get(json_object_get(g, "to"), "type")), "group");
    assert_string_equal(json_string_value(json_object_get(json_object_get(g, "to"), "ladder")), "read_fr");
    assert_string_equal(json_string_value(json_object_get(g, "title")), "Syllabes");
    /* bad ones: nothing stored */
    size_t before = json_array_size(json_object_get(t->json, "assignments"));
    static const struct {
        const char *body, *field;
    } bad[] = {
        {"{\"kind\":\"skill\",\"targets\":[\"no.such.skill\"],\"to\":\"class\",\"due\":\"2099-06-30\"}", "targets"},
        {"{\"kind\":\"skill\",\"targets\":[],\"to\":\"class\",\"due\":\"2099-06-30\"}", "targets"},
        {"{\"kind\":\"skill\",\"targets\":[\"add.facts.to-9\"],\"to\":\"class\",\"due\":\"2001-01-01\"}", "due"},
        {"{\"kind\":\"skill\",\"targets\":[\"add.facts.to-9\"],\"to\":\"class\",\"due\":\"2099-02-31\"}", "due"},
        {"{\"kind\":\"skill\",\"targets\":[\"add.facts.to-9\"],\"to\":\"class\",\"due\":\"tomorrow\"}", "due"},
        {"{\"kind\":\"skill\",\"targets\":[\"add.facts.to-9\"],\"to\":\"learner\",\"learner_id\":1,\"due\":\"2099-06-30\"}", "learner_id"},
        {"{\"kind\":\"skill\",\"targets\":[\"add.facts.to-9\"],\"to\":\"group\",\"ladder\":\"math\",\"level\":6,\"due\":\"2099-06-30\"}", "level"},
        {"{\"kind\":\"skill\",\"targets\":[\"add.facts.to-9\"],\"to\":\"everyone\",\"due\":\"2099-06-30\"}", "to"},
        {"{\"kind\":\"poem\",\"targets\":[\"add.facts.to-9\"],\"to\":\"class\",\"due\":\"2099-06-30\"}", "kind"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        assert_int_equal(req_path(t, "POST", bad[k].body, base, f.klass, "assignments"), 400);
        assert_string_equal(hc_str(t, "error", "field"), bad[k].field);
    }
    assert_int_equal(req_path(t, "GET", NULL, base, f.klass, "assignments"), 200);
    assert_int_equal(json_array_size(json_object_get(t->json, "assignments")), before);
    /* delete: once */
    char path[160];
    snprintf(path, sizeof path, "/api/classes/%lld/assignments/%lld", f.klass, whole);
    hc *demo_teacher = hc_as("teacher");
    assert_int_equal(hc_req(demo_teacher, "DELETE", path, NULL), 403);
    hc_free(demo_teacher);
    assert_int_equal(hc_req(t, "DELETE", path, NULL), 204);
    assert_int_equal(hc_req(t, "DELETE", path, NULL), 404);
    assert_int_equal(req_path(t, "GET", NULL, base, f.klass, "assignments"), 200);
    assert_int_equal(find_assignment(t, whole), -1);
    hc_free(t);
}

static void alerts_items_learner_page_and_export(void **state)
{
    (void)state;
    long long id = demo_class();
    hc *t = hc_as("teacher");
    assert_int_equal(req_path(t, "GET", NULL, "/api/classes/%lld/%s", id, "alerts"), 200);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(t->json, "rules"), "wrong_streak")), 5);
    json_t *alerts = json_object_get(t->json, "alerts");
    for (size_t i = 0; i < json_array_size(alerts); i++) {
        json_t *a = json_array_get(alerts, i);
        assert_true(strlen(json_string_value(json_object_get(a, "reason"))) > 10);
        assert_true(json_integer_value(json_object_get(a, "learner_id")) > 0);
    }
    assert_int_equal(req_path(t, "GET", NULL, "/api/classes/%lld/%s", id, "items"), 200);
    json_t *items = json_object_get(t->json, "items");
    assert_true(json_array_size(items) > 0);
    for (size_t i = 1; i < json_array_size(items); i++)
        assert_true(json_integer_value(json_object_get(json_array_get(items, i - 1), "wrong")) >=
                    json_integer_value(json_object_get(json_array_get(items, i), "wrong")));
    assert_int_equal(req_path(t, "GET", NULL, "/api/classes/%lld/%s", id, "items?limit=0"), 400);
    /* the learner page of amina */
    assert_int_equal(req_path(t, "GET", NULL, "/api/classes/%lld/%s", id, "mastery"), 200);
    long long amina = 0;
    json_t *ls = json_object_get(t->json, "learners");
    for (size_t i = 0; i < json_array_size(ls); i++)
        if (strcmp(json_string_value(json_object_get(json_array_get(ls, i), "login")), "amina") == 0)
            amina = json_integer_value(json_object_get(json_array_get(ls, i), "id"));
    assert_true(amina > 0);
    char path[160];
    snprintf(path, sizeof path, "/api/classes/%lld/learners/%lld", id, amina);
    assert_int_equal(hc_req(t, "GET", path, NULL), 200);
    assert_string_equal(hc_str(t, "learner", "login"), "amina");
    assert_true(json_array_size(json_object_get(t->json, "levels")) >= 1);
    assert_true(json_array_size(json_object_get(t->json, "skills")) >= 1);
    assert_int_equal(json_array_size(json_object_get(t->json, "groups")), 3);
    /* her last 20 answers, newest first, each item regenerated with its skill */
    json_t *recent = json_object_get(t->json, "recent_answers");
    assert_int_equal(json_array_size(recent), 20);
    for (size_t i = 0; i < json_array_size(recent); i++) {
        json_t *x = json_array_get(recent, i);
        assert_true(strlen(json_string_value(json_object_get(x, "prompt"))) > 0);
        assert_non_null(json_string_value(json_object_get(x, "skill_title_fr")));
        assert_non_null(json_string_value(json_object_get(x, "response")));
        assert_true(json_is_boolean(json_object_get(x, "correct")));
        assert_true(strncmp(json_string_value(json_object_get(x, "item_id")),
                            json_string_value(json_object_get(x, "template_id")),
                            strlen(json_string_value(json_object_get(x, "template_id")))) == 0);
        if (i) assert_true(json_integer_value(json_object_get(json_array_get(recent, i - 1), "id")) >
                           json_integer_value(json_object_get(x, "id")));
    }
    snprintf(path, sizeof path, "/api/classes/%lld/learners/%d", id, 999999);
    assert_int_equal(hc_req(t, "GET", path, NULL), 404);
    /* CSV: a BOM, the header, Arabic names intact */
    assert_int_equal(req_path(t, "GET", NULL, "/api/classes/%lld/%s", id, "export.csv"), 200);
    assert_true(hc_has_header(t, "text/csv"));
    assert_true(hc_has_header(t, "attachment"));
    assert_memory_equal(t->body, "\xEF\xBB\xBF" "login,name,name_ar,level_math", 31);
    assert_non_null(strstr(t->body, "amina,Amina Alaoui,أمينة العلوي,"));
    hc_free(t);
}

/* ---- a teacher's import given as a quiz ---- */

static const char QUIZ_GIFT[] = "$CATEGORY: Calcul\n\n::q1:: Combien font 2+2 ? {=4 ~3 ~5}\n\n"
                                "::q2:: La moitié de 10 ? {#5}\n\n$CATEGORY: Mots\n\n"
                                "::q3:: Le contraire de grand ? {=petit ~haut ~large}\n";

/* the learner's next item, answered: right when `right`; returns the template id answered */
static const char *answer_next(hc *l, int right, char *tid, size_t cap)
{
    assert_int_equal(hc_req(l, "POST", "/api/practice/next", "{}"), 200);
    json_t *item = json_object_get(l->json, "item");
    const char *id = json_string_value(json_object_get(item, "id"));
    snprintf(tid, cap, "%.*s", (int)(strchr(id, '#') - id), id);
    assert_string_equal(json_string_value(json_object_get(json_object_get(l->json, "reason"), "code")), "assignment");
    assert_null(json_object_get(item, "skill"));
    /* the answers of QUIZ_GIFT, whatever order the choices were shuffled in */
    char resp[64] = "", body[512];
    const char *type = json_string_value(json_object_get(item, "type"));
    if (strcmp(type, "numeric") == 0) snprintf(resp, sizeof resp, "%s", right ? "5" : "7");
    json_t *choices = json_object_get(item, "choices");
    for (size_t i = 0; i < json_array_size(choices); i++) {
        const char *c = json_string_value(json_array_get(choices, i));
        int good = strcmp(c, "4") == 0 || strcmp(c, "petit") == 0;
        if (good == right && !*resp) snprintf(resp, sizeof resp, "%zu", i);
    }
    snprintf(body, sizeof body, "{\"item_id\":\"%s\",\"response\":\"%s\"}", id, resp);
    assert_int_equal(hc_req(l, "POST", "/api/practice/answer", body), 200);
    assert_true(json_is_boolean(json_object_get(l->json, "correct")));
    assert_int_equal(json_is_true(json_object_get(l->json, "correct")), right);
    assert_true(json_is_null(json_object_get(l->json, "mastery"))); /* no skill state moves */
    return tid;
}

static void an_import_assigned_as_a_quiz_is_served_graded_and_counted(void **state)
{
    (void)state;
    fixture f;
    make_class(&f);
    hc *t = as_teacher(&f);
    char prefix[48], path[256], body[512], login[80];
    snprintf(prefix, sizeof prefix, "%s", hc_unique("quiz-"));
    snprintf(path, sizeof path, "/api/admin/content/import?format=gift&lang=fr&prefix=%s", prefix);
    assert_int_equal(hc_raw(t, "POST", path, "text/plain", QUIZ_GIFT, strlen(QUIZ_GIFT), NULL), 201);
    /* the import's questions and categories, for the form */
    snprintf(path, sizeof path, "/api/content/imports/%s", prefix);
    assert_int_equal(hc_req(t, "GET", path, NULL), 200);
    assert_int_equal(json_array_size(json_object_get(t->json, "items")), 3);
    assert_int_equal(json_array_size(json_object_get(t->json, "categories")), 2);
    assert_string_equal(json_string_value(json_array_get(json_object_get(t->json, "categories"), 0)), "Calcul");
    assert_int_equal(hc_req(t, "GET", "/api/content/imports/no-such-prefix", NULL), 404);
    hc *learner = hc_as("amina");
    assert_int_equal(hc_req(learner, "GET", path, NULL), 403);
    hc_free(learner);
    /* bad quizzes: the field is named, nothing stored */
    const char *base = "/api/classes/%lld/%s";
    static const struct {
        const char *fmt, *field;
    } bad[] = {
        {"{\"kind\":\"quiz\",\"import\":\"no-such-%s\",\"to\":\"class\",\"due\":\"2099-06-30\"}", "import"},
        {"{\"kind\":\"quiz\",\"import\":\"%s\",\"category\":\"Histoire\",\"to\":\"class\",\"due\":\"2099-06-30\"}", "category"},
        {"{\"kind\":\"quiz\",\"import\":\"%s\",\"targets\":[\"add.facts.to-9.t1\"],\"to\":\"class\",\"due\":\"2099-06-30\"}", "targets"},
        {"{\"kind\":\"skill\",\"import\":\"%s\",\"targets\":[\"add.facts.to-9\"],\"to\":\"class\",\"due\":\"2099-06-30\"}", "import"},
        {"{\"kind\":\"quiz\",\"import\":\"%s\",\"to\":\"class\",\"due\":\"2001-06-30\"}", "due"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        snprintf(body, sizeof body, bad[k].fmt, prefix);
        assert_int_equal(req_path(t, "POST", body, base, f.klass, "assignments"), 400);
        assert_string_equal(hc_str(t, "error", "field"), bad[k].field);
    }
    assert_int_equal(req_path(t, "GET", NULL, base, f.klass, "assignments"), 200);
    assert_int_equal(json_array_size(json_object_get(t->json, "assignments")), 0);
    /* another teacher's class is refused */
    hc *demo_teacher = hc_as("teacher");
    snprintf(body, sizeof body, "{\"kind\":\"quiz\",\"import\":\"%s\",\"to\":\"class\",\"due\":\"2099-06-30\"}", prefix);
    assert_int_equal(req_path(demo_teacher, "POST", body, base, f.klass, "assignments"), 403);
    hc_free(demo_teacher);
    /* the "Calcul" category to Aya: two questions, titled by the category */
    snprintf(body, sizeof body,
             "{\"kind\":\"quiz\",\"import\":\"%s\",\"category\":\"Calcul\",\"to\":\"learner\",\"learner_id\":%lld,"
             "\"due\":\"2099-06-30\"}",
             prefix, f.l1);
    assert_int_equal(req_path(t, "POST", body, base, f.klass, "assignments"), 201);
    long long quiz = json_integer_value(json_object_get(t->json, "id"));
    /* Aya practises: both questions come first, "assigned by your teacher"; one right, one wrong */
    snprintf(login, sizeof login, "%s.a", f.cls);
    hc *aya = hc_new();
    assert_int_equal(hc_login(aya, login, "long-enough-pw"), 200);
    char t1[96], t2[96];
    answer_next(aya, 1, t1, sizeof t1);
    answer_next(aya, 0, t2, sizeof t2);
    assert_string_not_equal(t1, t2);
    /* the quiz is done: practice goes on with the curriculum; no skill state was touched */
    assert_int_equal(hc_req(aya, "POST", "/api/practice/next", "{}"), 200);
    assert_string_not_equal(json_string_value(json_object_get(json_object_get(aya->json, "reason"), "code")), "assignment");
    assert_int_equal(hc_req(aya, "GET", "/api/progress", NULL), 200);
    assert_int_equal(json_array_size(json_object_get(aya->json, "learning")), 0);
    assert_int_equal(json_array_size(json_object_get(aya->json, "mastered")), 0);
    hc_free(aya);
    /* the teacher sees it done, one right of two; the heatmap has no cell for it */
    assert_int_equal(req_path(t, "GET", NULL, base, f.klass, "assignments"), 200);
    long long i = find_assignment(t, quiz);
    assert_true(i >= 0);
    json_t *a = json_array_get(json_object_get(t->json, "assignments"), (size_t)i);
    assert_string_equal(json_string_value(json_object_get(a, "kind")), "quiz");
    assert_string_equal(json_string_value(json_object_get(a, "title")), "Calcul");
    assert_int_equal(json_array_size(json_object_get(a, "targets")), 2);
    assert_non_null(json_string_value(json_object_get(json_array_get(json_object_get(a, "targets"), 0), "stem")));
    assert_int_equal(json_integer_value(json_object_get(a, "learners_done")), 1);
    json_t *one = json_array_get(json_object_get(a, "learners"), 0);
    assert_int_equal(json_integer_value(json_object_get(one, "targets_done")), 2);
    assert_int_equal(json_integer_value(json_object_get(one, "right")), 1);
    assert_true(json_is_true(json_object_get(one, "done")));
    assert_int_equal(req_path(t, "GET", NULL, base, f.klass, "mastery"), 200);
    json_t *row = json_array_get(json_object_get(t->json, "cells"), 0);
    for (size_t j = 0; j < json_array_size(row); j++) assert_true(json_is_null(json_array_get(row, j)));
    /* the most-missed list names the imported question with its stem */
    assert_int_equal(req_path(t, "GET", NULL, base, f.klass, "items"), 200);
    json_t *missed = json_array_get(json_object_get(t->json, "items"), 0);
    assert_string_equal(json_string_value(json_object_get(missed, "template_id")), t2);
    assert_non_null(json_string_value(json_object_get(missed, "stem_fr")));

    /* Aya's page: her two answers, newest first, the question as she saw it, no skill */
    snprintf(path, sizeof path, "/api/classes/%lld/learners/%lld", f.klass, f.l1);
    assert_int_equal(hc_req(t, "GET", path, NULL), 200);
    json_t *recent = json_object_get(t->json, "recent_answers");
    assert_int_equal(json_array_size(recent), 2);
    json_t *last = json_array_get(recent, 0), *first = json_array_get(recent, 1);
    assert_string_equal(json_string_value(json_object_get(last, "template_id")), t2);
    assert_string_equal(json_string_value(json_object_get(first, "template_id")), t1);
    assert_true(json_is_false(json_object_get(last, "correct")) && json_is_true(json_object_get(first, "correct")));
    assert_true(json_is_null(json_object_get(last, "skill_id")) || !json_object_get(last, "skill_id"));
    assert_non_null(strstr(json_string_value(json_object_get(last, "prompt")), "?"));
    /* the right answer to the choice question is its choice's text, whatever the shuffle */
    const char *shown = json_string_value(json_object_get(first, "response_text"));
    if (strcmp(t1 + strlen(t1) - 2, ".1") == 0) assert_string_equal(shown, "4");
    else assert_null(shown);
    /* her two answers as xAPI statements, oldest first; the imported question has no skill */
    assert_int_equal(req_path(t, "GET", NULL, base, f.klass, "xapi"), 200);
    json_t *st = json_object_get(t->json, "statements");
    assert_int_equal(json_array_size(st), 2);
    assert_string_equal(json_string_value(json_object_get(t->json, "more")), "");
    char aya_id[24], item_tail[128];
    snprintf(aya_id, sizeof aya_id, "%lld", f.l1);
    snprintf(item_tail, sizeof item_tail, "/items/%s", t1);
    json_t *s0 = json_array_get(st, 0);
    assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(s0, "actor"), "account"), "name")), aya_id);
    const char *oid = json_string_value(json_object_get(json_object_get(s0, "object"), "id"));
    assert_string_equal(oid + strlen(oid) - strlen(item_tail), item_tail);
    assert_true(json_is_true(json_object_get(json_object_get(s0, "result"), "success")));
    assert_true(json_is_false(json_object_get(json_object_get(json_array_get(st, 1), "result"), "success")));
    assert_null(strstr(t->body, "Aya"));
    /* all of the import, chosen questions: the whole class */
    snprintf(body, sizeof body,
             "{\"kind\":\"quiz\",\"import\":\"%s\",\"targets\":[\"%s.3\"],\"to\":\"class\",\"due\":\"2099-06-30\",\"title\":\"Mots\"}",
             prefix, prefix);
    assert_int_equal(req_path(t, "POST", body, base, f.klass, "assignments"), 201);
    assert_int_equal(json_integer_value(json_object_get(t->json, "learners")), 2);
    hc_free(t);
}

/* ---- xAPI ---- */

static void xapi_statements_of_the_demo_class_page_by_cursor(void **state)
{
    (void)state;
    long long id = demo_class();
    hc *t = hc_as("teacher");
    assert_int_equal(req_path(t, "GET", NULL, "/api/classes/%lld/%s", id, "xapi?limit=5&since=2000-01-01"), 200);
    assert_true(hc_has_header(t, "X-Experience-API-Version: 1.0.3"));
    json_t *st = json_object_get(t->json, "statements");
    assert_int_equal(json_array_size(st), 5);
    char more[256], ids[10][40];
    snprintf(more, sizeof more, "%s", json_string_value(json_object_get(t->json, "more")));
    assert_non_null(strstr(more, "cursor="));
    assert_non_null(strstr(more, "since=2000-01-01"));
    for (size_t i = 0; i < 5; i++) {
        json_t *x = json_array_get(st, i);
        snprintf(ids[i], sizeof ids[i], "%s", json_string_value(json_object_get(x, "id")));
        assert_int_equal(strlen(ids[i]), 36);
        assert_string_equal(json_string_value(json_object_get(json_object_get(x, "verb"), "id")),
                            "http://adlnet.gov/expapi/verbs/answered");
        json_t *actor = json_object_get(x, "actor");
        assert_string_equal(json_string_value(json_object_get(actor, "objectType")), "Agent");
        assert_true(strtoll(json_string_value(json_object_get(json_object_get(actor, "account"), "name")), NULL, 10) > 0);
        assert_null(json_object_get(actor, "name"));
        assert_non_null(strstr(json_string_value(json_object_get(json_object_get(x, "object"), "id")), "/items/"));
        assert_true(json_is_boolean(json_object_get(json_object_get(x, "result"), "success")));
        const char *ts = json_string_value(json_object_get(x, "timestamp"));
        assert_int_equal(strlen(ts), 20);
        assert_int_equal(ts[19], 'Z');
    }
    /* no personal data: no name, no login */
    assert_null(strstr(t->body, "Alaoui"));
    assert_null(strstr(t->body, "amina"));
    /* the next page continues where this one stopped; the same export gives the same ids */
    assert_int_equal(hc_req(t, "GET", more, NULL), 200);
    st = json_object_get(t->json, "statements");
    assert_int_equal(json_array_size(st), 5);
    for (size_t i = 0; i < 5; i++) {
        snprintf(ids[5 + i], sizeof ids[5 + i], "%s", json_string_value(json_object_get(json_array_get(st, i), "id")));
        for (size_t j = 0; j < 5; j++) assert_string_not_equal(ids[5 + i], ids[j]);
    }
    assert_int_equal(req_path(t, "GET", NULL, "/api/classes/%lld/%s", id, "xapi?limit=5&since=2000-01-01"), 200);
    assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(t->json, "statements"), 0), "id")), ids[0]);
    /* a date in the future: nothing, and no next page */
    assert_int_equal(req_path(t, "GET", NULL, "/api/classes/%lld/%s", id, "xapi?since=2099-01-01T00:00:00Z"), 200);
    assert_int_equal(json_array_size(json_object_get(t->json, "statements")), 0);
    assert_string_equal(json_string_value(json_object_get(t->json, "more")), "");
    static const struct {
        const char *query, *field;
    } bad[] = {
        {"xapi?since=yesterday", "since"}, {"xapi?since=2026-02-30", "since"}, {"xapi?since=2026-01-01T10:00:00", "since"},
        {"xapi?limit=0", "limit"},         {"xapi?limit=5001", "limit"},      {"xapi?cursor=-3", "cursor"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(req_path(t, "GET", NULL, "/api/classes/%lld/%s", id, bad[i].query), 400);
        assert_string_equal(hc_str(t, "error", "field"), bad[i].field);
    }
    hc_free(t);
}

/* The most-missed list shows each template as one instance (seed 1) in the teacher's language,
 * never its raw text: the demo class missed templates written "{t} dizaines et {u} unités",
 * "{@nombres:n}"… and mistakes whose feedback says "vient avant {n}", which must all come out
 * with numbers and words in them. */
static void most_missed_items_are_instances_in_the_teachers_language(void **state)
{
    (void)state;
    long long id = demo_class();
    hc *t = hc_as("teacher");
    assert_int_equal(hc_req(t, "GET", "/api/me", NULL), 200);
    char lang[8];
    snprintf(lang, sizeof lang, "%s", json_string_value(json_object_get(t->json, "lang")));
    assert_int_equal(req_path(t, "GET", NULL, "/api/classes/%lld/%s", id, "items?limit=100"), 200);
    json_t *items = json_object_get(t->json, "items");
    assert_true(json_array_size(items) > 0);
    int with_digits = 0, with_feedback = 0;
    for (size_t i = 0; i < json_array_size(items); i++) {
        json_t *it = json_array_get(items, i);
        const char *tpl = json_string_value(json_object_get(it, "template_id"));
        const char *stem = json_string_value(json_object_get(it, "stem"));
        const char *fr = json_string_value(json_object_get(it, "stem_fr"));
        const char *ar = json_string_value(json_object_get(it, "stem_ar"));
        assert_non_null(stem);
        assert_non_null(fr);
        assert_non_null(ar);
        assert_true(*stem);
        /* no placeholder left, in any language shown, the misconception's feedback included */
        assert_null(strchr(stem, '{'));
        assert_null(strchr(fr, '{'));
        assert_null(strchr(ar, '{'));
        static const char *const feedback[] = {"feedback", "feedback_ar", "feedback_fr"};
        for (size_t f = 0; f < sizeof feedback / sizeof *feedback; f++) {
            const char *fb = json_string_value(json_object_get(it, feedback[f]));
            assert_true(!fb || !strchr(fb, '{'));
            with_feedback += fb != NULL;
        }
        /* the same instance every time: the template's id and seed 1 */
        char example[160];
        snprintf(example, sizeof example, "%s#1", tpl);
        assert_string_equal(json_string_value(json_object_get(it, "example_id")), example);
        /* bundled content is written in Arabic and French: the teacher reads their own */
        if (strcmp(lang, "ar") == 0 || strcmp(lang, "fr") == 0) {
            assert_string_equal(json_string_value(json_object_get(it, "stem_lang")), lang);
            assert_string_equal(stem, strcmp(lang, "ar") == 0 ? ar : fr);
        }
        assert_non_null(json_string_value(json_object_get(it, "skill_title")));
        assert_non_null(json_string_value(json_object_get(it, "answer")));
        with_digits += strpbrk(fr, "0123456789") != NULL;
    }
    assert_true(with_digits > 0);
    assert_true(with_feedback > 0);
    hc_free(t);
}

/* A wrong choice is named by its text in the most-missed list: each learner's choices come in
 * their own order, so the position ("0", "2") a learner sent says nothing across learners. */
static void a_wrong_choice_is_named_by_its_text(void **state)
{
    (void)state;
    fixture f;
    make_class(&f);
    hc *t = as_teacher(&f);
    static const char gift[] = "::c1:: Combien font 6+3 ? {=9 ~8 ~10 ~11}\n";
    char prefix[48], path[256], body[512], login[80];
    snprintf(prefix, sizeof prefix, "%s", hc_unique("wrongc-"));
    snprintf(path, sizeof path, "/api/admin/content/import?format=gift&lang=fr&prefix=%s", prefix);
    assert_int_equal(hc_raw(t, "POST", path, "text/plain", gift, strlen(gift), NULL), 201);
    for (int k = 0; k < 2; k++) { /* both learners of the class get it */
        long long lid = k ? f.l2 : f.l1;
        snprintf(body, sizeof body,
                 "{\"kind\":\"quiz\",\"import\":\"%s\",\"to\":\"learner\",\"learner_id\":%lld,\"due\":\"2099-06-30\"}",
                 prefix, lid);
        assert_int_equal(req_path(t, "POST", body, "/api/classes/%lld/%s", f.klass, "assignments"), 201);
        snprintf(login, sizeof login, "%s.%c", f.cls, k ? 'b' : 'a');
        hc *l = hc_new();
        assert_int_equal(hc_login(l, login, "long-enough-pw"), 200);
        assert_int_equal(hc_req(l, "POST", "/api/practice/next", "{}"), 200);
        json_t *item = json_object_get(l->json, "item"), *choices = json_object_get(item, "choices");
        size_t at = json_array_size(choices);
        for (size_t i = 0; i < json_array_size(choices); i++)
            if (strcmp(json_string_value(json_array_get(choices, i)), "8") == 0) at = i;
        assert_true(at < json_array_size(choices));
        snprintf(body, sizeof body, "{\"item_id\":\"%s\",\"response\":\"%zu\"}",
                 json_string_value(json_object_get(item, "id")), at);
        assert_int_equal(hc_req(l, "POST", "/api/practice/answer", body), 200);
        assert_true(json_is_false(json_object_get(l->json, "correct")));
        hc_free(l);
    }
    assert_int_equal(req_path(t, "GET", NULL, "/api/classes/%lld/%s", f.klass, "items"), 200);
    json_t *row = json_array_get(json_object_get(t->json, "items"), 0);
    assert_int_equal(json_integer_value(json_object_get(row, "wrong")), 2);
    assert_string_equal(json_string_value(json_object_get(row, "wrong_response")), "8");
    assert_int_equal(json_integer_value(json_object_get(row, "wrong_response_count")), 2);
    hc_free(t);
}

/* ---- dismissing an alert ---- */

/* the learner answers their next item with a response no item accepts */
static void answer_wrong(hc *l)
{
    char body[512];
    assert_int_equal(hc_req(l, "POST", "/api/practice/next", "{}"), 200);
    snprintf(body, sizeof body, "{\"item_id\":\"%s\",\"response\":\"zzz-not-an-answer\"}",
             json_string_value(json_object_get(json_object_get(l->json, "item"), "id")));
    assert_int_equal(hc_req(l, "POST", "/api/practice/answer", body), 200);
    assert_true(json_is_false(json_object_get(l->json, "correct")));
}

/* how many alerts of `kind` for `learner` the last GET …/alerts listed (and their dismissed flag) */
static int alerts_of(hc *c, long long learner, const char *kind, int *dismissed_flag)
{
    json_t *al = json_object_get(c->json, "alerts");
    int n = 0;
    for (size_t i = 0; i < json_array_size(al); i++) {
        json_t *a = json_array_get(al, i);
        if (json_integer_value(json_object_get(a, "learner_id")) != learner ||
            strcmp(json_string_value(json_object_get(a, "kind")), kind) != 0)
            continue;
        n++;
        if (dismissed_flag) *dismissed_flag = json_is_true(json_object_get(a, "dismissed"));
    }
    return n;
}

static void a_dismissed_alert_comes_back_only_with_a_newer_answer(void **state)
{
    (void)state;
    fixture f;
    make_class(&f);
    char login[80], body[256];
    snprintf(login, sizeof login, "%s.a", f.cls);
    hc *aya = hc_new(), *t = as_teacher(&f), *admin = hc_as("admin");
    assert_int_equal(hc_login(aya, login, "long-enough-pw"), 200);
    for (int i = 0; i < 5; i++) answer_wrong(aya);
    const char *base = "/api/classes/%lld/%s";
    assert_int_equal(req_path(t, "GET", NULL, base, f.klass, "alerts"), 200);
    assert_int_equal(alerts_of(t, f.l1, "wrong_streak", NULL), 1);
    /* bad dismissals name their field; a learner, another class's teacher are refused */
    static const struct {
        const char *fmt, *field;
        long status;
    } bad[] = {
        {"{\"learner_id\":%lld,\"kind\":\"bogus\"}", "kind", 400},
        {"{\"learner_id\":1%lld,\"kind\":\"wrong_streak\"}", "learner_id", 400},
        {"{\"learner_id\":%lld,\"kind\":\"stuck\"}", "skill_id", 400},
        {"{\"learner_id\":%lld,\"kind\":\"overdue\"}", "assignment_id", 400},
        {"{\"learner_id\":%lld,\"kind\":\"falling\"}", "kind", 404},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        snprintf(body, sizeof body, bad[i].fmt, f.l1);
        assert_int_equal(req_path(t, "POST", body, base, f.klass, "alerts/dismiss"), bad[i].status);
        assert_string_equal(hc_str(t, "error", "field"), bad[i].field);
    }
    snprintf(body, sizeof body, "{\"learner_id\":%lld,\"kind\":\"wrong_streak\"}", f.l1);
    hc *demo_teacher = hc_as("teacher");
    assert_int_equal(req_path(demo_teacher, "POST", body, base, f.klass, "alerts/dismiss"), 403);
    hc_free(demo_teacher);
    assert_int_equal(req_path(aya, "POST", body, base, f.klass, "alerts/dismiss"), 403);
    /* dismissed: gone from the teacher's list (counted), shown on demand, still there for the admin */
    assert_int_equal(req_path(t, "POST", body, base, f.klass, "alerts/dismiss"), 201);
    assert_int_equal(json_integer_value(json_object_get(t->json, "evidence_answers")), 5);
    assert_int_equal(req_path(t, "GET", NULL, base, f.klass, "alerts"), 200);
    assert_int_equal(alerts_of(t, f.l1, "wrong_streak", NULL), 0);
    assert_int_equal(json_integer_value(json_object_get(t->json, "dismissed")), 1);
    int flag = 0;
    assert_int_equal(req_path(t, "GET", NULL, base, f.klass, "alerts?dismissed=1"), 200);
    assert_int_equal(alerts_of(t, f.l1, "wrong_streak", &flag), 1);
    assert_true(flag);
    assert_int_equal(req_path(t, "GET", NULL, base, f.klass, "alerts?dismissed=maybe"), 400);
    assert_int_equal(req_path(admin, "GET", NULL, base, f.klass, "alerts"), 200);
    assert_int_equal(alerts_of(admin, f.l1, "wrong_streak", NULL), 1);
    char lpath[128];
    snprintf(lpath, sizeof lpath, "/api/classes/%lld/learners/%lld", f.klass, f.l1);
    assert_int_equal(hc_req(t, "GET", lpath, NULL), 200);
    assert_int_equal(alerts_of(t, f.l1, "wrong_streak", NULL), 0);
    /* restore and dismiss again */
    assert_int_equal(req_path(t, "POST", body, base, f.klass, "alerts/restore"), 204);
    assert_int_equal(req_path(t, "POST", body, base, f.klass, "alerts/restore"), 404);
    assert_int_equal(req_path(t, "GET", NULL, base, f.klass, "alerts"), 200);
    assert_int_equal(alerts_of(t, f.l1, "wrong_streak", NULL), 1);
    assert_int_equal(req_path(t, "POST", body, base, f.klass, "alerts/dismiss"), 201);
    /* a newer wrong answer raises it again: back */
    answer_wrong(aya);
    assert_int_equal(req_path(t, "GET", NULL, base, f.klass, "alerts"), 200);
    assert_int_equal(alerts_of(t, f.l1, "wrong_streak", &flag), 1);
    assert_false(flag);
    hc_free(aya);
    hc_free(t);
    hc_free(admin);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_demo_class_heatmap_shows_learners_skills_and_practice),
        cmocka_unit_test(every_route_checks_the_class),
        cmocka_unit_test(oral_assessment_moves_a_learner_and_regrouping_is_logged),
        cmocka_unit_test(oral_assessment_checks_its_fields),
        cmocka_unit_test(assignments_to_class_group_and_learner),
        cmocka_unit_test(alerts_items_learner_page_and_export),
        cmocka_unit_test(most_missed_items_are_instances_in_the_teachers_language),
        cmocka_unit_test(an_import_assigned_as_a_quiz_is_served_graded_and_counted),
        cmocka_unit_test(a_wrong_choice_is_named_by_its_text),
        cmocka_unit_test(xapi_statements_of_the_demo_class_page_by_cursor),
        cmocka_unit_test(a_dismissed_alert_comes_back_only_with_a_newer_answer),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}
