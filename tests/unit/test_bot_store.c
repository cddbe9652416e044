/*
 * test_bot_store.c — Majlisbot's storage and index on a temporary SQLite database: ingest,
 * "unchanged" on the same bytes, "replaced" in place, nothing stored for a bad document,
 * delete; the index of a running server follows changes made by another (a second process is
 * simulated by writing through a second pool: only the generation tells the index); and a text
 * published by E-majlis is ingested at start-up as a public opinion.
 */
#include "testing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/bot/bot_int.h"
#include "base/arena.h"
#include "base/err.h"
#include "base/log.h"

static char path[128];

static int64_t count(db_conn *c, const char *sql)
{
    arena a = ARENA_INIT;
    db_rows *r;
    int64_t n = db_query(&r, c, &a, sql, "") == 0 ? db_int(r, 0, 0) : -1;
    arena_free(&a);
    return n;
}

static bot_doc_in doc(const char *title, const char *text)
{
    bot_doc_in d = BOT_DOC_IN_INIT;
    d.title = title, d.type = "report", d.format = BOT_FMT_MD, d.data = text, d.len = strlen(text);
    return d;
}

/* first_doc: the document of the best passage for a question, or 0. */
static int64_t first_doc(const char *question)
{
    arena a = ARENA_INIT;
    analyze_ctx *cx = analyzers_get();
    analyze_result r;
    assert_int_equal(analyze_text(&r, cx, question, strlen(question), LANGDETECT_FR, 0), 0);
    bm25_query q = {{r.s[0].term, r.s[1].term}, {r.s[0].n, r.s[1].n}};
    bot_found f;
    assert_int_equal(bot_index_search(&f, &a, &q, BOT_RESTRICTED), 0);
    int64_t d = f.n ? f.hits[0].doc : 0;
    analyzers_put(cx);
    arena_free(&a);
    return d;
}

static void ingest_replace_delete_and_follow_other_writers(void **state)
{
    (void)state;
    db *d, *other;
    snprintf(path, sizeof path, "sqlite:/tmp/madrasa-test-bot-%d.db", (int)getpid());
    assert_int_equal(db_open(&d, path, 2), 0);
    assert_true(db_migrate(d) >= 0);
    assert_int_equal(db_open(&other, path, 1), 0);
    db_conn *c = db_acquire(d);
    /* an opinion E-majlis published before the server started */
    assert_true(db_exec(c, "INSERT INTO users (login, role, name, password_hash, created_at) VALUES ('sec', "
                           "'council_secretariat', 'S', 'x', 1)", "") == 1);
    assert_true(db_exec(c, "INSERT INTO majlis_bodies (kind, name, created_at) VALUES ('assembly', 'AG', 1)", "") == 1);
    assert_true(db_exec(c, "INSERT INTO majlis_documents (body_id, kind, title, access, status, author_id, created_at) "
                           "VALUES (1, 'opinion', 'Avis sur les manuels', 'public', 'published', 1, 1)", "") == 1);
    assert_true(db_exec(c, "INSERT INTO majlis_published (document_id, kind, title, text, sha256, published_at) VALUES "
                           "(1, 'opinion', 'Avis sur les manuels', 'Le Conseil recommande des manuels scolaires gratuits "
                           "et allégés.', 'x', 1700000000)", "") == 1);
    db_release(c);
    assert_int_equal(bot_init(d, NULL), 0);
    c = db_acquire(d);
    assert_int_equal(count(c, "SELECT count(*) FROM bot_documents WHERE doc_key = 'majlis:1' AND type = 'opinion' "
                              "AND access = 0 AND date = '2023-11-14'"), 1);
    int64_t majlis_doc = first_doc("manuels scolaires gratuits");
    assert_true(majlis_doc > 0);

    arena a = ARENA_INIT;
    bot_ingest_result res;
    const char *field, *why;
    bot_doc_in in = doc("Rapport cantines", "# Cantines\n\nLes cantines scolaires servent des repas chauds.\n");
    assert_int_equal(bot_ingest(&res, &field, &why, c, &a, &in), 0);
    assert_string_equal(res.status, "created");
    assert_string_equal(res.lang, "fr");
    int64_t id = res.id;
    assert_int_equal(first_doc("repas chauds des cantines"), id);
    assert_int_equal(bot_ingest(&res, &field, &why, c, &a, &in), 0);
    assert_string_equal(res.status, "unchanged");
    in = doc("Rapport cantines", "# Cantines\n\nLes cantines proposent désormais des fruits de saison.\n");
    assert_int_equal(bot_ingest(&res, &field, &why, c, &a, &in), 0);
    assert_string_equal(res.status, "replaced");
    assert_int_equal(res.id, id);
    assert_int_equal(count(c, "SELECT count(*) FROM bot_passages WHERE text LIKE '%repas chauds%'"), 0);
    assert_int_equal(first_doc("fruits de saison"), id);
    /* a bad document changes nothing */
    int64_t before = count(c, "SELECT generation FROM bot_meta");
    in = doc("Rapport cantines", "caf\xe9");
    assert_int_equal(bot_ingest(&res, &field, &why, c, &a, &in), E_INVALID);
    in = doc("Rapport cantines", "# Cantines\n\nAutre texte.\n");
    in.type = "poem";
    assert_int_equal(bot_ingest(&res, &field, &why, c, &a, &in), E_INVALID);
    assert_string_equal(field, "type");
    assert_int_equal(count(c, "SELECT generation FROM bot_meta"), before);
    assert_int_equal(first_doc("fruits de saison"), id);

    /* another server writes: this one sees it at its next sync, and only through the generation */
    db_conn *o = db_acquire(other);
    in = doc("Note transport", "Le transport scolaire rural dessert trente douars.\n");
    in.access = BOT_COUNCIL;
    assert_int_equal(bot_ingest(&res, &field, &why, o, &a, &in), 0);
    int64_t other_id = res.id;
    assert_int_equal(bot_delete_document(o, id), 0);
    assert_int_equal(bot_delete_document(o, id), E_NOTFOUND);
    db_release(o);
    assert_int_equal(bot_index_sync(c), 0);
    assert_int_equal(first_doc("transport scolaire des douars"), other_id);
    assert_true(first_doc("fruits de saison") != id);
    arena_free(&a);
    db_release(c);
    bot_shutdown();
    db_close(other);
    db_close(d);
    const char *file = path + 7;
    char wal[160];
    unlink(file);
    snprintf(wal, sizeof wal, "%s-wal", file);
    unlink(wal);
    snprintf(wal, sizeof wal, "%s-shm", file);
    unlink(wal);
}

int main(void)
{
    log_quiet(1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ingest_replace_delete_and_follow_other_writers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
