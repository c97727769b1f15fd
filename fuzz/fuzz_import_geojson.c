/* fuzz_import_geojson.c -- a GeoJSON line network, rail 1520, 50 m snapping, two mapped properties. */
#include "corridor/import.h"
static const cor_geojson_options opts = {COR_MODE_RAIL, 1520, 50.0, "speed_kmh=vmax,operator=owner"};
#define FUZZ_PARSE(p, n, im, d) cor_import_geojson_mem(p, n, "lines.geojson", &opts, im, d)
#include "fuzz_import.h"
