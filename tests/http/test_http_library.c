/*
 * test_http_library.c — the research exchange as a client sees it (docs/api.md, "Research
 * exchange"): deposits with Dublin Core metadata and base64 or raw files, the editorial review
 * (submitted → in review → published / rejected), frozen published versions and new versions,
 * SHA-256-checked downloads, access levels and embargo, per-object authorisation, and the
 * full-text search in Arabic, French and English with its filters, over the metadata and the
 * text of the deposited files (HTML, and a PDF drawn with cairo (tests/pdf_fixture.h)).
 */
#include "unit/testing.h"


#include "http/http_client.h"
#include "pdf_fixture.h"

/* a deposit body; `extra` is spliced in before the closing brace (",\"files\":[…]") */
static char *meta_body(const char *title, const char *lang, const char *type, const char *date, const char *abstract,
                       const char *extra)
{
    static char b[4096];
    snprintf(b, sizeof b,
             "{\"title\":\"%s\",\"creators\":[{\"name\":\"Rachid El Idrissi\",\"affiliation\":\"École Ibn Khaldoun\"}],"
             "\"date\":\"%s\",\"language\":\"%s\",\"subjects\":[\"évaluation\",\"قراءة\"],\"abstract\":\"%s\","
             "\"type\":\"%s\",\"rights\":\"CC BY 4.0\"%s}",
             title, date, lang, abstract, type, extra ? extra : "");
    return b;
}

static long long jint(json_t *j, const char *k) { return json_integer_value(json_object_get(j, k)); }

/* deposit: create as `c`, return the version id (asserts 201) */
static long long deposit(hc *c, const char *body)
{
    assert_int_equal(hc_req(c, "POST", "/api/library/records", body), 201);
    return jint(c->json, "id");
}

static void act(hc *c, long long vid, const char *what, const char *body, long expect)
{
    char path[128];
    snprintf(path, sizeof path, "/api/library/versions/%lld/%s", vid, what);
    assert_int_equal(hc_req(c, "POST", path, body), expect);
}

static void publish(hc *owner, hc *editor, long long vid)
{
    act(owner, vid, "submit", NULL, 200);
    act(editor, vid, "review", "{\"action\":\"publish\"}", 200);
}

static void a_deposit_goes_through_review_and_is_then_frozen(void **state)
{
    (void)state;
    hc *t = hc_as("teacher"), *s = hc_as("secretariat"), *anon = hc_new();
    /* "Hello, library!" in base64 */
    long long vid = deposit(t, meta_body(hc_unique("Report "), "fr", "report", "2025-03", "Une étude.",
                                         ",\"files\":[{\"name\":\"report.txt\",\"mime\":\"text/plain\","
                                         "\"data\":\"SGVsbG8sIGxpYnJhcnkh\"}]"));
    assert_string_equal(hc_str(t, "status", NULL), "draft");
    long long rec = jint(t->json, "record_id");
    char ident[64];
    snprintf(ident, sizeof ident, "lib-%lldv1", rec);
    assert_string_equal(hc_str(t, "identifier", NULL), ident);
    json_t *f = json_array_get(json_object_get(t->json, "files"), 0);
    assert_string_equal(json_string_value(json_object_get(f, "sha256")),
                        "3183b8c6d8706d7b079759c7e522969256898348b8a2033d0b25ecda33cd6548");
    assert_int_equal(jint(f, "size"), 15);
    long long fid = jint(f, "id");
    char path[128];
    snprintf(path, sizeof path, "/api/library/versions/%lld", vid);
    assert_int_equal(hc_req(anon, "GET", path, NULL), 404); /* a draft is the depositor's */
    assert_int_equal(hc_req(s, "GET", path, NULL), 200);    /* and the editors' */

    /* an editor cannot publish what was not submitted */
    act(s, vid, "review", "{\"action\":\"publish\"}", 409);
    act(t, vid, "submit", NULL, 200);
    act(t, vid, "review", "{\"action\":\"start\"}", 403); /* a teacher is no editor */
    act(s, vid, "review", "{\"action\":\"start\"}", 200);
    assert_string_equal(hc_str(s, "status", NULL), "in_review");
    act(s, vid, "review", "{\"action\":\"comment\",\"comment\":\"Clear and useful.\"}", 200);
    act(s, vid, "review", "{\"action\":\"dance\"}", 400);
    assert_string_equal(hc_str(s, "error", "field"), "action");
    act(s, vid, "review", "{\"action\":\"publish\"}", 200);
    assert_string_equal(hc_str(s, "status", NULL), "published");
    assert_int_equal(json_array_size(json_object_get(s->json, "reviews")), 4); /* submit start comment publish */

    /* anyone may read it now and download the file, checked against its sum */
    assert_int_equal(hc_req(anon, "GET", path, NULL), 200);
    assert_null(json_object_get(anon->json, "reviews"));
    snprintf(path, sizeof path, "/api/library/files/%lld", fid);
    assert_int_equal(hc_req(anon, "GET", path, NULL), 200);
    assert_int_equal(anon->len, 15);
    assert_memory_equal(anon->body, "Hello, library!", 15);
    assert_true(hc_has_header(anon, "Digest: sha-256="));

    /* frozen: no edit, no new file, no deletion */
    snprintf(path, sizeof path, "/api/library/versions/%lld", vid);
    assert_int_equal(hc_req(t, "PUT", path, meta_body("Changed", "fr", "report", "2025", "x", NULL)), 409);
    act(t, vid, "files", "{\"name\":\"more.txt\",\"data\":\"eA==\"}", 409);
    snprintf(path, sizeof path, "/api/library/files/%lld", fid);
    assert_int_equal(hc_req(t, "DELETE", path, NULL), 409);

    /* a new version: a draft copied from the published one, with its own identifier */
    snprintf(path, sizeof path, "/api/library/records/%lld/versions", rec);
    assert_int_equal(hc_req(t, "POST", path, NULL), 201);
    long long v2 = jint(t->json, "id");
    assert_int_equal(jint(t->json, "version"), 2);
    assert_int_equal(json_array_size(json_object_get(t->json, "files")), 1);
    assert_int_equal(hc_req(t, "POST", path, NULL), 409); /* one draft at a time */
    snprintf(path, sizeof path, "/api/library/versions/%lld", v2);
    assert_int_equal(hc_req(t, "PUT", path, meta_body("Second edition", "fr", "report", "2026", "y", NULL)), 200);
    /* the record's latest identifier still resolves to version 1 for the public */
    snprintf(path, sizeof path, "/api/library/records/%lld", rec);
    assert_int_equal(hc_req(anon, "GET", path, NULL), 200);
    assert_int_equal(jint(anon->json, "version"), 1);
    assert_int_equal(json_array_size(json_object_get(anon->json, "versions")), 1);
    publish(t, s, v2);
    assert_int_equal(hc_req(anon, "GET", path, NULL), 200);
    assert_int_equal(jint(anon->json, "version"), 2);
    assert_string_equal(hc_str(anon, "title", NULL), "Second edition");
    snprintf(path, sizeof path, "/api/library/records/%lld/versions/1", rec);
    assert_int_equal(hc_req(anon, "GET", path, NULL), 200);
    assert_int_equal(jint(anon->json, "version"), 1);
    hc_free(anon);
    hc_free(s);
    hc_free(t);
}

static void rejection_needs_a_reason_and_the_depositor_can_revise(void **state)
{
    (void)state;
    hc *t = hc_as("teacher"), *s = hc_as("admin");
    long long vid = deposit(t, meta_body(hc_unique("Draft "), "en", "article", "2024", "Short.", NULL));
    act(t, vid, "submit", NULL, 200);
    act(s, vid, "review", "{\"action\":\"reject\"}", 400);
    assert_string_equal(hc_str(s, "error", "field"), "comment");
    act(s, vid, "review", "{\"action\":\"reject\",\"comment\":\"Add your method.\"}", 200);
    assert_string_equal(hc_str(s, "status", NULL), "rejected");
    char path[128];
    snprintf(path, sizeof path, "/api/library/versions/%lld", vid);
    assert_int_equal(hc_req(t, "PUT", path, meta_body("Revised", "en", "article", "2024", "With method.", NULL)), 200);
    assert_string_equal(hc_str(t, "status", NULL), "draft");
    hc_free(s);
    hc_free(t);
}

static void bad_deposits_get_clear_errors_and_change_nothing(void **state)
{
    (void)state;
    hc *t = hc_as("teacher"), *l = hc_as("amina");
    assert_int_equal(hc_req(l, "POST", "/api/library/records", meta_body("x", "fr", "report", "2025", "", NULL)), 403);
    assert_int_equal(hc_req(t, "POST", "/api/library/records", meta_body("x", "fr", "report", "2025-13", "", NULL)), 400);
    assert_string_equal(hc_str(t, "error", "field"), "date");
    assert_int_equal(hc_req(t, "POST", "/api/library/records", meta_body("x", "de", "report", "2025", "", NULL)), 400);
    assert_string_equal(hc_str(t, "error", "field"), "language");
    assert_int_equal(hc_req(t, "POST", "/api/library/records", meta_body("x", "fr", "poem", "2025", "", NULL)), 400);
    assert_string_equal(hc_str(t, "error", "field"), "type");
    assert_int_equal(hc_req(t, "POST", "/api/library/records", meta_body("", "fr", "report", "2025", "", NULL)), 400);
    assert_string_equal(hc_str(t, "error", "field"), "title");
    /* a bad file makes the whole deposit fail: the record is not created */
    const char *title = hc_unique("Atomic ");
    char t2[64];
    snprintf(t2, sizeof t2, "%s", title);
    assert_int_equal(hc_req(t, "POST", "/api/library/records",
                            meta_body(t2, "fr", "report", "2025", "",
                                      ",\"files\":[{\"name\":\"a.txt\",\"data\":\"eA==\"},"
                                      "{\"name\":\"b.txt\",\"data\":\"not base64!\"}]")),
                     400);
    assert_string_equal(hc_str(t, "error", "field"), "data");
    assert_int_equal(hc_req(t, "GET", "/api/library/mine", NULL), 200);
    json_t *mine = json_object_get(t->json, "versions");
    for (size_t i = 0; i < json_array_size(mine); i++)
        assert_string_not_equal(json_string_value(json_object_get(json_array_get(mine, i), "title")), t2);
    hc_free(l);
    hc_free(t);
}

static void only_the_depositor_edits_and_raw_uploads_work(void **state)
{
    (void)state;
    hc *t = hc_as("teacher"), *d = hc_as("director"), *anon = hc_new();
    long long vid = deposit(t, meta_body(hc_unique("Raw "), "fr", "dataset", "2025", "", NULL));
    char path[160];
    snprintf(path, sizeof path, "/api/library/versions/%lld/upload?name=data.csv", vid);
    const char csv[] = "school,score\nA,12\n";
    assert_int_equal(hc_raw(t, "POST", path, "text/csv", csv, strlen(csv), NULL), 201);
    json_t *f = json_array_get(json_object_get(t->json, "files"), 0);
    assert_string_equal(json_string_value(json_object_get(f, "mime")), "text/csv");
    assert_int_equal(jint(f, "size"), (long long)strlen(csv));
    assert_int_equal(hc_raw(t, "POST", path, "text/csv", csv, strlen(csv), NULL), 409); /* same name */
    snprintf(path, sizeof path, "/api/library/versions/%lld/upload?name=..%%2Fx", vid);
    assert_int_equal(hc_raw(t, "POST", path, "text/csv", csv, strlen(csv), NULL), 400);
    /* another user: the draft is invisible; a published record is not theirs to change */
    snprintf(path, sizeof path, "/api/library/versions/%lld", vid);
    assert_int_equal(hc_req(d, "PUT", path, meta_body("Mine now", "fr", "dataset", "2025", "", NULL)), 404);
    hc *s = hc_as("secretariat");
    publish(t, s, vid);
    snprintf(path, sizeof path, "/api/library/records/%lld/versions", jint(t->json, "record_id"));
    assert_int_equal(hc_req(d, "POST", path, NULL), 403);
    assert_int_equal(hc_req(anon, "POST", path, NULL), 401);
    hc_free(s);
    hc_free(anon);
    hc_free(d);
    hc_free(t);
}

static void embargo_and_access_levels_are_kept(void **state)
{
    (void)state;
    hc *t = hc_as("teacher"), *s = hc_as("secretariat"), *anon = hc_new(), *l = hc_as("amina");
    char extra[256];
    snprintf(extra, sizeof extra, ",\"embargo_until\":%lld,\"files\":[{\"name\":\"e.txt\",\"data\":\"eA==\"}]",
             (long long)time(NULL) + 86400 * 30);
    long long vid = deposit(t, meta_body(hc_unique("Embargoed "), "fr", "thesis", "2025", "", extra));
    long long fid = jint(json_array_get(json_object_get(t->json, "files"), 0), "id");
    publish(t, s, vid);
    char path[128];
    snprintf(path, sizeof path, "/api/library/versions/%lld", vid);
    assert_int_equal(hc_req(anon, "GET", path, NULL), 200);
    assert_true(json_is_true(json_object_get(anon->json, "embargoed")));
    snprintf(path, sizeof path, "/api/library/files/%lld", fid);
    assert_int_equal(hc_req(anon, "GET", path, NULL), 403);
    assert_int_equal(hc_req(t, "GET", path, NULL), 200); /* the depositor still can */

    vid = deposit(t, meta_body(hc_unique("Members "), "fr", "report", "2025", "", ",\"access\":\"registered\""));
    publish(t, s, vid);
    snprintf(path, sizeof path, "/api/library/versions/%lld", vid);
    assert_int_equal(hc_req(anon, "GET", path, NULL), 404);
    assert_int_equal(hc_req(l, "GET", path, NULL), 200);
    hc_free(l);
    hc_free(anon);
    hc_free(s);
    hc_free(t);
}

static int found(hc *c, long long vid)
{
    json_t *recs = json_object_get(c->json, "records");
    for (size_t i = 0; i < json_array_size(recs); i++)
        if (jint(json_array_get(recs, i), "id") == vid) return 1;
    return 0;
}

static void search_finds_arabic_french_and_english_with_filters(void **state)
{
    (void)state;
    hc *t = hc_as("teacher"), *s = hc_as("secretariat"), *anon = hc_new();
    long long ar = deposit(t, meta_body("التقويم التكويني في أقسام المستوى الثالث", "ar", "report", "2023-05-02",
                                        "دراسة ميدانية حول أساليب التقويم التكويني لدى المدرسين.", NULL));
    publish(t, s, ar);
    long long fr = deposit(t, meta_body("Les évaluations formatives en classe de CE3", "fr", "article", "2022",
                                        "Une enquête sur les pratiques des enseignants.", NULL));
    publish(t, s, fr);
    long long en = deposit(t, meta_body("Formative assessment in rural classrooms", "en", "report", "2021",
                                        "A survey of teachers' practices.", NULL));
    publish(t, s, en);
    /* Arabic: another form of the words (stems and 4-grams), without the article */
    assert_int_equal(hc_req(anon, "GET", "/api/library/records?q=%D8%AA%D9%82%D9%88%D9%8A%D9%85%20%D8%AA%D9%83%D9%88%D9%8A%D9%86%D9%8A", NULL), 200);
    assert_true(found(anon, ar));
    assert_false(found(anon, en));
    assert_int_equal(hc_req(anon, "GET", "/api/library/records?q=%C3%A9valuation%20formative", NULL), 200);
    assert_true(found(anon, fr));
    assert_int_equal(hc_req(anon, "GET", "/api/library/records?q=assessments%20rural", NULL), 200);
    assert_true(found(anon, en));
    assert_false(found(anon, ar));
    /* filters */
    assert_int_equal(hc_req(anon, "GET", "/api/library/records?type=report&year=2021&language=en", NULL), 200);
    assert_true(found(anon, en));
    assert_false(found(anon, fr));
    assert_int_equal(hc_req(anon, "GET", "/api/library/records?q=formative&type=article", NULL), 200);
    assert_true(found(anon, fr));
    assert_false(found(anon, en));
    assert_int_equal(hc_req(anon, "GET", "/api/library/records?subject=%C3%A9valuation&year=2022", NULL), 200);
    assert_true(found(anon, fr));
    assert_int_equal(hc_req(anon, "GET", "/api/library/records?year=20x1", NULL), 400);
    assert_string_equal(hc_str(anon, "error", "field"), "year");
    assert_int_equal(hc_req(anon, "GET", "/api/library/records?type=poem", NULL), 400);
    hc_free(anon);
    hc_free(s);
    hc_free(t);
}

/* arabic_unique: an Arabic word no other run has used (hc_unique's digits as letters) */
static const char *arabic_unique(char *out, size_t size, const char *prefix)
{
    static const char *const letters[] = {"ب", "ت", "ث", "ج", "ح", "خ", "د", "ذ", "ز", "ط"};
    const char *u = hc_unique("");
    size_t n = (size_t)snprintf(out, size, "%s", prefix);
    for (; *u && n + 3 < size; u++) n += (size_t)snprintf(out + n, size - n, "%s", letters[*u - '0']);
    return out;
}

/* visual: s with its characters in reverse order. Cairo's toy text API draws left to right
 * without bidi, so an Arabic line is drawn in visual order, as PDF producers store it (poppler
 * then reads it back in logical order). */
static void visual(char *out, size_t size, const char *s)
{
    size_t n = strlen(s);
    assert_true(n < size);
    out[n] = 0;
    for (size_t i = 0; i < n;) {
        size_t k = 1;
        while (i + k < n && ((unsigned char)s[i + k] & 0xC0) == 0x80) k++;
        memcpy(out + n - i - k, s + i, k);
        i += k;
    }
}

static void upload(hc *c, long long vid, const char *name, const char *mime, const char *data, size_t len)
{
    char path[160];
    snprintf(path, sizeof path, "/api/library/versions/%lld/upload?name=%s", vid, name);
    assert_int_equal(hc_raw(c, "POST", path, mime, data, len, NULL), 201);
}

/* search_for: GET /api/library/records?q=word as c; the result for vid, or NULL */
static json_t *search_for(hc *c, const char *word, long long vid)
{
    char path[512];
    int n = snprintf(path, sizeof path, "/api/library/records?q=");
    for (const unsigned char *p = (const unsigned char *)word; *p && n + 4 < (int)sizeof path; p++)
        n += snprintf(path + n, sizeof path - (size_t)n, "%%%02X", *p);
    assert_int_equal(hc_req(c, "GET", path, NULL), 200);
    json_t *recs = json_object_get(c->json, "records");
    for (size_t i = 0; i < json_array_size(recs); i++)
        if (jint(json_array_get(recs, i), "id") == vid) return json_array_get(recs, i);
    return NULL;
}

static void search_reads_the_files_but_only_where_they_may_be_read(void **state)
{
    (void)state;
    hc *t = hc_as("teacher"), *s = hc_as("secretariat"), *anon = hc_new(), *l = hc_as("amina");
    char in_html[96], in_pdf[96], in_draft[96], in_embargo[96], html[1024], line[256], drawn[256];
    arabic_unique(in_html, sizeof in_html, "سندباد");
    arabic_unique(in_pdf, sizeof in_pdf, "قنطار");
    arabic_unique(in_draft, sizeof in_draft, "مرجان");
    arabic_unique(in_embargo, sizeof in_embargo, "زعفران");
    const char *abstract = "Une étude des bâtiments scolaires.";

    /* published: an HTML annex and a PDF, each with an Arabic sentence the metadata lacks */
    long long vid = deposit(t, meta_body(hc_unique("Annexes "), "fr", "report", "2025", abstract, NULL));
    snprintf(html, sizeof html,
             "<html><head><title>ملحق</title><style>p{}</style></head><body><h1>الملحق الأول</h1>"
             "<p>أنجز برنامج %s إصلاح مرافق ثلاثمائة مدرسة قروية.</p></body></html>", in_html);
    upload(t, vid, "annexe.html", "text/html", html, strlen(html));
    snprintf(line, sizeof line, "برنامج %s للمدارس", in_pdf);
    visual(drawn, sizeof drawn, line);
    /* (poppler 22 gives no text at all for a page whose Latin line is shorter than its Arabic
     * one: the Latin line here is the longer) */
    char page[512];
    snprintf(page, sizeof page, "Annexe statistique sur les ecoles rurales du royaume.\n%s", drawn);
    const char *pages[] = {page};
    pdf_fixture pdf = pdf_fixture_draw(NULL, pages, 1);
    upload(t, vid, "rapport.pdf", "application/pdf", (const char *)pdf.p, pdf.n);
    free(pdf.p);
    assert_null(search_for(anon, in_html, vid)); /* a draft: nobody finds it yet */
    publish(t, s, vid);
    json_t *hit = search_for(anon, in_html, vid);
    assert_non_null(hit);
    assert_string_equal(json_string_value(json_object_get(hit, "matched_in")), "file");
    assert_string_equal(json_string_value(json_object_get(hit, "matched_file")), "annexe.html");
    assert_non_null(strstr(json_string_value(json_object_get(hit, "snippet")), in_html));
    hit = search_for(anon, in_pdf, vid);
    assert_non_null(hit);
    assert_string_equal(json_string_value(json_object_get(hit, "matched_file")), "rapport.pdf");
    hit = search_for(anon, "bâtiments scolaires", vid);
    assert_non_null(hit);
    assert_string_equal(json_string_value(json_object_get(hit, "matched_in")), "metadata");
    assert_null(json_object_get(hit, "snippet"));
    /* a new version copies the files and their text */
    char path[128];
    snprintf(path, sizeof path, "/api/library/records/%lld/versions", jint(t->json, "record_id"));
    assert_int_equal(hc_req(t, "POST", path, NULL), 201);
    long long v2 = jint(t->json, "id");
    publish(t, s, v2);
    assert_non_null(search_for(anon, in_html, v2));

    /* submitted, never published: its file is found by no one */
    long long draft = deposit(t, meta_body(hc_unique("Pending "), "fr", "report", "2025", abstract, NULL));
    snprintf(html, sizeof html, "%s يدرس المدرسون في القرى.", in_draft);
    upload(t, draft, "notes.txt", "text/plain", html, strlen(html));
    act(t, draft, "submit", NULL, 200);
    assert_null(search_for(anon, in_draft, draft));
    assert_null(search_for(l, in_draft, draft));
    assert_null(search_for(s, in_draft, draft));

    /* under embargo the metadata is found, the file text is not (its snippet would leak it) */
    char extra[64];
    snprintf(extra, sizeof extra, ",\"embargo_until\":%lld", (long long)time(NULL) + 86400 * 30);
    long long emb = deposit(t, meta_body(hc_unique("Sealed "), "fr", "thesis", "2025", abstract, extra));
    snprintf(html, sizeof html, "# نتائج\n\nبرنامج %s للقراءة.\n", in_embargo);
    upload(t, emb, "results.md", "text/markdown", html, strlen(html));
    publish(t, s, emb);
    assert_null(search_for(anon, in_embargo, emb));
    assert_non_null(search_for(t, in_embargo, emb)); /* the depositor may read the files */
    hc_free(l);
    hc_free(anon);
    hc_free(s);
    hc_free(t);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_deposit_goes_through_review_and_is_then_frozen),
        cmocka_unit_test(rejection_needs_a_reason_and_the_depositor_can_revise),
        cmocka_unit_test(bad_deposits_get_clear_errors_and_change_nothing),
        cmocka_unit_test(only_the_depositor_edits_and_raw_uploads_work),
        cmocka_unit_test(embargo_and_access_levels_are_kept),
        cmocka_unit_test(search_finds_arabic_french_and_english_with_filters),
        cmocka_unit_test(search_reads_the_files_but_only_where_they_may_be_read),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}
