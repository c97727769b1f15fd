/*
 * corridor/cch.h -- customizable contraction hierarchies (CCH: Dibbelt,
 * Strasser and Wagner, "Customizable Contraction Hierarchies", 2014/2016;
 * modelled on RoutingKit's customizable_contraction_hierarchy).
 *
 * A CCH splits a contraction hierarchy in two:
 *
 *   1. cor_cch_build: metric-independent preprocessing of the topology of
 *      a filter (route.h: the arcs it allows).  A nested-dissection order
 *      from METIS (METIS_NodeND on the symmetrized graph), then the
 *      chordal supergraph by the elimination game: eliminating the nodes
 *      in that order, each node's higher neighbours are joined into a
 *      clique.  Each undirected CCH edge {x, y} (rank x < rank y) carries
 *      an up weight (the arc x -> y) and a down weight (y -> x).  Time:
 *      METIS plus O(E log E) for E chordal edges; memory 12 bytes an edge
 *      and 4 an arc of the graph.  No weight is looked at.
 *   2. cor_cch_customize: the weights of any filter on the same graph
 *      (any objective, year, value of time, carbon price), in seconds:
 *      the input arcs (parallel arcs merged to the lightest, loops
 *      dropped, as cor_fast_build does) then the basic customization,
 *      every lower triangle {z, x, y} (z below x below y) relaxing
 *      x -> y by x -> z -> y and y -> x by y -> z -> x, in rank order.
 *      Time O(triangles); memory 32 bytes an edge.  The filter may forbid
 *      arcs the topology has (they weigh +inf) but not allow one it lacks
 *      (COR_EUSAGE: build the topology from a filter allowing at least as
 *      much, e.g. no avoided places, all modes).
 *
 * Queries walk the elimination tree (each node's parent is its lowest
 * higher neighbour) up from both ends in rank order, relaxing up arcs
 * forward and down arcs backward, pruned by the best meeting so far; no
 * heap.  Time O(the ends' ancestors and their arcs), about the square of
 * the top separators' size on road graphs.  Results are those of
 * cor_fast_dijkstra and cor_shortest_path on the same filter: a route's
 * weight is term(from) + d(from, to) + term(to); from == to weighs the two
 * terminal weights; exactly for integer weights (sums below 2^53), to the
 * last bits otherwise (shortcuts add in another order).
 *
 * Single-state graphs only (every imported DIMACS, TNTP or single-mode
 * GeoJSON network): a multimodal graph is refused with COR_EUSAGE and the
 * reason, as cor_fast_build does.  Zones (route.h, cor_filter.zone) are
 * handled as ch.c does: a zone is split into a sink (its id, the arcs in)
 * and a source copy past the network's nodes (the arcs out), so no route
 * passes through one; a filter whose zones differ from the topology's is
 * refused.
 *
 * Ownership: cor_cch_build (or cor_cch_from_image) allocates, cor_cch_free
 * releases (NULL ok); the graph must outlive the cor_cch.  A cor_cch_metric (cor_cch_customize,
 * cor_cch_metric_free, NULL ok) points to its cor_cch, which must outlive
 * it; cor_cch_recustomize reuses its arrays.  A cor_cch_ws is one thread's
 * query workspace (_new/_free); the cor_cch and its metrics are read-only
 * during queries and may be shared by threads.
 */
#ifndef CORRIDOR_CCH_H
#define CORRIDOR_CCH_H

#include <stddef.h>
#include <stdint.h>

#include "corridor/route.h"
#include "corridor/status.h"

#define COR_CCH_MAX_EDGES (1u << 30)   /* chordal edges (COR_ELIMIT above) */
#define COR_CCH_MAX_MATRIX_CHAIN (1u << 27) /* backward tree entries of one matrix */

typedef struct cor_cch cor_cch;
typedef struct cor_cch_metric cor_cch_metric;
typedef struct cor_cch_ws cor_cch_ws;

/* Order and chordal supergraph of the arcs f allows.  COR_EUSAGE (not a
 * single-state graph, the reason in d), COR_ELIMIT (more than
 * COR_CCH_MAX_EDGES edges), COR_EINTERNAL (METIS failed), COR_ENOMEM. */
cor_status cor_cch_build(const cor_filter *f, cor_cch **out, cor_diag *d);
void cor_cch_free(cor_cch *c);
uint32_t cor_cch_node_count(const cor_cch *c); /* the network's nodes */
uint32_t cor_cch_edge_count(const cor_cch *c); /* undirected chordal edges */
uint32_t cor_cch_tree_height(const cor_cch *c); /* nodes on the longest elimination-tree path */

/* Weights of f (same graph and zones as the topology).  COR_EUSAGE
 * (another graph, other zones, an allowed arc the topology lacks: the
 * message names it), COR_ENOMEM. */
cor_status cor_cch_customize(const cor_cch *c, const cor_filter *f, cor_cch_metric **out, cor_diag *d);
/* The same into an existing metric of c (no allocation); on failure the
 * metric answers no query (COR_EUSAGE) until customized again. */
cor_status cor_cch_recustomize(cor_cch_metric *m, const cor_filter *f, cor_diag *d);
void cor_cch_metric_free(cor_cch_metric *m);

cor_cch_ws *cor_cch_ws_new(const cor_cch *c);
void cor_cch_ws_free(cor_cch_ws *ws);

/* The best route's weight from node `from` to node `to`: COR_OK and *w,
 * COR_ENOROUTE (*w = INFINITY), or COR_EUSAGE (a node out of range, a
 * metric whose customization failed).  *visited (if not NULL) counts the
 * tree nodes the query walked. */
cor_status cor_cch_distance(const cor_cch_metric *m, cor_cch_ws *ws, uint32_t from, uint32_t to, double *w,
                            uint32_t *visited);

/* The same with the route: out->arcs the graph's arcs in order (parallel
 * arcs: the lightest, the first of equal ones), out->weight = *w of
 * cor_cch_distance, out->from_node/to_node.  from == to gives no arc.
 * Unpacking recurses through the triangles (an explicit stack).
 * COR_ENOROUTE, COR_EUSAGE, COR_ENOMEM (out keeps what it had). */
cor_status cor_cch_path(const cor_cch_metric *m, cor_cch_ws *ws, uint32_t from, uint32_t to, cor_path *out,
                        cor_diag *d);

/* out[i * nto + j] is what cor_cch_distance gives for (from[i], to[j])
 * (INFINITY: no route).  Each destination's backward tree walk is kept
 * (at most COR_CCH_MAX_MATRIX_CHAIN entries: COR_ELIMIT), each origin's
 * forward walk done once.  Time O((F + T) x a walk + F x T x the tree
 * height).  COR_EUSAGE (a node out of range), COR_ENOMEM. */
cor_status cor_cch_matrix(const cor_cch_metric *m, const uint32_t *from, uint32_t nfrom, const uint32_t *to,
                          uint32_t nto, double *out, cor_diag *d);

/* ---- images (stored in snapshots) -------------------------------------
 * The metric-independent part as one block of 8-byte aligned arrays, so a
 * snapshot can hold it and a load can use it in place (no copy).
 * cor_cch_from_image() checks every size and index against g (the graph
 * the image was built from: same nodes and arcs) in O(n + m + A log n),
 * COR_EDATA if one is out of range; chordality is checked by each
 * customization (COR_EDATA).  The cor_cch points into `image`, which must
 * stay mapped until cor_cch_free(). */
size_t cor_cch_image_size(const cor_cch *c);
void cor_cch_image_write(const cor_cch *c, unsigned char *buf);
cor_status cor_cch_from_image(const unsigned char *image, size_t len, const cor_graph *g, cor_cch **out,
                              cor_diag *d);

#endif
