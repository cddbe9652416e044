/*
 * static.h — the web app's files, loaded into memory at start-up (private to src/http).
 *
 * Every file under the UI folder is read once, with its gzip form (when smaller), a strong
 * ETag (SHA-256 prefix of the content) and its media type. The fonts come from the system's
 * font folder under /fonts/, a fixed list so that nothing else of the file system is reachable.
 * A running server never reads the disk for a static file; restarting picks up changes
 * (or `serve --dev`, which reads the UI folder afresh on every request).
 */
#ifndef HTTP_STATIC_H
#define HTTP_STATIC_H

#include <stddef.h>

typedef struct static_file {
    char *path; /* URL path: "/js/app.js" */
    unsigned char *data, *gz;
    size_t len, gzlen;
    char etag[24];
    const char *type;
} static_file;

typedef struct static_files {
    static_file *v;
    size_t n;
} static_files;

int static_load(static_files **out, const char *ui_dir, const char *font_dir);
/* static_read_fresh reads one UI file from disk now (for `serve --dev`, so that a page edit
 * shows on reload): a path with a ".." segment is E_NOTFOUND. Free with static_file_clear. */
int static_read_fresh(static_file *out, const char *ui_dir, const char *path);
void static_file_clear(static_file *f);
const static_file *static_find(const static_files *fs, const char *path);
void static_free(static_files *fs);

#endif
