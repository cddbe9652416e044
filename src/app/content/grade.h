/*
 * grade.h — grade a learner's response to an item instance.
 *
 * Responses are strings, as a browser sends them:
 *   choice   the displayed index of the chosen option, "0" for the first
 *   numeric  a number: ASCII, Arabic-Indic (٠١٢…) or Eastern Arabic-Indic (۰۱۲…) digits, a
 *            decimal comma, point or Arabic decimal separator (٫), thousands grouped by spaces,
 *            a leading minus, or a fraction "3/4"; within the item's tolerance is correct
 *   text     free text; compared with each accepted answer word by word after normalisation
 *            (src/text/normalize.h: case, harakat, tatweel, hamza forms of alef, Arabic-Indic
 *            digits, punctuation and spacing); a response that differs only by French accents
 *            is correct with the misconception code "accents" and a reminder
 *   order    the displayed indices in the order the learner put them, "2,0,1"
 *   match    for each left entry in order, the displayed index of its right entry, "1,0,2"
 * A response that cannot be read (not a number, an index out of range) is simply incorrect,
 * with the misconception code "unreadable"; it never makes grading fail.
 *
 * The result says which feedback applies: the chosen wrong option's feedback, or the known
 * mistake that the response matches (e.g. the value of `a-b` when `a+b` was asked), with its
 * stable misconception code for the teacher's dashboard.
 */
#ifndef APP_CONTENT_GRADE_H
#define APP_CONTENT_GRADE_H

#include "app/content/expr.h"
#include "app/content/template.h"

enum { GRADE_MAX_RESPONSE = 4096 };

typedef struct grade_result {
    int correct;               /* 1 when fully correct */
    double score;              /* 0..1: share of positions right for order/match, else 0 or 1 */
    const char *misconception; /* code of the matched mistake / chosen option, or NULL */
    ctext feedback;            /* feedback to show; all NULL when none applies */
    int mistake;               /* index of the matched mistake or chosen option, -1 when none */
} grade_result;

/* grade_response grades `response` against item `it`. Always fills *out; returns 0, or
 * E_LIMIT when the response is longer than GRADE_MAX_RESPONSE (graded as incorrect). */
int grade_response(grade_result *out, const content_item *it, const char *response);

/* grade_parse_number reads a learner's number (see above) into *out. 0 or E_INVALID. */
int grade_parse_number(expr_value *out, const char *s);

/* grade_text_equal: 2 when a and b are equal after normalisation, 1 when they differ only by
 * French accents, 0 otherwise. */
int grade_text_equal(const char *a, const char *b);

#endif
