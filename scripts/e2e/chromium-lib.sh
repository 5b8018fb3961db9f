# shellcheck shell=bash disable=SC2154 # work, checks, failures, base and e2e_dir come from gateway-lib.sh
# Headless Chromium for the end-to-end scripts that drive a real browser (portal-browser.sh, mail.sh); sourced after
# gateway-lib.sh, not run. One setup for all of them, so they share one virtualenv with the same packages: a script
# that wanted other packages would remove and rebuild the venv another script is using.
#   chromium_setup                   Chromium, chromedriver and python3-venv (apt-get when root), and the virtualenv
#                                    ${XDG_CACHE_HOME:-~/.cache}/gatehouse-e2e-venv with selenium (pip)
#   browser_suite SCRIPT RESULT ARGS...  runs a selenium script of scripts/e2e and adds its checks and failures
#   browser_stop                     ends a running suite with Chromium and chromedriver (call it from gw_cleanup_extra)

chromium=${CHROMIUM:-/usr/bin/chromium}
chromedriver=${CHROMEDRIVER:-/usr/bin/chromedriver}
venv=${XDG_CACHE_HOME:-$HOME/.cache}/gatehouse-e2e-venv
selenium_spec='selenium>=4.11,<5'
axe_spec='selenium-axe-python==2.2.0'  # axe-core 4.9.1 for selenium (axe-selenium-python bundles axe-core 3.1)
browser_pid=''

chromium_setup() {
  browser_ready() { [ -x "$chromium" ] && [ -x "$chromedriver" ] && python3 -c 'import ensurepip, venv' 2>/dev/null; }
  if ! browser_ready; then
    local packages=(chromium chromium-driver python3-venv)
    [ "$(id -u)" -eq 0 ] || { echo "FAIL: Chromium, chromedriver or python3-venv is missing; as root run: apt-get install -y ${packages[*]}" >&2; exit 1; }
    echo "installing ${packages[*]} (apt-get)" >&2
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get install -y -q --no-install-recommends "${packages[@]}" >"$work/apt.log" 2>&1; then
      apt-get update -q >>"$work/apt.log" 2>&1 || true
      apt-get install -y -q --no-install-recommends "${packages[@]}" >>"$work/apt.log" 2>&1 ||
        { tail -20 "$work/apt.log" >&2; echo "FAIL: apt-get install ${packages[*]} failed" >&2; exit 1; }
    fi
    browser_ready || { echo "FAIL: still no $chromium, $chromedriver or python3 venv after apt-get install" >&2; exit 1; }
  fi
  # The virtualenv is built beside its final place and moved there whole, so an interrupted or concurrent run never
  # leaves a half-installed one behind.
  if ! "$venv/bin/python" -c 'import selenium, selenium_axe_python' 2>/dev/null; then
    echo "creating $venv with $selenium_spec and $axe_spec (pip)" >&2
    mkdir -p "$(dirname "$venv")"
    rm -rf "$venv"
    if ! { python3 -m venv "$venv.$$" && "$venv.$$/bin/pip" install -q "$selenium_spec" "$axe_spec"; } >"$work/venv.log" 2>&1; then
      tail -20 "$work/venv.log" >&2
      rm -rf "$venv.$$"
      echo "FAIL: could not create the virtualenv $venv with $selenium_spec and $axe_spec" >&2
      exit 1
    fi
    mv -T "$venv.$$" "$venv" 2>/dev/null || rm -rf "$venv.$$"
  fi
}

# browser_suite SCRIPT RESULT ARGS...: runs a selenium script in the background (so that an interrupt reaches our
# trap at once) and adds the checks and failures it reports in RESULT to ours.
browser_suite() {
  local script=$1 result=$2 rc=0 suite_checks=0 suite_failures=1 verbose=()
  shift 2
  [ -n "${E2E_VERBOSE:-}" ] && verbose=(--verbose)
  CHROMIUM=$chromium CHROMEDRIVER=$chromedriver "$venv/bin/python" "$e2e_dir/$script" --base "$base" --result "$result" \
    "${verbose[@]}" "$@" </dev/null &
  browser_pid=$!
  wait "$browser_pid" || rc=$?
  browser_pid=''
  if [ -s "$result" ]; then
    read -r suite_checks suite_failures < <(python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); print(r["checks"], r["failures"])' "$result") || true
    checks=$((checks + suite_checks))
    failures=$((failures + suite_failures))
    [ "$rc" -eq 0 ] || [ "$suite_failures" -gt 0 ] || fail "$script exited with $rc without reporting a failure"
  else
    fail "$script exited with $rc and no result"
  fi
}

# The selenium scripts make themselves session (and process group) leaders, so Chromium and chromedriver are in their
# group: SIGTERM lets the script quit them; whatever is left of the group after 5 s is killed.
browser_stop() {
  [ -n "$browser_pid" ] || return 0
  # Not reaped yet, so neither its pid nor its process group id can have been reused.
  if running "$browser_pid"; then
    kill -TERM "$browser_pid" 2>/dev/null || true
    local _
    for _ in $(seq 50); do running "$browser_pid" || break; sleep 0.1; done
  fi
  kill -KILL -- "-$browser_pid" 2>/dev/null || true
  wait "$browser_pid" 2>/dev/null || true
  browser_pid=''
}
