/*
 * teach_alerts.c — the alerts of a class: the rules of teach_rules.c applied to what learn
 * knows about its learners, plus assignments past due and not done.
 *
 * Each alert carries its kind, the numbers its reason quotes and the reason in one English
 * sentence; the web page says the same sentence in the teacher's language from the numbers.
 *
 * A teacher may dismiss an alert (teach_alert_dismissals, migration 0006): the dismissal is
 * theirs alone and keyed by learner, kind and subject (a stuck alert's skill, an overdue
 * alert's assignment). It records the evidence the alert stood on — how many answers the learner
 * had given (on the skill, for "stuck"; a count, strictly growing, where a time in seconds could
 * tie) — and hides the alert only while there is no newer answer: when a newer answer raises the
 * same alert again, it is back. Alerts are still computed on each
 * request; only the dismissals are stored.
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

/* One alert with what a dismissal is keyed and judged on. */
typedef struct tc_alert {
    teach_alert al;
    const char *title;   /* an overdue assignment's title, else NULL */
    const char *subject; /* the skill (stuck), the assignment id (overdue), "" otherwise */
    int64_t evidence;    /* the learner's answers so far (on the skill, for stuck) */
} tc_alert;

static int64_t answers_on(const learn_state *st, int nst, int64_t learner, const char *skill)
{
    for (int i = 0; i < nst; i++)
        if (st[i].learner_id == learner && strcmp(st[i].skill_id, skill) == 0) return st[i].attempts;
    return 0;
}

/* collect_alerts: every alert of the class (learner `only` when > 0), dismissed or not */
static int collect_alerts(tc_alert **out, int *nout, req *r, const tc_class *k, int64_t only)
{
    const content_bank *b = learn_bank();
    int64_t now = db_now();
    learn_activity *act;
    tc_progress p;
    int nact;
    int rc = learn_activity_of(&act, &nact, req_db(r), r->a, k->ids, k->n, 0);
    if (rc == 0) rc = tc_assignments(&p, r, k);
    if (rc) return rc;
    learn_assignment *as = p.as;
    learn_state *st = p.st;
    int nas = p.nas, nst = p.nst;
    teach_learner_facts *lf = arena_alloc_array(r->a, (size_t)nact + 1, sizeof *lf);
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
    int nal, overdue = 0;
    if ((rc = teach_alerts_eval(&al, &nal, r->a, &RULES, lf, nact, sf, nst, now))) return rc;
    for (int j = 0; j < nas; j++) overdue += as[j].due_at < now ? (as[j].nlearners ? as[j].nlearners : k->n) : 0;
    *out = arena_alloc_array(r->a, (size_t)(nal + overdue) + 1, sizeof **out);
    *nout = 0;
    for (int i = 0; i < nal; i++) {
        if (only > 0 && al[i].learner_id != only) continue;
        int a = tc_learner_at(k, al[i].learner_id);
        /* the learner's answers are in act (class order); stuck: the skill's */
        int64_t ev = al[i].kind == TEACH_ALERT_STUCK ? answers_on(st, nst, al[i].learner_id, al[i].skill_id)
                     : a >= 0 && a < nact ? act[a].answers : 0;
        (*out)[(*nout)++] = (tc_alert){al[i], NULL, al[i].kind == TEACH_ALERT_STUCK ? al[i].skill_id : "", ev};
    }
    for (int j = 0; j < nas; j++) {
        if (as[j].due_at >= now) continue;
        int n = as[j].nlearners ? as[j].nlearners : k->n;
        for (int i = 0; i < n; i++) {
            int64_t lid = as[j].nlearners ? as[j].learner_ids[i] : k->ids[i];
            int a = tc_learner_at(k, lid);
            if ((only > 0 && lid != only) || a < 0 || tc_assignment_done(&p, &as[j], lid)) continue;
            teach_alert o = {.learner_id = lid, .kind = TEACH_ALERT_OVERDUE, .assignment_id = as[j].id,
                             .days = (int)((now - as[j].due_at) / DAY)};
            (*out)[(*nout)++] = (tc_alert){o, assignment_title(&as[j], b),
                                          arena_printf(r->a, "%lld", (long long)as[j].id), a < nact ? act[a].answers : 0};
        }
    }
    return 0;
}

/* dismissed: the teacher dismissed this alert and no newer answer has raised it since */
static int dismissed(const tc_alert *x, const db_rows *d)
{
    for (int i = 0; i < d->nrows; i++)
        if (db_int(d, i, 0) == x->al.learner_id && strcmp(db_text(d, i, 1), teach_alert_kind_name(x->al.kind)) == 0 &&
            strcmp(db_text(d, i, 2), x->subject) == 0)
            return x->evidence <= db_int(d, i, 3);
    return 0;
}

/* the signed-in teacher's dismissals (matched to the class's alerts by learner in dismissed()) */
static int dismissals(db_rows **out, req *r)
{
    return db_query(out, req_db(r), r->a,
                    "SELECT learner_id, kind, subject, evidence_answers FROM teach_alert_dismissals WHERE teacher_id = $1", "i",
                    r->user->id);
}

int tc_class_alerts(json_t **out, int *ndismissed, req *r, const tc_class *k, int64_t only, int with_dismissed)
{
    tc_alert *x;
    int n;
    db_rows *d;
    int rc = collect_alerts(&x, &n, r, k, only);
    if (rc == 0) rc = dismissals(&d, r);
    if (rc) return rc;
    const content_bank *b = learn_bank();
    *out = json_array();
    *ndismissed = 0;
    for (int i = 0; i < n; i++) {
        int gone = dismissed(&x[i], d);
        *ndismissed += gone;
        if (gone && !with_dismissed) continue;
        json_t *o = alert_json(r, k, &x[i].al, b, x[i].title);
        json_object_set_new(o, "dismissed", json_boolean(gone));
        json_array_append_new(*out, o);
    }
    return 0;
}

int teach_alerts_get(req *r)
{
    tc_class k;
    int rc = tc_open(&k, r);
    if (rc) return rc;
    const char *show = req_query(r, "dismissed");
    if (show && strcmp(show, "0") != 0 && strcmp(show, "1") != 0)
        return http_fail(r, E_INVALID, "dismissed", "dismissed: 0 or 1");
    json_t *alerts;
    int ndismissed;
    if ((rc = tc_class_alerts(&alerts, &ndismissed, r, &k, 0, show && strcmp(show, "1") == 0))) return rc;
    json_t *rules = json_pack("{s:i, s:i, s:f, s:i, s:f, s:i, s:f}", "wrong_streak", RULES.wrong_streak,
                              "stuck_attempts", RULES.stuck_attempts, "stuck_p", RULES.stuck_p, "falling_min",
                              RULES.falling_min, "falling_drop", RULES.falling_drop, "inactive_days", RULES.inactive_days,
                              "classmates_share", RULES.classmates_share);
    return http_json(r, 200, json_pack("{s:o, s:o, s:i}", "rules", rules, "alerts", alerts, "dismissed", ndismissed));
}

/* ---- POST /api/classes/{id}/alerts/dismiss and …/restore ---- */

/* the alert a body names: {"learner_id", "kind", "skill_id"? (stuck), "assignment_id"? (overdue)} */
static int named_alert(tc_alert *out, req *r, const tc_class *k)
{
    json_t *body;
    json_int_t learner = 0, assignment = 0;
    const char *kind, *skill = NULL;
    int rc = req_json(&body, r);
    if (rc == 0)
        rc = req_fields(r, body, "{s:I, s:s, s?s, s?I}", "learner_id", &learner, "kind", &kind, "skill_id", &skill,
                        "assignment_id", &assignment);
    if (rc) return rc;
    if (learner <= 0 || tc_learner_at(k, learner) < 0)
        return http_fail(r, E_INVALID, "learner_id", "learner_id: not a learner of this class");
    int kk = -1;
    for (int i = 0; i < TEACH_ALERT_KINDS; i++)
        if (strcmp(kind, teach_alert_kind_name((teach_alert_kind)i)) == 0) kk = i;
    if (kk < 0)
        return http_fail(r, E_INVALID, "kind", "kind: wrong_streak, stuck, falling, inactive, never_practised or overdue");
    if (kk == TEACH_ALERT_STUCK && !skill) return http_fail(r, E_INVALID, "skill_id", "skill_id: the skill of a stuck alert");
    if (kk == TEACH_ALERT_OVERDUE && assignment <= 0)
        return http_fail(r, E_INVALID, "assignment_id", "assignment_id: the assignment of an overdue alert");
    const char *subject = kk == TEACH_ALERT_STUCK ? skill
                          : kk == TEACH_ALERT_OVERDUE ? arena_printf(r->a, "%lld", (long long)assignment) : "";
    tc_alert *x;
    int n;
    if ((rc = collect_alerts(&x, &n, r, k, learner))) return rc;
    for (int i = 0; i < n; i++)
        if ((int)x[i].al.kind == kk && strcmp(x[i].subject, subject) == 0) {
            *out = x[i];
            return 0;
        }
    /* not raised now: nothing to dismiss, but a dismissal may still be restored */
    *out = (tc_alert){.al = {.learner_id = learner, .kind = (teach_alert_kind)kk}, .subject = subject, .evidence = -1};
    return 0;
}

int teach_alert_dismiss(req *r)
{
    tc_class k;
    tc_alert x;
    int rc = tc_open(&k, r);
    if (rc == 0) rc = named_alert(&x, r, &k);
    if (rc) return rc;
    if (x.evidence < 0) return http_fail(r, E_NOTFOUND, "kind", "this learner has no such alert now");
    int64_t now = db_now();
    int n = db_exec(req_db(r),
                    "INSERT INTO teach_alert_dismissals (teacher_id, learner_id, kind, subject, evidence_answers, dismissed_at) "
                    "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (teacher_id, learner_id, kind, subject) DO UPDATE SET "
                    "evidence_answers = excluded.evidence_answers, dismissed_at = excluded.dismissed_at",
                    "iissii", r->user->id, x.al.learner_id, teach_alert_kind_name(x.al.kind), x.subject, x.evidence, now);
    if (n < 0) return n;
    return http_json(r, 201, json_pack("{s:I, s:s, s:s, s:I, s:I}", "learner_id", (json_int_t)x.al.learner_id, "kind",
                                       teach_alert_kind_name(x.al.kind), "subject", x.subject, "evidence_answers",
                                       (json_int_t)x.evidence, "dismissed_at", (json_int_t)now));
}

int teach_alert_restore(req *r)
{
    tc_class k;
    tc_alert x;
    int rc = tc_open(&k, r);
    if (rc == 0) rc = named_alert(&x, r, &k);
    if (rc) return rc;
    int n = db_exec(req_db(r),
                    "DELETE FROM teach_alert_dismissals WHERE teacher_id = $1 AND learner_id = $2 AND kind = $3 AND "
                    "subject = $4",
                    "iiss", r->user->id, x.al.learner_id, teach_alert_kind_name(x.al.kind), x.subject);
    if (n < 0) return n;
    if (n == 0) return http_fail(r, E_NOTFOUND, "kind", "this alert was not dismissed");
    return http_status(r, 204);
}
