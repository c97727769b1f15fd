/*
 * bench_assign.c -- the assignment algorithms side by side on one TNTP
 * network (bench/assign.sh; not a test).
 *
 *   bench_assign NAME NET.tntp TRIPS.tntp REPS MAX_SECONDS [CONV.csv]
 *
 * Runs bush (Algorithm B), gp (path-based gradient projection), bfw, cfw
 * and fw REPS times
 * each to a relative gap of 1e-6 or MAX_SECONDS, and prints one Markdown
 * row per algorithm: median seconds to relative gaps 1e-4 and 1e-6 ("-"
 * when not reached), iterations, median milliseconds per iteration, the
 * last gap and the objective; then the ratios bfw / bush.  Times are the
 * process's CPU seconds from the call of cor_assign to its progress
 * callback (setup included, file reading not): on a shared machine they
 * move less than wall time.  BENCH_ALGOS=bush,bfw runs only those;
 * BENCH_ITERS=N stops each run after N iterations (for per-iteration costs).  CONV.csv gets the convergence of the first run of each algorithm:
 * network,algorithm,iteration,seconds,rel_gap.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "corridor/assign.h"
#include "corridor/tntp.h"

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

typedef struct trace {
    double t4, t6;   /* CPU seconds to 1e-4, 1e-6; -1 = not reached */
    double cpu0;     /* CPU clock at the call */
    double cpu;      /* CPU seconds at the last report */
    FILE *csv;
    const char *name, *algo;
} trace;

static int progress(void *ctx, uint32_t iter, double gap, double obj, double secs)
{
    (void)obj;
    (void)secs;
    trace *t = ctx;
    t->cpu = cpu_now() - t->cpu0;
    if (gap <= 1e-4 && t->t4 < 0)
        t->t4 = t->cpu;
    if (gap <= 1e-6 && t->t6 < 0)
        t->t6 = t->cpu;
    if (t->csv)
        fprintf(t->csv, "%s,%s,%u,%.6f,%.6e\n", t->name, t->algo, iter, t->cpu, gap);
    return 0;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Median of n values; a negative value (not reached) counts as +inf. */
static double median(double *v, int n)
{
    for (int i = 0; i < n; i++)
        if (v[i] < 0)
            v[i] = INFINITY;
    qsort(v, (size_t)n, sizeof *v, cmp);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static void secs(char *buf, size_t n, double s)
{
    if (!isfinite(s))
        snprintf(buf, n, "-");
    else if (s < 1e-3)
        snprintf(buf, n, "%.0f us", s * 1e6);
    else if (s < 1)
        snprintf(buf, n, "%.1f ms", s * 1e3);
    else
        snprintf(buf, n, "%.2f s", s);
}

int main(int argc, char **argv)
{
    if (argc != 6 && argc != 7) {
        fprintf(stderr, "usage: bench_assign NAME NET.tntp TRIPS.tntp REPS MAX_SECONDS [CONV.csv]\n");
        return 2;
    }
    const char *name = argv[1];
    int reps = atoi(argv[4]);
    double maxs = atof(argv[5]);
    if (reps < 1 || reps > 100 || !(maxs > 0)) {
        fprintf(stderr, "bench_assign: REPS 1..100, MAX_SECONDS > 0\n");
        return 2;
    }
    FILE *csv = NULL;
    if (argc == 7 && !(csv = fopen(argv[6], "a"))) {
        perror(argv[6]);
        return 1;
    }
    cor_diag d;
    cor_diag_init(&d, 0);
    cor_tntp_net n;
    cor_tntp_trips t;
    if (cor_tntp_net_read(argv[2], &n, &d) != COR_OK || cor_tntp_trips_read(argv[3], &t, &d) != COR_OK) {
        char buf[1024];
        for (size_t i = 0; i < d.count; i++) {
            cor_error_format(&d.items[i], buf, sizeof buf);
            fprintf(stderr, "%s\n", buf);
        }
        return 1;
    }
    cor_anet net;
    cor_tntp_anet(&n, &net);
    cor_ademand dem;
    memset(&dem, 0, sizeof dem);
    dem.nod = t.nod, dem.orig = t.orig, dem.dest = t.dest, dem.volume = t.volume, dem.nclasses = 1;
    dem.classes[0] = (cor_aclass){1, 1};
    printf("%s: %u nodes, %u links, %u OD pairs; %d runs each, at most %.0f s (wall) a run; CPU times\n\n", name, n.nnodes, n.nlinks,
           t.nod, reps, maxs);
    printf("| algorithm | to gap 1e-4 | to gap 1e-6 | iterations | per iteration | last gap | objective |\n");
    printf("|---|---:|---:|---:|---:|---:|---:|\n");
    static const cor_assign_algo algos[] = {COR_ASSIGN_BUSH, COR_ASSIGN_GP, COR_ASSIGN_BFW, COR_ASSIGN_CFW, COR_ASSIGN_FW};
    double med4[5], med6[5];
    char congestion[128] = "";
    const char *only = getenv("BENCH_ALGOS"); /* e.g. "bush,bfw": only these */
    const char *fixed = getenv("BENCH_ITERS"); /* e.g. "10": exactly that many iterations */
    uint32_t maxit = fixed ? (uint32_t)strtoul(fixed, NULL, 10) : 0;
    for (int a = 0; a < 5; a++) {
        med4[a] = med6[a] = INFINITY;
        if (only) { /* a whole name in the comma-separated list */
            const char *nm = cor_assign_algo_name(algos[a]), *h = only;
            size_t ln = strlen(nm);
            int hit = 0;
            while (!hit && (h = strstr(h, nm)) != NULL) {
                hit = (h == only || h[-1] == ',') && (h[ln] == 0 || h[ln] == ',');
                h += ln;
            }
            if (!hit)
                continue;
        }
        double t4[100], t6[100], per[100];
        uint32_t iters = 0;
        double gap = 0, obj = 0;
        for (int r = 0; r < reps; r++) {
            trace tr = {-1, -1, cpu_now(), 0, r == 0 ? csv : NULL, name, cor_assign_algo_name(algos[a])};
            cor_assign_opts o;
            memset(&o, 0, sizeof o);
            o.algo = algos[a], o.rel_gap = 1e-6, o.max_iter = maxit ? maxit : 1000000, o.max_seconds = maxs; /* wall */
            o.progress = progress, o.ctx = &tr;
            cor_assign_result res;
            cor_diag_clear(&d);
            if (cor_assign(&net, &dem, &o, &res, &d) != COR_OK) {
                fprintf(stderr, "bench_assign: %s failed\n", cor_assign_algo_name(algos[a]));
                return 1;
            }
            t4[r] = tr.t4, t6[r] = tr.t6, per[r] = tr.cpu / res.iterations;
            iters = res.iterations, gap = res.rel_gap, obj = res.objective;
            if (a == 0 && r == 0) { /* how congested: v/c over links that can congest */
                double vc = 0, mx = 0, w = 0;
                for (uint32_t i = 0; i < n.nlinks; i++)
                    if (n.b[i] > 0 && n.cap[i] > 0) {
                        double x = res.flow[i] / n.cap[i];
                        vc += x, w += 1, mx = x > mx ? x : mx;
                    }
                snprintf(congestion, sizeof congestion, "mean v/c %.2f, largest %.2f (at equilibrium)",
                         w > 0 ? vc / w : 0, mx);
            }
            cor_assign_result_free(&res);
        }
        med4[a] = median(t4, reps), med6[a] = median(t6, reps);
        double mper = median(per, reps);
        char b4[32], b6[32], bp[32];
        secs(b4, sizeof b4, med4[a]);
        secs(b6, sizeof b6, med6[a]);
        secs(bp, sizeof bp, mper);
        printf("| %s | %s | %s | %u | %s | %.2e | %.10g |\n", cor_assign_algo_name(algos[a]), b4, b6, iters, bp, gap,
               obj);
        fflush(stdout);
    }
    printf("\n%s; median time bfw / bush: %.1fx to 1e-4", congestion, med4[2] / med4[0]);
    if (isfinite(med6[2]) && isfinite(med6[0]))
        printf(", %.1fx to 1e-6\n", med6[2] / med6[0]);
    else
        printf(", bfw did not reach 1e-6 within the limit\n");
    if (csv)
        fclose(csv);
    cor_tntp_net_free(&n);
    cor_tntp_trips_free(&t);
    cor_diag_destroy(&d);
    return 0;
}
