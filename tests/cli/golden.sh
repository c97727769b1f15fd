#!/usr/bin/env bash
# Command-line golden tests: each case is a line "NAME|ARGS" below; the
# command's standard output, standard error and exit code must equal
# tests/golden/NAME.out.  UPDATE_GOLDEN=1 rewrites the files instead (read
# the diff before committing it).
set -u
BIN="$1"
# CORRIDOR_WRAPPER (e.g. valgrind and its options) runs before the binary
WRAP="${CORRIDOR_WRAPPER:-}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
GOLD="$ROOT/tests/golden"
HAND="$ROOT/tests/fixtures/hand"
INSTC="$ROOT/data/instc"
GENERIC="$ROOT/tests/fixtures/generic"
BOXES="$ROOT/tests/fixtures/boxes"
QUOTE="$ROOT/tests/fixtures/quote"
cases=$(cat <<EOC
route_table|route Alpha Bravo --network $HAND --year 2026
route_json|route A B --network $HAND --year 2026 --format json
route_geojson|route A B --network $HAND --year 2026 --format geojson
route_csv|route A B --network $HAND --year 2026 --format csv
route_border_table|route Delta Charlie --network $HAND --year 2026
route_passage_closed_json|route P1 P2 --network $HAND --avoid canal --format json
route_not_yet_open|route N1 N2 --network $HAND --year 2026 --format csv
route_open_2030|route N1 N2 --network $HAND --year 2030 --format csv
route_via|route B A --via gauge --network $HAND --year 2026 --by cost
route_no_route|route A D --network $HAND --year 2026
route_missing_arg|route A --network $HAND
route_same_place|route A alpha --network $HAND
route_bad_year|route A B --network $HAND --year 20x6
route_bad_format|route A B --network $HAND --format xml
route_bad_modes|route A B --network $HAND --modes rail,plane
route_avoid_origin|route A B --network $HAND --avoid A
nodes_all|nodes --network $HAND
nodes_query_csv|nodes port --network $HAND --format csv
nodes_none|nodes zzz --network $HAND
unknown_command|frobnicate
instc_route_time|route "Nhava Sheva" Moscow --network $INSTC --year 2026
instc_route_cost_json|route JNPT Moscow --network $INSTC --year 2026 --by cost --format json
instc_route_2028_rail|route "Nhava Sheva" Baku --network $INSTC --year 2028 --modes sea,rail --scenario gulf-services-resume
instc_route_suez_closed|route "Nhava Sheva" Rotterdam --network $INSTC --year 2026 --avoid suez --modes sea
instc_route_no_transshipment|route Mumbai Rotterdam --network $INSTC --year 2026 --modes sea
instc_validate|validate $INSTC
instc_validate_scenarios|validate $INSTC --scenario rasht-astara-rail --scenario red-sea-closed
validate_unknown_scenario|validate $HAND --scenario no-such-thing
validate_scenario_no_value|validate $HAND --scenario
compare_table|compare A B --network $HAND --year 2026
compare_json|compare A B --network $HAND --year 2026 --format json
compare_csv|compare A B --network $HAND --year 2026 --format csv --scenarios base,slow-gauge,canal-closed
compare_geojson|compare A B --network $HAND --year 2026 --format geojson --scenarios base,canal-closed
compare_scenarios_table|compare A B --network $HAND --year 2026 --scenarios base,slow-gauge,canal-closed
compare_no_corridor_routes|compare C D --network $HAND --year 2026
compare_via_refused|compare A B --network $HAND --via G
route_scenario_csv|route P1 P2 --network $HAND --scenario canal-closed --format csv
route_two_scenarios|route A B --network $HAND --scenario slow-gauge --scenario canal-closed --by cost
route_unknown_scenario|route A B --network $HAND --scenario no-such-thing
instc_compare|compare "Nhava Sheva" Moscow --network $INSTC --year 2026
instc_compare_scenarios|compare "Nhava Sheva" Moscow --network $INSTC --by cost --year 2026 --scenarios base,gulf-services-resume,rasht-astara-rail,red-sea-closed,astara-border-slow
instc_compare_2030|compare "Nhava Sheva" Moscow --network $INSTC --by cost --scenario baseline-2030
instc_compare_csv|compare JNPT "St Petersburg" --network $INSTC --year 2026 --format csv
instc_compare_tehran|compare "Nhava Sheva" Tehran --network $INSTC --year 2026
instc_compare_tehran_csv|compare "Nhava Sheva" Tehran --network $INSTC --year 2026 --format csv
instc_compare_helsinki_json|compare "Nhava Sheva" Helsinki --network $INSTC --year 2026 --format json
instc_compare_loop|compare "Bandar Abbas" Moscow --network $INSTC --year 2026 --modes sea,rail,feeder
instc_route_loop_refused|route Mumbai "ICD Whitefield" --network $INSTC --year 2026
instc_compare_helsinki_md|compare "Nhava Sheva" Helsinki --network $INSTC --year 2026 --format md
instc_compare_baku_csv|compare Baku "Nhava Sheva" --network $INSTC --year 2026 --format csv
instc_route_red_sea_closed|route Shanghai Rotterdam --network $INSTC --year 2026 --scenario red-sea-closed
route_pareto_table|route A B --network $HAND --year 2030 --pareto
route_pareto_json|route "Nhava Sheva" Moscow --network $INSTC --year 2026 --pareto --format json
route_pareto_csv|route "Nhava Sheva" Moscow --network $INSTC --year 2026 --pareto --format csv
route_pareto_geojson|route N1 N2 --network $HAND --year 2030 --pareto --format geojson
route_alternatives_table|route "Nhava Sheva" Moscow --network $INSTC --year 2026 --alternatives 3 --by cost
route_alternatives_csv|route N1 N2 --network $HAND --year 2030 --alternatives 3 --format csv
route_alternatives_bad|route A B --network $HAND --alternatives 0
route_pareto_with_via|route A B --network $HAND --pareto --via G
route_emissions_options|route A B --network $HAND --year 2026 --payload-t 20 --empty-running 0.25 --by co2
route_factors_missing|route A B --network $HAND --factors /nonexistent/factors.csv
instc_route_json_indicators|route "Nhava Sheva" Moscow --network $INSTC --year 2026 --format json
instc_route_chabahar|route Chabahar Moscow --network $INSTC --year 2026
instc_route_chabahar_rail_2026|route Chabahar Moscow --network $INSTC --year 2026 --modes rail
instc_route_chabahar_rail_2027|route Chabahar Moscow --network $INSTC --year 2027 --modes rail --format csv
instc_route_tughlakabad|route Tughlakabad Moscow --network $INSTC --year 2026
instc_route_almaty|route "Nhava Sheva" Almaty --network $INSTC --year 2026
instc_route_minsk|route "Nhava Sheva" Minsk --network $INSTC --year 2026 --by cost
instc_route_mumbai|route Mumbai Moscow --network $INSTC --year 2026
instc_route_poti_baku|route Poti Baku --network $INSTC --year 2026 --format json
instc_route_shanghai_hamburg_json|route Shanghai Hamburg --network $INSTC --year 2026 --scenario suez-open --format json
tcd_no_out|tcd A B --network $HAND
instc_route_generic_sea|route Mumbai "Port Said" --network $INSTC --year 2026 --generic-sea
instc_route_generic_sea_only|route Mumbai "Port Said" --network $INSTC --year 2026 --generic-sea --modes sea
instc_route_generic_red_sea_open|route Mumbai "Port Said" --network $INSTC --year 2026 --generic-sea --modes sea --restrictions none --format json
instc_route_generic_caspian|route Aktau Astrakhan --network $INSTC --year 2026 --generic-sea --modes sea,feeder
instc_route_generic_two_seas|route Aktau Rotterdam --network $INSTC --year 2026 --generic-sea --modes sea,feeder
instc_route_generic_not_port|route Moscow "Port Said" --network $INSTC --year 2026 --generic-sea
route_generic_json|route P R --network $GENERIC --year 2026 --generic-sea --format json
route_generic_geojson|route P R --network $GENERIC --year 2026 --generic-sea --format geojson --scenario canal-closed
route_generic_csv_wait|route C2 C3 --network $GENERIC --year 2026 --generic-sea --generic-wait 24 --format csv
route_generic_scenario_scale|route P R --network $GENERIC --year 2026 --generic-sea --scenario sea-dear --format csv
route_generic_by_default|route P R --network $GENERIC --year 2026
route_generic_hint|route C1 C2 --network $GENERIC --year 2026
route_generic_wait_alone|route P R --network $GENERIC --generic-wait 24
route_generic_pareto|route P R --network $GENERIC --year 2026 --generic-sea --pareto
compare_generic_refused|compare P R --network $GENERIC --generic-sea
tcd_bad_ext|tcd A B --network $HAND --out chart.gif
quote_table|route O M --network $QUOTE --year 2026
quote_table_wide|route O M --network $QUOTE --year 2026 --wide
quote_md|route O M --network $QUOTE --year 2026 --format md
quote_html|route O M --network $QUOTE --year 2026 --format html
quote_geojson|route O M --network $QUOTE --year 2026 --format geojson
quote_csv|route O M --network $QUOTE --year 2026 --format csv
quote_restrictions_none_md|route O M --network $QUOTE --year 2026 --format md --restrictions none --avoid-country XZ
quote_compare_md|compare A B --network $HAND --year 2026 --format md
quote_compare_html|compare A B --network $HAND --year 2026 --format html --scenarios base,canal-closed
quote_pareto_md|route A B --network $HAND --year 2030 --pareto --format md
quote_nodes_refused|nodes --network $HAND --format md
quote_tcd_wide_refused|tcd A B --network $HAND --out chart.svg --wide
quote_generic_md|route P R --network $GENERIC --year 2026 --generic-sea --format md
instc_quote_md|route "Nhava Sheva" Moscow --network $INSTC --year 2026 --format md
instc_compare_scenarios_wide|compare "Nhava Sheva" Moscow --network $INSTC --by cost --year 2026 --scenarios base,rasht-astara-rail --wide
links_hand|links --network $HAND
links_node_csv|links --node G --network $HAND --format csv
links_status_json|links --status planned --network $HAND --format json
links_query_mode|links canal --mode sea --network $HAND
links_none|links zzz --network $HAND
links_bad_status|links --status shut --network $HAND
links_bad_mode|links --mode plane --network $HAND
links_unknown_node|links --node Zulu --network $HAND
links_scenario|links AB --network $HAND --scenario canal-closed
instc_links_caspian|links --corridor caspian --status irregular --network $INSTC
instc_links_astara_rail|links --node IR-ASTARA --mode rail --network $INSTC
instc_links_bad_corridor|links --corridor nope --network $INSTC
instc_links_ambiguous_node|links --node Astara --network $INSTC
show_link|show L2 --network $HAND
show_link_json|show S1 --network $HAND --format json
show_transfer|show "G:rail1520>rail1435" --network $HAND
show_border|show BC --network $HAND
show_node|show Gauge --network $HAND
show_mode_json|show rail --network $HAND --format json
show_unknown|show L3 --network $HAND
show_no_id|show --network $HAND
instc_show_terminal|show INNSA:sea --network $INSTC
instc_show_rate_json|show rail:IR --network $INSTC --format json
instc_show_regime|show red-sea-2026 --network $INSTC
instc_show_corridor|show "INSTC West" --network $INSTC
instc_show_service|show IRISL-ZBR --network $INSTC
instc_show_service_closest|show GEMINI-ME --network $INSTC
instc_show_factor|show desnz-2025-rail-freight --network $INSTC
instc_show_ambiguous|show Astara --network $INSTC
instc_show_scenario_link|show R-RASHT-ASTARA --network $INSTC --scenario rasht-astara-rail
scenarios_hand|scenarios --network $HAND
scenarios_given|scenarios --network $INSTC --scenario $ROOT/docs/examples/weekly-feeder-poti-shorthand.json --scenario $ROOT/tests/scenarios/no-effect.json --scenario nope
instc_scenarios_json|scenarios --network $INSTC --format json
warn_options|route A B --network $HAND --year 2026 --value-of-time 100 --carbon-price 50 --max-labels 10 --max-work 5
warn_options_json|route A B --network $HAND --year 2026 --value-of-time 100 --format json
warn_generalized_zero|route A B --network $HAND --year 2026 --by generalized --format csv
warn_compare_json|compare A B --network $HAND --year 2026 --max-labels 10 --format json
warn_tcd_options|tcd A B --network $HAND --year 2026 --format json --payload-t 20 --out /nonexistent/dir/x.svg
warn_wide_json|route A B --network $HAND --year 2026 --wide --format csv
warn_planned_link|route N1 N2 --network $HAND --year 2030 --format csv
instc_warn_scenario_no_effect|route "Nhava Sheva" Moscow --network $INSTC --year 2026 --scenario $ROOT/tests/scenarios/no-effect.json --format csv
instc_warn_passage_twice|validate $INSTC --scenario $ROOT/docs/examples/suez-closed.json --scenario $ROOT/tests/scenarios/no-effect.json
instc_warn_year|route "Nhava Sheva" Moscow --network $INSTC --scenario baseline-2030 --year 2026 --format csv
instc_warn_irregular_json|route Makhachkala "Bandar Anzali" --network $INSTC --year 2026 --format json
instc_ambiguous_place|route Astara Moscow --network $INSTC
instc_example_weekly_feeder|route Ambarli Tbilisi --network $INSTC --year 2026 --scenario $ROOT/docs/examples/weekly-feeder-poti.json
instc_example_validate|validate $INSTC --scenario $ROOT/docs/examples/weekly-feeder-poti.json --scenario $ROOT/docs/examples/astara-dwell-halved.json --scenario $ROOT/docs/examples/suez-closed.json --scenario $ROOT/docs/examples/hormuz-restricted.json
instc_example_shorthand|route Ambarli Tbilisi --network $INSTC --year 2026 --scenario $ROOT/docs/examples/weekly-feeder-poti-shorthand.json --format csv
instc_example_shorthand_rule|show "GE-POTI:feeder>rail1520" --network $INSTC --scenario $ROOT/docs/examples/weekly-feeder-poti-shorthand.json
instc_add_service_defaults|show "GE-POTI:feeder>rail1520" --network $INSTC --scenario $ROOT/tests/scenarios/add-service-defaults.json --format json
help_links|help links
help_show|help show
help_serve|help serve
serve_bad_port|serve --port 70000
serve_extra_argument|serve now
serve_bad_bind|serve --bind nowhere --port 0 --network $HAND
box_route_40|route P1 Z --network $BOXES --year 2026 --box 40
box_route_40rf_json|route P1 Z --network $BOXES --year 2026 --box 40rf --format json
box_route_40rf_csv|route P1 Z --network $BOXES --year 2026 --box 40rf --format csv
box_route_heavy_by_rail|route P1 Z --network $BOXES --year 2026 --box 40 --cargo-t 23
box_route_heavy_no_route|route P1 Z --network $BOXES --year 2026 --box 40 --cargo-t 23 --modes sea,feeder,road,ferry
box_route_pareto_40|route P1 Z --network $BOXES --year 2026 --box 40 --cargo-t 23 --pareto
box_validate|validate $BOXES
box_bad_type|route P1 Z --network $BOXES --box 30
box_bad_cargo_negative|route P1 Z --network $BOXES --box 40 --cargo-t -1
box_bad_cargo_too_heavy|route P1 Z --network $BOXES --box 40 --cargo-t 99
box_bad_cargo_and_payload|route P1 Z --network $BOXES --cargo-t 10 --payload-t 10
box_bad_payload_too_heavy|route "Nhava Sheva" Moscow --network $INSTC --payload-t 40
instc_route_box_40|route "Nhava Sheva" Moscow --network $INSTC --year 2026 --box 40
instc_route_box_40rf|route "Nhava Sheva" Moscow --network $INSTC --year 2026 --box 40rf --cargo-t 20
instc_route_box_40_heavy|route "Nhava Sheva" Moscow --network $INSTC --year 2026 --box 40 --cargo-t 26
instc_route_box_30|route "Nhava Sheva" Moscow --network $INSTC --box 30
instc_route_box_cargo_negative|route "Nhava Sheva" Moscow --network $INSTC --cargo-t -1
instc_route_box_cargo_99|route "Nhava Sheva" Moscow --network $INSTC --cargo-t 99
instc_compare_box_40rf|compare "Nhava Sheva" Moscow --network $INSTC --year 2026 --box 40rf
box_show_type|show box:40rf --network $BOXES
box_show_rule_json|show box:sea --network $BOXES --format json
box_show_road_limit|show road:XB --network $BOXES
box_show_unknown|show box:99 --network $BOXES
instc_show_box_rule|show box:terminal --network $INSTC
box_quote_40rf_md|route P1 Z --network $BOXES --year 2026 --box 40rf --format md
box_compare_csv|compare P1 Z --network $BOXES --year 2026 --box 40 --cargo-t 23 --format csv
EOC
)
pass=0; fail=0
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
done <<< "$cases"
# --out writes atomically: the same bytes as standard output, no temporary
# file left behind; an unwritable place is an error (exit 3) and leaves nothing.
OUTDIR="$(mktemp -d)"
check() { if eval "$1"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL out: $1"; fi; }
$WRAP "$BIN" route A B --network "$HAND" --year 2026 --format json --out "$OUTDIR/r.json"; rc=$?
check "[ $rc = 0 ]"
check "cmp -s '$OUTDIR/r.json' <(\"$BIN\" route A B --network '$HAND' --year 2026 --format json)"
check "[ \$(ls '$OUTDIR' | wc -l) = 1 ]"
echo old > "$OUTDIR/keep.csv"
$WRAP "$BIN" route A D --network "$HAND" --year 2026 --format csv --out "$OUTDIR/keep.csv" 2>/dev/null; rc=$?
check "[ $rc = 1 ] && [ \"\$(cat '$OUTDIR/keep.csv')\" = old ]"
$WRAP "$BIN" route A B --network "$HAND" --out "$OUTDIR/no/such/dir/x.csv" 2>"$OUTDIR/err"; rc=$?
check "[ $rc = 5 ] && grep -q 'cannot write' '$OUTDIR/err'"
check "[ \$(ls '$OUTDIR' | wc -l) = 3 ]"
# a liner service's leg names its service and its vessel-size factor
# (Shanghai-Hamburg: the 8,000+ TEU class, per TEU)
"$BIN" route Shanghai Hamburg --network "$INSTC" --year 2026 --format json > "$OUTDIR/sh.json"; rc=$?
check "[ $rc = 0 ] && grep -q '\"factor\": \"desnz-2025-container-ship-8000plus-teu-per-teu\"' '$OUTDIR/sh.json' && grep -q '\"id\": \"ASIA-NEUR\"' '$OUTDIR/sh.json'"
# tcd: a chart of each type and the series as CSV
$WRAP "$BIN" tcd A B --network "$HAND" --year 2026 --out "$OUTDIR/c.svg" --csv "$OUTDIR/c.csv"; rc=$?
check "[ $rc = 0 ] && head -c 5 '$OUTDIR/c.svg' | grep -q '<?xml' && grep -q '<svg' '$OUTDIR/c.svg'"
check "[ \$(wc -l < '$OUTDIR/c.csv') = 4 ] && grep -q '\"gauge_change\"\\|gauge' '$OUTDIR/c.csv'"
$WRAP "$BIN" tcd "Nhava Sheva" Moscow --network "$INSTC" --year 2026 --compare --out "$OUTDIR/c.png" 2>/dev/null; rc=$?
check "[ $rc = 0 ] && [ \$(head -c 4 '$OUTDIR/c.png' | od -An -tx1 | tr -d ' \\n') = 89504e47 ] && [ \$(stat -c %s '$OUTDIR/c.png') -gt 20000 ]"
$WRAP "$BIN" tcd "Nhava Sheva" Moscow --network "$INSTC" --year 2026 --alternatives 3 --out "$OUTDIR/c.pdf"; rc=$?
check "[ $rc = 0 ] && head -c 4 '$OUTDIR/c.pdf' | grep -q '%PDF'"
# show prints a field in full however long (a 20,000-byte source), links
# cuts it to the table's width (and not with --width 0)
cp "$HAND"/*.csv "$OUTDIR"/
sed -i '2s/,test fixture$/,long '"$(printf 'x%.0s' $(seq 1 20000))"' end/' "$OUTDIR/links.csv"
check "[ \$(\"$BIN\" show L1 --network '$OUTDIR' | tail -1 | wc -c) -gt 20000 ]"
check "\"$BIN\" show L1 --network '$OUTDIR' | tail -1 | grep -q ' end\$'"
check "[ \$(\"$BIN\" links L1 --network '$OUTDIR' | sed -n 4p | wc -c) -le 101 ]"
check "[ \$(\"$BIN\" links L1 --network '$OUTDIR' --width 0 | sed -n 4p | wc -c) -gt 20000 ]"
rm -rf "$OUTDIR"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
