/*
 * fuzz_snippet.c — sentence splitting of passages (the highlighted answer sentence).
 */
#include "base/arena.h"
#include "fuzz.h"
#include "text/snippet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena a = ARENA_INIT;
    snippet_span *spans;
    size_t n;
    snippet_sentences(&spans, &n, &a, (const char *)data, size);
    arena_free(&a);
    return 0;
}
