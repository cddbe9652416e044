/*
 * bot.h — Majlisbot's server side: the documents it answers from, the in-memory index, the
 * answers with citations, the FAQ, escalation to the secretariat, feedback and analytics
 * (docs/bot.md "Server" has the design, docs/api.md the routes).
 *
 * Owns the bot_* tables (migration 0030). The database is the truth: documents and their
 * passages live there; each app server keeps an in-memory BM25 index (src/text) built at
 * start-up by bot_init() and brought up to date before every question by comparing its
 * generation with the database's (so several servers behind a load balancer agree).
 *
 * Access levels: BOT_PUBLIC (anyone, even signed out), BOT_COUNCIL (council members, the
 * secretariat, admins), BOT_RESTRICTED (the secretariat and admins). Every search, passage,
 * document and FAQ answer is filtered by the caller's level.
 *
 * Approved E-majlis opinions (majlis_published_documents in majlis.h) are ingested at start-up
 * and then at most every few seconds while questions come in; E-majlis may also push a text at
 * once with bot_publish_document().
 */
#ifndef APP_BOT_H
#define APP_BOT_H

#include <stddef.h>
#include <stdint.h>

#include "app/bot/bot_text.h"
#include "db/db.h"
#include "http/http.h"

extern const route_table bot_routes;

enum { BOT_PUBLIC = 0, BOT_COUNCIL = 1, BOT_RESTRICTED = 2 };

/* bot_access_parse: "public" "council" "restricted" → the level, or -1. */
int bot_access_parse(const char *name);
const char *bot_access_name(int level);
/* bot_access_for_role: the highest level a role may read (a ROLE_ bit; 0 = signed out). */
int bot_access_for_role(int role);

/* One document to ingest. `key` identifies it across re-ingestions (NULL: the source link,
 * else the title). lang NULL or "" means detect; type NULL means "other". */
typedef struct bot_doc_in {
    const char *key, *title, *type, *date, *lang, *source, *origin;
    int access;
    bot_format format;
    const char *data;
    size_t len;
    int64_t created_by; /* 0: none */
} bot_doc_in;

#define BOT_DOC_IN_INIT {NULL, NULL, NULL, NULL, NULL, NULL, "import", BOT_PUBLIC, BOT_FMT_UNKNOWN, NULL, 0, 0}

typedef struct bot_ingest_result {
    int64_t id;
    const char *status; /* "created", "replaced" or "unchanged" */
    size_t passages;
    const char *title, *lang;
} bot_ingest_result;

/*
 * bot_ingest: reads, checks and stores one document and its passages in one transaction (the
 * connection must not be in one). A document whose key exists is replaced when its bytes or
 * metadata differ and skipped ("unchanged") otherwise. E_INVALID with *field and *why naming
 * the problem (field may be NULL); nothing is stored then. The local index is updated at once
 * when the server runs (bot_init), other servers catch up through the generation counter.
 */
int bot_ingest(bot_ingest_result *out, const char **field, const char **why, db_conn *c, arena *a,
               const bot_doc_in *doc);

/* bot_publish_document: for E-majlis — ingest one published text (outside a transaction).
 * Returns 0 or the error of bot_ingest. */
int bot_publish_document(db_conn *c, const bot_doc_in *doc);

/* bot_delete_document: removes a document and its passages; E_NOTFOUND if there is none. */
int bot_delete_document(db_conn *c, int64_t id);

/* bot_init: builds the index from the database and ingests newly published E-majlis texts;
 * llm_url (NULL: none) is an OpenAI-compatible endpoint (http://host:port[/prefix]) that then
 * phrases answers. Call once, after migration, before serving. */
int bot_init(db *d, const char *llm_url);
void bot_shutdown(void);

/* bot_demo: the bundled council corpus (content/council, or $MADRASA_CONTENT/council) and its
 * FAQ pairs (idempotent). A missing folder is logged and skipped. */
int bot_demo(db_conn *c);

/* `madrasa import docs PATH… --db URL [--type T] [--lang L] [--access A] [--title T] [--date D]
 * [--source URL]`: metadata from the options, else from a sidecar PATH.meta.json. */
int bot_import_cmd(int argc, char **argv);

#endif
