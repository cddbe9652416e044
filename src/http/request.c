/*
 * request.c — what a handler reads from a request (see http.h).
 */
#include <microhttpd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "http/internal.h"

const char *req_header(req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *req_query(req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

typedef struct query_visit {
    void (*fn)(void *ctx, const char *key, const char *value);
    void *ctx;
} query_visit;

static enum MHD_Result visit_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    query_visit *v = cls;
    v->fn(v->ctx, key, value ? value : "");
    return MHD_YES;
}

void req_query_each(req *r, void (*fn)(void *ctx, const char *key, const char *value), void *ctx)
{
    query_visit v = {fn, ctx};
    MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, visit_arg, &v);
}

const char *req_cookie(req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

int req_param_id(int64_t *out, req *r, int i)
{
    if (i >= r->nparams) return E_NOTFOUND;
    char *end;
    long long v = strtoll(r->params[i], &end, 10);
    if (*end || v <= 0) return http_fail(r, E_NOTFOUND, NULL, "no such object: %s", r->params[i]);
    *out = v;
    return 0;
}

db *http_db(req *r) { return ((http_server *)r->server)->cfg.db; }

const http_config *http_cfg(req *r) { return &((http_server *)r->server)->cfg; }

db_conn *req_db(req *r)
{
    if (!r->dbc) r->dbc = db_acquire(http_db(r));
    return r->dbc;
}

int req_is_tls(req *r) { return http_cfg(r)->tls; }

const char *http_session_cookie(req *r)
{
    return req_is_tls(r) ? "__Host-madrasa_session" : "madrasa_session";
}

static void decref(void *j) { json_decref(j); }

int req_json(json_t **out, req *r)
{
    json_error_t e;
    json_t *j = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &e);
    if (!j) return http_fail(r, E_INVALID, NULL, "body: invalid JSON at line %d column %d: %s", e.line, e.column, e.text);
    arena_on_free(r->a, decref, j);
    if (!json_is_object(j)) return http_fail(r, E_INVALID, NULL, "body: a JSON object is expected");
    *out = j;
    return 0;
}

int req_fields(req *r, json_t *body, const char *fmt, ...)
{
    json_error_t e;
    va_list ap;
    va_start(ap, fmt);
    int rc = json_vunpack_ex(body, &e, JSON_STRICT, fmt, ap);
    va_end(ap);
    if (rc == 0) return 0;
    /* jansson names the key in its message ("Object item not found: login"); keep it whole
     * and pull the key out for the field */
    const char *colon = strrchr(e.text, ':');
    const char *field = colon ? colon + 1 : NULL;
    while (field && *field == ' ') field++;
    return http_fail(r, E_INVALID, field && *field ? field : NULL, "body: %s", e.text);
}
