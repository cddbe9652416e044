/*
 * moodle_xml.h — import of Moodle XML question files into content templates.
 *
 * Moodle XML is what Moodle exports (`<quiz><question type="…">…</question></quiz>`). Supported
 * question types: multichoice (one right answer), truefalse, shortanswer, numerical (with
 * <tolerance>; 0 % answers become known mistakes), matching; `category` sets the category of
 * the questions that follow and `description` is skipped. Per-answer <feedback>, <hint>s (in
 * order) and <generalfeedback> (the worked solution) are kept; HTML text is reduced to text.
 * Refused, with the line of the question: other types (essay, cloze, …), partial credit,
 * several right answers, matching distractors, malformed XML. All or nothing.
 *
 * The parser never loads external entities or DTDs and never touches the network.
 */
#ifndef APP_CONTENT_MOODLE_XML_H
#define APP_CONTENT_MOODLE_XML_H

#include "app/content/import.h"

/* moodle_xml_import parses xml[0..len) into *out (arena a). 0, or E_INVALID / E_LIMIT with
 * lines "<name>:<line>: <problem>" appended to errors and out->n == 0. */
int moodle_xml_import(content_import *out, arena *a, buf *errors, const char *name, const char *xml, size_t len,
                      const import_opts *opts);

#endif
