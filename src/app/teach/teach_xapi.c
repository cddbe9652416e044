/*
 * teach_xapi.c — a class's answers as xAPI 1.0.3 statements, for a learning record store.
 *
 *   GET /api/classes/{id}/xapi?since=YYYY-MM-DD[THH:MM:SSZ]&limit=1..5000&cursor=N
 *     → {"statements": [...], "more": "<relative URL of the next page>" | ""}
 *
 * The answer is xAPI's own StatementResult: the statements, oldest first (by attempt id), and
 * `more`, the URL of the next page (empty when this page was not full). The cursor is the last
 * attempt id of the page, so a page never shifts when learners answer meanwhile.
 *
 * One statement per answer of the class's enrolled learners (learn_attempts_list; access as for
 * the CSV export, through tc_open). No personal data leaves: the actor is an xAPI account whose
 * name is the learner's user id on this server (homePage: $MADRASA_XAPI_BASE, else the URL the
 * client reached the server at), never their name or login. The object is the item template as
 * an activity <base>/items/<template id>, a cmi.interaction with the skill in the definition's
 * extensions; the result says success and the response as sent; the timestamp is the answer's,
 * in UTC. Statement ids are stable (derived from the base and the attempt id with SHA-256, in
 * the UUID layout, version 8), so exporting twice gives the same statements and an LRS can drop
 * the doubles.
 */
#include "app/teach/teach_int.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/content/content_store.h"
#include "base/err.h"

enum { XAPI_DEFAULT = 1000 };

#define VERB_ANSWERED "http://adlnet.gov/expapi/verbs/answered"
#define CMI_INTERACTION "http://adlnet.gov/expapi/activities/cmi.interaction"

/* xAPI's interaction types for the content's item types (content_type_name order) */
static const struct {
    const char *type, *interaction;
} interactions[] = {
    {"choice", "choice"}, {"numeric", "numeric"}, {"text", "fill-in"}, {"order", "sequencing"}, {"match", "matching"},
};

static const char *interaction_of(const content_template *t)
{
    const char *name = t ? content_type_name(t->type) : NULL;
    for (size_t i = 0; name && i < sizeof interactions / sizeof interactions[0]; i++)
        if (strcmp(name, interactions[i].type) == 0) return interactions[i].interaction;
    return "other";
}

/* the base of the actor's homePage and of the activity ids, without a trailing slash */
static const char *xapi_base(req *r)
{
    const char *env = getenv("MADRASA_XAPI_BASE");
    if (env && *env) {
        size_t n = strlen(env);
        while (n > 1 && env[n - 1] == '/') n--;
        return arena_strndup(r->a, env, n);
    }
    const char *host = req_header(r, "Host");
    return arena_printf(r->a, "%s://%s", req_is_tls(r) ? "https" : "http", host && *host ? host : "localhost");
}

static const char *iso_utc(arena *a, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    char s[32];
    if (!gmtime_r(&tt, &tm) || !strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%SZ", &tm)) return "1970-01-01T00:00:00Z";
    return arena_strdup(a, s);
}

/* "YYYY-MM-DD" (midnight UTC) or "YYYY-MM-DDTHH:MM:SSZ" → Unix seconds; E_INVALID otherwise */
static int parse_since(int64_t *out, const char *s)
{
    int y, mo, d, h = 0, mi = 0, sec = 0;
    char tail[2];
    size_t n = strlen(s);
    if (n == 10 && sscanf(s, "%4d-%2d-%2d%1s", &y, &mo, &d, tail) != 3) return E_INVALID;
    if (n == 20 && (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%1s", &y, &mo, &d, &h, &mi, &sec, tail) != 7 || tail[0] != 'Z'))
        return E_INVALID;
    if ((n != 10 && n != 20) || y < 1970 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
        sec > 59 || h < 0 || mi < 0 || sec < 0)
        return E_INVALID;
    struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi, .tm_sec = sec};
    time_t t = timegm(&tm);
    if (tm.tm_mday != d) return E_INVALID; /* 31 February rolled over */
    *out = (int64_t)t;
    return 0;
}

/* a positive decimal query argument within [lo, hi]; `def` when absent */
static int query_int(int64_t *out, req *r, const char *name, int64_t def, int64_t lo, int64_t hi)
{
    const char *q = req_query(r, name);
    *out = def;
    if (!q) return 0;
    char *end;
    long long v = strtoll(q, &end, 10);
    if (!*q || *end || v < lo || v > hi) return E_INVALID;
    *out = v;
    return 0;
}

/* a stable statement id: SHA-256 of "<base>/attempts/<id>" laid out as a version-8 UUID */
static const char *statement_id(arena *a, const char *base, int64_t attempt)
{
    char key[512];
    unsigned char h[crypto_hash_sha256_BYTES];
    int n = snprintf(key, sizeof key, "%s/attempts/%lld", base, (long long)attempt);
    crypto_hash_sha256(h, (const unsigned char *)key, (size_t)(n < 0 ? 0 : n >= (int)sizeof key ? (int)sizeof key - 1 : n));
    h[6] = (unsigned char)((h[6] & 0x0f) | 0x80); /* version 8: custom */
    h[8] = (unsigned char)((h[8] & 0x3f) | 0x80); /* the RFC 4122 variant */
    return arena_printf(a, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", h[0], h[1], h[2], h[3],
                        h[4], h[5], h[6], h[7], h[8], h[9], h[10], h[11], h[12], h[13], h[14], h[15]);
}

static json_t *lang_map(const content_skill *s, const char *fallback)
{
    if (!s) return json_pack("{s:s}", "und", fallback);
    json_t *m = json_object();
    static const content_lang langs[] = {LANG_AR, LANG_FR, LANG_EN};
    for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++)
        if (s->title.s[langs[i]]) json_object_set_new(m, content_lang_code(langs[i]), json_string(s->title.s[langs[i]]));
    if (json_object_size(m) == 0) json_object_set_new(m, "und", json_string(fallback));
    return m;
}

static json_t *statement(req *r, const char *base, const tc_class *k, const learn_attempt *at, const content_bank *b)
{
    const content_template *t = content_store_template(at->template_id);
    const content_skill *sk = at->skill_id && b ? content_find_skill(b, at->skill_id) : NULL;
    json_t *def = json_pack("{s:o, s:s, s:s}", "name", lang_map(sk, at->template_id), "type", CMI_INTERACTION,
                            "interactionType", interaction_of(t));
    json_t *ext = json_object();
    json_object_set_new(ext, arena_printf(r->a, "%s/xapi/skill", base), at->skill_id ? json_string(at->skill_id) : json_null());
    json_object_set_new(def, "extensions", ext);
    json_t *ctx_ext = json_object();
    json_object_set_new(ctx_ext, arena_printf(r->a, "%s/xapi/item", base), json_string(at->item_id));
    json_object_set_new(ctx_ext, arena_printf(r->a, "%s/xapi/hints_used", base), json_integer(at->hints_used));
    return json_pack(
        "{s:s, s:s, s:{s:s, s:{s:s, s:s}}, s:{s:s, s:{s:s}}, s:{s:s, s:s, s:o}, s:{s:b, s:s, s:s}, "
        "s:{s:s, s:{s:[{s:s, s:s}]}, s:o}, s:s}",
        "id", statement_id(r->a, base, at->id), "version", "1.0.3", "actor", "objectType", "Agent", "account",
        "homePage", base, "name", arena_printf(r->a, "%lld", (long long)at->learner_id), "verb", "id", VERB_ANSWERED,
        "display", "en-US", "answered", "object", "objectType", "Activity", "id",
        arena_printf(r->a, "%s/items/%s", base, at->template_id), "definition", def, "result", "success", at->correct,
        "response", at->response, "duration", arena_printf(r->a, "PT%lld.%03lldS", (long long)(at->duration_ms / 1000),
                                                            (long long)(at->duration_ms % 1000)),
        "context", "platform", "Madrasa", "contextActivities", "grouping", "id",
        arena_printf(r->a, "%s/classes/%lld", base, (long long)k->id), "objectType", "Activity", "extensions", ctx_ext,
        "timestamp", iso_utc(r->a, at->created_at));
}

int teach_xapi_get(req *r)
{
    tc_class k;
    int rc = tc_open(&k, r);
    if (rc) return rc;
    learn_attempt_query q = LEARN_ATTEMPT_QUERY_INIT;
    int64_t limit, cursor;
    const char *since = req_query(r, "since");
    if (since && parse_since(&q.since, since))
        return http_fail(r, E_INVALID, "since", "since: an ISO 8601 date, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC)");
    if (query_int(&limit, r, "limit", XAPI_DEFAULT, 1, LEARN_ATTEMPTS_MAX))
        return http_fail(r, E_INVALID, "limit", "limit: 1 to %d", LEARN_ATTEMPTS_MAX);
    if (query_int(&cursor, r, "cursor", 0, 0, INT64_MAX))
        return http_fail(r, E_INVALID, "cursor", "cursor: the `more` link's cursor, a whole number");
    q.learner_ids = k.ids;
    q.nlearners = k.n;
    q.after_id = cursor;
    q.ascending = 1;
    q.limit = (int)limit;
    learn_attempt *at;
    int n;
    if ((rc = learn_attempts_list(&at, &n, req_db(r), r->a, &q))) return rc;
    const char *base = xapi_base(r);
    const content_bank *b = learn_bank();
    json_t *arr = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(arr, statement(r, base, &k, &at[i], b));
    const char *more = n == q.limit ? arena_printf(r->a, "/api/classes/%lld/xapi?limit=%d&cursor=%lld%s%s", (long long)k.id,
                                                   q.limit, (long long)at[n - 1].id, since ? "&since=" : "",
                                                   since ? since : "")
                                    : "";
    http_header(r, "X-Experience-API-Version", "1.0.3");
    return http_json(r, 200, json_pack("{s:o, s:s}", "statements", arr, "more", more));
}
