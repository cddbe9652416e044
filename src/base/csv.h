/*
 * csv.h — a streaming reader of RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF).
 *
 * csv_next() reads one record at a time into a reusable buffer; fields point into it and stay
 * valid until the next call. Line numbers are those of the file (a quoted field may span lines),
 * so errors can name the line. A record with more than CSV_MAX_FIELDS fields or longer than
 * the reader's cap is an error (E_LIMIT), never a silent truncation.
 *
 * csv_put() writes the other way, one field at a time, for every CSV the server hands out
 * (class export, bot analytics, observatory series).
 */
#ifndef BASE_CSV_H
#define BASE_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "base/buf.h"

enum { CSV_MAX_FIELDS = 64 };

typedef struct csv_reader {
    FILE *f;             /* borrowed */
    const char *mem;     /* or an in-memory text (borrowed) */
    size_t mem_len, mem_pos;
    buf rec;             /* the current record's bytes */
    size_t offs[CSV_MAX_FIELDS];
    size_t lens[CSV_MAX_FIELDS];
    char *field[CSV_MAX_FIELDS];
    int nfields;
    long line;           /* line on which the current record starts (1-based) */
    long next_line;
} csv_reader;

void csv_open_file(csv_reader *r, FILE *f);
void csv_open_mem(csv_reader *r, const char *text, size_t len);
/* csv_next: 1 when a record was read, 0 at the end, E_INVALID (unterminated quote) or E_LIMIT. */
int csv_next(csv_reader *r);
/* csv_col finds a header name's index in the current record, or -1. */
int csv_col(const csv_reader *r, const char *name);
void csv_close(csv_reader *r);

/* csv_put appends field s (NULL: empty) to o, then "," or, when `last`, the record's end
 * "\r\n" (RFC 4180). The field is quoted when it holds a comma, semicolon, quote, CR or LF
 * (quotes doubled); one starting with = + - @ TAB or CR gets a leading ' so that a spreadsheet
 * shows it as text and never runs it as a formula (OWASP, "CSV injection"). That would turn
 * a negative number into text too: write numbers with buf_printf. */
void csv_put(buf *o, const char *s, int last);

#endif
