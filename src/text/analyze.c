/*
 * analyze.c — tokenizer and per-language analysers (see analyze.h for the contract).
 *
 * One pass over the text finds word spans; each word goes through normalize_word() into a
 * stack buffer, and its terms are appended to growable arrays owned by the context (reused
 * from call to call, so analysing a passage allocates nothing once the arrays are warm).
 * Stopwords are kept as sorted arrays of the hashes of their folded forms, built once in
 * analyze_create(): the lists below are written naturally (with hamza, accents) and folded
 * by the same code as the text, so they cannot drift from it.
 *
 * Word cache. A word's terms depend only on its bytes and the language it is analysed as, and
 * running text repeats its words (Zipf): the context remembers, per (surface bytes, language),
 * the terms the word gave — a stem hash and its 4-gram hashes, or nothing for a stopword — so
 * a repeated word costs a hash, a lookup and a memcmp instead of NFKC, stemming and gram
 * hashing. Entries keep the word's bytes and are compared exactly (no collision can mix two
 * words). The cache is bounded (CACHE_MAX_WORDS words, CACHE_MAX_BYTES of bytes and terms);
 * when full it is emptied and refilled. Not used with ANALYZE_RAW or ANALYZE_KEEP_TEXT.
 * Character classes of U+0000..U+07FF (Latin, Arabic) come from a table filled at creation.
 */
#include "text/analyze.h"

#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "base/arena.h"
#include "base/err.h"
#include "text/normalize.h"

enum { ST_AR = 0, ST_FR, ST_EN, ST_N };

static const char *const stemmer_names[ST_N] = {"arabic", "french", "english"};

static const char *const stop_ar[] = {
    "في", "من", "على", "إلى", "عن", "مع", "هذا", "هذه", "ذلك", "تلك", "التي", "الذي", "الذين",
    "ما", "ماذا", "متى", "أين", "كيف", "كم", "لماذا", "هل", "أي", "هو", "هي", "هم", "كان",
    "كانت", "يكون", "قد", "لقد", "ثم", "أو", "أم", "و", "ف", "ب", "ل", "ك", "إن", "أن", "إذا",
    "لا", "لم", "لن", "حتى", "منذ", "عند", "كل", "بعض", "غير", "أيضا", "ومن", "وفي", "وما",
    "فيها", "فيه", "به", "بها", "له", "لها", "عليه", "عليها", "كما", "إلا", "التى", "او",
    "وقد", "وهو", "وهي", "ولا", "بين", "عام", "اسم", "هناك", "ان", "الى"};
static const char *const stop_fr[] = {
    "le", "la", "les", "un", "une", "des", "du", "de", "au", "aux", "et", "ou", "en", "à", "a",
    "est", "sont", "été", "être", "il", "elle", "ils", "elles", "on", "se", "sa", "son", "ses",
    "ce", "cet", "cette", "ces", "qui", "que", "quoi", "quel", "quelle", "quels", "quelles",
    "dont", "où", "dans", "par", "pour", "sur", "avec", "sans", "sous", "ne", "pas", "plus",
    "comme", "y", "leur", "leurs", "lui", "nous", "vous", "je", "me", "te", "mais", "donc",
    "car", "si", "ont", "avait", "était", "quand", "combien", "comment", "pourquoi", "lequel",
    "laquelle", "lesquels", "d", "l", "qu", "s", "n", "c", "j", "m", "t"};
static const char *const stop_en[] = {
    "the", "a", "an", "of", "to", "in", "on", "at", "by", "for", "with", "from", "and", "or",
    "is", "are", "was", "were", "be", "been", "being", "it", "its", "this", "that", "these",
    "those", "which", "who", "whom", "whose", "what", "when", "where", "why", "how", "did",
    "does", "do", "has", "have", "had", "as", "into", "than", "then", "there", "their", "they",
    "he", "she", "his", "her", "not", "no", "can", "will", "would", "about", "s"};

static const struct {
    const char *const *words;
    size_t n;
} stop_lists[ST_N] = {
    {stop_ar, sizeof stop_ar / sizeof stop_ar[0]},
    {stop_fr, sizeof stop_fr / sizeof stop_fr[0]},
    {stop_en, sizeof stop_en / sizeof stop_en[0]},
};

typedef struct vec {
    uint64_t *term;
    uint32_t *start, *end;
    uint32_t *textoff; /* offsets into cx->pool while building */
    const char **text;
    size_t n, cap;
} vec;

/* Cache bounds: 128k words and 8 MB of bytes + terms; with its table (at most 2^18 cells of
 * 24 bytes) a context holds at most ~14 MB of cache. */
enum { CACHE_MAX_WORDS = 1 << 17, CACHE_MAX_BYTES = 8 << 20, CLASS_CPS = 0x800 };

/* A cached word: its bytes at bytes[boff..boff+len), its terms at terms[toff..toff+nstem+ngram). */
typedef struct cword {
    uint64_t key; /* hash of the bytes and the language; 0 = empty cell */
    uint32_t boff, toff;
    uint8_t len, nstem, ngram;
} cword;

typedef struct wcache {
    cword *cell;
    size_t cap, n; /* cap: power of two, n <= cap / 2 */
    char *bytes;
    size_t nbytes, capbytes;
    uint64_t *terms;
    size_t nterms, capterms;
} wcache;

struct analyze_ctx {
    struct sb_stemmer *st[ST_N];
    uint64_t *stop[ST_N];
    size_t nstop[ST_N];
    vec v[ANALYZE_NSTREAMS];
    char *pool; /* term texts under ANALYZE_KEEP_TEXT */
    size_t plen, pcap;
    wcache wc;
    uint8_t word_class[CLASS_CPS]; /* 1: a word character (is_word_cp) */
};

uint64_t analyze_hash(int stream, const char *term, size_t len)
{
    uint64_t h = 0xcbf29ce484222325ull ^ ((uint64_t)(stream + 1) * 0x9E3779B97F4A7C15ull);
    for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)term[i]) * 0x100000001b3ull;
    h ^= h >> 31; /* finaliser (splitmix64) so that nearby strings spread over the table */
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebull;
    return h ^ (h >> 31);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static int is_stop(const analyze_ctx *cx, int list, uint64_t h)
{
    return bsearch(&h, cx->stop[list], cx->nstop[list], sizeof h, cmp_u64) != NULL;
}

/* fold_full: normalize + every fold; the form stopwords and 4-grams are compared on. */
static size_t fold_full(char *dst, const char *w, size_t n)
{
    memcpy(dst, w, n);
    dst[n] = '\0';
    return normalize_fold(dst, n, NORMALIZE_ARABIC_LETTERS | NORMALIZE_ACCENTS);
}

/* Word characters: letters, marks and numbers (utf8proc categories Lu..No). */
static int is_word_cp(int32_t cp)
{
    if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    utf8proc_category_t c = utf8proc_category(cp);
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO;
}

int analyze_create(analyze_ctx **out)
{
    analyze_ctx *cx = xcalloc(1, sizeof *cx);
    for (int32_t cp = 0; cp < CLASS_CPS; cp++) cx->word_class[cp] = (uint8_t)is_word_cp(cp);
    for (int i = 0; i < ST_N; i++) {
        cx->st[i] = sb_stemmer_new(stemmer_names[i], "UTF_8");
        if (!cx->st[i]) {
            analyze_free(cx);
            return E_FAIL;
        }
        cx->stop[i] = xmalloc(stop_lists[i].n * sizeof(uint64_t));
        for (size_t j = 0; j < stop_lists[i].n; j++) {
            char w[NORMALIZE_MAX_BYTES], f[NORMALIZE_MAX_BYTES];
            size_t n = 0;
            const char *s = stop_lists[i].words[j];
            int rc = normalize_word(w, &n, sizeof w, s, strlen(s), 0);
            (void)rc; /* the lists above are valid UTF-8 */
            n = fold_full(f, w, n);
            cx->stop[i][j] = analyze_hash(ANALYZE_STEMS, f, n);
        }
        cx->nstop[i] = stop_lists[i].n;
        qsort(cx->stop[i], cx->nstop[i], sizeof(uint64_t), cmp_u64);
    }
    *out = cx;
    return 0;
}

void analyze_free(analyze_ctx *cx)
{
    if (!cx) return;
    for (int i = 0; i < ST_N; i++) {
        if (cx->st[i]) sb_stemmer_delete(cx->st[i]);
        free(cx->stop[i]);
    }
    for (int i = 0; i < ANALYZE_NSTREAMS; i++) {
        vec *v = &cx->v[i];
        free(v->term), free(v->start), free(v->end), free(v->textoff), free(v->text);
    }
    free(cx->pool);
    free(cx->wc.cell), free(cx->wc.bytes), free(cx->wc.terms);
    free(cx);
}

static void push(analyze_ctx *cx, int stream, uint64_t h, uint32_t s, uint32_t e,
                 const char *txt, size_t tlen, unsigned flags)
{
    vec *v = &cx->v[stream];
    if (v->n == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 256;
        v->term = xrealloc(v->term, v->cap * sizeof *v->term);
        v->start = xrealloc(v->start, v->cap * sizeof *v->start);
        v->end = xrealloc(v->end, v->cap * sizeof *v->end);
        v->textoff = xrealloc(v->textoff, v->cap * sizeof *v->textoff);
        v->text = xrealloc(v->text, v->cap * sizeof *v->text);
    }
    v->term[v->n] = h;
    v->start[v->n] = s;
    v->end[v->n] = e;
    if (flags & ANALYZE_KEEP_TEXT) {
        if (cx->plen + tlen + 1 > cx->pcap) {
            cx->pcap = (cx->plen + tlen + 1) * 2;
            cx->pool = xrealloc(cx->pool, cx->pcap);
        }
        v->textoff[v->n] = (uint32_t)cx->plen;
        memcpy(cx->pool + cx->plen, txt, tlen);
        cx->pool[cx->plen + tlen] = '\0';
        cx->plen += tlen + 1;
    }
    v->n++;
}

/* Which stemmer and stopword list a word gets: by its script, then by the text's language. */
static int word_kind(const char *w, size_t n, langdetect_lang lang)
{
    utf8proc_int32_t cp = 0;
    if (n > 0) utf8proc_iterate((const utf8proc_uint8_t *)w, (utf8proc_ssize_t)n, &cp);
    if (normalize_is_arabic(cp)) return ST_AR;
    if (normalize_is_tifinagh(cp)) return -1;
    return lang == LANGDETECT_FR ? ST_FR : ST_EN;
}

static void emit_grams(analyze_ctx *cx, const char *f, size_t n, uint32_t s, uint32_t e, unsigned flags)
{
    char framed[NORMALIZE_MAX_BYTES + 2];
    uint32_t off[NORMALIZE_MAX_CHARS + 3];
    size_t m = 0, nc = 0;
    framed[m++] = '_';
    memcpy(framed + m, f, n);
    m += n;
    framed[m++] = '_';
    for (size_t i = 0; i < m; i++)
        if (((unsigned char)framed[i] & 0xC0) != 0x80) off[nc++] = (uint32_t)i;
    off[nc] = (uint32_t)m;
    if (nc < 4) {
        push(cx, ANALYZE_GRAMS, analyze_hash(ANALYZE_GRAMS, framed, m), s, e, framed, m, flags);
        return;
    }
    for (size_t i = 0; i + 4 <= nc; i++) {
        const char *g = framed + off[i];
        size_t gl = off[i + 4] - off[i];
        push(cx, ANALYZE_GRAMS, analyze_hash(ANALYZE_GRAMS, g, gl), s, e, g, gl, flags);
    }
}

static void word_terms(analyze_ctx *cx, const char *text, uint32_t s, uint32_t e, langdetect_lang lang,
                       unsigned flags)
{
    char w[NORMALIZE_MAX_BYTES], f[NORMALIZE_MAX_BYTES], stem[NORMALIZE_MAX_BYTES * 2];
    size_t n = 0;
    if (flags & ANALYZE_RAW) {
        size_t len = e - s;
        if (len > NORMALIZE_MAX_BYTES - 1) len = NORMALIZE_MAX_BYTES - 1;
        for (size_t i = 0; i < len; i++) {
            char c = text[s + i];
            w[i] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
        }
        push(cx, ANALYZE_STEMS, analyze_hash(ANALYZE_STEMS, w, len), s, e, w, len, flags);
        return;
    }
    if (normalize_word(w, &n, sizeof w, text + s, e - s, 0) != 0 || n == 0) return;
    int kind = word_kind(w, n, lang);
    const char *word = w;
    if (kind == ST_FR) {
        size_t skip = normalize_elision(w, n);
        word += skip, n -= skip;
    }
    size_t fn = fold_full(f, word, n);
    if (fn == 0) return;
    uint64_t fh = analyze_hash(ANALYZE_STEMS, f, fn);
    if (kind >= 0 ? is_stop(cx, kind, fh) : 0) return;
    if (kind < 0) {
        push(cx, ANALYZE_STEMS, fh, s, e, f, fn, flags);
    } else {
        const sb_symbol *sym = sb_stemmer_stem(cx->st[kind], (const sb_symbol *)word, (int)n);
        size_t sl = sym ? (size_t)sb_stemmer_length(cx->st[kind]) : 0;
        if (sl == 0 || sl >= sizeof stem) sym = (const sb_symbol *)word, sl = n;
        memcpy(stem, sym, sl);
        stem[sl] = '\0';
        sl = normalize_fold(stem, sl, kind == ST_AR ? NORMALIZE_ARABIC_LETTERS : NORMALIZE_ACCENTS);
        push(cx, ANALYZE_STEMS, analyze_hash(ANALYZE_STEMS, stem, sl), s, e, stem, sl, flags);
    }
    emit_grams(cx, f, fn, s, e, flags);
}


/* word_key: hash of a word's bytes and language, never 0 (0 marks an empty cell). */
static uint64_t word_key(const char *w, size_t n, langdetect_lang lang)
{
    uint64_t h = 0x9E3779B97F4A7C15ull * ((uint64_t)lang + 1);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t x;
        memcpy(&x, w + i, 8);
        h = (h ^ x) * 0xbf58476d1ce4e5b9ull;
        h ^= h >> 29;
    }
    uint64_t x = 0;
    memcpy(&x, w + i, n - i);
    h = (h ^ x ^ ((uint64_t)n << 56)) * 0x94d049bb133111ebull;
    h ^= h >> 31;
    return h ? h : 1;
}

static void cache_clear(wcache *c)
{
    if (c->cell) memset(c->cell, 0, c->cap * sizeof *c->cell);
    c->n = c->nbytes = c->nterms = 0;
}

static cword *cache_slot(const wcache *c, uint64_t key, const char *w, size_t n)
{
    for (size_t i = key & (c->cap - 1);; i = (i + 1) & (c->cap - 1)) {
        cword *x = &c->cell[i];
        if (!x->key || (x->key == key && x->len == n && memcmp(c->bytes + x->boff, w, n) == 0)) return x;
    }
}

static void cache_grow(wcache *c)
{
    wcache old = *c;
    c->cap = old.cap ? old.cap * 2 : 4096;
    c->cell = xcalloc(c->cap, sizeof *c->cell);
    for (size_t i = 0; i < old.cap; i++)
        if (old.cell[i].key) *cache_slot(c, old.cell[i].key, old.bytes + old.cell[i].boff, old.cell[i].len) = old.cell[i];
    free(old.cell);
}

/* cache_add: remembers the terms the word just pushed (from stream positions n0[]). */
static void cache_add(wcache *c, uint64_t key, const char *w, size_t n, const analyze_ctx *cx, const size_t n0[])
{
    size_t ns = cx->v[ANALYZE_STEMS].n - n0[ANALYZE_STEMS], ng = cx->v[ANALYZE_GRAMS].n - n0[ANALYZE_GRAMS];
    if (ns > 1 || ng > UINT8_MAX) return;
    if (c->n >= CACHE_MAX_WORDS || c->nbytes + n + (c->nterms + ns + ng) * 8 > CACHE_MAX_BYTES) cache_clear(c);
    if ((c->n + 1) * 2 > c->cap) cache_grow(c);
    if (c->nbytes + n > c->capbytes) {
        c->capbytes = (c->nbytes + n) * 2;
        c->bytes = xrealloc(c->bytes, c->capbytes);
    }
    if (c->nterms + ns + ng > c->capterms) {
        c->capterms = (c->nterms + ns + ng) * 2;
        c->terms = xrealloc(c->terms, c->capterms * sizeof *c->terms);
    }
    cword *x = cache_slot(c, key, w, n);
    *x = (cword){key, (uint32_t)c->nbytes, (uint32_t)c->nterms, (uint8_t)n, (uint8_t)ns, (uint8_t)ng};
    memcpy(c->bytes + c->nbytes, w, n);
    c->nbytes += n;
    if (ns) c->terms[c->nterms++] = cx->v[ANALYZE_STEMS].term[n0[ANALYZE_STEMS]];
    if (ng) memcpy(c->terms + c->nterms, cx->v[ANALYZE_GRAMS].term + n0[ANALYZE_GRAMS], ng * sizeof *c->terms);
    c->nterms += ng;
    c->n++;
}

/* analyze_word: the terms of text[s..e), from the cache when the word was seen before. */
static void analyze_word(analyze_ctx *cx, const char *text, uint32_t s, uint32_t e, langdetect_lang lang,
                         unsigned flags)
{
    size_t n = e - s;
    if ((flags & (ANALYZE_RAW | ANALYZE_KEEP_TEXT)) || n > UINT8_MAX) {
        word_terms(cx, text, s, e, lang, flags);
        return;
    }
    wcache *c = &cx->wc;
    uint64_t key = word_key(text + s, n, lang);
    const cword *x = c->cap ? cache_slot(c, key, text + s, n) : NULL;
    if (x && x->key) {
        const uint64_t *t = c->terms + x->toff;
        if (x->nstem) push(cx, ANALYZE_STEMS, *t++, s, e, NULL, 0, flags);
        for (uint8_t i = 0; i < x->ngram; i++) push(cx, ANALYZE_GRAMS, t[i], s, e, NULL, 0, flags);
        return;
    }
    size_t n0[ANALYZE_NSTREAMS] = {cx->v[ANALYZE_STEMS].n, cx->v[ANALYZE_GRAMS].n};
    word_terms(cx, text, s, e, lang, flags);
    cache_add(c, key, text + s, n, cx, n0);
}

static int is_apostrophe(int32_t cp) { return cp == '\'' || cp == 0x2019 || cp == 0x02BC; }

static void finish(analyze_result *out, analyze_ctx *cx, unsigned flags)
{
    for (int i = 0; i < ANALYZE_NSTREAMS; i++) {
        vec *v = &cx->v[i];
        if (flags & ANALYZE_KEEP_TEXT)
            for (size_t j = 0; j < v->n; j++) v->text[j] = cx->pool + v->textoff[j];
        out->s[i].term = v->term;
        out->s[i].start = v->start;
        out->s[i].end = v->end;
        out->s[i].text = (flags & ANALYZE_KEEP_TEXT) ? v->text : NULL;
        out->s[i].n = v->n;
    }
}

int analyze_text(analyze_result *out, analyze_ctx *cx, const char *text, size_t len,
                 langdetect_lang lang, unsigned flags)
{
    if (len > (size_t)INT32_MAX) return E_LIMIT;
    for (int i = 0; i < ANALYZE_NSTREAMS; i++) cx->v[i].n = 0;
    cx->plen = 0;
    size_t i = 0, ws = 0;
    int in = 0;
    int32_t prev = 0;
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k;
        unsigned char b0 = (unsigned char)text[i];
        if (b0 < 0x80) cp = b0, k = 1;
        else if (b0 >= 0xC2 && b0 <= 0xDF && i + 1 < len && ((unsigned char)text[i + 1] & 0xC0) == 0x80)
            cp = (b0 & 0x1F) << 6 | ((unsigned char)text[i + 1] & 0x3F), k = 2; /* Latin, Arabic */
        else if ((k = utf8proc_iterate((const utf8proc_uint8_t *)text + i, (utf8proc_ssize_t)(len - i), &cp)) <= 0)
            k = 1, cp = ' ';
        int word = cp < CLASS_CPS ? cx->word_class[cp] : is_word_cp(cp);
        if (!word && in && is_apostrophe(cp) && i + (size_t)k < len) {
            utf8proc_int32_t next;
            utf8proc_ssize_t k2 = utf8proc_iterate((const utf8proc_uint8_t *)text + i + k, (utf8proc_ssize_t)(len - i - (size_t)k), &next);
            word = k2 > 0 && is_word_cp(prev) && is_word_cp(next);
        }
        if (word && !in) ws = i, in = 1;
        if (!word && in) {
            analyze_word(cx, text, (uint32_t)ws, (uint32_t)i, lang, flags);
            in = 0;
        }
        prev = cp;
        i += (size_t)k;
    }
    if (in) analyze_word(cx, text, (uint32_t)ws, (uint32_t)len, lang, flags);
    finish(out, cx, flags);
    return 0;
}
