/*
 * analyzers.h — the text analysers the application's search features share (Majlisbot, the
 * research exchange): a pool of analysis contexts, and analysed terms copied out of a context.
 *
 * An analyze_ctx (src/text/analyze.h) holds stemmers, which are not thread-safe, and a word
 * cache that makes it fast once warm (~14 MB at most). Creating one per request would pay the
 * set-up every time and keep no cache; so requests borrow a context from this pool and give it
 * back. The pool keeps up to ANALYZERS_POOL idle contexts; a burst beyond that creates extra
 * ones that are freed when returned.
 */
#ifndef APP_ANALYZERS_H
#define APP_ANALYZERS_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "text/analyze.h"
#include "text/langdetect.h"

enum { ANALYZERS_POOL = 16 };

/* analyzers_get: a context for this thread's use until analyzers_put; NULL if libstemmer
 * lacks a language (the caller answers E_FAIL). */
analyze_ctx *analyzers_get(void);
void analyzers_put(analyze_ctx *cx);

/* The term streams of a text, owned by an arena (a context's result is only borrowed). */
typedef struct analyzed_terms {
    uint64_t *t[ANALYZE_NSTREAMS];
    size_t n[ANALYZE_NSTREAMS];
} analyzed_terms;

/* analyzers_terms analyses text as `lang` and copies its streams into the arena; 0 or the
 * analyser's code. */
int analyzers_terms(analyzed_terms *out, analyze_ctx *cx, arena *a, const char *text, langdetect_lang lang);

#endif
