/*
 * snippet.h — sentences of a passage and the one that best answers a query.
 *
 * Majlisbot shows each retrieved passage with its best sentence highlighted. Sentences end at
 * . ! ? … and the Arabic ؟ ؛ ۔ (a full stop between digits, or after a single letter as in
 * "M. Dupont" or "J.-C.", does not end one), and at line breaks; closing quotes and brackets stay
 * with their sentence. The best sentence is the one whose distinct query terms weigh the most
 * (the caller gives the weights, normally BM25 idf from the index), so it is the sentence that
 * the ranking itself found most relevant. Offsets are bytes into the passage text.
 * Pure: memory from the caller's arena.
 */
#ifndef TEXT_SNIPPET_H
#define TEXT_SNIPPET_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "text/analyze.h"

typedef struct snippet_span {
    uint32_t start, end; /* bytes [start, end) of the passage, trimmed of surrounding spaces */
} snippet_span;

/* A query as weighted terms per analyser stream (hashes from analyze.h). */
typedef struct snippet_query {
    const uint64_t *terms[ANALYZE_NSTREAMS];
    const double *weight[ANALYZE_NSTREAMS];
    size_t n[ANALYZE_NSTREAMS];
} snippet_query;

/* snippet_sentences: the sentences of text[0..len) in order, into an arena array; *n = 0
 * for a text with no visible characters. Returns 0 or E_LIMIT (len >= 2^31). */
int snippet_sentences(snippet_span **out, size_t *n, arena *a, const char *text, size_t len);

/*
 * snippet_best: the sentence of text whose distinct matched query terms have the largest total
 * weight (ties: the earlier sentence; no match: the first sentence), with that total in
 * *score. `terms` is the analysis of the same text (analyze_text), whose offsets place each
 * term in a sentence. Returns 0, E_NOTFOUND for a text with no sentence, or E_LIMIT.
 */
int snippet_best(snippet_span *out, double *score, arena *a, const char *text, size_t len,
                 const analyze_result *terms, const snippet_query *q);

#endif
