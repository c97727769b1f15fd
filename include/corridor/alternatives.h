/*
 * corridor/alternatives.h -- trade-offs and alternatives.
 *
 * cor_pareto(): every route that no other beats on all of time, cost and
 * CO2e (multi-criteria label setting, Martins' algorithm in lexicographic
 * order, with a staircase of the permanent labels per state so that each
 * dominance test is O(log n)).  Exponential in the worst case (16 diamonds
 * in series have 65,536 Pareto routes), so it runs within a budget of
 * labels; an epsilon > 0 gives an approximate front of bounded size.
 *
 * cor_k_shortest(): the K best loopless routes by the query's objective
 * (Yen's algorithm with Lawler's rule; the spur searches are A* on one
 * reverse shortest-path tree and usually stop after a few states), within a
 * budget of states settled.
 *
 * Routes start in one state of the origin and end in one state of the
 * destination; they pass no other state of either, and no state twice
 * (a transfer at an intermediate node is a change of state, not a loop).
 * No route returned passes a place twice (cor_path_repeated_node): the K
 * best are the K best loop-free routes (the search asks for more until K
 * loop-free ones remain); a Pareto route that loops is dropped (counted in
 * dropped_loops).
 * Neither function takes --via (COR_EUSAGE).
 *
 * Budgets.  Either function stops when its budget is reached.  The routes
 * it returns then are still exact (Pareto-optimal, or the first n of the
 * K best) and the set says so: truncated = 1, limit_name and limit.  If not
 * one route was complete by then it returns COR_ELIMIT with a message that
 * names the option raising the budget.  The defaults answer the worst
 * inputs we know of in well under a second (see src/route/alternatives.c
 * for the algorithms, their invariants and their cost).
 *
 * Ownership: cor_path_set_init/destroy (caller-owned).
 */
#ifndef CORRIDOR_ALTERNATIVES_H
#define CORRIDOR_ALTERNATIVES_H

#include "corridor/route.h"

#define COR_MAX_ALTERNATIVES 100u
/* A Pareto set holds at most max_labels / COR_LABELS_PER_ROUTE routes
 * (10,000 by default): a bigger front is cut to its fastest routes and
 * marked truncated (limit_name "max_routes"), since each route costs its
 * user (itinerary, output) far more than a label costs the search.  An
 * epsilon gives a smaller, spread-out front instead. */
#define COR_LABELS_PER_ROUTE 50u
/* Default budgets: about 0.4 s each for the worst inputs we know of on a
 * 2-core machine of 2025, and far more than real networks need (the INSTC
 * network: 301 labels for Nhava Sheva - Moscow, 158 states settled for 5
 * alternatives). */
#define COR_DEFAULT_MAX_LABELS 500000u
#define COR_DEFAULT_MAX_WORK 2000000u
#define COR_MIN_EPSILON 1e-9   /* a cor_budget epsilon is 0 or in this range */
#define COR_MAX_EPSILON 1e3

/* Budgets: bounds on the work of one call, so that no input makes it run
 * for minutes or take gigabytes.  A field left 0 takes its default.
 *   max_labels  Pareto: labels created (memory is at most about 90 bytes a
 *               label), and routes returned (max_labels / 50)
 *   max_work    K best: states settled over all of its searches
 *   epsilon     Pareto: 0 for the exact front; in [COR_MIN_EPSILON,
 *               COR_MAX_EPSILON] for an approximate front: at each state a
 *               label is dropped when one kept there has no more hours and
 *               is in the same or a lower log-box (box of v =
 *               floor(log1p(v) / log1p(epsilon))) on both usd and co2e.
 *               Guarantee: for every route R there is a listed route R'
 *               with hours(R') <= hours(R) and, for usd and co2e,
 *               1 + c(R') <= (1 + epsilon)^n * (1 + c(R)), n <= the number
 *               of arcs of R (the states where R's labels were merged).  A
 *               state keeps at most (boxes of usd) x (boxes of co2e)
 *               labels, so the size is bounded whatever the network. */
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
    const char *limit_name;   /* the budget reached: "max_labels",
                                 "max_routes" (max_labels /
                                 COR_LABELS_PER_ROUTE) or "max_work" */
    uint64_t limit;           /* its value */
    uint32_t dropped_loops;   /* Pareto: routes of the front dropped because
                                 they pass a place twice (no route returned
                                 does; the loop-free routes such a route
                                 dominated are not searched for) */
    double complete_hours;    /* Pareto, truncated: the front is complete for
                                 routes of at most this many hours */
    double epsilon;           /* > 0: an approximate Pareto front */
    uint64_t labels, work;    /* labels created, states settled */
} cor_path_set;

void cor_path_set_init(cor_path_set *s);
void cor_path_set_destroy(cor_path_set *s);

/* The Pareto set on (hours, usd, co2e), sorted by hours then usd.  Each
 * path's weight is its value under q's objective; values within a relative
 * 1e-9 count as equal.  b (NULL = defaults) bounds the labels; when the
 * bound is reached, or the front has more than max_labels /
 * COR_LABELS_PER_ROUTE routes, the set holds exactly the routes of the front with at most
 * out->complete_hours hours (every one of them) and is marked truncated
 * (COR_ELIMIT, with a message, if no route was complete by then).
 * With b->epsilon > 0 the set is the approximate front described above
 * (out->epsilon says so; with a truncation the guarantee holds for routes
 * of at most complete_hours).  out->labels = labels created.
 * O(N (log N + log S)) for N labels and at most S kept at a state. */
cor_status cor_pareto(const cor_filter *f, const cor_query *q, uint32_t from, uint32_t to, const cor_budget *b,
                      cor_path_set *out, cor_diag *d);

/* The k best loopless routes by q's objective, best first (fewer if there
 * are fewer; equal weights in any order).  1 <= k <= COR_MAX_ALTERNATIVES.
 * b (NULL = defaults) bounds the work (states settled, out->work); when it
 * is reached the set holds the routes found by then, which are exactly the
 * first n, and is marked truncated (COR_ELIMIT if the budget did not reach
 * the first route).  O((V + A) log V) for a reverse shortest-path tree,
 * then at most one A* search per arc of each accepted route. */
cor_status cor_k_shortest(const cor_filter *f, const cor_query *q, uint32_t from, uint32_t to, uint32_t k,
                          const cor_budget *b, cor_path_set *out, cor_diag *d);

#endif
