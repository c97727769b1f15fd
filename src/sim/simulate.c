/*
 * simulate.c -- distributions, plans and the Monte Carlo over a plan.  See
 * corridor/simulate.h.
 *
 * The inner loop: a plan is compiled once into a flat array of steps with
 * their parameters resolved (a lognormal's mu and sigma, a triangular's
 * split point), so that a draw is a switch on a byte and one or two GSL
 * calls.  Run i reseeds its thread's taus2 generator with splitmix64(seed,
 * i): the figures depend on the seed and the run index alone.  Normal
 * variates come from gsl_ran_gaussian_ziggurat, lognormal ones as the exp
 * of a ziggurat normal (the same law as gsl_ran_lognormal, faster).  No
 * allocation per draw: each thread writes its runs' totals into the one
 * result array, at the runs' indices.
 */
#include "corridor/simulate.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../core/alloc.h" /* last: maps malloc & co. to the counted wrappers */

#define Z95 1.6448536269514722 /* the standard normal's 95th percentile */

/* ---- distributions ----------------------------------------------------- */

const char *cor_dist_kind_name(cor_dist_kind k)
{
    static const char *const names[] = {"fixed", "normal", "lognormal", "triangular", "uniform", "exponential",
                                        "empirical"};
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

cor_status cor_dist_lognormal_mean_p95(double mean, double p95, cor_dist *out)
{
    memset(out, 0, sizeof *out);
    if (!isfinite(mean) || !isfinite(p95) || mean < 0 || p95 < 0)
        return COR_EUSAGE;
    if (mean == 0 || p95 <= mean) {
        out->kind = COR_DIST_FIXED;
        out->a = mean;
        return COR_OK;
    }
    /* mu = log mean - s^2/2 and mu + z s = log p95: s^2/2 - z s + log(p95/mean) = 0 */
    double r = log(p95 / mean);
    double disc = Z95 * Z95 - 2.0 * r;
    double s = disc > 0 ? Z95 - sqrt(disc) : Z95;
    out->kind = COR_DIST_LOGNORMAL;
    out->b = s;
    out->a = log(mean) - s * s / 2.0;
    return COR_OK;
}

double cor_dist_mean(const cor_dist *x)
{
    switch (x->kind) {
    case COR_DIST_FIXED:
    case COR_DIST_NORMAL:
    case COR_DIST_EXPONENTIAL: return x->a;
    case COR_DIST_LOGNORMAL: return exp(x->a + x->b * x->b / 2.0);
    case COR_DIST_TRIANGULAR: return (x->a + x->b + x->c) / 3.0;
    case COR_DIST_UNIFORM: return (x->a + x->b) / 2.0;
    case COR_DIST_EMPIRICAL: return x->ntable ? gsl_stats_mean(x->table, 1, x->ntable) : 0;
    }
    return 0;
}

double cor_dist_var(const cor_dist *x)
{
    double a = x->a, b = x->b, c = x->c;
    switch (x->kind) {
    case COR_DIST_FIXED: return 0;
    case COR_DIST_NORMAL: return b * b;
    case COR_DIST_EXPONENTIAL: return a * a;
    case COR_DIST_LOGNORMAL: return (exp(b * b) - 1.0) * exp(2.0 * a + b * b);
    case COR_DIST_TRIANGULAR: return (a * a + b * b + c * c - a * b - a * c - b * c) / 18.0;
    case COR_DIST_UNIFORM: return (b - a) * (b - a) / 12.0;
    case COR_DIST_EMPIRICAL:
        return x->ntable > 1 ? gsl_stats_variance(x->table, 1, x->ntable) * (x->ntable - 1.0) / x->ntable : 0;
    }
    return 0;
}

void cor_dist_scale(cor_dist *x, double k)
{
    switch (x->kind) {
    case COR_DIST_LOGNORMAL:
        x->a = k > 0 ? x->a + log(k) : 0;
        if (k <= 0) {
            x->kind = COR_DIST_FIXED;
            x->b = 0;
        }
        break;
    case COR_DIST_EMPIRICAL:
        for (uint32_t i = 0; i < x->ntable; i++)
            x->table[i] *= k;
        break;
    default:
        x->a *= k;
        x->b *= k;
        x->c *= k;
    }
}

/* A distribution whose parameters make sense: finite, non-negative where
 * they are times, ordered. */
static int dist_ok(const cor_dist *x)
{
    double a = x->a, b = x->b, c = x->c;
    if (!isfinite(a) || !isfinite(b) || !isfinite(c))
        return 0;
    switch (x->kind) {
    case COR_DIST_FIXED:
    case COR_DIST_EXPONENTIAL: return a >= 0;
    case COR_DIST_NORMAL: return a >= 0 && b >= 0;
    case COR_DIST_LOGNORMAL: return b >= 0 && b <= 10 && a < 700;
    case COR_DIST_TRIANGULAR: return a >= 0 && a <= b && b <= c;
    case COR_DIST_UNIFORM: return a >= 0 && a <= b;
    case COR_DIST_EMPIRICAL:
        if (x->ntable < 1 || x->ntable > COR_DIST_MAX_TABLE)
            return 0;
        for (uint32_t i = 0; i < x->ntable; i++)
            if (!isfinite(x->table[i]) || x->table[i] < 0)
                return 0;
        return 1;
    }
    return 0;
}

/* ---- plans ------------------------------------------------------------- */

/* A step as the inner loop reads it. */
enum { OP_FIXED, OP_NORMAL, OP_LOGNORMAL, OP_TRIANGULAR, OP_UNIFORM, OP_EXPONENTIAL, OP_EMPIRICAL, OP_HEADWAY,
       OP_TIMETABLE, OP_IRREGULAR };

typedef struct sim_op {
    uint8_t op;
    double a, b, c, d;       /* resolved parameters */
    uint32_t ntable;         /* OP_EMPIRICAL: the step's table, steps[i].dist.table */
    double planned;          /* OP_TIMETABLE: the departure taken at mean times */
} sim_op;

struct cor_sim_plan {
    cor_sim_step *steps;
    sim_op *ops;
    uint32_t n, cap;
    double t_mean;           /* hours at the end of the steps, every delay at its mean */
};

cor_sim_plan *cor_sim_plan_new(void)
{
    return calloc(1, sizeof(cor_sim_plan));
}

void cor_sim_plan_free(cor_sim_plan *p)
{
    if (!p)
        return;
    free(p->steps);
    free(p->ops);
    free(p);
}

uint32_t cor_sim_plan_count(const cor_sim_plan *p)
{
    return p->n;
}

const cor_sim_step *cor_sim_plan_step(const cor_sim_plan *p, uint32_t i)
{
    return i < p->n ? &p->steps[i] : NULL;
}

/* Resolve step i into its op, and the timetabled departures' planned
 * times (the run with every delay at its mean).  Done as steps are added,
 * so that a plan is never written once it is shared. */
static void compile_step(cor_sim_plan *p, uint32_t i)
{
    const cor_sim_step *s = &p->steps[i];
    sim_op *o = &p->ops[i];
    memset(o, 0, sizeof *o);
    if (s->kind == COR_SIM_DEPARTURE) {
        if (s->schedule == COR_SCHED_IRREGULAR) {
            o->op = OP_IRREGULAR;
            o->a = s->wait_hours;
            p->t_mean += s->wait_hours;
        } else if (s->schedule == COR_SCHED_HEADWAY) {
            o->op = OP_HEADWAY;
            o->a = s->headway_hours;
            p->t_mean += s->headway_hours / 2.0;
        } else {
            o->op = OP_TIMETABLE;
            o->a = s->headway_hours;
            o->b = s->phase_hours;
            o->planned = o->b + ceil((p->t_mean - o->b) / o->a) * o->a;
            p->t_mean = o->planned;
        }
        return;
    }
    const cor_dist *x = &s->dist;
    o->a = x->a;
    o->b = x->b;
    o->c = x->c;
    switch (x->kind) {
    case COR_DIST_FIXED: o->op = OP_FIXED; break;
    case COR_DIST_NORMAL: o->op = OP_NORMAL; break;
    case COR_DIST_LOGNORMAL: o->op = OP_LOGNORMAL; break;
    case COR_DIST_TRIANGULAR:
        o->op = OP_TRIANGULAR;
        o->d = x->c > x->a ? (x->b - x->a) / (x->c - x->a) : 0; /* F(mode) */
        break;
    case COR_DIST_UNIFORM: o->op = OP_UNIFORM; break;
    case COR_DIST_EXPONENTIAL: o->op = OP_EXPONENTIAL; break;
    case COR_DIST_EMPIRICAL:
        o->op = OP_EMPIRICAL;
        o->ntable = x->ntable;
        break;
    }
    p->t_mean += cor_dist_mean(x);
}

cor_status cor_sim_plan_add(cor_sim_plan *p, const cor_sim_step *s, cor_diag *d)
{
    if (s->kind == COR_SIM_DELAY) {
        if (!dist_ok(&s->dist))
            return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "step %u: bad %s distribution", p->n + 1,
                                cor_dist_kind_name(s->dist.kind));
    } else if (s->kind == COR_SIM_DEPARTURE) {
        int ok;
        if (s->schedule == COR_SCHED_IRREGULAR)
            ok = isfinite(s->wait_hours) && s->wait_hours >= 0;
        else
            ok = isfinite(s->headway_hours) && s->headway_hours > 0 && s->headway_hours < 1e6 &&
                 (s->schedule == COR_SCHED_HEADWAY || (isfinite(s->phase_hours) && fabs(s->phase_hours) < 1e6)) &&
                 (s->schedule == COR_SCHED_HEADWAY || s->schedule == COR_SCHED_TIMETABLE);
        if (!ok)
            return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "step %u: bad departure (headway, phase or wait)",
                                p->n + 1);
    } else {
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "step %u: unknown kind", p->n + 1);
    }
    if (p->n >= COR_SIM_MAX_STEPS)
        return cor_diag_add(d, COR_ELIMIT, NULL, 0, 0, "a plan holds at most %u steps", COR_SIM_MAX_STEPS);
    if (p->n == p->cap) {
        uint32_t cap = p->cap ? 2 * p->cap : 16;
        cor_sim_step *ns = realloc(p->steps, cap * sizeof *ns);
        if (!ns)
            return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
        p->steps = ns;
        sim_op *no = realloc(p->ops, cap * sizeof *no);
        if (!no)
            return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
        p->ops = no;
        p->cap = cap;
    }
    p->steps[p->n] = *s;
    compile_step(p, p->n);
    p->n++;
    return COR_OK;
}

void cor_sim_plan_moments(const cor_sim_plan *p, double *mean_hours, double *var_hours)
{
    double m = 0, v = 0;
    for (uint32_t i = 0; i < p->n; i++) {
        const cor_sim_step *s = &p->steps[i];
        if (s->kind == COR_SIM_DELAY) {
            m += cor_dist_mean(&s->dist);
            v += cor_dist_var(&s->dist);
        } else if (s->schedule == COR_SCHED_IRREGULAR) {
            m += s->wait_hours;
            v += s->wait_hours * s->wait_hours;
        } else { /* a wait uniform over the headway */
            m += s->headway_hours / 2.0;
            v += s->headway_hours * s->headway_hours / 12.0;
        }
    }
    *mean_hours = m;
    *var_hours = v;
}

void cor_sim_estimate(const cor_sim_plan *p, double *mean_days, double *p50_days, double *p95_days)
{
    /* The fixed steps shift the total; the rest is matched by a lognormal
     * of the same mean and variance (a shifted lognormal). */
    double shift = 0;
    for (uint32_t i = 0; i < p->n; i++)
        if (p->steps[i].kind == COR_SIM_DELAY && p->steps[i].dist.kind == COR_DIST_FIXED)
            shift += p->steps[i].dist.a;
    double m, v;
    cor_sim_plan_moments(p, &m, &v);
    double rm = m - shift;
    *mean_days = m / 24.0;
    if (rm <= 0 || v <= 0) {
        *p50_days = *p95_days = m / 24.0;
        return;
    }
    double s2 = log1p(v / (rm * rm));
    double mu = log(rm) - s2 / 2.0;
    *p50_days = (shift + exp(mu)) / 24.0;
    *p95_days = (shift + exp(mu + Z95 * sqrt(s2))) / 24.0;
}

/* ---- Monte Carlo -------------------------------------------------------- */

void cor_sim_options_init(cor_sim_options *o)
{
    memset(o, 0, sizeof *o);
    o->runs = 10000;
    o->seed = 1;
    o->threads = 1;
}

void cor_sim_result_init(cor_sim_result *r)
{
    memset(r, 0, sizeof *r);
    r->p_deadline = NAN;
}

void cor_sim_result_destroy(cor_sim_result *r)
{
    if (!r)
        return;
    free(r->days);
    cor_sim_result_init(r);
}

/* splitmix64: the seed of run i, from (seed, i) alone. */
static uint64_t run_seed(uint64_t seed, uint64_t i)
{
    uint64_t z = seed + 0x9E3779B97F4A7C15ull * (i + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* One run: the total hours; *missed set if a timetabled departure later
 * than planned was taken. */
static double draw_run(const cor_sim_plan *p, gsl_rng *r, int *missed)
{
    const sim_op *ops = p->ops;
    uint32_t n = p->n;
    double t = 0;
    for (uint32_t i = 0; i < n; i++) {
        const sim_op *o = &ops[i];
        switch (o->op) {
        case OP_FIXED: t += o->a; break;
        case OP_NORMAL: {
            double x = o->a + gsl_ran_gaussian_ziggurat(r, o->b);
            t += x > 0 ? x : 0;
            break;
        }
        case OP_LOGNORMAL: t += exp(o->a + o->b * gsl_ran_gaussian_ziggurat(r, 1.0)); break;
        case OP_TRIANGULAR: {
            double u = gsl_rng_uniform(r);
            t += u < o->d ? o->a + sqrt(u * (o->c - o->a) * (o->b - o->a))
                          : o->c - sqrt((1.0 - u) * (o->c - o->a) * (o->c - o->b));
            break;
        }
        case OP_UNIFORM: t += o->a + (o->b - o->a) * gsl_rng_uniform(r); break;
        case OP_EXPONENTIAL:
        case OP_IRREGULAR: t += gsl_ran_exponential(r, o->a); break;
        case OP_EMPIRICAL: t += p->steps[i].dist.table[gsl_rng_uniform_int(r, o->ntable)]; break;
        case OP_HEADWAY: t += o->a * gsl_rng_uniform(r); break;
        case OP_TIMETABLE: {
            double dep = o->b + ceil((t - o->b) / o->a) * o->a;
            if (dep > o->planned + 1e-9)
                *missed = 1;
            t = dep;
            break;
        }
        }
    }
    return t;
}

typedef struct sim_job {
    const cor_sim_plan *p;
    uint64_t seed, first, end;  /* runs first .. end-1 */
    double *hours;              /* [runs] shared; each job writes its own slice */
    uint64_t missed;
    int failed;
} sim_job;

static void *run_job(void *arg)
{
    sim_job *j = arg;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    if (!r) {
        j->failed = 1;
        return NULL;
    }
    for (uint64_t i = j->first; i < j->end; i++) {
        gsl_rng_set(r, (unsigned long)run_seed(j->seed, i));
        int missed = 0;
        j->hours[i] = draw_run(j->p, r, &missed);
        j->missed += (uint64_t)missed;
    }
    gsl_rng_free(r);
    return NULL;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

cor_status cor_simulate(const cor_sim_plan *p, const cor_sim_options *o, cor_sim_result *out, cor_diag *d)
{
    cor_sim_result_init(out);
    if (o->runs < 1 || o->runs > COR_SIM_MAX_RUNS)
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "--runs: must be 1 to %u", COR_SIM_MAX_RUNS);
    if (o->threads > COR_SIM_MAX_THREADS)
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "--threads: must be 1 to %u", COR_SIM_MAX_THREADS);
    if (isnan(o->deadline_days) || o->deadline_days > 1e5)
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "--deadline: must be a number of days up to 100000");
    double *h = malloc(o->runs * sizeof *h);
    unsigned nt = o->threads ? o->threads : 1;
    if ((uint64_t)nt > o->runs)
        nt = (unsigned)o->runs;
    sim_job *jobs = calloc(nt, sizeof *jobs);
    pthread_t *tid = calloc(nt, sizeof *tid);
    cor_status s = COR_OK;
    if (!h || !jobs || !tid) {
        s = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory (%llu runs)", (unsigned long long)o->runs);
        goto done;
    }
    unsigned started = 0;
    for (unsigned k = 0; k < nt; k++) {
        jobs[k] = (sim_job){p, o->seed, o->runs * k / nt, o->runs * (k + 1) / nt, h, 0, 0};
        if (k == 0)
            continue; /* the calling thread runs the first slice */
        if (pthread_create(&tid[k], NULL, run_job, &jobs[k]) != 0) {
            jobs[k].failed = 2;
            break;
        }
        started = k;
    }
    run_job(&jobs[0]);
    uint64_t missed = 0;
    for (unsigned k = 0; k < nt; k++) {
        if (k > 0 && k <= started)
            pthread_join(tid[k], NULL);
        if (jobs[k].failed && s == COR_OK)
            s = jobs[k].failed == 2 ? cor_diag_add(d, COR_EINTERNAL, NULL, 0, 0, "cannot start a thread")
                                    : cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
        missed += jobs[k].missed;
    }
    if (s != COR_OK)
        goto done;
    for (uint64_t i = 0; i < o->runs; i++)
        h[i] /= 24.0;
    qsort(h, (size_t)o->runs, sizeof *h, cmp_double); /* glibc's merge sort: faster than gsl_sort's heapsort */
    size_t n = (size_t)o->runs;
    out->runs = o->runs;
    out->mean_days = gsl_stats_mean(h, 1, n);
    out->sd_days = n > 1 ? gsl_stats_sd_m(h, 1, n, out->mean_days) : 0;
    out->min_days = h[0];
    out->max_days = h[n - 1];
    out->p50_days = gsl_stats_quantile_from_sorted_data(h, 1, n, 0.50);
    out->p80_days = gsl_stats_quantile_from_sorted_data(h, 1, n, 0.80);
    out->p95_days = gsl_stats_quantile_from_sorted_data(h, 1, n, 0.95);
    out->missed_share = (double)missed / (double)n;
    if (o->deadline_days > 0) {
        /* runs within the deadline: the first index past it in sorted data */
        size_t lo = 0, hi = n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (h[mid] <= o->deadline_days)
                lo = mid + 1;
            else
                hi = mid;
        }
        out->p_deadline = (double)lo / (double)n;
    }
    if (o->keep_samples) {
        out->days = h;
        h = NULL;
    }
done:
    free(h);
    free(jobs);
    free(tid);
    return s;
}
