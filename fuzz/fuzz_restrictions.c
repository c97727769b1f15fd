/* fuzz_restrictions.c -- restrictions.csv of a network folder. */
#define FUZZ_FILE "restrictions.csv"
#include "fuzz_network.h"
