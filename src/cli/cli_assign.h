/*
 * cli_assign.h -- `corridor assign DEMAND` (cli_assign.c): freight demand
 * assigned on the INSTC network with capacities, by year and scenario.
 * cli.c lists it in its dispatch table.
 */
#ifndef COR_CLI_ASSIGN_H
#define COR_CLI_ASSIGN_H

extern const char *cor_cli_assign_help;
int cor_cli_assign(int argc, char **argv);

#endif
