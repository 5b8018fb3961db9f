#!/usr/bin/env bash
# A fleet: two `gatehouse serve` instances, A and B, on one PostgreSQL database behind a real nginx load balancer
# (round-robin upstream; a test-only cookie pins a request to one instance). Requests reach both; an IdP added with
# the CLI is offered by both at once; a SAML sign-in with SimpleSAMLphp started on A completes on B, and the same
# response replayed to the other instance is refused; signing out on A ends the session on B; password failures
# sent alternately to A and B add up to one throttle; a revoked API token is refused by both at once; PostgreSQL
# stopped and started again: 503 (never 500) on both while it is down, service back without a restart; kill -9 of
# A in the middle of a stream of API replies and registrations loses no acknowledged write while B keeps answering.
# Needs GATEHOUSE_E2E_POSTGRES (the directory of a running scripts/postgres-cluster) and nginx.
# Usage: GATEHOUSE_E2E_POSTGRES=DIR scripts/e2e/fleet.sh PATH/TO/gatehouse
set -euo pipefail

[ $# -eq 1 ] && [ -x "$1" ] || { echo "usage: GATEHOUSE_E2E_POSTGRES=DIR fleet.sh PATH/TO/gatehouse" >&2; exit 2; }
if [ -z "${GATEHOUSE_E2E_POSTGRES:-}" ] || [ ! -f "$GATEHOUSE_E2E_POSTGRES/env" ]; then
  echo "FAIL: fleet.sh needs GATEHOUSE_E2E_POSTGRES=<directory of a running scripts/postgres-cluster>:" \
    "the two instances share one PostgreSQL database (got '${GATEHOUSE_E2E_POSTGRES:-}')" >&2
  exit 1
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$nginx_bin" ] || { echo "FAIL: nginx is not installed (scripts/install-deps test installs it)" >&2; exit 1; }
gatehouse=$(realpath "$1")
pg_cluster=$(realpath "$GATEHOUSE_E2E_POSTGRES")
work=$(mktemp -d "${TMPDIR:-/tmp}/fleet.XXXXXX")
# shellcheck source=gateway-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/gateway-lib.sh"
trap gw_cleanup EXIT
gw_keep_work_on_failure=1  # the instances' logs and nginx's access log (which instance answered what) stay
trap 'exit 130' INT TERM
gw_init

session=gatehouse_session
mkdir -p "$work/nginx" "$work/stream"
declare -A inst_port=() inst_pid=() inst_job=()
nginx_pid='' nginx_job='' nginx_port=''
pg_paused='' stream_jobs=()

# --- nginx ---------------------------------------------------------------------------------------------------------
# The load balancer: round-robin over A and B (`gatehouse_fleet`); nginx passes a request that could not be
# connected to the next instance (proxy_next_upstream error), never a POST that reached one. The cookie
# e2e_upstream=a|b (set by pin/hit below) sends a request to that instance instead, through the same proxy, so the
# test decides where each step of a sign-in lands. X-Upstream and the access log say which instance answered.
nginx_conf() {
  local user_line=''
  # As root, nginx's workers would run as nobody, who cannot enter $work: run them as the current user.
  [ "$(id -u)" -eq 0 ] && user_line="user $(id -un) $(id -gn);"
  cat >"$work/nginx/nginx.conf" <<EOF
$user_line
daemon off;
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 512; }
http {
  log_format fleet '\$msec \$request_method \$uri \$status "\$upstream_addr"';
  access_log $work/nginx/access.log fleet;
  client_body_temp_path $work/nginx/client_body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  upstream gatehouse_fleet {
    server 127.0.0.1:${inst_port[a]} max_fails=1 fail_timeout=5s;
    server 127.0.0.1:${inst_port[b]} max_fails=1 fail_timeout=5s;
  }
  upstream gatehouse_a { server 127.0.0.1:${inst_port[a]}; }
  upstream gatehouse_b { server 127.0.0.1:${inst_port[b]}; }
  map \$cookie_e2e_upstream \$gatehouse_upstream {
    a gatehouse_a;
    b gatehouse_b;
    default gatehouse_fleet;
  }
  server {
    listen 127.0.0.1:$nginx_port;
    location = /_nginx { return 204; }  # nginx itself is up (a probe of the upstreams would mark them failed)
    location / {
      proxy_pass http://\$gatehouse_upstream;
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_connect_timeout 2s;
      proxy_next_upstream error timeout;
      add_header X-Upstream \$upstream_addr always;
    }
  }
}
EOF
}

nginx_alive() { [ -n "$nginx_pid" ] && running "$nginx_pid"; }

# nginx_start: nginx on a free port (retried if another process takes it first); sets nginx_port and $nb.
nginx_start() {
  local _ lines
  for _ in 1 2 3 4 5; do
    nginx_port=$(free_port)
    nb=http://127.0.0.1:$nginx_port
    nginx_conf
    touch "$work/nginx/error.log"
    lines=$(wc -l <"$work/nginx/error.log")
    rm -f "$work/nginx/master.pid"
    (
      "$nginx_bin" -p "$work/nginx/" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" </dev/null &
      echo $! >"$work/nginx/master.pid"
      wait $! || true
    ) >>"$work/nginx/stdout.log" 2>&1 &
    nginx_job=$!
    for _ in $(seq 500); do [ -s "$work/nginx/master.pid" ] && break; sleep 0.01; done
    nginx_pid=$(cat "$work/nginx/master.pid" 2>/dev/null || true)
    local deadline=$((SECONDS + 10))
    while [ $SECONDS -lt $deadline ] && nginx_alive; do
      [ "$(http_code "$nb/_nginx")" = 204 ] && return 0
      sleep 0.05
    done
    nginx_stop
    tail -n +$((lines + 1)) "$work/nginx/error.log" | grep -q "Address already in use" || return 1
  done
  return 1
}

nginx_stop() {
  [ -n "$nginx_job" ] || return 0
  if nginx_alive; then
    kill "$nginx_pid" 2>/dev/null || true
    local _
    for _ in $(seq 100); do nginx_alive || break; sleep 0.05; done
    if nginx_alive; then kill -9 "$nginx_pid" 2>/dev/null || true; fi
  fi
  wait "$nginx_job" 2>/dev/null || true
  nginx_pid='' nginx_job=''
}

# --- the two instances -----------------------------------------------------------------------------------------------
# at NAME: the address nginx names instance NAME by (in X-Upstream and the access log).
at() { echo "127.0.0.1:${inst_port[$1]}"; }

# inst_alive NAME: instance NAME runs and is still the child of its subshell (its pid was not reused).
inst_alive() {
  local pid=${inst_pid[$1]:-}
  [ -n "$pid" ] && running "$pid" && [ "$(awk '{print $4}' "/proc/$pid/stat" 2>/dev/null)" = "${inst_job[$1]}" ]
}

# inst_launch NAME: starts `gatehouse serve --port ${inst_port[NAME]}` (log $work/NAME.log, exit status NAME.rc).
# The subshell that waits for it keeps bash's "Killed" notices out of the terminal, as gw_start does.
inst_launch() {
  local name=$1 _
  echo "### $(date +%T.%N | cut -c1-12) gatehouse serve --port ${inst_port[$name]}" >>"$work/$name.log"
  rm -f "$work/$name.pid" "$work/$name.rc"
  (
    "$gatehouse" serve --config "$config" --port "${inst_port[$name]}" </dev/null &
    echo $! >"$work/$name.pid"
    rc=0
    wait $! || rc=$?
    echo $rc >"$work/$name.rc"
  ) >>"$work/$name.log" 2>&1 &
  inst_job[$name]=$!
  for _ in $(seq 500); do [ -s "$work/$name.pid" ] && break; sleep 0.01; done
  inst_pid[$name]=$(cat "$work/$name.pid" 2>/dev/null || true)
}

# inst_ready NAME: waits up to 30 s for NAME's own /readyz to answer 200; false if it exited or timed out.
inst_ready() {
  local deadline=$((SECONDS + 30))
  while [ $SECONDS -lt $deadline ]; do
    inst_alive "$1" || return 1
    [ "$(http_code "http://127.0.0.1:${inst_port[$1]}/readyz")" = 200 ] && return 0
    sleep 0.05
  done
  return 1
}

# inst_stop NAME: SIGTERM (SIGKILL after 5 s) and reap instance NAME, if it runs.
inst_stop() {
  [ -n "${inst_job[$1]:-}" ] || return 0
  if inst_alive "$1"; then
    kill "${inst_pid[$1]}" 2>/dev/null || true
    local _
    for _ in $(seq 100); do inst_alive "$1" || break; sleep 0.05; done
    if inst_alive "$1"; then kill -9 "${inst_pid[$1]}" 2>/dev/null || true; fi
  fi
  wait "${inst_job[$1]}" 2>/dev/null || true
  inst_pid[$1]='' inst_job[$1]=''
}

gw_cleanup_extra() {
  local job
  touch "$work/stream/stop" 2>/dev/null
  for job in "${stream_jobs[@]}"; do kill "$job" 2>/dev/null || true; wait "$job" 2>/dev/null || true; done
  # A failure while PostgreSQL was paused must not leave the shared test server stopped.
  if [ -n "$pg_paused" ]; then "$e2e_dir/../postgres-cluster" resume "$pg_cluster" || true; fi
  inst_stop a
  inst_stop b
  nginx_stop
}

gw_dump_logs_extra() {
  local log
  for log in "$work/a.log" "$work/b.log" "$work/nginx/error.log" "$work/nginx/access.log"; do
    [ -s "$log" ] && { echo "--- $log (last 25 lines)" >&2; tail -25 "$log" >&2; }
  done
  return 0
}

# --- requests through the load balancer ---------------------------------------------------------------------------
# pin JAR TO: the browser with cookie jar JAR sends its next requests to instance TO (a, b), or round-robin (any).
pin() {
  local jar=$1 to=$2
  [ -s "$jar" ] || printf '# Netscape HTTP Cookie File\n' >"$jar"
  grep -v $'\te2e_upstream\t' "$jar" >"$jar.tmp" || true
  [ "$to" = any ] || printf '127.0.0.1\tFALSE\t/\tFALSE\t2147483647\te2e_upstream\t%s\n' "$to" >>"$jar.tmp"
  mv "$jar.tmp" "$jar"
}

# browse NAME JAR TO MODE ARGS...: browser.py MODE ARGS with the cookie jar $work/JAR.jar, pinned to TO.
browse() {
  local name=$1 jar=$work/$2.jar to=$3; shift 3
  pin "$jar" "$to"
  run "$name" "${browser[@]}" "$@" --cookie-jar "$jar"
}

# sign_in NAME JAR TO EMAIL PASSWORD: the /login form as a browser submits it, through nginx to TO.
sign_in() { browse "$1" "$2" "$3" form "$nb/login" --set "email=$4" --set "password=$5"; }

# upstream_of HEADERS: the X-Upstream header (which instance answered; "A, B" if nginx retried on B).
upstream_of() { tr -d '\r' <"$1" 2>/dev/null | sed -n 's/^[Xx]-[Uu]pstream: //p' | tail -1; }

# hit NAME TO METHOD PATH [curl options...]: one request through nginx to TO (a, b or any). Body and headers in
# $work/NAME.body and NAME.headers; sets $code (000: no answer) and $upstream.
hit() {
  local name=$1 to=$2 method=$3 path=$4; shift 4
  local args=(-s --noproxy '*' --max-time 20 -o "$work/$name.body" -D "$work/$name.headers" -w '%{http_code}' -X "$method")
  [ "$to" = any ] || args+=(-b "e2e_upstream=$to")
  : >"$work/$name.headers"
  code=$(curl "${args[@]}" "$@" "$nb$path" 2>/dev/null) || code=000
  upstream=$(upstream_of "$work/$name.headers")
}

# api NAME TO METHOD PATH [JSON] [TOKEN]: a JSON API call (bearer TOKEN, default $stream_token) through nginx;
# $work/NAME.out becomes {"status", "body" (the JSON answer or its text), "upstream"} for expect_json.
api() {
  local name=$1 to=$2 method=$3 path=$4 data=${5:-} bearer=${6:-$stream_token}
  local args=(-H "Authorization: Bearer $bearer")
  [ -z "$data" ] || args+=(-H 'Content-Type: application/json' --data-binary "$data")
  hit "$name" "$to" "$method" "/api/v1/$path" "${args[@]}"
  python3 - "$code" "$work/$name.body" "$upstream" >"$work/$name.out" <<'EOF'
import json, sys
code, path, upstream = sys.argv[1:]
text = open(path, errors="replace").read()
try:
    body = json.loads(text)
except ValueError:
    body = text
json.dump({"status": int(code), "body": body, "upstream": upstream}, sys.stdout)
EOF
}

# answered METHOD PATH MARK: the instance address that answered the first METHOD PATH logged after access-log
# line MARK (nginx writes the line once the answer is sent, so it is waited for).
log_mark() { wc -l <"$work/nginx/access.log"; }
answered() {
  local found='' deadline=$((SECONDS + 3))
  while :; do
    found=$(tail -n +$(($3 + 1)) "$work/nginx/access.log" | awk -v m="$1" -v p="$2" '$2 == m && $3 == p { gsub(/"/, "", $5); print $5; exit }')
    [ -n "$found" ] || [ $SECONDS -ge $deadline ] && break
    sleep 0.05
  done
  echo "$found"
}

# wait_for SECONDS COMMAND...: polls COMMAND every 0.1 s until it succeeds (0) or SECONDS pass (1).
wait_for() {
  local deadline=$((SECONDS + $1)); shift
  until "$@"; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.1
  done
}

# json_field FILE KEY...: the value at d[KEY]... of FILE's JSON (a number KEY indexes a list); '' if none.
json_field() { python3 -c 'import json, sys; d = json.load(open(sys.argv[1]))
for k in sys.argv[2:]: d = d[int(k)] if isinstance(d, list) else d[k]
print(d)' "$@" 2>/dev/null || true; }

# --- start: nginx, then both instances with the same configuration --------------------------------------------------
inst_port[a]=$(free_port)
inst_port[b]=$(free_port)
while [ "${inst_port[b]}" = "${inst_port[a]}" ]; do inst_port[b]=$(free_port); done
nginx_start || { echo "FAIL: nginx did not start (log: $(tail -3 "$work/nginx/error.log" 2>/dev/null))" >&2; exit 1; }
# shellcheck disable=SC2034 # expect_json's base: every URL the browser sees is the load balancer's
base=$nb
export GATEHOUSE_DEMO_ENABLED=false GATEHOUSE_PORTAL_BASE_URL=$nb GATEHOUSE_SERVER_TRUSTED_PROXIES=127.0.0.1 \
  GATEHOUSE_MEMBERSHIP_SELF_REGISTRATION=true GATEHOUSE_LIMITS_ACCOUNT_REQUESTS_PER_CLIENT=1000
# While PostgreSQL is down a request waits for it up to connect timeout (5 s) + statement timeout + 1 s.
export GATEHOUSE_DATABASE_STATEMENT_TIMEOUT_MS=2000
# Both start at once; one that lost its port to another process meanwhile gets another, and nginx reloads.
declare -A log_lines=()
for name in a b; do
  log_lines[$name]=0
  inst_launch "$name"
done
for name in a b; do
  for attempt in 1 2 3; do
    inst_ready "$name" && break
    inst_stop "$name"
    if [ "$attempt" -lt 3 ] && tail -n +$((log_lines[$name] + 1)) "$work/$name.log" | grep -qi "address already in use"; then
      log_lines[$name]=$(wc -l <"$work/$name.log")
      inst_port[$name]=$(free_port)
      nginx_conf
      kill -HUP "$nginx_pid"
      inst_launch "$name"
      continue
    fi
    echo "FAIL: gatehouse serve (instance $name) did not become ready" >&2
    exit 1
  done
done
reaches() { hit "probe-$1" "$1" GET /healthz && [ "$code" = 200 ] && [ "$upstream" = "$(at "$1")" ]; }
for name in a b; do
  wait_for 10 reaches "$name" || { echo "FAIL: nginx does not reach instance $name at $(at "$name")" >&2; exit 1; }
done
echo "(fleet: nginx at $nb; instance a at $(at a), b at $(at b))"

# 1. Both instances answer behind the load balancer, each naming the balancer's URL as its own.
for name in a b; do
  assert "instance $name's startup line names the load balancer: 'Gatehouse is serving … at $nb/login'" \
    grep -q "^Gatehouse is serving .* at $nb/login\$" "$work/$name.log"
done
: >"$work/round-robin"
for i in 1 2 3 4 5 6; do
  hit "rr-$i" any GET /healthz
  echo "$code $upstream" >>"$work/round-robin"
done
both_seen() {
  [ "$(grep -c '^200 ' "$work/round-robin")" -eq 6 ] &&
    [ "$(cut -d' ' -f2 "$work/round-robin" | sort -u | tr '\n' ' ')" = "$(printf '%s\n' "$(at a)" "$(at b)" | sort | tr '\n' ' ')" ]
}
assert "six GET /healthz through nginx answer 200 from both instances (X-Upstream): $(tr '\n' ';' <"$work/round-robin")" both_seen

# The demo people and tickets, and two API tokens, through the admin CLI on the shared database.
python3 -c 'import secrets; print(secrets.token_urlsafe(18))' >"$work/customer.pw"
python3 -c 'import secrets; print(secrets.token_urlsafe(18))' >"$work/agent.pw"
run seed gh demo seed --password-file "$work/customer.pw" --agent-password-file "$work/agent.pw"
expect seed 0 "gatehouse demo seed while both instances run"
run token-stream gh api-token create --name fleet-stream
expect token-stream 0 "gatehouse api-token create --name fleet-stream"
stream_token=$(grep . "$work/token-stream.out" | tail -1)
run token-revoke gh api-token create --name fleet-revoke
expect token-revoke 0 "gatehouse api-token create --name fleet-revoke"
revoke_token=$(grep . "$work/token-revoke.out" | tail -1)

# 7. An IdP added with the CLI while both run: each offers and accepts it at its next request.
hit metadata any GET /saml/metadata
assert "GET /saml/metadata through nginx: 200 naming the balancer's ACS $nb/saml/acs" \
  grep -q "Location=\"$nb/saml/acs\"" "$work/metadata.body"
"$e2e_dir/simplesamlphp/start-idp.sh" --sp-metadata "$work/metadata.body" --env-file "$work/idp.env" >/dev/null ||
  { echo "FAIL: the SimpleSAMLphp IdP did not start" >&2; exit 1; }
# shellcheck disable=SC1091
source "$work/idp.env"
start_url="$nb/saml/login?idp=simplesaml&return_to=/tickets"
for name in a b; do
  browse "login-before-$name" "plain-$name" "$name" get "$nb/login"
  expect_json "login-before-$name" 'd["status"] == 200 and "/saml/login?idp=simplesaml&return_to=/tickets" not in d["links"]' \
    "instance $name's /login has no IdP button before idp add"
  hit "saml-before-$name" "$name" GET "/saml/login?idp=simplesaml&return_to=/tickets"
  assert "instance $name refuses /saml/login?idp=simplesaml before idp add (403): $code from $upstream" \
    test "$code $upstream" = "403 $(at "$name")"
done
run idp-add gh idp add --metadata "$IDP_METADATA_FILE" --name simplesaml --allow-unsolicited
expect idp-add 0 "gatehouse idp add --allow-unsolicited while both instances run"
for name in a b; do
  browse "login-after-$name" "plain-$name" "$name" get "$nb/login"
  expect_json "login-after-$name" 'd["status"] == 200 and "/saml/login?idp=simplesaml&return_to=/tickets" in d["links"]' \
    "instance $name's /login offers the new IdP at its next request"
  hit "saml-after-$name" "$name" GET "/saml/login?idp=simplesaml&return_to=/tickets"
  location=$(tr -d '\r' <"$work/saml-after-$name.headers" | sed -n 's/^[Ll]ocation: //p')
  assert "instance $name accepts /saml/login?idp=simplesaml after idp add: 303 to the IdP ($code from $upstream, ${location:0:60})" \
    test "$code $upstream ${location%%\?*}" = "303 $(at "$name") $IDP_SSO_URL"
done

# 2. SAML sign-in begun on A (GET /saml/login answered by A), completed on B (the ACS POST answered by B).
mark=$(log_mark)
browse sp-begin alice a login --start "$start_url" --username alice --password alice-password \
  --stop-at-post-to "$nb/saml/acs" --save-response "$work/sp.b64"
expect_json sp-begin 'd["outcome"] == "post_form" and d["login_form_seen"] and cookie("gatehouse_saml")' \
  "alice begins an SP-initiated sign-in through nginx and signs in at the IdP"
assert "GET /saml/login was answered by instance a ($(at a))" test "$(answered GET /saml/login "$mark")" = "$(at a)"
relay=$(json_field "$work/sp-begin.out" post fields RelayState)
cp "$work/alice.jar" "$work/alice-replay.jar"  # still holds the gatehouse_saml request cookie
mark=$(log_mark)
browse sp-complete alice b post "$nb/saml/acs" --field "SAMLResponse=@$work/sp.b64" --field "RelayState=$relay" --origin "$IDP_URL"
expect_json sp-complete 'd["final_url"] == base + "/tickets" and d["status"] == 200 and "alice@example.com" in d["text"] and cookie("'$session'")' \
  "the IdP's response posted to the ACS on B signs alice in: /tickets 200"
expect_json sp-complete '[h["status"] for h in hops("POST", base + "/saml/acs")] == [303] and cookie("gatehouse_saml") is None' \
  "B's ACS answered 303 and cleared the gatehouse_saml cookie A had set"
assert "POST /saml/acs was answered by instance b ($(at b))" test "$(answered POST /saml/acs "$mark")" = "$(at b)"
browse alice-on-a alice a get "$nb/tickets"
expect_json alice-on-a 'len(d["history"]) == 1 and d["status"] == 200 and "alice@example.com" in d["text"]' \
  "the session B created opens /tickets on A"

# 3. The same responses replayed to the other instance are refused.
browse replay-sp alice-replay a post "$nb/saml/acs" --field "SAMLResponse=@$work/sp.b64" --field "RelayState=$relay" --origin "$IDP_URL"
expect_json replay-sp 'd["status"] == 403 and d["codes"].get("reason") == "signin.request_unknown" and cookie("'$session'") is None' \
  "the SP-initiated response B accepted, replayed to A with the same request cookie: 403 signin.request_unknown"
browse idp-capture alice-idp a idp-initiated --start "$IDP_INIT_URL" --username alice --password alice-password \
  --stop-at-post-to "$nb/saml/acs" --save-response "$work/idp.b64"
expect_json idp-capture 'd["outcome"] == "post_form"' "capture an IdP-initiated response for alice"
browse idp-first idp-first a post "$nb/saml/acs" --field "SAMLResponse=@$work/idp.b64" --origin "$IDP_URL"
expect_json idp-first 'd["final_url"] == base + "/tickets" and d["status"] == 200 and cookie("'$session'")' \
  "the IdP-initiated response posted to A signs alice in"
browse idp-replay idp-replay b post "$nb/saml/acs" --field "SAMLResponse=@$work/idp.b64" --origin "$IDP_URL"
expect_json idp-replay 'd["status"] == 403 and d["codes"].get("reason") == "saml.replayed" and cookie("'$session'") is None' \
  "the same IdP-initiated response replayed to B: 403 saml.replayed"

# 5. Signing out on A ends the session on B at once.
cp "$work/alice.jar" "$work/alice-old.jar"
browse alice-logout alice a form "$nb/tickets" --action /logout
expect_json alice-logout 'd["final_url"] == base + "/login?signed_out=1" and cookie("'$session'") is None' \
  "POST /logout on A signs alice out"
browse old-session-b alice-old b get "$nb/tickets"
expect_json old-session-b 'd["history"][0]["status"] == 303 and d["history"][0]["location"].startswith("/login?return_to=%2Ftickets")' \
  "the signed-out session cookie on B: /tickets answers 303 to /login at once"

# 4. Password failures sent alternately to A and B count against one budget: after 5 (3 on A, 2 on B) both
# instances throttle the account's untrusted browsers, the right password included. The delay after the 5th
# failure is 1 s, so the two attempts with the right password are made ready beforehand (the sign-in page and its
# CSRF cookie, through browser.py) and posted with curl, on A and B at once, as soon as the 5th failure is answered.
agent=agent@gatehouse.test
order=(a b a b a)
# quick_login_ready NAME TO: browser.py GETs the sign-in page from TO (jar NAME); its CSRF cookie and token are kept.
quick_login_ready() {
  browse "$1-page" "$1" "$2" get "$nb/login"
  expect_json "$1-page" 'd["status"] == 200' "the sign-in page for the attempt on instance $2 after the failures"
  awk -F'\t' '$6 == "gatehouse_csrf" { print $7 }' "$work/$1.jar" >"$work/$1.csrf"
  python3 -c 'import json, sys
print(next(f["fields"].get("csrf_token", "") for f in json.load(open(sys.argv[1]))["forms"] if f["method"] == "post" and f["action"].endswith("/login")))' \
    "$work/$1-page.out" >"$work/$1.token" 2>/dev/null || true
}
# quick_login NAME TO EMAIL PASSWORD: that form posted at once with curl (CSRF cookie, token and Origin) to TO.
quick_login() {
  curl -s --noproxy '*' --max-time 20 -o "$work/$1.body" -D "$work/$1.headers" -b "gatehouse_csrf=$(cat "$work/$1.csrf"); e2e_upstream=$2" \
    -H "Origin: $nb" --data-urlencode "email=$3" --data-urlencode "password=$4" --data-urlencode "csrf_token=$(cat "$work/$1.token")" "$nb/login" || true
}
# quick_login_result NAME: $work/NAME.out becomes {"status", "retry_after", "text" (of the page), "session" (set)}.
quick_login_result() {
  python3 - "$work/$1.headers" "$work/$1.body" >"$work/$1.out" <<'EOF'
import html, json, re, sys
head = open(sys.argv[1], errors="replace").read().replace("\r", "")
status = re.findall(r"^HTTP/[\d.]+ (\d+)", head, re.M)
retry = re.findall(r"^retry-after: *(\S+)", head, re.M | re.I)
session = [c for c in re.findall(r"^set-cookie: *gatehouse_session=([^;]*)", head, re.M | re.I) if c]
text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", open(sys.argv[2], errors="replace").read())).split())
json.dump({"status": int(status[-1]) if status else 0, "retry_after": retry[-1] if retry else None, "text": text[:2000],
           "session": bool(session)}, sys.stdout)
EOF
}
quick_login_ready throttled-a a
quick_login_ready throttled-b b
for i in 1 2 3 4 5; do
  sign_in "guess-$i" "guess-$i" "${order[$((i - 1))]}" "$agent" "wrong-guess-number-$i"
done
quick_login throttled-b b "$agent" "$(cat "$work/agent.pw")" &
throttled_b=$!
quick_login throttled-a a "$agent" "$(cat "$work/agent.pw")"
wait "$throttled_b" || true
for i in 1 2 3 4 5; do
  expect_json "guess-$i" 'd["status"] == 401 and "login.invalid_credentials" in d["text"]' \
    "wrong password $i for $agent on instance ${order[$((i - 1))]}: 401 login.invalid_credentials"
done
for name in b a; do
  quick_login_result "throttled-$name"
  expect_json "throttled-$name" 'd["status"] == 429 and "login.throttled" in d["text"] and int(d["retry_after"] or 0) >= 1 and not d["session"]' \
    "the right password on instance $name right after 5 failures split over A (3) and B (2): 429 login.throttled with Retry-After, no session"
done

# 6. A revoked API token is refused by both instances at once.
for name in a b; do
  api "token-$name" "$name" GET tickets '' "$revoke_token"
  expect_json "token-$name" 'd["status"] == 200 and d["upstream"] == "'"$(at "$name")"'"' "GET /api/v1/tickets with the token on instance $name: 200"
done
run token-revoke-cli gh api-token revoke --name fleet-revoke
expect token-revoke-cli 0 "gatehouse api-token revoke --name fleet-revoke while both run"
for name in a b; do
  api "revoked-$name" "$name" GET tickets '' "$revoke_token"
  expect_json "revoked-$name" 'd["status"] == 401 and d["body"]["error"]["code"] == "api.unauthorized" and d["upstream"] == "'"$(at "$name")"'"' \
    "the revoked token on instance $name right after the revoke: 401 api.unauthorized"
done

# The IdP removed while both run: both refuse it at their next request.
run idp-remove gh idp remove simplesaml
expect idp-remove 0 "gatehouse idp remove simplesaml while both run"
for name in a b; do
  browse "idp-removed-$name" "plain-$name" "$name" get "$start_url"
  expect_json "idp-removed-$name" 'd["status"] == 403 and d["codes"].get("reason") == "signin.idp_unknown"' \
    "instance $name after idp remove: /saml/login?idp=simplesaml 403 signin.idp_unknown"
done

# 9. PostgreSQL stopped: /readyz 503 and a signed-in page 503 (never 500) on both; back without a restart.
sign_in customer customer any demo@gatehouse.test "$(cat "$work/customer.pw")"
expect_json customer 'd["final_url"] == base + "/tickets" and d["status"] == 200 and cookie("'$session'")' \
  "the demo customer signs in with a password through nginx"
for name in a b; do
  browse "customer-up-$name" customer "$name" get "$nb/tickets"
  expect_json "customer-up-$name" 'len(d["history"]) == 1 and d["status"] == 200' "the customer's /tickets on instance $name: 200"
done
pids_before="${inst_pid[a]} ${inst_pid[b]}"
readyz_is() { [ "$(http_code "http://127.0.0.1:${inst_port[a]}/readyz") $(http_code "http://127.0.0.1:${inst_port[b]}/readyz")" = "$1 $1" ]; }
pg_paused=1
run pg-pause "$e2e_dir/../postgres-cluster" pause "$pg_cluster"
expect pg-pause 0 "scripts/postgres-cluster pause"
checks=$((checks + 1))
wait_for 20 readyz_is 503 || fail "/readyz did not answer 503 on both instances within 20 s of stopping PostgreSQL"
# Each request waits for the database up to its deadline (connect timeout + statement timeout + 1 s): all at once.
outage=()
for name in a b; do
  cp "$work/customer.jar" "$work/customer-$name.jar"
  browse "customer-down-$name" "customer-$name" "$name" get "$nb/tickets" &
  outage+=($!)
  api "api-down-$name" "$name" GET tickets &
  outage+=($!)
done
for name in a b; do
  hit "down-readyz-$name" "$name" GET /readyz
  assert "/readyz on instance $name through nginx while PostgreSQL is down: 503 (got $code from $upstream)" \
    test "$code $upstream" = "503 $(at "$name")"
done
for job in "${outage[@]}"; do wait "$job" || true; done
for name in a b; do
  expect_json "customer-down-$name" 'd["history"][0]["status"] == 503 and d["codes"].get("reason") == "service.unavailable" and d["history"][0].get("retry_after")' \
    "the customer's /tickets on instance $name while PostgreSQL is down: 503 service.unavailable with Retry-After (not a redirect, not 500)"
  expect_json "api-down-$name" 'd["status"] == 503 and d["body"]["error"]["code"] == "service.unavailable"' \
    "GET /api/v1/tickets on instance $name while PostgreSQL is down: 503 service.unavailable"
done
run pg-resume "$e2e_dir/../postgres-cluster" resume "$pg_cluster"
expect pg-resume 0 "scripts/postgres-cluster resume"
pg_paused=''
checks=$((checks + 1))
wait_for 30 readyz_is 200 || fail "/readyz did not answer 200 on both instances within 30 s of starting PostgreSQL again"
for name in a b; do
  browse "customer-back-$name" "customer-$name" "$name" get "$nb/tickets"
  expect_json "customer-back-$name" 'len(d["history"]) == 1 and d["status"] == 200 and "demo@gatehouse.test" in d["text"]' \
    "after PostgreSQL is back the same session opens /tickets on instance $name"
done
assert "both instances served through the outage without a restart (pids $pids_before)" \
  test "$(inst_alive a && inst_alive b && echo "${inst_pid[a]} ${inst_pid[b]}")" = "$pids_before"

# 8. kill -9 of A in the middle of two streams through nginx, API replies and registrations: every acknowledged
# write is there afterwards, and every write begun after A died was acknowledged (by B).
api ticket-list any GET tickets
ticket=$(json_field "$work/ticket-list.out" body tickets 0 id)
[ -n "$ticket" ] || { fail "no demo ticket to reply to: GET /api/v1/tickets answered $(head -c 300 "$work/ticket-list.out")"; exit 1; }
reply_stream() {
  local i=0 after code
  while [ ! -e "$work/stream/stop" ] && [ "$i" -lt 2000 ]; do
    i=$((i + 1))
    after=0
    [ -e "$work/stream/killed" ] && after=1
    code=$(curl -s --noproxy '*' --max-time 20 -o "$work/stream/reply-$i.json" -D "$work/stream/reply-$i.headers" -w '%{http_code}' \
      -X POST -H "Authorization: Bearer $stream_token" -H 'Content-Type: application/json' \
      --data-binary "{\"body\": \"Fleet reply $i\", \"kind\": \"public\"}" "$nb/api/v1/tickets/$ticket/messages" 2>/dev/null) || code=000
    printf '%s\t%s\t%s\t%s\n' "$i" "$after" "$code" "$(upstream_of "$work/stream/reply-$i.headers")" >>"$work/stream/replies.tsv"
  done
}
registration_stream() {
  local i=0 after answer
  while [ ! -e "$work/stream/stop" ] && [ "$i" -lt 500 ]; do
    i=$((i + 1))
    after=0
    [ -e "$work/stream/killed" ] && after=1
    "${browser[@]}" form "$nb/register" --cookie-jar "$work/stream/reg-$i.jar" --set "email=fleet$i@fleet.example" \
      --set "name=Fleet $i" --check consent >"$work/stream/reg-$i.json" 2>"$work/stream/reg-$i.err" || true
    answer=$(python3 "$work/registered.py" "$work/stream/reg-$i.json" 2>/dev/null || echo no-answer)
    printf '%s\t%s\t%s\n' "$i" "$after" "$answer" >>"$work/stream/registrations.tsv"
  done
}
# registered.py OUT: "ack" if browser.py's OUT shows the /register POST answered 200 "Check your email", else what it saw.
cat >"$work/registered.py" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
posted = [h["status"] for h in d["history"] if h["method"] == "POST"]
ok = posted == [200] and d["status"] == 200 and "Check your email" in d["text"]
print("ack" if ok else f"status={d.get('status')},posted={posted},error={d.get('error', '')}")
EOF
# count FILE AWK_CONDITION: lines of a stream's log (fields: i, after the kill, answer[, upstream]) that match.
count() { awk -F'\t' "$2" "$1" 2>/dev/null | wc -l; }
: >"$work/stream/replies.tsv"
: >"$work/stream/registrations.tsv"
reply_stream &
stream_jobs+=($!)
registration_stream &
stream_jobs+=($!)
before_kill() {
  [ "$(count "$work/stream/replies.tsv" '$3 == 201 && $4 == "'"$(at a)"'"')" -ge 3 ] &&
    [ "$(count "$work/stream/replies.tsv" '$3 == 201 && $4 == "'"$(at b)"'"')" -ge 3 ] &&
    [ "$(count "$work/stream/registrations.tsv" '$3 == "ack"')" -ge 3 ]
}
checks=$((checks + 1))
wait_for 40 before_kill || fail "the streams did not get 3 replies acknowledged by each instance and 3 registrations within 40 s"
kill -9 "${inst_pid[a]}"
wait_for 5 eval '! running "${inst_pid[a]}"' || true
touch "$work/stream/killed"
after_kill() {
  [ "$(count "$work/stream/replies.tsv" '$2 == 1')" -ge 10 ] && [ "$(count "$work/stream/registrations.tsv" '$2 == 1')" -ge 4 ]
}
checks=$((checks + 1))
wait_for 40 after_kill || fail "the streams did not get 10 replies and 4 registrations answered after the kill within 40 s"
touch "$work/stream/stop"
for job in "${stream_jobs[@]}"; do wait "$job" || true; done
stream_jobs=()
wait "${inst_job[a]}" 2>/dev/null || true
assert "instance a died of SIGKILL (exit status $(cat "$work/a.rc" 2>/dev/null || echo unknown))" test "$(cat "$work/a.rc" 2>/dev/null)" = 137
inst_pid[a]='' inst_job[a]=''

# replies_kept NAME: every reply the stream saw acknowledged (201) is in the ticket as GET NAME returned it.
replies_kept() {
  python3 - "$work/stream" "$work/$1.out" "$ticket" <<'EOF'
import json, sys
stream, answer, ticket = sys.argv[1:]
d = json.load(open(answer))
if d["status"] != 200:
    sys.exit(f"GET /api/v1/tickets/{ticket} answered {d['status']} from {d['upstream']}")
kept = {m["id"]: m["body"] for m in d["body"]["messages"]}
missing = []
for line in open(f"{stream}/replies.tsv"):
    i, _, code, upstream = line.rstrip("\n").split("\t")
    if code != "201":
        continue
    message = json.load(open(f"{stream}/reply-{i}.json"))
    message = message.get("message", message)
    if kept.get(message["id"]) != f"Fleet reply {i}":
        missing.append(f"reply {i} (message {message['id']}, acknowledged by {upstream})")
if missing:
    sys.exit(f"{len(missing)} acknowledged replies missing: {', '.join(missing[:10])}")
EOF
}
api ticket-after b GET "tickets/$ticket"
replies_acked=$(count "$work/stream/replies.tsv" '$3 == 201')
assert "all $replies_acked acknowledged replies are in ticket $ticket (read on B): $(replies_kept ticket-after 2>&1 | tail -1)" replies_kept ticket-after
by_a=$(count "$work/stream/replies.tsv" '$2 == 0 && $3 == 201 && $4 == "'"$(at a)"'"')
assert "A acknowledged replies before it was killed ($by_a)" test "$by_a" -ge 3
lost_replies=$(awk -F'\t' '$3 != 201 { print "reply " $1 ": " $3 " from " $4 }' "$work/stream/replies.tsv" | head -5 | tr '\n' ';')
assert "at most one reply (the one in flight when A died) was not acknowledged, with 502 from nginx: ${lost_replies:-none}" \
  test "$(count "$work/stream/replies.tsv" '$3 != 201')" -le 1 -a "$(count "$work/stream/replies.tsv" '$3 != 201 && $3 != 502')" -eq 0
after_ok=$(count "$work/stream/replies.tsv" '$2 == 1 && $3 == 201 && $4 ~ /'"$(at b)"'$/')
after_all=$(count "$work/stream/replies.tsv" '$2 == 1')
assert "every reply sent after A died was acknowledged by B ($after_ok of $after_all)" test "$after_ok" -eq "$after_all"

# registrations_mailed: each acknowledged registration's email is in the outbox exactly once.
registrations_mailed() {
  run outbox gh outbox list --json
  python3 - "$work/stream/registrations.tsv" "$work/outbox.out" >"$work/outbox.check" 2>&1 <<'EOF'
import collections, json, sys
acked = [f"fleet{line.split()[0]}@fleet.example" for line in open(sys.argv[1]) if line.rstrip("\n").split("\t")[2] == "ack"]
mails = collections.Counter(json.loads(l).get("to") for l in open(sys.argv[2]) if l.strip())
missing = [a for a in acked if mails[a] == 0]
doubled = [a for a in mails if mails[a] > 1 and a.endswith("@fleet.example")]
if missing or doubled:
    sys.exit(f"of {len(acked)} acknowledged registrations, no email for {missing[:10]}; more than one for {doubled[:10]}")
EOF
}
regs_acked=$(count "$work/stream/registrations.tsv" '$3 == "ack"')
checks=$((checks + 1))
# A request A had claimed when it died waits out its 10 s lease before B takes it over.
wait_for 30 registrations_mailed || fail "acknowledged registrations without their email after kill -9: $(tail -1 "$work/outbox.check")"
lost_regs=$(awk -F'\t' '$3 != "ack" { print "registration " $1 ": " $3 }' "$work/stream/registrations.tsv" | head -5 | tr '\n' ';')
assert "at most one registration (in flight when A died) of $(count "$work/stream/registrations.tsv" 1) was not acknowledged: ${lost_regs:-none}" \
  test "$(count "$work/stream/registrations.tsv" '$3 != "ack"')" -le 1
regs_after=$(count "$work/stream/registrations.tsv" '$2 == 1')
assert "every registration begun after A died was acknowledged ($(count "$work/stream/registrations.tsv" '$2 == 1 && $3 == "ack"') of $regs_after)" \
  test "$(count "$work/stream/registrations.tsv" '$2 == 1 && $3 == "ack"')" -eq "$regs_after"

# A restarted on its port rejoins and sees every acknowledged write.
inst_launch a
inst_ready a || { fail "instance a did not come back after kill -9"; exit 1; }
api ticket-after-a a GET "tickets/$ticket"
assert "the restarted instance a sees all $replies_acked acknowledged replies: $(replies_kept ticket-after-a 2>&1 | tail -1)" \
  replies_kept ticket-after-a
echo "(stream: $replies_acked replies and $regs_acked registrations acknowledged, $by_a replies by A before kill -9)"

# The whole run: no instance ever answered 500, and both are running.
fives=$(awk '$4 == 500' "$work/nginx/access.log" | head -3 | tr '\n' ';')
assert "no request through nginx was answered 500: ${fives:-none}" test -z "$fives"
assert "instance a (restarted) is running at the end" inst_alive a
assert "instance b is running at the end" inst_alive b

if [ "$failures" -gt 0 ]; then
  echo "fleet: $failures of $checks checks FAILED (nginx at $nb, instances at $(at a) and $(at b), SimpleSAMLphp $IDP_VERSION)" >&2
  exit 1
fi
echo "fleet: all $checks checks passed (nginx at $nb, instances at $(at a) and $(at b), SimpleSAMLphp $IDP_VERSION) in ${SECONDS}s"
