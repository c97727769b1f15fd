#!/usr/bin/env bash
# Run every test: set up, then
#   1. a strict build (-Werror) with the suites run directly and under
#      valgrind memcheck,
#   2. an AddressSanitizer + UBSan build with the suites,
#   3. every fuzz target for a short time (scripts/fuzz.sh; FUZZ_SECONDS,
#      default 8) after replaying its regression inputs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --with-fuzz
echo "== tests: release build (-Werror), direct and under valgrind =="
cmake -S . -B build -DCORRIDOR_WERROR=ON -DCORRIDOR_VALGRIND=ON >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
ctest --test-dir build --output-on-failure -j"$(nproc)"
echo "== tests: ASan + UBSan build =="
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCORRIDOR_WERROR=ON -DCORRIDOR_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$(nproc)" >/dev/null
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  LSAN_OPTIONS=suppressions="$PWD/tests/lsan.supp" \
  ctest --test-dir build-asan --output-on-failure -j"$(nproc)"
echo "== fuzz targets, ${FUZZ_SECONDS:-8} s each =="
bash scripts/fuzz.sh "${FUZZ_SECONDS:-8}"
