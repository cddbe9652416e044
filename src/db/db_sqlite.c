/*
 * db_sqlite.c — the SQLite backend (see db.h, db_backend.h).
 *
 * Each connection is opened with WAL journaling (readers never block the writer), foreign
 * keys on, a busy handler (busy_wait: short retries, 10 s in all), and synchronous=NORMAL:
 * in WAL mode a committed transaction survives the process being killed; only a power cut
 * can lose the last commits. Prepared statements are cached per connection, keyed by their
 * SQL text (a small table here, with SQLITE_PREPARE_PERSISTENT), because the hot path runs
 * the same handful of statements thousands of times a second.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/err.h"
#include "base/log.h"
#include "db/db_backend.h"

enum { STMT_CACHE = 64 };

typedef struct sqlite_handle {
    sqlite3 *db;
    struct {
        char *copy; /* the statement's SQL text, the cache key */
        sqlite3_stmt *stmt;
    } cache[STMT_CACHE];
    int ncache, next_evict;
} sqlite_handle;

static int map_error(sqlite3 *sdb, int rc, const char *sql)
{
    int ext = sqlite3_extended_errcode(sdb);
    if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY) return E_CONFLICT;
    if (ext == SQLITE_CONSTRAINT_FOREIGNKEY || ext == SQLITE_CONSTRAINT_CHECK ||
        ext == SQLITE_CONSTRAINT_NOTNULL)
        return E_INVALID;
    log_error("sqlite: %s (%d) in: %.200s", sqlite3_errmsg(sdb), rc, sql);
    return E_FAIL;
}

/* busy_wait: SQLite's own busy timeout sleeps 1, 2, 5, 10, 15, 20, 25… ms between tries, so a
 * thread that finds the write lock held for 0.2 ms waits at least 1 ms, and several
 * milliseconds more when the holder was descheduled: the tail latency of every request that
 * writes. Here a waiting writer retries every 50 µs for the first 2 ms, then every 1 ms, and
 * gives up after 10 s as before. */
static int busy_wait(void *unused, int tries)
{
    (void)unused;
    enum { FAST_TRIES = 40, LIMIT_MS = 10000 };
    if (tries >= FAST_TRIES + LIMIT_MS) return 0;
    struct timespec ts = {0, tries < FAST_TRIES ? 50000 : 1000000};
    nanosleep(&ts, NULL);
    return 1;
}

int dbsqlite_connect(db_conn *c, const char *path)
{
    sqlite_handle *h = xcalloc(1, sizeof *h);
    int rc = sqlite3_open_v2(path, &h->db,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        log_error("sqlite: cannot open %s: %s", path, h->db ? sqlite3_errmsg(h->db) : "out of memory");
        sqlite3_close(h->db);
        free(h);
        return E_FAIL;
    }
    sqlite3_busy_handler(h->db, busy_wait, NULL);
    c->handle = h;
    /* wal_autocheckpoint: the commit that finds the WAL past this many pages copies them into
     * the database and syncs it, inside its own request; 10,000 pages (40 MB of WAL) instead of
     * SQLite's 1,000 makes that ten times rarer, and a page written again and again (an index
     * leaf, a learner's row) is copied once per checkpoint instead of once per 1,000 pages */
    const char *setup = "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; "
                        "PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY; PRAGMA wal_autocheckpoint=10000;";
    if (dbsqlite_script(c, setup)) {
        dbsqlite_disconnect(c);
        return E_FAIL;
    }
    return 0;
}

void dbsqlite_disconnect(db_conn *c)
{
    sqlite_handle *h = c->handle;
    if (!h) return;
    for (int i = 0; i < h->ncache; i++) {
        sqlite3_finalize(h->cache[i].stmt);
        free(h->cache[i].copy);
    }
    sqlite3_close(h->db);
    free(h);
    c->handle = NULL;
}

static sqlite3_stmt *prepare(sqlite_handle *h, const char *sql, int *rc)
{
    for (int i = 0; i < h->ncache; i++)
        if (strcmp(h->cache[i].copy, sql) == 0) {
            sqlite3_reset(h->cache[i].stmt);
            sqlite3_clear_bindings(h->cache[i].stmt);
            *rc = SQLITE_OK;
            return h->cache[i].stmt;
        }
    sqlite3_stmt *st = NULL;
    *rc = sqlite3_prepare_v3(h->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
    if (*rc != SQLITE_OK) return NULL;
    int slot;
    if (h->ncache < STMT_CACHE) {
        slot = h->ncache++;
    } else {
        slot = h->next_evict;
        h->next_evict = (h->next_evict + 1) % STMT_CACHE;
        sqlite3_finalize(h->cache[slot].stmt);
        free(h->cache[slot].copy);
    }
    h->cache[slot].copy = xstrdup(sql);
    h->cache[slot].stmt = st;
    return st;
}

static int bind_all(sqlite3_stmt *st, const db_param *p, int np)
{
    for (int i = 0; i < np; i++) {
        char name[16];
        snprintf(name, sizeof name, "$%d", i + 1);
        int idx = sqlite3_bind_parameter_index(st, name);
        if (idx == 0) continue; /* a parameter the statement does not use */
        int rc;
        switch (p[i].type) {
        case 'i': rc = sqlite3_bind_int64(st, idx, p[i].i); break;
        case 'd': rc = sqlite3_bind_double(st, idx, p[i].d); break;
        case 's': rc = sqlite3_bind_text(st, idx, p[i].s, -1, SQLITE_STATIC); break;
        default: rc = sqlite3_bind_null(st, idx); break;
        }
        if (rc != SQLITE_OK) return rc;
    }
    return SQLITE_OK;
}

/* Rows are gathered into a growing heap array, then copied once into the arena. */
int dbsqlite_run(db_rows **out, int *changes, db_conn *c, arena *a, const char *sql,
                 const db_param *p, int np)
{
    sqlite_handle *h = c->handle;
    int rc;
    sqlite3_stmt *st = prepare(h, sql, &rc);
    if (!st) return map_error(h->db, rc, sql);
    if ((rc = bind_all(st, p, np)) != SQLITE_OK) return map_error(h->db, rc, sql);
    int ncols = sqlite3_column_count(st);
    size_t cap = 0, n = 0;
    char **cells = NULL;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!out) continue;
        if (n + (size_t)ncols > cap) {
            cap = cap ? cap * 2 : (size_t)ncols * 16 + 16;
            cells = xrealloc(cells, cap * sizeof *cells);
        }
        for (int j = 0; j < ncols; j++) {
            const unsigned char *t = sqlite3_column_text(st, j);
            cells[n++] = t ? arena_strndup(a, (const char *)t, (size_t)sqlite3_column_bytes(st, j)) : NULL;
        }
    }
    int result = 0;
    if (rc != SQLITE_DONE) {
        result = map_error(h->db, rc, sql);
    } else if (out) {
        db_rows *r = arena_alloc(a, sizeof *r);
        r->ncols = ncols;
        r->nrows = ncols ? (int)(n / (size_t)ncols) : 0;
        r->cells = arena_alloc_array(a, n ? n : 1, sizeof *r->cells);
        if (n) memcpy(r->cells, cells, n * sizeof *cells);
        r->names = arena_alloc_array(a, (size_t)ncols + 1, sizeof *r->names);
        for (int j = 0; j < ncols; j++) r->names[j] = arena_strdup(a, sqlite3_column_name(st, j));
        *out = r;
    }
    *changes = sqlite3_changes(h->db);
    free(cells);
    sqlite3_reset(st);
    return result;
}

int dbsqlite_script(db_conn *c, const char *sql)
{
    sqlite_handle *h = c->handle;
    char *msg = NULL;
    int rc = sqlite3_exec(h->db, sql, NULL, NULL, &msg);
    if (rc == SQLITE_OK) return 0;
    int code = map_error(h->db, rc, sql);
    sqlite3_free(msg);
    return code;
}
