/*
 * schools.h — the organisation: regions → provinces → schools → classes → enrolments.
 *
 * Owns those tables (migration 0001). Other modules ask here whether a user may see a class
 * (schools_class_access) instead of reading the tables, so the rule lives in one place:
 * a teacher sees the classes they teach, a school admin the classes of their school, an admin
 * every class, a learner none (they see only their own records, through other modules).
 */
#ifndef APP_SCHOOLS_H
#define APP_SCHOOLS_H

#include <stdint.h>

#include "db/db.h"
#include "http/http.h"

extern const route_table schools_routes;

/* schools_class_access: 0 when `u` may see class `class_id`; E_NOTFOUND if it does not exist,
 * E_FORBIDDEN otherwise. */
int schools_class_access(db_conn *c, arena *a, const http_user *u, int64_t class_id);
/* One enrolled learner, as the class lists show them. */
typedef struct school_learner {
    int64_t id;
    const char *login, *name, *name_ar, *name_latin, *student_code;
} school_learner;

/* schools_class_learners: the learners enrolled in a class, by name (arena array). The caller
 * has checked access (schools_class_access). */
int schools_class_learners(school_learner **out, int *n, db_conn *c, arena *a, int64_t class_id);

/* schools_learner_classes: the ids of the classes a learner is enrolled in (arena array). */
int schools_learner_classes(int64_t **ids, int *n, db_conn *c, arena *a, int64_t learner_id);

/* The organisation's tree as the observatory reads it: every region, province and school
 * (kind 'R', 'P', 'S'; parent_id is the region of a province, the province of a school, 0 for a
 * region), ordered region, province, school by code; and, per school, its enrolled learners
 * (role learner, through any class of the school; a learner enrolled in two schools appears
 * under both). Codes are those the roster import and the official statistics use. No names of
 * people: only ids. */
typedef struct schools_place {
    char kind; /* 'R' region, 'P' province, 'S' school */
    int64_t id, parent_id;
    const char *code, *name_ar, *name_fr;
} schools_place;

typedef struct schools_member {
    int64_t school_id, learner_id;
} schools_member;

/* schools_tree: the places (arena array, *nplaces) and the (school, learner) pairs (arena array,
 * *nmembers, ordered by school then learner, no repeats). */
int schools_tree(schools_place **places, int *nplaces, schools_member **members, int *nmembers, db_conn *c,
                 arena *a);

/* schools_roster_import reads a roster CSV (see docs/api.md) and creates the users, classes
 * and enrolments in one transaction. On a bad line nothing is imported and *line / *msg say why.
 * Generated passwords (for rows without one) are returned in *passwords (a JSON array). */
int schools_roster_import(int *created, int *enrolled, json_t **passwords, long *line, const char **msg,
                          db_conn *c, arena *a, const char *csv, size_t len, int64_t only_school);

/* schools_demo creates the demo region, province, school and class (idempotent); returns the
 * school and class ids. */
int schools_demo(int64_t *school_id, int64_t *class_id, db_conn *c);
/* schools_enrol adds a learner to a class (idempotent). */
int schools_enrol(db_conn *c, int64_t class_id, int64_t learner_id);

#endif
