/*
 * db_pg.c — the PostgreSQL backend (see db.h, db_backend.h), through libpq.
 *
 * Parameters are sent as text with unspecified types, so PostgreSQL infers each from its use
 * (the same SQL runs on SQLite); results come back as text. Numbers are printed with enough
 * digits to round-trip (%.17g). A broken connection is reset once and the statement retried
 * only when no transaction was open (a retry inside a transaction could apply half of it).
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/log.h"
#include "db/db_backend.h"

static void ignore_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

int dbpg_connect(db_conn *c, const char *url)
{
    PGconn *pg = PQconnectdb(url);
    if (PQstatus(pg) != CONNECTION_OK) {
        log_error("postgres: cannot connect: %s", PQerrorMessage(pg));
        PQfinish(pg);
        return E_FAIL;
    }
    PQsetNoticeProcessor(pg, ignore_notice, NULL);
    c->handle = pg;
    return 0;
}

void dbpg_disconnect(db_conn *c)
{
    if (c->handle) PQfinish(c->handle);
    c->handle = NULL;
}

static int map_result(PGresult *res, const char *sql)
{
    const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    if (state && strcmp(state, "23505") == 0) return E_CONFLICT;
    if (state && (strcmp(state, "23503") == 0 || strcmp(state, "23514") == 0 ||
                  strcmp(state, "23502") == 0 || strncmp(state, "22", 2) == 0))
        return E_INVALID;
    log_error("postgres: %s in: %.200s", PQresultErrorMessage(res), sql);
    return E_FAIL;
}

static PGresult *exec_params(db_conn *c, const char *sql, const db_param *p, int np)
{
    char numbuf[32][32];
    const char *vals[32];
    for (int i = 0; i < np && i < 32; i++) {
        switch (p[i].type) {
        case 'i': snprintf(numbuf[i], sizeof numbuf[i], "%lld", (long long)p[i].i); vals[i] = numbuf[i]; break;
        case 'd': snprintf(numbuf[i], sizeof numbuf[i], "%.17g", p[i].d); vals[i] = numbuf[i]; break;
        case 's': vals[i] = p[i].s; break;
        default: vals[i] = NULL; break;
        }
    }
    PGresult *res = PQexecParams(c->handle, sql, np, NULL, vals, NULL, NULL, 0);
    if (PQstatus(c->handle) == CONNECTION_BAD && !c->in_tx) {
        PQclear(res);
        PQreset(c->handle);
        res = PQexecParams(c->handle, sql, np, NULL, vals, NULL, NULL, 0);
    }
    return res;
}

int dbpg_run(db_rows **out, int *changes, db_conn *c, arena *a, const char *sql,
             const db_param *p, int np)
{
    PGresult *res = exec_params(c, sql, p, np);
    ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
        int rc = map_result(res, sql);
        PQclear(res);
        return rc;
    }
    const char *ct = PQcmdTuples(res);
    *changes = ct && *ct ? (int)strtol(ct, NULL, 10) : 0;
    if (out) {
        db_rows *r = arena_alloc(a, sizeof *r);
        r->nrows = PQntuples(res);
        r->ncols = PQnfields(res);
        size_t n = (size_t)r->nrows * (size_t)r->ncols;
        r->cells = arena_alloc_array(a, n ? n : 1, sizeof *r->cells);
        r->names = arena_alloc_array(a, (size_t)r->ncols + 1, sizeof *r->names);
        for (int j = 0; j < r->ncols; j++) r->names[j] = arena_strdup(a, PQfname(res, j));
        for (int i = 0; i < r->nrows; i++)
            for (int j = 0; j < r->ncols; j++)
                r->cells[i * r->ncols + j] =
                    PQgetisnull(res, i, j) ? NULL
                                           : arena_strndup(a, PQgetvalue(res, i, j), (size_t)PQgetlength(res, i, j));
        *out = r;
    }
    PQclear(res);
    return 0;
}

int dbpg_script(db_conn *c, const char *sql)
{
    PGresult *res = PQexec(c->handle, sql);
    ExecStatusType st = PQresultStatus(res);
    int rc = (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) ? 0 : map_result(res, sql);
    PQclear(res);
    return rc;
}
