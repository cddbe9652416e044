/*
 * content_cmd.c — `madrasa content validate [PATH…]`: prove the curriculum before shipping it.
 *
 * All files are loaded into one bank and linked together, because prerequisites may point
 * into another file (fractions build on the arithmetic ladder). The command prints one line
 * per file and a total, and every error with its file and JSON path.
 */
#include "app/content/content_cmd.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/content/content.h"
#include "base/buf.h"

enum { MAX_FILES = 1000 };

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* add_path: a file, or a directory's *.json files in name order. */
static int add_path(char **files, size_t *n, const char *path)
{
    struct stat st;
    if (stat(path, &st)) {
        fprintf(stderr, "%s: no such file or directory\n", path);
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        if (*n == MAX_FILES) return -1;
        files[(*n)++] = xstrdup(path);
        return 0;
    }
    DIR *d = opendir(path);
    if (!d) {
        fprintf(stderr, "%s: cannot open the directory\n", path);
        return -1;
    }
    size_t first = *n;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".json") != 0 || e->d_name[0] == '.') continue;
        if (*n == MAX_FILES) break;
        size_t plen = strlen(path);
        char *full = xmalloc(plen + len + 2);
        while (plen > 1 && path[plen - 1] == '/') plen--;
        memcpy(full, path, plen);
        full[plen] = '/';
        memcpy(full + plen + 1, e->d_name, len + 1);
        files[(*n)++] = full;
    }
    closedir(d);
    qsort(files + first, *n - first, sizeof *files, cmp_str);
    return 0;
}

static void count(const content_file *f, size_t *skills, size_t *templates)
{
    *skills = *templates = 0;
    for (size_t d = 0; d < f->ndomains; d++) {
        *skills += f->domains[d].nskills;
        for (size_t s = 0; s < f->domains[d].nskills; s++) *templates += f->domains[d].skills[s].ntemplates;
    }
}

int content_validate_cmd(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "validate") != 0) {
        fprintf(stderr, "usage: madrasa content validate [PATH…]   (default: content/)\n");
        return 2;
    }
    char **files = xcalloc(MAX_FILES, sizeof *files);
    size_t n = 0;
    int bad = 0;
    if (argc == 2) bad |= add_path(files, &n, "content") != 0;
    for (int i = 2; i < argc; i++) bad |= add_path(files, &n, argv[i]) != 0;
    content_bank *b = content_bank_new();
    buf errors = BUF_INIT(1 << 20);
    size_t total_s = 0, total_t = 0;
    for (size_t i = 0; i < n; i++) {
        size_t before = b->nfiles;
        buf_reset(&errors);
        if (content_bank_load_file(b, &errors, files[i])) {
            fputs(errors.data ? errors.data : "", stderr);
            printf("%s: INVALID\n", files[i]);
            bad = 1;
            continue;
        }
        size_t s, t;
        count(b->files[before], &s, &t);
        total_s += s;
        total_t += t;
        printf("%s: %zu skills, %zu templates\n", files[i], s, t);
    }
    buf_reset(&errors);
    if (n && content_bank_link(b, &errors)) {
        fputs(errors.data ? errors.data : "", stderr);
        bad = 1;
    }
    if (!n) {
        fprintf(stderr, "no content files found\n");
        bad = 1;
    }
    printf("total: %zu files, %zu skills, %zu templates%s\n", b->nfiles, total_s, total_t, bad ? " — INVALID" : "");
    buf_free(&errors);
    content_bank_free(b);
    for (size_t i = 0; i < n; i++) free(files[i]);
    free(files);
    return bad ? 1 : 0;
}
