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
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(cor_cli_import_help, stdout); return 0;
        case O_OUT: out = optarg; break;
        case O_MODE: mode = optarg; break;
        case O_GAUGE: gauge = optarg; break;
        case O_SNAP: snap = optarg; break;
        case O_MAP: map = optarg; break;
        default:
            return usage("import", "unknown option or missing value '%s'", argv[optind - 1]);
        }
        (void)0;
    }
    /* options may follow the files too (GNU style): collect the rest */
    const char *pos[4];
    int npos = 0;
    while (optind < argc) {
        if (argv[optind][0] == '-' && argv[optind][1]) {
            int more = optind;
            while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
                switch (c) {
                case 'h': fputs(cor_cli_import_help, stdout); return 0;
                case O_OUT: out = optarg; break;
                case O_MODE: mode = optarg; break;
                case O_GAUGE: gauge = optarg; break;
                case O_SNAP: snap = optarg; break;
                case O_MAP: map = optarg; break;
                default: return usage("import", "unknown option or missing value '%s'", argv[optind - 1]);
                }
            }
            if (optind == more)
                break;
            continue;
        }
        if (npos == 4)
            return usage("import", "too many arguments");
        pos[npos++] = argv[optind++];
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
