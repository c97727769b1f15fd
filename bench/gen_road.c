/*
 * gen_road.c -- a road-like graph for the large-network benchmark
 * (bench/large.sh), written as DIMACS (.gr arcs, .co coordinates) for
 * `corridor import dimacs`.
 *
 *   gen_road W H OUT        writes OUT.gr and OUT.co: W x H nodes
 *   gen_road W H OUT hier   the same grid with a hierarchy of road classes
 *                           (below), closer to a real road network
 *
 * The graph: a grid whose nodes are moved by up to 0.3 of a cell (about
 * 100 m cells near 45 N, coordinates in millionths of a degree); streets
 * join grid neighbours both ways, weight = length in metres times a
 * random 1.0 .. 1.5 (slow streets), and 8 % of the streets are missing;
 * every 16th row and column is an arterial (weight = length / 2, never
 * missing), and one node in 200 has a highway link to a node 10 .. 40
 * cells away (weight = length / 3).  Integer weights; the same graph for
 * the same W and H (seeded xorshift).  O(W H) time, streamed to disk.
 *
 * With `hier`: four road classes by row and column, as a road network's
 * speeds: streets (weight = length times 1.0 .. 1.5, 8 % missing),
 * collectors every 8th row and column (0.6), arterials every 32nd (0.4)
 * and motorways every 128th (0.2: five times a street's speed); no
 * random highway links.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BENCH_RNG_SEED 0x9e3779b97f4a7c15ull
#include "bench_util.h"

#define CELL_DEG 0.001 /* about 111 m of latitude */

int main(int argc, char **argv)
{
    if (argc != 4 && !(argc == 5 && strcmp(argv[4], "hier") == 0)) {
        fprintf(stderr, "usage: gen_road W H OUT [hier]   (writes OUT.gr, OUT.co)\n");
        return 2;
    }
    int hier = argc == 5;
    uint32_t W = (uint32_t)strtoul(argv[1], NULL, 10), H = (uint32_t)strtoul(argv[2], NULL, 10);
    if (W < 2 || H < 2 || (uint64_t)W * H > 10000000u) {
        fprintf(stderr, "gen_road: W and H must be 2.. with W x H <= 10,000,000\n");
        return 2;
    }
    uint32_t n = W * H;
    double *lat = malloc((size_t)n * sizeof *lat), *lon = malloc((size_t)n * sizeof *lon);
    if (!lat || !lon) {
        fprintf(stderr, "gen_road: out of memory\n");
        return 1;
    }
    for (uint32_t y = 0; y < H; y++)
        for (uint32_t x = 0; x < W; x++) {
            uint32_t u = y * W + x;
            lat[u] = 45.0 + (y + ((int)below(601) - 300) / 1000.0) * CELL_DEG;
            lon[u] = 10.0 + (x + ((int)below(601) - 300) / 1000.0) * CELL_DEG;
        }
    char path[4096];
    snprintf(path, sizeof path, "%s.co", argv[3]);
    FILE *co = fopen(path, "w");
    snprintf(path, sizeof path, "%s.gr", argv[3]);
    FILE *gr = fopen(path, "w");
    if (!co || !gr) {
        fprintf(stderr, "gen_road: cannot write %s.gr/.co\n", argv[3]);
        return 1;
    }
    fprintf(co, "c gen_road %u x %u\np aux sp co %u\n", W, H, n);
    for (uint32_t u = 0; u < n; u++)
        fprintf(co, "v %u %ld %ld\n", u + 1, lround(lon[u] * 1e6), lround(lat[u] * 1e6));
    /* two passes: count the arcs, then write them (the header comes first) */
    for (int pass = 0; pass < 2; pass++) {
        uint64_t saved = rng, m = 0;
        for (uint32_t y = 0; y < H; y++)
            for (uint32_t x = 0; x < W; x++) {
                uint32_t u = y * W + x;
                for (int dir = 0; dir < 3; dir++) {
                    uint32_t v;
                    double f;
                    if (dir == 0 || dir == 1) { /* street or arterial to the east or north */
                        if ((dir == 0 && x + 1 >= W) || (dir == 1 && y + 1 >= H))
                            continue;
                        v = dir == 0 ? u + 1 : u + W;
                        uint32_t line = dir == 0 ? y : x;
                        int arterial = hier ? line % 8 == 0 : line % 16 == 0;
                        if (!arterial && below(100) < 8)
                            continue;
                        f = !arterial ? 1.0 + below(501) / 1000.0
                            : !hier  ? 0.5
                            : line % 128 == 0 ? 0.2
                            : line % 32 == 0 ? 0.4
                                             : 0.6;
                    } else { /* a highway link */
                        if (hier || below(200) != 0)
                            continue;
                        uint32_t dx = 10 + below(31), dy = below(31);
                        if (x + dx >= W || y + dy >= H)
                            continue;
                        v = u + dy * W + dx;
                        f = 1.0 / 3.0;
                    }
                    double dlat = (lat[v] - lat[u]) * 111195.0,
                           dlon = (lon[v] - lon[u]) * 111195.0 * cos(lat[u] * M_PI / 180.0);
                    long wgt = lround(sqrt(dlat * dlat + dlon * dlon) * f);
                    if (wgt < 1)
                        wgt = 1;
                    if (pass == 1)
                        fprintf(gr, "a %u %u %ld\na %u %u %ld\n", u + 1, v + 1, wgt, v + 1, u + 1, wgt);
                    m += 2;
                }
            }
        if (pass == 0) {
            fprintf(gr, "c gen_road %u x %u: perturbed grid, %s (bench/gen_road.c)\n", W, H,
                    hier ? "streets, collectors, arterials, motorways" : "arterials, highways");
            fprintf(gr, "p sp %u %llu\n", n, (unsigned long long)m);
            rng = saved;
        }
    }
    int bad = fclose(co) != 0;
    bad |= fclose(gr) != 0;
    free(lat);
    free(lon);
    if (bad) {
        fprintf(stderr, "gen_road: write failed\n");
        return 1;
    }
    return 0;
}
