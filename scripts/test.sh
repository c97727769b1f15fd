#!/usr/bin/env bash
# Run every test: set up, then build twice (strict warnings with -Werror;
# AddressSanitizer + UBSan) and run the whole suite (ctest) on each build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "== tests: release build (-Werror) =="
ctest --test-dir build --output-on-failure -j"$(nproc)"
echo "== tests: ASan + UBSan build =="
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCORRIDOR_WERROR=ON -DCORRIDOR_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$(nproc)" >/dev/null
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  LSAN_OPTIONS=suppressions="$PWD/tests/lsan.supp" \
  ctest --test-dir build-asan --output-on-failure -j"$(nproc)"
