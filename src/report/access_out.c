/*
 * access_out.c -- first and last mile in an itinerary and in every writer
 * (access.h, report.h).  A first or last mile is a road leg that the data
 * do not model: each output marks it with its method (COR_ACCESS_METHOD).
 */
#include "access_out.h"

#include <csv.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "corridor/text.h"

static void add_leg(cor_totals *t, const cor_access_leg *l)
{
    t->distance_km += l->distance_km;
    t->hours += l->hours;
    t->cost_usd += l->cost_usd;
    t->co2e_kg += l->co2e_kg;
    t->moving_hours += l->moving_hours;
    t->leg_co2e_kg += l->co2e_kg;
    t->tonne_km += l->tonne_km;
    t->ttw_kg += l->ttw_kg;
}

void cor_itinerary_set_access(cor_itinerary *it, const cor_access_leg *first, const cor_access_leg *last)
{
    uint32_t maxseq = 0;
    if (first && first->present) {
        it->first_mile = *first;
        for (uint32_t i = 0; i < it->nlegs; i++)
            it->legs[i].seq++;
        for (uint32_t i = 0; i < it->nstops; i++)
            it->stops[i].seq++;
        it->first_mile_seq = 1;
        add_leg(&it->totals, first);
    }
    for (uint32_t i = 0; i < it->nlegs; i++)
        if (it->legs[i].seq > maxseq)
            maxseq = it->legs[i].seq;
    for (uint32_t i = 0; i < it->nstops; i++)
        if (it->stops[i].seq > maxseq)
            maxseq = it->stops[i].seq;
    if (last && last->present) {
        it->last_mile = *last;
        it->last_mile_seq = maxseq + 1;
        add_leg(&it->totals, last);
    }
}

void cor_access_end_name(const cor_itinerary *it, int last, char *buf, size_t size)
{
    const cor_access_leg *l = last ? &it->last_mile : &it->first_mile;
    char name[COR_MAX_NAME_BYTES * 2];
    if (l->present) {
        cor_text_display(l->city, name, sizeof name, 0);
        snprintf(buf, size, "%s (city, %s)", name, l->country);
    } else {
        const cor_node *n = cor_network_node(it->g->net, last ? it->to : it->from);
        cor_text_display(n->name, name, sizeof name, 0);
        snprintf(buf, size, "%s (%s)", name, n->id);
    }
}

static void leg_ends(const cor_itinerary *it, const cor_access_leg *l, char *buf, size_t size)
{
    const cor_node *n = cor_network_node(it->g->net, l->node);
    if (l->last)
        snprintf(buf, size, "%s -> %s", n->name, l->city);
    else
        snprintf(buf, size, "%s -> %s", l->city, n->name);
}

static const char *num(double v, int prec, char *buf, size_t size)
{
    /* 12345.6 -> "12,345.6" as the table writes numbers */
    char raw[64];
    snprintf(raw, sizeof raw, "%.*f", prec, fabs(v) < 0.5 * pow(10, -prec) ? 0.0 : v);
    const char *dot = strchr(raw, '.');
    size_t ilen = dot ? (size_t)(dot - raw) : strlen(raw), o = 0;
    size_t start = raw[0] == '-' ? 1 : 0;
    for (size_t i = 0; i < ilen && o + 2 < size; i++) {
        if (i > start && (ilen - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = raw[i];
    }
    buf[o] = '\0';
    if (dot)
        snprintf(buf + o, size - o, "%s", dot);
    return buf;
}

int cor_access_table_row(FILE *out, const cor_itinerary *it, const cor_access_leg *l, uint32_t seq)
{
    if (!l->present)
        return 0;
    char what[COR_MAX_NAME_BYTES * 3], shown[COR_MAX_NAME_BYTES * 4], b1[32], b2[32], b3[32], b4[32], b5[32];
    leg_ends(it, l, what, sizeof what);
    cor_text_display(what, shown, sizeof shown, 44);
    size_t w = cor_text_width(shown);
    int e = fprintf(out, "%3u  %s%*s %-9s %9s %8s %9s %9s\n", seq, shown, (int)(w < 44 ? 44 - w : 0), "",
                    "road", num(l->distance_km, 0, b1, sizeof b1),
                    num(l->hours, 1, b2, sizeof b2), num(l->cost_usd, 0, b3, sizeof b3),
                    num(l->co2e_kg, 0, b4, sizeof b4)) < 0;
    e |= fprintf(out, "%5s  %s mile (" COR_ACCESS_METHOD "): %s km great circle, USD %.2f per TEU-km (%s)\n", "",
                 l->last ? "last" : "first", num(l->great_circle_km, 0, b5, sizeof b5), l->rate_usd_per_teu_km,
                 l->rate_basis) < 0;
    return e ? -1 : 0;
}

int cor_access_table_note(FILE *out, const cor_itinerary *it)
{
    int e = 0;
    for (int k = 0; k < 2; k++) {
        const cor_access_leg *l = k ? &it->last_mile : &it->first_mile;
        if (!l->present)
            continue;
        char city[COR_MAX_NAME_BYTES * 2], node[COR_MAX_NAME_BYTES * 2];
        cor_text_display(l->city, city, sizeof city, 0);
        cor_text_display(cor_network_node(it->g->net, l->node)->name, node, sizeof node, 0);
        char rb[32];
        e |= fprintf(out, "%s mile: %s (%s, GeoNames %u) is not a network node; a truck %s %s, the best of %u "
                          "place%s of %s within %s km where a box can join the network (great circle x %.1f, "
                          "assumed road: no road is modelled there).\n",
                     k ? "Last" : "First", city, l->country, (unsigned)l->geonameid,
                     k ? "brings the box from" : "takes the box to", node, (unsigned)l->ncandidates,
                     l->ncandidates == 1 ? "" : "s", l->country, num(COR_ACCESS_RADIUS_KM, 0, rb, sizeof rb),
                     l->circuity) < 0;
    }
    return e ? -1 : 0;
}

json_t *cor_access_json(const cor_itinerary *it, const cor_access_leg *l, uint32_t seq)
{
    const cor_node *n = cor_network_node(it->g->net, l->node);
    json_t *node = json_pack("{s:s, s:s, s:s}", "id", n->id, "name", n->name, "country", n->country);
    json_t *city = json_pack("{s:s, s:s, s:I, s:I, s:f, s:f}", "name", l->city, "country", l->country, "geonameid",
                             (json_int_t)l->geonameid, "population", (json_int_t)l->population, "lat", l->lat, "lon",
                             l->lon);
    if (!node || !city) {
        json_decref(node);
        json_decref(city);
        return NULL;
    }
    return json_pack("{s:I, s:o, s:o, s:s, s:s, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:s, s:I, s:f}", "seq",
                     (json_int_t)seq, "city", city, l->last ? "from" : "to", node, "mode", "road", "method",
                     COR_ACCESS_METHOD, "great_circle_km", round(l->great_circle_km * 10) / 10, "circuity", l->circuity,
                     "distance_km", round(l->distance_km * 10) / 10, "hours", round(l->hours * 100) / 100, "cost_usd",
                     round(l->cost_usd * 100) / 100, "co2e_kg", round(l->co2e_kg * 100) / 100, "speed_kmh",
                     l->speed_kmh, "rate_usd_per_teu_km", l->rate_usd_per_teu_km, "rate_basis", l->rate_basis,
                     "candidates", (json_int_t)l->ncandidates, "radius_km", COR_ACCESS_RADIUS_KM);
}

static int field(FILE *out, const char *s, int lastf)
{
    if (csv_fwrite(out, s, strlen(s)) != 0)
        return -1;
    return fputc(lastf ? '\n' : ',', out) == EOF ? -1 : 0;
}

static int numf(FILE *out, double v, int prec)
{
    char b[64];
    snprintf(b, sizeof b, "%.*f", prec, v == 0 ? 0.0 : v);
    return field(out, b, 0);
}

int cor_access_csv_row(FILE *out, const cor_itinerary *it, const cor_access_leg *l, uint32_t seq, uint32_t route)
{
    if (!l->present)
        return 0;
    const cor_network *net = it->g->net;
    char b[32], city[COR_MAX_NAME_BYTES + 8], cid[32];
    int e = 0;
    if (route) {
        snprintf(b, sizeof b, "%u", route);
        e |= field(out, b, 0);
    }
    snprintf(b, sizeof b, "%u", seq);
    snprintf(city, sizeof city, "%s, %s", l->city, l->country);
    snprintf(cid, sizeof cid, "geonames:%u", (unsigned)l->geonameid);
    const cor_node *n = cor_network_node(net, l->node);
    /* seq, type, from, from_name, to, to_name, node, node_name, mode, class,
     * gauge_mm, kind (the method), distance_km, hours, cost_usd, co2e_kg, generic */
    e |= field(out, b, 0) | field(out, l->last ? "last_mile" : "first_mile", 0) |
         field(out, l->last ? n->id : cid, 0) | field(out, l->last ? n->name : city, 0) |
         field(out, l->last ? cid : n->id, 0) | field(out, l->last ? city : n->name, 0) | field(out, "", 0) |
         field(out, "", 0) | field(out, "road", 0) | field(out, "road", 0) | field(out, "", 0) |
         field(out, COR_ACCESS_METHOD, 0) | numf(out, l->distance_km, 1) | numf(out, l->hours, 2) |
         numf(out, l->cost_usd, 2) | numf(out, l->co2e_kg, 2) | field(out, "no", 0);
    /* box, cargo_t: as the rows of the route (write.c) */
    const cor_box_spec *bx = cor_query_box(it->q);
    double cargo = bx->cargo_t > 0 ? bx->cargo_t : it->q->payload_t_per_teu > 0 ? it->q->payload_t_per_teu * bx->teu : 0;
    e |= field(out, bx->id, 0);
    if (cargo > 0) {
        snprintf(b, sizeof b, "%.2f", cargo);
        e |= field(out, b, 1);
    } else {
        e |= field(out, "", 1);
    }
    return e ? -1 : 0;
}

int cor_access_geojson_append(json_t *features, const cor_itinerary *it)
{
    int e = 0;
    for (int k = 0; k < 2 && !e; k++) {
        const cor_access_leg *l = k ? &it->last_mile : &it->first_mile;
        if (!l->present)
            continue;
        const cor_node *n = cor_network_node(it->g->net, l->node);
        json_t *props = json_pack("{s:s}", "element", k ? "last_mile" : "first_mile");
        json_t *lj = cor_access_json(it, l, k ? it->last_mile_seq : it->first_mile_seq);
        if (!props || !lj || json_object_update(props, lj) != 0) {
            json_decref(props);
            json_decref(lj);
            return -1;
        }
        json_decref(lj);
        json_t *f = json_pack("{s:s, s:{s:s, s:[[f,f],[f,f]]}, s:o}", "type", "Feature", "geometry", "type",
                              "LineString", "coordinates", k ? n->lon : l->lon, k ? n->lat : l->lat,
                              k ? l->lon : n->lon, k ? l->lat : n->lat, "properties", props);
        /* in seq order: the first mile before every other feature */
        e |= !f || (k ? json_array_append_new(features, f) : json_array_insert_new(features, 0, f)) != 0;
    }
    return e ? -1 : 0;
}
