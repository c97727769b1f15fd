/* fuzz_import_dimacs.c -- DIMACS .gr text (before a NUL byte) and .co text (after it). */
#include <string.h>
#include "corridor/import.h"
static cor_status parse_dimacs(const char *p, size_t n, cor_import **im, cor_diag *d)
{
    const char *nul = memchr(p, 0, n);
    if (!nul)
        return cor_import_dimacs_mem(p, n, "g.gr", NULL, 0, NULL, im, d);
    return cor_import_dimacs_mem(p, (size_t)(nul - p), "g.gr", nul + 1, n - (size_t)(nul - p) - 1, "g.co", im, d);
}
#define FUZZ_PARSE(p, n, im, d) parse_dimacs(p, n, im, d)
#include "fuzz_import.h"
