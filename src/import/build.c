/*
 * build.c -- the importers' common network and its writer: nodes.csv,
 * modes.csv and links.csv in a folder, each written atomically through
 * cor_outfile, in the columns of docs/data-format.md.  See
 * corridor/import.h.
 *
 * Memory: 16 bytes a node, about 80 a link.  Writing is O(nodes + links).
 */
#include "import_int.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "corridor/outfile.h"
#include "../core/alloc.h"

cor_import *cor_imp_new(const char *format, const char *node_prefix, const char *link_prefix, const char *input)
{
    cor_import *im = calloc(1, sizeof *im);
    if (!im)
        return NULL;
    im->format = format;
    im->node_prefix = node_prefix;
    im->link_prefix = link_prefix;
    im->mode = COR_MODE_ROAD;
    const char *base = input ? strrchr(input, '/') : NULL;
    im->input_name = strdup(base ? base + 1 : input ? input : "input");
    if (!im->input_name) {
        free(im);
        return NULL;
    }
    return im;
}

static int grow(void **p, uint32_t *cap, uint32_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : 16;
    while (c < need)
        c *= 2;
    void *q = realloc(*p, c * size);
    if (!q)
        return -1;
    *p = q;
    *cap = (uint32_t)c;
    return 0;
}

cor_status cor_imp_set_nodes(cor_import *im, uint32_t n)
{
    if (n > COR_MAX_NODES)
        return COR_ELIMIT;
    double *la = calloc(n ? n : 1, sizeof *la), *lo = calloc(n ? n : 1, sizeof *lo);
    if (!la || !lo) {
        free(la);
        free(lo);
        return COR_ENOMEM;
    }
    free(im->lat);
    free(im->lon);
    im->lat = la;
    im->lon = lo;
    im->nnodes = im->cap_nodes = n;
    return COR_OK;
}

cor_status cor_imp_add_node(cor_import *im, double lat, double lon, uint32_t *idx)
{
    if (im->nnodes >= COR_MAX_NODES)
        return COR_ELIMIT;
    uint32_t c1 = im->cap_nodes, c2 = im->cap_nodes;
    if (grow((void **)&im->lat, &c1, im->nnodes + 1, sizeof *im->lat) ||
        grow((void **)&im->lon, &c2, im->nnodes + 1, sizeof *im->lon))
        return COR_ENOMEM;
    if (c1 != c2) { /* one grew, the other failed: keep the smaller */
        im->cap_nodes = c1 < c2 ? c1 : c2;
        return COR_ENOMEM;
    }
    im->cap_nodes = c1;
    im->lat[im->nnodes] = lat;
    im->lon[im->nnodes] = lon;
    *idx = im->nnodes++;
    return COR_OK;
}

void cor_imp_link_init(imp_link *l)
{
    memset(l, 0, sizeof *l);
    l->speed_kmh = l->fixed_hours = l->capacity_teu_per_year = l->capacity_t_per_year = NAN;
}

static void link_strings_free(imp_link *l)
{
    free(l->status);
    free(l->operator_name);
    free(l->corridors);
}

cor_status cor_imp_add_link(cor_import *im, imp_link *l)
{
    if (im->nlinks >= COR_MAX_LINKS) {
        link_strings_free(l);
        return COR_ELIMIT;
    }
    if (grow((void **)&im->links, &im->cap_links, im->nlinks + 1, sizeof *im->links)) {
        link_strings_free(l);
        return COR_ENOMEM;
    }
    im->links[im->nlinks++] = *l;
    return COR_OK;
}

void cor_import_free(cor_import *im)
{
    if (!im)
        return;
    for (uint32_t i = 0; i < im->nlinks; i++)
        link_strings_free(&im->links[i]);
    free(im->links);
    free(im->lat);
    free(im->lon);
    free(im->input_name);
    free(im);
}

uint32_t cor_import_node_count(const cor_import *im) { return im ? im->nnodes : 0; }
uint32_t cor_import_link_count(const cor_import *im) { return im ? im->nlinks : 0; }
const char *cor_import_note(const cor_import *im) { return im ? im->note : ""; }

/* ---- writing ---------------------------------------------------------- */

/* A CSV field, quoted when it needs to be (RFC 4180). */
static void put_field(FILE *f, const char *s)
{
    if (!s)
        return;
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* A number with no more digits than it needs ("12", "0.25"); "" for NAN. */
static void put_num(FILE *f, double v)
{
    if (isnan(v))
        return;
    if (v == floor(v) && fabs(v) < 9007199254740992.0)
        fprintf(f, "%.0f", v);
    else { /* the shortest form that reads back as v */
        char buf[32];
        for (int prec = 15; prec <= 17; prec++) {
            snprintf(buf, sizeof buf, "%.*g", prec, v);
            if (strtod(buf, NULL) == v)
                break;
        }
        fputs(buf, f);
    }
}

static void write_nodes(FILE *f, const cor_import *im)
{
    fputs(im->nzones ? "id,id_kind,name,kind,lat,lon,source\n" : "id,id_kind,name,lat,lon,source\n", f);
    for (uint32_t i = 0; i < im->nnodes; i++) {
        fprintf(f, "%s%u,local,%s%u,", im->node_prefix, i + 1, im->node_prefix, i + 1);
        if (im->nzones) /* a zone: routes start and end there, never pass through */
            fputs(i < im->nzones ? "zone," : "junction,", f);
        put_num(f, im->lat[i]);
        fputc(',', f);
        put_num(f, im->lon[i]);
        fprintf(f, ",%s import of ", im->format);
        put_field(f, im->input_name);
        fputc('\n', f);
    }
}

static void write_modes(FILE *f, const cor_import *im)
{
    int rail = im->mode == COR_MODE_RAIL;
    fputs("mode,speed_kmh,rate_usd_per_teu_km,co2e_g_per_tkm,scope,payload_t_per_teu,source\n", f);
    fprintf(f, "%s,%s,1,%s,WTW,10,\"assumption: placeholder defaults written by corridor import (speed, rate of 1 "
               "USD per distance unit, CO2e, payload 10 t); replace them with the network's own figures\"\n",
            cor_mode_name(im->mode), rail ? "50" : "60", rail ? "20" : "60");
}

static void write_links(FILE *f, const cor_import *im)
{
    fputs("id,from,to,mode,gauge_mm,distance_km,speed_kmh,fixed_hours,capacity_teu_per_year,"
          "capacity_t_per_year,status,operator,corridors,oneway,source\n", f);
    const char *mode = cor_mode_name(im->mode);
    int oneway = strcmp(im->format, "GeoJSON") != 0; /* DIMACS and TNTP arcs are directed */
    for (uint32_t i = 0; i < im->nlinks; i++) {
        const imp_link *l = &im->links[i];
        fprintf(f, "%s%u,%s%u,%s%u,%s,", im->link_prefix, l->number ? l->number : i + 1, im->node_prefix, l->from + 1, im->node_prefix,
                l->to + 1, mode);
        if (l->gauge_mm)
            fprintf(f, "%u", (unsigned)l->gauge_mm);
        fputc(',', f);
        put_num(f, l->distance_km);
        fputc(',', f);
        put_num(f, l->speed_kmh);
        fputc(',', f);
        put_num(f, l->fixed_hours);
        fputc(',', f);
        put_num(f, l->capacity_teu_per_year);
        fputc(',', f);
        put_num(f, l->capacity_t_per_year);
        fputc(',', f);
        put_field(f, l->status);
        fputc(',', f);
        put_field(f, l->operator_name);
        fputc(',', f);
        put_field(f, l->corridors);
        fprintf(f, ",%s,%s import of ", oneway ? "yes" : "no", im->format);
        put_field(f, im->input_name);
        fprintf(f, " %s %u\n", oneway ? "line" : "feature", l->feature);
    }
}

static cor_status write_one(const cor_import *im, const char *dir, const char *name, const char *const *inputs,
                            void (*fn)(FILE *, const cor_import *), cor_diag *d)
{
    char path[4096];
    int w = snprintf(path, sizeof path, "%s/%s", dir, name);
    if (w < 0 || (size_t)w >= sizeof path)
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "--out: folder name too long");
    for (const char *const *in = inputs; in && *in; in++)
        if (cor_same_file(path, *in))
            return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "--out: %s is the input %s; write the import elsewhere",
                                path, *in);
    cor_outfile of;
    cor_status s = cor_outfile_open(&of, path, d);
    if (s != COR_OK)
        return s;
    fn(of.fp, im);
    return cor_outfile_close(&of, COR_OK, d);
}

cor_status cor_import_write(const cor_import *im, const char *dir, const char *const *inputs, cor_diag *d)
{
    struct stat st;
    if (stat(dir, &st) == 0) {
        if (!S_ISDIR(st.st_mode))
            return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "--out: '%s' exists and is not a folder", dir);
        char path[4096];
        for (const char *const *f = cor_network_file_names(); *f; f++) {
            if (!strcmp(*f, "nodes.csv") || !strcmp(*f, "modes.csv") || !strcmp(*f, "links.csv"))
                continue;
            int w = snprintf(path, sizeof path, "%s/%s", dir, *f);
            if (w > 0 && (size_t)w < sizeof path && stat(path, &st) == 0)
                return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0,
                                    "--out: '%s' holds %s of another network, which would mix with the import; "
                                    "choose a new or empty folder", dir, *f);
        }
    } else if (errno != ENOENT || mkdir(dir, 0777) != 0) {
        return cor_diag_add(d, COR_EOUTPUT, NULL, 0, 0, "--out: cannot create folder '%s': %s", dir, strerror(errno));
    }
    cor_status s = write_one(im, dir, "nodes.csv", inputs, write_nodes, d);
    if (s == COR_OK)
        s = write_one(im, dir, "modes.csv", inputs, write_modes, d);
    if (s == COR_OK)
        s = write_one(im, dir, "links.csv", inputs, write_links, d);
    return s;
}
