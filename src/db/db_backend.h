/*
 * db_backend.h — what db.c needs from each backend (db_sqlite.c, db_pg.c). Private to src/db.
 *
 * A backend opens one connection, runs one statement with already-collected parameters, and
 * runs a parameterless script. db.c owns the pool, the parameter collection from varargs and
 * the result accessors.
 */
#ifndef DB_DB_BACKEND_H
#define DB_DB_BACKEND_H

#include <stdint.h>

#include "db/db.h"

typedef struct db_param {
    char type; /* 'i', 'd', 's', 'n' */
    int64_t i;
    double d;
    const char *s;
} db_param;

struct db_conn {
    db *owner;
    db_backend kind;
    void *handle; /* sqlite3 * or PGconn * */
    int in_tx;
    db_conn *next_free;
};

int dbsqlite_connect(db_conn *c, const char *path);
void dbsqlite_disconnect(db_conn *c);
int dbsqlite_run(db_rows **out, int *changes, db_conn *c, arena *a, const char *sql,
                 const db_param *p, int np);
int dbsqlite_script(db_conn *c, const char *sql);

int dbpg_connect(db_conn *c, const char *url);
void dbpg_disconnect(db_conn *c);
int dbpg_run(db_rows **out, int *changes, db_conn *c, arena *a, const char *sql,
             const db_param *p, int np);
int dbpg_script(db_conn *c, const char *sql);

#endif
