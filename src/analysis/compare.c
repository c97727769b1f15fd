/*
 * compare.c -- one route per corridor.  See corridor/compare.h.
 */
#include "corridor/compare.h"
#include "corridor/scenario.h"

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

/* A short description of the corridor's constraints, for "no route". */
static void describe(const cor_network *net, const cor_corridor *k, int year, char *buf, size_t size)
{
    buf[0] = '\0';
    if (k && k->nvia) {
        append(buf, size, "via ");
        for (uint32_t i = 0; i < k->nvia; i++) {
            if (i)
                append(buf, size, ", ");
            append(buf, size, cor_network_node(net, k->via[i])->name);
        }
    }
    if (k && (k->navoid_nodes || k->navoid_links || k->avoid_passages)) {
        append(buf, size, buf[0] ? " avoiding " : "avoiding ");
        int first = 1;
        for (uint32_t i = 0; i < k->navoid_nodes; i++, first = 0) {
            append(buf, size, first ? "" : ", ");
            append(buf, size, cor_network_node(net, k->avoid_nodes[i])->name);
        }
        for (uint32_t i = 0; i < k->navoid_links; i++, first = 0) {
            append(buf, size, first ? "" : ", ");
            append(buf, size, cor_network_link(net, k->avoid_links[i])->id);
        }
        for (uint32_t i = 0; i < cor_network_passage_count(net); i++)
            if (k->avoid_passages & ((uint64_t)1 << i)) {
                append(buf, size, first ? "" : ", ");
                append(buf, size, cor_network_passage(net, i));
                first = 0;
            }
    }
    if (k && k->modes) {
        append(buf, size, buf[0] ? " by " : "by ");
        int first = 1;
        for (int m = 0; m < COR_MODE_COUNT; m++)
            if (k->modes & (1u << m)) {
                append(buf, size, first ? "" : ", ");
                append(buf, size, cor_mode_name((cor_mode)m));
                first = 0;
            }
    }
    char y[32];
    snprintf(y, sizeof y, "%sin %d", buf[0] ? " " : "", year);
    append(buf, size, y);
    uint64_t closed = cor_network_closed_passages(net);
    if (closed) {
        append(buf, size, " with ");
        int first = 1;
        for (uint32_t i = 0; i < cor_network_passage_count(net); i++)
            if (closed & ((uint64_t)1 << i)) {
                append(buf, size, first ? "" : ", ");
                append(buf, size, cor_network_passage(net, i));
                first = 0;
            }
        append(buf, size, " closed by the scenario");
    }
}

cor_status cor_compare_run(cor_compare *c, const cor_graph *g, const cor_query *q, const char *scenario,
                           uint32_t from, uint32_t to, cor_diag *d)
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
    cor_workspace *ws = cor_workspace_new();
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
        char why[COR_DIAG_TEXT - 16];
        describe(net, cor, mq->year, why, sizeof why);
        if (cor) {
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
                    it->status = COR_ENOROUTE;
                    snprintf(it->reason, sizeof it->reason, "the corridor's modes exclude every mode asked for");
                    continue;
                }
                mq->modes = m;
            }
            for (uint32_t i = 0; i < cor->navoid_nodes; i++)
                if (cor->avoid_nodes[i] == from || cor->avoid_nodes[i] == to) {
                    it->status = COR_ENOROUTE;
                    snprintf(it->reason, sizeof it->reason, "the corridor avoids %s, the %s",
                             cor_network_node(net, cor->avoid_nodes[i])->name,
                             cor->avoid_nodes[i] == from ? "origin" : "destination");
                    break;
                }
            if (it->status != COR_OK)
                continue;
        }
        cor_filter f;
        cor_diag local;
        cor_diag_init(&local, 4);
        cor_status s = cor_filter_init(&f, g, mq, &local);
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
            if (s == COR_EUSAGE && local.count)
                snprintf(it->reason, sizeof it->reason, "%s", local.items[0].msg);
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
    cor_workspace_free(ws);
    return st;
}
