/*
 * corridor/model.h -- the network model: nodes, links, transfer rules,
 * border crossings and mode parameters, loaded from a folder of CSV files.
 *
 * A network folder holds (each a CSV file with a header row):
 *   nodes.csv      id, id_kind, name, aliases, country, kind, lat, lon,
 *                  passage, source
 *   modes.csv      mode, speed_kmh, rate_usd_per_teu_km, co2e_g_per_tkm,
 *                  scope, payload_t_per_teu, source
 *   links.csv      id, from, to, mode, gauge_mm, distance_km, speed_kmh,
 *                  rate_usd_per_teu_km, co2e_g_per_tkm, fixed_hours,
 *                  fixed_usd, headway_hours, capacity_teu_per_year, status,
 *                  open_year, close_year, border, passages, waypoints,
 *                  corridors, oneway, source
 *   transfers.csv  node, from_class, to_class, kind, dwell_hours,
 *                  dwell_p95_hours, cost_usd, co2e_kg,
 *                  capacity_teu_per_year, source          (optional file)
 *   borders.csv    id, node, name, countries, dwell_hours, dwell_p95_hours,
 *                  fee_usd, source                         (optional file)
 *   sealanes.csv   from, to, distance_km, fixed_hours, fixed_usd, passages,
 *                  source                                  (optional file)
 *   corridors.csv  name, description, via, avoid, modes, requires,
 *                  defining, near, beyond, source
 *                                                          (optional file)
 *   terminals.csv  node, class, dwell_hours, dwell_p95_hours, cost_usd,
 *                  co2e_kg, source (optional; origin and destination handling)
 *   emission_factors.csv  id, mode, wtw_g_per_tkm, ttw_g_per_tkm, version,
 *                  default, source (optional; a mode's default row replaces
 *                  the mode's co2e_g_per_tkm with its WTW value; links may
 *                  name another row with emission_factor)
 *   driving_rules.csv  country, drive_hours_per_day, rest_hours_per_day,
 *                  source (optional; trucks' rests)
 *   rates.csv      mode, country, rate_usd_per_teu_km, source (optional;
 *                  line-haul rates by country where they differ from the
 *                  mode's default; a link's own rate wins)
 *   restrictions.csv  id, name, closes, since, default, source (optional;
 *                  regimes that close borders, places, links, services)
 *   links.csv also: status_as_of, wait_hours, operator, emission_factor,
 *                  capacity_t_per_year, capacity_basis (optional)
 *   transfers.csv also: capacity_t_per_year, capacity_basis (optional)
 *   services.csv   id, name, operator, mode, rotation, loop, headway_hours,
 *                  wait_hours, port_call_hours, speed_kmh,
 *                  rate_usd_per_teu_km, emission_factor,
 *                  status, open_year, close_year, status_as_of, corridors,
 *                  source (optional; liner services by their port rotation)
 *
 * A liner service (services.csv) calls at its ports in rotation order,
 * round a loop or one way.  Loading expands it into one oneway link per
 * ordered pair of its ports in call order, named SERVICE:FROM:TO: the
 * link follows the lanes through the intermediate calls, spends
 * port_call_hours at each of them and waits half a headway for the
 * sailing, so a container stays on one vessel from its port of loading to
 * its port of discharge; changing vessel is a transshipment, which needs a
 * sea -> sea transfer rule at the port.  When a query closes a passage, a
 * service leg that cannot reach a call without it omits that call (as
 * carriers do); a link whose ends cannot be reached is closed.
 *
 * Sea lanes are not routed on directly: they are the chart that vessel
 * services (links with waypoints = "auto") follow.  A service's distance,
 * fixed time and fee, waypoints and passages are those of the shortest lane
 * path between its ends, found at load time and again, per query, when a
 * passage on it is closed (so closing Suez sends services round the Cape).
 * docs/data-format.md describes every column.
 *
 * A *mode class* is a mode plus, for rail, a gauge: "sea", "feeder", "road",
 * "rail1435", "rail1520".  Changing class at a node needs a transfer rule
 * there; a gauge change is such a transfer.
 *
 * The network is immutable once loaded and may be shared between threads.
 * Ids are dense uint32_t indices in load order.  All strings are owned by
 * the network.
 *
 * Ownership: cor_network_load() allocates; cor_network_free() releases (it
 * accepts NULL).
 */
#ifndef CORRIDOR_MODEL_H
#define CORRIDOR_MODEL_H

#include <stdint.h>

#include "corridor/status.h"

#define COR_NONE UINT32_MAX

/* Limits (growth points), each reported as COR_ELIMIT when exceeded. */
#define COR_MAX_WAYPOINTS 256u
#define COR_MAX_ROTATION 32u   /* ports in a service's rotation */
#define COR_MAX_SERVICES 100000u
#define COR_MAX_NODES 10000000u
#define COR_MAX_LINKS 50000000u
#define COR_MAX_CLASSES 32u
#define COR_MAX_PASSAGES 64u
#define COR_MAX_ALIASES 32u

typedef enum cor_mode {
    COR_MODE_SEA,     /* deep-sea container service */
    COR_MODE_FEEDER,  /* short-sea / Caspian container or ro-ro service */
    COR_MODE_RAIL,
    COR_MODE_ROAD,
    COR_MODE_FERRY,   /* rail or truck ferry */
    COR_MODE_IWW,     /* inland waterway */
    COR_MODE_COUNT
} cor_mode;

const char *cor_mode_name(cor_mode m);
/* Parse a mode name; returns 0 and sets *m, or -1. */
int cor_mode_parse(const char *s, cor_mode *m);

typedef enum cor_stop_kind {
    COR_STOP_PORT,         /* port handling (sea <-> land, transshipment) */
    COR_STOP_TRANSFER,     /* change of mode on land (rail <-> road) */
    COR_STOP_GAUGE_CHANGE, /* bogie exchange or transshipment between gauges */
    COR_STOP_BORDER,       /* border crossing */
    COR_STOP_TERMINAL      /* handling where a route starts or ends */
} cor_stop_kind;

const char *cor_stop_kind_name(cor_stop_kind k);

typedef struct cor_class {
    cor_mode mode;
    uint16_t gauge_mm;  /* 0 unless mode is rail */
    char name[16];      /* "sea", "rail1435", ... */
} cor_class;

typedef struct cor_node {
    const char *id, *id_kind, *name, *country, *kind, *source;
    const char **aliases;
    uint32_t naliases;
    double lat, lon;
    uint64_t passages; /* bit i = passage i of the network */
} cor_node;

/* An emission factor for a mode (ISO 14083 / GLEC structure): grams CO2e
 * per tonne-km, well-to-wheel and tank-to-wheel, from a versioned table. */
typedef struct cor_emission_factor {
    int defined;
    const char *id, *version, *source;
    double wtw_g_per_tkm, ttw_g_per_tkm;
    cor_mode mode;
    int is_default;         /* the mode's default (links name others by id) */
} cor_emission_factor;

typedef struct cor_mode_params {
    int defined;
    double speed_kmh, rate_usd_per_teu_km, co2e_g_per_tkm, payload_t_per_teu;
    const char *scope, *source;
} cor_mode_params;

typedef struct cor_link {
    const char *id, *status, *source, *corridors;
    const char *status_as_of;  /* date the status was checked ("" if not given) */
    const char *operator_name; /* carrier or railway ("" if not given) */
    const char *capacity_basis; /* how the capacity was found ("" if not given) */
    uint32_t factor;           /* emission factor row (cor_network_factor_row), or COR_NONE: the mode's */
    double wait_hours;         /* expected wait for a departure: headway / 2, or as given */
    double rest_per_drive_hour; /* road: hours of rest per hour of driving (driving_rules.csv) */
    double capacity_t_per_year;
    uint32_t from, to;
    cor_mode mode;
    uint8_t cls;            /* index into the class table */
    uint16_t gauge_mm;
    int distance_computed;  /* 1 if distance_km was blank: great circle */
    int oneway;
    int auto_lanes;         /* 1 if waypoints = "auto": follows the sea lanes */
    /* Resolved parameters (link value, or the mode default).  For an auto
     * link, distance, fixed time and fee include its lane path's. */
    double distance_km, speed_kmh, rate_usd_per_teu_km, co2e_g_per_tkm;
    double fixed_hours, fixed_usd, headway_hours, capacity_teu_per_year;
    double own_fixed_hours, own_fixed_usd; /* the link's own, without lanes */
    int open_year, close_year; /* 0 = none */
    uint32_t border;           /* index into borders, or COR_NONE */
    uint64_t passages;         /* own tags and those of its waypoints */
    uint64_t own_passages;     /* the link's own tags */
    const uint32_t *waypoints; /* sea waypoints from -> to (nodes) */
    uint32_t nwaypoints;
    int generic;               /* 1: a generic sea service (see below), not a modelled one */
    /* A link expanded from a liner service (services.csv): */
    uint32_t service;          /* index into the services, or COR_NONE */
    const uint32_t *calls;     /* ports it calls at between from and to, in order */
    uint32_t ncalls;
    double call_hours;         /* time at each of those calls (in own_fixed_hours) */
} cor_link;

/* A liner service: its ports in call order (a loop returns from the last
 * to the first), and the links it was expanded to. */
typedef struct cor_service {
    const char *id, *name, *operator_name, *status, *status_as_of, *corridors, *source;
    cor_mode mode;
    const uint32_t *ports;     /* rotation, call order */
    uint32_t nports;
    int loop;                  /* 1: round voyage; 0: one way */
    double headway_hours, wait_hours, port_call_hours;
    uint32_t factor;           /* emission factor row, or COR_NONE: the mode's */
    uint32_t first_link, nlinks; /* its links: first_link .. first_link + nlinks - 1 */
} cor_service;

typedef struct cor_transfer {
    uint32_t node;
    uint8_t from_cls, to_cls;
    cor_stop_kind kind;
    double dwell_hours, dwell_p95_hours, cost_usd, co2e_kg, capacity_teu_per_year;
    double capacity_t_per_year;  /* for assets rated in tonnes (0 if not given) */
    const char *source;
    const char *capacity_basis;  /* how the capacity was found ("" if not given) */
} cor_transfer;

/* Handling at the origin or destination of a route that starts or ends at
 * `node` in class `cls` (loading a ship at the port of origin, unloading a
 * train at the terminal of destination). */
typedef struct cor_terminal {
    uint32_t node;
    uint8_t cls;
    double dwell_hours, dwell_p95_hours, cost_usd, co2e_kg;
    const char *source;
} cor_terminal;

typedef struct cor_border {
    const char *id, *name, *countries, *source;
    uint32_t node;
    double dwell_hours, dwell_p95_hours, fee_usd;
} cor_border;

typedef struct cor_lane {
    uint32_t from, to;
    double distance_km, fixed_hours, fixed_usd;
    uint64_t passages; /* own tags and those of both end nodes */
    const char *source;
} cor_lane;

/* The shortest sea-lane path between two nodes.  waypoints (malloc'd,
 * caller frees) are the nodes strictly between the ends. */
typedef struct cor_sea_path {
    double distance_km, fixed_hours, fixed_usd;
    uint64_t passages;
    uint32_t *waypoints;
    uint32_t nwaypoints;
} cor_sea_path;

/* A corridor: a named family of routes, defined by places it must pass
 * (in order) and places, links and passages it must not use, and the
 * modes it may use (how it is searched), and by what makes a route that
 * corridor (corridors.csv `requires`, `defining`, `near`, `beyond`):
 *   requires  elements every route of the corridor has, all of them:
 *             passage:P    passes passage P (suez, goodhope, ...)
 *             tag:T        uses a link tagged T in links.csv `corridors`
 *                          (tag:caspian: crosses the Caspian by sea)
 *             border:A-B   crosses the land border between countries A
 *                          and B (a rail or road link, either direction)
 *   defining  the same in words ("crosses the Caspian by sea")
 *   near, beyond  the countries before and beyond the defining element:
 *             the corridor applies to a trip with one end in `near` and
 *             the other in `beyond` (either way round); empty = any
 *             country.  Nhava Sheva (IN) - Tehran (IR) is not a trip for
 *             a corridor whose near side holds both India and Iran. */
#define COR_CORRIDOR_MAX_VIA 8u
#define COR_CORRIDOR_MAX_AVOID 32u
#define COR_CORRIDOR_MAX_REQUIRES 8u
#define COR_CORRIDOR_MAX_COUNTRIES 48u
typedef enum cor_requirement_kind { COR_REQ_PASSAGE, COR_REQ_TAG, COR_REQ_BORDER } cor_requirement_kind;
typedef struct cor_requirement {
    cor_requirement_kind kind;
    uint32_t passage;       /* COR_REQ_PASSAGE: passage index */
    char tag[32];           /* COR_REQ_TAG */
    char a[3], b[3];        /* COR_REQ_BORDER: the two countries */
} cor_requirement;
typedef struct cor_corridor {
    const char *name, *description, *source;
    const char *defining;  /* "" if not given */
    cor_requirement requires[COR_CORRIDOR_MAX_REQUIRES];
    uint32_t nrequires;
    char near[COR_CORRIDOR_MAX_COUNTRIES][3], beyond[COR_CORRIDOR_MAX_COUNTRIES][3];
    uint32_t nnear, nbeyond;
    uint32_t via[COR_CORRIDOR_MAX_VIA];
    uint32_t nvia;
    uint32_t avoid_nodes[COR_CORRIDOR_MAX_AVOID];
    uint32_t navoid_nodes;
    uint32_t avoid_links[COR_CORRIDOR_MAX_AVOID];
    uint32_t navoid_links;
    uint64_t avoid_passages;
    uint32_t modes;        /* bit per cor_mode; 0 = all */
} cor_corridor;

/* A restriction regime (restrictions.csv): what it closes, compiled at load
 * into links and nodes.  Active in a query when its bit is in the query's
 * mask; the network's default mask (the regimes with default = yes, as
 * scenarios change it) applies when a query names none. */
#define COR_MAX_RESTRICTIONS 64u
#define COR_CLOSE_FORWARD 1u  /* from -> to, as the link is written */
#define COR_CLOSE_REVERSE 2u  /* to -> from */
#define COR_CLOSE_BOTH 3u
typedef struct cor_restriction {
    const char *id, *name, *closes, *since, *source;
    int default_on;
    const uint32_t *links, *nodes;
    const uint8_t *link_dirs;  /* [nlinks] which ways each link is closed: COR_CLOSE_* bits */
    uint32_t nlinks, nnodes;
    uint64_t passages;      /* passages it closes: services through them are rerouted, or closed */
} cor_restriction;

/* A driving-time rule for trucks in a country ("*": everywhere else):
 * at most drive_hours_per_day at the wheel, then rest_hours_per_day. */
typedef struct cor_driving_rule {
    char country[4];
    double drive_hours_per_day, rest_hours_per_day;
    const char *source;
} cor_driving_rule;

/* A line-haul rate for a mode in a country (rates.csv): a link of that
 * mode whose two ends lie in the country, and that gives no rate of its
 * own, costs rate_usd_per_teu_km instead of the mode's default. */
typedef struct cor_rate_rule {
    cor_mode mode;
    char country[4];
    double rate_usd_per_teu_km;
    const char *source;
} cor_rate_rule;

typedef struct cor_network cor_network;

/* Load and validate the network in folder `dir`.  Every fault found is
 * added to `d` as FILE:LINE:COLUMN: message; the status is the first
 * fault's (COR_EDATA, COR_EIO, COR_ELIMIT or COR_ENOMEM) and *out is NULL
 * unless the status is COR_OK.  O(n log n) in the size of the files. */
cor_status cor_network_load(const char *dir, cor_network **out, cor_diag *d);
void cor_network_free(cor_network *net);

/* A network read in place from a snapshot (snapshot.h) is mapped, not
 * read: its images' checksums are checked here, once, before the first
 * use (cor_graph_build calls it; so do the command-line and server
 * loaders).  COR_OK for every other network; COR_EDATA (the file is
 * corrupt: every later call says so again).  Thread-safe. */
cor_status cor_network_verify(const cor_network *net, cor_diag *d);

/* Check the invariants loading and scenarios promise: references in
 * range, numbers finite and within their columns' ranges, text printable.
 * COR_OK, or COR_EINTERNAL with the first fault in d (a bug, not bad
 * input: bad input is refused by the load). */
cor_status cor_network_check(const cor_network *net, cor_diag *d);

/* The names of the files a network folder may hold ("nodes.csv", ...),
 * NULL-terminated: what a load reads from the folder. */
const char *const *cor_network_file_names(void);

uint32_t cor_network_node_count(const cor_network *net);
uint32_t cor_network_link_count(const cor_network *net);
uint32_t cor_network_transfer_count(const cor_network *net);
uint32_t cor_network_border_count(const cor_network *net);
uint32_t cor_network_class_count(const cor_network *net);
uint32_t cor_network_passage_count(const cor_network *net);

const cor_node *cor_network_node(const cor_network *net, uint32_t i);
const cor_link *cor_network_link(const cor_network *net, uint32_t i);
const cor_transfer *cor_network_transfer(const cor_network *net, uint32_t i);
const cor_border *cor_network_border(const cor_network *net, uint32_t i);
uint32_t cor_network_terminal_count(const cor_network *net);
const cor_terminal *cor_network_terminal(const cor_network *net, uint32_t i);
uint32_t cor_network_corridor_count(const cor_network *net);
const cor_corridor *cor_network_corridor(const cor_network *net, uint32_t i);
uint32_t cor_network_lane_count(const cor_network *net);
const cor_lane *cor_network_lane(const cor_network *net, uint32_t i);

/* ---- generic sea services ------------------------------------------
 *
 * Between two ports that no modelled service joins, a query may ask for a
 * *generic* sea service (cor_query.generic_sea), as searoute does: the
 * shortest lane path, the speed, rate and emission factor of the mode's
 * defaults (modes.csv, emission_factors.csv; between two ports of one
 * country, that country's rate for the mode from rates.csv, as for a
 * modelled link) and, since no schedule is
 * known, an assumed expected wait (COR_GENERIC_WAIT_HOURS unless the query
 * gives one).  Every output marks such a leg.
 *
 * Which pairs: both nodes are of kind "port", both have a sea lane, both
 * lie in one component of the lane chart (the Caspian's lanes reach no
 * ocean, so Aktau-Rotterdam has none), and no link of a service mode (sea,
 * feeder, ferry, iww; whatever its status or years) joins them: a modelled
 * service, even a suspended one, is never replaced by a generic one.  The
 * mode is that of the component's services: sea if a sea link ends at a
 * port of the component, else feeder if a feeder link does (an enclosed
 * sea such as the Caspian), else sea.
 *
 * They are built once at load, from one batch of lane searches
 * (cor_sea_route_batch: one search per distinct core origin), as links
 * cor_network_link_count() .. + cor_network_generic_count() - 1 with
 * generic = 1, id "generic:FROM-TO", status "generic"; the graph holds
 * them as ordinary arcs and a query's filter refuses them unless it asks.
 * Memory: for P charted ports, at most P(P-1)/2 links (about 300 bytes
 * each with their id and waypoints) and two arcs each in the graph (46
 * bytes an arc) and in every filter (40 bytes an arc, and a 64-byte view
 * per link when the query asks for them); above COR_MAX_GENERIC pairs none
 * are built and cor_network_generic_limited() says how many were wanted.
 * Scenarios reach them too: edits to modes.csv and sealanes.csv (they are
 * built after), closed passages (rerouted), and scaled rates and speeds of
 * their mode (at one of their ends, or everywhere). */
#define COR_GENERIC_WAIT_HOURS 168.0 /* assumed: a week, as for the irregular Caspian lines */
#define COR_MAX_GENERIC 200000u

uint32_t cor_network_generic_count(const cor_network *net);
/* 0, or the number of pairs that exceeded COR_MAX_GENERIC (none built). */
uint32_t cor_network_generic_limited(const cor_network *net);
/* The component of the lane chart that node n lies in (a small integer),
 * or COR_NONE if no sea lane ends at n. */
uint32_t cor_network_sea_component(const cor_network *net, uint32_t n);
/* Is the node a port (kind "port")? */
int cor_node_is_port(const cor_node *n);

/* Shortest lane path from `from` to `to` avoiding lanes that carry any
 * passage in `avoid`.  COR_OK, COR_ENOROUTE if none, COR_ENOMEM.
 * O(L log N) over the lanes. */
cor_status cor_sea_route(const cor_network *net, uint32_t from, uint32_t to, uint64_t avoid,
                         cor_sea_path *out);
void cor_sea_path_destroy(cor_sea_path *p);
/* The same for n services at once (from[i] -> to[i]): one search per
 * distinct origin.  st[i] is COR_OK (out[i] filled; caller destroys) or
 * COR_ENOROUTE.  Returns COR_ENOMEM (and no paths) or COR_OK. */
cor_status cor_sea_route_batch(const cor_network *net, const uint32_t *from, const uint32_t *to, size_t n,
                               uint64_t avoid, cor_sea_path *out, cor_status *st);
const cor_class *cor_network_class(const cor_network *net, uint32_t i);
const char *cor_network_passage(const cor_network *net, uint32_t i);
const cor_mode_params *cor_network_mode(const cor_network *net, cor_mode m);
/* The emission factor of a mode (defined = 0 if the table has none). */
const cor_emission_factor *cor_network_factor(const cor_network *net, cor_mode m);
/* Every row of the factor table, and the factor that applies to a link
 * (its own, else its mode's). */
uint32_t cor_network_factor_count(const cor_network *net);
const cor_emission_factor *cor_network_factor_row(const cor_network *net, uint32_t i);
const cor_emission_factor *cor_link_factor(const cor_network *net, const cor_link *l);

/* Liner services (services.csv), and lookup by id (COR_NONE if unknown). */
uint32_t cor_network_service_count(const cor_network *net);
const cor_service *cor_network_service(const cor_network *net, uint32_t i);
uint32_t cor_network_find_service(const cor_network *net, const char *id);

/* Routing through a service's calls.  A memo keeps the lane paths found
 * between pairs of ports for one avoid mask (cor_sea_memo_new() returns
 * NULL when out of memory; free accepts NULL). */
typedef struct cor_sea_memo cor_sea_memo;
cor_sea_memo *cor_sea_memo_new(uint64_t avoid);
void cor_sea_memo_free(cor_sea_memo *m);
/* The lane path from `from` through calls[0..ncalls-1] in order to `to`,
 * avoiding the memo's passages; the calls are among out's waypoints.  With
 * `skip`, a call that cannot be reached is omitted (*kept counts the calls
 * made).  COR_OK, COR_ENOROUTE or COR_ENOMEM.  One lane search per pair of
 * ports not yet in the memo. */
cor_status cor_sea_route_calls(const cor_network *net, uint32_t from, const uint32_t *calls, uint32_t ncalls,
                               uint32_t to, int skip, cor_sea_memo *memo, cor_sea_path *out, uint32_t *kept);

/* Restriction regimes (restrictions.csv), their default mask, and lookup
 * by id (COR_NONE if unknown). */
uint32_t cor_network_restriction_count(const cor_network *net);
const cor_restriction *cor_network_restriction(const cor_network *net, uint32_t i);
uint64_t cor_network_default_restrictions(const cor_network *net);
uint32_t cor_network_find_restriction(const cor_network *net, const char *id);
/* Driving-time rules (driving_rules.csv). */
uint32_t cor_network_driving_rule_count(const cor_network *net);
const cor_driving_rule *cor_network_driving_rule(const cor_network *net, uint32_t i);
/* Line-haul rates by mode and country (rates.csv). */
uint32_t cor_network_rate_rule_count(const cor_network *net);
const cor_rate_rule *cor_network_rate_rule(const cor_network *net, uint32_t i);
const char *cor_network_dir(const cor_network *net);

/* Resolve a place: a node id, name or alias, case-insensitive, ignoring
 * dots and treating runs of spaces, hyphens and underscores alike.
 * COR_OK and *node, or COR_ENOTFOUND with up to `nsugg` closest node
 * indices in sugg[] (COR_NONE-padded).  O(log n) for a hit. */
cor_status cor_network_find_node(const cor_network *net, const char *query,
                                 uint32_t *node, uint32_t *sugg, uint32_t nsugg);
/* The places whose name or alias begins with the words of `query` (the
 * normalised query followed by a space: "Astara" for "Astara (Iran)" and
 * "Astara (Azerbaijan)"), each once: how many there are, the first `max`
 * of them in out[] (past 64 places the count may repeat one: it is then
 * "many").  Two or more make the query ambiguous, and the
 * front ends refuse it with the candidates rather than guess (a place is
 * named by its id, name or alias).  O(log K + matches) over the keys. */
uint32_t cor_network_find_candidates(const cor_network *net, const char *query, uint32_t *out, uint32_t max);
/* Link by id (exact), or COR_NONE. */
uint32_t cor_network_find_link(const cor_network *net, const char *id);
/* Passage index by name, or COR_NONE. */
uint32_t cor_network_find_passage(const cor_network *net, const char *name);
/* Class index by name ("rail1435"), or COR_NONE. */
uint32_t cor_network_find_class(const cor_network *net, const char *name);

/* Does `q` match node i as a search (substring of id, name, alias or
 * country, case-insensitive)?  Empty q matches everything. */
int cor_node_matches(const cor_node *n, const char *q);

/* Great-circle distance in km between two (lat, lon) points in degrees
 * (haversine, mean Earth radius 6371.0088 km). */
double cor_great_circle_km(double lat1, double lon1, double lat2, double lon2);

/* Is `tag` one of the '|'-separated tags of l's corridors column? */
int cor_link_has_tag(const cor_link *l, const char *tag);

/* Is link l usable in `year`? */
int cor_link_open_in(const cor_link *l, int year);

#endif
