/*
 * import.c — helpers shared by the GIFT and Moodle XML importers (see import.h), and the one
 * table of every problem an import can report: its stable code next to its English text. The
 * codes are part of the API (the page's i18n keys are "content.import.problem.<code>"): never
 * rename one; a new problem gets a new code.
 */
#include "app/content/import.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/err.h"

/* Indexed by import_code. */
static const import_problem_info problems[IMPORT_CODE_COUNT] = {
    [IMP_TOO_LARGE] = {"import.too_large", "larger than {max} bytes", "max"},
    [IMP_NO_QUESTION] = {"import.no_question", "no question found", NULL},
    [IMP_NO_QUESTION_IN_FILE] = {"import.no_question_in_file", "no question in the file", NULL},
    [IMP_NO_TEXT] = {"import.no_text", "the question has no text", NULL},
    [IMP_CHECK] = {"import.check", "{detail}", "detail"},
    [IMP_NOT_UTF8] = {"import.not_utf8", "the file is not UTF-8 text (save it as UTF-8 and import it again)", NULL},
    [IMP_NUL_BYTE] = {"import.nul_byte", "the file holds a NUL byte (it is not a text file)", NULL},
    [GIFT_ANSWER_MARKER] = {"gift.answer_marker", "answers must start with = (right) or ~ (wrong)", NULL},
    [GIFT_TOO_MANY_ANSWERS] = {"gift.too_many_answers", "too many answers", NULL},
    [GIFT_UNTERMINATED_WEIGHT] = {"gift.unterminated_weight", "unterminated %weight%", NULL},
    [GIFT_BAD_WEIGHT] = {"gift.bad_weight", "malformed %weight%", NULL},
    [GIFT_BAD_RANGE] = {"gift.bad_range", "a numeric range is written {#low..high}", NULL},
    [GIFT_NUMERIC_NOT_NUMBER] = {"gift.numeric_not_number", "a numeric answer must be a number, e.g. {#3.14:0.01}", NULL},
    [GIFT_BAD_TOLERANCE] = {"gift.bad_tolerance", "the tolerance after ':' must be a number", NULL},
    [GIFT_NUMERIC_ONE_ANSWER] = {"gift.numeric_one_answer", "a numeric question takes one fully correct answer", NULL},
    [GIFT_PARTIAL_CREDIT] = {"gift.partial_credit", "partial credit (%weight% between 0 and 100) is not supported", NULL},
    [GIFT_NUMERIC_NO_ANSWER] = {"gift.numeric_no_answer", "a numeric question needs a correct answer", NULL},
    [GIFT_MATCH_PAIR] = {"gift.match_pair", "every matching pair is written =left -> right", NULL},
    [GIFT_MATCH_EMPTY_SIDE] = {"gift.match_empty_side", "a matching pair with an empty side is not supported", NULL},
    [GIFT_MATCH_TWO_PAIRS] = {"gift.match_two_pairs", "a matching question needs at least 2 pairs", NULL},
    [GIFT_SHORT_PARTIAL_CREDIT] = {"gift.short_partial_credit", "partial credit (%weight%) is not supported", NULL},
    [GIFT_EMPTY_ANSWER] = {"gift.empty_answer", "an empty answer", NULL},
    [GIFT_EMPTY_CHOICE] = {"gift.empty_choice", "an empty choice", NULL},
    [GIFT_ONE_RIGHT_ANSWER] = {"gift.one_right_answer", "a multiple-choice question needs exactly one right answer (=)", NULL},
    [GIFT_TWO_CHOICES] = {"gift.two_choices", "a multiple-choice question needs at least 2 choices", NULL},
    [GIFT_ESSAY] = {"gift.essay", "essay questions {} cannot be graded automatically", NULL},
    [GIFT_UNTERMINATED_TITLE] = {"gift.unterminated_title", "unterminated ::title::", NULL},
    [GIFT_NO_ANSWER_BLOCK] = {"gift.no_answer_block", "no answer block {…} in this question", NULL},
    [GIFT_UNTERMINATED_BLOCK] = {"gift.unterminated_block", "unterminated answer block: missing }", NULL},
    [GIFT_BRACE_IN_BLOCK] = {"gift.brace_in_block", "'{' inside an answer block must be escaped as \\{", NULL},
    [GIFT_ONE_BLOCK] = {"gift.one_block", "only one answer block per question is supported", NULL},
    [GIFT_TOO_MANY_QUESTIONS] = {"gift.too_many_questions", "too many questions", NULL},
    [XML_BAD_FRACTION] = {"xml.bad_fraction", "an answer's fraction is not a number", NULL},
    [XML_PARTIAL_CREDIT] = {"xml.partial_credit", "partial credit (a fraction between 0 and 100) is not supported", NULL},
    [XML_CHOICE_COUNT] = {"xml.choice_count", "a multiple-choice question needs 2 to 20 answers", NULL},
    [XML_EMPTY_ANSWER] = {"xml.empty_answer", "an empty answer", NULL},
    [XML_ONE_RIGHT_ANSWER] = {"xml.one_right_answer", "exactly one answer must have fraction=\"100\"", NULL},
    [XML_TRUEFALSE_ANSWERS] = {"xml.truefalse_answers", "a true/false question has one answer \"true\" and one \"false\"", NULL},
    [XML_TRUEFALSE_RIGHT] = {"xml.truefalse_right",
                             "a true/false question has one answer \"true\" and one \"false\", one of them with fraction=\"100\"",
                             NULL},
    [XML_SHORT_COUNT] = {"xml.short_count", "a short-answer question needs 1 to 20 answers", NULL},
    [XML_WILDCARD] = {"xml.wildcard", "wildcard (*) answers are not supported", NULL},
    [XML_SHORT_NO_ANSWER] = {"xml.short_no_answer", "a short-answer question needs an answer with fraction=\"100\"", NULL},
    [XML_NUMERIC_COUNT] = {"xml.numeric_count", "a numerical question needs 1 to 20 answers", NULL},
    [XML_NUMERIC_NOT_NUMBER] = {"xml.numeric_not_number", "a numerical answer must be a plain number", NULL},
    [XML_BAD_TOLERANCE] = {"xml.bad_tolerance", "<tolerance> must be a number", NULL},
    [XML_NUMERIC_ONE_ANSWER] = {"xml.numeric_one_answer", "a numerical question takes one answer with fraction=\"100\"", NULL},
    [XML_NUMERIC_NO_ANSWER] = {"xml.numeric_no_answer", "a numerical question needs an answer with fraction=\"100\"", NULL},
    [XML_MATCH_COUNT] = {"xml.match_count", "a matching question needs 2 to 10 subquestions", NULL},
    [XML_MATCH_DISTRACTOR] = {"xml.match_distractor",
                              "matching distractors (a subquestion without text) are not supported", NULL},
    [XML_MATCH_NO_ANSWER] = {"xml.match_no_answer", "a subquestion has no answer", NULL},
    [XML_NO_TEXT] = {"xml.no_text", "the question has no <questiontext>", NULL},
    [XML_NO_TYPE] = {"xml.no_type", "a <question> needs a type attribute", NULL},
    [XML_UNSUPPORTED_TYPE] = {"xml.unsupported_type",
                              "question type \"{type}\" is not supported (multichoice, truefalse, shortanswer, numerical, matching)",
                              "type"},
    [XML_MALFORMED] = {"xml.malformed", "malformed XML: {detail}", "detail"},
    [XML_BAD_ROOT] = {"xml.bad_root", "the root element must be <quiz>", NULL},
    [XML_TOO_MANY_QUESTIONS] = {"xml.too_many_questions", "more than {max} questions", "max"},
};

const import_problem_info *import_problem_def(import_code c) { return &problems[c]; }

/* fill: the text of d with "{param}" replaced by value, into b. */
static void fill(buf *b, const import_problem_info *d, const char *value)
{
    const char *at = NULL;
    char mark[40];
    if (d->param && value) {
        snprintf(mark, sizeof mark, "{%s}", d->param);
        at = strstr(d->text, mark);
    }
    if (!at) {
        buf_puts(b, d->text);
        return;
    }
    buf_append(b, d->text, (size_t)(at - d->text));
    buf_puts(b, value);
    buf_puts(b, at + strlen(mark));
}

static void record(import_problems *ps, const char *name, long line, import_code code, const char *message,
                   const char *value)
{
    if (ps->n == ps->cap) {
        size_t cap = ps->cap ? ps->cap * 2 : 8;
        import_problem *v = arena_alloc_array(ps->a, cap, sizeof *v);
        if (ps->n) memcpy(v, ps->v, ps->n * sizeof *v);
        ps->v = v;
        ps->cap = cap;
    }
    ps->v[ps->n++] = (import_problem){arena_strdup(ps->a, name), line, code, arena_strdup(ps->a, message),
                                      value ? arena_strdup(ps->a, value) : NULL};
}

int import_report(buf *errors, import_problems *ps, const char *name, long line, import_code code, const char *value)
{
    buf msg = BUF_INIT(0);
    fill(&msg, &problems[code], value);
    const char *m = msg.data ? msg.data : "";
    if (line > 0)
        buf_printf(errors, "%s:%ld: %s\n", name, line, m);
    else
        buf_printf(errors, "%s: %s\n", name, m);
    if (ps) record(ps, name, line, code, m, value);
    buf_free(&msg);
    return E_INVALID;
}

/* The few entities teachers' HTML actually carries; anything else is left as written. */
static const struct {
    const char *entity, *text;
} entities[] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&nbsp;", " "}};

static size_t entity(buf *b, const char *s, size_t left)
{
    for (size_t i = 0; i < sizeof entities / sizeof entities[0]; i++) {
        size_t n = strlen(entities[i].entity);
        if (n <= left && memcmp(s, entities[i].entity, n) == 0) {
            buf_puts(b, entities[i].text);
            return n;
        }
    }
    return 0;
}

/* Inline tags vanish without a trace; any other tag (p, br, div, li…) separates words. */
static int inline_tag(const char *tag, size_t len)
{
    static const char *const names[] = {"b", "i", "u", "em", "strong", "span", "a", "sub", "sup", "font", "code"};
    size_t i = 1, n;
    if (i < len && tag[i] == '/') i++;
    for (n = 0; i + n < len && ((tag[i + n] >= 'a' && tag[i + n] <= 'z') || (tag[i + n] >= 'A' && tag[i + n] <= 'Z'));) n++;
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
        if (strlen(names[k]) == n && strncasecmp(tag + i, names[k], n) == 0) return 1;
    return 0;
}

ctext import_text(arena *a, content_lang lang, const char *s, size_t len, int html)
{
    buf b = BUF_INIT(0);
    int pending_space = 0;
    size_t i = 0;
    while (i < len && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')) i++;
    while (len > i && (s[len - 1] == ' ' || s[len - 1] == '\n' || s[len - 1] == '\r' || s[len - 1] == '\t')) len--;
    for (; i < len; i++) {
        char c = s[i];
        if (html && c == '<') {
            const char *close = memchr(s + i, '>', len - i);
            if (close) {
                pending_space |= !inline_tag(s + i, (size_t)(close - s - i));
                i = (size_t)(close - s);
                continue;
            }
        }
        if (html && c == '&') {
            size_t n = entity(&b, s + i, len - i);
            if (n) {
                i += n - 1;
                continue;
            }
        }
        if (pending_space && c != ' ' && b.len && b.data[b.len - 1] != ' ') buf_putc(&b, ' ');
        pending_space = 0;
        if (c == '{' || c == '}') buf_putc(&b, c);
        buf_putc(&b, c);
    }
    while (b.len && b.data[b.len - 1] == ' ') b.data[--b.len] = 0;
    ctext t;
    memset(&t, 0, sizeof t);
    t.s[lang] = arena_strndup(a, b.data ? b.data : "", b.len);
    buf_free(&b);
    return t;
}

content_template *import_template_new(arena *a, const import_opts *o, size_t n, item_type type)
{
    content_template *t = arena_alloc(a, sizeof *t);
    t->id = arena_printf(a, "%s.%zu", o->id_prefix, n);
    t->type = type;
    t->shuffle = 1;
    t->json_path = t->id;
    return t;
}

/* record_checks: records each "<where>: <detail>" line of text[from..] as IMP_CHECK. */
static void record_checks(import_problems *ps, const char *name, long line, const buf *text, size_t from,
                          size_t where_len)
{
    for (size_t i = from; i < text->len;) {
        const char *s = text->data + i, *nl = memchr(s, '\n', text->len - i);
        size_t n = nl ? (size_t)(nl - s) : text->len - i;
        size_t skip = n > where_len + 2 && s[where_len] == ':' && s[where_len + 1] == ' ' ? where_len + 2 : 0;
        char *detail = arena_strndup(ps->a, s + skip, n - skip);
        record(ps, name, line, IMP_CHECK, detail, detail);
        i += n + 1;
    }
}

int import_check(buf *errors, const import_opts *o, const char *name, long line, const content_template *t)
{
    if (!t->stem.s[o->lang] || !*t->stem.s[o->lang]) return import_report(errors, o->problems, name, line, IMP_NO_TEXT, NULL);
    char where[256];
    snprintf(where, sizeof where, "%s:%ld", name, line);
    size_t from = errors->len;
    int rc = content_template_check(errors, where, t, 1u << o->lang, 1);
    if (rc && o->problems) record_checks(o->problems, name, line, errors, from, strlen(where));
    return rc;
}

int import_finish(content_import *out, buf *errors, const import_opts *o, const char *name, int rc, int bad,
                  content_template *ts, size_t n)
{
    if (!rc && bad) rc = E_INVALID;
    if (!rc && !n) rc = import_report(errors, o->problems, name, 0, IMP_NO_QUESTION, NULL);
    if (rc) return rc;
    out->templates = ts;
    out->n = n;
    return 0;
}
