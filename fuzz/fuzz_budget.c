/* fuzz_budget.c -- the algorithms with budgets (Pareto, K best).  The input
 * draws a small random network (nodes, links of four classes, transfer
 * rules, terminal handling) and queries with random budgets (labels, work,
 * epsilon) and K.  Each answer must be within its budget and correct: the
 * budget error (with its message), or routes that are valid, distinct and
 * as good as enumerating every route says (exact front or the first n of
 * the true order, honest complete_hours, the documented epsilon cover). */
#include "corridor/alternatives.h"
#include "corridor/graph.h"
#include "corridor/model.h"
#include "fuzz_common.h"

#include <math.h>

typedef struct bytes {
    const uint8_t *p;
    size_t n, i;
} bytes;

/* The next input byte reduced to [0, n); 0 once the input is used up. */
static uint32_t take(bytes *b, uint32_t n)
{
    return b->i < b->n ? b->p[b->i++] % n : 0;
}

static const char *const cls_name[] = {"rail1435", "rail1520", "road", "sea"};

static FILE *open_in(const char *dir, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        abort();
    return f;
}

static uint32_t write_network(const char *dir, bytes *b)
{
    uint32_t nn = 2 + take(b, 6), nl = 1 + take(b, 12);
    int used[4][8] = {{0}};
    FILE *f = open_in(dir, "nodes.csv");
    fprintf(f, "id,name,lat,lon,source\n");
    for (uint32_t i = 0; i < nn; i++)
        fprintf(f, "N%u,Node %u,%.4f,%.4f,fuzz\n", i, i, take(b, 60) * 1e-4, take(b, 120) * 1e-4); /* within 2 km: links fit */
    fclose(f);
    f = open_in(dir, "modes.csv");
    fprintf(f, "mode,speed_kmh,rate_usd_per_teu_km,co2e_g_per_tkm,payload_t_per_teu,source\n"
               "rail,50,0.2,30,10,f\nroad,40,1.5,90,10,f\nsea,25,0.1,15,10,f\n");
    fclose(f);
    f = open_in(dir, "links.csv");
    fprintf(f, "id,from,to,mode,gauge_mm,distance_km,fixed_hours,fixed_usd,oneway,source\n");
    for (uint32_t i = 0; i < nl; i++) {
        uint32_t a = take(b, nn), c = take(b, 4), z = take(b, nn);
        if (z == a)
            z = (a + 1) % nn;
        used[c][a] = used[c][z] = 1;
        fprintf(f, "L%u,N%u,N%u,%s,%s,%u,%u,%u,%s,f\n", i, a, z, c < 2 ? "rail" : c == 2 ? "road" : "sea",
                c == 0 ? "1435" : c == 1 ? "1520" : "", 1 + 4 * take(b, 250), take(b, 8), 5 * take(b, 20),
                take(b, 5) == 0 ? "yes" : "no");
    }
    fclose(f);
    f = open_in(dir, "transfers.csv");
    fprintf(f, "node,from_class,to_class,kind,dwell_hours,cost_usd,co2e_kg,source\n");
    for (uint32_t n = 0; n < nn; n++)
        for (int c1 = 0; c1 < 4; c1++)
            for (int c2 = c1; c2 < 4; c2++)
                if (used[c1][n] && used[c2][n] && (c1 != c2 || c1 == 3) && take(b, 3))
                    fprintf(f, "N%u,%s,%s,%s,%u,%u,%u,f\n", n, cls_name[c1], cls_name[c2],
                            c1 == c2 ? "port" : c2 == 1 ? "gauge_change" : "transfer", take(b, 20), 10 * take(b, 10),
                            take(b, 10));
    fclose(f);
    f = open_in(dir, "terminals.csv");
    fprintf(f, "node,class,dwell_hours,cost_usd,co2e_kg,source\n");
    for (uint32_t n = 0; n < nn; n++)
        for (int c = 0; c < 4; c++)
            if (used[c][n] && take(b, 4) == 0)
                fprintf(f, "N%u,%s,%u,%u,%u,f\n", n, cls_name[c], take(b, 30), 10 * take(b, 30), take(b, 20));
    fclose(f);
    return nn;
}

/* ---- every route, by enumeration (the oracle) ------------------------- */

#define MAX_STEPS 200000

typedef struct oracle {
    const cor_graph *g;
    const cor_filter *f;
    uint32_t from, to, depth;
    uint8_t *seen;      /* [nstates] */
    uint8_t *node_seen; /* [nnodes] places passed: a route passes each place once */
    double acc[4];
    double (*r)[5]; /* hours, usd, co2e, weight, arcs */
    size_t n, cap;
    long steps;
} oracle;

static void walk(oracle *o, uint32_t s)
{
    const cor_graph *g = o->g;
    if (++o->steps > MAX_STEPS)
        return;
    if (g->state_node[s] == o->to) {
        if (o->n == o->cap) {
            o->cap = o->cap ? 2 * o->cap : 64;
            o->r = realloc(o->r, o->cap * sizeof *o->r);
            if (!o->r)
                abort();
        }
        double *v = o->r[o->n++];
        v[0] = o->acc[0] + g->term_hours[s];
        v[1] = o->acc[1] + g->term_usd[s];
        v[2] = o->acc[2] + g->term_co2e_kg[s];
        v[3] = o->acc[3] + o->f->term_w[s];
        v[4] = o->depth;
        return;
    }
    o->seen[s] = 1;
    for (uint32_t a = g->first_out[s]; a < g->first_out[s + 1]; a++) {
        uint32_t t = g->head[a];
        if (o->f->weight[a] == INFINITY || o->seen[t] || g->state_node[t] == o->from)
            continue;
        /* loop-free as the router is: a link may not arrive at a place
         * already passed; transfers stay at their place */
        int link = g->kind[a] == COR_ARC_LINK;
        uint32_t v = g->state_node[t];
        if (link && o->node_seen[v])
            continue;
        if (link)
            o->node_seen[v] = 1;
        double save[4];
        memcpy(save, o->acc, sizeof save);
        for (int c = 0; c < 3; c++)
            o->acc[c] += o->f->crit[4 * (size_t)a + c];
        o->acc[3] += o->f->weight[a];
        o->depth++;
        walk(o, t);
        if (link)
            o->node_seen[v] = 0;
        o->depth--;
        memcpy(o->acc, save, sizeof save);
    }
    o->seen[s] = 0;
}

static int near(double a, double b)
{
    return fabs(a - b) <= 1e-7 * (1 + fabs(b));
}

static int dominates(const double *a, const double *b)
{
    int strict = 0;
    for (int i = 0; i < 3; i++) {
        if (a[i] > b[i] + 1e-7 * (1 + fabs(b[i])))
            return 0;
        strict |= a[i] < b[i] - 1e-7 * (1 + fabs(b[i]));
    }
    return strict;
}

static int same(const double *a, const double *b)
{
    return near(a[0], b[0]) && near(a[1], b[1]) && near(a[2], b[2]);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The costs of a route (abort if it breaks the rules). */
static void costs(const cor_graph *g, const cor_filter *f, uint32_t from, uint32_t to, const cor_path *p, double v[4])
{
    if (p->narcs == 0 || p->from_node != from || p->to_node != to)
        abort();
    uint32_t s0 = g->tail[p->arcs[0]], s1 = g->head[p->arcs[p->narcs - 1]];
    if (g->state_node[s0] != from || g->state_node[s1] != to)
        abort();
    v[0] = g->term_hours[s0] + g->term_hours[s1];
    v[1] = g->term_usd[s0] + g->term_usd[s1];
    v[2] = g->term_co2e_kg[s0] + g->term_co2e_kg[s1];
    v[3] = f->term_w[s0] + f->term_w[s1];
    for (uint32_t i = 0; i < p->narcs; i++) {
        uint32_t a = p->arcs[i], t = g->head[a];
        if (a >= g->narcs || f->weight[a] == INFINITY || (i && g->tail[a] != g->head[p->arcs[i - 1]]))
            abort(); /* not connected, or a forbidden arc */
        if (t == s0 || g->state_node[t] == from || (i + 1 < p->narcs && g->state_node[t] == to))
            abort(); /* through an end */
        for (uint32_t j = 0; j < i; j++)
            if (g->head[p->arcs[j]] == t)
                abort(); /* a state twice */
        for (int c = 0; c < 3; c++)
            v[c] += f->crit[4 * (size_t)a + c];
        v[3] += f->weight[a];
    }
}

static int said(const cor_diag *d, const char *what)
{
    for (size_t i = 0; i < d->count; i++)
        if (strstr(d->items[i].msg, what))
            return 1;
    return 0;
}

static void check_pareto(const cor_filter *f, const cor_query *q, uint32_t from, uint32_t to, const cor_budget *b,
                         const oracle *o, int exact_oracle)
{
    const cor_graph *g = f->g;
    uint64_t ml = b->max_labels ? b->max_labels : COR_DEFAULT_MAX_LABELS;
    uint64_t cap = ml / COR_LABELS_PER_ROUTE ? ml / COR_LABELS_PER_ROUTE : 1;
    cor_diag d;
    cor_diag_init(&d, 10);
    cor_path_set ps;
    cor_path_set_init(&ps);
    cor_status s = cor_pareto(f, q, from, to, b, &ps, &d);
    if (ps.labels > ml)
        abort(); /* over budget */
    if (s == COR_ELIMIT) {
        if (ps.n || !ps.truncated || !said(&d, "--max-labels") || !said(&d, "--pareto-epsilon"))
            abort();
    } else if (s == COR_ENOROUTE) {
        /* routes that pass a place twice are dropped, and may hide the
         * loop-free routes they dominate */
        if (ps.n || ps.truncated || (exact_oracle && o->n && !ps.dropped_loops))
            abort();
    } else if (s == COR_OK) {
        if (ps.n == 0 || ps.n > cap || (exact_oracle && o->n == 0) || ps.epsilon != b->epsilon)
            abort();
        if (ps.truncated && !(ps.limit_name && ((strcmp(ps.limit_name, "max_labels") == 0 && ps.limit == ml) ||
                                                (strcmp(ps.limit_name, "max_routes") == 0 && ps.limit == cap))))
            abort();
        double top = ps.truncated ? ps.complete_hours : INFINITY;
        double(*v)[4] = malloc(ps.n * sizeof *v);
        if (!v)
            abort();
        for (uint32_t i = 0; i < ps.n; i++) {
            costs(g, f, from, to, &ps.paths[i], v[i]);
            if (!near(v[i][3], ps.paths[i].weight))
                abort();
            if (i && v[i - 1][0] > v[i][0] + 1e-9 * (1 + v[i][0]))
                abort(); /* not sorted by hours */
        }
        for (uint32_t i = 0; i < ps.n; i++)
            for (uint32_t j = 0; j < ps.n; j++)
                if (i != j && (dominates(v[j], v[i]) || (j < i && same(v[j], v[i]))))
                    abort(); /* a listed route beaten or repeated by another */
        for (size_t r = 0; exact_oracle && !ps.dropped_loops && r < o->n; r++) {
            const double *R = o->r[r];
            if (!(R[0] <= top))
                continue;
            if (b->epsilon > 0) {
                /* covered: no more hours, 1 + c within (1 + eps)^arcs */
                double k = pow(1 + b->epsilon, R[4]) * (1 + 1e-7);
                int ok = 0;
                for (uint32_t i = 0; i < ps.n && !ok; i++)
                    ok = v[i][0] <= R[0] + 1e-7 * (1 + R[0]) && 1 + v[i][1] <= k * (1 + R[1]) + 1e-7 &&
                         1 + v[i][2] <= k * (1 + R[2]) + 1e-7;
                if (!ok)
                    abort();
            } else {
                /* every Pareto route of at most `top` hours is listed */
                int dom = 0, listed = 0;
                for (size_t j = 0; j < o->n && !dom; j++)
                    dom = dominates(o->r[j], R);
                for (uint32_t i = 0; i < ps.n && !dom && !listed; i++)
                    listed = same(v[i], R);
                if (!dom && !listed && !ps.dropped_loops)
                    abort();
            }
        }
        if (exact_oracle && b->epsilon == 0)
            for (uint32_t i = 0; i < ps.n; i++)
                for (size_t j = 0; j < o->n; j++)
                    if (dominates(o->r[j], v[i]))
                        abort(); /* a listed route is not Pareto-optimal */
        free(v);
    } else {
        abort();
    }
    cor_path_set_destroy(&ps);
    cor_diag_destroy(&d);
}

static void check_kbest(const cor_filter *f, const cor_query *q, uint32_t from, uint32_t to, uint32_t k,
                        const cor_budget *b, const double *w, size_t nw, int exact_oracle)
{
    const cor_graph *g = f->g;
    uint64_t mw = b->max_work ? b->max_work : COR_DEFAULT_MAX_WORK;
    cor_diag d;
    cor_diag_init(&d, 10);
    cor_path_set ks;
    cor_path_set_init(&ks);
    cor_status s = cor_k_shortest(f, q, from, to, k, b, &ks, &d);
    if (ks.work > mw)
        abort(); /* over budget */
    if (s == COR_ELIMIT) {
        if (ks.n || !said(&d, "--max-work"))
            abort();
    } else if (s == COR_ENOROUTE) {
        if (ks.n || (exact_oracle && nw))
            abort();
    } else if (s == COR_OK) {
        size_t want = nw < k ? nw : k;
        if (ks.n == 0 || ks.n > k || (exact_oracle && (ks.n > want || (!ks.truncated && ks.n != want))))
            abort();
        if (ks.truncated && !(ks.limit_name && strcmp(ks.limit_name, "max_work") == 0 && ks.limit == mw))
            abort();
        for (uint32_t i = 0; i < ks.n; i++) {
            double v[4];
            costs(g, f, from, to, &ks.paths[i], v);
            if (!near(v[3], ks.paths[i].weight) || (exact_oracle && !near(ks.paths[i].weight, w[i])))
                abort(); /* wrong weight, or not the i-th best */
            if (i && ks.paths[i].weight < ks.paths[i - 1].weight - 1e-7 * (1 + ks.paths[i].weight))
                abort();
            for (uint32_t j = 0; j < i; j++)
                if (ks.paths[j].narcs == ks.paths[i].narcs &&
                    memcmp(ks.paths[j].arcs, ks.paths[i].arcs, ks.paths[i].narcs * sizeof(uint32_t)) == 0)
                    abort(); /* the same route twice */
        }
    } else {
        abort();
    }
    cor_path_set_destroy(&ks);
    cor_diag_destroy(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 512)
        return 0;
    char dir[300];
    snprintf(dir, sizeof dir, "%s/budget", fuzz_dir());
    mkdir(dir, 0700);
    bytes b = {data, size, 0};
    uint32_t nn = write_network(dir, &b);
    cor_diag d;
    cor_diag_init(&d, 20);
    cor_network *net = NULL;
    cor_graph *g = NULL;
    cor_status ls = cor_network_load(dir, &net, &d);
    fuzz_check_diag(&d, ls);
    if (ls != COR_OK || cor_graph_build(net, &g, &d) != COR_OK) {
        cor_network_free(net);
        cor_diag_destroy(&d);
        return 0; /* the draw broke a rule of the format: not this target's business */
    }
    for (int k = 0; k < 3 && b.i < b.n; k++) {
        uint32_t from = take(&b, nn), to = take(&b, nn);
        if (from == to)
            continue;
        cor_query q;
        cor_query_init(&q, 2026);
        q.by = (cor_objective)take(&b, 5);
        q.value_of_time_usd_per_teu_day = take(&b, 200);
        q.carbon_price_usd_per_t = take(&b, 150);
        cor_filter f;
        if (cor_filter_init(&f, g, &q, &d) != COR_OK)
            abort();
        oracle o = {g, &f, from, to, 0, calloc(g->nstates + 1, 1), calloc(g->nnodes + 1, 1), {0, 0, 0, 0}, NULL, 0, 0, 0};
        if (!o.seen || !o.node_seen)
            abort();
        o.node_seen[from] = 1;
        for (uint32_t s = g->node_first_state[from]; s < g->node_first_state[from + 1]; s++) {
            o.acc[0] = g->term_hours[s];
            o.acc[1] = g->term_usd[s];
            o.acc[2] = g->term_co2e_kg[s];
            o.acc[3] = f.term_w[s];
            walk(&o, s);
        }
        int exact = o.steps <= MAX_STEPS && o.n <= 3000; /* the oracle's checks are quadratic */
        double *w = malloc((o.n + 1) * sizeof *w);
        if (!w)
            abort();
        for (size_t i = 0; i < o.n; i++)
            w[i] = o.r[i][3];
        qsort(w, o.n, sizeof *w, cmp_double);
        uint32_t sel = take(&b, 4);
        cor_budget pb = {sel == 0 ? 0 : 1 + take(&b, 64) * (sel == 1 ? 1 : 8),
                         0, take(&b, 3) == 0 ? 0.01 * (1 + take(&b, 50)) : 0};
        check_pareto(&f, &q, from, to, &pb, &o, exact);
        sel = take(&b, 4);
        cor_budget kb = {0, sel == 0 ? 0 : 1 + take(&b, 64) * (sel == 1 ? 1 : 8), 0};
        check_kbest(&f, &q, from, to, 1 + take(&b, 12), &kb, w, o.n, exact);
        free(w);
        free(o.r);
        free(o.seen);
        free(o.node_seen);
        cor_filter_destroy(&f);
    }
    cor_graph_free(g);
    cor_network_free(net);
    cor_diag_destroy(&d);
    return 0;
}
