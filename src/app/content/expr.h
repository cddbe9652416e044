/*
 * expr.h — a small, safe expression language for parametric item templates.
 *
 * Content authors write expressions such as `randint(10, 49)`, `a % 10 + b % 10 < 10`,
 * `choice(2, 5, 10)` or `gcd(n, d) == 1`. The language has exact rationals (integers, decimal
 * literals like 2.5, and `/` that never rounds), the operators + - * / % (floor modulo),
 * comparisons, && || !, and the functions listed in docs/content-format.md. There are no
 * loops, no assignment and no strings, so every evaluation ends, in time linear in its length.
 *
 * Caps make it safe on input from anyone: at most EXPR_MAX_LEN bytes, EXPR_MAX_DEPTH levels of
 * nesting, EXPR_MAX_ARGS arguments, and every numerator and denominator within ±EXPR_MAX_ABS
 * (a result past the cap is an error, never a wrap-around). Errors name the byte position.
 *
 * The evaluator parses and evaluates in one pass (precedence climbing). The branches that are
 * not taken (`if`, `&&`, `||`) are parsed in a skip mode that neither evaluates nor draws random
 * numbers, so an error there is still a syntax error but a division by zero is not.
 *
 * Nothing here allocates; randomness only through the env's rng.
 */
#ifndef APP_CONTENT_EXPR_H
#define APP_CONTENT_EXPR_H

#include <stddef.h>
#include <stdint.h>

#include "base/rng.h"

enum { EXPR_MAX_LEN = 1024, EXPR_MAX_DEPTH = 32, EXPR_MAX_ARGS = 16, EXPR_MAX_NAME = 32 };
#define EXPR_MAX_ABS INT64_C(1000000000000)

/* A rational number, always reduced, den > 0. Integers have den == 1. */
typedef struct expr_value {
    int64_t num, den;
} expr_value;

typedef struct expr_error {
    int pos;        /* byte offset in the expression where the problem was found */
    char msg[120];  /* what is wrong, in English, for authors */
} expr_error;

/* The environment: variables and list lengths come from callbacks (NULL = none). */
typedef struct expr_env {
    /* lookup: 0 and *out when `name` (len bytes, not NUL-terminated) is defined, else nonzero. */
    int (*lookup)(void *ctx, const char *name, size_t len, expr_value *out);
    /* list_len: 0 and *out for len(list), else nonzero. */
    int (*list_len)(void *ctx, const char *name, size_t len, int64_t *out);
    void *ctx;
    rng *rng; /* for randint and choice; NULL makes them an error */
} expr_env;

/* expr_eval evaluates src[0..len) in env. Returns 0 with *out set, or E_INVALID (syntax,
 * unknown name, division by zero, type error) / E_LIMIT (a cap) with *err filled. */
int expr_eval(expr_value *out, expr_error *err, const expr_env *env, const char *src, size_t len);

/* expr_check parses src without evaluating it (names are checked only when env->lookup is
 * set); for validating content at load. Same results as expr_eval. */
int expr_check(expr_error *err, const expr_env *env, const char *src, size_t len);

expr_value expr_int(int64_t v);
int expr_is_int(expr_value v);
/* expr_cmp: -1, 0 or 1 as a < b, a == b, a > b. */
int expr_cmp(expr_value a, expr_value b);
/* expr_to_double: the nearest double. */
double expr_to_double(expr_value v);

enum expr_fmt { EXPR_FMT_AUTO, EXPR_FMT_FRAC, EXPR_FMT_DEC };
/* expr_format writes v into dst (always NUL-terminated) and returns the length.
 * AUTO: integers as integers, terminating decimals (≤ 6 places) with `decimal_sep`, others
 * as n/d. FRAC: n/d (integers stay integers). DEC: up to 6 places, rounded, trailing zeros cut. */
size_t expr_format(char *dst, size_t cap, expr_value v, enum expr_fmt fmt, char decimal_sep);

#endif
