#!/usr/bin/env bash
# Customizable contraction hierarchies (issue 13's stretch; not a test,
# never run by CI): bench/bench_cch.c on rome99 (../shared/data, skipped
# with a message when absent) and on gen_road graphs of SIDE x SIDE nodes
# (bench/gen_road.c): the metric-independent preprocessing once, a
# customization for distance and for generalized cost at two values of
# time, then the same random pairs by Dijkstra, the CCH and (by distance)
# the CH query, every answer compared; Markdown tables.  Builds with -O3
# in build-bench.
#   bench/cch.sh [QUERIES] [SIDE...]     defaults: 1000, 300
#   (a side of 1000, a million nodes, adds `noch`: the CH contraction
#   alone takes 5-10 minutes there)
set -euo pipefail
cd "$(dirname "$0")/.."
NQ="${1:-1000}"; shift || true
SIDES="${*:-300}"
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench -j2 --target bench_cch gen_road >/dev/null
B=./build-bench/bench
echo "machine: $(nproc) cores, $(uname -m); $(date -u +%Y-%m-%d)"
echo
ROME=""
for d in ../shared/data /work/shared/data; do
  if [ -f "$d/graphs/rome99.gr" ]; then ROME="$d/graphs/rome99.gr"; break; fi
done
if [ -n "$ROME" ]; then "$B/bench_cch" "$ROME" "$NQ"; echo; else echo "rome99.gr not found under ../shared/data: skipped"; echo; fi
work="$(mktemp -d /tmp/corridor-cch-bench-XXXXXX)"
trap 'rm -rf "$work"' EXIT
for s in $SIDES; do
  "$B/gen_road" "$s" "$s" "$work/road$s" >/dev/null
  extra=""; [ "$s" -ge 1000 ] && extra="noch"
  "$B/bench_cch" "$work/road$s.gr" "$NQ" $extra
  echo
done
