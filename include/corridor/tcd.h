/*
 * corridor/tcd.h -- UNESCAP time/cost-distance (TCD) series and charts.
 *
 * A route's series walks its legs and stops in order: a leg rises along the
 * distance axis (waiting for a sailing, or a canal transit, is drawn as a
 * step at the leg's start), a stop (port, transfer, gauge change, border) is
 * a vertical step at its distance.  The last point of a series equals the
 * route's totals.  Charts have two panels, cumulative time and cumulative
 * cost against cumulative distance, one line per route (dash pattern per
 * route, colour per mode, a legend, labelled steps), rendered to SVG, PNG
 * or PDF.
 *
 * Charts are laid out once into a display list (lines, rectangles, texts
 * with their boxes, measured with cairo's font metrics), then drawn by one
 * of two back ends: cairo for PNG and PDF, and a small SVG writer for SVG,
 * so that SVG text is <text> (searchable, editable, translatable) rather
 * than cairo's glyph outlines (its SVG surface draws every glyph as a path,
 * whatever the version).  Text never overlaps text: every label is placed
 * by a greedy search over candidate positions (the end of its line, then
 * steps above and below, then the other side) against every box placed
 * before it (titles, ticks, legend first); a label with no free place is
 * not drawn in the plot, and the legend names every route anyway.
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
    char name[160];
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

/* A short name for a route by its main legs: the places where it changes
 * mode (ports, transfers; at most three) and its modes, e.g. "via Bandar
 * Abbas, Astara (Iran) (sea+road+rail)". */
void cor_tcd_route_name(const cor_itinerary *it, char *buf, size_t size);

/* What a chart says besides its series. */
typedef struct cor_tcd_chart {
    const char *title;     /* first line: the trip and what is drawn */
    const char *subtitle;  /* second line (NULL: none): objective, year, scenario */
    /* Routes that are not drawn (a corridor with no route, or one the trip
     * cannot use): listed in the legend with the reason. */
    const char *const *absent_name;
    const char *const *absent_why;
    size_t nabsent;
    const char *cost_unit; /* what the cost axis is per: "TEU" (NULL) or "box" (box.h) */
} cor_tcd_chart;

/* A text of the laid-out chart and its box (canvas units, y down). */
typedef struct cor_tcd_box {
    double x0, y0, x1, y1;
    char text[160];
    int role;  /* COR_TCD_TEXT_* */
} cor_tcd_box;
enum { COR_TCD_TEXT_TITLE, COR_TCD_TEXT_AXIS, COR_TCD_TEXT_LEGEND, COR_TCD_TEXT_LINE, COR_TCD_TEXT_STEP };
#define COR_TCD_WIDTH 1400.0
#define COR_TCD_HEIGHT 900.0

/* Lay the chart out and return the boxes of every text drawn (caller frees
 * *boxes): for tests and for callers that place things around the chart.
 * COR_ENOMEM or COR_OK. */
cor_status cor_tcd_layout(const cor_tcd_series *s, size_t n, const cor_tcd_chart *c, cor_tcd_box **boxes,
                          size_t *nboxes, cor_diag *d);

/* Render the chart to a stream. */
cor_status cor_tcd_render_chart(FILE *out, cor_chart_format fmt, const cor_tcd_series *s, size_t n,
                                const cor_tcd_chart *c, cor_diag *d);
/* The same with a title only. */
cor_status cor_tcd_render(FILE *out, cor_chart_format fmt, const cor_tcd_series *s, size_t n, const char *title,
                          cor_diag *d);

#endif
