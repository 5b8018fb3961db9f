#!/usr/bin/env bash
# Email leaves through a real SMTP server nobody here wrote: aiosmtpd (PyPI, in a virtualenv under
# ${XDG_CACHE_HOME:-~/.cache}/gatehouse-mail-venv) on loopback with STARTTLS required (a certificate of a CA made
# for this run) and AUTH required. `gatehouse serve` delivers with email.transport smtp (STARTTLS, the CA as
# email.smtp.ca_file, AUTH). Checked end to end: a self-registration's email arrives, parses as MIME with Python's
# email package (From with display name, Message-ID, multipart/alternative text + escaped HTML, the link), its link
# confirms the account and the password chosen there signs in; the same in headless Chromium (mail_browser.py: the
# form, the email parsed, its link followed, the password chosen, a sign-in to /tickets, the link refused when used
# again); with the mail server down a password reset waits (outbox list shows the connection failure) and is
# delivered once it is back; a 550 for one recipient marks that email failed with the server's reply and it is never
# retried; `outbox retry` makes it due again; `outbox send-test` prints the conversation without the credentials, and
# says why for a wrong password (mail.auth_refused) or an untrusted certificate (mail.tls_failed); `kill -9` of serve
# with emails queued loses none. Ticket notifications: a new ticket and a customer's reply reach the agents'
# address; an agent's public answer reaches the customer in the language they wrote in, threaded, with RFC 8058
# one-click unsubscribe headers (never an internal note); the one-click POST ends them; an invitation to a list
# arrives with the configured text.
# Usage: scripts/e2e/mail.sh PATH/TO/gatehouse
# Needs what chromium-lib.sh sets up (Chromium, chromedriver and a virtualenv with selenium). After a failure the work
# directory stays, with the browser's screenshots and page sources under failures/; its path is printed.
set -euo pipefail

[ $# -eq 1 ] && [ -x "$1" ] || { echo "usage: mail.sh PATH/TO/gatehouse" >&2; exit 2; }
gatehouse=$(realpath "$1")
work=$(mktemp -d "${TMPDIR:-/tmp}/mail.XXXXXX")
e2e=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=gateway-lib.sh
source "$e2e/gateway-lib.sh"
smtp_pid=''
stop_smtp() {
  [ -n "$smtp_pid" ] || return 0
  kill "$smtp_pid" 2>/dev/null || true
  wait "$smtp_pid" 2>/dev/null || true
  smtp_pid=''
}
# shellcheck source=chromium-lib.sh
source "$e2e/chromium-lib.sh"
# shellcheck source=smtp-lib.sh
source "$e2e/smtp-lib.sh"
gw_cleanup_extra() {
  browser_stop
  stop_smtp
  rm -rf "$work"/chromium-profile-*  # a kept work directory keeps the evidence, not the browser's cache
}
gw_dump_logs_extra() { [ -s "$work/smtp.log" ] && { echo "--- aiosmtpd log (last 20 lines)" >&2; tail -20 "$work/smtp.log" >&2; }; }
gw_keep_work_on_failure=1
trap gw_cleanup EXIT
trap 'exit 130' INT TERM
gw_init

# 1. aiosmtpd from PyPI; Chromium, chromedriver and selenium (chromium-lib.sh, whose virtualenv is $venv).
chromium_setup
smtp_venv_ready "$work" || exit 1

# 2. A CA of this run and the server's certificate for localhost (and one from another CA, which must be refused).
smtp_make_ca "$work" test
smtp_make_ca "$work" other
smtp_server_certificate "$work" test

# 3. The mail server.
smtp_user=gatehouse-test
python3 -c 'import secrets; print(secrets.token_urlsafe(18))' >"$work/smtp.password"
echo "not-the-password" >"$work/wrong.password"
mkdir -p "$work/maildir"
smtp_port=$(free_port)
start_smtp() {
  rm -f "$work/smtp.ready"
  "$smtp_venv/bin/python" "$e2e/smtp_server.py" --port "$smtp_port" --cert "$work/smtp.pem" --key "$work/smtp.key" --user "$smtp_user" \
    --password-file "$work/smtp.password" --maildir "$work/maildir" --ready "$work/smtp.ready" >>"$work/smtp.log" 2>&1 &
  smtp_pid=$!
  local _
  for _ in $(seq 200); do [ -s "$work/smtp.ready" ] && return 0; sleep 0.05; done
  fail "aiosmtpd did not start on port $smtp_port"
  return 1
}
start_smtp

export GATEHOUSE_DATABASE_PATH="$work/db.sqlite" GATEHOUSE_DEMO_ENABLED=false GATEHOUSE_MEMBERSHIP_SELF_REGISTRATION=true \
  GATEHOUSE_MEMBERSHIP_CONSENT_ENABLED=false GATEHOUSE_PORTAL_TITLE="Demo Support Ääkköset" \
  GATEHOUSE_EMAIL_TRANSPORT=smtp GATEHOUSE_EMAIL_FROM=support@gatehouse.test GATEHOUSE_EMAIL_REPLY_TO=help@gatehouse.test \
  GATEHOUSE_EMAIL_SMTP_HOST=localhost GATEHOUSE_EMAIL_SMTP_PORT="$smtp_port" GATEHOUSE_EMAIL_SMTP_SECURITY=starttls \
  GATEHOUSE_EMAIL_SMTP_CA_FILE="$work/test-ca.pem" GATEHOUSE_EMAIL_SMTP_USERNAME="$smtp_user" \
  GATEHOUSE_EMAIL_SMTP_PASSWORD_FILE="$work/smtp.password" GATEHOUSE_EMAIL_SMTP_TIMEOUT=5 \
  GATEHOUSE_EMAIL_RETRY_FIRST_DELAY=1 GATEHOUSE_EMAIL_RETRY_MAX_DELAY=2 \
  GATEHOUSE_EMAIL_NOTIFICATIONS_AGENTS_ADDRESS=team@gatehouse.test GATEHOUSE_MEMBERSHIP_INVITE_ONLY_LISTS=Partners \
  GATEHOUSE_MEMBERSHIP_INVITATION_EMAIL_SUBJECT='Join the {{portal}} partner desk' \
  GATEHOUSE_MEMBERSHIP_INVITATION_EMAIL_BODY=$'Dear partner,\n\nyour company now has a support desk. Join it here:\n\n{{link}}\n\nThe Partner Team\n'

# wait_mail COUNT: waits up to 30 s for COUNT messages in the maildir.
wait_mail() {
  local _
  for _ in $(seq 300); do
    [ "$(find "$work/maildir" -name '*.eml' | wc -l)" -ge "$1" ] && return 0
    sleep 0.1
  done
  return 1
}
mails() { find "$work/maildir" -name '*.eml' | wc -l; }

# eventually SECONDS WHAT COMMAND...: a check that COMMAND succeeds within SECONDS (tried every 0.1 s).
eventually() {
  local tries=$(($1 * 10)) what=$2 _
  shift 2
  checks=$((checks + 1))
  for _ in $(seq "$tries"); do
    "$@" && return 0
    sleep 0.1
  done
  fail "$what"
}
# outbox_shows FILE PATTERN FLAGS...: `outbox list --json FLAGS` saved to FILE contains PATTERN.
outbox_shows() {
  local file=$1 pattern=$2
  shift 2
  gh outbox list --json "$@" >"$file" 2>/dev/null && grep -q -- "$pattern" "$file"
}
queued_count_is() { [ "$(gh outbox list --json | grep -c queued)" -eq "$1" ]; }
# A kill that lands between a claim and its outcome leaves those emails leased for 5 minutes (delivery is at least
# once), longer than this script waits for them. So serve is frozen and killed only while the outbox shows no attempt in
# flight: every queued email due later (a claimed one was due already, and its outcome sets a later time together with
# releasing the lease); otherwise it goes on (SIGCONT) and is caught again. next_attempt has whole seconds, which can
# only make it look earlier than it is.
frozen_between_attempts() {
  kill -STOP "$server_pid"
  gh outbox list --json 2>/dev/null | python3 -c 'import json, sys
from datetime import datetime, timezone
queued = [m for m in map(json.loads, filter(str.strip, sys.stdin)) if m["to"].startswith("queued") and m["status"] == "pending"]
now = datetime.now(timezone.utc)
sys.exit(0 if len(queued) == 3 and all("next_attempt" in m and datetime.fromisoformat(m["next_attempt"].replace("Z", "+00:00")) > now for m in queued) else 1)' &&
    return 0
  kill -CONT "$server_pid"
  return 1
}
delivered_to_queued() { [ "$(grep -l queued "$work"/maildir/*.json 2>/dev/null | wc -l)" -ge "$1" ]; }

# 4. send-test: the conversation, credentials hidden; a wrong password and a foreign CA each say why.
run send-test gh outbox send-test --to probe@example.com
expect send-test 0 "gatehouse outbox send-test --to probe@example.com"
assert "send-test shows STARTTLS, the login (hidden) and the server's acceptance" \
  grep -q "C: STARTTLS" "$work/send-test.out"
assert "send-test hides the credentials" grep -q "AUTH PLAIN (credentials hidden)" "$work/send-test.out"
assert "send-test reports the server's queue id" grep -q "sent: 250 2.0.0 OK queued as test0001" "$work/send-test.out"
assert "send-test never prints the password" lacks "$(cat "$work/smtp.password")" "$work/send-test.out"
run wrong-password env GATEHOUSE_EMAIL_SMTP_PASSWORD_FILE="$work/wrong.password" "$gatehouse" outbox send-test --config "$config" \
  --to probe@example.com
expect wrong-password 1 "send-test with a wrong password fails (exit 1)"
assert "a wrong password: mail.auth_refused with the server's 535" grep -q "mail.auth_refused.*535" "$work/wrong-password.err"
run foreign-ca env GATEHOUSE_EMAIL_SMTP_CA_FILE="$work/other-ca.pem" "$gatehouse" outbox send-test --config "$config" --to probe@example.com
expect foreign-ca 1 "send-test against a certificate of an untrusted CA fails (exit 1)"
assert "an untrusted certificate: mail.tls_failed" grep -q "mail.tls_failed" "$work/foreign-ca.err"
assert "the mail server got only the one test message" [ "$(mails)" -eq 1 ]

# 5. Registration: the email arrives and parses; its link confirms the account; the password chosen signs in.
gw_start || { fail "gatehouse serve did not become ready"; exit 1; }
ada=ada@example.com
run register "${browser[@]}" form "$base/register" --cookie-jar "$work/ada.jar" --set "email=$ada" --set 'name=Ada "Countess" <Lovelace>'
expect_json register 'd["status"] == 200 and "Check your email" in d["text"]' "self-registration of $ada: 'Check your email'"
checks=$((checks + 1))
wait_mail 2 || fail "the registration email did not reach the mail server within 30 s"
cat >"$work/parse.py" <<'PY'
import email, email.policy, json, re, sys
path, envelope = sys.argv[1], json.load(open(sys.argv[2]))
raw = open(path, "rb").read()
message = email.message_from_bytes(raw, policy=email.policy.default)
problems = []
def check(condition, what):
    if not condition:
        problems.append(what)
check(all(len(line) <= 998 for line in raw.split(b"\r\n")), "a line over 998 octets")
check(b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b""), "bare LF line ends")
check(all(b < 0x80 for b in raw), "8-bit bytes in a 7-bit message")
check(message["From"].addresses[0].display_name == "Demo Support Ääkköset", f"From display name {message['From']!r}")
check(message["From"].addresses[0].addr_spec == "support@gatehouse.test", "From address")
check(message["Reply-To"].addresses[0].addr_spec == "help@gatehouse.test", "Reply-To")
check(re.fullmatch(r"<[0-9a-f]{32}@gatehouse\.test>", message["Message-ID"] or ""), f"Message-ID {message['Message-ID']!r}")
check(message["Date"] is not None and message["Date"].datetime is not None, "Date")
check(message["Auto-Submitted"] == "auto-generated", "Auto-Submitted")
check(message.get_content_type() == "multipart/alternative", f"content type {message.get_content_type()}")
text = message.get_body(("plain",)).get_content()
html = message.get_body(("html",)).get_content()
links = re.findall(r"https?://\S+/register/verify\?token=[A-Za-z0-9_-]+", text)
check(len(links) == 1, f"links in the text part: {links}")
check(envelope["tls"] and envelope["auth"], f"envelope {envelope}")
check(envelope["to"] == [message["To"].addresses[0].addr_spec], "envelope recipient is the To address")
check("<Lovelace>" not in html and "&lt;Lovelace&gt;" in html, "the name in the HTML part is escaped")
check(links and f'href="{links[0]}"' in html, "the HTML part links the same URL")
if problems:
    sys.exit("; ".join(problems))
print(json.dumps({"link": links[0] if links else "", "subject": str(message["Subject"]), "message_id": message["Message-ID"]}))
PY
registration=$(find "$work/maildir" -name '0002.eml')
run parse-registration python3 "$work/parse.py" "$registration" "${registration%.eml}.json"
expect parse-registration 0 "the registration email parses (Python's email package) with every header and part as sent"
link=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["link"])' "$work/parse-registration.out" 2>/dev/null || true)
ada_password='ada-pass-123456'
run verify "${browser[@]}" form "$link" --cookie-jar "$work/ada.jar" --set "password=$ada_password"
expect_json verify '"confirmed" in d["text"]' "the emailed link confirms the account and sets the password chosen there"
run login "${browser[@]}" form "$base/login" --cookie-jar "$work/ada-login.jar" --set "email=$ada" --set "password=$ada_password"
expect_json login 'd["final_url"].startswith(base + "/tickets") and d["status"] == 200' "$ada signs in with that password"
run outbox-sent gh outbox list --all --json
expect outbox-sent 0 "gatehouse outbox list --all --json"
assert "outbox list shows the registration email sent with the server's reply" \
  python3 -c 'import json, sys
m = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
sys.exit(0 if any(x["to"] == sys.argv[2] and x["status"] == "sent" and "queued as test0002" in x.get("reply", "") for x in m) else 1)' \
  "$work/outbox-sent.out" "$ada"

# 6. Registration in Chromium (mail_browser.py): the form, the email (the third the server got), its link, the
# password chosen there, a sign-in to the ticket list; the used link refused.
grete=grete.mueller@example.com
browser_suite mail_browser.py "$work/mail-browser.json" --maildir "$work/maildir" --email "$grete" --name "Grete Müller-Ö" \
  --subject "Confirm your $GATEHOUSE_PORTAL_TITLE account" --work "$work"
assert "the browser's registration email is the server's third message (0003.eml)" \
  python3 -c 'import json, sys; sys.exit(json.load(open(sys.argv[1]))["facts"].get("message_file") != "0003.eml")' \
  "$work/mail-browser.json"
run outbox-sent-grete gh outbox list --all --json
expect outbox-sent-grete 0 "gatehouse outbox list --all --json"
assert "outbox list shows the browser's registration email sent with the server's reply" \
  python3 -c 'import json, sys
m = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
sys.exit(0 if any(x["to"] == sys.argv[2] and x["status"] == "sent" and "queued as test0003" in x.get("reply", "") for x in m) else 1)' \
  "$work/outbox-sent-grete.out" "$grete"

# 7. The mail server down: a reset email waits, the failure visible, and arrives once the server is back.
stop_smtp
run forgot "${browser[@]}" form "$base/password/forgot" --set "email=$ada"
expect_json forgot 'd["status"] == 200' "password reset requested while the mail server is down"
eventually 30 "outbox list shows the connection failure while the mail server is down" \
  outbox_shows "$work/waiting.out" mail.connection_failed
start_smtp
checks=$((checks + 1))
wait_mail 4 || fail "the reset email was not delivered after the mail server came back"
assert "the reset email went to $ada" grep -q "$ada" "$(find "$work/maildir" -name '0004.json')"

# 8. A permanent refusal (550) marks the email failed with the reply; never retried until outbox retry.
run register-reject "${browser[@]}" form "$base/register" --set "email=reject-me@example.com" --set "name=Rejected"
expect_json register-reject 'd["status"] == 200' "registration of reject-me@example.com"
eventually 30 "the refused email shows in outbox list --failed" outbox_shows "$work/failed.out" reject-me@example.com --failed
expect_json failed 'd["status"] == "failed" and d["attempts"] == 1 and "550" in d["reply"] and "mail.refused" in d["reply"]' \
  "outbox list --failed shows the 550 and one attempt"
sleep 3
run failed-later gh outbox list --failed --json
expect_json failed-later 'd["attempts"] == 1' "a permanently failed email is not retried (still one attempt 3 s later)"
failed_id=$(python3 -c 'import json, sys; print(json.loads(open(sys.argv[1]).readline())["id"])' "$work/failed.out")
run retry gh outbox retry "$failed_id"
expect retry 0 "gatehouse outbox retry $failed_id"
eventually 30 "outbox retry makes the email due again (a second attempt, refused again)" \
  outbox_shows "$work/failed-again.out" '"attempts":2' --failed

# 9. kill -9 with emails queued: none lost.
stop_smtp
for i in 1 2 3; do
  "${browser[@]}" form "$base/register" --set "email=queued$i@example.com" --set "name=Queued $i" >/dev/null
done
eventually 30 "the three registration emails are queued" queued_count_is 3
eventually 30 "serve is caught (SIGSTOP) with no delivery attempt in flight" frozen_between_attempts
kill -9 "$server_pid"
gw_reap_killed "kill -9 of serve with emails queued"
start_smtp
gw_start || { fail "gatehouse serve did not restart"; exit 1; }
eventually 60 "after kill -9 and a restart the queued emails are all delivered" delivered_to_queued 3
for i in 1 2 3; do
  assert "queued$i@example.com got its email exactly once or, at most, twice" \
    python3 -c 'import glob, json, sys; n = sum(sys.argv[1] in json.load(open(p))["to"] for p in glob.glob(sys.argv[2] + "/*.json")); sys.exit(0 if 1 <= n <= 2 else 1)' \
    "queued$i@example.com" "$work/maildir"
done
run metrics curl -s --noproxy '*' "$base/metrics"
assert "/metrics counts sent emails" grep -q 'gatehouse_mail_deliveries_total{outcome="sent"}' "$work/metrics.out"
assert "/metrics shows the queue depth" grep -q '^gatehouse_mail_queue_depth' "$work/metrics.out"
[ "$(http_code "$base/readyz")" = 200 ] || fail "/readyz is not 200"
checks=$((checks + 1))

# 10. Ticket notifications and the invitation. A new ticket reaches the agents' address; an agent's public answer
# reaches the customer in the language they wrote in (de), with RFC 8058 one-click unsubscribe headers and the
# ticket's thread; an internal note reaches nobody; the one-click POST (no cookies, no Origin) unsubscribes, and the
# next answer is not sent while the team still gets the customer's reply; an invitation carries the configured text.
# newest_mail TO SUBJECT_PART: the newest message to TO whose subject contains SUBJECT_PART, as parsed JSON.
cat >"$work/find.py" <<'PY'
import email, email.policy, glob, json, re, sys
maildir, to, part = sys.argv[1:4]
found = []
for path in sorted(glob.glob(maildir + "/*.eml")):
    envelope = json.load(open(path[:-4] + ".json"))
    if to not in envelope["to"]:
        continue
    message = email.message_from_bytes(open(path, "rb").read(), policy=email.policy.default)
    if part not in str(message["Subject"]):
        continue
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    found.append({"path": path, "subject": str(message["Subject"]), "text": text, "html": html,
                  "list_unsubscribe": message["List-Unsubscribe"], "list_unsubscribe_post": message["List-Unsubscribe-Post"],
                  "references": message["References"], "in_reply_to": message["In-Reply-To"],
                  "auto_submitted": message["Auto-Submitted"], "count": 0})
if not found:
    sys.exit(1)
found[-1]["count"] = len(found)
print(json.dumps(found[-1]))
PY
newest_mail() { python3 "$work/find.py" "$work/maildir" "$1" "$2"; }
mail_arrives() {  # mail_arrives NAME TO SUBJECT_PART: waits up to 30 s, saves the JSON as $work/NAME.out
  local _
  for _ in $(seq 300); do
    newest_mail "$2" "$3" >"$work/$1.out" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}
agent=agent@gatehouse.test
printf 'agent-pass-123456\n' >"$work/agent.password"
run agent-create gh admin create --email "$agent" --name "Sam Support" --role agent --password-file "$work/agent.password"
expect agent-create 0 "gatehouse admin create --role agent"
run ada-de "${browser[@]}" get "$base/language?lang=de&return_to=/tickets" --cookie-jar "$work/ada-login.jar"
expect_json ada-de 'd["status"] == 200' "$ada switches the portal to German"
run file "${browser[@]}" form "$base/tickets/new" --cookie-jar "$work/ada-login.jar" --action /tickets --set 'subject=Drucker brennt <sofort>' \
  --set 'body=Er raucht & piept.'
expect_json file '"/tickets/" in d["final_url"] and d["status"] == 200' "$ada files a ticket (in German)"
ticket=$(python3 -c 'import json, re, sys; print(re.search(r"/tickets/(\d+)", json.load(open(sys.argv[1]))["final_url"]).group(1))' \
  "$work/file.out" 2>/dev/null || echo 0)
checks=$((checks + 1))
mail_arrives opened team@gatehouse.test "New ticket" || fail "the new ticket's email did not reach team@gatehouse.test"
expect_json opened "d['subject'] == '[#$ticket] New ticket: Drucker brennt <sofort>' and 'Er raucht & piept.' in d['text'] \
  and '/agent/tickets/$ticket' in d['text'] and 'Er raucht &amp; piept.' in d['html'] and d['list_unsubscribe_post'] == 'List-Unsubscribe=One-Click'" \
  "the agents' email: subject with the ticket number, the message, the inbox link, the HTML escaped, one-click unsubscribe"
run agent-login "${browser[@]}" form "$base/login" --cookie-jar "$work/agent.jar" --set "email=$agent" --set 'password=agent-pass-123456'
expect_json agent-login 'd["status"] == 200' "the agent signs in"
run note "${browser[@]}" form "$base/agent/tickets/$ticket" --cookie-jar "$work/agent.jar" --action "/agent/tickets/$ticket/messages" \
  --set kind=note --set 'body=Internal: known firmware bug'
expect_json note 'd["status"] == 200' "the agent adds an internal note"
run answer "${browser[@]}" form "$base/agent/tickets/$ticket" --cookie-jar "$work/agent.jar" --action "/agent/tickets/$ticket/messages" \
  --set kind=public --set 'body=Bitte ziehen Sie den Stecker.'
expect_json answer 'd["status"] == 200' "the agent answers in public"
checks=$((checks + 1))
mail_arrives answered "$ada" "Drucker" || fail "the agent's answer did not reach $ada"
expect_json answered "d['count'] == 1 and d['subject'] == '[#$ticket] Drucker brennt <sofort>' and 'Sam Support hat auf Ihr Ticket #$ticket' in d['text'] \
  and 'Bitte ziehen Sie den Stecker.' in d['text'] and 'firmware' not in d['text'] and 'firmware' not in d['html'] \
  and '/tickets/$ticket' in d['text'] and d['auto_submitted'] == 'auto-generated'" \
  "the customer's email: in German, the answer (never the note), the ticket link, exactly one"
expect_json answered "d['references'] == '<ticket-$ticket@gatehouse.test>' and d['in_reply_to'] == d['references']" \
  "the answer is threaded with the ticket (References, In-Reply-To)"
unsubscribe=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["list_unsubscribe"].strip("<>"))' "$work/answered.out" 2>/dev/null || true)
expect_json answered "d['list_unsubscribe'] == '<' + '$unsubscribe' + '>' and '$unsubscribe' in d['text'] and d['list_unsubscribe_post'] == 'List-Unsubscribe=One-Click'" \
  "List-Unsubscribe is the signed link the text carries, with List-Unsubscribe-Post"
run unsubscribe-get curl -s --noproxy '*' -o "$work/unsubscribe-get.html" -w '%{http_code}' "$unsubscribe"
assert "opening the unsubscribe link shows the button and changes nothing" grep -q 'value="unsubscribe"' "$work/unsubscribe-get.html"
run one-click curl -s --noproxy '*' -o "$work/one-click.html" -w '%{http_code}' -X POST -d 'List-Unsubscribe=One-Click' "$unsubscribe"
assert "the one-click POST (RFC 8058: no cookie, no Origin) answers 200" grep -qx 200 "$work/one-click.out"
forged=$(python3 -c 'import sys; u = sys.argv[1]; print(u[:-1] + ("B" if u[-1] == "A" else "A"))' "$unsubscribe")
run forged curl -s --noproxy '*' -o /dev/null -w '%{http_code}' -X POST -d 'List-Unsubscribe=One-Click' "$forged"
assert "a changed unsubscribe token is refused (400)" grep -qx 400 "$work/forged.out"
run answer-2 "${browser[@]}" form "$base/agent/tickets/$ticket" --cookie-jar "$work/agent.jar" --action "/agent/tickets/$ticket/messages" \
  --set kind=public --set 'body=Zweite Antwort.'
expect_json answer-2 'd["status"] == 200' "the agent answers again"
run reply "${browser[@]}" form "$base/tickets/$ticket" --cookie-jar "$work/ada-login.jar" --action "/tickets/$ticket/messages" --set 'body=Danke!'
expect_json reply 'd["status"] == 200' "$ada replies"
checks=$((checks + 1))
mail_arrives replied team@gatehouse.test "Reply from" || fail "the customer's reply did not reach the team"
assert "after unsubscribing, the second answer was not sent to $ada (still one answer email)" \
  python3 -c 'import json, sys; sys.exit(0 if json.load(open(sys.argv[1]))["count"] == 1 else 1)' <(newest_mail "$ada" "Drucker")
run lists-create gh lists create Partners
expect lists-create 0 "gatehouse lists create Partners"
run invite gh lists invite Partners partner@example.com
expect invite 0 "gatehouse lists invite Partners partner@example.com"
checks=$((checks + 1))
mail_arrives invitation partner@example.com "partner desk" || fail "the invitation did not arrive"
expect_json invitation "d['subject'] == 'Join the Demo Support Ääkköset partner desk' and d['text'].startswith('Dear partner,') \
  and 'The Partner Team' in d['text'] and '/invitation?token=' in d['text']" \
  "the invitation carries the configured subject and body with its link"

gw_stop
stop_smtp
if [ "$failures" -ne 0 ]; then
  echo "mail: $failures of $checks checks FAILED" >&2
  exit 1
fi
echo "mail: all $checks checks passed (aiosmtpd $("$smtp_venv/bin/python" -c 'import aiosmtpd; print(aiosmtpd.__version__)') with STARTTLS and AUTH on port $smtp_port) in ${SECONDS}s"
