/*
 * respond.c — turning a handler's result into an HTTP response.
 *
 * The one table that maps result codes to statuses lives here. Every response carries the
 * security headers; API responses are never cached. Error bodies have one shape:
 * {"error":{"code","message","field"?,"line"?}}.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "http/internal.h"

static const struct {
    int code, status;
    const char *name;
} statuses[] = {
    {E_INVALID, 400, "invalid"},     {E_UNAUTH, 401, "unauthenticated"},
    {E_FORBIDDEN, 403, "forbidden"}, {E_NOTFOUND, 404, "not_found"},
    {E_CONFLICT, 409, "conflict"},   {E_LIMIT, 413, "too_large"},
    {E_RATE, 429, "rate_limited"},   {E_FAIL, 500, "internal"},
};

void respond_security_headers(struct MHD_Response *resp, int is_api)
{
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                            "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
                            "form-action 'self'; frame-ancestors 'none'");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
    MHD_add_response_header(resp, "Permissions-Policy", "camera=(self), microphone=(), geolocation=()");
    MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
    if (is_api) MHD_add_response_header(resp, "Cache-Control", "no-store");
}

int respond_error(req *r, int code)
{
    size_t i = 0;
    while (i + 1 < sizeof statuses / sizeof statuses[0] && statuses[i].code != code) i++;
    json_t *err = json_pack("{s:s, s:s}", "code", statuses[i].name, "message",
                            r->err_msg ? r->err_msg : err_name(code));
    if (r->err_field) json_object_set_new(err, "field", json_string(r->err_field));
    if (r->err_line > 0) json_object_set_new(err, "line", json_integer(r->err_line));
    if (r->err_detail) json_object_update(err, r->err_detail);
    if (code == E_RATE) http_header(r, "Retry-After", "60");
    int status = r->status >= 400 ? r->status : statuses[i].status;
    return http_json(r, status, json_pack("{s:o}", "error", err));
}

int respond_queue(struct MHD_Connection *conn, req *r)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(
        r->resp_len, r->resp_body ? r->resp_body : (void *)"", MHD_RESPMEM_MUST_COPY);
    if (r->resp_type) MHD_add_response_header(resp, "Content-Type", r->resp_type);
    for (int i = 0; i < r->nresp_headers; i++)
        MHD_add_response_header(resp, r->resp_headers[i][0], r->resp_headers[i][1]);
    respond_security_headers(resp, 1);
    int ok = MHD_queue_response(conn, (unsigned)(r->status ? r->status : 500), resp);
    MHD_destroy_response(resp);
    return ok == MHD_YES ? 0 : E_FAIL;
}

int http_json(req *r, int status, json_t *j)
{
    /* 15 significant digits: 87.7 is written "87.7", not jansson's default "87.700000000000003" */
    char *s = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(15));
    json_decref(j);
    if (!s) return E_FAIL;
    r->resp_body = arena_strdup(r->a, s);
    r->resp_len = strlen(s);
    free(s);
    r->resp_type = "application/json; charset=utf-8";
    r->status = status;
    return 0;
}

int http_status(req *r, int status)
{
    r->status = status;
    r->resp_body = NULL;
    r->resp_len = 0;
    return 0;
}

int http_text(req *r, int status, const char *type, const char *body, size_t len)
{
    r->resp_body = arena_strndup(r->a, body, len);
    r->resp_len = len;
    r->resp_type = type;
    r->status = status;
    return 0;
}

void http_header(req *r, const char *name, const char *value)
{
    if (r->nresp_headers == HTTP_MAX_HEADERS) return;
    r->resp_headers[r->nresp_headers][0] = name;
    r->resp_headers[r->nresp_headers][1] = arena_strdup(r->a, value);
    r->nresp_headers++;
}

int http_fail(req *r, int code, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    r->err_msg = arena_vprintf(r->a, fmt, ap);
    va_end(ap);
    r->err_field = field ? arena_strdup(r->a, field) : NULL;
    return code;
}

static void detail_free(void *j) { json_decref(j); }

void http_fail_detail(req *r, const char *key, json_t *value)
{
    if (!r->err_detail) {
        r->err_detail = json_object();
        arena_on_free(r->a, detail_free, r->err_detail);
    }
    json_object_set_new(r->err_detail, key, value);
}

int http_fail_line(req *r, int code, long line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    r->err_msg = arena_vprintf(r->a, fmt, ap);
    va_end(ap);
    r->err_line = line;
    return code;
}
