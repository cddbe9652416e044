/*
 * analyze.h — text → two streams of search terms: Snowball stems and character 4-grams.
 *
 * The tokenizer finds words in the original UTF-8 text (letters, marks and digits, with an
 * apostrophe kept between letters), so every term carries the byte offsets of its word for
 * highlighting. Each word is normalised (normalize.h), French elisions are dropped, stopwords
 * of the language are skipped, and then:
 *   - the stem stream gets the Snowball stem (arabic for Arabic-script words, french or english
 *     for Latin words by the text's language), folded afterwards (Arabic letters; accents);
 *   - the gram stream gets the character 4-grams of the fully folded word framed by boundary
 *     marks ("_kitab_" → _kit kita itab tab_), or the framed word itself when shorter than 4.
 * Terms are 64-bit hashes (one hash space per stream); the index never needs the strings.
 * ANALYZE_RAW instead gives one stream of case-folded (ASCII only) surface words: the baseline.
 *
 * Ownership and threads: an analyze_ctx owns three sb_stemmers, scratch memory and a cache of
 * the words it has analysed (their terms; bounded, at most ~14 MB, emptied when full; results
 * are the same with or without it), so it is NOT thread-safe — use one per thread, and keep it
 * (a pool) rather than create one per call: a warm cache is what makes analysis fast. A result points into the ctx's memory and is valid
 * until the next analyze_text() call on the same ctx or analyze_free().
 */
#ifndef TEXT_ANALYZE_H
#define TEXT_ANALYZE_H

#include <stddef.h>
#include <stdint.h>

#include "text/langdetect.h"

enum { ANALYZE_STEMS = 0, ANALYZE_GRAMS = 1, ANALYZE_NSTREAMS = 2 };

enum {
    ANALYZE_RAW = 1u << 0,      /* surface words only (stream 0), no normalisation/stemming */
    ANALYZE_KEEP_TEXT = 1u << 1 /* also return each term's text (tests, debugging, display) */
};

typedef struct analyze_stream {
    const uint64_t *term;  /* term hashes, in text order, repeats kept */
    const uint32_t *start; /* byte offset of the term's word in the analysed text */
    const uint32_t *end;   /* one past its last byte */
    const char *const *text; /* NULL unless ANALYZE_KEEP_TEXT: NUL-terminated term texts */
    size_t n;
} analyze_stream;

typedef struct analyze_result {
    analyze_stream s[ANALYZE_NSTREAMS];
} analyze_result;

typedef struct analyze_ctx analyze_ctx;

/* analyze_create: a context with the arabic, french and english stemmers (UTF-8). Returns 0,
 * or E_FAIL when libstemmer lacks one of them. Free with analyze_free(). */
int analyze_create(analyze_ctx **out);
void analyze_free(analyze_ctx *cx);

/*
 * analyze_text: the term streams of text[0..len) analysed as `lang` (LANGDETECT_UNKNOWN picks
 * per word: Arabic stemmer for Arabic script, English for Latin). `flags` from the enum above.
 * Texts longer than 2^31 bytes give E_LIMIT; malformed UTF-8 bytes are skipped as separators.
 * The result is borrowed from cx (see above). Returns 0 or E_LIMIT.
 */
int analyze_text(analyze_result *out, analyze_ctx *cx, const char *text, size_t len,
                 langdetect_lang lang, unsigned flags);

/* analyze_hash: the hash a term of `stream` with this text is given (for tests and lookups). */
uint64_t analyze_hash(int stream, const char *term, size_t len);

#endif
