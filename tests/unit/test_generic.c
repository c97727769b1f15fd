/*
 * test_generic.c -- unit tests of the generic sea services (model.h): which
 * port pairs get one, their lane distance worked out by hand, that ordinary
 * queries never use them, that a query that asks does, that a closed
 * passage reroutes them and a closed regime closes them, and that ports on
 * two seas (or off the chart, or places that are not ports) get none.
 *
 * tests/fixtures/generic, drawn by hand:
 *
 *        W1 (canal)                         C1 --300-- C2      (an inland
 *   500 /  \ 500, 10 h, USD 100              \                  sea: only
 *      P    Q ---400--- W3 ---400--- R        250               feeders)
 *  1500 \  / 1500                              \
 *        W2 (cape)                              C3
 *
 *   services: P-Q and Q-R (sea, headway 20 h: wait 10 h), C1-C3 (feeder);
 *   transshipment at Q: 200 h, USD 50.  Z is a port with no lane, X a rail
 *   depot.  Sea 20 km/h, USD 0.1/km, 10 g/tkm; feeder 10 km/h, USD 0.2/km,
 *   20 g/tkm; 10 t per TEU.
 *
 *   Generic pairs: P-R (sea, 500+500+400+400 = 1,800 km through the canal,
 *   10 h and USD 100 of fixed time and fee), C1-C2 (feeder, 300 km), C2-C3
 *   (feeder, 300+250 = 550 km).  P-Q, Q-R and C1-C3 have services.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "corridor/graph.h"
#include "corridor/model.h"
#include "corridor/report.h"
#include "corridor/route.h"
#include "runner.h"

#define load_at(dir) cor_test_load(dir)
#define node(net, q) cor_test_node(net, q)

#define GENERIC CORRIDOR_SOURCE_DIR "/tests/fixtures/generic"

/* The generic service joining a and b, or NULL. */
static const cor_link *generic_between(const cor_network *net, const char *a, const char *b)
{
    uint32_t x = node(net, a), y = node(net, b), nl = cor_network_link_count(net);
    for (uint32_t i = nl; i < nl + cor_network_generic_count(net); i++) {
        const cor_link *l = cor_network_link(net, i);
        if ((l->from == x && l->to == y) || (l->from == y && l->to == x))
            return l;
    }
    return NULL;
}

typedef struct outcome {
    cor_status status;
    double hours, usd, co2e_kg, km;
    uint32_t nlegs, generic_legs;
} outcome;

static outcome go(const cor_graph *g, const cor_query *q, const char *from, const char *to)
{
    outcome o = {COR_ENOROUTE, 0, 0, 0, 0, 0, 0};
    cor_filter f;
    cor_diag d;
    cor_diag_init(&d, 4);
    cor_workspace *ws = cor_workspace_new();
    cor_path p;
    cor_path_init(&p);
    cor_itinerary it;
    cor_itinerary_init(&it);
    o.status = cor_filter_init(&f, g, q, &d);
    if (o.status == COR_OK) {
        o.status = cor_shortest_path(&f, q, ws, node(g->net, from), node(g->net, to), &p, &d);
        if (o.status == COR_OK)
            o.status = cor_itinerary_build(&it, &f, q, &p, &d);
        if (o.status == COR_OK) {
            o.hours = it.totals.hours;
            o.usd = it.totals.cost_usd;
            o.co2e_kg = it.totals.co2e_kg;
            o.km = it.totals.distance_km;
            o.nlegs = it.nlegs;
            for (uint32_t i = 0; i < it.nlegs; i++)
                o.generic_legs += (uint32_t)it.legs[i].generic;
        }
    }
    cor_filter_destroy(&f);
    cor_itinerary_destroy(&it);
    cor_path_destroy(&p);
    cor_workspace_free(ws);
    cor_diag_destroy(&d);
    return o;
}

static void test_generic_pairs(void)
{
    cor_network *net = load_at(GENERIC);
    CHECK(net != NULL);
    if (!net)
        return;
    CHECK(cor_network_generic_count(net) == 3);
    CHECK(cor_network_generic_limited(net) == 0);
    /* the pairs services join have none */
    CHECK(generic_between(net, "P", "Q") == NULL);
    CHECK(generic_between(net, "Q", "R") == NULL);
    CHECK(generic_between(net, "C1", "C3") == NULL);
    CHECK(generic_between(net, "P", "C1") == NULL); /* two seas */
    CHECK(generic_between(net, "Z", "P") == NULL);  /* Z has no lane */
    /* P-R: P, W1, Q, W3, R, by hand */
    const cor_link *pr = generic_between(net, "P", "R");
    CHECK(pr != NULL);
    if (pr) {
        CHECK(pr->generic == 1 && pr->mode == COR_MODE_SEA && pr->auto_lanes);
        CHECK(strcmp(pr->status, "generic") == 0 && strncmp(pr->id, "generic:", 8) == 0);
        CHECK_NEAR(pr->distance_km, 1800, 1e-9);
        CHECK_NEAR(pr->fixed_hours, 10, 1e-9);
        CHECK_NEAR(pr->fixed_usd, 100, 1e-9);
        CHECK_NEAR(pr->wait_hours, COR_GENERIC_WAIT_HOURS, 1e-9);
        CHECK_NEAR(pr->speed_kmh, 20, 1e-9);
        CHECK_NEAR(pr->rate_usd_per_teu_km, 0.1, 1e-12);
        CHECK(pr->nwaypoints == 3);
        if (pr->nwaypoints == 3) {
            const char *want[3] = {"W1", "Q", "W3"};
            int forward = pr->from == node(net, "P");
            for (uint32_t k = 0; k < 3; k++)
                CHECK(pr->waypoints[k] == node(net, want[forward ? k : 2 - k]));
        }
        CHECK(pr->passages == ((uint64_t)1 << cor_network_find_passage(net, "canal")));
    }
    /* on the inland sea: feeders, the mode of its services */
    const cor_link *c12 = generic_between(net, "C1", "C2"), *c23 = generic_between(net, "C2", "C3");
    CHECK(c12 && c23);
    if (c12 && c23) {
        CHECK(c12->mode == COR_MODE_FEEDER && c23->mode == COR_MODE_FEEDER);
        CHECK_NEAR(c12->distance_km, 300, 1e-9);
        CHECK_NEAR(c23->distance_km, 550, 1e-9); /* both ends hang off C1 by one lane */
        CHECK(c23->nwaypoints == 1 && c23->waypoints[0] == node(net, "C1"));
    }
    /* components */
    uint32_t cp = cor_network_sea_component(net, node(net, "P"));
    CHECK(cp != COR_NONE);
    CHECK(cor_network_sea_component(net, node(net, "R")) == cp);
    CHECK(cor_network_sea_component(net, node(net, "W2")) == cp);
    CHECK(cor_network_sea_component(net, node(net, "C1")) != cp);
    CHECK(cor_network_sea_component(net, node(net, "C1")) != COR_NONE);
    CHECK(cor_network_sea_component(net, node(net, "Z")) == COR_NONE);
    CHECK(cor_network_sea_component(net, node(net, "X")) == COR_NONE);
    cor_diag d;
    cor_diag_init(&d, 4);
    CHECK(cor_network_check(net, &d) == COR_OK);
    cor_diag_destroy(&d);
    cor_network_free(net);
}

static void test_generic_routes(void)
{
    cor_network *net = load_at(GENERIC);
    CHECK(net != NULL);
    if (!net)
        return;
    cor_graph *g = NULL;
    cor_diag d;
    cor_diag_init(&d, 4);
    CHECK(cor_graph_build(net, &g, &d) == COR_OK);
    CHECK(g && cor_graph_check(g, &d) == COR_OK);
    if (!g) {
        cor_diag_destroy(&d);
        cor_network_free(net);
        return;
    }
    cor_query q;
    cor_query_init(&q, 2026);
    /* by default, the services: P-Q 1,000/20 + 10 + 10 = 70 h, transship
     * 200 h, Q-R 800/20 + 10 = 50 h: 320 h, though a generic P-R is faster */
    outcome o = go(g, &q, "P", "R");
    CHECK(o.status == COR_OK);
    CHECK_NEAR(o.hours, 320, 1e-9);
    CHECK(o.generic_legs == 0);
    /* the filter refuses every generic arc */
    cor_filter f;
    CHECK(cor_filter_init(&f, g, &q, &d) == COR_OK);
    uint32_t generic_arcs = 0;
    for (uint32_t a = 0; a < g->narcs; a++)
        if (g->kind[a] == COR_ARC_LINK && cor_network_link(net, g->ref[a])->generic) {
            generic_arcs++;
            CHECK(f.weight[a] == INFINITY);
        }
    CHECK(generic_arcs == 6);
    cor_filter_destroy(&f);
    /* asked for: P-R generic, 1,800/20 + 10 + 168 = 268 h, 1,800 x 0.1 +
     * 100 = USD 280, 1,800 x 10 t x 10 g = 180 kg */
    q.generic_sea = 1;
    o = go(g, &q, "P", "R");
    CHECK(o.status == COR_OK);
    CHECK_NEAR(o.hours, 268, 1e-9);
    CHECK_NEAR(o.usd, 280, 1e-9);
    CHECK_NEAR(o.co2e_kg, 180, 1e-9);
    CHECK(o.nlegs == 1 && o.generic_legs == 1);
    /* a longer assumed wait: the services win again */
    q.generic_wait_hours = 300;
    o = go(g, &q, "P", "R");
    CHECK(o.status == COR_OK && o.generic_legs == 0);
    CHECK_NEAR(o.hours, 320, 1e-9);
    q.generic_wait_hours = 100;
    o = go(g, &q, "P", "R");
    CHECK_NEAR(o.hours, 200, 1e-9);
    q.generic_wait_hours = -1;
    CHECK(go(g, &q, "P", "R").status == COR_EUSAGE);
    q.generic_wait_hours = 0;
    /* the canal closed: round the cape, 1,500 + 1,500 + 800 = 3,800 km,
     * 190 + 168 = 358 h (the services take 1,500 + 1,500 = 3,000 km / 20 =
     * 150 + 10 h, 200 h, 50 h: 410 h) */
    q.avoid_passages = (uint64_t)1 << cor_network_find_passage(net, "canal");
    o = go(g, &q, "P", "R");
    CHECK(o.status == COR_OK && o.generic_legs == 1);
    CHECK_NEAR(o.km, 3800, 1e-9);
    CHECK_NEAR(o.hours, 358, 1e-9);
    CHECK_NEAR(o.usd, 380, 1e-9);
    /* and the cape too: no way at all */
    q.avoid_passages |= (uint64_t)1 << cor_network_find_passage(net, "cape");
    CHECK(go(g, &q, "P", "R").status == COR_ENOROUTE);
    q.avoid_passages = 0;
    /* an enclosed sea: feeders, 300/10 + 168 = 198 h, USD 60 */
    o = go(g, &q, "C1", "C2");
    CHECK(o.status == COR_OK && o.generic_legs == 1);
    CHECK_NEAR(o.hours, 198, 1e-9);
    CHECK_NEAR(o.usd, 60, 1e-9);
    /* modes: feeders only on the inland sea; no sea generic with feeder only */
    q.modes = 1u << COR_MODE_FEEDER;
    CHECK(go(g, &q, "C1", "C2").status == COR_OK);
    CHECK(go(g, &q, "P", "R").status == COR_ENOROUTE);
    q.modes = (1u << COR_MODE_SEA) | (1u << COR_MODE_FEEDER);
    /* two seas: nothing joins them by sea */
    CHECK(go(g, &q, "P", "C1").status == COR_ENOROUTE);
    q.modes = 0;
    cor_diag_clear(&d);
    CHECK(cor_generic_sea_ends(net, node(net, "P"), node(net, "C1"), &d) == COR_ENOROUTE);
    CHECK(d.count == 1 && strstr(d.items[0].msg, "not on one sea"));
    cor_diag_clear(&d);
    CHECK(cor_generic_sea_ends(net, node(net, "Z"), node(net, "P"), &d) == COR_ENOROUTE);
    CHECK(d.count == 1 && strstr(d.items[0].msg, "no sea lane reaches Port Z"));
    cor_diag_clear(&d);
    CHECK(cor_generic_sea_ends(net, node(net, "X"), node(net, "C2"), &d) == COR_EUSAGE);
    CHECK(d.count == 1 && strstr(d.items[0].msg, "Depot X (X) is not a port"));
    CHECK(cor_generic_sea_ends(net, node(net, "P"), node(net, "R"), NULL) == COR_OK);
    /* the hint: C1-C2 has no route without generic services, one with */
    q.generic_sea = 0;
    CHECK(go(g, &q, "C1", "C2").status == COR_ENOROUTE);
    cor_workspace *ws = cor_workspace_new();
    CHECK(ws && cor_generic_sea_would_route(g, &q, ws, node(net, "C1"), node(net, "C2")) == 1);
    CHECK(ws && cor_generic_sea_would_route(g, &q, ws, node(net, "P"), node(net, "C1")) == 0);
    cor_workspace_free(ws);
    cor_diag_destroy(&d);
    cor_graph_free(g);
    cor_network_free(net);
}

/* A regime that closes the XA-XC border closes the generic P-R (XA-XC) too:
 * a generic service never goes round a restriction.  Between two ports of
 * one country a generic service takes that country's rate (rates.csv). */
static void test_generic_restricted(void)
{
    char dir[64] = "/tmp/corridor-generic-XXXXXX", cmd[256];
    if (!mkdtemp(dir)) {
        CHECK(0);
        return;
    }
    snprintf(cmd, sizeof cmd, "cp '%s'/*.csv '%s'/", GENERIC, dir);
    CHECK(system(cmd) == 0);
    char path[128];
    snprintf(path, sizeof path, "%s/restrictions.csv", dir);
    FILE *fp = fopen(path, "w");
    CHECK(fp != NULL);
    if (fp) {
        fputs("id,name,closes,since,default,source\nxa-xc,XA-XC closed,between:XA-XC,2024,no,test\n", fp);
        fclose(fp);
    }
    /* and C2 in XD, with a feeder rate for XD: C1-C2 lies in one country */
    snprintf(cmd, sizeof cmd, "sed -i 's/,XE,port,/,XD,port,/' '%s/nodes.csv'", dir);
    CHECK(system(cmd) == 0);
    snprintf(path, sizeof path, "%s/rates.csv", dir);
    fp = fopen(path, "w");
    CHECK(fp != NULL);
    if (fp) {
        fputs("mode,country,rate_usd_per_teu_km,source\nfeeder,XD,0.5,test\n", fp);
        fclose(fp);
    }
    cor_network *net = load_at(dir);
    CHECK(net != NULL);
    cor_graph *g = NULL;
    cor_diag d;
    cor_diag_init(&d, 4);
    if (net && cor_graph_build(net, &g, &d) == COR_OK) {
        cor_query q;
        cor_query_init(&q, 2026);
        q.generic_sea = 1;
        outcome o = go(g, &q, "P", "R"); /* the regime is off by default */
        CHECK(o.status == COR_OK && o.generic_legs == 1);
        q.restrictions = 1;
        q.restrictions_given = 1;
        o = go(g, &q, "P", "R");
        CHECK(o.status == COR_OK && o.generic_legs == 0);
        CHECK_NEAR(o.hours, 320, 1e-9);
        o = go(g, &q, "C1", "C2"); /* XD-XD: not closed; XD's feeder rate, 300 x 0.5 */
        CHECK(o.status == COR_OK && o.generic_legs == 1);
        CHECK_NEAR(o.usd, 150, 1e-9);
        o = go(g, &q, "C2", "C3"); /* both in XD now: 550 x 0.5 */
        CHECK_NEAR(o.usd, 275, 1e-9);
    }
    cor_diag_destroy(&d);
    cor_graph_free(g);
    cor_network_free(net);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
}

const cor_test cor_tests_generic[] = {
    {"generic_pairs", test_generic_pairs},
    {"generic_routes", test_generic_routes},
    {"generic_restricted", test_generic_restricted},
    {NULL, NULL},
};
