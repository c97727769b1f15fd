/*
 * test_box.c -- unit tests of boxes (box.h): pricing per mode and stop
 * kind worked out by hand, reefers, weight limits (errors and roads
 * closed), and the tables' validation.
 *
 * tests/fixtures/boxes is one line P1 -> Z through every mode and stop kind
 * (its README.md draws it).  Per TEU (modes.csv, transfers.csv, ...):
 *
 *   #  part                          hours  USD/TEU  kg CO2e/TEU (10 t)
 *   1  terminal P1 (sea)               24     100     10
 *   2  sea P1-P2 1000 km               50     100    100  (0.1 USD, 10 g/tkm)
 *   3  port P2 sea>rail1435            24     100     10
 *   4  rail P2-G 100 km                 2     100     20  (1 USD, 20 g/tkm)
 *   5  gauge change G                  12      50      5
 *   6  rail G-T 100 km                  2     100     20
 *   7  transfer T rail1520>road         6      60      6
 *   8  border at T                      4      40      0
 *   9  road T-X 200 km                  5     400    100  (2 USD, 50 g/tkm)
 *  10  port X road>feeder              24      80      8
 *  11  feeder X-Y 500 km               25     100    100  (0.2 USD, 20 g/tkm)
 *  12  port Y feeder>ferry             12      40      4
 *  13  ferry Y-Z 100 km, fee 100        5     100     40  (40 g/tkm)
 *  14  terminal Z (ferry)              12      50      5
 *      total                          207   1,420    428
 *
 * A 40' (2 TEU, 20 t of cargo), by box_rules.csv: sea per box x 1.5;
 * feeder per TEU (x 2); rail per box x 1.5; road per box x 1; ferry x 1.25;
 * port x 1.5; transfer x 1; gauge change per TEU (x 2); border x 1;
 * terminal x 2.  Legs' CO2e scale with the cargo (20 t / 10 t = x 2), hubs'
 * with the TEU (x 2):
 *
 *   1  200  20 | 2 150 200 | 3 150 20 | 4 150 40 | 5 100 10 | 6 150 40 |
 *   7   60  12 | 8  40   0 | 9 400 200 | 10 120 16 | 11 200 200 |
 *  12   60   8 | 13 125  80 | 14 100 10           total USD 2,005, 856 kg
 *
 * A 40' reefer (unit 5 kW): sea x 2 on top (reefer_factor), a daily charge
 * over the part's hours (rail, road, border USD 24; port, transfer, gauge
 * change, terminal USD 48) and the unit's CO2e = 5 kW x hours x kg/kWh
 * (sea, feeder, ferry 1; rail, road, border 2; hubs 0.5):
 *
 *   1 200+48 = 248, +60 | 2 300, +250 | 3 150+48 = 198, +60 |
 *   4 150+2 = 152, +20 | 5 100+24 = 124, +30 | 6 152, +20 |
 *   7 60+12 = 72, +15 | 8 40+4 = 44, +40 | 9 400+5 = 405, +50 |
 *  10 120+48 = 168, +60 | 11 200, +125 | 12 60+24 = 84, +30 | 13 125, +25 |
 *  14 100+24 = 124, +30          total USD 2,396; reefer unit 815 kg
 *
 * Road limits: XB allows a box of 40 - 14 = 26 t gross, elsewhere 30: a
 * 40' (tare 4 t) with 23 t of cargo (27 t) may not take the road T-X and
 * goes round by the slow rail T-X (2,000 km).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define COR_ALLOC_IMPLEMENTATION /* the test hook only, not the malloc mapping */
#include "../../src/core/alloc.h"
#include "corridor/alternatives.h"
#include "corridor/box.h"
#include "corridor/graph.h"
#include "corridor/model.h"
#include "corridor/report.h"
#include "corridor/route.h"
#include "runner.h"

#define BOXES CORRIDOR_SOURCE_DIR "/tests/fixtures/boxes"

typedef struct world {
    cor_network *net;
    cor_graph *g;
    cor_boxes *bx;
} world;

static int open_world(world *w, const char *dir)
{
    memset(w, 0, sizeof *w);
    cor_diag d;
    cor_diag_init(&d, 20);
    int ok = cor_network_load(dir, &w->net, &d) == COR_OK && cor_graph_build(w->net, &w->g, &d) == COR_OK &&
             cor_boxes_load(dir, &w->bx, &d) == COR_OK;
    for (size_t i = 0; !ok && i < d.count; i++)
        fprintf(stderr, "  %s\n", d.items[i].msg);
    cor_diag_destroy(&d);
    return ok;
}

static void close_world(world *w)
{
    cor_boxes_free(w->bx);
    cor_graph_free(w->g);
    cor_network_free(w->net);
}

static uint32_t node(const world *w, const char *id)
{
    uint32_t n = COR_NONE;
    cor_network_find_node(w->net, id, &n, NULL, 0);
    return n;
}

/* Route P1 -> Z for box `id` with `cargo` (< 0: typical) into it.  Returns
 * the status; *road_closed gets the filter's count. */
static cor_status go(const world *w, cor_query *q, const char *id, double cargo, cor_itinerary *it,
                     uint32_t *road_closed)
{
    cor_diag d;
    cor_diag_init(&d, 8);
    cor_status s = cor_box_resolve(w->bx, id, cargo, &q->box, &d);
    cor_filter f;
    memset(&f, 0, sizeof f);
    cor_path p;
    cor_path_init(&p);
    cor_workspace *ws = cor_workspace_new();
    if (s == COR_OK)
        s = cor_filter_init(&f, w->g, q, &d);
    if (s == COR_OK)
        s = cor_shortest_path(&f, q, ws, node(w, "P1"), node(w, "Z"), &p, &d);
    if (road_closed)
        *road_closed = f.road_closed;
    if (s == COR_OK) {
        s = cor_itinerary_build(it, &f, q, &p, &d);
        /* the filter's criteria along the path, plus the terminals, are the
         * itinerary's totals: the box's costs stay additive */
        double usd = f.term_crit[3 * (size_t)w->g->tail[p.arcs[0]] + 1] +
                     f.term_crit[3 * (size_t)w->g->head[p.arcs[p.narcs - 1]] + 1];
        double co2 = f.term_crit[3 * (size_t)w->g->tail[p.arcs[0]] + 2] +
                     f.term_crit[3 * (size_t)w->g->head[p.arcs[p.narcs - 1]] + 2];
        for (uint32_t i = 0; i < p.narcs; i++) {
            usd += f.crit[4 * (size_t)p.arcs[i] + 1];
            co2 += f.crit[4 * (size_t)p.arcs[i] + 2];
        }
        CHECK_NEAR(usd, it->totals.cost_usd, 1e-6);
        CHECK_NEAR(co2, it->totals.co2e_kg, 1e-6);
    }
    cor_workspace_free(ws);
    cor_path_destroy(&p);
    cor_filter_destroy(&f);
    cor_diag_destroy(&d);
    return s;
}

/* The parts of the itinerary in order: (usd, co2e) of legs and stops by seq. */
static void parts(const cor_itinerary *it, double usd[32], double co2[32], uint32_t *n)
{
    *n = 0;
    for (uint32_t i = 0; i < it->nlegs; i++) {
        uint32_t k = it->legs[i].seq - 1;
        if (k < 32) {
            usd[k] = it->legs[i].cost_usd;
            co2[k] = it->legs[i].co2e_kg;
            *n = k + 1 > *n ? k + 1 : *n;
        }
    }
    for (uint32_t i = 0; i < it->nstops; i++) {
        uint32_t k = it->stops[i].seq - 1;
        if (k < 32) {
            usd[k] = it->stops[i].cost_usd;
            co2[k] = it->stops[i].co2e_kg;
            *n = k + 1 > *n ? k + 1 : *n;
        }
    }
}

static void test_box_pricing_by_hand(void)
{
    world w;
    CHECK(open_world(&w, BOXES));
    if (!w.bx) {
        close_world(&w);
        return;
    }
    static const double usd20[14] = {100, 100, 100, 100, 50, 100, 60, 40, 400, 80, 100, 40, 100, 50};
    static const double co220[14] = {10, 100, 10, 20, 5, 20, 6, 0, 100, 8, 100, 4, 40, 5};
    static const double usd40[14] = {200, 150, 150, 150, 100, 150, 60, 40, 400, 120, 200, 60, 125, 100};
    static const double co240[14] = {20, 200, 20, 40, 10, 40, 12, 0, 200, 16, 200, 8, 80, 10};
    const char *ids[2] = {"20", "40"};
    const double *want_usd[2] = {usd20, usd40}, *want_co2[2] = {co220, co240};
    const double total_usd[2] = {1420, 2005}, total_co2[2] = {428, 856};
    for (int b = 0; b < 2; b++) {
        cor_query q;
        cor_query_init(&q, 2026);
        cor_itinerary it;
        cor_itinerary_init(&it);
        CHECK(go(&w, &q, ids[b], -1, &it, NULL) == COR_OK);
        double usd[32], co2[32];
        uint32_t n = 0;
        parts(&it, usd, co2, &n);
        CHECK(n == 14);
        for (uint32_t i = 0; i < n && i < 14; i++) {
            CHECK_NEAR(usd[i], want_usd[b][i], 1e-9);
            CHECK_NEAR(co2[i], want_co2[b][i], 1e-9);
        }
        CHECK_NEAR(it.totals.cost_usd, total_usd[b], 1e-9);
        CHECK_NEAR(it.totals.co2e_kg, total_co2[b], 1e-9);
        CHECK_NEAR(it.totals.hours, 207, 1e-9); /* a box changes no time */
        CHECK_NEAR(it.totals.tonne_km, 2000 * 10.0 * (b + 1), 1e-9);
        CHECK_NEAR(it.totals.reefer_co2e_kg, 0, 0);
        cor_itinerary_destroy(&it);
    }
    close_world(&w);
}

static void test_box_reefer(void)
{
    world w;
    CHECK(open_world(&w, BOXES));
    if (!w.bx) {
        close_world(&w);
        return;
    }
    static const double usd[14] = {248, 300, 198, 152, 124, 152, 72, 44, 405, 168, 200, 84, 125, 124};
    static const double unit[14] = {60, 250, 60, 20, 30, 20, 15, 40, 50, 60, 125, 30, 25, 30};
    static const double co240[14] = {20, 200, 20, 40, 10, 40, 12, 0, 200, 16, 200, 8, 80, 10};
    cor_query q;
    cor_query_init(&q, 2026);
    cor_itinerary it;
    cor_itinerary_init(&it);
    CHECK(go(&w, &q, "40rf", -1, &it, NULL) == COR_OK);
    double u[32], c[32];
    uint32_t n = 0;
    parts(&it, u, c, &n);
    CHECK(n == 14);
    for (uint32_t i = 0; i < n && i < 14; i++) {
        CHECK_NEAR(u[i], usd[i], 1e-9);
        CHECK_NEAR(c[i], co240[i] + unit[i], 1e-9);
    }
    CHECK_NEAR(it.totals.cost_usd, 2396, 1e-9);
    CHECK_NEAR(it.totals.reefer_co2e_kg, 815, 1e-9);
    /* the unit's CO2e is its own line: legs + hubs + reefer = total */
    CHECK_NEAR(it.totals.leg_co2e_kg, 760, 1e-9);
    CHECK_NEAR(it.totals.hub_co2e_kg, 96, 1e-9);
    CHECK_NEAR(it.totals.co2e_kg, 760 + 96 + 815, 1e-9);
    cor_itinerary_destroy(&it);
    close_world(&w);
}

static void test_box_limits(void)
{
    world w;
    CHECK(open_world(&w, BOXES));
    if (!w.bx) {
        close_world(&w);
        return;
    }
    cor_diag d;
    cor_diag_init(&d, 4);
    cor_box_spec s;
    /* a 40' of 4 t tare and 30 t gross carries at most 26 t */
    CHECK(cor_box_resolve(w.bx, "40", 26.5, &s, &d) == COR_EUSAGE);
    CHECK(d.count == 1 && strstr(d.items[0].msg, "--cargo-t 26.5: a 40' dry box carries at most 26.0 t of cargo "
                                                 "(30.00 t gross less 4.00 t tare)") != NULL);
    cor_diag_clear(&d);
    CHECK(cor_box_resolve(w.bx, "30", -1, &s, &d) == COR_EUSAGE);
    CHECK(d.count == 1 && strstr(d.items[0].msg, "--box: unknown box type '30' (expected 20, 40, 40rf)") != NULL);
    cor_diag_clear(&d);
    CHECK(cor_box_resolve(w.bx, "40", 0, &s, &d) == COR_EUSAGE);
    cor_diag_clear(&d);
    CHECK(cor_box_resolve(w.bx, "40", 26, &s, &d) == COR_OK);
    CHECK_NEAR(cor_box_gross_t(&s, 0), 30, 1e-12);
    CHECK_NEAR(cor_box_road_limit_t(&s, "XB"), 26, 1e-12);
    CHECK_NEAR(cor_box_road_limit_t(&s, "XA"), 30, 1e-12);
    /* 22 t: 26 t gross, at XB's limit: the road is used */
    cor_query q;
    cor_query_init(&q, 2026);
    cor_itinerary it;
    cor_itinerary_init(&it);
    uint32_t closed = 9;
    CHECK(go(&w, &q, "40", 22, &it, &closed) == COR_OK);
    CHECK(closed == 0);
    int road = 0;
    for (uint32_t i = 0; i < it.nlegs; i++)
        road |= cor_network_class(w.net, it.legs[i].cls)->mode == COR_MODE_ROAD;
    CHECK(road);
    /* 23 t: 27 t gross, over XB's 26: round by the slow rail, 2,000 km at
     * USD 1 x 1.5; legs' CO2e with 23 t of cargo */
    cor_itinerary_destroy(&it);
    CHECK(go(&w, &q, "40", 23, &it, &closed) == COR_OK);
    CHECK(closed == 1);
    road = 0;
    for (uint32_t i = 0; i < it.nlegs; i++)
        road |= cor_network_class(w.net, it.legs[i].cls)->mode == COR_MODE_ROAD;
    CHECK(!road);
    CHECK_NEAR(it.totals.distance_km, 1000 + 100 + 100 + 2000 + 500 + 100, 1e-9);
    /* 200 + 150 + 150 + 150 + 100 + 150 + rail T-X 3,000 + port X 120 +
     * feeder 200 + port Y 60 + ferry 125 + terminal Z 100 */
    CHECK_NEAR(it.totals.cost_usd, 200 + 150 + 150 + 150 + 100 + 150 + 3000 + 120 + 200 + 60 + 125 + 100, 1e-9);
    CHECK_NEAR(it.totals.tonne_km, 3800 * 23.0, 1e-9);
    cor_itinerary_destroy(&it);
    /* without rail, nothing is left: no route, and the filter says why */
    q.modes = (1u << COR_MODE_SEA) | (1u << COR_MODE_FEEDER) | (1u << COR_MODE_ROAD) | (1u << COR_MODE_FERRY);
    CHECK(go(&w, &q, "40", 23, &it, &closed) == COR_ENOROUTE);
    CHECK(closed == 1);
    cor_itinerary_destroy(&it);
    cor_diag_destroy(&d);
    close_world(&w);
}

/* A network with no box tables: one built-in 20', priced per TEU. */
static void test_box_builtin(void)
{
    world w;
    CHECK(open_world(&w, CORRIDOR_SOURCE_DIR "/tests/fixtures/hand"));
    if (w.bx) {
        CHECK(cor_boxes_type_count(w.bx) == 1 && strcmp(cor_boxes_type(w.bx, 0)->id, "20") == 0);
        cor_box_spec s;
        cor_diag d;
        cor_diag_init(&d, 4);
        CHECK(cor_box_resolve(w.bx, "20", -1, &s, &d) == COR_OK);
        for (int i = 0; i < COR_BOX_ITEM_COUNT; i++)
            CHECK(s.usd_factor[i] == 1.0);
        CHECK(s.cargo_t == 0 && s.nroad == 0 && s.nrules == 0);
        CHECK(cor_box_resolve(w.bx, "40", -1, &s, &d) == COR_EUSAGE);
        cor_diag_destroy(&d);
    }
    close_world(&w);
}

/* Write `text` as dir/name. */
static void put(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static int load_fails_with(const char *dir, const char *want)
{
    cor_diag d;
    cor_diag_init(&d, 20);
    cor_boxes *b = NULL;
    cor_status s = cor_boxes_load(dir, &b, &d);
    int found = 0;
    char buf[1024];
    for (size_t i = 0; i < d.count; i++) {
        cor_error_format(&d.items[i], buf, sizeof buf);
        found |= strstr(buf, want) != NULL;
    }
    if (!found)
        for (size_t i = 0; i < d.count; i++) {
            cor_error_format(&d.items[i], buf, sizeof buf);
            fprintf(stderr, "  got: %s\n", buf);
        }
    cor_boxes_free(b);
    cor_diag_destroy(&d);
    return s == COR_EDATA && found;
}

static void test_box_bad_tables(void)
{
    char dir[] = "/tmp/corridor-box-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    static const char *hdr = "id,name,teu,tare_t,max_gross_t,typical_cargo_t,reefer,reefer_kw,source\n";
    char text[1024];
    snprintf(text, sizeof text, "%s20,20' dry,1,2,30,10,no,,x\n20,again,1,2,30,10,no,,x\n", hdr);
    put(dir, "boxes.csv", text);
    CHECK(load_fails_with(dir, "boxes.csv:3:1: id: box type '20' given twice"));
    snprintf(text, sizeof text, "%s40,40' dry,2,4,30,27,no,,x\n", hdr);
    put(dir, "boxes.csv", text);
    CHECK(load_fails_with(dir, "boxes.csv:2:19: typical_cargo_t: 27 t is more than the box carries"));
    snprintf(text, sizeof text, "%s40rf,40' reefer,2,5,30,20,yes,,x\n", hdr);
    put(dir, "boxes.csv", text);
    CHECK(load_fails_with(dir, "reefer_kw: a reefer needs the power its unit draws"));
    snprintf(text, sizeof text, "%s40,40' dry,two,4,30,20,no,,x\n", hdr);
    put(dir, "boxes.csv", text);
    CHECK(load_fails_with(dir, "boxes.csv:2:12: teu: expected a number, found 'two'"));
    put(dir, "boxes.csv", "id,name,teu,colour\n");
    CHECK(load_fails_with(dir, "boxes.csv:1:13: unknown column 'colour'"));
    snprintf(text, sizeof text, "%s20,20' dry,1,2,30,10,no,,x\n", hdr);
    put(dir, "boxes.csv", text);
    put(dir, "box_rules.csv", "item,basis,factor_40,factor_45,reefer_factor,reefer_usd_per_day,reefer_kg_co2e_per_kwh,"
                              "source\nplane,box,1,,1,0,0,x\n");
    CHECK(load_fails_with(dir, "box_rules.csv:2:1: item: unknown 'plane'"));
    put(dir, "box_rules.csv", "item,basis,factor_40,factor_45,reefer_factor,reefer_usd_per_day,reefer_kg_co2e_per_kwh,"
                              "source\nsea,slot,1,,1,0,0,x\n");
    CHECK(load_fails_with(dir, "box_rules.csv:2:5: basis: expected teu or box, found 'slot'"));
    put(dir, "box_rules.csv", "item,basis,factor_40,factor_45,reefer_factor,reefer_usd_per_day,reefer_kg_co2e_per_kwh,"
                              "source\nsea,box,,,1,0,0,x\n");
    CHECK(load_fails_with(dir, "factor_40: required when basis is box"));
    put(dir, "box_rules.csv", "item,basis,factor_40,factor_45,reefer_factor,reefer_usd_per_day,reefer_kg_co2e_per_kwh,"
                              "source\nrail,teu,1.6,,1,0,0,x\n");
    CHECK(load_fails_with(dir, "factor_40: only for basis box"));
    unlink((snprintf(text, sizeof text, "%s/box_rules.csv", dir), text));
    put(dir, "road_limits.csv", "country,max_gvw_t,rig_tare_t,source\nRussia,40,14,x\n");
    CHECK(load_fails_with(dir, "road_limits.csv:2:1: country: expected an ISO 3166 alpha-2 code or *"));
    put(dir, "road_limits.csv", "country,max_gvw_t,rig_tare_t,source\nRU,12,14,x\n");
    CHECK(load_fails_with(dir, "rig_tare_t: 14 t is not below max_gvw_t 12 t"));
    snprintf(text, sizeof text, "rm -rf '%s'", dir);
    CHECK(system(text) == 0);
}

/* The shipped network's tables load, and a 40' costs more than a 20' but
 * less than two. */
static void test_box_shipped(void)
{
    world w;
    CHECK(open_world(&w, CORRIDOR_SOURCE_DIR "/data/instc"));
    if (w.bx) {
        CHECK(cor_boxes_type_count(w.bx) == 6);
        cor_box_spec s;
        cor_diag d;
        cor_diag_init(&d, 4);
        CHECK(cor_box_resolve(w.bx, "40", 40, &s, &d) == COR_EUSAGE);
        CHECK(d.count == 1 && strstr(d.items[0].msg, "--cargo-t 40: a 40' dry box carries at most 26.7 t of cargo "
                                                     "(30.48 t gross less 3.75 t tare)") != NULL);
        cor_diag_destroy(&d);
        for (int i = 0; i < COR_BOX_ITEM_COUNT; i++)
            CHECK(cor_boxes_rule(w.bx, (cor_box_item)i)->defined);
    }
    close_world(&w);
}

/* Trade-offs and alternatives price the box as Dijkstra does (for a 20',
 * a 40' and a 40' reefer with their typical loads, under the road limit):
 * the two best by cost are the road and the slow rail, the first is the
 * Dijkstra route, each path's weight is its itinerary's cost (terminal
 * handling at both ends included), and the Pareto front holds the
 * cheapest route. */
static void test_box_pareto(void)
{
    world w;
    CHECK(open_world(&w, BOXES));
    if (!w.bx) {
        close_world(&w);
        return;
    }
    cor_diag d;
    cor_diag_init(&d, 8);
    const char *ids[3] = {"20", "40", "40rf"};
    for (int b = 0; b < 3; b++) {
        cor_query q;
        cor_query_init(&q, 2026);
        q.by = COR_BY_COST;
        CHECK(cor_box_resolve(w.bx, ids[b], -1, &q.box, &d) == COR_OK);
        cor_filter f;
        CHECK(cor_filter_init(&f, w.g, &q, &d) == COR_OK);
        cor_itinerary best;
        cor_itinerary_init(&best);
        cor_query q2 = q;
        CHECK(go(&w, &q2, ids[b], -1, &best, NULL) == COR_OK);
        cor_path_set ps;
        cor_path_set_init(&ps);
        CHECK(cor_k_shortest(&f, &q, node(&w, "P1"), node(&w, "Z"), 2, NULL, &ps, &d) == COR_OK);
        CHECK(ps.n == 2); /* by the road, and by the slow rail */
        for (uint32_t i = 0; i < ps.n; i++) {
            cor_itinerary it;
            cor_itinerary_init(&it);
            CHECK(cor_itinerary_build(&it, &f, &q, &ps.paths[i], &d) == COR_OK);
            if (i == 0)
                CHECK_NEAR(it.totals.cost_usd, best.totals.cost_usd, 1e-9);
            CHECK_NEAR(ps.paths[i].weight, it.totals.cost_usd, 1e-6);
            cor_itinerary_destroy(&it);
        }
        cor_path_set_destroy(&ps);
        cor_path_set_init(&ps);
        CHECK(cor_pareto(&f, &q, node(&w, "P1"), node(&w, "Z"), NULL, &ps, &d) == COR_OK);
        CHECK(ps.n >= 1);
        int has_best = 0;
        for (uint32_t i = 0; i < ps.n; i++) {
            cor_itinerary it;
            cor_itinerary_init(&it);
            CHECK(cor_itinerary_build(&it, &f, &q, &ps.paths[i], &d) == COR_OK);
            has_best |= fabs(it.totals.cost_usd - best.totals.cost_usd) < 1e-9;
            cor_itinerary_destroy(&it);
        }
        CHECK(has_best);
        cor_path_set_destroy(&ps);
        cor_itinerary_destroy(&best);
        cor_filter_destroy(&f);
    }
    cor_diag_destroy(&d);
    close_world(&w);
}

/* Load the box tables, compile a 40' reefer, and price a route for it. */
static cor_status oom_run(const world *w)
{
    cor_diag d;
    if (cor_diag_init(&d, 4) != COR_OK)
        return COR_ENOMEM;
    cor_boxes *bx = NULL;
    cor_status s = cor_boxes_load(BOXES, &bx, &d);
    cor_query q;
    cor_query_init(&q, 2026);
    if (s == COR_OK)
        s = cor_box_resolve(bx, "40rf", -1, &q.box, &d);
    cor_filter f;
    memset(&f, 0, sizeof f);
    cor_workspace *ws = NULL;
    cor_path p;
    cor_path_init(&p);
    cor_itinerary it;
    cor_itinerary_init(&it);
    if (s == COR_OK)
        s = cor_filter_init(&f, w->g, &q, &d);
    if (s == COR_OK && !(ws = cor_workspace_new()))
        s = COR_ENOMEM;
    if (s == COR_OK)
        s = cor_shortest_path(&f, &q, ws, node(w, "P1"), node(w, "Z"), &p, &d);
    if (s == COR_OK)
        s = cor_itinerary_build(&it, &f, &q, &p, &d);
    if (s == COR_OK)
        CHECK_NEAR(it.totals.cost_usd, 2396, 1e-9);
    cor_itinerary_destroy(&it);
    cor_path_destroy(&p);
    cor_workspace_free(ws);
    cor_filter_destroy(&f);
    cor_boxes_free(bx);
    cor_diag_destroy(&d);
    return s;
}

/* Every allocation of loading the box tables and pricing a route, failed
 * one at a time, ends in COR_ENOMEM (or, for the CSV reader's buffers, the
 * I/O error it reports) with nothing leaked (ASan, valgrind). */
static void test_box_alloc_failures(void)
{
    world w;
    CHECK(open_world(&w, BOXES));
    if (!w.bx) {
        close_world(&w);
        return;
    }
    cor_alloc_fail_at(0);
    CHECK(oom_run(&w) == COR_OK);
    long total = cor_alloc_count(), enomem = 0, other = 0;
    CHECK(total > 5);
    for (long k = 1; k <= total; k++) {
        cor_alloc_fail_at(k);
        cor_status s = oom_run(&w);
        if (s == COR_ENOMEM)
            enomem++;
        else if (s != COR_OK) {
            other++;
            fprintf(stderr, "  allocation %ld of %ld: status %s\n", k, total, cor_status_name(s));
        }
    }
    cor_alloc_fail_at(0);
    CHECK(other == 0);
    CHECK(enomem > 0);
    close_world(&w);
}

const cor_test cor_tests_box[] = {
    {"box_alloc_failures", test_box_alloc_failures},
    {"box_pareto", test_box_pareto},
    {"box_pricing_by_hand", test_box_pricing_by_hand},
    {"box_reefer", test_box_reefer},
    {"box_limits", test_box_limits},
    {"box_builtin", test_box_builtin},
    {"box_bad_tables", test_box_bad_tables},
    {"box_shipped", test_box_shipped},
    {NULL, NULL},
};
