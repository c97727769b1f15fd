/*
 * tntp.c -- TNTP test networks (the Transportation Networks for Research
 * format): "<KEY> value" metadata up to "<END OF METADATA>", "~"
 * comments, then one link a line: init term capacity length fft [b power
 * speed toll type] and an optional ";".  See corridor/import.h for the
 * mapping to links.  Every fault is FILE:LINE:COLUMN.  O(size of the file).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/import.h"
#include "import_int.h"
#include "lines.h"
#include "../core/infile.h"
#include "../core/alloc.h"

static int meta(const char *line, size_t len, const char *key, int64_t *v)
{
    size_t k = strlen(key);
    if (len < k || memcmp(line, key, k) != 0)
        return 0;
    const char *p = line + k, *e = line + len;
    while (p < e && (*p == ' ' || *p == '\t'))
        p++;
    const char *b = p;
    while (p < e && *p >= '0' && *p <= '9')
        p++;
    if (imp_int(b, (size_t)(p - b), 0, v))
        return -1;
    return 1;
}

static cor_status parse(cor_import *im, const char *text, size_t len, const char *name, cor_diag *d)
{
    imp_lines L;
    imp_lines_init(&L, text, len);
    int64_t nodes = -1, nlinks = -1, thru = 1;
    int in_meta = 1, fault = 0;
    uint32_t rows = 0, clamped = 0, fixed = 0;
    const char *t;
    uint32_t col;
    while (imp_next_line(&L)) {
        if (L.len > COR_IMPORT_MAX_LINE)
            return cor_diag_add(d, COR_ELIMIT, name, L.lineno, 1, "line longer than %u bytes", COR_IMPORT_MAX_LINE);
        size_t k = imp_token(&L, &t, &col);
        if (k == 0 || t[0] == '~')
            continue;
        if (cor_diag_full(d))
            break;
        if (in_meta) {
            const char *line = L.line + (col - 1);
            size_t rest = L.len - (col - 1);
            int r;
            if (rest >= 17 && memcmp(line, "<END OF METADATA>", 17) == 0) {
                in_meta = 0;
                if (nodes < 1)
                    return cor_diag_add(d, COR_EDATA, name, L.lineno, col,
                                        "no <NUMBER OF NODES> before <END OF METADATA>");
                cor_status s = cor_imp_set_nodes(im, (uint32_t)nodes);
                if (s != COR_OK)
                    return cor_diag_add(d, s, name, L.lineno, col, "cannot hold the nodes");
                continue;
            }
            if ((r = meta(line, rest, "<NUMBER OF NODES>", &nodes)) != 0) {
                if (r < 0 || nodes < 1 || nodes > COR_MAX_NODES)
                    return cor_diag_add(d, nodes > COR_MAX_NODES ? COR_ELIMIT : COR_EDATA, name, L.lineno, col,
                                        "<NUMBER OF NODES> must be an integer 1..10000000");
            } else if ((r = meta(line, rest, "<NUMBER OF LINKS>", &nlinks)) != 0) {
                if (r < 0 || nlinks > COR_MAX_LINKS)
                    return cor_diag_add(d, r < 0 ? COR_EDATA : COR_ELIMIT, name, L.lineno, col,
                                        "<NUMBER OF LINKS> must be an integer 0..50000000");
            } else if ((r = meta(line, rest, "<FIRST THRU NODE>", &thru)) != 0) {
                if (r < 0)
                    return cor_diag_add(d, COR_EDATA, name, L.lineno, col, "<FIRST THRU NODE> must be an integer");
            } else if (line[0] != '<') {
                return cor_diag_add(d, COR_EDATA, name, L.lineno, col,
                                    "expected a <KEY> value metadata line or <END OF METADATA>");
            } /* other metadata (<NUMBER OF ZONES>, <ORIGINAL HEADER>, ...) is not needed */
            continue;
        }
        double v[5];
        int ok = 1;
        for (int j = 0; j < 5 && ok; j++) {
            if (j > 0)
                k = imp_token(&L, &t, &col);
            static const char *const what[] = {"init node", "term node", "capacity", "length", "free-flow time"};
            if (k == 0 || (k == 1 && t[0] == ';')) {
                cor_diag_add(d, COR_EDATA, name, L.lineno, col, "missing %s (a row is init term capacity length fft ...)",
                             what[j]);
                fault = 1, ok = 0;
            } else if (imp_num(t, k, &v[j]) || v[j] < 0) {
                cor_diag_add(d, COR_EDATA, name, L.lineno, col, "%s must be a non-negative number, found '%.*s'",
                             what[j], (int)(k > 40 ? 40 : k), t);
                fault = 1, ok = 0;
            } else if (j < 2 && (v[j] != floor(v[j]) || v[j] < 1 || v[j] > (double)nodes)) {
                cor_diag_add(d, COR_EDATA, name, L.lineno, col, "%s must be 1..%lld (<NUMBER OF NODES>), found '%.*s'",
                             what[j], (long long)nodes, (int)(k > 40 ? 40 : k), t);
                fault = 1, ok = 0;
            } else if (j == 3 && v[j] > 40000) {
                cor_diag_add(d, COR_EDATA, name, L.lineno, col, "length above 40000 (the model's distance_km range)");
                fault = 1, ok = 0;
            }
        }
        if (!ok)
            continue;
        if (++rows > (uint64_t)(nlinks < 0 ? COR_MAX_LINKS : nlinks))
            return cor_diag_add(d, COR_EDATA, name, L.lineno, 1, "more links than <NUMBER OF LINKS> (%lld)",
                                (long long)nlinks);
        if (v[0] == v[1]) { /* a loop is never on a shortest path, and the model has none */
            im->loops++;
            continue;
        }
        imp_link l;
        cor_imp_link_init(&l);
        l.number = rows;
        l.from = (uint32_t)v[0] - 1;
        l.to = (uint32_t)v[1] - 1;
        l.capacity_teu_per_year = v[2];
        l.distance_km = v[3];
        if (l.distance_km < 0.001) {
            l.distance_km = 0.001;
            clamped++;
        }
        double speed = v[4] > 0 ? l.distance_km / v[4] : INFINITY;
        if (speed >= 0.1 && speed <= 1000) {
            l.speed_kmh = speed;
        } else {
            l.fixed_hours = v[4];
            fixed++;
        }
        l.feature = L.lineno;
        cor_status s = cor_imp_add_link(im, &l);
        if (s != COR_OK)
            return cor_diag_add(d, s, name, L.lineno, 1, "cannot hold the links");
    }
    if (fault)
        return COR_EDATA;
    if (in_meta)
        return cor_diag_add(d, COR_EDATA, name, L.lineno ? L.lineno : 1, 1, "no <END OF METADATA> line");
    if (nlinks >= 0 && rows != (uint64_t)nlinks)
        return cor_diag_add(d, COR_EDATA, name, L.lineno, 1, "<NUMBER OF LINKS> is %lld; the file has %u",
                            (long long)nlinks, rows);
    int w = 0;
    if (thru > 1) {
        im->nzones = thru - 1 < (int64_t)im->nnodes ? (uint32_t)(thru - 1) : im->nnodes;
        w += snprintf(im->note + w, sizeof im->note - (size_t)w,
                      "nodes 1..%u are zones (<FIRST THRU NODE> %lld): kind 'zone', where routes start and end "
                      "but never pass through. ", im->nzones, (long long)thru);
    }
    if (fixed && w >= 0 && (size_t)w < sizeof im->note)
        w += snprintf(im->note + w, sizeof im->note - (size_t)w,
                      "%u links whose length / free-flow time is outside 0.1..1000 take the free-flow time as "
                      "fixed_hours plus length at the mode's speed. ", fixed);
    if (clamped && w >= 0 && (size_t)w < sizeof im->note)
        w += snprintf(im->note + w, sizeof im->note - (size_t)w, "%u lengths below 0.001 written as 0.001. ", clamped);
    if (im->loops && w >= 0 && (size_t)w < sizeof im->note)
        snprintf(im->note + w, sizeof im->note - (size_t)w, "%u loop links (u -> u) dropped, their ids skipped.",
                 im->loops);
    return COR_OK;
}

cor_status cor_import_tntp_mem(const char *text, size_t len, const char *name, cor_import **out, cor_diag *d)
{
    *out = NULL;
    cor_import *im = cor_imp_new("TNTP", "", "l", name);
    if (!im)
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    cor_status s = parse(im, text, len, name, d);
    if (s != COR_OK) {
        cor_import_free(im);
        return s;
    }
    *out = im;
    return COR_OK;
}

cor_status cor_import_tntp(const char *path, cor_import **out, cor_diag *d)
{
    char *text = NULL;
    size_t len = 0;
    *out = NULL;
    cor_status s = cor_read_file(path, COR_IMPORT_MAX_BYTES, &text, &len, d);
    if (s == COR_OK)
        s = cor_import_tntp_mem(text, len, path, out, d);
    free(text);
    return s;
}
