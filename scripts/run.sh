#!/usr/bin/env bash
# Quick start: set up, build, and ask the shipped INSTC network for the
# fastest way to move a TEU from Nhava Sheva to Moscow.  With arguments, they
# are passed to `corridor` instead:  scripts/run.sh route JNPT "St Petersburg" --by cost
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ $# -eq 0 ]; then
  set -- route "Nhava Sheva" Moscow
fi
exec ./build/corridor "$@"
