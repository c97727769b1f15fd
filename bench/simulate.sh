#!/usr/bin/env bash
# Monte Carlo benchmark (issue 11; not a test, never run by CI): whole-route
# draws per second on the INSTC western route (Nhava Sheva -> Chabahar ->
# Astara -> Moscow, the best by time on the shipped network), a draw being
# one sample of the whole route's transit time (every dwell, wait and
# running time drawn and summed).  corridor's cor_simulate at 1 thread and
# at THREADS, a naive GSL loop over the same steps, and numpy drawing the
# same plan vectorised per step (Debian's python3-numpy, so /usr/bin/python3); per core = runs over CPU seconds (all
# threads), medians of REPS.  Builds with -O3 in build-bench; installs numpy
# (scripts/setup.sh --with-bench).
#   bench/simulate.sh [RUNS] [THREADS] [REPS]   defaults: 2000000, 2, 5
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-2000000}"; THREADS="${2:-2}"; REPS="${3:-5}"
bash scripts/setup.sh --with-bench >/dev/null
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench -j2 --target bench_simulate >/dev/null
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, $(uname -m), load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%d)"
echo "runs: $RUNS per timing, median of $REPS"
./build-bench/bench/bench_simulate data/instc "Nhava Sheva" Moscow "$RUNS" "$THREADS" "$REPS" "$work/plan.txt" \
  | tee "$work/out"
/usr/bin/python3 bench/simulate_numpy.py "$work/plan.txt" "$RUNS" "$REPS" > "$work/np"
grep numpy "$work/np"
# the ratio to numpy, per core
c1=$(awk -F'|' '/corridor, 1 thread/ {gsub(/[ M]/, "", $3); print $3}' "$work/out")
np=$(awk -F'|' '/numpy/ {gsub(/[ M]/, "", $3); print $3}' "$work/np")
awk -v a="$c1" -v b="$np" 'BEGIN { printf "corridor / numpy per core: x%.2f\n", a / b }'
