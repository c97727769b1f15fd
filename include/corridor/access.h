/*
 * corridor/access.h -- first and last mile: from a city that is not a
 * network node (gazetteer.h) to the best terminal by road, and from the
 * best terminal to such a city.
 *
 * The rule (README "Any city"):
 *   - Candidates: the nodes of the city's own country (a first or last mile
 *     never crosses a border) within COR_ACCESS_RADIUS_KM great circle that
 *     the query may use and where a container can join the network: a
 *     terminal handling (terminals.csv) or a place on the modelled road
 *     network (a state of class road: ports, rail terminals, depots and
 *     junctions that trucks reach).  Every inland depot (kind "dryport")
 *     among them, then the others nearest first, COR_ACCESS_MAX_CANDIDATES
 *     in all.  Not only the nearest: a box from Isfahan for Mumbai is
 *     trucked to Bandar Abbas, not to Tehran first.
 *   - Each candidate's road leg: great circle x COR_ACCESS_CIRCUITY (an
 *     assumed road, not a modelled one), at the road mode's speed
 *     (modes.csv), the road rate of the country (rates.csv, else the mode's
 *     default), the trucks' rests of the country (driving_rules.csv), the
 *     road mode's emission factor (scaled by the query's payload and empty
 *     running).
 *   - The leg joins the candidate in each state that has a terminal
 *     handling (paid as at the start or end of any route) and in its road
 *     state (the truck goes on along the modelled roads, and the transfer
 *     rules at the node apply); never straight onto a ship or train
 *     without a handling.
 *   - The route search starts from all candidates at once, each with its
 *     leg's weight as the initial label (and ends likewise), so the best
 *     terminal is chosen under the query's objective.
 *
 * Ownership: plain structs, nothing to free.
 */
#ifndef CORRIDOR_ACCESS_H
#define CORRIDOR_ACCESS_H

#include <stdint.h>

#include "corridor/gazetteer.h"
#include "corridor/route.h"
#include "corridor/text.h"

/* Road circuity: road km per great-circle km.  1.3: the world average of
 * Ballou, Rahardja and Sakai (2002), "Selected country circuity factors
 * for road and rail network distance estimation", Transportation Research
 * Part A 36(9), 843-848 (country factors about 1.1 to 1.7); South Korea's
 * national factor 1.26 (Kim et al. 2015, J. Korean Soc. Agric. Eng. 57(4))
 * "higher than the USA, smaller than Japan or the EU".  An assumption for
 * India, Iran, Russia and Central Asia, where no national factor was found. */
#define COR_ACCESS_CIRCUITY 1.3
#define COR_ACCESS_RADIUS_KM 1500.0
#define COR_ACCESS_RADIUS_TEXT "1,500"
#define COR_ACCESS_MAX_CANDIDATES 24u
#define COR_ACCESS_METHOD "great circle x 1.3, assumed road"

/* A road leg between a city and a network node, one TEU. */
typedef struct cor_access_leg {
    int present;                      /* 0: this end is a network node */
    int last;                         /* 0 first mile (city -> node), 1 last mile */
    char city[COR_MAX_NAME_BYTES + 1];
    char country[3];
    uint32_t geonameid, population;
    double lat, lon;
    uint32_t node;                    /* the terminal it joins */
    double great_circle_km, circuity, distance_km;
    double hours, moving_hours, cost_usd, co2e_kg, tonne_km, ttw_kg;
    double speed_kmh, rate_usd_per_teu_km, rest_per_drive_hour;
    const char *rate_basis;           /* where the rate comes from (static text) */
    uint32_t ncandidates;             /* how many terminals the search chose among */
    double weight;                    /* under the query's objective */
} cor_access_leg;

/* The candidates of one end. */
typedef struct cor_access_end {
    cor_access_leg cand[COR_ACCESS_MAX_CANDIDATES];
    uint32_t n;
} cor_access_end;

/* Candidates for `city` as the origin (last = 0) or destination (last = 1)
 * under filter f.  COR_OK with at least one; COR_ENOROUTE with the reason
 * in d (no node of the country within the radius that the query may use,
 * the network has no road mode, --modes excludes road).  O(N log N). */
cor_status cor_access_candidates(const cor_filter *f, const cor_query *q, const cor_city *city, int last,
                                 cor_access_end *out, cor_diag *d);

/* The best route from `from` to `to` where either end may be a city: pass
 * the node (from_end NULL) or the candidates (from_end, node ignored).  On
 * success out->from_node / to_node are the terminals chosen and *first /
 * *last are their legs (present = 0 for a node end).  Same errors as
 * cor_shortest_path; a best route that passes a place twice is refused
 * (COR_ENOROUTE, with the place), not returned. */
cor_status cor_access_route(const cor_filter *f, const cor_query *q, cor_workspace *ws, uint32_t from,
                            const cor_access_end *from_end, uint32_t to, const cor_access_end *to_end,
                            cor_path *out, cor_access_leg *first, cor_access_leg *last, cor_diag *d);

#endif
