#!/usr/bin/env bash
# Tables fit 100 columns: for every golden case of tests/cli/golden.sh that
# prints a route or compare table (no --format, or --format table) without
# --wide, every line of its golden output is at most 100 display columns,
# except the command's messages on standard error (lines "corridor: ...", "corridor route: ...")
# and the "exit N" line.  A --wide case must have a longer line (the option
# keeps lines whole).  Needs the goldens only, not the binary.
set -u
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
GOLD="$ROOT/tests/golden"
MAX=100
pass=0; fail=0; wide_seen=0
cases=$(sed -n '/^cases=\$(cat <<EOC$/,/^EOC$/p' "$ROOT/tests/cli/golden.sh" | grep '|')
while IFS='|' read -r name args; do
  case "$args" in route\ *|compare\ *) ;; *) continue ;; esac
  case "$args" in *--format\ table*) ;; *--format*) continue ;; esac
  f="$GOLD/$name.out"
  if [ ! -f "$f" ]; then echo "FAIL $name: no golden file"; fail=$((fail+1)); continue; fi
  # the longest line a table wrote (display columns, multibyte names count once)
  longest=$(grep -v -e '^corridor[ :]' -e '^exit [0-9]*$' "$f" | LC_ALL=C.UTF-8 wc -L)
  case "$args" in
    *--wide*)
      wide_seen=1
      if [ "$longest" -gt "$MAX" ]; then pass=$((pass+1)); else
        echo "FAIL $name: --wide but no line is longer than $MAX columns"; fail=$((fail+1)); fi ;;
    *)
      if [ "$longest" -le "$MAX" ]; then pass=$((pass+1)); else
        echo "FAIL $name: a line of $longest columns:"
        grep -v -e '^corridor[ :]' -e '^exit [0-9]*$' "$f" | while IFS= read -r l; do
          [ "$(printf '%s' "$l" | LC_ALL=C.UTF-8 wc -L)" -gt "$MAX" ] && printf '  %s\n' "$l"
        done
        fail=$((fail+1))
      fi ;;
  esac
done <<< "$cases"
if [ "$wide_seen" = 0 ]; then echo "FAIL: no --wide case among the goldens"; fail=$((fail+1)); fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 10 ]
