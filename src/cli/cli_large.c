/*
 * cli_large.c -- `corridor import`: DIMACS, TNTP and GeoJSON networks
 * written as a network folder (see corridor/import.h).  Thin: parse the
 * options, call the library, print its diagnostics, map the status to
 * the exit code.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_large.h"
#include "corridor/import.h"
#include "corridor/model.h"
#include "corridor/status.h"

static const char *prog = "corridor";

static int usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s %s: ", prog, cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry '%s %s --help'.\n", prog, cmd);
    return cor_status_exit_code(COR_EUSAGE);
}

static int report(const cor_diag *d, cor_status s)
{
    char buf[COR_DIAG_TEXT + 512];
    for (size_t i = 0; i < d->count; i++) {
        cor_error_format(&d->items[i], buf, sizeof buf);
        fprintf(stderr, d->items[i].file[0] ? "%s\n" : "corridor: %s\n", buf);
    }
    if (d->dropped)
        fprintf(stderr, "... and %zu more errors\n", d->dropped);
    if (d->count == 0 && s != COR_OK)
        fprintf(stderr, "%s: %s\n", prog, cor_status_message(s));
    return cor_status_exit_code(s);
}

const char *cor_cli_import_help =
    "Usage: corridor import FORMAT FILE... --out DIR [OPTIONS]\n"
    "\n"
    "Turn a network of another format into a network folder (nodes.csv, modes.csv,\n"
    "links.csv) that every command reads with --network DIR.  The folder is checked\n"
    "by the same loader as any network before the import reports success.\n"
    "\n"
    "  dimacs FILE.gr [FILE.co]  DIMACS shortest-path graph: node ids kept, arc i is\n"
    "                     the oneway road link a<i> whose distance_km is the arc's\n"
    "                     integer weight in the FILE'S OWN UNIT (rome99: metres), so\n"
    "                     --by distance gives the exact sum; weights must be 1..40000.\n"
    "                     Without FILE.co every node lies at 0,0.\n"
    "  tntp NET.tntp      TNTP network: link l<i> init -> term (oneway road),\n"
    "                     distance_km = length, capacity as given, time = free-flow\n"
    "                     time.  Zones (<FIRST THRU NODE>) are reported, not enforced.\n"
    "  geojson FILE       LineString and MultiLineString features: shared vertices and\n"
    "                     vertices within --snap-m metres become nodes; lines are cut\n"
    "                     there into links whose lengths are great circles on the sphere.\n"
    "\n"
    "Options:\n"
    "  --out DIR          the folder to write (created; refused if it holds other\n"
    "                     network files, or if a file written would be an input)\n"
    "  --mode MODE        geojson: mode of every link (default rail)\n"
    "  --gauge MM         geojson: track gauge of rail links (required for rail)\n"
    "  --snap-m M         geojson: join vertices within M metres (default 0: only equal\n"
    "                     ones; at most 100000)\n"
    "  --map F=P[,F=P]    geojson: link field F from feature property P; F is one of\n"
    "                     speed_kmh, status, operator, corridors, capacity_t_per_year,\n"
    "                     gauge_mm\n"
    "\n"
    "Modes.csv gets placeholder speeds, rates and CO2e marked as assumptions: edit\n"
    "them to the network's own figures.\n";

enum { O_OUT = 1, O_MODE, O_GAUGE, O_SNAP, O_MAP };

int cor_cli_import(int argc, char **argv)
{
    static const struct option opts[] = {{"out", required_argument, 0, O_OUT},     {"mode", required_argument, 0, O_MODE},
                                         {"gauge", required_argument, 0, O_GAUGE}, {"snap-m", required_argument, 0, O_SNAP},
                                         {"map", required_argument, 0, O_MAP},     {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    const char *out = NULL, *mode = NULL, *gauge = NULL, *snap = NULL, *map = NULL;
    optind = 0; /* 0, not 1: a full reset of glibc's getopt (see README, fuzz targets) */
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(cor_cli_import_help, stdout); return 0;
        case O_OUT: out = optarg; break;
        case O_MODE: mode = optarg; break;
        case O_GAUGE: gauge = optarg; break;
        case O_SNAP: snap = optarg; break;
        case O_MAP: map = optarg; break;
        default: return usage("import", "unknown option or missing value '%.60s'", argv[optind - 1]);
        }
    }
    const char *pos[4];
    int npos = 0;
    for (; optind < argc; optind++) {
        if (npos == 4)
            return usage("import", "too many arguments");
        pos[npos++] = argv[optind];
    }
    if (npos < 2)
        return usage("import", "expected a format (dimacs, tntp, geojson) and a file");
    if (!out)
        return usage("import", "--out DIR is required");
    const char *fmt = pos[0];
    int is_dimacs = strcmp(fmt, "dimacs") == 0, is_tntp = strcmp(fmt, "tntp") == 0,
        is_geo = strcmp(fmt, "geojson") == 0;
    if (!is_dimacs && !is_tntp && !is_geo)
        return usage("import", "unknown format '%s' (expected dimacs, tntp or geojson)", fmt);
    if (npos > (is_dimacs ? 3 : 2))
        return usage("import", "too many files for %s", fmt);
    if (!is_geo && (mode || gauge || snap || map))
        return usage("import", "--mode, --gauge, --snap-m and --map are for geojson only");
    cor_geojson_options go = {.mode = COR_MODE_RAIL, .gauge_mm = 0, .snap_m = 0, .map = map};
    if (mode && cor_mode_parse(mode, &go.mode) != 0)
        return usage("import", "unknown mode '%s'", mode);
    if (gauge) {
        char *e;
        long g = strtol(gauge, &e, 10);
        if (*e || e == gauge || g < 500 || g > 2000)
            return usage("import", "--gauge must be a track gauge in mm, 500..2000, found '%s'", gauge);
        if (go.mode != COR_MODE_RAIL && go.mode != COR_MODE_FERRY)
            return usage("import", "--gauge is for rail (or rail ferry) links");
        go.gauge_mm = (uint16_t)g;
    }
    if (snap) {
        char *e;
        go.snap_m = strtod(snap, &e);
        if (*e || e == snap || !(go.snap_m >= 0 && go.snap_m <= COR_IMPORT_MAX_SNAP_M))
            return usage("import", "--snap-m must be a distance in metres, 0..100000, found '%s'", snap);
    }
    if (is_geo && go.mode == COR_MODE_RAIL && !go.gauge_mm)
        return usage("import", "rail needs --gauge MM (1435, 1520, ...)");

    cor_diag d;
    if (cor_diag_init(&d, 100) != COR_OK)
        return report(&d, COR_ENOMEM);
    cor_import *im = NULL;
    cor_status s;
    if (is_dimacs)
        s = cor_import_dimacs(pos[1], npos > 2 ? pos[2] : NULL, &im, &d);
    else if (is_tntp)
        s = cor_import_tntp(pos[1], &im, &d);
    else
        s = cor_import_geojson(pos[1], &go, &im, &d);
    const char *inputs[3] = {pos[1], npos > 2 ? pos[2] : NULL, NULL};
    if (s == COR_OK)
        s = cor_import_write(im, out, inputs, &d);
    cor_network *net = NULL;
    if (s == COR_OK) /* the same loader as every command: what it refuses, say now */
        s = cor_network_load(out, &net, &d);
    int rc = report(&d, s);
    if (s == COR_OK) {
        fprintf(stderr, "%s import: %u nodes, %u links written to %s (weights/lengths as distance_km%s)\n", prog,
                cor_import_node_count(im), cor_import_link_count(im), out,
                is_geo ? ", km on the sphere" : ", in the file's unit");
        if (cor_import_note(im)[0])
            fprintf(stderr, "%s import: note: %s\n", prog, cor_import_note(im));
    }
    cor_network_free(net);
    cor_import_free(im);
    cor_diag_destroy(&d);
    return rc;
}

/* ---- corridor matrix ---------------------------------------------------- */

#include <math.h>
#include <time.h>
#include <unistd.h>

#include "corridor/cch.h"
#include "corridor/ch.h"
#include "corridor/graph.h"
#include "corridor/matrix.h"
#include "corridor/snapshot.h"
#include "corridor/outfile.h"
#include "corridor/route.h"
#include "../core/infile.h"

const char *cor_cli_matrix_help =
    "Usage: corridor matrix --from PLACES --to PLACES [OPTIONS]\n"
    "\n"
    "The best route's value from every origin to every destination, under one\n"
    "objective (as `route` would find it, terminal handling included).  PLACES is a\n"
    "comma-separated list of ids, names or aliases, or @FILE with one place a line\n"
    "(blank lines and lines starting with # skipped); at most 10000 a side and\n"
    "10,000,000 cells.\n"
    "\n"
    "Options:\n"
    "  --by OBJ           time (hours), cost (USD), co2 (kg CO2e), distance (km, or the\n"
    "                     imported file's unit) or generalized (USD); default time\n"
    "  --value-of-time USD   per TEU-day, for --by generalized\n"
    "  --carbon-price USD    per tonne CO2e, for --by generalized\n"
    "  --year YEAR        links open in YEAR (default: this year)\n"
    "  --format FMT       csv (default: a header row of destinations, a row per\n"
    "                     origin, an empty cell for no route) or json (null for none)\n"
    "  --out FILE         write there (atomically) instead of standard output\n"
    "  --network DIR      the network folder (default as for route)\n"
    "  --method M         auto (default: ch when the --network snapshot holds a\n"
    "                     hierarchy for the query, else dijkstra), dijkstra (one search\n"
    "                     per origin), bidir (a bidirectional search per cell) or ch\n"
    "                     (the snapshot's contraction hierarchy, or one built for this\n"
    "                     query; then many-to-many by buckets: a backward search per\n"
    "                     destination, a forward one per origin).  bidir and ch serve\n"
    "                     networks with one mode class at every node (imports); on\n"
    "                     others the matrix falls back to dijkstra (--verbose says so),\n"
    "                     or cch (a customizable contraction hierarchy: the snapshot's\n"
    "                     for the query's year, or one built for the query (a METIS\n"
    "                     nested-dissection order and its chordal graph), then\n"
    "                     customized with the query's weights; --verbose gives the times)\n"
    "  --verbose          say how the matrix was computed (searches per origin, pairs)\n";

static const char *matrix_default_network(void)
{
    const char *env = getenv("CORRIDOR_NETWORK");
    if (env && *env)
        return env;
#ifdef CORRIDOR_DATA_DIR
    if (access(CORRIDOR_DATA_DIR, R_OK) == 0)
        return CORRIDOR_DATA_DIR;
#endif
    return "data/instc";
}

typedef struct places {
    char *buf;          /* owned text the names point into */
    const char **name;
    uint32_t *node;
    uint32_t n;
} places;

static void places_free(places *p)
{
    free(p->buf);
    free(p->name);
    free(p->node);
}

/* Split a list (comma-separated, or @FILE one a line) into names. */
static int places_parse(places *p, const char *arg, const char *opt)
{
    int file = arg[0] == '@';
    size_t len = 0;
    if (file) {
        cor_diag d;
        if (cor_diag_init(&d, 4) != COR_OK)
            return report(&d, COR_ENOMEM);
        cor_status s = cor_read_file(arg + 1, (size_t)64 << 20, &p->buf, &len, &d);
        if (s != COR_OK) {
            int rc = report(&d, s);
            cor_diag_destroy(&d);
            return rc;
        }
        cor_diag_destroy(&d);
    } else {
        p->buf = strdup(arg);
        if (!p->buf)
            return report(&(cor_diag){0}, COR_ENOMEM);
        len = strlen(p->buf);
    }
    char sep = file ? '\n' : ',';
    uint32_t cap = 1;
    for (size_t i = 0; i < len; i++)
        cap += p->buf[i] == sep;
    if (cap > COR_MATRIX_MAX_PLACES + 1000u)
        return usage("matrix", "%s: more than %u places", opt, COR_MATRIX_MAX_PLACES);
    p->name = calloc(cap, sizeof *p->name);
    p->node = calloc(cap, sizeof *p->node);
    if (!p->name || !p->node)
        return report(&(cor_diag){0}, COR_ENOMEM);
    char *s = p->buf;
    for (;;) {
        char *e = memchr(s, sep, (size_t)(p->buf + len - s));
        if (e)
            *e = 0;
        size_t n = strlen(s);
        if (n && s[n - 1] == '\r')
            s[--n] = 0;
        while (*s == ' ' || *s == '\t')
            s++, n--;
        while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
            s[--n] = 0;
        if (n && !(file && s[0] == '#'))
            p->name[p->n++] = s;
        else if (!file && !n)
            return usage("matrix", "%s: an empty place in '%s'", opt, arg);
        if (!e)
            break;
        s = e + 1;
    }
    if (p->n == 0)
        return usage("matrix", "%s: no places", opt);
    if (p->n > COR_MATRIX_MAX_PLACES)
        return usage("matrix", "%s: more than %u places", opt, COR_MATRIX_MAX_PLACES);
    return -1;
}

static int places_resolve(places *p, const cor_network *net, const char *opt)
{
    for (uint32_t i = 0; i < p->n; i++) {
        uint32_t sugg[3];
        if (cor_network_find_node(net, p->name[i], &p->node[i], sugg, 3) == COR_OK)
            continue;
        fprintf(stderr, "%s matrix: %s: unknown place '%.200s'", prog, opt, p->name[i]);
        if (sugg[0] != COR_NONE) {
            fprintf(stderr, " (did you mean");
            for (int k = 0; k < 3 && sugg[k] != COR_NONE; k++)
                fprintf(stderr, "%s %s", k ? "," : "", cor_network_node(net, sugg[k])->id);
            fprintf(stderr, "?)");
        }
        fputc('\n', stderr);
        return cor_status_exit_code(COR_ENOTFOUND);
    }
    return -1;
}

/* The shortest decimal that reads back as v (an integer sum prints whole). */
static void put_value(FILE *f, double v)
{
    char buf[40];
    if (v == floor(v) && fabs(v) < 1e15) { /* whole numbers (DIMACS sums) in full, never 3.563e+04 */
        fprintf(f, "%.0f", v);
        return;
    }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    fputs(buf, f);
}

static void put_csv_text(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void put_json_text(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static const char *unit_of(cor_objective o)
{
    switch (o) {
    case COR_BY_TIME: return "hours";
    case COR_BY_COST: return "usd";
    case COR_BY_CO2: return "co2e_kg";
    case COR_BY_DISTANCE: return "km";
    case COR_BY_GENERALIZED: return "usd";
    }
    return "";
}

void cli_matrix_write(FILE *f, int json, const cor_network *net, const cor_query *q, const uint32_t *from,
                      uint32_t nfrom, const uint32_t *to, uint32_t nto, const double *v)
{
    if (json) {
        fprintf(f, "{\n  \"objective\": \"%s\",\n  \"unit\": \"%s\",\n  \"year\": %d,\n  \"from\": [",
                cor_objective_name(q->by), unit_of(q->by), q->year);
        for (uint32_t i = 0; i < nfrom; i++) {
            fputs(i ? ", " : "", f);
            put_json_text(f, cor_network_node(net, from[i])->id);
        }
        fputs("],\n  \"to\": [", f);
        for (uint32_t j = 0; j < nto; j++) {
            fputs(j ? ", " : "", f);
            put_json_text(f, cor_network_node(net, to[j])->id);
        }
        fputs("],\n  \"values\": [\n", f);
        for (uint32_t i = 0; i < nfrom; i++) {
            fputs("    [", f);
            for (uint32_t j = 0; j < nto; j++) {
                fputs(j ? ", " : "", f);
                double x = v[(size_t)i * nto + j];
                if (isinf(x))
                    fputs("null", f);
                else
                    put_value(f, x);
            }
            fprintf(f, "]%s\n", i + 1 < nfrom ? "," : "");
        }
        fputs("  ]\n}\n", f);
        return;
    }
    fprintf(f, "from\\to (%s %s)", cor_objective_name(q->by), unit_of(q->by));
    for (uint32_t j = 0; j < nto; j++) {
        fputc(',', f);
        put_csv_text(f, cor_network_node(net, to[j])->id);
    }
    fputc('\n', f);
    for (uint32_t i = 0; i < nfrom; i++) {
        put_csv_text(f, cor_network_node(net, from[i])->id);
        for (uint32_t j = 0; j < nto; j++) {
            fputc(',', f);
            double x = v[(size_t)i * nto + j];
            if (!isinf(x))
                put_value(f, x);
        }
        fputc('\n', f);
    }
}

/* COR_OK if no origin or destination is avoided, else COR_EUSAGE naming it. */
static cor_status ends_usable(const cor_filter *f, const places *a, const places *b, cor_diag *d)
{
    char whyb[COR_DIAG_TEXT / 2];
    for (uint32_t i = 0; i < a->n + b->n; i++) {
        uint32_t n = i < a->n ? a->node[i] : b->node[i - a->n];
        if (cor_filter_node_problem(f, n, whyb, sizeof whyb))
            return cor_diag_add(d, COR_EUSAGE, NULL, 0, 0, "the %s %s is %s", i < a->n ? "origin" : "destination",
                                cor_network_node(f->g->net, n)->name, whyb);
    }
    return COR_OK;
}

static double ms_between(const struct timespec *t0, const struct timespec *t1)
{
    return (double)(t1->tv_sec - t0->tv_sec) * 1e3 + (double)(t1->tv_nsec - t0->tv_nsec) / 1e6;
}

/* The matrix by a customizable contraction hierarchy (cch.h): the
 * metric-independent part stored in the snapshot for the query's year
 * (used in place), or built now for the query's arcs; one customization
 * with the query's weights; then each destination's backward tree walk
 * kept and read by each origin's forward walk. */
static cor_status cch_matrix(const cor_filter *f, const cor_query *q, const char *dir, const places *a,
                             const places *b, double *v, int verbose, cor_diag *d)
{
    struct timespec t0, t1, t2, t3;
    cor_cch *c = NULL;
    cor_cch_metric *mt = NULL;
    void *map = NULL;
    size_t maplen = 0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    cor_status s = ends_usable(f, a, b, d);
    int stored = 0;
    if (s == COR_OK && cor_snapshot_is_file(dir)) {
        s = cor_snapshot_cch(dir, q->year, f->g, &c, &map, &maplen, d);
        stored = s == COR_OK;
        if (s == COR_ENOTFOUND)
            s = COR_OK;
    }
    if (s == COR_OK && !c)
        s = cor_cch_build(f, &c, d);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (s == COR_OK && stored && cor_cch_customize(c, f, &mt, NULL) != COR_OK) {
        /* the query allows an arc the stored topology lacks: build one for it */
        cor_cch_free(c);
        c = NULL;
        cor_snapshot_unmap(map, maplen);
        map = NULL;
        stored = 0;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        s = cor_cch_build(f, &c, d);
        clock_gettime(CLOCK_MONOTONIC, &t1);
    }
    if (s == COR_OK && !mt)
        s = cor_cch_customize(c, f, &mt, d);
    clock_gettime(CLOCK_MONOTONIC, &t2);
    if (s == COR_OK)
        s = cor_cch_matrix(mt, a->node, a->n, b->node, b->n, v, d);
    clock_gettime(CLOCK_MONOTONIC, &t3);
    if (s == COR_OK && verbose)
        fprintf(stderr, "%s matrix: %u x %u by customizable contraction hierarchy: order and chordal graph "
                "(%u edges, elimination tree height %u) %s %.1f ms; customized in %.1f ms; tree walks in %.1f ms\n",
                prog, a->n, b->n, cor_cch_edge_count(c), cor_cch_tree_height(c),
                stored ? "read from the snapshot and checked in" : "built in", ms_between(&t0, &t1),
                ms_between(&t1, &t2), ms_between(&t2, &t3));
    cor_cch_metric_free(mt);
    cor_cch_free(c);
    cor_snapshot_unmap(map, maplen);
    return s;
}

/* The matrix by bidirectional search or CH, one query per cell. */
/* bidir (1): a bidirectional search per cell; ch (2): the hierarchy stored
 * in the snapshot, or one contracted now, then buckets (cor_fast_matrix);
 * auto (3): the same with a stored hierarchy only (COR_ENOTFOUND, quietly,
 * without one: the caller runs one search per origin). */
static cor_status fast_matrix(const cor_filter *f, const cor_query *q, const char *dir, int mode, const places *a,
                              const places *b, double *v, int verbose, cor_diag *d)
{
    cor_fast *fg = NULL;
    struct timespec t0, t1, t2;
    void *map = NULL;
    size_t maplen = 0;
    cor_status s = COR_ENOTFOUND;
    int ch = mode >= 2;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (ch && cor_snapshot_is_file(dir)) /* a hierarchy stored by corridor build, used in place */
        s = cor_snapshot_ch(dir, q->by, q->year, &fg, &map, &maplen, d);
    if (s == COR_OK && !cor_fast_fits(fg, f)) { /* built for another query (ch.h): not used */
        if (verbose)
            fprintf(stderr, "%s matrix: the snapshot's hierarchy by %s was built for another query (an option changes "
                            "the arcs' weights): not used\n", prog, cor_objective_name(q->by));
        cor_fast_free(fg);
        fg = NULL;
        cor_snapshot_unmap(map, maplen);
        map = NULL;
        maplen = 0;
        s = COR_ENOTFOUND;
    }
    int stored = s == COR_OK;
    if (s == COR_ENOTFOUND && mode == 3)
        return COR_ENOTFOUND;
    if (s == COR_ENOTFOUND)
        s = cor_fast_build(f, ch, &fg, d);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    cor_fast_ws *ws = s == COR_OK && !ch ? cor_fast_ws_new(fg) : NULL;
    if (s == COR_OK && !ch && !ws)
        s = cor_diag_add(d, COR_ENOMEM, NULL, 0, 0, "out of memory");
    if (s == COR_OK)
        s = ends_usable(f, a, b, d);
    if (s == COR_OK && ch)
        s = cor_fast_matrix(fg, a->node, a->n, b->node, b->n, v, d);
    for (uint32_t i = 0; i < a->n && s == COR_OK && !ch; i++)
        for (uint32_t j = 0; j < b->n && s == COR_OK; j++) {
            cor_status r = cor_fast_bidir(fg, ws, a->node[i], b->node[j], &v[(size_t)i * b->n + j], NULL);
            if (r != COR_OK && r != COR_ENOROUTE)
                s = cor_diag_add(d, r, NULL, 0, 0, "matrix query failed");
        }
    clock_gettime(CLOCK_MONOTONIC, &t2);
    if (s == COR_OK && verbose)
        fprintf(stderr, "%s matrix: %u x %u by %s: %s %.1f ms%s%u shortcuts; %s %.1f ms\n", prog, a->n, b->n,
                ch ? "contraction hierarchy" : "bidirectional Dijkstra",
                stored ? "read from the snapshot in" : ch ? "contracted in" : "graph flattened in",
                (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6, ", ",
                cor_fast_shortcuts(fg), ch ? "many-to-many by buckets in" : "one query per cell in",
                (double)(t2.tv_sec - t1.tv_sec) * 1e3 + (double)(t2.tv_nsec - t1.tv_nsec) / 1e6);
    cor_fast_ws_free(ws);
    cor_fast_free(fg);
    cor_snapshot_unmap(map, maplen);
    return s;
}

enum { M_FROM = 1, M_TO, M_BY, M_VOT, M_CP, M_YEAR, M_FORMAT, M_OUT, M_NETWORK, M_VERBOSE, M_METHOD };

int cor_cli_matrix(int argc, char **argv)
{
    static const struct option opts[] = {
        {"from", required_argument, 0, M_FROM},        {"to", required_argument, 0, M_TO},
        {"by", required_argument, 0, M_BY},            {"value-of-time", required_argument, 0, M_VOT},
        {"carbon-price", required_argument, 0, M_CP},  {"year", required_argument, 0, M_YEAR},
        {"format", required_argument, 0, M_FORMAT},    {"out", required_argument, 0, M_OUT},
        {"network", required_argument, 0, M_NETWORK},  {"verbose", no_argument, 0, M_VERBOSE},
        {"method", required_argument, 0, M_METHOD},
        {"help", no_argument, 0, 'h'},                 {0, 0, 0, 0}};
    const char *from = NULL, *to = NULL, *by = "time", *format = "csv", *out = NULL, *dir = NULL, *method = "auto";
    double vot = 0, cp = 0;
    long year = 0;
    int verbose = 0, c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        char *e = NULL;
        switch (c) {
        case 'h': fputs(cor_cli_matrix_help, stdout); return 0;
        case M_FROM: from = optarg; break;
        case M_TO: to = optarg; break;
        case M_BY: by = optarg; break;
        case M_FORMAT: format = optarg; break;
        case M_OUT: out = optarg; break;
        case M_NETWORK: dir = optarg; break;
        case M_VERBOSE: verbose = 1; break;
        case M_METHOD: method = optarg; break;
        case M_VOT:
        case M_CP: {
            double x = strtod(optarg, &e);
            if (e == optarg || *e || !(x >= 0 && x <= 1e9))
                return usage("matrix", "%s must be a number 0..1e9, found '%.60s'", c == M_VOT ? "--value-of-time" : "--carbon-price", optarg);
            *(c == M_VOT ? &vot : &cp) = x;
            break;
        }
        case M_YEAR:
            year = strtol(optarg, &e, 10);
            if (e == optarg || *e || year < 1800 || year > 2200)
                return usage("matrix", "--year must be 1800..2200, found '%.60s'", optarg);
            break;
        default: return usage("matrix", "unknown option or missing value '%.60s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return usage("matrix", "unexpected argument '%.60s'", argv[optind]);
    if (!from || !to)
        return usage("matrix", "--from PLACES and --to PLACES are required");
    int fast = strcmp(method, "auto") == 0    ? 3
               : strcmp(method, "cch") == 0   ? 4
               : strcmp(method, "ch") == 0    ? 2
               : strcmp(method, "bidir") == 0 ? 1
                                              : 0;
    if (!fast && strcmp(method, "dijkstra") != 0)
        return usage("matrix", "--method must be auto, dijkstra, bidir, ch or cch, found '%.60s'", method);
    int json = strcmp(format, "json") == 0;
    if (!json && strcmp(format, "csv") != 0)
        return usage("matrix", "--format must be csv or json, found '%.60s'", format);
    cor_query q;
    if (!year)
        year = cor_this_year();
    cor_query_init(&q, (int)year);
    if (cor_objective_parse(by, &q.by) != 0)
        return usage("matrix", "--by must be time, cost, co2, distance or generalized, found '%.60s'", by);
    q.value_of_time_usd_per_teu_day = vot;
    q.carbon_price_usd_per_t = cp;
    if (!dir)
        dir = matrix_default_network();
    if (out && strcmp(out, "-") != 0) { /* never write over what this run reads */
        char path[4096];
        for (const char *const *fn = cor_network_file_names(); *fn; fn++) {
            int w = snprintf(path, sizeof path, "%s/%s", dir, *fn);
            if (w > 0 && (size_t)w < sizeof path && access(path, F_OK) == 0 && cor_same_file(out, path))
                return usage("matrix", "--out '%.200s' is the network file %.200s that this run reads", out, path);
        }
        for (int k = 0; k < 2; k++) {
            const char *arg = k ? to : from;
            if (arg[0] == '@' && access(arg + 1, F_OK) == 0 && cor_same_file(out, arg + 1))
                return usage("matrix", "--out '%.200s' is the places file that this run reads", out);
        }
    }
    places a = {0}, b = {0};
    cor_diag d;
    cor_network *net = NULL;
    cor_graph *g = NULL;
    cor_filter f;
    memset(&f, 0, sizeof f);
    double *v = NULL;
    int rc = places_parse(&a, from, "--from");
    if (rc < 0)
        rc = places_parse(&b, to, "--to");
    if (rc >= 0) {
        places_free(&a);
        places_free(&b);
        return rc;
    }
    if (cor_diag_init(&d, 100) != COR_OK) {
        places_free(&a);
        places_free(&b);
        return report(&d, COR_ENOMEM);
    }
    cor_status s = cor_network_load(dir, &net, &d);
    if (s == COR_OK)
        s = cor_graph_build(net, &g, &d);
    if (s == COR_OK && (rc = places_resolve(&a, net, "--from")) < 0 && (rc = places_resolve(&b, net, "--to")) < 0) {
        s = cor_filter_init(&f, g, &q, &d);
        if (s == COR_OK && (uint64_t)a.n * b.n > COR_MATRIX_MAX_CELLS)
            s = cor_diag_add(&d, COR_ELIMIT, NULL, 0, 0, "a matrix of %u x %u places is above the limit of %u cells",
                             a.n, b.n, COR_MATRIX_MAX_CELLS);
        if (s == COR_OK && !(v = malloc((size_t)a.n * b.n * sizeof *v)))
            s = cor_diag_add(&d, COR_ENOMEM, NULL, 0, 0, "out of memory");
        char why[256];
        if (s == COR_OK && fast && !cor_fast_eligible(&f, why, sizeof why)) {
            if (verbose && fast != 3)
                fprintf(stderr, "%s matrix: --method %s falls back to dijkstra: %s (a route may not change class "
                        "where it ends, which a node graph cannot say)\n", prog, method, why);
            fast = 0;
        }
        cor_matrix_info info;
        if (s == COR_OK && fast) {
            s = fast == 4 ? cch_matrix(&f, &q, dir, &a, &b, v, verbose, &d) : fast_matrix(&f, &q, dir, fast, &a, &b, v, verbose, &d);
            if (s == COR_ENOTFOUND) /* auto without a stored hierarchy */
                fast = 0;
        }
        if ((s == COR_OK || s == COR_ENOTFOUND) && !fast)
            s = cor_matrix(&f, &q, a.node, a.n, b.node, b.n, v, &info, &d);
        if (s == COR_OK && verbose && !fast)
            fprintf(stderr, "%s matrix: %u x %u: %u one-to-all searches (one per distinct origin, read at "
                    "destinations with one state), %u cells routed pair by pair (destinations with several "
                    "states)\n", prog, a.n, b.n, info.tree_searches, info.pair_searches);
        if (s == COR_OK) {
            cor_outfile of;
            s = cor_outfile_open(&of, out, &d);
            if (s == COR_OK) {
                cli_matrix_write(of.fp, json, net, &q, a.node, a.n, b.node, b.n, v);
                s = cor_outfile_close(&of, COR_OK, &d);
            }
        }
        rc = report(&d, s);
    } else if (s != COR_OK) {
        rc = report(&d, s);
    }
    free(v);
    cor_filter_destroy(&f);
    cor_graph_free(g);
    cor_network_free(net);
    cor_diag_destroy(&d);
    places_free(&a);
    places_free(&b);
    return rc;
}

/* ---- corridor build ----------------------------------------------------- */

#include "corridor/snapshot.h"

const char *cor_cli_build_help =
    "Usage: corridor build DIR --out FILE\n"
    "\n"
    "Check the network folder DIR (as every command loads it) and write it as one\n"
    "snapshot file: a versioned header, checksums and the folder's network files;\n"
    "for a plain network (an import) also binary images of the built network\n"
    "and graph, read without parsing CSV, its hierarchies by distance and time,\n"
    "and the weight-free part of a customizable hierarchy (matrix --method cch).\n"
    "Every command accepts the file for --network; a corrupt, truncated or foreign\n"
    "file is refused, saying which.  A snapshot holds no scenarios: with one, give\n"
    "--scenario a file path, not a NAME.\n"
    "\n"
    "Options:\n"
    "  --out FILE         the snapshot to write (atomically; never a file of DIR)\n";

int cor_cli_build(int argc, char **argv)
{
    static const struct option opts[] = {{"out", required_argument, 0, O_OUT}, {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    const char *out = NULL;
    optind = 0;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(cor_cli_build_help, stdout); return 0;
        case O_OUT: out = optarg; break;
        default: return usage("build", "unknown option or missing value '%.60s'", argv[optind - 1]);
        }
    }
    if (optind + 1 != argc)
        return usage("build", "expected one network folder");
    if (!out || !*out || strcmp(out, "-") == 0)
        return usage("build", "--out FILE is required (a snapshot is binary: not standard output)");
    if (cor_snapshot_is_file(argv[optind]))
        return usage("build", "'%.200s' is a file; give a network folder", argv[optind]);
    cor_diag d;
    if (cor_diag_init(&d, 100) != COR_OK)
        return report(&d, COR_ENOMEM);
    cor_status s = cor_snapshot_build(argv[optind], out, &d);
    int rc = report(&d, s);
    if (s == COR_OK)
        fprintf(stderr, "%s build: %s written from %s\n", prog, out, argv[optind]);
    cor_diag_destroy(&d);
    return rc;
}
