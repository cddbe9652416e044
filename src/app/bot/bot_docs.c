/*
 * bot_docs.c — the document routes: list, upload (the file as the raw body, metadata in the
 * query), view with passages, delete, and one passage in its document (docs/api.md).
 *
 * Visibility: a document above the caller's access level does not exist for them (404, the
 * same answer as a missing one), in the list, the view and the passage alike.
 */
#include <stdlib.h>
#include <string.h>

#include "app/bot/bot_int.h"
#include "base/err.h"

static json_t *doc_json(const db_rows *t, int i)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:s}", "id", (json_int_t)db_int(t, i, 0), "title",
                     db_text(t, i, 1), "type", db_text(t, i, 2), "date", db_text(t, i, 3), "lang", db_text(t, i, 4),
                     "source", db_text(t, i, 5), "access", bot_access_name((int)db_int(t, i, 6)), "format",
                     db_text(t, i, 7), "passages", (json_int_t)db_int(t, i, 8), "updated_at",
                     (json_int_t)db_int(t, i, 9), "origin", db_text(t, i, 10));
}

static const char *const DOC_COLS =
    "SELECT d.id, d.title, d.type, d.date, d.lang, d.source, d.access, d.format, "
    "(SELECT count(*) FROM bot_passages p WHERE p.document_id = d.id), d.updated_at, d.origin FROM bot_documents d ";

int bot_doc_list(req *r)
{
    db_rows *t;
    int rc = db_query(&t, req_db(r), r->a, arena_printf(r->a, "%sWHERE d.access <= $1 ORDER BY d.date DESC, d.id", DOC_COLS),
                      "i", (int64_t)bot_user_access(r));
    if (rc) return rc;
    json_t *arr = json_array();
    for (int i = 0; i < t->nrows; i++) json_array_append_new(arr, doc_json(t, i));
    return http_json(r, 200, json_pack("{s:o}", "documents", arr));
}

/* visible_doc: the document's row when the caller may see it. */
static int visible_doc(db_rows **t, req *r, int64_t id)
{
    int rc = db_query(t, req_db(r), r->a, arena_printf(r->a, "%sWHERE d.id = $1 AND d.access <= $2", DOC_COLS), "ii", id,
                      (int64_t)bot_user_access(r));
    if (rc) return rc;
    return (*t)->nrows ? 0 : http_fail(r, E_NOTFOUND, NULL, "no such document");
}

static json_t *passage_json(const db_rows *p, int i)
{
    return json_pack("{s:I, s:i, s:i, s:s, s:s}", "id", (json_int_t)db_int(p, i, 0), "ordinal", (int)db_int(p, i, 1),
                     "page", (int)db_int(p, i, 2), "section", db_text(p, i, 3), "text", db_text(p, i, 4));
}

int bot_doc_get(req *r)
{
    int64_t id;
    db_rows *t, *p;
    int rc = req_param_id(&id, r, 0);
    if (rc == 0) rc = visible_doc(&t, r, id);
    if (rc == 0)
        rc = db_query(&p, req_db(r), r->a,
                      "SELECT id, ordinal, page, section, text FROM bot_passages WHERE document_id = $1 ORDER BY ordinal",
                      "i", id);
    if (rc) return rc;
    json_t *arr = json_array();
    for (int i = 0; i < p->nrows; i++) json_array_append_new(arr, passage_json(p, i));
    json_t *d = doc_json(t, 0);
    json_object_set_new(d, "passage_list", arr);
    return http_json(r, 200, json_pack("{s:o}", "document", d));
}

int bot_passage_get(req *r)
{
    int64_t id;
    db_rows *p, *t;
    int rc = req_param_id(&id, r, 0);
    if (rc == 0)
        rc = db_query(&p, req_db(r), r->a,
                      "SELECT id, ordinal, page, section, text, document_id FROM bot_passages WHERE id = $1", "i", id);
    if (rc) return rc;
    if (!p->nrows) return http_fail(r, E_NOTFOUND, NULL, "no such passage");
    if ((rc = visible_doc(&t, r, db_int(p, 0, 5)))) return http_fail(r, rc, NULL, "no such passage");
    return http_json(r, 200, json_pack("{s:o, s:o}", "passage", passage_json(p, 0), "document", doc_json(t, 0)));
}

/* q: a query parameter, or the X-Bot-<Name> header (titles in Arabic are easier in a header
 * for some clients), or NULL. */
static const char *q(req *r, const char *name, const char *header)
{
    const char *v = req_query(r, name);
    return v ? v : req_header(r, header);
}

int bot_doc_upload(req *r)
{
    bot_doc_in d = BOT_DOC_IN_INIT;
    const char *fmt = q(r, "format", "X-Bot-Format"), *access = q(r, "access", "X-Bot-Access");
    d.title = q(r, "title", "X-Bot-Title");
    d.type = q(r, "type", "X-Bot-Type");
    d.date = q(r, "date", "X-Bot-Date");
    d.lang = q(r, "lang", "X-Bot-Lang");
    d.source = q(r, "source", "X-Bot-Source");
    d.key = q(r, "key", "X-Bot-Key");
    d.origin = "upload";
    d.created_by = r->user->id;
    d.data = r->body, d.len = r->body_len;
    if (access && (d.access = bot_access_parse(access)) < 0)
        return http_fail(r, E_INVALID, "access", "access: public, council or restricted");
    if (fmt && !(d.format = bot_format_parse(fmt))) return http_fail(r, E_INVALID, "format", "format: pdf, html, md or txt");
    if (!fmt) d.format = bot_format_guess(req_header(r, "Content-Type"), q(r, "filename", "X-Bot-Filename"), r->body,
                                          r->body_len);
    bot_ingest_result res;
    const char *field, *why;
    int rc = bot_ingest(&res, &field, &why, req_db(r), r->a, &d);
    if (rc == E_INVALID || rc == E_CONFLICT)
        return http_fail(r, rc, field, "%s%s%s", field ? field : "", field ? ": " : "", why ? why : "invalid document");
    if (rc) return rc;
    return http_json(r, strcmp(res.status, "created") == 0 ? 201 : 200,
                     json_pack("{s:{s:I, s:s, s:s}, s:s, s:I}", "document", "id", (json_int_t)res.id, "title", res.title,
                               "lang", res.lang, "status", res.status, "passages", (json_int_t)res.passages));
}

int bot_doc_delete(req *r)
{
    int64_t id;
    int rc = req_param_id(&id, r, 0);
    if (rc == 0) rc = bot_delete_document(req_db(r), id);
    if (rc == E_NOTFOUND) return http_fail(r, rc, NULL, "no such document");
    return rc ? rc : http_status(r, 204);
}
