#!/usr/bin/env bash
# Build the libFuzzer targets (clang, ASan + UBSan) and run each for
# SECONDS (default 10) on a copy of its seed corpus, after replaying its
# regression inputs, FUZZ_JOBS (default: the cores) targets at a time.
# Exit non-zero if any target finds a crash.
#   scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
SECS="${1:-10}"; shift || true
bash scripts/setup.sh --with-fuzz
CC=clang cmake -S . -B build-fuzz -DCORRIDOR_FUZZ=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-fuzz -j"$(nproc)" >/dev/null
targets="$*"
[ -z "$targets" ] && targets="$(cd fuzz && ls fuzz_*.c | sed 's/^fuzz_//; s/\.c$//')"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions="$PWD/tests/lsan.supp"
# one target: replay its regressions, then fuzz; its result line in $work/$t.result, "FAILED" in it on failure
run_one() {
  local t="$1" bin="build-fuzz/fuzz_$1" out
  mkdir -p "$work/$t"
  [ -d "fuzz/corpus/$t" ] && cp -r "fuzz/corpus/$t/." "$work/$t/"
  out="$work/$t.result"
  : >"$out"
  if [ -d "fuzz/regressions/$t" ] && [ -n "$(ls -A "fuzz/regressions/$t")" ]; then
    "$bin" "fuzz/regressions/$t"/* >"$work/$t.reg.log" 2>&1 || { echo "fuzz $t: a regression input fails (FAILED)"; tail -30 "$work/$t.reg.log"; } >>"$out"
  fi
  # sanitizer reports go to a file too: the cli target silences stderr while the tool runs
  if ASAN_OPTIONS="$ASAN_OPTIONS:log_path=$work/$t.san" UBSAN_OPTIONS="$UBSAN_OPTIONS:log_path=$work/$t.san" \
       "$bin" -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$work/$t-" "$work/$t" \
       >"$work/$t.log" 2>&1; then
    echo "fuzz $t: ok, $(grep -o 'Done [0-9]* runs' "$work/$t.log" | tail -1 | sed 's/Done //'), $(grep -o 'cov: [0-9]*' "$work/$t.log" | tail -1)" >>"$out"
  else
    { echo "fuzz $t: FAILED"; tail -20 "$work/$t.log"; cat "$work/$t".san* 2>/dev/null | head -40; } >>"$out"
    ls "$work"/"$t"-* 2>/dev/null | while read -r a; do echo "  artifact: $a" >>"$out"; mkdir -p "fuzz/regressions/$t"; cp "$a" "fuzz/regressions/$t/"; done
  fi
}
# the targets run JOBS at a time (default: the cores), each for SECS seconds of wall time
JOBS="${FUZZ_JOBS:-$(nproc)}"
for t in $targets; do
  run_one "$t" &
  while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n || true; done
done
wait
status=0
passed=0; failed=0
for t in $targets; do
  cat "$work/$t.result"
  if grep -q FAILED "$work/$t.result"; then status=1; failed=$((failed+1)); else passed=$((passed+1)); fi
done
echo "fuzz: $passed passed, $failed failed"
exit $status
