/*
 * corridor/scenario.h -- scenarios: JSON overlays on a network folder.
 *
 * A scenario file changes the network it is applied to:
 *
 *   {
 *     "name": "rasht-astara-rail",            (required)
 *     "description": "...", "source": "...",
 *     "year": 2028,                           (default year of queries)
 *     "close_passages": ["babelmandeb"],      (closed for every query)
 *     "restrictions": {"on": ["id"], "off": ["id"]},  (regimes in force by default)
 *     "links":     [ {"op": "change", "id": "R-RASHT-ASTARA", "open_year": null},
 *                    {"op": "remove", "id": "D-RASHT-ASTARA"},
 *                    {"op": "add", "id": ..., "from": ..., ... , "source": ...} ],
 *     "nodes", "modes", "borders", "sealanes", "transfers", "terminals",
 *     "corridors", "emission_factors", "driving_rules", "rates", "services": [ ops like links ],
 *     "scale": [ {"what": "border_dwell_hours", "factor": 2,
 *                 "nodes": ["IR-ASTARA"], "modes": ["rail"]} ]
 *   }
 *
 * An op names the row by its key (nodes, borders, links, services, emission_factors:
 * id; modes: mode; sealanes: from, to; transfers: node, from_class,
 * to_class; terminals: node, class; corridors: name; driving_rules:
 * country; rates: mode, country) and gives
 * column values as in the CSV files (numbers, strings; true/false for
 * yes/no; null empties a field).  Added and changed rows are validated
 * exactly like rows of the CSV files; errors name the scenario file and the
 * JSON path ("red.json: $.links[3].distance_km: -5 is out of range").
 * `scale` multiplies a quantity for the rows at the given nodes and/or of
 * the given modes (all rows when both are absent): dwell_hours (transfers
 * and borders), transfer_dwell_hours, border_dwell_hours, handling_usd,
 * border_fee_usd, rate_usd_per_teu_km, speed_kmh, headway_hours.
 *
 * A "links" element may also be {"op": "add_service", ...}: the link and
 * the transfer rules it needs at each end (docs/scenarios.md, which
 * describes every key, operation and field with worked examples).
 * Operations that apply but change nothing (a scale factor's node without a
 * row of its quantity, a factor of 1, a passage closed twice, a regime
 * already on or off) are warnings: cor_network_warnings().
 *
 * Loading is all or nothing: a network with scenarios is built from the
 * folder with every scenario applied in order, or not at all.
 *
 * Ownership: cor_scenario_load() allocates, cor_scenario_free() releases
 * (NULL ok).
 */
#ifndef CORRIDOR_SCENARIO_H
#define CORRIDOR_SCENARIO_H

#include <stddef.h>
#include <stdint.h>

#include "corridor/model.h"
#include "corridor/status.h"
#include "corridor/warn.h"

#define COR_MAX_SCENARIO_OPS 100000u       /* row operations (add, remove, change) */
#define COR_MAX_SCENARIO_ENTRIES 1000000u  /* scale factors + listed names + closed passages */
#define COR_MAX_SCENARIO_BYTES (16u << 20)

typedef struct cor_scenario cor_scenario;

/* Parse and check the structure of a scenario file (JSON syntax errors as
 * FILE:LINE:COLUMN, structure errors as FILE: $.path: message). */
cor_status cor_scenario_load(const char *path, cor_scenario **out, cor_diag *d);
/* The same from text in memory (an HTTP request's body); `path` labels
 * the errors as a file name would. */
cor_status cor_scenario_parse(const char *path, const char *text, size_t len, cor_scenario **out, cor_diag *d);
void cor_scenario_free(cor_scenario *sc);

const char *cor_scenario_name(const cor_scenario *sc);
const char *cor_scenario_description(const cor_scenario *sc);
const char *cor_scenario_source(const cor_scenario *sc);
/* What the scenario changes, in one line, into buf (cut with "..." if it
 * does not fit): "links: change R-RASHT-ASTARA (status=open open_year=empty),
 * remove D-RASHT-ASTARA; scale border_dwell_hours x2 at IR-ASTARA; close
 * babelmandeb; regimes off: red-sea-2026; year 2030".  Returns its length. */
size_t cor_scenario_summary(const cor_scenario *sc, char *buf, size_t size);

/* The file for a scenario argument: a path if it contains '/' or ends in
 * ".json", else DIR/scenarios/NAME.json.  Writes into buf; 0, or -1 if it
 * does not fit (buf then holds nothing usable). */
int cor_scenario_path(const char *network_dir, const char *arg, char *buf, size_t size);

/* Load the folder with the scenarios applied in order. */
cor_status cor_network_load_scenarios(const char *dir, cor_scenario *const *sc, size_t nsc,
                                      cor_network **out, cor_diag *d);

/* The same with a user's emission factor table (a file like
 * emission_factors.csv) in place of the folder's; NULL for the folder's. */
cor_status cor_network_load_with(const char *dir, cor_scenario *const *sc, size_t nsc, const char *factors_file,
                                 cor_network **out, cor_diag *d);

/* What applying the scenarios found that changes nothing (a scale factor
 * listing a node with no row of its quantity), as warnings of code
 * COR_WARN_SCENARIO naming the file and JSON path; empty for a network
 * loaded without scenarios.  Owned by the network. */
const cor_warnings *cor_network_warnings(const cor_network *net);

/* The year set by the last scenario that sets one, or 0. */
int cor_network_year(const cor_network *net);
/* Passages closed by scenarios (bit per passage). */
uint64_t cor_network_closed_passages(const cor_network *net);

#endif
