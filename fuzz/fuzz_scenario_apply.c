/* fuzz_scenario_apply.c -- scenarios built from the input's bytes (scale
 * factors that compound, changed and added rows with extreme values and
 * odd text, services added with add_service and the transfers it derives,
 * removals, closed passages), applied to the fixture network.
 * Unlike fuzz_scenario (raw JSON), every input is a well-formed scenario,
 * so the fuzzer spends its time on what applying does.  Checked: every
 * error has a message and a known status; every network that loads keeps
 * the model's invariants (cor_network_check: numbers finite and in range,
 * text printable), its graph passes cor_graph_check, and a query returns a
 * finite route or none. */
#include <jansson.h>
#include <math.h>

#include "corridor/graph.h"
#include "corridor/model.h"
#include "corridor/route.h"
#include "corridor/scenario.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct src {
    const uint8_t *p;
    size_t n;
} src;

static unsigned byte(src *s)
{
    if (!s->n)
        return 0;
    s->n--;
    return *s->p++;
}

static const char *const node_ids[] = {"A", "G", "B", "C", "D", "P1", "P2", "W1", "W2", "N1", "N2", "ZZ"};
static const char *const link_ids[] = {"L1", "L2", "R1", "S1", "S2", "Y1", "Y2", "QQ"};
static const char *const whats[] = {"dwell_hours",   "transfer_dwell_hours", "border_dwell_hours", "handling_usd",
                                    "border_fee_usd", "rate_usd_per_teu_km", "speed_kmh",          "headway_hours"};
static const char *const modes[] = {"sea", "feeder", "rail", "road", "ferry", "iww"};
static const char *const num_cols[] = {"distance_km", "speed_kmh",   "rate_usd_per_teu_km", "co2e_g_per_tkm",
                                       "fixed_hours", "fixed_usd",   "headway_hours",       "capacity_teu_per_year",
                                       "open_year",   "close_year"};
static const char *const texts[] = {"", "  ", "x", "A", "\xe5\x8c\x97\xe5\x8c\x97", "a\x1b[2Jb", "line\nbreak",
                                    "\xe2\x80\xae" "evil", "tab\there", "ok name"};

/* A number from the bytes: ordinary, extreme, or not a number at all. */
static json_t *number(src *s)
{
    static const double special[] = {0, -1, 1e-300, 1e300, 1e-7, 0.001, 1000, 1001, 40000, 40001, 2200, 1799};
    unsigned k = byte(s);
    if (k < 96)
        return json_real(special[k % (sizeof special / sizeof *special)]);
    if (k < 112)
        return json_string(k & 1 ? "0x10" : " 12");
    if (k < 120)
        return json_string(k & 1 ? "nan" : "inf");
    double v = (double)(byte(s) | byte(s) << 8) / (1 + byte(s));
    return json_real(k & 1 ? -v : v);
}

static json_t *text(src *s)
{
    unsigned k = byte(s);
    if (k < 200)
        return json_string(texts[k % (sizeof texts / sizeof *texts)]);
    /* a long name */
    size_t n = 200 + byte(s) * 4;
    char *b = malloc(n + 1);
    memset(b, 'n', n);
    b[n] = '\0';
    json_t *j = json_string(b);
    free(b);
    return j;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    src s = {data, size};
    json_t *root = json_object(), *links = json_array(), *nodes = json_array(), *scale = json_array(),
           *close = json_array();
    json_object_set_new(root, "name", json_string("fuzz"));
    unsigned nops = byte(&s) % 24;
    for (unsigned i = 0; i < nops; i++) {
        unsigned kind = byte(&s) % 6;
        if (kind == 0) { /* a scale factor */
            json_t *o = json_object();
            json_object_set_new(o, "what", json_string(whats[byte(&s) % 8]));
            static const double factors[] = {1000, 0.001, 2, 0.5, 1e-300, 999.9, 1};
            json_object_set_new(o, "factor", json_real(factors[byte(&s) % 7]));
            unsigned nn = byte(&s) % 4;
            if (nn) {
                json_t *a = json_array();
                for (unsigned k = 0; k < nn; k++)
                    json_array_append_new(a, json_string(node_ids[byte(&s) % 12]));
                json_object_set_new(o, "nodes", a);
            }
            if (byte(&s) & 1) {
                json_t *a = json_array();
                json_array_append_new(a, json_string(modes[byte(&s) % 6]));
                json_object_set_new(o, "modes", a);
            }
            json_array_append_new(scale, o);
        } else if (kind == 1) { /* change a number of a link */
            json_t *o = json_object();
            json_object_set_new(o, "op", json_string("change"));
            json_object_set_new(o, "id", json_string(link_ids[byte(&s) % 8]));
            json_object_set_new(o, num_cols[byte(&s) % 10], number(&s));
            json_array_append_new(links, o);
        } else if (kind == 2) { /* rename a node */
            json_t *o = json_object();
            json_object_set_new(o, "op", json_string("change"));
            json_object_set_new(o, "id", json_string(node_ids[byte(&s) % 12]));
            json_object_set_new(o, byte(&s) & 1 ? "name" : "aliases", text(&s));
            json_array_append_new(nodes, o);
        } else if (kind == 3) { /* add a link, or a service with its transfers (add_service) */
            json_t *o = json_object();
            int svc = byte(&s) & 1;
            json_object_set_new(o, "op", json_string(svc ? "add_service" : "add"));
            static const char *const tcols[] = {"transfer_dwell_hours", "transfer_dwell_p95_hours", "transfer_cost_usd",
                                                "transfer_co2e_kg"};
            for (unsigned k = 0; svc && k < 4; k++)
                if (byte(&s) & 1)
                    json_object_set_new(o, tcols[k], number(&s));
            char id[16];
            snprintf(id, sizeof id, "F%u", i);
            json_object_set_new(o, "id", json_string(id));
            json_object_set_new(o, "from", json_string(node_ids[byte(&s) % 12]));
            json_object_set_new(o, "to", json_string(node_ids[byte(&s) % 12]));
            json_object_set_new(o, "mode", json_string(modes[byte(&s) % 6]));
            if (byte(&s) & 1)
                json_object_set_new(o, "gauge_mm", json_integer(byte(&s) & 1 ? 1435 : 1520));
            json_object_set_new(o, "distance_km", number(&s));
            json_object_set_new(o, num_cols[1 + byte(&s) % 9], number(&s));
            json_object_set_new(o, "source", text(&s));
            json_array_append_new(links, o);
        } else if (kind == 4) { /* remove */
            json_t *o = json_object();
            json_object_set_new(o, "op", json_string("remove"));
            json_object_set_new(o, "id", json_string(byte(&s) & 1 ? link_ids[byte(&s) % 8] : node_ids[byte(&s) % 12]));
            json_array_append_new(byte(&s) & 1 ? links : nodes, o);
        } else {
            json_array_append_new(close, json_string(byte(&s) & 1 ? "canal" : "nowhere"));
        }
    }
    json_object_set_new(root, "links", links);
    json_object_set_new(root, "nodes", nodes);
    json_object_set_new(root, "scale", scale);
    json_object_set_new(root, "close_passages", close);
    char *text_out = json_dumps(root, JSON_COMPACT);
    json_decref(root);
    if (!text_out)
        return 0;
    fuzz_write("apply.json", (const uint8_t *)text_out, strlen(text_out));
    free(text_out);

    char path[512];
    snprintf(path, sizeof path, "%s/apply.json", fuzz_dir());
    cor_diag d;
    cor_diag_init(&d, 50);
    cor_scenario *sc = NULL;
    cor_status st = cor_scenario_load(path, &sc, &d);
    fuzz_check_diag(&d, st);
    if (st == COR_OK) {
        cor_network *net = NULL;
        st = cor_network_load_scenarios(fuzz_dir(), &sc, 1, &net, &d);
        fuzz_check_diag(&d, st);
        if (st == COR_OK) {
            if (cor_network_check(net, &d) != COR_OK)
                abort();
            cor_graph *g = NULL;
            if (cor_graph_build(net, &g, &d) != COR_OK || cor_graph_check(g, &d) != COR_OK)
                abort();
            cor_query q;
            cor_query_init(&q, 2026);
            q.by = (cor_objective)(byte(&s) % 5);
            cor_filter f;
            cor_workspace *ws = cor_workspace_new();
            cor_path p;
            cor_path_init(&p);
            uint32_t a = byte(&s) % cor_network_node_count(net), b = byte(&s) % cor_network_node_count(net);
            if (a != b && cor_filter_init(&f, g, &q, &d) == COR_OK) {
                cor_status r = cor_shortest_path(&f, &q, ws, a, b, &p, &d);
                if (r == COR_OK && !isfinite(p.weight))
                    abort();
                if (r != COR_OK && r != COR_ENOROUTE)
                    abort();
                cor_filter_destroy(&f);
            }
            cor_path_destroy(&p);
            cor_workspace_free(ws);
            cor_graph_free(g);
        }
        cor_network_free(net);
    }
    cor_scenario_free(sc);
    cor_diag_destroy(&d);
    return 0;
}
