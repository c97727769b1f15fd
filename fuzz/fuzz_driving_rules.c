/* fuzz_driving_rules.c -- driving_rules.csv of a network folder. */
#define FUZZ_FILE "driving_rules.csv"
#include "fuzz_network.h"
