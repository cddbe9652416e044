/*
 * template.c — instantiating item templates (see template.h).
 *
 * The order of rng draws is part of the contract (an item id must regenerate the same item
 * forever): first the parameters in template order (redrawn as a whole while a constraint
 * fails), then the choice shuffle, then the ordering shuffle, then the matching shuffle.
 * Changing that order changes every item id's meaning, so it must not change.
 */
#include "app/content/template.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"

typedef struct scope {
    const content_template *t;
    const expr_value *values;
    size_t n; /* parameters defined so far */
} scope;

static int scope_lookup(void *ctx, const char *name, size_t len, expr_value *out)
{
    const scope *s = ctx;
    for (size_t i = s->n; i-- > 0;)
        if (strlen(s->t->params[i].name) == len && memcmp(s->t->params[i].name, name, len) == 0) {
            *out = s->values[i];
            return 0;
        }
    return 1;
}

static const content_list *find_list(const content_template *t, const char *name, size_t len)
{
    if (!t->file) return NULL;
    for (size_t i = 0; i < t->file->nlists; i++)
        if (strlen(t->file->lists[i].name) == len && memcmp(t->file->lists[i].name, name, len) == 0)
            return &t->file->lists[i];
    return NULL;
}

static int scope_list_len(void *ctx, const char *name, size_t len, int64_t *out)
{
    const content_list *l = find_list(((const scope *)ctx)->t, name, len);
    if (!l) return 1;
    *out = (int64_t)l->n;
    return 0;
}

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static char decimal_sep(content_lang lang) { return lang == LANG_EN ? '.' : ','; }

static void set_err(template_error *err, const char *fmt, const char *a, const char *b, int pos)
{
    snprintf(err->msg, sizeof err->msg, fmt, a, b, pos);
}

/* render_placeholder: one `{...}` body (without braces) into out. */
static int render_placeholder(buf *out, template_error *err, const scope *sc, const char *body, size_t len,
                              content_lang lang)
{
    expr_env env = {scope_lookup, scope_list_len, (void *)sc, NULL};
    expr_error ee;
    expr_value v;
    if (len && body[0] == '@') {
        const char *colon = memchr(body, ':', len);
        if (!colon) {
            snprintf(err->msg, sizeof err->msg, "placeholder {%.*s}: expected {@list:index}", (int)len, body);
            return E_INVALID;
        }
        const content_list *l = find_list(sc->t, body + 1, (size_t)(colon - body - 1));
        if (!l || !l->n) {
            snprintf(err->msg, sizeof err->msg, "placeholder {%.*s}: unknown word list", (int)len, body);
            return E_INVALID;
        }
        size_t elen = len - (size_t)(colon + 1 - body);
        int rc = expr_eval(&v, &ee, &env, colon + 1, elen);
        if (rc) {
            snprintf(err->msg, sizeof err->msg, "placeholder {%.*s} at %d: %s", (int)len, body, ee.pos, ee.msg);
            return rc;
        }
        int64_t n = (int64_t)l->n, k = v.num / v.den;
        k = ((k % n) + n) % n;
        buf_puts(out, content_ctext_get(&l->entries[k], lang));
        return 0;
    }
    enum expr_fmt fmt = EXPR_FMT_AUTO;
    const char *bar = memchr(body, '|', len);
    size_t elen = bar ? (size_t)(bar - body) : len;
    if (bar) {
        size_t flen = len - elen - 1;
        if (flen == 4 && memcmp(bar + 1, "frac", 4) == 0) fmt = EXPR_FMT_FRAC;
        else if (flen == 3 && memcmp(bar + 1, "dec", 3) == 0) fmt = EXPR_FMT_DEC;
        else {
            snprintf(err->msg, sizeof err->msg, "placeholder {%.*s}: unknown format (frac, dec)", (int)len, body);
            return E_INVALID;
        }
    }
    int rc = expr_eval(&v, &ee, &env, body, elen);
    if (rc) {
        snprintf(err->msg, sizeof err->msg, "placeholder {%.*s} at %d: %s", (int)len, body, ee.pos, ee.msg);
        return rc;
    }
    char num[64];
    expr_format(num, sizeof num, v, fmt, decimal_sep(lang));
    buf_puts(out, num);
    return 0;
}

static int render(char **out, arena *a, template_error *err, const scope *sc, const char *text, content_lang lang)
{
    buf b = BUF_INIT(TEMPLATE_MAX_TEXT);
    int rc = 0;
    const char *p = text;
    while (*p && !rc) {
        const char *brace = strpbrk(p, "{}");
        if (!brace) {
            buf_puts(&b, p);
            break;
        }
        buf_append(&b, p, (size_t)(brace - p));
        if (brace[0] == brace[1]) {
            buf_putc(&b, brace[0]);
            p = brace + 2;
            continue;
        }
        const char *close = brace[0] == '{' ? strpbrk(brace + 1, "{}") : NULL;
        if (!close || *close != '}') {
            set_err(err, "unbalanced brace in text \"%.80s\"%s (at %d)", text, "", (int)(brace - text));
            rc = E_INVALID;
            break;
        }
        rc = render_placeholder(&b, err, sc, brace + 1, (size_t)(close - brace - 1), lang);
        p = close + 1;
    }
    if (!rc && b.err) {
        snprintf(err->msg, sizeof err->msg, "rendered text longer than %d bytes", TEMPLATE_MAX_TEXT);
        rc = E_LIMIT;
    }
    if (!rc) *out = arena_strndup(a, b.data ? b.data : "", b.len);
    buf_free(&b);
    return rc;
}

int template_render(char **out, arena *a, template_error *err, const content_template *t, const expr_value *values,
                    const char *text, content_lang lang)
{
    scope sc = {t, values, t->nparams};
    return render(out, a, err, &sc, text, lang);
}

static int render_ctext(ctext *out, arena *a, template_error *err, const scope *sc, const ctext *in)
{
    memset(out, 0, sizeof *out);
    out->neutral = in->neutral;
    for (int l = 0; l < LANG_COUNT; l++) {
        if (!in->s[l]) continue;
        if (in->neutral && l > 0 && out->s[0]) {
            out->s[l] = out->s[0];
            continue;
        }
        char *s;
        int rc = render(&s, a, err, sc, in->s[l], (content_lang)l);
        if (rc) return rc;
        out->s[l] = s;
    }
    return 0;
}

static int render_all(ctext **out, arena *a, template_error *err, const scope *sc, const ctext *in, size_t n)
{
    *out = n ? arena_alloc_array(a, n, sizeof **out) : NULL;
    for (size_t i = 0; i < n; i++) {
        int rc = render_ctext(&(*out)[i], a, err, sc, &in[i]);
        if (rc) return rc;
    }
    return 0;
}

/* eval_in: evaluate an expression of the template with the drawn parameters. */
static int eval_in(expr_value *v, template_error *err, const scope *sc, rng *r, const char *what, const char *src)
{
    expr_env env = {scope_lookup, scope_list_len, (void *)sc, r};
    expr_error ee;
    int rc = expr_eval(v, &ee, &env, src, strlen(src));
    if (rc) snprintf(err->msg, sizeof err->msg, "%s \"%.80s\" at %d: %s", what, src, ee.pos, ee.msg);
    return rc;
}

static int ctext_equal(const ctext *a, const ctext *b)
{
    for (int l = 0; l < LANG_COUNT; l++) {
        if (!a->s[l] || !b->s[l]) continue;
        if (strcmp(a->s[l], b->s[l]) == 0) return 1;
    }
    return 0;
}

/* draw: one attempt at the parameters; 1 when every constraint holds, 0 to redraw, <0 error. */
static int draw(expr_value *values, template_error *err, const content_template *t, rng *r)
{
    scope sc = {t, values, 0};
    for (size_t i = 0; i < t->nparams; i++) {
        int rc = eval_in(&values[i], err, &sc, r, t->params[i].name, t->params[i].expr);
        if (rc) return rc;
        sc.n = i + 1;
    }
    for (size_t i = 0; i < t->nwhere; i++) {
        expr_value v;
        int rc = eval_in(&v, err, &sc, NULL, "constraint", t->where[i]);
        if (rc) return rc;
        if (v.num == 0) return 0;
    }
    return 1;
}

/* distinct: the rendered alternatives a learner could confuse must differ from the answer. */
static int distinct(const content_item *it)
{
    for (size_t i = 0; i < it->nchoices; i++)
        for (size_t j = i + 1; j < it->nchoices; j++)
            if (ctext_equal(&it->choices[i], &it->choices[j])) return 0;
    for (size_t i = 0; i < it->nmistakes; i++)
        if (it->type == ITEM_NUMERIC && expr_cmp(it->mistake_value[i], it->answer) == 0) return 0;
    for (size_t i = 0; i < it->npairs; i++)
        for (size_t j = i + 1; j < it->npairs; j++)
            if (ctext_equal(&it->right[i], &it->right[j]) || ctext_equal(&it->left[i], &it->left[j])) return 0;
    return 1;
}

static void shuffle(int *perm, size_t n, rng *r)
{
    for (size_t i = 0; i < n; i++) perm[i] = (int)i;
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)rng_below(r, i);
        int tmp = perm[i - 1];
        perm[i - 1] = perm[j];
        perm[j] = tmp;
    }
}

/* shuffle_moved: a shuffle that is not the identity (an ordering task must need work). */
static void shuffle_moved(int *perm, size_t n, rng *r)
{
    shuffle(perm, n, r);
    if (n < 2) return;
    for (size_t i = 0; i < n; i++)
        if (perm[i] != (int)i) return;
    for (size_t i = 0; i < n; i++) perm[i] = (int)((i + 1) % n);
}

static void join_answer(ctext *out, arena *a, const ctext *parts, const int *order, size_t n, const char *sep)
{
    memset(out, 0, sizeof *out);
    for (int l = 0; l < LANG_COUNT; l++) {
        buf b = BUF_INIT(0);
        int any = 0;
        for (size_t i = 0; i < n; i++) {
            const char *s = parts[order ? order[i] : (int)i].s[l];
            if (!s) continue;
            if (any++) buf_puts(&b, sep);
            buf_puts(&b, s);
        }
        if (any) out->s[l] = arena_strndup(a, b.data, b.len);
        buf_free(&b);
    }
}

static void numeric_answer_text(content_item *it, arena *a)
{
    for (int l = 0; l < LANG_COUNT; l++) {
        char num[64];
        expr_format(num, sizeof num, it->answer, EXPR_FMT_AUTO, decimal_sep((content_lang)l));
        it->answer_text.s[l] = arena_strdup(a, num);
    }
}

static int build_choices(content_item *it, arena *a, template_error *err, const scope *sc, rng *r)
{
    const content_template *t = it->tpl;
    size_t n = t->nchoices;
    int *perm = arena_alloc_array(a, n ? n : 1, sizeof *perm);
    if (t->shuffle) shuffle(perm, n, r);
    else for (size_t i = 0; i < n; i++) perm[i] = (int)i;
    it->nchoices = n;
    it->choices = arena_alloc_array(a, n ? n : 1, sizeof *it->choices);
    it->choice_feedback = arena_alloc_array(a, n ? n : 1, sizeof *it->choice_feedback);
    it->choice_misconception = arena_alloc_array(a, n ? n : 1, sizeof *it->choice_misconception);
    it->choice_correct = arena_alloc_array(a, n ? n : 1, sizeof *it->choice_correct);
    for (size_t i = 0; i < n; i++) {
        const content_choice *c = &t->choices[perm[i]];
        int rc = render_ctext(&it->choices[i], a, err, sc, &c->text);
        if (!rc) rc = render_ctext(&it->choice_feedback[i], a, err, sc, &c->feedback);
        if (rc) return rc;
        it->choice_misconception[i] = c->misconception;
        it->choice_correct[i] = c->correct;
        if (c->correct) it->answer_text = it->choices[i];
    }
    return 0;
}

static int build_order(content_item *it, arena *a, template_error *err, const scope *sc, rng *r)
{
    const content_template *t = it->tpl;
    size_t n = t->nitems;
    ctext *written;
    int rc = render_all(&written, a, err, sc, t->items, n);
    if (rc) return rc;
    int *perm = arena_alloc_array(a, n ? n : 1, sizeof *perm);
    shuffle_moved(perm, n, r);
    it->nitems = n;
    it->items = arena_alloc_array(a, n ? n : 1, sizeof *it->items);
    it->order_pos = perm;
    for (size_t i = 0; i < n; i++) it->items[i] = written[perm[i]];
    join_answer(&it->answer_text, a, written, NULL, n, " ");
    return 0;
}

static int build_match(content_item *it, arena *a, template_error *err, const scope *sc, rng *r)
{
    const content_template *t = it->tpl;
    size_t n = t->npairs;
    it->npairs = n;
    it->left = arena_alloc_array(a, n ? n : 1, sizeof *it->left);
    it->right = arena_alloc_array(a, n ? n : 1, sizeof *it->right);
    ctext *rights = arena_alloc_array(a, n ? n : 1, sizeof *rights);
    ctext *lines = arena_alloc_array(a, n ? n : 1, sizeof *lines);
    for (size_t i = 0; i < n; i++) {
        int rc = render_ctext(&it->left[i], a, err, sc, &t->pairs[i].left);
        if (!rc) rc = render_ctext(&rights[i], a, err, sc, &t->pairs[i].right);
        if (rc) return rc;
        for (int l = 0; l < LANG_COUNT; l++)
            if (it->left[i].s[l] && rights[i].s[l])
                lines[i].s[l] = arena_printf(a, "%s → %s", it->left[i].s[l], rights[i].s[l]);
    }
    it->right_pair = arena_alloc_array(a, n ? n : 1, sizeof *it->right_pair);
    shuffle_moved(it->right_pair, n, r);
    for (size_t j = 0; j < n; j++) it->right[j] = rights[it->right_pair[j]];
    join_answer(&it->answer_text, a, lines, NULL, n, " ; ");
    return 0;
}

static int build_mistakes(content_item *it, arena *a, template_error *err, const scope *sc)
{
    const content_template *t = it->tpl;
    size_t n = t->nmistakes;
    it->nmistakes = n;
    it->mistake_value = arena_alloc_array(a, n ? n : 1, sizeof *it->mistake_value);
    it->mistake_response = arena_alloc_array(a, n ? n : 1, sizeof *it->mistake_response);
    it->mistake_feedback = arena_alloc_array(a, n ? n : 1, sizeof *it->mistake_feedback);
    for (size_t i = 0; i < n; i++) {
        const content_mistake *m = &t->mistakes[i];
        int rc = 0;
        if (m->expr) rc = eval_in(&it->mistake_value[i], err, sc, NULL, "mistake", m->expr);
        if (!rc) rc = render_ctext(&it->mistake_response[i], a, err, sc, &m->response);
        if (!rc) rc = render_ctext(&it->mistake_feedback[i], a, err, sc, &m->feedback);
        if (rc) return rc;
    }
    return 0;
}

static int build_type(content_item *it, arena *a, template_error *err, const scope *sc, rng *r)
{
    const content_template *t = it->tpl;
    int rc = 0;
    switch (t->type) {
    case ITEM_CHOICE: rc = build_choices(it, a, err, sc, r); break;
    case ITEM_NUMERIC:
        rc = eval_in(&it->answer, err, sc, NULL, "answer", t->answer);
        it->tolerance = expr_int(0);
        if (!rc && t->tolerance) rc = eval_in(&it->tolerance, err, sc, NULL, "tolerance", t->tolerance);
        if (!rc) numeric_answer_text(it, a);
        break;
    case ITEM_TEXT:
        rc = render_all(&it->accept, a, err, sc, t->accept, t->naccept);
        it->naccept = t->naccept;
        if (!rc && t->naccept) it->answer_text = it->accept[0];
        break;
    case ITEM_ORDER: rc = build_order(it, a, err, sc, r); break;
    case ITEM_MATCH: rc = build_match(it, a, err, sc, r); break;
    default: snprintf(err->msg, sizeof err->msg, "unknown item type"); rc = E_INVALID; break;
    }
    if (!rc) rc = build_mistakes(it, a, err, sc);
    return rc;
}

int template_instantiate(content_item **out, arena *a, template_error *err, const content_template *t, uint64_t seed)
{
    rng r;
    rng_seed(&r, seed ^ fnv1a(t->id));
    content_item *it = arena_alloc(a, sizeof *it);
    it->tpl = t;
    it->seed = seed;
    it->type = t->type;
    it->nparams = t->nparams;
    it->param_values = arena_alloc_array(a, t->nparams ? t->nparams : 1, sizeof *it->param_values);
    if (template_item_id(it->id, sizeof it->id, t->id, seed)) {
        snprintf(err->msg, sizeof err->msg, "template id longer than %d bytes", TEMPLATE_MAX_ID);
        return E_LIMIT;
    }
    scope sc = {t, it->param_values, t->nparams};
    for (int attempt = 0;; attempt++) {
        if (attempt == TEMPLATE_MAX_DRAWS) {
            snprintf(err->msg, sizeof err->msg,
                     "constraints (where, distinct choices, mistakes unlike the answer) never held in %d draws",
                     TEMPLATE_MAX_DRAWS);
            return E_INVALID;
        }
        int ok = draw(it->param_values, err, t, &r);
        if (ok < 0) return ok;
        if (!ok) continue;
        rng shuffle_rng = r;
        int rc = build_type(it, a, err, &sc, &shuffle_rng);
        if (rc) return rc;
        if (!distinct(it)) continue;
        r = shuffle_rng;
        break;
    }
    int rc = render_ctext(&it->stem, a, err, &sc, &t->stem);
    if (!rc) rc = render_ctext(&it->solution, a, err, &sc, &t->solution);
    if (!rc) rc = render_all(&it->hints, a, err, &sc, t->hints, t->nhints);
    it->nhints = t->nhints;
    if (rc) return rc;
    *out = it;
    return 0;
}

int template_item_id(char *dst, size_t cap, const char *template_id, uint64_t seed)
{
    if (strlen(template_id) > TEMPLATE_MAX_ID) return E_LIMIT;
    int n = snprintf(dst, cap, "%s#%" PRIu64, template_id, seed);
    return (n < 0 || (size_t)n >= cap) ? E_LIMIT : 0;
}

int template_parse_item_id(char **tpl_id, uint64_t *seed, arena *a, const char *item_id)
{
    const char *hash = strrchr(item_id, '#');
    if (!hash || hash == item_id || (size_t)(hash - item_id) > TEMPLATE_MAX_ID) return E_INVALID;
    const char *digits = hash + 1;
    if (*digits < '0' || *digits > '9' || strlen(digits) > 20) return E_INVALID;
    uint64_t v = 0;
    for (const char *p = digits; *p; p++) {
        if (*p < '0' || *p > '9') return E_INVALID;
        unsigned d = (unsigned)(*p - '0');
        if (v > (UINT64_MAX - d) / 10) return E_INVALID;
        v = v * 10 + d;
    }
    *tpl_id = arena_strndup(a, item_id, (size_t)(hash - item_id));
    *seed = v;
    return 0;
}
