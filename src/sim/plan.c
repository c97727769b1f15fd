/*
 * plan.c -- a route compiled into a plan of steps, and the one call from a
 * query to its Monte Carlo.  See corridor/simulate.h.
 *
 * For each leg, in the order of the trip: per link, the wait for its
 * departure (a service's headway: a wait uniform over it; a wait given
 * without a headway: an irregular service, exponential), its running time
 * (distance / speed with a truck's rests, times its mode's multiplier from
 * variability.csv, or fixed) and its fixed hours (a canal transit, port
 * calls: fixed); for each stop its dwell (a lognormal of its dwell_hours
 * and dwell_p95_hours, or its row of variability.csv times its mean).  A
 * slowed month (seasons.csv) scales the dwell of a slowed place or border
 * and the running time of a slowed link.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#include "../core/alloc.h" /* last: maps malloc & co. to the counted wrappers */

static cor_status add_delay(cor_sim_plan *p, const cor_dist *x, uint32_t seq, cor_diag *d)
{
    cor_sim_step s;
    memset(&s, 0, sizeof s);
    s.kind = COR_SIM_DELAY;
    s.dist = *x;
    s.seq = seq;
    return cor_sim_plan_add(p, &s, d);
}

static cor_status add_fixed(cor_sim_plan *p, double hours, uint32_t seq, cor_diag *d)
{
    if (!(hours > 1e-12))
        return COR_OK;
    cor_dist x;
    memset(&x, 0, sizeof x);
    x.kind = COR_DIST_FIXED;
    x.a = hours;
    return add_delay(p, &x, seq, d);
}

/* mean x a multiplier distribution (or fixed if none) */
static cor_status add_scaled(cor_sim_plan *p, const cor_dist *mult, double mean, uint32_t seq, cor_diag *d)
{
    if (!(mean > 1e-12))
        return COR_OK;
    if (!mult)
        return add_fixed(p, mean, seq, d);
    cor_dist x = *mult;
    cor_dist_scale(&x, mean);
    return add_delay(p, &x, seq, d);
}

/* The extra delays of slowed seasons (an icebreaker convoy, a queue). */
static cor_status add_extras(cor_sim_plan *p, const cor_reliability *rel, int what, uint32_t id, int month,
                             uint32_t seq, cor_diag *d)
{
    cor_dist x[8];
    uint32_t n = cor_rel_extras(rel, what, id, month, x, 8);
    cor_status s = COR_OK;
    for (uint32_t i = 0; s == COR_OK && i < n; i++)
        s = add_delay(p, &x[i], seq, d);
    return s;
}

static cor_status add_stop(cor_sim_plan *p, const cor_itinerary *it, const cor_stop *st, const cor_reliability *rel,
                           int month, cor_diag *d)
{
    const cor_network *net = it->g->net;
    double mean = st->hours, p95 = st->hours;
    uint32_t border = COR_NONE;
    if (st->kind == COR_STOP_BORDER) {
        const cor_border *b = cor_network_border(net, st->ref);
        border = st->ref;
        p95 = b->dwell_p95_hours;
    } else if (st->kind == COR_STOP_TERMINAL) {
        p95 = cor_network_terminal(net, st->ref)->dwell_p95_hours;
    } else {
        p95 = cor_network_transfer(net, st->ref)->dwell_p95_hours;
    }
    if (month && (cor_reliability_node_closed(rel, st->node, month) ||
                  (border != COR_NONE && cor_reliability_border_closed(rel, border, month)))) {
        const char *why = cor_reliability_closed_why(rel, st->node, 1, month);
        if (!why && border != COR_NONE)
            why = cor_reliability_closed_why(rel, border, 2, month);
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "%s is closed in month %d (%s)",
                            cor_network_node(net, st->node)->name, month, why ? why : "seasons.csv");
    }
    double k = 1.0;
    cor_status s = COR_OK;
    if (month) {
        k = cor_reliability_node_factor(rel, st->node, month);
        if (border != COR_NONE)
            k *= cor_reliability_border_factor(rel, border, month);
        s = add_extras(p, rel, 1, st->node, month, st->seq, d);
        if (s == COR_OK && border != COR_NONE)
            s = add_extras(p, rel, 2, border, month, st->seq, d);
        if (s != COR_OK)
            return s;
    }
    const cor_dist *mult = cor_rel_stop(rel, st->kind, border);
    if (mult)
        return add_scaled(p, mult, mean * k, st->seq, d);
    cor_dist x;
    if (cor_dist_lognormal_mean_p95(mean, p95 > mean ? p95 : mean, &x) != COR_OK)
        return cor_diag_add(d, COR_EINTERNAL, NULL, 0, 0, "stop %u: bad dwell", st->seq);
    cor_dist_scale(&x, k);
    return add_delay(p, &x, st->seq, d);
}

static cor_status add_leg(cor_sim_plan *p, const cor_itinerary *it, const cor_leg *lg, const cor_reliability *rel,
                          int month, cor_diag *d)
{
    const cor_graph *g = it->g;
    const cor_network *net = g->net;
    cor_status s = COR_OK;
    for (uint32_t i = lg->first_arc; s == COR_OK && i < lg->first_arc + lg->narcs; i++) {
        uint32_t a = it->path.arcs[i];
        if (g->kind[a] != COR_ARC_LINK)
            continue;
        uint32_t li = g->ref[a];
        const cor_link *l = cor_network_link(net, li);
        const cor_link_view *v = &it->views[i];
        if (month && cor_reliability_link_closed(rel, li, month)) {
            const char *why = cor_reliability_closed_why(rel, li, 0, month);
            return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "%s is closed in month %d (%s)", l->id, month,
                                why ? why : "seasons.csv");
        }
        double k = month ? cor_reliability_link_factor(rel, li, month) : 1.0;
        double h, usd, co2;
        cor_link_cost_view(net, l, v, &h, &usd, &co2);
        double moving = v->distance_km / l->speed_kmh * (1.0 + l->rest_per_drive_hour);
        double wait = v->wait_hours;
        double fixed = h - moving - wait;
        if (wait > 1e-12) {
            cor_sim_step st;
            memset(&st, 0, sizeof st);
            st.kind = COR_SIM_DEPARTURE;
            st.seq = lg->seq;
            if (l->headway_hours > 0 && fabs(wait - l->headway_hours / 2.0) < 1e-9 * (1 + wait)) {
                st.schedule = COR_SCHED_HEADWAY;
                st.headway_hours = l->headway_hours;
            } else {
                st.schedule = COR_SCHED_IRREGULAR;
                st.wait_hours = wait;
            }
            s = cor_sim_plan_add(p, &st, d);
        }
        if (s == COR_OK)
            s = add_scaled(p, cor_rel_mode(rel, l->mode), moving * k, lg->seq, d);
        if (s == COR_OK)
            s = add_fixed(p, fixed > 0 ? fixed * k : 0, lg->seq, d);
        if (s == COR_OK && month)
            s = add_extras(p, rel, 0, li, month, lg->seq, d);
    }
    return s;
}

/* Days since 1970-01-01 of a civil date, and back (H. Hinnant's
 * algorithms, proleptic Gregorian). */
static long days_from_civil(long y, long m, long d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int month_of_days(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    return (int)(mp < 10 ? mp + 3 : mp - 9);
}

/* The plan; with a date (day > 0) each leg and stop takes the month in
 * which the trip reaches it at its mean times, else `month` throughout. */
static cor_status build_plan(const cor_itinerary *it, const cor_reliability *rel, int year, int month, int day,
                             cor_sim_plan **out, cor_diag *d)
{
    *out = NULL;
    if (month < 0 || month > 12)
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "--depart: month %d out of range", month);
    cor_sim_plan *p = cor_sim_plan_new();
    if (!p)
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    long start = day > 0 && month > 0 ? days_from_civil(year, month, day) : 0;
    cor_status s = COR_OK;
    uint32_t li = 0, si = 0;
    while (s == COR_OK && (li < it->nlegs || si < it->nstops)) {
        int m = month;
        if (day > 0 && month > 0) { /* where the calendar stands when the trip gets here */
            double mean, var;
            cor_sim_plan_moments(p, &mean, &var);
            m = month_of_days(start + (long)floor(mean / 24.0));
        }
        if (si >= it->nstops || (li < it->nlegs && it->legs[li].seq < it->stops[si].seq))
            s = add_leg(p, it, &it->legs[li++], rel, m, d);
        else
            s = add_stop(p, it, &it->stops[si++], rel, m, d);
    }
    if (s != COR_OK) {
        cor_sim_plan_free(p);
        return s;
    }
    *out = p;
    return COR_OK;
}

cor_status cor_sim_plan_from_itinerary(const cor_itinerary *it, const cor_reliability *rel, int month,
                                       cor_sim_plan **out, cor_diag *d)
{
    return build_plan(it, rel, 0, month, 0, out, d);
}

cor_status cor_sim_plan_from_trip(const cor_itinerary *it, const cor_reliability *rel, int year, int month, int day,
                                  cor_sim_plan **out, cor_diag *d)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month && (year < 1800 || year > 2200 || month < 1 || month > 12 || day < 1 || day > mdays[month - 1]))
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "--depart: no such date %d-%02d-%02d", year, month, day);
    return build_plan(it, rel, year, month, month ? day : 0, out, d);
}

cor_status cor_simulate_trip(const cor_graph *g, const cor_query *q, const cor_reliability *rel, int month,
                             uint32_t from, uint32_t to, const cor_sim_options *o, cor_sim_result *out,
                             cor_itinerary *it_out, cor_diag *d)
{
    cor_sim_result_init(out);
    cor_filter f;
    memset(&f, 0, sizeof f);
    cor_path path;
    cor_path_init(&path);
    cor_itinerary it;
    cor_itinerary_init(&it);
    cor_sim_plan *p = NULL;
    cor_workspace *ws = NULL;
    cor_status s = cor_filter_init(&f, g, q, d);
    if (s == COR_OK && !(ws = cor_workspace_new()))
        s = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    if (s == COR_OK)
        s = cor_shortest_path(&f, q, ws, from, to, &path, d);
    if (s == COR_OK)
        s = cor_itinerary_build(&it, &f, q, &path, d);
    if (s == COR_OK)
        s = cor_sim_plan_from_itinerary(&it, rel, month, &p, d);
    if (s == COR_OK)
        s = cor_simulate(p, o, out, d);
    if (s == COR_OK && it_out) {
        cor_itinerary_destroy(it_out);
        *it_out = it;
        cor_itinerary_init(&it);
    }
    cor_sim_plan_free(p);
    cor_itinerary_destroy(&it);
    cor_path_destroy(&path);
    cor_workspace_free(ws);
    cor_filter_destroy(&f);
    return s;
}

void cor_itinerary_days_range(const cor_itinerary *it, double *p50_days, double *p95_days)
{
    *p50_days = *p95_days = NAN;
    const cor_query *q = it->q;
    cor_sim_plan *p = NULL;
    cor_sim_options o;
    cor_sim_options_init(&o);
    o.runs = COR_RANGE_RUNS;
    o.seed = COR_RANGE_SEED;
    cor_sim_result r;
    cor_sim_result_init(&r);
    if (cor_sim_plan_from_itinerary(it, q ? q->reliability : NULL, q ? q->depart_month : 0, &p, NULL) == COR_OK &&
        cor_simulate(p, &o, &r, NULL) == COR_OK) {
        *p50_days = r.p50_days;
        *p95_days = r.p95_days;
    }
    cor_sim_result_destroy(&r);
    cor_sim_plan_free(p);
}

cor_status cor_route_by_p95(const cor_filter *f, const cor_query *q, uint32_t from, uint32_t to, uint32_t k,
                            cor_path *out, cor_p95_choice *info, cor_diag *d)
{
    memset(info, 0, sizeof *info);
    if (k < 1 || k > COR_MAX_ALTERNATIVES)
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "--by p95: 1 to %u candidates", COR_MAX_ALTERNATIVES);
    cor_query qt = *q;
    qt.by = COR_BY_TIME;
    cor_path_set ps;
    cor_path_set_init(&ps);
    cor_budget b = {0, 0, 0};
    cor_status s = cor_k_shortest(f, &qt, from, to, k, &b, &ps, d);
    double *mean = NULL, *var = NULL, *p95 = NULL;
    if (s == COR_OK) {
        mean = calloc(ps.n ? ps.n : 1, sizeof *mean);
        var = calloc(ps.n ? ps.n : 1, sizeof *var);
        p95 = calloc(ps.n ? ps.n : 1, sizeof *p95);
        if (!mean || !var || !p95)
            s = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (uint32_t i = 0; s == COR_OK && i < ps.n; i++) {
        cor_itinerary it;
        cor_itinerary_init(&it);
        cor_sim_plan *p = NULL;
        s = cor_itinerary_build(&it, f, &qt, &ps.paths[i], d);
        if (s == COR_OK)
            s = cor_sim_plan_from_itinerary(&it, q->reliability, q->depart_month, &p, d);
        if (s == COR_OK) {
            double m;
            cor_sim_plan_moments(p, &mean[i], &var[i]);
            cor_sim_estimate(p, &m, &(double){0}, &p95[i]);
        }
        cor_sim_plan_free(p);
        cor_itinerary_destroy(&it);
    }
    /* keep the candidates no other beats on both mean and variance; of
     * them, the lowest P95 */
    uint32_t best = COR_NONE;
    for (uint32_t i = 0; s == COR_OK && i < ps.n; i++) {
        int dominated = 0;
        for (uint32_t j = 0; j < ps.n && !dominated; j++)
            dominated = j != i && mean[j] <= mean[i] && var[j] <= var[i] && (mean[j] < mean[i] || var[j] < var[i]);
        if (dominated)
            continue;
        info->kept++;
        if (best == COR_NONE || p95[i] < p95[best])
            best = i;
    }
    if (s == COR_OK) {
        info->candidates = ps.n;
        info->chosen = best;
        info->mean_days = mean[best] / 24;
        info->p95_days = p95[best];
        info->fastest_mean_days = mean[0] / 24;
        info->fastest_p95_days = p95[0];
        cor_path_destroy(out);
        *out = ps.paths[best];
        cor_path_init(&ps.paths[best]);
    }
    free(mean);
    free(var);
    free(p95);
    cor_path_set_destroy(&ps);
    return s;
}
