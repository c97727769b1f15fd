/*
 * alternatives.c -- trade-offs (Pareto label setting) and alternatives (the
 * K best loopless routes).  See corridor/alternatives.h.
 *
 * Routes.  A route starts in a state of the origin node (its terminal
 * handling first), never enters a state of the origin again, ends at the
 * first state of the destination node it reaches (its terminal handling
 * last), and passes no state twice.  Both algorithms below keep exactly
 * these semantics; arc costs are finite and >= 0 (cor_graph_check).
 *
 * PARETO (Martins' label setting in lexicographic order).  A label is a
 * route prefix: its (hours, usd, co2e) from the origin's handling on, the
 * label it extends and the arc.  Tentative labels wait in a 4-ary heap keyed
 * by (hours, usd, co2e, id); the smallest is popped and, unless a permanent
 * label at its state dominates or equals it, it becomes permanent and is
 * extended along every usable arc.
 *   Invariant: pops are lexicographic and arcs cost >= 0, so every
 *   permanent label at a state has hours <= those of any label popped or
 *   created later.  "Is x dominated by (or equal to) a permanent label at
 *   its state" is then the 2-D question "is some permanent (usd, co2e) <=
 *   x's", answered by the state's staircase: the 2-D minima of its
 *   permanent labels, in a treap keyed by usd (co2e decreasing along it),
 *   O(log n) to ask and to insert.  A label is asked once when it is
 *   created and once when it is popped; tentative labels are never compared
 *   with each other (a dominated one is dropped at its pop).  Dominance and
 *   equality are relative (EPS = 1e-9).
 *   Destination: the permanent labels at the destination's states plus
 *   their terminal handling, reduced to their non-dominated set by a sort
 *   and a staircase sweep (O(n log n)); values within EPS of each other
 *   (chains of them) count as equal there.
 *   Budget: at most max_labels labels are created.  When the budget stops
 *   the search while label x (hours T) is being extended, every label of
 *   fewer hours than T has been popped and extended (a later label has at
 *   least T hours), so the front is exact for routes of fewer hours than
 *   T + the least terminal handling at the destination: the result holds
 *   those (complete_hours = the double just below that sum; a route of at
 *   most that many hours is dominated only by routes of no more hours, all
 *   found) and is marked truncated; COR_ELIMIT if there is none.  The
 *   result holds at most max_labels / COR_LABELS_PER_ROUTE routes: a bigger
 *   front is cut to its fastest routes, complete_hours just below the
 *   hours of the first route left out.
 *   Epsilon > 0: a label x is dropped when a permanent label y at its state
 *   (so hours(y) <= hours(x)) lies in a box no higher on usd and on co2e,
 *   the box of v being floor(log1p(v) / log1p(epsilon)); then
 *   1 + c(y) < (1 + epsilon) (1 + c(x)), and the same holds for y and x
 *   extended by any common suffix.  Following a route R arc by arc, each
 *   drop hands R's suffix to a label of no more hours and at most that
 *   factor dearer, so: for every route R there is a listed route R' with
 *   hours(R') <= hours(R) and, for usd and co2e, 1 + c(R') <= (1 +
 *   epsilon)^n (1 + c(R)), n <= the arcs of R (the states where R's labels
 *   were dropped).  Hours never grow along the hand-overs, so with a
 *   truncation this holds for every R of at most complete_hours hours.  A
 *   state keeps at most Bu * Bc permanent labels (each is in a box pair
 *   that no earlier one is <=; Bu, Bc = the boxes its usd and co2e values
 *   span), whatever the network.
 *   Cost: O(N (log N + log S)) time for N labels created and staircases of
 *   at most S labels; memory about 90 bytes a label.
 *
 * K BEST (Yen's algorithm with Lawler's rule, on one shortest-path tree).
 *   1. One reverse Dijkstra from the destination's states (starting at
 *      their terminal handling, never through an origin state or a
 *      destination state as an intermediate) gives h(s), the weight of the
 *      best way on from s, and the tree arc next[s].  Bans only remove arcs,
 *      so h is an admissible and consistent bound for every spur search; the
 *      first route is read off the tree.
 *   2. Spur searches are A* on h (an indexed 4-ary heap; ties to the state
 *      nearer the destination), with per-search stamps (no per-search
 *      allocation or clearing), pruned at the weight of the worst candidate
 *      kept (see 5).
 *   3. Lawler: an accepted route that deviated from its parent at arc i is
 *      spurred only at arcs i and later.  The live sub-problems (a prefix,
 *      the arcs banned after it) partition the routes not yet accepted, so
 *      no candidate can repeat another and no dedupe is needed.
 *   4. The arcs banned at a spur are the children of the spur's prefix in a
 *      trie of the accepted routes; the root states are banned by their
 *      position on the route being spurred (pos < i, stamped per route).
 *   5. Early stop: when A* settles a state u whose tree path avoids the root
 *      states and the spur state (the least position on the current route
 *      over u's tree path, memoised per route), the spur route is the A*
 *      path to u plus the tree path from u, optimal with weight g(u) + h(u).
 *      It has no loop: a state v of the A* path on u's tree path would have
 *      a tree path inside u's, would have been settled before u with f(v)
 *      <= f(u), and would have stopped the search first.
 *      Candidates are kept as (parent, deviation, detour arcs, join state)
 *      and built only when accepted; at most K - accepted are kept (the
 *      others can never be needed).
 *   Budget: max_work states settled over all searches (the reverse one
 *   included).  When it is reached the routes accepted so far are returned
 *   (they are the exact first n) and the set is marked truncated;
 *   COR_ELIMIT if the reverse search itself did not finish.
 *   Cost: O((V + A) log V) for the tree, then per accepted route of L arcs
 *   at most L spur searches, each usually settling a few states.
 */
#include "corridor/alternatives.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../core/alloc.h" /* last: maps malloc & co. to the counted wrappers */

#define EPS 1e-9

void cor_path_set_init(cor_path_set *s)
{
    memset(s, 0, sizeof *s);
}

void cor_path_set_destroy(cor_path_set *s)
{
    if (!s)
        return;
    for (uint32_t i = 0; i < s->n; i++)
        cor_path_destroy(&s->paths[i]);
    free(s->paths);
    memset(s, 0, sizeof *s);
}

static cor_path *set_push(cor_path_set *s)
{
    if (s->n == s->cap) {
        uint32_t cap = s->cap ? s->cap * 2 : 8;
        cor_path *np = realloc(s->paths, cap * sizeof *np);
        if (!np)
            return NULL;
        s->paths = np;
        s->cap = cap;
    }
    cor_path *p = &s->paths[s->n++];
    cor_path_init(p);
    return p;
}

/* Grow *a (of *cap elements of size sz) to hold at least need; 0 or -1. */
static int grow(void **a, size_t *cap, size_t need, size_t sz)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : 64;
    while (c < need)
        c *= 2;
    void *p = realloc(*a, c * sz);
    if (!p)
        return -1;
    *a = p;
    *cap = c;
    return 0;
}

static long drop_loops(const cor_filter *f, cor_path_set *s);

static cor_status oom(cor_diag *d)
{
    return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
}

static int is_node(const cor_graph *g, uint32_t s, uint32_t n)
{
    return g->state_node[s] == n;
}

/* ---- staircases: 2-D minima in a treap ------------------------------ */

/* A staircase holds points (u, c) none of which is <= another on both:
 * in key order u increases and c decreases.  All staircases share one pool
 * of nodes; a node's priority is a hash of its index (max-heap order), so
 * the expected depth is O(log n) whatever the order of insertion. */
typedef struct snode {
    double u, c;
    uint32_t l, r;
} snode;

typedef struct stairs {
    snode *a;
    size_t n, cap;
} stairs;

static uint32_t prio(uint32_t i)
{
    uint32_t x = i * 0x9E3779B1u + 0x7F4A7C15u;
    x ^= x >> 16;
    x *= 0x85EBCA6Bu;
    x ^= x >> 13;
    return x;
}

/* Is some point of the staircase t <= (u, c) on both? */
static int stairs_covers(const stairs *p, uint32_t t, double u, double c)
{
    uint32_t best = COR_NONE;
    while (t != COR_NONE) {
        if (p->a[t].u <= u) {
            best = t;
            t = p->a[t].r;
        } else {
            t = p->a[t].l;
        }
    }
    return best != COR_NONE && p->a[best].c <= c;
}

/* Split t into the points with u < key (*l) and the rest (*r). */
static void split_u(snode *a, uint32_t t, double key, uint32_t *l, uint32_t *r)
{
    if (t == COR_NONE) {
        *l = *r = COR_NONE;
    } else if (a[t].u < key) {
        split_u(a, a[t].r, key, &a[t].r, r);
        *l = t;
    } else {
        split_u(a, a[t].l, key, l, &a[t].l);
        *r = t;
    }
}

/* Split t into the points with c >= key (a prefix, *l) and the rest. */
static void split_c(snode *a, uint32_t t, double key, uint32_t *l, uint32_t *r)
{
    if (t == COR_NONE) {
        *l = *r = COR_NONE;
    } else if (a[t].c >= key) {
        split_c(a, a[t].r, key, &a[t].r, r);
        *l = t;
    } else {
        split_c(a, a[t].l, key, l, &a[t].l);
        *r = t;
    }
}

/* Join x and y, every key of x before every key of y. */
static uint32_t merge(snode *a, uint32_t x, uint32_t y)
{
    if (x == COR_NONE)
        return y;
    if (y == COR_NONE)
        return x;
    if (prio(x) > prio(y)) {
        a[x].r = merge(a, a[x].r, y);
        return x;
    }
    a[y].l = merge(a, x, a[y].l);
    return y;
}

/* Insert (u, c), which no point of *root covers, and drop the points it
 * covers.  Those nodes stay in the pool unused (one node per insertion, so
 * the pool is bounded by the insertions).  0, or -1 out of memory. */
static int stairs_insert(stairs *p, uint32_t *root, double u, double c)
{
    if (grow((void **)&p->a, &p->cap, p->n + 1, sizeof *p->a) != 0)
        return -1;
    uint32_t x = (uint32_t)p->n++;
    p->a[x] = (snode){u, c, COR_NONE, COR_NONE};
    uint32_t lo, hi, gone, rest;
    split_u(p->a, *root, u, &lo, &hi);
    split_c(p->a, hi, c, &gone, &rest);
    (void)gone;
    *root = merge(p->a, merge(p->a, lo, x), rest);
    return 0;
}

/* ---- Pareto --------------------------------------------------------- */

/* A label: costs from the origin's handling on; pred = the label it
 * extends (COR_NONE at the origin, where arc holds the state instead). */
typedef struct label {
    double c[3];
    uint32_t pred, arc;
} label;

typedef struct lent {
    double k[3];
    uint32_t id;
} lent;

typedef struct lheap {
    lent *a;
    size_t n, cap;
} lheap;

static int lless(const lent *x, const lent *y)
{
    for (int i = 0; i < 3; i++) {
        if (x->k[i] < y->k[i])
            return 1;
        if (x->k[i] > y->k[i])
            return 0;
    }
    return x->id < y->id;
}

static int lpush(lheap *h, const lent *e)
{
    if (grow((void **)&h->a, &h->cap, h->n + 1, sizeof *h->a) != 0)
        return -1;
    size_t i = h->n++;
    while (i > 0 && lless(e, &h->a[(i - 1) / 4])) {
        h->a[i] = h->a[(i - 1) / 4];
        i = (i - 1) / 4;
    }
    h->a[i] = *e;
    return 0;
}

static lent lpop(lheap *h)
{
    lent top = h->a[0], last = h->a[--h->n];
    size_t i = 0;
    for (;;) {
        size_t c = 4 * i + 1, best = c;
        if (c >= h->n)
            break;
        size_t end = c + 4 < h->n ? c + 4 : h->n;
        for (size_t k = c + 1; k < end; k++)
            if (lless(&h->a[k], &h->a[best]))
                best = k;
        if (!lless(&h->a[best], &last))
            break;
        h->a[i] = h->a[best];
        i = best;
    }
    if (h->n)
        h->a[i] = last;
    return top;
}

typedef struct pareto {
    const cor_graph *g;
    double box;          /* 1 / log1p(epsilon), 0 for the exact front */
    label *L;
    size_t nl, lcap;
    lheap heap;
    stairs st;
    uint32_t *root;      /* [nstates] staircase of the permanent labels */
    uint32_t *last;      /* [nstates] its node inserted last */
    uint32_t *dest;      /* permanent labels at the destination */
    size_t nd, dcap;
} pareto;

static uint32_t label_state(const pareto *P, uint32_t x)
{
    const label *l = &P->L[x];
    return l->pred == COR_NONE ? l->arc : P->g->head[l->arc];
}

/* Is a label of costs c dominated by (or equal to) a permanent label at
 * state s?  Hours need no test (see the invariant above). */
static int covered(const pareto *P, uint32_t s, const double *c)
{
    uint32_t t = P->root[s];
    if (t == COR_NONE)
        return 0;
    double u, v;
    if (P->box > 0) {
        u = floor(log1p(c[1]) * P->box);
        v = floor(log1p(c[2]) * P->box);
    } else {
        u = c[1] + EPS * (1 + fabs(c[1]));
        v = c[2] + EPS * (1 + fabs(c[2]));
    }
    const snode *z = &P->st.a[P->last[s]];
    if (z->u <= u && z->c <= v)
        return 1; /* the label made permanent last at s: a cheap first try */
    return stairs_covers(&P->st, t, u, v);
}

static int make_permanent(pareto *P, uint32_t s, const double *c)
{
    P->last[s] = (uint32_t)P->st.n;
    if (P->box > 0)
        return stairs_insert(&P->st, &P->root[s], floor(log1p(c[1]) * P->box), floor(log1p(c[2]) * P->box));
    return stairs_insert(&P->st, &P->root[s], c[1], c[2]);
}

/* Add a label; 0, or -1 out of memory. */
static int add_label(pareto *P, const double *c, uint32_t pred, uint32_t arc)
{
    if (grow((void **)&P->L, &P->lcap, P->nl + 1, sizeof *P->L) != 0)
        return -1;
    uint32_t id = (uint32_t)P->nl++;
    P->L[id] = (label){{c[0], c[1], c[2]}, pred, arc};
    lent e = {{c[0], c[1], c[2]}, id};
    return lpush(&P->heap, &e);
}

static int build_path(const label *L, uint32_t li, cor_path *p, uint32_t from, uint32_t to, double weight)
{
    uint32_t n = 0;
    for (uint32_t x = li; L[x].pred != COR_NONE; x = L[x].pred)
        n++;
    uint32_t *arcs = malloc((n ? n : 1) * sizeof *arcs);
    if (!arcs)
        return -1;
    uint32_t i = n;
    for (uint32_t x = li; L[x].pred != COR_NONE; x = L[x].pred)
        arcs[--i] = L[x].arc;
    free(p->arcs);
    p->arcs = arcs;
    p->narcs = p->cap = n;
    p->from_node = from;
    p->to_node = to;
    p->weight = weight;
    return 0;
}

/* A route at the destination: its costs with the terminal handling (v), the
 * same snapped to the representative of their EPS-cluster (s). */
typedef struct dent {
    double s[3], v[3];
    uint32_t label;
} dent;

static int cmp_dent(const void *a, const void *b)
{
    const dent *x = a, *y = b;
    for (int i = 0; i < 3; i++)
        if (x->s[i] != y->s[i])
            return x->s[i] < y->s[i] ? -1 : 1;
    return (x->label > y->label) - (x->label < y->label);
}

typedef struct vkey {
    double v;
    uint32_t i;
} vkey;

static int cmp_vkey(const void *a, const void *b)
{
    const vkey *x = a, *y = b;
    if (x->v != y->v)
        return x->v < y->v ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

/* Snap criterion c of D[0..n) to the least value of its cluster (values in
 * increasing order, each within EPS of the one before). */
static void snap(dent *D, size_t n, int c, vkey *tmp)
{
    for (size_t i = 0; i < n; i++)
        tmp[i] = (vkey){D[i].v[c], (uint32_t)i};
    qsort(tmp, n, sizeof *tmp, cmp_vkey);
    double rep = 0, prev = 0;
    for (size_t i = 0; i < n; i++) {
        double v = tmp[i].v;
        if (i == 0 || v - prev > EPS * (1 + fabs(v)))
            rep = v;
        prev = v;
        D[tmp[i].i].s[c] = rep;
    }
}

/* The non-dominated routes of P->dest (hours at most max_hours), sorted,
 * into out. */
static cor_status pareto_select(pareto *P, const cor_filter *f, const cor_query *q, uint32_t from, uint32_t to,
                                double max_hours, uint64_t max_routes, cor_path_set *out, cor_diag *d)
{
    size_t n = 0;
    dent *D = malloc((P->nd ? P->nd : 1) * sizeof *D);
    vkey *tmp = malloc((P->nd ? P->nd : 1) * sizeof *tmp);
    cor_status st = COR_OK;
    if (!D || !tmp) {
        st = oom(d);
        goto done;
    }
    for (size_t i = 0; i < P->nd; i++) {
        uint32_t x = P->dest[i], s = label_state(P, x);
        dent *e = &D[n];
        const double *tc = &f->term_crit[3 * (size_t)s]; /* handling at the destination, for the box */
        e->v[0] = P->L[x].c[0] + tc[0];
        e->v[1] = P->L[x].c[1] + tc[1];
        e->v[2] = P->L[x].c[2] + tc[2];
        e->label = x;
        if (e->v[0] <= max_hours)
            n++;
    }
    for (int c = 0; c < 3; c++)
        snap(D, n, c, tmp);
    qsort(D, n, sizeof *D, cmp_dent);
    /* sweep in lexicographic order: a route is kept unless one kept before
     * it is <= on usd and co2e (it is <= on hours by the order); past
     * max_routes, the front is complete below the least hours of the routes
     * left out */
    P->st.n = 0;
    uint32_t root = COR_NONE;
    uint64_t kept = 0;
    double cut = INFINITY;
    for (size_t i = 0; i < n && st == COR_OK; i++) {
        const dent *e = &D[i];
        if (stairs_covers(&P->st, root, e->s[1], e->s[2]))
            continue;
        if (stairs_insert(&P->st, &root, e->s[1], e->s[2]) != 0) {
            st = oom(d);
            break;
        }
        if (kept++ >= max_routes) {
            cut = e->v[0] < cut ? e->v[0] : cut;
            continue;
        }
        double w = cor_weight(q, e->v[0], e->v[1], e->v[2], 0);
        if (q->by == COR_BY_DISTANCE) {
            w = 0;
            for (uint32_t x = e->label; P->L[x].pred != COR_NONE; x = P->L[x].pred)
                w += f->crit[4 * (size_t)P->L[x].arc + 3];
        }
        cor_path *p = set_push(out);
        if (!p || build_path(P->L, e->label, p, from, to, w) != 0)
            st = oom(d);
    }
    if (cut != INFINITY) {
        cut = nextafter(cut, -INFINITY);
        if (!out->truncated || cut < out->complete_hours) {
            out->truncated = 1;
            out->limit_name = "max_routes";
            out->limit = max_routes;
            out->complete_hours = cut;
        }
    }
done:
    free(D);
    free(tmp);
    return st;
}

cor_status cor_pareto(const cor_filter *f, const cor_query *q, uint32_t from, uint32_t to, const cor_budget *b,
                      cor_path_set *out, cor_diag *d)
{
    const cor_graph *g = f->g;
    uint64_t max_labels = b && b->max_labels ? b->max_labels : COR_DEFAULT_MAX_LABELS;
    double eps = b ? b->epsilon : 0;
    if (q->nvia)
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "--pareto does not take --via");
    if (from >= g->nnodes || to >= g->nnodes || from == to)
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "origin and destination must be two places");
    {
        char why[COR_DIAG_TEXT / 2];
        if (cor_filter_node_problem(f, from, why, sizeof why))
            return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "the origin %s is %s", cor_network_node(g->net, from)->name,
                                why);
        if (cor_filter_node_problem(f, to, why, sizeof why))
            return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "the destination %s is %s",
                                cor_network_node(g->net, to)->name, why);
    }
    if (!(eps == 0 || (eps >= COR_MIN_EPSILON && eps <= COR_MAX_EPSILON)))
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "--pareto-epsilon: expected 0 (the exact front) or a number "
                            "between %g and %g", COR_MIN_EPSILON, COR_MAX_EPSILON);
    if (max_labels > UINT32_MAX - 1)
        max_labels = UINT32_MAX - 1; /* label ids are 32-bit */
    out->epsilon = eps;
    out->truncated = 0;
    out->limit_name = NULL;
    out->limit = 0;
    out->complete_hours = INFINITY;
    out->labels = out->work = 0;
    if (g->node_first_state[from] == g->node_first_state[from + 1] ||
        g->node_first_state[to] == g->node_first_state[to + 1])
        return COR_ENOROUTE; /* a place no link reaches */
    pareto P;
    memset(&P, 0, sizeof P);
    P.g = g;
    P.box = eps > 0 ? 1 / log1p(eps) : 0;
    cor_status st = COR_OK;
    double stop_hours = INFINITY; /* hours of the label being extended when the budget stopped the search */
    P.root = malloc((g->nstates ? g->nstates : 1) * sizeof *P.root);
    P.last = malloc((g->nstates ? g->nstates : 1) * sizeof *P.last);
    if (!P.root || !P.last) {
        st = oom(d);
        goto done;
    }
    for (uint32_t s = 0; s < g->nstates; s++)
        P.root[s] = COR_NONE;
    for (uint32_t s = g->node_first_state[from]; s < g->node_first_state[from + 1]; s++) {
        const double *tc = &f->term_crit[3 * (size_t)s];
        double c[3] = {tc[0], tc[1], tc[2]}; /* handling at the origin, for the box */
        if (P.nl >= max_labels) {
            stop_hours = -INFINITY;
            break;
        }
        if (add_label(&P, c, COR_NONE, s) != 0) {
            st = oom(d);
            goto done;
        }
    }
    while (P.heap.n && stop_hours == INFINITY) {
        lent e = lpop(&P.heap);
        uint32_t x = e.id, s = label_state(&P, x);
        if (covered(&P, s, P.L[x].c))
            continue;
        if (make_permanent(&P, s, P.L[x].c) != 0) {
            st = oom(d);
            goto done;
        }
        if (is_node(g, s, to)) { /* a route ends here */
            if (grow((void **)&P.dest, &P.dcap, P.nd + 1, sizeof *P.dest) != 0) {
                st = oom(d);
                goto done;
            }
            P.dest[P.nd++] = x;
            continue;
        }
        if (f->zone && f->zone[g->state_node[s]] && !is_node(g, s, from))
            continue; /* a zone: never passed through */
        for (uint32_t a = g->first_out[s]; a < g->first_out[s + 1]; a++) {
            uint32_t t = g->head[a];
            if (f->weight[a] == INFINITY || is_node(g, t, from))
                continue; /* forbidden, or back through the origin */
            const double *cr = &f->crit[4 * (size_t)a];
            double c[3] = {P.L[x].c[0] + cr[0], P.L[x].c[1] + cr[1], P.L[x].c[2] + cr[2]};
            if (covered(&P, t, c))
                continue;
            if (P.nl >= max_labels) {
                stop_hours = P.L[x].c[0];
                break;
            }
            if (add_label(&P, c, x, a) != 0) {
                st = oom(d);
                goto done;
            }
        }
    }
    double max_hours = INFINITY;
    if (stop_hours != INFINITY) {
        /* routes of fewer hours than stop_hours + the least handling at the
         * destination are complete (see the module comment) */
        double least = INFINITY; /* the destination has a state (checked above) */
        for (uint32_t s = g->node_first_state[to]; s < g->node_first_state[to + 1]; s++)
            least = g->term_hours[s] < least ? g->term_hours[s] : least;
        max_hours = stop_hours == -INFINITY ? -INFINITY : nextafter(stop_hours + least, -INFINITY);
        out->truncated = 1;
        out->limit_name = "max_labels";
        out->limit = max_labels;
        out->complete_hours = max_hours;
    }
    uint64_t max_routes = max_labels / COR_LABELS_PER_ROUTE ? max_labels / COR_LABELS_PER_ROUTE : 1;
    st = pareto_select(&P, f, q, from, to, max_hours, max_routes, out, d);
    if (st == COR_OK) {
        long dropped = drop_loops(f, out);
        if (dropped < 0)
            st = oom(d);
        else
            out->dropped_loops = (uint32_t)dropped;
    }
    if (st == COR_OK && out->n == 0 && out->dropped_loops && !out->truncated)
        st = cor_diag_add(d, COR_ENOROUTE, NULL, 0, 0, "--pareto: every trade-off passes a place twice");
    if (st == COR_OK && out->n == 0) {
        if (out->truncated)
            st = cor_diag_add(d, COR_ELIMIT, NULL, 0, 0,
                              "--pareto: more than %llu labels; narrow the query (--modes, --avoid), raise the "
                              "budget with --max-labels, or ask for an approximate front with --pareto-epsilon "
                              "(e.g. 0.01).  No route was complete when the budget ran out",
                              (unsigned long long)max_labels);
        else
            st = COR_ENOROUTE;
    }
done:
    out->labels = P.nl;
    free(P.root);
    free(P.last);
    free(P.L);
    free(P.heap.a);
    free(P.st.a);
    free(P.dest);
    return st;
}

/* ---- K best --------------------------------------------------------- */

/* An indexed 4-ary min-heap of states keyed by key[s], ties to the lower
 * tie[s] (A*: the lower h, the state nearer the destination).  pos[s] is
 * the state's position + 1, 0 outside the heap; the caller sets it to 0
 * when it first touches a state. */
typedef struct iheap {
    uint32_t *a, *pos, n;
    const double *key, *tie;
} iheap;

static int ih_less(const iheap *h, uint32_t x, uint32_t y)
{
    return h->key[x] < h->key[y] || (h->key[x] == h->key[y] && h->tie[x] < h->tie[y]);
}

static void ih_up(iheap *h, uint32_t i)
{
    uint32_t v = h->a[i];
    while (i > 0) {
        uint32_t p = (i - 1) / 4;
        if (!ih_less(h, v, h->a[p]))
            break;
        h->a[i] = h->a[p];
        h->pos[h->a[i]] = i + 1;
        i = p;
    }
    h->a[i] = v;
    h->pos[v] = i + 1;
}

/* Insert s, or move it up after its key decreased. */
static void ih_update(iheap *h, uint32_t s)
{
    if (h->pos[s] == 0) {
        h->a[h->n] = s;
        h->pos[s] = ++h->n;
    }
    ih_up(h, h->pos[s] - 1);
}

static uint32_t ih_pop(iheap *h)
{
    uint32_t top = h->a[0], v = h->a[--h->n], i = 0;
    h->pos[top] = 0;
    if (h->n == 0)
        return top;
    for (;;) {
        uint32_t c = 4 * i + 1, best = c;
        if (c >= h->n)
            break;
        uint32_t end = c + 4 < h->n ? c + 4 : h->n;
        for (uint32_t k = c + 1; k < end; k++)
            if (ih_less(h, h->a[k], h->a[best]))
                best = k;
        if (!ih_less(h, h->a[best], v))
            break;
        h->a[i] = h->a[best];
        h->pos[h->a[i]] = i + 1;
        i = best;
    }
    h->a[i] = v;
    h->pos[v] = i + 1;
    return top;
}

/* A trie of the accepted routes: a node per distinct prefix; its children
 * are the arcs that accepted routes take after it. */
typedef struct tnode {
    uint32_t arc, child, sibling;
} tnode;

/* A candidate: parent route (index in out), the arc where it deviates from
 * it, the A* detour from there to join, then the tree path from join. */
typedef struct cand {
    double w;
    uint32_t parent, dev, join, ndetour;
    uint32_t *detour;
} cand;

typedef struct yen {
    const cor_filter *f;
    const cor_graph *g;
    uint32_t from, to;
    double *h;           /* [nstates] best weight on to the destination; INFINITY: none */
    uint32_t *next;      /* [nstates] tree arc toward the destination */
    /* A*, valid where seen[s] == search: g, key = g + h, pred arc */
    double *gw, *key;
    uint32_t *pred, *seen, *done, *ban, search;
    iheap heap;
    /* the route being spurred: pos[s] where pstamp[s] == path; the least
     * position over s's tree path where mstamp[s] == path */
    uint32_t *pos, *pstamp, *minpos, *mstamp, *stack, path;
    tnode *trie;
    size_t ntrie, trie_cap;
    uint32_t *at;        /* trie node of each prefix of the route being spurred */
    size_t at_cap;
    uint32_t *devs;      /* deviation index of each accepted route */
    cand *cands;
    uint32_t ncand;
    uint64_t work, max_work;
} yen;

/* Advance a stamp; when it wraps, clear the arrays it stamps. */
static void stamp_next(uint32_t *stamp, uint32_t **arrays, const size_t *sizes, int n)
{
    if (++*stamp == 0) {
        for (int i = 0; i < n; i++)
            memset(arrays[i], 0, sizes[i] * sizeof **arrays);
        *stamp = 1;
    }
}

/* Reverse Dijkstra from the destination's states (h, next).  0, 1 budget,
 * -1 memory. */
static int reverse_tree(yen *y)
{
    const cor_graph *g = y->g;
    const cor_filter *f = y->f;
    uint32_t ns = g->nstates;
    int rc = -1;
    uint32_t *rfirst = calloc((size_t)ns + 1, sizeof *rfirst), *rarc = malloc((g->narcs ? g->narcs : 1) * sizeof *rarc);
    if (!rfirst || !rarc)
        goto done;
    for (uint32_t a = 0; a < g->narcs; a++)
        rfirst[g->head[a] + 1]++;
    for (uint32_t s = 0; s < ns; s++)
        rfirst[s + 1] += rfirst[s];
    for (uint32_t a = 0; a < g->narcs; a++)
        rarc[rfirst[g->head[a]]++] = a; /* rfirst[s] now ends s's range */
    for (uint32_t s = ns; s > 0; s--)
        rfirst[s] = rfirst[s - 1];
    rfirst[0] = 0;
    for (uint32_t s = 0; s < ns; s++) {
        y->h[s] = INFINITY;
        y->next[s] = COR_NONE;
        y->heap.pos[s] = 0;
    }
    y->heap = (iheap){y->heap.a, y->heap.pos, 0, y->h, y->h};
    for (uint32_t s = g->node_first_state[y->to]; s < g->node_first_state[y->to + 1]; s++) {
        y->h[s] = f->term_w[s];
        ih_update(&y->heap, s);
    }
    while (y->heap.n) {
        if (y->work >= y->max_work) {
            rc = 1;
            goto done;
        }
        y->work++;
        uint32_t v = ih_pop(&y->heap);
        if (is_node(g, v, y->from))
            continue; /* routes do not pass through the origin */
        for (uint32_t i = rfirst[v]; i < rfirst[v + 1]; i++) {
            uint32_t a = rarc[i], u = g->tail[a];
            if (f->weight[a] == INFINITY || is_node(g, u, y->to))
                continue; /* routes end at the first state of the destination */
            double nd = y->h[v] + f->weight[a];
            if (nd < y->h[u]) {
                y->h[u] = nd;
                y->next[u] = a;
                ih_update(&y->heap, u);
            }
        }
    }
    rc = 0;
done:
    free(rfirst);
    free(rarc);
    return rc;
}

static uint32_t pos_of(const yen *y, uint32_t s)
{
    return y->pstamp[s] == y->path ? y->pos[s] : COR_NONE;
}

/* The least position on the current route over the tree path from s. */
static uint32_t min_pos(yen *y, uint32_t s)
{
    uint32_t n = 0, v = s;
    while (y->mstamp[v] != y->path) {
        y->stack[n++] = v;
        if (y->next[v] == COR_NONE)
            break;
        v = y->g->head[y->next[v]];
    }
    uint32_t m = y->mstamp[v] == y->path ? y->minpos[v] : COR_NONE;
    while (n) {
        v = y->stack[--n];
        uint32_t p = pos_of(y, v);
        m = p < m ? p : m;
        y->mstamp[v] = y->path;
        y->minpos[v] = m;
    }
    return m;
}

/* Spur the route P at arc i: A* from its state i (from every origin state
 * when i = 0, each at its terminal handling) with the root states and the
 * trie's children of P's prefix banned, for a route lighter than bound.
 * 1 found (y->gw, y->pred and *join describe it), 0 none, 2 budget. */
static int spur(yen *y, const cor_path *P, uint32_t i, double root_w, double bound, uint32_t *join)
{
    const cor_graph *g = y->g;
    const cor_filter *f = y->f;
    uint32_t *arrays[3] = {y->seen, y->done, y->ban};
    size_t sizes[3] = {g->nstates, g->nstates, g->narcs};
    stamp_next(&y->search, arrays, sizes, 3);
    for (uint32_t c = y->trie[y->at[i]].child; c != COR_NONE; c = y->trie[c].sibling)
        y->ban[y->trie[c].arc] = y->search;
    y->heap = (iheap){y->heap.a, y->heap.pos, 0, y->key, y->h};
    uint32_t s0 = g->tail[P->arcs[i]];
    uint32_t first = i ? s0 : g->node_first_state[y->from], last = i ? s0 + 1 : g->node_first_state[y->from + 1];
    for (uint32_t s = first; s < last; s++) {
        double w = i ? root_w : f->term_w[s];
        if (y->h[s] == INFINITY || !(w + y->h[s] < bound))
            continue;
        y->seen[s] = y->search;
        y->gw[s] = w;
        y->key[s] = w + y->h[s];
        y->pred[s] = COR_NONE;
        y->heap.pos[s] = 0;
        ih_update(&y->heap, s);
    }
    while (y->heap.n) {
        if (y->work >= y->max_work)
            return 2;
        y->work++;
        uint32_t u = ih_pop(&y->heap);
        y->done[u] = y->search;
        if (!is_node(g, u, y->from) && min_pos(y, u) > i) {
            *join = u; /* the tree path from u completes the route (see 5.) */
            return 1;
        }
        if (f->zone && f->zone[g->state_node[u]] && !is_node(g, u, y->from))
            continue; /* a zone: never passed through */
        for (uint32_t a = g->first_out[u]; a < g->first_out[u + 1]; a++) {
            uint32_t t = g->head[a];
            if (f->weight[a] == INFINITY || y->h[t] == INFINITY || is_node(g, t, y->from) || y->ban[a] == y->search ||
                pos_of(y, t) < i || y->done[t] == y->search)
                continue;
            double nw = y->gw[u] + f->weight[a];
            if (y->seen[t] == y->search && !(nw < y->gw[t]))
                continue;
            if (!(nw + y->h[t] < bound))
                continue;
            if (y->seen[t] != y->search) {
                y->seen[t] = y->search;
                y->heap.pos[t] = 0;
            }
            y->gw[t] = nw;
            y->key[t] = nw + y->h[t];
            y->pred[t] = a;
            ih_update(&y->heap, t);
        }
    }
    return 0;
}

/* Build candidate c into p: the first c->dev arcs of prefix, the detour,
 * the tree path from the join. */
static int materialise(const yen *y, const uint32_t *prefix, const cand *c, cor_path *p)
{
    const cor_graph *g = y->g;
    uint32_t ntree = 0;
    for (uint32_t s = c->join; y->next[s] != COR_NONE; s = g->head[y->next[s]])
        ntree++;
    uint32_t n = c->dev + c->ndetour + ntree;
    uint32_t *arcs = malloc((n ? n : 1) * sizeof *arcs);
    if (!arcs)
        return -1;
    if (c->dev)
        memcpy(arcs, prefix, c->dev * sizeof *arcs);
    if (c->ndetour)
        memcpy(arcs + c->dev, c->detour, c->ndetour * sizeof *arcs);
    uint32_t k = c->dev + c->ndetour;
    for (uint32_t s = c->join; y->next[s] != COR_NONE; s = g->head[y->next[s]])
        arcs[k++] = y->next[s];
    p->arcs = arcs;
    p->narcs = p->cap = n;
    p->weight = c->w;
    p->from_node = y->from;
    p->to_node = y->to;
    return 0;
}

/* Add P (accepted) to the trie; y->at[j] = the node of P's first j arcs. */
static int trie_add(yen *y, const cor_path *P)
{
    if (grow((void **)&y->at, &y->at_cap, (size_t)P->narcs + 1, sizeof *y->at) != 0 ||
        grow((void **)&y->trie, &y->trie_cap, y->ntrie + P->narcs + 1, sizeof *y->trie) != 0)
        return -1;
    if (y->ntrie == 0)
        y->trie[y->ntrie++] = (tnode){COR_NONE, COR_NONE, COR_NONE};
    uint32_t t = 0;
    y->at[0] = 0;
    for (uint32_t j = 0; j < P->narcs; j++) {
        uint32_t c = y->trie[t].child;
        while (c != COR_NONE && y->trie[c].arc != P->arcs[j])
            c = y->trie[c].sibling;
        if (c == COR_NONE) {
            c = (uint32_t)y->ntrie++;
            y->trie[c] = (tnode){P->arcs[j], COR_NONE, y->trie[t].child};
            y->trie[t].child = c;
        }
        t = c;
        y->at[j + 1] = t;
    }
    return 0;
}

/* Keep the spur result of route `parent` at arc `dev` if it is among the
 * `room` best candidates.  0, or -1 out of memory. */
static int keep_candidate(yen *y, uint32_t parent, uint32_t dev, uint32_t join, uint32_t room)
{
    const cor_graph *g = y->g;
    double w = y->gw[join] + y->h[join];
    uint32_t slot = y->ncand;
    if (y->ncand == room) { /* full: replace the worst (the caller's bound makes w lighter) */
        slot = 0;
        for (uint32_t j = 1; j < y->ncand; j++)
            if (y->cands[j].w > y->cands[slot].w)
                slot = j;
    }
    uint32_t n = 0;
    for (uint32_t s = join; y->pred[s] != COR_NONE; s = g->tail[y->pred[s]])
        n++;
    uint32_t *detour = malloc((n ? n : 1) * sizeof *detour);
    if (!detour)
        return -1;
    uint32_t k = n;
    for (uint32_t s = join; y->pred[s] != COR_NONE; s = g->tail[y->pred[s]])
        detour[--k] = y->pred[s];
    if (slot < y->ncand)
        free(y->cands[slot].detour);
    else
        y->ncand++;
    y->cands[slot] = (cand){w, parent, dev, join, n, detour};
    return 0;
}

/* Drop the routes of the set that pass a place twice (cor_path_repeated_node),
 * keeping the order of the rest; returns how many were dropped, or -1 if out
 * of memory. */
static long drop_loops(const cor_filter *f, cor_path_set *s)
{
    uint32_t w = 0;
    long dropped = 0;
    for (uint32_t i = 0; i < s->n; i++) {
        int r = cor_path_repeated_node(f, &s->paths[i], NULL);
        if (r < 0)
            return -1;
        if (r) {
            cor_path_destroy(&s->paths[i]);
            dropped++;
            continue;
        }
        if (w != i) {
            s->paths[w] = s->paths[i];
            memset(&s->paths[i], 0, sizeof s->paths[i]);
        }
        w++;
    }
    s->n = w;
    return dropped;
}

static cor_status k_shortest_states(const cor_filter *f, const cor_query *q, uint32_t from, uint32_t to, uint32_t k,
                                    const cor_budget *b, cor_path_set *out, cor_diag *d);

/* The K best loop-free routes are the first K loop-free ones among the K'
 * best routes that pass no state twice, for any K' large enough: ask for
 * K' = K, 2K, 4K, ... (at most COR_MAX_ALTERNATIVES * 8) until K loop-free
 * routes remain or fewer than K' routes exist. */
cor_status cor_k_shortest(const cor_filter *f, const cor_query *q, uint32_t from, uint32_t to, uint32_t k,
                          const cor_budget *b, cor_path_set *out, cor_diag *d)
{
    if (k < 1 || k > COR_MAX_ALTERNATIVES)
        return cor_diag_add(d, COR_ELIMIT, NULL, 0, 0, "--alternatives: K must be between 1 and %u",
                            COR_MAX_ALTERNATIVES);
    for (uint32_t kk = k;; kk *= 2) {
        cor_path_set_destroy(out);
        cor_path_set_init(out);
        cor_status st = k_shortest_states(f, q, from, to, kk, b, out, d);
        if (st != COR_OK)
            return st;
        uint32_t got = out->n;
        long dropped = drop_loops(f, out);
        if (dropped < 0)
            return oom(d);
        if (out->n >= k || got < kk || out->truncated || kk >= COR_MAX_ALTERNATIVES * 8) {
            for (uint32_t i = k; i < out->n; i++)
                cor_path_destroy(&out->paths[i]);
            if (out->n > k)
                out->n = k;
            if (out->n == 0 && out->truncated) /* the budget ran out among routes that loop */
                return cor_diag_add(d, COR_ELIMIT, NULL, 0, 0,
                                    "--alternatives: the budget of %llu states settled ran out before a route "
                                    "that passes no place twice; raise it with --max-work",
                                    (unsigned long long)(b && b->max_work ? b->max_work : COR_DEFAULT_MAX_WORK));
            if (out->n == 0)
                return dropped ? cor_diag_add(d, COR_ENOROUTE, NULL, 0, 0,
                                              "--alternatives: every route passes a place twice")
                               : COR_ENOROUTE;
            return COR_OK;
        }
    }
}

static cor_status k_shortest_states(const cor_filter *f, const cor_query *q, uint32_t from, uint32_t to, uint32_t k,
                                    const cor_budget *b, cor_path_set *out, cor_diag *d)
{
    const cor_graph *g = f->g;
    if (q->nvia)
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "--alternatives does not take --via");
    if (from >= g->nnodes || to >= g->nnodes || from == to)
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "origin and destination must be two places");
    {
        char why[COR_DIAG_TEXT / 2];
        if (cor_filter_node_problem(f, from, why, sizeof why))
            return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "the origin %s is %s", cor_network_node(g->net, from)->name,
                                why);
        if (cor_filter_node_problem(f, to, why, sizeof why))
            return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "the destination %s is %s",
                                cor_network_node(g->net, to)->name, why);
    }
    uint32_t ns = g->nstates ? g->nstates : 1, na = g->narcs ? g->narcs : 1;
    yen y;
    memset(&y, 0, sizeof y);
    y.f = f;
    y.g = g;
    y.from = from;
    y.to = to;
    y.max_work = b && b->max_work ? b->max_work : COR_DEFAULT_MAX_WORK;
    out->truncated = 0;
    out->limit_name = NULL;
    out->limit = 0;
    out->complete_hours = INFINITY;
    out->epsilon = 0;
    cor_status st = COR_OK;
    y.h = malloc(ns * sizeof *y.h);
    y.gw = malloc(ns * sizeof *y.gw);
    y.key = malloc(ns * sizeof *y.key);
    y.heap.a = malloc(ns * sizeof *y.heap.a);
    y.heap.pos = malloc(ns * sizeof *y.heap.pos);
    y.next = malloc(ns * sizeof *y.next);
    y.pred = malloc(ns * sizeof *y.pred);
    y.seen = calloc(ns, sizeof *y.seen);
    y.done = calloc(ns, sizeof *y.done);
    y.ban = calloc(na, sizeof *y.ban);
    y.pos = malloc(ns * sizeof *y.pos);
    y.pstamp = calloc(ns, sizeof *y.pstamp);
    y.minpos = malloc(ns * sizeof *y.minpos);
    y.mstamp = calloc(ns, sizeof *y.mstamp);
    y.stack = malloc(ns * sizeof *y.stack);
    y.devs = malloc(k * sizeof *y.devs);
    y.cands = malloc(k * sizeof *y.cands);
    if (!y.h || !y.gw || !y.key || !y.heap.a || !y.heap.pos || !y.next || !y.pred || !y.seen || !y.done || !y.ban || !y.pos || !y.pstamp || !y.minpos ||
        !y.mstamp || !y.stack || !y.devs || !y.cands) {
        st = oom(d);
        goto done;
    }
    int rc = reverse_tree(&y);
    if (rc < 0) {
        st = oom(d);
        goto done;
    }
    if (rc > 0) {
        st = cor_diag_add(d, COR_ELIMIT, NULL, 0, 0,
                          "--alternatives: the budget of %llu states settled ran out before the first route; "
                          "raise it with --max-work",
                          (unsigned long long)y.max_work);
        goto done;
    }
    /* the best route: the best origin state, then the tree */
    {
        uint32_t best = COR_NONE;
        double bw = INFINITY;
        for (uint32_t s = g->node_first_state[from]; s < g->node_first_state[from + 1]; s++)
            if (f->term_w[s] + y.h[s] < bw) {
                bw = f->term_w[s] + y.h[s];
                best = s;
            }
        if (best == COR_NONE) {
            st = COR_ENOROUTE;
            goto done;
        }
        cand c0 = {bw, 0, 0, best, 0, NULL}; /* no prefix, no detour, the tree from best */
        cor_path *p = set_push(out);
        if (!p || materialise(&y, NULL, &c0, p) != 0) {
            st = oom(d);
            goto done;
        }
        y.devs[0] = 0;
    }
    while (out->n < k) {
        uint32_t pi = out->n - 1;
        const cor_path *P = &out->paths[pi];
        if (trie_add(&y, P) != 0) {
            st = oom(d);
            goto done;
        }
        uint32_t *arrays[2] = {y.pstamp, y.mstamp};
        size_t sizes[2] = {g->nstates, g->nstates};
        stamp_next(&y.path, arrays, sizes, 2);
        for (uint32_t j = 0; j <= P->narcs; j++) {
            uint32_t s = j < P->narcs ? g->tail[P->arcs[j]] : g->head[P->arcs[j - 1]];
            y.pstamp[s] = y.path;
            y.pos[s] = j;
        }
        uint32_t dev = y.devs[pi], room = k - out->n;
        double root_w = f->term_w[g->tail[P->arcs[0]]]; /* the route's weight up to arc i */
        for (uint32_t j = 0; j < dev; j++)
            root_w += f->weight[P->arcs[j]];
        for (uint32_t i = dev; i < P->narcs; i++) {
            double bound = y.ncand == room ? y.cands[0].w : INFINITY;
            for (uint32_t j = 1; j < y.ncand && y.ncand == room; j++)
                bound = y.cands[j].w > bound ? y.cands[j].w : bound;
            uint32_t join = COR_NONE;
            rc = spur(&y, P, i, root_w, bound, &join);
            if (rc == 2) {
                out->truncated = 1;
                out->limit_name = "max_work";
                out->limit = y.max_work;
                goto done;
            }
            if (rc == 1 && keep_candidate(&y, pi, i, join, room) != 0) {
                st = oom(d);
                goto done;
            }
            root_w += f->weight[P->arcs[i]];
        }
        if (y.ncand == 0)
            break;
        uint32_t best = 0;
        for (uint32_t j = 1; j < y.ncand; j++)
            if (y.cands[j].w < y.cands[best].w)
                best = j;
        cor_path *p = set_push(out);
        if (!p) {
            st = oom(d);
            goto done;
        }
        if (materialise(&y, out->paths[y.cands[best].parent].arcs, &y.cands[best], p) != 0) {
            out->n--;
            st = oom(d);
            goto done;
        }
        y.devs[out->n - 1] = y.cands[best].dev;
        free(y.cands[best].detour);
        y.cands[best] = y.cands[--y.ncand];
    }
done:
    out->work = y.work;
    for (uint32_t j = 0; j < y.ncand; j++)
        free(y.cands[j].detour);
    free(y.h);
    free(y.gw);
    free(y.next);
    free(y.pred);
    free(y.seen);
    free(y.done);
    free(y.ban);
    free(y.pos);
    free(y.pstamp);
    free(y.minpos);
    free(y.mstamp);
    free(y.stack);
    free(y.devs);
    free(y.cands);
    free(y.trie);
    free(y.at);
    free(y.heap.a);
    free(y.heap.pos);
    free(y.key);
    return st;
}
