/*
 * histogram.c -- the histogram of simulated transit times (corridor
 * simulate --out), drawn with cairo as SVG, PNG or PDF.  See
 * corridor/simulate.h.
 *
 * One panel: days on the x axis, the share of runs per bin on the y axis
 * (gsl_histogram over the common range, at most 60 bins of a round
 * width); each route a stepped outline in its own colour (the first also
 * filled), its P50 as a dashed and its P95 as a solid vertical line,
 * labelled; the deadline, if any, as a grey line.  A legend under the
 * panel names each route with its mean, P50, P95 and the share on time.
 */
#include <cairo.h>
#include <gsl/gsl_histogram.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "corridor/simulate.h"
#include "chart.h"

#include "../core/alloc.h" /* last: maps malloc & co. to the counted wrappers */

#define HW 960.0
#define HH0 520.0 /* panel and axes; the legend adds a line per route */

static const double palette[][3] = {{0.12, 0.38, 0.66}, {0.85, 0.37, 0.01}, {0.10, 0.55, 0.30},
                                    {0.60, 0.20, 0.55}, {0.65, 0.50, 0.05}, {0.40, 0.40, 0.40}};
#define NPAL (sizeof palette / sizeof palette[0])

static double nice(double range, int target)
{
    double raw = range / target, p = pow(10, floor(log10(raw))), f = raw / p;
    return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * p;
}

static void text_at(cairo_t *cr, double x, double y, const char *s, double size, int bold, double align)
{
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
    cairo_text_extents_t e;
    cairo_text_extents(cr, s, &e);
    cairo_move_to(cr, x - align * e.x_advance, y);
    cairo_show_text(cr, s);
}

static void draw(cairo_t *cr, const cor_sim_hist_series *s, size_t n, const char *title, const char *subtitle,
                 double deadline_days, double H, gsl_histogram **hs, double lo, double hi, double ymax)
{
    const double L = 80, R = 30, T = 78, B = 60 + 20.0 * (double)n + 20;
    const double pw = HW - L - R, ph = H - T - B;
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    text_at(cr, L, 30, title, 17, 1, 0);
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    text_at(cr, L, 52, subtitle, 12, 0, 0);
#define X(v) (L + pw * ((v) - lo) / (hi - lo))
#define Y(v) (T + ph - ph * (v) / ymax)
    /* grid and axes */
    double xs = nice(hi - lo, 10), ys = nice(ymax, 6);
    char buf[64];
    cairo_set_line_width(cr, 1);
    for (double v = ceil(lo / xs) * xs; v <= hi + 1e-9; v += xs) {
        cairo_set_source_rgb(cr, 0.9, 0.9, 0.9);
        cairo_move_to(cr, X(v), T);
        cairo_line_to(cr, X(v), T + ph);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
        snprintf(buf, sizeof buf, "%g", v);
        text_at(cr, X(v), T + ph + 17, buf, 11, 0, 0.5);
    }
    for (double v = 0; v <= ymax + 1e-12; v += ys) {
        cairo_set_source_rgb(cr, 0.9, 0.9, 0.9);
        cairo_move_to(cr, L, Y(v));
        cairo_line_to(cr, L + pw, Y(v));
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
        snprintf(buf, sizeof buf, "%g %%", v * 100);
        text_at(cr, L - 6, Y(v) + 4, buf, 11, 0, 1);
    }
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    cairo_rectangle(cr, L, T, pw, ph);
    cairo_stroke(cr);
    text_at(cr, L + pw / 2, T + ph + 38, "door-to-door transit time (days)", 12, 0, 0.5);
    cairo_save(cr);
    cairo_move_to(cr, 22, T + ph / 2);
    cairo_rotate(cr, -M_PI / 2);
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 12);
    cairo_text_extents_t e;
    cairo_text_extents(cr, "share of runs per bin", &e);
    cairo_rel_move_to(cr, -e.x_advance / 2, 0);
    cairo_show_text(cr, "share of runs per bin");
    cairo_restore(cr);
    /* the deadline */
    if (deadline_days > lo && deadline_days < hi) {
        cairo_set_source_rgb(cr, 0.5, 0.5, 0.5);
        cairo_set_line_width(cr, 2);
        cairo_move_to(cr, X(deadline_days), T);
        cairo_line_to(cr, X(deadline_days), T + ph);
        cairo_stroke(cr);
        snprintf(buf, sizeof buf, "deadline %g d", deadline_days);
        text_at(cr, X(deadline_days) + 4, T + 12, buf, 11, 0, 0);
    }
    /* each route: outline (the first filled), P50 dashed, P95 solid */
    for (size_t k = 0; k < n; k++) {
        const double *c = palette[k % NPAL];
        gsl_histogram *h = hs[k];
        size_t nb = gsl_histogram_bins(h);
        double tot = (double)s[k].nruns; /* shares of all runs, those beyond the axis too */
        cairo_new_path(cr);
        cairo_move_to(cr, X(lo), Y(0));
        for (size_t b = 0; b < nb; b++) {
            double a, z;
            gsl_histogram_get_range(h, b, &a, &z);
            double v = tot > 0 ? gsl_histogram_get(h, b) / tot : 0;
            cairo_line_to(cr, X(a), Y(v));
            cairo_line_to(cr, X(z), Y(v));
        }
        cairo_line_to(cr, X(hi), Y(0));
        if (k == 0) {
            cairo_set_source_rgba(cr, c[0], c[1], c[2], 0.25);
            cairo_fill_preserve(cr);
        }
        cairo_set_source_rgb(cr, c[0], c[1], c[2]);
        cairo_set_line_width(cr, 1.6);
        cairo_stroke(cr);
        double marks[2] = {s[k].p50_days, s[k].p95_days};
        const char *names[2] = {"P50", "P95"};
        for (int m = 0; m < 2; m++) {
            double dash[2] = {5, 4};
            cairo_set_dash(cr, dash, m == 0 ? 2 : 0, 0);
            cairo_set_line_width(cr, 2);
            cairo_move_to(cr, X(marks[m]), T + 4);
            cairo_line_to(cr, X(marks[m]), T + ph);
            cairo_stroke(cr);
            cairo_set_dash(cr, NULL, 0, 0);
            snprintf(buf, sizeof buf, "%s %.1f", names[m], marks[m]);
            text_at(cr, X(marks[m]) + 3, T + 26 + 28 * (double)k + 14 * m, buf, 11, 1, 0);
        }
    }
    /* legend */
    for (size_t k = 0; k < n; k++) {
        const double *c = palette[k % NPAL];
        double y = T + ph + 62 + 20.0 * (double)k;
        cairo_set_source_rgb(cr, c[0], c[1], c[2]);
        cairo_rectangle(cr, L, y - 10, 14, 10);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
        char line[512];
        int len = snprintf(line, sizeof line, "%s: mean %.1f d, P50 %.1f, P95 %.1f", s[k].name, s[k].mean_days,
                           s[k].p50_days, s[k].p95_days);
        if (!isnan(s[k].p_deadline) && len > 0 && (size_t)len < sizeof line)
            len += snprintf(line + len, sizeof line - (size_t)len, ", %.0f %% by the deadline", 100 * s[k].p_deadline);
        double beyond = 1.0 - gsl_histogram_sum(hs[k]) / (double)s[k].nruns;
        if (beyond > 0 && len > 0 && (size_t)len < sizeof line)
            snprintf(line + len, sizeof line - (size_t)len, "; %.1f %% of runs beyond %g d", 100 * beyond, hi);
        if (strlen(line) > 130)
            memcpy(line + 126, "...", 4);
        text_at(cr, L + 20, y, line, 11.5, 0, 0);
    }
#undef X
#undef Y
}

typedef struct hist_page {
    const cor_sim_hist_series *s;
    size_t n;
    const char *title, *subtitle;
    double deadline_days, H;
    gsl_histogram **hs;
    double lo, hi, ymax;
} hist_page;

static void draw_page(cairo_t *cr, void *ud)
{
    const hist_page *p = ud;
    draw(cr, p->s, p->n, p->title, p->subtitle, p->deadline_days, p->H, p->hs, p->lo, p->hi, p->ymax);
}

cor_status cor_sim_histogram_write(FILE *out, cor_chart_format fmt, const cor_sim_hist_series *s, size_t n,
                                   const char *title, const char *subtitle, double deadline_days, cor_diag *d)
{
    if (n == 0 || n > 64)
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "a histogram draws 1 to 64 routes");
    /* the axis ends at the largest 99.5th percentile: a long tail of a few
     * runs would squash the rest; the runs beyond are counted in the legend */
    double lo = INFINITY, hi = -INFINITY;
    for (size_t k = 0; k < n; k++) {
        if (!s[k].nruns || !s[k].days)
            return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "route %zu has no runs", k + 1);
        lo = fmin(lo, s[k].days[0]);
        hi = fmax(hi, gsl_stats_quantile_from_sorted_data(s[k].days, 1, s[k].nruns, 0.995));
    }
    if (deadline_days > 0) {
        lo = fmin(lo, deadline_days);
        hi = fmax(hi, deadline_days);
    }
    /* round bins: a width from 1-2-5 steps, about 50 over the range */
    double w = hi > lo ? nice(hi - lo, 50) : 0.5;
    lo = floor(lo / w) * w;
    hi = fmax(ceil(hi / w) * w, lo + w);
    if (hi - lo < 5 * w) {
        lo -= 2 * w;
        hi += 2 * w;
    }
    if (lo < 0)
        lo = 0;
    size_t nb = (size_t)llround((hi - lo) / w);
    if (nb < 1)
        nb = 1;
    gsl_histogram *hs[64] = {0};
    double ymax = 0;
    cor_status st = COR_OK;
    for (size_t k = 0; k < n && st == COR_OK; k++) {
        hs[k] = gsl_histogram_alloc(nb);
        if (!hs[k]) {
            st = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
            break;
        }
        gsl_histogram_set_ranges_uniform(hs[k], lo, hi);
        for (size_t i = 0; i < s[k].nruns; i++)
            if (s[k].days[i] < hi)
                gsl_histogram_increment(hs[k], s[k].days[i]);
        ymax = fmax(ymax, gsl_histogram_max_val(hs[k]) / (double)s[k].nruns);
    }
    ymax = ymax > 0 ? ymax * 1.25 : 1;
    double H = HH0 + 20.0 * (double)n;
    if (st == COR_OK) {
        hist_page pg = {s, n, title, subtitle, deadline_days, H, hs, lo, hi, ymax};
        st = cor_chart_cairo(out, fmt, HW, H, draw_page, &pg, d);
    }
    for (size_t i = 0; i < n; i++)
        if (hs[i])
            gsl_histogram_free(hs[i]);
    return st;
}
