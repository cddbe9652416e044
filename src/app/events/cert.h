/*
 * cert.h — certificates: issued once per attendance (events) or completion (pd), each with a
 * code anyone can verify at GET /api/certificates/{code} (JSON) and on the public page
 * #/verify/{code}, and drawn as a PDF with cairo (Arabic names shaped by arshape.h).
 *
 * Owns the table `certificates` (migration 0021). The pd module issues through cert_issue; only
 * this file writes the table. Codes are 10 characters of Crockford's base32 (50 random bits)
 * written XXXXX-XXXXX, so they survive being read aloud or typed from paper.
 */
#ifndef APP_EVENTS_CERT_H
#define APP_EVENTS_CERT_H

#include <stdint.h>

#include "db/db.h"
#include "http/http.h"

extern const route_table cert_routes;

typedef struct cert_new {
    const char *kind; /* "event" or "pd" */
    int64_t ref_id, user_id;
    const char *title, *detail;
} cert_new;

/* cert_issue returns the code of the certificate for (kind, ref_id), creating it when there is
 * none (holder names from the user's account). Idempotent. *code is in the arena. */
int cert_issue(char **code, db_conn *c, arena *a, const cert_new *n);

/* cert_pdf draws the certificate with this code as a one-page A4 PDF (heap buffer, caller frees).
 * `site` is the web app's base URL printed as the verification address. E_NOTFOUND if no such
 * code. */
int cert_pdf(char **pdf, size_t *len, db_conn *c, arena *a, const char *code, const char *site);

/* cert_site: the web app's base URL as the client reached it ("http://host"). */
const char *cert_site(req *r);

#endif
