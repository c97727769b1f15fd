/*
 * peer_corridor.c -- corridor's side of the side-by-side benchmark
 * (bench/peers.sh): load a network (a folder written by `corridor import`,
 * or a snapshot), query it by distance with integer arc weights, and
 * write what every peer program writes, so bench/peers/summary.py can
 * compare answers and times.
 *
 *   peer_corridor export NET SCALE OUT.gr
 *       the arcs of NET's graph (one per link direction the query allows)
 *       as DIMACS, nodes numbered by corridor's node index + 1, weight =
 *       round(distance * SCALE): SCALE 1 for a DIMACS import (the file's
 *       own integers, checked to be integers), 1000 for kilometres to
 *       metres.  The peers read this file.
 *   peer_corridor router|node NET SCALE PAIRS REPEATS OUT
 *       load NET (timed), set the same integer weights, then REPEATS
 *       passes over PAIRS ("s t" a line, DIMACS numbers): `router` times
 *       cor_shortest_path (what `corridor route` runs, on the expanded
 *       graph), `node` times cor_fast_dijkstra on the flattened node graph
 *       (corridor/ch.h; its flattening counted in the load).  OUT gets
 *       "load_ms X" and then one "PAIR DIST MICROSECONDS" line per query
 *       (DIST -1: no route).
 *
 * A benchmark, not a test: nothing here is run by CI.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "corridor/ch.h"
#include "corridor/graph.h"
#include "corridor/model.h"
#include "corridor/route.h"
#include "bench_util.h"

static int fail(const char *what, cor_diag *d)
{
    fprintf(stderr, "peer_corridor: %s\n", what);
    char b[700];
    for (size_t i = 0; d && i < d->count; i++)
        cor_error_format(&d->items[i], b, sizeof b), fprintf(stderr, "  %s\n", b);
    return 3;
}

int main(int argc, char **argv)
{
    int export = argc == 5 && strcmp(argv[1], "export") == 0;
    int router = argc == 7 && strcmp(argv[1], "router") == 0;
    int node = argc == 7 && strcmp(argv[1], "node") == 0;
    if (!export && !router && !node) {
        fprintf(stderr, "usage: peer_corridor export NET SCALE OUT.gr\n"
                        "       peer_corridor router|node NET SCALE PAIRS REPEATS OUT\n");
        return 2;
    }
    double scale = strtod(argv[3], NULL);
    if (!(scale > 0))
        return fail("SCALE must be positive", NULL);
    cor_diag d;
    cor_diag_init(&d, 20);
    double t0 = now_us();
    cor_network *net = NULL;
    cor_graph *g = NULL;
    if (cor_network_load(argv[2], &net, &d) != COR_OK || cor_graph_build(net, &g, &d) != COR_OK)
        return fail("cannot load the network", &d);
    cor_query q;
    cor_query_init(&q, 2026);
    q.by = COR_BY_DISTANCE;
    cor_filter f;
    if (cor_filter_init(&f, g, &q, &d) != COR_OK)
        return fail("cannot set up the query", &d);
    /* the integer weights every tool uses */
    for (uint32_t a = 0; a < g->narcs; a++) {
        if (f.weight[a] == INFINITY)
            continue;
        double w = round(f.weight[a] * scale);
        if (scale == 1 && w != f.weight[a])
            return fail("an arc weight is not an integer (give SCALE 1000 for kilometres)", NULL);
        f.weight[a] = w;
    }
    cor_filter_weights_changed(&f);
    for (uint32_t s = 0; s < g->nstates; s++)
        if (f.term_w[s] != 0)
            return fail("a terminal handling weight by distance (not a plain graph)", NULL);
    if (export) {
        FILE *o = fopen(argv[4], "w");
        if (!o)
            return fail("cannot write the DIMACS file", NULL);
        uint32_t m = 0;
        for (uint32_t a = 0; a < g->narcs; a++)
            m += f.weight[a] < INFINITY;
        fprintf(o, "c %s by distance x %g (bench/peer_corridor.c)\np sp %u %u\n", argv[2], scale, g->nnodes, m);
        for (uint32_t a = 0; a < g->narcs; a++)
            if (f.weight[a] < INFINITY)
                fprintf(o, "a %u %u %.0f\n", g->state_node[g->tail[a]] + 1, g->state_node[g->head[a]] + 1,
                        f.weight[a]);
        return fclose(o) == 0 ? 0 : fail("write failed", NULL);
    }
    cor_fast *fg = NULL;
    if (node && cor_fast_build(&f, 0, &fg, &d) != COR_OK)
        return fail("cannot flatten the graph", &d);
    double t_load = now_us() - t0;

    FILE *in = fopen(argv[4], "r");
    if (!in)
        return fail("cannot read PAIRS", NULL);
    size_t np = 0, cap = 1024;
    uint32_t *ps = malloc(cap * sizeof *ps), *pt = malloc(cap * sizeof *pt);
    unsigned s, t;
    while (ps && pt && fscanf(in, "%u %u", &s, &t) == 2) {
        if (s < 1 || t < 1 || s > g->nnodes || t > g->nnodes)
            return fail("a pair names a node out of range", NULL);
        if (np == cap) {
            cap *= 2;
            uint32_t *a = realloc(ps, cap * sizeof *ps), *b = realloc(pt, cap * sizeof *pt);
            if (!a || !b)
                return fail("out of memory", NULL);
            ps = a, pt = b;
        }
        ps[np] = s - 1, pt[np] = t - 1, np++;
    }
    fclose(in);
    int repeats = atoi(argv[5]);
    FILE *o = fopen(argv[6], "w");
    if (!o || !ps || !pt)
        return fail("cannot write OUT", NULL);
    fprintf(o, "load_ms %.3f\n", t_load / 1e3);
    cor_workspace *ws = cor_workspace_new();
    cor_fast_ws *fw = fg ? cor_fast_ws_new(fg) : NULL;
    cor_path p;
    cor_path_init(&p);
    for (int r = 0; r < repeats; r++)
        for (size_t i = 0; i < np; i++) {
            double w = INFINITY, x = now_us();
            if (router) {
                if (cor_shortest_path(&f, &q, ws, ps[i], pt[i], &p, NULL) == COR_OK)
                    w = p.weight;
            } else {
                cor_fast_dijkstra(fg, fw, ps[i], pt[i], &w, NULL);
            }
            double us = now_us() - x;
            fprintf(o, "%zu %.0f %.3f\n", i, w < INFINITY ? w : -1.0, us);
        }
    cor_path_destroy(&p);
    cor_fast_ws_free(fw);
    cor_workspace_free(ws);
    cor_fast_free(fg);
    cor_filter_destroy(&f);
    cor_graph_free(g);
    cor_network_free(net);
    free(ps);
    free(pt);
    return fclose(o) == 0 ? 0 : fail("write failed", NULL);
}
