/*
 * corridor/import.h -- networks from other formats: DIMACS shortest-path
 * graphs (.gr, .co), TNTP test networks (_net.tntp) and GeoJSON line
 * networks, turned into a network folder (nodes.csv, modes.csv,
 * links.csv; docs/data-format.md) that cor_network_load() reads like any
 * other.  An import is therefore validated, scenario-edited, routed and
 * written by the same code as the shipped network: the importers only
 * translate.
 *
 * How each format maps to the model (the README says the same):
 *
 *   DIMACS  "p sp N M", "a U V W" arcs, "v ID X Y" coordinates (X = lon,
 *           Y = lat, in millionths of a degree).  Node ids are kept ("1"
 *           .. "N"); arc i (1-based, in file order) becomes the oneway
 *           road link "a<i>" with distance_km = W, the weight in the
 *           file's own unit (metres for rome99: NOT kilometres), so
 *           `--by distance` answers the exact integer sum (below 2^53).
 *           Parallel arcs stay separate links (the cheaper one wins).
 *           Without a .co file every node is placed at 0,0.
 *   TNTP    "<NUMBER OF NODES> N" ... "<END OF METADATA>", then rows
 *           "init term capacity length fft b power speed toll type ;".
 *           Link "l<i>" from init to term, oneway road, distance_km =
 *           length, capacity_teu_per_year = capacity, and a speed of
 *           length / fft, so that hours = free-flow time (all in the
 *           file's units); when that speed is outside 0.1..1000 the link
 *           gets the mode's speed and fixed_hours = fft instead.  Zones:
 *           nodes below <FIRST THRU NODE> are written with kind "zone"
 *           (routes start and end there, never pass through: route.h),
 *           and the note says how many.
 *   GeoJSON a FeatureCollection (or one Feature) of LineString and
 *           MultiLineString geometries; other geometries are counted and
 *           skipped.  Vertices within snap_m metres of each other (on the
 *           sphere, chained) are one place; a place becomes a node when a
 *           line ends there or when two vertices of the lines meet there
 *           (a shared or nearly-shared vertex).  Each line is cut at its
 *           nodes; each piece is a link of the given mode and gauge whose
 *           distance_km is the sum of the great circles between its
 *           vertices (so an antimeridian crossing is short).  Pieces that
 *           start and end at one node are dropped (counted).  Properties
 *           map to link columns by `map` ("id=PROP,speed_kmh=PROP,...").
 *
 * Bounds: COR_IMPORT_MAX_BYTES per input file, COR_MAX_NODES and
 * COR_MAX_LINKS, COR_IMPORT_MAX_LINE bytes per text line; every fault is
 * FILE:LINE:COLUMN (text formats) or FILE: $.json.path (GeoJSON).
 *
 * Ownership: cor_import_* parsers allocate *out (NULL unless COR_OK);
 * cor_import_free() accepts NULL.  The library never prints.
 */
#ifndef CORRIDOR_IMPORT_H
#define CORRIDOR_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "corridor/model.h"
#include "corridor/status.h"

#define COR_IMPORT_MAX_BYTES ((size_t)4 << 30) /* 4 GiB per input file */
#define COR_IMPORT_MAX_LINE 4096u
#define COR_IMPORT_MAX_SNAP_M 100000.0

typedef struct cor_import cor_import;

cor_status cor_import_dimacs(const char *gr_path, const char *co_path, cor_import **out, cor_diag *d);
/* The same from memory (co may be NULL); names are for messages. */
cor_status cor_import_dimacs_mem(const char *gr, size_t grlen, const char *grname, const char *co, size_t colen,
                                 const char *coname, cor_import **out, cor_diag *d);

cor_status cor_import_tntp(const char *path, cor_import **out, cor_diag *d);
cor_status cor_import_tntp_mem(const char *text, size_t len, const char *name, cor_import **out, cor_diag *d);

typedef struct cor_geojson_options {
    cor_mode mode;       /* of every link */
    uint16_t gauge_mm;   /* rail: required; else 0 */
    double snap_m;       /* vertices this close are one place (0: only equal ones) */
    const char *map;     /* "FIELD=PROPERTY,..." or NULL; FIELD among id, speed_kmh,
                            status, operator, corridors, capacity_t_per_year, gauge_mm */
} cor_geojson_options;

cor_status cor_import_geojson(const char *path, const cor_geojson_options *o, cor_import **out, cor_diag *d);
cor_status cor_import_geojson_mem(const char *text, size_t len, const char *name, const cor_geojson_options *o,
                                  cor_import **out, cor_diag *d);

/* Write nodes.csv, modes.csv and links.csv into folder `dir` (created if
 * missing), each atomically through cor_outfile.  Refused (COR_EUSAGE):
 * a dir holding other network files (transfers.csv, ...) that would mix
 * with the import, or a target that is one of `inputs` (NULL-terminated,
 * may be NULL). */
cor_status cor_import_write(const cor_import *im, const char *dir, const char *const *inputs, cor_diag *d);

uint32_t cor_import_node_count(const cor_import *im);
uint32_t cor_import_link_count(const cor_import *im);
/* A line saying what was assumed or skipped ("" if nothing). */
const char *cor_import_note(const cor_import *im);

void cor_import_free(cor_import *im);

#endif
