/*
 * cli_assign_tntp.c -- `corridor assign --tntp NET.tntp TRIPS.tntp`: the
 * assignment solver (corridor/assign.h) on a network and trip table of the
 * TNTP test-network collection (corridor/tntp.h).  cor_cli_assign
 * (cli_assign.c) reads the options and calls cor_cli_assign_tntp.
 *
 * Output: per link (in file order) its end nodes as numbered in the file,
 * flow, cost (time plus toll and distance costs at the final flow) and
 * v/c; the relative gap, Beckmann objective, iterations and seconds.  The
 * gap goes to stderr as it falls: every iteration with --verbose, else at
 * most twice a second.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "corridor/assign.h"
#include "corridor/outfile.h"
#include "corridor/report.h"
#include "corridor/tntp.h"
#include "cli_assign.h"
#include "cli_internal.h"
#include "options.h"

typedef struct tprog {
    int verbose;
    double last;
    cor_assign_algo algo;
} tprog;

static int progress(void *ud, uint32_t iter, double gap, double obj, double secs)
{
    tprog *p = ud;
    if (p->verbose || iter == 1 || secs - p->last >= 0.5) {
        fprintf(stderr, "%s assign: %s iteration %u: relative gap %.3e, objective %.10g, %.3f s\n", prog,
                cor_assign_algo_name(p->algo), iter, gap, obj, secs);
        p->last = secs;
    }
    return 0;
}

static cor_status write_json(FILE *o, const route_args *a, const char *trips, const cor_tntp_net *n,
                             const cor_tntp_trips *t, cor_assign_algo algo, const cor_assign_result *r)
{
    json_t *root = json_object(), *links = json_array();
    int e = !root || !links;
    e |= json_object_set_new(root, "network", json_string(a->tntp));
    e |= json_object_set_new(root, "trips", json_string(trips));
    e |= json_object_set_new(root, "algorithm", json_string(cor_assign_algo_name(algo)));
    e |= json_object_set_new(root, "rel_gap", json_real(r->rel_gap));
    e |= json_object_set_new(root, "converged", json_boolean(r->converged));
    e |= json_object_set_new(root, "objective", json_real(r->objective));
    e |= json_object_set_new(root, "tstt", json_real(r->tstt));
    e |= json_object_set_new(root, "iterations", json_integer(r->iterations));
    e |= json_object_set_new(root, "seconds", json_real(r->seconds));
    e |= json_object_set_new(root, "total_trips", json_real(t->total));
    e |= json_object_set_new(root, "excluded_intrazonal", json_real(r->excluded_intrazonal));
    e |= json_object_set_new(root, "unroutable", json_real(r->unroutable));
    for (uint32_t i = 0; i < n->nlinks && !e; i++) {
        json_t *l = json_object();
        e |= !l;
        e |= json_object_set_new(l, "from", json_integer((json_int_t)n->from[i] + 1));
        e |= json_object_set_new(l, "to", json_integer((json_int_t)n->to[i] + 1));
        e |= json_object_set_new(l, "flow", json_real(r->flow[i]));
        e |= json_object_set_new(l, "cost", json_real(r->cost[i]));
        e |= json_array_append_new(links, l);
    }
    e |= json_object_set(root, "links", links);
    e |= json_dumpf(root, o, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15)) != 0 ||
         fputc('\n', o) == EOF;
    json_decref(links);
    json_decref(root);
    return e ? COR_ENOMEM : COR_OK;
}

static void write_csv(FILE *o, const cor_tntp_net *n, const cor_assign_result *r)
{
    fprintf(o, "from,to,flow,cost,time,v_c\n");
    for (uint32_t i = 0; i < n->nlinks; i++)
        fprintf(o, "%u,%u,%.15g,%.15g,%.15g,%.6g\n", n->from[i] + 1, n->to[i] + 1, r->flow[i], r->cost[i],
                r->time[i], n->cap[i] > 0 ? r->flow[i] / n->cap[i] : 0);
}

static void write_table(FILE *o, const route_args *a, const char *trips, const cor_tntp_net *n,
                        const cor_tntp_trips *t, cor_assign_algo algo, const cor_assign_result *r)
{
    fprintf(o, "TNTP assignment: %s (%u nodes, %u links) and %s (%u zones, %u OD pairs, %.10g trips)\n", a->tntp,
            n->nnodes, n->nlinks, trips, t->nzones, t->nod, t->total);
    fprintf(o, "%s: relative gap %.3e after %u iteration%s (%s), %.3f s\n", cor_assign_algo_name(algo), r->rel_gap,
            r->iterations, r->iterations == 1 ? "" : "s", r->converged ? "converged" : "limit reached, not converged",
            r->seconds);
    fprintf(o, "Beckmann objective %.12g; total cost %.12g\n", r->objective, r->tstt);
    if (r->excluded_intrazonal > 0 || r->unroutable > 0)
        fprintf(o, "not assigned: %.10g intrazonal trips, %.10g trips without a path\n", r->excluded_intrazonal,
                r->unroutable);
    fprintf(o, "\n  %7s %7s %14s %12s %8s\n", "from", "to", "flow", "cost", "v/c");
    for (uint32_t i = 0; i < n->nlinks; i++)
        fprintf(o, "  %7u %7u %14.4f %12.5f %8.3f\n", n->from[i] + 1, n->to[i] + 1, r->flow[i], r->cost[i],
                n->cap[i] > 0 ? r->flow[i] / n->cap[i] : 0);
}

int cor_cli_assign_tntp(const route_args *a, const char *trips, cor_assign_algo algo, cor_format fmt)
{
    cor_diag d;
    if (cor_diag_init(&d, 50) != COR_OK)
        return cor_status_exit_code(COR_ENOMEM);
    cor_tntp_net n;
    cor_tntp_trips t;
    memset(&t, 0, sizeof t);
    cor_assign_result r;
    memset(&r, 0, sizeof r);
    int rc = 0;
    cor_status s = cor_tntp_net_read(a->tntp, &n, &d);
    cor_status s2 = cor_tntp_trips_read(trips, &t, &d); /* both files' faults in one run */
    if (s == COR_OK)
        s = s2;
    if (s == COR_OK && t.nzones > n.nnodes)
        s = cor_diag_add(&d, COR_EDATA, trips, 1, 1, "<NUMBER OF ZONES> %u is more than the network's %u nodes",
                         t.nzones, n.nnodes);
    if (s != COR_OK) {
        rc = print_diag(&d, s);
        goto done;
    }
    if (n.nzones && n.nzones != t.nzones)
        fprintf(stderr, "%s assign: warning: %s has %u zones, %s %u\n", prog, a->tntp, n.nzones, trips, t.nzones);
    if (t.header_total >= 0 && fabs(t.total - t.header_total) > 1e-6 * fmax(1, t.header_total))
        fprintf(stderr,
                "%s assign: warning: %s: the flows add up to %.10g, <TOTAL OD FLOW> says %.10g; assigning the "
                "flows\n",
                prog, trips, t.total, t.header_total);
    cor_anet net;
    cor_tntp_anet(&n, &net);
    cor_ademand dem;
    memset(&dem, 0, sizeof dem);
    dem.nod = t.nod, dem.orig = t.orig, dem.dest = t.dest, dem.volume = t.volume;
    dem.nclasses = 1;
    dem.classes[0] = (cor_aclass){1, 1};
    tprog tp = {a->verbose, 0, algo};
    cor_assign_opts o;
    memset(&o, 0, sizeof o);
    o.algo = algo;
    o.rel_gap = a->gap > 0 ? a->gap : 1e-4;
    o.max_iter = a->max_iter ? a->max_iter : 1000;
    o.progress = progress;
    o.ctx = &tp;
    s = cor_assign(&net, &dem, &o, &r, &d);
    if (s != COR_OK) {
        rc = print_diag(&d, s);
        goto done;
    }
    if (!r.converged)
        fprintf(stderr, "%s assign: warning: stopped at relative gap %.3e after %u iterations, above --gap %g\n",
                prog, r.rel_gap, r.iterations, o.rel_gap);
    cor_outfile of;
    cor_diag_clear(&d);
    s = cor_outfile_open(&of, a->out, &d);
    if (s == COR_OK) {
        cor_status ws = COR_OK;
        if (fmt == COR_FMT_JSON)
            ws = write_json(of.fp, a, trips, &n, &t, algo, &r);
        else if (fmt == COR_FMT_CSV)
            write_csv(of.fp, &n, &r);
        else
            write_table(of.fp, a, trips, &n, &t, algo, &r);
        s = cor_outfile_close(&of, ws, &d);
    }
    if (s != COR_OK)
        rc = print_diag(&d, s);
done:
    cor_assign_result_free(&r);
    cor_tntp_net_free(&n);
    cor_tntp_trips_free(&t);
    cor_diag_destroy(&d);
    return rc;
}
