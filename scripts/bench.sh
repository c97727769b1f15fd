#!/usr/bin/env bash
# Benchmarks (not tests): install the peer (igraph), build with
# optimisation, and run bench/ programs.  Report medians and ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --with-bench
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench -j"$(nproc)" >/dev/null
./build-bench/bench/bench_route "$@"
