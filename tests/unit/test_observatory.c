/*
 * test_observatory.c — the observatory's pure rules (src/app/observatory/obs.c): the small-cell
 * rule at and around its threshold, months and years, the platform indicators' codes and their
 * figures from period counts (including chunks summed), and the official statistics CSV check:
 * a good file, and each problem reported with its line and field.
 */
#include "unit/testing.h"

#include <string.h>

#include "app/observatory/obs.h"
#include "base/err.h"

static void small_cells_are_suppressed_below_five_learners(void **state)
{
    (void)state;
    obs_cell c = obs_cell_count(0, 0);
    assert_int_equal(c.status, OBS_SHOWN); /* about no one: 0 tells nothing */
    assert_near(c.value, 0, 0);
    for (int n = 1; n < OBS_MIN_LEARNERS; n++) {
        c = obs_cell_count(n * 3, n);
        assert_int_equal(c.status, OBS_SUPPRESSED);
        assert_near(c.value, 0, 0); /* neither the value … */
        assert_int_equal(c.n, 0);   /* … nor the base leaks */
    }
    c = obs_cell_count(42, OBS_MIN_LEARNERS);
    assert_int_equal(c.status, OBS_SHOWN);
    assert_near(c.value, 42, 0);
    assert_int_equal(c.n, 5);
    c = obs_cell_share(1, 4, 4);
    assert_int_equal(c.status, OBS_SUPPRESSED);
    c = obs_cell_share(0, 0, 0);
    assert_int_equal(c.status, OBS_EMPTY);
    c = obs_cell_share(2, 3, 5);
    assert_int_equal(c.status, OBS_SHOWN);
    assert_near(c.value, 66.7, 1e-9); /* a percentage to 0.1 */
    assert_string_equal(obs_status_name(OBS_SUPPRESSED), "suppressed");
}

static void latest_skips_hidden_cells(void **state)
{
    (void)state;
    obs_cell v[5] = {{OBS_SHOWN, 10, 5}, {OBS_SHOWN, 12, 6}, {OBS_SUPPRESSED, 0, 0}, {OBS_SHOWN, 15, 7}, {OBS_EMPTY, 0, 0}};
    int last, prev;
    obs_latest(&last, &prev, v, 5);
    assert_int_equal(last, 3);
    assert_int_equal(prev, 1);
    obs_latest(&last, &prev, v + 2, 1);
    assert_int_equal(last, -1);
    assert_int_equal(prev, -1);
}

static void months_and_years(void **state)
{
    (void)state;
    int m, y;
    assert_int_equal(obs_month_parse(&m, "2026-03"), 0);
    assert_int_equal(m, 2026 * 12 + 2);
    char s[16];
    obs_month_name(s, sizeof s, m);
    assert_string_equal(s, "2026-03");
    assert_true(obs_month_start(m) == 1772323200); /* 2026-03-01T00:00:00Z */
    assert_int_equal(obs_month_of(1772323200), m);
    assert_int_equal(obs_month_of(1772323199), m - 1);
    assert_int_equal(obs_month_of(0), 1970 * 12);
    assert_int_equal(obs_month_of(951782400), 2000 * 12 + 1); /* 2000-02-29 */
    const char *bad[] = {"2026-3", "2026-13", "2026-00", "26-03", "2026/03", "1900-01", "2026-03x", ""};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) assert_int_equal(obs_month_parse(&m, bad[i]), E_INVALID);
    assert_int_equal(obs_year_parse(&y, "2024"), 0);
    assert_int_equal(y, 2024);
    assert_int_equal(obs_year_parse(&y, "1949"), E_INVALID);
    assert_int_equal(obs_year_parse(&y, "20x4"), E_INVALID);
}

static void platform_codes_round_trip(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    const int top[LEARN_LADDERS] = {7, 5, 5};
    int n = 0;
    const char *code;
    for (int i = 0; (code = obs_platform_code(&a, i, top)); i++, n++) {
        obs_pind p;
        assert_int_equal(obs_platform_parse(&p, code, top), 0);
    }
    assert_int_equal(n, 4 + 8 + 6 + 6);
    obs_pind p;
    assert_int_equal(obs_platform_parse(&p, "platform.level.read_fr.5", top), 0);
    assert_int_equal(p.kind, OBS_LEVEL);
    assert_int_equal(p.ladder, 2);
    assert_int_equal(p.level, 5);
    assert_int_equal(obs_platform_parse(&p, "platform.level.read_fr.6", top), E_NOTFOUND);
    assert_int_equal(obs_platform_parse(&p, "platform.level.math.03", top), E_NOTFOUND);
    assert_int_equal(obs_platform_parse(&p, "platform.level.math", top), E_NOTFOUND);
    assert_int_equal(obs_platform_parse(&p, "edu.rate", top), E_NOTFOUND);
    arena_free(&a);
}

static void figures_from_counts_and_chunks(void **state)
{
    (void)state;
    const int top[LEARN_LADDERS] = {2, 1, 1};
    int lv[2][LEARN_LADDERS][3] = {{{1, 2, 0}, {0, 0}, {0, 0}}, {{0, 1, 1}, {0, 0}, {0, 0}}};
    int sum[LEARN_LADDERS][3] = {{0}};
    learn_period x = {3, 30, 1, 1, 6, 3, 3, {3, 0, 0}, {lv[0][0], lv[0][1], lv[0][2]}};
    learn_period y = {2, 10, 0, 0, 4, 1, 2, {2, 0, 0}, {lv[1][0], lv[1][1], lv[1][2]}};
    learn_period acc = {0, 0, 0, 0, 0, 0, 0, {0, 0, 0}, {sum[0], sum[1], sum[2]}};
    obs_period_add(&acc, &x, top);
    obs_pind active, answers, mastered, math1, placements;
    assert_int_equal(obs_platform_parse(&active, "platform.learners_active", top), 0);
    assert_int_equal(obs_platform_parse(&answers, "platform.answers", top), 0);
    assert_int_equal(obs_platform_parse(&mastered, "platform.skills_mastered", top), 0);
    assert_int_equal(obs_platform_parse(&math1, "platform.level.math.1", top), 0);
    assert_int_equal(obs_platform_parse(&placements, "platform.placements", top), 0);
    /* one chunk of 3 learners: everything about them is hidden */
    assert_int_equal(obs_platform_cell(&answers, &acc).status, OBS_SUPPRESSED);
    assert_int_equal(obs_platform_cell(&math1, &acc).status, OBS_SUPPRESSED);
    obs_period_add(&acc, &y, top);
    obs_cell c = obs_platform_cell(&active, &acc);
    assert_int_equal(c.status, OBS_SHOWN);
    assert_near(c.value, 5, 0);
    c = obs_platform_cell(&answers, &acc);
    assert_near(c.value, 40, 0);
    assert_int_equal(c.n, 5);
    c = obs_platform_cell(&mastered, &acc);
    assert_near(c.value, 40.0, 1e-9); /* 4 of 10 pairs */
    c = obs_platform_cell(&math1, &acc);
    assert_near(c.value, 60.0, 1e-9); /* 3 of 5 levelled learners */
    assert_int_equal(obs_platform_cell(&placements, &acc).status, OBS_SUPPRESSED); /* 1 learner */
}

static const char GOOD[] =
    "\xEF\xBB\xBFindicator,label_ar,label_fr,label_en,unit,territory,year,value,source\r\n"
    "edu.rate,نسبة,Taux,Rate,%,MA,2023,91.5,\"Ministry, 2024\"\r\n"
    "\r\n"
    "edu.rate,نسبة,Taux,Rate,%,RSK,2023,-0.5,Ministry\r\n"
    "edu.pupils,عدد,Élèves,Pupils,pupils,MA,2023,27,Ministry\r\n";

static void a_good_file_gives_every_row(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    obs_row *rows;
    int n;
    obs_problem why;
    assert_int_equal(obs_csv_parse(&rows, &n, &why, &a, GOOD, strlen(GOOD)), 0);
    assert_int_equal(n, 3);
    assert_string_equal(rows[0].source, "Ministry, 2024");
    assert_string_equal(rows[0].label_ar, "نسبة");
    assert_int_equal(rows[1].line, 4); /* the blank line counted */
    assert_near(rows[1].value, -0.5, 0);
    assert_int_equal(rows[2].year, 2023);
    arena_free(&a);
}

/* one problem: the file (header + lines), the line and field expected, a word of the message */
static void expect_problem(const char *csv, long line, const char *field, const char *word)
{
    arena a = ARENA_INIT;
    obs_row *rows;
    int n = -1;
    obs_problem why = {0, NULL, NULL};
    assert_int_equal(obs_csv_parse(&rows, &n, &why, &a, csv, strlen(csv)), E_INVALID);
    assert_int_equal(n, 0);
    if (why.line != line) fail_msg("%s: line %ld, expected %ld (%s)", csv, why.line, line, why.msg);
    if (field) assert_string_equal(why.field, field);
    else assert_null(why.field);
    if (!strstr(why.msg, word)) fail_msg("'%s' does not say '%s'", why.msg, word);
    arena_free(&a);
}

#define HDR "indicator,label_ar,label_fr,label_en,unit,territory,year,value,source\n"
#define ROW "edu.rate,نسبة,Taux,Rate,%,MA,2023,91.5,Ministry\n"

static void each_problem_names_its_line_and_field(void **state)
{
    (void)state;
    expect_problem("", 1, NULL, "empty");
    expect_problem(HDR, 2, NULL, "no data");
    expect_problem("indicator,label_ar,label_fr,label_en,unit,territory,year,value\n" ROW, 1, "source", "missing");
    expect_problem("indicator,label_ar,label_fr,label_en,unit,territory,year,value,source,extra\n", 1, NULL, "unknown column 'extra'");
    expect_problem("indicator,indicator,label_fr,label_en,unit,territory,year,value,source\n", 1, "indicator", "twice");
    expect_problem(HDR ROW "edu.rate,نسبة,Taux,Rate,%,MA,2022,12,5,Ministry\n", 3, NULL, "10 fields");
    expect_problem(HDR ROW "edu.rate,نسبة,Taux,Rate,%,MA,2022,\"12,5\",Ministry\n", 3, "value", "point");
    expect_problem(HDR "edu.rate,نسبة,Taux,Rate,%,MA,2022,nan,Ministry\n", 2, "value", "not a number");
    expect_problem(HDR "edu.rate,نسبة,Taux,Rate,%,MA,2022,0x10,Ministry\n", 2, "value", "not a number");
    expect_problem(HDR "edu.rate,نسبة,Taux,Rate,%,MA,22,1,Ministry\n", 2, "year", "a year");
    expect_problem(HDR "Edu Rate,نسبة,Taux,Rate,%,MA,2022,1,Ministry\n", 2, "indicator", "lower-case");
    expect_problem(HDR "platform.answers,نسبة,Taux,Rate,%,MA,2022,1,Ministry\n", 2, "indicator", "platform");
    expect_problem(HDR "edu.rate,نسبة,Taux,Rate,%,M A,2022,1,Ministry\n", 2, "territory", "territory code");
    expect_problem(HDR "edu.rate,نسبة,Taux,Rate,%,MA,2022,1,\n", 2, "source", "empty");
    expect_problem(HDR ROW ROW, 3, "year", "line 2");
    expect_problem(HDR ROW "edu.rate,نسبة,Taux,Rate,percent,RSK,2023,1,Ministry\n", 3, "unit", "line 2");
    expect_problem(HDR ROW "edu.rate,نسبة,Taux!,Rate,%,RSK,2023,1,Ministry\n", 3, "label_fr", "differs");
    expect_problem(HDR ROW "edu.rate,نسبة,\"Taux,Rate,%,RSK,2023,1,Ministry\n", 3, NULL, "not closed");
    expect_problem(HDR ROW "edu.rate,\xC3\x28,Taux,Rate,%,RSK,2023,1,Ministry\n", 3, NULL, "UTF-8");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(small_cells_are_suppressed_below_five_learners),
        cmocka_unit_test(latest_skips_hidden_cells),
        cmocka_unit_test(months_and_years),
        cmocka_unit_test(platform_codes_round_trip),
        cmocka_unit_test(figures_from_counts_and_chunks),
        cmocka_unit_test(a_good_file_gives_every_row),
        cmocka_unit_test(each_problem_names_its_line_and_field),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
