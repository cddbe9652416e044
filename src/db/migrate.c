/*
 * migrate.c — applies the compiled-in migrations (see migrate.h).
 *
 * On PostgreSQL several app servers may start at once: an advisory lock makes them take turns,
 * and each re-reads what is applied after taking it. On SQLite the write transaction of
 * BEGIN IMMEDIATE serialises them the same way.
 */
#include "db/migrate.h"

#include <stdio.h>

#include "base/err.h"
#include "base/log.h"
#include "db/db.h"

enum { MIGRATE_LOCK = 7441 };

static int applied(db_conn *c, arena *a, const char *name)
{
    db_rows *r;
    if (db_query(&r, c, a, "SELECT 1 FROM schema_migrations WHERE name = $1", "s", name)) return -1;
    return r->nrows > 0;
}

static int apply_one(db_conn *c, const db_migration *m)
{
    arena a = ARENA_INIT;
    int rc = db_begin(c);
    if (rc) goto done;
    int already = applied(c, &a, m->name);
    if (already) {
        rc = already < 0 ? E_FAIL : 1;
        db_rollback(c);
        goto done;
    }
    rc = db_exec_script(c, db_dialect_sql(c, &a, m->sql));
    if (rc == 0) rc = db_exec(c, "INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)", "si",
                              m->name, db_now()) < 0 ? E_FAIL : 0;
    if (rc) {
        log_error("migrate: %s failed; nothing of it was applied", m->name);
        db_rollback(c);
        goto done;
    }
    rc = db_commit(c);
    if (rc == 0) log_info("migrate: applied %s", m->name);
done:
    arena_free(&a);
    return rc;
}

int db_migrate(db *d)
{
    db_conn *c = db_acquire(d);
    int count = 0, rc = db_exec_script(c, "CREATE TABLE IF NOT EXISTS schema_migrations ("
                                          "name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)");
    if (rc) goto done;
    if (db_kind(d) == DB_POSTGRES && db_exec(c, "SELECT pg_advisory_lock($1)", "i", (int64_t)MIGRATE_LOCK) < 0) {
        rc = E_FAIL;
        goto done;
    }
    for (const db_migration *m = db_migrations; m->name; m++) {
        int one = apply_one(c, m);
        if (one < 0) {
            rc = one;
            break;
        }
        if (one == 0) count++;
    }
    if (db_kind(d) == DB_POSTGRES) db_exec(c, "SELECT pg_advisory_unlock($1)", "i", (int64_t)MIGRATE_LOCK);
done:
    db_release(c);
    return rc ? rc : count;
}
