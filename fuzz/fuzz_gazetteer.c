/* fuzz_gazetteer.c -- the gazetteer file parser (gazetteer.h) on arbitrary
 * bytes, and lookups and suggestions on what it accepts: every city's key
 * finds that city, a failure always says why. */
#include "corridor/gazetteer.h"
#include "corridor/text.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cor_diag d;
    cor_diag_init(&d, 10);
    cor_gazetteer *gz = NULL;
    cor_status s = cor_gazetteer_parse((const char *)data, size, "fuzz.tsv", &gz, &d);
    if (s != COR_OK && (d.count == 0 || gz))
        abort();
    for (size_t i = 0; i < d.count; i++)
        if (d.items[i].line == 0 && s != COR_ENOMEM && s != COR_ELIMIT && !strstr(d.items[i].msg, "stopped after"))
            abort();
    for (uint32_t i = 0; gz && i < cor_gazetteer_count(gz) && i < 50; i++) {
        const cor_city *c = cor_gazetteer_city(gz, i);
        uint32_t m[4], n = 0;
        char q[COR_MAX_NAME_BYTES + 8];
        snprintf(q, sizeof q, "%s, %s", c->name, c->country);
        if (c->key[0] && cor_gazetteer_find(gz, q, m, 4, &n) != COR_OK)
            abort();
        uint32_t sg[3];
        cor_gazetteer_suggest(gz, c->name, sg, 3);
        char k[64];
        cor_place_key(c->name, k, sizeof k);
    }
    cor_gazetteer_free(gz);
    cor_diag_destroy(&d);
    return 0;
}
