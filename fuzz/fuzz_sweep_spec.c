/* fuzz_sweep_spec.c -- a sweep spec (corridor sweep SPEC.json): parsed and
 * checked; when accepted, every case (up to 2,000) decodes to indices in
 * range that recompose to its number, and the spec's canonical text parses
 * again to the same hash. */
#include "cli/sweep.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cor_diag d;
    cor_diag_init(&d, 50);
    sweep_spec *sp = NULL;
    cor_status s = sweep_spec_parse("fuzz.json", (const char *)data, size, &sp, &d);
    fuzz_check_diag(&d, s);
    if (s == COR_OK) {
        if (sp->ncases < 1 || sp->ncases > SWEEP_MAX_CASES)
            abort();
        for (uint64_t i = 0; i < sp->ncases && i < 2000; i++) {
            size_t idx[SW_NDIM];
            sweep_case_decode(sp, i, idx);
            uint64_t back = 0;
            for (int k = 0; k < SW_NDIM; k++) {
                if (idx[k] >= sp->n[k])
                    abort();
                back = back * sp->n[k] + idx[k];
            }
            if (back != i)
                abort();
            (void)sweep_case_key(sp, idx);
        }
        sweep_spec *again = NULL;
        cor_diag d2;
        cor_diag_init(&d2, 10);
        if (sweep_spec_parse("canonical", sp->canonical, strlen(sp->canonical), &again, &d2) != COR_OK ||
            again->hash != sp->hash)
            abort();
        sweep_spec_free(again);
        cor_diag_destroy(&d2);
    }
    sweep_spec_free(sp);
    cor_diag_destroy(&d);
    return 0;
}
