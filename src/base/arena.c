/*
 * arena.c — region allocation (see arena.h).
 *
 * Blocks form a singly linked list, newest first. A request larger than a quarter of the
 * block size gets a block of its own, so a big allocation never wastes the tail of the
 * current block. Alignment is that of max_align_t.
 */
#include "base/arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct arena_block {
    arena_block *next;
    size_t used, cap;
    alignas(max_align_t) unsigned char data[];
};

struct arena_cleanup {
    arena_cleanup *next;
    void (*fn)(void *);
    void *ctx;
};

enum { ARENA_DEFAULT_BLOCK = 16 * 1024 };

static void die_oom(void)
{
    fputs("fatal: out of memory\n", stderr);
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) die_oom();
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) die_oom();
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) die_oom();
    return q;
}

char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xmalloc(n), s, n);
}

static arena_block *block_new(size_t cap)
{
    arena_block *b = xmalloc(sizeof *b + cap);
    b->next = NULL;
    b->used = 0;
    b->cap = cap;
    return b;
}

void *arena_alloc(arena *a, size_t size)
{
    const size_t align = alignof(max_align_t);
    size = (size + align - 1) & ~(align - 1);
    if (size == 0) size = align;
    if (!a->block_size) a->block_size = ARENA_DEFAULT_BLOCK;
    if (size > a->block_size / 4) {
        /* a block of its own, linked behind the current one so the current tail stays usable */
        arena_block *big = block_new(size);
        big->used = size;
        if (a->head) {
            big->next = a->head->next;
            a->head->next = big;
        } else {
            a->head = big;
        }
        return memset(big->data, 0, size);
    }
    if (!a->head || a->head->cap - a->head->used < size) {
        arena_block *b = block_new(a->block_size);
        b->next = a->head;
        a->head = b;
    }
    void *p = a->head->data + a->head->used;
    a->head->used += size;
    return memset(p, 0, size);
}

void *arena_alloc_array(arena *a, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) die_oom();
    return arena_alloc(a, n * size);
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *d = arena_alloc(a, n + 1);
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

char *arena_strdup(arena *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_vprintf(arena *a, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) n = 0;
    char *d = arena_alloc(a, (size_t)n + 1);
    vsnprintf(d, (size_t)n + 1, fmt, ap);
    return d;
}

char *arena_printf(arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *d = arena_vprintf(a, fmt, ap);
    va_end(ap);
    return d;
}

void arena_on_free(arena *a, void (*fn)(void *), void *ctx)
{
    arena_cleanup *c = arena_alloc(a, sizeof *c);
    c->fn = fn;
    c->ctx = ctx;
    c->next = a->cleanups;
    a->cleanups = c;
}

void arena_free(arena *a)
{
    /* cleanups live inside the blocks: run them all before releasing any block */
    for (arena_cleanup *c = a->cleanups; c; c = c->next) c->fn(c->ctx);
    a->cleanups = NULL;
    arena_block *b = a->head;
    while (b) {
        arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
}
