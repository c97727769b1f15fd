/* fuzz_calibration.c -- a calibration file (published trips), read and
 * routed on the fixture network.  Every error has a message and a known
 * status; every row that routes has finite figures. */
#include <math.h>

#include "corridor/calibrate.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_write("calibration.csv", data, size);
    char path[512];
    snprintf(path, sizeof path, "%s/calibration.csv", fuzz_dir());
    cor_diag d;
    cor_diag_init(&d, 50);
    cor_calibration c;
    cor_calibration_init(&c);
    cor_status s = cor_calibration_load(path, &c, &d);
    fuzz_check_diag(&d, s);
    if (s == COR_OK) {
        if (cor_calibration_run(&c, fuzz_dir(), &d) != COR_OK)
            abort(); /* the fixture network loads: only out of memory could stop the run */
        for (size_t i = 0; i < c.n; i++)
            if (c.rows[i].status == COR_OK && !(isfinite(c.rows[i].days) && isfinite(c.rows[i].usd)))
                abort();
        static FILE *sink;
        if (!sink && !(sink = fopen("/dev/null", "w")))
            abort();
        if (cor_write_calibration(sink, &c, 1) != COR_OK || cor_write_calibration(sink, &c, 0) != COR_OK)
            abort();
    }
    cor_calibration_destroy(&c);
    cor_diag_destroy(&d);
    return 0;
}
