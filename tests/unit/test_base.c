/*
 * test_base.c — the base layer: arena, buffers, CSV, rng, options.
 */
#include "testing.h"

#include <string.h>

#include "base/arena.h"
#include "base/args.h"
#include "base/buf.h"
#include "base/civil.h"
#include "base/csv.h"
#include "base/err.h"
#include "base/rng.h"

static int cleaned;
static void mark(void *p) { *(int *)p += 1; }

static void arena_allocates_zeroed_aligned_memory_and_runs_cleanups(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    for (int i = 0; i < 1000; i++) {
        char *p = arena_alloc(&a, 37);
        assert_int_equal((uintptr_t)p % sizeof(void *), 0);
        assert_int_equal(p[36], 0);
    }
    char *big = arena_alloc(&a, 100000);
    big[99999] = 1;
    assert_string_equal(arena_printf(&a, "%d-%s", 42, "x"), "42-x");
    cleaned = 0;
    arena_on_free(&a, mark, &cleaned);
    arena_free(&a);
    assert_int_equal(cleaned, 1);
}

static void buf_stops_at_its_cap_and_says_so(void **state)
{
    (void)state;
    buf b = BUF_INIT(10);
    buf_puts(&b, "hello");
    assert_int_equal(b.err, 0);
    buf_printf(&b, "%s", " world!");
    assert_int_equal(b.err, 1);
    buf_puts(&b, "x");
    assert_string_equal(b.data, "hello");
    buf_free(&b);
}

static void csv_put_quotes_and_defuses(void **state)
{
    (void)state;
    buf o = BUF_INIT(1024);
    csv_put(&o, "plain", 0);
    csv_put(&o, "a,b", 0);
    csv_put(&o, "say \"hi\"", 0);
    csv_put(&o, "=1+1", 0);
    csv_put(&o, "-2; x", 0);
    csv_put(&o, NULL, 0);
    csv_put(&o, "أمينة", 1);
    assert_false(o.err);
    assert_string_equal(o.data, "plain,\"a,b\",\"say \"\"hi\"\"\",'=1+1,\"'-2; x\",,أمينة\r\n");
    /* what csv_put writes, the reader reads back (the defusing apostrophe stays: it is data now) */
    csv_reader r;
    csv_open_mem(&r, o.data, o.len);
    assert_int_equal(csv_next(&r), 1);
    assert_int_equal(r.nfields, 7);
    assert_string_equal(r.field[1], "a,b");
    assert_string_equal(r.field[2], "say \"hi\"");
    assert_string_equal(r.field[4], "'-2; x");
    assert_string_equal(r.field[6], "أمينة");
    csv_close(&r);
    buf_free(&o);
}

static void csv_reads_quotes_and_counts_lines(void **state)
{
    (void)state;
    const char *text = "a,b,c\r\n1,\"x, \"\"y\"\"\",3\n\"multi\nline\",,z\n";
    csv_reader r;
    csv_open_mem(&r, text, strlen(text));
    assert_int_equal(csv_next(&r), 1);
    assert_int_equal(r.nfields, 3);
    assert_int_equal(csv_col(&r, "c"), 2);
    assert_int_equal(csv_next(&r), 1);
    assert_int_equal(r.line, 2);
    assert_string_equal(r.field[1], "x, \"y\"");
    assert_int_equal(csv_next(&r), 1);
    assert_int_equal(r.line, 3);
    assert_string_equal(r.field[0], "multi\nline");
    assert_string_equal(r.field[1], "");
    assert_int_equal(csv_next(&r), 0);
    csv_close(&r);

    csv_open_mem(&r, "\"open", 5);
    assert_int_equal(csv_next(&r), E_INVALID);
    csv_close(&r);
}

static void rng_is_reproducible_and_uniform(void **state)
{
    (void)state;
    rng a, b;
    rng_seed(&a, 7);
    rng_seed(&b, 7);
    for (int i = 0; i < 100; i++) assert_true(rng_u64(&a) == rng_u64(&b));
    double sum = 0;
    for (int i = 0; i < 10000; i++) {
        sum += rng_uniform(&a);
        assert_true(rng_below(&a, 6) < 6);
    }
    assert_near(sum / 10000, 0.5, 0.02);
}

static void args_find_values_and_reject_unknown_options(void **state)
{
    (void)state;
    char *argv[] = {"cmd", "--db", "sqlite:x", "--quiet", "--n=3", NULL};
    assert_string_equal(args_value(5, argv, "--db"), "sqlite:x");
    assert_string_equal(args_value(5, argv, "--n"), "3");
    assert_true(args_flag(5, argv, "--quiet"));
    const char *ok[] = {"--db=", "--quiet", "--n=", NULL};
    assert_int_equal(args_check(5, argv, ok), 0);
    const char *narrow[] = {"--db=", NULL};
    assert_int_equal(args_check(5, argv, narrow), E_INVALID);
}

static void civil_days_count_from_the_epoch_across_leap_years(void **state)
{
    (void)state;
    assert_int_equal(civil_days(1970, 1, 1), 0);
    assert_int_equal(civil_days(1969, 12, 31), -1);
    assert_int_equal(civil_days(2000, 3, 1), 11017);
    assert_int_equal(civil_days(2024, 2, 29), 19782);
    assert_int_equal(civil_days(2024, 3, 1) - civil_days(2024, 2, 28), 2);
    assert_int_equal(civil_days(2100, 3, 1) - civil_days(2100, 2, 28), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arena_allocates_zeroed_aligned_memory_and_runs_cleanups),
        cmocka_unit_test(buf_stops_at_its_cap_and_says_so),
        cmocka_unit_test(csv_reads_quotes_and_counts_lines),
        cmocka_unit_test(csv_put_quotes_and_defuses),
        cmocka_unit_test(rng_is_reproducible_and_uniform),
        cmocka_unit_test(args_find_values_and_reject_unknown_options),
        cmocka_unit_test(civil_days_count_from_the_epoch_across_leap_years),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
