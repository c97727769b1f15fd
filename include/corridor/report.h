/*
 * corridor/report.h -- from a path of arcs to what a forwarder reads: legs,
 * stops and totals; and the writers (table, JSON, GeoJSON, CSV).
 *
 * A *leg* is a maximal run of link arcs of one mode class with no stop in
 * between, all generic sea services or none (a generic one is marked in
 * every format: the table's "generic sea (no scheduled service)" line,
 * JSON and GeoJSON "generic": true, the CSV "generic" column); a *stop* is a transfer (port handling, rail<->road transfer,
 * gauge change) or a border crossing.  A border crossing attached to a link
 * is reported as a stop at the border's node: before the link's leg part if
 * the border node is where the link is entered, after it otherwise.  The
 * sum of legs and stops equals the path's cost on every criterion.
 *
 * GeoJSON (RFC 7946): one FeatureCollection; each leg a LineString
 * feature (its totals, "element": "leg"), each stop a Point feature at its
 * node ("element": "stop", kind, node, name, dwell_hours, cost_usd,
 * co2e_kg), in the order of the trip; every feature also carries the whole
 * route's totals as "route_totals" (so a map shows them on any click).
 *
 * Ownership: cor_itinerary_init/destroy (caller-owned; destroy is safe after
 * a failed build).  Writers never close the FILE and return COR_EIO on a
 * write error.
 */
#ifndef CORRIDOR_REPORT_H
#define CORRIDOR_REPORT_H

#include <stdio.h>

#include "corridor/access.h"
#include "corridor/alternatives.h"
#include "corridor/route.h"
#include "corridor/warn.h"

typedef struct cor_totals {
    double distance_km, hours, cost_usd, co2e_kg;
    uint32_t handlings, border_crossings, gauge_changes;
    /* corridor indicators (CAREC CPMM style) */
    double moving_hours;               /* running time: distance / speed */
    double border_hours, border_usd;   /* at border crossings */
    double handling_hours, handling_usd; /* at ports, transfers, gauge changes */
    double leg_fixed_usd;              /* fixed fees and dues in the legs' cost (canal, service) */
    /* emissions (ISO 14083 / GLEC structure) */
    double leg_co2e_kg, hub_co2e_kg;   /* WTW, transport chain elements */
    double tonne_km;
    double ttw_kg;                     /* tank-to-wheel part; NAN if a factor lacks it */
    double reefer_co2e_kg;             /* a reefer unit's running (box.h), in co2e_kg, not in legs or hubs */
} cor_totals;

typedef struct cor_leg {
    uint32_t seq;                 /* position among legs and stops, from 1 */
    uint32_t from, to;            /* nodes */
    uint8_t cls;
    double distance_km, hours, cost_usd, co2e_kg;
    double fixed_usd;             /* fixed fees and dues in cost_usd (a canal transit, a service fee) */
    double moving_hours;          /* distance / speed (with a truck's rests), without waits */
    double tonne_km, ttw_kg;      /* ttw NAN if the mode's factor lacks it */
    uint32_t first_arc, narcs;    /* slice of the path's arcs */
    const cor_emission_factor *factor; /* of its first link (not owned) */
    int mixed_factors;            /* 1 if its links use different factors */
    int generic;                  /* 1: a generic sea service (no scheduled service; model.h) */
    double wait_hours;            /* expected waits for departures included in hours */
    double reefer_co2e_kg;        /* the reefer unit's part of co2e_kg (box.h) */
} cor_leg;

typedef struct cor_stop {
    uint32_t seq;
    uint32_t node;
    cor_stop_kind kind;
    uint8_t from_cls, to_cls;     /* equal for a border crossing */
    uint32_t ref;                 /* transfer or border index */
    double hours, cost_usd, co2e_kg;
    double reefer_co2e_kg;        /* the reefer unit's part of co2e_kg (box.h) */
} cor_stop;

typedef struct cor_itinerary {
    const cor_graph *g;           /* not owned */
    const cor_query *q;           /* not owned */
    uint32_t from, to;
    cor_path path;                /* owned copy of the arcs */
    cor_link_view *views;         /* [path.narcs] each link arc as the query saw it */
    uint32_t *view_waypoints;     /* storage for the views' waypoints */
    cor_leg *legs;
    uint32_t nlegs;
    cor_stop *stops;
    uint32_t nstops;
    cor_totals totals;
    /* Warnings the front end wants in the JSON and GeoJSON outputs as a
     * top-level "warnings" array (not owned; NULL: no array). */
    const cor_warnings *warnings;
    /* What chose the route when it is not the query's objective, e.g.
     * "p95" for route --by p95 (a static string, not owned; NULL: the
     * query's objective).  Titles and the JSON "objective" say it. */
    const char *chosen_by;
    /* First and last mile by road from and to a city that is not a node
     * (access.h); present = 0 when the end is a node.  Their seq: the
     * first mile is 1, the last mile after every leg and stop. */
    cor_access_leg first_mile, last_mile;
    uint32_t first_mile_seq, last_mile_seq;
} cor_itinerary;

void cor_itinerary_init(cor_itinerary *it);
void cor_itinerary_destroy(cor_itinerary *it);

/* it->chosen_by, or the name of the query's objective ("time", ...). */
const char *cor_itinerary_chosen_by(const cor_itinerary *it);

/* Build legs and stops from a path.  O(path length). */
cor_status cor_itinerary_build(cor_itinerary *it, const cor_filter *f, const cor_query *q,
                               const cor_path *p, cor_diag *d);

/* Add the first and last mile (either may be NULL or not present) to an
 * itinerary built from the path between their terminals: the legs and
 * stops are numbered after the first mile, and the totals include both.
 * Every writer then shows them, marked with their method. */
void cor_itinerary_set_access(cor_itinerary *it, const cor_access_leg *first, const cor_access_leg *last);

/* Output formats.  md and html are a *quote*: one page a forwarder can
 * paste or send (the route in words, legs and stops, totals per box, what
 * is included and excluded, the data date, the restriction regimes in
 * force, the assumptions with their sources); see cor_write_quote. */
typedef enum cor_format {
    COR_FMT_TABLE,
    COR_FMT_JSON,
    COR_FMT_GEOJSON,
    COR_FMT_CSV,
    COR_FMT_MD,   /* GitHub-flavoured Markdown */
    COR_FMT_HTML  /* one self-contained page: inline CSS, no scripts */
} cor_format;
int cor_format_parse(const char *s, cor_format *f);
/* "table, json, geojson, csv, md or html": for messages. */
const char *cor_format_names(void);

/* Plain-text tables fit this many display columns unless wide is asked:
 * long prose lines wrap at spaces, long names move to their own line, and
 * the compare table of several scenarios leaves out its count columns. */
#define COR_TABLE_COLUMNS 100u

typedef struct cor_write_opts {
    int wide; /* tables: every column, no line wrapped (--wide) */
} cor_write_opts;

/* opts may be NULL (the defaults: tables fit COR_TABLE_COLUMNS). */
cor_status cor_write_itinerary(FILE *out, const cor_itinerary *it, cor_format fmt);
cor_status cor_write_itinerary_opts(FILE *out, const cor_itinerary *it, cor_format fmt, const cor_write_opts *opts);

/* The route in words: "By sea from Nhava Sheva to Chabahar, truck to
 * Astara (Iran), rail via Baku to Moscow".  Legs of one mode that follow
 * each other (across a border or a gauge change) are one part; a part
 * names "via" the first station, port or depot (else the first place that
 * is not a sea waypoint) of each country it passes through strictly
 * between its ends' countries, a sea part the passages it goes through
 * ("through suez"), and a part with gauge changes where they are ("rail
 * (gauge change at Sarakhs)").  Written into buf (cut between characters if
 * it is too small); returns the length it needed, as snprintf. */
size_t cor_route_in_words(const cor_itinerary *it, char *buf, size_t size);

/* The network's data date: the newest status_as_of of its links (dates
 * written YYYY, YYYY-MM or YYYY-MM-DD compare as text), "" if no link has
 * one.  Written into buf. */
void cor_data_date(const cor_network *net, char *buf, size_t size);

/* Does a source text mark its figure as an assumption or a derivation?
 * Case-insensitive words beginning "assum" (assumption, assumed),
 * "derived", "proxy" or "estimat" (estimate, estimated). */
int cor_source_is_assumption(const char *source);

/* Several routes (kind "pareto" or "alternatives"): a summary and each
 * route (table), {"kind", "search", "routes": [...]} (JSON), the legs of
 * all routes with a "route" property and a "search" member (GeoJSON), rows
 * with a "route" column (CSV).  `set` (may be NULL) is how the routes were
 * found: a set cut short by a budget or an approximate front says so in
 * the table and in "search" (truncated, limit, complete_up_to_hours,
 * epsilon, labels, work). */
cor_status cor_write_itineraries(FILE *out, cor_itinerary *const *its, uint32_t n, cor_format fmt,
                                 const char *kind, const cor_path_set *set);
cor_status cor_write_itineraries_opts(FILE *out, cor_itinerary *const *its, uint32_t n, cor_format fmt,
                                      const char *kind, const cor_path_set *set, const cor_write_opts *opts);

/* The command-line option that raises a set's budget ("--max-labels" for
 * max_labels and max_routes, "--max-work"), or "" if it was not cut. */
const char *cor_set_limit_option(const cor_path_set *set);

/* The lines that say which box and weight the figures are for, and which
 * roads its weight closes ("Box: 40' dry (2 TEU), cargo 20.0 t (typical),
 * gross 23.8 t; figures per box"); nothing for an unset box.  Nonzero on a
 * write error. */
int cor_box_lines(FILE *out, const cor_query *q);

/* The query's box as a JSON object (jansson json_t *; NULL on no memory):
 * id, name, teu, reefer, tare_t, max_gross_t, cargo_t, cargo_basis,
 * gross_t, figures_per, pricing, road_closed_in. */
struct json_t;
struct json_t *cor_box_json(const cor_query *q, const cor_network *net);

/* List nodes matching `query` (cor_node_matches) in a format. */
cor_status cor_write_nodes(FILE *out, const cor_network *net, const char *query, cor_format fmt,
                           uint32_t *nmatched);

#endif
