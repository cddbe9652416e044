/*
 * arshape.c — Arabic shaping to presentation forms and right-to-left ordering (see arshape.h).
 *
 * The table gives, for each code point from U+0621, the first presentation form and how many
 * forms it has: 4 (dual-joining: isolated, final, initial, medial), 2 (right-joining: isolated,
 * final), 1 (non-joining), 0 (no form: left as it is).
 */
#include "app/events/arshape.h"

#include <stdint.h>
#include <string.h>

static const struct {
    uint16_t base;
    uint8_t nforms;
} forms[] = {
    /* 0621 */ {0xFE80, 1}, {0xFE81, 2}, {0xFE83, 2}, {0xFE85, 2}, {0xFE87, 2}, {0xFE89, 4}, {0xFE8D, 2},
    /* 0628 */ {0xFE8F, 4}, {0xFE93, 2}, {0xFE95, 4}, {0xFE99, 4}, {0xFE9D, 4}, {0xFEA1, 4}, {0xFEA5, 4},
    /* 062F */ {0xFEA9, 2}, {0xFEAB, 2}, {0xFEAD, 2}, {0xFEAF, 2}, {0xFEB1, 4}, {0xFEB5, 4}, {0xFEB9, 4},
    /* 0636 */ {0xFEBD, 4}, {0xFEC1, 4}, {0xFEC5, 4}, {0xFEC9, 4}, {0xFECD, 4},
    /* 063B */ {0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0},
    /* 0640 */ {0, 0}, {0xFED1, 4}, {0xFED5, 4}, {0xFED9, 4}, {0xFEDD, 4}, {0xFEE1, 4}, {0xFEE5, 4},
    /* 0647 */ {0xFEE9, 4}, {0xFEED, 2}, {0xFEEF, 2}, {0xFEF1, 4},
};

enum { FIRST = 0x0621, LAST = 0x064A, TATWEEL = 0x0640, LAM = 0x0644 };

static int is_mark(uint32_t c) { return (c >= 0x064B && c <= 0x065F) || c == 0x0670; }
static int is_letter(uint32_t c) { return c >= FIRST && c <= LAST && (forms[c - FIRST].nforms || c == TATWEEL); }
/* joins to the next letter (on its left, in writing) */
static int joins_next(uint32_t c) { return c == TATWEEL || (is_letter(c) && forms[c - FIRST].nforms == 4); }
/* joins to the previous letter */
static int joins_prev(uint32_t c) { return c == TATWEEL || (is_letter(c) && forms[c - FIRST].nforms >= 2); }

static int lam_alef(uint32_t alef)
{
    switch (alef) {
    case 0x0622: return 0xFEF5;
    case 0x0623: return 0xFEF7;
    case 0x0625: return 0xFEF9;
    case 0x0627: return 0xFEFB;
    default: return 0;
    }
}

static size_t decode(uint32_t *out, const char *s)
{
    size_t n = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        uint32_t c;
        int len;
        if (*p < 0x80) c = *p, len = 1;
        else if ((*p & 0xE0) == 0xC0) c = *p & 0x1F, len = 2;
        else if ((*p & 0xF0) == 0xE0) c = *p & 0x0F, len = 3;
        else if ((*p & 0xF8) == 0xF0) c = *p & 0x07, len = 4;
        else {
            p++;
            continue;
        }
        int ok = 1;
        for (int i = 1; i < len; i++) {
            if ((p[i] & 0xC0) != 0x80) ok = 0;
            if (!ok) break;
            c = (c << 6) | (p[i] & 0x3F);
        }
        if (!ok) {
            p++;
            continue;
        }
        out[n++] = c;
        p += len;
    }
    return n;
}

static char *encode(arena *a, const uint32_t *cp, size_t n)
{
    char *out = arena_alloc(a, n * 4 + 1), *o = out;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = cp[i];
        if (c < 0x80) *o++ = (char)c;
        else if (c < 0x800) *o++ = (char)(0xC0 | c >> 6), *o++ = (char)(0x80 | (c & 0x3F));
        else if (c < 0x10000)
            *o++ = (char)(0xE0 | c >> 12), *o++ = (char)(0x80 | ((c >> 6) & 0x3F)), *o++ = (char)(0x80 | (c & 0x3F));
        else
            *o++ = (char)(0xF0 | c >> 18), *o++ = (char)(0x80 | ((c >> 12) & 0x3F)),
            *o++ = (char)(0x80 | ((c >> 6) & 0x3F)), *o++ = (char)(0x80 | (c & 0x3F));
    }
    *o = 0;
    return out;
}

int arshape_has_arabic(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    for (; *p; p++) /* U+0600–U+06FF is D8 80 – DB BF in UTF-8 */
        if (*p >= 0xD8 && *p <= 0xDB) return 1;
    return 0;
}

/* the neighbouring letter, skipping harakat; 0 at the ends */
static uint32_t neighbour(const uint32_t *cp, size_t n, size_t i, int step)
{
    for (size_t j = i; (step < 0 && j > 0) || (step > 0 && j + 1 < n);) {
        j = step < 0 ? j - 1 : j + 1;
        if (!is_mark(cp[j])) return cp[j];
    }
    return 0;
}

static size_t shape(uint32_t *out, const uint32_t *cp, size_t n)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = cp[i];
        if (!is_letter(c) || c == TATWEEL) {
            out[m++] = c;
            continue;
        }
        uint32_t prev = neighbour(cp, n, i, -1), next = neighbour(cp, n, i, 1);
        int jp = joins_next(prev) && joins_prev(c);
        if (c == LAM && i + 1 < n && lam_alef(cp[i + 1])) {
            out[m++] = (uint32_t)lam_alef(cp[++i]) + (jp ? 1 : 0);
            continue;
        }
        int jn = joins_next(c) && joins_prev(next);
        int f = forms[c - FIRST].nforms == 1 ? 0 : jp && jn ? 3 : jn ? 2 : jp ? 1 : 0;
        out[m++] = forms[c - FIRST].base + (uint32_t)f;
    }
    return m;
}

static int is_rtl(uint32_t c) { return (c >= 0x0590 && c <= 0x08FF) || (c >= 0xFB1D && c <= 0xFEFC); }
static int is_ltr(uint32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0xC0 && c < 0x590);
}

static uint32_t mirror(uint32_t c)
{
    switch (c) {
    case '(': return ')';
    case ')': return '(';
    case '[': return ']';
    case ']': return '[';
    case 0xAB: return 0xBB;
    case 0xBB: return 0xAB;
    default: return c;
    }
}

char *arshape_visual(arena *a, const char *s)
{
    if (!arshape_has_arabic(s)) return arena_strdup(a, s);
    size_t len = strlen(s);
    uint32_t *cp = arena_alloc_array(a, len + 1, sizeof *cp), *sh = arena_alloc_array(a, len + 1, sizeof *sh);
    uint32_t *out = arena_alloc_array(a, len + 1, sizeof *out);
    size_t n = shape(sh, cp, decode(cp, s)), m = 0;
    /* runs, from the logical end: an LTR run is a stretch from an LTR character to the last LTR
     * character before the next RTL one (neutrals inside it stay with it) */
    size_t end = n;
    while (end > 0) {
        size_t i = end - 1;
        if (is_ltr(sh[i])) {
            size_t startr = i;
            while (startr > 0 && !is_rtl(sh[startr - 1])) startr--;
            while (startr < i && !is_ltr(sh[startr])) startr++;
            for (size_t k = startr; k <= i; k++) out[m++] = sh[k];
            end = startr;
        } else {
            out[m++] = mirror(sh[i]);
            end = i;
        }
    }
    return encode(a, out, m);
}
