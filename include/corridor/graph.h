/*
 * corridor/graph.h -- the expanded multimodal graph in CSR arrays.
 *
 * A *state* is (node, mode class): a container at Astara on 1520 mm rail is
 * in a different state from one at Astara on a truck.  States of node n are
 * the ids node_first_state[n] .. node_first_state[n+1]-1, one per class that
 * a link of the network brings to n.
 *
 * Service classes (sea, feeder, ferry, iww: links that are vessel services)
 * have two states per node, departure and arrival (state_arr = 1), so that a
 * container changes vessel only where a transfer rule allows it (a
 * transshipment rule sea -> sea, or sea -> feeder).  Rail and road have one
 * state per node: a train or truck runs on through a node.
 *
 * Arcs:
 *   - a link arc per direction of each link (one for a oneway link), and of
 *     each generic sea service (model.h; ref = its link index, past the
 *     network's links; a filter refuses it unless the query asks), from
 *     (from, class, departure) to (to, class, arrival); its cost includes the
 *     link's border crossing, if any;
 *   - a transfer arc per direction of each transfer rule, from (n, c1,
 *     arrival) to (n, c2, departure); one arc for a transshipment c -> c.
 * Arcs leaving state s are first_out[s] .. first_out[s+1]-1 (CSR); arc id =
 * position.  Per-arc arrays hold the cost of one TEU: hours, usd, co2e_kg,
 * km, and where the arc came from (kind, ref = link or transfer index, rev =
 * link traversed to -> from).
 *
 * The graph holds every link whatever its opening year; which arcs a query
 * may use is decided by a cor_filter (route.h).  Immutable after build; may
 * be shared by threads.  Build is O(N + L + T) time and memory.
 *
 * Ownership: cor_graph_build() allocates, cor_graph_free() releases (NULL ok).
 */
#ifndef CORRIDOR_GRAPH_H
#define CORRIDOR_GRAPH_H

#include <stdint.h>

#include "corridor/model.h"
#include "corridor/status.h"

typedef enum cor_arc_kind { COR_ARC_LINK = 0, COR_ARC_TRANSFER = 1 } cor_arc_kind;

typedef struct cor_graph {
    const cor_network *net;   /* not owned; must outlive the graph */
    uint32_t nnodes, nstates, narcs;
    uint32_t *node_first_state; /* [nnodes + 1] */
    uint32_t *state_node;       /* [nstates] */
    uint8_t *state_cls;         /* [nstates] */
    uint8_t *state_arr;         /* [nstates] 1 = arrival state of a service class */
    uint32_t *first_out;        /* [nstates + 1] */
    uint32_t *head;             /* [narcs] target state */
    uint32_t *tail;             /* [narcs] source state */
    double *hours, *usd, *co2e_kg, *km; /* [narcs] */
    uint8_t *kind;              /* [narcs] cor_arc_kind */
    uint8_t *rev;               /* [narcs] 1 if a link is used to -> from */
    uint32_t *ref;              /* [narcs] link or transfer index */
    /* Terminal handling of a route that starts or ends in a state: */
    uint32_t *term;             /* [nstates] terminal index or COR_NONE */
    double *term_hours, *term_usd, *term_co2e_kg; /* [nstates], 0 without */
    int mapped;                 /* 1: the arrays point into a snapshot's mapping (not owned) */
} cor_graph;

/* Is a mode a vessel service (sea, feeder, ferry, iww)? */
int cor_mode_is_service(cor_mode m);

/* Build the graph of a network; for a network read from a snapshot that
 * holds its graph image ("graph"), the arrays point into the snapshot's
 * mapping instead (checked by cor_graph_check; O(arcs), no allocation
 * but the struct). */
cor_status cor_graph_build(const cor_network *net, cor_graph **out, cor_diag *d);

/* The graph's binary image: its size, and writing it into img (8-byte
 * aligned, that many bytes).  See graph.c for the layout. */
size_t cor_graph_image_size(const cor_graph *g);
void cor_graph_image_write(const cor_graph *g, unsigned char *img);
void cor_graph_free(cor_graph *g);

/* Cost of one TEU over link l (without its border crossing). */
void cor_link_cost(const cor_network *net, const cor_link *l, double *hours, double *usd,
                   double *co2e_kg);

/* Check the CSR invariants (monotone first_out, heads and tails in range,
 * tail[a] is the state whose range holds a, finite non-negative costs, link
 * arcs join states of the link's class, transfer arcs stay at one node).
 * Returns COR_OK or COR_EINTERNAL with a message in d. */
cor_status cor_graph_check(const cor_graph *g, cor_diag *d);

#endif
