#!/usr/bin/env bash
# End to end through `gatehouse serve` with a real SAML IdP (SimpleSAMLphp, simplesamlphp/start-idp.sh) and the
# scripted browser (browser.py): the IdP is added with the CLI while the server runs; alice (in the Customers
# list) signs in SP- and IdP-initiated and lands on /tickets; mallory (not in it) is refused; replayed,
# unbound, tampered and unsolicited responses are refused with their exact reason codes; a removed IdP is
# gone without a restart. Usage: scripts/e2e/gateway-saml.sh PATH/TO/gatehouse
set -euo pipefail

[ $# -eq 1 ] && [ -x "$1" ] || { echo "usage: gateway-saml.sh PATH/TO/gatehouse" >&2; exit 2; }
gatehouse=$(realpath "$1")
work=$(mktemp -d "${TMPDIR:-/tmp}/gateway-saml.XXXXXX")
# shellcheck source=gateway-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/gateway-lib.sh"
trap gw_cleanup EXIT
trap 'exit 130' INT TERM
gw_init

export GATEHOUSE_DATABASE_PATH="$work/gatehouse.sqlite" GATEHOUSE_DEMO_ENABLED=false GATEHOUSE_AUDIENCE_SAML=Customers
alice=alice@example.com
session=gatehouse_session

gw_start "" || { echo "FAIL: gatehouse serve did not become ready" >&2; exit 1; }
acs=$base/saml/acs
sp=$base/saml/metadata

# 0. The server as started: banner, no demo account, SP metadata naming this base URL.
assert "startup line 'Gatehouse is serving … at $base/login'" grep -q "^Gatehouse is serving .* at $base/login\$" "$work/server.log"
assert "GATEHOUSE_DEMO_ENABLED=false still printed a demo sign-in" lacks "Demo customer" "$work/server.log"
run metadata curl -sf --noproxy '*' "$sp"
expect metadata 0 "GET /saml/metadata"
sp_metadata_ok() {
  python3 - "$work/metadata.out" "$sp" "$acs" <<'EOF'
import sys, xml.etree.ElementTree as ET
path, sp, acs = sys.argv[1:]
md = "{urn:oasis:names:tc:SAML:2.0:metadata}"
root = ET.parse(path).getroot()
locations = [e.get("Location") for e in root.iter(md + "AssertionConsumerService")
             if e.get("Binding") == "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"]
sys.exit(0 if root.get("entityID") == sp and locations == [acs] else 1)
EOF
}
assert "SP metadata has entityID $sp and one HTTP-POST ACS $acs" sp_metadata_ok

# 1. Audience list and IdP, through the CLI on the live database.
run list-create gh lists create Customers
expect list-create 0 "gatehouse lists create Customers"
run list-add gh lists add Customers "$alice"
expect list-add 0 "gatehouse lists add Customers $alice"
"$e2e_dir/simplesamlphp/start-idp.sh" --sp-metadata "$work/metadata.out" --env-file "$work/idp.env" >/dev/null ||
  { echo "FAIL: the SimpleSAMLphp IdP did not start" >&2; exit 1; }
# shellcheck disable=SC1091
source "$work/idp.env"
assert "IdP registered our SP ($IDP_SP_ENTITY_ID, $IDP_ACS_URL)" test "$IDP_SP_ENTITY_ID $IDP_ACS_URL" = "$sp $acs"

run login-page-before "${browser[@]}" get "$base/login"
expect_json login-page-before '"/saml/login?idp=simplesaml&return_to=/tickets" not in d["links"]' "no IdP button before idp add"
run idp-add gh idp add --metadata "$IDP_METADATA_FILE" --name simplesaml --allow-unsolicited
expect idp-add 0 "gatehouse idp add --allow-unsolicited while the server runs"
run login-page "${browser[@]}" get "$base/login"
expect_json login-page '"/saml/login?idp=simplesaml&return_to=/tickets" in d["links"]' \
  "the running server lists the new IdP on /login without a restart"

# (a) No session: /tickets sends the browser to sign in.
run anonymous "${browser[@]}" get "$base/tickets" --cookie-jar "$work/anonymous.jar"
expect_json anonymous 'd["history"][0]["status"] == 303 and d["history"][0]["location"] == "/login?return_to=%2Ftickets"' \
  "GET /tickets without a session: 303 to /login?return_to=%2Ftickets"
expect_json anonymous 'd["final_url"] == base + "/login?return_to=%2Ftickets" and d["status"] == 200 and cookie("'$session'") is None' \
  "without a session the browser ends on the sign-in page"

# (b) SP-initiated: alice starts at our /saml/login, signs in at the IdP and lands on /tickets.
start_url="$base/saml/login?idp=simplesaml&return_to=/tickets"
run sp-alice "${browser[@]}" login --start "$start_url" --username alice --password alice-password \
  --cookie-jar "$work/alice.jar"
expect sp-alice 0 "SP-initiated login of alice"
expect_json sp-alice 'd["outcome"] == "done" and d["final_url"] == base + "/tickets" and d["status"] == 200' \
  "SP-initiated login of alice ends on /tickets with 200"
expect_json sp-alice '"Signed in as" in d["text"] and "'$alice'" in d["text"]' "/tickets shows alice signed in"
expect_json sp-alice 'd["history"][0]["status"] == 303 and d["history"][0]["location"].startswith("'"$IDP_SSO_URL"'?SAMLRequest=")' \
  "/saml/login answers 303 to the IdP with a SAMLRequest"
expect_json sp-alice '"RelayState=" + d["post"]["fields"]["RelayState"] in d["history"][0]["location"] and d["post"]["fields"]["RelayState"].startswith("_")' \
  "the RelayState is the request id and comes back from the IdP"
expect_json sp-alice 'd["login_form_seen"] and [h["status"] for h in hops("POST", base + "/saml/acs")] == [303]' \
  "alice typed her password at the IdP; the ACS answered 303"
expect_json sp-alice 'cookie("'$session'") and cookie("gatehouse_saml") is None' \
  "a session cookie is set and the gatehouse_saml request cookie is cleared"
run alice-tickets "${browser[@]}" get "$base/tickets" --cookie-jar "$work/alice.jar"
expect_json alice-tickets 'len(d["history"]) == 1 and d["status"] == 200 and "'$alice'" in d["text"]' \
  "alice's session opens /tickets directly"
run alice-login-page "${browser[@]}" get "$base/login" --cookie-jar "$work/alice.jar"
expect_json alice-login-page 'd["history"][0]["status"] == 303 and d["final_url"] == base + "/tickets"' \
  "a signed-in browser skips /login"
# Sign out, then sign in again: the IdP's own session answers without a password prompt.
run alice-logout "${browser[@]}" form "$base/tickets" --action /logout --cookie-jar "$work/alice.jar"
expect_json alice-logout 'd["final_url"] == base + "/login?signed_out=1" and cookie("'$session'") is None' \
  "POST /logout (CSRF token and Origin) signs alice out"
run alice-after-logout "${browser[@]}" get "$base/tickets" --cookie-jar "$work/alice.jar"
expect_json alice-after-logout 'd["history"][0]["status"] == 303 and d["final_url"].startswith(base + "/login")' \
  "after sign-out /tickets redirects to /login"
run sp-alice-sso "${browser[@]}" login --start "$start_url" --cookie-jar "$work/alice.jar"
expect_json sp-alice-sso 'd["outcome"] == "done" and not d["login_form_seen"] and d["final_url"] == base + "/tickets" and "'$alice'" in d["text"]' \
  "second SP-initiated login reuses the IdP session and ends on /tickets"

# (c) IdP-initiated (the IdP was added with --allow-unsolicited).
run idp-alice "${browser[@]}" idp-initiated --start "$IDP_INIT_URL" --username alice --password alice-password \
  --cookie-jar "$work/alice-idp.jar"
expect idp-alice 0 "IdP-initiated login of alice"
expect_json idp-alice 'd["outcome"] == "done" and d["final_url"] == base + "/tickets" and d["status"] == 200 and "'$alice'" in d["text"]' \
  "IdP-initiated login of alice ends on /tickets with 200"
expect_json idp-alice '"RelayState" not in d["post"]["fields"] and [h.get("location") for h in hops("POST", base + "/saml/acs")] == ["/tickets"]' \
  "without RelayState the ACS sends the browser to /tickets"
run idp-alice-path "${browser[@]}" idp-initiated --start "$IDP_INIT_URL" --relay-state "/tickets?from=idp" \
  --cookie-jar "$work/alice-idp.jar"
expect_json idp-alice-path 'd["outcome"] == "done" and d["final_url"] == base + "/tickets?from=idp"' \
  "an IdP-initiated RelayState that is a local path is where the browser lands"
run idp-alice-phish "${browser[@]}" idp-initiated --start "$IDP_INIT_URL" --relay-state "//127.0.0.1:1/phish" \
  --cookie-jar "$work/alice-idp.jar"
expect_json idp-alice-phish '[h.get("location") for h in hops("POST", base + "/saml/acs")] == ["/tickets"] and d["final_url"] == base + "/tickets"' \
  "an IdP-initiated RelayState //host/… is not followed (no open redirect)"

# (c') The same IdP without --allow-unsolicited: IdP-initiated is refused; re-adding allows it again.
run idp-strict gh idp add --metadata "$IDP_METADATA_FILE" --name simplesaml
expect idp-strict 0 "gatehouse idp add without --allow-unsolicited (replace)"
run idp-unsolicited "${browser[@]}" idp-initiated --start "$IDP_INIT_URL" --username alice --password alice-password \
  --cookie-jar "$work/unsolicited.jar"
expect_json idp-unsolicited 'd["status"] == 403 and d["final_url"] == base + "/saml/acs" and d["codes"]["reason"] == "saml.unsolicited_not_allowed"' \
  "IdP-initiated login to an IdP without allow-unsolicited: 403 saml.unsolicited_not_allowed"
expect_json idp-unsolicited 'cookie("'$session'") is None' "a refused unsolicited response sets no session"
run idp-relax gh idp add --metadata "$IDP_METADATA_FILE" --name simplesaml --allow-unsolicited
expect idp-relax 0 "gatehouse idp add --allow-unsolicited (replace)"

# (d) mallory is not in Customers: 403 access.not_in_audience, no session.
run sp-mallory "${browser[@]}" login --start "$start_url" --username mallory --password mallory-password \
  --cookie-jar "$work/mallory.jar" --save-body "$work/mallory.html"
expect sp-mallory 1 "SP-initiated login of mallory"
expect_json sp-mallory 'd["status"] == 403 and d["final_url"] == base + "/saml/acs" and d["codes"]["reason"] == "access.not_in_audience"' \
  "mallory: 403 access.not_in_audience at the ACS"
expect_json sp-mallory 'cookie("'$session'") is None' "mallory gets no session cookie"
mallory_request_id=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["codes"].get("request-id", ""))' "$work/sp-mallory.out")
assert "the refusal page shows a request id" test -n "$mallory_request_id"
assert "the server log has request $mallory_request_id with reason access.not_in_audience" \
  grep -q "hb.request.id=$mallory_request_id .*reason=access.not_in_audience" "$work/server.log"
assert "the refusal page does not show the log detail (list names)" lacks Customers "$work/mallory.html"
run mallory-tickets "${browser[@]}" get "$base/tickets" --cookie-jar "$work/mallory.jar"
expect_json mallory-tickets 'd["history"][0]["status"] == 303 and d["history"][0]["location"] == "/login?return_to=%2Ftickets"' \
  "after the refusal mallory's /tickets still redirects to /login"
run idp-mallory "${browser[@]}" idp-initiated --start "$IDP_INIT_URL" --cookie-jar "$work/mallory.jar"
expect_json idp-mallory 'd["status"] == 403 and d["codes"]["reason"] == "access.not_in_audience" and cookie("'$session'") is None' \
  "IdP-initiated login of mallory: 403 access.not_in_audience, no session"

# (e) Replays. SP-initiated: the browser's pending request is used up by the first answer.
run capture-sp "${browser[@]}" login --start "$start_url" --username alice --password alice-password \
  --cookie-jar "$work/replay.jar" --stop-at-post-to "$acs" --save-response "$work/sp.b64"
expect_json capture-sp 'd["outcome"] == "post_form" and cookie("gatehouse_saml")' "capture an SP-initiated response for alice"
expect_json capture-sp '[c["path"] for c in d["cookies"] if c["name"] == "gatehouse_saml"] == ["/saml"]' \
  "the gatehouse_saml request cookie is scoped to Path=/saml"
relay=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["post"]["fields"]["RelayState"])' "$work/capture-sp.out")
cp "$work/replay.jar" "$work/replay-copy.jar"   # still holds the gatehouse_saml cookie after the first post
run replay-first "${browser[@]}" post "$acs" --field "SAMLResponse=@$work/sp.b64" --field "RelayState=$relay" \
  --origin "$IDP_URL" --cookie-jar "$work/replay.jar"
expect_json replay-first 'd["final_url"] == base + "/tickets" and d["status"] == 200 and cookie("'$session'")' \
  "the captured SP-initiated response, posted once, signs alice in"
run replay-sp "${browser[@]}" post "$acs" --field "SAMLResponse=@$work/sp.b64" --field "RelayState=$relay" \
  --origin "$IDP_URL" --cookie-jar "$work/replay-copy.jar"
expect_json replay-sp 'd["status"] == 403 and d["codes"]["reason"] == "signin.request_unknown" and cookie("'$session'") is None' \
  "the same SP-initiated response again, same browser cookie: 403 signin.request_unknown"
run replay-sp-unsolicited "${browser[@]}" post "$acs" --field "SAMLResponse=@$work/sp.b64" --cookie-jar "$work/replay-bare.jar"
expect_json replay-sp-unsolicited 'd["status"] == 403 and d["codes"]["reason"] == "saml.in_response_to_mismatch" and cookie("'$session'") is None' \
  "the SP-initiated response without RelayState (passed off as IdP-initiated): 403 saml.in_response_to_mismatch"
# IdP-initiated: the assertion ID is in the replay ledger.
run capture-idp "${browser[@]}" idp-initiated --start "$IDP_INIT_URL" --cookie-jar "$work/alice-idp.jar" \
  --stop-at-post-to "$acs" --save-response "$work/idp.b64"
expect_json capture-idp 'd["outcome"] == "post_form"' "capture an IdP-initiated response for alice"
run replay-idp-first "${browser[@]}" post "$acs" --field "SAMLResponse=@$work/idp.b64" --origin "$IDP_URL" \
  --cookie-jar "$work/replay-idp.jar"
expect_json replay-idp-first 'd["final_url"] == base + "/tickets" and d["status"] == 200 and cookie("'$session'")' \
  "the captured IdP-initiated response, posted once, signs alice in"
run replay-idp "${browser[@]}" post "$acs" --field "SAMLResponse=@$work/idp.b64" --origin "$IDP_URL" \
  --cookie-jar "$work/replay-idp-2.jar"
expect_json replay-idp 'd["status"] == 403 and d["codes"]["reason"] == "saml.replayed" and cookie("'$session'") is None' \
  "the same IdP-initiated response again: 403 saml.replayed"

# (f) A response is bound to the browser that asked for it (login CSRF).
run capture-victim "${browser[@]}" login --start "$start_url" --cookie-jar "$work/alice.jar" \
  --stop-at-post-to "$acs" --save-response "$work/victim.b64"
expect_json capture-victim 'd["outcome"] == "post_form" and cookie("gatehouse_saml")' "capture alice's next SP-initiated response"
relay=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["post"]["fields"]["RelayState"])' "$work/capture-victim.out")
run unbound "${browser[@]}" post "$acs" --field "SAMLResponse=@$work/victim.b64" --field "RelayState=$relay" \
  --origin "$IDP_URL" --cookie-jar "$work/attacker.jar"
expect_json unbound 'd["status"] == 403 and d["codes"]["reason"] == "signin.request_unknown" and cookie("'$session'") is None' \
  "response + RelayState without the browser's gatehouse_saml cookie: 403 signin.request_unknown"
run other-browser "${browser[@]}" get "$base/saml/login?idp=simplesaml" --cookie-jar "$work/other.jar"
expect_json other-browser 'cookie("gatehouse_saml")' "another browser starts its own login (own gatehouse_saml cookie)"
run cross-browser "${browser[@]}" post "$acs" --field "SAMLResponse=@$work/victim.b64" --field "RelayState=$relay" \
  --origin "$IDP_URL" --cookie-jar "$work/other.jar"
expect_json cross-browser 'd["status"] == 403 and d["codes"]["reason"] == "signin.request_unknown" and cookie("'$session'") is None' \
  "response + RelayState with another browser's gatehouse_saml cookie: 403 signin.request_unknown"
run victim "${browser[@]}" post "$acs" --field "SAMLResponse=@$work/victim.b64" --field "RelayState=$relay" \
  --origin "$IDP_URL" --cookie-jar "$work/alice.jar"
expect_json victim 'd["final_url"] == base + "/tickets" and d["status"] == 200 and "'$alice'" in d["text"]' \
  "the refused attempts did not use up the request: alice's own browser still signs in"

# Tampering: one changed attribute value breaks the signatures.
run capture-tamper "${browser[@]}" login --start "$start_url" --cookie-jar "$work/alice.jar" \
  --stop-at-post-to "$acs" --save-response "$work/tamper.b64"
relay=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["post"]["fields"]["RelayState"])' "$work/capture-tamper.out")
tamper() {
  python3 - "$work/tamper.b64" <<'EOF'
import base64, sys
xml = base64.b64decode(open(sys.argv[1]).read())
if xml.count(b"Alice Example") != 1:
    sys.exit(1)
open(sys.argv[1], "w").write(base64.b64encode(xml.replace(b"Alice Example", b"Alice Examplf")).decode())
EOF
}
assert "the captured response has alice's displayName once, to tamper with" tamper
run tampered "${browser[@]}" post "$acs" --field "SAMLResponse=@$work/tamper.b64" --field "RelayState=$relay" \
  --origin "$IDP_URL" --cookie-jar "$work/alice.jar"
expect_json tampered 'd["status"] == 403 and d["codes"]["reason"] == "saml.signature_invalid"' \
  "a response with a changed attribute value: 403 saml.signature_invalid"

# (g) The IdP is removed while the server runs.
run capture-late "${browser[@]}" idp-initiated --start "$IDP_INIT_URL" --cookie-jar "$work/alice-idp.jar" \
  --stop-at-post-to "$acs" --save-response "$work/late.b64"
expect_json capture-late 'd["outcome"] == "post_form"' "capture an IdP-initiated response before the IdP is removed"
run idp-remove gh idp remove simplesaml
expect idp-remove 0 "gatehouse idp remove simplesaml while the server runs"
run removed-login "${browser[@]}" get "$start_url" --cookie-jar "$work/removed.jar"
expect_json removed-login 'd["status"] == 403 and d["final_url"] == "'"$start_url"'" and d["codes"]["reason"] == "signin.idp_unknown"' \
  "/saml/login?idp=simplesaml after idp remove: 403 signin.idp_unknown"
run removed-acs "${browser[@]}" post "$acs" --field "SAMLResponse=@$work/late.b64" --origin "$IDP_URL" \
  --cookie-jar "$work/removed.jar"
expect_json removed-acs 'd["status"] == 403 and d["codes"]["reason"] == "signin.idp_unknown" and cookie("'$session'") is None' \
  "a response from the removed IdP: 403 signin.idp_unknown"
run login-page-after "${browser[@]}" get "$base/login"
expect_json login-page-after 'not any("idp=simplesaml" in link for link in d["links"])' "the removed IdP's button is gone from /login"

# The server survived all of it, and its log holds no session ids, assertions or passwords.
assert "the server is still running" gw_alive
assert "GET /readyz answers 200 at the end" test "$(http_code "$base/readyz")" = 200
log_is_clean() {
  python3 - "$work/server.log" "$work"/*.jar <<'EOF'
import http.cookiejar, sys
log = open(sys.argv[1], errors="replace").read()
secrets = {"PHNhbWxwOlJlc3BvbnNl": "a base64 SAMLResponse", "<saml:Assertion": "an assertion", "alice-password": "a password"}
for jar_path in sys.argv[2:]:
    jar = http.cookiejar.MozillaCookieJar(jar_path)
    jar.load(ignore_discard=True, ignore_expires=True)
    for c in jar:
        if c.name.startswith("gatehouse_") and len(c.value) > 20:
            secrets[c.value] = f"the {c.name} cookie of {jar_path.rsplit('/', 1)[-1]}"
found = [what for value, what in secrets.items() if value in log]
if found:
    print("server log contains " + ", ".join(sorted(set(found))), file=sys.stderr)
sys.exit(1 if found else 0)
EOF
}
assert "the server log holds no session ids, SAML responses or passwords" log_is_clean

if [ "$failures" -gt 0 ]; then
  echo "gateway-saml: $failures of $checks checks FAILED (gatehouse at $base, SimpleSAMLphp $IDP_VERSION at $IDP_URL)" >&2
  exit 1
fi
echo "gateway-saml: all $checks checks passed (gatehouse at $base, SimpleSAMLphp $IDP_VERSION at $IDP_URL) in ${SECONDS}s"
