/* fuzz_sealanes.c -- sealanes.csv of a network folder. */
#define FUZZ_FILE "sealanes.csv"
#include "fuzz_network.h"
