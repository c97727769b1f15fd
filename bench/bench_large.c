/*
 * bench_large.c -- exact one-objective queries on a large single-mode
 * network, side by side on the same query pairs: the router's Dijkstra
 * (cor_shortest_path), Dijkstra, bidirectional Dijkstra and CH on the
 * flattened node graph (corridor/ch.h), and igraph's Dijkstra
 * (igraph_get_shortest_path_dijkstra) on the same arcs; plus a 100 x 100
 * matrix (one search per origin against CH per cell), load and
 * preprocessing times.  Every answer is compared with cor_shortest_path.
 *
 *   bench_large FILE.gr [QUERIES]     a DIMACS graph (imported as by corridor import)
 *   bench_large grid:W:H [QUERIES]    a generated road-like grid (below)
 *
 * The grid: W x H nodes, both directions between neighbours, integer
 * weights 100..999 (metres), every 16th row and column an arterial at a
 * quarter of the weight, 10 % of the street links left out (seeded:
 * the same graph every run).  Output: a Markdown table of medians and
 * ratios.  A benchmark, not a test: run by bench/large.sh.
 */
#include <igraph/igraph.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "corridor/ch.h"
#include "corridor/graph.h"
#include "corridor/import.h"
#include "corridor/matrix.h"
#include "corridor/model.h"
#include "corridor/route.h"
#include "corridor/snapshot.h"
#include "bench_util.h"

static uint64_t rng = 0x13c0ffee;
static uint32_t below(uint32_t n)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return (uint32_t)((rng * 2685821657736338717ull) % n);
}

static char *grid(uint32_t W, uint32_t H, size_t *len)
{
    size_t cap = 64 + (size_t)W * H * 4 * 32;
    char *buf = malloc(cap), *arcs = malloc(cap);
    if (!buf || !arcs)
        return NULL;
    size_t w = 0;
    uint32_t m = 0;
    for (uint32_t y = 0; y < H; y++)
        for (uint32_t x = 0; x < W; x++) {
            uint32_t u = y * W + x + 1;
            for (int dir = 0; dir < 2; dir++) {
                if ((dir == 0 && x + 1 >= W) || (dir == 1 && y + 1 >= H))
                    continue;
                uint32_t v = dir == 0 ? u + 1 : u + W;
                int arterial = dir == 0 ? y % 16 == 0 : x % 16 == 0;
                if (!arterial && below(10) == 0)
                    continue;
                uint32_t a = 100 + below(900), b = 100 + below(900);
                if (arterial)
                    a = a / 4 + 1, b = b / 4 + 1;
                w += (size_t)snprintf(arcs + w, cap - w, "a %u %u %u\na %u %u %u\n", u, v, a, v, u, b);
                m += 2;
            }
        }
    size_t h = (size_t)snprintf(buf, cap, "c generated road-like grid %u x %u\np sp %u %u\n", W, H, W * H, m);
    memcpy(buf + h, arcs, w);
    free(arcs);
    *len = h + w;
    return buf;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_large FILE.gr|grid:W:H [QUERIES]\n");
        return 2;
    }
    size_t nq = argc > 2 ? (size_t)strtoul(argv[2], NULL, 10) : 1000;
    if (nq < 10)
        nq = 10;
    cor_diag d;
    cor_diag_init(&d, 20);
    cor_import *im = NULL;
    double t0 = now_us();
    cor_status s;
    unsigned W = 0, H = 0;
    if (sscanf(argv[1], "grid:%u:%u", &W, &H) == 2) {
        size_t len;
        char *text = grid(W, H, &len);
        s = text ? cor_import_dimacs_mem(text, len, argv[1], NULL, 0, NULL, &im, &d) : COR_ENOMEM;
        free(text);
    } else {
        s = cor_import_dimacs(argv[1], NULL, &im, &d);
    }
    char dir[64] = "/tmp/corridor-bench-XXXXXX";
    if (s != COR_OK || !mkdtemp(dir) || cor_import_write(im, dir, NULL, &d) != COR_OK) {
        fprintf(stderr, "bench_large: cannot import %s\n", argv[1]);
        return 3;
    }
    double t_import = now_us() - t0;
    cor_import_free(im);
    t0 = now_us();
    cor_network *net = NULL;
    cor_graph *g = NULL;
    if (cor_network_load(dir, &net, &d) != COR_OK || cor_graph_build(net, &g, &d) != COR_OK) {
        char b[700];
        for (size_t i = 0; i < d.count; i++)
            cor_error_format(&d.items[i], b, sizeof b), fprintf(stderr, "%s\n", b);
        return 3;
    }
    double t_load = now_us() - t0;
    /* the snapshot: build (validates, contracts by distance and time, writes
     * the images), then load it (network + graph) five times: median */
    char snap[96];
    snprintf(snap, sizeof snap, "%s.snap", dir);
    t0 = now_us();
    if (cor_snapshot_build(dir, snap, &d) != COR_OK) {
        fprintf(stderr, "bench_large: cannot build the snapshot\n");
        return 3;
    }
    double t_snap_build = now_us() - t0, t_snap[5], t_snap_use[5], t_snap_ch[5];
    for (int r = 0; r < 5; r++) {
        cor_network *sn = NULL;
        cor_graph *sg = NULL;
        t0 = now_us();
        if (cor_network_load(snap, &sn, &d) != COR_OK) {
            fprintf(stderr, "bench_large: cannot load the snapshot\n");
            return 3;
        }
        t_snap[r] = now_us() - t0;
        t0 = now_us();
        if (cor_network_verify(sn, &d) != COR_OK || cor_graph_build(sn, &sg, &d) != COR_OK) {
            fprintf(stderr, "bench_large: cannot use the snapshot\n");
            return 3;
        }
        t_snap_use[r] = now_us() - t0;
        cor_fast *sf = NULL;
        void *map = NULL;
        size_t maplen = 0;
        t0 = now_us();
        if (cor_snapshot_ch(snap, COR_BY_DISTANCE, 2026, &sf, &map, &maplen, &d) != COR_OK)
            t_snap_ch[r] = -1;
        else
            t_snap_ch[r] = now_us() - t0;
        cor_fast_free(sf);
        cor_snapshot_unmap(map, maplen);
        cor_graph_free(sg);
        cor_network_free(sn);
    }
    cor_query q;
    cor_query_init(&q, 2026);
    q.by = COR_BY_DISTANCE;
    cor_filter f;
    cor_fast *plain = NULL, *ch = NULL;
    cor_filter_init(&f, g, &q, &d);
    t0 = now_us();
    cor_fast_build(&f, 0, &plain, &d);
    double t_flat = now_us() - t0;
    t0 = now_us();
    if (cor_fast_build(&f, 1, &ch, &d) != COR_OK)
        return 3;
    double t_ch = now_us() - t0;
    uint32_t n = g->nnodes;

    /* igraph on the same arcs (states = nodes here) */
    igraph_set_warning_handler(igraph_warning_handler_ignore);
    igraph_vector_int_t edges;
    igraph_vector_t w;
    igraph_vector_int_init(&edges, 0);
    igraph_vector_init(&w, 0);
    for (uint32_t a = 0; a < g->narcs; a++)
        if (f.weight[a] < INFINITY) {
            igraph_vector_int_push_back(&edges, g->state_node[g->tail[a]]);
            igraph_vector_int_push_back(&edges, g->state_node[g->head[a]]);
            igraph_vector_push_back(&w, f.weight[a]);
        }
    igraph_t ig;
    igraph_create(&ig, &edges, n, IGRAPH_DIRECTED);
    igraph_vector_int_t pe;
    igraph_vector_int_init(&pe, 0);

    enum { M_ROUTER, M_DIJ, M_BIDIR, M_CH, M_IGRAPH, M_N };
    static const char *const names[M_N] = {"corridor route (cor_shortest_path, expanded graph)",
                                           "Dijkstra on the node graph", "bidirectional Dijkstra",
                                           "CH query", "igraph_get_shortest_path_dijkstra"};
    double *t[M_N];
    size_t bad[M_N] = {0}, routes = 0;
    double settled[M_N] = {0};
    for (int k = 0; k < M_N; k++)
        t[k] = malloc(nq * sizeof **t);
    cor_workspace *ws = cor_workspace_new();
    cor_fast_ws *fw = cor_fast_ws_new(ch);
    cor_path p;
    cor_path_init(&p);
    for (size_t i = 0; i < nq; i++) {
        uint32_t a = below(n), b = below(n);
        double v[M_N];
        uint32_t st = 0;
        double x = now_us();
        s = cor_shortest_path(&f, &q, ws, a, b, &p, NULL);
        v[M_ROUTER] = s == COR_OK ? p.weight : INFINITY;
        t[M_ROUTER][i] = now_us() - x;
        x = now_us();
        cor_fast_dijkstra(plain, fw, a, b, &v[M_DIJ], &st);
        t[M_DIJ][i] = now_us() - x;
        settled[M_DIJ] += st;
        x = now_us();
        cor_fast_bidir(plain, fw, a, b, &v[M_BIDIR], &st);
        t[M_BIDIR][i] = now_us() - x;
        settled[M_BIDIR] += st;
        x = now_us();
        cor_fast_ch(ch, fw, a, b, &v[M_CH], &st);
        t[M_CH][i] = now_us() - x;
        settled[M_CH] += st;
        x = now_us();
        igraph_get_shortest_path_dijkstra(&ig, NULL, &pe, a, b, &w, IGRAPH_OUT);
        t[M_IGRAPH][i] = now_us() - x;
        double pw = 0;
        for (igraph_integer_t k = 0; k < igraph_vector_int_size(&pe); k++)
            pw += VECTOR(w)[VECTOR(pe)[k]];
        v[M_IGRAPH] = igraph_vector_int_size(&pe) > 0 || a == b ? pw : INFINITY;
        routes += s == COR_OK;
        for (int k = 1; k < M_N; k++)
            bad[k] += v[k] != v[M_ROUTER];
    }
    /* 100 x 100 matrix: one search per origin, and CH per cell */
    uint32_t from[100], to[100];
    for (int i = 0; i < 100; i++)
        from[i] = below(n), to[i] = below(n);
    double *mv = malloc(100 * 100 * sizeof *mv), *mc = malloc(100 * 100 * sizeof *mc);
    cor_matrix_info info;
    double x = now_us();
    cor_matrix(&f, &q, from, 100, to, 100, mv, &info, &d);
    double t_mat = now_us() - x;
    x = now_us();
    for (int i = 0; i < 100; i++)
        for (int j = 0; j < 100; j++)
            cor_fast_ch(ch, fw, from[i], to[j], &mc[i * 100 + j], NULL);
    double t_match = now_us() - x;
    size_t mbad = 0, bbad = 0;
    for (int i = 0; i < 100 * 100; i++)
        mbad += mv[i] != mc[i];
    x = now_us();
    if (cor_fast_matrix(ch, from, 100, to, 100, mc, &d) != COR_OK)
        return 3;
    double t_bucket = now_us() - x;
    for (int i = 0; i < 100 * 100; i++)
        bbad += mv[i] != mc[i];

    double med[M_N];
    for (int k = 0; k < M_N; k++)
        med[k] = median(t[k], nq);
    printf("### %s: %u nodes, %u arcs\n\n", argv[1], n, g->narcs);
    printf("%zu random pairs by distance (%zu with a route); every answer compared with cor_shortest_path.\n\n", nq,
           routes);
    printf("| method | median | / corridor route | / igraph | answers differing |\n|---|---|---|---|---|\n");
    for (int k = 0; k < M_N; k++)
        printf("| %s | %.1f us | %.3g | %.3g | %zu |\n", names[k], med[k], med[k] / med[M_ROUTER],
               med[k] / med[M_IGRAPH], k == M_ROUTER ? (size_t)0 : bad[k]);
    printf("\n| preprocessing and bulk | time |\n|---|---|\n");
    printf("| import (DIMACS text -> network folder) | %.0f ms |\n", t_import / 1e3);
    printf("| load + expanded graph build (CSV loader) | %.0f ms |\n", t_load / 1e3);
    printf("| snapshot build (validate, contract by distance and time, write) | %.0f ms |\n", t_snap_build / 1e3);
    printf("| snapshot load: the network mapped in place (median of 5) | %.2f ms |\n", median(t_snap, 5) / 1e3);
    printf("| snapshot first use: checksums of the images, graph in place (median of 5) | %.1f ms |\n",
           median(t_snap_use, 5) / 1e3);
    printf("| snapshot: stored CH by distance, mapped and checked (median of 5) | %.1f ms |\n",
           median(t_snap_ch, 5) / 1e3);
    printf("| flatten to node graph | %.1f ms |\n", t_flat / 1e3);
    printf("| CH preprocessing (%u shortcuts) | %.0f ms |\n", cor_fast_shortcuts(ch), t_ch / 1e3);
    printf("| matrix 100 x 100, one search per origin (%u searches) | %.0f ms |\n", info.tree_searches, t_mat / 1e3);
    printf("| matrix 100 x 100, CH per cell (%zu cells differ) | %.1f ms |\n", mbad, t_match / 1e3);
    printf("| matrix 100 x 100, CH buckets many-to-many (%zu cells differ) | %.1f ms |\n", bbad, t_bucket / 1e3);
    printf("\navg nodes settled: Dijkstra %.0f, bidirectional %.0f, CH %.0f\n", settled[M_DIJ] / (double)nq,
           settled[M_BIDIR] / (double)nq, settled[M_CH] / (double)nq);
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) == 0)
        printf("peak memory of this benchmark process (everything above at once): %.0f MB\n", ru.ru_maxrss / 1024.0);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s'", dir, snap);
    if (system(cmd) != 0)
        fprintf(stderr, "bench_large: could not remove %s\n", dir);
    return 0;
}
