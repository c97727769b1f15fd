/* fuzz_snapshot.c -- a snapshot file (corridor build): checked, unpacked and loaded, or refused (its
 * network and graph images, if any, read and checked); its hierarchy by distance for 2026, if any,
 * checked and queried, paths unpacked; its CCH topology for 2026, if any, checked against the graph, customized and
 * queried.  Every entry carries a checksum, so mutations mostly meet that refusal. */
#include "corridor/cch.h"
#include "corridor/graph.h"
#include "corridor/model.h"
#include "corridor/snapshot.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[300];
    snprintf(path, sizeof path, "%s/input.snap", fuzz_dir());
    FILE *fp = fopen(path, "wb");
    if (!fp)
        abort();
    fwrite(data, 1, size, fp);
    fclose(fp);
    cor_diag d;
    cor_diag_init(&d, 20);
    cor_network *net = NULL;
    cor_status s = cor_network_load(path, &net, &d);
    fuzz_check_diag(&d, s);
    if (s == COR_OK) { /* the graph: the image's arrays in place, or built */
        cor_graph *g = NULL;
        s = cor_graph_build(net, &g, &d);
        fuzz_check_diag(&d, s);
        cor_cch *c = NULL;
        void *cmap = NULL;
        size_t cmaplen = 0;
        if (s == COR_OK && cor_snapshot_cch(path, 2026, g, &c, &cmap, &cmaplen, &d) == COR_OK) {
            cor_query q;
            cor_query_init(&q, 2026);
            q.by = COR_BY_DISTANCE;
            cor_filter f;
            cor_cch_metric *mt = NULL;
            if (cor_filter_init(&f, g, &q, &d) == COR_OK && cor_cch_customize(c, &f, &mt, &d) == COR_OK) {
                cor_cch_ws *ws = cor_cch_ws_new(c);
                cor_path p;
                cor_path_init(&p);
                double w;
                for (uint32_t a = 0; ws && a < g->nnodes && a < 4; a++)
                    for (uint32_t b = 0; b < g->nnodes && b < 4; b++) {
                        cor_cch_distance(mt, ws, a, b, &w, NULL);
                        cor_cch_path(mt, ws, a, b, &p, &d);
                    }
                cor_path_destroy(&p);
                cor_cch_ws_free(ws);
            }
            cor_cch_metric_free(mt);
            cor_filter_destroy(&f);
            cor_cch_free(c);
            cor_snapshot_unmap(cmap, cmaplen);
        }
        cor_graph_free(g);
    }
    cor_network_free(net);
    cor_fast *fg = NULL;
    void *map = NULL;
    size_t maplen = 0;
    if (cor_snapshot_ch(path, COR_BY_DISTANCE, 2026, &fg, &map, &maplen, &d) == COR_OK) {
        cor_fast_ws *ws = cor_fast_ws_new(fg);
        double w;
        uint32_t n = cor_fast_node_count(fg);
        for (uint32_t a = 0; ws && a < n && a < 4; a++)
            for (uint32_t b = 0; b < n && b < 4; b++)
            {
                cor_fast_ch(fg, ws, a, b, &w, NULL);
                cor_path p;
                cor_path_init(&p);
                cor_fast_ch_path(fg, ws, a, b, &p, NULL, &d);
                cor_path_destroy(&p);
            }
        cor_fast_ws_free(ws);
        cor_fast_free(fg);
        cor_snapshot_unmap(map, maplen);
    }
    cor_diag_destroy(&d);
    unlink(path);
    return 0;
}
