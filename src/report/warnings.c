/*
 * warnings.c -- what a query or a route should be read with (warn.h):
 * options that change nothing, and legs and stops that rest on data the
 * network flags (a status other than open, a source that is an assumption).
 * Reads the query and the itinerary; never prints.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "corridor/report.h"
#include "corridor/warn.h"

void cor_query_warnings(const cor_query *q, cor_warnings *w)
{
    if (q->by != COR_BY_GENERALIZED) {
        if (q->value_of_time_usd_per_teu_day > 0)
            cor_warn(w, COR_WARN_OPTION, "--value-of-time has no effect with --by %s (only --by generalized weighs "
                     "time in USD)", cor_objective_name(q->by));
        if (q->carbon_price_usd_per_t > 0)
            cor_warn(w, COR_WARN_OPTION, "--carbon-price has no effect with --by %s (only --by generalized prices "
                     "CO2e)", cor_objective_name(q->by));
    } else if (q->value_of_time_usd_per_teu_day <= 0 && q->carbon_price_usd_per_t <= 0) {
        cor_warn(w, COR_WARN_OPTION, "--by generalized without --value-of-time or --carbon-price is --by cost");
    }
    const cor_box_spec *b = cor_query_box(q);
    if (b->set && !b->nrules && (b->teu != 1.0 || b->reefer))
        cor_warn(w, COR_WARN_ASSUMPTION, "--box %s: the network has no box_rules.csv, so every tariff is taken per TEU "
                 "(x %g)", b->id, b->teu);
    double cargo = b->cargo_t > 0 ? b->cargo_t : q->payload_t_per_teu > 0 ? q->payload_t_per_teu * b->teu : 0;
    char where[256] = "";
    for (uint32_t i = 0; cargo > 0 && i < b->nroad; i++) {
        double lim = b->road[i].max_gvw_t - b->road[i].rig_tare_t;
        if (cargo + b->tare_t > lim + 1e-9 && strlen(where) + 32 < sizeof where) {
            size_t n = strlen(where);
            snprintf(where + n, sizeof where - n, "%s%s (%.1f t)", n ? ", " : "",
                     strcmp(b->road[i].country, "*") == 0 ? "other countries" : b->road[i].country, lim);
        }
    }
    if (where[0])
        cor_warn(w, COR_WARN_WEIGHT, "the %s at %.1f t gross is over the road limit (road_limits.csv) in %s: no "
                 "road leg there", b->name, cargo + b->tare_t, where);
}

/* The start of a source, cut at a space before `max` bytes ("..." added):
 * enough to see what was assumed; `corridor show` has the rest. */
static const char *cut(const char *src, char *buf, size_t size, size_t max)
{
    size_t n = strlen(src);
    if (n <= max || size < 8) {
        snprintf(buf, size, "%s", src);
        return buf;
    }
    size_t k = max < size - 4 ? max : size - 4;
    while (k > 0 && src[k] != ' ')
        k--;
    if (k == 0)
        k = max < size - 4 ? max : size - 4;
    while (k > 0 && ((unsigned char)src[k] & 0xC0) == 0x80) /* not inside a UTF-8 character */
        k--;
    snprintf(buf, size, "%.*s ...", (int)k, src);
    return buf;
}

/* Does a source say the whole row is an assumption? */
static int assumed(const char *source)
{
    return source && strncasecmp(source, "assum", 5) == 0;
}

typedef struct counter {
    unsigned n, extra;
} counter;

static int room(counter *c)
{
    if (c->n < COR_MAX_ROUTE_WARNINGS) {
        c->n++;
        return 1;
    }
    c->extra++;
    return 0;
}

void cor_itinerary_warnings(const cor_itinerary *it, cor_warnings *w)
{
    if (!it || !it->g || !w)
        return;
    const cor_graph *g = it->g;
    const cor_network *net = g->net;
    counter c = {0, 0};
    char cb[128];
    for (uint32_t i = 0; i < it->nlegs; i++) {
        const cor_leg *l = &it->legs[i];
        for (uint32_t k = 0; k < l->narcs; k++) {
            uint32_t arc = it->path.arcs[l->first_arc + k];
            if (g->kind[arc] != COR_ARC_LINK)
                continue;
            const cor_link *lk = cor_network_link(net, g->ref[arc]);
            const char *from = cor_network_node(net, lk->from)->name, *to = cor_network_node(net, lk->to)->name;
            if (lk->generic)
                continue; /* asked for (--generic-sea), and marked as such in every output */
            const char *st = lk->status ? lk->status : "";
            char what[400]; /* "link ID" or "service ID" for a link of a liner service */
            if (lk->service != COR_NONE)
                snprintf(what, sizeof what, "service %s", cor_network_service(net, lk->service)->id);
            else
                snprintf(what, sizeof what, "link %s", lk->id);
            if (strcmp(st, "irregular") == 0) {
                if (room(&c))
                    cor_warn(w, COR_WARN_ASSUMPTION, "%s (%s -> %s) sails without a timetable: its expected "
                             "wait of %.0f h is an estimate%s%s", what, from, to, lk->wait_hours,
                             *lk->status_as_of ? "; status as of " : "", lk->status_as_of);
            } else if (strcmp(st, "construction") == 0 || strcmp(st, "planned") == 0) {
                if (room(&c))
                    cor_warn(w, COR_WARN_ASSUMPTION, "%s (%s -> %s) is %s%s%s: taken as open from %d", what,
                             from, to, strcmp(st, "planned") == 0 ? "planned" : "under construction",
                             *lk->status_as_of ? " as of " : "", lk->status_as_of, lk->open_year);
            } else if (assumed(lk->source)) {
                if (room(&c))
                    cor_warn(w, COR_WARN_ASSUMPTION, "%s (%s -> %s) rests on an assumption (its source: %s)",
                             what, from, to, cut(lk->source, cb, sizeof cb, 100));
            }
        }
    }
    for (uint32_t i = 0; i < it->nstops; i++) {
        const cor_stop *s = &it->stops[i];
        const char *src = NULL, *what = "";
        char rule[96] = "";
        if (s->kind == COR_STOP_BORDER) {
            src = cor_network_border(net, s->ref)->source;
            what = "border crossing";
            snprintf(rule, sizeof rule, "%s", cor_network_border(net, s->ref)->id);
        } else if (s->kind != COR_STOP_TERMINAL) {
            src = cor_network_transfer(net, s->ref)->source;
            what = "transfer rule";
            snprintf(rule, sizeof rule, "%s:%s>%s", cor_network_node(net, s->node)->id,
                     cor_network_class(net, s->from_cls)->name, cor_network_class(net, s->to_cls)->name);
        }
        if (assumed(src) && room(&c))
            cor_warn(w, COR_WARN_ASSUMPTION, "%s %s rests on an assumption (its source: %s)", what, rule,
                     cut(src, cb, sizeof cb, 100));
    }
    if (c.extra)
        cor_warn(w, COR_WARN_ASSUMPTION, "and %u more links or rules of this route rest on flagged data "
                 "(see 'corridor show ID')", c.extra);
}
