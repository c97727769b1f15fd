/*
 * graph.c -- building the expanded CSR graph.  See corridor/graph.h.
 *
 * Two passes: (1) a bit mask of classes per node gives the states; (2) arcs
 * are counted per tail state, prefix-summed into first_out, then filled.
 */
#include "corridor/graph.h"
#include "../model/internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "../core/alloc.h" /* last: maps malloc & co. to the counted wrappers */

void cor_link_cost(const cor_network *net, const cor_link *l, double *hours, double *usd,
                   double *co2e_kg)
{
    const cor_mode_params *mp = cor_network_mode(net, l->mode);
    *hours = l->distance_km / l->speed_kmh * (1.0 + l->rest_per_drive_hour) + l->fixed_hours + l->wait_hours;
    *usd = l->distance_km * l->rate_usd_per_teu_km + l->fixed_usd;
    *co2e_kg = l->distance_km * mp->payload_t_per_teu * l->co2e_g_per_tkm / 1000.0;
}

void cor_graph_free(cor_graph *g)
{
    if (!g)
        return;
    if (g->mapped) { /* arrays in a snapshot's mapping (cor_graph_from_image) */
        free(g);
        return;
    }
    free(g->node_first_state);
    free(g->state_node);
    free(g->state_cls);
    free(g->state_arr);
    free(g->first_out);
    free(g->head);
    free(g->tail);
    free(g->hours);
    free(g->usd);
    free(g->co2e_kg);
    free(g->km);
    free(g->kind);
    free(g->rev);
    free(g->ref);
    free(g->term);
    free(g->term_hours);
    free(g->term_usd);
    free(g->term_co2e_kg);
    free(g);
}

int cor_mode_is_service(cor_mode m)
{
    return m == COR_MODE_SEA || m == COR_MODE_FEEDER || m == COR_MODE_FERRY || m == COR_MODE_IWW;
}

/* The state of (node, cls); for a service class, `arr` picks the arrival
 * state (1) or the departure state (0). */
static uint32_t state_of(const cor_graph *g, uint32_t node, uint8_t cls, int arr)
{
    for (uint32_t s = g->node_first_state[node]; s < g->node_first_state[node + 1]; s++)
        if (g->state_cls[s] == cls && (g->state_arr[s] == arr || !cor_mode_is_service(cor_network_class(g->net, cls)->mode)))
            return s;
    return COR_NONE;
}

/* ---- the graph as a binary image (snapshot entry "graph") ----
 *
 * u64 magic "CORGRPv1", u32 nnodes, nstates, narcs, 0; then the arrays in
 * the order of the struct (node_first_state .. term_co2e_kg), each at an
 * 8-byte aligned offset, native byte order.  Read in place: the arrays
 * point into the mapping; the image is checked against its network
 * (counts) and by cor_graph_check(). */
#define GIMG_MAGIC "CORGRPv1"
#define GIMG_HEADER 24u

typedef struct garr {
    void **field;
    size_t elem, count;
} garr;

static size_t graph_arrays(cor_graph *g, garr *a)
{
    size_t nn = (size_t)g->nnodes, ns = g->nstates, na = g->narcs, k = 0;
#define A(f, c) a[k++] = (garr){(void **)&g->f, sizeof *g->f, (c)}
    A(node_first_state, nn + 1);
    A(state_node, ns);
    A(state_cls, ns);
    A(state_arr, ns);
    A(first_out, ns + 1);
    A(head, na);
    A(tail, na);
    A(hours, na);
    A(usd, na);
    A(co2e_kg, na);
    A(km, na);
    A(kind, na);
    A(rev, na);
    A(ref, na);
    A(term, ns);
    A(term_hours, ns);
    A(term_usd, ns);
    A(term_co2e_kg, ns);
#undef A
    return k;
}

size_t cor_graph_image_size(const cor_graph *g)
{
    garr a[24];
    size_t n = graph_arrays((cor_graph *)g, a), at = GIMG_HEADER;
    at = (at + 7) & ~(size_t)7;
    for (size_t i = 0; i < n; i++)
        at += (a[i].elem * a[i].count + 7) & ~(size_t)7;
    return at;
}

void cor_graph_image_write(const cor_graph *g, unsigned char *img)
{
    garr a[24];
    size_t n = graph_arrays((cor_graph *)g, a), at = (GIMG_HEADER + 7) & ~(size_t)7;
    memset(img, 0, cor_graph_image_size(g));
    memcpy(img, GIMG_MAGIC, 8);
    uint32_t h[4] = {g->nnodes, g->nstates, g->narcs, 0};
    memcpy(img + 8, h, sizeof h);
    for (size_t i = 0; i < n; i++) {
        size_t bytes = a[i].elem * a[i].count;
        if (bytes)
            memcpy(img + at, *a[i].field, bytes);
        at += (bytes + 7) & ~(size_t)7;
    }
}

static cor_status graph_from_image(const cor_network *net, const unsigned char *img, size_t len, cor_graph **out,
                                   cor_diag *d)
{
    *out = NULL;
    const char *path = net->dir ? net->dir : "snapshot";
#define GBAD(why) cor_diag_add(d, COR_EDATA, path, 0, 0, "not a usable corridor snapshot: graph image %s", why)
    if (len < GIMG_HEADER || memcmp(img, GIMG_MAGIC, 8) != 0)
        return GBAD("has no CORGRPv1 header");
    uint32_t h[4];
    memcpy(h, img + 8, sizeof h);
    if (h[0] != net->nnodes)
        return GBAD("does not match its network");
    cor_graph *g = calloc(1, sizeof *g);
    if (!g)
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    g->net = net;
    g->mapped = 1;
    g->nnodes = h[0];
    g->nstates = h[1];
    g->narcs = h[2];
    garr a[24];
    size_t n = graph_arrays(g, a), at = (GIMG_HEADER + 7) & ~(size_t)7;
    for (size_t i = 0; i < n; i++) {
        size_t bytes = a[i].elem * a[i].count;
        if (at > len || bytes > len - at) {
            free(g);
            return GBAD("has an array out of bounds");
        }
        *a[i].field = (void *)(uintptr_t)(img + at);
        at += (bytes + 7) & ~(size_t)7;
    }
    if (net->snap_inplace) { /* its checksum verified: the bytes build wrote, checked when it wrote them */
        *out = g;
        return COR_OK;
    }
    cor_diag tmp;
    if (cor_diag_init(&tmp, 1) != COR_OK) {
        free(g);
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    }
    cor_status s = cor_graph_check(g, &tmp);
    if (s != COR_OK) {
        s = cor_diag_add(d, COR_EDATA, path, 0, 0, "not a usable corridor snapshot: graph image fails its check (%s)",
                         tmp.count ? tmp.items[0].msg : "?");
        free(g);
        g = NULL;
    }
    cor_diag_destroy(&tmp);
    *out = g;
    return s;
#undef GBAD
}

cor_status cor_graph_build(const cor_network *net, cor_graph **out, cor_diag *d)
{
    *out = NULL;
    cor_status sv = cor_network_verify(net, d); /* a snapshot mapped in place: its checksums, once */
    if (sv != COR_OK)
        return sv;
    if (net->snap_graph) /* read from a snapshot: the arrays in place */
        return graph_from_image(net, net->snap_graph, net->snap_graph_len, out, d);
    cor_graph *g = calloc(1, sizeof *g);
    uint32_t *cls_mask = NULL;
    if (!g)
        goto oom;
    g->net = net;
    /* the links, and after them the generic sea services (model.h) */
    uint32_t n = cor_network_node_count(net), nl = cor_network_link_count(net) + cor_network_generic_count(net),
             nt = cor_network_transfer_count(net);
    g->nnodes = n;
    cls_mask = calloc(n ? n : 1, sizeof *cls_mask);
    g->node_first_state = calloc((size_t)n + 1, sizeof *g->node_first_state);
    if (!cls_mask || !g->node_first_state)
        goto oom;
    for (uint32_t i = 0; i < nl; i++) {
        const cor_link *l = cor_network_link(net, i);
        cls_mask[l->from] |= 1u << l->cls;
        cls_mask[l->to] |= 1u << l->cls;
    }
    uint32_t service_mask = 0;
    for (uint32_t c = 0; c < cor_network_class_count(net); c++)
        if (cor_mode_is_service(cor_network_class(net, c)->mode))
            service_mask |= 1u << c;
    uint64_t ns = 0;
    for (uint32_t i = 0; i < n; i++) {
        g->node_first_state[i] = (uint32_t)ns;
        ns += (uint64_t)__builtin_popcount(cls_mask[i]) + (uint64_t)__builtin_popcount(cls_mask[i] & service_mask);
    }
    if (ns >= UINT32_MAX)
        return cor_graph_free(g), free(cls_mask),
               cor_diag_add(d, COR_ELIMIT, NULL, 0, 0, "expanded graph has too many states");
    g->node_first_state[n] = (uint32_t)ns;
    g->nstates = (uint32_t)ns;
    g->state_node = malloc((ns ? ns : 1) * sizeof *g->state_node);
    g->state_cls = malloc(ns ? ns : 1);
    g->state_arr = malloc(ns ? ns : 1);
    g->first_out = calloc(ns + 1, sizeof *g->first_out);
    if (!g->state_node || !g->state_cls || !g->state_arr || !g->first_out)
        goto oom;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t s = g->node_first_state[i];
        for (uint8_t c = 0; c < 32; c++)
            if (cls_mask[i] & (1u << c)) {
                for (uint8_t arr = 0; arr <= ((service_mask >> c) & 1u); arr++) {
                    g->state_node[s] = i;
                    g->state_cls[s] = c;
                    g->state_arr[s] = arr;
                    s++;
                }
            }
    }
    /* count arcs per tail */
    uint64_t m = 0;
    for (uint32_t i = 0; i < nl; i++) {
        const cor_link *l = cor_network_link(net, i);
        g->first_out[state_of(g, l->from, l->cls, 0)]++;
        m++;
        if (!l->oneway) {
            g->first_out[state_of(g, l->to, l->cls, 0)]++;
            m++;
        }
    }
    for (uint32_t i = 0; i < nt; i++) {
        const cor_transfer *t = cor_network_transfer(net, i);
        g->first_out[state_of(g, t->node, t->from_cls, 1)]++;
        m++;
        if (t->from_cls != t->to_cls) {
            g->first_out[state_of(g, t->node, t->to_cls, 1)]++;
            m++;
        }
    }
    if (m >= UINT32_MAX)
        return cor_graph_free(g), free(cls_mask),
               cor_diag_add(d, COR_ELIMIT, NULL, 0, 0, "expanded graph has too many arcs");
    g->narcs = (uint32_t)m;
    /* exclusive prefix sum, then fill using first_out as a cursor */
    uint32_t sum = 0;
    for (uint32_t s = 0; s < g->nstates; s++) {
        uint32_t c = g->first_out[s];
        g->first_out[s] = sum;
        sum += c;
    }
    g->first_out[g->nstates] = sum;
    size_t ma = m ? m : 1;
    g->head = malloc(ma * sizeof *g->head);
    g->tail = malloc(ma * sizeof *g->tail);
    g->hours = malloc(ma * sizeof *g->hours);
    g->usd = malloc(ma * sizeof *g->usd);
    g->co2e_kg = malloc(ma * sizeof *g->co2e_kg);
    g->km = malloc(ma * sizeof *g->km);
    g->kind = malloc(ma);
    g->rev = malloc(ma);
    g->ref = malloc(ma * sizeof *g->ref);
    uint32_t *cursor = malloc(((size_t)g->nstates + 1) * sizeof *cursor);
    if (!g->head || !g->tail || !g->hours || !g->usd || !g->co2e_kg || !g->km || !g->kind || !g->rev ||
        !g->ref || !cursor) {
        free(cursor);
        goto oom;
    }
    memcpy(cursor, g->first_out, ((size_t)g->nstates + 1) * sizeof *cursor);
    for (uint32_t i = 0; i < nl; i++) {
        const cor_link *l = cor_network_link(net, i);
        double h, u, c;
        cor_link_cost(net, l, &h, &u, &c);
        if (l->border != COR_NONE) {
            const cor_border *b = cor_network_border(net, l->border);
            h += b->dwell_hours;
            u += b->fee_usd;
        }
        for (int dir = 0; dir < (l->oneway ? 1 : 2); dir++) {
            uint32_t a = dir ? l->to : l->from, b = dir ? l->from : l->to;
            uint32_t sa = state_of(g, a, l->cls, 0), sb = state_of(g, b, l->cls, 1);
            uint32_t arc = cursor[sa]++;
            g->head[arc] = sb;
            g->tail[arc] = sa;
            g->hours[arc] = h;
            g->usd[arc] = u;
            g->co2e_kg[arc] = c;
            g->km[arc] = l->distance_km;
            g->kind[arc] = COR_ARC_LINK;
            g->rev[arc] = (uint8_t)dir;
            g->ref[arc] = i;
        }
    }
    for (uint32_t i = 0; i < nt; i++) {
        const cor_transfer *t = cor_network_transfer(net, i);
        for (int dir = 0; dir < (t->from_cls == t->to_cls ? 1 : 2); dir++) {
            uint32_t sa = state_of(g, t->node, dir ? t->to_cls : t->from_cls, 1);
            uint32_t sb = state_of(g, t->node, dir ? t->from_cls : t->to_cls, 0);
            uint32_t arc = cursor[sa]++;
            g->head[arc] = sb;
            g->tail[arc] = sa;
            g->hours[arc] = t->dwell_hours;
            g->usd[arc] = t->cost_usd;
            g->co2e_kg[arc] = t->co2e_kg;
            g->km[arc] = 0;
            g->kind[arc] = COR_ARC_TRANSFER;
            g->rev[arc] = (uint8_t)dir;
            g->ref[arc] = i;
        }
    }
    free(cursor);
    size_t nsa = g->nstates ? g->nstates : 1;
    g->term = malloc(nsa * sizeof *g->term);
    g->term_hours = calloc(nsa, sizeof *g->term_hours);
    g->term_usd = calloc(nsa, sizeof *g->term_usd);
    g->term_co2e_kg = calloc(nsa, sizeof *g->term_co2e_kg);
    if (!g->term || !g->term_hours || !g->term_usd || !g->term_co2e_kg)
        goto oom;
    for (uint32_t s = 0; s < g->nstates; s++)
        g->term[s] = COR_NONE;
    for (uint32_t i = 0; i < cor_network_terminal_count(net); i++) {
        const cor_terminal *t = cor_network_terminal(net, i);
        /* both the departure and the arrival state of a vessel class */
        for (uint32_t s = g->node_first_state[t->node]; s < g->node_first_state[t->node + 1]; s++)
            if (g->state_cls[s] == t->cls) {
                g->term[s] = i;
                g->term_hours[s] = t->dwell_hours;
                g->term_usd[s] = t->cost_usd;
                g->term_co2e_kg[s] = t->co2e_kg;
            }
    }
    free(cls_mask);
    *out = g;
    return COR_OK;
oom:
    free(cls_mask);
    cor_graph_free(g);
    return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory building the graph");
}

cor_status cor_graph_check(const cor_graph *g, cor_diag *d)
{
#define FAIL(...) return cor_diag_add(d, COR_EINTERNAL, NULL, 0, 0, __VA_ARGS__)
    if (g->node_first_state[0] != 0 || g->node_first_state[g->nnodes] != g->nstates)
        FAIL("node_first_state does not span the states");
    for (uint32_t i = 0; i < g->nnodes; i++) {
        if (g->node_first_state[i] > g->node_first_state[i + 1])
            FAIL("node_first_state not monotone at node %u", i);
        for (uint32_t s = g->node_first_state[i]; s < g->node_first_state[i + 1]; s++) {
            if (g->state_node[s] != i)
                FAIL("state %u does not belong to node %u", s, i);
            if (s > g->node_first_state[i] &&
                (g->state_cls[s] < g->state_cls[s - 1] ||
                 (g->state_cls[s] == g->state_cls[s - 1] && !(g->state_arr[s] == 1 && g->state_arr[s - 1] == 0))))
                FAIL("states of node %u not ordered by (class, arrival)", i);
            if (g->state_arr[s] && !cor_mode_is_service(cor_network_class(g->net, g->state_cls[s])->mode))
                FAIL("state %u: arrival state of a non-service class", s);
        }
    }
    if (g->first_out[0] != 0 || g->first_out[g->nstates] != g->narcs)
        FAIL("first_out does not span the arcs");
    for (uint32_t s = 0; s < g->nstates; s++) {
        if (g->first_out[s] > g->first_out[s + 1])
            FAIL("first_out not monotone at state %u", s);
        for (uint32_t a = g->first_out[s]; a < g->first_out[s + 1]; a++) {
            if (g->tail[a] != s)
                FAIL("arc %u: tail %u but stored under state %u", a, g->tail[a], s);
            if (g->head[a] >= g->nstates)
                FAIL("arc %u: head out of range", a);
            if (!(g->hours[a] >= 0 && g->usd[a] >= 0 && g->co2e_kg[a] >= 0 && g->km[a] >= 0) ||
                !isfinite(g->hours[a] + g->usd[a] + g->co2e_kg[a] + g->km[a]))
                FAIL("arc %u: negative or non-finite cost", a);
            uint32_t u = g->state_node[s], v = g->state_node[g->head[a]];
            if (g->kind[a] == COR_ARC_LINK) {
                const cor_link *l = cor_network_link(g->net, g->ref[a]);
                if (g->state_cls[s] != l->cls || g->state_cls[g->head[a]] != l->cls)
                    FAIL("arc %u: link arc changes class", a);
                uint32_t f = g->rev[a] ? l->to : l->from, t = g->rev[a] ? l->from : l->to;
                if (u != f || v != t)
                    FAIL("arc %u: does not join the ends of link %s", a, l->id);
                if (cor_mode_is_service(l->mode) && (g->state_arr[s] != 0 || g->state_arr[g->head[a]] != 1))
                    FAIL("arc %u: a service link must go from a departure to an arrival state", a);
            } else {
                if (u != v)
                    FAIL("arc %u: transfer arc leaves its node", a);
                if (g->state_cls[s] == g->state_cls[g->head[a]] && !(g->state_arr[s] == 1 && g->state_arr[g->head[a]] == 0))
                    FAIL("arc %u: transfer arc keeps its class and is not a transshipment", a);
            }
        }
    }
    return COR_OK;
#undef FAIL
}
