/*
 * options.h -- the options of route, compare and tcd: one table that the
 * command line (getopt_long over argv) and the HTTP API (query strings)
 * both parse, and the steps from options to a query that both front ends
 * share: building the query, resolving places, via, avoid and restriction
 * regimes, and the warnings about options that change nothing.
 *
 * Nothing here prints: a refusal fills a cli_err (the option's long name,
 * the message, the status), and the front end prints it (cli.c: "corridor
 * CMD: message") or sends it (the server: JSON with the HTTP status of the
 * status).  Not part of libcorridor.
 */
#ifndef COR_CLI_OPTIONS_H
#define COR_CLI_OPTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "corridor/compare.h"
#include "corridor/model.h"
#include "corridor/report.h"
#include "corridor/route.h"
#include "corridor/status.h"
#include "corridor/tcd.h"
#include "corridor/warn.h"

#define MAX_SCENARIOS 16

/* Which commands an option is for (bits of route_opt.cmds). */
enum { OPTC_ROUTE = 1, OPTC_COMPARE = 2, OPTC_TCD = 4, OPTC_ALL = 7 };
/* Options that name a file or folder of the machine that runs the command:
 * the server refuses them (route_opt.flags). */
enum { OPTF_FILE = 1 };

typedef struct route_opt {
    const char *name;  /* long name without "--" */
    int has_arg;       /* 1: takes a value; 0: a flag */
    int id;
    int flags;         /* OPTF_* */
} route_opt;

/* The table, ended by a row whose name is NULL. */
extern const route_opt route_opts[];
const route_opt *route_opt_find(const char *name);

/* Why an option, a place or a combination is refused. */
typedef struct cli_err {
    cor_status status;   /* COR_EUSAGE, or COR_ENOTFOUND for an unknown place */
    char param[40];      /* the option's long name, or "from" / "to" */
    char msg[1600];      /* one line, without the "corridor CMD: " prefix */
    char hint[160];      /* a second line for the command line, or "" */
    uint32_t cand[8];    /* the closest places (unknown) or the candidates (ambiguous) */
    unsigned ncand;
    int raw;             /* 1: msg is bad input data as print_diag prints it (lines, prefixed) */
} cli_err;

typedef struct route_args {
    const char *cmd;
    const char *network, *format, *out, *by;
    const char *via[COR_MAX_VIA];
    unsigned nvia;
    const char *avoid[COR_MAX_AVOID];
    unsigned navoid;
    const char *modes;
    const char *scenario[MAX_SCENARIOS];
    unsigned nscenario;
    const char *scenarios; /* compare: comma-separated list */
    double vot, cp;
    int year, year_given;
    int pareto;
    unsigned alternatives;
    unsigned max_labels;
    uint64_t max_work;
    double epsilon;          /* --pareto-epsilon */
    double payload, empty;
    const char *factors;
    int tcd_compare;       /* tcd --compare */
    const char *csv;       /* tcd --csv FILE */
    const char *restrictions;          /* --restrictions LIST */
    char avoid_countries[COR_MAX_AVOID_COUNTRIES][3];
    unsigned navoid_countries;
    int generic_sea;       /* --generic-sea */
    double generic_wait;   /* --generic-wait HOURS (0: the library's assumption) */
    const char *box;       /* --box TYPE (NULL: 20) */
    double cargo;          /* --cargo-t T (< 0: the type's typical load) */
    int wide;              /* --wide: tables with every column, lines not wrapped */
    const char *gazetteer; /* --gazetteer FILE (cli_gazetteer.c) */
    const char *depart;    /* --depart DATE (NULL: none) */
    int depart_year, depart_month, depart_day;
    uint64_t runs, seed;   /* simulate: --runs, --seed */
    unsigned threads;      /* simulate: --threads */
    double deadline;       /* simulate: --deadline DAYS (0: none) */
    int by_p95;            /* route --by p95 (by is then "time"): cor_route_by_p95 */
    /* assign DEMAND (cli_assign.c; route_opt_apply with compare = 4) */
    int year0, year1;      /* --years FIRST-LAST (0: one year) */
    double growth;         /* --growth RATE */
    int growth_given;
    const char *growth_file; /* --growth-file FILE */
    const char *algo;      /* --algo NAME */
    double logit;          /* --logit THETA (0: none) */
    int verbose;           /* --verbose: assign: the gap per iteration; route: which search ran, and why */
    double gap;            /* --gap G (0: the default) */
    unsigned max_iter;     /* --max-iter N (0: the default) */
    const char *tntp;      /* --tntp NET.tntp: assign a TNTP network (cli_assign_tntp.c) */
    unsigned top;          /* --top N bottlenecks (0: the default) */
} route_args;

/* The defaults (this year, by time, table) for command cmd. */
void route_args_init(route_args *a, const char *cmd);
/* Apply option o with value val (NULL for a flag) for command `compare`
 * (0 route, 1 compare, 2 tcd, 3 simulate, 4 assign).  0, or -1 and e filled. */
int route_opt_apply(route_args *a, const route_opt *o, const char *val, int compare, cli_err *e);
/* The checks across options once all are read.  0, or -1 and e filled. */
int route_args_check(const route_args *a, cli_err *e);
/* Build the query (places are resolved per network).  0, or -1. */
int route_make_query(const route_args *a, cor_query *q, cor_format *fmt, cli_err *e);
/* Resolve a place argument (param: "FROM", "TO", "--via", "--avoid"). */
int route_resolve_place(const cor_network *net, const char *param, const char *arg, uint32_t *node, cli_err *e);
/* Resolve --restrictions, --box and --cargo-t, --via and --avoid into q
 * against net. */
int route_resolve_options(const route_args *a, const cor_network *net, cor_query *q, cli_err *e);
/* Resolve FROM, TO, --via, --avoid and --restrictions into q against net;
 * the network's year (set by a scenario) stands unless --year was given. */
int route_resolve_trip(const route_args *a, const cor_network *net, const char *from_arg, const char *to_arg,
                       cor_query *q, uint32_t *from, uint32_t *to, cli_err *e);
/* Options that change nothing under the others. */
void route_option_warnings(const route_args *a, cor_warnings *w);
/* A scenario's year does not hold when --year is given. */
void route_year_warning(const route_args *a, const cor_network *net, cor_warnings *ws);
/* The series of a time/cost-distance chart (tcd): the best route, the
 * corridors (a->tcd_compare), the trade-offs or the alternatives, with the
 * chart's title and subtitle; what `corridor tcd` draws and GET /v1/tcd
 * answers.  tcd_set_init/destroy (caller-owned; destroy after a failed
 * make too). */
typedef struct tcd_set {
    cor_compare cmp;
    cor_filter f;
    cor_path_set ps;
    cor_itinerary *its;
    cor_tcd_series *series;
    size_t nseries, nabsent;
    const char **absent_name, **absent_why; /* corridors not drawn, and why */
    char title[1024], subtitle[1024];
    cor_tcd_chart chart;
} tcd_set;
void tcd_set_init(tcd_set *t);
void tcd_set_destroy(tcd_set *t);
/* Route and build the series on g; COR_ENOROUTE when nothing is drawn.
 * Itinerary warnings go to warns. */
cor_status tcd_set_make(tcd_set *t, const route_args *a, const cor_graph *g, const cor_query *q, uint32_t from,
                        uint32_t to, cor_warnings *warns, cor_diag *d);

/* A number as the CSV files write them, in [lo, hi]: 0, or -1. */
int route_parse_double(const char *s, double lo, double hi, double *v);

#endif
