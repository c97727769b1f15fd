/*
 * reliability.c -- variability.csv and seasons.csv.  See corridor/simulate.h
 * and docs/data-format.md.
 *
 * variability.csv: target, distribution, cv, min, mode, max, values, source
 *   target        mode:M (running time of mode M), stop:KIND (dwell at
 *                 stops of that kind: port, transfer, gauge_change,
 *                 border, terminal) or border:ID (one crossing)
 *   distribution  normal (cv), lognormal (cv), triangular (min, mode, max),
 *                 uniform (min, max), empirical (values: '|'-separated)
 *   The numbers are multipliers of the mean time; each law is rescaled to
 *   mean 1, so the simulated mean is the route's mean and only the spread
 *   comes from the row.  A stop without a row draws from a lognormal of
 *   its dwell_hours and dwell_p95_hours; a mode without one is fixed.
 *
 * seasons.csv: target, months, effect, factor, extra_hours,
 *              extra_p95_hours, name, source
 *   target   link:ID, service:ID (its links), node:ID (every stop at the
 *            place) or border:ID
 *   months   1-12, '|'-separated, a range a-b may wrap (12-2)
 *   effect   closed (no route may use it in those months) or slowed (its
 *            time times factor >= 1, plus an extra delay: a lognormal of
 *            extra_hours and extra_p95_hours, e.g. an icebreaker convoy)
 *
 * Rows are few (tens): lookups scan them.  Immutable once read.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "corridor/snapshot.h"
#include "../core/csvread.h"
#include "../core/infile.h"
#include "internal.h"

#include "../core/alloc.h" /* last: maps malloc & co. to the counted wrappers */

#define MAX_ROWS 10000u
#define MAX_FILE (4u << 20)

enum { T_LINK, T_NODE, T_BORDER };

typedef struct season {
    int kind;                /* T_LINK (links first..first+n-1), T_NODE, T_BORDER */
    uint32_t first, n;
    uint16_t months;         /* bit m-1 for month m */
    int closed;
    double factor;
    cor_dist extra;          /* COR_DIST_FIXED 0 if none */
    char why[200];
} season;

struct cor_reliability {
    const cor_network *net;
    cor_dist mode[COR_MODE_COUNT];
    int has_mode[COR_MODE_COUNT];
    cor_dist stop[5];
    int has_stop[5];
    cor_dist *border;        /* [nborders] */
    uint8_t *has_border;
    season *seasons;
    uint32_t nseasons, cap;
};

/* ---- parsing ------------------------------------------------------------ */

typedef struct parser {
    cor_reliability *r;
    const char *name;
    cor_diag *d;
    int is_seasons;
    int col[8];              /* column index of each known column, -1 if absent */
    int header_done;
    cor_status fatal;        /* a limit or no memory: stop */
    int faults;
    uint32_t end_line, end_col; /* the end of the current record: where a missing field is */
} parser;

static const char *const var_cols[] = {"target", "distribution", "cv", "min", "mode", "max", "values", "source"};
static const char *const sea_cols[] = {"target", "months", "effect", "factor", "extra_hours", "extra_p95_hours",
                                       "name", "source"};

static void bad(parser *P, const cor_csv_field *f, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void bad(parser *P, const cor_csv_field *f, const char *fmt, ...)
{
    char msg[COR_DIAG_TEXT];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* a field the record is too short to have: at the record's end */
    cor_diag_add(P->d, COR_EDATA, P->name, f ? f->line : P->end_line, f ? f->col : P->end_col, "%s", msg);
    P->faults++;
}

/* The field as it may be echoed: printable, at most 40 bytes. */
static const char *shown(const cor_csv_field *f, char *buf, size_t size)
{
    size_t k = 0;
    for (size_t i = 0; i < f->len && k + 1 < size && i < 40; i++)
        buf[k++] = isprint((unsigned char)f->s[i]) ? f->s[i] : '?';
    buf[k] = 0;
    return buf;
}

static int parse_num(const char *s, double *v)
{
    if (!*s || isspace((unsigned char)*s))
        return -1;
    char *end;
    errno = 0;
    double x = strtod(s, &end);
    if (*end || errno || !isfinite(x))
        return -1;
    *v = x;
    return 0;
}

/* A number in [lo, hi] from an optional column: 1 if given, 0 if blank,
 * -1 (reported) if bad. */
static int num_col(parser *P, const cor_csv_field *f, const char *name, double lo, double hi, double *v)
{
    if (!f || f->len == 0)
        return 0;
    char sb[48];
    if (parse_num(f->s, v) < 0 || *v < lo || *v > hi) {
        bad(P, f, "%s: expected a number from %g to %g, found '%s'", name, lo, hi, shown(f, sb, sizeof sb));
        return -1;
    }
    return 1;
}

static const cor_csv_field *col(const parser *P, const cor_csv_field *f, size_t n, int which)
{
    int i = P->col[which];
    return i >= 0 && (size_t)i < n ? &f[i] : NULL;
}

static cor_status header(parser *P, const cor_csv_field *f, size_t n)
{
    const char *const *names = P->is_seasons ? sea_cols : var_cols;
    for (int k = 0; k < 8; k++)
        P->col[k] = -1;
    for (size_t i = 0; i < n; i++) {
        int k;
        for (k = 0; k < 8; k++)
            if (strcmp(f[i].s, names[k]) == 0)
                break;
        char sb[48];
        if (k == 8) {
            bad(P, &f[i], "unknown column '%s'", shown(&f[i], sb, sizeof sb));
            continue;
        }
        if (P->col[k] >= 0)
            bad(P, &f[i], "column '%s' appears twice", names[k]);
        P->col[k] = (int)i;
    }
    /* required: target, and distribution (variability) or months and effect (seasons) */
    int req[3] = {0, 1, P->is_seasons ? 2 : 0};
    for (int j = 0; j < 3; j++)
        if (P->col[req[j]] < 0) {
            cor_diag_add(P->d, COR_EDATA, P->name, f[0].line, 1, "missing column '%s'", names[req[j]]);
            P->faults++;
        }
    if (P->col[7] < 0) {
        cor_diag_add(P->d, COR_EDATA, P->name, f[0].line, 1, "missing column 'source' (every figure needs one)");
        P->faults++;
    }
    P->header_done = 1;
    return P->faults ? COR_EDATA : COR_OK;
}

/* "kind:ID" -> the prefix and the rest. */
static int split_target(const char *s, char *kind, size_t ksize, const char **rest)
{
    const char *c = strchr(s, ':');
    if (!c || (size_t)(c - s) >= ksize)
        return -1;
    memcpy(kind, s, (size_t)(c - s));
    kind[c - s] = 0;
    *rest = c + 1;
    return 0;
}

static int stop_kind_parse(const char *s, int *k)
{
    static const char *const names[] = {"port", "transfer", "gauge_change", "border", "terminal"};
    for (int i = 0; i < 5; i++)
        if (strcmp(s, names[i]) == 0) {
            *k = i;
            return 0;
        }
    return -1;
}

static uint32_t find_border(const cor_network *net, const char *id)
{
    for (uint32_t i = 0; i < cor_network_border_count(net); i++)
        if (strcmp(cor_network_border(net, i)->id, id) == 0)
            return i;
    return COR_NONE;
}

/* The law of a variability row, rescaled to mean 1. */
static int var_law(parser *P, const cor_csv_field *f, size_t n, cor_dist *x)
{
    const cor_csv_field *fd = col(P, f, n, 1);
    char sb[48];
    memset(x, 0, sizeof *x);
    double cv = 0, lo = 0, mo = 0, hi = 0;
    int gcv = num_col(P, col(P, f, n, 2), "cv", 0, 3, &cv);
    int glo = num_col(P, col(P, f, n, 3), "min", 0, 100, &lo);
    int gmo = num_col(P, col(P, f, n, 4), "mode", 0, 100, &mo);
    int ghi = num_col(P, col(P, f, n, 5), "max", 0, 100, &hi);
    if (gcv < 0 || glo < 0 || gmo < 0 || ghi < 0)
        return -1;
    const char *dn = fd ? fd->s : "";
    if (strcmp(dn, "normal") == 0 || strcmp(dn, "lognormal") == 0) {
        if (gcv != 1) {
            bad(P, fd, "distribution %s needs cv", dn);
            return -1;
        }
        if (dn[0] == 'n') {
            x->kind = COR_DIST_NORMAL;
            x->a = 1;
            x->b = cv;
        } else {
            double s2 = log1p(cv * cv);
            x->kind = COR_DIST_LOGNORMAL;
            x->a = -s2 / 2;
            x->b = sqrt(s2);
        }
        return 0;
    }
    if (strcmp(dn, "triangular") == 0 || strcmp(dn, "uniform") == 0) {
        int tri = dn[0] == 't';
        if (glo != 1 || ghi != 1 || (tri && gmo != 1)) {
            bad(P, fd, "distribution %s needs min%s and max", dn, tri ? ", mode" : "");
            return -1;
        }
        if (!(lo <= (tri ? mo : lo) && (tri ? mo : lo) <= hi) || !(hi > 0)) {
            bad(P, col(P, f, n, 3), "min, mode and max must be in order, and max above 0");
            return -1;
        }
        double m = tri ? (lo + mo + hi) / 3 : (lo + hi) / 2;
        x->kind = tri ? COR_DIST_TRIANGULAR : COR_DIST_UNIFORM;
        x->a = lo / m;
        x->b = (tri ? mo : hi) / m;
        x->c = tri ? hi / m : 0;
        return 0;
    }
    if (strcmp(dn, "empirical") == 0) {
        const cor_csv_field *fv = col(P, f, n, 6);
        if (!fv || !fv->len) {
            bad(P, fd, "distribution empirical needs values (multipliers, '|'-separated)");
            return -1;
        }
        char buf[1024];
        if (fv->len >= sizeof buf) {
            bad(P, fv, "values: too long");
            return -1;
        }
        memcpy(buf, fv->s, fv->len + 1);
        double sum = 0;
        for (char *save = NULL, *t = strtok_r(buf, "|", &save); t; t = strtok_r(NULL, "|", &save)) {
            double v;
            if (x->ntable >= COR_DIST_MAX_TABLE) {
                bad(P, fv, "values: at most %u", COR_DIST_MAX_TABLE);
                return -1;
            }
            if (parse_num(t, &v) < 0 || v < 0 || v > 100) {
                bad(P, fv, "values: expected numbers from 0 to 100 separated by '|', found '%s'",
                    shown(fv, sb, sizeof sb));
                return -1;
            }
            x->table[x->ntable++] = v;
            sum += v;
        }
        if (!x->ntable || !(sum > 0)) {
            bad(P, fv, "values: at least one, and not all 0");
            return -1;
        }
        for (uint32_t i = 0; i < x->ntable; i++)
            x->table[i] /= sum / x->ntable;
        x->kind = COR_DIST_EMPIRICAL;
        return 0;
    }
    if (fd)
        bad(P, fd, "distribution: expected normal, lognormal, triangular, uniform or empirical, found '%s'",
            shown(fd, sb, sizeof sb));
    return -1;
}

static cor_status var_row(parser *P, const cor_csv_field *f, size_t n)
{
    cor_reliability *r = P->r;
    const cor_csv_field *ft = col(P, f, n, 0);
    char kind[16], sb[48];
    const char *id;
    if (!ft || split_target(ft->s, kind, sizeof kind, &id) < 0) {
        bad(P, ft ? ft : &f[0], "target: expected mode:MODE, stop:KIND or border:ID, found '%s'",
            ft ? shown(ft, sb, sizeof sb) : "");
        return COR_OK;
    }
    const cor_csv_field *fs = col(P, f, n, 7);
    if (!fs || !fs->len) {
        bad(P, fs ? fs : ft, "source: every row needs one (or says it is an assumption)");
        return COR_OK;
    }
    cor_dist x;
    if (var_law(P, f, n, &x) < 0)
        return COR_OK;
    cor_dist *slot = NULL;
    int *flag = NULL;
    uint8_t *bflag = NULL;
    if (strcmp(kind, "mode") == 0) {
        cor_mode m;
        if (cor_mode_parse(id, &m) < 0) {
            bad(P, ft, "target: unknown mode '%s'", shown(ft, sb, sizeof sb));
            return COR_OK;
        }
        slot = &r->mode[m], flag = &r->has_mode[m];
    } else if (strcmp(kind, "stop") == 0) {
        int k;
        if (stop_kind_parse(id, &k) < 0) {
            bad(P, ft, "target: unknown stop kind in '%s' (port, transfer, gauge_change, border, terminal)",
                shown(ft, sb, sizeof sb));
            return COR_OK;
        }
        slot = &r->stop[k], flag = &r->has_stop[k];
    } else if (strcmp(kind, "border") == 0) {
        uint32_t b = find_border(r->net, id);
        if (b == COR_NONE) {
            bad(P, ft, "target: no border '%s' in borders.csv", shown(ft, sb, sizeof sb));
            return COR_OK;
        }
        slot = &r->border[b], bflag = &r->has_border[b];
    } else {
        bad(P, ft, "target: expected mode:MODE, stop:KIND or border:ID, found '%s'", shown(ft, sb, sizeof sb));
        return COR_OK;
    }
    if ((flag && *flag) || (bflag && *bflag)) {
        bad(P, ft, "target: a second row for '%s'", shown(ft, sb, sizeof sb));
        return COR_OK;
    }
    *slot = x;
    if (flag)
        *flag = 1;
    else
        *bflag = 1;
    return COR_OK;
}

/* "12-2|6" -> bits; -1 if bad. */
static int parse_months(const char *s, uint16_t *bits)
{
    char buf[128];
    size_t len = strlen(s);
    if (!len || len >= sizeof buf)
        return -1;
    memcpy(buf, s, len + 1);
    *bits = 0;
    for (char *save = NULL, *t = strtok_r(buf, "|", &save); t; t = strtok_r(NULL, "|", &save)) {
        char *dash = strchr(t, '-');
        long a, b;
        char *end;
        if (dash)
            *dash = 0;
        a = strtol(t, &end, 10);
        if (!*t || *end || a < 1 || a > 12)
            return -1;
        b = a;
        if (dash) {
            b = strtol(dash + 1, &end, 10);
            if (!dash[1] || *end || b < 1 || b > 12)
                return -1;
        }
        for (long m = a;; m = m % 12 + 1) {
            *bits |= (uint16_t)(1u << (m - 1));
            if (m == b)
                break;
        }
    }
    return *bits ? 0 : -1;
}

static cor_status season_row(parser *P, const cor_csv_field *f, size_t n)
{
    cor_reliability *r = P->r;
    const cor_network *net = r->net;
    season s;
    memset(&s, 0, sizeof s);
    s.factor = 1;
    s.extra.kind = COR_DIST_FIXED;
    char kind[16], sb[48];
    const char *id;
    const cor_csv_field *ft = col(P, f, n, 0), *fm = col(P, f, n, 1), *fe = col(P, f, n, 2);
    const cor_csv_field *fname = col(P, f, n, 6), *fs = col(P, f, n, 7);
    int fault = 0;
    if (!ft || split_target(ft->s, kind, sizeof kind, &id) < 0) {
        bad(P, ft ? ft : &f[0], "target: expected link:ID, service:ID, node:ID or border:ID, found '%s'",
            ft ? shown(ft, sb, sizeof sb) : "");
        fault = 1;
    } else if (strcmp(kind, "link") == 0) {
        s.kind = T_LINK, s.first = cor_network_find_link(net, id), s.n = 1;
        if (s.first == COR_NONE)
            bad(P, ft, "target: no link '%s'", shown(ft, sb, sizeof sb)), fault = 1;
    } else if (strcmp(kind, "service") == 0) {
        uint32_t sv = cor_network_find_service(net, id);
        if (sv == COR_NONE) {
            bad(P, ft, "target: no service '%s' in services.csv", shown(ft, sb, sizeof sb)), fault = 1;
        } else {
            s.kind = T_LINK;
            s.first = cor_network_service(net, sv)->first_link;
            s.n = cor_network_service(net, sv)->nlinks;
        }
    } else if (strcmp(kind, "node") == 0) {
        uint32_t nd = COR_NONE;
        for (uint32_t i = 0; i < cor_network_node_count(net) && nd == COR_NONE; i++)
            if (strcmp(cor_network_node(net, i)->id, id) == 0)
                nd = i;
        s.kind = T_NODE, s.first = nd, s.n = 1;
        if (nd == COR_NONE)
            bad(P, ft, "target: no node with id '%s'", shown(ft, sb, sizeof sb)), fault = 1;
    } else if (strcmp(kind, "border") == 0) {
        s.kind = T_BORDER, s.first = find_border(net, id), s.n = 1;
        if (s.first == COR_NONE)
            bad(P, ft, "target: no border '%s' in borders.csv", shown(ft, sb, sizeof sb)), fault = 1;
    } else {
        bad(P, ft, "target: expected link:ID, service:ID, node:ID or border:ID, found '%s'",
            shown(ft, sb, sizeof sb));
        fault = 1;
    }
    if (fm && parse_months(fm->s, &s.months) < 0)
        bad(P, fm, "months: expected months 1-12 separated by '|', or a range such as 12-2, found '%s'",
            shown(fm, sb, sizeof sb)), fault = 1;
    if (fe && strcmp(fe->s, "closed") == 0)
        s.closed = 1;
    else if (fe && strcmp(fe->s, "slowed") != 0)
        bad(P, fe, "effect: expected closed or slowed, found '%s'", shown(fe, sb, sizeof sb)), fault = 1;
    double xh = 0, xp = 0;
    int gf = num_col(P, col(P, f, n, 3), "factor", 1, 100, &s.factor);
    int gx = num_col(P, col(P, f, n, 4), "extra_hours", 0, 8760, &xh);
    int gp = num_col(P, col(P, f, n, 5), "extra_p95_hours", 0, 8760, &xp);
    fault |= gf < 0 || gx < 0 || gp < 0;
    if (!fault && s.closed && (gf == 1 || gx == 1 || gp == 1))
        bad(P, col(P, f, n, gf == 1 ? 3 : gx == 1 ? 4 : 5), "a closed row takes no factor or extra time"),
            fault = 1;
    if (!fault && !s.closed && gf != 1 && gx != 1)
        bad(P, fe, "a slowed row needs a factor or extra_hours"), fault = 1;
    if (!fault && gp == 1 && gx != 1)
        bad(P, col(P, f, n, 5), "extra_p95_hours needs extra_hours"), fault = 1;
    if (!fault && gp == 1 && xp < xh)
        bad(P, col(P, f, n, 5), "extra_p95_hours is below extra_hours"), fault = 1;
    if (!fs || !fs->len)
        bad(P, fs ? fs : &f[0], "source: every row needs one (or says it is an assumption)"), fault = 1;
    if (fault)
        return COR_OK;
    if (gx == 1)
        cor_dist_lognormal_mean_p95(xh, gp == 1 ? xp : xh, &s.extra);
    snprintf(s.why, sizeof s.why, "%s", fname && fname->len ? fname->s : "seasons.csv");
    for (char *c = s.why; *c; c++)
        if (!isprint((unsigned char)*c))
            *c = '?';
    if (r->nseasons >= MAX_ROWS)
        return P->fatal = cor_diag_add(P->d, COR_ELIMIT, P->name, ft->line, 1, "more than %u rows", MAX_ROWS);
    if (r->nseasons == r->cap) {
        uint32_t cap = r->cap ? 2 * r->cap : 16;
        season *ns = realloc(r->seasons, cap * sizeof *ns);
        if (!ns)
            return P->fatal = cor_diag_add(P->d, COR_ENOMEM, NULL, 0, 0, "out of memory");
        r->seasons = ns, r->cap = cap;
    }
    r->seasons[r->nseasons++] = s;
    return COR_OK;
}

static cor_status row_cb(void *ud, const cor_csv_field *f, size_t n, uint32_t end_line, uint32_t end_col)
{
    parser *P = ud;
    P->end_line = end_line;
    P->end_col = end_col;
    if (!P->header_done)
        return header(P, f, n);
    return P->is_seasons ? season_row(P, f, n) : var_row(P, f, n);
}

static cor_status parse_one(cor_reliability *r, const char *text, size_t len, const char *name, int is_seasons,
                            cor_diag *d)
{
    parser P;
    memset(&P, 0, sizeof P);
    P.r = r, P.name = name, P.d = d, P.is_seasons = is_seasons;
    cor_status s = cor_csv_parse_mem(text, len, name, row_cb, &P, d);
    if (P.fatal != COR_OK)
        return P.fatal;
    if (s != COR_OK)
        return s;
    if (!P.header_done)
        return cor_diag_add(d, COR_EDATA, name, 1, 1, "empty file: expected a header row");
    return P.faults ? COR_EDATA : COR_OK;
}

cor_status cor_reliability_parse(const cor_network *net, const char *variability, size_t nvariability,
                                 const char *var_name, const char *seasons, size_t nseasons,
                                 const char *seasons_name, cor_reliability **out, cor_diag *d)
{
    *out = NULL;
    cor_reliability *r = calloc(1, sizeof *r);
    uint32_t nb = cor_network_border_count(net);
    if (r) {
        r->net = net;
        r->border = calloc(nb ? nb : 1, sizeof *r->border);
        r->has_border = calloc(nb ? nb : 1, 1);
    }
    if (!r || !r->border || !r->has_border) {
        cor_reliability_free(r);
        return cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    }
    cor_status s = COR_OK, s2 = COR_OK;
    if (variability)
        s = parse_one(r, variability, nvariability, var_name ? var_name : "variability.csv", 0, d);
    if (seasons && s != COR_ENOMEM && s != COR_ELIMIT)
        s2 = parse_one(r, seasons, nseasons, seasons_name ? seasons_name : "seasons.csv", 1, d);
    if (s == COR_OK)
        s = s2;
    if (s != COR_OK) {
        cor_reliability_free(r);
        return s;
    }
    *out = r;
    return COR_OK;
}

/* Read dir/name if it exists: COR_OK with *text NULL when it does not. */
static cor_status read_opt(const char *dir, const char *name, char *path, size_t psize, char **text, size_t *len,
                           cor_diag *d)
{
    *text = NULL;
    *len = 0;
    if ((size_t)snprintf(path, psize, "%s/%s", dir, name) >= psize)
        return cor_diag_add(d, COR_EIO, NULL, 0, 0, "%s: path too long", name);
    int e = cor_input_exists(path, d);
    if (e < 0)
        return COR_EIO;
    if (e == 0)
        return COR_OK;
    return cor_read_file(path, MAX_FILE, text, len, d);
}

cor_status cor_reliability_load(const cor_network *net, const char *dir, cor_reliability **out, cor_diag *d)
{
    *out = NULL;
    if (!dir)
        dir = cor_network_dir(net);
    if (dir && cor_snapshot_is_file(dir)) { /* the tables a snapshot holds (corridor build) */
        static const char *const tables[] = {"variability.csv", "seasons.csv", NULL};
        char *tmp = NULL;
        cor_status ss = cor_snapshot_extract_some(dir, tables, &tmp, d);
        if (ss == COR_OK)
            ss = cor_reliability_load(net, tmp, out, d);
        cor_snapshot_remove_dir(tmp);
        return ss;
    }
    struct stat sb;
    if (!dir || !*dir || stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        /* no folder (a network made in memory): the defaults */
        return cor_reliability_parse(net, NULL, 0, NULL, NULL, 0, NULL, out, d);
    char vpath[4096], spath[4096];
    char *vt = NULL, *st = NULL;
    size_t vl = 0, sl = 0;
    cor_status s = read_opt(dir, "variability.csv", vpath, sizeof vpath, &vt, &vl, d);
    if (s == COR_OK)
        s = read_opt(dir, "seasons.csv", spath, sizeof spath, &st, &sl, d);
    if (s == COR_OK)
        s = cor_reliability_parse(net, vt, vl, vpath, st, sl, spath, out, d);
    free(vt);
    free(st);
    return s;
}

void cor_reliability_free(cor_reliability *r)
{
    if (!r)
        return;
    free(r->border);
    free(r->has_border);
    free(r->seasons);
    free(r);
}

/* ---- lookups ------------------------------------------------------------ */

static int applies(const season *s, int kind, uint32_t id, int month)
{
    return month >= 1 && month <= 12 && (s->months >> (month - 1) & 1u) && s->kind == kind && id >= s->first &&
           id - s->first < s->n;
}

/* The stops at a node include its border crossings: a node row applies to
 * a border at that node too. */
static int node_applies(const cor_reliability *r, const season *s, uint32_t node, int month)
{
    (void)r;
    return applies(s, T_NODE, node, month);
}

int cor_reliability_link_closed(const cor_reliability *r, uint32_t link, int month)
{
    for (uint32_t i = 0; r && i < r->nseasons; i++)
        if (r->seasons[i].closed && applies(&r->seasons[i], T_LINK, link, month))
            return 1;
    return 0;
}

int cor_reliability_node_closed(const cor_reliability *r, uint32_t node, int month)
{
    for (uint32_t i = 0; r && i < r->nseasons; i++)
        if (r->seasons[i].closed && node_applies(r, &r->seasons[i], node, month))
            return 1;
    return 0;
}

int cor_reliability_border_closed(const cor_reliability *r, uint32_t border, int month)
{
    for (uint32_t i = 0; r && i < r->nseasons; i++)
        if (r->seasons[i].closed && applies(&r->seasons[i], T_BORDER, border, month))
            return 1;
    return 0;
}

double cor_reliability_link_factor(const cor_reliability *r, uint32_t link, int month)
{
    double k = 1;
    for (uint32_t i = 0; r && i < r->nseasons; i++)
        if (!r->seasons[i].closed && applies(&r->seasons[i], T_LINK, link, month))
            k *= r->seasons[i].factor;
    return k;
}

double cor_reliability_node_factor(const cor_reliability *r, uint32_t node, int month)
{
    double k = 1;
    for (uint32_t i = 0; r && i < r->nseasons; i++)
        if (!r->seasons[i].closed && node_applies(r, &r->seasons[i], node, month))
            k *= r->seasons[i].factor;
    return k;
}

double cor_reliability_border_factor(const cor_reliability *r, uint32_t border, int month)
{
    double k = 1;
    for (uint32_t i = 0; r && i < r->nseasons; i++)
        if (!r->seasons[i].closed && applies(&r->seasons[i], T_BORDER, border, month))
            k *= r->seasons[i].factor;
    return k;
}

const char *cor_reliability_closed_why(const cor_reliability *r, uint32_t link_or_node, int is_node, int month)
{
    for (uint32_t i = 0; r && i < r->nseasons; i++)
        if (r->seasons[i].closed && applies(&r->seasons[i], is_node == 2   ? T_BORDER
                                                            : is_node ? T_NODE
                                                                      : T_LINK,
                                            link_or_node, month))
            return r->seasons[i].why;
    return NULL;
}

uint32_t cor_rel_extras(const cor_reliability *r, int kind, uint32_t id, int month, cor_dist *out, uint32_t max)
{
    uint32_t n = 0;
    int k = kind == 0 ? T_LINK : kind == 1 ? T_NODE : T_BORDER;
    for (uint32_t i = 0; r && i < r->nseasons && n < max; i++)
        if (!r->seasons[i].closed && applies(&r->seasons[i], k, id, month) &&
            cor_dist_mean(&r->seasons[i].extra) > 0)
            out[n++] = r->seasons[i].extra;
    return n;
}

const cor_dist *cor_rel_mode(const cor_reliability *r, cor_mode m)
{
    return r && (unsigned)m < COR_MODE_COUNT && r->has_mode[m] ? &r->mode[m] : NULL;
}

const cor_dist *cor_rel_stop(const cor_reliability *r, cor_stop_kind k, uint32_t border)
{
    if (!r)
        return NULL;
    if (border != COR_NONE && border < cor_network_border_count(r->net) && r->has_border[border])
        return &r->border[border];
    return (unsigned)k < 5 && r->has_stop[k] ? &r->stop[k] : NULL;
}
