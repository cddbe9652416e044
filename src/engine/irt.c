/*
 * irt.c — IRT probabilities, information, MML calibration and EAP abilities (see irt.h).
 */
#include "engine/irt.h"

#include <math.h>

double irt_prob(double theta, double a, double b, double c)
{
    double z = a * (theta - b);
    double s = z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z));
    return c + (1 - c) * s;
}

double irt_info(double theta, double a, double b, double c)
{
    double p = irt_prob(theta, a, b, c);
    if (p <= 0 || p >= 1) return 0;
    double d = (p - c) / (1 - c);
    return a * a * d * d * (1 - p) / p;
}
