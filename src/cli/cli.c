/*
 * cli.c -- the `corridor` command: a dispatch table of subcommands over
 * libcorridor.  This is the one place that prints errors and maps statuses
 * to exit codes (cor_status_exit_code).  corridor_main() is main() without
 * the process around it, so that the fuzz target can drive it.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "corridor/alternatives.h"
#include "corridor/box.h"
#include "corridor/calibrate.h"
#include "corridor/ch.h"
#include "corridor/compare.h"
#include "corridor/graph.h"
#include "corridor/model.h"
#include "corridor/report.h"
#include "corridor/route.h"
#include "corridor/simulate.h"
#include "corridor/scenario.h"
#include "corridor/snapshot.h"
#include "corridor/status.h"
#include "corridor/tcd.h"
#include "corridor/text.h"
#include "cli_assign.h" /* assign DEMAND (issue 12) */
#include "cli_large.h" /* import, matrix (issue 13) */
#include "cli.h"
#include "cli_gazetteer.h"
#include "cli_internal.h"
#include "options.h"
#include "corridor/outfile.h"

#ifndef CORRIDOR_DATA_DIR
#define CORRIDOR_DATA_DIR "data/instc"
#endif
#define CORRIDOR_VERSION "0.1.0"

const char *prog = "corridor";

int fail_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s %s: ", prog, cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry '%s %s --help'.\n", prog, cmd);
    return cor_status_exit_code(COR_EUSAGE);
}

int print_diag(const cor_diag *d, cor_status s)
{
    char buf[COR_DIAG_TEXT + 512];
    for (size_t i = 0; i < d->count; i++) {
        cor_error_format(&d->items[i], buf, sizeof buf);
        if (d->items[i].file[0])
            fprintf(stderr, "%s\n", buf);
        else
            fprintf(stderr, "%s: %s\n", prog, buf);
    }
    if (d->dropped)
        fprintf(stderr, "... and %zu more errors\n", d->dropped);
    if (d->count == 0 && s != COR_OK)
        fprintf(stderr, "%s: %s\n", prog, cor_status_message(s));
    return cor_status_exit_code(s);
}

const char *default_network(void)
{
    const char *env = getenv("CORRIDOR_NETWORK");
    if (env && *env)
        return env;
    if (access(CORRIDOR_DATA_DIR, R_OK) == 0)
        return CORRIDOR_DATA_DIR;
    return "data/instc";
}


static const char *main_help =
    "Usage: corridor COMMAND [OPTIONS]\n"
    "\n"
    "A freight corridor planner.  Commands:\n"
    "  route FROM TO     best route from FROM to TO, with every leg and stop\n"
    "  compare FROM TO   the corridors side by side, under scenarios\n"
    "  tcd FROM TO       a time/cost-distance chart (SVG, PNG, PDF) and its series\n"
    "  simulate FROM TO  Monte Carlo of the transit time: mean, P50/P80/P95, on time\n"
    "  nodes [QUERY]     list or search places\n"
    "  links [QUERY]     list or search links: by place, mode, status, corridor tag\n"
    "  show ID           one node, link, liner service, transfer rule, border, terminal,\n"
    "                    regime, mode, emission factor, rate rule or corridor: every\n"
    "                    field, its source\n"
    "  scenarios         the network's scenarios: what each changes, its source\n"
    "  validate [DIR]    check a network folder; every fault as FILE:LINE:COLUMN\n"
    "  restrictions      the restriction regimes of the network: what each closes and why\n"
    "  calibrate [FILE]  the model beside published trips (calibration.csv); exit 1 if\n"
    "                    a trip leaves its band\n"
    "  import FORMAT FILE --out DIR\n"
    "                    a DIMACS, TNTP or GeoJSON network as a network folder\n"
    "  matrix --from PLACES --to PLACES\n"
    "                    the best value from every origin to every destination\n"
    "  build DIR --out FILE\n"
    "                    a network folder as one checked snapshot file (--network FILE)\n"
    "  assign DEMAND     freight demand on the network with capacities: volume, v/c and\n"
    "                    delay per asset, corridor shares, saturation year by year\n"
    "  assign --tntp NET TRIPS\n"
    "                    the same solver on a TNTP test network: link flows, gap, objective\n"
    "  serve             the HTTP API and the web map (--port, --bind, --threads)\n"
    "  help [COMMAND]    this text, or a command's options\n"
    "  version           print the version\n"
    "\n"
    "Places are ids (UN/LOCODE where one exists), names or aliases, in any case:\n"
    "  corridor route \"Nhava Sheva\" Moscow --by cost\n"
    "\n"
    "The network is data/instc of this checkout unless --network DIR or the\n"
    "CORRIDOR_NETWORK environment variable names another folder.\n"
    "\n"
    "Exit codes:\n"
    "  0  success\n"
    "  1  no route (the places exist but nothing connects them under the options)\n"
    "  2  usage error (bad option or argument, unknown place)\n"
    "  3  bad input data (the network or another input file is invalid or unreadable)\n"
    "  4  internal error (including out of memory)\n"
    "  5  output error (a file or standard output could not be written)\n";

static const char *route_help =
    "Usage: corridor route FROM TO [OPTIONS]\n"
    "\n"
    "The best way to move one TEU from FROM to TO: each leg (mode, gauge, km,\n"
    "hours, USD, kg CO2e) and each stop (port handling, transfer, gauge change,\n"
    "border crossing) with its dwell and cost, and the totals.\n"
    "\n"
    "Options:\n"
    "  --by OBJ               time (default), cost, co2, distance or generalized;\n"
    "                         or p95: the lowest 95th percentile of the transit\n"
    "                         time, among the 20 fastest routes by mean those no\n"
    "                         other beats on mean and variance (legs taken as\n"
    "                         independent; the choice is explained on stderr)\n"
    "  --value-of-time USD    USD per TEU-day, for --by generalized (default 0)\n"
    "  --carbon-price USD     USD per tonne CO2e, for --by generalized (default 0)\n"
    "  --via PLACE            pass through PLACE (repeatable, in order)\n"
    "  --avoid X              avoid a place, a link id or a passage such as suez\n"
    "                         or hormuz (repeatable)\n"
    "  --avoid-country CC     use no place in country CC (ISO code; repeatable)\n"
    "  --restrictions LIST    the restriction regimes in force (restrictions.csv):\n"
    "                         none, or ids separated by commas; 'default' for the\n"
    "                         network's defaults, -ID to lift one (default: the\n"
    "                         defaults; every output says which are in force;\n"
    "                         'corridor restrictions' lists them)\n"
    "  --modes LIST           only these modes, comma-separated: sea, feeder, rail,\n"
    "                         road, ferry, iww (default: all); no transfer\n"
    "                         through another mode at a node either\n"
    "  --year N               use the links open in year N (default: this year)\n"
    "  --depart DATE          YYYY-MM-DD or YYYY-MM: what seasons.csv closes in that\n"
    "                         month is not used, and the P50-P95 range shown beside\n"
    "                         the mean takes its slowed places and links (the range:\n"
    "                         2000 simulated runs, seed 1; see corridor simulate)\n"
    "  --format F             table (default), json, geojson, csv, or a quote to\n"
    "                         paste or send: md (Markdown) or html (one page)\n"
    "  --wide                 tables: every column, no line wrapped (by default\n"
    "                         they fit 100 columns)\n"
    "  --out FILE             write to FILE (atomically) instead of standard output\n"
    "  --network DIR          network folder (default: data/instc), or a snapshot\n"
    "                         (corridor build); on an imported network's snapshot\n"
    "                         the route is found by its stored contraction\n"
    "                         hierarchy when the query is the one it was built for\n"
    "                         (by distance or time, the build's year, nothing\n"
    "                         avoided), else by plain Dijkstra: the same answer\n"
    "  --verbose              say on stderr which search ran, and why a stored\n"
    "                         hierarchy could not serve\n"
    "  --scenario NAME|FILE   apply a scenario (DIR/scenarios/NAME.json or a file;\n"
    "                         repeatable, applied in order)\n"
    "  --pareto               every route that no other beats on all of time, cost\n"
    "                         and CO2e (the trade-offs), sorted by time\n"
    "  --max-labels N         bound on the labels --pareto may create (default 500000;\n"
    "                         at most N/50 routes are listed); when it is reached the\n"
    "                         trade-offs found are listed, marked as cut short\n"
    "  --pareto-epsilon E     an approximate front of bounded size: trade-offs within a\n"
    "                         factor 1+E per leg on cost and CO2e are merged (0 = exact)\n"
    "  --max-work N           bound on the states --alternatives may settle (default\n"
    "                         2000000); the routes found by then are listed, marked\n"
    "                         as cut short\n"    "  --alternatives K       the K best loopless routes by --by (1-100)\n"
    "  --box TYPE             20 (default), 40, 40hc, 45, 20rf or 40rf (boxes.csv,\n"
    "                         priced by box_rules.csv); figures per box\n"
    "  --cargo-t T            tonnes of cargo in the box (default: typical load);\n"
    "                         roads over their weight limit are not used\n"
    "  --payload-t T          tonnes of cargo per TEU (default: the mode's)\n"
    "  --empty-running F      add this share of empty running to the tonne-km\n"
    "                         (0-1; default 0: the factors include typical empty running)\n"
    "  --factors FILE         your own emission factor table (like\n"
    "                         data/instc/emission_factors.csv)\n"
    "  --generic-sea          also allow generic sea services between two ports that\n"
    "                         no modelled service joins (FROM and TO must be ports):\n"
    "                         the shortest path along the sea lanes (closed passages\n"
    "                         avoided), the mode's default speed, rate and emissions\n"
    "                         (feeder on an enclosed sea such as the Caspian), an\n"
    "                         assumed wait; marked \"generic\" in every output\n"
    "  --generic-wait HOURS   the assumed expected wait for a generic sea service\n"
    "                         (default 168: no schedule is known)\n"
    "  --gazetteer FILE       cities for a FROM or TO that is not a node (README)\n"
    "  -h, --help             this text\n"
    "\n"
    "Generalized cost = USD + value_of_time x days + carbon_price x t CO2e.\n"
    "\n"
    "Warnings (an option that changes nothing, a scenario operation that changes\n"
    "nothing, a leg on a service without a timetable or a line taken as open from\n"
    "its year, data whose source is an assumption) go to standard error as\n"
    "'corridor: warning: ...' and into JSON as a top-level \"warnings\" array;\n"
    "they do not change the exit code.  A name that several places begin with\n"
    "(\"Astara\") is refused with the candidates: give an id or the full name.\n";

static const char *compare_help =
    "Usage: corridor compare FROM TO [OPTIONS]\n"
    "\n"
    "The best route of each corridor of the network (corridors.csv) side by side:\n"
    "days with their P50-P95 range (2000 simulated runs of each route, seed 1;\n"
    "corridor simulate --compare runs more), USD/TEU, kg CO2e/TEU, km, handlings,\n"
    "border crossings, gauge changes and the difference to the best (a table of\n"
    "several scenarios leaves out the range when it has no room; JSON always has\n"
    "it: totals.days_p50, days_p95).  A corridor with no route is listed with\n"
    "the reason; one the trip cannot use (an end not beyond what defines it:\n"
    "Nhava Sheva-Tehran and the Caspian crossing) as \"not applicable\".\n"
    "\n"
    "Options: --by, --value-of-time, --carbon-price, --avoid, --modes, --year,\n"
    "--depart DATE (seasons.csv: closed in its month, slowed ranges),\n"
    "--format table|json|geojson|csv|md|html, --wide, --out FILE, --network DIR as\n"
    "for route (md and html: the corridors side by side, then each route), and\n"
    "  --scenario NAME|FILE   apply a scenario to every column (repeatable)\n"
    "  --scenarios LIST       one table of scenario x corridor: a comma-separated\n"
    "                         list of scenario names or files; 'base' is none\n"
    "                         (e.g. base,rasht-astara-rail,red-sea-closed)\n"
    "Exit 1 if no corridor has a route in any scenario.\n";

static const char *tcd_help =
    "Usage: corridor tcd FROM TO --out FILE.svg|.png|.pdf [OPTIONS]\n"
    "\n"
    "A UNESCAP time/cost-distance chart: cumulative time and cumulative cost\n"
    "against cumulative distance, each segment coloured by mode, vertical steps\n"
    "at waits, ports, transfers, gauge changes and borders (labelled), axes in\n"
    "days, USD per TEU and km.\n"
    "\n"
    "Options: the route options (--by, --via, --avoid, --modes, --year,\n"
    "--scenario, --network, ...), and\n"
    "  --compare              one line per corridor (corridors.csv), with a legend\n"
    "  --alternatives K       one line per alternative route\n"
    "  --pareto               one line per trade-off route\n"
    "  --out FILE             the chart (the extension picks SVG, PNG or PDF)\n"
    "  --csv FILE             also write the series as CSV\n";

static const char *nodes_help =
    "Usage: corridor nodes [QUERY] [--format table|json|geojson|csv] [--network DIR]\n"
    "       corridor nodes --city NAME [--format table|json] [--gazetteer FILE]\n"
    "\n"
    "List the places of the network whose id, name, alias or country contains\n"
    "QUERY (case-insensitive); all places without QUERY.  Exit 1 if none match.\n"
    "With --city: how NAME resolves (a network node, else a city of the\n"
    "gazetteer: 'Pune', 'Astara, IR' or 'Astara (IR)') and, for a city, the\n"
    "terminals its first or last mile by road may join.\n";

static const char *restrictions_help =
    "Usage: corridor restrictions [--network DIR] [--scenario NAME|FILE]... [--format table|json]\n"
    "\n"
    "Every restriction regime of the network (restrictions.csv): whether it is in\n"
    "force by default (as the scenarios leave it), since when, what it closes\n"
    "(border crossings, places, links and services, with their ids) and its\n"
    "source.  Routes honour the regimes in force; --restrictions on route,\n"
    "compare and tcd chooses others, for analysis.  This is a record of what is\n"
    "closed, not advice on any way round it.\n";

static const char *validate_help =
    "Usage: corridor validate [DIR] [--scenario NAME|FILE]...\n"
    "\n"
    "Load the network in DIR (default: data/instc) and check it: unique ids and\n"
    "names, every reference resolves, numbers finite and in range, gauges and\n"
    "coordinates valid, every row sourced, the expanded graph consistent.\n"
    "With --scenario (repeatable, applied in order) the scenario files are checked\n"
    "too, and the network is checked as they change it.\n"
    "Every fault is printed as FILE:LINE:COLUMN (or FILE: JSON path): message;\n"
    "exit 3 if any.\n";

enum { OPT_BY = 256, OPT_VOT, OPT_CP, OPT_VIA, OPT_AVOID, OPT_MODES, OPT_YEAR, OPT_FORMAT, OPT_OUT, OPT_NETWORK,
       OPT_SCENARIO, OPT_SCENARIOS, OPT_PARETO, OPT_ALTERNATIVES, OPT_MAX_LABELS,
       OPT_PAYLOAD, OPT_EMPTY, OPT_FACTORS, OPT_COMPARE, OPT_CSV, OPT_MAX_WORK, OPT_EPSILON, OPT_RESTRICTIONS,
       OPT_AVOID_COUNTRY, OPT_GENERIC_SEA, OPT_GENERIC_WAIT, OPT_BOX, OPT_CARGO };
enum { OPT_WIDE = 400 }; /* output options */

/* An argument as it may be echoed in a message: control characters
 * escaped, at most 80 columns. */
const char *shown(const char *arg, char *buf, size_t size)
{
    cor_text_display(arg, buf, size, 80);
    return buf;
}

/* The option getopt_long just refused: "-x" for a short option (also in a
 * cluster such as -xh), else the long option as written. */
const char *bad_option(int argc, char **argv, char *buf, size_t size)
{
    if (optopt > 0 && optopt < 256) {
        snprintf(buf, size, "-%c", optopt);
        return buf;
    }
    /* a long option missing its value at the end leaves optind past argc */
    int i = optind - 1 < argc ? optind - 1 : argc - 1;
    return shown(i >= 0 && argv[i] ? argv[i] : "?", buf, size);
}

void print_warnings(const cor_warnings *w)
{
    char b[COR_DIAG_TEXT + 16];
    for (size_t i = 0; w && i < w->count; i++)
        fprintf(stderr, "%s: warning: %s\n", prog, (cor_text_display(w->items[i].msg, b, sizeof b, 0), b));
    if (w && w->dropped)
        fprintf(stderr, "%s: warning: ... and %zu more warnings\n", prog, w->dropped);
}

static int load_network(const char *dir, cor_network **net, cor_graph **g)
{
    cor_diag d;
    if (cor_diag_init(&d, 100) != COR_OK) {
        fprintf(stderr, "%s: out of memory\n", prog);
        return cor_status_exit_code(COR_ENOMEM);
    }
    cor_status s = cor_network_load(dir, net, &d);
    if (s == COR_OK)
        s = cor_network_verify(*net, &d); /* a snapshot mapped in place: its checksums */
    if (s == COR_OK && g)
        s = cor_graph_build(*net, g, &d);
    int rc = 0;
    if (s != COR_OK) {
        rc = print_diag(&d, s);
        cor_network_free(*net);
        *net = NULL;
    }
    cor_diag_destroy(&d);
    return rc;
}
/* Parse the options shared by route, compare (compare = 1) and tcd
 * (compare = 2) with getopt_long over the one option table of options.c.
 * Returns -1 to go on, or an exit code. */
int parse_route_args(int argc, char **argv, route_args *a, int compare)
{
    enum { NOPTS = 64 };
    struct option opts[NOPTS + 2];
    size_t n = 0;
    for (const route_opt *o = route_opts; o->name && n < NOPTS; o++, n++)
        opts[n] = (struct option){o->name, o->has_arg ? required_argument : no_argument, 0, 1000 + (int)n};
    opts[n++] = (struct option){"help", no_argument, 0, 'h'};
    opts[n] = (struct option){0, 0, 0, 0};
    const char *cmd = a->cmd;
    char ob[256];
    route_args_init(a, cmd);
    int c;
    cli_err e;
    opterr = 0;
    optind = 0; /* 0, not 1: glibc then also forgets a half-read option cluster of the last call */
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        if (c == 'h') {
            fputs(compare == 3 ? simulate_help : compare == 2 ? tcd_help : compare ? compare_help : route_help, stdout);
            return 0;
        }
        if (c == ':')
            return fail_usage(cmd, "option '%s' needs a value", bad_option(argc, argv, ob, sizeof ob));
        if (c < 1000 || c >= 1000 + NOPTS)
            return fail_usage(cmd, "unknown option '%s'", bad_option(argc, argv, ob, sizeof ob));
        if (route_opt_apply(a, &route_opts[c - 1000], optarg, compare, &e))
            return fail_usage(cmd, "%s", e.msg);
    }
    if (argc - optind != 2)
        return fail_usage(cmd, "expected two places, FROM and TO (found %d argument%s)", argc - optind,
                          argc - optind == 1 ? "" : "s");
    if (route_args_check(a, &e))
        return fail_usage(cmd, "%s", e.msg);
    return -1;
}

#define option_warnings route_option_warnings
#define year_warning(a, w, ws) route_year_warning((a), (w)->net, (ws))

/* Build the query from the arguments (options.c; places are resolved per
 * network). */
int make_query(const route_args *a, cor_query *q, cor_format *fmt)
{
    cli_err e;
    if (route_make_query(a, q, fmt, &e))
        return fail_usage(a->cmd, "%s", e.msg);
    return -1;
}

void world_free(world *w)
{
    for (size_t i = 0; i < w->nsc; i++)
        cor_scenario_free(w->sc[i]);
    cor_reliability_free(w->rel);
    cor_graph_free(w->g);
    cor_network_free(w->net);
    memset(w, 0, sizeof *w);
}

/* Load the network in dir with scenarios args[0..n) applied in order.  On
 * failure the message is printed, w is left empty and the exit code returned. */
int world_load(world *w, const char *dir, const char *const *args, size_t n, const char *factors)
{
    cor_diag d;
    if (cor_diag_init(&d, 100) != COR_OK)
        return cor_status_exit_code(COR_ENOMEM);
    cor_status s = COR_OK;
    for (size_t i = 0; i < n && s == COR_OK; i++) {
        char path[4096], ob[256];
        if (cor_scenario_path(dir, args[i], path, sizeof path) != 0) {
            fprintf(stderr, "%s: --scenario: the path of '%s' is longer than %zu bytes\n", prog,
                    shown(args[i], ob, sizeof ob), sizeof path - 1);
            cor_diag_destroy(&d);
            return cor_status_exit_code(COR_EUSAGE);
        }
        if (access(path, F_OK) != 0 && !strchr(args[i], '/')) {
            /* a name that is not in the folder: say which names are */
            char sdir[4096], names[1024] = "";
            snprintf(sdir, sizeof sdir, "%s/scenarios", dir);
            struct dirent **list = NULL;
            int nl = scandir(sdir, &list, NULL, alphasort);
            for (int k = 0; k < nl; k++) {
                size_t len = strlen(list[k]->d_name);
                if (len > 5 && strcmp(list[k]->d_name + len - 5, ".json") == 0 && len - 5 < 200 &&
                    strlen(names) + len < sizeof names - 4) {
                    if (names[0])
                        strncat(names, ", ", sizeof names - strlen(names) - 1);
                    strncat(names, list[k]->d_name, len - 5);
                }
                free(list[k]);
            }
            free(list);
            char pb[256], nb[1100];
            fprintf(stderr, "%s: --scenario: unknown scenario '%s' (no file %s; the network's scenarios: %s)\n", prog,
                    shown(args[i], ob, sizeof ob), shown(path, pb, sizeof pb),
                    names[0] ? (cor_text_display(names, nb, sizeof nb, 0), nb) : "none");
            cor_diag_destroy(&d);
            return cor_status_exit_code(COR_EUSAGE);
        }
        s = cor_scenario_load(path, &w->sc[w->nsc], &d);
        if (s == COR_OK)
            w->nsc++;
    }
    if (s == COR_OK)
        s = cor_network_load_with(dir, w->sc, w->nsc, factors, &w->net, &d);
    if (s == COR_OK)
        s = cor_graph_build(w->net, &w->g, &d);
    if (s == COR_OK) /* variability.csv and seasons.csv, if the folder has them (simulate.h) */
        s = cor_reliability_load(w->net, NULL, &w->rel, &d);
    int rc = s == COR_OK ? 0 : print_diag(&d, s);
    cor_diag_destroy(&d);
    if (rc)
        world_free(w);
    return rc;
}

/* Refuse (exit 2) an output that is an input of the same run or the
 * other output: writing it would destroy what the run reads, or keep only
 * one of two outputs.  Scenario arguments are a->scenario[] and, for
 * compare, extra[] ("base" is none).  Returns -1 when all is well. */
int check_outputs(const route_args *a, const char *dir, const char *const *extra, size_t nextra)
{
    const char *outs[2] = {a->out, a->csv}, *opts[2] = {"--out", "--csv"};
    char ob[256], ib[256];
    for (int i = 0; i < 2; i++) {
        if (!outs[i] || strcmp(outs[i], "-") == 0)
            continue;
        if (i == 1 && outs[0] && strcmp(outs[0], "-") != 0 && cor_same_file(outs[0], outs[1]))
            return fail_usage(a->cmd, "--out and --csv name the same file ('%s'); one would replace the other",
                              shown(outs[1], ob, sizeof ob));
        char path[4096];
        static const char *const box_files[] = {"boxes.csv", "box_rules.csv", "road_limits.csv", NULL};
        for (const char *const *f = box_files; *f; f++) {
            int w = snprintf(path, sizeof path, "%s/%s", dir, *f);
            if (w > 0 && (size_t)w < sizeof path && access(path, F_OK) == 0 && cor_same_file(outs[i], path))
                return fail_usage(a->cmd, "%s '%s' is the network file %s that this run reads; write the output elsewhere",
                                  opts[i], shown(outs[i], ob, sizeof ob), shown(path, ib, sizeof ib));
        }
        for (const char *const *f = cor_network_file_names(); *f; f++) {
            int w = snprintf(path, sizeof path, "%s/%s", dir, *f);
            if (w > 0 && (size_t)w < sizeof path && access(path, F_OK) == 0 && cor_same_file(outs[i], path))
                return fail_usage(a->cmd, "%s '%s' is the network file %s that this run reads; write the output elsewhere",
                                  opts[i], shown(outs[i], ob, sizeof ob), shown(path, ib, sizeof ib));
        }
        for (size_t k = 0; k < (size_t)a->nscenario + nextra; k++) {
            const char *arg = k < a->nscenario ? a->scenario[k] : extra[k - a->nscenario];
            if (k >= a->nscenario && strcmp(arg, "base") == 0)
                continue;
            if (cor_scenario_path(dir, arg, path, sizeof path) == 0 && access(path, F_OK) == 0 &&
                cor_same_file(outs[i], path))
                return fail_usage(a->cmd, "%s '%s' is the scenario file %s that this run reads; write the output "
                                  "elsewhere", opts[i], shown(outs[i], ob, sizeof ob), shown(path, ib, sizeof ib));
        }
        if (a->factors && access(a->factors, F_OK) == 0 && cor_same_file(outs[i], a->factors))
            return fail_usage(a->cmd, "%s '%s' is the --factors file that this run reads; write the output elsewhere",
                              opts[i], shown(outs[i], ob, sizeof ob));
    }
    return -1;
}

/* The network a route-like command (route, tcd, simulate) runs on:
 * --network or the default, its outputs checked against its inputs, then
 * loaded with the command's scenarios.  0 when w is ready (free it with
 * world_free), else the exit code (the message printed, w empty). */
int world_open(const route_args *a, world *w)
{
    const char *dir = a->network ? a->network : default_network();
    memset(w, 0, sizeof *w);
    int rc = check_outputs(a, dir, NULL, 0);
    if (rc >= 0)
        return rc;
    return world_load(w, dir, a->scenario, a->nscenario, a->factors);
}

/* Print a refusal of options.c as the command line always has; returns
 * the exit code. */
static int print_err(const char *cmd, const cli_err *e)
{
    if (e->raw) { /* bad input data, as print_diag prints it */
        fprintf(stderr, "%s\n", e->msg);
        return cor_status_exit_code(e->status);
    }
    if (e->status == COR_EUSAGE && !e->hint[0])
        return fail_usage(cmd, "%s", e->msg);
    fprintf(stderr, "%s %s: %s\n", prog, cmd, e->msg);
    if (e->hint[0])
        fprintf(stderr, "%s\n", e->hint);
    return cor_status_exit_code(COR_EUSAGE);
}

/* Print why options.c refused the options (print_err), or -1 if e is clear. */
static int resolve_options(const route_args *a, const cor_network *net, cor_query *q)
{
    cli_err e;
    if (route_resolve_options(a, net, q, &e))
        return print_err(a->cmd, &e);
    return -1;
}

/* Resolve a place argument (options.c); prints why on failure. */
static int resolve_place(const cor_network *net, const char *cmd, const char *opt, const char *arg,
                         uint32_t *node)
{
    cli_err e;
    if (route_resolve_place(net, opt, arg, node, &e) == 0)
        return 0;
    print_err(cmd, &e);
    return -1;
}

/* Resolve the trip of a route, compare or tcd command against w: FROM and TO
 * (argv[optind] and argv[optind + 1]), --via, --avoid, --box (options.c); the
 * network's year (set by a scenario) stands unless --year was given.
 * Returns -1 when all resolve, else the exit code after printing why. */
int resolve_trip(const route_args *a, const world *w, char **argv, cor_query *q, uint32_t *from, uint32_t *to,
                        cli_end *ends, cor_gazetteer **gz)
{
    if (!a->year_given && !a->depart && cor_network_year(w->net))
        q->year = cor_network_year(w->net);
    q->reliability = w->rel; /* seasons close links and places in the month of --depart */
    if (ends) { /* route: FROM and TO may be cities (cli_gazetteer.c) */
        int rc = cli_gaz_resolve(w->net, prog, a->cmd, "FROM", argv[optind], a->gazetteer, gz, &ends[0]);
        if (rc < 0)
            rc = cli_gaz_resolve(w->net, prog, a->cmd, "TO", argv[optind + 1], a->gazetteer, gz, &ends[1]);
        if (rc >= 0)
            return rc;
        *from = ends[0].node;
        *to = ends[1].node;
        if (ends[0].is_city || ends[1].is_city) {
            if (ends[0].is_city && ends[1].is_city && ends[0].city.geonameid == ends[1].city.geonameid)
                return fail_usage(a->cmd, "FROM and TO are the same city (%s)", ends[0].city.name);
            return resolve_options(a, w->net, q);
        }
    } else if (resolve_place(w->net, a->cmd, "FROM", argv[optind], from) ||
               resolve_place(w->net, a->cmd, "TO", argv[optind + 1], to)) {
        cli_gaz_hint(w->net, prog, a->cmd, argv[optind], argv[optind + 1], a->gazetteer); /* a city? */
        return cor_status_exit_code(COR_EUSAGE);
    }
    if (*from == *to)
        return fail_usage(a->cmd, "FROM and TO are the same place (%s)", cor_network_node(w->net, *from)->name);
    return resolve_options(a, w->net, q);
}

/* A set a budget cut short is still an answer (exact as far as it goes),
 * but whoever reads it must know: say so on standard error too. */
void warn_truncated(const char *cmd, const cor_path_set *ps, int pareto)
{
    if (!ps->truncated)
        return;
    if (pareto && ps->complete_hours > 0)
        fprintf(stderr, "%s %s: note: the search stopped at %s %llu (%s); the %u trade-offs shown are exact and "
                        "complete up to %.1f days (raise %s, or use --pareto-epsilon for an approximate front)\n",
                prog, cmd, cor_set_limit_option(ps), (unsigned long long)ps->limit, ps->limit_name, ps->n,
                ps->complete_hours / 24, cor_set_limit_option(ps));
    else
        fprintf(stderr, "%s %s: note: the search stopped at %s %llu; the %u routes shown are the best in order, but "
                        "there may be more (raise %s)\n",
                prog, cmd, cor_set_limit_option(ps), (unsigned long long)ps->limit, ps->n, cor_set_limit_option(ps));
}

/* After "no route": why generic sea services do not help (--generic-sea
 * given, ends on two seas), or that they would (not given). */
static void generic_hint(const world *w, const cor_query *q, uint32_t from, uint32_t to)
{
    cor_diag d;
    if (cor_diag_init(&d, 2) != COR_OK)
        return;
    cor_status s = cor_generic_sea_ends(w->net, from, to, &d);
    if (q->generic_sea) {
        if (s != COR_OK && d.count)
            fprintf(stderr, "%s route: %s\n", prog, d.items[0].msg);
    } else if (s == COR_OK) {
        cor_workspace *ws = cor_workspace_new();
        if (ws && cor_generic_sea_would_route(w->g, q, ws, from, to))
            fprintf(stderr, "%s route: no scheduled service gives a route; a generic sea service along the lanes "
                            "(no schedule known) would: try --generic-sea\n", prog);
        cor_workspace_free(ws);
    }
    cor_diag_destroy(&d);
}

/* After no route: say when the box's weight closed road links. */
static void weight_hint(const cor_filter *f, const cor_query *q)
{
    if (!f->road_closed)
        return;
    const cor_box_spec *b = cor_query_box(q);
    fprintf(stderr, "%s: the box's weight closed %u road link%s: a %s at %.1f t gross is over the road limit (gross "
                    "vehicle weight less the rig, road_limits.csv) in", prog, f->road_closed,
            f->road_closed == 1 ? "" : "s", b->name, cor_box_gross_t(b, q->payload_t_per_teu));
    int first = 1;
    for (uint32_t i = 0; i < b->nroad; i++) {
        double lim = b->road[i].max_gvw_t - b->road[i].rig_tare_t;
        if (cor_box_gross_t(b, q->payload_t_per_teu) > lim + 1e-9) {
            fprintf(stderr, "%s %s (%.1f t)", first ? "" : ",", strcmp(b->road[i].country, "*") == 0 ? "other countries"
                                                                                              : b->road[i].country, lim);
            first = 0;
        }
    }
    fprintf(stderr, "; a lighter --cargo-t would open them\n");
}

static int route_several(const route_args *a, const world *w, const cor_filter *f, const cor_query *q, uint32_t from,
                         uint32_t to, cor_format fmt, cor_diag *d, cor_warnings *warns)
{
    cor_path_set ps;
    cor_path_set_init(&ps);
    cor_budget b = {a->max_labels, a->max_work, a->epsilon};
    cor_status s = a->pareto ? cor_pareto(f, q, from, to, &b, &ps, d)
                             : cor_k_shortest(f, q, from, to, a->alternatives, &b, &ps, d);
    if (s == COR_ENOROUTE) {
        fprintf(stderr, "%s route: no route from %s to %s in %d under these options\n", prog,
                cor_network_node(w->net, from)->name, cor_network_node(w->net, to)->name, q->year);
        generic_hint(w, q, from, to);
        weight_hint(f, q);
        cor_path_set_destroy(&ps);
        return cor_status_exit_code(s);
    }
    if (s == COR_OK)
        warn_truncated(a->cmd, &ps, a->pareto);
    if (s == COR_OK && ps.dropped_loops)
        fprintf(stderr, "%s %s: note: %u trade-off%s not shown: %s a place twice\n", prog, a->cmd,
                ps.dropped_loops, ps.dropped_loops == 1 ? "" : "s", ps.dropped_loops == 1 ? "it passes" : "they pass");
    cor_itinerary *its = calloc(ps.n ? ps.n : 1, sizeof *its);
    cor_itinerary **ptrs = calloc(ps.n ? ps.n : 1, sizeof *ptrs);
    if (s == COR_OK && (!its || !ptrs))
        s = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    for (uint32_t i = 0; i < ps.n && s == COR_OK; i++) {
        cor_itinerary_init(&its[i]);
        ptrs[i] = &its[i];
        s = cor_itinerary_build(&its[i], f, q, &ps.paths[i], d);
        cor_itinerary_warnings(&its[i], warns);
        its[i].warnings = warns;
    }
    if (s == COR_OK) {
        cor_outfile of;
        s = cor_outfile_open(&of, a->out, d);
        if (s == COR_OK) {
            cor_write_opts wo = {a->wide};
            s = cor_write_itineraries_opts(of.fp, ptrs, ps.n, fmt, a->pareto ? "pareto" : "alternatives", &ps, &wo);
            s = cor_outfile_close(&of, s, d);
        }
    }
    for (uint32_t i = 0; its && i < ps.n; i++)
        cor_itinerary_destroy(&its[i]);
    free(its);
    free(ptrs);
    cor_path_set_destroy(&ps);
    return s == COR_OK ? 0 : print_diag(d, s);
}

/* route where FROM or TO is a city, not a node: first and last mile by
 * road to the best terminals (city_trip_run, cli_gazetteer.c; access.h).
 * Returns the exit code. */
static int route_cities(const route_args *a, const world *w, const cor_query *q, const cli_end *ends, cor_format fmt,
                        cor_warnings *warns)
{
    cor_diag d;
    cor_diag_init(&d, 16);
    city_trip t;
    city_trip_init(&t);
    gaz_err e;
    cor_status s = city_trip_run(&t, a, w->g, q, ends, warns, &d, &e);
    int rc;
    if (s == COR_EUSAGE && e.msg[0]) {
        rc = fail_usage(a->cmd, "%s", e.msg);
    } else if (s == COR_ENOROUTE) {
        fprintf(stderr, "%s route: %s\n", prog, e.msg);
        rc = cor_status_exit_code(s);
    } else {
        if (s == COR_OK) {
            cor_outfile of;
            s = cor_outfile_open(&of, a->out, &d);
            if (s == COR_OK) {
                cor_write_opts wo = {a->wide};
                s = cor_write_itinerary_opts(of.fp, &t.it, fmt, &wo);
                s = cor_outfile_close(&of, s, &d);
            }
        }
        rc = s == COR_OK ? 0 : print_diag(&d, s);
    }
    city_trip_destroy(&t);
    cor_diag_destroy(&d);
    return rc;
}

static double ms_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* The best path for route: by the contraction hierarchy that corridor
 * build stored in a --network snapshot when it fits the query (ch.h,
 * cor_fast_fits: the same arc weights, so the same answer up to ties),
 * else plain Dijkstra (cor_shortest_path).  --verbose says which ran, and
 * why a hierarchy could not serve. */
static cor_status route_best(const route_args *a, const world *w, const cor_filter *f, const cor_query *q,
                             uint32_t from, uint32_t to, cor_workspace *ws, cor_path *path, cor_diag *d)
{
    char why[320] = "", node_why[256];
    const char *dir = a->network ? a->network : default_network();
    if (q->nvia)
        snprintf(why, sizeof why, "via points (a hierarchy answers a single pair)");
    else if (f->nreq)
        snprintf(why, sizeof why, "the route must use required elements");
    else if (from == to)
        snprintf(why, sizeof why, "the origin is the destination");
    else if (w->nsc)
        snprintf(why, sizeof why, "a scenario (a snapshot's hierarchies are of the network as built)");
    else if (!cor_snapshot_is_file(dir))
        snprintf(why, sizeof why, "--network is a folder; 'corridor build' writes a snapshot with hierarchies");
    else if (!cor_fast_eligible(f, node_why, sizeof node_why))
        snprintf(why, sizeof why, "a hierarchy needs one state per node: %s", node_why);
    else {
        struct timespec t0;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        cor_fast *fg = NULL;
        void *map = NULL;
        size_t maplen = 0;
        cor_status s = cor_snapshot_ch(dir, q->by, q->year, &fg, &map, &maplen, d);
        if (s != COR_OK && s != COR_ENOTFOUND)
            return s; /* a corrupt hierarchy: refused, not skipped */
        if (s == COR_ENOTFOUND)
            snprintf(why, sizeof why, "the snapshot holds no hierarchy by %s for %d (corridor build stores them by "
                                      "distance and by time, for the year it runs)", cor_objective_name(q->by), q->year);
        else if (!cor_fast_fits(fg, f))
            snprintf(why, sizeof why, "the query is not the one the hierarchy was built for (by %s in %d, nothing "
                                      "avoided, the default box): an option changes the arcs' weights",
                     cor_objective_name(q->by), q->year);
        if (s == COR_OK && !why[0]) {
            double load_ms = ms_since(&t0);
            clock_gettime(CLOCK_MONOTONIC, &t0);
            cor_fast_ws *fws = cor_fast_ws_new(fg);
            uint32_t settled = 0;
            s = fws ? cor_fast_ch_path(fg, fws, from, to, path, &settled, d)
                    : cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
            if (a->verbose && (s == COR_OK || s == COR_ENOROUTE))
                fprintf(stderr, "%s route: contraction hierarchy by %s from the snapshot (%u shortcuts; mapped and "
                                "checked in %.1f ms): %u nodes settled, %.3f ms with the path unpacked\n",
                        prog, cor_objective_name(q->by), cor_fast_shortcuts(fg), load_ms, settled, ms_since(&t0));
            cor_fast_ws_free(fws);
            cor_fast_free(fg);
            cor_snapshot_unmap(map, maplen);
            return s;
        }
        cor_fast_free(fg);
        cor_snapshot_unmap(map, maplen);
    }
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    cor_status s = cor_shortest_path(f, q, ws, from, to, path, d);
    if (a->verbose)
        fprintf(stderr, "%s route: plain Dijkstra (%.3f ms): no hierarchy serves this query: %s\n", prog, ms_since(&t0),
                why);
    return s;
}

static int cmd_route(int argc, char **argv)
{
    route_args a;
    memset(&a, 0, sizeof a);
    a.cmd = "route";
    int rc = parse_route_args(argc, argv, &a, 0);
    if (rc >= 0)
        return rc;
    cor_query q;
    cor_format fmt;
    if ((rc = make_query(&a, &q, &fmt)) >= 0)
        return rc;
    world w;
    if ((rc = world_open(&a, &w)) != 0)
        return rc;
    uint32_t from, to;
    cor_filter f;
    memset(&f, 0, sizeof f);
    cor_workspace *ws = NULL;
    cor_path path;
    cor_path_init(&path);
    cor_itinerary it;
    cor_itinerary_init(&it);
    cor_diag d;
    cor_diag_init(&d, 16);
    cli_end ends[2];
    cor_gazetteer *gz = NULL;
    cor_warnings warns;
    cor_warnings_init(&warns, 0);
    option_warnings(&a, &warns);
    cor_query_warnings(&q, &warns);
    year_warning(&a, &w, &warns);
    cor_warnings_merge(&warns, cor_network_warnings(w.net));
    if ((rc = resolve_trip(&a, &w, argv, &q, &from, &to, ends, &gz)) >= 0)
        goto done;
    cor_query_warnings(&q, &warns); /* again, with the box resolved (a message is listed once) */
    if (ends[0].is_city || ends[1].is_city) { /* first or last mile (cli_gazetteer.c, access.h) */
        rc = route_cities(&a, &w, &q, ends, fmt, &warns);
        goto done;
    }
    if (q.generic_sea && cor_generic_sea_ends(w.net, from, to, &d) == COR_EUSAGE) {
        rc = fail_usage(a.cmd, "%s", d.items[0].msg);
        goto done;
    }
    cor_diag_clear(&d); /* ends on two seas: said if no route is found */
    cor_status s = cor_filter_init(&f, w.g, &q, &d);
    if (s == COR_OK && (a.pareto || a.alternatives)) {
        rc = route_several(&a, &w, &f, &q, from, to, fmt, &d, &warns);
        goto done;
    }
    ws = s == COR_OK ? cor_workspace_new() : NULL;
    if (s == COR_OK && !ws)
        s = cor_diag_add(&d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    cor_p95_choice pc;
    if (s == COR_OK && a.by_p95) {
        s = cor_route_by_p95(&f, &q, from, to, COR_P95_CANDIDATES, &path, &pc, &d);
        if (s == COR_OK)
            fprintf(stderr,
                    "%s route: --by p95: of the %u fastest routes by mean, %u are not beaten on both mean and "
                    "variance; the lowest P95 is route %u by mean: %.1f days mean, P95 %.1f (the fastest: %.1f, P95 "
                    "%.1f); estimates that take the legs' times as independent\n",
                    prog, pc.candidates, pc.kept, pc.chosen + 1, pc.mean_days, pc.p95_days, pc.fastest_mean_days,
                    pc.fastest_p95_days);
    } else if (s == COR_OK)
        s = route_best(&a, &w, &f, &q, from, to, ws, &path, &d);
    if (s == COR_ENOROUTE && d.count) {
        /* the best route would pass a place twice: say so, never draw it */
        char m[COR_DIAG_TEXT];
        cor_text_display(d.items[0].msg, m, sizeof m, 0);
        fprintf(stderr, "%s route: no route from %s to %s in %d: %s\n", prog, cor_network_node(w.net, from)->name,
                cor_network_node(w.net, to)->name, q.year, m);
        rc = cor_status_exit_code(s);
        goto done;
    }
    if (s == COR_ENOROUTE) {
        fprintf(stderr, "%s route: no route from %s to %s in %d under these options "
                        "(check --year, --modes, --avoid%s and --scenario)\n",
                prog, cor_network_node(w.net, from)->name, cor_network_node(w.net, to)->name, q.year,
                a.depart ? ", --depart (seasons.csv closes some links in its month)" : "");
        generic_hint(&w, &q, from, to);
        weight_hint(&f, &q);
        rc = cor_status_exit_code(s);
        goto done;
    }
    if (s == COR_OK)
        s = cor_itinerary_build(&it, &f, &q, &path, &d);
    if (s == COR_OK) {
        cor_itinerary_warnings(&it, &warns);
        it.warnings = &warns;
        if (a.by_p95)
            it.chosen_by = "p95";
    }
    if (s != COR_OK) {
        rc = print_diag(&d, s);
        goto done;
    }
    cor_outfile of;
    s = cor_outfile_open(&of, a.out, &d);
    if (s == COR_OK) {
        cor_write_opts wo = {a.wide};
        s = cor_write_itinerary_opts(of.fp, &it, fmt, &wo);
        s = cor_outfile_close(&of, s, &d);
    }
    rc = s == COR_OK ? 0 : print_diag(&d, s);
done:
    print_warnings(&warns);
    cor_warnings_destroy(&warns);
    cor_diag_destroy(&d);
    cor_itinerary_destroy(&it);
    cor_path_destroy(&path);
    cor_workspace_free(ws);
    cor_filter_destroy(&f);
    cor_gazetteer_free(gz);
    world_free(&w);
    return rc;
}

static int cmd_compare(int argc, char **argv)
{
    route_args a;
    memset(&a, 0, sizeof a);
    a.cmd = "compare";
    int rc = parse_route_args(argc, argv, &a, 1);
    if (rc >= 0)
        return rc;
    cor_query q0;
    cor_format fmt;
    if ((rc = make_query(&a, &q0, &fmt)) >= 0)
        return rc;
    const char *dir = a.network ? a.network : default_network();
    /* the scenario columns: "base" is the --scenario list alone */
    const char *names[MAX_SCENARIOS];
    size_t nnames = 0;
    char *list = strdup(a.scenarios ? a.scenarios : "base");
    if (!list) {
        fprintf(stderr, "%s: out of memory\n", prog);
        return cor_status_exit_code(COR_ENOMEM);
    }
    for (char *p = list;;) {
        char *e = strchr(p, ',');
        if (e)
            *e = '\0';
        if (!*p) {
            free(list);
            return fail_usage("compare", "--scenarios: an empty entry in the list (write base for no scenario)");
        }
        if (nnames >= MAX_SCENARIOS) {
            free(list);
            return fail_usage("compare", "--scenarios: at most %d entries", MAX_SCENARIOS);
        }
        names[nnames++] = p;
        if (!e)
            break;
        p = e + 1;
    }
    if ((rc = check_outputs(&a, dir, names, nnames)) >= 0) {
        free(list);
        return rc;
    }
    world *ws = calloc(nnames, sizeof *ws);
    cor_compare cmp;
    cor_compare_init(&cmp);
    cor_diag d;
    cor_diag_init(&d, 16);
    cor_warnings warns;
    cor_warnings_init(&warns, 0);
    option_warnings(&a, &warns);
    cor_query_warnings(&q0, &warns);
    cmp.warnings = &warns;
    rc = 0;
    if (!ws) {
        rc = cor_status_exit_code(COR_ENOMEM);
        goto done;
    }
    for (size_t i = 0; i < nnames && rc == 0; i++) {
        const char *args[MAX_SCENARIOS + 1];
        size_t n = 0;
        for (unsigned k = 0; k < a.nscenario; k++)
            args[n++] = a.scenario[k];
        if (strcmp(names[i], "base") != 0)
            args[n++] = names[i];
        rc = world_load(&ws[i], dir, args, n, a.factors);
        if (rc)
            break;
        ws[i].label = strcmp(names[i], "base") == 0 ? "base" : cor_scenario_name(ws[i].sc[ws[i].nsc - 1]);
        year_warning(&a, &ws[i], &warns);
        cor_warnings_merge(&warns, cor_network_warnings(ws[i].net));
        cor_query q = q0;
        uint32_t from, to;
        if ((rc = resolve_trip(&a, &ws[i], argv, &q, &from, &to, NULL, NULL)) >= 0)
            break;
        cor_query_warnings(&q, &warns); /* again, with the box resolved (a message is listed once) */
        rc = 0;
        cor_status s = cor_compare_run(&cmp, ws[i].g, &q, ws[i].label, from, to, &d);
        if (s != COR_OK) {
            rc = print_diag(&d, s);
            break;
        }
    }
    for (size_t i = 0; rc == 0 && i < cmp.n; i++)
        if (cmp.items[i]->status == COR_OK)
            cor_itinerary_warnings(&cmp.items[i]->it, &warns);
    if (rc == 0) {
        cor_outfile of;
        cor_status s = cor_outfile_open(&of, a.out, &d);
        if (s == COR_OK) {
            cor_write_opts wo = {a.wide};
            s = cor_write_compare_opts(of.fp, &cmp, fmt, &wo);
            s = cor_outfile_close(&of, s, &d);
        }
        rc = s == COR_OK ? 0 : print_diag(&d, s);
        /* exit 1 when no corridor has a route in any scenario */
        int any = 0, applies = 0;
        for (size_t i = 0; i < cmp.n; i++) {
            any |= cmp.items[i]->status == COR_OK;
            applies |= cmp.items[i]->applicable;
        }
        if (rc == 0 && !any) {
            fprintf(stderr, "%s compare: %s\n", prog,
                    applies ? "no corridor has a route" : "no corridor applies to this trip");
            rc = cor_status_exit_code(COR_ENOROUTE);
        }
    }
done:
    print_warnings(&warns);
    cor_warnings_destroy(&warns);
    cor_compare_destroy(&cmp);
    for (size_t i = 0; ws && i < nnames; i++)
        world_free(&ws[i]);
    free(ws);
    free(list);
    cor_diag_destroy(&d);
    return rc;
}

/* Write a file through cor_outfile with a writer callback. */
cor_status write_file(const char *path, cor_status (*fn)(FILE *, void *), void *ud, cor_diag *d)
{
    cor_outfile of;
    cor_status s = cor_outfile_open(&of, path, d);
    if (s == COR_OK) {
        s = fn(of.fp, ud);
        s = cor_outfile_close(&of, s, d);
    }
    return s;
}

typedef struct tcd_out {
    const cor_tcd_chart *chart;
    cor_tcd_series *s;
    size_t n;
    cor_chart_format fmt;
    const char *title;
    cor_diag *d;
} tcd_out;

static cor_status tcd_chart_fn(FILE *out, void *ud)
{
    tcd_out *t = ud;
    return cor_tcd_render_chart(out, t->fmt, t->s, t->n, t->chart, t->d);
}

static cor_status tcd_csv_fn(FILE *out, void *ud)
{
    tcd_out *t = ud;
    return cor_tcd_write_csv(out, t->s, t->n);
}

static int cmd_tcd(int argc, char **argv)
{
    route_args a;
    memset(&a, 0, sizeof a);
    a.cmd = "tcd";
    int rc = parse_route_args(argc, argv, &a, 2);
    if (rc >= 0)
        return rc;
    cor_chart_format cfmt;
    if (!a.out)
        return fail_usage("tcd", "--out FILE.svg|.png|.pdf is required");
    if (cor_chart_format_from_path(a.out, &cfmt) != 0)
        return fail_usage("tcd", "--out: '%s' does not end in .svg, .png or .pdf", a.out);
    if (a.tcd_compare + a.pareto + (a.alternatives > 0) > 1)
        return fail_usage("tcd", "choose one of --compare, --pareto and --alternatives");
    cor_query q;
    cor_format fmt;
    if ((rc = make_query(&a, &q, &fmt)) >= 0)
        return rc;
    world w;
    if ((rc = world_open(&a, &w)) != 0)
        return rc;
    cor_diag d;
    cor_diag_init(&d, 16);
    tcd_set t;
    tcd_set_init(&t);
    uint32_t from, to;
    cor_warnings warns;
    cor_warnings_init(&warns, 0);
    option_warnings(&a, &warns);
    cor_query_warnings(&q, &warns);
    year_warning(&a, &w, &warns);
    cor_warnings_merge(&warns, cor_network_warnings(w.net));
    if ((rc = resolve_trip(&a, &w, argv, &q, &from, &to, NULL, NULL)) >= 0)
        goto done;
    cor_query_warnings(&q, &warns); /* again, with the box resolved (a message is listed once) */
    /* the series and the chart's titles (options.c: GET /v1/tcd draws the same) */
    cor_status s = tcd_set_make(&t, &a, w.g, &q, from, to, &warns, &d);
    for (size_t i = 0; i < t.nabsent; i++)
        fprintf(stderr, "%s tcd: %s: %s (not drawn)\n", prog, t.absent_name[i], t.absent_why[i]);
    if (s == COR_OK && (a.pareto || a.alternatives))
        warn_truncated("tcd", &t.ps, a.pareto);
    if (s == COR_ENOROUTE) {
        fprintf(stderr, "%s tcd: no route from %s to %s in %d under these options\n", prog,
                cor_network_node(w.net, from)->name, cor_network_node(w.net, to)->name, q.year);
        rc = cor_status_exit_code(COR_ENOROUTE);
        goto done;
    }
    if (s == COR_ENOMEM && d.count == 0)
        cor_diag_add(&d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    if (s == COR_OK) {
        tcd_out to_write = {&t.chart, t.series, t.nseries, cfmt, t.title, &d};
        s = write_file(a.out, tcd_chart_fn, &to_write, &d);
        if (s == COR_OK && a.csv)
            s = write_file(a.csv, tcd_csv_fn, &to_write, &d);
    }
    rc = s == COR_OK ? 0 : print_diag(&d, s);
done:
    print_warnings(&warns);
    cor_warnings_destroy(&warns);
    tcd_set_destroy(&t);
    cor_diag_destroy(&d);
    world_free(&w);
    return rc;
}

static int cmd_nodes(int argc, char **argv)
{
    static const struct option opts[] = {{"format", required_argument, 0, OPT_FORMAT},
                                         {"network", required_argument, 0, OPT_NETWORK},
                                         {"city", required_argument, 0, CLI_OPT_CITY},
                                         {"gazetteer", required_argument, 0, CLI_OPT_GAZETTEER},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    const char *network = NULL, *format = "table", *city = NULL, *gazetteer = NULL;
    char ob[256];
    int c;
    opterr = 0;
    optind = 0; /* 0, not 1: glibc then also forgets a half-read option cluster of the last call */
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(nodes_help, stdout); return 0;
        case OPT_FORMAT: format = optarg; break;
        case OPT_NETWORK: network = optarg; break;
        case CLI_OPT_CITY: city = optarg; break;           /* cli_gazetteer.c */
        case CLI_OPT_GAZETTEER: gazetteer = optarg; break;
        case ':': return fail_usage("nodes", "option '%s' needs a value", bad_option(argc, argv, ob, sizeof ob));
        default: return fail_usage("nodes", "unknown option '%s'", bad_option(argc, argv, ob, sizeof ob));
        }
    }
    if (argc - optind > 1)
        return fail_usage("nodes", "expected at most one QUERY");
    cor_format fmt;
    if (cor_format_parse(format, &fmt) != 0 || fmt == COR_FMT_MD || fmt == COR_FMT_HTML)
        return fail_usage("nodes", "--format: unknown format '%s' (expected table, json, geojson or csv)", format);
    if (city) { /* how a place resolves, and a city's terminals (cli_gazetteer.c) */
        if (argc > optind)
            return fail_usage("nodes", "--city NAME takes no QUERY");
        if (fmt != COR_FMT_TABLE && fmt != COR_FMT_JSON)
            return fail_usage("nodes", "--city: --format table or json");
        cor_network *cnet = NULL;
        cor_graph *cg = NULL;
        int crc = load_network(network ? network : default_network(), &cnet, &cg);
        if (!crc)
            crc = cli_gaz_nodes_city(cnet, cg, prog, city, gazetteer, fmt);
        cor_graph_free(cg);
        cor_network_free(cnet);
        return crc;
    }
    cor_network *net = NULL;
    int rc = load_network(network ? network : default_network(), &net, NULL);
    if (rc)
        return rc;
    uint32_t m = 0;
    cor_diag d;
    cor_diag_init(&d, 4);
    cor_outfile of;
    cor_status s = cor_outfile_open(&of, NULL, &d);
    if (s == COR_OK) {
        s = cor_write_nodes(of.fp, net, argc > optind ? argv[optind] : "", fmt, &m);
        s = cor_outfile_close(&of, s, &d);
    }
    if (s != COR_OK)
        rc = print_diag(&d, s);
    else if (m == 0) {
        fprintf(stderr, "%s nodes: no place matches '%s'\n", prog, shown(argv[optind], ob, sizeof ob));
        rc = cor_status_exit_code(COR_ENOROUTE);
    }
    cor_diag_destroy(&d);
    cor_network_free(net);
    return rc;
}

static int cmd_validate(int argc, char **argv)
{
    const char *dir = NULL;
    const char *scen[MAX_SCENARIOS];
    size_t nscen = 0;
    char ob[256];
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(validate_help, stdout);
            return 0;
        }
        if (strcmp(a, "--scenario") == 0 || strncmp(a, "--scenario=", 11) == 0) {
            const char *v = a[10] == '=' ? a + 11 : (i + 1 < argc ? argv[++i] : NULL);
            if (!v || !*v)
                return fail_usage("validate", "--scenario: expected a scenario name or file");
            if (nscen == MAX_SCENARIOS)
                return fail_usage("validate", "--scenario: at most %d scenarios", MAX_SCENARIOS);
            scen[nscen++] = v;
        } else if (a[0] == '-') {
            return fail_usage("validate", "unknown option '%s'", shown(a, ob, sizeof ob));
        } else if (dir) {
            return fail_usage("validate", "expected at most one folder");
        } else {
            dir = a;
        }
    }
    if (!dir)
        dir = default_network();
    world w = {0};
    int rc = world_load(&w, dir, scen, nscen, NULL);
    if (rc)
        return rc;
    cor_network *net = w.net;
    cor_graph *g = w.g;
    cor_diag d;
    cor_diag_init(&d, 16);
    cor_status s = cor_network_check(net, &d);
    if (s == COR_OK)
        s = cor_graph_check(g, &d);
    cor_boxes *bx = NULL;
    if (s == COR_OK)
        s = cor_boxes_load(dir, &bx, &d);
    if (s != COR_OK) {
        rc = print_diag(&d, s);
    } else {
        uint32_t planned = 0, computed = 0;
        for (uint32_t i = 0; i < cor_network_link_count(net); i++) {
            planned += cor_network_link(net, i)->open_year > cor_this_year();
            computed += cor_network_link(net, i)->distance_computed;
        }
        printf("%s: ok: %u nodes, %u links (%u not yet open, %u with computed sea distances), "
               "%u transfer rules, %u terminals, %u border crossings, %u sea lanes, %u corridors, %u mode classes; "
               "graph %u states, %u arcs; %u generic sea services for --generic-sea\n",
               dir, cor_network_node_count(net), cor_network_link_count(net), planned, computed,
               cor_network_transfer_count(net), cor_network_terminal_count(net), cor_network_border_count(net),
               cor_network_lane_count(net),
               cor_network_corridor_count(net), cor_network_class_count(net), g->nstates, g->narcs,
               cor_network_generic_count(net));
        uint32_t nrules = 0;
        for (int i = 0; i < COR_BOX_ITEM_COUNT; i++)
            nrules += cor_boxes_rule(bx, (cor_box_item)i)->defined != 0;
        char ids[512];
        printf("  boxes: %s (%u pricing rules, %u road weight limits)\n", cor_boxes_ids(bx, ids, sizeof ids), nrules,
               cor_boxes_road_limit_count(bx));
        for (size_t i = 0; i < w.nsc; i++)
            printf("  with scenario %s: ok\n", cor_scenario_name(w.sc[i]));
        print_warnings(cor_network_warnings(net));
    }
    cor_boxes_free(bx);
    cor_diag_destroy(&d);
    world_free(&w);
    return rc;
}

static const char *calibrate_help =
    "Usage: corridor calibrate [FILE] [--network DIR] [--format table|md]\n"
    "\n"
    "Route every trip of FILE (default: DIR/calibration.csv), published trips with\n"
    "their times and costs, and show the model beside them; md prints the\n"
    "README's table.  Exit 1 if the model leaves the band a trip states (or comes\n"
    "back inside it while the trip names a known_gap: the reason is then stale).\n";

static int cmd_calibrate(int argc, char **argv)
{
    static const struct option opts[] = {{"format", required_argument, 0, OPT_FORMAT},
                                         {"network", required_argument, 0, OPT_NETWORK},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    const char *network = NULL, *format = "table";
    char ob[256];
    int c;
    opterr = 0;
    optind = 0;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(calibrate_help, stdout); return 0;
        case OPT_FORMAT: format = optarg; break;
        case OPT_NETWORK: network = optarg; break;
        case ':': return fail_usage("calibrate", "option '%s' needs a value", bad_option(argc, argv, ob, sizeof ob));
        default: return fail_usage("calibrate", "unknown option '%s'", bad_option(argc, argv, ob, sizeof ob));
        }
    }
    if (argc - optind > 1)
        return fail_usage("calibrate", "expected at most one FILE");
    int md = strcmp(format, "md") == 0;
    if (!md && strcmp(format, "table") != 0)
        return fail_usage("calibrate", "--format: expected table or md, found '%s'", shown(format, ob, sizeof ob));
    const char *dir = network ? network : default_network();
    char path[4096];
    if (argc > optind)
        snprintf(path, sizeof path, "%s", argv[optind]);
    else if (snprintf(path, sizeof path, "%s/calibration.csv", dir) >= (int)sizeof path)
        return fail_usage("calibrate", "the network path is too long");
    cor_diag d;
    cor_diag_init(&d, 100);
    cor_calibration cal;
    cor_calibration_init(&cal);
    cor_status s = cor_calibration_load(path, &cal, &d);
    if (s == COR_OK)
        s = cor_calibration_run(&cal, dir, &d);
    int rc;
    if (s == COR_OK) {
        cor_outfile of;
        s = cor_outfile_open(&of, NULL, &d);
        if (s == COR_OK)
            s = cor_outfile_close(&of, cor_write_calibration(of.fp, &cal, md), &d);
    }
    if (s != COR_OK) {
        rc = print_diag(&d, s);
    } else {
        size_t bad = cor_calibration_failures(&cal);
        rc = 0;
        if (bad) {
            fprintf(stderr, "%s calibrate: %zu of %zu trips fail: outside their band without a known gap, or back inside with one\n", prog, bad, cal.n);
            rc = cor_status_exit_code(COR_ENOROUTE);
        }
    }
    cor_calibration_destroy(&cal);
    cor_diag_destroy(&d);
    return rc;
}

static int cmd_restrictions(int argc, char **argv)
{
    static const struct option opts[] = {{"format", required_argument, 0, OPT_FORMAT},
                                         {"network", required_argument, 0, OPT_NETWORK},
                                         {"scenario", required_argument, 0, OPT_SCENARIO},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    const char *network = NULL, *format = "table", *scen[MAX_SCENARIOS];
    size_t nscen = 0;
    char ob[256];
    int c;
    opterr = 0;
    optind = 0;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(restrictions_help, stdout); return 0;
        case OPT_FORMAT: format = optarg; break;
        case OPT_NETWORK: network = optarg; break;
        case OPT_SCENARIO:
            if (nscen >= MAX_SCENARIOS)
                return fail_usage("restrictions", "--scenario: at most %d scenarios", MAX_SCENARIOS);
            scen[nscen++] = optarg;
            break;
        case ':': return fail_usage("restrictions", "option '%s' needs a value", bad_option(argc, argv, ob, sizeof ob));
        default: return fail_usage("restrictions", "unknown option '%s'", bad_option(argc, argv, ob, sizeof ob));
        }
    }
    if (argc > optind)
        return fail_usage("restrictions", "unexpected argument '%s'", shown(argv[optind], ob, sizeof ob));
    int json = strcmp(format, "json") == 0;
    if (!json && strcmp(format, "table") != 0)
        return fail_usage("restrictions", "--format: expected table or json, found '%s'", shown(format, ob, sizeof ob));
    world w;
    memset(&w, 0, sizeof w);
    const char *dir = network ? network : default_network();
    int rc = world_load(&w, dir, scen, nscen, NULL);
    if (rc)
        return rc;
    const cor_network *net = w.net;
    uint32_t nr = cor_network_restriction_count(net);
    uint64_t def = cor_network_default_restrictions(net);
    cor_diag d;
    cor_diag_init(&d, 4);
    cor_outfile of;
    cor_status st = cor_outfile_open(&of, NULL, &d);
    int e = 0;
    if (st == COR_OK && json) {
        json_t *arr = json_array();
        e = !arr;
        for (uint32_t i = 0; i < nr && !e; i++) {
            const cor_restriction *r = cor_network_restriction(net, i);
            json_t *links = json_array(), *nodes = json_array(), *pass = json_array();
            for (uint32_t k = 0; pass && k < cor_network_passage_count(net); k++)
                if (r->passages >> k & 1u)
                    e |= json_array_append_new(pass, json_string(cor_network_passage(net, k)));
            for (uint32_t k = 0; links && k < r->nlinks; k++)
                e |= json_array_append_new(links, json_string(cor_network_link(net, r->links[k])->id));
            for (uint32_t k = 0; nodes && k < r->nnodes; k++)
                e |= json_array_append_new(nodes, json_string(cor_network_node(net, r->nodes[k])->id));
            json_t *o = json_pack("{s:s, s:s, s:b, s:b, s:s, s:s, s:o, s:o, s:o, s:s}", "id", r->id, "name", r->name,
                                  "default", r->default_on, "in_force", (int)(def >> i & 1u), "since", r->since,
                                  "closes", r->closes, "links", links ? links : json_null(), "nodes",
                                  nodes ? nodes : json_null(), "passages", pass ? pass : json_null(), "source",
                                  r->source);
            e |= !o || json_array_append_new(arr, o);
        }
        json_t *root = json_pack("{s:s, s:o}", "network", dir, "restrictions", arr ? arr : json_null());
        e |= !root || json_dumpf(root, of.fp, JSON_INDENT(2)) != 0 || fputc('\n', of.fp) == EOF;
        json_decref(root);
    } else if (st == COR_OK) {
        char nb[300];
        e |= fprintf(of.fp, "Restriction regimes of %s: %u, %d in force by default\n", dir, nr,
                     __builtin_popcountll(def)) < 0;
        for (uint32_t i = 0; i < nr; i++) {
            const cor_restriction *r = cor_network_restriction(net, i);
            e |= fprintf(of.fp, "\n%s  %s\n  %s%s%s\n", r->id, (def >> i & 1u) ? "IN FORCE by default" : "not in force by default",
                         shown(r->name, nb, sizeof nb), r->since[0] ? ", since " : "", r->since) < 0;
            e |= fprintf(of.fp, "  closes: %s\n", shown(r->closes, nb, sizeof nb)) < 0;
            if (r->nnodes) {
                e |= fprintf(of.fp, "  places (%u):", r->nnodes) < 0;
                for (uint32_t k = 0; k < r->nnodes; k++)
                    e |= fprintf(of.fp, " %s", cor_network_node(net, r->nodes[k])->id) < 0;
                e |= fputc('\n', of.fp) == EOF;
            }
            if (r->nlinks) {
                e |= fprintf(of.fp, "  links and services (%u):", r->nlinks) < 0;
                for (uint32_t k = 0; k < r->nlinks; k++) {
                    uint8_t way = r->link_dirs ? r->link_dirs[k] : (uint8_t)COR_CLOSE_BOTH;
                    e |= fprintf(of.fp, " %s%s", cor_network_link(net, r->links[k])->id,
                                 way == COR_CLOSE_FORWARD   ? " (from -> to)"
                                 : way == COR_CLOSE_REVERSE ? " (to -> from)"
                                                            : "") < 0;
                }
                e |= fputc('\n', of.fp) == EOF;
            }
            if (r->passages) {
                e |= fprintf(of.fp, "  passages (services through them rerouted or closed):") < 0;
                for (uint32_t k = 0; k < cor_network_passage_count(net); k++)
                    if (r->passages >> k & 1u)
                        e |= fprintf(of.fp, " %s", cor_network_passage(net, k)) < 0;
                e |= fputc('\n', of.fp) == EOF;
            }
            e |= fprintf(of.fp, "  source: %s\n", r->source) < 0;
        }
    }
    if (st == COR_OK)
        st = cor_outfile_close(&of, e ? COR_EIO : COR_OK, &d);
    rc = st == COR_OK ? 0 : print_diag(&d, st);
    cor_diag_destroy(&d);
    world_free(&w);
    return rc;
}

typedef struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char **help;
} command;

static const command commands[] = {
    {"route", cmd_route, &route_help},
    {"compare", cmd_compare, &compare_help},
    {"tcd", cmd_tcd, &tcd_help},
    {"simulate", cmd_simulate, &simulate_help}, /* src/cli/cli_simulate.c */
    {"nodes", cmd_nodes, &nodes_help},
    {"validate", cmd_validate, &validate_help},
    {"restrictions", cmd_restrictions, &restrictions_help},
    {"calibrate", cmd_calibrate, &calibrate_help},
    {"links", cmd_links, &links_help},
    {"show", cmd_show, &show_help},
    {"scenarios", cmd_scenarios, &scenarios_help},
    /* large networks (issue 13): src/cli/cli_large.c */
    {"import", cor_cli_import, &cor_cli_import_help},
    {"matrix", cor_cli_matrix, &cor_cli_matrix_help},
    {"assign", cor_cli_assign, &cor_cli_assign_help},
    {"build", cor_cli_build, &cor_cli_build_help},
    {"serve", cmd_serve, &serve_help},
    /* scenario sweeps (issue 11): src/cli/sweep.c */
    {"sweep", cmd_sweep, &sweep_help},
};

static int run(int argc, char **argv);


/* Run a command; then make sure what it printed on standard output got
 * there (a full disk, a closed pipe): exit 5 if not, like any output. */
int corridor_main(int argc, char **argv)
{
    int rc = run(argc, argv);
    int failed_before = ferror(stdout) != 0;
    errno = 0;
    int flushed = fflush(stdout) == 0;
    int e = errno;
    if (failed_before && !e) {
        /* a write failed while the command printed (a help text longer than
         * the buffer) and its errno is gone: write again to learn why */
        clearerr(stdout);
        errno = 0;
        if (fputc('\n', stdout) == EOF || fflush(stdout) != 0)
            e = errno;
        failed_before = 1;
    }
    if (!flushed || failed_before || ferror(stdout)) {
        fprintf(stderr, "%s: <stdout>: write error%s%s\n", prog, e ? ": " : "", e ? strerror(e) : "");
        clearerr(stdout);
        if (rc == 0)
            rc = cor_status_exit_code(COR_EOUTPUT);
    }
    return rc;
}

static int run(int argc, char **argv)
{
    if (argc < 2) {
        fputs(main_help, stderr);
        return cor_status_exit_code(COR_EUSAGE);
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        if (argc > 2)
            for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
                if (strcmp(argv[2], commands[i].name) == 0) {
                    fputs(*commands[i].help, stdout);
                    return 0;
                }
        fputs(main_help, stdout);
        return 0;
    }
    if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
        printf("corridor %s\n", CORRIDOR_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(cmd, commands[i].name) == 0)
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "%s: unknown command '%s' (expected route, compare, tcd, nodes, links, show, scenarios, validate, restrictions, calibrate, import, matrix, build, assign, serve, sweep, help or version)\n", prog, cmd);
    return cor_status_exit_code(COR_EUSAGE);
}
