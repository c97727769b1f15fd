/*
 * assign.c -- static traffic assignment (corridor/assign.h): validation,
 * the CSR forward star, shortest-path trees, all-or-nothing loading and
 * the Frank-Wolfe family (FW, conjugate FW, bi-conjugate FW after
 * Mitradjieva & Lindberg 2013) with an exact line search; the path-based
 * gradient projection is in gp.c.
 *
 * Data model: demand rows are grouped by (class, origin) so that one
 * shortest-path tree per group loads all of its destinations, by pushing
 * node loads back along the tree in reverse settle order (O(nodes settled)
 * per group, not O(path length) per row).  Class flows x[k*m + a] sum to
 * the link flows v[a].
 *
 * Multi-class: class k sees tw_k * t_a(v) + mw_k * fixed_a.  Dividing by
 * tw_k (> 0) does not change a class's choices, so the equilibrium solves
 *     min  sum_a integral_0^{v_a} t_a  +  sum_k (mw_k / tw_k) sum_a fixed_a x_ka,
 * a convex problem whose directional derivative drives the line search.
 * The line search is exact: a safeguarded Newton/bisection on that
 * derivative over [0, 1] (links whose derivative is 0, such as power-0 or
 * alpha-0 links, simply add nothing to the Newton slope; with a zero slope
 * the step bisects).
 *
 * Complexity per iteration: one tree per (class, origin) group, each
 * O(m + n log n), plus O(classes * m) for the direction and O(m) per line
 * search evaluation.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "assign_int.h"
#include "../core/alloc.h"

static const char *const algo_names[] = {"aon", "fw", "cfw", "bfw", "bush", "gp"};

const char *cor_assign_algo_name(cor_assign_algo a)
{
    return (unsigned)a < sizeof algo_names / sizeof algo_names[0] ? algo_names[a] : "?";
}

int cor_assign_algo_parse(const char *s, cor_assign_algo *a)
{
    for (unsigned i = 0; i < sizeof algo_names / sizeof algo_names[0]; i++)
        if (strcmp(s, algo_names[i]) == 0) {
            *a = (cor_assign_algo)i;
            return 0;
        }
    return -1;
}

double asg_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

double asg_integral(const asg *A, uint32_t a, double v)
{
    double t0 = A->t0[a], c = A->cap[a];
    switch (A->vdf[a]) {
    case COR_VDF_CONICAL: {
        /* t0 * integral_0^v (2 - b + sqrt(al^2 (1-s/c)^2 + b^2) - al (1 - s/c)) ds */
        double al = A->alpha[a], b = (2 * al - 1) / (2 * al - 2);
        double u0 = al, u1 = al * (1 - v / c);
#define PRIM(u) (0.5 * (u) * sqrt((u) * (u) + b * b) + 0.5 * b * b * log((u) + sqrt((u) * (u) + b * b)))
        double sq = (c / al) * (PRIM(u0) - PRIM(u1));
#undef PRIM
        double lin = -al * (v - v * v / (2 * c));
        return t0 * ((2 - b) * v + sq + lin);
    }
    case COR_VDF_HARD: {
        double x = v / c;
        return x <= 1 ? t0 * v : t0 * v + ASG_HARD_SLOPE * fmax(t0, 1) * c * (x - 1) * (x - 1) / 2;
    }
    default: {
        double al = A->alpha[a], be = A->beta[a];
        if (al == 0 || be == 0 || t0 == 0) /* constant (capacity may be 0 then) */
            return t0 * (1 + al) * v;
        return t0 * v + t0 * al * c / (be + 1) * asg_bpr_pow(v / c, be + 1);
    }
    }
}

/* ---- shortest-path trees ------------------------------------------------ */

static void heap_up(asg *A, uint32_t i)
{
    uint32_t *h = A->heap, u = h[i];
    double du = A->dist[u];
    while (i > 0) {
        uint32_t p = (i - 1) / 2;
        if (A->dist[h[p]] <= du)
            break;
        h[i] = h[p];
        A->hpos[h[i]] = i;
        i = p;
    }
    h[i] = u;
    A->hpos[u] = i;
}

static uint32_t heap_pop(asg *A)
{
    uint32_t *h = A->heap, top = h[0], u = h[--A->hn], i = 0, n = A->hn;
    double du = A->dist[u];
    A->hpos[top] = UINT32_MAX;
    if (n == 0)
        return top;
    for (;;) {
        uint32_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && A->dist[h[c + 1]] < A->dist[h[c]])
            c++;
        if (A->dist[h[c]] >= du)
            break;
        h[i] = h[c];
        A->hpos[h[i]] = i;
        i = c;
    }
    h[i] = u;
    A->hpos[u] = i;
    return top;
}

void asg_tree_load(asg *A, uint32_t orig, double *x)
{
    for (uint32_t i = A->nsettled; i-- > 1;) { /* settled order backwards: each node after all beyond it */
        uint32_t u = A->order[i];
        double l = A->load[u];
        if (l == 0)
            continue;
        uint32_t a = A->pred[u];
        x[a] += l;
        A->load[A->net->from[a]] += l;
        A->load[u] = 0;
    }
    A->load[orig] = 0;
}

void asg_tree(asg *A, uint32_t orig, const double *c)
{
    uint32_t n = A->n;
    for (uint32_t i = 0; i < n; i++) {
        A->dist[i] = INFINITY;
        A->pred[i] = UINT32_MAX;
    }
    A->nsettled = 0;
    A->hn = 0;
    A->dist[orig] = 0;
    A->heap[A->hn++] = orig;
    A->hpos[orig] = 0;
    const uint32_t *to = A->net->to;
    while (A->hn) {
        uint32_t u = heap_pop(A);
        A->order[A->nsettled++] = u;
        if (u < A->first_thru && u != orig)
            continue; /* a zone: a path may end here, not pass through */
        double du = A->dist[u];
        for (uint32_t e = A->first_out[u]; e < A->first_out[u + 1]; e++) {
            uint32_t a = A->arc_link[e], w = to[a];
            double nd = du + c[a];
            if (nd < A->dist[w]) {
                if (A->dist[w] == INFINITY) {
                    A->heap[A->hn] = w;
                    A->hpos[w] = A->hn++;
                }
                A->dist[w] = nd;
                A->pred[w] = a;
                heap_up(A, A->hpos[w]);
            }
        }
    }
}

void asg_class_cost(asg *A, uint32_t k)
{
    double tw = A->tw[k], mw = A->mw[k];
    for (uint32_t a = 0; a < A->m; a++)
        A->cost[a] = tw * A->t[a] + mw * A->fixed[a];
}

static void update_times(asg *A)
{
    for (uint32_t a = 0; a < A->m; a++)
        A->t[a] = asg_time(A, a, A->v[a]);
}

/* All-or-nothing at the current t[] into y[nclasses*m]; returns the
 * shortest-path total cost (generalized).  `count` marks the first call:
 * demand with no path is counted in unroutable and dropped. */
static double aon(asg *A, double *y, int count)
{
    uint32_t m = A->m, cur = UINT32_MAX;
    double sptt = 0;
    memset(y, 0, sizeof *y * (size_t)A->nclasses * m);
    for (uint32_t g = 0; g < A->ngroups; g++) {
        uint32_t k = A->gclass[g], o = A->gorig[g];
        if (k != cur) {
            asg_class_cost(A, k);
            cur = k;
        }
        asg_tree(A, o, A->cost);
        int any = 0;
        for (uint32_t r = A->gfirst[g]; r < A->gfirst[g + 1]; r++) {
            asg_od *q = &A->od[r];
            if (q->vol <= 0)
                continue;
            if (A->dist[q->dest] == INFINITY) {
                if (count)
                    A->unroutable += q->vol;
                q->vol = 0;
                continue;
            }
            A->load[q->dest] += q->vol;
            sptt += q->vol * A->dist[q->dest];
            any = 1;
        }
        if (!any)
            continue;
        asg_tree_load(A, o, y + (size_t)k * m);
    }
    return sptt;
}

static double tstt_now(asg *A)
{
    double s = 0;
    for (uint32_t k = 0; k < A->nclasses; k++) {
        const double *xk = A->x + (size_t)k * A->m;
        for (uint32_t a = 0; a < A->m; a++)
            if (xk[a] != 0)
                s += xk[a] * (A->tw[k] * A->t[a] + A->mw[k] * A->fixed[a]);
    }
    return s;
}

double asg_objective(const asg *A)
{
    double s = 0;
    for (uint32_t a = 0; a < A->m; a++)
        if (A->v[a] != 0)
            s += asg_integral(A, a, A->v[a]);
    for (uint32_t k = 0; k < A->nclasses; k++) {
        double mk = A->mw[k] / A->tw[k];
        const double *xk = A->x + (size_t)k * A->m;
        if (mk != 0)
            for (uint32_t a = 0; a < A->m; a++)
                s += mk * A->fixed[a] * xk[a];
    }
    return s;
}

int asg_report(asg *A, uint32_t iter, double gap, double obj)
{
    double secs = asg_now() - A->start;
    if (A->opts->progress && A->opts->progress(A->opts->ctx, iter, gap, obj, secs))
        return 1;
    if (A->opts->max_seconds > 0 && secs >= A->opts->max_seconds)
        return 1;
    return 0;
}

static void sum_classes(asg *A)
{
    if (A->nclasses == 1)
        return;
    memset(A->v, 0, sizeof *A->v * A->m);
    for (uint32_t k = 0; k < A->nclasses; k++)
        for (uint32_t a = 0; a < A->m; a++)
            A->v[a] += A->x[(size_t)k * A->m + a];
}

/* ---- Frank-Wolfe family ------------------------------------------------- */

/* Exact step along total direction D (class directions dk) in [0, 1]:
 * the root of g(l) = sum_a t_a(v + l D_a) D_a + F. */
static double line_search(asg *A, const double *D, double F)
{
    uint32_t m = A->m;
    double lo = 0, hi = 1, l = 1, g;
#define G_AT(L, G, DG)                                                        \
    do {                                                                      \
        double g_ = F, dg_ = 0;                                               \
        for (uint32_t a = 0; a < m; a++)                                      \
            if (D[a] != 0) {                                                  \
                double w_ = A->v[a] + (L)*D[a];                               \
                if (w_ < 0)                                                   \
                    w_ = 0;                                                   \
                g_ += asg_time(A, a, w_) * D[a];                              \
                dg_ += asg_dtime(A, a, w_) * D[a] * D[a];                     \
            }                                                                 \
        G = g_;                                                               \
        DG = dg_;                                                             \
    } while (0)
    double dg;
    G_AT(1.0, g, dg);
    if (g <= 0)
        return 1;
    double g0, dg0;
    G_AT(0.0, g0, dg0);
    if (g0 >= 0)
        return 0;
    /* Newton from the end with the smaller |g|, safeguarded by the bracket */
    double gl = g0, dgl = dg0;
    l = 0;
    g = gl, dg = dgl;
    for (int it = 0; it < 100 && hi - lo > 1e-15; it++) {
        double nl = dg > 0 ? l - g / dg : -1;
        if (!(nl > lo && nl < hi))
            nl = 0.5 * (lo + hi);
        l = nl;
        G_AT(l, g, dg);
        if (g > 0)
            hi = l;
        else if (g < 0)
            lo = l;
        else
            return l;
        if (fabs(g) <= 1e-13 * fabs(g0))
            break;
    }
#undef G_AT
    return l;
}

/* The FW-family direction's target s[] from the AON y[] and the previous
 * targets s1[], s2[] (nvalid of them valid), conjugate to the previous
 * directions under the diagonal Hessian h[] of the objective at x. */
static void conj_target(asg *A, cor_assign_algo algo, const double *y, const double *s1, const double *s2,
                        uint32_t nvalid, double tau1, double *s, double *h)
{
    uint32_t m = A->m, nc = A->nclasses;
    size_t nm = (size_t)nc * m;
    double b1 = 0, b2 = 0;
    if (algo != COR_ASSIGN_FW && nvalid >= 1) {
        for (uint32_t a = 0; a < m; a++)
            h[a] = asg_dtime(A, a, A->v[a]);
        /* totals of a = y - x, b = s1 - x, c = s2 - x, and d2 = tau1 s1 - x + (1 - tau1) s2 */
        double bHa = 0, bHb = 0, d2Ha = 0, d2Hb = 0, d2Hc = 0, bHc = 0;
        for (uint32_t a = 0; a < m; a++) {
            if (h[a] == 0)
                continue;
            double Y = 0, S1 = 0, S2 = 0, X = A->v[a];
            for (uint32_t k = 0; k < nc; k++) {
                Y += y[(size_t)k * m + a];
                S1 += s1[(size_t)k * m + a];
                if (nvalid >= 2)
                    S2 += s2[(size_t)k * m + a];
            }
            double da = Y - X, db = S1 - X, dc = S2 - X, d2 = tau1 * S1 - X + (1 - tau1) * S2;
            bHa += h[a] * db * da;
            bHb += h[a] * db * db;
            bHc += h[a] * db * dc;
            d2Ha += h[a] * d2 * da;
            d2Hb += h[a] * d2 * db;
            d2Hc += h[a] * d2 * dc;
        }
        int done = 0;
        if (algo == COR_ASSIGN_BFW && nvalid >= 2 && tau1 < 1) {
            /* u^T H (a + b1 (b - a) + b2 (c - a)) = 0 for u = b and u = d2 */
            double a11 = bHb - bHa, a12 = bHc - bHa, r1 = -bHa;
            double a21 = d2Hb - d2Ha, a22 = d2Hc - d2Ha, r2 = -d2Ha;
            double det = a11 * a22 - a12 * a21;
            if (fabs(det) > 1e-300 && isfinite(det)) {
                double x1 = (r1 * a22 - a12 * r2) / det, x2 = (a11 * r2 - a21 * r1) / det;
                if (x1 >= 0 && x2 >= 0 && x1 + x2 <= 0.99999 && isfinite(x1) && isfinite(x2)) {
                    b1 = x1, b2 = x2;
                    done = 1;
                }
            }
        }
        if (!done) { /* conjugate: b^T H (a + b1 (b - a)) = 0 */
            double den = bHb - bHa;
            b1 = den != 0 ? -bHa / den : 0;
            if (!(b1 >= 0))
                b1 = 0;
            if (b1 > 0.99999)
                b1 = 0.99999;
            b2 = 0;
        }
    }
    double b0 = 1 - b1 - b2;
    for (size_t i = 0; i < nm; i++)
        s[i] = b0 * y[i] + (b1 != 0 ? b1 * s1[i] : 0) + (b2 != 0 ? b2 * s2[i] : 0);
}

static cor_status solve_fw(asg *A, uint32_t *iters, double *gap_out, int *converged)
{
    const cor_assign_opts *o = A->opts;
    uint32_t m = A->m, nc = A->nclasses;
    size_t nm = (size_t)nc * m;
    uint32_t maxit = o->max_iter ? o->max_iter : 1000;
    double *y = malloc(sizeof *y * nm), *s = malloc(sizeof *s * nm), *s1 = malloc(sizeof *s1 * nm),
           *s2 = malloc(sizeof *s2 * nm), *D = malloc(sizeof *D * m), *h = malloc(sizeof *h * m);
    cor_status st = COR_OK;
    if (!y || !s || !s1 || !s2 || !D || !h) {
        st = COR_ENOMEM;
        goto out;
    }
    /* start: all-or-nothing at free flow */
    memset(A->v, 0, sizeof *A->v * m);
    update_times(A);
    aon(A, A->x, 1);
    sum_classes(A);
    uint32_t nvalid = 0, it = 0;
    double tau1 = 1, gap = INFINITY;
    *converged = 0;
    for (;;) {
        update_times(A);
        double tstt = tstt_now(A);
        double sptt = aon(A, y, 0);
        gap = tstt > 0 ? (tstt - sptt) / tstt : 0;
        if (gap < 0)
            gap = 0;
        it++;
        if (gap <= o->rel_gap)
            *converged = 1;
        if (asg_report(A, it, gap, asg_objective(A)) || *converged || it >= maxit || o->algo == COR_ASSIGN_AON)
            break;
        conj_target(A, o->algo, y, s1, s2, nvalid, tau1, s, h);
        /* direction d = s - x; F = sum_k m_k fixed . d_k */
        double F = 0;
        memset(D, 0, sizeof *D * m);
        for (uint32_t k = 0; k < nc; k++) {
            double mk = A->mw[k] / A->tw[k];
            for (uint32_t a = 0; a < m; a++) {
                size_t i = (size_t)k * m + a;
                double d = s[i] - A->x[i];
                D[a] += d;
                F += mk * A->fixed[a] * d;
            }
        }
        double lam = line_search(A, D, F);
        if (lam == 0 && nvalid > 0) { /* no descent along the conjugate target: restart from FW */
            nvalid = 0;
            continue;
        }
        for (size_t i = 0; i < nm; i++)
            A->x[i] += lam * (s[i] - A->x[i]);
        sum_classes(A);
        double *tmp = s2;
        s2 = s1;
        s1 = s;
        s = tmp;
        if (nvalid < 2)
            nvalid++;
        tau1 = lam;
        if (lam >= 1) /* a full step: the old directions say nothing any more */
            nvalid = 0;
    }
    *iters = it;
    *gap_out = gap;
out:
    free(y);
    free(s);
    free(s1);
    free(s2);
    free(D);
    free(h);
    return st;
}

/* ---- setup -------------------------------------------------------------- */

static cor_status validate(const cor_anet *net, const cor_ademand *dem, const cor_assign_opts *o, cor_diag *d)
{
    if (!net || !dem || !o)
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "assign: missing network, demand or options");
    if (net->nnodes == 0 || net->nnodes >= UINT32_MAX - 1 || net->nlinks >= UINT32_MAX - 1)
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "assign: %u nodes and %u links are out of range",
                            net->nnodes, net->nlinks);
    if (net->nlinks && (!net->from || !net->to || !net->t0 || !net->cap || !net->alpha || !net->beta))
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "assign: a link array is missing");
    if (net->first_thru > net->nnodes)
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "assign: first_thru %u beyond %u nodes", net->first_thru,
                            net->nnodes);
    if ((unsigned)o->algo > COR_ASSIGN_GP)
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "assign: unknown algorithm %d", (int)o->algo);
    if (!(o->rel_gap >= 0) || !isfinite(o->rel_gap) || !(o->max_seconds >= 0) || !isfinite(o->max_seconds))
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "assign: relative gap and time limit must be >= 0");
    uint32_t nc = dem->nclasses ? dem->nclasses : 1;
    if (nc > COR_ASSIGN_MAX_CLASSES)
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "assign: %u classes, at most %u", nc,
                            COR_ASSIGN_MAX_CLASSES);
    for (uint32_t k = 0; k < nc; k++) {
        const cor_aclass *c = &dem->classes[k];
        if (!(c->time_weight > 0) || !isfinite(c->time_weight) || !(c->money_weight >= 0) ||
            !isfinite(c->money_weight))
            return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0,
                                "assign: class %u needs time_weight > 0 and money_weight >= 0, both finite", k);
    }
    if (dem->nod && (!dem->orig || !dem->dest || !dem->volume))
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "assign: a demand array is missing");
    cor_status st = COR_OK;
    for (uint32_t a = 0; a < net->nlinks && !cor_diag_full(d); a++) {
        if (net->from[a] >= net->nnodes || net->to[a] >= net->nnodes) {
            st = cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "link %u: node index out of range", a);
            continue;
        }
        double t0 = net->t0[a], c = net->cap[a], al = net->alpha[a], be = net->beta[a];
        double fx = net->fixed ? net->fixed[a] : 0;
        unsigned kind = net->vdf ? net->vdf[a] : COR_VDF_BPR;
        const char *why = NULL;
        if (!(t0 >= 0) || !isfinite(t0))
            why = "free-flow time must be a finite number >= 0";
        else if (!(c >= 0) || !isfinite(c))
            why = "capacity must be a finite number >= 0";
        else if (!(al >= 0) || !isfinite(al) || !(be >= 0) || !isfinite(be) || be > 100)
            why = "alpha must be finite >= 0 and beta 0..100";
        else if (!(fx >= 0) || !isfinite(fx))
            why = "fixed cost must be a finite number >= 0";
        else if (kind > COR_VDF_HARD)
            why = "unknown volume-delay function";
        else if (kind == COR_VDF_BPR && al > 0 && be > 0 && t0 > 0 && !(c > 0))
            why = "a congestible BPR link (alpha > 0, power > 0) needs capacity > 0";
        else if (kind == COR_VDF_CONICAL && (!(al > 1) || !(c > 0)))
            why = "a conical link needs alpha > 1 and capacity > 0";
        else if (kind == COR_VDF_HARD && !(c > 0))
            why = "a hard-capacity link needs capacity > 0";
        if (why)
            st = cor_diag_add(d, COR_EDATA, NULL, 0, 0, "link %u: %s", a, why);
    }
    for (uint32_t r = 0; r < dem->nod && !cor_diag_full(d); r++) {
        if (dem->orig[r] >= net->nnodes || dem->dest[r] >= net->nnodes)
            st = cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "demand row %u: node index out of range", r);
        else if (!(dem->volume[r] >= 0) || !isfinite(dem->volume[r]))
            st = cor_diag_add(d, COR_EDATA, NULL, 0, 0, "demand row %u: volume must be a finite number >= 0", r);
        else if (dem->klass && dem->klass[r] >= nc)
            st = cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "demand row %u: class beyond nclasses", r);
    }
    return st;
}

static void asg_free(asg *A)
{
    free(A->first_out);
    free(A->arc_link);
    free(A->t0);
    free(A->cap);
    free(A->alpha);
    free(A->beta);
    free(A->fixed);
    free(A->vdf);
    free(A->gorig);
    free(A->gclass);
    free(A->gfirst);
    free(A->od);
    if (A->x != A->v)
        free(A->x);
    free(A->v);
    free(A->t);
    free(A->cost);
    free(A->dist);
    free(A->pred);
    free(A->order);
    free(A->heap);
    free(A->hpos);
    free(A->load);
}

static cor_status setup(asg *A, const cor_anet *net, const cor_ademand *dem)
{
    uint32_t n = net->nnodes, m = net->nlinks, nc = dem->nclasses ? dem->nclasses : 1;
    A->net = net;
    A->n = n;
    A->m = m;
    A->first_thru = net->first_thru;
    A->nclasses = nc;
    for (uint32_t k = 0; k < nc; k++) {
        A->tw[k] = dem->classes[k].time_weight;
        A->mw[k] = dem->classes[k].money_weight;
    }
    size_t mm = m ? m : 1;
    A->first_out = calloc((size_t)n + 1, sizeof *A->first_out);
    A->arc_link = malloc(sizeof *A->arc_link * mm);
    A->t0 = malloc(sizeof(double) * mm);
    A->cap = malloc(sizeof(double) * mm);
    A->alpha = malloc(sizeof(double) * mm);
    A->beta = malloc(sizeof(double) * mm);
    A->fixed = calloc(mm, sizeof(double));
    A->vdf = calloc(mm, 1);
    A->v = calloc(mm, sizeof(double));
    A->x = nc == 1 ? A->v : calloc((size_t)nc * mm, sizeof(double));
    A->t = malloc(sizeof(double) * mm);
    A->cost = malloc(sizeof(double) * mm);
    A->dist = malloc(sizeof(double) * n);
    A->pred = malloc(sizeof(uint32_t) * n);
    A->order = malloc(sizeof(uint32_t) * n);
    A->heap = malloc(sizeof(uint32_t) * n);
    A->hpos = malloc(sizeof(uint32_t) * n);
    A->load = calloc(n, sizeof(double));
    if (!A->first_out || !A->arc_link || !A->t0 || !A->cap || !A->alpha || !A->beta || !A->fixed || !A->vdf ||
        !A->v || !A->x || !A->t || !A->cost || !A->dist || !A->pred || !A->order || !A->heap || !A->hpos ||
        !A->load)
        return COR_ENOMEM;
    for (uint32_t a = 0; a < m; a++) {
        A->first_out[net->from[a] + 1]++;
        A->t0[a] = net->t0[a];
        A->cap[a] = net->cap[a];
        A->alpha[a] = net->alpha[a];
        A->beta[a] = net->beta[a];
        if (net->fixed)
            A->fixed[a] = net->fixed[a];
        if (net->vdf)
            A->vdf[a] = net->vdf[a];
    }
    for (uint32_t i = 0; i < n; i++)
        A->first_out[i + 1] += A->first_out[i];
    for (uint32_t a = 0; a < m; a++) /* stable: arcs of a node in link order */
        A->arc_link[A->first_out[net->from[a]]++] = a;
    for (uint32_t i = n; i > 0; i--)
        A->first_out[i] = A->first_out[i - 1];
    A->first_out[0] = 0;

    /* demand grouped by (class, origin): counting sort on the key */
    size_t nkeys = (size_t)nc * n;
    uint32_t *cnt = calloc(nkeys + 1, sizeof *cnt);
    if (!cnt)
        return COR_ENOMEM;
    uint32_t kept = 0;
    for (uint32_t r = 0; r < dem->nod; r++) {
        if (dem->orig[r] == dem->dest[r]) {
            A->intrazonal += dem->volume[r];
            continue;
        }
        if (dem->volume[r] <= 0)
            continue;
        uint32_t k = dem->klass ? dem->klass[r] : 0;
        cnt[(size_t)k * n + dem->orig[r] + 1]++;
        kept++;
    }
    uint32_t ng = 0;
    for (size_t i = 0; i < nkeys; i++) {
        if (cnt[i + 1])
            ng++;
        cnt[i + 1] += cnt[i];
    }
    A->nod = kept;
    A->ngroups = ng;
    A->od = malloc(sizeof *A->od * (kept ? kept : 1));
    A->gorig = malloc(sizeof *A->gorig * (ng ? ng : 1));
    A->gclass = malloc(ng ? ng : 1);
    A->gfirst = malloc(sizeof *A->gfirst * ((size_t)ng + 1));
    if (!A->od || !A->gorig || !A->gclass || !A->gfirst) {
        free(cnt);
        return COR_ENOMEM;
    }
    uint32_t g = 0;
    for (size_t i = 0; i < nkeys; i++)
        if (cnt[i + 1] > cnt[i]) {
            A->gorig[g] = (uint32_t)(i % n);
            A->gclass[g] = (uint8_t)(i / n);
            A->gfirst[g] = cnt[i];
            g++;
        }
    A->gfirst[ng] = kept;
    for (uint32_t r = 0; r < dem->nod; r++) {
        if (dem->orig[r] == dem->dest[r] || dem->volume[r] <= 0)
            continue;
        uint32_t k = dem->klass ? dem->klass[r] : 0;
        uint32_t pos = cnt[(size_t)k * n + dem->orig[r]]++;
        A->od[pos].dest = dem->dest[r];
        A->od[pos].vol = dem->volume[r];
    }
    free(cnt);
    return COR_OK;
}

/* Demand with no path, counted once and dropped before a solver runs. */
static void drop_unroutable(asg *A)
{
    uint32_t cur = UINT32_MAX;
    for (uint32_t a = 0; a < A->m; a++)
        A->t[a] = A->t0[a];
    for (uint32_t g = 0; g < A->ngroups; g++) {
        uint32_t k = A->gclass[g];
        if (k != cur) {
            asg_class_cost(A, k);
            cur = k;
        }
        asg_tree(A, A->gorig[g], A->cost);
        for (uint32_t r = A->gfirst[g]; r < A->gfirst[g + 1]; r++)
            if (A->dist[A->od[r].dest] == INFINITY) {
                A->unroutable += A->od[r].vol;
                A->od[r].vol = 0;
            }
    }
}

void cor_assign_result_free(cor_assign_result *r)
{
    if (!r)
        return;
    free(r->flow);
    free(r->class_flow);
    free(r->time);
    free(r->cost);
    memset(r, 0, sizeof *r);
}

cor_status cor_assign(const cor_anet *net, const cor_ademand *dem, const cor_assign_opts *opts,
                      cor_assign_result *res, cor_diag *d)
{
    if (res)
        memset(res, 0, sizeof *res);
    if (!res)
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "assign: missing result");
    cor_status st = validate(net, dem, opts, d);
    if (st != COR_OK)
        return st;
    asg A;
    memset(&A, 0, sizeof A);
    A.opts = opts;
    A.start = asg_now();
    st = setup(&A, net, dem);
    if (st != COR_OK) {
        asg_free(&A);
        return cor_diag_add(d, st, NULL, 0, 0, "assign: out of memory");
    }
    drop_unroutable(&A);
    uint32_t iters = 0;
    double gap = 0;
    int conv = 0;
    if (opts->algo == COR_ASSIGN_BUSH)
        st = asg_bush(&A, &iters, &gap, &conv);
    else if (opts->algo == COR_ASSIGN_GP)
        st = asg_gp(&A, &iters, &gap, &conv);
    else
        st = solve_fw(&A, &iters, &gap, &conv);
    if (st != COR_OK) {
        asg_free(&A);
        return cor_diag_add(d, st, NULL, 0, 0, "assign: out of memory");
    }
    uint32_t m = A.m;
    size_t mm = m ? m : 1;
    res->flow = malloc(sizeof(double) * mm);
    res->time = malloc(sizeof(double) * mm);
    res->cost = malloc(sizeof(double) * mm);
    if (A.nclasses > 1)
        res->class_flow = malloc(sizeof(double) * A.nclasses * mm);
    if (!res->flow || !res->time || !res->cost || (A.nclasses > 1 && !res->class_flow)) {
        cor_assign_result_free(res);
        asg_free(&A);
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "assign: out of memory");
    }
    update_times(&A);
    for (uint32_t a = 0; a < m; a++) {
        res->flow[a] = A.v[a];
        res->time[a] = A.t[a];
        res->cost[a] = A.tw[0] * A.t[a] + A.mw[0] * A.fixed[a];
        if (A.vdf[a] == COR_VDF_HARD && A.v[a] > A.cap[a])
            res->over_hard_cap += A.v[a] - A.cap[a];
    }
    if (A.nclasses > 1)
        memcpy(res->class_flow, A.x, sizeof(double) * A.nclasses * m);
    res->rel_gap = gap;
    res->objective = asg_objective(&A);
    res->tstt = tstt_now(&A);
    res->iterations = iters;
    res->seconds = asg_now() - A.start;
    res->excluded_intrazonal = A.intrazonal;
    res->unroutable = A.unroutable;
    res->converged = conv;
    asg_free(&A);
    return COR_OK;
}

double cor_anet_time(const cor_anet *net, uint32_t a, double v)
{
    /* a one-link view, so that the solver's own asg_time is the only formula */
    double t0 = net->t0[a], cap = net->cap[a], al = net->alpha[a], be = net->beta[a];
    uint8_t vdf = net->vdf ? net->vdf[a] : (uint8_t)COR_VDF_BPR;
    asg A;
    memset(&A, 0, sizeof A);
    A.t0 = &t0, A.cap = &cap, A.alpha = &al, A.beta = &be, A.vdf = &vdf;
    return asg_time(&A, 0, v);
}
