/* fuzz_tntp_trips.c -- a TNTP _trips.tntp file (cor_tntp_trips_parse):
 * clean statuses, located errors, and what parses is within its zones. */
#include "corridor/tntp.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cor_diag d;
    cor_diag_init(&d, 50);
    cor_tntp_trips t;
    cor_status s = cor_tntp_trips_parse((const char *)data, size, "trips.tntp", &t, &d);
    if (s != COR_OK && s != COR_EDATA && s != COR_ELIMIT && s != COR_ENOMEM)
        abort();
    if (s != COR_OK && (d.count == 0 || t.nod != 0))
        abort();
    for (uint32_t i = 0; i < t.nod; i++)
        if (t.orig[i] >= t.nzones || t.dest[i] >= t.nzones || !(t.volume[i] > 0))
            abort();
    cor_tntp_trips_free(&t);
    cor_diag_destroy(&d);
    return 0;
}
