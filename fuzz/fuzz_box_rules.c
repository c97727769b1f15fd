/* fuzz_box_rules.c -- box_rules.csv (box.h) of a network folder. */
#define FUZZ_FILE "box_rules.csv"
#include "fuzz_box.h"
