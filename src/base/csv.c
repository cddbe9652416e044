/*
 * csv.c — streaming CSV (see csv.h).
 *
 * The record's field texts are unquoted in place into `rec` with a NUL after each field; the
 * offsets are turned into pointers only once the record is complete, because `rec` may move
 * while it grows.
 */
#include "base/csv.h"

#include <string.h>

#include "base/err.h"

enum { CSV_MAX_RECORD = 1 << 20 };

void csv_open_file(csv_reader *r, FILE *f)
{
    memset(r, 0, sizeof *r);
    r->f = f;
    r->rec = (buf)BUF_INIT(CSV_MAX_RECORD);
    r->next_line = 1;
}

void csv_open_mem(csv_reader *r, const char *text, size_t len)
{
    memset(r, 0, sizeof *r);
    r->mem = text;
    r->mem_len = len;
    r->rec = (buf)BUF_INIT(CSV_MAX_RECORD);
    r->next_line = 1;
}

static int getch(csv_reader *r)
{
    if (r->f) return getc(r->f);
    return r->mem_pos < r->mem_len ? (unsigned char)r->mem[r->mem_pos++] : EOF;
}

static void ungetch(csv_reader *r, int c)
{
    if (c == EOF) return;
    if (r->f) ungetc(c, r->f);
    else r->mem_pos--;
}

int csv_next(csv_reader *r)
{
    buf_reset(&r->rec);
    r->nfields = 0;
    r->line = r->next_line;
    int c = getch(r);
    if (c == EOF) return 0;
    ungetch(r, c);
    size_t start = 0;
    int quoted = 0, at_field_start = 1;
    for (;;) {
        c = getch(r);
        if (quoted) {
            if (c == EOF) return E_INVALID;
            if (c == '"') {
                int d = getch(r);
                if (d == '"') {
                    buf_putc(&r->rec, '"');
                    continue;
                }
                ungetch(r, d);
                quoted = 0;
                continue;
            }
            if (c == '\n') r->next_line++;
            buf_putc(&r->rec, (char)c);
            continue;
        }
        if (c == '"' && at_field_start) {
            quoted = 1;
            at_field_start = 0;
            continue;
        }
        if (c == ',' || c == '\n' || c == EOF || c == '\r') {
            if (c == '\r') {
                int d = getch(r);
                if (d != '\n') ungetch(r, d);
                c = '\n';
            }
            if (r->nfields == CSV_MAX_FIELDS) return E_LIMIT;
            r->offs[r->nfields] = start;
            r->lens[r->nfields] = r->rec.len - start;
            r->nfields++;
            buf_putc(&r->rec, 0);
            start = r->rec.len;
            at_field_start = 1;
            if (c == ',') continue;
            if (c == '\n') r->next_line++;
            break;
        }
        at_field_start = 0;
        buf_putc(&r->rec, (char)c);
    }
    if (r->rec.err) return E_LIMIT;
    for (int i = 0; i < r->nfields; i++) r->field[i] = r->rec.data + r->offs[i];
    return 1;
}

int csv_col(const csv_reader *r, const char *name)
{
    for (int i = 0; i < r->nfields; i++)
        if (strcmp(r->field[i], name) == 0) return i;
    return -1;
}

void csv_close(csv_reader *r) { buf_free(&r->rec); }

void csv_put(buf *o, const char *s, int last)
{
    if (!s) s = "";
    int quote = strpbrk(s, ",;\"\r\n") != NULL, defuse = *s && strchr("=+-@\t\r", *s);
    if (quote) buf_putc(o, '"');
    if (defuse) buf_putc(o, '\'');
    for (; *s; s++) {
        if (*s == '"') buf_putc(o, '"');
        buf_putc(o, *s);
    }
    if (quote) buf_putc(o, '"');
    buf_puts(o, last ? "\r\n" : ",");
}
