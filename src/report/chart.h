/*
 * chart.h -- one way to put a cairo drawing into a stream as PNG, PDF or
 * SVG, shared by the chart writers (tcd.c, histogram.c); not part of the
 * public interface.
 *
 * cor_chart_cairo() makes a w x h surface of the format, calls draw once
 * with a cairo context on it, and writes the result to out.  A write error
 * on out is COR_EIO with nothing added to d (the caller's outfile reports
 * it); a cairo failure is COR_ENOMEM or COR_EINTERNAL with a message in d.
 * The surface and context live only during the call.
 */
#ifndef CORRIDOR_REPORT_CHART_H
#define CORRIDOR_REPORT_CHART_H

#include <stdio.h>

#include <cairo.h>

#include "corridor/status.h"
#include "corridor/tcd.h"

typedef void (*cor_chart_draw_fn)(cairo_t *cr, void *ud);

cor_status cor_chart_cairo(FILE *out, cor_chart_format fmt, double w, double h, cor_chart_draw_fn draw, void *ud,
                           cor_diag *d);

#endif
