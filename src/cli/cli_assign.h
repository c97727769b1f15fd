/*
 * cli_assign.h -- `corridor assign DEMAND` (cli_assign.c): freight demand
 * assigned on the INSTC network with capacities, by year and scenario.
 * cli.c lists it in its dispatch table.
 */
#ifndef COR_CLI_ASSIGN_H
#define COR_CLI_ASSIGN_H

#include "corridor/assign.h"
#include "corridor/report.h"

extern const char *cor_cli_assign_help;
int cor_cli_assign(int argc, char **argv);

/* assign --tntp NET TRIPS (cli_assign_tntp.c), called by cor_cli_assign
 * once the options are read: a->tntp the network, trips the trip table. */
struct route_args;
int cor_cli_assign_tntp(const struct route_args *a, const char *trips, cor_assign_algo algo, cor_format fmt);

#endif
