#!/usr/bin/env bash
# What `gatehouse serve` acknowledges survives `kill -9`: a registration (its verification email), the use of
# the verification link and a sign-in (its session), each killed the moment the browser has read the answer
# (browser.py --kill-after-answer), then checked after a restart on the same database and port. Then N more
# registrations, each killed right after its "Check your email", and none may be lost.
# Usage: scripts/e2e/durability.sh PATH/TO/gatehouse [N]   (N registrations in the second part; default 5)
set -euo pipefail

[ $# -ge 1 ] && [ $# -le 2 ] && [ -x "$1" ] || { echo "usage: durability.sh PATH/TO/gatehouse [N]" >&2; exit 2; }
gatehouse=$(realpath "$1")
rounds=${2:-5}
case $rounds in '' | *[!0-9]*) echo "durability.sh: N must be a number" >&2; exit 2 ;; esac
work=$(mktemp -d "${TMPDIR:-/tmp}/durability.XXXXXX")
# shellcheck source=gateway-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/gateway-lib.sh"
trap gw_cleanup EXIT
trap 'exit 130' INT TERM
gw_init

export GATEHOUSE_DATABASE_PATH="$work/gatehouse.sqlite" GATEHOUSE_DEMO_ENABLED=false GATEHOUSE_MEMBERSHIP_SELF_REGISTRATION=true
session=gatehouse_session
restarts=0

# restart WHAT: after a kill -9, the same database on the same port (the links in the emails name it).
restart() {
  gw_reap_killed "$1"
  gw_start "$port" || { fail "gatehouse serve did not come back on port $port after kill -9 ($1)"; exit 1; }
  restarts=$((restarts + 1))
}

# register NAME EMAIL: submits /register like a browser and SIGKILLs the server once the answer is read.
register() {
  run "$1" "${browser[@]}" form "$base/register" --cookie-jar "$work/$1.jar" --set "email=$2" --set "name=Durable $1" \
    --set "password=$(password "$2")" --check consent --kill-after-answer "$server_pid"
  expect_json "$1" 'd["status"] == 200 and "Check your email" in d["text"] and d["history"][-1]["method"] == "POST"' \
    "POST /register for $2 answers 200 \"Check your email\""
  expect_json "$1" 'd["history"][-1].get("killed")' "the server was killed right after acknowledging $2's registration"
}
password() { echo "durable-${1%@*}-pw"; }

# verification_link EMAIL: sets $link to the link in the one email to EMAIL in the outbox ('' if there is none).
verification_link() {
  link=''
  run outbox gh outbox list --json
  expect outbox 0 "gatehouse outbox list --json"
  checks=$((checks + 1))
  if python3 - "$work/outbox.out" "$1" "$base/register/verify?token=" >"$work/link" 2>"$work/link.err" <<'EOF'; then
import json, re, sys
path, to, prefix = sys.argv[1:]
mails = [json.loads(line) for line in open(path) if line.strip()]
mine = [m for m in mails if m.get("to") == to]
if len(mine) != 1:
    sys.exit(f"{len(mine)} emails to {to}; outbox has {len(mails)}: {[m.get('to') for m in mails]}")
links = re.findall(r"\S+", mine[0].get("body", ""))
links = [l for l in links if l.startswith(prefix)]
if len(links) != 1:
    sys.exit(f"the email to {to} has {len(links)} links starting {prefix}: {mine[0].get('body')!r}")
print(links[0])
EOF
    link=$(cat "$work/link")
  else
    fail "the verification email to $1 is missing or wrong: $(tail -1 "$work/link.err")"
  fi
}

# sign_in NAME EMAIL [--kill-after-answer PID]: POST /login from the sign-in page, like a browser.
sign_in() {
  local name=$1 email=$2; shift 2
  run "$name" "${browser[@]}" form "$base/login" --cookie-jar "$work/$name.jar" --set "email=$email" \
    --set "password=$(password "$email")" "$@"
}

gw_start "" || { echo "FAIL: gatehouse serve did not become ready" >&2; exit 1; }
assert "GATEHOUSE_DEMO_ENABLED=false still printed a demo sign-in" lacks "Demo sign-in" "$work/server.log"

# 1. One account, every acknowledged step followed by kill -9 and a restart.
first=first@durable.example
register first "$first"
restart "registration of $first"
verification_link "$first"
if [ -n "$link" ]; then
  run verify-first "${browser[@]}" get "$link" --kill-after-answer "$server_pid"
  expect_json verify-first 'd["status"] == 200 and "confirmed" in d["text"]' "the verification link answers 200"
  restart "verification of $first"
  run verify-again "${browser[@]}" get "$link"
  expect_json verify-again 'd["codes"]["reason"] == "token.invalid" and d["status"] >= 400' \
    "the used link is refused with token.invalid after the crash (its use was kept)"
  expect_json verify-again 'd["status"] == 400' "a used verification link answers 400 (Bad Request)"
fi
sign_in login-first "$first" --kill-after-answer "$server_pid"
expect_json login-first 'd["history"][-1]["method"] == "POST" and d["status"] == 303 and d["history"][-1]["location"] == "/tickets"' \
  "POST /login answers 303 to /tickets"
expect_json login-first 'cookie("'$session'") is not None' "POST /login sets the session cookie"
restart "sign-in of $first"
run tickets-first "${browser[@]}" get "$base/tickets" --cookie-jar "$work/login-first.jar"
expect_json tickets-first 'len(d["history"]) == 1 and d["status"] == 200 and "Signed in as" in d["text"] and "'$first'" in d["text"]' \
  "the session acknowledged before kill -9 still opens /tickets"

# 2. N registrations in a row, the server killed right after each acknowledgement.
emails=()
for i in $(seq "$rounds"); do
  email="user$i@durable.example"
  emails+=("$email")
  register "reg$i" "$email"
  restart "registration of $email"
done
run outbox-all gh outbox list --json
total_ok() { [ "$(grep -c . "$work/outbox-all.out")" -eq $((rounds + 1)) ]; }
assert "the outbox holds exactly $((rounds + 1)) emails after $restarts crashes: $(grep -c . "$work/outbox-all.out" || true)" total_ok
for email in "${emails[@]}"; do
  verification_link "$email"
  [ -n "$link" ] || continue
  run "verify-$email" "${browser[@]}" get "$link"
  expect_json "verify-$email" 'd["status"] == 200' "the verification link of $email answers 200"
  sign_in "login-$email" "$email"
  expect_json "login-$email" '[h["status"] for h in hops("POST", base + "/login")] == [303] and d["final_url"] == base + "/tickets"' \
    "$email signs in: POST /login 303 to /tickets"
  expect_json "login-$email" 'd["status"] == 200 and "'"$email"'" in d["text"] and cookie("'$session'") is not None' \
    "$email sees /tickets with a session"
done

assert "the server is still running" gw_alive
if [ "$failures" -gt 0 ]; then
  echo "durability: $failures of $checks checks FAILED ($restarts kill -9 restarts, gatehouse at $base)" >&2
  exit 1
fi
echo "durability: all $checks checks passed ($restarts kill -9 restarts, gatehouse at $base) in ${SECONDS}s"
