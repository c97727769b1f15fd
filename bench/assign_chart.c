/*
 * assign_chart.c -- the convergence chart of bench/assign.sh: relative gap
 * against CPU seconds, both on log scales, one line per algorithm, one
 * panel per network, from the CSV bench_assign writes
 * (network,algorithm,iteration,seconds,rel_gap).  Drawn with cairo.
 *
 *   assign_chart CONV.csv OUT.png
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>

#define MAXP 400000
#define MAXN 4
typedef struct pt {
    int net, algo;
    double s, g;
} pt;

static const char *const ALGOS[] = {"bush", "gp", "bfw", "cfw", "fw"};
static const double COLORS[][3] = {{0.80, 0.10, 0.10}, {0.90, 0.55, 0.00}, {0.10, 0.35, 0.80}, {0.20, 0.60, 0.30},
                                   {0.45, 0.45, 0.45}};

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: assign_chart CONV.csv OUT.png\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "r");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    pt *p = malloc(sizeof *p * MAXP);
    char nets[MAXN][64];
    int nnet = 0;
    size_t np = 0;
    char line[512];
    while (fgets(line, sizeof line, f) && np < MAXP) {
        char net[64], algo[16];
        unsigned it;
        double s, g;
        if (sscanf(line, "%63[^,],%15[^,],%u,%lf,%lf", net, algo, &it, &s, &g) != 5 || !(g > 0) || !(s > 0))
            continue;
        int ni, ai;
        for (ni = 0; ni < nnet && strcmp(nets[ni], net) != 0; ni++)
            ;
        if (ni == nnet) {
            if (nnet == MAXN)
                continue;
            snprintf(nets[nnet++], sizeof nets[0], "%s", net);
        }
        for (ai = 0; ai < 5 && strcmp(ALGOS[ai], algo) != 0; ai++)
            ;
        if (ai == 5)
            continue;
        p[np++] = (pt){ni, ai, s, g};
    }
    fclose(f);
    if (!nnet) {
        fprintf(stderr, "assign_chart: no points in %s\n", argv[1]);
        return 1;
    }
    const int W = 440, H = 360, M = 60;
    cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W * nnet, H + 40);
    cairo_t *cr = cairo_create(sf);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    for (int ni = 0; ni < nnet; ni++) {
        double smin = INFINITY, smax = 0;
        for (size_t i = 0; i < np; i++)
            if (p[i].net == ni)
                smin = fmin(smin, p[i].s), smax = fmax(smax, p[i].s);
        double x0 = floor(log10(smin)), x1 = ceil(log10(smax)), y0 = -7, y1 = 0;
        if (x1 <= x0)
            x1 = x0 + 1;
        double ox = ni * W + M, oy = H - 30, pw = W - M - 20, ph = H - 80;
#define PX(s) (ox + (log10(s) - x0) / (x1 - x0) * pw)
#define PY(g) (oy - (fmax(log10(g), y0) - y0) / (y1 - y0) * ph)
        cairo_set_source_rgb(cr, 0, 0, 0);
        cairo_set_font_size(cr, 14);
        cairo_move_to(cr, ox, 28);
        cairo_show_text(cr, nets[ni]);
        cairo_set_font_size(cr, 10);
        cairo_set_line_width(cr, 1);
        for (double e = y0; e <= y1; e += 1) {
            cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
            cairo_move_to(cr, ox, PY(pow(10, e)));
            cairo_line_to(cr, ox + pw, PY(pow(10, e)));
            cairo_stroke(cr);
            char b[16];
            snprintf(b, sizeof b, "1e%.0f", e);
            cairo_set_source_rgb(cr, 0, 0, 0);
            cairo_move_to(cr, ox - 34, PY(pow(10, e)) + 3);
            cairo_show_text(cr, b);
        }
        for (double e = x0; e <= x1; e += 1) {
            cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
            cairo_move_to(cr, PX(pow(10, e)), oy);
            cairo_line_to(cr, PX(pow(10, e)), oy - ph);
            cairo_stroke(cr);
            char b[16];
            double v = pow(10, e);
            if (v < 1)
                snprintf(b, sizeof b, "%g ms", v * 1e3);
            else
                snprintf(b, sizeof b, "%g s", v);
            cairo_set_source_rgb(cr, 0, 0, 0);
            cairo_move_to(cr, PX(v) - 12, oy + 14);
            cairo_show_text(cr, b);
        }
        cairo_move_to(cr, ox, oy + 30);
        cairo_show_text(cr, "CPU time (log)      relative gap (log), by algorithm");
        for (int ai = 0; ai < 5; ai++) {
            cairo_set_source_rgb(cr, COLORS[ai][0], COLORS[ai][1], COLORS[ai][2]);
            cairo_set_line_width(cr, 2);
            int started = 0;
            for (size_t i = 0; i < np; i++) {
                if (p[i].net != ni || p[i].algo != ai)
                    continue;
                if (!started)
                    cairo_move_to(cr, PX(p[i].s), PY(p[i].g)), started = 1;
                else
                    cairo_line_to(cr, PX(p[i].s), PY(p[i].g));
            }
            cairo_stroke(cr);
            cairo_move_to(cr, ox + pw - 40, oy - ph + 14 + 13 * ai);
            cairo_show_text(cr, ALGOS[ai]);
        }
    }
    cairo_status_t st = cairo_surface_write_to_png(sf, argv[2]);
    cairo_destroy(cr);
    cairo_surface_destroy(sf);
    free(p);
    if (st != CAIRO_STATUS_SUCCESS) {
        fprintf(stderr, "assign_chart: cannot write %s\n", argv[2]);
        return 1;
    }
    return 0;
}
