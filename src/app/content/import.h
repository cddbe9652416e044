/*
 * import.h — what the GIFT and Moodle XML importers share: the result type and the helpers
 * that turn a teacher's question into a content_template.
 *
 * Imported questions are written in one language (the one the teacher chose at import), so
 * their texts fill only that language's slot. Their text is literal: braces are escaped so
 * that the template renderer never reads a teacher's `{` as a placeholder. Every imported
 * template is proved like bundled content (instantiated and graded) before the import succeeds.
 * An import is all or nothing: on any error the result is empty.
 *
 * Problems: every problem an importer reports has a stable code (import_codes below, one table
 * for GIFT, Moodle XML and the shared checks) next to its English text. The text is written
 * to the caller's `errors` buffer as "<file>:<line>: <text>" (or "<file>: <text>" when it
 * concerns the whole file) and, when the options carry an import_problems list, recorded there
 * too with its code and parameter, so that a page can show it in the teacher's language (its
 * i18n key is "content.import.problem.<code>"). A text has at most one parameter, written
 * {name} as in the UI's messages.
 */
#ifndef APP_CONTENT_IMPORT_H
#define APP_CONTENT_IMPORT_H

#include "app/content/content.h"

enum { IMPORT_MAX_QUESTIONS = 5000, IMPORT_MAX_ANSWERS = 20, IMPORT_MAX_BYTES = 8 << 20 };

typedef struct content_import {
    content_template *templates; /* in the arena given to the importer */
    size_t n;
} content_import;

/* The problems an import can report; import_problem_def gives each one's code and text. */
typedef enum import_code {
    IMP_TOO_LARGE, IMP_NO_QUESTION, IMP_NO_QUESTION_IN_FILE, IMP_NO_TEXT, IMP_CHECK, IMP_NOT_UTF8, IMP_NUL_BYTE,
    GIFT_ANSWER_MARKER, GIFT_TOO_MANY_ANSWERS, GIFT_UNTERMINATED_WEIGHT, GIFT_BAD_WEIGHT, GIFT_BAD_RANGE,
    GIFT_NUMERIC_NOT_NUMBER, GIFT_BAD_TOLERANCE, GIFT_NUMERIC_ONE_ANSWER, GIFT_PARTIAL_CREDIT, GIFT_NUMERIC_NO_ANSWER,
    GIFT_MATCH_PAIR, GIFT_MATCH_EMPTY_SIDE, GIFT_MATCH_TWO_PAIRS, GIFT_SHORT_PARTIAL_CREDIT, GIFT_EMPTY_ANSWER,
    GIFT_EMPTY_CHOICE, GIFT_ONE_RIGHT_ANSWER, GIFT_TWO_CHOICES, GIFT_ESSAY, GIFT_UNTERMINATED_TITLE,
    GIFT_NO_ANSWER_BLOCK, GIFT_UNTERMINATED_BLOCK, GIFT_BRACE_IN_BLOCK, GIFT_ONE_BLOCK, GIFT_TOO_MANY_QUESTIONS,
    XML_BAD_FRACTION, XML_PARTIAL_CREDIT, XML_CHOICE_COUNT, XML_EMPTY_ANSWER, XML_ONE_RIGHT_ANSWER,
    XML_TRUEFALSE_ANSWERS, XML_TRUEFALSE_RIGHT, XML_SHORT_COUNT, XML_WILDCARD, XML_SHORT_NO_ANSWER,
    XML_NUMERIC_COUNT, XML_NUMERIC_NOT_NUMBER, XML_BAD_TOLERANCE, XML_NUMERIC_ONE_ANSWER, XML_NUMERIC_NO_ANSWER,
    XML_MATCH_COUNT, XML_MATCH_DISTRACTOR, XML_MATCH_NO_ANSWER, XML_NO_TEXT, XML_NO_TYPE, XML_UNSUPPORTED_TYPE,
    XML_MALFORMED, XML_BAD_ROOT, XML_TOO_MANY_QUESTIONS,
    IMPORT_CODE_COUNT
} import_code;

typedef struct import_problem_info {
    const char *code;  /* stable, e.g. "gift.one_right_answer" */
    const char *text;  /* English, with at most one {param} */
    const char *param; /* the parameter's name, or NULL */
} import_problem_info;

/* import_problem_def: the code, text and parameter name of c (c < IMPORT_CODE_COUNT). */
const import_problem_info *import_problem_def(import_code c);

/* One recorded problem: line 0 when it concerns the whole file; strings in the list's arena. */
typedef struct import_problem {
    const char *file;
    long line;
    import_code code;
    const char *message; /* the English text with its parameter filled in */
    const char *value;   /* the parameter's value, or NULL */
} import_problem;

/* A list of problems, grown in arena a (set a, leave the rest zero). */
typedef struct import_problems {
    arena *a;
    import_problem *v;
    size_t n, cap;
} import_problems;

/* Options of an import, with defaults from IMPORT_OPTS_INIT. */
typedef struct import_opts {
    content_lang lang;         /* the language the questions are written in */
    const char *id_prefix;     /* template ids are "<id_prefix>.<n>", n from 1 in file order */
    import_problems *problems; /* when set, every problem is recorded here too */
} import_opts;
#define IMPORT_OPTS_INIT {LANG_FR, "import", NULL}

/* import_report appends "<name>:<line>: <text>\n" ("<name>: <text>\n" when line is 0) to errors,
 * the text of `code` with its parameter filled by value (NULL when it has none), and records the
 * problem in problems when it is not NULL. Returns E_INVALID. */
int import_report(buf *errors, import_problems *problems, const char *name, long line, import_code code,
                  const char *value);

/* import_text: a ctext with `s` (arena copy, braces escaped, HTML tags stripped when html)
 * in the slot of `lang` only. */
ctext import_text(arena *a, content_lang lang, const char *s, size_t len, int html);

/* import_template_new: a zeroed template with id "<prefix>.<n>" and type; arena-owned. */
content_template *import_template_new(arena *a, const import_opts *o, size_t n, item_type type);

/* import_finish applies the all-or-nothing rule at the end of an import: given the parser's
 * code, whether any question was bad and the n templates kept, it fills *out only when all is
 * well; an empty file is an error ("no question found") too. Returns the import's code. */
int import_finish(content_import *out, buf *errors, const import_opts *o, const char *name, int rc, int bad,
                  content_template *ts, size_t n);

/* import_check proves a finished template (instantiate, grade its answer). 0 or E_INVALID with
 * "<name>:<line>: …" appended to errors (each line recorded as IMP_CHECK). */
int import_check(buf *errors, const import_opts *o, const char *name, long line, const content_template *t);

#endif
