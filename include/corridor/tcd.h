/*
 * corridor/tcd.h -- UNESCAP time/cost-distance (TCD) series and charts.
 *
 * A route's series walks its legs and stops in order: a leg rises along the
 * distance axis (waiting for a sailing, or a canal transit, is drawn as a
 * step at the leg's start), a stop (port, transfer, gauge change, border) is
 * a vertical step at its distance.  The last point of a series equals the
 * route's totals.  Charts have two panels, cumulative time and cumulative
 * cost against cumulative distance, one line per route (dash pattern per
 * route, colour per mode, a legend, labelled steps), rendered by cairo to
 * SVG, PNG or PDF.
 */
#ifndef CORRIDOR_TCD_H
#define CORRIDOR_TCD_H

#include <stdio.h>

#include "corridor/report.h"

typedef enum cor_tcd_kind { COR_TCD_LEG, COR_TCD_WAIT, COR_TCD_STOP } cor_tcd_kind;

typedef struct cor_tcd_segment {
    cor_tcd_kind kind;
    uint32_t seq;
    char label[96];         /* "Bandar Abbas port", "wait for sailing", "rail1435" */
    cor_mode mode;          /* legs and waits */
    double km0, km1, h0, h1, usd0, usd1;
} cor_tcd_segment;

typedef struct cor_tcd_series {
    char name[96];
    cor_tcd_segment *seg;
    uint32_t n;
} cor_tcd_series;

/* Build the series of an itinerary (caller frees with cor_tcd_series_destroy). */
cor_status cor_tcd_series_build(const cor_itinerary *it, const char *name, cor_tcd_series *out);
void cor_tcd_series_destroy(cor_tcd_series *s);

typedef enum cor_chart_format { COR_CHART_SVG, COR_CHART_PNG, COR_CHART_PDF } cor_chart_format;
/* From a file name's extension (.svg, .png, .pdf); -1 if none of them. */
int cor_chart_format_from_path(const char *path, cor_chart_format *f);

/* CSV of the series: route, seq, element, label, mode, km_start, km_end,
 * hours_start, hours_end, usd_start, usd_end. */
cor_status cor_tcd_write_csv(FILE *out, const cor_tcd_series *s, size_t n);

/* Render the chart to a stream. */
cor_status cor_tcd_render(FILE *out, cor_chart_format fmt, const cor_tcd_series *s, size_t n, const char *title,
                          cor_diag *d);

#endif
