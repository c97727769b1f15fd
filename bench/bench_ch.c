/*
 * bench_ch.c -- contraction hierarchies alone on a DIMACS graph: the
 * preprocessing time, then the same random pairs by distance through
 * Dijkstra on the node graph and through the CH query (every answer
 * compared), and a 100 x 100 matrix by one Dijkstra per origin, by one
 * CH query per cell and by the bucket many-to-many (cells compared).
 * Medians and ratios in a Markdown table.  Lighter than bench_large (no
 * snapshot, no peer): for tuning and for graphs other than gen_road's.
 *
 *   bench_ch FILE.gr [QUERIES [fast]]   fast: no one-to-all matrix (cells
 *                                       compared with the CH query per cell)
 *   bench_ch FILE.snap [QUERIES [fast]]   the same on a snapshot (corridor
 *                                       build) with its stored hierarchy by
 *                                       distance: nothing contracted; also the
 *                                       router and the CH path (what corridor
 *                                       route runs without and with it)
 *   bench_ch --load FILE.snap   a snapshot's load alone (median of 5 loads),
 *                               then its first use (checksums, graph), with
 *                               the process's resident memory after each
 */
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
#define BENCH_RNG_SEED 0x2545f4914f6cdd1dull
#include "bench_util.h"

static int load_only(const char *path)
{
    cor_diag d;
    cor_diag_init(&d, 20);
    double t[5], tv = 0, tg = 0, r0, p0, r1 = 0, p1 = 0, r2 = 0, p2 = 0;
    rss(&r0, &p0);
    for (int k = 0; k < 5; k++) {
        cor_network *net = NULL;
        cor_graph *g = NULL;
        double t0 = now_us();
        if (cor_network_load(path, &net, &d) != COR_OK) {
            fprintf(stderr, "bench_ch: cannot load %s\n", path);
            return 3;
        }
        t[k] = now_us() - t0;
        if (k == 4) { /* the last: its first use too */
            rss(&r1, &p1);
            t0 = now_us();
            if (cor_network_verify(net, &d) != COR_OK)
                return 3;
            tv = now_us() - t0;
            t0 = now_us();
            if (cor_graph_build(net, &g, &d) != COR_OK)
                return 3;
            tg = now_us() - t0;
            rss(&r2, &p2);
        }
        cor_graph_free(g);
        cor_network_free(net);
    }
    printf("| snapshot %s | time | resident memory after |\n|---|---|---|\n", path);
    printf("| before loading | | %.0f MB |\n", r0);
    printf("| load: map in place (cor_network_load, median of 5) | %.2f ms | %.0f MB |\n", median(t, 5) / 1e3, r1);
    printf("| first use: the images' checksums (cor_network_verify) | %.0f ms | |\n", tv / 1e3);
    printf("| then the graph in place (cor_graph_build) | %.2f ms | %.0f MB (peak %.0f MB) |\n", tg / 1e3, r2, p2);
    cor_diag_destroy(&d);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--load") == 0)
        return load_only(argv[2]);
    if (argc < 2) {
        fprintf(stderr, "usage: bench_ch FILE.gr|FILE.snap [QUERIES [fast]] | --load FILE.snap\n");
        return 2;
    }
    size_t nq = argc > 2 ? (size_t)strtoul(argv[2], NULL, 10) : 200;
    if (nq < 10)
        nq = 10;
    cor_diag d;
    cor_diag_init(&d, 20);
    int snap = cor_snapshot_is_file(argv[1]) && strstr(argv[1], ".snap") != NULL;
    char dir[64] = "/tmp/corridor-bench-ch-XXXXXX";
    if (!snap) {
        cor_import *im = NULL;
        if (cor_import_dimacs(argv[1], NULL, &im, &d) != COR_OK || !mkdtemp(dir) ||
            cor_import_write(im, dir, NULL, &d) != COR_OK) {
            fprintf(stderr, "bench_ch: cannot import %s\n", argv[1]);
            return 3;
        }
        cor_import_free(im);
    }
    cor_network *net = NULL;
    cor_graph *g = NULL;
    if (cor_network_load(snap ? argv[1] : dir, &net, &d) != COR_OK || cor_graph_build(net, &g, &d) != COR_OK) {
        fprintf(stderr, "bench_ch: cannot load %s\n", snap ? argv[1] : dir);
        return 3;
    }
    cor_query q;
    cor_query_init(&q, cor_this_year()); /* the year corridor build stores */
    q.by = COR_BY_DISTANCE;
    cor_filter f;
    cor_fast *ch = NULL;
    void *map = NULL;
    size_t maplen = 0;
    if (cor_filter_init(&f, g, &q, &d) != COR_OK)
        return 3;
    double t0 = now_us();
    if (snap ? cor_snapshot_ch(argv[1], q.by, q.year, &ch, &map, &maplen, &d) != COR_OK || !cor_fast_fits(ch, &f)
             : cor_fast_build(&f, 1, &ch, &d) != COR_OK) {
        fprintf(stderr, "bench_ch: %s\n", snap ? "no stored hierarchy by distance that fits" : "cannot contract");
        return 3;
    }
    double t_ch = now_us() - t0;
    uint32_t n = g->nnodes;
    cor_fast_ws *ws = cor_fast_ws_new(ch);
    double *td = malloc(nq * sizeof *td), *tc = malloc(nq * sizeof *tc);
    double *tr = malloc(nq * sizeof *tr), *tp = malloc(nq * sizeof *tp);
    double sd = 0, sc = 0;
    size_t bad = 0, rbad = 0;
    cor_workspace *rw = cor_workspace_new();
    cor_path rp, cp;
    cor_path_init(&rp);
    cor_path_init(&cp);
    for (size_t i = 0; i < nq; i++) {
        uint32_t a = below(n), b = below(n), k1 = 0, k2 = 0;
        double w1, w2;
        t0 = now_us();
        cor_fast_dijkstra(ch, ws, a, b, &w1, &k1);
        td[i] = now_us() - t0;
        t0 = now_us();
        cor_fast_ch(ch, ws, a, b, &w2, &k2);
        tc[i] = now_us() - t0;
        bad += w1 != w2;
        sd += k1;
        sc += k2;
        if (snap) { /* the router (corridor route without a hierarchy) and the CH path (with one) */
            t0 = now_us();
            cor_status s1 = cor_shortest_path(&f, &q, rw, a, b, &rp, &d);
            tr[i] = now_us() - t0;
            t0 = now_us();
            cor_status s2 = cor_fast_ch_path(ch, ws, a, b, &cp, NULL, &d);
            tp[i] = now_us() - t0;
            rbad += s1 != s2 || (s1 == COR_OK && (rp.weight != w1 || cp.weight != w1));
        }
    }
    cor_path_destroy(&rp);
    cor_path_destroy(&cp);
    cor_workspace_free(rw);
    /* matrix 100 x 100 */
    enum { M = 100 };
    uint32_t from[M], to[M];
    for (int i = 0; i < M; i++) {
        from[i] = below(n);
        to[i] = below(n);
    }
    double *v1 = malloc(M * M * sizeof *v1), *v2 = malloc(M * M * sizeof *v2), *v3 = malloc(M * M * sizeof *v3);
    cor_matrix_info info;
    int fast = argc > 3 && strcmp(argv[3], "fast") == 0;
    t0 = now_us();
    if (!fast)
        cor_matrix(&f, &q, from, M, to, M, v1, &info, &d);
    double t_tree = now_us() - t0;
    t0 = now_us();
    for (int i = 0; i < M; i++)
        for (int j = 0; j < M; j++)
            cor_fast_ch(ch, ws, from[i], to[j], &v2[i * M + j], NULL);
    double t_cell = now_us() - t0;
    t0 = now_us();
    cor_status ms = cor_fast_matrix(ch, from, M, to, M, v3, &d);
    double t_bucket = now_us() - t0;
    if (fast)
        memcpy(v1, v2, M * M * sizeof *v1);
    size_t mbad2 = 0, mbad3 = 0;
    for (int i = 0; i < M * M; i++) {
        mbad2 += v1[i] != v2[i];
        mbad3 += ms != COR_OK || v1[i] != v3[i];
    }
    double md = median(td, nq), mc = median(tc, nq);
    if (snap)
        printf("### %s: %u nodes, %u arcs; CH: %u shortcuts, stored (mapped and checked in %.0f ms)\n\n", argv[1], n,
               g->narcs, cor_fast_shortcuts(ch), t_ch / 1e3);
    else
        printf("### %s: %u nodes, %u arcs; CH: %u shortcuts in %.1f s\n\n", argv[1], n, g->narcs,
               cor_fast_shortcuts(ch), t_ch / 1e6);
    printf("| %zu random pairs by distance | median | settled (mean) | ratio to Dijkstra | answers differing |\n"
           "|---|---|---|---|---|\n", nq);
    printf("| Dijkstra, node graph | %.1f us | %.0f | 1 | |\n", md, sd / nq);
    printf("| CH query | %.1f us | %.0f | %.0f x faster | %zu |\n", mc, sc / nq, md / mc, bad);
    if (snap) {
        double mr = median(tr, nq), mp = median(tp, nq);
        printf("| router (cor_shortest_path: corridor route without a hierarchy; path) | %.1f us | | %.2f | %zu |\n", mr,
               md / mr, rbad);
        printf("| CH path (cor_fast_ch_path: corridor route with one; query and unpacking) | %.1f us | | %.0f x faster | "
               "%zu |\n", mp, md / mp, rbad);
    }
    printf("\n| matrix 100 x 100 | time | cells differing from one search per origin |\n|---|---|---|\n");
    if (!fast)
        printf("| one Dijkstra per origin (cor_matrix) | %.0f ms | |\n", t_tree / 1e3);
    printf("| one CH query per cell | %.1f ms | %zu |\n", t_cell / 1e3, mbad2);
    printf("| CH buckets, many-to-many (cor_fast_matrix) | %.1f ms | %zu |\n", t_bucket / 1e3, mbad3);
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) == 0)
        printf("\npeak memory of this process: %.0f MB\n", ru.ru_maxrss / 1024.0);
    cor_fast_ws_free(ws);
    cor_fast_free(ch);
    cor_snapshot_unmap(map, maplen);
    cor_filter_destroy(&f);
    cor_graph_free(g);
    cor_network_free(net);
    free(td);
    free(tc);
    free(tr);
    free(tp);
    free(v1);
    free(v2);
    free(v3);
    cor_diag_destroy(&d);
    if (snap)
        return 0;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : 1;
}
