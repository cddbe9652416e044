/*
 * fsrs.h — FSRS-6 spaced repetition: memory states, retrievability, intervals and a scheduler.
 *
 * FSRS (Free Spaced Repetition Scheduler, Ye et al.) describes a learner's memory of one card by
 * two numbers: stability S (days until recall probability falls to 90 %) and difficulty D in
 * [1, 10]. After t days the probability of recall is the power forgetting curve
 *     R(t, S) = (1 + f t / S)^(-d),   d = w20 (the FSRS-6 trainable decay), f = 0.9^(-1/d) - 1,
 * so R(S, S) = 0.9 for any decay. Each review with a rating (1 Again, 2 Hard, 3 Good, 4 Easy)
 * moves (S, D): the first review sets S = w[G-1] and D = D0(G); a review on the day of the
 * previous one (elapsed < 1 day) uses the short-term formula; a later one the recall formula
 * (G >= 2) or the forgetting formula (G = 1). S is kept in [0.001, 36500] and D in [1, 10], as
 * fsrs-rs 6 does. FSRS-5 parameter vectors (19 numbers) are read as FSRS-6 with w19 = 0 and
 * w20 = 0.5, which is how fsrs-rs, ts-fsrs and py-fsrs run them.
 *
 * The scheduler (fsrs_schedule) follows py-fsrs: new cards go through learning steps (minutes),
 * lapsed cards through relearning steps, graduated cards get the interval at which R falls to
 * the desired retention, rounded, at least one day and at most maximum_interval, optionally
 * fuzzed (the py-fsrs ranges) with randomness from the caller's rng. Times are Unix seconds;
 * elapsed days are whole days of 86 400 s since the last review.
 *
 * Everything here is pure: plain values in, plain values out, no allocation.
 */
#ifndef ENGINE_FSRS_H
#define ENGINE_FSRS_H

#include <stddef.h>
#include <stdint.h>

#include "base/rng.h"

enum { FSRS_NPARAMS = 21, FSRS5_NPARAMS = 19, FSRS_MAX_STEPS = 8 };

#define FSRS_S_MIN 0.001
#define FSRS_S_MAX 36500.0

/* The FSRS-6 default parameters (fsrs-rs 6, ts-fsrs 5, py-fsrs 6). */
#define FSRS6_DEFAULT_W                                                                           \
    {0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,        \
     1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542}

typedef enum { FSRS_AGAIN = 1, FSRS_HARD = 2, FSRS_GOOD = 3, FSRS_EASY = 4 } fsrs_rating;

typedef struct fsrs_params {
    double w[FSRS_NPARAMS];
} fsrs_params;

#define FSRS_PARAMS_INIT {FSRS6_DEFAULT_W}

typedef struct fsrs_memory {
    double stability;  /* days */
    double difficulty; /* [1, 10] */
} fsrs_memory;

/* fsrs_params_set: copies n = 21 (FSRS-6) or n = 19 (FSRS-5, padded w19 = 0, w20 = 0.5)
 * numbers into *out. E_INVALID for another n or a non-positive decay. */
int fsrs_params_set(fsrs_params *out, const double *w, size_t n);

/* fsrs_retrievability: probability of recall after `elapsed_days` (>= 0) at stability S > 0. */
double fsrs_retrievability(const fsrs_params *p, double elapsed_days, double stability);

/* fsrs_interval_raw: the (unrounded, unclamped) number of days after which R falls to
 * `retention` in (0, 1]; 0 for retention 1. */
double fsrs_interval_raw(const fsrs_params *p, double stability, double retention);

/* The unit formulas; `rating` is 1..4 (asserted). */
double fsrs_init_stability(const fsrs_params *p, int rating);
/* fsrs_init_difficulty: D0(G) = w4 - e^{w5 (G-1)} + 1, clamped to [1, 10]. */
double fsrs_init_difficulty(const fsrs_params *p, int rating);
/* fsrs_next_difficulty: linear damping, mean reversion toward D0(4) (unclamped), clamp. */
double fsrs_next_difficulty(const fsrs_params *p, double difficulty, int rating);
/* fsrs_recall_stability: S after a successful review at retrievability r; rating 2 applies the
 * hard penalty w15, 4 the easy bonus w16 (1 and 3 neither, as in fsrs-rs). */
double fsrs_recall_stability(const fsrs_params *p, double s, double d, double r, int rating);
/* fsrs_forget_stability: S after a lapse, never above S / e^{w17 w18}. */
double fsrs_forget_stability(const fsrs_params *p, double s, double d, double r);
/* fsrs_short_term_stability: S after a same-day review; never shrinks for rating >= 2. */
double fsrs_short_term_stability(const fsrs_params *p, double s, int rating);

/* fsrs_memory_next: the state after a review `elapsed_days` after the previous one; `prev`
 * NULL means a first review. Stability is clamped to [S_MIN, S_MAX]. E_INVALID for a rating
 * outside 1..4 or a negative elapsed time. */
int fsrs_memory_next(fsrs_memory *out, const fsrs_params *p, const fsrs_memory *prev,
                     double elapsed_days, int rating);

/* fsrs_memory_replay: the state after n reviews (ratings[i], elapsed_days[i] since the one
 * before; elapsed_days[0] is ignored). E_INVALID when n is 0 or a review is invalid. */
int fsrs_memory_replay(fsrs_memory *out, const fsrs_params *p, const int *ratings,
                       const double *elapsed_days, size_t n);

/* fsrs_memory_from_sm2: the state of a card that SM-2 (Anki's old scheduler) left with ease
 * factor `ease` (2.5 = 250 %) and `interval` days, assuming SM-2 reached `sm2_retention` at
 * that interval (fsrs-rs's conversion). E_INVALID outside ease >= 1, interval > 0, 0 < r < 1. */
int fsrs_memory_from_sm2(fsrs_memory *out, const fsrs_params *p, double ease, double interval,
                         double sm2_retention);

/* ---- scheduler ---- */

typedef enum { FSRS_NEW = 0, FSRS_LEARNING, FSRS_REVIEW, FSRS_RELEARNING } fsrs_state;

typedef struct fsrs_card {
    fsrs_state state;
    int step;            /* index into the (re)learning steps while in those states */
    fsrs_memory memory;  /* meaningful once state != FSRS_NEW */
    int64_t due;         /* Unix seconds */
    int64_t last_review; /* Unix seconds; meaningful once state != FSRS_NEW */
    int scheduled_days;  /* whole days of the last review interval, 0 for a step */
} fsrs_card;

#define FSRS_CARD_INIT {FSRS_NEW, 0, {0, 0}, 0, 0, 0}

typedef struct fsrs_scheduler {
    fsrs_params params;
    double desired_retention;                /* (0, 1) */
    int learning_steps[FSRS_MAX_STEPS];      /* seconds */
    int n_learning_steps;
    int relearning_steps[FSRS_MAX_STEPS];    /* seconds */
    int n_relearning_steps;
    int maximum_interval;                    /* days, >= 1 */
    int enable_fuzz;
} fsrs_scheduler;

/* Defaults of py-fsrs / ts-fsrs: retention 0.9, learning 1 min and 10 min, relearning 10 min,
 * maximum interval 100 years, fuzz on. */
#define FSRS_SCHEDULER_INIT {FSRS_PARAMS_INIT, 0.9, {60, 600}, 2, {600}, 1, 36500, 1}

/* fsrs_next_interval: the whole-day interval at the scheduler's retention (rounded, in
 * [1, maximum_interval]), before fuzz. */
int fsrs_next_interval(const fsrs_scheduler *s, double stability);

/* fsrs_fuzz_interval: py-fsrs fuzz of a whole-day interval (intervals below 2.5 days are
 * returned unchanged); draws one uniform from r. */
int fsrs_fuzz_interval(const fsrs_scheduler *s, int interval, rng *r);

/* fsrs_schedule: the card after a review with `rating` at time `now` (>= card->last_review).
 * r may be NULL when fuzz is off. E_INVALID for a bad rating, a review before the last one,
 * or a malformed scheduler. *out may alias card. */
int fsrs_schedule(fsrs_card *out, const fsrs_scheduler *s, const fsrs_card *card, int rating,
                  int64_t now, rng *r);

#endif
