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
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
./build-bench/bench/gen_road "$ROAD" "$ROAD" "$work/road"
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
measure "corridor import dimacs road.gr road.co" $C import dimacs "$work/road.gr" "$work/road.co" --out "$work/road"
measure "corridor build (validate, CH by distance and time, images)" $C build "$work/road" --out "$work/road.snap"
measure "corridor validate FOLDER (CSV)" $C validate "$work/road"
median5 "corridor validate SNAPSHOT" $C validate "$work/road.snap"
n=$((ROAD * ROAD))
measure "corridor route 1 $n --by distance, FOLDER" $C route 1 "$n" --by distance --network "$work/road"
median5 "corridor route 1 $n --by distance, SNAPSHOT" $C route 1 "$n" --by distance --network "$work/road.snap"
a="$($C route 1 "$n" --by distance --format json --network "$work/road" 2>&1 | sed "s|$work/road\(\.snap\)*|NET|g")"
b="$($C route 1 "$n" --by distance --format json --network "$work/road.snap" 2>&1 | sed "s|$work/road\(\.snap\)*|NET|g")"
[ "$a" = "$b" ] && echo && echo "route --format json: the same from the folder and from the snapshot" \
  || echo "route --format json DIFFERS between folder and snapshot"
echo
echo; ./build-bench/bench/bench_ch --load "$work/road.snap"   # the snapshot's load alone, and its first use
echo
./build-bench/bench/bench_large "$work/road.gr" "$NQ"
