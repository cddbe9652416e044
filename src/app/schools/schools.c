/*
 * schools.c — the organisation's routes and the roster import (see schools.h).
 *
 * Roster CSV, first line a header naming these columns in any order (extra columns are an
 * error, so a misspelt header is caught): school_code, class, grade, school_year, section,
 * role (learner|teacher), login, name, name_ar, name_latin, student_code, password.
 * Required: school_code, class, grade, school_year, login, name. A class that does not exist in
 * the school and year is created; a teacher row makes that user the class's teacher; a learner
 * row enrols them. An empty password gets a generated one, returned once in the answer.
 */
#include "app/schools/schools.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "app/accounts/accounts.h"
#include "base/csv.h"
#include "base/err.h"

int schools_class_access(db_conn *c, arena *a, const http_user *u, int64_t class_id)
{
    db_rows *r;
    int rc = db_query(&r, c, a, "SELECT teacher_id, school_id FROM classes WHERE id = $1", "i", class_id);
    if (rc) return rc;
    if (r->nrows == 0) return E_NOTFOUND;
    if (u->role == ROLE_ADMIN) return 0;
    if (u->role == ROLE_TEACHER && db_int(r, 0, 0) == u->id) return 0;
    if (u->role == ROLE_SCHOOL_ADMIN && db_int(r, 0, 1) == u->school_id) return 0;
    return E_FORBIDDEN;
}

int schools_learner_classes(int64_t **ids, int *n, db_conn *c, arena *a, int64_t learner_id)
{
    db_rows *r;
    int rc = db_query(&r, c, a, "SELECT class_id FROM enrolments WHERE learner_id = $1 ORDER BY class_id", "i", learner_id);
    if (rc) return rc;
    *ids = arena_alloc_array(a, (size_t)r->nrows + 1, sizeof **ids);
    for (int i = 0; i < r->nrows; i++) (*ids)[i] = db_int(r, i, 0);
    *n = r->nrows;
    return 0;
}

int schools_class_learners(school_learner **out, int *n, db_conn *c, arena *a, int64_t class_id)
{
    db_rows *r;
    int rc = db_query(&r, c, a,
                      "SELECT u.id, u.login, u.name, u.name_ar, u.name_latin, u.student_code FROM enrolments e "
                      "JOIN users u ON u.id = e.learner_id WHERE e.class_id = $1 AND u.role = 'learner' "
                      "ORDER BY u.name, u.id",
                      "i", class_id);
    if (rc) return rc;
    school_learner *v = arena_alloc_array(a, (size_t)r->nrows + 1, sizeof *v);
    for (int i = 0; i < r->nrows; i++)
        v[i] = (school_learner){db_int(r, i, 0), db_text(r, i, 1), db_text(r, i, 2),
                                db_text(r, i, 3), db_text(r, i, 4), db_text(r, i, 5)};
    *out = v;
    *n = r->nrows;
    return 0;
}

int schools_enrol(db_conn *c, int64_t class_id, int64_t learner_id)
{
    int n = db_exec(c, "INSERT INTO enrolments (class_id, learner_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", "ii",
                    class_id, learner_id);
    return n < 0 ? n : 0;
}

int schools_tree(schools_place **places, int *nplaces, schools_member **members, int *nmembers, db_conn *c,
                 arena *a)
{
    db_rows *r, *m;
    int rc = db_query(&r, c, a,
                      "SELECT 'R', id, 0, code, name_ar, name_fr, code, '', '' FROM regions UNION ALL "
                      "SELECT 'P', p.id, p.region_id, p.code, p.name_ar, p.name_fr, g.code, p.code, '' FROM provinces p "
                      "JOIN regions g ON g.id = p.region_id UNION ALL "
                      "SELECT 'S', s.id, s.province_id, s.code, s.name_ar, s.name_fr, g.code, p.code, s.code FROM schools s "
                      "JOIN provinces p ON p.id = s.province_id JOIN regions g ON g.id = p.region_id "
                      "ORDER BY 7, 8, 9",
                      "");
    if (rc) return rc;
    if ((rc = db_query(&m, c, a,
                       "SELECT DISTINCT k.school_id, e.learner_id FROM enrolments e JOIN classes k ON k.id = e.class_id "
                       "JOIN users u ON u.id = e.learner_id WHERE u.role = 'learner' ORDER BY 1, 2",
                       "")))
        return rc;
    schools_place *p = arena_alloc_array(a, (size_t)r->nrows + 1, sizeof *p);
    for (int i = 0; i < r->nrows; i++)
        p[i] = (schools_place){db_text(r, i, 0)[0], db_int(r, i, 1), db_int(r, i, 2), db_text(r, i, 3),
                               db_text(r, i, 4), db_text(r, i, 5)};
    schools_member *v = arena_alloc_array(a, (size_t)m->nrows + 1, sizeof *v);
    for (int i = 0; i < m->nrows; i++) v[i] = (schools_member){db_int(m, i, 0), db_int(m, i, 1)};
    *places = p;
    *nplaces = r->nrows;
    *members = v;
    *nmembers = m->nrows;
    return 0;
}

/* ---- routes ---- */

static int list_schools(req *r)
{
    db_rows *rows;
    int all = r->user->role == ROLE_ADMIN;
    int rc = db_query(&rows, req_db(r), r->a,
                      "SELECT s.id, s.code, s.name_ar, s.name_fr, p.id, p.name_ar, p.name_fr, g.id, g.name_ar, g.name_fr "
                      "FROM schools s JOIN provinces p ON p.id = s.province_id JOIN regions g ON g.id = p.region_id "
                      "WHERE $1 = 1 OR s.id = $2 OR s.id IN (SELECT school_id FROM classes WHERE teacher_id = $3) "
                      "ORDER BY g.code, p.code, s.code",
                      "iii", (int64_t)all, r->user->school_id, r->user->id);
    if (rc) return rc;
    json_t *arr = json_array();
    for (int i = 0; i < rows->nrows; i++)
        json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s, s:{s:I, s:s, s:s}, s:{s:I, s:s, s:s}}", "id",
                                             (json_int_t)db_int(rows, i, 0), "code", db_text(rows, i, 1), "name_ar",
                                             db_text(rows, i, 2), "name_fr", db_text(rows, i, 3), "province", "id",
                                             (json_int_t)db_int(rows, i, 4), "name_ar", db_text(rows, i, 5), "name_fr",
                                             db_text(rows, i, 6), "region", "id", (json_int_t)db_int(rows, i, 7),
                                             "name_ar", db_text(rows, i, 8), "name_fr", db_text(rows, i, 9)));
    return http_json(r, 200, json_pack("{s:o}", "schools", arr));
}

static int list_classes(req *r)
{
    db_rows *rows;
    const http_user *u = r->user;
    int rc = db_query(&rows, req_db(r), r->a,
                      "SELECT c.id, c.name, c.grade, c.section, c.school_year, s.id, s.name_ar, s.name_fr, "
                      "(SELECT count(*) FROM enrolments e WHERE e.class_id = c.id), t.name "
                      "FROM classes c JOIN schools s ON s.id = c.school_id LEFT JOIN users t ON t.id = c.teacher_id "
                      "WHERE $1 = 1 OR c.teacher_id = $2 OR ($3 = 1 AND c.school_id = $4) ORDER BY c.school_year DESC, c.name",
                      "iiii", (int64_t)(u->role == ROLE_ADMIN), u->id, (int64_t)(u->role == ROLE_SCHOOL_ADMIN),
                      u->school_id);
    if (rc) return rc;
    json_t *arr = json_array();
    for (int i = 0; i < rows->nrows; i++)
        json_array_append_new(arr, json_pack("{s:I, s:s, s:I, s:s, s:s, s:{s:I, s:s, s:s}, s:I, s:s?}", "id",
                                             (json_int_t)db_int(rows, i, 0), "name", db_text(rows, i, 1), "grade",
                                             (json_int_t)db_int(rows, i, 2), "section", db_text(rows, i, 3),
                                             "school_year", db_text(rows, i, 4), "school", "id",
                                             (json_int_t)db_int(rows, i, 5), "name_ar", db_text(rows, i, 6), "name_fr",
                                             db_text(rows, i, 7), "learners", (json_int_t)db_int(rows, i, 8),
                                             "teacher", db_text(rows, i, 9)));
    return http_json(r, 200, json_pack("{s:o}", "classes", arr));
}

static int class_learners(req *r)
{
    int64_t id;
    int rc = req_param_id(&id, r, 0);
    if (rc == 0) rc = schools_class_access(req_db(r), r->a, r->user, id);
    if (rc == E_FORBIDDEN) return http_fail(r, rc, NULL, "this class is not yours");
    if (rc == E_NOTFOUND) return http_fail(r, rc, NULL, "no such class");
    if (rc) return rc;
    school_learner *v;
    int n;
    if ((rc = schools_class_learners(&v, &n, req_db(r), r->a, id))) return rc;
    json_t *arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s?, s:s?, s:s?}", "id", (json_int_t)v[i].id, "login",
                                             v[i].login, "name", v[i].name, "name_ar", v[i].name_ar, "name_latin",
                                             v[i].name_latin, "student_code", v[i].student_code));
    return http_json(r, 200, json_pack("{s:o}", "learners", arr));
}

/* ---- roster import ---- */

enum { COL_SCHOOL, COL_CLASS, COL_GRADE, COL_YEAR, COL_SECTION, COL_ROLE, COL_LOGIN, COL_NAME, COL_NAME_AR,
       COL_NAME_LATIN, COL_CODE, COL_PASSWORD, NCOLS };

static const struct {
    const char *name;
    int required;
} roster_cols[NCOLS] = {
    {"school_code", 1}, {"class", 1}, {"grade", 1}, {"school_year", 1}, {"section", 0}, {"role", 0},
    {"login", 1}, {"name", 1}, {"name_ar", 0}, {"name_latin", 0}, {"student_code", 0}, {"password", 0},
};

static int roster_header(int map[NCOLS], const csv_reader *cr, const char **msg, arena *a)
{
    for (int k = 0; k < NCOLS; k++) map[k] = -1;
    for (int i = 0; i < cr->nfields; i++) {
        int k = 0;
        while (k < NCOLS && strcmp(cr->field[i], roster_cols[k].name) != 0) k++;
        if (k == NCOLS) {
            *msg = arena_printf(a, "unknown column '%s'", cr->field[i]);
            return E_INVALID;
        }
        map[k] = i;
    }
    for (int k = 0; k < NCOLS; k++)
        if (roster_cols[k].required && map[k] < 0) {
            *msg = arena_printf(a, "missing column '%s'", roster_cols[k].name);
            return E_INVALID;
        }
    return 0;
}

static const char *col(const csv_reader *cr, const int map[NCOLS], int k)
{
    return map[k] >= 0 && map[k] < cr->nfields ? cr->field[map[k]] : "";
}

static int class_for_row(int64_t *class_id, db_conn *c, arena *a, const csv_reader *cr, const int map[NCOLS],
                         int64_t only_school, const char **msg)
{
    db_rows *s;
    int rc = db_query(&s, c, a, "SELECT id FROM schools WHERE code = $1", "s", col(cr, map, COL_SCHOOL));
    if (rc) return rc;
    if (s->nrows == 0 || (only_school && db_int(s, 0, 0) != only_school)) {
        *msg = arena_printf(a, "school_code: no school '%s' that you manage", col(cr, map, COL_SCHOOL));
        return E_INVALID;
    }
    char *end;
    long grade = strtol(col(cr, map, COL_GRADE), &end, 10);
    if (*end || grade < 1 || grade > 12) {
        *msg = "grade: a number from 1 to 12";
        return E_INVALID;
    }
    const char *name = col(cr, map, COL_CLASS), *year = col(cr, map, COL_YEAR);
    if (!*name || !*year) {
        *msg = "class and school_year are required";
        return E_INVALID;
    }
    db_rows *k;
    if ((rc = db_query(&k, c, a,
                       "INSERT INTO classes (school_id, name, grade, section, school_year) VALUES ($1, $2, $3, $4, $5) "
                       "ON CONFLICT (school_id, school_year, name) DO UPDATE SET grade = excluded.grade RETURNING id",
                       "isiss", db_int(s, 0, 0), name, (int64_t)grade, col(cr, map, COL_SECTION), year)))
        return rc;
    *class_id = db_int(k, 0, 0);
    return 0;
}

static int roster_row(int *created, int *enrolled, json_t *passwords, db_conn *c, arena *a, const csv_reader *cr,
                      const int map[NCOLS], int64_t only_school, const char **msg)
{
    int64_t class_id, school_id, uid;
    int rc = class_for_row(&class_id, c, a, cr, map, only_school, msg);
    if (rc) return rc;
    db_rows *s;
    if ((rc = db_query(&s, c, a, "SELECT school_id FROM classes WHERE id = $1", "i", class_id))) return rc;
    school_id = db_int(s, 0, 0);
    const char *role = *col(cr, map, COL_ROLE) ? col(cr, map, COL_ROLE) : "learner";
    if (strcmp(role, "learner") != 0 && strcmp(role, "teacher") != 0) {
        *msg = "role: learner or teacher";
        return E_INVALID;
    }
    const char *login = col(cr, map, COL_LOGIN);
    rc = accounts_find_login(&uid, c, login);
    if (rc == E_NOTFOUND) {
        char gen[17];
        const char *pw = col(cr, map, COL_PASSWORD);
        if (!*pw) {
            unsigned char raw[8];
            randombytes_buf(raw, sizeof raw);
            sodium_bin2hex(gen, sizeof gen, raw, sizeof raw);
            pw = gen;
            json_array_append_new(passwords, json_pack("{s:s, s:s}", "login", login, "password", gen));
        }
        user_new u = {.login = login, .role = role, .name = col(cr, map, COL_NAME), .name_ar = col(cr, map, COL_NAME_AR),
                      .name_latin = col(cr, map, COL_NAME_LATIN), .student_code = col(cr, map, COL_CODE),
                      .password = pw, .school_id = school_id};
        const char *field, *why;
        if (accounts_validate(&u, &field, &why)) {
            *msg = arena_printf(a, "%s: %s", field, why);
            return E_INVALID;
        }
        rc = accounts_create(&uid, c, &u);
        if (rc == E_CONFLICT) *msg = arena_printf(a, "student_code '%s' belongs to another user", u.student_code);
        if (rc) return rc;
        (*created)++;
    } else if (rc) {
        return rc;
    }
    if (strcmp(role, "teacher") == 0)
        return db_exec(c, "UPDATE classes SET teacher_id = $1 WHERE id = $2", "ii", uid, class_id) < 0 ? E_FAIL : 0;
    if ((rc = schools_enrol(c, class_id, uid))) return rc;
    (*enrolled)++;
    return 0;
}

int schools_roster_import(int *created, int *enrolled, json_t **passwords, long *line, const char **msg,
                          db_conn *c, arena *a, const char *csv, size_t len, int64_t only_school)
{
    csv_reader cr;
    csv_open_mem(&cr, csv, len);
    int map[NCOLS];
    *created = *enrolled = 0;
    *passwords = json_array();
    *line = 1;
    int rc = csv_next(&cr);
    if (rc != 1) {
        *msg = "the file is empty or not CSV";
        rc = E_INVALID;
        goto done;
    }
    if ((rc = roster_header(map, &cr, msg, a))) goto done;
    if ((rc = db_begin(c))) goto done;
    while ((rc = csv_next(&cr)) == 1) {
        *line = cr.line;
        if (cr.nfields == 1 && !*cr.field[0]) continue; /* blank line */
        if ((rc = roster_row(created, enrolled, *passwords, c, a, &cr, map, only_school, msg))) break;
    }
    if (rc < 0 && !*msg) *msg = rc == E_INVALID ? "unterminated quoted field" : "the line is not valid";
    if (rc == 0) rc = db_commit(c);
    else db_rollback(c);
done:
    csv_close(&cr);
    if (rc) {
        json_decref(*passwords);
        *passwords = NULL;
        if (rc == E_CONFLICT || rc == E_LIMIT) rc = E_INVALID;
    }
    return rc;
}

static int roster(req *r)
{
    int created, enrolled;
    json_t *pw;
    long line;
    const char *msg = NULL;
    int64_t only = r->user->role == ROLE_ADMIN ? 0 : r->user->school_id;
    if (r->user->role != ROLE_ADMIN && !only) return http_fail(r, E_FORBIDDEN, NULL, "you manage no school");
    int rc = schools_roster_import(&created, &enrolled, &pw, &line, &msg, req_db(r), r->a, r->body, r->body_len, only);
    if (rc == E_INVALID) return http_fail_line(r, rc, line, "line %ld: %s", line, msg);
    if (rc) return rc;
    return http_json(r, 200, json_pack("{s:i, s:i, s:o}", "created", created, "enrolled", enrolled, "passwords", pw));
}

int schools_demo(int64_t *school_id, int64_t *class_id, db_conn *c)
{
    arena a = ARENA_INIT;
    db_rows *r;
    int rc = db_exec(c, "INSERT INTO regions (code, name_ar, name_fr) VALUES ('RSK', 'جهة الرباط سلا القنيطرة', "
                        "'Rabat-Salé-Kénitra') ON CONFLICT DO NOTHING", "");
    if (rc >= 0)
        rc = db_exec(c, "INSERT INTO provinces (region_id, code, name_ar, name_fr) SELECT id, 'RSK-SALE', 'عمالة سلا', "
                        "'Préfecture de Salé' FROM regions WHERE code = 'RSK' ON CONFLICT DO NOTHING", "");
    if (rc >= 0)
        rc = db_exec(c, "INSERT INTO schools (province_id, code, name_ar, name_fr) SELECT id, 'SALE-001', "
                        "'مدرسة ابن خلدون الابتدائية', 'École primaire Ibn Khaldoun' FROM provinces WHERE code = 'RSK-SALE' "
                        "ON CONFLICT DO NOTHING", "");
    if (rc >= 0) rc = db_query(&r, c, &a, "SELECT id FROM schools WHERE code = 'SALE-001'", "");
    if (rc >= 0) {
        *school_id = db_int(r, 0, 0);
        rc = db_query(&r, c, &a,
                      "INSERT INTO classes (school_id, name, grade, section, school_year) VALUES ($1, 'CE2-A', 3, 'A', "
                      "'2026-2027') ON CONFLICT (school_id, school_year, name) DO UPDATE SET grade = excluded.grade "
                      "RETURNING id",
                      "i", *school_id);
    }
    if (rc >= 0) *class_id = db_int(r, 0, 0);
    arena_free(&a);
    return rc < 0 ? rc : 0;
}

static const route routes[] = {
    {"GET", "/api/schools", list_schools, ROLE_ADMIN | ROLE_SCHOOL_ADMIN | ROLE_TEACHER, 0},
    {"GET", "/api/classes", list_classes, ROLE_ADMIN | ROLE_SCHOOL_ADMIN | ROLE_TEACHER, 0},
    {"GET", "/api/classes/{id}/learners", class_learners, ROLE_ADMIN | ROLE_SCHOOL_ADMIN | ROLE_TEACHER, 0},
    {"POST", "/api/admin/roster", roster, ROLE_ADMIN | ROLE_SCHOOL_ADMIN, ROUTE_IMPORT},
};

const route_table schools_routes = ROUTE_TABLE(routes);
