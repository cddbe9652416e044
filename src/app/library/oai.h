/*
 * oai.h — OAI-PMH 2.0 for the research exchange: the pure parts of the protocol (datestamps and
 * resumption tokens), unit-tested alone; the endpoint itself is oai_routes (library.h).
 *
 * Datestamps are UTC, in the repository's granularity YYYY-MM-DDThh:mm:ssZ; harvesters may also
 * give day granularity YYYY-MM-DD (an `until` day means the end of that day). Resumption tokens
 * are stateless: "<offset>!<from>!<until>!<set>", so any app server can continue a list that
 * another began, and nothing is kept between requests.
 */
#ifndef APP_LIBRARY_OAI_H
#define APP_LIBRARY_OAI_H

#include <stddef.h>
#include <stdint.h>

enum { OAI_PAGE = 10, OAI_DATESTAMP_LEN = 64 };

/* oai_parse_datestamp reads "YYYY-MM-DD" (*day = 1) or "YYYY-MM-DDThh:mm:ssZ" (*day = 0) into Unix
 * seconds; with end_of_day, a day-granularity stamp means its last second. E_INVALID otherwise. */
int oai_parse_datestamp(int64_t *out, int *day, const char *s, int end_of_day);
/* oai_format_datestamp writes t as "YYYY-MM-DDThh:mm:ssZ" (out has OAI_DATESTAMP_LEN bytes). */
void oai_format_datestamp(char *out, int64_t t);

typedef struct oai_token {
    int64_t offset, from, until; /* until 0: no upper bound */
    char set[40];                /* "" or a setSpec */
} oai_token;

/* oai_token_encode writes the token; E_LIMIT when cap is too small. */
int oai_token_encode(char *out, size_t cap, const oai_token *t);
/* oai_token_decode parses a token; E_INVALID for anything that encode could not have made. */
int oai_token_decode(oai_token *out, const char *s);

#endif
