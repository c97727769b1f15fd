/*
 * bench_util.h -- what the benchmark programs share: a monotonic clock in
 * microseconds, the median of samples, the process's resident memory, and
 * a seeded xorshift for random pairs (define BENCH_RNG_SEED before the
 * include to get `below`; each program keeps its own seed, so its pairs
 * are the same every run).  Header-only, static inline: unused pieces cost
 * nothing.
 */
#ifndef COR_BENCH_UTIL_H
#define COR_BENCH_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static inline double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static inline int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median of v[0..n) (v is sorted in place); 0 for none. */
static inline double median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n ? v[n / 2] : 0;
}

/* Resident memory now and at its peak, MB (/proc/self/status; -1 unknown). */
static inline void rss(double *now, double *peak)
{
    *now = *peak = -1;
    FILE *fp = fopen("/proc/self/status", "r");
    char line[256];
    while (fp && fgets(line, sizeof line, fp)) {
        if (strncmp(line, "VmRSS:", 6) == 0)
            *now = strtod(line + 6, NULL) / 1024;
        if (strncmp(line, "VmHWM:", 6) == 0)
            *peak = strtod(line + 6, NULL) / 1024;
    }
    if (fp)
        fclose(fp);
}

#ifdef BENCH_RNG_SEED
static uint64_t rng = BENCH_RNG_SEED;
/* A number below n (n > 0): xorshift, then a multiply's high half. */
static inline uint32_t below(uint32_t n)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return (uint32_t)((rng * 2685821657736338717ull >> 32) % n);
}
#endif

#endif
