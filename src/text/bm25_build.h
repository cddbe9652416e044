/*
 * bm25_build.h — building a BM25 index from many passages: analysis and indexing in a pipeline.
 *
 * Building is two kinds of work: analysing each passage (language detection when it is not
 * known, normalisation, stems and 4-grams: analyze.h) and adding its terms to the index
 * (bm25_put). With two threads, one analyses batches of whole documents while the calling
 * thread indexes the batch before; a ring of a few batches bounds the memory. The index
 * receives exactly the calls a single thread would make, in the same order, so the result does
 * not depend on the thread count. Majlisbot's server builds its index this way at start-up
 * and `madrasa eval bot` measures the same code.
 *
 * Threads are the only system resource used: no I/O, no globals. The analysis context is used
 * by one thread at a time (the analyser, or the caller when threads = 1).
 */
#ifndef TEXT_BM25_BUILD_H
#define TEXT_BM25_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include "text/analyze.h"
#include "text/bm25.h"
#include "text/langdetect.h"

/* One passage to index; the passages of a document are consecutive, in their order. */
typedef struct bm25_build_item {
    int64_t doc;
    const char *text;
    size_t len;
    langdetect_lang lang; /* LANGDETECT_UNKNOWN: detected from the text */
    int access;
} bm25_build_item;

/* bm25_build: analyses items[0..n) with cx and `flags` (as analyze_text) and bm25_put's each
 * document's passages into ix, on one thread or two (threads >= 2). `detected` (may be NULL,
 * else n entries) receives each passage's language: the one given or the one detected.
 * Returns 0, or the first error of analyze_text or bm25_put (the index then holds the
 * documents before it), or E_FAIL when the second thread cannot start. */
int bm25_build(bm25_index *ix, analyze_ctx *cx, const bm25_build_item *items, size_t n, unsigned flags,
               int threads, langdetect_lang *detected);

#endif
