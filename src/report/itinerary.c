/*
 * itinerary.c -- arcs to legs and stops.  See corridor/report.h.
 */
#include "corridor/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "../core/alloc.h" /* last: maps malloc & co. to the counted wrappers */

void cor_itinerary_init(cor_itinerary *it)
{
    memset(it, 0, sizeof *it);
}

void cor_itinerary_destroy(cor_itinerary *it)
{
    if (!it)
        return;
    cor_path_destroy(&it->path);
    free(it->views);
    free(it->view_waypoints);
    free(it->legs);
    free(it->stops);
    memset(it, 0, sizeof *it);
}

const char *cor_itinerary_chosen_by(const cor_itinerary *it)
{
    return it->chosen_by ? it->chosen_by : cor_objective_name(it->q->by);
}

static cor_stop *new_stop(cor_itinerary *it, uint32_t *seq)
{
    cor_stop *s = &it->stops[it->nstops++];
    memset(s, 0, sizeof *s);
    s->seq = ++*seq;
    return s;
}

/* Price a stop for the query's box (box.h). */
static void box_stop(const cor_query *q, cor_stop *s)
{
    if (!cor_query_box(q)->set)
        return;
    cor_box_stop_cost(q, s->kind, s->hours, &s->cost_usd, &s->co2e_kg, &s->reefer_co2e_kg);
    s->co2e_kg += s->reefer_co2e_kg;
}

static void add_border(cor_itinerary *it, const cor_network *net, uint32_t border, uint8_t cls,
                       uint32_t *seq)
{
    const cor_border *b = cor_network_border(net, border);
    cor_stop *s = new_stop(it, seq);
    s->node = b->node;
    s->kind = COR_STOP_BORDER;
    s->from_cls = s->to_cls = cls;
    s->ref = border;
    s->hours = b->dwell_hours;
    s->cost_usd = b->fee_usd;
    box_stop(it->q, s);
}

/* The terminal handling at state st, if the state has a terminal. */
static void add_terminal(cor_itinerary *it, const cor_graph *g, uint32_t st, uint32_t *seq)
{
    if (g->term[st] == COR_NONE)
        return;
    cor_stop *s = new_stop(it, seq);
    s->node = g->state_node[st];
    s->kind = COR_STOP_TERMINAL;
    s->from_cls = s->to_cls = g->state_cls[st];
    s->ref = g->term[st];
    s->hours = g->term_hours[st];
    s->cost_usd = g->term_usd[st];
    s->co2e_kg = g->term_co2e_kg[st];
    box_stop(it->q, s);
}

cor_status cor_itinerary_build(cor_itinerary *it, const cor_filter *f, const cor_query *q,
                               const cor_path *p, cor_diag *d)
{
    const cor_graph *g = f->g;
    const cor_network *net = g->net;
    cor_itinerary_destroy(it);
    it->g = g;
    it->q = q;
    it->from = p->from_node;
    it->to = p->to_node;
    size_t n = p->narcs;
    it->path.arcs = malloc((n ? n : 1) * sizeof *it->path.arcs);
    /* at most one leg per arc and two stops per arc (transfer or border) */
    it->legs = malloc((n ? n : 1) * sizeof *it->legs);
    it->stops = malloc((n + 2) * sizeof *it->stops); /* + terminals at both ends */
    if (!it->path.arcs || !it->legs || !it->stops) {
        cor_itinerary_destroy(it);
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    }
    if (n)
        memcpy(it->path.arcs, p->arcs, n * sizeof *p->arcs);
    /* keep each link arc's view (a rerouted service's lane path) */
    it->views = calloc(n ? n : 1, sizeof *it->views);
    size_t nw = 0;
    for (size_t i = 0; it->views && i < n; i++)
        if (g->kind[p->arcs[i]] == COR_ARC_LINK) {
            cor_filter_link_view(f, g->ref[p->arcs[i]], &it->views[i]);
            nw += it->views[i].nwaypoints;
        }
    it->view_waypoints = malloc((nw ? nw : 1) * sizeof *it->view_waypoints);
    if (!it->views || !it->view_waypoints) {
        cor_itinerary_destroy(it);
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    }
    nw = 0;
    for (size_t i = 0; i < n; i++) {
        cor_link_view *v = &it->views[i];
        if (v->nwaypoints) {
            memcpy(it->view_waypoints + nw, v->waypoints, v->nwaypoints * sizeof *v->waypoints);
            v->waypoints = it->view_waypoints + nw;
            nw += v->nwaypoints;
        }
    }
    it->path.narcs = it->path.cap = (uint32_t)n;
    it->path.from_node = p->from_node;
    it->path.to_node = p->to_node;
    it->path.weight = p->weight;
    uint32_t seq = 0;
    cor_leg *cur = NULL;
    /* terminal handling where the route starts */
    if (n)
        add_terminal(it, g, g->tail[p->arcs[0]], &seq);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t a = p->arcs[i];
        uint32_t u = g->state_node[g->tail[a]], v = g->state_node[g->head[a]];
        if (g->kind[a] == COR_ARC_TRANSFER) {
            const cor_transfer *t = cor_network_transfer(net, g->ref[a]);
            cur = NULL;
            cor_stop *s = new_stop(it, &seq);
            s->node = u;
            s->kind = t->kind;
            s->from_cls = g->state_cls[g->tail[a]];
            s->to_cls = g->state_cls[g->head[a]];
            s->ref = g->ref[a];
            s->hours = t->dwell_hours;
            s->cost_usd = t->cost_usd;
            s->co2e_kg = t->co2e_kg;
            box_stop(q, s);
            continue;
        }
        const cor_link *l = cor_network_link(net, g->ref[a]);
        uint32_t bnode = l->border != COR_NONE ? cor_network_border(net, l->border)->node : COR_NONE;
        if (l->border != COR_NONE && bnode == u) {
            cur = NULL;
            add_border(it, net, l->border, l->cls, &seq);
        }
        if (!cur || cur->cls != l->cls || cur->generic != l->generic) {
            cur = &it->legs[it->nlegs++];
            memset(cur, 0, sizeof *cur);
            cur->seq = ++seq;
            cur->from = u;
            cur->cls = l->cls;
            cur->first_arc = i;
            cur->generic = l->generic;
        }
        double h, usd, co2;
        const cor_link_view *lv = &it->views[i];
        cor_link_cost_view(net, l, lv, &h, &usd, &co2);
        co2 *= cor_co2_scale(q, net, l->mode);
        double rco2 = 0;
        if (cor_query_box(q)->set)
            cor_box_leg_cost(q, l->mode, h, &usd, &co2, &rco2);
        double payload = cor_query_cargo_t(q, net, l->mode);
        double tkm = lv->distance_km * payload * (1.0 + (q->empty_running > 0 ? q->empty_running : 0));
        const cor_emission_factor *ef = cor_link_factor(net, l);
        if (!cur->factor)
            cur->factor = ef;
        else if (cur->factor != ef)
            cur->mixed_factors = 1;
        double ttw = ef->defined && !isnan(ef->ttw_g_per_tkm) && ef->wtw_g_per_tkm > 0
                         ? co2 * ef->ttw_g_per_tkm / ef->wtw_g_per_tkm
                         : NAN;
        /* a truck's rests are part of its running time (driving_rules.csv) */
        cur->wait_hours += lv->wait_hours;
        cur->moving_hours += lv->distance_km / l->speed_kmh * (1.0 + l->rest_per_drive_hour);
        cur->tonne_km += tkm;
        cur->ttw_kg += ttw;
        cur->to = v;
        cur->narcs++;
        cur->distance_km += lv->distance_km;
        cur->hours += h;
        cur->cost_usd += usd;
        cur->fixed_usd += lv->fixed_usd * cor_query_box(q)->usd_factor[l->mode]; /* priced for the box, as usd */
        cur->co2e_kg += co2 + rco2;
        cur->reefer_co2e_kg += rco2;
        if (l->border != COR_NONE && bnode != u) {
            cur = NULL;
            add_border(it, net, l->border, l->cls, &seq);
        }
    }
    /* and where it ends */
    if (n)
        add_terminal(it, g, g->head[p->arcs[n - 1]], &seq);
    cor_totals *t = &it->totals;
    memset(t, 0, sizeof *t);
    for (uint32_t i = 0; i < it->nlegs; i++) {
        t->distance_km += it->legs[i].distance_km;
        t->hours += it->legs[i].hours;
        t->cost_usd += it->legs[i].cost_usd;
        t->leg_fixed_usd += it->legs[i].fixed_usd;
        t->co2e_kg += it->legs[i].co2e_kg;
        t->moving_hours += it->legs[i].moving_hours;
        t->leg_co2e_kg += it->legs[i].co2e_kg - it->legs[i].reefer_co2e_kg;
        t->reefer_co2e_kg += it->legs[i].reefer_co2e_kg;
        t->tonne_km += it->legs[i].tonne_km;
        t->ttw_kg += it->legs[i].ttw_kg;
    }
    for (uint32_t i = 0; i < it->nstops; i++) {
        const cor_stop *s = &it->stops[i];
        t->hours += s->hours;
        t->cost_usd += s->cost_usd;
        t->co2e_kg += s->co2e_kg;
        t->hub_co2e_kg += s->co2e_kg - s->reefer_co2e_kg;
        t->reefer_co2e_kg += s->reefer_co2e_kg;
        if (s->kind == COR_STOP_BORDER) {
            t->border_crossings++;
            t->border_hours += s->hours;
            t->border_usd += s->cost_usd;
        } else {
            t->handlings++;
            t->handling_hours += s->hours;
            t->handling_usd += s->cost_usd;
        }
        if (s->kind == COR_STOP_GAUGE_CHANGE)
            t->gauge_changes++;
    }
    return COR_OK;
}
