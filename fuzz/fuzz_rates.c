/* fuzz_rates.c -- rates.csv (line-haul rates by mode and country) of a network folder. */
#define FUZZ_FILE "rates.csv"
#include "fuzz_network.h"
