#!/usr/bin/env bash
# The customer portal and the agent inbox in a real browser: headless Chromium driven through WebDriver
# (portal_browser.py, selenium) against `gatehouse serve` with the demo data. The customer signs in, lists, filters,
# searches and sorts their tickets (never the stranger's), reads a conversation without its internal notes,
# replies (a blank reply is refused with ticket.message_empty), files a ticket, switches to Finnish, gets a 404 for
# another contact's ticket and signs out; the agent finds the activity at the top of the inbox, adds a note and a
# public answer and closes the ticket; the customer sees the answer, not the note. The JSON API (bearer token) is
# checked with curl before and after, and its ticket shows up in the customer's browser.
# Usage: scripts/e2e/portal-browser.sh PATH/TO/gatehouse
# Needs chromium, chromium-driver and python3-venv (installed here with apt-get when run as root) and selenium from
# PyPI, kept in a virtualenv under ${XDG_CACHE_HOME:-~/.cache}/gatehouse-e2e-venv. After a failure the work directory
# stays, with screenshots and page sources under failures/; its path is printed.
set -euo pipefail

[ $# -eq 1 ] && [ -x "$1" ] || { echo "usage: portal-browser.sh PATH/TO/gatehouse" >&2; exit 2; }
gatehouse=$(realpath "$1")
work=$(mktemp -d "${TMPDIR:-/tmp}/portal-browser.XXXXXX")
# shellcheck source=gateway-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/gateway-lib.sh"
# shellcheck disable=SC2034 # read by gw_cleanup
gw_keep_work_on_failure=1
# shellcheck source=chromium-lib.sh
source "$e2e_dir/chromium-lib.sh"
gw_cleanup_extra() {
  browser_stop
  rm -rf "$work"/chromium-profile-*  # a kept work directory keeps the evidence, not the browser's cache
}
trap gw_cleanup EXIT
trap 'exit 130' INT TERM
gw_init

export GATEHOUSE_DATABASE_PATH="$work/gatehouse.sqlite" GATEHOUSE_DEMO_ENABLED=false
customer=demo@gatehouse.test

# 1. The browser, its driver and selenium.
chromium_setup

# 2. Demo data (passwords of our own), an API token, the server.
python3 -c 'import secrets; print(secrets.token_urlsafe(18))' >"$work/customer.pw"
python3 -c 'import secrets; print(secrets.token_urlsafe(18))' >"$work/agent.pw"
run seed gh demo seed --password-file "$work/customer.pw" --agent-password-file "$work/agent.pw"
expect seed 0 "gatehouse demo seed"
seeded=$(sed -n 's/^Demo tickets: \([0-9][0-9]*\) created$/\1/p' "$work/seed.out")
assert "gatehouse demo seed reports the tickets it created: $(head -c 300 "$work/seed.out")" test -n "$seeded"
seeded=${seeded:-0}
run token gh api-token create --name e2e
expect token 0 "gatehouse api-token create --name e2e"
grep . "$work/token.out" | tail -1 >"$work/token"
token=$(cat "$work/token")
gw_start "" || { echo "FAIL: gatehouse serve did not become ready" >&2; exit 1; }
assert "GATEHOUSE_DEMO_ENABLED=false still printed a demo sign-in" lacks "Demo customer" "$work/server.log"

# 3. The JSON API with curl. api NAME METHOD PATH [JSON] [--no-token|--token T]: $work/NAME.out becomes
# {"status": HTTP status, "body": the JSON answer (or its text)}, for expect_json.
api() {
  local name=$1 method=$2 path=$3 data=${4:-} auth=("Authorization: Bearer $token") code
  case ${5:-} in --no-token) auth=() ;; --token) auth=("Authorization: Bearer $6") ;; esac
  local args=(-s --noproxy '*' --max-time 10 -o "$work/$name.body" -w '%{http_code}' -X "$method")
  [ ${#auth[@]} -eq 0 ] || args+=(-H "${auth[0]}")
  [ -z "$data" ] || args+=(-H 'Content-Type: application/json' --data-binary "$data")
  code=$(curl "${args[@]}" "$base/api/v1/$path" 2>"$work/$name.err") || code=0
  python3 - "$code" "$work/$name.body" >"$work/$name.out" <<'EOF'
import json, sys
code, path = sys.argv[1:]
text = open(path).read()
try:
    body = json.loads(text)
except ValueError:
    body = text
json.dump({"status": int(code), "body": body}, sys.stdout)
EOF
}
json_string() { python3 -c 'import json, sys; print(json.dumps(sys.argv[1]))' "$1"; }

api no-token GET tickets '' --no-token
expect_json no-token 'd["status"] == 401 and d["body"]["error"]["code"] == "api.unauthorized"' "GET /api/v1/tickets without a token: 401 api.unauthorized"
api bad-token GET tickets '' --token "gha_not-a-real-token"
expect_json bad-token 'd["status"] == 401 and d["body"]["error"]["code"] == "api.unauthorized"' "GET /api/v1/tickets with an unknown token: 401"
api list GET tickets
expect_json list 'd["status"] == 200 and d["body"]["total"] == '"$seeded"' and d["body"]["page"] == 1 and len(d["body"]["tickets"]) == min('"$seeded"', d["body"]["page_size"])' \
  "GET /api/v1/tickets lists the $seeded seeded tickets"
expect_json list 'all(set(t) >= {"id", "subject", "status", "stage", "created_at", "last_activity_at"} for t in d["body"]["tickets"])' \
  "API tickets have id, subject, status, stage, created_at, last_activity_at"
expect_json list '[t["last_activity_at"] for t in d["body"]["tickets"]] == sorted((t["last_activity_at"] for t in d["body"]["tickets"]), reverse=True)' \
  "GET /api/v1/tickets is sorted by last activity, newest first"
api list-2 GET 'tickets?page=2'
expect_json list-2 'd["status"] == 200 and d["body"]["page"] == 2 and len(d["body"]["tickets"]) == '"$seeded"' - d["body"]["page_size"]' \
  "GET /api/v1/tickets?page=2 has the rest"
api search GET 'tickets?q=printer'
expect_json search 'd["status"] == 200 and d["body"]["total"] >= 2 and all("printer" in t["subject"].lower() for t in d["body"]["tickets"])' \
  "GET /api/v1/tickets?q=printer finds the printer tickets (the customer's and the stranger's)"
api search-stranger GET 'tickets?q=printer&contact=stranger@example.test'
expect_json search-stranger 'd["status"] == 200 and d["body"]["total"] == 1 and "printer" in d["body"]["tickets"][0]["subject"].lower()' \
  "GET /api/v1/tickets?q=printer&contact=stranger@example.test: only the stranger's"
api search-none GET 'tickets?q=zqxv-nothing-matches'
expect_json search-none 'd["status"] == 200 and d["body"]["total"] == 0 and d["body"]["tickets"] == []' "a search without matches: total 0"
api bad-query GET 'tickets?status=pending'
expect_json bad-query 'd["status"] == 400 and d["body"]["error"]["code"] == "api.invalid_request"' "GET /api/v1/tickets?status=pending: 400 api.invalid_request"
api get GET tickets/1
expect_json get 'd["status"] == 200 and d["body"]["ticket"]["id"] == 1 and d["body"]["messages"] and d["body"]["contacts"]' \
  "GET /api/v1/tickets/1: the ticket, its contacts and messages"
expect_json get '([m["created_at"] for m in d["body"]["messages"]] == sorted(m["created_at"] for m in d["body"]["messages"]) and
  {m["kind"] for m in d["body"]["messages"]} <= {"public", "note"})' \
  "API messages are oldest first, each public or note"
api get-missing GET tickets/999999
expect_json get-missing 'd["status"] == 404 and d["body"]["error"]["code"] == "ticket.not_found"' "GET /api/v1/tickets/999999: 404 ticket.not_found"
api_subject="API ticket $$: please call us back about the invoice"
api create POST tickets "{\"contact\": \"$customer\", \"subject\": $(json_string "$api_subject"), \"body\": \"Filed through the API.\"}"
expect_json create 'd["status"] == 201 and d["body"]["ticket"]["status"] == "open" and [c["email"] for c in d["body"]["contacts"]] == ["'"$customer"'"]' \
  "POST /api/v1/tickets for $customer: 201, open, the customer as contact"
api_ticket=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["body"]["ticket"]["id"])' "$work/create.out" 2>/dev/null || true)
api create-unknown POST tickets '{"contact": "nobody@example.test", "subject": "Hello", "body": "Anyone?"}'
expect_json create-unknown 'd["status"] == 422 and d["body"]["error"]["code"] == "ticket.contact_unknown"' \
  "POST /api/v1/tickets for an unknown contact: 422 ticket.contact_unknown"
api create-blank POST tickets "{\"contact\": \"$customer\", \"subject\": \"  \", \"body\": \"Hello\"}"
expect_json create-blank 'd["status"] == 422 and d["body"]["error"]["code"] == "ticket.subject_missing"' \
  "POST /api/v1/tickets with a blank subject: 422 ticket.subject_missing"
if [ -z "$api_ticket" ]; then
  fail "no ticket id from POST /api/v1/tickets; the browser part needs it"
  exit 1
fi

# 4. The browser (browser_suite: chromium-lib.sh).
browser_suite portal_browser.py "$work/browser.json" --token-file "$work/token" --customer-password-file "$work/customer.pw" \
  --agent-password-file "$work/agent.pw" --api-ticket "$api_ticket" --work "$work"
fact() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["facts"].get(sys.argv[2], ""))' "$work/browser.json" "$1" 2>/dev/null || true; }

# 5. What the browser did, seen through the API.
reply_ticket=$(fact reply_ticket)
if [ -n "$(fact agent_answer)" ]; then
  api after GET "tickets/$reply_ticket"
  expect_json after 'd["status"] == 200 and d["body"]["ticket"]["status"] == "closed" and d["body"]["ticket"]["stage"] == "closed"' \
    "the API shows ticket $reply_ticket closed by the agent"
  last_three=$(python3 -c 'import json, sys; f = json.load(open(sys.argv[1]))["facts"]
print(json.dumps([["public", "contact", f["reply_text"]], ["note", "agent", f["agent_note"]], ["public", "agent", f["agent_answer"]]]))' \
    "$work/browser.json")
  expect_json after '[[m["kind"], m["author_kind"], m["body"]] for m in d["body"]["messages"]][-3:] == '"$last_three" \
    "the API shows the customer's reply, the agent's note and public answer, in that order"
fi
new_ticket=$(fact new_ticket)
if [ -n "$new_ticket" ]; then
  api new GET "tickets/$new_ticket"
  expect_json new '(d["status"] == 200 and d["body"]["ticket"]["subject"] == '"$(json_string "$(fact new_subject)")"' and
    [c["email"] for c in d["body"]["contacts"]] == ["'"$customer"'"])' \
    "the API shows the ticket filed in the browser, with the customer as contact"
fi
# 6. Every page at 1280x900 and 390x844: screenshots, layout, axe-core, untranslated text (portal_design.py).
browser_suite portal_design.py "$work/design.json" --customer-password-file "$work/customer.pw" \
  --agent-password-file "$work/agent.pw" --texts "$e2e_dir/../../Sources/GatehouseApp/Views/PageTexts+English.swift" \
  --work "$work/design"
screenshots=${GATEHOUSE_SCREENSHOTS:-${TMPDIR:-/tmp}/gatehouse-screenshots}
if [ -d "$work/design/screenshots" ]; then
  rm -rf "$screenshots" && mkdir -p "$screenshots" && cp "$work/design/screenshots/"*.png "$screenshots/" 2>/dev/null || true
  echo "portal-browser: $(find "$screenshots" -name '*.png' | wc -l) screenshots in $screenshots" >&2
fi

server_errors() { ! grep -Eq '^[0-9T:+-]+ (error|critical) ' "$work/server.log"; }
assert "the server logged errors: $(grep -E '^[0-9T:+-]+ (error|critical) ' "$work/server.log" | head -3)" server_errors

assert "the server is still running" gw_alive
if [ "$failures" -gt 0 ]; then
  echo "portal-browser: $failures of $checks checks FAILED (gatehouse at $base)" >&2
  exit 1
fi
echo "portal-browser: all $checks checks passed (Chromium $("$chromium" --version 2>/dev/null | awk '{print $2}'), gatehouse at $base) in ${SECONDS}s"
