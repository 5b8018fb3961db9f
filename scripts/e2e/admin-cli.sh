#!/usr/bin/env bash
# The admin command line against a running `gatehouse serve` (same configuration, environment and SQLite file),
# and JWT single sign-on: configuration errors name their key; lists, a CSV contact import, a portal admin, a
# self-registered contact outside the audience, an invitation to the invite-only list; HS256, RS256 and ES256
# JWT apps added and removed while the server runs, their tokens minted with `gatehouse fixtures jwt` and refused
# with their exact reason codes; /metrics counts what happened. Usage: scripts/e2e/admin-cli.sh PATH/TO/gatehouse
set -euo pipefail

[ $# -eq 1 ] && [ -x "$1" ] || { echo "usage: admin-cli.sh PATH/TO/gatehouse" >&2; exit 2; }
gatehouse=$(realpath "$1")
work=$(mktemp -d "${TMPDIR:-/tmp}/admin-cli.XXXXXX")
# shellcheck source=gateway-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/gateway-lib.sh"
trap gw_cleanup EXIT
trap 'exit 130' INT TERM
gw_init

export GATEHOUSE_DATABASE_PATH="$work/db.sqlite" GATEHOUSE_DEMO_ENABLED=false GATEHOUSE_MEMBERSHIP_SELF_REGISTRATION=true \
  GATEHOUSE_AUDIENCE_PASSWORD=Customers GATEHOUSE_AUDIENCE_JWT=Customers
session=gatehouse_session
declare -A logins=() rejections=()  # what /metrics must count: logins[METHOD], rejections[METHOD REASON]

# has FILE TEXT: FILE contains the line TEXT exactly. contains FILE TEXT: FILE contains TEXT somewhere.
has() { grep -Fxq -- "$2" "$1"; }
contains() { grep -Fq -- "$2" "$1"; }

# same_lines FILE LINE...: FILE holds exactly these lines, in any order.
same_lines() {
  local file=$1; shift
  [ "$(sort "$file")" = "$(printf '%s\n' "$@" | sort)" ]
}

# outbox_count FILE TO: how many emails to TO the `outbox list --json` output FILE holds.
outbox_count() {
  python3 -c 'import json, sys
print(sum(1 for l in open(sys.argv[1]) if l.strip() and json.loads(l).get("to") == sys.argv[2]))' "$1" "$2"
}

# outbox_wait NAME TO COUNT: runs `outbox list --json` until it holds COUNT emails to TO (the server's worker
# writes account emails once it has acted on the queued request), for up to 30 s (a request a killed process had claimed waits out its 10 s lease).
outbox_wait() {
  local tries=0
  while :; do
    run "$1" gh outbox list --json
    [ "$(outbox_count "$work/$1.out" "$2")" -ge "$3" ] && return 0
    [ "$tries" -ge 300 ] && return 1
    sleep 0.1
    tries=$((tries + 1))
  done
}

# outbox_link NAME TO PREFIX: sets $link to the one link starting with PREFIX in the one email to TO ('' if not).
outbox_link() {
  link=''
  outbox_wait "$1" "$2" 1 || true
  expect "$1" 0 "gatehouse outbox list --json"
  checks=$((checks + 1))
  if python3 - "$work/$1.out" "$2" "$3" >"$work/$1.link" 2>"$work/$1.link.err" <<'EOF'; then
import json, re, sys
path, to, prefix = sys.argv[1:]
mails = [json.loads(line) for line in open(path) if line.strip()]
mine = [m for m in mails if m.get("to") == to]
if len(mine) != 1:
    sys.exit(f"{len(mine)} emails to {to}; outbox has {len(mails)}: {[m.get('to') for m in mails]}")
links = [word for word in re.findall(r"\S+", mine[0].get("body", "")) if word.startswith(prefix)]
if len(links) != 1:
    sys.exit(f"the email to {to} has {len(links)} links starting {prefix}: {mine[0].get('body')!r}")
print(links[0])
EOF
    link=$(cat "$work/$1.link")
  else
    fail "the email to $2 with a link $3…: $(tail -1 "$work/$1.link.err")"
  fi
}

# sign_in NAME EMAIL PASSWORD [browser.py form options]: the /login form as a browser submits it (CSRF cookie and
# field, Origin), in the cookie jar NAME.jar.
sign_in() {
  local name=$1 email=$2 password=$3; shift 3
  run "$name" "${browser[@]}" form "$base/login" --cookie-jar "$work/$name.jar" --set "email=$email" --set "password=$password" "$@"
}

# password_admitted NAME EMAIL: the last sign_in NAME ended on /tickets, signed in as EMAIL.
password_admitted() {
  expect_json "$1" '[h["status"] for h in hops("POST", base + "/login")] == [303] and d["history"][1]["location"] == "/tickets"' \
    "$2 signs in with a password: POST /login answers 303 to /tickets"
  expect_json "$1" 'd["final_url"] == base + "/tickets" and d["status"] == 200 and "'"$2"'" in d["text"] and cookie("'$session'")' \
    "$2 lands on /tickets with a session"
  logins[password]=$((${logins[password]:-0} + 1))
}

# mint NAME FIXTURE-OPTIONS...: `gatehouse fixtures jwt` (it takes no --config); the token goes to $token.
mint() {
  local name=$1; shift
  run "mint-$name" "$gatehouse" fixtures jwt "$@"
  expect "mint-$name" 0 "gatehouse fixtures jwt for $name"
  token=$(cat "$work/mint-$name.out")
}

# jwt_admitted NAME EMAIL: GET /sso/jwt with $token signs EMAIL in: 303 to /tickets, session, /tickets shows EMAIL.
jwt_admitted() {
  run "$1" "${browser[@]}" get "$base/sso/jwt?jwt=$token&return_to=/tickets" --cookie-jar "$work/$1.jar"
  expect_json "$1" 'd["history"][0]["status"] == 303 and d["history"][0]["location"] == "/tickets"' "$2's JWT: /sso/jwt answers 303 to /tickets"
  expect_json "$1" 'd["final_url"] == base + "/tickets" and d["status"] == 200 and "'"$2"'" in d["text"] and cookie("'$session'")' \
    "$2's JWT: a session that opens /tickets"
  logins[jwt]=$((${logins[jwt]:-0} + 1))
}

# jwt_refused NAME REASON WHAT: GET /sso/jwt with $token answers 403 with REASON on the page and sets no session.
jwt_refused() {
  run "$1" "${browser[@]}" get "$base/sso/jwt?jwt=$token&return_to=/tickets" --cookie-jar "$work/$1.jar"
  expect_json "$1" 'len(d["history"]) == 1 and d["status"] == 403 and d["codes"].get("reason") == "'"$2"'" and cookie("'$session'") is None' \
    "$3: 403 $2, no session"
  rejections[jwt $2]=$((${rejections[jwt $2]:-0} + 1))
}

# 0. Configuration errors stop `serve` (and admin commands) with exit 2, naming the key, before the database is touched.
awk '{ print } /^portal:$/ { print "  colour: blue" }' "$config" >"$work/unknown-key.yaml"
assert "the copied configuration has the unknown key portal.colour" grep -q '^  colour: blue$' "$work/unknown-key.yaml"
run config-unknown timeout 20 "$gatehouse" serve --config "$work/unknown-key.yaml" --port "$(free_port)"
expect config-unknown 2 "serve with an unknown key portal.colour in the file"
assert "the unknown key error names portal.colour: $(head -c 300 "$work/config-unknown.err")" contains "$work/config-unknown.err" "portal.colour"
assert "serve with an unknown key printed no startup banner" lacks "Gatehouse is serving" "$work/config-unknown.out"
run config-env env GATEHOUSE_SERVER_PORT=abc timeout 20 "$gatehouse" serve --config "$config"
expect config-env 2 "serve with GATEHOUSE_SERVER_PORT=abc"
assert "the GATEHOUSE_SERVER_PORT=abc error names server.port: $(head -c 300 "$work/config-env.err")" contains "$work/config-env.err" "server.port"
run config-bool env GATEHOUSE_MEMBERSHIP_SELF_REGISTRATION=maybe timeout 20 "$gatehouse" serve --config "$config" --port "$(free_port)"
expect config-bool 2 "serve with GATEHOUSE_MEMBERSHIP_SELF_REGISTRATION=maybe"
assert "the GATEHOUSE_MEMBERSHIP_SELF_REGISTRATION=maybe error names membership.self_registration: $(head -c 300 "$work/config-bool.err")" \
  contains "$work/config-bool.err" "membership.self_registration"
run config-admin env GATEHOUSE_SERVER_PORT=abc "$gatehouse" lists show --config "$config"
expect config-admin 2 "gatehouse lists show with GATEHOUSE_SERVER_PORT=abc"
assert "the admin command's error names server.port" contains "$work/config-admin.err" "server.port"
assert "no database was created by the refused configurations" test ! -e "$GATEHOUSE_DATABASE_PATH"

# The server. Admin commands build invitation links and JWT apps' default audience from the configuration, which
# does not see serve's --port: the port goes to both through the environment as well.
port=$(free_port)
export GATEHOUSE_SERVER_PORT=$port
gw_start "$port" || { echo "FAIL: gatehouse serve did not become ready" >&2; exit 1; }
assert "startup line 'Gatehouse is serving … at $base/login'" grep -q "^Gatehouse is serving .* at $base/login\$" "$work/server.log"

# 1. Lists.
run lists-none gh lists show
expect lists-none 0 "gatehouse lists show on a new database"
assert "no lists on a new database" test ! -s "$work/lists-none.out"
run list-create gh lists create Customers
expect list-create 0 "gatehouse lists create Customers"
assert "lists create prints 'Created list Customers'" has "$work/list-create.out" "Created list Customers"
run list-again gh lists create Customers
expect list-again 2 "gatehouse lists create Customers a second time"
assert "the duplicate is refused as already existing: $(head -c 200 "$work/list-again.err")" contains "$work/list-again.err" "already exists"
run list-case gh lists create customers
expect list-case 2 "gatehouse lists create customers (Customers exists; names ignore case)"
run list-all gh lists create all
expect list-all 2 "gatehouse lists create all (reserved for audience rules)"
run lists gh lists show
expect lists 0 "gatehouse lists show"
assert "lists show prints the one list: $(head -c 200 "$work/lists.out")" same_lines "$work/lists.out" Customers
run list-empty gh lists show Customers
expect list-empty 0 "gatehouse lists show Customers"
assert "Customers has no members yet" test ! -s "$work/list-empty.out"
run list-unknown gh lists show Nope
expect list-unknown 2 "gatehouse lists show Nope"
assert "lists show Nope says there is no such list" contains "$work/list-unknown.err" "no list named Nope"

# 2. Contacts import: quoted fields with commas and doubled quotes, a bad email, an unknown list, a CRLF file.
cat >"$work/contacts.csv" <<'EOF'
email,name,lists
alice@example.com,"Example, Alice",Customers
bob@example.com,"Bob ""the builder"" Jones",Customers
not-an-email,Nobody,Customers
carol@example.com,Carol,Customers;Partners
dave@example.com,,
EOF
run import gh contacts import "$work/contacts.csv"
expect import 1 "gatehouse contacts import with a bad email and an unknown list (partial import)"
assert "import reports 4 new contacts" has "$work/import.out" "Imported 4 new contacts, 0 already known."
assert "import reports line 4's invalid email" has "$work/import.out" 'skipped line 4: "not-an-email" is not an email address'
assert "import reports line 5's unknown list" has "$work/import.out" "skipped line 5: no list named Partners (create it first)"
assert "import reports exactly two problems: $(cat "$work/import.out")" test "$(grep -c '^skipped ' "$work/import.out")" -eq 2
printf 'email,name,lists\r\nerin@example.com,"Erin ""CR, LF"" Example",Customers\r\nfrank@example.com,Frank,Customers\r\n' >"$work/crlf.csv"
run import-crlf gh contacts import "$work/crlf.csv"
expect import-crlf 0 "gatehouse contacts import of a CRLF file"
assert "the CRLF import reports 2 new contacts: $(cat "$work/import-crlf.out")" same_lines "$work/import-crlf.out" \
  "Imported 2 new contacts, 0 already known."
run members gh lists show Customers
expect members 0 "gatehouse lists show Customers after the imports"
tab=$'\t'
assert "Customers lists exactly the imported members (quotes, commas, no CR): $(cat -A "$work/members.out" | head -c 600)" \
  same_lines "$work/members.out" "alice@example.com${tab}Example, Alice${tab}unverified" \
  "bob@example.com${tab}Bob \"the builder\" Jones${tab}unverified" "carol@example.com${tab}Carol${tab}unverified" \
  "erin@example.com${tab}Erin \"CR, LF\" Example${tab}unverified" "frank@example.com${tab}Frank${tab}unverified"
run import-again gh contacts import "$work/contacts.csv"
expect import-again 1 "the same import again (the bad rows are still bad)"
assert "a repeated import creates nobody: $(head -1 "$work/import-again.out")" has "$work/import-again.out" \
  "Imported 0 new contacts, 4 already known."
# Line numbers are those of the file: a blank line and a quoted field over two lines come before the bad row.
printf 'email,name,lists\n\ngina@example.com,"Gina\nTwo Lines",\nbroken,X,\n' >"$work/multiline.csv"
run import-lines gh contacts import "$work/multiline.csv"
expect import-lines 1 "import of a file with a blank line, a two-line quoted field and a bad email"
assert "contacts import reports file lines: $(grep skipped "$work/import-lines.out")" \
  has "$work/import-lines.out" 'skipped line 5: "broken" is not an email address'
printf '\xef\xbb\xbfemail,name,lists\r\nhank@example.com,Hank,\r\n' >"$work/bom.csv"  # Excel's "CSV UTF-8"
run import-bom gh contacts import "$work/bom.csv"
assert "contacts import of a file starting with a UTF-8 BOM (Excel's CSV UTF-8): exit $status, $(head -c 200 "$work/import-bom.err")" \
  test "$status" -eq 0

# 3. A portal admin (in no list) signs in with a password; a weak admin password is refused.
printf 'short\n' >"$work/weak.pw"
run admin-weak gh admin create --email weak@example.com --password-file "$work/weak.pw"
expect admin-weak 2 "gatehouse admin create with a 5-character password"
assert "the weak password is refused with the rule: $(head -c 200 "$work/admin-weak.err")" contains "$work/admin-weak.err" "password is refused"
printf 'weak@example.com\n' >"$work/email.pw"
run admin-email-pw gh admin create --email weak@example.com --password-file "$work/email.pw"
expect admin-email-pw 2 "gatehouse admin create with the email address as password"
admin=admin@example.com
admin_password='admin-Correct-horse-7'
printf '%s\n' "$admin_password" >"$work/admin.pw"
run admin-create gh admin create --email "$admin" --password-file "$work/admin.pw" --name "Ada Admin"
expect admin-create 0 "gatehouse admin create --email $admin --password-file"
assert "admin create says the admin is ready" has "$work/admin-create.out" "Portal admin $admin is ready."
assert "admin create prints no password it was given" lacks "$admin_password|Password:" "$work/admin-create.out"
run members-admin gh lists show Customers
assert "the admin is not a member of Customers" lacks "$admin" "$work/members-admin.out"
sign_in admin-login "$admin" "$admin_password"
expect admin-login 0 "the admin signs in through /login"
password_admitted admin-login "$admin"
sign_in admin-cross-site "$admin" "$admin_password" --origin https://evil.example
expect_json admin-cross-site 'd["status"] == 403 and d["codes"].get("reason") == "csrf.origin_mismatch" and cookie("'$session'") is None' \
  "the same form posted with Origin https://evil.example: 403 csrf.origin_mismatch"
sign_in admin-no-csrf "$admin" "$admin_password" --drop csrf_token
expect_json admin-no-csrf 'd["status"] == 403 and d["codes"].get("reason") == "csrf.token_mismatch" and cookie("'$session'") is None' \
  "the same form without its CSRF field: 403 csrf.token_mismatch"
sign_in weak-login weak@example.com short-but-what-was-given
expect_json weak-login 'd["status"] == 401 and "login.invalid_credentials" in d["text"] and cookie("'$session'") is None' \
  "the refused admin weak@example.com was not created: 401 login.invalid_credentials"
rejections[password login.invalid_credentials]=1

# 4. A contact who registered (not in Customers) is refused by the password audience rule.
mallory=mallory@example.org
mallory_password='mallory-pass-1234'
run register "${browser[@]}" form "$base/register" --cookie-jar "$work/mallory.jar" --set "email=$mallory" --set "name=Mallory" \
  --check consent
expect_json register 'd["status"] == 200 and "Check your email" in d["text"]' "self-registration of $mallory: 'Check your email'"
outbox_link outbox-mallory "$mallory" "$base/register/verify?token="
if [ -n "$link" ]; then
  run verify-mallory "${browser[@]}" form "$link" --set "password=$mallory_password"
  expect_json verify-mallory '[h["status"] for h in hops("POST", base + "/register/verify")] == [200] and "confirmed" in d["text"]' \
    "$mallory's confirmation link opens a form that sets the password chosen there: 200"
fi
sign_in mallory-login "$mallory" "$mallory_password" --save-body "$work/mallory.html"
expect_json mallory-login 'd["status"] == 403 and d["codes"].get("reason") == "access.not_in_audience" and cookie("'$session'") is None' \
  "$mallory (verified, in no list) signs in: 403 access.not_in_audience, no session"
rejections[password access.not_in_audience]=1
assert "the refusal page does not name the list" lacks Customers "$work/mallory.html"

# 5. An invitation to the invite-only list Customers.
guest=guest@example.com
guest_password='guest-pass-12345'
run invite gh lists invite Customers "$guest"
expect invite 0 "gatehouse lists invite Customers $guest"
assert "lists invite says the invitation is queued" has "$work/invite.out" "Queued an invitation to $guest for Customers"
run list-partners gh lists create Partners
expect list-partners 0 "gatehouse lists create Partners"
run invite-open gh lists invite Partners other@example.com
expect invite-open 2 "gatehouse lists invite Partners (not in membership.invite_only_lists)"
assert "the refusal names membership.invite_only_lists: $(head -c 200 "$work/invite-open.err")" \
  contains "$work/invite-open.err" "membership.invite_only_lists"
run invite-bad gh lists invite Customers not-an-email
expect invite-bad 2 "gatehouse lists invite Customers not-an-email"
outbox_link outbox-guest "$guest" "$base/invitation?token="
assert "no email to other@example.com was queued" lacks '"to":"other@example.com"' "$work/outbox-guest.out"
if [ -n "$link" ]; then
  run invitation-page "${browser[@]}" get "$link" --cookie-jar "$work/guest.jar"
  expect_json invitation-page 'd["status"] == 200 and [f["action"] for f in d["forms"]] == [base + "/invitation"] and d["forms"][0]["fields"]["token"] == "'"${link#*token=}"'"' \
    "the invitation link opens a form that posts the token to /invitation"
  run invitation "${browser[@]}" form "$link" --cookie-jar "$work/guest.jar" --set "name=Guest Example" --set "password=$guest_password" \
    --check consent
  expect_json invitation '[h["status"] for h in hops("POST", base + "/invitation")] == [200] and "Your account is ready" in d["text"]' \
    "posting name, password and consent=yes creates $guest's account"
  run members-guest gh lists show Customers
  assert "$guest is a verified member of Customers" has "$work/members-guest.out" "$guest${tab}Guest Example${tab}verified"
  sign_in guest-login "$guest" "$guest_password"
  password_admitted guest-login "$guest"
  run invitation-again "${browser[@]}" form "$link" --cookie-jar "$work/guest-again.jar" --set "name=Someone Else" \
    --set "password=other-pass-12345" --check consent
  expect_json invitation-again 'd["status"] == 400 and d["codes"].get("reason") == "token.invalid"' "the invitation link a second time: 400 token.invalid"
  sign_in guest-after "$guest" "$guest_password"
  password_admitted guest-after "$guest"
  expect_json guest-after '"Guest Example" in d["text"]' "the refused second use changed nothing: $guest keeps name and password"
fi

# 6. JWT apps, added while the server runs; tokens minted by `gatehouse fixtures jwt`.
head -c 24 /dev/urandom | base64 >"$work/billing.secret"  # 32 bytes: the minimum
head -c 23 /dev/urandom | base64 | head -c 31 >"$work/short.secret"
head -c 24 /dev/urandom | base64 >"$work/other.secret"
run jwt-short gh jwt-app add --id billing --algorithm HS256 --secret-file "$work/short.secret" --issuer https://billing.example
expect jwt-short 2 "gatehouse jwt-app add with a 31-byte HS256 secret"
assert "the short secret is refused with the 32-byte rule" contains "$work/jwt-short.err" "at least 32 bytes"
run jwt-add-hs gh jwt-app add --id billing --algorithm HS256 --secret-file "$work/billing.secret" --issuer https://billing.example
expect jwt-add-hs 0 "gatehouse jwt-app add --id billing --algorithm HS256"
assert "jwt-app add prints the app with the server's base URL as audience: $(head -1 "$work/jwt-add-hs.out")" has "$work/jwt-add-hs.out" \
  "Added JWT app billing: HS256, iss https://billing.example, aud the gateway's base URL origin, max age 300 s"
assert "jwt-app add prints the sign-in URL" has "$work/jwt-add-hs.out" "Sign-in URL: $base/sso/jwt?jwt=<token>&return_to=/tickets"
run jwt-bad-id gh jwt-app add --id Bad-Id --algorithm HS256 --secret-file "$work/billing.secret" --issuer https://bad.example
expect jwt-bad-id 2 "gatehouse jwt-app add --id Bad-Id"
assert "jwt-app add --id Bad-Id: the error names --id: $(head -c 200 "$work/jwt-bad-id.err")" contains "$work/jwt-bad-id.err" "--id"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/crm.key" 2>/dev/null
openssl pkey -in "$work/crm.key" -pubout -out "$work/crm.pub"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/intruder.key" 2>/dev/null
openssl ecparam -name prime256v1 -genkey -noout -out "$work/shop.key"  # SEC1 "EC PRIVATE KEY"
openssl pkey -in "$work/shop.key" -pubout -out "$work/shop.pub"
run jwt-add-rs gh jwt-app add --id crm --algorithm RS256 --public-key-file "$work/crm.pub" --issuer https://crm.example
expect jwt-add-rs 0 "gatehouse jwt-app add --id crm --algorithm RS256 (openssl RSA 2048 public key)"
run jwt-add-es gh jwt-app add --id shop --algorithm ES256 --public-key-file "$work/shop.pub" --issuer https://shop.example
expect jwt-add-es 0 "gatehouse jwt-app add --id shop --algorithm ES256 (openssl P-256 public key)"
run jwt-add-mismatch gh jwt-app add --id wrong --algorithm RS256 --public-key-file "$work/shop.pub" --issuer https://wrong.example
expect jwt-add-mismatch 2 "gatehouse jwt-app add --algorithm RS256 with a P-256 key"
run jwt-list gh jwt-app list
expect jwt-list 0 "gatehouse jwt-app list"
assert "jwt-app list shows the three apps: $(cat -A "$work/jwt-list.out" | head -c 500)" same_lines "$work/jwt-list.out" \
  "billing${tab}database${tab}HS256${tab}iss=https://billing.example${tab}aud=(base URL origin)" \
  "crm${tab}database${tab}RS256${tab}iss=https://crm.example${tab}aud=(base URL origin)" \
  "shop${tab}database${tab}ES256${tab}iss=https://shop.example${tab}aud=(base URL origin)"

hs=(--secret-file "$work/billing.secret" --issuer https://billing.example --audience "$base")
mint alice "${hs[@]}" --kid billing --email alice@example.com --name Alice
jwt_admitted jwt-alice alice@example.com
run jwt-alice-tickets "${browser[@]}" get "$base/tickets" --cookie-jar "$work/jwt-alice.jar"
expect_json jwt-alice-tickets 'len(d["history"]) == 1 and d["status"] == 200 and "alice@example.com" in d["text"]' \
  "alice's JWT session opens /tickets directly"
jwt_refused jwt-replay jwt.replayed "the same token again (another browser)"
mint bob "${hs[@]}" --email bob@example.com --name Bob
jwt_admitted jwt-bob bob@example.com  # no kid: the app is chosen by its issuer
mint dave "${hs[@]}" --kid billing --email dave@example.com --name Dave
jwt_refused jwt-dave access.not_in_audience "a valid token for dave (imported in no list)"
now=$(date +%s)
mint duplicate --secret-file "$work/billing.secret" --kid billing --payload-json \
  '{"iss":"https://billing.example","aud":"'"$base"'","email":"mallory@example.org","email":"alice@example.com","iat":'"$now"',"exp":'"$((now + 300))"',"jti":"duplicate-email"}'
jwt_refused jwt-duplicate jwt.duplicate_claim "a payload with two \"email\" members"
mint forged --secret-file "$work/other.secret" --issuer https://billing.example --audience "$base" --kid billing --email alice@example.com
jwt_refused jwt-forged jwt.signature_invalid "a token signed with another secret"
mint kid-unknown "${hs[@]}" --kid payroll --email alice@example.com
jwt_refused jwt-kid-unknown jwt.key_unknown "kid payroll (no such app)"
mint rs-for-hs --algorithm RS256 --key-file "$work/crm.key" --issuer https://billing.example --audience "$base" --kid billing \
  --email alice@example.com
jwt_refused jwt-rs-for-hs jwt.algorithm_not_allowed "an RS256-signed token for the HS256 app billing"
mint confusion --algorithm HS256 --secret-file "$work/crm.pub" --issuer https://crm.example --audience "$base" --kid crm \
  --email erin@example.com
jwt_refused jwt-confusion jwt.algorithm_not_allowed "HS256 keyed with the RS256 app's public key (key confusion)"
mint expired "${hs[@]}" --kid billing --email alice@example.com --issued-at 2020-01-01T00:00:00Z
jwt_refused jwt-expired jwt.expired "a token issued 2020-01-01 with a 300 s lifetime"
mint too-old "${hs[@]}" --kid billing --email alice@example.com --issued-at "$((now - 900))" --ttl 3600
jwt_refused jwt-too-old jwt.too_old "a token issued 900 s ago (max age 300 s), not expired"
mint elsewhere --secret-file "$work/billing.secret" --issuer https://billing.example --audience https://elsewhere.example \
  --kid billing --email alice@example.com
jwt_refused jwt-elsewhere jwt.audience_mismatch "a token for another audience"
mint erin --algorithm RS256 --key-file "$work/crm.key" --issuer https://crm.example --audience "$base" --kid crm --email erin@example.com
jwt_admitted jwt-erin erin@example.com
mint intruder --algorithm RS256 --key-file "$work/intruder.key" --issuer https://crm.example --audience "$base" --kid crm \
  --email erin@example.com
jwt_refused jwt-intruder jwt.signature_invalid "an RS256 token signed by another RSA key"
mint frank --algorithm ES256 --key-file "$work/shop.key" --issuer https://shop.example --audience "$base" --kid shop --email frank@example.com
jwt_admitted jwt-frank frank@example.com
mint frank-away --algorithm ES256 --key-file "$work/shop.key" --issuer https://shop.example --audience "$base" --kid shop \
  --email frank@example.com
run jwt-open-redirect "${browser[@]}" get "$base/sso/jwt?jwt=$token&return_to=//evil.example/x" --cookie-jar "$work/jwt-open-redirect.jar"
expect_json jwt-open-redirect 'd["history"][0]["location"] == "/tickets" and d["final_url"] == base + "/tickets"' \
  "return_to=//evil.example/x is not followed (no open redirect)"
logins[jwt]=$((${logins[jwt]:-0} + 1))
# The token out of the URL: POST /sso/jwt from the application's site (cross-site Origin, no CSRF token).
mint frank-post --algorithm ES256 --key-file "$work/shop.key" --issuer https://shop.example --audience "$base" --kid shop \
  --email frank@example.com
run jwt-post "${browser[@]}" post "$base/sso/jwt" --field "jwt=$token" --field return_to=/tickets --origin https://shop.example \
  --cookie-jar "$work/jwt-post.jar"
expect_json jwt-post 'd["history"][0]["status"] == 303 and d["final_url"] == base + "/tickets" and "frank@example.com" in d["text"] and cookie("'$session'")' \
  "POST /sso/jwt (jwt and return_to fields) from the application's site signs in like the GET"
logins[jwt]=$((${logins[jwt]:-0} + 1))
jwt_refused jwt-post-replayed jwt.replayed "the posted token's jti used again by GET"

# The app is removed while the server runs: its tokens are refused at once.
mint after-remove "${hs[@]}" --kid billing --email alice@example.com
after_remove_kid=$token
mint after-remove-iss "${hs[@]}" --email alice@example.com
run jwt-remove gh jwt-app remove billing
expect jwt-remove 0 "gatehouse jwt-app remove billing while the server runs"
assert "jwt-app remove says so" has "$work/jwt-remove.out" "Removed JWT app billing"
jwt_refused jwt-removed-iss jwt.app_unknown "a fresh token (no kid) for the removed app"
token=$after_remove_kid
jwt_refused jwt-removed-kid jwt.key_unknown "a fresh token with kid billing after the app was removed"
run jwt-remove-again gh jwt-app remove billing
expect jwt-remove-again 2 "gatehouse jwt-app remove billing a second time"
run jwt-list-after gh jwt-app list
assert "jwt-app list no longer shows billing: $(cat "$work/jwt-list-after.out")" lacks "^billing" "$work/jwt-list-after.out"
assert "jwt-app list still shows crm and shop" test "$(grep -cE '^(crm|shop)'$'\t' "$work/jwt-list-after.out")" -eq 2

# 6b. Limits through the real server. Online guessing: after 5 wrong passwords a new browser waits (429,
# Retry-After), even with the right one, while the admin's own browser (its device cookie from section 3) is
# not slowed.
for i in 1 2 3 4 5; do
  sign_in "guess-$i" "$admin" "wrong-guess-number-$i"
  expect_json "guess-$i" 'd["status"] == 401 and "login.invalid_credentials" in d["text"]' \
    "wrong password $i for $admin from a new browser: 401 login.invalid_credentials"
done
rejections[password login.invalid_credentials]=$((${rejections[password login.invalid_credentials]} + 5))
sign_in guess-right "$admin" "$admin_password"
expect_json guess-right 'd["status"] == 429 and "login.throttled" in d["text"] and int(d["history"][-1].get("retry_after", "0")) >= 1' \
  "a new browser with the right password after 5 failures: 429 login.throttled with Retry-After"
expect_json guess-right 'cookie("'$session'") is None' "the throttled browser got no session"
rejections[password login.throttled]=1
grep -v "$session" "$work/admin-login.jar" >"$work/admin-device.jar"
assert "the admin's browser kept a device cookie from its sign-in" grep -q gatehouse_device "$work/admin-device.jar"
run admin-device "${browser[@]}" form "$base/login" --cookie-jar "$work/admin-device.jar" --set "email=$admin" --set "password=$admin_password"
password_admitted admin-device "$admin"

# Mail flood: requests naming one address are refused once its hourly share (5) is used, and the mailbox gets no
# more than 5 account emails an hour in all ($guest already had the invitation, so 4 of the 5 resets are sent).
for i in 1 2 3 4 5 6; do
  run "forgot-$i" "${browser[@]}" form "$base/password/forgot" --cookie-jar "$work/forgot.jar" --set "email=$guest"
done
for i in 1 2 3 4 5; do
  expect_json "forgot-$i" '[h["status"] for h in hops("POST", base + "/password/forgot")] == [200]' "reset request $i for $guest: 200"
done
expect_json forgot-6 'd["status"] == 429 and "request.rate_limited" in d["text"] and int(d["history"][-1].get("retry_after", "0")) > 0' \
  "reset request 6 for $guest within the hour: 429 request.rate_limited with Retry-After"
run forgot-unknown-1 "${browser[@]}" form "$base/password/forgot" --cookie-jar "$work/forgot.jar" --set "email=nobody@example.com"
expect_json forgot-unknown-1 'd["status"] == 200' "a reset request for an unknown address: the same 200"
# The worker acts in queue order: once the admin's reset email exists, every request before it was acted on.
run forgot-marker "${browser[@]}" form "$base/password/forgot" --cookie-jar "$work/forgot.jar" --set "email=$admin"
checks=$((checks + 1))
outbox_wait outbox-flood "$admin" 1 || fail "the reset email to $admin (queued after the flood) never appeared"
flood_count=$(outbox_count "$work/outbox-flood.out" "$guest")
assert "$guest received 5 account emails in the hour (1 invitation + 4 resets), not more: $flood_count" test "$flood_count" -eq 5

# 7. /metrics counts each sign-in and each refusal above, by method and reason.
run metrics curl -sf --noproxy '*' "$base/metrics"
expect metrics 0 "GET /metrics"
expected_metrics() {
  local key
  for key in "${!logins[@]}"; do printf 'gatehouse_logins_total method=%s %s\n' "$key" "${logins[$key]}"; done
  # shellcheck disable=SC2086 # the key "METHOD REASON" is split into its two words on purpose
  for key in "${!rejections[@]}"; do printf 'gatehouse_rejections_total method=%s reason=%s %s\n' ${key} "${rejections[$key]}"; done
}
expected_metrics >"$work/metrics.expected"
metrics_match() {
  python3 - "$work/metrics.out" "$work/metrics.expected" <<'EOF'
import re, sys
seen = {}
for line in open(sys.argv[1]):
    m = re.match(r'^(gatehouse_(?:logins|rejections)_total)\{(.*)\} (\S+)$', line.strip())
    if m:
        labels = dict(re.findall(r'(\w+)="([^"]*)"', m.group(2)))
        seen[(m.group(1), labels.get("method"), labels.get("reason"))] = float(m.group(3))
problems = []
for line in open(sys.argv[2]):
    name, *labels, count = line.split()
    labels = dict(label.split("=", 1) for label in labels)
    key = (name, labels["method"], labels.get("reason"))
    if seen.get(key) != float(count):
        problems.append(f"{name}{{{', '.join(f'{k}={v}' for k, v in labels.items())}}} is {seen.get(key)}, expected {count}")
if problems:
    print("; ".join(problems), file=sys.stderr)
sys.exit(1 if problems else 0)
EOF
}
assert "/metrics has gatehouse_logins_total{method=\"jwt\"} = ${logins[jwt]} and a gatehouse_rejections_total per reason caused" \
  metrics_match

# The server survived all of it, and its log holds no tokens, passwords or session ids.
assert "the server is still running" gw_alive
log_is_clean() {
  python3 - "$work/server.log" "$admin_password" "$mallory_password" "$guest_password" "$work"/*.jar <<'EOF'
import http.cookiejar, re, sys
log = open(sys.argv[1], errors="replace").read()
found = [f"password #{i}" for i, p in enumerate(sys.argv[2:5]) if p in log]
if re.search(r"eyJ[\w-]+\.eyJ", log):
    found.append("a JWT")
for jar_path in sys.argv[5:]:
    jar = http.cookiejar.MozillaCookieJar(jar_path)
    jar.load(ignore_discard=True, ignore_expires=True)
    found += [f"the {c.name} cookie of {jar_path.rsplit('/', 1)[-1]}" for c in jar if c.name == "gatehouse_session" and c.value in log]
if found:
    print("server log contains " + ", ".join(found), file=sys.stderr)
sys.exit(1 if found else 0)
EOF
}
assert "the server log holds no JWTs, passwords or session ids" log_is_clean

if [ "$failures" -gt 0 ]; then
  echo "admin-cli: $failures of $checks checks FAILED (gatehouse at $base)" >&2
  exit 1
fi
echo "admin-cli: all $checks checks passed (gatehouse at $base) in ${SECONDS}s"
