/*
 * obs.h — the observatory's pure parts: the small-cell rule, months, the platform indicators'
 * definitions and the official statistics CSV's validation.
 *
 * Nothing here touches the database, the clock or a global: the HTTP side
 * (observatory.c) gathers counts through learn.h and schools.h and hands them to these
 * functions, so the rules that matter for privacy and correctness are unit-tested alone
 * (tests/unit/test_observatory.c).
 *
 * The small-cell rule, stated once: a figure about fewer than OBS_MIN_LEARNERS learners (but
 * more than none) is never shown — not its value, not its base. A count about no learner at all
 * is 0 (it tells nothing about anyone); a share with an empty base has no value.
 *
 * Months are numbered year * 12 + (month - 1) ("2026-03" is 2026 * 12 + 2) and start at
 * 00:00 UTC on their first day. Memory: results in the caller's arena; strings borrowed from
 * the CSV text are copied there too.
 */
#ifndef APP_OBSERVATORY_OBS_H
#define APP_OBSERVATORY_OBS_H

#include <stddef.h>
#include <stdint.h>

#include "app/learn/learn.h"
#include "base/arena.h"

enum {
    OBS_MIN_LEARNERS = 5,     /* the small-cell threshold */
    OBS_MAX_MONTHS = 120,     /* the longest monthly series one request may ask for */
    OBS_MAX_YEARS = 100,      /* the longest yearly series */
    OBS_CSV_MAX_ROWS = 20000, /* rows in one official statistics import */
    OBS_MIN_YEAR = 1950,
    OBS_MAX_YEAR = 2100
};

/* ---- cells and the small-cell rule ---- */

typedef enum { OBS_SHOWN = 0, OBS_SUPPRESSED = 1, OBS_EMPTY = 2 } obs_status;

typedef struct obs_cell {
    obs_status status;
    double value; /* SHOWN only (0 otherwise) */
    int n;        /* the learners the figure is about; SHOWN only (0 otherwise) */
} obs_cell;

/* obs_cell_count: a count `value` about `n` learners under the small-cell rule. */
obs_cell obs_cell_count(double value, int n);
/* obs_cell_share: 100 * num / den (a percentage, rounded to 0.1) about `n` learners; EMPTY when
 * den is 0 or n is 0, SUPPRESSED when 0 < n < OBS_MIN_LEARNERS. */
obs_cell obs_cell_share(double num, double den, int n);
/* obs_status_name: "shown", "suppressed", "empty". */
const char *obs_status_name(obs_status s);

/* obs_latest: the index of the last SHOWN cell (*last) and of the SHOWN cell before it (*prev),
 * -1 when there is none. */
void obs_latest(int *last, int *prev, const obs_cell *cells, int n);

/* ---- months and years ---- */

/* obs_month_parse: "YYYY-MM" (years OBS_MIN_YEAR..OBS_MAX_YEAR) to a month number; E_INVALID. */
int obs_month_parse(int *out, const char *s);
/* obs_year_parse: "YYYY" in OBS_MIN_YEAR..OBS_MAX_YEAR; E_INVALID. */
int obs_year_parse(int *out, const char *s);
/* obs_month_name writes "YYYY-MM" (out has at least 8 bytes). */
void obs_month_name(char *out, size_t cap, int month);
/* obs_month_start: Unix seconds of the month's first instant (UTC). */
int64_t obs_month_start(int month);
/* obs_month_of: the month that contains Unix time t (UTC). */
int obs_month_of(int64_t t);

/* ---- the platform's indicators ---- */

typedef enum { OBS_ACTIVE, OBS_ANSWERS, OBS_PLACEMENTS, OBS_MASTERED, OBS_LEVEL } obs_pkind;

typedef struct obs_pind {
    obs_pkind kind;
    int ladder, level; /* OBS_LEVEL only: learn_ladder_name(ladder), 0 .. top */
    int share;         /* a percentage (else a count) */
    const char *unit;  /* "learners", "answers", "tests", "%" */
} obs_pind;

/* obs_platform_parse: a platform indicator code ("platform.answers", "platform.level.math.3")
 * to its definition; `top` gives each ladder's highest level. E_NOTFOUND for any other code. */
int obs_platform_parse(obs_pind *out, const char *code, const int top[LEARN_LADDERS]);
/* obs_platform_code: the code of the i-th platform indicator (the catalogue's order), NULL past
 * the last; `top` as above. The string is in the arena. */
const char *obs_platform_code(arena *a, int i, const int top[LEARN_LADDERS]);
/* obs_platform_cell: the indicator's figure for one period's counts, under the small-cell rule. */
obs_cell obs_platform_cell(const obs_pind *ind, const learn_period *p);
/* obs_period_add adds `x` into `acc` field by field (the at_level arrays have top[l] + 1 slots). */
void obs_period_add(learn_period *acc, const learn_period *x, const int top[LEARN_LADDERS]);

/* ---- official statistics CSV ---- */

/* The columns, in any order, all required: indicator, label_ar, label_fr, label_en, unit,
 * territory, year, value, source. */
typedef struct obs_row {
    long line;
    const char *indicator, *label_ar, *label_fr, *label_en, *unit, *territory, *source;
    int year;
    double value;
} obs_row;

typedef struct obs_problem {
    long line;         /* 1: the header */
    const char *field; /* the column, or NULL for the line as a whole */
    const char *msg;
} obs_problem;

/* obs_csv_parse validates a whole file (UTF-8, an optional BOM, RFC 4180) and returns its rows
 * (arena array); the first problem found stops it with E_INVALID and *why set. Rules: every
 * column present once and no other; each field non-empty; indicator codes [a-z0-9_.-], 1–64
 * characters, starting with a letter or digit and not with "platform."; labels up to 200 bytes,
 * unit 32, territory 64 ([A-Za-z0-9_-]), source 300; year an integer OBS_MIN_YEAR..OBS_MAX_YEAR;
 * value a finite decimal number with a point; one row per (indicator, territory, year); the same
 * labels and unit on every row of one indicator; 1..OBS_CSV_MAX_ROWS rows. Territory codes are
 * checked against the organisation by the caller. */
int obs_csv_parse(obs_row **rows, int *n, obs_problem *why, arena *a, const char *csv, size_t len);

#endif
