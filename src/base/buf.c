/*
 * buf.c — growable capped buffers (see buf.h).
 */
#include "base/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"

static int buf_grow(buf *b, size_t extra)
{
    if (b->err) return -1;
    size_t need = b->len + extra + 1;
    if (need < b->len || (b->max && need > b->max + 1)) {
        b->err = 1;
        return -1;
    }
    if (need <= b->cap) return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) cap *= 2;
    b->data = xrealloc(b->data, cap);
    b->cap = cap;
    return 0;
}

void buf_append(buf *b, const void *p, size_t n)
{
    if (buf_grow(b, n)) return;
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = 0;
}

void buf_puts(buf *b, const char *s) { buf_append(b, s, strlen(s)); }

void buf_putc(buf *b, char c) { buf_append(b, &c, 1); }

void buf_vprintf(buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) {
        b->err = 1;
        return;
    }
    if (buf_grow(b, (size_t)n)) return;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void buf_printf(buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void buf_reset(buf *b)
{
    b->len = 0;
    b->err = 0;
    if (b->data) b->data[0] = 0;
}

char *buf_detach(buf *b)
{
    char *d = b->data ? b->data : xstrdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    b->err = 0;
    return d;
}

void buf_free(buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->err = 0;
}

int read_file_all(char **out, size_t *len, const char *path, size_t max)
{
    FILE *f = fopen(path, "rb");
    if (!f) return E_NOTFOUND;
    buf b = BUF_INIT(max);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(&b, chunk, n);
    int rc = ferror(f) ? E_FAIL : (b.err ? E_LIMIT : 0);
    fclose(f);
    if (rc) {
        buf_free(&b);
        return rc;
    }
    if (len) *len = b.len;
    *out = buf_detach(&b);
    return 0;
}
