#!/usr/bin/env bash
# Throughput of the signed-in portal pages against the same bytes served without us, in one run: nginx serving the
# ticket list's bytes as a static file, Hummingbird alone serving them (GatehouseBenchmarks static-page: the
# framework's own cost), GET /healthz through our middleware, and the signed-in pages — a small page that reads the
# session and contact but no ticket (/account/password), the ticket list, a ticket with its conversation and the
# agent inbox. Every server is pinned to CPU 0, wrk to CPU 1; the targets alternate within each round so that drift
# in machine load hits all alike. Prints requests/s and p50/p99 per round, the medians, what each layer costs per
# request (differences of the medians' µs/request), and the targets: the ticket list at >= 10,000 req/s on the one
# core, >= 12% of nginx, p99 < 5 ms at 32 connections. A response other than 200, or of another size than the
# page, fails the run.
# Usage: scripts/bench/http-tickets.sh PATH/TO/gatehouse [PATH/TO/GatehouseBenchmarks]
#   (release builds: swift build -c release --product gatehouse --product GatehouseBenchmarks; the second defaults to
#   the GatehouseBenchmarks beside the first)
#   env: ROUNDS (3), DURATION (10s), WARMUP (3s), CONNECTIONS (32)
# Needs wrk, nginx, taskset, curl, python3 (scripts/install-deps bench) and two CPUs. Figures taken while
# something else keeps a CPU busy (a build) are not comparable: the load average is printed with them.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ] || [ ! -x "$1" ]; then
  echo "usage: http-tickets.sh PATH/TO/gatehouse [PATH/TO/GatehouseBenchmarks]" >&2
  exit 2
fi
binary=$(realpath "$1")
benchmarks=$(realpath "${2:-$(dirname "$binary")/GatehouseBenchmarks}")
[ -x "$benchmarks" ] || { echo "http-tickets: $benchmarks is missing (swift build -c release --product GatehouseBenchmarks)" >&2; exit 2; }
rounds=${ROUNDS:-3}
duration=${DURATION:-10s}
warmup=${WARMUP:-3s}
connections=${CONNECTIONS:-32}
for tool in wrk nginx taskset curl python3; do
  command -v "$tool" >/dev/null || { echo "http-tickets: $tool is missing (scripts/install-deps bench)" >&2; exit 2; }
done
[ "$(nproc)" -ge 2 ] || { echo "http-tickets: needs two CPUs (servers on 0, wrk on 1); this machine has $(nproc)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/http-tickets.XXXXXX")
# gateway-lib.sh starts and stops `gatehouse serve` as the end-to-end scripts do; its $gatehouse is a
# wrapper that execs the binary under taskset, so the pid it watches is the server itself.
gatehouse="$work/gatehouse-cpu0"
printf '#!/bin/sh\nexec taskset -c 0 %q "$@"\n' "$binary" >"$gatehouse"
chmod +x "$gatehouse"
# shellcheck source=../e2e/gateway-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../e2e/gateway-lib.sh"

nginx_pid=''
nginx_job=''
wrk_pid=''
static_pid=''
stop_nginx() {
  [ -n "$nginx_job" ] || return 0
  if [ -n "$nginx_pid" ] && running "$nginx_pid"; then
    kill "$nginx_pid" 2>/dev/null || true  # SIGTERM: the master stops its worker, then exits
    local _
    for _ in $(seq 100); do running "$nginx_pid" || break; sleep 0.05; done
    if running "$nginx_pid"; then kill -9 "$nginx_pid" 2>/dev/null || true; fi
  fi
  wait "$nginx_job" 2>/dev/null || true
  nginx_pid='' nginx_job=''
}
cleanup() {
  local rc=$?
  # errexit would end the trap at the first failing step (and leave the server running).
  set +e
  if [ -n "$wrk_pid" ]; then kill "$wrk_pid" 2>/dev/null; wait "$wrk_pid" 2>/dev/null; fi
  if [ -n "$static_pid" ]; then kill "$static_pid" 2>/dev/null; wait "$static_pid" 2>/dev/null; fi
  stop_nginx
  if [ "$rc" -ne 0 ] && [ -s "$work/nginx/error.log" ]; then
    echo "--- nginx error log (last 10 lines)" >&2
    tail -10 "$work/nginx/error.log" >&2
  fi
  (exit "$rc")  # gw_cleanup takes the script's status from $?
  gw_cleanup
}
trap cleanup EXIT
trap 'exit 130' INT TERM
die() { echo "FAIL: $*" >&2; exit 1; }
gw_init

# The port is chosen first so the portal's base URL (its Origin check and links) names it.
port=$(free_port)
base=http://127.0.0.1:$port
export GATEHOUSE_DATABASE_PATH="$work/gatehouse.sqlite" GATEHOUSE_DEMO_ENABLED=false GATEHOUSE_SERVER_HOST=127.0.0.1 \
  GATEHOUSE_SERVER_PORT=$port GATEHOUSE_PORTAL_BASE_URL=$base
email=demo@gatehouse.test
printf '%s' "bench-Tickets-$(date +%s)-pw" >"$work/password"
printf '%s' "bench-Agent-$(date +%s)-pw" >"$work/agent-password"

# 1. A customer with a password and tickets. A binary without `demo seed` (older builds) gets a portal
#    admin instead, whose /tickets lists nothing: a smaller page, and the figures say so.
page_kind="demo seed"
if "$binary" demo seed --help >/dev/null 2>&1; then
  "$binary" demo seed --config "$config" --password-file "$work/password" --agent-password-file "$work/agent-password" \
    >"$work/seed.log" 2>&1 ||
    die "gatehouse demo seed failed: $(tail -5 "$work/seed.log")"
else
  page_kind="no demo seed: an admin without tickets"
  echo "WARNING: this gatehouse has no 'demo seed'; measuring the /tickets of a portal admin without tickets" >&2
  "$binary" admin create --config "$config" --email "$email" --password-file "$work/password" >"$work/seed.log" 2>&1 ||
    die "gatehouse admin create failed: $(tail -5 "$work/seed.log")"
fi

# 2. The server on CPU 0; gw_start waits for /readyz (and retries the port if someone took it meanwhile).
gw_start "$port" || die "gatehouse serve did not become ready on port $port"

# 3. Sign in like a browser: the login page sets the CSRF cookie, the form posts it back with the Origin header.
#    sign_in EMAIL PASSWORD_FILE JAR: prints the Cookie header a browser then sends.
sign_in() {
  local email=$1 password=$2 jar=$3 code csrf session csrf_cookie
  code=$(curl -s --noproxy '*' --max-time 10 -c "$jar" -b "$jar" -o "$work/login.html" -w '%{http_code}' "$base/login")
  [ "$code" = 200 ] || die "GET /login answered $code"
  csrf=$(sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' "$work/login.html" | head -1)
  [ -n "$csrf" ] || die "no csrf_token field on the login page"
  code=$(curl -s --noproxy '*' --max-time 30 -c "$jar" -b "$jar" -o "$work/login-post.html" -w '%{http_code}' -H "Origin: $base" \
    --data-urlencode "csrf_token=$csrf" --data-urlencode "email=$email" --data-urlencode "password@$password" \
    --data-urlencode "return_to=/tickets" "$base/login")
  [ "$code" = 303 ] || die "POST /login for $email answered $code, expected 303: $(head -c 300 "$work/login-post.html")"
  session=$(awk '$6 == "gatehouse_session" { print $7 }' "$jar")
  csrf_cookie=$(awk '$6 == "gatehouse_csrf" { print $7 }' "$jar")
  [ -n "$session" ] || die "POST /login set no gatehouse_session cookie"
  # A browser sends both cookies; without the CSRF one every page view would mint a new token and cookie.
  echo "gatehouse_session=$session; gatehouse_csrf=$csrf_cookie"
}
cookie=$(sign_in "$email" "$work/password" "$work/cookies.txt")
agent_cookie=''
[ "$page_kind" = "demo seed" ] && agent_cookie=$(sign_in agent@gatehouse.test "$work/agent-password" "$work/agent-cookies.txt")

# 4. The page once: 200, the customer's tickets on it, and its size for nginx's file.
code=$(curl -s --noproxy '*' --max-time 10 -H "Cookie: $cookie" -o "$work/tickets.html" -w '%{http_code}' "$base/tickets")
[ "$code" = 200 ] || die "GET /tickets answered $code"
bytes=$(wc -c <"$work/tickets.html")
if [ "$page_kind" = "demo seed" ]; then
  # The most recently active ticket of the customer, read from the database, must be on the first page.
  listed=$(python3 - "$GATEHOUSE_DATABASE_PATH" "$email" "$work/tickets.html" <<'EOF'
import html, sqlite3, sys
path, email, page = sys.argv[1:]
db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
rows = db.execute("""SELECT t.subject FROM ticket t JOIN ticketContact tc ON tc.ticketID = t.id
                     JOIN contact c ON c.id = tc.contactID WHERE c.email = ?
                     ORDER BY t.lastActivityAt DESC, t.id DESC""", (email,)).fetchall()
text = html.unescape(open(page, encoding="utf-8").read())
if not rows or rows[0][0] not in text:
    sys.exit(f"{len(rows)} tickets in the database; the newest ({rows[0][0] if rows else None!r}) is not on the page")
print(len(rows))
EOF
  ) || die "GET /tickets does not show the ticket list: $listed"
  page_kind="demo seed, $listed tickets"
else
  grep -q "$email" "$work/tickets.html" || die "GET /tickets does not name the signed-in contact"
fi

# The other pages once: 200, and their sizes (wrk's answers are checked against them).
page() {  # page NAME PATH COOKIE: $work/NAME.html
  local code
  code=$(curl -s --noproxy '*' --max-time 10 -H "Cookie: $3" -o "$work/$1.html" -w '%{http_code}' "$base$2")
  [ "$code" = 200 ] || die "GET $2 answered $code"
}
detail_path=/tickets/$(sed -n 's/.*<tr class="ticket" data-id="\([0-9]*\)".*/\1/p' "$work/tickets.html" | head -1)
[ "$detail_path" != /tickets/ ] || die "the ticket list links to no ticket"
page detail "$detail_path" "$cookie"
page account /account/password "$cookie"
[ -z "$agent_cookie" ] || page inbox /agent/tickets "$agent_cookie"
code=$(curl -s --noproxy '*' --max-time 10 -o "$work/healthz.html" -w '%{http_code}' "$base/healthz")
[ "$code" = 200 ] || die "GET /healthz answered $code"

# 5. nginx: own prefix in the work directory, one worker, no access log, the page's bytes as a static file.
mkdir -p "$work/nginx/html" "$work/nginx/tmp"
cp "$work/tickets.html" "$work/nginx/html/tickets"
nginx_port=$(free_port)
user_line=''
[ "$(id -u)" -eq 0 ] && user_line="user $(id -un) $(id -gn);"  # workers would otherwise run as nobody
cat >"$work/nginx/nginx.conf" <<EOF
$user_line
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  default_type text/html;
  client_body_temp_path $work/nginx/tmp/body;
  proxy_temp_path $work/nginx/tmp/proxy;
  fastcgi_temp_path $work/nginx/tmp/fastcgi;
  uwsgi_temp_path $work/nginx/tmp/uwsgi;
  scgi_temp_path $work/nginx/tmp/scgi;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/nginx/html;
  }
}
EOF
(
  taskset -c 0 nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" </dev/null &
  echo $! >"$work/nginx/master.pid"
  wait $!
) >>"$work/nginx/stdout.log" 2>&1 &
nginx_job=$!
for _ in $(seq 500); do [ -s "$work/nginx/master.pid" ] && break; sleep 0.01; done
nginx_pid=$(cat "$work/nginx/master.pid")
nginx_url="http://127.0.0.1:$nginx_port/tickets"
for _ in $(seq 200); do [ "$(http_code "$nginx_url")" = 200 ] && break; sleep 0.05; done
[ "$(http_code "$nginx_url")" = 200 ] || die "nginx did not serve $nginx_url"
[ "$(curl -s --noproxy '*' "$nginx_url" | wc -c)" -eq "$bytes" ] || die "nginx serves another size than $bytes bytes"

# Hummingbird alone, the same bytes, on CPU 0.
static_port=$(free_port)
taskset -c 0 "$benchmarks" static-page --file "$work/tickets.html" --port "$static_port" >"$work/static.log" 2>&1 &
static_pid=$!
static_url="http://127.0.0.1:$static_port/page"
for _ in $(seq 200); do [ "$(http_code "$static_url")" = 200 ] && break; sleep 0.05; done
[ "$(http_code "$static_url")" = 200 ] || die "GatehouseBenchmarks static-page did not serve $static_url: $(tail -3 "$work/static.log")"

# 6. wrk on CPU 1. The script's done() prints exact counts: non-2xx/3xx answers (wrk's own count), socket
#    errors, and bytes per response, which catches a 303 to /login (an expired session) that wrk counts as fine.
cat >"$work/report.lua" <<'EOF'
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d duration_us=%d bytes=%d status=%d connect=%d read=%d write=%d timeout=%d p50_us=%d p99_us=%d\n",
    summary.requests, summary.duration, summary.bytes, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
EOF
field() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" <<<" $2"; }

# load NAME URL BYTES DURATION [WRK OPTIONS...]: one wrk run; sets $rps, $p99_ms, $latency and $non2xx, and fails on a
# wrong answer (another status, or a size that is not the page's).
load() {
  local name=$1 url=$2 bytes=$3 length=$4 result requests
  shift 4
  # In the background so that an interrupt is handled at once, not when the run ends.
  taskset -c 1 wrk -t1 -c"$connections" -d"$length" --timeout 5s -s "$work/report.lua" "$@" "$url" >"$work/wrk.out" 2>&1 &
  wrk_pid=$!
  local rc=0
  wait "$wrk_pid" || rc=$?
  wrk_pid=''
  [ "$rc" -eq 0 ] || die "wrk failed against $name (exit $rc): $(tail -3 "$work/wrk.out")"
  result=$(grep '^RESULT ' "$work/wrk.out") || die "wrk printed no result for $name: $(tail -3 "$work/wrk.out")"
  requests=$(field requests "$result")
  non2xx=$(field status "$result")
  [ "$requests" -gt 0 ] || die "$name answered no request"
  [ "$non2xx" -eq 0 ] || die "$name gave $non2xx non-2xx/3xx answers of $requests: the run is void"
  local per=$(($(field bytes "$result") / requests))
  # Headers add a few hundred bytes to the page; a redirect or an error page is far smaller than it.
  { [ "$per" -ge "$bytes" ] && [ "$per" -le $((bytes + 2048)) ]; } ||
    die "$name answered $per bytes per response for a $bytes-byte page: not the page (a redirect to /login?)"
  local socket=$(($(field connect "$result") + $(field read "$result") + $(field write "$result") + $(field timeout "$result")))
  [ "$socket" -eq 0 ] || echo "  warning: $name had $socket socket errors (connect/read/write/timeout)" >&2
  rps=$(awk -v n="$requests" -v us="$(field duration_us "$result")" 'BEGIN { printf "%.0f", n / (us / 1e6) }')
  latency=$(awk -v a="$(field p50_us "$result")" -v b="$(field p99_us "$result")" 'BEGIN { printf "p50 %.2f ms, p99 %.2f ms", a / 1000, b / 1000 }')
  p99_ms=$(awk -v b="$(field p99_us "$result")" 'BEGIN { printf "%.2f", b / 1000 }')
}
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# The targets: name, URL, page bytes, Cookie header.
names=(nginx hummingbird healthz account list detail)
declare -A url=([nginx]=$nginx_url [hummingbird]=$static_url [healthz]=$base/healthz [account]=$base/account/password
  [list]=$base/tickets [detail]=$base$detail_path)
declare -A size=([nginx]=$bytes [hummingbird]=$bytes [healthz]=$(wc -c <"$work/healthz.html") [account]=$(wc -c <"$work/account.html")
  [list]=$bytes [detail]=$(wc -c <"$work/detail.html"))
declare -A jar=([nginx]='' [hummingbird]='' [healthz]='' [account]=$cookie [list]=$cookie [detail]=$cookie)
declare -A label=([nginx]="nginx static (list bytes)" [hummingbird]="Hummingbird static (list bytes)"
  [healthz]="/healthz (our middleware)" [account]="/account/password (session, contact)" [list]="/tickets (ticket list)"
  [detail]="$detail_path (ticket detail)" [inbox]="/agent/tickets (agent inbox)")
if [ -n "$agent_cookie" ]; then
  names+=(inbox)
  url[inbox]=$base/agent/tickets size[inbox]=$(wc -c <"$work/inbox.html") jar[inbox]=$agent_cookie
fi
run_target() {  # run_target NAME DURATION
  local name=$1
  if [ -n "${jar[$name]}" ]; then
    load "$name" "${url[$name]}" "${size[$name]}" "$2" -H "Cookie: ${jar[$name]}"
  else
    load "$name" "${url[$name]}" "${size[$name]}" "$2"
  fi
}

echo "http-tickets — signed-in pages ($page_kind) against nginx $(nginx -v 2>&1 | sed 's/.*\///') and Hummingbird serving the list's $bytes bytes"
echo "  servers on CPU 0, wrk -t1 -c$connections -d$duration on CPU 1; $rounds rounds after a $warmup warm-up of each"
echo "  load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for name in "${names[@]}"; do run_target "$name" "$warmup"; done
declare -A all_rps all_p99
for round in $(seq "$rounds"); do
  line="  round $round:"
  for name in "${names[@]}"; do
    run_target "$name" "$duration"
    all_rps[$name]="${all_rps[$name]:-} $rps"
    all_p99[$name]="${all_p99[$name]:-} $p99_ms"
    line="$line $name $rps/s (p99 $p99_ms ms);"
  done
  echo "$line"
done
gw_alive || die "gatehouse serve is no longer running"
echo "  load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
declare -A med p99
for name in "${names[@]}"; do
  # shellcheck disable=SC2086 # word splitting of the collected figures is intended
  med[$name]=$(median ${all_rps[$name]})
  # shellcheck disable=SC2086
  p99[$name]=$(median ${all_p99[$name]})
done
us() { awk -v r="$1" 'BEGIN { printf "%.1f", 1e6 / r }'; }
printf '  %-44s %10s %9s %10s %9s\n' "median of $rounds rounds" "req/s" "µs/req" "p99 ms" "bytes"
for name in "${names[@]}"; do
  printf '  %-44s %10s %9s %10s %9s\n' "${label[$name]}" "${med[$name]}" "$(us "${med[$name]}")" "${p99[$name]}" "${size[$name]}"
done
layer() { awk -v a="$(us "$1")" -v b="$(us "$2")" 'BEGIN { printf "%.1f", a - b }'; }
echo "  per request, by difference of the medians: HTTP (Hummingbird, socket, the bytes) $(us "${med[hummingbird]}") µs;" \
  "our middleware $(layer "${med[healthz]}" "${med[hummingbird]}") µs over Hummingbird's page (healthz is smaller);" \
  "session + contact + a small page $(layer "${med[account]}" "${med[healthz]}") µs over /healthz;" \
  "the ticket query + list render $(layer "${med[list]}" "${med[account]}") µs over /account/password" \
  "(GatehouseBenchmarks views gives the render alone)"
ratio=$(awk -v g="${med[list]}" -v n="${med[nginx]}" 'BEGIN { printf "%.3f", g / n }')
verdict() { awk -v ok="$1" 'BEGIN { print ok ? "met" : "MISSED" }'; }
echo "http-tickets: ticket list ${med[list]} req/s on one core (target >= 10,000: $(verdict "$(awk -v r="${med[list]}" 'BEGIN { print (r >= 10000) }')")," \
  "list/nginx $ratio (target >= 0.12: $(verdict "$(awk -v r="$ratio" 'BEGIN { print (r >= 0.12) }')"))," \
  "p99 ${p99[list]} ms at $connections connections (target < 5: $(verdict "$(awk -v p="${p99[list]}" 'BEGIN { print (p < 5) }')"))"
