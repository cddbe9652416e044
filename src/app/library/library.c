/*
 * library.c — the research exchange's routes (see library.h and docs/collaboration.md).
 *
 * Request shapes: metadata is one JSON object {title, creators: [{name, affiliation?}], date,
 * language, subjects: [..], abstract, type, rights, access?, embargo_until?}; files arrive as
 * JSON {name, mime?, data: base64} or, for big ones, as the raw body of the import route. File
 * bytes are kept as base64 text in the database (one column type on both backends, and the
 * result layer of src/db is text) next to their SHA-256 in hex; a download decodes, hashes and
 * compares before a byte is sent.
 *
 * State changes that touch several rows (a deposit with files, a new version copying files)
 * run in one transaction. A published version is frozen: every write path checks the status
 * first and answers 409 for a published one.
 *
 * Search keeps one BM25 index per server process over the published records, checked against
 * the database on every query and rebuilt only when the published set moved (see `idx` below;
 * docs/collaboration.md has the measured costs of this and of a per-query index). Each record
 * is one passage of metadata plus one passage per file with text: the text is extracted once,
 * when the file is stored (Majlisbot's readers, bot_text.h), and kept in library_files.
 */
#include "app/library/library.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/analyzers.h"
#include "app/bot/bot_text.h"
#include "base/err.h"
#include "base/log.h"
#include "text/analyze.h"
#include "text/bm25.h"
#include "text/langdetect.h"
#include "text/snippet.h"

/* ---- pure helpers ---- */

static int two_digits(const char *s, int lo, int hi, int *out)
{
    if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9') return E_INVALID;
    *out = (s[0] - '0') * 10 + (s[1] - '0');
    return *out >= lo && *out <= hi ? 0 : E_INVALID;
}

int library_year_of(int *year, const char *date)
{
    size_t n = strlen(date);
    if (n != 4 && n != 7 && n != 10) return E_INVALID;
    for (int i = 0; i < 4; i++)
        if (date[i] < '0' || date[i] > '9') return E_INVALID;
    int y = (date[0] - '0') * 1000 + (date[1] - '0') * 100 + (date[2] - '0') * 10 + (date[3] - '0');
    int m = 1, d = 1;
    if (n >= 7 && (date[4] != '-' || two_digits(date + 5, 1, 12, &m))) return E_INVALID;
    if (n == 10) {
        static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        int max = m == 2 && !leap ? 28 : mdays[m - 1];
        if (date[7] != '-' || two_digits(date + 8, 1, max, &d)) return E_INVALID;
    }
    if (y < 1000) return E_INVALID;
    *year = y;
    return 0;
}

static const char *const TYPES[] = {"report", "article", "thesis", "dataset", "presentation",
                                    "policy_brief", "book", "other"};
static const char *const LANGS[] = {"ar", "fr", "en", "zgh"};

static int in_list(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, list[i]) == 0) return 1;
    return 0;
}

static int is_editor(const http_user *u)
{
    return u && (u->role == ROLE_ADMIN || u->role == ROLE_COUNCIL_SECRETARIAT);
}

/* ---- metadata ---- */

typedef struct meta {
    const char *title, *date, *language, *abstract, *type, *rights, *access;
    json_t *creators, *subjects;
    json_int_t embargo_until;
    int year;
    char *creators_json, *subjects_json;
} meta;

static int check_text(req *r, const char *field, const char *s, size_t max, int required)
{
    size_t n = strlen(s);
    if (required && n == 0) return http_fail(r, E_INVALID, field, "%s: required", field);
    if (n > max) return http_fail(r, E_INVALID, field, "%s: at most %zu bytes", field, max);
    return 0;
}

/* parse_meta reads and checks the metadata object; the JSON texts are stored compactly. */
static int parse_meta(meta *m, req *r, json_t *body, json_t **files)
{
    memset(m, 0, sizeof *m);
    m->access = "public";
    *files = NULL;
    int rc = req_fields(r, body, "{s:s, s:o, s:s, s:s, s:o, s:s, s:s, s:s, s?:s, s?:I, s?:o}", "title", &m->title,
                        "creators", &m->creators, "date", &m->date, "language", &m->language, "subjects",
                        &m->subjects, "abstract", &m->abstract, "type", &m->type, "rights", &m->rights, "access",
                        &m->access, "embargo_until", &m->embargo_until, "files", files);
    if (rc) return rc;
    if ((rc = check_text(r, "title", m->title, 500, 1)) || (rc = check_text(r, "abstract", m->abstract, 20000, 0)) ||
        (rc = check_text(r, "rights", m->rights, 300, 1)))
        return rc;
    if (library_year_of(&m->year, m->date))
        return http_fail(r, E_INVALID, "date", "date: YYYY, YYYY-MM or YYYY-MM-DD");
    if (!in_list(m->language, LANGS, 4)) return http_fail(r, E_INVALID, "language", "language: ar, fr, en or zgh");
    if (!in_list(m->type, TYPES, sizeof TYPES / sizeof *TYPES))
        return http_fail(r, E_INVALID, "type", "type: report, article, thesis, dataset, presentation, "
                                               "policy_brief, book or other");
    if (strcmp(m->access, "public") != 0 && strcmp(m->access, "registered") != 0)
        return http_fail(r, E_INVALID, "access", "access: public or registered");
    if (m->embargo_until < 0) return http_fail(r, E_INVALID, "embargo_until", "embargo_until: Unix seconds, >= 0");
    size_t n = json_array_size(m->creators);
    if (!json_is_array(m->creators) || n == 0 || n > 50)
        return http_fail(r, E_INVALID, "creators", "creators: an array of 1 to 50 {name, affiliation}");
    json_t *clean = json_array();
    for (size_t i = 0; i < n; i++) {
        const char *name, *aff = "";
        json_error_t e;
        if (json_unpack_ex(json_array_get(m->creators, i), &e, JSON_STRICT, "{s:s, s?:s}", "name", &name,
                           "affiliation", &aff) ||
            !*name || strlen(name) > 300 || strlen(aff) > 300) {
            json_decref(clean);
            return http_fail(r, E_INVALID, "creators", "creators[%zu]: {name (required), affiliation}", i);
        }
        json_array_append_new(clean, json_pack("{s:s, s:s}", "name", name, "affiliation", aff));
    }
    char *s = json_dumps(clean, JSON_COMPACT);
    json_decref(clean);
    m->creators_json = arena_strdup(r->a, s);
    free(s);
    n = json_array_size(m->subjects);
    if (!json_is_array(m->subjects) || n > 30) return http_fail(r, E_INVALID, "subjects", "subjects: at most 30 strings");
    for (size_t i = 0; i < n; i++) {
        json_t *v = json_array_get(m->subjects, i);
        if (!json_is_string(v) || !*json_string_value(v) || json_string_length(v) > 200)
            return http_fail(r, E_INVALID, "subjects", "subjects[%zu]: a non-empty string", i);
    }
    s = json_dumps(m->subjects, JSON_COMPACT);
    m->subjects_json = arena_strdup(r->a, s);
    free(s);
    return 0;
}

/* ---- versions ---- */

#define VCOLS                                                                                                  \
    "v.id, v.record_id, v.version, v.status, v.title, v.creators, v.date_issued, v.year, v.language, "        \
    "v.subjects, v.abstract, v.type, v.rights, v.access, v.embargo_until, v.created_at, v.updated_at, "       \
    "v.published_at, r.owner_id"

enum { V_ID, V_RECORD, V_VERSION, V_STATUS, V_TITLE, V_CREATORS, V_DATE, V_YEAR, V_LANG, V_SUBJECTS, V_ABSTRACT,
       V_TYPE, V_RIGHTS, V_ACCESS, V_EMBARGO, V_CREATED, V_UPDATED, V_PUBLISHED, V_OWNER };

static int can_see(const db_rows *v, int i, const http_user *u)
{
    if (is_editor(u) || (u && db_int(v, i, V_OWNER) == u->id)) return 1;
    return strcmp(db_text(v, i, V_STATUS), "published") == 0 &&
           (strcmp(db_text(v, i, V_ACCESS), "public") == 0 || u != NULL);
}

static int can_download(const db_rows *v, int i, const http_user *u)
{
    if (is_editor(u) || (u && db_int(v, i, V_OWNER) == u->id)) return 1;
    return can_see(v, i, u) && db_int(v, i, V_EMBARGO) <= db_now();
}

static json_t *parsed(const char *s)
{
    json_t *j = json_loads(s, 0, NULL);
    return j ? j : json_array();
}

static json_t *version_json(const db_rows *v, int i, arena *a)
{
    int64_t rec = db_int(v, i, V_RECORD), ver = db_int(v, i, V_VERSION);
    json_t *j = json_pack("{s:I, s:I, s:I, s:s, s:s, s:s, s:s, s:o, s:s, s:I, s:s, s:o, s:s, s:s, s:s, s:s, s:I, s:b, "
                          "s:I, s:I, s:o, s:I}",
                          "id", (json_int_t)db_int(v, i, V_ID), "record_id", (json_int_t)rec, "version",
                          (json_int_t)ver, "identifier", arena_printf(a, "lib-%lldv%lld", (long long)rec, (long long)ver),
                          "latest_identifier", arena_printf(a, "lib-%lld", (long long)rec), "status",
                          db_text(v, i, V_STATUS), "title", db_text(v, i, V_TITLE), "creators",
                          parsed(db_text(v, i, V_CREATORS)), "date", db_text(v, i, V_DATE), "year",
                          (json_int_t)db_int(v, i, V_YEAR), "language", db_text(v, i, V_LANG), "subjects",
                          parsed(db_text(v, i, V_SUBJECTS)), "abstract", db_text(v, i, V_ABSTRACT), "type",
                          db_text(v, i, V_TYPE), "rights", db_text(v, i, V_RIGHTS), "access", db_text(v, i, V_ACCESS),
                          "embargo_until", (json_int_t)db_int(v, i, V_EMBARGO), "embargoed",
                          db_int(v, i, V_EMBARGO) > db_now(), "created_at", (json_int_t)db_int(v, i, V_CREATED),
                          "updated_at", (json_int_t)db_int(v, i, V_UPDATED), "published_at",
                          db_isnull(v, i, V_PUBLISHED) ? json_null() : json_integer(db_int(v, i, V_PUBLISHED)),
                          "owner_id", (json_int_t)db_int(v, i, V_OWNER));
    return j;
}

/* load_version: the version row with its record's owner; E_NOTFOUND when absent or not
 * visible to u (an invisible version does not exist, to a client). */
static int load_version(db_rows **v, req *r, int64_t version_id)
{
    int rc = db_query(v, req_db(r), r->a,
                      "SELECT " VCOLS " FROM library_versions v JOIN library_records r ON r.id = v.record_id "
                      "WHERE v.id = $1",
                      "i", version_id);
    if (rc) return rc;
    if ((*v)->nrows == 0 || !can_see(*v, 0, r->user)) return http_fail(r, E_NOTFOUND, NULL, "no such version");
    return 0;
}

/* version_for_owner: the version, which the caller must own (or edit) and which must still be
 * editable (draft or rejected). */
static int version_for_owner(db_rows **v, req *r, int64_t *id)
{
    int rc = req_param_id(id, r, 0);
    if (rc == 0) rc = load_version(v, r, *id);
    if (rc) return rc;
    if (db_int(*v, 0, V_OWNER) != r->user->id && !is_editor(r->user))
        return http_fail(r, E_FORBIDDEN, NULL, "this deposit is not yours");
    const char *st = db_text(*v, 0, V_STATUS);
    if (strcmp(st, "draft") != 0 && strcmp(st, "rejected") != 0)
        return http_fail(r, E_CONFLICT, "status", "a %s version cannot change; deposit a new version", st);
    return 0;
}

static json_t *files_json(req *r, int64_t version_id, int with_urls)
{
    db_rows *f;
    json_t *arr = json_array();
    if (db_query(&f, req_db(r), r->a,
                 "SELECT id, name, mime, size, sha256 FROM library_files WHERE version_id = $1 ORDER BY name", "i",
                 version_id))
        return arr;
    for (int i = 0; i < f->nrows; i++) {
        json_t *o = json_pack("{s:I, s:s, s:s, s:I, s:s}", "id", (json_int_t)db_int(f, i, 0), "name", db_text(f, i, 1),
                              "mime", db_text(f, i, 2), "size", (json_int_t)db_int(f, i, 3), "sha256",
                              db_text(f, i, 4));
        if (with_urls)
            json_object_set_new(o, "url", json_string(arena_printf(r->a, "/api/library/files/%lld",
                                                                   (long long)db_int(f, i, 0))));
        json_array_append_new(arr, o);
    }
    return arr;
}

static json_t *reviews_json(req *r, int64_t version_id)
{
    db_rows *f;
    json_t *arr = json_array();
    if (db_query(&f, req_db(r), r->a,
                 "SELECT w.action, w.comment, w.created_at, u.name FROM library_reviews w JOIN users u ON u.id = "
                 "w.user_id WHERE w.version_id = $1 ORDER BY w.id",
                 "i", version_id))
        return arr;
    for (int i = 0; i < f->nrows; i++)
        json_array_append_new(arr, json_pack("{s:s, s:s, s:I, s:s}", "action", db_text(f, i, 0), "comment",
                                             db_text(f, i, 1), "at", (json_int_t)db_int(f, i, 2), "by",
                                             db_text(f, i, 3)));
    return arr;
}

/* full_version: a version with its files and, for its owner and editors, the review log. */
static json_t *full_version(req *r, const db_rows *v)
{
    json_t *j = version_json(v, 0, r->a);
    int insider = is_editor(r->user) || (r->user && db_int(v, 0, V_OWNER) == r->user->id);
    json_object_set_new(j, "files", files_json(r, db_int(v, 0, V_ID), can_download(v, 0, r->user)));
    if (insider) json_object_set_new(j, "reviews", reviews_json(r, db_int(v, 0, V_ID)));
    return j;
}

/* ---- files ---- */

static void sha256_hex(char out[65], const unsigned char *p, size_t n)
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, p, n);
    sodium_bin2hex(out, 65, h, sizeof h);
}

static int check_file_name(req *r, const char *name, const char *mime)
{
    size_t n = strlen(name);
    if (n == 0 || n > 200 || strpbrk(name, "/\\\"\r\n") || name[0] == '.')
        return http_fail(r, E_INVALID, "name", "name: 1 to 200 bytes, no slashes, quotes or leading dot");
    size_t m = strlen(mime);
    if (m == 0 || m > 100 || !strchr(mime, '/') || strpbrk(mime, " \"\r\n;,"))
        return http_fail(r, E_INVALID, "mime", "mime: a media type such as application/pdf");
    return 0;
}

/* Extracted text kept per file: enough for any report, and far below bm25.h's term cap. */
enum { TEXT_MAX = 512 << 10, TEXT_MAX_CHUNKS = 100000 };

/* file_text: the text of a file as Majlisbot reads it (PDF, HTML, Markdown, plain text; the
 * format guessed from the MIME type, the name and the bytes): the title it gives itself and its
 * passages, a blank line between them, whole passages up to TEXT_MAX bytes. "" when the file
 * has no readable text (binary, not UTF-8, an unreadable or scanned PDF): it adds nothing. */
static const char *file_text(arena *a, const char *name, const char *mime, const unsigned char *bytes, size_t n)
{
    bot_extract x;
    const char *why;
    bot_format fmt = bot_format_guess(mime, name, (const char *)bytes, n);
    if (bot_extract_doc(&x, &why, a, fmt, (const char *)bytes, n, TEXT_MAX_CHUNKS)) return "";
    size_t len = x.title ? strlen(x.title) : 0, k = 0;
    while (k < x.n && len + 2 + strlen(x.chunks[k].text) <= TEXT_MAX) len += 2 + strlen(x.chunks[k++].text);
    char *out = arena_alloc(a, len + 1), *p = out;
    if (x.title) p += snprintf(p, len + 1, "%s", x.title);
    for (size_t i = 0; i < k; i++) p += snprintf(p, len + 1 - (size_t)(p - out), "%s%s", p == out ? "" : "\n\n",
                                                 x.chunks[i].text);
    *p = 0;
    return out;
}

/* store_file inserts one file of a version with its extracted text (inside the caller's
 * transaction, if any). */
static int store_file(req *r, int64_t version_id, const char *name, const char *mime, const unsigned char *bytes,
                      size_t n)
{
    if (n > LIBRARY_MAX_FILE) return http_fail(r, E_LIMIT, "data", "a file is at most %d bytes", LIBRARY_MAX_FILE);
    db_rows *cnt;
    int rc = db_query(&cnt, req_db(r), r->a, "SELECT count(*) FROM library_files WHERE version_id = $1", "i", version_id);
    if (rc) return rc;
    if (db_int(cnt, 0, 0) >= LIBRARY_MAX_FILES)
        return http_fail(r, E_LIMIT, "files", "at most %d files per version", LIBRARY_MAX_FILES);
    char hex[65];
    sha256_hex(hex, bytes, n);
    size_t b64len = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
    char *b64 = arena_alloc(r->a, b64len);
    sodium_bin2base64(b64, b64len, bytes, n, sodium_base64_VARIANT_ORIGINAL);
    rc = db_exec(req_db(r),
                 "INSERT INTO library_files (version_id, name, mime, size, sha256, data, created_at, text_content) "
                 "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                 "ississis", version_id, name, mime, (int64_t)n, hex, b64, db_now(),
                 file_text(r->a, name, mime, bytes, n));
    if (rc == E_CONFLICT) return http_fail(r, rc, "name", "a file named '%s' is already in this version", name);
    return rc < 0 ? rc : 0;
}

static int decode_b64(unsigned char **out, size_t *n, arena *a, const char *b64)
{
    size_t len = strlen(b64);
    if (len / 4 * 3 > LIBRARY_MAX_FILE + 3) return E_LIMIT;
    *out = arena_alloc(a, len / 4 * 3 + 4);
    const char *end;
    if (sodium_base642bin(*out, len / 4 * 3 + 4, b64, len, " \r\n", n, &end, sodium_base64_VARIANT_ORIGINAL) ||
        *end)
        return E_INVALID;
    return 0;
}

/* store_json_file: one {name, mime?, data} object. */
static int store_json_file(req *r, int64_t version_id, json_t *f, size_t i)
{
    const char *name, *mime = "application/octet-stream", *data;
    json_error_t e;
    if (json_unpack_ex(f, &e, JSON_STRICT, "{s:s, s?:s, s:s}", "name", &name, "mime", &mime, "data", &data))
        return http_fail(r, E_INVALID, "files", "files[%zu]: {name, mime, data (base64)}", i);
    int rc = check_file_name(r, name, mime);
    if (rc) return rc;
    unsigned char *bytes;
    size_t n;
    rc = decode_b64(&bytes, &n, r->a, data);
    if (rc == E_LIMIT) return http_fail(r, rc, "data", "a file is at most %d bytes", LIBRARY_MAX_FILE);
    if (rc) return http_fail(r, rc, "data", "files[%zu].data: not base64", i);
    return store_file(r, version_id, name, mime, bytes, n);
}

static int store_json_files(req *r, int64_t version_id, json_t *files)
{
    if (!files) return 0;
    if (!json_is_array(files) || json_array_size(files) > LIBRARY_MAX_FILES)
        return http_fail(r, E_INVALID, "files", "files: an array of at most %d files", LIBRARY_MAX_FILES);
    for (size_t i = 0; i < json_array_size(files); i++) {
        int rc = store_json_file(r, version_id, json_array_get(files, i), i);
        if (rc) return rc;
    }
    return 0;
}

/* ---- routes: deposit and edit ---- */

static int answer_version(req *r, int status, int64_t version_id)
{
    db_rows *v;
    int rc = load_version(&v, r, version_id);
    if (rc) return rc;
    return http_json(r, status, full_version(r, v));
}

static int create_record(req *r)
{
    json_t *body, *files;
    meta m;
    int rc = req_json(&body, r);
    if (rc == 0) rc = parse_meta(&m, r, body, &files);
    if (rc) return rc;
    db_conn *c = req_db(r);
    if ((rc = db_begin(c))) return rc;
    int64_t now = db_now(), vid = 0;
    db_rows *rec, *ver;
    rc = db_query(&rec, c, r->a, "INSERT INTO library_records (owner_id, created_at) VALUES ($1, $2) RETURNING id",
                  "ii", r->user->id, now);
    if (rc == 0)
        rc = db_query(&ver, c, r->a,
                      "INSERT INTO library_versions (record_id, version, title, creators, date_issued, year, language, "
                      "subjects, abstract, type, rights, access, embargo_until, created_at, updated_at) VALUES "
                      "($1, 1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id",
                      "isssissssssii", db_int(rec, 0, 0), m.title, m.creators_json, m.date, (int64_t)m.year,
                      m.language, m.subjects_json, m.abstract, m.type, m.rights, m.access,
                      (int64_t)m.embargo_until, now);
    if (rc == 0) {
        vid = db_int(ver, 0, 0);
        rc = store_json_files(r, vid, files);
    }
    if (rc == 0) rc = db_commit(c);
    else db_rollback(c);
    if (rc) return rc;
    return answer_version(r, 201, vid);
}

static int update_version(req *r)
{
    db_rows *v;
    int64_t id;
    json_t *body, *files;
    meta m;
    int rc = version_for_owner(&v, r, &id);
    if (rc == 0) rc = req_json(&body, r);
    if (rc == 0) rc = parse_meta(&m, r, body, &files);
    if (rc) return rc;
    if (files) return http_fail(r, E_INVALID, "files", "add files with POST /api/library/versions/{id}/files");
    rc = db_exec(req_db(r),
                 "UPDATE library_versions SET title = $1, creators = $2, date_issued = $3, year = $4, language = $5, "
                 "subjects = $6, abstract = $7, type = $8, rights = $9, access = $10, embargo_until = $11, "
                 "updated_at = $12, status = 'draft' WHERE id = $13 AND status IN ('draft', 'rejected')",
                 "sssissssssiii", m.title, m.creators_json, m.date, (int64_t)m.year, m.language, m.subjects_json,
                 m.abstract, m.type, m.rights, m.access, (int64_t)m.embargo_until, db_now(), id);
    if (rc < 0) return rc;
    if (rc == 0) return http_fail(r, E_CONFLICT, "status", "the version changed status meanwhile");
    return answer_version(r, 200, id);
}

static int add_file_json(req *r)
{
    db_rows *v;
    int64_t id;
    json_t *body;
    int rc = version_for_owner(&v, r, &id);
    if (rc == 0) rc = req_json(&body, r);
    if (rc) return rc;
    if ((rc = store_json_file(r, id, body, 0))) return rc;
    return answer_version(r, 201, id);
}

static int add_file_raw(req *r)
{
    db_rows *v;
    int64_t id;
    int rc = version_for_owner(&v, r, &id);
    if (rc) return rc;
    const char *name = req_query(r, "name"), *mime = req_header(r, "Content-Type");
    if (!name) return http_fail(r, E_INVALID, "name", "name: give the file name as ?name=");
    if (!mime) mime = "application/octet-stream";
    if ((rc = check_file_name(r, name, mime))) return rc;
    if ((rc = store_file(r, id, name, mime, (const unsigned char *)r->body, r->body_len))) return rc;
    return answer_version(r, 201, id);
}

static int delete_file(req *r)
{
    int64_t fid;
    int rc = req_param_id(&fid, r, 0);
    if (rc) return rc;
    db_rows *f;
    if ((rc = db_query(&f, req_db(r), r->a, "SELECT version_id FROM library_files WHERE id = $1", "i", fid))) return rc;
    if (f->nrows == 0) return http_fail(r, E_NOTFOUND, NULL, "no such file");
    db_rows *v;
    if ((rc = load_version(&v, r, db_int(f, 0, 0)))) return rc;
    if (db_int(v, 0, V_OWNER) != r->user->id && !is_editor(r->user))
        return http_fail(r, E_FORBIDDEN, NULL, "this deposit is not yours");
    const char *st = db_text(v, 0, V_STATUS);
    if (strcmp(st, "draft") != 0 && strcmp(st, "rejected") != 0)
        return http_fail(r, E_CONFLICT, "status", "the files of a %s version never change", st);
    if ((rc = db_exec(req_db(r), "DELETE FROM library_files WHERE id = $1", "i", fid)) < 0) return rc;
    return http_status(r, 204);
}

/* download: decode, hash, compare with the stored sum, then serve. A mismatch is an integrity
 * failure: logged, and the client gets 500 rather than altered bytes. */
static int download(req *r)
{
    int64_t fid;
    int rc = req_param_id(&fid, r, 0);
    if (rc) return rc;
    db_rows *f, *v;
    if ((rc = db_query(&f, req_db(r), r->a, "SELECT version_id, name, mime, sha256, data FROM library_files WHERE id = $1",
                       "i", fid)))
        return rc;
    if (f->nrows == 0) return http_fail(r, E_NOTFOUND, NULL, "no such file");
    if ((rc = load_version(&v, r, db_int(f, 0, 0)))) return rc;
    if (!can_download(v, 0, r->user)) return http_fail(r, E_FORBIDDEN, NULL, "the files are under embargo");
    unsigned char *bytes;
    size_t n;
    char hex[65];
    if (decode_b64(&bytes, &n, r->a, db_text(f, 0, 4))) n = (size_t)-1;
    if (n != (size_t)-1) sha256_hex(hex, bytes, n);
    if (n == (size_t)-1 || strcmp(hex, db_text(f, 0, 3)) != 0) {
        log_error("library: file %lld fails its SHA-256 check; not served", (long long)fid);
        return http_fail(r, E_FAIL, NULL, "the stored file does not match its checksum");
    }
    unsigned char raw[crypto_hash_sha256_BYTES];
    sodium_hex2bin(raw, sizeof raw, hex, 64, NULL, NULL, NULL);
    char b64[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(b64, sizeof b64, raw, sizeof raw, sodium_base64_VARIANT_ORIGINAL);
    http_header(r, "Digest", arena_printf(r->a, "sha-256=%s", b64));
    http_header(r, "ETag", arena_printf(r->a, "\"%s\"", hex));
    http_header(r, "Content-Disposition", arena_printf(r->a, "attachment; filename=\"%s\"", db_text(f, 0, 1)));
    return http_text(r, 200, db_text(f, 0, 2), (const char *)bytes, n);
}

/* ---- routes: workflow ---- */

static int log_review(req *r, int64_t version_id, const char *action, const char *comment)
{
    int rc = db_exec(req_db(r),
                     "INSERT INTO library_reviews (version_id, user_id, action, comment, created_at) VALUES ($1, $2, "
                     "$3, $4, $5)",
                     "iissi", version_id, r->user->id, action, comment, db_now());
    return rc < 0 ? rc : 0;
}

static int submit(req *r)
{
    db_rows *v;
    int64_t id;
    int rc = version_for_owner(&v, r, &id);
    if (rc) return rc;
    db_conn *c = req_db(r);
    if ((rc = db_begin(c))) return rc;
    rc = db_exec(c, "UPDATE library_versions SET status = 'submitted', updated_at = $1 WHERE id = $2", "ii", db_now(), id);
    if (rc >= 0) rc = log_review(r, id, "submit", "");
    if (rc == 0) rc = db_commit(c);
    else db_rollback(c);
    if (rc) return rc;
    return answer_version(r, 200, id);
}

/* The review transitions: action → the statuses it may start from and the one it leads to. */
static const struct transition {
    const char *action, *from1, *from2, *to;
} transitions[] = {
    {"start", "submitted", NULL, "in_review"},
    {"comment", "submitted", "in_review", NULL},
    {"publish", "submitted", "in_review", "published"},
    {"reject", "submitted", "in_review", "rejected"},
};

static int review(req *r)
{
    int64_t id;
    json_t *body;
    const char *action, *comment = "";
    db_rows *v;
    int rc = req_param_id(&id, r, 0);
    if (rc == 0) rc = req_json(&body, r);
    if (rc == 0) rc = req_fields(r, body, "{s:s, s?:s}", "action", &action, "comment", &comment);
    if (rc == 0) rc = load_version(&v, r, id);
    if (rc) return rc;
    const struct transition *t = NULL;
    for (size_t i = 0; i < sizeof transitions / sizeof *transitions; i++)
        if (strcmp(action, transitions[i].action) == 0) t = &transitions[i];
    if (!t) return http_fail(r, E_INVALID, "action", "action: start, comment, publish or reject");
    if (strlen(comment) > 5000) return http_fail(r, E_INVALID, "comment", "comment: at most 5000 bytes");
    if (strcmp(action, "reject") == 0 && !*comment)
        return http_fail(r, E_INVALID, "comment", "comment: say why the deposit is rejected");
    const char *st = db_text(v, 0, V_STATUS);
    if (strcmp(st, t->from1) != 0 && (!t->from2 || strcmp(st, t->from2) != 0))
        return http_fail(r, E_CONFLICT, "status", "cannot %s a %s version", action, st);
    db_conn *c = req_db(r);
    if ((rc = db_begin(c))) return rc;
    int64_t now = db_now();
    if (t->to && strcmp(t->to, "published") == 0)
        rc = db_exec(c, "UPDATE library_versions SET status = 'published', published_at = $1, updated_at = $1 "
                        "WHERE id = $2 AND status = $3", "iis", now, id, st);
    else if (t->to)
        rc = db_exec(c, "UPDATE library_versions SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4",
                     "siis", t->to, now, id, st);
    if (rc == 0 && t->to) rc = E_CONFLICT;
    if (rc >= 0) rc = log_review(r, id, action, comment);
    if (rc == 0) rc = db_commit(c);
    else db_rollback(c);
    if (rc == E_CONFLICT) return http_fail(r, rc, "status", "the version changed status meanwhile");
    if (rc) return rc;
    return answer_version(r, 200, id);
}

/* new_version: a draft copied from the record's latest published version, files included. */
static int new_version(req *r)
{
    int64_t rec;
    int rc = req_param_id(&rec, r, 0);
    if (rc) return rc;
    db_conn *c = req_db(r);
    db_rows *v;
    if ((rc = db_query(&v, c, r->a,
                       "SELECT " VCOLS " FROM library_versions v JOIN library_records r ON r.id = v.record_id "
                       "WHERE v.record_id = $1 ORDER BY v.version DESC",
                       "i", rec)))
        return rc;
    if (v->nrows == 0 || !can_see(v, 0, r->user)) return http_fail(r, E_NOTFOUND, NULL, "no such record");
    if (db_int(v, 0, V_OWNER) != r->user->id && !is_editor(r->user))
        return http_fail(r, E_FORBIDDEN, NULL, "this record is not yours");
    if (strcmp(db_text(v, 0, V_STATUS), "published") != 0)
        return http_fail(r, E_CONFLICT, "status", "version %lld is not published yet: edit it instead",
                         (long long)db_int(v, 0, V_VERSION));
    if ((rc = db_begin(c))) return rc;
    int64_t now = db_now();
    db_rows *nv;
    rc = db_query(&nv, c, r->a,
                  "INSERT INTO library_versions (record_id, version, title, creators, date_issued, year, language, "
                  "subjects, abstract, type, rights, access, embargo_until, created_at, updated_at) SELECT record_id, "
                  "version + 1, title, creators, date_issued, year, language, subjects, abstract, type, rights, access, "
                  "embargo_until, $1, $1 FROM library_versions WHERE id = $2 RETURNING id",
                  "ii", now, db_int(v, 0, V_ID));
    if (rc == 0)
        rc = db_exec(c,
                     "INSERT INTO library_files (version_id, name, mime, size, sha256, data, created_at, text_content) "
                     "SELECT $1, name, mime, size, sha256, data, $2, text_content FROM library_files WHERE version_id = $3",
                     "iii", db_int(nv, 0, 0), now, db_int(v, 0, V_ID));
    if (rc >= 0) rc = db_commit(c);
    else db_rollback(c);
    if (rc == E_CONFLICT) return http_fail(r, rc, NULL, "a new version was created meanwhile");
    if (rc) return rc;
    return answer_version(r, 201, db_int(nv, 0, 0));
}

/* ---- routes: reading ---- */

static int get_version(req *r)
{
    int64_t id;
    db_rows *v;
    int rc = req_param_id(&id, r, 0);
    if (rc == 0) rc = load_version(&v, r, id);
    if (rc) return rc;
    return http_json(r, 200, full_version(r, v));
}

/* get_record: the latest version the caller may see, and the list of versions they may see.
 * /api/library/records/{id}/versions/{n} resolves a version identifier. */
static int record_versions(db_rows **v, req *r, int64_t rec)
{
    int rc = db_query(v, req_db(r), r->a,
                      "SELECT " VCOLS " FROM library_versions v JOIN library_records r ON r.id = v.record_id "
                      "WHERE v.record_id = $1 ORDER BY v.version DESC",
                      "i", rec);
    return rc;
}

static int get_record(req *r)
{
    int64_t rec;
    db_rows *v;
    int rc = req_param_id(&rec, r, 0);
    if (rc == 0) rc = record_versions(&v, r, rec);
    if (rc) return rc;
    json_t *list = json_array();
    int latest = -1;
    for (int i = 0; i < v->nrows; i++) {
        if (!can_see(v, i, r->user)) continue;
        if (latest < 0) latest = i;
        json_array_append_new(list, json_pack("{s:I, s:I, s:s, s:o}", "id", (json_int_t)db_int(v, i, V_ID), "version",
                                              (json_int_t)db_int(v, i, V_VERSION), "status", db_text(v, i, V_STATUS),
                                              "published_at",
                                              db_isnull(v, i, V_PUBLISHED) ? json_null()
                                                                           : json_integer(db_int(v, i, V_PUBLISHED))));
    }
    if (latest < 0) {
        json_decref(list);
        return http_fail(r, E_NOTFOUND, NULL, "no such record");
    }
    db_rows *one;
    if ((rc = load_version(&one, r, db_int(v, latest, V_ID)))) {
        json_decref(list);
        return rc;
    }
    json_t *j = full_version(r, one);
    json_object_set_new(j, "versions", list);
    return http_json(r, 200, j);
}

static int get_record_version(req *r)
{
    int64_t rec;
    int rc = req_param_id(&rec, r, 0);
    if (rc) return rc;
    char *end;
    long long n = strtoll(r->params[1], &end, 10);
    if (*end || n <= 0) return http_fail(r, E_NOTFOUND, NULL, "no such version");
    db_rows *v;
    if ((rc = db_query(&v, req_db(r), r->a, "SELECT id FROM library_versions WHERE record_id = $1 AND version = $2", "ii",
                       rec, (int64_t)n)))
        return rc;
    if (v->nrows == 0) return http_fail(r, E_NOTFOUND, NULL, "no such version");
    return answer_version(r, 200, db_int(v, 0, 0));
}

/* mine: the caller's deposits (every version); queue: for editors, what awaits review. */
static int list_versions(req *r, const char *where, int64_t arg)
{
    db_rows *v;
    char *sql = arena_printf(r->a,
                             "SELECT " VCOLS " FROM library_versions v JOIN library_records r ON r.id = v.record_id "
                             "WHERE %s ORDER BY v.updated_at DESC, v.id DESC LIMIT 200",
                             where);
    int rc = db_query(&v, req_db(r), r->a, sql, "i", arg);
    if (rc) return rc;
    json_t *arr = json_array();
    for (int i = 0; i < v->nrows; i++) json_array_append_new(arr, version_json(v, i, r->a));
    return http_json(r, 200, json_pack("{s:o}", "versions", arr));
}

static int mine(req *r) { return list_versions(r, "r.owner_id = $1", r->user->id); }

static int queue(req *r)
{
    return list_versions(r, "v.status IN ('submitted', 'in_review') AND v.id > $1", 0);
}

/* ---- search ---- */

typedef analyzed_terms indexed; /* the analyser's streams are the index's fields */

static int has_subject(const char *subjects_json, const char *want)
{
    json_t *s = json_loads(subjects_json, 0, NULL);
    int found = 0;
    for (size_t i = 0; !found && i < json_array_size(s); i++)
        found = strcasecmp(json_string_value(json_array_get(s, i)), want) == 0;
    json_decref(s);
    return found;
}

/* searchable text: title, creators, subjects, abstract — one passage per record. */
static const char *record_text(arena *a, const db_rows *v, int i)
{
    return arena_printf(a, "%s\n%s\n%s\n%s", db_text(v, i, V_TITLE), db_text(v, i, V_CREATORS),
                        db_text(v, i, V_SUBJECTS), db_text(v, i, V_ABSTRACT));
}

/* The search index: one per server process, over the latest published version of every record
 * (document = version id; passage 0 its metadata, passage k its k-th file with text in id order). Published versions never change and are never deleted, so the set is
 * identified by (how many, the highest version id): each search asks the database for that pair
 * (one indexed aggregate) and rebuilds the index only when it moved — so an index is never stale,
 * even when another app server published the record. Filters (access, type, language, year,
 * subject) are applied in SQL; the ranking keeps only the hits that passed them. */
static struct {
    pthread_rwlock_t lock;
    bm25_index *ix;
    int64_t count, max_id;
} idx = {PTHREAD_RWLOCK_INITIALIZER, NULL, -1, -1};

#define LATEST_PUBLISHED                                                                                      \
    "v.status = 'published' AND v.version = (SELECT max(w.version) FROM library_versions w WHERE "          \
    "w.record_id = v.record_id AND w.status = 'published')"

/* The files with text of the latest published versions, or of one version (passage order). */
#define FILE_TEXTS "SELECT f.version_id, f.name, f.text_content FROM library_files f WHERE f.text_content <> '' AND "
#define FILE_ORDER " ORDER BY f.version_id, f.id"

static int build_index(bm25_index **out, req *r, analyze_ctx *cx)
{
    db_rows *v, *f;
    int rc = db_query(&v, req_db(r), r->a,
                      "SELECT " VCOLS " FROM library_versions v JOIN library_records r ON r.id = v.record_id WHERE "
                      LATEST_PUBLISHED " ORDER BY v.id", "");
    if (rc == 0)
        rc = db_query(&f, req_db(r), r->a,
                      FILE_TEXTS "f.version_id IN (SELECT v.id FROM library_versions v WHERE " LATEST_PUBLISHED ")"
                      FILE_ORDER, "");
    if (rc == 0) rc = bm25_create(out);
    for (int i = 0, j = 0; rc == 0 && i < v->nrows; i++) {
        int64_t vid = db_int(v, i, V_ID);
        langdetect_lang lang = langdetect_parse(db_text(v, i, V_LANG));
        while (j < f->nrows && db_int(f, j, 0) < vid) j++;
        int nf = 0;
        while (j + nf < f->nrows && db_int(f, j + nf, 0) == vid) nf++;
        bm25_passage *ps = arena_alloc_array(r->a, (size_t)nf + 1, sizeof *ps);
        for (int k = 0; rc == 0 && k <= nf; k++) {
            indexed d;
            const char *text = k == 0 ? record_text(r->a, v, i) : db_text(f, j + k - 1, 2);
            rc = analyzers_terms(&d, cx, r->a, text, lang);
            ps[k] = (bm25_passage){{d.t[0], d.t[1]}, {d.n[0], d.n[1]}, 0};
        }
        if (rc == 0) rc = bm25_put(*out, vid, ps, (size_t)nf + 1);
        j += nf;
    }
    return rc;
}

/* fresh_index makes idx current (callers then read it under the read lock) */
static int fresh_index(req *r, analyze_ctx *cx)
{
    db_rows *sig;
    int rc = db_query(&sig, req_db(r), r->a,
                      "SELECT count(*), coalesce(max(v.id), 0) FROM library_versions v WHERE " LATEST_PUBLISHED, "");
    if (rc) return rc;
    int64_t count = db_int(sig, 0, 0), max_id = db_int(sig, 0, 1);
    pthread_rwlock_rdlock(&idx.lock);
    int fresh = idx.ix && idx.count == count && idx.max_id == max_id;
    pthread_rwlock_unlock(&idx.lock);
    if (fresh) return 0;
    bm25_index *ix = NULL;
    if ((rc = build_index(&ix, r, cx))) {
        bm25_free(ix);
        return rc;
    }
    pthread_rwlock_wrlock(&idx.lock);
    if (idx.max_id < max_id || idx.count != count || !idx.ix) {
        bm25_index *old = idx.ix;
        idx.ix = ix;
        idx.count = count;
        idx.max_id = max_id;
        ix = old;
    }
    pthread_rwlock_unlock(&idx.lock);
    bm25_free(ix);
    return 0;
}

typedef struct keyed {
    int64_t vid;
    int row, placed;
} keyed;

/* A ranked result: its row, and the passage that matched best (0: metadata, k: k-th file). */
typedef struct ranked {
    int row;
    uint32_t passage;
} ranked;

static int by_vid(const void *a, const void *b)
{
    int64_t x = ((const keyed *)a)->vid, y = ((const keyed *)b)->vid;
    return (x > y) - (x < y);
}

/* rank: the kept rows that match q, best first, each at its best passage the caller may read (a
 * file's text counts only where its files may be downloaded: an embargo hides it). *sq gets the
 * query's terms with their idf, for snippets. */
static int rank(ranked **order, int *nout, snippet_query *sq, req *r, analyze_ctx *cx, const db_rows *v,
                const int *keep, int nkeep, const char *q)
{
    indexed qi;
    *nout = 0;
    *order = arena_alloc_array(r->a, (size_t)nkeep + 1, sizeof **order);
    int rc = fresh_index(r, cx);
    if (rc == 0) rc = analyzers_terms(&qi, cx, r->a, q, langdetect_detect(q, strlen(q), LANGDETECT_UNKNOWN));
    keyed *ks = arena_alloc_array(r->a, (size_t)nkeep + 1, sizeof *ks);
    for (int k = 0; k < nkeep; k++) ks[k] = (keyed){db_int(v, keep[k], V_ID), keep[k], 0};
    qsort(ks, (size_t)nkeep, sizeof *ks, by_vid);
    if (rc == 0 && nkeep > 0) {
        bm25_query bq = {{qi.t[0], qi.t[1]}, {qi.n[0], qi.n[1]}};
        bm25_search_opts o = BM25_SEARCH_OPTS_INIT;
        pthread_rwlock_rdlock(&idx.lock);
        o.k = bm25_size(idx.ix) ? bm25_size(idx.ix) : 1;
        bm25_hit *hits = arena_alloc_array(r->a, o.k, sizeof *hits);
        size_t nh = 0;
        rc = bm25_search(hits, &nh, idx.ix, r->a, &bq, &o);
        for (int f = 0; f < ANALYZE_NSTREAMS; f++) {
            double *w = arena_alloc_array(r->a, qi.n[f] + 1, sizeof *w);
            for (size_t t = 0; t < qi.n[f]; t++) w[t] = bm25_idf(idx.ix, f, qi.t[f][t]);
            sq->terms[f] = qi.t[f], sq->weight[f] = w, sq->n[f] = qi.n[f];
        }
        pthread_rwlock_unlock(&idx.lock);
        for (size_t h = 0; rc == 0 && h < nh && *nout < nkeep; h++) {
            keyed key = {hits[h].doc, 0, 0}, *found = bsearch(&key, ks, (size_t)nkeep, sizeof *ks, by_vid);
            if (!found || found->placed || hits[h].score <= 0) continue;
            if (hits[h].passage > 0 && !can_download(v, found->row, r->user)) continue;
            found->placed = 1;
            (*order)[(*nout)++] = (ranked){found->row, hits[h].passage};
        }
    }
    return rc;
}

/* Snippets: the best sentence of the matching file, at most this many bytes. */
enum { SNIPPET_MAX = 300 };

/* file_match: for a hit in a file, the file's name and its best sentence for the query. */
static int file_match(json_t *j, req *r, analyze_ctx *cx, const db_rows *v, const ranked *k, const snippet_query *sq)
{
    db_rows *f;
    int rc = db_query(&f, req_db(r), r->a, FILE_TEXTS "f.version_id = $1" FILE_ORDER, "i", db_int(v, k->row, V_ID));
    if (rc) return rc;
    if ((int)k->passage > f->nrows) return 0; /* cannot happen: published files never change */
    const char *text = db_text(f, (int)k->passage - 1, 2);
    size_t len = strlen(text);
    analyze_result res;
    snippet_span span;
    double score;
    if ((rc = analyze_text(&res, cx, text, len, langdetect_parse(db_text(v, k->row, V_LANG)), 0))) return rc;
    if (snippet_best(&span, &score, r->a, text, len, &res, sq)) span = (snippet_span){0, 0};
    size_t n = span.end - span.start;
    if (n > SNIPPET_MAX) {
        n = SNIPPET_MAX;
        while (n > 0 && ((unsigned char)text[span.start + n] & 0xC0) == 0x80) n--;
    }
    json_object_set_new(j, "matched_file", json_string(db_text(f, (int)k->passage - 1, 1)));
    json_object_set_new(j, "snippet", json_stringn(text + span.start, n));
    return 0;
}

static int search(req *r)
{
    const char *q = req_query(r, "q"), *type = req_query(r, "type"), *lang = req_query(r, "language"),
               *year = req_query(r, "year"), *subject = req_query(r, "subject"), *page = req_query(r, "page");
    long yr = 0, pg = 1;
    char *end;
    if (year && *year && ((yr = strtol(year, &end, 10)), *end || yr < 1000 || yr > 9999))
        return http_fail(r, E_INVALID, "year", "year: four digits");
    if (page && *page && ((pg = strtol(page, &end, 10)), *end || pg < 1 || pg > 10000))
        return http_fail(r, E_INVALID, "page", "page: a number from 1");
    if (type && *type && !in_list(type, TYPES, sizeof TYPES / sizeof *TYPES))
        return http_fail(r, E_INVALID, "type", "type: one of the deposit types");
    if (lang && *lang && !in_list(lang, LANGS, 4)) return http_fail(r, E_INVALID, "language", "language: ar, fr, en or zgh");
    if (q && strlen(q) > 500) return http_fail(r, E_INVALID, "q", "q: at most 500 bytes");
    db_rows *v;
    int rc = db_query(&v, req_db(r), r->a,
                      "SELECT " VCOLS " FROM library_versions v JOIN library_records r ON r.id = v.record_id "
                      "WHERE v.status = 'published' AND (v.access = 'public' OR $1 = 1) "
                      "AND v.version = (SELECT max(w.version) FROM library_versions w WHERE w.record_id = v.record_id "
                      "AND w.status = 'published') AND ($2 = '' OR v.type = $2) AND ($3 = '' OR v.language = $3) "
                      "AND ($4 = 0 OR v.year = $4) ORDER BY v.published_at DESC, v.id DESC",
                      "issi", (int64_t)(r->user != NULL), type ? type : "", lang ? lang : "", (int64_t)yr);
    if (rc) return rc;
    int *keep = arena_alloc_array(r->a, (size_t)v->nrows + 1, sizeof *keep), nkeep = 0;
    for (int i = 0; i < v->nrows; i++)
        if (!subject || !*subject || has_subject(db_text(v, i, V_SUBJECTS), subject)) keep[nkeep++] = i;
    int n = nkeep, ranking = q && *q;
    ranked *order = arena_alloc_array(r->a, (size_t)nkeep + 1, sizeof *order);
    for (int k = 0; k < nkeep; k++) order[k] = (ranked){keep[k], 0};
    analyze_ctx *cx = NULL;
    snippet_query sq;
    if (ranking && ((rc = (cx = analyzers_get()) ? 0 : E_FAIL) || (rc = rank(&order, &n, &sq, r, cx, v, keep, nkeep, q)))) {
        analyzers_put(cx);
        return rc;
    }
    json_t *arr = json_array();
    for (int k = (int)(pg - 1) * LIBRARY_PAGE; rc == 0 && k < n && k < (int)pg * LIBRARY_PAGE; k++) {
        json_t *j = version_json(v, order[k].row, r->a);
        if (ranking) json_object_set_new(j, "matched_in", json_string(order[k].passage ? "file" : "metadata"));
        if (order[k].passage) rc = file_match(j, r, cx, v, &order[k], &sq);
        json_array_append_new(arr, j);
    }
    analyzers_put(cx);
    if (rc) {
        json_decref(arr);
        return rc;
    }
    return http_json(r, 200, json_pack("{s:o, s:i, s:i, s:i}", "records", arr, "total", n, "page", (int)pg,
                                       "page_size", LIBRARY_PAGE));
}

/* ---- demo ---- */

static const struct demo_record {
    const char *title, *creators, *date, *language, *subjects, *abstract, *type;
} demo_records[] = {
    {"تقرير حول تعلم القراءة في المدارس الابتدائية القروية",
     "[{\"name\":\"رشيد الإدريسي\",\"affiliation\":\"مدرسة ابن خلدون الابتدائية\"}]", "2025-06-15", "ar",
     "[\"القراءة\",\"التعليم الابتدائي\"]",
     "يعرض هذا التقرير نتائج تجربة لتعليم القراءة حسب المستوى في عشر مدارس قروية، ويقترح توصيات للمدرسين.",
     "report"},
    {"L'enseignement des fractions au cycle intermédiaire",
     "[{\"name\":\"Rachid El Idrissi\",\"affiliation\":\"École primaire Ibn Khaldoun\"}]", "2024", "fr",
     "[\"mathématiques\",\"fractions\"]",
     "Une étude des erreurs fréquentes des élèves sur les fractions et des activités de remédiation en classe.",
     "article"},
};

int library_demo(db_conn *c)
{
    arena a = ARENA_INIT;
    db_rows *u, *n;
    int rc = db_query(&u, c, &a, "SELECT id FROM users WHERE login = 'teacher'", "");
    if (rc == 0 && u->nrows == 0) rc = E_NOTFOUND;
    if (rc == 0) rc = db_query(&n, c, &a, "SELECT count(*) FROM library_records WHERE owner_id = $1", "i", db_int(u, 0, 0));
    if (rc || db_int(n, 0, 0) > 0) goto done;
    int64_t now = db_now();
    for (size_t i = 0; rc == 0 && i < sizeof demo_records / sizeof *demo_records; i++) {
        const struct demo_record *d = &demo_records[i];
        int year = 0;
        library_year_of(&year, d->date);
        db_rows *rec;
        rc = db_query(&rec, c, &a, "INSERT INTO library_records (owner_id, created_at) VALUES ($1, $2) RETURNING id",
                      "ii", db_int(u, 0, 0), now);
        if (rc == 0)
            rc = db_exec(c,
                         "INSERT INTO library_versions (record_id, version, status, title, creators, date_issued, year, "
                         "language, subjects, abstract, type, rights, created_at, updated_at, published_at) VALUES "
                         "($1, 1, 'published', $2, $3, $4, $5, $6, $7, $8, $9, 'CC BY 4.0', $10, $10, $10)",
                         "isssissssi", db_int(rec, 0, 0), d->title, d->creators, d->date, (int64_t)year, d->language,
                         d->subjects, d->abstract, d->type, now) < 0 ? E_FAIL : 0;
    }
done:
    arena_free(&a);
    return rc;
}

static const route routes[] = {
    {"GET", "/api/library/records", search, ALLOW_PUBLIC, 0},
    {"POST", "/api/library/records", create_record, ROLE_ANY_USER & ~ROLE_LEARNER, 0},
    {"GET", "/api/library/records/{id}", get_record, ALLOW_PUBLIC, 0},
    {"GET", "/api/library/records/{id}/versions/{n}", get_record_version, ALLOW_PUBLIC, 0},
    {"POST", "/api/library/records/{id}/versions", new_version, ROLE_ANY_USER & ~ROLE_LEARNER, 0},
    {"GET", "/api/library/versions/{id}", get_version, ALLOW_PUBLIC, 0},
    {"PUT", "/api/library/versions/{id}", update_version, ROLE_ANY_USER & ~ROLE_LEARNER, 0},
    {"POST", "/api/library/versions/{id}/files", add_file_json, ROLE_ANY_USER & ~ROLE_LEARNER, 0},
    {"POST", "/api/library/versions/{id}/upload", add_file_raw, ROLE_ANY_USER & ~ROLE_LEARNER, ROUTE_IMPORT},
    {"POST", "/api/library/versions/{id}/submit", submit, ROLE_ANY_USER & ~ROLE_LEARNER, 0},
    {"POST", "/api/library/versions/{id}/review", review, ROLE_ADMIN | ROLE_COUNCIL_SECRETARIAT, 0},
    {"GET", "/api/library/files/{id}", download, ALLOW_PUBLIC, 0},
    {"DELETE", "/api/library/files/{id}", delete_file, ROLE_ANY_USER & ~ROLE_LEARNER, 0},
    {"GET", "/api/library/mine", mine, ROLE_ANY_USER & ~ROLE_LEARNER, 0},
    {"GET", "/api/library/queue", queue, ROLE_ADMIN | ROLE_COUNCIL_SECRETARIAT, 0},
};

const route_table library_routes = ROUTE_TABLE(routes);
