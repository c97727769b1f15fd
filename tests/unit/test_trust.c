/*
 * test_trust.c -- unit tests of what makes answers trustworthy: restriction
 * regimes (on, off, by scenario, closed places), driving-time rules,
 * services by status (suspended, irregular), several emission factors a
 * mode, rail ferries as their own class, liner services expanded from
 * their rotations, and the calibration table.  Each
 * works on a copy of tests/fixtures/hand with one file added or changed,
 * with answers worked out by hand.  The coverage test routes on the shipped
 * network (data/instc) and checks properties of the answers that follow
 * from its rows: years, statuses, gauges and where the mode must change.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "corridor/calibrate.h"
#include "corridor/graph.h"
#include "corridor/model.h"
#include "corridor/report.h"
#include "corridor/route.h"
#include "corridor/scenario.h"
#include "runner.h"

#define HAND CORRIDOR_SOURCE_DIR "/tests/fixtures/hand"
#define INSTC CORRIDOR_SOURCE_DIR "/data/instc"

static char dir[64];

/* A fresh copy of the hand fixture; extra files written by the test. */
static int fresh(void)
{
    char cmd[256];
    if (dir[0]) {
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0)
            return -1;
    }
    snprintf(dir, sizeof dir, "/tmp/corridor-trust-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(cmd, sizeof cmd, "cp '%s'/*.csv '%s'/", HAND, dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void put(const char *name, const char *text)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* Replace `from` by `to` in the file (the first time). */
static void edit(const char *name, const char *from, const char *to)
{
    char p[256], buf[16384];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "r");
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f)
        fclose(f);
    buf[n] = '\0';
    char *at = strstr(buf, from);
    if (!at)
        return;
    f = fopen(p, "w");
    if (!f)
        return;
    fwrite(buf, 1, (size_t)(at - buf), f);
    fputs(to, f);
    fputs(at + strlen(from), f);
    fclose(f);
}

static cor_network *load_dir(cor_diag *d)
{
    cor_network *net = NULL;
    cor_diag_clear(d);
    if (cor_network_load(dir, &net, d) != COR_OK) {
        char b[1024];
        for (size_t i = 0; i < d->count; i++) {
            cor_error_format(&d->items[i], b, sizeof b);
            fprintf(stderr, "  %s\n", b);
        }
    }
    return net;
}

static uint32_t node(const cor_network *net, const char *id)
{
    uint32_t n, s[1];
    return cor_network_find_node(net, id, &n, s, 0) == COR_OK ? n : COR_NONE;
}

/* Route from -> to under q; the status, and the hours and USD if found. */
static cor_status go(const cor_graph *g, cor_query *q, const char *from, const char *to, double *hours, double *usd,
                     cor_diag *d)
{
    cor_filter f;
    cor_workspace *ws = cor_workspace_new();
    cor_path p;
    cor_path_init(&p);
    cor_itinerary it;
    cor_itinerary_init(&it);
    cor_status s = cor_filter_init(&f, g, q, d);
    if (s == COR_OK) {
        s = cor_shortest_path(&f, q, ws, node(g->net, from), node(g->net, to), &p, d);
        if (s == COR_OK)
            s = cor_itinerary_build(&it, &f, q, &p, d);
        if (s == COR_OK) {
            *hours = it.totals.hours;
            *usd = it.totals.cost_usd;
        }
        cor_filter_destroy(&f);
    }
    cor_itinerary_destroy(&it);
    cor_path_destroy(&p);
    cor_workspace_free(ws);
    return s;
}

static void test_restrictions(void)
{
    cor_diag d;
    cor_diag_init(&d, 20);
    if (fresh() != 0) {
        CHECK(0);
        return;
    }
    /* A-G-B crosses XA -> XB at G-B (L2); C is a closed place */
    put("restrictions.csv", "id,name,closes,since,default,source\n"
                            "xa-xb,XA-XB border closed,between:XA-XB,2024-03,yes,test\n"
                            "no-charlie,Charlie closed,node:C,2025,no,test\n"
                            "l1-shut,L1 shut,link:L1,,no,test\n"
                            "canal-shut,Canal closed,passage:canal,2026-03-01,no,test\n"
                            "xa-to-xb,XA into XB closed,direction:XA-XB,,no,test\n");
    cor_network *net = load_dir(&d);
    CHECK(net != NULL);
    if (!net) {
        cor_diag_destroy(&d);
        return;
    }
    CHECK(cor_network_restriction_count(net) == 5);
    CHECK(cor_network_default_restrictions(net) == 1u);
    const cor_restriction *r = cor_network_restriction(net, 0);
    CHECK(r->nlinks == 1 && strcmp(cor_network_link(net, r->links[0])->id, "L2") == 0);
    cor_graph *g = NULL;
    CHECK(cor_graph_build(net, &g, &d) == COR_OK);
    cor_query q;
    cor_query_init(&q, 2026);
    double h = 0, usd = 0;
    /* in force by default: no route A -> B */
    CHECK(go(g, &q, "A", "B", &h, &usd, &d) == COR_ENOROUTE);
    CHECK(cor_query_restrictions(&q, net) == 1u);
    /* but not by default in a year before its `since` (2024-03) */
    q.year = 2023;
    CHECK(cor_query_restrictions(&q, net) == 0);
    CHECK(go(g, &q, "A", "B", &h, &usd, &d) == COR_OK);
    /* unless the query names it */
    q.restrictions_given = 1;
    q.restrictions = 1u;
    CHECK(go(g, &q, "A", "B", &h, &usd, &d) == COR_ENOROUTE);
    q.year = 2026;
    /* lifted by the query */
    q.restrictions_given = 1;
    q.restrictions = 0;
    CHECK(go(g, &q, "A", "B", &h, &usd, &d) == COR_OK);
    CHECK_NEAR(h, 100.0 / 50 + 10 + 100.0 / 50, 1e-9); /* two rail legs and the gauge change */
    /* a closed place as the origin: an error that names the regime */
    q.restrictions = 2u;
    cor_diag_clear(&d);
    CHECK(go(g, &q, "C", "D", &h, &usd, &d) == COR_EUSAGE);
    CHECK(d.count && strstr(d.items[0].msg, "closed by the restriction 'no-charlie'"));
    /* a closed link */
    q.restrictions = 4u;
    CHECK(go(g, &q, "A", "B", &h, &usd, &d) == COR_ENOROUTE);
    /* a passage closed by a regime: the service through the canal (S1,
     * 1000 km + 2 h) is closed, S2 round the cape (3000 km) sails */
    q.restrictions = 8u;
    CHECK(go(g, &q, "P1", "P2", &h, &usd, &d) == COR_OK);
    CHECK_NEAR(h, 3000.0 / 20, 1e-9);
    q.restrictions = 0;
    CHECK(go(g, &q, "P1", "P2", &h, &usd, &d) == COR_OK);
    CHECK_NEAR(h, 1000.0 / 20 + 2, 1e-9);
    /* a one-way regime: XA into XB closed, XB into XA open (L2 runs G (XA) -> B (XB)) */
    q.restrictions = 16u;
    CHECK(go(g, &q, "A", "B", &h, &usd, &d) == COR_ENOROUTE);
    CHECK(go(g, &q, "B", "A", &h, &usd, &d) == COR_OK);
    {
        const cor_restriction *rd = cor_network_restriction(net, 4);
        CHECK(rd->nlinks == 1 && rd->link_dirs && rd->link_dirs[0] == COR_CLOSE_FORWARD);
    }
    /* an avoided country */
    cor_query_init(&q, 2026);
    q.restrictions_given = 1;
    memcpy(q.avoid_countries[0], "XB", 3);
    q.navoid_countries = 1;
    cor_diag_clear(&d);
    CHECK(go(g, &q, "A", "B", &h, &usd, &d) == COR_EUSAGE && strstr(d.items[0].msg, "avoided country"));
    cor_graph_free(g);
    cor_network_free(net);
    /* a scenario lifts the default regime and puts another in force */
    put("lift.json", "{\"name\": \"lift\", \"restrictions\": {\"off\": [\"xa-xb\"], \"on\": [\"l1-shut\"]}}");
    char path[128];
    snprintf(path, sizeof path, "%s/lift.json", dir);
    cor_scenario *sc = NULL;
    CHECK(cor_scenario_load(path, &sc, &d) == COR_OK);
    net = NULL;
    CHECK(cor_network_load_scenarios(dir, &sc, 1, &net, &d) == COR_OK);
    if (net)
        CHECK(cor_network_default_restrictions(net) == 4u);
    cor_network_free(net);
    cor_scenario_free(sc);
    /* an unknown regime in a scenario, and a regime that closes nothing */
    put("bad.json", "{\"name\": \"bad\", \"restrictions\": {\"on\": [\"nope\"]}}");
    snprintf(path, sizeof path, "%s/bad.json", dir);
    sc = NULL;
    CHECK(cor_scenario_load(path, &sc, &d) == COR_OK);
    net = NULL;
    cor_diag_clear(&d);
    CHECK(cor_network_load_scenarios(dir, &sc, 1, &net, &d) == COR_EDATA && !net);
    CHECK(d.count && strstr(d.items[0].msg, "unknown restriction regime 'nope'"));
    cor_scenario_free(sc);
    put("restrictions.csv", "id,name,closes,since,default,source\nx,Nothing,between:XA-XZ,,yes,test\n");
    cor_diag_clear(&d);
    net = NULL;
    CHECK(cor_network_load(dir, &net, &d) == COR_EDATA && d.count &&
          strstr(d.items[0].msg, "the regime closes nothing"));
    cor_network_free(net);
    cor_diag_destroy(&d);
}

static void test_driving_and_services(void)
{
    cor_diag d;
    cor_diag_init(&d, 20);
    if (fresh() != 0) {
        CHECK(0);
        return;
    }
    /* XB trucks: 9 h at the wheel, then 15 h rest; elsewhere no rule */
    put("driving_rules.csv", "country,drive_hours_per_day,rest_hours_per_day,source\nXB,9,15,test\n");
    /* two sea factors, one default; a rail ferry B - N2 on 1520 mm */
    put("modes.csv", "mode,speed_kmh,rate_usd_per_teu_km,co2e_g_per_tkm,scope,payload_t_per_teu,source\n"
                     "sea,20,0.1,10,WTW,10,test\nrail,50,1,20,WTW,10,test\nroad,40,2,50,WTW,10,test\n"
                     "ferry,15,0.5,60,WTW,10,test\n");
    put("emission_factors.csv", "id,mode,wtw_g_per_tkm,ttw_g_per_tkm,version,default,source\n"
                                "sea-big,sea,8,7,test v1,yes,test\nsea-small,sea,12,10,test v1,no,test\n");
    put("links.csv",
        "id,from,to,mode,gauge_mm,distance_km,fixed_hours,fixed_usd,headway_hours,status,open_year,close_year,border,"
        "waypoints,source,status_as_of,wait_hours,operator,emission_factor\n"
        "L1,A,G,rail,1435,100,,,,open,,,,,test,,,,\n"
        "L2,G,B,rail,1520,100,,,,open,,,,,test,,,,\n"
        "R1,C,D,road,,210,,,,open,,,BC,,test,,,,\n"
        "S1,P1,P2,sea,,1000,2,50,,suspended,,2022,,W1,test,2025-06,,Old Line,\n"
        "S2,P1,P2,sea,,3000,,,,irregular,,,,W2,test,2025-06,36,New Line,sea-small\n"
        "F1,B,N2,ferry,1520,2300,,,24,open,,,,,test,2025-06,,,\n"
        "Y1,N1,N2,rail,1435,300,,,,open,,,,,test,,,,\n");
    put("transfers.csv", "node,from_class,to_class,kind,dwell_hours,dwell_p95_hours,cost_usd,source\n"
                         "G,rail1435,rail1520,gauge_change,10,20,50,test\n"
                         "B,rail1520,ferry1520,transfer,3,6,20,test: wagons shunted on board\n");
    cor_network *net = load_dir(&d);
    CHECK(net != NULL);
    if (!net) {
        cor_diag_destroy(&d);
        return;
    }
    cor_graph *g = NULL;
    CHECK(cor_graph_build(net, &g, &d) == COR_OK);
    /* the rail ferry is its own class */
    CHECK(cor_network_find_class(net, "ferry1520") != COR_NONE);
    cor_query q;
    cor_query_init(&q, 2026);
    double h = 0, usd = 0;
    /* 210 km at 40 km/h = 5.25 h at the wheel, 5.25 x 15/9 h of rest; border BC 5 h */
    CHECK(go(g, &q, "C", "D", &h, &usd, &d) == COR_OK);
    CHECK_NEAR(h, 5.25 * (1 + 15.0 / 9) + 5, 1e-9);
    CHECK_NEAR(usd, 210 * 2 + 30, 1e-9);
    /* 2026: S1 is suspended, S2 sails irregularly: 3000 km / 20 + 36 h expected wait */
    CHECK(go(g, &q, "P1", "P2", &h, &usd, &d) == COR_OK);
    CHECK_NEAR(h, 150 + 36, 1e-9);
    /* 2021, before the suspension: S1, 1000 / 20 + 2 h */
    q.year = 2021;
    CHECK(go(g, &q, "P1", "P2", &h, &usd, &d) == COR_OK);
    CHECK_NEAR(h, 52, 1e-9);
    /* the factor of each service: S2 its own, S1 the mode's default */
    const cor_link *s1 = cor_network_link(net, cor_network_find_link(net, "S1"));
    const cor_link *s2 = cor_network_link(net, cor_network_find_link(net, "S2"));
    CHECK(strcmp(cor_link_factor(net, s1)->id, "sea-big") == 0 && strcmp(cor_link_factor(net, s2)->id, "sea-small") == 0);
    CHECK_NEAR(s2->co2e_g_per_tkm, 12, 1e-12);
    CHECK(strcmp(s2->operator_name, "New Line") == 0 && strcmp(s2->status_as_of, "2025-06") == 0);
    /* rail to the ferry at B: 2 + 10 + 2 h, transfer 3 h, ferry 2300 / 15 + 12 h */
    q.year = 2026;
    CHECK(go(g, &q, "A", "N2", &h, &usd, &d) == COR_OK);
    CHECK_NEAR(h, 14 + 3 + 2300.0 / 15 + 12, 1e-9);
    cor_graph_free(g);
    cor_network_free(net);
    /* what the loader refuses: an irregular service without a wait, a
     * suspended one without its year, two default factors */
    static const struct {
        const char *file, *from, *to, *msg;
    } bad[] = {
        {"links.csv", "irregular,,,,W2,test,2025-06,36,", "irregular,,,,W2,test,2025-06,,", "needs wait_hours"},
        {"links.csv", "suspended,,2022,", "suspended,,,", "needs a close_year"},
        {"emission_factors.csv", "no,test", "yes,test", "mark exactly one"},
        {"links.csv", "test,2025-06,,Old Line", "test,2025-13,,Old Line", "status_as_of must be a date"},
        {"links.csv", "sea-small", "sea-huge", "no row of emission_factors.csv has the id 'sea-huge'"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        edit(bad[i].file, bad[i].from, bad[i].to);
        cor_diag_clear(&d);
        net = NULL;
        CHECK(cor_network_load(dir, &net, &d) == COR_EDATA && !net);
        int found = 0;
        for (size_t k = 0; k < d.count; k++)
            found |= strstr(d.items[k].msg, bad[i].msg) != NULL;
        CHECK(found);
        if (!found)
            fprintf(stderr, "  expected '%s'\n", bad[i].msg);
        edit(bad[i].file, bad[i].to, bad[i].from);
    }
    cor_diag_destroy(&d);
}

/* Liner services (services.csv) on a chart drawn by hand: ports P, Q, R,
 * S on the equator, Q - R through a canal (W1) or round a cape (W2), Z a
 * port reached only through the canal:
 *
 *   P --1200-- Q --600-- W1(canal) --600-- R --1200-- S
 *              \-1500-- W2(cape) --1500---/
 *                        W1 --150-- Z
 *
 * sea at 20 km/h, 10 t per TEU.  A loop P|Q|R expands to its six ordered
 * pairs in call order; a one-way R|S to one; a suspended P|S is not used;
 * changing vessel at R needs a sea -> sea rule. */
static void test_services(void)
{
    cor_diag d;
    cor_diag_init(&d, 20);
    if (fresh() != 0) {
        CHECK(0);
        return;
    }
    put("nodes.csv", "id,name,kind,lat,lon,passage,source\n"
                     "P,Port P,port,0,0,,t\nQ,Port Q,port,0,10,,t\nR,Port R,port,0,20,,t\nS,Port S,port,0,30,,t\n"
                     "Z,Port Z,port,2,15,,t\nW1,Canal,waypoint,1,15,canal,t\nW2,Cape,waypoint,-5,15,cape,t\n"
                     "T1,Town 1,terminal,10,0,,t\nT2,Town 2,terminal,10,2,,t\n");
    put("modes.csv", "mode,speed_kmh,rate_usd_per_teu_km,co2e_g_per_tkm,payload_t_per_teu,source\n"
                     "sea,20,0.1,10,10,t\nroad,40,2,50,10,t\n");
    put("emission_factors.csv", "id,mode,wtw_g_per_tkm,ttw_g_per_tkm,version,default,source\n"
                                "sea-avg,sea,10,8,t,yes,t\nsea-big,sea,5,4,t,,t\n");
    put("sealanes.csv", "from,to,distance_km,source\nP,Q,1200,t\nQ,W1,600,t\nW1,R,600,t\nQ,W2,1500,t\n"
                        "W2,R,1500,t\nR,S,1200,t\nW1,Z,150,t\n");
    put("links.csv", "id,from,to,mode,distance_km,source\nT,T1,T2,road,250,t\n");
    put("services.csv", "id,name,operator,rotation,loop,headway_hours,port_call_hours,emission_factor,status,"
                        "close_year,source\n"
                        "LOOP,Loop,Line A,P|Q|R,yes,48,10,sea-big,open,,t\n"
                        "ONE,One way,Line B,R|S,no,24,5,,open,,t\n"
                        "OLD,Old,Line C,P|S,yes,24,5,,suspended,2025,t\n");
    char p[256];
    snprintf(p, sizeof p, "%s/transfers.csv", dir);
    remove(p);
    snprintf(p, sizeof p, "%s/borders.csv", dir);
    remove(p);
    snprintf(p, sizeof p, "%s/corridors.csv", dir);
    remove(p);
    cor_network *net = load_dir(&d);
    CHECK(net != NULL);
    if (!net) {
        cor_diag_destroy(&d);
        return;
    }
    CHECK(cor_network_service_count(net) == 3);
    uint32_t lp = cor_network_find_service(net, "LOOP"), on = cor_network_find_service(net, "ONE");
    CHECK(lp != COR_NONE && on != COR_NONE && cor_network_find_service(net, "NONE") == COR_NONE);
    if (lp == COR_NONE || on == COR_NONE) {
        cor_network_free(net);
        cor_diag_destroy(&d);
        return;
    }
    /* the loop: six ordered pairs, each through the calls between them */
    const cor_service *sv = cor_network_service(net, lp);
    CHECK(sv->nlinks == 6 && sv->loop && sv->nports == 3);
    static const struct {
        const char *id;
        uint32_t ncalls;
        const char *call;
        double km;
    } want[] = {
        {"LOOP:P:Q", 0, NULL, 1200}, {"LOOP:P:R", 1, "Q", 2400}, {"LOOP:Q:R", 0, NULL, 1200},
        {"LOOP:Q:P", 1, "R", 3600},  {"LOOP:R:P", 0, NULL, 2400}, {"LOOP:R:Q", 1, "P", 3600},
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        uint32_t li = cor_network_find_link(net, want[i].id);
        CHECK(li != COR_NONE);
        if (li == COR_NONE)
            continue;
        const cor_link *l = cor_network_link(net, li);
        CHECK(l->oneway && l->service == lp && l->ncalls == want[i].ncalls);
        CHECK(!want[i].call || l->calls[0] == node(net, want[i].call));
        CHECK_NEAR(l->distance_km, want[i].km, 1e-9);
        CHECK_NEAR(l->own_fixed_hours, 10.0 * want[i].ncalls, 1e-12);
        CHECK(strcmp(cor_link_factor(net, l)->id, "sea-big") == 0);
    }
    /* one way: R -> S only */
    CHECK(cor_network_service(net, on)->nlinks == 1 && cor_network_find_link(net, "ONE:R:S") != COR_NONE &&
          cor_network_find_link(net, "ONE:S:R") == COR_NONE);
    CHECK(strcmp(cor_link_factor(net, cor_network_link(net, cor_network_find_link(net, "ONE:R:S")))->id,
                 "sea-avg") == 0);
    cor_graph *g = NULL;
    CHECK(cor_graph_build(net, &g, &d) == COR_OK);
    cor_query q;
    cor_query_init(&q, 2026);
    double h = 0, usd = 0;
    /* P -> R on the loop: 2400 km / 20 + 10 h at Q + 24 h wait; USD 0.1/km */
    CHECK(go(g, &q, "P", "R", &h, &usd, &d) == COR_OK);
    CHECK_NEAR(h, 120 + 10 + 24, 1e-9);
    CHECK_NEAR(usd, 240, 1e-9);
    /* R -> P runs on round the loop (no call), P -> Q is direct */
    CHECK(go(g, &q, "R", "P", &h, &usd, &d) == COR_OK);
    CHECK_NEAR(h, 2400 / 20.0 + 24, 1e-9);
    /* P -> S: the old direct service is suspended, and changing from the
     * loop to the one-way service at R needs a rule: no route */
    CHECK(go(g, &q, "P", "S", &h, &usd, &d) == COR_ENOROUTE);
    /* in 2024 the old service still sailed, P to S without a call: 3600
     * km / 20 + 12 h wait */
    q.year = 2024;
    CHECK(go(g, &q, "P", "S", &h, &usd, &d) == COR_OK);
    CHECK_NEAR(h, 180 + 12, 1e-9);
    q.year = 2026;
    /* closing the canal sends the loop round the cape: 1200 + 3000 km */
    q.avoid_passages = (uint64_t)1 << cor_network_find_passage(net, "canal");
    CHECK(go(g, &q, "P", "R", &h, &usd, &d) == COR_OK);
    CHECK_NEAR(h, 4200 / 20.0 + 10 + 24, 1e-9);
    q.avoid_passages = 0;
    cor_graph_free(g);
    /* a call the open lanes cannot reach is omitted, or refuses the path */
    uint32_t calls[1] = {node(net, "Z")};
    cor_sea_memo *m = cor_sea_memo_new((uint64_t)1 << cor_network_find_passage(net, "canal"));
    cor_sea_path sp;
    uint32_t kept = 9;
    CHECK(m && cor_sea_route_calls(net, node(net, "P"), calls, 1, node(net, "R"), 1, m, &sp, &kept) == COR_OK);
    CHECK(kept == 0);
    CHECK_NEAR(sp.distance_km, 4200, 1e-9);
    cor_sea_path_destroy(&sp);
    CHECK(m && cor_sea_route_calls(net, node(net, "P"), calls, 1, node(net, "R"), 0, m, &sp, &kept) == COR_ENOROUTE);
    cor_sea_path_destroy(&sp);
    cor_sea_memo_free(m);
    m = cor_sea_memo_new(0);
    CHECK(m && cor_sea_route_calls(net, node(net, "P"), calls, 1, node(net, "R"), 0, m, &sp, &kept) == COR_OK);
    CHECK(kept == 1 && sp.nwaypoints == 4); /* Q, W1, Z, W1 */
    CHECK_NEAR(sp.distance_km, 1200 + 600 + 150 + 150 + 600, 1e-9);
    cor_sea_path_destroy(&sp);
    cor_sea_memo_free(m);
    cor_network_free(net);
    /* with a transshipment rule at R: loop to R, 6 h, then the one-way
     * service 1200 km / 20 + 12 h wait */
    put("transfers.csv", "node,from_class,to_class,kind,dwell_hours,dwell_p95_hours,cost_usd,source\n"
                         "R,sea,sea,port,6,12,20,t\n");
    net = load_dir(&d);
    CHECK(net != NULL);
    if (net) {
        CHECK(cor_graph_build(net, &g, &d) == COR_OK);
        cor_query_init(&q, 2026);
        CHECK(go(g, &q, "P", "S", &h, &usd, &d) == COR_OK);
        CHECK_NEAR(h, 154 + 6 + 60 + 12, 1e-9);
        cor_graph_free(g);
        cor_network_free(net);
    }
    /* what the loader refuses, with the place of the fault */
    static const struct {
        const char *from, *to, *msg;
        uint32_t line, col;
    } bad[] = {
        {"P|Q|R,yes,48", "P|Q|X,yes,48", "rotation: unknown node id 'X'", 2, 22},
        {"P|Q|R,yes,48", "P,yes,48", "a service calls at two ports at least", 2, 18},
        {"48,10,sea-big", "48,10,sea-huge", "no row of emission_factors.csv has the id 'sea-huge'", 2, 34},
        {"yes,48,10", "yes,-4,10", "headway_hours: -4 is out of range", 2, 28},
        {"R|S,no,24", "R|S,maybe,24", "loop must be yes", 3, 24},
        {"P|Q|R,yes", "P|Q|R|P,yes", "a loop returns to its first port by itself", 2, 18},
        {"suspended,2025", "suspended,", "needs a close_year", 4, 30},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        edit("services.csv", bad[i].from, bad[i].to);
        cor_diag_clear(&d);
        net = NULL;
        CHECK(cor_network_load(dir, &net, &d) == COR_EDATA && !net);
        int found = 0;
        for (size_t k = 0; k < d.count; k++)
            if (strstr(d.items[k].msg, bad[i].msg) && strstr(d.items[k].file, "services.csv")) {
                found = 1;
                CHECK(d.items[k].line == bad[i].line && d.items[k].col == bad[i].col);
                if (d.items[k].line != bad[i].line || d.items[k].col != bad[i].col)
                    fprintf(stderr, "  '%s' at %u:%u\n", bad[i].msg, d.items[k].line, d.items[k].col);
            }
        CHECK(found);
        if (!found)
            fprintf(stderr, "  expected '%s'\n", bad[i].msg);
        edit("services.csv", bad[i].to, bad[i].from);
    }
    cor_diag_destroy(&d);
}

/* rates.csv: a mode's rate in one country, for links wholly inside it
 * that give no rate of their own; a scenario can change it. */
static void test_rates(void)
{
    cor_diag d;
    cor_diag_init(&d, 20);
    if (fresh() != 0) {
        CHECK(0);
        return;
    }
    put("rates.csv", "mode,country,rate_usd_per_teu_km,source\nrail,XA,0.4,test\nroad,XB,0.5,test\n");
    /* Y2 gives its own rate */
    edit("links.csv", "Y2,N1,N2,rail,1435,100,,,", "Y2,N1,N2,rail,1435,100,,3,");
    cor_network *net = load_dir(&d);
    CHECK(net != NULL);
    if (!net) {
        cor_diag_destroy(&d);
        return;
    }
    const struct {
        const char *id;
        double rate;
    } want[] = {
        {"L1", 0.4}, /* A (XA) - G (XA): the XA rail rate */
        {"L2", 1},   /* G (XA) - B (XB): crosses a border, the mode's default */
        {"Y1", 0.4}, /* N1 - N2, both XA */
        {"Y2", 3},   /* its own rate wins */
        {"R1", 2},   /* C (XB) - D (XC): crosses a border, the road default */
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        const cor_link *k = cor_network_link(net, cor_network_find_link(net, want[i].id));
        CHECK_NEAR(k->rate_usd_per_teu_km, want[i].rate, 1e-12);
    }
    CHECK(cor_network_rate_rule_count(net) == 2 && strcmp(cor_network_rate_rule(net, 1)->country, "XB") == 0);
    cor_network_free(net);
    /* faults: an unknown mode, a country that is not a code, a second row for one pair */
    static const struct {
        const char *text, *msg;
    } bad[] = {
        {"mode,country,rate_usd_per_teu_km,source\nbarge,XA,0.4,test\n", "unknown mode 'barge'"},
        {"mode,country,rate_usd_per_teu_km,source\nrail,Iran,0.4,test\n", "ISO 3166 alpha-2"},
        {"mode,country,rate_usd_per_teu_km,source\nrail,XA,0.4,test\nrail,XA,0.5,test\n", "a second rail rate for XA"},
        {"mode,country,rate_usd_per_teu_km,source\nrail,XA,-1,test\n", "rate_usd_per_teu_km"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        put("rates.csv", bad[i].text);
        cor_diag_clear(&d);
        net = NULL;
        CHECK(cor_network_load(dir, &net, &d) == COR_EDATA && !net);
        int found = 0;
        for (size_t k = 0; k < d.count; k++)
            found |= strstr(d.items[k].msg, bad[i].msg) != NULL && d.items[k].line >= 2;
        CHECK(found);
        if (!found)
            fprintf(stderr, "  expected '%s'\n", bad[i].msg);
    }
    cor_diag_destroy(&d);
}

/* The shipped INSTC network: which regimes are in force by default and
 * what they change; the Caspian rail ferries. */
static void test_shipped_data(void)
{
    cor_diag d;
    cor_diag_init(&d, 20);
    cor_network *net = NULL;
    CHECK(cor_network_load(CORRIDOR_SOURCE_DIR "/data/instc", &net, &d) == COR_OK);
    if (!net) {
        cor_diag_destroy(&d);
        return;
    }
    cor_graph *g = NULL;
    CHECK(cor_graph_build(net, &g, &d) == COR_OK);
    uint32_t fi = COR_NONE, red = COR_NONE, hormuz = COR_NONE;
    for (uint32_t i = 0; i < cor_network_restriction_count(net); i++) {
        const char *id = cor_network_restriction(net, i)->id;
        fi = strcmp(id, "fi-ru-land-border") == 0 ? i : fi;
        red = strcmp(id, "red-sea-2026") == 0 ? i : red;
        hormuz = strcmp(id, "hormuz-2026") == 0 ? i : hormuz;
    }
    CHECK(fi != COR_NONE && red != COR_NONE && hormuz != COR_NONE);
    if (fi == COR_NONE || red == COR_NONE || hormuz == COR_NONE) {
        cor_graph_free(g);
        cor_network_free(net);
        cor_diag_destroy(&d);
        return;
    }
    cor_query q;
    cor_query_init(&q, 2026);
    uint64_t def = cor_query_restrictions(&q, net);
    CHECK((def >> fi & 1) && (def >> red & 1) && !(def >> hormuz & 1));
    /* by sea to Rotterdam: round the Cape in 2026 by default, by Suez with
     * the Red Sea regime lifted, and by Suez by default in 2025 (before it) */
    q.modes = 1u << COR_MODE_SEA;
    double cape_h = 0, suez_h = 0, h2025 = 0, usd = 0;
    CHECK(go(g, &q, "Nhava Sheva", "Rotterdam", &cape_h, &usd, &d) == COR_OK);
    q.restrictions_given = 1;
    q.restrictions = def & ~((uint64_t)1 << red);
    CHECK(go(g, &q, "Nhava Sheva", "Rotterdam", &suez_h, &usd, &d) == COR_OK);
    CHECK(cape_h > suez_h + 5 * 24);
    cor_query_init(&q, 2025);
    q.modes = 1u << COR_MODE_SEA;
    CHECK(!(cor_query_restrictions(&q, net) >> red & 1));
    CHECK(go(g, &q, "Nhava Sheva", "Rotterdam", &h2025, &usd, &d) == COR_OK);
    CHECK_NEAR(h2025, suez_h, 1e-6);
    /* Hormuz, when put in force, leaves no sea route to Bandar Abbas */
    cor_query_init(&q, 2026);
    q.modes = 1u << COR_MODE_SEA;
    q.restrictions_given = 1;
    q.restrictions = (uint64_t)1 << hormuz;
    CHECK(go(g, &q, "Nhava Sheva", "Bandar Abbas", &h2025, &usd, &d) == COR_ENOROUTE);
    /* St Petersburg - Helsinki by road: closed by Finland, open with no regimes */
    cor_query_init(&q, 2026);
    q.modes = 1u << COR_MODE_ROAD;
    CHECK(go(g, &q, "St Petersburg", "Helsinki", &h2025, &usd, &d) == COR_ENOROUTE);
    q.restrictions_given = 1;
    q.restrictions = 0;
    CHECK(go(g, &q, "St Petersburg", "Helsinki", &h2025, &usd, &d) == COR_OK);
    /* capacities: every one states its basis; a tonnage port (Anzali) has no TEU capacity */
    for (uint32_t i = 0; i < cor_network_link_count(net); i++) {
        const cor_link *k = cor_network_link(net, i);
        if (k->capacity_teu_per_year > 0 || k->capacity_t_per_year > 0)
            CHECK(k->capacity_basis && k->capacity_basis[0]);
    }
    int anzali = 0;
    for (uint32_t i = 0; i < cor_network_transfer_count(net); i++) {
        const cor_transfer *t = cor_network_transfer(net, i);
        if (t->capacity_teu_per_year > 0 || t->capacity_t_per_year > 0)
            CHECK(t->capacity_basis && t->capacity_basis[0]);
        if (strcmp(cor_network_node(net, t->node)->id, "IRBZL") == 0) {
            anzali++;
            CHECK(t->capacity_teu_per_year == 0 && t->capacity_t_per_year >= 1e6);
        }
    }
    CHECK(anzali >= 1);
    /* the Caspian rail ferries: class ferry1520, the GLEC ro-pax factor,
     * wagons shunted on board (no lift: 0 kg at the transfer) */
    const cor_link *fr = cor_network_link(net, cor_network_find_link(net, "FR-ALAT-AKT"));
    CHECK(fr && fr->mode == COR_MODE_FERRY && strcmp(cor_network_class(net, fr->cls)->name, "ferry1520") == 0);
    CHECK(fr && strncmp(cor_link_factor(net, fr)->id, "glec-v3-ropax", 13) == 0);
    cor_query_init(&q, 2026);
    q.modes = (1u << COR_MODE_FERRY) | (1u << COR_MODE_RAIL);
    double h = 0;
    CHECK(go(g, &q, "Aktau", "Baku", &h, &usd, &d) == COR_OK);
    /* 48 h headway / 2 + the crossing + 8 h on board + rail 68 km + the Baku terminal */
    CHECK(h > 24 + 8 + 24 && h < 24 + 8 + 24 + 30);
    cor_graph_free(g);
    cor_network_free(net);
    cor_diag_destroy(&d);
}

static void test_calibration(void)
{
    if (fresh() != 0) {
        CHECK(0);
        return;
    }
    put("calibration.csv", "id,trip,from,to,by,via,avoid,modes,year,scenario,days_min,days_max,usd_min,usd_max,"
                           "band_days,band_usd,source,date,note,known_gap\n"
                           "in,A to B,A,B,time,,,,2026,,0.5,0.6,,,0,,test,2026,,\n"
                           "out,A to B dear,A,B,time,,,,2026,,,,1000,2000,,100,test,2026,,\n"
                           "bad,nowhere,A,Zulu,time,,,,2026,,1,1,,,0,,test,2026,,\n"
                           "gap,A to B slow,A,B,time,,,,2026,,5,5,,,1,,test,2026,,the model has no queue\n"
                           "stale,A to B known,A,B,time,,,,2026,,0.5,0.6,,,0,,test,2026,,no longer true\n");
    char path[128];
    snprintf(path, sizeof path, "%s/calibration.csv", dir);
    cor_diag d;
    cor_diag_init(&d, 20);
    cor_calibration c;
    cor_calibration_init(&c);
    CHECK(cor_calibration_load(path, &c, &d) == COR_OK && c.n == 5);
    CHECK(cor_calibration_run(&c, dir, &d) == COR_OK);
    if (c.n == 5) {
        /* A -> B: 2 h + 10 h gauge change + 2 h = 14 h = 0.583 days, USD 100 + 50 + 100 */
        CHECK(c.rows[0].status == COR_OK && c.rows[0].time_ok == 1 && c.rows[0].cost_ok == -1);
        CHECK_NEAR(c.rows[0].days, 14.0 / 24, 1e-9);
        CHECK(c.rows[1].status == COR_OK && c.rows[1].cost_ok == 0 && c.rows[1].time_ok == -1);
        CHECK_NEAR(c.rows[1].usd, 250, 1e-9);
        CHECK(c.rows[2].status != COR_OK && strstr(c.rows[2].reason, "unknown place 'Zulu'"));
        /* out of band with a known gap: not a failure; in band with one: a failure (stale reason) */
        CHECK(c.rows[3].time_ok == 0 && !cor_calibration_row_failed(&c.rows[3]));
        CHECK(c.rows[4].time_ok == 1 && cor_calibration_row_failed(&c.rows[4]));
        CHECK(cor_calibration_failures(&c) == 3);
        char *buf = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&buf, &len);
        CHECK(mem && cor_write_calibration(mem, &c, 1) == COR_OK);
        if (mem)
            fclose(mem);
        CHECK(buf && strstr(buf, "| no (known gap) |") && strstr(buf, "BACK IN BAND") &&
              strstr(buf, "- *A to B slow*: the model has no queue"));
        free(buf);
    }
    cor_calibration_destroy(&c);
    /* a trip with nothing published is an error with its position */
    put("calibration.csv", "id,trip,from,to,source,date\nx,A to B,A,B,test,2026\n");
    cor_calibration_init(&c);
    cor_diag_clear(&d);
    CHECK(cor_calibration_load(path, &c, &d) == COR_EDATA && d.count && d.items[0].line == 2);
    cor_calibration_destroy(&c);
    cor_diag_destroy(&d);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
    dir[0] = '\0';
}

/* Route on the shipped network into `it` (built under q). */
static cor_status instc_route(const cor_graph *g, const cor_query *q, const char *from, const char *to,
                              cor_itinerary *it)
{
    cor_filter f;
    cor_workspace *ws = cor_workspace_new();
    cor_path p;
    cor_path_init(&p);
    cor_itinerary_destroy(it);
    cor_itinerary_init(it);
    cor_status s = cor_filter_init(&f, g, q, NULL);
    if (s == COR_OK) {
        uint32_t a = node(g->net, from), b = node(g->net, to);
        s = a == COR_NONE || b == COR_NONE ? COR_EUSAGE : cor_shortest_path(&f, q, ws, a, b, &p, NULL);
        if (s == COR_OK)
            s = cor_itinerary_build(it, &f, q, &p, NULL);
        cor_filter_destroy(&f);
    }
    cor_path_destroy(&p);
    cor_workspace_free(ws);
    return s;
}

/* 1 if the itinerary's path runs over the link with this id. */
static int uses_link(const cor_itinerary *it, const char *id)
{
    const cor_graph *g = it->g;
    uint32_t l = cor_network_find_link(g->net, id);
    for (uint32_t i = 0; l != COR_NONE && i < it->path.narcs; i++)
        if (g->kind[it->path.arcs[i]] == COR_ARC_LINK && g->ref[it->path.arcs[i]] == l)
            return 1;
    return 0;
}

static const char *leg_class(const cor_itinerary *it, uint32_t i)
{
    return cor_network_class(it->g->net, it->legs[i].cls)->name;
}

static void test_coverage(void)
{
    cor_diag d;
    cor_diag_init(&d, 20);
    cor_network *net = NULL;
    CHECK(cor_network_load(INSTC, &net, &d) == COR_OK);
    cor_diag_destroy(&d);
    if (!net)
        return;
    cor_graph *g = NULL;
    CHECK(cor_graph_build(net, &g, NULL) == COR_OK);
    if (!g) {
        cor_network_free(net);
        return;
    }
    cor_itinerary it;
    cor_itinerary_init(&it);
    cor_query q;
    /* Indian broad gauge is its own class */
    CHECK(cor_network_find_class(net, "rail1676") != COR_NONE);

    /* Chabahar: the railway to Zahedan is under construction, assumed open in 2027 */
    uint32_t zz = cor_network_find_link(net, "R-ZBR-ZAHEDAN");
    CHECK(zz != COR_NONE);
    if (zz != COR_NONE) {
        const cor_link *l = cor_network_link(net, zz);
        CHECK(strcmp(l->status, "construction") == 0 && l->open_year == 2027 && l->gauge_mm == 1435);
    }
    /* by rail only, Chabahar has no way out before it opens ... */
    cor_query_init(&q, 2026);
    q.modes = 1u << COR_MODE_RAIL;
    CHECK(instc_route(g, &q, "Chabahar", "Moscow", &it) == COR_ENOROUTE);
    /* ... and leaves on it, on 1435 mm, from 2027, changing gauge once */
    cor_query_init(&q, 2027);
    q.modes = 1u << COR_MODE_RAIL;
    CHECK(instc_route(g, &q, "Chabahar", "Moscow", &it) == COR_OK);
    if (it.nlegs) {
        CHECK(uses_link(&it, "R-ZBR-ZAHEDAN") && strcmp(leg_class(&it, 0), "rail1435") == 0);
        CHECK(it.totals.gauge_changes == 1 && strcmp(leg_class(&it, it.nlegs - 1), "rail1520") == 0);
    }
    /* with every mode, 2026: the road to Zahedan, never the railway */
    cor_query_init(&q, 2026);
    CHECK(instc_route(g, &q, "Chabahar", "Moscow", &it) == COR_OK);
    CHECK(uses_link(&it, "D-ZBR-ZAHEDAN") && !uses_link(&it, "R-ZBR-ZAHEDAN"));
    CHECK(it.nlegs && strcmp(leg_class(&it, 0), "road") == 0);
    /* 2027 by cost: the railway, cheaper than the truck */
    cor_query_init(&q, 2027);
    q.by = COR_BY_COST;
    CHECK(instc_route(g, &q, "Chabahar", "Moscow", &it) == COR_OK);
    CHECK(uses_link(&it, "R-ZBR-ZAHEDAN") && !uses_link(&it, "D-ZBR-ZAHEDAN"));

    /* ICD Tughlakabad: starts on 1676 mm rail, which ends at an Indian
     * port with a port stop rail1676 > sea; no broad-gauge leg leaves India */
    cor_query_init(&q, 2026);
    CHECK(instc_route(g, &q, "Tughlakabad", "Moscow", &it) == COR_OK);
    if (it.nlegs && it.nstops) {
        CHECK(strcmp(leg_class(&it, 0), "rail1676") == 0);
        int port = 0;
        for (uint32_t i = 0; i < it.nstops; i++) {
            const cor_stop *st = &it.stops[i];
            const char *at = cor_network_node(net, st->node)->id;
            if (st->kind == COR_STOP_PORT &&
                strcmp(cor_network_class(net, st->from_cls)->name, "rail1676") == 0 &&
                strcmp(cor_network_class(net, st->to_cls)->name, "sea") == 0)
                port += strcmp(at, "INNSA") == 0 || strcmp(at, "INMUN") == 0;
        }
        CHECK(port == 1);
        for (uint32_t i = 0; i < it.nlegs; i++)
            if (strcmp(leg_class(&it, i), "rail1676") == 0)
                CHECK(strcmp(cor_network_node(net, it.legs[i].to)->country, "IN") == 0);
        CHECK(strcmp(leg_class(&it, it.nlegs - 1), "rail1520") == 0);
        CHECK(it.totals.hours / 24 > 15 && it.totals.hours / 24 < 35);
    }

    /* Nhava Sheva - Almaty and - Minsk end on 1520 mm rail; Almaty by way
     * of Turkmenistan and Uzbekistan or the Kazakh lines, with borders */
    CHECK(instc_route(g, &q, "Nhava Sheva", "Almaty", &it) == COR_OK);
    CHECK(it.nlegs && strcmp(leg_class(&it, it.nlegs - 1), "rail1520") == 0 && it.totals.border_crossings >= 2);
    CHECK(uses_link(&it, "R-ARYS-ALMATY"));
    CHECK(instc_route(g, &q, "Nhava Sheva", "Minsk", &it) == COR_OK);
    CHECK(uses_link(&it, "R-MOSCOW-MINSK"));
    /* Mumbai: 30 km by road to Nhava Sheva, or its own ships */
    CHECK(instc_route(g, &q, "Mumbai", "Moscow", &it) == COR_OK);
    CHECK(it.totals.hours / 24 > 15 && it.totals.hours / 24 < 35);
    /* Poti - Baku: 312 + 489 + 68 km of 1520 mm rail, one border (AZ|GE) */
    CHECK(instc_route(g, &q, "Poti", "Baku", &it) == COR_OK);
    CHECK_NEAR(it.totals.distance_km, 312 + 489 + 68, 1e-9);
    CHECK(it.totals.border_crossings == 1 && it.totals.gauge_changes == 0);
    /* Baku - Kars changes gauge at Akhalkalaki */
    CHECK(instc_route(g, &q, "Baku", "Kars", &it) == COR_OK);
    CHECK(it.totals.gauge_changes == 1 && it.totals.border_crossings == 2);
    /* the second Russia - Kazakhstan crossing: Iletsk, on the way to Almaty
     * when Aksaraiskaya is avoided */
    cor_query_init(&q, 2026);
    q.avoid_nodes[q.navoid_nodes++] = node(net, "RU-AKSARAISKAYA");
    CHECK(instc_route(g, &q, "Moscow", "Almaty", &it) == COR_OK);
    CHECK(uses_link(&it, "R-ILETSK-KANDYAGASH"));
    /* north of Dagestan: with Kizlyar avoided, Makhachkala reaches Moscow by Gudermes and Rostov */
    cor_query_init(&q, 2026);
    q.avoid_nodes[q.navoid_nodes++] = node(net, "RU-KIZLYAR");
    CHECK(instc_route(g, &q, "Makhachkala", "Moscow", &it) == COR_OK);
    CHECK(uses_link(&it, "R-MAKHACHKALA-GUDERMES") && uses_link(&it, "R-ROSTOV-MOSCOW"));
    /* --modes sea: a port's sea <-> land transfers are no way to transship */
    cor_query_init(&q, 2026);
    q.modes = 1u << COR_MODE_SEA;
    CHECK(instc_route(g, &q, "Mumbai", "Rotterdam", &it) == COR_ENOROUTE);
    cor_itinerary_destroy(&it);
    cor_graph_free(g);
    cor_network_free(net);
}

const cor_test cor_tests_trust[] = {
    {"restrictions", test_restrictions},
    {"driving_and_services", test_driving_and_services},
    {"services", test_services},
    {"rates", test_rates},
    {"shipped_data", test_shipped_data},
    {"calibration", test_calibration},
    {"coverage", test_coverage},
    {NULL, NULL},
};
