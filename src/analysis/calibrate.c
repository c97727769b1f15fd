/*
 * calibrate.c -- published trips beside the model.  See corridor/calibrate.h.
 *
 * Rows are read with the library's CSV reader (positions for every fault),
 * then routed on the network loaded once per distinct scenario.  A row is
 * in its band when the model's value v satisfies
 *     published_min - band <= v <= published_max + band
 * for each published quantity (days, USD per TEU).  O(rows x route).
 */
#include "corridor/calibrate.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/graph.h"
#include "corridor/model.h"
#include "corridor/report.h"
#include "corridor/route.h"
#include "corridor/scenario.h"
#include "corridor/text.h"
#include "../core/csvread.h"
#include "../core/alloc.h" /* last: maps malloc & co. to the counted wrappers */

enum { K_ID, K_TRIP, K_FROM, K_TO, K_BY, K_VIA, K_AVOID, K_MODES, K_YEAR, K_SCENARIO, K_DMIN, K_DMAX, K_UMIN, K_UMAX,
       K_BANDD, K_BANDU, K_SOURCE, K_DATE, K_NOTE, K_GAP, K_NCOLS };
static const char *const col_names[K_NCOLS] = {"id",       "trip",     "from",     "to",        "by",
                                               "via",      "avoid",    "modes",    "year",      "scenario",
                                               "days_min", "days_max", "usd_min",  "usd_max",   "band_days",
                                               "band_usd", "source",   "date",     "note",      "known_gap"};
static const int required[K_NCOLS] = {[K_ID] = 1, [K_TRIP] = 1, [K_FROM] = 1, [K_TO] = 1, [K_SOURCE] = 1, [K_DATE] = 1};

void cor_calibration_init(cor_calibration *c)
{
    memset(c, 0, sizeof *c);
}

void cor_calibration_destroy(cor_calibration *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++) {
        cor_calibration_row *r = &c->rows[i];
        char **s[] = {&r->id, &r->trip, &r->from, &r->to, &r->by, &r->via, &r->avoid, &r->modes, &r->scenario,
                      &r->source, &r->date, &r->note, &r->known_gap};
        for (size_t k = 0; k < sizeof s / sizeof *s; k++)
            free(*s[k]);
    }
    free(c->rows);
    memset(c, 0, sizeof *c);
}

typedef struct reader {
    cor_calibration *c;
    const char *file;
    cor_diag *d;
    int idx[K_NCOLS];
    int header;
    size_t nheader;
    int fault;
} reader;

static cor_status bad(reader *R, const cor_csv_field *x, const char *msg, const char *col)
{
    R->fault = 1;
    return cor_diag_add(R->d, COR_EDATA, R->file, x->line, x->col, "%s: %s", col, msg);
}

/* An optional non-negative number; NAN when empty. */
static int number(reader *R, const cor_csv_field *x, const char *col, double *v)
{
    *v = NAN;
    if (!x || x->len == 0)
        return 0;
    double r;
    if (cor_parse_decimal(x->s, &r) != 0 || r < 0 || r > 1e7) {
        bad(R, x, "expected a number between 0 and 1e7", col);
        return -1;
    }
    *v = r;
    return 0;
}

static cor_status on_row(void *ud, const cor_csv_field *f, size_t n, uint32_t end_line, uint32_t end_col)
{
    reader *R = ud;
    if (!R->header) {
        R->header = 1;
        R->nheader = n;
        for (int k = 0; k < K_NCOLS; k++)
            R->idx[k] = -1;
        for (size_t i = 0; i < n; i++) {
            int k;
            for (k = 0; k < K_NCOLS && strcmp(f[i].s, col_names[k]) != 0; k++)
                ;
            if (k == K_NCOLS || R->idx[k] >= 0) {
                cor_diag_add(R->d, COR_EDATA, R->file, f[i].line, f[i].col, "%s column '%s'",
                             k == K_NCOLS ? "unknown" : "repeated", f[i].s);
                return COR_EDATA;
            }
            R->idx[k] = (int)i;
        }
        for (int k = 0; k < K_NCOLS; k++)
            if (required[k] && R->idx[k] < 0)
                return cor_diag_add(R->d, COR_EDATA, R->file, 1, 1, "missing column '%s' in the header", col_names[k]);
        return COR_OK;
    }
    if (n != R->nheader) {
        cor_diag_add(R->d, COR_EDATA, R->file, end_line, end_col, "the header has %zu columns but this row has %zu",
                     R->nheader, n);
        R->fault = 1;
        return COR_OK;
    }
    if (R->c->n >= COR_CALIBRATION_MAX_ROWS)
        return cor_diag_add(R->d, COR_ELIMIT, R->file, f[0].line, 1, "more than %u trips", COR_CALIBRATION_MAX_ROWS);
    cor_calibration_row *nr = realloc(R->c->rows, (R->c->n + 1) * sizeof *nr);
    if (!nr)
        return cor_diag_add(R->d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    R->c->rows = nr;
    cor_calibration_row *r = &nr[R->c->n++];
    memset(r, 0, sizeof *r);
    const cor_csv_field *x[K_NCOLS];
    for (int k = 0; k < K_NCOLS; k++)
        x[k] = R->idx[k] >= 0 ? &f[R->idx[k]] : NULL;
    char **s[K_NCOLS] = {[K_ID] = &r->id,       [K_TRIP] = &r->trip,   [K_FROM] = &r->from,
                         [K_TO] = &r->to,       [K_BY] = &r->by,       [K_VIA] = &r->via,
                         [K_AVOID] = &r->avoid, [K_MODES] = &r->modes, [K_SCENARIO] = &r->scenario,
                         [K_SOURCE] = &r->source, [K_DATE] = &r->date, [K_NOTE] = &r->note,
                         [K_GAP] = &r->known_gap};
    for (int k = 0; k < K_NCOLS; k++) {
        if (!s[k])
            continue;
        if (required[k] && (!x[k] || x[k]->len == 0))
            bad(R, x[k] ? x[k] : &f[0], "must not be empty", col_names[k]);
        *s[k] = strdup(x[k] ? x[k]->s : "");
        if (!*s[k])
            return cor_diag_add(R->d, COR_ENOMEM, NULL, 0, 0, "out of memory");
        if (x[k] && cor_text_find_control(x[k]->s, x[k]->len, NULL) < x[k]->len)
            bad(R, x[k], "control characters are not allowed", col_names[k]);
    }
    double y;
    if (number(R, x[K_YEAR], "year", &y) == 0 && !isnan(y)) {
        if (y != floor(y) || y < 1800 || y > 2200)
            bad(R, x[K_YEAR], "expected a year between 1800 and 2200", "year");
        else
            r->year = (int)y;
    }
    number(R, x[K_DMIN], "days_min", &r->days_min);
    number(R, x[K_DMAX], "days_max", &r->days_max);
    number(R, x[K_UMIN], "usd_min", &r->usd_min);
    number(R, x[K_UMAX], "usd_max", &r->usd_max);
    number(R, x[K_BANDD], "band_days", &r->band_days);
    number(R, x[K_BANDU], "band_usd", &r->band_usd);
    if (isnan(r->band_days))
        r->band_days = 0;
    if (isnan(r->band_usd))
        r->band_usd = 0;
    /* one bound given: the range is that value */
    if (isnan(r->days_min) != isnan(r->days_max)) {
        if (isnan(r->days_min))
            r->days_min = r->days_max;
        else
            r->days_max = r->days_min;
    }
    if (isnan(r->usd_min) != isnan(r->usd_max)) {
        if (isnan(r->usd_min))
            r->usd_min = r->usd_max;
        else
            r->usd_max = r->usd_min;
    }
    if (r->days_min > r->days_max)
        bad(R, x[K_DMIN], "is above days_max", "days_min");
    if (r->usd_min > r->usd_max)
        bad(R, x[K_UMIN], "is above usd_max", "usd_min");
    if (isnan(r->days_min) && isnan(r->usd_min))
        bad(R, &f[0], "a trip needs a published time (days_min/max) or cost (usd_min/max)", "id");
    return COR_OK;
}

cor_status cor_calibration_load(const char *path, cor_calibration *c, cor_diag *d)
{
    reader R;
    memset(&R, 0, sizeof R);
    R.c = c;
    R.file = path;
    R.d = d;
    cor_status s = cor_csv_read_file(path, on_row, &R, d);
    if (s == COR_OK && !R.header)
        s = cor_diag_add(d, COR_EDATA, path, 1, 1, "file has no header row");
    if (s == COR_OK && R.fault)
        s = COR_EDATA;
    return s;
}

/* ---- running --------------------------------------------------------- */

/* Split a '|' (or ',') list into q via, avoid or modes. */
static int add_places(const cor_network *net, const char *list, int avoid, cor_query *q, char *why, size_t size)
{
    for (const char *p = list; *p;) {
        const char *e = strpbrk(p, avoid >= 2 ? "|," : "|");
        size_t len = e ? (size_t)(e - p) : strlen(p);
        char tok[COR_MAX_NAME_BYTES + 1];
        if (len == 0 || len > COR_MAX_NAME_BYTES) {
            snprintf(why, size, "an empty or overlong item in '%s'", list);
            return -1;
        }
        memcpy(tok, p, len);
        tok[len] = '\0';
        if (avoid == 2) { /* modes */
            cor_mode m;
            if (cor_mode_parse(tok, &m) != 0) {
                snprintf(why, size, "unknown mode '%s'", tok);
                return -1;
            }
            q->modes |= 1u << m;
        } else {
            uint32_t x, sugg[1];
            if (avoid && (x = cor_network_find_passage(net, tok)) != COR_NONE) {
                q->avoid_passages |= (uint64_t)1 << x;
            } else if (avoid && (x = cor_network_find_link(net, tok)) != COR_NONE) {
                if (q->navoid_links >= COR_MAX_AVOID)
                    return snprintf(why, size, "too many avoided items"), -1;
                q->avoid_links[q->navoid_links++] = x;
            } else if (cor_network_find_node(net, tok, &x, sugg, 0) == COR_OK) {
                if (avoid) {
                    if (q->navoid_nodes >= COR_MAX_AVOID)
                        return snprintf(why, size, "too many avoided items"), -1;
                    q->avoid_nodes[q->navoid_nodes++] = x;
                } else {
                    if (q->nvia >= COR_MAX_VIA)
                        return snprintf(why, size, "too many via places"), -1;
                    q->via[q->nvia++] = x;
                }
            } else {
                snprintf(why, size, "unknown %s '%s'", avoid ? "place, link or passage" : "place", tok);
                return -1;
            }
        }
        if (!e)
            break;
        p = e + 1;
    }
    return 0;
}

/* Route one row on g. */
static cor_status run_row(cor_calibration_row *r, const cor_graph *g, cor_diag *d)
{
    const cor_network *net = g->net;
    cor_query q;
    cor_query_init(&q, r->year ? r->year : cor_network_year(net) ? cor_network_year(net) : 2026);
    uint32_t from, to, sugg[1];
    r->status = COR_EUSAGE;
    if (r->by[0] && cor_objective_parse(r->by, &q.by) != 0)
        return snprintf(r->reason, sizeof r->reason, "unknown objective '%s'", r->by), COR_OK;
    if (cor_network_find_node(net, r->from, &from, sugg, 0) != COR_OK)
        return snprintf(r->reason, sizeof r->reason, "unknown place '%s'", r->from), COR_OK;
    if (cor_network_find_node(net, r->to, &to, sugg, 0) != COR_OK)
        return snprintf(r->reason, sizeof r->reason, "unknown place '%s'", r->to), COR_OK;
    if (from == to)
        return snprintf(r->reason, sizeof r->reason, "from and to are the same place"), COR_OK;
    if (add_places(net, r->via, 0, &q, r->reason, sizeof r->reason) || add_places(net, r->avoid, 1, &q, r->reason,
                                                                                     sizeof r->reason) ||
        add_places(net, r->modes, 2, &q, r->reason, sizeof r->reason))
        return COR_OK;
    cor_filter f;
    cor_workspace *ws = cor_workspace_new();
    cor_path p;
    cor_path_init(&p);
    cor_itinerary it;
    cor_itinerary_init(&it);
    cor_diag local;
    cor_diag_init(&local, 4);
    cor_status s = ws ? cor_filter_init(&f, g, &q, &local) : COR_ENOMEM;
    if (s == COR_OK) {
        s = cor_shortest_path(&f, &q, ws, from, to, &p, &local);
        if (s == COR_OK)
            s = cor_itinerary_build(&it, &f, &q, &p, &local);
        cor_filter_destroy(&f);
    }
    r->status = s;
    if (s == COR_OK) {
        r->days = it.totals.hours / 24;
        r->usd = it.totals.cost_usd;
        r->co2e_kg = it.totals.co2e_kg;
        r->km = it.totals.distance_km;
    } else if (s == COR_ENOROUTE) {
        snprintf(r->reason, sizeof r->reason, "no route");
    } else if (local.count) {
        cor_text_copy(r->reason, sizeof r->reason, local.items[0].msg);
    } else {
        snprintf(r->reason, sizeof r->reason, "%s", cor_status_message(s));
    }
    cor_itinerary_destroy(&it);
    cor_path_destroy(&p);
    cor_workspace_free(ws);
    cor_diag_destroy(&local);
    if (s == COR_ENOMEM)
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    return COR_OK;
}

static int in_band(double v, double lo, double hi, double band)
{
    if (isnan(lo))
        return -1;
    return v >= lo - band - 1e-9 && v <= hi + band + 1e-9;
}

cor_status cor_calibration_run(cor_calibration *c, const char *dir, cor_diag *d)
{
    uint8_t *done = calloc(c->n + 1, 1);
    if (!done)
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    cor_status st = COR_OK;
    for (size_t i = 0; i < c->n && st == COR_OK; i++) {
        if (done[i])
            continue;
        /* every row with this scenario, on one load */
        const char *scen = c->rows[i].scenario;
        cor_scenario *sc = NULL;
        cor_network *net = NULL;
        cor_graph *g = NULL;
        cor_status ls = COR_OK;
        char path[4096];
        if (scen[0]) {
            if (cor_scenario_path(dir, scen, path, sizeof path) != 0)
                ls = cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "scenario path too long: %s", scen);
            else
                ls = cor_scenario_load(path, &sc, d);
        }
        if (ls == COR_OK)
            ls = cor_network_load_scenarios(dir, sc ? &sc : NULL, sc ? 1 : 0, &net, d);
        if (ls == COR_OK)
            ls = cor_graph_build(net, &g, d);
        for (size_t k = i; k < c->n; k++) {
            cor_calibration_row *r = &c->rows[k];
            if (done[k] || strcmp(r->scenario, scen) != 0)
                continue;
            done[k] = 1;
            if (ls != COR_OK) {
                r->status = ls;
                snprintf(r->reason, sizeof r->reason, "the network%s%s does not load", scen[0] ? " with scenario " : "",
                         scen);
                continue;
            }
            st = run_row(r, g, d);
        }
        cor_graph_free(g);
        cor_network_free(net);
        cor_scenario_free(sc);
        if (ls == COR_ENOMEM)
            st = ls;
    }
    free(done);
    for (size_t i = 0; i < c->n; i++) {
        cor_calibration_row *r = &c->rows[i];
        r->time_ok = r->status == COR_OK ? in_band(r->days, r->days_min, r->days_max, r->band_days) : 0;
        r->cost_ok = r->status == COR_OK ? in_band(r->usd, r->usd_min, r->usd_max, r->band_usd) : 0;
        if (isnan(r->days_min))
            r->time_ok = -1;
        if (isnan(r->usd_min))
            r->cost_ok = -1;
    }
    return st;
}

/* Outside the band; NO ROUTE counts as outside. */
static int is_out(const cor_calibration_row *r) { return r->status != COR_OK || r->time_ok == 0 || r->cost_ok == 0; }

int cor_calibration_row_failed(const cor_calibration_row *r)
{
    return is_out(r) != (r->known_gap && r->known_gap[0]);
}

size_t cor_calibration_failures(const cor_calibration *c)
{
    size_t n = 0;
    for (size_t i = 0; i < c->n; i++)
        n += cor_calibration_row_failed(&c->rows[i]);
    return n;
}

static const char *verdict(const cor_calibration_row *r)
{
    int known = r->known_gap && r->known_gap[0];
    if (r->status != COR_OK)
        return known ? "NO ROUTE (known gap)" : "NO ROUTE";
    if (is_out(r))
        return known ? "no (known gap)" : "OUT";
    return known ? "BACK IN BAND (clear its known_gap)" : "yes";
}

/* "17-25" or "19" or "-" */
static void range(char *buf, size_t size, double lo, double hi, int prec, const char *unit_before)
{
    if (isnan(lo))
        snprintf(buf, size, "-");
    else if (fabs(hi - lo) < 1e-9)
        snprintf(buf, size, "%s%.*f", unit_before, prec, lo);
    else
        snprintf(buf, size, "%s%.*f-%.*f", unit_before, prec, lo, prec, hi);
}

cor_status cor_write_calibration(FILE *out, const cor_calibration *c, int markdown)
{
    int e = 0;
    if (markdown)
        e |= fprintf(out, "| trip | published days | model days | published USD/TEU | model USD/TEU | accepted band | "
                          "in band | source (date) |\n|---|---|---|---|---|---|---|---|\n") < 0;
    for (size_t i = 0; i < c->n && !e; i++) {
        const cor_calibration_row *r = &c->rows[i];
        char pd[48], pu[48], md[32], mu[32], band[80];
        range(pd, sizeof pd, r->days_min, r->days_max, 1, "");
        range(pu, sizeof pu, r->usd_min, r->usd_max, 0, "");
        if (r->status == COR_OK) {
            snprintf(md, sizeof md, "%.1f", r->days);
            snprintf(mu, sizeof mu, "%.0f", r->usd);
        } else {
            snprintf(md, sizeof md, "-");
            snprintf(mu, sizeof mu, "-");
        }
        if (r->time_ok >= 0 && r->cost_ok >= 0)
            snprintf(band, sizeof band, "+/- %.1f days, +/- USD %.0f", r->band_days, r->band_usd);
        else if (r->time_ok >= 0)
            snprintf(band, sizeof band, "+/- %.1f days", r->band_days);
        else
            snprintf(band, sizeof band, "+/- USD %.0f", r->band_usd);
        if (markdown)
            e |= fprintf(out, "| %s | %s | **%s** | %s | **%s** | %s | %s | %s (%s) |\n", r->trip, pd, md, pu, mu, band,
                         verdict(r), r->source, r->date) < 0;
        else
            e |= fprintf(out, "%-16s %-48.48s days %9s model %6s  USD %11s model %6s  %s%s%s\n", r->id, r->trip, pd,
                         md, pu, mu, verdict(r), r->status != COR_OK ? ": " : "", r->status != COR_OK ? r->reason : "") < 0;
    }
    int gaps = 0;
    for (size_t i = 0; i < c->n && !e; i++) {
        const cor_calibration_row *r = &c->rows[i];
        if (!r->known_gap || !r->known_gap[0])
            continue;
        if (!gaps++)
            e |= fputs(markdown ? "\nKnown gaps, the model outside the band for a stated reason:\n\n" : "\nknown gaps:\n", out) < 0;
        e |= fprintf(out, markdown ? "- *%s*: %s\n" : "  %s: %s\n", markdown ? r->trip : r->id, r->known_gap) < 0;
    }
    return e ? COR_EIO : COR_OK;
}
