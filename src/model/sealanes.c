/*
 * sealanes.c -- the sea-lane chart and shortest lane paths.
 *
 * Lanes are undirected edges between nodes (sea waypoints and ports), kept
 * as a CSR adjacency over all nodes.  cor_sea_route() is a plain Dijkstra
 * with a binary heap on distance, skipping lanes that carry an avoided
 * passage; it allocates its labels per call.
 *
 * cor_sea_route_batch() routes many services at once, as loading does for
 * every service that follows the lanes and a query does for every service
 * whose lanes it closes: one Dijkstra per distinct origin, stopped when
 * all the destinations of that origin are settled, over labels allocated
 * once and reset in O(1) with a stamp.  O(S log S + O * L log N) for S
 * services from O distinct origins over a chart of L lanes, instead of
 * O(S * (N + L log N)).
 */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "../core/alloc.h" /* last: maps malloc & co. to the counted wrappers */

uint32_t cor_network_lane_count(const cor_network *net) { return net->nlanes; }
const cor_lane *cor_network_lane(const cor_network *net, uint32_t i) { return &net->lanes[i]; }

cor_status cor_network_index_lanes(cor_network *net, cor_diag *d)
{
    free(net->lane_first);
    free(net->lane_adj);
    net->lane_first = calloc((size_t)net->nnodes + 1, sizeof *net->lane_first);
    net->lane_adj = malloc(((size_t)net->nlanes * 2 + 1) * sizeof *net->lane_adj);
    uint32_t *cur = calloc((size_t)net->nnodes + 1, sizeof *cur);
    if (!net->lane_first || !net->lane_adj || !cur) {
        free(cur);
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (uint32_t i = 0; i < net->nlanes; i++) {
        net->lane_first[net->lanes[i].from]++;
        net->lane_first[net->lanes[i].to]++;
    }
    uint32_t sum = 0;
    for (uint32_t n = 0; n <= net->nnodes; n++) {
        uint32_t c = net->lane_first[n];
        net->lane_first[n] = sum;
        cur[n] = sum;
        sum += c;
    }
    for (uint32_t i = 0; i < net->nlanes; i++) {
        net->lane_adj[cur[net->lanes[i].from]++] = i;
        net->lane_adj[cur[net->lanes[i].to]++] = i;
    }
    free(cur);
    return COR_OK;
}

void cor_sea_path_destroy(cor_sea_path *p)
{
    if (!p)
        return;
    free(p->waypoints);
    memset(p, 0, sizeof *p);
}

typedef struct hitem {
    double d;
    uint32_t n;
} hitem;

static void hpush(hitem *h, uint32_t *n, hitem x)
{
    uint32_t i = (*n)++;
    while (i > 0 && h[(i - 1) / 2].d > x.d) {
        h[i] = h[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    h[i] = x;
}

static hitem hpop(hitem *h, uint32_t *n)
{
    hitem top = h[0], last = h[--(*n)];
    uint32_t i = 0;
    for (;;) {
        uint32_t c = 2 * i + 1;
        if (c >= *n)
            break;
        if (c + 1 < *n && h[c + 1].d < h[c].d)
            c++;
        if (h[c].d >= last.d)
            break;
        h[i] = h[c];
        i = c;
    }
    if (*n)
        h[i] = last;
    return top;
}

cor_status cor_sea_route(const cor_network *net, uint32_t from, uint32_t to, uint64_t avoid,
                         cor_sea_path *out)
{
    memset(out, 0, sizeof *out);
    if (!net->lane_first || from >= net->nnodes || to >= net->nnodes)
        return COR_ENOROUTE;
    uint32_t n = net->nnodes;
    double *dist = malloc(n * sizeof *dist);
    uint32_t *pred = malloc(n * sizeof *pred);
    hitem *heap = malloc(((size_t)net->nlanes * 2 + 2) * sizeof *heap);
    if (!dist || !pred || !heap) {
        free(dist);
        free(pred);
        free(heap);
        return COR_ENOMEM;
    }
    for (uint32_t i = 0; i < n; i++) {
        dist[i] = INFINITY;
        pred[i] = COR_NONE;
    }
    uint32_t hn = 0;
    dist[from] = 0;
    hpush(heap, &hn, (hitem){0, from});
    while (hn) {
        hitem it = hpop(heap, &hn);
        if (it.d > dist[it.n])
            continue;
        if (it.n == to)
            break;
        for (uint32_t k = net->lane_first[it.n]; k < net->lane_first[it.n + 1]; k++) {
            const cor_lane *ln = &net->lanes[net->lane_adj[k]];
            if (ln->passages & avoid)
                continue;
            uint32_t v = ln->from == it.n ? ln->to : ln->from;
            double nd = it.d + ln->distance_km;
            if (nd < dist[v]) {
                dist[v] = nd;
                pred[v] = net->lane_adj[k];
                hpush(heap, &hn, (hitem){nd, v});
            }
        }
    }
    cor_status s = COR_OK;
    if (dist[to] == INFINITY || from == to) {
        s = COR_ENOROUTE;
        goto done;
    }
    uint32_t cnt = 0;
    for (uint32_t v = to; v != from;) {
        const cor_lane *ln = &net->lanes[pred[v]];
        v = ln->from == v ? ln->to : ln->from;
        cnt++;
    }
    out->waypoints = malloc((cnt ? cnt : 1) * sizeof *out->waypoints);
    if (!out->waypoints) {
        s = COR_ENOMEM;
        goto done;
    }
    out->nwaypoints = cnt - 1;
    uint32_t i = cnt;
    for (uint32_t v = to; v != from;) {
        const cor_lane *ln = &net->lanes[pred[v]];
        out->distance_km += ln->distance_km;
        out->fixed_hours += ln->fixed_hours;
        out->fixed_usd += ln->fixed_usd;
        out->passages |= ln->passages;
        v = ln->from == v ? ln->to : ln->from;
        if (v != from)
            out->waypoints[--i - 1] = v;
    }
done:
    free(dist);
    free(pred);
    free(heap);
    return s;
}

/* ---- many services at once ------------------------------------------ */

typedef struct pair_ref {
    uint32_t from, i;
} pair_ref;

static int pair_cmp(const void *a, const void *b)
{
    const pair_ref *x = a, *y = b;
    if (x->from != y->from)
        return x->from < y->from ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

cor_status cor_sea_route_batch(const cor_network *net, const uint32_t *from, const uint32_t *to, size_t n,
                               uint64_t avoid, cor_sea_path *out, cor_status *st)
{
    for (size_t i = 0; i < n; i++) {
        memset(&out[i], 0, sizeof out[i]);
        st[i] = COR_ENOROUTE;
    }
    if (n == 0 || !net->lane_first)
        return COR_OK;
    uint32_t nn = net->nnodes;
    pair_ref *order = malloc(n * sizeof *order);
    double *dist = malloc((nn ? nn : 1) * sizeof *dist);
    uint32_t *pred = malloc((nn ? nn : 1) * sizeof *pred);
    uint32_t *stamp = calloc(nn ? nn : 1, sizeof *stamp);
    uint8_t *want = calloc(nn ? nn : 1, 1);
    hitem *heap = malloc(((size_t)net->nlanes * 2 + 2) * sizeof *heap);
    cor_status res = COR_OK;
    if (!order || !dist || !pred || !stamp || !want || !heap) {
        res = COR_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        order[i] = (pair_ref){from[i], (uint32_t)i};
    qsort(order, n, sizeof *order, pair_cmp);
    uint32_t cur = 0;
    for (size_t g = 0; g < n && res == COR_OK;) {
        size_t e = g;
        uint32_t src = order[g].from;
        while (e < n && order[e].from == src)
            e++;
        cur++;
        /* the destinations still to settle */
        size_t left = 0;
        for (size_t k = g; k < e; k++) {
            uint32_t t = to[order[k].i];
            if (t < nn && t != src && !want[t]) {
                want[t] = 1;
                left++;
            }
        }
        if (src < nn && left) {
            uint32_t hn = 0;
            stamp[src] = cur;
            dist[src] = 0;
            pred[src] = COR_NONE;
            hpush(heap, &hn, (hitem){0, src});
            while (hn && left) {
                hitem it = hpop(heap, &hn);
                if (it.d > dist[it.n])
                    continue;
                if (want[it.n]) {
                    want[it.n] = 0; /* settled */
                    left--;
                }
                for (uint32_t k = net->lane_first[it.n]; k < net->lane_first[it.n + 1]; k++) {
                    const cor_lane *ln = &net->lanes[net->lane_adj[k]];
                    if (ln->passages & avoid)
                        continue;
                    uint32_t v = ln->from == it.n ? ln->to : ln->from;
                    double nd = it.d + ln->distance_km;
                    if (stamp[v] != cur || nd < dist[v]) {
                        stamp[v] = cur;
                        dist[v] = nd;
                        pred[v] = net->lane_adj[k];
                        hpush(heap, &hn, (hitem){nd, v});
                    }
                }
            }
        }
        /* paths of this origin's services */
        for (size_t k = g; k < e && res == COR_OK; k++) {
            uint32_t i = order[k].i, t = to[i];
            if (t < nn)
                want[t] = 0;
            if (src >= nn || t >= nn || t == src || stamp[t] != cur)
                continue;
            cor_sea_path *sp = &out[i];
            uint32_t cnt = 0;
            for (uint32_t v = t; v != src;) {
                const cor_lane *ln = &net->lanes[pred[v]];
                v = ln->from == v ? ln->to : ln->from;
                cnt++;
            }
            sp->waypoints = malloc((cnt ? cnt : 1) * sizeof *sp->waypoints);
            if (!sp->waypoints) {
                res = COR_ENOMEM;
                break;
            }
            sp->nwaypoints = cnt - 1;
            uint32_t w = cnt;
            for (uint32_t v = t; v != src;) {
                const cor_lane *ln = &net->lanes[pred[v]];
                sp->distance_km += ln->distance_km;
                sp->fixed_hours += ln->fixed_hours;
                sp->fixed_usd += ln->fixed_usd;
                sp->passages |= ln->passages;
                v = ln->from == v ? ln->to : ln->from;
                if (v != src)
                    sp->waypoints[--w - 1] = v;
            }
            st[i] = COR_OK;
        }
        g = e;
    }
done:
    if (res != COR_OK)
        for (size_t i = 0; i < n; i++)
            cor_sea_path_destroy(&out[i]);
    free(order);
    free(dist);
    free(pred);
    free(stamp);
    free(want);
    free(heap);
    return res;
}
