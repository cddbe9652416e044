/*
 * oai.c — the OAI-PMH 2.0 endpoint at /oai (see oai.h and docs/collaboration.md).
 *
 * One metadata format, oai_dc; sets by deposit type ("type:report"); records are the published,
 * public, non-embargoed records, each at its latest published version, with the datestamp of the
 * moment it became visible (publication, or the end of its embargo when that is later). The
 * deleted-record policy is "transient": a record that stops being visible (a new version under
 * embargo) simply drops out of lists, without a deleted header.
 *
 * Every answer is HTTP 200 with an XML body built by libxml2's xmlTextWriter (which does all
 * escaping); protocol errors are <error code="…"> elements, and for badVerb and badArgument the
 * <request> element carries no attributes, as the protocol says. Arguments are read one by one
 * (req_query_each) so that unknown and repeated arguments are caught.
 */
#include "app/library/oai.h"

#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/library/library.h"
#include "base/civil.h"
#include "base/err.h"

/* ---- pure parts ---- */

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return E_INVALID;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

int oai_parse_datestamp(int64_t *out, int *day, const char *s, int end_of_day)
{
    size_t n = strlen(s);
    int y, mo, d, h = 0, mi = 0, se = 0;
    if (n != 10 && n != 20) return E_INVALID;
    if (digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) || s[7] != '-' || digits(s + 8, 2, &d))
        return E_INVALID;
    if (n == 20 && (s[10] != 'T' || digits(s + 11, 2, &h) || s[13] != ':' || digits(s + 14, 2, &mi) || s[16] != ':' ||
                    digits(s + 17, 2, &se) || s[19] != 'Z'))
        return E_INVALID;
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (mo < 1 || mo > 12 || d < 1 || d > (mo == 2 && !leap ? 28 : mdays[mo - 1]) || h > 23 || mi > 59 || se > 59)
        return E_INVALID;
    *day = n == 10;
    *out = civil_days(y, mo, d) * 86400 + h * 3600 + mi * 60 + se + (n == 10 && end_of_day ? 86399 : 0);
    return 0;
}

void oai_format_datestamp(char *out, int64_t t)
{
    int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400, secs = t - days * 86400;
    /* civil_from_days (Howard Hinnant's algorithm) */
    int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097, yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    int d = (int)(doy - (153 * mp + 2) / 5 + 1), m = (int)(mp < 10 ? mp + 3 : mp - 9);
    y += m <= 2;
    snprintf(out, OAI_DATESTAMP_LEN, "%04d-%02d-%02dT%02d:%02d:%02dZ", (int)y, m, d, (int)(secs / 3600),
             (int)(secs / 60 % 60), (int)(secs % 60));
}

int oai_token_encode(char *out, size_t cap, const oai_token *t)
{
    int n = snprintf(out, cap, "%lld!%lld!%lld!%s", (long long)t->offset, (long long)t->from, (long long)t->until,
                     t->set);
    return n < 0 || (size_t)n >= cap ? E_LIMIT : 0;
}

static int token_number(int64_t *out, const char **p)
{
    const char *s = *p;
    int64_t v = 0;
    if (*s < '0' || *s > '9' || (s[0] == '0' && s[1] >= '0' && s[1] <= '9')) return E_INVALID;
    for (; *s >= '0' && *s <= '9'; s++) {
        if (v > (INT64_MAX - 9) / 10) return E_INVALID;
        v = v * 10 + (*s - '0');
    }
    if (*s != '!') return E_INVALID;
    *out = v;
    *p = s + 1;
    return 0;
}

int oai_token_decode(oai_token *out, const char *s)
{
    memset(out, 0, sizeof *out);
    if (token_number(&out->offset, &s) || token_number(&out->from, &s) || token_number(&out->until, &s))
        return E_INVALID;
    size_t n = strlen(s);
    if (n >= sizeof out->set) return E_INVALID;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_' || s[i] == ':')) return E_INVALID;
    memcpy(out->set, s, n + 1);
    if (out->offset <= 0 || (out->until && out->until < out->from)) return E_INVALID;
    return 0;
}

/* ---- the endpoint ---- */

static const char *const SET_TYPES[][2] = {
    {"report", "Reports"}, {"article", "Articles"}, {"thesis", "Theses"}, {"dataset", "Datasets"},
    {"presentation", "Presentations"}, {"policy_brief", "Policy briefs"}, {"book", "Books"}, {"other", "Other"},
};
enum { NSETS = sizeof SET_TYPES / sizeof SET_TYPES[0] };

typedef struct oai_args {
    const char *verb, *identifier, *prefix, *from, *until, *set, *token;
    int dup, vdup, unknown, nargs;
} oai_args;

static void collect(void *cls, const char *key, const char *value)
{
    oai_args *a = cls;
    static const char *const names[] = {"verb", "identifier", "metadataPrefix", "from", "until", "set",
                                        "resumptionToken"};
    const char **slots[] = {&a->verb, &a->identifier, &a->prefix, &a->from, &a->until, &a->set, &a->token};
    a->nargs++;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(key, names[i]) == 0) {
            if (*slots[i]) *(i == 0 ? &a->vdup : &a->dup) = 1;
            *slots[i] = value;
            return;
        }
    a->unknown = 1;
}

/* The writer with a sticky error: every call after a failure does nothing. */
typedef struct xw {
    xmlTextWriterPtr w;
    xmlBufferPtr b;
    int err;
} xw;

static void chk(xw *x, int rc)
{
    if (rc < 0) x->err = 1;
}

static void start(xw *x, const char *name)
{
    if (!x->err) chk(x, xmlTextWriterStartElement(x->w, BAD_CAST name));
}

static void end(xw *x)
{
    if (!x->err) chk(x, xmlTextWriterEndElement(x->w));
}

static void attr(xw *x, const char *name, const char *value)
{
    if (!x->err) chk(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST value));
}

/* text drops the C0 controls XML 1.0 cannot carry; the writer escapes the rest. */
static void text(xw *x, const char *s)
{
    if (x->err) return;
    size_t n = strlen(s);
    char *clean = malloc(n + 1), *o = clean;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p >= 0x20 || *p == '\t' || *p == '\n' || *p == '\r') *o++ = *p;
    *o = 0;
    chk(x, xmlTextWriterWriteString(x->w, BAD_CAST clean));
    free(clean);
}

static void elem(xw *x, const char *name, const char *value)
{
    start(x, name);
    text(x, value);
    end(x);
}

typedef struct oai_ctx {
    req *r;
    xw x;
    const char *base; /* the baseURL */
    const char *site; /* the web app's URL */
    oai_args a;
} oai_ctx;

static void error(oai_ctx *o, const char *code, const char *msg)
{
    start(&o->x, "error");
    attr(&o->x, "code", code);
    text(&o->x, msg);
    end(&o->x);
}

/* head writes the envelope up to the verb element; `echo` puts the arguments on <request>. */
static void head(oai_ctx *o, int echo)
{
    xw *x = &o->x;
    chk(x, xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", NULL));
    start(x, "OAI-PMH");
    attr(x, "xmlns", "http://www.openarchives.org/OAI/2.0/");
    attr(x, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
    attr(x, "xsi:schemaLocation",
         "http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd");
    char now[OAI_DATESTAMP_LEN];
    oai_format_datestamp(now, db_now());
    elem(x, "responseDate", now);
    start(x, "request");
    if (echo) {
        const char *names[] = {"verb", "identifier", "metadataPrefix", "from", "until", "set", "resumptionToken"};
        const char *vals[] = {o->a.verb, o->a.identifier, o->a.prefix, o->a.from, o->a.until, o->a.set, o->a.token};
        for (size_t i = 0; i < sizeof names / sizeof *names; i++)
            if (vals[i]) attr(x, names[i], vals[i]);
    }
    text(x, o->base);
    end(x);
}

/* ---- records ---- */

#define DATESTAMP_SQL "(CASE WHEN v.embargo_until > v.published_at THEN v.embargo_until ELSE v.published_at END)"
#define EXPOSED_SQL                                                                                            \
    "v.status = 'published' AND v.access = 'public' AND v.embargo_until <= $1 AND v.version = (SELECT "     \
    "max(w.version) FROM library_versions w WHERE w.record_id = v.record_id AND w.status = 'published')"
#define RCOLS "v.record_id, " DATESTAMP_SQL ", v.type, v.title, v.creators, v.subjects, v.abstract, v.date_issued, " \
              "v.language, v.rights, v.version"

enum { R_RECORD, R_STAMP, R_TYPE, R_TITLE, R_CREATORS, R_SUBJECTS, R_ABSTRACT, R_DATE, R_LANG, R_RIGHTS, R_VERSION };

static void header(oai_ctx *o, const db_rows *v, int i)
{
    xw *x = &o->x;
    char stamp[OAI_DATESTAMP_LEN];
    start(x, "header");
    elem(x, "identifier", arena_printf(o->r->a, "oai:madrasa:lib-%lld", (long long)db_int(v, i, R_RECORD)));
    oai_format_datestamp(stamp, db_int(v, i, R_STAMP));
    elem(x, "datestamp", stamp);
    elem(x, "setSpec", arena_printf(o->r->a, "type:%s", db_text(v, i, R_TYPE)));
    end(x);
}

static void json_strings(oai_ctx *o, const char *dc, const char *json, const char *key)
{
    json_t *arr = json_loads(json, 0, NULL);
    for (size_t k = 0; k < json_array_size(arr); k++) {
        json_t *e = json_array_get(arr, k);
        if (key) e = json_object_get(e, key);
        if (json_is_string(e)) elem(&o->x, dc, json_string_value(e));
    }
    json_decref(arr);
}

static void record(oai_ctx *o, const db_rows *v, int i)
{
    xw *x = &o->x;
    arena *a = o->r->a;
    long long id = (long long)db_int(v, i, R_RECORD);
    start(x, "record");
    header(o, v, i);
    start(x, "metadata");
    start(x, "oai_dc:dc");
    attr(x, "xmlns:oai_dc", "http://www.openarchives.org/OAI/2.0/oai_dc/");
    attr(x, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
    attr(x, "xsi:schemaLocation",
         "http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd");
    elem(x, "dc:title", db_text(v, i, R_TITLE));
    json_strings(o, "dc:creator", db_text(v, i, R_CREATORS), "name");
    json_strings(o, "dc:subject", db_text(v, i, R_SUBJECTS), NULL);
    if (*db_text(v, i, R_ABSTRACT)) elem(x, "dc:description", db_text(v, i, R_ABSTRACT));
    elem(x, "dc:publisher", "Madrasa");
    elem(x, "dc:date", db_text(v, i, R_DATE));
    elem(x, "dc:type", db_text(v, i, R_TYPE));
    elem(x, "dc:identifier", arena_printf(a, "%s/#/library/%lld", o->site, id));
    elem(x, "dc:identifier", arena_printf(a, "lib-%lldv%lld", id, (long long)db_int(v, i, R_VERSION)));
    elem(x, "dc:language", db_text(v, i, R_LANG));
    elem(x, "dc:rights", db_text(v, i, R_RIGHTS));
    end(x);
    end(x);
    end(x);
}

static int valid_set(const char *set)
{
    if (strncmp(set, "type:", 5) != 0) return 0;
    for (int i = 0; i < NSETS; i++)
        if (strcmp(set + 5, SET_TYPES[i][0]) == 0) return 1;
    return 0;
}

static int identify(oai_ctx *o)
{
    db_rows *v;
    int rc = db_query(&v, req_db(o->r), o->r->a,
                      "SELECT min(" DATESTAMP_SQL ") FROM library_versions v WHERE " EXPOSED_SQL, "i", db_now());
    if (rc) return rc;
    char earliest[OAI_DATESTAMP_LEN];
    oai_format_datestamp(earliest, v->nrows && !db_isnull(v, 0, 0) ? db_int(v, 0, 0) : 0);
    const char *email = getenv("MADRASA_OAI_EMAIL");
    head(o, 1);
    xw *x = &o->x;
    start(x, "Identify");
    elem(x, "repositoryName", "Madrasa — research exchange of the education council");
    elem(x, "baseURL", o->base);
    elem(x, "protocolVersion", "2.0");
    elem(x, "adminEmail", email && *email ? email : "oai-admin@example.org");
    elem(x, "earliestDatestamp", earliest);
    elem(x, "deletedRecord", "transient");
    elem(x, "granularity", "YYYY-MM-DDThh:mm:ssZ");
    end(x);
    return 0;
}

static int formats(oai_ctx *o)
{
    if (o->a.identifier) {
        long long id;
        char tail;
        db_rows *v;
        if (sscanf(o->a.identifier, "oai:madrasa:lib-%lld%c", &id, &tail) != 1) id = 0;
        int rc = db_query(&v, req_db(o->r), o->r->a,
                          "SELECT v.id FROM library_versions v WHERE " EXPOSED_SQL " AND v.record_id = $2", "ii",
                          db_now(), (int64_t)id);
        if (rc) return rc;
        if (v->nrows == 0) {
            head(o, 1);
            error(o, "idDoesNotExist", "no such record in this repository");
            return 0;
        }
    }
    head(o, 1);
    xw *x = &o->x;
    start(x, "ListMetadataFormats");
    start(x, "metadataFormat");
    elem(x, "metadataPrefix", "oai_dc");
    elem(x, "schema", "http://www.openarchives.org/OAI/2.0/oai_dc.xsd");
    elem(x, "metadataNamespace", "http://www.openarchives.org/OAI/2.0/oai_dc/");
    end(x);
    end(x);
    return 0;
}

static int list_sets(oai_ctx *o)
{
    head(o, 1);
    if (o->a.token) {
        error(o, "badResumptionToken", "ListSets is answered whole; there is no token to resume");
        return 0;
    }
    xw *x = &o->x;
    start(x, "ListSets");
    for (int i = 0; i < NSETS; i++) {
        start(x, "set");
        elem(x, "setSpec", arena_printf(o->r->a, "type:%s", SET_TYPES[i][0]));
        elem(x, "setName", SET_TYPES[i][1]);
        end(x);
    }
    end(x);
    return 0;
}

static int get_record(oai_ctx *o)
{
    head(o, 1);
    if (strcmp(o->a.prefix, "oai_dc") != 0) {
        error(o, "cannotDisseminateFormat", "only oai_dc is offered");
        return 0;
    }
    long long id;
    char tail;
    if (sscanf(o->a.identifier, "oai:madrasa:lib-%lld%c", &id, &tail) != 1) id = 0;
    db_rows *v;
    int rc = db_query(&v, req_db(o->r), o->r->a,
                      "SELECT " RCOLS " FROM library_versions v WHERE " EXPOSED_SQL " AND v.record_id = $2", "ii",
                      db_now(), (int64_t)id);
    if (rc) return rc;
    if (v->nrows == 0) {
        error(o, "idDoesNotExist", "no such record in this repository");
        return 0;
    }
    start(&o->x, "GetRecord");
    record(o, v, 0);
    end(&o->x);
    return 0;
}

/* list: ListIdentifiers (records = 0) and ListRecords (records = 1). */
static int list(oai_ctx *o, int records)
{
    oai_token t = {0};
    int fday = -1, uday = -1;
    if (o->a.token) {
        if (oai_token_decode(&t, o->a.token) || (*t.set && !valid_set(t.set))) {
            head(o, 1);
            error(o, "badResumptionToken", "the resumption token is not valid");
            return 0;
        }
    } else {
        if (o->a.from && oai_parse_datestamp(&t.from, &fday, o->a.from, 0)) {
            head(o, 0);
            error(o, "badArgument", "from: YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ");
            return 0;
        }
        if (o->a.until && oai_parse_datestamp(&t.until, &uday, o->a.until, 1)) {
            head(o, 0);
            error(o, "badArgument", "until: YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ");
            return 0;
        }
        if ((fday >= 0 && uday >= 0 && fday != uday) || (o->a.until && t.until < t.from)) {
            head(o, 0);
            error(o, "badArgument", "from and until must have the same granularity, from <= until");
            return 0;
        }
        head(o, 1);
        if (strcmp(o->a.prefix, "oai_dc") != 0) {
            error(o, "cannotDisseminateFormat", "only oai_dc is offered");
            return 0;
        }
        if (o->a.set) {
            if (!valid_set(o->a.set)) {
                error(o, "noRecordsMatch", "no such set");
                return 0;
            }
            snprintf(t.set, sizeof t.set, "%s", o->a.set);
        }
    }
    if (o->a.token) head(o, 1);
    const char *type = *t.set ? t.set + 5 : "";
    int64_t until = t.until ? t.until : INT64_MAX / 2;
    db_rows *cnt, *v;
    db_conn *c = req_db(o->r);
    int rc = db_query(&cnt, c, o->r->a,
                      "SELECT count(*) FROM library_versions v WHERE " EXPOSED_SQL " AND " DATESTAMP_SQL
                      " >= $2 AND " DATESTAMP_SQL " <= $3 AND ($4 = '' OR v.type = $4)",
                      "iiis", db_now(), t.from, until, type);
    if (rc) return rc;
    int64_t total = db_int(cnt, 0, 0);
    if (o->a.token && t.offset >= total) {
        error(o, "badResumptionToken", "the list has changed since the token was given; start again");
        return 0;
    }
    if (total == 0) {
        error(o, "noRecordsMatch", "no record matches these arguments");
        return 0;
    }
    rc = db_query(&v, c, o->r->a,
                  "SELECT " RCOLS " FROM library_versions v WHERE " EXPOSED_SQL " AND " DATESTAMP_SQL
                  " >= $2 AND " DATESTAMP_SQL " <= $3 AND ($4 = '' OR v.type = $4) ORDER BY " DATESTAMP_SQL
                  ", v.record_id LIMIT $5 OFFSET $6",
                  "iiisii", db_now(), t.from, until, type, (int64_t)OAI_PAGE, t.offset);
    if (rc) return rc;
    xw *x = &o->x;
    start(x, records ? "ListRecords" : "ListIdentifiers");
    for (int i = 0; i < v->nrows; i++) {
        if (records) record(o, v, i);
        else header(o, v, i);
    }
    int64_t next = t.offset + v->nrows;
    if (next < total || o->a.token) {
        char tok[128] = "";
        oai_token nt = t;
        nt.offset = next;
        if (next < total) oai_token_encode(tok, sizeof tok, &nt);
        start(x, "resumptionToken");
        attr(x, "completeListSize", arena_printf(o->r->a, "%lld", (long long)total));
        attr(x, "cursor", arena_printf(o->r->a, "%lld", (long long)t.offset));
        text(x, tok);
        end(x);
    }
    end(x);
    return 0;
}

static int list_identifiers(oai_ctx *o) { return list(o, 0); }
static int list_records(oai_ctx *o) { return list(o, 1); }

/* The verbs: the arguments each requires and allows (bits in the order of oai_args). */
enum { A_IDENTIFIER = 1, A_PREFIX = 2, A_FROM = 4, A_UNTIL = 8, A_SET = 16, A_TOKEN = 32 };

static const struct verb {
    const char *name;
    int required, allowed;
    int (*fn)(oai_ctx *);
} verbs[] = {
    {"Identify", 0, 0, identify},
    {"ListMetadataFormats", 0, A_IDENTIFIER, formats},
    {"ListSets", 0, A_TOKEN, list_sets},
    {"GetRecord", A_IDENTIFIER | A_PREFIX, A_IDENTIFIER | A_PREFIX, get_record},
    {"ListIdentifiers", A_PREFIX, A_PREFIX | A_FROM | A_UNTIL | A_SET | A_TOKEN, list_identifiers},
    {"ListRecords", A_PREFIX, A_PREFIX | A_FROM | A_UNTIL | A_SET | A_TOKEN, list_records},
};

static int given(const oai_args *a)
{
    return (a->identifier ? A_IDENTIFIER : 0) | (a->prefix ? A_PREFIX : 0) | (a->from ? A_FROM : 0) |
           (a->until ? A_UNTIL : 0) | (a->set ? A_SET : 0) | (a->token ? A_TOKEN : 0);
}

/* check_args: NULL when the arguments fit the verb, else what is wrong. A resumption token is
 * exclusive: with it, no other argument but the verb. */
static const char *check_args(const struct verb *v, const oai_args *a)
{
    int g = given(a);
    if (a->dup) return "an argument is repeated";
    if (a->unknown) return "an argument is not one of the protocol's";
    if (g & ~v->allowed) return "an argument is not allowed with this verb";
    if (g & A_TOKEN) return g == A_TOKEN ? NULL : "resumptionToken is exclusive";
    if ((g & v->required) != v->required) return "a required argument is missing";
    return NULL;
}

static int oai(req *r)
{
    oai_ctx o = {.r = r};
    req_query_each(r, collect, &o.a);
    const char *host = req_header(r, "Host");
    o.site = arena_printf(r->a, "%s://%s", req_is_tls(r) ? "https" : "http", host && *host ? host : "localhost");
    o.base = arena_printf(r->a, "%s/oai", o.site);
    o.x.b = xmlBufferCreate();
    o.x.w = o.x.b ? xmlNewTextWriterMemory(o.x.b, 0) : NULL;
    if (!o.x.w) {
        if (o.x.b) xmlBufferFree(o.x.b);
        return E_FAIL;
    }
    const struct verb *v = NULL;
    for (size_t i = 0; o.a.verb && i < sizeof verbs / sizeof *verbs; i++)
        if (strcmp(o.a.verb, verbs[i].name) == 0) v = &verbs[i];
    int rc = 0;
    const char *why;
    if (!v || o.a.vdup) {
        head(&o, 0);
        error(&o, "badVerb", o.a.verb ? "the verb is not an OAI-PMH verb, or is repeated" : "the verb is missing");
    } else if ((why = check_args(v, &o.a))) {
        head(&o, 0);
        error(&o, "badArgument", why);
    } else {
        rc = v->fn(&o);
    }
    if (rc == 0) {
        end(&o.x); /* OAI-PMH */
        chk(&o.x, xmlTextWriterEndDocument(o.x.w));
    }
    xmlFreeTextWriter(o.x.w);
    if (rc == 0 && o.x.err) rc = E_FAIL;
    if (rc == 0) rc = http_text(r, 200, "text/xml; charset=utf-8", (const char *)xmlBufferContent(o.x.b),
                                (size_t)xmlBufferLength(o.x.b));
    xmlBufferFree(o.x.b);
    return rc;
}

static const route routes[] = {
    {"GET", "/oai", oai, ALLOW_PUBLIC, 0},
};

const route_table oai_routes = ROUTE_TABLE(routes);
