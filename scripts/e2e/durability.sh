#!/usr/bin/env bash
# What `gatehouse serve` acknowledges survives `kill -9`: a registration (its verification email), the use of
# the verification link and a sign-in (its session), each killed the moment the browser has read the answer
# (browser.py --kill-after-answer), then checked after a restart on the same database and port. Then N more
# registrations, each killed right after its "Check your email", and none may be lost. Then the demo customer
# (`gatehouse demo seed` on the live database) posts three replies through the portal's reply form and files a
# ticket, the server killed the moment each redirect is read; after the restarts all of them are there.
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

# register NAME EMAIL: submits /register like a browser and SIGKILLs the server once the answer is read
# (the answer means the request is queued durably; the worker writes the email, after a restart too).
register() {
  run "$1" "${browser[@]}" form "$base/register" --cookie-jar "$work/$1.jar" --set "email=$2" --set "name=Durable $1" \
    --check consent --kill-after-answer "$server_pid"
  expect_json "$1" 'd["status"] == 200 and "Check your email" in d["text"] and d["history"][-1]["method"] == "POST"' \
    "POST /register for $2 answers 200 \"Check your email\""
  expect_json "$1" 'd["history"][-1].get("killed")' "the server was killed right after acknowledging $2's registration"
}
password() { echo "durable-${1%@*}-pw"; }

# verification_link EMAIL: sets $link to the link in the one email to EMAIL in the outbox ('' if there is
# none within 30 s: the server's worker writes it once it has acted on the queued request).
verification_link() {
  link=''
  local waited=0
  while :; do
    run outbox gh outbox list --json
    python3 -c 'import json, sys
sys.exit(0 if any(json.loads(l).get("to") == sys.argv[2] for l in open(sys.argv[1]) if l.strip()) else 1)' "$work/outbox.out" "$1" && break
    [ "$waited" -ge 300 ] && break
    sleep 0.1
    waited=$((waited + 1))
  done
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
assert "GATEHOUSE_DEMO_ENABLED=false still printed a demo sign-in" lacks "Demo customer" "$work/server.log"

# 1. One account, every acknowledged step followed by kill -9 and a restart.
first=first@durable.example
register first "$first"
restart "registration of $first"
verification_link "$first"
if [ -n "$link" ]; then
  run verify-first "${browser[@]}" form "$link" --set "password=$(password "$first")" --kill-after-answer "$server_pid"
  expect_json verify-first 'd["status"] == 200 and "confirmed" in d["text"] and d["history"][-1]["method"] == "POST"' \
    "the verification link's page sets the password: its POST answers 200"
  expect_json verify-first 'd["history"][-1].get("killed")' "the server was killed right after acknowledging the password"
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
# The worker writes the emails after restarts (a request a killed process had claimed waits out its 10 s lease).
for _ in $(seq 300); do
  run outbox-all gh outbox list --json
  [ "$(grep -c . "$work/outbox-all.out" || true)" -ge $((rounds + 1)) ] && break
  sleep 0.1
done
total_ok() { [ "$(grep -c . "$work/outbox-all.out")" -eq $((rounds + 1)) ]; }
assert "the outbox holds exactly $((rounds + 1)) emails after $restarts crashes: $(grep -c . "$work/outbox-all.out" || true)" total_ok
for email in "${emails[@]}"; do
  verification_link "$email"
  [ -n "$link" ] || continue
  run "verify-$email" "${browser[@]}" form "$link" --set "password=$(password "$email")"
  expect_json "verify-$email" 'd["status"] == 200 and "confirmed" in d["text"]' "the verification link of $email sets its password (200)"
  sign_in "login-$email" "$email"
  expect_json "login-$email" '[h["status"] for h in hops("POST", base + "/login")] == [303] and d["final_url"] == base + "/tickets"' \
    "$email signs in: POST /login 303 to /tickets"
  expect_json "login-$email" 'd["status"] == 200 and "'"$email"'" in d["text"] and cookie("'$session'") is not None' \
    "$email sees /tickets with a session"
done

# 3. The portal: a signed-in customer's replies and a new ticket, each killed once its redirect has been read.
customer=demo@gatehouse.test
python3 -c 'import secrets; print(secrets.token_urlsafe(18))' >"$work/customer.pw"
python3 -c 'import secrets; print(secrets.token_urlsafe(18))' >"$work/agent.pw"
run seed gh demo seed --password-file "$work/customer.pw" --agent-password-file "$work/agent.pw"
expect seed 0 "gatehouse demo seed on the live database"
run login-customer "${browser[@]}" form "$base/login" --cookie-jar "$work/customer.jar" --set "email=$customer" \
  --set "password=$(cat "$work/customer.pw")"
expect_json login-customer 'd["status"] == 200 and d["final_url"] == base + "/tickets" and "'$customer'" in d["text"]' \
  "$customer signs in and sees /tickets"
# The ticket at the top of the customer's list (the first link to /tickets/ID).
ticket=$(python3 -c 'import json, re, sys
links = json.load(open(sys.argv[1])).get("links", [])
print(next((l.split("/")[2] for l in links if re.fullmatch(r"/tickets/[0-9]+", l)), ""))' "$work/login-customer.out" 2>/dev/null || true)
checks=$((checks + 1))
[ -n "$ticket" ] || fail "no ticket link on $customer's /tickets page"
if [ -n "$ticket" ]; then
  replies=() reply_ids=()
  for i in 1 2 3; do
    text="Durable reply $i to ticket $ticket ($$-$RANDOM)"
    replies+=("$text")
    run "reply$i" "${browser[@]}" form "$base/tickets/$ticket" --action "/tickets/$ticket/messages" \
      --cookie-jar "$work/customer.jar" --set "body=$text" --kill-after-answer "$server_pid"
    expect_json "reply$i" 'd["history"][-1]["method"] == "POST" and d["history"][-1]["status"] == 303 and d["history"][-1]["location"].startswith("/tickets/'"$ticket"'?sent=1")' \
      "POST /tickets/$ticket/messages (reply $i) answers 303 to /tickets/$ticket?sent=1"
    expect_json "reply$i" 'd["history"][-1].get("killed")' "the server was killed right after acknowledging reply $i"
    # The redirect names the new message (/tickets/ID?sent=1#message-MID); '' if it does not.
    reply_ids+=("$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["history"][-1].get("location", "").partition("#message-")[2])' \
      "$work/reply$i.out" 2>/dev/null || true)")
    restart "reply $i to ticket $ticket"
  done
  run conversation "${browser[@]}" get "$base/tickets/$ticket" --cookie-jar "$work/customer.jar" --save-body "$work/conversation.html"
  expect_json conversation 'len(d["history"]) == 1 and d["status"] == 200' \
    "after the restarts $customer's session still opens /tickets/$ticket"
  checks=$((checks + 1))
  python3 - "$work/conversation.html" "${#replies[@]}" "${replies[@]}" "${reply_ids[@]}" >"$work/conversation.err" 2>&1 <<'EOF' ||
import html, re, sys
path, count = sys.argv[1], int(sys.argv[2])
texts, ids = sys.argv[3:3 + count], sys.argv[3 + count:]
page = open(path).read()
messages = [(m.group(1), " ".join(html.unescape(m.group(2)).split()))
            for m in re.finditer(r'<li class="message[^"]*" id="message-(\d+)">.*?<div class="body">(.*?)</div></li>', page, re.S)]
bodies = [body for _, body in messages]
if bodies[-count:] != texts:
    sys.exit(f"the last {count} messages are not the acknowledged replies in order; the last ones: {bodies[-count - 1:]}")
if ids != [mid for mid, _ in messages[-count:]]:
    sys.exit(f"the replies' message ids {[mid for mid, _ in messages[-count:]]} are not the ones the redirects named, {ids}")
EOF
    fail "the acknowledged replies are not all in the conversation after kill -9: $(tail -1 "$work/conversation.err")"
fi

subject="Durable ticket filed just before kill -9 ($$-$RANDOM)"
run file-ticket "${browser[@]}" form "$base/tickets/new" --action /tickets --cookie-jar "$work/customer.jar" \
  --set "subject=$subject" --set "body=Filed through the form; the server dies once the answer is read." --kill-after-answer "$server_pid"
expect_json file-ticket 'd["history"][-1]["method"] == "POST" and d["history"][-1]["status"] == 303 and __import__("re").fullmatch(r"/tickets/[0-9]+\?filed=1(#.*)?", d["history"][-1]["location"])' \
  "POST /tickets answers 303 to /tickets/NEW_ID?filed=1"
expect_json file-ticket 'd["history"][-1].get("killed")' "the server was killed right after acknowledging the new ticket"
new_ticket=$(python3 -c 'import json, re, sys
m = re.match(r"/tickets/([0-9]+)\?", json.load(open(sys.argv[1]))["history"][-1].get("location", ""))
print(m.group(1) if m else "")' "$work/file-ticket.out" 2>/dev/null || true)
restart "a new ticket"
if [ -n "$new_ticket" ]; then
  run new-ticket "${browser[@]}" get "$base/tickets/$new_ticket" --cookie-jar "$work/customer.jar" --save-body "$work/new-ticket.html"
  expect_json new-ticket 'len(d["history"]) == 1 and d["status"] == 200' "the ticket acknowledged before kill -9 opens: /tickets/$new_ticket"
  assert "the ticket page after the restart shows the subject \"$subject\"" grep -Fq "<h1 id=\"ticket-subject\">$subject</h1>" "$work/new-ticket.html"
  run list-after "${browser[@]}" get "$base/tickets" --cookie-jar "$work/customer.jar" --save-body "$work/list-after.html"
  first_row() { grep -o '<tr class="ticket" data-id="[0-9]*"' "$work/list-after.html" | head -1 | grep -q "data-id=\"$new_ticket\""; }
  assert "the new ticket is at the top of $customer's list after the restart" first_row
fi

assert "the server is still running" gw_alive
if [ "$failures" -gt 0 ]; then
  echo "durability: $failures of $checks checks FAILED ($restarts kill -9 restarts, gatehouse at $base)" >&2
  exit 1
fi
echo "durability: all $checks checks passed ($restarts kill -9 restarts, gatehouse at $base) in ${SECONDS}s"
