/*
 * bush.c -- user equilibrium by Algorithm B (Dial 2006), the "bush"
 * algorithm of corridor/assign.h.
 *
 * Data model: every (class, origin) group g owns a bush: an acyclic set of
 * links inb[g*m + a] carrying the group's flow xg[g*m + a].  An iteration
 * is one sweep of shortest-path trees over the full network (it gives the
 * exact relative gap and nothing else), then, group by group:
 *   1. drop bush links without flow, except the bush's own shortest-path
 *      links (so every node keeps a way in);
 *   2. compute U, the longest bush distance from the origin, and add every
 *      link (i, j) with U_i + c_ij < U_j (never out of a zone other than
 *      the origin).  Along bush links U never falls and along added links
 *      it strictly rises, so the bush stays acyclic;
 *   3. equilibrate (a few passes): with L/predL the shortest and U/predU
 *      the longest used distances in the bush, take each node j from the
 *      last in topological order; walk both paths back to where they
 *      part (by topological position, O(segment length)); move
 *          delta = min(least flow on the longest segment,
 *                      (C_max - C_min) / (tw_k * sum of t' on both))
 *      from the longest segment to the shortest (slope 0: the whole least
 *      flow, the safe fallback for power-0 and alpha-0 links).  Flows at
 *      or below 1e-12 of the origin's demand count as none (rounding dust
 *      would otherwise leave "used" paths that carry nothing);
 *   4. then EXTRA_SWEEPS more equilibration passes over every bush.
 * When no link shortens any bush label, the bush labels satisfy Bellman's
 * conditions on the whole network and a bush at equilibrium is a user
 * equilibrium.  Link flows are rebuilt from the bush flows at each sweep.
 *
 * Each bush keeps its topological order between iterations: it is
 * recomputed (Kahn, O(nodes + links)) only after links were added, since
 * dropping links keeps an order topological; step 1 and the labels for
 * step 2 share one sweep of that order.
 *
 * Memory: O(groups * links) (dense per-group arrays) plus O(groups * nodes)
 * for the kept orders.  Time per iteration: the trees plus O(groups *
 * links) per pass (one labelling sweep in step 1-2, one per equilibration).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "assign_int.h"
#include "../core/alloc.h"

/* Equilibration sweeps over every bush after each improvement sweep (the
 * other origins have moved the costs).  With topological orders kept a
 * sweep is cheap next to an iteration's gap trees: 4 against 2 took the
 * 10,600-node network of bench/assign.sh to gap 1e-4 in about two thirds
 * of the CPU time, Sioux Falls to 1e-6 no slower and the Chicago-size
 * network in the same time (1 was slower on the large network). */
#define EXTRA_SWEEPS 4

typedef struct bush {
    asg *A;
    double *xg;          /* [ngroups*m] */
    uint8_t *inb;        /* [ngroups*m] */
    uint32_t *first_in;  /* [n+1] reverse star */
    uint32_t *in_link;   /* [m] */
    uint32_t *gtopo;     /* [ngroups*n] each bush's nodes in topological order */
    uint32_t *gntopo;    /* [ngroups] its length, 0 = not computed yet */
    uint32_t *topo;      /* the current group's slice of gtopo */
    uint32_t *pos;       /* [n] position in topo, UINT32_MAX = not in bush */
    uint32_t *indeg;     /* [n] */
    uint32_t ntopo;
    double *L, *U;       /* [n] */
    double *eps;         /* [ngroups] flows at or below this count as 0 */
    uint32_t *predL, *predU; /* [n] links */
} bush;

static void bush_free(bush *B)
{
    free(B->xg);
    free(B->inb);
    free(B->first_in);
    free(B->in_link);
    free(B->gtopo);
    free(B->gntopo);
    free(B->pos);
    free(B->indeg);
    free(B->L);
    free(B->eps);
    free(B->U);
    free(B->predL);
    free(B->predU);
}

static inline double lcost(const asg *A, uint32_t a, double tw, double mw)
{
    return tw * A->t[a] + mw * A->fixed[a];
}

/* Topological order of group g's bush from its origin (Kahn), kept in
 * gtopo: it stays valid until links are added (dropping links keeps it a
 * topological order, and every bush node keeps its shortest-path link in). */
static void topo_order(bush *B, uint32_t g)
{
    asg *A = B->A;
    const uint8_t *inb = B->inb + (size_t)g * A->m;
    const uint32_t *to = A->net->to;
    uint32_t n = A->n, o = A->gorig[g];
    B->topo = B->gtopo + (size_t)g * n;
    for (uint32_t i = 0; i < n; i++)
        B->indeg[i] = 0, B->pos[i] = UINT32_MAX;
    for (uint32_t a = 0; a < A->m; a++)
        if (inb[a])
            B->indeg[to[a]]++;
    uint32_t head = 0, tail = 0;
    B->topo[tail++] = o;
    while (head < tail) {
        uint32_t u = B->topo[head];
        B->pos[u] = head++;
        for (uint32_t e = A->first_out[u]; e < A->first_out[u + 1]; e++) {
            uint32_t a = A->arc_link[e];
            if (inb[a] && --B->indeg[to[a]] == 0)
                B->topo[tail++] = to[a];
        }
    }
    B->ntopo = B->gntopo[g] = tail;
}

/* Make group g's kept topological order current (computed if none yet). */
static void use_topo(bush *B, uint32_t g)
{
    uint32_t n = B->A->n;
    if (!B->gntopo[g]) {
        topo_order(B, g);
        return;
    }
    B->topo = B->gtopo + (size_t)g * n;
    B->ntopo = B->gntopo[g];
    memset(B->pos, 0xff, sizeof *B->pos * n);
    for (uint32_t r = 0; r < B->ntopo; r++)
        B->pos[B->topo[r]] = r;
}

/* L/predL over all bush links; U/predU over used links (used_only) or
 * over all bush links. */
static void labels(bush *B, uint32_t g, int used_only)
{
    asg *A = B->A;
    size_t off = (size_t)g * A->m;
    const uint8_t *inb = B->inb + off;
    const double *x = B->xg + off;
    uint32_t k = A->gclass[g];
    double tw = A->tw[k], mw = A->mw[k], eps = B->eps[g];
    const uint32_t *from = A->net->from;
    for (uint32_t r = 0; r < B->ntopo; r++) {
        uint32_t j = B->topo[r];
        double l = r == 0 ? 0 : INFINITY, u = r == 0 ? 0 : -INFINITY;
        uint32_t pl = UINT32_MAX, pu = UINT32_MAX;
        if (r > 0)
            for (uint32_t e = B->first_in[j]; e < B->first_in[j + 1]; e++) {
                uint32_t a = B->in_link[e];
                if (!inb[a] || B->pos[from[a]] == UINT32_MAX)
                    continue;
                double c = lcost(A, a, tw, mw);
                uint32_t i = from[a];
                double cl = B->L[i] + c;
                if (cl < l)
                    l = cl, pl = a;
                if (used_only && !(x[a] > eps))
                    continue;
                double cu = B->U[i] + c;
                if (cu > u)
                    u = cu, pu = a;
            }
        if (pu == UINT32_MAX && r > 0)
            u = l, pu = pl;
        B->L[j] = l, B->predL[j] = pl;
        B->U[j] = u, B->predU[j] = pu;
    }
}

/* Step 1 in one sweep of the kept topological order: L/predL over all
 * bush links into j, then drop the unused ones other than predL[j] and
 * take U/predU over the links left.  Dropping a link that is not on the
 * shortest-path tree changes no L, so this is labels(), drop, labels(0)
 * without the second sweep; the order stays topological. */
static void labels_drop(bush *B, uint32_t g)
{
    asg *A = B->A;
    size_t off = (size_t)g * A->m;
    uint8_t *inb = B->inb + off;
    double *x = B->xg + off;
    uint32_t k = A->gclass[g];
    double tw = A->tw[k], mw = A->mw[k], eps = B->eps[g];
    const uint32_t *from = A->net->from;
    B->L[B->topo[0]] = 0, B->U[B->topo[0]] = 0;
    B->predL[B->topo[0]] = B->predU[B->topo[0]] = UINT32_MAX;
    for (uint32_t r = 1; r < B->ntopo; r++) {
        uint32_t j = B->topo[r];
        double l = INFINITY, u = -INFINITY;
        uint32_t pl = UINT32_MAX, pu = UINT32_MAX;
        for (uint32_t e = B->first_in[j]; e < B->first_in[j + 1]; e++) {
            uint32_t a = B->in_link[e];
            if (!inb[a] || B->pos[from[a]] == UINT32_MAX)
                continue;
            double cl = B->L[from[a]] + lcost(A, a, tw, mw);
            if (cl < l)
                l = cl, pl = a;
        }
        for (uint32_t e = B->first_in[j]; e < B->first_in[j + 1]; e++) {
            uint32_t a = B->in_link[e];
            if (!inb[a])
                continue;
            if (!(x[a] > eps) && a != pl) {
                inb[a] = 0;
                x[a] = 0;
                continue;
            }
            if (B->pos[from[a]] == UINT32_MAX)
                continue;
            double cu = B->U[from[a]] + lcost(A, a, tw, mw);
            if (cu > u)
                u = cu, pu = a;
        }
        if (pu == UINT32_MAX)
            u = l, pu = pl;
        B->L[j] = l, B->predL[j] = pl;
        B->U[j] = u, B->predU[j] = pu;
    }
}

/* Steps 1 and 2: drop unused links, add shortcuts.  Returns links added. */
static uint32_t improve(bush *B, uint32_t g)
{
    asg *A = B->A;
    size_t off = (size_t)g * A->m;
    uint8_t *inb = B->inb + off;
    const uint32_t *from = A->net->from, *to = A->net->to;
    uint32_t k = A->gclass[g], o = A->gorig[g];
    double tw = A->tw[k], mw = A->mw[k];
    use_topo(B, g);
    labels_drop(B, g);
    uint32_t added = 0;
    for (uint32_t a = 0; a < A->m; a++) {
        uint32_t i = from[a], j = to[a];
        if (inb[a] || B->pos[i] == UINT32_MAX || (i < A->first_thru && i != o) || j == o)
            continue;
        if (B->pos[j] == UINT32_MAX || (B->L[i] + lcost(A, a, tw, mw) < B->L[j] && B->U[i] < B->U[j])) {
            inb[a] = 1;
            added++;
        }
    }
    if (added)
        topo_order(B, g);
    return added;
}

/* Step 3: one equilibration pass over group g's bush (its topological
 * order computed first when need_topo; improve() leaves it); returns the largest
 * U_j - L_j seen (a measure of how far the bush is from equilibrium). */
static double equilibrate(bush *B, uint32_t g, int need_topo)
{
    asg *A = B->A;
    size_t off = (size_t)g * A->m;
    double *x = B->xg + off;
    uint32_t k = A->gclass[g];
    double tw = A->tw[k], mw = A->mw[k];
    double *xk = A->x + (size_t)k * A->m, eps = B->eps[g];
    const uint32_t *from = A->net->from;
    if (need_topo)
        use_topo(B, g);
    labels(B, g, 1);
    double worst = 0;
    for (uint32_t r = B->ntopo; r-- > 1;) {
        uint32_t j = B->topo[r];
        if (B->predU[j] == B->predL[j] || !(B->U[j] - B->L[j] > 1e-14 * B->U[j]))
            continue;
        if (B->U[j] - B->L[j] > worst)
            worst = B->U[j] - B->L[j];
        /* walk back to where the two paths part */
        uint32_t p = j, q = j;
        double cmin = 0, cmax = 0, slope = 0, room = INFINITY;
        do {
            if (B->pos[p] >= B->pos[q] && p != q) {
                uint32_t a = B->predL[p];
                cmin += lcost(A, a, tw, mw);
                slope += asg_dtime(A, a, A->v[a]);
                p = from[a];
            } else {
                uint32_t a = B->predU[q];
                cmax += lcost(A, a, tw, mw);
                slope += asg_dtime(A, a, A->v[a]);
                if (x[a] < room)
                    room = x[a];
                q = from[a];
            }
        } while (p != q);
        if (!(cmax > cmin) || !(room > 0))
            continue;
        slope *= tw;
        double delta = slope > 0 ? (cmax - cmin) / slope : room;
        if (delta > room)
            delta = room;
        /* apply: longest segment down, shortest up */
        uint32_t m = p;
        for (q = j; q != m;) {
            uint32_t a = B->predU[q];
            x[a] = x[a] - delta > eps ? x[a] - delta : 0; /* rounding leaves no dust */
            if (xk != A->v)
                xk[a] = xk[a] - delta > 0 ? xk[a] - delta : 0;
            A->v[a] = A->v[a] - delta > 0 ? A->v[a] - delta : 0;
            A->t[a] = asg_time(A, a, A->v[a]);
            q = from[a];
        }
        for (p = j; p != m;) {
            uint32_t a = B->predL[p];
            x[a] += delta;
            if (xk != A->v)
                xk[a] += delta;
            A->v[a] += delta;
            A->t[a] = asg_time(A, a, A->v[a]);
            p = from[a];
        }
    }
    return worst;
}

/* Link and class flows from the bush flows; times from the link flows. */
static void rebuild(bush *B)
{
    asg *A = B->A;
    uint32_t m = A->m;
    memset(A->x, 0, sizeof *A->x * (size_t)A->nclasses * m);
    for (uint32_t g = 0; g < A->ngroups; g++) {
        double *xk = A->x + (size_t)A->gclass[g] * m;
        const double *x = B->xg + (size_t)g * m;
        for (uint32_t a = 0; a < m; a++)
            xk[a] += x[a];
    }
    if (A->nclasses > 1) {
        memset(A->v, 0, sizeof *A->v * m);
        for (uint32_t k = 0; k < A->nclasses; k++)
            for (uint32_t a = 0; a < m; a++)
                A->v[a] += A->x[(size_t)k * m + a];
    }
    for (uint32_t a = 0; a < m; a++)
        A->t[a] = asg_time(A, a, A->v[a]);
}

cor_status asg_bush(asg *A, uint32_t *iters, double *gap_out, int *converged)
{
    const cor_assign_opts *o = A->opts;
    uint32_t maxit = o->max_iter ? o->max_iter : 1000;
    uint32_t n = A->n, m = A->m;
    size_t gm = (size_t)(A->ngroups ? A->ngroups : 1) * (m ? m : 1);
    bush B;
    memset(&B, 0, sizeof B);
    B.A = A;
    B.xg = calloc(gm, sizeof *B.xg);
    B.inb = calloc(gm, 1);
    B.first_in = calloc((size_t)n + 1, sizeof *B.first_in);
    B.in_link = malloc(sizeof *B.in_link * (m ? m : 1));
    B.gtopo = malloc(sizeof *B.gtopo * (A->ngroups ? A->ngroups : 1) * (n ? n : 1));
    B.gntopo = calloc(A->ngroups ? A->ngroups : 1, sizeof *B.gntopo);
    B.pos = malloc(sizeof *B.pos * n);
    B.indeg = malloc(sizeof *B.indeg * n);
    B.L = malloc(sizeof *B.L * n);
    B.U = malloc(sizeof *B.U * n);
    B.predL = malloc(sizeof *B.predL * n);
    B.predU = malloc(sizeof *B.predU * n);
    B.eps = calloc(A->ngroups ? A->ngroups : 1, sizeof *B.eps);
    if (!B.eps || !B.xg || !B.inb || !B.first_in || !B.in_link || !B.gtopo || !B.gntopo || !B.pos || !B.indeg || !B.L || !B.U || !B.predL ||
        !B.predU) {
        bush_free(&B);
        return COR_ENOMEM;
    }
    const uint32_t *to = A->net->to;
    for (uint32_t a = 0; a < m; a++)
        B.first_in[to[a] + 1]++;
    for (uint32_t i = 0; i < n; i++)
        B.first_in[i + 1] += B.first_in[i];
    for (uint32_t a = 0; a < m; a++)
        B.in_link[B.first_in[to[a]]++] = a;
    for (uint32_t i = n; i > 0; i--)
        B.first_in[i] = B.first_in[i - 1];
    B.first_in[0] = 0;

    /* start: each bush is the free-flow shortest-path tree, loaded AON */
    for (uint32_t a = 0; a < m; a++)
        A->t[a] = asg_time(A, a, 0);
    uint32_t cur = UINT32_MAX;
    for (uint32_t g = 0; g < A->ngroups; g++) {
        uint32_t k = A->gclass[g], og = A->gorig[g];
        if (k != cur) {
            asg_class_cost(A, k);
            cur = k;
        }
        asg_tree(A, og, A->cost);
        uint8_t *inb = B.inb + (size_t)g * m;
        double *x = B.xg + (size_t)g * m;
        for (uint32_t i = 1; i < A->nsettled; i++)
            inb[A->pred[A->order[i]]] = 1;
        for (uint32_t r = A->gfirst[g]; r < A->gfirst[g + 1]; r++) {
            A->load[A->od[r].dest] += A->od[r].vol;
            B.eps[g] += 1e-12 * A->od[r].vol;
        }
        asg_tree_load(A, og, x);
    }
    *converged = 0;
    uint32_t it = 0;
    double gap = INFINITY;
    for (;;) {
        rebuild(&B);
        /* the exact gap at the current flows */
        double tstt = 0, sptt = 0;
        cur = UINT32_MAX;
        for (uint32_t g = 0; g < A->ngroups; g++) {
            uint32_t k = A->gclass[g];
            if (k != cur) {
                asg_class_cost(A, k);
                cur = k;
            }
            asg_tree(A, A->gorig[g], A->cost);
            for (uint32_t r = A->gfirst[g]; r < A->gfirst[g + 1]; r++)
                if (A->od[r].vol > 0)
                    sptt += A->od[r].vol * A->dist[A->od[r].dest];
        }
        for (uint32_t k = 0; k < A->nclasses; k++)
            for (uint32_t a = 0; a < m; a++) {
                double xa = A->x[(size_t)k * m + a];
                if (xa != 0)
                    tstt += xa * lcost(A, a, A->tw[k], A->mw[k]);
            }
        gap = tstt > 0 ? (tstt - sptt) / tstt : 0;
        if (gap < 0)
            gap = 0;
        it++;
        if (gap <= o->rel_gap)
            *converged = 1;
        if (asg_report(A, it, gap, asg_objective(A)) || *converged || it >= maxit)
            break;
        for (uint32_t g = 0; g < A->ngroups; g++) {
            improve(&B, g);
            equilibrate(&B, g, 0);
        }
        for (int sweep = 0; sweep < EXTRA_SWEEPS; sweep++) /* the other origins have moved: again */
            for (uint32_t g = 0; g < A->ngroups; g++)
                equilibrate(&B, g, 1);
    }
    *iters = it;
    *gap_out = gap;
    bush_free(&B);
    return COR_OK;
}
