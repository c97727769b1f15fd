/* fuzz_reliability.c -- variability.csv and seasons.csv against the
 * fixture network: the input is split at its first "%%\n" line into the
 * two files (no such line: all of it is seasons.csv).  What parses is
 * used: every month's closures and factors are read back, the route A -> D
 * and P1 -> P2 compiled into plans in each month and simulated. */
#include "corridor/graph.h"
#include "corridor/report.h"
#include "corridor/route.h"
#include "corridor/simulate.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static cor_network *net;
    static cor_graph *g;
    cor_diag d;
    cor_diag_init(&d, 50);
    if (!net) {
        if (cor_network_load(fuzz_dir(), &net, &d) != COR_OK || cor_graph_build(net, &g, &d) != COR_OK)
            abort(); /* the fixture loads */
    }
    const char *text = (const char *)data, *var = NULL, *sea = text;
    size_t nvar = 0, nsea = size;
    for (size_t i = 0; i + 3 <= size; i++)
        if ((i == 0 || text[i - 1] == '\n') && memcmp(text + i, "%%\n", 3) == 0) {
            var = text, nvar = i, sea = text + i + 3, nsea = size - i - 3;
            break;
        }
    cor_reliability *r = NULL;
    cor_status s = cor_reliability_parse(net, var, nvar, "variability.csv", sea, nsea, "seasons.csv", &r, &d);
    fuzz_check_diag(&d, s);
    if ((s == COR_OK) != (r != NULL))
        abort();
    if (r) {
        for (int m = 0; m <= 12; m++) {
            for (uint32_t l = 0; l < cor_network_link_count(net); l++)
                if (cor_reliability_link_factor(r, l, m) < 1 ||
                    (cor_reliability_link_closed(r, l, m) && !cor_reliability_closed_why(r, l, 0, m)))
                    abort();
            for (uint32_t n = 0; n < cor_network_node_count(net); n++)
                if (cor_reliability_node_factor(r, n, m) < 1)
                    abort();
        }
        const char *ends[][2] = {{"A", "D"}, {"P1", "P2"}};
        for (int m = 0; m <= 12; m += 3)
            for (int k = 0; k < 2; k++) {
                uint32_t a, b, sugg[1];
                if (cor_network_find_node(net, ends[k][0], &a, sugg, 1) != COR_OK ||
                    cor_network_find_node(net, ends[k][1], &b, sugg, 1) != COR_OK)
                    continue;
                cor_query q;
                cor_query_init(&q, 2026);
                q.depart_month = m;
                q.reliability = r;
                cor_sim_options o;
                cor_sim_options_init(&o);
                o.runs = 50;
                cor_sim_result res;
                cor_diag_clear(&d);
                if (cor_simulate_trip(g, &q, r, m, a, b, &o, &res, NULL, &d) == COR_OK &&
                    !(res.p50_days <= res.p95_days && res.mean_days >= 0))
                    abort();
                cor_sim_result_destroy(&res);
            }
    }
    cor_reliability_free(r);
    cor_diag_destroy(&d);
    return 0;
}
