/*
 * test_main.c -- unit tests of libcorridor: CSV reading, loading and
 * validation, lookup, the graph's invariants, hand-worked routes, and
 * Dijkstra against brute force on random networks.
 */
#include <errno.h>
#include <gsl/gsl_rng.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/core/csvread.h"
#define COR_ALLOC_IMPLEMENTATION
#include "../../src/core/alloc.h"
#include "corridor/alternatives.h"
#include "corridor/compare.h"
#include "corridor/graph.h"
#include "corridor/model.h"
#include "corridor/report.h"
#include "corridor/route.h"
#include "corridor/scenario.h"
#include "corridor/tcd.h"
#include "runner.h"

#define load(dir) cor_test_load(dir)
#define node(net, q) cor_test_node(net, q)

#include <jansson.h>

int cor_test_failures;

#define FIXTURE(name) CORRIDOR_SOURCE_DIR "/tests/fixtures/" name
#define INSTC CORRIDOR_SOURCE_DIR "/data/instc"

/* ---- helpers -------------------------------------------------------- */

typedef struct rows {
    size_t n;
    char text[64][8][64];
    uint32_t line[64][8], col[64][8];
    size_t nf[64];
} rows;

static cor_status collect(void *ud, const cor_csv_field *f, size_t n, uint32_t el, uint32_t ec)
{
    (void)el;
    (void)ec;
    rows *r = ud;
    if (r->n >= 64)
        return COR_OK;
    r->nf[r->n] = n;
    for (size_t i = 0; i < n && i < 8; i++) {
        snprintf(r->text[r->n][i], 64, "%s", f[i].s);
        r->line[r->n][i] = f[i].line;
        r->col[r->n][i] = f[i].col;
    }
    r->n++;
    return COR_OK;
}

static cor_status parse(const char *s, size_t len, rows *r, cor_diag *d)
{
    memset(r, 0, sizeof *r);
    cor_diag_clear(d);
    return cor_csv_parse_mem(s, len, "t.csv", collect, r, d);
}

/* Route and build the itinerary; returns the status. */
static cor_status route(const cor_graph *g, cor_query *q, const char *from, const char *to,
                        cor_itinerary *it)
{
    cor_diag d;
    cor_diag_init(&d, 10);
    cor_filter f;
    cor_status s = cor_filter_init(&f, g, q, &d);
    cor_workspace *ws = cor_workspace_new();
    cor_path p;
    cor_path_init(&p);
    if (s == COR_OK)
        s = cor_shortest_path(&f, q, ws, node(g->net, from), node(g->net, to), &p, &d);
    if (s == COR_OK)
        s = cor_itinerary_build(it, &f, q, &p, &d);
    cor_path_destroy(&p);
    cor_workspace_free(ws);
    cor_filter_destroy(&f);
    cor_diag_destroy(&d);
    return s;
}

/* ---- tests ---------------------------------------------------------- */

static void test_status_table(void)
{
    int codes[] = {cor_status_exit_code(COR_OK), cor_status_exit_code(COR_ENOROUTE),
                   cor_status_exit_code(COR_EUSAGE), cor_status_exit_code(COR_EDATA),
                   cor_status_exit_code(COR_EINTERNAL)};
    for (int i = 0; i < 5; i++)
        for (int j = i + 1; j < 5; j++)
            CHECK(codes[i] != codes[j]);
    CHECK(codes[0] == 0);
    CHECK(strcmp(cor_status_name(COR_EDATA), "EDATA") == 0);
    CHECK(cor_status_http(COR_ENOTFOUND) == 404);
}

static void test_csv_positions(void)
{
    cor_diag d;
    cor_diag_init(&d, 10);
    rows r;
    const char *s = "a,bb\r\n\"x,y\",z\n\n  q , \"w\"\"v\"\n";
    CHECK(parse(s, strlen(s), &r, &d) == COR_OK);
    CHECK(r.n == 3);
    CHECK(strcmp(r.text[1][0], "x,y") == 0);
    CHECK(r.line[1][0] == 2 && r.col[1][0] == 1);
    CHECK(r.line[1][1] == 2 && r.col[1][1] == 7);
    CHECK(r.line[0][1] == 1 && r.col[0][1] == 3);
    CHECK(r.line[2][0] == 4 && r.col[2][0] == 1);
    CHECK(strcmp(r.text[2][0], "q") == 0);
    CHECK(strcmp(r.text[2][1], "w\"v") == 0);
    /* BOM skipped; last record without a newline */
    const char *bom = "\xEF\xBB\xBFid,x\n1,2";
    CHECK(parse(bom, strlen(bom), &r, &d) == COR_OK);
    CHECK(r.n == 2 && strcmp(r.text[0][0], "id") == 0 && strcmp(r.text[1][1], "2") == 0);
    cor_diag_destroy(&d);
}

static void test_csv_bad(void)
{
    cor_diag d;
    cor_diag_init(&d, 10);
    rows r;
    CHECK(parse("", 0, &r, &d) == COR_EDATA);
    const char nul[] = "a,b\nc,\0d\n";
    CHECK(parse(nul, sizeof nul - 1, &r, &d) == COR_EDATA);
    CHECK(d.count == 1 && d.items[0].line == 2 && d.items[0].col == 3 && strstr(d.items[0].msg, "NUL"));
    const char *utf = "a,b\nc,\xC3\x28\n";
    CHECK(parse(utf, strlen(utf), &r, &d) == COR_EDATA);
    CHECK(d.count == 1 && d.items[0].line == 2 && d.items[0].col == 3 && strstr(d.items[0].msg, "UTF-8"));
    const char *open = "a,b\nc,\"unterminated\n";
    CHECK(parse(open, strlen(open), &r, &d) == COR_EDATA);
    CHECK(d.count == 1 && strstr(d.items[0].msg, "unterminated") && d.items[0].line == 2 && d.items[0].col == 3);
    const char *junk = "a,b\n\"x\"y,z\n";
    CHECK(parse(junk, strlen(junk), &r, &d) == COR_EDATA);
    CHECK(d.count == 1 && d.items[0].line == 2);
    size_t big = COR_CSV_MAX_FIELD + 10;
    char *b = malloc(big + 8);
    memcpy(b, "a,b\n", 4);
    memset(b + 4, 'x', big);
    CHECK(parse(b, big + 4, &r, &d) == COR_ELIMIT);
    CHECK(d.count == 1 && d.items[0].line == 2 && d.items[0].col == 1);
    free(b);
    char many[512] = "";
    for (int i = 0; i < 70; i++)
        strcat(many, "x,");
    strcat(many, "x\n");
    CHECK(parse(many, strlen(many), &r, &d) == COR_ELIMIT);
    cor_diag_destroy(&d);
}

static void test_load_and_lookup(void)
{
    cor_network *net = load(FIXTURE("hand"));
    CHECK(net != NULL);
    if (!net)
        return;
    CHECK(cor_network_node_count(net) == 11);
    CHECK(cor_network_link_count(net) == 7);
    uint32_t g = node(net, "G");
    CHECK(g != COR_NONE);
    CHECK(node(net, "gauge") == g);
    CHECK(node(net, "  GAUGE-point ") == g);
    CHECK(node(net, "gauge point") == g);
    uint32_t n, sugg[3];
    CHECK(cor_network_find_node(net, "Gauge Pont", &n, sugg, 3) == COR_ENOTFOUND);
    CHECK(sugg[0] == g);
    cor_network_free(net);

    net = load(INSTC);
    CHECK(net != NULL);
    if (!net)
        return;
    uint32_t nsa = node(net, "INNSA");
    CHECK(nsa != COR_NONE);
    CHECK(node(net, "Nhava Sheva") == nsa && node(net, "jnpt") == nsa && node(net, "JNPA") == nsa);
    uint32_t led = node(net, "RULED");
    CHECK(led != COR_NONE && node(net, "St Petersburg") == led && node(net, "Saint Petersburg") == led &&
          node(net, "st. petersburg") == led);
    CHECK(node(net, "Mumbai") != COR_NONE && node(net, "bombay") == node(net, "Mumbai"));
    CHECK(cor_network_find_node(net, "Moskow", &n, sugg, 3) == COR_ENOTFOUND && sugg[0] == node(net, "Moscow"));
    /* every row is sourced */
    for (uint32_t i = 0; i < cor_network_node_count(net); i++)
        CHECK(cor_network_node(net, i)->source[0] != '\0');
    for (uint32_t i = 0; i < cor_network_link_count(net); i++)
        CHECK(cor_network_link(net, i)->source[0] != '\0');
    for (uint32_t i = 0; i < cor_network_transfer_count(net); i++)
        CHECK(cor_network_transfer(net, i)->source[0] != '\0');
    cor_network_free(net);
}

static void test_graph_invariants(void)
{
    const char *dirs[] = {FIXTURE("hand"), FIXTURE("hand-norule"), INSTC};
    for (int k = 0; k < 3; k++) {
        cor_network *net = load(dirs[k]);
        CHECK(net != NULL);
        if (!net)
            continue;
        cor_graph *g = NULL;
        cor_diag d;
        cor_diag_init(&d, 10);
        CHECK(cor_graph_build(net, &g, &d) == COR_OK);
        CHECK(cor_graph_check(g, &d) == COR_OK);
        /* arcs: two per link and generic sea service, one per oneway link
         * (a liner service's), two per transfer rule and one per
         * transshipment rule */
        uint32_t nlt = cor_network_link_count(net) + cor_network_generic_count(net);
        uint32_t want = 0;
        for (uint32_t l = 0; l < nlt; l++)
            want += cor_network_link(net, l)->oneway ? 1 : 2;
        for (uint32_t t = 0; t < cor_network_transfer_count(net); t++)
            want += cor_network_transfer(net, t)->from_cls == cor_network_transfer(net, t)->to_cls ? 1 : 2;
        CHECK(g->narcs == want);
        /* each node has one state per distinct class of its links, two for
         * a vessel service class */
        for (uint32_t n = 0; n < g->nnodes; n++) {
            uint32_t mask = 0, service = 0;
            for (uint32_t l = 0; l < nlt; l++) {
                const cor_link *lk = cor_network_link(net, l);
                if (lk->from == n || lk->to == n) {
                    mask |= 1u << lk->cls;
                    if (cor_mode_is_service(lk->mode))
                        service |= 1u << lk->cls;
                }
            }
            CHECK(g->node_first_state[n + 1] - g->node_first_state[n] ==
                  (uint32_t)(__builtin_popcount(mask) + __builtin_popcount(service)));
        }
        cor_diag_destroy(&d);
        cor_graph_free(g);
        cor_network_free(net);
    }
}

static void test_hand_routes(void)
{
    cor_network *net = load(FIXTURE("hand"));
    if (!net) {
        CHECK(0);
        return;
    }
    cor_graph *g = NULL;
    CHECK(cor_graph_build(net, &g, NULL) == COR_OK);
    cor_query q;
    cor_itinerary it;
    cor_itinerary_init(&it);

    /* Gauge change with a rule: 100 km rail1435 + change + 100 km rail1520.
     * time 100/50 + 10 + 100/50 = 14 h; cost 100*1 + 50 + 100*1 = 250;
     * CO2e 2 * 100 km * 10 t * 20 g/t-km = 40 kg + 3 kg hub. */
    cor_query_init(&q, 2026);
    CHECK(route(g, &q, "A", "B", &it) == COR_OK);
    CHECK_NEAR(it.totals.hours, 14, 1e-9);
    CHECK_NEAR(it.totals.cost_usd, 250, 1e-9);
    CHECK_NEAR(it.totals.co2e_kg, 43, 1e-9);
    CHECK_NEAR(it.totals.distance_km, 200, 1e-9);
    CHECK(it.nlegs == 2 && it.nstops == 1 && it.stops[0].kind == COR_STOP_GAUGE_CHANGE);
    CHECK(it.totals.gauge_changes == 1 && it.totals.handlings == 1);
    CHECK(it.legs[0].seq == 1 && it.stops[0].seq == 2 && it.legs[1].seq == 3);
    CHECK(cor_network_class(net, it.legs[1].cls)->gauge_mm == 1520);
    /* the gauge point cannot be avoided without losing the route */
    q.avoid_nodes[q.navoid_nodes++] = node(net, "G");
    CHECK(route(g, &q, "A", "B", &it) == COR_ENOROUTE);

    /* Border crossing at C: 200 km road at 40 km/h = 5 h + 5 h dwell;
     * cost 200 * 2 + 30 = 430; the stop comes first (border node = C). */
    cor_query_init(&q, 2026);
    CHECK(route(g, &q, "C", "D", &it) == COR_OK);
    CHECK_NEAR(it.totals.hours, 10, 1e-9);
    CHECK_NEAR(it.totals.cost_usd, 430, 1e-9);
    CHECK(it.nstops == 1 && it.stops[0].kind == COR_STOP_BORDER && it.stops[0].seq == 1);
    CHECK(it.totals.border_crossings == 1);
    /* and in the other direction the stop comes last */
    CHECK(route(g, &q, "D", "C", &it) == COR_OK);
    CHECK(it.nstops == 1 && it.stops[0].seq == 2);

    /* Passage: S1 through the canal 1000 km / 20 + 2 h = 52 h, USD 100 + 50;
     * closed: S2 3000 km = 150 h, USD 300. */
    cor_query_init(&q, 2026);
    CHECK(route(g, &q, "P1", "P2", &it) == COR_OK);
    CHECK_NEAR(it.totals.hours, 52, 1e-9);
    CHECK_NEAR(it.totals.cost_usd, 150, 1e-9);
    uint32_t canal = cor_network_find_passage(net, "canal");
    CHECK(canal != COR_NONE);
    q.avoid_passages = (uint64_t)1 << canal;
    CHECK(route(g, &q, "P1", "P2", &it) == COR_OK);
    CHECK_NEAR(it.totals.hours, 150, 1e-9);
    CHECK_NEAR(it.totals.distance_km, 3000, 1e-9);
    /* a link can be avoided by id too */
    cor_query_init(&q, 2026);
    q.avoid_links[q.navoid_links++] = cor_network_find_link(net, "S1");
    CHECK(route(g, &q, "P1", "P2", &it) == COR_OK);
    CHECK_NEAR(it.totals.distance_km, 3000, 1e-9);

    /* A link not yet open: Y2 (100 km) opens in 2030. */
    cor_query_init(&q, 2026);
    CHECK(route(g, &q, "N1", "N2", &it) == COR_OK);
    CHECK_NEAR(it.totals.distance_km, 300, 1e-9);
    cor_query_init(&q, 2030);
    CHECK(route(g, &q, "N1", "N2", &it) == COR_OK);
    CHECK_NEAR(it.totals.distance_km, 100, 1e-9);
    CHECK_NEAR(it.totals.hours, 2, 1e-9);

    /* Modes: no rail allowed, no route A-B */
    cor_query_init(&q, 2026);
    q.modes = 1u << COR_MODE_ROAD;
    CHECK(route(g, &q, "A", "B", &it) == COR_ENOROUTE);

    /* Via: A -> B via G is the same route; B -> A via G too */
    cor_query_init(&q, 2026);
    q.via[q.nvia++] = node(net, "G");
    CHECK(route(g, &q, "B", "A", &it) == COR_OK);
    CHECK_NEAR(it.totals.hours, 14, 1e-9);

    cor_itinerary_destroy(&it);
    cor_graph_free(g);
    cor_network_free(net);

    /* Sea lanes: the service P-Q follows the canal (500 + 500 km, 10 h and
     * USD 100 in the canal, headway 20 h): 1000 / 20 + 10 + 10 = 70 h,
     * USD 1000 * 0.1 + 100 = 200; with the terminals at P (12 h, USD 50,
     * 5 kg) and Q (6 h, USD 20, 2 kg): 88 h, USD 270, 100 + 7 kg.  Canal
     * closed: round the cape, 3000 km, 150 + 10 + 18 = 178 h, USD 370.
     * Both closed: no route. */
    net = load(FIXTURE("lanes"));
    CHECK(net != NULL);
    if (net) {
        CHECK(cor_graph_build(net, &g, NULL) == COR_OK);
        cor_query_init(&q, 2026);
        cor_itinerary_init(&it);
        CHECK(route(g, &q, "P", "Q", &it) == COR_OK);
        CHECK_NEAR(it.totals.hours, 88, 1e-9);
        CHECK_NEAR(it.totals.cost_usd, 270, 1e-9);
        CHECK_NEAR(it.totals.co2e_kg, 107, 1e-9);
        CHECK(it.nstops == 2 && it.stops[0].kind == COR_STOP_TERMINAL && it.stops[0].seq == 1 &&
              it.stops[1].kind == COR_STOP_TERMINAL && it.stops[1].seq == 3 && it.legs[0].seq == 2);
        CHECK(it.totals.handlings == 2);
        q.avoid_passages = (uint64_t)1 << cor_network_find_passage(net, "canal");
        CHECK(route(g, &q, "P", "Q", &it) == COR_OK);
        CHECK_NEAR(it.totals.hours, 178, 1e-9);
        CHECK_NEAR(it.totals.cost_usd, 370, 1e-9);
        CHECK_NEAR(it.totals.distance_km, 3000, 1e-9);
        CHECK(it.views[0].nwaypoints == 1 && it.views[0].waypoints[0] == node(net, "W2"));
        q.avoid_passages |= (uint64_t)1 << cor_network_find_passage(net, "cape");
        CHECK(route(g, &q, "P", "Q", &it) == COR_ENOROUTE);
        cor_itinerary_destroy(&it);
        cor_graph_free(g);
        cor_network_free(net);
    }

    /* Without the gauge-change rule there is no route. */
    net = load(FIXTURE("hand-norule"));
    CHECK(net != NULL);
    if (net) {
        CHECK(cor_graph_build(net, &g, NULL) == COR_OK);
        cor_query_init(&q, 2026);
        cor_itinerary_init(&it);
        CHECK(route(g, &q, "A", "B", &it) == COR_ENOROUTE);
        CHECK(route(g, &q, "A", "G", &it) == COR_OK);
        cor_itinerary_destroy(&it);
        cor_graph_free(g);
        cor_network_free(net);
    }
}

/* ---- Dijkstra against brute force ----------------------------------- */

/* GSL's Mersenne Twister, seeded per test so every run draws the same
 * cases; rng_seed allocates it on first use, main frees it. */
static gsl_rng *rng;

static void rng_seed(unsigned long seed)
{
    if (!rng)
        rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!rng) {
        fprintf(stderr, "out of memory for the random-number generator\n");
        exit(1);
    }
    gsl_rng_set(rng, seed);
}

static uint32_t rnd(uint32_t n)
{
    return (uint32_t)gsl_rng_uniform_int(rng, n);
}

static const char *classes[] = {"rail1435", "rail1520", "road", "sea"};

static int write_random_network(const char *dir, uint32_t nn)
{
    char path[512];
    snprintf(path, sizeof path, "%s/nodes.csv", dir);
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f, "id,name,lat,lon,source\n");
    for (uint32_t i = 0; i < nn; i++)
        fprintf(f, "N%u,Node %u,%.4f,%.4f,random\n", i, i, rnd(80) * 1e-4, rnd(170) * 1e-4); /* within 2 km: every link is longer than its great circle */
    fclose(f);
    snprintf(path, sizeof path, "%s/modes.csv", dir);
    f = fopen(path, "w");
    fprintf(f, "mode,speed_kmh,rate_usd_per_teu_km,co2e_g_per_tkm,payload_t_per_teu,source\n"
               "rail,50,0.2,30,10,r\nroad,40,1.5,90,10,r\nsea,25,0.1,15,10,r\n");
    fclose(f);
    uint32_t nl = nn + rnd(nn + 2);
    int used[4][16] = {{0}};
    snprintf(path, sizeof path, "%s/borders.csv", dir);
    f = fopen(path, "w");
    fprintf(f, "id,node,name,dwell_hours,fee_usd,source\n");
    for (uint32_t i = 0; i < nn; i++)
        fprintf(f, "B%u,N%u,Border %u,%u,%u,r\n", i, i, i, rnd(20), rnd(200));
    fclose(f);
    snprintf(path, sizeof path, "%s/links.csv", dir);
    f = fopen(path, "w");
    fprintf(f, "id,from,to,mode,gauge_mm,distance_km,fixed_hours,fixed_usd,headway_hours,open_year,border,oneway,source\n");
    for (uint32_t i = 0; i < nl; i++) {
        uint32_t a = rnd(nn), b = rnd(nn);
        if (a == b)
            b = (a + 1) % nn;
        uint32_t c = rnd(4);
        used[c][a] = used[c][b] = 1;
        const char *mode = c < 2 ? "rail" : c == 2 ? "road" : "sea";
        const char *gauge = c == 0 ? "1435" : c == 1 ? "1520" : "";
        char year[16] = "", border[16] = "";
        if (rnd(5) == 0)
            snprintf(year, sizeof year, "%u", 2020 + rnd(10));
        if (rnd(4) == 0)
            snprintf(border, sizeof border, "B%u", rnd(2) ? a : b);
        fprintf(f, "L%u,N%u,N%u,%s,%s,%u,%u,%u,%u,%s,%s,%s,r\n", i, a, b, mode, gauge, 1 + rnd(900), rnd(5),
                rnd(50), rnd(3) ? 0 : rnd(100), year, border, rnd(6) == 0 ? "yes" : "no");
    }
    fclose(f);
    snprintf(path, sizeof path, "%s/transfers.csv", dir);
    f = fopen(path, "w");
    fprintf(f, "node,from_class,to_class,kind,dwell_hours,cost_usd,co2e_kg,source\n");
    for (uint32_t n = 0; n < nn; n++)
        for (int c1 = 0; c1 < 4; c1++)
            for (int c2 = c1 + 1; c2 < 4; c2++)
                if (used[c1][n] && used[c2][n] && rnd(3))
                    fprintf(f, "N%u,%s,%s,%s,%u,%u,%u,r\n", n, classes[c1], classes[c2],
                            c2 == 1 ? "gauge_change" : "transfer", rnd(30), rnd(100), rnd(20));
    for (uint32_t n = 0; n < nn; n++)
        if (used[3][n] && rnd(2))
            fprintf(f, "N%u,sea,sea,port,%u,%u,%u,r\n", n, rnd(30), rnd(100), rnd(20));
    fclose(f);
    snprintf(path, sizeof path, "%s/terminals.csv", dir);
    f = fopen(path, "w");
    fprintf(f, "node,class,dwell_hours,cost_usd,co2e_kg,source\n");
    for (uint32_t n = 0; n < nn; n++)
        for (int c = 0; c < 4; c++)
            if (used[c][n] && rnd(3) == 0)
                fprintf(f, "N%u,%s,%u,%u,%u,r\n", n, classes[c], rnd(40), rnd(300), rnd(30));
    fclose(f);
    return 0;
}

/* Brute force: every simple path in the layered state graph, where
 * parallel arcs are first reduced to the cheapest (a simple shortest path
 * never uses a dearer parallel arc). */
typedef struct brute {
    const cor_graph *g;
    const cor_query *q;
    const double *term_w;
    uint32_t from, to, ns;
    double *w;       /* ns x ns, INFINITY = no arc */
    uint8_t *seen;   /* layered states */
    double best;
    long steps;
    uint32_t *on;    /* simple: walks on the node now (NULL: states only) */
} brute;

static void dfs(brute *b, uint32_t layer, uint32_t s, double w)
{
    const cor_graph *g = b->g;
    b->steps++;
    /* weights are non-negative: a walk already as heavy as the best route
     * cannot end lighter (keeps the search exact, and short) */
    if (w >= b->best)
        return;
    uint32_t node_id = g->state_node[s];
    if (layer == b->q->nvia && node_id == b->to) {
        if (w + b->term_w[s] < b->best)
            b->best = w + b->term_w[s];
        return;
    }
    size_t id = (size_t)layer * b->ns + s;
    b->seen[id] = 1;
    if (layer < b->q->nvia && node_id == b->q->via[layer] && !b->seen[id + b->ns])
        dfs(b, layer + 1, s, w);
    for (uint32_t t = 0; t < b->ns; t++) {
        double aw = b->w[(size_t)s * b->ns + t];
        if (aw == INFINITY || b->seen[(size_t)layer * b->ns + t])
            continue;
        if (layer == 0 && g->state_node[t] == b->from)
            continue;
        uint32_t v = g->state_node[t];
        if (b->on && v != node_id) {
            if (b->on[v])
                continue; /* a loop-free route passes a place once */
            b->on[v]++;
            dfs(b, layer, t, w + aw);
            b->on[v]--;
            continue;
        }
        dfs(b, layer, t, w + aw);
    }
    b->seen[id] = 0;
}

/* The best route by enumeration: over walks that pass no state twice, or
 * (simple) no place twice. */
static double brute_force2(const cor_graph *g, const cor_filter *f, const cor_query *q, uint32_t from,
                           uint32_t to, long *steps, int simple)
{
    brute b = {g, q, f->term_w, from, to, g->nstates, NULL, NULL, INFINITY, 0, NULL};
    if (simple) {
        b.on = calloc(g->nnodes + 1, sizeof *b.on);
        b.on[from] = 1;
    }
    b.w = malloc((size_t)b.ns * b.ns * sizeof *b.w);
    b.seen = calloc((size_t)b.ns * (q->nvia + 1) + 1, 1);
    for (size_t i = 0; i < (size_t)b.ns * b.ns; i++)
        b.w[i] = INFINITY;
    for (uint32_t a = 0; a < g->narcs; a++) {
        double *cell = &b.w[(size_t)g->tail[a] * b.ns + g->head[a]];
        if (f->weight[a] < *cell)
            *cell = f->weight[a];
    }
    for (uint32_t st = g->node_first_state[from]; st < g->node_first_state[from + 1]; st++)
        dfs(&b, 0, st, f->term_w[st]);
    free(b.w);
    free(b.seen);
    free(b.on);
    *steps = b.steps;
    return b.best;
}

static double brute_force(const cor_graph *g, const cor_filter *f, const cor_query *q, uint32_t from,
                          uint32_t to, long *steps)
{
    return brute_force2(g, f, q, from, to, steps, 0);
}

static void test_dijkstra_vs_bruteforce(void)
{
    char dir[] = "/tmp/corridor-test-XXXXXX";
    if (!mkdtemp(dir)) {
        CHECK(0);
        return;
    }
    rng_seed(20261128);
    long compared = 0, reachable = 0, max_steps = 0, looped = 0, missed = 0;
    cor_workspace *ws = cor_workspace_new();
    for (int iter = 0; iter < 300; iter++) {
        uint32_t nn = 3 + rnd(5);
        if (write_random_network(dir, nn) != 0) {
            CHECK(0);
            break;
        }
        cor_network *net = load(dir);
        CHECK(net != NULL);
        if (!net)
            continue;
        cor_graph *g = NULL;
        CHECK(cor_graph_build(net, &g, NULL) == COR_OK);
        CHECK(cor_graph_check(g, NULL) == COR_OK);
        for (int k = 0; k < 6; k++) {
            cor_query q;
            cor_query_init(&q, 2020 + (int)rnd(12));
            q.by = (cor_objective)rnd(5);
            q.value_of_time_usd_per_teu_day = rnd(200);
            q.carbon_price_usd_per_t = rnd(150);
            uint32_t from = rnd(nn), to = rnd(nn);
            if (from == to)
                continue;
            if (rnd(3) == 0) {
                uint32_t v = rnd(nn);
                q.via[q.nvia++] = v;
            }
            if (rnd(4) == 0) {
                uint32_t a = rnd(nn);
                if (a != from && a != to && (q.nvia == 0 || a != q.via[0]))
                    q.avoid_nodes[q.navoid_nodes++] = a;
            }
            cor_filter f;
            CHECK(cor_filter_init(&f, g, &q, NULL) == COR_OK);
            cor_path p;
            cor_path_init(&p);
            cor_status s = cor_shortest_path(&f, &q, ws, from, to, &p, NULL);
            long steps = 0;
            double best = brute_force(g, &f, &q, from, to, &steps);
            max_steps = steps > max_steps ? steps : max_steps;
            long steps2 = 0;
            double best_simple = brute_force2(g, &f, &q, from, to, &steps2, 1);
            if (best == INFINITY) {
                CHECK(s == COR_ENOROUTE);
            } else if (s == COR_ENOROUTE) {
                /* the best walk through the via points passes a place twice:
                 * refused, never returned (without via points the best
                 * loop-free route is searched for) */
                looped++;
                missed += best_simple < INFINITY;
                CHECK(q.nvia > 0 || best_simple == INFINITY);
                CHECK(best_simple > best * (1 + 1e-9) + 1e-9);
                CHECK(best_simple == INFINITY); /* in these networks the branch and bound always settles it */
            } else {
                reachable++;
                CHECK(s == COR_OK);
                if (s == COR_OK) {
                    /* the best loop-free route (the best walk, if that is loop-free) */
                    CHECK(p.weight >= best - 1e-6 * (1 + best));
                    CHECK_NEAR(p.weight, best_simple, 1e-6 * (1 + best_simple));
                    CHECK(cor_path_repeated_node(&f, &p, NULL) == 0);
                    /* the path is connected, starts at from, ends at to, and sums to its weight */
                    double w = p.narcs ? f.term_w[g->tail[p.arcs[0]]] + f.term_w[g->head[p.arcs[p.narcs - 1]]] : 0;
                    for (uint32_t i = 0; i < p.narcs; i++) {
                        w += f.weight[p.arcs[i]];
                        if (i)
                            CHECK(g->tail[p.arcs[i]] == g->head[p.arcs[i - 1]]);
                    }
                    CHECK_NEAR(w, p.weight, 1e-6 * (1 + w));
                    if (p.narcs) {
                        CHECK(g->state_node[g->tail[p.arcs[0]]] == from);
                        CHECK(g->state_node[g->head[p.arcs[p.narcs - 1]]] == to);
                    }
                    /* itinerary totals agree with the objective */
                    cor_itinerary it;
                    cor_itinerary_init(&it);
                    CHECK(cor_itinerary_build(&it, &f, &q, &p, NULL) == COR_OK);
                    double tot = q.by == COR_BY_TIME ? it.totals.hours
                               : q.by == COR_BY_COST ? it.totals.cost_usd
                               : q.by == COR_BY_CO2 ? it.totals.co2e_kg
                               : q.by == COR_BY_DISTANCE ? it.totals.distance_km
                               : it.totals.cost_usd + q.value_of_time_usd_per_teu_day * it.totals.hours / 24 +
                                     q.carbon_price_usd_per_t * it.totals.co2e_kg / 1000;
                    CHECK_NEAR(tot, p.weight, 1e-6 * (1 + tot));
                    cor_itinerary_destroy(&it);
                }
            }
            compared++;
            cor_path_destroy(&p);
            cor_filter_destroy(&f);
        }
        cor_graph_free(g);
        cor_network_free(net);
    }
    cor_workspace_free(ws);
    fprintf(stderr, "  compared %ld queries with brute force (%ld routed loop-free, %ld refused: no loop-free route "
                    "through the via points (%ld of them with one left unproven); at most %ld search steps)\n",
            compared, reachable, looped, missed, max_steps);
    CHECK(compared > 1000 && reachable > 300);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
}

static void test_instc(void)
{
    cor_network *net = load(INSTC);
    CHECK(net != NULL);
    if (!net)
        return;
    cor_graph *g = NULL;
    CHECK(cor_graph_build(net, &g, NULL) == COR_OK);
    cor_query q;
    cor_itinerary it;
    cor_itinerary_init(&it);
    /* Nhava Sheva - Moscow: INSTC within the published 15-30 day band, in
     * 2025: the India - Bandar Abbas services are suspended since the 2026
     * war (services.csv) */
    cor_query_init(&q, 2025);
    CHECK(route(g, &q, "Nhava Sheva", "Moscow", &it) == COR_OK);
    CHECK(it.totals.hours / 24 > 15 && it.totals.hours / 24 < 30);
    /* the sea route through Suez to Rotterdam; closing Suez goes round the Cape */
    cor_query_init(&q, 2026);
    q.by = COR_BY_DISTANCE;
    q.modes = 1u << COR_MODE_SEA;
    q.restrictions_given = 1; /* no regimes: the Red Sea open (red-sea-2026 lifted) */
    CHECK(route(g, &q, "Nhava Sheva", "Rotterdam", &it) == COR_OK);
    double via_suez = it.totals.distance_km;
    CHECK(via_suez > 11000 && via_suez < 12500);
    q.avoid_passages = (uint64_t)1 << cor_network_find_passage(net, "suez");
    CHECK(route(g, &q, "Nhava Sheva", "Rotterdam", &it) == COR_OK);
    CHECK(it.totals.distance_km > 19000);
    /* Rasht-Astara railway: in 2028 the route need not touch the road
     * (from Bandar Abbas: the services from India to it are suspended) */
    cor_query_init(&q, 2028);
    q.modes = (1u << COR_MODE_SEA) | (1u << COR_MODE_RAIL);
    CHECK(route(g, &q, "Bandar Abbas", "Baku", &it) == COR_OK);
    CHECK(it.totals.gauge_changes == 1);
    uint32_t ra = cor_network_find_link(net, "R-RASHT-ASTARA");
    int uses = 0;
    for (uint32_t i = 0; i < it.path.narcs; i++)
        uses |= g->kind[it.path.arcs[i]] == COR_ARC_LINK && g->ref[it.path.arcs[i]] == ra;
    CHECK(uses);
    cor_query_init(&q, 2026);
    q.modes = (1u << COR_MODE_SEA) | (1u << COR_MODE_RAIL);
    CHECK(route(g, &q, "Bandar Abbas", "Baku", &it) == COR_OK);
    uses = 0;
    for (uint32_t i = 0; i < it.path.narcs; i++)
        uses |= g->kind[it.path.arcs[i]] == COR_ARC_LINK && g->ref[it.path.arcs[i]] == ra;
    CHECK(!uses);
    cor_itinerary_destroy(&it);
    cor_graph_free(g);
    cor_network_free(net);
}

/* Write an itinerary in a format into a string (caller frees). */
static char *render(const cor_itinerary *it, cor_format fmt)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    cor_status s = cor_write_itinerary(f, it, fmt);
    fclose(f);
    if (s != COR_OK) {
        free(buf);
        return NULL;
    }
    return buf;
}

static void test_writers(void)
{
    cor_network *net = load(FIXTURE("hand"));
    if (!net) {
        CHECK(0);
        return;
    }
    cor_graph *g = NULL;
    CHECK(cor_graph_build(net, &g, NULL) == COR_OK);
    cor_query q;
    cor_query_init(&q, 2026);
    cor_itinerary it;
    cor_itinerary_init(&it);
    CHECK(route(g, &q, "A", "B", &it) == COR_OK);

    /* JSON: the documented fields, with values that add up */
    char *js = render(&it, COR_FMT_JSON);
    json_error_t err;
    json_t *j = js ? json_loads(js, 0, &err) : NULL;
    CHECK(j != NULL);
    if (j) {
        json_t *t = json_object_get(j, "totals");
        CHECK(json_is_object(t));
        CHECK_NEAR(json_number_value(json_object_get(t, "hours")), 14, 1e-9);
        CHECK_NEAR(json_number_value(json_object_get(t, "cost_usd")), 250, 1e-9);
        CHECK_NEAR(json_number_value(json_object_get(t, "co2e_kg")), 43, 1e-9);
        CHECK_NEAR(json_number_value(json_object_get(t, "distance_km")), 200, 1e-9);
        json_t *legs = json_object_get(j, "legs"), *stops = json_object_get(j, "stops");
        CHECK(json_array_size(legs) == 2 && json_array_size(stops) == 1);
        double hours = 0;
        size_t i;
        json_t *v;
        json_array_foreach(legs, i, v) {
            CHECK(json_is_string(json_object_get(v, "from")) && json_is_string(json_object_get(v, "to")));
            CHECK(strcmp(json_string_value(json_object_get(v, "mode")), "rail") == 0);
            CHECK(json_is_integer(json_object_get(v, "gauge_mm")));
            hours += json_number_value(json_object_get(v, "hours"));
        }
        json_array_foreach(stops, i, v) {
            CHECK(strcmp(json_string_value(json_object_get(v, "kind")), "gauge_change") == 0);
            CHECK(strcmp(json_string_value(json_object_get(v, "node")), "G") == 0);
            hours += json_number_value(json_object_get(v, "hours"));
        }
        CHECK_NEAR(hours, 14, 1e-9);
        CHECK(json_integer_value(json_object_get(json_array_get(legs, 1), "gauge_mm")) == 1520);
        json_decref(j);
    }
    free(js);

    /* GeoJSON: RFC 7946 FeatureCollection of LineStrings in lon, lat order */
    js = render(&it, COR_FMT_GEOJSON);
    j = js ? json_loads(js, 0, &err) : NULL;
    CHECK(j != NULL);
    if (j) {
        CHECK(strcmp(json_string_value(json_object_get(j, "type")), "FeatureCollection") == 0);
        json_t *fs = json_object_get(j, "features");
        CHECK(json_array_size(fs) == 3); /* leg, stop (a Point), leg */
        json_t *geom = json_object_get(json_array_get(fs, 0), "geometry");
        CHECK(strcmp(json_string_value(json_object_get(geom, "type")), "LineString") == 0);
        json_t *c = json_object_get(geom, "coordinates");
        CHECK(json_array_size(c) == 2);
        /* node A is at lat 10, lon 10; G at lat 10, lon 10.5 */
        CHECK_NEAR(json_number_value(json_array_get(json_array_get(c, 1), 0)), 10.5, 1e-9);
        CHECK_NEAR(json_number_value(json_array_get(json_array_get(c, 1), 1)), 10, 1e-9);
        json_decref(j);
    }
    free(js);

    /* CSV: header, 3 rows (leg, stop, leg) and a total */
    js = render(&it, COR_FMT_CSV);
    CHECK(js != NULL);
    if (js) {
        int lines = 0;
        for (const char *p = js; *p; p++)
            lines += *p == '\n';
        CHECK(lines == 5);
        CHECK(strstr(js, "\"total\",\"A\",\"Alpha\",\"B\",\"Bravo\"") != NULL);
        CHECK(strstr(js, "\"14.00\",\"250.00\",\"43.00\"") != NULL);
    }
    free(js);
    js = render(&it, COR_FMT_TABLE);
    CHECK(js && strstr(js, "gauge_change rail1435>rail1520") && strstr(js, "0.6 days door to door"));
    free(js);

    cor_itinerary_destroy(&it);
    cor_graph_free(g);
    cor_network_free(net);
}

/* Sea distances along the lane chart against published port-to-port
 * distances (nautical miles; sources in data/instc/SOURCES.md). */
static void test_sea_distances(void)
{
    cor_network *net = load(INSTC);
    CHECK(net != NULL);
    if (!net)
        return;
    uint64_t suez = (uint64_t)1 << cor_network_find_passage(net, "suez");
    struct {
        const char *a, *b;
        int avoid_suez;
        double nm;
    } checks[] = {
        {"Shanghai", "Rotterdam", 0, 10600}, {"Shanghai", "Rotterdam", 1, 13800},
        {"Hamburg", "Singapore", 0, 8377},   {"Hamburg", "Singapore", 1, 11864},
        {"Jeddah", "Constanta", 0, 1698},    {"Jeddah", "Constanta", 1, 11771},
        {"Mumbai", "Chabahar", 0, 786},      {"Kandla", "Chabahar", 0, 550},
        /* Mumbai-London (brief 2.1), Nhava Sheva-Rotterdam as its proxy */
        {"Nhava Sheva", "Rotterdam", 0, 6200}, {"Nhava Sheva", "Rotterdam", 1, 10800},
        /* HHLA: 19,879 km (docs/research/emissions-ferries-capacity.md) */
        {"Shanghai", "Hamburg", 0, 19879 / 1.852},
    };
    for (size_t i = 0; i < sizeof checks / sizeof *checks; i++) {
        cor_sea_path sp;
        CHECK(cor_sea_route(net, node(net, checks[i].a), node(net, checks[i].b), checks[i].avoid_suez ? suez : 0,
                            &sp) == COR_OK);
        double nm = sp.distance_km / 1.852;
        if (fabs(nm / checks[i].nm - 1) > 0.05)
            fprintf(stderr, "  %s-%s%s: %.0f nm, published %.0f\n", checks[i].a, checks[i].b,
                    checks[i].avoid_suez ? " (Cape)" : "", nm, checks[i].nm);
        CHECK(fabs(nm / checks[i].nm - 1) <= 0.05);
        /* the Suez path goes through the canal, the other does not */
        CHECK(((sp.passages & suez) != 0) == (!checks[i].avoid_suez && strcmp(checks[i].b, "Chabahar") != 0));
        cor_sea_path_destroy(&sp);
    }
    /* Singapore-Rotterdam: Suez saves "nearly 3,500 nm" */
    cor_sea_path a, b;
    CHECK(cor_sea_route(net, node(net, "Singapore"), node(net, "Rotterdam"), 0, &a) == COR_OK);
    CHECK(cor_sea_route(net, node(net, "Singapore"), node(net, "Rotterdam"), suez, &b) == COR_OK);
    double saved = (b.distance_km - a.distance_km) / 1.852;
    CHECK(saved > 3300 && saved < 3800);
    cor_sea_path_destroy(&a);
    cor_sea_path_destroy(&b);
    /* closing the Cape too leaves Shanghai-Rotterdam with no lane path */
    uint64_t cape = (uint64_t)1 << cor_network_find_passage(net, "goodhope");
    CHECK(cor_sea_route(net, node(net, "Shanghai"), node(net, "Rotterdam"), suez | cape, &a) == COR_ENOROUTE);
    cor_network_free(net);
}

/* Load the network with one scenario of its folder. */
static cor_network *load_with(const char *dir, const char *name, cor_status *st, cor_diag *d)
{
    char path[1024];
    cor_scenario_path(dir, name, path, sizeof path);
    cor_scenario *sc = NULL;
    cor_network *net = NULL;
    *st = cor_scenario_load(path, &sc, d);
    if (*st == COR_OK)
        *st = cor_network_load_scenarios(dir, &sc, 1, &net, d);
    cor_scenario_free(sc);
    return net;
}

static int same_link(const cor_link *a, const cor_link *b)
{
    return strcmp(a->id, b->id) == 0 && a->from == b->from && a->to == b->to && a->mode == b->mode &&
           a->gauge_mm == b->gauge_mm && a->distance_km == b->distance_km && a->speed_kmh == b->speed_kmh &&
           a->rate_usd_per_teu_km == b->rate_usd_per_teu_km && a->fixed_hours == b->fixed_hours &&
           a->fixed_usd == b->fixed_usd && a->headway_hours == b->headway_hours && a->open_year == b->open_year &&
           a->close_year == b->close_year && a->border == b->border && a->passages == b->passages;
}

/* Links of b that differ from a, and links of a missing in b, counted;
 * transfers and borders compared field by field. */
typedef struct netdiff {
    int links_changed, links_removed, links_added, transfers_changed, borders_changed;
    char changed[4][32];
} netdiff;

static netdiff diff_networks(const cor_network *a, const cor_network *b)
{
    netdiff r;
    memset(&r, 0, sizeof r);
    for (uint32_t i = 0; i < cor_network_link_count(a); i++) {
        const cor_link *la = cor_network_link(a, i);
        uint32_t j = cor_network_find_link(b, la->id);
        if (j == COR_NONE) {
            r.links_removed++;
            continue;
        }
        if (!same_link(la, cor_network_link(b, j))) {
            if (r.links_changed < 4)
                snprintf(r.changed[r.links_changed], 32, "%s", la->id);
            r.links_changed++;
        }
    }
    for (uint32_t j = 0; j < cor_network_link_count(b); j++)
        r.links_added += cor_network_find_link(a, cor_network_link(b, j)->id) == COR_NONE;
    if (cor_network_transfer_count(a) != cor_network_transfer_count(b))
        r.transfers_changed = -1;
    else
        for (uint32_t i = 0; i < cor_network_transfer_count(a); i++) {
            const cor_transfer *x = cor_network_transfer(a, i), *y = cor_network_transfer(b, i);
            r.transfers_changed += x->dwell_hours != y->dwell_hours || x->cost_usd != y->cost_usd ||
                                   x->node != y->node || x->co2e_kg != y->co2e_kg;
        }
    if (cor_network_border_count(a) != cor_network_border_count(b))
        r.borders_changed = -1;
    else
        for (uint32_t i = 0; i < cor_network_border_count(a); i++) {
            const cor_border *x = cor_network_border(a, i), *y = cor_network_border(b, i);
            r.borders_changed += x->dwell_hours != y->dwell_hours || x->fee_usd != y->fee_usd;
        }
    return r;
}

/* Each shipped scenario changes what it says and nothing else. */
static void test_shipped_scenarios(void)
{
    cor_diag d;
    cor_diag_init(&d, 20);
    cor_network *base = load(INSTC);
    CHECK(base != NULL);
    if (!base)
        return;
    cor_status st;
    cor_network *n = load_with(INSTC, "rasht-astara-rail", &st, &d);
    CHECK(st == COR_OK && n);
    if (n) {
        netdiff r = diff_networks(base, n);
        CHECK(r.links_removed == 1 && cor_network_find_link(n, "D-RASHT-ASTARA") == COR_NONE);
        CHECK(r.links_changed == 1 && strcmp(r.changed[0], "R-RASHT-ASTARA") == 0);
        CHECK(r.links_added == 0 && r.transfers_changed == 0 && r.borders_changed == 0);
        const cor_link *ra = cor_network_link(n, cor_network_find_link(n, "R-RASHT-ASTARA"));
        CHECK(ra->open_year == 0 && strcmp(ra->status, "open") == 0 && cor_link_open_in(ra, 2026));
        CHECK(cor_network_year(n) == 0 && cor_network_closed_passages(n) == 0);
        cor_network_free(n);
    }
    n = load_with(INSTC, "red-sea-closed", &st, &d);
    CHECK(st == COR_OK && n);
    if (n) {
        netdiff r = diff_networks(base, n);
        CHECK(r.links_removed == 0 && r.links_changed == 0 && r.links_added == 0);
        CHECK(r.transfers_changed == 0 && r.borders_changed == 0);
        CHECK(cor_network_closed_passages(n) == (uint64_t)1 << cor_network_find_passage(n, "babelmandeb"));
        /* and it sends Shanghai-Rotterdam round the Cape */
        cor_graph *g = NULL;
        CHECK(cor_graph_build(n, &g, NULL) == COR_OK);
        cor_query q;
        cor_query_init(&q, 2026);
        cor_itinerary it;
        cor_itinerary_init(&it);
        CHECK(route(g, &q, "Shanghai", "Rotterdam", &it) == COR_OK);
        CHECK(it.nlegs == 1 && (it.views[0].passages & ((uint64_t)1 << cor_network_find_passage(n, "goodhope"))));
        CHECK(it.totals.distance_km > 24000);
        cor_itinerary_destroy(&it);
        cor_graph_free(g);
        cor_network_free(n);
    }
    n = load_with(INSTC, "astara-border-slow", &st, &d);
    CHECK(st == COR_OK && n);
    if (n) {
        netdiff r = diff_networks(base, n);
        CHECK(r.links_removed == 0 && r.links_changed == 0 && r.links_added == 0 && r.transfers_changed == 0);
        /* both crossings at Astara: the rail one and the road bridge */
        CHECK(r.borders_changed == 2);
        for (uint32_t i = 0; i < cor_network_border_count(n); i++) {
            const cor_border *x = cor_network_border(base, i), *y = cor_network_border(n, i);
            int astara = strcmp(x->id, "B-ASTARA-RAIL") == 0 || strcmp(x->id, "B-ASTARA-ROAD") == 0;
            double want = astara ? 2 * x->dwell_hours : x->dwell_hours;
            CHECK_NEAR(y->dwell_hours, want, 1e-9);
        }
        cor_network_free(n);
    }
    n = load_with(INSTC, "baseline-2030", &st, &d);
    CHECK(st == COR_OK && n);
    if (n) {
        netdiff r = diff_networks(base, n);
        CHECK(r.links_removed == 0 && r.links_changed == 0 && r.links_added == 0 && r.transfers_changed == 0 &&
              r.borders_changed == 0);
        CHECK(cor_network_year(n) == 2030);
        cor_network_free(n);
    }
    /* nothing half-applied: a scenario with one bad op gives no network */
    char dir[] = "/tmp/corridor-sc-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[256];
    snprintf(path, sizeof path, "%s/bad.json", dir);
    FILE *f = fopen(path, "w");
    fprintf(f, "{\"name\": \"bad\", \"links\": [{\"op\": \"remove\", \"id\": \"D-RASHT-ASTARA\"},"
               "{\"op\": \"change\", \"id\": \"R-RASHT-ASTARA\", \"distance_km\": -5}]}");
    fclose(f);
    cor_diag_clear(&d);
    cor_scenario *sc = NULL;
    CHECK(cor_scenario_load(path, &sc, &d) == COR_OK);
    cor_network *bad = NULL;
    CHECK(cor_network_load_scenarios(INSTC, &sc, 1, &bad, &d) == COR_EDATA && bad == NULL);
    CHECK(d.count >= 1 && strstr(d.items[0].msg, "$.links[1].distance_km: -5 is out of range"));
    cor_scenario_free(sc);
    remove(path);
    rmdir(dir);
    cor_network_free(base);
    cor_diag_destroy(&d);
}

/* Closing any passage leaves no usable arc through it; services that
 * follow the lanes are rerouted rather than dropped where a way round
 * exists. */
static void test_passage_closures(void)
{
    cor_network *net = load(INSTC);
    if (!net) {
        CHECK(0);
        return;
    }
    cor_graph *g = NULL;
    CHECK(cor_graph_build(net, &g, NULL) == COR_OK);
    for (uint32_t p = 0; p < cor_network_passage_count(net); p++) {
        cor_query q;
        cor_query_init(&q, 2026);
        q.avoid_passages = (uint64_t)1 << p;
        cor_filter f;
        CHECK(cor_filter_init(&f, g, &q, NULL) == COR_OK);
        int usable_through = 0, crossing = 0, rerouted = 0;
        for (uint32_t a = 0; a < g->narcs; a++) {
            if (g->kind[a] != COR_ARC_LINK)
                continue;
            cor_link_view v;
            cor_filter_link_view(&f, g->ref[a], &v);
            const cor_link *l = cor_network_link(net, g->ref[a]);
            crossing += (l->passages & q.avoid_passages) != 0;
            if (f.weight[a] != INFINITY && (v.passages & q.avoid_passages))
                usable_through++;
            if ((l->passages & q.avoid_passages) && f.weight[a] != INFINITY)
                rerouted++;
        }
        CHECK(usable_through == 0);
        CHECK(crossing > 0); /* every passage tag is used by some service */
        if (strcmp(cor_network_passage(net, p), "suez") == 0 || strcmp(cor_network_passage(net, p), "babelmandeb") == 0)
            CHECK(rerouted > 0);
        cor_filter_destroy(&f);
    }
    cor_graph_free(g);
    cor_network_free(net);
}

/* Corridors: the best of each, and those that cannot be met. */
static void test_corridors(void)
{
    cor_network *net = load(FIXTURE("hand"));
    if (!net) {
        CHECK(0);
        return;
    }
    cor_graph *g = NULL;
    CHECK(cor_graph_build(net, &g, NULL) == COR_OK);
    CHECK(cor_network_corridor_count(net) == 3);
    cor_query q;
    cor_query_init(&q, 2026);
    cor_compare c;
    cor_compare_init(&c);
    CHECK(cor_compare_run(&c, g, &q, "base", node(net, "A"), node(net, "B"), NULL) == COR_OK);
    CHECK(c.n == 3);
    if (c.n == 3) {
        CHECK(c.items[0]->status == COR_OK);
        CHECK_NEAR(c.items[0]->it.totals.hours, 14, 1e-9);
        CHECK(c.items[1]->status == COR_ENOROUTE && strstr(c.items[1]->reason, "by road"));
        CHECK(c.items[2]->status == COR_ENOROUTE && strstr(c.items[2]->reason, "avoiding Gauge Point"));
    }
    /* a corridor that avoids the origin says so */
    cor_compare_destroy(&c);
    cor_compare_init(&c);
    CHECK(cor_compare_run(&c, g, &q, "base", node(net, "G"), node(net, "B"), NULL) == COR_OK);
    CHECK(c.n == 3 && c.items[2]->status == COR_ENOROUTE && strstr(c.items[2]->reason, "the origin"));
    cor_compare_destroy(&c);
    cor_graph_free(g);
    cor_network_free(net);

    /* the INSTC corridors: each INSTC corridor crosses where it says (in
     * 2025, before the India - Bandar Abbas services were suspended) */
    cor_query_init(&q, 2025);
    net = load(INSTC);
    if (!net) {
        CHECK(0);
        return;
    }
    CHECK(cor_graph_build(net, &g, NULL) == COR_OK);
    cor_compare_init(&c);
    q.restrictions_given = 1; /* no regimes: the Red Sea open, so that Suez corridors sail */
    CHECK(cor_compare_run(&c, g, &q, "base", node(net, "Nhava Sheva"), node(net, "Moscow"), NULL) == COR_OK);
    CHECK(c.n == cor_network_corridor_count(net) && c.n == 6);
    for (size_t i = 0; i < c.n; i++) {
        const cor_compare_item *x = c.items[i];
        CHECK(x->status == COR_OK);
        int feeder = 0, astara = 0, bereket = 0, suez = 0, cape = 0;
        for (uint32_t k = 0; k < x->it.path.narcs; k++) {
            uint32_t a = x->it.path.arcs[k];
            uint32_t u = g->state_node[g->tail[a]];
            astara |= u == node(net, "AZAST");
            bereket |= u == node(net, "TM-BEREKET");
            if (g->kind[a] == COR_ARC_LINK) {
                feeder |= cor_network_link(net, g->ref[a])->mode == COR_MODE_FEEDER;
                suez |= (x->it.views[k].passages >> cor_network_find_passage(net, "suez")) & 1;
                cape |= (x->it.views[k].passages >> cor_network_find_passage(net, "goodhope")) & 1;
            }
        }
        const char *nm = x->corridor->name;
        if (strcmp(nm, "INSTC West") == 0)
            CHECK(astara && !suez && !cape);
        if (strcmp(nm, "INSTC Caspian") == 0)
            CHECK(feeder && !astara && !bereket);
        if (strcmp(nm, "INSTC East") == 0)
            CHECK(bereket && !astara);
        if (strcmp(nm, "Suez-Baltic") == 0 || strcmp(nm, "Suez-Black Sea") == 0)
            CHECK(suez && !cape);
        if (strcmp(nm, "Cape-Baltic") == 0)
            CHECK(cape && !suez);
    }
    cor_compare_destroy(&c);
    cor_graph_free(g);
    cor_network_free(net);
}

/* ---- Pareto sets and k-best lists against enumeration of all routes -- */

typedef struct allpaths {
    const cor_graph *g;
    const cor_filter *f;
    uint32_t from, to;
    uint8_t *seen;
    double (*vec)[5]; /* hours, usd, co2e, weight, arcs */
    size_t n, cap;
    double acc[4];
    uint32_t depth;
    long steps;
    uint32_t *on;     /* [nnodes] 1 = the route passes the place (loop-free routes only) */
} allpaths;

static void enumerate(allpaths *e, uint32_t s)
{
    const cor_graph *g = e->g;
    if (++e->steps > 5000000)
        return;
    if (g->state_node[s] == e->to) {
        if (e->n == e->cap) {
            e->cap = e->cap ? e->cap * 2 : 64;
            e->vec = realloc(e->vec, e->cap * sizeof *e->vec);
        }
        /* the terminal handling at the end */
        double *v = e->vec[e->n++];
        v[0] = e->acc[0] + g->term_hours[s];
        v[1] = e->acc[1] + g->term_usd[s];
        v[2] = e->acc[2] + g->term_co2e_kg[s];
        v[3] = e->acc[3] + e->f->term_w[s];
        v[4] = e->depth;
        return;
    }
    e->seen[s] = 1;
    for (uint32_t a = g->first_out[s]; a < g->first_out[s + 1]; a++) {
        uint32_t t = g->head[a];
        if (e->f->weight[a] == INFINITY || e->seen[t] || g->state_node[t] == e->from)
            continue;
        uint32_t vn = g->state_node[t];
        int moves = vn != g->state_node[s];
        if (moves && e->on[vn])
            continue; /* a route passes a place once */
        e->on[vn] += (uint32_t)moves;
        const double *cr = &e->f->crit[4 * (size_t)a];
        double save[4];
        memcpy(save, e->acc, sizeof save);
        e->acc[0] += cr[0];
        e->acc[1] += cr[1];
        e->acc[2] += cr[2];
        e->acc[3] += e->f->weight[a];
        e->depth++;
        enumerate(e, t);
        e->depth--;
        e->on[vn] -= (uint32_t)moves;
        memcpy(e->acc, save, sizeof save);
    }
    e->seen[s] = 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int vdom(const double *a, const double *b)
{
    int strict = 0;
    for (int i = 0; i < 3; i++) {
        if (a[i] > b[i] + 1e-7 * (1 + fabs(b[i])))
            return 0;
        if (a[i] < b[i] - 1e-7 * (1 + fabs(b[i])))
            strict = 1;
    }
    return strict;
}

static int vsame(const double *a, const double *b)
{
    for (int i = 0; i < 3; i++)
        if (fabs(a[i] - b[i]) > 1e-7 * (1 + fabs(b[i])))
            return 0;
    return 1;
}

static void test_pareto_and_kbest(void)
{
    char dir[] = "/tmp/corridor-alt-XXXXXX";
    if (!mkdtemp(dir)) {
        CHECK(0);
        return;
    }
    rng_seed(42424242);
    long cases = 0, pareto_points = 0, kpaths = 0, ploops = 0, kloops = 0, pareto_dropped = 0;
    for (int iter = 0; iter < 200; iter++) {
        uint32_t nn = 3 + rnd(4);
        if (write_random_network(dir, nn) != 0)
            break;
        cor_network *net = load(dir);
        if (!net) {
            CHECK(0);
            continue;
        }
        cor_graph *g = NULL;
        CHECK(cor_graph_build(net, &g, NULL) == COR_OK);
        for (int k = 0; k < 4; k++) {
            uint32_t from = rnd(nn), to = rnd(nn);
            if (from == to)
                continue;
            cor_query q;
            cor_query_init(&q, 2020 + (int)rnd(12));
            q.by = (cor_objective)rnd(3);
            cor_filter f;
            CHECK(cor_filter_init(&f, g, &q, NULL) == COR_OK);
            allpaths e = {g, &f, from, to, calloc(g->nstates + 1, 1), NULL, 0, 0, {0, 0, 0, 0}, 0, 0,
                          calloc(g->nnodes + 1, sizeof(uint32_t))};
            e.on[from] = 1;
            for (uint32_t st = g->node_first_state[from]; st < g->node_first_state[from + 1]; st++) {
                /* the terminal handling at the start */
                e.acc[0] = g->term_hours[st];
                e.acc[1] = g->term_usd[st];
                e.acc[2] = g->term_co2e_kg[st];
                e.acc[3] = f.term_w[st];
                enumerate(&e, st);
            }
            CHECK(e.steps <= 5000000);
            /* Pareto: the non-dominated vectors of all routes, without repeats */
            size_t nfront = 0;
            double (*front)[5] = malloc((e.n + 1) * sizeof *front);
            for (size_t i = 0; i < e.n; i++) {
                int dom = 0;
                for (size_t j = 0; j < e.n && !dom; j++)
                    dom = vdom(e.vec[j], e.vec[i]);
                for (size_t j = 0; j < nfront && !dom; j++)
                    dom = vsame(front[j], e.vec[i]);
                if (!dom)
                    memcpy(front[nfront++], e.vec[i], sizeof *front);
            }
            cor_path_set ps;
            cor_path_set_init(&ps);
            cor_status s = cor_pareto(&f, &q, from, to, NULL, &ps, NULL);
            /* the loop-free front: a route dropped for passing a place twice
             * may hide loop-free routes it dominated */
            CHECK(s == COR_OK ? e.n > 0 : (e.n == 0 || ps.dropped_loops > 0));
            CHECK(ps.dropped_loops ? ps.n <= nfront : ps.n == nfront);
            pareto_dropped += ps.dropped_loops;
            for (uint32_t i = 0; i < ps.n; i++) {
                double v[3] = {0, 0, 0};
                const cor_path *pp = &ps.paths[i];
                uint32_t s0 = g->tail[pp->arcs[0]], s1 = g->head[pp->arcs[pp->narcs - 1]];
                v[0] = g->term_hours[s0] + g->term_hours[s1];
                v[1] = g->term_usd[s0] + g->term_usd[s1];
                v[2] = g->term_co2e_kg[s0] + g->term_co2e_kg[s1];
                for (uint32_t a = 0; a < ps.paths[i].narcs; a++)
                    for (int c = 0; c < 3; c++)
                        v[c] += f.crit[4 * (size_t)ps.paths[i].arcs[a] + c];
                int found = 0;
                for (size_t j = 0; j < nfront && !found; j++)
                    found = vsame(front[j], v);
                CHECK(found);
                if (i)
                    CHECK(v[0] >= 0); /* sorted by hours below */
            }
            for (uint32_t i = 1; i < ps.n; i++) {
                const cor_path *pa = &ps.paths[i - 1], *pb = &ps.paths[i];
                double h0 = g->term_hours[g->tail[pa->arcs[0]]] + g->term_hours[g->head[pa->arcs[pa->narcs - 1]]];
                double h1 = g->term_hours[g->tail[pb->arcs[0]]] + g->term_hours[g->head[pb->arcs[pb->narcs - 1]]];
                for (uint32_t a = 0; a < ps.paths[i - 1].narcs; a++)
                    h0 += f.crit[4 * (size_t)ps.paths[i - 1].arcs[a]];
                for (uint32_t a = 0; a < ps.paths[i].narcs; a++)
                    h1 += f.crit[4 * (size_t)ps.paths[i].arcs[a]];
                CHECK(h0 <= h1 + 1e-9);
            }
            for (uint32_t i = 0; i < ps.n; i++)
                ploops += cor_path_repeated_node(&f, &ps.paths[i], NULL) == 1;
            pareto_points += (long)ps.n;
            cor_path_set_destroy(&ps);
            free(front);
            /* k best: the k smallest weights of all routes, in order */
            uint32_t kk = 1 + rnd(6);
            double *w = malloc((e.n + 1) * sizeof *w);
            for (size_t i = 0; i < e.n; i++)
                w[i] = e.vec[i][3];
            qsort(w, e.n, sizeof *w, cmp_double);
            cor_path_set ks;
            cor_path_set_init(&ks);
            s = cor_k_shortest(&f, &q, from, to, kk, NULL, &ks, NULL);
            CHECK((s == COR_OK) == (e.n > 0));
            size_t want = e.n < kk ? e.n : kk;
            CHECK(ks.n == want);
            for (uint32_t i = 0; i < ks.n && i < want; i++) {
                CHECK_NEAR(ks.paths[i].weight, w[i], 1e-6 * (1 + w[i]));
                /* loopless, connected, from origin to destination */
                const cor_path *kp = &ks.paths[i];
                double sum = f.term_w[g->tail[kp->arcs[0]]] + f.term_w[g->head[kp->arcs[kp->narcs - 1]]];
                for (uint32_t a = 0; a < ks.paths[i].narcs; a++) {
                    sum += f.weight[ks.paths[i].arcs[a]];
                    if (a)
                        CHECK(g->tail[ks.paths[i].arcs[a]] == g->head[ks.paths[i].arcs[a - 1]]);
                    for (uint32_t b = a + 1; b < ks.paths[i].narcs; b++)
                        CHECK(g->head[ks.paths[i].arcs[a]] != g->head[ks.paths[i].arcs[b]]);
                }
                CHECK_NEAR(sum, ks.paths[i].weight, 1e-6 * (1 + sum));
                for (uint32_t j = 0; j < i; j++)
                    CHECK(!(ks.paths[j].narcs == ks.paths[i].narcs &&
                            memcmp(ks.paths[j].arcs, ks.paths[i].arcs, ks.paths[i].narcs * sizeof(uint32_t)) == 0));
            }
            for (uint32_t i = 0; i < ks.n; i++)
                kloops += cor_path_repeated_node(&f, &ks.paths[i], NULL) == 1;
            kpaths += (long)ks.n;
            cor_path_set_destroy(&ks);
            free(w);
            free(e.seen);
            free(e.vec);
            free(e.on);
            cor_filter_destroy(&f);
            cases++;
        }
        cor_graph_free(g);
        cor_network_free(net);
    }
    fprintf(stderr, "  %ld queries: %ld Pareto routes and %ld k-best routes checked against enumeration "
                    "(loop-free; %ld Pareto routes dropped for passing a place twice)\n", cases, pareto_points, kpaths,
            pareto_dropped);
    CHECK(ploops == 0 && kloops == 0);
    CHECK(cases > 400 && pareto_points > 300 && kpaths > 600);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
}

/* ---- budgets, approximate fronts, hostile networks -------------------- */

/* The costs of p (hours, usd, co2e, weight, terminal handling included);
 * 1 if p is a route from `from` to `to` by the rules (connected, usable
 * arcs, no state twice, no other state of either end), else 0. */
static int route_costs(const cor_graph *g, const cor_filter *f, uint32_t from, uint32_t to, const cor_path *p,
                       double v[4])
{
    if (p->narcs == 0)
        return 0;
    uint32_t s0 = g->tail[p->arcs[0]], s1 = g->head[p->arcs[p->narcs - 1]];
    v[0] = g->term_hours[s0] + g->term_hours[s1];
    v[1] = g->term_usd[s0] + g->term_usd[s1];
    v[2] = g->term_co2e_kg[s0] + g->term_co2e_kg[s1];
    v[3] = f->term_w[s0] + f->term_w[s1];
    int ok = g->state_node[s0] == from && g->state_node[s1] == to && p->from_node == from && p->to_node == to;
    uint8_t *seen = calloc(g->nstates, 1);
    seen[s0] = 1;
    for (uint32_t i = 0; i < p->narcs && ok; i++) {
        uint32_t a = p->arcs[i], t = g->head[a];
        ok = a < g->narcs && f->weight[a] != INFINITY && (i == 0 || g->tail[a] == g->head[p->arcs[i - 1]]) &&
             !seen[t] && g->state_node[t] != from && (i + 1 == p->narcs || g->state_node[t] != to);
        seen[t] = 1;
        for (int c = 0; c < 3; c++)
            v[c] += f->crit[4 * (size_t)a + c];
        v[3] += f->weight[a];
    }
    free(seen);
    return ok;
}

/* Does some route of the set cover r = (hours, usd, co2e, .., arcs) as the
 * epsilon guarantee says: no more hours, and 1 + c within a factor
 * (1 + eps)^arcs(r) of 1 + c(r) on usd and co2e? */
static int eps_covered(const double (*listed)[4], uint32_t n, const double *r, double eps)
{
    double k = pow(1 + eps, r[4]) * (1 + 1e-7);
    for (uint32_t i = 0; i < n; i++)
        if (listed[i][0] <= r[0] + 1e-7 * (1 + r[0]) && 1 + listed[i][1] <= k * (1 + r[1]) + 1e-7 &&
            1 + listed[i][2] <= k * (1 + r[2]) + 1e-7)
            return 1;
    return 0;
}

/* Every route of ps valid; their costs into *listed (caller frees). */
static void listed_costs(const cor_graph *g, const cor_filter *f, uint32_t from, uint32_t to, const cor_path_set *ps,
                         double (**listed)[4])
{
    *listed = malloc((ps->n + 1) * sizeof **listed);
    for (uint32_t i = 0; i < ps->n; i++) {
        CHECK(route_costs(g, f, from, to, &ps->paths[i], (*listed)[i]));
        if (i)
            CHECK((*listed)[i - 1][0] <= (*listed)[i][0] + 1e-9 * (1 + (*listed)[i][0])); /* sorted by hours */
    }
}

static int has_text(const cor_diag *d, const char *a, const char *b)
{
    for (size_t i = 0; i < d->count; i++)
        if (strstr(d->items[i].msg, a) && (!b || strstr(d->items[i].msg, b)))
            return 1;
    return 0;
}

/* All routes of a query (allpaths), and their exact front. */
static size_t enumerate_all(allpaths *e, const cor_graph *g, const cor_filter *f, uint32_t from, double (**front)[5])
{
    for (uint32_t st = g->node_first_state[from]; st < g->node_first_state[from + 1]; st++) {
        e->acc[0] = g->term_hours[st];
        e->acc[1] = g->term_usd[st];
        e->acc[2] = g->term_co2e_kg[st];
        e->acc[3] = f->term_w[st];
        e->depth = 0;
        enumerate(e, st);
    }
    size_t nfront = 0;
    *front = malloc((e->n + 1) * sizeof **front);
    for (size_t i = 0; i < e->n; i++) {
        int dom = 0;
        for (size_t j = 0; j < e->n && !dom; j++)
            dom = vdom(e->vec[j], e->vec[i]);
        for (size_t j = 0; j < nfront && !dom; j++)
            dom = vsame((*front)[j], e->vec[i]);
        if (!dom)
            memcpy((*front)[nfront++], e->vec[i], sizeof **front);
    }
    return nfront;
}

/* Approximate fronts against the guarantee, and tiny label budgets: the
 * budget error, or a truncated set of exact Pareto routes holding every
 * one of at most complete_hours. */
static void test_pareto_budgets(void)
{
    char dir[] = "/tmp/corridor-budget-XXXXXX";
    if (!mkdtemp(dir)) {
        CHECK(0);
        return;
    }
    rng_seed(31337);
    long cases = 0, approx = 0, trunc = 0, elimit = 0, complete = 0, smaller = 0;
    cor_diag d;
    cor_diag_init(&d, 10);
    for (int iter = 0; iter < 160; iter++) {
        uint32_t nn = 3 + rnd(4);
        if (write_random_network(dir, nn) != 0)
            break;
        cor_network *net = load(dir);
        if (!net) {
            CHECK(0);
            continue;
        }
        cor_graph *g = NULL;
        CHECK(cor_graph_build(net, &g, NULL) == COR_OK);
        for (int k = 0; k < 4; k++) {
            uint32_t from = rnd(nn), to = rnd(nn);
            if (from == to)
                continue;
            cor_query q;
            cor_query_init(&q, 2020 + (int)rnd(12));
            q.by = (cor_objective)rnd(3);
            cor_filter f;
            CHECK(cor_filter_init(&f, g, &q, NULL) == COR_OK);
            allpaths e = {g, &f, from, to, calloc(g->nstates + 1, 1), NULL, 0, 0, {0, 0, 0, 0}, 0, 0,
                          calloc(g->nnodes + 1, sizeof(uint32_t))};
            e.on[from] = 1;
            double(*front)[5] = NULL;
            size_t nfront = enumerate_all(&e, g, &f, from, &front);
            CHECK(e.steps <= 5000000);
            /* an approximate front: every route covered as documented */
            double eps = rnd(2) ? 0.05 : 0.5;
            cor_budget b = {0, 0, eps};
            cor_path_set ps;
            cor_path_set_init(&ps);
            cor_status s = cor_pareto(&f, &q, from, to, &b, &ps, NULL);
            CHECK((s == COR_OK) == (e.n > 0));
            CHECK(ps.epsilon == eps && !ps.truncated && (s != COR_OK || ps.labels > 0));
            double(*listed)[4] = NULL;
            listed_costs(g, &f, from, to, &ps, &listed);
            for (uint32_t i = 0; i < ps.n; i++)
                for (uint32_t j = 0; j < ps.n; j++)
                    CHECK(i == j || !vdom(listed[j], listed[i]));
            for (size_t i = 0; i < e.n; i++)
                CHECK(eps_covered((const double(*)[4])listed, ps.n, e.vec[i], eps));
            approx += ps.n;
            smaller += ps.n < nfront;
            free(listed);
            cor_path_set_destroy(&ps);
            /* a tiny budget of labels (and so of routes: max_labels / 50) */
            uint64_t ml = rnd(2) ? 1 + rnd(30) : 50 + rnd(400);
            double beps = rnd(3) == 0 ? 0.1 : 0;
            cor_budget bb = {ml, 0, beps};
            cor_path_set_init(&ps);
            cor_diag_clear(&d);
            s = cor_pareto(&f, &q, from, to, &bb, &ps, &d);
            CHECK(ps.labels <= ml);
            if (s == COR_ELIMIT) {
                elimit++;
                CHECK(ps.n == 0 && has_text(&d, "--max-labels", "--pareto-epsilon"));
            } else if (s == COR_ENOROUTE) {
                CHECK(e.n == 0 && !ps.truncated);
            } else {
                CHECK(s == COR_OK && ps.n > 0 && ps.n <= (ml / 50 ? ml / 50 : 1));
                listed_costs(g, &f, from, to, &ps, &listed);
                double top = ps.truncated ? ps.complete_hours : INFINITY;
                if (ps.truncated) {
                    trunc++;
                    CHECK(ps.limit_name && (strcmp(ps.limit_name, "max_labels") == 0 ? ps.limit == ml
                                            : strcmp(ps.limit_name, "max_routes") == 0 ? ps.limit == (ml / 50 ? ml / 50 : 1)
                                                                                         : 0));
                } else {
                    complete++;
                }
                if (beps == 0) {
                    /* exact: every route listed is Pareto-optimal, and every
                     * Pareto route of at most `top` hours is listed */
                    for (uint32_t i = 0; i < ps.n; i++) {
                        int found = 0;
                        for (size_t j = 0; j < nfront && !found; j++)
                            found = vsame(front[j], listed[i]);
                        CHECK(found);
                    }
                    for (size_t j = 0; j < nfront; j++) {
                        if (!(front[j][0] <= top))
                            continue;
                        int found = 0;
                        for (uint32_t i = 0; i < ps.n && !found; i++)
                            found = vsame(front[j], listed[i]);
                        CHECK(found);
                    }
                    if (!ps.truncated)
                        CHECK(ps.n == nfront);
                } else {
                    for (size_t i = 0; i < e.n; i++)
                        if (e.vec[i][0] <= top)
                            CHECK(eps_covered((const double(*)[4])listed, ps.n, e.vec[i], beps));
                }
                free(listed);
            }
            cor_path_set_destroy(&ps);
            free(front);
            free(e.seen);
            free(e.vec);
            free(e.on);
            cor_filter_destroy(&f);
            cases++;
        }
        cor_graph_free(g);
        cor_network_free(net);
    }
    /* an epsilon out of range is a usage error */
    cor_network *net = load(FIXTURE("hand"));
    cor_graph *g = NULL;
    if (net && cor_graph_build(net, &g, NULL) == COR_OK) {
        cor_query q;
        cor_query_init(&q, 2030);
        cor_filter f;
        CHECK(cor_filter_init(&f, g, &q, NULL) == COR_OK);
        double bad[] = {-0.1, NAN, INFINITY, 1e-12, 1e4};
        for (int i = 0; i < 5; i++) {
            cor_budget b = {0, 0, bad[i]};
            cor_path_set ps;
            cor_path_set_init(&ps);
            CHECK(cor_pareto(&f, &q, node(net, "N1"), node(net, "N2"), &b, &ps, NULL) == COR_EUSAGE);
            cor_path_set_destroy(&ps);
        }
        cor_filter_destroy(&f);
    } else {
        CHECK(0);
    }
    cor_graph_free(g);
    cor_network_free(net);
    cor_diag_destroy(&d);
    fprintf(stderr,
            "  %ld queries: %ld approximate routes (%ld fronts smaller than the exact one); tiny budgets: %ld "
            "truncated, %ld budget errors, %ld complete\n",
            cases, approx, smaller, trunc, elimit, complete);
    CHECK(cases > 300 && approx > 200 && trunc > 50 && elimit > 20 && complete > 20);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
}

/* K best with K up to 100 against enumeration, and with tiny budgets of
 * work: the budget error, or the first n routes of the true order. */
static void test_kbest_budgets(void)
{
    char dir[] = "/tmp/corridor-kbudget-XXXXXX";
    if (!mkdtemp(dir)) {
        CHECK(0);
        return;
    }
    rng_seed(8675309);
    long cases = 0, trunc = 0, elimit = 0, full = 0, routes = 0;
    cor_diag d;
    cor_diag_init(&d, 10);
    for (int iter = 0; iter < 160; iter++) {
        uint32_t nn = 3 + rnd(5);
        if (write_random_network(dir, nn) != 0)
            break;
        cor_network *net = load(dir);
        if (!net) {
            CHECK(0);
            continue;
        }
        cor_graph *g = NULL;
        CHECK(cor_graph_build(net, &g, NULL) == COR_OK);
        for (int k = 0; k < 4; k++) {
            uint32_t from = rnd(nn), to = rnd(nn);
            if (from == to)
                continue;
            cor_query q;
            cor_query_init(&q, 2020 + (int)rnd(12));
            q.by = (cor_objective)rnd(5);
            q.value_of_time_usd_per_teu_day = rnd(200);
            q.carbon_price_usd_per_t = rnd(150);
            cor_filter f;
            CHECK(cor_filter_init(&f, g, &q, NULL) == COR_OK);
            allpaths e = {g, &f, from, to, calloc(g->nstates + 1, 1), NULL, 0, 0, {0, 0, 0, 0}, 0, 0,
                          calloc(g->nnodes + 1, sizeof(uint32_t))};
            e.on[from] = 1;
            double(*front)[5] = NULL;
            enumerate_all(&e, g, &f, from, &front);
            free(front);
            double *w = malloc((e.n + 1) * sizeof *w);
            for (size_t i = 0; i < e.n; i++)
                w[i] = e.vec[i][3];
            qsort(w, e.n, sizeof *w, cmp_double);
            for (int pass = 0; pass < 2; pass++) {
                uint32_t kk = pass ? 1 + rnd(8) : 1 + rnd(COR_MAX_ALTERNATIVES);
                uint64_t mw = pass ? 1 + rnd(60) : 0;
                cor_budget b = {0, mw, 0};
                cor_path_set ks;
                cor_path_set_init(&ks);
                cor_diag_clear(&d);
                cor_status s = cor_k_shortest(&f, &q, from, to, kk, &b, &ks, &d);
                if (mw)
                    CHECK(ks.work <= mw);
                size_t want = e.n < kk ? e.n : kk;
                if (s == COR_ELIMIT) {
                    elimit++;
                    CHECK(mw && ks.n == 0 && has_text(&d, "--max-work", NULL));
                } else if (s == COR_ENOROUTE) {
                    CHECK(e.n == 0);
                } else {
                    CHECK(s == COR_OK && ks.n >= 1);
                    if (ks.truncated) {
                        trunc++;
                        CHECK(mw && ks.n <= want && ks.limit == mw && strcmp(ks.limit_name, "max_work") == 0);
                    } else {
                        full++;
                        CHECK(ks.n == want);
                    }
                    for (uint32_t i = 0; i < ks.n && i < want; i++) {
                        double v[4];
                        CHECK(route_costs(g, &f, from, to, &ks.paths[i], v));
                        CHECK_NEAR(v[3], ks.paths[i].weight, 1e-6 * (1 + v[3]));
                        CHECK_NEAR(ks.paths[i].weight, w[i], 1e-6 * (1 + w[i]));
                        for (uint32_t j = 0; j < i; j++)
                            CHECK(!(ks.paths[j].narcs == ks.paths[i].narcs &&
                                    memcmp(ks.paths[j].arcs, ks.paths[i].arcs,
                                           ks.paths[i].narcs * sizeof(uint32_t)) == 0));
                    }
                    routes += ks.n;
                }
                cor_path_set_destroy(&ks);
            }
            free(w);
            free(e.seen);
            free(e.vec);
            free(e.on);
            cor_filter_destroy(&f);
            cases++;
        }
        cor_graph_free(g);
        cor_network_free(net);
    }
    cor_diag_destroy(&d);
    fprintf(stderr, "  %ld queries: %ld k-best routes checked; tiny budgets: %ld truncated, %ld budget errors\n", cases,
            routes, trunc, elimit);
    CHECK(cases > 300 && routes > 3000 && trunc > 30 && elimit > 30 && full > 300);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
}

static void write_road_modes(const char *dir)
{
    char path[512];
    snprintf(path, sizeof path, "%s/modes.csv", dir);
    FILE *f = fopen(path, "w");
    fprintf(f, "mode,speed_kmh,rate_usd_per_teu_km,co2e_g_per_tkm,payload_t_per_teu,source\nroad,40,1,50,10,test\n");
    fclose(f);
}

/* k diamonds in series, D0 .. Dk: from D(i) the upper branch (via U(i))
 * takes 2^i / 8 hours more, the lower one (via L(i)) USD 2^i more; every
 * link is 1 km of road (0.025 h, USD 1, 0.5 kg).  The 2^k routes are all
 * Pareto-optimal: route m (bit i set = upper branch at diamond i) takes
 * 0.05 k + m / 8 hours and USD 2 k + 2^k - 1 - m, and k kg. */
static void write_diamonds(const char *dir, int k)
{
    char path[512];
    write_road_modes(dir);
    snprintf(path, sizeof path, "%s/nodes.csv", dir);
    FILE *f = fopen(path, "w");
    fprintf(f, "id,name,lat,lon,source\n");
    for (int i = 0; i <= k; i++)
        fprintf(f, "D%d,Diamond %d,10,%.4f,test\n", i, i, i * 0.001); /* close together: links of 1 km fit */
    for (int i = 0; i < k; i++)
        fprintf(f, "U%d,Upper %d,10.0005,%.4f,test\nL%d,Lower %d,9.9995,%.4f,test\n", i, i, i * 0.001 + 0.0005, i, i,
                i * 0.001 + 0.0005);
    fclose(f);
    snprintf(path, sizeof path, "%s/links.csv", dir);
    f = fopen(path, "w");
    fprintf(f, "id,from,to,mode,distance_km,fixed_hours,fixed_usd,oneway,source\n");
    for (int i = 0; i < k; i++) {
        double p = (double)(1u << i);
        fprintf(f, "UA%d,D%d,U%d,road,1,%g,0,no,test\nUB%d,U%d,D%d,road,1,0,0,no,test\n", i, i, i, p / 8, i, i, i + 1);
        fprintf(f, "LA%d,D%d,L%d,road,1,0,%g,no,test\nLB%d,L%d,D%d,road,1,0,0,no,test\n", i, i, i, p, i, i, i + 1);
    }
    fclose(f);
}

/* A ladder of n steps: rails A0 .. An and B0 .. Bn, a rung Ai - Bi at
 * every step, roads of 10 to 99 km. */
static void write_ladder(const char *dir, uint32_t n)
{
    char path[512];
    write_road_modes(dir);
    snprintf(path, sizeof path, "%s/nodes.csv", dir);
    FILE *f = fopen(path, "w");
    fprintf(f, "id,name,lat,lon,source\n");
    for (uint32_t i = 0; i <= n; i++)
        fprintf(f, "A%u,Rail A %u,10,%.5f,test\nB%u,Rail B %u,10.0001,%.5f,test\n", i, i, i * 1e-4, i, i, i * 1e-4);
    fclose(f);
    snprintf(path, sizeof path, "%s/links.csv", dir);
    f = fopen(path, "w");
    fprintf(f, "id,from,to,mode,distance_km,oneway,source\n");
    for (uint32_t i = 0; i < n; i++)
        fprintf(f, "A%u-%u,A%u,A%u,road,%u,no,test\nB%u-%u,B%u,B%u,road,%u,no,test\n", i, i + 1, i, i + 1,
                10 + rnd(90), i, i + 1, i, i + 1, 10 + rnd(90));
    for (uint32_t i = 0; i <= n; i++)
        fprintf(f, "R%u,A%u,B%u,road,%u,no,test\n", i, i, i, 10 + rnd(90));
    fclose(f);
}

/* A reference for the K best weights, computed differently: depth-first
 * branch and bound over loopless routes, pruned by a lower bound (plain
 * Dijkstra to the destination, O(V^2)) against the K-th best so far. */
typedef struct kref {
    const cor_graph *g;
    const cor_filter *f;
    uint32_t from, to, k, n;
    double *h, *best;
    uint8_t *seen;
    long steps;
} kref;

static void kref_dfs(kref *r, uint32_t s, double w)
{
    const cor_graph *g = r->g;
    r->steps++;
    if (r->n == r->k && w + r->h[s] >= r->best[r->k - 1])
        return;
    if (g->state_node[s] == r->to) {
        double x = w + r->f->term_w[s];
        uint32_t i = r->n < r->k ? r->n++ : r->k - 1;
        while (i > 0 && r->best[i - 1] > x) {
            r->best[i] = r->best[i - 1];
            i--;
        }
        r->best[i] = x;
        return;
    }
    r->seen[s] = 1;
    uint32_t order[16], m = 0;
    for (uint32_t a = g->first_out[s]; a < g->first_out[s + 1] && m < 16; a++) {
        uint32_t t = g->head[a];
        if (r->f->weight[a] == INFINITY || r->seen[t] || g->state_node[t] == r->from || r->h[t] == INFINITY)
            continue;
        uint32_t i = m++; /* most promising first */
        while (i > 0 && r->f->weight[order[i - 1]] + r->h[g->head[order[i - 1]]] > r->f->weight[a] + r->h[t]) {
            order[i] = order[i - 1];
            i--;
        }
        order[i] = a;
    }
    for (uint32_t i = 0; i < m; i++)
        kref_dfs(r, g->head[order[i]], w + r->f->weight[order[i]]);
    r->seen[s] = 0;
}

static uint32_t kref_run(const cor_graph *g, const cor_filter *f, uint32_t from, uint32_t to, uint32_t k, double *best)
{
    uint32_t ns = g->nstates;
    kref r = {g, f, from, to, k, 0, malloc(ns * sizeof(double)), best, calloc(ns, 1), 0};
    uint8_t *done = calloc(ns, 1);
    for (uint32_t s = 0; s < ns; s++)
        r.h[s] = g->state_node[s] == to ? f->term_w[s] : INFINITY;
    for (;;) {
        uint32_t v = COR_NONE;
        for (uint32_t s = 0; s < ns; s++)
            if (!done[s] && r.h[s] < INFINITY && (v == COR_NONE || r.h[s] < r.h[v]))
                v = s;
        if (v == COR_NONE)
            break;
        done[v] = 1;
        for (uint32_t a = 0; a < g->narcs; a++)
            if (g->head[a] == v && f->weight[a] != INFINITY && r.h[v] + f->weight[a] < r.h[g->tail[a]])
                r.h[g->tail[a]] = r.h[v] + f->weight[a];
    }
    for (uint32_t s = g->node_first_state[from]; s < g->node_first_state[from + 1]; s++)
        kref_dfs(&r, s, f->term_w[s]);
    free(r.h);
    free(r.seen);
    free(done);
    return r.n;
}

/* The networks of the issue "Hardening, round two": 16 diamonds in series
 * (65,536 Pareto routes) and a ladder of 1,000 steps (K = 100).  Results
 * only: time belongs in benchmarks. */
static void test_alternatives_hostile(void)
{
    char dir[] = "/tmp/corridor-hostile-XXXXXX";
    if (!mkdtemp(dir)) {
        CHECK(0);
        return;
    }
    rng_seed(4711);
    write_diamonds(dir, 16);
    cor_network *net = load(dir);
    cor_graph *g = NULL;
    CHECK(net && cor_graph_build(net, &g, NULL) == COR_OK);
    if (!g) {
        cor_network_free(net);
        return;
    }
    cor_query q;
    cor_query_init(&q, 2026);
    cor_filter f;
    CHECK(cor_filter_init(&f, g, &q, NULL) == COR_OK);
    uint32_t d0 = node(net, "D0"), d16 = node(net, "D16");
    const uint32_t all = 1u << 16;
#define DIA_HOURS(m) (0.8 + (double)(m) / 8)
#define DIA_USD(m) (32.0 + (all - 1 - (m)))
    /* budget enough for the whole front: all 2^16 routes, by hours */
    cor_budget big = {4000000, 0, 0};
    cor_path_set ps;
    cor_path_set_init(&ps);
    CHECK(cor_pareto(&f, &q, d0, d16, &big, &ps, NULL) == COR_OK);
    CHECK(ps.n == all && !ps.truncated && ps.labels <= big.max_labels);
    for (uint32_t i = 0; i < ps.n; i++) {
        double v[4];
        CHECK(route_costs(g, &f, d0, d16, &ps.paths[i], v));
        if (fabs(v[0] - DIA_HOURS(i)) > 1e-9 || fabs(v[1] - DIA_USD(i)) > 1e-9 || fabs(v[2] - 16) > 1e-9) {
            CHECK(0);
            break;
        }
    }
    cor_path_set_destroy(&ps);
    /* the default budget: cut to the fastest max_labels / 50 routes */
    cor_path_set_init(&ps);
    CHECK(cor_pareto(&f, &q, d0, d16, NULL, &ps, NULL) == COR_OK);
    uint32_t cap = COR_DEFAULT_MAX_LABELS / COR_LABELS_PER_ROUTE;
    CHECK(ps.n == cap && ps.truncated && ps.limit_name && strcmp(ps.limit_name, "max_routes") == 0 && ps.limit == cap);
    CHECK(ps.complete_hours >= DIA_HOURS(cap - 1) - 1e-9 && ps.complete_hours < DIA_HOURS(cap) + 1e-9);
    for (uint32_t i = 0; i < ps.n; i++) {
        double v[4];
        CHECK(route_costs(g, &f, d0, d16, &ps.paths[i], v));
        if (fabs(v[0] - DIA_HOURS(i)) > 1e-9 || fabs(v[1] - DIA_USD(i)) > 1e-9) {
            CHECK(0);
            break;
        }
    }
    cor_path_set_destroy(&ps);
    /* a small budget of labels: the front up to complete_hours, exactly */
    cor_budget small = {30000, 0, 0};
    cor_path_set_init(&ps);
    CHECK(cor_pareto(&f, &q, d0, d16, &small, &ps, NULL) == COR_OK);
    CHECK(ps.truncated && ps.labels <= small.max_labels && ps.n > 0 && ps.n < all);
    CHECK(ps.complete_hours >= DIA_HOURS(ps.n - 1) - 1e-9 && ps.complete_hours < DIA_HOURS(ps.n) + 1e-9);
    for (uint32_t i = 0; i < ps.n; i++) {
        double v[4];
        CHECK(route_costs(g, &f, d0, d16, &ps.paths[i], v));
        if (fabs(v[0] - DIA_HOURS(i)) > 1e-9) {
            CHECK(0);
            break;
        }
    }
    cor_path_set_destroy(&ps);
    /* epsilon 0.01: far fewer routes, each of the 2^16 covered (32 arcs) */
    cor_budget approx = {0, 0, 0.01};
    cor_path_set_init(&ps);
    CHECK(cor_pareto(&f, &q, d0, d16, &approx, &ps, NULL) == COR_OK);
    CHECK(!ps.truncated && ps.epsilon == 0.01 && ps.n > 16 && ps.n < 2000);
    double(*listed)[4] = NULL;
    listed_costs(g, &f, d0, d16, &ps, &listed);
    double factor = pow(1.01, 32) * (1 + 1e-9);
    uint32_t j = 0;
    for (uint32_t m = 0; m < all && ps.n; m++) {
        /* the listed route with the most hours not above route m's has the
         * least cost among those that could cover m */
        while (j + 1 < ps.n && listed[j + 1][0] <= DIA_HOURS(m) + 1e-9)
            j++;
        if (!(listed[j][0] <= DIA_HOURS(m) + 1e-9 && 1 + listed[j][1] <= factor * (1 + DIA_USD(m)))) {
            CHECK(0);
            break;
        }
    }
    fprintf(stderr, "  16 diamonds: %u routes at epsilon 0.01 (%llu labels) for 65536\n", ps.n,
            (unsigned long long)ps.labels);
    free(listed);
    cor_path_set_destroy(&ps);
#undef DIA_HOURS
#undef DIA_USD
    cor_filter_destroy(&f);
    cor_graph_free(g);
    cor_network_free(net);

    /* a ladder of 1,000 steps: the 100 best, against branch and bound */
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -f '%s'/*.csv", dir);
    CHECK(system(cmd) == 0);
    write_ladder(dir, 1000);
    net = load(dir);
    g = NULL;
    CHECK(net && cor_graph_build(net, &g, NULL) == COR_OK);
    if (g) {
        cor_query_init(&q, 2026);
        q.by = COR_BY_DISTANCE;
        CHECK(cor_filter_init(&f, g, &q, NULL) == COR_OK);
        uint32_t a0 = node(net, "A0"), b1000 = node(net, "B1000");
        double ref[100];
        uint32_t nref = kref_run(g, &f, a0, b1000, 100, ref);
        CHECK(nref == 100);
        cor_path_set ks;
        cor_path_set_init(&ks);
        CHECK(cor_k_shortest(&f, &q, a0, b1000, 100, NULL, &ks, NULL) == COR_OK);
        CHECK(ks.n == 100 && !ks.truncated && ks.work > 0);
        for (uint32_t i = 0; i < ks.n && i < nref; i++) {
            double v[4];
            CHECK(route_costs(g, &f, a0, b1000, &ks.paths[i], v));
            CHECK_NEAR(ks.paths[i].weight, ref[i], 1e-6 * ref[i]);
            CHECK_NEAR(v[3], ks.paths[i].weight, 1e-6 * ref[i]);
            for (uint32_t k = 0; k < i; k++)
                CHECK(!(ks.paths[k].narcs == ks.paths[i].narcs &&
                        memcmp(ks.paths[k].arcs, ks.paths[i].arcs, ks.paths[i].narcs * sizeof(uint32_t)) == 0));
        }
        uint64_t work = ks.work;
        cor_path_set_destroy(&ks);
        /* half the work: the first n exactly, marked truncated */
        cor_budget half = {0, work / 2, 0};
        cor_path_set_init(&ks);
        CHECK(cor_k_shortest(&f, &q, a0, b1000, 100, &half, &ks, NULL) == COR_OK);
        CHECK(ks.truncated && ks.n >= 1 && ks.n < 100 && ks.work <= work / 2);
        for (uint32_t i = 0; i < ks.n; i++)
            CHECK_NEAR(ks.paths[i].weight, ref[i], 1e-6 * ref[i]);
        cor_path_set_destroy(&ks);
        cor_filter_destroy(&f);
    }
    cor_graph_free(g);
    cor_network_free(net);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
}

/* TCD series add up to the route's totals; charts render in each format. */
static void test_tcd(void)
{
    cor_network *net = load(INSTC);
    if (!net) {
        CHECK(0);
        return;
    }
    cor_graph *g = NULL;
    CHECK(cor_graph_build(net, &g, NULL) == COR_OK);
    const char *pairs[][2] = {{"Nhava Sheva", "Moscow"}, {"Shanghai", "Rotterdam"}, {"Bandar Abbas", "Baku"}};
    for (int k = 0; k < 3; k++) {
        cor_query q;
        cor_query_init(&q, 2026);
        q.by = (cor_objective)k;
        cor_itinerary it;
        cor_itinerary_init(&it);
        CHECK(route(g, &q, pairs[k][0], pairs[k][1], &it) == COR_OK);
        cor_tcd_series s;
        CHECK(cor_tcd_series_build(&it, "t", &s) == COR_OK);
        CHECK(s.n >= it.nlegs + it.nstops);
        double km = 0, h = 0, usd = 0;
        for (uint32_t i = 0; i < s.n; i++) {
            const cor_tcd_segment *x = &s.seg[i];
            /* continuous and monotone */
            CHECK_NEAR(x->km0, km, 1e-6);
            CHECK_NEAR(x->h0, h, 1e-6);
            CHECK_NEAR(x->usd0, usd, 1e-6);
            CHECK(x->km1 >= x->km0 && x->h1 >= x->h0 && x->usd1 >= x->usd0);
            if (x->kind != COR_TCD_LEG)
                CHECK(x->km1 == x->km0);
            km = x->km1;
            h = x->h1;
            usd = x->usd1;
        }
        CHECK_NEAR(km, it.totals.distance_km, 1e-6 * (1 + km));
        CHECK_NEAR(h, it.totals.hours, 1e-6 * (1 + h));
        CHECK_NEAR(usd, it.totals.cost_usd, 1e-6 * (1 + usd));
        /* render each format into memory and check the file type */
        static const char *magic[3] = {"<?xml", "\x89PNG", "%PDF"};
        for (int fmt = 0; fmt < 3; fmt++) {
            char *buf = NULL;
            size_t len = 0;
            FILE *f = open_memstream(&buf, &len);
            CHECK(cor_tcd_render(f, (cor_chart_format)fmt, &s, 1, "test", NULL) == COR_OK);
            fclose(f);
            CHECK(len > 1000 && memcmp(buf, magic[fmt], strlen(magic[fmt])) == 0);
            free(buf);
        }
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        CHECK(cor_tcd_write_csv(f, &s, 1) == COR_OK);
        fclose(f);
        int lines = 0;
        for (size_t i = 0; i < len; i++)
            lines += buf[i] == '\n';
        CHECK(lines == (int)s.n + 1);
        free(buf);
        cor_tcd_series_destroy(&s);
        cor_itinerary_destroy(&it);
    }
    cor_graph_free(g);
    cor_network_free(net);
}

/* Emissions by hand on the fixture: 100 km rail twice at 20 g/t-km.
 *   default payload 10 t: 2 x 100 x 10 x 20 / 1000 = 40 kg + 3 kg hub
 *   20 t and 25 % empty running: 2 x 100 x 20 x 1.25 x 20 / 1000 = 100 kg
 *   with a factor table (rail WTW 30, TTW 24): 2 x 100 x 10 x 30 / 1000 =
 *   60 kg, of which TTW 48 kg, WTT 12 kg. */
static void test_emissions(void)
{
    cor_network *net = load(FIXTURE("hand"));
    if (!net) {
        CHECK(0);
        return;
    }
    cor_graph *g = NULL;
    CHECK(cor_graph_build(net, &g, NULL) == COR_OK);
    cor_query q;
    cor_query_init(&q, 2026);
    cor_itinerary it;
    cor_itinerary_init(&it);
    CHECK(route(g, &q, "A", "B", &it) == COR_OK);
    CHECK_NEAR(it.totals.co2e_kg, 43, 1e-9);
    CHECK_NEAR(it.totals.leg_co2e_kg, 40, 1e-9);
    CHECK_NEAR(it.totals.hub_co2e_kg, 3, 1e-9);
    CHECK_NEAR(it.totals.tonne_km, 2000, 1e-9);
    CHECK(isnan(it.totals.ttw_kg));
    q.payload_t_per_teu = 20;
    q.empty_running = 0.25;
    q.by = COR_BY_CO2;
    CHECK(route(g, &q, "A", "B", &it) == COR_OK);
    CHECK_NEAR(it.totals.leg_co2e_kg, 100, 1e-9);
    CHECK_NEAR(it.totals.tonne_km, 5000, 1e-9);
    CHECK_NEAR(it.path.weight, 103, 1e-9); /* the routing objective sees the same */
    /* indicators: moving 4 h of 14 h; no border; handling 10 h, USD 50 */
    CHECK_NEAR(it.totals.moving_hours, 4, 1e-9);
    CHECK_NEAR(it.totals.handling_hours, 10, 1e-9);
    CHECK_NEAR(it.totals.handling_usd, 50, 1e-9);
    CHECK_NEAR(it.totals.border_hours, 0, 1e-9);
    cor_itinerary_destroy(&it);
    cor_graph_free(g);
    cor_network_free(net);

    char dir[] = "/tmp/corridor-ef-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[256];
    snprintf(path, sizeof path, "%s/factors.csv", dir);
    FILE *f = fopen(path, "w");
    fprintf(f, "id,mode,wtw_g_per_tkm,ttw_g_per_tkm,version,source\nr,rail,30,24,test v1,test\n");
    fclose(f);
    cor_diag d;
    cor_diag_init(&d, 10);
    CHECK(cor_network_load_with(FIXTURE("hand"), NULL, 0, path, &net, &d) == COR_OK);
    CHECK(cor_network_factor(net, COR_MODE_RAIL)->defined);
    CHECK(cor_graph_build(net, &g, NULL) == COR_OK);
    cor_query_init(&q, 2026);
    cor_itinerary_init(&it);
    CHECK(route(g, &q, "A", "B", &it) == COR_OK);
    CHECK_NEAR(it.totals.leg_co2e_kg, 60, 1e-9);
    CHECK_NEAR(it.totals.ttw_kg, 48, 1e-9);
    cor_itinerary_destroy(&it);
    cor_graph_free(g);
    cor_network_free(net);
    /* a bad factor table is rejected with its location */
    f = fopen(path, "w");
    fprintf(f, "id,mode,wtw_g_per_tkm,ttw_g_per_tkm,version,source\nr,rail,30,40,test v1,test\n");
    fclose(f);
    cor_diag_clear(&d);
    net = NULL;
    CHECK(cor_network_load_with(FIXTURE("hand"), NULL, 0, path, &net, &d) == COR_EDATA && !net);
    CHECK(d.count >= 1 && d.items[0].line == 2 && strstr(d.items[0].msg, "more than the well-to-wheel"));
    cor_diag_destroy(&d);
    remove(path);
    rmdir(dir);
}

/* One run of everything that allocates: scenario, load, graph, filter,
 * route, itinerary, writer, Pareto, k best, compare.  Returns the first
 * status that is not COR_OK. */
static cor_status oom_run(void)
{
    cor_diag d;
    if (cor_diag_init(&d, 20) != COR_OK)
        return COR_ENOMEM;
    cor_status first = COR_OK;
#define STEP(x)                                                                                                  \
    do {                                                                                                         \
        cor_status s_ = (x);                                                                                     \
        if (s_ != COR_OK && first == COR_OK)                                                                     \
            first = s_;                                                                                          \
    } while (0)
    cor_scenario *sc = NULL;
    cor_network *net = NULL;
    cor_graph *g = NULL;
    cor_filter f;
    memset(&f, 0, sizeof f);
    cor_workspace *ws = NULL;
    cor_path p;
    cor_path_init(&p);
    cor_itinerary it;
    cor_itinerary_init(&it);
    cor_path_set ps;
    cor_path_set_init(&ps);
    cor_compare c;
    cor_compare_init(&c);
    STEP(cor_scenario_load(FIXTURE("hand") "/scenarios/slow-gauge.json", &sc, &d));
    if (first == COR_OK)
        STEP(cor_network_load_scenarios(FIXTURE("hand"), &sc, 1, &net, &d));
    if (first == COR_OK)
        STEP(cor_graph_build(net, &g, &d));
    cor_query q;
    cor_query_init(&q, 2030);
    if (first == COR_OK)
        STEP(cor_filter_init(&f, g, &q, &d));
    if (first == COR_OK) {
        ws = cor_workspace_new();
        if (!ws)
            first = COR_ENOMEM;
    }
    if (first == COR_OK)
        STEP(cor_shortest_path(&f, &q, ws, node(net, "A"), node(net, "B"), &p, &d));
    if (first == COR_OK)
        STEP(cor_itinerary_build(&it, &f, &q, &p, &d));
    if (first == COR_OK) {
        char *buf = NULL;
        size_t len = 0;
        FILE *mf = open_memstream(&buf, &len);
        cor_status ws_ = cor_write_itinerary(mf, &it, COR_FMT_JSON);
        /* the GeoJSON (stops, totals), the quotes and the fitted table too */
        static const cor_format more[] = {COR_FMT_GEOJSON, COR_FMT_MD, COR_FMT_HTML, COR_FMT_TABLE};
        for (size_t k = 0; k < sizeof more / sizeof *more && ws_ == COR_OK; k++)
            ws_ = cor_write_itinerary(mf, &it, more[k]);
        fclose(mf);
        free(buf);
        STEP(ws_ == COR_EIO ? COR_ENOMEM : ws_);
    }
    if (first == COR_OK)
        STEP(cor_pareto(&f, &q, node(net, "N1"), node(net, "N2"), NULL, &ps, &d));
    cor_path_set_destroy(&ps);
    cor_path_set_init(&ps);
    if (first == COR_OK)
        STEP(cor_k_shortest(&f, &q, node(net, "P1"), node(net, "P2"), 3, NULL, &ps, &d));
    if (first == COR_OK)
        STEP(cor_compare_run(&c, g, &q, "base", node(net, "A"), node(net, "B"), &d));
    if (first == COR_OK) { /* the comparison as a quote and as GeoJSON */
        char *buf = NULL;
        size_t len = 0;
        FILE *mf = open_memstream(&buf, &len);
        cor_status cs = cor_write_compare(mf, &c, COR_FMT_HTML);
        if (cs == COR_OK)
            cs = cor_write_compare(mf, &c, COR_FMT_GEOJSON);
        fclose(mf);
        free(buf);
        STEP(cs == COR_EIO ? COR_ENOMEM : cs);
    }
    /* a sea service rerouted round a closed passage */
    cor_network *lanes = NULL;
    cor_graph *lg = NULL;
    cor_filter lf;
    memset(&lf, 0, sizeof lf);
    cor_itinerary lit;
    cor_itinerary_init(&lit);
    cor_path lp;
    cor_path_init(&lp);
    if (first == COR_OK)
        STEP(cor_network_load(FIXTURE("lanes"), &lanes, &d));
    if (first == COR_OK)
        STEP(cor_graph_build(lanes, &lg, &d));
    cor_query lq;
    cor_query_init(&lq, 2026);
    if (first == COR_OK) {
        lq.avoid_passages = (uint64_t)1 << cor_network_find_passage(lanes, "canal");
        STEP(cor_filter_init(&lf, lg, &lq, &d));
    }
    if (first == COR_OK)
        STEP(cor_shortest_path(&lf, &lq, ws, node(lanes, "P"), node(lanes, "Q"), &lp, &d));
    if (first == COR_OK)
        STEP(cor_itinerary_build(&lit, &lf, &lq, &lp, &d));
    cor_itinerary_destroy(&lit);
    cor_path_destroy(&lp);
    cor_filter_destroy(&lf);
    cor_graph_free(lg);
    cor_network_free(lanes);
#undef STEP
    cor_compare_destroy(&c);
    cor_path_set_destroy(&ps);
    cor_itinerary_destroy(&it);
    cor_path_destroy(&p);
    cor_workspace_free(ws);
    cor_filter_destroy(&f);
    cor_graph_free(g);
    cor_network_free(net);
    cor_scenario_free(sc);
    if (first == COR_ENOMEM) {
        int said = 0;
        for (size_t i = 0; i < d.count; i++)
            said |= strstr(d.items[i].msg, "out of memory") != NULL;
        if (!said && d.count)
            first = COR_EINTERNAL; /* an allocation failure reported as something else */
    }
    if (first != COR_OK && first != COR_ENOMEM && getenv("COR_DEBUG_OOM") && d.count)
        fprintf(stderr, "    %s\n", d.items[0].msg);
    cor_diag_destroy(&d);
    return first;
}

/* Fail the n-th allocation for every n: each run ends in COR_ENOMEM (or
 * succeeds if the allocation was one it could do without), never in a
 * crash, another status or a leak (the sanitizer build checks leaks). */
static void test_alloc_failures(void)
{
    cor_alloc_hook_libraries();
    cor_alloc_fail_at(0);
    CHECK(oom_run() == COR_OK);
    long total = cor_alloc_count();
    CHECK(total > 100);
    long enomem = 0, ok = 0, other = 0;
    for (long n = 1; n <= total; n++) {
        cor_alloc_fail_at(n);
        cor_status s = oom_run();
        if (s == COR_ENOMEM)
            enomem++;
        else if (s == COR_OK)
            ok++;
        else {
            other++;
            fprintf(stderr, "  allocation %ld of %ld: status %s\n", n, total, cor_status_name(s));
        }
    }
    cor_alloc_fail_at(0);
    fprintf(stderr, "  %ld allocations failed one at a time: %ld ENOMEM, %ld recovered, %ld other\n", total, enomem,
            ok, other);
    CHECK(other == 0);
    CHECK(enomem > total / 2);
}

const cor_test cor_tests_main[] = {
    {"status_table", test_status_table},
    {"csv_positions", test_csv_positions},
    {"csv_bad", test_csv_bad},
    {"load_and_lookup", test_load_and_lookup},
    {"graph_invariants", test_graph_invariants},
    {"hand_routes", test_hand_routes},
    {"dijkstra_vs_bruteforce", test_dijkstra_vs_bruteforce},
    {"instc", test_instc},
    {"writers", test_writers},
    {"sea_distances", test_sea_distances},
    {"shipped_scenarios", test_shipped_scenarios},
    {"passage_closures", test_passage_closures},
    {"corridors", test_corridors},
    {"pareto_and_kbest", test_pareto_and_kbest},
    {"pareto_budgets", test_pareto_budgets},
    {"kbest_budgets", test_kbest_budgets},
    {"alternatives_hostile", test_alternatives_hostile},
    {"tcd", test_tcd},
    {"emissions", test_emissions},
    {"alloc_failures", test_alloc_failures},
    {NULL, NULL},
};

int main(int argc, char **argv)
{
    static const cor_test *const lists[] = {cor_tests_main, cor_tests_safety, cor_tests_trust, cor_tests_generic,
                                            cor_tests_quote, cor_tests_corridor, cor_tests_warn, cor_tests_box,
                                            cor_tests_large, cor_tests_cch};
    int passed = 0, failed = 0;
    for (size_t l = 0; l < sizeof lists / sizeof *lists; l++)
        for (const cor_test *t = lists[l]; t->name; t++) {
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
    gsl_rng_free(rng);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
