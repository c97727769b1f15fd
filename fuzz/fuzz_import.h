/*
 * fuzz_import.h -- the body of the importer targets: the input is parsed
 * by FUZZ_PARSE(data, size, &im, &d); whatever parses is written as a
 * network folder and loaded by the ordinary loader, which must not crash
 * (it may refuse).  A target is
 *     #define FUZZ_PARSE(p, n, im, d) cor_import_tntp_mem(p, n, "net.tntp", im, d)
 *     #include "fuzz_import.h"
 */
#include "corridor/import.h"
#include "corridor/model.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cor_diag d;
    cor_diag_init(&d, 50);
    cor_import *im = NULL;
    cor_status s = FUZZ_PARSE((const char *)data, size, &im, &d);
    if (s != COR_OK && s != COR_EDATA && s != COR_ELIMIT && s != COR_ENOMEM && s != COR_EUSAGE)
        abort();
    if ((s == COR_OK) != (im != NULL) || (s != COR_OK && d.count == 0))
        abort();
    if (s == COR_OK && cor_import_node_count(im) <= 2000 && cor_import_link_count(im) <= 5000) {
        char dir[300];
        snprintf(dir, sizeof dir, "%s/import", fuzz_dir());
        cor_diag_clear(&d);
        if (cor_import_write(im, dir, NULL, &d) == COR_OK) {
            cor_network *net = NULL;
            cor_diag_clear(&d);
            s = cor_network_load(dir, &net, &d);
            fuzz_check_diag(&d, s);
            cor_network_free(net);
        }
    }
    cor_import_free(im);
    cor_diag_destroy(&d);
    return 0;
}
