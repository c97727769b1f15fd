/*
 * test_corridor.c -- unit tests of what a corridor means (compare.h): on the
 * shipped network, Nhava Sheva-Tehran is not a trip for the INSTC Caspian
 * corridor, and no route is ever labelled with a corridor whose required
 * elements it lacks; on random networks with random corridors, no route of
 * any corridor passes a place twice, each has its corridor's required
 * elements, and applicability follows the near/beyond rule.  The chart
 * tests (tcd.h: label boxes never overlap, SVG text) are here too.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "corridor/compare.h"
#include "corridor/graph.h"
#include "corridor/model.h"
#include "corridor/report.h"
#include "corridor/route.h"
#include "corridor/tcd.h"
#include "runner.h"

#define load_at(dir) cor_test_load(dir)
#define node(net, q) cor_test_node(net, q)

#define INSTC CORRIDOR_SOURCE_DIR "/data/instc"

/* The places of a route, in order (transfers stay at one place). */
static int passes_twice(const cor_graph *g, const cor_path *p)
{
    uint32_t *on = calloc(g->nnodes + 1, sizeof *on);
    uint32_t last = p->from_node;
    int twice = 0;
    on[last] = 1;
    for (uint32_t i = 0; i < p->narcs && !twice; i++) {
        uint32_t n = g->state_node[g->head[p->arcs[i]]];
        if (n == last)
            continue;
        twice = on[n]++ > 0;
        last = n;
    }
    free(on);
    return twice;
}

/* Does the itinerary have requirement r (an independent reading of it)? */
static int has_requirement(const cor_itinerary *it, const cor_requirement *r)
{
    const cor_graph *g = it->g;
    const cor_network *net = g->net;
    for (uint32_t i = 0; i < it->path.narcs; i++) {
        uint32_t a = it->path.arcs[i];
        if (g->kind[a] != COR_ARC_LINK)
            continue;
        const cor_link *l = cor_network_link(net, g->ref[a]);
        const char *ca = cor_network_node(net, l->from)->country, *cb = cor_network_node(net, l->to)->country;
        switch (r->kind) {
        case COR_REQ_PASSAGE:
            if ((it->views[i].passages >> r->passage) & 1)
                return 1;
            break;
        case COR_REQ_TAG:
            if (cor_link_has_tag(l, r->tag))
                return 1;
            break;
        case COR_REQ_BORDER:
            if ((l->mode == COR_MODE_RAIL || l->mode == COR_MODE_ROAD) &&
                ((!strcmp(ca, r->a) && !strcmp(cb, r->b)) || (!strcmp(ca, r->b) && !strcmp(cb, r->a))))
                return 1;
            break;
        }
    }
    return 0;
}

static const cor_compare_item *item_named(const cor_compare *c, const char *name)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->items[i]->corridor && strcmp(c->items[i]->corridor->name, name) == 0)
            return c->items[i];
    return NULL;
}

/* Every item of a compare: a route passes no place twice and has every
 * element its corridor requires; an item is not applicable exactly when
 * the near/beyond rule says so. */
static long check_items(const cor_compare *c, const cor_network *net, uint32_t from, uint32_t to, long *routes)
{
    long bad = 0;
    for (size_t i = 0; i < c->n; i++) {
        const cor_compare_item *x = c->items[i];
        const cor_corridor *k = x->corridor;
        if (x->status == COR_OK) {
            (*routes)++;
            if (passes_twice(x->g, &x->it.path)) {
                bad++;
                fprintf(stderr, "  %s: the route passes a place twice\n", k ? k->name : "best");
            }
            for (uint32_t r = 0; k && r < k->nrequires; r++)
                if (!has_requirement(&x->it, &k->requires[r])) {
                    bad++;
                    fprintf(stderr, "  %s: the route lacks requirement %u\n", k->name, r);
                }
            CHECK(x->applicable);
        }
        if (k && (k->nnear || k->nbeyond)) {
            const char *oc = cor_network_node(net, from)->country, *dc = cor_network_node(net, to)->country;
            int on = !k->nnear, ob = !k->nbeyond, dn = !k->nnear, db = !k->nbeyond;
            for (uint32_t j = 0; j < k->nnear; j++) {
                on |= !strcmp(k->near[j], oc);
                dn |= !strcmp(k->near[j], dc);
            }
            for (uint32_t j = 0; j < k->nbeyond; j++) {
                ob |= !strcmp(k->beyond[j], oc);
                db |= !strcmp(k->beyond[j], dc);
            }
            CHECK(x->applicable == ((on && db) || (ob && dn)));
        }
        if (!x->applicable)
            CHECK(x->status == COR_ENOROUTE && x->reason[0]);
    }
    return bad;
}

static cor_status run_compare(const cor_graph *g, uint32_t from, uint32_t to, int year, cor_compare *c)
{
    cor_query q;
    cor_query_init(&q, year);
    cor_diag d;
    cor_diag_init(&d, 4);
    cor_compare_init(c);
    cor_status s = cor_compare_run(c, g, &q, "base", from, to, &d);
    cor_diag_destroy(&d);
    return s;
}

static void test_corridor_applicability_shipped(void)
{
    cor_network *net = load_at(INSTC);
    CHECK(net != NULL);
    if (!net)
        return;
    cor_graph *g = NULL;
    CHECK(cor_graph_build(net, &g, NULL) == COR_OK);
    uint32_t nsa = node(net, "Nhava Sheva"), thr = node(net, "Tehran"), hel = node(net, "Helsinki"),
             mow = node(net, "Moscow");
    CHECK(nsa != COR_NONE && thr != COR_NONE && hel != COR_NONE && mow != COR_NONE);
    cor_compare c;
    long routes = 0;
    /* Tehran lies before any Caspian crossing */
    CHECK(run_compare(g, nsa, thr, 2026, &c) == COR_OK);
    const cor_compare_item *cas = item_named(&c, "INSTC Caspian");
    CHECK(cas && !cas->applicable && cas->status == COR_ENOROUTE);
    CHECK(cas && strstr(cas->reason, "Tehran") && strstr(cas->reason, "Caspian"));
    char buf[COR_DIAG_TEXT + 32];
    CHECK(cas && strncmp(cor_compare_reason_text(cas, buf, sizeof buf), "not applicable: ", 16) == 0);
    CHECK(check_items(&c, net, nsa, thr, &routes) == 0);
    cor_compare_destroy(&c);
    /* Helsinki: a route is never labelled INSTC Caspian unless it crosses the Caspian */
    CHECK(run_compare(g, nsa, hel, 2026, &c) == COR_OK);
    cas = item_named(&c, "INSTC Caspian");
    CHECK(cas != NULL);
    if (cas && cas->status == COR_OK)
        CHECK(has_requirement(&cas->it, &cas->corridor->requires[0]));
    CHECK(check_items(&c, net, nsa, hel, &routes) == 0);
    cor_compare_destroy(&c);
    /* Moscow: the Caspian route crosses the Caspian; every route as promised */
    CHECK(run_compare(g, nsa, mow, 2026, &c) == COR_OK);
    cas = item_named(&c, "INSTC Caspian");
    CHECK(cas && cas->applicable && cas->status == COR_OK);
    CHECK(check_items(&c, net, nsa, mow, &routes) == 0);
    cor_compare_destroy(&c);
    /* the West corridor from Bandar Abbas by sea, rail and feeder (no
     * truck to Astara): its via point forces a loop (Astara, Azerbaijan is
     * reached from the north), reported as such */
    {
        cor_query q;
        cor_query_init(&q, 2026);
        q.modes = (1u << COR_MODE_SEA) | (1u << COR_MODE_RAIL) | (1u << COR_MODE_FEEDER);
        uint32_t bnd = node(net, "Bandar Abbas");
        CHECK(bnd != COR_NONE);
        cor_compare_init(&c);
        CHECK(cor_compare_run(&c, g, &q, "base", bnd, mow, NULL) == COR_OK);
        const cor_compare_item *w = item_named(&c, "INSTC West");
        CHECK(w && w->applicable && w->status == COR_ENOROUTE && strstr(w->reason, "force a loop"));
        CHECK(check_items(&c, net, bnd, mow, &routes) == 0);
        cor_compare_destroy(&c);
    }
    /* every pair of a sample of places, both ways */
    uint32_t nn = cor_network_node_count(net);
    long pairs = 0;
    for (uint32_t a = 0; a < nn; a += 7)
        for (uint32_t b = 3; b < nn; b += 11) {
            if (a == b || !cor_network_node(net, a)->country[0] || !cor_network_node(net, b)->country[0])
                continue;
            if (run_compare(g, a, b, 2026, &c) == COR_OK)
                CHECK(check_items(&c, net, a, b, &routes) == 0);
            else
                CHECK(0);
            cor_compare_destroy(&c);
            pairs++;
        }
    fprintf(stderr, "  shipped network: %ld pairs, %ld corridor routes checked\n", pairs, routes);
    CHECK(pairs > 100 && routes > 50);
    cor_graph_free(g);
    cor_network_free(net);
}

/* ---- random networks with random corridors --------------------------- */

static uint64_t rng_state;
static uint32_t rnd(uint32_t n)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)((rng_state >> 33) % n);
}

static const char *const countries[] = {"AA", "BB", "CC"};

static int write_random(const char *dir, uint32_t nn)
{
    char path[512];
    snprintf(path, sizeof path, "%s/nodes.csv", dir);
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f, "id,name,country,lat,lon,source\n");
    for (uint32_t i = 0; i < nn; i++)
        fprintf(f, "N%u,Node %u,%s,%.4f,%.4f,random\n", i, i, countries[rnd(3)], rnd(80) * 1e-4, rnd(170) * 1e-4);
    fclose(f);
    snprintf(path, sizeof path, "%s/modes.csv", dir);
    f = fopen(path, "w");
    fprintf(f, "mode,speed_kmh,rate_usd_per_teu_km,co2e_g_per_tkm,payload_t_per_teu,source\n"
               "rail,50,0.2,30,10,r\nroad,40,1.5,90,10,r\nsea,25,0.1,15,10,r\n");
    fclose(f);
    snprintf(path, sizeof path, "%s/links.csv", dir);
    f = fopen(path, "w");
    fprintf(f, "id,from,to,mode,gauge_mm,distance_km,corridors,oneway,source\n");
    uint32_t nl = nn + rnd(2 * nn + 2);
    int used[3][16] = {{0}};
    for (uint32_t i = 0; i < nl; i++) {
        uint32_t a = rnd(nn), b = rnd(nn);
        if (a == b)
            b = (a + 1) % nn;
        uint32_t c = rnd(3);
        used[c][a] = used[c][b] = 1;
        fprintf(f, "L%u,N%u,N%u,%s,%s,%u,%s,%s,r\n", i, a, b, c == 0 ? "rail" : c == 1 ? "road" : "sea",
                c == 0 ? "1435" : "", 1 + rnd(900),
                i == 0 || rnd(4) == 0 ? "t1" : "", rnd(6) == 0 ? "yes" : "no");
    }
    fclose(f);
    snprintf(path, sizeof path, "%s/transfers.csv", dir);
    f = fopen(path, "w");
    static const char *const cls[] = {"rail1435", "road", "sea"};
    fprintf(f, "node,from_class,to_class,kind,dwell_hours,cost_usd,co2e_kg,source\n");
    for (uint32_t n = 0; n < nn; n++) {
        for (int c1 = 0; c1 < 3; c1++)
            for (int c2 = c1 + 1; c2 < 3; c2++)
                if (used[c1][n] && used[c2][n] && rnd(3))
                    fprintf(f, "N%u,%s,%s,%s,%u,%u,%u,r\n", n, cls[c1], cls[c2], c2 == 2 ? "port" : "transfer",
                            rnd(30), rnd(100), rnd(20));
        if (used[2][n] && rnd(2))
            fprintf(f, "N%u,sea,sea,port,%u,%u,%u,r\n", n, rnd(30), rnd(100), rnd(20));
    }
    fclose(f);
    snprintf(path, sizeof path, "%s/corridors.csv", dir);
    f = fopen(path, "w");
    fprintf(f, "name,via,requires,near,beyond,source\n");
    for (int k = 0; k < 4; k++) {
        char via[64] = "", req[64] = "", nr[8] = "", by[8] = "";
        uint32_t nv = rnd(3);
        for (uint32_t v = 0; v < nv; v++) {
            size_t l = strlen(via);
            snprintf(via + l, sizeof via - l, "%sN%u", v ? "|" : "", rnd(nn));
        }
        uint32_t r = rnd(4);
        if (r == 1)
            snprintf(req, sizeof req, "tag:t1");
        else if (r == 2)
            snprintf(req, sizeof req, "border:AA-BB");
        else if (r == 3)
            snprintf(req, sizeof req, "tag:t1|border:BB-CC");
        if (rnd(2)) {
            uint32_t x = rnd(3);
            snprintf(nr, sizeof nr, "%s", countries[x]);
            snprintf(by, sizeof by, "%s", countries[(x + 1 + rnd(2)) % 3]);
        }
        fprintf(f, "K%d,%s,%s,%s,%s,r\n", k, via, req, nr, by);
    }
    fclose(f);
    return 0;
}

/* ---- brute force: the best loop-free route of a corridor ------------- */

typedef struct bf {
    const cor_graph *g;
    const cor_filter *f;
    const cor_query *q;
    const uint8_t *bits;  /* [narcs] requirement sets of each arc */
    uint32_t full, to;
    uint32_t *on;         /* [nnodes] the walk is on the place */
    double best;
} bf;

static void bf_dfs(bf *b, uint32_t s, uint32_t vi, uint32_t mask, double w)
{
    const cor_graph *g = b->g;
    if (w >= b->best)
        return;
    uint32_t n = g->state_node[s];
    if (n == b->to) {
        if (vi == b->q->nvia && mask == b->full && w + b->f->term_w[s] < b->best)
            b->best = w + b->f->term_w[s];
        return; /* a loop-free route passes its destination once, at its end */
    }
    for (uint32_t a = g->first_out[s]; a < g->first_out[s + 1]; a++) {
        if (b->f->weight[a] == INFINITY)
            continue;
        uint32_t t = g->head[a], v = g->state_node[t];
        uint32_t nvi = vi, nmask = mask | b->bits[a];
        if (v != n) {
            if (b->on[v])
                continue;
            while (nvi < b->q->nvia && b->q->via[nvi] == v)
                nvi++;
            b->on[v] = 1;
            bf_dfs(b, t, nvi, nmask, w + b->f->weight[a]);
            b->on[v] = 0;
        } else {
            /* a transfer: the same place, another state (no state twice on
             * one place: a transfer pair is at most one arc each way) */
            if (b->on[v] > 2)
                continue;
            b->on[v]++;
            bf_dfs(b, t, nvi, nmask, w + b->f->weight[a]);
            b->on[v]--;
        }
    }
}

static int arc_meets(const cor_graph *g, uint32_t a, const cor_requirement *r, const cor_filter *f)
{
    if (g->kind[a] != COR_ARC_LINK)
        return 0;
    const cor_network *net = g->net;
    const cor_link *l = cor_network_link(net, g->ref[a]);
    const char *ca = cor_network_node(net, l->from)->country, *cb = cor_network_node(net, l->to)->country;
    cor_link_view v;
    cor_filter_link_view(f, g->ref[a], &v);
    switch (r->kind) {
    case COR_REQ_PASSAGE: return (int)((v.passages >> r->passage) & 1);
    case COR_REQ_TAG: return cor_link_has_tag(l, r->tag);
    case COR_REQ_BORDER:
        return (l->mode == COR_MODE_RAIL || l->mode == COR_MODE_ROAD) &&
               ((!strcmp(ca, r->a) && !strcmp(cb, r->b)) || (!strcmp(ca, r->b) && !strcmp(cb, r->a)));
    }
    return 0;
}

/* The weight of the best loop-free route of item x (INFINITY if none). */
static double brute_corridor(const cor_compare_item *x, uint32_t from, uint32_t to)
{
    const cor_graph *g = x->g;
    const cor_corridor *k = x->corridor;
    cor_filter f;
    if (cor_filter_init(&f, g, &x->q, NULL) != COR_OK) {
        cor_filter_destroy(&f);
        return INFINITY;
    }
    uint8_t *bits = calloc(g->narcs + 1, 1);
    uint32_t nr = k ? k->nrequires : 0;
    for (uint32_t a = 0; a < g->narcs; a++)
        for (uint32_t i = 0; i < nr; i++)
            if (arc_meets(g, a, &k->requires[i], &f))
                bits[a] |= (uint8_t)(1u << i);
    bf b = {g, &f, &x->q, bits, (1u << nr) - 1, to, calloc(g->nnodes + 1, sizeof(uint32_t)), INFINITY};
    b.on[from] = 1;
    uint32_t vi = 0;
    while (vi < x->q.nvia && x->q.via[vi] == from)
        vi++;
    for (uint32_t s = g->node_first_state[from]; s < g->node_first_state[from + 1]; s++)
        bf_dfs(&b, s, vi, 0, f.term_w[s]);
    free(b.on);
    free(bits);
    cor_filter_destroy(&f);
    return b.best;
}

static void test_corridor_random_loop_free(void)
{
    char dir[] = "/tmp/corridor-k-XXXXXX";
    if (!mkdtemp(dir)) {
        CHECK(0);
        return;
    }
    rng_state = 20261201;
    long routes = 0, items = 0, loops = 0, na = 0, bad = 0, exact = 0, dearer = 0;
    for (int iter = 0; iter < 300; iter++) {
        uint32_t nn = 3 + rnd(8);
        if (write_random(dir, nn) != 0) {
            CHECK(0);
            break;
        }
        cor_network *net = load_at(dir);
        CHECK(net != NULL);
        if (!net)
            continue;
        cor_graph *g = NULL;
        CHECK(cor_graph_build(net, &g, NULL) == COR_OK);
        for (int k = 0; k < 5; k++) {
            uint32_t from = rnd(nn), to = rnd(nn);
            if (from == to)
                continue;
            cor_compare c;
            CHECK(run_compare(g, from, to, 2026, &c) == COR_OK);
            bad += check_items(&c, net, from, to, &routes);
            for (size_t i = 0; i < c.n; i++) {
                const cor_compare_item *x = c.items[i];
                if (x->applicable && (x->status == COR_OK || strstr(x->reason, "no route"))) {
                    double bw = brute_corridor(x, from, to);
                    if (x->status == COR_OK) {
                        /* the layered optimum is loop-free: the best loop-free route */
                        CHECK_NEAR(x->weight, bw, 1e-6 * (1 + bw));
                        exact++;
                    } else if (!strstr(x->reason, "force a loop")) {
                        CHECK(bw == INFINITY); /* "no route" means none, loop-free or not */
                    } else {
                        dearer += bw < INFINITY;
                    }
                }
                items++;
                loops += strstr(c.items[i]->reason, "force a loop") != NULL;
                na += !c.items[i]->applicable;
            }
            cor_compare_destroy(&c);
        }
        cor_graph_free(g);
        cor_network_free(net);
    }
    fprintf(stderr, "  %ld corridor items: %ld routes (none passes a place twice; %ld equal to the best loop-free "
                    "route by enumeration), %ld refused as loops (%ld with a loop-free route the search could not "
                    "prove best), %ld not applicable\n", items, routes, exact, loops, dearer, na);
    CHECK(dearer * 20 < loops); /* the branch and bound settles nearly all */
    CHECK(bad == 0);
    CHECK(routes > 300 && loops > 0 && na > 0);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
}

/* ---- charts ----------------------------------------------------------- */

/* No two text boxes of the laid-out chart intersect, and all lie on the
 * canvas; returns the number of boxes of `role`. */
static size_t check_layout(const cor_tcd_series *s, size_t n, const cor_tcd_chart *ch, int role)
{
    cor_tcd_box *b = NULL;
    size_t nb = 0, count = 0;
    CHECK(cor_tcd_layout(s, n, ch, &b, &nb, NULL) == COR_OK);
    for (size_t i = 0; i < nb; i++) {
        count += b[i].role == role;
        CHECK(b[i].x0 >= 0 && b[i].y0 >= 0 && b[i].x1 <= COR_TCD_WIDTH && b[i].y1 <= COR_TCD_HEIGHT);
        CHECK(b[i].x0 < b[i].x1 && b[i].y0 < b[i].y1);
        for (size_t j = i + 1; j < nb; j++) {
            int hit = b[i].x0 < b[j].x1 && b[j].x0 < b[i].x1 && b[i].y0 < b[j].y1 && b[j].y0 < b[i].y1;
            if (hit)
                fprintf(stderr, "  overlap: '%s' and '%s'\n", b[i].text, b[j].text);
            CHECK(!hit);
        }
    }
    free(b);
    return count;
}

/* The chart as SVG text. */
static char *svg_of(const cor_tcd_series *s, size_t n, const cor_tcd_chart *ch)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    CHECK(cor_tcd_render_chart(f, COR_CHART_SVG, s, n, ch, NULL) == COR_OK);
    fclose(f);
    return buf;
}

static void test_chart_labels(void)
{
    cor_network *net = load_at(INSTC);
    CHECK(net != NULL);
    if (!net)
        return;
    cor_graph *g = NULL;
    CHECK(cor_graph_build(net, &g, NULL) == COR_OK);
    static const char *const trips[][2] = {
        {"Nhava Sheva", "Moscow"}, {"Nhava Sheva", "Helsinki"}, {"Nhava Sheva", "Tehran"},
        {"Chabahar", "Almaty"},    {"Moscow", "Mumbai"},        {"Nhava Sheva", "St Petersburg"},
    };
    long charts = 0, line_labels = 0, step_labels = 0;
    for (size_t t = 0; t < sizeof trips / sizeof *trips; t++) {
        uint32_t a = node(net, trips[t][0]), b = node(net, trips[t][1]);
        CHECK(a != COR_NONE && b != COR_NONE);
        /* corridors compared: drawn, and the others listed as not drawn */
        cor_compare c;
        CHECK(run_compare(g, a, b, 2026, &c) == COR_OK);
        cor_tcd_series *ser = calloc(c.n + 1, sizeof *ser);
        const char **an = calloc(c.n + 1, sizeof *an), **aw = calloc(c.n + 1, sizeof *aw);
        size_t ns = 0, na = 0;
        for (size_t i = 0; i < c.n; i++) {
            if (c.items[i]->status == COR_OK)
                CHECK(cor_tcd_series_build(&c.items[i]->it, c.items[i]->corridor->name, &ser[ns++]) == COR_OK);
            else {
                an[na] = c.items[i]->corridor->name;
                aw[na++] = c.items[i]->applicable ? c.items[i]->reason : "not applicable";
            }
        }
        char title[256];
        snprintf(title, sizeof title, "%s -> %s: corridors compared", trips[t][0], trips[t][1]);
        cor_tcd_chart ch = {title, "best by time, links open in 2026; scenario: none", an, aw, na, NULL};
        line_labels += (long)check_layout(ser, ns, &ch, COR_TCD_TEXT_LINE);
        char *svg = svg_of(ser, ns, &ch);
        CHECK(svg && strstr(svg, "<text"));
        char want[300];
        snprintf(want, sizeof want, ">%s -&gt; %s: corridors compared</text>", trips[t][0], trips[t][1]);
        CHECK(svg && strstr(svg, want));
        CHECK(svg && strstr(svg, ">best by time, links open in 2026; scenario: none</text>"));
        for (size_t i = 0; i < ns; i++) {
            snprintf(want, sizeof want, ">%s</text>", ser[i].name);
            CHECK(svg && strstr(svg, want));
        }
        for (size_t i = 0; i < na; i++) {
            snprintf(want, sizeof want, ">%s</text>", an[i]);
            CHECK(svg && strstr(svg, want));
        }
        CHECK(svg && !strstr(svg, "<path"));
        free(svg);
        /* one route: its steps labelled too */
        if (ns) {
            cor_tcd_chart one = {title, NULL, NULL, NULL, 0, NULL};
            step_labels += (long)check_layout(ser, 1, &one, COR_TCD_TEXT_STEP);
        }
        for (size_t i = 0; i < ns; i++)
            cor_tcd_series_destroy(&ser[i]);
        free(ser);
        free(an);
        free(aw);
        cor_compare_destroy(&c);
        charts += 2;
        /* trade-offs: many lines ending close together, named by their legs */
        cor_query q;
        cor_query_init(&q, 2026);
        cor_filter f;
        CHECK(cor_filter_init(&f, g, &q, NULL) == COR_OK);
        cor_path_set ps;
        cor_path_set_init(&ps);
        if (cor_pareto(&f, &q, a, b, NULL, &ps, NULL) == COR_OK) {
            cor_itinerary *its = calloc(ps.n, sizeof *its);
            ser = calloc(ps.n, sizeof *ser);
            for (uint32_t i = 0; i < ps.n; i++) {
                cor_itinerary_init(&its[i]);
                CHECK(cor_itinerary_build(&its[i], &f, &q, &ps.paths[i], NULL) == COR_OK);
                char legs[140], name[160];
                cor_tcd_route_name(&its[i], legs, sizeof legs);
                CHECK(strncmp(legs, "via ", 4) == 0 || strncmp(legs, "direct", 6) == 0);
                snprintf(name, sizeof name, "%u: %s", i + 1, legs);
                CHECK(cor_tcd_series_build(&its[i], name, &ser[i]) == COR_OK);
            }
            cor_tcd_chart ch2 = {"trade-offs", "objective time", NULL, NULL, 0, NULL};
            line_labels += (long)check_layout(ser, ps.n, &ch2, COR_TCD_TEXT_LINE);
            for (uint32_t i = 0; i < ps.n; i++) {
                cor_tcd_series_destroy(&ser[i]);
                cor_itinerary_destroy(&its[i]);
            }
            free(ser);
            free(its);
            charts++;
        }
        cor_path_set_destroy(&ps);
        cor_filter_destroy(&f);
    }
    /* synthetic series: many lines ending close together, names of every
     * length (and markup characters, escaped in the SVG) */
    rng_state = 7;
    for (int t = 0; t < 40; t++) {
        size_t n = 1 + rnd(30);
        cor_tcd_series *ser = calloc(n, sizeof *ser);
        for (size_t r = 0; r < n; r++) {
            uint32_t k = 1 + rnd(6);
            ser[r].seg = calloc(k, sizeof *ser[r].seg);
            ser[r].n = k;
            double km = 0, h = 0, usd = 0;
            for (uint32_t i = 0; i < k; i++) {
                cor_tcd_segment *x = &ser[r].seg[i];
                x->kind = i % 2 ? COR_TCD_STOP : COR_TCD_LEG;
                x->mode = (cor_mode)rnd(COR_MODE_COUNT);
                snprintf(x->label, sizeof x->label, "Place %u <%u> & co", i, rnd(1000));
                x->km0 = km;
                x->h0 = h;
                x->usd0 = usd;
                km += x->kind == COR_TCD_LEG ? 100 + rnd(3000) : 0;
                h += 5 + rnd(200);
                usd += 10 + rnd(900);
                x->km1 = km;
                x->h1 = h;
                x->usd1 = usd;
            }
            uint32_t len = rnd(60);
            snprintf(ser[r].name, sizeof ser[r].name, "%zu: via %.*s & \"x\"", r + 1, (int)len,
                     "Bandar Abbas, Astara (Iran), Rasht, Qazvin, Tehran, Makhachkala, Astrakhan");
        }
        cor_tcd_chart ch = {"synthetic <chart> & title", NULL, NULL, NULL, 0, NULL};
        line_labels += (long)check_layout(ser, n, &ch, COR_TCD_TEXT_LINE);
        step_labels += (long)check_layout(ser, n, &ch, COR_TCD_TEXT_STEP);
        char *svg = svg_of(ser, n, &ch);
        CHECK(svg && strstr(svg, ">synthetic &lt;chart&gt; &amp; title</text>") && !strstr(svg, "<chart>"));
        free(svg);
        for (size_t r = 0; r < n; r++)
            cor_tcd_series_destroy(&ser[r]);
        free(ser);
        charts++;
    }
    fprintf(stderr, "  %ld charts laid out: %ld line labels and %ld step labels placed, no two texts overlap\n",
            charts, line_labels, step_labels);
    CHECK(charts >= 12 && line_labels > 10 && step_labels > 5);
    cor_graph_free(g);
    cor_network_free(net);
}

const cor_test cor_tests_corridor[] = {
    {"chart_labels", test_chart_labels},
    {"corridor_applicability_shipped", test_corridor_applicability_shipped},
    {"corridor_random_loop_free", test_corridor_random_loop_free},
    {NULL, NULL},
};
