/* fuzz_demand.c -- a demand file (OD matrix), read as demand, as a growth
 * file and as a delay-function table; a demand that reads is assigned on
 * the hand-solvable fixture tests/fixtures/assign (places by id, AON and
 * a few gradient-projection iterations).  Every error has a message and a
 * known status; every read demand has classes with a positive value of
 * time and finite, non-negative volumes; the assignment network holds the
 * demand given and reports finite v/c. */
#include <math.h>

#include "corridor/assign_net.h"
#include "corridor/demand.h"
#include "corridor/graph.h"
#include "corridor/model.h"
#include "fuzz_common.h"

static cor_network *net;
static cor_graph *graph;

static void setup(void)
{
    if (net)
        return;
    cor_diag d;
    cor_diag_init(&d, 10);
    if (cor_network_load(CORRIDOR_SOURCE_DIR "/tests/fixtures/assign", &net, &d) != COR_OK ||
        cor_graph_build(net, &graph, &d) != COR_OK)
        abort();
    cor_diag_destroy(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    setup();
    cor_diag d;
    cor_diag_init(&d, 20);
    cor_demand dm;
    cor_demand_init(&dm);
    cor_status s = cor_demand_parse("demand.csv", (const char *)data, size, &dm, &d);
    fuzz_check_diag(&d, s);
    if (s == COR_OK) {
        if (dm.n == 0 || dm.nclasses == 0)
            abort();
        for (uint32_t k = 0; k < dm.nclasses; k++)
            if (!(dm.classes[k].vot_usd_per_teu_day > 0))
                abort();
        cor_od od[8];
        uint32_t nod = 0;
        double want = 0;
        for (size_t i = 0; i < dm.n; i++) {
            const cor_demand_row *r = &dm.rows[i];
            double teu = cor_demand_row_teu(r, 12);
            if (!(teu >= 0 && isfinite(teu)) || r->klass >= dm.nclasses)
                abort();
            uint32_t f, t;
            if (nod < 8 && cor_network_find_node(net, r->origin, &f, NULL, 0) == COR_OK &&
                cor_network_find_node(net, r->destination, &t, NULL, 0) == COR_OK && f != t && teu < 1e9) {
                od[nod++] = (cor_od){f, t, teu, r->klass};
                want += teu;
            }
        }
        if (nod) {
            cor_query q;
            cor_query_init(&q, 2026);
            q.by = COR_BY_GENERALIZED;
            cor_filter f;
            cor_vdf_table vt;
            cor_vdf_table_init(&vt);
            cor_amodel m;
            cor_amodel_init(&m);
            cor_diag_clear(&d);
            if (cor_filter_init(&f, graph, &q, &d) != COR_OK ||
                cor_amodel_build(&m, &f, &vt, od, nod, dm.classes, dm.nclasses, 0, &d) != COR_OK)
                abort();
            cor_assign_opts o = {.algo = size % 2 ? COR_ASSIGN_AON : COR_ASSIGN_BUSH, .rel_gap = 1e-4, .max_iter = 5};
            if (cor_amodel_solve(&m, &o, &d) != COR_OK)
                abort();
            if (fabs(m.demand_teu - want) > 1e-9 * (want + 1))
                abort();
            for (uint32_t i = 0; i < m.nassets; i++)
                if (m.assets[i].kind == COR_ASSET_LINK && !isfinite(m.assets[i].vc))
                    abort();
            cor_amodel_destroy(&m);
            cor_vdf_table_destroy(&vt);
            cor_filter_destroy(&f);
        }
    }
    cor_demand_destroy(&dm);
    cor_diag_clear(&d);
    cor_growth g;
    cor_growth_init(&g);
    fuzz_check_diag(&d, cor_growth_parse("growth.csv", (const char *)data, size, &g, &d));
    cor_growth_destroy(&g);
    cor_diag_clear(&d);
    cor_vdf_table vt;
    cor_vdf_table_init(&vt);
    s = cor_vdf_table_parse("delay_functions.csv", (const char *)data, size, &vt, &d);
    fuzz_check_diag(&d, s);
    if (s == COR_OK && !(vt.t_per_teu >= 1 && vt.t_per_teu <= 40))
        abort();
    cor_vdf_table_destroy(&vt);
    cor_diag_destroy(&d);
    return 0;
}
