/*
 * fuzz_bot_text.c — Majlisbot's parsers of outside bytes (app/bot/bot_text.h) on arbitrary input.
 *
 * The first byte chooses the parser, the rest is its input: 0–3 a document read as PDF, HTML,
 * Markdown or plain text (what an admin uploads or `madrasa import docs` reads), 4 the personal
 * data scrubber (what anyone types as a question), 5 the citation check (what an LLM answers).
 * The corpus files in fuzz/corpus/bot_text/ begin with that byte.
 */
#include "app/bot/bot_text.h"
#include "base/arena.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0;
    static const bot_format formats[4] = {BOT_FMT_PDF, BOT_FMT_HTML, BOT_FMT_MD, BOT_FMT_TXT};
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    arena a = ARENA_INIT;
    unsigned which = data[0] % 6;
    if (which < 4) {
        bot_extract out;
        const char *why = NULL;
        bot_extract_doc(&out, &why, &a, formats[which], text, len, 2000);
    } else if (which == 4) {
        int found = 0;
        bot_scrub(&a, text, len, &found);
    } else {
        char *s = arena_alloc(&a, len + 1);
        for (size_t i = 0; i < len; i++) s[i] = text[i] ? text[i] : ' ';
        s[len] = 0;
        uint64_t cited = 0;
        bot_citations_check(&cited, s, 20);
    }
    arena_free(&a);
    return 0;
}
