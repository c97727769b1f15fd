/*
 * assign_net.c -- the expanded routing graph as an assignment network, the
 * demand on it, and the solver's flows mapped back to assets.  See
 * corridor/assign_net.h for the model; this file holds its construction.
 *
 * Node numbering: zones first (the demand's places, then two per loaded
 * asset link carrying background), then one node per graph state, then the
 * inner nodes of capacitated chains.  Links are appended as built; every
 * array grows together (push_link).  O(arcs + states + OD) time and memory.
 */
#include "corridor/assign_net.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/compare.h"
#include "corridor/graph.h"
#include "../core/alloc.h" /* last: maps malloc & co. to the counted wrappers */

void cor_amodel_init(cor_amodel *m)
{
    memset(m, 0, sizeof *m);
}

void cor_amodel_destroy(cor_amodel *m)
{
    if (!m)
        return;
    free(m->zone_node);
    free(m->from), free(m->to), free(m->t0), free(m->cap), free(m->alpha), free(m->beta), free(m->fixed);
    free(m->vdf), free(m->link_asset), free(m->link_bg), free(m->arc_entry), free(m->arc_alink);
    free(m->orig), free(m->dest), free(m->vol), free(m->klass);
    free(m->assets), free(m->asset_of_link), free(m->asset_of_transfer), free(m->asset_of_border);
    cor_assign_result_free(&m->res);
    memset(m, 0, sizeof *m);
}

static int push_link(cor_amodel *m, uint32_t from, uint32_t to, double t0, double fixed, uint32_t asset)
{
    if (m->nlinks == m->cap_links) {
        if (m->cap_links > (1u << 30))
            return -1;
        uint32_t nc = m->cap_links ? 2 * m->cap_links : 1024;
#define GROW(p)                                              \
    do {                                                     \
        void *np = realloc(m->p, (size_t)nc * sizeof *m->p); \
        if (!np)                                             \
            return -1;                                       \
        m->p = np;                                           \
    } while (0)
        GROW(from);
        GROW(to);
        GROW(t0);
        GROW(cap);
        GROW(alpha);
        GROW(beta);
        GROW(fixed);
        GROW(vdf);
        GROW(link_asset);
        GROW(link_bg);
#undef GROW
        m->cap_links = nc;
    }
    uint32_t i = m->nlinks++;
    m->from[i] = from;
    m->to[i] = to;
    m->t0[i] = t0 > 0 ? t0 : 0;
    m->fixed[i] = fixed > 0 ? fixed : 0;
    m->cap[i] = 1;
    m->alpha[i] = 0;
    m->beta[i] = 0;
    m->vdf[i] = COR_VDF_BPR;
    m->link_asset[i] = asset;
    m->link_bg[i] = 0;
    if (asset != COR_NONE) {
        const cor_asset *a = &m->assets[asset];
        if (a->cap_teu > 0) {
            double share = a->ndir ? 1.0 / a->ndir : 1.0;
            m->cap[i] = a->cap_teu * share;
            m->alpha[i] = a->alpha;
            m->beta[i] = a->beta;
            m->vdf[i] = a->vdf;
            m->link_bg[i] = a->bg_teu * share;
        }
    }
    return 0;
}

static const char *link_kind(const cor_link *l)
{
    return cor_mode_name(l->mode);
}

static const char *transfer_kind(const cor_transfer *t)
{
    return cor_stop_kind_name(t->kind);
}

/* Fill asset a from the table: the override or the kind's default, and
 * the capacity of the network's files unless the row gives one. */
static void asset_params(cor_asset *a, const cor_vdf_table *vt, cor_asset_sel sel, double cap_teu, double cap_t,
                         const char *basis)
{
    const cor_vdf_row *r = cor_vdf_table_find(vt, sel, a->id, a->kind_name);
    double tpt = vt->t_per_teu > 0 ? vt->t_per_teu : COR_DEFAULT_T_PER_TEU;
    a->vdf = COR_VDF_BPR;
    a->alpha = 0.15;
    a->beta = 4;
    a->basis = basis ? basis : "";
    a->vdf_source = "default BPR 0.15/4 (no row in delay_functions.csv)";
    if (r) {
        const cor_vdf_row *f = r->vdf_given ? r : cor_vdf_table_kind(vt, a->kind_name);
        if (f) {
            a->vdf = (uint8_t)f->vdf;
            a->alpha = f->alpha;
            a->beta = f->beta;
        }
        a->vdf_source = f ? f->source : a->vdf_source;
        if (r->sel != COR_SEL_KIND) {
            if (r->cap_teu > 0 || r->cap_t > 0) {
                cap_teu = r->cap_teu;
                cap_t = r->cap_t;
                a->basis = r->basis;
            }
            a->bg_teu = r->bg_teu + r->bg_t / tpt;
        }
    }
    a->cap_teu = cap_teu > 0 ? cap_teu : cap_t > 0 ? cap_t / tpt : 0;
    if (a->cap_teu <= 0)
        a->bg_teu = 0;
}

static uint32_t *none_array(uint32_t n)
{
    uint32_t *p = malloc((n ? n : 1) * sizeof *p);
    if (p)
        for (uint32_t i = 0; i < n; i++)
            p[i] = COR_NONE;
    return p;
}

/* Make the assets of the arcs the filter allows. */
static cor_status make_assets(cor_amodel *m, const cor_vdf_table *vt, cor_diag *d)
{
    const cor_graph *g = m->f->g;
    const cor_network *net = g->net;
    uint32_t nl = cor_network_link_count(net) + cor_network_generic_count(net);
    uint32_t nt = cor_network_transfer_count(net), nb = cor_network_border_count(net);
    m->asset_of_link = none_array(nl);
    m->asset_of_transfer = none_array(nt);
    m->asset_of_border = none_array(nb);
    m->assets = calloc((size_t)nl + nt + nb + 1, sizeof *m->assets);
    if (!m->asset_of_link || !m->asset_of_transfer || !m->asset_of_border || !m->assets)
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    for (uint32_t a = 0; a < g->narcs; a++) {
        if (!isfinite(m->f->weight[a]))
            continue;
        uint32_t ref = g->ref[a];
        if (g->kind[a] == COR_ARC_LINK) {
            const cor_link *l = cor_network_link(net, ref);
            if (m->asset_of_link[ref] == COR_NONE) {
                cor_asset *x = &m->assets[m->nassets];
                x->kind = COR_ASSET_LINK;
                x->ref = ref;
                x->kind_name = link_kind(l);
                snprintf(x->id, sizeof x->id, "%s", l->id);
                asset_params(x, vt, COR_SEL_LINK, l->capacity_teu_per_year, l->capacity_t_per_year, l->capacity_basis);
                m->asset_of_link[ref] = m->nassets++;
            }
            m->assets[m->asset_of_link[ref]].ndir++;
            if (l->border != COR_NONE) {
                if (m->asset_of_border[l->border] == COR_NONE) {
                    const cor_border *b = cor_network_border(net, l->border);
                    cor_asset *x = &m->assets[m->nassets];
                    x->kind = COR_ASSET_BORDER;
                    x->ref = l->border;
                    x->kind_name = "border";
                    snprintf(x->id, sizeof x->id, "%s", b->id);
                    asset_params(x, vt, COR_SEL_BORDER, 0, 0, "");
                    m->asset_of_border[l->border] = m->nassets++;
                }
                m->assets[m->asset_of_border[l->border]].ndir++;
            }
        } else {
            const cor_transfer *t = cor_network_transfer(net, ref);
            if (m->asset_of_transfer[ref] == COR_NONE) {
                cor_asset *x = &m->assets[m->nassets];
                x->kind = COR_ASSET_TRANSFER;
                x->ref = ref;
                x->kind_name = transfer_kind(t);
                snprintf(x->id, sizeof x->id, "%s:%s:%s", cor_network_node(net, t->node)->id,
                         cor_network_class(net, t->from_cls)->name, cor_network_class(net, t->to_cls)->name);
                asset_params(x, vt, COR_SEL_TRANSFER, t->capacity_teu_per_year, t->capacity_t_per_year,
                             t->capacity_basis);
                m->asset_of_transfer[ref] = m->nassets++;
            }
            m->assets[m->asset_of_transfer[ref]].ndir++;
        }
    }
    return COR_OK;
}

static int loaded(const cor_amodel *m, uint32_t asset)
{
    return asset != COR_NONE && m->assets[asset].cap_teu > 0;
}

cor_status cor_amodel_build(cor_amodel *m, const cor_filter *f, const cor_vdf_table *vt, const cor_od *od,
                            uint32_t nod, const cor_demand_class *classes, uint32_t nclasses,
                            double carbon_price_usd_per_t, cor_diag *d)
{
    cor_amodel_destroy(m);
    m->f = f;
    const cor_graph *g = f->g;
    const cor_network *net = g->net;
    if (nclasses == 0 || nclasses > COR_ASSIGN_MAX_CLASSES)
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "between 1 and %u classes, not %u", COR_ASSIGN_MAX_CLASSES,
                            nclasses);
    cor_status s = make_assets(m, vt, d);
    if (s != COR_OK)
        return s;
    /* zones: the demand's places */
    uint32_t nn = cor_network_node_count(net);
    uint32_t *zone_of = none_array(nn);
    m->zone_node = malloc(((size_t)nod * 2 + 1) * sizeof *m->zone_node);
    m->arc_entry = none_array(g->narcs);
    m->arc_alink = none_array(2 * g->narcs);
    if (!zone_of || !m->zone_node || !m->arc_entry || !m->arc_alink) {
        free(zone_of);
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (uint32_t i = 0; i < nod; i++) {
        if (od[i].klass >= nclasses) {
            free(zone_of);
            return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "OD %u: class %u out of range", i, od[i].klass);
        }
        uint32_t e[2] = {od[i].from, od[i].to};
        for (int k = 0; k < 2; k++)
            if (zone_of[e[k]] == COR_NONE) {
                zone_of[e[k]] = m->nzones;
                m->zone_node[m->nzones++] = e[k];
            }
    }
    /* background zones: two per loaded asset direction; count them first */
    uint32_t nbg = 0;
    for (uint32_t a = 0; a < g->narcs; a++) {
        if (!isfinite(f->weight[a]))
            continue;
        const cor_link *l = g->kind[a] == COR_ARC_LINK ? cor_network_link(net, g->ref[a]) : NULL;
        uint32_t main = l ? m->asset_of_link[g->ref[a]] : m->asset_of_transfer[g->ref[a]];
        uint32_t bor = l && l->border != COR_NONE ? m->asset_of_border[l->border] : COR_NONE;
        nbg += (loaded(m, main) && m->assets[main].bg_teu > 0) + (loaded(m, bor) && m->assets[bor].bg_teu > 0);
    }
    uint32_t first_bg_zone = m->nzones;
    uint32_t nzones_all = m->nzones + 2 * nbg;
    uint32_t state0 = nzones_all;
    uint32_t next_node = state0 + g->nstates;
    uint32_t nod_all = nod + nbg;
    m->orig = malloc(((size_t)nod_all + 1) * sizeof *m->orig);
    m->dest = malloc(((size_t)nod_all + 1) * sizeof *m->dest);
    m->vol = malloc(((size_t)nod_all + 1) * sizeof *m->vol);
    m->klass = malloc((size_t)nod_all + 1);
    if (!m->orig || !m->dest || !m->vol || !m->klass) {
        free(zone_of);
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (uint32_t i = 0; i < nod; i++) {
        m->orig[i] = zone_of[od[i].from];
        m->dest[i] = zone_of[od[i].to];
        m->vol[i] = od[i].teu;
        m->klass[i] = (uint8_t)od[i].klass;
        m->demand_teu += od[i].teu;
    }
    m->nod_real = nod;
    uint32_t bgz = first_bg_zone, nbgod = nod;
    /* connectors: zone -> departure states, arrival states -> zone */
    int fail = 0;
    for (uint32_t z = 0; z < m->nzones && !fail; z++) {
        uint32_t n = m->zone_node[z];
        for (uint32_t st = g->node_first_state[n]; st < g->node_first_state[n + 1] && !fail; st++) {
            double th = f->term_crit ? f->term_crit[3 * st] : 0, tu = f->term_crit ? f->term_crit[3 * st + 1] : 0;
            double tc = f->term_crit ? f->term_crit[3 * st + 2] : 0;
            if (f->term_w && !isfinite(f->term_w[st]))
                continue;
            int service = cor_mode_is_service(cor_network_class(net, g->state_cls[st])->mode);
            double money = tu + carbon_price_usd_per_t * tc / 1000.0;
            if (!g->state_arr[st])
                fail |= push_link(m, z, state0 + st, th, money, COR_NONE);
            if (g->state_arr[st] || !service)
                fail |= push_link(m, state0 + st, z, th, money, COR_NONE);
        }
    }
    /* arcs */
    for (uint32_t a = 0; a < g->narcs && !fail; a++) {
        if (!isfinite(f->weight[a]))
            continue;
        double h = f->crit[4 * (size_t)a], u = f->crit[4 * (size_t)a + 1], c = f->crit[4 * (size_t)a + 2];
        double money = u + carbon_price_usd_per_t * c / 1000.0;
        uint32_t tail = state0 + g->tail[a], head = state0 + g->head[a];
        const cor_link *l = g->kind[a] == COR_ARC_LINK ? cor_network_link(net, g->ref[a]) : NULL;
        uint32_t main = l ? m->asset_of_link[g->ref[a]] : m->asset_of_transfer[g->ref[a]];
        uint32_t bor = l && l->border != COR_NONE ? m->asset_of_border[l->border] : COR_NONE;
        int lm = loaded(m, main), lb = loaded(m, bor);
        if (!lm && !lb) {
            m->arc_entry[a] = m->nlinks;
            fail |= push_link(m, tail, head, h, money, main);
            continue;
        }
        /* the chain: tail -> in -> [border] -> [line] -> head */
        double bh = 0, bu = 0;
        if (bor != COR_NONE) {
            const cor_border *b = cor_network_border(net, l->border);
            bh = b->dwell_hours < h ? b->dwell_hours : h;
            bu = b->fee_usd < money ? b->fee_usd : money;
        }
        uint32_t in = next_node++;
        m->arc_entry[a] = m->nlinks;
        fail |= push_link(m, tail, in, 0, 0, COR_NONE);
        uint32_t at = in;
        double rest_h = h, rest_u = money;
        if (lb) {
            uint32_t out = next_node++;
            uint32_t li = m->nlinks;
            m->arc_alink[2 * (size_t)a] = m->nlinks;
            fail |= push_link(m, at, out, bh, bu, bor);
            rest_h -= bh;
            rest_u -= bu;
            if (!fail && m->link_bg[li] > 0) {
                fail |= push_link(m, bgz, at, 0, 0, COR_NONE);
                fail |= push_link(m, out, bgz + 1, 0, 0, COR_NONE);
                m->orig[nbgod] = bgz, m->dest[nbgod] = bgz + 1, m->vol[nbgod] = m->link_bg[li], m->klass[nbgod] = 0;
                nbgod++, bgz += 2;
            }
            at = out;
        }
        uint32_t out = next_node++;
        uint32_t li = m->nlinks;
        m->arc_alink[2 * (size_t)a + 1] = m->nlinks;
        fail |= push_link(m, at, out, rest_h, rest_u, lm ? main : COR_NONE);
        if (!fail && lm && m->link_bg[li] > 0) {
            fail |= push_link(m, bgz, at, 0, 0, COR_NONE);
            fail |= push_link(m, out, bgz + 1, 0, 0, COR_NONE);
            m->orig[nbgod] = bgz, m->dest[nbgod] = bgz + 1, m->vol[nbgod] = m->link_bg[li], m->klass[nbgod] = 0;
            nbgod++, bgz += 2;
        }
        fail |= push_link(m, out, head, 0, 0, COR_NONE);
    }
    free(zone_of);
    if (fail)
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory building the assignment network");
    m->net.nnodes = next_node;
    m->net.nlinks = m->nlinks;
    m->net.first_thru = nzones_all;
    m->net.from = m->from;
    m->net.to = m->to;
    m->net.t0 = m->t0;
    m->net.cap = m->cap;
    m->net.alpha = m->alpha;
    m->net.beta = m->beta;
    m->net.vdf = m->vdf;
    m->net.fixed = m->fixed;
    memset(&m->dem, 0, sizeof m->dem);
    m->dem.nod = nbgod;
    m->dem.orig = m->orig;
    m->dem.dest = m->dest;
    m->dem.volume = m->vol;
    m->dem.klass = m->klass;
    m->dem.nclasses = nclasses;
    for (uint32_t k = 0; k < nclasses; k++) {
        m->dem.classes[k].time_weight = classes[k].vot_usd_per_teu_day / 24.0;
        m->dem.classes[k].money_weight = 1;
    }
    return COR_OK;
}

/* Each asset's volume, v/c, delay and excess from m->res (flow and time
 * of every link that carries an asset or enters an arc). */
static cor_status aggregate(cor_amodel *m, cor_diag *d)
{
    for (uint32_t i = 0; i < m->nassets; i++) {
        cor_asset *a = &m->assets[i];
        a->volume_teu = 0, a->vc = 0, a->delay_hours = 0, a->t0_hours = 0, a->over_teu = 0;
    }
    double *dsum = calloc(m->nassets ? m->nassets : 1, sizeof *dsum);
    if (!dsum)
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    for (uint32_t i = 0; i < m->nlinks; i++) {
        uint32_t ai = m->link_asset[i];
        if (ai == COR_NONE)
            continue;
        cor_asset *a = &m->assets[ai];
        double total = m->res.flow[i];
        if (a->cap_teu > 0 && m->cap[i] > 0 && total / m->cap[i] > a->vc)
            a->vc = total / m->cap[i];
        if (a->cap_teu > 0 && total > m->cap[i])
            a->over_teu += total - m->cap[i];
        double delay = a->vdf == COR_VDF_HARD ? 0 : m->res.time[i] - m->t0[i];
        dsum[ai] += (delay > 0 ? delay : 0) * total;
        if (m->t0[i] > a->t0_hours)
            a->t0_hours = m->t0[i];
    }
    /* the demand's volume: over the arcs' entry links (no background there) */
    const cor_graph *g = m->f->g;
    for (uint32_t a = 0; a < g->narcs; a++) {
        if (m->arc_entry[a] == COR_NONE)
            continue;
        double v = m->res.flow[m->arc_entry[a]];
        if (g->kind[a] == COR_ARC_LINK) {
            const cor_link *l = cor_network_link(g->net, g->ref[a]);
            m->assets[m->asset_of_link[g->ref[a]]].volume_teu += v;
            if (l->border != COR_NONE)
                m->assets[m->asset_of_border[l->border]].volume_teu += v;
        } else
            m->assets[m->asset_of_transfer[g->ref[a]]].volume_teu += v;
    }
    for (uint32_t i = 0; i < m->nassets; i++) {
        cor_asset *a = &m->assets[i];
        double tot = a->volume_teu + a->bg_teu;
        a->delay_hours = tot > 0 ? dsum[i] / tot : 0;
    }
    free(dsum);
    m->unassigned_teu = m->res.unroutable;
    return COR_OK;
}

cor_status cor_amodel_solve(cor_amodel *m, const cor_assign_opts *opts, cor_diag *d)
{
    cor_assign_result_free(&m->res);
    cor_status s = cor_assign(&m->net, &m->dem, opts, &m->res, d);
    return s == COR_OK ? aggregate(m, d) : s;
}

/* ---- logit corridor choice ------------------------------------------------ */

/* The hours an arc takes above free flow at the links' flows lf[]. */
static double arc_extra_hours(const cor_amodel *m, uint32_t a, const double *lf)
{
    double h = 0;
    for (int k = 0; k < 2; k++) {
        uint32_t li = m->arc_alink[2 * (size_t)a + k];
        if (li != COR_NONE)
            h += cor_anet_time(&m->net, li, lf[li]) - m->t0[li];
    }
    return h;
}

/* Link flows from arc flows x[] (demand) plus background. */
static void link_flows(const cor_amodel *m, const double *x, double *lf)
{
    const cor_graph *g = m->f->g;
    for (uint32_t i = 0; i < m->nlinks; i++)
        lf[i] = m->link_bg[i];
    for (uint32_t a = 0; a < g->narcs; a++) {
        if (m->arc_entry[a] == COR_NONE)
            continue;
        lf[m->arc_entry[a]] += x[a];
        for (int k = 0; k < 2; k++)
            if (m->arc_alink[2 * (size_t)a + k] != COR_NONE)
                lf[m->arc_alink[2 * (size_t)a + k]] += x[a];
    }
}

typedef struct alt {
    cor_filter f;
    cor_query q;
    double *w0;      /* the filter's weights at free flow */
    int ok;          /* the corridor applies and was compiled */
    uint32_t k;      /* corridor index, or COR_NONE: unconstrained */
} alt;

cor_status cor_amodel_logit(cor_amodel *m, const cor_query *q, const cor_od *od, uint32_t nod,
                            const cor_demand_class *classes, double theta, uint32_t iters, cor_diag *d)
{
    const cor_graph *g = m->f->g;
    const cor_network *net = g->net;
    uint32_t nk = cor_network_corridor_count(net), na = nk + 1;
    if (nod != m->nod_real)
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "logit: %u OD rows, the model was built for %u", nod,
                            m->nod_real);
    if (!(theta > 0))
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "logit: the dispersion must be above 0");
    if (!iters)
        iters = 50;
    cor_status st = COR_OK;
    alt *alts = calloc((size_t)nod * na, sizeof *alts);
    double *x = calloc(g->narcs ? g->narcs : 1, sizeof *x), *y = calloc(g->narcs ? g->narcs : 1, sizeof *y);
    double *lf = calloc(m->nlinks ? m->nlinks : 1, sizeof *lf), *extra = calloc(g->narcs ? g->narcs : 1, sizeof *extra);
    double *cost = calloc(na, sizeof *cost);
    cor_path *paths = calloc(na, sizeof *paths);
    cor_workspace *ws = cor_workspace_new();
    if (!alts || !x || !y || !lf || !extra || !cost || !paths || !ws) {
        st = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    for (uint32_t j = 0; j < na; j++)
        cor_path_init(&paths[j]);
    /* the alternatives of every OD: its corridors, or the best route when none applies */
    for (uint32_t i = 0; i < nod && st == COR_OK; i++) {
        cor_query cq = *q;
        cq.by = COR_BY_GENERALIZED;
        cq.value_of_time_usd_per_teu_day = classes[od[i].klass].vot_usd_per_teu_day;
        int any = 0;
        for (uint32_t k = 0; k <= nk && st == COR_OK; k++) {
            alt *A = &alts[(size_t)i * na + k];
            A->k = k < nk ? k : COR_NONE;
            if (k == nk && any)
                break;
            char why[COR_DIAG_TEXT];
            cor_diag local;
            cor_diag_init(&local, 4);
            cor_status s = cor_corridor_filter(g, &cq, k < nk ? cor_network_corridor(net, k) : NULL, od[i].from,
                                               od[i].to, &A->q, &A->f, why, sizeof why, &local);
            if (s == COR_OK) {
                /* does it route at all? */
                cor_path p;
                cor_path_init(&p);
                s = cor_shortest_path(&A->f, &A->q, ws, od[i].from, od[i].to, &p, &local);
                cor_path_destroy(&p);
                if (s == COR_OK && (A->w0 = malloc((g->narcs ? g->narcs : 1) * sizeof *A->w0))) {
                    memcpy(A->w0, A->f.weight, g->narcs * sizeof *A->w0);
                    A->ok = 1;
                    any = 1;
                } else if (s == COR_OK)
                    st = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
            }
            if (s == COR_ENOMEM)
                st = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
            if (!A->ok)
                cor_filter_destroy(&A->f);
            cor_diag_destroy(&local);
        }
    }
    double change = 0;
    uint32_t it;
    for (it = 1; it <= iters && st == COR_OK; it++) {
        link_flows(m, x, lf);
        for (uint32_t a = 0; a < g->narcs; a++)
            extra[a] = m->arc_entry[a] == COR_NONE ? 0 : arc_extra_hours(m, a, lf);
        memset(y, 0, g->narcs * sizeof *y);
        double unroutable = 0;
        for (uint32_t i = 0; i < nod && st == COR_OK; i++) {
            double vot = classes[od[i].klass].vot_usd_per_teu_day, best = INFINITY;
            for (uint32_t j = 0; j < na; j++) {
                alt *A = &alts[(size_t)i * na + j];
                cost[j] = INFINITY;
                if (!A->ok)
                    continue;
                for (uint32_t a = 0; a < g->narcs; a++)
                    if (isfinite(A->w0[a]))
                        A->f.weight[a] = A->w0[a] + vot / 24.0 * extra[a];
                cor_filter_weights_changed(&A->f);
                cor_diag local;
                cor_diag_init(&local, 2);
                cor_status s = cor_shortest_path(&A->f, &A->q, ws, od[i].from, od[i].to, &paths[j], &local);
                cor_diag_destroy(&local);
                if (s == COR_OK)
                    cost[j] = paths[j].weight;
                else if (s == COR_ENOMEM)
                    st = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
                if (cost[j] < best)
                    best = cost[j];
            }
            if (!isfinite(best)) {
                unroutable += od[i].teu;
                continue;
            }
            double sum = 0;
            for (uint32_t j = 0; j < na; j++)
                sum += isfinite(cost[j]) ? exp(-theta * (cost[j] - best)) : 0;
            for (uint32_t j = 0; j < na; j++) {
                if (!isfinite(cost[j]))
                    continue;
                double v = od[i].teu * exp(-theta * (cost[j] - best)) / sum;
                for (uint32_t e = 0; e < paths[j].narcs; e++)
                    y[paths[j].arcs[e]] += v;
            }
        }
        /* MSA: x += (y - x) / it */
        double num = 0, den = 0;
        for (uint32_t a = 0; a < g->narcs; a++) {
            num += fabs(y[a] - x[a]);
            den += y[a];
            x[a] += (y[a] - x[a]) / it;
        }
        change = den > 0 ? num / den : 0;
        m->res.unroutable = unroutable;
    }
    if (st == COR_OK) {
        /* the result as cor_assign would give it, for the reports */
        double ur = m->res.unroutable;
        cor_assign_result_free(&m->res);
        m->res.flow = calloc(m->nlinks ? m->nlinks : 1, sizeof *m->res.flow);
        m->res.time = calloc(m->nlinks ? m->nlinks : 1, sizeof *m->res.time);
        if (!m->res.flow || !m->res.time)
            st = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
        else {
            link_flows(m, x, m->res.flow);
            for (uint32_t i = 0; i < m->nlinks; i++)
                m->res.time[i] = cor_anet_time(&m->net, i, m->res.flow[i]);
            m->res.rel_gap = change;
            m->res.iterations = it - 1;
            m->res.converged = 0;
            m->res.unroutable = ur;
            st = aggregate(m, d);
        }
    }
done:
    for (size_t i = 0; alts && i < (size_t)nod * na; i++)
        if (alts[i].ok) {
            cor_filter_destroy(&alts[i].f);
            free(alts[i].w0);
        }
    for (uint32_t j = 0; paths && j < na; j++)
        cor_path_destroy(&paths[j]);
    free(alts), free(x), free(y), free(lf), free(extra), free(cost), free(paths);
    cor_workspace_free(ws);
    return st;
}

double cor_amodel_arc_teu(const cor_amodel *m, uint32_t arc)
{
    if (!m->res.flow || arc >= m->f->g->narcs || m->arc_entry[arc] == COR_NONE)
        return 0;
    return m->res.flow[m->arc_entry[arc]];
}

double cor_amodel_corridor_teu(const cor_amodel *m, const cor_corridor *k)
{
    if (!m->res.flow || !k->nrequires)
        return 0;
    const cor_graph *g = m->f->g;
    double best = INFINITY;
    for (uint32_t i = 0; i < k->nrequires; i++) {
        double sum = 0;
        for (uint32_t a = 0; a < g->narcs; a++)
            if (g->kind[a] == COR_ARC_LINK && m->arc_entry[a] != COR_NONE &&
                cor_corridor_link_meets(m->f, g->net, g->ref[a], &k->requires[i]))
                sum += m->res.flow[m->arc_entry[a]];
        if (sum < best)
            best = sum;
    }
    return isfinite(best) ? best : 0;
}
