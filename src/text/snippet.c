/*
 * snippet.c — sentence splitting and best-sentence selection (see snippet.h).
 *
 * Splitting is a single scan for terminators with two guards against false ends (decimal
 * points, single-letter abbreviations). Scoring walks the passage's terms once: both the terms
 * and the sentences are in text order, so a moving sentence cursor places each term; a stamp
 * per query term (the last sentence that counted it) makes each distinct term count once
 * per sentence.
 */
#include "text/snippet.h"

#include <string.h>
#include <utf8proc.h>

#include "base/err.h"

static int is_terminator(int32_t cp)
{
    return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026 /* … */ || cp == 0x061F /* ؟ */ ||
           cp == 0x061B /* ؛ */ || cp == 0x06D4 /* ۔ */ || cp == '\n';
}

static int is_closer(unsigned char c) { return c == '"' || c == '\'' || c == ')' || c == ']' || c == 0xBB; }

static int is_space(const char *t, size_t i, size_t len, size_t *k)
{
    unsigned char c = (unsigned char)t[i];
    *k = 1;
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return 1;
    if (c == 0xC2 && i + 1 < len && (unsigned char)t[i + 1] == 0xA0) return *k = 2, 1; /* nbsp */
    return 0;
}

static int is_ascii_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A '.' at i that does not end a sentence: 3.14, or "M." / "J.-C." (one letter before it). */
static int false_stop(const char *t, size_t i, size_t len)
{
    int digit_before = i > 0 && t[i - 1] >= '0' && t[i - 1] <= '9';
    int digit_after = i + 1 < len && t[i + 1] >= '0' && t[i + 1] <= '9';
    if (digit_before && digit_after) return 1;
    int one_letter = i > 0 && is_ascii_alnum((unsigned char)t[i - 1]) && !(t[i - 1] >= '0' && t[i - 1] <= '9') &&
                     (i == 1 || !is_ascii_alnum((unsigned char)t[i - 2]));
    return one_letter;
}

static void add_span(snippet_span *sp, size_t *n, const char *t, size_t s, size_t e, size_t len)
{
    size_t k;
    while (s < e && is_space(t, s, len, &k)) s += k;
    while (e > s && (t[e - 1] == ' ' || t[e - 1] == '\t' || t[e - 1] == '\r' || t[e - 1] == '\n')) e--;
    if (e > s) sp[(*n)++] = (snippet_span){(uint32_t)s, (uint32_t)e};
}

int snippet_sentences(snippet_span **out, size_t *n, arena *a, const char *text, size_t len)
{
    *n = 0;
    *out = NULL;
    if (len >= (size_t)INT32_MAX) return E_LIMIT;
    /* at most one sentence per terminator, plus the tail */
    size_t cap = 1;
    for (size_t i = 0; i < len; i++)
        cap += text[i] == '.' || text[i] == '!' || text[i] == '?' || text[i] == '\n' || (unsigned char)text[i] == 0xD8 ||
               (unsigned char)text[i] == 0xDB || (unsigned char)text[i] == 0xE2;
    snippet_span *sp = arena_alloc_array(a, cap, sizeof *sp);
    size_t s = 0, i = 0;
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)text + i, (utf8proc_ssize_t)(len - i), &cp);
        if (k <= 0) k = 1, cp = 0;
        i += (size_t)k;
        if (!is_terminator(cp) || (cp == '.' && false_stop(text, i - 1, len))) continue;
        while (i < len && (is_terminator((unsigned char)text[i]) || is_closer((unsigned char)text[i]))) i++;
        add_span(sp, n, text, s, i, len);
        s = i;
    }
    add_span(sp, n, text, s, len, len);
    *out = sp;
    return 0;
}

/* find: index of h in the query stream (linear: queries have tens of terms), or -1 */
static long find(const uint64_t *t, size_t n, uint64_t h)
{
    for (size_t i = 0; i < n; i++)
        if (t[i] == h) return (long)i;
    return -1;
}

int snippet_best(snippet_span *out, double *score, arena *a, const char *text, size_t len,
                 const analyze_result *terms, const snippet_query *q)
{
    snippet_span *sp;
    size_t ns;
    int rc = snippet_sentences(&sp, &ns, a, text, len);
    if (rc) return rc;
    if (ns == 0) return E_NOTFOUND;
    double *sc = arena_alloc_array(a, ns, sizeof *sc);
    for (int f = 0; f < ANALYZE_NSTREAMS; f++) {
        const analyze_stream *st = &terms->s[f];
        size_t *stamp = arena_alloc_array(a, q->n[f] ? q->n[f] : 1, sizeof *stamp);
        size_t cur = 0;
        for (size_t i = 0; i < st->n; i++) {
            while (cur + 1 < ns && st->start[i] >= sp[cur].end) cur++;
            long qi = find(q->terms[f], q->n[f], st->term[i]);
            if (qi < 0 || stamp[qi] == cur + 1) continue;
            stamp[qi] = cur + 1;
            sc[cur] += q->weight[f][qi];
        }
    }
    size_t best = 0;
    for (size_t i = 1; i < ns; i++)
        if (sc[i] > sc[best]) best = i;
    *out = sp[best];
    *score = sc[best];
    return 0;
}
