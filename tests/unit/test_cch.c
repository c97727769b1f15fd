/*
 * test_cch.c -- customizable contraction hierarchies (cch.h) against
 * plain Dijkstra (cor_fast_dijkstra and cor_shortest_path) on random TNTP
 * networks: ONE metric-independent preprocessing per graph, customized
 * again for distance, time and generalized cost at two values of time;
 * many random pairs each, distances, paths and matrices; and the
 * refusals (another graph, an arc the topology lacks, a multimodal
 * network, nodes out of range).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/cch.h"
#include "corridor/ch.h"
#include "corridor/graph.h"
#include "corridor/import.h"
#include "corridor/model.h"
#include "corridor/route.h"
#include "runner.h"

/* An explicit, seeded generator (splitmix64). */
static uint64_t rnd(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}
static uint32_t below(uint64_t *s, uint32_t n) { return (uint32_t)(rnd(s) % n); }

/* A random TNTP network: n nodes, the first nz of them zones, a ring
 * both ways (when ring) plus m random links; integer lengths 1..maxw and
 * free-flow times drawn apart from them, so that time, distance and
 * generalized cost (money by length, time by fft) rank routes apart. */
static char *random_tntp(uint64_t *seed, uint32_t n, uint32_t nz, uint32_t m, uint32_t maxw, int ring)
{
    size_t cap = 128 + (size_t)(2 * n + m) * 80, w;
    char *buf = malloc(cap);
    if (!buf)
        return NULL;
    w = (size_t)snprintf(buf, cap, "<NUMBER OF NODES> %u\n<FIRST THRU NODE> %u\n<END OF METADATA>\n", n, nz + 1);
    for (uint32_t k = 0; k < (ring ? 2 * n : 0) + m; k++) {
        uint32_t a, b;
        if (ring && k < 2 * n) {
            a = k / 2;
            b = (a + 1) % n;
            if (k % 2) {
                uint32_t t = a;
                a = b;
                b = t;
            }
        } else {
            a = below(seed, n);
            b = below(seed, n);
            if (a == b)
                b = (a + 1) % n;
        }
        w += (size_t)snprintf(buf + w, cap - w, "%u %u 1000 %u %.3f 0.15 4 0 0 1 ;\n", a + 1, b + 1,
                              1 + below(seed, maxw), 0.01 + below(seed, 5000) / 1000.0);
    }
    return buf;
}

typedef cor_test_world world;

static int world_tntp(world *w, const char *text)
{
    cor_diag d;
    cor_diag_init(&d, 10);
    cor_import *im = NULL;
    cor_status s = cor_import_tntp_mem(text, strlen(text), "r_net.tntp", &im, &d);
    return cor_test_world_import(w, im, s, &d);
}

#define world_free cor_test_world_free

static int same(double got, double want, int exact)
{
    if (isinf(want) || isinf(got))
        return isinf(want) && isinf(got);
    return exact ? got == want : fabs(got - want) <= 1e-9 * (1 + fabs(want));
}

/* A CCH path: consecutive arcs from `from` to `to`, the filter allows
 * each, and their weights plus the terminal weights give the distance. */
static int path_ok(const cor_filter *f, const cor_path *p, uint32_t from, uint32_t to, double want)
{
    const cor_graph *g = f->g;
    double sum = f->term_w[g->node_first_state[from]] + f->term_w[g->node_first_state[to]];
    uint32_t at = from;
    for (uint32_t i = 0; i < p->narcs; i++) {
        uint32_t a = p->arcs[i];
        if (a >= g->narcs || g->state_node[g->tail[a]] != at || f->weight[a] == INFINITY)
            return 0;
        sum += f->weight[a];
        at = g->state_node[g->head[a]];
    }
    return at == to && fabs(sum - want) <= 1e-9 * (1 + want) && fabs(p->weight - want) <= 1e-9 * (1 + want);
}

static void test_cch_random(void)
{
    uint64_t seed = 0xcc4c4;
    uint32_t pairs = 0, reachable = 0, bad = 0, paths = 0, cells = 0, differ = 0, graphs = 0;
    for (int round = 0; round < 8; round++) {
        uint32_t n = round < 4 ? 4 + below(&seed, 40) : 150 + below(&seed, 350);
        uint32_t nz = round % 3 == 1 ? 1 + n / 8 : 0;
        uint32_t m = round % 4 == 3 ? n + below(&seed, 2 * n) : below(&seed, round % 2 ? n / 2 + 1 : 3 * n);
        char *text = random_tntp(&seed, n, nz, m, round % 2 ? 9 : 40000, round % 4 != 3);
        world w;
        CHECK(text && world_tntp(&w, text) == 0);
        free(text);
        if (!w.g) {
            world_free(&w);
            continue;
        }
        graphs++;
        cor_diag d;
        cor_diag_init(&d, 10);
        cor_query q;
        cor_query_init(&q, 2026);
        q.by = COR_BY_DISTANCE;
        cor_filter f0;
        cor_cch *c = NULL;
        CHECK(cor_filter_init(&f0, w.g, &q, &d) == COR_OK);
        CHECK(cor_cch_build(&f0, &c, &d) == COR_OK && c);
        CHECK(cor_cch_node_count(c) == n && cor_cch_tree_height(c) >= 1 && cor_cch_tree_height(c) <= n + nz);
        cor_filter_destroy(&f0);
        cor_cch_metric *mt = NULL;
        cor_cch_ws *ws = c ? cor_cch_ws_new(c) : NULL;
        cor_workspace *dw = cor_workspace_new();
        cor_path p, cp, prev[60];
        cor_path_init(&p);
        cor_path_init(&cp);
        for (int i = 0; i < 60; i++)
            cor_path_init(&prev[i]);
        /* one preprocessing, four metrics: distance, time, generalized at 2 values of time */
        static const struct {
            cor_objective by;
            double vot;
        } metric[] = {{COR_BY_DISTANCE, 0}, {COR_BY_TIME, 0}, {COR_BY_GENERALIZED, 20}, {COR_BY_GENERALIZED, 20000}};
        for (int k = 0; c && ws && k < 4; k++) {
            cor_query_init(&q, 2026);
            q.by = metric[k].by;
            q.value_of_time_usd_per_teu_day = metric[k].vot;
            cor_filter f;
            CHECK(cor_filter_init(&f, w.g, &q, &d) == COR_OK);
            if (k == 1 && round % 2 == 0) { /* zero weights: ties and zero-weight cycles */
                for (uint32_t a = 0; a < w.g->narcs; a += 3)
                    if (f.weight[a] < INFINITY)
                        f.weight[a] = 0;
                cor_filter_weights_changed(&f);
            }
            CHECK((k == 0 ? cor_cch_customize(c, &f, &mt, &d) : cor_cch_recustomize(mt, &f, &d)) == COR_OK);
            cor_fast *fg = NULL;
            CHECK(cor_fast_build(&f, 0, &fg, &d) == COR_OK);
            cor_fast_ws *fws = fg ? cor_fast_ws_new(fg) : NULL;
            int exact = k == 0; /* integer lengths */
            uint64_t ps = 99 + (uint64_t)round; /* the same pairs for every metric */
            for (uint32_t i = 0; mt && fws && i < 250; i++) {
                uint32_t a = below(&ps, n), b = i % 10 == 0 ? a : below(&ps, n);
                double want, fast, got;
                cor_status s = cor_shortest_path(&f, &q, dw, a, b, &p, &d);
                want = s == COR_OK ? p.weight : INFINITY;
                cor_fast_dijkstra(fg, fws, a, b, &fast, NULL);
                cor_status cs = cor_cch_distance(mt, ws, a, b, &got, NULL);
                pairs++;
                reachable += s == COR_OK;
                if ((cs == COR_OK) != (s == COR_OK) || !same(got, want, exact) || !same(got, fast, exact)) {
                    if (bad++ < 5)
                        fprintf(stderr, "  round %d metric %d %u -> %u: CCH %.17g, cor_fast %.17g, Dijkstra %.17g\n",
                                round, k, a, b, got, fast, want);
                }
                if (i % 4 == 0 && s == COR_OK) {
                    CHECK(cor_cch_path(mt, ws, a, b, &cp, &d) == COR_OK);
                    paths++;
                    if (!path_ok(&f, &cp, a, b, want) && bad++ < 5)
                        fprintf(stderr, "  round %d metric %d %u -> %u: a path of %u arcs that is not the route\n",
                                round, k, a, b, cp.narcs);
                    /* the two values of time: does the route change? */
                    uint32_t slot = i / 4;
                    if (k == 3 && slot < 60 && prev[slot].narcs &&
                        (prev[slot].narcs != cp.narcs ||
                         memcmp(prev[slot].arcs, cp.arcs, cp.narcs * sizeof *cp.arcs) != 0))
                        differ++;
                    if (k == 2 && slot < 60) {
                        cor_path_destroy(&prev[slot]);
                        prev[slot] = cp;
                        cor_path_init(&cp);
                    }
                } else if (i % 4 == 0)
                    CHECK(cor_cch_path(mt, ws, a, b, &cp, &d) == COR_ENOROUTE);
            }
            /* a matrix: every cell as the one-to-one query */
            enum { MF = 7, MT = 9 };
            uint32_t mf[MF], mto[MT];
            double mv[MF * MT];
            for (int i = 0; i < MF; i++)
                mf[i] = below(&seed, n);
            for (int j = 0; j < MT; j++)
                mto[j] = j < 2 ? mf[j] : below(&seed, n);
            CHECK(mt && cor_cch_matrix(mt, mf, MF, mto, MT, mv, &d) == COR_OK);
            for (int i = 0; mt && i < MF; i++)
                for (int j = 0; j < MT; j++) {
                    double one;
                    cor_cch_distance(mt, ws, mf[i], mto[j], &one, NULL);
                    cells++;
                    if (!same(mv[i * MT + j], one, exact) && bad++ < 5)
                        fprintf(stderr, "  round %d metric %d matrix %u -> %u: %.17g, one-to-one %.17g\n", round, k,
                                mf[i], mto[j], mv[i * MT + j], one);
                }
            cor_fast_ws_free(fws);
            cor_fast_free(fg);
            cor_filter_destroy(&f);
        }
        /* refusals: a node out of range, another graph's filter */
        double x;
        CHECK(mt && cor_cch_distance(mt, ws, n, 0, &x, NULL) == COR_EUSAGE && isinf(x));
        uint32_t far = n;
        CHECK(mt && cor_cch_matrix(mt, &far, 1, &far, 1, &x, &d) == COR_EUSAGE);
        for (int i = 0; i < 60; i++)
            cor_path_destroy(&prev[i]);
        cor_path_destroy(&p);
        cor_path_destroy(&cp);
        cor_workspace_free(dw);
        cor_cch_ws_free(ws);
        cor_cch_metric_free(mt);
        cor_cch_free(c);
        cor_diag_destroy(&d);
        world_free(&w);
    }
    CHECK(graphs == 8);
    CHECK(bad == 0);
    CHECK(differ > 0); /* the values of time do change routes: the re-customization is tested */
    CHECK(reachable > pairs / 4);
    fprintf(stderr,
            "  %u pairs (%u reachable) on %u random graphs x 4 metrics from one preprocessing each (a third of "
            "the arcs weighing 0 by time on half of them): CCH equal to cor_fast_dijkstra and cor_shortest_path; %u "
            "paths checked arc by arc; %u matrix cells; %u routes changed with the value of time\n",
            pairs, reachable, graphs, paths, cells, differ);
}

static void test_cch_refusals(void)
{
    uint64_t seed = 5;
    char *text = random_tntp(&seed, 30, 0, 40, 100, 1), *t2 = random_tntp(&seed, 30, 0, 40, 100, 1);
    world w, w2;
    CHECK(text && t2 && world_tntp(&w, text) == 0 && world_tntp(&w2, t2) == 0);
    free(text);
    free(t2);
    cor_diag d;
    cor_diag_init(&d, 10);
    cor_query q;
    cor_query_init(&q, 2026);
    q.by = COR_BY_DISTANCE;
    cor_filter f, f2;
    if (w.g && w2.g && cor_filter_init(&f, w.g, &q, &d) == COR_OK) {
        if (cor_filter_init(&f2, w2.g, &q, &d) == COR_OK) {
            /* a topology without arc 0: customizing with a filter that allows it is refused */
            double keep = f.weight[0];
            f.weight[0] = INFINITY;
            cor_cch *c = NULL, *c2 = NULL;
            CHECK(cor_cch_build(&f, &c, &d) == COR_OK);
            f.weight[0] = keep;
            cor_cch_metric *mt = NULL;
            cor_diag_clear(&d);
            CHECK(c && cor_cch_customize(c, &f, &mt, &d) == COR_EUSAGE && !mt);
            CHECK(d.count == 1 && strstr(d.items[0].msg, "topology had not") != NULL);
            /* another graph's filter */
            CHECK(cor_cch_build(&f2, &c2, &d) == COR_OK);
            CHECK(c2 && cor_cch_customize(c2, &f, &mt, &d) == COR_EUSAGE && !mt);
            /* a failed re-customization leaves a metric that answers nothing */
            CHECK(c2 && cor_cch_customize(c2, &f2, &mt, &d) == COR_OK);
            double x;
            CHECK(mt && cor_cch_distance(mt, NULL, 0, 1, &x, NULL) == COR_EUSAGE);
            cor_cch_ws *ws = c2 ? cor_cch_ws_new(c2) : NULL;
            CHECK(mt && ws && cor_cch_distance(mt, ws, 0, 1, &x, NULL) == COR_OK);
            CHECK(mt && cor_cch_recustomize(mt, &f, &d) == COR_EUSAGE);
            CHECK(mt && ws && cor_cch_distance(mt, ws, 0, 1, &x, NULL) == COR_EUSAGE);
            cor_cch_ws_free(ws);
            cor_cch_metric_free(mt);
            cor_cch_free(c);
            cor_cch_free(c2);
            cor_filter_destroy(&f2);
        }
        cor_filter_destroy(&f);
    }
    world_free(&w);
    world_free(&w2);
    /* the shipped network has nodes with several states: refused */
    cor_network *net = NULL;
    cor_graph *g = NULL;
    cor_diag_clear(&d);
    CHECK(cor_network_load(CORRIDOR_SOURCE_DIR "/data/instc", &net, &d) == COR_OK &&
          cor_graph_build(net, &g, &d) == COR_OK);
    cor_query_init(&q, 2026);
    if (g && cor_filter_init(&f, g, &q, &d) == COR_OK) {
        cor_cch *c = NULL;
        CHECK(cor_cch_build(&f, &c, &d) == COR_EUSAGE && !c);
        CHECK(d.count >= 1 && strstr(d.items[d.count - 1].msg, "not a single-state graph") != NULL);
        cor_filter_destroy(&f);
    }
    cor_graph_free(g);
    cor_network_free(net);
    cor_diag_destroy(&d);
}

/* The metric-independent part's image (what a snapshot stores) answers as
 * the built one does; a truncated image, one for another graph and one
 * with an index out of range are refused; random damage never crashes
 * (refused by the image check or by the customization's chordality
 * check, or answering some number). */
static void test_cch_image(void)
{
    uint64_t seed = 91;
    char *text = random_tntp(&seed, 40, 4, 60, 30, 1), *t2 = random_tntp(&seed, 41, 0, 60, 30, 1);
    world w, w2;
    CHECK(text && t2 && world_tntp(&w, text) == 0 && world_tntp(&w2, t2) == 0);
    free(text);
    free(t2);
    cor_diag d;
    cor_diag_init(&d, 10);
    cor_query q;
    cor_query_init(&q, 2026);
    q.by = COR_BY_TIME;
    cor_filter f;
    if (w.g && w2.g && cor_filter_init(&f, w.g, &q, &d) == COR_OK) {
        cor_cch *c = NULL, *img = NULL;
        cor_cch_metric *m1 = NULL, *m2 = NULL;
        CHECK(cor_cch_build(&f, &c, &d) == COR_OK && cor_cch_customize(c, &f, &m1, &d) == COR_OK);
        size_t sz = cor_cch_image_size(c);
        uint64_t *buf = malloc(sz + 8), *bad = malloc(sz + 8); /* 8-byte aligned, as in a mapping */
        CHECK(c && buf && bad && sz > 32);
        if (c && buf && bad) {
            cor_cch_image_write(c, (unsigned char *)buf);
            CHECK(cor_cch_from_image((unsigned char *)buf, sz, w.g, &img, &d) == COR_OK);
            CHECK(img && cor_cch_customize(img, &f, &m2, &d) == COR_OK);
            CHECK(cor_cch_tree_height(img) == cor_cch_tree_height(c) && cor_cch_edge_count(img) == cor_cch_edge_count(c));
            cor_cch_ws *ws = cor_cch_ws_new(c);
            uint32_t same = 0;
            for (uint32_t a = 0; m2 && ws && a < 40; a++)
                for (uint32_t b = 0; b < 40; b++) {
                    double x, y;
                    cor_cch_distance(m1, ws, a, b, &x, NULL);
                    cor_cch_distance(m2, ws, a, b, &y, NULL);
                    same += x == y || (isinf(x) && isinf(y));
                }
            CHECK(same == 1600);
            cor_cch_metric_free(m2);
            m2 = NULL;
            cor_cch_free(img);
            img = NULL;
            CHECK(cor_cch_from_image((unsigned char *)buf, sz - 8, w.g, &img, &d) == COR_EDATA && !img);
            CHECK(cor_cch_from_image((unsigned char *)buf, sz, w2.g, &img, &d) == COR_EDATA && !img);
            /* random damage to one byte of the arrays */
            uint32_t refused = 0, answered = 0;
            for (int k = 0; k < 400; k++) {
                memcpy(bad, buf, sz);
                size_t at = 32 + below(&seed, (uint32_t)(sz - 32));
                ((unsigned char *)bad)[at] ^= (unsigned char)(1u << below(&seed, 8));
                cor_diag_clear(&d);
                if (cor_cch_from_image((unsigned char *)bad, sz, w.g, &img, &d) != COR_OK ||
                    cor_cch_customize(img, &f, &m2, &d) != COR_OK) {
                    refused++;
                    CHECK(d.count >= 1 && cor_diag_status(&d) != COR_OK);
                } else {
                    double x;
                    for (uint32_t a = 0; a < 40; a += 3)
                        cor_cch_distance(m2, ws, a, 39 - a, &x, NULL);
                    answered++;
                }
                cor_cch_metric_free(m2);
                m2 = NULL;
                cor_cch_free(img);
                img = NULL;
            }
            CHECK(refused > 200); /* most damage is caught */
            fprintf(stderr, "  image: 1,600 pairs as built; 400 damaged images: %u refused, %u answered\n", refused,
                    answered);
            cor_cch_ws_free(ws);
        }
        free(buf);
        free(bad);
        cor_cch_metric_free(m1);
        cor_cch_free(c);
        cor_filter_destroy(&f);
    }
    cor_diag_destroy(&d);
    world_free(&w);
    world_free(&w2);
}

const cor_test cor_tests_cch[] = {
    {"cch_random", test_cch_random},
    {"cch_refusals", test_cch_refusals},
    {"cch_image", test_cch_image},
    {NULL, NULL},
};
