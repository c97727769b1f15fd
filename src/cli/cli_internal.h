/*
 * cli_internal.h -- what the command-line tool's files share (cli.c, the
 * subcommands of browse.c): error printing, the default network, loading a
 * network with its scenarios, and warnings.  Not part of libcorridor.
 */
#ifndef COR_CLI_INTERNAL_H
#define COR_CLI_INTERNAL_H

#include <stddef.h>
#include <stdio.h>

#include "corridor/graph.h"
#include "corridor/simulate.h"
#include "corridor/scenario.h"
#include "corridor/status.h"
#include "corridor/warn.h"

#include "options.h" /* MAX_SCENARIOS */

extern const char *prog;

/* Print "corridor CMD: message" and the --help hint; returns exit 2. */
int fail_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print every error of d; returns the exit code of s. */
int print_diag(const cor_diag *d, cor_status s);
/* Print each warning as "corridor: warning: message" on standard error. */
void print_warnings(const cor_warnings *w);
const char *default_network(void);
/* An argument as it may be echoed: control characters escaped, 80 columns. */
const char *shown(const char *arg, char *buf, size_t size);
/* The option getopt_long just refused, as written. */
const char *bad_option(int argc, char **argv, char *buf, size_t size);

/* A network with scenarios applied, and its graph. */
typedef struct world {
    const char *label;            /* "base" or the scenario's name */
    cor_scenario *sc[MAX_SCENARIOS + 1];
    size_t nsc;
    cor_network *net;
    cor_graph *g;
    cor_reliability *rel;         /* variability.csv, seasons.csv (simulate.h) */
} world;

/* Load DIR with scenarios args[0..n) applied in order (factors: a factor
 * table or NULL); 0, or the exit code after printing why (w left empty). */
int world_load(world *w, const char *dir, const char *const *args, size_t n, const char *factors);
void world_free(world *w);

/* The steps of route, compare, tcd and simulate (cli.c): parse the options
 * (compare: 0 route, 1 compare, 2 tcd, 3 simulate), build the query, refuse
 * an output that is an input, resolve FROM and TO (ends and gz NULL: places
 * only); each returns -1 to go on, or the exit code after printing why. */
struct cli_end;
struct cor_gazetteer;
struct cor_path_set;
int parse_route_args(int argc, char **argv, route_args *a, int compare);
int make_query(const route_args *a, cor_query *q, cor_format *fmt);
int check_outputs(const route_args *a, const char *dir, const char *const *extra, size_t nextra);
/* check_outputs, then world_load of --network (or the default) with the
 * command's scenarios: 0 when w is ready, else the exit code. */
int world_open(const route_args *a, world *w);
int resolve_trip(const route_args *a, const world *w, char **argv, cor_query *q, uint32_t *from, uint32_t *to,
                 struct cli_end *ends, struct cor_gazetteer **gz);
void warn_truncated(const char *cmd, const struct cor_path_set *ps, int pareto);
/* Write a file atomically (cor_outfile) with a writer callback. */
cor_status write_file(const char *path, cor_status (*fn)(FILE *, void *), void *ud, cor_diag *d);

int cmd_simulate(int argc, char **argv);
extern const char *simulate_help;
int cmd_serve(int argc, char **argv);
extern const char *serve_help;
int cmd_links(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_scenarios(int argc, char **argv);
extern const char *links_help, *show_help, *scenarios_help;
/* corridor sweep (sweep.c) */
int cmd_sweep(int argc, char **argv);
extern const char *sweep_help;

#endif
