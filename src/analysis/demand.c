/*
 * demand.c -- reading demand (OD matrix), growth and delay-function files.
 * See corridor/demand.h.
 *
 * The three files share one reader: a header row maps names to columns
 * (unknown or repeated names are refused), each later row is checked field
 * by field and every fault is added to the diag with its file, line and
 * column; reading goes on after a bad row so that one run lists them all.
 * O(rows x classes).
 */
#include "corridor/demand.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "corridor/assign.h"
#include "corridor/text.h"
#include "../core/csvread.h"
#include "../core/infile.h"
#include "../core/alloc.h" /* last: maps malloc & co. to the counted wrappers */

enum { MAXC = 12 };

typedef struct table_spec {
    const char *cols[MAXC];
    int required[MAXC];
    int ncols;
} table_spec;

typedef struct reader {
    const table_spec *spec;
    const char *file;
    cor_diag *d;
    int idx[MAXC];
    int header;
    size_t nheader;
    int fault;
    cor_status (*row)(struct reader *R, const cor_csv_field *const *x, const cor_csv_field *first);
    void *out;
} reader;

static int bad(reader *R, const cor_csv_field *x, const char *col, const char *msg)
{
    R->fault = 1;
    cor_diag_add(R->d, COR_EDATA, R->file, x->line, x->col, "%s: %s", col, msg);
    return -1;
}

static cor_status oom(reader *R)
{
    return cor_diag_add(R->d, COR_ENOMEM, NULL, 0, 0, "out of memory");
}

static cor_status on_row(void *ud, const cor_csv_field *f, size_t n, uint32_t end_line, uint32_t end_col)
{
    reader *R = ud;
    const table_spec *S = R->spec;
    if (!R->header) {
        R->header = 1;
        R->nheader = n;
        for (int k = 0; k < MAXC; k++)
            R->idx[k] = -1;
        for (size_t i = 0; i < n; i++) {
            int k;
            for (k = 0; k < S->ncols && strcmp(f[i].s, S->cols[k]) != 0; k++)
                ;
            if (k == S->ncols || R->idx[k] >= 0) {
                char sh[128];
                cor_text_display(f[i].s, sh, sizeof sh, 60);
                return cor_diag_add(R->d, COR_EDATA, R->file, f[i].line, f[i].col, "%s column '%s'",
                                    k == S->ncols ? "unknown" : "repeated", sh);
            }
            R->idx[k] = (int)i;
        }
        for (int k = 0; k < S->ncols; k++)
            if (S->required[k] && R->idx[k] < 0)
                return cor_diag_add(R->d, COR_EDATA, R->file, 1, 1, "missing column '%s' in the header", S->cols[k]);
        return COR_OK;
    }
    if (n != R->nheader) {
        R->fault = 1;
        cor_diag_add(R->d, COR_EDATA, R->file, end_line, end_col, "the header has %zu columns but this row has %zu",
                     R->nheader, n);
        return COR_OK;
    }
    const cor_csv_field *x[MAXC];
    for (int k = 0; k < MAXC; k++)
        x[k] = (k < S->ncols && R->idx[k] >= 0) ? &f[R->idx[k]] : NULL;
    for (int k = 0; k < S->ncols; k++) {
        if (!x[k])
            continue;
        if (S->required[k] && cor_text_blank(x[k]->s, x[k]->len))
            bad(R, x[k], S->cols[k], "must not be empty");
        if (cor_text_find_control(x[k]->s, x[k]->len, NULL) < x[k]->len)
            bad(R, x[k], S->cols[k], "control characters are not allowed");
    }
    return R->row(R, x, &f[0]);
}

static cor_status run(reader *R, const char *name, const char *buf, size_t len, const char *path)
{
    cor_status s = path ? cor_csv_read_file(path, on_row, R, R->d) : cor_csv_parse_mem(buf, len, name, on_row, R, R->d);
    if (s == COR_OK && !R->header)
        s = cor_diag_add(R->d, COR_EDATA, R->file, 1, 1, "file has no header row");
    if (s == COR_OK && R->fault)
        s = COR_EDATA;
    return s;
}

/* An optional number in [lo, hi]; *v unchanged when empty. 0, 1 given, -1 bad. */
static int number(reader *R, const cor_csv_field *x, const char *col, double lo, double hi, double *v)
{
    if (!x || cor_text_blank(x->s, x->len))
        return 0;
    double r;
    if (cor_parse_decimal(x->s, &r) != 0 || !(r >= lo && r <= hi)) {
        char msg[128];
        snprintf(msg, sizeof msg, "expected a number between %g and %g", lo, hi);
        return bad(R, x, col, msg);
    }
    *v = r;
    return 1;
}

static char *dup_field(const cor_csv_field *x)
{
    return strdup(x ? x->s : "");
}

/* ---- demand ---------------------------------------------------------- */

enum { D_ORIG, D_DEST, D_VOL, D_UNIT, D_YEAR, D_CLASS, D_VOT, D_SOURCE, D_NOTE, D_NCOLS };
static const table_spec demand_spec = {
    {"origin", "destination", "volume", "unit", "year", "class", "value_of_time_usd_per_teu_day", "source", "note"},
    {1, 1, 1, 1, 0, 0, 0, 1, 0},
    D_NCOLS};

void cor_demand_init(cor_demand *dm)
{
    memset(dm, 0, sizeof *dm);
}

void cor_demand_destroy(cor_demand *dm)
{
    if (!dm)
        return;
    for (size_t i = 0; i < dm->n; i++) {
        free(dm->rows[i].origin);
        free(dm->rows[i].destination);
        free(dm->rows[i].source);
        free(dm->rows[i].note);
    }
    for (uint32_t k = 0; k < dm->nclasses; k++)
        free(dm->classes[k].name);
    free(dm->rows);
    free(dm->file);
    memset(dm, 0, sizeof *dm);
}

typedef struct demand_ctx {
    cor_demand *dm;
    uint8_t vot_given[COR_DEMAND_MAX_CLASSES];
    uint32_t first_line[COR_DEMAND_MAX_CLASSES], first_col[COR_DEMAND_MAX_CLASSES];
} demand_ctx;

static cor_status demand_row(reader *R, const cor_csv_field *const *x, const cor_csv_field *first)
{
    demand_ctx *C = R->out;
    cor_demand *dm = C->dm;
    if (dm->n >= COR_DEMAND_MAX_ROWS)
        return cor_diag_add(R->d, COR_ELIMIT, R->file, first->line, 1, "more than %u demand rows", COR_DEMAND_MAX_ROWS);
    cor_demand_row r;
    memset(&r, 0, sizeof r);
    r.line = first->line;
    r.col_origin = x[D_ORIG]->col;
    r.col_destination = x[D_DEST]->col;
    int ok = 1;
    double vol = 0;
    if (cor_text_blank(x[D_VOL]->s, x[D_VOL]->len) || number(R, x[D_VOL], "volume", 0, 1e12, &vol) < 0)
        ok = 0;
    r.volume = vol;
    const char *u = x[D_UNIT]->s;
    if (strcasecmp(u, "TEU") == 0)
        r.unit_t = 0;
    else if (strcmp(u, "t") == 0 || strcasecmp(u, "tonnes") == 0)
        r.unit_t = 1;
    else if (!cor_text_blank(u, x[D_UNIT]->len)) {
        char sh[96], msg[160];
        cor_text_display(u, sh, sizeof sh, 40);
        snprintf(msg, sizeof msg, "expected TEU or t, not '%s'", sh);
        ok = bad(R, x[D_UNIT], "unit", msg) == 0;
    }
    double y = 0;
    if (number(R, x[D_YEAR], "year", 1900, 2200, &y) < 0)
        ok = 0;
    else if (y != floor(y))
        ok = bad(R, x[D_YEAR], "year", "expected a whole year") == 0;
    r.year = (int)y;
    if (x[D_ORIG] && x[D_DEST] && strcmp(x[D_ORIG]->s, x[D_DEST]->s) == 0 && x[D_ORIG]->len)
        ok = bad(R, x[D_DEST], "destination", "is the origin (intrazonal demand is not assigned)") == 0;
    /* the class */
    const char *cname = x[D_CLASS] && !cor_text_blank(x[D_CLASS]->s, x[D_CLASS]->len) ? x[D_CLASS]->s : "all";
    uint32_t k;
    for (k = 0; k < dm->nclasses && strcmp(dm->classes[k].name, cname) != 0; k++)
        ;
    if (k == dm->nclasses) {
        if (dm->nclasses >= COR_DEMAND_MAX_CLASSES) {
            const cor_csv_field *at = x[D_CLASS] ? x[D_CLASS] : first;
            return cor_diag_add(R->d, COR_ELIMIT, R->file, at->line, at->col, "class: more than %u classes",
                                COR_DEMAND_MAX_CLASSES);
        }
        if (!(dm->classes[k].name = strdup(cname)))
            return oom(R);
        dm->nclasses++;
        C->first_line[k] = first->line;
        C->first_col[k] = x[D_CLASS] ? x[D_CLASS]->col : 1;
    }
    r.klass = k;
    double vot = 0;
    int g = number(R, x[D_VOT], "value_of_time_usd_per_teu_day", 0, 1e6, &vot);
    if (g < 0)
        ok = 0;
    else if (g == 1 && !(vot > 0))
        ok = bad(R, x[D_VOT], "value_of_time_usd_per_teu_day", "must be above 0 (a class that does not value time has no equilibrium of its own)") == 0;
    else if (g == 1) {
        if (C->vot_given[k] && dm->classes[k].vot_usd_per_teu_day != vot) {
            char msg[256];
            snprintf(msg, sizeof msg, "class '%.60s' has value of time %g on an earlier row, not %g", cname,
                     dm->classes[k].vot_usd_per_teu_day, vot);
            ok = bad(R, x[D_VOT], "value_of_time_usd_per_teu_day", msg) == 0;
        } else {
            dm->classes[k].vot_usd_per_teu_day = vot;
            C->vot_given[k] = 1;
        }
    }
    if (!ok)
        return COR_OK;
    r.origin = dup_field(x[D_ORIG]);
    r.destination = dup_field(x[D_DEST]);
    r.source = dup_field(x[D_SOURCE]);
    r.note = dup_field(x[D_NOTE]);
    if (!r.origin || !r.destination || !r.source || !r.note) {
        free(r.origin), free(r.destination), free(r.source), free(r.note);
        return oom(R);
    }
    cor_demand_row *nr = realloc(dm->rows, (dm->n + 1) * sizeof *nr);
    if (!nr) {
        free(r.origin), free(r.destination), free(r.source), free(r.note);
        return oom(R);
    }
    dm->rows = nr;
    dm->rows[dm->n++] = r;
    return COR_OK;
}

static cor_status demand_read(const char *name, const char *buf, size_t len, const char *path, cor_demand *dm,
                              cor_diag *d)
{
    cor_demand_destroy(dm);
    demand_ctx C;
    memset(&C, 0, sizeof C);
    C.dm = dm;
    if (!(dm->file = strdup(name)))
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    reader R;
    memset(&R, 0, sizeof R);
    R.spec = &demand_spec;
    R.file = name;
    R.d = d;
    R.row = demand_row;
    R.out = &C;
    cor_status s = run(&R, name, buf, len, path);
    if (s == COR_OK && dm->n == 0)
        s = cor_diag_add(d, COR_EDATA, name, 1, 1, "no demand rows");
    for (uint32_t k = 0; s == COR_OK && k < dm->nclasses; k++)
        if (!C.vot_given[k])
            s = cor_diag_add(d, COR_EDATA, name, C.first_line[k], C.first_col[k],
                             "class '%.60s' has no value_of_time_usd_per_teu_day on any row", dm->classes[k].name);
    if (s != COR_OK)
        cor_demand_destroy(dm);
    return s;
}

cor_status cor_demand_load(const char *path, cor_demand *dm, cor_diag *d)
{
    return demand_read(path, NULL, 0, path, dm, d);
}

cor_status cor_demand_parse(const char *name, const char *buf, size_t len, cor_demand *dm, cor_diag *d)
{
    return demand_read(name, buf, len, NULL, dm, d);
}

double cor_demand_row_teu(const cor_demand_row *r, double t_per_teu)
{
    return r->unit_t ? r->volume / (t_per_teu > 0 ? t_per_teu : COR_DEFAULT_T_PER_TEU) : r->volume;
}

/* ---- growth ---------------------------------------------------------- */

enum { G_ORIG, G_DEST, G_CLASS, G_GROWTH, G_SOURCE, G_NCOLS };
static const table_spec growth_spec = {{"origin", "destination", "class", "growth", "source"}, {1, 1, 0, 1, 1}, G_NCOLS};

void cor_growth_init(cor_growth *g)
{
    memset(g, 0, sizeof *g);
}

void cor_growth_destroy(cor_growth *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->n; i++) {
        free(g->rows[i].origin);
        free(g->rows[i].destination);
        free(g->rows[i].klass);
        free(g->rows[i].source);
    }
    free(g->rows);
    memset(g, 0, sizeof *g);
}

static cor_status growth_row(reader *R, const cor_csv_field *const *x, const cor_csv_field *first)
{
    cor_growth *g = R->out;
    if (g->n >= COR_DEMAND_MAX_ROWS)
        return cor_diag_add(R->d, COR_ELIMIT, R->file, first->line, 1, "more than %u growth rows", COR_DEMAND_MAX_ROWS);
    double rate = 0;
    if (cor_text_blank(x[G_GROWTH]->s, x[G_GROWTH]->len) || number(R, x[G_GROWTH], "growth", -0.5, 2, &rate) < 0)
        return COR_OK;
    cor_growth_row r = {dup_field(x[G_ORIG]), dup_field(x[G_DEST]), dup_field(x[G_CLASS]), dup_field(x[G_SOURCE]),
                        rate, first->line};
    cor_growth_row *nr = (r.origin && r.destination && r.klass && r.source) ? realloc(g->rows, (g->n + 1) * sizeof *nr)
                                                                            : NULL;
    if (!nr) {
        free(r.origin), free(r.destination), free(r.klass), free(r.source);
        return oom(R);
    }
    g->rows = nr;
    g->rows[g->n++] = r;
    return COR_OK;
}

static cor_status growth_read(const char *name, const char *buf, size_t len, const char *path, cor_growth *g,
                              cor_diag *d)
{
    cor_growth_destroy(g);
    reader R;
    memset(&R, 0, sizeof R);
    R.spec = &growth_spec;
    R.file = name;
    R.d = d;
    R.row = growth_row;
    R.out = g;
    cor_status s = run(&R, name, buf, len, path);
    if (s != COR_OK)
        cor_growth_destroy(g);
    return s;
}

cor_status cor_growth_load(const char *path, cor_growth *g, cor_diag *d)
{
    return growth_read(path, NULL, 0, path, g, d);
}

cor_status cor_growth_parse(const char *name, const char *buf, size_t len, cor_growth *g, cor_diag *d)
{
    return growth_read(name, buf, len, NULL, g, d);
}

/* ---- delay functions ------------------------------------------------- */

enum { V_ASSET, V_VDF, V_ALPHA, V_BETA, V_CAPTEU, V_CAPT, V_BGTEU, V_BGT, V_TPT, V_BASIS, V_SOURCE, V_NCOLS };
static const table_spec vdf_spec = {{"asset", "vdf", "alpha", "beta", "capacity_teu_per_year", "capacity_t_per_year",
                                     "background_teu_per_year", "background_t_per_year", "t_per_teu", "capacity_basis",
                                     "source"},
                                    {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1},
                                    V_NCOLS};

static const char *const kinds[] = {"port", "transfer", "gauge_change", "border", "rail", "road",
                                    "sea",  "feeder",   "ferry",        "iww",    NULL};

void cor_vdf_table_init(cor_vdf_table *t)
{
    memset(t, 0, sizeof *t);
    t->t_per_teu = COR_DEFAULT_T_PER_TEU;
}

void cor_vdf_table_destroy(cor_vdf_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n; i++) {
        free(t->rows[i].name);
        free(t->rows[i].basis);
        free(t->rows[i].source);
    }
    free(t->rows);
    free(t->file);
    free(t->t_per_teu_source);
    cor_vdf_table_init(t);
}

static cor_status vdf_row(reader *R, const cor_csv_field *const *x, const cor_csv_field *first)
{
    cor_vdf_table *t = R->out;
    const char *a = x[V_ASSET]->s;
    if (cor_text_blank(a, x[V_ASSET]->len))
        return COR_OK; /* reported as empty */
    if (strcmp(a, "conversion") == 0) {
        double v = 0;
        int g = number(R, x[V_TPT], "t_per_teu", 1, 40, &v);
        if (g == 0)
            bad(R, x[V_TPT] ? x[V_TPT] : first, "t_per_teu", "the conversion row needs t_per_teu");
        if (g == 1) {
            t->t_per_teu = v;
            free(t->t_per_teu_source);
            if (!(t->t_per_teu_source = dup_field(x[V_SOURCE])))
                return oom(R);
        }
        return COR_OK;
    }
    if (x[V_TPT] && !cor_text_blank(x[V_TPT]->s, x[V_TPT]->len))
        bad(R, x[V_TPT], "t_per_teu", "is for the row whose asset is 'conversion'");
    if (t->n >= 100000)
        return cor_diag_add(R->d, COR_ELIMIT, R->file, first->line, 1, "more than 100000 rows");
    cor_vdf_row r;
    memset(&r, 0, sizeof r);
    r.line = first->line;
    const char *colon = strchr(a, ':');
    int ok = 1;
    if (colon && colon > a && colon[1]) {
        size_t pl = (size_t)(colon - a);
        const char *rest = colon + 1;
        if (pl == 4 && strncmp(a, "kind", 4) == 0) {
            r.sel = COR_SEL_KIND;
            int i;
            for (i = 0; kinds[i] && strcmp(kinds[i], rest) != 0; i++)
                ;
            if (!kinds[i])
                ok = bad(R, x[V_ASSET], "asset",
                         "unknown kind (expected port, transfer, gauge_change, border, rail, road, sea, feeder, ferry "
                         "or iww)") == 0;
        } else if (pl == 4 && strncmp(a, "link", 4) == 0)
            r.sel = COR_SEL_LINK;
        else if (pl == 8 && strncmp(a, "transfer", 8) == 0)
            r.sel = COR_SEL_TRANSFER;
        else if (pl == 6 && strncmp(a, "border", 6) == 0)
            r.sel = COR_SEL_BORDER;
        else
            ok = bad(R, x[V_ASSET], "asset", "expected kind:K, link:ID, transfer:NODE:FROM:TO, border:ID or conversion") ==
                 0;
        if (ok && !(r.name = strdup(rest)))
            return oom(R);
    } else
        ok = bad(R, x[V_ASSET], "asset", "expected kind:K, link:ID, transfer:NODE:FROM:TO, border:ID or conversion") == 0;
    r.vdf = COR_VDF_BPR;
    r.alpha = 0.15;
    r.beta = 4;
    const char *v = x[V_VDF] ? x[V_VDF]->s : "";
    r.vdf_given = v[0] != 0;
    if (strcmp(v, "bpr") == 0 || v[0] == 0)
        r.vdf = COR_VDF_BPR;
    else if (strcmp(v, "conical") == 0) {
        r.vdf = COR_VDF_CONICAL;
        r.alpha = 4;
    } else if (strcmp(v, "hard") == 0)
        r.vdf = COR_VDF_HARD;
    else
        ok = bad(R, x[V_VDF], "vdf", "expected bpr, conical or hard") == 0;
    int ga = number(R, x[V_ALPHA], "alpha", 0, 100, &r.alpha), gb = number(R, x[V_BETA], "beta", 0, 20, &r.beta);
    if (ga < 0 || gb < 0)
        ok = 0;
    else if (!r.vdf_given && (ga || gb))
        ok = bad(R, x[ga ? V_ALPHA : V_BETA], ga ? "alpha" : "beta", "parameters need the vdf they belong to") == 0;
    if (ok && r.vdf == COR_VDF_CONICAL && !(r.alpha > 1))
        ok = bad(R, x[V_ALPHA], "alpha", "a conical function needs alpha above 1") == 0;
    if (number(R, x[V_CAPTEU], "capacity_teu_per_year", 0, 1e9, &r.cap_teu) < 0 ||
        number(R, x[V_CAPT], "capacity_t_per_year", 0, 1e10, &r.cap_t) < 0 ||
        number(R, x[V_BGTEU], "background_teu_per_year", 0, 1e9, &r.bg_teu) < 0 ||
        number(R, x[V_BGT], "background_t_per_year", 0, 1e10, &r.bg_t) < 0)
        ok = 0;
    if (ok && r.cap_teu > 0 && r.cap_t > 0)
        ok = bad(R, x[V_CAPT], "capacity_t_per_year", "give the capacity in TEU or in tonnes, not both") == 0;
    if (ok && r.sel == COR_SEL_KIND && (r.cap_teu > 0 || r.cap_t > 0 || r.bg_teu > 0 || r.bg_t > 0))
        ok = bad(R, x[V_ASSET], "asset", "a kind's default row gives no capacity or background (one asset's row does)") ==
             0;
    for (size_t i = 0; ok && i < t->n; i++)
        if (t->rows[i].sel == r.sel && strcmp(t->rows[i].name, r.name) == 0) {
            char msg[96];
            snprintf(msg, sizeof msg, "repeated (first on line %u)", t->rows[i].line);
            ok = bad(R, x[V_ASSET], "asset", msg) == 0;
        }
    if (!ok) {
        free(r.name);
        return COR_OK;
    }
    r.basis = dup_field(x[V_BASIS]);
    r.source = dup_field(x[V_SOURCE]);
    cor_vdf_row *nr = (r.basis && r.source) ? realloc(t->rows, (t->n + 1) * sizeof *nr) : NULL;
    if (!nr) {
        free(r.name), free(r.basis), free(r.source);
        return oom(R);
    }
    t->rows = nr;
    t->rows[t->n++] = r;
    return COR_OK;
}

static cor_status vdf_read(const char *name, const char *buf, size_t len, const char *path, cor_vdf_table *t,
                           cor_diag *d)
{
    cor_vdf_table_destroy(t);
    if (!(t->file = strdup(name)))
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    reader R;
    memset(&R, 0, sizeof R);
    R.spec = &vdf_spec;
    R.file = name;
    R.d = d;
    R.row = vdf_row;
    R.out = t;
    cor_status s = run(&R, name, buf, len, path);
    if (s != COR_OK)
        cor_vdf_table_destroy(t);
    return s;
}

cor_status cor_vdf_table_load(const char *path, cor_vdf_table *t, cor_diag *d)
{
    return vdf_read(path, NULL, 0, path, t, d);
}

cor_status cor_vdf_table_parse(const char *name, const char *buf, size_t len, cor_vdf_table *t, cor_diag *d)
{
    return vdf_read(name, buf, len, NULL, t, d);
}

const cor_vdf_row *cor_vdf_table_kind(const cor_vdf_table *t, const char *kind)
{
    for (size_t i = 0; kind && i < t->n; i++)
        if (t->rows[i].sel == COR_SEL_KIND && strcmp(t->rows[i].name, kind) == 0)
            return &t->rows[i];
    return NULL;
}

const cor_vdf_row *cor_vdf_table_find(const cor_vdf_table *t, cor_asset_sel sel, const char *name, const char *kind)
{
    const cor_vdf_row *def = NULL;
    for (size_t i = 0; i < t->n; i++) {
        const cor_vdf_row *r = &t->rows[i];
        if (r->sel == sel && name && strcmp(r->name, name) == 0)
            return r;
        if (r->sel == COR_SEL_KIND && kind && strcmp(r->name, kind) == 0)
            def = r;
    }
    return def;
}
