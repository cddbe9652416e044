/*
 * pdf_fixture.h — test PDFs drawn with cairo into memory, for the unit and HTTP tests that
 * feed PDFs to Majlisbot and the library (one copy instead of one per test file).
 *
 * pdf_fixture_draw makes an A4 PDF of n pages; page i shows pages[i], one line of text per
 * '\n'-separated line, in DejaVu Sans 12 pt from the top left. `title` (may be NULL) goes into
 * the document's metadata. The caller frees out->p. Header-only: the functions are static.
 */
#ifndef TESTS_PDF_FIXTURE_H
#define TESTS_PDF_FIXTURE_H

#include <cairo-pdf.h>
#include <cairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct pdf_fixture {
    unsigned char *p;
    size_t n;
} pdf_fixture;

static cairo_status_t pdf_fixture_grow(void *closure, const unsigned char *data, unsigned int len)
{
    pdf_fixture *b = closure;
    unsigned char *p = realloc(b->p, b->n + len);
    if (!p) return CAIRO_STATUS_WRITE_ERROR;
    memcpy(p + b->n, data, len);
    b->p = p, b->n += len;
    return CAIRO_STATUS_SUCCESS;
}

static pdf_fixture pdf_fixture_draw(const char *title, const char *const *pages, int n)
{
    pdf_fixture pdf = {NULL, 0};
    cairo_surface_t *sf = cairo_pdf_surface_create_for_stream(pdf_fixture_grow, &pdf, 595, 842);
    if (title) cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_TITLE, title);
    cairo_t *cr = cairo_create(sf);
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 12);
    for (int i = 0; i < n; i++) {
        char line[512];
        const char *s = pages[i];
        for (int k = 0; *s; k++) {
            size_t len = strcspn(s, "\n");
            snprintf(line, sizeof line, "%.*s", (int)len, s);
            cairo_move_to(cr, 50, 80 + 20 * k);
            cairo_show_text(cr, line);
            s += len + (s[len] == '\n');
        }
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    cairo_surface_finish(sf);
    cairo_surface_destroy(sf);
    return pdf;
}

#endif
