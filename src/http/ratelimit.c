/*
 * ratelimit.c — bounded token buckets (see ratelimit.h).
 */
#include "http/ratelimit.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"

typedef struct slot {
    uint64_t key_hash;
    double tokens;
    int64_t last_ms;
} slot;

struct ratelimit {
    pthread_mutex_t mu;
    double per_ms, burst;
    int nslots;
    slot *slots;
};

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h ? h : 1;
}

ratelimit *ratelimit_new(double per_minute, double burst, int slots)
{
    ratelimit *rl = xcalloc(1, sizeof *rl);
    pthread_mutex_init(&rl->mu, NULL);
    rl->per_ms = per_minute / 60000.0;
    rl->burst = burst;
    rl->nslots = slots;
    rl->slots = xcalloc((size_t)slots, sizeof *rl->slots);
    return rl;
}

void ratelimit_free(ratelimit *rl)
{
    if (!rl) return;
    pthread_mutex_destroy(&rl->mu);
    free(rl->slots);
    free(rl);
}

static int visit(ratelimit *rl, const char *key, int64_t now_ms, int take)
{
    uint64_t h = fnv1a(key);
    pthread_mutex_lock(&rl->mu);
    slot *s = &rl->slots[h % (uint64_t)rl->nslots];
    if (s->key_hash != h) {
        s->key_hash = h;
        s->tokens = rl->burst;
        s->last_ms = now_ms;
    }
    s->tokens += (double)(now_ms - s->last_ms) * rl->per_ms;
    if (s->tokens > rl->burst) s->tokens = rl->burst;
    s->last_ms = now_ms;
    int wait = 0;
    if (s->tokens >= 1.0) {
        if (take) s->tokens -= 1.0;
    } else {
        wait = (int)((1.0 - s->tokens) / rl->per_ms / 1000.0) + 1;
    }
    pthread_mutex_unlock(&rl->mu);
    return wait;
}

int ratelimit_take(ratelimit *rl, const char *key, int64_t now_ms) { return visit(rl, key, now_ms, 1); }

int ratelimit_peek(ratelimit *rl, const char *key, int64_t now_ms) { return visit(rl, key, now_ms, 0); }
