/*
 * test_expr.c — the template expression evaluator: arithmetic, precedence, rationals, functions,
 * randomness, skip mode, and every error path with its position.
 */
#include "testing.h"

#include <string.h>

#include "app/content/expr.h"
#include "base/err.h"

static int eval(expr_value *v, expr_error *e, const char *s) { return expr_eval(v, e, NULL, s, strlen(s)); }

static void check_int(const char *s, int64_t want)
{
    expr_value v;
    expr_error e;
    int rc = eval(&v, &e, s);
    if (rc) fail_msg("%s: error at %d: %s", s, e.pos, e.msg);
    if (v.den != 1 || v.num != want) fail_msg("%s = %lld/%lld, expected %lld", s, (long long)v.num, (long long)v.den, (long long)want);
}

static void check_err(const char *s, int code, int pos, const char *msg_part)
{
    expr_value v;
    expr_error e;
    int rc = eval(&v, &e, s);
    if (rc != code) fail_msg("%s: rc %d, expected %d (%s)", s, rc, code, e.msg);
    if (pos >= 0 && e.pos != pos) fail_msg("%s: error at %d, expected %d (%s)", s, e.pos, pos, e.msg);
    if (!strstr(e.msg, msg_part)) fail_msg("%s: message '%s' lacks '%s'", s, e.msg, msg_part);
}

static void arithmetic_and_precedence(void **state)
{
    (void)state;
    check_int("1 + 2 * 3", 7);
    check_int("(1 + 2) * 3", 9);
    check_int("10 - 4 - 3", 3);
    check_int("-7 % 3", 2);
    check_int("7 % -3", -2);
    check_int("div(-7, 2)", -4);
    check_int("2 < 3 && 3 <= 3 || 0", 1);
    check_int("!(1 == 1) + (2 != 3)", 1);
    check_int("- -5", 5);
    check_int("min(4, 2, 9) + max(1, 8) + abs(-3)", 13);
    check_int("gcd(12, 18) + lcm(4, 6)", 18);
    check_int("if(1 > 2, 10, 20)", 20);
    check_int("floor(7/2) + num(6/4) + den(6/4)", 8);
}

static void rationals_are_exact(void **state)
{
    (void)state;
    expr_value v;
    expr_error e;
    assert_int_equal(eval(&v, &e, "1/3 + 1/6"), 0);
    assert_int_equal(v.num, 1);
    assert_int_equal(v.den, 2);
    assert_int_equal(eval(&v, &e, "0.1 + 0.2"), 0);
    assert_int_equal(expr_cmp(v, (expr_value){3, 10}), 0);
    char out[32];
    expr_format(out, sizeof out, v, EXPR_FMT_AUTO, ',');
    assert_string_equal(out, "0,3");
    expr_format(out, sizeof out, (expr_value){2, 3}, EXPR_FMT_AUTO, ',');
    assert_string_equal(out, "2/3");
    expr_format(out, sizeof out, (expr_value){2, 3}, EXPR_FMT_DEC, '.');
    assert_string_equal(out, "0.666667");
    expr_format(out, sizeof out, (expr_value){-5, 4}, EXPR_FMT_AUTO, '.');
    assert_string_equal(out, "-1.25");
    expr_format(out, sizeof out, (expr_value){3, 4}, EXPR_FMT_FRAC, ',');
    assert_string_equal(out, "3/4");
}

static int lookup(void *ctx, const char *name, size_t len, expr_value *out)
{
    (void)ctx;
    if (len == 1 && name[0] == 'a') {
        *out = expr_int(5);
        return 0;
    }
    return 1;
}

static void random_functions_are_seeded_and_bounded(void **state)
{
    (void)state;
    rng r1, r2;
    rng_seed(&r1, 42);
    rng_seed(&r2, 42);
    expr_env e1 = {lookup, NULL, NULL, &r1}, e2 = {lookup, NULL, NULL, &r2};
    int seen[4] = {0};
    for (int i = 0; i < 200; i++) {
        expr_value v1, v2;
        expr_error e;
        const char *s = "randint(a, a + 3) + 0 * choice(1, 2)";
        assert_int_equal(expr_eval(&v1, &e, &e1, s, strlen(s)), 0);
        assert_int_equal(expr_eval(&v2, &e, &e2, s, strlen(s)), 0);
        assert_int_equal(v1.num, v2.num);
        assert_true(v1.num >= 5 && v1.num <= 8);
        seen[v1.num - 5] = 1;
    }
    assert_true(seen[0] && seen[1] && seen[2] && seen[3]);
}

static void untaken_branches_do_not_fail_or_draw(void **state)
{
    (void)state;
    rng r, copy;
    rng_seed(&r, 7);
    copy = r;
    expr_env env = {NULL, NULL, NULL, &r};
    expr_value v;
    expr_error e;
    const char *s = "if(1, 4, 1/0 + randint(1, 9)) + (0 && 1/0) + (1 || randint(1, 2))";
    assert_int_equal(expr_eval(&v, &e, &env, s, strlen(s)), 0);
    assert_int_equal(v.num, 5);
    assert_int_equal(r.s[0], copy.s[0]);
}

static void errors_name_the_position(void **state)
{
    (void)state;
    check_err("1 +", E_INVALID, 3, "unexpected end");
    check_err("1 $ 2", E_INVALID, 2, "unexpected");
    check_err("(1 + 2", E_INVALID, 6, "expected ')'");
    check_err("4 / (2 - 2)", E_INVALID, 2, "division by zero");
    check_err("foo(1)", E_INVALID, 0, "unknown function");
    check_err("x + 1", E_INVALID, 0, "unknown name");
    check_err("gcd(1)", E_INVALID, 0, "gcd takes 2 arguments");
    check_err("randint(3, 1)", E_INVALID, 0, "lo <= hi");
    check_err("5 % 0.5", E_INVALID, 2, "integers");
    check_err("1.2.3", E_INVALID, 3, "malformed number");
    check_err("1 2", E_INVALID, 2, "after expression");
    check_err("1000000 * 1000000 * 10", E_LIMIT, -1, "out of range");
    check_err("99999999999999", E_LIMIT, 0, "too large");
    char deep[200] = {0};
    for (int i = 0; i < 40; i++) deep[i] = '(';
    deep[40] = '1';
    for (int i = 0; i < 40; i++) deep[41 + i] = ')';
    check_err(deep, E_LIMIT, -1, "nested too deeply");
    char longer[EXPR_MAX_LEN + 10];
    memset(longer, '1', sizeof longer - 1);
    longer[sizeof longer - 1] = 0;
    check_err(longer, E_LIMIT, EXPR_MAX_LEN, "too long");
    expr_error e;
    assert_int_equal(expr_check(&e, NULL, "randint(1, 2) + q", 17), 0); /* no lookup: names unchecked */
    assert_int_equal(expr_check(&e, NULL, "randint(1)", 10), E_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arithmetic_and_precedence),
        cmocka_unit_test(rationals_are_exact),
        cmocka_unit_test(random_functions_are_seeded_and_bounded),
        cmocka_unit_test(untaken_branches_do_not_fail_or_draw),
        cmocka_unit_test(errors_name_the_position),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
