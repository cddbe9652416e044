/*
 * args.c — long options (see args.h).
 */
#include "base/args.h"

#include <stdio.h>
#include <string.h>

#include "base/err.h"

static int name_matches(const char *arg, const char *name, const char **value)
{
    size_t n = strlen(name);
    if (strncmp(arg, name, n) != 0) return 0;
    if (arg[n] == 0) {
        *value = NULL;
        return 1;
    }
    if (arg[n] == '=') {
        *value = arg + n + 1;
        return 1;
    }
    return 0;
}

const char *args_value(int argc, char **argv, const char *name)
{
    for (int i = 1; i < argc; i++) {
        const char *v;
        if (!name_matches(argv[i], name, &v)) continue;
        if (v) return v;
        return i + 1 < argc ? argv[i + 1] : NULL;
    }
    return NULL;
}

int args_flag(int argc, char **argv, const char *name)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], name) == 0) return 1;
    return 0;
}

int args_check(int argc, char **argv, const char *const *allowed)
{
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], "--", 2) != 0) continue;
        int takes_value = 0, known = 0;
        for (const char *const *a = allowed; *a; a++) {
            size_t n = strlen(*a);
            int has_eq = n > 0 && (*a)[n - 1] == '=';
            size_t base = has_eq ? n - 1 : n;
            if (strncmp(argv[i], *a, base) == 0 && (argv[i][base] == 0 || argv[i][base] == '=')) {
                known = 1;
                takes_value = has_eq && argv[i][base] == 0;
                break;
            }
        }
        if (!known) {
            fprintf(stderr, "unknown option %s\n", argv[i]);
            return E_INVALID;
        }
        if (takes_value) i++;
    }
    return 0;
}
