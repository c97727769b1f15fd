/* fuzz_scenario.c -- a scenario file applied to the fixture network. */
#include "corridor/graph.h"
#include "corridor/scenario.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_write("fuzz.json", data, size);
    char path[512];
    snprintf(path, sizeof path, "%s/fuzz.json", fuzz_dir());
    cor_diag d;
    cor_diag_init(&d, 50);
    cor_scenario *sc = NULL;
    cor_status s = cor_scenario_load(path, &sc, &d);
    fuzz_check_diag(&d, s);
    if (s == COR_OK) {
        char sum[256]; /* the one-line summary of `corridor scenarios`, cut to fit */
        if (cor_scenario_summary(sc, sum, sizeof sum) >= sizeof sum || strlen(sum) >= sizeof sum)
            abort();
        cor_network *net = NULL;
        s = cor_network_load_scenarios(fuzz_dir(), &sc, 1, &net, &d);
        fuzz_check_diag(&d, s);
        if (s == COR_OK) {
            cor_graph *g = NULL;
            if (cor_graph_build(net, &g, &d) == COR_OK && cor_graph_check(g, &d) != COR_OK)
                abort();
            cor_graph_free(g);
        }
        cor_network_free(net);
    }
    cor_scenario_free(sc);
    cor_diag_destroy(&d);
    return 0;
}
