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

typedef struct cor_path_set {
    cor_path *paths;
    uint32_t n, cap;
} cor_path_set;

void cor_path_set_init(cor_path_set *s);
void cor_path_set_destroy(cor_path_set *s);

/* The Pareto set on (hours, usd, co2e), sorted by hours then usd.  Each
 * path's weight is its value under q's objective.  max_labels bounds the
 * labels created (0 = COR_DEFAULT_MAX_LABELS). */
cor_status cor_pareto(const cor_filter *f, const cor_query *q, uint32_t from, uint32_t to, uint32_t max_labels,
                      cor_path_set *out, cor_diag *d);

/* The k best loopless routes by q's objective, best first (fewer if there
 * are fewer).  1 <= k <= COR_MAX_ALTERNATIVES. */
cor_status cor_k_shortest(const cor_filter *f, const cor_query *q, uint32_t from, uint32_t to, uint32_t k,
                          cor_path_set *out, cor_diag *d);

#endif
