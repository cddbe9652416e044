/*
 * bot_store.c — documents into the database: check the metadata, extract the passages, and
 * write the document, its passages and a generation bump in one transaction (see bot.h).
 *
 * Identity: a document's key is what the caller says, else its source link, else its title;
 * ingesting the same key again replaces the passages when the bytes (SHA-256) or the metadata
 * changed and does nothing otherwise.
 */
#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/bot/bot_int.h"
#include "base/err.h"
#include "text/langdetect.h"

static const char *const access_names[] = {"public", "council", "restricted"};
static const char *const types[] = {"report", "opinion", "law", "decision", "faq", "other", NULL};

enum { TITLE_MAX = 300, SOURCE_MAX = 2000, DETECT_BYTES = 8192 };

int bot_access_parse(const char *name)
{
    for (int i = 0; name && i < 3; i++)
        if (strcmp(name, access_names[i]) == 0) return i;
    return -1;
}

const char *bot_access_name(int level) { return level >= 0 && level < 3 ? access_names[level] : "restricted"; }

int bot_access_for_role(int role)
{
    if (role & (ROLE_COUNCIL_SECRETARIAT | ROLE_ADMIN)) return BOT_RESTRICTED;
    if (role & ROLE_COUNCIL_MEMBER) return BOT_COUNCIL;
    return BOT_PUBLIC;
}

/* date: "", YYYY, YYYY-MM or YYYY-MM-DD */
static int date_ok(const char *d)
{
    size_t n = strlen(d);
    if (n == 0) return 1;
    if (n != 4 && n != 7 && n != 10) return 0;
    for (size_t i = 0; i < n; i++)
        if ((i == 4 || i == 7) ? d[i] != '-' : !isdigit((unsigned char)d[i])) return 0;
    return 1;
}

static int type_ok(const char *t)
{
    for (int i = 0; types[i]; i++)
        if (strcmp(t, types[i]) == 0) return 1;
    return 0;
}

static int bad(const char **field, const char **why, const char *f, const char *w)
{
    *field = f, *why = w;
    return E_INVALID;
}

/* detect: the language of the first passages' text. */
static const char *detect(const bot_extract *x)
{
    char sample[DETECT_BYTES];
    size_t n = 0;
    for (size_t i = 0; i < x->n && n + 2 < sizeof sample; i++) {
        size_t l = strlen(x->chunks[i].text);
        if (l > sizeof sample - n - 2) l = sizeof sample - n - 2;
        /* do not cut a UTF-8 character */
        while (l && ((unsigned char)x->chunks[i].text[l] & 0xC0) == 0x80) l--;
        memcpy(sample + n, x->chunks[i].text, l);
        n += l;
        sample[n++] = ' ';
    }
    langdetect_lang l = langdetect_detect(sample, n, LANGDETECT_FR);
    return langdetect_code(l);
}

static int validate(const bot_doc_in *d, const char **field, const char **why)
{
    if (d->type && !type_ok(d->type)) return bad(field, why, "type", "one of report, opinion, law, decision, faq, other");
    if (d->date && !date_ok(d->date)) return bad(field, why, "date", "YYYY, YYYY-MM or YYYY-MM-DD");
    if (d->lang && *d->lang && langdetect_parse(d->lang) == LANGDETECT_UNKNOWN)
        return bad(field, why, "lang", "one of ar, fr, en, zgh");
    if (d->access < 0 || d->access > 2) return bad(field, why, "access", "public, council or restricted");
    if (d->source && strlen(d->source) > SOURCE_MAX) return bad(field, why, "source", "too long");
    if (d->title && strlen(d->title) > TITLE_MAX) return bad(field, why, "title", "at most 300 bytes");
    if (!d->format) return bad(field, why, "format", "pdf, html, md or txt");
    if (!d->len) return bad(field, why, NULL, "the document is empty");
    return 0;
}

static int write_doc(bot_ingest_result *out, db_conn *c, arena *a, const bot_doc_in *d, const bot_extract *x,
                     const char *key, const char *title, const char *lang, const char *sha)
{
    db_rows *r;
    int64_t now = db_now();
    const char *type = d->type ? d->type : "other", *date = d->date ? d->date : "", *src = d->source ? d->source : "";
    const char *fmt = bot_format_name(d->format);
    int rc = db_query(&r, c, a,
                      "SELECT id, sha256, title, type, date, lang, source, access, format FROM bot_documents "
                      "WHERE doc_key = $1",
                      "s", key);
    if (rc) return rc;
    if (r->nrows) {
        out->id = db_int(r, 0, 0);
        int same = strcmp(db_text(r, 0, 1), sha) == 0 && strcmp(db_text(r, 0, 2), title) == 0 &&
                   strcmp(db_text(r, 0, 3), type) == 0 && strcmp(db_text(r, 0, 4), date) == 0 &&
                   strcmp(db_text(r, 0, 5), lang) == 0 && strcmp(db_text(r, 0, 6), src) == 0 &&
                   db_int(r, 0, 7) == d->access && strcmp(db_text(r, 0, 8), fmt) == 0;
        if (same) {
            out->status = "unchanged";
            return 0;
        }
        out->status = "replaced";
        rc = db_exec(c,
                     "UPDATE bot_documents SET title = $1, type = $2, date = $3, lang = $4, source = $5, access = $6, "
                     "format = $7, sha256 = $8, bytes = $9, updated_at = $10 WHERE id = $11",
                     "sssssissiii", title, type, date, lang, src, (int64_t)d->access, fmt, sha, (int64_t)d->len, now,
                     out->id);
        if (rc >= 0) rc = db_exec(c, "DELETE FROM bot_passages WHERE document_id = $1", "i", out->id);
    } else {
        out->status = "created";
        rc = db_query(&r, c, a,
                      "INSERT INTO bot_documents (doc_key, title, type, date, lang, source, access, format, sha256, "
                      "bytes, origin, created_by, created_at, updated_at) "
                      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULLIF($12, 0), $13, $13) RETURNING id",
                      "ssssssissisii", key, title, type, date, lang, src, (int64_t)d->access, fmt, sha,
                      (int64_t)d->len, d->origin ? d->origin : "import", d->created_by, now);
        if (rc == 0) out->id = db_int(r, 0, 0);
    }
    for (size_t i = 0; rc >= 0 && i < x->n; i++)
        rc = db_exec(c,
                     "INSERT INTO bot_passages (document_id, ordinal, page, section, text) VALUES ($1, $2, $3, $4, $5)",
                     "iiiss", out->id, (int64_t)i, (int64_t)x->chunks[i].page, x->chunks[i].section, x->chunks[i].text);
    if (rc >= 0) rc = bot_bump_generation(c, out->id);
    return rc < 0 ? rc : 0;
}

int bot_ingest(bot_ingest_result *out, const char **field, const char **why, db_conn *c, arena *a,
               const bot_doc_in *d)
{
    *field = NULL, *why = NULL;
    memset(out, 0, sizeof *out);
    int rc = validate(d, field, why);
    if (rc) return rc;
    bot_extract x;
    rc = bot_extract_doc(&x, why, a, d->format, d->data, d->len, BM25_MAX_PASSAGES);
    if (rc) return rc == E_LIMIT ? E_INVALID : rc;
    if (x.n == 0) return bad(field, why, NULL, "no text found in the document (a scanned PDF needs OCR first)");
    const char *title = d->title && *d->title ? d->title : x.title;
    if (!title || !*title) return bad(field, why, "title", "required: the document names no title");
    if (strlen(title) > TITLE_MAX) title = arena_strndup(a, title, TITLE_MAX); /* a found title: cut (UTF-8 below) */
    size_t tl = strlen(title);
    while (tl && ((unsigned char)title[tl] & 0xC0) == 0x80) tl--;
    if (tl < strlen(title)) title = arena_strndup(a, title, tl);
    const char *lang = d->lang && *d->lang ? d->lang : detect(&x);
    const char *key = d->key && *d->key ? d->key
                      : d->source && *d->source ? d->source
                                                : arena_printf(a, "title:%s", title);
    unsigned char h[crypto_hash_sha256_BYTES];
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    crypto_hash_sha256(h, (const unsigned char *)d->data, d->len);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    if ((rc = db_begin(c))) return rc;
    rc = write_doc(out, c, a, d, &x, key, title, lang, hex);
    if (rc == 0 && strcmp(out->status, "unchanged") == 0) rc = db_rollback(c);
    else if (rc == 0) rc = db_commit(c);
    else db_rollback(c);
    if (rc == E_CONFLICT) *why = "another document with the same key was stored at the same time";
    out->passages = x.n, out->title = title, out->lang = lang;
    if (rc == 0) bot_index_sync(c);
    return rc;
}

int bot_publish_document(db_conn *c, const bot_doc_in *doc)
{
    arena a = ARENA_INIT;
    bot_ingest_result res;
    const char *field, *why;
    int rc = bot_ingest(&res, &field, &why, c, &a, doc);
    arena_free(&a);
    return rc;
}

int bot_delete_document(db_conn *c, int64_t id)
{
    int rc = db_begin(c);
    if (rc) return rc;
    rc = db_exec(c, "DELETE FROM bot_passages WHERE document_id = $1", "i", id);
    if (rc >= 0) rc = db_exec(c, "DELETE FROM bot_documents WHERE id = $1", "i", id);
    if (rc == 0) rc = E_NOTFOUND;
    if (rc > 0) rc = bot_bump_generation(c, id);
    if (rc == 0) rc = db_commit(c);
    else db_rollback(c);
    if (rc == 0) bot_index_sync(c);
    return rc;
}
