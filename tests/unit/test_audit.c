/*
 * test_audit.c — the audit chain on a scratch SQLite database: appends inside transactions
 * (a rolled-back act leaves no entry), checkpoints every AUDIT_CHECKPOINT_EVERY entries signed
 * with a key file created on first use, verify on an intact chain, and verify naming the entry
 * after each kind of tampering (payload, deleted entry, forged checkpoint, foreign key file).
 * Also the council's vote rules (majlis_quorum, majlis_outcome), which decide what the log records.
 */
#include "unit/testing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/audit/audit.h"
#include "app/majlis/majlis.h"
#include "base/err.h"

typedef struct fixture {
    char path[128], key[160];
    db *d;
    db_conn *c;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    snprintf(f->path, sizeof f->path, "/tmp/test-audit-%d.db", (int)getpid());
    snprintf(f->key, sizeof f->key, "%s.audit-key", f->path);
    unlink(f->path);
    unlink(f->key);
    char url[160];
    snprintf(url, sizeof url, "sqlite:%s", f->path);
    assert_int_equal(db_open(&f->d, url, 1), 0);
    assert_true(db_migrate(f->d) >= 0);
    f->c = db_acquire(f->d);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    db_release(f->c);
    db_close(f->d);
    char p[200];
    unlink(f->path);
    unlink(f->key);
    snprintf(p, sizeof p, "%s-wal", f->path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", f->path);
    unlink(p);
    free(f);
    return 0;
}

static void append_n(fixture *f, int n)
{
    for (int i = 0; i < n; i++) {
        json_t *p = json_pack("{s:i, s:s}", "n", i, "text", "قرار — décision");
        audit_act act = {7, "test.act", "thing", i + 1, p, 0};
        assert_int_equal(db_begin(f->c), 0);
        assert_int_equal(audit_append(NULL, NULL, f->c, &act), 0);
        assert_int_equal(db_commit(f->c), 0);
        json_decref(p);
    }
}

static void verify(audit_report *rep, fixture *f, const char *trusted)
{
    assert_int_equal(audit_verify(rep, f->c, NULL, 0, trusted, NULL), 0);
}

static void an_empty_log_verifies(void **state)
{
    fixture *f = *state;
    audit_report rep;
    verify(&rep, f, NULL);
    assert_int_equal(rep.problems, 0);
    assert_int_equal(rep.entries, 0);
}

static void entries_chain_and_checkpoints_are_signed(void **state)
{
    fixture *f = *state;
    append_n(f, 20);
    audit_report rep;
    verify(&rep, f, NULL);
    assert_int_equal(rep.problems, 0);
    assert_int_equal(rep.entries, 21); /* 20 acts and the key's registration */
    assert_int_equal(rep.checkpoints, 1);
    assert_int_equal(access(f->key, R_OK), 0); /* created on first use, next to the database */
    int64_t seq;
    char head[65];
    assert_int_equal(audit_head_hash(&seq, head, f->c), 0);
    assert_int_equal(seq, 21);
    assert_int_equal(strlen(head), 64);
}

static void a_rolled_back_act_leaves_no_entry(void **state)
{
    fixture *f = *state;
    append_n(f, 3);
    audit_act act = {1, "test.rollback", "thing", 99, NULL, 0};
    assert_int_equal(db_begin(f->c), 0);
    assert_int_equal(audit_append(NULL, NULL, f->c, &act), 0);
    assert_int_equal(db_rollback(f->c), 0);
    append_n(f, 1);
    audit_report rep;
    verify(&rep, f, NULL);
    assert_int_equal(rep.problems, 0);
    assert_int_equal(rep.entries, 4);
}

static void an_edited_payload_is_named(void **state)
{
    fixture *f = *state;
    append_n(f, 10);
    assert_int_equal(db_exec(f->c, "UPDATE audit_log SET payload = replace(payload, '\"n\":4', '\"n\":5') WHERE seq = 5", ""), 1);
    audit_report rep;
    verify(&rep, f, NULL);
    assert_int_equal(rep.bad_seq, 5);
    assert_non_null(strstr(rep.what, "entry 5"));
}

static void a_deleted_entry_breaks_the_next_link(void **state)
{
    fixture *f = *state;
    append_n(f, 8);
    assert_int_equal(db_exec(f->c, "DELETE FROM audit_log WHERE seq = 3", ""), 1);
    audit_report rep;
    verify(&rep, f, NULL);
    assert_int_equal(rep.bad_seq, 4);
}

static void a_truncated_tail_is_caught_by_the_head(void **state)
{
    fixture *f = *state;
    append_n(f, 6);
    assert_int_equal(db_exec(f->c, "DELETE FROM audit_log WHERE seq = 6", ""), 1);
    audit_report rep;
    verify(&rep, f, NULL);
    assert_true(rep.problems > 0);
    assert_non_null(strstr(rep.what, "head"));
}

static void a_forged_checkpoint_signature_is_caught(void **state)
{
    fixture *f = *state;
    append_n(f, 17);
    assert_int_equal(db_exec(f->c, "UPDATE audit_checkpoints SET signature = replace(signature, substr(signature, 1, 2), "
                                   "CASE WHEN substr(signature, 1, 2) = 'aa' THEN 'bb' ELSE 'aa' END)", ""),
                     1);
    audit_report rep;
    verify(&rep, f, NULL);
    assert_true(rep.problems > 0);
    assert_non_null(strstr(rep.what, "signature"));
}

static void a_foreign_key_file_is_refused(void **state)
{
    fixture *f = *state;
    append_n(f, 16);
    audit_report rep;
    verify(&rep, f, "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
    assert_true(rep.problems > 0);
    assert_non_null(strstr(rep.what, "key"));
}

static void signatures_check_out(void **state)
{
    fixture *f = *state;
    char sig[129], pk[65];
    assert_int_equal(db_begin(f->c), 0);
    assert_int_equal(audit_sign(sig, pk, f->c, (const unsigned char *)"minutes", 7), 0);
    assert_int_equal(db_commit(f->c), 0);
    assert_int_equal(audit_check_signature(sig, pk, (const unsigned char *)"minutes", 7), 0);
    assert_int_equal(audit_check_signature(sig, pk, (const unsigned char *)"minuteS", 7), E_INVALID);
    assert_int_equal(audit_check_signature("zz", pk, (const unsigned char *)"minutes", 7), E_INVALID);
}

/* ---- the vote rules ---- */

static int adopted(int eligible, int present, int yes, int no, int abst, const char *majority, const char *abstentions)
{
    majlis_tally t = {eligible, present, yes, no, abst, 1, 2, majority, abstentions};
    int q, a;
    assert_int_equal(majlis_outcome(&q, &a, &t), 0);
    return a;
}

static void quorum_is_more_than_the_fraction(void **state)
{
    (void)state;
    assert_int_equal(majlis_quorum(7, 1, 2), 4);
    assert_int_equal(majlis_quorum(8, 1, 2), 5);
    assert_int_equal(majlis_quorum(9, 2, 3), 7);
    assert_int_equal(majlis_quorum(3, 1, 1), 3); /* never more than everyone */
    assert_false(adopted(7, 3, 3, 0, 0, "simple", "excluded"));
    assert_true(adopted(7, 4, 3, 0, 1, "simple", "excluded"));
}

static void majorities_and_abstentions(void **state)
{
    (void)state;
    /* simple: abstentions excluded or counted */
    assert_true(adopted(7, 7, 2, 1, 4, "simple", "excluded"));
    assert_false(adopted(7, 7, 2, 1, 4, "simple", "counted"));
    assert_false(adopted(7, 7, 2, 2, 0, "simple", "excluded")); /* a tie fails */
    /* absolute: of all the members */
    assert_false(adopted(7, 7, 3, 0, 4, "absolute", "excluded"));
    assert_true(adopted(7, 7, 4, 3, 0, "absolute", "excluded"));
    /* two thirds of the votes cast */
    assert_false(adopted(7, 7, 3, 2, 0, "two_thirds", "excluded"));
    assert_true(adopted(7, 7, 4, 2, 1, "two_thirds", "excluded"));
    assert_false(adopted(7, 7, 4, 2, 1, "two_thirds", "counted"));
    assert_false(adopted(7, 7, 0, 0, 7, "two_thirds", "excluded"));
    majlis_tally bad = {7, 7, 1, 0, 0, 1, 2, "most", "excluded"};
    int q, a;
    assert_int_equal(majlis_outcome(&q, &a, &bad), E_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(an_empty_log_verifies, setup, teardown),
        cmocka_unit_test_setup_teardown(entries_chain_and_checkpoints_are_signed, setup, teardown),
        cmocka_unit_test_setup_teardown(a_rolled_back_act_leaves_no_entry, setup, teardown),
        cmocka_unit_test_setup_teardown(an_edited_payload_is_named, setup, teardown),
        cmocka_unit_test_setup_teardown(a_deleted_entry_breaks_the_next_link, setup, teardown),
        cmocka_unit_test_setup_teardown(a_truncated_tail_is_caught_by_the_head, setup, teardown),
        cmocka_unit_test_setup_teardown(a_forged_checkpoint_signature_is_caught, setup, teardown),
        cmocka_unit_test_setup_teardown(a_foreign_key_file_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(signatures_check_out, setup, teardown),
        cmocka_unit_test(quorum_is_more_than_the_fraction),
        cmocka_unit_test(majorities_and_abstentions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
