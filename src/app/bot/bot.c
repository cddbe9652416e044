/*
 * bot.c — Majlisbot's question routes: ask, feedback, escalation and tickets, FAQ pairs,
 * analytics (docs/api.md, "Majlisbot").
 *
 * An answer, step by step (POST /api/bot/ask): bring the index up to date with the database;
 * detect the question's language; the closest FAQ pair visible to the caller, if it is close
 * enough, is the answer; otherwise the question — with the previous question of the
 * conversation added at half weight when this one is short or leans on a pronoun — is searched,
 * and the best sentence of each top passage is highlighted. When the top passage covers too
 * little of the question the bot abstains and offers to escalate to the secretariat. With an
 * LLM endpoint the answer is phrased from the cited passages only, and kept only when every
 * [n] it cites is one of them (and it cites at least one). Stored questions are scrubbed of
 * personal data (bot_scrub) before they reach the database; the log never sees them.
 *
 * Conversations are random 128-bit ids; one started by a signed-in user stays theirs, one
 * started signed out is reachable by whoever holds its id (the browser that asked).
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/bot/bot_int.h"
#include "base/buf.h"
#include "base/csv.h"
#include "base/err.h"
#include "base/log.h"
#include "text/langdetect.h"
#include "text/snippet.h"

enum { REASON_MAX = 500, CONTACT_MAX = 200, ANSWER_MAX = 8000, SHORT_QUESTION = 3, LLM_TIMEOUT = 30 };

int bot_user_access(const req *r) { return r->user ? bot_access_for_role(r->user->role) : BOT_PUBLIC; }

/* user_id: the caller's id, 0 when signed out (stored as NULL through NULLIF). */
static int64_t user_id(const req *r) { return r->user ? r->user->id : 0; }

/* ---- framing texts, in the language asked ---- */

static const struct {
    const char *lang, *passages, *faq, *llm, *abstain;
} framing[] = {
    {"ar", "هذا ما تقوله وثائق المجلس:", "من الأسئلة الشائعة:", "جواب مستخلص من وثائق المجلس:",
     "لم أجد جواباً عن هذا السؤال في وثائق المجلس. يمكنك إحالة سؤالك إلى الأمانة العامة."},
    {"fr", "Voici ce que disent les documents du Conseil :", "D'après les questions fréquentes :",
     "Réponse rédigée à partir des documents du Conseil :",
     "Je n'ai pas trouvé de réponse dans les documents du Conseil. Vous pouvez transmettre votre question au "
     "secrétariat."},
    {"en", "Here is what the council's documents say:", "From the frequently asked questions:",
     "An answer drawn from the council's documents:",
     "I could not find an answer in the council's documents. You can send your question to the secretariat."},
};

static const char *frame(const char *lang, const char *kind)
{
    size_t i = 0;
    while (i + 1 < sizeof framing / sizeof framing[0] && strcmp(framing[i].lang, lang) != 0) i++;
    if (strcmp(kind, "faq") == 0) return framing[i].faq;
    if (strcmp(kind, "llm") == 0) return framing[i].llm;
    if (strcmp(kind, "abstain") == 0) return framing[i].abstain;
    return framing[i].passages;
}

static const char *const LLM_SYSTEM =
    "You answer questions about the documents of Morocco's education council. Use ONLY the numbered passages "
    "given. After every statement cite the passage it comes from as [n]. Do not cite numbers that are not given. "
    "If the passages do not answer the question, say so briefly. Answer in %s, in at most five sentences.";

static const char *lang_name(const char *code)
{
    return strcmp(code, "ar") == 0 ? "Arabic" : strcmp(code, "en") == 0 ? "English" : "French";
}

/* ---- conversations ---- */

static int hex_id(const char *s)
{
    if (!s || strlen(s) != 32) return 0;
    for (const char *p = s; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'))) return 0;
    return 1;
}

/* conversation_check: the conversation exists and the caller may continue it. */
static int conversation_check(req *r, const char *id)
{
    if (!hex_id(id)) return http_fail(r, E_INVALID, "conversation_id", "conversation_id: 32 lowercase hex digits");
    db_rows *rows;
    int rc = db_query(&rows, req_db(r), r->a, "SELECT user_id FROM bot_conversations WHERE id = $1", "s", id);
    if (rc) return rc;
    int ok = rows->nrows == 1 && (db_isnull(rows, 0, 0) || (r->user && db_int(rows, 0, 0) == r->user->id));
    return ok ? 0 : http_fail(r, E_NOTFOUND, "conversation_id", "no such conversation");
}

static int conversation_new(const char **id, req *r)
{
    unsigned char raw[16];
    char *hex = arena_alloc(r->a, 33);
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(hex, 33, raw, sizeof raw);
    *id = hex;
    int rc = db_exec(req_db(r), "INSERT INTO bot_conversations (id, user_id, created_at) VALUES ($1, NULLIF($2, 0), $3)",
                     "sii", hex, user_id(r), db_now());
    return rc < 0 ? rc : 0;
}

/* ---- query building ---- */

typedef analyzed_terms terms;

static const char *const pronouns[] = {
    "it", "its", "this", "that", "these", "those", "they", "them", "their", "he", "she", "his", "her",
    "il", "elle", "ils", "elles", "ce", "cette", "ces", "cela", "ça", "celui", "celle", "leur", "leurs", "son", "sa",
    "ses", "lui", "هو", "هي", "هم", "هذا", "هذه", "ذلك", "تلك", "هؤلاء", "ذلك", NULL};

/* leans_on_context: a short question, or one with a pronoun, continues the previous one. */
static int leans_on_context(const char *q, const terms *t)
{
    if (t->n[ANALYZE_STEMS] <= SHORT_QUESTION) return 1;
    char word[64];
    for (const char *p = q; *p;) {
        size_t n = 0;
        while (*p && (strchr(" \t\n,;:.?!؟،'’\"()", *p) || (*p == '\xd8' && p[1] == '\x9f'))) p++;
        while (*p && !strchr(" \t\n,;:.?!'’\"()", *p) && !(*p == '\xd8' && (p[1] == '\x9f' || p[1] == '\x8c'))) {
            if (n + 1 < sizeof word) word[n++] = (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p);
            p++;
        }
        word[n] = 0;
        for (int i = 0; n && pronouns[i]; i++)
            if (strcmp(word, pronouns[i]) == 0) return 1;
    }
    return 0;
}

/* combine: the question's terms twice, the context's once (half the weight). */
static void combine(bm25_query *q, arena *a, const terms *cur, const terms *ctx)
{
    for (int s = 0; s < ANALYZE_NSTREAMS; s++) {
        size_t n = 2 * cur->n[s] + (ctx ? ctx->n[s] : 0);
        uint64_t *t = arena_alloc_array(a, n + 1, sizeof *t);
        memcpy(t, cur->t[s], cur->n[s] * sizeof *t);
        memcpy(t + cur->n[s], cur->t[s], cur->n[s] * sizeof *t);
        if (ctx) memcpy(t + 2 * cur->n[s], ctx->t[s], ctx->n[s] * sizeof *t);
        q->terms[s] = t, q->nterms[s] = n;
    }
}

/* coverage: the share of the query's weight (distinct terms) that a passage contains. */
static double coverage(const bm25_query *q, const bot_found *f, const analyze_result *pa, arena *a)
{
    double sum = 0, wsum = 0;
    for (int s = 0; s < BM25_FIELDS; s++) {
        size_t np, nq;
        uint64_t *ps = bot_term_set(&np, a, pa->s[s].term, pa->s[s].n);
        uint64_t *qs = bot_term_set(&nq, a, q->terms[s], q->nterms[s]);
        double total = 0, got = 0;
        for (size_t i = 0; i < nq; i++) {
            double w = 0;
            for (size_t k = 0; k < q->nterms[s]; k++)
                if (q->terms[s][k] == qs[i]) w += f->w[s][k];
            total += w;
            size_t lo = 0, hi = np;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (ps[mid] < qs[i]) lo = mid + 1;
                else hi = mid;
            }
            if (lo < np && ps[lo] == qs[i]) got += w;
        }
        if (total > 0) sum += f->field_weight[s] * got / total, wsum += f->field_weight[s];
    }
    return wsum > 0 ? sum / wsum : 0;
}

/* ---- citations ---- */

typedef struct cite {
    int64_t passage_id, doc_id;
    int page, access;
    const char *section, *text, *title, *type, *date, *source, *lang;
    snippet_span hl;
    double score;
} cite;

/* load_cite: a hit's passage and document, its best sentence for query q (weights f), and, when
 * cov is given, its coverage of query cq (weights cf: the question's own terms). */
static int load_cite(cite *c, req *r, analyze_ctx *cx, const bm25_hit *h, const bm25_query *q, const bot_found *f,
                     double *cov, const bm25_query *cq, const bot_found *cf)
{
    db_rows *rows;
    int rc = db_query(&rows, req_db(r), r->a,
                      "SELECT p.id, p.page, p.section, p.text, d.id, d.title, d.type, d.date, d.source, d.lang, "
                      "d.access FROM bot_passages p JOIN bot_documents d ON d.id = p.document_id "
                      "WHERE p.document_id = $1 AND p.ordinal = $2",
                      "ii", h->doc, (int64_t)h->passage);
    if (rc) return rc;
    if (rows->nrows != 1) return E_NOTFOUND; /* changed under us: the next sync catches up */
    *c = (cite){db_int(rows, 0, 0), db_int(rows, 0, 4), (int)db_int(rows, 0, 1), (int)db_int(rows, 0, 10),
                db_text(rows, 0, 2), db_text(rows, 0, 3), db_text(rows, 0, 5), db_text(rows, 0, 6),
                db_text(rows, 0, 7), db_text(rows, 0, 8), db_text(rows, 0, 9), {0, 0}, h->score};
    analyze_result pa;
    if ((rc = analyze_text(&pa, cx, c->text, strlen(c->text), langdetect_parse(c->lang), 0))) return rc;
    snippet_query sq;
    for (int s = 0; s < ANALYZE_NSTREAMS; s++) sq.terms[s] = q->terms[s], sq.weight[s] = f->w[s], sq.n[s] = q->nterms[s];
    double best;
    if (snippet_best(&c->hl, &best, r->a, c->text, strlen(c->text), &pa, &sq) != 0) c->hl = (snippet_span){0, 0};
    if (cov) *cov = coverage(cq, cf, &pa, r->a);
    return 0;
}

/* top_coverage: how well the first passage of f covers the question's own terms. */
static int top_coverage(double *cov, req *r, analyze_ctx *cx, const bot_found *f, const bm25_query *cq,
                        const bot_found *cf)
{
    *cov = 0;
    if (!f->n) return 0;
    cite c;
    int rc = load_cite(&c, r, cx, &f->hits[0], cq, cf, cov, cq, cf);
    return rc == E_NOTFOUND ? 0 : rc;
}

/*
 * search: the question alone and, when it leans on the previous one, with that question at half
 * weight. The context is kept only when the passage it puts first covers the new question's own
 * terms at least as well as the passage the question alone puts first, so an unrelated
 * previous question cannot pull the answer away (docs/bot.md measures both cases).
 */
static int search(bm25_query *bq, bot_found *found, bm25_query *q0, bot_found *f0, int *use_ctx, req *r,
                  analyze_ctx *cx, const terms *cur, const terms *ctx, int max)
{
    combine(q0, r->a, cur, NULL);
    int rc = bot_index_search(f0, r->a, q0, max);
    *bq = *q0, *found = *f0;
    if (rc || !*use_ctx) return rc;
    bm25_query q1;
    bot_found f1;
    combine(&q1, r->a, cur, ctx);
    double c0, c1;
    if ((rc = bot_index_search(&f1, r->a, &q1, max)) || (rc = top_coverage(&c0, r, cx, f0, q0, f0)) ||
        (rc = top_coverage(&c1, r, cx, &f1, q0, f0)))
        return rc;
    if (f1.n && c1 >= c0) *bq = q1, *found = f1;
    else *use_ctx = 0;
    return 0;
}

static json_t *cite_json(const cite *c, int n)
{
    return json_pack("{s:i, s:I, s:I, s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:{s:i, s:i}, s:f}", "n", n, "passage_id",
                     (json_int_t)c->passage_id, "document_id", (json_int_t)c->doc_id, "title", c->title, "type",
                     c->type, "date", c->date, "page", c->page, "section", c->section, "source", c->source, "access",
                     bot_access_name(c->access), "text", c->text, "highlight", "start", (int)c->hl.start, "end",
                     (int)c->hl.end, "score", c->score);
}

/* llm_answer: the LLM's phrasing, or NULL when it is absent, fails or cites wrongly. */
static const char *llm_answer(req *r, const char *question, const char *lang, const cite *cs, size_t n)
{
    const char *url = bot_llm_url();
    if (!url || n == 0) return NULL;
    buf u = BUF_INIT(1 << 18);
    buf_puts(&u, "Passages:\n");
    for (size_t i = 0; i < n; i++) {
        buf_printf(&u, "[%zu] %s", i + 1, cs[i].title);
        if (cs[i].page) buf_printf(&u, ", page %d", cs[i].page);
        if (*cs[i].section) buf_printf(&u, ", %s", cs[i].section);
        buf_printf(&u, "\n%s\n\n", cs[i].text);
    }
    buf_printf(&u, "Question: %s\n", question);
    char *out = NULL;
    uint64_t cited;
    int rc = u.err ? E_LIMIT : bot_llm_chat(&out, r->a, url, arena_printf(r->a, LLM_SYSTEM, lang_name(lang)), u.data,
                                            LLM_TIMEOUT);
    buf_free(&u);
    if (rc) return NULL;
    if (bot_citations_check(&cited, out, n) != 0 || strlen(out) > ANSWER_MAX) {
        log_info("bot: the LLM's answer was rejected (citations outside the %zu passages given, or none)", n);
        return NULL;
    }
    return out;
}

/* ---- POST /api/bot/ask ---- */

typedef struct asked {
    const char *question, *conv, *lang;
    langdetect_lang qlang;
} asked;

static int ask_parse(asked *q, req *r)
{
    json_t *body;
    int rc = req_json(&body, r);
    if (rc == 0) rc = req_fields(r, body, "{s:s, s?s, s?s}", "question", &q->question, "conversation_id", &q->conv,
                                 "lang", &q->lang);
    if (rc) return rc;
    size_t len = strlen(q->question);
    while (len && strchr(" \t\r\n", q->question[len - 1])) len--;
    if (len == 0) return http_fail(r, E_INVALID, "question", "question: required");
    if (strlen(q->question) > BOT_QUESTION_MAX)
        return http_fail(r, E_INVALID, "question", "question: at most %d bytes", BOT_QUESTION_MAX);
    if (q->lang && strcmp(q->lang, "ar") && strcmp(q->lang, "fr") && strcmp(q->lang, "en"))
        return http_fail(r, E_INVALID, "lang", "lang: ar, fr or en");
    langdetect_lang hint = q->lang ? langdetect_parse(q->lang) : r->user ? langdetect_parse(r->user->lang) : LANGDETECT_FR;
    q->qlang = langdetect_detect(q->question, strlen(q->question), hint ? hint : LANGDETECT_FR);
    if (!q->lang) {
        const char *d = langdetect_code(q->qlang);
        q->lang = strcmp(d, "ar") == 0 || strcmp(d, "en") == 0 || strcmp(d, "fr") == 0 ? d : "fr";
    }
    return 0;
}

static int rate_check(req *r)
{
    if (r->user) return 0;
    int wait = bot_anon_allowed(r->client_ip);
    if (!wait) return 0;
    http_header(r, "Retry-After", arena_printf(r->a, "%d", wait));
    return http_fail(r, E_RATE, NULL, "too many questions from this address; try again in %d seconds", wait);
}

static int store_question(int64_t *id, req *r, const asked *q, const char *kind, double score, double cov,
                          int64_t faq, const char *cited)
{
    db_rows *rows;
    const char *clean = bot_scrub(r->a, q->question, strlen(q->question), NULL);
    int rc = db_query(&rows, req_db(r), r->a,
                      "INSERT INTO bot_questions (conversation_id, user_id, lang, question, kind, score, coverage, faq_id, "
                      "cited, created_at) VALUES ($1, NULLIF($2, 0), $3, $4, $5, $6, $7, NULLIF($8, 0), $9, $10) RETURNING id",
                      "sisssddisi", q->conv, user_id(r), q->lang, clean, kind, score, cov, faq, cited, db_now());
    if (rc == 0) *id = db_int(rows, 0, 0);
    return rc;
}

/* search_text: the question with personal data taken out (not even a tag left): e-mail
 * addresses and ID numbers are noise to the search and must not reach an LLM either. */
static const char *search_text(arena *a, const char *question)
{
    char *s = bot_scrub(a, question, strlen(question), NULL);
    static const char *const tags[] = {"[email]", "[phone]", "[massar]", "[cin]"};
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
        for (char *p = strstr(s, tags[i]); p; p = strstr(p, tags[i])) memset(p, ' ', strlen(tags[i]));
    return s;
}

static int ask_answer(req *r, asked *q, analyze_ctx *cx)
{
    int max = bot_user_access(r);
    int rc;
    const char *prev = NULL;
    if (q->conv) {
        if ((rc = conversation_check(r, q->conv))) return rc;
        db_rows *p;
        if ((rc = db_query(&p, req_db(r), r->a,
                           "SELECT question FROM bot_questions WHERE conversation_id = $1 ORDER BY id DESC LIMIT 1", "s",
                           q->conv)))
            return rc;
        if (p->nrows) prev = db_text(p, 0, 0);
    } else if ((rc = conversation_new(&q->conv, r))) {
        return rc;
    }
    const char *text = search_text(r->a, q->question);
    terms cur, ctx;
    if ((rc = analyzers_terms(&cur, cx, r->a, text, q->qlang))) return rc;
    json_t *cites = json_array();
    int64_t id;
    analyze_result far;
    bot_faq_hit fh;
    if (analyze_text(&far, cx, text, strlen(text), q->qlang, 0) == 0 &&
        bot_faq_match(&fh, r->a, &far, max) == 0) {
        if ((rc = store_question(&id, r, q, "faq", fh.similarity, 1.0, fh.id, ""))) return rc;
        return http_json(r, 200,
                         json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:o, s:{s:I, s:s, s:f}}", "answer_id",
                                   (json_int_t)id, "conversation_id", q->conv, "lang", q->lang, "kind", "faq", "framing",
                                   frame(q->lang, "faq"), "answer", fh.answer, "escalate", 0, "context_used", 0,
                                   "citations", cites, "faq", "id", (json_int_t)fh.id, "question", fh.question,
                                   "similarity", fh.similarity));
    }
    int use_ctx = prev && leans_on_context(text, &cur);
    if (use_ctx && analyzers_terms(&ctx, cx, r->a, prev, langdetect_detect(prev, strlen(prev), q->qlang))) use_ctx = 0;
    bm25_query bq, q0;
    bot_found found, f0;
    if ((rc = search(&bq, &found, &q0, &f0, &use_ctx, r, cx, &cur, &ctx, max))) {
        json_decref(cites);
        return rc;
    }
    cite cs[BOT_CITE];
    size_t nc = 0;
    double cov = 0, top = found.n ? found.hits[0].score : 0;
    for (size_t i = 0; i < found.n && nc < BOT_CITE; i++) {
        rc = load_cite(&cs[nc], r, cx, &found.hits[i], &bq, &found, nc == 0 ? &cov : NULL, &q0, &f0);
        if (rc == E_NOTFOUND) continue;
        if (rc) {
            json_decref(cites);
            return rc;
        }
        nc++;
    }
    int abstain = nc == 0 || cov < BOT_MIN_COVERAGE;
    const char *kind = abstain ? "abstain" : "passages", *answer = NULL;
    if (!abstain) {
        const char *llm = llm_answer(r, bot_scrub(r->a, q->question, strlen(q->question), NULL), q->lang, cs, nc);
        if (llm) kind = "llm", answer = llm;
        else answer = arena_printf(r->a, "%.*s [1]", (int)(cs[0].hl.end - cs[0].hl.start), cs[0].text + cs[0].hl.start);
        for (size_t i = 0; i < nc; i++) json_array_append_new(cites, cite_json(&cs[i], (int)i + 1));
    }
    buf cited = BUF_INIT(1024);
    for (size_t i = 0; !abstain && i < nc; i++) buf_printf(&cited, "%s%lld", i ? "," : "", (long long)cs[i].passage_id);
    rc = store_question(&id, r, q, kind, top, cov, 0, cited.data ? cited.data : "");
    buf_free(&cited);
    if (rc) {
        json_decref(cites);
        return rc;
    }
    return http_json(r, 200,
                     json_pack("{s:I, s:s, s:s, s:s, s:s, s:s?, s:b, s:b, s:o, s:f}", "answer_id", (json_int_t)id,
                               "conversation_id", q->conv, "lang", q->lang, "kind", kind, "framing", frame(q->lang, kind),
                               "answer", answer, "escalate", abstain, "context_used", use_ctx, "citations", cites,
                               "coverage", cov));
}

static int ask(req *r)
{
    asked q = {0};
    int rc = ask_parse(&q, r);
    if (rc == 0) rc = rate_check(r);
    if (rc) return rc;
    bot_index_sync(req_db(r));
    analyze_ctx *cx = analyzers_get();
    if (!cx) return E_FAIL;
    rc = ask_answer(r, &q, cx);
    analyzers_put(cx);
    return rc;
}

/* ---- feedback and escalation ---- */

/* own_answer: the answer exists in a conversation the caller may continue. */
static int own_answer(db_rows **row, req *r, int64_t answer_id, const char *conv)
{
    int rc = conversation_check(r, conv);
    if (rc) return rc;
    rc = db_query(row, req_db(r), r->a,
                  "SELECT id, lang, question, kind FROM bot_questions WHERE id = $1 AND conversation_id = $2", "is",
                  answer_id, conv);
    if (rc) return rc;
    return (*row)->nrows ? 0 : http_fail(r, E_NOTFOUND, "answer_id", "no such answer in this conversation");
}

static int feedback(req *r)
{
    json_t *body;
    json_int_t aid;
    const char *conv, *vote, *reason = "";
    int rc = req_json(&body, r);
    if (rc == 0) rc = req_fields(r, body, "{s:I, s:s, s:s, s?s}", "answer_id", &aid, "conversation_id", &conv, "vote",
                                 &vote, "reason", &reason);
    if (rc == 0) rc = rate_check(r);
    if (rc) return rc;
    int v = strcmp(vote, "up") == 0 ? 1 : strcmp(vote, "down") == 0 ? -1 : 0;
    if (!v) return http_fail(r, E_INVALID, "vote", "vote: up or down");
    if (strlen(reason) > REASON_MAX) return http_fail(r, E_INVALID, "reason", "reason: at most %d bytes", REASON_MAX);
    db_rows *row;
    if ((rc = own_answer(&row, r, aid, conv))) return rc;
    rc = db_exec(req_db(r),
                 "INSERT INTO bot_feedback (question_id, vote, reason, created_at) VALUES ($1, $2, $3, $4) "
                 "ON CONFLICT (question_id) DO UPDATE SET vote = excluded.vote, reason = excluded.reason, "
                 "created_at = excluded.created_at",
                 "iisi", (int64_t)aid, (int64_t)v, bot_scrub(r->a, reason, strlen(reason), NULL), db_now());
    return rc < 0 ? rc : http_status(r, 204);
}

static json_t *ticket_json(const db_rows *t, int i, int staff)
{
    json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:I}", "id", (json_int_t)db_int(t, i, 0), "lang", db_text(t, i, 1),
                          "question", db_text(t, i, 2), "status", db_text(t, i, 3), "answer", db_text(t, i, 4),
                          "created_at", (json_int_t)db_int(t, i, 5));
    if (staff) {
        json_object_set_new(j, "contact", json_string(db_text(t, i, 6)));
        json_object_set_new(j, "answer_id", db_isnull(t, i, 7) ? json_null() : json_integer(db_int(t, i, 7)));
    }
    return j;
}

static const char *const TICKET_COLS = "SELECT id, lang, question, status, answer, created_at, contact, question_id "
                                       "FROM bot_tickets ";

static int escalate(req *r)
{
    json_t *body;
    json_int_t aid;
    const char *conv, *contact = "";
    int rc = req_json(&body, r);
    if (rc == 0) rc = req_fields(r, body, "{s:I, s:s, s?s}", "answer_id", &aid, "conversation_id", &conv, "contact",
                                 &contact);
    if (rc == 0) rc = rate_check(r);
    if (rc) return rc;
    if (strlen(contact) > CONTACT_MAX) return http_fail(r, E_INVALID, "contact", "contact: at most %d bytes", CONTACT_MAX);
    db_rows *row, *t;
    if ((rc = own_answer(&row, r, aid, conv))) return rc;
    if ((rc = db_query(&t, req_db(r), r->a, arena_printf(r->a, "%sWHERE question_id = $1", TICKET_COLS), "i",
                       (int64_t)aid)))
        return rc;
    if (t->nrows) return http_json(r, 200, json_pack("{s:o}", "ticket", ticket_json(t, 0, 0)));
    rc = db_query(&t, req_db(r), r->a,
                  "INSERT INTO bot_tickets (question_id, conversation_id, user_id, lang, question, contact, status, "
                  "created_at) VALUES ($1, $2, NULLIF($3, 0), $4, $5, $6, 'open', $7) "
                  "RETURNING id, lang, question, status, answer, created_at, contact, question_id",
                  "isisssi", (int64_t)aid, conv, user_id(r), db_text(row, 0, 1), db_text(row, 0, 2), contact, db_now());
    if (rc) return rc;
    return http_json(r, 201, json_pack("{s:o}", "ticket", ticket_json(t, 0, 0)));
}

static int escalations(req *r)
{
    const char *conv = req_query(r, "conversation_id");
    int rc = conversation_check(r, conv);
    db_rows *t;
    if (rc == 0)
        rc = db_query(&t, req_db(r), r->a, arena_printf(r->a, "%sWHERE conversation_id = $1 ORDER BY id", TICKET_COLS),
                      "s", conv);
    if (rc) return rc;
    json_t *arr = json_array();
    for (int i = 0; i < t->nrows; i++) json_array_append_new(arr, ticket_json(t, i, 0));
    return http_json(r, 200, json_pack("{s:o}", "tickets", arr));
}

static int tickets_list(req *r)
{
    const char *status = req_query(r, "status");
    if (status && strcmp(status, "open") && strcmp(status, "answered") && strcmp(status, "all"))
        return http_fail(r, E_INVALID, "status", "status: open, answered or all");
    if (!status) status = "open";
    db_rows *t;
    int rc = db_query(&t, req_db(r), r->a,
                      arena_printf(r->a, "%sWHERE $1 = 'all' OR status = $1 ORDER BY id DESC LIMIT 500", TICKET_COLS),
                      "s", status);
    if (rc) return rc;
    json_t *arr = json_array();
    for (int i = 0; i < t->nrows; i++) json_array_append_new(arr, ticket_json(t, i, 1));
    return http_json(r, 200, json_pack("{s:o}", "tickets", arr));
}

static int faq_insert(int64_t *id, req *r, const char *lang, const char *question, const char *answer, int access)
{
    db_rows *row;
    int rc = db_query(&row, req_db(r), r->a,
                      "INSERT INTO bot_faq (lang, question, answer, access, created_at) VALUES ($1, $2, $3, $4, $5) "
                      "ON CONFLICT (lang, question) DO UPDATE SET answer = excluded.answer, access = excluded.access "
                      "RETURNING id",
                      "sssii", lang, question, answer, (int64_t)access, db_now());
    if (rc == 0) *id = db_int(row, 0, 0);
    if (rc == 0) rc = bot_bump_generation(req_db(r), 0);
    return rc;
}

static int ticket_answer(req *r)
{
    int64_t id, faq_id = 0;
    json_t *body;
    const char *answer;
    int as_faq = 0;
    int rc = req_param_id(&id, r, 0);
    if (rc == 0) rc = req_json(&body, r);
    if (rc == 0) rc = req_fields(r, body, "{s:s, s?b}", "answer", &answer, "faq", &as_faq);
    if (rc) return rc;
    if (!*answer || strlen(answer) > ANSWER_MAX)
        return http_fail(r, E_INVALID, "answer", "answer: 1 to %d bytes", ANSWER_MAX);
    db_rows *t;
    if ((rc = db_query(&t, req_db(r), r->a, arena_printf(r->a, "%sWHERE id = $1", TICKET_COLS), "i", id))) return rc;
    if (!t->nrows) return http_fail(r, E_NOTFOUND, NULL, "no such ticket");
    if ((rc = db_begin(req_db(r)))) return rc;
    rc = db_exec(req_db(r),
                 "UPDATE bot_tickets SET status = 'answered', answer = $1, answered_by = $2, answered_at = $3 WHERE id = $4",
                 "siii", answer, r->user->id, db_now(), id);
    if (rc >= 0 && as_faq) {
        const char *lang = db_text(t, 0, 1);
        rc = faq_insert(&faq_id, r, strcmp(lang, "zgh") == 0 ? "fr" : lang, db_text(t, 0, 2), answer, BOT_PUBLIC);
    }
    if (rc >= 0) rc = db_commit(req_db(r));
    else db_rollback(req_db(r));
    if (rc) return rc;
    if (as_faq) bot_index_sync(req_db(r));
    if ((rc = db_query(&t, req_db(r), r->a, arena_printf(r->a, "%sWHERE id = $1", TICKET_COLS), "i", id))) return rc;
    json_t *j = json_pack("{s:o}", "ticket", ticket_json(t, 0, 1));
    if (faq_id) json_object_set_new(j, "faq_id", json_integer(faq_id));
    return http_json(r, 200, j);
}

/* ---- FAQ pairs ---- */

static int faq_list(req *r)
{
    db_rows *t;
    int rc = db_query(&t, req_db(r), r->a,
                      "SELECT id, lang, question, answer, access FROM bot_faq WHERE access <= $1 ORDER BY lang, id", "i",
                      (int64_t)bot_user_access(r));
    if (rc) return rc;
    json_t *arr = json_array();
    for (int i = 0; i < t->nrows; i++)
        json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)db_int(t, i, 0), "lang",
                                             db_text(t, i, 1), "question", db_text(t, i, 2), "answer",
                                             db_text(t, i, 3), "access", bot_access_name((int)db_int(t, i, 4))));
    return http_json(r, 200, json_pack("{s:o}", "faq", arr));
}

static int faq_add(req *r)
{
    json_t *body;
    const char *lang, *question, *answer, *access = "public";
    int rc = req_json(&body, r);
    if (rc == 0) rc = req_fields(r, body, "{s:s, s:s, s:s, s?s}", "lang", &lang, "question", &question, "answer",
                                 &answer, "access", &access);
    if (rc) return rc;
    if (strcmp(lang, "ar") && strcmp(lang, "fr") && strcmp(lang, "en") && strcmp(lang, "zgh"))
        return http_fail(r, E_INVALID, "lang", "lang: ar, fr, en or zgh");
    if (!*question || strlen(question) > BOT_QUESTION_MAX)
        return http_fail(r, E_INVALID, "question", "question: 1 to %d bytes", BOT_QUESTION_MAX);
    if (!*answer || strlen(answer) > ANSWER_MAX)
        return http_fail(r, E_INVALID, "answer", "answer: 1 to %d bytes", ANSWER_MAX);
    int level = bot_access_parse(access);
    if (level < 0) return http_fail(r, E_INVALID, "access", "access: public, council or restricted");
    int64_t id;
    if ((rc = db_begin(req_db(r)))) return rc;
    rc = faq_insert(&id, r, lang, question, answer, level);
    if (rc == 0) rc = db_commit(req_db(r));
    else db_rollback(req_db(r));
    if (rc) return rc;
    bot_index_sync(req_db(r));
    return http_json(r, 201, json_pack("{s:{s:I}}", "faq", "id", (json_int_t)id));
}

static int faq_delete(req *r)
{
    int64_t id;
    int rc = req_param_id(&id, r, 0);
    if (rc) return rc;
    if ((rc = db_begin(req_db(r)))) return rc;
    rc = db_exec(req_db(r), "DELETE FROM bot_faq WHERE id = $1", "i", id);
    if (rc == 0) rc = http_fail(r, E_NOTFOUND, NULL, "no such FAQ pair");
    else if (rc > 0) rc = bot_bump_generation(req_db(r), 0);
    if (rc == 0) rc = db_commit(req_db(r));
    else db_rollback(req_db(r));
    if (rc) return rc;
    bot_index_sync(req_db(r));
    return http_status(r, 204);
}

/* ---- analytics ---- */

static int since_param(int64_t *since, req *r)
{
    const char *d = req_query(r, "days");
    long days = 30;
    if (d) {
        char *end;
        days = strtol(d, &end, 10);
        if (*end || days < 1 || days > 3660) return http_fail(r, E_INVALID, "days", "days: 1 to 3660");
    }
    *since = db_now() - (int64_t)days * 86400;
    return 0;
}

static json_t *question_rows(req *r, const char *where, int64_t since)
{
    db_rows *t;
    json_t *arr = json_array();
    if (db_query(&t, req_db(r), r->a,
                 arena_printf(r->a,
                              "SELECT q.id, q.created_at, q.lang, q.question, q.kind, q.coverage, f.reason "
                              "FROM bot_questions q LEFT JOIN bot_feedback f ON f.question_id = q.id "
                              "WHERE q.created_at >= $1 AND %s ORDER BY q.id DESC LIMIT 100",
                              where),
                 "i", since) != 0)
        return arr;
    for (int i = 0; i < t->nrows; i++)
        json_array_append_new(arr, json_pack("{s:I, s:I, s:s, s:s, s:s, s:f, s:s?}", "id", (json_int_t)db_int(t, i, 0),
                                             "at", (json_int_t)db_int(t, i, 1), "lang", db_text(t, i, 2), "question",
                                             db_text(t, i, 3), "kind", db_text(t, i, 4), "coverage",
                                             db_double(t, i, 5), "reason", db_text(t, i, 6)));
    return arr;
}

static int analytics(req *r)
{
    int64_t since;
    int rc = since_param(&since, r);
    db_rows *k, *l, *f, *t;
    if (rc == 0)
        rc = db_query(&k, req_db(r), r->a,
                      "SELECT kind, count(*) FROM bot_questions WHERE created_at >= $1 GROUP BY kind ORDER BY kind", "i",
                      since);
    if (rc == 0)
        rc = db_query(&l, req_db(r), r->a,
                      "SELECT lang, count(*) FROM bot_questions WHERE created_at >= $1 GROUP BY lang ORDER BY lang", "i",
                      since);
    if (rc == 0)
        rc = db_query(&f, req_db(r), r->a,
                      "SELECT sum(CASE WHEN f.vote > 0 THEN 1 ELSE 0 END), sum(CASE WHEN f.vote < 0 THEN 1 ELSE 0 END) "
                      "FROM bot_feedback f JOIN bot_questions q ON q.id = f.question_id WHERE q.created_at >= $1",
                      "i", since);
    if (rc == 0) rc = db_query(&t, req_db(r), r->a, "SELECT count(*) FROM bot_tickets WHERE status = 'open'", "");
    if (rc) return rc;
    json_t *kinds = json_object(), *langs = json_array();
    int64_t total = 0;
    for (int i = 0; i < k->nrows; i++) {
        json_object_set_new(kinds, db_text(k, i, 0), json_integer(db_int(k, i, 1)));
        total += db_int(k, i, 1);
    }
    for (int i = 0; i < l->nrows; i++)
        json_array_append_new(langs, json_pack("{s:s, s:I}", "lang", db_text(l, i, 0), "n", (json_int_t)db_int(l, i, 1)));
    return http_json(
        r, 200,
        json_pack("{s:I, s:o, s:o, s:I, s:I, s:I, s:o, s:o, s:o}", "questions", (json_int_t)total, "by_kind", kinds,
                  "by_lang", langs, "thumbs_up", (json_int_t)(db_isnull(f, 0, 0) ? 0 : db_int(f, 0, 0)), "thumbs_down",
                  (json_int_t)(db_isnull(f, 0, 1) ? 0 : db_int(f, 0, 1)), "open_tickets", (json_int_t)db_int(t, 0, 0),
                  "unanswered", question_rows(r, "q.kind = 'abstain'", since), "low_score",
                  question_rows(r, arena_printf(r->a, "q.kind <> 'abstain' AND q.kind <> 'faq' AND q.coverage < %g",
                                                BOT_MIN_COVERAGE + 0.2),
                                since),
                  "thumbs_down_list", question_rows(r, "f.vote < 0", since)));
}

static int analytics_csv(req *r)
{
    int64_t since;
    int rc = since_param(&since, r);
    db_rows *t;
    if (rc == 0)
        rc = db_query(&t, req_db(r), r->a,
                      "SELECT q.id, q.created_at, q.lang, q.kind, q.score, q.coverage, f.vote, f.reason, q.question "
                      "FROM bot_questions q LEFT JOIN bot_feedback f ON f.question_id = q.id "
                      "WHERE q.created_at >= $1 ORDER BY q.id LIMIT 100000",
                      "i", since);
    if (rc) return rc;
    buf b = BUF_INIT((size_t)64 << 20);
    buf_puts(&b, "\xEF\xBB\xBF"); /* BOM: spreadsheet apps then read Arabic questions as UTF-8 */
    buf_puts(&b, "id,created_at,lang,kind,score,coverage,vote,reason,question\r\n");
    for (int i = 0; i < t->nrows; i++) {
        for (int c = 0; c < 9; c++) {
            const char *v = db_text(t, i, c);
            if (c == 4 || c == 5) v = arena_printf(r->a, "%.3f", db_double(t, i, c));
            if (c == 6) v = db_isnull(t, i, 6) ? "" : db_int(t, i, 6) > 0 ? "up" : "down";
            csv_put(&b, v, c == 8);
        }
    }
    if (b.err) {
        buf_free(&b);
        return http_fail(r, E_LIMIT, "days", "too many rows: ask for fewer days");
    }
    http_header(r, "Content-Disposition", "attachment; filename=\"majlisbot-questions.csv\"");
    rc = http_text(r, 200, "text/csv; charset=utf-8", b.data, b.len);
    buf_free(&b);
    return rc;
}

#define STAFF (ROLE_COUNCIL_SECRETARIAT | ROLE_ADMIN)

static const route routes[] = {
    {"POST", "/api/bot/ask", ask, ALLOW_PUBLIC, 0},
    {"POST", "/api/bot/feedback", feedback, ALLOW_PUBLIC, 0},
    {"POST", "/api/bot/escalate", escalate, ALLOW_PUBLIC, 0},
    {"GET", "/api/bot/escalations", escalations, ALLOW_PUBLIC, 0},
    {"GET", "/api/bot/tickets", tickets_list, STAFF, 0},
    {"POST", "/api/bot/tickets/{id}", ticket_answer, STAFF, 0},
    {"GET", "/api/bot/faq", faq_list, ALLOW_PUBLIC, 0},
    {"POST", "/api/bot/faq", faq_add, STAFF, 0},
    {"DELETE", "/api/bot/faq/{id}", faq_delete, STAFF, 0},
    {"GET", "/api/bot/analytics", analytics, STAFF, 0},
    {"GET", "/api/bot/analytics.csv", analytics_csv, STAFF, 0},
    {"GET", "/api/bot/documents", bot_doc_list, ALLOW_PUBLIC, 0},
    {"POST", "/api/bot/documents", bot_doc_upload, STAFF, ROUTE_IMPORT},
    {"GET", "/api/bot/documents/{id}", bot_doc_get, ALLOW_PUBLIC, 0},
    {"DELETE", "/api/bot/documents/{id}", bot_doc_delete, STAFF, 0},
    {"GET", "/api/bot/passages/{id}", bot_passage_get, ALLOW_PUBLIC, 0},
};

const route_table bot_routes = ROUTE_TABLE(routes);
