/*
 * tcd.c -- time/cost-distance series and their charts (cairo).
 * See corridor/tcd.h.
 *
 * Chart geometry: a fixed canvas (1200 x 900 units; pixels for PNG, points
 * for SVG and PDF) with a title, two stacked panels sharing the distance
 * axis, and a legend of modes and routes on the right.  Axis ticks are
 * "nice" numbers (1, 2, 5 x 10^k).
 */
#include "corridor/tcd.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <csv.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <stdio.h>

#include "corridor/text.h"
#include "../core/alloc.h" /* last: maps malloc & co. to the counted wrappers */

/* printf into a fixed label: control characters escaped, cut between
 * characters (with "...") when it does not fit. */
static void label_set(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void label_set(char *buf, size_t size, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    cor_text_display(tmp, buf, size, 0);
}

/* ---- series ---------------------------------------------------------- */

void cor_tcd_series_destroy(cor_tcd_series *s)
{
    if (!s)
        return;
    free(s->seg);
    memset(s, 0, sizeof *s);
}

cor_status cor_tcd_series_build(const cor_itinerary *it, const char *name, cor_tcd_series *out)
{
    const cor_network *net = it->g->net;
    memset(out, 0, sizeof *out);
    label_set(out->name, sizeof out->name, "%s", name);
    out->seg = calloc(2 * (size_t)(it->nlegs + it->nstops) + 1, sizeof *out->seg);
    if (!out->seg)
        return COR_ENOMEM;
    double km = 0, h = 0, usd = 0;
    uint32_t li = 0, si = 0;
    while (li < it->nlegs || si < it->nstops) {
        int leg = si >= it->nstops || (li < it->nlegs && it->legs[li].seq < it->stops[si].seq);
        if (leg) {
            const cor_leg *l = &it->legs[li++];
            const cor_class *c = cor_network_class(net, l->cls);
            double wait = l->hours - l->moving_hours;
            if (wait > 1e-9) {
                cor_tcd_segment *w = &out->seg[out->n++];
                w->kind = COR_TCD_WAIT;
                w->seq = l->seq;
                w->mode = c->mode;
                label_set(w->label, sizeof w->label, "%s: wait, transit",
                         cor_network_node(net, l->from)->name);
                w->km0 = w->km1 = km;
                w->h0 = h;
                w->h1 = h + wait;
                w->usd0 = w->usd1 = usd;
                h += wait;
            }
            cor_tcd_segment *x = &out->seg[out->n++];
            x->kind = COR_TCD_LEG;
            x->seq = l->seq;
            x->mode = c->mode;
            label_set(x->label, sizeof x->label, "%s %s-%s", c->name, cor_network_node(net, l->from)->name,
                     cor_network_node(net, l->to)->name);
            x->km0 = km;
            x->h0 = h;
            x->usd0 = usd;
            km += l->distance_km;
            h += l->moving_hours;
            usd += l->cost_usd;
            x->km1 = km;
            x->h1 = h;
            x->usd1 = usd;
        } else {
            const cor_stop *s = &it->stops[si++];
            cor_tcd_segment *x = &out->seg[out->n++];
            x->kind = COR_TCD_STOP;
            x->seq = s->seq;
            x->mode = cor_network_class(net, s->to_cls)->mode;
            label_set(x->label, sizeof x->label, "%s %s", cor_network_node(net, s->node)->name,
                     s->kind == COR_STOP_GAUGE_CHANGE ? "gauge" : cor_stop_kind_name(s->kind));
            x->km0 = x->km1 = km;
            x->h0 = h;
            x->usd0 = usd;
            h += s->hours;
            usd += s->cost_usd;
            x->h1 = h;
            x->usd1 = usd;
        }
    }
    return COR_OK;
}

static const char *kind_name(cor_tcd_kind k)
{
    return k == COR_TCD_LEG ? "leg" : k == COR_TCD_WAIT ? "wait" : "stop";
}

static int cf(FILE *out, const char *s, int last)
{
    if (csv_fwrite(out, s, strlen(s)) != 0)
        return -1;
    return fputc(last ? '\n' : ',', out) == EOF ? -1 : 0;
}

static int cn(FILE *out, double v, int last)
{
    char b[64];
    snprintf(b, sizeof b, "%.3f", v == 0 ? 0.0 : v);
    return cf(out, b, last);
}

cor_status cor_tcd_write_csv(FILE *out, const cor_tcd_series *s, size_t n)
{
    static const char *const hdr[] = {"route", "seq", "element", "label", "mode", "km_start", "km_end",
                                      "hours_start", "hours_end", "usd_start", "usd_end"};
    int e = 0;
    for (int i = 0; i < 11; i++)
        e |= cf(out, hdr[i], i == 10);
    for (size_t r = 0; r < n && !e; r++)
        for (uint32_t i = 0; i < s[r].n && !e; i++) {
            const cor_tcd_segment *x = &s[r].seg[i];
            char seq[16];
            snprintf(seq, sizeof seq, "%u", x->seq);
            e |= cf(out, s[r].name, 0) | cf(out, seq, 0) | cf(out, kind_name(x->kind), 0) | cf(out, x->label, 0) |
                 cf(out, x->kind == COR_TCD_STOP ? "" : cor_mode_name(x->mode), 0) | cn(out, x->km0, 0) |
                 cn(out, x->km1, 0) | cn(out, x->h0, 0) | cn(out, x->h1, 0) | cn(out, x->usd0, 0) |
                 cn(out, x->usd1, 1);
        }
    return e ? COR_EIO : COR_OK;
}

int cor_chart_format_from_path(const char *path, cor_chart_format *f)
{
    const char *dot = path ? strrchr(path, '.') : NULL;
    if (!dot)
        return -1;
    if (strcmp(dot, ".svg") == 0)
        *f = COR_CHART_SVG;
    else if (strcmp(dot, ".png") == 0)
        *f = COR_CHART_PNG;
    else if (strcmp(dot, ".pdf") == 0)
        *f = COR_CHART_PDF;
    else
        return -1;
    return 0;
}

/* ---- drawing --------------------------------------------------------- */

#define W 1200.0
#define H 900.0

static void mode_rgb(cor_mode m, double *r, double *g, double *b)
{
    static const double c[COR_MODE_COUNT][3] = {
        {0.12, 0.47, 0.71}, /* sea: blue */
        {0.09, 0.75, 0.81}, /* feeder: cyan */
        {0.84, 0.15, 0.16}, /* rail: red */
        {1.00, 0.50, 0.05}, /* road: orange */
        {0.58, 0.40, 0.74}, /* ferry: purple */
        {0.17, 0.63, 0.17}, /* iww: green */
    };
    *r = c[m][0];
    *g = c[m][1];
    *b = c[m][2];
}

static double nice_step(double range, int target)
{
    if (range <= 0)
        return 1;
    double raw = range / target, p = pow(10, floor(log10(raw))), f = raw / p;
    double m = f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10;
    return m * p;
}

static void set_dash(cairo_t *cr, size_t route)
{
    static const double d1[] = {10, 5}, d2[] = {2, 4}, d3[] = {10, 4, 2, 4}, d4[] = {18, 6}, d5[] = {10, 3, 2, 3, 2, 3},
                        d6[] = {5, 5};
    switch (route % 7) {
    case 0: cairo_set_dash(cr, NULL, 0, 0); break;
    case 1: cairo_set_dash(cr, d1, 2, 0); break;
    case 2: cairo_set_dash(cr, d2, 2, 0); break;
    case 3: cairo_set_dash(cr, d3, 4, 0); break;
    case 4: cairo_set_dash(cr, d4, 2, 0); break;
    case 5: cairo_set_dash(cr, d5, 6, 0); break;
    default: cairo_set_dash(cr, d6, 2, 0); break;
    }
}

/* Placed labels, to keep them from overlapping. */
typedef struct placed {
    double x0, x1, y;
} placed;

/* The nearest free line to y (alternately below and above, at most two
 * lines away, so that a label stays next to what it names). */
static double free_y(const placed *pl, size_t n, double x0, double x1, double y)
{
    static const double offsets[] = {0, 13, -13, 26, -26};
    for (size_t k = 0; k < sizeof offsets / sizeof *offsets; k++) {
        double yy = y + offsets[k];
        int clash = 0;
        for (size_t i = 0; i < n && !clash; i++)
            clash = x0 < pl[i].x1 && pl[i].x0 < x1 && fabs(pl[i].y - yy) < 13;
        if (!clash)
            return yy;
    }
    return y;
}

/* Draw s (escaped, at most TEXT_COLS columns) at (x, y). */
#define TEXT_COLS 110
static void text(cairo_t *cr, double x, double y, double size, int bold, const char *raw, double align)
{
    char s[1024];
    cor_text_display(raw, s, sizeof s, TEXT_COLS);
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
    cairo_text_extents_t te;
    cairo_text_extents(cr, s, &te);
    cairo_move_to(cr, x - align * te.x_advance, y);
    cairo_show_text(cr, s);
}

static void fmt_num(double v, double step, char *buf, size_t size)
{
    if (step >= 1)
        snprintf(buf, size, "%.0f", v);
    else if (step >= 0.1)
        snprintf(buf, size, "%.1f", v);
    else
        snprintf(buf, size, "%.2f", v);
    /* thousands separators for large values */
    if (fabs(v) >= 1000 && step >= 1) {
        char raw[64];
        snprintf(raw, sizeof raw, "%.0f", v);
        size_t len = strlen(raw), o = 0;
        for (size_t i = 0; i < len && o + 2 < size; i++) {
            if (i > 0 && (len - i) % 3 == 0 && raw[i - 1] != '-')
                buf[o++] = ',';
            buf[o++] = raw[i];
        }
        buf[o] = '\0';
    }
}

typedef struct panel {
    double x0, y0, w, h;  /* plot area */
    double xmax, ymax;    /* data range (from 0) */
    double yscale;        /* data value -> label value (hours -> days) */
} panel;

static double px(const panel *p, double x) { return p->x0 + p->w * x / p->xmax; }
static double py(const panel *p, double y) { return p->y0 + p->h - p->h * y / p->ymax; }

static void draw_axes(cairo_t *cr, const panel *p, const char *ylabel, const char *xlabel)
{
    cairo_set_dash(cr, NULL, 0, 0);
    double xs = nice_step(p->xmax, 8), ys = nice_step(p->ymax * p->yscale, 6);
    char b[64];
    cairo_set_line_width(cr, 0.6);
    for (double v = 0; v <= p->xmax + 1e-9; v += xs) {
        cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
        cairo_move_to(cr, px(p, v), p->y0);
        cairo_line_to(cr, px(p, v), p->y0 + p->h);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
        fmt_num(v, xs, b, sizeof b);
        text(cr, px(p, v), p->y0 + p->h + 16, 11, 0, b, 0.5);
    }
    for (double v = 0; v <= p->ymax * p->yscale + 1e-9; v += ys) {
        double y = py(p, v / p->yscale);
        cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
        cairo_move_to(cr, p->x0, y);
        cairo_line_to(cr, p->x0 + p->w, y);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
        fmt_num(v, ys, b, sizeof b);
        text(cr, p->x0 - 8, y + 4, 11, 0, b, 1.0);
    }
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 1.2);
    cairo_rectangle(cr, p->x0, p->y0, p->w, p->h);
    cairo_stroke(cr);
    /* y label, rotated */
    cairo_save(cr);
    cairo_move_to(cr, p->x0 - 58, p->y0 + p->h / 2);
    cairo_rotate(cr, -M_PI / 2);
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
    cairo_set_font_size(cr, 13);
    cairo_text_extents_t te;
    cairo_text_extents(cr, ylabel, &te);
    cairo_rel_move_to(cr, -te.x_advance / 2, 0);
    cairo_show_text(cr, ylabel);
    cairo_restore(cr);
    if (xlabel)
        text(cr, p->x0 + p->w / 2, p->y0 + p->h + 36, 13, 1, xlabel, 0.5);
}

static double text_width(cairo_t *cr, double size, int bold, const char *raw)
{
    char s[1024];
    cor_text_display(raw, s, sizeof s, TEXT_COLS);
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
    cairo_text_extents_t te;
    cairo_text_extents(cr, s, &te);
    return te.x_advance;
}

/* One panel: which = 0 time, 1 cost. */
static void draw_series(cairo_t *cr, const panel *p, const cor_tcd_series *s, size_t n, int which, int label_stops)
{
    placed pl[256];
    size_t npl = 0;
    for (size_t r = 0; r < n; r++) {
        const cor_tcd_series *ser = &s[r];
        cairo_set_line_width(cr, 2.6);
        for (uint32_t i = 0; i < ser->n; i++) {
            const cor_tcd_segment *x = &ser->seg[i];
            double y0 = which ? x->usd0 : x->h0, y1 = which ? x->usd1 : x->h1;
            if (x->kind == COR_TCD_STOP) {
                cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
                cairo_set_line_width(cr, 2.0);
            } else {
                double rr, gg, bb;
                mode_rgb(x->mode, &rr, &gg, &bb);
                if (x->kind == COR_TCD_WAIT) {
                    rr = 0.5 * rr + 0.5;
                    gg = 0.5 * gg + 0.5;
                    bb = 0.5 * bb + 0.5;
                }
                cairo_set_source_rgb(cr, rr, gg, bb);
                cairo_set_line_width(cr, x->kind == COR_TCD_LEG ? 2.6 : 2.0);
            }
            set_dash(cr, r);
            cairo_move_to(cr, px(p, x->km0), py(p, y0));
            cairo_line_to(cr, px(p, x->km1), py(p, y1));
            cairo_stroke(cr);
            /* label steps that are tall enough to read */
            if (label_stops && x->kind != COR_TCD_LEG && py(p, y0) - py(p, y1) > 14 && npl < 256) {
                cairo_set_dash(cr, NULL, 0, 0);
                cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
                double lx = px(p, x->km0) + 5, tw = text_width(cr, 10, 0, x->label);
                if (lx + tw > p->x0 + p->w - 4)
                    lx = px(p, x->km0) - 5 - tw;
                double ly = free_y(pl, npl, lx, lx + tw, (py(p, y0) + py(p, y1)) / 2 + 4);
                pl[npl++] = (placed){lx, lx + tw, ly};
                text(cr, lx, ly, 10, 0, x->label, 0);
            }
        }
        /* route name at the end of its line */
        if (ser->n && n > 1) {
            const cor_tcd_segment *last = &ser->seg[ser->n - 1];
            cairo_set_dash(cr, NULL, 0, 0);
            cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
            double ex = px(p, last->km1), ey = py(p, which ? last->usd1 : last->h1);
            double tw = text_width(cr, 11, 1, ser->name);
            double lx = ex + 4 + tw > p->x0 + p->w - 4 ? ex - 4 - tw : ex + 4;
            double ly = npl < 256 ? free_y(pl, npl, lx, lx + tw, ey - 4) : ey - 4;
            if (npl < 256)
                pl[npl++] = (placed){lx, lx + tw, ly};
            text(cr, lx, ly, 11, 1, ser->name, 0);
        }
    }
}

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

cor_status cor_tcd_render(FILE *out, cor_chart_format fmt, const cor_tcd_series *s, size_t n, const char *title,
                          cor_diag *d)
{
    sink k = {out, 0};
    cairo_surface_t *surf;
    if (fmt == COR_CHART_SVG)
        surf = cairo_svg_surface_create_for_stream(write_fn, &k, W, H);
    else if (fmt == COR_CHART_PDF)
        surf = cairo_pdf_surface_create_for_stream(write_fn, &k, W, H);
    else
        surf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)W, (int)H);
    if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
        cairo_status_t e = cairo_surface_status(surf);
        cairo_surface_destroy(surf);
        return cor_diag_add(d, e == CAIRO_STATUS_NO_MEMORY ? COR_ENOMEM : COR_EINTERNAL, NULL, 0, 0,
                            "cannot start the chart: %s", cairo_status_to_string(e));
    }
    cairo_t *cr = cairo_create(surf);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);

    double kmax = 1, hmax = 1, umax = 1;
    for (size_t r = 0; r < n; r++)
        for (uint32_t i = 0; i < s[r].n; i++) {
            kmax = fmax(kmax, s[r].seg[i].km1);
            hmax = fmax(hmax, s[r].seg[i].h1);
            umax = fmax(umax, s[r].seg[i].usd1);
        }
    /* round the ranges up to a tick */
    double xs = nice_step(kmax, 8), ts = nice_step(hmax / 24, 6) * 24, us = nice_step(umax, 6);
    kmax = ceil(kmax / xs) * xs;
    hmax = ceil(hmax / ts) * ts;
    umax = ceil(umax / us) * us;

    cairo_set_source_rgb(cr, 0, 0, 0);
    text(cr, 80, 36, 18, 1, title, 0);
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    text(cr, 80, 56, 11, 0,
         "Time/cost-distance (UNESCAP): slopes are legs, vertical steps are waits, handling, transfers and borders", 0);

    panel pt = {90, 80, 820, 340, kmax, hmax, 1.0 / 24};
    panel pc = {90, 480, 820, 340, kmax, umax, 1.0};
    draw_axes(cr, &pt, "cumulative time (days)", NULL);
    draw_axes(cr, &pc, "cumulative cost (USD per TEU)", "cumulative distance (km)");
    int label = n <= 2;
    draw_series(cr, &pt, s, n, 0, label);
    draw_series(cr, &pc, s, n, 1, label);

    /* legend: modes, then routes */
    double lx = 935, ly = 96;
    cairo_set_dash(cr, NULL, 0, 0);
    cairo_set_source_rgb(cr, 0, 0, 0);
    text(cr, lx, ly, 13, 1, "Modes", 0);
    ly += 8;
    int used[COR_MODE_COUNT] = {0};
    for (size_t r = 0; r < n; r++)
        for (uint32_t i = 0; i < s[r].n; i++)
            if (s[r].seg[i].kind == COR_TCD_LEG)
                used[s[r].seg[i].mode] = 1;
    for (int m = 0; m < COR_MODE_COUNT; m++) {
        if (!used[m])
            continue;
        double rr, gg, bb;
        mode_rgb((cor_mode)m, &rr, &gg, &bb);
        ly += 22;
        cairo_set_source_rgb(cr, rr, gg, bb);
        cairo_set_line_width(cr, 4);
        cairo_move_to(cr, lx, ly - 4);
        cairo_line_to(cr, lx + 34, ly - 4);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        text(cr, lx + 44, ly, 12, 0, cor_mode_name((cor_mode)m), 0);
    }
    ly += 22;
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_set_line_width(cr, 2);
    cairo_move_to(cr, lx + 17, ly - 12);
    cairo_line_to(cr, lx + 17, ly + 2);
    cairo_stroke(cr);
    text(cr, lx + 44, ly, 12, 0, "stop (port, transfer,", 0);
    ly += 16;
    text(cr, lx + 44, ly, 12, 0, "gauge change, border)", 0);
    ly += 22;
    cairo_set_source_rgb(cr, 0.75, 0.75, 0.75);
    cairo_set_line_width(cr, 3);
    cairo_move_to(cr, lx + 17, ly - 12);
    cairo_line_to(cr, lx + 17, ly + 2);
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    text(cr, lx + 44, ly, 12, 0, "wait for sailing, transit", 0);
    if (n > 1) {
        ly += 34;
        text(cr, lx, ly, 13, 1, "Routes", 0);
        ly += 8;
        for (size_t r = 0; r < n && ly < H - 40; r++) {
            ly += 22;
            cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
            cairo_set_line_width(cr, 2.6);
            set_dash(cr, r);
            cairo_move_to(cr, lx, ly - 4);
            cairo_line_to(cr, lx + 34, ly - 4);
            cairo_stroke(cr);
            cairo_set_dash(cr, NULL, 0, 0);
            text(cr, lx + 44, ly, 12, 0, s[r].name, 0);
        }
    }
    /* totals under the legend */
    ly += 34;
    cairo_set_source_rgb(cr, 0, 0, 0);
    text(cr, lx, ly, 13, 1, "Totals", 0);
    for (size_t r = 0; r < n && ly < H - 30; r++) {
        const cor_tcd_segment *last = s[r].n ? &s[r].seg[s[r].n - 1] : NULL;
        if (!last)
            continue;
        char b[160], k1[32], k2[32];
        fmt_num(last->usd1, 1, k1, sizeof k1);
        fmt_num(last->km1, 1, k2, sizeof k2);
        if (n > 1) {
            ly += 18;
            text(cr, lx, ly, 11, 1, s[r].name, 0);
        }
        snprintf(b, sizeof b, "%.1f days, USD %s, %s km", last->h1 / 24, k1, k2);
        ly += 15;
        text(cr, lx + (n > 1 ? 8 : 0), ly, 11, 0, b, 0);
    }

    /* cairo stops drawing at its first error and says so only here */
    cairo_status_t drawn = cairo_status(cr);
    cairo_destroy(cr);
    if (drawn != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(surf);
        return cor_diag_add(d, COR_EINTERNAL, NULL, 0, 0, "drawing the chart failed: %s",
                            cairo_status_to_string(drawn));
    }
    cairo_status_t st = CAIRO_STATUS_SUCCESS;
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
        return cor_diag_add(d, st == CAIRO_STATUS_NO_MEMORY ? COR_ENOMEM : COR_EINTERNAL, NULL, 0, 0,
                            "writing the chart failed: %s", cairo_status_to_string(st));
    return COR_OK;
}
