#!/usr/bin/env bash
# Large-network benchmark (issue 13; not a test): plain Dijkstra (the
# router's and on the node graph), bidirectional Dijkstra, CH and igraph's
# Dijkstra on the same random pairs, with a 100 x 100 matrix and the
# preprocessing times, on rome99 (../shared/data, when present) and a
# generated road-like grid.  Installs igraph (scripts/setup.sh
# --with-bench), builds with -O3 in build-bench, prints Markdown tables.
#   bench/large.sh [GRID_SIDE] [QUERIES]      defaults: 300 (90,000 nodes), 1000
set -euo pipefail
cd "$(dirname "$0")/.."
SIDE="${1:-300}"; NQ="${2:-1000}"
bash scripts/setup.sh --with-bench
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench -j"$(nproc)" --target bench_large >/dev/null
echo "machine: $(nproc) cores, $(uname -m); $(date -u +%Y-%m-%d)"
echo
for d in ../shared/data /work/shared/data; do
  if [ -f "$d/graphs/rome99.gr" ]; then ./build-bench/bench/bench_large "$d/graphs/rome99.gr" "$NQ"; echo; break; fi
done
./build-bench/bench/bench_large "grid:$SIDE:$SIDE" "$NQ"
