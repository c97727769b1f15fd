/*
 * bench_cch.c -- customizable contraction hierarchies (cch.h) on a DIMACS
 * graph: the metric-independent preprocessing (METIS order, chordal
 * graph) once, then a customization per metric (distance, and generalized
 * cost at two values of time), each followed by the same random pairs
 * through Dijkstra on the node graph (cor_fast_dijkstra, the reference),
 * the CCH query and, by distance, the CH query of ch.h (contracted for
 * distance alone); every answer compared.  A 100 x 100 matrix by the CCH
 * and by CH buckets, cells compared.  Medians and ratios in a Markdown
 * table (bench/cch.sh runs it on rome99 and gen_road graphs).
 *
 *   bench_cch FILE.gr [QUERIES [noch]]   noch: no CH (its contraction
 *                                        takes minutes on a million nodes)
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "corridor/cch.h"
#include "corridor/ch.h"
#include "corridor/graph.h"
#include "corridor/import.h"
#include "corridor/model.h"
#include "corridor/route.h"
#define BENCH_RNG_SEED 0x9e3779b97f4a7c15ull
#include "bench_util.h"

static int differs(double got, double want, int exact)
{
    if (isinf(got) || isinf(want))
        return !(isinf(got) && isinf(want));
    return exact ? got != want : fabs(got - want) > 1e-9 * (1 + fabs(want));
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_cch FILE.gr [QUERIES [noch]]\n");
        return 2;
    }
    if (access(argv[1], R_OK) != 0) {
        fprintf(stderr, "bench_cch: %s is absent: skipped\n", argv[1]);
        return 0;
    }
    size_t nq = argc > 2 ? (size_t)strtoul(argv[2], NULL, 10) : 200;
    if (nq < 10)
        nq = 10;
    int noch = argc > 3 && strcmp(argv[3], "noch") == 0;
    cor_diag d;
    cor_diag_init(&d, 20);
    cor_import *im = NULL;
    char dir[64] = "/tmp/corridor-bench-cch-XXXXXX";
    if (cor_import_dimacs(argv[1], NULL, &im, &d) != COR_OK || !mkdtemp(dir) ||
        cor_import_write(im, dir, NULL, &d) != COR_OK) {
        fprintf(stderr, "bench_cch: cannot import %s\n", argv[1]);
        return 3;
    }
    cor_import_free(im);
    cor_network *net = NULL;
    cor_graph *g = NULL;
    if (cor_network_load(dir, &net, &d) != COR_OK || cor_graph_build(net, &g, &d) != COR_OK) {
        fprintf(stderr, "bench_cch: cannot load %s\n", dir);
        return 3;
    }
    uint32_t n = g->nnodes;
    cor_query q;
    cor_query_init(&q, 2026);
    q.by = COR_BY_DISTANCE;
    cor_filter f0;
    if (cor_filter_init(&f0, g, &q, &d) != COR_OK)
        return 3;
    double t0 = now_us();
    cor_cch *c = NULL;
    if (cor_cch_build(&f0, &c, &d) != COR_OK) {
        fprintf(stderr, "bench_cch: %s\n", d.count ? d.items[0].msg : "CCH preprocessing failed");
        return 3;
    }
    double t_pre = now_us() - t0, t_ch = 0;
    cor_fast *ch = NULL;
    if (!noch) {
        t0 = now_us();
        if (cor_fast_build(&f0, 1, &ch, &d) != COR_OK)
            return 3;
        t_ch = now_us() - t0;
    }
    printf("### %s: %u nodes, %u arcs\n\n", argv[1], n, g->narcs);
    printf("| preprocessing | time | size |\n|---|---|---|\n");
    printf("| CCH, metric-independent (METIS order + chordal graph) | %.2f s | %u edges, tree height %u |\n",
           t_pre / 1e6, cor_cch_edge_count(c), cor_cch_tree_height(c));
    if (ch)
        printf("| CH by distance (cor_fast_build) | %.2f s | %u shortcuts |\n", t_ch / 1e6, cor_fast_shortcuts(ch));
    uint32_t *qa = malloc(nq * sizeof *qa), *qb = malloc(nq * sizeof *qb);
    double *td = malloc(nq * sizeof *td), *tc = malloc(nq * sizeof *tc), *th = malloc(nq * sizeof *th);
    double *tp = malloc(nq * sizeof *tp);
    if (!qa || !qb || !td || !tc || !th || !tp)
        return 4;
    for (size_t i = 0; i < nq; i++) {
        qa[i] = below(n);
        qb[i] = below(n);
    }
    cor_cch_ws *cws = cor_cch_ws_new(c);
    cor_fast_ws *hws = ch ? cor_fast_ws_new(ch) : NULL;
    cor_cch_metric *mt = NULL;
    cor_path p;
    cor_path_init(&p);
    static const struct {
        cor_objective by;
        double vot;
        const char *name;
    } metric[] = {{COR_BY_DISTANCE, 0, "distance"},
                  {COR_BY_GENERALIZED, 100, "generalized, value of time 100 USD/TEU-day"},
                  {COR_BY_GENERALIZED, 10000, "generalized, value of time 10,000 USD/TEU-day"}};
    printf("\n| metric | customization | %zu pairs: Dijkstra median | CCH median (ratio) | CCH with path median | "
           "CH median (ratio) | tree nodes walked (mean) | answers differing |\n|---|---|---|---|---|---|---|---|\n",
           nq);
    size_t total_bad = 0;
    for (int k = 0; k < 3; k++) {
        cor_query_init(&q, 2026);
        q.by = metric[k].by;
        q.value_of_time_usd_per_teu_day = metric[k].vot;
        cor_filter f;
        if (cor_filter_init(&f, g, &q, &d) != COR_OK)
            return 3;
        t0 = now_us();
        cor_status s = k == 0 ? cor_cch_customize(c, &f, &mt, &d) : cor_cch_recustomize(mt, &f, &d);
        double t_cust = now_us() - t0;
        cor_fast *flat = NULL;
        if (s != COR_OK || cor_fast_build(&f, 0, &flat, &d) != COR_OK)
            return 3;
        cor_fast_ws *fws = cor_fast_ws_new(flat);
        size_t bad = 0;
        double walked = 0;
        int use_ch = ch && k == 0;
        for (size_t i = 0; i < nq; i++) {
            double w1, w2, w3 = 0;
            uint32_t vis = 0;
            t0 = now_us();
            cor_fast_dijkstra(flat, fws, qa[i], qb[i], &w1, NULL);
            td[i] = now_us() - t0;
            t0 = now_us();
            cor_cch_distance(mt, cws, qa[i], qb[i], &w2, &vis);
            tc[i] = now_us() - t0;
            walked += vis;
            t0 = now_us();
            cor_status ps = cor_cch_path(mt, cws, qa[i], qb[i], &p, &d);
            tp[i] = now_us() - t0;
            if (use_ch) {
                t0 = now_us();
                cor_fast_ch(ch, hws, qa[i], qb[i], &w3, NULL);
                th[i] = now_us() - t0;
            }
            bad += differs(w2, w1, k == 0) || (use_ch && differs(w3, w1, 1)) ||
                   (ps == COR_OK ? differs(p.weight, w1, k == 0) : !isinf(w1));
        }
        double md = median(td, nq), mc = median(tc, nq), mp = median(tp, nq);
        char chcell[64] = "";
        if (use_ch) {
            double mh = median(th, nq);
            snprintf(chcell, sizeof chcell, "%.1f us (%.0f x)", mh, md / mh);
        }
        printf("| %s | %.1f ms | %.0f us | %.1f us (%.0f x) | %.1f us | %s | %.0f | %zu |\n", metric[k].name,
               t_cust / 1e3, md, mc, md / mc, mp, chcell, walked / (double)nq, bad);
        total_bad += bad;
        cor_fast_ws_free(fws);
        cor_fast_free(flat);
        cor_filter_destroy(&f);
    }
    /* matrix 100 x 100 by distance: CCH tree walks and CH buckets */
    enum { M = 100 };
    uint32_t from[M], to[M];
    for (int i = 0; i < M; i++) {
        from[i] = below(n);
        to[i] = below(n);
    }
    double *v1 = malloc(M * M * sizeof *v1), *v2 = malloc(M * M * sizeof *v2);
    cor_filter f;
    cor_query_init(&q, 2026);
    q.by = COR_BY_DISTANCE;
    if (!v1 || !v2 || cor_filter_init(&f, g, &q, &d) != COR_OK || cor_cch_recustomize(mt, &f, &d) != COR_OK)
        return 3;
    t0 = now_us();
    cor_status s1 = cor_cch_matrix(mt, from, M, to, M, v1, &d);
    double t_m1 = now_us() - t0;
    printf("\n| matrix 100 x 100 by distance | time | cells differing |\n|---|---|---|\n");
    size_t mbad = 0;
    if (ch) {
        t0 = now_us();
        cor_status s2 = cor_fast_matrix(ch, from, M, to, M, v2, &d);
        double t_m2 = now_us() - t0;
        for (int i = 0; i < M * M; i++)
            mbad += s1 != COR_OK || s2 != COR_OK || v1[i] != v2[i];
        printf("| CH buckets (cor_fast_matrix) | %.1f ms | |\n", t_m2 / 1e3);
    } else {
        for (int i = 0; i < M * M; i++) {
            double one;
            cor_cch_distance(mt, cws, from[i / M], to[i % M], &one, NULL);
            mbad += s1 != COR_OK || v1[i] != one;
        }
    }
    printf("| CCH tree walks (cor_cch_matrix) | %.1f ms | %zu (against %s) |\n", t_m1 / 1e3, mbad,
           ch ? "CH buckets" : "the CCH query per cell");
    total_bad += mbad;
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) == 0)
        printf("\npeak memory of this process: %.0f MB\n", ru.ru_maxrss / 1024.0);
    cor_filter_destroy(&f);
    cor_path_destroy(&p);
    cor_cch_ws_free(cws);
    cor_fast_ws_free(hws);
    cor_cch_metric_free(mt);
    cor_cch_free(c);
    cor_fast_free(ch);
    cor_filter_destroy(&f0);
    cor_graph_free(g);
    cor_network_free(net);
    free(qa);
    free(qb);
    free(td);
    free(tc);
    free(th);
    free(tp);
    free(v1);
    free(v2);
    cor_diag_destroy(&d);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        return 1;
    return total_bad ? 1 : 0;
}
