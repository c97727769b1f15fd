/* fuzz_terminals.c -- terminals.csv of a network folder. */
#define FUZZ_FILE "terminals.csv"
#include "fuzz_network.h"
