/*
 * warn.c -- a bounded list of warnings without duplicates (corridor/warn.h).
 * Adding is O(count): lists are short (a result's caveats, not a log).
 */
#include "corridor/warn.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h" /* last: maps malloc & co. to the counted wrappers */

cor_status cor_warnings_init(cor_warnings *w, size_t cap)
{
    memset(w, 0, sizeof *w);
    if (cap == 0)
        cap = 32;
    w->items = calloc(cap, sizeof *w->items);
    if (!w->items)
        return COR_ENOMEM;
    w->cap = cap;
    return COR_OK;
}

void cor_warnings_destroy(cor_warnings *w)
{
    if (!w)
        return;
    free(w->items);
    memset(w, 0, sizeof *w);
}

static void add(cor_warnings *w, const char *code, const char *msg)
{
    for (size_t i = 0; i < w->count; i++)
        if (strcmp(w->items[i].msg, msg) == 0)
            return;
    if (w->count >= w->cap) {
        w->dropped++;
        return;
    }
    cor_warning *x = &w->items[w->count++];
    snprintf(x->code, sizeof x->code, "%s", code);
    snprintf(x->msg, sizeof x->msg, "%s", msg);
}

void cor_warn(cor_warnings *w, const char *code, const char *fmt, ...)
{
    if (!w || !w->items)
        return;
    char msg[COR_DIAG_TEXT];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    add(w, code, msg);
}

void cor_warnings_merge(cor_warnings *dst, const cor_warnings *src)
{
    if (!dst || !dst->items || !src)
        return;
    for (size_t i = 0; i < src->count; i++)
        add(dst, src->items[i].code, src->items[i].msg);
    dst->dropped += src->dropped;
}
