/*
 * majlis_vote.c — votes: roll-call, secret, manually entered (flagged) and written votes.
 *
 * Invariants, each enforced where it cannot be bypassed by a client:
 *   - the roll (who may vote) is frozen when the vote opens: for a vote in session, the voting
 *     members checked in at that moment; for a written vote, every voting member of the body;
 *   - one ballot per member: primary keys (vote_id, user_id) on majlis_ballots and on the
 *     secret votes' "has voted" list majlis_voted;
 *   - a secret ballot is stored apart (majlis_secret_ballots: choice and a random receipt, no
 *     voter), written in the same transaction as the "has voted" row; the published tally lists
 *     every receipt with its choice, so each member can find theirs;
 *   - quorum and majority are computed here from the body's rules (majlis_outcome);
 *   - the result is written once (UPDATE … WHERE status = 'open'), and a closed vote changes
 *     again only by annulment, which requires a reason and creates a decision of its own.
 */
#include "app/majlis/majlis_int.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"

static const char *const VOTE_KINDS[] = {"roll_call", "secret", "manual", "written", NULL};
static const char *const CHOICES[] = {"yes", "no", "abstain", NULL};
static const char *const MAJORITIES[] = {"simple", "absolute", "two_thirds", NULL};

#define VOTING_ROLES "('president', 'rapporteur', 'member')"

/* secret_digest: SHA-256 over the sorted "receipt:choice\n" lines of a vote's secret ballots */
static int secret_digest(char *out, int *count, db_conn *c, arena *a, int64_t id)
{
    db_rows *s;
    int rc = db_query(&s, c, a, "SELECT receipt, choice FROM majlis_secret_ballots WHERE vote_id = $1 ORDER BY receipt", "i",
                      id);
    if (rc) return rc;
    crypto_hash_sha256_state st;
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_init(&st);
    for (int i = 0; i < s->nrows; i++) {
        const char *line = arena_printf(a, "%s:%s\n", db_text(s, i, 0), db_text(s, i, 1));
        crypto_hash_sha256_update(&st, (const unsigned char *)line, strlen(line));
    }
    crypto_hash_sha256_final(&st, h);
    sodium_bin2hex(out, 65, h, sizeof h);
    *count = s->nrows;
    return 0;
}

int mj_state_vote(json_t **out, db_conn *c, arena *a, int64_t id)
{
    db_rows *v, *roll, *b, *voted;
    int rc = db_query(&v, c, a,
                      "SELECT body_id, session_id, item_id, question, kind, majority, abstentions, status, eligible, present, "
                      "quorum, n_yes, n_no, n_abstain, quorum_met, adopted, manual_note, annul_reason, annul_decision_id "
                      "FROM majlis_votes WHERE id = $1",
                      "i", id);
    if (rc) return rc;
    if (v->nrows == 0) return E_NOTFOUND;
    if ((rc = db_query(&roll, c, a, "SELECT user_id FROM majlis_vote_roll WHERE vote_id = $1 ORDER BY user_id", "i", id)) ||
        (rc = db_query(&b, c, a, "SELECT user_id, choice FROM majlis_ballots WHERE vote_id = $1 ORDER BY user_id", "i", id)) ||
        (rc = db_query(&voted, c, a, "SELECT user_id FROM majlis_voted WHERE vote_id = $1 ORDER BY user_id", "i", id)))
        return rc;
    char digest[65];
    int n;
    if ((rc = secret_digest(digest, &n, c, a, id))) return rc;
    *out = mj_row(v, 0, "iiisssssiiiiiiiissi");
    json_object_set_new(*out, "roll", mj_rows(roll, "i"));
    json_object_set_new(*out, "ballots", mj_rows(b, "is"));
    json_object_set_new(*out, "voted", mj_rows(voted, "i"));
    json_object_set_new(*out, "secret_ballots", json_pack("{s:i, s:s}", "count", n, "sha256", digest));
    return 0;
}

static int voting_members(int64_t *n, req *r, int64_t body)
{
    db_rows *m;
    int rc = db_query(&m, req_db(r), r->a,
                      "SELECT count(*) FROM majlis_members WHERE body_id = $1 AND role IN " VOTING_ROLES, "i", body);
    if (rc == 0) *n = db_int(m, 0, 0);
    return rc;
}

static int vote_open_tx(int64_t *id, req *r, json_t *in)
{
    int64_t body = 0, session = 0, item = 0, closes = 0, eligible;
    const char *question, *kind, *majority;
    mj_access ac;
    db_rows *b, *s, *row;
    int rc;
    if ((rc = mj_int(&body, r, in, "body_id", 1)) || (rc = mj_int(&session, r, in, "session_id", 0)) ||
        (rc = mj_int(&item, r, in, "item_id", 0)) || (rc = mj_int(&closes, r, in, "closes_at", 0)) ||
        (rc = mj_str(&question, r, in, "question", 1, 2000)) || (rc = mj_str(&kind, r, in, "kind", 1, 20)) ||
        (rc = mj_str(&majority, r, in, "majority", 0, 20)))
        return rc;
    if (!mj_oneof(kind, VOTE_KINDS)) return http_fail(r, E_INVALID, "kind", "kind: roll_call, secret, manual or written");
    if (majority && !mj_oneof(majority, MAJORITIES))
        return http_fail(r, E_INVALID, "majority", "majority: simple, absolute or two_thirds");
    if ((rc = mj_body_access(&ac, r, body))) return rc == E_NOTFOUND ? http_fail(r, E_INVALID, "body_id", "no such body") : rc;
    if (!ac.manage) return mj_fail(r, E_FORBIDDEN, "open a vote");
    int written = strcmp(kind, "written") == 0;
    if (written) {
        if (session) return http_fail(r, E_INVALID, "session_id", "a written vote takes place between sessions");
        if (closes <= db_now()) return http_fail(r, E_INVALID, "closes_at", "a written vote needs a closing time in the future");
    } else {
        if (!session) return http_fail(r, E_INVALID, "session_id", "a %s vote takes place in a session", kind);
        if ((rc = db_query(&s, req_db(r), r->a, "SELECT status FROM majlis_sessions WHERE id = $1 AND body_id = $2", "ii",
                           session, body)))
            return rc;
        if (s->nrows == 0) return http_fail(r, E_INVALID, "session_id", "no such session of this body");
        if (strcmp(db_text(s, 0, 0), "open") != 0)
            return http_fail(r, E_CONFLICT, "session_id", "votes are opened in an open session (this one is %s)",
                             db_text(s, 0, 0));
        if (item && ((rc = db_query(&s, req_db(r), r->a, "SELECT 1 FROM majlis_agenda_items WHERE id = $1 AND session_id = "
                                                          "$2 AND removed = 0", "ii", item, session)) || s->nrows == 0))
            return rc ? rc : http_fail(r, E_INVALID, "item_id", "no such agenda item in this session");
    }
    if ((rc = db_query(&b, req_db(r), r->a, "SELECT quorum_num, quorum_den, majority, abstentions FROM majlis_bodies WHERE "
                                            "id = $1", "i", body)) ||
        (rc = voting_members(&eligible, r, body)))
        return rc;
    int quorum = majlis_quorum((int)eligible, (int)db_int(b, 0, 0), (int)db_int(b, 0, 1));
    if ((rc = db_query(&row, req_db(r), r->a,
                       "INSERT INTO majlis_votes (body_id, session_id, item_id, question, kind, majority, abstentions, "
                       "opened_by, opened_at, closes_at, eligible, present, quorum) VALUES ($1, NULLIF(CAST($2 AS BIGINT), "
                       "0), NULLIF(CAST($3 AS BIGINT), 0), $4, $5, $6, $7, $8, $9, NULLIF(CAST($10 AS BIGINT), 0), $11, 0, "
                       "$12) RETURNING id",
                       "iiissssiiiii", body, session, item, question, kind, majority ? majority : db_text(b, 0, 2),
                       db_text(b, 0, 3), r->user->id, db_now(), closes, eligible, (int64_t)quorum)))
        return rc;
    *id = db_int(row, 0, 0);
    /* freeze the roll */
    rc = written ? db_exec(req_db(r), "INSERT INTO majlis_vote_roll (vote_id, user_id) SELECT $1, user_id FROM "
                                      "majlis_members WHERE body_id = $2 AND role IN " VOTING_ROLES, "ii", *id, body)
                 : db_exec(req_db(r), "INSERT INTO majlis_vote_roll (vote_id, user_id) SELECT $1, p.user_id FROM "
                                      "majlis_presence p JOIN majlis_members m ON m.user_id = p.user_id AND m.body_id = $2 "
                                      "WHERE p.session_id = $3 AND m.role IN " VOTING_ROLES, "iii", *id, body, session);
    if (rc < 0) return rc;
    if ((rc = db_exec(req_db(r), "UPDATE majlis_votes SET present = (SELECT count(*) FROM majlis_vote_roll WHERE vote_id = "
                                 "$1) WHERE id = $1", "i", *id)) < 0)
        return rc;
    return mj_record(r, "vote.open", "vote", *id, NULL, 0);
}

int mj_vote_open(req *r)
{
    json_t *in;
    int64_t id = 0;
    int rc = mj_in(&in, r);
    if (rc || (rc = mj_begin(r))) return rc;
    if ((rc = mj_end(r, vote_open_tx(&id, r, in)))) return rc;
    return http_json(r, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

typedef struct vote_info {
    mj_access ac;
    int64_t id, closes_at;
    const char *kind, *status;
} vote_info;

static int load_vote(vote_info *v, req *r)
{
    db_rows *row;
    int rc = req_param_id(&v->id, r, 0);
    if (rc == 0) rc = mj_object_access(&v->ac, NULL, r, "vote", v->id);
    if (rc == 0) rc = db_query(&row, req_db(r), r->a, "SELECT kind, status, COALESCE(closes_at, 0) FROM majlis_votes "
                                                      "WHERE id = $1", "i", v->id);
    if (rc) return mj_fail(r, rc, "vote");
    v->kind = db_text(row, 0, 0);
    v->status = db_text(row, 0, 1);
    v->closes_at = db_int(row, 0, 2);
    return 0;
}

/* vote_json: one vote as its members see it (ballots by name unless secret; receipts once closed) */
static int vote_json(json_t **out, req *r, int64_t id)
{
    db_rows *v, *roll, *b, *s;
    int rc = db_query(&v, req_db(r), r->a,
                      "SELECT id, body_id, session_id, item_id, question, kind, majority, abstentions, status, opened_at, "
                      "closes_at, eligible, present, quorum, n_yes, n_no, n_abstain, quorum_met, adopted, result_at, "
                      "manual_note, annul_reason, annul_decision_id FROM majlis_votes WHERE id = $1",
                      "i", id);
    if (rc) return rc;
    if ((rc = db_query(&roll, req_db(r), r->a,
                       "SELECT u.id, u.name, u.name_ar, (CASE WHEN EXISTS (SELECT 1 FROM majlis_ballots x WHERE x.vote_id = "
                       "$1 AND x.user_id = u.id) OR EXISTS (SELECT 1 FROM majlis_voted x WHERE x.vote_id = $1 AND x.user_id "
                       "= u.id) THEN 1 ELSE 0 END) AS has_voted FROM majlis_vote_roll o JOIN users u ON u.id = o.user_id "
                       "WHERE o.vote_id = $1 ORDER BY u.name",
                       "i", id)) ||
        (rc = db_query(&b, req_db(r), r->a, "SELECT u.id AS user_id, u.name, u.name_ar, x.choice FROM majlis_ballots x JOIN "
                                            "users u ON u.id = x.user_id WHERE x.vote_id = $1 ORDER BY u.name", "i", id)) ||
        (rc = db_query(&s, req_db(r), r->a, "SELECT receipt, choice FROM majlis_secret_ballots WHERE vote_id = $1 AND $2 = 1 "
                                            "ORDER BY receipt", "ii", id,
                       (int64_t)(strcmp(db_text(v, 0, 8), "open") != 0))))
        return rc;
    *out = mj_row(v, 0, "iiiisssssiiiiiiiibbissi");
    json_object_set_new(*out, "roll", mj_rows(roll, "issb"));
    json_object_set_new(*out, "ballots", mj_rows(b, "isss"));
    json_object_set_new(*out, "receipts", mj_rows(s, "ss"));
    json_t *me = NULL;
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(*out, "roll"), i, x) if (json_integer_value(json_object_get(x, "id")) == r->user->id) me = x;
    json_object_set_new(*out, "on_roll", json_boolean(me != NULL));
    json_object_set_new(*out, "has_voted", json_boolean(me && json_is_true(json_object_get(me, "has_voted"))));
    return 0;
}

int mj_vote_get(req *r)
{
    vote_info v;
    json_t *o;
    int rc = load_vote(&v, r);
    if (rc || (rc = vote_json(&o, r, v.id))) return rc;
    json_object_set_new(o, "can_manage", json_boolean(v.ac.manage));
    return http_json(r, 200, json_pack("{s:o}", "vote", o));
}

int mj_session_votes(json_t **out, req *r, const mj_access *ac, int64_t session)
{
    db_rows *ids;
    int rc = db_query(&ids, req_db(r), r->a, "SELECT id FROM majlis_votes WHERE session_id = $1 ORDER BY id", "i", session);
    if (rc) return rc;
    *out = json_array();
    for (int i = 0; i < ids->nrows; i++) {
        json_t *o;
        if ((rc = vote_json(&o, r, db_int(ids, i, 0)))) {
            json_decref(*out);
            return rc;
        }
        json_object_set_new(o, "can_manage", json_boolean(ac->manage));
        json_array_append_new(*out, o);
    }
    return 0;
}

static int ballot_tx(char *receipt, req *r, const vote_info *v, const char *choice)
{
    db_rows *on;
    int rc = db_query(&on, req_db(r), r->a, "SELECT 1 FROM majlis_vote_roll WHERE vote_id = $1 AND user_id = $2", "ii", v->id,
                      r->user->id);
    if (rc) return rc;
    if (on->nrows == 0)
        return http_fail(r, E_FORBIDDEN, NULL, "you are not on this vote's roll (the voting members present when it opened)");
    if (strcmp(v->kind, "secret") != 0) {
        rc = db_exec(req_db(r), "INSERT INTO majlis_ballots (vote_id, user_id, choice, at) VALUES ($1, $2, $3, $4)", "iisi",
                     v->id, r->user->id, choice, db_now());
        if (rc == E_CONFLICT) return http_fail(r, rc, NULL, "you have voted already: one ballot per member");
        return rc < 0 ? rc : mj_record(r, "vote.ballot", "vote", v->id, json_pack("{s:s}", "choice", choice), 0);
    }
    rc = db_exec(req_db(r), "INSERT INTO majlis_voted (vote_id, user_id) VALUES ($1, $2)", "ii", v->id, r->user->id);
    if (rc == E_CONFLICT) return http_fail(r, rc, NULL, "you have voted already: one ballot per member");
    if (rc < 0) return rc;
    unsigned char raw[10];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(receipt, 21, raw, sizeof raw);
    rc = db_exec(req_db(r), "INSERT INTO majlis_secret_ballots (vote_id, receipt, choice) VALUES ($1, $2, $3)", "iss", v->id,
                 receipt, choice);
    /* the entry names the voter (who voted is public) but neither the choice nor the receipt */
    return rc < 0 ? rc : mj_record(r, "vote.ballot_secret", "vote", v->id, NULL, 0);
}

int mj_vote_ballot(req *r)
{
    vote_info v;
    json_t *in;
    const char *choice;
    char receipt[21] = "";
    int rc = load_vote(&v, r);
    if (rc || (rc = mj_in(&in, r)) || (rc = mj_str(&choice, r, in, "choice", 1, 10))) return rc;
    if (!mj_oneof(choice, CHOICES)) return http_fail(r, E_INVALID, "choice", "choice: yes, no or abstain");
    if (strcmp(v.status, "open") != 0) return http_fail(r, E_CONFLICT, "status", "the vote is %s", v.status);
    if (strcmp(v.kind, "manual") == 0)
        return http_fail(r, E_INVALID, "kind", "a manually entered vote has no ballots: the secretariat enters the count");
    if (strcmp(v.kind, "written") == 0 && db_now() >= v.closes_at)
        return http_fail(r, E_CONFLICT, "closes_at", "the written vote closed");
    if ((rc = mj_begin(r))) return rc;
    if ((rc = mj_end(r, ballot_tx(receipt, r, &v, choice)))) return rc;
    return http_json(r, 201, *receipt ? json_pack("{s:s}", "receipt", receipt) : json_pack("{s:s}", "choice", choice));
}

/* count: the tally of a roll-call, written or secret vote */
static int count(int *yes, int *no, int *abst, int *cast, req *r, const vote_info *v)
{
    db_rows *c;
    int rc = db_query(&c, req_db(r), r->a,
                      strcmp(v->kind, "secret") == 0
                          ? "SELECT choice, count(*) FROM majlis_secret_ballots WHERE vote_id = $1 GROUP BY choice"
                          : "SELECT choice, count(*) FROM majlis_ballots WHERE vote_id = $1 GROUP BY choice",
                      "i", v->id);
    if (rc) return rc;
    *yes = *no = *abst = 0;
    for (int i = 0; i < c->nrows; i++) {
        int n = (int)db_int(c, i, 1);
        const char *ch = db_text(c, i, 0);
        *(strcmp(ch, "yes") == 0 ? yes : strcmp(ch, "no") == 0 ? no : abst) += n;
    }
    *cast = *yes + *no + *abst;
    return 0;
}

static int manual_count(int *yes, int *no, int *abst, req *r, json_t *in, int present)
{
    int64_t y = -1, n = -1, a = -1;
    int rc;
    if ((rc = mj_int(&y, r, in, "yes", 1)) || (rc = mj_int(&n, r, in, "no", 1)) || (rc = mj_int(&a, r, in, "abstain", 1)))
        return rc;
    if (y < 0 || n < 0 || a < 0) return http_fail(r, E_INVALID, "yes", "counts cannot be negative");
    if (y + n + a > present)
        return http_fail(r, E_INVALID, "yes", "%lld votes counted but only %d members were present when the vote opened",
                         (long long)(y + n + a), present);
    *yes = (int)y;
    *no = (int)n;
    *abst = (int)a;
    return 0;
}

static int close_tx(json_t **result, req *r, const vote_info *v, json_t *in)
{
    db_rows *row;
    int rc = db_query(&row, req_db(r), r->a,
                      "SELECT v.eligible, v.present, v.majority, v.abstentions, b.quorum_num, b.quorum_den FROM "
                      "majlis_votes v JOIN majlis_bodies b ON b.id = v.body_id WHERE v.id = $1",
                      "i", v->id);
    if (rc) return rc;
    majlis_tally t = {(int)db_int(row, 0, 0), (int)db_int(row, 0, 1), 0, 0, 0, (int)db_int(row, 0, 4),
                      (int)db_int(row, 0, 5), db_text(row, 0, 2), db_text(row, 0, 3)};
    int cast = 0, quorum_met, adopted;
    const char *note = NULL;
    if (strcmp(v->kind, "manual") == 0) {
        if ((rc = manual_count(&t.yes, &t.no, &t.abstain, r, in, t.present)) || (rc = mj_str(&note, r, in, "note", 1, 2000)))
            return rc;
    } else if ((rc = count(&t.yes, &t.no, &t.abstain, &cast, r, v))) {
        return rc;
    }
    if (strcmp(v->kind, "written") == 0) t.present = cast; /* participation is what counts in writing */
    if ((rc = majlis_outcome(&quorum_met, &adopted, &t))) return rc;
    int n = db_exec(req_db(r),
                    "UPDATE majlis_votes SET status = 'closed', present = $1, n_yes = $2, n_no = $3, n_abstain = $4, "
                    "quorum_met = $5, adopted = $6, result_at = $7, manual_note = $8 WHERE id = $9 AND status = 'open'",
                    "iiiiiiisi", (int64_t)t.present, (int64_t)t.yes, (int64_t)t.no, (int64_t)t.abstain, (int64_t)quorum_met,
                    (int64_t)adopted, db_now(), note, v->id);
    if (n <= 0) return n < 0 ? n : http_fail(r, E_CONFLICT, "status", "the result of this vote was written already");
    *result = json_pack("{s:i, s:i, s:i, s:i, s:i, s:b, s:b}", "eligible", t.eligible, "present", t.present, "yes", t.yes,
                        "no", t.no, "abstain", t.abstain, "quorum_met", quorum_met, "adopted", adopted);
    return mj_record(r, "vote.close", "vote", v->id, json_pack("{s:O}", "result", *result), 1);
}

int mj_vote_close(req *r)
{
    vote_info v;
    json_t *in = NULL, *result = NULL;
    int rc = load_vote(&v, r);
    if (rc) return rc;
    if (r->body_len && (rc = mj_in(&in, r))) return rc;
    if (!in) in = json_object();
    if (!v.ac.manage) return mj_fail(r, E_FORBIDDEN, "close a vote");
    if (strcmp(v.status, "open") != 0) return http_fail(r, E_CONFLICT, "status", "the vote is %s already", v.status);
    if ((rc = mj_begin(r))) return rc;
    if ((rc = mj_end(r, close_tx(&result, r, &v, in)))) {
        json_decref(result);
        return rc;
    }
    return http_json(r, 200, json_pack("{s:o}", "result", result));
}

static int annul_tx(int64_t *decision, req *r, const vote_info *v, const char *reason)
{
    db_rows *row, *ds;
    int rc = db_query(&row, req_db(r), r->a, "SELECT body_id, session_id, question FROM majlis_votes WHERE id = $1", "i",
                      v->id);
    if (rc) return rc;
    if ((rc = mj_decision_insert(decision, r, db_int(row, 0, 0), db_isnull(row, 0, 1) ? 0 : db_int(row, 0, 1), v->id,
                                 "annulment", arena_printf(r->a, "Annulment of the vote \"%s\"", db_text(row, 0, 2)),
                                 reason)))
        return rc;
    int n = db_exec(req_db(r), "UPDATE majlis_votes SET status = 'annulled', annul_reason = $1, annul_decision_id = $2 WHERE "
                               "id = $3 AND status = 'closed'", "sii", reason, *decision, v->id);
    if (n <= 0) return n < 0 ? n : http_fail(r, E_CONFLICT, "status", "only a closed vote can be annulled");
    /* the decisions taken on the vote fall with it */
    if ((rc = db_query(&ds, req_db(r), r->a, "SELECT id FROM majlis_decisions WHERE vote_id = $1 AND kind <> 'annulment' AND "
                                             "status = 'adopted'", "i", v->id)))
        return rc;
    for (int i = 0; i < ds->nrows; i++) {
        if ((rc = db_exec(req_db(r), "UPDATE majlis_decisions SET status = 'annulled' WHERE id = $1", "i", db_int(ds, i, 0))) < 0 ||
            (rc = mj_record(r, "decision.annulled", "decision", db_int(ds, i, 0), NULL, 0)))
            return rc;
    }
    return mj_record(r, "vote.annul", "vote", v->id, json_pack("{s:s, s:I}", "reason", reason, "decision_id",
                                                              (json_int_t)*decision), 1);
}

int mj_vote_annul(req *r)
{
    vote_info v;
    json_t *in;
    const char *reason;
    int64_t decision = 0;
    int rc = load_vote(&v, r);
    if (rc || (rc = mj_in(&in, r)) || (rc = mj_str(&reason, r, in, "reason", 1, 4000))) return rc;
    if (!v.ac.manage) return mj_fail(r, E_FORBIDDEN, "annul a vote");
    if (strcmp(v.status, "closed") != 0) return http_fail(r, E_CONFLICT, "status", "only a closed vote can be annulled");
    if ((rc = mj_begin(r))) return rc;
    if ((rc = mj_end(r, annul_tx(&decision, r, &v, reason)))) return rc;
    return http_json(r, 200, json_pack("{s:s, s:I}", "status", "annulled", "decision_id", (json_int_t)decision));
}
