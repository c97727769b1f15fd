#!/usr/bin/env bash
# corridor sweep: the same store whatever the threads and ranks; a killed
# or interrupted sweep resumed equals an uninterrupted one; bad specs
# refused with their JSON path before any work; stores and outputs that
# must not be written refused and left as they were.
#   sweep.sh MODE BIN    MODE: threads | resume | kill | mpi | bad | safety | valgrind
# Tables are compared in SQL (EXCEPT both ways) with the sqlite3 shell.
# mpi exits 77 (skipped) only when mpirun is missing.
set -u
MODE="$1"
BIN="$2"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
SPEC="$ROOT/tests/sweep/small.json"
DIR="$(mktemp -d)"
MAINPID=$BASHPID
trap '[ "$BASHPID" = "$MAINPID" ] && rm -rf "$DIR"' EXIT
pass=0; fail=0
ok() { pass=$((pass+1)); }
ko() { fail=$((fail+1)); echo "FAIL $*"; }
check() { if eval "$2"; then ok; else ko "$1"; fi; }
command -v sqlite3 >/dev/null || { echo "sqlite3 (the shell) is missing: scripts/setup.sh installs it"; exit 1; }
CASES=48   # 2 pairs x 3 scenarios x 2 objectives x 2 values of time x 2 dwell multipliers
CORR=6     # the shipped network's corridors
q() { sqlite3 "$1" "$2"; }
# rows in one store and not in the other, both ways
differ() { sqlite3 "$1" "ATTACH '$2' AS o; SELECT (SELECT count(*) FROM (SELECT * FROM main.results EXCEPT SELECT * FROM o.results)) + (SELECT count(*) FROM (SELECT * FROM o.results EXCEPT SELECT * FROM main.results));"; }
# the same, with the Monte Carlo figures rounded to 9 decimals: glibc's exp
# and log pick their code by the CPU's features (FMA), which valgrind hides,
# so draws may differ in the last bit there
COLS="case_id, case_key, corridor_rank, corridor, origin, destination, origin_id, destination_id, scenario, objective,
 value_of_time_usd_per_teu_day, carbon_price_usd_per_t, dwell_multiplier, rate_multiplier, year, box, depart_month,
 mc_runs, mc_seed, status, reason, days, hours, cost_usd, co2e_kg, distance_km, weight, handlings, border_crossings,
 gauge_changes, route, round(mc_mean_days, 9), round(mc_sd_days, 9), round(mc_p50_days, 9), round(mc_p80_days, 9),
 round(mc_p95_days, 9), round(mc_p_deadline, 9)"
differ_mc() { sqlite3 "$1" "ATTACH '$2' AS o; SELECT (SELECT count(*) FROM (SELECT $COLS FROM main.results EXCEPT SELECT $COLS FROM o.results)) + (SELECT count(*) FROM (SELECT $COLS FROM o.results EXCEPT SELECT $COLS FROM main.results));"; }
ref() { # the reference: one thread, uninterrupted
  "$BIN" sweep "$SPEC" --db "$DIR/ref.db" --threads 1 > "$DIR/ref.out" 2> "$DIR/ref.err" || { cat "$DIR/ref.err"; ko "reference run failed"; }
  check "reference has every row" '[ "$(q "$DIR/ref.db" "SELECT count(*) FROM results")" = $((CASES * CORR)) ]'
  check "reference has every case" '[ "$(q "$DIR/ref.db" "SELECT count(DISTINCT case_key) FROM results")" = $CASES ]'
}

case "$MODE" in
threads)
  ref
  check "reference: routed rows" '[ "$(q "$DIR/ref.db" "SELECT count(*) FROM results WHERE status = '"'ok'"' AND days > 0 AND cost_usd > 0")" -gt 100 ]'
  check "reference: Monte Carlo P95 >= P50 on every routed row" '[ "$(q "$DIR/ref.db" "SELECT count(*) FROM results WHERE status = '"'ok'"' AND NOT (mc_p95_days >= mc_p50_days AND mc_p_deadline BETWEEN 0 AND 1)")" = 0 ]'
  check "reference: the dwell multiplier lengthens a route" '[ "$(q "$DIR/ref.db" "SELECT count(*) FROM results a JOIN results b USING (origin, destination, scenario, objective, value_of_time_usd_per_teu_day, corridor) WHERE a.dwell_multiplier = 1 AND b.dwell_multiplier = 1.5 AND a.status = '"'ok'"' AND b.hours > a.hours")" -gt 10 ]'
  check "meta: spec hash and cases" '[ "$(q "$DIR/ref.db" "SELECT value FROM meta WHERE key = '"'cases'"'")" = $CASES ] && [ -n "$(q "$DIR/ref.db" "SELECT value FROM meta WHERE key = '"'spec_hash'"'")" ]'
  check "journal is WAL" '[ "$(q "$DIR/ref.db" "PRAGMA journal_mode")" = wal ]'
  "$BIN" sweep "$SPEC" --db "$DIR/t2.db" --threads 2 --csv "$DIR/t2.csv" > "$DIR/t2.out" || ko "2 threads failed"
  check "2 threads = 1 thread (SQL)" '[ "$(differ "$DIR/t2.db" "$DIR/ref.db")" = 0 ]'
  "$BIN" sweep "$SPEC" --db "$DIR/ref.db" --csv "$DIR/ref.csv" > "$DIR/again.out" || ko "rerun of a complete sweep failed"
  check "a complete sweep rerun computes nothing" 'grep -q "(0 computed now, $CASES stored before)" "$DIR/again.out"'
  check "CSV: the same bytes from both stores" 'cmp -s "$DIR/t2.csv" "$DIR/ref.csv"'
  check "CSV: a header and one line per row" '[ "$(wc -l < "$DIR/t2.csv")" = $((CASES * CORR + 1)) ]'
  check "CSV: ordered by case" '[ "$(sed -n 2p "$DIR/t2.csv" | cut -d, -f1)" = 0 ] && [ "$(tail -1 "$DIR/t2.csv" | cut -d, -f1)" = $((CASES - 1)) ]'
  ;;
resume)
  ref
  # the deterministic kill: SIGKILL after 10 cases are put, with batches of 4
  CORRIDOR_SWEEP_KILL_AFTER=10 "$BIN" sweep "$SPEC" --db "$DIR/k.db" --threads 2 --batch 4 > /dev/null 2>&1
  rc=$?
  check "killed (exit $rc)" '[ $rc = 137 ]'
  check "the two committed batches survive, the open one is lost" '[ "$(q "$DIR/k.db" "SELECT count(DISTINCT case_key) FROM results")" = 8 ]'
  check "every stored case is whole" '[ "$(q "$DIR/k.db" "SELECT count(*) FROM (SELECT case_key FROM results GROUP BY case_key HAVING count(*) <> '$CORR')")" = 0 ]'
  "$BIN" sweep "$SPEC" --db "$DIR/k.db" --threads 2 > "$DIR/k.out" || ko "resume failed"
  check "the resume computes only the rest" 'grep -q "($((CASES - 8)) computed now, 8 stored before)" "$DIR/k.out"'
  check "resumed = uninterrupted (SQL)" '[ "$(differ "$DIR/k.db" "$DIR/ref.db")" = 0 ]'
  # SIGINT: stop taking cases, commit what is done, exit 130
  CORRIDOR_SWEEP_CASE_DELAY_MS=60 "$BIN" sweep "$SPEC" --db "$DIR/i.db" --threads 2 --batch 2 > /dev/null 2> "$DIR/i.err" &
  pid=$!
  for _ in $(seq 100); do sleep 0.05; [ "$(q "$DIR/i.db" "SELECT count(*) FROM results" 2>/dev/null || echo 0)" -gt 0 ] && break; done
  kill -INT $pid
  wait $pid
  rc=$?
  check "interrupted (exit $rc)" '[ $rc = 130 ]'
  check "it says how to resume" 'grep -q "run the same command again" "$DIR/i.err"'
  n=$(q "$DIR/i.db" "SELECT count(DISTINCT case_key) FROM results")
  check "interrupted mid-run ($n cases)" '[ "$n" -gt 0 ] && [ "$n" -lt $CASES ]'
  "$BIN" sweep "$SPEC" --db "$DIR/i.db" --threads 1 > /dev/null || ko "resume after SIGINT failed"
  check "resumed after SIGINT = uninterrupted (SQL)" '[ "$(differ "$DIR/i.db" "$DIR/ref.db")" = 0 ]'
  ;;
kill)
  ref
  # a real kill -9 mid-run: each case slowed to 60 ms, batches of 2
  CORRIDOR_SWEEP_CASE_DELAY_MS=60 "$BIN" sweep "$SPEC" --db "$DIR/k.db" --threads 2 --batch 2 > /dev/null 2>&1 &
  pid=$!
  for _ in $(seq 100); do sleep 0.05; [ "$(q "$DIR/k.db" "SELECT count(*) FROM results" 2>/dev/null || echo 0)" -ge $((3 * CORR)) ] && break; done
  kill -9 $pid
  wait $pid 2>/dev/null
  n=$(q "$DIR/k.db" "SELECT count(DISTINCT case_key) FROM results")
  check "killed mid-run ($n of $CASES cases stored)" '[ "$n" -ge 3 ] && [ "$n" -lt $CASES ]'
  check "every stored case is whole" '[ "$(q "$DIR/k.db" "SELECT count(*) FROM (SELECT case_key FROM results GROUP BY case_key HAVING count(*) <> '$CORR')")" = 0 ]'
  "$BIN" sweep "$SPEC" --db "$DIR/k.db" > "$DIR/k.out" || ko "resume failed"
  check "the resume computes only the rest" 'grep -q "($((CASES - n)) computed now, $n stored before)" "$DIR/k.out"'
  check "resumed = uninterrupted (SQL)" '[ "$(differ "$DIR/k.db" "$DIR/ref.db")" = 0 ]'
  ;;
mpi)
  command -v mpirun >/dev/null || { echo "SKIP: mpirun is missing (scripts/setup.sh installs openmpi-bin)"; exit 77; }
  # under ASan: OpenMPI's leaks are suppressed by library (tests/lsan.supp),
  # which needs whole stacks through its dlopen'ed components
  ref
  # as root OpenMPI wants --allow-run-as-root; --oversubscribe: more ranks than cores is fine here
  MPIRUN=(mpirun --allow-run-as-root --oversubscribe)
  [ -n "${ASAN_OPTIONS:-}" ] && MPIRUN=(env ASAN_OPTIONS="$ASAN_OPTIONS:fast_unwind_on_malloc=0" "${MPIRUN[@]}")
  "${MPIRUN[@]}" -np 2 "$BIN" sweep "$SPEC" --db "$DIR/m.db" > "$DIR/m.out" 2> "$DIR/m.err" || { cat "$DIR/m.err"; ko "mpirun -np 2 failed"; }
  check "it ran on 2 ranks" 'grep -q "x 2 ranks" "$DIR/m.out"'
  check "MPI 2 ranks = threads (SQL)" '[ "$(differ "$DIR/m.db" "$DIR/ref.db")" = 0 ]'
  # 2 ranks with 2 threads each, resuming a store a killed threaded run left
  CORRIDOR_SWEEP_KILL_AFTER=12 "$BIN" sweep "$SPEC" --db "$DIR/r.db" --threads 2 --batch 5 > /dev/null 2>&1
  "${MPIRUN[@]}" -np 2 "$BIN" sweep "$SPEC" --db "$DIR/r.db" --threads 2 > "$DIR/r.out" 2>&1 || { cat "$DIR/r.out"; ko "MPI resume failed"; }
  check "MPI resumes a threaded store" 'grep -q "($((CASES - 10)) computed now, 10 stored before)" "$DIR/r.out"'
  check "MPI resumed = threads (SQL)" '[ "$(differ "$DIR/r.db" "$DIR/ref.db")" = 0 ]'
  # SIGINT to mpirun mid-run: rank 0 keeps what it stored (and what the
  # other rank sent as it stopped); a rerun under mpirun completes it
  CORRIDOR_SWEEP_CASE_DELAY_MS=80 "${MPIRUN[@]}" -x CORRIDOR_SWEEP_CASE_DELAY_MS -np 2 "$BIN" sweep "$SPEC" \
    --db "$DIR/i.db" --batch 2 > /dev/null 2> "$DIR/i.err" &
  pid=$!
  for _ in $(seq 200); do sleep 0.05; [ "$(q "$DIR/i.db" "SELECT count(*) FROM results" 2>/dev/null || echo 0)" -gt 0 ] && break; done
  kill -INT $pid
  wait $pid
  rc=$?
  n=$(q "$DIR/i.db" "SELECT count(DISTINCT case_key) FROM results")
  check "MPI interrupted (exit $rc, $n of $CASES cases stored)" '[ $rc != 0 ] && [ "$n" -gt 0 ] && [ "$n" -lt $CASES ]'
  check "MPI interrupted: it says how to resume" 'grep -q "run the same command again" "$DIR/i.err"'
  "${MPIRUN[@]}" -np 2 "$BIN" sweep "$SPEC" --db "$DIR/i.db" > "$DIR/i.out" 2>&1 || { cat "$DIR/i.out"; ko "MPI resume after SIGINT failed"; }
  check "MPI interrupted and resumed = threads (SQL)" '[ "$(differ "$DIR/i.db" "$DIR/ref.db")" = 0 ]'
  # a bad spec under mpirun: refused once, by rank 0, with its path
  "${MPIRUN[@]}" -np 2 "$BIN" sweep "$ROOT/tests/sweep/bad/vot-string.json" --db "$DIR/b.db" > "$DIR/b.out" 2>&1
  check "MPI: a bad spec fails" '[ $? != 0 ] && [ ! -e "$DIR/b.db" ]'
  check "MPI: the fault is said once" '[ "$(grep -c "value_of_time\[2\]: expected a number" "$DIR/b.out")" = 1 ]'
  ;;
bad)
  for spec in "$ROOT"/tests/sweep/bad/*.json; do
    name=$(basename "$spec" .json)
    want=$(cat "$ROOT/tests/sweep/bad/$name.expect")
    "$BIN" sweep "$spec" --db "$DIR/$name.db" > "$DIR/out" 2> "$DIR/err"
    rc=$?
    check "$name: exit 3 (got $rc)" '[ $rc = 3 ]'
    check "$name: says '$want'" 'grep -qF -- "$want" "$DIR/err"'
    check "$name: nothing written" '[ ! -e "$DIR/$name.db" ] && [ ! -s "$DIR/out" ]'
  done
  ;;
safety)
  SMALL="$DIR/one.json"
  printf '%s\n' '{"name": "one", "pairs": [["Nhava Sheva", "Moscow"]], "corridors": ["INSTC West"]}' > "$SMALL"
  # a text file, a database of another program, a folder, a device, a FIFO
  echo "precious notes" > "$DIR/notes.txt"; cp "$DIR/notes.txt" "$DIR/notes.orig"
  "$BIN" sweep "$SMALL" --db "$DIR/notes.txt" > /dev/null 2> "$DIR/err"; rc=$?
  check "a text file as --db: exit 2 ($rc)" '[ $rc = 2 ]'
  check "a text file as --db: said" 'grep -q "not an SQLite database" "$DIR/err"'
  check "a text file as --db: untouched" 'cmp -s "$DIR/notes.txt" "$DIR/notes.orig" && [ ! -e "$DIR/notes.txt-wal" ]'
  sqlite3 "$DIR/other.db" "CREATE TABLE accounts(id INTEGER, balance REAL); INSERT INTO accounts VALUES (1, 10.5);"
  sum=$(sha256sum < "$DIR/other.db")
  "$BIN" sweep "$SMALL" --db "$DIR/other.db" > /dev/null 2> "$DIR/err"; rc=$?
  check "another program's database: refused ($rc)" '[ $rc = 2 ] && grep -q "not a sweep store (its tables: accounts)" "$DIR/err"'
  check "another program's database: untouched" '[ "$(sha256sum < "$DIR/other.db")" = "$sum" ] && [ "$(q "$DIR/other.db" "PRAGMA journal_mode")" = delete ]'
  mkdir "$DIR/folder"; mkfifo "$DIR/fifo"
  for t in "$DIR/folder" /dev/null "$DIR/fifo"; do
    "$BIN" sweep "$SMALL" --db "$t" > /dev/null 2> "$DIR/err"; rc=$?
    check "--db $t refused ($rc)" '[ $rc = 2 ] && grep -q "the store is an SQLite file" "$DIR/err"'
  done
  ln -s "$DIR/nowhere/x.db" "$DIR/dangling"
  "$BIN" sweep "$SMALL" --db "$DIR/dangling" > /dev/null 2>&1
  check "a dangling link as --db: refused" '[ $? = 2 ] && [ ! -e "$DIR/nowhere" ]'
  # inputs are never outputs
  cp "$SMALL" "$DIR/spec.json"; cp "$SMALL" "$DIR/spec.orig"
  "$BIN" sweep "$DIR/spec.json" --db "$DIR/spec.json" > /dev/null 2> "$DIR/err"
  check "--db = the spec: refused" '[ $? = 2 ] && grep -q "is the spec that this run reads" "$DIR/err" && cmp -s "$DIR/spec.json" "$DIR/spec.orig"'
  "$BIN" sweep "$DIR/spec.json" --db "$DIR/s.db" --csv "$DIR/spec.json" > /dev/null 2>&1
  check "--csv = the spec: refused" '[ $? = 2 ] && cmp -s "$DIR/spec.json" "$DIR/spec.orig" && [ ! -e "$DIR/s.db" ]'
  cp -r "$ROOT/data/instc" "$DIR/net"; cp "$DIR/net/links.csv" "$DIR/links.orig"
  "$BIN" sweep "$SMALL" --network "$DIR/net" --db "$DIR/net/links.csv" > /dev/null 2> "$DIR/err"
  check "--db = a network file: refused" '[ $? = 2 ] && grep -q "network file" "$DIR/err" && cmp -s "$DIR/net/links.csv" "$DIR/links.orig"'
  cp "$DIR/net/nodes.csv" "$DIR/nodes.orig"
  "$BIN" sweep "$SMALL" --network "$DIR/net" --db "$DIR/s.db" --csv "$DIR/net/nodes.csv" > /dev/null 2>&1
  check "--csv = a network file: refused, untouched" '[ $? = 2 ] && cmp -s "$DIR/net/nodes.csv" "$DIR/nodes.orig"'
  "$BIN" sweep "$SMALL" --db "$DIR/s.db" --csv "$DIR/s.db" > /dev/null 2> "$DIR/err"
  check "--csv = --db: refused" '[ $? = 2 ] && grep -q "name the same file" "$DIR/err"'
  # a store of another spec
  "$BIN" sweep "$SMALL" --db "$DIR/one.db" > /dev/null || ko "a small sweep failed"
  sum=$(sha256sum < "$DIR/one.db")
  printf '%s\n' '{"name": "two", "pairs": [["Nhava Sheva", "Moscow"]], "corridors": ["INSTC East"]}' > "$DIR/two.json"
  "$BIN" sweep "$DIR/two.json" --db "$DIR/one.db" > /dev/null 2> "$DIR/err"
  check "a store of another spec: refused" '[ $? = 2 ] && grep -q "holds the results of another spec ('"'one'"'" "$DIR/err"'
  check "a store of another spec: untouched" '[ "$(sha256sum < "$DIR/one.db")" = "$sum" ]'
  # --csv: written atomically through cor_outfile (an old file stays until the new one is whole)
  echo old > "$DIR/rows.csv"
  "$BIN" sweep "$SMALL" --db "$DIR/one.db" --csv "$DIR/rows.csv" > /dev/null
  check "--csv replaced whole" '[ "$(wc -l < "$DIR/rows.csv")" = 2 ] && head -1 "$DIR/rows.csv" | grep -q "^\"case_id\""'
  "$BIN" sweep "$SMALL" --db "$DIR/one.db" --csv "$DIR/folder" > /dev/null 2>&1
  check "--csv a folder: refused" '[ $? = 2 ]'
  # usage errors
  "$BIN" sweep > /dev/null 2>&1; check "no spec: exit 2" '[ $? = 2 ]'
  "$BIN" sweep "$SMALL" --threads 0 > /dev/null 2>&1; check "--threads 0: exit 2" '[ $? = 2 ]'
  "$BIN" sweep "$SMALL" --db "" > /dev/null 2>&1; check "--db empty: exit 2" '[ $? = 2 ]'
  "$BIN" sweep "$DIR/missing.json" --db "$DIR/m.db" > /dev/null 2>&1; check "a missing spec: exit 3, no store" '[ $? = 3 ] && [ ! -e "$DIR/m.db" ]'
  "$BIN" sweep /dev/zero --db "$DIR/m.db" > /dev/null 2>&1; check "a device as spec: refused, no store" '[ $? != 0 ] && [ ! -e "$DIR/m.db" ]'
  "$BIN" sweep --help | grep -q "Usage: corridor sweep"; check "--help" '[ $? = 0 ]'
  ;;
valgrind)
  # memcheck over a small sweep (2 threads, Monte Carlo, the store, CSV) and
  # its resume; the store must equal a plain run's
  command -v valgrind >/dev/null || { echo "valgrind is missing"; exit 1; }
  VG=(valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect
      --show-leak-kinds=definite,indirect --suppressions="$ROOT/tests/valgrind.supp")
  TINY="$DIR/tiny.json"
  printf '%s\n' '{"name": "tiny", "pairs": [["Nhava Sheva", "Moscow"]], "scenarios": ["base", "suez-open"],' \
    ' "corridors": ["INSTC West", "Suez-Black Sea"], "params": {"value_of_time": [0, 100], "year": 2026},' \
    ' "objectives": ["time", "generalized"], "monte_carlo": {"runs": 50, "deadline_days": 30}}' > "$TINY"
  "$BIN" sweep "$TINY" --db "$DIR/plain.db" > /dev/null || ko "plain run failed"
  "${VG[@]}" "$BIN" sweep "$TINY" --db "$DIR/vg.db" --threads 2 --csv "$DIR/vg.csv" > /dev/null 2> "$DIR/vg.err"
  rc=$?
  check "memcheck clean (exit $rc)" '[ $rc = 0 ] || { cat "$DIR/vg.err"; false; }'
  check "under valgrind = plain (SQL; Monte Carlo to 9 decimals)" '[ "$(differ_mc "$DIR/vg.db" "$DIR/plain.db")" = 0 ]'
  CORRIDOR_SWEEP_KILL_AFTER=3 "$BIN" sweep "$TINY" --db "$DIR/k.db" --batch 2 > /dev/null 2>&1
  "${VG[@]}" "$BIN" sweep "$TINY" --db "$DIR/k.db" --threads 2 > /dev/null 2> "$DIR/vg.err"
  rc=$?
  check "memcheck clean on resume (exit $rc)" '[ $rc = 0 ] || { cat "$DIR/vg.err"; false; }'
  check "resumed under valgrind = plain (SQL; Monte Carlo to 9 decimals)" '[ "$(differ_mc "$DIR/k.db" "$DIR/plain.db")" = 0 ]'
  "${VG[@]}" "$BIN" sweep "$ROOT/tests/sweep/bad/unknown-place.json" --db "$DIR/b.db" > /dev/null 2> "$DIR/vg.err"
  check "memcheck clean on a bad spec" '[ $? = 3 ] || { cat "$DIR/vg.err"; false; }'
  ;;
*) echo "unknown mode $MODE"; exit 2 ;;
esac
echo "sweep $MODE: $pass passed, $fail failed"
[ $fail = 0 ]
