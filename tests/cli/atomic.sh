#!/usr/bin/env bash
# Outputs are never half-written: corridor writes a temporary file in the
# target's folder and renames it into place.  The process is killed while
# writing, two ways:
#   1. by the kernel: with a file-size limit (ulimit -f 2, 2 KiB) the write
#      of a larger output raises SIGXFSZ in the middle of the temporary file;
#   2. by SIGKILL at random moments during 40 runs.
# After each kill the target must hold the old content or the complete new
# one, never a torn file.
set -u
BIN="$1"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
INSTC="$ROOT/data/instc"
DIR="$(mktemp -d)"
# only the script's own shell cleans up: a child killed before it execs must not
MAINPID=$BASHPID
trap '[ "$BASHPID" = "$MAINPID" ] && rm -rf "$DIR"' EXIT
pass=0; fail=0
ok() { pass=$((pass+1)); }
ko() { fail=$((fail+1)); echo "FAIL $*"; }
ARGS=(route "Nhava Sheva" Moscow --network "$INSTC" --year 2026 --pareto --format geojson)
"$BIN" "${ARGS[@]}" > "$DIR/reference.json" || { echo "cannot make the reference output"; exit 1; }
size=$(stat -c %s "$DIR/reference.json")
[ "$size" -gt 8192 ] && ok || ko "reference output too small ($size bytes) to be cut"

# 1. SIGXFSZ in the middle of the write (the shell's "File size limit
#    exceeded" notices are expected; stderr is quiet for this part)
exec 3>&2 2>/dev/null
for fmt in geojson json csv; do
  echo "old content" > "$DIR/out.$fmt"
  ( ulimit -f 2; exec "$BIN" route "Nhava Sheva" Moscow --network "$INSTC" --year 2026 --pareto \
      --format $fmt --out "$DIR/out.$fmt" ) 2>/dev/null &
  wait $!
  rc=$?
  [ $rc -ne 0 ] && ok || ko "$fmt: the write was not cut (exit $rc)"
  [ "$(cat "$DIR/out.$fmt")" = "old content" ] && ok || ko "$fmt: target changed after the cut write"
done
( ulimit -f 2; exec "$BIN" tcd "Nhava Sheva" Moscow --network "$INSTC" --year 2026 --compare \
    --out "$DIR/chart.svg" ) 2>/dev/null &
wait $!
[ ! -e "$DIR/chart.svg" ] && ok || ko "a cut chart was left at the target"
exec 2>&3 3>&-

# 2. SIGKILL at random moments
echo "old content" > "$DIR/k.json"
torn=0; newer=0; older=0
for i in $(seq 1 40); do
  "$BIN" "${ARGS[@]}" --out "$DIR/k.json" &
  pid=$!
  sleep "0.00$((RANDOM % 10))$((RANDOM % 10))"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  if [ "$(cat "$DIR/k.json")" = "old content" ]; then older=$((older+1))
  elif cmp -s "$DIR/k.json" "$DIR/reference.json"; then newer=$((newer+1)); echo "old content" > "$DIR/k.json"
  else torn=$((torn+1)); echo "old content" > "$DIR/k.json"; fi
done
echo "  40 kills: $older left the old file, $newer the complete new one, $torn torn"
[ $torn -eq 0 ] && ok || ko "$torn torn files"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
