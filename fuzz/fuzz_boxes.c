/* fuzz_boxes.c -- boxes.csv (box.h) of a network folder. */
#define FUZZ_FILE "boxes.csv"
#include "fuzz_box.h"
