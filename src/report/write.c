/*
 * write.c -- writers for itineraries and node lists: a table for people,
 * JSON (jansson), GeoJSON (RFC 7946, jansson) and CSV (libcsv quoting).
 *
 * Figures are rounded for output (km to 0.1, hours to 0.01, USD and kg to
 * 0.01) so that output is stable and readable; totals are rounded sums of
 * the unrounded values.
 */
#include "corridor/report.h"
#include "corridor/simulate.h"

#include <csv.h>
#include <jansson.h>
#include <math.h>
#include <string.h>

#include "corridor/text.h"
#include "access_out.h" /* first and last mile (access.h) */
#include "internal.h"

int cor_format_parse(const char *s, cor_format *f)
{
    static const char *const names[] = {"table", "json", "geojson", "csv", "md", "html"};
    for (int i = 0; i < 6; i++)
        if (strcmp(s, names[i]) == 0) {
            *f = (cor_format)i;
            return 0;
        }
    return -1;
}

const char *cor_format_names(void)
{
    return "table, json, geojson, csv, md or html";
}

/* How a generic sea leg (model.h) is labelled in every format. */
#define GENERIC_LABEL "generic sea (no scheduled service)"

#define grouped cor_report_grouped

static double rnd(double v, double unit)
{
    double r = round(v / unit) * unit;
    return r == 0 ? 0 : r; /* no -0 */
}

/* ---- JSON ----------------------------------------------------------- */

static json_t *node_ref(const cor_network *net, uint32_t n)
{
    const cor_node *nd = cor_network_node(net, n);
    return json_pack("{s:s, s:s, s:s}", "id", nd->id, "name", nd->name, "country", nd->country);
}

static int json_set(json_t *o, const char *k, json_t *v)
{
    return v ? json_object_set_new(o, k, v) : -1;
}

/* Did the link, as the query saw it, call at node n?  (A call that a
 * closed passage made unreachable is omitted from the view's path.) */
static int calls_at(const cor_link_view *v, uint32_t n)
{
    for (uint32_t i = 0; i < v->nwaypoints; i++)
        if (v->waypoints[i] == n)
            return 1;
    return 0;
}

/* The liner service a link belongs to: {id, name, operator, status,
 * status_as_of, calls: [port ids]}. */
static json_t *service_json(const cor_network *net, const cor_link *l, const cor_link_view *v)
{
    const cor_service *sv = cor_network_service(net, l->service);
    json_t *o = json_object(), *calls = json_array();
    int e = !o || !calls;
    if (!e) {
        e |= json_set(o, "id", json_string(sv->id));
        e |= json_set(o, "name", json_string(sv->name));
        e |= json_set(o, "operator", json_string(sv->operator_name));
        e |= json_set(o, "status", json_string(sv->status));
        e |= json_set(o, "status_as_of", json_string(sv->status_as_of));
        for (uint32_t k = 0; !e && k < l->ncalls; k++)
            if (calls_at(v, l->calls[k]))
                e |= json_array_append_new(calls, json_string(cor_network_node(net, l->calls[k])->id));
        e |= json_set(o, "calls", calls);
        calls = NULL;
    }
    json_decref(calls);
    if (e) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *leg_json(const cor_itinerary *it, const cor_leg *l)
{
    const cor_graph *g = it->g;
    const cor_network *net = g->net;
    const cor_class *c = cor_network_class(net, l->cls);
    json_t *o = json_object();
    if (!o)
        return NULL;
    int e = 0;
    e |= json_set(o, "seq", json_integer(l->seq));
    e |= json_set(o, "from", json_string(cor_network_node(net, l->from)->id));
    e |= json_set(o, "from_name", json_string(cor_network_node(net, l->from)->name));
    e |= json_set(o, "to", json_string(cor_network_node(net, l->to)->id));
    e |= json_set(o, "to_name", json_string(cor_network_node(net, l->to)->name));
    e |= json_set(o, "mode", json_string(cor_mode_name(c->mode)));
    e |= json_set(o, "class", json_string(c->name));
    if (c->mode == COR_MODE_RAIL)
        e |= json_set(o, "gauge_mm", json_integer(c->gauge_mm));
    if (l->generic) { /* present only on a generic leg, so that nobody takes it for a service */
        e |= json_set(o, "generic", json_true());
        e |= json_set(o, "service", json_string(GENERIC_LABEL));
        e |= json_set(o, "assumed_wait_hours", json_real(rnd(l->wait_hours, 0.01)));
    }
    e |= json_set(o, "distance_km", json_real(rnd(l->distance_km, 0.1)));
    e |= json_set(o, "hours", json_real(rnd(l->hours, 0.01)));
    e |= json_set(o, "cost_usd", json_real(rnd(l->cost_usd, 0.01)));
    e |= json_set(o, "co2e_kg", json_real(rnd(l->co2e_kg, 0.01)));
    json_t *links = json_array(), *via = json_array(), *pass = json_array();
    e |= json_set(o, "links", links);
    e |= json_set(o, "via", via);
    e |= json_set(o, "passages", pass);
    uint64_t pmask = 0;
    for (uint32_t i = 0; i < l->narcs; i++)
        pmask |= it->views[l->first_arc + i].passages;
    for (uint32_t i = 0; !e && i < cor_network_passage_count(net); i++)
        if (pmask & ((uint64_t)1 << i))
            e |= json_array_append_new(pass, json_string(cor_network_passage(net, i)));
    json_t *status = json_array();
    e |= json_set(o, "link_status", status);
    if (!e) {
        for (uint32_t i = 0; i < l->narcs; i++) {
            uint32_t a = it->path.arcs[l->first_arc + i];
            const cor_link *lk = cor_network_link(net, g->ref[a]);
            e |= json_array_append_new(links, json_string(lk->id));
            /* per link: its status (open, irregular, construction, ...) as of its date */
            json_t *st = json_object();
            e |= !st;
            if (st) {
                e |= json_set(st, "link", json_string(lk->id));
                e |= json_set(st, "status", json_string(lk->status && *lk->status ? lk->status : "open"));
                if (lk->status_as_of && *lk->status_as_of)
                    e |= json_set(st, "as_of", json_string(lk->status_as_of));
                if (lk->open_year)
                    e |= json_set(st, "open_year", json_integer(lk->open_year));
                if (lk->operator_name && *lk->operator_name)
                    e |= json_set(st, "operator", json_string(lk->operator_name));
                e |= json_array_append_new(status, st);
            }
            if (lk->service != COR_NONE && !json_object_get(o, "liner_service"))
                e |= json_set(o, "liner_service", service_json(net, lk, &it->views[l->first_arc + i]));
            if (i + 1 < l->narcs)
                e |= json_array_append_new(via, json_string(cor_network_node(net, g->state_node[g->head[a]])->id));
        }
    }
    if (e) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *stop_json(const cor_itinerary *it, const cor_stop *s)
{
    const cor_network *net = it->g->net;
    json_t *o = json_object();
    if (!o)
        return NULL;
    int e = 0;
    e |= json_set(o, "seq", json_integer(s->seq));
    e |= json_set(o, "node", json_string(cor_network_node(net, s->node)->id));
    e |= json_set(o, "name", json_string(cor_network_node(net, s->node)->name));
    e |= json_set(o, "kind", json_string(cor_stop_kind_name(s->kind)));
    e |= json_set(o, "from_class", json_string(cor_network_class(net, s->from_cls)->name));
    e |= json_set(o, "to_class", json_string(cor_network_class(net, s->to_cls)->name));
    if (s->kind == COR_STOP_BORDER) {
        const cor_border *b = cor_network_border(net, s->ref);
        e |= json_set(o, "border", json_string(b->id));
        e |= json_set(o, "border_name", json_string(b->name));
    }
    e |= json_set(o, "hours", json_real(rnd(s->hours, 0.01)));
    e |= json_set(o, "cost_usd", json_real(rnd(s->cost_usd, 0.01)));
    e |= json_set(o, "co2e_kg", json_real(rnd(s->co2e_kg, 0.01)));
    if (e) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* "Transit time P50 19.6 days, P95 36.9 days (...)": the range beside the
 * mean, from a simulation of the route (simulate.h). */
static int range_line(FILE *out, const cor_itinerary *it)
{
    double p50, p95;
    cor_itinerary_days_range(it, &p50, &p95);
    if (isnan(p50))
        return 0;
    return fprintf(out, "Transit time P50 %.1f days, P95 %.1f days (%u simulated runs, seed %u; corridor simulate%s)\n",
                   p50, p95, COR_RANGE_RUNS, COR_RANGE_SEED, it->q && it->q->depart_month ? ", in the month of --depart" : "") < 0;
}

/* The totals of a route, with the P50 and P95 days of a 2,000-run
 * simulation beside the mean (simulate.h: cor_itinerary_days_range). */
static json_t *totals_json(const cor_itinerary *it)
{
    const cor_totals *t = &it->totals;
    double p50, p95;
    cor_itinerary_days_range(it, &p50, &p95);
    json_t *o = json_pack("{s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:I, s:I, s:I}", "distance_km", rnd(t->distance_km, 0.1),
                          "hours", rnd(t->hours, 0.01), "days", rnd(t->hours / 24.0, 0.01), "days_p50",
                          isnan(p50) ? 0 : rnd(p50, 0.1), "days_p95", isnan(p95) ? 0 : rnd(p95, 0.1), "cost_usd",
                          rnd(t->cost_usd, 0.01), "co2e_kg", rnd(t->co2e_kg, 0.01), "handlings",
                          (json_int_t)t->handlings, "border_crossings", (json_int_t)t->border_crossings,
                          "gauge_changes", (json_int_t)t->gauge_changes);
    if (o && isnan(p50)) {
        json_object_set_new(o, "days_p50", json_null());
        json_object_set_new(o, "days_p95", json_null());
    }
    return o;
}

static double share(double part, double whole)
{
    return whole > 0 ? rnd(part / whole, 0.001) : 0;
}

static json_t *num_or_null(double v, double unit)
{
    return isnan(v) ? json_null() : json_real(rnd(v, unit));
}

static json_t *indicators_json(const cor_itinerary *it)
{
    const cor_network *net = it->g->net;
    const cor_totals *t = &it->totals;
    json_t *o = json_object(), *bc = json_array();
    if (!o || !bc) {
        json_decref(o);
        json_decref(bc);
        return NULL;
    }
    int e = 0;
    double waiting = t->hours - t->moving_hours - t->border_hours - t->handling_hours;
    e |= json_set(o, "speed_without_delay_kmh", json_real(rnd(t->moving_hours > 0 ? t->distance_km / t->moving_hours : 0, 0.1)));
    e |= json_set(o, "speed_with_delay_kmh", json_real(rnd(t->hours > 0 ? t->distance_km / t->hours : 0, 0.1)));
    e |= json_set(o, "moving_hours", json_real(rnd(t->moving_hours, 0.01)));
    e |= json_set(o, "waiting_hours", json_real(rnd(waiting < 0 ? 0 : waiting, 0.01)));
    e |= json_set(o, "border_hours", json_real(rnd(t->border_hours, 0.01)));
    e |= json_set(o, "border_cost_usd", json_real(rnd(t->border_usd, 0.01)));
    e |= json_set(o, "border_share_of_time", json_real(share(t->border_hours, t->hours)));
    e |= json_set(o, "border_share_of_cost", json_real(share(t->border_usd, t->cost_usd)));
    e |= json_set(o, "handling_hours", json_real(rnd(t->handling_hours, 0.01)));
    e |= json_set(o, "handling_cost_usd", json_real(rnd(t->handling_usd, 0.01)));
    e |= json_set(o, "handling_share_of_time", json_real(share(t->handling_hours, t->hours)));
    e |= json_set(o, "handling_share_of_cost", json_real(share(t->handling_usd, t->cost_usd)));
    for (uint32_t i = 0; i < it->nstops && !e; i++) {
        const cor_stop *st = &it->stops[i];
        if (st->kind != COR_STOP_BORDER)
            continue;
        const cor_border *b = cor_network_border(net, st->ref);
        e |= json_array_append_new(bc, json_pack("{s:s, s:s, s:s, s:s, s:f, s:f, s:f, s:f}", "border", b->id, "name",
                                                 b->name, "node", cor_network_node(net, st->node)->id, "countries",
                                                 b->countries, "hours", rnd(st->hours, 0.01), "cost_usd",
                                                 rnd(st->cost_usd, 0.01), "share_of_time",
                                                 share(st->hours, t->hours), "share_of_cost",
                                                 share(st->cost_usd, t->cost_usd)));
    }
    e |= json_set(o, "border_crossings", bc);
    if (e) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *emissions_json(const cor_itinerary *it)
{
    const cor_network *net = it->g->net;
    const cor_totals *t = &it->totals;
    json_t *o = json_object(), *chain = json_array();
    if (!o || !chain) {
        json_decref(o);
        json_decref(chain);
        return NULL;
    }
    int e = 0;
    e |= json_set(o, "standard", json_string("ISO 14083:2023 transport chain (GLEC Framework v3 structure)"));
    e |= json_set(o, "scope", json_string("WTW"));
    const cor_box_spec *bx = cor_query_box(it->q);
    e |= json_set(o, "payload_t_per_teu",
                  bx->cargo_t > 0 ? json_real(rnd(bx->cargo_t / bx->teu, 0.001))
                  : it->q->payload_t_per_teu > 0 ? json_real(it->q->payload_t_per_teu) : json_string("mode default"));
    e |= json_set(o, "empty_running", json_real(it->q->empty_running > 0 ? it->q->empty_running : 0));
    e |= json_set(o, "co2e_kg", json_real(rnd(t->co2e_kg, 0.01)));
    e |= json_set(o, "legs_co2e_kg", json_real(rnd(t->leg_co2e_kg, 0.01)));
    e |= json_set(o, "hubs_co2e_kg", json_real(rnd(t->hub_co2e_kg, 0.01)));
    e |= json_set(o, "reefer_unit_co2e_kg", json_real(rnd(t->reefer_co2e_kg, 0.01)));
    e |= json_set(o, "allocation", json_string("by cargo mass (ISO 14083 / GLEC: tonne-km of the cargo, not the box's tare)"));
    e |= json_set(o, "tonne_km", json_real(rnd(t->tonne_km, 0.1)));
    e |= json_set(o, "legs_ttw_co2e_kg", num_or_null(t->ttw_kg, 0.01));
    e |= json_set(o, "legs_wtt_co2e_kg", num_or_null(t->leg_co2e_kg - t->ttw_kg, 0.01));
    uint32_t li = 0, si = 0;
    while (!e && (li < it->nlegs || si < it->nstops)) {
        int leg = si >= it->nstops || (li < it->nlegs && it->legs[li].seq < it->stops[si].seq);
        json_t *x = json_object();
        if (!x) {
            e = 1;
            break;
        }
        if (leg) {
            const cor_leg *l = &it->legs[li++];
            const cor_class *c = cor_network_class(net, l->cls);
            const cor_emission_factor *ef = l->factor ? l->factor : cor_network_factor(net, c->mode);
            e |= json_set(x, "element", json_string("leg"));
            e |= json_set(x, "seq", json_integer(l->seq));
            e |= json_set(x, "from", json_string(cor_network_node(net, l->from)->id));
            e |= json_set(x, "to", json_string(cor_network_node(net, l->to)->id));
            e |= json_set(x, "mode", json_string(cor_mode_name(c->mode)));
            e |= json_set(x, "tonne_km", json_real(rnd(l->tonne_km, 0.1)));
            e |= json_set(x, "intensity_g_per_tkm", json_real(rnd(l->tonne_km > 0 ? 1000 * l->co2e_kg / l->tonne_km : 0, 0.01)));
            e |= json_set(x, "co2e_kg", json_real(rnd(l->co2e_kg, 0.01)));
            e |= json_set(x, "ttw_co2e_kg", num_or_null(l->ttw_kg, 0.01));
            e |= json_set(x, "factor", ef->defined ? json_string(l->mixed_factors ? "several" : ef->id)
                                                   : json_string("modes.csv"));
            e |= json_set(x, "factor_version", ef->defined ? json_string(ef->version) : json_null());
        } else {
            const cor_stop *st = &it->stops[si++];
            e |= json_set(x, "element", json_string("hub"));
            e |= json_set(x, "seq", json_integer(st->seq));
            e |= json_set(x, "node", json_string(cor_network_node(net, st->node)->id));
            e |= json_set(x, "kind", json_string(cor_stop_kind_name(st->kind)));
            e |= json_set(x, "co2e_kg", json_real(rnd(st->co2e_kg, 0.01)));
        }
        e |= json_array_append_new(chain, x);
    }
    e |= json_set(o, "transport_chain", chain);
    if (e) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* The restriction regimes in force for q: [{id, name, since, default}],
 * and the avoided countries; NULL for a network without regimes and a
 * query that avoids no country (nothing to say). */
static json_t *restrictions_json(const cor_query *q, const cor_network *net)
{
    if (!cor_network_restriction_count(net) && !q->navoid_countries)
        return NULL;
    uint64_t active = cor_query_restrictions(q, net);
    json_t *o = json_object(), *arr = json_array(), *cc = json_array();
    int e = !o || !arr || !cc;
    for (uint32_t i = 0; !e && i < cor_network_restriction_count(net); i++) {
        if (!(active >> i & 1u))
            continue;
        const cor_restriction *r = cor_network_restriction(net, i);
        e |= json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:b}", "id", r->id, "name", r->name, "since",
                                                  r->since, "default", r->default_on));
    }
    for (uint32_t i = 0; !e && i < q->navoid_countries; i++)
        e |= json_array_append_new(cc, json_string(q->avoid_countries[i]));
    if (!e) {
        e |= json_set(o, "in_force", arr);
        arr = NULL;
        e |= json_set(o, "regimes_in_network", json_integer(cor_network_restriction_count(net)));
        e |= json_set(o, "chosen", json_string(q->restrictions_given ? "--restrictions" : "defaults"));
        e |= json_set(o, "avoided_countries", cc);
        cc = NULL;
    }
    json_decref(arr);
    json_decref(cc);
    if (e) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* "Restrictions in force (defaults): a (since ...), b" for tables. */
static int restrictions_line(FILE *out, const cor_query *q, const cor_network *net)
{
    if (!cor_network_restriction_count(net) && !q->navoid_countries)
        return 0;
    uint64_t active = cor_query_restrictions(q, net);
    int e = fprintf(out, "Restrictions in force (%s):", q->restrictions_given ? "--restrictions" : "defaults") < 0;
    int any = 0;
    for (uint32_t i = 0; i < cor_network_restriction_count(net); i++)
        if (active >> i & 1u) {
            const cor_restriction *r = cor_network_restriction(net, i);
            e |= fprintf(out, "%s %s%s%s%s", any ? "," : "", r->id, r->since[0] ? " (since " : "", r->since,
                         r->since[0] ? ")" : "") < 0;
            any = 1;
        }
    if (!any)
        e |= fprintf(out, " none") < 0;
    for (uint32_t i = 0; i < q->navoid_countries; i++)
        e |= fprintf(out, "%s %s", i ? "," : "; avoiding countries", q->avoid_countries[i]) < 0;
    e |= fputc('\n', out) == EOF;
    return e;
}

json_t *cor_box_json(const cor_query *q, const cor_network *net)
{
    const cor_box_spec *b = cor_query_box(q);
    double cargo = b->cargo_t > 0 ? b->cargo_t : q->payload_t_per_teu > 0 ? q->payload_t_per_teu * b->teu : 0;
    json_t *o = json_object(), *closed = json_array();
    int e = !o || !closed;
    if (!e) {
        e |= json_set(o, "id", json_string(b->id));
        e |= json_set(o, "name", json_string(b->name));
        e |= json_set(o, "teu", json_real(b->teu));
        e |= json_set(o, "reefer", json_boolean(b->reefer));
        e |= json_set(o, "tare_t", json_real(b->tare_t));
        e |= json_set(o, "max_gross_t", json_real(b->max_gross_t));
        e |= json_set(o, "cargo_t", cargo > 0 ? json_real(rnd(cargo, 0.001)) : json_string("mode default"));
        e |= json_set(o, "cargo_basis", json_string(b->cargo_t > 0 ? (b->cargo_given ? "given" : "typical load of the type")
                                                   : q->payload_t_per_teu > 0 ? "payload per TEU x TEU"
                                                                              : "each mode's payload per TEU"));
        if (cargo > 0)
            e |= json_set(o, "gross_t", json_real(rnd(cargo + b->tare_t, 0.001)));
        e |= json_set(o, "figures_per", json_string(cor_box_unit(b)));
        e |= json_set(o, "pricing", json_string(b->nrules ? "per item by box_rules.csv (per TEU, or per box with a 40' factor)"
                                                          : "per TEU (the network has no box_rules.csv)"));
        if (b->reefer)
            e |= json_set(o, "reefer_kw", json_real(b->reefer_kw));
        if (cargo > 0)
            for (uint32_t i = 0; i < b->nroad; i++) {
                double lim = b->road[i].max_gvw_t - b->road[i].rig_tare_t;
                if (cargo + b->tare_t > lim + 1e-9)
                    e |= json_array_append_new(closed, json_pack("{s:s, s:f}", "country", b->road[i].country,
                                                                 "max_box_gross_t", lim));
            }
        e |= json_set(o, "road_closed_in", closed);
        closed = NULL;
    }
    (void)net;
    json_decref(closed);
    if (e) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *itinerary_json(const cor_itinerary *it)
{
    const cor_network *net = it->g->net;
    json_t *o = json_object(), *legs = json_array(), *stops = json_array(), *via = json_array();
    int e = !o || !legs || !stops || !via;
    if (!e) {
        e |= json_set(o, "from", node_ref(net, it->from));
        e |= json_set(o, "to", node_ref(net, it->to));
        e |= json_set(o, "objective", json_string(cor_itinerary_chosen_by(it)));
        e |= json_set(o, "year", json_integer(it->q->year));
        json_t *rj = restrictions_json(it->q, net);
        if (rj)
            e |= json_set(o, "restrictions", rj);
        if (it->q->generic_sea) /* only when asked: generic legs were allowed, on these assumptions */
            e |= json_set(o, "generic_sea",
                          json_pack("{s:b, s:f, s:s}", "allowed", 1, "assumed_wait_hours",
                                    it->q->generic_wait_hours > 0 ? it->q->generic_wait_hours : COR_GENERIC_WAIT_HOURS,
                                    "rule", "between ports that no modelled service joins, on one sea: shortest lane "
                                            "path, the mode's default speed, rate and emissions"));
        for (uint32_t i = 0; i < it->q->nvia; i++)
            e |= json_array_append_new(via, json_string(cor_network_node(net, it->q->via[i])->id));
        e |= json_set(o, "via", via);
        via = NULL;
        e |= json_set(o, "box", cor_box_json(it->q, net));
        e |= json_set(o, "totals", totals_json(it));
        /* first and last mile (access_out.c) */
        if (it->first_mile.present)
            e |= json_set(o, "first_mile", cor_access_json(it, &it->first_mile, it->first_mile_seq));
        if (it->last_mile.present)
            e |= json_set(o, "last_mile", cor_access_json(it, &it->last_mile, it->last_mile_seq));
        for (uint32_t i = 0; i < it->nlegs && !e; i++)
            e |= json_array_append_new(legs, leg_json(it, &it->legs[i]));
        for (uint32_t i = 0; i < it->nstops && !e; i++)
            e |= json_array_append_new(stops, stop_json(it, &it->stops[i]));
        e |= json_set(o, "legs", legs);
        legs = NULL;
        e |= json_set(o, "stops", stops);
        stops = NULL;
        e |= json_set(o, "indicators", indicators_json(it));
        e |= json_set(o, "emissions", emissions_json(it));
    }
    json_decref(legs);
    json_decref(stops);
    json_decref(via);
    if (e) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* The front end's warnings as a top-level "warnings" array of {code,
 * message} (nothing when w is NULL).  Returns nonzero on failure. */
static int add_warnings(json_t *o, const cor_warnings *w)
{
    if (!o || !w)
        return 0;
    json_t *arr = json_array();
    int e = !arr;
    for (size_t i = 0; arr && i < w->count; i++)
        e |= json_array_append_new(arr, json_pack("{s:s, s:s}", "code", w->items[i].code, "message",
                                                  w->items[i].msg));
    if (arr && w->dropped)
        e |= json_array_append_new(arr, json_pack("{s:s, s:s}", "code", "more", "message",
                                                  "more warnings were found than are listed"));
    return e | json_set(o, "warnings", arr);
}

/* A JSON document with the warnings added (j is consumed; NULL on failure). */
static json_t *with_warnings(json_t *j, const cor_warnings *w)
{
    if (j && add_warnings(j, w)) {
        json_decref(j);
        return NULL;
    }
    return j;
}

static cor_status dump(FILE *out, json_t *j)
{
    if (!j)
        return COR_ENOMEM;
    int r = json_dumpf(j, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));
    json_decref(j);
    if (r != 0 || fputc('\n', out) == EOF)
        return COR_EIO;
    return COR_OK;
}

/* A GeoJSON Feature of a geometry and properties (both taken). */
static json_t *feature(json_t *geom, json_t *props)
{
    json_t *f = json_object();
    if (!f || !geom || !props) {
        json_decref(f);
        json_decref(geom);
        json_decref(props);
        return NULL;
    }
    /* json_object_set_new takes the value even when it fails */
    int e = json_set(f, "type", json_string("Feature"));
    e |= json_set(f, "geometry", geom);
    e |= json_set(f, "properties", props);
    if (e) {
        json_decref(f);
        return NULL;
    }
    return f;
}

static json_t *leg_line(const cor_itinerary *it, const cor_leg *l)
{
    const cor_graph *g = it->g;
    const cor_network *net = g->net;
    json_t *coords = json_array();
    int e = !coords;
    const cor_node *n0 = cor_network_node(net, l->from);
    e |= !coords || json_array_append_new(coords, json_pack("[f,f]", n0->lon, n0->lat));
    for (uint32_t k = 0; k < l->narcs && !e; k++) {
        uint32_t a = it->path.arcs[l->first_arc + k];
        const cor_link_view *lk = &it->views[l->first_arc + k];
        for (uint32_t w = 0; w < lk->nwaypoints; w++) {
            uint32_t wi = g->rev[a] ? lk->waypoints[lk->nwaypoints - 1 - w] : lk->waypoints[w];
            const cor_node *wn = cor_network_node(net, wi);
            e |= json_array_append_new(coords, json_pack("[f,f]", wn->lon, wn->lat));
        }
        const cor_node *n = cor_network_node(net, g->state_node[g->head[a]]);
        e |= json_array_append_new(coords, json_pack("[f,f]", n->lon, n->lat));
    }
    if (e) {
        json_decref(coords);
        return NULL;
    }
    return json_pack("{s:s, s:o}", "type", "LineString", "coordinates", coords);
}

/* A stop's properties: what it is, where, and its dwell, cost and CO2e. */
static json_t *stop_props(const cor_itinerary *it, const cor_stop *s)
{
    const cor_network *net = it->g->net;
    json_t *o = json_object();
    if (!o)
        return NULL;
    int e = 0;
    e |= json_set(o, "element", json_string("stop"));
    e |= json_set(o, "seq", json_integer(s->seq));
    e |= json_set(o, "kind", json_string(cor_stop_kind_name(s->kind)));
    e |= json_set(o, "node", json_string(cor_network_node(net, s->node)->id));
    e |= json_set(o, "name", json_string(cor_network_node(net, s->node)->name));
    e |= json_set(o, "from_class", json_string(cor_network_class(net, s->from_cls)->name));
    e |= json_set(o, "to_class", json_string(cor_network_class(net, s->to_cls)->name));
    if (s->kind == COR_STOP_BORDER) {
        const cor_border *b = cor_network_border(net, s->ref);
        e |= json_set(o, "border", json_string(b->id));
        e |= json_set(o, "border_name", json_string(b->name));
        e |= json_set(o, "countries", json_string(b->countries));
    }
    e |= json_set(o, "dwell_hours", json_real(rnd(s->hours, 0.01)));
    e |= json_set(o, "cost_usd", json_real(rnd(s->cost_usd, 0.01)));
    e |= json_set(o, "co2e_kg", json_real(rnd(s->co2e_kg, 0.01)));
    if (e) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* The legs (LineString) and stops (Point) of a route in the order of the
 * trip, each with the route's totals as "route_totals" (report.h). */
static json_t *itinerary_geojson(const cor_itinerary *it)
{
    const cor_network *net = it->g->net;
    json_t *fc = json_pack("{s:s, s:[]}", "type", "FeatureCollection", "features");
    if (!fc)
        return NULL;
    json_t *features = json_object_get(fc, "features");
    int e = json_set(fc, "box", cor_box_json(it->q, net)); /* a foreign member (RFC 7946, 6.1) */
    uint32_t li = 0, si = 0;
    while (!e && (li < it->nlegs || si < it->nstops)) {
        int leg = si >= it->nstops || (li < it->nlegs && it->legs[li].seq < it->stops[si].seq);
        json_t *f;
        if (leg) {
            const cor_leg *l = &it->legs[li++];
            json_t *props = json_pack("{s:s}", "element", "leg"), *lj = leg_json(it, l);
            if (props && lj && json_object_update(props, lj) == 0) {
                f = feature(leg_line(it, l), props);
            } else {
                json_decref(props);
                f = NULL;
            }
            json_decref(lj);
        } else {
            const cor_stop *s = &it->stops[si++];
            const cor_node *n = cor_network_node(net, s->node);
            f = feature(json_pack("{s:s, s:[f,f]}", "type", "Point", "coordinates", n->lon, n->lat),
                        stop_props(it, s));
        }
        e |= !f || json_set(json_object_get(f, "properties"), "route_totals", totals_json(it));
        e |= json_array_append_new(features, f);
    }
    if (!e && (it->first_mile.present || it->last_mile.present)) { /* first and last mile (access_out.c) */
        size_t n0 = json_array_size(features);
        e |= cor_access_geojson_append(features, it);
        for (size_t k = 0; !e && k < json_array_size(features); k++) {
            json_t *p = json_object_get(json_array_get(features, k), "properties");
            if (!json_object_get(p, "route_totals") && json_array_size(features) > n0)
                e |= json_set(p, "route_totals", totals_json(it));
        }
    }
    if (e) {
        json_decref(fc);
        return NULL;
    }
    return fc;
}

/* ---- CSV ------------------------------------------------------------ */

static int csv_field(FILE *out, const char *s, int last)
{
    if (csv_fwrite(out, s, strlen(s)) != 0)
        return -1;
    return fputc(last ? '\n' : ',', out) == EOF ? -1 : 0;
}

static int csv_num(FILE *out, double v, int prec, int last)
{
    char b[64];
    snprintf(b, sizeof b, "%.*f", prec, v == 0 ? 0.0 : v);
    return csv_field(out, b, last);
}

/* The box columns that end every row: the box type and its cargo (empty
 * when each mode's payload per TEU applies). */
static int csv_box_of(FILE *out, const cor_query *q)
{
    const cor_box_spec *b = cor_query_box(q);
    double cargo = b->cargo_t > 0 ? b->cargo_t : q->payload_t_per_teu > 0 ? q->payload_t_per_teu * b->teu : 0;
    if (cargo > 0)
        return csv_field(out, b->id, 0) | csv_num(out, cargo, 2, 1);
    return csv_field(out, b->id, 0) | csv_field(out, "", 1);
}

static int csv_box(FILE *out, const cor_itinerary *it)
{
    return csv_box_of(out, it->q);
}

/* CSV rows of one itinerary; route > 0 adds a leading "route" column.
 * Each place is given by id and, in the next column, by name. */
static cor_status write_csv_rows(FILE *out, const cor_itinerary *it, uint32_t route, int header)
{
    const cor_network *net = it->g->net;
    static const char *const hdr[] = {"seq", "type", "from", "from_name", "to", "to_name", "node", "node_name",
                                      "mode", "class", "gauge_mm", "kind", "distance_km", "hours", "cost_usd",
                                      "co2e_kg", "generic", "box", "cargo_t"};
    enum { NHDR = sizeof hdr / sizeof *hdr };
    int e = 0;
    char rno[16];
    snprintf(rno, sizeof rno, "%u", route);
    if (header) {
        if (route)
            e |= csv_field(out, "route", 0);
        for (int i = 0; i < NHDR; i++)
            e |= csv_field(out, hdr[i], i == NHDR - 1);
    }
    uint32_t li = 0, si = 0;
    e |= cor_access_csv_row(out, it, &it->first_mile, it->first_mile_seq, route); /* first mile (access_out.c) */
    while (!e && (li < it->nlegs || si < it->nstops)) {
        int leg = si >= it->nstops || (li < it->nlegs && it->legs[li].seq < it->stops[si].seq);
        char seq[16], gauge[16] = "";
        if (route)
            e |= csv_field(out, rno, 0);
        if (leg) {
            const cor_leg *l = &it->legs[li++];
            const cor_class *c = cor_network_class(net, l->cls);
            const cor_node *a = cor_network_node(net, l->from), *b = cor_network_node(net, l->to);
            snprintf(seq, sizeof seq, "%u", l->seq);
            if (c->mode == COR_MODE_RAIL)
                snprintf(gauge, sizeof gauge, "%u", (unsigned)c->gauge_mm);
            e |= csv_field(out, seq, 0) | csv_field(out, "leg", 0) | csv_field(out, a->id, 0) |
                 csv_field(out, a->name, 0) | csv_field(out, b->id, 0) | csv_field(out, b->name, 0) |
                 csv_field(out, "", 0) | csv_field(out, "", 0) | csv_field(out, cor_mode_name(c->mode), 0) |
                 csv_field(out, c->name, 0) | csv_field(out, gauge, 0) | csv_field(out, "", 0) |
                 csv_num(out, l->distance_km, 1, 0) | csv_num(out, l->hours, 2, 0) | csv_num(out, l->cost_usd, 2, 0) |
                 csv_num(out, l->co2e_kg, 2, 0) | csv_field(out, l->generic ? "yes" : "no", 0) | csv_box(out, it);
        } else {
            const cor_stop *s = &it->stops[si++];
            const cor_node *n = cor_network_node(net, s->node);
            snprintf(seq, sizeof seq, "%u", s->seq);
            e |= csv_field(out, seq, 0) | csv_field(out, "stop", 0);
            for (int k = 0; k < 4; k++)
                e |= csv_field(out, "", 0);
            e |= csv_field(out, n->id, 0) | csv_field(out, n->name, 0) | csv_field(out, "", 0) |
                 csv_field(out, cor_network_class(net, s->to_cls)->name, 0) | csv_field(out, "", 0) |
                 csv_field(out, cor_stop_kind_name(s->kind), 0) | csv_num(out, 0, 1, 0) | csv_num(out, s->hours, 2, 0) |
                 csv_num(out, s->cost_usd, 2, 0) | csv_num(out, s->co2e_kg, 2, 0) | csv_field(out, "", 0) |
                 csv_box(out, it);
        }
    }
    e |= cor_access_csv_row(out, it, &it->last_mile, it->last_mile_seq, route); /* last mile (access_out.c) */
    const cor_totals *t = &it->totals;
    const cor_node *a = cor_network_node(net, it->from), *b = cor_network_node(net, it->to);
    if (route)
        e |= csv_field(out, rno, 0);
    e |= csv_field(out, "", 0) | csv_field(out, "total", 0) | csv_field(out, a->id, 0) | csv_field(out, a->name, 0) |
         csv_field(out, b->id, 0) | csv_field(out, b->name, 0);
    for (int i = 0; i < 6; i++)
        e |= csv_field(out, "", 0);
    e |= csv_num(out, t->distance_km, 1, 0) | csv_num(out, t->hours, 2, 0) | csv_num(out, t->cost_usd, 2, 0) |
         csv_num(out, t->co2e_kg, 2, 0) | csv_field(out, "", 0) | csv_box(out, it);
    return e ? COR_EIO : COR_OK;
}

static cor_status write_csv(FILE *out, const cor_itinerary *it)
{
    return write_csv_rows(out, it, 0, 1);
}

/* ---- table ---------------------------------------------------------- */

/* 12345.6 -> "12,345.6" with `prec` decimals. */
const char *cor_report_grouped(double v, int prec, char *buf, size_t size)
{
    char raw[64];
    snprintf(raw, sizeof raw, "%.*f", prec, fabs(v) < 0.5 * pow(10, -prec) ? 0.0 : v);
    const char *dot = strchr(raw, '.');
    size_t intlen = dot ? (size_t)(dot - raw) : strlen(raw);
    size_t start = raw[0] == '-' ? 1 : 0, o = 0;
    for (size_t i = 0; raw[i] && o + 2 < size; i++) {
        if (i > start && i < intlen && (intlen - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = raw[i];
    }
    buf[o] = '\0';
    return buf;
}

/* Text for people: control characters escaped (names are checked when
 * loaded; this keeps any other text from acting on a terminal). */
static const char *esc(const char *s, char *buf, size_t size)
{
    cor_text_display(s, buf, size, 0);
    return buf;
}

/* s in a column of `cols` display columns: escaped, padded with spaces by
 * its display width (multibyte names align), and when cut is set, cut
 * between characters, ending in "...", if it is wider. */
static int col(FILE *out, const char *s, size_t cols, int cut)
{
    char buf[2048];
    size_t w = cor_text_display(s, buf, sizeof buf, cut ? cols : 0);
    if (fputs(buf, out) == EOF)
        return 1;
    for (; w < cols; w++)
        if (fputc(' ', out) == EOF)
            return 1;
    return 0;
}

/* Display width of s[0..n). */
static size_t width_n(const char *s, size_t n, char *tmp)
{
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    return cor_text_width(tmp);
}

/* Write one line (no newline in it) fitted to `width` columns.  A longer
 * line breaks at a space: after its last "; " or else its last ", " that
 * fits if that uses at least half the room, else at its last space that
 * fits.  It goes on with a hanging indent under the start of its last
 * column (the text after its last run of two spaces before the first
 * break) if that lies in the left half, else its own indent plus two.  A
 * word longer than the room is not cut. */
static int fit_line(FILE *out, const char *line, size_t n, size_t width, char *tmp)
{
    int e = 0;
    size_t indent = 0;
    while (indent < n && line[indent] == ' ')
        indent++;
    size_t cont = indent + 2 > width / 2 ? width / 2 : indent + 2;
    size_t p = 0, room = width;
    for (;;) {
        if (width_n(line + p, n - p, tmp) <= room) {
            e |= fwrite(line + p, 1, n - p, out) != n - p;
            break;
        }
        size_t brk = 0, semi = 0, comma = 0, start = p;
        while (start < n && line[start] == ' ')
            start++;
        for (size_t k = start; k < n; k++)
            if (line[k] == ' ' && line[k - 1] != ' ') {
                size_t w = width_n(line + p, k - p, tmp);
                if (w <= room || !brk) {
                    brk = k;
                    if (line[k - 1] == ';' && w >= room / 2)
                        semi = k;
                    if (line[k - 1] == ',' && w >= room / 2)
                        comma = k;
                } else {
                    break;
                }
            }
        brk = semi ? semi : comma ? comma : brk;
        if (!brk) { /* one word: as is */
            e |= fwrite(line + p, 1, n - p, out) != n - p;
            break;
        }
        if (p == 0) { /* the hanging indent, from the first line */
            size_t col_start = 0;
            for (size_t k = indent + 2; k < brk; k++)
                if (line[k] != ' ' && line[k - 1] == ' ' && line[k - 2] == ' ')
                    col_start = k;
            if (col_start) {
                size_t w = width_n(line, col_start, tmp);
                if (w <= width / 2)
                    cont = w;
            }
        }
        e |= fwrite(line + p, 1, brk - p, out) != brk - p;
        p = brk;
        while (p < n && line[p] == ' ')
            p++;
        if (p >= n)
            break;
        e |= fputc('\n', out) == EOF;
        for (size_t k = 0; k < cont; k++)
            e |= fputc(' ', out) == EOF;
        room = width - cont;
    }
    e |= fputc('\n', out) == EOF;
    return e;
}

typedef cor_status (*table_fn)(FILE *out, const void *ud, int wide);

/* A table writer's lines fitted to COR_TABLE_COLUMNS (unless wide: as
 * they are).  The writer writes into memory first. */
static cor_status fitted(FILE *out, table_fn fn, const void *ud, int wide)
{
    if (wide)
        return fn(out, ud, 1);
    char *buf = NULL, *tmp = NULL;
    size_t len = 0;
    FILE *ms = open_memstream(&buf, &len);
    if (!ms)
        return COR_ENOMEM;
    cor_status s = fn(ms, ud, 0);
    if (fclose(ms) != 0 && s == COR_OK)
        s = COR_ENOMEM;
    if (s == COR_OK && !(tmp = malloc(len + 1)))
        s = COR_ENOMEM;
    for (size_t p = 0; s == COR_OK && p < len;) {
        const char *nl = memchr(buf + p, '\n', len - p);
        size_t n = nl ? (size_t)(nl - (buf + p)) : len - p;
        if (fit_line(out, buf + p, n, COR_TABLE_COLUMNS, tmp))
            s = COR_EIO;
        p += n + 1;
    }
    free(tmp);
    free(buf);
    return s;
}

static cor_status write_table_as(FILE *out, const cor_itinerary *it, const char *title, int wide);

int cor_box_lines(FILE *out, const cor_query *q)
{
    const cor_box_spec *b = cor_query_box(q);
    if (!b->set)
        return 0;
    char buf[256];
    int e = fprintf(out, "Box: %s; figures per %s\n", cor_box_describe(b, q->payload_t_per_teu, buf, sizeof buf),
                    cor_box_unit(b)) < 0;
    double cargo = b->cargo_t > 0 ? b->cargo_t : q->payload_t_per_teu > 0 ? q->payload_t_per_teu * b->teu : 0;
    if (cargo <= 0)
        return e;
    int first = 1;
    for (uint32_t i = 0; i < b->nroad; i++) {
        double lim = b->road[i].max_gvw_t - b->road[i].rig_tare_t;
        if (cargo + b->tare_t <= lim + 1e-9)
            continue;
        e |= fprintf(out, "%s %s %.1f t", first ? "No road where the box's weight is over the limit (road_limits.csv):" : ",",
                     strcmp(b->road[i].country, "*") == 0 ? "elsewhere" : b->road[i].country, lim) < 0;
        first = 0;
    }
    if (!first)
        e |= fprintf(out, " < %.1f t gross\n", cargo + b->tare_t) < 0;
    return e;
}

/* title: NULL for "Best by OBJECTIVE", else the description of the route.
 * Unless wide, a leg or stop whose description passes its column takes a
 * line of its own, its figures on the next. */
static cor_status write_table_as(FILE *out, const cor_itinerary *it, const char *title, int wide)
{
    const cor_network *net = it->g->net;
    const cor_node *a = cor_network_node(net, it->from), *b = cor_network_node(net, it->to);
    char b1[32], b2[32], b3[32], b4[32], b5[32], n1[1024], n2[1024];
    int e = 0;
    if (it->first_mile.present || it->last_mile.present) { /* a city at either end (access_out.c) */
        cor_access_end_name(it, 0, n1, sizeof n1);
        cor_access_end_name(it, 1, n2, sizeof n2);
        e |= fprintf(out, "Route: %s -> %s\n", n1, n2) < 0;
    } else {
        e |= fprintf(out, "Route: %s (%s) -> %s (%s)\n", esc(a->name, n1, sizeof n1), a->id,
                     esc(b->name, n2, sizeof n2), b->id) < 0;
    }
    if (title)
        e |= fprintf(out, "%s; links open in %d", title, it->q->year) < 0;
    else
        e |= fprintf(out, "Best by %s; links open in %d", cor_itinerary_chosen_by(it), it->q->year) < 0;
    for (uint32_t i = 0; i < it->q->nvia; i++)
        e |= fprintf(out, "%s%s", i ? ", " : "; via ", esc(cor_network_node(net, it->q->via[i])->name, n1, sizeof n1)) < 0;
    e |= fprintf(out, "\n") < 0;
    e |= restrictions_line(out, it->q, net);
    e |= cor_box_lines(out, it->q);
    e |= fprintf(out, "\n") < 0;
    char unit[16];
    snprintf(unit, sizeof unit, "USD/%s", cor_box_unit(cor_query_box(it->q)));
    e |= fprintf(out, "%3s  %-44s %-9s %9s %8s %9s %9s\n", "#", "leg / stop", "mode", "km", "hours", unit,
                 "kg CO2e") < 0;
    uint32_t li = 0, si = 0, ngeneric = 0;
    e |= cor_access_table_row(out, it, &it->first_mile, it->first_mile_seq); /* first mile (access_out.c) */
    while (!e && (li < it->nlegs || si < it->nstops)) {
        int leg = si >= it->nstops || (li < it->nlegs && it->legs[li].seq < it->stops[si].seq);
        char what[1024]; /* two names of at most COR_MAX_NAME_BYTES: never cut */
        if (leg) {
            const cor_leg *l = &it->legs[li++];
            const cor_class *c = cor_network_class(net, l->cls);
            snprintf(what, sizeof what, "%s -> %s", cor_network_node(net, l->from)->name,
                     cor_network_node(net, l->to)->name);
            e |= fprintf(out, "%3u  ", l->seq) < 0;
            if (!wide && cor_text_width(what) > 44) {
                e |= col(out, what, 0, 0);
                e |= fprintf(out, "\n%5s", "") < 0;
                e |= col(out, "", 44, 0);
            } else {
                e |= col(out, what, 44, 0);
            }
            e |= fprintf(out, " %-9s %9s %8s %9s %9s\n", c->name,
                         grouped(l->distance_km, 0, b1, sizeof b1), grouped(l->hours, 1, b2, sizeof b2),
                         grouped(l->cost_usd, 0, b3, sizeof b3), grouped(l->co2e_kg, 0, b4, sizeof b4)) < 0;
            if (l->generic) {
                e |= fprintf(out, "%5s  " GENERIC_LABEL ": along the sea lanes, %s defaults, assumed wait %s h\n", "",
                             cor_mode_name(c->mode), grouped(l->wait_hours, 0, b5, sizeof b5)) < 0;
                ngeneric++;
            }
            uint64_t pmask = 0;
            for (uint32_t k = 0; k < l->narcs; k++)
                pmask |= it->views[l->first_arc + k].passages;
            if (pmask) {
                e |= fprintf(out, "%5s  through", "") < 0;
                int first = 1;
                for (uint32_t k = 0; k < cor_network_passage_count(net); k++)
                    if (pmask & ((uint64_t)1 << k)) {
                        e |= fprintf(out, "%s %s", first ? "" : ",", cor_network_passage(net, k)) < 0;
                        first = 0;
                    }
                e |= fputc('\n', out) == EOF;
            }
            /* services and lines that are not simply open: say so */
            for (uint32_t k = 0; k < l->narcs; k++) {
                uint32_t arc = it->path.arcs[l->first_arc + k];
                if (it->g->kind[arc] != COR_ARC_LINK)
                    continue;
                const cor_link *lk = cor_network_link(net, it->g->ref[arc]);
                if (!lk->status || !*lk->status || strcmp(lk->status, "open") == 0 || lk->generic)
                    continue; /* a generic service has its own line above */
                e |= fprintf(out, "%5s  %s: %s", "", lk->id, lk->status) < 0;
                if (strcmp(lk->status, "irregular") == 0)
                    e |= fprintf(out, ", no timetable: expected wait %.0f h", lk->wait_hours) < 0;
                else if (lk->open_year)
                    e |= fprintf(out, ", taken as open from %d", lk->open_year) < 0;
                if (lk->status_as_of && *lk->status_as_of)
                    e |= fprintf(out, " (status as of %s)", lk->status_as_of) < 0;
                e |= fputc('\n', out) == EOF;
            }
            const cor_link *l0 = cor_network_link(net, it->g->ref[it->path.arcs[l->first_arc]]);
            if (l0->service != COR_NONE) {
                const cor_service *sv = cor_network_service(net, l0->service);
                const cor_link_view *v0 = &it->views[l->first_arc];
                e |= fprintf(out, "%5s  on %s", "", esc(sv->name, n1, sizeof n1)) < 0;
                if (sv->operator_name[0])
                    e |= fprintf(out, " (%s)", esc(sv->operator_name, n1, sizeof n1)) < 0;
                int first = 1;
                for (uint32_t k = 0; k < l0->ncalls; k++)
                    if (calls_at(v0, l0->calls[k])) {
                        e |= fprintf(out, "%s %s", first ? ", calling at" : ",",
                                     esc(cor_network_node(net, l0->calls[k])->name, n1, sizeof n1)) < 0;
                        first = 0;
                    }
                e |= fputc('\n', out) == EOF;
            }
            if (l->narcs > 1) {
                e |= fprintf(out, "%5s%s", "", "  via") < 0;
                for (uint32_t k = 0; k + 1 < l->narcs; k++) {
                    uint32_t arc = it->path.arcs[l->first_arc + k];
                    e |= fprintf(out, "%s %s", k ? "," : "",
                                 esc(cor_network_node(net, it->g->state_node[it->g->head[arc]])->name, n1, sizeof n1)) < 0;
                }
                e |= fputc('\n', out) == EOF;
            }
        } else {
            const cor_stop *s = &it->stops[si++];
            if (s->kind == COR_STOP_BORDER)
                snprintf(what, sizeof what, "  %s: border %s", cor_network_node(net, s->node)->name,
                         cor_network_border(net, s->ref)->countries);
            else if (s->kind == COR_STOP_TERMINAL)
                snprintf(what, sizeof what, "  %s: terminal %s", cor_network_node(net, s->node)->name,
                         cor_network_class(net, s->to_cls)->name);
            else
                snprintf(what, sizeof what, "  %s: %s %s>%s", cor_network_node(net, s->node)->name,
                         cor_stop_kind_name(s->kind), cor_network_class(net, s->from_cls)->name,
                         cor_network_class(net, s->to_cls)->name);
            e |= fprintf(out, "%3u  ", s->seq) < 0;
            if (!wide && cor_text_width(what) > 54) {
                e |= col(out, what, 0, 0);
                e |= fprintf(out, "\n%5s", "") < 0;
                e |= col(out, "", 54, 0);
            } else {
                e |= col(out, what, 54, 0);
            }
            e |= fprintf(out, " %9s %8s %9s %9s\n", "",
                         grouped(s->hours, 1, b2, sizeof b2), grouped(s->cost_usd, 0, b3, sizeof b3),
                         grouped(s->co2e_kg, 0, b4, sizeof b4)) < 0;
        }
    }
    e |= cor_access_table_row(out, it, &it->last_mile, it->last_mile_seq); /* last mile (access_out.c) */
    const cor_totals *t = &it->totals;
    e |= fprintf(out, "     %-54s %9s %8s %9s %9s\n", "total", grouped(t->distance_km, 0, b1, sizeof b1),
                 grouped(t->hours, 1, b2, sizeof b2), grouped(t->cost_usd, 0, b3, sizeof b3),
                 grouped(t->co2e_kg, 0, b4, sizeof b4)) < 0;
    const char *per = cor_box_unit(cor_query_box(it->q));
    e |= fprintf(out, "\n%s days door to door, USD %s per %s, %s kg CO2e per %s (WTW), %s km; "
                      "%u handling%s, %u border crossing%s, %u gauge change%s\n",
                 grouped(t->hours / 24.0, 1, b5, sizeof b5), b3, per, b4, per, b1, t->handlings, t->handlings == 1 ? "" : "s",
                 t->border_crossings, t->border_crossings == 1 ? "" : "s", t->gauge_changes,
                 t->gauge_changes == 1 ? "" : "s") < 0;
    e |= range_line(out, it);
    /* corridor indicators and the emission account */
    char c1[32], c2[32], c3[32], c4[32];
    e |= fprintf(out, "Speed %.1f km/h without delay, %.1f km/h with delay; borders %s h (%.0f %%) and USD %s (%.0f %%); "
                      "handling %s h (%.0f %%) and USD %s (%.0f %%)\n",
                 t->moving_hours > 0 ? t->distance_km / t->moving_hours : 0, t->hours > 0 ? t->distance_km / t->hours : 0,
                 grouped(t->border_hours, 1, c1, sizeof c1), t->hours > 0 ? 100 * t->border_hours / t->hours : 0,
                 grouped(t->border_usd, 0, c2, sizeof c2), t->cost_usd > 0 ? 100 * t->border_usd / t->cost_usd : 0,
                 grouped(t->handling_hours, 1, c3, sizeof c3), t->hours > 0 ? 100 * t->handling_hours / t->hours : 0,
                 grouped(t->handling_usd, 0, c4, sizeof c4), t->cost_usd > 0 ? 100 * t->handling_usd / t->cost_usd : 0) < 0;
    char d1[32], d2[32], d3[32], d4[32];
    if (isnan(t->ttw_kg))
        snprintf(d3, sizeof d3, "not split");
    else
        grouped(t->ttw_kg, 0, d3, sizeof d3);
    char d5[32], rf[64] = "";
    if (cor_query_box(it->q)->reefer)
        snprintf(rf, sizeof rf, ", reefer unit %s kg", grouped(t->reefer_co2e_kg, 0, d5, sizeof d5));
    e |= fprintf(out, "CO2e (ISO 14083 chain, WTW): legs %s kg over %s t-km, hubs %s kg%s; tank-to-wheel part of the legs %s%s\n",
                 grouped(t->leg_co2e_kg, 0, d1, sizeof d1), grouped(t->tonne_km, 0, d4, sizeof d4),
                 grouped(t->hub_co2e_kg, 0, d2, sizeof d2), rf, d3, isnan(t->ttw_kg) ? "" : " kg") < 0;
    e |= cor_access_table_note(out, it); /* how a city end was made (access_out.c) */
    if (ngeneric)
        e |= fprintf(out, "Note: %u leg%s %s generic: no service is modelled between %s ports, so the leg follows the "
                          "sea lanes with the mode's default speed, rate and emissions and an assumed wait "
                          "(--generic-wait); it is not a scheduled service.\n",
                     ngeneric, ngeneric == 1 ? "" : "s", ngeneric == 1 ? "is" : "are", ngeneric == 1 ? "its" : "their") < 0;
    return e ? COR_EIO : COR_OK;
}

static cor_status table_fn_route(FILE *out, const void *ud, int wide)
{
    return write_table_as(out, ud, NULL, wide);
}

cor_status cor_write_itinerary(FILE *out, const cor_itinerary *it, cor_format fmt)
{
    return cor_write_itinerary_opts(out, it, fmt, NULL);
}

static const char *trip_title(const cor_itinerary *it, const char *what, char *b, size_t n)
{
    const cor_network *net = it->g->net;
    const cor_node *a = cor_network_node(net, it->from), *z = cor_network_node(net, it->to);
    if (it->first_mile.present || it->last_mile.present) { /* a city at either end (access_out.c) */
        char e1[600], e2[600];
        cor_access_end_name(it, 0, e1, sizeof e1);
        cor_access_end_name(it, 1, e2, sizeof e2);
        snprintf(b, n, "%s: ", what);
        size_t l = strlen(b);
        snprintf(b + l, n - l, "%s to ", e1);
        l = strlen(b);
        snprintf(b + l, n - l, "%s", e2);
        return b;
    }
    snprintf(b, n, "%s: %s (%s) to %s (%s)", what, a->name, a->id, z->name, z->id);
    return b;
}

cor_status cor_write_itinerary_opts(FILE *out, const cor_itinerary *it, cor_format fmt, const cor_write_opts *o)
{
    char title[1200];
    switch (fmt) {
    case COR_FMT_TABLE: return fitted(out, table_fn_route, it, o && o->wide);
    case COR_FMT_MD:
    case COR_FMT_HTML: {
        cor_quote_item item = {NULL, NULL, it, NULL, NULL};
        return cor_write_quote(out, trip_title(it, "Quote", title, sizeof title), &item, 1, fmt);
    }
    case COR_FMT_JSON: return dump(out, with_warnings(itinerary_json(it), it->warnings));
    case COR_FMT_GEOJSON: return dump(out, with_warnings(itinerary_geojson(it), it->warnings));
    case COR_FMT_CSV: return write_csv(out, it);
    }
    return COR_EINTERNAL;
}

/* ---- nodes ---------------------------------------------------------- */

static json_t *node_json(const cor_network *net, uint32_t i)
{
    const cor_node *n = cor_network_node(net, i);
    json_t *al = json_array();
    if (!al)
        return NULL;
    for (uint32_t k = 0; k < n->naliases; k++)
        json_array_append_new(al, json_string(n->aliases[k]));
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:f, s:f, s:o, s:s}", "id", n->id, "id_kind", n->id_kind,
                     "name", n->name, "country", n->country, "kind", n->kind, "lat", n->lat, "lon", n->lon,
                     "aliases", al, "source", n->source);
}

cor_status cor_write_nodes(FILE *out, const cor_network *net, const char *query, cor_format fmt,
                           uint32_t *nmatched)
{
    uint32_t n = cor_network_node_count(net), m = 0;
    int e = 0;
    if (fmt == COR_FMT_MD || fmt == COR_FMT_HTML)
        return COR_EUSAGE; /* a quote is of a route */
    json_t *arr = NULL;
    if (fmt == COR_FMT_JSON || fmt == COR_FMT_GEOJSON) {
        arr = json_array();
        if (!arr)
            return COR_ENOMEM;
    }
    for (uint32_t i = 0; i < n && !e; i++) {
        const cor_node *nd = cor_network_node(net, i);
        if (!cor_node_matches(nd, query))
            continue;
        if (m++ == 0) {
            if (fmt == COR_FMT_CSV)
                e |= csv_field(out, "id", 0) | csv_field(out, "name", 0) | csv_field(out, "country", 0) |
                     csv_field(out, "kind", 0) | csv_field(out, "lat", 0) | csv_field(out, "lon", 0) |
                     csv_field(out, "aliases", 1);
            else if (fmt == COR_FMT_TABLE)
                e |= fprintf(out, "%-15s %-30s %-2s %-9s %9s %10s  %s\n", "id", "name", "cc", "kind", "lat",
                             "lon", "aliases") < 0;
        }
        char aliases[COR_MAX_ALIASES * (COR_MAX_NAME_BYTES + 1) + 1] = ""; /* every alias fits: never cut */
        for (uint32_t k = 0; k < nd->naliases; k++) {
            if (k)
                strncat(aliases, "|", sizeof aliases - strlen(aliases) - 1);
            strncat(aliases, nd->aliases[k], sizeof aliases - strlen(aliases) - 1);
        }
        if (fmt == COR_FMT_JSON) {
            e |= json_array_append_new(arr, node_json(net, i));
        } else if (fmt == COR_FMT_GEOJSON) {
            json_t *props = node_json(net, i);
            e |= json_array_append_new(
                arr, json_pack("{s:s, s:{s:s, s:[f,f]}, s:o}", "type", "Feature", "geometry", "type", "Point",
                               "coordinates", nd->lon, nd->lat, "properties", props));
        } else if (fmt == COR_FMT_CSV) {
            e |= csv_field(out, nd->id, 0) | csv_field(out, nd->name, 0) | csv_field(out, nd->country, 0) |
                 csv_field(out, nd->kind, 0) | csv_num(out, nd->lat, 5, 0) | csv_num(out, nd->lon, 5, 0) |
                 csv_field(out, aliases, 1);
        } else {
            e |= fprintf(out, "%-15s ", nd->id) < 0;
            e |= col(out, nd->name, 30, 0);
            e |= fprintf(out, " %-2s %-9s %9.4f %10.4f  ", nd->country, nd->kind, nd->lat, nd->lon) < 0;
            e |= col(out, aliases, 0, 0);
            e |= fputc('\n', out) == EOF;
        }
    }
    if (nmatched)
        *nmatched = m;
    if (e) {
        json_decref(arr);
        return COR_EIO;
    }
    if (fmt == COR_FMT_JSON)
        return dump(out, arr);
    if (fmt == COR_FMT_GEOJSON)
        return dump(out, json_pack("{s:s, s:o}", "type", "FeatureCollection", "features", arr));
    return COR_OK;
}

/* ---- corridor comparison -------------------------------------------- */

#include "corridor/compare.h"
#include "../core/alloc.h" /* last: maps malloc & co. to the counted wrappers */

/* The objective's value of an item's route (INFINITY if none). */
static double item_value(const cor_compare_item *x)
{
    return x->status == COR_OK ? x->weight : INFINITY;
}

/* Best value among the items of the same scenario. */
static double best_of(const cor_compare *c, const char *scenario)
{
    double best = INFINITY;
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->items[i]->scenario, scenario) == 0 && item_value(c->items[i]) < best)
            best = item_value(c->items[i]);
    return best;
}

/* The same corridor in the first scenario (the base), or NULL. */
static const cor_compare_item *base_of(const cor_compare *c, const cor_compare_item *x)
{
    const char *first = c->n ? c->items[0]->scenario : "";
    for (size_t i = 0; i < c->n; i++) {
        const cor_compare_item *y = c->items[i];
        if (strcmp(y->scenario, first) == 0 && x->corridor && y->corridor &&
            strcmp(y->corridor->name, x->corridor->name) == 0)
            return y;
    }
    return NULL;
}

static int several_scenarios(const cor_compare *c)
{
    for (size_t i = 1; i < c->n; i++)
        if (strcmp(c->items[i]->scenario, c->items[0]->scenario) != 0)
            return 1;
    return 0;
}

/* Convert an objective difference to display units (days for time). */
static double diff_units(cor_objective by, double d)
{
    return by == COR_BY_TIME ? d / 24.0 : d;
}

static const char *diff_unit_name(cor_objective by)
{
    switch (by) {
    case COR_BY_TIME: return "days";
    case COR_BY_COST: return "USD";
    case COR_BY_CO2: return "kg CO2e";
    case COR_BY_DISTANCE: return "km";
    case COR_BY_GENERALIZED: return "USD generalized";
    }
    return "";
}

static const char *item_name(const cor_compare_item *x)
{
    return x->corridor ? x->corridor->name : "best";
}

static json_t *compare_json(const cor_compare *c)
{
    json_t *o = json_object(), *arr = json_array();
    if (!o || !arr) {
        json_decref(o);
        json_decref(arr);
        return NULL;
    }
    int e = 0;
    if (c->n) {
        const cor_compare_item *x0 = c->items[0];
        e |= json_set(o, "from", json_pack("{s:s, s:s}", "id", x0->from_id, "name", x0->from_name));
        e |= json_set(o, "to", json_pack("{s:s, s:s}", "id", x0->to_id, "name", x0->to_name));
        e |= json_set(o, "objective", json_string(cor_objective_name(x0->q.by)));
        e |= json_set(o, "difference_unit", json_string(diff_unit_name(x0->q.by)));
    }
    for (size_t i = 0; i < c->n && !e; i++) {
        const cor_compare_item *x = c->items[i];
        json_t *j = json_object();
        if (!j) {
            e = 1;
            break;
        }
        e |= json_set(j, "scenario", json_string(x->scenario));
        e |= json_set(j, "name", json_string(item_name(x)));
        e |= json_set(j, "description", json_string(x->corridor ? x->corridor->description : ""));
        e |= json_set(j, "year", json_integer(x->q.year));
        e |= json_set(j, "feasible", json_boolean(x->status == COR_OK));
        e |= json_set(j, "applicable", json_boolean(x->applicable));
        if (x->corridor && x->corridor->defining && x->corridor->defining[0])
            e |= json_set(j, "defining", json_string(x->corridor->defining));
        if (x->status == COR_OK) {
            double best = best_of(c, x->scenario);
            e |= json_set(j, "totals", totals_json(&x->it));
            e |= json_set(j, "difference_to_best", json_real(rnd(diff_units(x->q.by, x->weight - best), 0.01)));
            const cor_compare_item *b = base_of(c, x);
            if (b && b != x && b->status == COR_OK)
                e |= json_set(j, "difference_to_base", json_real(rnd(diff_units(x->q.by, x->weight - b->weight), 0.01)));
            e |= json_set(j, "route", itinerary_json(&x->it));
        } else {
            e |= json_set(j, "reason", json_string(x->reason));
        }
        e |= json_array_append_new(arr, j);
    }
    if (c->n)
        e |= json_set(o, "box", cor_box_json(&c->items[0]->q, c->items[0]->g->net));
    e |= json_set(o, "corridors", arr);
    if (e) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* One FeatureCollection: every route's features tagged with scenario and
 * corridor; and, as a foreign member (RFC 7946, 6.1), "corridors": each
 * corridor with feasible and its totals or the reason it has no route, so
 * that a corridor without features is still listed. */
static json_t *compare_geojson(const cor_compare *c)
{
    json_t *fc = json_pack("{s:s, s:[], s:[]}", "type", "FeatureCollection", "corridors", "features");
    if (!fc)
        return NULL;
    json_t *features = json_object_get(fc, "features"), *list = json_object_get(fc, "corridors");
    int e = c->n ? json_set(fc, "box", cor_box_json(&c->items[0]->q, c->items[0]->g->net)) : 0; /* foreign member */
    for (size_t i = 0; i < c->n && !e; i++) {
        const cor_compare_item *x = c->items[i];
        json_t *one = json_pack("{s:s, s:s, s:b, s:b}", "scenario", x->scenario, "corridor", item_name(x), "feasible",
                                x->status == COR_OK, "applicable", x->applicable);
        e |= !one || json_set(one, x->status == COR_OK ? "route_totals" : "reason",
                              x->status == COR_OK ? totals_json(&x->it) : json_string(x->reason));
        e |= json_array_append_new(list, one);
    }
    for (size_t i = 0; i < c->n && !e; i++) {
        const cor_compare_item *x = c->items[i];
        if (x->status != COR_OK)
            continue;
        json_t *one = itinerary_geojson(&x->it);
        if (!one) {
            e = 1;
            break;
        }
        size_t k;
        json_t *f;
        json_array_foreach(json_object_get(one, "features"), k, f) {
            json_t *props = json_object_get(f, "properties");
            e |= json_set(props, "scenario", json_string(x->scenario));
            e |= json_set(props, "corridor", json_string(item_name(x)));
            e |= json_array_append(features, f);
        }
        json_decref(one);
    }
    if (e) {
        json_decref(fc);
        return NULL;
    }
    return fc;
}

static cor_status compare_csv(FILE *out, const cor_compare *c)
{
    static const char *const hdr[] = {"scenario", "corridor", "feasible", "days", "hours", "cost_usd", "co2e_kg",
                                      "distance_km", "handlings", "border_crossings", "gauge_changes",
                                      "speed_without_delay_kmh", "speed_with_delay_kmh", "border_hours",
                                      "border_share_of_time", "border_cost_usd", "border_share_of_cost",
                                      "difference_to_best", "reason", "box", "cargo_t"};
    int e = 0;
    for (int i = 0; i < 21; i++)
        e |= csv_field(out, hdr[i], i == 20);
    for (size_t i = 0; i < c->n && !e; i++) {
        const cor_compare_item *x = c->items[i];
        e |= csv_field(out, x->scenario, 0) | csv_field(out, item_name(x), 0);
        if (x->status == COR_OK) {
            const cor_totals *t = &x->it.totals;
            char b[3][16];
            snprintf(b[0], sizeof b[0], "%u", t->handlings);
            snprintf(b[1], sizeof b[1], "%u", t->border_crossings);
            snprintf(b[2], sizeof b[2], "%u", t->gauge_changes);
            e |= csv_field(out, "yes", 0) | csv_num(out, t->hours / 24, 2, 0) | csv_num(out, t->hours, 2, 0) |
                 csv_num(out, t->cost_usd, 2, 0) | csv_num(out, t->co2e_kg, 2, 0) | csv_num(out, t->distance_km, 1, 0) |
                 csv_field(out, b[0], 0) | csv_field(out, b[1], 0) | csv_field(out, b[2], 0) |
                 csv_num(out, t->moving_hours > 0 ? t->distance_km / t->moving_hours : 0, 1, 0) |
                 csv_num(out, t->hours > 0 ? t->distance_km / t->hours : 0, 1, 0) | csv_num(out, t->border_hours, 2, 0) |
                 csv_num(out, t->hours > 0 ? t->border_hours / t->hours : 0, 3, 0) | csv_num(out, t->border_usd, 2, 0) |
                 csv_num(out, t->cost_usd > 0 ? t->border_usd / t->cost_usd : 0, 3, 0) |
                 csv_num(out, diff_units(x->q.by, x->weight - best_of(c, x->scenario)), 2, 0) |
                 csv_field(out, "", 0) | csv_box_of(out, &x->q);
        } else {
            e |= csv_field(out, "no", 0);
            for (int k = 0; k < 15; k++)
                e |= csv_field(out, "", 0);
            char rb[COR_DIAG_TEXT + 32];
            e |= csv_field(out, cor_compare_reason_text(x, rb, sizeof rb), 0) | csv_box_of(out, &x->q);
        }
    }
    return e ? COR_EIO : COR_OK;
}

/* wide: every column as is; else a table of several scenarios takes a
 * scenario column as wide as its labels and leaves out the count columns
 * (handlings, borders, gauge changes) when the rows would pass
 * COR_TABLE_COLUMNS. */
static cor_status compare_table(FILE *out, const cor_compare *c, int wide)
{
    if (!c->n)
        return COR_OK;
    const cor_compare_item *x0 = c->items[0];
    int several = several_scenarios(c);
    int e = 0;
    int one_year = 1;
    for (size_t i = 1; i < c->n; i++)
        one_year &= c->items[i]->q.year == x0->q.year;
    char n1[1024], n2[1024];
    e |= fprintf(out, "Corridors: %s (%s) -> %s (%s); best by %s", esc(x0->from_name, n1, sizeof n1), x0->from_id,
                 esc(x0->to_name, n2, sizeof n2), x0->to_id, cor_objective_name(x0->q.by)) < 0;
    if (one_year)
        e |= fprintf(out, "; links open in %d", x0->q.year) < 0;
    e |= fprintf(out, "\n") < 0;
    e |= restrictions_line(out, &x0->q, x0->g->net);
    e |= cor_box_lines(out, &x0->q);
    e |= fprintf(out, "\n") < 0;
    char b1[32], b2[32], b3[32], b5[32], usd_unit[16];
    snprintf(usd_unit, sizeof usd_unit, "USD/%s", cor_box_unit(cor_query_box(&x0->q)));
    const char *unit = x0->q.by == COR_BY_TIME ? "days" : x0->q.by == COR_BY_DISTANCE ? "km"
                     : x0->q.by == COR_BY_CO2 ? "kg" : "USD";
    int w = 8, scw = 26, counts = 1, ranges = 1, vsw = wide ? 14 : 12;
    for (size_t i = 0; i < c->n; i++) {
        int l = (int)cor_text_width(item_name(c->items[i]));
        w = l > w ? l : w;
    }
    w = w > 30 ? 30 : w;
    if (several && !wide) {
        scw = 8;
        for (size_t i = 0; i < c->n; i++) {
            int l = (int)cor_text_width(c->items[i]->scenario) + (one_year ? 0 : 7);
            scw = l > scw ? l : scw;
        }
        scw = scw > 26 ? 26 : scw;
        /* scenario, corridor, the figures, vs best (16) and vs base (about 16) */
        /* the P50-P95 range (12) too, when it fits */
        ranges = scw + 1 + w + 33 + 12 + 2 + vsw + 2 + 14 <= (int)COR_TABLE_COLUMNS;
        counts = ranges && scw + 1 + w + 33 + 12 + 22 + 2 + vsw + 2 + 14 <= (int)COR_TABLE_COLUMNS;
    }
    if (several)
        e |= fprintf(out, "%-*s ", scw, "scenario") < 0;
    e |= fprintf(out, "%-*s %6s", w, "corridor", "days") < 0;
    if (ranges)
        e |= fprintf(out, " %11s", "P50-P95") < 0;
    e |= fprintf(out, " %8s %8s %7s", usd_unit, "kg CO2e", "km") < 0;
    if (counts)
        e |= fprintf(out, " %6s %7s %6s", "handl", "borders", "gauge") < 0;
    if (several)
        e |= fprintf(out, "  %-*s  %s\n", vsw, "vs best", "vs base") < 0;
    else
        e |= fprintf(out, "  %s\n", "vs best") < 0;
    const char *prev = NULL;
    for (size_t i = 0; i < c->n && !e; i++) {
        const cor_compare_item *x = c->items[i];
        if (several && prev && strcmp(prev, x->scenario) != 0)
            e |= fputc('\n', out) == EOF;
        prev = x->scenario;
        if (several) {
            char label[COR_MAX_NAME_BYTES + 32];
            if (one_year)
                snprintf(label, sizeof label, "%s", x->scenario);
            else
                snprintf(label, sizeof label, "%s (%d)", x->scenario, x->q.year);
            e |= col(out, label, (size_t)scw, 1);
            e |= fputc(' ', out) == EOF;
        }
        if (x->status != COR_OK) {
            e |= col(out, item_name(x), (size_t)w, 1);
            char rb[COR_DIAG_TEXT + 32];
            e |= fprintf(out, "  %s\n", esc(cor_compare_reason_text(x, rb, sizeof rb), n1, sizeof n1)) < 0; /* two spaces: the column wraps under itself */
            continue;
        }
        const cor_totals *t = &x->it.totals;
        double best = best_of(c, x->scenario);
        char vs[64], vb[48] = "";
        double dv = diff_units(x->q.by, x->weight - best);
        if (x->weight - best <= 1e-9 * (1 + fabs(best)))
            snprintf(vs, sizeof vs, "best");
        else
            snprintf(vs, sizeof vs, "+%s %s", grouped(dv, x->q.by == COR_BY_TIME ? 1 : 0, b5, sizeof b5), unit);
        const cor_compare_item *b = several ? base_of(c, x) : NULL;
        if (b && b != x) {
            if (b->status == COR_OK) {
                double db = diff_units(x->q.by, x->weight - b->weight);
                snprintf(vb, sizeof vb, "%s%s %s", db >= 0 ? "+" : "",
                         grouped(db, x->q.by == COR_BY_TIME ? 1 : 0, b5, sizeof b5), unit);
            } else {
                snprintf(vb, sizeof vb, "(none in base)");
            }
        }
        if (several) {
            char vs2[80];
            snprintf(vs2, sizeof vs2, "%-*s  ", vsw, vs);
            if (!vb[0])
                snprintf(vs2, sizeof vs2, "%s", vs);
            snprintf(vs, sizeof vs, "%.63s", vs2);
        }
        e |= col(out, item_name(x), (size_t)w, 1);
        e |= fprintf(out, " %6.1f", t->hours / 24) < 0;
        if (ranges) { /* P50-P95 days of a simulation of the route (simulate.h) */
            char rg[40] = "";
            double p50, p95;
            cor_itinerary_days_range(&x->it, &p50, &p95);
            if (!isnan(p50))
                snprintf(rg, sizeof rg, "%.1f-%.1f", p50, p95);
            e |= fprintf(out, " %11s", rg) < 0;
        }
        e |= fprintf(out, " %8s %8s %7s", grouped(t->cost_usd, 0, b1, sizeof b1), grouped(t->co2e_kg, 0, b2, sizeof b2),
                     grouped(t->distance_km, 0, b3, sizeof b3)) < 0;
        if (counts)
            e |= fprintf(out, " %6u %7u %6u", t->handlings, t->border_crossings, t->gauge_changes) < 0;
        e |= fprintf(out, "  %s%s\n", vs, vb) < 0;
    }
    if (!counts && !e)
        e |= fprintf(out, "\n(handlings, border crossings and gauge changes: --wide)\n") < 0;
    return e ? COR_EIO : COR_OK;
}

static cor_status table_fn_compare(FILE *out, const void *ud, int wide)
{
    return compare_table(out, ud, wide);
}

/* The corridors side by side as a quote page (md, html). */
static cor_status compare_quote(FILE *out, const cor_compare *c, cor_format fmt)
{
    const cor_compare_item *first = NULL;
    for (size_t i = 0; i < c->n && !first; i++)
        if (c->items[i]->status == COR_OK)
            first = c->items[i];
    if (!first)
        return COR_OK; /* nothing to quote: the caller says no corridor has a route */
    cor_quote_item *items = calloc(c->n, sizeof *items);
    char (*vs)[64] = calloc(c->n, sizeof *vs);
    if (!items || !vs) {
        free(items);
        free(vs);
        return COR_ENOMEM;
    }
    int several = several_scenarios(c);
    for (size_t i = 0; i < c->n; i++) {
        const cor_compare_item *x = c->items[i];
        items[i].label = item_name(x);
        items[i].scenario = several ? x->scenario : NULL;
        if (x->status != COR_OK) {
            items[i].reason = x->applicable ? x->reason : x->reason_text; /* "not applicable: ..." */
            continue;
        }
        items[i].it = &x->it;
        double best = best_of(c, x->scenario), d = x->weight - best;
        char b[32];
        if (d <= 1e-9 * (1 + fabs(best)))
            snprintf(vs[i], sizeof vs[i], "best");
        else
            snprintf(vs[i], sizeof vs[i], "+%s %s", grouped(diff_units(x->q.by, d), x->q.by == COR_BY_TIME ? 1 : 0, b, sizeof b),
                     diff_unit_name(x->q.by));
        items[i].vs_best = vs[i];
    }
    char title[1200];
    snprintf(title, sizeof title, "Corridors compared: %s (%s) to %s (%s), best by %s", first->from_name, first->from_id,
             first->to_name, first->to_id, cor_objective_name(first->q.by));
    cor_status s = cor_write_quote(out, title, items, c->n, fmt);
    free(items);
    free(vs);
    return s;
}

cor_status cor_write_compare(FILE *out, const cor_compare *c, cor_format fmt)
{
    return cor_write_compare_opts(out, c, fmt, NULL);
}

cor_status cor_write_compare_opts(FILE *out, const cor_compare *c, cor_format fmt, const cor_write_opts *o)
{
    switch (fmt) {
    case COR_FMT_TABLE: return fitted(out, table_fn_compare, c, o && o->wide);
    case COR_FMT_MD:
    case COR_FMT_HTML: return compare_quote(out, c, fmt);
    case COR_FMT_JSON: return dump(out, with_warnings(compare_json(c), c->warnings));
    case COR_FMT_GEOJSON: return dump(out, with_warnings(compare_geojson(c), c->warnings));
    case COR_FMT_CSV: return compare_csv(out, c);
    }
    return COR_EINTERNAL;
}

/* ---- several routes (Pareto set, alternatives) ------------------------ */

/* The nodes where a route changes class or crosses a border: a short
 * description for the summary. */
/* "sea Bandar Abbas, rail1435 Sarakhs, ...": the class and end of each leg. */
static int route_signature(FILE *out, const cor_itinerary *it)
{
    const cor_network *net = it->g->net;
    int e = 0;
    char nb[1024];
    for (uint32_t i = 0; i < it->nlegs; i++) {
        const cor_leg *l = &it->legs[i];
        e |= fprintf(out, "%s%s%s %s", i ? ", " : "", l->generic ? "generic " : "", cor_network_class(net, l->cls)->name,
                     esc(cor_network_node(net, l->to)->name, nb, sizeof nb)) < 0;
    }
    return e;
}

const char *cor_set_limit_option(const cor_path_set *set)
{
    if (!set || !set->truncated || !set->limit_name)
        return "";
    return strcmp(set->limit_name, "max_work") == 0 ? "--max-work" : "--max-labels";
}

/* {"truncated", "limit": {"name", "value"}, "complete_up_to_hours",
 * "epsilon", "labels", "work"}: how a set was found. */
static json_t *search_json(const cor_path_set *set)
{
    if (!set)
        return json_null();
    json_t *o = json_object();
    if (!o)
        return NULL;
    int e = json_set(o, "truncated", json_boolean(set->truncated));
    if (set->truncated) {
        e |= json_set(o, "limit", json_pack("{s:s, s:s, s:I}", "name", set->limit_name ? set->limit_name : "",
                                            "option", cor_set_limit_option(set), "value", (json_int_t)set->limit));
        if (set->complete_hours > 0)
            e |= json_set(o, "complete_up_to_hours", json_real(set->complete_hours));
    }
    e |= json_set(o, "approximate", json_boolean(set->epsilon > 0));
    if (set->epsilon > 0)
        e |= json_set(o, "epsilon", json_real(set->epsilon));
    e |= json_set(o, "labels", json_integer((json_int_t)set->labels));
    e |= json_set(o, "work", json_integer((json_int_t)set->work));
    if (e) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* The table's note on a set cut short or approximate (nothing otherwise). */
static int search_note(FILE *out, const cor_path_set *set, const char *kind)
{
    int e = 0;
    char b[32];
    if (set && set->truncated) {
        if (strcmp(kind, "pareto") == 0 && set->complete_hours > 0)
            e |= fprintf(out, "Cut short at %s %s (%s): these trade-offs are exact and complete up to %.1f days; "
                              "slower ones may be missing\n",
                         cor_set_limit_option(set), grouped((double)set->limit, 0, b, sizeof b),
                         set->limit_name ? set->limit_name : "", set->complete_hours / 24) < 0;
        else
            e |= fprintf(out, "Cut short at %s %s: these are the best routes in order, but there may be more\n",
                         cor_set_limit_option(set), grouped((double)set->limit, 0, b, sizeof b)) < 0;
    }
    if (set && set->epsilon > 0)
        e |= fprintf(out, "Approximate front (--pareto-epsilon %g): every trade-off left out is matched by a listed "
                          "route no slower and within a factor (1 + %g) per leg on cost and CO2e\n",
                     set->epsilon, set->epsilon) < 0;
    return e;
}

typedef struct several {
    cor_itinerary *const *its;
    uint32_t n;
    const char *kind;
    const cor_path_set *set;
} several;

static cor_status several_table(FILE *out, const several *v, int wide);

static cor_status table_fn_several(FILE *out, const void *ud, int wide)
{
    return several_table(out, ud, wide);
}

cor_status cor_write_itineraries(FILE *out, cor_itinerary *const *its, uint32_t n, cor_format fmt, const char *kind,
                                 const cor_path_set *set)
{
    return cor_write_itineraries_opts(out, its, n, fmt, kind, set, NULL);
}

cor_status cor_write_itineraries_opts(FILE *out, cor_itinerary *const *its, uint32_t n, cor_format fmt,
                                      const char *kind, const cor_path_set *set, const cor_write_opts *opts)
{
    int e = 0;
    if ((fmt == COR_FMT_MD || fmt == COR_FMT_HTML) && n) {
        cor_quote_item *items = calloc(n, sizeof *items);
        char (*labels)[64] = calloc(n, sizeof *labels);
        cor_status s = items && labels ? COR_OK : COR_ENOMEM;
        for (uint32_t i = 0; s == COR_OK && i < n; i++) {
            if (strcmp(kind, "pareto") == 0)
                snprintf(labels[i], sizeof labels[i], "Trade-off %u of %u", i + 1, n);
            else
                snprintf(labels[i], sizeof labels[i], "Alternative %u of %u", i + 1, n);
            items[i].label = labels[i];
            items[i].it = its[i];
        }
        char title[1200];
        if (s == COR_OK)
            s = cor_write_quote(out,
                                trip_title(its[0], strcmp(kind, "pareto") == 0 ? "Trade-offs" : "Alternatives",
                                           title, sizeof title),
                                items, n, fmt);
        free(items);
        free(labels);
        return s;
    }
    if (fmt == COR_FMT_TABLE) {
        several v = {its, n, kind, set};
        return fitted(out, table_fn_several, &v, opts && opts->wide);
    }
    if (fmt == COR_FMT_JSON) {
        json_t *o = json_object(), *arr = json_array();
        if (!o || !arr) {
            json_decref(o);
            json_decref(arr);
            return COR_ENOMEM;
        }
        e |= json_set(o, "kind", json_string(kind));
        if (n)
            e |= json_set(o, "box", cor_box_json(its[0]->q, its[0]->g->net));
        if (set)
            e |= json_set(o, "search", search_json(set));
        for (uint32_t i = 0; i < n && !e; i++)
            e |= json_array_append_new(arr, itinerary_json(its[i]));
        e |= json_set(o, "routes", arr);
        e |= add_warnings(o, n ? its[0]->warnings : NULL);
        if (e) {
            json_decref(o);
            return COR_ENOMEM;
        }
        return dump(out, o);
    }
    if (fmt == COR_FMT_GEOJSON) {
        json_t *fc = json_pack("{s:s, s:[]}", "type", "FeatureCollection", "features");
        if (!fc)
            return COR_ENOMEM;
        if (set) /* a foreign member (RFC 7946, 6.1) */
            e |= json_set(fc, "search", search_json(set));
        if (n)
            e |= json_set(fc, "box", cor_box_json(its[0]->q, its[0]->g->net));
        for (uint32_t i = 0; i < n && !e; i++) {
            json_t *one = itinerary_geojson(its[i]);
            if (!one) {
                e = 1;
                break;
            }
            size_t k;
            json_t *f;
            json_array_foreach(json_object_get(one, "features"), k, f) {
                e |= json_set(json_object_get(f, "properties"), "route", json_integer(i + 1));
                e |= json_array_append(json_object_get(fc, "features"), f);
            }
            json_decref(one);
        }
        e |= add_warnings(fc, n ? its[0]->warnings : NULL);
        if (e) {
            json_decref(fc);
            return COR_ENOMEM;
        }
        return dump(out, fc);
    }
    if (fmt == COR_FMT_CSV) {
        for (uint32_t i = 0; i < n; i++) {
            cor_status s = write_csv_rows(out, its[i], i + 1, i == 0);
            if (s != COR_OK)
                return s;
        }
        return COR_OK;
    }
    return n ? COR_EINTERNAL : COR_OK; /* no other format */
}

/* The summary of several routes and each route's table. */
static cor_status several_table(FILE *out, const several *v, int wide)
{
    cor_itinerary *const *its = v->its;
    uint32_t n = v->n;
    const char *kind = v->kind;
    const cor_path_set *set = v->set;
    int e = 0;
    if (n == 0)
        return COR_OK;
    const cor_network *net = its[0]->g->net;
    char b1[32], b2[32], b3[32];
    char n1[1024], n2[1024];
    e |= fprintf(out, "%s: %s (%s) -> %s (%s); %u route%s; links open in %d\n\n",
                 strcmp(kind, "pareto") == 0 ? "Trade-offs (no route is faster, cheaper and lower in CO2e than another)"
                                             : "Alternatives (best first)",
                 esc(cor_network_node(net, its[0]->from)->name, n1, sizeof n1), cor_network_node(net, its[0]->from)->id,
                 esc(cor_network_node(net, its[0]->to)->name, n2, sizeof n2), cor_network_node(net, its[0]->to)->id, n,
                 n == 1 ? "" : "s", its[0]->q->year) < 0;
    e |= restrictions_line(out, its[0]->q, net);
    e |= cor_box_lines(out, its[0]->q);
    if (set && (set->truncated || set->epsilon > 0)) {
        e |= search_note(out, set, kind);
        e |= fputc('\n', out) == EOF;
    }
    char usd_unit[16];
    snprintf(usd_unit, sizeof usd_unit, "USD/%s", cor_box_unit(cor_query_box(its[0]->q)));
    e |= fprintf(out, "%3s %6s %8s %8s %7s  %s\n", "#", "days", usd_unit, "kg CO2e", "km", "legs") < 0;
    for (uint32_t i = 0; i < n; i++) {
        const cor_totals *t = &its[i]->totals;
        e |= fprintf(out, "%3u %6.1f %8s %8s %7s  ", i + 1, t->hours / 24, grouped(t->cost_usd, 0, b1, sizeof b1),
                     grouped(t->co2e_kg, 0, b2, sizeof b2), grouped(t->distance_km, 0, b3, sizeof b3)) < 0;
        e |= route_signature(out, its[i]);
        e |= fputc('\n', out) == EOF;
    }
    for (uint32_t i = 0; i < n && !e; i++) {
        char what[96];
        if (strcmp(kind, "pareto") == 0)
            snprintf(what, sizeof what, "Trade-off %u of %u", i + 1, n);
        else
            snprintf(what, sizeof what, "Alternative %u of %u by %s", i + 1, n, cor_objective_name(its[i]->q->by));
        e |= fprintf(out, "\n") < 0;
        if (write_table_as(out, its[i], what, wide) != COR_OK)
            e = 1;
    }
    return e ? COR_EIO : COR_OK;
}
