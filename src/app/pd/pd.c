/*
 * pd.c — the professional-development routes and the Open Badges documents (see pd.h).
 *
 * The PD content bank is loaded once, on first use, from MADRASA_PD_CONTENT (default
 * content/pd, relative to the server's working directory like ui/): every *.json there, linked as
 * one bank, shared read-only by all threads afterwards (content.h allows that). A server whose
 * PD content fails to load answers PD item requests with 500 and logs why, once.
 */
#include "app/pd/pd.h"

#include <cairo.h>
#include <dirent.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/content/content.h"
#include "app/content/grade.h"
#include "app/content/template.h"
#include "app/events/cert.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/log.h"

enum { PD_MAX_MODULES = 30, PD_BADGE_PNG = 256 };

void pd_recipient_hash(char out[72], const char *identity, const char *salt)
{
    crypto_hash_sha256_state st;
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, (const unsigned char *)identity, strlen(identity));
    crypto_hash_sha256_update(&st, (const unsigned char *)salt, strlen(salt));
    crypto_hash_sha256_final(&st, h);
    memcpy(out, "sha256$", 7);
    sodium_bin2hex(out + 7, 65, h, sizeof h);
}

/* ---- the PD content ---- */

static pthread_once_t bank_once = PTHREAD_ONCE_INIT;
static content_bank *bank;

static void load_bank(void)
{
    const char *dir = getenv("MADRASA_PD_CONTENT");
    if (!dir || !*dir) dir = "content/pd";
    content_bank *b = content_bank_new();
    buf errors = BUF_INIT(1 << 16);
    DIR *d = opendir(dir);
    int rc = d ? 0 : E_FAIL;
    for (struct dirent *e; rc == 0 && d && (e = readdir(d));) {
        size_t n = strlen(e->d_name);
        if (n < 6 || strcmp(e->d_name + n - 5, ".json") != 0) continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        rc = content_bank_load_file(b, &errors, path);
    }
    if (d) closedir(d);
    if (rc == 0) rc = content_bank_link(b, &errors);
    if (rc) {
        log_error("pd: the PD content in %s did not load: %s", dir, errors.data ? errors.data : "no such folder");
        content_bank_free(b);
        b = NULL;
    }
    buf_free(&errors);
    bank = b;
}

static const content_bank *pd_bank(void)
{
    pthread_once(&bank_once, load_bank);
    return bank;
}

static content_lang user_lang(req *r)
{
    int l = r->user && r->user->lang ? content_lang_parse(r->user->lang) : -1;
    return l < 0 ? LANG_FR : (content_lang)l;
}

/* ---- programmes ---- */

static int audience_ok(const char *audience, int role)
{
    if (strcmp(audience, "teachers") == 0) return role == ROLE_TEACHER || role == ROLE_ADMIN;
    if (strcmp(audience, "administrators") == 0)
        return role == ROLE_SCHOOL_ADMIN || role == ROLE_ADMIN || role == ROLE_COUNCIL_SECRETARIAT;
    return role != ROLE_LEARNER;
}

static json_t *modules_json(req *r, int64_t programme_id, int64_t enrolment_id, int *all_done)
{
    db_rows *m;
    json_t *arr = json_array();
    *all_done = 1;
    if (db_query(&m, req_db(r), r->a,
                 "SELECT m.id, m.position, m.title, m.skill_id, m.required_correct, (SELECT count(DISTINCT a.item_id) "
                 "FROM pd_answers a WHERE a.module_id = m.id AND a.enrolment_id = $2 AND a.correct = 1) FROM pd_modules m "
                 "WHERE m.programme_id = $1 ORDER BY m.position",
                 "ii", programme_id, enrolment_id))
        return arr;
    const content_bank *b = pd_bank();
    for (int i = 0; i < m->nrows; i++) {
        const content_skill *sk = b ? content_find_skill(b, db_text(m, i, 3)) : NULL;
        int64_t need = db_int(m, i, 4), got = db_int(m, i, 5);
        if (got < need) *all_done = 0;
        json_array_append_new(arr, json_pack("{s:I, s:I, s:s, s:s, s:s, s:I, s:I, s:b}", "id",
                                             (json_int_t)db_int(m, i, 0), "position", (json_int_t)db_int(m, i, 1),
                                             "title", db_text(m, i, 2), "skill", db_text(m, i, 3), "skill_title",
                                             sk ? content_ctext_get(&sk->title, user_lang(r)) : "", "required_correct",
                                             (json_int_t)need, "correct", (json_int_t)(got < need ? got : need), "done",
                                             got >= need));
    }
    return arr;
}

#define PCOLS "p.id, p.title, p.description, p.audience, p.badge_name, p.badge_description, p.badge_criteria"

static json_t *programme_json(const db_rows *p, int i)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:{s:s, s:s, s:s}}", "id", (json_int_t)db_int(p, i, 0), "title",
                     db_text(p, i, 1), "description", db_text(p, i, 2), "audience", db_text(p, i, 3), "badge", "name",
                     db_text(p, i, 4), "description", db_text(p, i, 5), "criteria", db_text(p, i, 6));
}

static int create_programme(req *r)
{
    json_t *body, *modules;
    const char *title, *desc = "", *audience, *bname, *bdesc, *bcrit;
    int rc = req_json(&body, r);
    if (rc == 0)
        rc = req_fields(r, body, "{s:s, s?:s, s:s, s:{s:s, s:s, s:s}, s:o}", "title", &title, "description", &desc,
                        "audience", &audience, "badge", "name", &bname, "description", &bdesc, "criteria", &bcrit,
                        "modules", &modules);
    if (rc) return rc;
    if (!*title || strlen(title) > 300) return http_fail(r, E_INVALID, "title", "title: 1 to 300 bytes");
    if (strcmp(audience, "teachers") && strcmp(audience, "administrators") && strcmp(audience, "all"))
        return http_fail(r, E_INVALID, "audience", "audience: teachers, administrators or all");
    if (!*bname || !*bdesc || !*bcrit) return http_fail(r, E_INVALID, "badge", "badge: name, description and criteria");
    size_t n = json_array_size(modules);
    if (!json_is_array(modules) || n == 0 || n > PD_MAX_MODULES)
        return http_fail(r, E_INVALID, "modules", "modules: 1 to %d {title, skill, required_correct}", PD_MAX_MODULES);
    const content_bank *b = pd_bank();
    if (!b) return http_fail(r, E_FAIL, NULL, "the PD content is not loaded");
    db_conn *c = req_db(r);
    db_rows *p;
    if ((rc = db_begin(c))) return rc;
    rc = db_query(&p, c, r->a,
                  "INSERT INTO pd_programmes (title, description, audience, badge_name, badge_description, badge_criteria, "
                  "created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                  "ssssssii", title, desc, audience, bname, bdesc, bcrit, r->user->id, db_now());
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const char *mt, *skill;
        json_int_t need;
        json_error_t e;
        if (json_unpack_ex(json_array_get(modules, i), &e, JSON_STRICT, "{s:s, s:s, s:I}", "title", &mt, "skill", &skill,
                           "required_correct", &need) ||
            !*mt || need < 1 || need > 100) {
            rc = http_fail(r, E_INVALID, "modules", "modules[%zu]: {title, skill, required_correct 1-100}", i);
        } else if (!content_find_skill(b, skill)) {
            rc = http_fail(r, E_INVALID, "modules", "modules[%zu].skill: no PD skill '%s'", i, skill);
        } else {
            rc = db_exec(c,
                         "INSERT INTO pd_modules (programme_id, position, title, skill_id, required_correct) VALUES ($1, "
                         "$2, $3, $4, $5)",
                         "iissi", db_int(p, 0, 0), (int64_t)i + 1, mt, skill, (int64_t)need);
            rc = rc < 0 ? rc : 0;
        }
    }
    if (rc == 0) rc = db_commit(c);
    else db_rollback(c);
    if (rc) return rc;
    db_rows *one;
    if ((rc = db_query(&one, c, r->a, "SELECT " PCOLS " FROM pd_programmes p WHERE p.id = $1", "i", db_int(p, 0, 0))))
        return rc;
    int done;
    json_t *j = programme_json(one, 0);
    json_object_set_new(j, "modules", modules_json(r, db_int(p, 0, 0), 0, &done));
    return http_json(r, 201, j);
}

static int list_programmes(req *r)
{
    db_rows *p;
    int rc = db_query(&p, req_db(r), r->a,
                      "SELECT " PCOLS ", e.id, e.completed_at FROM pd_programmes p LEFT JOIN pd_enrolments e ON "
                      "e.programme_id = p.id AND e.user_id = $1 ORDER BY p.id DESC",
                      "i", r->user->id);
    if (rc) return rc;
    json_t *arr = json_array();
    for (int i = 0; i < p->nrows; i++) {
        json_t *j = programme_json(p, i);
        json_object_set_new(j, "open_to_me", json_boolean(audience_ok(db_text(p, i, 3), r->user->role)));
        json_object_set_new(j, "enrolment_id", db_isnull(p, i, 7) ? json_null() : json_integer(db_int(p, i, 7)));
        json_object_set_new(j, "completed", json_boolean(!db_isnull(p, i, 8)));
        json_array_append_new(arr, j);
    }
    return http_json(r, 200, json_pack("{s:o}", "programmes", arr));
}

static int enrol(req *r)
{
    int64_t id;
    db_rows *p, *e;
    json_t *body = NULL;
    const char *email = NULL;
    int rc = req_param_id(&id, r, 0);
    if (rc == 0 && r->body_len) {
        rc = req_json(&body, r);
        if (rc == 0) rc = req_fields(r, body, "{s?:s}", "email", &email);
    }
    if (rc == 0) rc = db_query(&p, req_db(r), r->a, "SELECT " PCOLS " FROM pd_programmes p WHERE p.id = $1", "i", id);
    if (rc) return rc;
    if (p->nrows == 0) return http_fail(r, E_NOTFOUND, NULL, "no such programme");
    if (!audience_ok(db_text(p, 0, 3), r->user->role))
        return http_fail(r, E_FORBIDDEN, NULL, "this programme is for %s", db_text(p, 0, 3));
    if (email && *email) {
        const char *at = strchr(email, '@');
        if (strlen(email) > 200 || !at || at == email || !strchr(at, '.') || strpbrk(email, " \t\r\n<>\""))
            return http_fail(r, E_INVALID, "email", "email: an e-mail address");
    }
    rc = db_query(&e, req_db(r), r->a,
                  "INSERT INTO pd_enrolments (programme_id, user_id, email, enrolled_at) VALUES ($1, $2, $3, $4) "
                  "ON CONFLICT (programme_id, user_id) DO NOTHING RETURNING id",
                  "iisi", id, r->user->id, email && *email ? email : NULL, db_now());
    if (rc) return rc;
    if (e->nrows == 0) return http_fail(r, E_CONFLICT, NULL, "you are already enrolled");
    return http_json(r, 201, json_pack("{s:I, s:I}", "id", (json_int_t)db_int(e, 0, 0), "programme_id", (json_int_t)id));
}

/* ---- enrolments ---- */

typedef struct enrolment {
    int64_t id, programme_id, user_id, completed_at;
    const char *email;
} enrolment;

static int load_enrolment(enrolment *en, req *r)
{
    int64_t id;
    db_rows *e;
    int rc = req_param_id(&id, r, 0);
    if (rc == 0)
        rc = db_query(&e, req_db(r), r->a,
                      "SELECT id, programme_id, user_id, completed_at, email FROM pd_enrolments WHERE id = $1", "i", id);
    if (rc) return rc;
    if (e->nrows == 0) return http_fail(r, E_NOTFOUND, NULL, "no such enrolment");
    *en = (enrolment){db_int(e, 0, 0), db_int(e, 0, 1), db_int(e, 0, 2), db_isnull(e, 0, 3) ? 0 : db_int(e, 0, 3),
                      db_text(e, 0, 4)};
    if (en->user_id != r->user->id && r->user->role != ROLE_ADMIN)
        return http_fail(r, E_FORBIDDEN, NULL, "this enrolment is not yours");
    return 0;
}

static json_t *awards_json(req *r, int64_t enrolment_id)
{
    db_rows *a, *c;
    json_t *j = json_object();
    if (db_query(&a, req_db(r), r->a, "SELECT uid FROM pd_assertions WHERE enrolment_id = $1", "i", enrolment_id) == 0 &&
        a->nrows)
        json_object_set_new(j, "badge", json_string(arena_printf(r->a, "%s/api/pd/badges/assertions/%s", cert_site(r),
                                                                 db_text(a, 0, 0))));
    if (db_query(&c, req_db(r), r->a, "SELECT code FROM certificates WHERE kind = 'pd' AND ref_id = $1", "i",
                 enrolment_id) == 0 &&
        c->nrows)
        json_object_set_new(j, "certificate", json_string(db_text(c, 0, 0)));
    return j;
}

static int progress(req *r, int status, const enrolment *en, json_t *extra)
{
    db_rows *p;
    int rc = db_query(&p, req_db(r), r->a, "SELECT " PCOLS " FROM pd_programmes p WHERE p.id = $1", "i", en->programme_id);
    if (rc) {
        json_decref(extra);
        return rc;
    }
    int done;
    json_t *j = json_pack("{s:I, s:o, s:o}", "id", (json_int_t)en->id, "programme", programme_json(p, 0), "modules",
                          modules_json(r, en->programme_id, en->id, &done));
    db_rows *e;
    if (db_query(&e, req_db(r), r->a, "SELECT completed_at FROM pd_enrolments WHERE id = $1", "i", en->id) == 0)
        json_object_set_new(j, "completed_at", db_isnull(e, 0, 0) ? json_null() : json_integer(db_int(e, 0, 0)));
    json_t *awards = awards_json(r, en->id);
    json_object_update(j, awards);
    json_decref(awards);
    if (extra) {
        json_object_update(j, extra);
        json_decref(extra);
    }
    return http_json(r, status, j);
}

static int get_enrolment(req *r)
{
    enrolment en;
    int rc = load_enrolment(&en, r);
    if (rc) return rc;
    return progress(r, 200, &en, NULL);
}

static int module_skill(const char **skill, req *r, const enrolment *en, int64_t module_id)
{
    db_rows *m;
    int rc = db_query(&m, req_db(r), r->a, "SELECT skill_id FROM pd_modules WHERE id = $1 AND programme_id = $2", "ii",
                      module_id, en->programme_id);
    if (rc) return rc;
    if (m->nrows == 0) return http_fail(r, E_NOTFOUND, "module_id", "no such module in this programme");
    *skill = db_text(m, 0, 0);
    return 0;
}

static json_t *ctexts(const ctext *t, size_t n, content_lang l)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(arr, json_string(content_ctext_get(&t[i], l)));
    return arr;
}

/* next_item: a fresh item of the module's skill (template and seed drawn at random) */
static int next_item(req *r)
{
    enrolment en;
    int64_t mid;
    const char *skill;
    int rc = load_enrolment(&en, r);
    if (rc == 0) {
        char *end;
        long long v = strtoll(r->params[1], &end, 10);
        mid = v;
        if (*end || v <= 0) rc = http_fail(r, E_NOTFOUND, NULL, "no such module");
    }
    if (rc == 0) rc = module_skill(&skill, r, &en, mid);
    if (rc) return rc;
    const content_bank *b = pd_bank();
    const content_skill *sk = b ? content_find_skill(b, skill) : NULL;
    if (!sk || sk->ntemplates == 0) return http_fail(r, E_FAIL, NULL, "the PD content for this module is missing");
    const content_template *t = &sk->templates[randombytes_uniform((uint32_t)sk->ntemplates)];
    content_item *it;
    template_error te;
    if ((rc = template_instantiate(&it, r->a, &te, t, 1 + randombytes_uniform(1u << 30)))) return rc;
    content_lang l = user_lang(r);
    json_t *j = json_pack("{s:s, s:I, s:s, s:s}", "item_id", it->id, "module_id", (json_int_t)mid, "type",
                          content_type_name(it->type), "stem", content_ctext_get(&it->stem, l));
    if (it->type == ITEM_CHOICE) json_object_set_new(j, "choices", ctexts(it->choices, it->nchoices, l));
    if (it->type == ITEM_ORDER) json_object_set_new(j, "items", ctexts(it->items, it->nitems, l));
    if (it->type == ITEM_MATCH) {
        json_object_set_new(j, "left", ctexts(it->left, it->npairs, l));
        json_object_set_new(j, "right", ctexts(it->right, it->npairs, l));
    }
    json_object_set_new(j, "hints", ctexts(it->hints, it->nhints, l));
    return http_json(r, 200, j);
}

/* complete: issue the certificate and the badge assertion (inside the answer's transaction) */
static int complete(req *r, db_conn *c, const enrolment *en)
{
    db_rows *p;
    int rc = db_query(&p, c, r->a, "SELECT title FROM pd_programmes WHERE id = $1", "i", en->programme_id);
    if (rc) return rc;
    int64_t now = db_now();
    if ((rc = db_exec(c, "UPDATE pd_enrolments SET completed_at = $1 WHERE id = $2 AND completed_at IS NULL", "ii", now,
                      en->id)) < 0)
        return rc;
    char *code;
    cert_new n = {"pd", en->id, en->user_id, db_text(p, 0, 0), "Formation continue · التكوين المستمر"};
    if ((rc = cert_issue(&code, c, r->a, &n))) return rc;
    unsigned char raw[16];
    char uid[33], salt[33], hash[72];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(uid, sizeof uid, raw, sizeof raw);
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(salt, sizeof salt, raw, sizeof raw);
    db_rows *u;
    if ((rc = db_query(&u, c, r->a, "SELECT login FROM users WHERE id = $1", "i", en->user_id))) return rc;
    const char *identity = en->email && *en->email
                               ? en->email
                               : arena_printf(r->a, "%s/#/people/%s", cert_site(r), db_text(u, 0, 0));
    pd_recipient_hash(hash, identity, salt);
    rc = db_exec(c,
                 "INSERT INTO pd_assertions (uid, enrolment_id, recipient_type, salt, identity_hash, issued_at) VALUES "
                 "($1, $2, $3, $4, $5, $6) ON CONFLICT (enrolment_id) DO NOTHING",
                 "sisssi", uid, en->id, en->email && *en->email ? "email" : "url", salt, hash, now);
    return rc < 0 ? rc : 0;
}

static int answer(req *r)
{
    enrolment en;
    json_t *body;
    json_int_t mid;
    const char *item_id, *response, *skill;
    int rc = load_enrolment(&en, r);
    if (rc == 0 && en.user_id != r->user->id) rc = http_fail(r, E_FORBIDDEN, NULL, "only the educator answers");
    if (rc == 0) rc = req_json(&body, r);
    if (rc == 0)
        rc = req_fields(r, body, "{s:I, s:s, s:s}", "module_id", &mid, "item_id", &item_id, "response", &response);
    if (rc == 0) rc = module_skill(&skill, r, &en, mid);
    if (rc) return rc;
    char *tpl_id;
    uint64_t seed;
    const content_bank *b = pd_bank();
    const content_template *t = NULL;
    if (template_parse_item_id(&tpl_id, &seed, r->a, item_id) == 0 && b) t = content_find_template(b, tpl_id);
    if (!t || !t->skill || strcmp(t->skill->id, skill) != 0)
        return http_fail(r, E_INVALID, "item_id", "item_id: not an item of this module");
    content_item *it;
    template_error te;
    grade_result g;
    if ((rc = template_instantiate(&it, r->a, &te, t, seed))) return http_fail(r, E_INVALID, "item_id", "item_id: %s", te.msg);
    if (grade_response(&g, it, response) == E_LIMIT) return http_fail(r, E_LIMIT, "response", "response: too long");
    db_conn *c = req_db(r);
    if ((rc = db_begin(c))) return rc;
    rc = db_exec(c,
                 "INSERT INTO pd_answers (enrolment_id, module_id, item_id, response, correct, created_at) VALUES ($1, $2, "
                 "$3, $4, $5, $6)",
                 "iissii", en.id, (int64_t)mid, item_id, response, (int64_t)g.correct, db_now());
    rc = rc < 0 ? rc : 0;
    int done = 0;
    if (rc == 0 && !en.completed_at) {
        json_decref(modules_json(r, en.programme_id, en.id, &done));
        if (done) rc = complete(r, c, &en);
    }
    if (rc == 0) rc = db_commit(c);
    else db_rollback(c);
    if (rc) return rc;
    content_lang l = user_lang(r);
    json_t *extra = json_pack("{s:b, s:s?, s:s, s:b}", "correct", g.correct, "feedback",
                              g.feedback.s[0] || g.feedback.s[1] ? content_ctext_get(&g.feedback, l) : NULL, "solution",
                              content_ctext_get(&it->solution, l), "just_completed", done && !en.completed_at);
    return progress(r, 200, &en, extra);
}

/* ---- Open Badges 2.0 ---- */

static const char *OB_CONTEXT = "https://w3id.org/openbadges/v2";

static int issuer(req *r)
{
    const char *site = cert_site(r);
    const char *email = getenv("MADRASA_BADGE_EMAIL");
    return http_json(r, 200,
                     json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "@context", OB_CONTEXT, "type", "Issuer", "id",
                               arena_printf(r->a, "%s/api/pd/badges/issuer", site), "name",
                               "Madrasa — formation continue / التكوين المستمر", "url", arena_printf(r->a, "%s/", site),
                               "email", email && *email ? email : "badges@example.org", "description",
                               "Professional development programmes of the education council and the ministry."));
}

static int badge_programme(db_rows **p, req *r)
{
    int64_t id;
    int rc = req_param_id(&id, r, 0);
    if (rc == 0) rc = db_query(p, req_db(r), r->a, "SELECT " PCOLS " FROM pd_programmes p WHERE p.id = $1", "i", id);
    if (rc) return rc;
    if ((*p)->nrows == 0) return http_fail(r, E_NOTFOUND, NULL, "no such badge");
    return 0;
}

static json_t *badge_class_json(req *r, const db_rows *p)
{
    const char *site = cert_site(r);
    long long id = (long long)db_int(p, 0, 0);
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:{s:s, s:s}, s:s}", "@context", OB_CONTEXT, "type", "BadgeClass",
                     "id", arena_printf(r->a, "%s/api/pd/badges/classes/%lld", site, id), "name", db_text(p, 0, 4),
                     "description", db_text(p, 0, 5), "image",
                     arena_printf(r->a, "%s/api/pd/badges/classes/%lld/image", site, id), "criteria", "id",
                     arena_printf(r->a, "%s/#/pd/%lld", site, id), "narrative", db_text(p, 0, 6), "issuer",
                     arena_printf(r->a, "%s/api/pd/badges/issuer", site));
}

static int badge_class(req *r)
{
    db_rows *p;
    int rc = badge_programme(&p, r);
    if (rc) return rc;
    return http_json(r, 200, badge_class_json(r, p));
}

static cairo_status_t png_out(void *closure, const unsigned char *data, unsigned int length)
{
    buf *b = closure;
    buf_append(b, data, length);
    return b->err ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

/* badge_image: a PNG medal (cairo) — what backpacks show; the name is in the BadgeClass */
static int badge_image(req *r)
{
    db_rows *p;
    int rc = badge_programme(&p, r);
    if (rc) return rc;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, PD_BADGE_PNG, PD_BADGE_PNG);
    cairo_t *cr = cairo_create(s);
    double c = PD_BADGE_PNG / 2.0;
    cairo_arc(cr, c, c, c - 8, 0, 6.283185307);
    cairo_set_source_rgb(cr, 0.05, 0.35, 0.3);
    cairo_fill_preserve(cr);
    cairo_set_line_width(cr, 10);
    cairo_set_source_rgb(cr, 0.85, 0.65, 0.13);
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_select_font_face(cr, "Noto Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
    cairo_set_font_size(cr, 44);
    const char *label = arena_printf(r->a, "PD %lld", (long long)db_int(p, 0, 0));
    cairo_text_extents_t e;
    cairo_text_extents(cr, label, &e);
    cairo_move_to(cr, c - e.x_advance / 2, c + e.height / 2);
    cairo_show_text(cr, label);
    cairo_destroy(cr);
    buf b = BUF_INIT(1 << 20);
    int bad = cairo_surface_write_to_png_stream(s, png_out, &b) != CAIRO_STATUS_SUCCESS || b.err;
    cairo_surface_destroy(s);
    if (!bad) rc = http_text(r, 200, "image/png", b.data, b.len);
    buf_free(&b);
    if (bad) return E_FAIL;
    http_header(r, "Cache-Control", "public, max-age=86400");
    return rc;
}

static const char *iso8601(arena *a, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    return arena_printf(a, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                        tm.tm_min, tm.tm_sec);
}

static int assertion(req *r)
{
    db_rows *a;
    int rc = db_query(&a, req_db(r), r->a,
                      "SELECT s.uid, s.recipient_type, s.salt, s.identity_hash, s.issued_at, e.programme_id FROM "
                      "pd_assertions s JOIN pd_enrolments e ON e.id = s.enrolment_id WHERE s.uid = $1",
                      "s", r->params[0]);
    if (rc) return rc;
    if (a->nrows == 0) return http_fail(r, E_NOTFOUND, NULL, "no such assertion");
    const char *site = cert_site(r);
    return http_json(r, 200,
                     json_pack("{s:s, s:s, s:s, s:{s:s, s:b, s:s, s:s}, s:s, s:s, s:{s:s}}", "@context", OB_CONTEXT,
                               "type", "Assertion", "id",
                               arena_printf(r->a, "%s/api/pd/badges/assertions/%s", site, db_text(a, 0, 0)), "recipient",
                               "type", db_text(a, 0, 1), "hashed", 1, "salt", db_text(a, 0, 2), "identity",
                               db_text(a, 0, 3), "badge",
                               arena_printf(r->a, "%s/api/pd/badges/classes/%lld", site, (long long)db_int(a, 0, 5)),
                               "issuedOn", iso8601(r->a, db_int(a, 0, 4)), "verification", "type", "hosted"));
}

int pd_demo(db_conn *c)
{
    arena a = ARENA_INIT;
    db_rows *n, *u;
    int rc = db_query(&n, c, &a, "SELECT count(*) FROM pd_programmes", "");
    if (rc == 0) rc = db_query(&u, c, &a, "SELECT id FROM users WHERE login = 'admin'", "");
    if (rc == 0 && u->nrows && db_int(n, 0, 0) == 0) {
        db_rows *p;
        rc = db_query(&p, c, &a,
                      "INSERT INTO pd_programmes (title, description, audience, badge_name, badge_description, "
                      "badge_criteria, created_by, created_at) VALUES ('التقويم التكويني والتعلم حسب المستوى', "
                      "'Évaluation formative et enseignement au bon niveau (TaRL), pour les enseignants du primaire.', "
                      "'teachers', 'Évaluation formative et TaRL', "
                      "'Awarded to teachers who completed the formative assessment and TaRL modules.', "
                      "'Answer correctly 2 items of each module: formative assessment, grouping by level.', $1, $2) "
                      "RETURNING id",
                      "ii", db_int(u, 0, 0), db_now());
        if (rc == 0)
            rc = db_exec(c,
                         "INSERT INTO pd_modules (programme_id, position, title, skill_id, required_correct) VALUES "
                         "($1, 1, 'L''évaluation formative', 'pd.formative', 2), ($1, 2, 'Grouper par niveau', "
                         "'pd.tarl', 2)",
                         "i", db_int(p, 0, 0)) < 0 ? E_FAIL : 0;
    }
    arena_free(&a);
    return rc;
}

enum { EDUCATORS = ROLE_ANY_USER & ~ROLE_LEARNER };

static const route routes[] = {
    {"GET", "/api/pd/programmes", list_programmes, EDUCATORS, 0},
    {"POST", "/api/pd/programmes", create_programme, ROLE_ADMIN | ROLE_COUNCIL_SECRETARIAT, 0},
    {"POST", "/api/pd/programmes/{id}/enrol", enrol, EDUCATORS, 0},
    {"GET", "/api/pd/enrolments/{id}", get_enrolment, EDUCATORS, 0},
    {"GET", "/api/pd/enrolments/{id}/modules/{mid}/item", next_item, EDUCATORS, 0},
    {"POST", "/api/pd/enrolments/{id}/answers", answer, EDUCATORS, 0},
    {"GET", "/api/pd/badges/issuer", issuer, ALLOW_PUBLIC, 0},
    {"GET", "/api/pd/badges/classes/{id}", badge_class, ALLOW_PUBLIC, 0},
    {"GET", "/api/pd/badges/classes/{id}/image", badge_image, ALLOW_PUBLIC, 0},
    {"GET", "/api/pd/badges/assertions/{uid}", assertion, ALLOW_PUBLIC, 0},
};

const route_table pd_routes = ROUTE_TABLE(routes);
