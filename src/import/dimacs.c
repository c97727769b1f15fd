/*
 * dimacs.c -- DIMACS shortest-path graphs (9th Challenge format): "c"
 * comments, one "p sp N M" line, M "a U V W" arcs with integer weights;
 * an optional coordinate file of "v ID X Y" lines (millionths of a
 * degree, X = longitude).  See corridor/import.h for the mapping.  Every
 * fault is FILE:LINE:COLUMN; parsing goes on to report up to the diag's
 * capacity.  O(size of the files).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/import.h"
#include "import_int.h"
#include "lines.h"
#include "../core/infile.h"
#include "../core/alloc.h"

#define MAX_WEIGHT 40000 /* the model's distance_km range */

static int bad(cor_diag *d, cor_status s, const char *file, const imp_lines *L, uint32_t col, const char *msg,
               const char *tok, size_t n)
{
    cor_diag_add(d, s, file, L->lineno, col, "%s%s%.*s%s", msg, tok ? " '" : "", (int)(n > 40 ? 40 : n),
                 tok ? tok : "", tok ? "'" : "");
    return -1;
}

static cor_status parse_gr(cor_import *im, const char *text, size_t len, const char *name, cor_diag *d)
{
    imp_lines L;
    imp_lines_init(&L, text, len);
    int have_p = 0, fault = 0;
    int64_t n = 0, m = 0;
    uint32_t pline = 0, arcs = 0;
    const char *t;
    uint32_t col;
    while (imp_next_line(&L)) {
        if (L.len > COR_IMPORT_MAX_LINE) {
            cor_diag_add(d, COR_ELIMIT, name, L.lineno, 1, "line longer than %u bytes", COR_IMPORT_MAX_LINE);
            return COR_ELIMIT;
        }
        size_t k = imp_token(&L, &t, &col);
        if (k == 0 || (k == 1 && t[0] == 'c'))
            continue;
        if (cor_diag_full(d))
            break;
        if (k == 1 && t[0] == 'p') {
            if (have_p) {
                char msg[64];
                snprintf(msg, sizeof msg, "a second 'p' line (the first is line %u)", pline);
                fault |= bad(d, COR_EDATA, name, &L, col, msg, NULL, 0);
                continue;
            }
            k = imp_token(&L, &t, &col);
            if (k != 2 || memcmp(t, "sp", 2) != 0) {
                fault |= bad(d, COR_EDATA, name, &L, col, "expected 'p sp NODES ARCS', found", t, k);
                return COR_EDATA;
            }
            k = imp_token(&L, &t, &col);
            if (imp_int(t, k, 0, &n) || n < 1 || n > COR_MAX_NODES) {
                bad(d, n > COR_MAX_NODES ? COR_ELIMIT : COR_EDATA, name, &L, col,
                    "node count must be an integer 1..10000000, found", t, k);
                return n > COR_MAX_NODES ? COR_ELIMIT : COR_EDATA;
            }
            k = imp_token(&L, &t, &col);
            if (imp_int(t, k, 0, &m) || m > COR_MAX_LINKS) {
                bad(d, m > COR_MAX_LINKS ? COR_ELIMIT : COR_EDATA, name, &L, col,
                    "arc count must be an integer 0..50000000, found", t, k);
                return m > COR_MAX_LINKS ? COR_ELIMIT : COR_EDATA;
            }
            if ((k = imp_token(&L, &t, &col)) != 0) {
                bad(d, COR_EDATA, name, &L, col, "unexpected field after the arc count:", t, k);
                return COR_EDATA;
            }
            cor_status s = cor_imp_set_nodes(im, (uint32_t)n);
            if (s != COR_OK)
                return cor_diag_add(d, s, name, L.lineno, 1, "cannot hold %lld nodes", (long long)n);
            have_p = 1;
            pline = L.lineno;
            continue;
        }
        if (k == 1 && t[0] == 'a') {
            if (!have_p) {
                bad(d, COR_EDATA, name, &L, col, "an arc before the 'p sp NODES ARCS' line", NULL, 0);
                return COR_EDATA;
            }
            int64_t v[3];
            int ok = 1;
            for (int j = 0; j < 3 && ok; j++) {
                k = imp_token(&L, &t, &col);
                if (k == 0) {
                    fault |= bad(d, COR_EDATA, name, &L, col, j < 2 ? "missing node of the arc" : "missing weight",
                                 NULL, 0);
                    ok = 0;
                } else if (imp_int(t, k, 0, &v[j])) {
                    fault |= bad(d, COR_EDATA, name, &L, col, "expected a non-negative integer, found", t, k);
                    ok = 0;
                } else if (j < 2 && (v[j] < 1 || v[j] > n)) {
                    char msg[80];
                    snprintf(msg, sizeof msg, "node must be 1..%lld (the p line), found", (long long)n);
                    fault |= bad(d, COR_EDATA, name, &L, col, msg, t, k);
                    ok = 0;
                } else if (j == 2 && (v[j] < 1 || v[j] > MAX_WEIGHT)) {
                    fault |= bad(d, COR_EDATA, name, &L, col,
                                 "weight must be 1..40000 (it becomes distance_km, whose range that is), found", t, k);
                    ok = 0;
                }
            }
            if (ok && (k = imp_token(&L, &t, &col)) != 0)
                fault |= bad(d, COR_EDATA, name, &L, col, "unexpected field after the weight:", t, k), ok = 0;
            if (++arcs > (uint64_t)m) {
                char msg[96];
                snprintf(msg, sizeof msg, "more arcs than the %lld of the p line (line %u)", (long long)m, pline);
                bad(d, COR_EDATA, name, &L, 1, msg, NULL, 0);
                return COR_EDATA;
            }
            if (!ok)
                continue;
            if (v[0] == v[1]) { /* a loop is never on a shortest path, and the model has none */
                im->loops++;
                continue;
            }
            imp_link l;
            cor_imp_link_init(&l);
            l.number = arcs;
            l.from = (uint32_t)(v[0] - 1);
            l.to = (uint32_t)(v[1] - 1);
            l.distance_km = (double)v[2];
            l.feature = L.lineno;
            cor_status s = cor_imp_add_link(im, &l);
            if (s != COR_OK)
                return cor_diag_add(d, s, name, L.lineno, 1, "cannot hold the arcs");
            continue;
        }
        fault |= bad(d, COR_EDATA, name, &L, col, "expected a 'c', 'p' or 'a' line, found", t, k);
    }
    if (fault)
        return cor_diag_status(d) != COR_OK ? cor_diag_status(d) : COR_EDATA;
    if (!have_p)
        return cor_diag_add(d, COR_EDATA, name, L.lineno ? L.lineno : 1, 1, "no 'p sp NODES ARCS' line");
    if (arcs != (uint64_t)m)
        return cor_diag_add(d, COR_EDATA, name, pline, 1, "the p line promises %lld arcs; the file has %u",
                            (long long)m, arcs);
    return COR_OK;
}

static cor_status parse_co(cor_import *im, const char *text, size_t len, const char *name, cor_diag *d)
{
    imp_lines L;
    imp_lines_init(&L, text, len);
    int fault = 0;
    const char *t;
    uint32_t col;
    uint8_t *seen = calloc(im->nnodes ? im->nnodes : 1, 1);
    if (!seen)
        return COR_ENOMEM;
    while (imp_next_line(&L)) {
        if (L.len > COR_IMPORT_MAX_LINE) {
            free(seen);
            return cor_diag_add(d, COR_ELIMIT, name, L.lineno, 1, "line longer than %u bytes", COR_IMPORT_MAX_LINE);
        }
        size_t k = imp_token(&L, &t, &col);
        if (k == 0 || (k == 1 && (t[0] == 'c' || t[0] == 'p')))
            continue;
        if (cor_diag_full(d))
            break;
        if (k != 1 || t[0] != 'v') {
            fault |= bad(d, COR_EDATA, name, &L, col, "expected a 'c', 'p' or 'v' line, found", t, k);
            continue;
        }
        int64_t v[3];
        int ok = 1;
        for (int j = 0; j < 3 && ok; j++) {
            k = imp_token(&L, &t, &col);
            if (k == 0 || imp_int(t, k, j > 0, &v[j]))
                fault |= bad(d, COR_EDATA, name, &L, col, "expected an integer, found", t, k), ok = 0;
            else if (j == 0 && (v[0] < 1 || v[0] > im->nnodes))
                fault |= bad(d, COR_EDATA, name, &L, col, "node not in the graph (1..N of the .gr file):", t, k), ok = 0;
            else if (j == 1 && (v[1] < -180000000 || v[1] > 180000000))
                fault |= bad(d, COR_EDATA, name, &L, col, "longitude (millionths of a degree) out of range:", t, k),
                    ok = 0;
            else if (j == 2 && (v[2] < -90000000 || v[2] > 90000000))
                fault |= bad(d, COR_EDATA, name, &L, col, "latitude (millionths of a degree) out of range:", t, k),
                    ok = 0;
        }
        if (ok && (k = imp_token(&L, &t, &col)) != 0)
            fault |= bad(d, COR_EDATA, name, &L, col, "unexpected field after the latitude:", t, k), ok = 0;
        if (!ok)
            continue;
        uint32_t i = (uint32_t)(v[0] - 1);
        if (seen[i]) {
            fault |= bad(d, COR_EDATA, name, &L, 3, "a second position for node", NULL, 0);
            continue;
        }
        seen[i] = 1;
        im->lon[i] = (double)v[1] / 1e6;
        im->lat[i] = (double)v[2] / 1e6;
    }
    uint32_t missing = 0;
    for (uint32_t i = 0; i < im->nnodes; i++)
        missing += !seen[i];
    free(seen);
    if (fault)
        return cor_diag_status(d) != COR_OK ? cor_diag_status(d) : COR_EDATA;
    if (missing)
        snprintf(im->note, sizeof im->note, "%u nodes without a position in %s are placed at 0,0", missing, name);
    return COR_OK;
}

cor_status cor_import_dimacs_mem(const char *gr, size_t grlen, const char *grname, const char *co, size_t colen,
                                 const char *coname, cor_import **out, cor_diag *d)
{
    *out = NULL;
    cor_import *im = cor_imp_new("DIMACS", "", "a", grname);
    if (!im)
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    cor_status s = parse_gr(im, gr, grlen, grname, d);
    if (s == COR_OK && co)
        s = parse_co(im, co, colen, coname, d);
    else if (s == COR_OK)
        snprintf(im->note, sizeof im->note,
                 "no coordinate file: every node is placed at 0,0; weights are in the file's unit, written as distance_km");
    if (s == COR_OK && im->loops) {
        size_t w = strlen(im->note);
        snprintf(im->note + w, sizeof im->note - w, "%s%u loop arcs (u -> u) dropped, their ids skipped", w ? "; " : "",
                 im->loops);
    }
    if (s == COR_ENOMEM && cor_diag_status(d) == COR_OK)
        cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    if (s != COR_OK) {
        cor_import_free(im);
        return s;
    }
    *out = im;
    return COR_OK;
}

cor_status cor_import_dimacs(const char *gr_path, const char *co_path, cor_import **out, cor_diag *d)
{
    char *gr = NULL, *co = NULL;
    size_t grlen = 0, colen = 0;
    *out = NULL;
    cor_status s = cor_read_file(gr_path, COR_IMPORT_MAX_BYTES, &gr, &grlen, d);
    if (s == COR_OK && co_path)
        s = cor_read_file(co_path, COR_IMPORT_MAX_BYTES, &co, &colen, d);
    if (s == COR_OK)
        s = cor_import_dimacs_mem(gr, grlen, gr_path, co, colen, co_path, out, d);
    free(gr);
    free(co);
    return s;
}
