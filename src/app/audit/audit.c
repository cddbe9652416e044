/*
 * audit.c — the hash chain, the signing key and the verifier (see audit.h for the design).
 *
 * The serialisation that is hashed is, for each field in order (seq, at, actor_id, action,
 * object_type, object_id, payload, prev_hash), its decimal byte length, ':', the bytes, ';',
 * after the tag "madrasa-audit/1;". Length prefixes make it unambiguous whatever the fields
 * contain. Checkpoint signatures cover "madrasa-checkpoint/1;<seq>;<head hash>".
 *
 * The signing key is process state (loaded once, under a mutex) because a server has one
 * database; the key file is created with O_EXCL so two servers starting together agree on it.
 */
#include "app/audit/audit.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/err.h"
#include "base/log.h"

static const char ZERO_HASH[] = "0000000000000000000000000000000000000000000000000000000000000000";

void audit_sha256_hex(char *out, const void *p, size_t n)
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, p, n);
    sodium_bin2hex(out, 65, h, sizeof h);
}

char *audit_canonical(const json_t *j)
{
    return json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
}

static void put_field(crypto_hash_sha256_state *st, const char *s)
{
    char len[32];
    size_t n = strlen(s);
    int k = snprintf(len, sizeof len, "%zu:", n);
    crypto_hash_sha256_update(st, (const unsigned char *)len, (unsigned long long)k);
    crypto_hash_sha256_update(st, (const unsigned char *)s, n);
    crypto_hash_sha256_update(st, (const unsigned char *)";", 1);
}

static void put_int(crypto_hash_sha256_state *st, int64_t v)
{
    char s[32];
    snprintf(s, sizeof s, "%" PRId64, v);
    put_field(st, s);
}

/* entry_hash: the chain hash of one entry (hex, 65 bytes) */
static void entry_hash(char *out, int64_t seq, int64_t at, int64_t actor, const char *action, const char *otype,
                       int64_t oid, const char *payload, const char *prev)
{
    crypto_hash_sha256_state st;
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, (const unsigned char *)"madrasa-audit/1;", 16);
    put_int(&st, seq);
    put_int(&st, at);
    put_int(&st, actor);
    put_field(&st, action);
    put_field(&st, otype);
    put_int(&st, oid);
    put_field(&st, payload);
    put_field(&st, prev);
    crypto_hash_sha256_final(&st, h);
    sodium_bin2hex(out, 65, h, sizeof h);
}

static int checkpoint_message(char *out, size_t cap, int64_t seq, const char *head)
{
    return snprintf(out, cap, "madrasa-checkpoint/1;%" PRId64 ";%s", seq, head);
}

/* ---- the signing key ---- */

static struct {
    pthread_mutex_t mu;
    int loaded;
    char path[1024];
    unsigned char sk[crypto_sign_SECRETKEYBYTES], pk[crypto_sign_PUBLICKEYBYTES];
} key = {PTHREAD_MUTEX_INITIALIZER, 0, "", {0}, {0}};

int audit_key_path(char *out, size_t cap, db_conn *c, const char *override)
{
    const char *env = getenv("MADRASA_AUDIT_KEY");
    if (override && *override) return snprintf(out, cap, "%s", override) < (int)cap ? 0 : E_LIMIT;
    if (env && *env) return snprintf(out, cap, "%s", env) < (int)cap ? 0 : E_LIMIT;
    arena a = ARENA_INIT;
    db_rows *r;
    int rc;
    /* the connection's backend, told by the one dialect macro (db.h) */
    int sqlite = strstr(db_dialect_sql(c, &a, "{{ID}}"), "AUTOINCREMENT") != NULL;
    if (sqlite) {
        rc = db_query(&r, c, &a, "PRAGMA database_list", "");
        if (rc) goto done;
        int fcol = db_col(r, "file");
        rc = E_FAIL;
        for (int i = 0; i < r->nrows && fcol >= 0; i++)
            if (strcmp(db_text(r, i, 1), "main") == 0 && db_text(r, i, fcol) && *db_text(r, i, fcol))
                rc = snprintf(out, cap, "%s.audit-key", db_text(r, i, fcol)) < (int)cap ? 0 : E_LIMIT;
    } else {
        rc = db_query(&r, c, &a, "SELECT current_database(), current_setting('port')", "");
        const char *home = getenv("HOME");
        if (rc == 0)
            rc = snprintf(out, cap, "%s/.madrasa/audit-%s-%s.key", home && *home ? home : "/tmp", db_text(r, 0, 0),
                          db_text(r, 0, 1)) < (int)cap ? 0 : E_LIMIT;
    }
done:
    arena_free(&a);
    return rc;
}

static int read_key_file(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) return E_NOTFOUND;
    char hex[2 * crypto_sign_SECRETKEYBYTES + 8] = {0};
    size_t n = fread(hex, 1, sizeof hex - 1, f);
    fclose(f);
    while (n && (hex[n - 1] == '\n' || hex[n - 1] == '\r')) hex[--n] = 0;
    size_t got = 0;
    if (n != 2 * crypto_sign_SECRETKEYBYTES ||
        sodium_hex2bin(key.sk, sizeof key.sk, hex, n, NULL, &got, NULL) != 0 || got != sizeof key.sk) {
        log_error("audit: the key file %s is not a hex Ed25519 secret key", path);
        return E_INVALID;
    }
    crypto_sign_ed25519_sk_to_pk(key.pk, key.sk);
    return 0;
}

static int create_key_file(const char *path)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash && slash != dir) {
        *slash = 0;
        mkdir(dir, 0700); /* the PostgreSQL default lives in ~/.madrasa; EEXIST is fine */
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) return errno == EEXIST ? E_CONFLICT : E_FAIL;
    crypto_sign_keypair(key.pk, key.sk);
    char hex[2 * crypto_sign_SECRETKEYBYTES + 2];
    sodium_bin2hex(hex, sizeof hex, key.sk, sizeof key.sk);
    size_t n = strlen(hex);
    hex[n++] = '\n';
    int ok = write(fd, hex, n) == (ssize_t)n && fsync(fd) == 0;
    close(fd);
    sodium_memzero(hex, sizeof hex);
    if (!ok) {
        unlink(path);
        return E_FAIL;
    }
    log_info("audit: created the signing key %s", path);
    return 0;
}

/* load_key: the key for this database, read or created once per process */
static int load_key(db_conn *c)
{
    pthread_mutex_lock(&key.mu);
    int rc = 0;
    if (!key.loaded && sodium_init() < 0) rc = E_FAIL;
    if (!key.loaded && rc == 0) {
        rc = audit_key_path(key.path, sizeof key.path, c, NULL);
        if (rc == 0) {
            rc = read_key_file(key.path);
            if (rc == E_NOTFOUND) {
                rc = create_key_file(key.path);
                if (rc == E_CONFLICT) rc = read_key_file(key.path);
            }
        }
        if (rc) log_error("audit: no signing key at %s (%s)", key.path, err_name(rc));
        else key.loaded = 1;
    }
    pthread_mutex_unlock(&key.mu);
    return rc;
}

/* ---- appending ---- */

static int lock_head(int64_t *seq, char *hash, db_conn *c, arena *a)
{
    db_rows *r;
    int n = db_exec(c, "UPDATE audit_head SET touched_at = $1 WHERE id = 1", "i", db_now());
    if (n < 0) return n;
    int rc = db_query(&r, c, a, "SELECT seq, hash FROM audit_head WHERE id = 1", "");
    if (rc) return rc;
    if (r->nrows != 1) return E_FAIL;
    *seq = db_int(r, 0, 0);
    snprintf(hash, 65, "%s", db_text(r, 0, 1));
    return 0;
}

static int append_locked(int64_t *seq_out, char *hash_out, db_conn *c, arena *a, const audit_act *act)
{
    int64_t seq;
    char prev[65], hash[65];
    int rc = lock_head(&seq, prev, c, a);
    if (rc) return rc;
    seq++;
    int64_t at = db_now();
    char *payload = act->payload ? audit_canonical(act->payload) : strdup("{}");
    entry_hash(hash, seq, at, act->actor_id, act->action, act->object_type, act->object_id, payload, prev);
    rc = db_exec(c,
                 "INSERT INTO audit_log (seq, at, actor_id, action, object_type, object_id, payload, prev_hash, hash) "
                 "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                 "iiississs", seq, at, act->actor_id ? act->actor_id : (int64_t)0, act->action, act->object_type,
                 act->object_id, payload, prev, hash);
    free(payload);
    if (rc < 0) return rc;
    if ((rc = db_exec(c, "UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1", "is", seq, hash)) < 0) return rc;
    *seq_out = seq;
    snprintf(hash_out, 65, "%s", hash);
    return 0;
}

/* register_key: the first signature in a database records the public key, in the chain too */
static int register_key(db_conn *c, arena *a, const char *pk_hex)
{
    db_rows *r;
    int rc = db_query(&r, c, a, "SELECT id FROM audit_keys WHERE public_key = $1", "s", pk_hex);
    if (rc || r->nrows) return rc;
    if ((rc = db_exec(c, "INSERT INTO audit_keys (public_key, created_at) VALUES ($1, $2)", "si", pk_hex, db_now())) < 0)
        return rc;
    json_t *p = json_pack("{s:s}", "public_key", pk_hex);
    audit_act act = {0, "audit.key", "audit_key", 0, p, 0};
    int64_t seq;
    char hash[65];
    rc = append_locked(&seq, hash, c, a, &act);
    json_decref(p);
    return rc;
}

int audit_sign(char *sig_hex, char *pk_hex, db_conn *c, const unsigned char *msg, size_t len)
{
    int rc = load_key(c);
    if (rc) return rc;
    unsigned char sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, NULL, msg, len, key.sk);
    sodium_bin2hex(sig_hex, 2 * crypto_sign_BYTES + 1, sig, sizeof sig);
    sodium_bin2hex(pk_hex, 2 * crypto_sign_PUBLICKEYBYTES + 1, key.pk, sizeof key.pk);
    arena a = ARENA_INIT;
    rc = register_key(c, &a, pk_hex);
    arena_free(&a);
    return rc;
}

int audit_check_signature(const char *sig_hex, const char *pk_hex, const unsigned char *msg, size_t len)
{
    unsigned char sig[crypto_sign_BYTES], pk[crypto_sign_PUBLICKEYBYTES];
    size_t n1 = 0, n2 = 0;
    if (!sig_hex || !pk_hex || sodium_hex2bin(sig, sizeof sig, sig_hex, strlen(sig_hex), NULL, &n1, NULL) ||
        sodium_hex2bin(pk, sizeof pk, pk_hex, strlen(pk_hex), NULL, &n2, NULL) || n1 != sizeof sig || n2 != sizeof pk)
        return E_INVALID;
    return crypto_sign_verify_detached(sig, msg, len, pk) == 0 ? 0 : E_INVALID;
}

static int checkpoint(db_conn *c, arena *a)
{
    char sig[2 * crypto_sign_BYTES + 1], pk[2 * crypto_sign_PUBLICKEYBYTES + 1], msg[160], head[65];
    int64_t seq;
    /* sign a dummy first so that a new key's registration entry is inside the signed head */
    int rc = audit_sign(sig, pk, c, (const unsigned char *)"", 0);
    if (rc == 0) rc = lock_head(&seq, head, c, a);
    if (rc) return rc;
    int n = checkpoint_message(msg, sizeof msg, seq, head);
    if ((rc = audit_sign(sig, pk, c, (const unsigned char *)msg, (size_t)n))) return rc;
    rc = db_exec(c,
                 "INSERT INTO audit_checkpoints (seq, head_hash, public_key, signature, at) VALUES ($1, $2, $3, $4, $5) "
                 "ON CONFLICT (seq) DO NOTHING",
                 "isssi", seq, head, pk, sig, db_now());
    return rc < 0 ? rc : 0;
}

int audit_append(int64_t *seq, char *hash, db_conn *c, const audit_act *act)
{
    arena a = ARENA_INIT;
    char h[65];
    int64_t s = 0;
    int rc = append_locked(&s, h, c, &a, act);
    if (rc == 0 && (act->checkpoint || s % AUDIT_CHECKPOINT_EVERY == 0)) rc = checkpoint(c, &a);
    arena_free(&a);
    if (rc) return rc;
    if (seq) *seq = s;
    if (hash) snprintf(hash, 65, "%s", h);
    return 0;
}

int audit_head_hash(int64_t *seq, char *hash, db_conn *c)
{
    arena a = ARENA_INIT;
    db_rows *r;
    int rc = db_query(&r, c, &a, "SELECT seq, hash FROM audit_head WHERE id = 1", "");
    if (rc == 0 && r->nrows == 1) {
        *seq = db_int(r, 0, 0);
        snprintf(hash, 65, "%s", db_text(r, 0, 1));
    } else if (rc == 0) {
        rc = E_FAIL;
    }
    arena_free(&a);
    return rc;
}

/* ---- verification ---- */

static void problem(audit_report *out, FILE *log, int64_t seq, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void problem(audit_report *out, FILE *log, int64_t seq, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    out->problems++;
    /* the first stage that found a problem names the link; within a stage, the lowest entry */
    if (!out->bad_seq || (out->bad_stage == out->stage && seq && seq < out->bad_seq)) {
        out->bad_stage = out->stage;
        out->bad_seq = seq ? seq : -1;
        snprintf(out->what, sizeof out->what, "%s", msg);
    }
    if (log) fprintf(log, "audit: %s\n", msg);
}

/* first_difference names the first key whose values differ between two JSON objects */
static void first_difference(char *out, size_t cap, const json_t *was, const json_t *now)
{
    const char *k;
    json_t *v;
    if (!json_is_object(was) || !json_is_object(now)) {
        snprintf(out, cap, "the object");
        return;
    }
    json_object_foreach((json_t *)was, k, v) {
        json_t *w = json_object_get(now, k);
        if (!w || !json_equal(v, w)) {
            char *a = audit_canonical(v), *b = w ? audit_canonical(w) : strdup("(missing)");
            snprintf(out, cap, "%s: recorded %.80s, stored now %.80s", k, a, b);
            free(a);
            free(b);
            return;
        }
    }
    json_object_foreach((json_t *)now, k, v) if (!json_object_get(was, k)) {
        snprintf(out, cap, "%s: not recorded", k);
        return;
    }
    snprintf(out, cap, "the object");
}

static const audit_witness *find_witness(const audit_witness *w, size_t nw, const char *type)
{
    for (size_t i = 0; i < nw; i++)
        if (strcmp(w[i].object_type, type) == 0) return &w[i];
    return NULL;
}

typedef struct chain_walk {
    int64_t expect_seq;
    char prev[65];
    json_t *latest; /* "type:id" → [seq, action, state] */
    json_t *keys;   /* public keys registered in the chain → seq */
    json_t *hashes; /* seq (as text) → hash, for checkpoints (only checkpoint seqs are kept) */
} chain_walk;

static void walk_row(chain_walk *w, audit_report *out, FILE *log, const db_rows *r, int i, const audit_witness *wit,
                     size_t nw, const json_t *cp_seqs)
{
    int64_t seq = db_int(r, i, 0), at = db_int(r, i, 1), actor = db_isnull(r, i, 2) ? 0 : db_int(r, i, 2);
    const char *action = db_text(r, i, 3), *otype = db_text(r, i, 4), *payload = db_text(r, i, 6);
    int64_t oid = db_int(r, i, 5);
    const char *prev = db_text(r, i, 7), *hash = db_text(r, i, 8);
    char want[65];
    if (seq != w->expect_seq) problem(out, log, seq, "entry %" PRId64 ": expected entry %" PRId64 " (a gap or a "
                                                     "reordering)", seq, w->expect_seq);
    if (strcmp(prev, w->prev) != 0)
        problem(out, log, seq, "entry %" PRId64 " (%s): prev_hash does not match entry %" PRId64 "'s hash", seq,
                action, seq - 1);
    entry_hash(want, seq, at, actor, action, otype, oid, payload, prev);
    if (strcmp(want, hash) != 0)
        problem(out, log, seq, "entry %" PRId64 " (%s, %s %" PRId64 "): its content does not match its hash", seq,
                action, otype, oid);
    w->expect_seq = seq + 1;
    snprintf(w->prev, sizeof w->prev, "%s", hash);
    char sk[32];
    snprintf(sk, sizeof sk, "%" PRId64, seq);
    if (json_object_get(cp_seqs, sk)) json_object_set_new(w->hashes, sk, json_string(hash));
    json_t *p = json_loads(payload, JSON_REJECT_DUPLICATES, NULL);
    if (!p) {
        problem(out, log, seq, "entry %" PRId64 ": the payload is not JSON", seq);
        return;
    }
    if (strcmp(action, "audit.key") == 0 && json_is_string(json_object_get(p, "public_key")))
        json_object_set_new(w->keys, json_string_value(json_object_get(p, "public_key")), json_integer(seq));
    json_t *state = json_object_get(p, "state");
    if (state && find_witness(wit, nw, otype)) {
        char k[96];
        snprintf(k, sizeof k, "%s:%" PRId64, otype, oid);
        json_object_set_new(w->latest, k, json_pack("[I, s, O]", (json_int_t)seq, action, state));
    }
    json_decref(p);
}

static int walk_chain(chain_walk *w, audit_report *out, db_conn *c, const audit_witness *wit, size_t nw,
                      const json_t *cp_seqs, FILE *log)
{
    int64_t after = 0;
    for (;;) {
        arena a = ARENA_INIT;
        db_rows *r;
        int rc = db_query(&r, c, &a,
                          "SELECT seq, at, actor_id, action, object_type, object_id, payload, prev_hash, hash "
                          "FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT 2000",
                          "i", after);
        if (rc) {
            arena_free(&a);
            return rc;
        }
        for (int i = 0; i < r->nrows; i++) walk_row(w, out, log, r, i, wit, nw, cp_seqs);
        out->entries += r->nrows;
        int n = r->nrows;
        if (n) after = db_int(r, n - 1, 0);
        arena_free(&a);
        if (n < 2000) return 0;
    }
}

static int check_head(audit_report *out, db_conn *c, const chain_walk *w, FILE *log)
{
    int64_t seq;
    char hash[65];
    int rc = audit_head_hash(&seq, hash, c);
    if (rc) return rc;
    if (seq != w->expect_seq - 1 || strcmp(hash, w->prev) != 0)
        problem(out, log, seq ? seq : w->expect_seq - 1,
                "the head says entry %" PRId64 " but the log ends at entry %" PRId64 " (entries removed or added)",
                seq, w->expect_seq - 1);
    return 0;
}

static int check_checkpoints(audit_report *out, db_conn *c, const chain_walk *w, const char *trusted, FILE *log)
{
    arena a = ARENA_INIT;
    db_rows *r;
    int rc = db_query(&r, c, &a, "SELECT seq, head_hash, public_key, signature FROM audit_checkpoints ORDER BY seq", "");
    for (int i = 0; rc == 0 && i < r->nrows; i++) {
        int64_t seq = db_int(r, i, 0);
        const char *head = db_text(r, i, 1), *pk = db_text(r, i, 2), *sig = db_text(r, i, 3);
        char sk[32], msg[160];
        snprintf(sk, sizeof sk, "%" PRId64, seq);
        json_t *h = json_object_get(w->hashes, sk), *kseq = json_object_get(w->keys, pk);
        int n = checkpoint_message(msg, sizeof msg, seq, head);
        if (!h || strcmp(json_string_value(h), head) != 0)
            problem(out, log, seq, "checkpoint at entry %" PRId64 ": the signed head is not that entry's hash", seq);
        else if (!kseq || json_integer_value(kseq) > seq)
            problem(out, log, seq, "checkpoint at entry %" PRId64 ": signed by a key the chain never registered", seq);
        else if (audit_check_signature(sig, pk, (const unsigned char *)msg, (size_t)n))
            problem(out, log, seq, "checkpoint at entry %" PRId64 ": the Ed25519 signature is not valid", seq);
        out->checkpoints++;
    }
    if (rc == 0 && trusted && out->entries > 0 && !json_object_get(w->keys, trusted))
        problem(out, log, 1, "the server's key (its key file) signed none of this chain's checkpoints");
    arena_free(&a);
    return rc;
}

static int check_witnesses(audit_report *out, db_conn *c, const chain_walk *w, const audit_witness *wit, size_t nw,
                           FILE *log)
{
    const char *k;
    json_t *v;
    json_object_foreach(w->latest, k, v) {
        const char *colon = strrchr(k, ':');
        char type[64];
        snprintf(type, sizeof type, "%.*s", (int)(colon - k), k);
        int64_t id = strtoll(colon + 1, NULL, 10), seq = json_integer_value(json_array_get(v, 0));
        const char *action = json_string_value(json_array_get(v, 1));
        arena a = ARENA_INIT;
        json_t *now = NULL;
        int rc = find_witness(wit, nw, type)->state(&now, c, &a, id);
        if (rc == E_NOTFOUND) {
            problem(out, log, seq, "entry %" PRId64 " (%s, %s %" PRId64 "): the %s has been deleted", seq, action,
                    type, id, type);
        } else if (rc) {
            arena_free(&a);
            return rc;
        } else if (!json_equal(now, json_array_get(v, 2))) {
            char diff[300];
            first_difference(diff, sizeof diff, json_array_get(v, 2), now);
            problem(out, log, seq, "entry %" PRId64 " (%s, %s %" PRId64 "): the stored %s no longer matches — %s", seq,
                    action, type, id, type, diff);
        }
        out->witnessed++;
        json_decref(now);
        arena_free(&a);
    }
    return 0;
}

int audit_verify(audit_report *out, db_conn *c, const audit_witness *wit, size_t nw, const char *trusted, FILE *log)
{
    memset(out, 0, sizeof *out);
    chain_walk w = {1, "", json_object(), json_object(), json_object()};
    snprintf(w.prev, sizeof w.prev, "%s", ZERO_HASH);
    json_t *cp_seqs = json_object();
    arena a = ARENA_INIT;
    db_rows *r;
    int rc = db_query(&r, c, &a, "SELECT seq FROM audit_checkpoints", "");
    for (int i = 0; rc == 0 && i < r->nrows; i++) json_object_set_new(cp_seqs, db_text(r, i, 0), json_true());
    if (rc == 0) rc = walk_chain(&w, out, c, wit, nw, cp_seqs, log);
    out->stage = 1;
    if (rc == 0) rc = check_head(out, c, &w, log);
    out->stage = 2;
    if (rc == 0) rc = check_checkpoints(out, c, &w, trusted, log);
    out->stage = 3;
    if (rc == 0) rc = check_witnesses(out, c, &w, wit, nw, log);
    arena_free(&a);
    json_decref(cp_seqs);
    json_decref(w.latest);
    json_decref(w.keys);
    json_decref(w.hashes);
    return rc;
}
