/*
 * langdetect.h — which language a query or a document is in: Arabic, French, English, or
 * Standard Moroccan Amazigh written in Tifinagh.
 *
 * Detection is by script first (Arabic letters → ar, Tifinagh → zgh), then, for Latin text,
 * by scoring French and English function words (articles, prepositions, question words) plus
 * French elisions and accented letters. It is meant for choosing an analyser, not for
 * linguistics: a Latin text with no evidence either way gets the caller's hint.
 * Pure: no allocation, no state.
 */
#ifndef TEXT_LANGDETECT_H
#define TEXT_LANGDETECT_H

#include <stddef.h>

typedef enum langdetect_lang {
    LANGDETECT_UNKNOWN = 0,
    LANGDETECT_AR,
    LANGDETECT_FR,
    LANGDETECT_EN,
    LANGDETECT_ZGH
} langdetect_lang;

/* langdetect_detect: the language of text[0..len) (UTF-8; malformed bytes are skipped), or
 * `hint` when the text gives no evidence (no letters, or Latin text without function words). */
langdetect_lang langdetect_detect(const char *text, size_t len, langdetect_lang hint);

/* langdetect_code: "ar", "fr", "en", "zgh" or "und". */
const char *langdetect_code(langdetect_lang lang);

/* langdetect_parse: the language for a code ("ar", "fr", "en", "zgh"), LANGDETECT_UNKNOWN
 * for anything else. */
langdetect_lang langdetect_parse(const char *code);

#endif
