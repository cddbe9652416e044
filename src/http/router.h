/*
 * router.h — route lookup and start-up validation (private to src/http).
 */
#ifndef HTTP_ROUTER_H
#define HTTP_ROUTER_H

#include "http/http.h"

/* router_find returns the route for r->method and r->path and fills r->params, or NULL;
 * *path_known says whether the path matched some route under another method (405). */
const route *router_find(const http_config *cfg, req *r, int *path_known);
/* router_validate: -1 and the offending pattern when a route has no permission or no handler. */
int router_validate(const http_config *cfg, const char **bad);

#endif
