#!/usr/bin/env bash
# The HTTP API against the command line: every answer of `corridor serve`
# equals the CLI's for the same query (route, Pareto, alternatives, compare
# with scenarios, an inline overlay equal to a scenario file, other
# formats), and every refusal is JSON with the right status and the
# parameter it names; limits (URL, body, in-flight requests, slow
# clients), the page's files (no traversal), ETag, SIGTERM.
# Usage: api.sh CORRIDOR_BINARY.  Servers listen on free ports and are
# killed on exit.
set -u
BIN=${1:?usage: api.sh CORRIDOR_BINARY}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TMP=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
  rm -rf "$TMP"
}
trap cleanup EXIT
fails=0 n=0
ok() { n=$((n + 1)); }
bad() { n=$((n + 1)); fails=$((fails + 1)); echo "FAIL: $*" >&2; }
C() { curl --noproxy '*' -s "$@"; }

# start_server NAME ARGS...: sets PORT (a free port, as the server says)
start_server() {
  local name=$1; shift
  "$BIN" serve --port 0 --web "$ROOT/web" "$@" 2>"$TMP/$name.log" &
  local pid=$!
  PIDS+=("$pid")
  for _ in $(seq 100); do
    PORT=$(sed -n 's|.*listening on http://[^ ]*:\([0-9]*\)/.*|\1|p' "$TMP/$name.log" 2>/dev/null)
    [ -n "$PORT" ] && { LASTPID=$pid; return 0; }
    sleep 0.05
  done
  echo "server $name did not start:" >&2; cat "$TMP/$name.log" >&2; exit 1
}

start_server main --threads 2
B=http://127.0.0.1:$PORT
MAINPID=$LASTPID

# ---- same answers as the CLI ----
same() { # same DESC CLI-ARGS... -- URL-QUERY [curl args]
  local desc=$1; shift
  local cli=()
  while [ "$1" != "--" ]; do cli+=("$1"); shift; done
  shift
  local path=$1; shift
  "$BIN" "${cli[@]}" >"$TMP/cli.out" 2>/dev/null
  C "$@" "$B$path" >"$TMP/api.out"
  if cmp -s "$TMP/cli.out" "$TMP/api.out" && [ -s "$TMP/cli.out" ]; then ok; else
    bad "$desc: API differs from the CLI"; diff "$TMP/cli.out" "$TMP/api.out" | head -5 >&2; fi
}
same "route" route JNPT Moscow --format json -- "/v1/route?from=JNPT&to=Moscow"
same "matrix json" matrix --from "JNPT,Bandar Abbas,Mumbai" --to "Moscow,Baku,AZAST,Aktau" --by cost --format json \
  -- "/v1/matrix?from=JNPT,Bandar%20Abbas,Mumbai&to=Moscow,Baku,AZAST,Aktau&by=cost"
same "matrix csv, by time in 2028" matrix --from "JNPT,Chabahar" --to "Moscow,St Petersburg" --year 2028 \
  -- "/v1/matrix?from=JNPT,Chabahar&to=Moscow,St%20Petersburg&year=2028&format=csv"
code=$(C -o "$TMP/m404.json" -w '%{http_code}' "$B/v1/matrix?from=JNPT&to=Moscw")
[ "$code" = 404 ] && grep -q '"parameter": "to"' "$TMP/m404.json" && ok || bad "matrix: unknown place: $code"
code=$(C -o "$TMP/m400.json" -w '%{http_code}' "$B/v1/matrix?from=JNPT")
[ "$code" = 400 ] && grep -q '"parameter": "to"' "$TMP/m400.json" && ok || bad "matrix: no to: $code"
code=$(C -o /dev/null -w '%{http_code}' -X POST --data x "$B/v1/matrix?from=JNPT&to=Moscow")
[ "$code" = 405 ] && ok || bad "matrix: POST answers $code"
same "route by cost, year, scenario" route "Nhava Sheva" Moscow --by cost --year 2028 --scenario rasht-astara-rail --format json \
  -- "/v1/route?from=Nhava%20Sheva&to=Moscow&by=cost&year=2028&scenario=rasht-astara-rail"
same "route generalized" route JNPT "St Petersburg" --by generalized --value-of-time 50 --carbon-price 100 --format json \
  -- "/v1/route?from=JNPT&to=St+Petersburg&by=generalized&value-of-time=50&carbon-price=100"
same "route, repeated avoid" route JNPT Rotterdam --avoid suez --avoid hormuz --format json \
  -- "/v1/route?from=JNPT&to=Rotterdam&avoid=suez&avoid=hormuz"
same "route with two scenarios" route JNPT Moscow --scenario gulf-services-resume --scenario rasht-astara-rail --format json \
  -- "/v1/route?from=JNPT&to=Moscow&scenario=gulf-services-resume&scenario=rasht-astara-rail"
same "route with a box" route JNPT Moscow --box 40rf --cargo-t 20 --format json -- "/v1/route?from=JNPT&to=Moscow&box=40rf&cargo-t=20"
same "compare with a box" compare JNPT Moscow --box 40 --format json -- "/v1/compare?from=JNPT&to=Moscow&box=40"
same "pareto" route JNPT Moscow --pareto --format json -- "/v1/route?from=JNPT&to=Moscow&pareto=true"
same "pareto (flag without value)" route JNPT Moscow --pareto --format json -- "/v1/route?from=JNPT&to=Moscow&pareto"
same "alternatives" route JNPT Moscow --alternatives 4 --by cost --format json -- "/v1/route?from=JNPT&to=Moscow&alternatives=4&by=cost"
same "compare" compare JNPT Moscow --format json -- "/v1/compare?from=JNPT&to=Moscow"
same "compare with scenarios" compare JNPT Moscow --scenarios base,red-sea-closed,rasht-astara-rail --year 2028 --format json \
  -- "/v1/compare?from=JNPT&to=Moscow&scenarios=base,red-sea-closed,rasht-astara-rail&year=2028"
same "inline overlay = scenario file" route JNPT Rotterdam --scenario red-sea-closed --format json \
  -- "/v1/route?from=JNPT&to=Rotterdam" -X POST --data-binary @"$ROOT/data/instc/scenarios/red-sea-closed.json"
same "inline overlay on compare" compare JNPT Moscow --scenario astara-border-slow --format json \
  -- "/v1/compare?from=JNPT&to=Moscow" -X POST --data-binary @"$ROOT/data/instc/scenarios/astara-border-slow.json"
for f in geojson csv md html; do
  same "route format=$f" route JNPT Moscow --format $f -- "/v1/route?from=JNPT&to=Moscow&format=$f"
done
same "compare format=csv" compare JNPT Moscow --format csv -- "/v1/compare?from=JNPT&to=Moscow&format=csv"
same "nodes" nodes astara --format json -- "/v1/nodes?q=astara"
# cities, as `corridor route` takes them (the gazetteer of scripts/setup.sh,
# loaded once by the server): the same bytes in every format, GET and POST
GAZ=${CORRIDOR_GAZETTEER:-$ROOT/data/gazetteer/cities.tsv}
if [ -s "$GAZ" ]; then
  for f in json md csv geojson html; do
    same "city route format=$f" route Pune Almaty --format $f -- "/v1/route?from=Pune&to=Almaty&format=$f"
  done
  same "node to a city" route JNPT Yekaterinburg --by cost --format json -- "/v1/route?from=JNPT&to=Yekaterinburg&by=cost"
  same "city with a scenario" route Isfahan Moscow --scenario rasht-astara-rail --year 2028 --format json \
    -- "/v1/route?from=Isfahan&to=Moscow&scenario=rasht-astara-rail&year=2028"
  same "city with an inline overlay" route Pune Almaty --scenario red-sea-closed --format json \
    -- "/v1/route?from=Pune&to=Almaty" -X POST --data-binary @"$ROOT/data/instc/scenarios/red-sea-closed.json"
  same "ambiguous city: the most populous, warned" route Hyderabad Moscow --format json -- "/v1/route?from=Hyderabad&to=Moscow"
  same "a city named with its country" route "Hyderabad (IN)" Moscow --format csv -- "/v1/route?from=Hyderabad%20(IN)&to=Moscow&format=csv"
  C "$B/v1/route?from=Hyderabad&to=Moscow" | node -e 'const w = JSON.parse(require("fs").readFileSync(0)).warnings || [];
    if (!w.some((x) => x.code === "ambiguous_place" && /Hyderabad \(PK/.test(x.message))) process.exit(1)' &&
    ok || bad "ambiguous city: no ambiguous_place warning in the JSON"
  C "$B/v1/route?from=Puneh&to=Almaty" | node -e 'const e = JSON.parse(require("fs").readFileSync(0)).error;
    if (e.status !== 404 || e.parameter !== "from" || !e.closest.some((c) => c.kind === "city" && c.name === "Pune" &&
        c.id.startsWith("geonames:"))) process.exit(1)' && ok || bad "unknown city: no closest city"
else
  echo "api: no gazetteer ($GAZ): the city checks are skipped (scripts/setup.sh builds it)" >&2
fi
# tcd: the chart and its series, as `corridor tcd --out --csv` writes them
same_file() { # same_file DESC FILE URL-PATH
  if C "$B$3" | cmp -s - "$2" && [ -s "$2" ]; then ok; else bad "$1: API differs from the CLI's file"; fi
}
"$BIN" tcd JNPT Moscow --out "$TMP/t.svg" --csv "$TMP/t.csv" 2>/dev/null
same_file "tcd svg" "$TMP/t.svg" "/v1/tcd?from=JNPT&to=Moscow"
same_file "tcd csv" "$TMP/t.csv" "/v1/tcd?from=JNPT&to=Moscow&format=csv"
"$BIN" tcd JNPT Moscow --compare --year 2028 --scenario rasht-astara-rail --out "$TMP/c.png" 2>/dev/null
same_file "tcd compare png" "$TMP/c.png" "/v1/tcd?from=JNPT&to=Moscow&compare&year=2028&scenario=rasht-astara-rail&format=png"
"$BIN" tcd JNPT Moscow --pareto --by cost --out "$TMP/p.svg" 2>/dev/null
same_file "tcd pareto svg" "$TMP/p.svg" "/v1/tcd?from=JNPT&to=Moscow&pareto&by=cost"
"$BIN" tcd JNPT Moscow --scenario astara-border-slow --out "$TMP/o.svg" 2>/dev/null
if C -X POST --data-binary @"$ROOT/data/instc/scenarios/astara-border-slow.json" "$B/v1/tcd?from=JNPT&to=Moscow" |
     cmp -s - "$TMP/o.svg"; then ok; else bad "tcd with an inline overlay"; fi

# asked again: the kept answer is the same (and with --cache-mb 0, computed again, too)
same "route asked again" route JNPT Moscow --format json -- "/v1/route?from=JNPT&to=Moscow"
same "compare asked again" compare JNPT Moscow --scenarios base,red-sea-closed,rasht-astara-rail --year 2028 --format json \
  -- "/v1/compare?from=JNPT&to=Moscow&scenarios=base,red-sea-closed,rasht-astara-rail&year=2028"
same "the order of parameters is part of the key, not of the answer" route JNPT Moscow --by cost --format json \
  -- "/v1/route?by=cost&to=Moscow&from=JNPT"

# ---- refusals: status, JSON, the parameter ----
refuse() { # refuse DESC STATUS PARAM PATH [curl args]; PARAM "-" for none
  local desc=$1 want=$2 param=$3 path=$4; shift 4
  local got
  got=$(C -o "$TMP/err.json" -w '%{http_code}' "$@" "$B$path")
  if [ "$got" != "$want" ]; then bad "$desc: status $got, expected $want"; head -c 300 "$TMP/err.json" >&2; echo >&2; return; fi
  if ! node -e '
    const e = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).error;
    if (!e || e.status !== +process.argv[2] || typeof e.message !== "string") process.exit(1);
    if (process.argv[3] !== "-" && e.parameter !== process.argv[3]) process.exit(2);' "$TMP/err.json" "$want" "$param"; then
    bad "$desc: not a JSON error naming '$param'"; head -c 300 "$TMP/err.json" >&2; echo >&2; return
  fi
  ok
}
refuse "unknown objective" 400 by "/v1/route?from=JNPT&to=Moscow&by=fast"
refuse "unknown parameter" 400 colour "/v1/route?from=JNPT&to=Moscow&colour=red"
refuse "a file of the server" 400 network "/v1/route?from=JNPT&to=Moscow&network=/etc"
refuse "out" 400 out "/v1/route?from=JNPT&to=Moscow&out=/tmp/x"
refuse "factors" 400 factors "/v1/route?from=JNPT&to=Moscow&factors=/etc/passwd"
refuse "gazetteer" 400 gazetteer "/v1/route?from=JNPT&to=Moscow&gazetteer=/etc/passwd"
refuse "unknown box" 400 box "/v1/route?from=JNPT&to=Moscow&box=30"
refuse "cargo-t and payload-t" 400 cargo-t "/v1/route?from=JNPT&to=Moscow&cargo-t=10&payload-t=10"
refuse "scenario as a path" 400 scenario "/v1/route?from=JNPT&to=Moscow&scenario=../../etc/passwd"
refuse "scenario as a file" 400 scenario "/v1/route?from=JNPT&to=Moscow&scenario=/tmp/x.json"
refuse "unknown scenario" 400 scenario "/v1/route?from=JNPT&to=Moscow&scenario=no-such"
refuse "missing from" 400 from "/v1/route?to=Moscow"
refuse "missing to" 400 to "/v1/route?from=JNPT"
refuse "empty from" 400 from "/v1/route?from=&to=Moscow"
refuse "from twice" 400 from "/v1/route?from=JNPT&from=Baku&to=Moscow"
refuse "bad year" 400 year "/v1/route?from=JNPT&to=Moscow&year=20x6"
refuse "bad modes" 400 modes "/v1/route?from=JNPT&to=Moscow&modes=rail,plane"
refuse "bad format" 400 format "/v1/route?from=JNPT&to=Moscow&format=xml"
refuse "bad alternatives" 400 alternatives "/v1/route?from=JNPT&to=Moscow&alternatives=1000"
refuse "pareto + alternatives" 400 pareto "/v1/route?from=JNPT&to=Moscow&pareto&alternatives=3"
refuse "flag with a value" 400 pareto "/v1/route?from=JNPT&to=Moscow&pareto=maybe"
refuse "max-labels over the server's limit" 400 max-labels "/v1/route?from=JNPT&to=Moscow&pareto&max-labels=50000000"
refuse "via on compare" 400 via "/v1/compare?from=JNPT&to=Moscow&via=Baku"
refuse "too many compare columns" 400 scenarios "/v1/compare?from=JNPT&to=Moscow&scenarios=base,base,base,base,base,base,base,base,base"
refuse "bad restriction" 400 restrictions "/v1/route?from=JNPT&to=Moscow&restrictions=nope"
refuse "tcd: unknown chart format" 400 format "/v1/tcd?from=JNPT&to=Moscow&format=gif"
refuse "tcd: compare and pareto" 400 compare "/v1/tcd?from=JNPT&to=Moscow&compare&pareto"
refuse "tcd: no route" 422 - "/v1/tcd?from=JNPT&to=Moscow&modes=rail"
refuse "compare is for tcd" 400 compare "/v1/route?from=JNPT&to=Moscow&compare"
refuse "unknown place" 404 to "/v1/route?from=JNPT&to=Moscw"
refuse "unknown via" 404 via "/v1/route?from=JNPT&to=Moscow&via=Atlantis"
refuse "ambiguous place" 400 to "/v1/route?from=JNPT&to=Astara"
refuse "same place" 400 to "/v1/route?from=JNPT&to=INNSA"
refuse "unknown city" 404 from "/v1/route?from=Puneh&to=Almaty"
refuse "unknown city (to)" 404 to "/v1/route?from=Pune&to=Almatyy"
if [ -s "$GAZ" ]; then
  refuse "same city" 400 to "/v1/route?from=Pune&to=pune"
  refuse "a city with pareto" 400 pareto "/v1/route?from=Pune&to=Almaty&pareto"
  refuse "a city with alternatives" 400 alternatives "/v1/route?from=Pune&to=Almaty&alternatives=3"
  refuse "a city with generic-sea" 400 generic-sea "/v1/route?from=Pune&to=Rotterdam&generic-sea"
  refuse "no route from a city" 422 - "/v1/route?from=Pune&to=Almaty&modes=sea"
  refuse "no terminal in the city's country" 422 - "/v1/route?from=Hyderabad,%20PK&to=Moscow"
  "$BIN" route "Hyderabad, PK" Moscow 2>&1 >/dev/null | sed 's/^corridor route: //' >"$TMP/why.txt"
  node -e 'const fs = require("fs"); const e = JSON.parse(fs.readFileSync(process.argv[1])).error;
    if (e.reason !== fs.readFileSync(process.argv[2], "utf8").trim() || e.from !== "geonames:1176734") process.exit(1)' \
    "$TMP/err.json" "$TMP/why.txt" && ok || bad "no route from a city: the reason is not the CLI's"
fi
refuse "no route" 422 - "/v1/route?from=JNPT&to=Moscow&modes=rail"
refuse "no route (pareto)" 422 - "/v1/route?from=JNPT&to=Moscow&modes=rail&pareto"
refuse "method" 405 - "/v1/route?from=JNPT&to=Moscow" -X DELETE
refuse "POST on nodes" 405 - "/v1/nodes" -X POST --data x
refuse "POST on a file" 405 - "/" -X POST --data x
refuse "POST without a body" 400 body "/v1/route?from=JNPT&to=Moscow" -X POST
refuse "overlay not JSON" 422 body "/v1/route?from=JNPT&to=Moscow" -X POST --data-binary 'not json'
refuse "overlay with a bad link" 422 body "/v1/route?from=JNPT&to=Moscow" -X POST \
  --data-binary '{"name": "x", "links": [{"op": "change", "id": "NO-SUCH-LINK", "speed_kmh": 5}]}'
head -c $((1024 * 1024 + 10)) /dev/zero | tr '\0' ' ' >"$TMP/big.json"
refuse "body over 1 MiB" 413 body "/v1/route?from=JNPT&to=Moscow" -X POST --data-binary @"$TMP/big.json"
refuse "body over 1 MiB, chunked" 413 body "/v1/route?from=JNPT&to=Moscow" -X POST -H "Transfer-Encoding: chunked" --data-binary @"$TMP/big.json"
long=$(head -c 5000 /dev/zero | tr '\0' a)
refuse "URL too long" 414 - "/v1/route?from=JNPT&to=$long"
refuse "unknown endpoint" 404 - "/v1/nothing"
refuse "nodes: unknown parameter" 400 query "/v1/nodes?query=x"
refuse "healthz: a parameter" 400 x "/healthz?x=1"
params=$(for i in $(seq 70); do printf 'avoid=suez&'; done)
refuse "too many parameters" 400 - "/v1/route?${params}from=JNPT&to=Moscow"

# bad input never gives a 5xx: every option with junk values
for o in by value-of-time carbon-price via avoid avoid-country modes year format scenario scenarios pareto alternatives \
         max-labels max-work pareto-epsilon restrictions payload-t empty-running generic-sea generic-wait wide compare box cargo-t; do
  for v in "" "-1" "1e999" "nan" "%00" "%ff%fe" "x%0Ay" "$(head -c 300 /dev/zero | tr '\0' z)"; do
    for ep in route compare; do
      code=$(C -o /dev/null -w '%{http_code}' "$B/v1/$ep?from=JNPT&to=Moscow&$o=$v")
      case $code in 2??|4??) ok ;; *) bad "$ep $o=$v: status $code" ;; esac
    done
  done
done

# ---- the network's GeoJSON and its ETag ----
etag=$(C -D - -o "$TMP/net.json" "$B/v1/network" | tr -d '\r' | sed -n 's/^ETag: //Ip')
[ -n "$etag" ] && node -e 'const g=JSON.parse(require("fs").readFileSync(process.argv[1]));
  if (g.type !== "FeatureCollection" || g.features.length < 100) process.exit(1)' "$TMP/net.json" && ok || bad "network GeoJSON or ETag"
code=$(C -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$B/v1/network")
[ "$code" = 304 ] && ok || bad "If-None-Match: status $code, expected 304"
code=$(C -o /dev/null -w '%{http_code}' -H 'If-None-Match: "other"' "$B/v1/network")
[ "$code" = 200 ] && ok || bad "If-None-Match of another ETag: status $code"
C "$B/v1/scenarios" | node -e 'const s=JSON.parse(require("fs").readFileSync(0)).scenarios;
  if (!s.some(x => x.name === "red-sea-closed")) process.exit(1)' && ok || bad "scenarios list"
C "$B/healthz" | grep -q '"ok"' && ok || bad healthz

# ---- headers ----
hdr=$(C -D - -o /dev/null "$B/v1/route?from=JNPT&to=Moscow" | tr -d '\r')
grep -qi '^X-Content-Type-Options: nosniff' <<<"$hdr" && grep -qi '^Content-Security-Policy:' <<<"$hdr" &&
  ! grep -qi '^Access-Control-Allow-Origin' <<<"$hdr" && ok || bad "security headers or CORS off by default"

# ---- the page's files: nothing outside web/ ----
code=$(C -o /dev/null -w '%{http_code}' "$B/")
[ "$code" = 200 ] && ok || bad "/ answers $code"
for p in "/../CMakeLists.txt" "/%2e%2e/CMakeLists.txt" "/..%2fCMakeLists.txt" "/.%2e/data/instc/nodes.csv" \
         "//etc/passwd" "/%2fetc%2fpasswd" "/.git/config" "/web/../../CMakeLists.txt" "/index.html/../../CMakeLists.txt"; do
  code=$(C --path-as-is -o "$TMP/f" -w '%{http_code}' "$B$p")
  if [ "$code" = 200 ]; then bad "traversal: $p answers 200"; else ok; fi
done
ln -s /etc/hostname "$ROOT/web/.test-link-$$" 2>/dev/null && {
  code=$(C -o /dev/null -w '%{http_code}' "$B/.test-link-$$"); rm -f "$ROOT/web/.test-link-$$"
  [ "$code" = 404 ] && ok || bad "a link out of web/ answers $code"; }

# ---- saturation: a request in flight (its body not yet sent) makes the next one 503 ----
start_server nocache --cache-mb 0
B0=http://127.0.0.1:$PORT
for i in 1 2; do
  "$BIN" route JNPT Moscow --pareto --format json >"$TMP/cli.out" 2>/dev/null
  C "$B0/v1/route?from=JNPT&to=Moscow&pareto" | cmp -s - "$TMP/cli.out" && ok || bad "--cache-mb 0: pareto, run $i"
done
start_server busy --threads 2 --max-inflight 1 --timeout 5
exec 3<>"/dev/tcp/127.0.0.1/$PORT"
printf 'POST /v1/route?from=JNPT&to=Moscow HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{' >&3
sleep 0.3
code=$(C -o "$TMP/busy.json" -D "$TMP/busy.h" -w '%{http_code}' "http://127.0.0.1:$PORT/v1/route?from=JNPT&to=Moscow")
[ "$code" = 503 ] && grep -qi '^Retry-After' "$TMP/busy.h" && ok || bad "saturated: status $code, expected 503 with Retry-After"
exec 3>&-
sleep 0.3
code=$(C -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/v1/route?from=JNPT&to=Moscow")
[ "$code" = 200 ] && ok || bad "after the slow request left: status $code"

# ---- slow clients: a connection that never finishes its headers is closed, others are served ----
start_server slow --threads 1 --timeout 1
exec 4<>"/dev/tcp/127.0.0.1/$PORT"
printf 'GET /healthz HTTP/1.1\r\nHost: x\r\n' >&4
code=$(C -m 5 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/healthz")
[ "$code" = 200 ] && ok || bad "served beside a slow client: $code"
if timeout 4 cat <&4 >/dev/null; then ok; else bad "a slow client's connection was not closed"; fi
exec 4>&-

# ---- no gazetteer: a city name is a clear 404; nodes as ever ----
CORRIDOR_GAZETTEER="$TMP/no-such-cities.tsv" start_server nogaz
code=$(C -o "$TMP/nogaz.json" -w '%{http_code}' "http://127.0.0.1:$PORT/v1/route?from=Pune&to=Almaty")
[ "$code" = 404 ] && node -e 'const e = JSON.parse(require("fs").readFileSync(process.argv[1])).error;
  if (e.parameter !== "from" || e.gazetteer !== "not installed" || !/gazetteer is not installed/.test(e.message))
    process.exit(1)' "$TMP/nogaz.json" && ok || { bad "no gazetteer: status $code"; head -c 400 "$TMP/nogaz.json" >&2; }
grep -q "no city gazetteer" "$TMP/nogaz.log" && ok || bad "no gazetteer: not said at the start"
code=$(C -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/v1/route?from=JNPT&to=Moscow")
[ "$code" = 200 ] && ok || bad "no gazetteer: a route between nodes answers $code"
"$BIN" serve --port 0 --gazetteer "$TMP/no-such-cities.tsv" 2>/dev/null; [ $? = 2 ] && ok || bad "--gazetteer of no file"
printf 'not\ta gazetteer\n' >"$TMP/bad-cities.tsv"
"$BIN" serve --port 0 --gazetteer "$TMP/bad-cities.tsv" 2>"$TMP/badgaz.log"
[ $? != 0 ] && grep -q "cannot be used" "$TMP/badgaz.log" && ok || bad "a bad gazetteer file: the server started"

# ---- an imported network's snapshot: /v1/route by its stored hierarchies ----
# a 15 x 15 grid, arcs both ways with pseudo-random integer weights
awk 'BEGIN { n = 15; x = 12345; m = 0
  for (r = 0; r < n; r++) for (c = 0; c < n; c++) { u = r * n + c + 1
    if (c + 1 < n) { for (k = 0; k < 2; k++) { x = (x * 1103515245 + 12345) % 2147483648; a[m++] = (k ? u + 1 " " u : u " " u + 1) " " 1 + x % 97 } }
    if (r + 1 < n) { for (k = 0; k < 2; k++) { x = (x * 1103515245 + 12345) % 2147483648; a[m++] = (k ? u + n " " u : u " " u + n) " " 1 + x % 97 } } }
  print "p sp " n * n " " m; for (i = 0; i < m; i++) print "a " a[i] }' >"$TMP/grid.gr"
"$BIN" import dimacs "$TMP/grid.gr" --out "$TMP/grid" 2>/dev/null && "$BIN" build "$TMP/grid" --out "$TMP/grid.snap" 2>/dev/null \
  && ok || bad "grid: import and build"
start_server grid --network "$TMP/grid.snap"
G=http://127.0.0.1:$PORT
grep -q "contraction hierarchy by distance .* from the snapshot" "$TMP/grid.log" && \
  grep -q "contraction hierarchy by time .* from the snapshot" "$TMP/grid.log" && ok || bad "grid: hierarchies not loaded"
for pair in "1 225" "17 200" "100 3" "225 1" "42 43" "8 190"; do
  set -- $pair
  for by in distance time; do
    "$BIN" route "$1" "$2" --network "$TMP/grid" --by "$by" --format json >"$TMP/gcli.json" 2>/dev/null
    C "$G/v1/route?from=$1&to=$2&by=$by" >"$TMP/gapi.json"
    cmp -s "$TMP/gcli.json" "$TMP/gapi.json" && [ -s "$TMP/gcli.json" ] && ok || bad "grid: /v1/route $1 -> $2 by $by differs from Dijkstra's"
  done
done
# distance and time by the stored hierarchies' buckets, cost by Dijkstra: by distance (integers) equal to
# Dijkstra's from the folder; by time to the CLI's on the snapshot (buckets add in another order: last bits)
for by in distance time cost; do
  net="$TMP/grid.snap"; [ "$by" = distance ] && net="$TMP/grid"
  "$BIN" matrix --from 1,17,100,225 --to 225,3,42,1,190 --network "$net" --by "$by" --format json >"$TMP/gcli.json" 2>/dev/null
  C "$G/v1/matrix?from=1,17,100,225&to=225,3,42,1,190&by=$by" >"$TMP/gapi.json"
  cmp -s "$TMP/gcli.json" "$TMP/gapi.json" && [ -s "$TMP/gcli.json" ] && ok || bad "grid: /v1/matrix by $by differs from the CLI's"
done
"$BIN" route 1 225 --network "$TMP/grid" --by distance --avoid 113 --format json >"$TMP/gcli.json" 2>/dev/null
C "$G/v1/route?from=1&to=225&by=distance&avoid=113" >"$TMP/gapi.json"
cmp -s "$TMP/gcli.json" "$TMP/gapi.json" && ok || bad "grid: a query the hierarchy does not fit (avoid)"
# compiled queries are kept and shared (SRV_FILTERS): 48 requests of 6 queries, 8 at a time, each
# answer equal to the same query asked alone (evictions and shared use under load)
qs=("from=1&to=225&by=distance" "from=17&to=200&by=time" "from=100&to=3&by=cost" "from=42&to=43&by=distance&avoid=100"
    "from=8&to=190&by=time&year=2027" "from=225&to=1&by=co2")
for k in "${!qs[@]}"; do C "$G/v1/route?${qs[$k]}" >"$TMP/alone$k.json"; done
for r in $(seq 0 47); do echo "$r"; done | xargs -P 8 -I{} sh -c \
  'k=$(( {} % 6 )); set -- '"$(printf '"%s" ' "${qs[@]}")"'; shift $k; curl --noproxy "*" -s "'"$G"'/v1/route?$1" >"'"$TMP"'/par{}.json"'
same_all=1
for r in $(seq 0 47); do cmp -s "$TMP/par$r.json" "$TMP/alone$(( r % 6 )).json" || same_all=0; done
[ "$same_all" = 1 ] && ok || bad "grid: concurrent requests sharing compiled queries differ from the answers alone"
code=$(C -o "$TMP/gv.json" -w '%{http_code}' "$G/v1/route?from=1&to=225&verbose=1")
[ "$code" = 400 ] && ok || bad "grid: verbose is not an API parameter (status $code)"

# ---- CORS when asked ----
start_server cors --cors https://example.org
C -D - -o /dev/null "http://127.0.0.1:$PORT/healthz" | tr -d '\r' | grep -qi '^Access-Control-Allow-Origin: https://example.org' \
  && ok || bad "--cors ORIGIN"

# ---- SIGTERM: exits 0 ----
kill -TERM "$MAINPID"
wait "$MAINPID"; rc=$?
[ "$rc" = 0 ] && grep -q stopped "$TMP/main.log" && ok || bad "SIGTERM: exit $rc"

# ---- bad command lines ----
"$BIN" serve --port 70000 2>/dev/null; [ $? = 2 ] && ok || bad "--port 70000"
"$BIN" serve --bind nowhere --port 0 2>/dev/null; [ $? = 2 ] && ok || bad "--bind nowhere"
"$BIN" serve --threads 0 2>/dev/null; [ $? = 2 ] && ok || bad "--threads 0"

echo "api: $((n - fails))/$n checks passed"
[ "$fails" = 0 ]
