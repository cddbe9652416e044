/*
 * majlis_int.h — what the files of src/app/majlis share and nobody else sees: access checks,
 * recording an act with its audit entry, JSON from rows, and each file's routes and witnesses.
 *
 * A write handler runs as: mj_begin → checks and writes → mj_record (the audit entry, with the
 * object's new state from its witness) → mj_end, which commits on success and rolls everything
 * back on any failure, so a refused request changes nothing.
 */
#ifndef APP_MAJLIS_INT_H
#define APP_MAJLIS_INT_H

#include "app/majlis/majlis.h"

/* What the signed-in user may do in one body. */
typedef struct mj_access {
    int64_t body_id;
    const char *role; /* the member's role, or NULL for the council secretariat / admin */
    int manage;       /* may convene, open votes, edit minutes… */
    int vote;         /* sits as a voting member */
    int staff;        /* council secretariat or admin */
} mj_access;

int mj_staff(const http_user *u);
/* mj_body_access: E_NOTFOUND when the body does not exist or the user does not sit on it
 * (a member cannot even learn that another body's object exists). */
int mj_body_access(mj_access *out, req *r, int64_t body_id);
/* mj_object_body: the body an object belongs to ("session", "document", "vote", "decision",
 * "item", "amendment", "referral"), then mj_body_access on it. */
int mj_object_access(mj_access *out, int64_t *body_id, req *r, const char *table, int64_t id);
/* mj_not_found / mj_forbidden: fail with a message */
int mj_fail(req *r, int rc, const char *what);

int mj_begin(req *r);
int mj_end(req *r, int rc);
/* mj_record appends the act's audit entry; the object's state (from its witness) goes into the
 * payload under "state", `extra` (stolen, may be NULL) is merged in. */
int mj_record(req *r, const char *action, const char *type, int64_t id, json_t *extra, int checkpoint);

/* mj_rows: the rows as an array of objects; types gives each column: i int, s text, b 0/1 bool */
json_t *mj_rows(const db_rows *rows, const char *types);
json_t *mj_row(const db_rows *rows, int i, const char *types);
/* mj_json_body: parse the request body (E_INVALID answered) */
int mj_in(json_t **out, req *r);
/* mj_str / mj_int: an optional field of a body; a wrong type is E_INVALID naming the field. */
int mj_str(const char **out, req *r, json_t *b, const char *key, int required, size_t max);
int mj_int(int64_t *out, req *r, json_t *b, const char *key, int required);
/* mj_oneof: s is one of the NULL-terminated list */
int mj_oneof(const char *s, const char *const *list);

/* the state witnesses, one per object type */
int mj_state_body(json_t **out, db_conn *c, arena *a, int64_t id);
int mj_state_session(json_t **out, db_conn *c, arena *a, int64_t id);
int mj_state_document(json_t **out, db_conn *c, arena *a, int64_t id);
int mj_state_amendment(json_t **out, db_conn *c, arena *a, int64_t id);
int mj_state_vote(json_t **out, db_conn *c, arena *a, int64_t id);
int mj_state_decision(json_t **out, db_conn *c, arena *a, int64_t id);
int mj_state_minutes(json_t **out, db_conn *c, arena *a, int64_t id);
int mj_state_referral(json_t **out, db_conn *c, arena *a, int64_t id);

/* documents a user may read (used by sessions and the pack) */
int mj_doc_visible(const mj_access *ac, const http_user *u, const char *access, const char *status, int64_t author);
/* the documents of a session this user may see, with their latest text when with_text */
int mj_session_documents(json_t **out, req *r, const mj_access *ac, int64_t session_id, int with_text);

/* the handlers of the other files, listed in majlis.c's one route table */
/* majlis_session.c */
int mj_sessions_list(req *r);
int mj_session_create(req *r);
int mj_session_get(req *r);
int mj_session_agenda_add(req *r);
int mj_session_agenda_remove(req *r);
int mj_session_convene(req *r);
int mj_session_open(req *r);
int mj_session_close(req *r);
int mj_session_checkin(req *r);
int mj_session_speaker_add(req *r);
int mj_session_speaker_status(req *r);
int mj_session_pack(req *r);
/* majlis_doc.c */
int mj_doc_create(req *r);
int mj_doc_get(req *r);
int mj_doc_version(req *r);
int mj_doc_submit(req *r);
int mj_doc_review(req *r);
int mj_doc_annotate(req *r);
int mj_doc_comment(req *r);
int mj_doc_amend(req *r);
int mj_amendment_decide(req *r);
int mj_referral_create(req *r);
int mj_referrals_list(req *r);
int mj_referral_draft(req *r);
int mj_referral_review(req *r);
int mj_referral_approve(req *r);
int mj_referral_publish(req *r);
int mj_published_list(req *r);
/* majlis_vote.c */
int mj_vote_open(req *r);
int mj_vote_get(req *r);
int mj_vote_ballot(req *r);
int mj_vote_close(req *r);
int mj_vote_annul(req *r);
/* majlis_minutes.c */
int mj_minutes_get(req *r);
int mj_minutes_put(req *r);
int mj_minutes_circulate(req *r);
int mj_minutes_approve(req *r);
int mj_decisions_list(req *r);
int mj_decision_create(req *r);
int mj_action_create(req *r);
int mj_action_update(req *r);
/* the votes of a session, for its page (majlis_vote.c) */
int mj_session_votes(json_t **out, req *r, const mj_access *ac, int64_t session_id);
/* the next decision number of a body, "AG-2026-007" (majlis_minutes.c) */
int mj_decision_insert(int64_t *id, req *r, int64_t body_id, int64_t session_id, int64_t vote_id, const char *kind,
                       const char *title, const char *text);

#endif
