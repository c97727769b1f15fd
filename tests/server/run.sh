#!/usr/bin/env bash
# Run a node check of corridor serve: run.sh openapi|browser CORRIDOR_BINARY
# Exit 77 (skipped) with a message when node or the npm packages
# (tests/server/node_modules, web/node_modules: scripts/setup.sh installs
# them from the lockfiles) or, for the browser, Chromium are missing.
set -u
what=${1:?usage: run.sh openapi|browser CORRIDOR_BINARY}
bin=${2:?usage: run.sh openapi|browser CORRIDOR_BINARY}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
command -v node >/dev/null || { echo "skipped: node is not installed (scripts/setup.sh)"; exit 77; }
[ -d "$here/node_modules/ajv" ] || { echo "skipped: no tests/server/node_modules (scripts/setup.sh runs npm ci)"; exit 77; }
if [ "$what" = browser ]; then
  [ -d "$root/web/node_modules/leaflet" ] || { echo "skipped: no web/node_modules (scripts/setup.sh runs npm ci)"; exit 77; }
  command -v chromium >/dev/null || [ -x "${CHROMIUM:-/usr/bin/chromium}" ] ||
    { echo "skipped: no chromium (scripts/setup.sh --with-browser installs it)"; exit 77; }
fi
exec node "$here/$what.mjs" "$bin" "$root/web"
