#!/usr/bin/env bash
# corridor assign DEMAND on the hand-solvable fixture tests/fixtures/assign:
#   - two one-way lines A->B, W (10 h) and E (20 h), t = t0 (1 + v/100),
#     300 TEU at 24 USD/TEU-day (1 USD an hour): equilibrium
#     10 (1 + v/100) = 20 (1 + (300 - v)/100)  =>  W 233.33, E 66.67 TEU;
#   - one line C->D, capacity 1000 TEU, 8,400 t (700 TEU at 12 t/TEU)
#     growing 10 % a year from 2026: first year with 700 x 1.1^n > 1000 is
#     n = 4 (1.1^3 = 1.331 -> 932; 1.1^4 = 1.4641 -> 1025): 2030.
# Then the shipped INSTC demand: JSON, CSV and GeoJSON parse and carry what
# they should, and the Rasht-Astara scenario draws traffic onto the line.
set -u
BIN="$1"
WRAP="${CORRIDOR_WRAPPER:-}"
HERE="$(cd "$(dirname "$0")" && pwd)"
FIX="$HERE/../fixtures/assign"
DATA="$HERE/../../data/instc"
command -v jq >/dev/null || { echo "assign.sh: jq is needed (scripts/setup.sh installs it)"; exit 1; }
T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT
fail=0
check() { # description, jq filter that must print true, file
  if [ "$(jq -r "$2" "$3" 2>/dev/null)" != "true" ]; then echo "FAIL: $1 ($2)"; fail=1; fi
}
run() { $WRAP "$BIN" "$@"; }

run assign "$FIX/demand.csv" --network "$FIX" --year 2026 --gap 1e-9 --format json >"$T/one.json" || { echo "FAIL: fixture assign"; fail=1; }
check "W carries 233.33 TEU" '[.runs[0].assets[] | select(.id=="W")][0].volume_teu | (. - 233.3333) | fabs < 0.01' "$T/one.json"
check "E carries 66.67 TEU" '[.runs[0].assets[] | select(.id=="E")][0].volume_teu | (. - 66.6667) | fabs < 0.01' "$T/one.json"
check "equal times at equilibrium (W 33.33 h = E 33.33 h)" '[.runs[0].assets[] | select(.id=="W" or .id=="E") | .free_flow_hours + .delay_hours] | (.[0] - .[1]) | fabs < 0.01' "$T/one.json"
check "corridor West = W's flow, share of 1000 TEU" '[.runs[0].corridors[] | select(.name=="West")][0] | (.teu - 233.3333 | fabs < 0.01) and (.share - 0.2333 | fabs < 0.001)' "$T/one.json"
check "corridor East" '[.runs[0].corridors[] | select(.name=="East")][0].teu | (. - 66.6667) | fabs < 0.01' "$T/one.json"
check "other = C->D's 700 TEU (8,400 t at 12 t/TEU)" '[.runs[0].corridors[] | select(.name=="other")][0].teu | (. - 700) | fabs < 0.01' "$T/one.json"
check "W v/c 2.33 and 133 TEU over capacity" '[.runs[0].assets[] | select(.id=="W")][0] | (.vc - 2.3333 | fabs < 0.001) and (.over_capacity_teu - 133.333 | fabs < 0.01)' "$T/one.json"

run assign "$FIX/demand.csv" --network "$FIX" --years 2026-2035 --growth 0.1 --gap 1e-9 --format json >"$T/years.json" || { echo "FAIL: fixture years"; fail=1; }
check "ten runs" '.runs | length == 10' "$T/years.json"
check "S first over capacity in 2030 (700 x 1.1^4 > 1000)" '[.runs[0].assets[] | select(.id=="S")][0].first_year_over_capacity == 2030' "$T/years.json"
check "S in 2029 at 700 x 1.1^3 = 931.7" '[.runs[] | select(.year==2029) | .assets[] | select(.id=="S")][0].volume_teu | (. - 931.7) | fabs < 0.01' "$T/years.json"
check "W over capacity from 2026" '[.runs[0].assets[] | select(.id=="W")][0].first_year_over_capacity == 2026' "$T/years.json"
echo "A,B,,0.2,test" | cat <(echo "origin,destination,class,growth,source") - >"$T/growth.csv"
run assign "$FIX/demand.csv" --network "$FIX" --years 2026-2027 --growth-file "$T/growth.csv" --format json >"$T/gf.json" || { echo "FAIL: growth file"; fail=1; }
check "growth file: A->B grows 20 %, C->D not at all" '[.runs[1].demand_teu] | .[0] - (300*1.2 + 700) | fabs < 0.01' "$T/gf.json"

run assign "$FIX/demand.csv" --network "$FIX" --years 2026-2027 --growth 0.1 --format csv >"$T/one.csv" || { echo "FAIL: csv"; fail=1; }
if [ "$(head -1 "$T/one.csv")" != "scenario,year,asset,type,kind,name,capacity_teu_per_year,background_teu,volume_teu,vc,delay_hours,over_capacity_teu,vdf,first_year_over_capacity" ]; then echo "FAIL: csv header"; fail=1; fi
if [ "$(grep -c '^"base",2027,"S",link,rail' "$T/one.csv")" != 1 ]; then echo "FAIL: csv row of S in 2027"; fail=1; fi
if ! awk -F, 'NR>1 && NF!=14 {exit 1}' "$T/one.csv"; then echo "FAIL: csv rows of 14 fields"; fail=1; fi

# logit corridor choice: 0.01 TEU A->B leaves both lines at free flow (W
# 10 h, E 20 h at 1 USD an hour), so with theta 0.1 W takes
# 1 / (1 + e^-1) = 0.7311; C->D has no corridor and takes its best route
printf 'origin,destination,volume,unit,year,class,value_of_time_usd_per_teu_day,source\nA,B,0.01,TEU,2026,box,24,test\nC,D,5,TEU,2026,box,,test\n' >"$T/logit.csv"
run assign "$T/logit.csv" --network "$FIX" --year 2026 --logit 0.1 --format json >"$T/logit.json" || { echo "FAIL: logit"; fail=1; }
check "logit: W's share 1/(1+e^-1)" '[.runs[0].corridors[] | select(.name=="West")][0].teu / 0.01 | (. - 0.731059) | fabs < 0.001' "$T/logit.json"
check "logit: E's share e^-1/(1+e^-1)" '[.runs[0].corridors[] | select(.name=="East")][0].teu / 0.01 | (. - 0.268941) | fabs < 0.001' "$T/logit.json"
check "logit: C->D on its best route (other)" '[.runs[0].corridors[] | select(.name=="other")][0].teu | (. - 5) | fabs < 1e-6' "$T/logit.json"
check "logit: named in the output" '.runs[0].algorithm == "logit-msa" and .runs[0].logit_theta == 0.1' "$T/logit.json"

# the shipped demand
run assign "$DATA/demand.csv" --year 2026 --format json >"$T/instc.json" || { echo "FAIL: instc json"; fail=1; }
check "INSTC: every OD assigned" '.runs[0] | (.unassigned_teu < 1) and (.demand_teu > 100000)' "$T/instc.json"
check "INSTC: corridor shares sum to 1" '[.runs[0].corridors[].share] | add | (. - 1) | fabs < 1e-6' "$T/instc.json"
check "INSTC: the Astara terminal carries demand against its capacity" '[.runs[0].assets[] | select(.id=="IR-ASTARA:road:rail1520")][0] | (.volume_teu > 0) and (.capacity_teu_per_year > 0) and (.vc > 0)' "$T/instc.json"
check "INSTC: gap reached" '.runs[0].converged' "$T/instc.json"
run assign "$DATA/demand.csv" --year 2026 --format geojson >"$T/instc.geojson" || { echo "FAIL: geojson"; fail=1; }
check "GeoJSON: a FeatureCollection of lines and points with volumes" '(.type=="FeatureCollection") and ([.features[] | select(.geometry.type=="LineString")] | length > 10) and ([.features[] | select(.geometry.type=="Point")] | length > 3) and (.features as $f | [$f[].properties.volume_teu | numbers] | length == ($f | length))' "$T/instc.geojson"
check "GeoJSON: coordinates are [lon, lat] in range" '[.features[].geometry | if .type=="Point" then [.coordinates] else .coordinates end | .[] | (.[0] >= -180 and .[0] <= 180 and .[1] >= -90 and .[1] <= 90)] | all' "$T/instc.geojson"
run assign "$DATA/demand.csv" --year 2027 --scenario rasht-astara-rail --format json >"$T/ra.json" || { echo "FAIL: scenario"; fail=1; }
check "scenario: two runs, base and rasht-astara-rail" '[.runs[].scenario] == ["base","rasht-astara-rail"]' "$T/ra.json"
check "scenario: the Rasht-Astara railway carries demand only with the scenario" '([.runs[0].assets[] | select(.id=="R-RASHT-ASTARA")] | length == 0) and ([.runs[1].assets[] | select(.id=="R-RASHT-ASTARA")][0].volume_teu > 1000)' "$T/ra.json"
[ $fail = 0 ] && echo "assign: all checks passed"
exit $fail
