# shellcheck shell=bash disable=SC2154 # gatehouse and work are set by the sourcing script
# Shared by the `gatehouse serve` end-to-end scripts (gateway-saml.sh, durability.sh, admin-cli.sh, portal-browser.sh,
# fleet.sh); sourced, not run.
# The caller sets `gatehouse` (absolute path of the binary) and `work` (its mktemp -d directory, also the CWD
# for every gatehouse process), then calls gw_init. It provides:
#   fail, run, expect, expect_json, assert, lacks   checks, counted in $checks; failures in $failures
#   gw_start [PORT], gw_stop, gw_reap_killed, gw_alive   one `gatehouse serve` at a time ($server_pid, $port, $base)
#   gh ARGS...                       the admin CLI on the same configuration and database
#   gw_dump_logs                     tail of the server log (and the IdP's, if $IDP_DIR is set) for a failure report;
#                                    a sourcing script may define gw_dump_logs_extra to add logs of its own processes
# Every gatehouse process reads the repository's Config/gatehouse.yaml with GATEHOUSE_* overrides exported
# by the caller (GATEHOUSE_DATABASE_PATH under $work at least).
# With GATEHOUSE_E2E_POSTGRES set to a scripts/postgres-cluster directory, gw_init gives the suite a new
# database of its own on that server (GATEHOUSE_DATABASE_URL, migrated with `gatehouse db migrate`) instead
# of SQLite: the same checks then run on PostgreSQL.

e2e_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
config="$e2e_dir/../../Config/gatehouse.yaml"
# shellcheck disable=SC2034 # used by the sourcing scripts
browser=(python3 "$e2e_dir/browser.py")
failures=0
checks=0
server_pid=''  # gatehouse serve
server_job=''  # the subshell that waits for it
port=''
base=''
IDP_DIR=''

gw_init() {
  [ -r "$config" ] || { echo "FAIL: no configuration at $config" >&2; exit 1; }
  config=$(realpath "$config")
  cd "$work" || exit 1
  : >"$work/server.log"
  [ -n "${GATEHOUSE_E2E_POSTGRES:-}" ] && gw_use_postgres "$GATEHOUSE_E2E_POSTGRES"
  # expect_json's evaluator: the expression sees d (the JSON), base, cookie(NAME) and hops(METHOD, URL).
  cat >"$work/expect.py" <<'EOF'
import json, sys
path, expr, base = sys.argv[1:4]
try:
    d = json.load(open(path))
except ValueError:
    print("(stdout is not JSON)", file=sys.stderr)
    sys.exit(1)

def cookie(name):
    """The value of the browser's cookie NAME after the run, or None."""
    return next((c["value"] for c in d.get("cookies", []) if c["name"] == name), None)

def hops(method, url):
    """History entries for METHOD on URL (query ignored)."""
    return [h for h in d.get("history", []) if h["method"] == method and h["url"].split("?")[0] == url]

try:
    ok = eval(expr, {"d": d, "base": base, "cookie": cookie, "hops": hops})
except (KeyError, IndexError, TypeError, AttributeError, StopIteration) as e:
    ok, why = False, f"{type(e).__name__}: {e}"
else:
    why = None
if not ok:
    seen = {k: d.get(k) for k in ("outcome", "status", "final_url", "codes", "error") if k in d}
    seen["history"] = [f'{h["method"]} {h["url"][:90]} -> {h["status"]}' + (f' {h["location"][:60]}' if "location" in h else "")
                       for h in d.get("history", [])]
    seen["cookies"] = sorted(c["name"] for c in d.get("cookies", []))
    if why:
        seen["exception"] = why
    print(json.dumps(seen), file=sys.stderr)
    sys.exit(1)
EOF
}

# shellcheck source=check-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/check-lib.sh"

# expect_json NAME PYTHON_EXPR WHAT: PYTHON_EXPR over d (NAME's stdout as JSON) must hold; see expect.py above.
expect_json() {
  checks=$((checks + 1))
  python3 "$work/expect.py" "$work/$1.out" "$2" "$base" 2>"$work/expect.err" ||
    fail "$3 — $2 — saw: $(head -c 900 "$work/expect.err")"
}

# assert WHAT COMMAND...: COMMAND (a test or a function; no pipes) must succeed.
assert() {
  local what=$1; shift
  checks=$((checks + 1))
  "$@" || fail "$what"
}

gh() { "$gatehouse" "$@" --config "$config"; }

# lacks PATTERN FILE: FILE does not contain PATTERN (grep -E).
lacks() { ! grep -Eq -- "$1" "$2"; }

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# True while the pid runs (a killed child that is not yet reaped is a zombie and does not count).
running() {
  local state
  state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) && [ -n "$state" ] && [ "$state" != Z ]
}

# The server runs and is still the child of our subshell (so its pid was not reused by someone else's process).
gw_alive() {
  [ -n "$server_pid" ] && running "$server_pid" && [ "$(awk '{print $4}' "/proc/$server_pid/stat" 2>/dev/null)" = "$server_job" ]
}

http_code() { curl -s --noproxy '*' -o /dev/null -w '%{http_code}' --max-time 2 "$1" 2>/dev/null || true; }

# gw_use_postgres CLUSTER_DIR: a fresh database on the test cluster for this suite, migrated.
gw_use_postgres() {
  local cluster=$1 name
  name="e2e_$(basename "$work" | tr -c 'a-zA-Z0-9\n' '_' | tr 'A-Z' 'a-z')"
  "$e2e_dir/../postgres-cluster" createdb "$cluster" "$name" || { echo "FAIL: cannot create database $name" >&2; exit 1; }
  # shellcheck disable=SC1091
  source "$cluster/env"
  export GATEHOUSE_DATABASE_URL="postgres://gatehouse@127.0.0.1:$PGCLUSTER_PORT/$name?sslmode=disable"
  export GATEHOUSE_DATABASE_PASSWORD="$PGCLUSTER_PASSWORD"
  "$gatehouse" db migrate --config "$config" >"$work/migrate.log" 2>&1 || {
    echo "FAIL: gatehouse db migrate on $name" >&2; cat "$work/migrate.log" >&2; exit 1
  }
  echo "(on PostgreSQL: database $name on port $PGCLUSTER_PORT)"
}

# gw_start [PORT]: starts `gatehouse serve` on PORT (default: a free one) and waits until GET /readyz answers
# 200. A port lost to another process is retried (a fixed PORT after a pause, otherwise on a new free port).
# Returns non-zero, with the server stopped, if it does not become ready within 30 s.
gw_start() {
  local want=${1:-} lines _
  for _ in 1 2 3 4 5 6; do
    port=${want:-$(free_port)}
    base=http://127.0.0.1:$port
    lines=$(wc -l <"$work/server.log")
    echo "### $(date +%T.%N | cut -c1-12) gatehouse serve --port $port" >>"$work/server.log"
    # The server runs under a subshell that records its exit status: the script's own job then never dies of
    # a signal, so bash prints no "Killed" notices on the terminal (the subshell's go to the log).
    rm -f "$work/server.pid" "$work/server.rc"
    (
      "$gatehouse" serve --config "$config" --port "$port" </dev/null &
      echo $! >"$work/server.pid"
      rc=0
      wait $! || rc=$?
      echo $rc >"$work/server.rc"
    ) >>"$work/server.log" 2>&1 &
    server_job=$!
    for _ in $(seq 500); do [ -s "$work/server.pid" ] && break; sleep 0.01; done
    server_pid=$(cat "$work/server.pid" 2>/dev/null || true)
    local deadline=$((SECONDS + 30))
    while [ $SECONDS -lt $deadline ]; do
      gw_alive || break
      [ "$(http_code "$base/readyz")" = 200 ] && return 0
      sleep 0.05
    done
    gw_stop
    tail -n +$((lines + 1)) "$work/server.log" | grep -qi "address already in use" || return 1
    [ -n "$want" ] && sleep 0.5
  done
  return 1
}

# gw_stop: SIGTERM (SIGKILL after 5 s) and reap the server, if one runs.
gw_stop() {
  [ -n "$server_job" ] || return 0
  if gw_alive; then
    kill "$server_pid" 2>/dev/null || true
    local _
    for _ in $(seq 100); do gw_alive || break; sleep 0.05; done
    if gw_alive; then kill -9 "$server_pid" 2>/dev/null || true; fi
  fi
  wait "$server_job" 2>/dev/null || true
  server_pid='' server_job=''
}

# gw_reap_killed WHAT: reaps a server that browser.py --kill-after-answer killed; checks it died of SIGKILL.
gw_reap_killed() {
  wait "$server_job" 2>/dev/null || true
  local rc
  rc=$(cat "$work/server.rc" 2>/dev/null || echo "unknown")
  checks=$((checks + 1))
  [ "$rc" = 137 ] || fail "$1: the server was not killed by SIGKILL (exit status $rc)"
  server_pid='' server_job=''
}

gw_dump_logs() {
  if [ -s "$work/server.log" ]; then
    echo "--- gatehouse serve log (last 30 lines)" >&2
    tail -30 "$work/server.log" >&2
  fi
  if [ -n "$IDP_DIR" ]; then
    local log
    for log in "$IDP_DIR"/log/simplesamlphp.log "$IDP_DIR"/log/php-errors.log "$IDP_DIR"/log/php-server.log; do
      [ -s "$log" ] && { echo "--- $log (last 20 lines)" >&2; grep -Ev ' (Accepted|Closing)$' "$log" | tail -20 >&2; }
    done
  fi
  if declare -F gw_dump_logs_extra >/dev/null; then gw_dump_logs_extra || true; fi
  return 0
}

# gw_cleanup: the EXIT trap. Prints logs on failure, then stops the server and the IdP and removes $work.
# A sourcing script may define gw_cleanup_extra (run first: stop processes of its own) and set
# gw_keep_work_on_failure=1 (after a failure $work stays, for the evidence saved there, and its path is printed).
gw_keep_work_on_failure=''
gw_cleanup() {
  local rc=$? failed=false
  # A signal that lands while start-idp.sh runs is handled only after it returns, before we sourced its env.
  # shellcheck disable=SC1091
  [ -z "$IDP_DIR" ] && [ -f "$work/idp.env" ] && source "$work/idp.env"
  # Logs for a failed check or an unexpected exit; an interrupt (130) only cleans up.
  if [ "$failures" -gt 0 ] || { [ "$rc" -ne 0 ] && [ "$rc" -ne 130 ]; }; then failed=true; gw_dump_logs; fi
  if declare -F gw_cleanup_extra >/dev/null; then gw_cleanup_extra || true; fi
  gw_stop
  if [ -n "$IDP_DIR" ]; then "$e2e_dir/simplesamlphp/stop-idp.sh" "$IDP_DIR" || true; fi
  cd /
  if $failed && [ -n "$gw_keep_work_on_failure" ]; then
    echo "kept for inspection: $work (server.log, failures/)" >&2
  else
    rm -rf "$work"
  fi
}
