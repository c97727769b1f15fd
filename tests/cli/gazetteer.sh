#!/usr/bin/env bash
# Command-line golden tests of cities (gazetteer.h, access.h): each case is a
# line "NAME|ARGS"; standard output, standard error and the exit code must
# equal tests/golden/NAME.out.  UPDATE_GOLDEN=1 rewrites the files instead
# (read the diff before committing it).
#
# The gaz_* cases use the hand-made fixture (tests/fixtures/gaz); the
# instc_city_* cases use the real gazetteer (data/gazetteer/cities.tsv,
# built by scripts/gazetteer.sh: it is built here if missing).  Only when it
# cannot be built (no node and no way to install it) are they skipped, with
# a message; under CI (CI set) that is a failure.  GAZ_FIXTURE_ONLY=1 runs
# the fixture cases only (under valgrind).
set -u
BIN="$1"
WRAP="${CORRIDOR_WRAPPER:-}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
GOLD="$ROOT/tests/golden"
GAZ="$ROOT/tests/fixtures/gaz"
INSTC="$ROOT/data/instc"
export CORRIDOR_GAZETTEER=  # the default unless a case says otherwise
fixture_cases=$(cat <<EOC
gaz_route_table|route Cityville Hub --network $GAZ --gazetteer $GAZ/cities.tsv --year 2026
gaz_route_last_mile_json|route Hub Cityville --network $GAZ --gazetteer $GAZ/cities.tsv --year 2026 --format json
gaz_route_geojson|route Hub Twoton --network $GAZ --gazetteer $GAZ/cities.tsv --year 2026 --format geojson
gaz_compare_city|compare Cityville Hub --network $GAZ --gazetteer $GAZ/cities.tsv --year 2026
gaz_route_md|route Cityville Hub --network $GAZ --gazetteer $GAZ/cities.tsv --year 2026 --format md
gaz_route_last_mile_html|route Hub Cityville --network $GAZ --gazetteer $GAZ/cities.tsv --year 2026 --format html
gaz_route_wide|route Cityville Hub --network $GAZ --gazetteer $GAZ/cities.tsv --year 2026 --wide
gaz_route_csv|route Twoton Hub --network $GAZ --gazetteer $GAZ/cities.tsv --year 2026 --format csv
gaz_route_no_border|route Borderton Hub --network $GAZ --gazetteer $GAZ/cities.tsv --year 2026
gaz_route_accents|route "ZURICH sud" Hub --network $GAZ --gazetteer $GAZ/cities.tsv --year 2026 --by cost
gaz_route_ambiguous|route Springfield Hub --network $GAZ --gazetteer $GAZ/cities.tsv --year 2026
gaz_route_qualified|route "Springfield (XA)" Hub --network $GAZ --gazetteer $GAZ/cities.tsv --year 2026 --format csv
gaz_route_unknown|route Citiville Hub --network $GAZ --gazetteer $GAZ/cities.tsv
gaz_route_no_terminal|route Lonely Hub --network $GAZ --gazetteer $GAZ/cities.tsv --year 2026
gaz_route_same_city|route Cityville "Cityville, XA" --network $GAZ --gazetteer $GAZ/cities.tsv
gaz_route_pareto|route Cityville Hub --network $GAZ --gazetteer $GAZ/cities.tsv --pareto
gaz_route_not_installed|route Cityville Hub --network $GAZ --gazetteer $GAZ/no-such-file.tsv
gaz_route_bad_file|route Cityville Hub --network $GAZ --gazetteer $GAZ/bad-cities.tsv
gaz_route_node_needs_no_gazetteer|route "Terminal One" Hub --network $GAZ --gazetteer $GAZ/no-such-file.tsv --year 2026 --format csv
gaz_nodes_city|nodes --city Cityville --network $GAZ --gazetteer $GAZ/cities.tsv
gaz_nodes_city_json|nodes --city Borderton --network $GAZ --gazetteer $GAZ/cities.tsv --format json
gaz_nodes_city_node|nodes --city T1 --network $GAZ --gazetteer $GAZ/cities.tsv
EOC
)
instc_cases=$(cat <<EOC
instc_city_pune_almaty|route Pune Almaty --network $INSTC --year 2026
instc_city_pune_almaty_40rf|route Pune Almaty --network $INSTC --year 2026 --box 40rf --cargo-t 20
instc_city_pune_too_heavy|route Pune Moscow --network $INSTC --year 2026 --box 40 --cargo-t 26
instc_city_isfahan_moscow_json|route Isfahan Moscow --network $INSTC --year 2026 --format json
instc_city_jaipur_moscow|route Jaipur Moscow --network $INSTC --year 2026 --by cost
instc_city_jnpt_yekaterinburg|route JNPT Yekaterinburg --network $INSTC --year 2026
instc_city_nodes_pune|nodes --city Pune --network $INSTC
instc_city_hyderabad|nodes --city Hyderabad --network $INSTC
instc_city_unknown|route Puen Moscow --network $INSTC
instc_city_astara_nodes_first|route Astara Moscow --network $INSTC --year 2026
EOC
)
pass=0; fail=0; skip=0
run_cases() {
  while IFS='|' read -r name args; do
    [ -z "$name" ] && continue
    eval "set -- $args"
    actual="$( { $WRAP "$BIN" "$@" 2>&1; echo "exit $?"; } | sed "s#$ROOT#<ROOT>#g")"
    if [ -n "${UPDATE_GOLDEN:-}" ]; then
      printf '%s\n' "$actual" > "$GOLD/$name.out"
      pass=$((pass+1)); continue
    fi
    if [ -f "$GOLD/$name.out" ] && [ "$actual" = "$(cat "$GOLD/$name.out")" ]; then
      pass=$((pass+1))
    else
      fail=$((fail+1))
      echo "FAIL $name"
      diff <(cat "$GOLD/$name.out" 2>/dev/null) <(printf '%s\n' "$actual") | head -20
    fi
  done <<< "$1"
}
run_cases "$fixture_cases"
# the environment variable names the file too
actual="$(CORRIDOR_GAZETTEER="$GAZ/cities.tsv" $WRAP "$BIN" route Twoton Hub --network "$GAZ" --year 2026 --format csv 2>&1)"
if [ "$actual" = "$(sed '$d' "$GOLD/gaz_route_csv.out")" ]; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL CORRIDOR_GAZETTEER"; fi
if [ -n "${GAZ_FIXTURE_ONLY:-}" ]; then
  echo "$pass passed, $fail failed (fixture cases only: GAZ_FIXTURE_ONLY)"
  [ "$fail" = 0 ]
  exit
fi
if [ ! -s "$ROOT/data/gazetteer/cities.tsv" ]; then
  bash "$ROOT/scripts/gazetteer.sh" >/dev/null 2>&1 || true
fi
if [ -s "$ROOT/data/gazetteer/cities.tsv" ]; then
  run_cases "$instc_cases"
else
  n=$(printf '%s\n' "$instc_cases" | grep -c '|')
  if [ -n "${CI:-}" ]; then
    echo "FAIL: the city gazetteer could not be built (bash scripts/gazetteer.sh): $n cases on the shipped network not run"
    fail=$((fail+n))
  else
    echo "SKIP: the city gazetteer could not be built (bash scripts/gazetteer.sh needs node and npm): $n cases on the shipped network skipped"
    skip=$((skip+n))
  fi
fi
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
