/*
 * import_int.h -- the network an importer builds before it is written as
 * a folder (internal to src/import).  Arrays grown by doubling; node i has
 * the id PREFIX(i + 1), link i the id LINK_PREFIX(i + 1) and the fields
 * below (NAN or NULL: not given, the column stays empty).
 */
#ifndef COR_IMPORT_INT_H
#define COR_IMPORT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "corridor/import.h"

typedef struct imp_link {
    uint32_t from, to;                /* node indices */
    double distance_km, speed_kmh, fixed_hours, capacity_teu_per_year, capacity_t_per_year;
    uint16_t gauge_mm;                /* 0: none */
    uint32_t feature;                 /* source feature or line number */
    uint32_t number;                  /* the link's id is LINK_PREFIX<number> (0: its position + 1) */
    char *status, *operator_name, *corridors; /* owned, or NULL */
} imp_link;

struct cor_import {
    const char *node_prefix, *link_prefix; /* static strings */
    const char *format;                  /* "DIMACS", "TNTP", "GeoJSON" */
    char *input_name;                    /* basename of the input, for sources */
    double *lat, *lon;
    uint32_t nnodes, cap_nodes;
    imp_link *links;
    uint32_t nlinks, cap_links;
    cor_mode mode;
    uint32_t loops;                      /* loop arcs dropped */
    uint32_t nzones;                     /* nodes 1..nzones are zones (TNTP: below <FIRST THRU NODE>) */
    char note[512];
};

cor_import *cor_imp_new(const char *format, const char *node_prefix, const char *link_prefix, const char *input);
/* Set the node count (all at 0,0).  COR_ENOMEM or COR_ELIMIT. */
cor_status cor_imp_set_nodes(cor_import *im, uint32_t n);
/* Add a node at lat, lon; its index in *idx. */
cor_status cor_imp_add_node(cor_import *im, double lat, double lon, uint32_t *idx);
/* Add a link (copied; the strings are taken over, also on failure). */
cor_status cor_imp_add_link(cor_import *im, imp_link *l);
void cor_imp_link_init(imp_link *l);

#endif
