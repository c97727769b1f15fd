/*
 * cli_large.h -- the commands for large networks (import, matrix, build), kept
 * apart from cli.c; cli.c lists them in its dispatch table.
 */
#ifndef COR_CLI_LARGE_H
#define COR_CLI_LARGE_H

#include <stdint.h>
#include <stdio.h>

#include "corridor/model.h"
#include "corridor/route.h"

extern const char *cor_cli_import_help;
int cor_cli_import(int argc, char **argv);
extern const char *cor_cli_matrix_help;
int cor_cli_matrix(int argc, char **argv);
/* A matrix as `corridor matrix` writes it (and /v1/matrix sends it): CSV, a
 * header row of destinations and a row per origin, an empty cell for no
 * route; or JSON (objective, unit, year, from, to, values with null for no
 * route).  v[i * nto + j]: INFINITY = no route. */
void cli_matrix_write(FILE *f, int json, const cor_network *net, const cor_query *q, const uint32_t *from,
                      uint32_t nfrom, const uint32_t *to, uint32_t nto, const double *v);
extern const char *cor_cli_build_help;
int cor_cli_build(int argc, char **argv);

#endif
