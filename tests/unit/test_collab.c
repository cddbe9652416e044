/*
 * test_collab.c — the pure parts of the collaboration modules: OAI-PMH datestamps and resumption
 * tokens, Dublin Core dates, timetable clashes, Arabic shaping for certificates, and the Open
 * Badges recipient hash.
 */
#include "unit/testing.h"

#include <string.h>

#include "app/events/arshape.h"
#include "app/events/clash.h"
#include "app/library/library.h"
#include "app/library/oai.h"
#include "app/pd/pd.h"
#include "base/err.h"

static void oai_datestamps_parse_both_granularities(void **state)
{
    (void)state;
    int64_t t;
    int day;
    assert_int_equal(oai_parse_datestamp(&t, &day, "1970-01-01T00:00:00Z", 0), 0);
    assert_int_equal(t, 0);
    assert_int_equal(day, 0);
    assert_int_equal(oai_parse_datestamp(&t, &day, "2024-02-29", 0), 0);
    assert_int_equal(t, 1709164800);
    assert_int_equal(day, 1);
    assert_int_equal(oai_parse_datestamp(&t, &day, "2024-02-29", 1), 0);
    assert_int_equal(t, 1709164800 + 86399); /* an until day covers the whole day */
    assert_int_equal(oai_parse_datestamp(&t, &day, "2023-02-29", 0), E_INVALID);
    assert_int_equal(oai_parse_datestamp(&t, &day, "2024-13-01", 0), E_INVALID);
    assert_int_equal(oai_parse_datestamp(&t, &day, "2024-01-01T24:00:00Z", 0), E_INVALID);
    assert_int_equal(oai_parse_datestamp(&t, &day, "2024-01-01T10:00:00", 0), E_INVALID);
    assert_int_equal(oai_parse_datestamp(&t, &day, "2024-1-01", 0), E_INVALID);
    char out[OAI_DATESTAMP_LEN];
    oai_format_datestamp(out, 1709164800 + 3723);
    assert_string_equal(out, "2024-02-29T01:02:03Z");
    oai_format_datestamp(out, 0);
    assert_string_equal(out, "1970-01-01T00:00:00Z");
    /* round trip over a range of days */
    for (int64_t x = 0; x < 4000LL * 86400; x += 86400 * 37 + 4111) {
        oai_format_datestamp(out, x);
        assert_int_equal(oai_parse_datestamp(&t, &day, out, 0), 0);
        assert_int_equal(t, x);
    }
}

static void oai_tokens_round_trip_and_reject_forgeries(void **state)
{
    (void)state;
    oai_token t = {10, 1700000000, 1800000000, "type:report"}, u;
    char s[128];
    assert_int_equal(oai_token_encode(s, sizeof s, &t), 0);
    assert_int_equal(oai_token_decode(&u, s), 0);
    assert_int_equal(u.offset, 10);
    assert_int_equal(u.from, 1700000000);
    assert_int_equal(u.until, 1800000000);
    assert_string_equal(u.set, "type:report");
    assert_int_equal(oai_token_encode(s, 8, &t), E_LIMIT);
    const char *bad[] = {"", "x", "10!0!0", "0!0!0!", "-1!0!0!", "10!5!4!", "10!0!0!TYPE", "010!0!0!",
                         "10!0!0!type:report!", "99999999999999999999!0!0!"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) assert_int_equal(oai_token_decode(&u, bad[i]), E_INVALID);
}

static void dublin_core_dates(void **state)
{
    (void)state;
    int y;
    assert_int_equal(library_year_of(&y, "2025"), 0);
    assert_int_equal(y, 2025);
    assert_int_equal(library_year_of(&y, "2025-06"), 0);
    assert_int_equal(library_year_of(&y, "2024-02-29"), 0);
    assert_int_equal(library_year_of(&y, "2025-02-29"), E_INVALID);
    assert_int_equal(library_year_of(&y, "2025-00"), E_INVALID);
    assert_int_equal(library_year_of(&y, "25"), E_INVALID);
    assert_int_equal(library_year_of(&y, "2025/06/01"), E_INVALID);
}

static void clashes_by_room_and_speaker(void **state)
{
    (void)state;
    clash_session s[] = {
        {1, 100, 200, "A", "Nadia"},
        {2, 150, 250, " a ", ""},     /* same room, overlapping */
        {3, 200, 300, "A", "Omar"},   /* touches 1 at 200: no clash; overlaps 2 in room A */
        {4, 120, 130, "B", "nadia"},  /* same speaker as 1 */
        {5, 400, 500, "A", "Nadia"},  /* later */
    };
    clash out[8];
    size_t n = clash_find(out, 8, s, 5);
    assert_int_equal(n, 3);
    assert_int_equal(out[0].a, 1);
    assert_int_equal(out[0].b, 2);
    assert_int_equal(out[0].kinds, CLASH_ROOM);
    assert_int_equal(out[1].a, 1);
    assert_int_equal(out[1].b, 4);
    assert_int_equal(out[1].kinds, CLASH_SPEAKER);
    assert_int_equal(out[2].a, 2);
    assert_int_equal(out[2].b, 3);
    assert_int_equal(clash_find(out, 1, s, 5), 3); /* the count, even past the cap */
}

static void arabic_is_shaped_and_reordered(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    assert_string_equal(arshape_visual(&a, "Hello (1)"), "Hello (1)");
    assert_false(arshape_has_arabic("école"));
    /* بب: initial beh then final beh, shown right to left: final first */
    assert_string_equal(arshape_visual(&a, "\xD8\xA8\xD8\xA8"), "\xEF\xBA\x90\xEF\xBA\x91");
    /* لا: the lam-alef ligature, isolated */
    assert_string_equal(arshape_visual(&a, "\xD9\x84\xD8\xA7"), "\xEF\xBB\xBB");
    /* دار: dal isolated (it never joins forward), alef isolated, reh isolated */
    assert_string_equal(arshape_visual(&a, "\xD8\xAF\xD8\xA7\xD8\xB1"), "\xEF\xBA\xAD\xEF\xBA\x8D\xEF\xBA\xA9");
    /* digits keep their order inside Arabic: "ب 12" → "12 ﺏ" */
    assert_string_equal(arshape_visual(&a, "\xD8\xA8 12"), "12 \xEF\xBA\x8F");
    /* a bracket in right-to-left text is mirrored */
    assert_string_equal(arshape_visual(&a, "(\xD8\xA8)"), "(\xEF\xBA\x8F)");
    arena_free(&a);
}

static void badge_recipient_hash(void **state)
{
    (void)state;
    char h[72];
    pd_recipient_hash(h, "", "");
    assert_string_equal(h, "sha256$e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    pd_recipient_hash(h, "a", "bc");
    char h2[72];
    pd_recipient_hash(h2, "ab", "c"); /* identity ‖ salt: the split does not matter, the bytes do */
    assert_string_equal(h, h2);
    pd_recipient_hash(h, "abc", "");
    assert_string_equal(h, "sha256$ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(oai_datestamps_parse_both_granularities),
        cmocka_unit_test(oai_tokens_round_trip_and_reject_forgeries),
        cmocka_unit_test(dublin_core_dates),
        cmocka_unit_test(clashes_by_room_and_speaker),
        cmocka_unit_test(arabic_is_shaped_and_reordered),
        cmocka_unit_test(badge_recipient_hash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
