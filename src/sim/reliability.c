/*
 * reliability.c -- variability.csv and seasons.csv.  See corridor/simulate.h.
 * (First cut: the interface; reading the files lands next.)
 */
#include <stdlib.h>

#include "internal.h"

#include "../core/alloc.h" /* last: maps malloc & co. to the counted wrappers */

struct cor_reliability {
    int unused;
};

cor_status cor_reliability_parse(const cor_network *net, const char *variability, size_t nvariability,
                                 const char *var_name, const char *seasons, size_t nseasons,
                                 const char *seasons_name, cor_reliability **out, cor_diag *d)
{
    (void)net, (void)variability, (void)nvariability, (void)var_name, (void)seasons, (void)nseasons,
        (void)seasons_name;
    *out = NULL;
    return cor_diag_add(d, COR_EINTERNAL, NULL, 0, 0, "reliability tables: not yet");
}

cor_status cor_reliability_load(const cor_network *net, const char *dir, cor_reliability **out, cor_diag *d)
{
    (void)net, (void)dir;
    *out = NULL;
    return cor_diag_add(d, COR_EINTERNAL, NULL, 0, 0, "reliability tables: not yet");
}

void cor_reliability_free(cor_reliability *r)
{
    free(r);
}

int cor_reliability_link_closed(const cor_reliability *r, uint32_t link, int month)
{
    (void)r, (void)link, (void)month;
    return 0;
}
int cor_reliability_node_closed(const cor_reliability *r, uint32_t node, int month)
{
    (void)r, (void)node, (void)month;
    return 0;
}
double cor_reliability_link_factor(const cor_reliability *r, uint32_t link, int month)
{
    (void)r, (void)link, (void)month;
    return 1.0;
}
double cor_reliability_node_factor(const cor_reliability *r, uint32_t node, int month)
{
    (void)r, (void)node, (void)month;
    return 1.0;
}
const char *cor_reliability_closed_why(const cor_reliability *r, uint32_t link_or_node, int is_node, int month)
{
    (void)r, (void)link_or_node, (void)is_node, (void)month;
    return NULL;
}
const cor_dist *cor_rel_mode(const cor_reliability *r, cor_mode m)
{
    (void)r, (void)m;
    return NULL;
}
const cor_dist *cor_rel_stop(const cor_reliability *r, cor_stop_kind k, uint32_t border)
{
    (void)r, (void)k, (void)border;
    return NULL;
}
