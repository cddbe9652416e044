/*
 * grade.c — grading responses (see grade.h).
 *
 * Grading is total: whatever a client sends, the result is filled in, and an unreadable
 * response is wrong rather than an error. Numbers are compared as exact rationals (a learner's
 * "0,1" is exactly 1/10), so tolerance 0 means equality, not a floating-point accident.
 * Short text is compared word by word through the project's normaliser, one word at a time
 * into stack buffers: no allocation on the hot path.
 */
#include "app/content/grade.h"

#include <string.h>

#include "base/err.h"
#include "text/normalize.h"

static const ctext accents_feedback = {
    {"الْجَوابُ صَحيحٌ، لكِنِ انْتَبِهْ إلى النَّبَراتِ (é, è, à…) في الْكِتابَةِ الْفَرَنْسِيَّةِ.",
     "C'est juste, mais attention aux accents (é, è, à…) !", "Right, but mind the accents (é, è, à…)!", NULL},
    0};

static void result_init(grade_result *out)
{
    memset(out, 0, sizeof *out);
    out->mistake = -1;
}

static void unreadable(grade_result *out) { out->misconception = "unreadable"; }

/* ---- numbers ---- */

/* decode: one UTF-8 codepoint at s (NUL-terminated); *n its length; -1 when malformed. */
static int32_t decode(const char *s, size_t *n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] < 0x80) {
        *n = 1;
        return u[0];
    }
    int len = (u[0] & 0xE0) == 0xC0 ? 2 : (u[0] & 0xF0) == 0xE0 ? 3 : (u[0] & 0xF8) == 0xF0 ? 4 : 0;
    if (!len) return -1;
    int32_t cp = u[0] & (0x7F >> len);
    for (int i = 1; i < len; i++) {
        if ((u[i] & 0xC0) != 0x80) return -1;
        cp = (cp << 6) | (u[i] & 0x3F);
    }
    *n = (size_t)len;
    return cp;
}

/* The characters a number may hold, and what each one means. */
enum { C_DIGIT, C_DECIMAL, C_GROUP, C_MINUS, C_SLASH, C_SPACE, C_OTHER };

static int classify(int32_t cp, int *digit)
{
    static const struct {
        int32_t lo, hi;
        int cls;
    } table[] = {
        {'0', '9', C_DIGIT},       {0x0660, 0x0669, C_DIGIT}, {0x06F0, 0x06F9, C_DIGIT},
        {',', ',', C_DECIMAL},     {'.', '.', C_DECIMAL},     {0x066B, 0x066B, C_DECIMAL},
        {0x066C, 0x066C, C_GROUP}, {0x00A0, 0x00A0, C_GROUP}, {0x202F, 0x202F, C_GROUP},
        {0x2009, 0x2009, C_GROUP}, {' ', ' ', C_SPACE},       {'-', '-', C_MINUS},
        {0x2212, 0x2212, C_MINUS}, {'/', '/', C_SLASH},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (cp >= table[i].lo && cp <= table[i].hi) {
            if (table[i].cls == C_DIGIT) *digit = (int)(cp - table[i].lo);
            return table[i].cls;
        }
    return C_OTHER;
}

int grade_parse_number(expr_value *out, const char *s)
{
    char ascii[96];
    size_t n = 0, len;
    int ndigits_group = -1; /* digits since the last group separator, -1 when none seen */
    int seen_decimal = 0, seen_slash = 0, seen_digit = 0;
    while (*s == ' ') s++;
    for (const char *p = s; *p; p += len) {
        int digit = 0;
        int32_t cp = decode(p, &len);
        if (cp < 0) return E_INVALID;
        int cls = classify(cp, &digit);
        if (cls == C_SPACE) {
            const char *q = p;
            while (*q == ' ') q++;
            if (!*q) break; /* trailing spaces */
            cls = C_GROUP;
        }
        if (n + 2 >= sizeof ascii) return E_INVALID;
        switch (cls) {
        case C_DIGIT:
            ascii[n++] = (char)('0' + digit);
            seen_digit = 1;
            if (ndigits_group >= 0) ndigits_group++;
            break;
        case C_GROUP:
            if (!seen_digit || seen_decimal || seen_slash || (ndigits_group >= 0 && ndigits_group != 3))
                return E_INVALID;
            ndigits_group = 0;
            break;
        case C_DECIMAL:
        case C_SLASH:
            if (ndigits_group >= 0 && ndigits_group != 3) return E_INVALID;
            if (!seen_digit || seen_decimal || seen_slash) return E_INVALID;
            ndigits_group = -1;
            seen_decimal |= cls == C_DECIMAL;
            seen_slash |= cls == C_SLASH;
            seen_digit = 0;
            ascii[n++] = cls == C_DECIMAL ? '.' : '/';
            break;
        case C_MINUS:
            if (n) return E_INVALID;
            ascii[n++] = '-';
            break;
        default: return E_INVALID;
        }
    }
    if (!seen_digit || (ndigits_group >= 0 && ndigits_group != 3)) return E_INVALID;
    expr_error e;
    return expr_eval(out, &e, NULL, ascii, n) ? E_INVALID : 0;
}

/* within: |x - y| <= tol, exactly. */
static int within(expr_value x, expr_value y, expr_value tol)
{
    __int128 diff = (__int128)x.num * y.den - (__int128)y.num * x.den; /* over x.den*y.den */
    if (diff < 0) diff = -diff;
    return diff * tol.den <= (__int128)tol.num * x.den * y.den;
}

static void grade_numeric(grade_result *out, const content_item *it, const char *response)
{
    expr_value v;
    if (grade_parse_number(&v, response)) {
        unreadable(out);
        return;
    }
    if (within(v, it->answer, it->tolerance)) {
        out->correct = 1;
        out->score = 1;
        return;
    }
    for (size_t i = 0; i < it->nmistakes; i++)
        if (within(v, it->mistake_value[i], it->tolerance)) {
            out->mistake = (int)i;
            out->misconception = it->tpl->mistakes[i].code;
            out->feedback = it->mistake_feedback[i];
            return;
        }
}

/* ---- indices ---- */

/* parse_indices: "2,0,1" into idx[0..n) each < bound; 0, or -1 when malformed. */
static int parse_indices(int *idx, size_t n, size_t bound, const char *s)
{
    size_t k = 0;
    while (*s) {
        while (*s == ' ') s++;
        if (*s < '0' || *s > '9' || k == n) return -1;
        int v = 0;
        while (*s >= '0' && *s <= '9') {
            v = v * 10 + (*s++ - '0');
            if (v > 1000) return -1;
        }
        while (*s == ' ') s++;
        if ((size_t)v >= bound) return -1;
        idx[k++] = v;
        if (*s == ',') s++;
        else if (*s) return -1;
    }
    return k == n ? 0 : -1;
}

static void grade_choice(grade_result *out, const content_item *it, const char *response)
{
    int i;
    if (parse_indices(&i, 1, it->nchoices, response)) {
        unreadable(out);
        return;
    }
    out->correct = it->choice_correct[i];
    out->score = out->correct;
    out->feedback = it->choice_feedback[i];
    if (!out->correct) {
        out->mistake = i;
        out->misconception = it->choice_misconception[i];
    }
}

static void grade_positions(grade_result *out, const content_item *it, const char *response)
{
    int idx[16];
    size_t n = it->type == ITEM_ORDER ? it->nitems : it->npairs;
    if (n > 16 || parse_indices(idx, n, n, response)) {
        unreadable(out);
        return;
    }
    size_t right = 0;
    for (size_t k = 0; k < n; k++)
        right += it->type == ITEM_ORDER ? it->order_pos[idx[k]] == (int)k : it->right_pair[idx[k]] == (int)k;
    out->correct = right == n;
    out->score = (double)right / (double)n;
}

/* ---- text ---- */

/* next_word: bounds of the next word of s from *pos; 0 at the end. Separators are ASCII spaces
 * and punctuation (the apostrophe and hyphen stay inside words) and Arabic and French
 * punctuation marks: ، ؛ ؟ « » and no-break spaces. */
static int next_word(const char *s, size_t *pos, size_t *start, size_t *len)
{
    static const int32_t seps[] = {0x060C, 0x061B, 0x061F, 0x00AB, 0x00BB, 0x00A0, 0x202F, 0x2026, 0x06D4};
    size_t p = *pos, n;
    int in_word = 0;
    *start = p;
    while (s[p]) {
        int32_t cp = decode(s + p, &n);
        if (cp < 0) n = 1;
        int sep = cp >= 0 && cp < 0x80 && !((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
                                            (cp >= 'A' && cp <= 'Z') || cp == '\'' || cp == '-');
        for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++) sep |= cp == seps[i];
        if (sep && in_word) break;
        if (!sep && !in_word) {
            in_word = 1;
            *start = p;
        }
        p += n;
    }
    *pos = p;
    *len = p - *start;
    return in_word;
}

static int words_equal(const char *a, const char *b, unsigned flags)
{
    size_t pa = 0, pb = 0, sa, la, sb, lb;
    for (;;) {
        int wa = next_word(a, &pa, &sa, &la), wb = next_word(b, &pb, &sb, &lb);
        if (wa != wb) return 0;
        if (!wa) return 1;
        char na[NORMALIZE_MAX_BYTES], nb[NORMALIZE_MAX_BYTES];
        size_t ka, kb;
        if (normalize_word(na, &ka, sizeof na, a + sa, la, flags) ||
            normalize_word(nb, &kb, sizeof nb, b + sb, lb, flags))
            return 0;
        ka = normalize_fold(na, ka, flags);
        kb = normalize_fold(nb, kb, flags);
        if (ka != kb || memcmp(na, nb, ka) != 0) return 0;
    }
}

int grade_text_equal(const char *a, const char *b)
{
    if (words_equal(a, b, NORMALIZE_ARABIC_LETTERS)) return 2;
    if (words_equal(a, b, NORMALIZE_ARABIC_LETTERS | NORMALIZE_ACCENTS)) return 1;
    return 0;
}

/* best_match: the best grade_text_equal of response against any language of t. */
static int best_match(const ctext *t, const char *response)
{
    int best = 0;
    for (int l = 0; l < LANG_COUNT && best < 2; l++) {
        if (!t->s[l] || (l > 0 && t->s[l] == t->s[l - 1])) continue;
        int m = grade_text_equal(t->s[l], response);
        if (m > best) best = m;
    }
    return best;
}

static void grade_text(grade_result *out, const content_item *it, const char *response)
{
    int best = 0;
    for (size_t i = 0; i < it->naccept && best < 2; i++) {
        int m = best_match(&it->accept[i], response);
        if (m > best) best = m;
    }
    for (size_t i = 0; i < it->nmistakes && best < 2; i++)
        if (best_match(&it->mistake_response[i], response) == 2) {
            out->mistake = (int)i;
            out->misconception = it->tpl->mistakes[i].code;
            out->feedback = it->mistake_feedback[i];
            return;
        }
    if (best) {
        out->correct = 1;
        out->score = 1;
    }
    if (best == 1) {
        out->misconception = "accents";
        out->feedback = accents_feedback;
    }
}

int grade_response(grade_result *out, const content_item *it, const char *response)
{
    result_init(out);
    if (strlen(response) > GRADE_MAX_RESPONSE) {
        unreadable(out);
        return E_LIMIT;
    }
    switch (it->type) {
    case ITEM_CHOICE: grade_choice(out, it, response); break;
    case ITEM_NUMERIC: grade_numeric(out, it, response); break;
    case ITEM_TEXT: grade_text(out, it, response); break;
    case ITEM_ORDER:
    case ITEM_MATCH: grade_positions(out, it, response); break;
    default: unreadable(out); break;
    }
    return 0;
}
