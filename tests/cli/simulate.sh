#!/usr/bin/env bash
# corridor simulate and --depart on the shipped network: the same output at
# 1, 2 and 4 threads (byte for byte), another seed gives another output, a
# histogram in each format, the seasons close a service for routing in
# their months only, bad options and bad reliability files refused with
# the option's name or FILE:LINE:COLUMN, and nothing written then.
set -u
BIN="$1"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
INSTC="$ROOT/data/instc"
DIR="$(mktemp -d)"
trap 'rm -rf "$DIR"' EXIT
pass=0; fail=0
ok() { pass=$((pass+1)); }
ko() { fail=$((fail+1)); echo "FAIL $*"; }
C=("$BIN" simulate "Nhava Sheva" Moscow --network "$INSTC" --year 2026)

# the same seed: the same bytes at any thread count (table, json, csv)
for fmt in table json csv; do
  "${C[@]}" --compare --runs 3000 --seed 9 --format $fmt --threads 1 > "$DIR/t1.$fmt" 2>/dev/null
  for th in 2 4; do
    "${C[@]}" --compare --runs 3000 --seed 9 --format $fmt --threads $th > "$DIR/t$th.$fmt" 2>/dev/null
    cmp -s "$DIR/t1.$fmt" "$DIR/t$th.$fmt" && ok || ko "$fmt: --threads $th differs from --threads 1"
  done
done
[ -s "$DIR/t1.json" ] && ok || ko "no json output"
"${C[@]}" --compare --runs 3000 --seed 10 --format json > "$DIR/s10.json" 2>/dev/null
cmp -s "$DIR/t1.json" "$DIR/s10.json" && ko "another seed gives the same output" || ok
# the figures hang together: P50 <= P80 <= P95, mean near the plan
python3 - "$DIR/t1.json" <<'PY' && ok || ko "json figures out of order"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["kind"] == "simulate" and j["runs"] == 3000 and len(j["routes"]) >= 3
for r in j["routes"]:
    assert r["min_days"] <= r["p50_days"] <= r["p80_days"] <= r["p95_days"] <= r["max_days"], r
    assert abs(r["mean_days"] - r["planned_days"]) < 4 * r["sd_days"] / 3000 ** 0.5 + 0.05 * r["planned_days"], r
PY
# a deadline: the share on time is between 0 and 1, and larger for a later deadline
col() { python3 -c 'import csv, sys; r = list(csv.DictReader(sys.stdin)); print(r[0][sys.argv[1]])' "$1"; }
a=$("${C[@]}" --runs 2000 --deadline 20 --format csv 2>/dev/null | col p_deadline)
b=$("${C[@]}" --runs 2000 --deadline 40 --format csv 2>/dev/null | col p_deadline)
awk -v a="$a" -v b="$b" 'BEGIN { exit !(a >= 0 && a < b && b <= 1) }' && ok || ko "p_deadline $a (20 d) vs $b (40 d)"

# histograms
for ext in svg png pdf; do
  "${C[@]}" --runs 2000 --deadline 30 --out "$DIR/h.$ext" > /dev/null 2>&1 && [ -s "$DIR/h.$ext" ] && ok || ko "histogram .$ext"
done
head -c 5 "$DIR/h.svg" | grep -q '<?xml\|<svg' && ok || ko "svg is not SVG"
head -c 8 "$DIR/h.png" | grep -q PNG && ok || ko "png is not PNG"
head -c 5 "$DIR/h.pdf" | grep -q '%PDF' && ok || ko "pdf is not PDF"

# seasons close a service for routing: Astrakhan -> Anzali by feeder in June, not in January
"$BIN" route Astrakhan "Bandar-e Anzali" --network "$INSTC" --modes feeder --depart 2027-06-10 > /dev/null 2>&1 \
  && ok || ko "Astrakhan-Anzali by feeder in June"
"$BIN" route Astrakhan "Bandar-e Anzali" --network "$INSTC" --modes feeder --depart 2027-01-10 > /dev/null 2> "$DIR/err"
[ $? -eq 1 ] && grep -q -- "--depart" "$DIR/err" && ok || ko "Astrakhan-Anzali by feeder in January: $(cat "$DIR/err")"
# and slow what they slow: the Caspian corridor in January takes longer on average than in June
jan=$("${C[@]}" --compare --runs 4000 --depart 2027-01-15 --format csv 2>/dev/null | awk -F, '$2 ~ /Caspian/ {print $7}')
jun=$("${C[@]}" --compare --runs 4000 --depart 2027-06-15 --format csv 2>/dev/null | awk -F, '$2 ~ /Caspian/ {print $7}')
awk -v a="$jan" -v b="$jun" 'BEGIN { exit !(a > b + 0.2) }' && ok || ko "Caspian in January ($jan d) not slower than in June ($jun d)"

# the calendar runs along the trip: leaving on 1 December the Caspian corridor
# reaches Makhachkala before its January queues, leaving on 20 December in them
d1=$("${C[@]}" --compare --runs 4000 --depart 2027-12-01 --format csv 2>/dev/null | awk -F, '$2 ~ /Caspian/ {print $7}')
d20=$("${C[@]}" --compare --runs 4000 --depart 2027-12-20 --format csv 2>/dev/null | awk -F, '$2 ~ /Caspian/ {print $7}')
awk -v a="$d20" -v b="$d1" 'BEGIN { exit !(a > b + 0.2) }' && ok || ko "Caspian leaving 20 Dec ($d20 d) not slower than leaving 1 Dec ($d1 d)"

# bad options: exit 2, the option named, no output file
bad() {
  local want="$1"; shift
  rm -f "$DIR/none.svg"
  "${C[@]}" "$@" --out "$DIR/none.svg" > /dev/null 2> "$DIR/err"
  local rc=$?
  [ $rc -eq 2 ] && grep -q -- "$want" "$DIR/err" && [ ! -e "$DIR/none.svg" ] && ok || ko "$* -> exit $rc: $(cat "$DIR/err")"
}
bad "--runs" --runs 0
bad "--runs" --runs 1e9
bad "--runs" --runs 2.5
bad "--threads" --threads 0
bad "--seed" --seed -1
bad "--deadline" --deadline abc
bad "--depart" --depart 2027-02-30
bad "--depart" --depart 2027-13
bad "--depart" --depart tomorrow
bad "--format" --format geojson
bad "--compare" --compare --pareto
"$BIN" route "Nhava Sheva" Moscow --network "$INSTC" --runs 10 > /dev/null 2> "$DIR/err"
[ $? -eq 2 ] && grep -q "is for simulate" "$DIR/err" && ok || ko "route --runs accepted"
"${C[@]}" --out "$DIR/h.txt" > /dev/null 2> "$DIR/err"
[ $? -eq 2 ] && grep -q "svg, .png or .pdf" "$DIR/err" && ok || ko "--out .txt accepted"

# bad reliability files: FILE:LINE:COLUMN, exit 3
mk() { rm -rf "$DIR/net"; cp -r "$INSTC" "$DIR/net"; }
badfile() {
  local file="$1" want="$2"
  "$BIN" simulate "Nhava Sheva" Moscow --network "$DIR/net" --runs 10 > /dev/null 2> "$DIR/err"
  local rc=$?
  [ $rc -eq 3 ] && grep -q -- "$want" "$DIR/err" && ok || ko "$file: exit $rc, wanted '$want': $(cat "$DIR/err")"
}
mk; printf 'target,months,effect,factor,extra_hours,extra_p95_hours,name,source\nlink:NOPE,1,closed,,,,x,y\n' > "$DIR/net/seasons.csv"
badfile seasons.csv "seasons.csv:2:1: target: no link 'link:NOPE'"
mk; printf 'target,months,effect,factor,extra_hours,extra_p95_hours,name,source\nnode:RUMOW,13,closed,,,,x,y\n' > "$DIR/net/seasons.csv"
badfile seasons.csv "seasons.csv:2:12: months"
mk; printf 'target,months,effect,factor,extra_hours,extra_p95_hours,name,source\nnode:RUMOW,1-2,slowed,0.5,,,x,y\n' > "$DIR/net/seasons.csv"
badfile seasons.csv "seasons.csv:2:23: factor"
mk; printf 'target,months,effect,factor,extra_hours,extra_p95_hours,name,source\nnode:RUMOW,1-2,frozen,,,,x,y\n' > "$DIR/net/seasons.csv"
badfile seasons.csv "seasons.csv:2:16: effect"
mk; printf 'target,months,effect,name\nnode:RUMOW,1,closed,x\n' > "$DIR/net/seasons.csv"
badfile seasons.csv "missing column 'source'"
mk; printf 'target,distribution,cv,min,mode,max,values,source\nmode:rail,lognormal,,,,,,x\n' > "$DIR/net/variability.csv"
badfile variability.csv "variability.csv:2:11: distribution lognormal needs cv"
mk; printf 'target,distribution,cv,min,mode,max,values,source\nmode:rail,triangular,,1,0.5,2,,x\n' > "$DIR/net/variability.csv"
badfile variability.csv "variability.csv:2:"
mk; printf 'target,distribution,cv,min,mode,max,values,source\nmode:hovercraft,normal,0.1,,,,,x\n' > "$DIR/net/variability.csv"
badfile variability.csv "unknown mode"
mk; printf 'target,distribution,cv,min,mode,max,values,source\nstop:port,empirical,,,,,1|x|2,x\n' > "$DIR/net/variability.csv"
badfile variability.csv "variability.csv:2:25: values"
# route reads them too: a bad seasons file is bad data for every command
mk; printf 'target,months,effect,factor,extra_hours,extra_p95_hours,name,source\nlink:NOPE,1,closed,,,,x,y\n' > "$DIR/net/seasons.csv"
"$BIN" route "Nhava Sheva" Moscow --network "$DIR/net" > /dev/null 2>&1
[ $? -eq 3 ] && ok || ko "route with a bad seasons.csv"
# --by p95: a route, its choice explained; refused where it means nothing
"$BIN" route "Nhava Sheva" Moscow --network "$INSTC" --year 2026 --by p95 --format json > "$DIR/p95.json" 2> "$DIR/err"
[ $? -eq 0 ] && grep -q "lowest P95" "$DIR/err" && python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); t=j["totals"]; assert t["days_p50"] <= t["days_p95"]; assert j["objective"] == "p95", j["objective"]' "$DIR/p95.json" \
  && "$BIN" route "Nhava Sheva" Moscow --network "$INSTC" --year 2026 --by p95 2>/dev/null | grep -q "^Best by p95;" \
  && ok || ko "route --by p95: $(cat "$DIR/err")"
"$BIN" compare "Nhava Sheva" Moscow --network "$INSTC" --by p95 > /dev/null 2> "$DIR/err"
[ $? -eq 2 ] && grep -q "is for route" "$DIR/err" && ok || ko "compare --by p95 accepted"
"$BIN" route "Nhava Sheva" Moscow --network "$INSTC" --by p95 --pareto > /dev/null 2> "$DIR/err"
[ $? -eq 2 ] && grep -q "does not combine" "$DIR/err" && ok || ko "route --by p95 --pareto accepted"
# ranges beside the mean: route and compare, table and JSON
"$BIN" route "Nhava Sheva" Moscow --network "$INSTC" --year 2026 2>/dev/null | grep -q "^Transit time P50 [0-9.]* days, P95 [0-9.]* days" \
  && ok || ko "route table without its range"
"$BIN" compare "Nhava Sheva" Moscow --network "$INSTC" --year 2026 2>/dev/null | grep -q "P50-P95" && ok || ko "compare table without ranges"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
