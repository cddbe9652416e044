/*
 * arena.h — region allocation for one request or one command.
 *
 * An arena hands out memory from large blocks and frees it all at once with arena_free().
 * Nothing allocated from an arena is freed individually. It is the per-request pool of
 * nginx (r->pool): a handler allocates freely and the server frees the arena when the
 * response is sent. Resources other than memory (a statement, a file) register a cleanup
 * with arena_on_free(); cleanups run in reverse order of registration.
 *
 * Out of memory aborts the process (as Redis's zmalloc does); sizes that come from input must
 * be checked against a cap before they reach the arena.
 */
#ifndef BASE_ARENA_H
#define BASE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct arena_block arena_block;
typedef struct arena_cleanup arena_cleanup;

typedef struct arena {
    arena_block *head;
    arena_cleanup *cleanups;
    size_t block_size;
} arena;

#define ARENA_INIT {NULL, NULL, 0}

/* arena_alloc returns zeroed memory aligned for any type, owned by the arena. */
void *arena_alloc(arena *a, size_t size);
/* arena_alloc_array checks n*size for overflow before allocating (aborts on overflow). */
void *arena_alloc_array(arena *a, size_t n, size_t size);
char *arena_strdup(arena *a, const char *s);
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(arena *a, const char *fmt, va_list ap);
/* arena_on_free registers fn(ctx) to run when the arena is freed. */
void arena_on_free(arena *a, void (*fn)(void *), void *ctx);
/* arena_free runs the cleanups, releases every block and leaves the arena empty and reusable. */
void arena_free(arena *a);

/* xmalloc/xcalloc/xrealloc: the heap, aborting on exhaustion. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

#endif
