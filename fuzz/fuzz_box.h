/*
 * fuzz_box.h -- the body of the box-table targets: the input becomes one
 * box table (FUZZ_FILE: boxes.csv, box_rules.csv or road_limits.csv) of the
 * fixture network; the tables are loaded, every box type is compiled with
 * its typical load and with a heavy one, and a route is priced for it.
 *     #define FUZZ_FILE "boxes.csv"
 *     #include "fuzz_box.h"
 */
#include <math.h>

#include "corridor/box.h"
#include "corridor/graph.h"
#include "corridor/model.h"
#include "corridor/report.h"
#include "corridor/route.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static cor_network *net;
    static cor_graph *g;
    cor_diag d;
    cor_diag_init(&d, 50);
    if (!net) { /* the fixture network, once */
        if (cor_network_load(fuzz_dir(), &net, &d) != COR_OK || cor_graph_build(net, &g, &d) != COR_OK)
            abort();
        cor_diag_clear(&d);
    }
    fuzz_write(FUZZ_FILE, data, size);
    cor_boxes *bx = NULL;
    cor_status s = cor_boxes_load(fuzz_dir(), &bx, &d);
    fuzz_check_diag(&d, s);
    if (s == COR_OK) {
        if (cor_boxes_type_count(bx) == 0)
            abort(); /* a table that loads has a box */
        for (uint32_t i = 0; i < cor_boxes_type_count(bx); i++) {
            const cor_box_type *t = cor_boxes_type(bx, i);
            double cargos[3] = {-1, 0.5, t->max_gross_t - t->tare_t};
            for (int k = 0; k < 3; k++) {
                cor_query q;
                cor_query_init(&q, 2026);
                cor_diag_clear(&d);
                if (cor_box_resolve(bx, t->id, cargos[k], &q.box, &d) != COR_OK)
                    continue;
                for (int j = 0; j < COR_BOX_ITEM_COUNT; j++)
                    if (!(q.box.usd_factor[j] >= 0 && isfinite(q.box.usd_factor[j])))
                        abort(); /* factors are finite and not negative */
                cor_filter f;
                if (cor_filter_init(&f, g, &q, &d) != COR_OK)
                    continue;
                for (uint32_t a = 0; a < g->narcs; a++)
                    for (int c = 0; c < 4; c++)
                        if (!(f.crit[4 * (size_t)a + c] >= 0))
                            abort(); /* costs of a box stay non-negative */
                cor_workspace *ws = cor_workspace_new();
                cor_path p;
                cor_path_init(&p);
                if (cor_shortest_path(&f, &q, ws, 0, 2, &p, &d) == COR_OK) {
                    cor_itinerary it;
                    cor_itinerary_init(&it);
                    cor_itinerary_build(&it, &f, &q, &p, &d);
                    cor_itinerary_destroy(&it);
                }
                cor_path_destroy(&p);
                cor_workspace_free(ws);
                cor_filter_destroy(&f);
            }
        }
        cor_boxes_free(bx);
    }
    cor_diag_destroy(&d);
    fuzz_restore(FUZZ_FILE);
    return 0;
}
