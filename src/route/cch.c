/*
 * cch.c -- customizable contraction hierarchies (see corridor/cch.h).
 *
 * Data, all in rank space (rank = position in METIS's elimination order):
 * the chordal supergraph as an upward CSR (up_first, up_head: each node's
 * higher neighbours, ascending; edge id = position) and a downward CSR
 * (dn_first, dn_tail, dn_edge: each node's lower neighbours and the id
 * of the edge joining them); parent[] the elimination tree (a node's
 * lowest higher neighbour; NONE at a root).  arc_edge[a] maps the graph's
 * arc a to its edge (id << 1 | 1 when it runs down, from the higher rank),
 * LOOP for a loop, NONE when the topology's filter forbade it.
 *
 * Invariants (chordality, which the elimination game gives): the higher
 * neighbours of any node form a clique, so for a lower triangle z < x < y
 * the edge {x, y} exists; and every higher neighbour of a node is its
 * ancestor in the elimination tree, so an upward search from s touches
 * only s's ancestors and the query is a walk up two tree paths.
 *
 * A metric holds per edge the up and down weights, and for unpacking the
 * triangle's middle node (NONE: the weight is an input arc's, whose id is
 * kept).  The query workspace keeps both sides' distances at +inf between
 * queries: a query resets what it touched by walking the two paths again.
 */
#include "corridor/cch.h"

#include <math.h>
#include <metis.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/ch.h"

#include "../core/alloc.h"

#define NONE UINT32_MAX
#define LOOP (UINT32_MAX - 1)

struct cor_cch {
    const cor_graph *g;
    uint32_t n, nn, m;      /* nodes (the network's, then a source copy per zone), chordal edges */
    uint32_t height;
    uint32_t *src;          /* [nn] where a search from the node starts: itself, or its zone's copy */
    uint32_t *rank;         /* [n] node -> rank */
    uint32_t *parent;       /* [n] elimination tree, by rank */
    uint32_t *up_first, *up_head;          /* [n + 1], [m] */
    uint32_t *dn_first, *dn_tail, *dn_edge; /* [n + 1], [m], [m] */
    uint32_t *arc_edge;     /* [narcs] */
    uint32_t narcs;
    int mapped;             /* the arrays point into an image: not freed */
};

struct cor_cch_metric {
    const cor_cch *c;
    int valid;
    double *wu, *wd;        /* [m] x -> y and y -> x of edge {x, y}, x below y */
    uint32_t *mu, *md;      /* [m] middle node (rank) of the triangle that gave the weight, or NONE */
    uint32_t *au, *ad;      /* [m] the graph arc that gave it (when mu/md is NONE), or NONE */
    double *term;           /* [n] terminal weight (by node id) */
    uint8_t *ok;            /* [n] 1: the node has a state */
    uint32_t *mark;         /* [n] customization scratch */
};

struct cor_cch_ws {
    uint32_t n;
    double *df, *db;        /* [n] by rank; +inf between queries */
    uint32_t *pf, *pb;      /* [n] the edge a side reached the node by */
};

/* ---- preprocessing ----------------------------------------------------- */

typedef struct vec {
    uint32_t *v;
    uint32_t n, cap;
} vec;

static int vec_push(vec *a, uint32_t x)
{
    if (a->n == a->cap) {
        uint32_t c = a->cap ? 2 * a->cap : 4;
        uint32_t *nv = realloc(a->v, (size_t)c * sizeof *nv);
        if (!nv)
            return -1;
        a->v = nv;
        a->cap = c;
    }
    a->v[a->n++] = x;
    return 0;
}

static int u32_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static int u64_cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* The edge {lo, hi} (lo below hi), or NONE. */
static uint32_t find_edge(const cor_cch *c, uint32_t lo, uint32_t hi)
{
    uint32_t a = c->up_first[lo], b = c->up_first[lo + 1];
    while (a < b) {
        uint32_t mid = a + (b - a) / 2;
        if (c->up_head[mid] < hi)
            a = mid + 1;
        else
            b = mid;
    }
    return a < c->up_first[lo + 1] && c->up_head[a] == hi ? a : NONE;
}

/* The lower end of edge e (whose up list holds it). */
static uint32_t edge_tail(const cor_cch *c, uint32_t e)
{
    uint32_t a = 0, b = c->n; /* the last node whose up_first <= e */
    while (b - a > 1) {
        uint32_t mid = a + (b - a) / 2;
        if (c->up_first[mid] <= e)
            a = mid;
        else
            b = mid;
    }
    return a;
}

/* The end nodes of an arc as the topology sees them (a zone's arcs out
 * leave from its copy). */
static void arc_ends(const cor_cch *c, uint32_t a, uint32_t *u, uint32_t *v)
{
    const cor_graph *g = c->g;
    *u = c->src[g->state_node[g->tail[a]]];
    *v = g->state_node[g->head[a]];
}

/* METIS's nested dissection of the symmetrized simple graph given as
 * sorted unique pairs (u << 32 | v, u < v): rank[node]. */
static cor_status nd_order(uint32_t n, const uint64_t *pairs, size_t np, uint32_t *rank, cor_diag *d)
{
    if (np == 0 || n < 3) {
        for (uint32_t i = 0; i < n; i++)
            rank[i] = i;
        return COR_OK;
    }
    if (np > (size_t)INT32_MAX / 2)
        return cor_diag_add(d, COR_ELIMIT, NULL, 0, 0, "a graph of %zu edges is too large for METIS", np);
    idx_t nv = (idx_t)n;
    idx_t *xadj = calloc((size_t)n + 1, sizeof *xadj), *adj = malloc(2 * np * sizeof *adj);
    idx_t *perm = malloc((size_t)n * sizeof *perm), *iperm = malloc((size_t)n * sizeof *iperm);
    cor_status s = COR_ENOMEM;
    if (!xadj || !adj || !perm || !iperm)
        goto done;
    for (size_t i = 0; i < np; i++) {
        xadj[(pairs[i] >> 32) + 1]++;
        xadj[(uint32_t)pairs[i] + 1]++;
    }
    for (uint32_t i = 0; i < n; i++)
        xadj[i + 1] += xadj[i];
    idx_t *fill = perm; /* scratch until METIS writes it */
    memcpy(fill, xadj, (size_t)n * sizeof *fill);
    for (size_t i = 0; i < np; i++) {
        uint32_t u = (uint32_t)(pairs[i] >> 32), v = (uint32_t)pairs[i];
        adj[fill[u]++] = (idx_t)v;
        adj[fill[v]++] = (idx_t)u;
    }
    idx_t opt[METIS_NOPTIONS];
    METIS_SetDefaultOptions(opt);
    opt[METIS_OPTION_NUMBERING] = 0;
    opt[METIS_OPTION_SEED] = 1;  /* the same order on every run */
    opt[METIS_OPTION_CCORDER] = 1; /* order connected components apart */
    int r = METIS_NodeND(&nv, xadj, adj, NULL, opt, perm, iperm);
    if (r != METIS_OK) {
        s = r == METIS_ERROR_MEMORY ? COR_ENOMEM : COR_EINTERNAL;
        if (s == COR_EINTERNAL)
            cor_diag_add(d, s, NULL, 0, 0, "METIS_NodeND failed (%d) on %u nodes and %zu edges", r, n, np);
        goto done;
    }
    for (uint32_t i = 0; i < n; i++) {
        if (iperm[i] < 0 || (uint32_t)iperm[i] >= n) {
            s = cor_diag_add(d, COR_EINTERNAL, NULL, 0, 0, "METIS_NodeND gave rank %d to node %u", (int)iperm[i], i);
            goto done;
        }
        rank[i] = (uint32_t)iperm[i];
    }
    s = COR_OK;
done:
    free(xadj);
    free(adj);
    free(perm);
    free(iperm);
    return s;
}

/* The elimination game in rank order: each node's higher neighbours, made
 * a clique by passing all but the lowest (its parent) to the parent. */
static cor_status chordal(cor_cch *c, const uint64_t *pairs, size_t np)
{
    uint32_t n = c->n;
    vec *up = calloc(n ? n : 1, sizeof *up);
    vec out = {0};
    cor_status s = COR_ENOMEM;
    c->up_first = malloc(((size_t)n + 1) * sizeof *c->up_first);
    c->parent = malloc((n ? n : 1) * sizeof *c->parent);
    if (!up || !c->up_first || !c->parent)
        goto done;
    for (size_t i = 0; i < np; i++) {
        uint32_t a = c->rank[pairs[i] >> 32], b = c->rank[(uint32_t)pairs[i]];
        if (vec_push(&up[a < b ? a : b], a < b ? b : a))
            goto done;
    }
    for (uint32_t r = 0; r < n; r++) {
        vec *a = &up[r];
        if (a->n > 1)
            qsort(a->v, a->n, sizeof *a->v, u32_cmp);
        uint32_t k = 0;
        for (uint32_t i = 0; i < a->n; i++)
            if (k == 0 || a->v[k - 1] != a->v[i])
                a->v[k++] = a->v[i];
        a->n = k;
        c->up_first[r] = out.n;
        c->parent[r] = k ? a->v[0] : NONE;
        if ((size_t)out.n + k > COR_CCH_MAX_EDGES) {
            s = COR_ELIMIT;
            goto done;
        }
        for (uint32_t i = 0; i < k; i++)
            if (vec_push(&out, a->v[i]) || (i > 0 && vec_push(&up[a->v[0]], a->v[i])))
                goto done;
        free(a->v);
        *a = (vec){0};
    }
    c->up_first[n] = out.n;
    c->m = out.n;
    c->up_head = out.v ? out.v : malloc(sizeof *c->up_head);
    out.v = NULL;
    if (!c->up_head)
        goto done;
    s = COR_OK;
done:
    for (uint32_t r = 0; up && r < n; r++)
        free(up[r].v);
    free(up);
    free(out.v);
    return s;
}

/* Lower neighbours (transposed up CSR), tree height, and the arcs' edges. */
static cor_status finish(cor_cch *c, const cor_filter *f)
{
    uint32_t n = c->n, m = c->m;
    const cor_graph *g = c->g;
    c->dn_first = calloc((size_t)n + 1, sizeof *c->dn_first);
    c->dn_tail = malloc((m ? m : 1) * sizeof *c->dn_tail);
    c->dn_edge = malloc((m ? m : 1) * sizeof *c->dn_edge);
    c->arc_edge = malloc((g->narcs ? g->narcs : 1) * sizeof *c->arc_edge);
    uint32_t *depth = malloc((n ? n : 1) * sizeof *depth);
    if (!c->dn_first || !c->dn_tail || !c->dn_edge || !c->arc_edge || !depth) {
        free(depth);
        return COR_ENOMEM;
    }
    for (uint32_t e = 0; e < m; e++)
        c->dn_first[c->up_head[e] + 1]++;
    for (uint32_t i = 0; i < n; i++)
        c->dn_first[i + 1] += c->dn_first[i];
    uint32_t *fill = depth; /* scratch */
    memcpy(fill, c->dn_first, (size_t)n * sizeof *fill);
    for (uint32_t z = 0; z < n; z++) /* by tail ascending: each down list comes out ascending */
        for (uint32_t e = c->up_first[z]; e < c->up_first[z + 1]; e++) {
            uint32_t at = fill[c->up_head[e]]++;
            c->dn_tail[at] = z;
            c->dn_edge[at] = e;
        }
    c->height = 0;
    for (uint32_t r = n; r-- > 0;) {
        depth[r] = c->parent[r] == NONE ? 1 : depth[c->parent[r]] + 1;
        if (depth[r] > c->height)
            c->height = depth[r];
    }
    free(depth);
    for (uint32_t a = 0; a < g->narcs; a++) {
        uint32_t u, v;
        arc_ends(c, a, &u, &v);
        if (f->weight[a] == INFINITY) {
            c->arc_edge[a] = NONE;
            continue;
        }
        if (u == v || g->state_node[g->tail[a]] == v) {
            c->arc_edge[a] = LOOP;
            continue;
        }
        uint32_t ru = c->rank[u], rv = c->rank[v];
        uint32_t e = find_edge(c, ru < rv ? ru : rv, ru < rv ? rv : ru);
        if (e == NONE)
            return COR_EINTERNAL; /* every arc went into the elimination game */
        c->arc_edge[a] = e << 1 | (ru > rv);
    }
    return COR_OK;
}

cor_status cor_cch_build(const cor_filter *f, cor_cch **out, cor_diag *d)
{
    *out = NULL;
    char why[256];
    if (!cor_fast_eligible(f, why, sizeof why))
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "not a single-state graph: %s", why);
    const cor_graph *g = f->g;
    cor_cch *c = calloc(1, sizeof *c);
    uint64_t *pairs = malloc((g->narcs ? g->narcs : 1) * sizeof *pairs);
    cor_status s = COR_ENOMEM;
    if (!c || !pairs)
        goto fail;
    c->g = g;
    c->narcs = g->narcs;
    uint32_t nz = 0;
    for (uint32_t i = 0; f->zone && i < g->nnodes; i++)
        nz += f->zone[i] != 0;
    if ((uint64_t)g->nnodes + nz >= LOOP) {
        s = COR_ELIMIT;
        goto fail;
    }
    c->nn = g->nnodes;
    c->n = g->nnodes + nz;
    c->src = malloc((c->nn ? c->nn : 1) * sizeof *c->src);
    c->rank = malloc((c->n ? c->n : 1) * sizeof *c->rank);
    if (!c->src || !c->rank)
        goto fail;
    for (uint32_t i = 0, z = g->nnodes; i < g->nnodes; i++)
        c->src[i] = f->zone && f->zone[i] ? z++ : i;
    size_t np = 0;
    for (uint32_t a = 0; a < g->narcs; a++) {
        if (f->weight[a] == INFINITY)
            continue;
        uint32_t u, v;
        arc_ends(c, a, &u, &v);
        if (g->state_node[g->tail[a]] != v)
            pairs[np++] = u < v ? (uint64_t)u << 32 | v : (uint64_t)v << 32 | u;
    }
    qsort(pairs, np, sizeof *pairs, u64_cmp);
    size_t k = 0;
    for (size_t i = 0; i < np; i++)
        if (k == 0 || pairs[k - 1] != pairs[i])
            pairs[k++] = pairs[i];
    np = k;
    if ((s = nd_order(c->n, pairs, np, c->rank, d)) != COR_OK)
        goto fail_quiet;
    if ((s = chordal(c, pairs, np)) != COR_OK || (s = finish(c, f)) != COR_OK)
        goto fail;
    free(pairs);
    *out = c;
    return COR_OK;
fail:
    cor_diag_add(d, s, NULL, 0, 0,
                 s == COR_ENOMEM   ? "out of memory"
                 : s == COR_ELIMIT ? "the chordal supergraph exceeds its limit of edges or nodes"
                                   : "an arc missing from the chordal supergraph");
fail_quiet:
    free(pairs);
    cor_cch_free(c);
    return s;
}

void cor_cch_free(cor_cch *c)
{
    if (!c)
        return;
    if (c->mapped) {
        free(c);
        return;
    }
    free(c->src);
    free(c->rank);
    free(c->parent);
    free(c->up_first);
    free(c->up_head);
    free(c->dn_first);
    free(c->dn_tail);
    free(c->dn_edge);
    free(c->arc_edge);
    free(c);
}

uint32_t cor_cch_node_count(const cor_cch *c) { return c ? c->nn : 0; }
uint32_t cor_cch_edge_count(const cor_cch *c) { return c ? c->m : 0; }
uint32_t cor_cch_tree_height(const cor_cch *c) { return c ? c->height : 0; }

/* ---- customization ----------------------------------------------------- */

cor_status cor_cch_recustomize(cor_cch_metric *mt, const cor_filter *f, cor_diag *d)
{
    const cor_cch *c = mt->c;
    const cor_graph *g = c->g;
    mt->valid = 0;
    if (f->g != g)
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "the filter is of another graph than the CCH's");
    for (uint32_t i = 0; i < c->nn; i++)
        if ((f->zone && f->zone[i]) != (c->src[i] != i))
            return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "node %s is a zone in one of the filter and the CCH only",
                                cor_network_node(g->net, i)->id);
    for (uint32_t e = 0; e < c->m; e++) {
        mt->wu[e] = mt->wd[e] = INFINITY;
        mt->mu[e] = mt->md[e] = mt->au[e] = mt->ad[e] = NONE;
    }
    for (uint32_t a = 0; a < g->narcs; a++) {
        double w = f->weight[a];
        if (w == INFINITY)
            continue;
        if (!(w >= 0))
            return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "arc %u weighs %g: a CCH needs weights >= 0", a, w);
        uint32_t ae = c->arc_edge[a];
        if (ae == LOOP)
            continue;
        if (ae == NONE) {
            uint32_t u, v;
            arc_ends(c, a, &u, &v);
            return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0,
                                "the filter allows the arc %s -> %s, which the CCH's topology had not (build it "
                                "from a filter that allows at least as much)",
                                cor_network_node(g->net, g->state_node[g->tail[a]])->id,
                                cor_network_node(g->net, v)->id);
        }
        uint32_t e = ae >> 1;
        if (ae & 1) {
            if (w < mt->wd[e]) {
                mt->wd[e] = w;
                mt->ad[e] = a;
            }
        } else if (w < mt->wu[e]) {
            mt->wu[e] = w;
            mt->au[e] = a;
        }
    }
    /* lower triangles {z, x, y}, z < x < y, by x ascending: the edges of
     * z are final when x comes, as z < x */
    for (uint32_t i = 0; i < c->n; i++)
        mt->mark[i] = NONE;
    for (uint32_t x = 0; x < c->n; x++) {
        for (uint32_t e = c->up_first[x]; e < c->up_first[x + 1]; e++)
            mt->mark[c->up_head[e]] = e;
        for (uint32_t k = c->dn_first[x]; k < c->dn_first[x + 1]; k++) {
            uint32_t z = c->dn_tail[k], ezx = c->dn_edge[k];
            double zx_dn = mt->wd[ezx], zx_up = mt->wu[ezx]; /* x -> z, z -> x */
            for (uint32_t ezy = ezx + 1; ezy < c->up_first[z + 1]; ezy++) {
                uint32_t exy = mt->mark[c->up_head[ezy]];
                if (exy == NONE) /* only from a damaged image: the elimination game makes it chordal */
                    return cor_diag_add(d, COR_EDATA, NULL, 0, 0, "the CCH's graph is not chordal (a damaged image)");
                double v = zx_dn + mt->wu[ezy];
                if (v < mt->wu[exy]) {
                    mt->wu[exy] = v;
                    mt->mu[exy] = z;
                }
                v = mt->wd[ezy] + zx_up;
                if (v < mt->wd[exy]) {
                    mt->wd[exy] = v;
                    mt->md[exy] = z;
                }
            }
        }
        for (uint32_t e = c->up_first[x]; e < c->up_first[x + 1]; e++)
            mt->mark[c->up_head[e]] = NONE;
    }
    for (uint32_t i = 0; i < c->n; i++) {
        mt->term[i] = 0;
        mt->ok[i] = 0;
    }
    for (uint32_t i = 0; i < c->nn; i++) {
        uint32_t st = g->node_first_state[i];
        if (g->node_first_state[i + 1] > st) {
            mt->term[i] = f->term_w[st];
            mt->ok[i] = 1;
        }
    }
    mt->valid = 1;
    return COR_OK;
}

void cor_cch_metric_free(cor_cch_metric *mt)
{
    if (!mt)
        return;
    free(mt->wu);
    free(mt->wd);
    free(mt->mu);
    free(mt->md);
    free(mt->au);
    free(mt->ad);
    free(mt->term);
    free(mt->ok);
    free(mt->mark);
    free(mt);
}

cor_status cor_cch_customize(const cor_cch *c, const cor_filter *f, cor_cch_metric **out, cor_diag *d)
{
    *out = NULL;
    cor_cch_metric *mt = calloc(1, sizeof *mt);
    if (!mt)
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    size_t m = c->m ? c->m : 1, n = c->n ? c->n : 1;
    mt->c = c;
    mt->wu = malloc(m * sizeof *mt->wu);
    mt->wd = malloc(m * sizeof *mt->wd);
    mt->mu = malloc(m * sizeof *mt->mu);
    mt->md = malloc(m * sizeof *mt->md);
    mt->au = malloc(m * sizeof *mt->au);
    mt->ad = malloc(m * sizeof *mt->ad);
    mt->term = malloc(n * sizeof *mt->term);
    mt->ok = malloc(n);
    mt->mark = malloc(n * sizeof *mt->mark);
    if (!mt->wu || !mt->wd || !mt->mu || !mt->md || !mt->au || !mt->ad || !mt->term || !mt->ok || !mt->mark) {
        cor_cch_metric_free(mt);
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    }
    cor_status s = cor_cch_recustomize(mt, f, d);
    if (s != COR_OK) {
        cor_cch_metric_free(mt);
        return s;
    }
    *out = mt;
    return COR_OK;
}

/* ---- queries ----------------------------------------------------------- */

cor_cch_ws *cor_cch_ws_new(const cor_cch *c)
{
    cor_cch_ws *ws = calloc(1, sizeof *ws);
    if (!ws)
        return NULL;
    size_t n = c->n ? c->n : 1;
    ws->n = c->n;
    ws->df = malloc(n * sizeof *ws->df);
    ws->db = malloc(n * sizeof *ws->db);
    ws->pf = malloc(n * sizeof *ws->pf);
    ws->pb = malloc(n * sizeof *ws->pb);
    if (!ws->df || !ws->db || !ws->pf || !ws->pb) {
        cor_cch_ws_free(ws);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        ws->df[i] = ws->db[i] = INFINITY;
    return ws;
}

void cor_cch_ws_free(cor_cch_ws *ws)
{
    if (!ws)
        return;
    free(ws->df);
    free(ws->db);
    free(ws->pf);
    free(ws->pb);
    free(ws);
}

/* Relax x's up edges on one side: forward with the up weights, backward
 * with the down weights (the arcs y -> x, read from x). */
static void relax(const cor_cch *c, const double *w, double *dist, uint32_t *pred, uint32_t x)
{
    double dx = dist[x];
    for (uint32_t e = c->up_first[x]; e < c->up_first[x + 1]; e++) {
        uint32_t y = c->up_head[e];
        double v = dx + w[e];
        if (v < dist[y]) {
            dist[y] = v;
            pred[y] = e;
        }
    }
}

static void reset_path(const cor_cch *c, double *dist, uint32_t x)
{
    for (; x != NONE; x = c->parent[x])
        dist[x] = INFINITY;
}

/* Checks shared by the queries: -1 to go on, else the status (*w set). */
static int ends(const cor_cch_metric *mt, const cor_cch_ws *ws, uint32_t from, uint32_t to, double *w)
{
    const cor_cch *c = mt->c;
    *w = INFINITY;
    if (!mt->valid || !ws || ws->n != c->n || from >= c->nn || to >= c->nn)
        return COR_EUSAGE;
    if (!mt->ok[from] || !mt->ok[to])
        return COR_ENOROUTE;
    if (from == to) {
        *w = mt->term[from] + mt->term[to];
        return COR_OK;
    }
    return -1;
}

/* The walk up both tree paths in rank order; the best meeting in *best
 * and its node in *meet (NONE: none).  Leaves the distances for the path;
 * the caller resets them. */
static uint32_t walk(const cor_cch_metric *mt, cor_cch_ws *ws, uint32_t s, uint32_t t, double ts, double tt,
                     double *best, uint32_t *meet)
{
    const cor_cch *c = mt->c;
    uint32_t cnt = 0;
    ws->df[s] = ts;
    ws->db[t] = tt;
    *best = INFINITY;
    *meet = NONE;
    uint32_t x = s, y = t;
    while (x != NONE || y != NONE) {
        cnt++;
        if (x != NONE && (y == NONE || x < y)) {
            if (ws->df[x] < *best)
                relax(c, mt->wu, ws->df, ws->pf, x);
            x = c->parent[x];
        } else if (x == NONE || y < x) {
            if (ws->db[y] < *best)
                relax(c, mt->wd, ws->db, ws->pb, y);
            y = c->parent[y];
        } else { /* a common ancestor */
            double v = ws->df[x] + ws->db[x];
            if (v < *best) {
                *best = v;
                *meet = x;
            }
            if (ws->df[x] < *best)
                relax(c, mt->wu, ws->df, ws->pf, x);
            if (ws->db[x] < *best)
                relax(c, mt->wd, ws->db, ws->pb, x);
            x = y = c->parent[x];
        }
    }
    return cnt;
}

cor_status cor_cch_distance(const cor_cch_metric *mt, cor_cch_ws *ws, uint32_t from, uint32_t to, double *w,
                            uint32_t *visited)
{
    if (visited)
        *visited = 0;
    int r = ends(mt, ws, from, to, w);
    if (r >= 0)
        return (cor_status)r;
    const cor_cch *c = mt->c;
    uint32_t s = c->rank[c->src[from]], t = c->rank[to], meet;
    uint32_t cnt = walk(mt, ws, s, t, mt->term[from], mt->term[to], w, &meet);
    reset_path(c, ws->df, s);
    reset_path(c, ws->db, t);
    if (visited)
        *visited = cnt;
    return *w < INFINITY ? COR_OK : COR_ENOROUTE;
}

/* ---- paths ------------------------------------------------------------- */

static int path_add(cor_path *p, uint32_t arc)
{
    if (p->narcs == p->cap) {
        uint32_t c = p->cap ? 2 * p->cap : 16;
        uint32_t *na = realloc(p->arcs, (size_t)c * sizeof *na);
        if (!na)
            return -1;
        p->arcs = na;
        p->cap = c;
    }
    p->arcs[p->narcs++] = arc;
    return 0;
}

/* Append the graph arcs of CCH arc (e, down) to p: up = lower end to
 * higher, down = higher to lower.  An explicit stack of (e << 1 | down). */
static cor_status unpack(const cor_cch_metric *mt, uint32_t e, int down, vec *stack, cor_path *p)
{
    const cor_cch *c = mt->c;
    stack->n = 0;
    if (vec_push(stack, e << 1 | (uint32_t)down))
        return COR_ENOMEM;
    while (stack->n) {
        uint32_t top = stack->v[--stack->n], f = top >> 1;
        int dn = (int)(top & 1);
        uint32_t z = dn ? mt->md[f] : mt->mu[f];
        if (z == NONE) {
            uint32_t a = dn ? mt->ad[f] : mt->au[f];
            if (a == NONE)
                return COR_EINTERNAL;
            if (path_add(p, a))
                return COR_ENOMEM;
            continue;
        }
        uint32_t x = edge_tail(c, f), y = c->up_head[f];
        uint32_t ezx = find_edge(c, z, x), ezy = find_edge(c, z, y);
        if (ezx == NONE || ezy == NONE)
            return COR_EINTERNAL;
        /* up x -> z -> y: x -> z runs down {z, x}, z -> y up {z, y};
         * down y -> z -> x: y -> z down {z, y}, z -> x up {z, x}.  The
         * second part is pushed first. */
        uint32_t first = dn ? ezy << 1 | 1 : ezx << 1 | 1, second = dn ? ezx << 1 : ezy << 1;
        if (vec_push(stack, second) || vec_push(stack, first))
            return COR_ENOMEM;
    }
    return COR_OK;
}

cor_status cor_cch_path(const cor_cch_metric *mt, cor_cch_ws *ws, uint32_t from, uint32_t to, cor_path *out,
                        cor_diag *d)
{
    double w;
    int r = ends(mt, ws, from, to, &w);
    if (r > 0)
        return cor_diag_add(d, (cor_status)r, NULL, 0, 0,
                            r == COR_ENOROUTE ? "no route" : "a node out of range or an uncustomized CCH");
    const cor_cch *c = mt->c;
    cor_path p;
    cor_path_init(&p);
    p.from_node = from;
    p.to_node = to;
    p.weight = w;
    if (r == COR_OK) {
        cor_path_destroy(out);
        *out = p;
        return COR_OK;
    }
    uint32_t s = c->rank[c->src[from]], t = c->rank[to], meet;
    walk(mt, ws, s, t, mt->term[from], mt->term[to], &w, &meet);
    cor_status st = w < INFINITY ? COR_OK : COR_ENOROUTE;
    vec chain = {0}, stack = {0};
    p.weight = w;
    /* forward: edges from meet down to s (each reached its head) */
    for (uint32_t x = meet; st == COR_OK && x != s; x = edge_tail(c, ws->pf[x]))
        if (vec_push(&chain, ws->pf[x]))
            st = COR_ENOMEM;
    for (uint32_t i = chain.n; st == COR_OK && i-- > 0;)
        st = unpack(mt, chain.v[i], 0, &stack, &p);
    for (uint32_t y = meet; st == COR_OK && y != t; y = edge_tail(c, ws->pb[y]))
        st = unpack(mt, ws->pb[y], 1, &stack, &p);
    reset_path(c, ws->df, s);
    reset_path(c, ws->db, t);
    free(chain.v);
    free(stack.v);
    if (st != COR_OK) {
        cor_path_destroy(&p);
        return cor_diag_add(d, st, NULL, 0, 0,
                            st == COR_ENOROUTE ? "no route"
                            : st == COR_ENOMEM ? "out of memory"
                                               : "a CCH arc without its origin");
    }
    cor_path_destroy(out);
    *out = p;
    return COR_OK;
}

/* ---- matrices ---------------------------------------------------------- */

cor_status cor_cch_matrix(const cor_cch_metric *mt, const uint32_t *from, uint32_t nfrom, const uint32_t *to,
                          uint32_t nto, double *out, cor_diag *d)
{
    const cor_cch *c = mt->c;
    if (!mt->valid)
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "a CCH metric whose customization failed");
    for (uint32_t i = 0; i < nfrom; i++)
        if (from[i] >= c->nn)
            return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "origin %u is not a node of the graph", from[i]);
    for (uint32_t j = 0; j < nto; j++)
        if (to[j] >= c->nn)
            return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "destination %u is not a node of the graph", to[j]);
    cor_cch_ws *ws = cor_cch_ws_new(c);
    size_t *first = malloc(((size_t)nto + 1) * sizeof *first);
    vec node = {0};
    double *dist = NULL;
    size_t cap = 0;
    cor_status s = COR_ENOMEM;
    if (!ws || !first)
        goto done;
    /* each destination's backward walk: its tree path with distances */
    first[0] = 0;
    for (uint32_t j = 0; j < nto; j++) {
        if (mt->ok[to[j]]) {
            uint32_t t = c->rank[to[j]];
            ws->db[t] = mt->term[to[j]];
            for (uint32_t y = t; y != NONE; y = c->parent[y]) {
                relax(c, mt->wd, ws->db, ws->pb, y);
                if (ws->db[y] == INFINITY)
                    continue;
                if (node.n >= COR_CCH_MAX_MATRIX_CHAIN) {
                    s = COR_ELIMIT;
                    goto done;
                }
                if (node.n == cap) {
                    size_t nc = cap ? 2 * cap : 1024;
                    double *nd = realloc(dist, nc * sizeof *nd);
                    if (!nd)
                        goto done;
                    dist = nd;
                    cap = nc;
                }
                dist[node.n] = ws->db[y];
                if (vec_push(&node, y))
                    goto done;
            }
            reset_path(c, ws->db, t);
        }
        first[j + 1] = node.n;
    }
    for (uint32_t i = 0; i < nfrom; i++) {
        double *row = out + (size_t)i * nto;
        for (uint32_t j = 0; j < nto; j++)
            row[j] = INFINITY;
        if (!mt->ok[from[i]])
            continue;
        uint32_t s0 = c->rank[c->src[from[i]]];
        ws->df[s0] = mt->term[from[i]];
        for (uint32_t x = s0; x != NONE; x = c->parent[x])
            relax(c, mt->wu, ws->df, ws->pf, x);
        for (uint32_t j = 0; j < nto; j++) {
            if (from[i] == to[j]) {
                row[j] = mt->ok[to[j]] ? mt->term[from[i]] + mt->term[to[j]] : INFINITY;
                continue;
            }
            double best = INFINITY;
            for (size_t k = first[j]; k < first[j + 1]; k++) {
                double v = ws->df[node.v[k]] + dist[k];
                if (v < best)
                    best = v;
            }
            row[j] = best;
        }
        reset_path(c, ws->df, s0);
    }
    s = COR_OK;
done:
    cor_cch_ws_free(ws);
    free(first);
    free(node.v);
    free(dist);
    if (s == COR_ELIMIT)
        return cor_diag_add(d, s, NULL, 0, 0, "a CCH matrix above %u tree entries", COR_CCH_MAX_MATRIX_CHAIN);
    if (s != COR_OK)
        return cor_diag_add(d, s, NULL, 0, 0, "out of memory");
    return COR_OK;
}

/* ---- images (stored in snapshots) -------------------------------------- */

#define IMG_MAGIC 0x31484343u /* "CCH1" */
#define IMG_HEADER 32u

static size_t al8(size_t x) { return (x + 7) & ~(size_t)7; }

/* The arrays of an image in order (pointer slot, count of uint32_t). */
static size_t img_layout(cor_cch *c, uint32_t **slot[9], size_t count[9])
{
    uint32_t **p[9] = {&c->src, &c->rank, &c->parent, &c->up_first, &c->up_head,
                       &c->dn_first, &c->dn_tail, &c->dn_edge, &c->arc_edge};
    size_t k[9] = {c->nn, c->n, c->n, (size_t)c->n + 1, c->m, (size_t)c->n + 1, c->m, c->m, c->narcs};
    size_t total = IMG_HEADER;
    for (int i = 0; i < 9; i++) {
        slot[i] = p[i];
        count[i] = k[i];
        total += al8(k[i] * 4);
    }
    return total;
}

size_t cor_cch_image_size(const cor_cch *c)
{
    if (!c)
        return 0;
    cor_cch tmp = *c;
    uint32_t **slot[9];
    size_t count[9];
    return img_layout(&tmp, slot, count);
}

void cor_cch_image_write(const cor_cch *c, unsigned char *buf)
{
    cor_cch tmp = *c;
    uint32_t **slot[9];
    size_t count[9], total = img_layout(&tmp, slot, count), at = IMG_HEADER;
    memset(buf, 0, total);
    uint32_t head[6] = {IMG_MAGIC, c->n, c->nn, c->m, c->narcs, 0};
    memcpy(buf, head, sizeof head);
    for (int i = 0; i < 9; i++) {
        if (count[i])
            memcpy(buf + at, *slot[i], count[i] * 4);
        at += al8(count[i] * 4);
    }
}

/* Every index of a mapped image in range and the structure as the
 * elimination game leaves it (chordality itself is checked by each
 * customization); the tree height computed.  0 if not. */
static int img_check(cor_cch *c, const cor_graph *g)
{
    uint32_t n = c->n, nn = c->nn, m = c->m;
    uint32_t *seen = calloc(n ? n : 1, sizeof *seen);
    int ok = seen != NULL;
    for (uint32_t i = 0; ok && i < nn; i++) { /* each node its own source, or a copy past nn used once */
        uint32_t v = c->src[i];
        ok = v == i || (v >= nn && v < n && !seen[v]);
        if (ok && v != i)
            seen[v] = 1;
    }
    for (uint32_t v = nn; ok && v < n; v++)
        ok = seen[v] == 1;
    for (uint32_t i = 0; ok && i < n; i++)
        seen[i] = 0;
    for (uint32_t i = 0; ok && i < n; i++) { /* rank: a permutation */
        ok = c->rank[i] < n && !seen[c->rank[i]];
        if (ok)
            seen[c->rank[i]] = 1;
    }
    ok = ok && c->up_first[0] == 0 && c->up_first[n] == m && c->dn_first[0] == 0 && c->dn_first[n] == m;
    for (uint32_t r = 0; ok && r < n; r++) {
        uint32_t a = c->up_first[r], b = c->up_first[r + 1];
        ok = a <= b && b <= m && c->parent[r] == (a < b ? c->up_head[a] : NONE);
        for (uint32_t e = a; ok && e < b; e++)
            ok = c->up_head[e] > r && c->up_head[e] < n && (e == a || c->up_head[e] > c->up_head[e - 1]);
        a = c->dn_first[r];
        b = c->dn_first[r + 1];
        ok = ok && a <= b && b <= m;
        for (uint32_t k = a; ok && k < b; k++) {
            uint32_t z = c->dn_tail[k], e = c->dn_edge[k];
            ok = z < r && (k == a || z > c->dn_tail[k - 1]) && e >= c->up_first[z] && e < c->up_first[z + 1] &&
                 c->up_head[e] == r;
        }
    }
    c->height = 0;
    for (uint32_t r = n; ok && r-- > 0;) { /* seen: depth */
        seen[r] = c->parent[r] == NONE ? 1 : seen[c->parent[r]] + 1;
        if (seen[r] > c->height)
            c->height = seen[r];
    }
    for (uint32_t a = 0; ok && a < c->narcs; a++) {
        uint32_t ae = c->arc_edge[a], u, v;
        arc_ends(c, a, &u, &v);
        if (ae == NONE)
            continue;
        if (ae == LOOP) {
            ok = g->state_node[g->tail[a]] == v;
            continue;
        }
        uint32_t e = ae >> 1, ru = c->rank[u], rv = c->rank[v];
        ok = e < m && ru != rv && edge_tail(c, e) == (ru < rv ? ru : rv) && c->up_head[e] == (ru < rv ? rv : ru) &&
             (ae & 1) == (ru > rv);
    }
    free(seen);
    return ok;
}

cor_status cor_cch_from_image(const unsigned char *image, size_t len, const cor_graph *g, cor_cch **out, cor_diag *d)
{
    *out = NULL;
    uint32_t head[6];
    if (len < IMG_HEADER || ((uintptr_t)image & 7))
        return cor_diag_add(d, COR_EDATA, NULL, 0, 0, "snapshot: a CCH entry without its header");
    memcpy(head, image, sizeof head);
    if (head[0] != IMG_MAGIC)
        return cor_diag_add(d, COR_EDATA, NULL, 0, 0, "snapshot: a CCH entry without its header");
    cor_cch *c = calloc(1, sizeof *c);
    if (!c)
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    c->g = g;
    c->n = head[1];
    c->nn = head[2];
    c->m = head[3];
    c->narcs = head[4];
    c->mapped = 1;
    uint32_t **slot[9];
    size_t count[9];
    if (c->nn != g->nnodes || c->narcs != g->narcs || c->n < c->nn || c->n >= LOOP || c->m > COR_CCH_MAX_EDGES ||
        img_layout(c, slot, count) != len) {
        free(c);
        return cor_diag_add(d, COR_EDATA, NULL, 0, 0, "snapshot: a CCH entry of the wrong size or for another graph");
    }
    size_t at = IMG_HEADER;
    for (int i = 0; i < 9; i++) {
        *slot[i] = (uint32_t *)(uintptr_t)(image + at);
        at += al8(count[i] * 4);
    }
    if (!img_check(c, g)) {
        free(c);
        return cor_diag_add(d, COR_EDATA, NULL, 0, 0, "snapshot: a CCH entry with an index out of range");
    }
    *out = c;
    return COR_OK;
}
