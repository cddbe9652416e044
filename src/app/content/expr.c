/*
 * expr.c — the template expression evaluator (see expr.h).
 *
 * One recursive-descent pass does it all: a hand-written lexer reads the next token on demand,
 * parse_binary() climbs the precedence table below, and each operator is applied at once with
 * checked 128-bit intermediate arithmetic followed by reduction and the ±EXPR_MAX_ABS cap. The
 * parser state carries a `skip` depth: inside an untaken branch nothing is computed and no
 * random number is drawn, so a template's rng stream depends only on the branches taken.
 * The first error wins; later code sees p->failed and unwinds.
 */
#include "app/content/expr.h"

#include <stdio.h>
#include <string.h>

#include "base/err.h"

typedef struct parser {
    const char *s;
    size_t len, pos;
    int depth, skip, failed, code;
    const expr_env *env;
    expr_error *err;
} parser;

static void fail(parser *p, int code, size_t pos, const char *msg)
{
    if (p->failed) return;
    p->failed = 1;
    p->code = code;
    p->err->pos = (int)pos;
    snprintf(p->err->msg, sizeof p->err->msg, "%s", msg);
}

static int64_t gcd64(int64_t a, int64_t b)
{
    if (a < 0) a = -a;
    if (b < 0) b = -b;
    while (b) {
        int64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

static __int128 gcd128(__int128 a, __int128 b)
{
    if (a < 0) a = -a;
    if (b < 0) b = -b;
    while (b) {
        __int128 t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* make: reduce n/d and check the cap. */
static expr_value make(parser *p, __int128 n, __int128 d, size_t pos)
{
    expr_value v = {0, 1};
    if (d == 0) {
        fail(p, E_INVALID, pos, "division by zero");
        return v;
    }
    if (d < 0) {
        n = -n;
        d = -d;
    }
    __int128 g = gcd128(n, d);
    if (g > 1) {
        n /= g;
        d /= g;
    }
    if (n > EXPR_MAX_ABS || n < -EXPR_MAX_ABS || d > EXPR_MAX_ABS) {
        fail(p, E_LIMIT, pos, "value out of range (limit 10^12)");
        return v;
    }
    v.num = (int64_t)n;
    v.den = (int64_t)d;
    return v;
}

expr_value expr_int(int64_t v) { return (expr_value){v, 1}; }
int expr_is_int(expr_value v) { return v.den == 1; }
double expr_to_double(expr_value v) { return (double)v.num / (double)v.den; }

int expr_cmp(expr_value a, expr_value b)
{
    __int128 l = (__int128)a.num * b.den, r = (__int128)b.num * a.den;
    return (l > r) - (l < r);
}

/* ---- lexer ---- */

enum tok {
    T_END, T_NUM, T_NAME, T_LP, T_RP, T_COMMA, T_PLUS, T_MINUS, T_STAR, T_SLASH, T_PCT,
    T_LT, T_LE, T_GT, T_GE, T_EQ, T_NE, T_AND, T_OR, T_NOT, T_BAD
};

static const struct {
    const char *text;
    enum tok tok;
} punct[] = {
    {"<=", T_LE}, {">=", T_GE}, {"==", T_EQ}, {"!=", T_NE}, {"&&", T_AND}, {"||", T_OR},
    {"(", T_LP},  {")", T_RP},  {",", T_COMMA}, {"+", T_PLUS}, {"-", T_MINUS}, {"*", T_STAR},
    {"/", T_SLASH}, {"%", T_PCT}, {"<", T_LT}, {">", T_GT}, {"!", T_NOT},
};

static void skip_space(parser *p)
{
    while (p->pos < p->len && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t')) p->pos++;
}

static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* peek: the next token and its length, without consuming it. */
static enum tok peek(parser *p, size_t *toklen)
{
    skip_space(p);
    const char *c = p->s + p->pos;
    size_t rest = p->len - p->pos;
    *toklen = 0;
    if (!rest) return T_END;
    if (is_digit(*c)) {
        size_t n = 0;
        while (n < rest && (is_digit(c[n]) || c[n] == '.')) n++;
        *toklen = n;
        return T_NUM;
    }
    if (is_alpha(*c)) {
        size_t n = 0;
        while (n < rest && (is_alpha(c[n]) || is_digit(c[n]))) n++;
        *toklen = n;
        return T_NAME;
    }
    for (size_t i = 0; i < sizeof punct / sizeof punct[0]; i++) {
        size_t n = strlen(punct[i].text);
        if (n <= rest && memcmp(c, punct[i].text, n) == 0) {
            *toklen = n;
            return punct[i].tok;
        }
    }
    *toklen = 1;
    return T_BAD;
}

static int accept(parser *p, enum tok t)
{
    size_t n;
    if (peek(p, &n) != t) return 0;
    p->pos += n;
    return 1;
}

static void expect(parser *p, enum tok t, const char *what)
{
    if (!accept(p, t)) {
        skip_space(p);
        char msg[80];
        snprintf(msg, sizeof msg, "expected %s", what);
        fail(p, E_INVALID, p->pos, msg);
    }
}

/* ---- numbers ---- */

static expr_value parse_number(parser *p, size_t n)
{
    size_t start = p->pos;
    __int128 num = 0, den = 1;
    int dots = 0;
    for (size_t i = 0; i < n; i++) {
        char c = p->s[start + i];
        if (c == '.') {
            if (dots++ || i + 1 == n) fail(p, E_INVALID, start + i, "malformed number");
            continue;
        }
        num = num * 10 + (c - '0');
        if (dots) den *= 10;
        if (num > EXPR_MAX_ABS * 10 || den > EXPR_MAX_ABS) {
            fail(p, E_LIMIT, start, "number too large (limit 10^12)");
            break;
        }
    }
    p->pos += n;
    return p->failed ? (expr_value){0, 1} : make(p, num, den, start);
}

/* ---- operators ---- */

static expr_value floor_div(parser *p, expr_value a, expr_value b, size_t pos, int want_mod)
{
    if (!expr_is_int(a) || !expr_is_int(b)) {
        fail(p, E_INVALID, pos, "% and div need integers");
        return expr_int(0);
    }
    if (b.num == 0) {
        fail(p, E_INVALID, pos, "division by zero");
        return expr_int(0);
    }
    int64_t q = a.num / b.num, r = a.num % b.num;
    if (r != 0 && ((r < 0) != (b.num < 0))) {
        q -= 1;
        r += b.num;
    }
    return expr_int(want_mod ? r : q);
}

static expr_value apply(parser *p, enum tok op, expr_value a, expr_value b, size_t pos)
{
    if (p->skip || p->failed) return expr_int(0);
    int c;
    switch (op) {
    case T_PLUS: return make(p, (__int128)a.num * b.den + (__int128)b.num * a.den, (__int128)a.den * b.den, pos);
    case T_MINUS: return make(p, (__int128)a.num * b.den - (__int128)b.num * a.den, (__int128)a.den * b.den, pos);
    case T_STAR: return make(p, (__int128)a.num * b.num, (__int128)a.den * b.den, pos);
    case T_SLASH: return make(p, (__int128)a.num * b.den, (__int128)a.den * b.num, pos);
    case T_PCT: return floor_div(p, a, b, pos, 1);
    default: break;
    }
    c = expr_cmp(a, b);
    switch (op) {
    case T_LT: return expr_int(c < 0);
    case T_LE: return expr_int(c <= 0);
    case T_GT: return expr_int(c > 0);
    case T_GE: return expr_int(c >= 0);
    case T_EQ: return expr_int(c == 0);
    case T_NE: return expr_int(c != 0);
    default: return expr_int(0);
    }
}

/* Binary operators by precedence (higher binds tighter); && and || short-circuit. */
static int precedence(enum tok t)
{
    static const struct {
        enum tok tok;
        int prec;
    } table[] = {
        {T_OR, 1}, {T_AND, 2}, {T_EQ, 3}, {T_NE, 3}, {T_LT, 4}, {T_LE, 4}, {T_GT, 4},
        {T_GE, 4}, {T_PLUS, 5}, {T_MINUS, 5}, {T_STAR, 6}, {T_SLASH, 6}, {T_PCT, 6},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (table[i].tok == t) return table[i].prec;
    return 0;
}

static expr_value parse_binary(parser *p, int min_prec);

/* ---- functions ---- */

typedef struct call {
    expr_value a[EXPR_MAX_ARGS];
    int n;
    size_t pos;
} call;

static int need_int(parser *p, const call *c, int from)
{
    for (int i = from; i < c->n; i++)
        if (!expr_is_int(c->a[i])) {
            fail(p, E_INVALID, c->pos, "this function needs integer arguments");
            return 0;
        }
    return 1;
}

static expr_value fn_min(parser *p, const call *c)
{
    (void)p;
    expr_value m = c->a[0];
    for (int i = 1; i < c->n; i++)
        if (expr_cmp(c->a[i], m) < 0) m = c->a[i];
    return m;
}

static expr_value fn_max(parser *p, const call *c)
{
    (void)p;
    expr_value m = c->a[0];
    for (int i = 1; i < c->n; i++)
        if (expr_cmp(c->a[i], m) > 0) m = c->a[i];
    return m;
}

static expr_value fn_abs(parser *p, const call *c)
{
    (void)p;
    expr_value v = c->a[0];
    if (v.num < 0) v.num = -v.num;
    return v;
}

static expr_value fn_gcd(parser *p, const call *c)
{
    if (!need_int(p, c, 0)) return expr_int(0);
    return expr_int(gcd64(c->a[0].num, c->a[1].num));
}

static expr_value fn_lcm(parser *p, const call *c)
{
    if (!need_int(p, c, 0)) return expr_int(0);
    int64_t g = gcd64(c->a[0].num, c->a[1].num);
    if (g == 0) return expr_int(0);
    return make(p, (__int128)(c->a[0].num / g) * c->a[1].num, 1, c->pos);
}

static expr_value fn_div(parser *p, const call *c) { return floor_div(p, c->a[0], c->a[1], c->pos, 0); }

static expr_value fn_floor(parser *p, const call *c)
{
    return floor_div(p, expr_int(c->a[0].num), expr_int(c->a[0].den), c->pos, 0);
}

static expr_value fn_num(parser *p, const call *c) { (void)p; return expr_int(c->a[0].num); }
static expr_value fn_den(parser *p, const call *c) { (void)p; return expr_int(c->a[0].den); }

static expr_value fn_randint(parser *p, const call *c)
{
    if (!need_int(p, c, 0)) return expr_int(0);
    int64_t lo = c->a[0].num, hi = c->a[1].num;
    if (hi < lo) {
        fail(p, E_INVALID, c->pos, "randint(lo, hi) needs lo <= hi");
        return expr_int(0);
    }
    if (!p->env->rng) {
        fail(p, E_INVALID, c->pos, "randint is not available here");
        return expr_int(0);
    }
    return expr_int(lo + (int64_t)rng_below(p->env->rng, (uint64_t)(hi - lo) + 1));
}

static expr_value fn_choice(parser *p, const call *c)
{
    if (!p->env->rng) {
        fail(p, E_INVALID, c->pos, "choice is not available here");
        return expr_int(0);
    }
    return c->a[rng_below(p->env->rng, (uint64_t)c->n)];
}

static const struct fn {
    const char *name;
    int min_args, max_args, random;
    expr_value (*run)(parser *p, const call *c);
} functions[] = {
    {"min", 1, EXPR_MAX_ARGS, 0, fn_min},  {"max", 1, EXPR_MAX_ARGS, 0, fn_max},
    {"abs", 1, 1, 0, fn_abs},              {"gcd", 2, 2, 0, fn_gcd},
    {"lcm", 2, 2, 0, fn_lcm},              {"div", 2, 2, 0, fn_div},
    {"floor", 1, 1, 0, fn_floor},          {"num", 1, 1, 0, fn_num},
    {"den", 1, 1, 0, fn_den},              {"randint", 2, 2, 1, fn_randint},
    {"choice", 1, EXPR_MAX_ARGS, 1, fn_choice},
};

static int name_is(const char *s, size_t n, const char *word)
{
    return strlen(word) == n && memcmp(s, word, n) == 0;
}

/* if(c, a, b): only the taken branch is evaluated. */
static expr_value parse_if(parser *p)
{
    expr_value c = parse_binary(p, 1), r = expr_int(0);
    int taken = p->skip ? -1 : c.num != 0;
    for (int branch = 1; branch >= 0; branch--) {
        expect(p, T_COMMA, "',' in if(condition, then, else)");
        if (taken != branch) p->skip++;
        expr_value v = parse_binary(p, 1);
        if (taken != branch) p->skip--;
        else r = v;
    }
    expect(p, T_RP, "')'");
    return r;
}

/* len(list): the number of entries of a word list. */
static expr_value parse_len(parser *p)
{
    size_t n, pos;
    skip_space(p);
    pos = p->pos;
    if (peek(p, &n) != T_NAME) {
        fail(p, E_INVALID, pos, "len() needs a list name");
        return expr_int(0);
    }
    int64_t v = 0;
    if (!p->env->list_len || p->env->list_len(p->env->ctx, p->s + pos, n, &v)) {
        if (!p->skip || p->env->list_len) fail(p, E_INVALID, pos, "unknown list");
    }
    p->pos += n;
    expect(p, T_RP, "')'");
    return expr_int(v);
}

static expr_value parse_call(parser *p, const char *name, size_t n, size_t pos)
{
    if (name_is(name, n, "if")) return parse_if(p);
    if (name_is(name, n, "len")) return parse_len(p);
    const struct fn *f = NULL;
    for (size_t i = 0; i < sizeof functions / sizeof functions[0]; i++)
        if (name_is(name, n, functions[i].name)) f = &functions[i];
    if (!f) {
        fail(p, E_INVALID, pos, "unknown function");
        return expr_int(0);
    }
    call c = {.n = 0, .pos = pos};
    if (!accept(p, T_RP)) {
        do {
            if (c.n == EXPR_MAX_ARGS) {
                fail(p, E_LIMIT, p->pos, "too many arguments");
                return expr_int(0);
            }
            c.a[c.n++] = parse_binary(p, 1);
        } while (!p->failed && accept(p, T_COMMA));
        expect(p, T_RP, "')' or ','");
    }
    if (p->failed) return expr_int(0);
    if (c.n < f->min_args || c.n > f->max_args) {
        char msg[80];
        snprintf(msg, sizeof msg, "%s takes %d to %d arguments", f->name, f->min_args, f->max_args);
        if (f->min_args == f->max_args)
            snprintf(msg, sizeof msg, "%s takes %d argument%s", f->name, f->min_args, f->min_args > 1 ? "s" : "");
        fail(p, E_INVALID, pos, msg);
        return expr_int(0);
    }
    if (p->skip) return expr_int(0);
    return f->run(p, &c);
}

static expr_value parse_name(parser *p, size_t n)
{
    const char *name = p->s + p->pos;
    size_t pos = p->pos;
    p->pos += n;
    if (n > EXPR_MAX_NAME) {
        fail(p, E_LIMIT, pos, "name too long");
        return expr_int(0);
    }
    if (accept(p, T_LP)) return parse_call(p, name, n, pos);
    expr_value v = expr_int(0);
    if (!p->env->lookup) {
        if (!p->skip) fail(p, E_INVALID, pos, "unknown name");
        return v;
    }
    if (p->env->lookup(p->env->ctx, name, n, &v)) fail(p, E_INVALID, pos, "unknown name");
    return p->skip ? expr_int(0) : v;
}

static expr_value parse_unary(parser *p)
{
    size_t n, pos;
    if (p->failed) return expr_int(0);
    if (++p->depth > EXPR_MAX_DEPTH) {
        fail(p, E_LIMIT, p->pos, "expression nested too deeply");
        return expr_int(0);
    }
    enum tok t = peek(p, &n);
    pos = p->pos;
    expr_value v = expr_int(0);
    switch (t) {
    case T_MINUS:
        p->pos += n;
        v = parse_unary(p);
        v = apply(p, T_MINUS, expr_int(0), v, pos);
        break;
    case T_PLUS: p->pos += n; v = parse_unary(p); break;
    case T_NOT:
        p->pos += n;
        v = parse_unary(p);
        v = expr_int(v.num == 0);
        break;
    case T_NUM: v = parse_number(p, n); break;
    case T_NAME: v = parse_name(p, n); break;
    case T_LP:
        p->pos += n;
        v = parse_binary(p, 1);
        expect(p, T_RP, "')'");
        break;
    case T_END: fail(p, E_INVALID, pos, "unexpected end of expression"); break;
    default: fail(p, E_INVALID, pos, "unexpected character"); break;
    }
    p->depth--;
    return v;
}

static expr_value parse_binary(parser *p, int min_prec)
{
    expr_value lhs = parse_unary(p);
    for (;;) {
        size_t n;
        if (p->failed) return expr_int(0);
        enum tok op = peek(p, &n);
        int prec = precedence(op);
        if (!prec || prec < min_prec) return lhs;
        size_t pos = p->pos;
        p->pos += n;
        if (op == T_AND || op == T_OR) {
            int decided = !p->skip && ((op == T_AND) ? lhs.num == 0 : lhs.num != 0);
            if (decided) p->skip++;
            expr_value rhs = parse_binary(p, prec + 1);
            if (decided) {
                p->skip--;
                lhs = expr_int(op == T_OR);
            } else {
                lhs = expr_int(rhs.num != 0);
            }
            continue;
        }
        expr_value rhs = parse_binary(p, prec + 1);
        lhs = apply(p, op, lhs, rhs, pos);
    }
}

static int run(expr_value *out, expr_error *err, const expr_env *env, const char *src, size_t len,
               int skip)
{
    static const expr_env none = {NULL, NULL, NULL, NULL};
    parser p = {.s = src, .len = len, .env = env ? env : &none, .err = err, .skip = skip};
    err->pos = 0;
    err->msg[0] = 0;
    if (len > EXPR_MAX_LEN) {
        fail(&p, E_LIMIT, EXPR_MAX_LEN, "expression too long");
        return p.code;
    }
    if (memchr(src, 0, len)) {
        fail(&p, E_INVALID, (size_t)((const char *)memchr(src, 0, len) - src), "NUL byte");
        return p.code;
    }
    expr_value v = parse_binary(&p, 1);
    size_t n;
    if (!p.failed && peek(&p, &n) != T_END) fail(&p, E_INVALID, p.pos, "unexpected text after expression");
    if (p.failed) return p.code;
    if (out) *out = v;
    return 0;
}

int expr_eval(expr_value *out, expr_error *err, const expr_env *env, const char *src, size_t len)
{
    return run(out, err, env, src, len, 0);
}

int expr_check(expr_error *err, const expr_env *env, const char *src, size_t len)
{
    return run(NULL, err, env, src, len, 1);
}

size_t expr_format(char *dst, size_t cap, expr_value v, enum expr_fmt fmt, char decimal_sep)
{
    int n;
    int64_t d = v.den, places = 0;
    while (d % 10 == 0) d /= 10, places++;
    while (d % 2 == 0 || d % 5 == 0) d /= (d % 2 == 0) ? 2 : 5, places++;
    if (v.den == 1) {
        n = snprintf(dst, cap, "%lld", (long long)v.num);
    } else if (fmt == EXPR_FMT_FRAC || (fmt == EXPR_FMT_AUTO && (d != 1 || places > 6))) {
        n = snprintf(dst, cap, "%lld/%lld", (long long)v.num, (long long)v.den);
    } else {
        if (places > 6 || d != 1) places = 6;
        int64_t scale = 1;
        for (int i = 0; i < places; i++) scale *= 10;
        __int128 scaled = (__int128)v.num * scale;
        __int128 q = scaled / v.den, r = scaled % v.den;
        if (2 * (r < 0 ? -r : r) >= v.den) q += (scaled < 0) ? -1 : 1;
        int neg = q < 0;
        if (neg) q = -q;
        long long ip = (long long)(q / scale), fp = (long long)(q % scale);
        int width = (int)places;
        while (width > 0 && fp % 10 == 0) fp /= 10, width--;
        if (width)
            n = snprintf(dst, cap, "%s%lld%c%0*lld", neg ? "-" : "", ip, decimal_sep, width, fp);
        else
            n = snprintf(dst, cap, "%s%lld", neg ? "-" : "", ip);
    }
    if (n < 0) n = 0;
    return (size_t)n < cap ? (size_t)n : cap ? cap - 1 : 0;
}
