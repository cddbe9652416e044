/*
 * metrics.c — AUC, RMSE, log loss, accuracy (see metrics.h).
 *
 * AUC is computed by ranking: sort the predictions, give tied predictions their mean rank,
 * then AUC = (sum of positive ranks - n1(n1+1)/2) / (n1 n0). This is exact with ties and
 * needs only one sort of (score, label) pairs.
 */
#include "engine/metrics.h"

#include <math.h>
#include <stdlib.h>

#include "base/arena.h"

typedef struct scored {
    double p;
    unsigned char y;
} scored;

static int by_score(const void *x, const void *y)
{
    double a = ((const scored *)x)->p, b = ((const scored *)y)->p;
    return (a > b) - (a < b);
}

double metrics_auc(const double *p, const unsigned char *y, size_t n)
{
    if (n == 0) return 0.5;
    scored *s = xmalloc(n * sizeof *s);
    double n1 = 0;
    for (size_t i = 0; i < n; i++) {
        s[i].p = p[i];
        s[i].y = y[i] ? 1 : 0;
        n1 += s[i].y;
    }
    double n0 = (double)n - n1;
    if (n1 == 0 || n0 == 0) {
        free(s);
        return 0.5;
    }
    qsort(s, n, sizeof *s, by_score);
    double rank_sum = 0;
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        double pos = 0;
        while (j < n && s[j].p == s[i].p) pos += s[j++].y;
        double mid_rank = ((double)i + 1 + (double)j) / 2; /* ranks i+1..j */
        rank_sum += pos * mid_rank;
        i = j;
    }
    free(s);
    return (rank_sum - n1 * (n1 + 1) / 2) / (n1 * n0);
}

double metrics_rmse(const double *p, const unsigned char *y, size_t n)
{
    if (n == 0) return 0;
    double s = 0;
    for (size_t i = 0; i < n; i++) {
        double d = p[i] - (y[i] ? 1.0 : 0.0);
        s += d * d;
    }
    return sqrt(s / (double)n);
}

double metrics_logloss(const double *p, const unsigned char *y, size_t n)
{
    if (n == 0) return 0;
    const double eps = 1e-15;
    double s = 0;
    for (size_t i = 0; i < n; i++) {
        double q = p[i] < eps ? eps : p[i] > 1 - eps ? 1 - eps : p[i];
        s -= y[i] ? log(q) : log(1 - q);
    }
    return s / (double)n;
}

double metrics_accuracy(const double *p, const unsigned char *y, size_t n)
{
    if (n == 0) return 0;
    size_t ok = 0;
    for (size_t i = 0; i < n; i++) ok += (p[i] >= 0.5) == (y[i] != 0);
    return (double)ok / (double)n;
}
