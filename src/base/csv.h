/*
 * csv.h — a streaming reader of RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF).
 *
 * csv_next() reads one record at a time into a reusable buffer; fields point into it and stay
 * valid until the next call. Line numbers are those of the file (a quoted field may span lines),
 * so errors can name the line. A record with more than CSV_MAX_FIELDS fields or longer than
 * the reader's cap is an error (E_LIMIT), never a silent truncation.
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

#endif
