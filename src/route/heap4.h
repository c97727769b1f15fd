/*
 * heap4.h -- the 4-ary min-heap without decrease-key of the one-layer
 * router (dijkstra.c) and the node-graph Dijkstra (ch.c): a node whose
 * distance falls is pushed again and its older entries, heavier than its
 * distance, are skipped by the caller when they come up, so sifting moves
 * entries only and writes no positions; each entry keeps its key, so
 * sifting loads no labels; the least of four children is found by a
 * tournament without branches (branches there are mispredicted half the
 * time).  At most one entry per improvement: arcs + 1.  The caller owns
 * the array and checks its room before a push.
 */
#ifndef COR_ROUTE_HEAP4_H
#define COR_ROUTE_HEAP4_H

#include <stddef.h>
#include <stdint.h>

typedef struct heap4_item {
    double d;   /* the distance it was pushed with */
    uint32_t v; /* the node or state */
} heap4_item;

/* Put it into heap h of n entries (room for n + 1). */
static inline void heap4_push(heap4_item *h, size_t n, heap4_item it)
{
    size_t i = n;
    while (i > 0) {
        size_t p = (i - 1) / 4;
        if (h[p].d <= it.d)
            break;
        h[i] = h[p];
        i = p;
    }
    h[i] = it;
}

/* Take the least entry out of heap h of n > 0 entries. */
static inline heap4_item heap4_pop(heap4_item *h, size_t n)
{
    heap4_item top = h[0], it = h[--n];
    size_t i = 0;
    for (;;) {
        size_t c = 4 * i + 1, best;
        if (c + 3 < n) {
            size_t a = c + (h[c + 1].d < h[c].d), b = c + 2 + (h[c + 3].d < h[c + 2].d);
            best = a ^ ((a ^ b) & ((size_t)0 - (size_t)(h[b].d < h[a].d)));
        } else {
            if (c >= n)
                break;
            best = c;
            for (size_t k = c + 1; k < n; k++)
                if (h[k].d < h[best].d)
                    best = k;
        }
        if (h[best].d >= it.d)
            break;
        h[i] = h[best];
        i = best;
    }
    h[i] = it;
    return top;
}

#endif
