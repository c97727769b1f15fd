/*
 * corridor/ch.h -- fast exact one-objective queries on single-state
 * graphs: bidirectional Dijkstra and contraction hierarchies (CH).
 *
 * A cor_fast is a query's filter (route.h) flattened to a node graph:
 * forward and reverse CSR arrays of the arcs the filter allows, with their
 * weights (parallel arcs merged to the lightest; loops dropped), and,
 * when asked, a contraction hierarchy over it.  It serves only graphs
 * where every node has at most one state (one mode class: every imported
 * DIMACS, TNTP or single-mode GeoJSON network).  On such a graph the best
 * route's weight is term(from) + d(from, to) + term(to), which is what
 * cor_shortest_path() returns; on a multimodal graph (the INSTC network,
 * where a port has a sea and a rail state and a route may not change
 * class where it ends) cor_fast_build() refuses with COR_EUSAGE and the
 * reason, and callers fall back to plain Dijkstra (the CLI says so with
 * --verbose).  A cor_fast answers the query it was built from: another
 * objective, year or avoided place needs another build.
 *
 * Results equal plain Dijkstra's: exactly where weights are integers (a
 * DIMACS distance; sums below 2^53), and to the last bits otherwise (a
 * shortcut adds its two weights before the path adds it, and floating-point
 * addition is not associative).
 *
 * CH: nodes are contracted in order of level + shortcuts added per arc
 * removed + original arcs added per original arc removed (RoutingKit's
 * order), each neighbour's priority computed anew after a contraction;
 * a witness search (Dijkstra among uncontracted nodes, at most
 * COR_CH_WITNESS_SETTLE settled) decides each shortcut; priorities are
 * estimated with shorter searches (COR_CH_ESTIMATE_SETTLE), which may
 * overcount shortcuts but never changes a result.  The query arrays are
 * in rank order (node ids renumbered by rank); queries search upward
 * from both ends with stall-on-demand and stop each side when its heap
 * cannot beat the best meeting.  Preprocessing is roughly O(n log n) on
 * road-like graphs (no bound in the worst case); memory is that of the
 * arcs and shortcuts.
 *
 * Zones (route.h, cor_filter.zone): a zone is split into a sink (its
 * id, the arcs in) and a source copy past the network's nodes (the arcs
 * out); searches from it start at the copy, so no route passes through.
 *
 * Ownership: cor_fast_build allocates, cor_fast_free releases (NULL ok);
 * a cor_fast_ws is one thread's query workspace (_new/_free).
 */
#ifndef CORRIDOR_CH_H
#define CORRIDOR_CH_H

#include <stddef.h>
#include <stdint.h>

#include "corridor/route.h"
#include "corridor/status.h"

#define COR_CH_WITNESS_SETTLE 100u
#define COR_CH_ESTIMATE_SETTLE 10u /* witness searches that only estimate a priority */
#define COR_CH_MAX_BUCKET (1u << 27) /* bucket entries of one many-to-many */

typedef struct cor_fast cor_fast;
typedef struct cor_fast_ws cor_fast_ws;

/* Does every node of f's graph have at most one state?  1 if so; 0 and a
 * reason in why (if given) if not. */
int cor_fast_eligible(const cor_filter *f, char *why, size_t size);

/* Flatten f (and contract it when with_ch).  COR_EUSAGE (not eligible,
 * the reason in d), COR_ENOMEM. */
cor_status cor_fast_build(const cor_filter *f, int with_ch, cor_fast **out, cor_diag *d);
void cor_fast_free(cor_fast *fg);
uint32_t cor_fast_shortcuts(const cor_fast *fg); /* shortcuts the CH added */

cor_fast_ws *cor_fast_ws_new(const cor_fast *fg);
void cor_fast_ws_free(cor_fast_ws *ws);

/* The best route's weight from node `from` to node `to` (as
 * cor_shortest_path's path weight): COR_OK and *w, COR_ENOROUTE, or
 * COR_EUSAGE for an avoided end or a CH query on a cor_fast built without
 * one; cor_fast_dijkstra also COR_ENOMEM (its heap grows with the search).
 * *settled (if not NULL) counts the nodes the search settled. */
cor_status cor_fast_dijkstra(const cor_fast *fg, cor_fast_ws *ws, uint32_t from, uint32_t to, double *w,
                             uint32_t *settled);
cor_status cor_fast_bidir(const cor_fast *fg, cor_fast_ws *ws, uint32_t from, uint32_t to, double *w,
                          uint32_t *settled);
cor_status cor_fast_ch(const cor_fast *fg, cor_fast_ws *ws, uint32_t from, uint32_t to, double *w,
                       uint32_t *settled);

/* The best route itself by the CH query: out->arcs the graph's arcs in
 * order (shortcuts unpacked; of parallel arcs the lightest, the lowest id
 * among equals), out->weight as cor_fast_ch's, out->from_node / to_node
 * the ends; the same path cor_shortest_path() would return up to ties.
 * COR_ENOROUTE; COR_EUSAGE (no hierarchy, an end out of range);
 * COR_EDATA (an image whose shortcuts do not unpack); COR_ENOMEM.
 * O(search + path length x the degree of its middle nodes). */
cor_status cor_fast_ch_path(const cor_fast *fg, cor_fast_ws *ws, uint32_t from, uint32_t to, cor_path *out,
                            uint32_t *settled, cor_diag *d);

/* Was fg built from a filter equal to f (the same arc weights, terminal
 * weights, usable places and zones on a graph of the same size)?  A
 * 64-bit fingerprint of those arrays, taken by cor_fast_build and stored
 * in images, against f's: O(A).  1 or 0.  This is the rule for using a
 * stored hierarchy: any option that changes a weight or closes an arc
 * (another objective, year, box, --avoid, --modes, a scenario) changes
 * the fingerprint, so the query falls back to plain Dijkstra. */
int cor_fast_fits(const cor_fast *fg, const cor_filter *f);
uint64_t cor_fast_fingerprint(const cor_filter *f);

/* Many-to-many on the hierarchy (bucket-based, as Knopp et al.): one
 * backward upward search from each destination leaves (destination,
 * distance) in a bucket at every node it settles, then one forward
 * upward search from each origin reads the buckets of the nodes it
 * settles; both stall on demand.  out[i * nto + j] is what cor_fast_ch
 * gives for (from[i], to[j]) (INFINITY: no route), exactly for integer
 * weights (sums below 2^53), to the last bits otherwise.  Time O((F + T)
 * x the search space + the bucket entries read); memory 16 bytes a
 * bucket entry (at most COR_CH_MAX_BUCKET: COR_ELIMIT) and 4 a node.
 * COR_EUSAGE (no hierarchy, a node out of range), COR_ENOMEM. */
cor_status cor_fast_matrix(const cor_fast *fg, const uint32_t *from, uint32_t nfrom, const uint32_t *to, uint32_t nto,
                           double *out, cor_diag *d);

/* ---- images (stored in snapshots) -------------------------------------
 * A cor_fast as one block of 8-byte aligned arrays, so that a snapshot
 * can hold a contracted hierarchy and a load can use it in place (mmap,
 * no copy).  cor_fast_from_image() checks every size, offset and index
 * (COR_EDATA if one is out of range) and returns a cor_fast whose arrays
 * point into `image`, which must stay mapped until cor_fast_free(). */
size_t cor_fast_image_size(const cor_fast *fg);
void cor_fast_image_write(const cor_fast *fg, unsigned char *buf);
cor_status cor_fast_from_image(const unsigned char *image, size_t len, cor_fast **out, cor_diag *d);
uint32_t cor_fast_node_count(const cor_fast *fg);

#endif
