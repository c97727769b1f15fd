/*
 * options.c -- the options of route, compare and tcd (see options.h): the
 * one table that getopt_long (cli.c) and the query strings of the HTTP API
 * (src/server) both parse, and the steps from options to a query.
 *
 * Every refusal names the option by its long name in cli_err.param and
 * writes the message the command line has always printed after
 * "corridor CMD: ", so the two front ends say the same thing.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "corridor/alternatives.h"
#include "corridor/box.h"
#include "corridor/scenario.h"
#include "corridor/simulate.h"
#include "corridor/text.h"
#include "options.h"

enum { OPT_BY = 256, OPT_VOT, OPT_CP, OPT_VIA, OPT_AVOID, OPT_MODES, OPT_YEAR, OPT_FORMAT, OPT_OUT, OPT_NETWORK,
       OPT_SCENARIO, OPT_SCENARIOS, OPT_PARETO, OPT_ALTERNATIVES, OPT_MAX_LABELS,
       OPT_PAYLOAD, OPT_EMPTY, OPT_FACTORS, OPT_COMPARE, OPT_CSV, OPT_MAX_WORK, OPT_EPSILON, OPT_RESTRICTIONS,
       OPT_AVOID_COUNTRY, OPT_GENERIC_SEA, OPT_GENERIC_WAIT, OPT_WIDE, OPT_BOX, OPT_CARGO, OPT_GAZETTEER,
       OPT_DEPART, OPT_RUNS, OPT_SEED, OPT_THREADS, OPT_DEADLINE,
       /* assign DEMAND (cli_assign.c) */
       OPT_YEARS, OPT_GROWTH, OPT_GROWTH_FILE, OPT_ALGO, OPT_LOGIT, OPT_VERBOSE, OPT_GAP, OPT_MAX_ITER, OPT_TOP,
       OPT_TNTP /* assign --tntp NET TRIPS (cli_assign_tntp.c) */ };

const route_opt route_opts[] = {
    {"by", 1, OPT_BY, 0},
    {"value-of-time", 1, OPT_VOT, 0},
    {"carbon-price", 1, OPT_CP, 0},
    {"via", 1, OPT_VIA, 0},
    {"avoid", 1, OPT_AVOID, 0},
    {"modes", 1, OPT_MODES, 0},
    {"year", 1, OPT_YEAR, 0},
    {"format", 1, OPT_FORMAT, 0},
    {"out", 1, OPT_OUT, OPTF_FILE},
    {"network", 1, OPT_NETWORK, OPTF_FILE},
    {"scenario", 1, OPT_SCENARIO, 0},
    {"scenarios", 1, OPT_SCENARIOS, 0},
    {"pareto", 0, OPT_PARETO, 0},
    {"alternatives", 1, OPT_ALTERNATIVES, 0},
    {"max-labels", 1, OPT_MAX_LABELS, 0},
    {"max-work", 1, OPT_MAX_WORK, 0},
    {"pareto-epsilon", 1, OPT_EPSILON, 0},
    {"restrictions", 1, OPT_RESTRICTIONS, 0},
    {"avoid-country", 1, OPT_AVOID_COUNTRY, 0},
    {"payload-t", 1, OPT_PAYLOAD, 0},
    {"empty-running", 1, OPT_EMPTY, 0},
    {"factors", 1, OPT_FACTORS, OPTF_FILE},
    {"compare", 0, OPT_COMPARE, 0},
    {"csv", 1, OPT_CSV, OPTF_FILE},
    {"generic-sea", 0, OPT_GENERIC_SEA, 0},
    {"generic-wait", 1, OPT_GENERIC_WAIT, 0},
    {"box", 1, OPT_BOX, 0},
    {"cargo-t", 1, OPT_CARGO, 0},
    {"wide", 0, OPT_WIDE, 0},
    {"gazetteer", 1, OPT_GAZETTEER, OPTF_FILE},
    {"depart", 1, OPT_DEPART, 0},
    {"runs", 1, OPT_RUNS, 0},
    {"seed", 1, OPT_SEED, 0},
    {"threads", 1, OPT_THREADS, 0},
    {"deadline", 1, OPT_DEADLINE, 0},
    {"years", 1, OPT_YEARS, 0},
    {"growth", 1, OPT_GROWTH, 0},
    {"growth-file", 1, OPT_GROWTH_FILE, OPTF_FILE},
    {"algo", 1, OPT_ALGO, 0},
    {"logit", 1, OPT_LOGIT, 0},
    {"verbose", 0, OPT_VERBOSE, 0},
    {"gap", 1, OPT_GAP, 0},
    {"max-iter", 1, OPT_MAX_ITER, 0},
    {"top", 1, OPT_TOP, 0},
    {"tntp", 1, OPT_TNTP, OPTF_FILE},
    {NULL, 0, 0, 0}};

const route_opt *route_opt_find(const char *name)
{
    for (const route_opt *o = route_opts; o->name; o++)
        if (strcmp(o->name, name) == 0)
            return o;
    return NULL;
}

static int fail(cli_err *e, cor_status s, const char *param, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int fail(cli_err *e, cor_status s, const char *param, const char *fmt, ...)
{
    va_list ap;
    memset(e, 0, sizeof *e);
    e->status = s;
    snprintf(e->param, sizeof e->param, "%s", param);
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    return -1;
}

/* An argument as it may be echoed: control characters escaped, 80 columns. */
static const char *shown(const char *arg, char *buf, size_t size)
{
    cor_text_display(arg, buf, size, 80);
    return buf;
}

int route_parse_double(const char *s, double lo, double hi, double *v)
{
    double r;
    if (cor_parse_decimal(s, &r) != 0 || !(r >= lo && r <= hi))
        return -1;
    *v = r;
    return 0;
}

void route_args_init(route_args *a, const char *cmd)
{
    memset(a, 0, sizeof *a);
    a->cmd = cmd;
    a->year = cor_this_year();
    a->cargo = -1;
    a->format = "table";
    a->by = "time";
    a->runs = 10000;
    a->seed = 1;
    a->threads = 1;
}

int route_opt_apply(route_args *a, const route_opt *o, const char *optarg, int compare, cli_err *e)
{
    char ob[256];
    double v;
    const char *n = o->name;
#define USAGE(...) fail(e, COR_EUSAGE, n, __VA_ARGS__)
    switch (o->id) {
    case OPT_COMPARE:
        if (compare != 2 && compare != 3)
            return USAGE("--compare is for tcd and simulate; use the compare command");
        a->tcd_compare = 1;
        break;
    case OPT_CSV:
        if (compare != 2)
            return USAGE("--csv is for tcd; use --format csv");
        a->csv = optarg;
        break;
    case OPT_BY:
        if (strcmp(optarg, "p95") == 0) { /* the lowest 95th percentile of the transit time (simulate.h) */
            if (compare != 0)
                return USAGE("--by p95 is for route");
            a->by_p95 = 1;
            a->by = "time";
        } else {
            a->by_p95 = 0;
            a->by = optarg;
        }
        break;
    case OPT_VOT:
        if (route_parse_double(optarg, 0, 1e7, &a->vot))
            return USAGE("--value-of-time: expected a number of USD per TEU-day between 0 and 1e7, found '%s'",
                         shown(optarg, ob, sizeof ob));
        break;
    case OPT_CP:
        if (route_parse_double(optarg, 0, 1e6, &a->cp))
            return USAGE("--carbon-price: expected a number of USD per tonne between 0 and 1e6, found '%s'",
                         shown(optarg, ob, sizeof ob));
        break;
    case OPT_VIA:
        if (compare == 1)
            return USAGE("--via: corridors define their own via places; use route --via");
        if (a->nvia >= COR_MAX_VIA)
            return USAGE("--via: at most %u places", COR_MAX_VIA);
        a->via[a->nvia++] = optarg;
        break;
    case OPT_AVOID:
        if (a->navoid >= COR_MAX_AVOID)
            return USAGE("--avoid: at most %u items", COR_MAX_AVOID);
        a->avoid[a->navoid++] = optarg;
        break;
    case OPT_MODES: a->modes = optarg; break;
    case OPT_YEAR:
        if (route_parse_double(optarg, 1800, 2200, &v) || v != (int)v)
            return USAGE("--year: expected a year between 1800 and 2200, found '%s'", shown(optarg, ob, sizeof ob));
        a->year = (int)v;
        a->year_given = 1;
        break;
    case OPT_FORMAT: a->format = optarg; break;
    case OPT_DEPART: {
        /* YYYY-MM-DD or YYYY-MM: the month closes and slows (seasons.csv) */
        int y = 0, m = 0, dd = 0, used = 0;
        size_t len = strlen(optarg);
        int ok = (len == 10 && sscanf(optarg, "%4d-%2d-%2d%n", &y, &m, &dd, &used) == 3 && used == 10) ||
                 (len == 7 && sscanf(optarg, "%4d-%2d%n", &y, &m, &used) == 2 && used == 7 && (dd = 1));
        static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        if (!ok || y < 1800 || y > 2200 || m < 1 || m > 12 || dd < 1 || dd > mdays[m - 1] ||
            (m == 2 && dd == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)))
            return USAGE("--depart: expected a date YYYY-MM-DD (or YYYY-MM) between 1800 and 2200, found '%s'",
                         shown(optarg, ob, sizeof ob));
        a->depart = optarg;
        a->depart_year = y;
        a->depart_month = m;
        a->depart_day = dd;
        break;
    }
    case OPT_RUNS:
    case OPT_SEED:
    case OPT_THREADS:
    case OPT_DEADLINE:
        if (compare != 3)
            return USAGE("--%s is for simulate", n);
        if (o->id == OPT_RUNS) {
            if (route_parse_double(optarg, 1, COR_SIM_MAX_RUNS, &v) || v != floor(v))
                return USAGE("--runs: expected a whole number of runs between 1 and %u, found '%s'", COR_SIM_MAX_RUNS,
                             shown(optarg, ob, sizeof ob));
            a->runs = (uint64_t)v;
        } else if (o->id == OPT_SEED) {
            if (route_parse_double(optarg, 0, 9007199254740992.0, &v) || v != floor(v))
                return USAGE("--seed: expected a whole number between 0 and 2^53, found '%s'",
                             shown(optarg, ob, sizeof ob));
            a->seed = (uint64_t)v;
        } else if (o->id == OPT_THREADS) {
            if (route_parse_double(optarg, 1, COR_SIM_MAX_THREADS, &v) || v != floor(v))
                return USAGE("--threads: expected a whole number between 1 and %u, found '%s'", COR_SIM_MAX_THREADS,
                             shown(optarg, ob, sizeof ob));
            a->threads = (unsigned)v;
        } else if (route_parse_double(optarg, 0.01, 1000, &a->deadline)) {
            return USAGE("--deadline: expected days between 0.01 and 1000, found '%s'", shown(optarg, ob, sizeof ob));
        }
        break;
    case OPT_WIDE:
        if (compare == 2)
            return USAGE("--wide is for tables; tcd draws a chart");
        a->wide = 1;
        break;
    case OPT_OUT: a->out = optarg; break;
    case OPT_NETWORK: a->network = optarg; break;
    case OPT_SCENARIO:
        if (a->nscenario >= MAX_SCENARIOS)
            return USAGE("--scenario: at most %d scenarios", MAX_SCENARIOS);
        a->scenario[a->nscenario++] = optarg;
        break;
    case OPT_SCENARIOS:
        if (compare != 1)
            return USAGE("--scenarios is for compare; use --scenario NAME (repeatable)");
        a->scenarios = optarg;
        break;
    case OPT_PARETO:
        if (compare == 1)
            return USAGE("--pareto is for route");
        a->pareto = 1;
        break;
    case OPT_ALTERNATIVES:
        if (compare == 1)
            return USAGE("--alternatives is for route");
        if (route_parse_double(optarg, 1, COR_MAX_ALTERNATIVES, &v) || v != (int)v)
            return USAGE("--alternatives: expected a whole number of routes between 1 and %u, found '%s'",
                         COR_MAX_ALTERNATIVES, shown(optarg, ob, sizeof ob));
        a->alternatives = (unsigned)v;
        break;
    case OPT_PAYLOAD:
        if (route_parse_double(optarg, 0.1, 40, &a->payload))
            return USAGE("--payload-t: expected tonnes of cargo per TEU between 0.1 and 40, found '%s'",
                         shown(optarg, ob, sizeof ob));
        break;
    case OPT_EMPTY:
        if (route_parse_double(optarg, 0, 1, &a->empty))
            return USAGE("--empty-running: expected a share between 0 and 1 (0.25 = 25 %% more tonne-km), found '%s'",
                         shown(optarg, ob, sizeof ob));
        break;
    case OPT_FACTORS: a->factors = optarg; break;
    case OPT_MAX_LABELS:
        if (route_parse_double(optarg, 1, 1e8, &v) || v != floor(v))
            return USAGE("--max-labels: expected a whole number between 1 and 100000000, found '%s'",
                         shown(optarg, ob, sizeof ob));
        a->max_labels = (unsigned)v;
        break;
    case OPT_MAX_WORK:
        if (route_parse_double(optarg, 1, 1e10, &v) || v != floor(v))
            return USAGE("--max-work: expected a whole number of states between 1 and 10000000000, "
                         "found '%s'", shown(optarg, ob, sizeof ob));
        a->max_work = (uint64_t)v;
        break;
    case OPT_RESTRICTIONS: a->restrictions = optarg; break;
    case OPT_BOX: a->box = optarg; break;
    case OPT_CARGO:
        if (route_parse_double(optarg, 0.01, 100, &a->cargo))
            return USAGE("--cargo-t: expected tonnes of cargo in the box between 0.01 and 100, found '%s'",
                         shown(optarg, ob, sizeof ob));
        break;
    case OPT_GAZETTEER: a->gazetteer = optarg; break; /* cities (cli_gazetteer.c) */
    case OPT_GENERIC_SEA:
    case OPT_GENERIC_WAIT:
        if (compare)
            return USAGE("%s is for route", o->id == OPT_GENERIC_SEA ? "--generic-sea" : "--generic-wait");
        if (o->id == OPT_GENERIC_SEA)
            a->generic_sea = 1;
        else if (route_parse_double(optarg, 1, 10000, &a->generic_wait))
            return USAGE("--generic-wait: expected hours between 1 and 10000, found '%s'", shown(optarg, ob, sizeof ob));
        break;
    case OPT_AVOID_COUNTRY:
        if (!(strlen(optarg) == 2 && optarg[0] >= 'A' && optarg[0] <= 'Z' && optarg[1] >= 'A' && optarg[1] <= 'Z'))
            return USAGE("--avoid-country: expected an ISO 3166 alpha-2 code such as IR, found '%s'",
                         shown(optarg, ob, sizeof ob));
        if (a->navoid_countries >= COR_MAX_AVOID_COUNTRIES)
            return USAGE("--avoid-country: at most %u countries", COR_MAX_AVOID_COUNTRIES);
        memcpy(a->avoid_countries[a->navoid_countries++], optarg, 3);
        break;
    case OPT_EPSILON:
        if (route_parse_double(optarg, 0, COR_MAX_EPSILON, &v) || (v > 0 && v < COR_MIN_EPSILON))
            return USAGE("--pareto-epsilon: expected 0 (exact) or a share between 1e-9 and 1000 "
                         "(0.01 = 1 %%), found '%s'", shown(optarg, ob, sizeof ob));
        a->epsilon = v;
        break;
    case OPT_VERBOSE:
        if (compare != 0 && compare != 4)
            return USAGE("--verbose is for route and assign");
        a->verbose = 1;
        break;
    case OPT_YEARS:
    case OPT_GROWTH:
    case OPT_GROWTH_FILE:
    case OPT_ALGO:
    case OPT_LOGIT:
    case OPT_GAP:
    case OPT_MAX_ITER:
    case OPT_TOP:
    case OPT_TNTP:
        if (compare != 4)
            return USAGE("--%s is for assign", n);
        if (o->id == OPT_TNTP)
            a->tntp = optarg;
        else if (o->id == OPT_YEARS) {
            int y0, y1, used = 0;
            if (sscanf(optarg, "%d-%d%n", &y0, &y1, &used) != 2 || optarg[used] || y0 < 1800 || y1 > 2200 || y1 < y0 ||
                y1 - y0 > 100)
                return USAGE("--years: expected FIRST-LAST such as 2026-2035 (at most 101 years, 1800-2200), found '%s'",
                             shown(optarg, ob, sizeof ob));
            a->year0 = y0, a->year1 = y1;
        } else if (o->id == OPT_GROWTH) {
            if (route_parse_double(optarg, -0.5, 2, &a->growth))
                return USAGE("--growth: expected a rate per year between -0.5 and 2 (0.13 = 13 %%), found '%s'",
                             shown(optarg, ob, sizeof ob));
            a->growth_given = 1;
        } else if (o->id == OPT_GROWTH_FILE)
            a->growth_file = optarg;
        else if (o->id == OPT_ALGO)
            a->algo = optarg;
        else if (o->id == OPT_LOGIT) {
            if (route_parse_double(optarg, 1e-9, 1e6, &a->logit))
                return USAGE("--logit: expected a dispersion above 0 (per USD of generalized cost per TEU, e.g. 0.002), "
                             "found '%s'", shown(optarg, ob, sizeof ob));
        } else if (o->id == OPT_GAP) {
            if (route_parse_double(optarg, 1e-15, 1, &a->gap))
                return USAGE("--gap: expected a relative gap between 1e-15 and 1, found '%s'", shown(optarg, ob, sizeof ob));
        } else if (o->id == OPT_MAX_ITER) {
            if (route_parse_double(optarg, 1, 1e7, &v) || v != floor(v))
                return USAGE("--max-iter: expected a whole number between 1 and 10000000, found '%s'",
                             shown(optarg, ob, sizeof ob));
            a->max_iter = (unsigned)v;
        } else {
            if (route_parse_double(optarg, 1, 1e6, &v) || v != floor(v))
                return USAGE("--top: expected a whole number between 1 and 1000000, found '%s'", shown(optarg, ob, sizeof ob));
            a->top = (unsigned)v;
        }
        break;
    default: return USAGE("unknown option '--%s'", n);
    }
#undef USAGE
    return 0;
}

int route_args_check(const route_args *a, cli_err *e)
{
    if (a->pareto && a->alternatives)
        return fail(e, COR_EUSAGE, "pareto", "--pareto and --alternatives cannot be combined");
    if (a->cargo >= 0 && a->payload > 0)
        return fail(e, COR_EUSAGE, "cargo-t", "--cargo-t and --payload-t both give the cargo; use one (--cargo-t is per box)");
    if (a->generic_wait > 0 && !a->generic_sea)
        return fail(e, COR_EUSAGE, "generic-wait", "--generic-wait needs --generic-sea");
    if (a->by_p95 && (a->pareto || a->alternatives))
        return fail(e, COR_EUSAGE, "by", "--by p95 chooses one route; it does not combine with %s",
                    a->pareto ? "--pareto" : "--alternatives");
    if ((a->pareto || a->alternatives) && a->nvia)
        return fail(e, COR_EUSAGE, "via", "%s does not take --via", a->pareto ? "--pareto" : "--alternatives");
    return 0;
}

void route_option_warnings(const route_args *a, cor_warnings *w)
{
    const char *what = a->pareto ? "--pareto" : a->alternatives ? "--alternatives" : NULL;
    if (a->max_labels && !a->pareto)
        cor_warn(w, COR_WARN_OPTION, "--max-labels has no effect without --pareto");
    if (a->epsilon > 0 && !a->pareto)
        cor_warn(w, COR_WARN_OPTION, "--pareto-epsilon has no effect without --pareto");
    if (a->max_work && !a->alternatives)
        cor_warn(w, COR_WARN_OPTION, "--max-work has no effect without --alternatives%s%s",
                 what ? " (it does not bound " : "", what ? "--pareto: --max-labels does)" : "");
    if (a->wide && strcmp(a->format, "table") != 0)
        cor_warn(w, COR_WARN_OPTION, "--wide has no effect with --format %s (it widens tables)", a->format);
    if (strcmp(a->cmd, "tcd") == 0 && strcmp(a->format, "table") != 0)
        cor_warn(w, COR_WARN_OPTION, "--format has no effect on tcd: the extension of --out chooses the chart's "
                 "format, and --csv writes the series");
    if ((a->payload > 0 || a->empty > 0 || a->factors) && strcmp(a->cmd, "tcd") == 0 && strcmp(a->by, "co2") != 0 &&
        strcmp(a->by, "generalized") != 0)
        cor_warn(w, COR_WARN_OPTION, "%s changes only CO2e, which a time/cost-distance chart does not draw",
                 a->payload > 0 ? "--payload-t" : a->empty > 0 ? "--empty-running" : "--factors");
}

void route_year_warning(const route_args *a, const cor_network *net, cor_warnings *ws)
{
    if (a->year_given && cor_network_year(net) && cor_network_year(net) != a->year)
        cor_warn(ws, COR_WARN_OPTION, "--year %d overrides the year %d that the scenarios set", a->year,
                 cor_network_year(net));
}

int route_make_query(const route_args *a, cor_query *q, cor_format *fmt, cli_err *e)
{
    char ob[256];
    cor_query_init(q, a->year);
    if (cor_objective_parse(a->by, &q->by) != 0)
        return fail(e, COR_EUSAGE, "by", "--by: unknown objective '%s' (expected time, cost, co2, distance or generalized)",
                    shown(a->by, ob, sizeof ob));
    q->value_of_time_usd_per_teu_day = a->vot;
    q->carbon_price_usd_per_t = a->cp;
    q->payload_t_per_teu = a->payload;
    q->empty_running = a->empty;
    q->generic_sea = a->generic_sea;
    q->generic_wait_hours = a->generic_wait;
    q->depart_month = a->depart_month;
    if (a->depart && !a->year_given)
        q->year = a->depart_year; /* links open in the year of departure */
    if (cor_format_parse(a->format, fmt) != 0)
        return fail(e, COR_EUSAGE, "format", "--format: unknown format '%s' (expected %s)",
                    shown(a->format, ob, sizeof ob), cor_format_names());
    if (a->modes) {
        /* each comma-separated part in place: no copy, so nothing is cut */
        const char *p = a->modes;
        for (;;) {
            const char *c = strchr(p, ',');
            size_t len = c ? (size_t)(c - p) : strlen(p);
            cor_mode m;
            char tok[16];
            if (len == 0) {
                if (!c && p != a->modes)
                    break; /* a trailing comma */
                return fail(e, COR_EUSAGE, "modes", "--modes: empty mode name in '%s'", shown(a->modes, ob, sizeof ob));
            }
            if (len >= sizeof tok || (memcpy(tok, p, len), tok[len] = '\0', cor_mode_parse(tok, &m) != 0)) {
                char part[128];
                snprintf(part, sizeof part, "%.*s", (int)(len > 100 ? 100 : len), p);
                return fail(e, COR_EUSAGE, "modes",
                            "--modes: unknown mode '%s' (expected sea, feeder, rail, road, ferry or iww)",
                            shown(part, ob, sizeof ob));
            }
            q->modes |= 1u << m;
            if (!c)
                break;
            p = c + 1;
        }
        if (!q->modes)
            return fail(e, COR_EUSAGE, "modes", "--modes: empty list");
    }
    return 0;
}

/* Append " Name (ID)" items to e->msg. */
static void append(cli_err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void append(cli_err *e, const char *fmt, ...)
{
    size_t len = strlen(e->msg);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg + len, sizeof e->msg - len, fmt, ap);
    va_end(ap);
}

int route_resolve_place(const cor_network *net, const char *param, const char *arg, uint32_t *node, cli_err *e)
{
    uint32_t sugg[3];
    char ob[256];
    const char *p = param[0] == '-' ? param + 2 : param;
    if (strlen(arg) > COR_MAX_NAME_BYTES)
        return fail(e, COR_EUSAGE, p, "%s: a place name is at most %u bytes long; '%s' is %zu", param,
                    COR_MAX_NAME_BYTES, shown(arg, ob, sizeof ob), strlen(arg));
    if (cor_network_find_node(net, arg, node, sugg, 3) == COR_OK)
        return 0;
    uint32_t cand[8];
    uint32_t nc = cor_network_find_candidates(net, arg, cand, 8);
    if (nc >= 2) {
        /* never guess between places: name the candidates */
        fail(e, COR_EUSAGE, p, "%s: '%s' is ambiguous: it names %u places:", param, shown(arg, ob, sizeof ob), nc);
        for (uint32_t i = 0; i < nc && i < 8; i++) {
            const cor_node *n = cor_network_node(net, cand[i]);
            append(e, "%s %s (%s)", i ? "," : "", n->name, n->id);
            e->cand[e->ncand++] = cand[i];
        }
        append(e, "%s", nc > 8 ? ", ..." : "");
        snprintf(e->hint, sizeof e->hint, "Name one by its id or its full name.");
        return -1;
    }
    fail(e, COR_ENOTFOUND, p, "%s: unknown place '%s'", param, shown(arg, ob, sizeof ob));
    if (sugg[0] != COR_NONE) {
        append(e, " (did you mean");
        for (int i = 0; i < 3 && sugg[i] != COR_NONE; i++) {
            const cor_node *n = cor_network_node(net, sugg[i]);
            append(e, "%s %s (%s)", i ? "," : "", n->name, n->id);
            e->cand[e->ncand++] = sugg[i];
        }
        append(e, "?)");
    }
    snprintf(e->hint, sizeof e->hint, "Try 'corridor nodes QUERY' to search places.");
    return -1;
}

/* --restrictions LIST against a network: "none", or ids to put in force,
 * "default" for the network's defaults, "-id" to lift one. */
static int resolve_restrictions(const route_args *a, const cor_network *net, cor_query *q, cli_err *e)
{
    q->restrictions_given = 0;
    q->restrictions = 0;
    if (!a->restrictions)
        return 0;
    char ob[256];
    q->restrictions_given = 1;
    if (strcmp(a->restrictions, "none") == 0)
        return 0;
    for (const char *p = a->restrictions;;) {
        const char *c = strchr(p, ',');
        size_t len = c ? (size_t)(c - p) : strlen(p);
        char tok[128];
        if (len == 0 || len >= sizeof tok)
            return fail(e, COR_EUSAGE, "restrictions",
                        "--restrictions: expected none, default, or regime ids separated by commas "
                        "(-ID lifts one), found '%s'", shown(a->restrictions, ob, sizeof ob));
        memcpy(tok, p, len);
        tok[len] = '\0';
        int lift = tok[0] == '-';
        if (strcmp(tok, "default") == 0) {
            q->restrictions |= cor_network_default_restrictions(net);
        } else {
            uint32_t r = cor_network_find_restriction(net, tok + lift);
            if (r == COR_NONE) {
                char list[1024] = "";
                for (uint32_t i = 0; i < cor_network_restriction_count(net); i++) {
                    strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
                    strncat(list, cor_network_restriction(net, i)->id, sizeof list - strlen(list) - 1);
                }
                return fail(e, COR_EUSAGE, "restrictions",
                            "--restrictions: unknown regime '%s' (the network's: %s; see 'corridor "
                            "restrictions')", shown(tok + lift, ob, sizeof ob), list[0] ? list : "none");
            }
            if (lift)
                q->restrictions &= ~((uint64_t)1 << r);
            else
                q->restrictions |= (uint64_t)1 << r;
        }
        if (!c)
            break;
        p = c + 1;
    }
    return 0;
}

/* --box and --cargo-t (or --payload-t per TEU) against the network's box
 * tables (boxes.csv, box_rules.csv, road_limits.csv). */
static int resolve_box(const route_args *a, const cor_network *net, cor_query *q, cli_err *e)
{
    cor_diag d;
    if (cor_diag_init(&d, 20) != COR_OK)
        return fail(e, COR_ENOMEM, "", "out of memory");
    cor_boxes *bx = NULL;
    cor_status s = cor_boxes_load(cor_network_dir(net), &bx, &d);
    if (s != COR_OK) {
        /* bad input data: every error as print_diag prints it */
        fail(e, s, "box", "%s", "");
        e->raw = 1;
        char buf[COR_DIAG_TEXT + 512];
        for (size_t i = 0; i < d.count; i++) {
            cor_error_format(&d.items[i], buf, sizeof buf);
            append(e, "%s%s%s", i ? "\n" : "", d.items[i].file[0] ? "" : "corridor: ", buf);
        }
        if (d.dropped)
            append(e, "\n... and %zu more errors", d.dropped);
        if (d.count == 0)
            append(e, "corridor: %s", cor_status_message(s));
        cor_diag_destroy(&d);
        return -1;
    }
    /* without --box: a 20', or the table's first type if it has none */
    const char *id = a->box ? a->box : "20";
    int has20 = 0;
    for (uint32_t i = 0; i < cor_boxes_type_count(bx); i++)
        has20 |= strcmp(cor_boxes_type(bx, i)->id, "20") == 0;
    if (!a->box && !has20)
        id = cor_boxes_type(bx, 0)->id;
    double cargo = a->cargo;
    if (a->payload > 0) { /* per TEU: the box's cargo is payload x its TEU */
        for (uint32_t i = 0; i < cor_boxes_type_count(bx); i++) {
            const cor_box_type *t = cor_boxes_type(bx, i);
            if (strcmp(t->id, id) != 0)
                continue;
            cargo = a->payload * t->teu;
            if (cargo > t->max_gross_t - t->tare_t + 1e-9) {
                double most = floor((t->max_gross_t - t->tare_t) / t->teu * 10 + 1e-9) / 10;
                fail(e, COR_EUSAGE, "payload-t", "--payload-t %g: a %s box carries at most %.1f t of cargo per TEU (%.2f t "
                     "gross less %.2f t tare, over %g TEU); --cargo-t gives the cargo per box", a->payload, t->name, most, t->max_gross_t, t->tare_t, t->teu);
                cor_boxes_free(bx);
                cor_diag_destroy(&d);
                return -1;
            }
        }
    }
    s = cor_box_resolve(bx, id, cargo, &q->box, &d);
    cor_boxes_free(bx);
    if (s != COR_OK) {
        fail(e, COR_EUSAGE, a->cargo >= 0 && a->box ? "box" : a->cargo >= 0 ? "cargo-t" : "box", "%s",
             d.count ? d.items[0].msg : "--box: bad box");
        cor_diag_destroy(&d);
        return -1;
    }
    cor_diag_destroy(&d);
    return 0;
}

int route_resolve_options(const route_args *a, const cor_network *net, cor_query *q, cli_err *e)
{
    if (resolve_restrictions(a, net, q, e) || resolve_box(a, net, q, e))
        return -1;
    q->navoid_countries = a->navoid_countries;
    memcpy(q->avoid_countries, a->avoid_countries, sizeof q->avoid_countries);
    q->nvia = q->navoid_nodes = q->navoid_links = 0;
    for (unsigned i = 0; i < a->nvia; i++)
        if (route_resolve_place(net, "--via", a->via[i], &q->via[q->nvia++], e))
            return -1;
    for (unsigned i = 0; i < a->navoid; i++) {
        uint32_t x = cor_network_find_passage(net, a->avoid[i]);
        if (x != COR_NONE) {
            q->avoid_passages |= (uint64_t)1 << x;
            continue;
        }
        x = cor_network_find_link(net, a->avoid[i]);
        if (x != COR_NONE) {
            q->avoid_links[q->navoid_links++] = x;
            continue;
        }
        if (route_resolve_place(net, "--avoid", a->avoid[i], &x, e))
            return -1;
        q->avoid_nodes[q->navoid_nodes++] = x;
    }
    return 0;
}

int route_resolve_trip(const route_args *a, const cor_network *net, const char *from_arg, const char *to_arg,
                       cor_query *q, uint32_t *from, uint32_t *to, cli_err *e)
{
    if (!a->year_given && cor_network_year(net))
        q->year = cor_network_year(net);
    if (route_resolve_place(net, "FROM", from_arg, from, e) || route_resolve_place(net, "TO", to_arg, to, e))
        return -1;
    if (*from == *to)
        return fail(e, COR_EUSAGE, "to", "FROM and TO are the same place (%s)", cor_network_node(net, *from)->name);
    return route_resolve_options(a, net, q, e);
}

void tcd_set_init(tcd_set *t)
{
    memset(t, 0, sizeof *t);
    cor_compare_init(&t->cmp);
    cor_path_set_init(&t->ps);
}

void tcd_set_destroy(tcd_set *t)
{
    for (size_t i = 0; t->series && i < t->nseries; i++)
        cor_tcd_series_destroy(&t->series[i]);
    free(t->series);
    free(t->absent_name);
    free(t->absent_why);
    for (uint32_t i = 0; t->its && i < t->ps.n; i++)
        cor_itinerary_destroy(&t->its[i]);
    free(t->its);
    cor_path_set_destroy(&t->ps);
    cor_filter_destroy(&t->f);
    cor_compare_destroy(&t->cmp);
    memset(t, 0, sizeof *t);
}

cor_status tcd_set_make(tcd_set *t, const route_args *a, const cor_graph *g, const cor_query *qp, uint32_t from,
                        uint32_t to, cor_warnings *warns, cor_diag *d)
{
    const cor_query *q = qp;
    const cor_network *net = g->net;
    cor_status s = COR_OK;
    if (a->tcd_compare) {
        s = cor_compare_run(&t->cmp, g, q, "base", from, to, d);
        t->series = calloc(t->cmp.n + 1, sizeof *t->series);
        if (s == COR_OK && !t->series)
            s = COR_ENOMEM;
        t->absent_name = calloc(t->cmp.n + 1, sizeof *t->absent_name);
        t->absent_why = calloc(t->cmp.n + 1, sizeof *t->absent_why);
        if (s == COR_OK && (!t->absent_name || !t->absent_why))
            s = COR_ENOMEM;
        for (size_t i = 0; s == COR_OK && i < t->cmp.n; i++) {
            const cor_compare_item *x = t->cmp.items[i];
            if (x->status != COR_OK) {
                /* listed in the chart's legend, with the reason */
                t->absent_name[t->nabsent] = x->corridor ? x->corridor->name : "best";
                t->absent_why[t->nabsent++] = x->applicable ? x->reason : x->reason_text;
                continue;
            }
            cor_itinerary_warnings(&x->it, warns);
            s = cor_tcd_series_build(&x->it, x->corridor ? x->corridor->name : "best", &t->series[t->nseries]);
            if (s == COR_OK)
                t->nseries++;
        }
    } else {
        s = cor_filter_init(&t->f, g, q, d);
        if (s == COR_OK) {
            cor_budget b = {a->max_labels, a->max_work, a->epsilon};
            if (a->pareto)
                s = cor_pareto(&t->f, q, from, to, &b, &t->ps, d);
            else if (a->alternatives)
                s = cor_k_shortest(&t->f, q, from, to, a->alternatives, &b, &t->ps, d);
            else {
                cor_workspace *ws = cor_workspace_new();
                if (!ws)
                    s = COR_ENOMEM;
                if (s == COR_OK) {
                    t->ps.paths = calloc(1, sizeof *t->ps.paths);
                    if (!t->ps.paths)
                        s = COR_ENOMEM;
                    else {
                        t->ps.n = t->ps.cap = 1;
                        cor_path_init(&t->ps.paths[0]);
                        s = cor_shortest_path(&t->f, q, ws, from, to, &t->ps.paths[0], d);
                    }
                }
                cor_workspace_free(ws);
            }
        }
        if (s == COR_OK) {
            t->its = calloc(t->ps.n ? t->ps.n : 1, sizeof *t->its);
            t->series = calloc(t->ps.n ? t->ps.n : 1, sizeof *t->series);
            if (!t->its || !t->series)
                s = COR_ENOMEM;
        }
        for (uint32_t i = 0; s == COR_OK && i < t->ps.n; i++)
            cor_itinerary_init(&t->its[i]);
        for (uint32_t i = 0; s == COR_OK && i < t->ps.n; i++) {
            s = cor_itinerary_build(&t->its[i], &t->f, q, &t->ps.paths[i], d);
            if (s == COR_OK)
                cor_itinerary_warnings(&t->its[i], warns);
            char name[160], legs[140] = "";
            if (s == COR_OK)
                cor_tcd_route_name(&t->its[i], legs, sizeof legs);
            if (t->ps.n == 1)
                snprintf(name, sizeof name, "best by %s, %s", cor_objective_name(q->by), legs);
            else
                snprintf(name, sizeof name, "%u: %s", i + 1, legs); /* which route it is, by its main legs */
            if (s == COR_OK)
                s = cor_tcd_series_build(&t->its[i], name, &t->series[t->nseries]);
            if (s == COR_OK)
                t->nseries++;
        }
    }
    if (s == COR_OK && t->nseries == 0)
        s = COR_ENOROUTE;
    if (s != COR_OK)
        return s;
    /* two names of at most COR_MAX_NAME_BYTES and a few words: never cut */
    snprintf(t->title, sizeof t->title, "%s -> %s: %s", cor_network_node(net, from)->name,
             cor_network_node(net, to)->name,
             a->tcd_compare ? "corridors compared" : a->pareto ? "trade-offs (time, cost, CO2e)"
                                                 : a->alternatives ? "alternatives" : "best route");
    if (q->box.set && q->box.cargo_t > 0) { /* the box the figures are for */
        size_t tl = strlen(t->title);
        snprintf(t->title + tl, sizeof t->title - tl, ", one %s box, %.1f t of cargo", q->box.name, q->box.cargo_t);
    }
    /* the subtitle: objective, year, scenario */
    char gen[160] = "";
    if (q->by == COR_BY_GENERALIZED)
        snprintf(gen, sizeof gen, " (USD + %g USD/TEU-day + %g USD/t CO2e)", q->value_of_time_usd_per_teu_day,
                 q->carbon_price_usd_per_t);
    char *sub = t->subtitle;
    size_t size = sizeof t->subtitle;
    int k = snprintf(sub, size, "%s%s%s, links open in %d; scenario: ",
                     a->pareto ? "trade-offs listed by time; objective " : "best by ", cor_objective_name(q->by), gen,
                     q->year);
    for (unsigned i = 0; i < a->nscenario && k > 0 && (size_t)k < size; i++)
        k += snprintf(sub + k, size - (size_t)k, "%s%s", i ? " + " : "", a->scenario[i]);
    if (!a->nscenario && k > 0 && (size_t)k < size)
        snprintf(sub + k, size - (size_t)k, "none (the network as shipped)");
    t->chart = (cor_tcd_chart){t->title, t->subtitle, t->absent_name, t->absent_why, t->nabsent,
                               cor_box_unit(cor_query_box(q))};
    return COR_OK;
}
