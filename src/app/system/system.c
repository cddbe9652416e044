/*
 * system.c — GET /api/health: the load balancer's and the operator's question "is this app
 * server able to answer?". It answers 200 only when the database answers a query too.
 */
#include "app/system/system.h"

#include "base/err.h"

static int health(req *r)
{
    db_rows *rows;
    int rc = db_query(&rows, req_db(r), r->a, "SELECT count(*) FROM schema_migrations", "");
    if (rc) return http_fail(r, E_FAIL, NULL, "the database does not answer");
    return http_json(r, 200, json_pack("{s:s, s:s, s:s, s:I}", "status", "ok", "version", http_cfg(r)->version, "db",
                                       db_kind_name(http_db(r)), "migrations", (json_int_t)db_int(rows, 0, 0)));
}

static const route routes[] = {
    {"GET", "/api/health", health, ALLOW_PUBLIC, 0},
};

const route_table system_routes = ROUTE_TABLE(routes);
