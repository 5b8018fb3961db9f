#!/usr/bin/env bash
# The gateway under concurrent load never wedges and stops in bounded time: `gatehouse serve` on a fresh database
# with the demo data, an IdP that may start logins, and agents with passwords; then load.py drives 64 keep-alive
# connections for DURATION seconds (default 30), mixing IdP-initiated SAML logins (responses minted fresh for this
# run by `gatehouse fixtures saml --count`), password logins (eight browsers of one account signing in at the same
# moment, then a login-and-out loop on other accounts), signed-in pages and replies. Every request must be answered
# within 10 s with no 5xx and no 429. Afterwards the server must still answer /readyz and take a new login; then SIGTERM, with requests still arriving on 16
# connections, must end it within server.shutdown_timeout (set to 5 s here) plus a second of process teardown.
# Usage: scripts/e2e/load.sh PATH/TO/gatehouse [DURATION]
#   env: MINTER=PATH/TO/gatehouse mints the SAML responses with another build (one with `fixtures saml --count`),
#   to load a build of an earlier commit that lacks it.
set -euo pipefail

[ $# -ge 1 ] && [ $# -le 2 ] && [ -x "$1" ] || { echo "usage: load.sh PATH/TO/gatehouse [DURATION]" >&2; exit 2; }
gatehouse=$(realpath "$1")
minter=$(realpath "${MINTER:-$1}")
duration=${2:-30}
case $duration in '' | *[!0-9]*) echo "load.sh: DURATION must be a number of seconds" >&2; exit 2 ;; esac
work=$(mktemp -d "${TMPDIR:-/tmp}/load.XXXXXX")
e2e=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=gateway-lib.sh
source "$e2e/gateway-lib.sh"
tail_pid=''
gw_cleanup_extra() { [ -z "$tail_pid" ] || kill "$tail_pid" 2>/dev/null || true; }
trap gw_cleanup EXIT
trap 'exit 130' INT TERM
gw_init

shutdown_timeout=5
export GATEHOUSE_DATABASE_PATH="$work/gatehouse.sqlite" GATEHOUSE_DEMO_ENABLED=false \
  GATEHOUSE_SERVER_SHUTDOWN_TIMEOUT=$shutdown_timeout

gw_start "" || { echo "FAIL: gatehouse serve did not become ready" >&2; exit 1; }

# People: the demo customer (with tickets) and three agents, all with passwords.
python3 - "$work" <<'EOF'
import json, secrets, sys
work = sys.argv[1]
accounts = [{"email": "demo@gatehouse.test", "password": secrets.token_urlsafe(18)}]
accounts += [{"email": f"agent{i}@load.example", "password": secrets.token_urlsafe(18)} for i in (1, 2, 3)]
for index, account in enumerate(accounts):
    open(f"{work}/pw{index}", "w").write(account["password"])
json.dump(accounts, open(f"{work}/accounts.json", "w"))
EOF
python3 -c 'import secrets; print(secrets.token_urlsafe(18))' >"$work/agent.pw"
run seed gh demo seed --password-file "$work/pw0" --agent-password-file "$work/agent.pw"
expect seed 0 "gatehouse demo seed"
for i in 1 2 3; do
  run "agent$i" gh admin create --email "agent$i@load.example" --name "Load Agent $i" --role agent --password-file "$work/pw$i"
  expect "agent$i" 0 "gatehouse admin create agent$i@load.example"
done

# An IdP that may start logins (the embedded TEST-ONLY key), and fresh responses for this run only.
run metadata "$gatehouse" fixtures saml --metadata-only
expect metadata 0 "gatehouse fixtures saml --metadata-only"
cp "$work/metadata.out" "$work/idp.xml"
run idp gh idp add --metadata "$work/idp.xml" --name load --allow-unsolicited
expect idp 0 "gatehouse idp add --allow-unsolicited"
count=$((duration * 150))
started=$SECONDS
"$minter" fixtures saml --audience "$base/saml/metadata" --acs-url "$base/saml/acs" --name-id "load{n}@load.example" \
  --attribute "email=load{n}@load.example" --valid-for 900 --count "$count" >"$work/responses" 2>"$work/mint.err" ||
  fail "gatehouse fixtures saml --count $count: $(head -c 300 "$work/mint.err")"
checks=$((checks + 1))
[ "$(grep -c . "$work/responses")" -eq "$count" ] || fail "minted $(grep -c . "$work/responses") responses, expected $count"
echo "load: minted $count responses in $((SECONDS - started)) s"

# The load itself.
status=0
python3 "$e2e/load.py" --base "$base" --responses "$work/responses" --accounts "$work/accounts.json" --connections 64 \
  --duration "$duration" --deadline 10 --report "$work/report.json" >"$work/load.out" 2>"$work/load.err" || status=$?
checks=$((checks + 1))
if [ "$status" -ne 0 ]; then
  fail "load: requests failed or went unanswered: $(python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); print(r["failures"], "failures:", r["first_failures"][:3])' "$work/report.json" 2>/dev/null || head -c 600 "$work/load.err")"
fi
python3 - "$work/report.json" <<'EOF' || true
import json, sys
r = json.load(open(sys.argv[1]))
print(f'load: {r["requests"]} requests in {r["duration_s"]} s on 64 connections, {r["failures"]} failed')
for kind, k in r["kinds"].items():
    print(f'  {kind:15} {k["requests"]:6} ({k["per_second"]}/s)  p50 {k["p50_ms"]} ms  p99 {k["p99_ms"]} ms  max {k["max_ms"]} ms')
print("  " + ", ".join(f"{name} {value}" for name, value in sorted(r["counts"].items())))
EOF
checks=$((checks + 1))
python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); k = r["kinds"]; sys.exit(0 if all(k.get(x, {}).get("requests", 0) > 0 for x in ("saml_login", "password_login", "page", "reply")) else 1)' \
  "$work/report.json" 2>/dev/null || fail "the load did not include every kind of request (SAML and password logins, pages, replies)"

# Still serving afterwards: readiness, and a new login with a response the load did not use.
assert "gatehouse serve is still running after the load" gw_alive
checks=$((checks + 1))
[ "$(http_code "$base/readyz")" = 200 ] || fail "GET /readyz after the load: $(http_code "$base/readyz"), expected 200"
"$gatehouse" fixtures saml --audience "$base/saml/metadata" --acs-url "$base/saml/acs" --name-id after@load.example \
  --attribute email=after@load.example --base64 >"$work/after.b64"
run after "${browser[@]}" post "$base/saml/acs" --field "SAMLResponse=@$work/after.b64"
expect_json after 'd["status"] == 200 and d["final_url"] == base + "/tickets" and "after@load.example" in d["text"]' \
  "a SAML login after the load signs in and opens /tickets"

# SIGTERM with requests in flight: 16 connections keep loading pages while the server is told to stop.
"$gatehouse" fixtures saml --audience "$base/saml/metadata" --acs-url "$base/saml/acs" --name-id "tail{n}@load.example" \
  --attribute "email=tail{n}@load.example" --count 400 >"$work/tail-responses"
python3 "$e2e/load.py" --base "$base" --responses "$work/tail-responses" --accounts "$work/accounts.json" --connections 16 \
  --duration 30 --deadline 10 >"$work/tail.out" 2>&1 &
tail_pid=$!
sleep 2
stop_started=$(date +%s.%N)
kill -TERM "$server_pid"
limit=$((shutdown_timeout + 1))
while gw_alive; do
  python3 -c 'import sys, time; sys.exit(0 if time.time() - float(sys.argv[1]) < float(sys.argv[2]) + 2 else 1)' "$stop_started" "$limit" || break
  sleep 0.05
done
stop_took=$(python3 -c 'import sys, time; print(f"{time.time() - float(sys.argv[1]):.2f}")' "$stop_started")
checks=$((checks + 1))
if gw_alive; then
  fail "SIGTERM did not stop gatehouse serve within $((limit + 2)) s (server.shutdown_timeout $shutdown_timeout s)"
else
  python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) <= float(sys.argv[2]) else 1)' "$stop_took" "$limit" ||
    fail "SIGTERM stopped gatehouse serve after $stop_took s, more than server.shutdown_timeout ($shutdown_timeout s) + 1 s"
fi
echo "load: SIGTERM with 16 connections in flight stopped the server in $stop_took s (shutdown_timeout $shutdown_timeout s)"
gw_stop
kill "$tail_pid" 2>/dev/null || true
wait "$tail_pid" 2>/dev/null || true
tail_pid=''

if [ "$failures" -gt 0 ]; then
  echo "load: $failures of $checks checks FAILED" >&2
  exit 1
fi
echo "load: all $checks checks passed in ${SECONDS}s"
