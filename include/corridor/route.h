/*
 * corridor/route.h -- single-objective shortest paths on the expanded graph.
 *
 * A cor_query says what "best" means (objective, value of time, carbon
 * price) and which arcs may be used (year, modes, avoided nodes, links and
 * passages) and which nodes must be visited in order (via).  A cor_filter is
 * the query compiled against one graph: one weight per arc, +inf for an arc
 * the query forbids.  Compile once, route many times.  Its memory is about
 * 64 bytes an arc (weight 8, the four criteria 32, the packed head and
 * weight the router scans 16, more with required sets) and 32 a state.
 *
 * cor_shortest_path() runs Dijkstra with a 4-ary indexed heap on the layered
 * graph (layer i = "visited the first i via nodes"), multi-source from every
 * state of the origin, each starting at its terminal handling, and stops
 * when no label can beat the best destination state settled in the last
 * layer plus its terminal handling.  O((V + A) log V) per layer, where V and
 * A are the states and arcs.  With one layer (no via, no required set) a
 * dedicated loop runs: the packed arcs and a heap without decrease-key.
 *
 * The workspace (cor_workspace) holds per-query labels, reset in O(1) with a
 * timestamp; one per thread.  Ownership: _new/_free; _free accepts NULL.
 */
#ifndef CORRIDOR_ROUTE_H
#define CORRIDOR_ROUTE_H

#include <stdint.h>

#include "corridor/box.h"
#include "corridor/graph.h"
#include "corridor/status.h"

#define COR_MAX_VIA 16u
#define COR_MAX_AVOID 256u
#define COR_MAX_AVOID_COUNTRIES 32u

typedef enum cor_objective {
    COR_BY_TIME,
    COR_BY_COST,
    COR_BY_CO2,
    COR_BY_DISTANCE,
    COR_BY_GENERALIZED
} cor_objective;

const char *cor_objective_name(cor_objective o);
int cor_objective_parse(const char *s, cor_objective *o);

typedef struct cor_query {
    cor_objective by;
    double value_of_time_usd_per_teu_day; /* generalized cost only */
    double carbon_price_usd_per_t;        /* generalized cost only */
    int year;                             /* links open in this year */
    uint32_t modes;                       /* bit per cor_mode; 0 = all; transfers
                                             into or out of another mode's class
                                             are closed too */
    uint32_t avoid_nodes[COR_MAX_AVOID];
    uint32_t navoid_nodes;
    uint32_t avoid_links[COR_MAX_AVOID];
    uint32_t navoid_links;
    uint64_t avoid_passages;              /* bit per passage of the network */
    uint32_t via[COR_MAX_VIA];
    uint32_t nvia;
    /* Emissions: tonnes of cargo per TEU (0 = each mode's payload) and the
     * share of empty running to add to the tonne-km (0 = none; the default
     * factors already include typical empty running). */
    double payload_t_per_teu, empty_running;
    /* Restriction regimes in force (bit per regime of the network); when
     * restrictions_given is 0, the network's defaults. */
    uint64_t restrictions;
    int restrictions_given;
    /* Countries whose places no route may use (ISO 3166 alpha-2). */
    char avoid_countries[COR_MAX_AVOID_COUNTRIES][3];
    uint32_t navoid_countries;
    /* Generic sea services (model.h) between ports that no modelled
     * service joins: off (0) by default, so that they never replace the
     * real services of an ordinary route.  generic_wait_hours is the
     * assumed expected wait for one (0 = COR_GENERIC_WAIT_HOURS). */
    int generic_sea;
    double generic_wait_hours;
    /* The box moved (box.h): its type, cargo, per-item pricing and road
     * limits; box.set 0 (cor_query_init) = a 20' priced per TEU. */
    cor_box_spec box;
    /* Month of departure (1-12; 0 = none) and the reliability table whose
     * seasons (simulate.h, seasons.csv) close links and places in that
     * month (NULL = none; not owned, must outlive the filters). */
    int depart_month;
    const struct cor_reliability *reliability;
} cor_query;

/* The query's box: q->box, or the default 20' when it is not set. */
const cor_box_spec *cor_query_box(const cor_query *q);

/* The cargo tonnes whose tonne-km a leg of mode m carries under q: the
 * box's cargo, else --payload-t x the box's TEU, else the mode's payload
 * per TEU x the box's TEU. */
double cor_query_cargo_t(const cor_query *q, const cor_network *net, cor_mode m);

/* The regimes in force for q on net: those the query names, or else the
 * network's default regimes whose `since` year is not after the query's
 * year (a route for 2020 is not closed by a regime of 2022). */
uint64_t cor_query_restrictions(const cor_query *q, const cor_network *net);

/* The factor by which the query's payload and empty running scale a
 * mode's emissions (1 with the defaults). */
double cor_co2_scale(const cor_query *q, const cor_network *net, cor_mode m);

/* A query with defaults: by time, every mode, the given year. */
void cor_query_init(cor_query *q, int year);

/* This year (UTC): the default year of a query (--year), and the year
 * whose links corridor build contracts hierarchies for.  2026 if the
 * clock cannot be read. */
int cor_this_year(void);

/* A link as one query sees it: a service that follows the sea lanes is
 * rerouted when the query closes a passage on its lane path. */
typedef struct cor_link_view {
    double distance_km, fixed_hours, fixed_usd;
    uint64_t passages;
    const uint32_t *waypoints;
    uint32_t nwaypoints;
    double wait_hours;   /* expected wait for a departure (a generic service's: the query's) */
    int closed;          /* no lane path avoids the closed passages */
} cor_link_view;

/* An arc as the router scans it: its weight and head state side by side,
 * so that scanning a state's arcs reads one array, not two. */
typedef struct cor_arc_hw {
    double w;            /* == the filter's weight[a] */
    uint32_t head;       /* == g->head[a] */
    uint32_t spare;      /* 0 */
} cor_arc_hw;

typedef struct cor_filter {
    const cor_graph *g;
    double *weight;      /* [narcs]; INFINITY = forbidden.  A caller that
                            changes weights calls cor_filter_weights_changed() */
    cor_arc_hw *arcs;    /* [narcs] weight[a] and g->head[a] again, packed
                            (16 bytes an arc): what cor_shortest_path scans */
    double *crit;        /* [4 * narcs]: hours, usd, co2e_kg, km of each arc as
                            this query sees it (rerouted services included) */
    uint8_t *node_ok;    /* [nnodes]; 0 = no route may use the place */
    uint8_t *node_why;   /* [nnodes]; 0 usable, 1 --avoid, 2 an avoided country,
                            3 + i closed by restriction regime i */
    uint8_t *zone;       /* [nnodes] 1: a zone (node kind "zone", as TNTP's nodes below
                            <FIRST THRU NODE>): a route may start or end there but not
                            pass through; NULL when the network has none */
    uint32_t closed_links; /* links the query's restrictions close */
    double *term_w;      /* [nstates] weight of the terminal handling of a
                            route starting or ending in the state (0 = none) */
    double *term_crit;   /* [3 * nstates] hours, usd, co2e_kg of that handling
                            for the query's box */
    uint32_t road_closed; /* road links closed by the box's weight (box.h) */
    cor_link_view *views; /* [nlinks], or NULL when no link is rerouted */
    uint32_t **owned;    /* waypoint arrays owned by the filter */
    uint32_t nowned;
    /* Required elements (a corridor's `requires`): bit i of req_bits[a] is
     * set when arc a satisfies requirement i; a route must use, for every
     * i < nreq, at least one arc with bit i.  NULL / 0 = none.  Set by
     * cor_filter_require(); only cor_shortest_path() honours them. */
    uint8_t *req_bits;   /* [narcs] or NULL */
    uint32_t nreq;
    /* The query's month of departure and reliability table, when its
     * seasons closed something (node_why COR_WHY_SEASON); else 0, NULL. */
    int depart_month;
    const struct cor_reliability *reliability;
} cor_filter;
#define COR_WHY_SEASON 255u

#define COR_MAX_REQUIRED 4u
/* Require every route of the filter to use at least one arc of each of the
 * n sets: bits[a] bit i set = arc a is in set i (the filter takes a copy).
 * COR_EUSAGE if n > COR_MAX_REQUIRED, COR_ENOMEM.  O(A). */
cor_status cor_filter_require(cor_filter *f, const uint8_t *bits, uint32_t n, cor_diag *d);

/* Why no route may use `node` ("avoided (--avoid)", "in an avoided
 * country (--avoid-country IR)", "closed by the restriction ..."), written
 * into buf; NULL if it is usable. */
const char *cor_filter_node_problem(const cor_filter *f, uint32_t node, char *buf, size_t size);

/* The link as the filter's query sees it. */
void cor_filter_link_view(const cor_filter *f, uint32_t link, cor_link_view *out);

/* Cost of one TEU over a link as seen through a view (no border). */
void cor_link_cost_view(const cor_network *net, const cor_link *l, const cor_link_view *v, double *hours,
                        double *usd, double *co2e_kg);

/* A stop of kind k, or a leg part of mode m, priced for the query's box
 * (box.h): usd and co2e_kg of one TEU in, of the box out; the reefer
 * unit's CO2e over `hours` into *reefer_co2e_kg (not added to co2e_kg). */
void cor_box_stop_cost(const cor_query *q, cor_stop_kind k, double hours, double *usd, double *co2e_kg,
                       double *reefer_co2e_kg);
void cor_box_leg_cost(const cor_query *q, cor_mode m, double hours, double *usd, double *co2e_kg,
                      double *reefer_co2e_kg);

/* Is road link l closed to the query's box by a road weight limit (the
 * box's gross above the limit in the country of either end)? */
int cor_box_road_closed(const cor_query *q, const cor_network *net, const cor_link *l);

/* The weight of (hours, usd, co2e, km) under the query's objective. */
double cor_weight(const cor_query *q, double hours, double usd, double co2e_kg, double km);

/* Compile q against g.  A generic sea service (model.h) is refused unless
 * q->generic_sea; when allowed, it is closed like the services a regime in
 * force closes between the same two countries (a generic service never
 * goes round a restriction), and rerouted like any service when a passage
 * on its lanes is closed.  COR_EUSAGE (with a message) for an out-of-range
 * index or wait; COR_ELIMIT if the query asks for generic services and the
 * network had too many port pairs to build them; COR_ENOMEM.  Caller-owned: cor_filter_destroy (safe after a failed
 * init). O(A). */
cor_status cor_filter_init(cor_filter *f, const cor_graph *g, const cor_query *q, cor_diag *d);
void cor_filter_destroy(cor_filter *f);

/* After changing f->weight (a traffic assignment adds congestion to the
 * weights; a benchmark rounds them), copy the weights into f->arcs, which
 * is what cor_shortest_path() reads.  O(A). */
void cor_filter_weights_changed(cor_filter *f);

/* The weight of an arc under an objective. */
double cor_arc_weight(const cor_graph *g, uint32_t arc, const cor_query *q);

typedef struct cor_workspace cor_workspace;

cor_workspace *cor_workspace_new(void);
void cor_workspace_free(cor_workspace *ws);

/* A path: the arcs in order (caller-owned; cor_path_destroy). */
typedef struct cor_path {
    uint32_t *arcs;
    uint32_t narcs, cap;
    uint32_t from_node, to_node;
    double weight;
} cor_path;

void cor_path_init(cor_path *p);
void cor_path_destroy(cor_path *p);

/* Best path from node `from` to node `to` through q->via in order, using
 * an arc of each of the filter's required sets.  No node twice: the search
 * is exact on the layered state graph, whose best path may visit a place
 * twice (in two classes, or when via points or required elements lie
 * behind each other).  Such a path is never returned: the best loop-free
 * route is returned instead, found without via points and required sets as
 * the first loop-free route of the K best (cor_k_shortest, default budget),
 * and with them by branch and bound over the layers a place may be in (at
 * most 128 searches, exact when it settles; dijkstra.c).  If none is found,
 * COR_ENOROUTE with "... force a loop: the best route passes X twice, and
 * no loop-free route was found" in d.
 * COR_ENOROUTE if none; COR_EUSAGE if from/to/via is avoided; COR_ENOMEM. */
cor_status cor_shortest_path(const cor_filter *f, const cor_query *q, cor_workspace *ws,
                             uint32_t from, uint32_t to, cor_path *out, cor_diag *d);

/* A state where a search may start (with an initial weight) or end (with a
 * final weight added). */
typedef struct cor_state_weight {
    uint32_t state;
    double w;
} cor_state_weight;

/* Best path through q->via in order from any of src[] to any of dst[],
 * each with its weight (first and last mile, access.h): at least one arc,
 * leaving its start node once.  out->from_node and out->to_node are the
 * nodes of the states chosen; out->weight includes both end weights.
 * COR_ENOROUTE if none; COR_EUSAGE for a state out of range or a weight
 * that is negative or NaN; COR_ENOMEM.  The caller checks the nodes with
 * cor_filter_node_problem.  O((V + A) log V) per layer. */
cor_status cor_shortest_path_multi(const cor_filter *f, const cor_query *q, cor_workspace *ws,
                                   const cor_state_weight *src, uint32_t nsrc, const cor_state_weight *dst,
                                   uint32_t ndst, cor_path *out, cor_diag *d);

/* Does path p pass a place twice?  Its places are the origin and the end
 * of each link (a transfer stays at its place).  Sea-lane waypoints are not
 * places of the route: a port inside the Sea of Marmara is reached and
 * left through the same lane node.  1 and *node (if not NULL) the place,
 * 0, or -1 if out of memory.  O(P log P) for P places. */
int cor_path_repeated_node(const cor_filter *f, const cor_path *p, uint32_t *node);

/* Can a generic sea service serve a route from `from` to `to`?  COR_OK;
 * COR_EUSAGE if either is not a port (the message names it); COR_ENOROUTE
 * if they do not lie on one sea (no lane path joins them: Aktau and
 * Rotterdam), with the reason in d. */
cor_status cor_generic_sea_ends(const cor_network *net, uint32_t from, uint32_t to, cor_diag *d);

/* After cor_shortest_path found no route for q (q->generic_sea off):
 * would allowing generic sea services give one?  1 if so, else 0 (also on
 * any error).  Compiles a second filter: O(A) plus one search. */
int cor_generic_sea_would_route(const cor_graph *g, const cor_query *q, cor_workspace *ws, uint32_t from,
                                uint32_t to);

#endif
