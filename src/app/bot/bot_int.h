/*
 * bot_int.h — what the files of the bot module share and nobody else sees.
 *
 * bot_index.c owns the process's index state (the BM25 index, the FAQ pairs as term sets, a
 * pool of analyser contexts, the generation it has applied, the LLM endpoint and the rate
 * limiter for signed-out askers); bot_store.c writes documents; bot_llm.c talks to the LLM;
 * bot.c and bot_docs.c are the routes.
 */
#ifndef APP_BOT_INT_H
#define APP_BOT_INT_H

#include "app/bot/bot.h"
#include "app/analyzers.h"
#include "text/analyze.h"
#include "text/bm25.h"

enum { BOT_TOPK = 5, BOT_CITE = 3, BOT_QUESTION_MAX = 1000 };

/* Analyser contexts come from the application's shared pool (app/analyzers.h). */

/* bot_index_ready: bot_init ran (the server); the CLI has no index. */
int bot_index_ready(void);

/* bot_index_sync: applies the changes other servers (or this one) committed since the last
 * sync; ingests newly published E-majlis texts at most every BOT_MAJLIS_POLL seconds. */
int bot_index_sync(db_conn *c);

/* bot_bump_generation: inside the writer's transaction, records a change to document `doc`
 * (0: the FAQ). */
int bot_bump_generation(db_conn *c, int64_t doc);

/* The outcome of one search, with each query term's weight (field weight × idf; a term the
 * index does not know gets the idf of a term seen once, so it counts as missing). */
typedef struct bot_found {
    bm25_hit hits[BOT_TOPK];
    size_t n;
    double *w[BM25_FIELDS];
    double field_weight[BM25_FIELDS];
} bot_found;

/* bot_index_search: the top passages for q visible at max_access (read lock inside). */
int bot_index_search(bot_found *out, arena *a, const bm25_query *q, int max_access);

/* A FAQ pair that matched. */
typedef struct bot_faq_hit {
    int64_t id;
    const char *question, *answer, *lang;
    double similarity;
} bot_faq_hit;

/* bot_faq_match: the FAQ pair closest to the analysed question among those visible at
 * max_access, if its similarity reaches BOT_FAQ_MIN; E_NOTFOUND otherwise. */
int bot_faq_match(bot_faq_hit *out, arena *a, const analyze_result *q, int max_access);

/* bot_faq_similarity: pure — the similarity of two analysed texts given as sorted distinct
 * term sets per stream (mean over streams of |A∩B| / sqrt(|A||B|)). */
double bot_faq_similarity(const uint64_t *const a[ANALYZE_NSTREAMS], const size_t na[ANALYZE_NSTREAMS],
                          const uint64_t *const b[ANALYZE_NSTREAMS], const size_t nb[ANALYZE_NSTREAMS]);
/* bot_term_set: sorted distinct copy of terms (arena). */
uint64_t *bot_term_set(size_t *n, arena *a, const uint64_t *terms, size_t len);

#define BOT_FAQ_MIN 0.6
#define BOT_MIN_COVERAGE 0.3
enum { BOT_MAJLIS_POLL = 5 };

/* bot_llm_url: the configured endpoint or NULL. */
const char *bot_llm_url(void);
/* bot_anon_allowed: takes a token for a signed-out client address; 0 or the seconds to wait. */
int bot_anon_allowed(const char *addr);

/* bot_llm_chat: one chat completion (system + user message) from an OpenAI-compatible
 * endpoint over plain HTTP/1.1; the reply's text in *out (arena). E_FAIL when the endpoint
 * cannot be reached or answers something else than a completion; at most timeout_s seconds. */
int bot_llm_chat(char **out, arena *a, const char *url, const char *system, const char *user, int timeout_s);

/* bot_doc_routes: the document routes (bot_docs.c), appended to bot_routes. */
int bot_doc_list(req *r);
int bot_doc_get(req *r);
int bot_doc_upload(req *r);
int bot_doc_delete(req *r);
int bot_passage_get(req *r);

/* bot_user_access: the caller's access level (signed out: public). */
int bot_user_access(const req *r);

#endif
