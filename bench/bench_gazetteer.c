/*
 * bench_gazetteer.c -- what the city gazetteer costs: load time (median of
 * runs), peak resident memory added by one load, lookup and suggestion
 * times.  Needs nothing but libcorridor.
 *
 *   bench_gazetteer [FILE] [RUNS]   (default data/gazetteer/cities.tsv, 7)
 *
 * Prints one line per figure; README "Any city" quotes them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "corridor/gazetteer.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static long rss_kib(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long pages = 0, res = 0;
    if (f) {
        if (fscanf(f, "%ld %ld", &pages, &res) != 2)
            res = 0;
        fclose(f);
    }
    return res * 4;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : CORRIDOR_SOURCE_DIR "/data/gazetteer/cities.tsv";
    int runs = argc > 2 ? atoi(argv[2]) : 7;
    if (runs < 1 || runs > 100)
        runs = 7;
    double t[100];
    cor_gazetteer *gz = NULL;
    long before = rss_kib(), after = 0;
    for (int r = 0; r < runs; r++) {
        cor_diag d;
        cor_diag_init(&d, 4);
        double t0 = now();
        cor_status s = cor_gazetteer_load(path, &gz, &d);
        t[r] = now() - t0;
        if (s != COR_OK) {
            fprintf(stderr, "bench_gazetteer: %s: %s\n", path, d.count ? d.items[0].msg : cor_status_message(s));
            cor_diag_destroy(&d);
            return 1;
        }
        cor_diag_destroy(&d);
        if (r == 0)
            after = rss_kib();
        if (r + 1 < runs) {
            cor_gazetteer_free(gz);
            gz = NULL;
        }
    }
    qsort(t, (size_t)runs, sizeof t[0], cmp);
    printf("gazetteer %s: %u cities\n", path, cor_gazetteer_count(gz));
    printf("load: median %.3f s, min %.3f s over %d runs\n", t[runs / 2], t[0], runs);
    printf("memory: %.1f MB resident added by one load\n", (after - before) / 1024.0);
    static const char *const q[] = {"Pune", "Isfahan", "Astara, IR", "Yekaterinburg", "springfield", "Nowhere"};
    double t0 = now();
    uint32_t m[8], n, hits = 0;
    for (int k = 0; k < 100000; k++)
        hits += cor_gazetteer_find(gz, q[k % 6], m, 8, &n) == COR_OK;
    double tf = (now() - t0) / 100000;
    t0 = now();
    uint32_t sg[3];
    for (int k = 0; k < 10; k++)
        cor_gazetteer_suggest(gz, k % 2 ? "Puen" : "Isfahn", sg, 3);
    double ts = (now() - t0) / 10;
    printf("find: %.2f us per lookup (%u hits); suggest: %.1f ms per query\n", tf * 1e6, hits, ts * 1e3);
    cor_gazetteer_free(gz);
    return 0;
}
