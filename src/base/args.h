/*
 * args.h — the command line's `--name value` options, read where they are needed.
 *
 * Subcommands take long options only. args_value finds `--name value` or `--name=value`;
 * args_flag finds a bare `--name`. args_check rejects any option not in the allowed list, so
 * a typo is an error that names the option instead of a silently ignored flag.
 */
#ifndef BASE_ARGS_H
#define BASE_ARGS_H

/* args_value: the option's value (borrowed from argv) or NULL when absent. */
const char *args_value(int argc, char **argv, const char *name);
int args_flag(int argc, char **argv, const char *name);
/* args_check: 0 when every `--x` in argv is listed in `allowed` (NULL-terminated); otherwise
 * prints "unknown option --x" to stderr and returns E_INVALID. Options listed with a trailing
 * '=' take a value ("--db="), the others are flags. */
int args_check(int argc, char **argv, const char *const *allowed);

#endif
