/*
 * gift.h — import of Moodle GIFT question files into content templates.
 *
 * GIFT is the plain-text format teachers already write for Moodle: one question per paragraph,
 * `::title::` then the text, then the answers in braces. Supported: multiple choice
 * (`{=right ~wrong#feedback}`), true/false (`{T}`, `{FALSE#wrong-feedback#right-feedback}`),
 * short answer (`{=answer =other}`), numeric (`{#3.14:0.01}`, `{#1..5}`, `{#=21 =%0%12:0#swapped}`
 * where answers with 0 % credit become known mistakes), matching (`{=cat -> chat =dog -> chien}`),
 * missing-word questions (text after the braces), per-answer feedback (`#…`), general feedback
 * (`####…`, the worked solution), `$CATEGORY:` lines, `//` comments, the escapes \~ \= \# \{ \}
 * \: \\ \n and the [html] / [plain] / [markdown] / [moodle] text formats.
 * Refused, with the line: essays `{}`, partial credit, several correct choices, malformed
 * blocks. All or nothing: one bad question and the whole file imports nothing.
 */
#ifndef APP_CONTENT_GIFT_H
#define APP_CONTENT_GIFT_H

#include "app/content/import.h"

/* gift_import parses text[0..len) (`name` is used in messages) into *out (arena a). 0, or
 * E_INVALID / E_LIMIT with lines "<name>:<line>: <problem>" appended to errors and out->n == 0. */
int gift_import(content_import *out, arena *a, buf *errors, const char *name, const char *text, size_t len,
                const import_opts *opts);

#endif
