/*
 * test_bot_text.c — Majlisbot's pure server parts: passages from Markdown, HTML, plain text
 * and a PDF drawn with cairo (tests/pdf_fixture.h) (sections, pages, the word cap, nothing crossing a
 * section), the personal-data scrubber, the LLM citation check, the FAQ similarity, and the
 * LLM client against a fake endpoint on a thread.
 */
#include "testing.h"
#include "pdf_fixture.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "app/bot/bot_int.h"
#include "base/arena.h"
#include "base/err.h"

static bot_extract extract(arena *a, bot_format f, const char *s)
{
    bot_extract x;
    const char *why;
    assert_int_equal(bot_extract_doc(&x, &why, a, f, s, strlen(s), 1000), 0);
    return x;
}

static void markdown_headings_become_sections(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    const char *md = "# The title\n\nIntro *text* with a [link](http://x.example).\n\n## First part\n\n"
                     "- item one\n- item two\n\nSecond paragraph.\n\nThird paragraph.\n\nFourth paragraph.\n\n"
                     "Setext heading\n--------------\n\nUnder setext.\n";
    bot_extract x = extract(&a, BOT_FMT_MD, md);
    assert_string_equal(x.title, "The title");
    assert_int_equal(x.n, 4);
    assert_string_equal(x.chunks[0].section, "The title");
    assert_string_equal(x.chunks[0].text, "Intro text with a link.");
    assert_string_equal(x.chunks[1].section, "First part");
    /* at most three paragraphs per passage */
    assert_string_equal(x.chunks[1].text, "item one item two\n\nSecond paragraph.\n\nThird paragraph.");
    assert_string_equal(x.chunks[2].text, "Fourth paragraph.");
    assert_string_equal(x.chunks[3].section, "Setext heading");
    assert_int_equal(x.chunks[3].page, 0);
    arena_free(&a);
}

static void html_drops_scripts_and_keeps_headings(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    const char *html = "<html><head><title>تقرير</title><style>p{color:red}</style><script>var x=1;</script></head>"
                       "<body><nav>menu</nav><h1>تقرير</h1><p>فقرة <b>أولى</b>.</p><h2>القسم</h2><p>فقرة ثانية.</p>"
                       "<footer>copyright</footer></body></html>";
    bot_extract x = extract(&a, BOT_FMT_HTML, html);
    assert_string_equal(x.title, "تقرير");
    assert_int_equal(x.n, 2);
    assert_string_equal(x.chunks[0].text, "فقرة أولى.");
    assert_string_equal(x.chunks[1].section, "القسم");
    for (size_t i = 0; i < x.n; i++) {
        assert_null(strstr(x.chunks[i].text, "var x"));
        assert_null(strstr(x.chunks[i].text, "color"));
        assert_null(strstr(x.chunks[i].text, "menu"));
        assert_null(strstr(x.chunks[i].text, "copyright"));
    }
    arena_free(&a);
}

static void long_paragraphs_are_cut_at_sentences_and_never_cross_sections(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    char *md = malloc(20000);
    size_t o = (size_t)snprintf(md, 20000, "## A\n\n");
    for (int i = 0; i < 40; i++) o += (size_t)snprintf(md + o, 20000 - o, "Sentence %d has exactly seven words here. ", i);
    o += (size_t)snprintf(md + o, 20000 - o, "\n\n## B\n\nShort one.\n");
    bot_extract x = extract(&a, BOT_FMT_MD, md);
    assert_true(x.n >= 3);
    size_t words = 0;
    for (size_t i = 0; i < x.n; i++) {
        size_t w = bot_words(x.chunks[i].text, strlen(x.chunks[i].text));
        assert_true(w <= BOT_PASSAGE_WORDS);
        if (strcmp(x.chunks[i].section, "A") == 0) {
            words += w;
            assert_null(strstr(x.chunks[i].text, "Short one"));
            /* cut at a sentence end */
            assert_int_equal(x.chunks[i].text[strlen(x.chunks[i].text) - 1], '.');
        }
    }
    assert_int_equal(words, 40 * 7);
    assert_string_equal(x.chunks[x.n - 1].section, "B");
    /* a passage cap gives E_LIMIT */
    bot_extract y;
    const char *why;
    assert_int_equal(bot_extract_doc(&y, &why, &a, BOT_FMT_MD, md, strlen(md), 2), E_LIMIT);
    free(md);
    arena_free(&a);
}

static void text_must_be_utf8_and_formats_are_guessed(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    bot_extract x;
    const char *why;
    assert_int_equal(bot_extract_doc(&x, &why, &a, BOT_FMT_TXT, "caf\xe9", 4, 10), E_INVALID);
    assert_non_null(strstr(why, "UTF-8"));
    x = extract(&a, BOT_FMT_TXT, "\xEF\xBB\xBFOne line\nsame paragraph.\n\n\nNext.");
    assert_int_equal(x.n, 1);
    assert_string_equal(x.chunks[0].text, "One line same paragraph.\n\nNext.");
    assert_int_equal(bot_format_guess("application/pdf", NULL, "", 0), BOT_FMT_PDF);
    assert_int_equal(bot_format_guess(NULL, "a/b/report.HTML", "", 0), BOT_FMT_HTML);
    assert_int_equal(bot_format_guess(NULL, NULL, "%PDF-1.7", 8), BOT_FMT_PDF);
    assert_int_equal(bot_format_guess(NULL, NULL, "  <p>x", 6), BOT_FMT_HTML);
    assert_int_equal(bot_format_guess("text/markdown; charset=utf-8", NULL, "x", 1), BOT_FMT_MD);
    assert_int_equal(bot_format_guess(NULL, "notes", "plain", 5), BOT_FMT_TXT);
    assert_int_equal(bot_format_parse("docx"), BOT_FMT_UNKNOWN);
    arena_free(&a);
}

/* fontconfig (under cairo's text) keeps a pattern cache it never frees: not ours to chase. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) { return "leak:libfontconfig.so\n"; }

static void pdf_text_keeps_its_page(void **state)
{
    (void)state;
    const char *pages[] = {"Page one speaks of roofs.", "Page two speaks of windows."};
    pdf_fixture pdf = pdf_fixture_draw("Buildings report", pages, 2);
    arena a = ARENA_INIT;
    bot_extract x;
    const char *why;
    assert_int_equal(bot_extract_doc(&x, &why, &a, BOT_FMT_PDF, (const char *)pdf.p, pdf.n, 10), 0);
    assert_string_equal(x.title, "Buildings report");
    assert_int_equal(x.n, 2);
    assert_int_equal(x.chunks[0].page, 1);
    assert_int_equal(x.chunks[1].page, 2);
    assert_string_equal(x.chunks[1].text, "Page two speaks of windows.");
    assert_int_equal(bot_extract_doc(&x, &why, &a, BOT_FMT_PDF, "%PDF-1.4 junk", 13, 10), E_INVALID);
    free(pdf.p);
    arena_free(&a);
    cairo_debug_reset_static_data(); /* the font caches, for the leak checker */
}

static void personal_data_is_scrubbed(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    static const struct {
        const char *in, *out;
        int n;
    } cases[] = {
        {"write to ali.b+x@mail.example.ma.", "write to [email].", 1},
        {"appelez le 06 12 34 56 78 ou +212 5 37 00 00 00", "appelez le [phone] ou [phone]", 2},
        {"tel: (0)612-345-678 svp", "tel: [phone] svp", 1},
        {"CIN AB123456 et BE98765", "CIN [cin] et [cin]", 2},
        {"code massar D130004200", "code massar [massar]", 1},
        {"رقم البطاقة AB123456 والهاتف 0612345678", "رقم البطاقة [cin] والهاتف [phone]", 2},
        /* not personal data: years, plans, small numbers, words with digits */
        {"la vision 2015-2030 et la loi 51.17, COVID19, 1 200 000 élèves", "la vision 2015-2030 et la loi 51.17, COVID19, 1 200 000 élèves", 0},
        {"ABC123456 X12 D1300042001", "ABC123456 X12 D1300042001", 0},
        {"a@b", "a@b", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int n;
        const char *s = bot_scrub(&a, cases[i].in, strlen(cases[i].in), &n);
        assert_string_equal(s, cases[i].out);
        assert_int_equal(n, cases[i].n);
    }
    arena_free(&a);
}

static void citations_must_be_among_the_passages_given(void **state)
{
    (void)state;
    uint64_t c;
    assert_int_equal(bot_citations_check(&c, "Sixty hours [1], online [3].", 3), 0);
    assert_int_equal(c, 5u);
    assert_int_equal(bot_citations_check(&c, "Both [1, 2] and [2][3].", 3), 0);
    assert_int_equal(c, 7u);
    assert_int_equal(bot_citations_check(&c, "Sixty hours [4].", 3), E_INVALID);
    assert_int_equal(bot_citations_check(&c, "Sixty hours [0].", 3), E_INVALID);
    assert_int_equal(bot_citations_check(&c, "No citation at all.", 3), E_INVALID);
    assert_int_equal(bot_citations_check(&c, "Only a tag [email] here.", 3), E_INVALID);
    assert_int_equal(bot_citations_check(&c, "[1] and a tag [email].", 1), 0);
    assert_int_equal(bot_citations_check(&c, "[99999999999999999999]", 3), E_INVALID);
}

static void faq_similarity_is_one_for_the_same_question(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    analyze_ctx *cx;
    assert_int_equal(analyze_create(&cx), 0);
    const char *qs[] = {"Comment contacter le secrétariat du Conseil ?", "Comment contacter le secrétariat ?",
                        "Quel est le budget des cantines ?"};
    uint64_t *sets[3][ANALYZE_NSTREAMS];
    size_t n[3][ANALYZE_NSTREAMS];
    for (int i = 0; i < 3; i++) {
        analyze_result r;
        assert_int_equal(analyze_text(&r, cx, qs[i], strlen(qs[i]), LANGDETECT_FR, 0), 0);
        for (int s = 0; s < ANALYZE_NSTREAMS; s++) sets[i][s] = bot_term_set(&n[i][s], &a, r.s[s].term, r.s[s].n);
    }
    const uint64_t *const *s0 = (const uint64_t *const *)sets[0];
    assert_near(bot_faq_similarity(s0, n[0], s0, n[0]), 1.0, 1e-9);
    assert_true(bot_faq_similarity(s0, n[0], (const uint64_t *const *)sets[1], n[1]) >= BOT_FAQ_MIN);
    assert_true(bot_faq_similarity(s0, n[0], (const uint64_t *const *)sets[2], n[2]) < 0.3);
    analyze_free(cx);
    arena_free(&a);
}

/* ---- the LLM client against a fake endpoint ---- */

static int fake_fd;
static const char *fake_reply;
static char fake_request[8192];

static void *fake_llm(void *arg)
{
    (void)arg;
    int fd = accept(fake_fd, NULL, NULL);
    if (fd < 0) return NULL;
    size_t n = 0;
    for (;;) {
        ssize_t k = recv(fd, fake_request + n, sizeof fake_request - 1 - n, 0);
        if (k <= 0) break;
        n += (size_t)k;
        fake_request[n] = 0;
        char *end = strstr(fake_request, "\r\n\r\n"), *cl = strcasestr(fake_request, "Content-Length:");
        if (end && cl && n >= (size_t)(end + 4 - fake_request) + strtoul(cl + 15, NULL, 10)) break;
    }
    send(fd, fake_reply, strlen(fake_reply), MSG_NOSIGNAL);
    close(fd);
    return NULL;
}

static int llm_once(char **out, arena *a, const char *reply)
{
    struct sockaddr_in sa = {0};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t l = sizeof sa;
    fake_fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_int_equal(bind(fake_fd, (struct sockaddr *)&sa, sizeof sa), 0);
    assert_int_equal(listen(fake_fd, 1), 0);
    getsockname(fake_fd, (struct sockaddr *)&sa, &l);
    fake_reply = reply;
    pthread_t th;
    pthread_create(&th, NULL, fake_llm, NULL);
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/", ntohs(sa.sin_port));
    int rc = bot_llm_chat(out, a, url, "system text", "user text", 5);
    pthread_join(th, NULL);
    close(fake_fd);
    return rc;
}

static void the_llm_client_reads_plain_and_chunked_completions(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    char *out;
    const char *plain = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 52\r\n\r\n"
                        "{\"choices\":[{\"message\":{\"content\":\"Yes [1].\"}}]}  ";
    assert_int_equal(llm_once(&out, &a, plain), 0);
    assert_string_equal(out, "Yes [1].");
    assert_non_null(strstr(fake_request, "POST /v1/chat/completions HTTP/1.1"));
    assert_non_null(strstr(fake_request, "\"user text\""));
    const char *chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                          "f\r\n{\"choices\":[{\"m\r\n21\r\nessage\":{\"content\":\"Oui [2].\"}}]}\r\n0\r\n\r\n";
    assert_int_equal(llm_once(&out, &a, chunked), 0);
    assert_string_equal(out, "Oui [2].");
    assert_int_equal(llm_once(&out, &a, "HTTP/1.1 500 Oops\r\nContent-Length: 0\r\n\r\n"), E_FAIL);
    assert_int_equal(llm_once(&out, &a, "HTTP/1.1 200 OK\r\n\r\n{\"error\":\"no model\"}"), E_FAIL);
    assert_int_equal(bot_llm_chat(&out, &a, "https://tls.example", "s", "u", 1), E_INVALID);
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(markdown_headings_become_sections),
        cmocka_unit_test(html_drops_scripts_and_keeps_headings),
        cmocka_unit_test(long_paragraphs_are_cut_at_sentences_and_never_cross_sections),
        cmocka_unit_test(text_must_be_utf8_and_formats_are_guessed),
        cmocka_unit_test(pdf_text_keeps_its_page),
        cmocka_unit_test(personal_data_is_scrubbed),
        cmocka_unit_test(citations_must_be_among_the_passages_given),
        cmocka_unit_test(faq_similarity_is_one_for_the_same_question),
        cmocka_unit_test(the_llm_client_reads_plain_and_chunked_completions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
