#!/usr/bin/env bash
# Adversarial inputs, as a benchmark (not a test): generate each case of
# tests/adversarial (gen_adversarial) and its benign twin, run the command
# RUNS times each (RelWithDebInfo build), and print a Markdown table of the
# median seconds and the peak RSS against the case's budget, with the
# benign twin's median and the ratio adversarial / benign.  Exits 1 if any
# case is OVER its budget, ran into the TIMEOUT, or ended with another exit
# status than expected; a case whose option the binary does not know yet
# prints "unsupported" and does not count.
#
#   bash bench/adversarial.sh [--quick] [CASE...]
#
#   --quick      the "quick" sizes (seconds, not minutes, on unbounded code)
#   CASE...      only these cases (default: all)
#   RUNS=3       runs of each command (median time; peak RSS is the largest)
#   TIMEOUT_S=300  each run is killed after this long (coreutils timeout)
#   KEEP=1       keep the generated folders (printed at the end)
#
# MB are 2^20 bytes.  Runs outside CI: machines are shared (2 cores), so read ratios, not
# single figures.  tests/adversarial/README.md describes the cases.
set -euo pipefail
cd "$(dirname "$0")/.."

# ---- the budgets --------------------------------------------------------
# case | generator kind | size | quick size | max seconds | max MB (Nx: N
# times the generated folder's bytes) | expected exit status | command
# (DIR: the generated folder; the benign twin runs the same command on its
# own folder)
CASES='
diamonds           | diamonds         | 16      | 12     | 1 | 200 | 0 | route SRC DST --pareto --network DIR
diamonds-maxlabels | diamonds         | 16      | 16     | 1 | 200 | 0 | route SRC DST --pareto --max-labels 100000 --network DIR
diamonds-epsilon   | diamonds         | 16      | 12     | 1 | 200 | 0 | route SRC DST --pareto --pareto-epsilon 0.01 --network DIR
ladder-1000        | ladder           | 1000    | 200    | 1 | 200 | 0 | route SRC DST --alternatives 100 --network DIR
ladder-4000        | ladder           | 4000    | 800    | 1 | 200 | 0 | route SRC DST --alternatives 10 --network DIR
services           | services         | 33000   | 3300   | 1 | 200 | 0 | validate DIR
bigcsv             | bigcsv           | 390000  | 390000 | 1 | 4x  | 0 | validate DIR
scenario-names     | scenario-names   | 2000000 | 200000 | 1 | 200 | 3 | validate DIR --scenario DIR/scenarios/names.json
transfers          | transfers        | 50000   | 10000  | 1 | 200 | 0 | validate DIR
borders            | borders          | 50000   | 10000  | 1 | 200 | 0 | validate DIR
border-refs        | border-refs      | 50000   | 10000  | 1 | 200 | 0 | validate DIR
terminals          | terminals        | 50000   | 10000  | 1 | 200 | 0 | validate DIR
corridors-avoid    | corridors-avoid  | 50000   | 10000  | 1 | 200 | 0 | validate DIR
scenario-changes   | scenario-changes | 50000   | 10000  | 1 | 200 | 0 | validate DIR --scenario DIR/scenarios/changes.json
scale-known        | scale-known      | 100000  | 20000  | 1 | 200 | 0 | validate DIR --scenario DIR/scenarios/scale.json
unknown-refs       | unknown-refs     | 5000    | 1000   | 1 | 200 | 3 | validate DIR
'

RUNS=${RUNS:-3}
TIMEOUT_S=${TIMEOUT_S:-300}
QUICK=0
ONLY=()
for a in "$@"; do
  case "$a" in
    --quick) QUICK=1 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    -*) echo "adversarial.sh: unknown option '$a'" >&2; exit 2 ;;
    *) ONLY+=("$a") ;;
  esac
done

for o in "${ONLY[@]+"${ONLY[@]}"}"; do
  grep -qE "^$o +\|" <<<"$CASES" || { echo "adversarial.sh: unknown case '$o'" >&2; exit 2; }
done

# ---- build ----------------------------------------------------------------
bash scripts/setup.sh
B=build-adversarial
cmake -S . -B "$B" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$B" -j"$(nproc)" --target corridor_cli gen_adversarial runstat >/dev/null
CORRIDOR=$PWD/$B/corridor
GEN=$PWD/$B/tests/gen_adversarial
RUNSTAT=$PWD/$B/bench/runstat

WORK=$(mktemp -d "${TMPDIR:-/tmp}/corridor-adversarial.XXXXXX")
if [ -z "${KEEP:-}" ]; then trap 'rm -rf "$WORK"' EXIT; fi

trim() { local s="$1"; s="${s#"${s%%[![:space:]]*}"}"; printf '%s' "${s%"${s##*[![:space:]]}"}"; }

# gen KIND SIZE -> prints the folder (generated once per kind and size)
gen() {
  local d="$WORK/$1-$2"
  if [ ! -d "$d" ]; then "$GEN" "$1" "$2" "$d" >"$d.summary"; fi
  printf '%s' "$d"
}

folder_bytes() { find "$1" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}'; }

# Does the binary know every --option of the command?  (corridor help SUB)
supported() {
  local sub="$1"; shift
  local help; help=$("$CORRIDOR" help "$sub")
  local w
  for w in "$@"; do
    case "$w" in
      --*) grep -qE -- "(^|[[:space:],[])$w([[:space:]=]|$)" <<<"$help" || return 1 ;;
    esac
  done
  return 0
}

# measure DIR CMD... -> sets MED (median s), PEAK (KiB), CODE (last exit),
#                       TIMED_OUT (1 if a run hit the timeout), NRUN
measure() {
  local dir="$1"; shift
  local args=() w
  for w in "$@"; do args+=("${w//DIR/$dir}"); done
  local times=() i
  PEAK=0; CODE=0; TIMED_OUT=0; NRUN=0
  for ((i = 0; i < RUNS; i++)); do
    "$RUNSTAT" "$WORK/run.txt" timeout -k 5 "$TIMEOUT_S" "$CORRIDOR" "${args[@]}" >/dev/null 2>"$WORK/stderr.txt" || true
    local t m c
    read -r t m c <"$WORK/run.txt"
    times+=("$t"); NRUN=$((NRUN + 1)); CODE=$c
    [ "$m" -gt "$PEAK" ] && PEAK=$m
    if [ "$c" = 124 ] || [ "$c" = 137 ]; then TIMED_OUT=1; break; fi
  done
  MED=$(printf '%s\n' "${times[@]}" | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}')
}

fmt_s() { awk -v t="$1" 'BEGIN {printf(t < 0.1 ? "%.4f" : t < 10 ? "%.3f" : "%.1f", t)}'; }

echo "corridor adversarial inputs: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo '+changes'), $RUNS runs each, timeout ${TIMEOUT_S} s$([ $QUICK = 1 ] && echo ', quick sizes'); $(nproc) cores"
echo
echo "| case | size | command | median s | peak MB | limit | benign median s | ratio | verdict |"
echo "|---|---|---|---|---|---|---|---|---|"
FAILED=0
NOTES=()
while IFS='|' read -r name kind size qsize max_s max_mb want cmd; do
  name=$(trim "$name")
  [ -z "$name" ] && continue
  kind=$(trim "$kind"); size=$(trim "$size"); qsize=$(trim "$qsize"); max_s=$(trim "$max_s")
  max_mb=$(trim "$max_mb"); want=$(trim "$want"); cmd=$(trim "$cmd")
  if [ ${#ONLY[@]} -gt 0 ]; then
    keep=0
    for o in "${ONLY[@]}"; do [ "$o" = "$name" ] && keep=1; done
    [ $keep = 1 ] || continue
  fi
  [ $QUICK = 1 ] && size=$qsize
  read -r -a words <<<"$cmd"
  adv=$(gen "$kind" "$size")
  ben=$(gen "$kind-benign" "$size")
  bytes=$(folder_bytes "$adv")
  size_txt="$size ($(awk -v b="$bytes" 'BEGIN {printf(b < 1048576 ? "%.0f KB" : "%.1f MB", b < 1048576 ? b / 1024 : b / 1048576)}'))"
  if [[ "$max_mb" == *x ]]; then
    lim_mb=$(awk -v k="${max_mb%x}" -v b="$bytes" 'BEGIN {printf("%.0f", k * b / 1048576)}')
    lim_txt="$max_s s, $max_mb = $lim_mb MB"
  else
    lim_mb=$max_mb
    lim_txt="$max_s s, $max_mb MB"
  fi
  if ! supported "${words[0]}" "${words[@]:1}"; then
    echo "| $name | $size_txt | \`$cmd\` | | | $lim_txt | | | unsupported |"
    continue
  fi
  measure "$adv" "${words[@]}"
  a_med=$MED; a_peak=$PEAK; a_code=$CODE; a_to=$TIMED_OUT
  cp "$WORK/stderr.txt" "$WORK/adversarial-stderr.txt"
  measure "$ben" "${words[@]}"
  b_med=$MED; b_to=$TIMED_OUT
  peak_mb=$(awk -v k="$a_peak" 'BEGIN {printf("%.1f", k / 1024)}')
  if [ "$a_to" = 1 ]; then
    verdict="TIMEOUT"; med_txt=">$TIMEOUT_S"; FAILED=1
  elif [ "$a_code" != "$want" ]; then
    verdict="BAD EXIT $a_code (expected $want)"; med_txt=$(fmt_s "$a_med"); FAILED=1
    NOTES+=("$name: exit $a_code: $(head -c 300 "$WORK/adversarial-stderr.txt" | head -n 1)")
  elif awk -v t="$a_med" -v lt="$max_s" -v m="$a_peak" -v lm="$lim_mb" 'BEGIN {exit !(t > lt || m / 1024 > lm)}'; then
    verdict="OVER"; med_txt=$(fmt_s "$a_med"); FAILED=1
  else
    verdict="ok"; med_txt=$(fmt_s "$a_med")
  fi
  [ "$a_to" = 1 ] && peak_mb=">$peak_mb"
  if [ "$b_to" = 1 ]; then
    b_txt=">$TIMEOUT_S"; ratio="?"
  else
    b_txt=$(fmt_s "$b_med")
    ratio=$(awk -v a="$a_med" -v b="$b_med" -v to="$a_to" 'BEGIN {r = b > 0 ? a / b : 0; printf(r < 10 ? "%s%.1f" : "%s%.0f", to ? ">" : "", r)}')
  fi
  echo "| $name | $size_txt | \`$cmd\` | $med_txt | $peak_mb | $lim_txt | $b_txt | $ratio | $verdict |"
  if [ "$kind" = bigcsv ] && [ "$a_to" = 0 ]; then
    rows=$size
    NOTES+=("bigcsv: $rows rows of nodes.csv, $(awk -v b="$bytes" -v r="$rows" 'BEGIN {printf("%.0f", b / r)}') bytes of file a row; peak RSS $(awk -v k="$a_peak" -v r="$rows" 'BEGIN {printf("%.0f", k * 1024 / r)}') bytes a row ($(awk -v k="$a_peak" -v b="$bytes" 'BEGIN {printf("%.1f", k * 1024 / b)}') x the file)")
  fi
done <<<"$CASES"
echo
for n in "${NOTES[@]+"${NOTES[@]}"}"; do echo "$n"; done
[ -n "${KEEP:-}" ] && echo "generated folders kept in $WORK"
exit $FAILED
