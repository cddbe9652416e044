/*
 * content_store.h — the curriculum the running server serves, and the content routes.
 *
 * The bundled content/ folder is product data shipped in the repository. The store loads every
 * *.json file of one folder into a single linked content_bank, once per process, the first time
 * anything asks for it (content_store_init can do it earlier with an explicit folder). The folder
 * is, in order: the one given to content_store_init, $MADRASA_CONTENT, ./content. The bank is
 * immutable afterwards and shared by every thread.
 *
 * The database learns the skills and templates (tables content_skills / content_templates,
 * migration 0002) the first time a connection is handed to content_store_sync, so that attempts
 * and assignments can reference them. Teachers' imports (GIFT, Moodle XML) are stored whole in
 * content_imports and rebuilt into memory at the same moment; they are kept apart from the bank
 * (they have no skill) and found with content_store_template.
 *
 * Routes: GET /api/content/skills (any signed-in user), GET /api/content/imports (each with who
 * imported it, its count per question type and its categories), GET
 * /api/content/imports/{prefix} (its questions, for a teacher choosing a quiz) and
 * POST /api/admin/content/import?format=gift|moodle_xml&lang=fr&prefix=…&name=… (admins,
 * teachers; `name`, the file's name, starts every "<name>:<line>: <problem>" line). A body that
 * is not UTF-8 text is refused with the line of the first bad byte, before any parsing.
 */
#ifndef APP_CONTENT_CONTENT_STORE_H
#define APP_CONTENT_CONTENT_STORE_H

#include "app/content/content.h"
#include "db/db.h"
#include "http/http.h"

extern const route_table content_routes;

/* content_store_init loads `dir` now (NULL: the default above). 0, or the loader's code after
 * logging every error. Only the first call (or first content_store_bank) loads. */
int content_store_init(const char *dir);

/* content_store_bank: the linked bank, or NULL when the content could not be loaded. */
const content_bank *content_store_bank(void);

/* content_store_sync records the bank's skills and templates in the database and loads the
 * stored imports, once per process (later calls return at once). 0 or E_FAIL. */
int content_store_sync(db_conn *c);

/* content_store_template: a template by id, from the bank or the imports; NULL when unknown. */
const content_template *content_store_template(const char *id);

/* content_store_import: the questions of the import stored under `prefix`, in file order (an
 * arena array of borrowed templates that live as long as the process). E_NOTFOUND when no
 * import has that prefix. */
int content_store_import(const content_template ***out, size_t *n, arena *a, const char *prefix);

#endif
