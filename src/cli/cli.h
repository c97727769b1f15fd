/*
 * cli.h -- the command-line tool as a function (see cli.c).
 */
#ifndef COR_CLI_H
#define COR_CLI_H

/* Run `corridor` with argv; returns the exit code.  Reentrant enough to be
 * called again (getopt state is reset per call). */
int corridor_main(int argc, char **argv);

#endif
