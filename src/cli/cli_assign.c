/*
 * cli_assign.c -- `corridor assign DEMAND`: freight demand assigned on the
 * network with capacities (corridor/assign_net.h), year by year as it
 * grows, with and without a scenario.
 *
 * Flow: read the demand (and growth file), load the network (and, with
 * --scenario, the network with the scenarios applied: the "with" run beside
 * the "without" one), resolve the demand's places, then for every year
 * compile the year's query (links open that year, restrictions in force),
 * build the assignment network, solve (cor_assign) and keep each asset's
 * volume, v/c and delay and each corridor's flow.  Writers: table, JSON,
 * CSV (one row per run and asset) and GeoJSON (assets of the last year of
 * each run: lines for links, points for stops and borders).
 *
 * Logit corridor choice (--logit THETA): instead of an equilibrium, each
 * OD's demand is split among the corridors compare knows by logit shares
 * exp(-THETA c_k) / sum_j exp(-THETA c_j), c_k the corridor's best route's
 * generalized cost per TEU at the current flows, by the method of
 * successive averages (cor_amodel_logit, assign_net.h).
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "corridor/assign_net.h"
#include "corridor/demand.h"
#include "corridor/outfile.h"
#include "corridor/report.h"
#include "corridor/text.h"
#include "cli_assign.h"
#include "cli_internal.h"
#include "options.h"

#include "../core/infile.h"

const char *cor_cli_assign_help =
    "Usage: corridor assign DEMAND [options]\n"
    "\n"
    "Assign a freight demand (an OD matrix, TEU or tonnes a year) on the network\n"
    "with capacities: all-or-nothing or user equilibrium, classes by value of\n"
    "time; volume, volume/capacity and delay of every link, service, stop and\n"
    "border, the bottlenecks ranked and each corridor's share.\n"
    "\n"
    "DEMAND is a CSV file: origin, destination, volume, unit (TEU or t), year,\n"
    "class, value_of_time_usd_per_teu_day, source, note (data/instc/demand.csv).\n"
    "Delay functions and capacities the network files do not give are read from\n"
    "the network's delay_functions.csv.\n"
    "\n"
    "Options:\n"
    "  --year N               the year of the network and demand (default: this year)\n"
    "  --years FIRST-LAST     assign every year (e.g. 2026-2035); report the first\n"
    "                         year each asset exceeds its capacity\n"
    "  --growth RATE          demand growth a year (0.13 = 13 %) from each row's year\n"
    "  --growth-file FILE     growth by OD (origin, destination, class, growth, source)\n"
    "  --scenario NAME|FILE   also assign on the network with the scenario (repeatable,\n"
    "                         applied in order) and show the difference\n"
    "  --algo NAME            aon, fw, cfw, bfw, bush (Algorithm B, the default) or gp\n"
    "                         (path-based gradient projection)\n"
    "  --gap G                stop at this relative gap (default 1e-4)\n"
    "  --max-iter N           at most N iterations (default 500)\n"
    "  --verbose              print the relative gap of every iteration to stderr\n"
    "  --logit THETA          logit corridor choice instead of an equilibrium: each OD\n"
    "                         split among its corridors by exp(-THETA x cost per TEU)\n"
    "                         at congested costs, by successive averages (--max-iter,\n"
    "                         default 50); THETA per USD, e.g. 0.005\n"
    "  --carbon-price USD     per tonne CO2e, added to the generalized cost\n"
    "  --restrictions LIST    regimes in force (as route)\n"
    "  --top N                bottlenecks shown in the table (default 15)\n"
    "  --format FMT           table, json, csv or geojson (default table)\n"
    "  --out FILE             write there (atomically) instead of standard output\n"
    "  --network DIR          the network folder (default data/instc)\n"
    "  -h, --help             this help\n"
    "\n"
    "Usage: corridor assign --tntp NET.tntp TRIPS.tntp [--algo A] [--gap G]\n"
    "                       [--max-iter N] [--verbose] [--format table|json|csv]\n"
    "\n"
    "The same solver on a network and trip table in the TNTP format (the\n"
    "Transportation Networks for Research collection): BPR links with their own\n"
    "b and power (power 0 and b 0: constant), zones below <FIRST THRU NODE> not\n"
    "passed through, intrazonal trips excluded and counted, tolls and lengths\n"
    "costed by <TOLL FACTOR> and <DISTANCE FACTOR>.  Prints the flow and cost of\n"
    "every link, the relative gap and the Beckmann objective; the gap goes to\n"
    "stderr as it falls (every iteration with --verbose).  Defaults: --gap 1e-4,\n"
    "--max-iter 1000.  A trip table whose flows do not add up to its <TOTAL OD\n"
    "FLOW> draws a warning, not a refusal.\n"
    "\n"
    "Volumes are TEU a year; a tonnage is converted at the network's t_per_teu\n"
    "(12 t a loaded TEU).  v/c counts the asset's background traffic\n"
    "(delay_functions.csv); a two-way asset's capacity is split evenly between\n"
    "its directions.\n"
    "\n"
    "Exit status: 0 done, 2 usage error, 3 bad input data, 4 out of memory,\n"
    "5 cannot write output.\n";

/* One assignment: one network (base or with scenarios) and one year. */
typedef struct run {
    int world;
    int year;
    cor_status st;
    char why[COR_DIAG_TEXT];
    double gap, seconds, over_hard;
    uint32_t iters;
    int converged;
    double demand_teu, unassigned_teu;
    double *corr_teu;   /* [ncorr] */
    cor_asset *assets;  /* copies; strings point into the world and the table */
    uint32_t nassets;
} run;

typedef struct ctx {
    route_args a;
    const char *demand_path;
    cor_demand dm;
    cor_growth gr;
    cor_vdf_table vt;
    int have_vdf;
    world w[2];
    int nworlds;
    const char *labels[2];
    int years[101];
    int nyears;
    run *runs;          /* [nworlds * nyears] */
    cor_assign_algo algo;
    cor_format fmt;
    int cur_world, cur_year;
} ctx;

static int parse_args(int argc, char **argv, ctx *c)
{
    enum { NOPTS = 80 };
    struct option opts[NOPTS + 2];
    size_t n = 0;
    for (const route_opt *o = route_opts; o->name && n < NOPTS; o++, n++)
        opts[n] = (struct option){o->name, o->has_arg ? required_argument : no_argument, 0, 1000 + (int)n};
    opts[n++] = (struct option){"help", no_argument, 0, 'h'};
    opts[n] = (struct option){0, 0, 0, 0};
    static const char *const allowed[] = {"year", "years", "growth", "growth-file", "scenario", "algo", "gap",
                                          "max-iter", "verbose", "carbon-price", "restrictions", "top", "format",
                                          "out", "network", "logit", "tntp", NULL};
    /* with --tntp NET TRIPS (cli_assign_tntp.c) only these */
    static const char *const tntp_allowed[] = {"tntp", "algo", "gap", "max-iter", "verbose", "format", "out", NULL};
    const char *not_tntp = NULL;
    route_args *a = &c->a;
    route_args_init(a, "assign");
    char ob[256];
    int ch;
    cli_err e;
    opterr = 0;
    optind = 0;
    while ((ch = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        if (ch == 'h') {
            fputs(cor_cli_assign_help, stdout);
            return 0;
        }
        if (ch == ':')
            return fail_usage("assign", "option '%s' needs a value", bad_option(argc, argv, ob, sizeof ob));
        if (ch < 1000 || ch >= 1000 + NOPTS)
            return fail_usage("assign", "unknown option '%s'", bad_option(argc, argv, ob, sizeof ob));
        const route_opt *o = &route_opts[ch - 1000];
        int k;
        for (k = 0; allowed[k] && strcmp(allowed[k], o->name) != 0; k++)
            ;
        if (!allowed[k])
            return fail_usage("assign", "--%s is not an option of assign", o->name);
        for (k = 0; tntp_allowed[k] && strcmp(tntp_allowed[k], o->name) != 0; k++)
            ;
        if (!tntp_allowed[k])
            not_tntp = o->name;
        if (route_opt_apply(a, o, optarg, 4, &e))
            return fail_usage("assign", "%s", e.msg);
    }
    if (a->tntp && not_tntp)
        return fail_usage("assign", "--%s is not an option of assign --tntp (it takes --algo, --gap, --max-iter, "
                          "--verbose, --format, --out)", not_tntp);
    if (a->tntp && argc - optind != 1)
        return fail_usage("assign", "--tntp NET.tntp expects one TRIPS.tntp file after it (found %d argument%s)",
                          argc - optind, argc - optind == 1 ? "" : "s");
    if (argc - optind != 1)
        return fail_usage("assign", "expected one DEMAND file (found %d argument%s)", argc - optind,
                          argc - optind == 1 ? "" : "s");
    c->demand_path = argv[optind];
    if (cor_format_parse(a->format, &c->fmt) != 0 ||
        !(c->fmt == COR_FMT_TABLE || c->fmt == COR_FMT_JSON || c->fmt == COR_FMT_CSV || c->fmt == COR_FMT_GEOJSON))
        return fail_usage("assign", "--format: expected table, json, csv or geojson, found '%s'",
                          shown(a->format, ob, sizeof ob));
    c->algo = COR_ASSIGN_BUSH;
    if (a->algo && cor_assign_algo_parse(a->algo, &c->algo) != 0)
        return fail_usage("assign", "--algo: unknown algorithm '%s' (expected aon, fw, cfw, bfw, bush or gp)",
                          shown(a->algo, ob, sizeof ob));
    if (a->tntp && c->fmt == COR_FMT_GEOJSON)
        return fail_usage("assign", "--format: expected table, json or csv with --tntp (a TNTP network has no "
                          "coordinates here), found 'geojson'");
    if (a->growth_given && a->growth_file)
        return fail_usage("assign", "--growth and --growth-file both give the growth; use one");
    if (a->year0 && a->year_given)
        return fail_usage("assign", "--year and --years both give the year; use one");
    return -1;
}

/* ---- running ----------------------------------------------------------- */

/* The method as the outputs name it. */
static const char *method(const ctx *c, char *buf, size_t size)
{
    if (c->a.logit > 0)
        snprintf(buf, size, "logit corridor choice (theta %g, MSA)", c->a.logit);
    else
        snprintf(buf, size, "%s", cor_assign_algo_name(c->algo));
    return buf;
}

static int progress(void *ud, uint32_t iter, double gap, double obj, double secs)
{
    const ctx *c = ud;
    (void)obj;
    fprintf(stderr, "%s assign: %s %d: iteration %u, relative gap %.3e, %.3f s\n", prog, c->labels[c->cur_world],
            c->cur_year, iter, gap, secs);
    return 0;
}

/* The growth rate of a demand row (by its resolved places and class). */
static double row_growth(const ctx *c, const cor_network *net, const cor_demand_row *r, uint32_t from, uint32_t to)
{
    for (size_t i = 0; i < c->gr.n; i++) {
        const cor_growth_row *g = &c->gr.rows[i];
        uint32_t gf, gt;
        cli_err e;
        if (g->klass[0] && strcmp(g->klass, c->dm.classes[r->klass].name) != 0)
            continue;
        if (route_resolve_place(net, "origin", g->origin, &gf, &e) || route_resolve_place(net, "destination", g->destination, &gt, &e))
            continue; /* checked when the file was resolved */
        if (gf == from && gt == to)
            return g->growth;
    }
    return c->a.growth_given ? c->a.growth : 0;
}

/* Resolve the demand's places (and the growth file's) on a network: the
 * OD rows, volumes in TEU for `year`. */
static int make_ods(ctx *c, const cor_network *net, int year, cor_od **out, uint32_t *nout)
{
    cor_od *od = calloc(c->dm.n ? c->dm.n : 1, sizeof *od);
    if (!od)
        return cor_status_exit_code(COR_ENOMEM);
    uint32_t n = 0;
    int bad = 0;
    for (size_t i = 0; i < c->dm.n; i++) {
        const cor_demand_row *r = &c->dm.rows[i];
        uint32_t f, t;
        cli_err e;
        if (route_resolve_place(net, "origin", r->origin, &f, &e)) {
            fprintf(stderr, "%s:%u:%u: %s\n", c->demand_path, r->line, r->col_origin, e.msg);
            bad = 1;
            continue;
        }
        if (route_resolve_place(net, "destination", r->destination, &t, &e)) {
            fprintf(stderr, "%s:%u:%u: %s\n", c->demand_path, r->line, r->col_destination, e.msg);
            bad = 1;
            continue;
        }
        if (f == t) {
            fprintf(stderr, "%s:%u:%u: destination: is the origin's place (%s)\n", c->demand_path, r->line,
                    r->col_destination, cor_network_node(net, f)->name);
            bad = 1;
            continue;
        }
        double teu = cor_demand_row_teu(r, c->vt.t_per_teu);
        int base = r->year ? r->year : (c->nyears ? c->years[0] : year);
        double g = row_growth(c, net, r, f, t);
        teu *= pow(1 + g, year - base);
        uint32_t k;
        for (k = 0; k < n && !(od[k].from == f && od[k].to == t && od[k].klass == r->klass); k++)
            ;
        if (k == n)
            od[n++] = (cor_od){f, t, 0, r->klass};
        od[k].teu += teu;
    }
    for (size_t i = 0; i < c->gr.n && !bad; i++) {
        const cor_growth_row *g = &c->gr.rows[i];
        uint32_t x;
        cli_err e;
        if (route_resolve_place(net, "origin", g->origin, &x, &e) ||
            route_resolve_place(net, "destination", g->destination, &x, &e)) {
            fprintf(stderr, "%s:%u:1: %s\n", c->a.growth_file, g->line, e.msg);
            bad = 1;
        }
    }
    if (bad) {
        free(od);
        return cor_status_exit_code(COR_EDATA);
    }
    *out = od;
    *nout = n;
    return 0;
}

static int run_one(ctx *c, int wi, int yi, run *r)
{
    world *w = &c->w[wi];
    const cor_network *net = w->net;
    int year = c->years[yi];
    memset(r, 0, sizeof *r);
    r->world = wi;
    r->year = year;
    c->cur_world = wi, c->cur_year = year;
    cor_query q;
    cor_query_init(&q, year);
    q.by = COR_BY_GENERALIZED;
    q.carbon_price_usd_per_t = c->a.cp;
    cli_err e;
    if (route_resolve_options(&c->a, net, &q, &e))
        return fail_usage("assign", "%s", e.msg);
    cor_od *od = NULL;
    uint32_t nod = 0;
    int rc = make_ods(c, net, year, &od, &nod);
    if (rc)
        return rc;
    cor_diag d;
    cor_diag_init(&d, 8);
    cor_filter f;
    cor_amodel m;
    cor_amodel_init(&m);
    cor_status s = cor_filter_init(&f, w->g, &q, &d);
    if (s == COR_OK)
        s = cor_amodel_build(&m, &f, &c->vt, od, nod, c->dm.classes, c->dm.nclasses, c->a.cp, &d);
    if (s == COR_OK) {
        cor_assign_opts o;
        memset(&o, 0, sizeof o);
        o.algo = c->algo;
        o.rel_gap = c->a.gap > 0 ? c->a.gap : 1e-4;
        o.max_iter = c->a.max_iter ? c->a.max_iter : 500;
        if (c->a.verbose) {
            o.progress = progress;
            o.ctx = c;
        }
        if (c->a.logit > 0)
            s = cor_amodel_logit(&m, &q, od, nod, c->dm.classes, c->a.logit, c->a.max_iter, &d);
        else
            s = cor_amodel_solve(&m, &o, &d);
    }
    uint32_t nk = cor_network_corridor_count(net);
    if (s == COR_OK) {
        r->gap = m.res.rel_gap;
        r->iters = m.res.iterations;
        r->converged = m.res.converged;
        r->seconds = m.res.seconds;
        r->demand_teu = m.demand_teu;
        r->unassigned_teu = m.res.unroutable;
        r->corr_teu = calloc(nk ? nk : 1, sizeof *r->corr_teu);
        r->assets = malloc((m.nassets ? m.nassets : 1) * sizeof *r->assets);
        if (!r->corr_teu || !r->assets)
            s = COR_ENOMEM;
        else {
            for (uint32_t k = 0; k < nk; k++)
                r->corr_teu[k] = cor_amodel_corridor_teu(&m, cor_network_corridor(net, k));
            memcpy(r->assets, m.assets, m.nassets * sizeof *r->assets);
            r->nassets = m.nassets;
        }
    }
    rc = 0;
    if (s != COR_OK) {
        rc = print_diag(&d, s);
        if (!d.count)
            rc = cor_status_exit_code(s);
    }
    cor_amodel_destroy(&m);
    cor_filter_destroy(&f);
    cor_diag_destroy(&d);
    free(od);
    return rc;
}

static void run_free(run *r)
{
    free(r->corr_teu);
    free(r->assets);
}

/* ---- naming ------------------------------------------------------------ */

static void asset_name(const cor_network *net, const cor_asset *x, char *buf, size_t size)
{
    switch (x->kind) {
    case COR_ASSET_LINK: {
        const cor_link *l = cor_network_link(net, x->ref);
        snprintf(buf, size, "%s - %s", cor_network_node(net, l->from)->name, cor_network_node(net, l->to)->name);
        break;
    }
    case COR_ASSET_TRANSFER: {
        const cor_transfer *t = cor_network_transfer(net, x->ref);
        const char *node = cor_network_node(net, t->node)->name;
        const char *a = cor_network_class(net, t->from_cls)->name, *b = cor_network_class(net, t->to_cls)->name;
        if (t->kind == COR_STOP_GAUGE_CHANGE)
            snprintf(buf, size, "%s gauge change", node);
        else if (t->kind == COR_STOP_PORT) /* the port, and the side that is not the ship's */
            snprintf(buf, size, "%s port/%s", node,
                     strcmp(a, "sea") == 0 || (strcmp(a, "feeder") == 0 && strcmp(b, "sea") != 0) ? b : a);
        else
            snprintf(buf, size, "%s %s/%s", node, a, b);
        break;
    }
    case COR_ASSET_BORDER: snprintf(buf, size, "%s", cor_network_border(net, x->ref)->name); break;
    }
}

static const char *asset_type(const cor_asset *x)
{
    return x->kind == COR_ASSET_LINK ? "link" : x->kind == COR_ASSET_TRANSFER ? "stop" : "border";
}

static const char *vdf_name(int v)
{
    return v == COR_VDF_CONICAL ? "conical" : v == COR_VDF_HARD ? "hard" : "bpr";
}

/* The asset of run r with the same id and kind as x, or NULL. */
static const cor_asset *find_asset(const run *r, const cor_asset *x)
{
    for (uint32_t i = 0; i < r->nassets; i++)
        if (r->assets[i].kind == x->kind && strcmp(r->assets[i].id, x->id) == 0)
            return &r->assets[i];
    return NULL;
}

/* The first year of world wi in which asset x runs above its capacity (0: none). */
static int first_year_over(const ctx *c, int wi, const cor_asset *x)
{
    for (int y = 0; y < c->nyears; y++) {
        const cor_asset *z = find_asset(&c->runs[wi * c->nyears + y], x);
        if (z && z->cap_teu > 0 && z->vc > 1)
            return c->years[y];
    }
    return 0;
}

static int cmp_vc(const void *pa, const void *pb)
{
    const cor_asset *a = *(const cor_asset *const *)pa, *b = *(const cor_asset *const *)pb;
    double va = a->cap_teu > 0 ? a->vc : -1, vb = b->cap_teu > 0 ? b->vc : -1;
    if (va != vb)
        return va > vb ? -1 : 1;
    if (a->volume_teu != b->volume_teu)
        return a->volume_teu > b->volume_teu ? -1 : 1;
    return strcmp(a->id, b->id);
}

/* Assets of run r, sorted by v/c (capacitated first), those with demand or
 * a capacity (all = 0) or all. */
static const cor_asset **sorted_assets(const run *r, int all, uint32_t *n)
{
    const cor_asset **v = malloc((r->nassets ? r->nassets : 1) * sizeof *v);
    uint32_t k = 0;
    if (!v)
        return NULL;
    for (uint32_t i = 0; i < r->nassets; i++)
        if (all || r->assets[i].volume_teu > 0.5)
            v[k++] = &r->assets[i];
    qsort(v, k, sizeof *v, cmp_vc);
    *n = k;
    return v;
}

static double other_teu(const ctx *c, const run *r)
{
    uint32_t nk = cor_network_corridor_count(c->w[r->world].net);
    double s = 0;
    for (uint32_t k = 0; k < nk; k++)
        s += r->corr_teu[k];
    double o = r->demand_teu - r->unassigned_teu - s;
    return o > 0.5 ? o : 0;
}

/* ---- table ------------------------------------------------------------- */

static void print_num(FILE *o, double v, int width)
{
    char b[64];
    if (v >= 1e6)
        snprintf(b, sizeof b, "%.2fM", v / 1e6);
    else
        snprintf(b, sizeof b, "%.0f", v);
    fprintf(o, "%*s", width, b);
}

static void write_run_table(FILE *o, const ctx *c, const run *r)
{
    const cor_network *net = c->w[r->world].net;
    char mb[96];
    fprintf(o, "%s, year %d: %.0f TEU a year; %s, %s %.2e after %u iteration%s%s\n", c->labels[r->world], r->year,
            r->demand_teu, method(c, mb, sizeof mb), c->a.logit > 0 ? "flow change" : "relative gap", r->gap, r->iters,
            r->iters == 1 ? "" : "s", r->converged || c->a.logit > 0 ? "" : " (not converged)");
    if (r->unassigned_teu > 0)
        fprintf(o, "  unassigned (no route): %.0f TEU\n", r->unassigned_teu);
    fprintf(o, "\n  %-22s %10s %7s\n", "corridor", "TEU/yr", "share");
    uint32_t nk = cor_network_corridor_count(net);
    double tot = r->demand_teu > 0 ? r->demand_teu : 1;
    for (uint32_t k = 0; k < nk; k++) {
        fprintf(o, "  %-22.22s ", cor_network_corridor(net, k)->name);
        print_num(o, r->corr_teu[k], 10);
        fprintf(o, " %6.1f%%\n", 100 * r->corr_teu[k] / tot);
    }
    double oth = other_teu(c, r);
    fprintf(o, "  %-22s ", "other (no corridor)");
    print_num(o, oth, 10);
    fprintf(o, " %6.1f%%\n", 100 * oth / tot);
    uint32_t n;
    const cor_asset **v = sorted_assets(r, 0, &n);
    if (!v)
        return;
    unsigned top = c->a.top ? c->a.top : 15;
    fprintf(o, "\n  Bottlenecks and loaded assets (highest v/c first; v/c counts background traffic)\n");
    fprintf(o, "  %-3s %-30s %-8s %9s %9s %9s %6s %8s %8s\n", "#", "asset", "kind", "capacity", "demand", "backgr.",
            "v/c", "delay h", "over");
    for (uint32_t i = 0; i < n && i < top; i++) {
        const cor_asset *x = v[i];
        char name[160];
        asset_name(net, x, name, sizeof name);
        fprintf(o, "  %-3u %-30.30s %-8.8s ", i + 1, name,
                strcmp(x->kind_name, "gauge_change") == 0 ? "gauge" : x->kind_name);
        if (x->cap_teu > 0)
            print_num(o, x->cap_teu, 9);
        else
            fprintf(o, "%9s", "-");
        fputc(' ', o);
        print_num(o, x->volume_teu, 9);
        fputc(' ', o);
        print_num(o, x->bg_teu, 9);
        if (x->cap_teu > 0) {
            fprintf(o, " %6.2f ", x->vc);
            if (x->vdf == COR_VDF_HARD)
                fprintf(o, "%8s ", "hard");
            else
                fprintf(o, "%8.1f ", x->delay_hours);
            print_num(o, x->over_teu, 8);
            fputc('\n', o);
        } else
            fprintf(o, " %6s %8s %8s\n", "-", "-", "-");
    }
    if (n > top)
        fprintf(o, "  ... %u more assets carry demand (--top N, or --format csv for all)\n", n - top);
    free(v);
}

static void write_years_table(FILE *o, const ctx *c, int wi)
{
    const run *r0 = &c->runs[wi * c->nyears];
    const run *rl = &c->runs[wi * c->nyears + c->nyears - 1];
    const cor_network *net = c->w[wi].net;
    fprintf(o, "%s: v/c by year (assets with a capacity that carry demand; * above capacity;\n"
               "  first: the first year above capacity; capacities in the one-year table and JSON)\n", c->labels[wi]);
    fprintf(o, "  %-30s", "asset");
    for (int y = 0; y < c->nyears; y++)
        fprintf(o, " %5d", c->years[y]);
    fprintf(o, "  first\n");
    /* rows: the last year's capacitated assets with demand, by first year over then v/c */
    uint32_t n;
    const cor_asset **v = sorted_assets(rl, 0, &n);
    if (!v)
        return;
    for (int pass = 0; pass < 2; pass++)
        for (uint32_t i = 0; i < n; i++) {
            const cor_asset *x = v[i];
            if (x->cap_teu <= 0)
                continue;
            int fy = first_year_over(c, wi, x);
            if ((pass == 0) != (fy != 0))
                continue;
            char name[160];
            asset_name(net, x, name, sizeof name);
            fprintf(o, "  %-30.30s", name);
            for (int y = 0; y < c->nyears; y++) {
                const cor_asset *z = find_asset(&c->runs[wi * c->nyears + y], x);
                if (z)
                    fprintf(o, " %4.2f%c", z->vc, z->vc > 1 ? '*' : ' ');
                else
                    fprintf(o, " %5s", "-");
            }
            if (fy)
                fprintf(o, "  %d\n", fy);
            else
                fprintf(o, "  -\n");
        }
    free(v);
    fprintf(o, "\n%s: corridor shares by year (%% of the TEU assigned)\n  %-22s", c->labels[wi], "corridor");
    for (int y = 0; y < c->nyears; y++)
        fprintf(o, " %5d", c->years[y]);
    fputc('\n', o);
    uint32_t nk = cor_network_corridor_count(net);
    for (uint32_t k = 0; k <= nk; k++) {
        fprintf(o, "  %-22.22s", k < nk ? cor_network_corridor(net, k)->name : "other (no corridor)");
        for (int y = 0; y < c->nyears; y++) {
            const run *r = &c->runs[wi * c->nyears + y];
            double t = k < nk ? r->corr_teu[k] : other_teu(c, r);
            fprintf(o, " %5.1f", r->demand_teu > 0 ? 100 * t / r->demand_teu : 0);
        }
        fputc('\n', o);
    }
    fprintf(o, "  %-22s", "demand, kTEU");
    for (int y = 0; y < c->nyears; y++)
        fprintf(o, " %5.0f", c->runs[wi * c->nyears + y].demand_teu / 1000);
    fprintf(o, "\n  %-22s", "most refused, kTEU");
    for (int y = 0; y < c->nyears; y++) {
        const run *r = &c->runs[wi * c->nyears + y];
        double over = 0;
        for (uint32_t i = 0; i < r->nassets; i++)
            if (r->assets[i].vdf == COR_VDF_HARD && r->assets[i].over_teu > over)
                over = r->assets[i].over_teu;
        fprintf(o, " %5.0f", over / 1000);
    }
    fprintf(o, "\n  %-22s", c->a.logit > 0 ? "MSA flow change" : "relative gap");
    int unconverged = 0;
    for (int y = 0; y < c->nyears; y++) {
        const run *r = &c->runs[wi * c->nyears + y];
        fprintf(o, " %5.0e", r->gap);
        unconverged |= !r->converged && !(c->a.logit > 0);
    }
    fputc('\n', o);
    if (unconverged)
        fprintf(o, "  (a gap above --gap: not converged in --max-iter iterations; that year's figures\n"
                   "  are not an equilibrium)\n");
    (void)r0;
}

/* Corridor flows with the scenario against without, for year index yi. */
static void write_diff_table(FILE *o, const ctx *c, int yi)
{
    const run *a = &c->runs[yi], *b = &c->runs[c->nyears + yi];
    const cor_network *na = c->w[0].net, *nb = c->w[1].net;
    fprintf(o, "%s against %s, %d: TEU a year by corridor\n", c->labels[1], c->labels[0], c->years[yi]);
    fprintf(o, "  %-22s %10s %10s %10s\n", "corridor", "without", "with", "change");
    uint32_t nk = cor_network_corridor_count(nb);
    for (uint32_t k = 0; k <= nk; k++) {
        const char *name = k < nk ? cor_network_corridor(nb, k)->name : "other (no corridor)";
        double wb = k < nk ? b->corr_teu[k] : other_teu(c, b), wa = 0;
        if (k == nk)
            wa = other_teu(c, a);
        else
            for (uint32_t j = 0; j < cor_network_corridor_count(na); j++)
                if (strcmp(cor_network_corridor(na, j)->name, name) == 0)
                    wa = a->corr_teu[j];
        fprintf(o, "  %-22.22s %10.0f %10.0f %+10.0f\n", name, wa, wb, wb - wa);
    }
    /* the assets whose demand changes most */
    uint32_t n;
    const cor_asset **v = sorted_assets(b, 1, &n);
    if (!v)
        return;
    typedef struct { const cor_asset *x; double before; } ch;
    ch *cs = malloc((n ? n : 1) * sizeof *cs);
    uint32_t m = 0;
    for (uint32_t i = 0; cs && i < n; i++) {
        const cor_asset *p = find_asset(a, v[i]);
        double before = p ? p->volume_teu : 0;
        if (fabs(v[i]->volume_teu - before) > 0.5)
            cs[m++] = (ch){v[i], before};
    }
    for (uint32_t i = 1; cs && i < m; i++) /* insertion sort by |change|, small m */
        for (uint32_t j = i; j > 0 && fabs(cs[j].x->volume_teu - cs[j].before) >
                                          fabs(cs[j - 1].x->volume_teu - cs[j - 1].before); j--) {
            ch t = cs[j];
            cs[j] = cs[j - 1];
            cs[j - 1] = t;
        }
    fprintf(o, "\n  assets whose demand changes most\n  %-30s %-12s %10s %10s %10s %6s\n", "asset", "kind", "without",
            "with", "change", "v/c");
    for (uint32_t i = 0; cs && i < m && i < (c->a.top ? c->a.top : 12); i++) {
        char name[160];
        asset_name(nb, cs[i].x, name, sizeof name);
        fprintf(o, "  %-30.30s %-12.12s %10.0f %10.0f %+10.0f ", name, cs[i].x->kind_name, cs[i].before,
                cs[i].x->volume_teu, cs[i].x->volume_teu - cs[i].before);
        if (cs[i].x->cap_teu > 0)
            fprintf(o, "%6.2f\n", cs[i].x->vc);
        else
            fprintf(o, "%6s\n", "-");
    }
    free(cs);
    free(v);
}

static void write_table(FILE *o, const ctx *c)
{
    fprintf(o, "Assignment of %s (%zu rows, %u class%s; t_per_teu %g)\n\n", c->demand_path, c->dm.n, c->dm.nclasses,
            c->dm.nclasses == 1 ? "" : "es", c->vt.t_per_teu);
    if (c->nyears == 1) {
        for (int wi = 0; wi < c->nworlds; wi++) {
            write_run_table(o, c, &c->runs[wi]);
            fputc('\n', o);
        }
    } else {
        for (int wi = 0; wi < c->nworlds; wi++) {
            write_years_table(o, c, wi);
            fputc('\n', o);
        }
    }
    if (c->nworlds == 2)
        for (int yi = 0; yi < c->nyears; yi++) {
            if (c->nyears > 1 && yi != 0 && yi != c->nyears - 1)
                continue;
            write_diff_table(o, c, yi);
            fputc('\n', o);
        }
}

/* ---- JSON, CSV, GeoJSON -------------------------------------------------- */

static json_t *asset_json(const ctx *c, int wi, const cor_asset *x)
{
    const cor_network *net = c->w[wi].net;
    char name[160];
    asset_name(net, x, name, sizeof name);
    json_t *j = json_object();
    json_object_set_new(j, "id", json_string(x->id));
    json_object_set_new(j, "type", json_string(asset_type(x)));
    json_object_set_new(j, "kind", json_string(x->kind_name));
    json_object_set_new(j, "name", json_string(name));
    json_object_set_new(j, "volume_teu", json_real(x->volume_teu));
    json_object_set_new(j, "free_flow_hours", json_real(x->t0_hours));
    if (x->cap_teu > 0) {
        json_object_set_new(j, "capacity_teu_per_year", json_real(x->cap_teu));
        json_object_set_new(j, "background_teu", json_real(x->bg_teu));
        json_object_set_new(j, "vc", json_real(x->vc));
        json_object_set_new(j, "delay_hours", json_real(x->delay_hours));
        json_object_set_new(j, "over_capacity_teu", json_real(x->over_teu));
        json_object_set_new(j, "vdf", json_string(vdf_name(x->vdf)));
        json_object_set_new(j, "alpha", json_real(x->alpha));
        json_object_set_new(j, "beta", json_real(x->beta));
        json_object_set_new(j, "capacity_basis", json_string(x->basis ? x->basis : ""));
    } else {
        json_object_set_new(j, "capacity_teu_per_year", json_null());
        json_object_set_new(j, "vc", json_null());
        json_object_set_new(j, "delay_hours", json_real(0));
    }
    return j;
}

static json_t *run_json(const ctx *c, const run *r)
{
    const cor_network *net = c->w[r->world].net;
    json_t *j = json_object();
    json_object_set_new(j, "scenario", json_string(c->labels[r->world]));
    json_object_set_new(j, "year", json_integer(r->year));
    char mb[96];
    json_object_set_new(j, "algorithm", json_string(c->a.logit > 0 ? "logit-msa" : cor_assign_algo_name(c->algo)));
    json_object_set_new(j, "method", json_string(method(c, mb, sizeof mb)));
    if (c->a.logit > 0) {
        json_object_set_new(j, "logit_theta", json_real(c->a.logit));
        json_object_set_new(j, "flow_change", json_real(r->gap));
    } else
        json_object_set_new(j, "relative_gap", json_real(r->gap));
    json_object_set_new(j, "iterations", json_integer(r->iters));
    json_object_set_new(j, "converged", json_boolean(r->converged));
    json_object_set_new(j, "demand_teu", json_real(r->demand_teu));
    json_object_set_new(j, "unassigned_teu", json_real(r->unassigned_teu));
    json_t *cs = json_array();
    uint32_t nk = cor_network_corridor_count(net);
    double tot = r->demand_teu > 0 ? r->demand_teu : 1;
    for (uint32_t k = 0; k <= nk; k++) {
        double t = k < nk ? r->corr_teu[k] : other_teu(c, r);
        json_t *x = json_object();
        json_object_set_new(x, "name", json_string(k < nk ? cor_network_corridor(net, k)->name : "other"));
        json_object_set_new(x, "teu", json_real(t));
        json_object_set_new(x, "share", json_real(t / tot));
        json_array_append_new(cs, x);
    }
    json_object_set_new(j, "corridors", cs);
    uint32_t n;
    const cor_asset **v = sorted_assets(r, 1, &n);
    json_t *as = json_array();
    for (uint32_t i = 0; v && i < n; i++) {
        json_t *x = asset_json(c, r->world, v[i]);
        if (c->nyears > 1) {
            int fy = first_year_over(c, r->world, v[i]);
            json_object_set_new(x, "first_year_over_capacity", fy ? json_integer(fy) : json_null());
        }
        json_array_append_new(as, x);
    }
    free(v);
    json_object_set_new(j, "assets", as);
    return j;
}

static cor_status write_json(FILE *o, const ctx *c)
{
    json_t *j = json_object();
    json_object_set_new(j, "demand", json_string(c->demand_path));
    json_object_set_new(j, "unit", json_string("TEU per year"));
    json_object_set_new(j, "t_per_teu", json_real(c->vt.t_per_teu));
    json_t *cl = json_array();
    for (uint32_t k = 0; k < c->dm.nclasses; k++) {
        json_t *x = json_object();
        json_object_set_new(x, "name", json_string(c->dm.classes[k].name));
        json_object_set_new(x, "value_of_time_usd_per_teu_day", json_real(c->dm.classes[k].vot_usd_per_teu_day));
        json_array_append_new(cl, x);
    }
    json_object_set_new(j, "classes", cl);
    json_t *rs = json_array();
    for (int i = 0; i < c->nworlds * c->nyears; i++)
        json_array_append_new(rs, run_json(c, &c->runs[i]));
    json_object_set_new(j, "runs", rs);
    char *s = json_dumps(j, JSON_INDENT(1) | JSON_REAL_PRECISION(10));
    json_decref(j);
    if (!s)
        return COR_ENOMEM;
    fputs(s, o);
    fputc('\n', o);
    free(s);
    return COR_OK;
}

static void csv_str(FILE *o, const char *s)
{
    fputc('"', o);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', o);
        fputc(*s, o);
    }
    fputc('"', o);
}

static void write_csv(FILE *o, const ctx *c)
{
    fprintf(o, "scenario,year,asset,type,kind,name,capacity_teu_per_year,background_teu,volume_teu,vc,delay_hours,"
               "over_capacity_teu,vdf,first_year_over_capacity\n");
    for (int i = 0; i < c->nworlds * c->nyears; i++) {
        const run *r = &c->runs[i];
        uint32_t n;
        const cor_asset **v = sorted_assets(r, 1, &n);
        for (uint32_t k = 0; v && k < n; k++) {
            const cor_asset *x = v[k];
            char name[160];
            asset_name(c->w[r->world].net, x, name, sizeof name);
            csv_str(o, c->labels[r->world]);
            fprintf(o, ",%d,", r->year);
            csv_str(o, x->id);
            fprintf(o, ",%s,%s,", asset_type(x), x->kind_name);
            csv_str(o, name);
            if (x->cap_teu > 0)
                fprintf(o, ",%.0f,%.0f,%.1f,%.4f,%.3f,%.1f,%s,", x->cap_teu, x->bg_teu, x->volume_teu, x->vc,
                        x->delay_hours, x->over_teu, vdf_name(x->vdf));
            else
                fprintf(o, ",,,%.1f,,0,,,", x->volume_teu);
            int fy = c->nyears > 1 ? first_year_over(c, r->world, x) : 0;
            if (fy)
                fprintf(o, "%d", fy);
            fputc('\n', o);
        }
        free(v);
    }
}

static json_t *point(const cor_node *n)
{
    json_t *g = json_object();
    json_object_set_new(g, "type", json_string("Point"));
    json_object_set_new(g, "coordinates", json_pack("[f,f]", n->lon, n->lat));
    return g;
}

static cor_status write_geojson(FILE *o, const ctx *c)
{
    json_t *fc = json_object();
    json_object_set_new(fc, "type", json_string("FeatureCollection"));
    json_t *fs = json_array();
    for (int wi = 0; wi < c->nworlds; wi++) {
        const run *r = &c->runs[wi * c->nyears + c->nyears - 1];
        const cor_network *net = c->w[wi].net;
        for (uint32_t i = 0; i < r->nassets; i++) {
            const cor_asset *x = &r->assets[i];
            if (x->volume_teu <= 0.5 && x->cap_teu <= 0)
                continue;
            json_t *ft = json_object();
            json_object_set_new(ft, "type", json_string("Feature"));
            json_t *g;
            if (x->kind == COR_ASSET_LINK) {
                const cor_link *l = cor_network_link(net, x->ref);
                json_t *co = json_array();
                const cor_node *a = cor_network_node(net, l->from);
                json_array_append_new(co, json_pack("[f,f]", a->lon, a->lat));
                for (uint32_t k = 0; k < l->nwaypoints; k++) {
                    const cor_node *wpt = cor_network_node(net, l->waypoints[k]);
                    json_array_append_new(co, json_pack("[f,f]", wpt->lon, wpt->lat));
                }
                const cor_node *b = cor_network_node(net, l->to);
                json_array_append_new(co, json_pack("[f,f]", b->lon, b->lat));
                g = json_object();
                json_object_set_new(g, "type", json_string("LineString"));
                json_object_set_new(g, "coordinates", co);
            } else if (x->kind == COR_ASSET_TRANSFER)
                g = point(cor_network_node(net, cor_network_transfer(net, x->ref)->node));
            else
                g = point(cor_network_node(net, cor_network_border(net, x->ref)->node));
            json_object_set_new(ft, "geometry", g);
            json_t *p = asset_json(c, wi, x);
            json_object_set_new(p, "scenario", json_string(c->labels[wi]));
            json_object_set_new(p, "year", json_integer(r->year));
            if (c->nyears > 1) {
                int fy = first_year_over(c, wi, x);
                json_object_set_new(p, "first_year_over_capacity", fy ? json_integer(fy) : json_null());
            }
            json_object_set_new(ft, "properties", p);
            json_array_append_new(fs, ft);
        }
    }
    json_object_set_new(fc, "features", fs);
    char *s = json_dumps(fc, JSON_COMPACT | JSON_REAL_PRECISION(10));
    json_decref(fc);
    if (!s)
        return COR_ENOMEM;
    fputs(s, o);
    fputc('\n', o);
    free(s);
    return COR_OK;
}

/* ---- main ---------------------------------------------------------------- */

int cor_cli_assign(int argc, char **argv)
{
    ctx *c = calloc(1, sizeof *c);
    if (!c)
        return cor_status_exit_code(COR_ENOMEM);
    int rc = parse_args(argc, argv, c);
    if (rc >= 0) {
        free(c);
        return rc;
    }
    if (c->a.tntp) { /* the standard test networks: cli_assign_tntp.c */
        rc = cor_cli_assign_tntp(&c->a, c->demand_path, c->algo, c->fmt);
        free(c);
        return rc;
    }
    rc = 0;
    cor_demand_init(&c->dm);
    cor_growth_init(&c->gr);
    cor_vdf_table_init(&c->vt);
    cor_diag d;
    cor_diag_init(&d, 50);
    const char *dir = c->a.network ? c->a.network : default_network();
    cor_status s = cor_demand_load(c->demand_path, &c->dm, &d);
    if (s == COR_OK && c->a.growth_file)
        s = cor_growth_load(c->a.growth_file, &c->gr, &d);
    char vpath[4096];
    if (s == COR_OK && (size_t)snprintf(vpath, sizeof vpath, "%s/delay_functions.csv", dir) < sizeof vpath) {
        int ex = cor_input_exists(vpath, &d);
        if (ex < 0)
            s = COR_EIO;
        else if (ex == 1) {
            s = cor_vdf_table_load(vpath, &c->vt, &d);
            c->have_vdf = 1;
        } else
            fprintf(stderr, "%s: warning: %s not found: BPR 0.15/4 for every asset with a capacity, %g t per TEU\n",
                    prog, vpath, c->vt.t_per_teu);
    }
    if (s != COR_OK) {
        rc = print_diag(&d, s);
        goto done;
    }
    /* worlds: without, and with the scenarios */
    if ((rc = world_load(&c->w[0], dir, NULL, 0, NULL)) != 0)
        goto done;
    c->nworlds = 1;
    c->labels[0] = "base";
    if (c->a.nscenario) {
        if ((rc = world_load(&c->w[1], dir, c->a.scenario, c->a.nscenario, NULL)) != 0)
            goto done;
        c->nworlds = 2;
        c->labels[1] = cor_scenario_name(c->w[1].sc[c->w[1].nsc - 1]);
    }
    if (c->a.year0) {
        for (int y = c->a.year0; y <= c->a.year1; y++)
            c->years[c->nyears++] = y;
    } else
        c->years[c->nyears++] = c->a.year;
    c->runs = calloc((size_t)c->nworlds * c->nyears, sizeof *c->runs);
    if (!c->runs) {
        rc = cor_status_exit_code(COR_ENOMEM);
        goto done;
    }
    for (int wi = 0; wi < c->nworlds && !rc; wi++)
        for (int yi = 0; yi < c->nyears && !rc; yi++)
            rc = run_one(c, wi, yi, &c->runs[wi * c->nyears + yi]);
    if (rc)
        goto done;
    cor_outfile of;
    cor_diag_clear(&d);
    s = cor_outfile_open(&of, c->a.out, &d);
    if (s == COR_OK) {
        cor_status ws = COR_OK;
        switch (c->fmt) {
        case COR_FMT_JSON: ws = write_json(of.fp, c); break;
        case COR_FMT_CSV: write_csv(of.fp, c); break;
        case COR_FMT_GEOJSON: ws = write_geojson(of.fp, c); break;
        default: write_table(of.fp, c); break;
        }
        s = cor_outfile_close(&of, ws, &d);
    }
    if (s != COR_OK)
        rc = print_diag(&d, s);
done:
    for (int i = 0; c->runs && i < c->nworlds * c->nyears; i++)
        run_free(&c->runs[i]);
    free(c->runs);
    for (int i = 0; i < 2; i++)
        world_free(&c->w[i]);
    cor_demand_destroy(&c->dm);
    cor_growth_destroy(&c->gr);
    cor_vdf_table_destroy(&c->vt);
    cor_diag_destroy(&d);
    free(c);
    return rc;
}
