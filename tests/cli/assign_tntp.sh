#!/usr/bin/env bash
# corridor assign --tntp NET TRIPS:
#   - the hand-solvable fixture tests/fixtures/tntp (two parallel BPR links,
#     capacities 200 and 100, 300 trips: 200 and 100; a cheaper way through
#     zone 3 that must stay empty; 5 intrazonal trips excluded) by every
#     algorithm, in JSON, CSV and table;
#   - Sioux Falls from ../shared (when present): gap 1e-6, the published
#     Beckmann objective 42.31335287107440e5 within 1e-6;
#   - bad files: located errors (FILE:LINE:COLUMN), exit 3, nothing written;
#     a total that does not add up: a warning; options that do not apply.
set -u
BIN="$1"
WRAP="${CORRIDOR_WRAPPER:-}"
HERE="$(cd "$(dirname "$0")" && pwd)"
FIX="$HERE/../fixtures/tntp"
SHARED="$HERE/../../../shared/data/tntp"
command -v jq >/dev/null || { echo "assign_tntp.sh: jq is needed (scripts/setup.sh installs it)"; exit 1; }
T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT
fail=0
check() { # description, jq filter that must print true, file
  if [ "$(jq -r "$2" "$3" 2>/dev/null)" != "true" ]; then echo "FAIL: $1 ($2)"; fail=1; fi
}
expect() { # description, condition
  if ! eval "$2"; then echo "FAIL: $1 ($2)"; sed 's/^/    /' "$T/err" | head -5; fail=1; fi
}
run() { $WRAP "$BIN" "$@"; }

for algo in bush gp bfw cfw fw; do
  run assign --tntp "$FIX/hand_net.tntp" "$FIX/hand_trips.tntp" --algo "$algo" --gap 1e-9 --max-iter 100000 \
      --format json >"$T/$algo.json" 2>"$T/err" || { echo "FAIL: $algo on the fixture"; fail=1; }
  check "$algo: link 1 carries 200" '.links[0].flow - 200 | fabs < 0.01' "$T/$algo.json"
  check "$algo: link 2 carries 100" '.links[1].flow - 100 | fabs < 0.01' "$T/$algo.json"
  check "$algo: no path through zone 3" '.links[2].flow == 0 and .links[3].flow == 0' "$T/$algo.json"
  check "$algo: both at cost 11.5" '(.links[0].cost - 11.5 | fabs < 1e-3) and (.links[1].cost - 11.5 | fabs < 1e-3)' "$T/$algo.json"
  check "$algo: 5 intrazonal trips excluded" '.excluded_intrazonal == 5 and .total_trips == 305' "$T/$algo.json"
  check "$algo: names itself, converged, from/to as in the file" \
    ".algorithm == \"$algo\" and .converged and .rel_gap <= 1e-9 and .links[2].from == 1 and .links[2].to == 3" "$T/$algo.json"
done
# Beckmann: 2 (10 v + 10 * 0.15 * c / 5 * (v/c)^5) at v/c = 1 = 2000 + 60 + 1000 + 30
check "Beckmann objective 3090" '.objective - 3090 | fabs < 1e-3' "$T/bush.json"
expect "the gap is printed as it falls" 'grep -q "iteration 1: relative gap" "$T/err"'

run assign --tntp "$FIX/hand_net.tntp" "$FIX/hand_trips.tntp" --format csv >"$T/out.csv" 2>"$T/err"
expect "CSV: a header and 4 links" '[ "$(head -1 "$T/out.csv")" = "from,to,flow,cost,time,v_c" ] && [ "$(wc -l <"$T/out.csv")" = 5 ]'
run assign --tntp "$FIX/hand_net.tntp" "$FIX/hand_trips.tntp" >"$T/out.txt" 2>"$T/err"
expect "table: the gap, the objective, the excluded trips" 'grep -q "relative gap" "$T/out.txt" && grep -q "Beckmann objective" "$T/out.txt" && grep -q "5 intrazonal" "$T/out.txt"'
run assign --tntp "$FIX/hand_net.tntp" "$FIX/hand_trips.tntp" --algo aon --format json >"$T/aon.json" 2>"$T/err"
check "aon: all 300 on one link, one iteration" '(.links[0].flow + .links[1].flow == 300) and (.links[0].flow * .links[1].flow == 0) and .iterations == 1' "$T/aon.json"

# Sioux Falls
if [ -f "$SHARED/SiouxFalls/SiouxFalls_net.tntp" ]; then
  run assign --tntp "$SHARED/SiouxFalls/SiouxFalls_net.tntp" "$SHARED/SiouxFalls/SiouxFalls_trips.tntp" --gap 1e-6 \
      --format json >"$T/sf.json" 2>"$T/err" || { echo "FAIL: Sioux Falls"; fail=1; }
  check "Sioux Falls: gap 1e-6, objective within 1e-6 of 42.31335287107440e5, 76 links" \
    '.rel_gap <= 1e-6 and ((.objective - 4231335.287107440) | fabs <= 4.2313) and (.links | length == 76)' "$T/sf.json"
else
  echo "assign_tntp.sh: $SHARED absent: Sioux Falls skipped"
fi

# bad files: located, exit 3, nothing written
printf '<NUMBER OF NODES> 3\n<NUMBER OF LINKS> 1\n<END OF METADATA>\n1 4 10 1 1 0.15 4 0 0 1 ;\n' >"$T/bad_net.tntp"
run assign --tntp "$T/bad_net.tntp" "$FIX/hand_trips.tntp" --out "$T/never.json" --format json >/dev/null 2>"$T/err"; rc=$?
expect "bad node: exit 3" '[ $rc = 3 ]'
expect "bad node: FILE:LINE:COLUMN" 'grep -q "bad_net.tntp:4:3: term node must be 1..3" "$T/err"'
expect "bad node: nothing written" '[ ! -e "$T/never.json" ]'
printf '<NUMBER OF ZONES> 3\n<END OF METADATA>\nOrigin 1\n  2 : 4.0;  3 : x;\nOrigin 9\n' >"$T/bad_trips.tntp"
run assign --tntp "$FIX/hand_net.tntp" "$T/bad_trips.tntp" >/dev/null 2>"$T/err"; rc=$?
expect "bad trips: exit 3, each fault located" '[ $rc = 3 ] && grep -q "bad_trips.tntp:4:17: flow must be a number" "$T/err" && grep -q "bad_trips.tntp:5:8: origin must be a zone 1..3" "$T/err"'
run assign --tntp "$T/bad_net.tntp" "$T/bad_trips.tntp" >/dev/null 2>"$T/err"
expect "both files' faults in one run" 'grep -q "bad_net.tntp:4:3" "$T/err" && grep -q "bad_trips.tntp:4:17" "$T/err"'
sed 's/<TOTAL OD FLOW> 305/<TOTAL OD FLOW> 400/' "$FIX/hand_trips.tntp" >"$T/total.tntp"
run assign --tntp "$FIX/hand_net.tntp" "$T/total.tntp" >/dev/null 2>"$T/err"; rc=$?
expect "a total that does not add up: a warning, and the flows assigned" '[ $rc = 0 ] && grep -q "the flows add up to 305, <TOTAL OD FLOW> says 400" "$T/err"'
# options
run assign --tntp "$FIX/hand_net.tntp" "$FIX/hand_trips.tntp" --years 2026-2030 >/dev/null 2>"$T/err"; rc=$?
expect "--years does not apply: exit 2" '[ $rc = 2 ] && grep -q "not an option of assign --tntp" "$T/err"'
run assign --tntp "$FIX/hand_net.tntp" >/dev/null 2>"$T/err"; rc=$?
expect "no trips file: exit 2" '[ $rc = 2 ] && grep -q "expects one TRIPS.tntp" "$T/err"'
run assign --tntp "$FIX/hand_net.tntp" "$FIX/hand_trips.tntp" --format geojson >/dev/null 2>"$T/err"; rc=$?
expect "geojson: exit 2" '[ $rc = 2 ]'
run assign --tntp "$FIX/hand_net.tntp" "$FIX/hand_trips.tntp" --algo nope >/dev/null 2>"$T/err"; rc=$?
expect "unknown algorithm: exit 2" '[ $rc = 2 ] && grep -q "bush or gp" "$T/err"'
[ $fail = 0 ] && echo "assign_tntp.sh: all passed"
exit $fail
