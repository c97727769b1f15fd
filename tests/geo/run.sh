#!/usr/bin/env bash
# run.sh -- the sea-lane check as ctest tests (tests/CMakeLists.txt).
#
#   bash tests/geo/run.sh shipped [NETWORK]   every lane of NETWORK (default
#                                             data/instc) is at sea
#   bash tests/geo/run.sh catches-land        the checker fails on
#                                             tests/geo/fixtures/land, a lane
#                                             across Arabia and a waypoint in
#                                             the Sahara, and says so
#
# Exits 77 (ctest's SKIP_RETURN_CODE) with a message when node (18 or later)
# or tests/geo/node_modules is missing: `bash scripts/setup.sh` installs
# nodejs and npm and runs `npm ci` here.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)

if ! command -v node >/dev/null 2>&1; then
  echo "SKIP: node is not installed; bash scripts/setup.sh installs nodejs and npm (Debian)"
  exit 77
fi
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "${major:-0}" -lt 18 ]; then
  echo "SKIP: node $(node --version 2>/dev/null) is older than 18"
  exit 77
fi
for m in csv-parse d3-geo topojson-client world-atlas; do
  if [ ! -f "$here/node_modules/$m/package.json" ]; then
    echo "SKIP: tests/geo/node_modules/$m is missing; run 'npm ci' in tests/geo (bash scripts/setup.sh does)"
    exit 77
  fi
done

case "${1:-}" in
  shipped)
    exec node "$here/lanes_on_sea.mjs" "${2:-$here/../../data/instc}"
    ;;
  catches-land)
    out=$(node "$here/lanes_on_sea.mjs" "$here/fixtures/land")
    rc=$?
    echo "$out"
    fail=0
    [ "$rc" -eq 1 ] || { echo "expected exit 1, got $rc"; fail=1; }
    for want in "FAIL lane JED - MCT " "FAIL waypoint WP-SAHARA is on land" "2 passed, 2 failed, 1 skipped"; do
      grep -qF -- "$want" <<<"$out" || { echo "missing from the output: $want"; fail=1; }
    done
    # a missing network is an input error (exit 2), not a pass
    node "$here/lanes_on_sea.mjs" "$here/fixtures/no-such-network" >/dev/null 2>&1
    rc=$?
    [ "$rc" -eq 2 ] || { echo "a missing network: expected exit 2, got $rc"; fail=1; }
    [ "$fail" -eq 0 ] && echo "ok: the checker reports the lane and the waypoint on land"
    exit "$fail"
    ;;
  *)
    echo "usage: bash tests/geo/run.sh shipped [NETWORK] | catches-land" >&2
    exit 2
    ;;
esac
