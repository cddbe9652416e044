/*
 * bot_scrub.c — personal data out of stored questions, and the check of an LLM's citations
 * (see bot_text.h). Both are byte scanners over UTF-8 text: the patterns they look for are
 * ASCII, and a byte >= 0x80 (part of an Arabic or accented letter) is never part of one, so
 * multi-byte characters pass through untouched.
 */
#include <ctype.h>
#include <string.h>

#include "app/bot/bot_text.h"
#include "base/buf.h"
#include "base/err.h"

static int is_alnum(unsigned char c) { return c < 0x80 && isalnum(c); }
static int is_alpha(unsigned char c) { return c < 0x80 && isalpha(c); }
static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static int is_local(unsigned char c) { return is_alnum(c) || (c && strchr("._%+-", c)); }

/* email: local@domain.tld starting at i; returns its length or 0. */
static size_t match_email(const unsigned char *s, size_t len, size_t i)
{
    size_t j = i;
    while (j < len && is_local(s[j])) j++;
    if (j == i || j >= len || s[j] != '@') return 0;
    size_t d = ++j, dot = 0;
    while (j < len && (is_alnum(s[j]) || s[j] == '-' || s[j] == '.')) j++;
    while (j > d && s[j - 1] == '.') j--; /* a full stop after the address */
    for (size_t k = d; k < j; k++)
        if (s[k] == '.') dot = k;
    if (dot <= d || dot + 3 > j || !is_alpha(s[j - 1])) return 0;
    return j - i;
}

/* phone: + or 0 first, digits with single separators; 9..15 digits. */
static size_t match_phone(const unsigned char *s, size_t len, size_t i)
{
    size_t j = i, digits = 0, last = 0;
    if (s[j] == '(') j++;
    int plus = j < len && s[j] == '+';
    if (plus) j++;
    if (j >= len || !is_digit(s[j]) || (!plus && s[j] != '0')) return 0;
    while (j < len) {
        if (is_digit(s[j])) {
            digits++;
            last = j + 1;
            j++;
        } else if (strchr(" .-()", s[j]) && s[j] && j + 1 < len && (is_digit(s[j + 1]) || s[j + 1] == '(')) {
            j++;
        } else {
            break;
        }
    }
    if (digits < 9 || digits > 15 || (last < len && is_alnum(s[last]))) return 0;
    return last - i;
}

/* letters then digits, as a whole word: nl letters (lo..hi) and nd digits (dlo..dhi). */
static size_t match_code(const unsigned char *s, size_t len, size_t i, size_t llo, size_t lhi, size_t dlo, size_t dhi)
{
    size_t j = i;
    while (j < len && is_alpha(s[j])) j++;
    size_t nl = j - i;
    if (nl < llo || nl > lhi) return 0;
    size_t k = j;
    while (k < len && is_digit(s[k])) k++;
    size_t nd = k - j;
    if (nd < dlo || nd > dhi || (k < len && is_alnum(s[k]))) return 0;
    return k - i;
}

char *bot_scrub(arena *a, const char *text, size_t len, int *found)
{
    const unsigned char *s = (const unsigned char *)text;
    char *out = arena_alloc(a, 2 * len + 8); /* a tag is at most 7/6 of what it replaces */
    size_t o = 0;
    int n = 0;
    static const struct {
        const char *tag;
        int kind;
    } kinds[] = {{"[email]", 0}, {"[phone]", 1}, {"[massar]", 2}, {"[cin]", 3}};
    for (size_t i = 0; i < len;) {
        size_t m = 0;
        int k = 0;
        int boundary = i == 0 || (!is_alnum(s[i - 1]) && !strchr("._%+-@", s[i - 1]));
        if (boundary) {
            for (k = 0; k < 4 && m == 0; k++) {
                switch (kinds[k].kind) {
                case 0: m = match_email(s, len, i); break;
                case 1: m = match_phone(s, len, i); break;
                case 2: m = match_code(s, len, i, 1, 1, 9, 9); break;
                default: m = match_code(s, len, i, 1, 2, 4, 6); break;
                }
            }
            k--;
        }
        if (m) {
            size_t tl = strlen(kinds[k].tag);
            memcpy(out + o, kinds[k].tag, tl);
            o += tl;
            i += m;
            n++;
        } else {
            out[o++] = (char)s[i++];
        }
    }
    out[o] = 0;
    if (found) *found = n;
    return out;
}

int bot_citations_check(uint64_t *cited, const char *answer, size_t n)
{
    *cited = 0;
    int count = 0;
    for (const char *p = strchr(answer, '['); p; p = strchr(p + 1, '[')) {
        const char *q = p + 1;
        size_t span = strspn(q, "0123456789, ");
        if (q[span] != ']' || span == 0 || !is_digit((unsigned char)*q)) continue; /* not a citation */
        while (q < p + 1 + span) {
            if (!is_digit((unsigned char)*q)) {
                q++;
                continue;
            }
            unsigned long k = 0;
            while (is_digit((unsigned char)*q) && k < 1000) k = k * 10 + (unsigned long)(*q++ - '0');
            if (k < 1 || k > n) return E_INVALID;
            if (k <= 64) *cited |= (uint64_t)1 << (k - 1);
            count++;
        }
    }
    return count ? 0 : E_INVALID;
}
