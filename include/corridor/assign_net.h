/*
 * corridor/assign_net.h -- freight assignment on the expanded routing
 * graph: the graph's arcs (running links, services, transfers) and the
 * borders inside link arcs become the links of a cor_anet (assign.h), each
 * mapped back to its asset, and the demand (demand.h) is assigned on it.
 *
 * The assignment network, for one query (year, scenario, closed passages:
 * the cor_filter the routes use):
 *   - zones 0 .. Z-1: the demand's places; a zone's origin connector goes
 *     to every departure state of its node, its destination connector comes
 *     from every arrival state, each with the node's terminal handling, as
 *     route does;
 *   - a node per graph state;
 *   - an arc the filter allows becomes one link, or, when it or its border
 *     has a capacity, a chain tail -> in -> [border] -> [line] -> head whose
 *     capacitated parts carry the asset's delay function;
 *   - background traffic (an asset's other trade, delay_functions.csv) is a
 *     demand between two zones of its own whose only path is the asset's
 *     link: the delay function sees volume + background, the report shows
 *     both.
 * Costs per TEU: time = the arc's hours (dwell, running, wait for the
 * sailing; its delay function's value when congested), money = its USD
 * plus carbon_price x CO2e; class k sees value_of_time_k / 24 x hours +
 * money, which is route --by generalized.
 *
 * Capacities: an asset's capacity per year is its TEU capacity, or its
 * tonnage over t_per_teu (delay_functions.csv's conversion, 12 t/TEU); a
 * two-way asset's capacity and background are split evenly between its two
 * directions (assumption: both directions share the berths, the cranes or
 * the track, and a single-direction solver cannot see the sum).  An asset
 * with no capacity costs its free-flow time whatever the volume.
 *
 * Corridor shares: the demand's flow over the arcs that meet each of a
 * corridor's requirements (compare.h), the smallest of them (a flow must
 * meet all), as a share of the assigned TEU.
 *
 * Ownership: cor_amodel_init/destroy (caller-owned); the model refers to
 * the filter's graph and network, which must outlive it.
 */
#ifndef CORRIDOR_ASSIGN_NET_H
#define CORRIDOR_ASSIGN_NET_H

#include <stdint.h>

#include "corridor/assign.h"
#include "corridor/demand.h"
#include "corridor/route.h"

typedef enum cor_asset_kind { COR_ASSET_LINK, COR_ASSET_TRANSFER, COR_ASSET_BORDER } cor_asset_kind;

typedef struct cor_asset {
    cor_asset_kind kind;
    uint32_t ref;            /* link, transfer or border index */
    const char *kind_name;   /* port, transfer, gauge_change, border, rail, road, sea, feeder, ferry, iww */
    char id[96];             /* link id, NODE:FROM:TO, border id */
    uint8_t vdf;
    double alpha, beta;
    double cap_teu;          /* per year, all directions; 0 = none */
    double bg_teu;           /* background per year, all directions */
    const char *basis, *vdf_source;
    uint32_t ndir;           /* directions open in this query */
    /* results of cor_amodel_solve */
    double volume_teu;       /* the demand's, all directions */
    double vc;               /* the largest (volume + background) / capacity of its directions */
    double delay_hours;      /* flow-weighted mean time above free flow, per TEU (0 for a
                                hard capacity: no queue, the excess is refused) */
    double over_teu;         /* volume + background above capacity, summed over directions
                                (for a hard capacity: the volume refused) */
    double t0_hours;         /* free-flow time per TEU (the larger direction's) */
} cor_asset;

typedef struct cor_od {
    uint32_t from, to;       /* network nodes */
    double teu;              /* per year */
    uint32_t klass;
} cor_od;

typedef struct cor_amodel {
    const cor_filter *f;
    uint32_t nzones;
    uint32_t *zone_node;     /* [nzones] */
    /* the assignment network (arrays owned) */
    cor_anet net;
    uint32_t nlinks, cap_links;
    uint32_t *from, *to;
    double *t0, *cap, *alpha, *beta, *fixed;
    uint8_t *vdf;
    uint32_t *link_asset;    /* [nlinks] asset or COR_NONE */
    double *link_bg;         /* [nlinks] background on the link */
    uint32_t *arc_entry;     /* [narcs] link that carries only the demand over the arc, or COR_NONE */
    uint32_t *arc_alink;     /* [2 narcs] the arc's border and line asset links, or COR_NONE */
    /* demand (the OD rows, then one background pair per loaded asset link) */
    cor_ademand dem;
    uint32_t nod_real;
    uint32_t *orig, *dest;
    double *vol;
    uint8_t *klass;
    double demand_teu;
    cor_asset *assets;
    uint32_t nassets;
    uint32_t *asset_of_link, *asset_of_transfer, *asset_of_border; /* by index, or COR_NONE */
    cor_assign_result res;
    double unassigned_teu;   /* OD demand with no path */
} cor_amodel;

void cor_amodel_init(cor_amodel *m);
void cor_amodel_destroy(cor_amodel *m);

/* Build the assignment network for the filter's query and the OD rows
 * (network nodes, TEU a year, class), with classes' values of time (USD per
 * TEU-day) and the carbon price (USD per t CO2e).  COR_ENOMEM, COR_ELIMIT
 * (more than 2^31 links), COR_EUSAGE (a class index out of range). */
cor_status cor_amodel_build(cor_amodel *m, const cor_filter *f, const cor_vdf_table *vt, const cor_od *od,
                            uint32_t nod, const cor_demand_class *classes, uint32_t nclasses,
                            double carbon_price_usd_per_t, cor_diag *d);

/* Assign (cor_assign) and fill each asset's volume, v/c and delay. */
cor_status cor_amodel_solve(cor_amodel *m, const cor_assign_opts *opts, cor_diag *d);

/* Logit corridor choice instead of an equilibrium: each OD's demand is
 * split among its corridors (compare's: cor_corridor_filter; the best
 * route when no corridor applies) in proportion to exp(-theta c_k), c_k
 * the corridor's best route's generalized cost per TEU at the current
 * flows (free-flow cost + value of time x the assets' delays), by the
 * method of successive averages: each of `iters` iterations (0: 50)
 * reroutes every corridor at the costs of the averaged flows, loads the
 * logit shares on those routes and averages with weight 1/n.  res.rel_gap
 * is then the last iteration's relative flow change sum|y - x| / sum y,
 * not an equilibrium gap; res.converged is 0.  O(iters x OD x corridors x
 * route).  od, nod and classes as given to cor_amodel_build. */
cor_status cor_amodel_logit(cor_amodel *m, const cor_query *q, const cor_od *od, uint32_t nod,
                            const cor_demand_class *classes, double theta, uint32_t iters, cor_diag *d);

/* The demand's flow (TEU a year) that meets every requirement of corridor
 * k, after a solve. */
double cor_amodel_corridor_teu(const cor_amodel *m, const cor_corridor *k);

/* The demand's flow over graph arc a after a solve (0 if closed). */
double cor_amodel_arc_teu(const cor_amodel *m, uint32_t arc);

#endif
