/*
 * test_large.c -- unit tests of issue 13 (large networks): importers from
 * memory (locations of errors, allocation failures), and the matrix
 * against one-to-one queries on random imported graphs and on the shipped
 * network.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/core/alloc.h"
#include "../../src/model/internal.h"
#include "../../src/route/route_int.h"
#include "corridor/ch.h"
#include "corridor/graph.h"
#include "corridor/import.h"
#include "corridor/matrix.h"
#include "corridor/model.h"
#include "corridor/route.h"
#include "runner.h"

#define INSTC_DIR CORRIDOR_SOURCE_DIR "/data/instc"

/* An explicit, seeded generator (xorshift64*). */
static uint64_t rng_next(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ull;
}
static uint32_t rng_below(uint64_t *s, uint32_t n) { return (uint32_t)(rng_next(s) % n); }

/* A random DIMACS graph: n nodes on a ring (both ways, if ring) plus m
 * random arcs, integer weights 1..maxw, as text (caller frees). */
static char *random_dimacs(uint64_t *seed, uint32_t n, uint32_t m, uint32_t maxw, int ring, size_t *len)
{
    size_t cap = 64 + (size_t)(2 * n + m) * 40;
    char *buf = malloc(cap);
    if (!buf)
        return NULL;
    size_t w = (size_t)snprintf(buf, cap, "p sp %u %u\n", n, (ring ? 2 * n : 0) + m);
    for (uint32_t i = 0; ring && i < n; i++) {
        uint32_t j = (i + 1) % n;
        w += (size_t)snprintf(buf + w, cap - w, "a %u %u %u\na %u %u %u\n", i + 1, j + 1, 1 + rng_below(seed, maxw),
                              j + 1, i + 1, 1 + rng_below(seed, maxw));
    }
    for (uint32_t k = 0; k < m; k++)
        w += (size_t)snprintf(buf + w, cap - w, "a %u %u %u\n", 1 + rng_below(seed, n), 1 + rng_below(seed, n),
                              1 + rng_below(seed, maxw));
    *len = w;
    return buf;
}

typedef cor_test_world world;

/* Import DIMACS text into a temporary folder and load it. */
static int world_dimacs(world *w, const char *text, size_t len)
{
    cor_diag d;
    cor_diag_init(&d, 10);
    cor_import *im = NULL;
    cor_status s = cor_import_dimacs_mem(text, len, "r.gr", NULL, 0, NULL, &im, &d);
    return cor_test_world_import(w, im, s, &d);
}

#define world_free cor_test_world_free

/* Every cell of the matrix equals the one-to-one answer (exactly for
 * integer distances, to 1e-9 relative otherwise). */
static uint32_t check_matrix(const cor_graph *g, const cor_query *q, const uint32_t *from, uint32_t nf,
                             const uint32_t *to, uint32_t nt, int exact)
{
    cor_diag d;
    cor_diag_init(&d, 10);
    cor_filter f;
    uint32_t bad = 0;
    if (cor_filter_init(&f, g, q, &d) != COR_OK) {
        CHECK(0);
        cor_diag_destroy(&d);
        return 1;
    }
    double *v = malloc((size_t)nf * nt * sizeof *v);
    cor_matrix_info info;
    CHECK(v && cor_matrix(&f, q, from, nf, to, nt, v, &info, &d) == COR_OK);
    cor_workspace *ws = cor_workspace_new();
    cor_path p;
    cor_path_init(&p);
    for (uint32_t i = 0; v && i < nf; i++)
        for (uint32_t j = 0; j < nt; j++) {
            cor_status s = cor_shortest_path(&f, q, ws, from[i], to[j], &p, &d);
            double want = s == COR_OK ? p.weight : INFINITY, got = v[(size_t)i * nt + j];
            int same = exact ? got == want
                             : (isinf(want) ? isinf(got) : fabs(got - want) <= 1e-9 * (1 + fabs(want)));
            if (!same && bad++ < 3)
                fprintf(stderr, "  matrix %u -> %u: %.17g, one-to-one %.17g\n", from[i], to[j], got, want);
        }
    cor_path_destroy(&p);
    cor_workspace_free(ws);
    free(v);
    cor_filter_destroy(&f);
    cor_diag_destroy(&d);
    return bad;
}

/* Matrices on random imported graphs, by distance (exact integers) and by
 * time, every node to every node, against one query per pair. */
static void test_matrix_random(void)
{
    uint64_t seed = 0x5eed13;
    for (int round = 0; round < 6; round++) {
        uint32_t n = 10 + rng_below(&seed, 50), m = rng_below(&seed, 3 * n);
        size_t len;
        char *text = random_dimacs(&seed, n, m, round % 2 ? 10 : 40000, round != 2, &len);
        world w;
        CHECK(text && world_dimacs(&w, text, len) == 0);
        free(text);
        if (!w.g) {
            world_free(&w);
            continue;
        }
        uint32_t *all = malloc(n * sizeof *all);
        for (uint32_t i = 0; i < n; i++)
            all[i] = i;
        cor_query q;
        cor_query_init(&q, 2026);
        q.by = COR_BY_DISTANCE;
        CHECK(check_matrix(w.g, &q, all, n, all, n, 1) == 0);
        q.by = COR_BY_TIME;
        CHECK(check_matrix(w.g, &q, all, n, all, n, 0) == 0);
        free(all);
        world_free(&w);
    }
}

/* The shipped multimodal network: destinations with several states are
 * routed pair by pair, the others read from one search per origin. */
static void test_matrix_instc(void)
{
    cor_diag d;
    cor_diag_init(&d, 10);
    cor_network *net = NULL;
    cor_graph *g = NULL;
    CHECK(cor_network_load(INSTC_DIR, &net, &d) == COR_OK && cor_graph_build(net, &g, &d) == COR_OK);
    if (g) {
        uint32_t n = cor_network_node_count(net), k = n < 40 ? n : 40;
        uint32_t *pl = malloc(k * sizeof *pl);
        for (uint32_t i = 0; i < k; i++)
            pl[i] = (uint32_t)((uint64_t)i * n / k);
        cor_query q;
        cor_query_init(&q, 2026);
        for (int by = COR_BY_TIME; by <= COR_BY_GENERALIZED; by++) {
            q.by = (cor_objective)by;
            q.value_of_time_usd_per_teu_day = 50;
            CHECK(check_matrix(g, &q, pl, k, pl, k, 0) == 0);
        }
        free(pl);
    }
    cor_graph_free(g);
    cor_network_free(net);
    cor_diag_destroy(&d);
}

static void test_matrix_refusals(void)
{
    cor_diag d;
    cor_diag_init(&d, 10);
    cor_network *net = NULL;
    cor_graph *g = NULL;
    CHECK(cor_network_load(INSTC_DIR, &net, &d) == COR_OK && cor_graph_build(net, &g, &d) == COR_OK);
    cor_query q;
    cor_query_init(&q, 2026);
    q.via[0] = 0;
    q.nvia = 1;
    cor_filter f;
    if (g && cor_filter_init(&f, g, &q, &d) == COR_OK) {
        uint32_t a = 1;
        double v;
        cor_matrix_info info;
        CHECK(cor_matrix(&f, &q, &a, 1, &a, 1, &v, &info, &d) == COR_EUSAGE);
        q.nvia = 0;
        CHECK(cor_matrix(&f, &q, &a, COR_MATRIX_MAX_PLACES + 1, &a, 1, &v, &info, &d) == COR_ELIMIT);
        cor_filter_destroy(&f);
    }
    cor_graph_free(g);
    cor_network_free(net);
    cor_diag_destroy(&d);
}

/* ---- importers from memory ------------------------------------------- */

static const char *first_error(const cor_diag *d, char *buf, size_t size)
{
    buf[0] = 0;
    if (d->count)
        cor_error_format(&d->items[0], buf, size);
    return buf;
}

static void test_import_errors(void)
{
    cor_diag d;
    cor_diag_init(&d, 10);
    cor_import *im = NULL;
    char b[700];
    static const struct {
        const char *text, *want;
    } gr[] = {
        {"p sp 2 1\na 1 2 0\n", "g.gr:2:7: weight must be 1..40000"},
        {"p sp 2 1\na 1 2 x\n", "g.gr:2:7: expected a non-negative integer, found 'x'"},
        {"a 1 2 3\n", "g.gr:1:1: an arc before the 'p sp NODES ARCS' line"},
        {"p sp 2 2\na 1 2 3\n", "g.gr:1:1: the p line promises 2 arcs; the file has 1"},
        {"p sp 2 1\na 1 2 3 4\n", "g.gr:2:9: unexpected field after the weight: '4'"},
        {"p sp 2 1\nq\n", "g.gr:2:1: expected a 'c', 'p' or 'a' line, found 'q'"},
        {"p sp 2 1\r\na 1 3 5", "g.gr:2:5: node must be 1..2 (the p line), found '3'"},
    };
    for (size_t i = 0; i < sizeof gr / sizeof *gr; i++) {
        cor_diag_clear(&d);
        CHECK(cor_import_dimacs_mem(gr[i].text, strlen(gr[i].text), "g.gr", NULL, 0, NULL, &im, &d) != COR_OK);
        CHECK(im == NULL);
        if (strncmp(first_error(&d, b, sizeof b), gr[i].want, strlen(gr[i].want)) != 0)
        {
            fprintf(stderr, "  got '%s', want '%s'\n", b, gr[i].want);
            CHECK(0);
        }
    }
    /* CRLF and no final newline are fine */
    cor_diag_clear(&d);
    static const char crlf[] = "c x\r\np sp 2 3\r\na 1 2 3\r\na 2 2 1\r\na 1 2 3";
    CHECK(cor_import_dimacs_mem(crlf, strlen(crlf), "g.gr", NULL, 0, NULL, &im, &d) == COR_OK);
    CHECK(cor_import_link_count(im) == 2 && cor_import_node_count(im) == 2); /* the loop 2 -> 2 dropped */
    CHECK(strstr(cor_import_note(im), "1 loop") != NULL);
    cor_import_free(im);
    static const struct {
        const char *text, *want;
    } tn[] = {
        {"<NUMBER OF NODES> 2\n<END OF METADATA>\n1 2 10 5 x ;\n", "t.tntp:3:10: free-flow time must be a non-negative"},
        {"<NUMBER OF NODES> 2\n1 2 10 5 1 ;\n", "t.tntp:2:1: expected a <KEY> value metadata line"},
        {"<NUMBER OF NODES> 2\n<END OF METADATA>\n1 3 10 5 1 ;\n", "t.tntp:3:3: term node must be 1..2"},
        {"<NUMBER OF LINKS> 1\n<END OF METADATA>\n", "t.tntp:2:1: no <NUMBER OF NODES>"},
        {"<NUMBER OF NODES> 2\n<NUMBER OF LINKS> 2\n<END OF METADATA>\n1 2 1 1 1 ;\n",
         "t.tntp:4:1: <NUMBER OF LINKS> is 2; the file has 1"},
    };
    for (size_t i = 0; i < sizeof tn / sizeof *tn; i++) {
        cor_diag_clear(&d);
        CHECK(cor_import_tntp_mem(tn[i].text, strlen(tn[i].text), "t.tntp", &im, &d) != COR_OK);
        if (strncmp(first_error(&d, b, sizeof b), tn[i].want, strlen(tn[i].want)) != 0)
        {
            fprintf(stderr, "  got '%s', want '%s'\n", b, tn[i].want);
            CHECK(0);
        }
    }
    cor_geojson_options o = {COR_MODE_RAIL, 1520, 10, "speed_kmh=v"};
    static const struct {
        const char *text, *want;
    } gj[] = {
        {"{\"type\":\"Feature\",\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[0,0]]}}",
         "l.json: $.features[0].geometry.coordinates: a line needs an array of at least 2 positions"},
        {"{\"type\":\"Feature\",\"properties\":{\"v\":\"fast\"},\"geometry\":{\"type\":\"LineString\","
         "\"coordinates\":[[0,0],[1,1]]}}",
         "l.json: $.features[0].properties.v: speed_kmh must be a number 0.1..1000"},
        {"{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\","
         "\"coordinates\":[0,0]}}]}",
         "l.json: $: no LineString or MultiLineString features"},
        {"[1,2]", "l.json: $: expected a FeatureCollection"},
        {"{\"a\":1,\"a\":2}", "l.json:1:"},
    };
    for (size_t i = 0; i < sizeof gj / sizeof *gj; i++) {
        cor_diag_clear(&d);
        CHECK(cor_import_geojson_mem(gj[i].text, strlen(gj[i].text), "l.json", &o, &im, &d) != COR_OK);
        if (strncmp(first_error(&d, b, sizeof b), gj[i].want, strlen(gj[i].want)) != 0)
        {
            fprintf(stderr, "  got '%s', want '%s'\n", b, gj[i].want);
            CHECK(0);
        }
    }
    cor_diag_destroy(&d);
}

/* Every allocation of an import may fail: the result is a clean
 * COR_ENOMEM (ASan and valgrind check nothing leaks), until it succeeds. */
static void test_import_alloc_failures(void)
{
    static const char gr[] = "p sp 3 3\na 1 2 7\na 1 2 5\na 2 3 4";
    static const char co[] = "v 1 1000000 2000000\nv 2 1000100 2000000\n";
    static const char tn[] = "<NUMBER OF NODES> 3\n<FIRST THRU NODE> 2\n<END OF METADATA>\n1 2 9 6 3 ;\n2 3 9 4 0 ;\n";
    static const char gj[] =
        "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"o\":\"RZD\"},"
        "\"geometry\":{\"type\":\"MultiLineString\",\"coordinates\":[[[0,0],[1,0],[2,0]],[[1,0],[1,1]]]}}]}";
    cor_geojson_options o = {COR_MODE_RAIL, 1520, 5, "operator=o"};
    for (int which = 0; which < 3; which++) {
        int ok = 0;
        for (long n = 1; n < 500 && !ok; n++) {
            cor_diag d;
            cor_diag_init(&d, 10);
            cor_import *im = NULL;
            cor_alloc_fail_at(n);
            cor_status s = which == 0   ? cor_import_dimacs_mem(gr, strlen(gr), "g", co, strlen(co), "c", &im, &d)
                           : which == 1 ? cor_import_tntp_mem(tn, strlen(tn), "t", &im, &d)
                                        : cor_import_geojson_mem(gj, strlen(gj), "j", &o, &im, &d);
            cor_alloc_fail_at(0);
            if (s != COR_OK && s != COR_ENOMEM)
                fprintf(stderr, "  import %d, failing allocation %ld: %s %s\n", which, n, cor_status_name(s), d.count ? d.items[0].msg : "");
            CHECK(s == COR_OK || s == COR_ENOMEM);
            CHECK((s == COR_OK) == (im != NULL));
            ok = s == COR_OK;
            if (ok)
                CHECK(cor_import_link_count(im) == (which == 2 ? 3u : which == 1 ? 2u : 3u));
            cor_import_free(im);
            cor_diag_destroy(&d);
        }
        CHECK(ok);
    }
}


/* A query compiled in parts on threads (cor_filter_parts; automatic
 * above COR_FILTER_PARALLEL_ARCS arcs) is the one compiled in one part:
 * every weight, criterion and packed arc, byte for byte, by time and by
 * distance, with a place avoided (closed arcs) and a 40-foot box. */
static void test_filter_parts(void)
{
    uint64_t seed = 4242;
    size_t len;
    char *text = random_dimacs(&seed, 3000, 9000, 500, 1, &len);
    world w;
    CHECK(text && world_dimacs(&w, text, len) == 0);
    free(text);
    uint32_t compared = 0;
    for (int k = 0; w.g && k < 3; k++) {
        cor_query q;
        cor_query_init(&q, 2026);
        q.by = k == 1 ? COR_BY_DISTANCE : COR_BY_TIME;
        if (k == 2)
            q.avoid_nodes[q.navoid_nodes++] = 17;
        cor_diag d;
        cor_diag_init(&d, 4);
        cor_filter one, many;
        cor_filter_parts = 1;
        CHECK(cor_filter_init(&one, w.g, &q, &d) == COR_OK);
        for (unsigned parts = 2; parts <= 7; parts += 5) {
            cor_filter_parts = parts;
            CHECK(cor_filter_init(&many, w.g, &q, &d) == COR_OK);
            size_t na = w.g->narcs;
            CHECK(memcmp(one.weight, many.weight, na * sizeof *one.weight) == 0);
            CHECK(memcmp(one.crit, many.crit, 4 * na * sizeof *one.crit) == 0);
            CHECK(memcmp(one.arcs, many.arcs, na * sizeof *one.arcs) == 0);
            CHECK(one.road_closed == many.road_closed && one.closed_links == many.closed_links);
            compared += (uint32_t)na;
            cor_filter_destroy(&many);
        }
        uint32_t inf = 0;
        for (uint32_t a = 0; a < w.g->narcs; a++)
            inf += one.weight[a] == INFINITY;
        CHECK(k < 2 || inf > 0); /* the avoided place closed arcs */
        cor_filter_destroy(&one);
        cor_diag_destroy(&d);
    }
    cor_filter_parts = 0;
    fprintf(stderr, "  %u arcs compiled in 2 and 7 parts equal to one part\n", compared);
    world_free(&w);
}

/* Bidirectional Dijkstra and CH against cor_shortest_path on random
 * graphs of several shapes and sizes: many random pairs each, exact on
 * integer distances, to 1e-9 relative by time (CH shortcuts add in another
 * order).  A multimodal network is refused (the fallback rule). */
static void test_fast_random(void)
{
    uint64_t seed = 0xc4c4c4;
    uint32_t pairs = 0, reachable = 0, bad = 0, mcells = 0, paths = 0;
    for (int round = 0; round < 12; round++) {
        uint32_t n = round < 6 ? 5 + rng_below(&seed, 40) : 200 + rng_below(&seed, 800);
        uint32_t m = round % 4 == 3 ? n + rng_below(&seed, 2 * n) : rng_below(&seed, round % 3 == 0 ? n / 2 + 1 : 3 * n);
        size_t len;
        char *text = random_dimacs(&seed, n, m, round % 2 ? 7 : 40000, round % 4 != 3, &len);
        world w;
        CHECK(text && world_dimacs(&w, text, len) == 0);
        free(text);
        for (int by = 0; w.g && by < 2; by++) {
            cor_query q;
            cor_query_init(&q, 2026);
            q.by = by ? COR_BY_TIME : COR_BY_DISTANCE;
            cor_diag d;
            cor_diag_init(&d, 10);
            cor_filter f;
            CHECK(cor_filter_init(&f, w.g, &q, &d) == COR_OK);
            if (round % 3 == 1 && !f.zone && (f.zone = calloc(n, 1)) != NULL) /* zones: never passed through */
                for (uint32_t z = 0; z < n / 8 + 1; z++)
                    f.zone[rng_below(&seed, n)] = 1;
            cor_fast *fg = NULL;
            CHECK(cor_fast_build(&f, 1, &fg, &d) == COR_OK);
            cor_fast_ws *ws = fg ? cor_fast_ws_new(fg) : NULL;
            cor_workspace *dw = cor_workspace_new();
            cor_path p;
            cor_path_init(&p);
            /* many-to-many by buckets: every cell as the one-to-one CH query gives it, and as Dijkstra */
            enum { MF = 9, MT = 11 };
            uint32_t mf[MF], mt[MT];
            double mv[MF * MT];
            for (int i = 0; i < MF; i++)
                mf[i] = rng_below(&seed, n);
            for (int j = 0; j < MT; j++)
                mt[j] = j < 2 ? mf[j] : rng_below(&seed, n);
            CHECK(fg && cor_fast_matrix(fg, mf, MF, mt, MT, mv, &d) == COR_OK);
            for (int i = 0; fg && ws && i < MF; i++)
                for (int j = 0; j < MT; j++) {
                    double one;
                    cor_fast_ch(fg, ws, mf[i], mt[j], &one, NULL);
                    cor_status s = cor_shortest_path(&f, &q, dw, mf[i], mt[j], &p, &d);
                    double want = s == COR_OK ? p.weight : INFINITY, got = mv[i * MT + j];
                    int same = by == 0 ? got == one && got == want
                                       : (isinf(want) ? isinf(got) && isinf(one)
                                                      : fabs(got - one) <= 1e-12 * (1 + one) &&
                                                            fabs(got - want) <= 1e-9 * (1 + want));
                    mcells++;
                    if (!same && bad++ < 5)
                        fprintf(stderr, "  round %d %s matrix %u -> %u: buckets %.17g, CH %.17g, Dijkstra %.17g\n",
                                round, by ? "time" : "distance", mf[i], mt[j], got, one, want);
                }
            for (uint32_t k = 0; ws && k < 300; k++) {
                uint32_t a = rng_below(&seed, n), b = k % 10 == 0 ? a : rng_below(&seed, n);
                cor_status s = cor_shortest_path(&f, &q, dw, a, b, &p, &d);
                double want = s == COR_OK ? p.weight : INFINITY, got[3];
                cor_fast_dijkstra(fg, ws, a, b, &got[0], NULL);
                cor_fast_bidir(fg, ws, a, b, &got[1], NULL);
                cor_fast_ch(fg, ws, a, b, &got[2], NULL);
                pairs++;
                reachable += s == COR_OK;
                /* the CH path: the graph's arcs from a to b, through no zone, weighing what Dijkstra's does */
                cor_path cp;
                cor_path_init(&cp);
                cor_status cs = cor_fast_ch_path(fg, ws, a, b, &cp, NULL, &d);
                double sum = cs == COR_OK ? f.term_w[w.g->node_first_state[a]] : INFINITY;
                uint32_t at = a;
                for (uint32_t i = 0; cs == COR_OK && i < cp.narcs; i++) {
                    uint32_t x = cp.arcs[i], t = w.g->state_node[w.g->tail[x]];
                    if (t != at || (i > 0 && f.zone && f.zone[t]) || f.weight[x] == INFINITY)
                        sum = NAN;
                    sum += f.weight[x];
                    at = w.g->state_node[w.g->head[x]];
                }
                if (cs == COR_OK) {
                    sum += f.term_w[w.g->node_first_state[b]];
                    if (at != b)
                        sum = NAN;
                }
                int psame = (cs == COR_OK) == (s == COR_OK) &&
                            (cs != COR_OK || (cp.weight == got[2] && (by == 0 ? sum == want
                                                                              : fabs(sum - want) <= 1e-9 * (1 + want))));
                paths += cs == COR_OK && cp.narcs > 0;
                if (!psame && bad++ < 5)
                    fprintf(stderr, "  round %d %s %u -> %u: CH path status %d weight %.17g, its arcs %.17g, "
                                    "Dijkstra %.17g\n", round, by ? "time" : "distance", a, b, (int)cs, cp.weight,
                            sum, want);
                cor_path_destroy(&cp);
                for (int i = 0; i < 3; i++) {
                    int same = by == 0 ? got[i] == want
                                       : (isinf(want) ? isinf(got[i]) : fabs(got[i] - want) <= 1e-9 * (1 + want));
                    if (!same && bad++ < 5)
                        fprintf(stderr, "  round %d %s %u -> %u: method %d gives %.17g, Dijkstra %.17g\n", round,
                                by ? "time" : "distance", a, b, i, got[i], want);
                }
            }
            cor_path_destroy(&p);
            cor_workspace_free(dw);
            cor_fast_ws_free(ws);
            cor_fast_free(fg);
            cor_filter_destroy(&f);
            cor_diag_destroy(&d);
        }
        world_free(&w);
    }
    CHECK(bad == 0);
    CHECK(paths > 1000);
    fprintf(stderr, "  %u pairs (%u reachable) on 12 random graphs x 2 objectives (4 with zones): plain, "
                    "bidirectional and CH equal to Dijkstra; %u CH paths unpacked, each a chain of the graph's "
                    "arcs weighing Dijkstra's; %u matrix cells by buckets equal to CH and Dijkstra\n",
            pairs, reachable, paths, mcells);
    /* buckets refuse nodes out of range */
    {
        uint64_t s2 = 5;
        size_t len;
        char *text = random_dimacs(&s2, 20, 40, 100, 1, &len);
        world w;
        CHECK(text && world_dimacs(&w, text, len) == 0);
        free(text);
        cor_query q;
        cor_query_init(&q, 2026);
        q.by = COR_BY_DISTANCE;
        cor_diag d;
        cor_diag_init(&d, 10);
        cor_filter f;
        cor_fast *fg = NULL, *flat = NULL;
        if (w.g && cor_filter_init(&f, w.g, &q, &d) == COR_OK) {
            uint32_t a = 0, far = 20;
            double v;
            CHECK(cor_fast_build(&f, 1, &fg, &d) == COR_OK && cor_fast_build(&f, 0, &flat, &d) == COR_OK);
            CHECK(fg && cor_fast_matrix(fg, &far, 1, &a, 1, &v, &d) == COR_EUSAGE);
            CHECK(fg && cor_fast_matrix(fg, &a, 1, &far, 1, &v, &d) == COR_EUSAGE);
            CHECK(flat && cor_fast_matrix(flat, &a, 1, &a, 1, &v, &d) == COR_EUSAGE); /* no hierarchy */
            cor_fast_free(fg);
            cor_fast_free(flat);
            cor_filter_destroy(&f);
        }
        cor_diag_destroy(&d);
        world_free(&w);
    }
    /* the shipped network has nodes with several states: refused */
    cor_diag d;
    cor_diag_init(&d, 10);
    cor_network *net = NULL;
    cor_graph *g = NULL;
    CHECK(cor_network_load(INSTC_DIR, &net, &d) == COR_OK && cor_graph_build(net, &g, &d) == COR_OK);
    cor_query q;
    cor_query_init(&q, 2026);
    cor_filter f;
    if (g && cor_filter_init(&f, g, &q, &d) == COR_OK) {
        cor_fast *fg = NULL;
        CHECK(cor_fast_eligible(&f, NULL, 0) == 0);
        CHECK(cor_fast_build(&f, 1, &fg, &d) == COR_EUSAGE && fg == NULL);
        cor_filter_destroy(&f);
    }
    cor_graph_free(g);
    cor_network_free(net);
    cor_diag_destroy(&d);
}

/* A hierarchy's image (what a snapshot stores) answers as the hierarchy
 * does; an image with an index or size out of range is refused. */
static void test_ch_image(void)
{
    uint64_t seed = 77;
    size_t len;
    char *text = random_dimacs(&seed, 60, 120, 50, 1, &len);
    world w;
    CHECK(text && world_dimacs(&w, text, len) == 0);
    free(text);
    cor_diag d;
    cor_diag_init(&d, 10);
    cor_query q;
    cor_query_init(&q, 2026);
    q.by = COR_BY_DISTANCE;
    cor_filter f;
    if (w.g && cor_filter_init(&f, w.g, &q, &d) == COR_OK) {
        cor_fast *fg = NULL, *img = NULL;
        CHECK(cor_fast_build(&f, 1, &fg, &d) == COR_OK);
        size_t sz = cor_fast_image_size(fg);
        uint64_t *buf = malloc(sz + 8); /* 8-byte aligned, as in a mapping */
        cor_fast_image_write(fg, (unsigned char *)buf);
        CHECK(cor_fast_from_image((unsigned char *)buf, sz, &img, &d) == COR_OK);
        cor_fast_ws *ws = cor_fast_ws_new(fg);
        for (uint32_t a = 0; img && a < 60; a += 7)
            for (uint32_t b = 0; b < 60; b += 5) {
                double x, y;
                cor_fast_ch(fg, ws, a, b, &x, NULL);
                cor_fast_ch(img, ws, a, b, &y, NULL);
                CHECK(x == y);
                cor_path p1, p2;
                cor_path_init(&p1);
                cor_path_init(&p2);
                cor_status s1 = cor_fast_ch_path(fg, ws, a, b, &p1, NULL, &d);
                cor_status s2 = cor_fast_ch_path(img, ws, a, b, &p2, NULL, &d);
                CHECK(s1 == s2 && p1.narcs == p2.narcs &&
                      (p1.narcs == 0 || memcmp(p1.arcs, p2.arcs, p1.narcs * sizeof *p1.arcs) == 0));
                cor_path_destroy(&p1);
                cor_path_destroy(&p2);
            }
        /* the fingerprint: the same filter fits, one with a place avoided does not */
        CHECK(img && cor_fast_fits(img, &f) == 1);
        cor_query q2 = q;
        q2.avoid_nodes[q2.navoid_nodes++] = 3;
        cor_filter f2;
        CHECK(cor_filter_init(&f2, w.g, &q2, &d) == COR_OK);
        CHECK(cor_fast_fits(img, &f2) == 0);
        cor_filter_destroy(&f2);
        q2 = q;
        q2.by = COR_BY_TIME;
        CHECK(cor_filter_init(&f2, w.g, &q2, &d) == COR_OK);
        CHECK(cor_fast_fits(img, &f2) == 0);
        cor_filter_destroy(&f2);
        cor_fast_free(img);
        img = NULL;
        CHECK(cor_fast_from_image((unsigned char *)buf, sz - 8, &img, &d) == COR_EDATA && !img);
        /* the first forward head (after the 40-byte header, term, ok and fo) out of range */
        size_t off = 40 + 60 * 8 + 64 + ((61 * 4 + 7) & ~(size_t)7);
        uint32_t bad = 1000000;
        memcpy((unsigned char *)buf + off, &bad, 4);
        CHECK(cor_fast_from_image((unsigned char *)buf, sz, &img, &d) == COR_EDATA && !img);
        free(buf);
        cor_fast_ws_free(ws);
        cor_fast_free(fg);
        cor_filter_destroy(&f);
    }
    cor_diag_destroy(&d);
    world_free(&w);
}

/* A network's image (snapshot entry "net") reads back the same nodes,
 * links and lookups; its graph's image the same arrays; an image with a
 * link end, a string offset or a record size out of range is refused. */
static void test_net_image(void)
{
    uint64_t seed = 91;
    size_t len;
    char *text = random_dimacs(&seed, 50, 110, 40, 1, &len);
    world w;
    CHECK(text && world_dimacs(&w, text, len) == 0);
    free(text);
    cor_diag d;
    cor_diag_init(&d, 10);
    size_t sz = w.net ? cor_network_image_size(w.net) : 0;
    CHECK(sz > 0);
    uint64_t *buf = malloc(sz + 8);
    cor_network *net = NULL;
    if (sz && buf) {
        /* written for where it lies: used in place, the same strings */
        cor_network_image_write(w.net, (unsigned char *)buf, (uint64_t)(uintptr_t)buf);
        CHECK(cor_network_from_image("img", (unsigned char *)buf, sz, 1, &net, &d) == COR_OK && net);
        for (uint32_t i = 0; net && i < net->nnodes; i++)
            CHECK(strcmp(net->nodes[i].id, w.net->nodes[i].id) == 0 &&
                  (const unsigned char *)net->nodes[i].id > (const unsigned char *)buf &&
                  (const unsigned char *)net->nodes[i].id < (const unsigned char *)buf + sz);
        for (uint32_t i = 0; net && i < net->nlinks; i++)
            CHECK(strcmp(net->links[i].id, w.net->links[i].id) == 0 && cor_network_find_link(net, w.net->links[i].id) == i);
        cor_network_free(net);
        net = NULL;
        /* written for another address: refused in place, moved when copied */
        cor_network_image_write(w.net, (unsigned char *)buf, 0x5a0000000000ull);
        CHECK(cor_network_from_image("img", (unsigned char *)buf, sz, 1, &net, &d) == COR_EDATA && !net);
        CHECK(cor_network_from_image("img", (unsigned char *)buf, sz, 0, &net, &d) == COR_OK);
    }
    if (net) {
        CHECK(net->nnodes == w.net->nnodes && net->nlinks == w.net->nlinks && net->nkeys == w.net->nkeys);
        for (uint32_t i = 0; i < net->nnodes; i++) {
            CHECK(strcmp(net->nodes[i].id, w.net->nodes[i].id) == 0);
            CHECK(strcmp(net->nodes[i].name, w.net->nodes[i].name) == 0);
            CHECK(net->nodes[i].lat == w.net->nodes[i].lat && net->nodes[i].lon == w.net->nodes[i].lon);
            uint32_t at = COR_NONE;
            CHECK(cor_network_find_node(net, w.net->nodes[i].id, &at, NULL, 0) == COR_OK && at == i);
        }
        for (uint32_t i = 0; i < net->nlinks; i++) {
            const cor_link *a = &net->links[i], *b = &w.net->links[i];
            CHECK(strcmp(a->id, b->id) == 0 && strcmp(a->source, b->source) == 0);
            CHECK(a->from == b->from && a->to == b->to && a->distance_km == b->distance_km && a->oneway == b->oneway);
            CHECK(cor_network_find_link(net, b->id) == i);
        }
        /* the graph's image, used in place */
        size_t gsz = cor_graph_image_size(w.g);
        uint64_t *gbuf = malloc(gsz + 8);
        cor_graph *g = NULL;
        if (gbuf) {
            cor_graph_image_write(w.g, (unsigned char *)gbuf);
            cor_network_keep_graph(net, (unsigned char *)gbuf, gsz);
            CHECK(cor_graph_build(net, &g, &d) == COR_OK && g && g->mapped);
        }
        if (g) {
            CHECK(g->nstates == w.g->nstates && g->narcs == w.g->narcs);
            CHECK(memcmp(g->head, w.g->head, g->narcs * sizeof *g->head) == 0);
            CHECK(memcmp(g->km, w.g->km, g->narcs * sizeof *g->km) == 0);
            CHECK(memcmp(g->first_out, w.g->first_out, (g->nstates + 1) * sizeof *g->first_out) == 0);
        }
        cor_graph_free(g);
        cor_network_free(net);
        free(gbuf);
        net = NULL;
    }
    if (sz && buf) {
        /* a link's end out of range: refused by the image's check */
        uint64_t off[10];
        memcpy(off, (unsigned char *)buf + 56, sizeof off);
        unsigned char *l0 = (unsigned char *)buf + off[1];
        cor_link save;
        memcpy(&save, l0, sizeof save);
        uint32_t far = 1000000;
        memcpy(l0 + offsetof(cor_link, to), &far, 4);
        CHECK(cor_network_from_image("img", (unsigned char *)buf, sz, 0, &net, &d) == COR_EDATA && !net);
        memcpy(l0, &save, sizeof save);
        /* a string offset past the table */
        uintptr_t big = (uintptr_t)1 << 40;
        memcpy(l0 + offsetof(cor_link, id), &big, sizeof big);
        CHECK(cor_network_from_image("img", (unsigned char *)buf, sz, 0, &net, &d) == COR_EDATA && !net);
        memcpy(l0, &save, sizeof save);
        /* another build's record size */
        uint32_t other = (uint32_t)sizeof(cor_node) + 8;
        memcpy((unsigned char *)buf + 8, &other, 4);
        CHECK(cor_network_from_image("img", (unsigned char *)buf, sz, 0, &net, &d) == COR_EDATA && !net);
        /* too short */
        CHECK(cor_network_from_image("img", (unsigned char *)buf, 100, 0, &net, &d) == COR_EDATA && !net);
    }
    free(buf);
    cor_diag_destroy(&d);
    world_free(&w);
}

/* The route's weight by Bellman-Ford over the filter's arcs (the
 * reference): terminal weights at both ends, no arc back into the origin
 * (cor_shortest_path's rules; with positive weights the best path is then
 * loop-free).  INFINITY when none. */
static double bellman_ford(const cor_filter *f, uint32_t from, uint32_t to)
{
    const cor_graph *g = f->g;
    double *dist = malloc((g->nstates ? g->nstates : 1) * sizeof *dist), best = INFINITY;
    if (!dist)
        return NAN;
    uint32_t f0 = g->node_first_state[from], f1 = g->node_first_state[from + 1];
    for (uint32_t s = 0; s < g->nstates; s++)
        dist[s] = s >= f0 && s < f1 ? f->term_w[s] : INFINITY;
    for (int changed = 1; changed;) {
        changed = 0;
        for (uint32_t a = 0; a < g->narcs; a++) {
            uint32_t h = g->head[a];
            if (h >= f0 && h < f1)
                continue;
            double d = dist[g->tail[a]] + f->weight[a];
            if (d < dist[h])
                dist[h] = d, changed = 1;
        }
    }
    for (uint32_t s = g->node_first_state[to]; s < g->node_first_state[to + 1]; s++)
        if (dist[s] + f->term_w[s] < best)
            best = dist[s] + f->term_w[s];
    free(dist);
    return best;
}

/* Is p a path of f's graph from `from` to `to` whose arcs add up to its
 * weight (plus the terminal weights, 0 on a DIMACS graph)? */
static int path_ok(const cor_filter *f, const cor_path *p, uint32_t from, uint32_t to)
{
    const cor_graph *g = f->g;
    double sum = 0;
    if (p->narcs == 0)
        return 0;
    for (uint32_t i = 0; i < p->narcs; i++) {
        uint32_t a = p->arcs[i];
        if (a >= g->narcs || f->weight[a] == INFINITY || (i > 0 && g->tail[a] != g->head[p->arcs[i - 1]]))
            return 0;
        sum += f->weight[a];
    }
    return g->state_node[g->tail[p->arcs[0]]] == from && g->state_node[g->head[p->arcs[p->narcs - 1]]] == to &&
           sum == p->weight;
}

/* The router's one-layer search (packed arcs, heap without decrease-key)
 * and the node graph's Dijkstra (cor_fast_dijkstra) against Bellman-Ford on random graphs; on a graph built so that every
 * node is improved again and again (more heap entries than states: the
 * heap grows), with one workspace throughout; and after weights changed
 * and cor_filter_weights_changed(). */
static void test_router_one_layer(void)
{
    uint64_t seed = 0x1a7e4;
    uint32_t pairs = 0, bad = 0;
    cor_workspace *ws = cor_workspace_new();
    cor_path p;
    cor_path_init(&p);
    CHECK(ws != NULL);
    for (int round = 0; ws && round < 7; round++) {
        size_t len = 0;
        char *text = NULL;
        uint32_t n;
        if (round == 3) { /* the fan: v_i -> v_j (j > i) just under s -> v_j, so each v_j improves j times */
            enum { K = 40 };
            n = K + 1;
            size_t cap = 64 + (size_t)K * K * 24;
            text = malloc(cap);
            if (text) {
                len = (size_t)snprintf(text, cap, "p sp %u %u\n", n, K + K * (K - 1) / 2);
                for (uint32_t j = 1; j <= K; j++)
                    len += (size_t)snprintf(text + len, cap - len, "a 1 %u %u\n", j + 1, 1000 * j);
                for (uint32_t i = 1; i <= K; i++)
                    for (uint32_t j = i + 1; j <= K; j++)
                        len += (size_t)snprintf(text + len, cap - len, "a %u %u %u\n", i + 1, j + 1, 1000 * (j - i) - 1);
            }
        } else {
            n = 10 + rng_below(&seed, round < 3 ? 60 : 400);
            text = random_dimacs(&seed, n, 2 * n + rng_below(&seed, 2 * n), round % 2 ? 9 : 40000, round != 5, &len);
        }
        world w;
        CHECK(text && world_dimacs(&w, text, len) == 0);
        free(text);
        cor_query q;
        cor_query_init(&q, 2026);
        q.by = COR_BY_DISTANCE;
        cor_diag d;
        cor_diag_init(&d, 10);
        cor_filter f;
        if (!w.g || cor_filter_init(&f, w.g, &q, &d) != COR_OK) {
            CHECK(0);
            cor_diag_destroy(&d);
            world_free(&w);
            continue;
        }
        if (round == 3) /* the fan's last node: reached through v_1 .. v_39 at 1000 K - (K - 1) */
            CHECK(cor_shortest_path(&f, &q, ws, 0, n - 1, &p, &d) == COR_OK && p.weight == 1000.0 * (n - 1) - (n - 2) &&
                  p.narcs == n - 1);
        for (int changed = 0; changed < 2; changed++) {
            if (changed) { /* every third arc 1000 heavier, as an assignment would add congestion */
                for (uint32_t a = 0; a < w.g->narcs; a += 3)
                    f.weight[a] += 1000;
                cor_filter_weights_changed(&f);
            }
            cor_fast *fg = NULL; /* the node graph's Dijkstra too (its own heap without decrease-key) */
            CHECK(cor_fast_build(&f, 0, &fg, &d) == COR_OK);
            cor_fast_ws *fw = fg ? cor_fast_ws_new(fg) : NULL;
            CHECK(fw != NULL);
            for (uint32_t k = 0; fw && k < (round == 3 ? n : 60u); k++) {
                uint32_t a = round == 3 ? 0 : rng_below(&seed, n), b = round == 3 ? k : rng_below(&seed, n);
                if (a == b)
                    continue;
                cor_status s = cor_shortest_path(&f, &q, ws, a, b, &p, &d);
                double want = bellman_ford(&f, a, b), got = s == COR_OK ? p.weight : INFINITY, node;
                cor_status s2 = cor_fast_dijkstra(fg, fw, a, b, &node, NULL);
                pairs++;
                if ((got != want || node != want || (s == COR_OK) != (s2 == COR_OK) ||
                     (s == COR_OK && !path_ok(&f, &p, a, b))) &&
                    bad++ < 5)
                    fprintf(stderr, "  round %d%s %u -> %u: router %.17g, node graph %.17g, Bellman-Ford %.17g\n",
                            round, changed ? " (weights changed)" : "", a, b, got, node, want);
            }
            cor_fast_ws_free(fw);
            cor_fast_free(fg);
        }
        cor_filter_destroy(&f);
        cor_diag_destroy(&d);
        world_free(&w);
    }
    CHECK(bad == 0);
    fprintf(stderr, "  %u pairs on 7 graphs (one a fan that pushes each node again and again), before and after "
                    "changing weights: the router and the node graph's Dijkstra equal Bellman-Ford\n",
            pairs);
    cor_path_destroy(&p);
    cor_workspace_free(ws);
}

const cor_test cor_tests_large[] = {
    {"import_errors", test_import_errors},
    {"import_alloc_failures", test_import_alloc_failures},
    {"matrix_random", test_matrix_random},
    {"matrix_instc", test_matrix_instc},
    {"matrix_refusals", test_matrix_refusals},
    {"fast_random", test_fast_random},
    {"filter_parts", test_filter_parts},
    {"router_one_layer", test_router_one_layer},
    {"ch_image", test_ch_image},
    {"net_image", test_net_image},
    {NULL, NULL},
};
