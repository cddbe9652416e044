/*
 * moodle_xml.c — the Moodle XML importer (see moodle_xml.h).
 *
 * libxml2 builds the tree (no network, no entity expansion beyond the predefined ones); the
 * importer walks the <question> elements of <quiz> and dispatches on the `type` attribute
 * through a table. Each reader fills one content_template and reports problems with the line
 * libxml2 recorded for the element. The tree is freed before returning; every string kept is
 * copied into the caller's arena.
 */
#include "app/content/moodle_xml.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/content/expr.h"
#include "base/err.h"

typedef struct mparser {
    arena *a;
    buf *errors;
    const char *name;
    const import_opts *o;
    long line;
    const char *category;
} mparser;

static int fail(mparser *m, const char *msg)
{
    buf_printf(m->errors, "%s:%ld: %s\n", m->name, m->line, msg);
    return E_INVALID;
}

static int is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static xmlNode *child(const xmlNode *n, const char *name)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (is(c, name)) return c;
    return NULL;
}

/* content: the text inside an element (caller frees with xmlFree), or NULL. */
static char *content(const xmlNode *n) { return n ? (char *)xmlNodeGetContent(n) : NULL; }

static int attr_is(const xmlNode *n, const char *attr, const char *value)
{
    xmlChar *v = n ? xmlGetProp(n, (const xmlChar *)attr) : NULL;
    int r = v && strcmp((const char *)v, value) == 0;
    xmlFree(v);
    return r;
}

/* text_of: the ctext of <x format=…><text>…</text></x> (empty when absent). */
static ctext text_of(mparser *m, const xmlNode *x)
{
    ctext t;
    memset(&t, 0, sizeof t);
    char *s = content(child(x, "text"));
    if (s) t = import_text(m->a, m->o->lang, s, strlen(s), attr_is(x, "format", "html"));
    xmlFree(s);
    return t;
}

static int empty(const ctext *t)
{
    for (int l = 0; l < LANG_COUNT; l++)
        if (t->s[l] && *t->s[l]) return 0;
    return 1;
}

/* fraction: the credit of an <answer>, 0 when absent; -1000 when unreadable. */
static double fraction(const xmlNode *ans)
{
    xmlChar *v = xmlGetProp(ans, (const xmlChar *)"fraction");
    if (!v) return 0;
    char *end;
    double f = strtod((const char *)v, &end);
    int ok = end != (char *)v && !*end;
    xmlFree(v);
    return ok ? f : -1000;
}

static size_t count(const xmlNode *q, const char *name)
{
    size_t n = 0;
    for (xmlNode *c = q->children; c; c = c->next) n += is(c, name);
    return n;
}

static int check_credit(mparser *m, double f)
{
    if (f == -1000) return fail(m, "an answer's fraction is not a number");
    if (f > 0 && f < 100) return fail(m, "partial credit (a fraction between 0 and 100) is not supported");
    return 0;
}

static int read_choice(mparser *m, content_template *t, const xmlNode *q)
{
    size_t n = count(q, "answer"), right = 0;
    if (n < 2 || n > IMPORT_MAX_ANSWERS) return fail(m, "a multiple-choice question needs 2 to 20 answers");
    t->type = ITEM_CHOICE;
    t->choices = arena_alloc_array(m->a, n, sizeof *t->choices);
    for (xmlNode *c = q->children; c; c = c->next) {
        if (!is(c, "answer")) continue;
        double f = fraction(c);
        if (check_credit(m, f)) return E_INVALID;
        content_choice *ch = &t->choices[t->nchoices++];
        ch->text = text_of(m, c);
        ch->correct = f >= 100;
        ch->feedback = text_of(m, child(c, "feedback"));
        right += (size_t)ch->correct;
        if (empty(&ch->text)) return fail(m, "an empty answer");
    }
    if (right != 1) return fail(m, "exactly one answer must have fraction=\"100\"");
    char *sh = content(child(q, "shuffleanswers"));
    t->shuffle = !sh || !(strcmp(sh, "0") == 0 || strcmp(sh, "false") == 0);
    xmlFree(sh);
    return 0;
}

static const char *const tf_labels[LANG_COUNT][2] = {
    {"صَحيح", "خَطَأ"}, {"Vrai", "Faux"}, {"True", "False"}, {"ⵉⵎⵉⴷ", "ⵓⵔ ⵉⵎⵉⴷ"}};

static int read_truefalse(mparser *m, content_template *t, const xmlNode *q)
{
    t->type = ITEM_CHOICE;
    t->shuffle = 0;
    t->nchoices = 2;
    t->choices = arena_alloc_array(m->a, 2, sizeof *t->choices);
    int seen[2] = {0, 0}, right = 0;
    for (xmlNode *c = q->children; c; c = c->next) {
        if (!is(c, "answer")) continue;
        char *s = content(child(c, "text"));
        int i = s && strcmp(s, "true") == 0 ? 0 : s && strcmp(s, "false") == 0 ? 1 : -1;
        xmlFree(s);
        if (i < 0 || seen[i]++) return fail(m, "a true/false question has one answer \"true\" and one \"false\"");
        double f = fraction(c);
        if (check_credit(m, f)) return E_INVALID;
        t->choices[i].correct = f >= 100;
        right += f >= 100;
        t->choices[i].feedback = text_of(m, child(c, "feedback"));
    }
    if (!seen[0] || !seen[1] || right != 1) return fail(m, "a true/false question has one answer \"true\" and one \"false\", one of them with fraction=\"100\"");
    for (int i = 0; i < 2; i++) {
        const char *label = tf_labels[m->o->lang][i];
        t->choices[i].text = import_text(m->a, m->o->lang, label, strlen(label), 0);
    }
    return 0;
}

static int read_short(mparser *m, content_template *t, const xmlNode *q)
{
    size_t n = count(q, "answer");
    if (!n || n > IMPORT_MAX_ANSWERS) return fail(m, "a short-answer question needs 1 to 20 answers");
    t->type = ITEM_TEXT;
    t->accept = arena_alloc_array(m->a, n, sizeof *t->accept);
    t->mistakes = arena_alloc_array(m->a, n, sizeof *t->mistakes);
    for (xmlNode *c = q->children; c; c = c->next) {
        if (!is(c, "answer")) continue;
        double f = fraction(c);
        if (check_credit(m, f)) return E_INVALID;
        ctext v = text_of(m, c);
        if (empty(&v)) return fail(m, "an empty answer");
        if (v.s[m->o->lang] && strchr(v.s[m->o->lang], '*')) return fail(m, "wildcard (*) answers are not supported");
        if (f >= 100) {
            t->accept[t->naccept++] = v;
        } else {
            content_mistake *mk = &t->mistakes[t->nmistakes++];
            mk->code = arena_printf(m->a, "moodle_%zu", t->nmistakes);
            mk->response = v;
            mk->feedback = text_of(m, child(c, "feedback"));
        }
    }
    if (!t->naccept) return fail(m, "a short-answer question needs an answer with fraction=\"100\"");
    return 0;
}

/* number: an arena copy of a plain decimal number, or NULL. */
static const char *number(mparser *m, const char *s)
{
    if (!s) return NULL;
    while (*s == ' ' || *s == '\n' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\t')) n--;
    for (size_t i = 0; i < n; i++)
        if (!strchr("0123456789.-+", s[i])) return NULL;
    expr_value v;
    expr_error e;
    return n && !expr_eval(&v, &e, NULL, s, n) ? arena_strndup(m->a, s, n) : NULL;
}

static int read_numeric(mparser *m, content_template *t, const xmlNode *q)
{
    size_t n = count(q, "answer");
    if (!n || n > IMPORT_MAX_ANSWERS) return fail(m, "a numerical question needs 1 to 20 answers");
    t->type = ITEM_NUMERIC;
    t->mistakes = arena_alloc_array(m->a, n, sizeof *t->mistakes);
    for (xmlNode *c = q->children; c; c = c->next) {
        if (!is(c, "answer")) continue;
        double f = fraction(c);
        if (check_credit(m, f)) return E_INVALID;
        char *s = content(child(c, "text")), *tol = content(child(c, "tolerance"));
        const char *v = number(m, s), *tv = tol ? number(m, tol) : NULL;
        int bad_tol = tol && !tv;
        xmlFree(s);
        xmlFree(tol);
        if (!v) return fail(m, "a numerical answer must be a plain number");
        if (bad_tol) return fail(m, "<tolerance> must be a number");
        if (f >= 100) {
            if (t->answer) return fail(m, "a numerical question takes one answer with fraction=\"100\"");
            t->answer = v;
            t->tolerance = tv;
        } else {
            content_mistake *mk = &t->mistakes[t->nmistakes++];
            mk->code = arena_printf(m->a, "moodle_%zu", t->nmistakes);
            mk->expr = v;
            mk->feedback = text_of(m, child(c, "feedback"));
        }
    }
    if (!t->answer) return fail(m, "a numerical question needs an answer with fraction=\"100\"");
    return 0;
}

static int read_match(mparser *m, content_template *t, const xmlNode *q)
{
    size_t n = count(q, "subquestion");
    if (n < 2 || n > 10) return fail(m, "a matching question needs 2 to 10 subquestions");
    t->type = ITEM_MATCH;
    t->pairs = arena_alloc_array(m->a, n, sizeof *t->pairs);
    for (xmlNode *c = q->children; c; c = c->next) {
        if (!is(c, "subquestion")) continue;
        content_pair *p = &t->pairs[t->npairs++];
        p->left = text_of(m, c);
        p->right = text_of(m, child(c, "answer"));
        if (empty(&p->left)) return fail(m, "matching distractors (a subquestion without text) are not supported");
        if (empty(&p->right)) return fail(m, "a subquestion has no answer");
    }
    return 0;
}

static const struct qtype {
    const char *name;
    int (*read)(mparser *m, content_template *t, const xmlNode *q);
} qtypes[] = {
    {"multichoice", read_choice}, {"truefalse", read_truefalse}, {"shortanswer", read_short},
    {"numerical", read_numeric},  {"matching", read_match},
};

static int read_common(mparser *m, content_template *t, const xmlNode *q)
{
    t->stem = text_of(m, child(q, "questiontext"));
    t->solution = text_of(m, child(q, "generalfeedback"));
    size_t nh = count(q, "hint");
    t->hints = arena_alloc_array(m->a, nh ? nh : 1, sizeof *t->hints);
    for (xmlNode *c = q->children; c; c = c->next)
        if (is(c, "hint")) {
            ctext h = text_of(m, c);
            if (!empty(&h)) t->hints[t->nhints++] = h;
        }
    t->category = m->category;
    return empty(&t->stem) ? fail(m, "the question has no <questiontext>") : 0;
}

/* question: 1 when a template was produced, 0 when the element is skipped, <0 on error. */
static int question(mparser *m, content_template *t, const xmlNode *q)
{
    xmlChar *type = xmlGetProp(q, (const xmlChar *)"type");
    int rc = 0;
    m->line = (long)xmlGetLineNo(q);
    if (!type) {
        rc = fail(m, "a <question> needs a type attribute");
    } else if (strcmp((const char *)type, "category") == 0) {
        char *s = content(child(child(q, "category"), "text"));
        m->category = s ? arena_strdup(m->a, s) : NULL;
        xmlFree(s);
    } else if (strcmp((const char *)type, "description") != 0) {
        const struct qtype *qt = NULL;
        for (size_t i = 0; i < sizeof qtypes / sizeof qtypes[0]; i++)
            if (strcmp((const char *)type, qtypes[i].name) == 0) qt = &qtypes[i];
        if (!qt) {
            char msg[160];
            snprintf(msg, sizeof msg, "question type \"%.60s\" is not supported (multichoice, truefalse, shortanswer, numerical, matching)", (const char *)type);
            rc = fail(m, msg);
        } else {
            rc = read_common(m, t, q);
            if (!rc) rc = qt->read(m, t, q);
            if (!rc) rc = import_check(m->errors, m->name, m->line, t, m->o->lang) ? E_INVALID : 1;
        }
    }
    xmlFree(type);
    return rc;
}

int moodle_xml_import(content_import *out, arena *a, buf *errors, const char *name, const char *xml, size_t len,
                      const import_opts *opts)
{
    static const import_opts defaults = IMPORT_OPTS_INIT;
    mparser m = {a, errors, name, opts ? opts : &defaults, 0, NULL};
    out->templates = NULL;
    out->n = 0;
    if (len > IMPORT_MAX_BYTES || len > INT32_MAX) {
        buf_printf(errors, "%s: larger than %d bytes\n", name, IMPORT_MAX_BYTES);
        return E_LIMIT;
    }
    xmlResetLastError();
    xmlDoc *doc = xmlReadMemory(xml, (int)len, name, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        const xmlError *e = xmlGetLastError();
        buf_printf(errors, "%s:%d: malformed XML: %s", name, e ? e->line : 0, e && e->message ? e->message : "unknown error\n");
        return E_INVALID;
    }
    xmlNode *root = xmlDocGetRootElement(doc);
    int rc = 0, bad = 0;
    size_t n = 0;
    content_template *ts = NULL;
    if (!is(root, "quiz")) {
        buf_printf(errors, "%s:%ld: the root element must be <quiz>\n", name, root ? (long)xmlGetLineNo(root) : 1L);
        rc = E_INVALID;
    } else {
        size_t nq = count(root, "question");
        if (nq > IMPORT_MAX_QUESTIONS) {
            buf_printf(errors, "%s: more than %d questions\n", name, IMPORT_MAX_QUESTIONS);
            rc = E_LIMIT;
        }
        ts = arena_alloc_array(a, nq ? nq : 1, sizeof *ts);
        for (xmlNode *q = root->children; q && !rc; q = q->next) {
            if (!is(q, "question")) continue;
            content_template *t = import_template_new(a, m.o, n + 1, ITEM_CHOICE);
            int r = question(&m, t, q);
            if (r < 0) bad = 1;
            if (r == 1) ts[n++] = *t;
        }
    }
    xmlFreeDoc(doc);
    return import_finish(out, errors, name, rc, bad, ts, n);
}
