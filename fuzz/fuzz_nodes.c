/* fuzz_nodes.c -- nodes.csv of a network folder. */
#define FUZZ_FILE "nodes.csv"
#include "fuzz_network.h"
