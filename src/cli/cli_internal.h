/*
 * cli_internal.h -- what the command-line tool's files share (cli.c, the
 * subcommands of browse.c): error printing, the default network, loading a
 * network with its scenarios, and warnings.  Not part of libcorridor.
 */
#ifndef COR_CLI_INTERNAL_H
#define COR_CLI_INTERNAL_H

#include <stddef.h>

#include "corridor/graph.h"
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
} world;

/* Load DIR with scenarios args[0..n) applied in order (factors: a factor
 * table or NULL); 0, or the exit code after printing why (w left empty). */
int world_load(world *w, const char *dir, const char *const *args, size_t n, const char *factors);
void world_free(world *w);

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
