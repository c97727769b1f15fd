/* fuzz_transfers.c -- transfers.csv of a network folder. */
#define FUZZ_FILE "transfers.csv"
#include "fuzz_network.h"
