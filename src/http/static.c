/*
 * static.c — the in-memory static file table (see static.h).
 */
#include "http/static.h"

#include <dirent.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/log.h"

enum { STATIC_MAX_FILE = 8 << 20, STATIC_MAX_FILES = 2000 };

static const char *const fonts[] = {"NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf",
                                    "NotoSansTifinagh-Regular.ttf"};

static const struct {
    const char *ext, *type;
} types[] = {
    {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
    {".json", "application/json; charset=utf-8"}, {".svg", "image/svg+xml"},
    {".png", "image/png"}, {".jpg", "image/jpeg"}, {".ico", "image/x-icon"},
    {".ttf", "font/ttf"}, {".woff2", "font/woff2"}, {".txt", "text/plain; charset=utf-8"},
    {".webmanifest", "application/manifest+json"},
};

static const char *type_of(const char *path)
{
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(dot, types[i].ext) == 0) return types[i].type;
    return "application/octet-stream";
}

static void compress_file(static_file *f)
{
    if (strncmp(f->type, "image/png", 9) == 0 || strncmp(f->type, "image/jpeg", 10) == 0) return;
    uLongf cap = compressBound(f->len);
    unsigned char *gz = xmalloc(cap + 32);
    z_stream zs = {0};
    if (deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
        free(gz);
        return;
    }
    zs.next_in = f->data;
    zs.avail_in = (uInt)f->len;
    zs.next_out = gz;
    zs.avail_out = (uInt)(cap + 32);
    int rc = deflate(&zs, Z_FINISH);
    size_t n = zs.total_out;
    deflateEnd(&zs);
    if (rc != Z_STREAM_END || n >= f->len) {
        free(gz);
        return;
    }
    f->gz = gz;
    f->gzlen = n;
}

static int fill_file(static_file *f, const char *url, const char *disk)
{
    char *data;
    size_t len;
    int rc = read_file_all(&data, &len, disk, STATIC_MAX_FILE);
    if (rc) return rc;
    memset(f, 0, sizeof *f);
    f->path = xstrdup(url);
    f->data = (unsigned char *)data;
    f->len = len;
    f->type = type_of(url);
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, f->data, f->len);
    f->etag[0] = '"';
    sodium_bin2hex(f->etag + 1, 17, h, 8);
    f->etag[17] = '"';
    f->etag[18] = 0;
    compress_file(f);
    return 0;
}

static int add_file(static_files *fs, const char *url, const char *disk)
{
    if (fs->n == STATIC_MAX_FILES) return E_LIMIT;
    int rc = fill_file(&fs->v[fs->n], url, disk);
    if (rc == 0) fs->n++;
    return rc;
}

int static_read_fresh(static_file *out, const char *ui_dir, const char *path)
{
    if (strcmp(path, "/") == 0) path = "/index.html";
    if (path[0] != '/' || strstr(path, "/..") || strlen(path) > 512) return E_NOTFOUND;
    char disk[1024];
    snprintf(disk, sizeof disk, "%s%s", ui_dir, path);
    struct stat st;
    if (stat(disk, &st) != 0 || !S_ISREG(st.st_mode)) return E_NOTFOUND;
    return fill_file(out, path, disk);
}

void static_file_clear(static_file *f)
{
    free(f->path);
    free(f->data);
    free(f->gz);
    memset(f, 0, sizeof *f);
}

static int walk(static_files *fs, const char *dir, const char *prefix)
{
    DIR *d = opendir(dir);
    if (!d) return E_NOTFOUND;
    struct dirent *e;
    int rc = 0;
    while (rc == 0 && (e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char disk[1024], url[1024];
        snprintf(disk, sizeof disk, "%s/%s", dir, e->d_name);
        snprintf(url, sizeof url, "%s/%s", prefix, e->d_name);
        struct stat st;
        if (stat(disk, &st) != 0) continue;
        if (S_ISDIR(st.st_mode)) rc = walk(fs, disk, url);
        else if (S_ISREG(st.st_mode)) rc = add_file(fs, url, disk);
    }
    closedir(d);
    return rc;
}

int static_load(static_files **out, const char *ui_dir, const char *font_dir)
{
    static_files *fs = xcalloc(1, sizeof *fs);
    fs->v = xcalloc(STATIC_MAX_FILES, sizeof *fs->v);
    int rc = walk(fs, ui_dir, "");
    if (rc) {
        log_error("static: cannot load %s (%s)", ui_dir, err_name(rc));
        static_free(fs);
        return rc;
    }
    for (size_t i = 0; i < sizeof fonts / sizeof fonts[0]; i++) {
        char disk[1024], url[256];
        snprintf(disk, sizeof disk, "%s/%s", font_dir, fonts[i]);
        snprintf(url, sizeof url, "/fonts/%s", fonts[i]);
        if (add_file(fs, url, disk)) log_info("static: font %s not found (install fonts-noto-core)", disk);
    }
    *out = fs;
    return 0;
}

const static_file *static_find(const static_files *fs, const char *path)
{
    if (strcmp(path, "/") == 0) path = "/index.html";
    for (size_t i = 0; i < fs->n; i++)
        if (strcmp(fs->v[i].path, path) == 0) return &fs->v[i];
    return NULL;
}

void static_free(static_files *fs)
{
    if (!fs) return;
    for (size_t i = 0; i < fs->n; i++) static_file_clear(&fs->v[i]);
    free(fs->v);
    free(fs);
}
