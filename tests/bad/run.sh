#!/usr/bin/env bash
# The catalogue of bad inputs: each folder here is one case.  The hand-drawn
# network tests/fixtures/hand is copied to a temporary folder, the case's
# CSV files replace the fixture's, its gen.sh (if any) runs there, and
# `corridor validate` (or the command in `cmd`, with $NET for the folder)
# must exit with the code in `expect` and print every `stderr` line of
# `expect` ($NET replaced) on standard error.  A crash or hang fails.
set -u
BIN="$1"
# CORRIDOR_WRAPPER (e.g. valgrind and its options) runs before the binary
WRAP="${CORRIDOR_WRAPPER:-}"
HERE="$(cd "$(dirname "$0")" && pwd)"
BASE="$HERE/../fixtures/hand"
pass=0; fail=0
for case in "$HERE"/*/; do
  name="$(basename "$case")"
  NET="$(mktemp -d)"
  cp "$BASE"/*.csv "$NET"/
  for f in "$case"*.csv "$case"*.json; do [ -e "$f" ] && cp "$f" "$NET"/; done
  if [ -f "$case/gen.sh" ]; then (cd "$NET" && bash "$case/gen.sh"); fi
  if [ -f "$case/cmd" ]; then
    cmd="$(sed "s#\$NET#$NET#g" "$case/cmd")"
  else
    cmd="validate $NET"
  fi
  eval "set -- $cmd"
  timeout 120 $WRAP "$BIN" "$@" >"$NET.out" 2>"$NET.err"
  rc=$?
  want_rc="$(sed -n 's/^exit //p' "$case/expect")"
  ok=1
  if [ "$rc" != "$want_rc" ]; then
    echo "FAIL $name: exit $rc, expected $want_rc"; ok=0
  fi
  while IFS= read -r line; do
    want="${line#stderr }"
    want="${want//\$NET/$NET}"
    if ! grep -qF -- "$want" "$NET.err"; then
      echo "FAIL $name: stderr lacks: $want"; ok=0
    fi
  done < <(grep '^stderr ' "$case/expect")
  while IFS= read -r line; do
    want="${line#stdout }"
    if ! grep -qF -- "$want" "$NET.out"; then
      echo "FAIL $name: stdout lacks: $want"; ok=0
    fi
  done < <(grep '^stdout ' "$case/expect")
  if [ $ok = 1 ]; then pass=$((pass+1)); else fail=$((fail+1)); sed 's/^/    /' "$NET.err" | head -5; fi
  rm -rf "$NET" "$NET.out" "$NET.err"
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
