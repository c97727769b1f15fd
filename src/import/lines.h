/*
 * lines.h -- a line-and-token scanner for the text importers (internal):
 * lines end at \n (a \r before it is dropped; the last line may lack its
 * \n); tokens are runs of non-blank bytes; columns are 1-based bytes.
 */
#ifndef COR_IMPORT_LINES_H
#define COR_IMPORT_LINES_H

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct imp_lines {
    const char *p, *end;      /* rest of the input */
    const char *line;         /* current line */
    size_t len;               /* its length, without \r\n */
    uint32_t lineno;
    size_t pos;               /* scan position within the line */
} imp_lines;

static inline void imp_lines_init(imp_lines *L, const char *text, size_t len)
{
    L->p = text;
    L->end = text + len;
    L->line = NULL;
    L->len = 0;
    L->lineno = 0;
    L->pos = 0;
}

/* Next line; 0 at the end of the input. */
static inline int imp_next_line(imp_lines *L)
{
    if (L->p >= L->end)
        return 0;
    const char *s = L->p, *e = s;
    while (e < L->end && *e != '\n')
        e++;
    L->line = s;
    L->len = (size_t)(e - s);
    if (L->len && s[L->len - 1] == '\r')
        L->len--;
    L->p = e < L->end ? e + 1 : e;
    L->lineno++;
    L->pos = 0;
    return 1;
}

/* Next token of the line: its start in *tok, length returned (0: none);
 * *col is its 1-based column. */
static inline size_t imp_token(imp_lines *L, const char **tok, uint32_t *col)
{
    while (L->pos < L->len && (L->line[L->pos] == ' ' || L->line[L->pos] == '\t'))
        L->pos++;
    size_t b = L->pos;
    while (L->pos < L->len && L->line[L->pos] != ' ' && L->line[L->pos] != '\t')
        L->pos++;
    *tok = L->line + b;
    *col = (uint32_t)b + 1;
    return L->pos - b;
}

/* A decimal integer token (optional '-' when neg_ok) into *v; -1 if not
 * one or beyond +-2^53. */
static inline int imp_int(const char *t, size_t n, int neg_ok, int64_t *v)
{
    int neg = 0;
    size_t i = 0;
    if (n && t[0] == '-' && neg_ok) {
        neg = 1;
        i = 1;
    }
    if (i >= n)
        return -1;
    int64_t x = 0;
    for (; i < n; i++) {
        if (t[i] < '0' || t[i] > '9')
            return -1;
        x = x * 10 + (t[i] - '0');
        if (x > ((int64_t)1 << 53))
            return -1;
    }
    *v = neg ? -x : x;
    return 0;
}

/* A finite plain decimal number token (no hex, inf, nan) into *v; -1 if
 * not one. */
static inline int imp_num(const char *t, size_t n, double *v)
{
    char buf[64];
    if (n == 0 || n >= sizeof buf)
        return -1;
    memcpy(buf, t, n);
    buf[n] = 0;
    for (size_t i = 0; i < n; i++)
        if (!strchr("0123456789.-+eE", buf[i]))
            return -1;
    char *end;
    errno = 0;
    double x = strtod(buf, &end);
    if (*end || errno || !isfinite(x))
        return -1;
    *v = x;
    return 0;
}

#endif
