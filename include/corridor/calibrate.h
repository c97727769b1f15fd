/*
 * corridor/calibrate.h -- the model beside published trips.
 *
 * A calibration file (CSV, e.g. data/instc/calibration.csv) lists trips
 * that someone published a time or a cost for: where from, where to, how
 * (objective, via places, avoided places or passages, modes, year,
 * scenario), the published range of days and of USD per TEU, the band
 * beyond that range within which the model is accepted, the source and
 * its date.  cor_calibration_run() routes each trip on a network and says
 * whether the model lands inside its band; `corridor calibrate` prints the
 * table the README shows and fails when a row leaves its band.
 *
 * Columns (header names, any order): id, trip, from, to, by, via, avoid,
 * modes, year, scenario, days_min, days_max, usd_min, usd_max, band_days,
 * band_usd, source, date, note, known_gap.  via and avoid are
 * '|'-separated; a published figure left empty is not checked.  A row with
 * a known_gap (the reason the model is known to miss it) is expected
 * outside its band: it fails when it comes back inside, so that the reason
 * is cleared rather than left stale.
 *
 * Ownership: caller-owned cor_calibration, _init/_destroy.
 */
#ifndef CORRIDOR_CALIBRATE_H
#define CORRIDOR_CALIBRATE_H

#include <stdio.h>

#include "corridor/status.h"

#define COR_CALIBRATION_MAX_ROWS 1000u

typedef struct cor_calibration_row {
    char *id, *trip, *from, *to, *by, *via, *avoid, *modes, *scenario, *source, *date, *note, *known_gap;
    int year;                          /* 0 = the network's default */
    double days_min, days_max;         /* published; NAN if none */
    double usd_min, usd_max;           /* published, USD per TEU; NAN if none */
    double band_days, band_usd;        /* accepted beyond the published range */
    /* filled by cor_calibration_run */
    cor_status status;                 /* COR_OK, COR_ENOROUTE, or why it could not run */
    char reason[COR_DIAG_TEXT];
    double days, usd, co2e_kg, km;
    int time_ok, cost_ok;              /* 1 inside the band, 0 outside, -1 not published */
} cor_calibration_row;

typedef struct cor_calibration {
    cor_calibration_row *rows;
    size_t n;
} cor_calibration;

void cor_calibration_init(cor_calibration *c);
void cor_calibration_destroy(cor_calibration *c);

/* Read a calibration file; every fault as FILE:LINE:COLUMN. */
cor_status cor_calibration_load(const char *path, cor_calibration *c, cor_diag *d);

/* Route every row on the network in `dir` (with the row's scenario).  A
 * row whose places or options do not resolve is marked, not an error; the
 * result is COR_OK unless the network cannot be loaded or memory runs out. */
cor_status cor_calibration_run(cor_calibration *c, const char *dir, cor_diag *d);

/* 1 when a row fails: outside its band (or not routed) without a known
 * gap, or inside it with one. */
int cor_calibration_row_failed(const cor_calibration_row *r);

/* How many rows fail. */
size_t cor_calibration_failures(const cor_calibration *c);

/* The table: markdown (for the README) or plain text. */
cor_status cor_write_calibration(FILE *out, const cor_calibration *c, int markdown);

#endif
