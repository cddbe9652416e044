/*
 * gift.c — the GIFT importer (see gift.h).
 *
 * Two passes. The first cuts the file into paragraphs (questions), dropping comment lines and
 * remembering the line each paragraph starts on. The second parses one question: the title,
 * the format, the text around the answer block, then the block itself, which is split on the
 * unescaped markers = ~ # and classified by its shape (numeric, true/false, matching, short
 * answer, multiple choice). Text stays escaped until it is stored, so an escaped marker never
 * splits anything.
 */
#include "app/content/gift.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/content/expr.h"
#include "base/err.h"

typedef struct span {
    const char *s;
    size_t n;
} span;

typedef struct answer {
    char kind; /* '=' or '~' */
    int weight;
    span text, feedback;
} answer;

typedef struct gparser {
    arena *a;
    buf *errors;
    const char *name;
    const import_opts *o;
    long line;
    const char *category;
    int html;
} gparser;

/* fail: reports problem `code` at the current question's line; E_INVALID. */
static int fail(gparser *g, import_code code) { return import_report(g->errors, g->o->problems, g->name, g->line, code, NULL); }

static span trim(span x)
{
    while (x.n && isspace((unsigned char)x.s[0])) x.s++, x.n--;
    while (x.n && isspace((unsigned char)x.s[x.n - 1])) x.n--;
    return x;
}

/* find: the first unescaped occurrence of any char of `set` in x, or NULL. */
static const char *find(span x, const char *set)
{
    for (size_t i = 0; i < x.n; i++) {
        if (x.s[i] == '\\') {
            i++;
            continue;
        }
        if (strchr(set, x.s[i])) return x.s + i;
    }
    return NULL;
}

static const char *find_str(span x, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= x.n; i++) {
        if (x.s[i] == '\\') {
            i++;
            continue;
        }
        if (memcmp(x.s + i, needle, n) == 0) return x.s + i;
    }
    return NULL;
}

/* text: unescape a GIFT span and store it as a ctext in the import's language. */
static ctext text(gparser *g, span x)
{
    buf b = BUF_INIT(0);
    x = trim(x);
    for (size_t i = 0; i < x.n; i++) {
        if (x.s[i] == '\\' && i + 1 < x.n) {
            i++;
            buf_putc(&b, x.s[i] == 'n' ? '\n' : x.s[i]);
        } else {
            buf_putc(&b, x.s[i]);
        }
    }
    ctext t = import_text(g->a, g->o->lang, b.data ? b.data : "", b.len, g->html);
    buf_free(&b);
    return t;
}

static int empty(const ctext *t)
{
    for (int l = 0; l < LANG_COUNT; l++)
        if (t->s[l] && *t->s[l]) return 0;
    return 1;
}

/* split_answers: the block's answers, each starting at an unescaped = or ~. */
static int split_answers(gparser *g, answer *ans, size_t *n, span block)
{
    *n = 0;
    block = trim(block);
    if (!block.n || (block.s[0] != '=' && block.s[0] != '~'))
        return fail(g, GIFT_ANSWER_MARKER);
    const char *p = block.s, *end = block.s + block.n;
    while (p < end) {
        if (*n == IMPORT_MAX_ANSWERS) return fail(g, GIFT_TOO_MANY_ANSWERS);
        answer *a = &ans[(*n)++];
        a->kind = *p++;
        a->weight = a->kind == '=' ? 100 : 0;
        const char *next = find((span){p, (size_t)(end - p)}, "=~");
        span body = {p, (size_t)((next ? next : end) - p)};
        body = trim(body);
        if (body.n > 1 && body.s[0] == '%') {
            const char *close = memchr(body.s + 1, '%', body.n - 1);
            if (!close) return fail(g, GIFT_UNTERMINATED_WEIGHT);
            char w[16] = {0};
            size_t wl = (size_t)(close - body.s - 1);
            if (wl == 0 || wl >= sizeof w) return fail(g, GIFT_BAD_WEIGHT);
            memcpy(w, body.s + 1, wl);
            char *stop;
            double v = strtod(w, &stop);
            if (*stop) return fail(g, GIFT_BAD_WEIGHT);
            a->weight = (int)v;
            body.n -= (size_t)(close + 1 - body.s);
            body.s = close + 1;
        }
        const char *hash = find(body, "#");
        a->text = (span){body.s, hash ? (size_t)(hash - body.s) : body.n};
        a->feedback = hash ? (span){hash + 1, (size_t)(body.s + body.n - hash - 1)} : (span){"", 0};
        p = next ? next : end;
    }
    return 0;
}

/* number: check that x is a plain number and return an arena copy of it. */
static const char *number(gparser *g, span x)
{
    x = trim(x);
    char *s = arena_strndup(g->a, x.s, x.n);
    expr_value v;
    expr_error e;
    if (!x.n || expr_eval(&v, &e, NULL, s, x.n)) return NULL;
    for (size_t i = 0; i < x.n; i++)
        if (!strchr("0123456789.-+ ", s[i])) return NULL;
    return s;
}

static int parse_numeric(gparser *g, content_template *t, span body)
{
    body = trim(body);
    answer ans[IMPORT_MAX_ANSWERS];
    size_t n = 0;
    if (body.n && body.s[0] == '=') {
        if (split_answers(g, ans, &n, body)) return E_INVALID;
    } else {
        n = 1;
        ans[0].kind = '=';
        ans[0].weight = 100;
        const char *hash = find(body, "#");
        ans[0].text = (span){body.s, hash ? (size_t)(hash - body.s) : body.n};
        ans[0].feedback = hash ? (span){hash + 1, (size_t)(body.s + body.n - hash - 1)} : (span){"", 0};
    }
    t->mistakes = arena_alloc_array(g->a, n, sizeof *t->mistakes);
    for (size_t i = 0; i < n; i++) {
        span v = trim(ans[i].text), tol = {"", 0};
        const char *colon = memchr(v.s, ':', v.n), *dd = NULL;
        const char *val, *tl = NULL;
        for (size_t j = 0; j + 1 < v.n && !dd; j++)
            if (v.s[j] == '.' && v.s[j + 1] == '.') dd = v.s + j;
        if (dd) {
            const char *lo = number(g, (span){v.s, (size_t)(dd - v.s)});
            const char *hi = number(g, (span){dd + 2, (size_t)(v.s + v.n - dd - 2)});
            if (!lo || !hi) return fail(g, GIFT_BAD_RANGE);
            val = arena_printf(g->a, "((%s) + (%s)) / 2", lo, hi);
            tl = arena_printf(g->a, "abs((%s) - (%s)) / 2", hi, lo);
        } else {
            if (colon) {
                tol = (span){colon + 1, (size_t)(v.s + v.n - colon - 1)};
                v.n = (size_t)(colon - v.s);
            }
            val = number(g, v);
            if (!val) return fail(g, GIFT_NUMERIC_NOT_NUMBER);
            if (tol.n && !(tl = number(g, tol))) return fail(g, GIFT_BAD_TOLERANCE);
        }
        if (ans[i].weight == 100) {
            if (t->answer) return fail(g, GIFT_NUMERIC_ONE_ANSWER);
            t->answer = val;
            t->tolerance = tl;
        } else if (ans[i].weight <= 0) {
            content_mistake *m = &t->mistakes[t->nmistakes++];
            m->code = arena_printf(g->a, "gift_%zu", t->nmistakes);
            m->expr = val;
            m->feedback = text(g, ans[i].feedback);
        } else {
            return fail(g, GIFT_PARTIAL_CREDIT);
        }
    }
    if (!t->answer) return fail(g, GIFT_NUMERIC_NO_ANSWER);
    return 0;
}

static const char *const true_words[] = {"T", "TRUE"};
static const char *const false_words[] = {"F", "FALSE"};

static int word_in(span x, const char *const *words, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(words[i]) == x.n && strncasecmp(x.s, words[i], x.n) == 0) return 1;
    return 0;
}

/* Localised "true"/"false" labels, by language. */
static const char *const tf_labels[LANG_COUNT][2] = {
    {"صَحيح", "خَطَأ"}, {"Vrai", "Faux"}, {"True", "False"}, {"ⵉⵎⵉⴷ", "ⵓⵔ ⵉⵎⵉⴷ"}};

static int parse_truefalse(gparser *g, content_template *t, span body, int value)
{
    const char *h1 = find(body, "#");
    span wrong_fb = {"", 0};
    if (h1) {
        span rest = {h1 + 1, (size_t)(body.s + body.n - h1 - 1)};
        const char *h2 = find(rest, "#");
        wrong_fb = (span){rest.s, h2 ? (size_t)(h2 - rest.s) : rest.n};
    }
    t->type = ITEM_CHOICE;
    t->shuffle = 0;
    t->nchoices = 2;
    t->choices = arena_alloc_array(g->a, 2, sizeof *t->choices);
    for (int i = 0; i < 2; i++) {
        const char *label = tf_labels[g->o->lang][i];
        t->choices[i].text = import_text(g->a, g->o->lang, label, strlen(label), 0);
        t->choices[i].correct = (i == 0) == value;
        if (!t->choices[i].correct) t->choices[i].feedback = text(g, wrong_fb);
    }
    return 0;
}

static int parse_match(gparser *g, content_template *t, const answer *ans, size_t n)
{
    t->type = ITEM_MATCH;
    t->npairs = n;
    t->pairs = arena_alloc_array(g->a, n, sizeof *t->pairs);
    for (size_t i = 0; i < n; i++) {
        const char *arrow = find_str(ans[i].text, "->");
        if (ans[i].kind != '=' || !arrow) return fail(g, GIFT_MATCH_PAIR);
        t->pairs[i].left = text(g, (span){ans[i].text.s, (size_t)(arrow - ans[i].text.s)});
        t->pairs[i].right = text(g, (span){arrow + 2, (size_t)(ans[i].text.s + ans[i].text.n - arrow - 2)});
        if (empty(&t->pairs[i].left) || empty(&t->pairs[i].right))
            return fail(g, GIFT_MATCH_EMPTY_SIDE);
    }
    if (n < 2) return fail(g, GIFT_MATCH_TWO_PAIRS);
    return 0;
}

static int parse_short(gparser *g, content_template *t, const answer *ans, size_t n)
{
    t->type = ITEM_TEXT;
    t->accept = arena_alloc_array(g->a, n, sizeof *t->accept);
    for (size_t i = 0; i < n; i++) {
        if (ans[i].weight != 100) return fail(g, GIFT_SHORT_PARTIAL_CREDIT);
        t->accept[t->naccept++] = text(g, ans[i].text);
        if (empty(&t->accept[i])) return fail(g, GIFT_EMPTY_ANSWER);
    }
    return 0;
}

static int parse_choice(gparser *g, content_template *t, const answer *ans, size_t n)
{
    t->type = ITEM_CHOICE;
    t->nchoices = n;
    t->choices = arena_alloc_array(g->a, n, sizeof *t->choices);
    int right = 0;
    for (size_t i = 0; i < n; i++) {
        if (ans[i].weight > 0 && ans[i].weight < 100)
            return fail(g, GIFT_PARTIAL_CREDIT);
        t->choices[i].text = text(g, ans[i].text);
        t->choices[i].correct = ans[i].weight == 100;
        t->choices[i].feedback = text(g, ans[i].feedback);
        right += t->choices[i].correct;
        if (empty(&t->choices[i].text)) return fail(g, GIFT_EMPTY_CHOICE);
    }
    if (right != 1) return fail(g, GIFT_ONE_RIGHT_ANSWER);
    if (n < 2) return fail(g, GIFT_TWO_CHOICES);
    return 0;
}

static int parse_block(gparser *g, content_template *t, span block)
{
    block = trim(block);
    const char *general = find_str(block, "####");
    if (general) {
        t->solution = text(g, (span){general + 4, (size_t)(block.s + block.n - general - 4)});
        block.n = (size_t)(general - block.s);
        block = trim(block);
    }
    if (!block.n) return fail(g, GIFT_ESSAY);
    if (block.s[0] == '#') {
        t->type = ITEM_NUMERIC;
        return parse_numeric(g, t, (span){block.s + 1, block.n - 1});
    }
    const char *hash = find(block, "#");
    span head = trim((span){block.s, hash ? (size_t)(hash - block.s) : block.n});
    if (word_in(head, true_words, 2)) return parse_truefalse(g, t, block, 1);
    if (word_in(head, false_words, 2)) return parse_truefalse(g, t, block, 0);
    answer ans[IMPORT_MAX_ANSWERS];
    size_t n;
    if (split_answers(g, ans, &n, block)) return E_INVALID;
    int has_wrong = 0, has_arrow = 0;
    for (size_t i = 0; i < n; i++) {
        has_wrong |= ans[i].kind == '~';
        has_arrow |= find_str(ans[i].text, "->") != NULL;
    }
    if (has_arrow) return parse_match(g, t, ans, n);
    if (!has_wrong) return parse_short(g, t, ans, n);
    return parse_choice(g, t, ans, n);
}

static const char *const formats[] = {"[html]", "[plain]", "[markdown]", "[moodle]"};

static int parse_question(gparser *g, content_template *t, span q)
{
    q = trim(q);
    if (q.n >= 2 && memcmp(q.s, "::", 2) == 0) {
        const char *end = find_str((span){q.s + 2, q.n - 2}, "::");
        if (!end) return fail(g, GIFT_UNTERMINATED_TITLE);
        q.n -= (size_t)(end + 2 - q.s);
        q.s = end + 2;
        q = trim(q);
    }
    g->html = 0;
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        size_t fl = strlen(formats[i]);
        if (q.n >= fl && strncasecmp(q.s, formats[i], fl) == 0) {
            g->html = i == 0;
            q.s += fl;
            q.n -= fl;
        }
    }
    const char *open = find(q, "{");
    if (!open) return fail(g, GIFT_NO_ANSWER_BLOCK);
    span rest = {open + 1, (size_t)(q.s + q.n - open - 1)};
    const char *close = find(rest, "}");
    if (!close) return fail(g, GIFT_UNTERMINATED_BLOCK);
    if (find((span){open + 1, (size_t)(close - open - 1)}, "{")) return fail(g, GIFT_BRACE_IN_BLOCK);
    span before = trim((span){q.s, (size_t)(open - q.s)});
    span after = trim((span){close + 1, (size_t)(q.s + q.n - close - 1)});
    if (find(after, "{}")) return fail(g, GIFT_ONE_BLOCK);
    if (parse_block(g, t, (span){open + 1, (size_t)(close - open - 1)})) return E_INVALID;
    if (after.n) {
        buf b = BUF_INIT(0);
        buf_append(&b, before.s, before.n);
        buf_puts(&b, " _____ ");
        buf_append(&b, after.s, after.n);
        t->stem = text(g, (span){b.data, b.len});
        buf_free(&b);
    } else {
        t->stem = text(g, before);
    }
    t->category = g->category;
    return 0;
}

/* next_paragraph: the next question's text (lines joined, comments dropped) and its first line. */
static int next_paragraph(buf *out, long *first_line, const char **p, const char *end, long *line)
{
    buf_reset(out);
    *first_line = 0;
    while (*p < end) {
        const char *nl = memchr(*p, '\n', (size_t)(end - *p));
        const char *eol = nl ? nl : end;
        span l = trim((span){*p, (size_t)(eol - *p)});
        *p = nl ? nl + 1 : end;
        (*line)++;
        if (l.n >= 2 && l.s[0] == '/' && l.s[1] == '/') continue;
        if (!l.n) {
            if (*first_line) return 1;
            continue;
        }
        if (!*first_line) *first_line = *line;
        buf_append(out, l.s, l.n);
        buf_putc(out, '\n');
        if (l.n > 10 && strncmp(l.s, "$CATEGORY:", 10) == 0) return 1;
    }
    return *first_line != 0;
}

int gift_import(content_import *out, arena *a, buf *errors, const char *name, const char *text_in, size_t len,
                const import_opts *opts)
{
    static const import_opts defaults = IMPORT_OPTS_INIT;
    gparser g = {a, errors, name, opts ? opts : &defaults, 0, NULL, 0};
    out->templates = NULL;
    out->n = 0;
    if (len > IMPORT_MAX_BYTES) {
        char max[24];
        snprintf(max, sizeof max, "%d", IMPORT_MAX_BYTES);
        import_report(errors, g.o->problems, name, 0, IMP_TOO_LARGE, max);
        return E_LIMIT;
    }
    if (len >= 3 && memcmp(text_in, "\xEF\xBB\xBF", 3) == 0) text_in += 3, len -= 3;
    size_t cap = 16, n = 0;
    content_template *ts = arena_alloc_array(a, cap, sizeof *ts);
    buf para = BUF_INIT(IMPORT_MAX_BYTES);
    const char *p = text_in, *end = text_in + len;
    long line = 0, first;
    int rc = 0, bad = 0;
    while (next_paragraph(&para, &first, &p, end, &line)) {
        g.line = first;
        span q = trim((span){para.data, para.len});
        if (q.n > 10 && strncmp(q.s, "$CATEGORY:", 10) == 0) {
            g.category = arena_strndup(a, q.s + 10, q.n - 10);
            while (*g.category == ' ') g.category++;
            continue;
        }
        if (n == IMPORT_MAX_QUESTIONS) {
            fail(&g, GIFT_TOO_MANY_QUESTIONS);
            rc = E_LIMIT;
            break;
        }
        if (n == cap) {
            content_template *bigger = arena_alloc_array(a, cap * 2, sizeof *ts);
            memcpy(bigger, ts, cap * sizeof *ts);
            ts = bigger;
            cap *= 2;
        }
        content_template *t = import_template_new(a, g.o, n + 1, ITEM_CHOICE);
        if (parse_question(&g, t, q) || import_check(errors, g.o, name, first, t)) {
            bad = 1;
            continue;
        }
        ts[n++] = *t;
    }
    buf_free(&para);
    return import_finish(out, errors, g.o, name, rc, bad, ts, n);
}
