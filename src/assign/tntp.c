/*
 * tntp.c -- TNTP networks and trip tables for assignment (corridor/tntp.h).
 * The metadata and row scanning share src/import/lines.h with the
 * routing importer (src/import/tntp.c), which maps a network onto the
 * model's links; this reader keeps every TNTP field for the solver.
 * Every fault is FILE:LINE:COLUMN; parsing goes on after a faulty row so
 * that one run shows every fault (up to the diag's capacity).
 * O(size of the file) time; memory O(links) or O(OD entries + zones).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/import.h"
#include "corridor/model.h"
#include "corridor/tntp.h"
#include "../import/lines.h"
#include "../core/infile.h"
#include "../core/alloc.h"

#define SHOWN(k) (int)((k) > 40 ? 40 : (k))

/* Is the line (from col) "<KEY>"?  Then the value token in t, k, col. */
static int is_key(imp_lines *L, const char *key, const char **t, size_t *k, uint32_t *col)
{
    size_t n = strlen(key), at = *col - 1;
    if (L->len - at < n || memcmp(L->line + at, key, n) != 0)
        return 0;
    L->pos = at + n;
    *k = imp_token(L, t, col);
    /* a value may carry trailing tabs or a ';' */
    if (*k > 1 && (*t)[*k - 1] == ';')
        (*k)--;
    return 1;
}

static int meta_int(const char *t, size_t k, int64_t lo, int64_t hi, int64_t *v)
{
    return imp_int(t, k, 0, v) || *v < lo || *v > hi ? -1 : 0;
}

/* ---- network ------------------------------------------------------------ */

void cor_tntp_net_free(cor_tntp_net *n)
{
    if (!n)
        return;
    free(n->from);
    free(n->to);
    free(n->cap);
    free(n->length);
    free(n->fft);
    free(n->b);
    free(n->power);
    free(n->speed);
    free(n->toll);
    free(n->type);
    free(n->fixed);
    free(n->line);
    memset(n, 0, sizeof *n);
}

static cor_status net_alloc(cor_tntp_net *n, uint32_t m)
{
    size_t c = m ? m : 1;
    n->from = malloc(sizeof(uint32_t) * c);
    n->to = malloc(sizeof(uint32_t) * c);
    n->line = malloc(sizeof(uint32_t) * c);
    n->type = malloc(sizeof(int32_t) * c);
    double **arr[] = {&n->cap, &n->length, &n->fft, &n->b, &n->power, &n->speed, &n->toll, &n->fixed};
    int ok = n->from && n->to && n->line && n->type;
    for (size_t i = 0; i < sizeof arr / sizeof *arr; i++)
        ok &= (*arr[i] = malloc(sizeof(double) * c)) != NULL;
    return ok ? COR_OK : COR_ENOMEM;
}

cor_status cor_tntp_net_parse(const char *text, size_t len, const char *name, cor_tntp_net *n, cor_diag *d)
{
    memset(n, 0, sizeof *n);
    imp_lines L;
    imp_lines_init(&L, text, len);
    int64_t nodes = -1, nlinks = -1, zones = 0, thru = 1;
    double tollf = 0, distf = 0;
    int in_meta = 1, fault = 0;
    uint32_t rows = 0, thru_line = 0, thru_col = 0, links_line = 0, links_col = 0;
    const char *t;
    size_t k;
    uint32_t col;
    cor_status st;
    while (imp_next_line(&L)) {
        if (L.len > COR_IMPORT_MAX_LINE) {
            st = cor_diag_add(d, COR_ELIMIT, name, L.lineno, 1, "line longer than %u bytes", COR_IMPORT_MAX_LINE);
            goto fail;
        }
        k = imp_token(&L, &t, &col);
        if (k == 0 || t[0] == '~')
            continue;
        if (cor_diag_full(d))
            break;
        if (in_meta) {
            if (is_key(&L, "<END OF METADATA>", &t, &k, &col)) {
                in_meta = 0;
                if (nodes < 1 || nlinks < 0) {
                    st = cor_diag_add(d, COR_EDATA, name, L.lineno, 1,
                                      "<NUMBER OF NODES> and <NUMBER OF LINKS> must come before <END OF METADATA>");
                    goto fail;
                }
                if ((uint64_t)nlinks > len / 8 + 1) { /* a row takes at least 14 bytes */
                    st = cor_diag_add(d, COR_EDATA, name, links_line, links_col,
                                      "<NUMBER OF LINKS> %lld is more than a file of %zu bytes can hold",
                                      (long long)nlinks, len);
                    goto fail;
                }
                if (thru > nodes + 1) {
                    st = cor_diag_add(d, COR_EDATA, name, thru_line, thru_col,
                                      "<FIRST THRU NODE> %lld is beyond <NUMBER OF NODES> %lld", (long long)thru,
                                      (long long)nodes);
                    goto fail;
                }
                if ((st = net_alloc(n, (uint32_t)nlinks)) != COR_OK) {
                    cor_diag_add(d, st, name, L.lineno, 1, "out of memory for %lld links", (long long)nlinks);
                    goto fail;
                }
                continue;
            }
            int64_t *iv = NULL, lo = 0, hi = 0;
            double *dv = NULL;
            const char *key = NULL;
            if (is_key(&L, key = "<NUMBER OF NODES>", &t, &k, &col))
                iv = &nodes, lo = 1, hi = COR_MAX_NODES;
            else if (is_key(&L, key = "<NUMBER OF LINKS>", &t, &k, &col)) {
                iv = &nlinks, lo = 0, hi = COR_MAX_LINKS;
                links_line = L.lineno, links_col = col;
            } else if (is_key(&L, key = "<NUMBER OF ZONES>", &t, &k, &col))
                iv = &zones, lo = 0, hi = COR_MAX_NODES;
            else if (is_key(&L, key = "<FIRST THRU NODE>", &t, &k, &col)) {
                iv = &thru, lo = 1, hi = COR_MAX_NODES + 1;
                thru_line = L.lineno, thru_col = col;
            } else if (is_key(&L, key = "<TOLL FACTOR>", &t, &k, &col))
                dv = &tollf;
            else if (is_key(&L, key = "<DISTANCE FACTOR>", &t, &k, &col))
                dv = &distf;
            else if (t[0] != '<') {
                st = cor_diag_add(d, COR_EDATA, name, L.lineno, col,
                                  "expected a <KEY> value metadata line or <END OF METADATA>");
                goto fail;
            } else
                continue; /* <ORIGINAL HEADER> and others: not needed */
            if (iv && meta_int(t, k, lo, hi, iv)) {
                st = cor_diag_add(d, COR_EDATA, name, L.lineno, col, "%s must be an integer %lld..%lld, found '%.*s'",
                                  key, (long long)lo, (long long)hi, SHOWN(k), t);
                goto fail;
            }
            if (dv && (imp_num(t, k, dv) || *dv < 0)) {
                st = cor_diag_add(d, COR_EDATA, name, L.lineno, col, "%s must be a number >= 0, found '%.*s'", key,
                                  SHOWN(k), t);
                goto fail;
            }
            continue;
        }
        /* a link row */
        static const char *const what[] = {"init node", "term node", "capacity", "length", "free-flow time",
                                           "b", "power", "speed", "toll", "type"};
        double v[10] = {0};
        uint32_t cols[10] = {0};
        int ok = 1, nf = 0;
        for (int j = 0; j < 10 && ok; j++) {
            if (j > 0)
                k = imp_token(&L, &t, &col);
            int last = 0;
            if (k > 1 && t[k - 1] == ';')
                k--, last = 1;
            if (k == 0 || (k == 1 && t[0] == ';') || t[0] == '~') {
                if (j < 7) {
                    cor_diag_add(d, COR_EDATA, name, L.lineno, col,
                                 "missing %s (a row is init term capacity length fft b power [speed toll type])",
                                 what[j]);
                    fault = 1, ok = 0;
                }
                break;
            }
            cols[j] = col;
            if (imp_num(t, k, &v[j]) || (v[j] < 0 && j != 9)) {
                cor_diag_add(d, COR_EDATA, name, L.lineno, col, "%s must be a number%s, found '%.*s'", what[j],
                             j == 9 ? "" : " >= 0", SHOWN(k), t);
                fault = 1, ok = 0;
            } else if (j < 2 && (v[j] != floor(v[j]) || v[j] < 1 || v[j] > (double)nodes)) {
                cor_diag_add(d, COR_EDATA, name, L.lineno, col, "%s must be 1..%lld (<NUMBER OF NODES>), found '%.*s'",
                             what[j], (long long)nodes, SHOWN(k), t);
                fault = 1, ok = 0;
            } else if (j == 6 && v[j] > 100) {
                cor_diag_add(d, COR_EDATA, name, L.lineno, col, "power above 100");
                fault = 1, ok = 0;
            } else if (j == 9 && (v[j] != floor(v[j]) || fabs(v[j]) > 1e9)) {
                cor_diag_add(d, COR_EDATA, name, L.lineno, col, "type must be an integer, found '%.*s'", SHOWN(k), t);
                fault = 1, ok = 0;
            }
            nf = j + 1;
            if (last)
                break;
        }
        if (ok && nf < 7) { /* a ';' ended the row early: "1;" */
            cor_diag_add(d, COR_EDATA, name, L.lineno, cols[nf - 1] + 1,
                         "missing %s (a row is init term capacity length fft b power [speed toll type])", what[nf]);
            fault = 1, ok = 0;
        }
        if (!ok)
            continue;
        if (nf == 10) { /* only a ';' or a comment may follow */
            k = imp_token(&L, &t, &col);
            if (k && !(k == 1 && t[0] == ';') && t[0] != '~') {
                cor_diag_add(d, COR_EDATA, name, L.lineno, col, "unexpected '%.*s' after the type column", SHOWN(k), t);
                fault = 1;
                continue;
            }
        }
        if (v[4] > 0 && v[5] > 0 && v[6] > 0 && v[2] == 0) {
            cor_diag_add(d, COR_EDATA, name, L.lineno, cols[2],
                         "capacity 0 on a link that congests (free-flow time, b and power > 0)");
            fault = 1;
            continue;
        }
        if (rows >= (uint64_t)nlinks) {
            st = cor_diag_add(d, COR_EDATA, name, L.lineno, 1, "more links than <NUMBER OF LINKS> (%lld)",
                              (long long)nlinks);
            goto fail;
        }
        uint32_t i = rows++;
        n->from[i] = (uint32_t)v[0] - 1;
        n->to[i] = (uint32_t)v[1] - 1;
        n->cap[i] = v[2];
        n->length[i] = v[3];
        n->fft[i] = v[4];
        n->b[i] = v[5];
        n->power[i] = v[6];
        n->speed[i] = v[7];
        n->toll[i] = v[8];
        n->type[i] = (int32_t)v[9];
        n->line[i] = L.lineno;
    }
    if (in_meta) {
        st = cor_diag_add(d, COR_EDATA, name, L.lineno ? L.lineno : 1, 1, "no <END OF METADATA> line");
        goto fail;
    }
    if (fault || cor_diag_full(d)) {
        st = COR_EDATA;
        goto fail;
    }
    if (rows != (uint64_t)nlinks) {
        st = cor_diag_add(d, COR_EDATA, name, L.lineno, 1, "<NUMBER OF LINKS> is %lld; the file has %u",
                          (long long)nlinks, rows);
        goto fail;
    }
    n->nnodes = (uint32_t)nodes;
    n->nlinks = rows;
    n->nzones = (uint32_t)zones;
    n->first_thru = (uint32_t)(thru - 1);
    n->toll_factor = tollf;
    n->distance_factor = distf;
    for (uint32_t i = 0; i < rows; i++)
        n->fixed[i] = tollf * n->toll[i] + distf * n->length[i];
    return COR_OK;
fail:
    cor_tntp_net_free(n);
    return st;
}

cor_status cor_tntp_net_read(const char *path, cor_tntp_net *out, cor_diag *d)
{
    char *text = NULL;
    size_t len = 0;
    memset(out, 0, sizeof *out);
    cor_status s = cor_read_file(path, COR_IMPORT_MAX_BYTES, &text, &len, d);
    if (s == COR_OK)
        s = cor_tntp_net_parse(text, len, path, out, d);
    free(text);
    return s;
}

void cor_tntp_anet(const cor_tntp_net *n, cor_anet *o)
{
    memset(o, 0, sizeof *o);
    o->nnodes = n->nnodes;
    o->nlinks = n->nlinks;
    o->first_thru = n->first_thru;
    o->from = n->from;
    o->to = n->to;
    o->t0 = n->fft;
    o->cap = n->cap;
    o->alpha = n->b;
    o->beta = n->power;
    o->vdf = NULL;
    o->fixed = n->fixed;
}

/* ---- trips -------------------------------------------------------------- */

void cor_tntp_trips_free(cor_tntp_trips *t)
{
    if (!t)
        return;
    free(t->orig);
    free(t->dest);
    free(t->volume);
    memset(t, 0, sizeof *t);
}

static void skip_blank(const imp_lines *L, size_t *p)
{
    while (*p < L->len && (L->line[*p] == ' ' || L->line[*p] == '\t'))
        (*p)++;
}

/* A run of number characters at *p: its start and length. */
static size_t number_run(const imp_lines *L, size_t *p, const char **t)
{
    size_t b = *p;
    while (*p < L->len && strchr("0123456789.eE+-", L->line[*p]) && L->line[*p])
        (*p)++;
    *t = L->line + b;
    return *p - b;
}

typedef struct trips_ws {
    uint32_t *seen_by;   /* [zones] origin (1-based) whose block last gave this dest */
    uint32_t *seen_line; /* [zones] its line */
    uint32_t *origin_line; /* [zones] the line of each origin's block, 0 = none yet */
    uint32_t cap;
} trips_ws;

static cor_status push(cor_tntp_trips *T, trips_ws *W, uint32_t o, uint32_t dz, double v)
{
    if (T->nod == W->cap) {
        uint32_t nc = W->cap ? (W->cap > UINT32_MAX / 2 ? UINT32_MAX : 2 * W->cap) : 1024;
        if (nc == W->cap)
            return COR_ELIMIT;
        uint32_t *a = realloc(T->orig, sizeof *a * nc);
        if (!a)
            return COR_ENOMEM;
        T->orig = a;
        uint32_t *b = realloc(T->dest, sizeof *b * nc);
        if (!b)
            return COR_ENOMEM;
        T->dest = b;
        double *c = realloc(T->volume, sizeof *c * nc);
        if (!c)
            return COR_ENOMEM;
        T->volume = c;
        W->cap = nc;
    }
    T->orig[T->nod] = o;
    T->dest[T->nod] = dz;
    T->volume[T->nod] = v;
    T->nod++;
    return COR_OK;
}

cor_status cor_tntp_trips_parse(const char *text, size_t len, const char *name, cor_tntp_trips *T, cor_diag *d)
{
    memset(T, 0, sizeof *T);
    T->header_total = -1;
    trips_ws W = {0};
    imp_lines L;
    imp_lines_init(&L, text, len);
    int64_t zones = -1;
    int in_meta = 1, fault = 0;
    uint32_t origin = 0; /* 1-based; 0 = none yet */
    const char *t;
    size_t k;
    uint32_t col;
    cor_status st = COR_OK;
    while (imp_next_line(&L)) {
        if (L.len > COR_IMPORT_MAX_LINE) {
            st = cor_diag_add(d, COR_ELIMIT, name, L.lineno, 1, "line longer than %u bytes", COR_IMPORT_MAX_LINE);
            goto fail;
        }
        k = imp_token(&L, &t, &col);
        if (k == 0 || t[0] == '~')
            continue;
        if (cor_diag_full(d))
            break;
        if (in_meta) {
            if (is_key(&L, "<END OF METADATA>", &t, &k, &col)) {
                in_meta = 0;
                if (zones < 1) {
                    st = cor_diag_add(d, COR_EDATA, name, L.lineno, 1,
                                      "no <NUMBER OF ZONES> before <END OF METADATA>");
                    goto fail;
                }
                W.seen_by = calloc((size_t)zones, sizeof *W.seen_by);
                W.seen_line = calloc((size_t)zones, sizeof *W.seen_line);
                W.origin_line = calloc((size_t)zones, sizeof *W.origin_line);
                if (!W.seen_by || !W.seen_line || !W.origin_line) {
                    st = cor_diag_add(d, COR_ENOMEM, name, L.lineno, 1, "out of memory for %lld zones",
                                      (long long)zones);
                    goto fail;
                }
            } else if (is_key(&L, "<NUMBER OF ZONES>", &t, &k, &col)) {
                if (meta_int(t, k, 1, COR_MAX_NODES, &zones)) {
                    st = cor_diag_add(d, COR_EDATA, name, L.lineno, col,
                                      "<NUMBER OF ZONES> must be an integer 1..%u, found '%.*s'", COR_MAX_NODES,
                                      SHOWN(k), t);
                    goto fail;
                }
            } else if (is_key(&L, "<TOTAL OD FLOW>", &t, &k, &col)) {
                if (imp_num(t, k, &T->header_total) || T->header_total < 0) {
                    st = cor_diag_add(d, COR_EDATA, name, L.lineno, col,
                                      "<TOTAL OD FLOW> must be a number >= 0, found '%.*s'", SHOWN(k), t);
                    goto fail;
                }
            } else if (t[0] != '<') {
                st = cor_diag_add(d, COR_EDATA, name, L.lineno, col,
                                  "expected a <KEY> value metadata line or <END OF METADATA>");
                goto fail;
            }
            continue;
        }
        if (k >= 6 && memcmp(t, "Origin", 6) == 0) {
            size_t p = (size_t)(t - L.line) + 6;
            skip_blank(&L, &p);
            const char *nt = L.line + p;
            uint32_t ncol = (uint32_t)p + 1;
            while (p < L.len && L.line[p] >= '0' && L.line[p] <= '9')
                p++;
            int64_t o;
            if (meta_int(nt, (size_t)(L.line + p - nt), 1, zones, &o)) {
                size_t e = p;
                while (e < L.len && L.line[e] != ' ' && L.line[e] != '\t')
                    e++;
                cor_diag_add(d, COR_EDATA, name, L.lineno, ncol,
                             "origin must be a zone 1..%lld (<NUMBER OF ZONES>), found '%.*s'", (long long)zones,
                             SHOWN((size_t)(L.line + e - nt)), nt);
                fault = 1;
                origin = UINT32_MAX; /* its entries are skipped, not reported again */
                continue;
            }
            skip_blank(&L, &p);
            if (p < L.len && L.line[p] != '~') {
                cor_diag_add(d, COR_EDATA, name, L.lineno, (uint32_t)p + 1, "unexpected text after 'Origin %lld'",
                             (long long)o);
                fault = 1;
            }
            if (W.origin_line[o - 1]) {
                cor_diag_add(d, COR_EDATA, name, L.lineno, ncol, "Origin %lld given twice (first at line %u)",
                             (long long)o, W.origin_line[o - 1]);
                fault = 1;
                origin = UINT32_MAX;
                continue;
            }
            W.origin_line[o - 1] = L.lineno;
            origin = (uint32_t)o;
            continue;
        }
        if (origin == 0) {
            cor_diag_add(d, COR_EDATA, name, L.lineno, col, "an entry before any 'Origin N' line");
            fault = 1;
            continue;
        }
        if (origin == UINT32_MAX)
            continue;
        /* entries: dest : flow ; ... */
        size_t p = (size_t)(t - L.line);
        while (p < L.len) {
            skip_blank(&L, &p);
            if (p >= L.len || L.line[p] == '~')
                break;
            uint32_t dcol = (uint32_t)p + 1;
            const char *dt;
            size_t dk = number_run(&L, &p, &dt);
            int64_t dz;
            if (meta_int(dt, dk, 1, zones, &dz)) {
                size_t e = p;
                while (e < L.len && !strchr(" \t:;", L.line[e]))
                    e++;
                cor_diag_add(d, COR_EDATA, name, L.lineno, dcol,
                             "destination must be a zone 1..%lld (<NUMBER OF ZONES>), found '%.*s'", (long long)zones,
                             SHOWN((size_t)(L.line + e - dt)), dt);
                fault = 1;
                break;
            }
            skip_blank(&L, &p);
            if (p >= L.len || L.line[p] != ':') {
                cor_diag_add(d, COR_EDATA, name, L.lineno, (uint32_t)p + 1, "expected ':' after destination %lld",
                             (long long)dz);
                fault = 1;
                break;
            }
            p++;
            skip_blank(&L, &p);
            uint32_t vcol = (uint32_t)p + 1;
            const char *vt;
            size_t vk = number_run(&L, &p, &vt);
            double v;
            if (imp_num(vt, vk, &v) || v < 0 || (p < L.len && !strchr(" \t;", L.line[p]))) {
                size_t e = p;
                while (e < L.len && !strchr(" \t;", L.line[e]))
                    e++;
                cor_diag_add(d, COR_EDATA, name, L.lineno, vcol, "flow must be a number >= 0, found '%.*s'",
                             SHOWN((size_t)(L.line + e - vt)), vt);
                fault = 1;
                break;
            }
            skip_blank(&L, &p);
            if (p < L.len && L.line[p] == ';')
                p++;
            if (W.seen_by[dz - 1] == origin) {
                cor_diag_add(d, COR_EDATA, name, L.lineno, dcol, "pair %u -> %lld given twice (first at line %u)",
                             origin, (long long)dz, W.seen_line[dz - 1]);
                fault = 1;
                continue;
            }
            W.seen_by[dz - 1] = origin;
            W.seen_line[dz - 1] = L.lineno;
            T->total += v;
            if (v > 0 && (st = push(T, &W, origin - 1, (uint32_t)dz - 1, v)) != COR_OK) {
                cor_diag_add(d, st, name, L.lineno, dcol, "too many entries");
                goto fail;
            }
        }
    }
    if (in_meta) {
        st = cor_diag_add(d, COR_EDATA, name, L.lineno ? L.lineno : 1, 1, "no <END OF METADATA> line");
        goto fail;
    }
    if (fault || cor_diag_full(d)) {
        st = COR_EDATA;
        goto fail;
    }
    T->nzones = (uint32_t)zones;
    free(W.seen_by);
    free(W.seen_line);
    free(W.origin_line);
    return COR_OK;
fail:
    free(W.seen_by);
    free(W.seen_line);
    free(W.origin_line);
    cor_tntp_trips_free(T);
    return st;
}

cor_status cor_tntp_trips_read(const char *path, cor_tntp_trips *out, cor_diag *d)
{
    char *text = NULL;
    size_t len = 0;
    memset(out, 0, sizeof *out);
    cor_status s = cor_read_file(path, COR_IMPORT_MAX_BYTES, &text, &len, d);
    if (s == COR_OK)
        s = cor_tntp_trips_parse(text, len, path, out, d);
    free(text);
    return s;
}
