/*
 * learn_render.c — items, reasons and level names as the learner reads them.
 *
 * An item goes out in the learner's language with the other school language beside it
 * (Arabic ↔ French; English and Amazigh learners get French beside): the stem, the choices, the
 * items to order, the pairs to match — never the answer, the feedback or the solution, which
 * only the answer and hint routes reveal. The reason is one sentence a nine-year-old can read,
 * written here in four languages (the learner's language is the session's), plus a stable code
 * and its arguments for the page.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app/learn/learn_int.h"

const char *learn_text(const ctext *t, content_lang lang) { return content_ctext_get(t, lang); }

const char *learn_skill_title(const content_skill *s, content_lang lang) { return learn_text(&s->title, lang); }

static content_lang alt_lang(content_lang l) { return l == LANG_FR ? LANG_AR : LANG_FR; }

static json_t *texts(const ctext *arr, size_t n, content_lang lang)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(a, json_string(learn_text(&arr[i], lang)));
    return a;
}

/* shown_lang: the language content_ctext_get really shows for `lang` (an imported question is
 * written in one language only, so an Arabic page may get its French text: the page must know) */
static content_lang shown_lang(const ctext *t, content_lang lang)
{
    if (t->neutral || t->s[lang]) return lang;
    return t->s[LANG_FR] ? LANG_FR : t->s[LANG_AR] ? LANG_AR : lang;
}

/* item_side: the shown texts of an item in one language. */
static json_t *item_side(const content_item *it, content_lang lang)
{
    json_t *o = json_pack("{s:s, s:s}", "lang", content_lang_code(shown_lang(&it->stem, lang)), "stem",
                          learn_text(&it->stem, lang));
    if (it->type == ITEM_CHOICE) json_object_set_new(o, "choices", texts(it->choices, it->nchoices, lang));
    if (it->type == ITEM_ORDER) json_object_set_new(o, "items", texts(it->items, it->nitems, lang));
    if (it->type == ITEM_MATCH) {
        json_object_set_new(o, "left", texts(it->left, it->npairs, lang));
        json_object_set_new(o, "right", texts(it->right, it->npairs, lang));
    }
    return o;
}

json_t *learn_item_json(const content_item *it, content_lang lang)
{
    json_t *o = item_side(it, lang);
    json_object_set_new(o, "id", json_string(it->id));
    json_object_set_new(o, "type", json_string(content_type_name(it->type)));
    json_object_set_new(o, "hints", json_integer((json_int_t)it->nhints));
    const content_skill *sk = it->tpl->skill;
    if (sk) {
        json_object_set_new(o, "skill", json_string(sk->id));
        json_object_set_new(o, "skill_title", json_string(learn_skill_title(sk, lang)));
    }
    content_lang other = alt_lang(lang);
    if (!it->stem.neutral && it->stem.s[lang] && it->stem.s[other] && it->stem.s[other] != it->stem.s[lang])
        json_object_set_new(o, "alt", item_side(it, other));
    return o;
}

/* ---- reasons ---- */

/* One sentence per reason and language; %s is the skill's title, %d a number of days. */
static const char *const reason_text[POLICY_MAINTAIN + 1][LANG_COUNT] = {
    [POLICY_ASSIGNMENT] = {"طلب منك معلمك التمرن على «%s» (الموعد بعد %d يوم).",
                           "Ton enseignant t'a demandé « %s » (à faire dans %d jour(s)).",
                           "Your teacher asked you to practise “%s” (due in %d day(s)).",
                           "ⵉⵙⵇⵙⴰ ⴽ ⵓⵙⴳⵎⴰⵔ ⵏⵏⴽ ⴰⴷ ⵜⵙⵎⵔⵙⴷ «%s» (ⴳ %d ⵡⴰⵙⵙ)."},
    [POLICY_REVIEW] = {"مراجعة «%s»: تعلمتها منذ %d يوم، لنتأكد أنك ما زلت تتذكرها.",
                       "On révise « %s » : tu l'as appris il y a %d jour(s), vérifions que tu t'en souviens.",
                       "Review of “%s”: you learnt it %d day(s) ago; let's check you remember.",
                       "ⴰⵙⵏⵓⵍⴼⵓ ⵏ «%s»: ⵜⵍⵎⴷⴷ ⵜ ⵣⵉⴽ %d ⵡⴰⵙⵙ."},
    [POLICY_REMEDIATE] = {"لنرجع قليلا إلى «%s»، فهذا يساعدك على ما بعده.",
                          "Revenons un peu sur « %s » : cela t'aidera pour la suite.",
                          "Let's go back to “%s” for a moment: it will help with what comes next.",
                          "ⴰⴷ ⵏⵓⵖⵓⵍ ⵖⵔ «%s», ⴰⴷ ⴽ ⵉⴰⵡⵙ."},
    [POLICY_PRACTICE] = {"نواصل «%s»: أنت تتقدم!", "On continue « %s » : tu progresses !",
                         "Let's keep going with “%s”: you are getting there!", "ⴰⴷ ⵏⴽⵎⵎⵍ «%s»: ⵜⵙⵓⴷⵓⴷ!"},
    [POLICY_NEW_SKILL] = {"درس جديد: «%s». أنت مستعد لأنك تعرف ما يأتي قبله.",
                          "Nouvelle compétence : « %s ». Tu es prêt·e : tu sais déjà ce qu'il faut avant.",
                          "Something new: “%s”. You are ready: you already know what comes before it.",
                          "ⵜⴰⵖⴰⵔⴰ ⵜⴰⵎⴰⵢⵏⵓⵜ: «%s». ⵜⵡⵊⴷⴷ!"},
    [POLICY_MAINTAIN] = {"أتقنت كل ما هو مفتوح! لنحافظ على «%s».",
                         "Tu maîtrises tout ce qui est ouvert ! On entretient « %s ».",
                         "You have mastered everything open! Let's keep “%s” fresh.",
                         "ⵜⵙⵙⵏⴷ ⴽⵓⵍⵍⵓ ⵎⴰ ⵉⵍⵍⴰⵏ! ⴰⴷ ⵏⴰⵍⵙ «%s»."},
};

/* what an imported quiz question's reason names when its assignment has no title */
static const char *const quiz_word[LANG_COUNT] = {"اختبار", "Quiz", "Quiz", "ⴰⵔⵎⵓⵢ"};

/* reason_sentence fills the sentence's %s (title) and %d (days) by substitution, so no
 * format string ever comes from data. */
static const char *reason_sentence(arena *a, policy_reason r, content_lang lang, const char *title, double arg)
{
    const char *fmt = reason_text[r][lang];
    int days = (int)(r == POLICY_ASSIGNMENT ? ceil(arg < 0 ? 0 : arg) : floor(arg < 0 ? 0 : arg));
    char num[16];
    snprintf(num, sizeof num, "%d", days);
    buf b = BUF_INIT(4096);
    for (const char *p = fmt; *p; p++) {
        if (p[0] == '%' && (p[1] == 's' || p[1] == 'd')) {
            buf_puts(&b, p[1] == 's' ? title : num);
            p++;
        } else {
            buf_putc(&b, *p);
        }
    }
    const char *out = arena_strdup(a, b.data ? b.data : "");
    buf_free(&b);
    return out;
}

json_t *learn_pick_json(const learn_index *ix, const learn_ctx *x, const learn_pick *p, const content_item *it)
{
    (void)ix;
    arena a = ARENA_INIT;
    const content_skill *sk = it->tpl->skill;
    const char *title = sk ? learn_skill_title(sk, x->lang) : p->title ? p->title : quiz_word[x->lang];
    const char *why = reason_sentence(&a, p->reason, x->lang, title, p->arg);
    json_t *args = json_pack("{s:s?, s:f}", "skill", sk ? sk->id : NULL, "value", isfinite(p->arg) ? p->arg : 0.0);
    json_t *o = json_pack("{s:o, s:s, s:{s:s, s:o}}", "item", learn_item_json(it, x->lang), "why", why, "reason",
                          "code", policy_reason_name(p->reason), "args", args);
    arena_free(&a);
    return o;
}

json_t *learn_serve(const learn_index *ix, learn_ctx *x, arena *a, int ladder)
{
    learn_pick p;
    if (learn_choose(&p, ix, x, ladder)) return NULL;
    content_item *it;
    if (learn_instantiate(&it, a, p.t, learn_new_seed())) return NULL;
    learn_remember(x, &p);
    return learn_pick_json(ix, x, &p, it);
}

/* ---- level names ---- */

static const char *const math_levels[][3] = {
    {"مبتدئ", "Débutant", "Beginner"},
    {"الأعداد 1–9", "Nombres 1–9", "Numbers 1–9"},
    {"الأعداد 10–99", "Nombres 10–99", "Numbers 10–99"},
    {"الأعداد 100–999", "Nombres 100–999", "Numbers 100–999"},
    {"الجمع والطرح", "Addition et soustraction", "Addition and subtraction"},
    {"الضرب والقسمة", "Multiplication et division", "Multiplication and division"},
    {"الكسور", "Fractions", "Fractions"},
    {"الأعداد العشرية", "Nombres décimaux", "Decimals"},
};

static const char *const read_levels[][3] = {
    {"مبتدئ", "Débutant", "Beginner"},     {"الحروف", "Lettres", "Letters"},
    {"المقاطع", "Syllabes", "Syllables"},   {"الكلمات", "Mots", "Words"},
    {"الجمل", "Phrases", "Sentences"},     {"النصوص", "Textes", "Stories"},
};

const char *learn_level_label(int ladder, int level, content_lang lang)
{
    int col = lang == LANG_AR ? 0 : lang == LANG_EN ? 2 : 1;
    if (ladder == 0 && level >= 0 && level < (int)(sizeof math_levels / sizeof math_levels[0]))
        return math_levels[level][col];
    if (ladder > 0 && level >= 0 && level < (int)(sizeof read_levels / sizeof read_levels[0]))
        return read_levels[level][col];
    return "?";
}
