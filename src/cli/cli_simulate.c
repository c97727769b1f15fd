/*
 * cli_simulate.c -- corridor simulate: Monte Carlo of the door-to-door
 * transit time of the best route, of each corridor (--compare) or of the
 * trade-offs (--pareto), with the route options of route and tcd.
 *
 * The routes come from tcd_set_make (options.c), as the chart's series;
 * each is compiled into a plan (simulate.h) with the network's
 * variability.csv and seasons.csv in the month of --depart, and run with
 * the same seed.  Output: a table, JSON or CSV on standard output, and
 * the histogram (--out FILE.svg|png|pdf).  Nothing printed depends on
 * --threads.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_internal.h"
#include "corridor/outfile.h"
#include "corridor/text.h"
#include "options.h"

const char *simulate_help =
    "Usage: corridor simulate FROM TO [OPTIONS]\n"
    "\n"
    "Monte Carlo of the door-to-door transit time of the best route (or of each\n"
    "corridor, or of the trade-offs): every run draws each dwell at a port,\n"
    "transfer, gauge change or border, each wait for a departure and each\n"
    "running time from its distribution, in the order of the trip; a late\n"
    "arrival waits for the next departure.  Prints mean, standard deviation,\n"
    "P50, P80 and P95 in days, and the share of runs on time for --deadline.\n"
    "\n"
    "Distributions (see docs/data-format.md and data/instc/SOURCES.md):\n"
    "  stops           lognormal of the stop's dwell_hours and dwell_p95_hours,\n"
    "                  unless variability.csv gives the stop kind or border a law\n"
    "  waits           uniform over a service's headway; an irregular service\n"
    "                  (a wait without a headway) exponential of its wait\n"
    "  running times   variability.csv per mode (lognormal, normal, triangular,\n"
    "                  uniform or empirical multipliers of the mean); fixed without\n"
    "  seasons         seasons.csv: links, services, places and borders closed or\n"
    "                  slowed in the month of --depart (ice, winter queues, Nowruz)\n"
    "\n"
    "Options (and the route options: --by, --via, --avoid, --modes, --year,\n"
    "--scenario, --network, --box, ...):\n"
    "  --runs N               runs per route (default 10000; at most 20000000)\n"
    "  --seed S               seed of the generators (default 1): run i of any\n"
    "                         route draws from its own stream, from (S, i) alone,\n"
    "                         so the output is the same at any --threads\n"
    "  --threads N            threads (default 1)\n"
    "  --depart DATE          YYYY-MM-DD or YYYY-MM (the 1st): what the seasons close\n"
    "                         in that month is not routed on; each leg and stop takes\n"
    "                         the seasons of the month the trip reaches it in (at\n"
    "                         its mean times); links open in the year of departure\n"
    "                         unless --year\n"
    "  --deadline DAYS        also the share of runs that arrive within DAYS\n"
    "  --compare              each corridor's best route (corridors.csv)\n"
    "  --pareto               each trade-off route (time, cost, CO2e)\n"
    "  --alternatives K       the K best routes by --by\n"
    "  --out FILE             the histogram: .svg, .png or .pdf (cairo)\n"
    "  --format FORMAT        table (default), json or csv\n"
    "\n"
    "Exit 1 if no route; a route through a place closed in the month of --depart\n"
    "is not taken (route and compare take --depart too).\n";

typedef struct sim_route {
    const char *name;
    const cor_itinerary *it;
    cor_sim_result r;
    double est_mean, est_p50, est_p95;
} sim_route;

typedef struct hist_out {
    cor_chart_format fmt;
    cor_sim_hist_series *s;
    size_t n;
    const char *title, *subtitle;
    double deadline;
    cor_diag *d;
} hist_out;

static cor_status hist_fn(FILE *out, void *ud)
{
    hist_out *h = ud;
    return cor_sim_histogram_write(out, h->fmt, h->s, h->n, h->title, h->subtitle, h->deadline, h->d);
}

/* 3 decimals: the same text on any machine (libm's last bits aside) */
static double r3(double x)
{
    return round(x * 1000.0) / 1000.0;
}

static const char *month_name(int m)
{
    static const char *const names[] = {"",     "January", "February",  "March",   "April",    "May",     "June",
                                        "July", "August",  "September", "October", "November", "December"};
    return m >= 1 && m <= 12 ? names[m] : "";
}

static int write_table(FILE *out, const route_args *a, const cor_network *net, uint32_t from, uint32_t to,
                       const sim_route *rs, size_t n)
{
    int e = 0;
    e |= fprintf(out, "Transit time, %s -> %s: %llu runs per route, seed %llu\n", cor_network_node(net, from)->name,
                 cor_network_node(net, to)->name, (unsigned long long)a->runs, (unsigned long long)a->seed) < 0;
    if (a->depart)
        e |= fprintf(out, "Departing %s: routes avoid what the seasons close in %s; each leg and stop takes the\n"
                          "seasons of the month the trip reaches it in\n",
                     a->depart, month_name(a->depart_month)) < 0;
    e |= fputs("\n", out) == EOF;
    char dl[32] = "";
    if (a->deadline > 0)
        snprintf(dl, sizeof dl, " <=%gd", a->deadline);
    e |= fprintf(out, "%3s %7s %6s %6s %6s %6s %6s%s  %s\n", "#", "plan d", "mean", "sd", "P50", "P80", "P95", dl,
                 "route") < 0;
    for (size_t i = 0; i < n; i++) {
        const sim_route *x = &rs[i];
        e |= fprintf(out, "%3zu %7.1f %6.1f %6.1f %6.1f %6.1f %6.1f", i + 1, x->it->totals.hours / 24.0,
                     x->r.mean_days, x->r.sd_days, x->r.p50_days, x->r.p80_days, x->r.p95_days) < 0;
        if (a->deadline > 0)
            e |= fprintf(out, " %*.1f%%", (int)strlen(dl) - 2, 100.0 * x->r.p_deadline) < 0;
        char nb[200];
        cor_text_display(x->name, nb, sizeof nb, 60);
        e |= fprintf(out, "  %s\n", nb) < 0;
    }
    e |= fputs("\nplan d: the route's planned time (means and half-headway waits); mean, sd and\n"
               "the percentiles in days over the runs.  The analytic estimate that route --by p95\n"
               "ranks by (a shifted lognormal of the plan's mean and variance, legs independent):\n",
               out) == EOF;
    for (size_t i = 0; i < n; i++)
        e |= fprintf(out, "  %zu: P50 %.1f, P95 %.1f\n", i + 1, rs[i].est_p50, rs[i].est_p95) < 0;
    if (a->deadline > 0)
        e |= fprintf(out, "<=%gd: the share of runs that arrive within %g days.\n", a->deadline, a->deadline) < 0;
    return e;
}

static int write_json(FILE *out, const route_args *a, const cor_network *net, uint32_t from, uint32_t to,
                      const sim_route *rs, size_t n)
{
    json_t *j = json_object(), *arr = json_array();
    if (!j || !arr) {
        json_decref(j);
        json_decref(arr);
        return -1;
    }
    json_object_set_new(j, "kind", json_string("simulate"));
    json_object_set_new(j, "from", json_string(cor_network_node(net, from)->id));
    json_object_set_new(j, "to", json_string(cor_network_node(net, to)->id));
    json_object_set_new(j, "runs", json_integer((json_int_t)a->runs));
    json_object_set_new(j, "seed", json_integer((json_int_t)a->seed));
    json_object_set_new(j, "depart", a->depart ? json_string(a->depart) : json_null());
    json_object_set_new(j, "deadline_days", a->deadline > 0 ? json_real(a->deadline) : json_null());
    for (size_t i = 0; i < n; i++) {
        const sim_route *x = &rs[i];
        json_t *o = json_object();
        json_object_set_new(o, "name", json_string(x->name));
        json_object_set_new(o, "planned_days", json_real(r3(x->it->totals.hours / 24.0)));
        json_object_set_new(o, "mean_days", json_real(r3(x->r.mean_days)));
        json_object_set_new(o, "sd_days", json_real(r3(x->r.sd_days)));
        json_object_set_new(o, "min_days", json_real(r3(x->r.min_days)));
        json_object_set_new(o, "p50_days", json_real(r3(x->r.p50_days)));
        json_object_set_new(o, "p80_days", json_real(r3(x->r.p80_days)));
        json_object_set_new(o, "p95_days", json_real(r3(x->r.p95_days)));
        json_object_set_new(o, "max_days", json_real(r3(x->r.max_days)));
        json_object_set_new(o, "p_deadline", isnan(x->r.p_deadline) ? json_null() : json_real(r3(x->r.p_deadline)));
        json_object_set_new(o, "missed_share", json_real(r3(x->r.missed_share)));
        json_object_set_new(o, "estimate", json_pack("{s:s,s:f,s:f}", "method", "lognormal moment match",
                                                     "p50_days", r3(x->est_p50), "p95_days", r3(x->est_p95)));
        json_array_append_new(arr, o);
    }
    json_object_set_new(j, "routes", arr);
    int r = json_dumpf(j, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));
    r |= fputc('\n', out) == EOF;
    json_decref(j);
    return r;
}

static void csv_field(FILE *out, const char *s, int *e)
{
    *e |= fputc('"', out) == EOF;
    for (; *s; s++)
        *e |= (*s == '"' ? fputs("\"\"", out) : fputc(*s, out)) == EOF;
    *e |= fputc('"', out) == EOF;
}

static int write_csv(FILE *out, const route_args *a, const sim_route *rs, size_t n)
{
    int e = fputs("route,name,runs,seed,depart,planned_days,mean_days,sd_days,p50_days,p80_days,p95_days,"
                  "deadline_days,p_deadline,missed_share\n",
                  out) == EOF;
    for (size_t i = 0; i < n; i++) {
        const sim_route *x = &rs[i];
        e |= fprintf(out, "%zu,", i + 1) < 0;
        csv_field(out, x->name, &e);
        e |= fprintf(out, ",%llu,%llu,%s,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,", (unsigned long long)a->runs,
                     (unsigned long long)a->seed, a->depart ? a->depart : "", x->it->totals.hours / 24.0,
                     x->r.mean_days, x->r.sd_days, x->r.p50_days, x->r.p80_days, x->r.p95_days) < 0;
        if (a->deadline > 0)
            e |= fprintf(out, "%g,%.4f", a->deadline, x->r.p_deadline) < 0;
        else
            e |= fputs(",", out) == EOF;
        e |= fprintf(out, ",%.4f\n", x->r.missed_share) < 0;
    }
    return e;
}

int cmd_simulate(int argc, char **argv)
{
    route_args a;
    memset(&a, 0, sizeof a);
    a.cmd = "simulate";
    int rc = parse_route_args(argc, argv, &a, 3);
    if (rc >= 0)
        return rc;
    cor_chart_format cfmt = COR_CHART_SVG;
    if (a.out && cor_chart_format_from_path(a.out, &cfmt) != 0)
        return fail_usage("simulate", "--out: '%s' does not end in .svg, .png or .pdf (the histogram)", a.out);
    if (a.tcd_compare + a.pareto + (a.alternatives > 0) > 1)
        return fail_usage("simulate", "choose one of --compare, --pareto and --alternatives");
    cor_query q;
    cor_format fmt;
    if ((rc = make_query(&a, &q, &fmt)) >= 0)
        return rc;
    if (fmt != COR_FMT_TABLE && fmt != COR_FMT_JSON && fmt != COR_FMT_CSV)
        return fail_usage("simulate", "--format: expected table, json or csv, found '%s'", a.format);
    world w;
    if ((rc = world_open(&a, &w)) != 0)
        return rc;
    cor_diag d;
    cor_diag_init(&d, 16);
    tcd_set t;
    tcd_set_init(&t);
    uint32_t from, to;
    sim_route *rs = NULL;
    cor_sim_hist_series *hs = NULL;
    size_t n = 0;
    cor_warnings warns;
    cor_warnings_init(&warns, 0);
    route_option_warnings(&a, &warns);
    cor_query_warnings(&q, &warns);
    route_year_warning(&a, w.net, &warns);
    cor_warnings_merge(&warns, cor_network_warnings(w.net));
    if ((rc = resolve_trip(&a, &w, argv, &q, &from, &to, NULL, NULL)) >= 0)
        goto done;
    cor_query_warnings(&q, &warns);
    cor_status s = tcd_set_make(&t, &a, w.g, &q, from, to, &warns, &d);
    for (size_t i = 0; i < t.nabsent; i++)
        fprintf(stderr, "%s simulate: %s: %s (not simulated)\n", prog, t.absent_name[i], t.absent_why[i]);
    if (s == COR_OK && (a.pareto || a.alternatives))
        warn_truncated("simulate", &t.ps, a.pareto);
    if (s == COR_ENOROUTE) {
        fprintf(stderr, "%s simulate: no route from %s to %s in %d under these options%s\n", prog,
                cor_network_node(w.net, from)->name, cor_network_node(w.net, to)->name, q.year,
                a.depart ? " (and the seasons of --depart)" : "");
        rc = cor_status_exit_code(COR_ENOROUTE);
        goto done;
    }
    if (s == COR_ENOMEM && d.count == 0)
        cor_diag_add(&d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    if (s == COR_OK) {
        rs = calloc(t.nseries ? t.nseries : 1, sizeof *rs);
        hs = calloc(t.nseries ? t.nseries : 1, sizeof *hs);
        if (!rs || !hs)
            s = cor_diag_add(&d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    }
    /* the itineraries, in the order of the series */
    size_t k = 0;
    if (s == COR_OK && a.tcd_compare) {
        for (size_t i = 0; i < t.cmp.n && k < t.nseries; i++)
            if (t.cmp.items[i]->status == COR_OK)
                rs[k++].it = &t.cmp.items[i]->it;
    } else if (s == COR_OK) {
        for (size_t i = 0; i < t.nseries; i++)
            rs[k++].it = &t.its[i];
    }
    n = k;
    cor_sim_options o;
    cor_sim_options_init(&o);
    o.runs = a.runs;
    o.seed = a.seed;
    o.threads = a.threads;
    o.deadline_days = a.deadline;
    o.keep_samples = 1;
    for (size_t i = 0; s == COR_OK && i < n; i++) {
        rs[i].name = t.series[i].name;
        cor_sim_result_init(&rs[i].r);
        cor_sim_plan *p = NULL;
        s = cor_sim_plan_from_trip(rs[i].it, w.rel, a.depart_year, a.depart_month, a.depart_day, &p, &d);
        if (s == COR_OK)
            s = cor_simulate(p, &o, &rs[i].r, &d);
        if (s == COR_OK)
            cor_sim_estimate(p, &rs[i].est_mean, &rs[i].est_p50, &rs[i].est_p95);
        cor_sim_plan_free(p);
        hs[i] = (cor_sim_hist_series){rs[i].name, rs[i].r.days, (size_t)rs[i].r.runs, rs[i].r.mean_days,
                                      rs[i].r.p50_days, rs[i].r.p95_days, rs[i].r.p_deadline};
    }
    if (s == COR_OK && a.out) {
        char sub[1800];
        snprintf(sub, sizeof sub, "%llu runs per route, seed %llu%s%s%s; P50 dashed, P95 solid; %s",
                 (unsigned long long)a.runs, (unsigned long long)a.seed, a.depart ? ", departing " : "",
                 a.depart ? a.depart : "", a.depart ? " (seasons apply)" : "", t.subtitle);
        hist_out h = {cfmt, hs, n, t.title, sub, a.deadline, &d};
        s = write_file(a.out, hist_fn, &h, &d);
    }
    if (s == COR_OK) {
        cor_outfile of;
        s = cor_outfile_open(&of, NULL, &d);
        if (s == COR_OK) {
            int e = fmt == COR_FMT_JSON  ? write_json(of.fp, &a, w.net, from, to, rs, n)
                    : fmt == COR_FMT_CSV ? write_csv(of.fp, &a, rs, n)
                                         : write_table(of.fp, &a, w.net, from, to, rs, n);
            s = cor_outfile_close(&of, e ? COR_EIO : COR_OK, &d);
        }
    }
    rc = s == COR_OK ? 0 : print_diag(&d, s);
done:
    print_warnings(&warns);
    cor_warnings_destroy(&warns);
    for (size_t i = 0; rs && i < n; i++)
        cor_sim_result_destroy(&rs[i].r);
    free(rs);
    free(hs);
    tcd_set_destroy(&t);
    cor_diag_destroy(&d);
    world_free(&w);
    return rc;
}
