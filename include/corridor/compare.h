/*
 * corridor/compare.h -- corridors side by side, under scenarios.
 *
 * cor_compare_run() routes from A to B once per corridor of the network
 * (corridors.csv): the user's query, plus the corridor's via places, avoided
 * places, links and passages and its modes.  Each result is an item: the
 * full itinerary, or the reason there is none.  Running it once per
 * scenario network gives the scenario x corridor table.
 *
 * What a corridor means (model.h, cor_corridor):
 *   - applicable: the trip has one end in the corridor's `near` countries
 *     and the other in its `beyond` countries (either way round).  If not,
 *     the item is "not applicable" with the reason (Nhava Sheva - Tehran:
 *     both ends lie before the Caspian crossing) and nothing is routed.
 *   - its route uses every element the corridor `requires` (a passage, a
 *     tagged link, a land border): the search is layered by the set of
 *     elements used (cor_filter_require), so the route is the best one
 *     that has them all, never a route without them under its name.
 *   - its route passes no place twice (cor_shortest_path: the best
 *     loop-free route); when the via points or required elements leave no
 *     loop-free route, the item is "no route" with "... force a loop",
 *     never a loop.
 *   "no route" = applicable but closed (by a regime, a passage, the
 *   modes, or a loop); "not applicable" = the trip cannot use it.
 *
 * The items refer to the graph (and its network) they were computed on:
 * keep those alive until the compare is destroyed.
 * Ownership: cor_compare_init/destroy (caller-owned).
 */
#ifndef CORRIDOR_COMPARE_H
#define CORRIDOR_COMPARE_H

#include <stdio.h>

#include "corridor/report.h"

typedef struct cor_compare_item {
    const char *scenario;          /* not owned */
    const cor_corridor *corridor;  /* not owned */
    const cor_graph *g;            /* not owned */
    cor_query q;                   /* the query this corridor was routed with */
    cor_status status;             /* COR_OK, or COR_ENOROUTE with reason */
    int applicable;                /* 0: the trip cannot use the corridor (reason says why) */
    char reason[COR_DIAG_TEXT];    /* why there is no route, or why not applicable */
    char reason_text[COR_DIAG_TEXT + 32]; /* the reason as shown: cor_compare_reason_text() */
    double weight;                 /* under q's objective */
    cor_itinerary it;
    char from_id[40], to_id[40], from_name[260], to_name[260]; /* names are at most 256 bytes: never cut */
} cor_compare_item;

typedef struct cor_compare {
    cor_compare_item **items;
    size_t n, cap;
    const cor_warnings *warnings; /* for the JSON and GeoJSON "warnings" (not owned; NULL: none) */
} cor_compare;

void cor_compare_init(cor_compare *c);
void cor_compare_destroy(cor_compare *c);

/* Route every corridor of g's network from `from` to `to`; append one item
 * per corridor labelled `scenario`.  A network without corridors gives one
 * item, "best", the unconstrained route.  COR_ENOMEM or COR_EUSAGE; a
 * corridor without a route is an item, not an error. */
cor_status cor_compare_run(cor_compare *c, const cor_graph *g, const cor_query *q, const char *scenario,
                           uint32_t from, uint32_t to, cor_diag *d);

/* Does link li meet corridor requirement r, as the filter's query sees it
 * (a passage on its rerouted lanes, a tag, a land border crossed)?  What
 * compare requires of a corridor's route, and what assign counts a flow
 * by.  1 or 0. */
int cor_corridor_link_meets(const cor_filter *f, const cor_network *net, uint32_t li, const cor_requirement *r);

/* What compare routes corridor k with, for the trip from -> to: the query
 * q narrowed to the corridor (*mq) and its filter (*f, with the corridor's
 * required elements; caller destroys it, also after a failure).  COR_OK;
 * COR_ENOROUTE with the reason in why when the trip cannot use the
 * corridor (not applicable, an end avoided, no mode left); COR_EUSAGE or
 * COR_ENOMEM from the filter. */
cor_status cor_corridor_filter(const cor_graph *g, const cor_query *q, const cor_corridor *k, uint32_t from,
                               uint32_t to, cor_query *mq, cor_filter *f, char *why, size_t size, cor_diag *d);

/* The same with the caller's workspace (route.h; one per thread, reused
 * from call to call: a sweep's threads); NULL: one of its own. */
cor_status cor_compare_run_ws(cor_compare *c, const cor_graph *g, const cor_query *q, const char *scenario,
                              uint32_t from, uint32_t to, cor_workspace *ws, cor_diag *d);

/* The reason as tables and CSV show it: "not applicable: REASON" for a
 * corridor the trip cannot use, else REASON. */
const char *cor_compare_reason_text(const cor_compare_item *x, char *buf, size_t size);

/* Table, JSON (corridors[] each with scenario, name, feasible, applicable,
 * defining, totals, difference_to_best and route, or reason), CSV (one row
 * per item), GeoJSON (one
 * FeatureCollection: the legs and stops of every route, each feature
 * tagged with scenario and corridor and carrying that corridor's totals as
 * route_totals) or a quote page (md, html: the corridors side by side,
 * then each corridor's route).  opts may be NULL. */
cor_status cor_write_compare(FILE *out, const cor_compare *c, cor_format fmt);
cor_status cor_write_compare_opts(FILE *out, const cor_compare *c, cor_format fmt, const cor_write_opts *opts);

#endif
