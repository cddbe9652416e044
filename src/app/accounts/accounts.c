/*
 * accounts.c — users, passwords, sessions, and their routes (see accounts.h).
 *
 * Login answers the same 401 for an unknown login and a wrong password, and spends the same
 * hashing work on both (a dummy hash is verified when the login is unknown), so neither the
 * answer nor its timing tells whether a login exists.
 */
#include "app/accounts/accounts.h"

#include <ctype.h>
#include <pthread.h>
#include <semaphore.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/err.h"
#include "base/log.h"
#include "http/ratelimit.h"

enum {
    SESSION_SECONDS = 12 * 3600,
    HASH_OPS = 2,
    HASH_MEM = 19 * 1024 * 1024,
    HASH_CONCURRENCY = 2,
    LOGIN_FAILURES_BURST = 10,    /* wrong passwords in a row for one login before a pause */
    LOGIN_FAILURES_PER_MINUTE = 1 /* then one more try a minute */
};

static sem_t hash_slots;
static ratelimit *by_address, *by_login;
static char dummy_hash[crypto_pwhash_STRBYTES];

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void accounts_init(double login_per_minute)
{
    if (sodium_init() < 0) log_error("accounts: libsodium failed to initialise");
    sem_init(&hash_slots, 0, HASH_CONCURRENCY);
    by_address = ratelimit_new(login_per_minute, login_per_minute, 4096);
    by_login = ratelimit_new(LOGIN_FAILURES_PER_MINUTE, LOGIN_FAILURES_BURST, 4096);
    accounts_hash_password(dummy_hash, sizeof dummy_hash, "an unused password for timing");
}

void accounts_shutdown(void)
{
    ratelimit_free(by_address);
    ratelimit_free(by_login);
    by_address = by_login = NULL;
}

int accounts_hash_password(char *out, size_t out_len, const char *password)
{
    if (strlen(password) < ACCOUNTS_MIN_PASSWORD || out_len < crypto_pwhash_STRBYTES) return E_INVALID;
    sem_wait(&hash_slots);
    int rc = crypto_pwhash_str(out, password, strlen(password), HASH_OPS, HASH_MEM);
    sem_post(&hash_slots);
    return rc == 0 ? 0 : E_FAIL;
}

static int verify_password(const char *hash, const char *password)
{
    sem_wait(&hash_slots);
    int rc = crypto_pwhash_str_verify(hash, password, strlen(password));
    sem_post(&hash_slots);
    return rc == 0;
}

static void hex_random(char *out, size_t nbytes)
{
    unsigned char raw[32];
    randombytes_buf(raw, nbytes);
    sodium_bin2hex(out, nbytes * 2 + 1, raw, nbytes);
}

static void sha256_hex(char out[65], const char *s)
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)s, strlen(s));
    sodium_bin2hex(out, 65, h, sizeof h);
}

/* ---- validation and creation ---- */

static int login_ok(const char *s)
{
    size_t n = strlen(s);
    if (n < 3 || n > 64) return 0;
    for (; *s; s++)
        if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '.' || *s == '_' || *s == '-'))
            return 0;
    return 1;
}

static int lang_ok(const char *s)
{
    return !s || !strcmp(s, "ar") || !strcmp(s, "fr") || !strcmp(s, "en") || !strcmp(s, "zgh");
}

int accounts_validate(const user_new *u, const char **field, const char **msg)
{
    struct {
        int bad;
        const char *field, *msg;
    } rules[] = {
        {!u->login || !login_ok(u->login), "login", "3 to 64 characters: a-z, 0-9, '.', '_', '-'"},
        {!role_bit(u->role), "role", "one of learner, teacher, school_admin, council_member, council_secretariat, admin"},
        {!u->name || !*u->name || strlen(u->name) > 200, "name", "required, at most 200 bytes"},
        {!u->password || strlen(u->password) < ACCOUNTS_MIN_PASSWORD, "password", "at least 10 characters"},
        {!lang_ok(u->lang), "lang", "one of ar, fr, en, zgh"},
        {u->student_code && strlen(u->student_code) > 32, "student_code", "at most 32 characters"},
    };
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        if (rules[i].bad) {
            *field = rules[i].field;
            *msg = rules[i].msg;
            return E_INVALID;
        }
    return 0;
}

int accounts_create(int64_t *id, db_conn *c, const user_new *u)
{
    const char *field, *msg;
    int rc = accounts_validate(u, &field, &msg);
    if (rc) return rc;
    char hash[crypto_pwhash_STRBYTES];
    if ((rc = accounts_hash_password(hash, sizeof hash, u->password))) return rc;
    arena a = ARENA_INIT;
    db_rows *r;
    const char *code = u->student_code && *u->student_code ? u->student_code : NULL;
    rc = db_query(&r, c, &a,
                  "INSERT INTO users (login, role, name, name_ar, name_latin, student_code, lang, school_id, "
                  "password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, NULLIF($8, 0), $9, $10) RETURNING id",
                  "sssssssisi", u->login, u->role, u->name, u->name_ar,
                  u->name_latin, code, u->lang ? u->lang : "fr", u->school_id, hash, db_now());
    if (rc == 0 && id) *id = db_int(r, 0, 0);
    arena_free(&a);
    return rc;
}

int accounts_set_password(db_conn *c, int64_t user_id, const char *password)
{
    char hash[crypto_pwhash_STRBYTES];
    int rc = accounts_hash_password(hash, sizeof hash, password);
    if (rc) return rc;
    int n = db_exec(c, "UPDATE users SET password_hash = $1 WHERE id = $2", "si", hash, user_id);
    if (n < 0) return n;
    if (n == 0) return E_NOTFOUND;
    return db_exec(c, "DELETE FROM sessions WHERE user_id = $1", "i", user_id) < 0 ? E_FAIL : 0;
}

int accounts_find_login(int64_t *id, db_conn *c, const char *login)
{
    arena a = ARENA_INIT;
    db_rows *r;
    int rc = db_query(&r, c, &a, "SELECT id FROM users WHERE login = $1", "s", login);
    if (rc == 0 && r->nrows == 0) rc = E_NOTFOUND;
    if (rc == 0) *id = db_int(r, 0, 0);
    arena_free(&a);
    return rc;
}

#define USER_COLS "id, login, role, name, name_ar, name_latin, lang, school_id, student_code, active, created_at"

static json_t *user_row_json(const db_rows *r, int i)
{
    json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:I}", "id", (json_int_t)db_int(r, i, 0), "login",
                          db_text(r, i, 1), "role", db_text(r, i, 2), "name", db_text(r, i, 3), "lang",
                          db_text(r, i, 6), "active", (int)db_int(r, i, 9), "created_at",
                          (json_int_t)db_int(r, i, 10));
    const char *opt[][2] = {{"name_ar", db_text(r, i, 4)}, {"name_latin", db_text(r, i, 5)},
                            {"student_code", db_text(r, i, 8)}};
    for (size_t k = 0; k < 3; k++) json_object_set_new(j, opt[k][0], opt[k][1] ? json_string(opt[k][1]) : json_null());
    json_object_set_new(j, "school_id", db_isnull(r, i, 7) ? json_null() : json_integer(db_int(r, i, 7)));
    return j;
}

json_t *accounts_user_json(db_conn *c, arena *a, int64_t id)
{
    db_rows *r;
    if (db_query(&r, c, a, "SELECT " USER_COLS " FROM users WHERE id = $1", "i", id) || r->nrows == 0) return NULL;
    return user_row_json(r, 0);
}

/* ---- sessions ---- */

int accounts_authenticate(http_user **out, req *r, const char *token)
{
    char h[65];
    sha256_hex(h, token);
    db_rows *rows;
    int rc = db_query(&rows, req_db(r), r->a,
                      "SELECT u.id, u.login, u.name, u.lang, u.role, u.school_id, s.csrf FROM sessions s "
                      "JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > $2 "
                      "AND u.active = 1",
                      "si", h, db_now());
    if (rc) return rc;
    if (rows->nrows == 0) return E_UNAUTH;
    http_user *u = arena_alloc(r->a, sizeof *u);
    u->id = db_int(rows, 0, 0);
    u->login = db_text(rows, 0, 1);
    u->name = db_text(rows, 0, 2);
    u->lang = db_text(rows, 0, 3);
    u->role = role_bit(db_text(rows, 0, 4));
    u->school_id = db_int(rows, 0, 5);
    u->csrf = db_text(rows, 0, 6);
    *out = u;
    return 0;
}

static void set_cookies(req *r, const char *token, const char *csrf, int max_age)
{
    const char *secure = req_is_tls(r) ? "; Secure" : "";
    http_header(r, "Set-Cookie",
                arena_printf(r->a, "%s=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Lax%s", http_session_cookie(r),
                             token, max_age, secure));
    http_header(r, "Set-Cookie",
                arena_printf(r->a, "madrasa_csrf=%s; Path=/; Max-Age=%d; SameSite=Lax%s", csrf, max_age, secure));
}

/* open_session: a new session for the user, its cookies set on the response. */
static int open_session(const char **csrf_out, req *r, int64_t user_id)
{
    char token[65], h[65];
    char *csrf = arena_alloc(r->a, 33);
    hex_random(token, 32);
    hex_random(csrf, 16);
    sha256_hex(h, token);
    int64_t now = db_now();
    if (db_exec(req_db(r), "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
                "sisii", h, user_id, csrf, now, now + SESSION_SECONDS) < 0)
        return E_FAIL;
    set_cookies(r, token, csrf, SESSION_SECONDS);
    *csrf_out = csrf;
    return 0;
}

static int rate_limited(req *r, const char *login)
{
    int64_t now = mono_ms();
    int wait = ratelimit_take(by_address, r->client_ip, now);
    if (!wait) wait = ratelimit_peek(by_login, login, now);
    if (!wait) return 0;
    http_header(r, "Retry-After", arena_printf(r->a, "%d", wait));
    return http_fail(r, E_RATE, NULL, "too many sign-in attempts; try again in %d seconds", wait);
}

static int login(req *r)
{
    json_t *body;
    const char *lg, *pw;
    int rc = req_json(&body, r);
    if (rc == 0) rc = req_fields(r, body, "{s:s, s:s}", "login", &lg, "password", &pw);
    if (rc) return rc;
    if ((rc = rate_limited(r, lg))) return rc;
    db_conn *c = req_db(r);
    db_rows *u;
    if ((rc = db_query(&u, c, r->a, "SELECT id, password_hash FROM users WHERE login = $1 AND active = 1", "s", lg)))
        return rc;
    int ok = verify_password(u->nrows ? db_text(u, 0, 1) : dummy_hash, pw) && u->nrows;
    if (!ok) {
        ratelimit_take(by_login, lg, mono_ms());
        return http_fail(r, E_UNAUTH, NULL, "wrong login or password");
    }
    db_exec(c, "DELETE FROM sessions WHERE expires_at < $1", "i", db_now());
    const char *csrf;
    if ((rc = open_session(&csrf, r, db_int(u, 0, 0)))) return rc;
    json_t *user = accounts_user_json(c, r->a, db_int(u, 0, 0));
    return http_json(r, 200, json_pack("{s:o, s:s}", "user", user, "csrf", csrf));
}

static int logout(req *r)
{
    char h[65];
    sha256_hex(h, r->session_token);
    if (db_exec(req_db(r), "DELETE FROM sessions WHERE token_hash = $1", "s", h) < 0) return E_FAIL;
    set_cookies(r, "", "", 0);
    return http_status(r, 204);
}

static int me(req *r)
{
    json_t *u = accounts_user_json(req_db(r), r->a, r->user->id);
    return u ? http_json(r, 200, u) : E_NOTFOUND;
}

static int change_password(req *r)
{
    json_t *body;
    const char *cur, *next;
    int rc = req_json(&body, r);
    if (rc == 0) rc = req_fields(r, body, "{s:s, s:s}", "current", &cur, "new", &next);
    if (rc) return rc;
    db_rows *u;
    if ((rc = db_query(&u, req_db(r), r->a, "SELECT password_hash FROM users WHERE id = $1", "i", r->user->id))) return rc;
    if (u->nrows == 0 || !verify_password(db_text(u, 0, 0), cur))
        return http_fail(r, E_FORBIDDEN, "current", "the current password is wrong");
    if (strlen(next) < ACCOUNTS_MIN_PASSWORD) return http_fail(r, E_INVALID, "new", "at least 10 characters");
    if ((rc = accounts_set_password(req_db(r), r->user->id, next))) return rc;
    /* the sessions are closed; open a fresh one for this browser */
    const char *csrf;
    return (rc = open_session(&csrf, r, r->user->id)) ? rc : http_status(r, 204);
}

static int set_lang(req *r)
{
    json_t *body;
    const char *lang;
    int rc = req_json(&body, r);
    if (rc == 0) rc = req_fields(r, body, "{s:s}", "lang", &lang);
    if (rc) return rc;
    if (!lang_ok(lang)) return http_fail(r, E_INVALID, "lang", "one of ar, fr, en, zgh");
    if (db_exec(req_db(r), "UPDATE users SET lang = $1 WHERE id = $2", "si", lang, r->user->id) < 0) return E_FAIL;
    return http_status(r, 204);
}

/* ---- administration ---- */

static int parse_limit(req *r, const char *name, int64_t def, int64_t max, int64_t *out)
{
    const char *s = req_query(r, name);
    if (!s || !*s) {
        *out = def;
        return 0;
    }
    char *end;
    long long v = strtoll(s, &end, 10);
    if (*end || v < 0 || v > max) return http_fail(r, E_INVALID, name, "a whole number from 0 to %lld", (long long)max);
    *out = v;
    return 0;
}

static int list_users(req *r)
{
    int64_t limit, offset;
    int rc = parse_limit(r, "limit", 50, 500, &limit);
    if (rc == 0) rc = parse_limit(r, "offset", 0, 1000000000, &offset);
    if (rc) return rc;
    const char *role = req_query(r, "role"), *q = req_query(r, "q");
    if (role && *role && !role_bit(role)) return http_fail(r, E_INVALID, "role", "unknown role");
    role = role && *role ? role : NULL;
    char *pat = q && *q ? arena_printf(r->a, "%%%s%%", q) : NULL;
    db_rows *rows, *cnt;
    const char *where = " FROM users WHERE (CAST($1 AS TEXT) IS NULL OR role = $1) AND (CAST($2 AS TEXT) IS NULL OR lower(login) LIKE lower($2) "
                        "OR lower(name) LIKE lower($2) OR name_ar LIKE $2 OR student_code LIKE $2)";
    char *sql = arena_printf(r->a, "SELECT " USER_COLS "%s ORDER BY login LIMIT $3 OFFSET $4", where);
    char *csql = arena_printf(r->a, "SELECT count(*)%s", where);
    if ((rc = db_query(&rows, req_db(r), r->a, sql, "ssii", role, pat, limit, offset))) return rc;
    if ((rc = db_query(&cnt, req_db(r), r->a, csql, "ss", role, pat))) return rc;
    json_t *arr = json_array();
    for (int i = 0; i < rows->nrows; i++) json_array_append_new(arr, user_row_json(rows, i));
    return http_json(r, 200, json_pack("{s:o, s:I}", "users", arr, "total", (json_int_t)db_int(cnt, 0, 0)));
}

static int create_user(req *r)
{
    json_t *body;
    user_new u = USER_NEW_INIT;
    json_int_t school = 0;
    int rc = req_json(&body, r);
    if (rc == 0)
        rc = req_fields(r, body, "{s:s, s:s, s:s, s:s, s?s, s?s, s?s, s?s, s?I}", "login", &u.login, "role", &u.role,
                        "name", &u.name, "password", &u.password, "name_ar", &u.name_ar, "name_latin",
                        &u.name_latin, "student_code", &u.student_code, "lang", &u.lang, "school_id", &school);
    if (rc) return rc;
    u.school_id = school;
    const char *field, *msg;
    if (accounts_validate(&u, &field, &msg)) return http_fail(r, E_INVALID, field, "%s: %s", field, msg);
    int64_t id;
    rc = accounts_create(&id, req_db(r), &u);
    if (rc == E_CONFLICT) return http_fail(r, rc, "login", "this login or student code is taken");
    if (rc == E_INVALID) return http_fail(r, rc, "school_id", "no such school");
    if (rc) return rc;
    return http_json(r, 201, json_pack("{s:o}", "user", accounts_user_json(req_db(r), r->a, id)));
}

static int reset_password(req *r)
{
    int64_t id;
    json_t *body;
    const char *pw;
    int rc = req_param_id(&id, r, 0);
    if (rc == 0) rc = req_json(&body, r);
    if (rc == 0) rc = req_fields(r, body, "{s:s}", "password", &pw);
    if (rc) return rc;
    rc = accounts_set_password(req_db(r), id, pw);
    if (rc == E_INVALID) return http_fail(r, rc, "password", "at least 10 characters");
    if (rc == E_NOTFOUND) return http_fail(r, rc, NULL, "no such user");
    return rc ? rc : http_status(r, 204);
}

static const route routes[] = {
    {"POST", "/api/auth/login", login, ALLOW_PUBLIC, 0},
    {"POST", "/api/auth/logout", logout, ROLE_ANY_USER, 0},
    {"GET", "/api/me", me, ROLE_ANY_USER, 0},
    {"POST", "/api/me/password", change_password, ROLE_ANY_USER, 0},
    {"PUT", "/api/me/lang", set_lang, ROLE_ANY_USER, 0},
    {"GET", "/api/admin/users", list_users, ROLE_ADMIN, 0},
    {"POST", "/api/admin/users", create_user, ROLE_ADMIN, 0},
    {"POST", "/api/admin/users/{id}/password", reset_password, ROLE_ADMIN, 0},
};

const route_table accounts_routes = ROUTE_TABLE(routes);
