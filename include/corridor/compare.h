/*
 * corridor/compare.h -- corridors side by side, under scenarios.
 *
 * cor_compare_run() routes from A to B once per corridor of the network
 * (corridors.csv): the user's query, plus the corridor's via places, avoided
 * places, links and passages and its modes.  Each result is an item: the
 * full itinerary, or the reason there is none.  Running it once per
 * scenario network gives the scenario x corridor table.
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
    char reason[COR_DIAG_TEXT];
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

/* Table, JSON (corridors[] each with scenario, name, feasible, totals,
 * difference_to_best and route), CSV (one row per item), GeoJSON (one
 * FeatureCollection: the legs and stops of every route, each feature
 * tagged with scenario and corridor and carrying that corridor's totals as
 * route_totals) or a quote page (md, html: the corridors side by side,
 * then each corridor's route).  opts may be NULL. */
cor_status cor_write_compare(FILE *out, const cor_compare *c, cor_format fmt);
cor_status cor_write_compare_opts(FILE *out, const cor_compare *c, cor_format fmt, const cor_write_opts *opts);

#endif
