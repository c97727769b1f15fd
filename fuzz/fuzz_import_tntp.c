/* fuzz_import_tntp.c -- a TNTP _net.tntp file. */
#define FUZZ_PARSE(p, n, im, d) cor_import_tntp_mem(p, n, "net.tntp", im, d)
#include "fuzz_import.h"
