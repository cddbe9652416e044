/*
 * pd.h — professional development for teachers and administrators: programmes of modules built
 * from the practice content format, enrolment, progress, completion, a certificate (cert.h) and
 * an Open Badges 2.0 assertion with hosted verification.
 *
 * Owns pd_programmes, pd_modules, pd_enrolments, pd_answers and pd_assertions (migration 0022).
 * A module is one content skill of the PD content (the JSON files of content/pd, loaded and proved once by
 * the content loader); its items are instantiated and graded by src/app/content. Completion rule:
 * a module is done when the educator has answered `required_correct` distinct items of it
 * correctly; the programme is done when every module is, and at that moment — in the same
 * transaction as the answer — the certificate and the badge assertion are issued.
 *
 * Open Badges 2.0 documents are public JSON-LD at stable URLs on this server: the Issuer profile
 * (/api/pd/badges/issuer), each programme's BadgeClass (/api/pd/badges/classes/{id}, with a PNG
 * image) and each Assertion (/api/pd/badges/assertions/{uid}), verification type "hosted". The
 * recipient is the educator's e-mail when given at enrolment (else a URL identifying them),
 * hashed with a per-assertion salt: "sha256$" + hex(SHA-256(identity ‖ salt)).
 */
#ifndef APP_PD_H
#define APP_PD_H

#include <stddef.h>

#include "db/db.h"
#include "http/http.h"

extern const route_table pd_routes;

/* pd_recipient_hash writes "sha256$<64 hex>" of SHA-256(identity ‖ salt) into out (72 bytes). */
void pd_recipient_hash(char out[72], const char *identity, const char *salt);

/* pd_demo creates the demo programme "Formative assessment and TaRL" (idempotent). */
int pd_demo(db_conn *c);

#endif
