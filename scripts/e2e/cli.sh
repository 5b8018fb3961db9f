#!/usr/bin/env bash
# End-to-end suite for the gatehouse command line: exit statuses, JSON output, the shared IdP fixtures,
# and minted fixtures cross-checked with xmlsec1. Usage: scripts/e2e/cli.sh PATH/TO/gatehouse
set -uo pipefail
gatehouse=$(realpath "${1:?usage: cli.sh PATH/TO/gatehouse}")
root=$(cd "$(dirname "$0")/../.." && pwd)
fixtures="$root/../shared/fixtures/saml"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
failures=0
checks=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
# expect_status STATUS DESCRIPTION -- COMMAND...: runs COMMAND, keeps stdout/stderr in $work/out, $work/err.
expect_status() {
  local want=$1 what=$2; shift 3
  checks=$((checks + 1))
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  [ "$got" -eq "$want" ] || fail "$what: exit $got, expected $want; stderr: $(head -c 300 "$work/err")"
}
json_field() { python3 -c "import json,sys; print(json.load(open('$work/out'))$1)"; }

sp=https://support.example.com/saml/metadata
acs=https://support.example.com/saml/acs
verify_args=(--idp-metadata "$work/idp.xml" --sp-entity-id "$sp" --acs-url "$acs" --in-response-to _e2e)

# Minting and verifying with the embedded test keys.
for key in rsa ecdsa; do
  for sign in response assertion both; do
    expect_status 0 "mint $key/$sign" -- "$gatehouse" fixtures saml --key-type $key --sign $sign --audience "$sp" --acs-url "$acs" \
      --name-id "alice@example.com" --attribute email=alice@example.com --attribute groups=a --attribute groups=b \
      --in-response-to _e2e --metadata-out "$work/idp.xml"
    cp "$work/out" "$work/response.xml"
    expect_status 0 "verify $key/$sign" -- "$gatehouse" saml verify "$work/response.xml" "${verify_args[@]}"
    [ "$(json_field "['name_id']")" = "alice@example.com" ] || fail "verify $key/$sign: name_id"
    [ "$(json_field "['attributes']['groups']")" = "['a', 'b']" ] || fail "verify $key/$sign: groups"
    cert="$root/Certificates/test-idp-$key.cert.pem"
    checks=$((checks + 1))
    xmlsec1 --verify --pubkey-cert-pem "$cert" --enabled-key-data key-name,x509 \
      --id-attr:ID urn:oasis:names:tc:SAML:2.0:protocol:Response --id-attr:ID urn:oasis:names:tc:SAML:2.0:assertion:Assertion \
      "$work/response.xml" >/dev/null 2>"$work/xmlsec.err" || fail "xmlsec1 --verify of minted $key/$sign: $(tail -3 "$work/xmlsec.err")"
  done
done

# The base64 form value, from a file and from stdin.
expect_status 0 "mint base64" -- "$gatehouse" fixtures saml --base64 --audience "$sp" --acs-url "$acs" --name-id bob@example.com \
  --in-response-to _e2e --metadata-out "$work/idp.xml"
cp "$work/out" "$work/response.b64"
expect_status 0 "verify base64 file" -- "$gatehouse" saml verify "$work/response.b64" "${verify_args[@]}"
checks=$((checks + 1))
"$gatehouse" saml verify - "${verify_args[@]}" <"$work/response.b64" >"$work/out" 2>"$work/err" || fail "verify from stdin"

# Rejections: exit 1 and "code: message" on stderr.
expect_status 0 "mint for rejections" -- "$gatehouse" fixtures saml --audience "$sp" --acs-url "$acs" --name-id carol@example.com \
  --in-response-to _e2e --metadata-out "$work/idp.xml"
cp "$work/out" "$work/response.xml"
reject() { # code description args...
  local code=$1 what=$2; shift 2
  expect_status 1 "$what" -- "$gatehouse" saml verify "$@"
  grep -q "^$code: " "$work/err" || fail "$what: stderr does not start with $code: $(head -c 200 "$work/err")"
}
reject saml.audience_mismatch "another SP" "$work/response.xml" --idp-metadata "$work/idp.xml" --sp-entity-id https://other.example --acs-url "$acs" --in-response-to _e2e
reject saml.in_response_to_mismatch "another request" "$work/response.xml" "${verify_args[@]:0:6}" --in-response-to _other
reject saml.subject_confirmation_expired "an hour later" "$work/response.xml" "${verify_args[@]}" --now "$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)"
"$gatehouse" fixtures saml --audience "$sp" --acs-url "$acs" --name-id dave@example.com --metadata-out "$work/idp.xml" >"$work/unsolicited.xml"
reject saml.unsolicited_not_allowed "IdP-initiated without the switch" "$work/unsolicited.xml" "${verify_args[@]:0:6}"
expect_status 0 "IdP-initiated with --allow-unsolicited" -- "$gatehouse" saml verify "$work/unsolicited.xml" "${verify_args[@]:0:6}" --allow-unsolicited
"$gatehouse" fixtures saml --audience "$sp" --acs-url "$acs" --name-id eve@example.com --in-response-to _e2e >"$work/other-key.xml"
reject saml.untrusted_signing_key "another IdP key" "$work/other-key.xml" --idp-cert "$root/Certificates/test-idp-ecdsa.cert.pem" \
  --idp-entity-id https://idp.gatehouse.test/metadata --sp-entity-id "$sp" --acs-url "$acs" --in-response-to _e2e

# Usage and configuration errors: exit 2.
expect_status 2 "missing --acs-url" -- "$gatehouse" saml verify "$work/response.xml" --idp-metadata "$work/idp.xml" --sp-entity-id "$sp"
expect_status 2 "no IdP named" -- "$gatehouse" saml verify "$work/response.xml" --sp-entity-id "$sp" --acs-url "$acs"
expect_status 2 "bad --now" -- "$gatehouse" saml verify "$work/response.xml" "${verify_args[@]}" --now yesterday
expect_status 2 "unreadable response" -- "$gatehouse" saml verify "$work/nope.xml" "${verify_args[@]}"
expect_status 2 "metadata that is not metadata" -- "$gatehouse" saml verify "$work/response.xml" --idp-metadata "$work/response.xml" --sp-entity-id "$sp" --acs-url "$acs"
expect_status 2 "--clock-skew out of range" -- "$gatehouse" saml verify "$work/response.xml" "${verify_args[@]}" --clock-skew 9999
expect_status 0 "--help" -- "$gatehouse" saml verify --help

# Every shared fixture from a real IdP or a published attack, through the CLI.
checks=$((checks + 1))
[ "$(ls "$fixtures"/*/case.json 2>/dev/null | wc -l)" -eq 26 ] || fail "expected 26 fixture cases in $fixtures"
for dir in "$fixtures"/*/; do
  [ -f "$dir/case.json" ] || continue
  name=$(basename "$dir")
  mapfile -t args < <(python3 - "$dir" <<'PY'
import json, sys
d = sys.argv[1]; c = json.load(open(d + "/case.json"))
args = ["--idp-cert", d + "/idp-cert.pem", "--idp-entity-id", c["idp_entity_id"], "--sp-entity-id", c["sp_entity_id"],
        "--acs-url", c["acs_url"], "--now", c["valid_at"]]
args += ["--in-response-to", c["in_response_to"]] if c["in_response_to"] else ["--allow-unsolicited"]
if (c.get("signature_algorithm") or "").endswith("sha1"): args.append("--allow-sha1")
if c.get("sp_decryption_key"): args += ["--sp-decryption-key", d + "/" + c["sp_decryption_key"]]
print("\n".join(args))
PY
)
  expected=$(python3 -c "import json; print(json.load(open('$dir/case.json'))['expect'])")
  if [ "$expected" = accept ]; then
    expect_status 0 "fixture $name" -- "$gatehouse" saml verify "$dir/response.xml" "${args[@]}"
    want=$(python3 -c "import json; print(json.load(open('$dir/case.json'))['name_id'])")
    [ "$(json_field "['name_id']")" = "$want" ] || fail "fixture $name: name_id"
  else
    expect_status 1 "fixture $name" -- "$gatehouse" saml verify "$dir/response.xml" "${args[@]}"
    grep -q "^saml\.[a-z0-9_]*: " "$work/err" || fail "fixture $name: no reason code on stderr"
  fi
done

# SP metadata and AuthnRequest URLs.
expect_status 0 "sp-metadata" -- "$gatehouse" saml sp-metadata --sp-entity-id "$sp" --acs-url "$acs" \
  --signing-cert "$root/Certificates/sp-signing.cert.pem" --signing-key "$root/Certificates/sp-signing.key.pem"
checks=$((checks + 1))
xmllint --noout "$work/out" 2>/dev/null && grep -q "entityID=\"$sp\"" "$work/out" && grep -q 'AuthnRequestsSigned="true"' "$work/out" \
  || fail "sp-metadata output"
expect_status 2 "sp-metadata with a key that is not the certificate's" -- "$gatehouse" saml sp-metadata --sp-entity-id "$sp" --acs-url "$acs" \
  --signing-cert "$root/Certificates/sp-signing.cert.pem" --signing-key "$root/Certificates/test-idp-rsa.key.pem"
expect_status 0 "authn-request" -- "$gatehouse" saml authn-request --idp-metadata "$work/idp.xml" --sp-entity-id "$sp" --acs-url "$acs" \
  --relay-state /tickets --signing-key "$root/Certificates/sp-signing.key.pem"
grep -q '^https://idp.gatehouse.test/sso?SAMLRequest=.*&RelayState=%2Ftickets&SigAlg=.*&Signature=' "$work/out" || fail "authn-request URL"
grep -q '^request id: _[0-9a-f]\{40\}$' "$work/err" || fail "authn-request id"
expect_status 0 "reasons" -- "$gatehouse" saml reasons
grep -q "^saml.audience_mismatch" "$work/out" || fail "reasons list"

if [ "$failures" -gt 0 ]; then
  echo "cli.sh: $failures of $checks checks failed" >&2
  exit 1
fi
echo "cli.sh: all $checks checks passed"
