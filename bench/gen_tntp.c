/*
 * gen_tntp.c -- a synthetic road network and trip table in TNTP format for
 * bench/assign.sh (not data: every figure here is made up).
 *
 *   gen_tntp SIDE ZONES TRIPS_PER_ZONE SEED OUT_PREFIX
 *
 * writes OUT_PREFIX_net.tntp and OUT_PREFIX_trips.tntp: a SIDE x SIDE grid
 * of through nodes (two-way links; every 5th row and column an arterial
 * with twice the speed and capacity; lengths jittered +-30 %), ZONES zone
 * nodes numbered first (<FIRST THRU NODE> ZONES + 1), each tied by a pair
 * of connectors to a random grid node, and a gravity trip table over all
 * zone pairs: T_ij proportional to P_i A_j exp(-d_ij / (SIDE / 4)), with
 * d_ij the grid distance, scaled so that zone i sends TRIPS_PER_ZONE
 * trips on average.  BPR 0.15 / power 4 throughout; the connectors do not
 * congest (b = 0).  Random numbers: GSL's mt19937 seeded with SEED.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: gen_tntp SIDE ZONES TRIPS_PER_ZONE SEED OUT_PREFIX\n");
        return 2;
    }
    long side = atol(argv[1]), zones = atol(argv[2]);
    double per_zone = atof(argv[3]);
    unsigned long seed = strtoul(argv[4], NULL, 10);
    if (side < 2 || side > 3000 || zones < 2 || zones > 20000 || !(per_zone > 0)) {
        fprintf(stderr, "gen_tntp: SIDE 2..3000, ZONES 2..20000, TRIPS_PER_ZONE > 0\n");
        return 2;
    }
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, seed);
    long ngrid = side * side, nnodes = zones + ngrid;
    long *att = malloc(sizeof *att * (size_t)zones);
    double *P = malloc(sizeof *P * (size_t)zones), *A = malloc(sizeof *A * (size_t)zones);
    double *row = malloc(sizeof *row * (size_t)zones);
    if (!att || !P || !A || !row)
        return 1;
    for (long z = 0; z < zones; z++) {
        att[z] = (long)gsl_rng_uniform_int(rng, (unsigned long)ngrid);
        P[z] = gsl_ran_lognormal(rng, 0, 0.5);
        A[z] = gsl_ran_lognormal(rng, 0, 0.5);
    }
    char path[1024];
    snprintf(path, sizeof path, "%s_net.tntp", argv[5]);
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        return 1;
    }
    long nlinks = 4 * side * (side - 1) + 2 * zones;
    fprintf(f, "<NUMBER OF ZONES> %ld\n<NUMBER OF NODES> %ld\n<FIRST THRU NODE> %ld\n<NUMBER OF LINKS> %ld\n",
            zones, nnodes, zones + 1, nlinks);
    fprintf(f, "<ORIGINAL HEADER> synthetic grid from bench/gen_tntp.c %s %s %s %s\n<END OF METADATA>\n\n", argv[1],
            argv[2], argv[3], argv[4]);
    fprintf(f, "~\tinit_node\tterm_node\tcapacity\tlength\tfree_flow_time\tb\tpower\tspeed\ttoll\tlink_type\t;\n");
#define GRID(r, c) (zones + (r)*side + (c) + 1)
    for (long r = 0; r < side; r++)
        for (long c = 0; c < side; c++)
            for (int dir = 0; dir < 2; dir++) {
                long r2 = r + (dir == 0), c2 = c + (dir == 1);
                if (r2 >= side || c2 >= side)
                    continue;
                int arterial = dir == 0 ? (c % 5 == 0) : (r % 5 == 0);
                double len = 1.0 + 0.6 * (gsl_rng_uniform(rng) - 0.5);
                double speed = arterial ? 60 : 30, cap = arterial ? 2000 : 1000;
                double fft = len / speed * 60; /* minutes */
                fprintf(f, "\t%ld\t%ld\t%.0f\t%.3f\t%.4f\t0.15\t4\t%.0f\t0\t1\t;\n", GRID(r, c), GRID(r2, c2), cap,
                        len, fft, speed);
                fprintf(f, "\t%ld\t%ld\t%.0f\t%.3f\t%.4f\t0.15\t4\t%.0f\t0\t1\t;\n", GRID(r2, c2), GRID(r, c), cap,
                        len, fft, speed);
            }
    for (long z = 0; z < zones; z++) {
        fprintf(f, "\t%ld\t%ld\t100000\t0.1\t0.1\t0\t4\t0\t0\t2\t;\n", z + 1, zones + att[z] + 1);
        fprintf(f, "\t%ld\t%ld\t100000\t0.1\t0.1\t0\t4\t0\t0\t2\t;\n", zones + att[z] + 1, z + 1);
    }
    if (fclose(f)) {
        perror(path);
        return 1;
    }
    /* gravity: scale each origin's row to P_i / mean(P) * per_zone */
    double meanP = 0;
    for (long z = 0; z < zones; z++)
        meanP += P[z] / (double)zones;
    double total = 0;
    snprintf(path, sizeof path, "%s_trips.tntp", argv[5]);
    f = fopen(path, "w");
    if (!f) {
        perror(path);
        return 1;
    }
    char *body = NULL;
    size_t blen = 0;
    FILE *b = open_memstream(&body, &blen);
    if (!b)
        return 1;
    for (long i = 0; i < zones; i++) {
        double s = 0;
        long ri = att[i] / side, ci = att[i] % side;
        for (long j = 0; j < zones; j++) {
            long rj = att[j] / side, cj = att[j] % side;
            double dd = (double)(labs(ri - rj) + labs(ci - cj));
            row[j] = j == i ? 0 : A[j] * exp(-dd / ((double)side / 4));
            s += row[j];
        }
        fprintf(b, "\nOrigin \t%ld \n", i + 1);
        int k = 0;
        for (long j = 0; j < zones; j++) {
            double v = s > 0 ? round(row[j] / s * P[i] / meanP * per_zone * 100) / 100 : 0;
            if (v <= 0)
                continue;
            total += v;
            fprintf(b, "%5ld : %10.2f;%s", j + 1, v, ++k % 5 == 0 ? "\n" : " ");
        }
        fputc('\n', b);
    }
    fclose(b);
    fprintf(f, "<NUMBER OF ZONES> %ld\n<TOTAL OD FLOW> %.2f\n<END OF METADATA>\n", zones, total);
    fwrite(body, 1, blen, f);
    free(body);
    if (fclose(f)) {
        perror(path);
        return 1;
    }
    fprintf(stderr, "gen_tntp: %ld nodes (%ld zones), %ld links, %.0f trips\n", nnodes, zones, nlinks, total);
    gsl_rng_free(rng);
    free(att);
    free(P);
    free(A);
    free(row);
    return 0;
}
