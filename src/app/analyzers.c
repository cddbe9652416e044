/*
 * analyzers.c — the shared pool of analysis contexts and the term copy (see analyzers.h).
 */
#include "app/analyzers.h"

#include <pthread.h>
#include <string.h>

static pthread_mutex_t pool_mu = PTHREAD_MUTEX_INITIALIZER;
static analyze_ctx *pool[ANALYZERS_POOL];
static int npool;

analyze_ctx *analyzers_get(void)
{
    analyze_ctx *cx = NULL;
    pthread_mutex_lock(&pool_mu);
    if (npool) cx = pool[--npool];
    pthread_mutex_unlock(&pool_mu);
    if (!cx && analyze_create(&cx) != 0) return NULL;
    return cx;
}

void analyzers_put(analyze_ctx *cx)
{
    if (!cx) return;
    pthread_mutex_lock(&pool_mu);
    if (npool < ANALYZERS_POOL) {
        pool[npool++] = cx;
        cx = NULL;
    }
    pthread_mutex_unlock(&pool_mu);
    analyze_free(cx);
}

int analyzers_terms(analyzed_terms *out, analyze_ctx *cx, arena *a, const char *text, langdetect_lang lang)
{
    analyze_result ar;
    int rc = analyze_text(&ar, cx, text, strlen(text), lang, 0);
    if (rc) return rc;
    for (int s = 0; s < ANALYZE_NSTREAMS; s++) {
        out->t[s] = arena_alloc_array(a, ar.s[s].n + 1, sizeof(uint64_t));
        memcpy(out->t[s], ar.s[s].term, ar.s[s].n * sizeof(uint64_t));
        out->n[s] = ar.s[s].n;
    }
    return 0;
}
