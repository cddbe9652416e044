/*
 * cert.c — issuing, verifying and drawing certificates (see cert.h).
 *
 * The PDF is drawn with cairo's PDF surface and its "toy" text API: fontconfig finds Noto Sans
 * for Latin text and Noto Sans Arabic for Arabic text (Debian's fonts-noto-core), and Arabic
 * strings are shaped and put in visual order by arshape_visual first, since the toy API does
 * neither. The PDF grows in a capped buffer (a certificate is a few tens of kilobytes).
 */
#include "app/events/cert.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/events/arshape.h"
#include "base/buf.h"
#include "base/err.h"

enum { CERT_MAX_PDF = 4 << 20 };

static void new_code(char out[12])
{
    static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; /* Crockford's base32 */
    unsigned char raw[10];
    randombytes_buf(raw, sizeof raw);
    int k = 0;
    for (int i = 0; i < 10; i++) {
        if (i == 5) out[k++] = '-';
        out[k++] = alphabet[raw[i] & 31];
    }
    out[k] = 0;
}

int cert_issue(char **code, db_conn *c, arena *a, const cert_new *n)
{
    db_rows *r;
    int rc = db_query(&r, c, a, "SELECT code FROM certificates WHERE kind = $1 AND ref_id = $2", "si", n->kind, n->ref_id);
    if (rc) return rc;
    if (r->nrows) {
        *code = (char *)db_text(r, 0, 0);
        return 0;
    }
    db_rows *u;
    if ((rc = db_query(&u, c, a, "SELECT name, name_ar FROM users WHERE id = $1", "i", n->user_id))) return rc;
    if (u->nrows == 0) return E_NOTFOUND;
    char fresh[12];
    for (int attempt = 0; attempt < 3; attempt++) {
        new_code(fresh);
        rc = db_exec(c,
                     "INSERT INTO certificates (code, kind, ref_id, user_id, holder, holder_ar, title, detail, issued_at) "
                     "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (kind, ref_id) DO NOTHING",
                     "ssiissssi", fresh, n->kind, n->ref_id, n->user_id, db_text(u, 0, 0), db_text(u, 0, 1), n->title,
                     n->detail ? n->detail : "", db_now());
        if (rc != E_CONFLICT) break; /* a code collision (2^-50): draw again */
    }
    if (rc < 0) return rc;
    /* either ours, or one a concurrent request inserted first */
    if ((rc = db_query(&r, c, a, "SELECT code FROM certificates WHERE kind = $1 AND ref_id = $2", "si", n->kind,
                       n->ref_id)))
        return rc;
    if (r->nrows == 0) return E_FAIL;
    *code = (char *)db_text(r, 0, 0);
    return 0;
}

const char *cert_site(req *r)
{
    const char *host = req_header(r, "Host");
    return arena_printf(r->a, "%s://%s", req_is_tls(r) ? "https" : "http", host && *host ? host : "localhost");
}

/* ---- drawing ---- */

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int length)
{
    buf *b = closure;
    buf_append(b, data, length);
    return b->err ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

/* centred draws one line centred at y, in Noto Sans Arabic when it holds Arabic. */
static void centred(cairo_t *cr, arena *a, const char *text, double y, double size, int bold, double width)
{
    int ar = arshape_has_arabic(text);
    cairo_select_font_face(cr, ar ? "Noto Sans Arabic" : "Noto Sans", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
    const char *vis = arshape_visual(a, text);
    cairo_text_extents_t e;
    cairo_text_extents(cr, vis, &e);
    cairo_move_to(cr, (width - e.x_advance) / 2, y);
    cairo_show_text(cr, vis);
}

static const char *date_text(arena *a, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    return arena_printf(a, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int cert_pdf(char **pdf, size_t *len, db_conn *c, arena *a, const char *code, const char *site)
{
    db_rows *r;
    int rc = db_query(&r, c, a, "SELECT kind, holder, holder_ar, title, detail, issued_at FROM certificates WHERE code = $1",
                      "s", code);
    if (rc) return rc;
    if (r->nrows == 0) return E_NOTFOUND;
    const double W = 842, H = 595; /* A4 landscape, points */
    buf b = BUF_INIT(CERT_MAX_PDF);
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_buf, &b, W, H);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0.05, 0.35, 0.3);
    cairo_set_line_width(cr, 6);
    cairo_rectangle(cr, 24, 24, W - 48, H - 48);
    cairo_stroke(cr);
    int event = strcmp(db_text(r, 0, 0), "event") == 0;
    centred(cr, a, event ? "Attestation de participation" : "Attestation de formation", 110, 30, 1, W);
    centred(cr, a, event ? "شهادة حضور" : "شهادة تكوين", 155, 26, 1, W);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    centred(cr, a, "décernée à", 196, 13, 0, W);
    centred(cr, a, "تُمنح لـ", 214, 13, 0, W);
    centred(cr, a, db_text(r, 0, 1), 250, 28, 1, W);
    if (!db_isnull(r, 0, 2) && *db_text(r, 0, 2)) centred(cr, a, db_text(r, 0, 2), 292, 26, 1, W);
    centred(cr, a, db_text(r, 0, 3), 350, 20, 0, W);
    if (*db_text(r, 0, 4)) centred(cr, a, db_text(r, 0, 4), 380, 14, 0, W);
    centred(cr, a, arena_printf(a, "Délivrée le %s", date_text(a, db_int(r, 0, 5))), 420, 12, 0, W);
    cairo_set_source_rgb(cr, 0.05, 0.35, 0.3);
    centred(cr, a, arena_printf(a, "Code : %s", code), 490, 16, 1, W);
    centred(cr, a, arena_printf(a, "Vérifier : %s/#/verify/%s", site, code), 515, 11, 0, W);
    cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    int bad = cairo_surface_status(s) != CAIRO_STATUS_SUCCESS || b.err;
    cairo_surface_destroy(s);
    if (bad) {
        int too_big = b.err;
        buf_free(&b);
        return too_big ? E_LIMIT : E_FAIL;
    }
    *len = b.len;
    *pdf = buf_detach(&b);
    return 0;
}

/* ---- routes ---- */

static int verify(req *r)
{
    db_rows *c;
    int rc = db_query(&c, req_db(r), r->a,
                      "SELECT code, kind, holder, holder_ar, title, detail, issued_at FROM certificates WHERE code = $1", "s",
                      r->params[0]);
    if (rc) return rc;
    if (c->nrows == 0) return http_fail(r, E_NOTFOUND, NULL, "no certificate has this code");
    return http_json(r, 200,
                     json_pack("{s:b, s:s, s:s, s:s, s:s?, s:s, s:s, s:I, s:s}", "valid", 1, "code", db_text(c, 0, 0),
                               "kind", db_text(c, 0, 1), "holder", db_text(c, 0, 2), "holder_ar", db_text(c, 0, 3),
                               "title", db_text(c, 0, 4), "detail", db_text(c, 0, 5), "issued_at",
                               (json_int_t)db_int(c, 0, 6), "pdf",
                               arena_printf(r->a, "/api/certificates/%s/pdf", db_text(c, 0, 0))));
}

static int pdf(req *r)
{
    char *doc;
    size_t len;
    int rc = cert_pdf(&doc, &len, req_db(r), r->a, r->params[0], cert_site(r));
    if (rc == E_NOTFOUND) return http_fail(r, rc, NULL, "no certificate has this code");
    if (rc) return rc;
    rc = http_text(r, 200, "application/pdf", doc, len);
    free(doc);
    http_header(r, "Content-Disposition", arena_printf(r->a, "inline; filename=\"certificate-%s.pdf\"", r->params[0]));
    return rc;
}

static const route routes[] = {
    {"GET", "/api/certificates/{code}", verify, ALLOW_PUBLIC, 0},
    {"GET", "/api/certificates/{code}/pdf", pdf, ALLOW_PUBLIC, 0},
};

const route_table cert_routes = ROUTE_TABLE(routes);
