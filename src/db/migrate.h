/*
 * migrate.h — the schema's history, applied in order by `madrasa migrate` and at start-up.
 *
 * Each migration is a file src/db/migrations/NNNN_name.sql, compiled into the binary
 * (scripts/embed-migrations.sh). Migrations are written once, in the SQL both backends accept
 * (see db.h for the dialect rules), and never edited after they ship: a change is a new file.
 * The table schema_migrations records what has been applied; each migration runs in its own
 * transaction, so a failing one leaves the database as it was.
 */
#ifndef DB_MIGRATE_H
#define DB_MIGRATE_H

typedef struct db_migration {
    const char *name; /* "0001_accounts" */
    const char *sql;
} db_migration;

/* The list, terminated by {NULL, NULL}; generated at build time. */
extern const db_migration db_migrations[];

#endif
