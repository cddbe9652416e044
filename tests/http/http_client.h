/*
 * http_client.h — a small HTTP client for the HTTP tests (libcurl + jansson), header-only.
 *
 * An HTTP test is tests/http/test_http_<area>.c, a cmocka binary run by scripts/check.sh
 * against a live server whose base URL is in MADRASA_URL (the same tests run on SQLite and on
 * PostgreSQL). The server was loaded with the demo data (`madrasa demo`): password
 * "madrasa-demo" for admin, director, teacher, amina, youssef, salma, omar, secretariat, member.
 *
 * A `hc` is one browser: its own cookie jar, and like the web app it sends the madrasa_csrf
 * cookie back as X-CSRF-Token on state-changing requests, and an Origin header naming the
 * server. Tests create objects with unique names (hc_unique) so runs never collide.
 */
#ifndef TESTS_HTTP_CLIENT_H
#define TESTS_HTTP_CLIENT_H

#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct hc {
    CURL *curl;
    char base[256];
    char *body;
    size_t len;
    json_t *json;
    long status;
    char content_type[128];
    char header_block[8192];
    int no_csrf; /* tests of the CSRF check turn the token off */
} hc;

static inline size_t hc_on_body(char *p, size_t size, size_t n, void *ud)
{
    hc *c = ud;
    size_t k = size * n;
    c->body = realloc(c->body, c->len + k + 1);
    memcpy(c->body + c->len, p, k);
    c->len += k;
    c->body[c->len] = 0;
    return k;
}

static inline size_t hc_on_header(char *p, size_t size, size_t n, void *ud)
{
    hc *c = ud;
    size_t k = size * n, used = strlen(c->header_block);
    if (used + k + 1 < sizeof c->header_block) {
        memcpy(c->header_block + used, p, k);
        c->header_block[used + k] = 0;
    }
    return k;
}

static inline hc *hc_new(void)
{
    hc *c = calloc(1, sizeof *c);
    const char *url = getenv("MADRASA_URL");
    snprintf(c->base, sizeof c->base, "%s", url ? url : "http://127.0.0.1:8080");
    c->curl = curl_easy_init();
    curl_easy_setopt(c->curl, CURLOPT_COOKIEFILE, ""); /* an in-memory cookie jar */
    return c;
}

static inline void hc_reset_response(hc *c)
{
    free(c->body);
    c->body = NULL;
    c->len = 0;
    if (c->json) json_decref(c->json);
    c->json = NULL;
    c->header_block[0] = 0;
}

static inline void hc_free(hc *c)
{
    if (!c) return;
    hc_reset_response(c);
    curl_easy_cleanup(c->curl);
    free(c);
}

/* hc_cookie copies the value of a cookie from the jar into out ("" if absent). */
static inline void hc_cookie(hc *c, const char *name, char *out, size_t cap)
{
    struct curl_slist *cookies = NULL, *it;
    out[0] = 0;
    curl_easy_getinfo(c->curl, CURLINFO_COOKIELIST, &cookies);
    for (it = cookies; it; it = it->next) {
        /* netscape format: domain, flag, path, secure, expiry, name, value — tab separated */
        const char *f = it->data;
        for (int i = 0; i < 5 && f; i++) f = strchr(f, '\t') ? strchr(f, '\t') + 1 : NULL;
        if (!f) continue;
        const char *tab = strchr(f, '\t');
        if (!tab || (size_t)(tab - f) != strlen(name) || strncmp(f, name, strlen(name)) != 0) continue;
        snprintf(out, cap, "%s", tab + 1);
    }
    curl_slist_free_all(cookies);
}

/* hc_raw: a request with any body and content type; returns the status. */
static inline long hc_raw(hc *c, const char *method, const char *path, const char *type, const char *body,
                          size_t body_len, const char *extra_header)
{
    char url[1024], origin[300], tok[128], th[200], ct[200];
    hc_reset_response(c);
    snprintf(url, sizeof url, "%s%s", c->base, path);
    curl_easy_setopt(c->curl, CURLOPT_URL, url);
    curl_easy_setopt(c->curl, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c->curl, CURLOPT_NOBODY, strcmp(method, "HEAD") == 0 ? 1L : 0L);
    curl_easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, hc_on_body);
    curl_easy_setopt(c->curl, CURLOPT_WRITEDATA, c);
    curl_easy_setopt(c->curl, CURLOPT_HEADERFUNCTION, hc_on_header);
    curl_easy_setopt(c->curl, CURLOPT_HEADERDATA, c);
    struct curl_slist *h = NULL;
    snprintf(origin, sizeof origin, "Origin: %s", c->base);
    if (!extra_header || strncmp(extra_header, "Origin:", 7) != 0) h = curl_slist_append(h, origin);
    hc_cookie(c, "madrasa_csrf", tok, sizeof tok);
    if (*tok && !c->no_csrf) {
        snprintf(th, sizeof th, "X-CSRF-Token: %s", tok);
        h = curl_slist_append(h, th);
    }
    if (type) {
        snprintf(ct, sizeof ct, "Content-Type: %s", type);
        h = curl_slist_append(h, ct);
    }
    if (extra_header) h = curl_slist_append(h, extra_header);
    h = curl_slist_append(h, "Expect:");
    curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, h);
    if (body) {
        curl_easy_setopt(c->curl, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c->curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
    } else {
        curl_easy_setopt(c->curl, CURLOPT_POSTFIELDS, NULL);
        curl_easy_setopt(c->curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)-1);
        if (strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0) {
            curl_easy_setopt(c->curl, CURLOPT_POSTFIELDS, "");
            curl_easy_setopt(c->curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)0);
        }
    }
    c->status = 0;
    if (curl_easy_perform(c->curl) == CURLE_OK) curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &c->status);
    curl_slist_free_all(h);
    if (c->body && c->len) c->json = json_loadb(c->body, c->len, 0, NULL);
    return c->status;
}

/* hc_req: a JSON request (body may be NULL); returns the status, the parsed answer in c->json. */
static inline long hc_req(hc *c, const char *method, const char *path, const char *json_body)
{
    return hc_raw(c, method, path, json_body ? "application/json" : NULL, json_body,
                  json_body ? strlen(json_body) : 0, NULL);
}

/* hc_login signs in; returns the status. */
static inline long hc_login(hc *c, const char *login, const char *password)
{
    char body[512];
    snprintf(body, sizeof body, "{\"login\":\"%s\",\"password\":\"%s\"}", login, password);
    return hc_req(c, "POST", "/api/auth/login", body);
}

static inline hc *hc_as(const char *login)
{
    hc *c = hc_new();
    hc_login(c, login, "madrasa-demo");
    return c;
}

/* hc_str: a string at a path of keys in the last answer ("error", "code"), or "". */
static inline const char *hc_str(hc *c, const char *k1, const char *k2)
{
    json_t *j = c->json ? json_object_get(c->json, k1) : NULL;
    if (j && k2) j = json_object_get(j, k2);
    return json_is_string(j) ? json_string_value(j) : "";
}

static inline const char *hc_error_code(hc *c) { return hc_str(c, "error", "code"); }

/* hc_unique: a name no other run has used */
static inline const char *hc_unique(const char *prefix)
{
    static char buf[48];
    static unsigned n;
    snprintf(buf, sizeof buf, "%s%ld%d%u", prefix, (long)time(NULL) % 100000, (int)getpid() % 1000, n++);
    return buf;
}

/* hc_has_header: the last response had this header line (case-sensitive prefix match). */
static inline int hc_has_header(hc *c, const char *line) { return strstr(c->header_block, line) != NULL; }

#endif
