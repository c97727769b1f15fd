/*
 * corridor/alternatives.h -- trade-offs and alternatives.
 *
 * cor_pareto(): every route that no other beats on all of time, cost and
 * CO2e (multi-criteria label setting, Martins' algorithm: the
 * lexicographically smallest tentative label is made permanent; a new label
 * is kept only if no label at its state dominates it, and removes the
 * tentative labels it dominates).  Exponential in the worst case, so the
 * total number of labels is bounded (COR_ELIMIT with a clear message).
 *
 * cor_k_shortest(): the K best loopless routes by the query's objective
 * (Yen's algorithm over the state graph).  O(K * L * Dijkstra) for paths of
 * L arcs.
 *
 * Routes start in one state of the origin and end in one state of the
 * destination; they pass no other state of either, and no state twice
 * (a transfer at an intermediate node is a change of state, not a loop).
 * Neither function takes --via (COR_EUSAGE).
 *
 * Ownership: cor_path_set_init/destroy (caller-owned).
 */
#ifndef CORRIDOR_ALTERNATIVES_H
#define CORRIDOR_ALTERNATIVES_H

#include "corridor/route.h"

#define COR_MAX_ALTERNATIVES 100u
#define COR_DEFAULT_MAX_LABELS 1000000u
#define COR_DEFAULT_MAX_WORK 20000000u

/* Budgets: bounds on the work of one call, so that no input makes it run
 * for minutes or take gigabytes.  A field left 0 takes its default.
 *   max_labels  Pareto: labels created (memory is about 64 bytes a label)
 *   max_work    K best: states settled over all of its searches
 *   epsilon     Pareto: 0 for the exact front; > 0 for an approximate
 *               front with (1 + epsilon)-box dominance at every state,
 *               whose size is bounded whatever the network */
typedef struct cor_budget {
    uint64_t max_labels;
    uint64_t max_work;
    double epsilon;
} cor_budget;

typedef struct cor_path_set {
    cor_path *paths;
    uint32_t n, cap;
    /* How the set was made (filled in by cor_pareto and cor_k_shortest). */
    int truncated;            /* 1 if a budget stopped the search early: the
                                 paths in the set are still exact (the best
                                 n, or Pareto-optimal), but some may be missing */
    const char *limit_name;   /* the budget reached: "max_labels" or "max_work" */
    uint64_t limit;           /* its value */
    double complete_hours;    /* Pareto, truncated: the front is complete for
                                 routes of at most this many hours */
    double epsilon;           /* > 0: an approximate Pareto front */
    uint64_t labels, work;    /* labels created, states settled */
} cor_path_set;

void cor_path_set_init(cor_path_set *s);
void cor_path_set_destroy(cor_path_set *s);

/* The Pareto set on (hours, usd, co2e), sorted by hours then usd.  Each
 * path's weight is its value under q's objective.  b (NULL = defaults)
 * bounds the labels; when the bound is reached the set holds the front up
 * to out->complete_hours and is marked truncated (COR_ELIMIT, with a
 * message, if no route was complete by then). */
cor_status cor_pareto(const cor_filter *f, const cor_query *q, uint32_t from, uint32_t to, const cor_budget *b,
                      cor_path_set *out, cor_diag *d);

/* The k best loopless routes by q's objective, best first (fewer if there
 * are fewer).  1 <= k <= COR_MAX_ALTERNATIVES.  b (NULL = defaults) bounds
 * the work; when it is reached the set holds the routes found exactly by
 * then and is marked truncated. */
cor_status cor_k_shortest(const cor_filter *f, const cor_query *q, uint32_t from, uint32_t to, uint32_t k,
                          const cor_budget *b, cor_path_set *out, cor_diag *d);

#endif
