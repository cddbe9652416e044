/*
 * import.c — helpers shared by the GIFT and Moodle XML importers (see import.h).
 */
#include "app/content/import.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/err.h"

/* The few entities teachers' HTML actually carries; anything else is left as written. */
static const struct {
    const char *entity, *text;
} entities[] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&nbsp;", " "}};

static size_t entity(buf *b, const char *s, size_t left)
{
    for (size_t i = 0; i < sizeof entities / sizeof entities[0]; i++) {
        size_t n = strlen(entities[i].entity);
        if (n <= left && memcmp(s, entities[i].entity, n) == 0) {
            buf_puts(b, entities[i].text);
            return n;
        }
    }
    return 0;
}

/* Inline tags vanish without a trace; any other tag (p, br, div, li…) separates words. */
static int inline_tag(const char *tag, size_t len)
{
    static const char *const names[] = {"b", "i", "u", "em", "strong", "span", "a", "sub", "sup", "font", "code"};
    size_t i = 1, n;
    if (i < len && tag[i] == '/') i++;
    for (n = 0; i + n < len && ((tag[i + n] >= 'a' && tag[i + n] <= 'z') || (tag[i + n] >= 'A' && tag[i + n] <= 'Z'));) n++;
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
        if (strlen(names[k]) == n && strncasecmp(tag + i, names[k], n) == 0) return 1;
    return 0;
}

ctext import_text(arena *a, content_lang lang, const char *s, size_t len, int html)
{
    buf b = BUF_INIT(0);
    int pending_space = 0;
    size_t i = 0;
    while (i < len && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')) i++;
    while (len > i && (s[len - 1] == ' ' || s[len - 1] == '\n' || s[len - 1] == '\r' || s[len - 1] == '\t')) len--;
    for (; i < len; i++) {
        char c = s[i];
        if (html && c == '<') {
            const char *close = memchr(s + i, '>', len - i);
            if (close) {
                pending_space |= !inline_tag(s + i, (size_t)(close - s - i));
                i = (size_t)(close - s);
                continue;
            }
        }
        if (html && c == '&') {
            size_t n = entity(&b, s + i, len - i);
            if (n) {
                i += n - 1;
                continue;
            }
        }
        if (pending_space && c != ' ' && b.len && b.data[b.len - 1] != ' ') buf_putc(&b, ' ');
        pending_space = 0;
        if (c == '{' || c == '}') buf_putc(&b, c);
        buf_putc(&b, c);
    }
    while (b.len && b.data[b.len - 1] == ' ') b.data[--b.len] = 0;
    ctext t;
    memset(&t, 0, sizeof t);
    t.s[lang] = arena_strndup(a, b.data ? b.data : "", b.len);
    buf_free(&b);
    return t;
}

content_template *import_template_new(arena *a, const import_opts *o, size_t n, item_type type)
{
    content_template *t = arena_alloc(a, sizeof *t);
    t->id = arena_printf(a, "%s.%zu", o->id_prefix, n);
    t->type = type;
    t->shuffle = 1;
    t->json_path = t->id;
    return t;
}

int import_check(buf *errors, const char *name, long line, const content_template *t, content_lang lang)
{
    if (!t->stem.s[lang] || !*t->stem.s[lang]) {
        buf_printf(errors, "%s:%ld: the question has no text\n", name, line);
        return E_INVALID;
    }
    char where[256];
    snprintf(where, sizeof where, "%s:%ld", name, line);
    return content_template_check(errors, where, t, 1u << lang, 1);
}

int import_finish(content_import *out, buf *errors, const char *name, int rc, int bad, content_template *ts,
                  size_t n)
{
    if (!rc && bad) rc = E_INVALID;
    if (!rc && !n) {
        buf_printf(errors, "%s: no question found\n", name);
        rc = E_INVALID;
    }
    if (rc) return rc;
    out->templates = ts;
    out->n = n;
    return 0;
}
