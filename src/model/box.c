/*
 * box.c -- container types, pricing rules per item and road weight limits
 * (boxes.csv, box_rules.csv, road_limits.csv), and the box a query moves.
 * See corridor/box.h.
 *
 * Each file is read with the shared CSV reader (located fields, bounded
 * sizes), its header mapped to known columns (unknown columns are an
 * error, so a typo is never silently ignored), and every row checked:
 * numbers in their ranges, ids unique, the kinds known.  The tables are
 * small (at most COR_MAX_BOX_TYPES types, one rule per item,
 * COR_MAX_ROAD_LIMITS limits); loading is O(file size).
 */
#include "corridor/box.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/snapshot.h" /* issue 13: a snapshot instead of a folder */
#include "core/csvread.h"
#include "core/infile.h"
#include "../core/alloc.h" /* last: maps malloc & co. to the counted wrappers */

static const char *const item_names[COR_BOX_ITEM_COUNT] = {
    "sea", "feeder", "rail", "road", "ferry", "iww", "port", "transfer", "gauge_change", "border", "terminal"};

const char *cor_box_item_name(cor_box_item i)
{
    return (unsigned)i < COR_BOX_ITEM_COUNT ? item_names[i] : "?";
}

struct cor_boxes {
    cor_box_type types[COR_MAX_BOX_TYPES];
    uint32_t ntypes;
    cor_box_rule rules[COR_BOX_ITEM_COUNT];
    cor_road_limit limits[COR_MAX_ROAD_LIMITS];
    uint32_t nlimits;
    char **strings; /* owned source texts */
    uint32_t nstrings, capstrings;
};

void cor_boxes_free(cor_boxes *b)
{
    if (!b)
        return;
    for (uint32_t i = 0; i < b->nstrings; i++)
        free(b->strings[i]);
    free(b->strings);
    free(b);
}

uint32_t cor_boxes_type_count(const cor_boxes *b) { return b->ntypes; }
const cor_box_type *cor_boxes_type(const cor_boxes *b, uint32_t i) { return &b->types[i]; }
const cor_box_rule *cor_boxes_rule(const cor_boxes *b, cor_box_item i) { return &b->rules[i]; }
uint32_t cor_boxes_road_limit_count(const cor_boxes *b) { return b->nlimits; }
const cor_road_limit *cor_boxes_road_limit(const cor_boxes *b, uint32_t i) { return &b->limits[i]; }

const char *cor_boxes_ids(const cor_boxes *b, char *buf, size_t size)
{
    size_t n = 0;
    if (size)
        buf[0] = '\0';
    for (uint32_t i = 0; i < b->ntypes && n < size; i++) {
        int w = snprintf(buf + n, size - n, "%s%s", i ? ", " : "", b->types[i].id);
        if (w < 0)
            break;
        n += (size_t)w;
    }
    return buf;
}

/* ---- reading -------------------------------------------------------- */

#define MAX_COLS 12

typedef struct reader {
    cor_boxes *b;
    cor_diag *d;
    const char *file;        /* name in messages */
    const char *const *cols; /* known columns, NULL-terminated */
    const char *required;    /* bit string: '1' = required, per column */
    int idx[MAX_COLS];       /* field index of each known column, -1 if absent */
    int header_done;
    cor_status first;        /* first fault */
    uint32_t rows;
    cor_status (*row)(struct reader *r, const cor_csv_field *f, size_t n, uint32_t line, uint32_t col);
} reader;

static cor_status fault(reader *r, const cor_csv_field *x, uint32_t line, uint32_t col, cor_status st,
                        const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static cor_status fault(reader *r, const cor_csv_field *x, uint32_t line, uint32_t col, cor_status st,
                        const char *fmt, ...)
{
    char msg[COR_DIAG_TEXT];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (r->first == COR_OK)
        r->first = st;
    cor_diag_add(r->d, st, r->file, x ? x->line : line, x ? x->col : col, "%s", msg);
    return st == COR_ENOMEM || st == COR_ELIMIT ? st : COR_OK; /* go on reading to report more */
}

static const cor_csv_field *field(const reader *r, const cor_csv_field *f, int c)
{
    return r->idx[c] >= 0 ? &f[r->idx[c]] : NULL;
}

/* A number in [lo, hi]: 0 and *v set, 1 if empty, -1 after a fault. */
static int number(reader *r, const cor_csv_field *x, const char *col, double lo, double hi, double *v)
{
    if (!x || x->len == 0)
        return 1;
    char *end = NULL;
    double t = strtod(x->s, &end);
    if (end == x->s || *end != '\0' || !isfinite(t) || strspn(x->s, "0123456789.-+eE") != x->len) {
        fault(r, x, 0, 0, COR_EDATA, "%s: expected a number, found '%.40s'", col, x->s);
        return -1;
    }
    if (t < lo || t > hi) {
        fault(r, x, 0, 0, COR_EDATA, "%s: %g is out of range (expected %g to %g)", col, t, lo, hi);
        return -1;
    }
    *v = t;
    return 0;
}

static const char *keep(reader *r, const cor_csv_field *x)
{
    cor_boxes *b = r->b;
    if (b->nstrings == b->capstrings) {
        uint32_t cap = b->capstrings ? 2 * b->capstrings : 16;
        char **ns = realloc(b->strings, cap * sizeof *ns);
        if (!ns)
            return NULL;
        b->strings = ns;
        b->capstrings = cap;
    }
    char *s = malloc(x ? x->len + 1 : 1);
    if (!s)
        return NULL;
    if (x)
        memcpy(s, x->s, x->len);
    s[x ? x->len : 0] = '\0';
    b->strings[b->nstrings++] = s;
    return s;
}

static cor_status on_row(void *ud, const cor_csv_field *f, size_t n, uint32_t end_line, uint32_t end_col)
{
    reader *r = ud;
    if (!r->header_done) {
        r->header_done = 1;
        for (int c = 0; c < MAX_COLS; c++)
            r->idx[c] = -1;
        for (size_t i = 0; i < n; i++) {
            int known = -1;
            for (int c = 0; r->cols[c]; c++)
                if (strcmp(f[i].s, r->cols[c]) == 0)
                    known = c;
            if (known < 0) {
                char list[256] = "";
                for (int c = 0; r->cols[c]; c++) {
                    strncat(list, c ? ", " : "", sizeof list - strlen(list) - 1);
                    strncat(list, r->cols[c], sizeof list - strlen(list) - 1);
                }
                fault(r, &f[i], 0, 0, COR_EDATA, "unknown column '%.40s' (expected %s)", f[i].s, list);
            } else if (r->idx[known] >= 0) {
                fault(r, &f[i], 0, 0, COR_EDATA, "column '%s' given twice", r->cols[known]);
            } else {
                r->idx[known] = (int)i;
            }
        }
        for (int c = 0; r->cols[c]; c++)
            if (r->required[c] == '1' && r->idx[c] < 0)
                fault(r, NULL, f[0].line, 1, COR_EDATA, "missing column '%s'", r->cols[c]);
        return r->first == COR_OK ? COR_OK : COR_EDATA;
    }
    for (int c = 0; r->cols[c]; c++)
        if (r->idx[c] >= 0 && (size_t)r->idx[c] >= n)
            return fault(r, NULL, end_line, end_col, COR_EDATA, "row has %zu fields; column '%s' is missing", n,
                         r->cols[c]);
    for (int c = 0; r->cols[c]; c++)
        if (r->required[c] == '1' && field(r, f, c)->len == 0)
            return fault(r, field(r, f, c), 0, 0, COR_EDATA, "%s: required", r->cols[c]);
    r->rows++;
    return r->row(r, f, n, end_line, end_col);
}

/* boxes.csv */
enum { B_ID, B_NAME, B_TEU, B_TARE, B_GROSS, B_TYPICAL, B_REEFER, B_KW, B_SOURCE };
static const char *const box_cols[] = {"id", "name", "teu", "tare_t", "max_gross_t", "typical_cargo_t",
                                       "reefer", "reefer_kw", "source", NULL};

static cor_status box_row(reader *r, const cor_csv_field *f, size_t n, uint32_t line, uint32_t col)
{
    (void)n, (void)line, (void)col;
    cor_boxes *b = r->b;
    const cor_csv_field *id = field(r, f, B_ID);
    if (b->ntypes >= COR_MAX_BOX_TYPES)
        return fault(r, id, 0, 0, COR_ELIMIT, "more than %u box types", COR_MAX_BOX_TYPES);
    cor_box_type t;
    memset(&t, 0, sizeof t);
    int bad = 0;
    if (id->len >= sizeof t.id || strspn(id->s, "abcdefghijklmnopqrstuvwxyz0123456789") != id->len)
        fault(r, id, 0, 0, COR_EDATA, "id: expected up to %zu lower-case letters and digits, found '%.40s'",
              sizeof t.id - 1, id->s), bad = 1;
    for (uint32_t i = 0; !bad && i < b->ntypes; i++)
        if (strcmp(b->types[i].id, id->s) == 0)
            fault(r, id, 0, 0, COR_EDATA, "id: box type '%s' given twice", id->s), bad = 1;
    const cor_csv_field *name = field(r, f, B_NAME);
    if (name->len >= sizeof t.name)
        fault(r, name, 0, 0, COR_EDATA, "name: longer than %zu bytes", sizeof t.name - 1), bad = 1;
    for (size_t i = 0; i < name->len; i++)
        if ((unsigned char)name->s[i] < 0x20)
            bad = 1, fault(r, name, 0, 0, COR_EDATA, "name: control character");
    bad |= number(r, field(r, f, B_TEU), "teu", 0.5, 3, &t.teu) != 0;
    bad |= number(r, field(r, f, B_TARE), "tare_t", 0.5, 10, &t.tare_t) != 0;
    bad |= number(r, field(r, f, B_GROSS), "max_gross_t", 5, 40, &t.max_gross_t) != 0;
    bad |= number(r, field(r, f, B_TYPICAL), "typical_cargo_t", 0, 40, &t.typical_cargo_t) < 0;
    bad |= number(r, field(r, f, B_KW), "reefer_kw", 0, 50, &t.reefer_kw) < 0;
    const cor_csv_field *rf = field(r, f, B_REEFER);
    if (rf && rf->len && strcmp(rf->s, "yes") != 0 && strcmp(rf->s, "no") != 0)
        bad = 1, fault(r, rf, 0, 0, COR_EDATA, "reefer: expected yes or no, found '%.40s'", rf->s);
    t.reefer = rf && strcmp(rf->s, "yes") == 0;
    if (!bad && t.tare_t >= t.max_gross_t)
        bad = 1, fault(r, field(r, f, B_TARE), 0, 0, COR_EDATA, "tare_t: %g t is not below max_gross_t %g t",
                       t.tare_t, t.max_gross_t);
    if (!bad && t.typical_cargo_t > t.max_gross_t - t.tare_t)
        bad = 1, fault(r, field(r, f, B_TYPICAL), 0, 0, COR_EDATA,
                       "typical_cargo_t: %g t is more than the box carries (%g t gross less %g t tare)",
                       t.typical_cargo_t, t.max_gross_t, t.tare_t);
    if (!bad && t.reefer && !(t.reefer_kw > 0))
        bad = 1, fault(r, field(r, f, B_KW) ? field(r, f, B_KW) : rf, 0, 0, COR_EDATA,
                       "reefer_kw: a reefer needs the power its unit draws (> 0)");
    if (bad)
        return COR_OK;
    memcpy(t.id, id->s, id->len + 1);
    memcpy(t.name, name->s, name->len + 1);
    if (!(t.source = keep(r, field(r, f, B_SOURCE))))
        return fault(r, id, 0, 0, COR_ENOMEM, "out of memory");
    b->types[b->ntypes++] = t;
    return COR_OK;
}

/* box_rules.csv */
enum { R_ITEM, R_BASIS, R_F40, R_F45, R_RF, R_RUSD, R_RCO2, R_SOURCE };
static const char *const rule_cols[] = {"item", "basis", "factor_40", "factor_45", "reefer_factor",
                                        "reefer_usd_per_day", "reefer_kg_co2e_per_kwh", "source", NULL};

static cor_status rule_row(reader *r, const cor_csv_field *f, size_t n, uint32_t line, uint32_t col)
{
    (void)n, (void)line, (void)col;
    const cor_csv_field *it = field(r, f, R_ITEM), *basis = field(r, f, R_BASIS);
    int item = -1;
    for (int i = 0; i < COR_BOX_ITEM_COUNT; i++)
        if (strcmp(it->s, item_names[i]) == 0)
            item = i;
    if (item < 0)
        return fault(r, it, 0, 0, COR_EDATA,
                     "item: unknown '%.40s' (expected sea, feeder, rail, road, ferry, iww, port, transfer, "
                     "gauge_change, border or terminal)", it->s);
    cor_box_rule *ru = &r->b->rules[item];
    if (ru->defined)
        return fault(r, it, 0, 0, COR_EDATA, "item: '%s' given twice", it->s);
    cor_box_rule v = {1, 0, 2, 2.25, 1, 0, 0, NULL};
    int bad = 0;
    if (strcmp(basis->s, "box") == 0)
        v.per_box = 1;
    else if (strcmp(basis->s, "teu") != 0)
        bad = 1, fault(r, basis, 0, 0, COR_EDATA, "basis: expected teu or box, found '%.40s'", basis->s);
    if (v.per_box) {
        v.factor_40 = v.factor_45 = 1;
        if (number(r, field(r, f, R_F40), "factor_40", 0.5, 3, &v.factor_40) == 1)
            bad = 1, fault(r, field(r, f, R_F40), line, col, COR_EDATA, "factor_40: required when basis is box");
        v.factor_45 = v.factor_40;
        bad |= number(r, field(r, f, R_F45), "factor_45", 0.5, 3.5, &v.factor_45) < 0;
    } else if (field(r, f, R_F40) && field(r, f, R_F40)->len) {
        bad = 1, fault(r, field(r, f, R_F40), 0, 0, COR_EDATA,
                       "factor_40: only for basis box (per TEU a 40' is 2 TEU by its teu in boxes.csv)");
    }
    bad |= number(r, field(r, f, R_RF), "reefer_factor", 1, 5, &v.reefer_factor) < 0;
    bad |= number(r, field(r, f, R_RUSD), "reefer_usd_per_day", 0, 10000, &v.reefer_usd_per_day) < 0;
    bad |= number(r, field(r, f, R_RCO2), "reefer_kg_co2e_per_kwh", 0, 5, &v.reefer_kg_co2e_per_kwh) < 0;
    if (bad)
        return COR_OK;
    if (!(v.source = keep(r, field(r, f, R_SOURCE))))
        return fault(r, it, 0, 0, COR_ENOMEM, "out of memory");
    *ru = v;
    return COR_OK;
}

/* road_limits.csv */
enum { L_COUNTRY, L_GVW, L_RIG, L_SOURCE };
static const char *const limit_cols[] = {"country", "max_gvw_t", "rig_tare_t", "source", NULL};

static cor_status limit_row(reader *r, const cor_csv_field *f, size_t n, uint32_t line, uint32_t col)
{
    (void)n, (void)line, (void)col;
    cor_boxes *b = r->b;
    const cor_csv_field *c = field(r, f, L_COUNTRY);
    if (b->nlimits >= COR_MAX_ROAD_LIMITS)
        return fault(r, c, 0, 0, COR_ELIMIT, "more than %u road limits", COR_MAX_ROAD_LIMITS);
    cor_road_limit v;
    memset(&v, 0, sizeof v);
    if (!(strcmp(c->s, "*") == 0 ||
          (c->len == 2 && c->s[0] >= 'A' && c->s[0] <= 'Z' && c->s[1] >= 'A' && c->s[1] <= 'Z')))
        return fault(r, c, 0, 0, COR_EDATA, "country: expected an ISO 3166 alpha-2 code or *, found '%.40s'", c->s);
    for (uint32_t i = 0; i < b->nlimits; i++)
        if (strcmp(b->limits[i].country, c->s) == 0)
            return fault(r, c, 0, 0, COR_EDATA, "country: '%s' given twice", c->s);
    int bad = number(r, field(r, f, L_GVW), "max_gvw_t", 10, 100, &v.max_gvw_t) != 0;
    bad |= number(r, field(r, f, L_RIG), "rig_tare_t", 1, 50, &v.rig_tare_t) != 0;
    if (!bad && v.rig_tare_t >= v.max_gvw_t)
        bad = 1, fault(r, field(r, f, L_RIG), 0, 0, COR_EDATA, "rig_tare_t: %g t is not below max_gvw_t %g t",
                       v.rig_tare_t, v.max_gvw_t);
    if (bad)
        return COR_OK;
    memcpy(v.country, c->s, c->len + 1);
    if (!(v.source = keep(r, field(r, f, L_SOURCE))))
        return fault(r, c, 0, 0, COR_ENOMEM, "out of memory");
    b->limits[b->nlimits++] = v;
    return COR_OK;
}

static cor_status read_one(cor_boxes *b, const char *dir, const char *name, const char *const *cols,
                           const char *required,
                           cor_status (*row)(reader *, const cor_csv_field *, size_t, uint32_t, uint32_t),
                           int *present, cor_diag *d)
{
    char path[4096];
    int w = snprintf(path, sizeof path, "%s/%s", dir, name);
    *present = 0;
    if (w < 0 || (size_t)w >= sizeof path)
        return cor_diag_add(d, COR_EIO, name, 0, 0, "path too long");
    int ex = cor_input_exists(path, d);
    if (ex < 0)
        return COR_EIO;
    if (ex == 0)
        return COR_OK;
    *present = 1;
    reader r;
    memset(&r, 0, sizeof r);
    r.b = b;
    r.d = d;
    r.file = path;
    r.cols = cols;
    r.required = required;
    r.row = row;
    cor_status s = cor_csv_read_file(path, on_row, &r, d);
    if (s == COR_OK && r.first != COR_OK)
        s = r.first;
    if (s == COR_OK && !r.header_done)
        s = cor_diag_add(d, COR_EDATA, path, 1, 1, "empty file: expected a header row");
    return s;
}

static void builtin_20(cor_boxes *b)
{
    cor_box_type *t = &b->types[0];
    memset(t, 0, sizeof *t);
    snprintf(t->id, sizeof t->id, "20");
    snprintf(t->name, sizeof t->name, "20' dry");
    t->teu = 1;
    t->tare_t = 2.3;
    t->max_gross_t = 30.48;
    t->typical_cargo_t = 0;
    t->source = "built in: no boxes.csv in the network";
    b->ntypes = 1;
}

cor_status cor_boxes_load(const char *dir, cor_boxes **out, cor_diag *d)
{
    *out = NULL;
    if (cor_snapshot_is_file(dir)) { /* issue 13: the box tables of a snapshot (corridor build) */
        static const char *const tables[] = {"boxes.csv", "box_rules.csv", "road_limits.csv", NULL};
        char *tmp = NULL;
        cor_status ss = cor_snapshot_extract_some(dir, tables, &tmp, d);
        if (ss == COR_OK)
            ss = cor_boxes_load(tmp, out, d);
        cor_snapshot_remove_dir(tmp);
        return ss;
    }
    cor_boxes *b = calloc(1, sizeof *b);
    if (!b)
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    int present = 0, any = 0;
    cor_status s = read_one(b, dir, "boxes.csv", box_cols, "111110001", box_row, &present, d);
    cor_status s2 = read_one(b, dir, "box_rules.csv", rule_cols, "11000001", rule_row, &any, d);
    cor_status s3 = read_one(b, dir, "road_limits.csv", limit_cols, "1111", limit_row, &any, d);
    if (s == COR_OK)
        s = s2;
    if (s == COR_OK)
        s = s3;
    if (s == COR_OK && !present)
        builtin_20(b);
    if (s == COR_OK && b->ntypes == 0)
        s = cor_diag_add(d, COR_EDATA, "boxes.csv", 0, 0, "no box types: the file needs at least one row");
    if (s != COR_OK) {
        cor_boxes_free(b);
        return s;
    }
    *out = b;
    return COR_OK;
}

/* ---- the box of a query --------------------------------------------- */

void cor_box_spec_default(cor_box_spec *s)
{
    memset(s, 0, sizeof *s);
    snprintf(s->id, sizeof s->id, "20");
    snprintf(s->name, sizeof s->name, "20' dry");
    s->teu = 1;
    s->tare_t = 2.3;
    s->max_gross_t = 30.48;
    for (int i = 0; i < COR_BOX_ITEM_COUNT; i++)
        s->usd_factor[i] = 1;
    s->hub_co2_factor = 1;
}

/* The multiplier of a rule for a box of `teu` TEU. */
static double rule_multiplier(const cor_box_rule *ru, double teu)
{
    if (!ru->defined || !ru->per_box)
        return teu;
    if (teu <= 1.0)
        return 1.0;
    if (teu <= 2.0)
        return ru->factor_40;
    return ru->factor_45;
}

cor_status cor_box_resolve(const cor_boxes *b, const char *id, double cargo_t, cor_box_spec *out, cor_diag *d)
{
    cor_box_spec_default(out);
    const cor_box_type *t = NULL;
    for (uint32_t i = 0; i < b->ntypes; i++)
        if (strcmp(b->types[i].id, id) == 0)
            t = &b->types[i];
    if (!t) {
        char ids[512];
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "--box: unknown box type '%.40s' (expected %s)", id,
                            cor_boxes_ids(b, ids, sizeof ids));
    }
    double max_cargo = t->max_gross_t - t->tare_t;
    if (cargo_t >= 0 && !(cargo_t > 0))
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "--cargo-t: expected tonnes of cargo above 0, found %g",
                            cargo_t);
    if (cargo_t > max_cargo + 1e-9)
        return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0,
                            "--cargo-t %g: a %s box carries at most %.1f t of cargo (%.2f t gross less %.2f t tare)",
                            cargo_t, t->name, floor(max_cargo * 10 + 1e-9) / 10, t->max_gross_t, t->tare_t);
    out->set = 1;
    snprintf(out->id, sizeof out->id, "%s", t->id);
    snprintf(out->name, sizeof out->name, "%s", t->name);
    out->teu = t->teu;
    out->tare_t = t->tare_t;
    out->max_gross_t = t->max_gross_t;
    out->cargo_given = cargo_t >= 0;
    out->cargo_t = cargo_t >= 0 ? cargo_t : t->typical_cargo_t;
    out->reefer = t->reefer;
    out->reefer_kw = t->reefer_kw;
    out->hub_co2_factor = t->teu;
    for (int i = 0; i < COR_BOX_ITEM_COUNT; i++) {
        const cor_box_rule *ru = &b->rules[i];
        out->nrules += ru->defined != 0;
        out->usd_factor[i] = rule_multiplier(ru, t->teu) * (t->reefer && ru->defined ? ru->reefer_factor : 1.0);
        if (t->reefer && ru->defined) {
            out->reefer_usd_per_hour[i] = ru->reefer_usd_per_day / 24.0;
            out->reefer_co2e_kg_per_hour[i] = t->reefer_kw * ru->reefer_kg_co2e_per_kwh;
        }
    }
    if (out->cargo_t > 0)
        snprintf(out->label, sizeof out->label, "%s (%s, %.1f t of cargo)", cor_box_unit(out), t->name, out->cargo_t);
    else
        snprintf(out->label, sizeof out->label, "%s (%s)", cor_box_unit(out), t->name);
    out->nroad = b->nlimits;
    memcpy(out->road, b->limits, b->nlimits * sizeof *b->limits);
    return COR_OK;
}

double cor_box_gross_t(const cor_box_spec *s, double payload_t_per_teu)
{
    double cargo = s->cargo_t > 0 ? s->cargo_t : payload_t_per_teu * s->teu;
    return cargo + s->tare_t;
}

double cor_box_road_limit_t(const cor_box_spec *s, const char *country)
{
    const cor_road_limit *any = NULL;
    for (uint32_t i = 0; i < s->nroad; i++) {
        if (country && strcmp(s->road[i].country, country) == 0)
            return s->road[i].max_gvw_t - s->road[i].rig_tare_t;
        if (strcmp(s->road[i].country, "*") == 0)
            any = &s->road[i];
    }
    return any ? any->max_gvw_t - any->rig_tare_t : INFINITY;
}

void cor_box_apply(const cor_box_spec *s, cor_box_item i, double hours, double *usd, double *co2e_kg,
                   double *reefer_co2e_kg)
{
    *usd *= s->usd_factor[i];
    if (i >= COR_BOX_PORT)
        *co2e_kg *= s->hub_co2_factor;
    if (s->reefer) {
        *usd += s->reefer_usd_per_hour[i] * hours;
        *reefer_co2e_kg += s->reefer_co2e_kg_per_hour[i] * hours;
    }
}

const char *cor_box_unit(const cor_box_spec *s)
{
    return s->teu == 1.0 && !s->reefer ? "TEU" : "box";
}

const char *cor_box_describe(const cor_box_spec *s, double payload_t_per_teu, char *buf, size_t size)
{
    char teu[64];
    snprintf(teu, sizeof teu, "%g TEU", s->teu);
    if (s->cargo_t > 0)
        snprintf(buf, size, "%s (%s), cargo %.1f t (%s), gross %.1f t", s->name, teu, s->cargo_t,
                 s->cargo_given ? "given" : "typical", cor_box_gross_t(s, 0));
    else if (payload_t_per_teu > 0)
        snprintf(buf, size, "%s (%s), cargo %.1f t (%.1f t per TEU), gross %.1f t", s->name, teu,
                 payload_t_per_teu * s->teu, payload_t_per_teu, cor_box_gross_t(s, payload_t_per_teu));
    else
        snprintf(buf, size, "%s (%s), cargo: each mode's payload per TEU", s->name, teu);
    return buf;
}
