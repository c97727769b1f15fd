/*
 * dijkstra.c -- filters, workspaces and layered Dijkstra.  See route.h.
 *
 * Layered state id: layer * nstates + state; layer = v * R + m, R = 2^nreq.
 * Layer (v, m) holds labels of paths that have visited via[0..v-1] and used
 * an arc of each required set in mask m (a link arc moves to m | its sets).
 * Settling (v, m, s) where node(s) == via[v] relaxes (v+1, m, s) at the same
 * distance (no arc).  The destination is reached when a state of `to` is
 * settled in layer (nvia, all sets).  O((V + A) L log(V L)) for L layers.
 *
 * No place twice: the layered optimum is returned when it passes no place
 * twice (then it is also the best loop-free route); else the best
 * loop-free route is searched for (K best, or branch and bound over the
 * layers each place may be in; see loop_free_bb) and the path refused if
 * none is found.
 *
 * Workspace labels are valid only where their stamp == cur_stamp, so a new
 * query resets them in O(1); a label is one record (distance, stamp, heap
 * position, predecessors), so touching a state costs one cache line, not
 * one per array.  The heap is 4-ary, indexed (pos) for decrease-key, and
 * keeps each entry's distance beside its state, so sifting compares
 * without a load from the labels.
 */
#include "corridor/route.h"
#include "corridor/simulate.h"
#include "corridor/alternatives.h"
#include "corridor/scenario.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "heap4.h"
#include "route_int.h"
#include "../core/alloc.h" /* last: maps malloc & co. to the counted wrappers */

static const char *const objective_names[] = {"time", "cost", "co2", "distance", "generalized"};

const char *cor_objective_name(cor_objective o)
{
    return (unsigned)o <= COR_BY_GENERALIZED ? objective_names[o] : "?";
}

int cor_objective_parse(const char *s, cor_objective *o)
{
    for (int i = 0; i <= COR_BY_GENERALIZED; i++)
        if (strcmp(s, objective_names[i]) == 0) {
            *o = (cor_objective)i;
            return 0;
        }
    return -1;
}

int cor_this_year(void)
{
    time_t now = time(NULL);
    struct tm tm;
    return gmtime_r(&now, &tm) ? tm.tm_year + 1900 : 2026;
}

void cor_query_init(cor_query *q, int year)
{
    memset(q, 0, sizeof *q);
    q->by = COR_BY_TIME;
    q->year = year;
}

double cor_weight(const cor_query *q, double hours, double usd, double co2e_kg, double km)
{
    switch (q->by) {
    case COR_BY_TIME: return hours;
    case COR_BY_COST: return usd;
    case COR_BY_CO2: return co2e_kg;
    case COR_BY_DISTANCE: return km;
    case COR_BY_GENERALIZED:
        return usd + q->value_of_time_usd_per_teu_day * hours / 24.0 + q->carbon_price_usd_per_t * co2e_kg / 1000.0;
    }
    return hours;
}

double cor_arc_weight(const cor_graph *g, uint32_t a, const cor_query *q)
{
    return cor_weight(q, g->hours[a], g->usd[a], g->co2e_kg[a], g->km[a]);
}

static const cor_box_spec default_box = {
    .set = 0, .id = "20", .name = "20' dry", .teu = 1, .tare_t = 2.3, .max_gross_t = 30.48,
    .usd_factor = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, .hub_co2_factor = 1};

const cor_box_spec *cor_query_box(const cor_query *q)
{
    return q->box.set ? &q->box : &default_box;
}

double cor_query_cargo_t(const cor_query *q, const cor_network *net, cor_mode m)
{
    const cor_box_spec *b = cor_query_box(q);
    if (b->cargo_t > 0)
        return b->cargo_t;
    if (q->payload_t_per_teu > 0)
        return q->payload_t_per_teu * b->teu;
    return cor_network_mode(net, m)->payload_t_per_teu * b->teu;
}

double cor_co2_scale(const cor_query *q, const cor_network *net, cor_mode m)
{
    double k = 1.0 + (q->empty_running > 0 ? q->empty_running : 0);
    const cor_mode_params *mp = cor_network_mode(net, m);
    if (mp->payload_t_per_teu > 0)
        k *= cor_query_cargo_t(q, net, m) / mp->payload_t_per_teu;
    return k;
}

/* The item of box.h that prices a stop of kind k. */
static cor_box_item stop_item(cor_stop_kind k)
{
    switch (k) {
    case COR_STOP_PORT: return COR_BOX_PORT;
    case COR_STOP_TRANSFER: return COR_BOX_TRANSFER;
    case COR_STOP_GAUGE_CHANGE: return COR_BOX_GAUGE_CHANGE;
    case COR_STOP_BORDER: return COR_BOX_BORDER;
    case COR_STOP_TERMINAL: return COR_BOX_TERMINAL;
    }
    return COR_BOX_TRANSFER;
}

void cor_box_stop_cost(const cor_query *q, cor_stop_kind k, double hours, double *usd, double *co2e_kg,
                       double *reefer_co2e_kg)
{
    *reefer_co2e_kg = 0;
    cor_box_apply(cor_query_box(q), stop_item(k), hours, usd, co2e_kg, reefer_co2e_kg);
}

void cor_box_leg_cost(const cor_query *q, cor_mode m, double hours, double *usd, double *co2e_kg,
                      double *reefer_co2e_kg)
{
    *reefer_co2e_kg = 0;
    cor_box_apply(cor_query_box(q), (cor_box_item)m, hours, usd, co2e_kg, reefer_co2e_kg);
}

int cor_box_road_closed(const cor_query *q, const cor_network *net, const cor_link *l)
{
    const cor_box_spec *b = cor_query_box(q);
    if (l->mode != COR_MODE_ROAD || b->nroad == 0)
        return 0;
    double gross = cor_box_gross_t(b, q->payload_t_per_teu > 0 ? q->payload_t_per_teu
                                                               : cor_network_mode(net, l->mode)->payload_t_per_teu);
    return gross > cor_box_road_limit_t(b, cor_network_node(net, l->from)->country) + 1e-9 ||
           gross > cor_box_road_limit_t(b, cor_network_node(net, l->to)->country) + 1e-9;
}

static void view_of_link(const cor_link *l, cor_link_view *v)
{
    v->distance_km = l->distance_km;
    v->fixed_hours = l->fixed_hours;
    v->fixed_usd = l->fixed_usd;
    v->passages = l->passages;
    v->waypoints = l->waypoints;
    v->nwaypoints = l->nwaypoints;
    v->wait_hours = l->wait_hours;
    v->closed = 0;
}

void cor_filter_link_view(const cor_filter *f, uint32_t link, cor_link_view *out)
{
    if (f && f->views)
        *out = f->views[link];
    else
        view_of_link(cor_network_link(f->g->net, link), out);
}

void cor_link_cost_view(const cor_network *net, const cor_link *l, const cor_link_view *v, double *hours,
                        double *usd, double *co2e_kg)
{
    const cor_mode_params *mp = cor_network_mode(net, l->mode);
    *hours = v->distance_km / l->speed_kmh * (1.0 + l->rest_per_drive_hour) + v->fixed_hours + v->wait_hours;
    *usd = v->distance_km * l->rate_usd_per_teu_km + v->fixed_usd;
    *co2e_kg = v->distance_km * mp->payload_t_per_teu * l->co2e_g_per_tkm / 1000.0;
}

void cor_filter_destroy(cor_filter *f)
{
    if (!f)
        return;
    free(f->weight);
    free(f->arcs);
    free(f->crit);
    free(f->term_w);
    free(f->term_crit);
    free(f->node_ok);
    free(f->node_why);
    free(f->zone);
    free(f->views);
    free(f->req_bits);
    for (uint32_t i = 0; i < f->nowned; i++)
        free(f->owned[i]);
    free(f->owned);
    memset(f, 0, sizeof *f);
}

/* Reroute the lane-following services whose lanes cross a closed passage:
 * all of them in one batch (one lane search per distinct origin).  The
 * generic services count only when the query allows them; it then has
 * views of every link, which carry its wait for a generic service. */
static cor_status reroute(cor_filter *f, const cor_network *net, const cor_query *q, uint64_t avoid, cor_diag *d)
{
    uint32_t nl = cor_network_link_count(net) + cor_network_generic_count(net), need = 0;
    int generic = q->generic_sea && cor_network_generic_count(net) > 0;
    for (uint32_t i = 0; i < nl; i++) {
        const cor_link *l = cor_network_link(net, i);
        need += l->auto_lanes && (l->passages & avoid) && (!l->generic || generic);
    }
    if (!need && !generic)
        return COR_OK;
    f->views = malloc((size_t)nl * sizeof *f->views);
    f->owned = calloc(need ? need : 1, sizeof *f->owned);
    size_t nb = need ? need : 1;
    uint32_t *which = malloc(nb * sizeof *which), *from = malloc(nb * sizeof *from), *to = malloc(nb * sizeof *to);
    cor_sea_path *sp = calloc(nb, sizeof *sp);
    cor_status *st = malloc(nb * sizeof *st);
    cor_status res = COR_OK;
    cor_sea_memo *memo = NULL;
    if (!f->views || !f->owned || !which || !from || !to || !sp || !st) {
        res = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    uint32_t n = 0;
    for (uint32_t i = 0; i < nl; i++) {
        const cor_link *l = cor_network_link(net, i);
        view_of_link(l, &f->views[i]);
        if (l->generic && q->generic_wait_hours > 0)
            f->views[i].wait_hours = q->generic_wait_hours;
        if (!(l->auto_lanes && (l->passages & avoid) && (!l->generic || generic)))
            continue;
        if (l->ncalls) {
            /* a service link through calls: leg by leg, omitting a call
             * that the open lanes do not reach */
            cor_link_view *v = &f->views[i];
            cor_sea_path p;
            uint32_t kept;
            cor_status s = COR_ENOMEM;
            if (memo || (memo = cor_sea_memo_new(avoid)) != NULL)
                s = cor_sea_route_calls(net, l->from, l->calls, l->ncalls, l->to, 1, memo, &p, &kept);
            if (s == COR_ENOMEM) {
                res = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
                goto done;
            }
            if (s != COR_OK) {
                v->closed = 1;
                continue;
            }
            v->distance_km = p.distance_km;
            v->fixed_hours = l->own_fixed_hours - (l->ncalls - kept) * l->call_hours + p.fixed_hours;
            v->fixed_usd = l->own_fixed_usd + p.fixed_usd;
            v->passages = l->own_passages | p.passages;
            v->waypoints = p.waypoints;
            v->nwaypoints = p.nwaypoints;
            f->owned[f->nowned++] = p.waypoints; /* the filter owns it now */
            continue;
        }
        which[n] = i;
        from[n] = l->from;
        to[n] = l->to;
        n++;
    }
    if (cor_sea_route_batch(net, from, to, n, avoid, sp, st) != COR_OK) {
        res = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    for (uint32_t k = 0; k < n; k++) {
        const cor_link *l = cor_network_link(net, which[k]);
        cor_link_view *v = &f->views[which[k]];
        if (st[k] != COR_OK) {
            v->closed = 1;
            continue;
        }
        v->distance_km = sp[k].distance_km;
        v->fixed_hours = l->own_fixed_hours + sp[k].fixed_hours;
        v->fixed_usd = l->own_fixed_usd + sp[k].fixed_usd;
        v->passages = l->own_passages | sp[k].passages;
        v->waypoints = sp[k].waypoints;
        v->nwaypoints = sp[k].nwaypoints;
        f->owned[f->nowned++] = sp[k].waypoints; /* the filter owns it now */
        sp[k].waypoints = NULL;
    }
done:
    cor_sea_memo_free(memo);
    for (uint32_t k = 0; sp && k < need; k++)
        cor_sea_path_destroy(&sp[k]);
    free(which);
    free(from);
    free(to);
    free(sp);
    free(st);
    return res;
}

/* Is country code a (a node's: "IR") the code that x starts with ("IR",
 * or "IR-RU" of a between item)? */
static int same_country(const char *a, const char *x)
{
    size_t la = strlen(a);
    return la > 0 && strncmp(a, x, la) == 0 && (x[la] == '\0' || x[la] == '-' || x[la] == '|');
}

/* A growing list of country pairs (two codes each), each closed both ways
 * or only from the first country to the second (directed). */
typedef struct country_pairs {
    const char **v;
    uint8_t *directed;
    uint32_t n, cap;
} country_pairs;

static int pairs_add(country_pairs *p, const char *a, const char *b, int directed)
{
    if (p->n == p->cap) {
        uint32_t cap = p->cap ? 2 * p->cap : 16;
        const char **nv = realloc(p->v, 2 * (size_t)cap * sizeof *nv);
        if (!nv)
            return -1;
        p->v = nv;
        uint8_t *nd = realloc(p->directed, cap);
        if (!nd)
            return -1;
        p->directed = nd;
        p->cap = cap;
    }
    p->v[2 * p->n] = a;
    p->v[2 * p->n + 1] = b;
    p->directed[p->n] = (uint8_t)directed;
    p->n++;
    return 0;
}

/* Close the generic services between two countries that a regime in force
 * closes a modelled service between, or names with between:CC-CC
 * (link_closed: [links + generic]).  Places it closes (node:ID) and
 * passages (passage:TAG) reach generic services as they reach any.
 * O(R + G * C) for R closed links, G generic services, C country pairs. */
static cor_status close_generic(const cor_network *net, uint64_t active, uint8_t *link_closed)
{
    uint32_t nl = cor_network_link_count(net), ng = cor_network_generic_count(net);
    country_pairs pairs = {NULL, NULL, 0, 0};
    for (uint32_t r = 0; r < cor_network_restriction_count(net); r++) {
        if (!(active >> r & 1u))
            continue;
        const cor_restriction *rx = cor_network_restriction(net, r);
        for (uint32_t k = 0; k < rx->nlinks; k++) {
            const cor_link *l = cor_network_link(net, rx->links[k]);
            if (!(l->mode == COR_MODE_SEA || l->mode == COR_MODE_FEEDER || l->mode == COR_MODE_FERRY ||
                  l->mode == COR_MODE_IWW))
                continue;
            uint8_t dir = rx->link_dirs ? rx->link_dirs[k] : (uint8_t)COR_CLOSE_BOTH;
            const char *a = cor_network_node(net, l->from)->country, *b = cor_network_node(net, l->to)->country;
            int bad = dir == COR_CLOSE_BOTH ? pairs_add(&pairs, a, b, 0)
                      : dir == COR_CLOSE_FORWARD ? pairs_add(&pairs, a, b, 1)
                                                 : pairs_add(&pairs, b, a, 1);
            if (bad)
                goto oom;
        }
        /* between:AA-BB and direction:AA-BB items (validated when loaded); compared on the codes */
        for (const char *p = strstr(rx->closes, "between:"); p; p = strstr(p + 1, "between:"))
            if (strlen(p + 8) >= 5 && p[10] == '-' && pairs_add(&pairs, p + 8, p + 11, 0))
                goto oom;
        for (const char *p = strstr(rx->closes, "direction:"); p; p = strstr(p + 1, "direction:"))
            if (strlen(p + 10) >= 5 && p[12] == '-' && pairs_add(&pairs, p + 10, p + 13, 1))
                goto oom;
    }
    for (uint32_t i = nl; pairs.n && i < nl + ng; i++) {
        const cor_link *l = cor_network_link(net, i);
        const char *a = cor_network_node(net, l->from)->country, *b = cor_network_node(net, l->to)->country;
        for (uint32_t k = 0; a && b && k < pairs.n; k++) {
            const char *x = pairs.v[2 * k], *y = pairs.v[2 * k + 1];
            if (!x || !y)
                continue;
            if (same_country(a, x) && same_country(b, y))
                link_closed[i] |= pairs.directed[k] ? COR_CLOSE_FORWARD : COR_CLOSE_BOTH;
            if (same_country(a, y) && same_country(b, x))
                link_closed[i] |= pairs.directed[k] ? COR_CLOSE_REVERSE : COR_CLOSE_BOTH;
        }
    }
    free(pairs.v);
    free(pairs.directed);
    return COR_OK;
oom:
    free(pairs.v);
    free(pairs.directed);
    return COR_ENOMEM;
}

unsigned cor_filter_parts;

/* Arcs a0 .. a1 - 1 of a filter being compiled: their criteria, weight
 * (INFINITY when the query closes them) and packed (weight, head). */
typedef struct arc_job {
    cor_filter *f;
    const cor_query *q;
    const uint8_t *link_closed;
    uint64_t avoid;
    uint32_t a0, a1;
    uint32_t road_closed; /* road links the box's weight closes, counted once (forward arcs) */
} arc_job;

static void *filter_arcs(void *arg)
{
    arc_job *j = arg;
    cor_filter *f = j->f;
    const cor_query *q = j->q;
    const cor_graph *g = f->g;
    const cor_network *net = g->net;
    const uint8_t *link_closed = j->link_closed;
    uint64_t avoid = j->avoid;
    const cor_box_spec *box = cor_query_box(q);
    enum { AHEAD = 16 }; /* arcs ahead whose link record is fetched: on a large import the records (a
                            cor_link each) are most of the time here, and arcs reach them out of order */
    for (uint32_t a = j->a0; a < j->a1; a++) {
        if (a + AHEAD < j->a1 && g->kind[a + AHEAD] == COR_ARC_LINK) {
            const char *lr = (const char *)cor_network_link(net, g->ref[a + AHEAD]);
            __builtin_prefetch(lr);
            __builtin_prefetch(lr + 64);
            __builtin_prefetch(lr + 128);
            __builtin_prefetch(lr + 192);
        }
        double *cr = &f->crit[4 * (size_t)a];
        uint32_t u = g->state_node[g->tail[a]], v = g->state_node[g->head[a]];
        int ok = f->node_ok[u] && f->node_ok[v];
        if (g->kind[a] == COR_ARC_LINK) {
            /* the link as the query sees it (rerouted, scaled to its
             * cargo, priced for its box), and its border crossing */
            const cor_link *l = cor_network_link(net, g->ref[a]);
            cor_link_view lv;
            cor_filter_link_view(f, g->ref[a], &lv);
            double h, usd, co2, rco2 = 0;
            cor_link_cost_view(net, l, &lv, &h, &usd, &co2);
            co2 *= cor_co2_scale(q, net, l->mode);
            if (box->set) {
                cor_box_leg_cost(q, l->mode, h, &usd, &co2, &rco2);
                co2 += rco2;
            }
            if (l->border != COR_NONE) {
                const cor_border *bd = cor_network_border(net, l->border);
                double bh = bd->dwell_hours, bu = bd->fee_usd, bc = 0;
                if (box->set) {
                    cor_box_stop_cost(q, COR_STOP_BORDER, bh, &bu, &bc, &rco2);
                    bc += rco2;
                }
                h += bh;
                usd += bu;
                co2 += bc;
            }
            cr[0] = h;
            cr[1] = usd;
            cr[2] = co2;
            cr[3] = lv.distance_km;
        } else {
            const cor_transfer *t = cor_network_transfer(net, g->ref[a]);
            double rco2 = 0;
            cr[0] = t->dwell_hours;
            cr[1] = t->cost_usd;
            cr[2] = t->co2e_kg;
            cr[3] = 0;
            if (box->set) {
                cor_box_stop_cost(q, t->kind, cr[0], &cr[1], &cr[2], &rco2);
                cr[2] += rco2;
            }
        }
        double w = cor_weight(q, cr[0], cr[1], cr[2], cr[3]);
        if (ok && g->kind[a] == COR_ARC_LINK) {
            const cor_link *l = cor_network_link(net, g->ref[a]);
            uint64_t lp = l->passages;
            if (f->views) {
                const cor_link_view *lv = &f->views[g->ref[a]];
                lp = lv->passages;
                ok = !lv->closed;
            }
            if (ok && cor_box_road_closed(q, net, l)) {
                ok = 0;
                j->road_closed += g->rev[a] == 0;
            }
            ok = ok && (!l->generic || q->generic_sea) && cor_link_open_in(l, q->year) && !(lp & avoid) &&
                 (q->modes == 0 || (q->modes & (1u << l->mode)));
            for (uint32_t i = 0; ok && i < q->navoid_links; i++)
                ok = q->avoid_links[i] != g->ref[a];
            ok = ok && !(link_closed[g->ref[a]] & (g->rev[a] ? COR_CLOSE_REVERSE : COR_CLOSE_FORWARD));
            const cor_node *nu = cor_network_node(net, u), *nv = cor_network_node(net, v);
            ok = ok && !(nu->passages & avoid) && !(nv->passages & avoid);
        }
        if (ok && g->kind[a] == COR_ARC_TRANSFER && q->modes) {
            /* --modes holds at a node too: no transfer into or out of a
             * class of an excluded mode (a port's sea -> road -> sea would
             * otherwise transship through the yard under --modes sea) */
            cor_mode mt = cor_network_class(net, g->state_cls[g->tail[a]])->mode;
            cor_mode mh = cor_network_class(net, g->state_cls[g->head[a]])->mode;
            ok = (q->modes >> mt & 1u) && (q->modes >> mh & 1u);
        }
        f->weight[a] = ok ? w : INFINITY;
        f->arcs[a] = (cor_arc_hw){f->weight[a], g->head[a], 0};
    }
    return NULL;
}

cor_status cor_filter_init(cor_filter *f, const cor_graph *g, const cor_query *q, cor_diag *d)
{
    memset(f, 0, sizeof *f);
    f->g = g;
    const cor_network *net = g->net;
    if (q->navoid_nodes > COR_MAX_AVOID || q->navoid_links > COR_MAX_AVOID || q->nvia > COR_MAX_VIA)
        return cor_diag_add(d, COR_ELIMIT, NULL, 0, 0, "too many --avoid or --via (limits %u and %u)",
                            COR_MAX_AVOID, COR_MAX_VIA);
    f->weight = malloc((g->narcs ? g->narcs : 1) * sizeof *f->weight);
    f->arcs = malloc((g->narcs ? g->narcs : 1) * sizeof *f->arcs);
    f->crit = malloc((g->narcs ? g->narcs : 1) * 4 * sizeof *f->crit);
    f->node_ok = malloc(g->nnodes ? g->nnodes : 1);
    f->term_w = malloc((g->nstates ? g->nstates : 1) * sizeof *f->term_w);
    f->term_crit = malloc((g->nstates ? g->nstates : 1) * 3 * sizeof *f->term_crit);
    if (!f->weight || !f->arcs || !f->crit || !f->node_ok || !f->term_w || !f->term_crit) {
        cor_filter_destroy(f);
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    }
    memset(f->node_ok, 1, g->nnodes);
    for (uint32_t n = 0; n < g->nnodes; n++) { /* zones (model.h): not passed through */
        const char *kind = cor_network_node(net, n)->kind;
        if (kind && kind[0] == 'z' && strcmp(kind, "zone") == 0) {
            if (!f->zone && !(f->zone = calloc(g->nnodes, 1))) {
                cor_filter_destroy(f);
                return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
            }
            f->zone[n] = 1;
        }
    }
    f->node_why = calloc(g->nnodes ? g->nnodes : 1, 1);
    uint8_t *link_closed = calloc((size_t)cor_network_link_count(net) + cor_network_generic_count(net) + 1, 1);
    if (!f->node_why || !link_closed) {
        free(link_closed);
        cor_filter_destroy(f);
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    }
    /* restrictions in force, then avoided countries, then avoided places */
    uint64_t active = cor_query_restrictions(q, net);
    for (uint32_t r = 0; r < cor_network_restriction_count(net); r++) {
        if (!(active >> r & 1u))
            continue;
        const cor_restriction *rx = cor_network_restriction(net, r);
        for (uint32_t k = 0; k < rx->nlinks; k++)
            link_closed[rx->links[k]] |= rx->link_dirs ? rx->link_dirs[k] : (uint8_t)COR_CLOSE_BOTH;
        for (uint32_t k = 0; k < rx->nnodes; k++) {
            f->node_ok[rx->nodes[k]] = 0;
            f->node_why[rx->nodes[k]] = (uint8_t)(3 + r);
        }
    }
    /* seasons (simulate.h): links, borders and places closed in the month of departure */
    if (q->depart_month >= 1 && q->depart_month <= 12 && q->reliability) {
        f->depart_month = q->depart_month;
        f->reliability = q->reliability;
        for (uint32_t l = 0; l < cor_network_link_count(net); l++) {
            const cor_link *lk = cor_network_link(net, l);
            if (cor_reliability_link_closed(q->reliability, l, q->depart_month) ||
                (lk->border != COR_NONE && cor_reliability_border_closed(q->reliability, lk->border, q->depart_month)))
                link_closed[l] |= (uint8_t)COR_CLOSE_BOTH;
        }
        for (uint32_t n = 0; n < g->nnodes; n++)
            if (cor_reliability_node_closed(q->reliability, n, q->depart_month)) {
                f->node_ok[n] = 0;
                f->node_why[n] = COR_WHY_SEASON;
            }
    }
    if (q->generic_sea && cor_network_generic_limited(net)) {
        free(link_closed);
        cor_filter_destroy(f);
        return cor_diag_add(d, COR_ELIMIT, NULL, 0, 0,
                            "generic sea services: the network has %u pairs of charted ports, more than the %u "
                            "for which they are built",
                            cor_network_generic_limited(net), COR_MAX_GENERIC);
    }
    if (!(isfinite(q->generic_wait_hours) && q->generic_wait_hours >= 0 && q->generic_wait_hours <= 10000)) {
        free(link_closed);
        cor_filter_destroy(f);
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "generic sea wait: expected 0 to 10000 hours");
    }
    if (q->generic_sea && close_generic(net, active, link_closed) != COR_OK) {
        free(link_closed);
        cor_filter_destroy(f);
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    }
    if (q->navoid_countries > COR_MAX_AVOID_COUNTRIES) {
        free(link_closed);
        cor_filter_destroy(f);
        return cor_diag_add(d, COR_ELIMIT, NULL, 0, 0, "--avoid-country: at most %u countries", COR_MAX_AVOID_COUNTRIES);
    }
    for (uint32_t n = 0; n < g->nnodes && q->navoid_countries; n++) {
        const char *c = cor_network_node(net, n)->country;
        for (uint32_t k = 0; k < q->navoid_countries; k++)
            if (c && strcmp(c, q->avoid_countries[k]) == 0) {
                f->node_ok[n] = 0;
                f->node_why[n] = 2;
            }
    }
    for (uint32_t st = 0; st < g->nstates; st++) {
        double *tc = &f->term_crit[3 * (size_t)st], rco2 = 0;
        tc[0] = g->term_hours[st];
        tc[1] = g->term_usd[st];
        tc[2] = g->term_co2e_kg[st];
        if (g->term[st] != COR_NONE) {
            cor_box_stop_cost(q, COR_STOP_TERMINAL, tc[0], &tc[1], &tc[2], &rco2);
            tc[2] += rco2;
        }
        f->term_w[st] = cor_weight(q, tc[0], tc[1], tc[2], 0);
    }
    for (uint32_t i = 0; i < q->navoid_nodes; i++) {
        if (q->avoid_nodes[i] >= g->nnodes) {
            cor_filter_destroy(f);
            return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "--avoid: node index out of range");
        }
        f->node_ok[q->avoid_nodes[i]] = 0;
        f->node_why[q->avoid_nodes[i]] = 1;
    }
    uint32_t nl = cor_network_link_count(net);
    for (uint32_t i = 0; i < q->navoid_links; i++)
        if (q->avoid_links[i] >= nl) {
            cor_filter_destroy(f);
            return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "--avoid: link index out of range");
        }
    uint64_t avoid = q->avoid_passages | cor_network_closed_passages(net);
    for (uint32_t r = 0; r < cor_network_restriction_count(net); r++)
        if (active >> r & 1u)
            avoid |= cor_network_restriction(net, r)->passages;
    cor_status rs = reroute(f, net, q, avoid, d);
    if (rs != COR_OK) {
        free(link_closed);
        cor_filter_destroy(f);
        return rs;
    }
    /* the arcs: on a large graph in up to four parts at once (each arc's
     * work reads only the query and the network, and writes only its own
     * entries, so the result is the same) */
    enum { MAX_PARTS = 4 };
    arc_job jobs[MAX_PARTS + 4];
    pthread_t th[MAX_PARTS + 4];
    int started[MAX_PARTS + 4] = {0};
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    uint32_t parts = g->narcs >= COR_FILTER_PARALLEL_ARCS && cpus > 1 ? (uint32_t)(cpus < MAX_PARTS ? cpus : MAX_PARTS) : 1;
    if (cor_filter_parts)
        parts = cor_filter_parts < MAX_PARTS + 4 ? cor_filter_parts : MAX_PARTS + 4;
    for (uint32_t k = 0; k < parts; k++)
        jobs[k] = (arc_job){f, q, link_closed, avoid, (uint32_t)((uint64_t)g->narcs * k / parts),
                            (uint32_t)((uint64_t)g->narcs * (k + 1) / parts), 0};
    for (uint32_t k = 1; k < parts; k++)
        started[k] = pthread_create(&th[k], NULL, filter_arcs, &jobs[k]) == 0;
    filter_arcs(&jobs[0]);
    for (uint32_t k = 1; k < parts; k++) {
        if (started[k])
            pthread_join(th[k], NULL);
        else
            filter_arcs(&jobs[k]); /* no thread: this one does it */
    }
    for (uint32_t k = 0; k < parts; k++)
        f->road_closed += jobs[k].road_closed;
    for (uint32_t l = 0; l < nl; l++) /* the network's links: what the regimes close */
        f->closed_links += link_closed[l] != 0;
    free(link_closed);
    return COR_OK;
}

void cor_filter_weights_changed(cor_filter *f)
{
    const uint32_t *head = f->g->head;
    for (uint32_t a = 0; a < f->g->narcs; a++)
        f->arcs[a] = (cor_arc_hw){f->weight[a], head[a], 0};
}

uint64_t cor_query_restrictions(const cor_query *q, const cor_network *net)
{
    uint64_t all = cor_network_restriction_count(net) >= 64 ? UINT64_MAX
                                                          : (((uint64_t)1 << cor_network_restriction_count(net)) - 1);
    if (q->restrictions_given)
        return q->restrictions & all;
    /* by default, the default regimes already in force in the query's year */
    uint64_t m = cor_network_default_restrictions(net) & all;
    for (uint32_t i = 0; i < cor_network_restriction_count(net) && i < 64; i++) {
        const char *since = cor_network_restriction(net, i)->since;
        if ((m >> i & 1) && since && strlen(since) >= 4 && q->year > 0 && atoi(since) > q->year)
            m &= ~((uint64_t)1 << i);
    }
    return m;
}

const char *cor_filter_node_problem(const cor_filter *f, uint32_t node, char *buf, size_t size)
{
    const cor_network *net = f->g->net;
    if (node >= f->g->nnodes || f->node_ok[node])
        return NULL;
    uint8_t why = f->node_why ? f->node_why[node] : 1;
    if (why == COR_WHY_SEASON) {
        const char *w = cor_reliability_closed_why(f->reliability, node, 1, f->depart_month);
        snprintf(buf, size, "closed in month %d (%s)", f->depart_month, w ? w : "seasons.csv");
    } else if (why >= 3) {
        const cor_restriction *r = cor_network_restriction(net, why - 3u);
        snprintf(buf, size, "closed by the restriction '%s' (%s%s%s)", r->id, r->name, r->since[0] ? ", since " : "",
                 r->since);
    } else if (why == 2) {
        snprintf(buf, size, "in an avoided country (--avoid-country %s)", cor_network_node(net, node)->country);
    } else {
        snprintf(buf, size, "avoided (--avoid)");
    }
    return buf;
}

/* ---- workspace ------------------------------------------------------ */

/* A layered state's label; valid where stamp == the workspace's cur. */
typedef struct label {
    double dist;
    uint32_t stamp;
    uint32_t pos;        /* heap position + 1; 0 = not in heap; SETTLED once settled */
    uint32_t pred;       /* previous layered state, COR_NONE at a source */
    uint32_t pred_arc;   /* arc into this state, COR_NONE for a layer step */
} label;
#define SETTLED UINT32_MAX

typedef heap4_item heap_item; /* d == lab[v].dist while v is queued (the indexed heap of the layered search) */

struct cor_workspace {
    size_t cap;          /* layered states allocated */
    uint32_t cur;        /* current stamp */
    label *lab;          /* [cap] */
    heap_item *heap;     /* [heap_cap]: at least cap; the one-layer search grows it */
    size_t heap_cap;
    uint32_t heap_n;
};

cor_status cor_filter_require(cor_filter *f, const uint8_t *bits, uint32_t n, cor_diag *d)
{
    if (n > COR_MAX_REQUIRED)
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "more than %u required elements", COR_MAX_REQUIRED);
    free(f->req_bits);
    f->req_bits = NULL;
    f->nreq = 0;
    if (n == 0)
        return COR_OK;
    size_t na = f->g->narcs ? f->g->narcs : 1;
    f->req_bits = malloc(na);
    if (!f->req_bits)
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    memcpy(f->req_bits, bits, f->g->narcs);
    f->nreq = n;
    return COR_OK;
}

cor_workspace *cor_workspace_new(void)
{
    return calloc(1, sizeof(cor_workspace));
}

void cor_workspace_free(cor_workspace *ws)
{
    if (!ws)
        return;
    free(ws->lab);
    free(ws->heap);
    free(ws);
}

static int ws_reserve(cor_workspace *ws, size_t n)
{
    if (n <= ws->cap)
        return 0;
    label *lab = calloc(n, sizeof *lab); /* stamps 0: never current */
    heap_item *heap = malloc(n * sizeof *heap);
    if (!lab || !heap) {
        free(lab);
        free(heap);
        return -1;
    }
    free(ws->lab);
    free(ws->heap);
    ws->lab = lab;
    ws->heap = heap;
    ws->cap = ws->heap_cap = n;
    ws->cur = 0;
    return 0;
}

/* A new search: every label stale, the heap empty. */
static void ws_begin(cor_workspace *ws)
{
    if (++ws->cur == 0) { /* stamp wrapped: clear */
        for (size_t i = 0; i < ws->cap; i++)
            ws->lab[i].stamp = 0;
        ws->cur = 1;
    }
    ws->heap_n = 0;
}

static void sift_up(cor_workspace *ws, uint32_t i)
{
    heap_item it = ws->heap[i];
    while (i > 0) {
        uint32_t p = (i - 1) / 4;
        if (ws->heap[p].d <= it.d)
            break;
        ws->heap[i] = ws->heap[p];
        ws->lab[ws->heap[i].v].pos = i + 1;
        i = p;
    }
    ws->heap[i] = it;
    ws->lab[it.v].pos = i + 1;
}

static void sift_down(cor_workspace *ws, uint32_t i)
{
    heap_item it = ws->heap[i], *h = ws->heap;
    uint32_t n = ws->heap_n;
    for (;;) {
        uint32_t c = 4 * i + 1, best;
        double bd;
        if (c + 3 < n) { /* four children (the usual case): a tournament, no loop */
            uint32_t a = h[c + 1].d < h[c].d ? c + 1 : c, b = h[c + 3].d < h[c + 2].d ? c + 3 : c + 2;
            best = h[b].d < h[a].d ? b : a;
            bd = h[best].d;
        } else {
            if (c >= n)
                break;
            best = c;
            for (uint32_t k = c + 1; k < n; k++)
                if (h[k].d < h[best].d)
                    best = k;
            bd = h[best].d;
        }
        if (bd >= it.d)
            break;
        h[i] = h[best];
        ws->lab[h[i].v].pos = i + 1;
        i = best;
    }
    h[i] = it;
    ws->lab[it.v].pos = i + 1;
}

/* Offer v the distance d through (from, arc): 1 if it improved v. */
static int relax(cor_workspace *ws, uint32_t v, double d, uint32_t from, uint32_t arc)
{
    label *l = &ws->lab[v];
    if (l->stamp != ws->cur) {
        l->stamp = ws->cur;
        l->pos = 0;
        l->dist = INFINITY;
        l->pred = l->pred_arc = COR_NONE;
    }
    if (l->pos == SETTLED || d >= l->dist)
        return 0;
    l->dist = d;
    l->pred = from;
    l->pred_arc = arc;
    uint32_t i;
    if (l->pos == 0)
        i = ws->heap_n++;
    else
        i = l->pos - 1;
    ws->heap[i].d = d;
    ws->heap[i].v = v;
    sift_up(ws, i);
    return 1;
}

/* The state of least distance, out of the heap and marked settled. */
static uint32_t pop(cor_workspace *ws)
{
    uint32_t v = ws->heap[0].v;
    ws->lab[v].pos = SETTLED;
    ws->heap_n--;
    if (ws->heap_n) {
        ws->heap[0] = ws->heap[ws->heap_n];
        sift_down(ws, 0);
    }
    return v;
}

void cor_path_init(cor_path *p)
{
    memset(p, 0, sizeof *p);
}

void cor_path_destroy(cor_path *p)
{
    if (!p)
        return;
    free(p->arcs);
    memset(p, 0, sizeof *p);
}

static cor_status take_path(cor_workspace *ws, const cor_graph *g, uint32_t target, double best, cor_path *out,
                            uint32_t **lay);

/* ---- the one-layer search ------------------------------------------------
 *
 * No via point, no required set, no place restricted to layers: what most
 * routes are.  The same search as layered() with one layer (same labels,
 * same answers), in a loop of its own: the arcs come from the filter's
 * packed (weight, head) array, and the heap has no decrease-key: an
 * improved state is pushed again and its older entries, heavier than its
 * label, are skipped when they come up.  So sifting moves heap entries
 * only and never writes a heap position into a label; the heap holds at
 * most one entry per improvement (grown when needed). */

static int heap_grow(cor_workspace *ws)
{
    size_t cap = 2 * ws->heap_cap + 64;
    heap_item *h = realloc(ws->heap, cap * sizeof *h);
    if (!h)
        return -1;
    ws->heap = h;
    ws->heap_cap = cap;
    return 0;
}


static cor_status one_layer(const cor_filter *f, cor_workspace *ws, uint32_t from, uint32_t to, cor_path *out)
{
    const cor_graph *g = f->g;
    if (ws_reserve(ws, g->nstates) != 0)
        return COR_ENOMEM;
    ws_begin(ws);
    const uint32_t cur = ws->cur;
    uint32_t from0 = g->node_first_state[from], nfrom = g->node_first_state[from + 1] - from0;
    uint32_t to0 = g->node_first_state[to], nto = g->node_first_state[to + 1] - to0;
    const uint32_t *first_out = g->first_out;
    const cor_arc_hw *arcs = f->arcs;
    const uint8_t *zone = f->zone;
    const double *term_w = f->term_w;
    label *lab = ws->lab;
    heap_item *h = ws->heap;
    size_t n = 0, cap = ws->heap_cap;
    for (uint32_t s = from0; s < from0 + nfrom; s++) { /* as relax() would */
        label *l = &lab[s];
        double d = term_w[s];
        if (l->stamp == cur && d >= l->dist)
            continue;
        *l = (label){d, cur, 1, COR_NONE, COR_NONE};
        if (n == cap) {
            if (heap_grow(ws))
                return COR_ENOMEM;
            h = ws->heap, cap = ws->heap_cap;
        }
        heap4_push(h, n++, (heap_item){d, s});
    }
    uint32_t target = COR_NONE;
    double best = INFINITY;
    while (n) {
        heap_item top = heap4_pop(h, n--);
        double dv = top.d;
        if (dv >= best)
            break; /* no label left can beat the best arrival */
        uint32_t v = top.v;
        label *lv = &lab[v];
        if (lv->pos == SETTLED || dv > lv->dist)
            continue; /* an older entry of a state pushed again */
        lv->pos = SETTLED;
        if (v - to0 < nto) { /* a state of `to`: a route ends here, with the terminal handling */
            if (dv + term_w[v] < best) {
                best = dv + term_w[v];
                target = v;
            }
            continue;
        }
        if (zone && zone[g->state_node[v]] && lv->pred != COR_NONE)
            continue; /* a zone: routes start or end there, never pass through */
        for (uint32_t a = first_out[v], e = first_out[v + 1]; a < e; a++) {
            cor_arc_hw arc = arcs[a];
            if (arc.w == INFINITY)
                continue;
            uint32_t x = arc.head;
            if (x - from0 < nfrom)
                continue; /* a route starts at the origin once: it does not come back to change class there */
            double d = dv + arc.w;
            label *l = &lab[x];
            if (l->stamp == cur && (l->pos == SETTLED || d >= l->dist))
                continue;
            *l = (label){d, cur, 1, v, a};
            if (n == cap) {
                if (heap_grow(ws))
                    return COR_ENOMEM;
                h = ws->heap, cap = ws->heap_cap;
            }
            heap4_push(h, n++, (heap_item){d, x});
        }
    }
    ws->heap_n = 0;
    if (target == COR_NONE)
        return COR_ENOROUTE;
    return take_path(ws, g, target, best, out, NULL);
}

/* One layered search.  allow (NULL: every place in every layer) gives, per
 * place, the layers (bit l) in which a route may be there.  On COR_OK, out
 * holds the path and, if lay is not NULL, *lay (malloc'd) the layer of
 * each arc's head.  COR_ENOROUTE, COR_ENOMEM. */
static cor_status layered(const cor_filter *f, const cor_query *q, cor_workspace *ws, uint32_t from, uint32_t to,
                          const uint64_t *allow, cor_path *out, uint32_t **lay)
{
    const cor_graph *g = f->g;
    out->narcs = 0;
    out->weight = INFINITY;
    out->from_node = from;
    out->to_node = to;
    uint32_t nreq = f->req_bits ? f->nreq : 0, R = 1u << nreq, full = R - 1;
    uint32_t layers = (q->nvia + 1) * R; /* layer = via layer * R + mask of required sets used */
    size_t n = (size_t)g->nstates * layers;
    if (n == 0)
        return COR_ENOROUTE;
    if (layers == 1 && !allow && !lay)
        return one_layer(f, ws, from, to, out);
    if (ws_reserve(ws, n) != 0)
        return COR_ENOMEM;
    ws_begin(ws);
    /* the origin's states are from0 .. from0 + nfrom - 1 and the
     * destination's to0 .. to0 + nto - 1 (a node's states are consecutive),
     * so "is it the origin / the destination" needs no load of state_node */
    uint32_t from0 = g->node_first_state[from], nfrom = g->node_first_state[from + 1] - from0;
    uint32_t to0 = g->node_first_state[to], nto = g->node_first_state[to + 1] - to0;
    for (uint32_t s = from0; s < from0 + nfrom; s++)
        relax(ws, s, f->term_w[s], COR_NONE, COR_NONE);
    uint32_t target = COR_NONE;
    double best = INFINITY;
    const uint32_t *first_out = g->first_out, *head = g->head;
    const double *weight = f->weight;
    while (ws->heap_n) {
        uint32_t v = pop(ws);
        double dv = ws->lab[v].dist;
        if (dv >= best)
            break; /* no label left can beat the best arrival */
        uint32_t layer = 0, s = v;
        if (layers > 1)
            layer = (uint32_t)(v / g->nstates), s = (uint32_t)(v % g->nstates);
        uint32_t vl = layer >> nreq, mask = layer & full; /* R = 2^nreq */
        if (vl == q->nvia && mask == full && s - to0 < nto) { /* s is a state of `to` */
            /* a route ends here, with the terminal handling at the end */
            if (dv + f->term_w[s] < best) {
                best = dv + f->term_w[s];
                target = v;
            }
            continue;
        }
        if (vl < q->nvia) {
            uint32_t node = g->state_node[s];
            if (node == q->via[vl] && (!allow || ((allow[node] >> (layer + R)) & 1)))
                relax(ws, v + (size_t)R * g->nstates, dv, v, COR_NONE);
        }
        if (f->zone && f->zone[g->state_node[s]] && ws->lab[v].pred != COR_NONE)
            continue; /* a zone: routes start or end there, never pass through */
        size_t base = (size_t)layer * g->nstates;
        for (uint32_t a = first_out[s]; a < first_out[s + 1]; a++) {
            double w = weight[a];
            if (w == INFINITY)
                continue;
            uint32_t h = head[a];
            if (layer == 0 && h - from0 < nfrom)
                continue; /* a route starts at the origin once: it does not come back to change class there */
            size_t at = base;
            if (nreq || allow) {
                uint32_t nl = nreq ? vl * R + (mask | (f->req_bits[a] & full)) : layer;
                if (allow && !((allow[g->state_node[h]] >> nl) & 1))
                    continue;
                at = (size_t)nl * g->nstates;
            }
            relax(ws, (uint32_t)(at + h), dv + w, v, a);
        }
    }
    if (target == COR_NONE)
        return COR_ENOROUTE;
    return take_path(ws, g, target, best, out, lay);
}

/* The path to layered state target (weight best) into out, and with lay
 * the layer of each arc's head.  COR_OK, COR_ENOMEM. */
static cor_status take_path(cor_workspace *ws, const cor_graph *g, uint32_t target, double best, cor_path *out,
                            uint32_t **lay)
{
    uint32_t cnt = 0;
    for (uint32_t v = target; ws->lab[v].pred != COR_NONE; v = ws->lab[v].pred)
        cnt += ws->lab[v].pred_arc != COR_NONE;
    if (cnt > out->cap) {
        uint32_t *na = realloc(out->arcs, (cnt ? cnt : 1) * sizeof *na);
        if (!na)
            return COR_ENOMEM;
        out->arcs = na;
        out->cap = cnt;
    }
    if (lay) {
        *lay = malloc((cnt ? cnt : 1) * sizeof **lay);
        if (!*lay)
            return COR_ENOMEM;
    }
    out->narcs = cnt;
    uint32_t i = cnt;
    for (uint32_t v = target; ws->lab[v].pred != COR_NONE; v = ws->lab[v].pred)
        if (ws->lab[v].pred_arc != COR_NONE) {
            out->arcs[--i] = ws->lab[v].pred_arc;
            if (lay)
                (*lay)[i] = (uint32_t)(v / g->nstates);
        }
    out->weight = best;
    return COR_OK;
}

/* ---- loop-free routes through via points: branch and bound ------------
 *
 * A loop-free route passes a place X once: one run of X's states, in one
 * layer l, or in l, l + R, l + 2R, ... when the via points reached there
 * are X (required sets hold link arcs only, so a run keeps its mask).  When
 * the best path of a subproblem passes X twice, its children restrict X to
 * one such window of layers each, or ban X: every loop-free route of the
 * parent lies in a child, and no child is cheaper than its parent.  Best
 * first: the first loop-free path popped at or below every open
 * subproblem's weight is the best loop-free route.  A child that would not
 * restrict its parent (X twice within one window: two visits in one layer)
 * is left unresolved; if an unresolved subproblem, or the budget, leaves a
 * cheaper possibility open, the search gives up (the caller reports the
 * loop).  At most BB_RUNS searches; layers <= 64. */
#define BB_RUNS 128u
#define BB_CONS 16u
typedef struct bb_sub {
    double w;
    uint32_t ncons;
    uint32_t node[BB_CONS];
    uint64_t mask[BB_CONS];
    uint32_t x;       /* a place the path passes twice */
} bb_sub;

static uint64_t bb_allowed(const bb_sub *b, uint32_t node, uint64_t all)
{
    for (uint32_t i = 0; i < b->ncons; i++)
        if (b->node[i] == node)
            return b->mask[i];
    return all;
}

/* Evaluate subproblem b: its best path (in *p) and, if that loops, the
 * place and layers to branch on.  Returns 1 loop-free, 0 loops, -1 no
 * route, -2 out of memory. */
static int bb_eval(const cor_filter *f, const cor_query *q, cor_workspace *ws, uint32_t from, uint32_t to,
                   uint64_t *allow, uint64_t all, bb_sub *b, cor_path *p)
{
    for (uint32_t i = 0; i < b->ncons; i++)
        allow[b->node[i]] = b->mask[i];
    uint32_t *lay = NULL;
    cor_status st = layered(f, q, ws, from, to, allow, p, &lay);
    for (uint32_t i = 0; i < b->ncons; i++)
        allow[b->node[i]] = all;
    if (st != COR_OK) {
        free(lay);
        return st == COR_ENOROUTE ? -1 : -2;
    }
    b->w = p->weight;
    uint32_t x;
    int r = cor_path_repeated_node(f, p, &x);
    if (r < 0) {
        free(lay);
        return -2;
    }
    if (r == 0) {
        free(lay);
        return 1;
    }
    b->x = x;
    free(lay);
    return 0;
}

static cor_status loop_free_bb(const cor_filter *f, const cor_query *q, cor_workspace *ws, uint32_t from,
                               uint32_t to, uint32_t layers, uint32_t R, cor_path *out, int *found)
{
    const cor_graph *g = f->g;
    *found = 0;
    if (layers > 64)
        return COR_OK;
    /* the windows below assume that only link arcs carry required sets (a
     * run of states at one place then stays in one mask) */
    for (uint32_t a = 0; f->req_bits && a < g->narcs; a++)
        if (g->kind[a] == COR_ARC_TRANSFER && f->req_bits[a])
            return COR_OK;
    uint64_t all = layers == 64 ? ~(uint64_t)0 : (((uint64_t)1 << layers) - 1);
    uint64_t *allow = malloc((g->nnodes ? g->nnodes : 1) * sizeof *allow);
    size_t cap = 64, nopen = 0;
    bb_sub *open = malloc(cap * sizeof *open);
    cor_path p, bestp;
    cor_path_init(&p);
    cor_path_init(&bestp);
    cor_status res = COR_OK;
    if (!allow || !open) {
        res = COR_ENOMEM;
        goto done;
    }
    for (uint32_t i = 0; i < g->nnodes; i++)
        allow[i] = all;
    double best = INFINITY, unresolved = INFINITY;
    uint32_t runs = 0;
    bb_sub root;
    memset(&root, 0, sizeof root);
    int r = bb_eval(f, q, ws, from, to, allow, all, &root, &p);
    runs++;
    if (r == -2) {
        res = COR_ENOMEM;
        goto done;
    }
    if (r != 0)
        goto done; /* the caller's path: loop-free or none (not expected) */
    open[nopen++] = root;
    while (nopen) {
        size_t m = 0;
        for (size_t i = 1; i < nopen; i++)
            if (open[i].w < open[m].w)
                m = i;
        bb_sub s = open[m];
        open[m] = open[--nopen];
        if (s.w >= best)
            continue; /* cannot beat the loop-free route found */
        if (runs >= BB_RUNS) {
            unresolved = s.w < unresolved ? s.w : unresolved;
            continue;
        }
        uint64_t cm = bb_allowed(&s, s.x, all);
        /* the windows l, l + R, ... that the children keep, and none */
        uint64_t kids[65];
        uint32_t nk = 0;
        int stuck = 0;
        for (uint32_t l = 0; l < layers; l++) {
            if (!((cm >> l) & 1))
                continue;
            /* X's run starting in layer l: l, then l + R, l + 2R, ... while
             * the via points reached there are X */
            uint64_t win = (uint64_t)1 << l;
            for (uint32_t k = l, vl = l / R; vl < q->nvia && q->via[vl] == s.x && k + R < layers; vl++) {
                k += R;
                win |= (uint64_t)1 << k;
            }
            uint64_t c = cm & win;
            if (c == cm) {
                stuck = 1; /* two visits inside one window: not separated */
                continue;
            }
            int dup = 0;
            for (uint32_t j = 0; j < nk && !dup; j++)
                dup = kids[j] == c;
            if (!dup)
                kids[nk++] = c;
        }
        if (cm)
            kids[nk++] = 0;
        if (stuck)
            unresolved = s.w < unresolved ? s.w : unresolved;
        if (nk && runs + nk > BB_RUNS)
            unresolved = s.w < unresolved ? s.w : unresolved; /* children left unsearched */
        for (uint32_t j = 0; j < nk && runs < BB_RUNS; j++) {
            bb_sub c = s;
            uint32_t at = c.ncons;
            for (uint32_t i = 0; i < c.ncons; i++)
                if (c.node[i] == s.x)
                    at = i;
            if (at == c.ncons) {
                if (c.ncons == BB_CONS) {
                    unresolved = s.w < unresolved ? s.w : unresolved;
                    continue;
                }
                c.node[c.ncons++] = s.x;
            }
            c.mask[at] = kids[j];
            if (s.x == from && !(kids[j] & 1))
                continue; /* the origin is in layer 0 */
            r = bb_eval(f, q, ws, from, to, allow, all, &c, &p);
            runs++;
            if (r == -2) {
                res = COR_ENOMEM;
                goto done;
            }
            if (r == -1 || c.w >= best)
                continue;
            if (r == 1) {
                best = c.w;
                cor_path tmp = bestp;
                bestp = p;
                p = tmp;
                continue;
            }
            if (nopen == cap) {
                bb_sub *no = realloc(open, 2 * cap * sizeof *no);
                if (!no) {
                    res = COR_ENOMEM;
                    goto done;
                }
                open = no;
                cap *= 2;
            }
            open[nopen++] = c;
        }
    }
    if (best < INFINITY && best <= unresolved) {
        cor_path_destroy(out);
        *out = bestp;
        cor_path_init(&bestp);
        *found = 1;
    }
done:
    cor_path_destroy(&p);
    cor_path_destroy(&bestp);
    free(open);
    free(allow);
    return res;
}

cor_status cor_shortest_path(const cor_filter *f, const cor_query *q, cor_workspace *ws,
                             uint32_t from, uint32_t to, cor_path *out, cor_diag *d)
{
    const cor_graph *g = f->g;
    const cor_network *net = g->net;
    out->narcs = 0;
    out->weight = INFINITY;
    out->from_node = from;
    out->to_node = to;
    if (from >= g->nnodes || to >= g->nnodes)
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "node index out of range");
    if (q->nvia > COR_MAX_VIA)
        return cor_diag_add(d, COR_ELIMIT, NULL, 0, 0, "more than %u --via places", COR_MAX_VIA);
    char why[COR_DIAG_TEXT / 2];
    if (cor_filter_node_problem(f, from, why, sizeof why))
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "the origin %s is %s", cor_network_node(net, from)->name, why);
    if (cor_filter_node_problem(f, to, why, sizeof why))
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "the destination %s is %s", cor_network_node(net, to)->name,
                            why);
    for (uint32_t i = 0; i < q->nvia; i++) {
        if (q->via[i] >= g->nnodes)
            return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "--via: node index out of range");
        if (cor_filter_node_problem(f, q->via[i], why, sizeof why))
            return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "--via %s is %s", cor_network_node(net, q->via[i])->name, why);
    }
    uint32_t nreq = f->req_bits ? f->nreq : 0, R = 1u << nreq;
    uint32_t layers = (q->nvia + 1) * R;
    cor_status st = layered(f, q, ws, from, to, NULL, out, NULL);
    if (st == COR_ENOMEM)
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    if (st != COR_OK)
        return st;
    uint32_t twice;
    int lp = cor_path_repeated_node(f, out, &twice);
    if (lp < 0)
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    if (lp && !q->nvia && !nreq) {
        /* no via point, no required element: the best loop-free route is the
         * first loop-free one of the K best (cor_k_shortest drops the routes
         * that loop and asks for more), exact within its budget */
        cor_path_set ks;
        cor_path_set_init(&ks);
        cor_status ks_st = cor_k_shortest(f, q, from, to, 1, NULL, &ks, NULL);
        if (ks_st == COR_OK && ks.n == 1) {
            cor_path_destroy(out);
            *out = ks.paths[0];
            memset(&ks.paths[0], 0, sizeof ks.paths[0]);
            cor_path_set_destroy(&ks);
            return COR_OK;
        }
        cor_path_set_destroy(&ks);
        if (ks_st == COR_ENOMEM)
            return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    } else if (lp) {
        /* via points or required elements: branch and bound on the loops */
        int found = 0;
        if (loop_free_bb(f, q, ws, from, to, layers, R, out, &found) != COR_OK)
            return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
        if (found) {
            out->from_node = from;
            out->to_node = to;
            return COR_OK;
        }
    }
    if (lp) {
        out->narcs = 0;
        out->weight = INFINITY;
        if (!q->nvia && !nreq)
            return cor_diag_add(d, COR_ENOROUTE, NULL, 0, 0,
                                "no loop-free route: every route found passes a place twice (the best passes %s "
                                "twice)",
                                cor_network_node(net, twice)->name);
        return cor_diag_add(d, COR_ENOROUTE, NULL, 0, 0,
                            "%s force a loop: the best route passes %s twice, and no loop-free route was found",
                            q->nvia && nreq ? "the via points and required elements"
                            : q->nvia      ? "the via points"
                                           : "the required elements",
                            cor_network_node(net, twice)->name);
    }
    return COR_OK;
}

/* ---- several sources and targets (first and last mile, access.h) ------ */

cor_status cor_shortest_path_multi(const cor_filter *f, const cor_query *q, cor_workspace *ws,
                                   const cor_state_weight *src, uint32_t nsrc, const cor_state_weight *dst,
                                   uint32_t ndst, cor_path *out, cor_diag *d)
{
    const cor_graph *g = f->g;
    out->narcs = 0;
    out->weight = INFINITY;
    out->from_node = out->to_node = COR_NONE;
    if (q->nvia > COR_MAX_VIA)
        return cor_diag_add(d, COR_ELIMIT, NULL, 0, 0, "more than %u --via places", COR_MAX_VIA);
    for (uint32_t i = 0; i < nsrc; i++)
        if (src[i].state >= g->nstates || !(src[i].w >= 0))
            return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "source state out of range");
    for (uint32_t i = 0; i < ndst; i++)
        if (dst[i].state >= g->nstates || !(dst[i].w >= 0))
            return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "target state out of range");
    for (uint32_t i = 0; i < q->nvia; i++)
        if (q->via[i] >= g->nnodes)
            return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "--via: node index out of range");
    uint32_t layers = q->nvia + 1;
    size_t n = (size_t)g->nstates * layers;
    if (n == 0 || nsrc == 0 || ndst == 0)
        return COR_ENOROUTE;
    if (ws_reserve(ws, n) != 0)
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    uint32_t *orig = malloc(n * sizeof *orig); /* the node each label started from */
    if (!orig)
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    ws_begin(ws);
    for (uint32_t i = 0; i < nsrc; i++)
        if (relax(ws, src[i].state, src[i].w, COR_NONE, COR_NONE))
            orig[src[i].state] = g->state_node[src[i].state];
    uint32_t target = COR_NONE;
    double best = INFINITY;
    while (ws->heap_n) {
        uint32_t v = pop(ws);
        double dv = ws->lab[v].dist;
        if (dv >= best)
            break;
        uint32_t layer = (uint32_t)(v / g->nstates), s = (uint32_t)(v % g->nstates);
        uint32_t node = g->state_node[s];
        if (layer == q->nvia && ws->lab[v].pred != COR_NONE) /* a route has at least one arc */
            for (uint32_t i = 0; i < ndst; i++)
                if (dst[i].state == s && dv + dst[i].w < best) {
                    best = dv + dst[i].w;
                    target = v;
                }
        if (layer < q->nvia && node == q->via[layer] && relax(ws, v + g->nstates, dv, v, COR_NONE))
            orig[v + g->nstates] = orig[v];
        size_t base = (size_t)layer * g->nstates;
        if (f->zone && f->zone[node] && ws->lab[v].pred != COR_NONE)
            continue; /* a zone: routes start or end there, never pass through */
        for (uint32_t a = g->first_out[s]; a < g->first_out[s + 1]; a++) {
            double w = f->weight[a];
            if (w == INFINITY)
                continue;
            if (layer == 0 && g->state_node[g->head[a]] == orig[v])
                continue; /* a route leaves its start once */
            uint32_t h = (uint32_t)(base + g->head[a]);
            if (relax(ws, h, dv + w, v, a))
                orig[h] = orig[v];
        }
    }
    if (target == COR_NONE) {
        free(orig);
        return COR_ENOROUTE;
    }
    uint32_t cnt = 0, start = target;
    for (uint32_t v = target; ws->lab[v].pred != COR_NONE; v = ws->lab[v].pred) {
        cnt += ws->lab[v].pred_arc != COR_NONE;
        start = ws->lab[v].pred;
    }
    out->from_node = g->state_node[start % g->nstates];
    out->to_node = g->state_node[target % g->nstates];
    free(orig);
    if (cnt > out->cap) {
        uint32_t *na = realloc(out->arcs, (cnt ? cnt : 1) * sizeof *na);
        if (!na)
            return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
        out->arcs = na;
        out->cap = cnt;
    }
    out->narcs = cnt;
    uint32_t i = cnt;
    for (uint32_t v = target; ws->lab[v].pred != COR_NONE; v = ws->lab[v].pred)
        if (ws->lab[v].pred_arc != COR_NONE)
            out->arcs[--i] = ws->lab[v].pred_arc;
    out->weight = best;
    return COR_OK;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

int cor_path_repeated_node(const cor_filter *f, const cor_path *p, uint32_t *node)
{
    const cor_graph *g = f->g;
    uint32_t *seq = malloc((1 + (size_t)p->narcs) * sizeof *seq);
    if (!seq)
        return -1;
    size_t n = 0;
    seq[n++] = p->from_node;
    for (uint32_t i = 0; i < p->narcs; i++) {
        uint32_t h = g->state_node[g->head[p->arcs[i]]];
        if (h != seq[n - 1])
            seq[n++] = h;
    }
    qsort(seq, n, sizeof *seq, cmp_u32);
    int rep = 0;
    for (size_t i = 1; i < n && !rep; i++)
        if (seq[i] == seq[i - 1]) {
            rep = 1;
            if (node)
                *node = seq[i];
        }
    free(seq);
    return rep;
}

/* ---- generic sea services -------------------------------------------- */

cor_status cor_generic_sea_ends(const cor_network *net, uint32_t from, uint32_t to, cor_diag *d)
{
    if (from >= cor_network_node_count(net) || to >= cor_network_node_count(net))
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "node index out of range");
    uint32_t ends[2] = {from, to};
    for (int i = 0; i < 2; i++) {
        const cor_node *n = cor_network_node(net, ends[i]);
        if (!cor_node_is_port(n))
            return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0,
                                "--generic-sea: %s (%s) is not a port (kind %s); generic sea services join ports",
                                n->name, n->id, n->kind && n->kind[0] ? n->kind : "not given");
    }
    for (int i = 0; i < 2; i++) {
        const cor_node *n = cor_network_node(net, ends[i]);
        if (cor_network_sea_component(net, ends[i]) == COR_NONE)
            return cor_diag_add(d, COR_ENOROUTE, NULL, 0, 0,
                                "no generic sea service: no sea lane reaches %s (%s) in sealanes.csv", n->name, n->id);
    }
    if (cor_network_sea_component(net, from) != cor_network_sea_component(net, to))
        return cor_diag_add(d, COR_ENOROUTE, NULL, 0, 0,
                            "no generic sea service: %s and %s are not on one sea (no sea lane joins them)",
                            cor_network_node(net, from)->name, cor_network_node(net, to)->name);
    return COR_OK;
}

int cor_generic_sea_would_route(const cor_graph *g, const cor_query *q, cor_workspace *ws, uint32_t from,
                                uint32_t to)
{
    if (q->generic_sea || cor_network_generic_count(g->net) == 0)
        return 0;
    cor_query *q2 = malloc(sizeof *q2);
    if (!q2)
        return 0;
    *q2 = *q;
    q2->generic_sea = 1;
    cor_filter f;
    cor_path p;
    cor_path_init(&p);
    int yes = 0;
    if (cor_filter_init(&f, g, q2, NULL) == COR_OK)
        yes = cor_shortest_path(&f, q2, ws, from, to, &p, NULL) == COR_OK;
    cor_filter_destroy(&f);
    cor_path_destroy(&p);
    free(q2);
    return yes;
}
