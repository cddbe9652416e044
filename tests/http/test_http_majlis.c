/*
 * test_http_majlis.c — the council's API (docs/api.md, "E-majlis") as its users see it: who
 * sees which body, the session from convocation to minutes, every vote rule (frozen presence,
 * one ballot, quorum, simple/absolute/two-thirds majorities, result written once, annulment by
 * a logged decision), secret ballots with receipts, documents by access level and the session
 * pack, decisions with actions, and the opinion workflow to publication. Runs against the demo
 * council (majlis_demo): the Assembly has 7 voting members, so its quorum is 4.
 */
#include "unit/testing.h"

#include <stdarg.h>

#include "http/http_client.h"

static const char *VOTERS[] = {"m.benali", "m.ouazzani", "member", "m.elfassi", "m.kettani", "m.lahlou", "m.chraibi"};

static long J(hc *c, const char *method, const char *path, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static long J(hc *c, const char *method, const char *path, const char *fmt, ...)
{
    char body[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(body, sizeof body, fmt, ap);
    va_end(ap);
    return hc_req(c, method, path, body);
}

static long long jint(hc *c, const char *k1, const char *k2)
{
    json_t *j = c->json ? json_object_get(c->json, k1) : NULL;
    if (j && k2) j = json_object_get(j, k2);
    return json_is_integer(j) ? (long long)json_integer_value(j) : -1;
}

static int jbool(hc *c, const char *k1, const char *k2)
{
    json_t *j = c->json ? json_object_get(c->json, k1) : NULL;
    if (j && k2) j = json_object_get(j, k2);
    return json_is_true(j);
}

/* body_id: the demo body of that kind whose name starts with prefix */
static long long body_id(hc *c, const char *prefix)
{
    assert_int_equal(hc_req(c, "GET", "/api/majlis/bodies", NULL), 200);
    size_t i;
    json_t *b;
    json_array_foreach(json_object_get(c->json, "bodies"), i, b) {
        const char *name = json_string_value(json_object_get(b, "name"));
        if (strncmp(name, prefix, strlen(prefix)) == 0) return json_integer_value(json_object_get(b, "id"));
    }
    return -1;
}

static long long user_id(hc *c, long long body, const char *login)
{
    char path[96];
    snprintf(path, sizeof path, "/api/majlis/bodies/%lld", body);
    assert_int_equal(hc_req(c, "GET", path, NULL), 200);
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(json_object_get(c->json, "body"), "members"), i, m)
        if (strcmp(json_string_value(json_object_get(m, "login")), login) == 0) return json_integer_value(json_object_get(m, "id"));
    fail_msg("%s is not a member of body %lld", login, body);
    return -1;
}

/* an open session of the Assembly with `npresent` of the voters checked in */
static long long open_session(hc *sec, long long assembly, int npresent, long long starts)
{
    assert_int_equal(J(sec, "POST", "/api/majlis/sessions",
                       "{\"body_id\":%lld,\"kind\":\"ordinary\",\"title\":\"%s\",\"starts_at\":%lld,\"agenda\":"
                       "[{\"title\":\"Budget 2027\"},{\"title\":\"Personnel\",\"closed_door\":true}]}",
                       assembly, hc_unique("Session "), starts),
                     201);
    long long s = jint(sec, "id", NULL);
    char p[128];
    snprintf(p, sizeof p, "/api/majlis/sessions/%lld/convene", s);
    assert_int_equal(hc_req(sec, "POST", p, NULL), 200);
    snprintf(p, sizeof p, "/api/majlis/sessions/%lld/open", s);
    assert_int_equal(hc_req(sec, "POST", p, NULL), 200);
    snprintf(p, sizeof p, "/api/majlis/sessions/%lld/checkin", s);
    for (int i = 0; i < npresent; i++) {
        hc *m = hc_as(VOTERS[i]);
        assert_int_equal(hc_req(m, "POST", p, NULL), 200);
        hc_free(m);
    }
    return s;
}

static long long open_vote(hc *sec, long long body, long long session, const char *kind, const char *majority)
{
    char maj[64] = "";
    if (majority) snprintf(maj, sizeof maj, ",\"majority\":\"%s\"", majority);
    assert_int_equal(J(sec, "POST", "/api/majlis/votes", "{\"body_id\":%lld,\"session_id\":%lld,\"question\":\"%s\","
                                                         "\"kind\":\"%s\"%s}",
                       body, session, hc_unique("Q"), kind, maj),
                     201);
    return jint(sec, "id", NULL);
}

/* cast: voters[from..to) vote `choice`; returns the last status */
static long cast(long long vote, int from, int to, const char *choice)
{
    char p[96];
    long st = 0;
    snprintf(p, sizeof p, "/api/majlis/votes/%lld/ballot", vote);
    for (int i = from; i < to; i++) {
        hc *m = hc_as(VOTERS[i]);
        st = J(m, "POST", p, "{\"choice\":\"%s\"}", choice);
        hc_free(m);
    }
    return st;
}

static void close_vote(hc *sec, long long vote, const char *body)
{
    char p[96];
    snprintf(p, sizeof p, "/api/majlis/votes/%lld/close", vote);
    assert_int_equal(hc_req(sec, "POST", p, body), 200);
}

static void the_council_api_needs_a_council_role(void **state)
{
    (void)state;
    hc *anon = hc_new(), *learner = hc_as("amina"), *teacher = hc_as("teacher");
    assert_int_equal(hc_req(anon, "GET", "/api/majlis/bodies", NULL), 401);
    assert_int_equal(hc_req(learner, "GET", "/api/majlis/bodies", NULL), 403);
    assert_int_equal(hc_req(teacher, "GET", "/api/majlis/sessions", NULL), 403);
    assert_int_equal(hc_req(teacher, "POST", "/api/majlis/votes", "{}"), 403);
    hc_free(anon);
    hc_free(learner);
    hc_free(teacher);
}

static void a_member_sees_only_the_bodies_they_sit_on(void **state)
{
    (void)state;
    hc *sec = hc_as("secretariat"), *m = hc_as("member");
    long long research = body_id(sec, "Commission de la recherche");
    assert_true(research > 0);
    assert_int_equal(hc_req(m, "GET", "/api/majlis/bodies", NULL), 200);
    json_t *bodies = json_object_get(m->json, "bodies");
    assert_true(json_array_size(bodies) >= 3); /* Assembly, Bureau, curricula (and ad hoc ones of earlier runs) */
    size_t i;
    json_t *b;
    json_array_foreach(bodies, i, b) {
        assert_int_not_equal(json_integer_value(json_object_get(b, "id")), research);
        assert_true(json_is_string(json_object_get(b, "my_role"))); /* only bodies they sit on */
    }
    char p[96];
    snprintf(p, sizeof p, "/api/majlis/bodies/%lld", research);
    assert_int_equal(hc_req(m, "GET", p, NULL), 404);
    assert_int_equal(hc_req(sec, "GET", p, NULL), 200);
    /* only the secretariat creates bodies */
    assert_int_equal(hc_req(m, "POST", "/api/majlis/bodies", "{\"kind\":\"working_group\",\"name\":\"x\"}"), 403);
    assert_int_equal(J(sec, "POST", "/api/majlis/bodies", "{\"kind\":\"club\",\"name\":\"%s\"}", hc_unique("G")), 400);
    assert_string_equal(hc_str(sec, "error", "field"), "kind");
    hc_free(sec);
    hc_free(m);
}

static void another_commissions_closed_documents_and_votes_are_invisible(void **state)
{
    (void)state;
    hc *sec = hc_as("secretariat"), *m = hc_as("member"), *lahlou = hc_as("m.lahlou");
    long long research = body_id(sec, "Commission de la recherche");
    assert_int_equal(J(lahlou, "POST", "/api/majlis/documents", "{\"body_id\":%lld,\"kind\":\"report\",\"title\":\"Closed "
                                                                "study\",\"access\":\"body\",\"text\":\"confidential\"}",
                       research),
                     201);
    long long doc = jint(lahlou, "id", NULL);
    char p[128];
    snprintf(p, sizeof p, "/api/majlis/documents/%lld", doc);
    assert_int_equal(hc_req(lahlou, "GET", p, NULL), 200);
    assert_int_equal(hc_req(m, "GET", p, NULL), 404);
    snprintf(p, sizeof p, "/api/majlis/documents/%lld/comments", doc);
    assert_int_equal(hc_req(m, "POST", p, "{\"text\":\"let me in\"}"), 404);
    /* a written vote of that commission */
    assert_int_equal(J(lahlou, "POST", "/api/majlis/votes", "{\"body_id\":%lld,\"question\":\"Fund the survey?\",\"kind\":"
                                                            "\"written\",\"closes_at\":%lld}",
                       research, (long long)time(NULL) + 86400),
                     201);
    long long vote = jint(lahlou, "id", NULL);
    snprintf(p, sizeof p, "/api/majlis/votes/%lld", vote);
    assert_int_equal(hc_req(lahlou, "GET", p, NULL), 200);
    assert_int_equal(hc_req(m, "GET", p, NULL), 404);
    snprintf(p, sizeof p, "/api/majlis/votes/%lld/ballot", vote);
    assert_int_equal(hc_req(m, "POST", p, "{\"choice\":\"no\"}"), 404);
    assert_int_equal(hc_req(m, "GET", "/api/majlis/decisions", NULL), 200);
    hc_free(sec);
    hc_free(m);
    hc_free(lahlou);
}

static void the_agenda_locks_at_convocation_and_changes_are_logged(void **state)
{
    (void)state;
    hc *sec = hc_as("secretariat"), *m = hc_as("member");
    long long ag = body_id(sec, "Assemblée générale");
    assert_int_equal(J(m, "POST", "/api/majlis/sessions", "{\"body_id\":%lld,\"kind\":\"ordinary\",\"title\":\"x\","
                                                          "\"starts_at\":1900000000}", ag),
                     403);
    assert_int_equal(J(sec, "POST", "/api/majlis/sessions", "{\"body_id\":%lld,\"kind\":\"weekly\",\"title\":\"x\","
                                                            "\"starts_at\":1900000000}", ag),
                     400);
    assert_string_equal(hc_str(sec, "error", "field"), "kind");
    assert_int_equal(J(sec, "POST", "/api/majlis/sessions", "{\"body_id\":%lld,\"kind\":\"extraordinary\",\"title\":\"%s\","
                                                            "\"starts_at\":1900000000}", ag, hc_unique("Extra ")),
                     201);
    long long s = jint(sec, "id", NULL);
    char p[128];
    snprintf(p, sizeof p, "/api/majlis/sessions/%lld/convene", s);
    assert_int_equal(hc_req(sec, "POST", p, NULL), 400); /* no agenda */
    snprintf(p, sizeof p, "/api/majlis/sessions/%lld/agenda", s);
    assert_int_equal(hc_req(sec, "POST", p, "{\"title\":\"Item one\"}"), 201);
    snprintf(p, sizeof p, "/api/majlis/sessions/%lld/convene", s);
    assert_int_equal(hc_req(sec, "POST", p, NULL), 200);
    assert_int_equal(hc_req(sec, "POST", p, NULL), 409);
    snprintf(p, sizeof p, "/api/majlis/sessions/%lld/agenda", s);
    assert_int_equal(hc_req(sec, "POST", p, "{\"title\":\"Late item\"}"), 400);
    assert_string_equal(hc_str(sec, "error", "field"), "reason");
    assert_int_equal(hc_req(sec, "POST", p, "{\"title\":\"Late item\",\"reason\":\"urgent ministry request\"}"), 201);
    snprintf(p, sizeof p, "/api/majlis/sessions/%lld", s);
    assert_int_equal(hc_req(m, "GET", p, NULL), 200);
    json_t *changes = json_object_get(json_object_get(m->json, "session"), "agenda_changes");
    assert_int_equal(json_array_size(changes), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(changes, 0), "reason")), "urgent ministry request");
    assert_int_equal(json_array_size(json_object_get(json_object_get(m->json, "session"), "agenda")), 2);
    hc_free(sec);
    hc_free(m);
}

static void presence_is_frozen_when_a_vote_opens_and_one_ballot_per_member(void **state)
{
    (void)state;
    hc *sec = hc_as("secretariat");
    long long ag = body_id(sec, "Assemblée générale");
    long long s = open_session(sec, ag, 5, 1900000000);
    long long v = open_vote(sec, ag, s, "roll_call", NULL);
    /* the sixth voter checks in after the vote opened: not on its roll */
    char p[128];
    snprintf(p, sizeof p, "/api/majlis/sessions/%lld/checkin", s);
    hc *late = hc_as(VOTERS[5]);
    assert_int_equal(hc_req(late, "POST", p, NULL), 200);
    snprintf(p, sizeof p, "/api/majlis/votes/%lld/ballot", v);
    assert_int_equal(hc_req(late, "POST", p, "{\"choice\":\"yes\"}"), 403);
    hc_free(late);
    assert_int_equal(cast(v, 0, 3, "yes"), 201);
    assert_int_equal(cast(v, 0, 1, "no"), 409); /* one ballot per member */
    hc *m = hc_as(VOTERS[3]);
    assert_int_equal(hc_req(m, "POST", p, "{\"choice\":\"maybe\"}"), 400);
    assert_string_equal(hc_str(m, "error", "field"), "choice");
    assert_int_equal(hc_req(m, "POST", p, "{\"choice\":\"no\"}"), 201);
    /* a member cannot close a vote */
    snprintf(p, sizeof p, "/api/majlis/votes/%lld/close", v);
    assert_int_equal(hc_req(m, "POST", p, NULL), 403);
    hc_free(m);
    close_vote(sec, v, NULL);
    assert_int_equal(jint(sec, "result", "present"), 5);
    assert_int_equal(jint(sec, "result", "yes"), 3);
    assert_int_equal(jint(sec, "result", "no"), 1);
    assert_true(jbool(sec, "result", "quorum_met"));
    assert_true(jbool(sec, "result", "adopted"));
    /* the result is written once */
    assert_int_equal(hc_req(sec, "POST", p, NULL), 409);
    snprintf(p, sizeof p, "/api/majlis/votes/%lld/ballot", v);
    assert_int_equal(cast(v, 4, 5, "yes"), 409);
    hc_free(sec);
}

static void without_quorum_nothing_is_adopted(void **state)
{
    (void)state;
    hc *sec = hc_as("secretariat");
    long long ag = body_id(sec, "Assemblée générale");
    long long s = open_session(sec, ag, 3, 1900000100); /* 3 of 7: quorum is 4 */
    long long v = open_vote(sec, ag, s, "roll_call", NULL);
    assert_int_equal(cast(v, 0, 3, "yes"), 201);
    close_vote(sec, v, NULL);
    assert_false(jbool(sec, "result", "quorum_met"));
    assert_false(jbool(sec, "result", "adopted"));
    assert_int_equal(jint(sec, "result", "yes"), 3);
    hc_free(sec);
}

static void majority_kinds_and_abstentions(void **state)
{
    (void)state;
    hc *sec = hc_as("secretariat");
    long long ag = body_id(sec, "Assemblée générale");
    long long s = open_session(sec, ag, 7, 1900000200);
    /* simple majority, abstentions excluded: 2 yes, 1 no, 4 abstain → adopted */
    long long v = open_vote(sec, ag, s, "roll_call", "simple");
    cast(v, 0, 2, "yes");
    cast(v, 2, 3, "no");
    cast(v, 3, 7, "abstain");
    close_vote(sec, v, NULL);
    assert_true(jbool(sec, "result", "adopted"));
    /* absolute majority (of the 7 members): 3 yes, 0 no → not adopted; 4 yes → adopted */
    v = open_vote(sec, ag, s, "roll_call", "absolute");
    cast(v, 0, 3, "yes");
    close_vote(sec, v, NULL);
    assert_false(jbool(sec, "result", "adopted"));
    v = open_vote(sec, ag, s, "roll_call", "absolute");
    cast(v, 0, 4, "yes");
    close_vote(sec, v, NULL);
    assert_true(jbool(sec, "result", "adopted"));
    /* two thirds: 3 yes 2 no → not adopted; 4 yes 2 no → adopted */
    v = open_vote(sec, ag, s, "roll_call", "two_thirds");
    cast(v, 0, 3, "yes");
    cast(v, 3, 5, "no");
    close_vote(sec, v, NULL);
    assert_false(jbool(sec, "result", "adopted"));
    v = open_vote(sec, ag, s, "roll_call", "two_thirds");
    cast(v, 0, 4, "yes");
    cast(v, 4, 6, "no");
    close_vote(sec, v, NULL);
    assert_true(jbool(sec, "result", "adopted"));
    assert_int_equal(J(sec, "POST", "/api/majlis/votes", "{\"body_id\":%lld,\"session_id\":%lld,\"question\":\"q\","
                                                         "\"kind\":\"roll_call\",\"majority\":\"most\"}", ag, s),
                     400);
    assert_string_equal(hc_str(sec, "error", "field"), "majority");
    hc_free(sec);
}

static void secret_ballots_are_apart_with_receipts_in_the_tally(void **state)
{
    (void)state;
    hc *sec = hc_as("secretariat");
    long long ag = body_id(sec, "Assemblée générale");
    long long s = open_session(sec, ag, 5, 1900000300);
    long long v = open_vote(sec, ag, s, "secret", NULL);
    char p[128], receipt[64];
    snprintf(p, sizeof p, "/api/majlis/votes/%lld/ballot", v);
    hc *m = hc_as("member");
    assert_int_equal(hc_req(m, "POST", p, "{\"choice\":\"no\"}"), 201);
    snprintf(receipt, sizeof receipt, "%s", hc_str(m, "receipt", NULL));
    assert_int_equal(strlen(receipt), 20);
    assert_int_equal(hc_req(m, "POST", p, "{\"choice\":\"yes\"}"), 409);
    cast(v, 0, 2, "yes");
    cast(v, 3, 5, "yes");
    snprintf(p, sizeof p, "/api/majlis/votes/%lld", v);
    assert_int_equal(hc_req(m, "GET", p, NULL), 200);
    json_t *vote = json_object_get(m->json, "vote");
    assert_true(jbool(m, "vote", "has_voted"));
    assert_int_equal(json_array_size(json_object_get(vote, "ballots")), 0); /* no names with choices */
    assert_int_equal(json_array_size(json_object_get(vote, "receipts")), 0); /* not before the close */
    close_vote(sec, v, NULL);
    assert_int_equal(jint(sec, "result", "yes"), 4);
    assert_int_equal(jint(sec, "result", "no"), 1);
    assert_int_equal(hc_req(m, "GET", p, NULL), 200);
    json_t *receipts = json_object_get(json_object_get(m->json, "vote"), "receipts"), *x;
    assert_int_equal(json_array_size(receipts), 5);
    int found = 0;
    size_t i;
    json_array_foreach(receipts, i, x) if (strcmp(json_string_value(json_object_get(x, "receipt")), receipt) == 0) {
        found = 1;
        assert_string_equal(json_string_value(json_object_get(x, "choice")), "no");
    }
    assert_true(found);
    hc_free(m);
    hc_free(sec);
}

static void manual_votes_are_flagged_and_bounded_by_presence(void **state)
{
    (void)state;
    hc *sec = hc_as("secretariat");
    long long ag = body_id(sec, "Assemblée générale");
    long long s = open_session(sec, ag, 4, 1900000400);
    long long v = open_vote(sec, ag, s, "manual", NULL);
    assert_int_equal(cast(v, 0, 1, "yes"), 400);
    char p[128];
    snprintf(p, sizeof p, "/api/majlis/votes/%lld/close", v);
    assert_int_equal(hc_req(sec, "POST", p, "{\"yes\":4,\"no\":1,\"abstain\":0,\"note\":\"show of hands\"}"), 400);
    assert_int_equal(hc_req(sec, "POST", p, "{\"yes\":3,\"no\":1,\"abstain\":0}"), 400);
    assert_string_equal(hc_str(sec, "error", "field"), "note");
    close_vote(sec, v, "{\"yes\":3,\"no\":1,\"abstain\":0,\"note\":\"show of hands\"}");
    assert_true(jbool(sec, "result", "adopted"));
    snprintf(p, sizeof p, "/api/majlis/votes/%lld", v);
    assert_int_equal(hc_req(sec, "GET", p, NULL), 200);
    assert_string_equal(hc_str(sec, "vote", "kind"), "manual");
    assert_string_equal(hc_str(sec, "vote", "manual_note"), "show of hands");
    hc_free(sec);
}

static void annulment_needs_a_reason_and_is_a_decision(void **state)
{
    (void)state;
    hc *sec = hc_as("secretariat");
    long long ag = body_id(sec, "Assemblée générale");
    long long s = open_session(sec, ag, 4, 1900000500);
    long long v = open_vote(sec, ag, s, "roll_call", NULL);
    cast(v, 0, 4, "yes");
    char p[128];
    snprintf(p, sizeof p, "/api/majlis/votes/%lld/annul", v);
    assert_int_equal(hc_req(sec, "POST", p, "{}"), 400); /* still open, and no reason */
    close_vote(sec, v, NULL);
    assert_int_equal(J(sec, "POST", "/api/majlis/decisions", "{\"body_id\":%lld,\"vote_id\":%lld,\"title\":\"Adopt\","
                                                             "\"text\":\"Adopted.\"}", ag, v),
                     201);
    long long dec = jint(sec, "id", NULL);
    hc *m = hc_as("member");
    assert_int_equal(hc_req(m, "POST", p, "{\"reason\":\"I disagree\"}"), 403);
    hc_free(m);
    assert_int_equal(hc_req(sec, "POST", p, "{\"reason\":\"\"}"), 400);
    assert_int_equal(hc_req(sec, "POST", p, "{\"reason\":\"a member was counted twice\"}"), 200);
    long long annul = jint(sec, "decision_id", NULL);
    assert_true(annul > 0);
    assert_int_equal(hc_req(sec, "POST", p, "{\"reason\":\"again\"}"), 409);
    snprintf(p, sizeof p, "/api/majlis/votes/%lld", v);
    assert_int_equal(hc_req(sec, "GET", p, NULL), 200);
    assert_string_equal(hc_str(sec, "vote", "status"), "annulled");
    assert_string_equal(hc_str(sec, "vote", "annul_reason"), "a member was counted twice");
    assert_int_equal(hc_req(sec, "GET", "/api/majlis/decisions", NULL), 200);
    size_t i;
    json_t *d;
    int seen = 0;
    json_array_foreach(json_object_get(sec->json, "decisions"), i, d) {
        long long id = json_integer_value(json_object_get(d, "id"));
        if (id == dec) seen++, assert_string_equal(json_string_value(json_object_get(d, "status")), "annulled");
        if (id == annul) seen++, assert_string_equal(json_string_value(json_object_get(d, "kind")), "annulment");
    }
    assert_int_equal(seen, 2);
    hc_free(sec);
}

static void documents_review_pack_and_amendments(void **state)
{
    (void)state;
    hc *sec = hc_as("secretariat"), *m = hc_as("member"), *chraibi = hc_as("m.chraibi");
    long long ag = body_id(sec, "Assemblée générale");
    long long s = open_session(sec, ag, 4, 1900000600);
    assert_int_equal(J(sec, "POST", "/api/majlis/documents", "{\"body_id\":%lld,\"session_id\":%lld,\"kind\":\"budget\","
                                                             "\"title\":\"Budget 2027\",\"access\":\"council\",\"text\":"
                                                             "\"Total: 120 MDH. Research: 10 MDH.\"}", ag, s),
                     201);
    long long doc = jint(sec, "id", NULL);
    assert_int_equal(J(sec, "POST", "/api/majlis/documents", "{\"body_id\":%lld,\"session_id\":%lld,\"kind\":\"report\","
                                                             "\"title\":\"Staff file\",\"access\":\"restricted\",\"text\":"
                                                             "\"names\"}", ag, s),
                     201);
    long long restricted = jint(sec, "id", NULL);
    char p[160];
    /* a draft is not visible to a plain member, nor in the pack */
    snprintf(p, sizeof p, "/api/majlis/documents/%lld", doc);
    assert_int_equal(hc_req(m, "GET", p, NULL), 404);
    snprintf(p, sizeof p, "/api/majlis/documents/%lld/versions", doc);
    assert_int_equal(hc_req(sec, "POST", p, "{\"text\":\"Total: 120 MDH. Research: 12 MDH.\",\"note\":\"v2\"}"), 201);
    assert_int_equal(jint(sec, "version", NULL), 2);
    snprintf(p, sizeof p, "/api/majlis/documents/%lld/review", doc);
    assert_int_equal(hc_req(sec, "POST", p, "{\"approve\":true}"), 409); /* not submitted */
    snprintf(p, sizeof p, "/api/majlis/documents/%lld/submit", doc);
    assert_int_equal(hc_req(sec, "POST", p, NULL), 200);
    snprintf(p, sizeof p, "/api/majlis/documents/%lld/review", doc);
    assert_int_equal(hc_req(m, "POST", p, "{\"approve\":true}"), 404);
    assert_int_equal(hc_req(sec, "POST", p, "{\"approve\":true,\"note\":\"ok\"}"), 200);
    for (const long long *d = (long long[]){restricted, 0}; *d; d++) {
        snprintf(p, sizeof p, "/api/majlis/documents/%lld/submit", *d);
        assert_int_equal(hc_req(sec, "POST", p, NULL), 200);
        snprintf(p, sizeof p, "/api/majlis/documents/%lld/review", *d);
        assert_int_equal(hc_req(sec, "POST", p, "{\"approve\":true}"), 200);
    }
    snprintf(p, sizeof p, "/api/majlis/sessions/%lld/pack", s);
    assert_int_equal(hc_req(m, "GET", p, NULL), 200);
    assert_true(hc_has_header(m, "Content-Disposition: attachment"));
    json_t *docs = json_object_get(m->json, "documents");
    assert_int_equal(json_array_size(docs), 1); /* the restricted one is left out */
    assert_string_equal(json_string_value(json_object_get(json_array_get(docs, 0), "text")), "Total: 120 MDH. Research: 12 MDH.");
    assert_int_equal(hc_req(sec, "GET", p, NULL), 200);
    assert_int_equal(json_array_size(json_object_get(sec->json, "documents")), 2);
    /* private annotations, public comments */
    snprintf(p, sizeof p, "/api/majlis/documents/%lld/annotations", doc);
    assert_int_equal(hc_req(m, "POST", p, "{\"text\":\"ask about research\"}"), 201);
    snprintf(p, sizeof p, "/api/majlis/documents/%lld/comments", doc);
    assert_int_equal(hc_req(m, "POST", p, "{\"text\":\"Research deserves more.\"}"), 201);
    snprintf(p, sizeof p, "/api/majlis/documents/%lld", doc);
    assert_int_equal(hc_req(chraibi, "GET", p, NULL), 200);
    assert_int_equal(json_array_size(json_object_get(json_object_get(chraibi->json, "document"), "annotations")), 0);
    assert_int_equal(json_array_size(json_object_get(json_object_get(chraibi->json, "document"), "comments")), 1);
    /* an approved document changes only by amendment */
    snprintf(p, sizeof p, "/api/majlis/documents/%lld/versions", doc);
    assert_int_equal(hc_req(sec, "POST", p, "{\"text\":\"silently changed\"}"), 409);
    snprintf(p, sizeof p, "/api/majlis/documents/%lld/amendments", doc);
    assert_int_equal(hc_req(m, "POST", p, "{\"before\":\"Research: 99 MDH\",\"after\":\"x\"}"), 400);
    assert_int_equal(hc_req(m, "POST", p, "{\"before\":\"Research: 12 MDH\",\"after\":\"Research: 15 MDH\",\"reason\":\"priority\"}"), 201);
    long long am = jint(m, "id", NULL);
    snprintf(p, sizeof p, "/api/majlis/amendments/%lld/decide", am);
    assert_int_equal(hc_req(m, "POST", p, "{\"adopt\":true}"), 403);
    assert_int_equal(hc_req(sec, "POST", p, "{\"adopt\":true}"), 200);
    assert_int_equal(jint(sec, "version", NULL), 3);
    snprintf(p, sizeof p, "/api/majlis/documents/%lld", doc);
    assert_int_equal(hc_req(m, "GET", p, NULL), 200);
    json_t *vs = json_object_get(json_object_get(m->json, "document"), "versions");
    assert_string_equal(json_string_value(json_object_get(json_array_get(vs, 2), "text")), "Total: 120 MDH. Research: 15 MDH.");
    hc_free(sec);
    hc_free(m);
    hc_free(chraibi);
}

static void minutes_are_approved_in_the_next_session_signed_and_frozen(void **state)
{
    (void)state;
    hc *sec = hc_as("secretariat"), *m = hc_as("member");
    long long ag = body_id(sec, "Assemblée générale");
    long long s1 = open_session(sec, ag, 4, 1900000700);
    char p[160];
    snprintf(p, sizeof p, "/api/majlis/sessions/%lld/minutes", s1);
    assert_int_equal(hc_req(m, "PUT", p, "{\"text\":\"mine\"}"), 403);
    assert_int_equal(hc_req(sec, "PUT", p, "{\"text\":\"The Assembly met.\"}"), 200);
    assert_int_equal(hc_req(m, "GET", p, NULL), 404); /* a draft */
    snprintf(p, sizeof p, "/api/majlis/sessions/%lld/minutes/circulate", s1);
    assert_int_equal(hc_req(sec, "POST", p, NULL), 200);
    snprintf(p, sizeof p, "/api/majlis/sessions/%lld/minutes", s1);
    assert_int_equal(hc_req(sec, "PUT", p, "{\"text\":\"The Assembly met at 10.\"}"), 400);
    assert_string_equal(hc_str(sec, "error", "field"), "reason");
    assert_int_equal(hc_req(sec, "PUT", p, "{\"text\":\"The Assembly met at 10.\",\"reason\":\"time\"}"), 200);
    snprintf(p, sizeof p, "/api/majlis/sessions/%lld/minutes/approve", s1);
    assert_int_equal(J(sec, "POST", p, "{\"session_id\":%lld}", s1), 400); /* not a later session */
    long long s2 = open_session(sec, ag, 4, 1900000800);
    assert_int_equal(J(sec, "POST", p, "{\"session_id\":%lld}", s2), 200);
    assert_int_equal(strlen(hc_str(sec, "chain_head", NULL)), 64);
    assert_int_equal(strlen(hc_str(sec, "signature", NULL)), 128);
    snprintf(p, sizeof p, "/api/majlis/sessions/%lld/minutes", s1);
    assert_int_equal(hc_req(m, "GET", p, NULL), 200);
    assert_string_equal(hc_str(m, "minutes", "status"), "approved");
    assert_true(jbool(m, "minutes", "signature_valid"));
    assert_int_equal(hc_req(sec, "PUT", p, "{\"text\":\"rewritten\",\"reason\":\"x\"}"), 409);
    hc_free(sec);
    hc_free(m);
}

static void decisions_have_follow_up_actions(void **state)
{
    (void)state;
    hc *sec = hc_as("secretariat"), *m = hc_as("member");
    long long ag = body_id(sec, "Assemblée générale");
    assert_int_equal(J(sec, "POST", "/api/majlis/decisions", "{\"body_id\":%lld,\"title\":\"%s\",\"text\":\"Publish the "
                                                             "calendar.\"}", ag, hc_unique("Calendar ")),
                     201);
    long long d = jint(sec, "id", NULL);
    long long uid = user_id(sec, ag, "member");
    char p[128];
    snprintf(p, sizeof p, "/api/majlis/decisions/%lld/actions", d);
    assert_int_equal(J(sec, "POST", p, "{\"title\":\"Draft the calendar\",\"owner_id\":%lld,\"due_date\":\"2027-13-01\"}", uid), 400);
    assert_string_equal(hc_str(sec, "error", "field"), "due_date");
    assert_int_equal(J(sec, "POST", p, "{\"title\":\"Draft the calendar\",\"owner_id\":%lld,\"due_date\":\"2027-01-15\"}", uid), 201);
    long long a = jint(sec, "id", NULL);
    snprintf(p, sizeof p, "/api/majlis/actions/%lld", a);
    assert_int_equal(hc_req(m, "POST", p, "{\"status\":\"in_progress\"}"), 204); /* the owner */
    hc *other = hc_as("m.kettani");
    assert_int_equal(hc_req(other, "POST", p, "{\"status\":\"done\"}"), 403);
    hc_free(other);
    assert_int_equal(hc_req(m, "GET", "/api/majlis/decisions", NULL), 200);
    size_t i;
    json_t *x;
    int ok = 0;
    json_array_foreach(json_object_get(m->json, "decisions"), i, x) if (json_integer_value(json_object_get(x, "id")) == d) {
        json_t *act = json_array_get(json_object_get(x, "actions"), 0);
        ok = act && strcmp(json_string_value(json_object_get(act, "status")), "in_progress") == 0;
    }
    assert_true(ok);
    hc_free(sec);
    hc_free(m);
}

static void the_opinion_workflow_ends_in_publication(void **state)
{
    (void)state;
    hc *sec = hc_as("secretariat"), *m = hc_as("member"), *pres = hc_as("m.benali");
    long long ag = body_id(sec, "Assemblée générale");
    long long elfassi = user_id(sec, ag, "m.elfassi"), member = user_id(sec, ag, "member");
    const char *title = hc_unique("Opinion on digital textbooks ");
    char t[64];
    snprintf(t, sizeof t, "%s", title);
    assert_int_equal(J(sec, "POST", "/api/majlis/referrals", "{\"title\":\"%s\",\"question\":\"Should textbooks be digital?\","
                                                             "\"requested_by\":\"Ministry\",\"deadline\":%lld,\"members\":"
                                                             "[{\"user_id\":%lld,\"role\":\"president\"},{\"user_id\":%lld,"
                                                             "\"role\":\"rapporteur\"}]}",
                       t, (long long)time(NULL) + 30 * 86400, elfassi, member),
                     201);
    long long ref = jint(sec, "id", NULL), commission = jint(sec, "commission_id", NULL);
    char p[128];
    snprintf(p, sizeof p, "/api/majlis/referrals/%lld/draft", ref);
    hc *k = hc_as("m.kettani");
    assert_int_equal(hc_req(k, "POST", p, "{\"text\":\"no\"}"), 404); /* not on the commission */
    hc_free(k);
    assert_int_equal(hc_req(m, "POST", p, "{\"text\":\"The council recommends a gradual transition.\"}"), 200);
    snprintf(p, sizeof p, "/api/majlis/referrals/%lld/review", ref);
    assert_int_equal(hc_req(m, "POST", p, "{\"approve\":true}"), 403); /* not the Bureau's president */
    assert_int_equal(hc_req(pres, "POST", p, "{\"approve\":true}"), 200);
    long long s = open_session(sec, ag, 5, 1900000900);
    long long v = open_vote(sec, ag, s, "roll_call", NULL);
    snprintf(p, sizeof p, "/api/majlis/referrals/%lld/approve", ref);
    assert_int_equal(J(sec, "POST", p, "{\"vote_id\":%lld}", v), 400); /* still open */
    cast(v, 0, 5, "yes");
    close_vote(sec, v, NULL);
    assert_int_equal(J(sec, "POST", p, "{\"vote_id\":%lld}", v), 200);
    snprintf(p, sizeof p, "/api/majlis/referrals/%lld/publish", ref);
    assert_int_equal(hc_req(sec, "POST", p, NULL), 200);
    assert_int_equal(hc_req(sec, "POST", p, NULL), 409);
    hc *teacher = hc_as("teacher");
    assert_int_equal(hc_req(teacher, "GET", "/api/majlis/published", NULL), 200);
    size_t i;
    json_t *x;
    int found = 0;
    json_array_foreach(json_object_get(teacher->json, "published"), i, x)
        found |= strcmp(json_string_value(json_object_get(x, "text")), "The council recommends a gradual transition.") == 0;
    assert_true(found);
    assert_true(commission > 0);
    hc_free(teacher);
    hc_free(sec);
    hc_free(m);
    hc_free(pres);
}

/* ---- tampering: only on SQLite, where the test can copy the database ---- */

static const char *sqlite_path(void)
{
    const char *db = getenv("MADRASA_DB");
    return db && strncmp(db, "sqlite:", 7) == 0 ? db + 7 : NULL;
}

static int sh(char *out, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int sh(char *out, size_t cap, const char *fmt, ...)
{
    char cmd[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    FILE *p = popen(cmd, "r");
    if (!p) return -1;
    size_t n = fread(out, 1, cap - 1, p);
    out[n] = 0;
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void tamper(const char *sql, long long *seq_named, char *out, size_t cap)
{
    const char *db = sqlite_path();
    char copy[512];
    snprintf(copy, sizeof copy, "/tmp/majlis-tamper-%d.db", (int)getpid());
    char junk[256];
    assert_int_equal(sh(junk, sizeof junk, "rm -f %s && sqlite3 '%s' \".backup '%s'\" 2>&1", copy, db, copy), 0);
    assert_int_equal(sh(out, cap, "build/madrasa audit verify --db 'sqlite:%s' --audit-key '%s.audit-key' 2>&1", copy, db), 0);
    assert_int_equal(sh(junk, sizeof junk, "sqlite3 '%s' \"%s\" 2>&1", copy, sql), 0);
    assert_int_equal(sh(out, cap, "build/madrasa audit verify --db 'sqlite:%s' 2>&1", copy), 1);
    const char *at = strstr(out, "first broken link at entry ");
    assert_non_null(at);
    *seq_named = strtoll(at + strlen("first broken link at entry "), NULL, 10);
    sh(junk, sizeof junk, "rm -f %s %s-wal %s-shm", copy, copy, copy);
}

static long long last_entry(const char *type, long long id)
{
    char out[128];
    assert_int_equal(sh(out, sizeof out, "sqlite3 '%s' \"SELECT max(seq) FROM audit_log WHERE object_type = '%s' AND "
                                         "object_id = %lld\"", sqlite_path(), type, id), 0);
    return strtoll(out, NULL, 10);
}

static void editing_a_vote_or_minutes_in_the_database_breaks_verify(void **state)
{
    (void)state;
    if (!sqlite_path()) skip();
    hc *sec = hc_as("secretariat");
    long long ag = body_id(sec, "Assemblée générale");
    long long s = open_session(sec, ag, 5, 1900001000);
    long long v = open_vote(sec, ag, s, "roll_call", NULL);
    cast(v, 0, 3, "yes");
    cast(v, 3, 5, "no");
    close_vote(sec, v, NULL);
    long long sv = open_vote(sec, ag, s, "secret", NULL);
    cast(sv, 0, 4, "yes");
    close_vote(sec, sv, NULL);
    char p[128];
    snprintf(p, sizeof p, "/api/majlis/sessions/%lld/minutes", s);
    assert_int_equal(hc_req(sec, "PUT", p, "{\"text\":\"Minutes: the budget was adopted 3 to 2.\"}"), 200);
    char out[4096], sql[512];
    long long named;
    /* a named ballot changed */
    snprintf(sql, sizeof sql, "UPDATE majlis_ballots SET choice = 'yes' WHERE vote_id = %lld AND choice = 'no'", v);
    tamper(sql, &named, out, sizeof out);
    assert_int_equal(named, last_entry("vote", v));
    assert_non_null(strstr(out, "vote"));
    /* the tally rewritten */
    snprintf(sql, sizeof sql, "UPDATE majlis_votes SET n_yes = 5, n_no = 0 WHERE id = %lld", v);
    tamper(sql, &named, out, sizeof out);
    assert_int_equal(named, last_entry("vote", v));
    /* a secret ballot changed */
    snprintf(sql, sizeof sql, "UPDATE majlis_secret_ballots SET choice = 'no' WHERE vote_id = %lld AND receipt = (SELECT "
                              "min(receipt) FROM majlis_secret_ballots WHERE vote_id = %lld)", sv, sv);
    tamper(sql, &named, out, sizeof out);
    assert_int_equal(named, last_entry("vote", sv));
    /* the minutes' text */
    snprintf(sql, sizeof sql, "UPDATE majlis_minutes SET text = 'Minutes: the budget was rejected.' WHERE session_id = %lld", s);
    tamper(sql, &named, out, sizeof out);
    assert_int_equal(named, last_entry("minutes", s));
    /* an entry's payload rewritten: the chain itself breaks there */
    long long e = last_entry("vote", v);
    snprintf(sql, sizeof sql, "UPDATE audit_log SET payload = replace(payload, '\\\"no\\\"', '\\\"yes\\\"') WHERE seq = %lld", e);
    tamper(sql, &named, out, sizeof out);
    assert_true(named <= e);
    /* an entry deleted */
    snprintf(sql, sizeof sql, "DELETE FROM audit_checkpoints WHERE seq = %lld; DELETE FROM audit_log WHERE seq = %lld", e, e);
    tamper(sql, &named, out, sizeof out);
    assert_true(named == e + 1 || named == e);
    hc_free(sec);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_council_api_needs_a_council_role),
        cmocka_unit_test(a_member_sees_only_the_bodies_they_sit_on),
        cmocka_unit_test(another_commissions_closed_documents_and_votes_are_invisible),
        cmocka_unit_test(the_agenda_locks_at_convocation_and_changes_are_logged),
        cmocka_unit_test(presence_is_frozen_when_a_vote_opens_and_one_ballot_per_member),
        cmocka_unit_test(without_quorum_nothing_is_adopted),
        cmocka_unit_test(majority_kinds_and_abstentions),
        cmocka_unit_test(secret_ballots_are_apart_with_receipts_in_the_tally),
        cmocka_unit_test(manual_votes_are_flagged_and_bounded_by_presence),
        cmocka_unit_test(annulment_needs_a_reason_and_is_a_decision),
        cmocka_unit_test(documents_review_pack_and_amendments),
        cmocka_unit_test(minutes_are_approved_in_the_next_session_signed_and_frozen),
        cmocka_unit_test(decisions_have_follow_up_actions),
        cmocka_unit_test(the_opinion_workflow_ends_in_publication),
        cmocka_unit_test(editing_a_vote_or_minutes_in_the_database_breaks_verify),
    };
    curl_global_init(CURL_GLOBAL_DEFAULT);
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}
