/*
 * majlis_doc.c — documents and the opinion workflow.
 *
 * A document (report, opinion, budget, minutes, other) belongs to a body, optionally to one of
 * its sessions, and has numbered versions (never overwritten; each keeps its SHA-256). Its
 * access level decides who of the body reads it once reviewed: public and council — every
 * member of the body (public ones may also be published); body — the members except
 * observers; restricted — the president, the rapporteur and the secretariat. Drafts (draft,
 * review) are read only by their author and the body's managers. A document enters the session
 * pack when reviewed (status approved). Annotations are private to their author; comments are
 * for the deliberation; an amendment proposes a before/after change that the managers adopt
 * (a new version) or reject.
 *
 * The opinion workflow: a referral creates an ad hoc commission with a deadline → the
 * commission drafts the opinion → the Bureau reviews it → the General Assembly approves it by a
 * vote → the secretariat publishes it into majlis_published, the corpus Majlisbot reads.
 */
#include "app/majlis/majlis_int.h"

#include <stdlib.h>
#include <string.h>

#include "base/err.h"

static const char *const DOC_KINDS[] = {"report", "opinion", "budget", "minutes", "other", NULL};
static const char *const ACCESS[] = {"public", "council", "body", "restricted", NULL};
enum { MAX_TEXT = 512 * 1024 };

int mj_doc_visible(const mj_access *ac, const http_user *u, const char *access, const char *status, int64_t author)
{
    if (ac->staff || author == u->id) return 1;
    if (!ac->role) return 0;
    int leader = strcmp(ac->role, "president") == 0 || strcmp(ac->role, "rapporteur") == 0 ||
                 strcmp(ac->role, "secretariat") == 0;
    if (strcmp(status, "draft") == 0 || strcmp(status, "review") == 0) return ac->manage || leader;
    if (strcmp(access, "restricted") == 0) return leader;
    if (strcmp(access, "body") == 0) return strcmp(ac->role, "observer") != 0;
    return 1;
}

int mj_state_document(json_t **out, db_conn *c, arena *a, int64_t id)
{
    db_rows *d, *v;
    int rc = db_query(&d, c, a, "SELECT body_id, session_id, kind, title, access, status FROM majlis_documents WHERE id = $1",
                      "i", id);
    if (rc) return rc;
    if (d->nrows == 0) return E_NOTFOUND;
    if ((rc = db_query(&v, c, a, "SELECT version, text FROM majlis_doc_versions WHERE document_id = $1 ORDER BY version", "i",
                       id)))
        return rc;
    *out = mj_row(d, 0, "iissss");
    json_t *vs = json_array();
    for (int i = 0; i < v->nrows; i++) {
        char h[65];
        audit_sha256_hex(h, db_text(v, i, 1), strlen(db_text(v, i, 1)));
        json_array_append_new(vs, json_pack("[I, s]", (json_int_t)db_int(v, i, 0), h));
    }
    json_object_set_new(*out, "versions", vs);
    return 0;
}

int mj_state_amendment(json_t **out, db_conn *c, arena *a, int64_t id)
{
    db_rows *x;
    int rc = db_query(&x, c, a, "SELECT document_id, version, before_text, after_text, status FROM majlis_amendments "
                                "WHERE id = $1", "i", id);
    if (rc) return rc;
    if (x->nrows == 0) return E_NOTFOUND;
    char hb[65], ha[65];
    audit_sha256_hex(hb, db_text(x, 0, 2), strlen(db_text(x, 0, 2)));
    audit_sha256_hex(ha, db_text(x, 0, 3), strlen(db_text(x, 0, 3)));
    *out = json_pack("{s:I, s:I, s:s, s:s, s:s}", "document_id", (json_int_t)db_int(x, 0, 0), "version",
                     (json_int_t)db_int(x, 0, 1), "before_sha256", hb, "after_sha256", ha, "status", db_text(x, 0, 4));
    return 0;
}

int mj_session_documents(json_t **out, req *r, const mj_access *ac, int64_t session_id, int pack)
{
    db_rows *d;
    int rc = db_query(&d, req_db(r), r->a,
                      "SELECT d.id, d.kind, d.title, d.access, d.status, d.author_id, v.version, v.sha256, v.text "
                      "FROM majlis_documents d JOIN majlis_doc_versions v ON v.document_id = d.id AND v.version = "
                      "(SELECT MAX(version) FROM majlis_doc_versions WHERE document_id = d.id) "
                      "WHERE d.session_id = $1 ORDER BY d.id",
                      "i", session_id);
    if (rc) return rc;
    *out = json_array();
    for (int i = 0; i < d->nrows; i++) {
        const char *status = db_text(d, i, 4);
        if (!mj_doc_visible(ac, r->user, db_text(d, i, 3), status, db_int(d, i, 5))) continue;
        if (pack && strcmp(status, "approved") != 0 && strcmp(status, "published") != 0) continue;
        json_t *o = mj_row(d, i, pack ? "issssiiss" : "issssiis");
        json_array_append_new(*out, o);
    }
    return 0;
}

static int add_version(int *version, req *r, int64_t doc, const char *text, const char *note)
{
    db_rows *v;
    char h[65];
    int rc = db_query(&v, req_db(r), r->a,
                      "SELECT COALESCE(MAX(version), 0) + 1 FROM majlis_doc_versions WHERE document_id = $1", "i", doc);
    if (rc) return rc;
    *version = (int)db_int(v, 0, 0);
    audit_sha256_hex(h, text, strlen(text));
    rc = db_exec(req_db(r),
                 "INSERT INTO majlis_doc_versions (document_id, version, text, sha256, author_id, note, at) "
                 "VALUES ($1, $2, $3, $4, $5, $6, $7)",
                 "iissisi", doc, (int64_t)*version, text, h, r->user->id, note ? note : "", db_now());
    return rc < 0 ? rc : 0;
}

/* doc_insert: a new document with its first version (inside the caller's transaction) */
static int doc_insert(int64_t *id, req *r, int64_t body, int64_t session, const char *kind, const char *title,
                      const char *access, const char *status, const char *text)
{
    db_rows *row;
    int version;
    int rc = db_query(&row, req_db(r), r->a,
                      "INSERT INTO majlis_documents (body_id, session_id, kind, title, access, status, author_id, created_at) "
                      "VALUES ($1, NULLIF(CAST($2 AS BIGINT), 0), $3, $4, $5, $6, $7, $8) RETURNING id",
                      "iissssii", body, session, kind, title, access, status, r->user->id, db_now());
    if (rc) return rc;
    *id = db_int(row, 0, 0);
    return add_version(&version, r, *id, text, "");
}

static int doc_create_tx(int64_t *id, req *r, json_t *in)
{
    int64_t body = 0, session = 0;
    const char *kind, *title, *access, *text;
    mj_access ac;
    int rc;
    if ((rc = mj_int(&body, r, in, "body_id", 1)) || (rc = mj_int(&session, r, in, "session_id", 0)) ||
        (rc = mj_str(&kind, r, in, "kind", 1, 20)) || (rc = mj_str(&title, r, in, "title", 1, 300)) ||
        (rc = mj_str(&access, r, in, "access", 1, 20)) || (rc = mj_str(&text, r, in, "text", 1, MAX_TEXT)))
        return rc;
    if (!mj_oneof(kind, DOC_KINDS)) return http_fail(r, E_INVALID, "kind", "kind: report, opinion, budget, minutes or other");
    if (!mj_oneof(access, ACCESS)) return http_fail(r, E_INVALID, "access", "access: public, council, body or restricted");
    if ((rc = mj_body_access(&ac, r, body))) return rc == E_NOTFOUND ? http_fail(r, E_INVALID, "body_id", "no such body") : rc;
    if (!ac.staff && (!ac.role || strcmp(ac.role, "observer") == 0)) return mj_fail(r, E_FORBIDDEN, "draft a document");
    if (session) {
        db_rows *s;
        if ((rc = db_query(&s, req_db(r), r->a, "SELECT 1 FROM majlis_sessions WHERE id = $1 AND body_id = $2", "ii",
                           session, body)))
            return rc;
        if (s->nrows == 0) return http_fail(r, E_INVALID, "session_id", "no such session of this body");
    }
    if ((rc = doc_insert(id, r, body, session, kind, title, access, "draft", text))) return rc;
    return mj_record(r, "document.create", "document", *id, NULL, 0);
}

int mj_doc_create(req *r)
{
    json_t *in;
    int64_t id = 0;
    int rc = mj_in(&in, r);
    if (rc || (rc = mj_begin(r))) return rc;
    if ((rc = mj_end(r, doc_create_tx(&id, r, in)))) return rc;
    return http_json(r, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

typedef struct doc_info {
    mj_access ac;
    int64_t id, author;
    const char *status, *access, *kind;
} doc_info;

/* load_doc: the document in path parameter 0, if this user may read it */
static int load_doc(doc_info *d, req *r)
{
    db_rows *row;
    int rc = req_param_id(&d->id, r, 0);
    if (rc == 0) rc = mj_object_access(&d->ac, NULL, r, "document", d->id);
    if (rc == 0) rc = db_query(&row, req_db(r), r->a, "SELECT status, access, author_id, kind FROM majlis_documents WHERE "
                                                      "id = $1", "i", d->id);
    if (rc) return mj_fail(r, rc, "document");
    d->status = db_text(row, 0, 0);
    d->access = db_text(row, 0, 1);
    d->author = db_int(row, 0, 2);
    d->kind = db_text(row, 0, 3);
    if (!mj_doc_visible(&d->ac, r->user, d->access, d->status, d->author)) return mj_fail(r, E_NOTFOUND, "document");
    return 0;
}

int mj_doc_get(req *r)
{
    doc_info d;
    int rc = load_doc(&d, r);
    if (rc) return rc;
    db_conn *c = req_db(r);
    db_rows *doc, *v, *an, *cm, *am;
    if ((rc = db_query(&doc, c, r->a,
                       "SELECT d.id, d.body_id, b.name AS body_name, d.session_id, d.kind, d.title, d.access, d.status, "
                       "u.name AS author FROM majlis_documents d JOIN majlis_bodies b ON b.id = d.body_id JOIN users u ON "
                       "u.id = d.author_id WHERE d.id = $1", "i", d.id)) ||
        (rc = db_query(&v, c, r->a, "SELECT v.version, v.sha256, v.note, v.at, u.name AS author, v.text FROM "
                                    "majlis_doc_versions v JOIN users u ON u.id = v.author_id WHERE v.document_id = $1 "
                                    "ORDER BY v.version", "i", d.id)) ||
        (rc = db_query(&an, c, r->a, "SELECT id, version, text, at FROM majlis_annotations WHERE document_id = $1 AND "
                                     "user_id = $2 ORDER BY id", "ii", d.id, r->user->id)) ||
        (rc = db_query(&cm, c, r->a, "SELECT x.id, x.version, x.text, x.at, u.name AS author FROM majlis_comments x JOIN "
                                     "users u ON u.id = x.user_id WHERE x.document_id = $1 ORDER BY x.id", "i", d.id)) ||
        (rc = db_query(&am, c, r->a, "SELECT x.id, x.version, x.before_text, x.after_text, x.reason, x.status, x.at, "
                                     "u.name AS author FROM majlis_amendments x JOIN users u ON u.id = x.author_id WHERE "
                                     "x.document_id = $1 ORDER BY x.id", "i", d.id)))
        return rc;
    json_t *o = mj_row(doc, 0, "iisssssss");
    json_object_set_new(o, "session_id", db_isnull(doc, 0, 3) ? json_null() : json_integer(db_int(doc, 0, 3)));
    json_object_set_new(o, "versions", mj_rows(v, "ississ"));
    json_object_set_new(o, "annotations", mj_rows(an, "iisi"));
    json_object_set_new(o, "comments", mj_rows(cm, "iisis"));
    json_object_set_new(o, "amendments", mj_rows(am, "iissssis"));
    json_object_set_new(o, "can_manage", json_boolean(d.ac.manage));
    return http_json(r, 200, json_pack("{s:o}", "document", o));
}

static int may_edit(const doc_info *d, req *r) { return d->ac.manage || d->author == r->user->id; }

int mj_doc_version(req *r)
{
    doc_info d;
    json_t *in;
    const char *text, *note;
    int version = 0;
    int rc = load_doc(&d, r);
    if (rc || (rc = mj_in(&in, r)) || (rc = mj_str(&text, r, in, "text", 1, MAX_TEXT)) ||
        (rc = mj_str(&note, r, in, "note", 0, 1000)))
        return rc;
    if (!may_edit(&d, r)) return mj_fail(r, E_FORBIDDEN, "revise this document");
    if (strcmp(d.status, "draft") != 0 && strcmp(d.status, "review") != 0)
        return http_fail(r, E_CONFLICT, "status", "the document is %s: change it by an amendment", d.status);
    if ((rc = mj_begin(r))) return rc;
    rc = add_version(&version, r, d.id, text, note);
    if (rc == 0) rc = mj_record(r, "document.version", "document", d.id, json_pack("{s:i}", "version", version), 0);
    if ((rc = mj_end(r, rc))) return rc;
    return http_json(r, 201, json_pack("{s:i}", "version", version));
}

/* set_status: one step of the review, from `from` to `to` */
static int set_status(req *r, const doc_info *d, const char *from, const char *to, const char *action, json_t *extra)
{
    int rc = mj_begin(r);
    if (rc) {
        json_decref(extra);
        return rc;
    }
    int n = db_exec(req_db(r), "UPDATE majlis_documents SET status = $1, reviewed_by = CASE WHEN $2 = 1 THEN $3 ELSE "
                               "reviewed_by END WHERE id = $4 AND status = $5",
                    "siiis", to, (int64_t)(strcmp(from, "review") == 0), r->user->id, d->id, from);
    rc = n < 0 ? n : n == 0 ? http_fail(r, E_CONFLICT, "status", "the document is not %s", from)
                            : mj_record(r, action, "document", d->id, extra, 0);
    if (n <= 0) json_decref(extra);
    if ((rc = mj_end(r, rc))) return rc;
    return http_json(r, 200, json_pack("{s:s}", "status", to));
}

int mj_doc_submit(req *r)
{
    doc_info d;
    int rc = load_doc(&d, r);
    if (rc) return rc;
    if (!may_edit(&d, r)) return mj_fail(r, E_FORBIDDEN, "submit this document");
    return set_status(r, &d, "draft", "review", "document.submit", NULL);
}

int mj_doc_review(req *r)
{
    doc_info d;
    json_t *in, *ok;
    const char *note;
    int rc = load_doc(&d, r);
    if (rc || (rc = mj_in(&in, r)) || (rc = mj_str(&note, r, in, "note", 0, 2000))) return rc;
    ok = json_object_get(in, "approve");
    if (!json_is_boolean(ok)) return http_fail(r, E_INVALID, "approve", "approve: true or false");
    if (!d.ac.manage) return mj_fail(r, E_FORBIDDEN, "review documents");
    return set_status(r, &d, "review", json_is_true(ok) ? "approved" : "draft",
                      json_is_true(ok) ? "document.approve" : "document.return", json_pack("{s:s?}", "note", note));
}

/* note_on: an annotation (private: read back only by its author) or a comment, on the latest version */
static int note_on(req *r, const char *table)
{
    doc_info d;
    json_t *in;
    const char *text;
    int rc = load_doc(&d, r);
    if (rc || (rc = mj_in(&in, r)) || (rc = mj_str(&text, r, in, "text", 1, 20000))) return rc;
    db_rows *row;
    char sql[256];
    snprintf(sql, sizeof sql,
             "INSERT INTO %s (document_id, version, user_id, text, at) SELECT $1, MAX(version), $2, $3, $4 FROM "
             "majlis_doc_versions WHERE document_id = $1 RETURNING id",
             table);
    if ((rc = db_query(&row, req_db(r), r->a, sql, "iisi", d.id, r->user->id, text, db_now()))) return rc;
    return http_json(r, 201, json_pack("{s:I}", "id", (json_int_t)db_int(row, 0, 0)));
}

int mj_doc_annotate(req *r) { return note_on(r, "majlis_annotations"); }
int mj_doc_comment(req *r) { return note_on(r, "majlis_comments"); }

static int latest_text(const char **text, int *version, req *r, int64_t doc)
{
    db_rows *v;
    int rc = db_query(&v, req_db(r), r->a, "SELECT version, text FROM majlis_doc_versions WHERE document_id = $1 ORDER BY "
                                           "version DESC LIMIT 1", "i", doc);
    if (rc) return rc;
    *version = (int)db_int(v, 0, 0);
    *text = db_text(v, 0, 1);
    return 0;
}

int mj_doc_amend(req *r)
{
    doc_info d;
    json_t *in;
    const char *before, *after, *reason, *text;
    int version;
    int rc = load_doc(&d, r);
    if (rc || (rc = mj_in(&in, r)) || (rc = mj_str(&before, r, in, "before", 1, MAX_TEXT)) ||
        (rc = mj_str(&after, r, in, "after", 0, MAX_TEXT)) || (rc = mj_str(&reason, r, in, "reason", 0, 4000)))
        return rc;
    if (!after) return http_fail(r, E_INVALID, "after", "after is required (it may be empty to delete)");
    if (!d.ac.vote && !d.ac.manage) return mj_fail(r, E_FORBIDDEN, "propose an amendment");
    if ((rc = latest_text(&text, &version, r, d.id))) return rc;
    if (!strstr(text, before))
        return http_fail(r, E_INVALID, "before", "the text to amend is not in version %d of the document", version);
    if ((rc = mj_begin(r))) return rc;
    db_rows *row;
    rc = db_query(&row, req_db(r), r->a,
                  "INSERT INTO majlis_amendments (document_id, version, author_id, before_text, after_text, reason, at) "
                  "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                  "iiisssi", d.id, (int64_t)version, r->user->id, before, after, reason ? reason : "", db_now());
    int64_t id = rc ? 0 : db_int(row, 0, 0);
    if (rc == 0) rc = mj_record(r, "amendment.propose", "amendment", id, NULL, 0);
    if ((rc = mj_end(r, rc))) return rc;
    return http_json(r, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

/* replace_once: text with the first `before` replaced by `after` (arena) */
static char *replace_once(arena *a, const char *text, const char *before, const char *after)
{
    const char *at = strstr(text, before);
    size_t pre = (size_t)(at - text), nb = strlen(before), na = strlen(after), rest = strlen(at + nb);
    char *out = arena_alloc(a, pre + na + rest + 1);
    memcpy(out, text, pre);
    memcpy(out + pre, after, na);
    memcpy(out + pre + na, at + nb, rest + 1);
    return out;
}

int mj_amendment_decide(req *r)
{
    int64_t id, doc;
    mj_access ac;
    json_t *in, *adopt;
    int rc = req_param_id(&id, r, 0);
    if (rc == 0) rc = mj_object_access(&ac, NULL, r, "amendment", id);
    if (rc) return mj_fail(r, rc, "amendment");
    if ((rc = mj_in(&in, r))) return rc;
    adopt = json_object_get(in, "adopt");
    if (!json_is_boolean(adopt)) return http_fail(r, E_INVALID, "adopt", "adopt: true or false");
    if (!ac.manage) return mj_fail(r, E_FORBIDDEN, "decide on amendments");
    if ((rc = mj_begin(r))) return rc;
    db_rows *x;
    const char *text;
    int version = 0;
    rc = db_query(&x, req_db(r), r->a, "SELECT document_id, before_text, after_text, status FROM majlis_amendments WHERE "
                                       "id = $1", "i", id);
    if (rc == 0 && strcmp(db_text(x, 0, 3), "proposed") != 0)
        rc = http_fail(r, E_CONFLICT, "status", "the amendment was %s already", db_text(x, 0, 3));
    doc = rc ? 0 : db_int(x, 0, 0);
    if (rc == 0 && json_is_true(adopt)) {
        rc = latest_text(&text, &version, r, doc);
        if (rc == 0 && !strstr(text, db_text(x, 0, 1)))
            rc = http_fail(r, E_CONFLICT, "before", "the document no longer contains the amended text");
        if (rc == 0)
            rc = add_version(&version, r, doc, replace_once(r->a, text, db_text(x, 0, 1), db_text(x, 0, 2)),
                             arena_printf(r->a, "amendment %lld", (long long)id));
        if (rc == 0) rc = mj_record(r, "document.amended", "document", doc, json_pack("{s:I}", "amendment_id", (json_int_t)id), 0);
    }
    if (rc == 0) {
        int n = db_exec(req_db(r), "UPDATE majlis_amendments SET status = $1 WHERE id = $2", "si",
                        json_is_true(adopt) ? "adopted" : "rejected", id);
        rc = n < 0 ? n : mj_record(r, json_is_true(adopt) ? "amendment.adopt" : "amendment.reject", "amendment", id, NULL, 0);
    }
    if ((rc = mj_end(r, rc))) return rc;
    return http_json(r, 200, json_pack("{s:s, s:i}", "status", json_is_true(adopt) ? "adopted" : "rejected", "version", version));
}

/* ---- the opinion workflow ---- */

int mj_state_referral(json_t **out, db_conn *c, arena *a, int64_t id)
{
    db_rows *x;
    int rc = db_query(&x, c, a, "SELECT title, question, commission_id, deadline, status, document_id, vote_id FROM "
                                "majlis_referrals WHERE id = $1", "i", id);
    if (rc) return rc;
    if (x->nrows == 0) return E_NOTFOUND;
    *out = mj_row(x, 0, "ssiisii");
    return 0;
}

static int load_referral(db_rows **x, int64_t *id, req *r)
{
    int rc = req_param_id(id, r, 0);
    if (rc == 0) rc = db_query(x, req_db(r), r->a, "SELECT commission_id, status, document_id, title, vote_id FROM "
                                                   "majlis_referrals WHERE id = $1", "i", *id);
    if (rc == 0 && (*x)->nrows == 0) rc = E_NOTFOUND;
    return rc ? mj_fail(r, rc, "referral") : 0;
}

/* body_of_kind: the first body of a kind (the Bureau, the General Assembly) */
static int body_of_kind(int64_t *id, req *r, const char *kind)
{
    db_rows *b;
    int rc = db_query(&b, req_db(r), r->a, "SELECT id FROM majlis_bodies WHERE kind = $1 ORDER BY id LIMIT 1", "s", kind);
    if (rc) return rc;
    if (b->nrows == 0) return http_fail(r, E_CONFLICT, NULL, "the council has no %s", kind);
    *id = db_int(b, 0, 0);
    return 0;
}

int mj_referrals_list(req *r)
{
    db_rows *x;
    int rc = db_query(&x, req_db(r), r->a,
                      "SELECT x.id, x.title, x.question, x.requested_by, x.commission_id, b.name AS commission, x.deadline, "
                      "x.status, x.document_id, x.vote_id FROM majlis_referrals x JOIN majlis_bodies b ON b.id = "
                      "x.commission_id ORDER BY x.id DESC",
                      "");
    if (rc) return rc;
    return http_json(r, 200, json_pack("{s:o}", "referrals", mj_rows(x, "isssisisii")));
}

static int referral_create_tx(int64_t *id, int64_t *commission, req *r, json_t *in)
{
    const char *title, *question, *by;
    int64_t deadline = 0;
    int rc;
    if ((rc = mj_str(&title, r, in, "title", 1, 300)) || (rc = mj_str(&question, r, in, "question", 1, 8000)) ||
        (rc = mj_str(&by, r, in, "requested_by", 0, 300)) || (rc = mj_int(&deadline, r, in, "deadline", 1)))
        return rc;
    if (deadline <= db_now()) return http_fail(r, E_INVALID, "deadline", "the deadline must be in the future");
    json_t *members = json_object_get(in, "members");
    if (!json_is_array(members) || json_array_size(members) == 0)
        return http_fail(r, E_INVALID, "members", "an ad hoc commission needs members: [{user_id, role}]");
    db_rows *b;
    if ((rc = db_query(&b, req_db(r), r->a,
                       "INSERT INTO majlis_bodies (kind, name, mandate, deadline, created_at) VALUES ('adhoc_commission', "
                       "$1, $2, $3, $4) RETURNING id",
                       "ssii", arena_printf(r->a, "Commission ad hoc : %s", title), question, deadline, db_now())))
        return rc == E_CONFLICT ? http_fail(r, rc, "title", "a referral with this title exists already") : rc;
    *commission = db_int(b, 0, 0);
    size_t i;
    json_t *m;
    json_array_foreach(members, i, m) {
        json_int_t uid;
        const char *role;
        if (json_unpack(m, "{s:I, s:s}", "user_id", &uid, "role", &role))
            return http_fail(r, E_INVALID, "members", "members[%zu]: {user_id, role}", i);
        if (!mj_oneof(role, (const char *const[]){"president", "rapporteur", "secretariat", "member", "observer", NULL}))
            return http_fail(r, E_INVALID, "members", "members[%zu]: unknown role", i);
        if ((rc = db_exec(req_db(r), "INSERT INTO majlis_members (body_id, user_id, role) SELECT $1, id, $2 FROM users "
                                     "WHERE id = $3 AND role IN ('council_member', 'council_secretariat')",
                          "isi", *commission, role, (int64_t)uid)) <= 0)
            return rc < 0 ? (rc == E_CONFLICT ? http_fail(r, E_INVALID, "members", "members[%zu]: twice", i) : rc)
                          : http_fail(r, E_INVALID, "members", "members[%zu]: not a council member", i);
    }
    if ((rc = mj_record(r, "body.create", "body", *commission, NULL, 0))) return rc;
    if ((rc = db_query(&b, req_db(r), r->a,
                       "INSERT INTO majlis_referrals (title, question, requested_by, commission_id, deadline, created_by, "
                       "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                       "sssiiii", title, question, by ? by : "", *commission, deadline, r->user->id, db_now())))
        return rc;
    *id = db_int(b, 0, 0);
    return mj_record(r, "referral.create", "referral", *id, NULL, 0);
}

int mj_referral_create(req *r)
{
    json_t *in;
    int64_t id = 0, commission = 0;
    int rc = mj_in(&in, r);
    if (rc || (rc = mj_begin(r))) return rc;
    if ((rc = mj_end(r, referral_create_tx(&id, &commission, r, in)))) return rc;
    return http_json(r, 201, json_pack("{s:I, s:I}", "id", (json_int_t)id, "commission_id", (json_int_t)commission));
}

static int referral_step(req *r, int64_t id, const char *from, const char *to, const char *action, json_t *extra)
{
    int n = db_exec(req_db(r), "UPDATE majlis_referrals SET status = $1 WHERE id = $2 AND status = $3", "sis", to, id, from);
    if (n <= 0) {
        json_decref(extra);
        return n < 0 ? n : http_fail(r, E_CONFLICT, "status", "the referral is not at the '%s' step", from);
    }
    return mj_record(r, action, "referral", id, extra, 0);
}

int mj_referral_draft(req *r)
{
    db_rows *x;
    int64_t id, doc = 0;
    mj_access ac;
    json_t *in;
    const char *text;
    int rc = load_referral(&x, &id, r);
    if (rc || (rc = mj_body_access(&ac, r, db_int(x, 0, 0)))) return rc ? mj_fail(r, rc, "referral") : 0;
    if ((rc = mj_in(&in, r)) || (rc = mj_str(&text, r, in, "text", 1, MAX_TEXT))) return rc;
    int writer = ac.staff || (ac.role && (strcmp(ac.role, "president") == 0 || strcmp(ac.role, "rapporteur") == 0));
    if (!writer) return mj_fail(r, E_FORBIDDEN, "draft the opinion (the commission's rapporteur or president)");
    if ((rc = mj_begin(r))) return rc;
    int version;
    if (db_isnull(x, 0, 2)) {
        rc = doc_insert(&doc, r, db_int(x, 0, 0), 0, "opinion", db_text(x, 0, 3), "council", "review", text);
        if (rc == 0) rc = db_exec(req_db(r), "UPDATE majlis_referrals SET document_id = $1 WHERE id = $2", "ii", doc, id);
        if (rc > 0) rc = mj_record(r, "document.create", "document", doc, NULL, 0);
    } else {
        doc = db_int(x, 0, 2);
        rc = add_version(&version, r, doc, text, "redraft");
        if (rc == 0) rc = mj_record(r, "document.version", "document", doc, NULL, 0);
    }
    if (rc == 0) rc = referral_step(r, id, "referred", "bureau_review", "referral.draft", NULL);
    if ((rc = mj_end(r, rc))) return rc;
    return http_json(r, 200, json_pack("{s:s, s:I}", "status", "bureau_review", "document_id", (json_int_t)doc));
}

int mj_referral_review(req *r)
{
    db_rows *x;
    int64_t id, bureau;
    mj_access ac;
    json_t *in, *ok;
    const char *note;
    int rc = load_referral(&x, &id, r);
    if (rc || (rc = mj_in(&in, r)) || (rc = mj_str(&note, r, in, "note", 0, 4000))) return rc;
    ok = json_object_get(in, "approve");
    if (!json_is_boolean(ok)) return http_fail(r, E_INVALID, "approve", "approve: true or false");
    if ((rc = body_of_kind(&bureau, r, "bureau")) || (rc = mj_body_access(&ac, r, bureau)) || !ac.manage)
        return mj_fail(r, rc && rc != E_NOTFOUND ? rc : E_FORBIDDEN, "review an opinion (the Bureau)");
    if ((rc = mj_begin(r))) return rc;
    const char *to = json_is_true(ok) ? "assembly" : "referred";
    rc = referral_step(r, id, "bureau_review", to, json_is_true(ok) ? "referral.bureau_approve" : "referral.bureau_return",
                       json_pack("{s:s?}", "note", note));
    if ((rc = mj_end(r, rc))) return rc;
    return http_json(r, 200, json_pack("{s:s}", "status", to));
}

int mj_referral_approve(req *r)
{
    db_rows *x, *v;
    int64_t id, vote = 0, assembly, decision;
    mj_access ac;
    json_t *in;
    int rc = load_referral(&x, &id, r);
    if (rc || (rc = mj_in(&in, r)) || (rc = mj_int(&vote, r, in, "vote_id", 1))) return rc;
    if ((rc = body_of_kind(&assembly, r, "assembly")) || (rc = mj_body_access(&ac, r, assembly)) || !ac.manage)
        return mj_fail(r, rc && rc != E_NOTFOUND ? rc : E_FORBIDDEN, "record the Assembly's approval");
    if ((rc = db_query(&v, req_db(r), r->a, "SELECT body_id, status, adopted FROM majlis_votes WHERE id = $1", "i", vote)))
        return rc;
    if (v->nrows == 0 || db_int(v, 0, 0) != assembly || strcmp(db_text(v, 0, 1), "closed") != 0 || db_int(v, 0, 2) != 1)
        return http_fail(r, E_INVALID, "vote_id", "the approval needs a closed, adopted vote of the General Assembly");
    if ((rc = mj_begin(r))) return rc;
    rc = db_exec(req_db(r), "UPDATE majlis_referrals SET vote_id = $1 WHERE id = $2", "ii", vote, id);
    if (rc >= 0) rc = mj_decision_insert(&decision, r, assembly, 0, vote, "opinion", db_text(x, 0, 3),
                                         arena_printf(r->a, "The General Assembly approves the opinion \"%s\".", db_text(x, 0, 3)));
    if (rc == 0) rc = referral_step(r, id, "assembly", "approved", "referral.approve", NULL);
    if ((rc = mj_end(r, rc))) return rc;
    return http_json(r, 200, json_pack("{s:s, s:I}", "status", "approved", "decision_id", (json_int_t)decision));
}

int mj_referral_publish(req *r)
{
    db_rows *x;
    int64_t id, doc;
    const char *text;
    int version;
    int rc = load_referral(&x, &id, r);
    if (rc) return rc;
    if (db_isnull(x, 0, 2)) return http_fail(r, E_CONFLICT, "status", "the referral has no opinion yet");
    doc = db_int(x, 0, 2);
    if ((rc = mj_begin(r))) return rc;
    rc = latest_text(&text, &version, r, doc);
    char h[65];
    if (rc == 0) {
        audit_sha256_hex(h, text, strlen(text));
        rc = db_exec(req_db(r), "INSERT INTO majlis_published (document_id, referral_id, kind, title, text, sha256, "
                                "published_at) VALUES ($1, $2, 'opinion', $3, $4, $5, $6)",
                     "iisssi", doc, id, db_text(x, 0, 3), text, h, db_now());
    }
    if (rc >= 0) rc = db_exec(req_db(r), "UPDATE majlis_documents SET status = 'published', access = 'public' WHERE id = $1",
                              "i", doc);
    if (rc >= 0) rc = mj_record(r, "document.publish", "document", doc, json_pack("{s:s}", "sha256", h), 0);
    if (rc == 0) rc = referral_step(r, id, "approved", "published", "referral.publish", NULL);
    if ((rc = mj_end(r, rc))) return rc;
    return http_json(r, 200, json_pack("{s:s, s:s}", "status", "published", "sha256", h));
}

int mj_published_list(req *r)
{
    majlis_published_doc *p;
    int n;
    int rc = majlis_published_documents(&p, &n, req_db(r), r->a, 0, 500);
    if (rc) return rc;
    json_t *arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:I}", "id", (json_int_t)p[i].id,
                                             "document_id", (json_int_t)p[i].document_id, "kind", p[i].kind, "title",
                                             p[i].title, "text", p[i].text, "sha256", p[i].sha256, "published_at",
                                             (json_int_t)p[i].published_at));
    return http_json(r, 200, json_pack("{s:o}", "published", arr));
}
