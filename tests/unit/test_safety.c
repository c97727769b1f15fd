/*
 * test_safety.c -- unit tests of the hardening: inputs that are not
 * regular files, output files that must not destroy what they replace,
 * scenario values checked after they apply, and text that stays text.
 */
#include <stdlib.h>
#include <string.h>

#include "corridor/status.h"
#include "runner.h"

static void test_safety_placeholder(void)
{
    CHECK(cor_status_exit_code(COR_OK) == 0);
}

const cor_test cor_tests_safety[] = {
    {"safety_placeholder", test_safety_placeholder},
    {NULL, NULL},
};
