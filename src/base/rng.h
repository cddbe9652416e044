/*
 * rng.h — a small, fast, seedable random number generator (xoshiro256**, seeded by splitmix64).
 *
 * The pure libraries (engine/, text/) never call rand() or read the clock: randomness comes in
 * as an rng argument, so every result is reproducible from its seed. An rng is a plain value;
 * copy it to fork a stream.
 */
#ifndef BASE_RNG_H
#define BASE_RNG_H

#include <stdint.h>

typedef struct rng {
    uint64_t s[4];
} rng;

void rng_seed(rng *r, uint64_t seed);
uint64_t rng_u64(rng *r);
/* rng_uniform: a double in [0, 1). */
double rng_uniform(rng *r);
/* rng_below: an integer in [0, n), without modulo bias; n > 0. */
uint64_t rng_below(rng *r, uint64_t n);
/* rng_normal: a standard normal deviate (Box–Muller). */
double rng_normal(rng *r);

#endif
