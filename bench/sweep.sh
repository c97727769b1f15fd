#!/usr/bin/env bash
# corridor sweep: cases per second with 1 and 2 threads, and with 1 and 2
# MPI ranks (mpirun, one thread each), on this machine (a benchmark, not a
# test; issue 11 item 7).  Each configuration sweeps the same spec into a
# fresh store RUNS times (default 5); the table gives the median wall time
# (the whole command: loading the spec and the networks, the cases, the
# store; mpirun's start-up too), cases per second, and the ratio to the
# 1-thread median of the same run.  The stores of every run are checked to
# hold the same rows (SQL) as the first 1-thread run.
#
#   bash bench/sweep.sh [BINARY]       (default build/corridor)
#   RUNS=5 MC_RUNS=1000 (Monte Carlo draws per routed corridor; 0: none)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${1:-build/corridor}")
RUNS=${RUNS:-5}
MC=${MC_RUNS:-1000}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
command -v sqlite3 >/dev/null || { echo "bench/sweep.sh: sqlite3 is missing (scripts/setup.sh installs it)"; exit 1; }
# 4 pairs x 7 scenarios x 5 values of time x 2 dwell multipliers = 280 cases, 6 corridors each
mc=""
[ "$MC" -gt 0 ] && mc=', "monte_carlo": {"runs": '"$MC"', "seed": 1, "deadline_days": 30}'
cat > "$TMP/spec.json" <<JSON
{"name": "bench",
 "pairs": [["Nhava Sheva", "Moscow"], ["Nhava Sheva", "St Petersburg"], ["Mundra", "Moscow"], ["Kandla", "Astrakhan"]],
 "scenarios": ["base", "astara-border-slow", "baseline-2030", "gulf-services-resume", "rasht-astara-rail",
               "red-sea-closed", "suez-open"],
 "objectives": "generalized",
 "params": {"value_of_time": [0, 25, 50, 100, 200], "dwell_multiplier": [1, 1.5], "year": 2026}$mc}
JSON
cases=280
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
# one run of a configuration: prints its wall seconds and its CPU seconds
# (user + system of the command and its children: mpirun's ranks too)
run() {
  local db="$TMP/$1-$2.db"; shift 2
  local TIMEFORMAT='%R %U %S' t
  t=$( { time "$@" --db "$db" > "$db.out" 2> "$db.err"; } 2>&1 ) || { cat "$db.err" >&2; exit 1; }
  echo "$t" | awk '{printf "%s %.3f\n", $1, $2 + $3}'
}
same() { sqlite3 "$1" "ATTACH '$2' AS o; SELECT (SELECT count(*) FROM (SELECT * FROM main.results EXCEPT SELECT * FROM o.results)) + (SELECT count(*) FROM (SELECT * FROM o.results EXCEPT SELECT * FROM main.results));"; }
MPIRUN=()
command -v mpirun >/dev/null && MPIRUN=(mpirun --allow-run-as-root --oversubscribe)
declare -A med cpu
load0=$(cut -d' ' -f1 /proc/loadavg)
configs="t1 t2"
[ ${#MPIRUN[@]} -gt 0 ] && configs="$configs r1 r2"
for c in $configs; do
  : > "$TMP/$c.times"
  for i in $(seq "$RUNS"); do
    case $c in
      t1) run t1 "$i" "$BIN" sweep "$TMP/spec.json" --threads 1 ;;
      t2) run t2 "$i" "$BIN" sweep "$TMP/spec.json" --threads 2 ;;
      r1) run r1 "$i" "${MPIRUN[@]}" -np 1 "$BIN" sweep "$TMP/spec.json" ;;
      r2) run r2 "$i" "${MPIRUN[@]}" -np 2 "$BIN" sweep "$TMP/spec.json" ;;
    esac >> "$TMP/$c.times"
    d=$(same "$TMP/$c-$i.db" "$TMP/t1-1.db")
    [ "$d" = 0 ] || { echo "bench/sweep.sh: $c run $i differs from 1 thread in $d rows"; exit 1; }
  done
  med[$c]=$(cut -d' ' -f1 "$TMP/$c.times" | median)
  cpu[$c]=$(cut -d' ' -f2 "$TMP/$c.times" | median)
done
load1=$(cut -d' ' -f1 /proc/loadavg)
rows=$(sqlite3 "$TMP/t1-1.db" "SELECT count(*) FROM results")
echo "corridor sweep: $cases cases ($rows rows), Monte Carlo $MC draws per routed corridor; $RUNS runs each, $(nproc) cores;"
echo "load average (1 min) $load0 before, $load1 after (other work on the machine slows the runs with more threads most)"
echo
echo "| configuration | median wall s | cases/s | ratio to 1 thread | median CPU s | cases per CPU s |"
echo "|---|---|---|---|---|---|"
for c in $configs; do
  case $c in t1) name="1 thread";; t2) name="2 threads";; r1) name="mpirun -np 1";; r2) name="mpirun -np 2";; esac
  printf '| %s | %.2f | %.0f | %.2f | %.2f | %.0f |\n' "$name" "${med[$c]}" "$(echo "$cases / ${med[$c]}" | bc -l)" \
    "$(echo "${med[t1]} / ${med[$c]}" | bc -l)" "${cpu[$c]}" "$(echo "$cases / ${cpu[$c]}" | bc -l)"
done
[ ${#MPIRUN[@]} -gt 0 ] || echo "(mpirun is missing: no MPI rows; scripts/setup.sh installs openmpi-bin)"
echo
echo "Every store held the same rows as the first 1-thread run."
