/*
 * majlis.h — E-majlis, the council's workspace: bodies, sessions, documents, votes, decisions,
 * minutes and the opinion workflow (docs/majlis.md has the design, docs/api.md the routes).
 *
 * Owns the majlis_* tables (migration 0011). Every act is written together with its audit
 * entry (src/app/audit) in one transaction, and each entry records the object's state after the
 * act, which `madrasa audit verify` compares with the rows through majlis_audit_witnesses.
 *
 * Who sees what: the council secretariat (role council_secretariat) and admins see and manage
 * every body; a council member sees only the bodies they sit on, and within them the documents
 * their access level allows; a body's president and secretariat members also manage its
 * sessions. Observers sit and read but do not vote.
 */
#ifndef APP_MAJLIS_H
#define APP_MAJLIS_H

#include <stddef.h>
#include <stdint.h>

#include "app/audit/audit.h"
#include "db/db.h"
#include "http/http.h"

extern const route_table majlis_routes;

/* The state functions `madrasa audit verify` uses to compare rows with their last entry. */
extern const audit_witness majlis_audit_witnesses[];
extern const size_t majlis_audit_nwitnesses;

/* majlis_demo loads the demo council (idempotent): the General Assembly, the Bureau and a
 * permanent commission, with the demo users `secretariat` and `member` and six more members. */
int majlis_demo(db_conn *c);

/* The outcome of a vote under a body's rules (pure). */
typedef struct majlis_tally {
    int eligible, present, yes, no, abstain;
    int quorum_num, quorum_den;
    const char *majority;    /* "simple" | "absolute" | "two_thirds" */
    const char *abstentions; /* "excluded" | "counted" */
} majlis_tally;

/* majlis_quorum: the number of members that must take part: more than num/den of the eligible. */
int majlis_quorum(int eligible, int num, int den);
/* majlis_outcome: *quorum_met and *adopted for a tally; E_INVALID for an unknown rule name. */
int majlis_outcome(int *quorum_met, int *adopted, const majlis_tally *t);

/* A published text (an approved opinion): the corpus Majlisbot ingests. */
typedef struct majlis_published_doc {
    int64_t id, document_id, published_at;
    const char *kind, *title, *text, *sha256; /* in the arena */
} majlis_published_doc;

/* majlis_published_documents: the texts published after `since` (Unix seconds), oldest first,
 * at most `limit`, in the arena. */
int majlis_published_documents(majlis_published_doc **out, int *n, db_conn *c, arena *a, int64_t since, int limit);

#endif
