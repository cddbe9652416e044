/*
 * app.h — the application as a whole: its modules' route tables and its demo data.
 *
 * Adding a module to the product is adding its route table to app_routes (app.c) and, if it
 * ships demo data, a call in app_demo. Nothing else in the server needs to change.
 */
#ifndef APP_APP_H
#define APP_APP_H

#include <stddef.h>

#include "db/db.h"
#include "http/http.h"

extern const route_table *const app_routes[];
extern const size_t app_nroutes;

/* app_demo loads the demo school, accounts and each module's demo content (idempotent). */
int app_demo(db *d);

/* The demo accounts' password, printed by `madrasa demo` and in the README. */
#define APP_DEMO_PASSWORD "madrasa-demo"

#endif
