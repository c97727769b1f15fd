/*
 * test_warn.c -- unit tests of warnings (warn.h) and of the browse and
 * scenario helpers: the list keeps each message once and counts what does
 * not fit; query warnings; the warnings of a route over a planned link on
 * the hand-drawn fixture; ambiguous place names; a scenario's one-line
 * summary; the add_service shorthand (the link and the transfer rules it
 * needs, worked out by hand on tests/fixtures/hand: a road service P1 - A
 * reaches rail1435 at A and sea at P1, so it adds road>rail1435 at A and
 * road>sea at P1, with the values given) and its no-op warnings.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "corridor/graph.h"
#include "corridor/model.h"
#include "corridor/report.h"
#include "corridor/route.h"
#include "corridor/scenario.h"
#include "corridor/warn.h"
#include "runner.h"

#define HAND CORRIDOR_SOURCE_DIR "/tests/fixtures/hand"
#define INSTC CORRIDOR_SOURCE_DIR "/data/instc"

static void test_warn_list(void)
{
    cor_warnings w;
    CHECK(cor_warnings_init(&w, 2) == COR_OK);
    cor_warn(&w, COR_WARN_OPTION, "a %d", 1);
    cor_warn(&w, COR_WARN_OPTION, "a %d", 1); /* the same message: kept once */
    CHECK(w.count == 1);
    cor_warn(&w, COR_WARN_SCENARIO, "b");
    cor_warn(&w, COR_WARN_SCENARIO, "c"); /* past the cap: counted */
    CHECK(w.count == 2 && w.dropped == 1);
    CHECK(strcmp(w.items[1].code, COR_WARN_SCENARIO) == 0 && strcmp(w.items[1].msg, "b") == 0);
    cor_warnings v;
    CHECK(cor_warnings_init(&v, 0) == COR_OK);
    cor_warnings_merge(&v, &w);
    CHECK(v.count == 2 && v.dropped == 1);
    cor_warn(NULL, "x", "nothing happens");
    cor_warnings_destroy(&v);
    cor_warnings_destroy(&w);
    cor_warnings_destroy(&w); /* twice: safe */
}

static void test_query_warnings(void)
{
    cor_warnings w;
    cor_warnings_init(&w, 0);
    cor_query q;
    cor_query_init(&q, 2026);
    cor_query_warnings(&q, &w);
    CHECK(w.count == 0); /* the defaults say nothing */
    q.value_of_time_usd_per_teu_day = 100;
    q.carbon_price_usd_per_t = 50;
    cor_query_warnings(&q, &w);
    CHECK(w.count == 2 && strstr(w.items[0].msg, "--value-of-time") && strstr(w.items[1].msg, "--carbon-price"));
    cor_warnings_destroy(&w);
    cor_warnings_init(&w, 0);
    q.by = COR_BY_GENERALIZED;
    cor_query_warnings(&q, &w);
    CHECK(w.count == 0); /* they count now */
    q.value_of_time_usd_per_teu_day = q.carbon_price_usd_per_t = 0;
    cor_query_warnings(&q, &w);
    CHECK(w.count == 1 && strstr(w.items[0].msg, "--by cost"));
    cor_warnings_destroy(&w);
}

static void test_route_warnings(void)
{
    cor_diag d;
    cor_diag_init(&d, 8);
    cor_network *net = NULL;
    cor_graph *g = NULL;
    CHECK(cor_network_load(HAND, &net, &d) == COR_OK);
    CHECK(net && cor_graph_build(net, &g, &d) == COR_OK);
    if (!g) {
        cor_network_free(net);
        cor_diag_destroy(&d);
        return;
    }
    uint32_t n1, n2, sg[1];
    cor_network_find_node(net, "N1", &n1, sg, 0);
    cor_network_find_node(net, "N2", &n2, sg, 0);
    for (int year = 2026; year <= 2030; year += 4) {
        cor_query q;
        cor_query_init(&q, year);
        cor_filter f;
        cor_workspace *ws = cor_workspace_new();
        cor_path p;
        cor_path_init(&p);
        cor_itinerary it;
        cor_itinerary_init(&it);
        cor_warnings w;
        cor_warnings_init(&w, 0);
        CHECK(cor_filter_init(&f, g, &q, &d) == COR_OK);
        CHECK(cor_shortest_path(&f, &q, ws, n1, n2, &p, &d) == COR_OK);
        CHECK(cor_itinerary_build(&it, &f, &q, &p, &d) == COR_OK);
        cor_itinerary_warnings(&it, &w);
        /* 2026: the open 300 km line Y1, nothing to say; 2030: the planned
         * 100 km line Y2, taken as open from 2030 */
        if (year == 2026)
            CHECK(w.count == 0);
        else
            CHECK(w.count == 1 && strstr(w.items[0].msg, "Y2") && strstr(w.items[0].msg, "planned") &&
                  strcmp(w.items[0].code, COR_WARN_ASSUMPTION) == 0);
        cor_warnings_destroy(&w);
        cor_itinerary_destroy(&it);
        cor_path_destroy(&p);
        cor_workspace_free(ws);
        cor_filter_destroy(&f);
    }
    cor_graph_free(g);
    cor_network_free(net);
    cor_diag_destroy(&d);
}

static void test_candidates(void)
{
    cor_diag d;
    cor_diag_init(&d, 8);
    cor_network *net = NULL;
    CHECK(cor_network_load(INSTC, &net, &d) == COR_OK);
    if (!net) {
        cor_diag_destroy(&d);
        return;
    }
    uint32_t c[4], x, sg[1];
    CHECK(cor_network_find_node(net, "Astara", &x, sg, 0) == COR_ENOTFOUND);
    CHECK(cor_network_find_candidates(net, "Astara", c, 4) == 2);
    CHECK(cor_network_find_candidates(net, "astara", c, 1) == 2); /* counted past max */
    CHECK(cor_network_find_candidates(net, "Moscow", c, 4) == 0); /* an exact name is no prefix of another */
    CHECK(cor_network_find_candidates(net, "", c, 4) == 0);
    CHECK(cor_network_find_candidates(net, "Astar", c, 4) == 0); /* whole words only */
    cor_network_free(net);
    cor_diag_destroy(&d);
}

/* Write a scenario file; its path in buf. */
static void write_scenario(char *buf, size_t size, const char *text)
{
    snprintf(buf, size, "/tmp/corridor-test-warn-%d.json", (int)getpid());
    FILE *f = fopen(buf, "w");
    CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void test_scenario_summary_and_service(void)
{
    char path[256], sum[512];
    cor_diag d;
    cor_diag_init(&d, 8);
    write_scenario(path, sizeof path,
                   "{\"name\": \"s\", \"description\": \"d\", \"source\": \"src\",\n"
                   " \"links\": [{\"op\": \"add_service\", \"id\": \"F1\", \"from\": \"P1\", \"to\": \"A\", \"mode\": "
                   "\"road\", \"distance_km\": 1200, \"headway_hours\": 168, \"source\": \"t\",\n"
                   "  \"transfer_dwell_hours\": 24, \"transfer_dwell_p95_hours\": 48, \"transfer_cost_usd\": 100, "
                   "\"transfer_co2e_kg\": 5},\n"
                   "  {\"op\": \"change\", \"id\": \"L1\", \"speed_kmh\": 60}],\n"
                   " \"scale\": [{\"what\": \"border_dwell_hours\", \"factor\": 2, \"nodes\": [\"C\", \"A\"]}],\n"
                   " \"close_passages\": [\"canal\"], \"year\": 2030}\n");
    cor_scenario *sc = NULL;
    CHECK(cor_scenario_load(path, &sc, &d) == COR_OK);
    if (sc) {
        CHECK(strcmp(cor_scenario_source(sc), "src") == 0);
        cor_scenario_summary(sc, sum, sizeof sum);
        CHECK(strcmp(sum, "links: add_service F1, change L1 (speed_kmh=60); scale border_dwell_hours x2 at C,A; "
                          "close canal; year 2030") == 0);
        char tiny[16];
        cor_scenario_summary(sc, tiny, sizeof tiny);
        CHECK(strlen(tiny) == 15 && strcmp(tiny + 12, "...") == 0);
        cor_network *net = NULL;
        CHECK(cor_network_load_with(HAND, &sc, 1, NULL, &net, &d) == COR_OK);
        if (net) {
            /* the link, and two rules: road>rail1435 at A, road>sea at P1 */
            CHECK(cor_network_find_link(net, "F1") != COR_NONE);
            uint32_t nt = cor_network_transfer_count(net), found = 0;
            for (uint32_t i = 0; i < nt; i++) {
                const cor_transfer *t = cor_network_transfer(net, i);
                const char *nid = cor_network_node(net, t->node)->id;
                const char *a = cor_network_class(net, t->from_cls)->name, *b = cor_network_class(net, t->to_cls)->name;
                if (strcmp(a, "road") == 0 && ((strcmp(nid, "A") == 0 && strcmp(b, "rail1435") == 0) ||
                                               (strcmp(nid, "P1") == 0 && strcmp(b, "sea") == 0))) {
                    found++;
                    CHECK(t->dwell_hours == 24 && t->dwell_p95_hours == 48 && t->cost_usd == 100 && t->co2e_kg == 5);
                    CHECK(t->kind == (strcmp(nid, "P1") == 0 ? COR_STOP_PORT : COR_STOP_TRANSFER));
                }
            }
            CHECK(found == 2 && nt == 3);
            /* A has no border crossing: the factor changes nothing there */
            const cor_warnings *w = cor_network_warnings(net);
            CHECK(w->count == 1 && strstr(w->items[0].msg, "$.scale[0].nodes[1]") &&
                  strcmp(w->items[0].code, COR_WARN_SCENARIO) == 0);
        }
        cor_network_free(net);
    }
    cor_scenario_free(sc);
    /* without the transfer values and no rule between the modes to copy: an
     * error at the op's path for each end */
    write_scenario(path, sizeof path,
                   "{\"name\": \"s\", \"links\": [{\"op\": \"add_service\", \"id\": \"F1\", \"from\": \"P1\", \"to\": "
                   "\"A\", \"mode\": \"road\", \"distance_km\": 1200, \"source\": \"t\"}]}");
    sc = NULL;
    cor_diag_clear(&d);
    CHECK(cor_scenario_load(path, &sc, &d) == COR_OK);
    if (sc) {
        cor_network *net = NULL;
        CHECK(cor_network_load_with(HAND, &sc, 1, NULL, &net, &d) == COR_EDATA);
        CHECK(net == NULL && d.count == 2 && strstr(d.items[0].msg, "$.links[0]: add_service needs a road>"));
    }
    cor_scenario_free(sc);
    unlink(path);
    cor_diag_destroy(&d);
}

const cor_test cor_tests_warn[] = {
    {"warn_list", test_warn_list},
    {"query_warnings", test_query_warnings},
    {"route_warnings", test_route_warnings},
    {"place_candidates", test_candidates},
    {"scenario_summary_and_service", test_scenario_summary_and_service},
    {NULL, NULL},
};
