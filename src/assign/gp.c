/*
 * gp.c -- user equilibrium by path-based gradient projection (Jayakrishnan,
 * Tsai, Prashker & Rajadhyaksha 1994), the "gp" algorithm of
 * corridor/assign.h.
 *
 * Data model: every demand row (an OD pair of one class) keeps its set of
 * used paths, each a malloc'd array of link indices with a flow.  An
 * iteration is one sweep of shortest-path trees, one per (class, origin)
 * group at the current flows: it gives the exact relative gap and adds
 * each row's shortest path to its set when new (column generation).  Then
 * a few equilibration passes move flow, row by row, from every costlier
 * path p to the cheapest p* by a projected Newton step
 *     delta = min(f_p, (C_p - C_p*) / (tw_k * sum_{a in p xor p*} t'_a))
 * updating link flows and times at once (Gauss-Seidel).  When the slope is
 * 0 (power-0, alpha-0 or uncongested hard links on the differing links)
 * the costs do not depend on the flow there and the whole f_p moves: the
 * safe fallback.  Paths whose flow reaches 0 are dropped.  Link flows are
 * rebuilt from path flows at each sweep so that rounding cannot drift.
 *
 * Invariants: the flows of a row's paths sum to its volume; v[a] is the
 * sum over paths through a.  Memory: O(total path length).  Complexity per
 * iteration: the trees (as FW) plus O(total path length) per pass.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "assign_int.h"
#include "../core/alloc.h"

typedef struct gp_path {
    double flow;
    uint32_t len;
    uint32_t links[];
} gp_path;

typedef struct gp_set {
    gp_path **p;
    uint32_t n, cap;
} gp_set;

typedef struct gp {
    asg *A;
    gp_set *set;        /* [nod] */
    uint32_t *mstar, *mp; /* link stamps of p* and of p */
    uint32_t stamp;
    uint32_t *buf;      /* [n] a path being extracted (reversed) */
} gp;

static void gp_free(gp *G)
{
    if (G->set)
        for (uint32_t r = 0; r < G->A->nod; r++) {
            for (uint32_t i = 0; i < G->set[r].n; i++)
                free(G->set[r].p[i]);
            free(G->set[r].p);
        }
    free(G->set);
    free(G->mstar);
    free(G->mp);
    free(G->buf);
}

/* The tree's path to dest into buf (reversed), its length returned. */
static uint32_t extract(gp *G, uint32_t dest)
{
    asg *A = G->A;
    uint32_t len = 0, u = dest;
    while (A->pred[u] != UINT32_MAX) {
        uint32_t a = A->pred[u];
        G->buf[len++] = a;
        u = A->net->from[a];
    }
    return len;
}

static int same(const gp_path *p, const uint32_t *rev, uint32_t len)
{
    if (p->len != len)
        return 0;
    for (uint32_t i = 0; i < len; i++)
        if (p->links[i] != rev[len - 1 - i])
            return 0;
    return 1;
}

/* Add the path in buf (reversed) to set r with flow f; 0 or -1 (memory). */
static int add_path(gp *G, uint32_t r, uint32_t len, double f)
{
    gp_set *S = &G->set[r];
    if (S->n == S->cap) {
        uint32_t nc = S->cap ? 2 * S->cap : 2;
        gp_path **np = realloc(S->p, sizeof *np * nc);
        if (!np)
            return -1;
        S->p = np;
        S->cap = nc;
    }
    gp_path *p = malloc(sizeof *p + sizeof(uint32_t) * (len ? len : 1));
    if (!p)
        return -1;
    p->flow = f;
    p->len = len;
    for (uint32_t i = 0; i < len; i++)
        p->links[i] = G->buf[len - 1 - i];
    S->p[S->n++] = p;
    return 0;
}

static inline double path_cost(const asg *A, const gp_path *p, double tw, double mw)
{
    double c = 0;
    for (uint32_t i = 0; i < p->len; i++) {
        uint32_t a = p->links[i];
        c += tw * A->t[a] + mw * A->fixed[a];
    }
    return c;
}

/* Equilibrate one row's paths (row r of class k). */
static void equilibrate(gp *G, uint32_t r, uint32_t k)
{
    asg *A = G->A;
    gp_set *S = &G->set[r];
    if (S->n < 2)
        return;
    double tw = A->tw[k], mw = A->mw[k];
    double *xk = A->x + (size_t)k * A->m;
    uint32_t best = 0;
    double cbest = INFINITY;
    for (uint32_t i = 0; i < S->n; i++) {
        double c = path_cost(A, S->p[i], tw, mw);
        if (c < cbest)
            cbest = c, best = i;
    }
    gp_path *ps = S->p[best];
    uint32_t st = ++G->stamp;
    for (uint32_t i = 0; i < ps->len; i++)
        G->mstar[ps->links[i]] = st;
    for (uint32_t i = 0; i < S->n; i++) {
        gp_path *p = S->p[i];
        if (i == best || p->flow <= 0)
            continue;
        double cp = path_cost(A, p, tw, mw), cs = path_cost(A, ps, tw, mw);
        if (cp <= cs)
            continue;
        uint32_t sp = ++G->stamp;
        double slope = 0;
        for (uint32_t j = 0; j < p->len; j++) {
            uint32_t a = p->links[j];
            G->mp[a] = sp;
            if (G->mstar[a] != st)
                slope += asg_dtime(A, a, A->v[a]);
        }
        for (uint32_t j = 0; j < ps->len; j++) {
            uint32_t a = ps->links[j];
            if (G->mp[a] != sp)
                slope += asg_dtime(A, a, A->v[a]);
        }
        slope *= tw;
        double delta = slope > 0 ? (cp - cs) / slope : p->flow;
        if (!(delta < p->flow))
            delta = p->flow;
        if (delta <= 0)
            continue;
        p->flow -= delta;
        ps->flow += delta;
        if (p->flow <= 1e-12 * ps->flow)
            p->flow = 0;
        /* shift only on the links that differ */
        for (uint32_t j = 0; j < p->len; j++) {
            uint32_t a = p->links[j];
            if (G->mstar[a] != st) {
                double w = A->v[a] - delta;
                A->v[a] = w > 0 ? w : 0;
                if (xk != A->v) {
                    double y = xk[a] - delta;
                    xk[a] = y > 0 ? y : 0;
                }
                A->t[a] = asg_time(A, a, A->v[a]);
            }
        }
        for (uint32_t j = 0; j < ps->len; j++) {
            uint32_t a = ps->links[j];
            if (G->mp[a] != sp) {
                A->v[a] += delta;
                if (xk != A->v)
                    xk[a] += delta;
                A->t[a] = asg_time(A, a, A->v[a]);
            }
        }
    }
    /* drop empty paths (never the cheapest) */
    uint32_t w = 0;
    for (uint32_t i = 0; i < S->n; i++) {
        gp_path *p = S->p[i];
        if (p->flow <= 0 && p != ps)
            free(p);
        else
            S->p[w++] = p;
    }
    S->n = w;
}

/* Link flows (and times) from the path flows. */
static void rebuild(gp *G)
{
    asg *A = G->A;
    size_t nm = (size_t)A->nclasses * A->m;
    memset(A->x, 0, sizeof *A->x * nm);
    for (uint32_t g = 0; g < A->ngroups; g++) {
        double *xk = A->x + (size_t)A->gclass[g] * A->m;
        for (uint32_t r = A->gfirst[g]; r < A->gfirst[g + 1]; r++)
            for (uint32_t i = 0; i < G->set[r].n; i++) {
                const gp_path *p = G->set[r].p[i];
                for (uint32_t j = 0; j < p->len; j++)
                    xk[p->links[j]] += p->flow;
            }
    }
    if (A->nclasses > 1) {
        memset(A->v, 0, sizeof *A->v * A->m);
        for (size_t i = 0; i < nm; i++)
            A->v[i % A->m] += A->x[i];
    }
    for (uint32_t a = 0; a < A->m; a++)
        A->t[a] = asg_time(A, a, A->v[a]);
}

cor_status asg_gp(asg *A, uint32_t *iters, double *gap_out, int *converged)
{
    const cor_assign_opts *o = A->opts;
    uint32_t maxit = o->max_iter ? o->max_iter : 1000;
    gp G;
    memset(&G, 0, sizeof G);
    G.A = A;
    G.set = calloc(A->nod ? A->nod : 1, sizeof *G.set);
    G.mstar = calloc(A->m ? A->m : 1, sizeof *G.mstar);
    G.mp = calloc(A->m ? A->m : 1, sizeof *G.mp);
    G.buf = malloc(sizeof *G.buf * A->n);
    if (!G.set || !G.mstar || !G.mp || !G.buf) {
        gp_free(&G);
        return COR_ENOMEM;
    }
    *converged = 0;
    /* start: every row on its free-flow shortest path */
    for (uint32_t a = 0; a < A->m; a++)
        A->t[a] = asg_time(A, a, 0);
    uint32_t it = 0;
    double gap = INFINITY;
    for (;;) {
        /* sweep: gap at the current flows, and column generation */
        double tstt = 0, sptt = 0;
        uint32_t cur = UINT32_MAX;
        for (uint32_t g = 0; g < A->ngroups; g++) {
            uint32_t k = A->gclass[g];
            if (k != cur) {
                asg_class_cost(A, k);
                cur = k;
            }
            asg_tree(A, A->gorig[g], A->cost);
            for (uint32_t r = A->gfirst[g]; r < A->gfirst[g + 1]; r++) {
                const asg_od *q = &A->od[r];
                if (q->vol <= 0)
                    continue;
                sptt += q->vol * A->dist[q->dest];
                uint32_t len = extract(&G, q->dest);
                gp_set *S = &G.set[r];
                int found = 0;
                for (uint32_t i = 0; i < S->n && !found; i++)
                    found = same(S->p[i], G.buf, len);
                if (!found && add_path(&G, r, len, S->n ? 0 : q->vol)) {
                    gp_free(&G);
                    return COR_ENOMEM;
                }
                if (it > 0)
                    for (uint32_t i = 0; i < S->n; i++)
                        tstt += S->p[i]->flow * path_cost(A, S->p[i], A->tw[k], A->mw[k]);
            }
        }
        if (it == 0) { /* the initial loading: its gap is measured by the next sweep */
            rebuild(&G);
            it = 1;
            continue;
        }
        gap = tstt > 0 ? (tstt - sptt) / tstt : 0;
        if (gap < 0)
            gap = 0;
        if (gap <= o->rel_gap)
            *converged = 1;
        if (asg_report(A, it, gap, asg_objective(A)) || *converged || it >= maxit)
            break;
        it++;
        for (int pass = 0; pass < 2; pass++)
            for (uint32_t g = 0; g < A->ngroups; g++)
                for (uint32_t r = A->gfirst[g]; r < A->gfirst[g + 1]; r++)
                    equilibrate(&G, r, A->gclass[g]);
        rebuild(&G);
    }
    *iters = it;
    *gap_out = gap;
    gp_free(&G);
    return COR_OK;
}
