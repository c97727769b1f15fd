// peer_boost.cpp -- the Boost Graph Library's side of bench/peers.sh:
// read a DIMACS .gr into a compressed_sparse_row_graph (directed, integer
// edge weights), then time boost::dijkstra_shortest_paths from s with a
// visitor that stops when t is settled (the usual early exit), for every
// pair of PAIRS, REPEATS times.  OUT: "load_ms X", then "PAIR DIST US".
//   peer_boost GRAPH.gr PAIRS REPEATS OUT
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <utility>
#include <vector>

struct Arc { long w; };
typedef boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, Arc, boost::no_property,
                                           unsigned, unsigned> Graph;
typedef boost::graph_traits<Graph>::vertex_descriptor Vertex;

struct Found {};
struct StopAt : boost::default_dijkstra_visitor {
    Vertex target;
    explicit StopAt(Vertex t) : target(t) {}
    void finish_vertex(Vertex u, const Graph &) const { if (u == target) throw Found(); }
};

static double now_us()
{
    return std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

int main(int argc, char **argv)
{
    if (argc != 5) { std::fprintf(stderr, "usage: peer_boost GRAPH.gr PAIRS REPEATS OUT\n"); return 2; }
    double t0 = now_us();
    FILE *in = std::fopen(argv[1], "r");
    if (!in) { std::perror(argv[1]); return 3; }
    unsigned n = 0;
    std::vector<std::pair<unsigned, unsigned>> arcs;
    std::vector<Arc> w;
    char line[256];
    while (std::fgets(line, sizeof line, in)) {
        if (line[0] == 'p') {
            unsigned long m = 0;
            if (std::sscanf(line, "p sp %u %lu", &n, &m) != 2) { std::fprintf(stderr, "bad p line\n"); return 3; }
            arcs.reserve(m), w.reserve(m);
        } else if (line[0] == 'a') {
            char *e;
            unsigned u = (unsigned)std::strtoul(line + 2, &e, 10), v = (unsigned)std::strtoul(e, &e, 10);
            long c = std::strtol(e, &e, 10);
            if (u < 1 || v < 1 || u > n || v > n) { std::fprintf(stderr, "arc out of range\n"); return 3; }
            arcs.emplace_back(u - 1, v - 1), w.push_back(Arc{c});
        }
    }
    std::fclose(in);
    Graph g(boost::edges_are_unsorted_multi_pass, arcs.begin(), arcs.end(), w.begin(), n);
    std::vector<std::pair<unsigned, unsigned>>().swap(arcs);
    std::vector<Arc>().swap(w);
    std::vector<long> dist(n);
    std::vector<Vertex> pred(n);
    double t_load = now_us() - t0;

    std::vector<unsigned> ps, pt;
    FILE *pf = std::fopen(argv[2], "r");
    unsigned s, t;
    while (pf && std::fscanf(pf, "%u %u", &s, &t) == 2) ps.push_back(s - 1), pt.push_back(t - 1);
    if (pf) std::fclose(pf);
    int repeats = std::atoi(argv[3]);
    FILE *o = std::fopen(argv[4], "w");
    if (!o) { std::perror(argv[4]); return 3; }
    std::fprintf(o, "load_ms %.3f\n", t_load / 1e3);
    const long inf = std::numeric_limits<long>::max();
    for (int r = 0; r < repeats; r++)
        for (size_t i = 0; i < ps.size(); i++) {
            double x = now_us();
            try {
                boost::dijkstra_shortest_paths(
                    g, ps[i],
                    boost::weight_map(boost::get(&Arc::w, g))
                        .distance_map(boost::make_iterator_property_map(dist.begin(), boost::get(boost::vertex_index, g)))
                        .predecessor_map(boost::make_iterator_property_map(pred.begin(), boost::get(boost::vertex_index, g)))
                        .distance_inf(inf)
                        .visitor(StopAt(pt[i])));
            } catch (const Found &) {
            }
            double us = now_us() - x;
            long d = dist[pt[i]];
            std::fprintf(o, "%zu %ld %.3f\n", i, d == inf ? -1L : d, us);
        }
    return std::fclose(o) == 0 ? 0 : 3;
}
