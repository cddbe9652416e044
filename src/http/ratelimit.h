/*
 * ratelimit.h — token buckets keyed by a string (a client address, a login), for the routes
 * that must resist guessing. Thread-safe (one mutex; a take is a few hundred nanoseconds).
 *
 * The table has a fixed number of slots; a key hashes to one slot and a different key that
 * lands there takes it over (its previous owner starts afresh with a full bucket). So memory
 * is bounded whatever an attacker sends, at the price of occasionally forgiving an attacker
 * whose slot was taken over — acceptable for a limiter whose job is to slow guessing down.
 * Buckets are per process: with several app servers, each limits on its own.
 */
#ifndef HTTP_RATELIMIT_H
#define HTTP_RATELIMIT_H

#include <stdint.h>

typedef struct ratelimit ratelimit;

/* ratelimit_new: `burst` tokens at most, refilled at `per_minute` tokens a minute. */
ratelimit *ratelimit_new(double per_minute, double burst, int slots);
void ratelimit_free(ratelimit *rl);
/* ratelimit_take takes one token for `key` at time now_ms; 0 when allowed, else the
 * whole seconds to wait (>= 1). */
int ratelimit_take(ratelimit *rl, const char *key, int64_t now_ms);
/* ratelimit_peek: like take, without taking. */
int ratelimit_peek(ratelimit *rl, const char *key, int64_t now_ms);

#endif
