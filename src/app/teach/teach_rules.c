/*
 * teach_rules.c — the rules a teacher is shown: the heatmap's five steps and the alerts.
 *
 * Pure: no database, no clock (the caller passes `now`), memory from the caller's arena. The
 * HTTP handlers gather the facts from learn and call these; the unit test calls them with
 * small hand-made facts; docs/teaching.md states the same rules in words, with the reasons.
 *
 * Alerts, for each learner of the class:
 *   wrong_streak  the last `wrong_streak` answers or more were all wrong (high);
 *   stuck         `stuck_attempts`+ answers on a skill, not mastered, P(known) < stuck_p (high;
 *                 the three weakest such skills at most);
 *   falling       over their last answers (at least falling_min), the success rate is
 *                 falling_drop or more below their rate before those answers (which needs as
 *                 many earlier answers), so a learner who was doing well is caught early;
 *   inactive      no answer for inactive_days+ while at least classmates_share of the others
 *                 answered in that time (a holiday or a dead connection silences everybody and
 *                 raises nothing); never_practised likewise for a learner with no answer at all.
 */
#include "app/teach/teach.h"

#include <string.h>

#include "app/learn/learn.h"
#include "base/err.h"

int teach_heat_step(double p_known, int attempts, int mastered)
{
    if (attempts <= 0) return 0;
    if (mastered || p_known >= LEARN_MASTERY) return 4;
    if (p_known < 0.40) return 1;
    if (p_known < 0.70) return 2;
    return 3;
}

static const char *const KIND_NAMES[TEACH_ALERT_KINDS] = {
    [TEACH_ALERT_WRONG_STREAK] = "wrong_streak", [TEACH_ALERT_STUCK] = "stuck",
    [TEACH_ALERT_FALLING] = "falling",           [TEACH_ALERT_INACTIVE] = "inactive",
    [TEACH_ALERT_NEVER] = "never_practised",     [TEACH_ALERT_OVERDUE] = "overdue",
};

const char *teach_alert_kind_name(teach_alert_kind k)
{
    return (unsigned)k < TEACH_ALERT_KINDS ? KIND_NAMES[k] : "unknown";
}

static int pct(int num, int den) { return den > 0 ? (int)(100.0 * num / den + 0.5) : 0; }

enum { MAX_STUCK = 3 };

/* the learner's stuck skills, weakest first (at most MAX_STUCK) */
static int stuck_skills(const teach_skill_facts **pick, const teach_alert_rules *rules, int64_t learner,
                        const teach_skill_facts *skills, int nskills)
{
    int k = 0;
    for (int i = 0; i < nskills; i++) {
        const teach_skill_facts *s = &skills[i];
        if (s->learner_id != learner || s->mastered || s->attempts < rules->stuck_attempts || s->p_known >= rules->stuck_p)
            continue;
        if (k == MAX_STUCK && s->p_known >= pick[k - 1]->p_known) continue;
        int j = k < MAX_STUCK ? k++ : MAX_STUCK - 1; /* full: replaces the least weak kept */
        while (j > 0 && pick[j - 1]->p_known > s->p_known) {
            pick[j] = pick[j - 1];
            j--;
        }
        pick[j] = s;
    }
    return k;
}

int teach_alerts_eval(teach_alert **out, int *nout, arena *a, const teach_alert_rules *rules,
                      const teach_learner_facts *learners, int n, const teach_skill_facts *skills, int nskills,
                      int64_t now)
{
    /* at most: streak + stuck×3 + falling + inactive per learner */
    teach_alert *al = arena_alloc_array(a, (size_t)n * (3 + MAX_STUCK) + 1, sizeof *al);
    int k = 0, active = 0;
    for (int i = 0; i < n; i++) active += learners[i].active_recently != 0;
    for (int i = 0; i < n; i++) {
        const teach_learner_facts *l = &learners[i];
        teach_alert base = {.learner_id = l->learner_id};
        if (l->wrong_streak >= rules->wrong_streak) {
            al[k] = base;
            al[k].kind = TEACH_ALERT_WRONG_STREAK;
            al[k].high = 1;
            al[k++].n = l->wrong_streak;
        }
        const teach_skill_facts *pick[MAX_STUCK];
        int ns = stuck_skills(pick, rules, l->learner_id, skills, nskills);
        for (int j = 0; j < ns; j++) {
            al[k] = base;
            al[k].kind = TEACH_ALERT_STUCK;
            al[k].high = 1;
            al[k].skill_id = pick[j]->skill_id;
            al[k].n = pick[j]->attempts;
            al[k++].pct = (int)(100.0 * pick[j]->p_known + 0.5);
        }
        int before_n = l->answers - l->recent_answers, before_c = l->correct - l->recent_correct;
        if (l->recent_answers >= rules->falling_min && before_n >= l->recent_answers) {
            double recent = (double)l->recent_correct / l->recent_answers, before = (double)before_c / before_n;
            if (before - recent >= rules->falling_drop) {
                al[k] = base;
                al[k].kind = TEACH_ALERT_FALLING;
                al[k].n = l->recent_correct;
                al[k].of = l->recent_answers;
                al[k].pct = pct(l->recent_correct, l->recent_answers);
                al[k++].before_pct = pct(before_c, before_n);
            }
        }
        int others = n - 1, others_active = active - (l->active_recently != 0);
        if (!l->active_recently && others > 0 && others_active >= rules->classmates_share * others && others_active > 0) {
            al[k] = base;
            al[k].kind = l->last_at ? TEACH_ALERT_INACTIVE : TEACH_ALERT_NEVER;
            al[k].n = others_active;
            al[k].of = others;
            al[k++].days = l->last_at ? (int)((now - l->last_at) / 86400) : 0;
        }
    }
    *out = al;
    *nout = k;
    return 0;
}

const char *teach_alert_reason(arena *a, const teach_alert *al, const char *skill_title)
{
    const char *skill = skill_title ? skill_title : al->skill_id ? al->skill_id : "";
    switch (al->kind) {
    case TEACH_ALERT_WRONG_STREAK: return arena_printf(a, "%d wrong answers in a row", al->n);
    case TEACH_ALERT_STUCK:
        return arena_printf(a, "%d answers on \"%s\" and still only %d%% likely to know it", al->n, skill, al->pct);
    case TEACH_ALERT_FALLING:
        return arena_printf(a, "right on %d of the last %d answers (%d%%), against %d%% before", al->n, al->of, al->pct,
                            al->before_pct);
    case TEACH_ALERT_INACTIVE:
        return arena_printf(a, "no practice for %d days, while %d of %d classmates practised", al->days, al->n, al->of);
    case TEACH_ALERT_NEVER:
        return arena_printf(a, "has never practised, while %d of %d classmates did", al->n, al->of);
    case TEACH_ALERT_OVERDUE:
        return arena_printf(a, "the assignment \"%s\" was due %d days ago and is not done", skill, al->days);
    default: return "";
    }
}
