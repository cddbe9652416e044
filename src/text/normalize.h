/*
 * normalize.h — character-level normalisation of words for search (Arabic, French, English).
 *
 * Retrieval compares words that were written differently: with or without harakat, with
 * tatweel, with one of four alef-with-hamza forms, with Arabic-Indic digits, with a French
 * elided article glued in front ("l'école"), with or without accents. These functions map such
 * spellings to one form. They work on one word at a time, into a buffer the caller owns, so the
 * tokenizer keeps exact byte offsets of every word in the original text (for highlighting).
 *
 * Invariants: output is valid UTF-8 and never longer than NORMALIZE_MAX_BYTES; input that is not
 * valid UTF-8 is rejected with E_INVALID (nothing is guessed). No allocation, no globals.
 */
#ifndef TEXT_NORMALIZE_H
#define TEXT_NORMALIZE_H

#include <stddef.h>
#include <stdint.h>

/* Longest word handled, in codepoints; longer words are truncated (they are not words). */
#define NORMALIZE_MAX_CHARS 64
/* Capacity a destination buffer needs for any normalised word. */
#define NORMALIZE_MAX_BYTES (NORMALIZE_MAX_CHARS * 4 + 1)

enum {
    /* Fold Arabic letter variants: أ إ آ ٱ → ا, ى → ي, ة → ه. Applied to 4-grams and, after
     * stemming, to stems (the Snowball stemmer wants to see ة and ى as suffix letters). */
    NORMALIZE_ARABIC_LETTERS = 1u << 0,
    /* Fold Latin accents (é → e, œ → oe): applied after stemming, which needs the accents. */
    NORMALIZE_ACCENTS = 1u << 1
};

/*
 * normalize_word: NFKC, Unicode case folding, removal of Arabic harakat, Quranic marks, tatweel
 * and default-ignorable characters (ZWNJ, soft hyphen), Arabic-Indic and Eastern Arabic-Indic
 * digits to ASCII, ’ to ', then the optional folds in `flags`. Writes a NUL-terminated word of
 * *outlen bytes into dst (capacity cap >= NORMALIZE_MAX_BYTES). Words longer than
 * NORMALIZE_MAX_CHARS codepoints are truncated. Returns 0, E_INVALID on malformed UTF-8, or
 * E_LIMIT when cap is too small.
 */
int normalize_word(char *dst, size_t *outlen, size_t cap, const char *src, size_t len,
                   unsigned flags);

/*
 * normalize_fold: applies `flags` folds (NORMALIZE_ARABIC_LETTERS, NORMALIZE_ACCENTS) to an
 * already normalised word, in place (folding never lengthens UTF-8 text). Returns the new length.
 */
size_t normalize_fold(char *word, size_t len, unsigned flags);

/*
 * normalize_elision: bytes to skip at the start of a normalised (case-folded) French word to
 * drop an elided article or pronoun — l' d' qu' j' n' s' c' m' t' jusqu' lorsqu' puisqu' —
 * or 0 when there is none or nothing would remain.
 */
size_t normalize_elision(const char *word, size_t len);

/* normalize_is_arabic / normalize_is_tifinagh / normalize_is_latin_letter: script tests on one
 * codepoint, shared by the tokenizer and the language detector. */
int normalize_is_arabic(int32_t cp);
int normalize_is_tifinagh(int32_t cp);
int normalize_is_latin_letter(int32_t cp);

#endif
