/*
 * err.h — the project's result codes.
 *
 * Every function that can fail returns an int: 0 for success, one of the specific negative
 * codes below for a failure the caller is expected to handle, and E_FAIL (-1) for everything
 * else (I/O, a database that went away). Codes travel upward unchanged; only the boundary
 * (http/respond.c for HTTP, main.c for the command line) turns them into a status or an exit
 * code, in exactly one table each. A lower-level code is never overwritten by a higher one.
 */
#ifndef BASE_ERR_H
#define BASE_ERR_H

enum {
    E_OK = 0,
    E_FAIL = -1,      /* unexpected: I/O, database, out of a resource */
    E_NOTFOUND = -2,  /* the object asked for does not exist (or is not visible) */
    E_INVALID = -3,   /* the input is malformed or breaks a rule */
    E_FORBIDDEN = -4, /* the caller may not do this */
    E_CONFLICT = -5,  /* the object exists already or changed under us */
    E_LIMIT = -6,     /* a size or rate limit was hit */
    E_UNAUTH = -7,    /* no valid session */
    E_RATE = -8       /* too many attempts: try again later */
};

/* err_name returns a short stable identifier for a code ("not_found"), used in API errors. */
const char *err_name(int code);

#endif
