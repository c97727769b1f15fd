/*
 * status.c -- the status table and the bounded list of located errors.
 */
#include "corridor/status.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "alloc.h" /* last: maps malloc & co. to the counted wrappers */

static const struct {
    const char *name, *msg;
    int exit_code, http;
} status_table[] = {
#define COR_X_ROW(name, msg, exit_code, http) {#name, msg, exit_code, http},
    COR_STATUS_MAP(COR_X_ROW)
#undef COR_X_ROW
};

static int valid(cor_status s) { return (int)s >= 0 && s < COR_STATUS_COUNT_; }

const char *cor_status_name(cor_status s) { return valid(s) ? status_table[s].name : "EINTERNAL"; }
const char *cor_status_message(cor_status s) { return valid(s) ? status_table[s].msg : "internal error"; }
int cor_status_exit_code(cor_status s) { return valid(s) ? status_table[s].exit_code : 4; }
int cor_status_http(cor_status s) { return valid(s) ? status_table[s].http : 500; }

cor_status cor_diag_init(cor_diag *d, size_t cap)
{
    memset(d, 0, sizeof *d);
    if (cap == 0)
        cap = 100;
    d->items = calloc(cap, sizeof *d->items);
    if (!d->items)
        return COR_ENOMEM;
    d->cap = cap;
    return COR_OK;
}

void cor_diag_destroy(cor_diag *d)
{
    if (!d)
        return;
    free(d->items);
    memset(d, 0, sizeof *d);
}

void cor_diag_clear(cor_diag *d)
{
    d->count = 0;
    d->dropped = 0;
}

cor_status cor_diag_add(cor_diag *d, cor_status s, const char *file,
                        uint32_t line, uint32_t col, const char *fmt, ...)
{
    if (!d)
        return s;
    if (d->count >= d->cap) {
        d->dropped++;
        return s;
    }
    cor_error *e = &d->items[d->count++];
    memset(e, 0, sizeof *e);
    e->status = s;
    if (file)
        snprintf(e->file, sizeof e->file, "%s", file);
    e->line = line;
    e->col = col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    return s;
}

int cor_diag_full(const cor_diag *d)
{
    return !d || d->count >= d->cap;
}

void cor_error_format(const cor_error *e, char *buf, size_t size)
{
    if (e->file[0] && e->line && e->col)
        snprintf(buf, size, "%s:%u:%u: %s", e->file, e->line, e->col, e->msg);
    else if (e->file[0] && e->line)
        snprintf(buf, size, "%s:%u: %s", e->file, e->line, e->msg);
    else if (e->file[0])
        snprintf(buf, size, "%s: %s", e->file, e->msg);
    else
        snprintf(buf, size, "%s", e->msg);
}

cor_status cor_diag_status(const cor_diag *d)
{
    for (size_t i = 0; i < d->count; i++)
        if (d->items[i].status != COR_OK)
            return d->items[i].status;
    return d->dropped ? COR_EDATA : COR_OK;
}
