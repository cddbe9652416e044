/*
 * eval_irt.c — `madrasa eval irt --responses F --model 1pl|2pl|3pl|rasch [--method em|girth]`.
 *
 * F is a 0/1 CSV without header, one row per item and one column per person (the layout of
 * ../shared/data/irt). The command calibrates the items (irt_fit) and prints one JSON line
 * with the estimates. When a file with the same basename and the extension .json lies next
 * to F (the girth reference files), it also prints, per parameter, the largest absolute
 * difference from girth's estimates, the tolerance that file states, and whether every
 * difference is within it. Tolerances are read from the file's "tol" text: "N places" means
 * numpy's assert_almost_equal(decimal=N), i.e. |d| < 1.5 10^-N; a bare number is an absolute
 * bound; "a ..." / "b ..." parts bind to one parameter.
 *
 * Rasch uses the discrimination the reference file names ("fixed a=1.12"), else 1.
 */
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/arena.h"
#include "base/args.h"
#include "base/buf.h"
#include "base/err.h"
#include "engine/irt.h"
#include "eval/eval.h"

enum { MAX_ITEMS = 100000, MAX_CELLS = 50 * 1000 * 1000 };

typedef struct matrix {
    irt_resp *r;
    size_t n, cap;
    int n_items, n_persons;
} matrix;

/* The matrix has hundreds of columns, past csv.h's field cap, and no quoting: it is read
 * whole and split on newlines and commas. */
static int load_matrix(matrix *m, const char *path)
{
    char *text;
    size_t len;
    if (read_file_all(&text, &len, path, (size_t)MAX_CELLS * 2) != 0) {
        fprintf(stderr, "madrasa eval irt: cannot read %s (missing or too large)\n", path);
        return 1;
    }
    int rc = 1;
    long line = 0;
    for (char *p = text, *end = text + len; p < end;) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *stop = nl ? nl : end;
        line++;
        if (stop > p && stop[-1] == '\r') stop--;
        if (stop == p) {
            p = nl ? nl + 1 : end;
            continue;
        }
        int col = 0;
        for (char *f = p; f <= stop; col++) {
            char *comma = memchr(f, ',', (size_t)(stop - f));
            char *fe = comma ? comma : stop;
            size_t fl = (size_t)(fe - f);
            if (fl > 1 || (fl == 1 && *f != '0' && *f != '1')) {
                fprintf(stderr, "%s:%ld: column %d is \"%.*s\", expected 0, 1 or empty\n", path,
                        line, col + 1, (int)(fl > 20 ? 20 : fl), f);
                goto done;
            }
            if (fl == 1) {
                if (m->n == m->cap) {
                    m->cap = m->cap ? 2 * m->cap : 4096;
                    m->r = xrealloc(m->r, m->cap * sizeof *m->r);
                }
                m->r[m->n++] = (irt_resp){m->n_items, col, (unsigned char)(*f == '1')};
            }
            f = fe + 1;
        }
        if (m->n_items == 0) m->n_persons = col;
        if (col != m->n_persons) {
            fprintf(stderr, "%s:%ld: %d columns, the first row had %d\n", path, line, col,
                    m->n_persons);
            goto done;
        }
        if (++m->n_items > MAX_ITEMS) {
            fprintf(stderr, "%s:%ld: more than %d items\n", path, line, MAX_ITEMS);
            goto done;
        }
        p = nl ? nl + 1 : end;
    }
    if (m->n_items == 0) {
        fprintf(stderr, "%s: no rows\n", path);
        goto done;
    }
    rc = 0;
done:
    free(text);
    return rc;
}

/* Tolerance for parameter `which` ('a', 'b', 'c') from the reference's "tol" text. */
static double parse_tol(const char *text, char which)
{
    double any = NAN, mine = NAN;
    char part[128];
    const char *s = text;
    while (*s) {
        size_t len = strcspn(s, ";,");
        if (len >= sizeof part) len = sizeof part - 1;
        memcpy(part, s, len);
        part[len] = 0;
        s += len + (s[len] != 0);
        char *p = part;
        while (isspace((unsigned char)*p)) p++;
        char owner = 0;
        if ((p[0] == 'a' || p[0] == 'b' || p[0] == 'c') && !isalpha((unsigned char)p[1])) owner = p[0], p++;
        double v = NAN;
        for (char *q = p; *q; q++)
            if (isdigit((unsigned char)*q)) {
                char *end;
                double x = strtod(q, &end);
                while (isspace((unsigned char)*end)) end++;
                v = strncmp(end, "places", 6) == 0 ? 1.5 * pow(10, -x) : x;
                break;
            }
        if (isnan(v)) continue;
        if (owner == which) mine = v;
        else if (!owner) any = v;
    }
    return isnan(mine) ? any : mine;
}

/* Largest |est - ref| where ref is a number or an array of n numbers; NAN when absent. */
static double max_diff(const double *est, int n, json_t *ref)
{
    if (!ref) return NAN;
    double d = 0;
    for (int i = 0; i < n; i++) {
        json_t *v = json_is_array(ref) ? json_array_get(ref, (size_t)i) : ref;
        if (!json_is_number(v)) return NAN;
        d = fmax(d, fabs(est[i] - json_number_value(v)));
    }
    return d;
}

static void print_array(const char *name, const double *x, int n)
{
    printf(",\"%s\":[", name);
    for (int i = 0; i < n; i++) printf("%s%.6f", i ? "," : "", x[i]);
    printf("]");
}

static json_t *load_reference(const char *csv_path)
{
    size_t len = strlen(csv_path);
    if (len < 4 || strcmp(csv_path + len - 4, ".csv") != 0) return NULL;
    char *path = xmalloc(len + 2);
    memcpy(path, csv_path, len - 4);
    memcpy(path + len - 4, ".json", 6);
    json_error_t err;
    json_t *j = json_load_file(path, JSON_REJECT_DUPLICATES, &err);
    if (!j && errno != ENOENT && err.line > 0)
        fprintf(stderr, "%s:%d: %s (ignored)\n", path, err.line, err.text);
    free(path);
    return j;
}

static const struct {
    const char *name;
    irt_model model;
} models[] = {{"rasch", IRT_RASCH}, {"1pl", IRT_1PL}, {"2pl", IRT_2PL}, {"3pl", IRT_3PL}};

static const struct {
    const char *name;
    irt_method method;
} methods[] = {{"em", IRT_EM}, {"girth", IRT_SEPARABLE}};

static void print_girth(json_t *ref, const irt_opts *o, const double *a, const double *b,
                        const double *c, int n)
{
    json_t *out = json_object_get(ref, "girth_output");
    const char *tol = json_string_value(json_object_get(ref, "tol"));
    json_t *ra = NULL, *rb = out, *rc = NULL;
    if (json_is_object(out)) {
        ra = json_object_get(out, "a");
        rb = json_object_get(out, "b");
        rc = json_object_get(out, "c");
    }
    double da = o->model == IRT_RASCH ? NAN : max_diff(a, n, ra);
    double db = max_diff(b, n, rb), dc = max_diff(c, n, rc);
    double ta = tol ? parse_tol(tol, 'a') : NAN, tb = tol ? parse_tol(tol, 'b') : NAN;
    double tc = tol ? parse_tol(tol, 'c') : NAN;
    int within = !isnan(db) && db <= tb && (isnan(da) || da <= ta) && (isnan(dc) || dc <= tc);
    printf(",\"girth\":{\"tol\":\"%s\"", tol ? tol : "");
    const double d[3] = {da, db, dc}, t[3] = {ta, tb, tc};
    const char *nm[3] = {"a", "b", "c"};
    for (int k = 0; k < 3; k++)
        if (!isnan(d[k])) printf(",\"max_abs_diff_%s\":%.6g,\"tol_%s\":%.3g", nm[k], d[k], nm[k], t[k]);
    printf(",\"within_tol\":%s}", within ? "true" : "false");
}

int eval_irt_cmd(int argc, char **argv)
{
    static const char *const allowed[] = {"--responses=", "--model=", "--method=", NULL};
    if (args_check(argc, argv, allowed) != 0) return 2;
    const char *path = args_value(argc, argv, "--responses");
    const char *model = args_value(argc, argv, "--model");
    const char *method = args_value(argc, argv, "--method");
    irt_opts o = IRT_OPTS_INIT;
    int mi = -1, me = method ? -1 : 0;
    for (size_t k = 0; model && k < sizeof models / sizeof models[0]; k++)
        if (strcmp(model, models[k].name) == 0) mi = (int)k;
    for (size_t k = 0; method && k < sizeof methods / sizeof methods[0]; k++)
        if (strcmp(method, methods[k].name) == 0) me = (int)k;
    if (!path || mi < 0 || me < 0) {
        fprintf(stderr, "usage: madrasa eval irt --responses F --model rasch|1pl|2pl|3pl "
                        "[--method em|girth]\n");
        return 2;
    }
    o.model = models[mi].model;
    o.method = methods[me].method;
    if (o.method == IRT_SEPARABLE) { /* girth's own stopping rule: 25 cycles, |delta a| < 1e-3 */
        o.max_iter = 25;
        o.tol = 1e-3;
    }
    matrix m = {0};
    if (load_matrix(&m, path) != 0) {
        free(m.r);
        return 1;
    }
    json_t *ref = load_reference(path);
    const char *name = ref ? json_string_value(json_object_get(ref, "model")) : NULL;
    const char *fixed = name ? strstr(name, "a=") : NULL;
    if (fixed) o.fixed_a = strtod(fixed + 2, NULL);
    int n = m.n_items, it = 0;
    double *a = xmalloc(3 * (size_t)n * sizeof *a), *b = a + n, *c = b + n;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int err = irt_fit(a, b, c, &it, &o, m.r, m.n, n, m.n_persons);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    int rc = 1;
    if (err != 0) {
        fprintf(stderr, "madrasa eval irt: %s: calibration failed (%s)\n", path, err_name(err));
        goto done;
    }
    printf("{\"model\":\"%s\",\"method\":\"%s\",\"n_items\":%d,\"n_persons\":%d,\"iterations\":%d,"
           "\"fit_seconds\":%.3f",
           models[mi].name, methods[me].name, n, m.n_persons, it,
           (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) * 1e-9);
    print_array("discrimination", a, n);
    print_array("difficulty", b, n);
    print_array("guessing", c, n);
    if (ref) print_girth(ref, &o, a, b, c, n);
    printf("}\n");
    rc = 0;
done:
    json_decref(ref);
    free(a);
    free(m.r);
    return rc;
}
