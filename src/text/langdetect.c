/*
 * langdetect.c — script counts, then French/English function-word scores (see langdetect.h).
 *
 * Letters are counted per script; the majority script decides unless it is Latin. Latin text
 * is split into lowercase ASCII-ish words and each word found in a language's list scores one
 * point for it; an elision (l', d', qu'…) or a French accented letter scores for French. The
 * lists are short, sorted and binary-searched: they hold words frequent in running text
 * and in questions, nothing rarer (a rarer word is rarely decisive). Reading stops as soon as
 * what follows could no longer change the answer by the same rules (decided()).
 */
#include "text/langdetect.h"

#include <string.h>
#include <utf8proc.h>

#include "text/normalize.h"

/* sorted (strcmp), and no word is in both lists (score_word relies on it) */
static const char *const fr_words[] = {
    "au", "aux", "avec", "c", "ce", "ces", "cette", "combien", "comment", "d", "dans", "de",
    "des", "du", "elle", "est", "et", "il", "ils", "j", "l", "la", "le", "les", "leur", "lors",
    "m", "n", "ne", "nous", "ont", "ou", "où", "par", "pas", "pour", "pourquoi", "qu",
    "quand", "que", "quel", "quelle", "quelles", "quels", "qui", "quoi", "s", "sa", "se",
    "ses", "son", "sont", "sur", "un", "une", "vous"};
static const char *const en_words[] = {
    "a", "an", "and", "are", "as", "at", "be", "by", "did", "does", "for", "from", "had",
    "has", "have", "how", "in", "is", "it", "its", "many", "much", "of", "on", "or", "that",
    "the", "their", "this", "to", "was", "were", "what", "when", "where", "which", "who",
    "whom", "whose", "why", "with"};

/* in_list: binary search of the sorted list (strcmp order), the comparison inline. */
static int in_list(const char *w, const char *const *list, size_t n)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const unsigned char *a = (const unsigned char *)w, *b = (const unsigned char *)list[mid];
        while (*a && *a == *b) a++, b++;
        if (*a == *b) return 1;
        if (*a < *b) hi = mid;
        else lo = mid + 1;
    }
    return 0;
}

/* French-only letters: é è ê à ç ù û ô î ï ë œ, either case (À..Þ lower by +0x20, Œ is 0x152). */
static int french_letter(int32_t cp)
{
    static const int32_t fr[] = {0xE0, 0xE2, 0xE7, 0xE8, 0xE9, 0xEA, 0xEB, 0xEE, 0xEF, 0xF4, 0xF9, 0xFB};
    if (cp == 0x152 || cp == 0x153) return 1;
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) cp += 0x20;
    if (cp < 0xE0 || cp > 0xFB) return 0;
    for (size_t i = 0; i < sizeof fr / sizeof fr[0]; i++)
        if (cp == fr[i]) return 1;
    return 0;
}

/* next_cp: the codepoint at text[i] and its length; ASCII and two-byte sequences (Latin,
 * Arabic) decoded inline, the rest by utf8proc; a malformed byte is a space of length 1. */
static size_t next_cp(int32_t *cp, const char *text, size_t i, size_t len)
{
    unsigned char b0 = (unsigned char)text[i];
    if (b0 < 0x80) return *cp = b0, 1;
    if (b0 >= 0xC2 && b0 <= 0xDF && i + 1 < len && ((unsigned char)text[i + 1] & 0xC0) == 0x80)
        return *cp = (b0 & 0x1F) << 6 | ((unsigned char)text[i + 1] & 0x3F), 2;
    utf8proc_int32_t c;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)text + i, (utf8proc_ssize_t)(len - i), &c);
    if (k <= 0) return *cp = ' ', 1;
    return *cp = c, (size_t)k;
}

typedef struct counts {
    size_t arabic, tifinagh, latin, fr, en;
} counts;

static void score_word(counts *c, const char *w, size_t n)
{
    char low[9]; /* the longest listed word, "pourquoi", has 8 bytes: longer words score nothing */
    if (n == 0 || n >= sizeof low) return;
    for (size_t i = 0; i < n; i++) low[i] = (char)((w[i] >= 'A' && w[i] <= 'Z') ? w[i] + 32 : w[i]);
    low[n] = '\0';
    if (in_list(low, fr_words, sizeof fr_words / sizeof fr_words[0])) c->fr++; /* the lists share no word */
    else c->en += (size_t)in_list(low, en_words, sizeof en_words / sizeof en_words[0]);
}

/* decided: the evidence so far settles the answer whatever follows (checked between words):
 * at least 200 letters of which 95 % are in one non-Latin script, or a Latin text where one
 * language leads by 12 function words and three to one. Checked every 64 characters outside a
 * word, so long passages are decided in their first few hundred bytes. */
static int decided(const counts *c)
{
    size_t letters = c->arabic + c->tifinagh + c->latin;
    if (letters < 200) return 0;
    if (c->arabic * 20 >= letters * 19 || c->tifinagh * 20 >= letters * 19) return 1;
    if (c->latin * 20 < letters * 19) return 0;
    size_t hi = c->fr > c->en ? c->fr : c->en, lo = c->fr > c->en ? c->en : c->fr;
    return hi >= lo + 12 && hi >= 3 * lo;
}

langdetect_lang langdetect_detect(const char *text, size_t len, langdetect_lang hint)
{
    counts c = {0, 0, 0, 0, 0};
    size_t i = 0, wstart = 0, steps = 0;
    int inword = 0;
    while (i < len) {
        int32_t cp;
        size_t k = next_cp(&cp, text, i, len);
        int latin = normalize_is_latin_letter(cp);
        c.latin += (size_t)latin;
        if (cp >= 0x80) { /* ASCII is neither Arabic, Tifinagh nor a French-only letter */
            c.arabic += (size_t)normalize_is_arabic(cp);
            c.tifinagh += (size_t)normalize_is_tifinagh(cp);
            c.fr += (size_t)french_letter(cp);
        }
        if (latin && !inword) wstart = i, inword = 1;
        if (!latin && inword) {
            score_word(&c, text + wstart, i - wstart); /* "l'" and "qu'" end at the apostrophe */
            inword = 0;
        }
        i += k;
        if (!inword && (++steps & 63) == 0 && decided(&c)) break;
    }
    if (inword) score_word(&c, text + wstart, len - wstart);
    if (c.arabic + c.tifinagh + c.latin == 0) return hint;
    if (c.arabic >= c.tifinagh && c.arabic >= c.latin) return LANGDETECT_AR;
    if (c.tifinagh >= c.latin) return LANGDETECT_ZGH;
    if (c.fr == c.en) return hint == LANGDETECT_FR || hint == LANGDETECT_EN ? hint : LANGDETECT_UNKNOWN;
    return c.fr > c.en ? LANGDETECT_FR : LANGDETECT_EN;
}

static const char *const codes[] = {"und", "ar", "fr", "en", "zgh"};

const char *langdetect_code(langdetect_lang lang)
{
    return (unsigned)lang < sizeof codes / sizeof codes[0] ? codes[lang] : codes[0];
}

langdetect_lang langdetect_parse(const char *code)
{
    for (size_t i = 1; i < sizeof codes / sizeof codes[0]; i++)
        if (strcmp(code, codes[i]) == 0) return (langdetect_lang)i;
    return LANGDETECT_UNKNOWN;
}
