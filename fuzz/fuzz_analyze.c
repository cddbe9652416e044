/*
 * fuzz_analyze.c — language detection and the text analyser (every question Majlisbot gets,
 * every document it ingests) on arbitrary bytes, in each language and in raw mode.
 */
#include <stdlib.h>

#include "fuzz.h"
#include "text/analyze.h"
#include "text/langdetect.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static analyze_ctx *cx;
    if (!cx && analyze_create(&cx) != 0) abort();
    const char *text = (const char *)data;
    langdetect_lang lang = langdetect_detect(text, size, LANGDETECT_UNKNOWN);
    analyze_result res;
    analyze_text(&res, cx, text, size, lang, ANALYZE_KEEP_TEXT);
    analyze_text(&res, cx, text, size, LANGDETECT_UNKNOWN, ANALYZE_RAW);
    return 0;
}
