/* fuzz_csv.c -- the CSV reader on arbitrary bytes. */
#include "core/csvread.h"
#include "fuzz_common.h"

static cor_status count(void *ud, const cor_csv_field *f, size_t n, uint32_t el, uint32_t ec)
{
    (void)el;
    (void)ec;
    size_t *rows = ud;
    for (size_t i = 0; i < n; i++)
        if (!f[i].s || strlen(f[i].s) != f[i].len || f[i].line == 0 || f[i].col == 0)
            abort();
    (*rows)++;
    return COR_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cor_diag d;
    cor_diag_init(&d, 10);
    size_t rows = 0;
    cor_status s = cor_csv_parse_mem((const char *)data, size, "fuzz.csv", count, &rows, &d);
    if (s != COR_OK && d.count == 0)
        abort();
    cor_diag_destroy(&d);
    return 0;
}
