/*
 * matrix.c -- many-to-many values (corridor/matrix.h): a one-to-all
 * Dijkstra per distinct origin, with the same sources, weights and rules
 * as cor_shortest_path() (every state of the origin starts at its terminal
 * handling; no arc back into the origin; a destination adds its terminal
 * handling), read at every single-state destination; other cells are
 * routed pair by pair with cor_shortest_path().
 *
 * The search keeps dist, a timestamp and a heap position per state (4-ary
 * heap keyed by dist); reset in O(1) per origin by the timestamp.
 */
#include "corridor/matrix.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/alloc.h"

typedef struct tree {
    double *dist;
    uint32_t *stamp, *pos, *heap; /* pos: heap index + 1; 0 = not queued; UINT32_MAX = settled */
    uint32_t heap_n, cur;
} tree;

static void up(tree *t, uint32_t i)
{
    uint32_t v = t->heap[i];
    double dv = t->dist[v];
    while (i > 0) {
        uint32_t p = (i - 1) / 4, pv = t->heap[p];
        if (t->dist[pv] <= dv)
            break;
        t->heap[i] = pv;
        t->pos[pv] = i + 1;
        i = p;
    }
    t->heap[i] = v;
    t->pos[v] = i + 1;
}

static void down(tree *t, uint32_t i)
{
    uint32_t v = t->heap[i];
    double dv = t->dist[v];
    for (;;) {
        uint32_t c = 4 * i + 1;
        if (c >= t->heap_n)
            break;
        uint32_t best = c, end = c + 4 < t->heap_n ? c + 4 : t->heap_n;
        for (uint32_t k = c + 1; k < end; k++)
            if (t->dist[t->heap[k]] < t->dist[t->heap[best]])
                best = k;
        if (t->dist[t->heap[best]] >= dv)
            break;
        t->heap[i] = t->heap[best];
        t->pos[t->heap[i]] = i + 1;
        i = best;
    }
    t->heap[i] = v;
    t->pos[v] = i + 1;
}

static void relax(tree *t, uint32_t v, double d)
{
    if (t->stamp[v] != t->cur) {
        t->stamp[v] = t->cur;
        t->dist[v] = INFINITY;
        t->pos[v] = 0;
    }
    if (t->pos[v] == UINT32_MAX || d >= t->dist[v])
        return;
    t->dist[v] = d;
    if (t->pos[v] == 0) {
        t->heap[t->heap_n] = v;
        t->pos[v] = ++t->heap_n;
    }
    up(t, t->pos[v] - 1);
}

/* Distances from every state of `from` to every state (dist valid where
 * stamp == cur). */
static void search(tree *t, const cor_filter *f, uint32_t from)
{
    const cor_graph *g = f->g;
    if (++t->cur == 0) {
        memset(t->stamp, 0, (size_t)g->nstates * sizeof *t->stamp);
        t->cur = 1;
    }
    t->heap_n = 0;
    for (uint32_t s = g->node_first_state[from]; s < g->node_first_state[from + 1]; s++)
        relax(t, s, f->term_w[s]);
    while (t->heap_n) {
        uint32_t v = t->heap[0];
        t->pos[v] = UINT32_MAX;
        if (--t->heap_n) {
            t->heap[0] = t->heap[t->heap_n];
            t->pos[t->heap[0]] = 1;
            down(t, 0);
        }
        double dv = t->dist[v];
        if (f->zone && f->zone[g->state_node[v]] && g->state_node[v] != from)
            continue; /* a zone: never passed through */
        for (uint32_t a = g->first_out[v]; a < g->first_out[v + 1]; a++) {
            double w = f->weight[a];
            if (w == INFINITY || g->state_node[g->head[a]] == from)
                continue;
            relax(t, g->head[a], dv + w);
        }
    }
}

cor_status cor_matrix(const cor_filter *f, const cor_query *q, const uint32_t *from, uint32_t nfrom,
                      const uint32_t *to, uint32_t nto, double *out, cor_matrix_info *info, cor_diag *d)
{
    const cor_graph *g = f->g;
    const cor_network *net = g->net;
    memset(info, 0, sizeof *info);
    if (q->nvia)
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "a matrix takes no via places");
    if (nfrom > COR_MATRIX_MAX_PLACES || nto > COR_MATRIX_MAX_PLACES ||
        (uint64_t)nfrom * nto > COR_MATRIX_MAX_CELLS)
        return cor_diag_add(d, COR_ELIMIT, NULL, 0, 0, "a matrix of %u x %u places is above the limit (%u a side, %u cells)",
                            nfrom, nto, COR_MATRIX_MAX_PLACES, COR_MATRIX_MAX_CELLS);
    char why[COR_DIAG_TEXT / 2];
    for (uint32_t i = 0; i < nfrom + nto; i++) {
        uint32_t n = i < nfrom ? from[i] : to[i - nfrom];
        if (n >= g->nnodes)
            return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "node index out of range");
        if (cor_filter_node_problem(f, n, why, sizeof why))
            return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "the %s %s is %s", i < nfrom ? "origin" : "destination",
                                cor_network_node(net, n)->name, why);
    }
    size_t ns = g->nstates ? g->nstates : 1;
    tree t = {0};
    t.dist = malloc(ns * sizeof *t.dist);
    t.stamp = calloc(ns, sizeof *t.stamp);
    t.pos = malloc(ns * sizeof *t.pos);
    t.heap = malloc(ns * sizeof *t.heap);
    cor_workspace *ws = cor_workspace_new();
    cor_path p;
    cor_path_init(&p);
    cor_status s = COR_OK;
    if (!t.dist || !t.stamp || !t.pos || !t.heap || !ws)
        s = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    for (uint32_t i = 0; i < nfrom && s == COR_OK; i++) {
        uint32_t prev = COR_NONE;
        for (uint32_t k = 0; k < i; k++) /* a repeated origin copies its row */
            if (from[k] == from[i]) {
                prev = k;
                break;
            }
        if (prev != COR_NONE) {
            memcpy(out + (size_t)i * nto, out + (size_t)prev * nto, nto * sizeof *out);
            continue;
        }
        int searched = 0;
        for (uint32_t j = 0; j < nto && s == COR_OK; j++) {
            uint32_t b = g->node_first_state[to[j]], e = g->node_first_state[to[j] + 1];
            double *cell = &out[(size_t)i * nto + j];
            if (e - b == 1) {
                if (!searched) {
                    search(&t, f, from[i]);
                    info->tree_searches++;
                    searched = 1;
                }
                *cell = t.stamp[b] == t.cur ? t.dist[b] + f->term_w[b] : INFINITY;
            } else if (e == b) {
                *cell = INFINITY; /* a node no link reaches */
            } else {
                cor_status r = cor_shortest_path(f, q, ws, from[i], to[j], &p, d);
                info->pair_searches++;
                if (r == COR_OK)
                    *cell = p.weight;
                else if (r == COR_ENOROUTE)
                    *cell = INFINITY;
                else
                    s = r;
            }
        }
    }
    cor_path_destroy(&p);
    cor_workspace_free(ws);
    free(t.dist);
    free(t.stamp);
    free(t.pos);
    free(t.heap);
    return s;
}
