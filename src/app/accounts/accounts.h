/*
 * accounts.h — users, passwords and sessions.
 *
 * The module owns the tables `users` and `sessions` (migration 0001). Other modules never read
 * them directly: they call the functions here, or get the signed-in user from the request.
 *
 * Passwords are hashed with Argon2id (libsodium's crypto_pwhash_str) at t=2, m=19 MiB (the
 * OWASP minimum for Argon2id), and at most two hashes run at once, so a burst of sign-ins
 * cannot exhaust a small school server's memory. Sessions are 256-bit random tokens; only their
 * SHA-256 is stored, so a copy of the database does not let anyone sign in.
 */
#ifndef APP_ACCOUNTS_H
#define APP_ACCOUNTS_H

#include <stdint.h>

#include "db/db.h"
#include "http/http.h"

typedef struct user_new {
    const char *login, *role, *name, *name_ar, *name_latin, *student_code, *lang, *password;
    int64_t school_id; /* 0: none */
} user_new;

#define USER_NEW_INIT {0}

extern const route_table accounts_routes;

/* accounts_init sets the login rate limits: `login_per_minute` attempts per client address;
 * and, whatever that is, 10 wrong passwords in a row for one login, then one a minute. */
void accounts_init(double login_per_minute);
void accounts_shutdown(void);

/* accounts_authenticate is the server's http_authenticate: a session token to its user. */
int accounts_authenticate(http_user **out, req *r, const char *token);

/* accounts_validate checks a new user's fields; E_INVALID with *field and *msg set. */
int accounts_validate(const user_new *u, const char **field, const char **msg);
/* accounts_create inserts a user (hashing the password); E_CONFLICT if the login or student
 * code exists. Runs inside the caller's transaction, if any. */
int accounts_create(int64_t *id, db_conn *c, const user_new *u);
/* accounts_set_password replaces a password and closes the user's sessions. */
int accounts_set_password(db_conn *c, int64_t user_id, const char *password);
/* accounts_find_login: the id of a login, E_NOTFOUND if none. */
int accounts_find_login(int64_t *id, db_conn *c, const char *login);
/* accounts_user_json: the public fields of one user, or NULL when there is none. */
json_t *accounts_user_json(db_conn *c, arena *a, int64_t id);

/* Password hashing, shared by the CLI: 0, or E_INVALID when the password is too short. */
int accounts_hash_password(char *out, size_t out_len, const char *password);
enum { ACCOUNTS_MIN_PASSWORD = 10 };

#endif
