/*
 * access.c -- first and last mile by road between a city and the best
 * terminals.  See corridor/access.h for the rule.
 *
 * Candidates are found by one pass over the nodes (great circle to each),
 * sorted by distance: O(N log N).  The route is one multi-source,
 * multi-target search (cor_shortest_path_multi) whose initial and final
 * labels are the candidates' road legs.
 */
#include "corridor/access.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/alloc.h" /* last: maps malloc & co. to the counted wrappers */

typedef struct cand {
    uint32_t node;
    double km;
    int depot, terminal, road;
} cand;

static int cand_cmp(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->km != y->km)
        return x->km < y->km ? -1 : 1;
    return x->node < y->node ? -1 : x->node > y->node;
}

static uint32_t road_class(const cor_network *net)
{
    for (uint32_t c = 0; c < cor_network_class_count(net); c++)
        if (cor_network_class(net, c)->mode == COR_MODE_ROAD)
            return c;
    return COR_NONE;
}

/* Fill the leg's costs for a road of km great circle in `country`. */
static void price(const cor_network *net, const cor_query *q, const char *country, double gc_km, cor_access_leg *l)
{
    const cor_mode_params *mp = cor_network_mode(net, COR_MODE_ROAD);
    l->great_circle_km = gc_km;
    l->circuity = COR_ACCESS_CIRCUITY;
    l->distance_km = gc_km * COR_ACCESS_CIRCUITY;
    l->speed_kmh = mp->speed_kmh;
    l->rate_usd_per_teu_km = mp->rate_usd_per_teu_km;
    int from_rates = 0;
    for (uint32_t i = 0; i < cor_network_rate_rule_count(net); i++) {
        const cor_rate_rule *r = cor_network_rate_rule(net, i);
        if (r->mode == COR_MODE_ROAD && strcmp(r->country, country) == 0) {
            l->rate_usd_per_teu_km = r->rate_usd_per_teu_km;
            from_rates = 1;
            break;
        }
    }
    l->rate_basis = from_rates ? "rates.csv, road in the country" : "modes.csv, road default";
    const cor_driving_rule *any = NULL, *rule = NULL;
    for (uint32_t i = 0; i < cor_network_driving_rule_count(net); i++) {
        const cor_driving_rule *r = cor_network_driving_rule(net, i);
        if (strcmp(r->country, country) == 0)
            rule = r;
        else if (strcmp(r->country, "*") == 0)
            any = r;
    }
    if (!rule)
        rule = any;
    l->rest_per_drive_hour = rule && rule->drive_hours_per_day > 0 ? rule->rest_hours_per_day / rule->drive_hours_per_day
                                                                  : 0;
    l->moving_hours = l->distance_km / l->speed_kmh * (1.0 + l->rest_per_drive_hour);
    l->hours = l->moving_hours;
    l->cost_usd = l->distance_km * l->rate_usd_per_teu_km;
    /* the box's cargo (box.h: each mode's payload x its TEU by default) */
    double payload = cor_query_cargo_t(q, net, COR_MODE_ROAD);
    l->tonne_km = l->distance_km * payload * (1.0 + (q->empty_running > 0 ? q->empty_running : 0));
    l->co2e_kg = l->distance_km * mp->payload_t_per_teu * mp->co2e_g_per_tkm / 1000.0 * cor_co2_scale(q, net, COR_MODE_ROAD);
    const cor_emission_factor *ef = cor_network_factor(net, COR_MODE_ROAD);
    l->ttw_kg = ef->defined && !isnan(ef->ttw_g_per_tkm) && ef->wtw_g_per_tkm > 0
                    ? l->co2e_kg * ef->ttw_g_per_tkm / ef->wtw_g_per_tkm
                    : NAN;
    if (cor_query_box(q)->set) { /* priced for the box by its road rule; a reefer's genset */
        double rco2 = 0;
        cor_box_leg_cost(q, COR_MODE_ROAD, l->hours, &l->cost_usd, &l->co2e_kg, &rco2);
        l->co2e_kg += rco2;
    }
    l->weight = cor_weight(q, l->hours, l->cost_usd, l->co2e_kg, l->distance_km);
}

cor_status cor_access_candidates(const cor_filter *f, const cor_query *q, const cor_city *city, int last,
                                 cor_access_end *out, cor_diag *d)
{
    const cor_graph *g = f->g;
    const cor_network *net = g->net;
    memset(out, 0, sizeof *out);
    const char *what = last ? "last" : "first";
    const cor_mode_params *mp = cor_network_mode(net, COR_MODE_ROAD);
    if (!mp->defined || !(mp->speed_kmh > 0))
        return cor_diag_add(d, COR_ENOROUTE, NULL, 0, 0,
                            "%s is not a network node and the network has no road mode (modes.csv) for its %s mile",
                            city->name, what);
    if (q->modes && !(q->modes & (1u << COR_MODE_ROAD)))
        return cor_diag_add(d, COR_ENOROUTE, NULL, 0, 0,
                            "%s is not a network node: its %s mile is by road, which --modes leaves out", city->name,
                            what);
    const cor_box_spec *bx = cor_query_box(q);
    double gross = cor_box_gross_t(bx, q->payload_t_per_teu > 0 ? q->payload_t_per_teu : mp->payload_t_per_teu);
    double limit = cor_box_road_limit_t(bx, city->country);
    if (gross > limit + 1e-9)
        return cor_diag_add(d, COR_ENOROUTE, NULL, 0, 0,
                            "%s is not a network node: its %s mile is by road, and the %s at %.1f t gross is over "
                            "the road limit in %s (%.1f t: road_limits.csv); a lighter --cargo-t would do",
                            city->name, what, bx->name, gross, city->country, limit);
    uint32_t nn = cor_network_node_count(net);
    uint32_t rc = road_class(net);
    cand *c = malloc((nn ? nn : 1) * sizeof *c);
    uint8_t *term = calloc(nn ? nn : 1, 1);
    if (!c || !term) {
        free(c);
        free(term);
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (uint32_t i = 0; i < cor_network_terminal_count(net); i++)
        term[cor_network_terminal(net, i)->node] = 1;
    uint32_t nc = 0, other_country = 0;
    for (uint32_t i = 0; i < nn; i++) {
        const cor_node *n = cor_network_node(net, i);
        if (!f->node_ok[i])
            continue;
        int road = 0;
        for (uint32_t s = g->node_first_state[i]; s < g->node_first_state[i + 1]; s++)
            road |= rc != COR_NONE && g->state_cls[s] == rc;
        int depot = n->kind && strcmp(n->kind, "dryport") == 0;
        if (!term[i] && !road)
            continue;
        double km = cor_great_circle_km(city->lat, city->lon, n->lat, n->lon);
        if (!(km <= COR_ACCESS_RADIUS_KM))
            continue;
        if (!n->country || strcmp(n->country, city->country) != 0) {
            other_country++;
            continue;
        }
        c[nc++] = (cand){i, km, depot, term[i], road};
    }
    free(term);
    if (nc == 0) {
        free(c);
        return cor_diag_add(d, COR_ENOROUTE, NULL, 0, 0,
                            "%s (%s) is not a network node and no terminal or road node of %s within %s km great "
                            "circle can make its %s mile by road%s",
                            city->name, city->country, city->country, COR_ACCESS_RADIUS_TEXT, what,
                            other_country ? " (nodes across a border are not used: a first or last mile does not "
                                            "cross a border)"
                                          : "");
    }
    qsort(c, nc, sizeof *c, cand_cmp);
    /* every depot, then the others nearest first, up to the cap */
    uint32_t ndepot = 0;
    for (uint32_t k = 0; k < nc; k++)
        ndepot += (uint32_t)c[k].depot;
    if (ndepot > COR_ACCESS_MAX_CANDIDATES)
        ndepot = COR_ACCESS_MAX_CANDIDATES;
    uint32_t nother = 0;
    for (uint32_t k = 0; k < nc && out->n < COR_ACCESS_MAX_CANDIDATES; k++) {
        if (!c[k].depot && nother >= COR_ACCESS_MAX_CANDIDATES - ndepot)
            continue;
        nother += (uint32_t)!c[k].depot;
        cor_access_leg *l = &out->cand[out->n++];
        memset(l, 0, sizeof *l);
        l->present = 1;
        l->last = last;
        cor_text_copy(l->city, sizeof l->city, city->name);
        memcpy(l->country, city->country, 3);
        l->geonameid = city->geonameid;
        l->population = city->population;
        l->lat = city->lat;
        l->lon = city->lon;
        l->node = c[k].node;
        price(net, q, city->country, c[k].km, l);
    }
    free(c);
    for (uint32_t k = 0; k < out->n; k++)
        out->cand[k].ncandidates = out->n;
    return COR_OK;
}

/* The states a leg joins: those with a terminal handling (and that
 * handling's weight) and the road state. */
static cor_status end_states(const cor_filter *f, const cor_access_end *e, cor_state_weight **out, uint32_t *n,
                             cor_diag *d)
{
    const cor_graph *g = f->g;
    uint32_t rc = road_class(g->net), cnt = 0;
    for (uint32_t k = 0; k < e->n; k++)
        cnt += g->node_first_state[e->cand[k].node + 1] - g->node_first_state[e->cand[k].node];
    cor_state_weight *sw = malloc((cnt ? cnt : 1) * sizeof *sw);
    if (!sw)
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    *n = 0;
    for (uint32_t k = 0; k < e->n; k++) {
        uint32_t v = e->cand[k].node;
        for (uint32_t s = g->node_first_state[v]; s < g->node_first_state[v + 1]; s++)
            if (g->term[s] != COR_NONE || (rc != COR_NONE && g->state_cls[s] == rc))
                sw[(*n)++] = (cor_state_weight){s, e->cand[k].weight + f->term_w[s]};
    }
    *out = sw;
    return COR_OK;
}

static cor_status node_states(const cor_filter *f, uint32_t node, cor_state_weight **out, uint32_t *n, cor_diag *d)
{
    const cor_graph *g = f->g;
    uint32_t cnt = g->node_first_state[node + 1] - g->node_first_state[node];
    cor_state_weight *sw = malloc((cnt ? cnt : 1) * sizeof *sw);
    if (!sw)
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    *n = 0;
    for (uint32_t s = g->node_first_state[node]; s < g->node_first_state[node + 1]; s++)
        sw[(*n)++] = (cor_state_weight){s, f->term_w[s]};
    *out = sw;
    return COR_OK;
}

cor_status cor_access_route(const cor_filter *f, const cor_query *q, cor_workspace *ws, uint32_t from,
                            const cor_access_end *from_end, uint32_t to, const cor_access_end *to_end,
                            cor_path *out, cor_access_leg *first, cor_access_leg *last, cor_diag *d)
{
    const cor_graph *g = f->g;
    const cor_network *net = g->net;
    memset(first, 0, sizeof *first);
    memset(last, 0, sizeof *last);
    char why[COR_DIAG_TEXT / 2];
    if ((!from_end && from >= g->nnodes) || (!to_end && to >= g->nnodes))
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "node index out of range");
    if (!from_end && cor_filter_node_problem(f, from, why, sizeof why))
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "the origin %s is %s", cor_network_node(net, from)->name, why);
    if (!to_end && cor_filter_node_problem(f, to, why, sizeof why))
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "the destination %s is %s", cor_network_node(net, to)->name,
                            why);
    for (uint32_t i = 0; i < q->nvia; i++)
        if (q->via[i] < g->nnodes && cor_filter_node_problem(f, q->via[i], why, sizeof why))
            return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "--via %s is %s", cor_network_node(net, q->via[i])->name,
                                why);
    if (!from_end && !to_end)
        return cor_shortest_path(f, q, ws, from, to, out, d);
    cor_state_weight *src = NULL, *dst = NULL;
    uint32_t nsrc = 0, ndst = 0;
    cor_status s = from_end ? end_states(f, from_end, &src, &nsrc, d) : node_states(f, from, &src, &nsrc, d);
    if (s == COR_OK)
        s = to_end ? end_states(f, to_end, &dst, &ndst, d) : node_states(f, to, &dst, &ndst, d);
    if (s == COR_OK)
        s = cor_shortest_path_multi(f, q, ws, src, nsrc, dst, ndst, out, d);
    free(src);
    free(dst);
    if (s != COR_OK)
        return s;
    /* no returned route passes a place twice (route.h); the search starts
     * once from each candidate, and none of 5,702 city routes on the
     * shipped network looped: refuse rather than show a loop */
    uint32_t twice;
    int lp = cor_path_repeated_node(f, out, &twice);
    if (lp < 0)
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    if (lp) {
        out->narcs = 0;
        return cor_diag_add(d, COR_ENOROUTE, NULL, 0, 0,
                            "the best route between these terminals passes %s twice, and a loop-free one is not "
                            "searched for from a city: name a terminal (corridor nodes --city) instead",
                            cor_network_node(net, twice)->name);
    }
    for (uint32_t k = 0; from_end && k < from_end->n; k++)
        if (from_end->cand[k].node == out->from_node)
            *first = from_end->cand[k];
    for (uint32_t k = 0; to_end && k < to_end->n; k++)
        if (to_end->cand[k].node == out->to_node)
            *last = to_end->cand[k];
    return COR_OK;
}
