/* fuzz_snapshot.c -- a snapshot file (corridor build): checked, unpacked and loaded, or refused. */
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
    cor_network_free(net);
    cor_diag_destroy(&d);
    unlink(path);
    return 0;
}
