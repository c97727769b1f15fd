/* fuzz_borders.c -- borders.csv of a network folder. */
#define FUZZ_FILE "borders.csv"
#include "fuzz_network.h"
