/*
 * runner.h -- a minimal test runner: each test is a function; CHECK records
 * a failure with its location and goes on.  main() runs the list (or the
 * tests named on the command line) and ends with "N passed, N failed".
 */
#ifndef COR_TEST_RUNNER_H
#define COR_TEST_RUNNER_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "corridor/status.h"

extern int cor_test_failures;

#define CHECK(cond)                                                                     \
    do {                                                                                \
        if (!(cond)) {                                                                  \
            fprintf(stderr, "  %s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);  \
            cor_test_failures++;                                                        \
        }                                                                               \
    } while (0)

#define CHECK_NEAR(a, b, eps)                                                            \
    do {                                                                                 \
        double a_ = (a), b_ = (b);                                                       \
        if (!(fabs(a_ - b_) <= (eps))) {                                                 \
            fprintf(stderr, "  %s:%d: CHECK_NEAR failed: %s = %.9g, %s = %.9g\n", __FILE__, \
                    __LINE__, #a, a_, #b, b_);                                           \
            cor_test_failures++;                                                         \
        }                                                                                \
    } while (0)

/* Each test file exports a list of its tests, ended by {NULL, NULL};
 * test_main.c runs them all, in the order of cor_test_lists. */
typedef struct cor_test {
    const char *name;
    void (*fn)(void);
} cor_test;

extern const cor_test cor_tests_main[];   /* test_main.c */
extern const cor_test cor_tests_safety[]; /* test_safety.c: hardening */
extern const cor_test cor_tests_trust[];  /* test_trust.c: restrictions, services, calibration */
extern const cor_test cor_tests_generic[]; /* test_generic.c: generic sea services */
extern const cor_test cor_tests_corridor[]; /* test_corridor.c: what corridors mean, charts */
extern const cor_test cor_tests_quote[];   /* test_quote.c: quotes, GeoJSON stops, table width */
extern const cor_test cor_tests_warn[];    /* test_warn.c: warnings, browse helpers, add_service */
extern const cor_test cor_tests_box[];     /* test_box.c: boxes, their pricing and weight limits */
extern const cor_test cor_tests_large[];   /* test_large.c: imports, matrix, fast queries (issue 13) */
extern const cor_test cor_tests_cch[];     /* test_cch.c: customizable contraction hierarchies */

/* helpers.c: a network loaded with its errors on stderr (NULL if it does
 * not load), and a node by id or name (COR_NONE if none). */
struct cor_network;
struct cor_network *cor_test_load(const char *dir);
uint32_t cor_test_node(const struct cor_network *net, const char *q);

/* An import (im, from a parse that returned s with its errors in d)
 * written into a new folder under /tmp, loaded and its graph built: 0, or
 * -1 with the errors on stderr.  Takes im and d (freed, destroyed).
 * cor_test_world_free releases the network and graph and removes the
 * folder (safe after a failure). */
struct cor_graph;
struct cor_import;
typedef struct cor_test_world {
    char dir[64];
    struct cor_network *net;
    struct cor_graph *g;
} cor_test_world;
int cor_test_world_import(cor_test_world *w, struct cor_import *im, cor_status s, cor_diag *d);
void cor_test_world_free(cor_test_world *w);

#ifndef CORRIDOR_SOURCE_DIR
#define CORRIDOR_SOURCE_DIR "."
#endif

#endif
