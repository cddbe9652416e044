/*
 * system.h — the server's own routes: health.
 */
#ifndef APP_SYSTEM_H
#define APP_SYSTEM_H

#include "http/http.h"

extern const route_table system_routes;

#endif
