/*
 * access_out.h -- how the writers show a first or last mile (internal to
 * src/report: write.c calls these at its marked hooks).
 */
#ifndef COR_ACCESS_OUT_H
#define COR_ACCESS_OUT_H

#include <stdio.h>

#include <jansson.h>

#include "corridor/report.h"

/* "Pune (city, IN)" for a city end, else "Name (ID)" of the node. */
void cor_access_end_name(const cor_itinerary *it, int last, char *buf, size_t size);
/* The table's row for the leg (and its method line); 0 or -1 on a write error. */
int cor_access_table_row(FILE *out, const cor_itinerary *it, const cor_access_leg *l, uint32_t seq);
/* A closing note on how the ends were made; 0 or -1. */
int cor_access_table_note(FILE *out, const cor_itinerary *it);
/* The JSON object "first_mile" / "last_mile" (new reference, NULL on OOM). */
json_t *cor_access_json(const cor_itinerary *it, const cor_access_leg *l, uint32_t seq);
/* GeoJSON: a LineString feature (city to terminal, or back) for each of
 * the itinerary's first and last mile, properties as in JSON plus
 * "element" (first_mile, last_mile); the first mile goes first, the last
 * mile last.  0 or -1. */
int cor_access_geojson_append(json_t *features, const cor_itinerary *it);
/* The CSV row (route > 0: a leading route column); 0 or -1. */
int cor_access_csv_row(FILE *out, const cor_itinerary *it, const cor_access_leg *l, uint32_t seq, uint32_t route);

#endif
