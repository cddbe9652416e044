/*
 * test_template.c — instantiation: reproducible ids, constraints, placeholders, word lists,
 * deterministic shuffles, and the item-id round trip.
 */
#include "testing.h"

#include <stdio.h>
#include <string.h>

#include "app/content/content.h"
#include "app/content/template.h"
#include "base/err.h"
#include "content_sample.h"

static content_bank *bank;

static int setup(void **state)
{
    (void)state;
    buf e = BUF_INIT(0);
    bank = content_bank_new();
    int rc = content_bank_load_mem(bank, &e, "sample.json", content_sample, strlen(content_sample));
    if (!rc) rc = content_bank_link(bank, &e);
    if (rc) print_error("%s\n", e.data);
    buf_free(&e);
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    content_bank_free(bank);
    return 0;
}

static content_item *make(arena *a, const char *id, uint64_t seed)
{
    const content_template *t = content_find_template(bank, id);
    assert_non_null(t);
    content_item *it;
    template_error te;
    int rc = template_instantiate(&it, a, &te, t, seed);
    if (rc) fail_msg("%s#%llu: %s", id, (unsigned long long)seed, te.msg);
    return it;
}

static void same_seed_same_item_and_constraints_hold(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    int differ = 0;
    for (uint64_t s = 0; s < 50; s++) {
        content_item *x = make(&a, "s.add.num", s), *y = make(&a, "s.add.num", s);
        assert_string_equal(x->stem.s[LANG_FR], y->stem.s[LANG_FR]);
        assert_string_equal(x->stem.s[LANG_AR], y->stem.s[LANG_AR]);
        int64_t va = x->param_values[0].num, vb = x->param_values[1].num;
        assert_true(va % 10 + vb % 10 >= 10 && va + vb <= 99);
        assert_int_equal(x->answer.num, va + vb);
        assert_int_equal(x->mistake_value[0].num, va + vb - 10);
        char want[64];
        snprintf(want, sizeof want, "%s : %lld + %lld = ?", x->param_values[2].num % 2 ? "Salma" : "Yassine",
                 (long long)va, (long long)vb);
        assert_string_equal(x->stem.s[LANG_FR], want);
        differ += s && strcmp(x->stem.s[LANG_FR], make(&a, "s.add.num", s - 1)->stem.s[LANG_FR]) != 0;
    }
    assert_true(differ > 40);
    arena_free(&a);
}

static void numbers_use_the_language_decimal_mark(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    for (uint64_t s = 0; s < 30; s++) {
        content_item *it = make(&a, "s.add.half", s);
        if (it->answer.den == 2) {
            assert_non_null(strchr(it->answer_text.s[LANG_FR], ','));
            assert_non_null(strchr(it->answer_text.s[LANG_EN], '.'));
        }
    }
    arena_free(&a);
}

static void choices_are_shuffled_deterministically_and_distinct(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    int first_correct = 0;
    for (uint64_t s = 0; s < 60; s++) {
        content_item *it = make(&a, "s.add.choice", s);
        assert_int_equal(it->nchoices, 3);
        int ncorrect = 0;
        for (size_t i = 0; i < 3; i++) {
            ncorrect += it->choice_correct[i];
            for (size_t j = i + 1; j < 3; j++) assert_string_not_equal(it->choices[i].s[LANG_FR], it->choices[j].s[LANG_FR]);
        }
        assert_int_equal(ncorrect, 1);
        first_correct += it->choice_correct[0];
        content_item *again = make(&a, "s.add.choice", s);
        for (size_t i = 0; i < 3; i++) assert_string_equal(it->choices[i].s[LANG_FR], again->choices[i].s[LANG_FR]);
    }
    assert_true(first_correct > 5 && first_correct < 55);
    arena_free(&a);
}

static void order_and_match_are_never_already_solved(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    for (uint64_t s = 0; s < 30; s++) {
        content_item *o = make(&a, "s.read.order", s), *m = make(&a, "s.read.match", s);
        int moved = 0;
        for (size_t i = 0; i < o->nitems; i++) moved |= o->order_pos[i] != (int)i;
        assert_true(moved);
        moved = 0;
        for (size_t i = 0; i < m->npairs; i++) moved |= m->right_pair[i] != (int)i;
        assert_true(moved);
        assert_string_equal(o->answer_text.s[LANG_FR], "Le chat dort.");
    }
    arena_free(&a);
}

static void item_ids_round_trip(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    char id[64];
    assert_int_equal(template_item_id(id, sizeof id, "s.add.num", 18446744073709551615ULL), 0);
    assert_string_equal(id, "s.add.num#18446744073709551615");
    char *tid;
    uint64_t seed;
    assert_int_equal(template_parse_item_id(&tid, &seed, &a, id), 0);
    assert_string_equal(tid, "s.add.num");
    assert_true(seed == 18446744073709551615ULL);
    assert_int_equal(template_parse_item_id(&tid, &seed, &a, "x#18446744073709551616"), E_INVALID);
    assert_int_equal(template_parse_item_id(&tid, &seed, &a, "#12"), E_INVALID);
    assert_int_equal(template_parse_item_id(&tid, &seed, &a, "x#"), E_INVALID);
    assert_int_equal(template_parse_item_id(&tid, &seed, &a, "x#1a"), E_INVALID);
    assert_int_equal(template_parse_item_id(&tid, &seed, &a, "noseed"), E_INVALID);
    content_item *it = make(&a, "s.add.num", 99);
    assert_string_equal(it->id, "s.add.num#99");
    arena_free(&a);
}

static void broken_templates_fail_with_a_reason(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    content_param p[] = {{"a", "randint(1, 3)"}};
    const char *where[] = {"a > 5"};
    content_template t = {.id = "t", .type = ITEM_NUMERIC, .params = p, .nparams = 1, .where = where, .nwhere = 1,
                          .answer = "a", .stem = {{"x", "x", NULL, NULL}, 0}};
    content_item *it;
    template_error te;
    assert_int_equal(template_instantiate(&it, &a, &te, &t, 1), E_INVALID);
    assert_non_null(strstr(te.msg, "never held"));
    t.nwhere = 0;
    t.stem.s[LANG_FR] = "{a";
    assert_int_equal(template_instantiate(&it, &a, &te, &t, 1), E_INVALID);
    assert_non_null(strstr(te.msg, "unbalanced"));
    t.stem.s[LANG_FR] = "{a|bold}";
    assert_int_equal(template_instantiate(&it, &a, &te, &t, 1), E_INVALID);
    assert_non_null(strstr(te.msg, "unknown format"));
    t.stem.s[LANG_FR] = "{@nolist:a}";
    assert_int_equal(template_instantiate(&it, &a, &te, &t, 1), E_INVALID);
    assert_non_null(strstr(te.msg, "unknown word list"));
    t.stem.s[LANG_FR] = "{{literal}} {a*2}";
    assert_int_equal(template_instantiate(&it, &a, &te, &t, 1), 0);
    assert_true(strncmp(it->stem.s[LANG_FR], "{literal} ", 10) == 0);
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_seed_same_item_and_constraints_hold),
        cmocka_unit_test(numbers_use_the_language_decimal_mark),
        cmocka_unit_test(choices_are_shuffled_deterministically_and_distinct),
        cmocka_unit_test(order_and_match_are_never_already_solved),
        cmocka_unit_test(item_ids_round_trip),
        cmocka_unit_test(broken_templates_fail_with_a_reason),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
