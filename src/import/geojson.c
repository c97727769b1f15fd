/*
 * geojson.c -- line networks from GeoJSON (RFC 7946): every LineString and
 * MultiLineString part becomes one or more links.  See corridor/import.h
 * for the rules; here is how:
 *
 *   1. the vertices of every part are gathered in one array;
 *   2. vertices within snap_m metres of each other (straight-line distance
 *      between their points on a sphere of radius 6371008.8 m: at these
 *      scales the arc) are joined in a union-find, found through a hash
 *      grid of cubes of side max(snap_m, 1 m), so each vertex is compared
 *      only with those of its 27 neighbouring cubes: O(V) expected;
 *   3. a place (a set of joined vertices) is a node when a part ends
 *      there, or when parts visit it twice or more (a run of consecutive
 *      vertices of one part in one place is one visit);
 *   4. each part is cut at its nodes; a piece's length is the sum of the
 *      great circles from its start node through its inner vertices to its
 *      end node.  A piece that leaves a node and comes back to it is a
 *      loop, dropped and counted.
 *
 * Nodes are numbered in order of first appearance, "n1", "n2", ...; a node
 * lies at the first vertex seen of its place.  Faults are FILE:
 * $.json.path: message (JSON syntax: FILE:LINE:COLUMN).  Memory: about 60
 * bytes a vertex during the import.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "corridor/import.h"
#include "import_int.h"
#include "../core/infile.h"
#include "../core/alloc.h"

#define EARTH_M 6371008.8
#define MAX_MAP 8

typedef struct vtx {
    double lat, lon;
    double x, y, z; /* metres */
} vtx;

typedef struct part {
    size_t first, n;   /* its vertices */
    uint32_t feature;  /* 0-based feature index */
    json_t *props;     /* borrowed from the document */
} part;

typedef struct gj {
    vtx *v;
    size_t nv, capv;
    part *p;
    size_t np, capp;
    const char *name;
    cor_diag *d;
    int fault;
    uint32_t skipped;  /* features that are not lines */
} gj;

static int grow(void **a, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : 64;
    while (c < need)
        c *= 2;
    void *q = realloc(*a, c * size);
    if (!q)
        return -1;
    *a = q;
    *cap = c;
    return 0;
}

/* One line's coordinates: an array of >= 2 positions [lon, lat, ...]. */
static cor_status add_line(gj *g, json_t *coords, uint32_t feature, json_t *props, const char *path)
{
    if (!json_is_array(coords) || json_array_size(coords) < 2) {
        cor_diag_add(g->d, COR_EDATA, g->name, 0, 0, "%s: a line needs an array of at least 2 positions", path);
        g->fault = 1;
        return COR_OK;
    }
    size_t n = json_array_size(coords);
    if (g->nv + n > COR_MAX_LINKS)
        return cor_diag_add(g->d, COR_ELIMIT, g->name, 0, 0, "%s: more than %u vertices in all", path, COR_MAX_LINKS);
    if (grow((void **)&g->v, &g->capv, g->nv + n, sizeof *g->v) ||
        grow((void **)&g->p, &g->capp, g->np + 1, sizeof *g->p))
        return COR_ENOMEM;
    size_t first = g->nv;
    for (size_t i = 0; i < n; i++) {
        json_t *pos = json_array_get(coords, i);
        json_t *x = json_array_get(pos, 0), *y = json_array_get(pos, 1);
        if (!json_is_array(pos) || json_array_size(pos) < 2 || !json_is_number(x) || !json_is_number(y)) {
            cor_diag_add(g->d, COR_EDATA, g->name, 0, 0, "%s[%zu]: a position is [longitude, latitude]", path, i);
            g->fault = 1;
            g->nv = first;
            return COR_OK;
        }
        double lon = json_number_value(x), lat = json_number_value(y);
        if (!(lon >= -180 && lon <= 180) || !(lat >= -90 && lat <= 90)) {
            cor_diag_add(g->d, COR_EDATA, g->name, 0, 0,
                         "%s[%zu]: longitude %g must be -180..180 and latitude %g -90..90", path, i, lon, lat);
            g->fault = 1;
            g->nv = first;
            return COR_OK;
        }
        vtx *v = &g->v[g->nv++];
        v->lat = lat;
        v->lon = lon;
        double la = lat * M_PI / 180, lo = lon * M_PI / 180;
        v->x = EARTH_M * cos(la) * cos(lo);
        v->y = EARTH_M * cos(la) * sin(lo);
        v->z = EARTH_M * sin(la);
    }
    g->p[g->np++] = (part){first, n, feature, props};
    return COR_OK;
}

static cor_status add_feature(gj *g, json_t *f, uint32_t k)
{
    char path[96];
    json_t *geom = json_object_get(f, "geometry");
    json_t *type = json_object_get(geom, "type");
    json_t *coords = json_object_get(geom, "coordinates");
    json_t *props = json_object_get(f, "properties");
    if (!json_is_object(f) || !json_is_object(geom) || !json_is_string(type)) {
        if (json_is_object(f) && json_is_null(geom)) {
            g->skipped++;
            return COR_OK;
        }
        cor_diag_add(g->d, COR_EDATA, g->name, 0, 0, "$.features[%u]: a Feature with a geometry object and its type",
                     k);
        g->fault = 1;
        return COR_OK;
    }
    const char *t = json_string_value(type);
    if (strcmp(t, "LineString") == 0) {
        snprintf(path, sizeof path, "$.features[%u].geometry.coordinates", k);
        return add_line(g, coords, k, props, path);
    }
    if (strcmp(t, "MultiLineString") == 0) {
        if (!json_is_array(coords)) {
            cor_diag_add(g->d, COR_EDATA, g->name, 0, 0, "$.features[%u].geometry.coordinates: an array of lines", k);
            g->fault = 1;
            return COR_OK;
        }
        for (size_t i = 0; i < json_array_size(coords); i++) {
            snprintf(path, sizeof path, "$.features[%u].geometry.coordinates[%zu]", k, i);
            cor_status s = add_line(g, json_array_get(coords, i), k, props, path);
            if (s != COR_OK)
                return s;
        }
        return COR_OK;
    }
    g->skipped++;
    return COR_OK;
}

/* ---- joining nearby vertices ------------------------------------------ */

static size_t find(size_t *up, size_t i)
{
    while (up[i] != i) {
        up[i] = up[up[i]];
        i = up[i];
    }
    return i;
}

static uint64_t cell_hash(int64_t a, int64_t b, int64_t c)
{
    uint64_t h = (uint64_t)a * 0x9E3779B97F4A7C15ull ^ (uint64_t)b * 0xC2B2AE3D27D4EB4Full ^
                 (uint64_t)c * 0x165667B19E3779F9ull;
    return h ^ (h >> 29);
}

/* Join vertices closer than snap_m; up[] is the union-find.  The grid is
 * a hash of cells (chained through next[]) keyed by cell coordinates. */
static cor_status join(const gj *g, double snap_m, size_t *up)
{
    size_t nv = g->nv, nb = 1;
    while (nb < 2 * nv)
        nb *= 2;
    double cell = snap_m > 1 ? snap_m : 1;
    size_t *head = malloc(nb * sizeof *head), *next = malloc((nv ? nv : 1) * sizeof *next);
    int64_t (*key)[3] = malloc((nv ? nv : 1) * sizeof *key);
    if (!head || !next || !key) {
        free(head);
        free(next);
        free(key);
        return COR_ENOMEM;
    }
    for (size_t i = 0; i < nb; i++)
        head[i] = SIZE_MAX;
    for (size_t i = 0; i < nv; i++) {
        up[i] = i;
        const vtx *v = &g->v[i];
        int64_t c[3] = {(int64_t)floor(v->x / cell), (int64_t)floor(v->y / cell), (int64_t)floor(v->z / cell)};
        memcpy(key[i], c, sizeof c);
        for (int dx = -1; dx <= 1; dx++)
            for (int dy = -1; dy <= 1; dy++)
                for (int dz = -1; dz <= 1; dz++) {
                    int64_t a = c[0] + dx, b = c[1] + dy, e = c[2] + dz;
                    for (size_t j = head[cell_hash(a, b, e) & (nb - 1)]; j != SIZE_MAX; j = next[j]) {
                        if (key[j][0] != a || key[j][1] != b || key[j][2] != e)
                            continue;
                        const vtx *w = &g->v[j];
                        double ddx = v->x - w->x, ddy = v->y - w->y, ddz = v->z - w->z;
                        if (sqrt(ddx * ddx + ddy * ddy + ddz * ddz) <= snap_m ||
                            (v->lat == w->lat && v->lon == w->lon)) {
                            size_t ri = find(up, i), rj = find(up, j);
                            if (ri != rj)
                                up[ri > rj ? ri : rj] = ri < rj ? ri : rj; /* the earlier vertex is the root */
                        }
                    }
                }
        size_t h = cell_hash(c[0], c[1], c[2]) & (nb - 1);
        next[i] = head[h];
        head[h] = i;
    }
    free(head);
    free(next);
    free(key);
    return COR_OK;
}

/* ---- property mapping ------------------------------------------------- */

typedef enum { F_SPEED, F_STATUS, F_OPERATOR, F_CORRIDORS, F_CAP_T, F_GAUGE, F_COUNT } field;
static const char *const field_names[F_COUNT] = {"speed_kmh", "status", "operator", "corridors",
                                                 "capacity_t_per_year", "gauge_mm"};

typedef struct mapping {
    char prop[F_COUNT][64]; /* "" = not mapped */
} mapping;

static cor_status parse_map(const char *s, mapping *m, cor_diag *d)
{
    memset(m, 0, sizeof *m);
    while (s && *s) {
        const char *e = strchr(s, ','), *eq = strchr(s, '=');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (!eq || (size_t)(eq - s) >= n || eq == s || (size_t)(eq - s) + 1 == n)
            return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "--map: expected FIELD=PROPERTY[,FIELD=PROPERTY], found '%.*s'",
                                (int)(n > 60 ? 60 : n), s);
        int f = -1;
        for (int i = 0; i < F_COUNT; i++)
            if (strlen(field_names[i]) == (size_t)(eq - s) && memcmp(field_names[i], s, (size_t)(eq - s)) == 0)
                f = i;
        if (f < 0)
            return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0,
                                "--map: unknown link field '%.*s' (expected speed_kmh, status, operator, corridors, "
                                "capacity_t_per_year or gauge_mm)", (int)(eq - s > 40 ? 40 : eq - s), s);
        size_t pl = n - (size_t)(eq - s) - 1;
        if (pl >= sizeof m->prop[f])
            return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "--map: property name longer than 63 bytes");
        memcpy(m->prop[f], eq + 1, pl);
        m->prop[f][pl] = 0;
        s = e ? e + 1 : NULL;
    }
    return COR_OK;
}

/* The mapped properties of a feature into the link; -1 (and a fault) if a
 * value has the wrong type or range. */
static int map_props(gj *g, const mapping *m, const part *pt, imp_link *l)
{
    for (int f = 0; f < F_COUNT; f++) {
        if (!m->prop[f][0])
            continue;
        json_t *v = json_object_get(pt->props, m->prop[f]);
        if (!v || json_is_null(v))
            continue;
        if (f == F_SPEED || f == F_CAP_T || f == F_GAUGE) {
            double x = json_is_number(v) ? json_number_value(v) : NAN;
            double lo = f == F_SPEED ? 0.1 : f == F_GAUGE ? 500 : 0, hi = f == F_SPEED ? 1000 : f == F_GAUGE ? 2000 : 1e12;
            if (!(x >= lo && x <= hi)) {
                cor_diag_add(g->d, COR_EDATA, g->name, 0, 0, "$.features[%u].properties.%s: %s must be a number %g..%g",
                             pt->feature, m->prop[f], field_names[f], lo, hi);
                g->fault = 1;
                return -1;
            }
            if (f == F_SPEED)
                l->speed_kmh = x;
            else if (f == F_CAP_T)
                l->capacity_t_per_year = x;
            else
                l->gauge_mm = (uint16_t)x;
            continue;
        }
        char buf[64];
        const char *str = json_string_value(v);
        if (!str && json_is_integer(v)) {
            snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
            str = buf;
        }
        if (!str) {
            cor_diag_add(g->d, COR_EDATA, g->name, 0, 0, "$.features[%u].properties.%s: %s must be a string",
                         pt->feature, m->prop[f], field_names[f]);
            g->fault = 1;
            return -1;
        }
        char *c = strdup(str);
        if (!c)
            return -2;
        char **dst = f == F_STATUS ? &l->status : f == F_OPERATOR ? &l->operator_name : &l->corridors;
        free(*dst);
        *dst = c;
    }
    return 0;
}

/* ---- cutting the lines into links ----------------------------------- */

static double gc(double la1, double lo1, double la2, double lo2) { return cor_great_circle_km(la1, lo1, la2, lo2); }

static cor_status cut(gj *g, cor_import *im, const cor_geojson_options *o, const mapping *m, size_t *up)
{
    size_t nv = g->nv;
    /* visits per place (at the root), endpoint marks, node index per root */
    uint32_t *visits = calloc(nv ? nv : 1, sizeof *visits), *node = malloc((nv ? nv : 1) * sizeof *node);
    if (!visits || !node) {
        free(visits);
        free(node);
        return COR_ENOMEM;
    }
    for (size_t i = 0; i < nv; i++)
        up[i] = find(up, i);
    for (size_t k = 0; k < g->np; k++) {
        const part *pt = &g->p[k];
        for (size_t i = 0; i < pt->n; i++) {
            size_t r = up[pt->first + i];
            if (i == 0 || up[pt->first + i - 1] != r)
                visits[r] = visits[r] < 2 ? visits[r] + 1 : 2;
        }
        visits[up[pt->first]] = 2; /* ends are nodes */
        visits[up[pt->first + pt->n - 1]] = 2;
    }
    cor_status s = COR_OK;
    for (size_t i = 0; i < nv; i++)
        node[i] = COR_NONE;
    for (size_t k = 0; k < g->np && s == COR_OK; k++) { /* number nodes in order of appearance */
        const part *pt = &g->p[k];
        for (size_t i = 0; i < pt->n && s == COR_OK; i++) {
            size_t r = up[pt->first + i];
            if (visits[r] >= 2 && node[r] == COR_NONE)
                s = cor_imp_add_node(im, g->v[r].lat, g->v[r].lon, &node[r]);
        }
    }
    uint32_t loops = 0;
    for (size_t k = 0; k < g->np && s == COR_OK; k++) {
        const part *pt = &g->p[k];
        uint32_t start = node[up[pt->first]];
        double la = im->lat[start], lo = im->lon[start], len = 0;
        int inner = 0; /* vertices since the start node */
        for (size_t i = 1; i < pt->n && s == COR_OK; i++) {
            size_t r = up[pt->first + i];
            const vtx *v = &g->v[pt->first + i];
            if (node[r] == COR_NONE) {
                len += gc(la, lo, v->lat, v->lon);
                la = v->lat;
                lo = v->lon;
                inner = 1;
                continue;
            }
            if (node[r] == start && !inner)
                continue; /* still at the start node */
            len += gc(la, lo, im->lat[node[r]], im->lon[node[r]]);
            if (node[r] == start) {
                loops++;
            } else {
                imp_link l;
                cor_imp_link_init(&l);
                l.from = start;
                l.to = node[r];
                l.distance_km = len < 0.001 ? 0.001 : len;
                l.gauge_mm = o->gauge_mm;
                l.feature = pt->feature;
                int mr = map_props(g, m, pt, &l);
                if (mr == -2)
                    s = COR_ENOMEM;
                if (mr != 0) {
                    free(l.status);
                    free(l.operator_name);
                    free(l.corridors);
                    break;
                }
                s = cor_imp_add_link(im, &l);
                if (s != COR_OK)
                    cor_diag_add(g->d, s, g->name, 0, 0, "cannot hold the links");
            }
            start = node[r];
            la = im->lat[start];
            lo = im->lon[start];
            len = 0;
            inner = 0;
        }
    }
    free(visits);
    free(node);
    if (s == COR_OK) {
        int w = snprintf(im->note, sizeof im->note, "%zu lines, %zu vertices", g->np, g->nv);
        if (g->skipped && w > 0 && (size_t)w < sizeof im->note)
            w += snprintf(im->note + w, sizeof im->note - (size_t)w, "; %u features that are not lines skipped",
                          g->skipped);
        if (loops && w > 0 && (size_t)w < sizeof im->note)
            snprintf(im->note + w, sizeof im->note - (size_t)w, "; %u loops (a piece back to its own node) dropped",
                     loops);
    }
    return s;
}

cor_status cor_import_geojson_mem(const char *text, size_t len, const char *name, const cor_geojson_options *o,
                                  cor_import **out, cor_diag *d)
{
    *out = NULL;
    mapping m;
    cor_status s = parse_map(o->map, &m, d);
    if (s != COR_OK)
        return s;
    if (!(o->snap_m >= 0 && o->snap_m <= COR_IMPORT_MAX_SNAP_M))
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "--snap-m must be 0..%g metres", COR_IMPORT_MAX_SNAP_M);
    if (o->mode == COR_MODE_RAIL && !o->gauge_mm)
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "rail needs --gauge (1435, 1520, ...)");
    json_error_t err;
    long failed = cor_alloc_failures();
    json_t *doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
    if (!doc && cor_alloc_failures() != failed) /* jansson's allocations go through ours when hooked */
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    if (!doc)
        return cor_diag_add(d, COR_EDATA, name, err.line > 0 ? (uint32_t)err.line : 0,
                            err.column > 0 ? (uint32_t)err.column : 0, "%s", err.text);
    gj g = {.name = name, .d = d};
    cor_import *im = cor_imp_new("GeoJSON", "n", "g", name);
    if (!im) {
        json_decref(doc);
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    }
    im->mode = o->mode;
    json_t *type = json_object_get(doc, "type");
    const char *t = json_string_value(type);
    if (t && strcmp(t, "FeatureCollection") == 0 && json_is_array(json_object_get(doc, "features"))) {
        json_t *fs = json_object_get(doc, "features");
        for (size_t k = 0; k < json_array_size(fs) && s == COR_OK && !cor_diag_full(d); k++)
            s = add_feature(&g, json_array_get(fs, k), (uint32_t)k);
    } else if (t && strcmp(t, "Feature") == 0) {
        s = add_feature(&g, doc, 0);
    } else {
        s = cor_diag_add(d, COR_EDATA, name, 0, 0, "$: expected a FeatureCollection with features, or a Feature");
    }
    if (s == COR_OK && g.fault)
        s = COR_EDATA;
    if (s == COR_OK && g.np == 0)
        s = cor_diag_add(d, COR_EDATA, name, 0, 0, "$: no LineString or MultiLineString features");
    size_t *up = NULL;
    if (s == COR_OK) {
        up = malloc(g.nv * sizeof *up);
        s = up ? join(&g, o->snap_m, up) : COR_ENOMEM;
    }
    if (s == COR_OK)
        s = cut(&g, im, o, &m, up);
    if (s == COR_OK && g.fault)
        s = COR_EDATA;
    free(up);
    free(g.v);
    free(g.p);
    json_decref(doc);
    if (s != COR_OK && s != COR_ENOMEM && cor_alloc_failures() != failed) {
        s = COR_ENOMEM; /* a jansson allocation failed: what it left is no fault of the input */
        cor_diag_clear(d);
    }
    if (s == COR_ENOMEM && cor_diag_status(d) == COR_OK)
        cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    if (s != COR_OK) {
        cor_import_free(im);
        return s;
    }
    *out = im;
    return COR_OK;
}

cor_status cor_import_geojson(const char *path, const cor_geojson_options *o, cor_import **out, cor_diag *d)
{
    char *text = NULL;
    size_t len = 0;
    *out = NULL;
    cor_status s = cor_read_file(path, COR_IMPORT_MAX_BYTES, &text, &len, d);
    if (s == COR_OK)
        s = cor_import_geojson_mem(text, len, path, o, out, d);
    free(text);
    return s;
}
