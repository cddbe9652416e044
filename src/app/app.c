/*
 * app.c — the modules' route tables and the demo data (see app.h).
 */
#include "app/app.h"

#include <stdio.h>
#include <string.h>

#include "app/accounts/accounts.h"
#include "app/bot/bot.h"
#include "app/events/cert.h"
#include "app/events/events.h"
#include "app/content/content_store.h"
#include "app/learn/learn.h"
#include "app/majlis/majlis.h"
#include "app/observatory/observatory.h"
#include "app/library/library.h"
#include "app/pd/pd.h"
#include "app/schools/schools.h"
#include "app/teach/teach.h"
#include "app/system/system.h"
#include "base/err.h"
#include "base/log.h"

const route_table *const app_routes[] = {
    &system_routes,
    &accounts_routes,
    &schools_routes,
    &teach_routes,
    &content_routes,
    &learn_routes,
    &majlis_routes,
    &library_routes,
    &oai_routes,
    &events_routes,
    &cert_routes,
    &bot_routes,
    &pd_routes,
    &observatory_routes,
};

const size_t app_nroutes = sizeof app_routes / sizeof app_routes[0];

static const struct demo_user {
    const char *login, *role, *name, *name_ar, *name_latin, *lang;
    int in_class; /* 1: enrolled learner, 2: the class's teacher, 3: school staff */
} demo_users[] = {
    {"admin", "admin", "Admin Madrasa", "مدير المنصة", "Admin Madrasa", "fr", 0},
    {"director", "school_admin", "Khadija Bennani", "خديجة بناني", "Khadija Bennani", "fr", 3},
    {"teacher", "teacher", "Rachid El Idrissi", "رشيد الإدريسي", "Rachid El Idrissi", "ar", 2},
    {"amina", "learner", "Amina Alaoui", "أمينة العلوي", "Amina Alaoui", "ar", 1},
    {"youssef", "learner", "Youssef Tazi", "يوسف التازي", "Youssef Tazi", "fr", 1},
    {"salma", "learner", "Salma Ait Ouali", "سلمى آيت والي", "Salma Ait Ouali", "ar", 1},
    {"omar", "learner", "Omar Berrada", "عمر برادة", "Omar Berrada", "fr", 1},
    {"secretariat", "council_secretariat", "Nadia Fassi", "نادية الفاسي", "Nadia Fassi", "fr", 0},
    {"member", "council_member", "Hassan Amrani", "حسن العمراني", "Hassan Amrani", "ar", 0},
};

static int demo_user(db_conn *c, const struct demo_user *d, int64_t school_id, int64_t class_id, int seq)
{
    int64_t id;
    int rc = accounts_find_login(&id, c, d->login);
    if (rc == E_NOTFOUND) {
        char code[32];
        snprintf(code, sizeof code, "D13%07d", 4200 + seq);
        user_new u = {.login = d->login, .role = d->role, .name = d->name, .name_ar = d->name_ar,
                      .name_latin = d->name_latin, .lang = d->lang, .password = APP_DEMO_PASSWORD,
                      .student_code = d->in_class == 1 ? code : NULL, .school_id = d->in_class ? school_id : 0};
        rc = accounts_create(&id, c, &u);
    }
    if (rc) return rc;
    if (d->in_class == 1) return schools_enrol(c, class_id, id);
    if (d->in_class == 2)
        return db_exec(c, "UPDATE classes SET teacher_id = $1 WHERE id = $2", "ii", id, class_id) < 0 ? E_FAIL : 0;
    return 0;
}

int app_demo(db *d)
{
    db_conn *c = db_acquire(d);
    int64_t school, klass;
    int rc = schools_demo(&school, &klass, c);
    for (size_t i = 0; rc == 0 && i < sizeof demo_users / sizeof demo_users[0]; i++)
        rc = demo_user(c, &demo_users[i], school, klass, (int)i);
    if (rc == 0) rc = majlis_demo(c);
    if (rc == 0) rc = library_demo(c);
    if (rc == 0) rc = events_demo(c);
    if (rc == 0) rc = pd_demo(c);
    if (rc == 0) rc = learn_demo(c);
    if (rc == 0) rc = teach_demo(c);
    if (rc == 0) rc = bot_demo(c);
    if (rc == 0) rc = observatory_demo(c);
    db_release(c);
    if (rc) log_error("demo: could not load the demo data (%s)", err_name(rc));
    return rc;
}
