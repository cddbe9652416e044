/*
 * content.c — loading, validating and linking content files (see content.h and
 * docs/content-format.md).
 *
 * The loader walks the JSON tree with a `loader` that knows the file name and collects errors;
 * every reader receives the JSON path of the node it reads, so a message can say exactly where
 * the problem is. Readers keep going after an error (to report as many problems as possible in
 * one run, up to CONTENT_MAX_ERRORS) and the file is added to the bank only when none was found.
 * Strings are copied into the bank's arena, so the jansson tree is freed before returning.
 */
#include "app/content/content.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/content/grade.h"
#include "app/content/template.h"
#include "base/err.h"

enum { PATH_CAP = 256, ID_CAP = 96 };

static const char *const lang_codes[LANG_COUNT] = {"ar", "fr", "en", "zgh"};
static const char *const type_names[ITEM_TYPE_COUNT] = {"choice", "numeric", "text", "order", "match"};

const char *content_lang_code(content_lang l) { return (unsigned)l < LANG_COUNT ? lang_codes[l] : "?"; }
const char *content_type_name(item_type t) { return (unsigned)t < ITEM_TYPE_COUNT ? type_names[t] : "?"; }

static int index_of(const char *const *names, int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], s) == 0) return i;
    return -1;
}

int content_lang_parse(const char *code) { return index_of(lang_codes, LANG_COUNT, code); }
int content_type_parse(const char *name) { return index_of(type_names, ITEM_TYPE_COUNT, name); }

const char *content_ctext_get(const ctext *t, content_lang lang)
{
    static const content_lang fallback[] = {LANG_FR, LANG_AR, LANG_EN, LANG_ZGH};
    if ((unsigned)lang < LANG_COUNT && t->s[lang]) return t->s[lang];
    for (size_t i = 0; i < sizeof fallback / sizeof fallback[0]; i++)
        if (t->s[fallback[i]]) return t->s[fallback[i]];
    return "";
}

/* ---- the loader ---- */

typedef struct loader {
    buf *errors;
    const char *file;
    int nerr;
    arena *a;
    content_file *cf;
} loader;

static void problem(loader *ld, const char *path, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void problem(loader *ld, const char *path, const char *fmt, ...)
{
    ld->nerr++;
    if (ld->nerr > CONTENT_MAX_ERRORS) return;
    if (ld->nerr == CONTENT_MAX_ERRORS) {
        buf_printf(ld->errors, "%s: too many errors, stopping here\n", ld->file);
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    buf_printf(ld->errors, "%s: %s: ", ld->file, *path ? path : "(top)");
    buf_vprintf(ld->errors, fmt, ap);
    buf_putc(ld->errors, '\n');
    va_end(ap);
}

/* sub / idx: the JSON path of a member or an array entry (cut at PATH_CAP, which real content
 * never reaches; a cut path still names the place well enough for a message). */
static void sub(char *dst, const char *path, const char *key)
{
    int n = snprintf(dst, PATH_CAP, "%s%s%s", path, *path ? "." : "", key);
    if (n < 0) dst[0] = 0;
}

static void idx(char *dst, const char *path, const char *key, size_t i)
{
    int n = snprintf(dst, PATH_CAP, "%s%s%s[%zu]", path, *path && *key ? "." : "", key, i);
    if (n < 0) dst[0] = 0;
}

/* keys_allowed: every key of obj must be listed (NULL-terminated). */
static void keys_allowed(loader *ld, json_t *obj, const char *path, const char *const *allowed)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        int ok = 0;
        for (const char *const *k = allowed; *k; k++) ok |= strcmp(*k, key) == 0;
        if (!ok) {
            char p[PATH_CAP];
            sub(p, path, key);
            problem(ld, p, "unknown key");
        }
    }
}

static json_t *member(loader *ld, json_t *obj, const char *path, const char *key, json_type type, int required)
{
    static const char *const type_words[] = {"an object", "an array", "a string", "an integer",
                                             "a number", "true or false", "true or false", "null"};
    json_t *v = json_object_get(obj, key);
    char p[PATH_CAP];
    sub(p, path, key);
    if (!v) {
        if (required) problem(ld, p, "missing");
        return NULL;
    }
    int ok = json_typeof(v) == type || (type == JSON_TRUE && json_is_boolean(v)) ||
             (type == JSON_REAL && json_is_number(v));
    if (!ok) {
        problem(ld, p, "must be %s", type_words[type]);
        return NULL;
    }
    return v;
}

static const char *str_copy(loader *ld, json_t *s) { return arena_strndup(ld->a, json_string_value(s), json_string_length(s)); }

static int valid_id(const char *s)
{
    size_t n = strlen(s);
    if (!n || n > ID_CAP) return 0;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '.' ||
              *p == '-' || *p == '_'))
            return 0;
    return 1;
}

static const char *read_id(loader *ld, json_t *obj, const char *path, const char *key)
{
    json_t *v = member(ld, obj, path, key, JSON_STRING, 1);
    if (!v) return "";
    const char *s = json_string_value(v);
    if (!valid_id(s)) {
        char p[PATH_CAP];
        sub(p, path, key);
        problem(ld, p, "'%s' is not an id (1 to %d of a-z A-Z 0-9 . - _)", s, ID_CAP);
        return "";
    }
    return str_copy(ld, v);
}

enum { TEXT_LOCALISED = 0, TEXT_NEUTRAL_OK = 1 };

static int blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n') return 0;
    return 1;
}

/* read_text: a localised object {"ar","fr",["en"],["zgh"]} (ar and fr required) or, where
 * neutral text is allowed, a plain string. */
static void read_text(loader *ld, ctext *out, json_t *v, const char *path, int neutral_ok)
{
    memset(out, 0, sizeof *out);
    if (json_is_string(v) && neutral_ok) {
        if (blank(json_string_value(v))) problem(ld, path, "empty text");
        const char *s = str_copy(ld, v);
        for (int l = 0; l < LANG_COUNT; l++) out->s[l] = s;
        out->neutral = 1;
        return;
    }
    if (!json_is_object(v)) {
        problem(ld, path, neutral_ok ? "must be a string or an object {\"ar\": …, \"fr\": …}"
                                     : "must be an object {\"ar\": …, \"fr\": …}");
        return;
    }
    const char *key;
    json_t *s;
    json_object_foreach(v, key, s) {
        char p[PATH_CAP];
        sub(p, path, key);
        int l = content_lang_parse(key);
        if (l < 0) problem(ld, p, "unknown language (ar, fr, en, zgh)");
        else if (!json_is_string(s)) problem(ld, p, "must be a string");
        else if (blank(json_string_value(s))) problem(ld, p, "empty text");
        else out->s[l] = str_copy(ld, s);
    }
    for (int l = LANG_AR; l <= LANG_FR; l++)
        if (!json_object_get(v, lang_codes[l])) {
            char p[PATH_CAP];
            sub(p, path, lang_codes[l]);
            problem(ld, p, "missing");
        }
}

static void read_text_member(loader *ld, ctext *out, json_t *obj, const char *path, const char *key, int required,
                             int neutral_ok)
{
    char p[PATH_CAP];
    sub(p, path, key);
    json_t *v = json_object_get(obj, key);
    memset(out, 0, sizeof *out);
    if (!v) {
        if (required) problem(ld, p, "missing");
        return;
    }
    read_text(ld, out, v, p, neutral_ok);
}

/* read_array: the array at obj.key (min..max entries) or NULL; *n is its size. */
static json_t *read_array(loader *ld, size_t *n, json_t *obj, const char *path, const char *key, size_t min,
                          size_t max)
{
    *n = 0;
    json_t *arr = member(ld, obj, path, key, JSON_ARRAY, min > 0);
    if (!arr) return NULL;
    size_t size = json_array_size(arr);
    if (size < min || size > max) {
        char p[PATH_CAP];
        sub(p, path, key);
        problem(ld, p, "needs %zu to %zu entries, has %zu", min, max, size);
        return NULL;
    }
    *n = size;
    return arr;
}

static ctext *read_texts(loader *ld, size_t *n, json_t *obj, const char *path, const char *key, size_t min,
                         size_t max, int neutral_ok)
{
    json_t *arr = read_array(ld, n, obj, path, key, min, max);
    if (!arr) return NULL;
    ctext *out = arena_alloc_array(ld->a, *n, sizeof *out);
    for (size_t i = 0; i < *n; i++) {
        char p[PATH_CAP];
        idx(p, path, key, i);
        read_text(ld, &out[i], json_array_get(arr, i), p, neutral_ok);
    }
    return out;
}

/* ---- expressions ---- */

typedef struct names {
    const content_template *t;
    size_t n;
} names;

static int names_lookup(void *ctx, const char *name, size_t len, expr_value *out)
{
    const names *nm = ctx;
    for (size_t i = 0; i < nm->n; i++)
        if (strlen(nm->t->params[i].name) == len && memcmp(nm->t->params[i].name, name, len) == 0) {
            *out = expr_int(0);
            return 0;
        }
    return 1;
}

static int names_list_len(void *ctx, const char *name, size_t len, int64_t *out)
{
    const content_file *f = ((const names *)ctx)->t->file;
    for (size_t i = 0; f && i < f->nlists; i++)
        if (strlen(f->lists[i].name) == len && memcmp(f->lists[i].name, name, len) == 0) {
            *out = (int64_t)f->lists[i].n;
            return 0;
        }
    return 1;
}

/* check_expr: syntax, arity and names (parameters defined before, lists of the file). */
static void check_expr(loader *ld, const content_template *t, size_t nparams, const char *src, const char *path)
{
    names nm = {t, nparams};
    expr_env env = {names_lookup, names_list_len, &nm, NULL};
    expr_error e;
    if (expr_check(&e, &env, src, strlen(src)))
        problem(ld, path, "expression \"%s\", at %d: %s", src, e.pos, e.msg);
}

static const char *read_expr(loader *ld, json_t *v, const content_template *t, const char *path)
{
    if (!json_is_string(v)) {
        problem(ld, path, "must be a string holding an expression");
        return NULL;
    }
    const char *s = str_copy(ld, v);
    check_expr(ld, t, t->nparams, s, path);
    return s;
}

static int valid_name(const char *s, size_t n)
{
    if (!n || n > EXPR_MAX_NAME || (s[0] >= '0' && s[0] <= '9')) return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
              s[i] == '_'))
            return 0;
    return 1;
}

/* params: ["a = randint(1, 9)", "b = 10 - a"] */
static void read_params(loader *ld, content_template *t, json_t *obj, const char *path)
{
    size_t n;
    json_t *arr = read_array(ld, &n, obj, path, "params", 0, 32);
    t->params = arena_alloc_array(ld->a, n ? n : 1, sizeof *t->params);
    t->nparams = 0;
    for (size_t i = 0; i < n; i++) {
        char p[PATH_CAP];
        idx(p, path, "params", i);
        json_t *v = json_array_get(arr, i);
        const char *s = json_is_string(v) ? json_string_value(v) : NULL;
        const char *eq = s ? strchr(s, '=') : NULL;
        if (!eq || eq[1] == '=') {
            problem(ld, p, "must be a string \"name = expression\"");
            continue;
        }
        const char *b = s, *e = eq;
        while (*b == ' ') b++;
        while (e > b && e[-1] == ' ') e--;
        if (!valid_name(b, (size_t)(e - b))) {
            problem(ld, p, "'%.*s' is not a parameter name", (int)(e - b), b);
            continue;
        }
        content_param *prm = &t->params[t->nparams];
        prm->name = arena_strndup(ld->a, b, (size_t)(e - b));
        prm->expr = arena_strdup(ld->a, eq + 1);
        for (size_t k = 0; k < t->nparams; k++)
            if (strcmp(t->params[k].name, prm->name) == 0) problem(ld, p, "parameter '%s' defined twice", prm->name);
        check_expr(ld, t, t->nparams, prm->expr, p);
        t->nparams++;
    }
}

static void read_where(loader *ld, content_template *t, json_t *obj, const char *path)
{
    size_t n;
    json_t *arr = read_array(ld, &n, obj, path, "where", 0, 32);
    t->where = arena_alloc_array(ld->a, n ? n : 1, sizeof *t->where);
    t->nwhere = n;
    for (size_t i = 0; i < n; i++) {
        char p[PATH_CAP];
        idx(p, path, "where", i);
        t->where[i] = read_expr(ld, json_array_get(arr, i), t, p);
        if (!t->where[i]) t->where[i] = "1";
    }
}

/* ---- item types ---- */

static void read_choices(loader *ld, content_template *t, json_t *obj, const char *path)
{
    static const char *const keys[] = {"text", "correct", "feedback", "misconception", NULL};
    json_t *arr = read_array(ld, &t->nchoices, obj, path, "choices", 2, 12);
    t->choices = arena_alloc_array(ld->a, t->nchoices ? t->nchoices : 1, sizeof *t->choices);
    int ncorrect = 0;
    for (size_t i = 0; i < t->nchoices; i++) {
        char p[PATH_CAP];
        idx(p, path, "choices", i);
        json_t *c = json_array_get(arr, i);
        if (!json_is_object(c)) {
            problem(ld, p, "must be an object {\"text\": …}");
            continue;
        }
        keys_allowed(ld, c, p, keys);
        content_choice *ch = &t->choices[i];
        read_text_member(ld, &ch->text, c, p, "text", 1, TEXT_NEUTRAL_OK);
        json_t *corr = member(ld, c, p, "correct", JSON_TRUE, 0);
        ch->correct = corr && json_is_true(corr);
        ncorrect += ch->correct;
        read_text_member(ld, &ch->feedback, c, p, "feedback", 0, TEXT_LOCALISED);
        json_t *m = member(ld, c, p, "misconception", JSON_STRING, 0);
        if (m) ch->misconception = str_copy(ld, m);
    }
    if (t->nchoices && ncorrect != 1) problem(ld, path, "a choice item needs exactly one correct choice, has %d", ncorrect);
    json_t *sh = member(ld, obj, path, "shuffle", JSON_TRUE, 0);
    t->shuffle = !sh || json_is_true(sh);
}

static void read_numeric(loader *ld, content_template *t, json_t *obj, const char *path)
{
    char p[PATH_CAP];
    sub(p, path, "answer");
    json_t *v = json_object_get(obj, "answer");
    if (!v) problem(ld, p, "missing");
    else t->answer = read_expr(ld, v, t, p);
    if (!t->answer) t->answer = "0";
    v = json_object_get(obj, "tolerance");
    sub(p, path, "tolerance");
    if (v) t->tolerance = read_expr(ld, v, t, p);
}

static void read_pairs(loader *ld, content_template *t, json_t *obj, const char *path)
{
    static const char *const keys[] = {"left", "right", NULL};
    json_t *arr = read_array(ld, &t->npairs, obj, path, "pairs", 2, 10);
    t->pairs = arena_alloc_array(ld->a, t->npairs ? t->npairs : 1, sizeof *t->pairs);
    for (size_t i = 0; i < t->npairs; i++) {
        char p[PATH_CAP];
        idx(p, path, "pairs", i);
        json_t *c = json_array_get(arr, i);
        if (!json_is_object(c)) {
            problem(ld, p, "must be an object {\"left\": …, \"right\": …}");
            continue;
        }
        keys_allowed(ld, c, p, keys);
        read_text_member(ld, &t->pairs[i].left, c, p, "left", 1, TEXT_NEUTRAL_OK);
        read_text_member(ld, &t->pairs[i].right, c, p, "right", 1, TEXT_NEUTRAL_OK);
    }
}

static void read_mistakes(loader *ld, content_template *t, json_t *obj, const char *path)
{
    static const char *const keys[] = {"code", "answer", "response", "feedback", NULL};
    json_t *arr = read_array(ld, &t->nmistakes, obj, path, "mistakes", 0, 16);
    t->mistakes = arena_alloc_array(ld->a, t->nmistakes ? t->nmistakes : 1, sizeof *t->mistakes);
    for (size_t i = 0; i < t->nmistakes; i++) {
        char p[PATH_CAP], q[PATH_CAP];
        idx(p, path, "mistakes", i);
        json_t *m = json_array_get(arr, i);
        if (!json_is_object(m)) {
            problem(ld, p, "must be an object {\"code\": …, \"feedback\": …}");
            continue;
        }
        keys_allowed(ld, m, p, keys);
        content_mistake *mk = &t->mistakes[i];
        mk->code = read_id(ld, m, p, "code");
        read_text_member(ld, &mk->feedback, m, p, "feedback", 1, TEXT_LOCALISED);
        json_t *ans = json_object_get(m, "answer");
        sub(q, p, "answer");
        if (t->type == ITEM_NUMERIC) {
            if (!ans) problem(ld, q, "missing (the value of the mistaken answer, an expression)");
            else mk->expr = read_expr(ld, ans, t, q);
            if (json_object_get(m, "response")) problem(ld, p, "\"response\" is for text items; use \"answer\"");
        } else if (t->type == ITEM_TEXT) {
            read_text_member(ld, &mk->response, m, p, "response", 1, TEXT_NEUTRAL_OK);
            if (ans) problem(ld, q, "\"answer\" is for numeric items; use \"response\"");
        } else {
            problem(ld, p, "mistakes belong to numeric and text items; put feedback on the choices");
        }
    }
}

/* The keys each item type may use besides the common ones. */
static const struct type_keys {
    item_type type;
    const char *const keys[4];
} type_keys[] = {
    {ITEM_CHOICE, {"choices", "shuffle", NULL}},
    {ITEM_NUMERIC, {"answer", "tolerance", "mistakes", NULL}},
    {ITEM_TEXT, {"accept", "mistakes", NULL}},
    {ITEM_ORDER, {"items", NULL}},
    {ITEM_MATCH, {"pairs", NULL}},
};

static void check_type_keys(loader *ld, json_t *obj, const char *path, item_type type)
{
    static const char *const common[] = {"id", "type", "params", "where", "stem", "hints", "solution", "difficulty"};
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        int ok = 0;
        for (size_t i = 0; i < sizeof common / sizeof common[0]; i++) ok |= strcmp(common[i], key) == 0;
        for (size_t i = 0; i < sizeof type_keys / sizeof type_keys[0]; i++)
            for (int k = 0; type_keys[i].keys[k]; k++)
                ok |= type_keys[i].type == type && strcmp(type_keys[i].keys[k], key) == 0;
        if (!ok) {
            char p[PATH_CAP];
            sub(p, path, key);
            problem(ld, p, "unknown key for a %s item", type_names[type]);
        }
    }
}

static void read_template(loader *ld, content_template *t, content_skill *sk, json_t *obj, const char *path)
{
    t->json_path = arena_strdup(ld->a, path);
    t->skill = sk;
    t->file = ld->cf;
    if (!json_is_object(obj)) {
        problem(ld, path, "must be an object");
        return;
    }
    t->id = read_id(ld, obj, path, "id");
    json_t *ty = member(ld, obj, path, "type", JSON_STRING, 1);
    int type = ty ? content_type_parse(json_string_value(ty)) : -1;
    if (ty && type < 0) {
        char p[PATH_CAP];
        sub(p, path, "type");
        problem(ld, p, "'%s' is not a type (choice, numeric, text, order, match)", json_string_value(ty));
    }
    if (type < 0) return;
    t->type = (item_type)type;
    check_type_keys(ld, obj, path, t->type);
    read_params(ld, t, obj, path);
    read_where(ld, t, obj, path);
    read_text_member(ld, &t->stem, obj, path, "stem", 1, TEXT_LOCALISED);
    t->hints = read_texts(ld, &t->nhints, obj, path, "hints", 1, 8, TEXT_LOCALISED);
    read_text_member(ld, &t->solution, obj, path, "solution", 1, TEXT_LOCALISED);
    json_t *d = member(ld, obj, path, "difficulty", JSON_REAL, 0);
    t->difficulty = d ? json_number_value(d) : 0;
    switch (t->type) {
    case ITEM_CHOICE: read_choices(ld, t, obj, path); break;
    case ITEM_NUMERIC: read_numeric(ld, t, obj, path); break;
    case ITEM_TEXT: t->accept = read_texts(ld, &t->naccept, obj, path, "accept", 1, 12, TEXT_NEUTRAL_OK); break;
    case ITEM_ORDER: t->items = read_texts(ld, &t->nitems, obj, path, "items", 2, 12, TEXT_NEUTRAL_OK); break;
    case ITEM_MATCH: read_pairs(ld, t, obj, path); break;
    default: break;
    }
    read_mistakes(ld, t, obj, path);
}

static void read_skill(loader *ld, content_skill *sk, const content_domain *dom, json_t *obj, const char *path)
{
    static const char *const keys[] = {"id", "title", "description", "grade", "tarl_level",
                                       "prerequisites", "templates", NULL};
    sk->json_path = arena_strdup(ld->a, path);
    sk->domain = dom;
    if (!json_is_object(obj)) {
        problem(ld, path, "must be an object");
        return;
    }
    keys_allowed(ld, obj, path, keys);
    sk->id = read_id(ld, obj, path, "id");
    read_text_member(ld, &sk->title, obj, path, "title", 1, TEXT_LOCALISED);
    read_text_member(ld, &sk->description, obj, path, "description", 0, TEXT_LOCALISED);
    json_t *g = member(ld, obj, path, "grade", JSON_INTEGER, 1);
    json_t *lv = member(ld, obj, path, "tarl_level", JSON_INTEGER, 1);
    char p[PATH_CAP];
    sk->grade = g ? (int)json_integer_value(g) : 0;
    sk->tarl_level = lv ? (int)json_integer_value(lv) : 0;
    sub(p, path, "grade");
    if (g && (sk->grade < 1 || sk->grade > 6)) problem(ld, p, "must be a school grade from 1 to 6");
    sub(p, path, "tarl_level");
    if (lv && (sk->tarl_level < 1 || sk->tarl_level > 10)) problem(ld, p, "must be from 1 to 10");
    size_t n;
    json_t *pre = read_array(ld, &n, obj, path, "prerequisites", 0, 16);
    sk->prerequisites = arena_alloc_array(ld->a, n ? n : 1, sizeof *sk->prerequisites);
    sk->nprerequisites = n;
    for (size_t i = 0; i < n; i++) {
        json_t *v = json_array_get(pre, i);
        idx(p, path, "prerequisites", i);
        if (!json_is_string(v) || !valid_id(json_string_value(v))) {
            problem(ld, p, "must be a skill id");
            sk->prerequisites[i] = "";
        } else {
            sk->prerequisites[i] = str_copy(ld, v);
        }
    }
    json_t *arr = read_array(ld, &sk->ntemplates, obj, path, "templates", 1, 200);
    sk->templates = arena_alloc_array(ld->a, sk->ntemplates ? sk->ntemplates : 1, sizeof *sk->templates);
    for (size_t i = 0; i < sk->ntemplates; i++) {
        idx(p, path, "templates", i);
        read_template(ld, &sk->templates[i], sk, json_array_get(arr, i), p);
    }
}

static void read_domain(loader *ld, content_domain *dom, json_t *obj, const char *path)
{
    static const char *const keys[] = {"id", "title", "skills", NULL};
    dom->file = ld->cf;
    if (!json_is_object(obj)) {
        problem(ld, path, "must be an object");
        return;
    }
    keys_allowed(ld, obj, path, keys);
    dom->id = read_id(ld, obj, path, "id");
    read_text_member(ld, &dom->title, obj, path, "title", 1, TEXT_LOCALISED);
    json_t *arr = read_array(ld, &dom->nskills, obj, path, "skills", 1, 500);
    dom->skills = arena_alloc_array(ld->a, dom->nskills ? dom->nskills : 1, sizeof *dom->skills);
    for (size_t i = 0; i < dom->nskills; i++) {
        char p[PATH_CAP];
        idx(p, path, "skills", i);
        read_skill(ld, &dom->skills[i], dom, json_array_get(arr, i), p);
    }
}

static void read_lists(loader *ld, json_t *root)
{
    json_t *lists = member(ld, root, "", "lists", JSON_OBJECT, 0);
    content_file *cf = ld->cf;
    cf->nlists = 0;
    if (!lists) return;
    cf->lists = arena_alloc_array(ld->a, json_object_size(lists) + 1, sizeof *cf->lists);
    const char *key;
    json_t *v;
    json_object_foreach(lists, key, v) {
        char p[PATH_CAP];
        sub(p, "lists", key);
        if (!valid_name(key, strlen(key))) problem(ld, p, "a list name must be an identifier");
        content_list *l = &cf->lists[cf->nlists++];
        l->name = arena_strdup(ld->a, key);
        if (!json_is_array(v) || json_array_size(v) == 0 || json_array_size(v) > 1000) {
            problem(ld, p, "must be an array of 1 to 1000 texts");
            continue;
        }
        l->n = json_array_size(v);
        l->entries = arena_alloc_array(ld->a, l->n, sizeof *l->entries);
        for (size_t i = 0; i < l->n; i++) {
            char q[PATH_CAP];
            idx(q, p, "", i);
            read_text(ld, &l->entries[i], json_array_get(v, i), q, TEXT_NEUTRAL_OK);
        }
    }
}

static void read_file(loader *ld, json_t *root)
{
    static const char *const keys[] = {"format", "subject", "lists", "domains", NULL};
    static const char *const subject_keys[] = {"id", "title", NULL};
    if (!json_is_object(root)) {
        problem(ld, "", "a content file is a JSON object");
        return;
    }
    keys_allowed(ld, root, "", keys);
    json_t *fmt = member(ld, root, "", "format", JSON_STRING, 1);
    if (fmt && strcmp(json_string_value(fmt), "madrasa-content/1") != 0)
        problem(ld, "format", "'%s' is not \"madrasa-content/1\"", json_string_value(fmt));
    json_t *subj = member(ld, root, "", "subject", JSON_OBJECT, 1);
    if (subj) {
        keys_allowed(ld, subj, "subject", subject_keys);
        ld->cf->subject_id = read_id(ld, subj, "subject", "id");
        read_text_member(ld, &ld->cf->subject_title, subj, "subject", "title", 1, TEXT_LOCALISED);
    }
    read_lists(ld, root);
    content_file *cf = ld->cf;
    json_t *arr = read_array(ld, &cf->ndomains, root, "", "domains", 1, 100);
    cf->domains = arena_alloc_array(ld->a, cf->ndomains ? cf->ndomains : 1, sizeof *cf->domains);
    for (size_t i = 0; i < cf->ndomains; i++) {
        char p[PATH_CAP];
        idx(p, "", "domains", i);
        read_domain(ld, &cf->domains[i], json_array_get(arr, i), p);
    }
}

/* ---- proving templates ---- */

static int langs_ok(const ctext *t, unsigned mask)
{
    for (int l = 0; l < LANG_COUNT; l++)
        if ((mask & (1u << l)) && !t->s[l]) return 0;
    return 1;
}

static int item_langs_ok(const content_item *it, unsigned mask)
{
    int ok = langs_ok(&it->stem, mask) && langs_ok(&it->answer_text, mask);
    for (size_t i = 0; i < it->nchoices; i++) ok = ok && langs_ok(&it->choices[i], mask);
    for (size_t i = 0; i < it->nitems; i++) ok = ok && langs_ok(&it->items[i], mask);
    for (size_t i = 0; i < it->npairs; i++) ok = ok && langs_ok(&it->left[i], mask) && langs_ok(&it->right[i], mask);
    return ok;
}

/* correct_response: the response a learner who knows the answer would send, for `lang`. */
static void correct_response(buf *b, const content_item *it, content_lang lang, size_t accept)
{
    buf_reset(b);
    switch (it->type) {
    case ITEM_CHOICE:
        for (size_t i = 0; i < it->nchoices; i++)
            if (it->choice_correct[i]) buf_printf(b, "%zu", i);
        break;
    case ITEM_NUMERIC: buf_puts(b, content_ctext_get(&it->answer_text, lang)); break;
    case ITEM_TEXT: buf_puts(b, content_ctext_get(&it->accept[accept], lang)); break;
    case ITEM_ORDER:
        for (size_t k = 0; k < it->nitems; k++)
            for (size_t i = 0; i < it->nitems; i++)
                if (it->order_pos[i] == (int)k) buf_printf(b, "%s%zu", k ? "," : "", i);
        break;
    case ITEM_MATCH:
        for (size_t i = 0; i < it->npairs; i++)
            for (size_t j = 0; j < it->npairs; j++)
                if (it->right_pair[j] == (int)i) buf_printf(b, "%s%zu", i ? "," : "", j);
        break;
    default: break;
    }
}

static int prove_item(buf *errors, const char *where, const content_item *it, unsigned mask)
{
    buf r = BUF_INIT(GRADE_MAX_RESPONSE);
    grade_result g;
    int rc = 0;
    size_t nvariants = it->type == ITEM_TEXT ? it->naccept : 1;
    for (int l = 0; l < LANG_COUNT && !rc; l++) {
        if (!(mask & (1u << l))) continue;
        for (size_t v = 0; v < nvariants && !rc; v++) {
            correct_response(&r, it, (content_lang)l, v);
            grade_response(&g, it, r.data ? r.data : "");
            if (!g.correct) {
                buf_printf(errors, "%s: item %s: the correct answer \"%s\" (%s) does not grade as correct\n", where,
                           it->id, r.data ? r.data : "", lang_codes[l]);
                rc = E_INVALID;
            }
        }
    }
    for (size_t i = 0; i < it->nchoices && !rc; i++) {
        char resp[24];
        snprintf(resp, sizeof resp, "%zu", i);
        grade_response(&g, it, resp);
        if (g.correct != it->choice_correct[i]) {
            buf_printf(errors, "%s: item %s: choice %zu grades wrongly\n", where, it->id, i);
            rc = E_INVALID;
        }
    }
    for (size_t i = 0; i < it->nmistakes && !rc && it->type == ITEM_TEXT; i++)
        for (int l = 0; l < LANG_COUNT && !rc; l++) {
            if (!(mask & (1u << l))) continue;
            grade_response(&g, it, content_ctext_get(&it->mistake_response[i], (content_lang)l));
            if (g.correct) {
                buf_printf(errors, "%s: item %s: mistake %zu is also an accepted answer\n", where, it->id, i);
                rc = E_INVALID;
            }
        }
    buf_free(&r);
    return rc;
}

int content_template_check(buf *errors, const char *where, const content_template *t, unsigned langs_mask,
                           int nseeds)
{
    arena a = ARENA_INIT;
    int rc = 0;
    for (int s = 1; s <= nseeds && !rc; s++) {
        content_item *it;
        template_error te;
        rc = template_instantiate(&it, &a, &te, t, (uint64_t)s);
        if (rc) {
            buf_printf(errors, "%s: seed %d: %s\n", where, s, te.msg);
            break;
        }
        if (!item_langs_ok(it, langs_mask)) {
            buf_printf(errors, "%s: item %s: a text shown to the learner is missing a language\n", where, it->id);
            rc = E_INVALID;
            break;
        }
        rc = prove_item(errors, where, it, langs_mask);
        arena_free(&a);
    }
    arena_free(&a);
    return rc;
}

static void prove_file(loader *ld)
{
    const unsigned mask = (1u << LANG_AR) | (1u << LANG_FR);
    for (size_t d = 0; d < ld->cf->ndomains; d++)
        for (size_t s = 0; s < ld->cf->domains[d].nskills; s++) {
            const content_skill *sk = &ld->cf->domains[d].skills[s];
            for (size_t t = 0; t < sk->ntemplates; t++) {
                char where[PATH_CAP + 64];
                snprintf(where, sizeof where, "%s: %s", ld->file, sk->templates[t].json_path);
                if (ld->nerr >= CONTENT_MAX_ERRORS) return;
                if (content_template_check(ld->errors, where, &sk->templates[t], mask, CONTENT_CHECK_SEEDS)) ld->nerr++;
            }
        }
}

/* ---- the bank ---- */

content_bank *content_bank_new(void)
{
    content_bank *b = xcalloc(1, sizeof *b);
    return b;
}

void content_bank_free(content_bank *b)
{
    if (!b) return;
    arena_free(&b->arena);
    free(b->files);
    free(b->skills);
    free(b->templates);
    free(b);
}

int content_bank_load_mem(content_bank *b, buf *errors, const char *name, const char *json, size_t len)
{
    if (len > CONTENT_MAX_FILE) {
        buf_printf(errors, "%s: larger than %d bytes\n", name, CONTENT_MAX_FILE);
        return E_LIMIT;
    }
    json_error_t je;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        buf_printf(errors, "%s: line %d, column %d: %s\n", name, je.line, je.column, je.text);
        return E_INVALID;
    }
    content_file *cf = arena_alloc(&b->arena, sizeof *cf);
    cf->path = arena_strdup(&b->arena, name);
    loader ld = {errors, cf->path, 0, &b->arena, cf};
    read_file(&ld, root);
    json_decref(root);
    if (!ld.nerr) prove_file(&ld);
    if (ld.nerr) return E_INVALID;
    b->files = xrealloc(b->files, (b->nfiles + 1) * sizeof *b->files);
    b->files[b->nfiles++] = cf;
    b->linked = 0;
    return 0;
}

int content_bank_load_file(content_bank *b, buf *errors, const char *path)
{
    char *text;
    size_t len;
    int rc = read_file_all(&text, &len, path, CONTENT_MAX_FILE);
    if (rc) {
        buf_printf(errors, "%s: cannot read the file%s\n", path, rc == E_LIMIT ? " (too large)" : "");
        return rc;
    }
    rc = content_bank_load_mem(b, errors, path, text, len);
    free(text);
    return rc;
}

static int cmp_skill(const void *x, const void *y)
{
    return strcmp((*(const content_skill *const *)x)->id, (*(const content_skill *const *)y)->id);
}

static int cmp_template(const void *x, const void *y)
{
    return strcmp((*(const content_template *const *)x)->id, (*(const content_template *const *)y)->id);
}

/* visit: depth-first search for a cycle; colour 0 new, 1 on the path, 2 done. */
static int visit(buf *errors, const content_bank *b, const content_skill *sk, unsigned char *colour)
{
    size_t i = (size_t)((const content_skill **)bsearch(&sk, b->skills, b->nskills, sizeof *b->skills, cmp_skill) -
                        b->skills);
    if (colour[i] == 2) return 0;
    if (colour[i] == 1) {
        buf_printf(errors, "%s: %s: prerequisite cycle through skill '%s'\n", sk->domain->file->path, sk->json_path,
                   sk->id);
        return E_INVALID;
    }
    colour[i] = 1;
    for (size_t k = 0; k < sk->nprerequisites; k++)
        if (sk->prereq[k] && visit(errors, b, sk->prereq[k], colour)) return E_INVALID;
    colour[i] = 2;
    return 0;
}

static void collect(content_bank *b)
{
    size_t ns = 0, nt = 0;
    for (size_t f = 0; f < b->nfiles; f++)
        for (size_t d = 0; d < b->files[f]->ndomains; d++) {
            const content_domain *dom = &b->files[f]->domains[d];
            ns += dom->nskills;
            for (size_t s = 0; s < dom->nskills; s++) nt += dom->skills[s].ntemplates;
        }
    b->skills = xrealloc(b->skills, (ns + 1) * sizeof *b->skills);
    b->templates = xrealloc(b->templates, (nt + 1) * sizeof *b->templates);
    b->nskills = b->ntemplates = 0;
    for (size_t f = 0; f < b->nfiles; f++)
        for (size_t d = 0; d < b->files[f]->ndomains; d++) {
            const content_domain *dom = &b->files[f]->domains[d];
            for (size_t s = 0; s < dom->nskills; s++) {
                b->skills[b->nskills++] = &dom->skills[s];
                for (size_t t = 0; t < dom->skills[s].ntemplates; t++)
                    b->templates[b->ntemplates++] = &dom->skills[s].templates[t];
            }
        }
    qsort(b->skills, b->nskills, sizeof *b->skills, cmp_skill);
    qsort(b->templates, b->ntemplates, sizeof *b->templates, cmp_template);
}

int content_bank_link(content_bank *b, buf *errors)
{
    int rc = 0;
    collect(b);
    for (size_t i = 1; i < b->nskills; i++)
        if (strcmp(b->skills[i]->id, b->skills[i - 1]->id) == 0) {
            buf_printf(errors, "%s: %s: skill id '%s' is already used (%s: %s)\n", b->skills[i]->domain->file->path,
                       b->skills[i]->json_path, b->skills[i]->id, b->skills[i - 1]->domain->file->path,
                       b->skills[i - 1]->json_path);
            rc = E_INVALID;
        }
    for (size_t i = 1; i < b->ntemplates; i++)
        if (strcmp(b->templates[i]->id, b->templates[i - 1]->id) == 0) {
            buf_printf(errors, "%s: %s: template id '%s' is already used\n", b->templates[i]->file->path,
                       b->templates[i]->json_path, b->templates[i]->id);
            rc = E_INVALID;
        }
    if (rc) return rc;
    for (size_t i = 0; i < b->nskills; i++) {
        content_skill *sk = (content_skill *)b->skills[i];
        sk->prereq = arena_alloc_array(&b->arena, sk->nprerequisites + 1, sizeof *sk->prereq);
        for (size_t k = 0; k < sk->nprerequisites; k++) {
            b->linked = 1;
            sk->prereq[k] = content_find_skill(b, sk->prerequisites[k]);
            b->linked = 0;
            if (!sk->prereq[k]) {
                buf_printf(errors, "%s: %s.prerequisites[%zu]: unknown skill '%s'\n", sk->domain->file->path,
                           sk->json_path, k, sk->prerequisites[k]);
                rc = E_INVALID;
            } else if (sk->prereq[k] == sk) {
                buf_printf(errors, "%s: %s.prerequisites[%zu]: a skill cannot require itself\n",
                           sk->domain->file->path, sk->json_path, k);
                rc = E_INVALID;
            }
        }
    }
    if (rc) return rc;
    unsigned char *colour = xcalloc(b->nskills + 1, 1);
    for (size_t i = 0; i < b->nskills && !rc; i++) rc = visit(errors, b, b->skills[i], colour);
    free(colour);
    b->linked = rc == 0;
    return rc;
}

const content_skill *content_find_skill(const content_bank *b, const char *id)
{
    if (!b->linked || !b->nskills) return NULL;
    content_skill key = {.id = id};
    const content_skill *k = &key;
    const content_skill **hit = bsearch(&k, b->skills, b->nskills, sizeof *b->skills, cmp_skill);
    return hit ? *hit : NULL;
}

const content_template *content_find_template(const content_bank *b, const char *id)
{
    if (!b->linked || !b->ntemplates) return NULL;
    content_template key = {.id = id};
    const content_template *k = &key;
    const content_template **hit = bsearch(&k, b->templates, b->ntemplates, sizeof *b->templates, cmp_template);
    return hit ? *hit : NULL;
}
