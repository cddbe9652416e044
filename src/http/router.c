/*
 * router.c — matching a method and path against the route tables, and the role names.
 *
 * Patterns are literal segments and `{name}` placeholders; a placeholder matches one non-empty
 * segment, whose text becomes the next r->params entry. Tables are few and short, so a linear
 * scan is both the simplest and, measured against the rest of a request, free.
 */
#include "http/router.h"

#include <string.h>

static const char *const role_names[] = {"learner", "teacher", "school_admin", "council_member",
                                         "council_secretariat", "admin"};

int role_bit(const char *name)
{
    for (size_t i = 0; name && i < sizeof role_names / sizeof role_names[0]; i++)
        if (strcmp(name, role_names[i]) == 0) return 1 << i;
    return 0;
}

const char *role_name(int bit)
{
    for (size_t i = 0; i < sizeof role_names / sizeof role_names[0]; i++)
        if (bit == 1 << i) return role_names[i];
    return "";
}

/* match one pattern; fills params (pointers into a copy in the arena) */
static int match(const char *pattern, const char *path, req *r)
{
    const char *p = pattern, *s = path;
    int np = 0;
    while (*p && *s) {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            const char *end = strchr(s, '/');
            size_t len = end ? (size_t)(end - s) : strlen(s);
            if (!close || len == 0 || np == HTTP_MAX_PARAMS) return 0;
            r->params[np++] = arena_strndup(r->a, s, len);
            p = close + 1;
            s += len;
            continue;
        }
        if (*p != *s) return 0;
        p++;
        s++;
    }
    if (*p || *s) return 0;
    r->nparams = np;
    return 1;
}

const route *router_find(const http_config *cfg, req *r, int *path_known)
{
    *path_known = 0;
    for (size_t t = 0; t < cfg->ntables; t++)
        for (size_t i = 0; i < cfg->tables[t]->n; i++) {
            const route *rt = &cfg->tables[t]->routes[i];
            if (!match(rt->pattern, r->path, r)) continue;
            *path_known = 1;
            if (strcmp(rt->method, r->method) == 0 ||
                (strcmp(r->method, "HEAD") == 0 && strcmp(rt->method, "GET") == 0))
                return rt;
        }
    r->nparams = 0;
    return NULL;
}

int router_validate(const http_config *cfg, const char **bad)
{
    for (size_t t = 0; t < cfg->ntables; t++)
        for (size_t i = 0; i < cfg->tables[t]->n; i++) {
            const route *rt = &cfg->tables[t]->routes[i];
            if (rt->allow == 0 || !rt->handler || !rt->method || !rt->pattern || rt->pattern[0] != '/') {
                *bad = rt->pattern ? rt->pattern : "(null)";
                return -1;
            }
        }
    return 0;
}
