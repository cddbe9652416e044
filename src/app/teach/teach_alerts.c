/*
 * teach_alerts.c — the alerts of a class: the rules of teach_rules.c applied to what learn
 * knows about its learners, plus assignments past due and not done.
 *
 * Each alert carries its kind, the numbers its reason quotes and the reason in one English
 * sentence; the web page says the same sentence in the teacher's language from the numbers.
 */
#include "app/teach/teach_int.h"

#include <string.h>

#include "base/err.h"

enum { DAY = 86400 };

static const teach_alert_rules RULES = TEACH_ALERT_RULES_INIT;

static json_t *alert_json(req *r, const tc_class *k, const teach_alert *al, const content_bank *b, const char *title)
{
    int at = tc_learner_at(k, al->learner_id);
    const content_skill *s = al->skill_id && b ? content_find_skill(b, al->skill_id) : NULL;
    if (s) title = tc_title_fr(s);
    return json_pack("{s:I, s:s?, s:s?, s:s, s:b, s:s?, s:s?, s:s?, s:o, s:s?, s:i, s:i, s:i, s:i, s:i, s:s}",
                     "learner_id", (json_int_t)al->learner_id, "name", at >= 0 ? k->learners[at].name : NULL, "name_ar",
                     at >= 0 ? k->learners[at].name_ar : NULL, "kind", teach_alert_kind_name(al->kind), "high", al->high,
                     "skill_id", al->skill_id, "skill_title_ar", s ? content_ctext_get(&s->title, LANG_AR) : NULL,
                     "skill_title_fr", s ? tc_title_fr(s) : NULL, "assignment_id",
                     al->assignment_id ? json_integer(al->assignment_id) : json_null(), "assignment_title",
                     al->kind == TEACH_ALERT_OVERDUE ? title : NULL, "n", al->n, "of", al->of, "pct", al->pct,
                     "before_pct", al->before_pct, "days", al->days, "reason", teach_alert_reason(r->a, al, title));
}

/* an assignment's name for a reason: its title, else its first target's title */
static const char *assignment_title(const learn_assignment *as, const content_bank *b)
{
    if (as->title) return as->title;
    const content_skill *s = as->kind == LEARN_ASSIGN_SKILL && b ? content_find_skill(b, as->targets[0]) : NULL;
    return s ? tc_title_fr(s) : as->ntargets ? as->targets[0] : "";
}

int tc_class_alerts(json_t **out, req *r, const tc_class *k, int64_t only)
{
    const content_bank *b = learn_bank();
    int64_t now = db_now();
    learn_activity *act;
    tc_progress p;
    int nact;
    int rc = learn_activity_of(&act, &nact, req_db(r), r->a, k->ids, k->n, 0);
    if (rc == 0) rc = tc_assignments(&p, r, k);
    if (rc) return rc;
    teach_learner_facts *lf = arena_alloc_array(r->a, (size_t)nact + 1, sizeof *lf);
    learn_assignment *as = p.as;
    learn_state *st = p.st;
    int nas = p.nas, nst = p.nst;
    teach_skill_facts *sf = arena_alloc_array(r->a, (size_t)nst + 1, sizeof *sf);
    for (int i = 0; i < nact; i++)
        lf[i] = (teach_learner_facts){.learner_id = act[i].learner_id, .answers = act[i].answers, .correct = act[i].correct,
                                      .recent_answers = act[i].recent_answers, .recent_correct = act[i].recent_correct,
                                      .wrong_streak = act[i].wrong_streak, .last_at = act[i].last_at,
                                      .active_recently = act[i].last_at >= now - (int64_t)RULES.inactive_days * DAY};
    for (int i = 0; i < nst; i++)
        sf[i] = (teach_skill_facts){.learner_id = st[i].learner_id, .skill_id = st[i].skill_id, .p_known = st[i].p_known,
                                    .attempts = st[i].attempts, .mastered = st[i].mastered};
    teach_alert *al;
    int nal;
    if ((rc = teach_alerts_eval(&al, &nal, r->a, &RULES, lf, nact, sf, nst, now))) return rc;
    *out = json_array();
    for (int i = 0; i < nal; i++)
        if (only <= 0 || al[i].learner_id == only) json_array_append_new(*out, alert_json(r, k, &al[i], b, NULL));
    for (int j = 0; j < nas; j++) {
        if (as[j].due_at >= now) continue;
        int n = as[j].nlearners ? as[j].nlearners : k->n;
        for (int i = 0; i < n; i++) {
            int64_t lid = as[j].nlearners ? as[j].learner_ids[i] : k->ids[i];
            if ((only > 0 && lid != only) || tc_learner_at(k, lid) < 0 || tc_assignment_done(&p, &as[j], lid))
                continue;
            teach_alert o = {.learner_id = lid, .kind = TEACH_ALERT_OVERDUE, .assignment_id = as[j].id,
                             .days = (int)((now - as[j].due_at) / DAY)};
            json_array_append_new(*out, alert_json(r, k, &o, b, assignment_title(&as[j], b)));
        }
    }
    return 0;
}

int teach_alerts_get(req *r)
{
    tc_class k;
    int rc = tc_open(&k, r);
    if (rc) return rc;
    json_t *alerts;
    if ((rc = tc_class_alerts(&alerts, r, &k, 0))) return rc;
    json_t *rules = json_pack("{s:i, s:i, s:f, s:i, s:f, s:i, s:f}", "wrong_streak", RULES.wrong_streak,
                              "stuck_attempts", RULES.stuck_attempts, "stuck_p", RULES.stuck_p, "falling_min",
                              RULES.falling_min, "falling_drop", RULES.falling_drop, "inactive_days", RULES.inactive_days,
                              "classmates_share", RULES.classmates_share);
    return http_json(r, 200, json_pack("{s:o, s:o}", "rules", rules, "alerts", alerts));
}
