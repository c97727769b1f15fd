#!/usr/bin/env bash
# corridor serve under load, beside nginx serving a static file of the same
# size (a benchmark, not a test; issue 10 item 8).  wrk on loopback against
# /v1/route, /v1/compare and nginx; prints a Markdown table of requests/s,
# p50 and p99 latency and the ratio to nginx, then the server's resident
# memory before and after (at least 100,000 requests in all), whether
# malformed, oversized and slow requests beside the load stop service to
# others, and whether SIGTERM with requests in flight exits 0.
#
#   bash bench/serve.sh [BINARY]     (default build/corridor)
#   DURATION=10 CONNECTIONS=32 THREADS=2 (wrk), SERVER_THREADS=2
# Needs wrk and nginx (Debian: wrk, nginx-light); installs them with apt-get
# if missing (RUNLEVEL=1: the system's nginx is not started).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build/corridor}
DUR=${DURATION:-10}; CONN=${CONNECTIONS:-32}; WT=${THREADS:-2}; ST=${SERVER_THREADS:-2}
if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  RUNLEVEL=1 DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk nginx-light >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
TMP=$(mktemp -d)
chmod 755 "$TMP"   # nginx's workers read the static file as another user
SPID=""; NPID=""
cleanup() {
  [ -n "$SPID" ] && kill "$SPID" 2>/dev/null
  [ -n "$NPID" ] && kill "$NPID" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start_server() { # start_server ARGS...: sets SPID and PORT
  "$BIN" serve --port 0 --threads "$ST" --max-inflight 100000 "$@" 2>"$TMP/serve.log" &
  SPID=$!
  PORT=""
  for _ in $(seq 100); do
    PORT=$(sed -n 's|.*listening on http://[^ ]*:\([0-9]*\)/.*|\1|p' "$TMP/serve.log" 2>/dev/null)
    [ -n "$PORT" ] && break; sleep 0.05
  done
}
start_server --cache-mb 0
S=http://127.0.0.1:$PORT
ROUTE="/v1/route?from=JNPT&to=Moscow"
COMPARE="/v1/compare?from=JNPT&to=Moscow"
curl --noproxy '*' -s "$S$ROUTE" >"$TMP/route.json"

# nginx: the route's answer as a static file, same size, same machine
NPORT=$(free_port)
mkdir -p "$TMP/nginx/html" "$TMP/nginx/logs"
cp "$TMP/route.json" "$TMP/nginx/html/route.json"
cat >"$TMP/nginx/nginx.conf" <<NG
worker_processes $ST;
daemon off;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/logs/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $TMP/nginx/body; proxy_temp_path $TMP/nginx/proxy;
  fastcgi_temp_path $TMP/nginx/fcgi; uwsgi_temp_path $TMP/nginx/uwsgi; scgi_temp_path $TMP/nginx/scgi;
  server { listen 127.0.0.1:$NPORT; root $TMP/nginx/html; default_type application/json; }
}
NG
"$NGINX" -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" 2>"$TMP/nginx/stderr" &
NPID=$!
sleep 0.5

rss() { awk '/VmRSS/ {print $2}' "/proc/$SPID/status"; }
# wrk's summary: requests/s, p50 and p99 in ms, requests
run() {
  wrk -t"$WT" -c"$CONN" -d"${DUR}s" --latency "$1" >"$TMP/wrk.txt" 2>&1
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) }
    /requests in/ { n = $1 }
    /Non-2xx/ { bad = $NF }
    END { printf "%.0f %.3f %.3f %d %d\n", rps, p50, p99, n, bad + 0 }' "$TMP/wrk.txt"
}
rss0=$(rss)
read -r nr np50 np99 nn nbad < <(run "http://127.0.0.1:$NPORT/route.json")
read -r rr rp50 rp99 rn rbad < <(run "$S$ROUTE")
read -r cr cp50 cp99 cn cbad < <(run "$S$COMPARE")
# the same with the answers kept (the default): every request after the first is a copy
kill "$SPID"; wait "$SPID" 2>/dev/null || true
start_server
S=http://127.0.0.1:$PORT
read -r kr kp50 kp99 kn kbad < <(run "$S$ROUTE")
read -r kcr kcp50 kcp99 kcn kcbad < <(run "$S$COMPARE")
kill "$SPID"; wait "$SPID" 2>/dev/null || true
start_server --cache-mb 0
S=http://127.0.0.1:$PORT
rss0=$(rss)
total=0
while [ "$total" -lt 100000 ]; do   # at least 100,000 requests before the second reading
  read -r _ _ _ more _ < <(run "$S$ROUTE"); total=$((total + more))
done
rss1=$(rss)
echo "## corridor serve beside nginx (loopback, wrk -t$WT -c$CONN -d${DUR}s; server threads $ST, nginx workers $ST; $(nproc) cores shared with wrk)"
echo
echo "| target | requests/s | p50 ms | p99 ms | requests | non-2xx | requests/s vs nginx |"
echo "|---|---:|---:|---:|---:|---:|---:|"
printf "| nginx, static %s bytes | %s | %s | %s | %s | %s | 1.00 |\n" "$(wc -c <"$TMP/route.json")" "$nr" "$np50" "$np99" "$nn" "$nbad"
printf "| GET %s | %s | %s | %s | %s | %s | %.2f |\n" "$ROUTE" "$rr" "$rp50" "$rp99" "$rn" "$rbad" "$(echo "$rr / $nr" | bc -l)"
printf "| GET %s | %s | %s | %s | %s | %s | %.2f |\n" "$COMPARE" "$cr" "$cp50" "$cp99" "$cn" "$cbad" "$(echo "$cr / $nr" | bc -l)"
printf "| GET %s, answer kept | %s | %s | %s | %s | %s | %.2f |\n" "$ROUTE" "$kr" "$kp50" "$kp99" "$kn" "$kbad" "$(echo "$kr / $nr" | bc -l)"
printf "| GET %s, answer kept | %s | %s | %s | %s | %s | %.2f |\n" "$COMPARE" "$kcr" "$kcp50" "$kcp99" "$kcn" "$kcbad" "$(echo "$kcr / $nr" | bc -l)"
echo
echo "Resident memory of the server (answers not kept): ${rss0} kB before, ${rss1} kB after $total requests to /v1/route."

# robustness: while slow clients and bad requests hang about, others are served
for i in $(seq 20); do
  { exec 3<>"/dev/tcp/127.0.0.1/$PORT"; printf 'GET /healthz HTTP/1.1\r\nHost: x\r\n' >&3; sleep 30; } 2>/dev/null &
done
head -c 2000000 /dev/zero | curl --noproxy '*' -s -o /dev/null -X POST --data-binary @- "$S$ROUTE" || true
curl --noproxy '*' -s -o /dev/null "$S/v1/route?from=$(head -c 20000 /dev/zero | tr '\0' a)&to=x" || true
printf 'GARBAGE\r\n\r\n' | timeout 2 bash -c "cat > /dev/tcp/127.0.0.1/$PORT" 2>/dev/null || true
code=$(curl --noproxy '*' -s -m 5 -o /dev/null -w '%{http_code}' "$S$ROUTE")
echo "With 20 slow clients, a 2 MB body, a 20 kB URL and garbage on the wire: GET /v1/route answers $code."
# SIGTERM with requests in flight
wrk -t1 -c8 -d3s "$S$COMPARE" >/dev/null 2>&1 &
WPID=$!
sleep 1
kill -TERM "$SPID"; rc=0; wait "$SPID" || rc=$?
SPID=""
wait "$WPID" 2>/dev/null || true
echo "SIGTERM under load: exit $rc; $(tail -1 "$TMP/serve.log")"
kill $(jobs -p) 2>/dev/null || true
