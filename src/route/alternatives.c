/*
 * alternatives.c -- Pareto label setting and Yen's k shortest loopless
 * paths.  See corridor/alternatives.h.
 */
#include "corridor/alternatives.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "../core/alloc.h" /* last: maps malloc & co. to the counted wrappers */

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

/* ---- a binary heap of (key, id) with lazy deletion ------------------ */

typedef struct hent {
    double k[3];
    uint32_t id;
} hent;

typedef struct heap {
    hent *a;
    size_t n, cap;
    int dims;
} heap;

static int hless(const heap *h, const hent *x, const hent *y)
{
    for (int i = 0; i < h->dims; i++) {
        if (x->k[i] < y->k[i])
            return 1;
        if (x->k[i] > y->k[i])
            return 0;
    }
    return x->id < y->id;
}

static int hpush(heap *h, hent e)
{
    if (h->n == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 256;
        hent *na = realloc(h->a, cap * sizeof *na);
        if (!na)
            return -1;
        h->a = na;
        h->cap = cap;
    }
    size_t i = h->n++;
    while (i > 0 && hless(h, &e, &h->a[(i - 1) / 2])) {
        h->a[i] = h->a[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    h->a[i] = e;
    return 0;
}

static hent hpop(heap *h)
{
    hent top = h->a[0], last = h->a[--h->n];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= h->n)
            break;
        if (c + 1 < h->n && hless(h, &h->a[c + 1], &h->a[c]))
            c++;
        if (!hless(h, &h->a[c], &last))
            break;
        h->a[i] = h->a[c];
        i = c;
    }
    if (h->n)
        h->a[i] = last;
    return top;
}

/* ---- Pareto --------------------------------------------------------- */

typedef struct label {
    double c[3];
    uint32_t state, pred, arc; /* pred label, arc into state; COR_NONE at a source */
    uint32_t next;             /* next label at the same state */
    uint8_t alive, permanent;
} label;

#define EPS 1e-9

static int dominates(const double *a, const double *b)
{
    int strict = 0;
    for (int i = 0; i < 3; i++) {
        if (a[i] > b[i] + EPS * (1 + fabs(b[i])))
            return 0;
        if (a[i] < b[i] - EPS * (1 + fabs(b[i])))
            strict = 1;
    }
    return strict;
}

static int same(const double *a, const double *b)
{
    for (int i = 0; i < 3; i++)
        if (fabs(a[i] - b[i]) > EPS * (1 + fabs(b[i])))
            return 0;
    return 1;
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

static int cmp_paths(const void *a, const void *b, const double *ka, const double *kb)
{
    (void)a;
    (void)b;
    for (int i = 0; i < 3; i++) {
        if (ka[i] < kb[i])
            return -1;
        if (ka[i] > kb[i])
            return 1;
    }
    return 0;
}

cor_status cor_pareto(const cor_filter *f, const cor_query *q, uint32_t from, uint32_t to, const cor_budget *b,
                      cor_path_set *out, cor_diag *d)
{
    uint64_t max_labels = b && b->max_labels ? b->max_labels : COR_DEFAULT_MAX_LABELS;
    const cor_graph *g = f->g;
    if (q->nvia)
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "--pareto does not take --via");
    if (from >= g->nnodes || to >= g->nnodes || from == to)
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "origin and destination must be two places");
    if (!f->node_ok[from] || !f->node_ok[to])
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "--avoid: the origin and destination cannot be avoided");
    uint32_t *head = malloc((g->nstates ? g->nstates : 1) * sizeof *head);
    size_t cap = 1024, n = 0;
    label *L = malloc(cap * sizeof *L);
    heap h = {NULL, 0, 0, 3};
    cor_status st = COR_OK;
    if (!head || !L) {
        st = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    for (uint32_t s = 0; s < g->nstates; s++)
        head[s] = COR_NONE;
    for (uint32_t s = g->node_first_state[from]; s < g->node_first_state[from + 1]; s++) {
        label *x = &L[n];
        memset(x, 0, sizeof *x);
        x->c[0] = g->term_hours[s]; /* terminal handling at the origin */
        x->c[1] = g->term_usd[s];
        x->c[2] = g->term_co2e_kg[s];
        x->state = s;
        x->pred = x->arc = COR_NONE;
        x->alive = 1;
        x->next = head[s];
        head[s] = (uint32_t)n;
        if (hpush(&h, (hent){{x->c[0], x->c[1], x->c[2]}, (uint32_t)n}) != 0) {
            st = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
            goto done;
        }
        n++;
    }
    while (h.n) {
        hent e = hpop(&h);
        label *x = &L[e.id];
        if (!x->alive || x->permanent)
            continue;
        x->permanent = 1;
        uint32_t s = x->state;
        if (g->state_node[s] == to)
            continue; /* a route ends at the destination */
        for (uint32_t a = g->first_out[s]; a < g->first_out[s + 1]; a++) {
            if (f->weight[a] == INFINITY)
                continue;
            uint32_t t = g->head[a];
            if (g->state_node[t] == from)
                continue; /* never back through the origin */
            const double *cr = &f->crit[4 * (size_t)a];
            double c[3] = {L[e.id].c[0] + cr[0], L[e.id].c[1] + cr[1], L[e.id].c[2] + cr[2]};
            int drop = 0;
            for (uint32_t y = head[t]; y != COR_NONE && !drop; y = L[y].next)
                if (L[y].alive && (dominates(L[y].c, c) || same(L[y].c, c)))
                    drop = 1;
            if (drop)
                continue;
            for (uint32_t y = head[t]; y != COR_NONE; y = L[y].next)
                if (L[y].alive && !L[y].permanent && dominates(c, L[y].c))
                    L[y].alive = 0;
            if (n >= max_labels) {
                st = cor_diag_add(d, COR_ELIMIT, NULL, 0, 0,
                                  "--pareto: more than %llu labels; narrow the query (--modes, --avoid) or raise the limit",
                                  (unsigned long long)max_labels);
                goto done;
            }
            if (n == cap) {
                cap *= 2;
                label *nl = realloc(L, cap * sizeof *nl);
                if (!nl) {
                    st = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
                    goto done;
                }
                L = nl;
            }
            label *y = &L[n];
            memset(y, 0, sizeof *y);
            memcpy(y->c, c, sizeof c);
            y->state = t;
            y->pred = e.id;
            y->arc = a;
            y->alive = 1;
            y->next = head[t];
            head[t] = (uint32_t)n;
            if (hpush(&h, (hent){{c[0], c[1], c[2]}, (uint32_t)n}) != 0) {
                st = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
                goto done;
            }
            n++;
        }
    }
    /* the permanent labels at the destination's states, with the terminal
     * handling at the end added, filtered across states, sorted */
    for (uint32_t s = g->node_first_state[to]; s < g->node_first_state[to + 1]; s++)
        for (uint32_t y = head[s]; y != COR_NONE; y = L[y].next) {
            L[y].c[0] += g->term_hours[s];
            L[y].c[1] += g->term_usd[s];
            L[y].c[2] += g->term_co2e_kg[s];
        }
    {
        uint32_t cnt = 0;
        for (uint32_t s = g->node_first_state[to]; s < g->node_first_state[to + 1]; s++)
            for (uint32_t y = head[s]; y != COR_NONE; y = L[y].next)
                cnt += L[y].alive;
        uint32_t *keep = malloc((cnt ? cnt : 1) * sizeof *keep), nk = 0;
        if (!keep) {
            st = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
            goto done;
        }
        for (uint32_t s = g->node_first_state[to]; s < g->node_first_state[to + 1]; s++)
            for (uint32_t y = head[s]; y != COR_NONE; y = L[y].next) {
                if (!L[y].alive)
                    continue;
                int dom = 0;
                for (uint32_t s2 = g->node_first_state[to]; s2 < g->node_first_state[to + 1] && !dom; s2++)
                    for (uint32_t z = head[s2]; z != COR_NONE && !dom; z = L[z].next)
                        if (z != y && L[z].alive && (dominates(L[z].c, L[y].c) || (same(L[z].c, L[y].c) && z < y)))
                            dom = 1;
                if (!dom)
                    keep[nk++] = y;
            }
        /* insertion sort by (hours, usd, co2e): the sets are small */
        for (uint32_t i = 1; i < nk; i++)
            for (uint32_t j = i; j > 0 && cmp_paths(NULL, NULL, L[keep[j]].c, L[keep[j - 1]].c) < 0; j--) {
                uint32_t t = keep[j];
                keep[j] = keep[j - 1];
                keep[j - 1] = t;
            }
        for (uint32_t i = 0; i < nk && st == COR_OK; i++) {
            cor_path *p = set_push(out);
            const label *y = &L[keep[i]];
            double w = cor_weight(q, y->c[0], y->c[1], y->c[2], 0);
            if (q->by == COR_BY_DISTANCE) {
                w = 0;
                for (uint32_t x = keep[i]; L[x].pred != COR_NONE; x = L[x].pred)
                    w += f->crit[4 * (size_t)L[x].arc + 3];
            }
            if (!p || build_path(L, keep[i], p, from, to, w) != 0)
                st = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
        }
        free(keep);
        if (st == COR_OK && out->n == 0)
            st = COR_ENOROUTE;
    }
done:
    free(head);
    free(L);
    free(h.a);
    return st;
}

/* ---- Yen ------------------------------------------------------------ */

/* Dijkstra from a set of source states to any state of node `to`, with
 * banned arcs and states.  Fills arcs (spur path) and returns its weight,
 * INFINITY if none, NAN on allocation failure. */
static double spur_search(const cor_filter *f, const uint32_t *src, uint32_t nsrc, int origin_terms, uint32_t from, uint32_t to,
                          const uint8_t *ban_arc, const uint8_t *ban_state, uint32_t **arcs, uint32_t *narcs)
{
    const cor_graph *g = f->g;
    uint32_t ns = g->nstates;
    double *dist = malloc(ns * sizeof *dist);
    uint32_t *pred = malloc(ns * sizeof *pred);
    uint8_t *done = calloc(ns, 1);
    heap h = {NULL, 0, 0, 1};
    double res = INFINITY;
    if (!dist || !pred || !done)
        goto fail;
    for (uint32_t s = 0; s < ns; s++) {
        dist[s] = INFINITY;
        pred[s] = COR_NONE;
    }
    for (uint32_t i = 0; i < nsrc; i++) {
        double w0 = origin_terms ? f->term_w[src[i]] : 0;
        dist[src[i]] = w0;
        if (hpush(&h, (hent){{w0, 0, 0}, src[i]}) != 0)
            goto fail;
    }
    uint32_t target = COR_NONE;
    double best = INFINITY;
    while (h.n) {
        hent e = hpop(&h);
        uint32_t s = e.id;
        if (done[s] || e.k[0] > dist[s])
            continue;
        if (dist[s] >= best)
            break;
        done[s] = 1;
        if (g->state_node[s] == to) {
            if (dist[s] + f->term_w[s] < best) {
                best = dist[s] + f->term_w[s];
                target = s;
            }
            continue;
        }
        for (uint32_t a = g->first_out[s]; a < g->first_out[s + 1]; a++) {
            uint32_t t = g->head[a];
            if (f->weight[a] == INFINITY || ban_arc[a] || ban_state[t] || (origin_terms && g->state_node[t] == from))
                continue;
            double nd = dist[s] + f->weight[a];
            if (nd < dist[t]) {
                dist[t] = nd;
                pred[t] = a;
                if (hpush(&h, (hent){{nd, 0, 0}, t}) != 0)
                    goto fail;
            }
        }
    }
    if (target != COR_NONE) {
        uint32_t n = 0;
        for (uint32_t s = target; pred[s] != COR_NONE; s = g->tail[pred[s]])
            n++;
        uint32_t *a = malloc((n ? n : 1) * sizeof *a);
        if (!a)
            goto fail;
        uint32_t i = n;
        for (uint32_t s = target; pred[s] != COR_NONE; s = g->tail[pred[s]])
            a[--i] = pred[s];
        *arcs = a;
        *narcs = n;
        res = best;
    }
    free(dist);
    free(pred);
    free(done);
    free(h.a);
    return res;
fail:
    free(dist);
    free(pred);
    free(done);
    free(h.a);
    return NAN;
}

static int same_arcs(const uint32_t *a, uint32_t na, const uint32_t *b, uint32_t nb)
{
    return na == nb && (na == 0 || memcmp(a, b, na * sizeof *a) == 0);
}

cor_status cor_k_shortest(const cor_filter *f, const cor_query *q, uint32_t from, uint32_t to, uint32_t k,
                          const cor_budget *b, cor_path_set *out, cor_diag *d)
{
    (void)b;
    const cor_graph *g = f->g;
    if (q->nvia)
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "--alternatives does not take --via");
    if (k < 1 || k > COR_MAX_ALTERNATIVES)
        return cor_diag_add(d, COR_ELIMIT, NULL, 0, 0, "--alternatives: K must be between 1 and %u",
                            COR_MAX_ALTERNATIVES);
    if (from >= g->nnodes || to >= g->nnodes || from == to)
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "origin and destination must be two places");
    if (!f->node_ok[from] || !f->node_ok[to])
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "--avoid: the origin and destination cannot be avoided");
    uint8_t *ban_arc = calloc(g->narcs ? g->narcs : 1, 1), *ban_state = calloc(g->nstates ? g->nstates : 1, 1);
    cor_path_set B; /* candidates */
    cor_path_set_init(&B);
    uint32_t *src = malloc((g->nstates ? g->nstates : 1) * sizeof *src);
    cor_status st = COR_OK;
    if (!ban_arc || !ban_state || !src) {
        st = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    uint32_t nsrc = 0;
    for (uint32_t s = g->node_first_state[from]; s < g->node_first_state[from + 1]; s++)
        src[nsrc++] = s;
    {
        uint32_t *arcs = NULL, na = 0;
        double w = spur_search(f, src, nsrc, 1, from, to, ban_arc, ban_state, &arcs, &na);
        if (isnan(w)) {
            st = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
            goto done;
        }
        if (w == INFINITY) {
            st = COR_ENOROUTE;
            goto done;
        }
        cor_path *p = set_push(out);
        if (!p) {
            free(arcs);
            st = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
            goto done;
        }
        p->arcs = arcs;
        p->narcs = p->cap = na;
        p->weight = w;
        p->from_node = from;
        p->to_node = to;
    }
    while (out->n < k) {
        const cor_path *last = &out->paths[out->n - 1];
        for (uint32_t i = 0; i < last->narcs; i++) {
            /* spur at the tail state of arc i; root = arcs[0..i) */
            uint32_t spur = g->tail[last->arcs[i]];
            memset(ban_arc, 0, g->narcs);
            memset(ban_state, 0, g->nstates);
            for (uint32_t s = g->node_first_state[from]; s < g->node_first_state[from + 1]; s++)
                if (i > 0 || s != spur)
                    ban_state[s] = 1;
            double root_w = i > 0 ? f->term_w[g->tail[last->arcs[0]]] : 0; /* origin handling */
            for (uint32_t r = 0; r < i; r++) {
                ban_state[g->tail[last->arcs[r]]] = 1;
                root_w += f->weight[last->arcs[r]];
            }
            ban_state[spur] = 0;
            for (uint32_t p = 0; p < out->n; p++) {
                const cor_path *pp = &out->paths[p];
                if (pp->narcs > i && same_arcs(pp->arcs, i, last->arcs, i))
                    ban_arc[pp->arcs[i]] = 1;
            }
            uint32_t *spur_arcs = NULL, nsp = 0;
            uint32_t one[1] = {spur};
            const uint32_t *sources = one;
            uint32_t nsources = 1;
            if (i == 0) { /* the whole origin is the spur */
                sources = src;
                nsources = nsrc;
                for (uint32_t s = 0; s < nsrc; s++)
                    ban_state[src[s]] = 0;
                /* ban first arcs of all accepted paths */
                for (uint32_t p = 0; p < out->n; p++)
                    if (out->paths[p].narcs)
                        ban_arc[out->paths[p].arcs[0]] = 1;
            }
            double w = spur_search(f, sources, nsources, i == 0, from, to, ban_arc, ban_state, &spur_arcs, &nsp);
            if (isnan(w)) {
                st = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
                goto done;
            }
            if (w == INFINITY)
                continue;
            /* candidate = root + spur */
            uint32_t total = i + nsp;
            uint32_t *cand = malloc((total ? total : 1) * sizeof *cand);
            if (!cand) {
                free(spur_arcs);
                st = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
                goto done;
            }
            memcpy(cand, last->arcs, i * sizeof *cand);
            memcpy(cand + i, spur_arcs, nsp * sizeof *cand);
            free(spur_arcs);
            int dupl = 0;
            for (uint32_t p = 0; p < out->n && !dupl; p++)
                dupl = same_arcs(out->paths[p].arcs, out->paths[p].narcs, cand, total);
            for (uint32_t p = 0; p < B.n && !dupl; p++)
                dupl = same_arcs(B.paths[p].arcs, B.paths[p].narcs, cand, total);
            if (dupl) {
                free(cand);
                continue;
            }
            cor_path *np = set_push(&B);
            if (!np) {
                free(cand);
                st = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
                goto done;
            }
            np->arcs = cand;
            np->narcs = np->cap = total;
            np->weight = root_w + w;
            np->from_node = from;
            np->to_node = to;
        }
        if (B.n == 0)
            break;
        /* move the cheapest candidate (first on ties) to the output */
        uint32_t best = 0;
        for (uint32_t p = 1; p < B.n; p++)
            if (B.paths[p].weight < B.paths[best].weight)
                best = p;
        cor_path *p = set_push(out);
        if (!p) {
            st = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
            goto done;
        }
        *p = B.paths[best];
        B.paths[best] = B.paths[--B.n];
    }
done:
    cor_path_set_destroy(&B);
    free(ban_arc);
    free(ban_state);
    free(src);
    return st;
}
