#!/usr/bin/env bash
# The model beside published trips: `corridor calibrate` on the shipped
# network must pass (every trip inside its band, or outside for its stated
# known gap), and the README's table must be the one it prints today
# (scripts/readme-examples.sh regenerates it).
set -euo pipefail
BIN=$1
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
out=$(mktemp)
trap 'rm -f "$out"' EXIT
status=0
"$BIN" calibrate --network "$ROOT/data/instc" --format md >"$out" || status=$?
if [ "$status" -ne 0 ]; then
  cat "$out"
  echo "FAIL: corridor calibrate exited $status: a trip left its band (or came back with a known gap)" >&2
  exit 1
fi
readme=$(mktemp)
trap 'rm -f "$out" "$readme"' EXIT
sed -n '/<!-- calibrate:begin/,/<!-- calibrate:end -->/p' "$ROOT/README.md" | sed '1d;$d' >"$readme"
if ! grep -q '<!-- calibrate:begin' "$ROOT/README.md"; then
  echo "FAIL: README.md has no calibrate:begin/end markers" >&2
  exit 1
fi
if ! diff -u "$readme" "$out"; then
  echo "FAIL: the README calibration table is stale: run bash scripts/readme-examples.sh" >&2
  exit 1
fi
echo "ok: every trip in its band or in its stated gap; README table current ($(grep -c '^| ' "$out") rows)"
