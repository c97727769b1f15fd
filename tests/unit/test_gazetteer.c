/*
 * test_gazetteer.c -- unit tests of the city gazetteer (gazetteer.h) and of
 * first and last mile (access.h): keys, country qualifiers, lookup with
 * ambiguity and suggestions, every bad-line error with its file:line:column,
 * first and last mile legs worked by hand on tests/fixtures/gaz (see its
 * README.md), a first mile that never crosses a border, and the
 * multi-source search against cor_shortest_path on the shipped network.
 * A program of its own (test_gazetteer), ending in "N passed, N failed".
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COR_ALLOC_IMPLEMENTATION
#include "../../src/core/alloc.h"
#include "corridor/access.h"
#include "corridor/gazetteer.h"
#include "corridor/graph.h"
#include "corridor/model.h"
#include "corridor/report.h"
#include "corridor/route.h"
#include "runner.h"

int cor_test_failures;

#define GAZ CORRIDOR_SOURCE_DIR "/tests/fixtures/gaz"
#define INSTC CORRIDOR_SOURCE_DIR "/data/instc"
#define DEG_KM (6371.0088 * M_PI / 180.0) /* one degree of longitude on the equator */

static void test_keys(void)
{
    char k[64];
    cor_place_key("Isfahān", k, sizeof k);
    CHECK(strcmp(k, "isfahan") == 0);
    cor_place_key("  ZÜRICH--süd ", k, sizeof k);
    CHECK(strcmp(k, "zurich sud") == 0);
    cor_place_key("St. Petersburg", k, sizeof k);
    CHECK(strcmp(k, "st petersburg") == 0);
    cor_place_key("Ma'rib", k, sizeof k);
    CHECK(strcmp(k, "marib") == 0);
    cor_place_key("Sa\xCA\xBB" "dah", k, sizeof k); /* U+02BB */
    CHECK(strcmp(k, "sadah") == 0);
    cor_place_key("Straße", k, sizeof k);
    CHECK(strcmp(k, "strasse") == 0);
    cor_place_key("Łódź", k, sizeof k);
    CHECK(strcmp(k, "lodz") == 0);
    cor_place_key("Āstārā", k, sizeof k);
    CHECK(strcmp(k, "astara") == 0);
    cor_place_key("Москва", k, sizeof k); /* beyond Latin: kept as it is */
    CHECK(strcmp(k, "Москва") == 0);
    cor_place_key("a\xFF" "b", k, sizeof k); /* an invalid byte separates */
    CHECK(strcmp(k, "a b") == 0);
    CHECK(cor_place_key("--", k, sizeof k) == 0 && k[0] == '\0');
    char small[4];
    CHECK(cor_place_key("Ürümqi", small, sizeof small) == 3 && strcmp(small, "uru") == 0);
}

static void test_split(void)
{
    char n[64], c[3];
    cor_place_split("Astara, IR", n, sizeof n, c);
    CHECK(strcmp(n, "Astara") == 0 && strcmp(c, "IR") == 0);
    cor_place_split("Astara (az)", n, sizeof n, c);
    CHECK(strcmp(n, "Astara") == 0 && strcmp(c, "AZ") == 0);
    cor_place_split("Astara,IR ", n, sizeof n, c);
    CHECK(strcmp(n, "Astara") == 0 && strcmp(c, "IR") == 0);
    cor_place_split("Pune", n, sizeof n, c);
    CHECK(strcmp(n, "Pune") == 0 && c[0] == '\0');
    cor_place_split("(IR)", n, sizeof n, c);
    CHECK(strcmp(n, "(IR)") == 0 && c[0] == '\0');
    cor_place_split("Rostov-on-Don", n, sizeof n, c);
    CHECK(strcmp(n, "Rostov-on-Don") == 0 && c[0] == '\0');
}

static cor_gazetteer *fixture(void)
{
    cor_diag d;
    cor_diag_init(&d, 10);
    cor_gazetteer *gz = NULL;
    CHECK(cor_gazetteer_load(GAZ "/cities.tsv", &gz, &d) == COR_OK);
    cor_diag_destroy(&d);
    return gz;
}

static const cor_city *find1(const cor_gazetteer *gz, const char *q, uint32_t *n)
{
    uint32_t m[8];
    *n = 0;
    if (cor_gazetteer_find(gz, q, m, 8, n) != COR_OK)
        return NULL;
    return cor_gazetteer_city(gz, m[0]);
}

static void test_lookup(void)
{
    cor_gazetteer *gz = fixture();
    if (!gz)
        return;
    CHECK(cor_gazetteer_count(gz) == 8);
    CHECK(strstr(cor_gazetteer_about(gz), "hand-made") != NULL);
    uint32_t n;
    const cor_city *c = find1(gz, "Cityville", &n);
    CHECK(c && c->geonameid == 1 && n == 1 && strcmp(c->country, "XA") == 0);
    c = find1(gz, "CITYVILLE", &n);
    CHECK(c && c->geonameid == 1);
    c = find1(gz, "zurich sud", &n); /* accents and the hyphen */
    CHECK(c && c->geonameid == 5 && strcmp(c->name, "Zürich-Süd") == 0);
    CHECK_NEAR(c ? c->lon : 0, 0.2, 1e-12);
    /* ambiguous: the most populous first, all counted */
    c = find1(gz, "springfield", &n);
    CHECK(c && c->geonameid == 4 && n == 2 && c->population == 5000);
    c = find1(gz, "Springfield, XA", &n);
    CHECK(c && c->geonameid == 3 && n == 1);
    c = find1(gz, "Springfield (XA)", &n);
    CHECK(c && c->geonameid == 3 && n == 1);
    c = find1(gz, "Springfield, XC", &n);
    CHECK(!c && n == 0);
    c = find1(gz, "Nowhere", &n);
    CHECK(!c && n == 0);
    /* suggestions: nearest spelling, then the most populous */
    uint32_t s[3];
    CHECK(cor_gazetteer_suggest(gz, "Springfeild", s, 3) == 2);
    CHECK(cor_gazetteer_city(gz, s[0])->geonameid == 4); /* Springfield, one transposition, 5,000 people */
    CHECK(cor_gazetteer_city(gz, s[1])->geonameid == 8); /* Springfeld, one deletion, 100 */
    CHECK(cor_gazetteer_suggest(gz, "Citiville", s, 3) == 1 && cor_gazetteer_city(gz, s[0])->geonameid == 1);
    CHECK(cor_gazetteer_suggest(gz, "Qqqqqqqq", s, 3) == 0 && s[0] == UINT32_MAX);
    cor_gazetteer_free(gz);
    cor_gazetteer_free(NULL);
}

/* Parse text; the first error's line and column and a piece of its message. */
static void bad(const char *text, cor_status want, uint32_t line, uint32_t col, const char *msg)
{
    cor_diag d;
    cor_diag_init(&d, 10);
    cor_gazetteer *gz = (cor_gazetteer *)1;
    cor_status s = cor_gazetteer_parse(text, strlen(text), "t.tsv", &gz, &d);
    CHECK(s == want);
    CHECK(gz == NULL);
    if (d.count) {
        CHECK(strcmp(d.items[0].file, "t.tsv") == 0);
        CHECK(d.items[0].line == line);
        CHECK(d.items[0].col == col);
        if (!strstr(d.items[0].msg, msg) || d.items[0].line != line || d.items[0].col != col)
            fprintf(stderr, "  got %u:%u: %s (wanted %u:%u: ...%s...)\n", d.items[0].line, d.items[0].col,
                    d.items[0].msg, line, col, msg);
        CHECK(strstr(d.items[0].msg, msg) != NULL);
    } else {
        CHECK(!"an error was expected");
    }
    cor_diag_destroy(&d);
}

static void test_bad_lines(void)
{
    const char *ok = "1\tA\tXA\t\t0\t0\t0\t\n";
    cor_diag d;
    cor_diag_init(&d, 10);
    cor_gazetteer *gz = NULL;
    CHECK(cor_gazetteer_parse(ok, strlen(ok), "t.tsv", &gz, &d) == COR_OK && cor_gazetteer_count(gz) == 1);
    cor_gazetteer_free(gz);
    /* CRLF, a BOM, comments and empty lines are fine; an empty file is an empty gazetteer */
    const char *crlf = "\xEF\xBB\xBF# about\r\n\r\n1\tA\tXA\t\t0\t0\t0\tPPL\r\n";
    CHECK(cor_gazetteer_parse(crlf, strlen(crlf), "t.tsv", &gz, &d) == COR_OK && cor_gazetteer_count(gz) == 1);
    CHECK(gz && strcmp(cor_gazetteer_city(gz, 0)->feature, "PPL") == 0);
    cor_gazetteer_free(gz);
    CHECK(cor_gazetteer_parse("", 0, "t.tsv", &gz, &d) == COR_OK && cor_gazetteer_count(gz) == 0);
    cor_gazetteer_free(gz);
    cor_diag_destroy(&d);

    bad("# x\n1\tA\tXA\t\t0\t0\t0\n", COR_EDATA, 2, 14, "7 fields where 8 are expected");
    bad("1\tA\tXA\t\t0\t0\t0\t\tx\n", COR_EDATA, 1, 16, "more than 8 fields");
    bad("x1\tA\tXA\t\t0\t0\t0\t\n", COR_EDATA, 1, 1, "geonameid");
    bad("0\tA\tXA\t\t0\t0\t0\t\n", COR_EDATA, 1, 1, "geonameid");
    bad("4294967296\tA\tXA\t\t0\t0\t0\t\n", COR_EDATA, 1, 1, "geonameid");
    bad("1\t\tXA\t\t0\t0\t0\t\n", COR_EDATA, 1, 3, "name: empty");
    bad("1\t   \tXA\t\t0\t0\t0\t\n", COR_EDATA, 1, 3, "name: empty");
    bad("1\tA\x1b[2J\tXA\t\t0\t0\t0\t\n", COR_EDATA, 1, 4, "control character U+001B");
    bad("1\tA\xC3\tXA\t\t0\t0\t0\t\n", COR_EDATA, 1, 4, "invalid UTF-8");
    bad("1\tA\tXAB\t\t0\t0\t0\t\n", COR_EDATA, 1, 5, "country");
    bad("1\tA\txa\t\t0\t0\t0\t\n", COR_EDATA, 1, 5, "country");
    bad("1\tA\tXA\ta b\t0\t0\t0\t\n", COR_EDATA, 1, 8, "admin1");
    bad("1\tA\tXA\t\t91\t0\t0\t\n", COR_EDATA, 1, 9, "lat");
    bad("1\tA\tXA\t\tnan\t0\t0\t\n", COR_EDATA, 1, 9, "lat");
    bad("1\tA\tXA\t\t0\t-180.5\t0\t\n", COR_EDATA, 1, 11, "lon");
    bad("1\tA\tXA\t\t0\t0x10\t0\t\n", COR_EDATA, 1, 11, "lon");
    bad("1\tA\tXA\t\t0\t0\t-1\t\n", COR_EDATA, 1, 13, "population");
    bad("1\tA\tXA\t\t0\t0\t1e3\t\n", COR_EDATA, 1, 13, "population");
    bad("1\tA\tXA\t\t0\t0\t0\tP P\n", COR_EDATA, 1, 15, "feature");
    char nul[] = "1\tA\tXA\t\t0\t0\t0\t\n2\tB\0\tXA\t\t0\t0\t0\t\n";
    {
        cor_diag_init(&d, 10);
        CHECK(cor_gazetteer_parse(nul, sizeof nul - 1, "t.tsv", &gz, &d) == COR_EDATA);
        CHECK(d.count && d.items[0].line == 2 && d.items[0].col == 4);
        cor_diag_destroy(&d);
    }
    /* a line too long */
    size_t big = COR_GAZ_MAX_LINE + 100;
    char *lng = malloc(big + 2);
    if (lng) {
        memset(lng, 'a', big);
        lng[big] = '\n';
        lng[big + 1] = '\0';
        bad(lng, COR_ELIMIT, 1, COR_GAZ_MAX_LINE + 1, "longer than");
        free(lng);
    }
    /* every bad line is reported, not only the first */
    const char *two = "x\tA\tXA\t\t0\t0\t0\t\n1\tA\tXA\t\t0\t0\t0\t\n2\tB\tXA\t\t99\t0\t0\t\n";
    cor_diag_init(&d, 10);
    CHECK(cor_gazetteer_parse(two, strlen(two), "t.tsv", &gz, &d) == COR_EDATA);
    CHECK(d.count == 2 && d.items[1].line == 3 && d.items[1].col == 9);
    cor_diag_destroy(&d);
    /* a missing file */
    cor_diag_init(&d, 10);
    CHECK(cor_gazetteer_load(GAZ "/no-such-file.tsv", &gz, &d) == COR_EIO && gz == NULL);
    cor_diag_destroy(&d);
}

typedef struct world {
    cor_network *net;
    cor_graph *g;
    cor_gazetteer *gz;
} world;

static int open_world(world *w, const char *dir)
{
    cor_diag d;
    cor_diag_init(&d, 10);
    memset(w, 0, sizeof *w);
    int ok = cor_network_load(dir, &w->net, &d) == COR_OK && cor_graph_build(w->net, &w->g, &d) == COR_OK;
    CHECK(ok);
    for (size_t i = 0; i < d.count; i++)
        fprintf(stderr, "  %s:%u:%u: %s\n", d.items[i].file, d.items[i].line, d.items[i].col, d.items[i].msg);
    cor_diag_destroy(&d);
    w->gz = fixture();
    return ok && w->gz;
}

static void close_world(world *w)
{
    cor_gazetteer_free(w->gz);
    cor_graph_free(w->g);
    cor_network_free(w->net);
}

static uint32_t node(const cor_network *net, const char *id)
{
    uint32_t n = COR_NONE, s[1];
    cor_network_find_node(net, id, &n, s, 1);
    return n;
}

/* Route city -> node (or node -> city with last = 1) and build the
 * itinerary with its first or last mile. */
static cor_status go(world *w, cor_query *q, const char *city, const char *nodeid, int last, cor_itinerary *it,
                     cor_access_leg *leg, cor_access_end *ae)
{
    cor_diag d;
    cor_diag_init(&d, 4);
    cor_filter f;
    uint32_t n;
    const cor_city *c = find1(w->gz, city, &n);
    cor_status s = cor_filter_init(&f, w->g, q, &d);
    if (s == COR_OK)
        s = cor_access_candidates(&f, q, c, last, ae, &d);
    cor_workspace *ws = cor_workspace_new();
    cor_path p;
    cor_path_init(&p);
    cor_access_leg first, lastl;
    uint32_t nd = node(w->net, nodeid);
    if (s == COR_OK)
        s = cor_access_route(&f, q, ws, nd, last ? NULL : ae, nd, last ? ae : NULL, &p, &first, &lastl, &d);
    cor_itinerary_init(it);
    if (s == COR_OK) {
        s = cor_itinerary_build(it, &f, q, &p, &d);
        cor_itinerary_set_access(it, &first, &lastl);
        *leg = last ? lastl : first;
        CHECK(!(last ? first.present : lastl.present));
    }
    cor_path_destroy(&p);
    cor_workspace_free(ws);
    cor_filter_destroy(&f);
    cor_diag_destroy(&d);
    return s;
}

static void test_first_mile_by_hand(void)
{
    world w;
    if (!open_world(&w, GAZ)) {
        close_world(&w);
        return;
    }
    cor_query q;
    cor_query_init(&q, 2026);
    cor_itinerary it;
    cor_access_leg l;
    cor_access_end *ae = malloc(sizeof *ae);
    /* Cityville -> Hub: by T1 (README.md) */
    CHECK(go(&w, &q, "Cityville", "H", 0, &it, &l, ae) == COR_OK);
    CHECK(ae->n == 2); /* T1 and T2; H is in XB */
    CHECK(l.present && l.node == node(w.net, "T1"));
    double gc = 0.2 * DEG_KM, road = gc * 1.3;
    CHECK_NEAR(l.great_circle_km, gc, 1e-6);
    CHECK_NEAR(l.distance_km, road, 1e-6);
    CHECK_NEAR(l.hours, road / 50 * 1.5, 1e-9);
    CHECK_NEAR(l.cost_usd, road * 1.0, 1e-9); /* XA's road rate from rates.csv */
    CHECK_NEAR(l.co2e_kg, road * 10 * 100 / 1000, 1e-9);
    CHECK(strstr(l.rate_basis, "rates.csv") != NULL);
    CHECK_NEAR(it.totals.hours, road / 50 * 1.5 + 2 + 3 + 2, 1e-9);
    CHECK_NEAR(it.totals.cost_usd, road + 10 + 300 + 10, 1e-9);
    CHECK_NEAR(it.totals.distance_km, road + 300, 1e-9);
    CHECK(it.first_mile_seq == 1 && it.nlegs == 1 && it.legs[0].seq == 3 && it.stops[0].seq == 2);
    cor_itinerary_destroy(&it);
    /* by cost too */
    q.by = COR_BY_COST;
    CHECK(go(&w, &q, "Cityville", "H", 0, &it, &l, ae) == COR_OK && l.node == node(w.net, "T1"));
    cor_itinerary_destroy(&it);
    q.by = COR_BY_TIME;
    /* Twoton is nearer T2 */
    CHECK(go(&w, &q, "Twoton", "H", 0, &it, &l, ae) == COR_OK && l.node == node(w.net, "T2"));
    CHECK_NEAR(l.distance_km, 0.1 * DEG_KM * 1.3, 1e-6);
    cor_itinerary_destroy(&it);
    /* the last mile: Hub -> Cityville, the same legs the other way */
    CHECK(go(&w, &q, "Cityville", "H", 1, &it, &l, ae) == COR_OK && l.last && l.node == node(w.net, "T1"));
    CHECK_NEAR(it.totals.hours, road / 50 * 1.5 + 7, 1e-9);
    CHECK(it.last_mile_seq == 4 && it.first_mile_seq == 0);
    cor_itinerary_destroy(&it);
    /* a city with no node of its own country: no first mile, and why */
    {
        cor_diag d;
        cor_diag_init(&d, 2);
        cor_filter f;
        uint32_t n;
        CHECK(cor_filter_init(&f, w.g, &q, &d) == COR_OK);
        const cor_city *c = find1(w.gz, "Lonely", &n);
        CHECK(c && cor_access_candidates(&f, &q, c, 0, ae, &d) == COR_ENOROUTE && ae->n == 0);
        CHECK(d.count && strstr(d.items[0].msg, "no terminal or road node of XC") != NULL);
        /* a first mile is by road: --modes without road has none */
        cor_diag_clear(&d);
        cor_query q2 = q;
        q2.modes = 1u << COR_MODE_RAIL;
        c = find1(w.gz, "Cityville", &n);
        CHECK(cor_access_candidates(&f, &q2, c, 0, ae, &d) == COR_ENOROUTE && strstr(d.items[0].msg, "--modes"));
        cor_filter_destroy(&f);
        cor_diag_destroy(&d);
    }
    free(ae);
    close_world(&w);
}

static void test_first_mile_no_border(void)
{
    world w;
    if (!open_world(&w, GAZ)) {
        close_world(&w);
        return;
    }
    cor_query q;
    cor_query_init(&q, 2026);
    cor_itinerary it;
    cor_access_leg l;
    cor_access_end *ae = malloc(sizeof *ae);
    /* Borderton is 5.6 km from H, which lies across the border: the first mile goes to T2 */
    CHECK(go(&w, &q, "Borderton", "H", 0, &it, &l, ae) == COR_OK);
    CHECK(l.node == node(w.net, "T2"));
    CHECK_NEAR(l.great_circle_km, 0.95 * DEG_KM, 1e-6);
    for (uint32_t i = 0; i < ae->n; i++) /* no candidate in another country */
        CHECK(strcmp(cor_network_node(w.net, ae->cand[i].node)->country, "XA") == 0);
    cor_itinerary_destroy(&it);
    /* on the shipped network too: every candidate of each city is in its country */
    world s;
    cor_diag d;
    cor_diag_init(&d, 4);
    memset(&s, 0, sizeof s);
    if (cor_network_load(INSTC, &s.net, &d) == COR_OK && cor_graph_build(s.net, &s.g, &d) == COR_OK) {
        cor_filter f;
        CHECK(cor_filter_init(&f, s.g, &q, &d) == COR_OK);
        /* cities near borders: Astara (IR, 1 km from Azerbaijan), Sarakhs-like places, Batumi's neighbours */
        static const struct { const char *name, *cc; double lat, lon; } near[] = {
            {"Astara", "IR", 38.4291, 48.872}, {"Astara", "AZ", 38.456, 48.875}, {"Sarakhs", "IR", 36.545, 61.157},
            {"Kars", "TR", 40.6, 43.1}, {"Narva", "EE", 59.38, 28.19}, {"Brest", "BY", 52.1, 23.7}};
        for (size_t i = 0; i < sizeof near / sizeof near[0]; i++) {
            cor_city c = {.geonameid = 1, .population = 1, .name = near[i].name, .key = "", .admin1 = "",
                          .feature = "", .lat = near[i].lat, .lon = near[i].lon};
            memcpy(c.country, near[i].cc, 3);
            cor_status st = cor_access_candidates(&f, &q, &c, 0, ae, &d);
            CHECK(st == COR_OK || st == COR_ENOROUTE);
            for (uint32_t k = 0; st == COR_OK && k < ae->n; k++)
                CHECK(strcmp(cor_network_node(s.net, ae->cand[k].node)->country, near[i].cc) == 0);
            cor_diag_clear(&d);
        }
        cor_filter_destroy(&f);
    }
    cor_graph_free(s.g);
    cor_network_free(s.net);
    cor_diag_destroy(&d);
    free(ae);
    close_world(&w);
}

/* cor_shortest_path_multi from every state of one node (with its terminal
 * handling) to every state of another is cor_shortest_path. */
static void test_multi_is_single(void)
{
    cor_diag d;
    cor_diag_init(&d, 4);
    cor_network *net = NULL;
    cor_graph *g = NULL;
    if (cor_network_load(INSTC, &net, &d) != COR_OK || cor_graph_build(net, &g, &d) != COR_OK) {
        CHECK(!"the shipped network loads");
        cor_diag_destroy(&d);
        cor_network_free(net);
        return;
    }
    static const char *const pairs[][2] = {{"INNSA", "RUMOW"}, {"JNPT", "Almaty"}, {"Tehran", "Baku"},
                                           {"Mumbai", "Rotterdam"}, {"Tughlakabad", "Minsk"}, {"Moscow", "Chabahar"}};
    cor_workspace *ws = cor_workspace_new();
    for (int by = 0; by < 3; by++)
        for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
            cor_query q;
            cor_query_init(&q, 2026);
            q.by = (cor_objective)by;
            cor_filter f;
            CHECK(cor_filter_init(&f, g, &q, &d) == COR_OK);
            uint32_t a = node(net, pairs[i][0]), b = node(net, pairs[i][1]);
            cor_path p1, p2;
            cor_path_init(&p1);
            cor_path_init(&p2);
            cor_status s1 = cor_shortest_path(&f, &q, ws, a, b, &p1, &d);
            cor_state_weight src[64], dst[64];
            uint32_t ns = 0, nd = 0;
            for (uint32_t s = g->node_first_state[a]; s < g->node_first_state[a + 1] && ns < 64; s++)
                src[ns++] = (cor_state_weight){s, f.term_w[s]};
            for (uint32_t s = g->node_first_state[b]; s < g->node_first_state[b + 1] && nd < 64; s++)
                dst[nd++] = (cor_state_weight){s, f.term_w[s]};
            cor_status s2 = cor_shortest_path_multi(&f, &q, ws, src, ns, dst, nd, &p2, &d);
            CHECK(s1 == s2);
            if (s1 == COR_OK && s2 == COR_OK) {
                CHECK_NEAR(p1.weight, p2.weight, 1e-9 * (1 + p1.weight));
                CHECK(p2.from_node == a && p2.to_node == b);
            }
            cor_path_destroy(&p1);
            cor_path_destroy(&p2);
            cor_filter_destroy(&f);
        }
    cor_workspace_free(ws);
    cor_graph_free(g);
    cor_network_free(net);
    cor_diag_destroy(&d);
}

/* Property: on the shipped network, a city near each of its places (a
 * synthetic city 0.05 degree north-east of every node that is not a sea
 * waypoint, in the node's country) routes to several destinations, by time
 * and by cost, from and to the city: every route found leaves from a
 * candidate of the city's country and passes no place twice. */
static void test_city_routes_loop_free(void)
{
    cor_diag d;
    cor_diag_init(&d, 4);
    cor_network *net = NULL;
    cor_graph *g = NULL;
    if (cor_network_load(INSTC, &net, &d) != COR_OK || cor_graph_build(net, &g, &d) != COR_OK) {
        CHECK(!"the shipped network loads");
        cor_network_free(net);
        cor_diag_destroy(&d);
        return;
    }
    static const char *const dst[] = {"RUMOW", "KZ-ALMATY", "INNSA", "IRTHR"};
    cor_workspace *ws = cor_workspace_new();
    cor_access_end *ae = malloc(sizeof *ae);
    long routes = 0;
    for (int by = 0; by < 2 && ae; by++) {
        cor_query q;
        cor_query_init(&q, 2026);
        q.by = by ? COR_BY_COST : COR_BY_TIME;
        cor_filter f;
        CHECK(cor_filter_init(&f, g, &q, &d) == COR_OK);
        for (uint32_t i = 0; i < cor_network_node_count(net); i++) {
            const cor_node *n = cor_network_node(net, i);
            if (!n->country || strlen(n->country) != 2 || strcmp(n->kind, "waypoint") == 0)
                continue;
            cor_city c = {.geonameid = i + 1, .population = 1, .name = n->name, .key = "", .admin1 = "",
                          .feature = "", .lat = n->lat + 0.05, .lon = n->lon + 0.05};
            memcpy(c.country, n->country, 3);
            for (int last = 0; last < 2; last++) {
                cor_diag_clear(&d);
                if (cor_access_candidates(&f, &q, &c, last, ae, &d) != COR_OK)
                    continue;
                for (size_t k = 0; k < sizeof dst / sizeof *dst; k++) {
                    uint32_t to = node(net, dst[k]);
                    cor_path p;
                    cor_path_init(&p);
                    cor_access_leg a, b;
                    cor_status st = last ? cor_access_route(&f, &q, ws, to, NULL, 0, ae, &p, &a, &b, &d)
                                         : cor_access_route(&f, &q, ws, 0, ae, to, NULL, &p, &a, &b, &d);
                    CHECK(st == COR_OK || st == COR_ENOROUTE);
                    if (st == COR_OK) {
                        routes++;
                        const cor_access_leg *l = last ? &b : &a;
                        CHECK(l->present && strcmp(cor_network_node(net, l->node)->country, c.country) == 0);
                        CHECK(cor_path_repeated_node(&f, &p, NULL) == 0);
                    }
                    cor_path_destroy(&p);
                }
            }
        }
        cor_filter_destroy(&f);
    }
    CHECK(routes > 200);
    free(ae);
    cor_workspace_free(ws);
    cor_graph_free(g);
    cor_network_free(net);
    cor_diag_destroy(&d);
}

/* One city route on the fixture with every allocation of the library
 * counted: the gazetteer parse, the candidates, the search, the itinerary. */
static cor_status oom_run(const cor_graph *g, const char *text, size_t len)
{
    cor_diag d;
    if (cor_diag_init(&d, 4) != COR_OK)
        return COR_ENOMEM;
    cor_gazetteer *gz = NULL;
    cor_query q;
    cor_query_init(&q, 2026);
    cor_filter f;
    memset(&f, 0, sizeof f);
    cor_workspace *ws = NULL;
    cor_path p;
    cor_path_init(&p);
    cor_itinerary it;
    cor_itinerary_init(&it);
    cor_access_end ae;
    cor_access_leg first, last;
    uint32_t m[2], n;
    cor_status s = cor_gazetteer_parse(text, len, "t.tsv", &gz, &d);
    if (s == COR_OK && cor_gazetteer_find(gz, "Cityville", m, 2, &n) != COR_OK)
        s = COR_EINTERNAL;
    if (s == COR_OK)
        s = cor_filter_init(&f, g, &q, &d);
    if (s == COR_OK)
        s = cor_access_candidates(&f, &q, cor_gazetteer_city(gz, m[0]), 0, &ae, &d);
    if (s == COR_OK && !(ws = cor_workspace_new()))
        s = COR_ENOMEM;
    if (s == COR_OK)
        s = cor_access_route(&f, &q, ws, 0, &ae, 2, NULL, &p, &first, &last, &d);
    if (s == COR_OK)
        s = cor_itinerary_build(&it, &f, &q, &p, &d);
    if (s == COR_OK) {
        cor_itinerary_set_access(&it, &first, &last);
        if (fabs(it.totals.hours - (0.2 * DEG_KM * 1.3 / 50 * 1.5 + 7)) > 1e-9)
            s = COR_EINTERNAL;
    }
    cor_itinerary_destroy(&it);
    cor_path_destroy(&p);
    cor_workspace_free(ws);
    cor_filter_destroy(&f);
    cor_gazetteer_free(gz);
    cor_diag_destroy(&d);
    return s;
}

static void test_alloc_failures(void)
{
    cor_diag d;
    cor_diag_init(&d, 4);
    cor_network *net = NULL;
    cor_graph *g = NULL;
    if (cor_network_load(GAZ, &net, &d) != COR_OK || cor_graph_build(net, &g, &d) != COR_OK) {
        CHECK(!"the fixture loads");
        cor_network_free(net);
        cor_diag_destroy(&d);
        return;
    }
    CHECK(node(net, "T1") == 0 && node(net, "H") == 2);
    FILE *fp = fopen(GAZ "/cities.tsv", "rb");
    char text[4096];
    size_t len = fp ? fread(text, 1, sizeof text, fp) : 0;
    if (fp)
        fclose(fp);
    cor_alloc_fail_at(0);
    CHECK(oom_run(g, text, len) == COR_OK);
    long total = cor_alloc_count(), enomem = 0, other = 0;
    CHECK(total > 5);
    for (long k = 1; k <= total; k++) {
        cor_alloc_fail_at(k);
        cor_status s = oom_run(g, text, len);
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
    cor_graph_free(g);
    cor_network_free(net);
    cor_diag_destroy(&d);
}

static const cor_test tests[] = {
    {"gazetteer_keys", test_keys},
    {"gazetteer_split", test_split},
    {"gazetteer_lookup", test_lookup},
    {"gazetteer_bad_lines", test_bad_lines},
    {"first_mile_by_hand", test_first_mile_by_hand},
    {"first_mile_no_border", test_first_mile_no_border},
    {"multi_source_is_single", test_multi_is_single},
    {"city_routes_loop_free", test_city_routes_loop_free},
    {"gazetteer_alloc_failures", test_alloc_failures},
    {NULL, NULL},
};

int main(int argc, char **argv)
{
    int passed = 0, failed = 0;
    for (const cor_test *t = tests; t->name; t++) {
        if (argc > 1) {
            int want = 0;
            for (int k = 1; k < argc; k++)
                want |= strcmp(argv[k], t->name) == 0;
            if (!want)
                continue;
        }
        int before = cor_test_failures;
        t->fn();
        if (cor_test_failures == before) {
            passed++;
            fprintf(stderr, "ok   %s\n", t->name);
        } else {
            failed++;
            fprintf(stderr, "FAIL %s\n", t->name);
        }
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
