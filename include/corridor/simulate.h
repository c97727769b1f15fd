/*
 * corridor/simulate.h -- transit-time reliability: distributions of dwell,
 * waits and running times, seasonal calendars, and Monte Carlo over a
 * route.
 *
 * Data model.  A *reliability table* (cor_reliability) is read from a
 * network folder: variability.csv says how each kind of time varies
 * (running time per mode, dwell per stop kind or per border, as a
 * lognormal from a mean and a 95th percentile, a triangular, a normal or
 * an empirical table of multipliers of the mean), seasons.csv which links,
 * services, borders and places are closed or slowed in which months (ice on
 * the Volga and the northern Caspian, the winter queues at Astara, Nowruz).
 * Both files are optional: without them stops draw from a lognormal of
 * their dwell_hours and dwell_p95_hours, and running times are fixed.
 *
 * A *plan* (cor_sim_plan) is one route compiled into a flat array of
 * steps, in the order of the trip: a *delay* (a draw from a distribution,
 * in hours) or a *departure* (wait for the next departure of a service:
 * timetabled departures at phase + k x headway hours after the trip's
 * start, so that a late arrival waits for the next one and the delay
 * propagates; or, with no timetable, a uniform phase drawn once per run,
 * which makes the wait uniform over the headway; or an irregular service,
 * an exponential wait of its expected wait).  Plans are immutable once
 * built and may be shared by threads.
 *
 * Monte Carlo (cor_simulate): run i draws from its own GSL generator
 * (taus2) seeded from (seed, i) alone, never from the thread that runs it,
 * so the same seed gives the same figures on any machine and any number of
 * threads.  Totals are kept per run, sorted, and summarised with GSL
 * (mean, sd, gsl_stats_quantile_from_sorted_data).  O(runs x steps) time,
 * 8 bytes per run of memory; no allocation per draw.
 *
 * Thread safety: no globals; every function may be called from several
 * threads at once on shared networks, graphs, tables and plans; each call
 * owns its generators and buffers.
 *
 * Ownership: cor_reliability_load/free, cor_sim_plan_new/free (free accepts
 * NULL), cor_sim_result_init/destroy (caller-owned).
 */
#ifndef CORRIDOR_SIMULATE_H
#define CORRIDOR_SIMULATE_H

#include <stdint.h>

#include "corridor/alternatives.h"
#include "corridor/graph.h"
#include "corridor/report.h"
#include "corridor/route.h"
#include "corridor/status.h"
#include "corridor/tcd.h"

#define COR_SIM_MAX_RUNS 20000000u  /* 8 bytes each */
#define COR_SIM_MAX_THREADS 256u
#define COR_SIM_MAX_STEPS 100000u
#define COR_DIST_MAX_TABLE 64u

/* ---- distributions ----------------------------------------------------- */

typedef enum cor_dist_kind {
    COR_DIST_FIXED,       /* a: the value */
    COR_DIST_NORMAL,      /* a: mean, b: sd; a draw below 0 counts as 0 */
    COR_DIST_LOGNORMAL,   /* a: mu, b: sigma of the log (gsl_ran_lognormal) */
    COR_DIST_TRIANGULAR,  /* a: min, b: mode, c: max */
    COR_DIST_UNIFORM,     /* a: min, b: max */
    COR_DIST_EXPONENTIAL, /* a: mean */
    COR_DIST_EMPIRICAL    /* table[0..ntable): values drawn with equal chance */
} cor_dist_kind;

typedef struct cor_dist {
    cor_dist_kind kind;
    double a, b, c;
    double table[COR_DIST_MAX_TABLE];
    uint32_t ntable;
} cor_dist;

const char *cor_dist_kind_name(cor_dist_kind k);

/* The lognormal with this mean and 95th percentile (hours): sigma solves
 * mu + 1.645 sigma = log p95 with mu = log mean - sigma^2 / 2 (the smaller
 * root).  p95 <= mean gives a fixed value; a p95 beyond what a lognormal of
 * that mean reaches (p95 > mean x e^(1.645^2 / 2), about 3.87 x) takes the
 * largest sigma (1.645).  COR_EUSAGE for a negative or non-finite input. */
cor_status cor_dist_lognormal_mean_p95(double mean, double p95, cor_dist *out);
/* Mean and variance in closed form. */
double cor_dist_mean(const cor_dist *x);
double cor_dist_var(const cor_dist *x);
/* The same distribution scaled by k >= 0 (k x a draw). */
void cor_dist_scale(cor_dist *x, double k);

/* ---- reliability data (variability.csv, seasons.csv) ------------------- */

typedef struct cor_reliability cor_reliability;

/* Read dir/variability.csv and dir/seasons.csv (dir NULL: the network's
 * folder) against net: every fault as FILE:LINE:COLUMN: message; a missing
 * file is no fault (its defaults apply); dir may be a snapshot file
 * (corridor build), which holds both tables.  COR_OK and *out, or COR_EDATA,
 * COR_EIO, COR_ENOMEM and *out NULL. */
cor_status cor_reliability_load(const cor_network *net, const char *dir, cor_reliability **out, cor_diag *d);
/* The same from the text of the two files (either may be NULL: absent);
 * names are used in messages.  For tests and fuzzing. */
cor_status cor_reliability_parse(const cor_network *net, const char *variability, size_t nvariability,
                                 const char *var_name, const char *seasons, size_t nseasons,
                                 const char *seasons_name, cor_reliability **out, cor_diag *d);
void cor_reliability_free(cor_reliability *r);

/* Is link l closed in month (1-12)?  Is node n (every stop at the place)
 * closed?  Is border b closed?  The multiplier of its time or dwell in
 * that month (1 if not slowed).  month 0: never closed, factor 1.  r may
 * be NULL. */
int cor_reliability_link_closed(const cor_reliability *r, uint32_t link, int month);
int cor_reliability_node_closed(const cor_reliability *r, uint32_t node, int month);
int cor_reliability_border_closed(const cor_reliability *r, uint32_t border, int month);
double cor_reliability_link_factor(const cor_reliability *r, uint32_t link, int month);
double cor_reliability_node_factor(const cor_reliability *r, uint32_t node, int month);
double cor_reliability_border_factor(const cor_reliability *r, uint32_t border, int month);
/* Why it is closed (the season's name), or NULL if open in that month;
 * what: 0 a link, 1 a node, 2 a border. */
const char *cor_reliability_closed_why(const cor_reliability *r, uint32_t id, int what, int month);

/* ---- plans ------------------------------------------------------------- */

typedef enum cor_sim_step_kind {
    COR_SIM_DELAY,     /* add a draw of dist */
    COR_SIM_DEPARTURE  /* wait for the next departure (see above) */
} cor_sim_step_kind;

typedef enum cor_sim_schedule {
    COR_SCHED_HEADWAY,    /* departures every headway_hours, phase unknown (uniform per run) */
    COR_SCHED_TIMETABLE,  /* departures at phase_hours + k x headway_hours from the start */
    COR_SCHED_IRREGULAR   /* no fixed headway: exponential wait of mean wait_hours */
} cor_sim_schedule;

typedef struct cor_sim_step {
    cor_sim_step_kind kind;
    cor_dist dist;               /* COR_SIM_DELAY */
    cor_sim_schedule schedule;   /* COR_SIM_DEPARTURE */
    double headway_hours, phase_hours, wait_hours;
    uint32_t seq;                /* the leg or stop of the itinerary (0: none) */
} cor_sim_step;

typedef struct cor_sim_plan cor_sim_plan;

cor_sim_plan *cor_sim_plan_new(void); /* NULL when out of memory */
void cor_sim_plan_free(cor_sim_plan *p);
/* Append a step.  COR_EUSAGE for a bad distribution or schedule (negative,
 * NaN, min > max, headway <= 0), COR_ELIMIT past COR_SIM_MAX_STEPS. */
cor_status cor_sim_plan_add(cor_sim_plan *p, const cor_sim_step *s, cor_diag *d);
uint32_t cor_sim_plan_count(const cor_sim_plan *p);
const cor_sim_step *cor_sim_plan_step(const cor_sim_plan *p, uint32_t i);

/* Compile a route: each leg's running time (its moving hours, varied as
 * its mode's row of variability.csv says, scaled in a slowed month), the
 * wait for each departure of a service (headway, or irregular), each
 * stop's dwell (the border's or transfer's dwell_hours and dwell_p95_hours
 * as a lognormal unless variability.csv says otherwise, scaled in a
 * slowed month), the terminals' dwell.  month: 1-12, the month of
 * departure (the whole trip is taken in that month), or 0.  rel may be
 * NULL.  The plan's mean equals the itinerary's hours when nothing is
 * varied or slowed.  COR_EUSAGE if a step the itinerary uses is closed in
 * that month (the message names it), COR_ENOMEM. */
cor_status cor_sim_plan_from_itinerary(const cor_itinerary *it, const cor_reliability *rel, int month,
                                       cor_sim_plan **out, cor_diag *d);

/* The same for a trip that leaves on year-month-day (month 0: no date,
 * no seasons): each leg and stop takes the seasons of the month in which
 * the trip reaches it at its mean times (a trip leaving on 20 December
 * meets Astara in January).  A step closed in the month it is reached is
 * COR_EUSAGE, as above.  COR_EUSAGE for a date that does not exist. */
cor_status cor_sim_plan_from_trip(const cor_itinerary *it, const cor_reliability *rel, int year, int month, int day,
                                  cor_sim_plan **out, cor_diag *d);

/* Mean and variance of the plan's total hours, assuming independent steps
 * (departures: the wait's own moments, as if no connection were missed
 * systematically). */
void cor_sim_plan_moments(const cor_sim_plan *p, double *mean_hours, double *var_hours);

/* ---- Monte Carlo -------------------------------------------------------- */

typedef struct cor_sim_options {
    uint64_t runs;         /* 1 .. COR_SIM_MAX_RUNS */
    uint64_t seed;
    unsigned threads;      /* 0 or 1: the calling thread only; at most COR_SIM_MAX_THREADS */
    double deadline_days;  /* > 0: out->p_deadline; else NAN */
    int keep_samples;      /* 1: out->days holds every run's total, sorted */
} cor_sim_options;

void cor_sim_options_init(cor_sim_options *o); /* 10000 runs, seed 1, 1 thread, no deadline */

typedef struct cor_sim_result {
    uint64_t runs;
    double mean_days, sd_days, min_days, max_days;
    double p50_days, p80_days, p95_days;
    double p_deadline;     /* share of runs within deadline_days (NAN without one) */
    double missed_share;   /* share of runs that missed a timetabled departure they would
                              have caught at their mean times (0 without timetables) */
    double *days;          /* [runs] sorted (keep_samples), else NULL; owned */
} cor_sim_result;

void cor_sim_result_init(cor_sim_result *r);
void cor_sim_result_destroy(cor_sim_result *r);

/* Run o->runs draws of the plan.  COR_EUSAGE for options out of range (the
 * message names the option: "--runs", "--threads", "--deadline"),
 * COR_ENOMEM, COR_EINTERNAL if a thread cannot be started. */
cor_status cor_simulate(const cor_sim_plan *p, const cor_sim_options *o, cor_sim_result *out, cor_diag *d);

/* One call for a caller with a graph and a query (the sweep): the best
 * route by q from `from` to `to` (cor_shortest_path), its itinerary, its
 * plan in `month` (0 = none), and cor_simulate.  it_out may be NULL; else
 * it receives the itinerary (caller destroys; its q must outlive it).
 * COR_ENOROUTE, and the statuses of the steps. */
cor_status cor_simulate_trip(const cor_graph *g, const cor_query *q, const cor_reliability *rel, int month,
                             uint32_t from, uint32_t to, const cor_sim_options *o, cor_sim_result *out,
                             cor_itinerary *it_out, cor_diag *d);

/* A fast estimate of P50 and P95 days for ranges beside a mean (route,
 * compare): a lognormal matched to the plan's mean and variance
 * (cor_sim_plan_moments).  Deterministic, O(steps). */
void cor_sim_estimate(const cor_sim_plan *p, double *mean_days, double *p50_days, double *p95_days);

/* The range that route and compare print beside a route's mean: its P50
 * and P95 in days from a Monte Carlo of COR_RANGE_RUNS runs with seed
 * COR_RANGE_SEED (one thread) of its plan under it->q's reliability table
 * and month of departure.  NAN, NAN if the plan cannot be made (out of
 * memory).  About 1 ms for a 30-step route. */
#define COR_RANGE_RUNS 2000u
#define COR_RANGE_SEED 1u
void cor_itinerary_days_range(const cor_itinerary *it, double *p50_days, double *p95_days);

/* Routing on the 95th percentile (route --by p95).  Percentiles do not
 * add along a route, so: the k best routes by mean time (cor_k_shortest,
 * loop-free), each compiled into a plan with q's reliability table and
 * month; of those that no other beats on both the mean and the variance of
 * the total (cor_sim_plan_moments, which assume the steps independent),
 * the one with the lowest P95 of the shifted-lognormal estimate
 * (cor_sim_estimate).  Assumes independent steps (no common cause such as
 * weather across legs) and that the route with the best P95 is among the k
 * fastest by mean.  out receives the chosen path (its weight is by time);
 * info says how many candidates there were and kept, which was chosen
 * (its index, 0 = the fastest by mean) and both routes' mean and P95.
 * COR_ENOROUTE, COR_ELIMIT, COR_ENOMEM as cor_k_shortest. */
typedef struct cor_p95_choice {
    uint32_t candidates, kept, chosen;
    double mean_days, p95_days;                 /* the chosen route's */
    double fastest_mean_days, fastest_p95_days; /* the fastest by mean */
} cor_p95_choice;
#define COR_P95_CANDIDATES 20u
cor_status cor_route_by_p95(const cor_filter *f, const cor_query *q, uint32_t from, uint32_t to, uint32_t k,
                            cor_path *out, cor_p95_choice *info, cor_diag *d);

/* ---- the histogram ----------------------------------------------------- */

/* One route's runs for the chart: its name, its sorted totals in days
 * (cor_sim_result.days with keep_samples) and its summary. */
typedef struct cor_sim_hist_series {
    const char *name;
    const double *days;
    size_t nruns;
    double mean_days, p50_days, p95_days, p_deadline;
} cor_sim_hist_series;

/* Draw the histogram of n routes (1-64) as SVG, PNG or PDF (cairo; see
 * src/report/histogram.c): days across, share of runs per bin up, each
 * route's P50 (dashed) and P95 (solid) marked, the deadline (> 0) as a
 * grey line, a legend with the figures.  COR_EIO on a write error,
 * COR_EUSAGE for no runs, COR_ENOMEM, COR_EINTERNAL from cairo. */
cor_status cor_sim_histogram_write(FILE *out, cor_chart_format fmt, const cor_sim_hist_series *s, size_t n,
                                   const char *title, const char *subtitle, double deadline_days, cor_diag *d);

#endif
