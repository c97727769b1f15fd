#!/usr/bin/env bash
# Side by side with the peers (issue 13, item 5; a benchmark, not a test,
# never run by CI): corridor's plain Dijkstra (the router, and on the node
# graph) against the Boost Graph Library, igraph, graph-tool, networkx and
# pgRouting, on the same graphs, the same integer arc weights and the same
# random query pairs, in one run.
#
#   bash bench/peers.sh [PAIRS] [ROAD_SIDE] [REPEATS] [SLOW_PAIRS] [ROAD_PAIRS]
#       defaults: 1000 pairs, 1000 x 1000 road graph, 3 repeats, 10, 100
#
# Graphs: rome99 (../shared/data/graphs/rome99.gr, when present), the
# North American railroads (../shared/data/geo, imported with `corridor
# import geojson --mode rail --gauge 1435 --snap-m 50`, weights = link
# lengths in metres, rounded) and a road-like graph of ROAD_SIDE^2 nodes
# (bench/gen_road.c; 0 skips it).  corridor imports each one (the CLI),
# then bench/peer_corridor.c writes the graph it routes on as DIMACS (the
# integers of the .gr file; for the railroads, metres rounded): every peer
# reads that file, and for a DIMACS graph the script checks it holds the
# original file's arcs.  Pairs: PAIRS random pairs (s != t) per graph from
# Python's generator seeded with 13 (bench/peers/peers.py pairs: the same
# pairs every run).  REPEATS rounds: in each, every tool in turn runs as
# one process under /usr/bin/time -v (peak memory: maximum resident set),
# times its load (reading the file into its structure; corridor: loading
# the imported network folder, building its graph and query) and then
# each one-to-one query alone (every tool stops when the target is
# settled), one pass over the pairs; taking turns, every tool sees the
# same changes in the machine's load.  The table gives the median load,
# the median query over all rounds and its ratio to corridor's over the
# same pairs.  Every answer of every tool is compared with corridor's
# router: any difference fails the
# run (exit 1).  On the road graph REPEATS is 1 and PAIRS is ROAD_PAIRS;
# networkx and pgRouting get the first SLOW_PAIRS pairs there (seconds
# a query), and networkx is skipped, saying so, with under 8 GB free.
#
# pgRouting: a throwaway PostgreSQL 15 cluster in the run's temporary
# folder (as user postgres when run as root), listening on a Unix socket
# only; the arcs go in with \copy, each query is
#   SELECT max(agg_cost) FROM pgr_dijkstra('SELECT id, source, target, cost FROM edges', s, t)
# timed by psql's \timing (pgr_dijkstra reads the edge table for each
# query: that is how it is used); its peak memory is the backend's VmHWM.
# The cluster is stopped and removed at exit.
#
# Installs the peers (scripts/setup.sh --with-bench), builds with -O3 in
# build-bench, and prints the Markdown table of the README's "Side by side
# with the peers".  Run it with `nice -n 10` on a shared machine.
set -euo pipefail
cd "$(dirname "$0")/.."
NP="${1:-1000}"; ROAD="${2:-1000}"; REP="${3:-3}"; SLOW="${4:-10}"; ROADNP="${5:-100}"
PY=/usr/bin/python3  # Debian's, where python3-graph-tool and python3-networkx are
bash scripts/setup.sh --with-bench
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench -j2 --target corridor_cli gen_road peer_corridor peer_igraph peer_boost >/dev/null
B=./build-bench
work="$(mktemp -d /tmp/corridor-peers-XXXXXX)"
chmod 755 "$work"
PGBIN=/usr/lib/postgresql/15/bin
pg_up=0
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  if [ "$pg_up" = 1 ]; then as_pg "$PGBIN/pg_ctl" -D "$work/pg/data" -m immediate stop >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "machine: $(nproc) cores, $(uname -m), $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo); $(date -u +%Y-%m-%dT%H:%MZ)"
echo "peers: Boost $(dpkg-query -W -f '${Version}' libboost-graph-dev), igraph $(pkg-config --modversion igraph)," \
  "graph-tool $($PY -c 'import graph_tool; print(graph_tool.__version__.split()[0])')," \
  "networkx $($PY -c 'import networkx; print(networkx.__version__)')," \
  "pgRouting $(dpkg-query -W -f '${Version}' postgresql-15-pgrouting) on PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}')"

# ---- the graphs: "NAME DESCRIPTION" in $work/graphs, NAME/graph.gr, NAME/net
: >"$work/graphs"
sizes() { awk '/^p/ {print $3, $4; exit}' "$1" | $PY -c 'import sys; n, m = map(int, sys.stdin.read().split()); print(f"{n:,} nodes, {m:,} arcs")'; }
add_dimacs() { # NAME FILE.gr DESCRIPTION
  local g="$work/$1"; mkdir -p "$g"
  $B/corridor import dimacs "$2" --out "$g/net" >/dev/null 2>&1
  $B/bench/peer_corridor export "$g/net" 1 "$g/graph.gr"
  cmp -s <(grep '^a' "$2" | sort) <(grep '^a' "$g/graph.gr" | sort) \
    || { echo "peers: the graph corridor routes on is not $2" >&2; exit 1; }
  echo "$1 $3" >>"$work/graphs"; echo "$1: scale 1" >"$g/scale"
}
shared=""
for d in ../shared/data /work/shared/data; do [ -d "$d/graphs" ] && { shared="$d"; break; }; done
if [ -n "$shared" ] && [ -f "$shared/graphs/rome99.gr" ]; then
  add_dimacs rome99 "$shared/graphs/rome99.gr" "3,353 nodes, 8,870 arcs"
fi
if [ -n "$shared" ] && [ -f "$shared/geo/ne_10m_railroads_north_america.json" ]; then
  g="$work/rail"; mkdir -p "$g"
  $B/corridor import geojson "$shared/geo/ne_10m_railroads_north_america.json" --mode rail --gauge 1435 \
    --snap-m 50 --out "$g/net" >/dev/null 2>&1
  $B/bench/peer_corridor export "$g/net" 1000 "$g/graph.gr"
  echo "rail North American railroads, $(sizes "$g/graph.gr"), metres" >>"$work/graphs"
fi
if [ "$ROAD" -gt 0 ]; then
  $B/bench/gen_road "$ROAD" "$ROAD" "$work/road"
  add_dimacs road "$work/road.gr" "gen_road $ROAD x $ROAD, $(sizes "$work/road.gr")"
  rm -f "$work/road.gr" "$work/road.co"
fi
[ -s "$work/graphs" ] || { echo "peers: no graph (../shared/data absent and ROAD_SIDE 0)" >&2; exit 1; }

# ---- PostgreSQL with pgRouting, for the whole run
PGPORT=54329; PGSOCK="$work/pg"
mkdir -p "$work/pg"; [ "$(id -u)" -eq 0 ] && chown postgres "$work/pg"
as_pg "$PGBIN/initdb" -D "$work/pg/data" -A trust -U postgres >/dev/null
as_pg nice -n 10 "$PGBIN/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w \
  -o "-c listen_addresses='' -k $PGSOCK -p $PGPORT -c fsync=off -c shared_buffers=256MB" start >/dev/null
pg_up=1
psql_() { as_pg psql -X -q -v ON_ERROR_STOP=1 -h "$PGSOCK" -p "$PGPORT" -U postgres "$@"; }
psql_ -d postgres -c 'CREATE DATABASE bench' >/dev/null
psql_ -d bench -c 'CREATE EXTENSION pgrouting CASCADE' >/dev/null  # with PostGIS, which it requires

# run TOOL NAME ROUND CMD...: one pass of one tool's process, timed, in $work/NAME
run() {
  local tool="$1" name="$2" r="$3"; shift 3
  nice -n 10 /usr/bin/time -v -o "$work/$name/$tool.$r.time" "$@" \
    || { echo "peers: $tool failed on $name" >&2; exit 1; }
}
pg_load() { # NAME: the arcs into table edges (timed: the load)
  local g="$work/$1"
  awk '/^a/ {print $2 "," $3 "," $4}' "$g/graph.gr" >"$g/edges.csv"
  {
    echo 'DROP TABLE IF EXISTS edges;'
    echo '\timing on'
    echo 'CREATE TABLE edges (id bigserial PRIMARY KEY, source bigint, target bigint, cost float8);'
    echo "\\copy edges (source, target, cost) FROM '$g/edges.csv' WITH (FORMAT csv)"
    echo 'ANALYZE edges;'
  } >"$g/pg.sql"
  chmod 644 "$g/pg.sql" "$g/edges.csv"
  psql_ -d bench -A -t -f "$g/pg.sql" 2>/dev/null >"$g/pgload.txt"
  rm -f "$g/edges.csv"
}
pg_queries() { # NAME PAIRS ROUND: one pass, one session; "load_ms" only in round 1
  local g="$work/$1" q="'SELECT id, source, target, cost FROM edges'"
  {
    echo '\timing on'
    awk -v q="$q" '{printf "SELECT %d, coalesce(max(agg_cost), -1) FROM pgr_dijkstra(%s, %d, %d, true);\n", NR - 1, q, $1, $2}' "$2"
    echo '\timing off'
    echo "SELECT 'VmHWM', regexp_replace(substring(pg_read_file('/proc/self/status') from 'VmHWM:\\s*[0-9]+'), '[^0-9]', '', 'g');"
  } >"$g/pg.sql"
  psql_ -d bench -A -t -f "$g/pg.sql" >"$g/pgq.txt" || { echo "peers: pgRouting failed on $1" >&2; exit 1; }
  # "I|DIST" then "Time: X ms" for each query; the backend's peak memory as /usr/bin/time -v says it
  local load=""
  [ "$3" = 1 ] && load="$(awk '/^Time:/ {s += $2} END {printf "%.3f", s}' "$g/pgload.txt")"
  awk -v load="$load" '
    BEGIN {if (load != "") print "load_ms " load}
    /^VmHWM\|/ {split($0, v, "|"); hwm = v[2]; next}
    /^[0-9]+\|/ {split($0, v, "|"); i = v[1]; d = v[2]; next}
    /^Time:/ {printf "%s %s %.3f\n", i, d, $2 * 1000}
    END {printf "\tMaximum resident set size (kbytes): %d\n", hwm > "/dev/stderr"}' "$g/pgq.txt" \
    >"$g/pgrouting.$3.out" 2>"$g/pgrouting.$3.time"
}

# Rounds: every tool does one pass over the pairs per round, one tool after
# the other, so that a change in the machine's load hits every tool alike.
while read -r name _; do
  g="$work/$name"; np="$NP"; rep="$REP"; slow="$NP"
  if [ "$name" = road ]; then rep=1; np="$ROADNP"; slow="$SLOW"; fi
  $PY bench/peers/peers.py pairs "$g/graph.gr" "$np" 13 >"$g/pairs"
  head -n "$slow" "$g/pairs" >"$g/pairs.slow"
  scale=1; [ "$name" = rail ] && scale=1000
  nx=1; free_gb="$(awk '/MemAvailable/ {print int($2 / 1048576)}' /proc/meminfo)"
  if [ "$name" = road ] && [ "$free_gb" -lt 8 ]; then
    nx=0; echo "skipped: $free_gb GB free, it needs about 8" >"$g/networkx.note"
  fi
  pg_load "$name"
  for ((r = 1; r <= rep; r++)); do
    echo "$name: round $r of $rep, $np pairs ($slow for networkx and pgRouting)" >&2
    run router "$name" $r $B/bench/peer_corridor router "$g/net" "$scale" "$g/pairs" 1 "$g/router.$r.out"
    run node "$name" $r $B/bench/peer_corridor node "$g/net" "$scale" "$g/pairs" 1 "$g/node.$r.out"
    run boost "$name" $r $B/bench/peer_boost "$g/graph.gr" "$g/pairs" 1 "$g/boost.$r.out"
    run igraph "$name" $r $B/bench/peer_igraph "$g/graph.gr" "$g/pairs" 1 "$g/igraph.$r.out"
    run graphtool "$name" $r $PY bench/peers/peers.py graphtool "$g/graph.gr" "$g/pairs" 1 "$g/graphtool.$r.out"
    [ "$nx" = 1 ] && run networkx "$name" $r $PY bench/peers/peers.py networkx "$g/graph.gr" "$g/pairs.slow" 1 "$g/networkx.$r.out"
    pg_queries "$name" "$g/pairs.slow" $r
  done
  psql_ -d bench -c 'DROP TABLE edges' >/dev/null
  rm -rf "$g/net"
done <"$work/graphs"
echo
$PY bench/peers/peers.py summary "$work"
