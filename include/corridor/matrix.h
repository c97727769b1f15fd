/*
 * corridor/matrix.h -- many-to-many shortest-path values: the objective's
 * weight of the best route from each origin to each destination (the
 * counterpart of OSRM's table service).
 *
 * Values are exactly those of cor_shortest_path() for the same filter and
 * query (terminal handling at both ends included): the same Dijkstra, run
 * once per distinct origin over the whole graph and read at every
 * destination, when that gives the same answer; otherwise one search per
 * pair.  The rule: one search per origin serves a destination node that
 * has a single state (one mode class: every imported single-mode network),
 * since a route to it never gains by passing through it; a destination
 * with several states (a port where rail meets sea) could be reached more
 * cheaply by passing through it and changing class there, which a route
 * ending there may not do, so such cells are routed pair by pair.  Via
 * places are refused (COR_EUSAGE).
 *
 * Cost: O(F (V + A) log V) for F distinct origins, plus one search per
 * cell of a multi-state destination.  Memory: 24 bytes a state for the
 * search, 8 bytes a cell for the result.  At most COR_MATRIX_MAX_CELLS.
 */
#ifndef CORRIDOR_MATRIX_H
#define CORRIDOR_MATRIX_H

#include <stdint.h>

#include "corridor/route.h"
#include "corridor/status.h"

#define COR_MATRIX_MAX_PLACES 10000u
#define COR_MATRIX_MAX_CELLS 10000000u

typedef struct cor_matrix_info {
    uint32_t tree_searches;   /* one-to-all searches run */
    uint32_t pair_searches;   /* cells routed one pair at a time */
} cor_matrix_info;

/* out[i * nto + j] = weight from from[i] to to[j] (INFINITY: no route).
 * COR_EUSAGE for an avoided origin or destination or a query with via
 * places (message in d), COR_ELIMIT, COR_ENOMEM. */
cor_status cor_matrix(const cor_filter *f, const cor_query *q, const uint32_t *from, uint32_t nfrom,
                      const uint32_t *to, uint32_t nto, double *out, cor_matrix_info *info, cor_diag *d);

#endif
