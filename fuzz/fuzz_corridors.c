/* fuzz_corridors.c -- corridors.csv of a network folder. */
#define FUZZ_FILE "corridors.csv"
#include "fuzz_network.h"
