/*
 * irt.h — item response theory: the logistic 1PL/2PL/3PL models, their calibration by marginal
 * maximum likelihood and abilities by expected a posteriori (EAP).
 *
 * The model: a person of ability theta answers item (a, b, c) correctly with probability
 *     P(theta) = c + (1 - c) / (1 + exp(-a (theta - b)))
 * a > 0 is the discrimination, b the difficulty (on the theta scale, no 1.7 factor), c in [0, 1)
 * the lower asymptote ("guessing"). Rasch fixes a to a known constant, 1PL estimates one a
 * shared by all items, 2PL one a per item, 3PL adds c. Abilities follow N(0, 1) in the
 * population, which fixes the scale.
 *
 * irt_prob and irt_info are small pure functions used by the adaptive test (cat.c) and the
 * item selection; the calibration is pure too: the caller hands in the response matrix and the
 * output arrays, and the functions allocate only scratch they free before returning.
 */
#ifndef ENGINE_IRT_H
#define ENGINE_IRT_H

#include <stddef.h>

/* irt_prob: probability of a correct answer at ability theta for item (a, b, c). Requires
 * a > 0 and 0 <= c < 1; the result lies in [c, 1] and is numerically safe for any theta. */
double irt_prob(double theta, double a, double b, double c);

/* irt_info: Fisher information of the item at theta,
 *     I(theta) = a^2 (P - c)^2 / (1 - c)^2 * (1 - P) / P,
 * which for c = 0 is a^2 P (1 - P). Same requirements as irt_prob; always >= 0, and 0 where P
 * underflows to 0 or 1. The standard error of an ability estimate after a test is about
 * 1 / sqrt(sum of the items' information). */
double irt_info(double theta, double a, double b, double c);

/* ---- Calibration and abilities ---- */

typedef enum irt_model {
    IRT_RASCH, /* a fixed to opts.fixed_a for every item */
    IRT_1PL,   /* one a shared by all items, estimated */
    IRT_2PL,
    IRT_3PL
} irt_model;

/* How the item parameters are estimated.
 * IRT_EM: marginal maximum likelihood by EM (Bock & Aitkin 1981): the E-step gives every
 *   person a posterior over the quadrature nodes, the M-step maximises the expected complete
 *   log-likelihood of each item's parameters (L-BFGS). The textbook estimator.
 * IRT_SEPARABLE: the estimator of the Python package girth, reproduced step for step: an
 *   item's difficulty is the one whose marginal probability of success (under N(0,1)) equals
 *   the item's observed share of right answers, and the discriminations maximise the marginal
 *   likelihood given those difficulties (one shared a for 1PL, item by item for 2PL). Supplied
 *   so that estimates can be compared with girth's (on its published test matrices they agree
 *   to 1e-7); not offered for 3PL. */
typedef enum irt_method { IRT_EM, IRT_SEPARABLE } irt_method;

typedef struct irt_opts {
    irt_model model;
    irt_method method;
    double fixed_a;    /* discrimination of the Rasch model */
    int n_quad;        /* Gauss-Legendre nodes on [-quad_bound, quad_bound] */
    double quad_bound;
    int max_iter;      /* EM iterations (or outer cycles of the separable method) */
    double tol;        /* stop when no parameter moves more than this */
    double max_c;      /* upper bound of the 3PL guessing */
} irt_opts;

/* girth's quadrature: 41 Gauss-Legendre nodes on [-4.5, 4.5] weighted by the N(0,1) density. */
#define IRT_OPTS_INIT {IRT_2PL, IRT_EM, 1.0, 41, 4.5, 500, 1e-6, 0.5}

/* One observed answer: person p answered item i, y = 1 right, 0 wrong. */
typedef struct irt_resp {
    int item, person;
    unsigned char y;
} irt_resp;

/* irt_fit: calibrates n_items items from n answers (any person may skip any item). Writes a,
 * b, c (n_items each; c is 0 but for 3PL). Returns 0, or E_INVALID for bad options, ids out
 * of range, no answers, or an item all right or all wrong under IRT_SEPARABLE; iterations
 * (may be NULL) receives the iterations used. Scratch is n_persons x n_quad doubles. */
int irt_fit(double *a, double *b, double *c, int *iterations, const irt_opts *o,
            const irt_resp *resp, size_t n, int n_items, int n_persons);

/* irt_quadrature: the nodes and weights irt_fit integrates with: n Gauss-Legendre nodes on
 * [-bound, bound], weights multiplied by the N(0,1) density and normalised to sum 1. */
void irt_quadrature(double *theta, double *weight, int n, double bound);

/* irt_eap: expected a posteriori ability and its posterior standard deviation of a person who
 * answered items (a[k], b[k], c[k]) with y[k], k < n, under the N(0,1) prior on the standard
 * quadrature (opts->n_quad, opts->quad_bound). se may be NULL. */
void irt_eap(double *theta, double *se, const irt_opts *o, const double *a, const double *b,
             const double *c, const unsigned char *y, size_t n);

/* irt_posterior_update: a person's log-posterior over the n quadrature nodes theta (start from
 * log of irt_quadrature's weights) after answering item (a, b, c) with y. Unnormalised; it
 * is kept centred so that long sequences cannot overflow. */
void irt_posterior_update(double *logpost, const double *theta, int n, double a, double b,
                          double c, int y);

/* irt_predict: P(correct) on item (a, b, c) under the log-posterior (the posterior mean of the
 * item's success probability, which is better calibrated than P at the EAP ability). */
double irt_predict(const double *logpost, const double *theta, int n, double a, double b,
                   double c);

#endif
