/*
 * bench_route.c -- route queries and load time on a network (default: the
 * shipped INSTC network), with igraph's Dijkstra on the same expanded graph
 * as the peer, in the same run.
 *
 *   bench_route [NETWORK_DIR] [QUERIES]
 *
 * Load: median and p99 of repeated cor_network_load + cor_graph_build.
 * Queries: random (from, to) pairs of non-waypoint nodes, objective time,
 * every link open in the current year.  corridor answers node-to-node
 * (multi-source over the origin's states, early exit at the destination);
 * the peer gets the same problem through a super-source and super-sink
 * vertex per node and igraph_get_shortest_path_dijkstra.  Both answers are
 * compared, so the benchmark also checks correctness.  Times are wall-clock
 * per query; report medians and ratios, not single runs.
 */
#include <igraph.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "corridor/alternatives.h"
#include "corridor/graph.h"
#include "corridor/model.h"
#include "corridor/route.h"
#include "bench_util.h"

static double pct(double *v, size_t n, double p)
{
    qsort(v, n, sizeof *v, cmp_double);
    size_t i = (size_t)(p * (double)(n - 1) + 0.5);
    return v[i];
}

/* Two different places drawn from cand[0..nc) with igraph's default
 * generator (seeded in main, so every run asks the same queries). */
static void random_pair(const uint32_t *cand, uint32_t nc, uint32_t *a, uint32_t *b)
{
    igraph_rng_t *r = igraph_rng_default();
    *a = cand[igraph_rng_get_integer(r, 0, nc - 1)];
    do
        *b = cand[igraph_rng_get_integer(r, 0, nc - 1)];
    while (*b == *a);
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : CORRIDOR_SOURCE_DIR "/data/instc";
    size_t nq = argc > 2 ? (size_t)strtoul(argv[2], NULL, 10) : 20000;
    if (nq < 100)
        nq = 100;
    cor_diag d;
    cor_diag_init(&d, 20);
    igraph_rng_seed(igraph_rng_default(), 42);

    /* load time */
    enum { LOADS = 60 };
    double lt[LOADS];
    cor_network *net = NULL;
    cor_graph *g = NULL;
    for (int i = 0; i < LOADS; i++) {
        double t0 = now_us();
        cor_network *n2 = NULL;
        cor_graph *g2 = NULL;
        if (cor_network_load(dir, &n2, &d) != COR_OK || cor_graph_build(n2, &g2, &d) != COR_OK) {
            fprintf(stderr, "bench: cannot load %s\n", dir);
            return 3;
        }
        lt[i] = now_us() - t0;
        if (i == LOADS - 1) {
            net = n2;
            g = g2;
        } else {
            cor_graph_free(g2);
            cor_network_free(n2);
        }
    }
    double load_med = pct(lt, LOADS, 0.5), load_p99 = pct(lt, LOADS, 0.99);

    cor_query q;
    time_t tnow = time(NULL);
    struct tm tm;
    gmtime_r(&tnow, &tm);
    cor_query_init(&q, tm.tm_year + 1900);
    cor_filter f;
    cor_filter_init(&f, g, &q, &d);
    cor_workspace *ws = cor_workspace_new();
    cor_path p;
    cor_path_init(&p);

    igraph_set_warning_handler(igraph_warning_handler_ignore);
    /* peer graph: states, then a source and a sink vertex per node */
    uint32_t nn = g->nnodes, ns = g->nstates;
    igraph_vector_int_t edges;
    igraph_vector_t w;
    igraph_vector_int_init(&edges, 0);
    igraph_vector_init(&w, 0);
    for (uint32_t a = 0; a < g->narcs; a++) {
        if (f.weight[a] == INFINITY)
            continue;
        igraph_vector_int_push_back(&edges, g->tail[a]);
        igraph_vector_int_push_back(&edges, g->head[a]);
        igraph_vector_push_back(&w, f.weight[a]);
    }
    for (uint32_t n = 0; n < nn; n++)
        for (uint32_t s = g->node_first_state[n]; s < g->node_first_state[n + 1]; s++) {
            igraph_vector_int_push_back(&edges, ns + n);      /* source -> state: terminal handling */
            igraph_vector_int_push_back(&edges, s);
            igraph_vector_push_back(&w, f.term_w[s]);
            igraph_vector_int_push_back(&edges, s);           /* state -> sink: terminal handling */
            igraph_vector_int_push_back(&edges, ns + nn + n);
            igraph_vector_push_back(&w, f.term_w[s]);
        }
    igraph_t ig;
    igraph_create(&ig, &edges, ns + 2 * nn, IGRAPH_DIRECTED);

    uint32_t *cand = malloc(nn * sizeof *cand), nc = 0;
    for (uint32_t n = 0; n < nn; n++)
        if (strcmp(cor_network_node(net, n)->kind, "waypoint") != 0 &&
            g->node_first_state[n + 1] > g->node_first_state[n])
            cand[nc++] = n;
    if (nc < 2) {
        fprintf(stderr, "bench_route: %s: fewer than two places with links\n", dir);
        return 1;
    }
    double *tc = malloc(nq * sizeof *tc), *tp = malloc(nq * sizeof *tp);
    igraph_vector_int_t pe;
    igraph_vector_int_init(&pe, 0);
    size_t mismatches = 0, routes = 0;
    for (size_t i = 0; i < nq; i++) {
        uint32_t a, b;
        random_pair(cand, nc, &a, &b);
        double t0 = now_us();
        cor_status s = cor_shortest_path(&f, &q, ws, a, b, &p, NULL);
        double t1 = now_us();
        igraph_get_shortest_path_dijkstra(&ig, NULL, &pe, ns + a, ns + nn + b, &w, IGRAPH_OUT);
        double t2 = now_us();
        tc[i] = t1 - t0;
        tp[i] = t2 - t1;
        double pw = 0;
        for (igraph_integer_t k = 0; k < igraph_vector_int_size(&pe); k++)
            pw += VECTOR(w)[VECTOR(pe)[k]];
        int peer_found = igraph_vector_int_size(&pe) > 0;
        if (s == COR_OK)
            routes++;
        if ((s == COR_OK) != peer_found || (s == COR_OK && fabs(pw - p.weight) > 1e-6 * (1 + pw)))
            mismatches++;
    }
    double cm = pct(tc, nq, 0.5), c99 = pct(tc, nq, 0.99), pm = pct(tp, nq, 0.5), p99 = pct(tp, nq, 0.99);
    printf("network: %s (%u nodes, %u links; graph %u states, %u arcs)\n", dir, nn, cor_network_link_count(net),
           ns, g->narcs);
    printf("load + graph build: median %.0f us, p99 %.0f us (%d runs)\n", load_med, load_p99, LOADS);
    printf("route queries (%zu random pairs, %zu with a route, by time):\n", nq, routes);
    printf("  corridor  median %8.2f us   p99 %8.2f us\n", cm, c99);
    printf("  igraph    median %8.2f us   p99 %8.2f us\n", pm, p99);
    printf("  ratio corridor/igraph: median %.2f, p99 %.2f\n", cm / pm, c99 / p99);
    printf("  answers that differ from igraph: %zu\n", mismatches);

    /* Pareto sets (no peer: reported against the plain query) and the
     * k = 5 best routes (peer: igraph_get_k_shortest_paths on the same
     * problem, built per query outside the timed region) */
    size_t np = nq / 10 > 2000 ? 2000 : nq / 10, nk = np / 4;
    double *tpar = malloc(np * sizeof *tpar), *tk = malloc(nk * sizeof *tk), *tkp = malloc(nk * sizeof *tkp);
    size_t front = 0, kdiff = 0;
    for (size_t i = 0; i < np; i++) {
        uint32_t a, b;
        random_pair(cand, nc, &a, &b);
        cor_path_set set;
        cor_path_set_init(&set);
        double t0 = now_us();
        cor_pareto(&f, &q, a, b, NULL, &set, NULL);
        tpar[i] = now_us() - t0;
        front += set.n;
        cor_path_set_destroy(&set);
    }
    for (size_t i = 0; i < nk; i++) {
        uint32_t a, b;
        random_pair(cand, nc, &a, &b);
        cor_path_set set;
        cor_path_set_init(&set);
        double t0 = now_us();
        cor_k_shortest(&f, &q, a, b, 5, NULL, &set, NULL);
        tk[i] = now_us() - t0;
        /* the peer's graph: no arc into the origin, none out of the
         * destination, a super source and a super sink */
        igraph_vector_int_t e2;
        igraph_vector_t w2;
        igraph_vector_int_init(&e2, 0);
        igraph_vector_init(&w2, 0);
        for (uint32_t arc = 0; arc < g->narcs; arc++) {
            if (f.weight[arc] == INFINITY || g->state_node[g->head[arc]] == a || g->state_node[g->tail[arc]] == b)
                continue;
            igraph_vector_int_push_back(&e2, g->tail[arc]);
            igraph_vector_int_push_back(&e2, g->head[arc]);
            igraph_vector_push_back(&w2, f.weight[arc]);
        }
        for (uint32_t st = g->node_first_state[a]; st < g->node_first_state[a + 1]; st++) {
            igraph_vector_int_push_back(&e2, ns);
            igraph_vector_int_push_back(&e2, st);
            igraph_vector_push_back(&w2, f.term_w[st]);
        }
        for (uint32_t st = g->node_first_state[b]; st < g->node_first_state[b + 1]; st++) {
            igraph_vector_int_push_back(&e2, st);
            igraph_vector_int_push_back(&e2, ns + 1);
            igraph_vector_push_back(&w2, f.term_w[st]);
        }
        igraph_t g2;
        igraph_create(&g2, &e2, ns + 2, IGRAPH_DIRECTED);
        igraph_vector_int_list_t ep;
        igraph_vector_int_list_init(&ep, 0);
        t0 = now_us();
        igraph_get_k_shortest_paths(&g2, &w2, NULL, &ep, 5, ns, ns + 1, IGRAPH_OUT);
        tkp[i] = now_us() - t0;
        igraph_integer_t npk = igraph_vector_int_list_size(&ep);
        if ((uint32_t)npk != set.n)
            kdiff++;
        else
            for (igraph_integer_t k = 0; k < npk; k++) {
                igraph_vector_int_t *pv = igraph_vector_int_list_get_ptr(&ep, k);
                double pw = 0;
                for (igraph_integer_t x = 0; x < igraph_vector_int_size(pv); x++)
                    pw += VECTOR(w2)[VECTOR(*pv)[x]];
                if (fabs(pw - set.paths[k].weight) > 1e-6 * (1 + pw)) {
                    kdiff++;
                    break;
                }
            }
        igraph_vector_int_list_destroy(&ep);
        igraph_destroy(&g2);
        igraph_vector_int_destroy(&e2);
        igraph_vector_destroy(&w2);
        cor_path_set_destroy(&set);
    }
    double pm2 = pct(tpar, np, 0.5), pp99 = pct(tpar, np, 0.99);
    double km = pct(tk, nk, 0.5), k99 = pct(tk, nk, 0.99), kpm = pct(tkp, nk, 0.5), kp99 = pct(tkp, nk, 0.99);
    printf("Pareto sets (%zu random pairs, %.1f routes per set on average):\n", np, np ? (double)front / np : 0);
    printf("  corridor  median %8.2f us   p99 %8.2f us   (%.1f x the median single query)\n", pm2, pp99, pm2 / cm);
    printf("5 best loopless routes (%zu random pairs, Yen):\n", nk);
    printf("  corridor  median %8.2f us   p99 %8.2f us\n", km, k99);
    printf("  igraph    median %8.2f us   p99 %8.2f us\n", kpm, kp99);
    printf("  ratio corridor/igraph: median %.2f, p99 %.2f\n", km / kpm, k99 / kp99);
    printf("  k-best lists that differ from igraph (count or weights): %zu\n", kdiff);
    free(tpar);
    free(tk);
    free(tkp);
    mismatches += kdiff;

    igraph_vector_int_destroy(&pe);
    igraph_destroy(&ig);
    igraph_vector_int_destroy(&edges);
    igraph_vector_destroy(&w);
    free(cand);
    free(tc);
    free(tp);
    cor_path_destroy(&p);
    cor_workspace_free(ws);
    cor_filter_destroy(&f);
    cor_graph_free(g);
    cor_network_free(net);
    cor_diag_destroy(&d);
    return mismatches ? 1 : 0;
}
