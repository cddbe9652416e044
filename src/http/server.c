/*
 * server.c — libmicrohttpd glue and the request pipeline (see http.h).
 *
 * For each request MHD calls the access handler several times: first with the headers (we
 * match the route and check the declared length against the cap), then with body chunks (we
 * collect them, or count them away once past the cap), then once more with no data: that is
 * when the request is dispatched. The pipeline, in order: static file or route; session;
 * permission; CSRF and Origin for state-changing methods; strict body limits; the handler;
 * the response with security headers. The completion callback logs one access line, releases
 * the database connection and frees the request's arena.
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/err.h"
#include "base/log.h"
#include "http/internal.h"
#include "http/router.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int is_state_changing(const char *m)
{
    return strcmp(m, "POST") == 0 || strcmp(m, "PUT") == 0 || strcmp(m, "PATCH") == 0 ||
           strcmp(m, "DELETE") == 0;
}

static const char *client_ip(struct MHD_Connection *conn, arena *a)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    char ip[INET6_ADDRSTRLEN] = "?";
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, ip, sizeof ip);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, ip, sizeof ip);
    }
    return arena_strdup(a, ip);
}

/* Origin must name this host when present (browsers send it on every cross-site POST). */
static int origin_ok(req *r)
{
    const char *origin = req_header(r, "Origin");
    const char *host = req_header(r, "Host");
    if (!origin || strcmp(origin, "null") == 0) return origin == NULL;
    const char *sep = strstr(origin, "://");
    return host && sep && strcmp(sep + 3, host) == 0;
}

static int queue_file(req *r, struct MHD_Connection *conn, const static_file *f, enum MHD_ResponseMemoryMode mode)
{
    const char *inm = req_header(r, "If-None-Match");
    const char *ae = req_header(r, "Accept-Encoding");
    int gz = f->gz && ae && strstr(ae, "gzip");
    int not_modified = inm && strcmp(inm, f->etag) == 0;
    struct MHD_Response *resp =
        not_modified ? MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT)
                     : MHD_create_response_from_buffer(gz ? f->gzlen : f->len, gz ? f->gz : f->data, mode);
    MHD_add_response_header(resp, "Content-Type", f->type);
    MHD_add_response_header(resp, "ETag", f->etag);
    MHD_add_response_header(resp, "Vary", "Accept-Encoding");
    /* Unhashed file names: a short freshness window, then a cheap revalidation by ETag. */
    MHD_add_response_header(resp, "Cache-Control",
                            strncmp(f->path, "/fonts/", 7) == 0 ? "public, max-age=604800" : "public, max-age=300");
    if (gz) MHD_add_response_header(resp, "Content-Encoding", "gzip");
    respond_security_headers(resp, 0);
    r->status = not_modified ? 304 : 200;
    int ok = MHD_queue_response(conn, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ok == MHD_YES ? 0 : E_FAIL;
}

static int serve_static(http_server *s, req *r, struct MHD_Connection *conn)
{
    static_file fresh;
    if (s->cfg.dev && strncmp(r->path, "/fonts/", 7) != 0 && static_read_fresh(&fresh, s->cfg.ui_dir, r->path) == 0) {
        int rc = queue_file(r, conn, &fresh, MHD_RESPMEM_MUST_COPY);
        static_file_clear(&fresh);
        return rc;
    }
    const static_file *f = static_find(s->files, r->path);
    if (!f) return http_fail(r, E_NOTFOUND, NULL, "no such page: %s", r->path);
    return queue_file(r, conn, f, MHD_RESPMEM_PERSISTENT);
}

static int authorise(http_server *s, req *r, const route *rt)
{
    const char *token = req_cookie(r, http_session_cookie(r));
    if (token && *token && s->cfg.authenticate) {
        http_user *u = NULL;
        if (s->cfg.authenticate(&u, r, token) == 0) {
            r->user = u;
            r->session_token = token;
        }
    }
    if (rt->allow & ALLOW_PUBLIC) return 0;
    if (!r->user) return http_fail(r, E_UNAUTH, NULL, "sign in first");
    if (!(rt->allow & r->user->role)) return http_fail(r, E_FORBIDDEN, NULL, "your role may not do this");
    return 0;
}

static int check_csrf(req *r)
{
    if (!is_state_changing(r->method)) return 0;
    if (!origin_ok(r)) return http_fail(r, E_FORBIDDEN, NULL, "cross-site request refused (Origin)");
    if (!r->user) return 0;
    const char *tok = req_header(r, "X-CSRF-Token");
    size_t n = strlen(r->user->csrf);
    if (!tok || strlen(tok) != n || sodium_memcmp(tok, r->user->csrf, n) != 0)
        return http_fail(r, E_FORBIDDEN, "X-CSRF-Token", "missing or wrong CSRF token");
    return 0;
}

static int dispatch(http_server *s, req_ctx *x, struct MHD_Connection *conn)
{
    req *r = &x->r;
    if (!x->rt) {
        if (x->path_known) {
            http_fail(r, E_INVALID, NULL, "method %s not allowed here", r->method);
            r->status = 405;
            return respond_queue(conn, r);
        }
        if (strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0) {
            int rc = serve_static(s, r, conn);
            if (rc == 0) return 0;
            respond_error(r, rc);
            return respond_queue(conn, r);
        }
        respond_error(r, http_fail(r, E_NOTFOUND, NULL, "no such route"));
        return respond_queue(conn, r);
    }
    int rc = x->too_large ? http_fail(r, E_LIMIT, NULL, "request body too large") : 0;
    if (rc == 0) rc = authorise(s, r, x->rt);
    if (rc == 0) rc = check_csrf(r);
    if (rc == 0) {
        r->body = x->body.data ? x->body.data : "";
        r->body_len = x->body.len;
        rc = x->rt->handler(r);
        if (rc == 0 && r->status == 0) rc = http_fail(r, E_FAIL, NULL, "no response");
    }
    if (rc) respond_error(r, rc);
    return respond_queue(conn, r);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
    (void)version;
    http_server *s = cls;
    req_ctx *x = *con_cls;
    if (!x) {
        x = xcalloc(1, sizeof *x);
        *con_cls = x;
        x->started_ms = now_ms();
        req *r = &x->r;
        r->a = &x->a;
        r->method = arena_strdup(r->a, method);
        r->path = arena_strdup(r->a, url);
        r->server = s;
        r->conn = conn;
        r->client_ip = client_ip(conn, r->a);
        x->rt = router_find(&s->cfg, r, &x->path_known);
        size_t cap = x->rt && (x->rt->flags & ROUTE_IMPORT) ? s->cfg.max_import_body : s->cfg.max_body;
        x->body = (buf)BUF_INIT(cap);
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
        if (cl && strtoull(cl, NULL, 10) > cap) x->too_large = 1;
        return MHD_YES;
    }
    if (*upload_size) {
        if (!x->too_large) {
            buf_append(&x->body, upload, *upload_size);
            if (x->body.err) x->too_large = 1;
        }
        *upload_size = 0;
        return MHD_YES;
    }
    return dispatch(s, x, conn) == 0 ? MHD_YES : MHD_NO;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)conn;
    req_ctx *x = *con_cls;
    if (!x) return;
    req *r = &x->r;
    log_info("%s %s %d %.1fms %s%s%s", r->method, r->path, r->status ? r->status : 499,
             now_ms() - x->started_ms, r->client_ip, r->user ? " user=" : "",
             r->user ? r->user->login : "");
    (void)toe;
    if (r->dbc) db_release(r->dbc);
    buf_free(&x->body);
    arena_free(&x->a);
    free(x);
    *con_cls = NULL;
}

int http_start(http_server **out, const http_config *cfg)
{
    *out = NULL;
    const char *bad = NULL;
    if (router_validate(cfg, &bad)) {
        log_error("http: route %s declares no permission or handler; refusing to start", bad);
        return E_INVALID;
    }
    http_server *s = xcalloc(1, sizeof *s);
    s->cfg = *cfg;
    int rc = static_load(&s->files, cfg->ui_dir, cfg->font_dir);
    if (rc) {
        free(s);
        return rc;
    }
    struct sockaddr_in sa = {0};
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)cfg->port);
    if (inet_pton(AF_INET, cfg->listen_addr, &sa.sin_addr) != 1) {
        log_error("http: bad listen address %s", cfg->listen_addr);
        static_free(s->files);
        free(s);
        return E_INVALID;
    }
    s->daemon = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG, 0, NULL, NULL,
        on_request, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(cfg->threads < 2 ? 2 : cfg->threads),
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->timeout_seconds,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024), MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)4000, MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)cfg->max_conn_per_ip,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_END);
    if (!s->daemon) {
        log_error("http: cannot listen on %s:%d", cfg->listen_addr, cfg->port);
        static_free(s->files);
        free(s);
        return E_FAIL;
    }
    *out = s;
    return 0;
}

void http_stop(http_server *s)
{
    if (!s) return;
    MHD_stop_daemon(s->daemon);
    static_free(s->files);
    free(s);
}
