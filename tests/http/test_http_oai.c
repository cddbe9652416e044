/*
 * test_http_oai.c — the OAI-PMH 2.0 endpoint at /oai as a harvester sees it.
 *
 * Every answer is parsed with libxml2 and validated against the OAI-PMH schema in tests/http/oai/
 * (OAI-PMH.xsd reduced to what Madrasa emits, importing oai_dc.xsd and simpledc.xsd, so each
 * record's Dublin Core is validated too) — the same check as `xmllint --schema
 * tests/http/oai/OAI-PMH.xsd`. The schema itself is first shown to reject a wrong document, so
 * the validation cannot pass vacuously. Then: all six verbs, every error code the endpoint can
 * give, resumption tokens walked to the end with cursor and completeListSize, selective harvest
 * by set and date, and only published, public, non-embargoed records exposed.
 */
#include "unit/testing.h"

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "http/http_client.h"

static xmlSchemaPtr schema;

static void silent(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* load_schema runs from the project root (scripts/check.sh) */
static int load_schema(void **state)
{
    (void)state;
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt("tests/http/oai/OAI-PMH.xsd");
    schema = pc ? xmlSchemaParse(pc) : NULL;
    xmlSchemaFreeParserCtxt(pc);
    return schema ? 0 : -1;
}

static int free_schema(void **state)
{
    (void)state;
    xmlSchemaFree(schema);
    return 0;
}

static int valid(const char *xml, size_t len)
{
    xmlDocPtr d = xmlReadMemory(xml, (int)len, "oai.xml", NULL, XML_PARSE_NONET);
    if (!d) return 0;
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
    xmlSchemaSetValidErrors(vc, silent, silent, NULL);
    int ok = xmlSchemaValidateDoc(vc, d) == 0;
    xmlSchemaFreeValidCtxt(vc);
    xmlFreeDoc(d);
    return ok;
}

/* One harvest answer: the document and an XPath context with o: and dc: bound. */
typedef struct answer {
    xmlDocPtr doc;
    xmlXPathContextPtr xp;
} answer;

static void oai_get(answer *a, hc *c, const char *query)
{
    char path[1024];
    snprintf(path, sizeof path, "/oai?%s", query);
    assert_int_equal(hc_req(c, "GET", path, NULL), 200);
    assert_true(hc_has_header(c, "Content-Type: text/xml; charset=utf-8"));
    if (!valid(c->body, c->len)) fail_msg("not valid OAI-PMH for %s:\n%s", query, c->body);
    a->doc = xmlReadMemory(c->body, (int)c->len, "oai.xml", NULL, XML_PARSE_NONET);
    a->xp = xmlXPathNewContext(a->doc);
    xmlXPathRegisterNs(a->xp, BAD_CAST "o", BAD_CAST "http://www.openarchives.org/OAI/2.0/");
    xmlXPathRegisterNs(a->xp, BAD_CAST "dc", BAD_CAST "http://purl.org/dc/elements/1.1/");
}

static void answer_free(answer *a)
{
    xmlXPathFreeContext(a->xp);
    xmlFreeDoc(a->doc);
}

static int count(answer *a, const char *xpath)
{
    xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST xpath, a->xp);
    int n = o && o->nodesetval ? o->nodesetval->nodeNr : 0;
    xmlXPathFreeObject(o);
    return n;
}

/* string value of an XPath expression, copied into out */
static const char *str(answer *a, const char *xpath, char *out, size_t cap)
{
    xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST xpath, a->xp);
    xmlChar *s = xmlXPathCastToString(o);
    snprintf(out, cap, "%s", (const char *)s);
    xmlFree(s);
    xmlXPathFreeObject(o);
    return out;
}

static void expect_error(hc *c, const char *query, const char *code, int echoes)
{
    answer a;
    oai_get(&a, c, query);
    char xp[128];
    snprintf(xp, sizeof xp, "/o:OAI-PMH/o:error[@code='%s']", code);
    if (count(&a, xp) != 1) fail_msg("%s: expected error %s in\n%s", query, code, c->body);
    assert_int_equal(count(&a, "/o:OAI-PMH/o:request/@*") > 0, echoes);
    answer_free(&a);
}

/* deposit_published: a published record of `type`; returns its record id */
static long long deposit_published(hc *t, hc *s, const char *type, const char *extra)
{
    char body[2048], path[128];
    snprintf(body, sizeof body,
             "{\"title\":\"%s <&> \\\"quoted\\\"\",\"creators\":[{\"name\":\"Nadia Fassi\",\"affiliation\":\"CSEFRS\"}],"
             "\"date\":\"2025-01-20\",\"language\":\"fr\",\"subjects\":[\"éducation\"],\"abstract\":\"Résumé.\","
             "\"type\":\"%s\",\"rights\":\"CC BY-SA 4.0\"%s}",
             hc_unique("OAI "), type, extra ? extra : "");
    assert_int_equal(hc_req(t, "POST", "/api/library/records", body), 201);
    long long vid = json_integer_value(json_object_get(t->json, "id"));
    long long rec = json_integer_value(json_object_get(t->json, "record_id"));
    snprintf(path, sizeof path, "/api/library/versions/%lld/submit", vid);
    assert_int_equal(hc_req(t, "POST", path, NULL), 200);
    snprintf(path, sizeof path, "/api/library/versions/%lld/review", vid);
    assert_int_equal(hc_req(s, "POST", path, "{\"action\":\"publish\"}"), 200);
    return rec;
}

static void the_schema_rejects_a_wrong_document(void **state)
{
    (void)state;
    const char *bad = "<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\"><responseDate>2026-01-01T00:00:00Z"
                      "</responseDate><request>http://x/oai</request><error code=\"sorry\">x</error></OAI-PMH>";
    assert_false(valid(bad, strlen(bad)));
    const char *good = "<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\"><responseDate>2026-01-01T00:00:00Z"
                       "</responseDate><request>http://x/oai</request><error code=\"badVerb\">x</error></OAI-PMH>";
    assert_true(valid(good, strlen(good)));
}

static void identify_and_formats_and_sets(void **state)
{
    (void)state;
    hc *c = hc_new();
    answer a;
    char buf[256];
    oai_get(&a, c, "verb=Identify");
    assert_string_equal(str(&a, "string(/o:OAI-PMH/o:Identify/o:protocolVersion)", buf, sizeof buf), "2.0");
    assert_non_null(strstr(str(&a, "string(/o:OAI-PMH/o:Identify/o:baseURL)", buf, sizeof buf), "/oai"));
    assert_string_equal(str(&a, "string(/o:OAI-PMH/o:Identify/o:deletedRecord)", buf, sizeof buf), "transient");
    assert_string_equal(str(&a, "string(/o:OAI-PMH/o:request/@verb)", buf, sizeof buf), "Identify");
    answer_free(&a);
    oai_get(&a, c, "verb=ListMetadataFormats");
    assert_string_equal(str(&a, "string(//o:metadataFormat/o:metadataPrefix)", buf, sizeof buf), "oai_dc");
    answer_free(&a);
    oai_get(&a, c, "verb=ListSets");
    assert_int_equal(count(&a, "//o:set[o:setSpec='type:report']"), 1);
    answer_free(&a);
    hc_free(c);
}

static void every_error_code_is_given_where_the_protocol_says(void **state)
{
    (void)state;
    hc *c = hc_new();
    expect_error(c, "", "badVerb", 0);
    expect_error(c, "verb=Bogus", "badVerb", 0);
    expect_error(c, "verb=Identify&verb=Identify", "badVerb", 0);
    expect_error(c, "verb=ListRecords", "badArgument", 0);
    expect_error(c, "verb=Identify&colour=red", "badArgument", 0);
    expect_error(c, "verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc", "badArgument", 0);
    expect_error(c, "verb=ListRecords&metadataPrefix=oai_dc&from=2025-13-01", "badArgument", 0);
    expect_error(c, "verb=ListRecords&metadataPrefix=oai_dc&from=2025-01-01&until=2025-02-01T00:00:00Z", "badArgument", 0);
    expect_error(c, "verb=ListRecords&metadataPrefix=oai_dc&resumptionToken=10!0!0!", "badArgument", 0);
    expect_error(c, "verb=GetRecord&identifier=oai:madrasa:lib-1", "badArgument", 0);
    expect_error(c, "verb=ListRecords&resumptionToken=nonsense", "badResumptionToken", 1);
    expect_error(c, "verb=ListIdentifiers&resumptionToken=99999999!0!0!", "badResumptionToken", 1);
    expect_error(c, "verb=ListSets&resumptionToken=10!0!0!", "badResumptionToken", 1);
    expect_error(c, "verb=ListRecords&metadataPrefix=marc21", "cannotDisseminateFormat", 1);
    expect_error(c, "verb=GetRecord&metadataPrefix=marc21&identifier=oai:madrasa:lib-1", "cannotDisseminateFormat", 1);
    expect_error(c, "verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:madrasa:lib-99999999", "idDoesNotExist", 1);
    expect_error(c, "verb=GetRecord&metadataPrefix=oai_dc&identifier=nonsense", "idDoesNotExist", 1);
    expect_error(c, "verb=ListMetadataFormats&identifier=oai:madrasa:lib-99999999", "idDoesNotExist", 1);
    expect_error(c, "verb=ListRecords&metadataPrefix=oai_dc&until=1990-01-01", "noRecordsMatch", 1);
    expect_error(c, "verb=ListIdentifiers&metadataPrefix=oai_dc&set=type:nothing", "noRecordsMatch", 1);
    hc_free(c);
}

static void records_are_harvested_whole_through_resumption_tokens(void **state)
{
    (void)state;
    hc *t = hc_as("teacher"), *s = hc_as("secretariat"), *c = hc_new();
    for (int i = 0; i < 11; i++) deposit_published(t, s, i % 2 ? "report" : "dataset", NULL);
    answer a;
    char buf[512], q[700];
    long long total = -1, seen = 0, expect_cursor = 0;
    snprintf(q, sizeof q, "verb=ListIdentifiers&metadataPrefix=oai_dc");
    for (int pages = 0; pages < 10000; pages++) {
        oai_get(&a, c, q);
        int n = count(&a, "//o:ListIdentifiers/o:header");
        assert_true(n > 0 && n <= 10);
        seen += n;
        int has_token = count(&a, "//o:resumptionToken") == 1;
        if (pages == 0) assert_true(has_token); /* at least 11 records: more than a page */
        if (!has_token) {
            answer_free(&a);
            break;
        }
        long long size = strtoll(str(&a, "string(//o:resumptionToken/@completeListSize)", buf, sizeof buf), NULL, 10);
        long long cursor = strtoll(str(&a, "string(//o:resumptionToken/@cursor)", buf, sizeof buf), NULL, 10);
        if (total < 0) total = size;
        assert_int_equal(size, total);
        assert_int_equal(cursor, expect_cursor);
        expect_cursor += n;
        str(&a, "string(//o:resumptionToken)", buf, sizeof buf);
        answer_free(&a);
        if (!*buf) break; /* the last page has an empty token */
        snprintf(q, sizeof q, "verb=ListIdentifiers&resumptionToken=%s", buf);
    }
    assert_int_equal(seen, total);

    /* ListRecords carries Dublin Core, escaped; and a set restricts to its type */
    oai_get(&a, c, "verb=ListRecords&metadataPrefix=oai_dc&set=type:dataset");
    assert_true(count(&a, "//o:record") >= 1);
    assert_int_equal(count(&a, "//o:header[o:setSpec!='type:dataset']"), 0);
    assert_true(count(&a, "//dc:title[contains(., '<&> \"quoted\"')]") >= 1);
    assert_true(count(&a, "//dc:creator[.='Nadia Fassi']") >= 1);
    answer_free(&a);
    hc_free(c);
    hc_free(s);
    hc_free(t);
}

static void only_published_public_open_records_are_exposed(void **state)
{
    (void)state;
    hc *t = hc_as("teacher"), *s = hc_as("secretariat"), *c = hc_new();
    char q[256], extra[128];
    long long open = deposit_published(t, s, "book", NULL);
    snprintf(extra, sizeof extra, ",\"embargo_until\":%lld", (long long)time(NULL) + 86400);
    long long embargoed = deposit_published(t, s, "book", extra);
    long long members = deposit_published(t, s, "book", ",\"access\":\"registered\"");
    assert_int_equal(hc_req(t, "POST", "/api/library/records",
                            "{\"title\":\"Draft\",\"creators\":[{\"name\":\"X\"}],\"date\":\"2025\",\"language\":\"fr\","
                            "\"subjects\":[],\"abstract\":\"\",\"type\":\"book\",\"rights\":\"CC0\"}"),
                     201);
    long long draft = json_integer_value(json_object_get(t->json, "record_id"));
    answer a;
    snprintf(q, sizeof q, "verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:madrasa:lib-%lld", open);
    oai_get(&a, c, q);
    assert_int_equal(count(&a, "//o:GetRecord/o:record/o:metadata"), 1);
    answer_free(&a);
    snprintf(q, sizeof q, "verb=ListMetadataFormats&identifier=oai:madrasa:lib-%lld", open);
    oai_get(&a, c, q);
    assert_int_equal(count(&a, "//o:metadataFormat"), 1);
    answer_free(&a);
    long long hidden[] = {embargoed, members, draft};
    for (int i = 0; i < 3; i++) {
        snprintf(q, sizeof q, "verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:madrasa:lib-%lld", hidden[i]);
        expect_error(c, q, "idDoesNotExist", 1);
    }
    /* a selective harvest by day includes today's publication */
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    char day[16];
    strftime(day, sizeof day, "%Y-%m-%d", &tm);
    snprintf(q, sizeof q, "verb=ListIdentifiers&metadataPrefix=oai_dc&set=type:book&from=%s&until=%s", day, day);
    oai_get(&a, c, q);
    char xp[128];
    snprintf(xp, sizeof xp, "//o:header[o:identifier='oai:madrasa:lib-%lld']", open);
    assert_int_equal(count(&a, xp), 1);
    snprintf(xp, sizeof xp, "//o:header[o:identifier='oai:madrasa:lib-%lld']", embargoed);
    assert_int_equal(count(&a, xp), 0);
    answer_free(&a);
    hc_free(c);
    hc_free(s);
    hc_free(t);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_schema_rejects_a_wrong_document),
        cmocka_unit_test(identify_and_formats_and_sets),
        cmocka_unit_test(every_error_code_is_given_where_the_protocol_says),
        cmocka_unit_test(records_are_harvested_whole_through_resumption_tokens),
        cmocka_unit_test(only_published_public_open_records_are_exposed),
    };
    int rc = cmocka_run_group_tests(tests, load_schema, free_schema);
    curl_global_cleanup();
    xmlCleanupParser();
    return rc;
}
