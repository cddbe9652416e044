/*
 * buf.h — a growable byte buffer with a cap and a sticky error flag.
 *
 * Builders append without checking each call: when an append would pass the cap (curl's
 * dyn_init(s, toobig)), the buffer sets `err` and ignores every later append, and the caller
 * checks `err` once at the end (SQLite's mallocFailed). The data is always NUL-terminated.
 * The buffer owns its heap memory; buf_free releases it.
 */
#ifndef BASE_BUF_H
#define BASE_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct buf {
    char *data;
    size_t len, cap, max;
    int err;
} buf;

/* BUF_INIT(max): an empty buffer that refuses to grow past max bytes. */
#define BUF_INIT(max_) {NULL, 0, 0, (max_), 0}

void buf_append(buf *b, const void *p, size_t n);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf *b, const char *fmt, va_list ap);
/* buf_reset empties the buffer, keeping its memory and clearing err. */
void buf_reset(buf *b);
/* buf_detach hands the data (heap, caller frees) and leaves the buffer empty. */
char *buf_detach(buf *b);
void buf_free(buf *b);

/* read_file_all reads a whole file into a heap buffer (caller frees), failing past max bytes. */
int read_file_all(char **out, size_t *len, const char *path, size_t max);

#endif
