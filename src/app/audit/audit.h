/*
 * audit.h — the append-only, hash-chained audit log with signed checkpoints.
 *
 * Every act that carries legal weight (a vote, a ballot, minutes, a decision…) is recorded by
 * audit_append() INSIDE the transaction that performs the act, so the act and its entry commit
 * or roll back together. Entry n stores hash_n = SHA-256 over a length-prefixed serialisation of
 * (seq, at, actor_id, action, object_type, object_id, payload, hash_{n-1}); the payload is
 * canonical JSON (compact, keys sorted). Entry 1's predecessor is 64 zeros.
 *
 * Concurrency: an appender first UPDATEs the single audit_head row. On SQLite the transaction
 * already holds the write lock (BEGIN IMMEDIATE); on PostgreSQL the UPDATE takes the row lock,
 * so a second appender waits until the first commits and then reads the new head. Sequence
 * numbers are therefore dense and the chain has no forks.
 *
 * Checkpoints: every AUDIT_CHECKPOINT_EVERY entries, and whenever an act asks for one, the head
 * hash is signed with the server's Ed25519 key (libsodium). The secret key lives in a key file,
 * never in the database: $MADRASA_AUDIT_KEY when set, else next to the SQLite file
 * (`<file>.audit-key`), else for PostgreSQL `$HOME/.madrasa/audit-<db>-<port>.key`. It is
 * generated on first use (mode 0600) and its public key is registered in the database
 * (audit_keys) by a chain entry of its own ("audit.key").
 *
 * Witnesses: an entry whose payload has a "state" member claims "after this act, the object
 * looked like this". audit_verify() asks the owning module for the object's current state (an
 * audit_witness function) and compares it with the LAST entry that recorded a state for that
 * object, so a row edited behind the application's back is caught and the entry named.
 */
#ifndef APP_AUDIT_H
#define APP_AUDIT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "db/db.h"

enum { AUDIT_CHECKPOINT_EVERY = 16 };

typedef struct audit_act {
    int64_t actor_id;        /* 0: the system */
    const char *action;      /* "vote.close" */
    const char *object_type; /* "vote" */
    int64_t object_id;
    json_t *payload;         /* borrowed; NULL means {} */
    int checkpoint;          /* 1: sign the head right after this entry */
} audit_act;

#define AUDIT_ACT_INIT {0, NULL, NULL, 0, NULL, 0}

/* audit_append records one act inside the caller's open transaction and returns its seq and
 * hash (hash: 65 bytes, may be NULL). E_FAIL if the signing key cannot be loaded when a
 * checkpoint is due: the caller rolls back, so no act goes unrecorded. */
int audit_append(int64_t *seq, char *hash, db_conn *c, const audit_act *act);

/* audit_head_hash: the current head (seq 0 and 64 zeros on an empty log); hash has 65 bytes. */
int audit_head_hash(int64_t *seq, char *hash, db_conn *c);

/* audit_key_path fills out with where this database's signing key lives (see above);
 * `override` (e.g. --audit-key) wins when not NULL. */
int audit_key_path(char *out, size_t cap, db_conn *c, const char *override);

/* audit_sign signs msg with the server key (loaded or created on first use); sig: 129 bytes of
 * hex, pk: 65 bytes of hex. Used for checkpoints and by modules that sign documents. */
int audit_sign(char *sig_hex, char *pk_hex, db_conn *c, const unsigned char *msg, size_t len);
/* audit_check_signature: 0 when sig_hex is pk_hex's signature of msg, E_INVALID otherwise. */
int audit_check_signature(const char *sig_hex, const char *pk_hex, const unsigned char *msg, size_t len);

/* audit_sha256_hex: hex SHA-256 (65 bytes) of a byte string. */
void audit_sha256_hex(char *out, const void *p, size_t n);

/* audit_canonical: the canonical text of a JSON value (compact, sorted keys); heap, caller frees. */
char *audit_canonical(const json_t *j);

/* A module's view of its objects' current state, for the witness check. */
typedef int (*audit_state_fn)(json_t **out, db_conn *c, arena *a, int64_t id);
typedef struct audit_witness {
    const char *object_type;
    audit_state_fn state;
} audit_witness;

typedef struct audit_report {
    int64_t entries, checkpoints, witnessed;
    int64_t bad_seq; /* 0 when everything holds */
    char what[512];  /* the first broken link, in words */
    int problems;    /* how many problems were found in all */
    int stage, bad_stage; /* internal: chain, head, checkpoints, witnesses */
} audit_report;

/* audit_verify recomputes the whole chain, the checkpoint signatures and the witnesses.
 * Returns 0 when it could read everything (the verdict is in *out: bad_seq == 0 and
 * problems == 0 means intact), a negative code when the database could not be read.
 * trusted_pk_hex (may be NULL): the key file's public key, which must be registered. Each
 * problem is also printed to `log` when not NULL. */
int audit_verify(audit_report *out, db_conn *c, const audit_witness *w, size_t nw, const char *trusted_pk_hex,
                 FILE *log);

/* audit_cmd: `madrasa audit verify --db URL [--audit-key PATH]`. */
int audit_cmd(int argc, char **argv);

#endif
