#!/usr/bin/env bash
# Traffic assignment benchmark (issue 12; not a test, never run by CI):
# bush (Algorithm B), gp (path-based gradient projection), bfw, cfw and fw
# side by side in one run, each to a relative gap of 1e-6 or a time limit,
# on Sioux Falls (../shared/data/tntp, when present), a synthetic
# Chicago-Sketch-size network (925 nodes, 3,000 links, ~90,000 OD pairs) and
# a synthetic network of 10,600 nodes (bench/gen_tntp.c: grids with zones
# and a gravity trip table -- made-up data, the sizes only are Chicago's).
# Prints Markdown tables (median CPU seconds to gaps 1e-4 and 1e-6, per
# iteration, and the bfw / bush ratios) and draws the convergence chart
# (gap against CPU time, log scales) into docs/img/assign-convergence.png.
#   bench/assign.sh [REPS] [MAX_SECONDS]    defaults: 3, 60
set -euo pipefail
cd "$(dirname "$0")/.."
REPS="${1:-3}"; MAXS="${2:-60}"
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench -j2 --target bench_assign gen_tntp assign_chart >/dev/null
B=./build-bench/bench
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, $(uname -m), load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%d)"
echo
conv="$work/conv.csv"
for d in ../shared/data/tntp /work/shared/data/tntp; do
  if [ -f "$d/SiouxFalls/SiouxFalls_net.tntp" ]; then
    $B/bench_assign "Sioux Falls" "$d/SiouxFalls/SiouxFalls_net.tntp" "$d/SiouxFalls/SiouxFalls_trips.tntp" \
      "$REPS" "$MAXS" "$conv"
    echo; break
  fi
done
$B/gen_tntp 25 300 800 1 "$work/chicago" 2>/dev/null
$B/bench_assign "Chicago-size (synthetic)" "$work/chicago_net.tntp" "$work/chicago_trips.tntp" "$REPS" "$MAXS" "$conv"
echo
$B/gen_tntp 100 600 800 2 "$work/big" 2>/dev/null
$B/bench_assign "10600 nodes (synthetic)" "$work/big_net.tntp" "$work/big_trips.tntp" 1 "$MAXS" "$conv"
mkdir -p docs/img
$B/assign_chart "$conv" docs/img/assign-convergence.png
echo
echo "chart: docs/img/assign-convergence.png"
