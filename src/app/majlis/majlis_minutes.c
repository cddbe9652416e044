/*
 * majlis_minutes.c — minutes and the register of decisions with their follow-up actions.
 *
 * Minutes of a session go draft → circulated → approved. While draft they are rewritten
 * freely by the managers; once circulated every change needs a reason (an amendment, kept in
 * the audit log with the new text's hash). They are approved in a LATER open session of the
 * same body: at that moment the current audit head (seq and hash) is written into them, and
 * the server signs "madrasa-minutes/1;<session>;<sha256 of text>;<head seq>;<head hash>" with
 * its Ed25519 key. Approved minutes are frozen: PUT answers 409, and an edit made directly in
 * the database breaks both the signature and the audit witness.
 *
 * Decisions are numbered per body and year ("D3-2026-004"); annulment decisions are created by
 * the vote module. Actions (owner, due date, status) follow a decision up.
 */
#include "app/majlis/majlis_int.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/err.h"

static int minutes_message(char *out, size_t cap, int64_t session, const char *text, int64_t seq, const char *head)
{
    char h[65];
    audit_sha256_hex(h, text, strlen(text));
    return snprintf(out, cap, "madrasa-minutes/1;%" PRId64 ";%s;%" PRId64 ";%s", session, h, seq, head);
}

int mj_state_minutes(json_t **out, db_conn *c, arena *a, int64_t id)
{
    db_rows *m;
    int rc = db_query(&m, c, a, "SELECT status, revision, approved_in, chain_seq, chain_head, signature, public_key, text "
                                "FROM majlis_minutes WHERE session_id = $1", "i", id);
    if (rc) return rc;
    if (m->nrows == 0) return E_NOTFOUND;
    char h[65];
    audit_sha256_hex(h, db_text(m, 0, 7), strlen(db_text(m, 0, 7)));
    *out = mj_row(m, 0, "siiisss");
    json_object_set_new(*out, "text_sha256", json_string(h));
    return 0;
}

static int load_session(mj_access *ac, int64_t *id, req *r)
{
    int rc = req_param_id(id, r, 0);
    if (rc == 0) rc = mj_object_access(ac, NULL, r, "session", *id);
    return rc ? mj_fail(r, rc, "session") : 0;
}

static int leader(const mj_access *ac)
{
    return ac->manage || (ac->role && strcmp(ac->role, "rapporteur") == 0);
}

int mj_minutes_get(req *r)
{
    mj_access ac;
    int64_t id;
    db_rows *m;
    int rc = load_session(&ac, &id, r);
    if (rc) return rc;
    if ((rc = db_query(&m, req_db(r), r->a,
                       "SELECT session_id, text, status, revision, approved_in, chain_seq, chain_head, signature, "
                       "public_key, signed_at, updated_at FROM majlis_minutes WHERE session_id = $1",
                       "i", id)))
        return rc;
    if (m->nrows == 0 || (strcmp(db_text(m, 0, 2), "draft") == 0 && !leader(&ac)))
        return http_fail(r, E_NOTFOUND, NULL, "no minutes for this session yet");
    json_t *o = mj_row(m, 0, "issiiisssii");
    if (strcmp(db_text(m, 0, 2), "approved") == 0) {
        char msg[400];
        int n = minutes_message(msg, sizeof msg, id, db_text(m, 0, 1), db_int(m, 0, 5), db_text(m, 0, 6));
        json_object_set_new(o, "signature_valid",
                            json_boolean(audit_check_signature(db_text(m, 0, 7), db_text(m, 0, 8),
                                                               (const unsigned char *)msg, (size_t)n) == 0));
    }
    json_object_set_new(o, "can_manage", json_boolean(ac.manage));
    return http_json(r, 200, json_pack("{s:o}", "minutes", o));
}

int mj_minutes_put(req *r)
{
    mj_access ac;
    int64_t id;
    json_t *in;
    const char *text, *reason;
    db_rows *m;
    int rc = load_session(&ac, &id, r);
    if (rc || (rc = mj_in(&in, r)) || (rc = mj_str(&text, r, in, "text", 1, 512 * 1024)) ||
        (rc = mj_str(&reason, r, in, "reason", 0, 2000)))
        return rc;
    if (!ac.manage) return mj_fail(r, E_FORBIDDEN, "write the minutes");
    if ((rc = mj_begin(r))) return rc;
    rc = db_query(&m, req_db(r), r->a, "SELECT status FROM majlis_minutes WHERE session_id = $1", "i", id);
    const char *status = rc || m->nrows == 0 ? NULL : db_text(m, 0, 0);
    if (rc == 0 && status && strcmp(status, "approved") == 0)
        rc = http_fail(r, E_CONFLICT, "status", "the minutes are approved and signed: they cannot change");
    else if (rc == 0 && status && strcmp(status, "circulated") == 0 && !reason)
        rc = http_fail(r, E_INVALID, "reason", "the minutes were circulated: give the reason for the amendment");
    if (rc == 0)
        rc = db_exec(req_db(r),
                     "INSERT INTO majlis_minutes (session_id, text, updated_at) VALUES ($1, $2, $3) ON CONFLICT "
                     "(session_id) DO UPDATE SET text = excluded.text, revision = majlis_minutes.revision + 1, "
                     "updated_at = excluded.updated_at",
                     "isi", id, text, db_now());
    if (rc >= 0)
        rc = mj_record(r, status ? "minutes.amend" : "minutes.draft", "minutes", id,
                       json_pack("{s:s?}", "reason", reason), 0);
    if ((rc = mj_end(r, rc))) return rc;
    return http_json(r, 200, json_pack("{s:s}", "status", status ? status : "draft"));
}

int mj_minutes_circulate(req *r)
{
    mj_access ac;
    int64_t id;
    int rc = load_session(&ac, &id, r);
    if (rc) return rc;
    if (!ac.manage) return mj_fail(r, E_FORBIDDEN, "circulate the minutes");
    if ((rc = mj_begin(r))) return rc;
    int n = db_exec(req_db(r), "UPDATE majlis_minutes SET status = 'circulated' WHERE session_id = $1 AND status = 'draft'",
                    "i", id);
    rc = n < 0 ? n : n == 0 ? http_fail(r, E_CONFLICT, "status", "there are no draft minutes to circulate")
                            : mj_record(r, "minutes.circulate", "minutes", id, NULL, 0);
    if ((rc = mj_end(r, rc))) return rc;
    return http_json(r, 200, json_pack("{s:s}", "status", "circulated"));
}

static int approve_tx(json_t **out, req *r, int64_t id, int64_t body, int64_t in_session)
{
    db_rows *s, *m;
    int rc = db_query(&s, req_db(r), r->a,
                      "SELECT n.status, CASE WHEN n.starts_at > o.starts_at OR (n.starts_at = o.starts_at AND n.id > o.id) THEN 1 "
                      "ELSE 0 END FROM "
                      "majlis_sessions n, majlis_sessions o WHERE n.id = $1 AND o.id = $2 AND n.body_id = $3",
                      "iii", in_session, id, body);
    if (rc) return rc;
    if (s->nrows == 0 || db_int(s, 0, 1) != 1)
        return http_fail(r, E_INVALID, "session_id", "minutes are approved in a later session of the same body");
    if (strcmp(db_text(s, 0, 0), "open") != 0)
        return http_fail(r, E_CONFLICT, "session_id", "the approving session must be open (it is %s)", db_text(s, 0, 0));
    if ((rc = db_query(&m, req_db(r), r->a, "SELECT status, text FROM majlis_minutes WHERE session_id = $1", "i", id)))
        return rc;
    if (m->nrows == 0 || strcmp(db_text(m, 0, 0), "circulated") != 0)
        return http_fail(r, E_CONFLICT, "status", "only circulated minutes can be approved");
    int64_t seq;
    char head[65], msg[400], sig[129], pk[65];
    if ((rc = audit_head_hash(&seq, head, req_db(r)))) return rc;
    int n = minutes_message(msg, sizeof msg, id, db_text(m, 0, 1), seq, head);
    if ((rc = audit_sign(sig, pk, req_db(r), (const unsigned char *)msg, (size_t)n))) return rc;
    /* signing may have registered the key (one more entry): the head stays the one signed */
    if ((rc = db_exec(req_db(r),
                      "UPDATE majlis_minutes SET status = 'approved', approved_in = $1, chain_seq = $2, chain_head = $3, "
                      "signature = $4, public_key = $5, signed_at = $6 WHERE session_id = $7 AND status = 'circulated'",
                      "iisssii", in_session, seq, head, sig, pk, db_now(), id)) < 0)
        return rc;
    *out = json_pack("{s:s, s:I, s:s, s:s, s:s}", "status", "approved", "chain_seq", (json_int_t)seq, "chain_head", head,
                     "signature", sig, "public_key", pk);
    return mj_record(r, "minutes.approve", "minutes", id, json_pack("{s:I}", "approved_in", (json_int_t)in_session), 1);
}

int mj_minutes_approve(req *r)
{
    mj_access ac;
    int64_t id, in_session = 0;
    json_t *in, *out = NULL;
    int rc = load_session(&ac, &id, r);
    if (rc || (rc = mj_in(&in, r)) || (rc = mj_int(&in_session, r, in, "session_id", 1))) return rc;
    if (!ac.manage) return mj_fail(r, E_FORBIDDEN, "approve the minutes");
    if ((rc = mj_begin(r))) return rc;
    if ((rc = mj_end(r, approve_tx(&out, r, id, ac.body_id, in_session)))) {
        json_decref(out);
        return rc;
    }
    return http_json(r, 200, out);
}

/* ---- decisions ---- */

int mj_state_decision(json_t **out, db_conn *c, arena *a, int64_t id)
{
    db_rows *d, *x;
    int rc = db_query(&d, c, a, "SELECT body_id, session_id, vote_id, number, kind, title, status, text FROM "
                                "majlis_decisions WHERE id = $1", "i", id);
    if (rc) return rc;
    if (d->nrows == 0) return E_NOTFOUND;
    if ((rc = db_query(&x, c, a, "SELECT id, title, owner_id, due_date, status FROM majlis_actions WHERE decision_id = $1 "
                                 "ORDER BY id", "i", id)))
        return rc;
    char h[65];
    audit_sha256_hex(h, db_text(d, 0, 7), strlen(db_text(d, 0, 7)));
    *out = mj_row(d, 0, "iiissss");
    json_object_set_new(*out, "text_sha256", json_string(h));
    json_object_set_new(*out, "actions", mj_rows(x, "isiss"));
    return 0;
}

int mj_decision_insert(int64_t *id, req *r, int64_t body, int64_t session, int64_t vote, const char *kind, const char *title,
                       const char *text)
{
    db_rows *n, *row;
    time_t now = (time_t)db_now();
    struct tm tm;
    gmtime_r(&now, &tm);
    int rc = db_query(&n, req_db(r), r->a, "SELECT count(*) + 1 FROM majlis_decisions WHERE body_id = $1", "i", body);
    if (rc) return rc;
    const char *number = arena_printf(r->a, "D%lld-%d-%03lld", (long long)body, tm.tm_year + 1900, (long long)db_int(n, 0, 0));
    if ((rc = db_query(&row, req_db(r), r->a,
                       "INSERT INTO majlis_decisions (body_id, session_id, vote_id, number, kind, title, text, created_by, "
                       "created_at) VALUES ($1, NULLIF(CAST($2 AS BIGINT), 0), NULLIF(CAST($3 AS BIGINT), 0), $4, $5, $6, "
                       "$7, $8, $9) RETURNING id",
                       "iiissssii", body, session, vote, number, kind, title, text, r->user->id, db_now())))
        return rc;
    *id = db_int(row, 0, 0);
    return mj_record(r, "decision.register", "decision", *id, NULL, 1);
}

int mj_decisions_list(req *r)
{
    int64_t body = 0;
    const char *q = req_query(r, "body_id");
    if (q) {
        char *end;
        body = strtoll(q, &end, 10);
        if (*end || body <= 0) return http_fail(r, E_INVALID, "body_id", "body_id: a body's id");
    }
    db_rows *d, *x;
    int rc = db_query(&d, req_db(r), r->a,
                      "SELECT d.id, d.body_id, b.name AS body_name, b.name_ar AS body_name_ar, d.session_id, d.vote_id, "
                      "d.number, d.kind, d.title, d.text, d.status, d.created_at FROM majlis_decisions d JOIN majlis_bodies "
                      "b ON b.id = d.body_id WHERE ($1 = 1 OR d.body_id IN (SELECT body_id FROM majlis_members WHERE "
                      "user_id = $2)) AND ($3 = 0 OR d.body_id = $3) ORDER BY d.id DESC LIMIT 500",
                      "iii", (int64_t)mj_staff(r->user), r->user->id, body);
    if (rc) return rc;
    if ((rc = db_query(&x, req_db(r), r->a,
                       "SELECT x.id, x.decision_id, x.title, x.owner_id, u.name AS owner, x.due_date, x.status FROM "
                       "majlis_actions x JOIN users u ON u.id = x.owner_id JOIN majlis_decisions d ON d.id = x.decision_id "
                       "WHERE ($1 = 1 OR d.body_id IN (SELECT body_id FROM majlis_members WHERE user_id = $2)) ORDER BY "
                       "x.due_date, x.id",
                       "ii", (int64_t)mj_staff(r->user), r->user->id)))
        return rc;
    json_t *arr = mj_rows(d, "iissiisssssi"), *acts = mj_rows(x, "iisisss"), *o, *a;
    size_t i, k;
    json_array_foreach(arr, i, o) {
        json_t *mine = json_array();
        json_array_foreach(acts, k, a) if (json_equal(json_object_get(a, "decision_id"), json_object_get(o, "id")))
            json_array_append(mine, a);
        json_object_set_new(o, "actions", mine);
    }
    json_decref(acts);
    return http_json(r, 200, json_pack("{s:o}", "decisions", arr));
}

static int decision_create_tx(int64_t *id, req *r, json_t *in)
{
    int64_t body = 0, session = 0, vote = 0;
    const char *title, *text;
    mj_access ac;
    int rc;
    if ((rc = mj_int(&body, r, in, "body_id", 1)) || (rc = mj_int(&session, r, in, "session_id", 0)) ||
        (rc = mj_int(&vote, r, in, "vote_id", 0)) || (rc = mj_str(&title, r, in, "title", 1, 300)) ||
        (rc = mj_str(&text, r, in, "text", 1, 64 * 1024)))
        return rc;
    if ((rc = mj_body_access(&ac, r, body))) return rc == E_NOTFOUND ? http_fail(r, E_INVALID, "body_id", "no such body") : rc;
    if (!ac.manage) return mj_fail(r, E_FORBIDDEN, "register a decision");
    if (vote) {
        db_rows *v;
        if ((rc = db_query(&v, req_db(r), r->a, "SELECT body_id, status, adopted, session_id FROM majlis_votes WHERE id = $1",
                           "i", vote)))
            return rc;
        if (v->nrows == 0 || db_int(v, 0, 0) != body)
            return http_fail(r, E_INVALID, "vote_id", "no such vote in this body");
        if (strcmp(db_text(v, 0, 1), "closed") != 0 || db_int(v, 0, 2) != 1)
            return http_fail(r, E_INVALID, "vote_id", "a decision rests on a closed, adopted vote");
        if (!session && !db_isnull(v, 0, 3)) session = db_int(v, 0, 3);
    }
    if (session) {
        db_rows *s;
        if ((rc = db_query(&s, req_db(r), r->a, "SELECT 1 FROM majlis_sessions WHERE id = $1 AND body_id = $2", "ii", session,
                           body)))
            return rc;
        if (s->nrows == 0) return http_fail(r, E_INVALID, "session_id", "no such session of this body");
    }
    return mj_decision_insert(id, r, body, session, vote, vote ? "resolution" : "procedural", title, text);
}

int mj_decision_create(req *r)
{
    json_t *in;
    int64_t id = 0;
    int rc = mj_in(&in, r);
    if (rc || (rc = mj_begin(r))) return rc;
    if ((rc = mj_end(r, decision_create_tx(&id, r, in)))) return rc;
    return http_json(r, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

static int valid_date(const char *s)
{
    int y, m, d;
    char extra;
    return s && strlen(s) == 10 && sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &extra) == 3 && y >= 2000 && m >= 1 && m <= 12 &&
           d >= 1 && d <= 31;
}

int mj_action_create(req *r)
{
    int64_t id, owner = 0;
    mj_access ac;
    json_t *in;
    const char *title, *due;
    int rc = req_param_id(&id, r, 0);
    if (rc == 0) rc = mj_object_access(&ac, NULL, r, "decision", id);
    if (rc) return mj_fail(r, rc, "decision");
    if ((rc = mj_in(&in, r)) || (rc = mj_str(&title, r, in, "title", 1, 500)) || (rc = mj_int(&owner, r, in, "owner_id", 1)) ||
        (rc = mj_str(&due, r, in, "due_date", 1, 10)))
        return rc;
    if (!valid_date(due)) return http_fail(r, E_INVALID, "due_date", "due_date: YYYY-MM-DD");
    if (!ac.manage) return mj_fail(r, E_FORBIDDEN, "assign follow-up actions");
    db_rows *m;
    if ((rc = db_query(&m, req_db(r), r->a, "SELECT 1 FROM majlis_members WHERE body_id = $1 AND user_id = $2", "ii",
                       ac.body_id, owner)))
        return rc;
    if (m->nrows == 0) return http_fail(r, E_INVALID, "owner_id", "the owner must sit on the body");
    if ((rc = mj_begin(r))) return rc;
    db_rows *row;
    rc = db_query(&row, req_db(r), r->a,
                  "INSERT INTO majlis_actions (decision_id, title, owner_id, due_date, updated_at) VALUES ($1, $2, $3, $4, "
                  "$5) RETURNING id", "isisi", id, title, owner, due, db_now());
    int64_t aid = rc ? 0 : db_int(row, 0, 0);
    if (rc == 0) rc = mj_record(r, "decision.action", "decision", id, json_pack("{s:I}", "action_id", (json_int_t)aid), 0);
    if ((rc = mj_end(r, rc))) return rc;
    return http_json(r, 201, json_pack("{s:I}", "id", (json_int_t)aid));
}

int mj_action_update(req *r)
{
    static const char *const ST[] = {"open", "in_progress", "done", NULL};
    int64_t id;
    mj_access ac;
    json_t *in;
    const char *st;
    db_rows *x;
    int rc = req_param_id(&id, r, 0);
    if (rc == 0) rc = mj_object_access(&ac, NULL, r, "action", id);
    if (rc) return mj_fail(r, rc, "action");
    if ((rc = mj_in(&in, r)) || (rc = mj_str(&st, r, in, "status", 1, 20))) return rc;
    if (!mj_oneof(st, ST)) return http_fail(r, E_INVALID, "status", "status: open, in_progress or done");
    if ((rc = db_query(&x, req_db(r), r->a, "SELECT decision_id, owner_id FROM majlis_actions WHERE id = $1", "i", id))) return rc;
    if (!ac.manage && db_int(x, 0, 1) != r->user->id) return mj_fail(r, E_FORBIDDEN, "update this action (its owner)");
    if ((rc = mj_begin(r))) return rc;
    rc = db_exec(req_db(r), "UPDATE majlis_actions SET status = $1, updated_at = $2 WHERE id = $3", "sii", st, db_now(), id);
    if (rc >= 0) rc = mj_record(r, "decision.action_status", "decision", db_int(x, 0, 0),
                                json_pack("{s:I, s:s}", "action_id", (json_int_t)id, "status", st), 0);
    if ((rc = mj_end(r, rc))) return rc;
    return http_status(r, 204);
}
