/*
 * eval_fsrs.c — `madrasa eval fsrs --revlog F [--day-start H] [--bench N]`: FSRS-6 on a review log.
 *
 * The log is a CSV with columns card_id, review_rating (1..4) and review_time (Unix
 * milliseconds, or an ISO 8601 time such as 2024-03-29T20:32:32.25+00:00); other columns are
 * ignored. It becomes training items as fsrs-rs builds them (engine/fsrs_opt.h: days start at
 * --day-start, 4 by default, UTC; same-day reviews are history, not targets). The command prints
 * one JSON line: in-sample log loss and RMSE(bins) with the default parameters and with the
 * fitted ones, the fit time (pretraining + L-BFGS, not the CSV parsing), and the fitted
 * parameters. The headline figures are recency-weighted exactly as fsrs-rs computes the ones
 * it reports (engine/fsrs_opt.h), so they compare like with like; the plain means are under
 * "unweighted".
 *
 * --bench N adds a second line for bench/fsrs/run.sh: the time to run the scheduler over the
 * log's ratings N times (every card replayed, each review scheduled) and the time of the fit,
 * so the same work can be timed beside ts-fsrs and fsrs-rs.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/args.h"
#include "base/arena.h"
#include "base/civil.h"
#include "base/csv.h"
#include "base/err.h"
#include "engine/fsrs.h"
#include "engine/fsrs_opt.h"
#include "engine/metrics.h"
#include "eval/eval.h"

enum { MAX_REVIEWS = 10000000 };

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int parse_int(const char **s, int digits, long *out)
{
    long v = 0;
    for (int i = 0; i < digits; i++, (*s)++) {
        if (**s < '0' || **s > '9') return E_INVALID;
        v = v * 10 + (**s - '0');
    }
    *out = v;
    return 0;
}

static int expect(const char **s, char c) { return *(*s)++ == c ? 0 : E_INVALID; }

/* ISO 8601 "YYYY-MM-DDTHH:MM:SS[.fff][Z|+HH:MM|-HH:MM]" or plain milliseconds. */
static int parse_time_ms(int64_t *out, const char *s)
{
    char *end;
    errno = 0;
    long long ms = strtoll(s, &end, 10);
    if (*s && *end == 0 && errno == 0) {
        *out = ms;
        return 0;
    }
    long y, mo, d, h, mi, se, frac = 0, fdig = 0;
    if (parse_int(&s, 4, &y) || expect(&s, '-') || parse_int(&s, 2, &mo) || expect(&s, '-') ||
        parse_int(&s, 2, &d) || (*s != 'T' && *s != ' ') || !++s || parse_int(&s, 2, &h) ||
        expect(&s, ':') || parse_int(&s, 2, &mi) || expect(&s, ':') || parse_int(&s, 2, &se))
        return E_INVALID;
    if (*s == '.')
        for (s++; *s >= '0' && *s <= '9'; s++)
            if (fdig < 3) frac = frac * 10 + (*s - '0'), fdig++;
    while (fdig > 0 && fdig < 3) frac *= 10, fdig++;
    long off = 0;
    if (*s == '+' || *s == '-') {
        int sign = *s++ == '-' ? -1 : 1;
        long oh, om;
        if (parse_int(&s, 2, &oh) || expect(&s, ':') || parse_int(&s, 2, &om)) return E_INVALID;
        off = sign * (oh * 3600 + om * 60);
    } else if (*s == 'Z') {
        s++;
    }
    if (*s || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return E_INVALID;
    int64_t secs = civil_days(y, (int)mo, (int)d) * 86400 + h * 3600 + mi * 60 + se - off;
    *out = secs * 1000 + frac;
    return 0;
}

typedef struct revlog {
    int64_t *card, *time_ms;
    unsigned char *rating;
    size_t n, cap;
} revlog;

static void revlog_push(revlog *l, int64_t card, int64_t t, unsigned char r)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 4096;
        l->card = xrealloc(l->card, l->cap * sizeof *l->card);
        l->time_ms = xrealloc(l->time_ms, l->cap * sizeof *l->time_ms);
        l->rating = xrealloc(l->rating, l->cap);
    }
    l->card[l->n] = card, l->time_ms[l->n] = t, l->rating[l->n] = r;
    l->n++;
}

static void revlog_free(revlog *l)
{
    free(l->card), free(l->time_ms), free(l->rating);
}

static int read_revlog(revlog *l, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "eval fsrs: cannot open %s\n", path);
        return E_FAIL;
    }
    csv_reader r;
    csv_open_file(&r, f);
    int rc = csv_next(&r), cc = -1, cr = -1, ct = -1;
    if (rc == 1) cc = csv_col(&r, "card_id"), cr = csv_col(&r, "review_rating"), ct = csv_col(&r, "review_time");
    if (cc < 0 || cr < 0 || ct < 0) {
        fprintf(stderr, "eval fsrs: %s needs columns card_id, review_rating, review_time\n", path);
        rc = E_INVALID;
        goto done;
    }
    int maxc = cc > cr ? (cc > ct ? cc : ct) : (cr > ct ? cr : ct);
    while ((rc = csv_next(&r)) == 1) {
        char *end;
        errno = 0;
        long long card = strtoll(r.field[cc], &end, 10);
        long rating = r.nfields > maxc ? strtol(r.field[cr], NULL, 10) : 0;
        int64_t t;
        if (r.nfields <= maxc || *end || errno || rating < 1 || rating > 4 ||
            parse_time_ms(&t, r.field[ct]) || l->n >= MAX_REVIEWS) {
            fprintf(stderr, "eval fsrs: %s line %ld: bad review\n", path, r.line);
            rc = E_INVALID;
            goto done;
        }
        revlog_push(l, card, t, (unsigned char)rating);
    }
done:
    csv_close(&r);
    fclose(f);
    return rc < 0 ? rc : 0;
}

typedef struct scores {
    double logloss, rmse_bins, logloss_plain, rmse_bins_plain, auc;
} scores;

/* Recency-weighted scores (fsrs-rs's definition) and plain ones (weights set to 1). */
static scores score(const fsrs_params *p, const fsrs_dataset *d, arena *a)
{
    double *pred = arena_alloc_array(a, d->n_items, sizeof *pred);
    unsigned char *y = arena_alloc_array(a, d->n_items, 1);
    fsrs_opt_predict(pred, y, p, d);
    scores s = {fsrs_opt_logloss(pred, y, d), fsrs_opt_rmse_bins(pred, y, d, a),
                metrics_logloss(pred, y, d->n_items), 0, metrics_auc(pred, y, d->n_items)};
    fsrs_dataset plain = *d;
    plain.weight = arena_alloc_array(a, d->n_items, sizeof(double));
    for (size_t i = 0; i < d->n_items; i++) plain.weight[i] = 1.0;
    s.rmse_bins_plain = fsrs_opt_rmse_bins(pred, y, &plain, a);
    return s;
}

/* Replays every card through the scheduler: the first review at the log's time, each later
 * one at the card's due time, with the log's rating. Returns the number of reviews scheduled. */
static size_t schedule_all(const fsrs_dataset *d, const fsrs_scheduler *s)
{
    size_t n = 0;
    for (size_t c = 0; c < d->n_cards; c++) {
        fsrs_card card = FSRS_CARD_INIT;
        int64_t now = 1700000000;
        for (size_t i = d->card_start[c]; i < d->card_start[c + 1]; i++, n++) {
            if (fsrs_schedule(&card, s, &card, d->rating[i], now, NULL)) return n;
            now = card.due;
        }
    }
    return n;
}

int eval_fsrs_cmd(int argc, char **argv)
{
    static const char *const allowed[] = {"--revlog=", "--day-start=", "--bench=", NULL};
    if (args_check(argc, argv, allowed)) return 2;
    const char *path = args_value(argc, argv, "--revlog");
    const char *ds = args_value(argc, argv, "--day-start"), *bench = args_value(argc, argv, "--bench");
    long day_start = ds ? strtol(ds, NULL, 10) : 4, reps = bench ? strtol(bench, NULL, 10) : 0;
    if (!path || day_start < 0 || day_start > 23 || reps < 0 || reps > 100000) {
        fprintf(stderr, "usage: madrasa eval fsrs --revlog F [--day-start 0..23] [--bench N]\n");
        return 2;
    }
    revlog l = {0};
    arena a = ARENA_INIT;
    int code = 1;
    fsrs_dataset d;
    if (read_revlog(&l, path) || fsrs_dataset_build(&d, &a, l.card, l.time_ms, l.rating, l.n, (int)day_start))
        goto done;
    fsrs_params dflt = FSRS_PARAMS_INIT, fitted;
    fsrs_opt_options opt = FSRS_OPT_OPTIONS_INIT;
    fsrs_opt_report rep;
    double t0 = now_seconds();
    if (fsrs_opt_fit(&fitted, &rep, &a, &d, &dflt, &opt)) {
        fprintf(stderr, "eval fsrs: %s has no training item\n", path);
        goto done;
    }
    double fit_seconds = now_seconds() - t0;
    scores s0 = score(&dflt, &d, &a), s1 = score(&fitted, &d, &a);
    printf("{\"logloss_default\":%.4f,\"logloss_fitted\":%.4f,\"rmse_bins_default\":%.4f,"
           "\"rmse_bins_fitted\":%.4f,\"fit_seconds\":%.3f,"
           "\"unweighted\":{\"logloss_default\":%.4f,\"logloss_fitted\":%.4f,"
           "\"rmse_bins_default\":%.4f,\"rmse_bins_fitted\":%.4f},"
           "\"auc_default\":%.4f,\"auc_fitted\":%.4f,\"n_cards\":%zu,\"n_reviews\":%zu,"
           "\"n_items\":%zu,\"iterations\":%d,\"evaluations\":%d,\"params\":[",
           s0.logloss, s1.logloss, s0.rmse_bins, s1.rmse_bins, fit_seconds, s0.logloss_plain,
           s1.logloss_plain, s0.rmse_bins_plain, s1.rmse_bins_plain, s0.auc, s1.auc, d.n_cards,
           d.n_reviews, d.n_items, rep.iterations, rep.evaluations);
    for (int i = 0; i < FSRS_NPARAMS; i++) printf("%s%.4f", i ? "," : "", fitted.w[i]);
    printf("]}\n");
    if (reps > 0) {
        fsrs_scheduler sch = FSRS_SCHEDULER_INIT;
        sch.enable_fuzz = 0;
        size_t n = 0;
        t0 = now_seconds();
        for (long k = 0; k < reps; k++) n += schedule_all(&d, &sch);
        double sched_seconds = now_seconds() - t0;
        printf("{\"bench\":\"madrasa\",\"reviews_scheduled\":%zu,\"schedule_seconds\":%.4f,"
               "\"fit_seconds\":%.4f}\n", n, sched_seconds, fit_seconds);
    }
    code = 0;
done:
    arena_free(&a);
    revlog_free(&l);
    return code;
}
