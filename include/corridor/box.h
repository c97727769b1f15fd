/*
 * corridor/box.h -- container types, how each tariff scales with them, and
 * the weight limits that bind: the box a query moves.
 *
 * The network's per-arc figures are those of one TEU (graph.h).  A query
 * moves one box of a type (a 20', a 40', a 40' reefer, ...) with a cargo
 * mass, and each tariff scales to that box by its own rule, kept as data
 * in the network folder (all optional; without them every box is a 20'
 * dry box priced per TEU, as before):
 *
 *   boxes.csv       id, name, teu, tare_t, max_gross_t, typical_cargo_t,
 *                   reefer (yes/no), reefer_kw, source
 *   box_rules.csv   item, basis (teu | box), factor_40, factor_45,
 *                   reefer_factor, reefer_usd_per_day,
 *                   reefer_kg_co2e_per_kwh, source
 *   road_limits.csv country ("*" = everywhere else), max_gvw_t, rig_tare_t,
 *                   source
 *
 * An *item* is a mode (sea, feeder, rail, road, ferry, iww: a link's rate,
 * its fixed fee and wait) or a stop kind (port, transfer, gauge_change,
 * border, terminal).  For a box of `teu` TEU, an item's cost of one TEU
 * becomes
 *     usd_box = usd_teu x m x (reefer ? reefer_factor : 1)
 *             + (reefer ? reefer_usd_per_day x hours / 24 : 0)
 *   where m = teu for basis "teu" (a 40' takes two slots), and for basis
 *   "box" m = 1 for a 20', factor_40 for a 40' and factor_45 for a 45' (a
 *   truck carries one box whatever its length; a 40' pays a THC of about
 *   1.5 x a 20').  A reefer's unit runs for the hours of every leg and stop:
 *     co2e += reefer_kw x hours x reefer_kg_co2e_per_kwh  (the item's
 *   energy: the ship's generators, a diesel genset on land, the grid at a
 *   plug), kept apart in the emission account.  Hours do not change.
 *
 * Emissions of the transport follow ISO 14083 / GLEC: tonne-km of the
 * cargo's mass (not the tare: the factors already carry the vehicle and
 * the box), so a leg's CO2e scales with the cargo, and hub emissions (per
 * TEU handled in the data) with the box's TEU.
 *
 * Weight: the cargo may not exceed max_gross_t - tare_t (an error naming
 * the limit), and a road link in a country whose max_gvw_t - rig_tare_t
 * (the heaviest box a tractor and chassis may carry without a permit) is
 * below the box's gross is closed for the query: routes go round it by
 * rail or sea, and when none can, the no-route message says which limit
 * closed the roads.
 *
 * Choice for speed: the rules are compiled once per query into a
 * cor_box_spec of per-item multipliers (by value in cor_query), and the
 * query's filter applies them while it computes each arc's criteria, which
 * it does anyway (O(A) per query, no second cost array in the graph, and
 * costs stay additive along a route).
 *
 * Ownership: cor_boxes_load() allocates, cor_boxes_free() releases (NULL
 * ok).  A cor_box_spec is a plain value.
 */
#ifndef CORRIDOR_BOX_H
#define CORRIDOR_BOX_H

#include <stdint.h>

#include "corridor/status.h"

#define COR_MAX_BOX_TYPES 32u
#define COR_MAX_ROAD_LIMITS 64u

/* Items a rule prices: the modes (cor_mode order), then the stop kinds. */
typedef enum cor_box_item {
    COR_BOX_SEA, COR_BOX_FEEDER, COR_BOX_RAIL, COR_BOX_ROAD, COR_BOX_FERRY, COR_BOX_IWW,
    COR_BOX_PORT, COR_BOX_TRANSFER, COR_BOX_GAUGE_CHANGE, COR_BOX_BORDER, COR_BOX_TERMINAL,
    COR_BOX_ITEM_COUNT
} cor_box_item;

const char *cor_box_item_name(cor_box_item i);

typedef struct cor_box_type {
    char id[16];            /* "20", "40", "40hc", "45", "20rf", "40rf" */
    char name[48];          /* "20' dry" */
    double teu, tare_t, max_gross_t, typical_cargo_t; /* typical 0: each mode's payload per TEU x teu */
    int reefer;
    double reefer_kw;       /* average power the reefer unit draws */
    const char *source;
} cor_box_type;

typedef struct cor_box_rule {
    int defined;
    int per_box;            /* 0: per TEU; 1: per box with factor_40, factor_45 */
    double factor_40, factor_45, reefer_factor, reefer_usd_per_day, reefer_kg_co2e_per_kwh;
    const char *source;
} cor_box_rule;

typedef struct cor_road_limit {
    char country[4];        /* ISO 3166 alpha-2, or "*" */
    double max_gvw_t, rig_tare_t;
    const char *source;
} cor_road_limit;

typedef struct cor_boxes cor_boxes;

/* Load boxes.csv, box_rules.csv and road_limits.csv from `dir` (each
 * optional: a missing boxes.csv gives the one built-in 20' box priced per
 * TEU; a missing rule prices its item per TEU; no limits, no closed
 * roads).  Faults are added to d as FILE:LINE:COLUMN: message; COR_EDATA,
 * COR_EIO, COR_ELIMIT or COR_ENOMEM, and *out NULL unless COR_OK. */
cor_status cor_boxes_load(const char *dir, cor_boxes **out, cor_diag *d);
void cor_boxes_free(cor_boxes *b);

uint32_t cor_boxes_type_count(const cor_boxes *b);
const cor_box_type *cor_boxes_type(const cor_boxes *b, uint32_t i);
const cor_box_rule *cor_boxes_rule(const cor_boxes *b, cor_box_item i);
uint32_t cor_boxes_road_limit_count(const cor_boxes *b);
const cor_road_limit *cor_boxes_road_limit(const cor_boxes *b, uint32_t i);
/* "20, 40, 40hc, ..." into buf. */
const char *cor_boxes_ids(const cor_boxes *b, char *buf, size_t size);

/* The box a query moves, compiled from the tables. */
typedef struct cor_box_spec {
    int set;                /* 0: the default (a 20' per TEU, cargo = each mode's payload) */
    char id[16], name[48];
    double teu, tare_t, max_gross_t;
    double cargo_t;         /* tonnes of cargo in the box; 0 = each mode's payload per TEU x teu */
    int cargo_given;        /* 1 if the user gave it (else the type's typical load) */
    int reefer;
    double reefer_kw;
    double usd_factor[COR_BOX_ITEM_COUNT];       /* multiplier on the TEU cost, reefer factor included */
    double reefer_usd_per_hour[COR_BOX_ITEM_COUNT];
    double reefer_co2e_kg_per_hour[COR_BOX_ITEM_COUNT];
    double hub_co2_factor;  /* hub emissions per TEU x this (the TEU) */
    /* road limits: heaviest box gross per country ("*": elsewhere) */
    cor_road_limit road[COR_MAX_ROAD_LIMITS];
    uint32_t nroad;
    uint32_t nrules;        /* items box_rules.csv prices (0: all per TEU) */
    char label[96];         /* what figures are per: "box (40' reefer, 20.0 t of cargo)" */
} cor_box_spec;

/* The default box: a 20' priced per TEU, every factor 1, no limits. */
void cor_box_spec_default(cor_box_spec *s);

/* Compile the box `id` with `cargo_t` tonnes of cargo (< 0: the type's
 * typical load) against the tables.  COR_EUSAGE with a message naming the
 * option for an unknown id (--box) or cargo out of range (--cargo-t: "a
 * 40' box carries at most 26.7 t of cargo (30.48 t gross less 3.75 t
 * tare)"). */
cor_status cor_box_resolve(const cor_boxes *b, const char *id, double cargo_t, cor_box_spec *out, cor_diag *d);

/* The box's gross mass in tonnes (cargo + tare); with cargo 0 (each
 * mode's payload), `payload_t_per_teu` x teu + tare. */
double cor_box_gross_t(const cor_box_spec *s, double payload_t_per_teu);

/* The heaviest box gross a truck may carry in `country` (the country's
 * row, else "*"), or INFINITY when no limit is known. */
double cor_box_road_limit_t(const cor_box_spec *s, const char *country);

/* A part of an arc as the box sees it: (hours, usd, co2e) of one TEU of
 * item i in, usd and co2e of the box out (co2e here is the transport or
 * hub part only; the reefer unit's own is added to *reefer_co2e_kg). */
void cor_box_apply(const cor_box_spec *s, cor_box_item i, double hours, double *usd, double *co2e_kg,
                   double *reefer_co2e_kg);

/* "TEU" for the default 20' box, else "box": the unit of the figures. */
const char *cor_box_unit(const cor_box_spec *s);

/* One line that says which box and weight the figures are for:
 * "40' dry (2 TEU), cargo 20.0 t (typical), gross 23.8 t". */
const char *cor_box_describe(const cor_box_spec *s, double payload_t_per_teu, char *buf, size_t size);

#endif
