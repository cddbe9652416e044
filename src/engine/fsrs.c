/*
 * fsrs.c — FSRS-6 formulas and the learning-step scheduler (see fsrs.h for the model).
 *
 * The formulas are written once, in double precision, exactly as fsrs-rs 6 states them; the
 * unit test reproduces the reference values that fsrs-rs, ts-fsrs and py-fsrs agree on. Where
 * the references are computed in f32 (fsrs-rs), results agree to about 1e-6 relative.
 * The scheduler is a small state machine: one table row per card state decides what a rating
 * does; memory is updated first, then the state and due time.
 */
#include "engine/fsrs.h"

#include <assert.h>
#include <math.h>

#include "base/err.h"

static double clampd(double x, double lo, double hi) { return x < lo ? lo : x > hi ? hi : x; }

static double decay_of(const fsrs_params *p) { return p->w[20]; }
static double factor_of(const fsrs_params *p) { return pow(0.9, -1.0 / decay_of(p)) - 1.0; }

int fsrs_params_set(fsrs_params *out, const double *w, size_t n)
{
    if (n != FSRS_NPARAMS && n != FSRS5_NPARAMS) return E_INVALID;
    for (size_t i = 0; i < n; i++) out->w[i] = w[i];
    if (n == FSRS5_NPARAMS) {
        out->w[19] = 0.0;
        out->w[20] = 0.5;
    }
    return out->w[20] > 0 ? 0 : E_INVALID;
}

double fsrs_retrievability(const fsrs_params *p, double elapsed_days, double stability)
{
    return pow(1.0 + factor_of(p) * elapsed_days / stability, -decay_of(p));
}

double fsrs_interval_raw(const fsrs_params *p, double stability, double retention)
{
    return stability / factor_of(p) * (pow(retention, -1.0 / decay_of(p)) - 1.0);
}

double fsrs_init_stability(const fsrs_params *p, int rating)
{
    assert(rating >= 1 && rating <= 4);
    return p->w[rating - 1];
}

static double init_difficulty_raw(const fsrs_params *p, int rating)
{
    return p->w[4] - exp(p->w[5] * (rating - 1)) + 1.0;
}

double fsrs_init_difficulty(const fsrs_params *p, int rating)
{
    assert(rating >= 1 && rating <= 4);
    return clampd(init_difficulty_raw(p, rating), 1.0, 10.0);
}

double fsrs_next_difficulty(const fsrs_params *p, double difficulty, int rating)
{
    assert(rating >= 1 && rating <= 4);
    double delta = -p->w[6] * (rating - 3);
    double damped = difficulty + delta * (10.0 - difficulty) / 9.0;
    double reverted = p->w[7] * init_difficulty_raw(p, 4) + (1.0 - p->w[7]) * damped;
    return clampd(reverted, 1.0, 10.0);
}

double fsrs_recall_stability(const fsrs_params *p, double s, double d, double r, int rating)
{
    assert(rating >= 1 && rating <= 4);
    const double *w = p->w;
    double hard = rating == FSRS_HARD ? w[15] : 1.0;
    double easy = rating == FSRS_EASY ? w[16] : 1.0;
    double inc = exp(w[8]) * (11.0 - d) * pow(s, -w[9]) * (exp((1.0 - r) * w[10]) - 1.0);
    return s * (1.0 + inc * hard * easy);
}

double fsrs_forget_stability(const fsrs_params *p, double s, double d, double r)
{
    const double *w = p->w;
    double f = w[11] * pow(d, -w[12]) * (pow(s + 1.0, w[13]) - 1.0) * exp((1.0 - r) * w[14]);
    double cap = s / exp(w[17] * w[18]);
    return f < cap ? f : cap;
}

double fsrs_short_term_stability(const fsrs_params *p, double s, int rating)
{
    assert(rating >= 1 && rating <= 4);
    const double *w = p->w;
    double sinc = exp(w[17] * (rating - 3 + w[18])) * pow(s, -w[19]);
    if (rating >= FSRS_HARD && sinc < 1.0) sinc = 1.0;
    return s * sinc;
}

int fsrs_memory_next(fsrs_memory *out, const fsrs_params *p, const fsrs_memory *prev,
                     double elapsed_days, int rating)
{
    if (rating < 1 || rating > 4 || !(elapsed_days >= 0)) return E_INVALID;
    fsrs_memory m;
    if (!prev) {
        m.stability = fsrs_init_stability(p, rating);
        m.difficulty = fsrs_init_difficulty(p, rating);
    } else {
        double s = prev->stability, d = prev->difficulty;
        if (elapsed_days < 1.0) {
            m.stability = fsrs_short_term_stability(p, s, rating);
        } else {
            double r = fsrs_retrievability(p, elapsed_days, s);
            m.stability = rating == FSRS_AGAIN ? fsrs_forget_stability(p, s, d, r)
                                               : fsrs_recall_stability(p, s, d, r, rating);
        }
        m.difficulty = fsrs_next_difficulty(p, d, rating);
    }
    m.stability = clampd(m.stability, FSRS_S_MIN, FSRS_S_MAX);
    *out = m;
    return 0;
}

int fsrs_memory_replay(fsrs_memory *out, const fsrs_params *p, const int *ratings,
                       const double *elapsed_days, size_t n)
{
    if (n == 0) return E_INVALID;
    fsrs_memory m;
    int rc = fsrs_memory_next(&m, p, NULL, 0.0, ratings[0]);
    for (size_t i = 1; rc == 0 && i < n; i++) rc = fsrs_memory_next(&m, p, &m, elapsed_days[i], ratings[i]);
    if (rc == 0) *out = m;
    return rc;
}

int fsrs_memory_from_sm2(fsrs_memory *out, const fsrs_params *p, double ease, double interval,
                         double sm2_retention)
{
    if (!(ease >= 1.0 && interval > 0 && sm2_retention > 0 && sm2_retention < 1)) return E_INVALID;
    const double *w = p->w;
    /* S such that R(interval, S) = sm2_retention; then D such that the recall formula
     * reproduces SM-2's growth factor (ease) at that retention. */
    double s = fmax(interval, FSRS_S_MIN) * factor_of(p) /
               (pow(sm2_retention, -1.0 / decay_of(p)) - 1.0);
    double d = 11.0 - (ease - 1.0) / (exp(w[8]) * pow(s, -w[9]) *
                                      expm1((1.0 - sm2_retention) * w[10]));
    out->stability = clampd(s, FSRS_S_MIN, FSRS_S_MAX);
    out->difficulty = clampd(d, 1.0, 10.0);
    return 0;
}

/* ---- scheduler ---- */

int fsrs_next_interval(const fsrs_scheduler *s, double stability)
{
    double days = round(fsrs_interval_raw(&s->params, stability, s->desired_retention));
    if (!(days >= 1.0)) days = 1.0;
    if (days > s->maximum_interval) days = s->maximum_interval;
    return (int)days;
}

/* py-fsrs fuzz: the spread grows by 15 % of the part of the interval in [2.5, 7) days, 10 % of
 * the part in [7, 20) and 5 % beyond. */
static const struct {
    double start, end, factor;
} fuzz_ranges[] = {{2.5, 7.0, 0.15}, {7.0, 20.0, 0.1}, {20.0, INFINITY, 0.05}};

int fsrs_fuzz_interval(const fsrs_scheduler *s, int interval, rng *r)
{
    if (interval < 2.5) return interval;
    double delta = 1.0;
    for (size_t i = 0; i < sizeof fuzz_ranges / sizeof fuzz_ranges[0]; i++)
        delta += fuzz_ranges[i].factor *
                 fmax(fmin(interval, fuzz_ranges[i].end) - fuzz_ranges[i].start, 0.0);
    long lo = lround(interval - delta), hi = lround(interval + delta);
    if (lo < 2) lo = 2;
    if (hi > s->maximum_interval) hi = s->maximum_interval;
    if (lo > hi) lo = hi;
    return (int)(lo + (long)rng_below(r, (uint64_t)(hi - lo + 1)));
}

static void graduate(fsrs_card *c, const fsrs_scheduler *s, int64_t now, rng *r)
{
    int days = fsrs_next_interval(s, c->memory.stability);
    if (s->enable_fuzz) days = fsrs_fuzz_interval(s, days, r);
    c->state = FSRS_REVIEW;
    c->step = 0;
    c->scheduled_days = days;
    c->due = now + (int64_t)days * 86400;
}

static void wait_step(fsrs_card *c, int64_t now, int seconds)
{
    c->scheduled_days = 0;
    c->due = now + seconds;
}

/* One pass through (re)learning steps `st` (n of them); Hard waits the mean of the first two
 * steps (or 1.5 times the only one) at step 0, Good advances, Easy and the last Good graduate. */
static void step_through(fsrs_card *c, const fsrs_scheduler *s, const int *st, int n, int rating,
                         int64_t now, rng *r)
{
    if (n == 0 || (c->step >= n && rating != FSRS_AGAIN)) {
        graduate(c, s, now, r);
        return;
    }
    switch (rating) {
    case FSRS_AGAIN:
        c->step = 0;
        wait_step(c, now, st[0]);
        break;
    case FSRS_HARD:
        if (c->step == 0) wait_step(c, now, n == 1 ? st[0] * 3 / 2 : (st[0] + st[1]) / 2);
        else wait_step(c, now, st[c->step]);
        break;
    case FSRS_GOOD:
        if (c->step + 1 >= n) graduate(c, s, now, r);
        else wait_step(c, now, st[++c->step]);
        break;
    default:
        graduate(c, s, now, r);
    }
}

int fsrs_schedule(fsrs_card *out, const fsrs_scheduler *s, const fsrs_card *card, int rating,
                  int64_t now, rng *r)
{
    if (rating < 1 || rating > 4) return E_INVALID;
    if (s->n_learning_steps < 0 || s->n_learning_steps > FSRS_MAX_STEPS ||
        s->n_relearning_steps < 0 || s->n_relearning_steps > FSRS_MAX_STEPS ||
        s->maximum_interval < 1 || !(s->desired_retention > 0 && s->desired_retention < 1))
        return E_INVALID;
    if (s->enable_fuzz && !r) return E_INVALID;
    fsrs_card c = *card;
    int rc;
    if (c.state == FSRS_NEW) {
        rc = fsrs_memory_next(&c.memory, &s->params, NULL, 0.0, rating);
        c.state = FSRS_LEARNING;
        c.step = 0;
    } else {
        if (now < c.last_review) return E_INVALID;
        double elapsed = floor((double)(now - c.last_review) / 86400.0);
        rc = fsrs_memory_next(&c.memory, &s->params, &c.memory, elapsed, rating);
    }
    if (rc) return rc;
    c.last_review = now;
    switch (c.state) {
    case FSRS_LEARNING:
        step_through(&c, s, s->learning_steps, s->n_learning_steps, rating, now, r);
        break;
    case FSRS_RELEARNING:
        step_through(&c, s, s->relearning_steps, s->n_relearning_steps, rating, now, r);
        break;
    default:
        if (rating == FSRS_AGAIN && s->n_relearning_steps > 0) {
            c.state = FSRS_RELEARNING;
            c.step = 0;
            wait_step(&c, now, s->relearning_steps[0]);
        } else {
            graduate(&c, s, now, r);
        }
    }
    *out = c;
    return 0;
}
