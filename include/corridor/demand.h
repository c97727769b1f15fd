/*
 * corridor/demand.h -- freight demand for assignment: an OD matrix, its
 * growth, and the delay functions and capacities of the assets it loads.
 *
 * Demand file (CSV, header names in any order):
 *   origin, destination   places: node id, name or alias (resolved later,
 *                         against the network the demand is assigned on)
 *   volume                per year, >= 0
 *   unit                  TEU or t (tonnes; converted at t_per_teu)
 *   year                  the year the volume is for (optional; the base
 *                         year of growth)
 *   class                 box type or commodity (optional; "all")
 *   value_of_time_usd_per_teu_day   the class's value of time (optional on
 *                         a row; every class needs it on one row at least,
 *                         and rows of one class must agree)
 *   source                where the figure comes from, or "assumption: ..."
 *                         (required, not empty)
 *   note                  free text (optional)
 * Rows with the same origin, destination and class are added up.
 *
 * Growth file (CSV): origin, destination, class (optional; empty = every
 * class), growth (a rate per year, -0.5 .. 2), source.  A demand row takes
 * the growth of its OD (and class) if listed, else the default rate.
 *
 * Delay-function file (delay_functions.csv in the network folder), one row
 * per asset kind (defaults) or per asset (overrides):
 *   asset   kind:port | kind:transfer | kind:gauge_change | kind:border |
 *           kind:rail | kind:road | kind:sea | kind:feeder | kind:ferry |
 *           kind:iww  (defaults by kind), or link:ID, transfer:NODE:FROM:TO,
 *           border:ID (one asset), or "conversion" (t_per_teu only)
 *   vdf     bpr | conical | hard (empty on the conversion row; empty on
 *           an asset's row: its kind's function and parameters)
 *   alpha, beta            the function's parameters (BPR a, b; conical a)
 *   capacity_teu_per_year, capacity_t_per_year   a capacity the network's
 *           files do not give (borders, sailings), or one that replaces it
 *   background_teu_per_year, background_t_per_year   traffic that uses the
 *           asset but is not in the demand (the port's other trade)
 *   t_per_teu   the conversion row only: tonnes of a tonnage-rated asset a
 *           loaded TEU uses
 *   capacity_basis, source
 *
 * Every fault is reported as FILE:LINE:COLUMN: message.  Ownership: the
 * structs are caller-owned, _init/_destroy; strings are owned by them.
 */
#ifndef CORRIDOR_DEMAND_H
#define CORRIDOR_DEMAND_H

#include <stddef.h>
#include <stdint.h>

#include "corridor/status.h"

#define COR_DEMAND_MAX_ROWS 1000000u
#define COR_DEMAND_MAX_CLASSES 16u
#define COR_DEFAULT_T_PER_TEU 12.0

typedef struct cor_demand_class {
    char *name;
    double vot_usd_per_teu_day;
} cor_demand_class;

typedef struct cor_demand_row {
    char *origin, *destination, *source, *note;
    uint32_t line;        /* in the file, for later errors (unknown place) */
    uint32_t col_origin, col_destination;
    double volume;        /* as given */
    int unit_t;           /* 1: tonnes, 0: TEU */
    int year;             /* 0 = not given */
    uint32_t klass;       /* index into classes */
} cor_demand_row;

typedef struct cor_demand {
    char *file;
    cor_demand_row *rows;
    size_t n;
    cor_demand_class classes[COR_DEMAND_MAX_CLASSES];
    uint32_t nclasses;
} cor_demand;

void cor_demand_init(cor_demand *dm);
void cor_demand_destroy(cor_demand *dm);
/* Read a demand file (or text in memory labelled `name`). */
cor_status cor_demand_load(const char *path, cor_demand *dm, cor_diag *d);
cor_status cor_demand_parse(const char *name, const char *buf, size_t len, cor_demand *dm, cor_diag *d);
/* TEU a year of row r at t_per_teu. */
double cor_demand_row_teu(const cor_demand_row *r, double t_per_teu);

typedef struct cor_growth_row {
    char *origin, *destination, *klass, *source; /* klass "" = every class */
    double growth;
    uint32_t line;
} cor_growth_row;

typedef struct cor_growth {
    cor_growth_row *rows;
    size_t n;
} cor_growth;

void cor_growth_init(cor_growth *g);
void cor_growth_destroy(cor_growth *g);
cor_status cor_growth_load(const char *path, cor_growth *g, cor_diag *d);
cor_status cor_growth_parse(const char *name, const char *buf, size_t len, cor_growth *g, cor_diag *d);

/* ---- delay functions and asset capacities ---- */

typedef enum cor_asset_sel {
    COR_SEL_KIND,      /* name = a kind: port, transfer, ..., rail, ferry */
    COR_SEL_LINK,      /* name = link id */
    COR_SEL_TRANSFER,  /* name = NODE:FROM:TO */
    COR_SEL_BORDER     /* name = border id */
} cor_asset_sel;

typedef struct cor_vdf_row {
    cor_asset_sel sel;
    char *name;
    int vdf;                     /* cor_vdf (assign.h) */
    int vdf_given;               /* 0: an asset's row takes its kind's function */
    double alpha, beta;
    double cap_teu, cap_t;       /* 0 = not given */
    double bg_teu, bg_t;         /* 0 = none */
    char *basis, *source;
    uint32_t line;
} cor_vdf_row;

typedef struct cor_vdf_table {
    char *file;
    cor_vdf_row *rows;
    size_t n;
    double t_per_teu;            /* COR_DEFAULT_T_PER_TEU unless the file says */
    char *t_per_teu_source;
} cor_vdf_table;

void cor_vdf_table_init(cor_vdf_table *t);
void cor_vdf_table_destroy(cor_vdf_table *t);
cor_status cor_vdf_table_load(const char *path, cor_vdf_table *t, cor_diag *d);
cor_status cor_vdf_table_parse(const char *name, const char *buf, size_t len, cor_vdf_table *t, cor_diag *d);
/* The row for an asset: the override (sel, name), else the kind's default
 * (kind), else NULL. */
/* The kind's default row, or NULL. */
const cor_vdf_row *cor_vdf_table_kind(const cor_vdf_table *t, const char *kind);
const cor_vdf_row *cor_vdf_table_find(const cor_vdf_table *t, cor_asset_sel sel, const char *name,
                                      const char *kind);

#endif
