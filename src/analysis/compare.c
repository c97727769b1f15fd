/*
 * compare.c -- one route per corridor.  See corridor/compare.h.
 */
#include "corridor/compare.h"
#include "corridor/scenario.h"
#include "corridor/text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "../core/alloc.h" /* last: maps malloc & co. to the counted wrappers */

void cor_compare_init(cor_compare *c)
{
    memset(c, 0, sizeof *c);
}

void cor_compare_destroy(cor_compare *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++) {
        cor_itinerary_destroy(&c->items[i]->it);
        free(c->items[i]);
    }
    free(c->items);
    memset(c, 0, sizeof *c);
}

static void append(char *buf, size_t size, const char *s)
{
    strncat(buf, s, size - strlen(buf) - 1);
}

static void defining_text(const cor_network *net, const cor_corridor *k, char *buf, size_t size);

/* A short description of the corridor and what closes it, for "no route":
 * "that DEFINING in YEAR: P closed by REGIME (the corridor: via ...,
 * avoiding ..., by ...)". */
static void describe(const cor_network *net, const cor_corridor *k, const cor_query *q, char *buf, size_t size)
{
    buf[0] = '\0';
    if (k && (k->nrequires || (k->defining && k->defining[0]))) {
        append(buf, size, "that ");
        char def[COR_DIAG_TEXT / 2];
        defining_text(net, k, def, sizeof def);
        append(buf, size, def);
        append(buf, size, " ");
    }
    char y[32];
    snprintf(y, sizeof y, "in %d", q->year);
    append(buf, size, y);
    /* what closes it: passages closed by the scenario or by the regimes in force */
    int any = 0;
    uint64_t closed = cor_network_closed_passages(net);
    if (closed) {
        append(buf, size, ": ");
        any = 1;
        int first = 1;
        for (uint32_t i = 0; i < cor_network_passage_count(net); i++)
            if (closed & ((uint64_t)1 << i)) {
                append(buf, size, first ? "" : ", ");
                append(buf, size, cor_network_passage(net, i));
                first = 0;
            }
        append(buf, size, " closed by the scenario");
    }
    uint64_t rm = cor_query_restrictions(q, net);
    for (uint32_t r = 0; r < cor_network_restriction_count(net); r++) {
        const cor_restriction *x = cor_network_restriction(net, r);
        uint64_t ps = x->passages & ~closed;
        if (!((rm >> r) & 1) || !ps)
            continue;
        append(buf, size, any ? "; " : ": ");
        any = 1;
        int first = 1;
        for (uint32_t i = 0; i < cor_network_passage_count(net); i++)
            if (ps & ((uint64_t)1 << i)) {
                append(buf, size, first ? "" : ", ");
                append(buf, size, cor_network_passage(net, i));
                first = 0;
            }
        append(buf, size, " closed by ");
        append(buf, size, x->id);
    }
    /* how the corridor is searched */
    char how[COR_DIAG_TEXT / 2] = "";
    if (k && k->nvia) {
        append(how, sizeof how, "via ");
        for (uint32_t i = 0; i < k->nvia; i++) {
            if (i)
                append(how, sizeof how, ", ");
            append(how, sizeof how, cor_network_node(net, k->via[i])->name);
        }
    }
    if (k && (k->navoid_nodes || k->navoid_links || k->avoid_passages)) {
        append(how, sizeof how, how[0] ? ", avoiding " : "avoiding ");
        int first = 1;
        for (uint32_t i = 0; i < k->navoid_nodes; i++, first = 0) {
            append(how, sizeof how, first ? "" : ", ");
            append(how, sizeof how, cor_network_node(net, k->avoid_nodes[i])->name);
        }
        for (uint32_t i = 0; i < k->navoid_links; i++, first = 0) {
            append(how, sizeof how, first ? "" : ", ");
            append(how, sizeof how, cor_network_link(net, k->avoid_links[i])->id);
        }
        for (uint32_t i = 0; i < cor_network_passage_count(net); i++)
            if (k->avoid_passages & ((uint64_t)1 << i)) {
                append(how, sizeof how, first ? "" : ", ");
                append(how, sizeof how, cor_network_passage(net, i));
                first = 0;
            }
    }
    if (k && k->modes) {
        append(how, sizeof how, how[0] ? ", by " : "by ");
        int first = 1;
        for (int m = 0; m < COR_MODE_COUNT; m++)
            if (k->modes & (1u << m)) {
                append(how, sizeof how, first ? "" : ", ");
                append(how, sizeof how, cor_mode_name((cor_mode)m));
                first = 0;
            }
    }
    if (how[0]) {
        append(buf, size, " (the corridor: ");
        append(buf, size, how);
        append(buf, size, ")");
    }
}

const char *cor_compare_reason_text(const cor_compare_item *x, char *buf, size_t size)
{
    if (x->applicable)
        return x->reason;
    snprintf(buf, size, "not applicable: %s", x->reason);
    return buf;
}

static int in_list(const char (*v)[3], uint32_t n, const char *country)
{
    for (uint32_t i = 0; i < n; i++)
        if (strcmp(v[i], country) == 0)
            return 1;
    return 0;
}

static void list_text(const char (*v)[3], uint32_t n, char *buf, size_t size)
{
    buf[0] = '\0';
    for (uint32_t i = 0; i < n; i++) {
        append(buf, size, i ? ", " : "");
        append(buf, size, v[i]);
    }
}

/* The corridor's defining element in words: its `defining` text, else the
 * requirements as written. */
static void defining_text(const cor_network *net, const cor_corridor *k, char *buf, size_t size)
{
    buf[0] = '\0';
    if (k->defining && k->defining[0]) {
        append(buf, size, k->defining);
        return;
    }
    for (uint32_t i = 0; i < k->nrequires; i++) {
        const cor_requirement *r = &k->requires[i];
        char t[96];
        if (r->kind == COR_REQ_PASSAGE)
            snprintf(t, sizeof t, "passes %s", cor_network_passage(net, r->passage));
        else if (r->kind == COR_REQ_TAG)
            snprintf(t, sizeof t, "uses a %s link", r->tag);
        else
            snprintf(t, sizeof t, "crosses the %s-%s border", r->a, r->b);
        append(buf, size, i ? " and " : "");
        append(buf, size, t);
    }
    if (!buf[0])
        append(buf, size, "its via points");
}

/* Can the trip from -> to use corridor k?  1, or 0 with the reason.  The
 * rule: one end in k's near countries and the other in its beyond
 * countries, either way round; an empty list holds every country. */
static int applicable(const cor_network *net, const cor_corridor *k, uint32_t from, uint32_t to, char *why,
                      size_t size)
{
    if (!k || (!k->nnear && !k->nbeyond))
        return 1;
    const cor_node *o = cor_network_node(net, from), *d = cor_network_node(net, to);
    const char *oc = o->country ? o->country : "", *dc = d->country ? d->country : "";
#define NEAR(c) (!k->nnear || in_list((const char(*)[3])k->near, k->nnear, c))
#define BEYOND(c) (!k->nbeyond || in_list((const char(*)[3])k->beyond, k->nbeyond, c))
    if ((NEAR(oc) && BEYOND(dc)) || (BEYOND(oc) && NEAR(dc)))
        return 1;
    char def[COR_DIAG_TEXT / 4], lb[COR_DIAG_TEXT / 4], ln[COR_DIAG_TEXT / 4];
    defining_text(net, k, def, sizeof def);
    list_text((const char(*)[3])k->beyond, k->nbeyond, lb, sizeof lb);
    list_text((const char(*)[3])k->near, k->nnear, ln, sizeof ln);
    if (NEAR(oc) && NEAR(dc))
        snprintf(why, size, "%s (%s) and %s (%s) both lie before what defines the corridor (it %s)", o->name,
                 oc[0] ? oc : "no country", d->name, dc[0] ? dc : "no country", def);
    else if (BEYOND(oc) && BEYOND(dc))
        snprintf(why, size, "%s (%s) and %s (%s) both lie beyond what defines the corridor (it %s)", o->name,
                 oc[0] ? oc : "no country", d->name, dc[0] ? dc : "no country", def);
    else if (NEAR(oc) || NEAR(dc)) {
        const cor_node *x = NEAR(oc) ? d : o;
        const char *xc = NEAR(oc) ? dc : oc;
        snprintf(why, size, "%s (%s) is not beyond what defines the corridor (it %s, towards %s)", x->name,
                 xc[0] ? xc : "no country", def, lb);
    } else {
        const cor_node *x = BEYOND(oc) ? d : o;
        const char *xc = BEYOND(oc) ? dc : oc;
        snprintf(why, size, "%s (%s) is not on the corridor's near side (%s; it %s)", x->name,
                 xc[0] ? xc : "no country", ln, def);
    }
#undef NEAR
#undef BEYOND
    return 0;
}

int cor_corridor_link_meets(const cor_filter *f, const cor_network *net, uint32_t li, const cor_requirement *r)
{
    const cor_link *l = cor_network_link(net, li);
    switch (r->kind) {
    case COR_REQ_PASSAGE: {
        cor_link_view v;
        cor_filter_link_view(f, li, &v);
        return (v.passages >> r->passage) & 1;
    }
    case COR_REQ_TAG: return cor_link_has_tag(l, r->tag);
    case COR_REQ_BORDER: {
        if (l->mode != COR_MODE_RAIL && l->mode != COR_MODE_ROAD)
            return 0;
        const char *a = cor_network_node(net, l->from)->country, *b = cor_network_node(net, l->to)->country;
        if (!a || !b)
            return 0;
        return (strcmp(a, r->a) == 0 && strcmp(b, r->b) == 0) || (strcmp(a, r->b) == 0 && strcmp(b, r->a) == 0);
    }
    }
    return 0;
}

/* Compile corridor k's requirements onto the filter (one set each). */
static cor_status require(cor_filter *f, const cor_corridor *k, cor_diag *d)
{
    if (!k || !k->nrequires)
        return COR_OK;
    const cor_graph *g = f->g;
    uint32_t n = k->nrequires < COR_MAX_REQUIRED ? k->nrequires : COR_MAX_REQUIRED;
    uint8_t *bits = calloc(g->narcs ? g->narcs : 1, 1);
    if (!bits)
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    for (uint32_t a = 0; a < g->narcs; a++)
        if (g->kind[a] == COR_ARC_LINK)
            for (uint32_t i = 0; i < n; i++)
                if (cor_corridor_link_meets(f, g->net, g->ref[a], &k->requires[i]))
                    bits[a] |= (uint8_t)(1u << i);
    cor_status s = cor_filter_require(f, bits, n, d);
    free(bits);
    return s;
}

/* Narrow query mq to corridor k (its via places, avoided places, links and
 * passages, modes) for the trip from -> to: 0, or -1 with the reason when
 * the corridor's modes exclude the query's or it avoids an end. */
static int corridor_query(const cor_network *net, const cor_corridor *cor, cor_query *mq, uint32_t from, uint32_t to,
                          char *reason, size_t size)
{
    if (!cor)
        return 0;
    for (uint32_t i = 0; i < cor->nvia && mq->nvia < COR_MAX_VIA; i++)
        mq->via[mq->nvia++] = cor->via[i];
    for (uint32_t i = 0; i < cor->navoid_nodes && mq->navoid_nodes < COR_MAX_AVOID; i++)
        mq->avoid_nodes[mq->navoid_nodes++] = cor->avoid_nodes[i];
    for (uint32_t i = 0; i < cor->navoid_links && mq->navoid_links < COR_MAX_AVOID; i++)
        mq->avoid_links[mq->navoid_links++] = cor->avoid_links[i];
    mq->avoid_passages |= cor->avoid_passages;
    if (cor->modes) {
        uint32_t m = mq->modes ? (mq->modes & cor->modes) : cor->modes;
        if (!m) {
            snprintf(reason, size, "the corridor's modes exclude every mode asked for");
            return -1;
        }
        mq->modes = m;
    }
    for (uint32_t i = 0; i < cor->navoid_nodes; i++)
        if (cor->avoid_nodes[i] == from || cor->avoid_nodes[i] == to) {
            snprintf(reason, size, "the corridor avoids %s, the %s", cor_network_node(net, cor->avoid_nodes[i])->name,
                     cor->avoid_nodes[i] == from ? "origin" : "destination");
            return -1;
        }
    return 0;
}

cor_status cor_corridor_filter(const cor_graph *g, const cor_query *q, const cor_corridor *k, uint32_t from,
                               uint32_t to, cor_query *mq, cor_filter *f, char *why, size_t size, cor_diag *d)
{
    *mq = *q;
    memset(f, 0, sizeof *f);
    if (!applicable(g->net, k, from, to, why, size) || corridor_query(g->net, k, mq, from, to, why, size) != 0)
        return COR_ENOROUTE;
    cor_status s = cor_filter_init(f, g, mq, d);
    if (s == COR_OK)
        s = require(f, k, d);
    return s;
}

cor_status cor_compare_run(cor_compare *c, const cor_graph *g, const cor_query *q, const char *scenario,
                           uint32_t from, uint32_t to, cor_diag *d)
{
    return cor_compare_run_ws(c, g, q, scenario, from, to, NULL, d);
}

cor_status cor_compare_run_ws(cor_compare *c, const cor_graph *g, const cor_query *q, const char *scenario,
                              uint32_t from, uint32_t to, cor_workspace *caller_ws, cor_diag *d)
{
    const cor_network *net = g->net;
    uint32_t nk = cor_network_corridor_count(net);
    uint32_t runs = nk ? nk : 1;
    if (c->n + runs > c->cap) {
        size_t cap = c->cap ? c->cap : 16;
        while (cap < c->n + runs)
            cap *= 2;
        cor_compare_item **ni = realloc(c->items, cap * sizeof *ni);
        if (!ni)
            return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
        c->items = ni;
        c->cap = cap;
    }
    cor_workspace *ws = caller_ws ? caller_ws : cor_workspace_new();
    if (!ws)
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    cor_status st = COR_OK;
    for (uint32_t k = 0; k < runs && st == COR_OK; k++) {
        const cor_corridor *cor = nk ? cor_network_corridor(net, k) : NULL;
        cor_compare_item *it = calloc(1, sizeof *it);
        if (!it) {
            st = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
            break;
        }
        c->items[c->n++] = it;
        it->scenario = scenario;
        it->corridor = cor;
        it->g = g;
        it->q = *q;
        it->weight = INFINITY;
        cor_itinerary_init(&it->it);
        snprintf(it->from_id, sizeof it->from_id, "%s", cor_network_node(net, from)->id);
        snprintf(it->to_id, sizeof it->to_id, "%s", cor_network_node(net, to)->id);
        snprintf(it->from_name, sizeof it->from_name, "%s", cor_network_node(net, from)->name);
        snprintf(it->to_name, sizeof it->to_name, "%s", cor_network_node(net, to)->name);
        cor_query *mq = &it->q;
        it->applicable = applicable(net, cor, from, to, it->reason, sizeof it->reason);
        if (!it->applicable) {
            it->status = COR_ENOROUTE;
            continue;
        }
        char why[COR_DIAG_TEXT - 16];
        describe(net, cor, mq, why, sizeof why);
        if (corridor_query(net, cor, mq, from, to, it->reason, sizeof it->reason) != 0) {
            it->status = COR_ENOROUTE;
            continue;
        }
        cor_filter f;
        cor_diag local;
        cor_diag_init(&local, 4);
        cor_status s = cor_filter_init(&f, g, mq, &local);
        if (s == COR_OK)
            s = require(&f, cor, &local);
        cor_path p;
        cor_path_init(&p);
        if (s == COR_OK)
            s = cor_shortest_path(&f, mq, ws, from, to, &p, &local);
        if (s == COR_OK) {
            it->weight = p.weight;
            s = cor_itinerary_build(&it->it, &f, mq, &p, &local);
            if (s != COR_OK)
                st = s;
        } else if (s == COR_ENOROUTE || s == COR_EUSAGE) {
            it->status = COR_ENOROUTE;
            if (local.count)
            {
                int pre = snprintf(it->reason, sizeof it->reason, "%s", s == COR_ENOROUTE ? "no route: " : "");
                cor_text_display(local.items[0].msg, it->reason + pre, sizeof it->reason - (size_t)pre, 0);
            }
            else
                snprintf(it->reason, sizeof it->reason, "no route %s", why);
        } else {
            st = s;
            if (local.count)
                cor_diag_add(d, s, NULL, 0, 0, "%s", local.items[0].msg);
        }
        cor_path_destroy(&p);
        cor_filter_destroy(&f);
        cor_diag_destroy(&local);
    }
    for (size_t i = 0; i < c->n; i++)
        if (c->items[i]->status != COR_OK)
            cor_compare_reason_text(c->items[i], c->items[i]->reason_text, sizeof c->items[i]->reason_text);
    if (!caller_ws)
        cor_workspace_free(ws);
    return st;
}
