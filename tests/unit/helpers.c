/*
 * helpers.c -- what several test files need: a network loaded with its
 * errors printed, and a node looked up by id or name.  See runner.h.
 */
#include <stdio.h>

#include "corridor/model.h"
#include "runner.h"

cor_network *cor_test_load(const char *dir)
{
    cor_diag d;
    cor_diag_init(&d, 50);
    cor_network *net = NULL;
    if (cor_network_load(dir, &net, &d) != COR_OK) {
        char buf[1024];
        for (size_t i = 0; i < d.count; i++) {
            cor_error_format(&d.items[i], buf, sizeof buf);
            fprintf(stderr, "  load %s: %s\n", dir, buf);
        }
    }
    cor_diag_destroy(&d);
    return net;
}

uint32_t cor_test_node(const cor_network *net, const char *q)
{
    uint32_t n, s[3];
    return cor_network_find_node(net, q, &n, s, 3) == COR_OK ? n : COR_NONE;
}
