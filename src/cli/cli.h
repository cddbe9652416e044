/*
 * cli.h — the administration subcommands of `madrasa` (serve, migrate, user, demo).
 *
 * Each takes the process's arguments after the command name and returns an exit code:
 * 0 success, 1 failure, 2 bad usage. Messages go to standard error and name what is wrong.
 */
#ifndef CLI_CLI_H
#define CLI_CLI_H

#include "db/db.h"

int cli_serve(int argc, char **argv);
int cli_migrate(int argc, char **argv);
int cli_user(int argc, char **argv);
int cli_demo(int argc, char **argv);

/* cli_open_db opens --db (default sqlite:madrasa.db) and migrates it; NULL on failure. */
db *cli_open_db(int argc, char **argv, int pool);

#endif
