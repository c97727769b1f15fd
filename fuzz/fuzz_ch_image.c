/* fuzz_ch_image.c -- a contraction hierarchy's image (ch.h; what a snapshot
 * stores as "ch-OBJ-YEAR") read without its checksum: cor_fast_from_image
 * checks sizes, offsets and indices, and every query, one-to-one, many to
 * many and with its path unpacked, must then answer or refuse (COR_EDATA
 * for shortcuts that do not unpack), never crash or hang. */
#include "corridor/ch.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint64_t *buf = malloc(size + 8); /* 8-byte aligned, as in a mapping */
    if (!buf)
        abort();
    memcpy(buf, data, size);
    cor_diag d;
    cor_diag_init(&d, 8);
    cor_fast *fg = NULL;
    cor_status s = cor_fast_from_image((const unsigned char *)buf, size, &fg, &d);
    fuzz_check_diag(&d, s);
    if (s == COR_OK) {
        cor_fast_ws *ws = cor_fast_ws_new(fg);
        uint32_t n = cor_fast_node_count(fg), ends[4];
        for (uint32_t i = 0; i < 4; i++)
            ends[i] = n ? (uint32_t)((i * 2654435761u) % n) : 0;
        for (uint32_t a = 0; ws && n && a < 4; a++)
            for (uint32_t b = 0; b < 4; b++) {
                double w;
                cor_fast_ch(fg, ws, ends[a], ends[b], &w, NULL);
                cor_path p;
                cor_path_init(&p);
                cor_diag_clear(&d);
                s = cor_fast_ch_path(fg, ws, ends[a], ends[b], &p, NULL, &d);
                if (s != COR_OK && s != COR_ENOROUTE)
                    fuzz_check_diag(&d, s);
                cor_path_destroy(&p);
            }
        double v[16];
        if (n) {
            cor_diag_clear(&d);
            s = cor_fast_matrix(fg, ends, 4, ends, 4, v, &d);
            fuzz_check_diag(&d, s);
        }
        cor_fast_ws_free(ws);
        cor_fast_free(fg);
    }
    cor_diag_destroy(&d);
    free(buf);
    return 0;
}
