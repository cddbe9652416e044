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

/* fail: reports problem `code` (its parameter `value`, or NULL) at the current element's line. */
static int fail_with(mparser *m, import_code code, const char *value)
{
    return import_report(m->errors, m->o->problems, m->name, m->line, code, value);
}

static int fail(mparser *m, import_code code) { return fail_with(m, code, NULL); }

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
    if (f == -1000) return fail(m, XML_BAD_FRACTION);
    if (f > 0 && f < 100) return fail(m, XML_PARTIAL_CREDIT);
    return 0;
}

static int read_choice(mparser *m, content_template *t, const xmlNode *q)
{
    size_t n = count(q, "answer"), right = 0;
    if (n < 2 || n > IMPORT_MAX_ANSWERS) return fail(m, XML_CHOICE_COUNT);
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
        if (empty(&ch->text)) return fail(m, XML_EMPTY_ANSWER);
    }
    if (right != 1) return fail(m, XML_ONE_RIGHT_ANSWER);
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
        if (i < 0 || seen[i]++) return fail(m, XML_TRUEFALSE_ANSWERS);
        double f = fraction(c);
        if (check_credit(m, f)) return E_INVALID;
        t->choices[i].correct = f >= 100;
        right += f >= 100;
        t->choices[i].feedback = text_of(m, child(c, "feedback"));
    }
    if (!seen[0] || !seen[1] || right != 1) return fail(m, XML_TRUEFALSE_RIGHT);
    for (int i = 0; i < 2; i++) {
        const char *label = tf_labels[m->o->lang][i];
        t->choices[i].text = import_text(m->a, m->o->lang, label, strlen(label), 0);
    }
    return 0;
}

static int read_short(mparser *m, content_template *t, const xmlNode *q)
{
    size_t n = count(q, "answer");
    if (!n || n > IMPORT_MAX_ANSWERS) return fail(m, XML_SHORT_COUNT);
    t->type = ITEM_TEXT;
    t->accept = arena_alloc_array(m->a, n, sizeof *t->accept);
    t->mistakes = arena_alloc_array(m->a, n, sizeof *t->mistakes);
    for (xmlNode *c = q->children; c; c = c->next) {
        if (!is(c, "answer")) continue;
        double f = fraction(c);
        if (check_credit(m, f)) return E_INVALID;
        ctext v = text_of(m, c);
        if (empty(&v)) return fail(m, XML_EMPTY_ANSWER);
        if (v.s[m->o->lang] && strchr(v.s[m->o->lang], '*')) return fail(m, XML_WILDCARD);
        if (f >= 100) {
            t->accept[t->naccept++] = v;
        } else {
            content_mistake *mk = &t->mistakes[t->nmistakes++];
            mk->code = arena_printf(m->a, "moodle_%zu", t->nmistakes);
            mk->response = v;
            mk->feedback = text_of(m, child(c, "feedback"));
        }
    }
    if (!t->naccept) return fail(m, XML_SHORT_NO_ANSWER);
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
    if (!n || n > IMPORT_MAX_ANSWERS) return fail(m, XML_NUMERIC_COUNT);
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
        if (!v) return fail(m, XML_NUMERIC_NOT_NUMBER);
        if (bad_tol) return fail(m, XML_BAD_TOLERANCE);
        if (f >= 100) {
            if (t->answer) return fail(m, XML_NUMERIC_ONE_ANSWER);
            t->answer = v;
            t->tolerance = tv;
        } else {
            content_mistake *mk = &t->mistakes[t->nmistakes++];
            mk->code = arena_printf(m->a, "moodle_%zu", t->nmistakes);
            mk->expr = v;
            mk->feedback = text_of(m, child(c, "feedback"));
        }
    }
    if (!t->answer) return fail(m, XML_NUMERIC_NO_ANSWER);
    return 0;
}

static int read_match(mparser *m, content_template *t, const xmlNode *q)
{
    size_t n = count(q, "subquestion");
    if (n < 2 || n > 10) return fail(m, XML_MATCH_COUNT);
    t->type = ITEM_MATCH;
    t->pairs = arena_alloc_array(m->a, n, sizeof *t->pairs);
    for (xmlNode *c = q->children; c; c = c->next) {
        if (!is(c, "subquestion")) continue;
        content_pair *p = &t->pairs[t->npairs++];
        p->left = text_of(m, c);
        p->right = text_of(m, child(c, "answer"));
        if (empty(&p->left)) return fail(m, XML_MATCH_DISTRACTOR);
        if (empty(&p->right)) return fail(m, XML_MATCH_NO_ANSWER);
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
    return empty(&t->stem) ? fail(m, XML_NO_TEXT) : 0;
}

/* question: 1 when a template was produced, 0 when the element is skipped, <0 on error. */
static int question(mparser *m, content_template *t, const xmlNode *q)
{
    xmlChar *type = xmlGetProp(q, (const xmlChar *)"type");
    int rc = 0;
    m->line = (long)xmlGetLineNo(q);
    if (!type) {
        rc = fail(m, XML_NO_TYPE);
    } else if (strcmp((const char *)type, "category") == 0) {
        char *s = content(child(child(q, "category"), "text"));
        m->category = s ? arena_strdup(m->a, s) : NULL;
        xmlFree(s);
    } else if (strcmp((const char *)type, "description") != 0) {
        const struct qtype *qt = NULL;
        for (size_t i = 0; i < sizeof qtypes / sizeof qtypes[0]; i++)
            if (strcmp((const char *)type, qtypes[i].name) == 0) qt = &qtypes[i];
        if (!qt) {
            char name[64];
            snprintf(name, sizeof name, "%.60s", (const char *)type);
            rc = fail_with(m, XML_UNSUPPORTED_TYPE, name);
        } else {
            rc = read_common(m, t, q);
            if (!rc) rc = qt->read(m, t, q);
            if (!rc) rc = import_check(m->errors, m->o, m->name, m->line, t) ? E_INVALID : 1;
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
    char max[24];
    if (len > IMPORT_MAX_BYTES || len > INT32_MAX) {
        snprintf(max, sizeof max, "%d", IMPORT_MAX_BYTES);
        import_report(errors, m.o->problems, name, 0, IMP_TOO_LARGE, max);
        return E_LIMIT;
    }
    xmlResetLastError();
    xmlDoc *doc = xmlReadMemory(xml, (int)len, name, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        const xmlError *e = xmlGetLastError();
        const char *why = e && e->message ? e->message : "unknown error";
        size_t wn = strlen(why);
        while (wn && (why[wn - 1] == '\n' || why[wn - 1] == ' ')) wn--;
        char *detail = arena_strndup(a, why, wn);
        m.line = e && e->line > 0 ? e->line : 1;
        return fail_with(&m, XML_MALFORMED, detail);
    }
    xmlNode *root = xmlDocGetRootElement(doc);
    int rc = 0, bad = 0;
    size_t n = 0;
    content_template *ts = NULL;
    if (!is(root, "quiz")) {
        m.line = root ? (long)xmlGetLineNo(root) : 1L;
        rc = fail(&m, XML_BAD_ROOT);
    } else {
        size_t nq = count(root, "question");
        if (nq > IMPORT_MAX_QUESTIONS) {
            snprintf(max, sizeof max, "%d", IMPORT_MAX_QUESTIONS);
            import_report(errors, m.o->problems, name, 0, XML_TOO_MANY_QUESTIONS, max);
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
    return import_finish(out, errors, m.o, name, rc, bad, ts, n);
}
