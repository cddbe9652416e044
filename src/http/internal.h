/*
 * internal.h — the server's private state, shared by the files of src/http.
 */
#ifndef HTTP_INTERNAL_H
#define HTTP_INTERNAL_H

#include <microhttpd.h>

#include "base/buf.h"
#include "http/http.h"
#include "http/static.h"

struct http_server {
    struct MHD_Daemon *daemon;
    http_config cfg;
    static_files *files;
};

/* Per-connection request state, from the first call of the access handler to completion. */
typedef struct req_ctx {
    arena a;
    req r;
    buf body;
    const route *rt;
    int path_known;
    int too_large;
    double started_ms;
} req_ctx;

/* respond.c */
int respond_queue(struct MHD_Connection *conn, req *r);
int respond_error(req *r, int code);
void respond_security_headers(struct MHD_Response *resp, int is_api);

#endif
