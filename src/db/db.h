/*
 * db.h — one interface to the database, SQLite or PostgreSQL.
 *
 * A `db` is a pool of connections opened from a URL: `sqlite:PATH` or `postgres://…` (any libpq
 * connection URI). Code takes a connection with db_acquire(), runs statements on it, and gives
 * it back with db_release(); a request holds at most one connection, so a transaction is simply
 * "begin, statements, commit" on that connection.
 *
 * SQL is written once, with $1, $2… parameters, in the dialect both backends share:
 *   - timestamps are integers (Unix seconds, set by the application, never by the database);
 *   - booleans are integers 0/1; floating point is DOUBLE PRECISION; text is TEXT;
 *   - identity columns are written `{{ID}}` in migrations (the one place the dialects differ,
 *     expanded by db_dialect_sql), and new ids come back through `RETURNING id`;
 *   - upserts use `ON CONFLICT (…) DO UPDATE SET … = excluded.…` / `DO NOTHING`;
 *   - case-insensitive search is `lower(x) LIKE lower($1)`.
 * The SQLite backend binds parameters by name ("$2"), never by position: SQLite numbers named
 * parameters in order of first appearance, which is not the number written.
 *
 * Parameters are passed as a type string and values: 'i' int64_t, 'd' double, 's' const char *
 * (NULL binds SQL NULL), 'n' (no value: binds SQL NULL). Results are copied into the caller's
 * arena as text (NULL for SQL NULL) and read with the typed accessors, so a result outlives the
 * statement and the connection.
 *
 * Errors: a unique-key violation is E_CONFLICT, a foreign-key or check violation E_INVALID,
 * anything else E_FAIL (and the backend's message is logged once, here).
 */
#ifndef DB_DB_H
#define DB_DB_H

#include <stdint.h>

#include "base/arena.h"

typedef struct db db;
typedef struct db_conn db_conn;

typedef struct db_rows {
    int nrows, ncols;
    char **cells; /* nrows * ncols; NULL for SQL NULL */
    char **names; /* ncols column names */
} db_rows;

typedef enum { DB_SQLITE, DB_POSTGRES } db_backend;

/* db_open opens a pool of `size` connections (size >= 1). */
int db_open(db **out, const char *url, int size);
void db_close(db *d);
db_backend db_kind(const db *d);
const char *db_kind_name(const db *d);

/* db_acquire blocks until a connection is free; the caller must db_release it. A connection
 * released inside an open transaction is rolled back first. */
db_conn *db_acquire(db *d);
void db_release(db_conn *c);

/* db_query runs one statement and returns its rows (in the arena). */
int db_query(db_rows **out, db_conn *c, arena *a, const char *sql, const char *types, ...);
/* db_exec runs one statement; returns the number of changed rows (>= 0) or an error code. */
int db_exec(db_conn *c, const char *sql, const char *types, ...);
/* db_exec_script runs several statements separated by ';' with no parameters (migrations). */
int db_exec_script(db_conn *c, const char *sql);

int db_begin(db_conn *c);
int db_commit(db_conn *c);
int db_rollback(db_conn *c);

/* Accessors. Out-of-range row/col is a programming error (asserts). */
const char *db_text(const db_rows *r, int row, int col);
int64_t db_int(const db_rows *r, int row, int col);
double db_double(const db_rows *r, int row, int col);
int db_isnull(const db_rows *r, int row, int col);
/* db_col finds a column by name, or -1. */
int db_col(const db_rows *r, const char *name);

/* db_dialect_sql expands the migration macros ({{ID}}) for the connection's backend. */
char *db_dialect_sql(db_conn *c, arena *a, const char *sql);

/* db_migrate applies every migration not yet applied (see migrate.h); returns how many ran. */
int db_migrate(db *d);

/* db_now: Unix seconds; the one clock the application uses for stored timestamps. */
int64_t db_now(void);

#endif
