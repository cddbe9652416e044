/*
 * clash.h — timetable clash warnings: two sessions that overlap in time in the same room, or with
 * the same speaker. Pure; the caller owns the arrays.
 *
 * Times are half-open [start, end): a session ending at 10:00 does not clash with one starting at
 * 10:00. Rooms and speakers compare case-insensitively (ASCII) after trimming; an empty speaker
 * never clashes.
 */
#ifndef APP_EVENTS_CLASH_H
#define APP_EVENTS_CLASH_H

#include <stddef.h>
#include <stdint.h>

typedef struct clash_session {
    int64_t id, start, end;
    const char *room, *speaker;
} clash_session;

typedef enum { CLASH_ROOM = 1, CLASH_SPEAKER = 2 } clash_kind;

typedef struct clash {
    int64_t a, b; /* session ids, a listed before b */
    int kinds;    /* CLASH_ROOM | CLASH_SPEAKER */
} clash;

/* clash_find writes up to cap clashes among s[0..n) into out and returns how many there are in
 * all (may exceed cap: then only the first cap were written). Pairs in input order. */
size_t clash_find(clash *out, size_t cap, const clash_session *s, size_t n);

#endif
