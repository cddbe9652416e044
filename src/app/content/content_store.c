/*
 * content_store.c — the server's curriculum: the bundled bank, the imports, the content routes.
 *
 * Invariants: the bank is loaded at most once (pthread_once) and never changes afterwards, so
 * readers take no lock. Imports are a list that only grows; it is guarded by a mutex, and each
 * node (its arena and templates) lives until the process ends, so a template pointer handed
 * out stays valid. The database sync runs once, under the same mutex, on the first connection
 * offered after start-up.
 */
#include "app/content/content_store.h"

#include <dirent.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "app/content/gift.h"
#include "app/content/moodle_xml.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/log.h"

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static const char *load_dir;
static content_bank *bank;
static int load_rc;

typedef struct import_node {
    struct import_node *next;
    arena a;
    content_import imp;
    char *prefix;
} import_node;

static pthread_mutex_t imports_mu = PTHREAD_MUTEX_INITIALIZER;
static import_node *imports;
static int synced;

static int cmp_str(const void *x, const void *y) { return strcmp(*(char *const *)x, *(char *const *)y); }

/* load_folder: every *.json of dir, in name order, then link. */
static int load_folder(content_bank *b, buf *errors, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        buf_printf(errors, "%s: cannot open the content folder\n", dir);
        return E_NOTFOUND;
    }
    char *names[512];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < sizeof names / sizeof names[0]) {
        size_t len = strlen(e->d_name);
        if (len > 5 && e->d_name[0] != '.' && strcmp(e->d_name + len - 5, ".json") == 0)
            names[n++] = xstrdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    int rc = n ? 0 : E_NOTFOUND;
    if (!n) buf_printf(errors, "%s: no content files\n", dir);
    for (size_t i = 0; i < n; i++) {
        buf path = BUF_INIT(4096);
        buf_printf(&path, "%s/%s", dir, names[i]);
        if (!path.err && rc == 0) rc = content_bank_load_file(b, errors, path.data);
        buf_free(&path);
        free(names[i]);
    }
    if (rc == 0) rc = content_bank_link(b, errors);
    return rc;
}

static void load(void)
{
    const char *dir = load_dir ? load_dir : getenv("MADRASA_CONTENT");
    if (!dir || !*dir) dir = "content";
    buf errors = BUF_INIT(1 << 16);
    bank = content_bank_new();
    load_rc = load_folder(bank, &errors, dir);
    if (load_rc) {
        log_error("content: %s could not be loaded:\n%s", dir, errors.data ? errors.data : "");
        content_bank_free(bank);
        bank = NULL;
    } else {
        log_info("content: %zu skills, %zu templates from %s", bank->nskills, bank->ntemplates, dir);
    }
    buf_free(&errors);
}

int content_store_init(const char *dir)
{
    load_dir = dir;
    pthread_once(&load_once, load);
    return load_rc;
}

const content_bank *content_store_bank(void)
{
    pthread_once(&load_once, load);
    return bank;
}

/* ---- imports in memory ---- */

static int parse_import(import_node **out, buf *errors, import_problems *problems, const char *name,
                        const char *format, const char *lang, const char *prefix, const char *body, size_t len)
{
    import_node *n = xcalloc(1, sizeof *n);
    import_opts o = IMPORT_OPTS_INIT;
    o.problems = problems;
    int l = content_lang_parse(lang);
    o.lang = l < 0 ? LANG_FR : (content_lang)l;
    n->prefix = xstrdup(prefix);
    o.id_prefix = n->prefix;
    int rc = strcmp(format, "gift") == 0 ? gift_import(&n->imp, &n->a, errors, name, body, len, &o)
                                         : moodle_xml_import(&n->imp, &n->a, errors, name, body, len, &o);
    if (rc == 0 && n->imp.n == 0) {
        rc = import_report(errors, problems, name, 1, IMP_NO_QUESTION_IN_FILE, NULL);
    }
    if (rc) {
        arena_free(&n->a);
        free(n->prefix);
        free(n);
        return rc;
    }
    *out = n;
    return 0;
}

static void imports_push(import_node *n)
{
    n->next = imports;
    imports = n;
}

const content_template *content_store_template(const char *id)
{
    const content_bank *b = content_store_bank();
    const content_template *t = b ? content_find_template(b, id) : NULL;
    if (t) return t;
    pthread_mutex_lock(&imports_mu);
    for (import_node *n = imports; n && !t; n = n->next)
        for (size_t i = 0; i < n->imp.n; i++)
            if (strcmp(n->imp.templates[i].id, id) == 0) {
                t = &n->imp.templates[i];
                break;
            }
    pthread_mutex_unlock(&imports_mu);
    return t;
}

int content_store_import(const content_template ***out, size_t *n, arena *a, const char *prefix)
{
    *out = NULL;
    *n = 0;
    int rc = E_NOTFOUND;
    pthread_mutex_lock(&imports_mu);
    for (import_node *node = imports; node && rc; node = node->next)
        if (strcmp(node->prefix, prefix) == 0) {
            const content_template **t = arena_alloc_array(a, node->imp.n + 1, sizeof *t);
            for (size_t i = 0; i < node->imp.n; i++) t[i] = &node->imp.templates[i];
            *out = t;
            *n = node->imp.n;
            rc = 0;
        }
    pthread_mutex_unlock(&imports_mu);
    return rc;
}

/* ---- database sync ---- */

static const char *subject_ladder(const char *subject)
{
    static const char *const map[][2] = {{"math", "math"}, {"arabic", "read_ar"}, {"french", "read_fr"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (subject && strcmp(subject, map[i][0]) == 0) return map[i][1];
    return NULL;
}

static int sync_bank(db_conn *c, const content_bank *b)
{
    int rc = 0;
    for (size_t f = 0; rc >= 0 && f < b->nfiles; f++) {
        const content_file *cf = b->files[f];
        for (size_t d = 0; rc >= 0 && d < cf->ndomains; d++)
            for (size_t s = 0; rc >= 0 && s < cf->domains[d].nskills; s++) {
                const content_skill *sk = &cf->domains[d].skills[s];
                rc = db_exec(c,
                             "INSERT INTO content_skills (id, subject, ladder, grade, tarl_level, title_ar, title_fr) "
                             "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO UPDATE SET subject = "
                             "excluded.subject, ladder = excluded.ladder, grade = excluded.grade, tarl_level = "
                             "excluded.tarl_level, title_ar = excluded.title_ar, title_fr = excluded.title_fr",
                             "sssiiss", sk->id, cf->subject_id, subject_ladder(cf->subject_id), (int64_t)sk->grade,
                             (int64_t)sk->tarl_level, sk->title.s[LANG_AR], sk->title.s[LANG_FR]);
                for (size_t t = 0; rc >= 0 && t < sk->ntemplates; t++)
                    rc = db_exec(c,
                                 "INSERT INTO content_templates (id, skill_id, type) VALUES ($1, $2, $3) "
                                 "ON CONFLICT (id) DO UPDATE SET skill_id = excluded.skill_id, type = excluded.type",
                                 "sss", sk->templates[t].id, sk->id, content_type_name(sk->templates[t].type));
            }
    }
    return rc < 0 ? rc : 0;
}

static int load_imports(db_conn *c)
{
    arena a = ARENA_INIT;
    db_rows *r;
    int rc = db_query(&r, c, &a, "SELECT format, lang, id_prefix, body FROM content_imports ORDER BY id", "");
    for (int i = 0; rc == 0 && i < r->nrows; i++) {
        buf errors = BUF_INIT(1 << 14);
        import_node *n;
        const char *body = db_text(r, i, 3);
        if (parse_import(&n, &errors, NULL, "import", db_text(r, i, 0), db_text(r, i, 1), db_text(r, i, 2), body,
                         strlen(body)) == 0)
            imports_push(n);
        else
            log_error("content: stored import '%s' no longer parses:\n%s", db_text(r, i, 2), errors.data);
        buf_free(&errors);
    }
    arena_free(&a);
    return rc;
}

int content_store_sync(db_conn *c)
{
    const content_bank *b = content_store_bank();
    if (!b) return E_FAIL;
    pthread_mutex_lock(&imports_mu);
    int rc = 0;
    if (!synced) {
        rc = db_begin(c);
        if (rc == 0) rc = sync_bank(c, b);
        if (rc == 0) rc = db_commit(c);
        else db_rollback(c);
        if (rc == 0) rc = load_imports(c);
        synced = rc == 0;
    }
    pthread_mutex_unlock(&imports_mu);
    return rc;
}

/* ---- routes ---- */

static json_t *ctext_json(const ctext *t)
{
    json_t *o = json_object();
    for (int l = 0; l < LANG_COUNT; l++)
        if (t->s[l]) json_object_set_new(o, content_lang_code((content_lang)l), json_string(t->s[l]));
    return o;
}

static int list_skills(req *r)
{
    const content_bank *b = content_store_bank();
    if (!b) return http_fail(r, E_FAIL, NULL, "the curriculum is not loaded");
    json_t *arr = json_array();
    for (size_t f = 0; f < b->nfiles; f++) {
        const content_file *cf = b->files[f];
        for (size_t d = 0; d < cf->ndomains; d++)
            for (size_t s = 0; s < cf->domains[d].nskills; s++) {
                const content_skill *sk = &cf->domains[d].skills[s];
                json_t *pre = json_array();
                for (size_t p = 0; p < sk->nprerequisites; p++) json_array_append_new(pre, json_string(sk->prerequisites[p]));
                json_array_append_new(
                    arr, json_pack("{s:s, s:s, s:s?, s:s, s:o, s:i, s:i, s:o, s:i}", "id", sk->id, "subject",
                                   cf->subject_id, "ladder", subject_ladder(cf->subject_id), "domain",
                                   cf->domains[d].id, "title", ctext_json(&sk->title), "grade", sk->grade,
                                   "tarl_level", sk->tarl_level, "prerequisites", pre, "templates",
                                   (int)sk->ntemplates));
            }
    }
    return http_json(r, 200, json_pack("{s:o}", "skills", arr));
}

/* summary_json: what an import holds, as {"types": {"choice": 2, …} (only the types present),
 * "categories": [in first-seen order]} — the import page's result and list, the quiz picker. */
static json_t *summary_json(const content_template *const *t, size_t n)
{
    json_t *types = json_object(), *cats = json_array();
    for (size_t i = 0; i < n; i++) {
        const char *type = content_type_name(t[i]->type);
        json_object_set_new(types, type, json_integer(json_integer_value(json_object_get(types, type)) + 1));
        int seen = !t[i]->category;
        for (size_t k = 0; k < json_array_size(cats) && !seen; k++)
            seen = strcmp(json_string_value(json_array_get(cats, k)), t[i]->category) == 0;
        if (!seen) json_array_append_new(cats, json_string(t[i]->category));
    }
    return json_pack("{s:o, s:o}", "types", types, "categories", cats);
}

/* GET /api/content/imports: newest first, each with who imported it ({id, name, name_ar}, null
 * when that account is gone) and its summary. */
static int list_imports(req *r)
{
    db_rows *rows;
    int rc = content_store_sync(req_db(r));
    if (rc == 0)
        rc = db_query(&rows, req_db(r), r->a,
                      "SELECT i.id, i.format, i.lang, i.id_prefix, i.questions, i.created_at, i.created_by, u.name, u.name_ar "
                      "FROM content_imports i LEFT JOIN users u ON u.id = i.created_by ORDER BY i.id DESC",
                      "");
    if (rc) return rc;
    json_t *arr = json_array();
    for (int i = 0; i < rows->nrows; i++) {
        json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:I, s:I}", "id", (json_int_t)db_int(rows, i, 0), "format",
                              db_text(rows, i, 1), "lang", db_text(rows, i, 2), "prefix", db_text(rows, i, 3),
                              "questions", (json_int_t)db_int(rows, i, 4), "created_at", (json_int_t)db_int(rows, i, 5));
        json_object_set_new(o, "created_by",
                            db_isnull(rows, i, 7) ? json_null()
                                                  : json_pack("{s:I, s:s, s:s?}", "id", (json_int_t)db_int(rows, i, 6),
                                                              "name", db_text(rows, i, 7), "name_ar",
                                                              db_text(rows, i, 8)));
        const content_template **t;
        size_t n;
        if (content_store_import(&t, &n, r->a, db_text(rows, i, 3)) == 0)
            json_object_update_new(o, summary_json(t, n));
        json_array_append_new(arr, o);
    }
    return http_json(r, 200, json_pack("{s:o}", "imports", arr));
}

/* GET /api/content/imports/{prefix}: the import's questions (id, type, category, the stem in the
 * import's language), its categories in first-seen order and its count per type, so a teacher
 * can choose a quiz. */
static int get_import(req *r)
{
    const char *prefix = r->params[0];
    db_rows *row;
    int rc = content_store_sync(req_db(r));
    if (rc == 0)
        rc = db_query(&row, req_db(r), r->a,
                      "SELECT id, format, lang, questions, created_at FROM content_imports WHERE id_prefix = $1", "s",
                      prefix);
    if (rc) return rc;
    const content_template **t;
    size_t n;
    if (row->nrows == 0 || content_store_import(&t, &n, r->a, prefix))
        return http_fail(r, E_NOTFOUND, "prefix", "no import has the prefix '%s'", prefix);
    int lang = content_lang_parse(db_text(row, 0, 2));
    json_t *qs = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(qs, json_pack("{s:s, s:s, s:s?, s:s}", "id", t[i]->id, "type",
                                            content_type_name(t[i]->type), "category", t[i]->category, "stem",
                                            content_ctext_get(&t[i]->stem, lang < 0 ? LANG_FR : (content_lang)lang)));
    json_t *out = json_pack("{s:I, s:s, s:s, s:s, s:I, s:I, s:o}", "id", (json_int_t)db_int(row, 0, 0), "prefix",
                            prefix, "format", db_text(row, 0, 1), "lang", db_text(row, 0, 2), "questions",
                            (json_int_t)db_int(row, 0, 3), "created_at", (json_int_t)db_int(row, 0, 4), "items", qs);
    json_object_update_new(out, summary_json(t, n));
    return http_json(r, 200, out);
}

static int valid_prefix(const char *p)
{
    size_t n = strlen(p);
    if (n < 1 || n > 40) return 0;
    for (size_t i = 0; i < n; i++)
        if (!((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= '0' && p[i] <= '9') || p[i] == '-' || p[i] == '_')) return 0;
    return 1;
}

enum { NAME_MAX_BYTES = 100 };

/* valid_name: the file name a page sends for messages — 1 to NAME_MAX_BYTES bytes of UTF-8
 * without control characters or ':' (which would blur "<name>:<line>:"). */
static int valid_name(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n > NAME_MAX_BYTES) return 0;
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0 || cp < 0x20 || cp == 0x7f || cp == ':') return 0;
        i += (size_t)k;
    }
    return 1;
}

/* text_problem: 0 when body[0..len) is UTF-8 text, else the line (from 1) of the first NUL or
 * byte that is not UTF-8, with *what saying which. A file saved in Windows-1252 or -1256 is the
 * usual cause; storing it as it is would break the JSON of every later answer. */
static long text_problem(import_code *what, const char *body, size_t len)
{
    long line = 1;
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)body + i, (utf8proc_ssize_t)(len - i), &cp);
        if (k <= 0 || cp == 0) {
            *what = k <= 0 ? IMP_NOT_UTF8 : IMP_NUL_BYTE;
            return line;
        }
        line += cp == '\n';
        i += (size_t)k;
    }
    return 0;
}

/* first_error_line: the line number of the first "<name>:<line>: …" error, or 0. */
static long first_error_line(const char *errors)
{
    const char *colon = errors ? strchr(errors, ':') : NULL;
    return colon ? strtol(colon + 1, NULL, 10) : 0;
}

/* fail_import: a refused file: the message is every "<file>:<line>: <problem>" line, and the
 * error object also carries "problems": [{file, line, code, message, params?}], each code's
 * text being "content.import.problem.<code>" in the UI. Returns rc for the router to answer. */
static int fail_import(req *r, int rc, const char *message, long line, const import_problems *ps)
{
    json_t *list = json_array();
    for (size_t i = 0; i < ps->n; i++) {
        const import_problem *p = &ps->v[i];
        const import_problem_info *d = import_problem_def(p->code);
        json_t *o = json_pack("{s:s, s:I, s:s, s:s}", "file", p->file, "line", (json_int_t)p->line, "code", d->code,
                              "message", p->message);
        if (d->param && p->value) json_object_set_new(o, "params", json_pack("{s:s}", d->param, p->value));
        json_array_append_new(list, o);
    }
    http_fail_line(r, rc, line, "%s", message);
    http_fail_detail(r, "problems", list);
    return rc;
}

static int store_import(db_conn *c, const import_node *n, const char *format, const char *lang, const req *r)
{
    db_rows *row;
    int rc = db_begin(c);
    if (rc == 0)
        rc = db_query(&row, c, r->a,
                      "INSERT INTO content_imports (format, lang, id_prefix, body, questions, created_by, created_at) "
                      "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                      "ssssiii", format, lang, n->prefix, r->body, (int64_t)n->imp.n, r->user->id, db_now());
    for (size_t i = 0; rc == 0 && i < n->imp.n; i++) {
        int k = db_exec(c, "INSERT INTO content_templates (id, skill_id, type, source) VALUES ($1, NULL, $2, 'import')",
                        "ss", n->imp.templates[i].id, content_type_name(n->imp.templates[i].type));
        rc = k < 0 ? k : 0;
    }
    if (rc == 0) return db_commit(c);
    db_rollback(c);
    return rc;
}

static int import_content(req *r)
{
    const char *format = req_query(r, "format"), *lang = req_query(r, "lang"), *prefix = req_query(r, "prefix");
    if (!format || (strcmp(format, "gift") != 0 && strcmp(format, "moodle_xml") != 0))
        return http_fail(r, E_INVALID, "format", "format: gift or moodle_xml");
    if (!lang) lang = "fr";
    if (content_lang_parse(lang) < 0) return http_fail(r, E_INVALID, "lang", "lang: ar, fr, en or zgh");
    if (!prefix || !valid_prefix(prefix))
        return http_fail(r, E_INVALID, "prefix", "prefix: 1 to 40 characters among a-z 0-9 - _");
    const char *name = req_query(r, "name");
    import_code what = IMP_NOT_UTF8;
    int rc;
    if (!name) name = "import";
    if (!valid_name(name))
        return http_fail(r, E_INVALID, "name", "name: the file's name, 1 to %d bytes without ':' or control characters",
                         NAME_MAX_BYTES);
    long bad_line = text_problem(&what, r->body ? r->body : "", r->body_len);
    import_problems problems = {r->a, NULL, 0, 0};
    buf errors = BUF_INIT(1 << 16);
    if (bad_line) {
        import_report(&errors, &problems, name, bad_line, what, NULL);
        rc = fail_import(r, E_INVALID, arena_strdup(r->a, errors.data), bad_line, &problems);
        buf_free(&errors);
        return rc;
    }
    db_conn *c = req_db(r);
    rc = content_store_sync(c);
    if (rc) {
        buf_free(&errors);
        return rc;
    }
    import_node *n;
    char *body = arena_strndup(r->a, r->body ? r->body : "", r->body_len);
    rc = parse_import(&n, &errors, &problems, name, format, lang, prefix, body, r->body_len);
    if (rc) {
        const char *msg = arena_strdup(r->a, errors.data ? errors.data : "import: the file is not valid");
        long line = first_error_line(msg);
        buf_free(&errors);
        return fail_import(r, rc, msg, line, &problems);
    }
    buf_free(&errors);
    for (size_t i = 0; i < n->imp.n; i++)
        if (content_store_template(n->imp.templates[i].id)) {
            rc = E_CONFLICT;
            break;
        }
    if (rc == 0) rc = store_import(c, n, format, lang, r);
    if (rc) {
        arena_free(&n->a);
        free(n->prefix);
        free(n);
        if (rc == E_CONFLICT) return http_fail(r, rc, "prefix", "prefix '%s' is already used", prefix);
        return rc;
    }
    json_t *ids = json_array();
    const content_template **ts = arena_alloc_array(r->a, n->imp.n + 1, sizeof *ts);
    for (size_t i = 0; i < n->imp.n; i++) {
        json_array_append_new(ids, json_string(n->imp.templates[i].id));
        ts[i] = &n->imp.templates[i];
    }
    json_t *out = json_pack("{s:i, s:s, s:s, s:s, s:o}", "imported", (int)n->imp.n, "prefix", prefix, "format", format,
                            "lang", lang, "templates", ids);
    json_object_update_new(out, summary_json(ts, n->imp.n));
    pthread_mutex_lock(&imports_mu);
    imports_push(n);
    pthread_mutex_unlock(&imports_mu);
    return http_json(r, 201, out);
}

static const route routes[] = {
    {"GET", "/api/content/skills", list_skills, ROLE_ANY_USER, 0},
    {"GET", "/api/content/imports", list_imports, ROLE_ADMIN | ROLE_TEACHER | ROLE_SCHOOL_ADMIN, 0},
    {"GET", "/api/content/imports/{prefix}", get_import, ROLE_ADMIN | ROLE_TEACHER | ROLE_SCHOOL_ADMIN, 0},
    {"POST", "/api/admin/content/import", import_content, ROLE_ADMIN | ROLE_TEACHER | ROLE_SCHOOL_ADMIN, ROUTE_IMPORT},
};

const route_table content_routes = ROUTE_TABLE(routes);
