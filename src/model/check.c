/*
 * check.c -- the invariants of a loaded network (cor_network_check).
 *
 * What loading and scenarios promise: every reference in range, every
 * number finite and inside the range its CSV column allows (after scale
 * factors too), every text valid UTF-8 without control characters, names
 * not blank and bounded.  `validate` runs this after a load, and the fuzz
 * targets after every load that succeeds, so a way around the checks is
 * found as a failure here rather than as a wrong answer later.  O(size).
 */
#include "internal.h"

#include <math.h>
#include <string.h>

#include "corridor/text.h"

#define FAIL(...) return cor_diag_add(d, COR_EINTERNAL, NULL, 0, 0, __VA_ARGS__)

static int in(double v, double lo, double hi) { return isfinite(v) && v >= lo && v <= hi; }

static int text_ok(const char *s, int is_name)
{
    if (!s)
        return 0;
    size_t n = strlen(s);
    if (cor_utf8_check(s, n) != n || cor_text_find_control(s, n, NULL) != n)
        return 0;
    return !is_name || (n <= COR_MAX_NAME_BYTES && !cor_text_blank(s, n));
}

cor_status cor_network_check(const cor_network *net, cor_diag *d)
{
    for (uint32_t i = 0; i < net->nnodes; i++) {
        const cor_node *n = &net->nodes[i];
        if (!text_ok(n->id, 1) || !text_ok(n->name, 1) || !text_ok(n->source, 0) || !text_ok(n->country, 0) ||
            !text_ok(n->kind, 0))
            FAIL("node %u: a text field is not printable text, or a name is blank or too long", i);
        for (uint32_t k = 0; k < n->naliases; k++)
            if (!text_ok(n->aliases[k], 1))
                FAIL("node %s: alias %u is not a printable name", n->id, k);
        if (!in(n->lat, -90, 90) || !in(n->lon, -180, 180))
            FAIL("node %s: coordinates out of range", n->id);
    }
    for (uint32_t i = 0; i < net->nlinks + net->ngeneric; i++) { /* the generic services too */
        const cor_link *l = &net->links[i];
        if (l->generic != (i >= net->nlinks))
            FAIL("link %u: generic flag does not match its place in the table", i);
        if (l->from >= net->nnodes || l->to >= net->nnodes || l->from == l->to)
            FAIL("link %u: ends out of range", i);
        if (l->cls >= net->nclasses || net->classes[l->cls].mode != l->mode)
            FAIL("link %s: class does not match its mode", l->id);
        if (!text_ok(l->id, 1) || !text_ok(l->source, 0) || !text_ok(l->corridors, 0) || !text_ok(l->status, 0))
            FAIL("link %u: a text field is not printable text", i);
        if (!in(l->distance_km, 0.001, 100000) || /* a loop service's pair may run round most of its loop */
            !in(l->speed_kmh, COR_MIN_SPEED_KMH, COR_MAX_SPEED_KMH) ||
            !in(l->rate_usd_per_teu_km, 0, COR_MAX_RATE) || !in(l->co2e_g_per_tkm, 0, 10000) ||
            !in(l->headway_hours, 0, COR_MAX_HOURS) || !in(l->capacity_teu_per_year, 0, 1e9) ||
            !in(l->own_fixed_hours, 0, COR_MAX_HOURS) || !in(l->own_fixed_usd, 0, COR_MAX_USD) ||
            !(isfinite(l->fixed_hours) && l->fixed_hours >= 0) || !(isfinite(l->fixed_usd) && l->fixed_usd >= 0))
            FAIL("link %s: a number is out of its range", l->id);
        if (l->border != COR_NONE && (l->border >= net->nborders || (net->borders[l->border].node != l->from &&
                                                                      net->borders[l->border].node != l->to)))
            FAIL("link %s: border not at one of its ends", l->id);
        if (l->nwaypoints > COR_MAX_WAYPOINTS)
            FAIL("link %s: too many waypoints", l->id);
        for (uint32_t k = 0; k < l->nwaypoints; k++)
            if (l->waypoints[k] >= net->nnodes)
                FAIL("link %s: waypoint out of range", l->id);
        if (l->service != COR_NONE && (l->service >= net->nservices || l->ncalls > COR_MAX_ROTATION ||
                                       !in(l->call_hours, 0, COR_MAX_HOURS)))
            FAIL("link %s: service reference or calls out of range", l->id);
        for (uint32_t k = 0; k < l->ncalls; k++)
            if (l->calls[k] >= net->nnodes)
                FAIL("link %s: call out of range", l->id);
    }
    for (uint32_t i = 0; i < net->ntransfers; i++) {
        const cor_transfer *t = &net->transfers[i];
        if (t->node >= net->nnodes || t->from_cls >= net->nclasses || t->to_cls >= net->nclasses)
            FAIL("transfer %u: reference out of range", i);
        if (!in(t->dwell_hours, 0, COR_MAX_HOURS) || !in(t->dwell_p95_hours, 0, COR_MAX_HOURS) ||
            !in(t->cost_usd, 0, COR_MAX_USD) || !in(t->co2e_kg, 0, 1e5) || !in(t->capacity_teu_per_year, 0, 1e9))
            FAIL("transfer %u at %s: a number is out of its range", i, net->nodes[t->node].id);
        if (!text_ok(t->source, 0))
            FAIL("transfer %u: source is not printable text", i);
    }
    for (uint32_t i = 0; i < net->nborders; i++) {
        const cor_border *b = &net->borders[i];
        if (b->node >= net->nnodes)
            FAIL("border %u: node out of range", i);
        if (!in(b->dwell_hours, 0, COR_MAX_HOURS) || !in(b->dwell_p95_hours, 0, COR_MAX_HOURS) ||
            !in(b->fee_usd, 0, COR_MAX_USD))
            FAIL("border %s: a number is out of its range", b->id);
        if (!text_ok(b->id, 1) || !text_ok(b->name, 1) || !text_ok(b->countries, 0) || !text_ok(b->source, 0))
            FAIL("border %u: a text field is not printable text", i);
    }
    for (uint32_t i = 0; i < net->nterminals; i++) {
        const cor_terminal *t = &net->terminals[i];
        if (t->node >= net->nnodes || t->cls >= net->nclasses)
            FAIL("terminal %u: reference out of range", i);
        if (!in(t->dwell_hours, 0, COR_MAX_HOURS) || !in(t->dwell_p95_hours, 0, COR_MAX_HOURS) ||
            !in(t->cost_usd, 0, COR_MAX_USD) || !in(t->co2e_kg, 0, 1e5))
            FAIL("terminal %u: a number is out of its range", i);
    }
    for (uint32_t i = 0; i < net->nlanes; i++) {
        const cor_lane *ln = &net->lanes[i];
        if (ln->from >= net->nnodes || ln->to >= net->nnodes || !in(ln->distance_km, 0.001, 40000) ||
            !in(ln->fixed_hours, 0, COR_MAX_HOURS) || !in(ln->fixed_usd, 0, COR_MAX_USD))
            FAIL("sea lane %u: out of range", i);
    }
    for (uint32_t i = 0; i < net->ncorridors; i++) {
        const cor_corridor *c = &net->corridors[i];
        if (!text_ok(c->name, 1) || !text_ok(c->description, 0) || !text_ok(c->source, 0))
            FAIL("corridor %u: a text field is not printable text", i);
        if (c->nvia > COR_CORRIDOR_MAX_VIA || c->navoid_nodes > COR_CORRIDOR_MAX_AVOID ||
            c->navoid_links > COR_CORRIDOR_MAX_AVOID)
            FAIL("corridor %s: too many via or avoided items", c->name);
        for (uint32_t k = 0; k < c->nvia; k++)
            if (c->via[k] >= net->nnodes)
                FAIL("corridor %s: via out of range", c->name);
    }
    for (int m = 0; m < COR_MODE_COUNT; m++) {
        const cor_mode_params *p = &net->modes[m];
        if (p->defined && (!in(p->speed_kmh, COR_MIN_SPEED_KMH, COR_MAX_SPEED_KMH) ||
                           !in(p->rate_usd_per_teu_km, 0, COR_MAX_RATE) || !in(p->co2e_g_per_tkm, 0, 10000) ||
                           !in(p->payload_t_per_teu, 0.1, 40)))
            FAIL("mode %s: a number is out of its range", cor_mode_name((cor_mode)m));
    }
    return COR_OK;
}
