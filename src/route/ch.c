/*
 * ch.c -- the node graph of a filter, plain and bidirectional Dijkstra on
 * it, and contraction hierarchies (see corridor/ch.h).
 *
 * Data: forward CSR (fo, fh, fw) and reverse CSR (ri, rt, rw) of the
 * merged arcs.  A zone (route.h: a route may start or end there, not pass
 * through) is split in two: the node keeps its arcs in, and a copy past
 * the network's nodes takes its arcs out; searches from the zone start
 * at the copy, so no search can pass through it, and every algorithm
 * below (CH included) needs no other rule.  Then, for CH, an upward CSR (uo, uh, uw: arcs a -> b with
 * rank a < rank b) and a downward-in CSR (di, dt, dw: arcs a -> b with
 * rank a > rank b, stored at b with tail a), so both query searches only
 * climb.  During contraction each node has growable in and out lists
 * (preprocessing only; queries use the CSR arrays).  Query workspaces
 * reset in O(1) by timestamps.
 */
#include "corridor/ch.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/snapshot.h"

#include "heap4.h"
#include "../core/alloc.h"

struct cor_fast {
    uint32_t n, m;      /* nodes (the network's, then one source copy per zone) and arcs */
    uint32_t nn;        /* the network's nodes: ids 0 .. nn - 1 */
    uint32_t *src;      /* [nn] where a search from the node starts: itself, or its zone's copy */
    double *term;       /* [n] terminal weight of the node's state */
    uint8_t *ok;        /* [n] 1: has a state and no route is forbidden to use it */
    uint32_t *fo, *fh;  /* forward CSR */
    double *fw;
    uint32_t *fa;       /* [m] the graph arc each forward arc stands for (the lightest of parallel arcs) */
    uint32_t *ri, *rt;  /* reverse CSR */
    double *rw;
    uint32_t *ra;       /* [m] the same for the reverse arcs */
    int has_ch;
    uint32_t *rank, nshort;
    uint32_t *uo, *uh, *di, *dt;
    double *uw, *dw;
    uint32_t *ux, *dx;  /* [up], [down] arcs: ORIG | graph arc, or the rank of a shortcut's middle node */
    uint32_t ga;        /* arcs of the graph it was built from (fa, ra, ux, dx index them) */
    uint64_t print;     /* fingerprint of the filter it was built from (cor_fast_fits) */
    int mapped;         /* arrays point into an image: not freed */
};

/* An up or down arc's x: an original arc (ORIG | the graph's arc id) or a
 * shortcut (the rank of the node it bypasses). */
#define ORIG 0x80000000u

/* ---- a binary heap with positions, and one search side ---------------- */

/* A node's label on one side: its distance, the round that set it (labels
 * of other rounds are stale: reset in O(1)) and its heap position (index
 * + 1; 0 unqueued; UINT32_MAX settled), in one record, so that a search
 * touching a node loads one cache line, not three. */
typedef struct lab {
    double dist;
    uint32_t stamp, pos;
} lab;

/* A heap entry keeps its key, so sifting compares without loading labels. */
typedef struct hent {
    double key;
    uint32_t v;
} hent;

typedef struct side {
    lab *l;
    hent *heap;
    uint32_t *par;                /* the arc (index in the side's CSR) a node was last reached by; NULL: none kept */
    uint32_t heap_n;
} side;

/* An entry of cor_fast_dijkstra's heap (heap4.h): a node and the distance
 * it was pushed with. */
typedef heap4_item fast_item;

struct cor_fast_ws {
    side s[2];
    uint32_t cur, n;
    fast_item *lh;      /* cor_fast_dijkstra's heap, grown when needed */
    size_t lh_cap;
};

static int side_init(side *s, uint32_t n)
{
    size_t k = n ? n : 1;
    s->l = calloc(k, sizeof *s->l);
    s->heap = malloc(k * sizeof *s->heap);
    s->heap_n = 0;
    return s->l && s->heap ? 0 : -1;
}

static void side_free(side *s)
{
    free(s->par);
    free(s->l);
    free(s->heap);
}

static inline double side_dist(const side *s, uint32_t cur, uint32_t v)
{
    return s->l[v].stamp == cur ? s->l[v].dist : INFINITY;
}

static void hup(side *s, uint32_t i)
{
    hent e = s->heap[i];
    while (i > 0) {
        uint32_t p = (i - 1) / 2;
        if (s->heap[p].key <= e.key)
            break;
        s->heap[i] = s->heap[p];
        s->l[s->heap[i].v].pos = i + 1;
        i = p;
    }
    s->heap[i] = e;
    s->l[e.v].pos = i + 1;
}

static void hdown(side *s, uint32_t i)
{
    hent e = s->heap[i];
    for (;;) {
        uint32_t c = 2 * i + 1;
        if (c >= s->heap_n)
            break;
        if (c + 1 < s->heap_n && s->heap[c + 1].key < s->heap[c].key)
            c++;
        if (s->heap[c].key >= e.key)
            break;
        s->heap[i] = s->heap[c];
        s->l[s->heap[i].v].pos = i + 1;
        i = c;
    }
    s->heap[i] = e;
    s->l[e.v].pos = i + 1;
}

/* Reach v at d; 1 if that lowered its distance. */
static int push(side *s, uint32_t cur, uint32_t v, double d)
{
    lab *x = &s->l[v];
    if (x->stamp != cur) {
        x->stamp = cur;
        x->dist = INFINITY;
        x->pos = 0;
    }
    if (x->pos == UINT32_MAX || d >= x->dist)
        return 0;
    x->dist = d;
    if (x->pos == 0) {
        s->heap[s->heap_n] = (hent){d, v};
        x->pos = ++s->heap_n;
    } else {
        s->heap[x->pos - 1].key = d;
    }
    hup(s, x->pos - 1);
    return 1;
}

static uint32_t pop(side *s)
{
    uint32_t v = s->heap[0].v;
    s->l[v].pos = UINT32_MAX;
    if (--s->heap_n) {
        s->heap[0] = s->heap[s->heap_n];
        s->l[s->heap[0].v].pos = 1;
        hdown(s, 0);
    }
    return v;
}

static inline double top(const side *s) { return s->heap_n ? s->heap[0].key : INFINITY; }

/* ---- flattening ------------------------------------------------------- */

int cor_fast_eligible(const cor_filter *f, char *why, size_t size)
{
    const cor_graph *g = f->g;
    for (uint32_t n = 0; n < g->nnodes; n++)
        if (g->node_first_state[n + 1] - g->node_first_state[n] > 1) {
            if (why)
                snprintf(why, size, "%s has %u states (modes or gauges meet there)", cor_network_node(g->net, n)->id,
                         g->node_first_state[n + 1] - g->node_first_state[n]);
            return 0;
        }
    return 1;
}

typedef struct edge {
    uint32_t u, v;
    double w;
    uint32_t x; /* the graph arc (flattening), or ORIG | arc / middle node (contraction) */
} edge;

static int edge_cmp(const void *a, const void *b)
{
    const edge *x = a, *y = b;
    if (x->u != y->u)
        return x->u < y->u ? -1 : 1;
    if (x->v != y->v)
        return x->v < y->v ? -1 : 1;
    if (x->w != y->w)
        return x->w < y->w ? -1 : 1;
    return x->x < y->x ? -1 : x->x > y->x; /* equal parallel arcs: the lowest id, in every build */
}

/* CSR from edges sorted by key node: first[n + 1], other end, weight, x. */
static int csr(uint32_t n, const edge *e, uint32_t m, int by_v, uint32_t **first, uint32_t **other, double **w,
               uint32_t **x)
{
    *first = calloc((size_t)n + 1, sizeof **first);
    *other = malloc((m ? m : 1) * sizeof **other);
    *w = malloc((m ? m : 1) * sizeof **w);
    *x = malloc((m ? m : 1) * sizeof **x);
    if (!*first || !*other || !*w || !*x)
        return -1;
    for (uint32_t i = 0; i < m; i++)
        (*first)[(by_v ? e[i].v : e[i].u) + 1]++;
    for (uint32_t i = 0; i < n; i++)
        (*first)[i + 1] += (*first)[i];
    uint32_t *fill = malloc(((size_t)n + 1) * sizeof *fill);
    if (!fill)
        return -1;
    memcpy(fill, *first, ((size_t)n + 1) * sizeof *fill);
    for (uint32_t i = 0; i < m; i++) {
        uint32_t k = by_v ? e[i].v : e[i].u, at = fill[k]++;
        (*other)[at] = by_v ? e[i].u : e[i].v;
        (*w)[at] = e[i].w;
        (*x)[at] = e[i].x;
    }
    free(fill);
    return 0;
}

/* ---- contraction ------------------------------------------------------ */

typedef struct adj_e {
    uint32_t v;   /* the other end */
    uint32_t hop; /* arcs of the original graph the arc stands for */
    uint32_t x;   /* ORIG | graph arc, or the node a shortcut bypasses */
    double w;
} adj_e;

typedef struct adj {
    adj_e *e;
    uint32_t n, cap;
} adj;

/* Add u -> v (or lower its weight).  -1 when out of memory. */
static int adj_set(adj *a, uint32_t v, double w, uint32_t hop, uint32_t x)
{
    for (uint32_t i = 0; i < a->n; i++)
        if (a->e[i].v == v) {
            if (w < a->e[i].w)
                a->e[i] = (adj_e){v, hop, x, w};
            return 0;
        }
    if (a->n == a->cap) {
        uint32_t c = a->cap ? 2 * a->cap : 4;
        adj_e *ne = realloc(a->e, c * sizeof *ne);
        if (!ne)
            return -1;
        a->e = ne;
        a->cap = c;
    }
    a->e[a->n++] = (adj_e){v, hop, x, w};
    return 0;
}

typedef struct contractor {
    uint32_t n;
    uint32_t *mark;     /* [n] == cur: a target of the current witness search */
    adj *out, *in;
    uint8_t *done;
    uint32_t *level;    /* [n] 1 + the highest level of a contracted neighbour */
    side ws;
    uint32_t cur;
} contractor;

/* Drop contracted nodes from a list (they are never looked at again). */
static void compact(adj *a, const uint8_t *done)
{
    uint32_t k = 0;
    for (uint32_t i = 0; i < a->n; i++)
        if (!done[a->e[i].v])
            a->e[k++] = a->e[i];
    a->n = k;
}

/* Shortest distance from u to the out-neighbours of v avoiding v, among
 * uncontracted nodes, bounded by `bound` and by `limit` settled nodes;
 * distances left in c->ws (stamp c->cur).  A bounded search may miss a
 * witness (one shortcut too many), never invent one. */
static void witness(contractor *c, uint32_t u, uint32_t v, double bound, uint32_t limit)
{
    side *s = &c->ws;
    if (++c->cur == 0) {
        memset(s->l, 0, (size_t)c->n * sizeof *s->l);
        memset(c->mark, 0, (size_t)c->n * sizeof *c->mark);
        c->cur = 1;
    }
    uint32_t left = 0; /* targets not yet settled: stop when none is */
    for (uint32_t j = 0; j < c->out[v].n; j++) {
        uint32_t x = c->out[v].e[j].v;
        if (x != u && c->mark[x] != c->cur) {
            c->mark[x] = c->cur;
            left++;
        }
    }
    s->heap_n = 0;
    push(s, c->cur, u, 0);
    uint32_t settled = 0;
    while (s->heap_n && settled < limit && left) {
        if (top(s) > bound)
            break;
        uint32_t x = pop(s);
        settled++;
        if (c->mark[x] == c->cur)
            left--;
        const adj *a = &c->out[x];
        for (uint32_t i = 0; i < a->n; i++) {
            uint32_t y = a->e[i].v;
            if (y == v || c->done[y])
                continue;
            push(s, c->cur, y, s->l[x].dist + a->e[i].w);
        }
    }
}

/* Shortcuts contracting v needs (*hops: the original arcs they stand
 * for); with add, add them.  v's lists must be compact.  -1 out of
 * memory. */
static long shortcuts(contractor *c, uint32_t v, int add, uint32_t *added, long *hops)
{
    const adj *in = &c->in[v], *out = &c->out[v];
    long need = 0;
    double maxout = 0;
    for (uint32_t j = 0; j < out->n; j++)
        if (out->e[j].w > maxout)
            maxout = out->e[j].w;
    for (uint32_t i = 0; i < in->n; i++) {
        uint32_t u = in->e[i].v;
        if (out->n == 0)
            break;
        if (out->n == 1 && out->e[0].v == u)
            continue;
        witness(c, u, v, in->e[i].w + maxout, add ? COR_CH_WITNESS_SETTLE : COR_CH_ESTIMATE_SETTLE);
        for (uint32_t j = 0; j < out->n; j++) {
            uint32_t x = out->e[j].v;
            if (x == u)
                continue;
            double via = in->e[i].w + out->e[j].w;
            if (side_dist(&c->ws, c->cur, x) <= via)
                continue; /* a witness path is as short */
            need++;
            *hops += (long)in->e[i].hop + out->e[j].hop;
            if (add) {
                uint32_t h = in->e[i].hop + out->e[j].hop;
                if (adj_set(&c->out[u], x, via, h, v) || adj_set(&c->in[x], u, via, h, v))
                    return -1;
                (*added)++;
            }
        }
    }
    return need;
}

/* The contraction order's key (smaller: contracted sooner): the node's
 * level plus shortcuts added per arc removed and original arcs added per
 * original arc removed (as RoutingKit): nodes whose removal does not
 * densify the graph go first, and the levels spread contraction evenly. */
static double priority(contractor *c, uint32_t v)
{
    compact(&c->in[v], c->done);
    compact(&c->out[v], c->done);
    long removed = (long)c->in[v].n + c->out[v].n, rhops = 0, hops = 0;
    for (uint32_t i = 0; i < c->in[v].n; i++)
        rhops += c->in[v].e[i].hop;
    for (uint32_t i = 0; i < c->out[v].n; i++)
        rhops += c->out[v].e[i].hop;
    long sc = shortcuts(c, v, 0, NULL, &hops);
    if (removed == 0)
        return c->level[v];
    return (double)c->level[v] + (double)sc / (double)removed + (double)hops / (double)rhops;
}

/* The order's heap: a side (dist = key) whose keys may rise or fall. */
static void key_set(side *q, uint32_t v, double k)
{
    if (q->l[v].pos == 0 || q->l[v].pos == UINT32_MAX)
        return;
    q->l[v].dist = k;
    q->heap[q->l[v].pos - 1].key = k;
    hup(q, q->l[v].pos - 1);
    hdown(q, q->l[v].pos - 1);
}

static cor_status contract(cor_fast *fg)
{
    uint32_t n = fg->n;
    contractor c = {.n = n};
    side q = {0};
    uint32_t *upd = NULL;
    edge *e = NULL;
    cor_status s = COR_ENOMEM;
    c.out = calloc(n ? n : 1, sizeof *c.out);
    c.in = calloc(n ? n : 1, sizeof *c.in);
    c.done = calloc(n ? n : 1, 1);
    c.level = calloc(n ? n : 1, sizeof *c.level);
    c.mark = calloc(n ? n : 1, sizeof *c.mark);
    upd = calloc(n ? n : 1, sizeof *upd);
    fg->rank = malloc((n ? n : 1) * sizeof *fg->rank);
    if (!c.out || !c.in || !c.done || !c.level || !c.mark || !upd || !fg->rank || side_init(&c.ws, n) ||
        side_init(&q, n))
        goto done;
    for (uint32_t u = 0; u < n; u++)
        for (uint32_t k = fg->fo[u]; k < fg->fo[u + 1]; k++)
            if (adj_set(&c.out[u], fg->fh[k], fg->fw[k], 1, ORIG | fg->fa[k]) ||
                adj_set(&c.in[fg->fh[k]], u, fg->fw[k], 1, ORIG | fg->fa[k]))
                goto done;
    for (uint32_t v = 0; v < n; v++)
        push(&q, 1, v, priority(&c, v));
    uint32_t order = 0;
    size_t m = 64, nu = 0, nd = 64; /* e: capacity, up arcs at the front, down arcs from nd to the back */
    e = malloc(m * sizeof *e);
    if (!e)
        goto done;
    while (q.heap_n) {
        uint32_t v = pop(&q);
        long hops = 0;
        compact(&c.in[v], c.done);
        compact(&c.out[v], c.done);
        if (shortcuts(&c, v, 1, &fg->nshort, &hops) < 0)
            goto done;
        /* v's arcs now join it to uncontracted, so higher, nodes: v -> x
         * goes up from v, u -> v comes down to v.  Every arc and shortcut is
         * kept here, once, when its lower end is contracted. */
        size_t need = (size_t)nu + (size_t)(m - nd) + c.out[v].n + c.in[v].n;
        if (need > UINT32_MAX) {
            s = COR_ELIMIT;
            goto done;
        }
        if (need > m) { /* e holds up arcs from the front, down arcs from the back */
            size_t nm = m;
            while (nm < need)
                nm *= 2;
            edge *ne = malloc(nm * sizeof *ne);
            if (!ne)
                goto done;
            memcpy(ne, e, nu * sizeof *e);
            memcpy(ne + nm - (m - nd), e + nd, (m - nd) * sizeof *e);
            nd = nm - (m - nd);
            m = nm;
            free(e);
            e = ne;
        }
        for (uint32_t i = 0; i < c.out[v].n; i++)
            e[nu++] = (edge){v, c.out[v].e[i].v, c.out[v].e[i].w, c.out[v].e[i].x};
        for (uint32_t i = 0; i < c.in[v].n; i++)
            e[--nd] = (edge){c.in[v].e[i].v, v, c.in[v].e[i].w, c.in[v].e[i].x};
        c.done[v] = 1;
        fg->rank[v] = order++;
        /* its neighbours: one level up, priorities anew */
        for (int side_k = 0; side_k < 2; side_k++) {
            const adj *a = side_k ? &c.in[v] : &c.out[v];
            for (uint32_t i = 0; i < a->n; i++) {
                uint32_t x = a->e[i].v;
                if (upd[x] == v + 1)
                    continue;
                upd[x] = v + 1;
                if (c.level[x] < c.level[v] + 1)
                    c.level[x] = c.level[v] + 1;
                key_set(&q, x, priority(&c, x));
            }
        }
    }
    /* the query's arrays in rank order: node ids become ranks, so that the
     * nodes a search settles (mostly high ranks) lie together in memory */
    for (size_t i = 0; i < m; i++) {
        if (i == nu)
            i = nd; /* up arcs at the front, down arcs at the back */
        if (i == m)
            break;
        uint32_t x = e[i].x & ORIG ? e[i].x : fg->rank[e[i].x];
        e[i] = (edge){fg->rank[e[i].u], fg->rank[e[i].v], e[i].w, x};
    }
    qsort(e, nu, sizeof *e, edge_cmp);
    if (csr(n, e, nu, 0, &fg->uo, &fg->uh, &fg->uw, &fg->ux))
        goto done;
    qsort(e + nd, m - nd, sizeof *e, edge_cmp);
    if (csr(n, e + nd, (uint32_t)(m - nd), 1, &fg->di, &fg->dt, &fg->dw, &fg->dx))
        goto done;
    fg->has_ch = 1;
    s = COR_OK;
done:
    for (uint32_t u = 0; c.out && c.in && u < n; u++) {
        free(c.out[u].e);
        free(c.in[u].e);
    }
    free(c.out);
    free(c.in);
    free(c.done);
    free(c.level);
    free(c.mark);
    free(upd);
    side_free(&c.ws);
    side_free(&q);
    free(e);
    return s;
}

uint64_t cor_fast_fingerprint(const cor_filter *f)
{
    const cor_graph *g = f->g;
    uint64_t h = cor_snapshot_hash(f->weight, (size_t)g->narcs * sizeof *f->weight);
    h = h * 0x9e3779b97f4a7c15ull ^ cor_snapshot_hash(f->term_w, (size_t)g->nstates * sizeof *f->term_w);
    h = h * 0x9e3779b97f4a7c15ull ^ cor_snapshot_hash(f->node_ok, g->nnodes);
    if (f->zone)
        h = h * 0x9e3779b97f4a7c15ull ^ cor_snapshot_hash(f->zone, g->nnodes);
    uint32_t sizes[3] = {g->nnodes, g->nstates, g->narcs};
    return h * 0x9e3779b97f4a7c15ull ^ cor_snapshot_hash(sizes, sizeof sizes);
}

int cor_fast_fits(const cor_fast *fg, const cor_filter *f)
{
    return fg->nn == f->g->nnodes && fg->ga == f->g->narcs && fg->print == cor_fast_fingerprint(f);
}

cor_status cor_fast_build(const cor_filter *f, int with_ch, cor_fast **out, cor_diag *d)
{
    *out = NULL;
    char why[256];
    if (!cor_fast_eligible(f, why, sizeof why))
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "not a single-state graph: %s", why);
    const cor_graph *g = f->g;
    if (g->narcs >= ORIG || g->nnodes >= ORIG / 2) /* arc ids and ranks tagged in one word (ORIG) */
        return cor_diag_add(d, COR_ELIMIT, NULL, 0, 0, "a node graph of more than 2^30 nodes or 2^31 arcs");
    cor_fast *fg = calloc(1, sizeof *fg);
    edge *e = malloc((g->narcs ? g->narcs : 1) * sizeof *e);
    cor_status s = COR_ENOMEM;
    if (!fg || !e)
        goto fail;
    fg->print = cor_fast_fingerprint(f);
    fg->ga = g->narcs;
    uint32_t nz = 0;
    for (uint32_t n = 0; f->zone && n < g->nnodes; n++)
        nz += f->zone[n];
    fg->nn = g->nnodes;
    fg->n = g->nnodes + nz;
    fg->term = calloc(fg->n ? fg->n : 1, sizeof *fg->term);
    fg->ok = calloc(fg->n ? fg->n : 1, 1);
    fg->src = malloc((fg->nn ? fg->nn : 1) * sizeof *fg->src);
    if (!fg->term || !fg->ok || !fg->src)
        goto fail;
    for (uint32_t n = 0, z = g->nnodes; n < g->nnodes; n++) {
        fg->src[n] = f->zone && f->zone[n] ? z++ : n;
        uint32_t st = g->node_first_state[n];
        if (g->node_first_state[n + 1] > st) {
            fg->term[n] = fg->term[fg->src[n]] = f->term_w[st];
            fg->ok[n] = fg->ok[fg->src[n]] = 1;
        }
    }
    uint32_t m = 0;
    for (uint32_t a = 0; a < g->narcs; a++) {
        if (f->weight[a] == INFINITY)
            continue;
        uint32_t u = g->state_node[g->tail[a]], v = g->state_node[g->head[a]];
        if (u != v)
            e[m++] = (edge){fg->src[u], v, f->weight[a], a}; /* a zone's arcs out leave from its copy */
    }
    qsort(e, m, sizeof *e, edge_cmp);
    uint32_t k = 0; /* merge parallel arcs: the lightest (sorted first) stays */
    for (uint32_t i = 0; i < m; i++)
        if (k == 0 || e[k - 1].u != e[i].u || e[k - 1].v != e[i].v)
            e[k++] = e[i];
    fg->m = k;
    if (csr(fg->n, e, k, 0, &fg->fo, &fg->fh, &fg->fw, &fg->fa) ||
        csr(fg->n, e, k, 1, &fg->ri, &fg->rt, &fg->rw, &fg->ra))
        goto fail;
    free(e);
    e = NULL;
    if (with_ch && (s = contract(fg)) != COR_OK)
        goto fail;
    *out = fg;
    return COR_OK;
fail:
    free(e);
    cor_fast_free(fg);
    return cor_diag_add(d, s, NULL, 0, 0, s == COR_ENOMEM ? "out of memory" : "too many shortcuts");
}

void cor_fast_free(cor_fast *fg)
{
    if (!fg)
        return;
    if (fg->mapped) {
        free(fg);
        return;
    }
    free(fg->term);
    free(fg->ok);
    free(fg->fo);
    free(fg->fh);
    free(fg->fw);
    free(fg->fa);
    free(fg->ri);
    free(fg->rt);
    free(fg->rw);
    free(fg->ra);
    free(fg->ux);
    free(fg->dx);
    free(fg->rank);
    free(fg->src);
    free(fg->uo);
    free(fg->uh);
    free(fg->uw);
    free(fg->di);
    free(fg->dt);
    free(fg->dw);
    free(fg);
}

uint32_t cor_fast_shortcuts(const cor_fast *fg) { return fg ? fg->nshort : 0; }

cor_fast_ws *cor_fast_ws_new(const cor_fast *fg)
{
    cor_fast_ws *ws = calloc(1, sizeof *ws);
    if (!ws)
        return NULL;
    ws->n = fg->n;
    size_t k = fg->n ? fg->n : 1;
    ws->s[0].par = malloc(k * sizeof *ws->s[0].par);
    ws->s[1].par = malloc(k * sizeof *ws->s[1].par);
    if (!ws->s[0].par || !ws->s[1].par || side_init(&ws->s[0], fg->n) || side_init(&ws->s[1], fg->n)) {
        cor_fast_ws_free(ws);
        return NULL;
    }
    return ws;
}

void cor_fast_ws_free(cor_fast_ws *ws)
{
    if (!ws)
        return;
    side_free(&ws->s[0]);
    side_free(&ws->s[1]);
    free(ws->lh);
    free(ws);
}

static void next_round(cor_fast_ws *ws)
{
    if (++ws->cur == 0) {
        memset(ws->s[0].l, 0, (size_t)(ws->n ? ws->n : 1) * sizeof *ws->s[0].l);
        memset(ws->s[1].l, 0, (size_t)(ws->n ? ws->n : 1) * sizeof *ws->s[1].l);
        ws->cur = 1;
    }
    ws->s[0].heap_n = ws->s[1].heap_n = 0;
}

/* Common checks; -1 to go on, else the status. */
static int ends(const cor_fast *fg, uint32_t from, uint32_t to, double *w)
{
    *w = INFINITY;
    if (from >= fg->nn || to >= fg->nn)
        return COR_EUSAGE;
    if (!fg->ok[from] || !fg->ok[to])
        return COR_ENOROUTE;
    if (from == to) {
        *w = fg->term[from] + fg->term[to];
        return COR_OK;
    }
    return -1;
}


/* Room for more entries in ws's heap (*h and *cap, its array and size,
 * follow): 0, or -1 when out of memory. */
static int lazy_grow(cor_fast_ws *ws, fast_item **h, size_t *cap)
{
    size_t nc = *cap ? 2 * *cap : (size_t)ws->n + 64;
    fast_item *nh = realloc(*h, nc * sizeof *nh);
    if (!nh)
        return -1;
    ws->lh = *h = nh;
    ws->lh_cap = *cap = nc;
    return 0;
}

cor_status cor_fast_dijkstra(const cor_fast *fg, cor_fast_ws *ws, uint32_t from, uint32_t to, double *w,
                             uint32_t *settled)
{
    int r = ends(fg, from, to, w);
    uint32_t cnt = 0;
    if (r >= 0)
        return (cor_status)r;
    next_round(ws);
    const uint32_t cur = ws->cur, *fo = fg->fo, *fh = fg->fh;
    const double *fw = fg->fw;
    lab *L = ws->s[0].l; /* pos: UINT32_MAX settled, else 0 */
    fast_item *h = ws->lh;
    size_t n = 0, cap = ws->lh_cap;
    uint32_t src = fg->src[from];
    if (cap == 0 && lazy_grow(ws, &h, &cap))
        return COR_ENOMEM;
    L[src].stamp = cur;
    L[src].dist = fg->term[from];
    L[src].pos = 0;
    h[n++] = (fast_item){L[src].dist, src};
    while (n) {
        fast_item t = heap4_pop(h, n--);
        uint32_t u = t.v;
        double du = t.d;
        if (du > L[u].dist)
            continue; /* an older entry of a node pushed again */
        L[u].pos = UINT32_MAX;
        cnt++;
        if (u == to) {
            *w = du + fg->term[to];
            break;
        }
        for (uint32_t k = fo[u], e = fo[u + 1]; k < e; k++) {
            uint32_t v = fh[k];
            double d = du + fw[k];
            if (L[v].stamp != cur) {
                L[v].stamp = cur;
                L[v].pos = 0;
            } else if (d >= L[v].dist || L[v].pos == UINT32_MAX) {
                continue;
            }
            L[v].dist = d;
            if (n == cap && lazy_grow(ws, &h, &cap))
                return COR_ENOMEM;
            heap4_push(h, n++, (fast_item){d, v});
        }
    }
    if (settled)
        *settled = cnt;
    return *w < INFINITY ? COR_OK : COR_ENOROUTE;
}

/* Bidirectional search: side 0 forward from `from` over (f_first,
 * f_other, f_w), side 1 backward from `to` over (b_first, ...).  With
 * `upward` (CH) each side stops when its heap cannot beat the best
 * meeting; without, when the two heaps together cannot. */
static cor_status bidir(const cor_fast *fg, cor_fast_ws *ws, uint32_t from, uint32_t to, const uint32_t *ff,
                        const uint32_t *fo, const double *fw, const uint32_t *bf, const uint32_t *bo,
                        const double *bw, int upward, double *w, uint32_t *settled)
{
    int r = ends(fg, from, to, w);
    uint32_t cnt = 0;
    if (r >= 0)
        return (cor_status)r;
    next_round(ws);
    uint32_t cur = ws->cur;
    side *S[2] = {&ws->s[0], &ws->s[1]};
    push(S[0], cur, fg->src[from], fg->term[from]);
    push(S[1], cur, to, fg->term[to]);
    double best = INFINITY;
    for (;;) {
        double t0 = top(S[0]), t1 = top(S[1]);
        int go0 = upward ? t0 < best : 1, go1 = upward ? t1 < best : 1;
        if (!upward && (t0 + t1 >= best || (t0 == INFINITY && t1 == INFINITY)))
            break;
        if (upward && !go0 && !go1)
            break;
        int k = go0 && (!go1 || t0 <= t1) ? 0 : 1;
        if (!S[k]->heap_n)
            break;
        side *me = S[k], *other = S[1 - k];
        uint32_t u = pop(me);
        cnt++;
        double du = me->l[u].dist;
        double ou = side_dist(other, cur, u);
        if (du + ou < best)
            best = du + ou;
        const uint32_t *first = k ? bf : ff, *oth = k ? bo : fo;
        const double *wt = k ? bw : fw;
        for (uint32_t a = first[u]; a < first[u + 1]; a++) {
            uint32_t v = oth[a];
            double dv = du + wt[a];
            push(me, cur, v, dv);
            double ov = side_dist(other, cur, v);
            if (dv + ov < best)
                best = dv + ov;
        }
    }
    if (settled)
        *settled = cnt;
    *w = best;
    return best < INFINITY ? COR_OK : COR_ENOROUTE;
}

cor_status cor_fast_bidir(const cor_fast *fg, cor_fast_ws *ws, uint32_t from, uint32_t to, double *w,
                          uint32_t *settled)
{
    return bidir(fg, ws, from, to, fg->fo, fg->fh, fg->fw, fg->ri, fg->rt, fg->rw, 0, w, settled);
}

/* CH query: two upward searches in rank space (the up arcs forward from
 * rank[from], the down arcs backward from rank[to]), each stopping when
 * its heap cannot beat the best meeting.  Stall on demand: a node that a
 * higher node reaches more cheaply by an arc down to it (forward: an arc
 * x -> u with rank x > rank u; backward: u -> x) is settled but not
 * relaxed, since no shortest path climbs through it. */
static cor_status ch_query(const cor_fast *fg, cor_fast_ws *ws, uint32_t from, uint32_t to, double *w,
                           uint32_t *settled, uint32_t *meet)
{
    *meet = UINT32_MAX;
    if (!fg->has_ch) {
        *w = INFINITY;
        return COR_EUSAGE;
    }
    int r = ends(fg, from, to, w);
    uint32_t cnt = 0;
    if (r >= 0)
        return (cor_status)r;
    next_round(ws);
    uint32_t cur = ws->cur;
    side *S[2] = {&ws->s[0], &ws->s[1]};
    push(S[0], cur, fg->rank[fg->src[from]], fg->term[from]);
    push(S[1], cur, fg->rank[to], fg->term[to]);
    double best = INFINITY;
    for (;;) {
        double t0 = top(S[0]), t1 = top(S[1]);
        int go0 = t0 < best, go1 = t1 < best;
        if (!go0 && !go1)
            break;
        int k = go0 && (!go1 || t0 <= t1) ? 0 : 1;
        side *me = S[k], *other = S[1 - k];
        uint32_t u = pop(me);
        cnt++;
        double du = me->l[u].dist;
        double ou = side_dist(other, cur, u);
        if (du + ou < best) {
            best = du + ou;
            *meet = u;
        }
        const uint32_t *first = k ? fg->di : fg->uo, *oth = k ? fg->dt : fg->uh;
        const uint32_t *sfirst = k ? fg->uo : fg->di, *soth = k ? fg->uh : fg->dt;
        const double *wt = k ? fg->dw : fg->uw, *swt = k ? fg->uw : fg->dw;
        int stalled = 0;
        for (uint32_t a = sfirst[u]; a < sfirst[u + 1] && !stalled; a++)
            stalled = side_dist(me, cur, soth[a]) + swt[a] < du;
        if (stalled)
            continue;
        for (uint32_t a = first[u]; a < first[u + 1]; a++) {
            uint32_t v = oth[a];
            double dv = du + wt[a];
            if (push(me, cur, v, dv) && me->par)
                me->par[v] = a;
            double ov = side_dist(other, cur, v);
            if (dv + ov < best) {
                best = dv + ov;
                *meet = v;
            }
        }
    }
    if (settled)
        *settled = cnt;
    *w = best;
    return best < INFINITY ? COR_OK : COR_ENOROUTE;
}

cor_status cor_fast_ch(const cor_fast *fg, cor_fast_ws *ws, uint32_t from, uint32_t to, double *w,
                       uint32_t *settled)
{
    uint32_t meet;
    return ch_query(fg, ws, from, to, w, settled, &meet);
}

/* ---- paths ------------------------------------------------------------- */

/* The node whose CSR group holds arc k (first monotone, first[n] > k). */
static uint32_t group_of(const uint32_t *first, uint32_t n, uint32_t k)
{
    uint32_t lo = 0, hi = n; /* first[lo] <= k < first[hi] */
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (first[mid] <= k)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

static int path_add(cor_path *p, uint32_t arc)
{
    if (p->narcs == p->cap) {
        uint32_t c = p->cap ? 2 * p->cap : 16;
        uint32_t *na = realloc(p->arcs, c * sizeof *na);
        if (!na)
            return -1;
        p->arcs = na;
        p->cap = c;
    }
    p->arcs[p->narcs++] = arc;
    return 0;
}

typedef struct hop {
    uint32_t u, v, x;
} hop;

/* Append the original arcs of hierarchy arc u -> v (ranks; x: ux/dx) to p:
 * a shortcut past m is u -> m (a down arc, stored at m) then m -> v (an up
 * arc of m).  Every split lowers the least rank of an arc's ends, so it
 * ends; an image that breaks that (or lacks an arc) is COR_EDATA. */
static cor_status unpack(const cor_fast *fg, hop h, hop **stack, size_t *cap, cor_path *p)
{
    size_t n = 0;
    (*stack)[n++] = h;
    while (n) {
        hop t = (*stack)[--n];
        if (t.x & ORIG) {
            if (p->narcs >= fg->n || path_add(p, t.x & ~ORIG))
                return p->narcs >= fg->n ? COR_EDATA : COR_ENOMEM;
            continue;
        }
        uint32_t m = t.x, k1 = UINT32_MAX, k2 = UINT32_MAX;
        if (m >= t.u || m >= t.v)
            return COR_EDATA;
        for (uint32_t k = fg->di[m]; k < fg->di[m + 1] && k1 == UINT32_MAX; k++)
            if (fg->dt[k] == t.u)
                k1 = k;
        for (uint32_t k = fg->uo[m]; k < fg->uo[m + 1] && k2 == UINT32_MAX; k++)
            if (fg->uh[k] == t.v)
                k2 = k;
        if (k1 == UINT32_MAX || k2 == UINT32_MAX)
            return COR_EDATA;
        if (n + 2 > *cap) {
            size_t c = 2 * *cap + 2;
            hop *ns = realloc(*stack, c * sizeof *ns);
            if (!ns)
                return COR_ENOMEM;
            *stack = ns;
            *cap = c;
        }
        (*stack)[n++] = (hop){m, t.v, fg->ux[k2]}; /* second half, popped last */
        (*stack)[n++] = (hop){t.u, m, fg->dx[k1]};
    }
    return COR_OK;
}

cor_status cor_fast_ch_path(const cor_fast *fg, cor_fast_ws *ws, uint32_t from, uint32_t to, cor_path *out,
                            uint32_t *settled, cor_diag *d)
{
    out->narcs = 0;
    out->from_node = from;
    out->to_node = to;
    uint32_t meet;
    cor_status s = ch_query(fg, ws, from, to, &out->weight, settled, &meet);
    if (s != COR_OK || from == to)
        return s == COR_EUSAGE ? cor_diag_add(d, s, NULL, 0, 0, "no hierarchy, or an end out of range") : s;
    /* the hierarchy's arcs from the start up to the meeting node, then down to the end */
    size_t nh = 0, hcap = 64, scap = 64;
    hop *hops = malloc(hcap * sizeof *hops), *stack = malloc(scap * sizeof *stack);
    uint32_t start = fg->rank[fg->src[from]], end = fg->rank[to];
    s = hops && stack ? COR_OK : COR_ENOMEM;
    for (int k = 0; k < 2 && s == COR_OK; k++) {
        size_t first_hop = nh;
        for (uint32_t v = meet, steps = 0; v != (k ? end : start) && s == COR_OK; steps++) {
            if (steps >= fg->n || side_dist(&ws->s[k], ws->cur, v) == INFINITY) {
                s = COR_EDATA;
                break;
            }
            uint32_t a = ws->s[k].par[v];
            if (nh == hcap) {
                hop *nw = realloc(hops, 2 * hcap * sizeof *nw);
                if (!nw) {
                    s = COR_ENOMEM;
                    break;
                }
                hops = nw;
                hcap *= 2;
            }
            if (k == 0) { /* up arc a: tail -> v */
                uint32_t t = group_of(fg->uo, fg->n, a);
                hops[nh++] = (hop){t, v, fg->ux[a]};
                v = t;
            } else { /* down arc a: v -> head, read backwards */
                uint32_t h = group_of(fg->di, fg->n, a);
                hops[nh++] = (hop){v, h, fg->dx[a]};
                v = h;
            }
        }
        if (k == 0) /* collected from the meeting node back: reverse */
            for (size_t i = first_hop, j = nh; i + 1 < j; i++, j--) {
                hop t = hops[i];
                hops[i] = hops[j - 1];
                hops[j - 1] = t;
            }
    }
    for (size_t i = 0; i < nh && s == COR_OK; i++)
        s = unpack(fg, hops[i], &stack, &scap, out);
    free(hops);
    free(stack);
    if (s != COR_OK) {
        out->narcs = 0;
        return cor_diag_add(d, s, NULL, 0, 0, s == COR_ENOMEM ? "out of memory" : "the hierarchy does not unpack to a path: it is corrupt");
    }
    return COR_OK;
}

/* ---- many-to-many: buckets --------------------------------------------- */

typedef struct bucket_entry {
    uint32_t node, col;
    double dist;
} bucket_entry;

typedef struct m2m {
    bucket_entry *e;
    size_t n, cap;
    uint32_t *first;     /* [n + 1] buckets by node (after the backward pass) */
    double *row;         /* the origin's row while the forward pass runs */
    int oom;
} m2m;

/* One whole upward search from rank r (start weight w0) over (first,
 * oth, wt), stalled on demand by (sfirst, soth, swt); each node settled
 * and not stalled goes to the backward pass's buckets (col < nto) or is
 * read against them (forward). */
static void upward_all(const cor_fast *fg, cor_fast_ws *ws, uint32_t r, double w0, int backward, uint32_t col,
                       m2m *mm)
{
    const uint32_t *first = backward ? fg->di : fg->uo, *oth = backward ? fg->dt : fg->uh;
    const uint32_t *sfirst = backward ? fg->uo : fg->di, *soth = backward ? fg->uh : fg->dt;
    const double *wt = backward ? fg->dw : fg->uw, *swt = backward ? fg->uw : fg->dw;
    next_round(ws);
    side *me = &ws->s[0];
    uint32_t cur = ws->cur;
    push(me, cur, r, w0);
    while (me->heap_n) {
        uint32_t u = pop(me);
        double du = me->l[u].dist;
        int stalled = 0;
        for (uint32_t a = sfirst[u]; a < sfirst[u + 1] && !stalled; a++)
            stalled = side_dist(me, cur, soth[a]) + swt[a] < du;
        if (stalled)
            continue;
        if (backward) {
            if (mm->n == mm->cap) {
                size_t c = mm->cap ? 2 * mm->cap : 1024;
                bucket_entry *ne = c <= COR_CH_MAX_BUCKET ? realloc(mm->e, c * sizeof *ne) : NULL;
                if (!ne) {
                    mm->oom = 1;
                    return;
                }
                mm->e = ne;
                mm->cap = c;
            }
            mm->e[mm->n++] = (bucket_entry){u, col, du};
        } else {
            for (uint32_t k = mm->first[u]; k < mm->first[u + 1]; k++) {
                double v = du + mm->e[k].dist;
                if (v < mm->row[mm->e[k].col])
                    mm->row[mm->e[k].col] = v;
            }
        }
        for (uint32_t a = first[u]; a < first[u + 1]; a++)
            push(me, cur, oth[a], du + wt[a]);
    }
}

cor_status cor_fast_matrix(const cor_fast *fg, const uint32_t *from, uint32_t nfrom, const uint32_t *to, uint32_t nto,
                           double *out, cor_diag *d)
{
    if (!fg->has_ch)
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "a matrix by buckets needs a contraction hierarchy");
    for (uint32_t i = 0; i < nfrom; i++)
        if (from[i] >= fg->nn)
            return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "origin %u is not a node of the graph", from[i]);
    for (uint32_t j = 0; j < nto; j++)
        if (to[j] >= fg->nn)
            return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "destination %u is not a node of the graph", to[j]);
    cor_fast_ws *ws = cor_fast_ws_new(fg);
    m2m mm = {0};
    mm.first = calloc((size_t)fg->n + 2, sizeof *mm.first);
    bucket_entry *sorted = NULL;
    cor_status s = COR_ENOMEM;
    if (!ws || !mm.first)
        goto done;
    for (uint32_t j = 0; j < nto && !mm.oom; j++)
        if (fg->ok[to[j]])
            upward_all(fg, ws, fg->rank[to[j]], fg->term[to[j]], 1, j, &mm);
    if (mm.oom) {
        s = mm.cap >= COR_CH_MAX_BUCKET / 2 ? COR_ELIMIT : COR_ENOMEM;
        goto done;
    }
    /* buckets by node: a counting sort of the entries */
    sorted = malloc((mm.n ? mm.n : 1) * sizeof *sorted);
    if (!sorted)
        goto done;
    for (size_t k = 0; k < mm.n; k++)
        mm.first[mm.e[k].node + 2]++;
    for (uint32_t u = 0; u < fg->n; u++)
        mm.first[u + 2] += mm.first[u + 1];
    for (size_t k = 0; k < mm.n; k++)
        sorted[mm.first[mm.e[k].node + 1]++] = mm.e[k];
    free(mm.e);
    mm.e = sorted;
    sorted = NULL;
    for (uint32_t i = 0; i < nfrom; i++) {
        mm.row = out + (size_t)i * nto;
        for (uint32_t j = 0; j < nto; j++)
            mm.row[j] = INFINITY;
        if (fg->ok[from[i]])
            upward_all(fg, ws, fg->rank[fg->src[from[i]]], fg->term[from[i]], 0, 0, &mm);
        for (uint32_t j = 0; j < nto; j++)
            if (from[i] == to[j]) /* as cor_fast_ch: the ends' terminal weights, or no route */
                mm.row[j] = fg->ok[from[i]] ? fg->term[from[i]] + fg->term[to[j]] : INFINITY;
    }
    s = COR_OK;
done:
    cor_fast_ws_free(ws);
    free(mm.e);
    free(mm.first);
    free(sorted);
    if (s == COR_ELIMIT)
        return cor_diag_add(d, s, NULL, 0, 0, "a matrix by buckets above %u bucket entries", COR_CH_MAX_BUCKET);
    if (s != COR_OK)
        return cor_diag_add(d, s, NULL, 0, 0, "out of memory");
    return COR_OK;
}

/* ---- images ------------------------------------------------------------ */

#define IMG_MAGIC 0x33484343u /* "CCH3": up and down arcs in rank space, with the arcs they stand for */
#define IMG_HEAD 40u

uint32_t cor_fast_node_count(const cor_fast *fg) { return fg ? fg->nn : 0; }

static size_t al8(size_t x) { return (x + 7) & ~(size_t)7; }

/* The arrays of an image in order: pointer slot, element size, count. */
#define IMG_ARRAYS 20
typedef struct img_arr {
    void **p;
    size_t size, count;
} img_arr;

static size_t img_layout(cor_fast *fg, uint32_t nup, uint32_t ndn, img_arr *a)
{
    size_t n = fg->n, m = fg->m, k = 0;
    a[k++] = (img_arr){(void **)&fg->term, sizeof(double), n};
    a[k++] = (img_arr){(void **)&fg->ok, 1, n};
    a[k++] = (img_arr){(void **)&fg->fo, 4, n + 1};
    a[k++] = (img_arr){(void **)&fg->fh, 4, m};
    a[k++] = (img_arr){(void **)&fg->fw, 8, m};
    a[k++] = (img_arr){(void **)&fg->fa, 4, m};
    a[k++] = (img_arr){(void **)&fg->ri, 4, n + 1};
    a[k++] = (img_arr){(void **)&fg->rt, 4, m};
    a[k++] = (img_arr){(void **)&fg->rw, 8, m};
    a[k++] = (img_arr){(void **)&fg->ra, 4, m};
    a[k++] = (img_arr){(void **)&fg->rank, 4, n};
    a[k++] = (img_arr){(void **)&fg->src, 4, fg->nn};
    a[k++] = (img_arr){(void **)&fg->uo, 4, n + 1};
    a[k++] = (img_arr){(void **)&fg->uh, 4, nup};
    a[k++] = (img_arr){(void **)&fg->uw, 8, nup};
    a[k++] = (img_arr){(void **)&fg->ux, 4, nup};
    a[k++] = (img_arr){(void **)&fg->di, 4, n + 1};
    a[k++] = (img_arr){(void **)&fg->dt, 4, ndn};
    a[k++] = (img_arr){(void **)&fg->dw, 8, ndn};
    a[k++] = (img_arr){(void **)&fg->dx, 4, ndn};
    size_t total = IMG_HEAD;
    for (size_t i = 0; i < k; i++)
        total += al8(a[i].size * a[i].count);
    return total;
}

size_t cor_fast_image_size(const cor_fast *fg)
{
    if (!fg || !fg->has_ch)
        return 0;
    img_arr a[IMG_ARRAYS];
    cor_fast tmp = *fg;
    return img_layout(&tmp, fg->uo[fg->n], fg->di[fg->n], a);
}

static void put_u32(unsigned char *p, uint32_t v) { memcpy(p, &v, 4); }
static uint32_t get_u32(const unsigned char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

void cor_fast_image_write(const cor_fast *fg, unsigned char *buf)
{
    img_arr a[IMG_ARRAYS];
    cor_fast tmp = *fg;
    uint32_t nup = fg->uo[fg->n], ndn = fg->di[fg->n];
    size_t total = img_layout(&tmp, nup, ndn, a), at = IMG_HEAD;
    memset(buf, 0, total);
    put_u32(buf, IMG_MAGIC);
    put_u32(buf + 4, fg->n);
    put_u32(buf + 8, fg->m);
    put_u32(buf + 12, nup);
    put_u32(buf + 16, ndn);
    put_u32(buf + 20, fg->nshort);
    put_u32(buf + 24, fg->nn);
    put_u32(buf + 28, fg->ga);
    memcpy(buf + 32, &fg->print, 8);
    for (size_t i = 0; i < IMG_ARRAYS; i++) {
        memcpy(buf + at, *a[i].p, a[i].size * a[i].count);
        at += al8(a[i].size * a[i].count);
    }
}

/* CSR arrays in range: first monotone from 0 to m, others below n. */
static int csr_ok(const uint32_t *first, const uint32_t *other, uint32_t n, uint32_t m)
{
    if (first[0] != 0 || first[n] != m)
        return 0;
    for (uint32_t i = 0; i < n; i++)
        if (first[i] > first[i + 1])
            return 0;
    for (uint32_t i = 0; i < m; i++)
        if (other[i] >= n)
            return 0;
    return 1;
}

cor_status cor_fast_from_image(const unsigned char *image, size_t len, cor_fast **out, cor_diag *d)
{
    *out = NULL;
    if (len < IMG_HEAD || ((uintptr_t)image & 7) || get_u32(image) != IMG_MAGIC)
        return cor_diag_add(d, COR_EDATA, NULL, 0, 0, "snapshot: a hierarchy entry without its header");
    cor_fast *fg = calloc(1, sizeof *fg);
    if (!fg)
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    fg->n = get_u32(image + 4);
    fg->m = get_u32(image + 8);
    fg->nshort = get_u32(image + 20);
    fg->nn = get_u32(image + 24);
    fg->ga = get_u32(image + 28);
    memcpy(&fg->print, image + 32, 8);
    uint32_t nup = get_u32(image + 12), ndn = get_u32(image + 16);
    img_arr a[IMG_ARRAYS];
    if (fg->n >= ORIG / 2 || fg->ga >= ORIG || fg->nn > fg->n || img_layout(fg, nup, ndn, a) != len) {
        free(fg);
        return cor_diag_add(d, COR_EDATA, NULL, 0, 0, "snapshot: a hierarchy entry of the wrong size");
    }
    size_t at = IMG_HEAD;
    for (size_t i = 0; i < IMG_ARRAYS; i++) {
        *a[i].p = (void *)(uintptr_t)(image + at);
        at += al8(a[i].size * a[i].count);
    }
    fg->mapped = 1;
    fg->has_ch = 1;
    int ok = csr_ok(fg->fo, fg->fh, fg->n, fg->m) && csr_ok(fg->ri, fg->rt, fg->n, fg->m) &&
             csr_ok(fg->uo, fg->uh, fg->n, nup) && csr_ok(fg->di, fg->dt, fg->n, ndn);
    for (uint32_t i = 0; ok && i < fg->nn; i++)
        ok = fg->src[i] < fg->n;
    for (uint32_t i = 0; ok && i < fg->n; i++)
        ok = fg->ok[i] <= 1 && fg->rank[i] < fg->n && fg->term[i] >= 0 && fg->term[i] < INFINITY;
    for (uint32_t i = 0; ok && i < fg->m; i++)
        ok = fg->fw[i] >= 0 && fg->rw[i] >= 0 && fg->fw[i] < INFINITY && fg->rw[i] < INFINITY &&
             fg->fa[i] < fg->ga && fg->ra[i] < fg->ga;
    /* a shortcut's middle node ranks below both its ends (checked again as paths unpack) */
    for (uint32_t i = 0; ok && i < nup; i++)
        ok = fg->uw[i] >= 0 && fg->uw[i] < INFINITY && (fg->ux[i] & ORIG ? (fg->ux[i] & ~ORIG) < fg->ga : fg->ux[i] < fg->n);
    for (uint32_t i = 0; ok && i < ndn; i++)
        ok = fg->dw[i] >= 0 && fg->dw[i] < INFINITY && (fg->dx[i] & ORIG ? (fg->dx[i] & ~ORIG) < fg->ga : fg->dx[i] < fg->n);
    if (!ok) {
        free(fg);
        return cor_diag_add(d, COR_EDATA, NULL, 0, 0, "snapshot: a hierarchy entry with an index or weight out of range");
    }
    *out = fg;
    return COR_OK;
}
