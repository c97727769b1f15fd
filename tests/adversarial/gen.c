/*
 * gen.c -- gen_adversarial: network folders that make corridor work much
 * harder than their size suggests, and a benign twin of each.
 *
 *   gen_adversarial KIND SIZE OUTDIR
 *
 * writes a complete network folder (nodes.csv, modes.csv, links.csv and,
 * as the kind needs, sealanes.csv, transfers.csv, borders.csv,
 * terminals.csv, corridors.csv, scenarios/NAME.json) into OUTDIR (created
 * if missing; files of the same name are replaced).  KIND-benign writes the
 * twin: about the same files, rows and bytes, with a small answer or with
 * the rows moved to where corridor reads them in linear time, so that
 * the ratio adversarial / benign isolates the work that grows with the
 * case's combinatorics (or with a quadratic check) instead of with the
 * input.  Route kinds name their endpoints SRC and DST.  On success one
 * line of row counts goes to stdout.  tests/adversarial/README.md says
 * what each kind is and why it is adversarial; bench/adversarial.sh runs
 * them.
 *
 * Kinds and what SIZE counts:
 *   diamonds          diamonds in series (1-30): 2^SIZE Pareto-optimal routes
 *   ladder            steps of a two-rail ladder: many equally short routes
 *   services          sea services with waypoints=auto over a 30x30 lane chart
 *   bigcsv            rows of nodes.csv (memory per row)
 *   scenario-names    unknown node names in one scenario scale op
 *   transfers         transfer rules (each checked against every link and rule)
 *   borders           border crossings (duplicate ids checked pairwise)
 *   border-refs       border crossings, each referenced by a link (linear scan)
 *   terminals         terminals (each checked against every link and terminal)
 *   corridors-avoid   links; SIZE/50 corridors each avoid 32 of them by id
 *   scenario-changes  scenario change ops, one per link
 *   scale-known       known node ids in one scenario scale op (ladder of SIZE nodes)
 *   unknown-refs      links whose from is an unknown, near-miss node id
 *
 * Everything is deterministic: the same arguments give the same bytes.
 * Every row carries a source ("generated").  The program exits 1 with a
 * message on a usage or write error (it is a tool, not the library).
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define SOURCE "generated"

typedef struct gen {
    const char *dir;
    long size;
    int benign;
    /* counts for the summary line */
    long nodes, links, lanes, transfers, borders, terminals, corridors, ops, names;
} gen;

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("gen_adversarial: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

/* ---- files ---------------------------------------------------------- */

typedef struct out {
    FILE *fp;
    char path[4096];
} out;

static void out_open(out *o, const gen *g, const char *name, const char *header)
{
    snprintf(o->path, sizeof o->path, "%s/%s", g->dir, name);
    o->fp = fopen(o->path, "w");
    if (!o->fp)
        die("cannot write %s: %s", o->path, strerror(errno));
    if (header)
        fprintf(o->fp, "%s\n", header);
}

static void out_close(out *o)
{
    int bad = ferror(o->fp);
    if (fclose(o->fp) != 0 || bad)
        die("error writing %s", o->path);
    o->fp = NULL;
}

/* ---- rows ----------------------------------------------------------- */

static const char node_header[] = "id,name,kind,lat,lon,passage,source";

static void put_node(gen *g, FILE *fp, const char *id, const char *name, const char *kind, double lat, double lon,
                     const char *passage)
{
    /* the layout shrunk a thousandfold: every link's given length is then
     * longer than the great circle between its ends, as validate demands */
    fprintf(fp, "%s,%s,%s,%.6f,%.6f,%s," SOURCE "\n", id, name, kind, lat * 1e-3, lon * 1e-3, passage ? passage : "");
    g->nodes++;
}

/* A spot for node i of a large set, inside the WGS 84 ranges. */
static void spot(long i, double *lat, double *lon)
{
    *lat = -60.0 + (double)(i % 1200) * 0.1;
    *lon = -170.0 + (double)(i / 1200) * 0.01;
}

static void put_modes(const gen *g)
{
    out o;
    out_open(&o, g, "modes.csv", "mode,speed_kmh,rate_usd_per_teu_km,co2e_g_per_tkm,payload_t_per_teu,source");
    fputs("sea,30,0.05,10,10," SOURCE "\n", o.fp);
    fputs("rail,50,0.5,20,10," SOURCE "\n", o.fp);
    fputs("road,50,1,60,10," SOURCE "\n", o.fp);
    out_close(&o);
}

typedef struct link {
    const char *id, *from, *to, *mode;
    int gauge_mm;              /* rail only; 0: blank */
    double distance_km;        /* < 0: blank (vessel services) */
    double fixed_hours;        /* 0: blank */
    double fixed_usd;          /* 0: blank */
    int close_year;            /* > 0: status closed since that year */
    const char *border;        /* NULL: blank */
    const char *waypoints;     /* NULL: blank */
} link;

static const char link_header[] =
    "id,from,to,mode,gauge_mm,distance_km,fixed_hours,fixed_usd,status,close_year,border,waypoints,source";

static void put_num(FILE *fp, double v, int given)
{
    if (given)
        fprintf(fp, "%.17g", v);
    fputc(',', fp);
}

static void put_link(gen *g, FILE *fp, const link *l)
{
    fprintf(fp, "%s,%s,%s,%s,", l->id, l->from, l->to, l->mode);
    if (l->gauge_mm)
        fprintf(fp, "%d", l->gauge_mm);
    fputc(',', fp);
    put_num(fp, l->distance_km, l->distance_km >= 0);
    put_num(fp, l->fixed_hours, l->fixed_hours != 0);
    put_num(fp, l->fixed_usd, l->fixed_usd != 0);
    if (l->close_year)
        fprintf(fp, "closed,%d,", l->close_year);
    else
        fputs(",,", fp);
    fprintf(fp, "%s,%s," SOURCE "\n", l->border ? l->border : "", l->waypoints ? l->waypoints : "");
    g->links++;
}

static void road(gen *g, FILE *fp, const char *id, const char *from, const char *to, double km)
{
    link l = {id, from, to, "road", 0, km, 0, 0, 0, NULL, NULL};
    put_link(g, fp, &l);
}

/* ---- a chain: nodes X0..XN and road links L0..L(N-1) ------------------ */

static void chain_nodes(gen *g, long n)
{
    out o;
    out_open(&o, g, "nodes.csv", node_header);
    for (long i = 0; i <= n; i++) {
        char id[32], name[48];
        double lat, lon;
        snprintf(id, sizeof id, "X%ld", i);
        snprintf(name, sizeof name, "Place %ld", i);
        spot(i, &lat, &lon);
        put_node(g, o.fp, id, name, "road", lat, lon, NULL);
    }
    /* a sea waypoint with a passage tag (corridors-avoid uses it) */
    put_node(g, o.fp, "W", "Strait", "waypoint", 0, 0, "strait");
    out_close(&o);
}

/* Road links L0..L(n-1) along the chain; with `extra`, also E0..E(extra-1)
 * parallel to the first links (the benign twins' stand-in rows). */
static void chain_links(gen *g, FILE *fp, long n, long extra)
{
    for (long i = 0; i < n; i++) {
        char id[32], a[32], b[32];
        snprintf(id, sizeof id, "L%ld", i);
        snprintf(a, sizeof a, "X%ld", i);
        snprintf(b, sizeof b, "X%ld", i + 1);
        road(g, fp, id, a, b, 100);
    }
    for (long i = 0; i < extra; i++) {
        char id[32], a[32], b[32];
        snprintf(id, sizeof id, "E%ld", i);
        snprintf(a, sizeof a, "X%ld", i % n);
        snprintf(b, sizeof b, "X%ld", i % n + 1);
        road(g, fp, id, a, b, 120);
    }
}

/* ---- diamonds --------------------------------------------------------- */

/* D0 (SRC) .. DN (DST); diamond i has a fast branch D(i)-F(i)-D(i+1) and a
 * slow one through S(i), each two 100 km road links.  Adversarial: the fast
 * branch costs u*2^i USD more, the slow one takes u*2^i hours more, so the
 * 2^N routes' time + cost is the same and every one is Pareto-optimal.
 * Benign: the slow branch also costs more, so one route dominates. */
static void k_diamonds(gen *g)
{
    long n = g->size;
    if (n < 1 || n > 30)
        die("diamonds: SIZE must be 1-30");
    /* the largest extra is 8192 (fixed_hours may be at most 10000) */
    double u = 8192.0 / ldexp(1.0, (int)n - 1);
    out o;
    out_open(&o, g, "nodes.csv", node_header);
    for (long i = 0; i <= n; i++) {
        char id[32], name[48];
        if (i == 0)
            snprintf(id, sizeof id, "SRC");
        else if (i == n)
            snprintf(id, sizeof id, "DST");
        else
            snprintf(id, sizeof id, "D%ld", i);
        snprintf(name, sizeof name, "Junction %ld", i);
        put_node(g, o.fp, id, name, "junction", 0, -170 + (double)i, NULL);
        if (i == n)
            break;
        snprintf(id, sizeof id, "F%ld", i);
        snprintf(name, sizeof name, "Fast %ld", i);
        put_node(g, o.fp, id, name, "road", 0.3, -169.5 + (double)i, NULL);
        snprintf(id, sizeof id, "S%ld", i);
        snprintf(name, sizeof name, "Slow %ld", i);
        put_node(g, o.fp, id, name, "road", -0.3, -169.5 + (double)i, NULL);
    }
    out_close(&o);
    put_modes(g);
    out_open(&o, g, "links.csv", link_header);
    for (long i = 0; i < n; i++) {
        char d0[32], d1[32], f[32], s[32], id[32];
        if (i == 0)
            snprintf(d0, sizeof d0, "SRC");
        else
            snprintf(d0, sizeof d0, "D%ld", i);
        if (i + 1 == n)
            snprintf(d1, sizeof d1, "DST");
        else
            snprintf(d1, sizeof d1, "D%ld", i + 1);
        snprintf(f, sizeof f, "F%ld", i);
        snprintf(s, sizeof s, "S%ld", i);
        double extra = u * ldexp(1.0, (int)i);
        snprintf(id, sizeof id, "FA%ld", i);
        link l = {id, d0, f, "road", 0, 100, 0, g->benign ? 0 : extra, 0, NULL, NULL};
        put_link(g, o.fp, &l);
        snprintf(id, sizeof id, "FB%ld", i);
        link l2 = {id, f, d1, "road", 0, 100, 0, 0, 0, NULL, NULL};
        put_link(g, o.fp, &l2);
        snprintf(id, sizeof id, "SA%ld", i);
        link l3 = {id, d0, s, "road", 0, 100, extra, g->benign ? extra : 0, 0, NULL, NULL};
        put_link(g, o.fp, &l3);
        snprintf(id, sizeof id, "SB%ld", i);
        link l4 = {id, s, d1, "road", 0, 100, 0, 0, 0, NULL, NULL};
        put_link(g, o.fp, &l4);
    }
    out_close(&o);
}

/* ---- ladder ------------------------------------------------------------ */

/* Rails A0 (SRC) .. AN and B0 .. BN (DST) of 100 km road links, rungs Ai-Bi
 * of 10 km: N+1 equally short routes and many more nearly as short.
 * Benign: rail B and every rung but the last are closed (since 2000), so
 * the one open route is obvious.  Also the network of scenario-names
 * (benign or not, it is valid). */
static void node_ab(char *buf, size_t size, char rail, long i, long n)
{
    if (rail == 'A' && i == 0)
        snprintf(buf, size, "SRC");
    else if (rail == 'B' && i == n)
        snprintf(buf, size, "DST");
    else
        snprintf(buf, size, "%c%ld", rail, i);
}

static void ladder(gen *g, long n, int benign)
{
    if (n < 1 || n > 4000000)
        die("ladder: SIZE must be 1-4000000");
    out o;
    out_open(&o, g, "nodes.csv", node_header);
    for (int r = 0; r < 2; r++)
        for (long i = 0; i <= n; i++) {
            char id[32], name[48];
            node_ab(id, sizeof id, (char)('A' + r), i, n);
            snprintf(name, sizeof name, "Rail %c %ld", 'A' + r, i);
            double lat, lon;
            spot(i, &lat, &lon);
            put_node(g, o.fp, id, name, "road", lat + 0.05 * r, lon, NULL);
        }
    out_close(&o);
    put_modes(g);
    out_open(&o, g, "links.csv", link_header);
    for (long i = 0; i <= n; i++) {
        char a0[32], a1[32], b0[32], b1[32], id[32];
        node_ab(a0, sizeof a0, 'A', i, n);
        node_ab(b0, sizeof b0, 'B', i, n);
        snprintf(id, sizeof id, "R%ld", i);
        link rung = {id, a0, b0, "road", 0, 10, 0, 0, benign && i < n ? 2000 : 0, NULL, NULL};
        put_link(g, o.fp, &rung);
        if (i == n)
            break;
        node_ab(a1, sizeof a1, 'A', i + 1, n);
        node_ab(b1, sizeof b1, 'B', i + 1, n);
        snprintf(id, sizeof id, "A%ld-%ld", i, i + 1);
        road(g, o.fp, id, a0, a1, 100);
        snprintf(id, sizeof id, "B%ld-%ld", i, i + 1);
        link rb = {id, b0, b1, "road", 0, 100, 0, 0, benign ? 2000 : 0, NULL, NULL};
        put_link(g, o.fp, &rb);
    }
    out_close(&o);
}

static void k_ladder(gen *g) { ladder(g, g->size, g->benign); }

/* ---- services ---------------------------------------------------------- */

/* A 30 x 30 grid of sea waypoints joined by lanes to their right and lower
 * neighbours; P ports (a multiple of 900, about SIZE/3), port p on a lane
 * to grid cell p mod 900; SIZE sea services, service s from port p = s mod
 * P to a port on the opposite cell (899 - cell), waypoints=auto.  Loading
 * routes each service along the lanes: a Dijkstra that visits most of the
 * chart (every port hangs off it), once per service.  Benign: the same
 * rows with waypoints blank (the great circle). */
#define GRID 30

static void k_services(gen *g)
{
    long s = g->size;
    if (s < 1 || s > 10000000)
        die("services: SIZE must be 1-10000000");
    long ncell = GRID * GRID;
    long p = (s / 3 + ncell / 2) / ncell * ncell;
    if (p < ncell)
        p = ncell;
    out o;
    out_open(&o, g, "nodes.csv", node_header);
    for (long r = 0; r < GRID; r++)
        for (long c = 0; c < GRID; c++) {
            char id[32], name[48];
            snprintf(id, sizeof id, "G%ld_%ld", r, c);
            snprintf(name, sizeof name, "Sea %ld %ld", r, c);
            put_node(g, o.fp, id, name, "waypoint", -29.0 + 2.0 * (double)r, -58.0 + 4.0 * (double)c, NULL);
        }
    for (long i = 0; i < p; i++) {
        char id[32], name[48];
        long cell = i % ncell;
        snprintf(id, sizeof id, "P%ld", i);
        snprintf(name, sizeof name, "Port %ld", i);
        put_node(g, o.fp, id, name, "port", -29.0 + 2.0 * (double)(cell / GRID) + 0.5,
                 -58.0 + 4.0 * (double)(cell % GRID) + 0.5 + 0.001 * (double)(i / ncell), NULL);
    }
    out_close(&o);
    put_modes(g);
    out_open(&o, g, "sealanes.csv", "from,to,distance_km,fixed_hours,fixed_usd,passages,source");
    for (long r = 0; r < GRID; r++)
        for (long c = 0; c < GRID; c++) {
            if (c + 1 < GRID) {
                fprintf(o.fp, "G%ld_%ld,G%ld_%ld,,,,," SOURCE "\n", r, c, r, c + 1);
                g->lanes++;
            }
            if (r + 1 < GRID) {
                fprintf(o.fp, "G%ld_%ld,G%ld_%ld,,,,," SOURCE "\n", r, c, r + 1, c);
                g->lanes++;
            }
        }
    for (long i = 0; i < p; i++) {
        long cell = i % ncell;
        fprintf(o.fp, "P%ld,G%ld_%ld,,,,," SOURCE "\n", i, cell / GRID, cell % GRID);
        g->lanes++;
    }
    out_close(&o);
    out_open(&o, g, "links.csv", link_header);
    for (long k = 0; k < s; k++) {
        char id[32], a[32], b[32];
        long from = k % p;
        /* p is even, so to != from; cell(to) = 899 - cell(from) */
        long to = (p - 1 - from + ncell * (k / p)) % p;
        snprintf(id, sizeof id, "V%ld", k);
        snprintf(a, sizeof a, "P%ld", from);
        snprintf(b, sizeof b, "P%ld", to);
        link l = {id, a, b, "sea", 0, -1, 0, 0, 0, NULL, g->benign ? NULL : "auto"};
        put_link(g, o.fp, &l);
    }
    out_close(&o);
}

/* ---- bigcsv ------------------------------------------------------------ */

/* SIZE short rows in nodes.csv (about 72 bytes each) and one link.
 * Benign: the same bytes in SIZE/20 rows with a long source field. */
static void k_bigcsv(gen *g)
{
    long n = g->size;
    if (n < 40 || n > 10000000)
        die("bigcsv: SIZE must be 40-10000000");
    enum { ROW = 72, FOLD = 20 };
    char pad[ROW * FOLD];
    memset(pad, 'x', sizeof pad - 1);
    pad[sizeof pad - 1] = '\0';
    out o;
    out_open(&o, g, "nodes.csv", "id,id_kind,name,aliases,country,kind,lat,lon,passage,source");
    long rows = g->benign ? n / FOLD : n;
    for (long i = 0; i < rows; i++) {
        double lat, lon;
        spot(i, &lat, &lon);
        int len = fprintf(o.fp, "N%07ld,local,Node %07ld,,XA,city,%.6f,%.6f,,", i, i, lat * 1e-3, lon * 1e-3);
        if (g->benign)
            fprintf(o.fp, "%.*s\n", len > ROW * FOLD - 1 ? 1 : ROW * FOLD - 1 - len, pad);
        else
            fprintf(o.fp, "%.*s\n", len > ROW - 1 ? 1 : ROW - 1 - len, SOURCE "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        g->nodes++;
    }
    out_close(&o);
    put_modes(g);
    out_open(&o, g, "links.csv", link_header);
    road(g, o.fp, "L0", "N0000000", "N0000001", 10);
    out_close(&o);
}

/* ---- scenario-names ---------------------------------------------------- */

/* The valid 100-step ladder, and scenarios/names.json: one scale op whose
 * `nodes` lists SIZE distinct four-letter names, none a place (every key of
 * the network has a digit), so each gets a "did you mean" search over every
 * name of the network.  Benign: SIZE copies of "....", which is unknown too
 * but normalises to nothing, so it is rejected without a search. */
static void k_scenario_names(gen *g)
{
    long n = g->size;
    if (n < 1 || n > 7000000)
        die("scenario-names: SIZE must be 1-7000000");
    ladder(g, 100, 0);
    static const char letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    out o;
    out_open(&o, g, "scenarios/names.json", NULL);
    fputs("{\"name\": \"names\", \"scale\": [{\"what\": \"border_dwell_hours\", \"factor\": 2, \"nodes\": [", o.fp);
    for (long i = 0; i < n; i++) {
        char name[5];
        long k = i;
        for (int j = 3; j >= 0; j--) {
            name[j] = g->benign ? '.' : letters[k % 52];
            k /= 52;
        }
        name[4] = '\0';
        fprintf(o.fp, "%s\"%s\"", i ? "," : "", name);
        g->names++;
    }
    fputs("]}]}\n", o.fp);
    out_close(&o);
}

/* ---- transfers --------------------------------------------------------- */

/* Nodes X0..XN with a road link and a rail link on each segment, and a
 * road<->rail1435 rule at X0..X(N-1).  Each rule scans links.csv for a
 * link of each class at its node and every rule before it for a duplicate.
 * Benign: the same links plus N road links in place of the rules, one rule. */
static void k_transfers(gen *g)
{
    long n = g->size;
    if (n < 1 || n > 10000000)
        die("transfers: SIZE must be 1-10000000");
    chain_nodes(g, n);
    put_modes(g);
    out o;
    out_open(&o, g, "links.csv", link_header);
    for (long i = 0; i < n; i++) {
        char id[32], a[32], b[32];
        snprintf(a, sizeof a, "X%ld", i);
        snprintf(b, sizeof b, "X%ld", i + 1);
        snprintf(id, sizeof id, "L%ld", i);
        road(g, o.fp, id, a, b, 100);
        snprintf(id, sizeof id, "T%ld", i);
        link l = {id, a, b, "rail", 1435, 100, 0, 0, 0, NULL, NULL};
        put_link(g, o.fp, &l);
    }
    for (long i = 0; g->benign && i + 1 < n; i++) {
        char id[32], a[32], b[32];
        snprintf(id, sizeof id, "E%ld", i);
        snprintf(a, sizeof a, "X%ld", i);
        snprintf(b, sizeof b, "X%ld", i + 1);
        road(g, o.fp, id, a, b, 120);
    }
    out_close(&o);
    out_open(&o, g, "transfers.csv", "node,from_class,to_class,kind,dwell_hours,cost_usd,source");
    for (long i = 0; i < (g->benign ? 1 : n); i++) {
        fprintf(o.fp, "X%ld,road,rail1435,transfer,12,50," SOURCE "\n", i);
        g->transfers++;
    }
    out_close(&o);
}

/* ---- borders, border-refs ------------------------------------------------ */

/* A chain of N road links and a border crossing at X0..X(N-1).  borders:
 * the links do not use them (the pairwise duplicate-id check alone);
 * border-refs: link Li uses the crossing at Xi (also resolved by a scan of
 * borders.csv per link).  Benign: N road links in place of the borders,
 * one border. */
static void borders(gen *g, int refs)
{
    long n = g->size;
    if (n < 1 || n > 1000000)
        die("borders: SIZE must be 1-1000000");
    chain_nodes(g, n);
    put_modes(g);
    out o;
    out_open(&o, g, "links.csv", link_header);
    for (long i = 0; i < n; i++) {
        char id[32], a[32], b[32], br[32];
        snprintf(id, sizeof id, "L%ld", i);
        snprintf(a, sizeof a, "X%ld", i);
        snprintf(b, sizeof b, "X%ld", i + 1);
        snprintf(br, sizeof br, "B%ld", i);
        link l = {id, a, b, "road", 0, 100, 0, 0, 0, refs && !g->benign ? br : NULL, NULL};
        put_link(g, o.fp, &l);
    }
    for (long i = 0; g->benign && i + 1 < n; i++) {
        char id[32], a[32], b[32];
        snprintf(id, sizeof id, "E%ld", i);
        snprintf(a, sizeof a, "X%ld", i);
        snprintf(b, sizeof b, "X%ld", i + 1);
        link l = {id, a, b, "road", 0, 120, 0, 0, 0, refs && i == 0 ? "B0" : NULL, NULL};
        put_link(g, o.fp, &l);
    }
    out_close(&o);
    out_open(&o, g, "borders.csv", "id,node,name,countries,dwell_hours,fee_usd,source");
    for (long i = 0; i < (g->benign ? 1 : n); i++) {
        fprintf(o.fp, "B%ld,X%ld,Crossing %ld,XA|XB,6,40," SOURCE "\n", i, i, i);
        g->borders++;
    }
    out_close(&o);
}

static void k_borders(gen *g) { borders(g, 0); }
static void k_border_refs(gen *g) { borders(g, 1); }

/* ---- terminals --------------------------------------------------------- */

/* A chain of N road links and a road terminal at X0..X(N-1): each scans
 * links.csv for a road link at its node and every terminal before it.
 * Benign: N road links in place of the terminals, one terminal. */
static void k_terminals(gen *g)
{
    long n = g->size;
    if (n < 1 || n > 10000000)
        die("terminals: SIZE must be 1-10000000");
    chain_nodes(g, n);
    put_modes(g);
    out o;
    out_open(&o, g, "links.csv", link_header);
    chain_links(g, o.fp, n, g->benign ? n - 1 : 0);
    out_close(&o);
    out_open(&o, g, "terminals.csv", "node,class,dwell_hours,cost_usd,source");
    for (long i = 0; i < (g->benign ? 1 : n); i++) {
        fprintf(o.fp, "X%ld,road,6,30," SOURCE "\n", i);
        g->terminals++;
    }
    out_close(&o);
}

/* ---- corridors-avoid ---------------------------------------------------- */

/* A chain of SIZE road links and SIZE/50 corridors (at most 10,000), each
 * avoiding 32 links by id, taken from the end of links.csv: each id is
 * found by a scan of every link.  Benign: each corridor avoids the passage
 * tag "strait" 32 times (found in the passage table, no scan). */
static void k_corridors_avoid(gen *g)
{
    long n = g->size;
    if (n < 32 || n > 10000000)
        die("corridors-avoid: SIZE must be 32-10000000");
    long nc = n / 50;
    if (nc < 1)
        nc = 1;
    if (nc > 10000)
        nc = 10000;
    chain_nodes(g, n);
    put_modes(g);
    out o;
    out_open(&o, g, "links.csv", link_header);
    chain_links(g, o.fp, n, 0);
    out_close(&o);
    out_open(&o, g, "corridors.csv", "name,description,via,avoid,modes,source");
    for (long c = 0; c < nc; c++) {
        fprintf(o.fp, "Corridor %ld,,,", c);
        for (long k = 0; k < 32; k++) {
            if (g->benign)
                fprintf(o.fp, "%sstrait", k ? "|" : "");
            else
                fprintf(o.fp, "%sL%ld", k ? "|" : "", n - 1 - (c * 32 + k) % n);
        }
        fputs(",road," SOURCE "\n", o.fp);
        g->corridors++;
    }
    out_close(&o);
}

/* ---- scenario-changes ----------------------------------------------------- */

/* A chain of SIZE road links and scenarios/changes.json with one change op
 * per link (speed_kmh): each op scans the rows of links.csv for its key.
 * Benign: one add op per link instead (a parallel link; no scan). */
static void k_scenario_changes(gen *g)
{
    long n = g->size;
    if (n < 1 || n > 100000)
        die("scenario-changes: SIZE must be 1-100000 (the limit on operations)");
    chain_nodes(g, n);
    put_modes(g);
    out o;
    out_open(&o, g, "links.csv", link_header);
    chain_links(g, o.fp, n, 0);
    out_close(&o);
    out_open(&o, g, "scenarios/changes.json", NULL);
    fputs("{\"name\": \"changes\", \"links\": [\n", o.fp);
    for (long i = 0; i < n; i++) {
        /* the last rows first: each scan goes deep */
        long j = n - 1 - i;
        if (g->benign)
            fprintf(o.fp, "%s{\"op\": \"add\", \"id\": \"Y%ld\", \"from\": \"X%ld\", \"to\": \"X%ld\", \"mode\": \"road\", "
                          "\"distance_km\": 110, \"source\": \"" SOURCE "\"}\n", i ? "," : "", j, j, j + 1);
        else
            fprintf(o.fp, "%s{\"op\": \"change\", \"id\": \"L%ld\", \"speed_kmh\": 40}\n", i ? "," : "", j);
        g->ops++;
    }
    fputs("]}\n", o.fp);
    out_close(&o);
}

/* ---- scale-known --------------------------------------------------------- */

/* A ladder of SIZE nodes and scenarios/scale.json with one scale op
 * (speed_kmh) listing every node id: each link is checked against the
 * whole list.  Benign: the same scale by mode (road), without a list. */
static void k_scale_known(gen *g)
{
    long n = g->size;
    if (n < 4 || n > 2000000)
        die("scale-known: SIZE must be 4-2000000");
    long steps = n / 2 - 1;
    ladder(g, steps, 0);
    out o;
    out_open(&o, g, "scenarios/scale.json", NULL);
    fputs("{\"name\": \"scale\", \"scale\": [{\"what\": \"speed_kmh\", \"factor\": 1.25, ", o.fp);
    if (g->benign) {
        fputs("\"modes\": [\"road\"]}]}\n", o.fp);
    } else {
        fputs("\"nodes\": [", o.fp);
        for (int r = 0; r < 2; r++)
            for (long i = 0; i <= steps; i++) {
                char id[32];
                node_ab(id, sizeof id, (char)('A' + r), i, steps);
                fprintf(o.fp, "%s\"%s\"", r || i ? "," : "", id);
                g->names++;
            }
        fputs("]}]}\n", o.fp);
    }
    out_close(&o);
}

/* ---- unknown-refs -------------------------------------------------------- */

/* Nodes N000000..N(SIZE) and SIZE road links whose `from` is M<digits>, an
 * unknown id one letter from a real one: each gets a "closest" search over
 * every name of the network (also once the error list is full).  Benign:
 * the same links from the real ids. */
static void k_unknown_refs(gen *g)
{
    long n = g->size;
    if (n < 1 || n > 999999)
        die("unknown-refs: SIZE must be 1-999999");
    out o;
    out_open(&o, g, "nodes.csv", node_header);
    for (long i = 0; i <= n; i++) {
        char id[32], name[48];
        double lat, lon;
        snprintf(id, sizeof id, "N%06ld", i);
        snprintf(name, sizeof name, "Node %06ld", i);
        spot(i, &lat, &lon);
        put_node(g, o.fp, id, name, "road", lat, lon, NULL);
    }
    out_close(&o);
    put_modes(g);
    out_open(&o, g, "links.csv", link_header);
    for (long i = 0; i < n; i++) {
        char id[32], a[32], b[32];
        snprintf(id, sizeof id, "L%06ld", i);
        snprintf(a, sizeof a, "%c%06ld", g->benign ? 'N' : 'M', i);
        snprintf(b, sizeof b, "N%06ld", i + 1);
        road(g, o.fp, id, a, b, 100);
    }
    out_close(&o);
}

/* ---- main ---------------------------------------------------------------- */

static const struct kind {
    const char *name;
    void (*fn)(gen *g);
    int scenarios; /* writes into OUTDIR/scenarios */
} kinds[] = {
    {"diamonds", k_diamonds, 0},
    {"ladder", k_ladder, 0},
    {"services", k_services, 0},
    {"bigcsv", k_bigcsv, 0},
    {"scenario-names", k_scenario_names, 1},
    {"transfers", k_transfers, 0},
    {"borders", k_borders, 0},
    {"border-refs", k_border_refs, 0},
    {"terminals", k_terminals, 0},
    {"corridors-avoid", k_corridors_avoid, 0},
    {"scenario-changes", k_scenario_changes, 1},
    {"scale-known", k_scale_known, 1},
    {"unknown-refs", k_unknown_refs, 0},
};

static void make_dir(const char *path)
{
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        die("cannot create %s: %s", path, strerror(errno));
}

static void usage(void)
{
    fputs("usage: gen_adversarial KIND[-benign] SIZE OUTDIR\nkinds:", stderr);
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
        fprintf(stderr, " %s", kinds[i].name);
    fputc('\n', stderr);
    exit(2);
}

int main(int argc, char **argv)
{
    if (argc != 4)
        usage();
    gen g;
    memset(&g, 0, sizeof g);
    char kind[64];
    snprintf(kind, sizeof kind, "%s", argv[1]);
    size_t kl = strlen(kind);
    if (kl > 7 && strcmp(kind + kl - 7, "-benign") == 0) {
        g.benign = 1;
        kind[kl - 7] = '\0';
    }
    char *end = NULL;
    errno = 0;
    g.size = strtol(argv[2], &end, 10);
    if (errno || !end || *end || end == argv[2] || g.size < 1)
        die("SIZE must be a positive whole number, found '%s'", argv[2]);
    g.dir = argv[3];
    const struct kind *k = NULL;
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
        if (strcmp(kind, kinds[i].name) == 0)
            k = &kinds[i];
    if (!k)
        usage();
    make_dir(g.dir);
    if (k->scenarios) {
        char sdir[4096];
        snprintf(sdir, sizeof sdir, "%s/scenarios", g.dir);
        make_dir(sdir);
    }
    k->fn(&g);
    printf("%s%s %ld: nodes %ld, links %ld, lanes %ld, transfers %ld, borders %ld, terminals %ld, corridors %ld, "
           "scenario ops %ld, scenario names %ld\n",
           kind, g.benign ? "-benign" : "", g.size, g.nodes, g.links, g.lanes, g.transfers, g.borders, g.terminals,
           g.corridors, g.ops, g.names);
    return 0;
}
