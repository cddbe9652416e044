/*
 * bot_text.h — the pure parts of Majlisbot's server side: turning a document into passages,
 * scrubbing personal data from questions, and checking an LLM's citations.
 *
 * Extraction reads a document held in memory (no file or network I/O: the callers read files
 * and request bodies) and yields passages: one to three paragraphs of at most
 * BOT_PASSAGE_WORDS words, never crossing a section heading or a PDF page, each keeping its
 * page (PDF, 1-based; 0 elsewhere) and section heading ("" when there is none).
 *   - PDF (poppler-glib): the text of each page; paragraphs at blank lines, lines joined
 *     (a hyphen at a line's end joins the word).
 *   - HTML (libxml2's HTML parser, no network): h1–h6 start sections; script, style, noscript,
 *     template, nav and footer are dropped; block elements end paragraphs; <title> (else the
 *     first h1) is the title found.
 *   - Markdown: ATX (#) and setext (=== / ---) headings start sections, the first level-1
 *     heading is the title found; list markers, emphasis, code ticks and link targets are
 *     dropped, link texts kept.
 *   - plain text: paragraphs at blank lines; no sections.
 * A paragraph longer than the cap is cut at sentence ends (snippet.h), and a sentence longer
 * than the cap at word boundaries. Text that is not valid UTF-8 is refused (E_INVALID).
 *
 * Ownership: everything comes from the caller's arena. No globals, no clock.
 */
#ifndef APP_BOT_TEXT_H
#define APP_BOT_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

enum { BOT_PASSAGE_WORDS = 150, BOT_PASSAGE_PARAGRAPHS = 3 };

typedef enum bot_format { BOT_FMT_UNKNOWN = 0, BOT_FMT_PDF, BOT_FMT_HTML, BOT_FMT_MD, BOT_FMT_TXT } bot_format;

typedef struct bot_chunk {
    int page;            /* 1-based PDF page, 0 for other formats */
    const char *section; /* the heading the passage sits under, "" for none */
    const char *text;    /* paragraphs separated by a blank line */
} bot_chunk;

typedef struct bot_extract {
    const char *title; /* the title the document gives itself, or NULL */
    bot_chunk *chunks;
    size_t n;
} bot_extract;

/* bot_format_parse: "pdf" "html" "md" "txt" (also "markdown", "text"), else BOT_FMT_UNKNOWN. */
bot_format bot_format_parse(const char *name);
/* bot_format_name: "pdf", "html", "md", "txt" (or "unknown"). */
const char *bot_format_name(bot_format f);
/* bot_format_guess: from a MIME type or a file name's extension (either may be NULL), and
 * from the bytes themselves ("%PDF-", a leading '<'); BOT_FMT_TXT when nothing says otherwise. */
bot_format bot_format_guess(const char *mime, const char *filename, const char *data, size_t len);

/* bot_extract_doc: the passages of data[0..len) read as `fmt`. Returns 0 (a document without
 * text gives n = 0), E_INVALID with *why set (not UTF-8, an unreadable PDF), or E_LIMIT when
 * the document would give more than `max_chunks` passages. */
int bot_extract_doc(bot_extract *out, const char **why, arena *a, bot_format fmt, const char *data,
                    size_t len, size_t max_chunks);

/* bot_words: the number of whitespace-separated words in s[0..len). */
size_t bot_words(const char *s, size_t len);

/*
 * bot_scrub: a copy of text[0..len) in which personal data is replaced by a tag: e-mail
 * addresses → [email]; telephone numbers (starting with + or 0, 9 to 15 digits with spaces,
 * dots, dashes or brackets between them) → [phone]; MASSAR student codes (a letter and 9
 * digits, "D130004200") → [massar]; national identity card numbers (CIN: one or two letters
 * and 4 to 6 digits, "AB123456") → [cin]. Codes and numbers count only as whole words.
 * *found (may be NULL) receives the number of replacements. Never fails.
 */
char *bot_scrub(arena *a, const char *text, size_t len, int *found);

/*
 * bot_citations_check: an answer written from n numbered passages must cite at least one
 * with "[k]" (also "[k, m]" and "[k][m]"), and only 1 <= k <= n. On success returns 0 and sets
 * bit k-1 of *cited (k <= 64); a citation out of range or none at all is E_INVALID.
 */
int bot_citations_check(uint64_t *cited, const char *answer, size_t n);

#endif
