/*
 * assign_int.h -- internals of the traffic assignment solver: the solver
 * state shared by the Frank-Wolfe family (assign.c) and the path-based
 * gradient projection (gp.c), the volume-delay functions, and the
 * shortest-path tree over the CSR forward star.
 *
 * Invariants: the forward star (first_out, arc_link) is built once per
 * call and read-only; link flows v[] are the sum of the class flows;
 * t[] caches t_a(v[a]) where a solver says so.  Costs seen by class k are
 * tw[k] * t + mw[k] * fixed; the equivalent convex objective divides them
 * by tw[k] (> 0), so every class shares t and differs by m[k] = mw/tw.
 */
#ifndef COR_ASSIGN_INT_H
#define COR_ASSIGN_INT_H

#include <math.h>
#include <stdint.h>

#include "corridor/assign.h"

/* Penalty slope of a hard capacity: beyond cap, t = t0 + HARD_SLOPE *
 * max(t0, 1) * (v / cap - 1). */
#define ASG_HARD_SLOPE 1000.0

typedef struct asg_od {      /* one demand row, grouped by (origin, class) */
    uint32_t dest;
    double vol;
} asg_od;

typedef struct asg {
    const cor_anet *net;
    uint32_t n, m, first_thru, nclasses;
    /* forward star */
    uint32_t *first_out;     /* [n+1] */
    uint32_t *arc_link;      /* [m] link of each arc, arcs grouped by tail */
    /* per-link parameters copied for speed */
    double *t0, *cap, *alpha, *beta, *fixed;
    uint8_t *vdf;
    double tw[COR_ASSIGN_MAX_CLASSES], mw[COR_ASSIGN_MAX_CLASSES];
    /* demand: groups g of (origin, class), rows [gfirst[g], gfirst[g+1]) */
    uint32_t ngroups;
    uint32_t *gorig;
    uint8_t *gclass;
    uint32_t *gfirst;
    asg_od *od;
    uint32_t nod;
    /* state */
    double *v;               /* [m] total flow */
    double *x;               /* [nclasses*m] class flows (aliases v when one class) */
    double *t;               /* [m] scratch: t_a(v) */
    double *cost;            /* [m] scratch: class cost */
    /* shortest-path tree workspace */
    double *dist;
    uint32_t *pred;          /* link into node, UINT32_MAX = none */
    uint32_t *order;         /* settle order */
    uint32_t nsettled;
    uint32_t *heap, *hpos;
    uint32_t hn;
    double *load;
    /* accounting */
    double unroutable, intrazonal;
    double start;
    const cor_assign_opts *opts;
} asg;

static inline double asg_bpr_pow(double x, double b)
{
    if (b == 4.0) {
        double x2 = x * x;
        return x2 * x2;
    }
    if (b == 1.0)
        return x;
    if (b == 2.0)
        return x * x;
    if (b == 0.0)
        return 1.0; /* 0^0 = 1 here: a power-0 link is constant */
    return pow(x, b);
}

/* t_a(v) */
static inline double asg_time(const asg *A, uint32_t a, double v)
{
    double t0 = A->t0[a];
    switch (A->vdf[a]) {
    case COR_VDF_CONICAL: {
        double al = A->alpha[a], b = (2 * al - 1) / (2 * al - 2), y = 1 - v / A->cap[a];
        return t0 * (2 + sqrt(al * al * y * y + b * b) - al * y - b);
    }
    case COR_VDF_HARD: {
        double x = v / A->cap[a];
        return x <= 1 ? t0 : t0 + ASG_HARD_SLOPE * fmax(t0, 1) * (x - 1);
    }
    default:
        if (A->alpha[a] == 0 || A->beta[a] == 0 || t0 == 0) /* constant (capacity may be 0 then) */
            return t0 * (1 + A->alpha[a]);
        return t0 * (1 + A->alpha[a] * asg_bpr_pow(v / A->cap[a], A->beta[a]));
    }
}

/* dt_a/dv at v (finite: a power below 1 is evaluated at v >= 1e-9 cap). */
static inline double asg_dtime(const asg *A, uint32_t a, double v)
{
    double t0 = A->t0[a];
    switch (A->vdf[a]) {
    case COR_VDF_CONICAL: {
        double al = A->alpha[a], b = (2 * al - 1) / (2 * al - 2), y = 1 - v / A->cap[a];
        return t0 / A->cap[a] * (al - al * al * y / sqrt(al * al * y * y + b * b));
    }
    case COR_VDF_HARD:
        return v <= A->cap[a] ? 0 : ASG_HARD_SLOPE * fmax(t0, 1) / A->cap[a];
    default: {
        double al = A->alpha[a], be = A->beta[a];
        if (al == 0 || be == 0 || t0 == 0)
            return 0;
        double x = v / A->cap[a];
        if (be < 1 && x < 1e-9)
            x = 1e-9;
        return t0 * al * be / A->cap[a] * (be == 1 ? 1 : asg_bpr_pow(x, be - 1));
    }
    }
}

/* integral_0^v t_a */
double asg_integral(const asg *A, uint32_t a, double v);

double asg_now(void);

/* Shortest-path tree from `orig` with link costs c[] (zones other than
 * orig are not expanded).  Fills dist, pred, order/nsettled. */
void asg_tree(asg *A, uint32_t orig, const double *c);

/* After asg_tree from orig, with the volume bound for each node in
 * load[]: carry it down the tree onto x[] (each tree arc gets what ends
 * beyond it), leaving load[] zero. */
void asg_tree_load(asg *A, uint32_t orig, double *x);

/* Class k's link costs from t[] into cost[]. */
void asg_class_cost(asg *A, uint32_t k);

/* Beckmann-like objective at v / class flows x. */
double asg_objective(const asg *A);

/* Progress: report and decide whether to stop (limits, callback). */
int asg_report(asg *A, uint32_t iter, double gap, double obj);

/* The path-based gradient projection (gp.c) and Algorithm B (bush.c);
 * each fills v/x, *iters, *gap. */
cor_status asg_gp(asg *A, uint32_t *iters, double *gap, int *converged);
cor_status asg_bush(asg *A, uint32_t *iters, double *gap, int *converged);

#endif
