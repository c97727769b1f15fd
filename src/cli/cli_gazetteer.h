/*
 * cli_gazetteer.h -- the command line's side of cities (gazetteer.h,
 * access.h): where the gazetteer file is, resolving FROM and TO to a node
 * or a city with the messages a person needs, and `nodes --city NAME`.
 * Internal to src/cli.
 */
#ifndef COR_CLI_GAZETTEER_H
#define COR_CLI_GAZETTEER_H

#include <stdint.h>

#include "corridor/access.h"
#include "corridor/gazetteer.h"
#include "corridor/model.h"
#include "corridor/report.h"

/* getopt values of the options added here (apart from cli.c's enum). */
enum { CLI_OPT_GAZETTEER = 1000, CLI_OPT_CITY };

/* An end of a trip: a node, or a city that is not one. */
typedef struct cli_end {
    int is_city;
    uint32_t node;      /* COR_NONE for a city */
    cor_city city;      /* strings point into the gazetteer */
    char note[COR_DIAG_TEXT]; /* an ambiguous city name: which was taken ("" if none) */
} cli_end;

/* The gazetteer file: `opt` (--gazetteer), else $CORRIDOR_GAZETTEER, else
 * the build's default (data/gazetteer/cities.tsv of the source tree). */
const char *cli_gaz_path(const char *opt);

/* Resolve a FROM or TO argument: a network node (as ever), else a city of
 * the gazetteer (loaded into *gz on first need).  A name that names
 * several network nodes is refused with them (never a guess between
 * nodes); a name of several cities takes the most populous, and end->note
 * says which and the others (for the warnings).  Prints on standard error
 * the suggestions when nothing matches and how to install a missing
 * gazetteer.  Returns -1 when resolved, else the exit code. */
int cli_gaz_resolve(const cor_network *net, const char *prog, const char *cmd, const char *opt, const char *arg,
                    const char *gzopt, cor_gazetteer **gz, cli_end *end);

/* After compare or tcd found no node for FROM or TO: if either is a city
 * of the gazetteer (when installed), say that these commands take network
 * nodes and how to see the city's terminals.  Prints nothing otherwise. */
void cli_gaz_hint(const cor_network *net, const char *prog, const char *cmd, const char *from, const char *to,
                  const char *gzopt);

/* `corridor nodes --city NAME`: how NAME resolves and, for a city, its
 * first/last mile candidates.  Returns the exit code. */
int cli_gaz_nodes_city(const cor_network *net, const cor_graph *g, const char *prog, const char *arg,
                       const char *gzopt, cor_format fmt);

#endif
