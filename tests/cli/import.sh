#!/usr/bin/env bash
# corridor import on hand-worked fixtures (tests/fixtures/import): every
# figure below is worked out by hand in the comments.  With a second
# argument `shared`, the real networks of ../shared/data instead (exit 77,
# skipped, when that folder is absent).
set -u
C="$1"; MODE="${2:-fixtures}"
here="$(cd "$(dirname "$0")/../.." && pwd)"
F="$here/tests/fixtures/import"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fail=0
check() { # NAME EXPECTED ACTUAL
  if [ "$2" != "$3" ]; then echo "FAIL $1: expected '$2', got '$3'"; fail=1; else echo "ok   $1"; fi
}
dist() { # total distance_km of a route (JSON), or the exit code when there is none
  local out rc
  out="$($C route "$@" --by distance --format json 2>/dev/null)"; rc=$?
  [ $rc -ne 0 ] && { echo "exit $rc"; return; }
  printf '%s\n' "$out" | grep -m1 '"distance_km"' | sed 's/.*: *//; s/,$//'
}
count() { echo $(( $(wc -l < "$1") - 1 )); }

if [ "$MODE" = shared ]; then
  S=""
  for d in "$here/../shared/data" /work/shared/data; do [ -d "$d" ] && { S="$d"; break; }; done
  [ -z "$S" ] && { echo "skipped: ../shared/data (rome99.gr, tntp, geo) is absent"; exit 77; }
  # rome99: 3353 nodes, 8870 arcs; 1 -> 3353 is 30305 (metres), checked by an independent Dijkstra
  $C import dimacs "$S/graphs/rome99.gr" --out "$work/rome" 2>/dev/null; check "rome99 import" 0 $?
  check "rome99 nodes" 3353 "$(count "$work/rome/nodes.csv")"
  check "rome99 links" 8870 "$(count "$work/rome/links.csv")"
  check "rome99 1 -> 3353" 30305.0 "$(dist 1 3353 --network "$work/rome")"
  $C import tntp "$S/tntp/SiouxFalls/SiouxFalls_net.tntp" --out "$work/sf" 2>/dev/null; check "SiouxFalls import" 0 $?
  check "SiouxFalls links" 76 "$(count "$work/sf/links.csv")"
  $C import geojson "$S/geo/ne_10m_railroads_north_america.json" --mode rail --gauge 1435 --snap-m 50 \
     --out "$work/na" 2>/dev/null; check "railroads import" 0 $?
  $C validate "$work/na" >/dev/null 2>&1; check "railroads validate" 0 $?
  exit $fail
fi

# DIMACS: parallel arcs 1->2 of 7 and 5, 2->3 of 4, 1->3 of 10; no final newline.
# 1 -> 3 by distance: min(10, 5 + 4) = 9; 1 -> 2: 5 (the cheaper parallel arc).
$C import dimacs "$F/parallel.gr" "$F/parallel.co" --out "$work/par" 2>/dev/null; check "dimacs import" 0 $?
check "dimacs links (parallel arcs kept)" 4 "$(count "$work/par/links.csv")"
check "dimacs 1 -> 3" 9.0 "$(dist 1 3 --network "$work/par")"
check "dimacs 1 -> 2" 5.0 "$(dist 1 2 --network "$work/par")"
check "dimacs 3 -> 1 (arcs are oneway)" "exit 1" "$(dist 3 1 --network "$work/par")"
check "dimacs coordinates" "2,local,2,41,12.001,DIMACS import of parallel.gr" "$(sed -n 3p "$work/par/nodes.csv")"
$C import dimacs "$F/parallel.gr" --out "$work/par0" 2>/dev/null; check "dimacs without .co" 0 $?
msg="$($C import dimacs "$F/bad-arc.gr" --out "$work/bad" 2>&1)"; rc=$?
check "dimacs bad arc exit" 3 $rc
check "dimacs bad arc message" "$F/bad-arc.gr:3:5: node must be 1..3 (the p line), found '4'" "$(printf '%s\n' "$msg" | head -1)"
check "dimacs bad arc: nothing written" no "$([ -e "$work/bad/links.csv" ] && echo yes || echo no)"

# TNTP: 1->2 (6 long, 3 free-flow), 2->3 (4, 2), 1->3 (12, 1).  By distance
# 1 -> 3 = 6 + 4 = 10; by time the direct link: 1 hour.  Node 1 is a zone.
msg="$($C import tntp "$F/tiny.tntp" --out "$work/tntp" 2>&1)"; check "tntp import" 0 $?
check "tntp zone note" 1 "$(printf '%s\n' "$msg" | grep -c "nodes 1..1 are zones (<FIRST THRU NODE> 2): kind 'zone'")"
check "tntp 1 -> 3 by distance" 10.0 "$(dist 1 3 --network "$work/tntp")"
check "tntp 1 -> 3 by time" 1.0 "$($C route 1 3 --network "$work/tntp" --by time --format json | grep -m1 '"hours"' | sed 's/.*: *//; s/,$//')"
# Zones (nodes below <FIRST THRU NODE>) are never passed through (zones.tntp: 3 -> 1 -> 4 would be 2):
$C import tntp "$F/zones.tntp" --out "$work/zones" >/dev/null 2>&1; check "tntp zones import" 0 $?
check "zones: 3 -> 4 not through zone 1" 7.0 "$(dist 3 4 --network "$work/zones")"
check "zones: a route may end at a zone" 1.0 "$(dist 3 1 --network "$work/zones")"
check "zones: and start at one" 1.0 "$(dist 1 4 --network "$work/zones")"
check "zones: zone to zone" 2.0 "$(dist 1 2 --network "$work/zones")"
$C build "$work/zones" --out "$work/zones.snap" >/dev/null 2>&1; check "zones: snapshot" 0 $?
# route on the snapshot runs its hierarchy (a zone split into a sink and a source copy): the same answers
check "zones: 3 -> 4 by the stored hierarchy" 7.0 "$(dist 3 4 --network "$work/zones.snap")"
check "zones: 1 -> 4 by the stored hierarchy" 1.0 "$(dist 1 4 --network "$work/zones.snap")"
check "zones: 1 -> 2 by the stored hierarchy" 2.0 "$(dist 1 2 --network "$work/zones.snap")"
check "zones: route said it used the hierarchy" 1 \
  "$($C route 3 4 --network "$work/zones.snap" --by distance --verbose 2>&1 >/dev/null | grep -c 'contraction hierarchy')"
for net in "$work/zones" "$work/zones.snap"; do
  for m in dijkstra bidir ch cch; do
    check "zones: matrix --method $m ($(basename "$net"))" "from\\to (distance km),1,2,3,4,5
1,0,2,,1,
2,,0,,5,1
3,1,8,0,7,3
4,,1,,0,
5,,5,,4,0" "$($C matrix --from 1,2,3,4,5 --to 1,2,3,4,5 --network "$net" --by distance --method "$m")"
  done
done

# GeoJSON.  1 degree on the sphere of radius 6371.0088 km is 111.195 km.
# Two lines sharing a vertex: A (0,0)-(1,0)-(2,0), B (1,0)-(1,1): 4 nodes
# (n1..n3 along A, n4 at B's end), 3 links; n1 -> n4 = 2 degrees = 222.4 km.
$C import geojson "$F/two-lines.geojson" --mode rail --gauge 1520 --map speed_kmh=vmax,operator=owner \
   --out "$work/two" 2>/dev/null; check "geojson shared vertex import" 0 $?
check "shared vertex: nodes" 4 "$(count "$work/two/nodes.csv")"
check "shared vertex: links" 3 "$(count "$work/two/links.csv")"
check "shared vertex: n1 -> n4" 222.4 "$(dist n1 n4 --network "$work/two")"
check "shared vertex: links both ways" 222.4 "$(dist n4 n1 --network "$work/two")"
check "--map speed_kmh" 2 "$(grep -c ',rail,1520,111.19[0-9]*,80,' "$work/two/links.csv")"
check "--map operator" 1 "$(grep -c ',RZD,' "$work/two/links.csv")"
# A near miss: B starts 0.0003 degrees (33.4 m) east of A's middle vertex.
# Within --snap-m 50 it joins A (3 links; n1 -> n4 = 111.195 + 111.195 =
# 222.4 km); beyond it (--snap-m 20) B stays apart (2 links, no route).
$C import geojson "$F/near-miss.geojson" --mode rail --gauge 1520 --snap-m 50 --out "$work/nm50" 2>/dev/null
check "near miss within: links" 3 "$(count "$work/nm50/links.csv")"
check "near miss within: n1 -> n4" 222.4 "$(dist n1 n4 --network "$work/nm50")"
$C import geojson "$F/near-miss.geojson" --mode rail --gauge 1520 --snap-m 20 --out "$work/nm20" 2>/dev/null
check "near miss beyond: links" 2 "$(count "$work/nm20/links.csv")"
check "near miss beyond: no route" "exit 1" "$(dist n1 n4 --network "$work/nm20")"
# MultiLineString: (10,10)-(10,11) and (10,11)-(11,11): 3 nodes, 2 links,
# n1 -> n3 = 111.195 + 111.195 cos 11 deg = 220.3 km.
$C import geojson "$F/multi.geojson" --mode road --out "$work/multi" 2>/dev/null; check "multilinestring import" 0 $?
check "multilinestring links" 2 "$(count "$work/multi/links.csv")"
check "multilinestring n1 -> n3" 220.3 "$(dist n1 n3 --network "$work/multi")"
# Across the antimeridian: 179.5 E to 179.5 W is 1 degree (111.2 km), not 359.
msg="$($C import geojson "$F/antimeridian.geojson" --mode rail --gauge 1435 --out "$work/am" 2>&1)"
check "antimeridian import" 1 "$(printf '%s\n' "$msg" | grep -c '1 features that are not lines skipped')"
check "antimeridian n1 -> n2" 111.2 "$(dist n1 n2 --network "$work/am")"

# Refusals.
mkdir -p "$work/other"; echo x > "$work/other/transfers.csv"
$C import dimacs "$F/parallel.gr" --out "$work/other" 2>/dev/null; check "refuse a folder of another network" 2 $?
cp "$F/two-lines.geojson" "$work/links.csv"
$C import geojson "$work/links.csv" --mode rail --gauge 1520 --out "$work" 2>/dev/null; check "refuse to overwrite the input" 2 $?
check "input intact" 0 "$(cmp -s "$work/links.csv" "$F/two-lines.geojson"; echo $?)"
$C import geojson "$F/two-lines.geojson" --mode rail --out "$work/x" 2>/dev/null; check "rail needs --gauge" 2 $?
$C import geojson "$F/two-lines.geojson" --mode road --map nope=vmax --out "$work/x" 2>/dev/null; check "--map unknown field" 2 $?
printf '{"type":"Feature","geometry":{"type":"LineString","coordinates":[[0,0],[200,0]]}}' > "$work/badlon.json"
msg="$($C import geojson "$work/badlon.json" --mode road --out "$work/x" 2>&1)"
check "geojson bad longitude" "$work/badlon.json: \$.features[0].geometry.coordinates[1]: longitude 200 must be -180..180 and latitude 0 -90..90" "$msg"
printf '{"type": "Feature",\n "geometry": [}' > "$work/syntax.json"
msg="$($C import geojson "$work/syntax.json" --mode road --out "$work/x" 2>&1)"; rc=$?
check "geojson syntax error exit" 3 $rc
check "geojson syntax error located" 1 "$(printf '%s\n' "$msg" | grep -c "syntax.json:2:")"
# Matrix on the DIMACS fixture: 1 -> {1,2,3} = 0, 5, 9; 3 -> 1 has no route.
check "matrix csv" "from\\to (distance km),1,2,3
1,0,5,9
3,,,0" "$($C matrix --from 1,3 --to 1,2,3 --network "$work/par" --by distance)"
printf '# origins\n1\n\n3\n' > "$work/from.txt"
check "matrix @FILE and json" '[0, 5, 9], [null, null, 0]' \
  "$($C matrix --from @"$work/from.txt" --to 1,2,3 --network "$work/par" --by distance --format json | tr -d '\n' | sed 's/.*"values": \[ *//; s/ *\] *}$//; s/  */ /g')"
check "matrix --verbose" 1 "$($C matrix --from 1,1 --to 2 --network "$work/par" --verbose 2>&1 >/dev/null | grep -c '1 one-to-all searches')"
$C matrix --from 1,nowhere --to 2 --network "$work/par" 2>/dev/null; check "matrix unknown place" 2 $?
$C matrix --from 1 --to 2 --network "$work/par" --out "$work/par/links.csv" 2>/dev/null; check "matrix refuses to overwrite an input" 2 $?
$C matrix --from 1, --to 2 --network "$work/par" 2>/dev/null; check "matrix empty place" 2 $?
# --method bidir, ch and cch give the same matrix; on the multimodal shipped network they fall back, and say so.
for m in bidir ch cch; do
  check "matrix --method $m" "$($C matrix --from 1,2,3 --to 1,2,3 --network "$work/par" --by distance)" \
    "$($C matrix --from 1,2,3 --to 1,2,3 --network "$work/par" --by distance --method $m)"
done
check "matrix ch fallback" 1 "$($C matrix --from Moscow --to Baku --method ch --verbose 2>&1 >/dev/null | grep -c 'falls back to dijkstra')"
check "matrix cch fallback" 1 "$($C matrix --from Moscow --to Baku --method cch --verbose 2>&1 >/dev/null | grep -c 'falls back to dijkstra')"
check "matrix cch --verbose" 1 "$($C matrix --from 1,2 --to 3 --network "$work/par" --method cch --verbose 2>&1 >/dev/null | grep -c 'order and chordal graph .* customized in')"
$C matrix --from 1 --to 2 --network "$work/par" --method cchh 2>/dev/null; check "matrix unknown method" 2 $?
exit $fail
