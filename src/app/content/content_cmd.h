/*
 * content_cmd.h — the `madrasa content …` subcommands.
 */
#ifndef APP_CONTENT_CONTENT_CMD_H
#define APP_CONTENT_CONTENT_CMD_H

/* content_validate_cmd runs `madrasa content validate [PATH…]` with argv[0] == "content":
 * loads every content file given (a directory means its *.json files; default content/),
 * links them as one bank, prints per file its skills and templates counts, and returns 0 when
 * everything is valid, 1 when anything is not (the errors go to stderr), 2 on a usage error. */
int content_validate_cmd(int argc, char **argv);

#endif
