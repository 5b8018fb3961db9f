#!/usr/bin/env bash
# Proves the gatehouse CLI against a real SAML IdP: starts SimpleSAMLphp (simplesamlphp/start-idp.sh), logs in
# with the scripted browser (browser.py) and checks `gatehouse saml verify` on what the IdP actually sent:
# SP-initiated, IdP-initiated, a wrong password, an audience mismatch and IdP session reuse. No web server of
# ours is needed: the browser stops at the POST to our ACS. Usage: scripts/e2e/real-idp-cli.sh PATH/TO/gatehouse
set -euo pipefail

[ $# -eq 1 ] && [ -x "$1" ] || { echo "usage: real-idp-cli.sh PATH/TO/gatehouse" >&2; exit 2; }
gatehouse=$(realpath "$1")
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
browser=("python3" "$here/browser.py")

# Port 1 is never listened on: nothing may reach our "SP" except through the browser's captured form.
sp=http://127.0.0.1:1/saml/metadata
acs=http://127.0.0.1:1/saml/acs
other_sp=http://127.0.0.1:1/other/metadata

work=$(mktemp -d "${TMPDIR:-/tmp}/real-idp-cli.XXXXXX")
failures=0
checks=0
IDP_DIR=''
cleanup() {
  # A signal that lands while start-idp.sh runs is handled only after it returns, before we sourced its env.
  # shellcheck disable=SC1091
  [ -z "$IDP_DIR" ] && [ -f "$work/idp.env" ] && source "$work/idp.env"
  if [ "$failures" -gt 0 ] && [ -n "$IDP_DIR" ]; then
    for log in "$IDP_DIR"/log/simplesamlphp.log "$IDP_DIR"/log/php-errors.log "$IDP_DIR"/log/php-server.log; do
      [ -s "$log" ] && { echo "--- $log (last 25 lines)" >&2; grep -Ev ' (Accepted|Closing)$' "$log" | tail -25 >&2; }
    done
  fi
  [ -n "$IDP_DIR" ] && "$here/simplesamlphp/stop-idp.sh" "$IDP_DIR" || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# shellcheck source=check-lib.sh
source "$here/check-lib.sh"
# expect_json NAME PYTHON_EXPR WHAT: PYTHON_EXPR over `d`, the JSON on NAME's stdout, must be true.
expect_json() {
  checks=$((checks + 1))
  python3 - "$work/$1.out" "$2" <<'EOF' || fail "$3 ($2) — $1 stdout: $(head -c 600 "$work/$1.out")"
import json, sys
try:
    d = json.load(open(sys.argv[1]))
except ValueError:
    sys.exit(1)
try:
    sys.exit(0 if eval(sys.argv[2], {"d": d}) else 1)
except (KeyError, IndexError, TypeError, AttributeError):
    sys.exit(1)
EOF
}
expect_reason() { # NAME CODE WHAT
  checks=$((checks + 1))
  grep -q "^$2: " "$work/$1.err" || fail "$3: stderr does not start with $2: $(head -c 300 "$work/$1.err")"
}

"$gatehouse" saml sp-metadata --sp-entity-id "$sp" --acs-url "$acs" >"$work/sp-metadata.xml"
"$here/simplesamlphp/start-idp.sh" --sp-metadata "$work/sp-metadata.xml" --env-file "$work/idp.env" >/dev/null ||
  { echo "FAIL: the SimpleSAMLphp IdP did not start" >&2; exit 1; }
# shellcheck disable=SC1091
source "$work/idp.env"
verify=("$gatehouse" saml verify --idp-metadata "$IDP_METADATA_FILE" --acs-url "$acs")

# authn_request NAME RELAY_STATE: leaves the redirect URL in $work/NAME.url and the request ID in $request_id.
authn_request() {
  run "$1" "$gatehouse" saml authn-request --idp-metadata "$IDP_METADATA_FILE" --sp-entity-id "$sp" --acs-url "$acs" \
    --relay-state "$2"
  expect "$1" 0 "authn-request ($1)"
  cp "$work/$1.out" "$work/$1.url"
  request_id=$(sed -n 's/^request id: //p' "$work/$1.err")
  checks=$((checks + 1))
  case $request_id in _?*) ;; *) fail "authn-request ($1): no 'request id: _…' on stderr: $(cat "$work/$1.err")" ;; esac
  checks=$((checks + 1))
  case $(cat "$work/$1.url") in "$IDP_SSO_URL?SAMLRequest="*) ;; *) fail "authn-request ($1): URL is not the IdP's SSO endpoint: $(cat "$work/$1.url")" ;; esac
}

# 1. SP-initiated login as alice; the browser stops at the POST to our ACS.
authn_request sp-request sp-init-state
sp_request_id=$request_id
run sp-login "${browser[@]}" login --start "$(cat "$work/sp-request.url")" --username alice --password alice-password \
  --stop-at-post-to "$acs" --save-response "$work/sp.b64" --cookie-jar "$work/alice.cookies"
expect sp-login 0 "SP-initiated browser login"
expect_json sp-login 'd["outcome"] == "post_form" and d["login_form_seen"] and d["post"]["action"] == "'"$acs"'"' \
  "SP-initiated login ends at a POST to the ACS"
expect_json sp-login 'd["post"]["fields"].get("RelayState") == "sp-init-state"' "SP-initiated RelayState comes back"
run sp-verify "${verify[@]}" "$work/sp.b64" --sp-entity-id "$sp" --in-response-to "$sp_request_id"
expect sp-verify 0 "verify SP-initiated response"
expect_json sp-verify 'd["name_id"] == "alice@example.com" and d["name_id_format"].endswith(":emailAddress")' "alice NameID"
expect_json sp-verify 'd["attributes"]["email"] == ["alice@example.com"] and d["attributes"]["mail"] == ["alice@example.com"]' \
  "alice email/mail attributes"
expect_json sp-verify 'd["attributes"]["displayName"] == ["Alice Example"] and d["attributes"]["uid"] == ["alice"]' \
  "alice displayName/uid attributes"
expect_json sp-verify 'd["attributes"]["groups"] == ["staff", "support"]' "alice multi-valued groups attribute"
expect_json sp-verify 'd["idp_entity_id"] == "'"$IDP_ENTITY_ID"'"' "issuer is the SimpleSAMLphp entityID"
run sp-wrong-request "${verify[@]}" "$work/sp.b64" --sp-entity-id "$sp" --in-response-to _not-the-request
expect sp-wrong-request 1 "verify SP-initiated response against another request ID"
expect_reason sp-wrong-request saml.in_response_to_mismatch "another request ID"

# 2. IdP-initiated login as mallory (fresh browser): accepted only with --allow-unsolicited.
run idp-login "${browser[@]}" idp-initiated --idp-url "$IDP_URL" --sp-entity-id "$sp" --relay-state idp-init-state \
  --username mallory --password mallory-password --stop-at-post-to "$acs" --save-response "$work/idp.b64"
expect idp-login 0 "IdP-initiated browser login"
expect_json idp-login 'd["outcome"] == "post_form" and d["post"]["fields"].get("RelayState") == "idp-init-state"' \
  "IdP-initiated login ends at a POST to the ACS"
run idp-verify "${verify[@]}" "$work/idp.b64" --sp-entity-id "$sp" --allow-unsolicited
expect idp-verify 0 "verify IdP-initiated response with --allow-unsolicited"
expect_json idp-verify 'd["name_id"] == "mallory@example.com" and d["attributes"]["email"] == ["mallory@example.com"]' \
  "mallory identity"
run idp-strict "${verify[@]}" "$work/idp.b64" --sp-entity-id "$sp"
expect idp-strict 1 "verify IdP-initiated response without --allow-unsolicited"
expect_reason idp-strict saml.unsolicited_not_allowed "IdP-initiated without --allow-unsolicited"

# 3. A wrong password leaves the browser on the login form, with no SAMLResponse.
authn_request bad-request bad-password-state
run bad-login "${browser[@]}" login --start "$(cat "$work/bad-request.url")" --username alice --password wrong-password \
  --stop-at-post-to "$acs"
expect bad-login 1 "browser login with a wrong password"
expect_json bad-login 'd["outcome"] == "login_form" and d["credentials_submitted"] and d["post"] is None' \
  "wrong password ends on the login form"
expect_json bad-login '"Incorrect username or password" in d["text"]' "wrong password is reported by the IdP"

# 4. The alice response is not for another SP.
run audience "${verify[@]}" "$work/sp.b64" --sp-entity-id "$other_sp" --in-response-to "$sp_request_id"
expect audience 1 "verify against a different --sp-entity-id"
expect_reason audience saml.audience_mismatch "different --sp-entity-id"

# 5. Same browser again: SimpleSAMLphp's session answers without a password prompt.
authn_request sso-request sso-state
sso_request_id=$request_id
run sso-login "${browser[@]}" login --start "$(cat "$work/sso-request.url")" --stop-at-post-to "$acs" \
  --save-response "$work/sso.b64" --cookie-jar "$work/alice.cookies"
expect sso-login 0 "second login in the same browser"
expect_json sso-login 'd["outcome"] == "post_form" and not d["login_form_seen"]' "second login reuses the IdP session"
run sso-verify "${verify[@]}" "$work/sso.b64" --sp-entity-id "$sp" --in-response-to "$sso_request_id"
expect sso-verify 0 "verify the session-reuse response"
expect_json sso-verify 'd["name_id"] == "alice@example.com"' "session reuse is still alice"

if [ "$failures" -gt 0 ]; then
  echo "real-idp-cli: $failures of $checks checks FAILED (SimpleSAMLphp $IDP_VERSION at $IDP_URL)" >&2
  exit 1
fi
echo "real-idp-cli: all $checks checks passed against SimpleSAMLphp $IDP_VERSION at $IDP_URL in ${SECONDS}s"
