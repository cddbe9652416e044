/*
 * observatory.h — indicators of how the education system evolves: the platform's own figures
 * (computed on request from src/app/learn, per month and per territory of src/app/schools) and
 * official statistics imported as CSV (migration 0040, table observatory_*).
 *
 * Who sees what (checked per territory, in observatory.c): an admin and the council's members
 * and secretariat every territory; a school's director their school and its province, region and
 * the nation; teachers and learners nothing. Only counts and shares leave the module, never a
 * name, and every figure about fewer than OBS_MIN_LEARNERS learners is suppressed (obs.h).
 * docs/observatory.md defines each indicator.
 */
#ifndef APP_OBSERVATORY_OBSERVATORY_H
#define APP_OBSERVATORY_OBSERVATORY_H

#include "db/db.h"
#include "http/http.h"

extern const route_table observatory_routes;

/* observatory_demo loads a small illustrative set of "official-style" yearly figures for the
 * demo territories (the nation, RSK, RSK-SALE) through the import's own checks, each row's source
 * reading "illustrative demo values, not official figures". Idempotent (values are replaced). */
int observatory_demo(db_conn *c);

#endif
