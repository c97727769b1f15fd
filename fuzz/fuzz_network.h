/*
 * fuzz_network.h -- the body of the network-file targets: the input
 * replaces one CSV file (FUZZ_FILE) of the fixture network, which is then
 * loaded, validated, expanded and routed on.  A target is
 *     #define FUZZ_FILE "links.csv"
 *     #include "fuzz_network.h"
 */
#include "corridor/graph.h"
#include "corridor/model.h"
#include "corridor/report.h"
#include "corridor/route.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_write(FUZZ_FILE, data, size);
    cor_diag d;
    cor_diag_init(&d, 50);
    cor_network *net = NULL;
    cor_status s = cor_network_load(fuzz_dir(), &net, &d);
    fuzz_check_diag(&d, s);
    if (s == COR_OK) {
        if (cor_network_check(net, &d) != COR_OK)
            abort(); /* a network that loads keeps the model's invariants */
        cor_graph *g = NULL;
        if (cor_graph_build(net, &g, &d) == COR_OK) {
            if (cor_graph_check(g, &d) != COR_OK)
                abort(); /* a valid network must give a consistent graph */
            cor_query q;
            cor_query_init(&q, 2026);
            cor_filter f;
            if (cor_filter_init(&f, g, &q, &d) == COR_OK) {
                cor_workspace *ws = cor_workspace_new();
                cor_path p;
                cor_path_init(&p);
                uint32_t n = cor_network_node_count(net);
                for (uint32_t a = 0; a < n && a < 4; a++)
                    for (uint32_t b = 0; b < n && b < 4; b++)
                        if (a != b && cor_shortest_path(&f, &q, ws, a, b, &p, &d) == COR_OK) {
                            cor_itinerary it;
                            cor_itinerary_init(&it);
                            cor_itinerary_build(&it, &f, &q, &p, &d);
                            cor_itinerary_destroy(&it);
                        }
                cor_path_destroy(&p);
                cor_workspace_free(ws);
                cor_filter_destroy(&f);
            }
            cor_graph_free(g);
        }
        cor_network_free(net);
    }
    cor_diag_destroy(&d);
    fuzz_restore(FUZZ_FILE);
    return 0;
}
