/*
 * bench_simulate.c -- whole-route Monte Carlo draws per second (bench/
 * simulate.sh; not a test).
 *
 * The route: the best by time from FROM to TO on the shipped network (the
 * INSTC western route, Nhava Sheva -> Chabahar -> Astara -> Moscow), its
 * plan with the network's variability.csv.  A "draw" is one whole route:
 * every step drawn once and summed.  Timed, each the median of REPS:
 *   corridor   cor_simulate at 1 thread, and at THREADS threads (the
 *              speed-up); the sort and the summary included
 *   naive GSL  the same steps in a plain loop: one gsl_rng (mt19937)
 *              for all runs, gsl_ran_lognormal / gsl_ran_gaussian
 *              (Box-Muller) / gsl_ran_flat per step, a switch on the
 *              step's law through the public cor_sim_step array, no
 *              sort, no summary
 * and the plan written to PLAN_FILE (one step a line: kind a b c) for the
 * numpy peer.
 *   bench_simulate NETWORK FROM TO RUNS THREADS REPS PLAN_FILE
 */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "corridor/simulate.h"

static double clock_s(clockid_t c)
{
    struct timespec ts;
    clock_gettime(c, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}
static double now(void) { return clock_s(CLOCK_MONOTONIC); }
static double cpu(void) { return clock_s(CLOCK_PROCESS_CPUTIME_ID); } /* all threads */

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_d);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The naive loop: returns the mean (so the work is not optimised away). */
static double naive(const cor_sim_plan *p, uint64_t runs)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 1);
    uint32_t n = cor_sim_plan_count(p);
    double sum = 0;
    for (uint64_t i = 0; i < runs; i++) {
        double t = 0;
        for (uint32_t k = 0; k < n; k++) {
            const cor_sim_step *s = cor_sim_plan_step(p, k);
            if (s->kind == COR_SIM_DEPARTURE) {
                t += s->schedule == COR_SCHED_IRREGULAR ? gsl_ran_exponential(r, s->wait_hours)
                                                        : gsl_ran_flat(r, 0, s->headway_hours);
                continue;
            }
            const cor_dist *x = &s->dist;
            switch (x->kind) {
            case COR_DIST_FIXED: t += x->a; break;
            case COR_DIST_NORMAL: t += fmax(0, x->a + gsl_ran_gaussian(r, x->b)); break;
            case COR_DIST_LOGNORMAL: t += gsl_ran_lognormal(r, x->a, x->b); break;
            case COR_DIST_TRIANGULAR: {
                double u = gsl_rng_uniform(r), f = (x->b - x->a) / (x->c - x->a);
                t += u < f ? x->a + sqrt(u * (x->c - x->a) * (x->b - x->a))
                           : x->c - sqrt((1 - u) * (x->c - x->a) * (x->c - x->b));
                break;
            }
            case COR_DIST_UNIFORM: t += gsl_ran_flat(r, x->a, x->b); break;
            case COR_DIST_EXPONENTIAL: t += gsl_ran_exponential(r, x->a); break;
            case COR_DIST_EMPIRICAL: t += x->table[gsl_rng_uniform_int(r, x->ntable)]; break;
            }
        }
        sum += t;
    }
    gsl_rng_free(r);
    return sum / (double)runs;
}

int main(int argc, char **argv)
{
    if (argc != 8) {
        fprintf(stderr, "usage: bench_simulate NETWORK FROM TO RUNS THREADS REPS PLAN_FILE\n");
        return 2;
    }
    uint64_t runs = strtoull(argv[4], NULL, 10);
    unsigned threads = (unsigned)atoi(argv[5]);
    int reps = atoi(argv[6]);
    if (runs < 1 || threads < 1 || reps < 1 || reps > 50)
        return 2;
    cor_diag d;
    cor_diag_init(&d, 20);
    cor_network *net = NULL;
    cor_graph *g = NULL;
    cor_reliability *rel = NULL;
    uint32_t from, to, sugg[1];
    if (cor_network_load(argv[1], &net, &d) != COR_OK || cor_graph_build(net, &g, &d) != COR_OK ||
        cor_reliability_load(net, NULL, &rel, &d) != COR_OK ||
        cor_network_find_node(net, argv[2], &from, sugg, 1) != COR_OK ||
        cor_network_find_node(net, argv[3], &to, sugg, 1) != COR_OK) {
        fprintf(stderr, "bench_simulate: cannot load the network or find the places\n");
        return 3;
    }
    cor_query q;
    cor_query_init(&q, 2026);
    q.reliability = rel;
    cor_filter f;
    cor_workspace *ws = cor_workspace_new();
    cor_path path;
    cor_path_init(&path);
    cor_itinerary it;
    cor_itinerary_init(&it);
    cor_sim_plan *p = NULL;
    if (cor_filter_init(&f, g, &q, &d) != COR_OK || cor_shortest_path(&f, &q, ws, from, to, &path, &d) != COR_OK ||
        cor_itinerary_build(&it, &f, &q, &path, &d) != COR_OK ||
        cor_sim_plan_from_itinerary(&it, rel, 0, &p, &d) != COR_OK) {
        fprintf(stderr, "bench_simulate: no route or plan\n");
        return 1;
    }
    uint32_t nsteps = cor_sim_plan_count(p), nrandom = 0;
    FILE *pf = fopen(argv[7], "w");
    for (uint32_t k = 0; k < nsteps; k++) {
        const cor_sim_step *s = cor_sim_plan_step(p, k);
        nrandom += !(s->kind == COR_SIM_DELAY && s->dist.kind == COR_DIST_FIXED);
        if (!pf)
            continue;
        if (s->kind == COR_SIM_DEPARTURE)
            fprintf(pf, "%s %.17g 0 0\n", s->schedule == COR_SCHED_IRREGULAR ? "exponential" : "uniform0",
                    s->schedule == COR_SCHED_IRREGULAR ? s->wait_hours : s->headway_hours);
        else if (s->dist.kind == COR_DIST_EMPIRICAL) {
            fprintf(pf, "empirical");
            for (uint32_t i = 0; i < s->dist.ntable; i++)
                fprintf(pf, " %.17g", s->dist.table[i]);
            fputc('\n', pf);
        } else
            fprintf(pf, "%s %.17g %.17g %.17g\n", cor_dist_kind_name(s->dist.kind), s->dist.a, s->dist.b, s->dist.c);
    }
    if (pf)
        fclose(pf);
    char words[256];
    cor_route_in_words(&it, words, sizeof words);
    printf("route: %s, %.1f days planned; %u steps, %u of them random\n", words, it.totals.hours / 24, nsteps,
           nrandom);
    double t1[50], tn[50], tv[50], c1[50], cn[50], cv[50], mean1 = 0, meann = 0, meanv = 0;
    cor_sim_options o;
    cor_sim_options_init(&o);
    o.runs = runs;
    o.seed = 1;
    for (int r = 0; r < reps; r++) {
        cor_sim_result res;
        o.threads = 1;
        double a = now(), b = cpu();
        cor_simulate(p, &o, &res, &d);
        t1[r] = now() - a;
        c1[r] = cpu() - b;
        mean1 = res.mean_days;
        cor_sim_result_destroy(&res);
        o.threads = threads;
        a = now(), b = cpu();
        cor_simulate(p, &o, &res, &d);
        tn[r] = now() - a;
        cn[r] = cpu() - b;
        meann = res.mean_days;
        cor_sim_result_destroy(&res);
        a = now(), b = cpu();
        meanv = naive(p, runs) / 24;
        tv[r] = now() - a;
        cv[r] = cpu() - b;
    }
    /* per core: runs over CPU seconds (all threads), which a busy machine
     * disturbs far less than the wall clock; the wall clock for the speed-up */
    double m1 = median(t1, reps), mn = median(tn, reps), mv = median(tv, reps);
    double k1 = median(c1, reps), kn = median(cn, reps), kv = median(cv, reps);
    printf("| what | draws/s per core (CPU time) | wall s | draws/s (wall) | mean days |\n|---|---|---|---|---|\n");
    printf("| corridor, 1 thread | %.2f M | %.3f | %.2f M | %.2f |\n", (double)runs / k1 / 1e6, m1,
           (double)runs / m1 / 1e6, mean1);
    printf("| corridor, %u threads | %.2f M | %.3f | %.2f M | %.2f |\n", threads, (double)runs / kn / 1e6, mn,
           (double)runs / mn / 1e6, meann);
    printf("| naive GSL loop (mt19937, gsl_ran_lognormal), 1 thread | %.2f M | %.3f | %.2f M | %.2f |\n",
           (double)runs / kv / 1e6, mv, (double)runs / mv / 1e6, meanv);
    printf("speed-up with %u threads (wall): x%.2f; corridor / naive GSL per core: x%.2f\n", threads, m1 / mn,
           kv / k1);
    cor_sim_plan_free(p);
    cor_itinerary_destroy(&it);
    cor_path_destroy(&path);
    cor_workspace_free(ws);
    cor_filter_destroy(&f);
    cor_reliability_free(rel);
    cor_graph_free(g);
    cor_network_free(net);
    cor_diag_destroy(&d);
    return 0;
}
