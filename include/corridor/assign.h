/*
 * corridor/assign.h -- static traffic assignment on a plain link network:
 * all-or-nothing, user equilibrium (a bush- or path-based algorithm beside
 * a Frank-Wolfe-family baseline), multi-class by value of time.
 *
 * The network is a set of directed links with a volume-delay function
 * each; it knows nothing of INSTC.  The INSTC front end (corridor assign
 * DEMAND) expands ports, crossings, terminals, services and lines into such
 * links; the TNTP front end (corridor assign --tntp) reads them from file.
 *
 * Link cost seen by class k:
 *     c_k(a) = time_weight_k * t_a(v_a) + money_weight_k * fixed_a
 * where v_a is the total flow on a (all classes) and t_a is the link's
 * volume-delay function:
 *     COR_VDF_BPR      t0 * (1 + alpha * (v / cap)^beta)
 *                      (beta == 0 or alpha == 0: constant t0 * (1 + alpha))
 *     COR_VDF_CONICAL  Spiess: t0 * (2 + sqrt(a^2 (1-x)^2 + b^2) - a (1-x) - b),
 *                      x = v / cap, a = alpha (> 1), b = (2a - 1) / (2a - 2)
 *     COR_VDF_HARD     t0 while v <= cap; beyond, a steep penalty stands for
 *                      volume refused: t0 + 1000 * max(t0, 1) * (v/cap - 1)
 *                      (alpha and beta unused); the volume above cap is
 *                      reported in result->over_hard_cap, not hidden
 * For TNTP, time_weight = 1 and fixed = toll_factor * toll +
 * distance_factor * length (the metadata's factors).  With one class the
 * Beckmann objective sum_a integral_0^v t_a + fixed_a * v_a is reported.
 *
 * Zones: nodes with index < first_thru are zones (TNTP "<FIRST THRU
 * NODE>"): a path may start or end there but not pass through.  Demand
 * with orig == dest is excluded (counted in the result).
 *
 * Classes need time_weight > 0 (dividing a class's cost by it does not
 * change its choices; the solvers use that to share one convex objective).
 *
 * An iteration is one shortest-path sweep over all (class, origin) pairs;
 * AON reports one iteration, the gap of its free-flow loading.  COR_ASSIGN_BUSH
 * is Algorithm B (Dial 2006): one acyclic bush per (class, origin), memory
 * O(origins * links); COR_ASSIGN_GP a path-based gradient projection
 * (Jayakrishnan et al. 1994), memory O(total path length).
 *
 * Relative gap: (sum_k TSTT_k - sum_k SPTT_k) / sum_k TSTT_k, where TSTT is
 * the total generalized cost at current flows and SPTT the cost if every
 * trip took its current shortest path.
 *
 * Ownership: every array in cor_anet and cor_ademand is the caller's and
 * is only read during the call.  cor_assign() fills a caller-owned
 * cor_assign_result whose arrays it allocates; free them with
 * cor_assign_result_free() (accepts a zeroed result).  Reentrant: no global
 * state; one call may use opts->threads threads.
 */
#ifndef CORRIDOR_ASSIGN_H
#define CORRIDOR_ASSIGN_H

#include <stdint.h>

#include "corridor/status.h"

typedef enum cor_vdf {
    COR_VDF_BPR = 0,
    COR_VDF_CONICAL = 1,
    COR_VDF_HARD = 2
} cor_vdf;

typedef struct cor_anet {
    uint32_t nnodes, nlinks;
    uint32_t first_thru;     /* nodes [0, first_thru) are zones; 0 = none */
    const uint32_t *from;    /* [nlinks], 0-based node indices */
    const uint32_t *to;      /* [nlinks] */
    const double *t0;        /* [nlinks] free-flow time, >= 0 */
    const double *cap;       /* [nlinks] capacity, > 0 where it matters */
    const double *alpha;     /* [nlinks] */
    const double *beta;      /* [nlinks] power, >= 0 */
    const uint8_t *vdf;      /* [nlinks] cor_vdf; NULL = all BPR */
    const double *fixed;     /* [nlinks] flow-independent cost; NULL = 0 */
} cor_anet;

#define COR_ASSIGN_MAX_CLASSES 16u

typedef struct cor_aclass {
    double time_weight;      /* e.g. value of time; 1 for TNTP */
    double money_weight;     /* weight of fixed[]; 1 for TNTP */
} cor_aclass;

typedef struct cor_ademand {
    uint32_t nod;
    const uint32_t *orig;    /* [nod] node index */
    const uint32_t *dest;    /* [nod] */
    const double *volume;    /* [nod] >= 0 */
    const uint8_t *klass;    /* [nod] class index; NULL = all class 0 */
    uint32_t nclasses;       /* 0 means 1 */
    cor_aclass classes[COR_ASSIGN_MAX_CLASSES];
} cor_ademand;

typedef enum cor_assign_algo {
    COR_ASSIGN_AON = 0,      /* all-or-nothing at free-flow costs */
    COR_ASSIGN_FW,           /* Frank-Wolfe (baseline) */
    COR_ASSIGN_CFW,          /* conjugate Frank-Wolfe */
    COR_ASSIGN_BFW,          /* bi-conjugate Frank-Wolfe */
    COR_ASSIGN_BUSH,         /* bush-based: Algorithm B (the fast one) */
    COR_ASSIGN_GP            /* path-based gradient projection */
} cor_assign_algo;

const char *cor_assign_algo_name(cor_assign_algo a);
int cor_assign_algo_parse(const char *s, cor_assign_algo *a);

/* Called after every iteration; return non-zero to stop early. */
typedef int (*cor_assign_progress)(void *ctx, uint32_t iter, double rel_gap,
                                   double objective, double seconds);

typedef struct cor_assign_opts {
    cor_assign_algo algo;
    double rel_gap;          /* stop at or below this relative gap (e.g. 1e-6) */
    uint32_t max_iter;       /* 0 = a default */
    double max_seconds;      /* 0 = no limit */
    uint32_t threads;        /* 0 or 1 = one thread */
    cor_assign_progress progress; /* may be NULL */
    void *ctx;
} cor_assign_opts;

typedef struct cor_assign_result {
    double *flow;            /* [nlinks] total flow, all classes */
    double *class_flow;      /* [nclasses * nlinks], class-major; NULL if one class */
    double *time;            /* [nlinks] t_a(flow) */
    double *cost;            /* [nlinks] class 0 generalized cost at flow */
    double rel_gap;
    double objective;        /* Beckmann objective (meaningful for one class) */
    double tstt;             /* total generalized cost, all classes */
    uint32_t iterations;
    double seconds;
    double excluded_intrazonal; /* demand with orig == dest, not assigned */
    double unroutable;       /* demand with no path, not assigned */
    int converged;           /* rel_gap reached */
    double over_hard_cap;    /* sum over COR_VDF_HARD links of flow above cap */
} cor_assign_result;

/* Solve.  COR_EUSAGE for a bad option or index out of range (message in
 * d), COR_EDATA for a negative time, capacity or volume, COR_ENOMEM.  A
 * demand with no path is counted in result->unroutable, not an error. */
cor_status cor_assign(const cor_anet *net, const cor_ademand *dem,
                      const cor_assign_opts *opts, cor_assign_result *result,
                      cor_diag *d);

void cor_assign_result_free(cor_assign_result *r);

/* t_a(v): the volume-delay function of link a of net at total flow v (for
 * callers that load flows themselves, such as the logit corridor choice of
 * corridor assign DEMAND).  a < net->nlinks, v >= 0. */
double cor_anet_time(const cor_anet *net, uint32_t a, double v);

#endif
