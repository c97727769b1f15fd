#!/usr/bin/env bash
# Hardening, round two: each case a hostile user reported, as a test.
#   outputs that never destroy   (--out at devices, FIFOs, links, inputs)
#   inputs that never hang       (FIFOs, devices, directories, sizes)
#   scenario values kept in range, text kept text, the command line exact
# Devices are made with mknod inside a temporary folder: no test aims at
# /dev/null or any real device.  Cases that root would hide (permissions)
# run as the user nobody (setpriv) when the suite runs as root, and run
# directly otherwise.  Every command runs under `timeout`: a hang fails.
set -u
BIN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
WRAP="${CORRIDOR_WRAPPER:-}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
INSTC="$ROOT/data/instc"
HAND="$ROOT/tests/fixtures/hand"
T="$(mktemp -d)"
chmod 755 "$T"
# only the script's own shell cleans up: a child killed before it execs must not
MAINPID=$BASHPID
trap '[ "$BASHPID" = "$MAINPID" ] && rm -rf "$T"' EXIT
pass=0; fail=0
ok() { pass=$((pass+1)); }
ko() { fail=$((fail+1)); echo "FAIL $*"; }
# check NAME CONDITION...: the condition is evaluated by the shell
check() { local name="$1"; shift; if eval "$@"; then ok; else ko "$name: $*"; sed 's/^/    /' "$T/err" 2>/dev/null | head -5; fi; }
run() { timeout 60 $WRAP "$BIN" "$@" >"$T/out" 2>"$T/err"; rc=$?; }
kind() { stat -c %F "$1" 2>/dev/null; }
AS_USER=()
CAN_DROP=1
if [ "$(id -u)" = 0 ]; then
  AS_USER=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
  "${AS_USER[@]}" "$BIN" version >/dev/null 2>&1 && "${AS_USER[@]}" test -r "$INSTC/nodes.csv" || { CAN_DROP=0; echo "skip: cannot run the tool as nobody here (setpriv, or the checkout is not readable): permission cases skipped"; }
fi
CAN_MKNOD=0
if [ "$(id -u)" = 0 ] && mknod "$T/probe" c 1 3 2>/dev/null; then CAN_MKNOD=1; rm -f "$T/probe"; fi
[ "$(id -u)" = 0 ] && [ $CAN_MKNOD = 0 ] && echo "skip: mknod is not allowed here: device cases skipped"
ROUTE=(route "Nhava Sheva" Moscow --network "$INSTC" --year 2026)

# ---- outputs -------------------------------------------------------------
cd "$T"
if [ $CAN_MKNOD = 1 ]; then
  mknod "$T/null" c 1 3; mknod "$T/full" c 1 7; mknod "$T/blk" b 7 0 2>/dev/null || true
  run "${ROUTE[@]}" --out "$T/null"
  check "out to a null device" '[ $rc = 0 ] && [ "$(kind "$T/null")" = "character special file" ]'
  run "${ROUTE[@]}" --out "$T/full"
  check "out to a full device" '[ $rc = 5 ] && grep -q "full: write error: No space left on device" "$T/err" && [ "$(kind "$T/full")" = "character special file" ]'
  if [ -e "$T/blk" ]; then
    run "${ROUTE[@]}" --out "$T/blk"
    check "out to a block device" '[ $rc = 2 ] && grep -q "refusing to write: it is a block device" "$T/err" && [ "$(kind "$T/blk")" = "block special file" ]'
  fi
fi
mkfifo "$T/fifo"
run "${ROUTE[@]}" --out "$T/fifo"
check "out to a FIFO without reader" '[ $rc = 5 ] && grep -q "the FIFO has no reader" "$T/err" && [ "$(kind "$T/fifo")" = fifo ]'
( cat "$T/fifo" > "$T/fifo.got" ) & reader=$!
for i in 1 2 3 4 5 6 7 8 9 10; do sleep 0.1; run "${ROUTE[@]}" --out "$T/fifo"; [ $rc = 0 ] && break; done
wait $reader
check "out through a FIFO" '[ $rc = 0 ] && grep -q "Route: Nhava Sheva" "$T/fifo.got" && [ "$(kind "$T/fifo")" = fifo ]'
echo old > "$T/target.txt"; chmod 640 "$T/target.txt"; ln -s target.txt "$T/link.txt"
run "${ROUTE[@]}" --out "$T/link.txt"
check "out through a symlink" '[ $rc = 0 ] && [ -L "$T/link.txt" ] && grep -q "Route: Nhava Sheva" "$T/target.txt" && [ "$(stat -c %a "$T/target.txt")" = 640 ]'
ln -s nowhere "$T/dangling"
run "${ROUTE[@]}" --out "$T/dangling"
check "out to a dangling link" '[ $rc = 2 ] && grep -q "symbolic link whose target does not exist" "$T/err" && [ -L "$T/dangling" ] && [ ! -e "$T/nowhere" ]'
mkdir "$T/adir"
run "${ROUTE[@]}" --out "$T/adir"
check "out to a directory" '[ $rc = 2 ] && grep -q "it is a directory" "$T/err" && [ -d "$T/adir" ]'
cp -r "$INSTC" "$T/net"; sum_before="$(cat "$T"/net/*.csv "$T"/net/scenarios/* | md5sum)"
run route "Nhava Sheva" Moscow --network "$T/net" --out "$T/net/nodes.csv"
check "out over the network's nodes.csv" '[ $rc = 2 ] && grep -q "is the network file" "$T/err"'
run route "Nhava Sheva" Moscow --network "$T/net" --out "$T/net/../net/links.csv"
check "out over links.csv by another path" '[ $rc = 2 ] && grep -q "is the network file" "$T/err"'
run route "Nhava Sheva" Moscow --network "$T/net" --scenario "$T/net/scenarios/red-sea-closed.json" --out "$T/net/scenarios/red-sea-closed.json"
check "out over the scenario file" '[ $rc = 2 ] && grep -q "is the scenario file" "$T/err"'
run route "Nhava Sheva" Moscow --network "$T/net" --scenario red-sea-closed --out "$T/net/scenarios/red-sea-closed.json"
check "out over the scenario by name" '[ $rc = 2 ] && grep -q "is the scenario file" "$T/err"'
run compare "Nhava Sheva" Moscow --network "$T/net" --scenarios base,red-sea-closed --out "$T/net/scenarios/red-sea-closed.json"
check "compare out over a --scenarios file" '[ $rc = 2 ] && grep -q "is the scenario file" "$T/err"'
cp "$INSTC/emission_factors.csv" "$T/factors.csv"
run route "Nhava Sheva" Moscow --network "$T/net" --factors "$T/factors.csv" --out "$T/factors.csv"
check "out over the factors file" '[ $rc = 2 ] && grep -q "the --factors file" "$T/err" && cmp -s "$T/factors.csv" "$INSTC/emission_factors.csv"'
check "network and scenarios untouched" '[ "$(cat "$T"/net/*.csv "$T"/net/scenarios/* | md5sum)" = "$sum_before" ]'
run tcd "Nhava Sheva" Moscow --network "$INSTC" --out "$T/same.svg" --csv "$T/same.svg"
check "tcd --out and --csv the same" '[ $rc = 2 ] && grep -q "name the same file" "$T/err" && [ ! -e "$T/same.svg" ]'
run tcd "Nhava Sheva" Moscow --network "$INSTC" --out "$T/same.svg" --csv "$T/./same.svg"
check "tcd --out and --csv the same by two paths" '[ $rc = 2 ] && grep -q "name the same file" "$T/err"'
run tcd "Nhava Sheva" Moscow --network "$INSTC" --year 2026 --out "$T/c.svg" --csv "$T/c.csv"
check "tcd --out and --csv differ" '[ $rc = 0 ] && head -c 100 "$T/c.svg" | grep -q "<svg\|<?xml" && head -1 "$T/c.csv" | grep -q "^\"route\""'
# a write cut by the file-size limit: error with the name, no temporary file left
echo old > "$T/cut.json"
( ulimit -f 2; exec timeout 60 "$BIN" route "Nhava Sheva" Moscow --network "$INSTC" --year 2026 --pareto --format geojson --out "$T/cut.json" ) >"$T/out" 2>"$T/err"; rc=$?
check "file-size limit" '[ $rc = 5 ] && grep -q "cut.json: write error: File too large" "$T/err" && [ "$(cat "$T/cut.json")" = old ] && [ -z "$(ls "$T" | grep "\.tmp\.")" ]'
# caught signals remove the temporary file: SIGTERM at random moments
for i in $(seq 1 30); do
  "$BIN" route "Nhava Sheva" Moscow --network "$INSTC" --year 2026 --pareto --format geojson --out "$T/sig.json" 2>/dev/null &
  p=$!; sleep "0.0$((RANDOM % 10))$((RANDOM % 10))"; kill -TERM $p 2>/dev/null; wait $p 2>/dev/null
done
check "no temporary file after SIGTERM" '[ -z "$(ls "$T" | grep "sig.json.tmp")" ]'
# write errors on standard output: exit 5 for every command
for args in "version" "help" "help route" "validate $INSTC" "nodes --network $INSTC" "route JNPT Moscow --network $INSTC"; do
  if [ $CAN_MKNOD = 1 ]; then
    eval "set -- $args"; timeout 60 $WRAP "$BIN" "$@" >"$T/full" 2>"$T/err"; rc=$?
    check "stdout full: $args" '[ $rc = 5 ] && grep -q "<stdout>: write error: No space left on device" "$T/err"'
  fi
done
# the reader is gone before the first write: EPIPE for certain
{ sleep 0.3; timeout 60 "$BIN" nodes --network "$INSTC" 2>"$T/err"; echo $? > "$T/rc"; } | true; rc=$(cat "$T/rc")
check "stdout closed pipe" '[ $rc = 5 ] && grep -q "<stdout>: write error: Broken pipe" "$T/err"'
# as a user without rights: a read-only target is not replaced
echo keep > "$T/ro.txt"; chmod 444 "$T/ro.txt"
if [ "$(id -u)" = 0 ]; then chown nobody "$T/ro.txt"; fi
[ $CAN_DROP = 1 ] && { timeout 60 "${AS_USER[@]}" "$BIN" "${ROUTE[@]}" --out "$T/ro.txt" >"$T/out" 2>"$T/err"; rc=$?
check "read-only target" '[ $rc = 5 ] && grep -q "ro.txt: cannot write: Permission denied" "$T/err" && [ "$(cat "$T/ro.txt")" = keep ]'; }

# ---- inputs ----------------------------------------------------------------
mkfifo "$T/in.fifo"
run route "Nhava Sheva" Moscow --network "$INSTC" --scenario "$T/in.fifo"
check "scenario is a FIFO" '[ $rc = 3 ] && grep -q "in.fifo: cannot read: it is a FIFO, not a regular file" "$T/err"'
run route "Nhava Sheva" Moscow --network "$INSTC" --factors "$T/in.fifo"
check "factors is a FIFO" '[ $rc = 3 ] && grep -q "it is a FIFO" "$T/err"'
cp -r "$HAND" "$T/fnet"; rm "$T/fnet/nodes.csv"; mkfifo "$T/fnet/nodes.csv"
run validate "$T/fnet"
check "nodes.csv is a FIFO" '[ $rc = 3 ] && grep -q "nodes.csv: cannot read: it is a FIFO" "$T/err"'
rm "$T/fnet/nodes.csv"; cp "$HAND/nodes.csv" "$T/fnet/"; mkfifo "$T/fnet/borders.csv.fifo"
rm -f "$T/fnet/borders.csv"; mv "$T/fnet/borders.csv.fifo" "$T/fnet/borders.csv"
run validate "$T/fnet"
check "an optional file is a FIFO" '[ $rc = 3 ] && grep -q "borders.csv: cannot read: it is a FIFO" "$T/err"'
if [ $CAN_MKNOD = 1 ]; then
  mknod "$T/zero" c 1 5; mknod "$T/urandom" c 1 9
  run route "Nhava Sheva" Moscow --network "$INSTC" --scenario "$T/zero"
  check "scenario is /dev/zero" '[ $rc = 3 ] && grep -q "it is a character device" "$T/err"'
  run route "Nhava Sheva" Moscow --network "$INSTC" --factors "$T/urandom"
  check "factors is /dev/urandom" '[ $rc = 3 ] && grep -q "it is a character device" "$T/err"'
fi
run route "Nhava Sheva" Moscow --network "$INSTC" --factors "$T/adir"
check "factors is a directory" '[ $rc = 3 ] && grep -q "it is a directory" "$T/err"'
run validate "$T/factors.csv"
check "network is a file" '[ $rc = 3 ] && grep -q "not a network folder: it is a file" "$T/err"'
# scenario size: exactly the limit is read, one byte more is refused before reading
printf '{"name":"pad"}' > "$T/max.json"; head -c $((16777216 - 14)) /dev/zero | tr '\000' ' ' >> "$T/max.json"
run validate "$HAND" --scenario "$T/max.json"
check "scenario of exactly 16 MiB" '[ $rc = 0 ] && [ "$(stat -c %s "$T/max.json")" = 16777216 ]'
printf ' ' >> "$T/max.json"
run validate "$HAND" --scenario "$T/max.json"
check "scenario of 16 MiB + 1" '[ $rc = 3 ] && grep -q "file is 16777217 bytes, larger than the limit of 16777216 bytes" "$T/err"'
# one error for one cause: an unreadable links.csv
cp -r "$INSTC" "$T/unread"; chmod 000 "$T/unread/links.csv"
[ $CAN_DROP = 1 ] && { timeout 60 "${AS_USER[@]}" "$BIN" validate "$T/unread" >"$T/out" 2>"$T/err"; rc=$?
check "unreadable links.csv: one error" '[ $rc = 3 ] && [ "$(wc -l < "$T/err")" = 1 ] && grep -q "links.csv: cannot open: Permission denied" "$T/err"'; }

# ---- scenarios: values that escape the ranges --------------------------------
sc() { printf '%s' "$2" > "$T/$1.json"; run validate "$INSTC" --scenario "$T/$1.json"; }
factors=""; for i in $(seq 1 120); do factors="$factors{\"what\":\"rate_usd_per_teu_km\",\"factor\":1000},"; done
sc compound "{\"name\":\"c\",\"scale\":[${factors%,}]}"
check "compounding rate factors" '[ $rc = 3 ] && grep -q "compound.json: \$.scale\[[0-9]*\].factor: rate_usd_per_teu_km of link .* becomes .*, outside 0 to 1000" "$T/err" && [ "$(wc -l < "$T/err")" = 1 ]'
sc slow '{"name":"s","scale":[{"what":"speed_kmh","factor":1e-300}]}'
check "speed factor 1e-300" '[ $rc = 3 ] && grep -q "slow.json: \$.scale\[0\].factor: speed_kmh of link .* outside 0.1 to 1000" "$T/err"'
sc nomatch '{"name":"n","scale":[{"what":"border_dwell_hours","factor":2,"nodes":["INNSA"]}]}'
check "a factor that matches nothing" '[ $rc = 3 ] && grep -q "matches no row (no border crossing at the given nodes)" "$T/err"'
sc blank '{"name":"  "}'
check "blank scenario name" '[ $rc = 3 ] && grep -q "\$.name: a name must not be blank" "$T/err" && [ "$(wc -l < "$T/err")" = 1 ]'
sc spaces '{"name":"x","nodes":[{"op":"change","id":"RUMOW","name":"  "}]}'
check "rename a node to spaces" '[ $rc = 3 ] && grep -q "\$.nodes\[0\].name: is blank" "$T/err" && [ "$(wc -l < "$T/err")" = 1 ]'
head -c 10000000 /dev/zero | tr '\000' n > "$T/long.txt"
printf '{"name":"x","nodes":[{"op":"change","id":"RUMOW","name":"%s"}]}' "$(cat "$T/long.txt")" > "$T/long.json"
run validate "$INSTC" --scenario "$T/long.json"
check "rename a node to 10 MB" '[ $rc = 3 ] && grep -q "\$.nodes\[0\].name: 10000000 bytes long (limit 65536)" "$T/err" && [ "$(wc -l < "$T/err")" = 1 ]'
sc esc '{"name":"x","nodes":[{"op":"change","id":"RUMOW","name":"Mos\u001b[2Jcow"}]}'
check "rename a node with ESC" '[ $rc = 3 ] && grep -q "control character U+001B" "$T/err" && ! grep -q $'"'"'\x1b'"'"' "$T/err"'
awk 'BEGIN { printf "{\"name\":\"n\",\"scale\":[{\"what\":\"speed_kmh\",\"factor\":2,\"nodes\":["; for (i = 0; i < 1200000; i++) printf "%s\"n%d\"", (i ? "," : ""), i; printf "]}]}" }' > "$T/names.json"
run validate "$INSTC" --scenario "$T/names.json"
check "1,200,000 unknown names" '[ $rc = 3 ] && grep -q "1200001 scale factors, listed names and closed passages; the limit is 1000000" "$T/err"'
awk 'BEGIN { printf "{\"name\":\"n\",\"scale\":[{\"what\":\"speed_kmh\",\"factor\":2,\"nodes\":["; for (i = 0; i < 5000; i++) printf "%s\"n%d\"", (i ? "," : ""), i; printf "]}]}" }' > "$T/names.json"
run validate "$INSTC" --scenario "$T/names.json"
check "5,000 unknown names: the first 100 errors" '[ $rc = 3 ] && grep -q "names.json: \$.scale\[0\].nodes\[0\]: unknown node '"'"'n0'"'"'" "$T/err" && grep -q "and 4900 more errors" "$T/err"'

# ---- text --------------------------------------------------------------------
cp -r "$HAND" "$T/tnet"
sed -i "s/^A,local,Alpha,/A,local,Al$(printf '\033')[2Jpha,/" "$T/tnet/nodes.csv"
run validate "$T/tnet"
check "ESC in a node name (CSV)" '[ $rc = 3 ] && grep -q "nodes.csv:2:9: name: control character U+001B at byte 3" "$T/err" && ! grep -q $'"'"'\x1b'"'"' "$T/err"'
cp "$HAND/nodes.csv" "$T/tnet/nodes.csv"
sed -i "s/^A,local,Alpha,/A,local,$(printf '\342\200\256')ahplA,/" "$T/tnet/nodes.csv"
run validate "$T/tnet"
check "U+202E in a node name" '[ $rc = 3 ] && grep -q "control character U+202E" "$T/err"'
printf 'name,description,via,avoid,modes,source\n"West",Ok,B,,,x\n"Bad\033[2J",x,B,,,x\n' > "$T/tnet/corridors.csv"
cp "$HAND/nodes.csv" "$T/tnet/nodes.csv"
run validate "$T/tnet"
check "ESC at the end of a corridor name" '[ $rc = 3 ] && grep -q "corridors.csv:3:1: name: control character U+001B" "$T/err"'
rm "$T/tnet/corridors.csv"
cjk="$(printf '\345\214\227%.0s' $(seq 1 70))"
sed -i "s/^A,local,Alpha,/A,local,$cjk,/" "$T/tnet/nodes.csv"
run tcd A B --network "$T/tnet" --year 2026 --out "$T/cjk.svg" --csv "$T/cjk.csv"
check "70 CJK characters: chart drawn, the name as SVG text" '[ $rc = 0 ] && [ "$(grep -c "<text" "$T/cjk.svg")" -gt 20 ] && grep -q "${cjk:0:15}" "$T/cjk.svg"'
check "70 CJK characters: CSV is UTF-8" 'iconv -f UTF-8 -t UTF-8 "$T/cjk.csv" >/dev/null'
run route A B --network "$T/tnet" --year 2026
check "70 CJK characters: table is UTF-8" '[ $rc = 0 ] && iconv -f UTF-8 -t UTF-8 "$T/out" >/dev/null && grep -q "$cjk" "$T/out"'
run route "$(printf 'Mos\033[2Jcow')" Tehran --network "$INSTC"
check "ESC in an argument is echoed escaped" '[ $rc = 2 ] && grep -qF "unknown place '"'"'Mos\x1B[2Jcow'"'"'" "$T/err" && ! grep -q $'"'"'\x1b'"'"' "$T/err"'

# ---- the command line ----------------------------------------------------------
run "${ROUTE[@]:0:5}" --year 0x7EA
check "hex year" '[ $rc = 2 ] && grep -q "expected a year between 1800 and 2200, found '"'"'0x7EA'"'"'" "$T/err"'
run "${ROUTE[@]:0:5}" --year " 2026"
check "year with a leading space" '[ $rc = 2 ]'
run "${ROUTE[@]:0:5}" --value-of-time inf --by generalized
check "value of time inf" '[ $rc = 2 ]'
run route -xh JNPT Moscow --network "$INSTC"
check "clustered short options" '[ $rc = 2 ] && grep -q "unknown option '"'"'-x'"'"'" "$T/err"'
modes="$(printf 'rail,%.0s' $(seq 1 60))sea,road"
run route JNPT Moscow --network "$INSTC" --year 2026 --modes "$modes"
check "a 300-byte --modes is read whole" '[ $rc = 0 ] && [ ${#modes} -gt 255 ]'
run route JNPT Moscow --network "$INSTC" --year 2026 --modes "$(printf 'rail,%.0s' $(seq 1 60))bogus"
check "an unknown mode after 300 bytes" '[ $rc = 2 ] && grep -q "unknown mode '"'"'bogus'"'"'" "$T/err"'
long="$(printf 'base,%.0s' $(seq 1 900))base"
run compare JNPT Moscow --network "$INSTC" --scenarios "$long"
check "a 4.5 KB --scenarios is read whole" '[ $rc = 2 ] && grep -q "at most 16 entries" "$T/err"'
run compare JNPT Moscow --network "$INSTC" --scenarios "base,,red-sea-closed"
check "an empty --scenarios entry" '[ $rc = 2 ] && grep -q "an empty entry" "$T/err"'
run route "$(printf 'x%.0s' $(seq 1 300))" Moscow --network "$INSTC"
check "a place name over 256 bytes" '[ $rc = 2 ] && grep -q "at most 256 bytes long" "$T/err"'

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
