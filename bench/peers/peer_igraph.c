/*
 * peer_igraph.c -- igraph's side of bench/peers.sh: read a DIMACS .gr
 * into a directed igraph_t with a weight vector, then time
 * igraph_get_shortest_path_dijkstra(s, t) (it stops when t is reached)
 * for every pair of PAIRS, REPEATS times; the distance is the sum of the
 * weights of the edges it returns.  OUT: "load_ms X", then "PAIR DIST US".
 *   peer_igraph GRAPH.gr PAIRS REPEATS OUT
 */
#include <igraph/igraph.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: peer_igraph GRAPH.gr PAIRS REPEATS OUT\n");
        return 2;
    }
    double t0 = now_us();
    FILE *in = fopen(argv[1], "r");
    if (!in) {
        perror(argv[1]);
        return 3;
    }
    igraph_set_warning_handler(igraph_warning_handler_ignore);
    igraph_vector_int_t edges;
    igraph_vector_t w;
    igraph_vector_int_init(&edges, 0);
    igraph_vector_init(&w, 0);
    long n = 0, m = 0;
    char line[256];
    while (fgets(line, sizeof line, in)) {
        if (line[0] == 'p') {
            if (sscanf(line, "p sp %ld %ld", &n, &m) != 2)
                return 3;
            igraph_vector_int_reserve(&edges, 2 * m);
            igraph_vector_reserve(&w, m);
        } else if (line[0] == 'a') {
            char *e;
            long u = strtol(line + 2, &e, 10), v = strtol(e, &e, 10), c = strtol(e, &e, 10);
            if (u < 1 || v < 1 || u > n || v > n)
                return 3;
            igraph_vector_int_push_back(&edges, u - 1);
            igraph_vector_int_push_back(&edges, v - 1);
            igraph_vector_push_back(&w, (double)c);
        }
    }
    fclose(in);
    igraph_t g;
    igraph_create(&g, &edges, n, IGRAPH_DIRECTED);
    igraph_vector_int_destroy(&edges);
    double t_load = now_us() - t0;
    FILE *pf = fopen(argv[2], "r");
    size_t np = 0, cap = 1024;
    long *ps = malloc(cap * sizeof *ps), *pt = malloc(cap * sizeof *pt);
    long s, t;
    while (pf && fscanf(pf, "%ld %ld", &s, &t) == 2) {
        if (np == cap) {
            cap *= 2;
            ps = realloc(ps, cap * sizeof *ps), pt = realloc(pt, cap * sizeof *pt);
            if (!ps || !pt)
                return 3;
        }
        ps[np] = s - 1, pt[np] = t - 1, np++;
    }
    if (pf)
        fclose(pf);
    int repeats = atoi(argv[3]);
    FILE *o = fopen(argv[4], "w");
    if (!o)
        return 3;
    fprintf(o, "load_ms %.3f\n", t_load / 1e3);
    igraph_vector_int_t pe;
    igraph_vector_int_init(&pe, 0);
    for (int r = 0; r < repeats; r++)
        for (size_t i = 0; i < np; i++) {
            double x = now_us();
            igraph_get_shortest_path_dijkstra(&g, NULL, &pe, ps[i], pt[i], &w, IGRAPH_OUT);
            double us = now_us() - x, d = 0;
            for (igraph_integer_t k = 0; k < igraph_vector_int_size(&pe); k++)
                d += VECTOR(w)[VECTOR(pe)[k]];
            fprintf(o, "%zu %.0f %.3f\n", i, igraph_vector_int_size(&pe) > 0 ? d : -1.0, us);
        }
    igraph_vector_int_destroy(&pe);
    igraph_vector_destroy(&w);
    igraph_destroy(&g);
    free(ps);
    free(pt);
    return fclose(o) == 0 ? 0 : 3;
}
