/*
 * db.c — the backend-neutral half of the database layer (see db.h): the connection pool,
 * parameter collection, transactions, result accessors and the dialect macros.
 *
 * The pool is a free list under a mutex with a condition variable; db_acquire waits when every
 * connection is in use. Pool size is chosen by the server to match its worker threads, so a
 * wait only happens when a request holds a connection while another thread wants one.
 */
#include "db/db.h"

#include <assert.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/err.h"
#include "base/log.h"
#include "db/db_backend.h"

enum { DB_MAX_PARAMS = 32 };

struct db {
    db_backend kind;
    int size;
    db_conn *conns;
    db_conn *free_list;
    pthread_mutex_t mu;
    pthread_cond_t cv;
};

int64_t db_now(void) { return (int64_t)time(NULL); }

int db_open(db **out, const char *url, int size)
{
    *out = NULL;
    if (size < 1) size = 1;
    db_backend kind;
    const char *target;
    if (strncmp(url, "sqlite:", 7) == 0) {
        kind = DB_SQLITE;
        target = url + 7;
    } else if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0) {
        kind = DB_POSTGRES;
        target = url;
    } else {
        log_error("db: unknown database URL (want sqlite:PATH or postgres://…)");
        return E_INVALID;
    }
    db *d = xcalloc(1, sizeof *d);
    d->kind = kind;
    d->size = size;
    d->conns = xcalloc((size_t)size, sizeof *d->conns);
    pthread_mutex_init(&d->mu, NULL);
    pthread_cond_init(&d->cv, NULL);
    for (int i = 0; i < size; i++) {
        db_conn *c = &d->conns[i];
        c->owner = d;
        c->kind = kind;
        int rc = kind == DB_SQLITE ? dbsqlite_connect(c, target) : dbpg_connect(c, target);
        if (rc) {
            d->size = i;
            db_close(d);
            return rc;
        }
        c->next_free = d->free_list;
        d->free_list = c;
    }
    *out = d;
    return 0;
}

void db_close(db *d)
{
    if (!d) return;
    for (int i = 0; i < d->size; i++) {
        if (d->kind == DB_SQLITE) dbsqlite_disconnect(&d->conns[i]);
        else dbpg_disconnect(&d->conns[i]);
    }
    pthread_mutex_destroy(&d->mu);
    pthread_cond_destroy(&d->cv);
    free(d->conns);
    free(d);
}

db_backend db_kind(const db *d) { return d->kind; }

const char *db_kind_name(const db *d) { return d->kind == DB_SQLITE ? "sqlite" : "postgres"; }

db_conn *db_acquire(db *d)
{
    pthread_mutex_lock(&d->mu);
    while (!d->free_list) pthread_cond_wait(&d->cv, &d->mu);
    db_conn *c = d->free_list;
    d->free_list = c->next_free;
    pthread_mutex_unlock(&d->mu);
    return c;
}

void db_release(db_conn *c)
{
    if (!c) return;
    if (c->in_tx) db_rollback(c);
    db *d = c->owner;
    pthread_mutex_lock(&d->mu);
    c->next_free = d->free_list;
    d->free_list = c;
    pthread_cond_signal(&d->cv);
    pthread_mutex_unlock(&d->mu);
}

static int collect(db_param *p, const char *types, va_list ap)
{
    int n = 0;
    for (const char *t = types ? types : ""; *t; t++, n++) {
        assert(n < DB_MAX_PARAMS);
        p[n].type = *t;
        switch (*t) {
        case 'i': p[n].i = va_arg(ap, int64_t); break;
        case 'd': p[n].d = va_arg(ap, double); break;
        case 's':
            p[n].s = va_arg(ap, const char *);
            if (!p[n].s) p[n].type = 'n';
            break;
        case 'n': break;
        default: assert(!"db: unknown parameter type");
        }
    }
    return n;
}

static int run(db_rows **out, int *changes, db_conn *c, arena *a, const char *sql,
               const db_param *p, int np)
{
    return c->kind == DB_SQLITE ? dbsqlite_run(out, changes, c, a, sql, p, np)
                                : dbpg_run(out, changes, c, a, sql, p, np);
}

int db_query(db_rows **out, db_conn *c, arena *a, const char *sql, const char *types, ...)
{
    db_param p[DB_MAX_PARAMS];
    va_list ap;
    va_start(ap, types);
    int np = collect(p, types, ap);
    va_end(ap);
    int changes = 0;
    return run(out, &changes, c, a, sql, p, np);
}

int db_exec(db_conn *c, const char *sql, const char *types, ...)
{
    db_param p[DB_MAX_PARAMS];
    va_list ap;
    va_start(ap, types);
    int np = collect(p, types, ap);
    va_end(ap);
    int changes = 0;
    int rc = run(NULL, &changes, c, NULL, sql, p, np);
    return rc ? rc : changes;
}

int db_exec_script(db_conn *c, const char *sql)
{
    return c->kind == DB_SQLITE ? dbsqlite_script(c, sql) : dbpg_script(c, sql);
}

int db_begin(db_conn *c)
{
    assert(!c->in_tx);
    /* SQLite: take the write lock up front, so two writers never deadlock on an upgrade. */
    int rc = db_exec_script(c, c->kind == DB_SQLITE ? "BEGIN IMMEDIATE" : "BEGIN");
    if (rc == 0) c->in_tx = 1;
    return rc;
}

int db_commit(db_conn *c)
{
    assert(c->in_tx);
    int rc = db_exec_script(c, "COMMIT");
    if (rc) db_exec_script(c, "ROLLBACK");
    c->in_tx = 0;
    return rc;
}

int db_rollback(db_conn *c)
{
    c->in_tx = 0;
    return db_exec_script(c, "ROLLBACK");
}

const char *db_text(const db_rows *r, int row, int col)
{
    assert(row >= 0 && row < r->nrows && col >= 0 && col < r->ncols);
    return r->cells[row * r->ncols + col];
}

int64_t db_int(const db_rows *r, int row, int col)
{
    const char *s = db_text(r, row, col);
    return s ? strtoll(s, NULL, 10) : 0;
}

double db_double(const db_rows *r, int row, int col)
{
    const char *s = db_text(r, row, col);
    return s ? strtod(s, NULL) : 0.0;
}

int db_isnull(const db_rows *r, int row, int col) { return db_text(r, row, col) == NULL; }

int db_col(const db_rows *r, const char *name)
{
    for (int i = 0; i < r->ncols; i++)
        if (strcmp(r->names[i], name) == 0) return i;
    return -1;
}

static const struct {
    const char *macro, *sqlite, *postgres;
} dialect[] = {
    {"{{ID}}", "INTEGER PRIMARY KEY AUTOINCREMENT", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"},
    {"{{BLOB}}", "BLOB", "BYTEA"},
};

char *db_dialect_sql(db_conn *c, arena *a, const char *sql)
{
    const char *cur = sql;
    size_t cap = strlen(sql) * 2 + 64, len = 0;
    char *outp = arena_alloc(a, cap);
    while (*cur) {
        int hit = 0;
        for (size_t i = 0; i < sizeof dialect / sizeof dialect[0]; i++) {
            size_t ml = strlen(dialect[i].macro);
            if (strncmp(cur, dialect[i].macro, ml) != 0) continue;
            const char *rep = c->kind == DB_SQLITE ? dialect[i].sqlite : dialect[i].postgres;
            size_t rl = strlen(rep);
            if (len + rl + 1 >= cap) {
                char *bigger = arena_alloc(a, cap * 2 + rl);
                memcpy(bigger, outp, len);
                outp = bigger;
                cap = cap * 2 + rl;
            }
            memcpy(outp + len, rep, rl);
            len += rl;
            cur += ml;
            hit = 1;
            break;
        }
        if (hit) continue;
        if (len + 2 >= cap) {
            char *bigger = arena_alloc(a, cap * 2);
            memcpy(bigger, outp, len);
            outp = bigger;
            cap *= 2;
        }
        outp[len++] = *cur++;
    }
    outp[len] = 0;
    return outp;
}
