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
#include "corridor/warn.h"
#include "options.h"

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

/* Why a FROM or TO is refused: nothing printed here; cli_gaz_print
 * prints it as the command line always has, the server sends it as JSON. */
typedef struct gaz_err {
    cor_status status;   /* COR_EUSAGE (too long, ambiguous), COR_ENOTFOUND (unknown, no gazetteer) */
    int no_gazetteer;    /* 1: not a node, and no gazetteer is installed */
    char param[16];      /* "from" or "to"; the option a city end does not take */
    char msg[4096];      /* the first line, without "corridor CMD: " */
    char hint[1024];     /* the lines after it, for the command line ("" if none) */
    uint32_t node[8];    /* the candidates (ambiguous) or the closest nodes (unknown) */
    unsigned nnode;
    int more;            /* ambiguous: more candidates than node[] holds */
    uint32_t city[3];    /* the closest cities (unknown): indices for cor_gazetteer_city */
    unsigned ncity;
} gaz_err;

/* A FROM or TO argument (opt: "FROM" or "TO") as a network node.  0: a
 * node (end filled); 1: no node has that name, try a city (cli_gaz_city);
 * -1: refused (too long, or it names several nodes: never a guess between
 * nodes), e filled. */
int cli_gaz_node(const cor_network *net, const char *opt, const char *arg, cli_end *end, gaz_err *e);
/* After cli_gaz_node gave 1: the argument as a city of gz (NULL: no
 * gazetteer is installed; gzpath the file that was looked for).  A name of
 * several cities takes the most populous, and end->note says which and the
 * others (for the warnings).  0 resolved, or -1 with e filled (unknown:
 * the closest nodes and cities; or no gazetteer).  gz is only read. */
int cli_gaz_city(const cor_network *net, const char *opt, const char *arg, const cor_gazetteer *gz,
                 const char *gzpath, cli_end *end, gaz_err *e);
/* Print e on standard error as "corridor CMD: MSG" and its hint lines;
 * returns the exit code. */
int cli_gaz_print(const char *cmd, const gaz_err *e);
/* Load the gazetteer at path (which exists); on failure print every bad
 * line and how to rebuild it, as "corridor CMD: ...".  -1 when loaded, else
 * the exit code. */
int cli_gaz_load(const char *cmd, const char *path, cor_gazetteer **gz);

/* Resolve a FROM or TO argument: a network node (as ever), else a city of
 * the gazetteer (loaded into *gz on first need): cli_gaz_node, then
 * cli_gaz_city, printing a refusal (cli_gaz_print) and how to install a
 * missing gazetteer.  Returns -1 when resolved, else the exit code. */
int cli_gaz_resolve(const cor_network *net, const char *prog, const char *cmd, const char *opt, const char *arg,
                    const char *gzopt, cor_gazetteer **gz, cli_end *end);

/* A route where FROM or TO is a city: first and last mile by road to the
 * best terminals (access.h).  What `corridor route CITY ...` prints and
 * GET /v1/route answers.  city_trip_init before, city_trip_destroy after
 * (also after a failure). */
typedef struct city_trip {
    cor_filter f;
    cor_workspace *ws;
    cor_access_end *ae; /* [2] */
    cor_path path;
    cor_access_leg first, last;
    cor_itinerary it;   /* on COR_OK: built, with the first and last mile */
} city_trip;
void city_trip_init(city_trip *t);
void city_trip_destroy(city_trip *t);
/* Route ends (either a city) under q on g.  Adds the warnings (an
 * ambiguous city, the assumed roads, the itinerary's) to warns and sets
 * t->it.warnings = warns.  COR_OK; or COR_EUSAGE (an option a city end
 * does not take: e->param names it), COR_ENOROUTE (e->msg says why, one
 * line), or another status with the errors in d (e->msg empty). */
cor_status city_trip_run(city_trip *t, const route_args *a, const cor_graph *g, const cor_query *q,
                         const cli_end *ends, cor_warnings *warns, cor_diag *d, gaz_err *e);

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
