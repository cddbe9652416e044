/*
 * normalize.c — word normalisation for search: NFKC + case folding through utf8proc, then the
 * Arabic and Latin folds of this project (see normalize.h for the contract).
 *
 * A word goes through utf8proc's decompose/compose into a fixed codepoint buffer on the stack
 * (no allocation), then each codepoint through map_cp(), which drops marks, converts digits and
 * applies the optional folds, then back to UTF-8. ASCII words, the bulk of French and English
 * text, take a fast path (NFKC of ASCII is ASCII; case folding is tolower).
 */
#include "text/normalize.h"

#include <string.h>
#include <utf8proc.h>

#include "base/err.h"

#define UNI_OPTS                                                                                   \
    (UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE)
#define CP_BUF 256

/* Codepoint ranges removed from every word: harakat, superscript alef, Quranic annotation
 * marks, tatweel. */
static const struct {
    int32_t lo, hi;
} dropped[] = {
    {0x0610, 0x061A}, {0x064B, 0x065F}, {0x0670, 0x0670}, {0x06D6, 0x06DC},
    {0x06DF, 0x06E8}, {0x06EA, 0x06ED}, {0x0640, 0x0640},
};

/* Arabic letter variants folded under NORMALIZE_ARABIC_LETTERS. */
static const struct {
    int32_t from, to;
} arabic_fold[] = {
    {0x0622, 0x0627}, /* آ */ {0x0623, 0x0627}, /* أ */ {0x0625, 0x0627}, /* إ */
    {0x0671, 0x0627}, /* ٱ */ {0x0649, 0x064A}, /* ى */ {0x0629, 0x0647}, /* ة */
    {0x0624, 0x0648}, /* ؤ → و */ {0x0626, 0x064A}, /* ئ → ي */
};

int normalize_is_arabic(int32_t cp)
{
    return (cp >= 0x0600 && cp <= 0x06FF) || (cp >= 0x0750 && cp <= 0x077F) ||
           (cp >= 0x08A0 && cp <= 0x08FF) || (cp >= 0xFB50 && cp <= 0xFDFF) ||
           (cp >= 0xFE70 && cp <= 0xFEFF);
}

int normalize_is_tifinagh(int32_t cp) { return cp >= 0x2D30 && cp <= 0x2D7F; }

int normalize_is_latin_letter(int32_t cp)
{
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
           (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7);
}

static int is_dropped(int32_t cp)
{
    for (size_t i = 0; i < sizeof dropped / sizeof dropped[0]; i++)
        if (cp >= dropped[i].lo && cp <= dropped[i].hi) return 1;
    return 0;
}

/* Latin accent fold of one codepoint into out[0..1]; returns the number written. */
static int fold_accent(int32_t cp, int32_t out[2])
{
    if (cp == 0x153 || cp == 0x152) return out[0] = 'o', out[1] = 'e', 2;
    if (cp == 0xE6 || cp == 0xC6) return out[0] = 'a', out[1] = 'e', 2;
    if (cp >= 0xC0 && cp <= 0x24F) {
        utf8proc_int32_t d[4];
        int last = 0;
        utf8proc_ssize_t n = utf8proc_decompose_char(cp, d, 4, UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK, &last);
        if (n == 1) return out[0] = d[0], 1;
    }
    return out[0] = cp, 1;
}

/* map_cp: the project's per-codepoint mapping after NFKC; returns 0..2 codepoints. */
static int map_cp(int32_t cp, unsigned flags, int32_t out[2])
{
    if (cp < 0x80) return out[0] = cp, 1;
    if (is_dropped(cp)) return 0;
    if (cp >= 0x0660 && cp <= 0x0669) return out[0] = '0' + (cp - 0x0660), 1;
    if (cp >= 0x06F0 && cp <= 0x06F9) return out[0] = '0' + (cp - 0x06F0), 1;
    if (cp == 0x2019 || cp == 0x02BC) return out[0] = '\'', 1;
    if (flags & NORMALIZE_ARABIC_LETTERS)
        for (size_t i = 0; i < sizeof arabic_fold / sizeof arabic_fold[0]; i++)
            if (cp == arabic_fold[i].from) return out[0] = arabic_fold[i].to, 1;
    if (flags & NORMALIZE_ACCENTS) return fold_accent(cp, out);
    return out[0] = cp, 1;
}

/* simple_cp: cp after NFKC + case folding when that is trivial — ASCII, the Arabic block
 * without the composing maddah/hamza marks, Latin-1 letters other than ß — else clears
 * *simple (the caller then runs utf8proc). */
static int32_t simple_cp(int32_t cp, int *simple)
{
    if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    if (cp >= 0x0600 && cp <= 0x06FF && !(cp >= 0x0653 && cp <= 0x0655) && cp != 0x0675 && cp != 0x0676 &&
        cp != 0x0677 && cp != 0x0678)
        return cp;
    if (cp >= 0xE0 && cp <= 0xFF && cp != 0xF7) return cp;
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 32;
    *simple = 0;
    return cp;
}

/* Encodes mapped codepoints into dst; stops at NORMALIZE_MAX_CHARS codepoints. */
static size_t emit(char *dst, const utf8proc_int32_t *cps, size_t n, unsigned flags)
{
    size_t len = 0, chars = 0;
    for (size_t i = 0; i < n && chars < NORMALIZE_MAX_CHARS; i++) {
        int32_t m[2];
        int k = map_cp(cps[i], flags, m);
        for (int j = 0; j < k && chars < NORMALIZE_MAX_CHARS; j++, chars++)
            len += (size_t)utf8proc_encode_char(m[j], (utf8proc_uint8_t *)dst + len);
    }
    dst[len] = '\0';
    return len;
}

int normalize_word(char *dst, size_t *outlen, size_t cap, const char *src, size_t len,
                   unsigned flags)
{
    if (cap < NORMALIZE_MAX_BYTES) return E_LIMIT;
    size_t i = 0;
    while (i < len && (unsigned char)src[i] < 0x80) i++;
    if (i == len) { /* ASCII fast path */
        size_t n = len < NORMALIZE_MAX_CHARS ? len : NORMALIZE_MAX_CHARS;
        for (size_t j = 0; j < n; j++)
            dst[j] = (char)((src[j] >= 'A' && src[j] <= 'Z') ? src[j] + 32 : src[j]);
        dst[n] = '\0';
        *outlen = n;
        return 0;
    }
    /* Cut the input at NORMALIZE_MAX_CHARS codepoints before decomposing; note on the way
     * whether every codepoint is one NFKC + case folding leaves alone (or just lowers). */
    size_t lim = 0, chars = 0;
    utf8proc_int32_t cps[CP_BUF];
    int simple = 1;
    while (lim < len && chars < NORMALIZE_MAX_CHARS) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)src + lim, (utf8proc_ssize_t)(len - lim), &cp);
        if (k <= 0) return E_INVALID;
        lim += (size_t)k;
        cps[chars++] = simple_cp(cp, &simple);
    }
    if (simple) {
        *outlen = emit(dst, cps, chars, flags);
        return 0;
    }
    utf8proc_ssize_t n;
    for (;;) {
        n = utf8proc_decompose_custom((const utf8proc_uint8_t *)src, (utf8proc_ssize_t)lim, cps, CP_BUF, UNI_OPTS, NULL, NULL);
        if (n < 0) return E_INVALID;
        if (n <= CP_BUF) break;
        lim /= 2; /* pathological expansion (ligatures of ligatures): keep a prefix */
        while (lim > 0 && ((unsigned char)src[lim] & 0xC0) == 0x80) lim--;
    }
    n = utf8proc_normalize_utf32(cps, n, UNI_OPTS);
    if (n < 0) return E_INVALID;
    *outlen = emit(dst, cps, (size_t)n, flags);
    return 0;
}

size_t normalize_fold(char *word, size_t len, unsigned flags)
{
    size_t r = 0, w = 0;
    while (r < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)word + r, (utf8proc_ssize_t)(len - r), &cp);
        if (k <= 0) break; /* normalised input is valid UTF-8; stop defensively */
        r += (size_t)k;
        int32_t m[2];
        int c = map_cp(cp, flags, m);
        for (int j = 0; j < c; j++) w += (size_t)utf8proc_encode_char(m[j], (utf8proc_uint8_t *)word + w);
    }
    word[w] = '\0';
    return w;
}

static const char *const elisions[] = {"jusqu'", "lorsqu'", "puisqu'", "qu'", "l'", "d'", "j'",
                                       "n'", "s'", "c'", "m'", "t'"};

size_t normalize_elision(const char *word, size_t len)
{
    for (size_t i = 0; i < sizeof elisions / sizeof elisions[0]; i++) {
        size_t n = strlen(elisions[i]);
        if (len > n && memcmp(word, elisions[i], n) == 0) return n;
    }
    return 0;
}
