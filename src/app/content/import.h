/*
 * import.h — what the GIFT and Moodle XML importers share: the result type and the helpers
 * that turn a teacher's question into a content_template.
 *
 * Imported questions are written in one language (the one the teacher chose at import), so
 * their texts fill only that language's slot. Their text is literal: braces are escaped so
 * that the template renderer never reads a teacher's `{` as a placeholder. Every imported
 * template is proved like bundled content (instantiated and graded) before the import succeeds.
 * An import is all or nothing: on any error the result is empty.
 */
#ifndef APP_CONTENT_IMPORT_H
#define APP_CONTENT_IMPORT_H

#include "app/content/content.h"

enum { IMPORT_MAX_QUESTIONS = 5000, IMPORT_MAX_ANSWERS = 20, IMPORT_MAX_BYTES = 8 << 20 };

typedef struct content_import {
    content_template *templates; /* in the arena given to the importer */
    size_t n;
} content_import;

/* Options of an import, with defaults from IMPORT_OPTS_INIT. */
typedef struct import_opts {
    content_lang lang;     /* the language the questions are written in */
    const char *id_prefix; /* template ids are "<id_prefix>.<n>", n from 1 in file order */
} import_opts;
#define IMPORT_OPTS_INIT {LANG_FR, "import"}

/* import_text: a ctext with `s` (arena copy, braces escaped, HTML tags stripped when html)
 * in the slot of `lang` only. */
ctext import_text(arena *a, content_lang lang, const char *s, size_t len, int html);

/* import_template_new: a zeroed template with id "<prefix>.<n>" and type; arena-owned. */
content_template *import_template_new(arena *a, const import_opts *o, size_t n, item_type type);

/* import_check proves a finished template (instantiate, grade its answer). 0 or E_INVALID with
 * "<name>:<line>: …" appended to errors. */
/* import_finish applies the all-or-nothing rule at the end of an import: given the parser's
 * code, whether any question was bad and the n templates kept, it fills *out only when all is
 * well; an empty file is an error ("no question found") too. Returns the import's code. */
int import_finish(content_import *out, buf *errors, const char *name, int rc, int bad, content_template *ts,
                  size_t n);

int import_check(buf *errors, const char *name, long line, const content_template *t, content_lang lang);

#endif
