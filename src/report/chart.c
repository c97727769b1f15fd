/*
 * chart.c -- a cairo drawing into a stream as PNG, PDF or SVG (chart.h).
 */
#include "chart.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>

typedef struct sink {
    FILE *out;
    int err;
} sink;

static cairo_status_t write_fn(void *closure, const unsigned char *data, unsigned int len)
{
    sink *k = closure;
    if (fwrite(data, 1, len, k->out) != len) {
        k->err = 1;
        return CAIRO_STATUS_WRITE_ERROR;
    }
    return CAIRO_STATUS_SUCCESS;
}

static cor_status cairo_fail(cor_diag *d, cairo_status_t e, const char *what)
{
    return cor_diag_add(d, e == CAIRO_STATUS_NO_MEMORY ? COR_ENOMEM : COR_EINTERNAL, NULL, 0, 0, "%s: %s", what,
                        cairo_status_to_string(e));
}

cor_status cor_chart_cairo(FILE *out, cor_chart_format fmt, double w, double h, cor_chart_draw_fn draw, void *ud,
                           cor_diag *d)
{
    sink k = {out, 0};
    cairo_surface_t *surf;
    if (fmt == COR_CHART_PDF)
        surf = cairo_pdf_surface_create_for_stream(write_fn, &k, w, h);
    else if (fmt == COR_CHART_SVG)
        surf = cairo_svg_surface_create_for_stream(write_fn, &k, w, h);
    else
        surf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)w, (int)h);
    cairo_status_t st = cairo_surface_status(surf);
    if (st != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(surf);
        return cairo_fail(d, st, "cannot start the chart");
    }
    cairo_t *cr = cairo_create(surf);
    draw(cr, ud);
    /* cairo stops drawing at its first error and says so only here */
    st = cairo_status(cr);
    cairo_destroy(cr);
    if (st != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(surf);
        return cairo_fail(d, st, "drawing the chart failed");
    }
    if (fmt == COR_CHART_PNG)
        st = cairo_surface_write_to_png_stream(surf, write_fn, &k);
    else
        cairo_surface_finish(surf);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(surf);
    cairo_surface_destroy(surf);
    if (k.err)
        return COR_EIO; /* a write error: the outfile reports it */
    if (st != CAIRO_STATUS_SUCCESS)
        return cairo_fail(d, st, "writing the chart failed");
    return COR_OK;
}
