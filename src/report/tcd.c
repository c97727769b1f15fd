/*
 * tcd.c -- time/cost-distance series and their charts (cairo).
 * See corridor/tcd.h.
 *
 * Chart geometry: a fixed canvas (COR_TCD_WIDTH x COR_TCD_HEIGHT units;
 * pixels for PNG, points for SVG and PDF) with a title and a subtitle (the
 * objective, year and scenario), two stacked panels sharing the distance
 * axis, and a legend on the right: modes, the routes drawn (each with its
 * totals) and the routes not drawn with the reason.  Axis ticks are "nice"
 * numbers (1, 2, 5 x 10^k).  Layout: one display list, two back ends
 * (see tcd.h); text boxes never overlap.
 */
#include "corridor/tcd.h"

#include <cairo.h>
#include <csv.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <stdio.h>

#include "corridor/text.h"
#include "chart.h"
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

/* ---- route names ------------------------------------------------------ */

void cor_tcd_route_name(const cor_itinerary *it, char *buf, size_t size)
{
    const cor_network *net = it->g->net;
    char out[512] = "via ";
    uint32_t places = 0, seen_modes = 0;
    char modes[64] = "";
    for (uint32_t i = 0; i < it->nstops; i++) {
        const cor_stop *s = &it->stops[i];
        if (s->kind != COR_STOP_PORT && s->kind != COR_STOP_TRANSFER && s->kind != COR_STOP_GAUGE_CHANGE)
            continue;
        if (cor_network_class(net, s->from_cls)->mode == cor_network_class(net, s->to_cls)->mode &&
            s->kind != COR_STOP_PORT)
            continue;
        if (places == 3) {
            strncat(out, ", ...", sizeof out - strlen(out) - 1);
            places++;
            continue;
        }
        if (places > 3)
            continue;
        strncat(out, places ? ", " : "", sizeof out - strlen(out) - 1);
        strncat(out, cor_network_node(net, s->node)->name, sizeof out - strlen(out) - 1);
        places++;
    }
    for (uint32_t i = 0; i < it->nlegs; i++) {
        cor_mode m = cor_network_class(net, it->legs[i].cls)->mode;
        if (seen_modes & (1u << m))
            continue;
        seen_modes |= 1u << m;
        strncat(modes, modes[0] ? "+" : "", sizeof modes - strlen(modes) - 1);
        strncat(modes, cor_mode_name(m), sizeof modes - strlen(modes) - 1);
    }
    if (!places)
        snprintf(out, sizeof out, "direct");
    char full[600];
    snprintf(full, sizeof full, "%s (%s)", out, modes);
    cor_text_display(full, buf, size, 0);
}

/* ---- display list ------------------------------------------------------
 *
 * The chart is laid out once into ops (lines, rectangles, texts); PNG and
 * PDF draw them with cairo, SVG writes them as SVG elements.  Texts are
 * measured with cairo's font metrics (DejaVu Sans) on a 1x1 image.
 */

#define W COR_TCD_WIDTH
#define H COR_TCD_HEIGHT
#define FONT "DejaVu Sans"

enum { OP_LINE, OP_RECT, OP_TEXT, OP_FILL }; /* OP_FILL: a white box behind a label */

typedef struct op {
    int kind, bold, dash; /* dash: -1 solid, else the route's pattern */
    double x0, y0, x1, y1, width, size, rot;
    double r, g, b;
    char *text;
} op;

typedef struct canvas {
    op *v;
    size_t n, cap;
    cor_tcd_box *box;
    size_t nbox, capbox;
    cairo_t *m; /* measuring context */
    cairo_surface_t *ms;
    int oom;
} canvas;

static op *push(canvas *c)
{
    if (c->oom)
        return NULL;
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 256;
        op *nv = realloc(c->v, cap * sizeof *nv);
        if (!nv) {
            c->oom = 1;
            return NULL;
        }
        c->v = nv;
        c->cap = cap;
    }
    op *o = &c->v[c->n++];
    memset(o, 0, sizeof *o);
    o->dash = -1;
    return o;
}

static void line(canvas *c, double x0, double y0, double x1, double y1, double w, double r, double g, double b,
                 int dash)
{
    op *o = push(c);
    if (!o)
        return;
    *o = (op){OP_LINE, 0, dash, x0, y0, x1, y1, w, 0, 0, r, g, b, NULL};
}

static void rect(canvas *c, double x, double y, double w, double h, double lw)
{
    op *o = push(c);
    if (!o)
        return;
    *o = (op){OP_RECT, 0, -1, x, y, x + w, y + h, lw, 0, 0, 0, 0, 0, NULL};
}

static double measure(canvas *c, const char *s, double size, int bold, double *ascent, double *descent)
{
    cairo_select_font_face(c->m, FONT, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(c->m, size);
    cairo_text_extents_t te;
    cairo_font_extents_t fe;
    cairo_text_extents(c->m, s, &te);
    cairo_font_extents(c->m, &fe);
    if (ascent)
        *ascent = fe.ascent;
    if (descent)
        *descent = fe.descent;
    return te.x_advance;
}

/* s as display text that fits max_w (0: no limit), cut with "...". */
static double fit(canvas *c, const char *raw, double size, int bold, double max_w, char *buf, size_t bsize)
{
    cor_text_display(raw, buf, bsize, 110);
    double w = measure(c, buf, size, bold, NULL, NULL);
    for (size_t cols = cor_text_width(buf); max_w > 0 && w > max_w && cols > 4; cols--) {
        cor_text_display(raw, buf, bsize, cols - 1);
        w = measure(c, buf, size, bold, NULL, NULL);
    }
    return w;
}

/* The box text s would have with its baseline starting at (x, y). */
static cor_tcd_box box_at(canvas *c, const char *s, double x, double y, double size, int bold, double w)
{
    double asc, desc;
    measure(c, s, size, bold, &asc, &desc);
    cor_tcd_box b = {x, y - asc, x + w, y + desc, "", 0};
    return b;
}

static int overlaps(const cor_tcd_box *a, const cor_tcd_box *b)
{
    return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

static int is_free(const canvas *c, const cor_tcd_box *b)
{
    for (size_t i = 0; i < c->nbox; i++)
        if (overlaps(b, &c->box[i]))
            return 0;
    return 1;
}

static void add_text(canvas *c, const char *s, double x, double y, double size, int bold, double rot, double grey,
                     const cor_tcd_box *b, int role)
{
    if (c->oom)
        return;
    if (c->nbox == c->capbox) {
        size_t cap = c->capbox ? 2 * c->capbox : 128;
        cor_tcd_box *nb = realloc(c->box, cap * sizeof *nb);
        if (!nb) {
            c->oom = 1;
            return;
        }
        c->box = nb;
        c->capbox = cap;
    }
    if (role == COR_TCD_TEXT_LINE || role == COR_TCD_TEXT_STEP) {
        op *f = push(c);
        if (f)
            *f = (op){OP_FILL, 0, -1, b->x0 - 1, b->y0, b->x1 + 1, b->y1, 0, 0, 0, 1, 1, 1, NULL};
    }
    char *t = strdup(s);
    op *o = t ? push(c) : NULL;
    if (!o) {
        free(t);
        c->oom = 1;
        return;
    }
    *o = (op){OP_TEXT, bold, -1, x, y, 0, 0, 0, size, rot, grey, grey, grey, t};
    cor_tcd_box *nb = &c->box[c->nbox++];
    *nb = *b;
    nb->role = role;
    cor_text_copy(nb->text, sizeof nb->text, s);
}

/* A text at (x, y) aligned by `align` (0 left, 0.5 centre, 1 right),
 * fitted to max_w: drawn whatever else is there (fixed elements are laid
 * out first, in places that cannot collide). */
static void text(canvas *c, double x, double y, double size, int bold, double grey, const char *raw, double align,
                 double max_w, int role)
{
    char s[1024];
    double w = fit(c, raw, size, bold, max_w, s, sizeof s);
    double x0 = x - align * w;
    cor_tcd_box b = box_at(c, s, x0, y, size, bold, w);
    add_text(c, s, x0, y, size, bold, 0, grey, &b, role);
}

/* A label near (ax, ay) (its baseline offset by +4), inside [lo, hi] x
 * [top, bottom]: the first free place among: right of the anchor, left of
 * it, each at 0, -1, +1, -2, +2, ... lines away (up to `lines`).  Returns
 * 1 if placed, 0 if no place is free (not drawn). */
static int place(canvas *c, const char *raw, double ax, double ay, double size, int bold, double grey, double lo,
                 double hi, double top, double bottom, int lines, double max_w, int role)
{
    char s[1024];
    double w = fit(c, raw, size, bold, max_w, s, sizeof s);
    double step = size + 3;
    for (int k = 0; k <= 2 * lines; k++) {
        double dy = (k % 2 ? -1 : 1) * ((k + 1) / 2) * step;
        for (int side = 0; side < 2; side++) {
            double x0 = side == 0 ? ax + 6 : ax - 6 - w, y = ay + 4 + dy;
            cor_tcd_box b = box_at(c, s, x0, y, size, bold, w);
            if (b.x0 < lo || b.x1 > hi || b.y0 < top || b.y1 > bottom)
                continue;
            if (is_free(c, &b)) {
                add_text(c, s, x0, y, size, bold, 0, grey, &b, role);
                return 1;
            }
        }
    }
    return 0;
}

/* ---- drawing --------------------------------------------------------- */

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

/* Dash patterns, one per route (mod 7). */
static const double d1[] = {10, 5}, d2[] = {2, 4}, d3[] = {10, 4, 2, 4}, d4[] = {18, 6}, d5[] = {10, 3, 2, 3, 2, 3},
                    d6[] = {5, 5};
static const double *dash_of(int route, int *n)
{
    static const double *const pats[] = {NULL, d1, d2, d3, d4, d5, d6};
    static const int lens[] = {0, 2, 2, 4, 2, 6, 2};
    *n = lens[route % 7];
    return pats[route % 7];
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

static void draw_axes(canvas *c, const panel *p, const char *ylabel, const char *xlabel)
{
    double xs = nice_step(p->xmax, 8), ys = nice_step(p->ymax * p->yscale, 6);
    char b[64];
    for (double v = 0; v <= p->xmax + 1e-9; v += xs) {
        line(c, px(p, v), p->y0, px(p, v), p->y0 + p->h, 0.6, 0.88, 0.88, 0.88, -1);
        fmt_num(v, xs, b, sizeof b);
        text(c, px(p, v), p->y0 + p->h + 18, 11, 0, 0.2, b, 0.5, 0, COR_TCD_TEXT_AXIS);
    }
    for (double v = 0; v <= p->ymax * p->yscale + 1e-9; v += ys) {
        double y = py(p, v / p->yscale);
        line(c, p->x0, y, p->x0 + p->w, y, 0.6, 0.88, 0.88, 0.88, -1);
        fmt_num(v, ys, b, sizeof b);
        text(c, p->x0 - 10, y + 4, 11, 0, 0.2, b, 1.0, 0, COR_TCD_TEXT_AXIS);
    }
    rect(c, p->x0, p->y0, p->w, p->h, 1.2);
    /* y label, rotated a quarter turn anticlockwise about its start */
    double asc, desc, w = measure(c, ylabel, 13, 1, &asc, &desc);
    double x = p->x0 - 58, y = p->y0 + p->h / 2 + w / 2;
    cor_tcd_box bb = {x - asc, y - w, x + desc, y, "", 0};
    add_text(c, ylabel, x, y, 13, 1, -90, 0, &bb, COR_TCD_TEXT_AXIS);
    if (xlabel)
        text(c, p->x0 + p->w / 2, p->y0 + p->h + 38, 13, 1, 0, xlabel, 0.5, 0, COR_TCD_TEXT_AXIS);
}

/* The lines of one panel: which = 0 time, 1 cost. */
static void draw_lines(canvas *c, const panel *p, const cor_tcd_series *s, size_t n, int which)
{
    for (size_t r = 0; r < n; r++)
        for (uint32_t i = 0; i < s[r].n; i++) {
            const cor_tcd_segment *x = &s[r].seg[i];
            double y0 = which ? x->usd0 : x->h0, y1 = which ? x->usd1 : x->h1;
            double rr = 0.1, gg = 0.1, bb = 0.1, lw = 2.0;
            if (x->kind != COR_TCD_STOP) {
                mode_rgb(x->mode, &rr, &gg, &bb);
                if (x->kind == COR_TCD_WAIT) {
                    rr = 0.5 * rr + 0.5;
                    gg = 0.5 * gg + 0.5;
                    bb = 0.5 * bb + 0.5;
                }
                lw = x->kind == COR_TCD_LEG ? 2.6 : 2.0;
            }
            line(c, px(p, x->km0), py(p, y0), px(p, x->km1), py(p, y1), lw, rr, gg, bb, (int)r);
        }
}

/* The labels of one panel: each route's name at the end of its line, then
 * (for one or two routes) the steps tall enough to read. */
static void draw_labels(canvas *c, const panel *p, const cor_tcd_series *s, size_t n, int which, int label_steps)
{
    double lo = p->x0 + 2, hi = p->x0 + p->w - 2, top = p->y0 + 2, bottom = p->y0 + p->h - 2;
    if (n > 1)
        for (size_t r = 0; r < n; r++) {
            if (!s[r].n)
                continue;
            const cor_tcd_segment *last = &s[r].seg[s[r].n - 1];
            /* the name if it is short (a corridor), else its key ("3" of
             * "3: via ..."), which the legend spells out */
            char key[160];
            cor_text_copy(key, sizeof key, s[r].name);
            const char *colon = strstr(s[r].name, ": ");
            if (measure(c, key, 11, 1, NULL, NULL) > 170 && colon && (size_t)(colon - s[r].name) < 8)
                snprintf(key, sizeof key, "%.*s", (int)(colon - s[r].name), s[r].name);
            place(c, key, px(p, last->km1), py(p, which ? last->usd1 : last->h1) - 8, 11, 1, 0.1, lo, hi, top,
                  bottom, 6, 170, COR_TCD_TEXT_LINE);
        }
    if (!label_steps)
        return;
    for (size_t r = 0; r < n; r++)
        for (uint32_t i = 0; i < s[r].n; i++) {
            const cor_tcd_segment *x = &s[r].seg[i];
            double y0 = which ? x->usd0 : x->h0, y1 = which ? x->usd1 : x->h1;
            if (x->kind == COR_TCD_LEG || py(p, y0) - py(p, y1) <= 14)
                continue;
            /* two routes that share their start share its steps: one label */
            int dup = 0;
            char shown[1024];
            cor_text_display(x->label, shown, sizeof shown, 110);
            for (size_t k = 0; k < c->nbox && !dup; k++)
                dup = c->box[k].role == COR_TCD_TEXT_STEP && strcmp(c->box[k].text, shown) == 0 &&
                      (fabs(c->box[k].x0 - (px(p, x->km0) + 6)) < 1 || fabs(c->box[k].x1 - (px(p, x->km0) - 6)) < 1) &&
                      c->box[k].y1 > py(p, y1) - 30 && c->box[k].y0 < py(p, y0) + 30;
            if (dup)
                continue;
            place(c, x->label, px(p, x->km0), (py(p, y0) + py(p, y1)) / 2, 10, 0, 0.25, lo, hi, top, bottom, 2, 260,
                  COR_TCD_TEXT_STEP);
        }
}

#define LEGEND_X 985.0
#define LEGEND_W (W - LEGEND_X - 10)

/* Text in lines of at most max_w (broken at spaces), at most `lines`
 * lines (the last cut with "..."), each 15 below the one before; returns
 * the last baseline. */
static double wrapped_as(canvas *c, double x, double y, const char *raw, double max_w, int lines, double size,
                         int bold, double grey, double lead);

static double wrapped(canvas *c, double x, double y, const char *raw, double max_w, int lines)
{
    return wrapped_as(c, x, y, raw, max_w, lines, 11, 0, 0.3, 15);
}

/* The same in a given font; the first line at y + lead. */
static double wrapped_as(canvas *c, double x, double y, const char *raw, double max_w, int lines, double size,
                         int bold, double grey, double lead)
{
    char s[1024], cur[1024];
    cor_text_display(raw, s, sizeof s, 0);
    const char *p = s;
    for (int l = 0; l < lines && *p; l++) {
        size_t best = 0, len = strlen(p);
        if (l == lines - 1) {
            best = len;
        } else {
            for (size_t i = 1; i <= len; i++) {
                if (p[i] != ' ' && p[i] != '\0')
                    continue;
                snprintf(cur, sizeof cur, "%.*s", (int)i, p);
                if (measure(c, cur, size, bold, NULL, NULL) > max_w)
                    break;
                best = i;
            }
            if (!best)
                best = len;
        }
        snprintf(cur, sizeof cur, "%.*s", (int)best, p);
        y += l ? size + 4 : lead;
        text(c, x, y, size, bold, grey, cur, 0, max_w, COR_TCD_TEXT_LEGEND);
        p += best;
        while (*p == ' ')
            p++;
    }
    return y;
}

static void draw_legend(canvas *c, const cor_tcd_series *s, size_t n, const cor_tcd_chart *ch)
{
    double lx = LEGEND_X, ly = 110;
    text(c, lx, ly, 13, 1, 0, "Modes", 0, LEGEND_W, COR_TCD_TEXT_LEGEND);
    ly += 6;
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
        ly += 20;
        line(c, lx, ly - 4, lx + 34, ly - 4, 4, rr, gg, bb, -1);
        text(c, lx + 44, ly, 12, 0, 0.1, cor_mode_name((cor_mode)m), 0, LEGEND_W - 44, COR_TCD_TEXT_LEGEND);
    }
    ly += 20;
    line(c, lx + 17, ly - 12, lx + 17, ly + 2, 2, 0.1, 0.1, 0.1, -1);
    text(c, lx + 44, ly, 12, 0, 0.1, "stop (port, transfer, gauge change, border)", 0, LEGEND_W - 44,
         COR_TCD_TEXT_LEGEND);
    ly += 20;
    line(c, lx + 17, ly - 12, lx + 17, ly + 2, 3, 0.75, 0.75, 0.75, -1);
    text(c, lx + 44, ly, 12, 0, 0.1, "wait for sailing, transit", 0, LEGEND_W - 44, COR_TCD_TEXT_LEGEND);
    ly += 30;
    text(c, lx, ly, 13, 1, 0, n > 1 ? "Routes" : "Route", 0, LEGEND_W, COR_TCD_TEXT_LEGEND);
    ly += 4;
    size_t r = 0;
    for (; r < n; r++) {
        if (ly + 50 > H - 24 - (ch->nabsent ? 40 : 0))
            break;
        line(c, lx, ly + 16, lx + 34, ly + 16, 2.6, 0.2, 0.2, 0.2, (int)r);
        ly = wrapped_as(c, lx + 44, ly, s[r].name, LEGEND_W - 44, 2, 12, 1, 0.1, 20);
        const cor_tcd_segment *last = s[r].n ? &s[r].seg[s[r].n - 1] : NULL;
        if (last) {
            char b[160], k1[32], k2[32];
            fmt_num(last->usd1, 1, k1, sizeof k1);
            fmt_num(last->km1, 1, k2, sizeof k2);
            snprintf(b, sizeof b, "%.1f days, USD %s, %s km", last->h1 / 24, k1, k2);
            ly += 15;
            text(c, lx + 44, ly, 11, 0, 0.3, b, 0, LEGEND_W - 44, COR_TCD_TEXT_LEGEND);
        }
    }
    if (r < n) {
        char b[96];
        snprintf(b, sizeof b, "... and %zu more (see the CSV)", n - r);
        ly += 18;
        text(c, lx + 44, ly, 11, 0, 0.3, b, 0, LEGEND_W - 44, COR_TCD_TEXT_LEGEND);
    }
    if (!ch->nabsent)
        return;
    ly += 30;
    text(c, lx, ly, 13, 1, 0, "Not drawn", 0, LEGEND_W, COR_TCD_TEXT_LEGEND);
    ly += 4;
    size_t a = 0;
    for (; a < ch->nabsent; a++) {
        if (ly + 64 > H - 24)
            break;
        ly += 20;
        text(c, lx, ly, 12, 1, 0.1, ch->absent_name[a] ? ch->absent_name[a] : "", 0, LEGEND_W, COR_TCD_TEXT_LEGEND);
        ly = wrapped(c, lx + 10, ly, ch->absent_why && ch->absent_why[a] ? ch->absent_why[a] : "", LEGEND_W - 10, 3);
    }
    if (a < ch->nabsent) {
        char b[96];
        snprintf(b, sizeof b, "... and %zu more", ch->nabsent - a);
        ly += 18;
        text(c, lx + 10, ly, 11, 0, 0.3, b, 0, LEGEND_W - 10, COR_TCD_TEXT_LEGEND);
    }
}

static void canvas_destroy(canvas *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->v[i].text);
    free(c->v);
    free(c->box);
    if (c->m)
        cairo_destroy(c->m);
    if (c->ms)
        cairo_surface_destroy(c->ms);
    memset(c, 0, sizeof *c);
}

/* Lay the whole chart out: fixed texts first (titles, axes, legend), then
 * the labels that are placed around them. */
static cor_status lay_out(canvas *c, const cor_tcd_series *s, size_t n, const cor_tcd_chart *ch, cor_diag *d)
{
    memset(c, 0, sizeof *c);
    c->ms = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
    c->m = cairo_create(c->ms);
    if (cairo_status(c->m) != CAIRO_STATUS_SUCCESS) {
        canvas_destroy(c);
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "cannot start the chart: out of memory");
    }
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

    text(c, 60, 32, 18, 1, 0, ch->title ? ch->title : "", 0, W - 80, COR_TCD_TEXT_TITLE);
    if (ch->subtitle && ch->subtitle[0])
        text(c, 60, 54, 13, 0, 0.1, ch->subtitle, 0, W - 80, COR_TCD_TEXT_TITLE);
    text(c, 60, 74, 11, 0, 0.35,
         "Time/cost-distance (UNESCAP): slopes are legs, vertical steps are waits, handling, transfers and borders", 0,
         W - 80, COR_TCD_TEXT_TITLE);

    panel pt = {90, 100, 860, 330, kmax, hmax, 1.0 / 24};
    panel pc = {90, 490, 860, 330, kmax, umax, 1.0};
    draw_axes(c, &pt, "cumulative time (days)", NULL);
    char cost_axis[64];
    snprintf(cost_axis, sizeof cost_axis, "cumulative cost (USD per %s)", ch->cost_unit ? ch->cost_unit : "TEU");
    draw_axes(c, &pc, cost_axis, "cumulative distance (km)");
    draw_lines(c, &pt, s, n, 0);
    draw_lines(c, &pc, s, n, 1);
    draw_legend(c, s, n, ch);
    int steps = n <= 2;
    draw_labels(c, &pt, s, n, 0, steps);
    draw_labels(c, &pc, s, n, 1, steps);
    if (c->oom) {
        canvas_destroy(c);
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    }
    return COR_OK;
}

cor_status cor_tcd_layout(const cor_tcd_series *s, size_t n, const cor_tcd_chart *ch, cor_tcd_box **boxes,
                          size_t *nboxes, cor_diag *d)
{
    canvas c;
    *boxes = NULL;
    *nboxes = 0;
    cor_status st = lay_out(&c, s, n, ch, d);
    if (st != COR_OK)
        return st;
    *boxes = c.box;
    *nboxes = c.nbox;
    c.box = NULL;
    canvas_destroy(&c);
    return COR_OK;
}

/* ---- back ends -------------------------------------------------------- */

static void cairo_ops(cairo_t *cr, const canvas *c)
{
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    for (size_t i = 0; i < c->n; i++) {
        const op *o = &c->v[i];
        cairo_set_source_rgb(cr, o->r, o->g, o->b);
        if (o->kind == OP_TEXT) {
            cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
                                   o->bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
            cairo_set_font_size(cr, o->size);
            cairo_save(cr);
            cairo_move_to(cr, o->x0, o->y0);
            if (o->rot != 0)
                cairo_rotate(cr, o->rot * M_PI / 180);
            cairo_show_text(cr, o->text);
            cairo_restore(cr);
            continue;
        }
        int nd;
        const double *dp = o->dash >= 0 ? dash_of(o->dash, &nd) : NULL;
        cairo_set_dash(cr, dp, dp ? nd : 0, 0);
        cairo_set_line_width(cr, o->width);
        if (o->kind == OP_FILL) {
            cairo_set_source_rgba(cr, 1, 1, 1, 0.8);
            cairo_rectangle(cr, o->x0, o->y0, o->x1 - o->x0, o->y1 - o->y0);
            cairo_fill(cr);
            continue;
        }
        if (o->kind == OP_RECT)
            cairo_rectangle(cr, o->x0, o->y0, o->x1 - o->x0, o->y1 - o->y0);
        else {
            cairo_move_to(cr, o->x0, o->y0);
            cairo_line_to(cr, o->x1, o->y1);
        }
        cairo_stroke(cr);
        cairo_set_dash(cr, NULL, 0, 0);
    }
}

static void draw_canvas(cairo_t *cr, void *ud)
{
    cairo_ops(cr, ud);
}

static int xml_text(FILE *out, const char *s)
{
    int e = 0;
    for (; *s && !e; s++) {
        switch (*s) {
        case '&': e = fputs("&amp;", out) == EOF; break;
        case '<': e = fputs("&lt;", out) == EOF; break;
        case '>': e = fputs("&gt;", out) == EOF; break;
        case '"': e = fputs("&quot;", out) == EOF; break;
        case '\'': e = fputs("&apos;", out) == EOF; break;
        default: e = fputc(*s, out) == EOF;
        }
    }
    return e;
}

static int rgb(char *b, size_t n, const op *o)
{
    return snprintf(b, n, "rgb(%d,%d,%d)", (int)lround(o->r * 255), (int)lround(o->g * 255), (int)lround(o->b * 255));
}

/* The chart as SVG 1.1: lines and rectangles as shapes, texts as <text>. */
static int svg_ops(FILE *out, const canvas *c)
{
    int e = fprintf(out,
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0fpt\" height=\"%.0fpt\" "
                    "viewBox=\"0 0 %.0f %.0f\" font-family=\"%s, sans-serif\">\n"
                    "<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n",
                    W, H, W, H, FONT) < 0;
    char col[48];
    for (size_t i = 0; i < c->n && !e; i++) {
        const op *o = &c->v[i];
        rgb(col, sizeof col, o);
        if (o->kind == OP_TEXT) {
            e |= fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%g\"%s fill=\"%s\"", o->x0, o->y0, o->size,
                         o->bold ? " font-weight=\"bold\"" : "", col) < 0;
            if (o->rot != 0)
                e |= fprintf(out, " transform=\"rotate(%g %.1f %.1f)\"", o->rot, o->x0, o->y0) < 0;
            e |= fputc('>', out) == EOF;
            e |= xml_text(out, o->text);
            e |= fputs("</text>\n", out) == EOF;
            continue;
        }
        if (o->kind == OP_FILL)
            e |= fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#ffffff\" "
                              "fill-opacity=\"0.8\"/>\n",
                         o->x0, o->y0, o->x1 - o->x0, o->y1 - o->y0) < 0;
        else if (o->kind == OP_RECT)
            e |= fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"%s\" "
                              "stroke-width=\"%g\"/>\n",
                         o->x0, o->y0, o->x1 - o->x0, o->y1 - o->y0, col, o->width) < 0;
        else {
            e |= fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%g\"",
                         o->x0, o->y0, o->x1, o->y1, col, o->width) < 0;
            int nd;
            const double *dp = o->dash >= 0 ? dash_of(o->dash, &nd) : NULL;
            if (dp) {
                e |= fputs(" stroke-dasharray=\"", out) == EOF;
                for (int k = 0; k < nd; k++)
                    e |= fprintf(out, "%s%g", k ? "," : "", dp[k]) < 0;
                e |= fputc('"', out) == EOF;
            }
            e |= fputs("/>\n", out) == EOF;
        }
    }
    e |= fputs("</svg>\n", out) == EOF;
    return e;
}

cor_status cor_tcd_render_chart(FILE *out, cor_chart_format fmt, const cor_tcd_series *s, size_t n,
                                const cor_tcd_chart *ch, cor_diag *d)
{
    canvas c;
    cor_status st0 = lay_out(&c, s, n, ch, d);
    if (st0 != COR_OK)
        return st0;
    if (fmt == COR_CHART_SVG) {
        int e = svg_ops(out, &c);
        canvas_destroy(&c);
        return e ? COR_EIO : COR_OK; /* a write error: the outfile reports it */
    }
    cor_status st = cor_chart_cairo(out, fmt, W, H, draw_canvas, &c, d);
    canvas_destroy(&c);
    return st;
}

cor_status cor_tcd_render(FILE *out, cor_chart_format fmt, const cor_tcd_series *s, size_t n, const char *title,
                          cor_diag *d)
{
    cor_tcd_chart ch = {title, NULL, NULL, NULL, 0, NULL};
    return cor_tcd_render_chart(out, fmt, s, n, &ch, d);
}
