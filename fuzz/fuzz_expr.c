/*
 * fuzz_expr.c — the content expression evaluator (templates written by teachers) on arbitrary
 * bytes, with a seeded rng so randint and choice run too.
 */
#include "app/content/expr.h"
#include "base/rng.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rng g;
    rng_seed(&g, 1);
    expr_env env = {0};
    env.rng = &g;
    expr_value v;
    expr_error err;
    expr_eval(&v, &err, &env, (const char *)data, size);
    expr_check(&err, &env, (const char *)data, size);
    return 0;
}
