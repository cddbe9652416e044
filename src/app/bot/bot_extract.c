/*
 * bot_extract.c — documents (PDF, HTML, Markdown, plain text) to passages (see bot_text.h).
 *
 * Two stages. A reader per format turns the bytes into paragraphs, each tagged with the page
 * and the section heading it sits under (whitespace collapsed, markup dropped). Then the
 * chunker groups consecutive paragraphs of the same page and section into passages of at most
 * BOT_PASSAGE_PARAGRAPHS paragraphs and BOT_PASSAGE_WORDS words, cutting an over-long
 * paragraph at sentence ends. Memory: the paragraphs and passages live in the caller's arena;
 * the paragraph being built is a heap buffer freed before returning.
 */
#include <ctype.h>
#include <glib.h>
#include <libxml/HTMLparser.h>
#include <poppler.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "app/bot/bot_text.h"
#include "base/buf.h"
#include "base/err.h"
#include "text/snippet.h"

typedef struct para {
    int page;
    const char *section;
    const char *text;
    size_t words;
} para;

typedef struct builder {
    arena *a;
    para *p;
    size_t n, cap;
    const char *section;
    int page;
    const char *title;
    buf cur;
} builder;

static const struct {
    const char *name;
    bot_format f;
} format_names[] = {{"pdf", BOT_FMT_PDF}, {"html", BOT_FMT_HTML}, {"htm", BOT_FMT_HTML}, {"md", BOT_FMT_MD},
                    {"markdown", BOT_FMT_MD}, {"txt", BOT_FMT_TXT}, {"text", BOT_FMT_TXT}};

bot_format bot_format_parse(const char *name)
{
    for (size_t i = 0; name && i < sizeof format_names / sizeof format_names[0]; i++)
        if (strcasecmp(name, format_names[i].name) == 0) return format_names[i].f;
    return BOT_FMT_UNKNOWN;
}

const char *bot_format_name(bot_format f)
{
    static const char *const names[] = {"unknown", "pdf", "html", "md", "txt"};
    return names[f];
}

static const struct {
    const char *mime;
    bot_format f;
} mimes[] = {{"application/pdf", BOT_FMT_PDF}, {"text/html", BOT_FMT_HTML}, {"application/xhtml+xml", BOT_FMT_HTML},
             {"text/markdown", BOT_FMT_MD}, {"text/x-markdown", BOT_FMT_MD}, {"text/plain", BOT_FMT_TXT}};

bot_format bot_format_guess(const char *mime, const char *filename, const char *data, size_t len)
{
    for (size_t i = 0; mime && i < sizeof mimes / sizeof mimes[0]; i++)
        if (strncasecmp(mime, mimes[i].mime, strlen(mimes[i].mime)) == 0) return mimes[i].f;
    const char *dot = filename ? strrchr(filename, '.') : NULL;
    bot_format f = dot ? bot_format_parse(dot + 1) : BOT_FMT_UNKNOWN;
    if (f) return f;
    if (len >= 5 && memcmp(data, "%PDF-", 5) == 0) return BOT_FMT_PDF;
    size_t i = 0;
    while (i < len && isspace((unsigned char)data[i])) i++;
    if (i < len && data[i] == '<') return BOT_FMT_HTML;
    return BOT_FMT_TXT;
}

size_t bot_words(const char *s, size_t len)
{
    size_t n = 0;
    int in = 0;
    for (size_t i = 0; i < len; i++) {
        int sp = isspace((unsigned char)s[i]);
        if (!sp && !in) n++;
        in = !sp;
    }
    return n;
}

static int valid_utf8(const char *s, size_t len)
{
    utf8proc_int32_t cp;
    for (size_t i = 0; i < len;) {
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (k <= 0) return 0;
        i += (size_t)k;
    }
    return 1;
}

/* ---- paragraphs ---- */

/* add: appends text to the paragraph being built, collapsing whitespace. */
static void add(builder *b, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isspace(c)) {
            if (b->cur.len && b->cur.data[b->cur.len - 1] != ' ') buf_putc(&b->cur, ' ');
        } else {
            buf_putc(&b->cur, (char)c);
        }
    }
}

static void adds(builder *b, const char *s) { add(b, s, strlen(s)); }

/* flush: ends the paragraph being built (nothing when it is empty). */
static void flush(builder *b)
{
    size_t len = b->cur.len;
    while (len && b->cur.data[len - 1] == ' ') len--;
    if (len) {
        if (b->n == b->cap) {
            b->cap = b->cap ? b->cap * 2 : 32;
            para *np = arena_alloc_array(b->a, b->cap, sizeof *np);
            if (b->n) memcpy(np, b->p, b->n * sizeof *np);
            b->p = np;
        }
        char *t = arena_strndup(b->a, b->cur.data, len);
        b->p[b->n++] = (para){b->page, b->section, t, bot_words(t, len)};
    }
    buf_reset(&b->cur);
}

/* collapsed: s with whitespace collapsed and trimmed, in the arena. */
static const char *collapsed(arena *a, const char *s, size_t len)
{
    char *o = arena_alloc(a, len + 1);
    size_t k = 0;
    for (size_t i = 0; i < len; i++) {
        if (isspace((unsigned char)s[i])) {
            if (k && o[k - 1] != ' ') o[k++] = ' ';
        } else {
            o[k++] = s[i];
        }
    }
    while (k && o[k - 1] == ' ') k--;
    o[k] = 0;
    return o;
}

/* ---- plain text and Markdown ---- */

static int blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!isspace((unsigned char)s[i])) return 0;
    return 1;
}

/* all_of: the line is made only of character c (at least 3 of them for rules, 1 for setext). */
static int all_of(const char *s, size_t len, char c, size_t min)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == c) n++;
        else if (!isspace((unsigned char)s[i])) return 0;
    }
    return n >= min;
}

/* md_inline: appends a Markdown line without its inline markup: images and links keep their
 * text, emphasis stars and code ticks go, a doubled underscore goes. */
static void md_inline(builder *b, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '!' && i + 1 < len && s[i + 1] == '[') continue;
        if (c == '[') {
            const char *close = memchr(s + i, ']', len - i);
            if (close && (size_t)(close - s) + 1 < len && close[1] == '(') {
                const char *end = memchr(close, ')', len - (size_t)(close - s));
                if (end) {
                    md_inline(b, s + i + 1, (size_t)(close - s) - i - 1);
                    i = (size_t)(end - s);
                    continue;
                }
            }
        }
        if (c == '*' || c == '`') continue;
        if (c == '_' && i + 1 < len && s[i + 1] == '_') {
            i++;
            continue;
        }
        add(b, &c, 1);
    }
}

/* md_line_start: skips indentation, block quotes and list markers. */
static size_t md_line_start(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '>')) i++;
    if (i + 1 < len && strchr("-*+", s[i]) && s[i + 1] == ' ') return i + 2;
    size_t d = i;
    while (d < len && isdigit((unsigned char)s[d])) d++;
    if (d > i && d + 1 < len && (s[d] == '.' || s[d] == ')') && s[d + 1] == ' ') return d + 2;
    return i;
}

static void heading(builder *b, const char *s, size_t len, int level)
{
    flush(b);
    builder tmp = *b;
    tmp.cur = (buf)BUF_INIT(len * 2 + 16);
    md_inline(&tmp, s, len);
    b->section = collapsed(b->a, tmp.cur.data ? tmp.cur.data : "", tmp.cur.len);
    buf_free(&tmp.cur);
    if (level == 1 && !b->title && *b->section) b->title = b->section;
}

static void read_text(builder *b, const char *s, size_t len, int markdown)
{
    int fence = 0;
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(s + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - s) : len, next = nl ? e + 1 : len;
        const char *line = s + i;
        size_t ll = e - i;
        if (ll && line[ll - 1] == '\r') ll--;
        const char *nline = s + next;
        const char *nnl = next < len ? memchr(nline, '\n', len - next) : NULL;
        size_t nll = next < len ? (nnl ? (size_t)(nnl - nline) : len - next) : 0;
        i = next;
        if (markdown && ll >= 3 && (memcmp(line, "```", 3) == 0 || memcmp(line, "~~~", 3) == 0)) {
            fence = !fence;
            flush(b);
            continue;
        }
        if (fence) {
            add(b, line, ll);
            add(b, "\n", 1);
            continue;
        }
        if (blank(line, ll)) {
            flush(b);
            continue;
        }
        if (markdown) {
            size_t h = 0;
            while (h < ll && h < 7 && line[h] == '#') h++;
            if (h >= 1 && h <= 6 && (h == ll || line[h] == ' ')) {
                size_t te = ll;
                while (te > h && (line[te - 1] == '#' || line[te - 1] == ' ')) te--;
                heading(b, line + h, te - h, (int)h);
                continue;
            }
            if (b->cur.len == 0 && nll && (all_of(nline, nll, '=', 1) || all_of(nline, nll, '-', 1))) {
                heading(b, line, ll, all_of(nline, nll, '=', 1) ? 1 : 2);
                i = nnl ? (size_t)(nnl - s) + 1 : len;
                continue;
            }
            if (all_of(line, ll, '-', 3) || all_of(line, ll, '*', 3)) {
                flush(b);
                continue;
            }
            size_t st = md_line_start(line, ll);
            md_inline(b, line + st, ll - st);
            add(b, " ", 1);
        } else {
            add(b, line, ll);
            add(b, " ", 1);
        }
    }
    flush(b);
}

/* ---- HTML ---- */

static int name_in(const char *name, const char *const *list)
{
    for (; *list; list++)
        if (strcasecmp(name, *list) == 0) return 1;
    return 0;
}

static const char *const html_dropped[] = {"script", "style", "noscript", "template", "nav", "footer",
                                           "head", "iframe", "object", "svg", "button", "form", NULL};
static const char *const html_blocks[] = {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "td", "th",
                                          "blockquote", "pre", "section", "article", "main", "header", "aside",
                                          "figure", "figcaption", "address", "hr", "br", "body", NULL};

static void html_text(buf *out, xmlNode *n)
{
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) buf_puts(out, (const char *)n->content);
        else if (n->type == XML_ELEMENT_NODE && !name_in((const char *)n->name, html_dropped)) html_text(out, n->children);
        if (n->type == XML_ELEMENT_NODE) buf_putc(out, ' ');
    }
}

static void html_title(builder *b, xmlNode *n)
{
    for (; n && !b->title; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        if (strcasecmp((const char *)n->name, "title") == 0) {
            buf t = BUF_INIT(1 << 16);
            html_text(&t, n->children);
            const char *s = collapsed(b->a, t.data ? t.data : "", t.len);
            if (*s) b->title = s;
            buf_free(&t);
        } else {
            html_title(b, n->children);
        }
    }
}

static void html_walk(builder *b, xmlNode *n)
{
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            adds(b, (const char *)n->content);
            continue;
        }
        if (n->type != XML_ELEMENT_NODE) continue;
        const char *name = (const char *)n->name;
        if (name_in(name, html_dropped)) continue;
        if ((name[0] == 'h' || name[0] == 'H') && name[1] >= '1' && name[1] <= '6' && !name[2]) {
            flush(b);
            buf t = BUF_INIT(1 << 16);
            html_text(&t, n->children);
            b->section = collapsed(b->a, t.data ? t.data : "", t.len);
            buf_free(&t);
            continue;
        }
        int block = name_in(name, html_blocks);
        if (block) flush(b);
        html_walk(b, n->children);
        if (block) flush(b);
        else if (strcasecmp(name, "span") != 0 && strcasecmp(name, "a") != 0 && strcasecmp(name, "b") != 0 &&
                 strcasecmp(name, "i") != 0 && strcasecmp(name, "em") != 0 && strcasecmp(name, "strong") != 0)
            adds(b, " ");
    }
}

static int read_html(builder *b, const char *s, size_t len, const char **why)
{
    if (len > (size_t)1 << 30) return E_LIMIT;
    htmlDocPtr doc = htmlReadMemory(s, (int)len, NULL, valid_utf8(s, len) ? "UTF-8" : NULL,
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    if (!doc) {
        *why = "the HTML could not be read";
        return E_INVALID;
    }
    xmlNode *root = xmlDocGetRootElement(doc);
    html_title(b, root);
    const char *title = b->title;
    b->title = NULL;
    html_walk(b, root);
    flush(b);
    if (title) b->title = title;
    else {
        /* no <title>: the first section heading is the title the document gives itself */
        for (size_t i = 0; i < b->n && !b->title; i++)
            if (b->p[i].section && *b->p[i].section) b->title = b->p[i].section;
    }
    xmlFreeDoc(doc);
    return 0;
}

/* ---- PDF ---- */

static void pdf_page(builder *b, const char *t)
{
    const char *s = t;
    size_t len = strlen(t);
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(s + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - s) : len;
        size_t ll = e - i;
        const char *line = s + i;
        i = nl ? e + 1 : len;
        while (ll && isspace((unsigned char)line[ll - 1])) ll--;
        if (blank(line, ll)) {
            flush(b);
            continue;
        }
        /* a hyphen at the end of a line joins the word with the next line */
        if (ll >= 2 && line[ll - 1] == '-' && isalpha((unsigned char)line[ll - 2]) && i < len &&
            islower((unsigned char)s[i])) {
            add(b, line, ll - 1);
        } else {
            add(b, line, ll);
            add(b, " ", 1);
        }
    }
    flush(b);
}

static int read_pdf(builder *b, const char *s, size_t len, const char **why)
{
    GBytes *bytes = g_bytes_new_static(s, len);
    GError *err = NULL;
    PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &err);
    if (!doc) {
        *why = "not a readable PDF";
        if (err) g_error_free(err);
        g_bytes_unref(bytes);
        return E_INVALID;
    }
    gchar *title = poppler_document_get_title(doc);
    if (title && *title) b->title = collapsed(b->a, title, strlen(title));
    g_free(title);
    int pages = poppler_document_get_n_pages(doc);
    for (int p = 0; p < pages; p++) {
        PopplerPage *page = poppler_document_get_page(doc, p);
        if (!page) continue;
        gchar *text = poppler_page_get_text(page);
        b->page = p + 1;
        if (text) pdf_page(b, text);
        g_free(text);
        g_object_unref(page);
    }
    g_object_unref(doc);
    g_bytes_unref(bytes);
    return 0;
}

/* ---- passages ---- */

typedef struct chunker {
    arena *a;
    bot_chunk *c;
    size_t n, cap, max;
    buf text;
    size_t words, paras;
    int page;
    const char *section;
} chunker;

static int chunk_end(chunker *k)
{
    if (k->text.len) {
        if (k->n == k->max) return E_LIMIT;
        if (k->n == k->cap) {
            k->cap = k->cap ? k->cap * 2 : 16;
            bot_chunk *nc = arena_alloc_array(k->a, k->cap, sizeof *nc);
            if (k->n) memcpy(nc, k->c, k->n * sizeof *nc);
            k->c = nc;
        }
        k->c[k->n++] = (bot_chunk){k->page, k->section ? k->section : "", arena_strndup(k->a, k->text.data, k->text.len)};
    }
    buf_reset(&k->text);
    k->words = k->paras = 0;
    return 0;
}

/* chunk_add: one piece of at most BOT_PASSAGE_WORDS words. */
static int chunk_add(chunker *k, const para *p, const char *s, size_t len, size_t words)
{
    int same = k->paras && k->page == p->page && k->section == p->section;
    if (!same || k->words + words > BOT_PASSAGE_WORDS || k->paras >= BOT_PASSAGE_PARAGRAPHS) {
        int rc = chunk_end(k);
        if (rc) return rc;
    }
    k->page = p->page, k->section = p->section;
    if (k->text.len) buf_puts(&k->text, "\n\n");
    buf_append(&k->text, s, len);
    k->words += words;
    k->paras++;
    return 0;
}

/* split_long: an over-long paragraph as pieces cut at sentence ends (or word boundaries). */
static int split_long(chunker *k, const para *p)
{
    snippet_span *sp;
    size_t ns;
    const char *t = p->text;
    int rc = snippet_sentences(&sp, &ns, k->a, t, strlen(t));
    if (rc) return rc;
    size_t from = 0, words = 0, at = 0;
    for (size_t i = 0; i < ns; i++) {
        size_t sw = bot_words(t + sp[i].start, sp[i].end - sp[i].start);
        if (words && words + sw > BOT_PASSAGE_WORDS) {
            if ((rc = chunk_add(k, p, t + from, at - from, words))) return rc;
            k->paras = BOT_PASSAGE_PARAGRAPHS; /* each piece is a passage of its own */
            from = sp[i].start, words = 0;
        }
        if (sw > BOT_PASSAGE_WORDS) { /* a "sentence" without ends: cut between words */
            size_t j = sp[i].start, w = 0, start = sp[i].start;
            while (j < sp[i].end) {
                while (j < sp[i].end && isspace((unsigned char)t[j])) j++;
                while (j < sp[i].end && !isspace((unsigned char)t[j])) j++;
                if (++w == BOT_PASSAGE_WORDS) {
                    if ((rc = chunk_add(k, p, t + start, j - start, w))) return rc;
                    k->paras = BOT_PASSAGE_PARAGRAPHS;
                    start = j, w = 0;
                }
            }
            from = start, words = w, at = sp[i].end;
            continue;
        }
        if (!words) from = sp[i].start;
        words += sw;
        at = sp[i].end;
    }
    if (words) {
        while (from < at && isspace((unsigned char)t[from])) from++;
        if ((rc = chunk_add(k, p, t + from, at - from, words))) return rc;
        k->paras = BOT_PASSAGE_PARAGRAPHS;
    }
    return 0;
}

static int chunk_all(bot_extract *out, arena *a, const builder *b, size_t max_chunks)
{
    chunker k = {a, NULL, 0, 0, max_chunks, BUF_INIT((size_t)1 << 24), 0, 0, 0, NULL};
    int rc = 0;
    for (size_t i = 0; i < b->n && rc == 0; i++) {
        const para *p = &b->p[i];
        rc = p->words > BOT_PASSAGE_WORDS ? split_long(&k, p) : chunk_add(&k, p, p->text, strlen(p->text), p->words);
    }
    if (rc == 0) rc = chunk_end(&k);
    buf_free(&k.text);
    out->chunks = k.c, out->n = k.n;
    return rc;
}

int bot_extract_doc(bot_extract *out, const char **why, arena *a, bot_format fmt, const char *data, size_t len,
                    size_t max_chunks)
{
    builder b = {a, NULL, 0, 0, "", 0, NULL, BUF_INIT(len + 1024)};
    int rc = 0;
    *why = NULL;
    memset(out, 0, sizeof *out);
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 && fmt != BOT_FMT_PDF) data += 3, len -= 3;
    if ((fmt == BOT_FMT_MD || fmt == BOT_FMT_TXT) && !valid_utf8(data, len)) {
        *why = "the text is not UTF-8";
        rc = E_INVALID;
    } else if (fmt == BOT_FMT_PDF) {
        rc = read_pdf(&b, data, len, why);
    } else if (fmt == BOT_FMT_HTML) {
        rc = read_html(&b, data, len, why);
    } else if (fmt == BOT_FMT_MD || fmt == BOT_FMT_TXT) {
        read_text(&b, data, len, fmt == BOT_FMT_MD);
    } else {
        *why = "unknown format";
        rc = E_INVALID;
    }
    buf_free(&b.cur);
    if (rc == 0) rc = chunk_all(out, a, &b, max_chunks);
    if (rc == E_LIMIT && !*why) *why = "the document has too many passages";
    out->title = b.title;
    return rc;
}
