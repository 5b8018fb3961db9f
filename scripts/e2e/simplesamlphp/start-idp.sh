#!/usr/bin/env bash
# Starts a real SAML 2.0 IdP (Debian's SimpleSAMLphp 1.19) under a fresh temp dir, served by `php -S` on
# 127.0.0.1 at a free port, with one SP registered. Prints sourceable KEY=value lines (IDP_URL, IDP_METADATA_FILE,
# IDP_PID, IDP_DIR, ...) on stdout and writes them to $IDP_DIR/idp.env. Stop it with stop-idp.sh "$IDP_DIR".
#
# Usage: start-idp.sh (--sp-metadata FILE | --sp-entity-id ID --acs-url URL) [--env-file FILE] [--port N]
#                     [--encrypt-assertions] [--timeout SECONDS] [--workers N]
# Users: alice/alice-password, mallory/mallory-password (see config/authsources.php).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ssp=/usr/share/simplesamlphp

usage() { sed -n '2,8s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2; exit 2; }
die() { echo "start-idp.sh: $*" >&2; exit 1; }

sp_entity_id='' acs_url='' sp_metadata='' env_file='' port='' encrypt=false timeout=20 workers=1
while [ $# -gt 0 ]; do
  case $1 in
    --sp-entity-id) sp_entity_id=${2:?}; shift 2 ;;
    --acs-url) acs_url=${2:?}; shift 2 ;;
    --sp-metadata) sp_metadata=${2:?}; shift 2 ;;
    --env-file) env_file=${2:?}; shift 2 ;;
    --port) port=${2:?}; shift 2 ;;
    --encrypt-assertions) encrypt=true; shift ;;
    --timeout) timeout=${2:?}; shift 2 ;;
    --workers) workers=${2:?}; shift 2 ;;
    -h|--help) usage ;;
    *) echo "start-idp.sh: unknown argument: $1" >&2; usage ;;
  esac
done
if [ -n "$sp_metadata" ]; then
  [ -r "$sp_metadata" ] || die "cannot read --sp-metadata $sp_metadata"
  sp_metadata=$(realpath "$sp_metadata")
elif [ -z "$sp_entity_id" ] || [ -z "$acs_url" ]; then
  echo "start-idp.sh: give --sp-metadata FILE, or --sp-entity-id and --acs-url" >&2; usage
fi

# The Debian package does not pull in the DOM and mbstring extensions SimpleSAMLphp needs (php-xml, php-mbstring).
packages_ready() {
  [ -f "$ssp/www/saml2/idp/SSOService.php" ] && command -v php >/dev/null && command -v openssl >/dev/null &&
    php -r 'exit(class_exists("DOMDocument") && function_exists("mb_strlen") && function_exists("openssl_sign") ? 0 : 1);' 2>/dev/null
}
if ! packages_ready; then
  [ "$(id -u)" -eq 0 ] || die "SimpleSAMLphp/PHP are missing; as root run: apt-get install -y simplesamlphp php-cli php-xml php-mbstring openssl"
  apt_log=$(mktemp)
  pkgs=(simplesamlphp php-cli php-xml php-mbstring openssl)
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${pkgs[@]}" >"$apt_log" 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get update -q >>"$apt_log" 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${pkgs[@]}" >>"$apt_log" 2>&1 ||
      { tail -20 "$apt_log" >&2; rm -f "$apt_log"; die "apt-get install ${pkgs[*]} failed"; }
  fi
  rm -f "$apt_log"
  packages_ready || die "SimpleSAMLphp still unusable after apt-get install"
fi
ssp_version=$(dpkg-query -W -f='${Version}' simplesamlphp 2>/dev/null || echo unknown)
case $ssp_version in 1.19.*) ;; *) echo "start-idp.sh: warning: tested with SimpleSAMLphp 1.19.7, found $ssp_version" >&2 ;; esac

dir=$(mktemp -d "${TMPDIR:-/tmp}/gatehouse-idp.XXXXXX")
pid=''
started=false
on_exit() {
  $started && return 0
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  for log in "$dir"/log/php-server.log "$dir"/log/php-errors.log "$dir"/log/simplesamlphp.log; do
    [ -s "$log" ] && { echo "--- $log (last 40 lines)" >&2; grep -Ev ' (Accepted|Closing)$' "$log" | tail -40 >&2; }
  done
  rm -rf "$dir"
}
trap on_exit EXIT
trap 'exit 130' INT TERM

mkdir -p "$dir"/{config,metadata,cert,data,tmp,log,sessions}
# stop-idp.sh only deletes directories carrying this marker.
echo "gatehouse e2e SimpleSAMLphp IdP" >"$dir/.gatehouse-idp"
cp "$here/config/config.php" "$here/config/error-page.php" "$here/config/authsources.php" "$dir/config/"
cp "$here/metadata/saml20-idp-hosted.php" "$dir/metadata/"

openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 2 -subj "/CN=gatehouse-e2e-idp" \
  -keyout "$dir/cert/idp.key" -out "$dir/cert/idp.crt" >"$dir/log/openssl.log" 2>&1 ||
  { cat "$dir/log/openssl.log" >&2; die "openssl could not make the IdP key"; }

if [ -z "$sp_metadata" ]; then
  # A minimal SPSSODescriptor, so both ways of naming the SP go through SimpleSAMLphp's metadata parser.
  python3 - "$sp_entity_id" "$acs_url" >"$dir/sp-metadata.xml" <<'EOF'
import sys
from xml.sax.saxutils import quoteattr
entity, acs = sys.argv[1:]
print(f'''<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID={quoteattr(entity)}>
  <md:SPSSODescriptor AuthnRequestsSigned="false" WantAssertionsSigned="true" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>
    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location={quoteattr(acs)} index="0" isDefault="true"/>
  </md:SPSSODescriptor>
</md:EntityDescriptor>''')
EOF
else
  cp "$sp_metadata" "$dir/sp-metadata.xml"
fi
encrypt_flag=()
$encrypt && encrypt_flag=(--encrypt-assertions)
php "$here/sp-remote.php" "$dir/sp-metadata.xml" "$dir/metadata/saml20-sp-remote.php" "${encrypt_flag[@]}" ||
  die "could not register the SP from $dir/sp-metadata.xml"
# The SP as SimpleSAMLphp will see it: its entityID and default ACS, for the env file and trusted domains.
# shellcheck disable=SC2016 # PHP code, not shell
read -r sp_entity_id acs_url < <(php -r '
  include $argv[1];
  foreach ($metadata as $id => $sp) { $acs = $sp["AssertionConsumerService"][0]["Location"] ?? ""; echo "$id $acs\n"; break; }
' "$dir/metadata/saml20-sp-remote.php") || true
[ -n "$acs_url" ] || die "no SP with an AssertionConsumerService in $dir/sp-metadata.xml"

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

write_harness() { # PORT
  python3 - "$dir" "$1" "$acs_url" >"$dir/config/harness.json" <<'EOF'
import json, secrets, sys
from urllib.parse import urlsplit
dir, port, acs = sys.argv[1:]
base = f"http://127.0.0.1:{port}"
sp = urlsplit(acs)
print(json.dumps({
    "dir": dir,
    "base_url": base,
    "idp_entity_id": f"{base}/saml2/idp/metadata.php",
    "secret_salt": secrets.token_hex(24),
    "admin_password": secrets.token_hex(12),
    "trusted_domains": sorted({f"127.0.0.1:{port}", sp.netloc} - {""}),
}, indent=2))
EOF
}

# Poll until the IdP serves its metadata; returns 1 if php died (e.g. port taken), 2 on timeout.
wait_ready() { # URL
  python3 - "$1" "$pid" "$timeout" "$dir/idp-metadata.xml" <<'EOF'
import os, sys, time, urllib.request
url, pid, timeout, out = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
deadline, last = time.monotonic() + timeout, "no answer"
while time.monotonic() < deadline:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        print(f"php -S (pid {pid}) exited", file=sys.stderr); sys.exit(1)
    try:
        with opener.open(url, timeout=5) as r:
            body = r.read()
        if b"EntityDescriptor" in body and b"SingleSignOnService" in body:
            open(out, "wb").write(body); sys.exit(0)
        last = f"HTTP {r.status} without IdP metadata: {body[:300]!r}"
    except Exception as e:
        last = str(e)
        if hasattr(e, "read"):
            last += " " + repr(e.read()[:300])
    time.sleep(0.1)
print(f"IdP metadata did not answer at {url} within {timeout:g}s: {last}", file=sys.stderr)
sys.exit(2)
EOF
}

attempts=3
[ -n "$port" ] && attempts=1
for attempt in $(seq 1 $attempts); do
  try_port=${port:-$(free_port)}
  write_harness "$try_port"
  # display_errors off: PHP 8.2 deprecation notices from 1.19 code would otherwise land inside the HTML/headers.
  # An inherited PHP_CLI_SERVER_WORKERS would fork workers behind our back; only --workers asks for them
  # (and only above 1: php -S logs "number of workers must be larger than 1" for 1).
  worker_env=(-u PHP_CLI_SERVER_WORKERS)
  [ "$workers" -gt 1 ] && worker_env=(PHP_CLI_SERVER_WORKERS="$workers")
  env "${worker_env[@]}" SIMPLESAMLPHP_CONFIG_DIR="$dir/config" php -d display_errors=0 -d log_errors=1 -d error_log="$dir/log/php-errors.log" \
    -d session.save_path="$dir/sessions" -S "127.0.0.1:$try_port" -t "$ssp/www" \
    </dev/null >>"$dir/log/php-server.log" 2>&1 &
  pid=$!
  rc=0
  wait_ready "http://127.0.0.1:$try_port/saml2/idp/metadata.php" || rc=$?
  [ $rc -eq 0 ] && break
  kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=''
  # Only a lost race for the port is worth another try.
  if [ $rc -ne 1 ] || ! grep -q "Address already in use" "$dir/log/php-server.log" || [ "$attempt" -eq $attempts ]; then
    die "the IdP did not start; its logs follow"
  fi
done
echo "$pid" >"$dir/php.pid"

base="http://127.0.0.1:$try_port"
python3 - "$dir/idp-metadata.xml" <<'EOF' || die "the IdP metadata lacks a signing certificate or HTTP-Redirect SSO endpoint"
import sys, xml.etree.ElementTree as ET
md = "{urn:oasis:names:tc:SAML:2.0:metadata}"
root = ET.parse(sys.argv[1]).getroot()
sso = [e.get("Binding") for e in root.iter(md + "SingleSignOnService")]
certs = list(root.iter("{http://www.w3.org/2000/09/xmldsig#}X509Certificate"))
sys.exit(0 if "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" in sso and certs else 1)
EOF

sp_q=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$sp_entity_id")
# Single-quoted values: sourceable by sh and bash, and still readable by tools that split on the first '='.
env_line() { printf "%s='%s'\n" "$1" "${2//\'/\'\\\'\'}"; }
{
  env_line IDP_DIR "$dir"
  env_line IDP_PID "$pid"
  env_line IDP_PORT "$try_port"
  env_line IDP_URL "$base"
  env_line IDP_ENTITY_ID "$base/saml2/idp/metadata.php"
  env_line IDP_METADATA_URL "$base/saml2/idp/metadata.php"
  env_line IDP_METADATA_FILE "$dir/idp-metadata.xml"
  env_line IDP_CERT_FILE "$dir/cert/idp.crt"
  env_line IDP_SSO_URL "$base/saml2/idp/SSOService.php"
  env_line IDP_INIT_URL "$base/saml2/idp/SSOService.php?spentityid=$sp_q"
  env_line IDP_SLO_URL "$base/saml2/idp/SingleLogoutService.php"
  env_line IDP_SP_ENTITY_ID "$sp_entity_id"
  env_line IDP_ACS_URL "$acs_url"
  env_line IDP_LOG_DIR "$dir/log"
  env_line IDP_VERSION "$ssp_version"
} >"$dir/idp.env"
[ -n "$env_file" ] && cp "$dir/idp.env" "$env_file"
started=true
cat "$dir/idp.env"
