#!/usr/bin/env bash
# Large-network benchmark (issue 13; not a test, never run by CI): plain
# Dijkstra (the router's and on the node graph), bidirectional Dijkstra,
# CH and igraph's Dijkstra on the same random pairs, with a 100 x 100
# matrix, the preprocessing times, snapshot build and load, on rome99
# (../shared/data, when present), a generated grid, and a generated
# road-like graph of ROAD x ROAD nodes (bench/gen_road.c: 1000 x 1000 =
# one million) written as DIMACS and imported with `corridor import
# dimacs`.  For the road graph, the command line too: import, build,
# validate from the folder and from the snapshot (median of 5), a route,
# each with its peak memory (/usr/bin/time -v).  Installs igraph and time
# (scripts/setup.sh --with-bench), builds with -O3 in build-bench, prints
# Markdown tables.
#   bench/large.sh [GRID_SIDE] [QUERIES] [ROAD_SIDE]   defaults: 300, 1000, 1000
#   (ROAD_SIDE 0 skips the road graph; it needs about 3 GB of memory and
#   a few minutes, most of them in the 1000 plain Dijkstra queries)
set -euo pipefail
cd "$(dirname "$0")/.."
SIDE="${1:-300}"; NQ="${2:-1000}"; ROAD="${3:-1000}"
bash scripts/setup.sh --with-bench
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench -j"$(nproc)" --target bench_large bench_ch gen_road corridor_cli >/dev/null
C=./build-bench/corridor
echo "machine: $(nproc) cores, $(uname -m); $(date -u +%Y-%m-%d)"
echo
for d in ../shared/data /work/shared/data; do
  if [ -f "$d/graphs/rome99.gr" ]; then ./build-bench/bench/bench_large "$d/graphs/rome99.gr" "$NQ"; echo; break; fi
done
./build-bench/bench/bench_large "grid:$SIDE:$SIDE" "$NQ"
[ "$ROAD" -gt 0 ] || exit 0
echo
# ROAD_WORK=DIR keeps the road graph, its import and snapshot in DIR and
# reuses them when present (then import and build are not timed again)
if [ -n "${ROAD_WORK:-}" ]; then work="$ROAD_WORK"; mkdir -p "$work"; else work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT; fi
[ -f "$work/road.gr" ] || ./build-bench/bench/gen_road "$ROAD" "$ROAD" "$work/road"
# one command: "| what | seconds | peak MB |"
measure() { # LABEL CMD...
  local label="$1"; shift
  /usr/bin/time -f '%e %M' -o "$work/t" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  read -r secs kb < "$work/t"
  printf '| %s | %s s | %.0f MB |\n' "$label" "$secs" "$(echo "$kb / 1024" | bc -l)"
}
median5() { # LABEL CMD...: median elapsed of 5 runs, peak memory of the last
  local label="$1"; shift; local ts=()
  for _ in 1 2 3 4 5; do
    /usr/bin/time -f '%e %M' -o "$work/t" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
    read -r secs kb < "$work/t"; ts+=("$secs")
  done
  printf '| %s (median of 5) | %s s | %.0f MB |\n' "$label" "$(printf '%s\n' "${ts[@]}" | sort -n | sed -n 3p)" \
    "$(echo "$kb / 1024" | bc -l)"
}
echo "### the command line on gen_road $ROAD x $ROAD ($(sed -n 's/^p sp //p' "$work/road.gr"): nodes, arcs)"
echo
echo "| command | elapsed | peak memory |"
echo "|---|---|---|"
[ -d "$work/road" ] || measure "corridor import dimacs road.gr road.co" $C import dimacs "$work/road.gr" "$work/road.co" --out "$work/road"
[ -f "$work/road.snap" ] || measure "corridor build (validate, CH by distance and time, images)" $C build "$work/road" --out "$work/road.snap"
measure "corridor validate FOLDER (CSV)" $C validate "$work/road"
median5 "corridor validate SNAPSHOT" $C validate "$work/road.snap"
n=$((ROAD * ROAD))
measure "corridor route 1 $n --by distance, FOLDER" $C route 1 "$n" --by distance --network "$work/road"
median5 "corridor route 1 $n --by distance, SNAPSHOT (the stored CH)" $C route 1 "$n" --by distance --network "$work/road.snap"
median5 "corridor route 1 $n --by distance --year $(( $(date -u +%Y) + 1 )), SNAPSHOT (no CH for that year: plain Dijkstra)" \
  $C route 1 "$n" --by distance --year $(( $(date -u +%Y) + 1 )) --network "$work/road.snap"
echo
echo "route --verbose on the snapshot:"
$C route 1 "$n" --by distance --network "$work/road.snap" --verbose 2>&1 >/dev/null | grep 'corridor route:' | sed 's/^/    /'
$C route 1 "$n" --by distance --year $(( $(date -u +%Y) + 1 )) --network "$work/road.snap" --verbose 2>&1 >/dev/null \
  | grep 'corridor route:' | sed 's/^/    /'
echo
# the API on the snapshot: the first request (first use: checksums, the query compiled), then 20
# random pairs by distance (stored CH) and by cost (plain Dijkstra), each query compiled once and
# kept; a 100 x 100 /v1/matrix by distance (buckets on the stored CH)
$C serve --port 0 --network "$work/road.snap" --threads 2 2>"$work/serve.log" &
spid=$!
for _ in $(seq 600); do grep -q listening "$work/serve.log" && break; sleep 0.1; done
port=$(sed -n 's|.*listening on http://[^ ]*:\([0-9]*\)/.*|\1|p' "$work/serve.log")
api() { curl --noproxy '*' -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$port$1"; }
first=$(api "/v1/route?from=1&to=$n&by=distance")
pairs=$(python3 -c "import random; random.seed(13); print(' '.join(f'{random.randint(1,$n)}:{random.randint(1,$n)}' for _ in range(20)))")
med() { sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }
dist=$(for p in $pairs; do api "/v1/route?from=${p%:*}&to=${p#*:}&by=distance"; done | med)
api "/v1/route?from=1&to=2&by=cost" >/dev/null
cost=$(for p in $pairs; do api "/v1/route?from=${p%:*}&to=${p#*:}&by=cost"; done | med)
places() { python3 -c "import random; random.seed($1); print(','.join(str(random.randint(1,$n)) for _ in range(100)))"; }
mq="from=$(places 1)&to=$(places 2)"
m1=$(api "/v1/matrix?$mq&by=distance&format=csv")
m2=$(api "/v1/matrix?$mq&by=distance")
kill "$spid"; wait "$spid" 2>/dev/null
echo "| /v1 request on road.snap (corridor serve, 2 threads) | elapsed |"
echo "|---|---|"
echo "| the first /v1/route (checksums, query compiled) | $first s |"
echo "| /v1/route by distance, 20 random pairs (stored CH), median | $dist s |"
echo "| /v1/route by cost, 20 random pairs (plain Dijkstra), median | $cost s |"
echo "| /v1/matrix 100 x 100 by distance, query compiled | $m1 s |"
echo "| the same again in JSON (query kept) | $m2 s |"
# the folder's route is Dijkstra's, the snapshot's the CH's: the same totals (between equal routes the
# path may differ: integer weights tie often)
a="$($C route 1 "$n" --by distance --format json --network "$work/road" 2>/dev/null | jq -c .totals)"
b="$($C route 1 "$n" --by distance --format json --network "$work/road.snap" 2>/dev/null | jq -c .totals)"
[ -n "$a" ] && [ "$a" = "$b" ] && echo && echo "route --format json: the same totals from the folder (Dijkstra) and the snapshot (CH): $a" \
  || { echo "route totals DIFFER between folder and snapshot: $a / $b"; exit 1; }
echo
echo; ./build-bench/bench/bench_ch --load "$work/road.snap"   # the snapshot's load alone, and its first use
echo
./build-bench/bench/bench_large "$work/road.gr" "$NQ"
