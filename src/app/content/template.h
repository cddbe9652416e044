/*
 * template.h — turn an item template and a seed into an item instance a learner sees.
 *
 * An instance is a pure function of (template, seed): the parameters are drawn in order from an
 * rng seeded by the seed mixed with the template id, redrawn (up to TEMPLATE_MAX_DRAWS times)
 * until every `where` constraint holds, every choice text is distinct and no known mistake
 * coincides with the answer; then every text is rendered in every written language and the
 * choices / ordering items / matching right-hand sides are shuffled from the same stream.
 * Hence the item id `<template_id>#<seed>` is all the server needs to store or send: it can
 * regenerate and grade the item from the id alone.
 *
 * Placeholders in texts: `{expr}` is replaced by the expression's value (`{a+b}`, `{x|frac}`,
 * `{x|dec}`), `{@list:expr}` by entry expr (mod the list's length) of a word list of the file
 * in the text's language, and `{{` / `}}` stand for literal braces. Numbers use a decimal comma
 * in Arabic, French and Amazigh and a decimal point in English.
 *
 * Instances live in the caller's arena; they borrow nothing from it but may point into the
 * template (which must outlive them).
 */
#ifndef APP_CONTENT_TEMPLATE_H
#define APP_CONTENT_TEMPLATE_H

#include <stdint.h>

#include "app/content/content.h"
#include "app/content/expr.h"
#include "base/arena.h"

enum { TEMPLATE_MAX_DRAWS = 200, TEMPLATE_MAX_ID = 128, TEMPLATE_MAX_TEXT = 8192 };

typedef struct content_item {
    char id[TEMPLATE_MAX_ID + 24]; /* "<template_id>#<seed>" */
    const content_template *tpl;
    uint64_t seed;
    item_type type;
    ctext stem, solution;
    ctext *hints;
    size_t nhints;
    ctext answer_text; /* the correct answer as it would be shown */
    /* choice, in display order */
    ctext *choices;
    ctext *choice_feedback;
    const char **choice_misconception;
    int *choice_correct;
    size_t nchoices;
    /* numeric */
    expr_value answer, tolerance;
    /* text (rendered accepted answers) */
    ctext *accept;
    size_t naccept;
    /* order: items in display order; order_pos[i] = correct position of displayed item i */
    ctext *items;
    int *order_pos;
    size_t nitems;
    /* match: left in written order, right shuffled; right_pair[j] = pair of displayed right j */
    ctext *left, *right;
    int *right_pair;
    size_t npairs;
    /* mistakes, in template order: numeric value or rendered response, and feedback */
    expr_value *mistake_value;
    ctext *mistake_response;
    ctext *mistake_feedback;
    size_t nmistakes;
    /* the drawn parameters, in template order */
    expr_value *param_values;
    size_t nparams;
} content_item;

typedef struct template_error {
    char msg[256];
} template_error;

/* template_instantiate builds the instance of t for seed into *out (arena a). Returns 0, or
 * E_INVALID (an expression fails, constraints never hold in TEMPLATE_MAX_DRAWS draws, a
 * placeholder is malformed) / E_LIMIT (a text grows past TEMPLATE_MAX_TEXT) with *err set. */
int template_instantiate(content_item **out, arena *a, template_error *err, const content_template *t,
                         uint64_t seed);

/* template_item_id writes "<template_id>#<seed>" into dst; E_LIMIT if it does not fit. */
int template_item_id(char *dst, size_t cap, const char *template_id, uint64_t seed);

/* template_parse_item_id splits an item id: *tpl_id (arena copy) and *seed. E_INVALID when the
 * id is not `<id>#<decimal seed>` or the template id is empty or longer than TEMPLATE_MAX_ID. */
int template_parse_item_id(char **tpl_id, uint64_t *seed, arena *a, const char *item_id);

/* template_render renders one text with placeholders for `lang` given drawn parameter values
 * (in template order) into *out (arena). Exposed for the importers and for tests. */
int template_render(char **out, arena *a, template_error *err, const content_template *t,
                    const expr_value *values, const char *text, content_lang lang);

#endif
