/*
 * majlis.c — the council's bodies and members, the shared helpers of the module (access,
 * recording acts, JSON from rows), the vote rules, the demo council and the one route table.
 *
 * Access is decided in mj_body_access, and only there: a body the user does not sit on answers
 * 404 exactly like a body that does not exist, so a member of one commission cannot even learn
 * the ids of another commission's objects. Roles that vote: president, rapporteur, member;
 * secretariat and observer sit without a vote.
 */
#include "app/majlis/majlis_int.h"

#include <stdlib.h>
#include <string.h>

#include "app/accounts/accounts.h"
#include "base/err.h"

static const char *const BODY_KINDS[] = {"assembly", "bureau", "permanent_commission", "adhoc_commission",
                                         "working_group", NULL};
static const char *const MEMBER_ROLES[] = {"president", "rapporteur", "secretariat", "member", "observer", NULL};
static const char *const MAJORITIES[] = {"simple", "absolute", "two_thirds", NULL};
static const char *const ABSTENTIONS[] = {"excluded", "counted", NULL};

int mj_oneof(const char *s, const char *const *list)
{
    for (; s && *list; list++)
        if (strcmp(s, *list) == 0) return 1;
    return 0;
}

int mj_staff(const http_user *u) { return u->role == ROLE_COUNCIL_SECRETARIAT || u->role == ROLE_ADMIN; }

static int voting_role(const char *role)
{
    return role && (strcmp(role, "president") == 0 || strcmp(role, "rapporteur") == 0 || strcmp(role, "member") == 0);
}

int mj_body_access(mj_access *out, req *r, int64_t body_id)
{
    memset(out, 0, sizeof *out);
    out->body_id = body_id;
    out->staff = mj_staff(r->user);
    db_rows *rows;
    int rc = db_query(&rows, req_db(r), r->a,
                      "SELECT b.id, m.role FROM majlis_bodies b LEFT JOIN majlis_members m ON m.body_id = b.id "
                      "AND m.user_id = $2 WHERE b.id = $1",
                      "ii", body_id, r->user->id);
    if (rc) return rc;
    if (rows->nrows == 0) return E_NOTFOUND;
    out->role = db_text(rows, 0, 1);
    if (!out->role && !out->staff) return E_NOTFOUND;
    out->manage = out->staff || (out->role && (strcmp(out->role, "president") == 0 || strcmp(out->role, "secretariat") == 0));
    out->vote = voting_role(out->role);
    return 0;
}

static const struct {
    const char *type, *sql;
} BODY_OF[] = {
    {"session", "SELECT body_id FROM majlis_sessions WHERE id = $1"},
    {"document", "SELECT body_id FROM majlis_documents WHERE id = $1"},
    {"vote", "SELECT body_id FROM majlis_votes WHERE id = $1"},
    {"decision", "SELECT body_id FROM majlis_decisions WHERE id = $1"},
    {"referral", "SELECT commission_id FROM majlis_referrals WHERE id = $1"},
    {"item", "SELECT s.body_id FROM majlis_agenda_items i JOIN majlis_sessions s ON s.id = i.session_id WHERE i.id = $1"},
    {"amendment", "SELECT d.body_id FROM majlis_amendments x JOIN majlis_documents d ON d.id = x.document_id "
                  "WHERE x.id = $1"},
    {"action", "SELECT d.body_id FROM majlis_actions x JOIN majlis_decisions d ON d.id = x.decision_id WHERE x.id = $1"},
    {"speaker", "SELECT s.body_id FROM majlis_speakers x JOIN majlis_sessions s ON s.id = x.session_id WHERE x.id = $1"},
};

int mj_object_access(mj_access *out, int64_t *body_id, req *r, const char *type, int64_t id)
{
    for (size_t i = 0; i < sizeof BODY_OF / sizeof BODY_OF[0]; i++) {
        if (strcmp(BODY_OF[i].type, type) != 0) continue;
        db_rows *rows;
        int rc = db_query(&rows, req_db(r), r->a, BODY_OF[i].sql, "i", id);
        if (rc) return rc;
        if (rows->nrows == 0) return E_NOTFOUND;
        if (body_id) *body_id = db_int(rows, 0, 0);
        return mj_body_access(out, r, db_int(rows, 0, 0));
    }
    return E_FAIL;
}

int mj_fail(req *r, int rc, const char *what)
{
    if (rc == E_NOTFOUND) return http_fail(r, rc, NULL, "no such %s (or not in a body you sit on)", what);
    if (rc == E_FORBIDDEN) return http_fail(r, rc, NULL, "your role in this body does not allow this (%s)", what);
    return rc;
}

int mj_begin(req *r) { return db_begin(req_db(r)); }

int mj_end(req *r, int rc)
{
    db_conn *c = req_db(r);
    if (rc) {
        db_rollback(c);
        return rc;
    }
    return db_commit(c);
}

int mj_record(req *r, const char *action, const char *type, int64_t id, json_t *extra, int checkpoint)
{
    json_t *p = extra ? extra : json_object(), *state = NULL;
    int rc = 0;
    for (size_t i = 0; i < majlis_audit_nwitnesses; i++)
        if (strcmp(majlis_audit_witnesses[i].object_type, type) == 0)
            rc = majlis_audit_witnesses[i].state(&state, req_db(r), r->a, id);
    if (rc == 0 && state) json_object_set_new(p, "state", state);
    audit_act act = {r->user->id, action, type, id, p, checkpoint};
    if (rc == 0) rc = audit_append(NULL, NULL, req_db(r), &act);
    json_decref(p);
    return rc;
}

json_t *mj_row(const db_rows *rows, int i, const char *types)
{
    json_t *o = json_object();
    for (int k = 0; k < rows->ncols && types[k]; k++) {
        const char *v = db_text(rows, i, k);
        json_t *j = !v ? json_null()
                       : types[k] == 'i' ? json_integer((json_int_t)strtoll(v, NULL, 10))
                       : types[k] == 'b' ? json_boolean(strtoll(v, NULL, 10) != 0)
                                         : json_string(v);
        json_object_set_new(o, rows->names[k], j);
    }
    return o;
}

json_t *mj_rows(const db_rows *rows, const char *types)
{
    json_t *arr = json_array();
    for (int i = 0; i < rows->nrows; i++) json_array_append_new(arr, mj_row(rows, i, types));
    return arr;
}

int mj_in(json_t **out, req *r) { return req_json(out, r); }

int mj_str(const char **out, req *r, json_t *b, const char *key, int required, size_t max)
{
    json_t *v = json_object_get(b, key);
    *out = NULL;
    if (!v || json_is_null(v)) return required ? http_fail(r, E_INVALID, key, "%s is required", key) : 0;
    if (!json_is_string(v)) return http_fail(r, E_INVALID, key, "%s must be text", key);
    const char *s = json_string_value(v);
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\n')) n--;
    if (required && n == 0) return http_fail(r, E_INVALID, key, "%s must not be empty", key);
    if (strlen(s) > max) return http_fail(r, E_INVALID, key, "%s is longer than %zu bytes", key, max);
    *out = s;
    return 0;
}

int mj_int(int64_t *out, req *r, json_t *b, const char *key, int required)
{
    json_t *v = json_object_get(b, key);
    if (!v || json_is_null(v)) return required ? http_fail(r, E_INVALID, key, "%s is required", key) : 0;
    if (!json_is_integer(v)) return http_fail(r, E_INVALID, key, "%s must be a whole number", key);
    *out = (int64_t)json_integer_value(v);
    return 0;
}

/* ---- the vote rules ---- */

int majlis_quorum(int eligible, int num, int den)
{
    if (den < 1) den = 1;
    int q = (int)((long long)eligible * num / den) + 1;
    return q > eligible ? eligible : q;
}

int majlis_outcome(int *quorum_met, int *adopted, const majlis_tally *t)
{
    int counted = strcmp(t->abstentions, "counted") == 0;
    if (!counted && strcmp(t->abstentions, "excluded") != 0) return E_INVALID;
    long long base = (long long)t->yes + t->no + (counted ? t->abstain : 0);
    int pass;
    if (strcmp(t->majority, "simple") == 0) pass = 2LL * t->yes > base;
    else if (strcmp(t->majority, "absolute") == 0) pass = 2LL * t->yes > t->eligible;
    else if (strcmp(t->majority, "two_thirds") == 0) pass = t->yes > 0 && 3LL * t->yes >= 2 * base;
    else return E_INVALID;
    *quorum_met = t->eligible > 0 && t->present >= majlis_quorum(t->eligible, t->quorum_num, t->quorum_den);
    *adopted = *quorum_met && pass;
    return 0;
}

/* ---- bodies ---- */

int mj_state_body(json_t **out, db_conn *c, arena *a, int64_t id)
{
    db_rows *b, *m;
    int rc = db_query(&b, c, a,
                      "SELECT kind, name, name_ar, quorum_num, quorum_den, majority, abstentions, deadline "
                      "FROM majlis_bodies WHERE id = $1",
                      "i", id);
    if (rc) return rc;
    if (b->nrows == 0) return E_NOTFOUND;
    if ((rc = db_query(&m, c, a, "SELECT user_id, role FROM majlis_members WHERE body_id = $1 ORDER BY user_id", "i", id)))
        return rc;
    *out = mj_row(b, 0, "sssiissi");
    json_object_set_new(*out, "members", mj_rows(m, "is"));
    return 0;
}

static int bodies_list(req *r)
{
    db_rows *rows;
    int rc = db_query(&rows, req_db(r), r->a,
                      "SELECT b.id, b.kind, b.name, b.name_ar, b.quorum_num, b.quorum_den, b.majority, b.abstentions, "
                      "b.deadline, m.role AS my_role, (SELECT count(*) FROM majlis_members x WHERE x.body_id = b.id) "
                      "AS members FROM majlis_bodies b LEFT JOIN majlis_members m ON m.body_id = b.id AND m.user_id = $1 "
                      "WHERE $2 = 1 OR m.user_id IS NOT NULL ORDER BY b.id",
                      "ii", r->user->id, (int64_t)mj_staff(r->user));
    if (rc) return rc;
    return http_json(r, 200, json_pack("{s:o}", "bodies", mj_rows(rows, "isssiissisi")));
}

static int body_get(req *r)
{
    int64_t id;
    mj_access ac;
    int rc = req_param_id(&id, r, 0);
    if (rc == 0) rc = mj_body_access(&ac, r, id);
    if (rc) return mj_fail(r, rc, "body");
    db_rows *b, *m, *s;
    if ((rc = db_query(&b, req_db(r), r->a,
                       "SELECT id, kind, name, name_ar, quorum_num, quorum_den, majority, abstentions, mandate, deadline "
                       "FROM majlis_bodies WHERE id = $1",
                       "i", id)) ||
        (rc = db_query(&m, req_db(r), r->a,
                       "SELECT u.id, u.login, u.name, u.name_ar, m.role FROM majlis_members m JOIN users u ON u.id = "
                       "m.user_id WHERE m.body_id = $1 ORDER BY CASE m.role WHEN 'president' THEN 0 WHEN 'rapporteur' "
                       "THEN 1 WHEN 'member' THEN 2 WHEN 'secretariat' THEN 3 ELSE 4 END, u.name",
                       "i", id)) ||
        (rc = db_query(&s, req_db(r), r->a,
                       "SELECT id, kind, title, starts_at, place, status FROM majlis_sessions WHERE body_id = $1 "
                       "ORDER BY starts_at DESC, id DESC",
                       "i", id)))
        return rc;
    json_t *body = mj_row(b, 0, "isssiissss");
    json_object_set_new(body, "deadline", db_isnull(b, 0, 9) ? json_null() : json_integer(db_int(b, 0, 9)));
    json_object_set_new(body, "members", mj_rows(m, "issss"));
    json_object_set_new(body, "sessions", mj_rows(s, "ississ"));
    json_object_set_new(body, "my_role", ac.role ? json_string(ac.role) : json_null());
    json_object_set_new(body, "can_manage", json_boolean(ac.manage));
    json_object_set_new(body, "can_vote", json_boolean(ac.vote));
    return http_json(r, 200, json_pack("{s:o}", "body", body));
}

/* add_member: upsert one membership; the user must be on the council */
static int add_member(req *r, int64_t body_id, int64_t user_id, const char *role)
{
    db_rows *u;
    if (!mj_oneof(role, MEMBER_ROLES))
        return http_fail(r, E_INVALID, "role", "role: president, rapporteur, secretariat, member or observer");
    int rc = db_query(&u, req_db(r), r->a, "SELECT role FROM users WHERE id = $1 AND active = 1", "i", user_id);
    if (rc) return rc;
    if (u->nrows == 0 || (strcmp(db_text(u, 0, 0), "council_member") != 0 &&
                          strcmp(db_text(u, 0, 0), "council_secretariat") != 0))
        return http_fail(r, E_INVALID, "user_id", "user %lld is not a council member", (long long)user_id);
    rc = db_exec(req_db(r),
                 "INSERT INTO majlis_members (body_id, user_id, role) VALUES ($1, $2, $3) "
                 "ON CONFLICT (body_id, user_id) DO UPDATE SET role = excluded.role",
                 "iis", body_id, user_id, role);
    return rc < 0 ? rc : 0;
}

static int body_fields(req *r, json_t *in, const char **kind, const char **majority, const char **abst)
{
    int rc;
    if ((rc = mj_str(kind, r, in, "kind", 1, 40))) return rc;
    if (!mj_oneof(*kind, BODY_KINDS))
        return http_fail(r, E_INVALID, "kind",
                         "kind: assembly, bureau, permanent_commission, adhoc_commission or working_group");
    if ((rc = mj_str(majority, r, in, "majority", 0, 20))) return rc;
    if (*majority && !mj_oneof(*majority, MAJORITIES))
        return http_fail(r, E_INVALID, "majority", "majority: simple, absolute or two_thirds");
    if ((rc = mj_str(abst, r, in, "abstentions", 0, 20))) return rc;
    if (*abst && !mj_oneof(*abst, ABSTENTIONS))
        return http_fail(r, E_INVALID, "abstentions", "abstentions: excluded or counted");
    return 0;
}

static int body_create_tx(req *r, int64_t *id, json_t *in)
{
    const char *kind, *name, *name_ar, *majority, *abst, *mandate;
    int64_t qn = 1, qd = 2, deadline = 0;
    int rc;
    if ((rc = body_fields(r, in, &kind, &majority, &abst)) || (rc = mj_str(&name, r, in, "name", 1, 200)) ||
        (rc = mj_str(&name_ar, r, in, "name_ar", 0, 200)) || (rc = mj_str(&mandate, r, in, "mandate", 0, 4000)) ||
        (rc = mj_int(&qn, r, in, "quorum_num", 0)) || (rc = mj_int(&qd, r, in, "quorum_den", 0)) ||
        (rc = mj_int(&deadline, r, in, "deadline", 0)))
        return rc;
    if (qd < 1 || qn < 0 || qn > qd) return http_fail(r, E_INVALID, "quorum_num", "quorum: 0 <= quorum_num <= quorum_den");
    db_rows *row;
    rc = db_query(&row, req_db(r), r->a,
                  "INSERT INTO majlis_bodies (kind, name, name_ar, quorum_num, quorum_den, majority, abstentions, "
                  "mandate, deadline, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULLIF(CAST($9 AS BIGINT), 0), $10) RETURNING id",
                  "sssiisssii", kind, name, name_ar ? name_ar : "", qn, qd, majority ? majority : "simple",
                  abst ? abst : "excluded", mandate ? mandate : "", deadline, db_now());
    if (rc == E_CONFLICT) return http_fail(r, rc, "name", "a body named '%s' exists already", name);
    if (rc) return rc;
    *id = db_int(row, 0, 0);
    json_t *members = json_object_get(in, "members");
    if (members && !json_is_array(members)) return http_fail(r, E_INVALID, "members", "members: a list");
    size_t i;
    json_t *m;
    json_array_foreach(members, i, m) {
        json_int_t uid;
        const char *role;
        if (json_unpack(m, "{s:I, s:s}", "user_id", &uid, "role", &role))
            return http_fail(r, E_INVALID, "members", "members[%zu]: {user_id, role}", i);
        if ((rc = add_member(r, *id, uid, role))) return rc;
    }
    return mj_record(r, "body.create", "body", *id, NULL, 0);
}

static int body_create(req *r)
{
    json_t *in;
    int64_t id = 0;
    int rc = mj_in(&in, r);
    if (rc) return rc;
    if ((rc = mj_begin(r))) return rc;
    if ((rc = mj_end(r, body_create_tx(r, &id, in)))) return rc;
    return http_json(r, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

static int member_add(req *r)
{
    int64_t id, uid = 0;
    json_t *in;
    const char *role;
    mj_access ac;
    int rc = req_param_id(&id, r, 0);
    if (rc == 0) rc = mj_body_access(&ac, r, id);
    if (rc) return mj_fail(r, rc, "body");
    if ((rc = mj_in(&in, r)) || (rc = mj_int(&uid, r, in, "user_id", 1)) || (rc = mj_str(&role, r, in, "role", 1, 20)))
        return rc;
    if ((rc = mj_begin(r))) return rc;
    rc = add_member(r, id, uid, role);
    if (rc == 0) rc = mj_record(r, "body.member", "body", id, json_pack("{s:I, s:s}", "user_id", (json_int_t)uid, "role", role), 0);
    if ((rc = mj_end(r, rc))) return rc;
    return http_status(r, 204);
}

static int people_list(req *r)
{
    db_rows *rows;
    int rc = db_query(&rows, req_db(r), r->a,
                      "SELECT id, login, name, name_ar, role FROM users WHERE active = 1 AND role IN ('council_member', "
                      "'council_secretariat') ORDER BY name",
                      "");
    if (rc) return rc;
    return http_json(r, 200, json_pack("{s:o}", "people", mj_rows(rows, "issss")));
}

/* ---- published texts (the opinion workflow's last step, for Majlisbot) ---- */

int majlis_published_documents(majlis_published_doc **out, int *n, db_conn *c, arena *a, int64_t since, int limit)
{
    db_rows *rows;
    int rc = db_query(&rows, c, a,
                      "SELECT id, document_id, published_at, kind, title, text, sha256 FROM majlis_published "
                      "WHERE published_at > $1 ORDER BY published_at, id LIMIT $2",
                      "ii", since, (int64_t)(limit > 0 ? limit : 1000));
    if (rc) return rc;
    *out = arena_alloc_array(a, (size_t)rows->nrows + 1, sizeof **out);
    for (int i = 0; i < rows->nrows; i++)
        (*out)[i] = (majlis_published_doc){db_int(rows, i, 0), db_int(rows, i, 1), db_int(rows, i, 2), db_text(rows, i, 3),
                                           db_text(rows, i, 4), db_text(rows, i, 5), db_text(rows, i, 6)};
    *n = rows->nrows;
    return 0;
}

/* ---- witnesses ---- */

const audit_witness majlis_audit_witnesses[] = {
    {"body", mj_state_body},         {"session", mj_state_session},   {"document", mj_state_document},
    {"amendment", mj_state_amendment}, {"vote", mj_state_vote},       {"decision", mj_state_decision},
    {"minutes", mj_state_minutes},   {"referral", mj_state_referral},
};
const size_t majlis_audit_nwitnesses = sizeof majlis_audit_witnesses / sizeof majlis_audit_witnesses[0];

/* ---- demo ---- */

static const struct demo_person {
    const char *login, *name, *name_ar, *lang;
} DEMO_PEOPLE[] = {
    {"m.benali", "Latifa Benali", "لطيفة بنعلي", "ar"},     {"m.ouazzani", "Karim Ouazzani", "كريم الوزاني", "fr"},
    {"m.elfassi", "Samira El Fassi", "سميرة الفاسي", "ar"}, {"m.kettani", "Driss Kettani", "إدريس الكتاني", "fr"},
    {"m.lahlou", "Meryem Lahlou", "مريم لحلو", "fr"},       {"m.chraibi", "Ahmed Chraibi", "أحمد الشرايبي", "ar"},
};

static const struct demo_body {
    const char *kind, *name, *name_ar, *majority;
    const char *members[9][2]; /* login, role */
} DEMO_BODIES[] = {
    {"assembly", "Assemblée générale", "الجمعية العامة", "simple",
     {{"m.benali", "president"}, {"m.ouazzani", "rapporteur"}, {"member", "member"}, {"m.elfassi", "member"},
      {"m.kettani", "member"}, {"m.lahlou", "member"}, {"m.chraibi", "member"}, {"secretariat", "secretariat"}}},
    {"bureau", "Bureau", "المكتب", "simple",
     {{"m.benali", "president"}, {"m.ouazzani", "rapporteur"}, {"member", "member"}, {"secretariat", "secretariat"}}},
    {"permanent_commission", "Commission des curricula", "لجنة المناهج", "simple",
     {{"m.elfassi", "president"}, {"member", "rapporteur"}, {"m.kettani", "member"}, {"secretariat", "secretariat"}}},
    {"permanent_commission", "Commission de la recherche", "لجنة البحث العلمي", "simple",
     {{"m.lahlou", "president"}, {"m.chraibi", "rapporteur"}, {"m.ouazzani", "member"}, {"secretariat", "secretariat"}}},
};

static int demo_body(db_conn *c, arena *a, const struct demo_body *b)
{
    db_rows *r;
    int rc = db_query(&r, c, a, "SELECT id FROM majlis_bodies WHERE name = $1", "s", b->name);
    if (rc || r->nrows) return rc;
    if ((rc = db_query(&r, c, a,
                       "INSERT INTO majlis_bodies (kind, name, name_ar, majority, created_at) VALUES ($1, $2, $3, $4, $5) "
                       "RETURNING id",
                       "ssssi", b->kind, b->name, b->name_ar, b->majority, db_now())))
        return rc;
    int64_t id = db_int(r, 0, 0), uid;
    for (int i = 0; i < 9 && b->members[i][0]; i++) {
        if ((rc = accounts_find_login(&uid, c, b->members[i][0]))) return rc;
        if ((rc = db_exec(c, "INSERT INTO majlis_members (body_id, user_id, role) VALUES ($1, $2, $3)", "iis", id, uid,
                          b->members[i][1])) < 0)
            return rc;
    }
    json_t *state;
    if ((rc = mj_state_body(&state, c, a, id))) return rc;
    json_t *p = json_pack("{s:o}", "state", state);
    audit_act act = {0, "body.create", "body", id, p, 0};
    rc = audit_append(NULL, NULL, c, &act);
    json_decref(p);
    return rc;
}

int majlis_demo(db_conn *c)
{
    arena a = ARENA_INIT;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sizeof DEMO_PEOPLE / sizeof DEMO_PEOPLE[0]; i++) {
        const struct demo_person *p = &DEMO_PEOPLE[i];
        int64_t id;
        rc = accounts_find_login(&id, c, p->login);
        if (rc == E_NOTFOUND) {
            user_new u = {.login = p->login, .role = "council_member", .name = p->name, .name_ar = p->name_ar,
                          .name_latin = p->name, .lang = p->lang, .password = "madrasa-demo"};
            rc = accounts_create(&id, c, &u);
        }
    }
    if (rc == 0) rc = db_begin(c);
    if (rc) goto done;
    for (size_t i = 0; rc == 0 && i < sizeof DEMO_BODIES / sizeof DEMO_BODIES[0]; i++)
        rc = demo_body(c, &a, &DEMO_BODIES[i]);
    rc = rc ? (db_rollback(c), rc) : db_commit(c);
done:
    arena_free(&a);
    return rc;
}

/* ---- the routes ---- */

#define COUNCIL (ROLE_COUNCIL_MEMBER | ROLE_COUNCIL_SECRETARIAT | ROLE_ADMIN)
#define STAFF (ROLE_COUNCIL_SECRETARIAT | ROLE_ADMIN)

static const route routes[] = {
    {"GET", "/api/majlis/bodies", bodies_list, COUNCIL, 0},
    {"POST", "/api/majlis/bodies", body_create, STAFF, 0},
    {"GET", "/api/majlis/bodies/{id}", body_get, COUNCIL, 0},
    {"POST", "/api/majlis/bodies/{id}/members", member_add, STAFF, 0},
    {"GET", "/api/majlis/people", people_list, STAFF, 0},
    {"GET", "/api/majlis/sessions", mj_sessions_list, COUNCIL, 0},
    {"POST", "/api/majlis/sessions", mj_session_create, COUNCIL, 0},
    {"GET", "/api/majlis/sessions/{id}", mj_session_get, COUNCIL, 0},
    {"POST", "/api/majlis/sessions/{id}/agenda", mj_session_agenda_add, COUNCIL, 0},
    {"POST", "/api/majlis/sessions/{id}/agenda/{item}/remove", mj_session_agenda_remove, COUNCIL, 0},
    {"POST", "/api/majlis/sessions/{id}/convene", mj_session_convene, COUNCIL, 0},
    {"POST", "/api/majlis/sessions/{id}/open", mj_session_open, COUNCIL, 0},
    {"POST", "/api/majlis/sessions/{id}/close", mj_session_close, COUNCIL, 0},
    {"POST", "/api/majlis/sessions/{id}/checkin", mj_session_checkin, COUNCIL, 0},
    {"POST", "/api/majlis/sessions/{id}/speakers", mj_session_speaker_add, COUNCIL, 0},
    {"POST", "/api/majlis/speakers/{id}", mj_session_speaker_status, COUNCIL, 0},
    {"GET", "/api/majlis/sessions/{id}/pack", mj_session_pack, COUNCIL, 0},
    {"GET", "/api/majlis/sessions/{id}/minutes", mj_minutes_get, COUNCIL, 0},
    {"PUT", "/api/majlis/sessions/{id}/minutes", mj_minutes_put, COUNCIL, 0},
    {"POST", "/api/majlis/sessions/{id}/minutes/circulate", mj_minutes_circulate, COUNCIL, 0},
    {"POST", "/api/majlis/sessions/{id}/minutes/approve", mj_minutes_approve, COUNCIL, 0},
    {"POST", "/api/majlis/documents", mj_doc_create, COUNCIL, 0},
    {"GET", "/api/majlis/documents/{id}", mj_doc_get, COUNCIL, 0},
    {"POST", "/api/majlis/documents/{id}/versions", mj_doc_version, COUNCIL, 0},
    {"POST", "/api/majlis/documents/{id}/submit", mj_doc_submit, COUNCIL, 0},
    {"POST", "/api/majlis/documents/{id}/review", mj_doc_review, COUNCIL, 0},
    {"POST", "/api/majlis/documents/{id}/annotations", mj_doc_annotate, COUNCIL, 0},
    {"POST", "/api/majlis/documents/{id}/comments", mj_doc_comment, COUNCIL, 0},
    {"POST", "/api/majlis/documents/{id}/amendments", mj_doc_amend, COUNCIL, 0},
    {"POST", "/api/majlis/amendments/{id}/decide", mj_amendment_decide, COUNCIL, 0},
    {"POST", "/api/majlis/votes", mj_vote_open, COUNCIL, 0},
    {"GET", "/api/majlis/votes/{id}", mj_vote_get, COUNCIL, 0},
    {"POST", "/api/majlis/votes/{id}/ballot", mj_vote_ballot, COUNCIL, 0},
    {"POST", "/api/majlis/votes/{id}/close", mj_vote_close, COUNCIL, 0},
    {"POST", "/api/majlis/votes/{id}/annul", mj_vote_annul, COUNCIL, 0},
    {"GET", "/api/majlis/decisions", mj_decisions_list, COUNCIL, 0},
    {"POST", "/api/majlis/decisions", mj_decision_create, COUNCIL, 0},
    {"POST", "/api/majlis/decisions/{id}/actions", mj_action_create, COUNCIL, 0},
    {"POST", "/api/majlis/actions/{id}", mj_action_update, COUNCIL, 0},
    {"GET", "/api/majlis/referrals", mj_referrals_list, COUNCIL, 0},
    {"POST", "/api/majlis/referrals", mj_referral_create, STAFF, 0},
    {"POST", "/api/majlis/referrals/{id}/draft", mj_referral_draft, COUNCIL, 0},
    {"POST", "/api/majlis/referrals/{id}/review", mj_referral_review, COUNCIL, 0},
    {"POST", "/api/majlis/referrals/{id}/approve", mj_referral_approve, COUNCIL, 0},
    {"POST", "/api/majlis/referrals/{id}/publish", mj_referral_publish, STAFF, 0},
    {"GET", "/api/majlis/published", mj_published_list, ROLE_ANY_USER, 0},
};

const route_table majlis_routes = ROUTE_TABLE(routes);
