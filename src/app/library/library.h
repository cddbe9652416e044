/*
 * library.h — the research exchange: deposits with Dublin Core metadata, editorial review,
 * immutable published versions with checked files, full-text search, and OAI-PMH (oai.h).
 *
 * Owns the tables library_records, library_versions, library_files and library_reviews
 * (migration 0020). A record is a stable identity ("lib-12"); its versions ("lib-12v1", "lib-12v2")
 * carry the metadata and the files. A version moves draft → submitted → in_review → published
 * or rejected (a rejected version may be edited, which makes it a draft again). A published
 * version is never changed: its metadata and files are frozen, and a change is a new version,
 * a draft copied from the latest published one. Every file is stored with its SHA-256, checked
 * again on every download: a file whose bytes no longer match is refused, never served.
 *
 * Who sees what (one rule, library_can_see): editors (the council secretariat and admins) and
 * the depositor see every version of their records; anyone else sees published versions whose
 * access is "public" (or "registered" when signed in). An embargo keeps the files closed until
 * its date (the metadata stays visible in the catalogue); OAI-PMH exposes only published,
 * public, non-embargoed records.
 */
#ifndef APP_LIBRARY_H
#define APP_LIBRARY_H

#include <stdint.h>

#include "db/db.h"
#include "http/http.h"

extern const route_table library_routes;
extern const route_table oai_routes;

/* Caps on deposits, checked before anything is decoded or stored. */
enum { LIBRARY_MAX_FILE = 3 << 20, LIBRARY_MAX_FILES = 20, LIBRARY_PAGE = 20 };

/* library_year_of parses a Dublin Core date "YYYY", "YYYY-MM" or "YYYY-MM-DD" (checked month
 * and day) into its year; E_INVALID otherwise. Pure. */
int library_year_of(int *year, const char *date);

/* library_demo deposits and publishes two demo reports, one in Arabic and one in French, by
 * the demo teacher (idempotent: nothing is added when the teacher already has records). */
int library_demo(db_conn *c);

#endif
