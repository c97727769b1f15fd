/* fuzz_modes.c -- modes.csv of a network folder. */
#define FUZZ_FILE "modes.csv"
#include "fuzz_network.h"
