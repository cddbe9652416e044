/*
 * majlis_session.c — sessions: creation with an agenda, the convocation (after which the
 * agenda is locked: every later change needs a reason and is kept in majlis_agenda_changes),
 * opening and closing, check-in, the list of speakers, and the session pack.
 *
 * Status only moves forward: draft → convened → open → closed. The session pack is one JSON
 * document (Content-Disposition: attachment) holding the session, its agenda and the text of
 * every reviewed document this member may read, each with its SHA-256; drafts and documents
 * above the member's access level are simply not in it.
 */
#include "app/majlis/majlis_int.h"

#include <string.h>

#include "base/err.h"

static const char *const SESSION_KINDS[] = {"ordinary", "extraordinary", NULL};

int mj_state_session(json_t **out, db_conn *c, arena *a, int64_t id)
{
    db_rows *s, *ag, *pr;
    int rc = db_query(&s, c, a, "SELECT body_id, kind, title, starts_at, status, convened_at FROM majlis_sessions "
                                "WHERE id = $1", "i", id);
    if (rc) return rc;
    if (s->nrows == 0) return E_NOTFOUND;
    if ((rc = db_query(&ag, c, a, "SELECT id, pos, title, closed_door, removed FROM majlis_agenda_items "
                                  "WHERE session_id = $1 ORDER BY id", "i", id)) ||
        (rc = db_query(&pr, c, a, "SELECT user_id FROM majlis_presence WHERE session_id = $1 ORDER BY user_id", "i", id)))
        return rc;
    *out = mj_row(s, 0, "issisi");
    json_object_set_new(*out, "agenda", mj_rows(ag, "iisbb"));
    json_object_set_new(*out, "present", mj_rows(pr, "i"));
    return 0;
}

int mj_sessions_list(req *r)
{
    db_rows *rows;
    int rc = db_query(&rows, req_db(r), r->a,
                      "SELECT s.id, s.body_id, b.name AS body_name, b.name_ar AS body_name_ar, s.kind, s.title, "
                      "s.starts_at, s.place, s.status FROM majlis_sessions s JOIN majlis_bodies b ON b.id = s.body_id "
                      "WHERE ($1 = 1 OR s.body_id IN (SELECT body_id FROM majlis_members WHERE user_id = $2)) "
                      "ORDER BY s.starts_at DESC, s.id DESC LIMIT 200",
                      "ii", (int64_t)mj_staff(r->user), r->user->id);
    if (rc) return rc;
    return http_json(r, 200, json_pack("{s:o}", "sessions", mj_rows(rows, "iissssiss")));
}

static int next_pos(int64_t *pos, req *r, int64_t session)
{
    db_rows *p;
    int rc = db_query(&p, req_db(r), r->a,
                      "SELECT COALESCE(MAX(pos), 0) + 1 FROM majlis_agenda_items WHERE session_id = $1", "i", session);
    if (rc == 0) *pos = db_int(p, 0, 0);
    return rc;
}

static int add_item(int64_t *item, req *r, int64_t session, json_t *it, const char *field)
{
    const char *title;
    json_t *cd = json_object_get(it, "closed_door");
    int rc = mj_str(&title, r, it, "title", 1, 500);
    if (rc) return http_fail(r, rc, field, "%s: an agenda item needs a title", field);
    if (cd && !json_is_boolean(cd)) return http_fail(r, E_INVALID, "closed_door", "closed_door: true or false");
    int64_t pos;
    db_rows *row;
    if ((rc = next_pos(&pos, r, session))) return rc;
    if ((rc = db_query(&row, req_db(r), r->a,
                       "INSERT INTO majlis_agenda_items (session_id, pos, title, closed_door) VALUES ($1, $2, $3, $4) "
                       "RETURNING id",
                       "iisi", session, pos, title, (int64_t)json_is_true(cd))))
        return rc;
    *item = db_int(row, 0, 0);
    return 0;
}

static int session_create_tx(int64_t *id, req *r, json_t *in)
{
    int64_t body = 0, starts = 0;
    const char *kind, *title, *place;
    mj_access ac;
    int rc;
    if ((rc = mj_int(&body, r, in, "body_id", 1)) || (rc = mj_str(&kind, r, in, "kind", 1, 20)) ||
        (rc = mj_str(&title, r, in, "title", 1, 300)) || (rc = mj_int(&starts, r, in, "starts_at", 1)) ||
        (rc = mj_str(&place, r, in, "place", 0, 300)))
        return rc;
    if (!mj_oneof(kind, SESSION_KINDS)) return http_fail(r, E_INVALID, "kind", "kind: ordinary or extraordinary");
    if ((rc = mj_body_access(&ac, r, body))) return rc == E_NOTFOUND ? http_fail(r, E_INVALID, "body_id", "no such body") : rc;
    if (!ac.manage) return mj_fail(r, E_FORBIDDEN, "create a session");
    db_rows *row;
    if ((rc = db_query(&row, req_db(r), r->a,
                       "INSERT INTO majlis_sessions (body_id, kind, title, starts_at, place, created_by, created_at) "
                       "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                       "issisii", body, kind, title, starts, place ? place : "", r->user->id, db_now())))
        return rc;
    *id = db_int(row, 0, 0);
    json_t *agenda = json_object_get(in, "agenda"), *it;
    if (agenda && !json_is_array(agenda)) return http_fail(r, E_INVALID, "agenda", "agenda: a list of {title, closed_door}");
    size_t i;
    json_array_foreach(agenda, i, it) {
        int64_t item;
        char field[32];
        snprintf(field, sizeof field, "agenda[%zu]", i);
        if ((rc = add_item(&item, r, *id, it, field))) return rc;
    }
    return mj_record(r, "session.create", "session", *id, NULL, 0);
}

int mj_session_create(req *r)
{
    json_t *in;
    int64_t id = 0;
    int rc = mj_in(&in, r);
    if (rc || (rc = mj_begin(r))) return rc;
    if ((rc = mj_end(r, session_create_tx(&id, r, in)))) return rc;
    return http_json(r, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

/* load: the session's body access and status; E_NOTFOUND answered */
static int load(mj_access *ac, const char **status, int64_t *id, req *r)
{
    int rc = req_param_id(id, r, 0);
    if (rc == 0) rc = mj_object_access(ac, NULL, r, "session", *id);
    if (rc) return mj_fail(r, rc, "session");
    db_rows *s;
    if ((rc = db_query(&s, req_db(r), r->a, "SELECT status FROM majlis_sessions WHERE id = $1", "i", *id))) return rc;
    *status = db_text(s, 0, 0);
    return 0;
}

int mj_session_get(req *r)
{
    mj_access ac;
    const char *status;
    int64_t id;
    int rc = load(&ac, &status, &id, r);
    if (rc) return rc;
    db_conn *c = req_db(r);
    db_rows *s, *ag, *pr, *sp, *ch, *me;
    if ((rc = db_query(&s, c, r->a,
                       "SELECT s.id, s.body_id, b.name AS body_name, b.name_ar AS body_name_ar, b.kind AS body_kind, "
                       "s.kind, s.title, s.starts_at, s.place, s.status, s.convened_at, b.quorum_num, b.quorum_den, "
                       "b.majority, b.abstentions, (SELECT count(*) FROM majlis_members m WHERE m.body_id = b.id AND "
                       "m.role IN ('president', 'rapporteur', 'member')) AS voting_members "
                       "FROM majlis_sessions s JOIN majlis_bodies b ON b.id = s.body_id WHERE s.id = $1",
                       "i", id)) ||
        (rc = db_query(&ag, c, r->a, "SELECT id, pos, title, closed_door FROM majlis_agenda_items WHERE session_id = $1 "
                                     "AND removed = 0 ORDER BY pos", "i", id)) ||
        (rc = db_query(&pr, c, r->a,
                       "SELECT u.id, u.name, u.name_ar, m.role, p.at FROM majlis_presence p JOIN users u ON u.id = "
                       "p.user_id LEFT JOIN majlis_members m ON m.user_id = p.user_id AND m.body_id = $2 "
                       "WHERE p.session_id = $1 ORDER BY u.name", "ii", id, ac.body_id)) ||
        (rc = db_query(&sp, c, r->a,
                       "SELECT x.id, x.item_id, u.id AS user_id, u.name, u.name_ar, x.status, x.requested_at FROM "
                       "majlis_speakers x JOIN users u ON u.id = x.user_id WHERE x.session_id = $1 ORDER BY x.id",
                       "i", id)) ||
        (rc = db_query(&ch, c, r->a,
                       "SELECT x.item_id, i.title, x.change, x.reason, u.name AS by_name, x.at FROM majlis_agenda_changes x "
                       "JOIN majlis_agenda_items i ON i.id = x.item_id JOIN users u ON u.id = x.by_id WHERE x.session_id "
                       "= $1 ORDER BY x.id", "i", id)) ||
        (rc = db_query(&me, c, r->a, "SELECT 1 FROM majlis_presence WHERE session_id = $1 AND user_id = $2", "ii", id,
                       r->user->id)))
        return rc;
    json_t *o = mj_row(s, 0, "iisssssissiiissi"), *docs, *votes;
    if ((rc = mj_session_documents(&docs, r, &ac, id, 0))) return rc;
    if ((rc = mj_session_votes(&votes, r, &ac, id))) {
        json_decref(docs);
        return rc;
    }
    json_object_set_new(o, "agenda", mj_rows(ag, "iisb"));
    json_object_set_new(o, "present", mj_rows(pr, "isssi"));
    json_object_set_new(o, "speakers", mj_rows(sp, "iiisssi"));
    json_object_set_new(o, "agenda_changes", mj_rows(ch, "issssi"));
    json_object_set_new(o, "documents", docs);
    json_object_set_new(o, "votes", votes);
    json_object_set_new(o, "my_role", ac.role ? json_string(ac.role) : json_null());
    json_object_set_new(o, "can_manage", json_boolean(ac.manage));
    json_object_set_new(o, "can_vote", json_boolean(ac.vote));
    json_object_set_new(o, "checked_in", json_boolean(me->nrows > 0));
    return http_json(r, 200, json_pack("{s:o}", "session", o));
}

/* a change to the agenda once it is locked needs a reason, and is kept */
static int agenda_change(req *r, int64_t session, const char *status, int64_t item, const char *change, json_t *in)
{
    const char *reason;
    int rc;
    if (strcmp(status, "closed") == 0) return http_fail(r, E_CONFLICT, NULL, "the session is closed");
    if (strcmp(status, "draft") == 0) return 0;
    if ((rc = mj_str(&reason, r, in, "reason", 1, 1000)))
        return http_fail(r, rc, "reason", "the agenda was sent with the convocation: give the reason for the change");
    rc = db_exec(req_db(r),
                 "INSERT INTO majlis_agenda_changes (session_id, item_id, change, reason, by_id, at) VALUES ($1, $2, $3, "
                 "$4, $5, $6)",
                 "iissii", session, item, change, reason, r->user->id, db_now());
    return rc < 0 ? rc : 0;
}

int mj_session_agenda_add(req *r)
{
    mj_access ac;
    const char *status;
    int64_t id, item = 0;
    json_t *in;
    int rc = load(&ac, &status, &id, r);
    if (rc || (rc = mj_in(&in, r))) return rc;
    if (!ac.manage) return mj_fail(r, E_FORBIDDEN, "change the agenda");
    if (strcmp(status, "closed") == 0) return http_fail(r, E_CONFLICT, NULL, "the session is closed");
    if ((rc = mj_begin(r))) return rc;
    rc = add_item(&item, r, id, in, "title");
    if (rc == 0) rc = agenda_change(r, id, status, item, "added", in);
    if (rc == 0)
        rc = mj_record(r, "session.agenda_add", "session", id,
                       json_pack("{s:I, s:O?}", "item_id", (json_int_t)item, "reason", json_object_get(in, "reason")), 0);
    if ((rc = mj_end(r, rc))) return rc;
    return http_json(r, 201, json_pack("{s:I}", "id", (json_int_t)item));
}

int mj_session_agenda_remove(req *r)
{
    mj_access ac;
    const char *status;
    int64_t id, item;
    json_t *in;
    int rc = load(&ac, &status, &id, r);
    if (rc || (rc = mj_in(&in, r))) return rc;
    if ((rc = req_param_id(&item, r, 1))) return mj_fail(r, rc, "agenda item");
    if (!ac.manage) return mj_fail(r, E_FORBIDDEN, "change the agenda");
    if ((rc = mj_begin(r))) return rc;
    rc = db_exec(req_db(r), "UPDATE majlis_agenda_items SET removed = 1 WHERE id = $1 AND session_id = $2 AND removed = 0",
                 "ii", item, id);
    if (rc == 0) rc = http_fail(r, E_NOTFOUND, NULL, "no such agenda item in this session");
    if (rc > 0) rc = agenda_change(r, id, status, item, "removed", in);
    if (rc == 0)
        rc = mj_record(r, "session.agenda_remove", "session", id,
                       json_pack("{s:I, s:O?}", "item_id", (json_int_t)item, "reason", json_object_get(in, "reason")), 0);
    if ((rc = mj_end(r, rc))) return rc;
    return http_status(r, 204);
}

/* move: one status step, with its audit entry */
static int move(req *r, const char *from, const char *to, const char *action)
{
    mj_access ac;
    const char *status;
    int64_t id;
    int rc = load(&ac, &status, &id, r);
    if (rc) return rc;
    if (!ac.manage) return mj_fail(r, E_FORBIDDEN, action);
    if (strcmp(status, from) != 0)
        return http_fail(r, E_CONFLICT, "status", "the session is %s; this needs a %s session", status, from);
    if ((rc = mj_begin(r))) return rc;
    json_t *extra = json_object();
    if (strcmp(to, "convened") == 0) {
        db_rows *n, *m;
        rc = db_query(&n, req_db(r), r->a, "SELECT count(*) FROM majlis_agenda_items WHERE session_id = $1 AND removed = 0",
                      "i", id);
        if (rc == 0 && db_int(n, 0, 0) == 0) rc = http_fail(r, E_INVALID, "agenda", "a convocation needs an agenda");
        if (rc == 0) rc = db_query(&m, req_db(r), r->a, "SELECT user_id FROM majlis_members WHERE body_id = $1 ORDER BY "
                                                      "user_id", "i", ac.body_id);
        if (rc == 0) json_object_set_new(extra, "sent_to", mj_rows(m, "i"));
    }
    if (rc == 0) {
        int n = db_exec(req_db(r), "UPDATE majlis_sessions SET status = $1, convened_at = CASE WHEN $2 = 1 THEN $3 ELSE "
                                   "convened_at END WHERE id = $4 AND status = $5",
                        "siiis", to, (int64_t)(strcmp(to, "convened") == 0), db_now(), id, from);
        rc = n < 0 ? n : n == 0 ? E_CONFLICT : mj_record(r, action, "session", id, extra, strcmp(to, "convened") == 0);
        extra = NULL;
    }
    json_decref(extra);
    if ((rc = mj_end(r, rc))) return rc;
    return http_json(r, 200, json_pack("{s:s}", "status", to));
}

int mj_session_convene(req *r) { return move(r, "draft", "convened", "session.convene"); }
int mj_session_open(req *r) { return move(r, "convened", "open", "session.open"); }
int mj_session_close(req *r) { return move(r, "open", "closed", "session.close"); }

int mj_session_checkin(req *r)
{
    mj_access ac;
    const char *status;
    int64_t id, who;
    json_t *in = NULL;
    int rc = load(&ac, &status, &id, r);
    if (rc) return rc;
    who = r->user->id;
    if (r->body_len && ((rc = mj_in(&in, r)) || (rc = mj_int(&who, r, in, "user_id", 0)))) return rc;
    if (who != r->user->id && !ac.manage) return mj_fail(r, E_FORBIDDEN, "check in someone else");
    if (strcmp(status, "convened") != 0 && strcmp(status, "open") != 0)
        return http_fail(r, E_CONFLICT, "status", "check-in is possible once the session is convened and until it closes");
    db_rows *m;
    if ((rc = db_query(&m, req_db(r), r->a, "SELECT role FROM majlis_members WHERE body_id = $1 AND user_id = $2", "ii",
                       ac.body_id, who)))
        return rc;
    if (m->nrows == 0) return http_fail(r, E_INVALID, "user_id", "only the body's members check in");
    if ((rc = mj_begin(r))) return rc;
    rc = db_exec(req_db(r), "INSERT INTO majlis_presence (session_id, user_id, at) VALUES ($1, $2, $3) ON CONFLICT DO "
                            "NOTHING", "iii", id, who, db_now());
    int fresh = rc == 1;
    if (fresh) rc = mj_record(r, "session.checkin", "session", id, json_pack("{s:I}", "user_id", (json_int_t)who), 0);
    if ((rc = mj_end(r, rc < 0 ? rc : 0))) return rc;
    return http_json(r, 200, json_pack("{s:b, s:b}", "present", 1, "already", !fresh));
}

int mj_session_speaker_add(req *r)
{
    mj_access ac;
    const char *status;
    int64_t id, item = 0;
    json_t *in = NULL;
    int rc = load(&ac, &status, &id, r);
    if (rc) return rc;
    if (r->body_len && ((rc = mj_in(&in, r)) || (rc = mj_int(&item, r, in, "item_id", 0)))) return rc;
    if (!ac.role) return mj_fail(r, E_FORBIDDEN, "ask for the floor (members only)");
    if (strcmp(status, "open") != 0) return http_fail(r, E_CONFLICT, "status", "the floor is given in an open session");
    db_rows *row;
    if (item && ((rc = db_query(&row, req_db(r), r->a, "SELECT 1 FROM majlis_agenda_items WHERE id = $1 AND session_id = $2",
                                "ii", item, id)) ||
                 row->nrows == 0))
        return rc ? rc : http_fail(r, E_INVALID, "item_id", "no such agenda item in this session");
    if ((rc = db_query(&row, req_db(r), r->a,
                       "SELECT 1 FROM majlis_speakers WHERE session_id = $1 AND user_id = $2 AND status <> 'done'", "ii", id,
                       r->user->id)))
        return rc;
    if (row->nrows) return http_fail(r, E_CONFLICT, NULL, "you are already on the list of speakers");
    if ((rc = db_query(&row, req_db(r), r->a,
                       "INSERT INTO majlis_speakers (session_id, item_id, user_id, requested_at) VALUES ($1, NULLIF(CAST($2 "
                       "AS BIGINT), 0), $3, $4) RETURNING id",
                       "iiii", id, item, r->user->id, db_now())))
        return rc;
    return http_json(r, 201, json_pack("{s:I}", "id", (json_int_t)db_int(row, 0, 0)));
}

int mj_session_speaker_status(req *r)
{
    static const char *const ST[] = {"waiting", "speaking", "done", NULL};
    int64_t id;
    mj_access ac;
    json_t *in;
    const char *st;
    int rc = req_param_id(&id, r, 0);
    if (rc == 0) rc = mj_object_access(&ac, NULL, r, "speaker", id);
    if (rc) return mj_fail(r, rc, "speaker");
    if (!ac.manage) return mj_fail(r, E_FORBIDDEN, "give the floor");
    if ((rc = mj_in(&in, r)) || (rc = mj_str(&st, r, in, "status", 1, 20))) return rc;
    if (!mj_oneof(st, ST)) return http_fail(r, E_INVALID, "status", "status: waiting, speaking or done");
    rc = db_exec(req_db(r), "UPDATE majlis_speakers SET status = $1 WHERE id = $2", "si", st, id);
    return rc < 0 ? rc : http_status(r, 204);
}

int mj_session_pack(req *r)
{
    mj_access ac;
    const char *status;
    int64_t id;
    int rc = load(&ac, &status, &id, r);
    if (rc) return rc;
    db_rows *s, *ag;
    json_t *docs;
    if ((rc = db_query(&s, req_db(r), r->a,
                       "SELECT s.id, b.name AS body, s.kind, s.title, s.starts_at, s.place, s.status FROM majlis_sessions s "
                       "JOIN majlis_bodies b ON b.id = s.body_id WHERE s.id = $1",
                       "i", id)) ||
        (rc = db_query(&ag, req_db(r), r->a, "SELECT pos, title, closed_door FROM majlis_agenda_items WHERE session_id = $1 "
                                             "AND removed = 0 ORDER BY pos", "i", id)) ||
        (rc = mj_session_documents(&docs, r, &ac, id, 1)))
        return rc;
    json_t *pack = json_pack("{s:s, s:I, s:s, s:o, s:o, s:o}", "format", "madrasa-session-pack/1", "generated_at",
                             (json_int_t)db_now(), "for", r->user->login, "session", mj_row(s, 0, "isssiss"), "agenda",
                             mj_rows(ag, "isb"), "documents", docs);
    char disp[96];
    snprintf(disp, sizeof disp, "attachment; filename=\"session-%lld-pack.json\"", (long long)id);
    http_header(r, "Content-Disposition", arena_strdup(r->a, disp));
    return http_json(r, 200, pack);
}
