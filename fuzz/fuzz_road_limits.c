/* fuzz_road_limits.c -- road_limits.csv (box.h) of a network folder. */
#define FUZZ_FILE "road_limits.csv"
#include "fuzz_box.h"
