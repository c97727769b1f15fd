/*
 * test_quote.c -- unit tests of the quote (md, html), the GeoJSON stops
 * and totals, and the text the quote is built from (route in words, data
 * date, assumption marks).
 *
 * tests/fixtures/quote, drawn by hand:
 *
 *   O ==sea 1000 km (through the canal W1, USD 100 dues)==> H
 *   H --rail1435 300--> R --road 120--> T --rail1435 200--> Y --rail1435 200--> M --200--> Z
 *   XA                  XB  (H, R, T)          border BY at Y    XD (Y)       XC (M, Z)
 *
 *   transfers: H sea>rail1435 (24 h, USD 200), R rail1435>road and T
 *   road>rail1435 (4 h, USD 50); terminals O (sea, 12 h, USD 100) and M
 *   (rail1435, 6 h, USD 60); border BY (6 h, USD 40).  Sea USD 0.1/km, rail
 *   USD 1/km, road USD 2/km: line haul 100 + 300 + 240 + 200 + 200 = 1,040,
 *   dues 100, handling 100 + 200 + 50 + 50 + 60 = 460, border 40; total
 *   1,640.  H is named Harbour <&> "Q" and T Truck & Rail (escaping).
 *   Sources marked as assumptions: S1 (assumption), R1 (derived), R3
 *   (Proxy), transfers H (assumption) and T (assumed), border BY (an
 *   estimate), terminal M (assumption); not D1, R2, transfer R, terminal O.
 *   Status dates: S1 2025-10, R1 2026-03, R2 2024, R4 (off the route)
 *   2026-07-15: the data date.  Regime zed-closed is on by default.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/compare.h"
#include "corridor/graph.h"
#include "corridor/model.h"
#include "corridor/report.h"
#include "corridor/route.h"
#include "runner.h"

#define QUOTE CORRIDOR_SOURCE_DIR "/tests/fixtures/quote"
#define HAND CORRIDOR_SOURCE_DIR "/tests/fixtures/hand"

typedef struct fixture {
    cor_network *net;
    cor_graph *g;
    cor_query q;
    cor_itinerary it;
} fixture;

static uint32_t node_of(const cor_network *net, const char *id)
{
    uint32_t n, s[1];
    return cor_network_find_node(net, id, &n, s, 0) == COR_OK ? n : COR_NONE;
}

/* Load dir and route from -> to in 2026 by time; 0 on success. */
static int setup(fixture *x, const char *dir, const char *from, const char *to)
{
    memset(x, 0, sizeof *x);
    cor_itinerary_init(&x->it);
    cor_diag d;
    cor_diag_init(&d, 10);
    cor_filter f;
    memset(&f, 0, sizeof f);
    cor_workspace *ws = NULL;
    cor_path p;
    cor_path_init(&p);
    cor_status s = cor_network_load(dir, &x->net, &d);
    if (s == COR_OK)
        s = cor_graph_build(x->net, &x->g, &d);
    cor_query_init(&x->q, 2026);
    if (s == COR_OK)
        s = cor_filter_init(&f, x->g, &x->q, &d);
    if (s == COR_OK && !(ws = cor_workspace_new()))
        s = COR_ENOMEM;
    if (s == COR_OK)
        s = cor_shortest_path(&f, &x->q, ws, node_of(x->net, from), node_of(x->net, to), &p, &d);
    if (s == COR_OK)
        s = cor_itinerary_build(&x->it, &f, &x->q, &p, &d);
    cor_path_destroy(&p);
    cor_workspace_free(ws);
    cor_filter_destroy(&f);
    cor_diag_destroy(&d);
    return s == COR_OK ? 0 : -1;
}

static void teardown(fixture *x)
{
    cor_itinerary_destroy(&x->it);
    cor_graph_free(x->g);
    cor_network_free(x->net);
}

static char *render(const cor_itinerary *it, cor_format fmt, const cor_write_opts *o)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    cor_status s = cor_write_itinerary_opts(f, it, fmt, o);
    fclose(f);
    if (s != COR_OK) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* Is the HTML well-formed enough: every element closed in order (void
 * elements excepted), no markup inside attribute values, and no raw '<'
 * or '&' outside markup and entities?  0 if so; else the offset + 1. */
static size_t html_check(const char *h)
{
    static const char *const voids[] = {"meta", "br", "hr", "img", "link", "input"};
    char stack[64][16];
    int depth = 0;
    for (const char *p = h; *p; p++) {
        if (*p == '&') {
            const char *semi = strchr(p, ';');
            if (!semi || semi - p > 8)
                return (size_t)(p - h) + 1;
            for (const char *k = p + 1; k < semi; k++)
                if (!((*k >= 'a' && *k <= 'z') || (*k >= '0' && *k <= '9') || *k == '#'))
                    return (size_t)(p - h) + 1;
            continue;
        }
        if (*p == '>')
            return (size_t)(p - h) + 1;
        if (*p != '<')
            continue;
        const char *end = strchr(p, '>');
        if (!end)
            return (size_t)(p - h) + 1;
        if (p[1] == '!') { /* <!DOCTYPE html> */
            p = end;
            continue;
        }
        int closing = p[1] == '/';
        const char *nm = p + 1 + closing;
        size_t n = 0;
        while (nm[n] && nm[n] != ' ' && nm[n] != '>' && nm[n] != '/')
            n++;
        if (n == 0 || n >= 16)
            return (size_t)(p - h) + 1;
        for (const char *k = nm + n; k < end; k++) /* attributes: quoted, no '<' */
            if (*k == '<')
                return (size_t)(k - h) + 1;
        char name[16];
        memcpy(name, nm, n);
        name[n] = '\0';
        int is_void = 0;
        for (size_t v = 0; v < sizeof voids / sizeof *voids; v++)
            is_void |= strcmp(name, voids[v]) == 0;
        if (closing) {
            if (depth == 0 || strcmp(stack[depth - 1], name) != 0)
                return (size_t)(p - h) + 1;
            depth--;
        } else if (!is_void && end[-1] != '/') {
            if (depth == 64)
                return (size_t)(p - h) + 1;
            memcpy(stack[depth++], name, n + 1);
        }
        if (strcmp(name, "style") == 0 && !closing) { /* CSS: up to </style> */
            const char *close = strstr(end, "</style>");
            if (!close)
                return (size_t)(p - h) + 1;
            p = close - 1;
            continue;
        }
        p = end;
    }
    return depth == 0 ? 0 : strlen(h) + 1;
}

static void test_html_checker(void)
{
    CHECK(html_check("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>a>b{}</style></head>"
                     "<body><p>a &amp; b</p></body></html>") == 0);
    CHECK(html_check("<p><strong>x</p></strong>") != 0);  /* crossed */
    CHECK(html_check("<p>x") != 0);                        /* not closed */
    CHECK(html_check("<p>a < b</p>") != 0);                /* a raw < */
    CHECK(html_check("<p>a & b</p>") != 0);                /* a raw & */
    CHECK(html_check("<p>\"Q\" &gt;</p>") == 0);
}

static void test_route_words(void)
{
    fixture x;
    if (setup(&x, QUOTE, "O", "M") != 0) {
        CHECK(0);
        teardown(&x);
        return;
    }
    char w[512];
    size_t n = cor_route_in_words(&x.it, w, sizeof w);
    CHECK(n == strlen(w));
    CHECK(strcmp(w, "By sea from Origin Port through canal to Harbour <&> \"Q\", rail to Rail Town, truck to "
                    "Truck & Rail, rail via Yonder to Market") == 0);
    char small[20];
    CHECK(cor_route_in_words(&x.it, small, sizeof small) == n); /* cut, but says what it needs */
    CHECK(strlen(small) < sizeof small && strncmp(small, w, strlen(small)) == 0);
    char dd[32];
    cor_data_date(x.net, dd, sizeof dd);
    CHECK(strcmp(dd, "2026-07-15") == 0);
    CHECK(cor_source_is_assumption("dwell: assumption, cost: tariff"));
    CHECK(cor_source_is_assumption("Assumed as at R"));
    CHECK(cor_source_is_assumption("derived: great circle x 1.2"));
    CHECK(cor_source_is_assumption("proxy: CAREC"));
    CHECK(cor_source_is_assumption("an estimate"));
    CHECK(!cor_source_is_assumption("measured by the test"));
    CHECK(!cor_source_is_assumption("unassumed")); /* a word inside another is not one */
    CHECK(!cor_source_is_assumption(""));
    teardown(&x);
}

/* The lines of `s` between the heading `from` and the next heading. */
static char *section(const char *s, const char *from)
{
    const char *a = strstr(s, from);
    if (!a)
        return NULL;
    a += strlen(from);
    const char *b = strstr(a, "\n#");
    size_t n = b ? (size_t)(b - a) : strlen(a);
    char *r = malloc(n + 1);
    if (r) {
        memcpy(r, a, n);
        r[n] = '\0';
    }
    return r;
}

static void test_quote_md(void)
{
    fixture x;
    if (setup(&x, QUOTE, "O", "M") != 0) {
        CHECK(0);
        teardown(&x);
        return;
    }
    char *md = render(&x.it, COR_FMT_MD, NULL);
    CHECK(md != NULL);
    if (!md) {
        teardown(&x);
        return;
    }
    /* the route in words, escaped for Markdown */
    CHECK(strstr(md, "**By sea from Origin Port through canal to Harbour \\<\\&\\> \"Q\", rail to Rail Town, truck "
                     "to Truck \\& Rail, rail via Yonder to Market.**") != NULL);
    CHECK(strstr(md, "Harbour <") == NULL); /* never raw */
    /* totals and the cost per box, worked out by hand */
    CHECK(strstr(md, "USD 1,640 per TEU (20' box)") != NULL);
    CHECK(strstr(md, "| Line haul on 5 legs (rate x distance) | 1,040 |") != NULL);
    CHECK(strstr(md, "| Fixed fees and dues on the legs (canal and strait transits, service fees) | 100 |") != NULL);
    CHECK(strstr(md, "| Handling at 5 stops (terminals, ports, transfers, gauge changes) | 460 |") != NULL);
    CHECK(strstr(md, "| Border fees at 1 crossing | 40 |") != NULL);
    CHECK(strstr(md, "| **Total** | **1,640** |") != NULL);
    /* legs and stops: a GitHub table with a row per leg and stop */
    CHECK(strstr(md, "| # | Leg / stop | Mode | km | Hours | USD per TEU (20' box) | kg CO2e |\n"
                     "|---:|---|---|---:|---:|---:|---:|\n") != NULL);
    CHECK(strstr(md, "| 9 | Yonder: border crossing Yonder crossing (XB\\|XD) |  |  | 6.0 | 40 | 0 |") != NULL);
    /* included and not included */
    char *inc = section(md, "## Included\n");
    CHECK(inc && strstr(inc, "Line haul on every leg") && strstr(inc, "(USD 100 on this route, including the "
                                                                    "transits through canal)") &&
          strstr(inc, "(USD 460)") && strstr(inc, "Border fees at the crossings listed (USD 40)"));
    free(inc);
    char *exc = section(md, "## Not included\n");
    CHECK(exc && strstr(exc, "- Customs duties, import taxes and customs brokerage\n") &&
          strstr(exc, "- Cargo insurance\n") &&
          strstr(exc, "pre-carriage to Origin Port and on-carriage from Market") &&
          strstr(exc, "Demurrage, detention") && strstr(exc, "War-risk"));
    free(exc);
    /* the data date and the regimes in force */
    char *data = section(md, "## Data and regimes\n");
    CHECK(data && strstr(data, "| Data date | 2026-07-15 (the newest status date in the network's links); statuses "
                               "of this route's links as of 2024 to 2026-03 (2 of 5 links undated) |"));
    CHECK(data && strstr(data, "| Box | every figure is per TEU (20' box) |"));
    CHECK(data && strstr(data, "- **zed-closed** (since 2024-01-01): Zed closed \\<for the test\\> \\& more\n"));
    CHECK(data && !strstr(data, "canal-closed")); /* not in force */
    free(data);
    /* the assumptions, each with its leg or stop, and only those */
    char *as = section(md, "## Assumptions and their sources\n");
    CHECK(as != NULL);
    if (as) {
        CHECK(strstr(as, "- Leg 2, Origin Port → Harbour \\<\\&\\> \"Q\" (sea): link S1: assumption: a weekly "
                         "service through the canal, dues USD 100\n") != NULL);
        CHECK(strstr(as, "- Stop 3, Harbour \\<\\&\\> \"Q\": port handling sea to rail1435 (transfers.csv): dwell: "
                         "assumption, cost: tariff\n") != NULL);
        CHECK(strstr(as, "- Leg 4, Harbour \\<\\&\\> \"Q\" → Rail Town (rail1435): link R1: derived") != NULL);
        CHECK(strstr(as, "- Stop 7, Truck \\& Rail: transfer road to rail1435 (transfers.csv): assumed as at R\n"));
        CHECK(strstr(as, "- Stop 9, Yonder: border crossing Yonder crossing (XB\\|XD) (borders.csv): an estimate"));
        CHECK(strstr(as, "- Leg 10, Yonder → Market (rail1435): link R3: Proxy for the test\n") != NULL);
        CHECK(strstr(as, "- Stop 11, Market: terminal handling (rail1435) (terminals.csv): assumption") != NULL);
        CHECK(!strstr(as, "measured") && !strstr(as, "origin tariff") && !strstr(as, "R2"));
        int items = 0;
        for (const char *p = as; (p = strstr(p, "\n- ")) != NULL; p++)
            items++;
        CHECK(items == 7);
    }
    free(as);
    free(md);
    teardown(&x);
}

static void test_quote_html(void)
{
    fixture x;
    if (setup(&x, QUOTE, "O", "M") != 0) {
        CHECK(0);
        teardown(&x);
        return;
    }
    char *h = render(&x.it, COR_FMT_HTML, NULL);
    CHECK(h != NULL);
    if (h) {
        size_t bad = html_check(h);
        if (bad)
            fprintf(stderr, "  HTML not well-formed at byte %zu: %.40s\n", bad - 1, h + bad - 1);
        CHECK(bad == 0);
        CHECK(strncmp(h, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n", 62) == 0);
        CHECK(strstr(h, "<style>") && !strstr(h, "<script") && !strstr(h, "<link") && !strstr(h, "src="));
        CHECK(strstr(h, "<strong>By sea from Origin Port through canal to Harbour &lt;&amp;&gt; &quot;Q&quot;, rail "
                        "to Rail Town, truck to Truck &amp; Rail, rail via Yonder to Market.</strong>") != NULL);
        CHECK(strstr(h, "<h2>Included</h2>") && strstr(h, "<h2>Not included</h2>") &&
              strstr(h, "<li>Cargo insurance</li>"));
        CHECK(strstr(h, "<td>Data date</td><td>2026-07-15 ") != NULL);
        CHECK(strstr(h, "Zed closed &lt;for the test&gt; &amp; more") != NULL);
        CHECK(strstr(h, "<li>Leg 10, Yonder → Market (rail1435): link R3: Proxy for the test</li>") != NULL);
        CHECK(strstr(h, "<tr class=\"total\"><td class=\"num\"></td><td><strong>Total</strong></td>") != NULL);
    }
    free(h);
    teardown(&x);
}

/* Every feature: a Feature with a Point (stop) or LineString (leg) and
 * the properties report.h promises; n legs and stops; the parts add up to
 * the totals that each feature carries. */
static void check_features(json_t *fc, const cor_itinerary *it, const char *corridor)
{
    CHECK(json_is_string(json_object_get(fc, "type")) &&
          strcmp(json_string_value(json_object_get(fc, "type")), "FeatureCollection") == 0);
    json_t *fs = json_object_get(fc, "features"), *f;
    size_t i, legs = 0, stops = 0;
    double usd = 0, hours = 0;
    json_array_foreach(fs, i, f) {
        json_t *geom = json_object_get(f, "geometry"), *pr = json_object_get(f, "properties");
        CHECK(strcmp(json_string_value(json_object_get(f, "type")), "Feature") == 0);
        const char *el = json_string_value(json_object_get(pr, "element"));
        const char *gt = json_string_value(json_object_get(geom, "type"));
        json_t *coords = json_object_get(geom, "coordinates");
        CHECK(el && gt);
        if (!el || !gt)
            continue;
        if (strcmp(el, "stop") == 0) {
            stops++;
            CHECK(strcmp(gt, "Point") == 0);
            CHECK(json_array_size(coords) == 2 && json_is_number(json_array_get(coords, 0)));
            CHECK(json_is_string(json_object_get(pr, "kind")) && json_is_string(json_object_get(pr, "node")) &&
                  json_is_string(json_object_get(pr, "name")));
            CHECK(json_is_number(json_object_get(pr, "dwell_hours")) && json_is_number(json_object_get(pr, "cost_usd")) &&
                  json_is_number(json_object_get(pr, "co2e_kg")));
            /* a Point at its node */
            uint32_t n = node_of(it->g->net, json_string_value(json_object_get(pr, "node")));
            CHECK(n != COR_NONE);
            if (n != COR_NONE)
                CHECK_NEAR(json_number_value(json_array_get(coords, 0)), cor_network_node(it->g->net, n)->lon, 1e-9);
            hours += json_number_value(json_object_get(pr, "dwell_hours"));
        } else {
            legs++;
            CHECK(strcmp(el, "leg") == 0 && strcmp(gt, "LineString") == 0);
            CHECK(json_array_size(coords) >= 2);
            CHECK(json_is_number(json_object_get(pr, "distance_km")) && json_is_number(json_object_get(pr, "hours")));
            hours += json_number_value(json_object_get(pr, "hours"));
        }
        usd += json_number_value(json_object_get(pr, "cost_usd"));
        json_t *t = json_object_get(pr, "route_totals");
        CHECK(json_is_object(t));
        CHECK_NEAR(json_number_value(json_object_get(t, "cost_usd")), it->totals.cost_usd, 0.01);
        CHECK_NEAR(json_number_value(json_object_get(t, "hours")), it->totals.hours, 0.01);
        if (corridor)
            CHECK(json_is_string(json_object_get(pr, "corridor")) &&
                  strcmp(json_string_value(json_object_get(pr, "corridor")), corridor) == 0);
    }
    CHECK(legs == it->nlegs && stops == it->nstops);
    CHECK_NEAR(usd, it->totals.cost_usd, 0.05);
    CHECK_NEAR(hours, it->totals.hours, 0.05);
}

static void test_geojson_stops(void)
{
    fixture x;
    if (setup(&x, QUOTE, "O", "M") != 0) {
        CHECK(0);
        teardown(&x);
        return;
    }
    char *js = render(&x.it, COR_FMT_GEOJSON, NULL);
    json_error_t err;
    json_t *j = js ? json_loads(js, 0, &err) : NULL;
    CHECK(j != NULL);
    if (j) {
        check_features(j, &x.it, NULL);
        /* in the order of the trip: seq 1..n */
        json_t *f;
        size_t i;
        json_array_foreach(json_object_get(j, "features"), i, f)
            CHECK(json_integer_value(json_object_get(json_object_get(f, "properties"), "seq")) == (json_int_t)i + 1);
        /* the border stop says which border */
        json_t *b = json_object_get(json_array_get(json_object_get(j, "features"), 8), "properties");
        CHECK(strcmp(json_string_value(json_object_get(b, "kind")), "border") == 0);
        CHECK(strcmp(json_string_value(json_object_get(b, "border")), "BY") == 0);
        CHECK_NEAR(json_number_value(json_object_get(b, "dwell_hours")), 6, 1e-9);
        CHECK_NEAR(json_number_value(json_object_get(b, "cost_usd")), 40, 1e-9);
    }
    json_decref(j);
    free(js);
    teardown(&x);

    /* a comparison: one FeatureCollection, the corridor on every feature,
     * every corridor listed (an infeasible one too) */
    fixture h;
    if (setup(&h, HAND, "A", "B") != 0) {
        CHECK(0);
        teardown(&h);
        return;
    }
    cor_compare c;
    cor_compare_init(&c);
    cor_diag d;
    cor_diag_init(&d, 4);
    CHECK(cor_compare_run(&c, h.g, &h.q, "base", node_of(h.net, "A"), node_of(h.net, "B"), &d) == COR_OK);
    char *buf = NULL;
    size_t len = 0;
    FILE *mf = open_memstream(&buf, &len);
    CHECK(mf && cor_write_compare(mf, &c, COR_FMT_GEOJSON) == COR_OK);
    if (mf)
        fclose(mf);
    j = buf ? json_loads(buf, 0, &err) : NULL;
    CHECK(j != NULL);
    if (j && c.n == 3 && c.items[0]->status == COR_OK) {
        check_features(j, &c.items[0]->it, "Through the gauge point");
        json_t *list = json_object_get(j, "corridors");
        CHECK(json_array_size(list) == 3);
        CHECK(json_is_false(json_object_get(json_array_get(list, 1), "feasible")) &&
              json_is_string(json_object_get(json_array_get(list, 1), "reason")));
    }
    json_decref(j);
    free(buf);
    cor_diag_destroy(&d);
    cor_compare_destroy(&c);
    teardown(&h);
}

/* A comparison as a quote: the corridors side by side, a corridor
 * without a route with its reason, each route after; HTML well-formed. */
static void test_compare_quote(void)
{
    fixture h;
    if (setup(&h, HAND, "A", "B") != 0) {
        CHECK(0);
        teardown(&h);
        return;
    }
    cor_compare c;
    cor_compare_init(&c);
    cor_diag d;
    cor_diag_init(&d, 4);
    CHECK(cor_compare_run(&c, h.g, &h.q, "base", node_of(h.net, "A"), node_of(h.net, "B"), &d) == COR_OK);
    for (int html = 0; html < 2; html++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *mf = open_memstream(&buf, &len);
        CHECK(mf && cor_write_compare(mf, &c, html ? COR_FMT_HTML : COR_FMT_MD) == COR_OK);
        if (mf)
            fclose(mf);
        if (!buf)
            continue;
        if (html) {
            CHECK(html_check(buf) == 0);
            CHECK(strstr(buf, "<th>Through the gauge point</th><th>Road only</th><th>Avoiding G</th>") != NULL);
            CHECK(strstr(buf, "<td>no route in 2026 (the corridor: by road)</td>") != NULL);
        } else {
            CHECK(strstr(buf, "|  | Through the gauge point | Road only | Avoiding G |\n|---|---|---|---|\n") != NULL);
            CHECK(strstr(buf, "| Route | By rail from Alpha (gauge change at Gauge Point) to Bravo | no route in 2026 "
                              "(the corridor: by road) | no route in 2026 (the corridor: avoiding Gauge Point) |") != NULL);
            CHECK(strstr(buf, "| Compared with the best | best |  |  |") != NULL);
            CHECK(strstr(buf, "## Included in every route\n") && strstr(buf, "## Not included\n") &&
                  strstr(buf, "## Through the gauge point\n") && strstr(buf, "### Assumptions and their sources\n"));
            CHECK(strstr(buf, "## Road only\n\nNo route in 2026 (the corridor: by road)\n") != NULL);
        }
        free(buf);
    }
    cor_diag_destroy(&d);
    cor_compare_destroy(&c);
    teardown(&h);
}

/* Every line of a table fits COR_TABLE_COLUMNS by default; --wide keeps
 * the long lines whole. */
static void test_table_width(void)
{
    fixture x;
    if (setup(&x, QUOTE, "O", "M") != 0) {
        CHECK(0);
        teardown(&x);
        return;
    }
    char *t = render(&x.it, COR_FMT_TABLE, NULL);
    cor_write_opts wide = {1};
    char *w = render(&x.it, COR_FMT_TABLE, &wide);
    CHECK(t && w);
    size_t longest_t = 0, longest_w = 0;
    for (const char *p = t; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        longest_t = n > longest_t ? n : longest_t; /* the fixture's text is ASCII but for arrows */
        p += n + (nl != NULL);
    }
    for (const char *p = w; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        longest_w = n > longest_w ? n : longest_w;
        p += n + (nl != NULL);
    }
    CHECK(longest_t <= COR_TABLE_COLUMNS);
    CHECK(longest_w > COR_TABLE_COLUMNS);
    /* the same words, only wrapped */
    size_t words_t = 0, words_w = 0;
    for (const char *p = t; p && *p; p++)
        words_t += *p != ' ' && *p != '\n' && (p == t || p[-1] == ' ' || p[-1] == '\n');
    for (const char *p = w; p && *p; p++)
        words_w += *p != ' ' && *p != '\n' && (p == w || p[-1] == ' ' || p[-1] == '\n');
    CHECK(words_t == words_w);
    free(t);
    free(w);
    teardown(&x);
}

const cor_test cor_tests_quote[] = {
    {"html_checker", test_html_checker},   {"route_words", test_route_words},
    {"quote_md", test_quote_md},           {"quote_html", test_quote_html},
    {"geojson_stops", test_geojson_stops}, {"compare_quote", test_compare_quote},
    {"table_width", test_table_width},
    {NULL, NULL},
};
