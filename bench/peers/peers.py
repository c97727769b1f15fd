#!/usr/bin/python3
"""peers.py -- the Python side of bench/peers.sh (a benchmark, not a test).

  peers.py pairs GRAPH.gr COUNT SEED > PAIRS    random "s t" pairs (s != t),
                                                 Python's seeded Mersenne Twister
  peers.py graphtool GRAPH.gr PAIRS REPEATS OUT graph-tool's shortest_distance
  peers.py networkx GRAPH.gr PAIRS REPEATS OUT  networkx's dijkstra_path_length
  peers.py summary DIR                           the Markdown table (below)

The peer programs read a DIMACS .gr (nodes 1..N, integer weights), time
the load, then time one one-to-one query per pair (each stops when the
target is settled), REPEATS passes; OUT gets "load_ms X" and one
"PAIR DIST MICROSECONDS" line per query (DIST -1: no route), as the C and
C++ peers write it.

summary DIR reads DIR/GRAPH/TOOL.R.out and TOOL.R.time (/usr/bin/time -v)
of each round R = 1, 2, ... for every graph listed in DIR/graphs (one
"GRAPH DESCRIPTION" a line), checks every answer of every tool against
corridor's router (tool "router"; exit 1, naming the first difference, if
any differs) and prints one row per graph and tool: median load, peak
memory (largest round), median query time over all rounds, and its ratio
to corridor's median over the same pairs and rounds.
"""
import os
import random
import statistics
import sys
import time


def read_gr(path):
    """n and three lists (tails, heads, weights), 0-based nodes."""
    n = 0
    us, vs, ws = [], [], []
    with open(path) as f:
        for line in f:
            if line.startswith('a '):
                _, u, v, w = line.split()
                us.append(int(u) - 1)
                vs.append(int(v) - 1)
                ws.append(int(w))
            elif line.startswith('p '):
                n = int(line.split()[2])
    return n, us, vs, ws


def read_pairs(path):
    with open(path) as f:
        return [(int(a) - 1, int(b) - 1) for a, b in (line.split() for line in f if line.strip())]


def run_queries(pairs, repeats, out, t_load, query):
    with open(out, 'w') as o:
        o.write('load_ms %.3f\n' % (t_load * 1e3))
        for _ in range(repeats):
            for i, (s, t) in enumerate(pairs):
                x = time.perf_counter()
                d = query(s, t)
                us = (time.perf_counter() - x) * 1e6
                o.write('%d %d %.3f\n' % (i, d, us))


def cmd_pairs(gr, count, seed):
    n = 0
    with open(gr) as f:
        for line in f:
            if line.startswith('p '):
                n = int(line.split()[2])
                break
    rng = random.Random(int(seed))
    for _ in range(int(count)):
        s = rng.randint(1, n)
        t = rng.randint(1, n - 1)
        t = t + 1 if t >= s else t  # t != s, uniform over the others
        print(s, t)


def cmd_graphtool(gr, pairs_path, repeats, out):
    import numpy as np
    import graph_tool as gt
    from graph_tool.topology import shortest_distance
    t0 = time.perf_counter()
    n, us, vs, ws = read_gr(gr)
    g = gt.Graph(directed=True)
    g.add_vertex(n)
    w = g.new_edge_property('int64_t')
    g.add_edge_list(np.column_stack([np.array(us, dtype=np.int64), np.array(vs, dtype=np.int64),
                                     np.array(ws, dtype=np.int64)]), eprops=[w])
    del us, vs, ws
    t_load = time.perf_counter() - t0
    inf = np.iinfo(np.int64).max

    def query(s, t):
        d = int(shortest_distance(g, source=g.vertex(s), target=g.vertex(t), weights=w))
        return -1 if d == inf else d
    run_queries(read_pairs(pairs_path), int(repeats), out, t_load, query)


def cmd_networkx(gr, pairs_path, repeats, out):
    import networkx as nx
    t0 = time.perf_counter()
    n, us, vs, ws = read_gr(gr)
    best = {}
    for u, v, c in zip(us, vs, ws):  # a DiGraph keeps one arc per pair: the lightest
        if u != v and ((u, v) not in best or c < best[(u, v)]):
            best[(u, v)] = c
    del us, vs, ws
    g = nx.DiGraph()
    g.add_nodes_from(range(n))
    g.add_weighted_edges_from((u, v, c) for (u, v), c in best.items())
    del best
    t_load = time.perf_counter() - t0

    def query(s, t):
        try:
            return nx.dijkstra_path_length(g, s, t, weight='weight')
        except nx.NetworkXNoPath:
            return -1
    run_queries(read_pairs(pairs_path), int(repeats), out, t_load, query)


TOOLS = [  # file name, row label
    ('router', 'corridor route (`cor_shortest_path`, expanded graph)'),
    ('node', 'corridor Dijkstra, node graph (`cor_fast_dijkstra`)'),
    ('boost', 'Boost Graph Library `dijkstra_shortest_paths` (CSR graph)'),
    ('igraph', 'igraph `igraph_get_shortest_path_dijkstra` (C)'),
    ('graphtool', 'graph-tool `shortest_distance` (Python over C++)'),
    ('networkx', 'networkx `dijkstra_path_length` (Python)'),
    ('pgrouting', 'pgRouting `pgr_dijkstra` (PostgreSQL, SQL per query)'),
]


def read_outs(gdir, tool):
    """The rounds of one tool (TOOL.R.out, TOOL.R.time): the median load,
    every query row, the peak memory of the largest round."""
    loads, rows, peak, r = [], [], None, 1
    while os.path.exists(os.path.join(gdir, '%s.%d.out' % (tool, r))):
        with open(os.path.join(gdir, '%s.%d.out' % (tool, r))) as f:
            for line in f:
                p = line.split()
                if p[0] == 'load_ms':
                    loads.append(float(p[1]))
                else:
                    rows.append((int(p[0]), int(float(p[1])), float(p[2])))
        try:
            with open(os.path.join(gdir, '%s.%d.time' % (tool, r))) as f:
                for line in f:
                    if 'Maximum resident set size' in line:
                        kb = int(line.split()[-1])
                        peak = kb if peak is None else max(peak, kb)
        except OSError:
            pass
        r += 1
    if r == 1:
        return None
    return (statistics.median(loads) if loads else None), rows, (peak / 1024 if peak is not None else None), r - 1


def fmt_us(us):
    if us >= 1e6:
        return '{:,.2f} s'.format(us / 1e6)
    if us >= 1e4:
        return '{:,.1f} ms'.format(us / 1e3)
    return '{:,.1f} us'.format(us)


def fmt_ms(ms):
    return '{:,.2f} s'.format(ms / 1e3) if ms >= 1e4 else '{:,.0f} ms'.format(ms) if ms >= 10 else '{:.1f} ms'.format(ms)


def cmd_summary(d):
    bad = []
    lines = ['| graph | tool | load | peak memory | one-to-one median | / corridor route | / corridor node graph | queries | answers |',
             '|---|---|---|---|---|---|---|---|---|']
    with open(os.path.join(d, 'graphs')) as f:
        graphs = [line.rstrip('\n').split(' ', 1) for line in f if line.strip()]
    for name, desc in graphs:
        gdir = os.path.join(d, name)
        ref = {i: dist for i, dist, _ in read_outs(gdir, 'router')[1]}
        base = {b: read_outs(gdir, b) for b in ('router', 'node')}
        first = True
        for tool, label in TOOLS:
            got = read_outs(gdir, tool)
            note = os.path.join(gdir, tool + '.note')
            gcell = '**%s** (%s)' % (name, desc) if first else ''
            first = False
            if got is None:
                why = open(note).read().strip() if os.path.exists(note) else 'not run'
                lines.append('| %s | %s | %s | | | | | | |' % (gcell, label, why))
                continue
            load, rows, mem, rounds = got
            diff = [(i, dist) for i, dist, _ in rows if ref.get(i) != dist]
            if diff:
                bad.append('%s: %s differs from corridor route on %d of %d queries, first: pair %d gives %d, corridor %s'
                           % (name, tool, len(diff), len(rows), diff[0][0], diff[0][1], ref.get(diff[0][0])))
            idx = {i for i, _, _ in rows}
            med = statistics.median(us for _, _, us in rows)
            ratios = []
            for b in ('router', 'node'):
                if base[b]:
                    bmed = statistics.median(us for i, _, us in base[b][1] if i in idx)
                    ratios.append('%.3g' % (med / bmed))
                else:
                    ratios.append('')
            lines.append('| %s | %s | %s | %s | %s | %s | %s | %s | %s |' % (
                gcell, label, fmt_ms(load) if load is not None else '',
                '{:,.0f} MB'.format(mem) if mem is not None else '', fmt_us(med), ratios[0], ratios[1],
                '%d pairs x %d' % (len(idx), rounds),
                'all equal' if not diff else '**%d differ**' % len(diff)))
    print('\n'.join(lines))
    if bad:
        for b in bad:
            print('peers: ' + b, file=sys.stderr)
        sys.exit(1)


def main():
    cmds = {'pairs': (cmd_pairs, 3), 'graphtool': (cmd_graphtool, 4), 'networkx': (cmd_networkx, 4),
            'summary': (cmd_summary, 1)}
    if len(sys.argv) < 2 or sys.argv[1] not in cmds or len(sys.argv) != 2 + cmds[sys.argv[1]][1]:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    cmds[sys.argv[1]][0](*sys.argv[2:])


if __name__ == '__main__':
    main()
