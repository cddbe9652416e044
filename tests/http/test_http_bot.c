/*
 * test_http_bot.c — Majlisbot as a client sees it (docs/api.md, "Majlisbot"): answers in
 * Arabic, French and English citing the right document of the demo council corpus, the FAQ
 * first, abstention and escalation to the secretariat, follow-up questions, access levels,
 * uploads (Markdown, a PDF drawn with cairo (tests/pdf_fixture.h), bad inputs), re-ingestion, feedback,
 * analytics and its CSV with personal data scrubbed.
 *
 * The last test starts a second server on the same database (MADRASA_DB, as check.sh gives)
 * with --llm-url pointing at a fake OpenAI-compatible endpoint run by a thread of this test:
 * it checks that a document uploaded to the first server is found by the second (the
 * generation counter), that a well-cited LLM answer is used, that one citing a passage it was
 * not given (or none) is replaced by the extractive answer, and the signed-out rate limit.
 */
#include "unit/testing.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "http/http_client.h"
#include "pdf_fixture.h"

static json_t *cite(hc *c, size_t i) { return json_array_get(json_object_get(c->json, "citations"), i); }
static const char *cite_str(hc *c, size_t i, const char *k) { return json_string_value(json_object_get(cite(c, i), k)); }

static long ask(hc *c, const char *question, const char *conv)
{
    json_t *b = json_pack("{s:s}", "question", question);
    if (conv) json_object_set_new(b, "conversation_id", json_string(conv));
    char *s = json_dumps(b, 0);
    long st = hc_req(c, "POST", "/api/bot/ask", s);
    free(s);
    json_decref(b);
    return st;
}

static const char *kind(hc *c) { return hc_str(c, "kind", NULL); }
static json_int_t answer_id(hc *c) { return json_integer_value(json_object_get(c->json, "answer_id")); }

/* cites_title: some citation's title contains t */
static int cites_title(hc *c, const char *t)
{
    json_t *arr = json_object_get(c->json, "citations"), *x;
    size_t i;
    json_array_foreach(arr, i, x) if (strstr(json_string_value(json_object_get(x, "title")), t)) return 1;
    return 0;
}

static void answers_in_three_languages_cite_the_right_document(void **state)
{
    (void)state;
    hc *c = hc_as("amina");
    assert_int_equal(ask(c, "Quel est l'objectif de la généralisation du préscolaire ?", NULL), 200);
    assert_string_equal(kind(c), "passages");
    assert_string_equal(hc_str(c, "lang", NULL), "fr");
    assert_non_null(strstr(cite_str(c, 0, "title"), "préscolaire"));
    assert_string_equal(cite_str(c, 0, "section"), "Recommandations");
    assert_non_null(strstr(hc_str(c, "framing", NULL), "Conseil"));
    /* the highlight is a sentence of the passage that holds the answer */
    json_t *hl = json_object_get(cite(c, 0), "highlight");
    const char *text = cite_str(c, 0, "text");
    json_int_t s = json_integer_value(json_object_get(hl, "start")), e = json_integer_value(json_object_get(hl, "end"));
    assert_true(s >= 0 && e > s && (size_t)e <= strlen(text));
    assert_non_null(strstr(text + s, "2028"));
    assert_non_null(json_object_get(cite(c, 0), "passage_id"));
    assert_non_null(json_object_get(cite(c, 0), "document_id"));
    assert_string_equal(cite_str(c, 0, "date"), "2024-06-12");

    assert_int_equal(ask(c, "How many hours of professional development should teachers receive each year?", NULL), 200);
    assert_string_equal(kind(c), "passages");
    assert_string_equal(hc_str(c, "lang", NULL), "en");
    assert_non_null(strstr(cite_str(c, 0, "title"), "teacher training"));
    assert_non_null(strstr(hc_str(c, "answer", NULL), "sixty hours"));

    assert_int_equal(ask(c, "ما هي أسباب الهدر المدرسي؟", NULL), 200);
    assert_string_equal(kind(c), "passages");
    assert_string_equal(hc_str(c, "lang", NULL), "ar");
    assert_string_equal(cite_str(c, 0, "title"), "تقرير حول الهدر المدرسي");
    assert_string_equal(cite_str(c, 0, "section"), "أسباب الهدر المدرسي");
    assert_non_null(strstr(hc_str(c, "framing", NULL), "وثائق المجلس"));

    assert_int_equal(ask(c, "ما هو سن إلزامية التعليم؟", NULL), 200);
    assert_true(cites_title(c, "القانون الإطار"));
    assert_non_null(strstr(hc_str(c, "answer", NULL), "السادسة عشرة"));
    hc_free(c);
}

static void the_faq_comes_first(void **state)
{
    (void)state;
    hc *c = hc_as("amina");
    assert_int_equal(ask(c, "Qu'est-ce que le Conseil supérieur de l'éducation ?", NULL), 200);
    assert_string_equal(kind(c), "faq");
    assert_non_null(strstr(hc_str(c, "answer", NULL), "instance consultative"));
    assert_int_equal(ask(c, "ما هو المجلس الأعلى للتربية والتكوين؟", NULL), 200);
    assert_string_equal(kind(c), "faq");
    assert_int_equal(hc_req(c, "GET", "/api/bot/faq", NULL), 200);
    assert_true(json_array_size(json_object_get(c->json, "faq")) >= 5);
    /* only the secretariat adds pairs */
    assert_int_equal(hc_req(c, "POST", "/api/bot/faq", "{\"lang\":\"fr\",\"question\":\"q\",\"answer\":\"a\"}"), 403);
    hc_free(c);
}

static void out_of_scope_abstains_and_the_secretariat_answers_the_ticket(void **state)
{
    (void)state;
    hc *c = hc_new(); /* signed out: citizens may ask */
    char q[200], body[400];
    snprintf(q, sizeof q, "What will the weather be like in Paris tomorrow %s?", hc_unique("w"));
    assert_int_equal(ask(c, q, NULL), 200);
    assert_string_equal(kind(c), "abstain");
    assert_true(json_is_true(json_object_get(c->json, "escalate")));
    assert_int_equal(json_array_size(json_object_get(c->json, "citations")), 0);
    assert_non_null(strstr(hc_str(c, "framing", NULL), "secretariat"));
    char conv[64];
    snprintf(conv, sizeof conv, "%s", hc_str(c, "conversation_id", NULL));
    json_int_t aid = answer_id(c);
    snprintf(body, sizeof body, "{\"answer_id\":%lld,\"conversation_id\":\"%s\",\"contact\":\"+212 6 12 34 56 78\"}",
             (long long)aid, conv);
    assert_int_equal(hc_req(c, "POST", "/api/bot/escalate", body), 201);
    json_int_t tid = json_integer_value(json_object_get(json_object_get(c->json, "ticket"), "id"));
    assert_string_equal(hc_str(c, "ticket", "status"), "open");
    /* another conversation cannot escalate this answer */
    snprintf(body, sizeof body, "{\"answer_id\":%lld,\"conversation_id\":\"%032d\"}", (long long)aid, 0);
    assert_int_equal(hc_req(c, "POST", "/api/bot/escalate", body), 404);
    assert_int_equal(hc_req(c, "GET", "/api/bot/tickets", NULL), 401);

    hc *s = hc_as("secretariat");
    assert_int_equal(hc_req(s, "GET", "/api/bot/tickets?status=open", NULL), 200);
    json_t *arr = json_object_get(s->json, "tickets"), *t;
    size_t i;
    int seen = 0;
    json_array_foreach(arr, i, t) if (json_integer_value(json_object_get(t, "id")) == tid) {
        seen = 1;
        assert_string_equal(json_string_value(json_object_get(t, "contact")), "+212 6 12 34 56 78");
    }
    assert_true(seen);
    char path[160];
    snprintf(path, sizeof path, "/api/bot/tickets/%lld", (long long)tid);
    assert_int_equal(hc_req(s, "POST", path, "{\"answer\":\"\"}"), 400);
    assert_int_equal(hc_req(s, "POST", path, "{\"answer\":\"The council does not publish weather forecasts.\",\"faq\":true}"), 200);
    assert_string_equal(hc_str(s, "ticket", "status"), "answered");
    json_int_t faq = json_integer_value(json_object_get(s->json, "faq_id"));
    assert_true(faq > 0);
    hc *m = hc_as("member");
    assert_int_equal(hc_req(m, "GET", "/api/bot/tickets", NULL), 403);
    hc_free(m);

    snprintf(path, sizeof path, "/api/bot/escalations?conversation_id=%s", conv);
    assert_int_equal(hc_req(c, "GET", path, NULL), 200);
    t = json_array_get(json_object_get(c->json, "tickets"), 0);
    assert_string_equal(json_string_value(json_object_get(t, "status")), "answered");
    assert_null(json_object_get(t, "contact"));
    /* the answer became a FAQ pair: the same question now gets it */
    assert_int_equal(ask(c, q, NULL), 200);
    assert_string_equal(kind(c), "faq");
    assert_non_null(strstr(hc_str(c, "answer", NULL), "weather forecasts"));
    /* the secretariat removes the pair (so a later run starts from the same place) */
    snprintf(path, sizeof path, "/api/bot/faq/%lld", (long long)faq);
    assert_int_equal(hc_req(c, "DELETE", path, NULL), 401);
    assert_int_equal(hc_req(s, "DELETE", path, NULL), 204);
    assert_int_equal(hc_req(s, "DELETE", path, NULL), 404);
    assert_int_equal(ask(c, q, NULL), 200);
    assert_string_equal(kind(c), "abstain");
    hc_free(s);
    hc_free(c);
}

static void follow_up_questions_use_the_conversation(void **state)
{
    (void)state;
    hc *c = hc_as("youssef");
    assert_int_equal(ask(c, "Qu'est-ce que l'alternance linguistique dans l'enseignement ?", NULL), 200);
    assert_true(cites_title(c, "langues d'enseignement"));
    char conv[64];
    snprintf(conv, sizeof conv, "%s", hc_str(c, "conversation_id", NULL));
    assert_int_equal(ask(c, "Le Conseil y est-il favorable ?", conv), 200);
    assert_true(json_is_true(json_object_get(c->json, "context_used")));
    assert_string_equal(kind(c), "passages");
    assert_non_null(strstr(cite_str(c, 0, "title"), "langues d'enseignement"));
    assert_string_equal(hc_str(c, "conversation_id", NULL), conv);
    /* a conversation is its owner's */
    hc *o = hc_as("omar");
    assert_int_equal(ask(o, "Et les mathématiques ?", conv), 404);
    assert_string_equal(hc_str(o, "error", "field"), "conversation_id");
    hc_free(o);
    hc_free(c);
}

static void access_levels_hold_in_every_result(void **state)
{
    (void)state;
    const char *q = "Quel budget la commission propose-t-elle pour les cantines scolaires rurales ?";
    hc *pub = hc_new(), *learner = hc_as("amina"), *member = hc_as("member");
    assert_int_equal(ask(pub, q, NULL), 200);
    assert_false(cites_title(pub, "cantines"));
    assert_int_equal(ask(learner, q, NULL), 200);
    assert_false(cites_title(learner, "cantines"));
    json_t *x;
    size_t i;
    json_array_foreach(json_object_get(learner->json, "citations"), i, x)
        assert_string_equal(json_string_value(json_object_get(x, "access")), "public");
    assert_int_equal(ask(member, q, NULL), 200);
    assert_string_equal(kind(member), "passages");
    assert_non_null(strstr(cite_str(member, 0, "title"), "cantines"));
    assert_string_equal(cite_str(member, 0, "access"), "council");
    json_int_t doc = json_integer_value(json_object_get(cite(member, 0), "document_id"));
    json_int_t pid = json_integer_value(json_object_get(cite(member, 0), "passage_id"));
    char path[160];
    snprintf(path, sizeof path, "/api/bot/documents/%lld", (long long)doc);
    assert_int_equal(hc_req(member, "GET", path, NULL), 200);
    assert_true(json_array_size(json_object_get(json_object_get(member->json, "document"), "passage_list")) >= 1);
    assert_int_equal(hc_req(pub, "GET", path, NULL), 404);
    assert_int_equal(hc_req(learner, "GET", path, NULL), 404);
    snprintf(path, sizeof path, "/api/bot/passages/%lld", (long long)pid);
    assert_int_equal(hc_req(member, "GET", path, NULL), 200);
    assert_int_equal(hc_req(pub, "GET", path, NULL), 404);
    assert_int_equal(hc_req(pub, "GET", "/api/bot/documents", NULL), 200);
    json_array_foreach(json_object_get(pub->json, "documents"), i, x)
        assert_string_equal(json_string_value(json_object_get(x, "access")), "public");
    hc_free(pub), hc_free(learner), hc_free(member);
}

static long upload(hc *c, const char *query, const char *type, const char *body, size_t len)
{
    char path[1024];
    snprintf(path, sizeof path, "/api/bot/documents?%s", query);
    return hc_raw(c, "POST", path, type, body, len, NULL);
}

static void upload_reingest_replace_and_delete(void **state)
{
    (void)state;
    hc *a = hc_as("admin"), *u = hc_as("amina");
    char w1[48], w2[48], q[256], body[1024], src[96];
    snprintf(w1, sizeof w1, "%s", hc_unique("zorblat"));
    snprintf(w2, sizeof w2, "%s", hc_unique("quixome"));
    snprintf(src, sizeof src, "source=https%%3A%%2F%%2Fexample.org%%2F%s", w1);
    snprintf(body, sizeof body, "# Programme %s\n\n## Objet\n\nLe programme %s finance des bibliothèques de classe dans les écoles rurales.\n", w1, w1);
    char query[512];
    snprintf(query, sizeof query, "%s&type=decision&date=2025-03-01&access=public", src);
    assert_int_equal(upload(u, query, "text/markdown", body, strlen(body)), 403);
    assert_int_equal(upload(a, query, "text/markdown", body, strlen(body)), 201);
    assert_string_equal(hc_str(a, "status", NULL), "created");
    assert_string_equal(hc_str(a, "document", "lang"), "fr");
    json_int_t id = json_integer_value(json_object_get(json_object_get(a->json, "document"), "id"));
    snprintf(q, sizeof q, "Que finance le programme %s ?", w1);
    assert_int_equal(ask(u, q, NULL), 200);
    assert_string_equal(kind(u), "passages");
    assert_non_null(strstr(cite_str(u, 0, "title"), w1));
    assert_string_equal(cite_str(u, 0, "section"), "Objet");
    /* the same bytes again: nothing to do */
    assert_int_equal(upload(a, query, "text/markdown", body, strlen(body)), 200);
    assert_string_equal(hc_str(a, "status", NULL), "unchanged");
    /* changed bytes under the same source: the passages are replaced */
    snprintf(body, sizeof body, "# Programme %s\n\n## Objet\n\nLe programme %s équipe les écoles en tablettes %s.\n", w1, w1, w2);
    assert_int_equal(upload(a, query, "text/markdown", body, strlen(body)), 200);
    assert_string_equal(hc_str(a, "status", NULL), "replaced");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(a->json, "document"), "id")), id);
    assert_int_equal(ask(u, "bibliothèques de classe écoles rurales financement", NULL), 200);
    assert_false(cites_title(u, w1));
    snprintf(q, sizeof q, "Les tablettes %s", w2);
    assert_int_equal(ask(u, q, NULL), 200);
    assert_true(cites_title(u, w1));
    /* delete */
    char path[160];
    snprintf(path, sizeof path, "/api/bot/documents/%lld", (long long)id);
    assert_int_equal(hc_req(u, "DELETE", path, NULL), 403);
    assert_int_equal(hc_req(a, "DELETE", path, NULL), 204);
    assert_int_equal(hc_req(a, "DELETE", path, NULL), 404);
    assert_int_equal(ask(u, q, NULL), 200);
    assert_false(cites_title(u, w1));
    hc_free(a), hc_free(u);
}

static void bad_uploads_are_refused_with_the_field(void **state)
{
    (void)state;
    hc *a = hc_as("admin");
    const char *txt = "Un texte court.";
    assert_int_equal(upload(a, "title=T&access=secret", "text/plain", txt, strlen(txt)), 400);
    assert_string_equal(hc_str(a, "error", "field"), "access");
    assert_int_equal(upload(a, "title=T&type=poem", "text/plain", txt, strlen(txt)), 400);
    assert_string_equal(hc_str(a, "error", "field"), "type");
    assert_int_equal(upload(a, "title=T&date=12%2F03%2F2024", "text/plain", txt, strlen(txt)), 400);
    assert_string_equal(hc_str(a, "error", "field"), "date");
    assert_int_equal(upload(a, "title=T&lang=de", "text/plain", txt, strlen(txt)), 400);
    assert_string_equal(hc_str(a, "error", "field"), "lang");
    assert_int_equal(upload(a, "title=T&format=docx", "text/plain", txt, strlen(txt)), 400);
    assert_string_equal(hc_str(a, "error", "field"), "format");
    assert_int_equal(upload(a, "title=T", "text/plain", "", 0), 400);
    assert_int_equal(upload(a, "title=T", "text/plain", "caf\xe9 cr\xe8me", 10), 400);
    assert_non_null(strstr(hc_str(a, "error", "message"), "UTF-8"));
    assert_int_equal(upload(a, "title=T&format=pdf", "application/pdf", "%PDF-1.4 not really", 19), 400);
    assert_non_null(strstr(hc_str(a, "error", "message"), "PDF"));
    assert_int_equal(upload(a, "type=report", "text/plain", txt, strlen(txt)), 400); /* no title anywhere */
    assert_string_equal(hc_str(a, "error", "field"), "title");
    hc_free(a);
}

static void pdf_pages_are_kept(void **state)
{
    (void)state;
    char w[48];
    snprintf(w, sizeof w, "%s", hc_unique("plomtar"));
    /* a two-page PDF: the answer is on page 2 */
    char two[160];
    snprintf(two, sizeof two, "The %s programme repaired the toilets of 300 rural schools.", w);
    const char *pages[] = {"Annual report on school buildings.\nThe first page speaks of roofs and classroom windows.", two};
    pdf_fixture pdf = pdf_fixture_draw(NULL, pages, 2);
    hc *a = hc_as("admin");
    char path[256];
    snprintf(path, sizeof path, "/api/bot/documents?title=Buildings+%s&type=report&date=2025&lang=en", w);
    assert_int_equal(hc_raw(a, "POST", path, "application/pdf", (const char *)pdf.p, pdf.n, NULL), 201);
    assert_int_equal(json_integer_value(json_object_get(a->json, "passages")), 2);
    char q[128];
    snprintf(q, sizeof q, "How many toilets did the %s programme repair?", w);
    assert_int_equal(ask(a, q, NULL), 200);
    assert_string_equal(kind(a), "passages");
    assert_int_equal(json_integer_value(json_object_get(cite(a, 0), "page")), 2);
    assert_non_null(strstr(cite_str(a, 0, "text"), "300 rural schools"));
    char del[64];
    snprintf(del, sizeof del, "/api/bot/documents/%lld", (long long)json_integer_value(json_object_get(cite(a, 0), "document_id")));
    assert_int_equal(hc_req(a, "DELETE", del, NULL), 204);
    free(pdf.p);
    hc_free(a);
}

static void feedback_analytics_and_csv_without_personal_data(void **state)
{
    (void)state;
    hc *c = hc_as("salma");
    assert_int_equal(ask(c, "Que dit l'avis sur l'enseignement de l'amazighe en tifinagh ? Écrivez-moi : "
                            "salma.test@example.com, AB123456, D130004200", NULL), 200);
    assert_string_equal(kind(c), "passages");
    char conv[64], body[600];
    snprintf(conv, sizeof conv, "%s", hc_str(c, "conversation_id", NULL));
    json_int_t aid = answer_id(c);
    snprintf(body, sizeof body, "{\"answer_id\":%lld,\"conversation_id\":\"%s\",\"vote\":\"sideways\"}", (long long)aid, conv);
    assert_int_equal(hc_req(c, "POST", "/api/bot/feedback", body), 400);
    assert_string_equal(hc_str(c, "error", "field"), "vote");
    snprintf(body, sizeof body, "{\"answer_id\":%lld,\"conversation_id\":\"%s\",\"vote\":\"down\",\"reason\":\"trop "
             "vague, appelez-moi au 0612345678\"}", (long long)aid, conv);
    assert_int_equal(hc_req(c, "POST", "/api/bot/feedback", body), 204);
    hc *o = hc_as("omar");
    assert_int_equal(hc_req(o, "POST", "/api/bot/feedback", body), 404); /* not his conversation */
    assert_int_equal(hc_req(o, "GET", "/api/bot/analytics", NULL), 403);
    assert_int_equal(hc_req(o, "GET", "/api/bot/analytics.csv", NULL), 403);
    hc_free(o);

    hc *s = hc_as("secretariat");
    assert_int_equal(hc_req(s, "GET", "/api/bot/analytics?days=7", NULL), 200);
    assert_true(json_integer_value(json_object_get(s->json, "questions")) >= 1);
    assert_true(json_integer_value(json_object_get(s->json, "thumbs_down")) >= 1);
    assert_true(json_array_size(json_object_get(s->json, "by_lang")) >= 1);
    json_t *x;
    size_t i;
    int found = 0;
    json_array_foreach(json_object_get(s->json, "thumbs_down_list"), i, x) if (json_integer_value(json_object_get(x, "id")) == aid) {
        found = 1;
        assert_non_null(strstr(json_string_value(json_object_get(x, "question")), "[email]"));
        assert_non_null(strstr(json_string_value(json_object_get(x, "reason")), "[phone]"));
    }
    assert_true(found);
    assert_true(json_array_size(json_object_get(s->json, "unanswered")) >= 1);
    assert_int_equal(hc_req(s, "GET", "/api/bot/analytics?days=0", NULL), 400);
    assert_int_equal(hc_req(s, "GET", "/api/bot/analytics.csv?days=7", NULL), 200);
    assert_non_null(strstr(s->body, "id,created_at,lang,kind,score,coverage,vote,reason,question\r\n"));
    assert_non_null(strstr(s->body, "[email]"));
    assert_non_null(strstr(s->body, "[cin]"));
    assert_non_null(strstr(s->body, "[massar]"));
    assert_non_null(strstr(s->body, ",down,"));
    assert_null(strstr(s->body, "salma.test@example.com"));
    assert_null(strstr(s->body, "AB123456"));
    assert_null(strstr(s->body, "D130004200"));
    assert_null(strstr(s->body, "0612345678"));
    hc_free(s);
    hc_free(c);
}

static void bad_questions_get_clear_400s(void **state)
{
    (void)state;
    hc *c = hc_as("amina");
    assert_int_equal(hc_req(c, "POST", "/api/bot/ask", "{\"question\":\"   \"}"), 400);
    assert_string_equal(hc_str(c, "error", "field"), "question");
    assert_int_equal(hc_req(c, "POST", "/api/bot/ask", "{\"question\":\"x\",\"lang\":\"de\"}"), 400);
    assert_string_equal(hc_str(c, "error", "field"), "lang");
    assert_int_equal(hc_req(c, "POST", "/api/bot/ask", "{\"question\":\"x\",\"colour\":\"red\"}"), 400);
    assert_int_equal(hc_req(c, "POST", "/api/bot/ask", "{\"question\":\"x\",\"conversation_id\":\"../../etc\"}"), 400);
    assert_string_equal(hc_str(c, "error", "field"), "conversation_id");
    assert_int_equal(hc_req(c, "POST", "/api/bot/ask", "{\"question\":\"x\",\"conversation_id\":\"0123456789abcdef0123456789abcdef\"}"), 404);
    assert_int_equal(hc_req(c, "POST", "/api/bot/ask", "{\"question\":12}"), 400);
    char big[1200];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = 0;
    assert_int_equal(ask(c, big, NULL), 400);
    assert_int_equal(hc_req(c, "POST", "/api/bot/ask", "not json"), 400);
    assert_int_equal(hc_req(c, "GET", "/api/bot/documents/999999999", NULL), 404);
    assert_int_equal(hc_req(c, "GET", "/api/bot/escalations?conversation_id=zz", NULL), 400);
    /* an explicit language frames the answer in it */
    assert_int_equal(hc_req(c, "POST", "/api/bot/ask", "{\"question\":\"généralisation du préscolaire\",\"lang\":\"ar\"}"), 200);
    assert_string_equal(hc_str(c, "lang", NULL), "ar");
    assert_non_null(strstr(hc_str(c, "framing", NULL), "وثائق"));
    hc_free(c);
}

/* ---- a second server with a fake LLM ---- */

static volatile int llm_mode; /* 0 good answer, 1 cites a passage not given, 2 cites none */
static int llm_fd;
static char llm_last[65536];

static void *llm_serve(void *arg)
{
    (void)arg;
    for (;;) {
        int fd = accept(llm_fd, NULL, NULL);
        if (fd < 0) return NULL;
        char req[65536];
        size_t n = 0;
        for (;;) { /* headers, then Content-Length bytes */
            ssize_t k = recv(fd, req + n, sizeof req - 1 - n, 0);
            if (k <= 0) break;
            n += (size_t)k;
            req[n] = 0;
            char *end = strstr(req, "\r\n\r\n"), *cl = strcasestr(req, "Content-Length:");
            if (end && cl && n >= (size_t)(end + 4 - req) + strtoul(cl + 15, NULL, 10)) break;
        }
        snprintf(llm_last, sizeof llm_last, "%s", req);
        static const char *const answers[] = {
            "Every teacher should get at least sixty hours of training a year [1], mostly online in rural areas [1].",
            "Teachers get sixty hours [7].", "Teachers get sixty hours a year."};
        json_t *j = json_pack("{s:[{s:{s:s, s:s}, s:i}]}", "choices", "message", "role", "assistant", "content",
                              answers[llm_mode], "index", 0);
        char *body = json_dumps(j, 0);
        char head[256];
        snprintf(head, sizeof head, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n"
                 "Connection: close\r\n\r\n", strlen(body));
        send(fd, head, strlen(head), MSG_NOSIGNAL);
        send(fd, body, strlen(body), MSG_NOSIGNAL);
        free(body);
        json_decref(j);
        close(fd);
    }
}

static int listen_any(int *port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {0};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t l = sizeof sa;
    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) || listen(fd, 16) || getsockname(fd, (struct sockaddr *)&sa, &l)) return -1;
    *port = ntohs(sa.sin_port);
    return fd;
}

static void a_second_server_stays_current_and_checks_llm_citations(void **state)
{
    (void)state;
    const char *dburl = getenv("MADRASA_DB");
    if (!dburl) skip();
    int lport, sport;
    llm_fd = listen_any(&lport);
    assert_true(llm_fd >= 0);
    pthread_t th;
    pthread_create(&th, NULL, llm_serve, NULL);
    int tmp = listen_any(&sport);
    close(tmp);
    char listen_arg[64], llm_arg[64];
    snprintf(listen_arg, sizeof listen_arg, "127.0.0.1:%d", sport);
    snprintf(llm_arg, sizeof llm_arg, "http://127.0.0.1:%d", lport);
    const char *bin = getenv("MADRASA_BIN") ? getenv("MADRASA_BIN") : "build/madrasa";
    pid_t pid = fork();
    if (pid == 0) {
        execl(bin, bin, "serve", "--db", dburl, "--listen", listen_arg, "--llm-url", llm_arg, "--quiet", (char *)NULL);
        _exit(127);
    }
    hc *b = hc_new();
    snprintf(b->base, sizeof b->base, "http://127.0.0.1:%d", sport);
    int up = 0;
    for (int i = 0; i < 100 && !up; i++) {
        up = hc_req(b, "GET", "/api/health", NULL) == 200;
        if (!up) usleep(100000);
    }
    assert_true(up);
    hc_login(b, "amina", "madrasa-demo");

    /* a document uploaded to the first server is found by the second */
    hc *a = hc_as("admin");
    char w[48], body[256], q[128];
    snprintf(w, sizeof w, "%s", hc_unique("vextrol"));
    snprintf(body, sizeof body, "The %s scheme gives free school bags to first-year pupils.", w);
    char path[128];
    snprintf(path, sizeof path, "/api/bot/documents?title=Scheme+%s&type=decision&lang=en", w);
    assert_int_equal(hc_raw(a, "POST", path, "text/plain", body, strlen(body), NULL), 201);
    json_int_t scheme = json_integer_value(json_object_get(json_object_get(a->json, "document"), "id"));
    snprintf(q, sizeof q, "What does the %s scheme give?", w);
    llm_mode = 0;
    assert_int_equal(ask(b, q, NULL), 200);
    assert_true(cites_title(b, w));

    /* a well-cited LLM answer is the answer; the prompt carried the passages */
    const char *tq = "How many hours of professional development should teachers receive each year?";
    assert_int_equal(ask(b, tq, NULL), 200);
    assert_string_equal(kind(b), "llm");
    assert_non_null(strstr(hc_str(b, "answer", NULL), "[1]"));
    assert_non_null(strstr(llm_last, "Passages:"));
    assert_non_null(strstr(llm_last, "sixty hours"));
    /* citing a passage it was not given, or none: the extractive answer */
    llm_mode = 1;
    assert_int_equal(ask(b, tq, NULL), 200);
    assert_string_equal(kind(b), "passages");
    assert_null(strstr(hc_str(b, "answer", NULL), "[7]"));
    llm_mode = 2;
    assert_int_equal(ask(b, tq, NULL), 200);
    assert_string_equal(kind(b), "passages");

    /* signed-out askers are rate-limited per address (this server's buckets are fresh) */
    hc *anon = hc_new();
    snprintf(anon->base, sizeof anon->base, "http://127.0.0.1:%d", sport);
    long st = 200;
    for (int i = 0; i < 40 && st == 200; i++) st = ask(anon, "préscolaire", NULL);
    assert_int_equal(st, 429);
    assert_true(hc_has_header(anon, "Retry-After"));
    hc_free(anon);

    snprintf(path, sizeof path, "/api/bot/documents/%lld", (long long)scheme);
    assert_int_equal(hc_req(a, "DELETE", path, NULL), 204);
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
    shutdown(llm_fd, SHUT_RDWR);
    close(llm_fd);
    pthread_join(th, NULL);
    hc_free(a);
    hc_free(b);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(answers_in_three_languages_cite_the_right_document),
        cmocka_unit_test(the_faq_comes_first),
        cmocka_unit_test(out_of_scope_abstains_and_the_secretariat_answers_the_ticket),
        cmocka_unit_test(follow_up_questions_use_the_conversation),
        cmocka_unit_test(access_levels_hold_in_every_result),
        cmocka_unit_test(upload_reingest_replace_and_delete),
        cmocka_unit_test(bad_uploads_are_refused_with_the_field),
        cmocka_unit_test(pdf_pages_are_kept),
        cmocka_unit_test(feedback_analytics_and_csv_without_personal_data),
        cmocka_unit_test(bad_questions_get_clear_400s),
        cmocka_unit_test(a_second_server_stays_current_and_checks_llm_citations),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}
