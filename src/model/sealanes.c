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
 * once and reset in O(1) with a stamp; ports that hang off the chart by one
 * lane are not searched from (see below).  O(S log S + O * L log N) for S
 * services from O distinct core origins over a chart of L lanes, instead
 * of O(S * (N + L log N)).
 *
 * cor_sea_route_calls() routes a liner service's link leg by leg through
 * its calls, over a memo of the lane paths between pairs of ports (one
 * search per pair and avoid mask, shared by every link of every service).
 *
 * cor_network_build_generic() adds the generic sea services (model.h):
 * components of the chart by depth-first search, O(N + L); the port pairs
 * of a component that no service joins, O(P^2 log S) for P charted ports
 * and S service links; then one batch of lane paths.
 */
#include "internal.h"

#include <math.h>
#include <stdio.h>
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

/* Ports usually hang off the chart by a single lane.  A node with one
 * usable lane (a leaf) is never passed through by a shortest path, so a
 * service from or to a leaf is its lane plus a path from the node the lane
 * leads to: services are searched between those "core" ends, grouped by
 * the core origin, and leaves are never expanded.  Thousands of ports on a
 * chart of a few hundred waypoints then cost one search per waypoint that
 * starts a service, not one per port. */

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

/* A service reduced to its core ends. */
typedef struct reduced {
    uint32_t s, t;         /* core ends (s == t: no search needed) */
    uint32_t pre, post;    /* the leaf lanes at the ends, or COR_NONE */
    int direct;            /* 1: the whole path is the lane(s) pre/post */
} reduced;

/* The one usable lane of node v if it has exactly one, else COR_NONE. */
static uint32_t only_lane(const cor_network *net, uint32_t v, uint64_t avoid)
{
    uint32_t found = COR_NONE;
    for (uint32_t k = net->lane_first[v]; k < net->lane_first[v + 1]; k++) {
        if (net->lanes[net->lane_adj[k]].passages & avoid)
            continue;
        if (found != COR_NONE)
            return COR_NONE;
        found = net->lane_adj[k];
    }
    return found;
}

static uint32_t other_end(const cor_lane *ln, uint32_t v) { return ln->from == v ? ln->to : ln->from; }

/* Append lane l (walked from node v) to sp; returns the node reached. */
static uint32_t add_lane(const cor_network *net, cor_sea_path *sp, uint32_t l, uint32_t v)
{
    const cor_lane *ln = &net->lanes[l];
    sp->distance_km += ln->distance_km;
    sp->fixed_hours += ln->fixed_hours;
    sp->fixed_usd += ln->fixed_usd;
    sp->passages |= ln->passages;
    return other_end(ln, v);
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
    reduced *rd = malloc(n * sizeof *rd);
    double *dist = malloc((nn ? nn : 1) * sizeof *dist);
    uint32_t *pred = malloc((nn ? nn : 1) * sizeof *pred);
    uint32_t *stamp = calloc(nn ? nn : 1, sizeof *stamp);
    uint8_t *want = calloc(nn ? nn : 1, 1), *leaf = calloc(nn ? nn : 1, 1);
    uint32_t *path = malloc((nn + 2) * sizeof *path); /* lanes of one service */
    hitem *heap = malloc(((size_t)net->nlanes * 2 + 2) * sizeof *heap);
    cor_status res = COR_OK;
    if (!order || !rd || !dist || !pred || !stamp || !want || !leaf || !path || !heap) {
        res = COR_ENOMEM;
        goto done;
    }
    for (uint32_t v = 0; v < nn; v++)
        leaf[v] = only_lane(net, v, avoid) != COR_NONE;
    /* reduce each service to its core ends */
    size_t nsearch = 0;
    for (size_t i = 0; i < n; i++) {
        reduced *r = &rd[i];
        r->pre = r->post = COR_NONE;
        r->direct = 0;
        r->s = from[i];
        r->t = to[i];
        if (r->s >= nn || r->t >= nn || r->s == r->t) {
            r->direct = -1; /* no route */
            continue;
        }
        if (leaf[r->s]) {
            uint32_t l = only_lane(net, r->s, avoid), v = other_end(&net->lanes[l], r->s);
            r->pre = l;
            if (v == r->t) {
                r->direct = 1;
                continue;
            }
            r->s = v;
        }
        if (leaf[r->t]) {
            uint32_t l = only_lane(net, r->t, avoid), v = other_end(&net->lanes[l], r->t);
            r->post = l;
            if (v == r->s) {
                r->direct = 1;
                continue;
            }
            r->t = v;
        }
        if (r->s == r->t) {
            r->direct = 1;
            continue;
        }
        order[nsearch++] = (pair_ref){r->s, (uint32_t)i};
    }
    qsort(order, nsearch, sizeof *order, pair_cmp);
    uint32_t cur = 0;
    size_t g = 0;
    for (;;) {
        /* the next group of services from one core origin, or the services
         * that need no search (after the last group) */
        size_t e = g;
        uint32_t src = COR_NONE;
        if (g < nsearch) {
            src = order[g].from;
            while (e < nsearch && order[e].from == src)
                e++;
            cur++;
            size_t left = 0;
            for (size_t k = g; k < e; k++) {
                uint32_t t = rd[order[k].i].t;
                if (!want[t]) {
                    want[t] = 1;
                    left++;
                }
            }
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
                    uint32_t v = other_end(ln, it.n);
                    double nd = it.d + ln->distance_km;
                    if (leaf[v]) /* a dead end: never on the way, and no core end is a leaf */
                        continue;
                    if (stamp[v] != cur || nd < dist[v]) {
                        stamp[v] = cur;
                        dist[v] = nd;
                        pred[v] = net->lane_adj[k];
                        hpush(heap, &hn, (hitem){nd, v});
                    }
                }
            }
        }
        /* the paths of this group (or, at the end, of the direct ones) */
        size_t lo = g < nsearch ? g : 0, hi = g < nsearch ? e : n;
        for (size_t k = lo; k < hi && res == COR_OK; k++) {
            size_t i = g < nsearch ? order[k].i : k;
            reduced *r = &rd[i];
            if (g < nsearch) {
                want[r->t] = 0;
                if (stamp[r->t] != cur)
                    continue; /* the core ends are not connected */
            } else if (r->direct != 1) {
                continue;
            }
            /* the lanes in order: pre, the core path, post */
            uint32_t nl = 0;
            if (r->pre != COR_NONE)
                path[nl++] = r->pre;
            if (!r->direct) {
                uint32_t start = nl, cnt = 0;
                for (uint32_t v = r->t; v != r->s; v = other_end(&net->lanes[pred[v]], v))
                    cnt++;
                uint32_t w = start + cnt;
                for (uint32_t v = r->t; v != r->s; v = other_end(&net->lanes[pred[v]], v))
                    path[--w] = pred[v];
                nl = start + cnt;
            }
            if (r->post != COR_NONE)
                path[nl++] = r->post;
            cor_sea_path *sp = &out[i];
            sp->waypoints = malloc((nl ? nl : 1) * sizeof *sp->waypoints);
            if (!sp->waypoints) {
                res = COR_ENOMEM;
                break;
            }
            uint32_t v = from[i];
            sp->nwaypoints = 0;
            for (uint32_t j = 0; j < nl; j++) {
                v = add_lane(net, sp, path[j], v);
                if (j + 1 < nl)
                    sp->waypoints[sp->nwaypoints++] = v;
            }
            st[i] = COR_OK;
        }
        if (g >= nsearch || res != COR_OK)
            break;
        g = e;
    }
done:
    if (res != COR_OK)
        for (size_t i = 0; i < n; i++)
            cor_sea_path_destroy(&out[i]);
    free(order);
    free(rd);
    free(dist);
    free(pred);
    free(stamp);
    free(want);
    free(leaf);
    free(path);
    free(heap);
    return res;
}

/* ---- generic sea services ------------------------------------------- */

uint32_t cor_network_generic_count(const cor_network *net) { return net->ngeneric; }
uint32_t cor_network_generic_limited(const cor_network *net) { return net->generic_limited; }

uint32_t cor_network_sea_component(const cor_network *net, uint32_t n)
{
    return net->lane_comp && n < net->nnodes ? net->lane_comp[n] : COR_NONE;
}

int cor_node_is_port(const cor_node *n) { return n->kind && strcmp(n->kind, "port") == 0; }

static int is_service_mode(cor_mode m)
{
    return m == COR_MODE_SEA || m == COR_MODE_FEEDER || m == COR_MODE_FERRY || m == COR_MODE_IWW;
}

static uint64_t pair_key(uint32_t a, uint32_t b)
{
    return a < b ? (uint64_t)a << 32 | b : (uint64_t)b << 32 | a;
}

static int u64_cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static const char generic_source[] =
    "generic: no modelled service joins these ports; shortest path along the sea lanes (sealanes.csv), "
    "speed, rate and emission factor of the mode's defaults (modes.csv), no schedule known: assumed wait";

cor_status cor_network_build_generic(cor_network *net, cor_diag *d)
{
    uint32_t nn = net->nnodes;
    free(net->lane_comp);
    net->lane_comp = NULL;
    net->ngeneric = 0;
    net->generic_limited = 0;
    if (!net->lane_first || nn == 0)
        return COR_OK;
    cor_status res = COR_OK;
    uint64_t want = 0;
    uint32_t *stack = malloc(nn * sizeof *stack), *ports = malloc(nn * sizeof *ports);
    uint64_t *joined = malloc((net->nlinks ? net->nlinks : 1) * sizeof *joined);
    uint8_t *cmode = calloc(nn, 1); /* per component: 1 a sea service ends there, 2 a feeder one */
    uint32_t *from = NULL, *to = NULL;
    cor_sea_path *sp = NULL;
    cor_status *st = NULL;
    net->lane_comp = malloc(nn * sizeof *net->lane_comp);
    if (!stack || !ports || !joined || !cmode || !net->lane_comp)
        goto oom;
    /* components of the chart: every lane, whatever it passes */
    uint32_t ncomp = 0;
    for (uint32_t v = 0; v < nn; v++)
        net->lane_comp[v] = COR_NONE;
    for (uint32_t v = 0; v < nn; v++) {
        if (net->lane_comp[v] != COR_NONE || net->lane_first[v] == net->lane_first[v + 1])
            continue;
        uint32_t sn = 0;
        stack[sn++] = v;
        net->lane_comp[v] = ncomp;
        while (sn) {
            uint32_t u = stack[--sn];
            for (uint32_t k = net->lane_first[u]; k < net->lane_first[u + 1]; k++) {
                uint32_t w = other_end(&net->lanes[net->lane_adj[k]], u);
                if (net->lane_comp[w] == COR_NONE) {
                    net->lane_comp[w] = ncomp;
                    stack[sn++] = w;
                }
            }
        }
        ncomp++;
    }
    /* the pairs modelled services join, and the modes of each component */
    size_t nj = 0;
    for (uint32_t i = 0; i < net->nlinks; i++) {
        const cor_link *l = &net->links[i];
        if (!is_service_mode(l->mode))
            continue;
        joined[nj++] = pair_key(l->from, l->to);
        uint32_t ends[2] = {l->from, l->to};
        for (int e = 0; e < 2; e++) {
            uint32_t c = net->lane_comp[ends[e]];
            if (c != COR_NONE && cor_node_is_port(&net->nodes[ends[e]]))
                cmode[c] |= l->mode == COR_MODE_SEA ? 1 : l->mode == COR_MODE_FEEDER ? 2 : 0;
        }
    }
    qsort(joined, nj, sizeof *joined, u64_cmp);
    uint32_t np = 0;
    for (uint32_t v = 0; v < nn; v++)
        if (net->lane_comp[v] != COR_NONE && cor_node_is_port(&net->nodes[v]))
            ports[np++] = v;
    /* count, then fill: the pairs of a component that no service joins */
    for (int fill = 0; fill < 2; fill++) {
        size_t n = 0;
        for (uint32_t i = 0; i < np; i++)
            for (uint32_t j = i + 1; j < np; j++) {
                uint32_t a = ports[i], b = ports[j];
                if (net->lane_comp[a] != net->lane_comp[b])
                    continue;
                uint64_t key = pair_key(a, b);
                if (nj && bsearch(&key, joined, nj, sizeof *joined, u64_cmp))
                    continue;
                if (fill) {
                    from[n] = a;
                    to[n] = b;
                }
                n++;
            }
        if (!fill) {
            want = n;
            if (want == 0)
                goto done;
            if (want > COR_MAX_GENERIC) {
                net->generic_limited = (uint32_t)(want > UINT32_MAX ? UINT32_MAX : want);
                goto done;
            }
            from = malloc(want * sizeof *from);
            to = malloc(want * sizeof *to);
            sp = calloc(want, sizeof *sp);
            st = malloc(want * sizeof *st);
            if (!from || !to || !sp || !st)
                goto oom;
        }
    }
    if (cor_sea_route_batch(net, from, to, want, 0, sp, st) != COR_OK)
        goto oom;
    uint32_t cls[2] = {cor_network_class_intern(net, COR_MODE_SEA, 0), cor_network_class_intern(net, COR_MODE_FEEDER, 0)};
    if ((uint64_t)net->nlinks + want > COR_MAX_LINKS) {
        net->generic_limited = (uint32_t)want;
        goto done;
    }
    if (net->cap_links < net->nlinks + want) {
        cor_link *nl = realloc(net->links, ((size_t)net->nlinks + want) * sizeof *nl);
        if (!nl)
            goto oom;
        net->links = nl;
        net->cap_links = net->nlinks + (uint32_t)want;
    }
    for (size_t k = 0; k < want; k++) {
        if (st[k] != COR_OK || sp[k].nwaypoints > COR_MAX_WAYPOINTS)
            continue;
        uint32_t c = net->lane_comp[from[k]];
        cor_mode m = (cmode[c] & 1) || !(cmode[c] & 2) ? COR_MODE_SEA : COR_MODE_FEEDER;
        uint32_t ci = cls[m == COR_MODE_FEEDER];
        const cor_mode_params *mp = &net->modes[m];
        if (ci == COR_NONE || !mp->defined || !(mp->speed_kmh > 0))
            continue;
        cor_link *l = &net->links[net->nlinks + net->ngeneric];
        memset(l, 0, sizeof *l);
        char id[160];
        snprintf(id, sizeof id, "generic:%s-%s", net->nodes[from[k]].id, net->nodes[to[k]].id);
        l->id = cor_arena_strdup(&net->arena, id, strlen(id));
        uint32_t *w = sp[k].nwaypoints ? cor_arena_alloc(&net->arena, sp[k].nwaypoints * sizeof *w) : NULL;
        if (!l->id || (sp[k].nwaypoints && !w))
            goto oom;
        l->status = "generic";
        l->source = generic_source;
        l->corridors = l->status_as_of = l->operator_name = l->capacity_basis = "";
        l->factor = COR_NONE;
        l->service = COR_NONE;
        l->from = from[k];
        l->to = to[k];
        l->mode = m;
        l->cls = (uint8_t)ci;
        l->auto_lanes = 1;
        l->generic = 1;
        l->distance_km = sp[k].distance_km > 0.001 ? sp[k].distance_km : 0.001;
        l->speed_kmh = mp->speed_kmh;
        l->rate_usd_per_teu_km = mp->rate_usd_per_teu_km;
        /* between two ports of one country: that country's rate for the
         * mode (rates.csv), as for a modelled link */
        const char *ca = net->nodes[from[k]].country, *cb = net->nodes[to[k]].country;
        for (uint32_t r = 0; ca && cb && *ca && strcmp(ca, cb) == 0 && r < net->nrates; r++)
            if (net->rates[r].mode == m && strcmp(net->rates[r].country, ca) == 0) {
                l->rate_usd_per_teu_km = net->rates[r].rate_usd_per_teu_km;
                break;
            }
        l->co2e_g_per_tkm = mp->co2e_g_per_tkm;
        l->fixed_hours = sp[k].fixed_hours;
        l->fixed_usd = sp[k].fixed_usd;
        l->wait_hours = COR_GENERIC_WAIT_HOURS;
        l->border = COR_NONE;
        l->passages = sp[k].passages;
        if (w) {
            memcpy(w, sp[k].waypoints, sp[k].nwaypoints * sizeof *w);
            for (uint32_t j = 0; j < sp[k].nwaypoints; j++)
                l->passages |= net->nodes[w[j]].passages;
        }
        l->waypoints = w;
        l->nwaypoints = sp[k].nwaypoints;
        net->ngeneric++;
    }
    goto done;
oom:
    res = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory building the generic sea services");
    net->ngeneric = 0;
done:
    for (size_t k = 0; sp && k < want; k++)
        cor_sea_path_destroy(&sp[k]);
    free(sp);
    free(st);
    free(from);
    free(to);
    free(stack);
    free(ports);
    free(joined);
    free(cmode);
    return res;
}

/* ---- services through their calls ------------------------------------ */

/* The lane paths found between pairs of ports, for one avoid mask: an
 * open-addressing table on (from, to), so that the legs a service's links
 * share (every link of a loop runs over the same legs) are searched once. */
typedef struct memo_leg {
    uint32_t from, to;
    cor_status st;
    cor_sea_path path;
} memo_leg;

struct cor_sea_memo {
    uint64_t avoid;
    memo_leg *legs;
    uint32_t *slot; /* [cap] leg index + 1, 0 = empty */
    uint32_t nlegs, caplegs, cap;
};

cor_sea_memo *cor_sea_memo_new(uint64_t avoid)
{
    cor_sea_memo *m = calloc(1, sizeof *m);
    if (m)
        m->avoid = avoid;
    return m;
}

void cor_sea_memo_free(cor_sea_memo *m)
{
    if (!m)
        return;
    for (uint32_t i = 0; i < m->nlegs; i++)
        cor_sea_path_destroy(&m->legs[i].path);
    free(m->legs);
    free(m->slot);
    free(m);
}

static uint32_t memo_hash(uint32_t from, uint32_t to, uint32_t cap)
{
    uint64_t h = ((uint64_t)from << 32 | to) * 0x9E3779B97F4A7C15ull;
    return (uint32_t)(h >> 32) & (cap - 1);
}

/* The index of the leg from -> to: found in the memo or searched and
 * added (indices stay valid as the memo grows).  COR_NONE when out of
 * memory. */
static uint32_t memo_leg_get(const cor_network *net, cor_sea_memo *m, uint32_t from, uint32_t to)
{
    if (m->cap) {
        for (uint32_t i = memo_hash(from, to, m->cap); m->slot[i]; i = (i + 1) & (m->cap - 1)) {
            const memo_leg *l = &m->legs[m->slot[i] - 1];
            if (l->from == from && l->to == to)
                return m->slot[i] - 1;
        }
    }
    if ((m->nlegs + 1) * 2 > m->cap) {
        uint32_t cap = m->cap ? m->cap * 2 : 64;
        uint32_t *slot = calloc(cap, sizeof *slot);
        if (!slot)
            return COR_NONE;
        for (uint32_t k = 0; k < m->nlegs; k++) {
            uint32_t i = memo_hash(m->legs[k].from, m->legs[k].to, cap);
            while (slot[i])
                i = (i + 1) & (cap - 1);
            slot[i] = k + 1;
        }
        free(m->slot);
        m->slot = slot;
        m->cap = cap;
    }
    if (m->nlegs == m->caplegs) {
        uint32_t c = m->caplegs ? m->caplegs * 2 : 32;
        memo_leg *nl = realloc(m->legs, (size_t)c * sizeof *nl);
        if (!nl)
            return COR_NONE;
        m->legs = nl;
        m->caplegs = c;
    }
    memo_leg *l = &m->legs[m->nlegs];
    l->from = from;
    l->to = to;
    l->st = cor_sea_route(net, from, to, m->avoid, &l->path);
    if (l->st == COR_ENOMEM)
        return COR_NONE;
    uint32_t i = memo_hash(from, to, m->cap);
    while (m->slot[i])
        i = (i + 1) & (m->cap - 1);
    m->slot[i] = ++m->nlegs;
    return m->nlegs - 1;
}

cor_status cor_sea_route_calls(const cor_network *net, uint32_t from, const uint32_t *calls, uint32_t ncalls,
                               uint32_t to, int skip, cor_sea_memo *memo, cor_sea_path *out, uint32_t *kept)
{
    memset(out, 0, sizeof *out);
    *kept = 0;
    if (ncalls > COR_MAX_ROTATION)
        return COR_ENOROUTE;
    /* the stops made, and the legs between them */
    uint32_t stop[COR_MAX_ROTATION + 2];
    uint32_t leg[COR_MAX_ROTATION + 1];
    uint32_t ns = 0, nlegs = 0, cur = from;
    stop[ns++] = from;
    for (uint32_t i = 0; i <= ncalls; i++) {
        uint32_t next = i < ncalls ? calls[i] : to;
        uint32_t li = memo_leg_get(net, memo, cur, next);
        if (li == COR_NONE)
            return COR_ENOMEM;
        if (memo->legs[li].st != COR_OK) {
            /* the call is omitted; lanes are undirected, so a call the
             * previous stop reaches can be left for any stop it reaches:
             * skipping the unreachable calls keeps all the others */
            if (skip && i < ncalls)
                continue;
            return COR_ENOROUTE;
        }
        leg[nlegs++] = li;
        stop[ns++] = next;
        cur = next;
    }
    size_t nw = ns - 2;
    for (uint32_t k = 0; k < nlegs; k++)
        nw += memo->legs[leg[k]].path.nwaypoints;
    out->waypoints = malloc((nw ? nw : 1) * sizeof *out->waypoints);
    if (!out->waypoints)
        return COR_ENOMEM;
    uint32_t w = 0;
    for (uint32_t k = 0; k < nlegs; k++) {
        const cor_sea_path *p = &memo->legs[leg[k]].path;
        memcpy(out->waypoints + w, p->waypoints, p->nwaypoints * sizeof *p->waypoints);
        w += p->nwaypoints;
        if (k + 1 < nlegs) {
            out->waypoints[w++] = stop[k + 1];
            out->passages |= net->nodes[stop[k + 1]].passages;
        }
        out->distance_km += p->distance_km;
        out->fixed_hours += p->fixed_hours;
        out->fixed_usd += p->fixed_usd;
        out->passages |= p->passages;
    }
    out->nwaypoints = w;
    *kept = ns - 2;
    return COR_OK;
}
