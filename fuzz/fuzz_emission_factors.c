/* fuzz_emission_factors.c -- emission_factors.csv of a network folder. */
#define FUZZ_FILE "emission_factors.csv"
#include "fuzz_network.h"
