#!/usr/bin/env bash
# corridor build: snapshots round-trip (every command gives the same
# answers from the snapshot as from its folder) and bad snapshots are
# refused, saying why (exit 3).
set -u
C="$1"
here="$(cd "$(dirname "$0")/../.." && pwd)"
N="$here/data/instc"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fail=0
check() { if [ "$2" != "$3" ]; then echo "FAIL $1: expected '$2', got '$3'"; fail=1; else echo "ok   $1"; fi; }
$C build "$N" --out "$work/instc.snap" 2>/dev/null; check "build" 0 $?
check "header" CORRSNAP "$(head -c 8 "$work/instc.snap")"
for args in "route Nhava-Sheva Moscow" "route Mumbai Baku --by cost --format json" "compare Mumbai Moscow" \
            "nodes port" "matrix --from Mumbai,Baku --to Moscow,Astara --by co2"; do
  a="$($C $args --network "$N" 2>&1)"; b="$($C $args --network "$work/instc.snap" 2>&1)"
  check "same answer from the snapshot: $args" "$a" "$b"
done
$C validate "$work/instc.snap" >/dev/null 2>&1; check "validate a snapshot" 0 $?
# an imported network too
$C import dimacs "$here/tests/fixtures/import/parallel.gr" --out "$work/par" 2>/dev/null
$C build "$work/par" --out "$work/par.snap" 2>/dev/null
check "imported network from a snapshot" "$($C matrix --from 1 --to 3 --network "$work/par" --by distance)" \
  "$($C matrix --from 1 --to 3 --network "$work/par.snap" --by distance)"
# the imported network is stored as binary images of the network and its graph, read without CSV
check "network and graph images in the imported one" 2 "$(grep -a -o 'CORNETv1\|CORGRPv1' "$work/par.snap" | wc -l | tr -d ' ')"
for args in "route 1 3 --by distance --format json" "route 2 4 --by time --format json" "compare 1 4" \
            "matrix --from 1,2,3,4 --to 1,2,3,4 --by distance" "nodes" "validate"; do
  a="$($C $args --network "$work/par" 2>&1 | sed "s|$work/par\.snap|NET|g; s|$work/par|NET|g")"
  b="$($C $args --network "$work/par.snap" 2>&1 | sed "s|$work/par\.snap|NET|g; s|$work/par|NET|g")"
  check "same answer from the binary snapshot: $args" "$a" "$b"
done
check "no temporary folder left" 0 "$(ls /dev/shm 2>/dev/null | grep -c '^corridor-snap-')"
# a single-state network: build stores hierarchies by distance and time, used in place by matrix --method ch
msg="$($C matrix --from 1,2,3 --to 1,2,3 --network "$work/par.snap" --by distance --method ch --verbose 2>&1 >/dev/null)"
check "matrix uses the stored hierarchy" 1 "$(printf '%s\n' "$msg" | grep -c 'read from the snapshot')"
check "stored hierarchy: same matrix" "$($C matrix --from 1,2,3 --to 1,2,3 --network "$work/par" --by distance)" \
  "$($C matrix --from 1,2,3 --to 1,2,3 --network "$work/par.snap" --by distance --method ch)"
msg="$($C matrix --from 1 --to 3 --network "$work/par.snap" --by cost --method ch --verbose 2>&1 >/dev/null)"
check "no stored hierarchy by cost: contracted" 1 "$(printf '%s\n' "$msg" | grep -c 'contracted in')"
# and the metric-independent part of a customizable hierarchy, customized by matrix --method cch for any objective
for by in distance time generalized; do
  msg="$($C matrix --from 1,2,3 --to 1,2,3 --network "$work/par.snap" --by $by --value-of-time 300 --method cch --verbose 2>&1 >/dev/null)"
  check "matrix cch uses the stored topology ($by)" 1 "$(printf '%s\n' "$msg" | grep -c 'read from the snapshot and checked in')"
  check "stored CCH: same matrix as from the folder ($by)" \
    "$($C matrix --from 1,2,3 --to 1,2,3 --network "$work/par" --by $by --value-of-time 300 --method cch)" \
    "$($C matrix --from 1,2,3 --to 1,2,3 --network "$work/par.snap" --by $by --value-of-time 300 --method cch)"
done
check "stored CCH: same matrix as dijkstra (distance)" "$($C matrix --from 1,2,3 --to 1,2,3 --network "$work/par" --by distance)" \
  "$($C matrix --from 1,2,3 --to 1,2,3 --network "$work/par.snap" --by distance --method cch)"
msg="$($C matrix --from 1 --to 3 --network "$work/par.snap" --by distance --year 2020 --method cch --verbose 2>&1 >/dev/null)"
check "no stored CCH for another year: built" 1 "$(printf '%s\n' "$msg" | grep -c 'built in')"
check "one CCH entry in the imported snapshot" 1 "$(grep -a -o 'cch-[0-9]*' "$work/par.snap" | sort -u | wc -l)"
check "no hierarchy for the multimodal network" 0 "$(grep -c 'ch-distance' "$work/instc.snap")"
# route uses the stored hierarchy when the query is the one it was built for, and says so with --verbose
msg="$($C route 1 3 --network "$work/par.snap" --by distance --verbose 2>&1 >/dev/null)"
check "route uses the stored hierarchy" 1 "$(printf '%s\n' "$msg" | grep -c 'contraction hierarchy by distance from the snapshot')"
a="$($C route 1 3 --network "$work/par" --by time --format json 2>&1)"
check "route by hierarchy by time: an answer" 0 $?
check "route by hierarchy by time: same answer as Dijkstra" "$a" \
  "$($C route 1 3 --network "$work/par.snap" --by time --format json --verbose 2>/dev/null)"
msg="$($C route 1 3 --network "$work/par.snap" --by distance --avoid 2 --verbose 2>&1 >/dev/null)"
check "route falls back with --avoid, saying why" 1 "$(printf '%s\n' "$msg" | grep -c 'plain Dijkstra.*not the one the hierarchy was built for')"
msg="$($C route 1 3 --network "$work/par.snap" --by cost --verbose 2>&1 >/dev/null)"
check "route falls back by cost, saying why" 1 "$(printf '%s\n' "$msg" | grep -c 'plain Dijkstra.*no hierarchy by cost')"
msg="$($C route Mumbai Moscow --network "$work/instc.snap" --verbose 2>&1 >/dev/null)"
check "route on the multimodal snapshot: plain Dijkstra, saying why" 1 "$(printf '%s\n' "$msg" | grep -c 'plain Dijkstra.*one state per node: .* has [0-9]* states')"
msg="$($C compare 1 3 --network "$work/par.snap" --verbose 2>&1)"; rc=$?
check "compare --verbose refused" "2 1" "$rc $(printf '%s\n' "$msg" | grep -c 'verbose is for route and assign')"
check "hierarchy entries in the imported one" 2 "$(grep -a -o 'ch-[a-z]*-[0-9]*' "$work/par.snap" | sort -u | wc -l)"
# refusals
refused() { # NAME FILE EXPECTED-MESSAGE-PART
  local msg rc; msg="$($C route 1 3 --network "$2" 2>&1)"; rc=$?
  check "$1: exit" 3 $rc
  check "$1: says why" 1 "$(printf '%s\n' "$msg" | grep -c "$3")"
}
cp "$work/par.snap" "$work/corrupt.snap"; printf 'X' | dd of="$work/corrupt.snap" bs=1 seek=300 conv=notrunc 2>/dev/null
refused "corrupt" "$work/corrupt.snap" "checksum mismatch"
cp "$work/par.snap" "$work/corrupt-net.snap"
at=$(( $(grep -a -b -o CORNETv1 "$work/par.snap" | head -1 | cut -d: -f1) + 300 ))
printf 'X' | dd of="$work/corrupt-net.snap" bs=1 seek=$at conv=notrunc 2>/dev/null
refused "corrupt network image" "$work/corrupt-net.snap" "checksum mismatch in entry 'net'"
cp "$work/par.snap" "$work/corrupt-graph.snap"
at=$(( $(grep -a -b -o CORGRPv1 "$work/par.snap" | head -1 | cut -d: -f1) + 40 ))
printf 'X' | dd of="$work/corrupt-graph.snap" bs=1 seek=$at conv=notrunc 2>/dev/null
refused "corrupt graph image" "$work/corrupt-graph.snap" "checksum mismatch in entry 'graph'"
cp "$work/par.snap" "$work/corrupt-ch.snap"
at=$(( $(grep -a -b -o CCH3 "$work/par.snap" | head -1 | cut -d: -f1) + 60 ))
printf 'X' | dd of="$work/corrupt-ch.snap" bs=1 seek=$at conv=notrunc 2>/dev/null
msg="$($C route 1 3 --network "$work/corrupt-ch.snap" --by distance 2>&1)"; rc=$?
check "corrupt hierarchy: route refuses, exit" 3 $rc
check "corrupt hierarchy: says which entry" 1 "$(printf '%s\n' "$msg" | grep -c "checksum mismatch in entry 'ch-distance-")"
head -c 200 "$work/par.snap" > "$work/trunc.snap"
refused "truncated" "$work/trunc.snap" "truncated: the header says"
head -c 20 "$work/par.snap" > "$work/short.snap"
refused "shorter than the header" "$work/short.snap" "shorter than its 64-byte header"
cp "$here/tests/fixtures/import/parallel.gr" "$work/foreign.snap"
refused "foreign" "$work/foreign.snap" "not a network folder: it is a file, and not a corridor snapshot (it does not start with CORRSNAP"
cp "$work/par.snap" "$work/v9.snap"; printf '\011' | dd of="$work/v9.snap" bs=1 seek=8 conv=notrunc 2>/dev/null
refused "other version" "$work/v9.snap" "version 9; this corridor reads version 4"
: > "$work/empty.snap"
refused "empty" "$work/empty.snap" "it is a file, and an empty one"
$C build "$work/par" --out "$work/par/links.csv" 2>/dev/null; check "build refuses to overwrite the folder's file" 2 $?
$C build "$work/par.snap" --out "$work/x.snap" 2>/dev/null; check "build wants a folder" 2 $?
$C build "$here/tests/fixtures/import" --out "$work/x.snap" 2>/dev/null; check "build refuses a bad network" 3 $?
exit $fail
