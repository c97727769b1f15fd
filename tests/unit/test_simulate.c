/*
 * test_simulate.c -- the Monte Carlo of corridor/simulate.h against answers
 * known in closed form.
 *
 * Tolerances come from the standard errors of the estimates: for n runs,
 * a mean is within 4 sd / sqrt(n) of the true mean, a p-quantile within
 * 4 sqrt(p (1 - p) / n) / f(x_p) (f the density at the quantile), a share
 * within 4 sqrt(s (1 - s) / n); each check fails by chance about once in
 * 16,000 runs of the suite, and never with the fixed seeds used here.
 */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/model.h"
#include "corridor/simulate.h"
#include "runner.h"

int cor_test_failures;

#define N 40000u

static cor_sim_step delay(cor_dist_kind k, double a, double b, double c)
{
    cor_sim_step s;
    memset(&s, 0, sizeof s);
    s.kind = COR_SIM_DELAY;
    s.dist.kind = k;
    s.dist.a = a;
    s.dist.b = b;
    s.dist.c = c;
    return s;
}

static cor_sim_step departure(cor_sim_schedule sch, double headway, double phase, double wait)
{
    cor_sim_step s;
    memset(&s, 0, sizeof s);
    s.kind = COR_SIM_DEPARTURE;
    s.schedule = sch;
    s.headway_hours = headway;
    s.phase_hours = phase;
    s.wait_hours = wait;
    return s;
}

static int run(const cor_sim_plan *p, uint64_t runs, uint64_t seed, unsigned threads, double deadline,
               cor_sim_result *r)
{
    cor_sim_options o;
    cor_sim_options_init(&o);
    o.runs = runs;
    o.seed = seed;
    o.threads = threads;
    o.deadline_days = deadline;
    o.keep_samples = 1;
    cor_diag d;
    cor_diag_init(&d, 4);
    cor_status s = cor_simulate(p, &o, r, &d);
    cor_diag_destroy(&d);
    return s == COR_OK;
}

static double qse(double p, double density)
{
    return 4.0 * sqrt(p * (1 - p) / N) / density;
}

/* The lognormal from a mean and a P95 has that mean and that P95. */
static void test_lognormal_fit(void)
{
    cor_dist x;
    CHECK(cor_dist_lognormal_mean_p95(48, 120, &x) == COR_OK);
    CHECK(x.kind == COR_DIST_LOGNORMAL);
    CHECK_NEAR(cor_dist_mean(&x), 48, 1e-9);
    CHECK_NEAR(exp(x.a + gsl_cdf_ugaussian_Pinv(0.95) * x.b), 120, 1e-6);
    CHECK(cor_dist_lognormal_mean_p95(10, 10, &x) == COR_OK && x.kind == COR_DIST_FIXED && x.a == 10);
    CHECK(cor_dist_lognormal_mean_p95(-1, 10, &x) == COR_EUSAGE);
    CHECK(cor_dist_lognormal_mean_p95(NAN, 10, &x) == COR_EUSAGE);
    /* beyond a lognormal's reach: the largest sigma, mean kept */
    CHECK(cor_dist_lognormal_mean_p95(1, 100, &x) == COR_OK);
    CHECK_NEAR(cor_dist_mean(&x), 1, 1e-9);
}

/* A sum of normals: normal with the sums of means and variances. */
static void test_sum_of_normals(void)
{
    cor_sim_plan *p = cor_sim_plan_new();
    cor_sim_step a = delay(COR_DIST_NORMAL, 100, 5, 0), b = delay(COR_DIST_NORMAL, 50, 3, 0),
                 c = delay(COR_DIST_NORMAL, 20, 2, 0);
    CHECK(cor_sim_plan_add(p, &a, NULL) == COR_OK && cor_sim_plan_add(p, &b, NULL) == COR_OK &&
          cor_sim_plan_add(p, &c, NULL) == COR_OK);
    double mean = 170.0 / 24, sd = sqrt(25 + 9 + 4) / 24;
    cor_sim_result r;
    CHECK(run(p, N, 7, 2, mean, &r));
    CHECK_NEAR(r.mean_days, mean, 4 * sd / sqrt(N));
    CHECK_NEAR(r.sd_days, sd, 4 * sd / sqrt(2.0 * N)); /* se of a normal sample's sd: sd / sqrt(2n) */
    CHECK_NEAR(r.p50_days, mean, qse(0.5, gsl_ran_gaussian_pdf(0, sd)));
    double z80 = gsl_cdf_ugaussian_Pinv(0.8), z95 = gsl_cdf_ugaussian_Pinv(0.95);
    CHECK_NEAR(r.p80_days, mean + z80 * sd, qse(0.8, gsl_ran_gaussian_pdf(z80 * sd, sd)));
    CHECK_NEAR(r.p95_days, mean + z95 * sd, qse(0.95, gsl_ran_gaussian_pdf(z95 * sd, sd)));
    CHECK_NEAR(r.p_deadline, 0.5, 4 * sqrt(0.25 / N));
    double m, v;
    cor_sim_plan_moments(p, &m, &v);
    CHECK_NEAR(m, 170, 1e-9);
    CHECK_NEAR(v, 38, 1e-9);
    cor_sim_result_destroy(&r);
    cor_sim_plan_free(p);
}

/* One lognormal (mean 48 h, P95 120 h). */
static void test_one_lognormal(void)
{
    cor_sim_plan *p = cor_sim_plan_new();
    cor_sim_step s;
    memset(&s, 0, sizeof s);
    s.kind = COR_SIM_DELAY;
    CHECK(cor_dist_lognormal_mean_p95(48, 120, &s.dist) == COR_OK);
    CHECK(cor_sim_plan_add(p, &s, NULL) == COR_OK);
    double mu = s.dist.a - log(24), sg = s.dist.b; /* in days */
    cor_sim_result r;
    CHECK(run(p, N, 11, 1, 0, &r));
    double sd = sqrt(cor_dist_var(&s.dist)) / 24;
    CHECK_NEAR(r.mean_days, 2.0, 4 * sd / sqrt(N));
    double q50 = exp(mu), q95 = 5.0;
    CHECK_NEAR(r.p50_days, q50, qse(0.5, gsl_ran_lognormal_pdf(q50, mu, sg)));
    CHECK_NEAR(r.p95_days, q95, qse(0.95, gsl_ran_lognormal_pdf(q95, mu, sg)));
    CHECK(isnan(r.p_deadline));
    cor_sim_result_destroy(&r);
    cor_sim_plan_free(p);
}

/* A weekly sailing with no timetable: a wait uniform over 168 h. */
static void test_headway_wait(void)
{
    cor_sim_plan *p = cor_sim_plan_new();
    cor_sim_step s = departure(COR_SCHED_HEADWAY, 168, 0, 0);
    CHECK(cor_sim_plan_add(p, &s, NULL) == COR_OK);
    cor_sim_result r;
    CHECK(run(p, N, 3, 4, 3.5, &r));
    double w = 7.0; /* days */
    CHECK_NEAR(r.mean_days, w / 2, 4 * (w / sqrt(12)) / sqrt(N));
    CHECK_NEAR(r.sd_days, w / sqrt(12), 0.02);
    CHECK_NEAR(r.p50_days, w * 0.5, qse(0.5, 1 / w));
    CHECK_NEAR(r.p95_days, w * 0.95, qse(0.95, 1 / w));
    CHECK_NEAR(r.p_deadline, 0.5, 4 * sqrt(0.25 / N));
    CHECK(r.min_days >= 0 && r.max_days <= w);
    cor_sim_result_destroy(&r);
    cor_sim_plan_free(p);
}

/* Missed connections, by hand: arrive uniformly between 20 and 30 h for
 * a daily train at 2 h past each day's start plus a day (26 h, 50 h,
 * ...), then 10 h on board.  Arrivals up to 26 h (6 in 10) catch the
 * 26 h train and arrive at 36 h; later ones wait for the 50 h train and
 * arrive at 60 h: mean 0.6 x 36 + 0.4 x 60 = 45.6 h; the planned run
 * (arrival at the mean 25 h) catches the 26 h train, so 4 runs in 10
 * miss it. */
static void test_missed_connection(void)
{
    cor_sim_plan *p = cor_sim_plan_new();
    cor_sim_step a = delay(COR_DIST_UNIFORM, 20, 30, 0), b = departure(COR_SCHED_TIMETABLE, 24, 2, 0),
                 c = delay(COR_DIST_FIXED, 10, 0, 0);
    CHECK(cor_sim_plan_add(p, &a, NULL) == COR_OK && cor_sim_plan_add(p, &b, NULL) == COR_OK &&
          cor_sim_plan_add(p, &c, NULL) == COR_OK);
    cor_sim_result r;
    CHECK(run(p, N, 5, 2, 2.0, &r));
    CHECK_NEAR(r.mean_days * 24, 45.6, 4 * 24 * sqrt(0.24) / sqrt(N)); /* sd = 24 x sqrt(0.4 x 0.6) */
    CHECK_NEAR(r.missed_share, 0.4, 4 * sqrt(0.24 / N));
    CHECK_NEAR(r.p_deadline, 0.6, 4 * sqrt(0.24 / N));
    CHECK_NEAR(r.min_days * 24, 36, 1e-9);
    CHECK_NEAR(r.max_days * 24, 60, 1e-9);
    CHECK_NEAR(r.p50_days * 24, 36, 1e-9);
    CHECK_NEAR(r.p80_days * 24, 60, 1e-9);
    /* every run's total is one of the two */
    size_t odd = 0;
    for (size_t i = 0; i < r.runs; i++)
        odd += fabs(r.days[i] * 24 - 36) > 1e-9 && fabs(r.days[i] * 24 - 60) > 1e-9;
    CHECK(odd == 0);
    cor_sim_result_destroy(&r);
    cor_sim_plan_free(p);
}

/* Triangular, exponential and empirical steps: their closed-form means. */
static void test_other_laws(void)
{
    cor_sim_plan *p = cor_sim_plan_new();
    cor_sim_step a = delay(COR_DIST_TRIANGULAR, 10, 20, 60), b = delay(COR_DIST_EXPONENTIAL, 12, 0, 0);
    cor_sim_step c = delay(COR_DIST_EMPIRICAL, 0, 0, 0);
    c.dist.ntable = 4;
    c.dist.table[0] = 1, c.dist.table[1] = 2, c.dist.table[2] = 3, c.dist.table[3] = 10;
    CHECK(cor_sim_plan_add(p, &a, NULL) == COR_OK && cor_sim_plan_add(p, &b, NULL) == COR_OK &&
          cor_sim_plan_add(p, &c, NULL) == COR_OK);
    double m, v;
    cor_sim_plan_moments(p, &m, &v);
    CHECK_NEAR(m, 30 + 12 + 4, 1e-9);
    cor_sim_result r;
    CHECK(run(p, N, 9, 1, 0, &r));
    CHECK_NEAR(r.mean_days * 24, m, 4 * sqrt(v) / sqrt(N));
    CHECK_NEAR(r.sd_days * 24, sqrt(v), 0.05 * sqrt(v));
    cor_sim_result_destroy(&r);
    cor_sim_plan_free(p);
}

/* The same seed gives the same runs at 1, 2 and 4 threads; another seed
 * does not. */
static void test_threads_reproducible(void)
{
    cor_sim_plan *p = cor_sim_plan_new();
    cor_sim_step a = delay(COR_DIST_NORMAL, 100, 5, 0), b = departure(COR_SCHED_HEADWAY, 168, 0, 0);
    cor_sim_step c;
    memset(&c, 0, sizeof c);
    c.kind = COR_SIM_DELAY;
    CHECK(cor_dist_lognormal_mean_p95(30, 90, &c.dist) == COR_OK);
    CHECK(cor_sim_plan_add(p, &a, NULL) == COR_OK && cor_sim_plan_add(p, &b, NULL) == COR_OK &&
          cor_sim_plan_add(p, &c, NULL) == COR_OK);
    cor_sim_result r1, r2, r4, r5;
    CHECK(run(p, 10001, 42, 1, 6, &r1));
    CHECK(run(p, 10001, 42, 2, 6, &r2));
    CHECK(run(p, 10001, 42, 4, 6, &r4));
    CHECK(run(p, 10001, 43, 4, 6, &r5));
    CHECK(memcmp(r1.days, r2.days, 10001 * sizeof(double)) == 0);
    CHECK(memcmp(r1.days, r4.days, 10001 * sizeof(double)) == 0);
    CHECK(memcmp(r1.days, r5.days, 10001 * sizeof(double)) != 0);
    CHECK(r1.mean_days == r4.mean_days && r1.p95_days == r4.p95_days && r1.p_deadline == r2.p_deadline);
    cor_sim_result_destroy(&r1);
    cor_sim_result_destroy(&r2);
    cor_sim_result_destroy(&r4);
    cor_sim_result_destroy(&r5);
    cor_sim_plan_free(p);
}

/* Bad options and steps are refused with the option's name. */
static void test_refusals(void)
{
    cor_sim_plan *p = cor_sim_plan_new();
    cor_diag d;
    cor_diag_init(&d, 8);
    cor_sim_step bad = delay(COR_DIST_TRIANGULAR, 10, 5, 20);
    CHECK(cor_sim_plan_add(p, &bad, &d) == COR_EUSAGE);
    bad = delay(COR_DIST_NORMAL, NAN, 1, 0);
    CHECK(cor_sim_plan_add(p, &bad, &d) == COR_EUSAGE);
    bad = departure(COR_SCHED_HEADWAY, 0, 0, 0);
    CHECK(cor_sim_plan_add(p, &bad, &d) == COR_EUSAGE);
    bad = delay(COR_DIST_EMPIRICAL, 0, 0, 0); /* empty table */
    CHECK(cor_sim_plan_add(p, &bad, &d) == COR_EUSAGE);
    CHECK(cor_sim_plan_count(p) == 0);
    cor_sim_options o;
    cor_sim_options_init(&o);
    cor_sim_result r;
    o.runs = 0;
    cor_diag_clear(&d);
    CHECK(cor_simulate(p, &o, &r, &d) == COR_EUSAGE && strstr(d.items[0].msg, "--runs"));
    o.runs = 10;
    o.threads = 100000;
    cor_diag_clear(&d);
    CHECK(cor_simulate(p, &o, &r, &d) == COR_EUSAGE && strstr(d.items[0].msg, "--threads"));
    o.threads = 1;
    o.deadline_days = NAN;
    cor_diag_clear(&d);
    CHECK(cor_simulate(p, &o, &r, &d) == COR_EUSAGE && strstr(d.items[0].msg, "--deadline"));
    /* an empty plan takes no time */
    o.deadline_days = 0;
    CHECK(cor_simulate(p, &o, &r, &d) == COR_OK && r.mean_days == 0 && r.p95_days == 0);
    cor_sim_result_destroy(&r);
    cor_diag_destroy(&d);
    cor_sim_plan_free(p);
}

/* The shipped network, its reliability tables, and a place by name. */
static int load_instc(cor_network **net, cor_graph **g, cor_reliability **rel)
{
    cor_diag d;
    cor_diag_init(&d, 8);
    int ok = cor_network_load(CORRIDOR_SOURCE_DIR "/data/instc", net, &d) == COR_OK &&
             cor_graph_build(*net, g, &d) == COR_OK && cor_reliability_load(*net, NULL, rel, &d) == COR_OK;
    for (size_t i = 0; i < d.count; i++)
        fprintf(stderr, "  %s\n", d.items[i].msg);
    cor_diag_destroy(&d);
    return ok;
}

static uint32_t place(const cor_network *net, const char *name)
{
    uint32_t n = COR_NONE, sugg[1];
    cor_network_find_node(net, name, &n, sugg, 1);
    return n;
}

/* A plan compiled from a route keeps the route's mean when nothing is
 * slowed: its moments' mean is the itinerary's hours, and the simulated
 * mean is within sampling error of it. */
static void test_plan_of_route(void)
{
    cor_network *net = NULL;
    cor_graph *g = NULL;
    cor_reliability *rel = NULL;
    CHECK(load_instc(&net, &g, &rel));
    if (!rel)
        goto done;
    cor_query q;
    cor_query_init(&q, 2026);
    q.reliability = rel;
    cor_sim_options o;
    cor_sim_options_init(&o);
    o.runs = N;
    cor_sim_result r;
    cor_itinerary it;
    cor_itinerary_init(&it);
    CHECK(cor_simulate_trip(g, &q, rel, 0, place(net, "Nhava Sheva"), place(net, "Moscow"), &o, &r, &it, NULL) ==
          COR_OK);
    cor_sim_plan *p = NULL;
    CHECK(cor_sim_plan_from_itinerary(&it, rel, 0, &p, NULL) == COR_OK);
    double m = 0, v = 0;
    if (p)
        cor_sim_plan_moments(p, &m, &v);
    CHECK_NEAR(m, it.totals.hours, 1e-6 * it.totals.hours);
    CHECK_NEAR(r.mean_days * 24, m, 4 * sqrt(v) / sqrt(N) + 0.01 * m); /* a normal's draws below 0 are cut: 1 % */
    /* a closed month: the plan refuses a route through it (Astrakhan services in January) */
    cor_sim_plan_free(p);
    cor_itinerary_destroy(&it);
    cor_sim_result_destroy(&r);
    q.depart_month = 1;
    q.modes = 1u << COR_MODE_FEEDER;
    CHECK(cor_simulate_trip(g, &q, rel, 1, place(net, "Astrakhan"), place(net, "Bandar-e Anzali"), &o, &r, NULL,
                            NULL) == COR_ENOROUTE);
    q.depart_month = 6;
    o.runs = 1000;
    CHECK(cor_simulate_trip(g, &q, rel, 6, place(net, "Astrakhan"), place(net, "Bandar-e Anzali"), &o, &r, NULL,
                            NULL) == COR_OK);
    cor_sim_result_destroy(&r);
done:
    cor_reliability_free(rel);
    cor_graph_free(g);
    cor_network_free(net);
}

/* --by p95, checked by simulation: the route it picks has a simulated P95
 * no worse than the fastest route's (within 4 standard errors of the two
 * quantiles), and it is not beaten on both mean and variance. */
static void test_by_p95(void)
{
    cor_network *net = NULL;
    cor_graph *g = NULL;
    cor_reliability *rel = NULL;
    CHECK(load_instc(&net, &g, &rel));
    if (!rel)
        goto done;
    cor_query q;
    cor_query_init(&q, 2026);
    q.reliability = rel;
    cor_filter f;
    CHECK(cor_filter_init(&f, g, &q, NULL) == COR_OK);
    cor_workspace *ws = cor_workspace_new();
    cor_path fast, pick;
    cor_path_init(&fast);
    cor_path_init(&pick);
    uint32_t a = place(net, "Nhava Sheva"), b = place(net, "Moscow");
    cor_p95_choice pc;
    CHECK(cor_shortest_path(&f, &q, ws, a, b, &fast, NULL) == COR_OK);
    CHECK(cor_route_by_p95(&f, &q, a, b, COR_P95_CANDIDATES, &pick, &pc, NULL) == COR_OK);
    CHECK(pc.candidates >= 2 && pc.kept >= 1 && pc.kept <= pc.candidates && pc.chosen < pc.candidates);
    CHECK(pc.p95_days <= pc.fastest_p95_days);
    double sp95[2], sd[2];
    const cor_path *paths[2] = {&fast, &pick};
    for (int k = 0; k < 2; k++) {
        cor_itinerary it;
        cor_itinerary_init(&it);
        cor_sim_plan *p = NULL;
        CHECK(cor_itinerary_build(&it, &f, &q, paths[k], NULL) == COR_OK);
        CHECK(cor_sim_plan_from_itinerary(&it, rel, 0, &p, NULL) == COR_OK);
        cor_sim_result r;
        CHECK(p && run(p, N, 21, 2, 0, &r));
        sp95[k] = r.p95_days;
        /* the density at P95 from the runs: 10 % of them within +-5 % of the quantile's rank */
        size_t i0 = (size_t)(0.90 * N), i1 = (size_t)(0.99 * N) - 1;
        double dens = 0.09 / (r.days[i1] - r.days[i0]);
        sd[k] = sqrt(0.95 * 0.05 / N) / dens;
        cor_sim_result_destroy(&r);
        cor_sim_plan_free(p);
        cor_itinerary_destroy(&it);
    }
    CHECK(sp95[1] <= sp95[0] + 4 * sqrt(sd[0] * sd[0] + sd[1] * sd[1]));
    if (pc.chosen > 0) /* a slower route by mean was picked: it must pay off in the tail */
        CHECK(sp95[1] < sp95[0]);
    cor_path_destroy(&fast);
    cor_path_destroy(&pick);
    cor_workspace_free(ws);
    cor_filter_destroy(&f);
done:
    cor_reliability_free(rel);
    cor_graph_free(g);
    cor_network_free(net);
}

static const cor_test tests[] = {
    {"lognormal_fit", test_lognormal_fit},
    {"sum_of_normals", test_sum_of_normals},
    {"one_lognormal", test_one_lognormal},
    {"headway_wait", test_headway_wait},
    {"missed_connection", test_missed_connection},
    {"other_laws", test_other_laws},
    {"threads_reproducible", test_threads_reproducible},
    {"refusals", test_refusals},
    {"plan_of_route", test_plan_of_route},
    {"by_p95", test_by_p95},
    {NULL, NULL},
};

int main(int argc, char **argv)
{
    int passed = 0, failed = 0;
    for (const cor_test *t = tests; t->name; t++) {
        if (argc > 1) {
            int want = 0;
            for (int i = 1; i < argc; i++)
                want |= strcmp(argv[i], t->name) == 0;
            if (!want)
                continue;
        }
        int before = cor_test_failures;
        t->fn();
        if (cor_test_failures == before) {
            passed++;
        } else {
            failed++;
            fprintf(stderr, "FAIL %s\n", t->name);
        }
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
