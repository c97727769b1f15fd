/*
 * internal.h -- helpers shared by the report writers (write.c, quote.c);
 * not part of the public interface.
 */
#ifndef CORRIDOR_REPORT_INTERNAL_H
#define CORRIDOR_REPORT_INTERNAL_H

#include <stddef.h>

#include "corridor/compare.h"
#include "corridor/report.h"

/* 12345.6 -> "12,345.6" with `prec` decimals, into buf. */
const char *cor_report_grouped(double v, int prec, char *buf, size_t size);

/* One column of a quote page: a route (it) or the reason there is none. */
typedef struct cor_quote_item {
    const char *label;      /* "INSTC West", "Trade-off 2"; NULL for a lone route */
    const char *scenario;   /* NULL unless the page compares scenarios */
    const cor_itinerary *it; /* NULL: no route, see reason */
    const char *reason;     /* why there is no route (it == NULL) */
    const char *vs_best;    /* "best", "+1.0 days"; NULL to leave out */
} cor_quote_item;

/* A quote page (fmt COR_FMT_MD or COR_FMT_HTML) of n items under a title;
 * at least one item has a route.  One item: the quote of that route; more:
 * the routes side by side, then each.  COR_EIO on a write error. */
cor_status cor_write_quote(FILE *out, const char *title, const cor_quote_item *items, size_t n, cor_format fmt);

#endif
