/*
 * events.c — the events module's routes (see events.h and docs/collaboration.md).
 */
#include "app/events/events.h"

#include <qrencode.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/events/cert.h"
#include "app/events/clash.h"
#include "base/buf.h"
#include "base/err.h"

enum { ORGANISERS = ROLE_ADMIN | ROLE_COUNCIL_SECRETARIAT | ROLE_SCHOOL_ADMIN,
       REVIEWERS = ROLE_ADMIN | ROLE_COUNCIL_SECRETARIAT | ROLE_COUNCIL_MEMBER, MAX_SESSIONS = 200 };

static const char *const KINDS[] = {"workshop", "lecture", "conference"};

/* ---- QR ---- */

char *events_qr_svg(arena *a, const char *text)
{
    QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!q) return NULL;
    int w = q->width, border = 4, size = w + 2 * border;
    buf b = BUF_INIT(1 << 20);
    buf_printf(&b,
               "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
               "shape-rendering=\"crispEdges\"><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
               size, size, size * 8, size * 8, size, size);
    for (int y = 0; y < w; y++)
        for (int x = 0; x < w; x++)
            if (q->data[y * w + x] & 1) buf_printf(&b, "M%d %dh1v1h-1z", x + border, y + border);
    buf_puts(&b, "\"/></svg>");
    QRcode_free(q);
    char *out = b.err ? NULL : arena_strndup(a, b.data, b.len);
    buf_free(&b);
    return out;
}

/* ---- helpers ---- */

#define ECOLS                                                                                                  \
    "e.id, e.series_id, e.kind, e.title, e.description, e.location, e.starts_at, e.ends_at, e.capacity, "     \
    "e.needs_approval, e.cfp_deadline, e.status, e.organiser_id, s.title, "                                   \
    "(SELECT count(*) FROM event_registrations g WHERE g.event_id = e.id AND g.status = 'confirmed'), "       \
    "(SELECT count(*) FROM event_registrations g WHERE g.event_id = e.id AND g.status = 'waitlisted'), "      \
    "(SELECT count(*) FROM event_registrations g WHERE g.event_id = e.id AND g.status = 'pending')"
#define EFROM " FROM events e LEFT JOIN event_series s ON s.id = e.series_id "

enum { E_ID, E_SERIES, E_KIND, E_TITLE, E_DESC, E_LOC, E_START, E_END, E_CAP, E_APPROVAL, E_CFP, E_STATUS, E_ORG,
       E_SERIES_TITLE, E_CONFIRMED, E_WAITLISTED, E_PENDING };

static int manages(const http_user *u, const db_rows *e)
{
    return u && (u->role == ROLE_ADMIN || u->role == ROLE_COUNCIL_SECRETARIAT || db_int(e, 0, E_ORG) == u->id);
}

static json_t *opt_int(const db_rows *r, int i, int col)
{
    return db_isnull(r, i, col) ? json_null() : json_integer(db_int(r, i, col));
}

static json_t *event_json(const db_rows *e, int i)
{
    return json_pack("{s:I, s:o, s:s?, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:b, s:o, s:s, s:I, s:I, s:I, s:I}", "id",
                     (json_int_t)db_int(e, i, E_ID), "series_id", opt_int(e, i, E_SERIES), "series",
                     db_text(e, i, E_SERIES_TITLE), "kind", db_text(e, i, E_KIND), "title", db_text(e, i, E_TITLE),
                     "description", db_text(e, i, E_DESC), "location", db_text(e, i, E_LOC), "starts_at",
                     (json_int_t)db_int(e, i, E_START), "ends_at", (json_int_t)db_int(e, i, E_END), "capacity",
                     (json_int_t)db_int(e, i, E_CAP), "needs_approval", (int)db_int(e, i, E_APPROVAL), "cfp_deadline",
                     opt_int(e, i, E_CFP), "status", db_text(e, i, E_STATUS), "organiser_id",
                     (json_int_t)db_int(e, i, E_ORG), "confirmed", (json_int_t)db_int(e, i, E_CONFIRMED), "waitlisted",
                     (json_int_t)db_int(e, i, E_WAITLISTED), "pending", (json_int_t)db_int(e, i, E_PENDING));
}

static int load_event(db_rows **e, req *r, int64_t id)
{
    int rc = db_query(e, req_db(r), r->a, "SELECT " ECOLS EFROM "WHERE e.id = $1", "i", id);
    if (rc) return rc;
    if ((*e)->nrows == 0) return http_fail(r, E_NOTFOUND, NULL, "no such event");
    return 0;
}

/* managed_event: the event of path parameter 0, which the caller must manage. */
static int managed_event(db_rows **e, req *r, int64_t *id)
{
    int rc = req_param_id(id, r, 0);
    if (rc == 0) rc = load_event(e, r, *id);
    if (rc) return rc;
    if (!manages(r->user, *e)) return http_fail(r, E_FORBIDDEN, NULL, "you do not organise this event");
    return 0;
}

/* ---- series and events ---- */

static int create_series(req *r)
{
    json_t *body;
    const char *title, *desc = "";
    int rc = req_json(&body, r);
    if (rc == 0) rc = req_fields(r, body, "{s:s, s?:s}", "title", &title, "description", &desc);
    if (rc) return rc;
    if (!*title || strlen(title) > 300) return http_fail(r, E_INVALID, "title", "title: 1 to 300 bytes");
    db_rows *s;
    if ((rc = db_query(&s, req_db(r), r->a,
                       "INSERT INTO event_series (title, description, created_by, created_at) VALUES ($1, $2, $3, $4) "
                       "RETURNING id",
                       "ssii", title, desc, r->user->id, db_now())))
        return rc;
    return http_json(r, 201, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)db_int(s, 0, 0), "title", title,
                                       "description", desc));
}

static int list_series(req *r)
{
    db_rows *s;
    int rc = db_query(&s, req_db(r), r->a,
                      "SELECT s.id, s.title, s.description, (SELECT count(*) FROM events e WHERE e.series_id = s.id) "
                      "FROM event_series s ORDER BY s.id DESC",
                      "");
    if (rc) return rc;
    json_t *arr = json_array();
    for (int i = 0; i < s->nrows; i++)
        json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:I}", "id", (json_int_t)db_int(s, i, 0), "title",
                                             db_text(s, i, 1), "description", db_text(s, i, 2), "events",
                                             (json_int_t)db_int(s, i, 3)));
    return http_json(r, 200, json_pack("{s:o}", "series", arr));
}

static int create_event(req *r)
{
    json_t *body, *series = NULL, *cfp = NULL;
    const char *kind, *title, *desc = "", *loc = "";
    json_int_t start, end, cap;
    int approval = 0;
    int rc = req_json(&body, r);
    if (rc == 0)
        rc = req_fields(r, body, "{s:s, s:s, s?:s, s?:s, s:I, s:I, s:I, s?:b, s?:o, s?:o}", "kind", &kind, "title",
                        &title, "description", &desc, "location", &loc, "starts_at", &start, "ends_at", &end,
                        "capacity", &cap, "needs_approval", &approval, "cfp_deadline", &cfp, "series_id", &series);
    if (rc) return rc;
    size_t k = 0;
    while (k < 3 && strcmp(kind, KINDS[k]) != 0) k++;
    if (k == 3) return http_fail(r, E_INVALID, "kind", "kind: workshop, lecture or conference");
    if (!*title || strlen(title) > 300) return http_fail(r, E_INVALID, "title", "title: 1 to 300 bytes");
    if (strlen(desc) > 10000 || strlen(loc) > 300) return http_fail(r, E_INVALID, "description", "description: too long");
    if (start <= 0 || end <= start) return http_fail(r, E_INVALID, "ends_at", "ends_at: after starts_at");
    if (cap < 1 || cap > 100000) return http_fail(r, E_INVALID, "capacity", "capacity: 1 to 100000");
    if (cfp && !json_is_null(cfp) && !json_is_integer(cfp))
        return http_fail(r, E_INVALID, "cfp_deadline", "cfp_deadline: Unix seconds or null");
    if (series && !json_is_null(series) && !json_is_integer(series))
        return http_fail(r, E_INVALID, "series_id", "series_id: an id or null");
    int64_t sid = json_is_integer(series) ? json_integer_value(series) : 0;
    db_rows *e;
    rc = db_query(&e, req_db(r), r->a,
                  "INSERT INTO events (series_id, kind, title, description, location, starts_at, ends_at, capacity, "
                  "needs_approval, cfp_deadline, organiser_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
                  "$10, $11, $12) RETURNING id",
                  "sssssiiiisii", sid ? arena_printf(r->a, "%lld", (long long)sid) : NULL, kind, title, desc, loc,
                  (int64_t)start, (int64_t)end, (int64_t)cap, (int64_t)approval,
                  json_is_integer(cfp) ? arena_printf(r->a, "%lld", (long long)json_integer_value(cfp)) : NULL,
                  r->user->id, db_now());
    if (rc == E_INVALID) return http_fail(r, rc, "series_id", "no such series");
    if (rc) return rc;
    db_rows *one;
    int64_t id = db_int(e, 0, 0);
    if ((rc = load_event(&one, r, id))) return rc;
    return http_json(r, 201, event_json(one, 0));
}

static int list_events(req *r)
{
    db_rows *e;
    int rc = db_query(&e, req_db(r), r->a, "SELECT " ECOLS EFROM "WHERE e.status = 'announced' ORDER BY e.starts_at DESC LIMIT 200", "");
    if (rc) return rc;
    db_rows *mine = NULL;
    if (r->user && (rc = db_query(&mine, req_db(r), r->a,
                                  "SELECT event_id, id, status FROM event_registrations WHERE user_id = $1", "i",
                                  r->user->id)))
        return rc;
    json_t *arr = json_array();
    for (int i = 0; i < e->nrows; i++) {
        json_t *j = event_json(e, i);
        for (int k = 0; mine && k < mine->nrows; k++)
            if (db_int(mine, k, 0) == db_int(e, i, E_ID))
                json_object_set_new(j, "my_registration", json_pack("{s:I, s:s}", "id", (json_int_t)db_int(mine, k, 1),
                                                                    "status", db_text(mine, k, 2)));
        json_array_append_new(arr, j);
    }
    return http_json(r, 200, json_pack("{s:o}", "events", arr));
}

/* ---- registrations ---- */

#define RCOLS                                                                                                  \
    "g.id, g.event_id, g.user_id, g.status, g.token, g.attendance, g.checked_in_at, g.created_at, u.name, "   \
    "u.name_ar, (SELECT c.code FROM certificates c WHERE c.kind = 'event' AND c.ref_id = g.id)"
#define RFROM " FROM event_registrations g JOIN users u ON u.id = g.user_id "
enum { G_ID, G_EVENT, G_USER, G_STATUS, G_TOKEN, G_ATTENDANCE, G_CHECKED, G_CREATED, G_NAME, G_NAME_AR, G_CERT };

static json_t *registration_json(req *r, const db_rows *g, int i, int with_token)
{
    json_t *j = json_pack("{s:I, s:I, s:I, s:s, s:s?, s:o, s:I, s:s, s:s?, s:s?}", "id", (json_int_t)db_int(g, i, G_ID),
                          "event_id", (json_int_t)db_int(g, i, G_EVENT), "user_id", (json_int_t)db_int(g, i, G_USER),
                          "status", db_text(g, i, G_STATUS), "attendance", db_text(g, i, G_ATTENDANCE),
                          "checked_in_at", opt_int(g, i, G_CHECKED), "created_at", (json_int_t)db_int(g, i, G_CREATED),
                          "name", db_text(g, i, G_NAME), "name_ar", db_text(g, i, G_NAME_AR), "certificate",
                          db_text(g, i, G_CERT));
    if (with_token) {
        json_object_set_new(j, "checkin_url", json_string(arena_printf(r->a, "%s/#/events/checkin/%s", cert_site(r),
                                                                       db_text(g, i, G_TOKEN))));
        json_object_set_new(j, "qr", json_string(arena_printf(r->a, "/api/events/registrations/%lld/qr",
                                                              (long long)db_int(g, i, G_ID))));
    }
    return j;
}

/* registration_for: the registration of path parameter 0 and its event; the caller must be its
 * holder or manage the event (*manager says which). */
static int registration_for(db_rows **g, db_rows **e, int *manager, req *r)
{
    int64_t id;
    int rc = req_param_id(&id, r, 0);
    if (rc == 0) rc = db_query(g, req_db(r), r->a, "SELECT " RCOLS RFROM "WHERE g.id = $1", "i", id);
    if (rc) return rc;
    if ((*g)->nrows == 0) return http_fail(r, E_NOTFOUND, NULL, "no such registration");
    if ((rc = load_event(e, r, db_int(*g, 0, G_EVENT)))) return rc;
    *manager = manages(r->user, *e);
    if (!*manager && db_int(*g, 0, G_USER) != r->user->id)
        return http_fail(r, E_FORBIDDEN, NULL, "this registration is not yours");
    return 0;
}

static int lock_event(db_conn *c, int64_t event_id)
{
    int rc = db_exec(c, "UPDATE events SET capacity = capacity WHERE id = $1", "i", event_id);
    return rc < 0 ? rc : 0;
}

/* place: confirmed when a seat is free, else waitlisted (inside the locked transaction) */
static int place(const char **status, db_conn *c, arena *a, int64_t event_id)
{
    db_rows *n;
    int rc = db_query(&n, c, a,
                      "SELECT e.capacity, (SELECT count(*) FROM event_registrations g WHERE g.event_id = e.id AND "
                      "g.status = 'confirmed') FROM events e WHERE e.id = $1",
                      "i", event_id);
    if (rc) return rc;
    *status = db_int(n, 0, 1) < db_int(n, 0, 0) ? "confirmed" : "waitlisted";
    return 0;
}

static int answer_registration(req *r, int status, int64_t id)
{
    db_rows *g;
    int rc = db_query(&g, req_db(r), r->a, "SELECT " RCOLS RFROM "WHERE g.id = $1", "i", id);
    if (rc) return rc;
    return http_json(r, status, registration_json(r, g, 0, 1));
}

static int register_(req *r)
{
    int64_t id;
    db_rows *e;
    int rc = req_param_id(&id, r, 0);
    if (rc == 0) rc = load_event(&e, r, id);
    if (rc) return rc;
    if (strcmp(db_text(e, 0, E_STATUS), "announced") != 0 || db_int(e, 0, E_END) < db_now())
        return http_fail(r, E_CONFLICT, NULL, "this event takes no registrations");
    db_conn *c = req_db(r);
    unsigned char raw[18];
    char token[40];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(token, sizeof token, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    if ((rc = db_begin(c))) return rc;
    const char *status = "pending";
    db_rows *g;
    rc = lock_event(c, id);
    if (rc == 0 && !db_int(e, 0, E_APPROVAL)) rc = place(&status, c, r->a, id);
    if (rc == 0)
        rc = db_query(&g, c, r->a,
                      "INSERT INTO event_registrations (event_id, user_id, status, token, created_at) VALUES ($1, $2, $3, "
                      "$4, $5) ON CONFLICT (event_id, user_id) DO UPDATE SET status = excluded.status, token = "
                      "excluded.token, created_at = excluded.created_at WHERE event_registrations.status = 'cancelled' "
                      "RETURNING id",
                      "iissi", id, r->user->id, status, token, db_now());
    if (rc == 0 && g->nrows == 0) rc = E_CONFLICT;
    if (rc == 0) rc = db_commit(c);
    else db_rollback(c);
    if (rc == E_CONFLICT) return http_fail(r, rc, NULL, "you are already registered");
    if (rc) return rc;
    return answer_registration(r, 201, db_int(g, 0, 0));
}

/* promote: the oldest waitlisted registration takes a freed seat */
static int promote(db_conn *c, arena *a, int64_t event_id)
{
    const char *status;
    int rc = place(&status, c, a, event_id);
    if (rc || strcmp(status, "confirmed") != 0) return rc;
    rc = db_exec(c,
                 "UPDATE event_registrations SET status = 'confirmed' WHERE id = (SELECT min(id) FROM "
                 "event_registrations WHERE event_id = $1 AND status = 'waitlisted')",
                 "i", event_id);
    return rc < 0 ? rc : 0;
}

/* set_status: the transitions a holder or a manager may make, with promotion when a seat frees */
static int change(req *r, const char *action)
{
    db_rows *g, *e;
    int manager;
    int rc = registration_for(&g, &e, &manager, r);
    if (rc) return rc;
    const char *st = db_text(g, 0, G_STATUS);
    int cancel = strcmp(action, "cancel") == 0, approve = strcmp(action, "approve") == 0;
    if (!cancel && !manager) return http_fail(r, E_FORBIDDEN, NULL, "only the organisers decide");
    if (cancel ? (strcmp(st, "cancelled") == 0 || strcmp(st, "rejected") == 0) : strcmp(st, "pending") != 0)
        return http_fail(r, E_CONFLICT, "status", "cannot %s a %s registration", action, st);
    int64_t event_id = db_int(g, 0, G_EVENT), id = db_int(g, 0, G_ID);
    db_conn *c = req_db(r);
    if ((rc = db_begin(c))) return rc;
    const char *to = cancel ? "cancelled" : "rejected";
    rc = lock_event(c, event_id);
    if (rc == 0 && approve) rc = place(&to, c, r->a, event_id);
    if (rc == 0) rc = db_exec(c, "UPDATE event_registrations SET status = $1 WHERE id = $2", "si", to, id) < 0 ? E_FAIL : 0;
    if (rc == 0 && cancel && strcmp(st, "confirmed") == 0) rc = promote(c, r->a, event_id);
    if (rc == 0) rc = db_commit(c);
    else db_rollback(c);
    if (rc) return rc;
    return answer_registration(r, 200, id);
}

static int cancel(req *r) { return change(r, "cancel"); }
static int approve(req *r) { return change(r, "approve"); }
static int reject(req *r) { return change(r, "reject"); }

static int get_registration(req *r)
{
    db_rows *g, *e;
    int manager;
    int rc = registration_for(&g, &e, &manager, r);
    if (rc) return rc;
    return http_json(r, 200, registration_json(r, g, 0, 1));
}

static int qr(req *r)
{
    db_rows *g, *e;
    int manager;
    int rc = registration_for(&g, &e, &manager, r);
    if (rc) return rc;
    char *svg = events_qr_svg(r->a, arena_printf(r->a, "%s/#/events/checkin/%s", cert_site(r), db_text(g, 0, G_TOKEN)));
    if (!svg) return E_FAIL;
    http_header(r, "Cache-Control", "private, no-store");
    return http_text(r, 200, "image/svg+xml", svg, strlen(svg));
}

static int list_registrations(req *r)
{
    db_rows *e, *g;
    int64_t id;
    int rc = managed_event(&e, r, &id);
    if (rc == 0)
        rc = db_query(&g, req_db(r), r->a, "SELECT " RCOLS RFROM "WHERE g.event_id = $1 ORDER BY g.id", "i", id);
    if (rc) return rc;
    json_t *arr = json_array();
    for (int i = 0; i < g->nrows; i++) json_array_append_new(arr, registration_json(r, g, i, 0));
    return http_json(r, 200, json_pack("{s:o, s:o}", "event", event_json(e, 0), "registrations", arr));
}

/* checkin: the QR's token → attended. Only the event's managers; only confirmed registrations. */
static int checkin(req *r)
{
    json_t *body;
    const char *token;
    int rc = req_json(&body, r);
    if (rc == 0) rc = req_fields(r, body, "{s:s}", "token", &token);
    if (rc) return rc;
    db_rows *g, *e;
    if ((rc = db_query(&g, req_db(r), r->a, "SELECT " RCOLS RFROM "WHERE g.token = $1", "s", token))) return rc;
    if (g->nrows == 0) return http_fail(r, E_NOTFOUND, "token", "no registration has this code");
    if ((rc = load_event(&e, r, db_int(g, 0, G_EVENT)))) return rc;
    if (!manages(r->user, e)) return http_fail(r, E_FORBIDDEN, NULL, "you do not organise this event");
    if (strcmp(db_text(g, 0, G_STATUS), "confirmed") != 0)
        return http_fail(r, E_CONFLICT, "status", "this registration is %s, not confirmed", db_text(g, 0, G_STATUS));
    int again = !db_isnull(g, 0, G_CHECKED);
    if (!again && (rc = db_exec(req_db(r),
                                "UPDATE event_registrations SET attendance = 'attended', checked_in_at = $1 WHERE id = $2",
                                "ii", db_now(), db_int(g, 0, G_ID))) < 0)
        return rc;
    if ((rc = db_query(&g, req_db(r), r->a, "SELECT " RCOLS RFROM "WHERE g.token = $1", "s", token))) return rc;
    json_t *j = registration_json(r, g, 0, 0);
    json_object_set_new(j, "already", json_boolean(again));
    json_object_set_new(j, "event", event_json(e, 0));
    return http_json(r, 200, j);
}

static int set_attendance(req *r)
{
    db_rows *g, *e;
    int manager;
    json_t *body;
    const char *att;
    int rc = registration_for(&g, &e, &manager, r);
    if (rc == 0 && !manager) rc = http_fail(r, E_FORBIDDEN, NULL, "only the organisers record attendance");
    if (rc == 0) rc = req_json(&body, r);
    if (rc == 0) rc = req_fields(r, body, "{s:s}", "attendance", &att);
    if (rc) return rc;
    if (strcmp(att, "attended") != 0 && strcmp(att, "absent") != 0 && strcmp(att, "excused") != 0)
        return http_fail(r, E_INVALID, "attendance", "attendance: attended, absent or excused");
    if (strcmp(db_text(g, 0, G_STATUS), "confirmed") != 0)
        return http_fail(r, E_CONFLICT, "status", "only confirmed registrations have an attendance");
    if (db_text(g, 0, G_CERT) && strcmp(att, "attended") != 0)
        return http_fail(r, E_CONFLICT, "attendance", "a certificate was issued for this attendance");
    if ((rc = db_exec(req_db(r), "UPDATE event_registrations SET attendance = $1 WHERE id = $2", "si", att,
                      db_int(g, 0, G_ID))) < 0)
        return rc;
    return answer_registration(r, 200, db_int(g, 0, G_ID));
}

static int certificate(req *r)
{
    db_rows *g, *e;
    int manager;
    int rc = registration_for(&g, &e, &manager, r);
    if (rc) return rc;
    if (!db_text(g, 0, G_ATTENDANCE) || strcmp(db_text(g, 0, G_ATTENDANCE), "attended") != 0)
        return http_fail(r, E_CONFLICT, "attendance", "certificates are for recorded attendance only");
    time_t t = (time_t)db_int(e, 0, E_START);
    struct tm tm;
    gmtime_r(&t, &tm);
    cert_new n = {"event", db_int(g, 0, G_ID), db_int(g, 0, G_USER), db_text(e, 0, E_TITLE),
                  arena_printf(r->a, "%s · %04d-%02d-%02d · %s", db_text(e, 0, E_KIND), tm.tm_year + 1900, tm.tm_mon + 1,
                               tm.tm_mday, db_text(e, 0, E_LOC))};
    char *code;
    if ((rc = cert_issue(&code, req_db(r), r->a, &n))) return rc;
    return http_json(r, 201, json_pack("{s:s, s:s, s:s}", "code", code, "verify",
                                       arena_printf(r->a, "/api/certificates/%s", code), "pdf",
                                       arena_printf(r->a, "/api/certificates/%s/pdf", code)));
}

/* ---- call for contributions ---- */

static int submit(req *r)
{
    int64_t id;
    db_rows *e;
    json_t *body;
    const char *title, *abstract;
    int rc = req_param_id(&id, r, 0);
    if (rc == 0) rc = load_event(&e, r, id);
    if (rc == 0) rc = req_json(&body, r);
    if (rc == 0) rc = req_fields(r, body, "{s:s, s:s}", "title", &title, "abstract", &abstract);
    if (rc) return rc;
    if (db_isnull(e, 0, E_CFP)) return http_fail(r, E_CONFLICT, NULL, "this event has no call for contributions");
    if (db_int(e, 0, E_CFP) < db_now()) return http_fail(r, E_CONFLICT, NULL, "the deadline has passed");
    if (!*title || strlen(title) > 300) return http_fail(r, E_INVALID, "title", "title: 1 to 300 bytes");
    if (!*abstract || strlen(abstract) > 10000) return http_fail(r, E_INVALID, "abstract", "abstract: 1 to 10000 bytes");
    db_rows *s;
    if ((rc = db_query(&s, req_db(r), r->a,
                       "INSERT INTO event_submissions (event_id, author_id, title, abstract, created_at) VALUES ($1, $2, "
                       "$3, $4, $5) RETURNING id",
                       "iissi", id, r->user->id, title, abstract, db_now())))
        return rc;
    return http_json(r, 201, json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)db_int(s, 0, 0), "title", title,
                                       "abstract", abstract, "status", "submitted"));
}

/* submissions: managers and reviewers see all with their scores (best first); authors their own */
static int list_submissions(req *r)
{
    int64_t id;
    db_rows *e, *s;
    int rc = req_param_id(&id, r, 0);
    if (rc == 0) rc = load_event(&e, r, id);
    if (rc) return rc;
    int all = manages(r->user, e) || (r->user->role & REVIEWERS);
    if ((rc = db_query(&s, req_db(r), r->a,
                       "SELECT s.id, s.title, s.abstract, s.status, u.name, s.author_id, "
                       "(SELECT avg(w.score) FROM event_reviews w WHERE w.submission_id = s.id), "
                       "(SELECT count(*) FROM event_reviews w WHERE w.submission_id = s.id), "
                       "(SELECT w.score FROM event_reviews w WHERE w.submission_id = s.id AND w.reviewer_id = $2) "
                       "FROM event_submissions s JOIN users u ON u.id = s.author_id WHERE s.event_id = $1 "
                       "AND ($3 = 1 OR s.author_id = $2) ORDER BY 7 DESC, s.id",
                       "iii", id, r->user->id, (int64_t)all)))
        return rc;
    json_t *arr = json_array();
    for (int i = 0; i < s->nrows; i++)
        json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:o, s:I, s:o}", "id",
                                             (json_int_t)db_int(s, i, 0), "title", db_text(s, i, 1), "abstract",
                                             db_text(s, i, 2), "status", db_text(s, i, 3), "author", db_text(s, i, 4),
                                             "author_id", (json_int_t)db_int(s, i, 5), "score",
                                             db_isnull(s, i, 6) ? json_null() : json_real(db_double(s, i, 6)),
                                             "reviews", (json_int_t)db_int(s, i, 7), "my_score", opt_int(s, i, 8)));
    return http_json(r, 200, json_pack("{s:o}", "submissions", arr));
}

static int load_submission(db_rows **s, db_rows **e, req *r)
{
    int64_t id;
    int rc = req_param_id(&id, r, 0);
    if (rc == 0) rc = db_query(s, req_db(r), r->a, "SELECT id, event_id, author_id, status FROM event_submissions "
                                                   "WHERE id = $1", "i", id);
    if (rc) return rc;
    if ((*s)->nrows == 0) return http_fail(r, E_NOTFOUND, NULL, "no such submission");
    return load_event(e, r, db_int(*s, 0, 1));
}

static int review(req *r)
{
    db_rows *s, *e;
    json_t *body;
    json_int_t score;
    const char *comment = "";
    int rc = load_submission(&s, &e, r);
    if (rc == 0) rc = req_json(&body, r);
    if (rc == 0) rc = req_fields(r, body, "{s:I, s?:s}", "score", &score, "comment", &comment);
    if (rc) return rc;
    if (!manages(r->user, e) && !(r->user->role & REVIEWERS))
        return http_fail(r, E_FORBIDDEN, NULL, "you are not a reviewer");
    if (db_int(s, 0, 2) == r->user->id) return http_fail(r, E_FORBIDDEN, NULL, "nobody reviews their own submission");
    if (score < 1 || score > 5) return http_fail(r, E_INVALID, "score", "score: 1 to 5");
    if (strcmp(db_text(s, 0, 3), "submitted") != 0) return http_fail(r, E_CONFLICT, "status", "the selection is made");
    rc = db_exec(req_db(r),
                 "INSERT INTO event_reviews (submission_id, reviewer_id, score, comment, created_at) VALUES ($1, $2, $3, "
                 "$4, $5) ON CONFLICT (submission_id, reviewer_id) DO UPDATE SET score = excluded.score, comment = "
                 "excluded.comment, created_at = excluded.created_at",
                 "iiisi", db_int(s, 0, 0), r->user->id, (int64_t)score, comment, db_now());
    if (rc < 0) return rc;
    return http_json(r, 200, json_pack("{s:I, s:I, s:s}", "submission_id", (json_int_t)db_int(s, 0, 0), "score",
                                       score, "comment", comment));
}

static int decide(req *r)
{
    db_rows *s, *e;
    json_t *body;
    const char *decision;
    int rc = load_submission(&s, &e, r);
    if (rc == 0) rc = req_json(&body, r);
    if (rc == 0) rc = req_fields(r, body, "{s:s}", "decision", &decision);
    if (rc) return rc;
    if (!manages(r->user, e)) return http_fail(r, E_FORBIDDEN, NULL, "you do not organise this event");
    if (strcmp(decision, "accepted") != 0 && strcmp(decision, "rejected") != 0)
        return http_fail(r, E_INVALID, "decision", "decision: accepted or rejected");
    if ((rc = db_exec(req_db(r), "UPDATE event_submissions SET status = $1 WHERE id = $2", "si", decision,
                      db_int(s, 0, 0))) < 0)
        return rc;
    return http_json(r, 200, json_pack("{s:I, s:s}", "id", (json_int_t)db_int(s, 0, 0), "status", decision));
}

/* ---- timetable ---- */

static int add_session(req *r)
{
    db_rows *e;
    int64_t id;
    json_t *body;
    const char *title, *room, *speaker = "";
    json_int_t start, end;
    int rc = managed_event(&e, r, &id);
    if (rc == 0) rc = req_json(&body, r);
    if (rc == 0)
        rc = req_fields(r, body, "{s:s, s:s, s?:s, s:I, s:I}", "title", &title, "room", &room, "speaker", &speaker,
                        "starts_at", &start, "ends_at", &end);
    if (rc) return rc;
    if (!*title || strlen(title) > 300) return http_fail(r, E_INVALID, "title", "title: 1 to 300 bytes");
    if (!*room || strlen(room) > 100) return http_fail(r, E_INVALID, "room", "room: 1 to 100 bytes");
    if (strlen(speaker) > 200) return http_fail(r, E_INVALID, "speaker", "speaker: at most 200 bytes");
    if (end <= start) return http_fail(r, E_INVALID, "ends_at", "ends_at: after starts_at");
    db_rows *n;
    if ((rc = db_query(&n, req_db(r), r->a, "SELECT count(*) FROM event_sessions WHERE event_id = $1", "i", id))) return rc;
    if (db_int(n, 0, 0) >= MAX_SESSIONS) return http_fail(r, E_LIMIT, NULL, "at most %d sessions", MAX_SESSIONS);
    if ((rc = db_query(&n, req_db(r), r->a,
                       "INSERT INTO event_sessions (event_id, title, room, speaker, starts_at, ends_at) VALUES ($1, $2, "
                       "$3, $4, $5, $6) RETURNING id",
                       "isssii", id, title, room, speaker, (int64_t)start, (int64_t)end)))
        return rc;
    return http_json(r, 201, json_pack("{s:I}", "id", (json_int_t)db_int(n, 0, 0)));
}

static int delete_session(req *r)
{
    int64_t sid;
    db_rows *s, *e;
    int rc = req_param_id(&sid, r, 0);
    if (rc == 0) rc = db_query(&s, req_db(r), r->a, "SELECT event_id FROM event_sessions WHERE id = $1", "i", sid);
    if (rc) return rc;
    if (s->nrows == 0) return http_fail(r, E_NOTFOUND, NULL, "no such session");
    if ((rc = load_event(&e, r, db_int(s, 0, 0)))) return rc;
    if (!manages(r->user, e)) return http_fail(r, E_FORBIDDEN, NULL, "you do not organise this event");
    if ((rc = db_exec(req_db(r), "DELETE FROM event_sessions WHERE id = $1", "i", sid)) < 0) return rc;
    return http_status(r, 204);
}

/* sessions_json: the draft timetable, with its clashes */
static json_t *sessions_json(req *r, int64_t event_id, json_t **clashes)
{
    db_rows *s;
    json_t *arr = json_array();
    *clashes = json_array();
    if (db_query(&s, req_db(r), r->a,
                 "SELECT id, title, room, speaker, starts_at, ends_at FROM event_sessions WHERE event_id = $1 "
                 "ORDER BY starts_at, room, id",
                 "i", event_id))
        return arr;
    clash_session *cs = arena_alloc_array(r->a, (size_t)s->nrows + 1, sizeof *cs);
    for (int i = 0; i < s->nrows; i++) {
        cs[i] = (clash_session){db_int(s, i, 0), db_int(s, i, 4), db_int(s, i, 5), db_text(s, i, 2), db_text(s, i, 3)};
        json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s, s:I, s:I}", "id", (json_int_t)cs[i].id, "title",
                                             db_text(s, i, 1), "room", cs[i].room, "speaker", cs[i].speaker,
                                             "starts_at", (json_int_t)cs[i].start, "ends_at", (json_int_t)cs[i].end));
    }
    clash found[64];
    size_t n = clash_find(found, 64, cs, (size_t)s->nrows);
    for (size_t i = 0; i < n && i < 64; i++)
        json_array_append_new(*clashes, json_pack("{s:I, s:I, s:b, s:b}", "a", (json_int_t)found[i].a, "b",
                                                  (json_int_t)found[i].b, "room", found[i].kinds & CLASH_ROOM,
                                                  "speaker", (found[i].kinds & CLASH_SPEAKER) != 0));
    return arr;
}

static int timetable(req *r)
{
    int64_t id;
    db_rows *e, *v;
    int rc = req_param_id(&id, r, 0);
    if (rc == 0) rc = load_event(&e, r, id);
    if (rc == 0)
        rc = db_query(&v, req_db(r), r->a,
                      "SELECT version, snapshot, changes, note, published_at FROM event_timetables WHERE event_id = $1 "
                      "ORDER BY version DESC",
                      "i", id);
    if (rc) return rc;
    json_t *versions = json_array();
    for (int i = 0; i < v->nrows; i++)
        json_array_append_new(versions, json_pack("{s:I, s:o, s:o, s:s, s:I}", "version", (json_int_t)db_int(v, i, 0),
                                                  "sessions", json_loads(db_text(v, i, 1), 0, NULL), "changes",
                                                  json_loads(db_text(v, i, 2), 0, NULL), "note", db_text(v, i, 3),
                                                  "published_at", (json_int_t)db_int(v, i, 4)));
    json_t *j = json_pack("{s:o}", "versions", versions);
    if (manages(r->user, e)) {
        json_t *clashes, *draft = sessions_json(r, id, &clashes);
        json_object_set_new(j, "draft", draft);
        json_object_set_new(j, "clashes", clashes);
    }
    return http_json(r, 200, j);
}

/* change lines between two snapshots, by session id */
static void diff(json_t *changes, arena *a, json_t *old, json_t *now)
{
    size_t i, k;
    json_t *s, *o;
    json_array_foreach(now, i, s) {
        json_int_t id = json_integer_value(json_object_get(s, "id"));
        json_t *match = NULL;
        json_array_foreach(old, k, o) if (json_integer_value(json_object_get(o, "id")) == id) match = o;
        const char *title = json_string_value(json_object_get(s, "title"));
        if (!match) json_array_append_new(changes, json_string(arena_printf(a, "added: %s", title)));
        else if (!json_equal(match, s)) json_array_append_new(changes, json_string(arena_printf(a, "changed: %s", title)));
    }
    json_array_foreach(old, k, o) {
        json_int_t id = json_integer_value(json_object_get(o, "id"));
        int kept = 0;
        json_array_foreach(now, i, s) kept |= json_integer_value(json_object_get(s, "id")) == id;
        if (!kept)
            json_array_append_new(changes, json_string(arena_printf(a, "removed: %s",
                                                                    json_string_value(json_object_get(o, "title")))));
    }
}

static int publish_timetable(req *r)
{
    db_rows *e, *v;
    int64_t id;
    json_t *body;
    const char *note = "";
    int rc = managed_event(&e, r, &id);
    if (rc == 0 && r->body_len) {
        rc = req_json(&body, r);
        if (rc == 0) rc = req_fields(r, body, "{s?:s}", "note", &note);
    }
    if (rc) return rc;
    json_t *clashes, *now = sessions_json(r, id, &clashes);
    db_conn *c = req_db(r);
    if ((rc = db_begin(c)) == 0)
        rc = db_query(&v, c, r->a,
                      "SELECT version, snapshot FROM event_timetables WHERE event_id = $1 ORDER BY version DESC LIMIT 1",
                      "i", id);
    int64_t version = rc == 0 && v->nrows ? db_int(v, 0, 0) + 1 : 1;
    json_t *old = rc == 0 && v->nrows ? json_loads(db_text(v, 0, 1), 0, NULL) : json_array();
    json_t *changes = json_array();
    diff(changes, r->a, old, now);
    char *snap = json_dumps(now, JSON_COMPACT), *ch = json_dumps(changes, JSON_COMPACT);
    if (rc == 0 && version > 1 && json_array_size(changes) == 0)
        rc = http_fail(r, E_CONFLICT, NULL, "nothing changed since version %lld", (long long)(version - 1));
    if (rc == 0)
        rc = db_exec(c,
                     "INSERT INTO event_timetables (event_id, version, snapshot, changes, note, published_by, "
                     "published_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                     "iisssii", id, version, snap, ch, note, r->user->id, db_now()) < 0 ? E_FAIL : 0;
    if (rc == 0) rc = db_commit(c);
    else db_rollback(c);
    free(snap);
    free(ch);
    json_decref(old);
    json_decref(now);
    if (rc) {
        json_decref(changes);
        json_decref(clashes);
        return rc;
    }
    return http_json(r, 201, json_pack("{s:I, s:o, s:o}", "version", (json_int_t)version, "changes", changes,
                                       "clashes", clashes));
}

static int get_event(req *r)
{
    int64_t id;
    db_rows *e;
    int rc = req_param_id(&id, r, 0);
    if (rc == 0) rc = load_event(&e, r, id);
    if (rc) return rc;
    json_t *j = event_json(e, 0);
    json_object_set_new(j, "can_manage", json_boolean(manages(r->user, e)));
    if (r->user) {
        db_rows *g;
        if ((rc = db_query(&g, req_db(r), r->a, "SELECT " RCOLS RFROM "WHERE g.event_id = $1 AND g.user_id = $2", "ii", id,
                           r->user->id))) {
            json_decref(j);
            return rc;
        }
        json_object_set_new(j, "my_registration", g->nrows ? registration_json(r, g, 0, 1) : json_null());
    }
    return http_json(r, 200, j);
}

int events_demo(db_conn *c)
{
    arena a = ARENA_INIT;
    db_rows *u, *n;
    int rc = db_query(&u, c, &a, "SELECT id FROM users WHERE login = 'secretariat'", "");
    if (rc == 0 && u->nrows == 0) rc = E_NOTFOUND;
    if (rc == 0) rc = db_query(&n, c, &a, "SELECT count(*) FROM events WHERE organiser_id = $1", "i", db_int(u, 0, 0));
    if (rc == 0 && db_int(n, 0, 0) == 0) {
        int64_t start = (db_now() / 86400 + 14) * 86400 + 9 * 3600;
        rc = db_exec(c,
                     "INSERT INTO events (kind, title, description, location, starts_at, ends_at, capacity, organiser_id, "
                     "created_at, cfp_deadline) VALUES ('workshop', 'ورشة: التعلم حسب المستوى المناسب', "
                     "'Atelier sur l''enseignement au bon niveau (TaRL) pour les enseignants du primaire.', "
                     "'Rabat, salle 1', $1, $2, 30, $3, $4, $5)",
                     "iiiii", start, start + 6 * 3600, db_int(u, 0, 0), db_now(), start - 7 * 86400) < 0 ? E_FAIL : 0;
    }
    arena_free(&a);
    return rc;
}

static const route routes[] = {
    {"GET", "/api/events", list_events, ALLOW_PUBLIC, 0},
    {"POST", "/api/events", create_event, ORGANISERS, 0},
    {"GET", "/api/events/series", list_series, ALLOW_PUBLIC, 0},
    {"POST", "/api/events/series", create_series, ORGANISERS, 0},
    {"GET", "/api/events/{id}", get_event, ALLOW_PUBLIC, 0},
    {"POST", "/api/events/{id}/register", register_, ROLE_ANY_USER, 0},
    {"GET", "/api/events/{id}/registrations", list_registrations, ROLE_ANY_USER, 0},
    {"POST", "/api/events/{id}/submissions", submit, ROLE_ANY_USER, 0},
    {"GET", "/api/events/{id}/submissions", list_submissions, ROLE_ANY_USER, 0},
    {"GET", "/api/events/{id}/timetable", timetable, ALLOW_PUBLIC, 0},
    {"POST", "/api/events/{id}/sessions", add_session, ROLE_ANY_USER, 0},
    {"POST", "/api/events/{id}/timetable/publish", publish_timetable, ROLE_ANY_USER, 0},
    {"DELETE", "/api/events/sessions/{id}", delete_session, ROLE_ANY_USER, 0},
    {"GET", "/api/events/registrations/{id}", get_registration, ROLE_ANY_USER, 0},
    {"POST", "/api/events/registrations/{id}/cancel", cancel, ROLE_ANY_USER, 0},
    {"POST", "/api/events/registrations/{id}/approve", approve, ROLE_ANY_USER, 0},
    {"POST", "/api/events/registrations/{id}/reject", reject, ROLE_ANY_USER, 0},
    {"PUT", "/api/events/registrations/{id}/attendance", set_attendance, ROLE_ANY_USER, 0},
    {"GET", "/api/events/registrations/{id}/qr", qr, ROLE_ANY_USER, 0},
    {"POST", "/api/events/registrations/{id}/certificate", certificate, ROLE_ANY_USER, 0},
    {"POST", "/api/events/checkin", checkin, ROLE_ANY_USER, 0},
    {"POST", "/api/events/submissions/{id}/reviews", review, ROLE_ANY_USER, 0},
    {"POST", "/api/events/submissions/{id}/decision", decide, ROLE_ANY_USER, 0},
};

const route_table events_routes = ROUTE_TABLE(routes);
