/* fuzz_links.c -- links.csv of a network folder. */
#define FUZZ_FILE "links.csv"
#include "fuzz_network.h"
