/*
 * content.h — the curriculum in memory: subjects → domains → skills → item templates.
 *
 * A content_bank holds everything loaded from one or more content files (docs/content-format.md)
 * or imported from GIFT / Moodle XML. All structs live in the bank's arena and are immutable
 * once content_bank_link() has succeeded; a linked bank can be shared by any number of threads
 * for reading (instantiating and grading never write to it).
 *
 * Loading is strict: the JSON is parsed with duplicate keys rejected, every object's keys are
 * checked against the format, and every error is reported as
 *     <file>: <json path>: <what is wrong>
 * e.g. `content/math.json: domains[2].skills[4].templates[1].stem.fr: missing`. A file with an
 * error adds nothing to the bank. After all files are loaded, content_bank_link() checks what
 * spans files: ids are unique, prerequisites exist and form no cycle.
 *
 * Every template is proved at load: it is instantiated for CONTENT_CHECK_SEEDS seeds and its
 * answer must grade as correct (and no known mistake may grade as correct), so a broken template
 * never reaches a learner.
 */
#ifndef APP_CONTENT_CONTENT_H
#define APP_CONTENT_CONTENT_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"

enum { CONTENT_CHECK_SEEDS = 20, CONTENT_MAX_FILE = 16 << 20, CONTENT_MAX_ERRORS = 50 };

typedef enum content_lang { LANG_AR, LANG_FR, LANG_EN, LANG_ZGH, LANG_COUNT } content_lang;

/* A text in several languages; s[lang] == NULL when that language is not written. A
 * language-neutral text (digits, a formula, a French word in a French-reading item) has the
 * same pointer in every slot and neutral = 1. */
typedef struct ctext {
    const char *s[LANG_COUNT];
    int neutral;
} ctext;

typedef enum item_type { ITEM_CHOICE, ITEM_NUMERIC, ITEM_TEXT, ITEM_ORDER, ITEM_MATCH, ITEM_TYPE_COUNT } item_type;

/* A named word list of a file (e.g. children's names), each entry a ctext. */
typedef struct content_list {
    const char *name;
    ctext *entries;
    size_t n;
} content_list;

typedef struct content_param {
    const char *name; /* identifier */
    const char *expr; /* its expression, evaluated in order */
} content_param;

typedef struct content_choice {
    ctext text;
    int correct;
    ctext feedback;           /* shown when this choice is picked; may be empty */
    const char *misconception; /* a stable code ("forgot_carry") or NULL */
} content_choice;

/* A known mistake: a numeric value (an expression over the parameters) or a short-text
 * response; when a learner's answer matches, the feedback and code are returned. */
typedef struct content_mistake {
    const char *code;
    const char *expr;  /* numeric items */
    ctext response;    /* text items */
    ctext feedback;
} content_mistake;

typedef struct content_pair {
    ctext left, right;
} content_pair;

typedef struct content_skill content_skill;
typedef struct content_file content_file;

typedef struct content_template {
    const char *id;
    item_type type;
    const content_skill *skill; /* NULL for imported questions */
    const content_file *file;   /* for word lists; NULL for imported questions */
    const char *category;       /* imported questions: their GIFT/Moodle category, or NULL */
    content_param *params;
    size_t nparams;
    const char **where; /* constraints: every one must be nonzero, else the parameters are redrawn */
    size_t nwhere;
    ctext stem;
    ctext *hints; /* ordered, least to most revealing */
    size_t nhints;
    ctext solution;
    /* choice */
    content_choice *choices;
    size_t nchoices;
    int shuffle; /* choices are shown in a seeded order (default); 0 keeps the written order */
    /* numeric */
    const char *answer;    /* expression */
    const char *tolerance; /* expression, absolute; NULL = exact */
    /* text: accepted responses (any of them, in the learner's language or neutral) */
    ctext *accept;
    size_t naccept;
    /* order: items in the correct order */
    ctext *items;
    size_t nitems;
    /* match */
    content_pair *pairs;
    size_t npairs;
    /* numeric and text */
    content_mistake *mistakes;
    size_t nmistakes;
    double difficulty;     /* author's estimate on the engine's logit scale, 0 by default */
    const char *json_path; /* where it was written, for messages ("domains[0].skills[2].templates[1]") */
} content_template;

struct content_skill {
    const char *id;
    ctext title;
    ctext description;
    int grade;       /* school grade 1–6 */
    int tarl_level;  /* Teaching-at-the-Right-Level rung, 1 = first */
    const char **prerequisites;
    size_t nprerequisites;
    const content_skill **prereq; /* resolved by content_bank_link */
    content_template *templates;
    size_t ntemplates;
    const struct content_domain *domain;
    const char *json_path;
};

typedef struct content_domain {
    const char *id;
    ctext title;
    content_skill *skills;
    size_t nskills;
    const content_file *file;
} content_domain;

struct content_file {
    const char *path;
    const char *subject_id;
    ctext subject_title;
    content_domain *domains;
    size_t ndomains;
    content_list *lists;
    size_t nlists;
};

typedef struct content_bank {
    arena arena;
    content_file **files;
    size_t nfiles;
    const content_skill **skills; /* sorted by id after link */
    size_t nskills;
    const content_template **templates; /* sorted by id after link */
    size_t ntemplates;
    int linked;
} content_bank;

/* content_bank_new: an empty bank (heap); free with content_bank_free. */
content_bank *content_bank_new(void);
void content_bank_free(content_bank *b);

/* content_bank_load_mem parses one content file's text (`name` is used in messages). Returns 0,
 * or E_INVALID / E_LIMIT with one line per problem appended to `errors` (at most
 * CONTENT_MAX_ERRORS). On error the bank is unchanged (apart from arena memory). Unlinks. */
int content_bank_load_mem(content_bank *b, buf *errors, const char *name, const char *json, size_t len);
/* content_bank_load_file: the same for a file on disk (the read error, e.g. E_NOTFOUND or E_FAIL,
 * when it cannot be read, with a message). */
int content_bank_load_file(content_bank *b, buf *errors, const char *path);

/* content_bank_link checks what spans files — unique skill and template ids, prerequisites that
 * exist and form no cycle — and builds the lookup indexes. 0 or E_INVALID with `errors`. */
int content_bank_link(content_bank *b, buf *errors);

/* Lookups on a linked bank; NULL when absent. Borrowed pointers, valid while the bank lives. */
const content_skill *content_find_skill(const content_bank *b, const char *id);
const content_template *content_find_template(const content_bank *b, const char *id);

/* content_template_check instantiates t for `nseeds` seeds (1..nseeds) and checks that the answer
 * grades as correct, that no mistake or wrong choice does, and that every language in
 * `langs_mask` (bit 1 << lang) is present in every text shown. 0, or E_INVALID with one line
 * appended to `errors`, prefixed by `where`. Used at load and by the importers. */
int content_template_check(buf *errors, const char *where, const content_template *t, unsigned langs_mask,
                           int nseeds);

/* content_lang_code: "ar", "fr", "en", "zgh"; content_lang_parse: the reverse, or -1. */
const char *content_lang_code(content_lang l);
int content_lang_parse(const char *code);
/* content_type_name: "choice", "numeric", "text", "order", "match"; content_type_parse: reverse or -1. */
const char *content_type_name(item_type t);
int content_type_parse(const char *name);

/* content_ctext_get: the text in `lang`, else French, else Arabic, else any; "" if none. */
const char *content_ctext_get(const ctext *t, content_lang lang);

#endif
