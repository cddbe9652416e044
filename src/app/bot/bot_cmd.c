/*
 * bot_cmd.c — `madrasa import docs PATH…` and the bundled demo corpus.
 *
 *   madrasa import docs PATH… [--db URL] [--type T] [--lang L] [--access A] [--title T]
 *                             [--date D] [--source URL]
 *
 * A PATH is a file (.pdf .html .htm .md .txt) or a folder of them (not recursive). Metadata
 * comes from the options (defaults for every file) and from a sidecar PATH.meta.json next to
 * the file, whose fields win: {"title","type","date","lang","access","source","key"} (unknown
 * fields are an error). Each document is its own transaction: one that fails is reported
 * with the field at fault and the others are still imported; the exit status is then 1.
 * The demo loader (bot_demo) runs the same path over content/council and then loads
 * content/council/faq.json ([{"lang","question","answer","access"?}]).
 */
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/bot/bot_int.h"
#include "base/args.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/log.h"
#include "cli/cli.h"

enum { FILE_MAX = 64 << 20, MAX_FILES = 4096 };

typedef struct defaults {
    const char *title, *type, *date, *lang, *source, *access;
} defaults;

/* sidecar: PATH.meta.json over the defaults; E_INVALID with *why when it is malformed. */
static int sidecar(bot_doc_in *d, const char **why, arena *a, const char *path, const defaults *def)
{
    d->title = def->title, d->type = def->type, d->date = def->date, d->lang = def->lang, d->source = def->source;
    const char *access = def->access, *key = NULL;
    char *text;
    size_t len;
    const char *meta = arena_printf(a, "%s.meta.json", path);
    struct stat st;
    if (stat(meta, &st) == 0) {
        if (read_file_all(&text, &len, meta, 1 << 20)) {
            *why = arena_printf(a, "%s: cannot be read", meta);
            return E_INVALID;
        }
        json_error_t err;
        json_t *j = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
        free(text);
        const char *t = NULL, *ty = NULL, *dt = NULL, *l = NULL, *ac = NULL, *src = NULL, *k = NULL;
        if (!j || json_unpack_ex(j, &err, JSON_STRICT, "{s?s, s?s, s?s, s?s, s?s, s?s, s?s}", "title", &t, "type", &ty,
                                 "date", &dt, "lang", &l, "access", &ac, "source", &src, "key", &k) != 0) {
            *why = arena_printf(a, "%s: %s", meta, err.text);
            json_decref(j);
            return E_INVALID;
        }
        if (t) d->title = arena_strdup(a, t);
        if (ty) d->type = arena_strdup(a, ty);
        if (dt) d->date = arena_strdup(a, dt);
        if (l) d->lang = arena_strdup(a, l);
        if (ac) access = arena_strdup(a, ac);
        if (src) d->source = arena_strdup(a, src);
        if (k) key = arena_strdup(a, k);
        json_decref(j);
    }
    d->key = key;
    d->access = access ? bot_access_parse(access) : BOT_PUBLIC;
    if (d->access < 0) {
        *why = "access: public, council or restricted";
        return E_INVALID;
    }
    return 0;
}

/* import_file: one document; prints one line; 0 or the error. */
static int import_file(db_conn *c, const char *path, const defaults *def, const char *origin, FILE *out)
{
    arena a = ARENA_INIT;
    bot_doc_in d = BOT_DOC_IN_INIT;
    const char *why = NULL, *field = NULL;
    char *data = NULL;
    size_t len = 0;
    int rc = sidecar(&d, &why, &a, path, def);
    if (rc == 0 && read_file_all(&data, &len, path, FILE_MAX)) {
        rc = E_INVALID;
        why = "cannot be read (or larger than 64 MiB)";
    }
    bot_ingest_result res;
    if (rc == 0) {
        d.origin = origin, d.data = data, d.len = len;
        d.format = bot_format_guess(NULL, path, data, len);
        rc = bot_ingest(&res, &field, &why, c, &a, &d);
    }
    if (rc == 0 && out)
        fprintf(out, "%s: %s, %zu passages, %s (document %lld)\n", path, res.status, res.passages, res.lang,
                (long long)res.id);
    else if (rc)
        log_error("%s: %s%s%s", path, field ? field : "", field ? ": " : "", why ? why : err_name(rc));
    free(data);
    arena_free(&a);
    return rc;
}

static int importable(const char *name)
{
    const char *dot = strrchr(name, '.');
    return name[0] != '.' && dot && bot_format_parse(dot + 1) != BOT_FMT_UNKNOWN;
}

static int cmp_str(const void *x, const void *y) { return strcmp(*(char *const *)x, *(char *const *)y); }

/* import_path: a file, or the importable files of a folder in name order. */
static int import_path(db_conn *c, const char *path, const defaults *def, const char *origin, FILE *out)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        log_error("%s: no such file or folder", path);
        return E_NOTFOUND;
    }
    if (!S_ISDIR(st.st_mode)) return import_file(c, path, def, origin, out);
    DIR *dir = opendir(path);
    if (!dir) return E_FAIL;
    char **names = xcalloc(MAX_FILES, sizeof *names);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(dir)) && n < MAX_FILES)
        if (importable(e->d_name)) names[n++] = xstrdup(e->d_name);
    closedir(dir);
    qsort(names, n, sizeof *names, cmp_str);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        buf p = BUF_INIT(8192);
        buf_printf(&p, "%s/%s", path, names[i]);
        int r = p.err ? E_LIMIT : import_file(c, p.data, def, origin, out);
        if (r && !rc) rc = r;
        buf_free(&p);
        free(names[i]);
    }
    free(names);
    return rc;
}

static const char *const value_opts[] = {"--db", "--type", "--lang", "--access", "--title", "--date", "--source", NULL};

static int takes_value(const char *arg)
{
    for (int i = 0; value_opts[i]; i++)
        if (strcmp(arg, value_opts[i]) == 0) return 1;
    return 0;
}

int bot_import_cmd(int argc, char **argv)
{
    static const char *const allowed[] = {"--db=", "--type=", "--lang=", "--access=", "--title=", "--date=",
                                          "--source=", NULL};
    if (argc < 3 || strcmp(argv[1], "docs") != 0 || args_check(argc, argv, allowed)) {
        fprintf(stderr, "usage: madrasa import docs PATH… [--db URL] [--type report|opinion|law|decision|faq|other]\n"
                        "       [--lang ar|fr|en|zgh] [--access public|council|restricted] [--title T] [--date YYYY-MM-DD]\n"
                        "       [--source URL]   (a sidecar PATH.meta.json gives per-file metadata)\n");
        return 2;
    }
    defaults def = {args_value(argc, argv, "--title"), args_value(argc, argv, "--type"), args_value(argc, argv, "--date"),
                    args_value(argc, argv, "--lang"), args_value(argc, argv, "--source"),
                    args_value(argc, argv, "--access")};
    db *d = cli_open_db(argc, argv, 1);
    if (!d) return 1;
    db_conn *c = db_acquire(d);
    int failed = 0, paths = 0;
    for (int i = 2; i < argc; i++) {
        if (strncmp(argv[i], "--", 2) == 0) {
            if (!strchr(argv[i], '=') && takes_value(argv[i])) i++;
            continue;
        }
        paths++;
        failed |= import_path(c, argv[i], &def, "import", stdout) != 0;
    }
    db_release(c);
    db_close(d);
    if (!paths) fprintf(stderr, "madrasa import docs: no PATH given\n");
    return failed || !paths ? 1 : 0;
}

/* ---- the demo corpus ---- */

static int demo_faq(db_conn *c, const char *dir)
{
    char *text;
    size_t len;
    arena a = ARENA_INIT;
    const char *path = arena_printf(&a, "%s/faq.json", dir);
    if (read_file_all(&text, &len, path, 1 << 20)) {
        arena_free(&a);
        return 0;
    }
    json_error_t err;
    json_t *j = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err), *e;
    free(text);
    size_t i;
    int rc = json_is_array(j) ? db_begin(c) : E_INVALID;
    int added = 0;
    json_array_foreach(j, i, e) {
        const char *l, *q, *ans, *acc = "public";
        if (rc) break;
        if (json_unpack_ex(e, &err, JSON_STRICT, "{s:s, s:s, s:s, s?s}", "lang", &l, "question", &q, "answer", &ans,
                           "access", &acc) != 0 || bot_access_parse(acc) < 0) {
            rc = E_INVALID;
            break;
        }
        int n = db_exec(c,
                        "INSERT INTO bot_faq (lang, question, answer, access, created_at) VALUES ($1, $2, $3, $4, $5) "
                        "ON CONFLICT (lang, question) DO NOTHING",
                        "sssii", l, q, ans, (int64_t)bot_access_parse(acc), db_now());
        if (n < 0) rc = n;
        added += n > 0;
    }
    if (rc == 0 && added) rc = bot_bump_generation(c, 0);
    if (json_is_array(j)) {
        if (rc == 0) rc = db_commit(c);
        else db_rollback(c);
    }
    if (rc) log_error("%s: not a list of {lang, question, answer, access?} (%s)", path, err.text);
    json_decref(j);
    arena_free(&a);
    return rc;
}

int bot_demo(db_conn *c)
{
    const char *root = getenv("MADRASA_CONTENT");
    buf dir = BUF_INIT(4096);
    buf_printf(&dir, "%s/council", root && *root ? root : "content");
    struct stat st;
    int rc = 0;
    if (dir.err || stat(dir.data, &st) != 0) {
        log_info("bot: no demo corpus at %s", dir.data ? dir.data : "?");
    } else {
        defaults def = {0};
        rc = import_path(c, dir.data, &def, "demo", NULL);
        if (rc == 0) rc = demo_faq(c, dir.data);
    }
    buf_free(&dir);
    return rc;
}
