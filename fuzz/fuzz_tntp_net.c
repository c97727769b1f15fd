/* fuzz_tntp_net.c -- a TNTP _net.tntp file read for assignment
 * (cor_tntp_net_parse); a network that parses (up to 200 nodes) is then
 * solved by AON and a few iterations of each algorithm with one trip
 * from node 1 to every node: nothing may crash, every status is clean. */
#include <math.h>

#include "corridor/tntp.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cor_diag d;
    cor_diag_init(&d, 50);
    cor_tntp_net n;
    cor_status s = cor_tntp_net_parse((const char *)data, size, "net.tntp", &n, &d);
    if (s != COR_OK && s != COR_EDATA && s != COR_ELIMIT && s != COR_ENOMEM)
        abort();
    if (s != COR_OK && (n.from != NULL || d.count == 0))
        abort();
    if (s == COR_OK && n.nlinks > 0 && n.from == NULL)
        abort();
    if (s == COR_OK && n.nnodes <= 200 && n.nlinks <= 2000) {
        uint32_t orig[200], dest[200];
        double vol[200];
        for (uint32_t i = 0; i < n.nnodes; i++)
            orig[i] = 0, dest[i] = i, vol[i] = 1 + i % 7;
        cor_anet net;
        cor_tntp_anet(&n, &net);
        cor_ademand dem;
        memset(&dem, 0, sizeof dem);
        dem.nod = n.nnodes, dem.orig = orig, dem.dest = dest, dem.volume = vol;
        dem.nclasses = 1;
        dem.classes[0].time_weight = dem.classes[0].money_weight = 1;
        for (int a = COR_ASSIGN_AON; a <= COR_ASSIGN_GP; a++) {
            cor_assign_opts o;
            memset(&o, 0, sizeof o);
            o.algo = (cor_assign_algo)a, o.rel_gap = 1e-6, o.max_iter = 5;
            cor_assign_result r;
            cor_diag_clear(&d);
            s = cor_assign(&net, &dem, &o, &r, &d);
            if (s != COR_OK && s != COR_EDATA)
                abort();
            if (s == COR_OK && (!(r.rel_gap >= 0) || !(r.objective >= 0)))
                abort();
            cor_assign_result_free(&r);
        }
    }
    cor_tntp_net_free(&n);
    cor_diag_destroy(&d);
    return 0;
}
