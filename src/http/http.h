/*
 * http.h — the server adapter: requests, responses, the route table and the server itself.
 *
 * libmicrohttpd does the sockets, parsing and threads; this layer turns each request into a
 * `req` that handlers in src/app read and answer, and it owns everything that must be the same
 * for every route: the body and header limits, JSON parsing in strict mode, the session and CSRF
 * checks, the mapping of result codes to HTTP statuses (in http_respond.c, the one table), the
 * security headers, the access log and the static files.
 *
 * A request owns an arena (r->a): everything a handler allocates for the request lives there
 * and is freed when the response has been queued. A handler returns 0 after setting a response
 * (http_json, http_status…) or a negative result code, with http_fail() adding the field and
 * message that the client will see.
 *
 * Routes are declared by each app module as a static const table of `route`s. Every route
 * names who may call it; a route whose `allow` is 0 makes the server refuse to start (deny by
 * default). Object-level checks (this teacher, this class) are the handler's job.
 */
#ifndef HTTP_HTTP_H
#define HTTP_HTTP_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "db/db.h"

/* Roles, as a bit set for route permissions. */
enum {
    ROLE_LEARNER = 1 << 0,
    ROLE_TEACHER = 1 << 1,
    ROLE_SCHOOL_ADMIN = 1 << 2,
    ROLE_COUNCIL_MEMBER = 1 << 3,
    ROLE_COUNCIL_SECRETARIAT = 1 << 4,
    ROLE_ADMIN = 1 << 5,
    ROLE_ANY_USER = (1 << 6) - 1,
    ALLOW_PUBLIC = 1 << 6 /* no session needed */
};

/* role_bit maps "teacher" to ROLE_TEACHER, an unknown name to 0; role_name the reverse. */
int role_bit(const char *name);
const char *role_name(int bit);

/* The signed-in user, as the authenticator found them. */
typedef struct http_user {
    int64_t id;
    const char *login, *name, *lang;
    int role; /* one ROLE_ bit */
    int64_t school_id;
    const char *csrf;
} http_user;

typedef struct req req;

typedef int (*http_handler)(req *r);

typedef struct route {
    const char *method;  /* "GET", "POST", … */
    const char *pattern; /* "/api/classes/{id}/mastery": {name} matches one segment */
    http_handler handler;
    int allow; /* ROLE_ bits, or ALLOW_PUBLIC; 0 is refused at start-up */
    int flags; /* ROUTE_IMPORT: the larger body cap of imports */
} route;

enum { ROUTE_IMPORT = 1 };

typedef struct route_table {
    const route *routes;
    size_t n;
} route_table;

#define ROUTE_TABLE(arr) {(arr), sizeof(arr) / sizeof((arr)[0])}

enum { HTTP_MAX_PARAMS = 6, HTTP_MAX_HEADERS = 8 };

struct req {
    arena *a;
    const char *method, *path;
    const char *body;
    size_t body_len;
    const char *client_ip;
    const char *params[HTTP_MAX_PARAMS]; /* path parameters in pattern order */
    int nparams;
    const http_user *user; /* NULL when not signed in */
    const char *session_token;
    void *server; /* the http_server, for the db and the config */
    void *conn;   /* the MHD connection, for headers and arguments */
    db_conn *dbc; /* acquired on first use by req_db */
    /* the response */
    int status;
    char *resp_body;
    size_t resp_len;
    const char *resp_type;
    const char *resp_headers[HTTP_MAX_HEADERS][2];
    int nresp_headers;
    const char *err_field, *err_msg;
    long err_line;
    json_t *err_detail; /* extra members of the error object (http_fail_detail), or NULL */
};

/* Request accessors (borrowed strings, valid for the request). */
const char *req_header(req *r, const char *name);
const char *req_query(req *r, const char *name);
const char *req_cookie(req *r, const char *name);
/* req_query_each calls fn for every query argument in order, repeats included (protocols such
 * as OAI-PMH must reject repeated or unknown arguments); value is "" for a bare key. */
void req_query_each(req *r, void (*fn)(void *ctx, const char *key, const char *value), void *ctx);
/* req_param_id parses path parameter i as a positive integer id (E_NOTFOUND when it is not). */
int req_param_id(int64_t *out, req *r, int i);
/* req_db: the request's database connection, acquired once and released with the request. */
db_conn *req_db(req *r);
/* req_json parses the body as a JSON object in strict mode (duplicates rejected); a bad body
 * is E_INVALID with the parser's position in the message. The result belongs to the request. */
int req_json(json_t **out, req *r);
/* req_fields unpacks the body object with jansson's format, strictly: an unknown key, a
 * missing key or a wrong type is E_INVALID naming the field. */
int req_fields(req *r, json_t *body, const char *fmt, ...);
/* req_is_tls: the server was told it sits behind HTTPS (--tls). */
int req_is_tls(req *r);

/* Responses. http_json takes ownership of `j` (decrefs it). */
int http_json(req *r, int status, json_t *j);
int http_status(req *r, int status); /* empty body */
int http_text(req *r, int status, const char *type, const char *body, size_t len);
void http_header(req *r, const char *name, const char *value);
/* http_fail records what the client is told about a failure and returns `code` unchanged. */
int http_fail(req *r, int code, const char *field, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* http_fail_line: as http_fail for an import, naming the line. */
int http_fail_line(req *r, int code, long line, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* http_fail_detail: one more member of the error object the client is told, e.g. an import's
 * structured "problems" beside its message; takes `value` (freed with the request). */
void http_fail_detail(req *r, const char *key, json_t *value);

/* The authenticator the server calls for each request carrying a session cookie; it fills
 * *out (from the arena) or returns E_UNAUTH. Provided by src/app/accounts, so this layer
 * never reaches up into the application. */
typedef int (*http_authenticate)(http_user **out, req *r, const char *token);

typedef struct http_config {
    const char *listen_addr; /* "127.0.0.1" */
    int port;
    int threads;
    const char *ui_dir;      /* static files */
    const char *font_dir;    /* Noto fonts */
    int tls;                 /* behind an HTTPS proxy: Secure cookies, __Host- prefix */
    int dev;                 /* read UI files from disk on every request (development) */
    size_t max_body;         /* default body cap */
    size_t max_import_body;  /* cap for import routes (text/csv, XML, PDF uploads) */
    int timeout_seconds;
    int max_conn_per_ip;     /* 0: no per-address cap (behind a load balancer every client shares one) */
    http_authenticate authenticate;
    const route_table *const *tables;
    size_t ntables;
    db *db;
    const char *version;
} http_config;

#define HTTP_CONFIG_INIT                                                                                  \
    {.listen_addr = "127.0.0.1", .port = 8080, .threads = 8, .ui_dir = "ui",                              \
     .font_dir = "/usr/share/fonts/truetype/noto", .max_body = 1 << 20, .max_import_body = 4 << 20,      \
     .timeout_seconds = 30, .version = "dev"}

typedef struct http_server http_server;

/* http_start validates the route tables (every route has an `allow`), loads the static files
 * and starts listening. */
int http_start(http_server **out, const http_config *cfg);
void http_stop(http_server *s);
/* http_db: the server's database pool (for handlers that need their own connection). */
db *http_db(req *r);
const http_config *http_cfg(req *r);

/* Session cookie name for this server (depends on TLS). */
const char *http_session_cookie(req *r);

#endif
