/*
 * test_content.c — loading and validating content: the real bundled curriculum (content/, run
 * from the repository root) and a broken sample for every error path, each error naming the
 * file, the JSON path and the problem.
 */
#include "testing.h"

#include <stdio.h>
#include <string.h>

#include "app/content/content.h"
#include "app/content/grade.h"
#include "app/content/template.h"
#include "base/err.h"
#include "content_sample.h"

static const char *const bundled[] = {"content/math-arithmetic.json", "content/math-fractions-decimals.json",
                                      "content/reading-arabic.json", "content/reading-french.json"};

static void bundled_curriculum_loads_and_is_big_enough(void **state)
{
    (void)state;
    content_bank *b = content_bank_new();
    buf e = BUF_INIT(0);
    for (size_t i = 0; i < sizeof bundled / sizeof bundled[0]; i++)
        if (content_bank_load_file(b, &e, bundled[i])) fail_msg("%s", e.data);
    if (content_bank_link(b, &e)) fail_msg("%s", e.data);
    assert_true(b->nskills >= 60);
    assert_true(b->ntemplates >= 300);
    int types[ITEM_TYPE_COUNT] = {0}, levels[11] = {0};
    size_t with_mistakes = 0;
    for (size_t i = 0; i < b->ntemplates; i++) {
        const content_template *t = b->templates[i];
        types[t->type]++;
        with_mistakes += t->nmistakes > 0;
        assert_non_null(t->stem.s[LANG_AR]);
        assert_non_null(t->stem.s[LANG_FR]);
        assert_non_null(t->solution.s[LANG_AR]);
        assert_true(t->nhints >= 1);
    }
    for (int k = 0; k < ITEM_TYPE_COUNT; k++)
        if (types[k] < 10) fail_msg("only %d %s items", types[k], content_type_name((item_type)k));
    assert_true(with_mistakes >= 60);
    for (size_t i = 0; i < b->nskills; i++) levels[b->skills[i]->tarl_level]++;
    assert_true(levels[1] && levels[2] && levels[3] && levels[4] && levels[5]);
    const content_skill *carry = content_find_skill(b, "add.2d.carry");
    assert_non_null(carry);
    assert_true(carry->nprerequisites >= 1);
    assert_string_equal(carry->prereq[0]->id, "add.2d.no-carry");
    const content_template *t = content_find_template(b, "add.2d.carry.compute");
    assert_non_null(t);
    assert_ptr_equal(t->skill, carry);
    assert_null(content_find_template(b, "no.such.template"));
    buf_free(&e);
    content_bank_free(b);
}

/* An item regenerated from its id alone grades the same way. */
static void items_regenerate_from_their_id(void **state)
{
    (void)state;
    content_bank *b = content_bank_new();
    buf e = BUF_INIT(0);
    assert_int_equal(content_bank_load_file(b, &e, "content/math-arithmetic.json"), 0);
    assert_int_equal(content_bank_link(b, &e), 0);
    arena a = ARENA_INIT;
    content_item *it, *again;
    template_error te;
    assert_int_equal(template_instantiate(&it, &a, &te, content_find_template(b, "sub.2d.borrow.compute"), 1234), 0);
    char *tid;
    uint64_t seed;
    assert_int_equal(template_parse_item_id(&tid, &seed, &a, it->id), 0);
    assert_int_equal(template_instantiate(&again, &a, &te, content_find_template(b, tid), seed), 0);
    assert_string_equal(it->stem.s[LANG_AR], again->stem.s[LANG_AR]);
    grade_result g;
    grade_response(&g, again, it->answer_text.s[LANG_FR]);
    assert_true(g.correct);
    arena_free(&a);
    buf_free(&e);
    content_bank_free(b);
}

/* load: the sample with `from` replaced by `to`; returns the rc and leaves messages in e. */
static int load(buf *e, const char *from, const char *to)
{
    buf text = BUF_INIT(0);
    const char *hit = strstr(content_sample, from);
    if (!hit) fail_msg("sample lacks '%s'", from);
    buf_append(&text, content_sample, (size_t)(hit - content_sample));
    buf_puts(&text, to);
    buf_puts(&text, hit + strlen(from));
    content_bank *b = content_bank_new();
    buf_reset(e);
    int rc = content_bank_load_mem(b, e, "bad.json", text.data, text.len);
    if (!rc) rc = content_bank_link(b, e);
    buf_free(&text);
    content_bank_free(b);
    return rc;
}

static void each_error_names_file_path_and_problem(void **state)
{
    (void)state;
    static const struct {
        const char *from, *to, *message;
    } cases[] = {
        {"\"format\":\"madrasa-content/1\"", "\"format\":\"other/2\"", "bad.json: format: 'other/2' is not"},
        {"\"grade\":2,", "\"grade\":9,", "bad.json: domains[0].skills[0].grade: must be a school grade"},
        {"\"grade\":2,", "\"grade\":\"2\",", "domains[0].skills[0].grade: must be an integer"},
        {"\"tarl_level\":4,", "", "domains[0].skills[0].tarl_level: missing"},
        {"\"fr\":\"{@names:p} : {a} + {b} = ?\"", "\"fx\":\"x\"", "domains[0].skills[0].templates[0].stem.fx: unknown language"},
        {"\"fr\":\"{@names:p} : {a} + {b} = ?\"", "\"en\":\"x\"", "domains[0].skills[0].templates[0].stem.fr: missing"},
        {"\"fr\":\"{@names:p} : {a} + {b} = ?\"", "\"fr\":\"  \"", "templates[0].stem.fr: empty text"},
        {"\"type\":\"numeric\"", "\"type\":\"essay\"", "templates[0].type: 'essay' is not a type"},
        {"\"answer\":\"a+b\",", "\"answer\":\"a+\",", "templates[0].answer: expression \"a+\", at 2: unexpected end"},
        {"\"answer\":\"a+b\",", "\"answer\":\"a+c\",", "templates[0].answer: expression \"a+c\", at 2: unknown name"},
        {"\"answer\":\"a+b\",", "\"answer\":\"a+b\",\"items\":[\"x\",\"y\"],", "templates[0].items: unknown key for a numeric item"},
        {"\"b = randint(11, 89)\"", "\"b = randint(11)\"", "templates[0].params[1]: expression \" randint(11)\", at 1: randint takes 2 arguments"},
        {"\"b = randint(11, 89)\"", "\"a = 3\"", "templates[0].params[1]: parameter 'a' defined twice"},
        {"\"b = randint(11, 89)\"", "\"2b = 3\"", "templates[0].params[1]: '2b' is not a parameter name"},
        {"\"a + b <= 99\"", "\"a + b > 200\"", "templates[0]: seed 1: constraints"},
        {"\"answer\":\"a+b-10\"", "\"answer\":\"b+a\"", "templates[0]: seed 1: constraints"},
        {"{\"text\":\"{a+b+1}\"}", "{\"text\":\"{a+b+1}\",\"correct\":true}", "templates[2]: a choice item needs exactly one correct choice, has 2"},
        {"\"misconception\":\"multiplied\",", "\"misconception\":7,", "templates[2].choices[1].misconception: must be a string"},
        {"\"prerequisites\":[\"s.add\"]", "\"prerequisites\":[\"s.nope\"]", "domains[0].skills[1].prerequisites[0]: unknown skill 's.nope'"},
        {"\"prerequisites\":[]", "\"prerequisites\":[\"s.read\"]", "prerequisite cycle"},
        {"\"prerequisites\":[\"s.add\"]", "\"prerequisites\":[\"s.read\"]", "a skill cannot require itself"},
        {"\"id\":\"s.read.order\"", "\"id\":\"s.add.num\"", "template id 's.add.num' is already used"},
        {"\"id\":\"s.read\",", "\"id\":\"s.add\",", "skill id 's.add' is already used"},
        {"\"id\":\"s.read\",", "\"id\":\"bad id\",", "domains[0].skills[1].id: 'bad id' is not an id"},
        {"\"{@names:p}: {a} + {b} = ؟\"", "\"{@names:p: {a}\"", "unbalanced brace"},
        {"\"{@names:p}: {a} + {b} = ؟\"", "\"{@people:p}\"", "unknown word list"},
        {"\"items\":[\"Le\",\"chat\",\"dort.\"]", "\"items\":[\"Le\"]", "templates[1].items: needs 2 to 12 entries, has 1"},
        {"\"response\":\"le école\"", "\"answer\":\"3\"", "\"answer\" is for numeric items"},
        {"\"accept\":[{\"ar\":\"مَدْرَسَةٌ\",\"fr\":\"l'école\"}]", "\"accept\":[{\"ar\":\"مَدْرَسَةٌ\",\"fr\":\"le école\"}]", "mistake 0 is also an accepted answer"},
        {"\"hints\":[{\"ar\":\"ه\",\"fr\":\"h\"}],\"solution\":{\"ar\":\"ح\",\"fr\":\"s\"},\"items\"", "\"solution\":{\"ar\":\"ح\",\"fr\":\"s\"},\"items\"", "templates[1].hints: missing"},
        {"\"domains\":[", "\"domains\":[],\"x\":[", "domains: needs 1 to 100 entries"},
    };
    buf e = BUF_INIT(0);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int rc = load(&e, cases[i].from, cases[i].to);
        if (rc != E_INVALID) fail_msg("case %zu (%s): rc %d", i, cases[i].message, rc);
        if (!strstr(e.data, cases[i].message)) fail_msg("case %zu: '%s' not in:\n%s", i, cases[i].message, e.data);
        if (!strstr(e.data, "bad.json")) fail_msg("case %zu: the file is not named", i);
    }
    assert_int_equal(load(&e, "\"format\"", "\"format\":1,\"format\""), E_INVALID);
    assert_non_null(strstr(e.data, "bad.json: line 1"));
    buf_free(&e);
}

static void a_bad_file_adds_nothing(void **state)
{
    (void)state;
    content_bank *b = content_bank_new();
    buf e = BUF_INIT(0);
    assert_int_equal(content_bank_load_mem(b, &e, "x.json", "[]", 2), E_INVALID);
    assert_non_null(strstr(e.data, "x.json: (top): a content file is a JSON object"));
    assert_int_equal(b->nfiles, 0);
    assert_true(content_bank_load_file(b, &e, "no/such/file.json") < 0);
    assert_non_null(strstr(e.data, "no/such/file.json: cannot read the file"));
    assert_int_equal(content_bank_load_mem(b, &e, "ok.json", content_sample, strlen(content_sample)), 0);
    assert_int_equal(b->nfiles, 1);
    assert_null(content_find_skill(b, "s.add")); /* not linked yet */
    assert_int_equal(content_bank_link(b, &e), 0);
    assert_non_null(content_find_skill(b, "s.add"));
    buf_free(&e);
    content_bank_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bundled_curriculum_loads_and_is_big_enough),
        cmocka_unit_test(items_regenerate_from_their_id),
        cmocka_unit_test(each_error_names_file_path_and_problem),
        cmocka_unit_test(a_bad_file_adds_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
