/*
 * helpers.c -- what several test files need: a network loaded with its
 * errors printed, a node looked up by id or name, and an import loaded
 * from a temporary folder.  See runner.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "corridor/graph.h"
#include "corridor/import.h"
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

int cor_test_world_import(cor_test_world *w, struct cor_import *im, cor_status s, cor_diag *d)
{
    memset(w, 0, sizeof *w);
    snprintf(w->dir, sizeof w->dir, "/tmp/corridor-test-XXXXXX");
    if (s == COR_OK && !mkdtemp(w->dir))
        s = COR_EIO;
    if (s != COR_OK)
        w->dir[0] = 0;
    if (s == COR_OK)
        s = cor_import_write(im, w->dir, NULL, d);
    if (s == COR_OK)
        s = cor_network_load(w->dir, &w->net, d);
    if (s == COR_OK)
        s = cor_graph_build(w->net, &w->g, d);
    for (size_t i = 0; i < d->count; i++) {
        char b[700];
        cor_error_format(&d->items[i], b, sizeof b);
        fprintf(stderr, "  %s\n", b);
    }
    cor_import_free(im);
    cor_diag_destroy(d);
    return s == COR_OK ? 0 : -1;
}

void cor_test_world_free(cor_test_world *w)
{
    cor_graph_free(w->g);
    cor_network_free(w->net);
    w->g = NULL;
    w->net = NULL;
    if (w->dir[0] && strncmp(w->dir, "/tmp/corridor-test-", 19) == 0) {
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", w->dir);
        if (system(cmd) != 0)
            fprintf(stderr, "  could not remove %s\n", w->dir);
    }
    w->dir[0] = 0;
}
