/*
 * cli_large.h -- the commands for large networks (import, matrix, build), kept
 * apart from cli.c; cli.c lists them in its dispatch table.
 */
#ifndef COR_CLI_LARGE_H
#define COR_CLI_LARGE_H

extern const char *cor_cli_import_help;
int cor_cli_import(int argc, char **argv);
extern const char *cor_cli_matrix_help;
int cor_cli_matrix(int argc, char **argv);
extern const char *cor_cli_build_help;
int cor_cli_build(int argc, char **argv);

#endif
