#!/usr/bin/env bash
# Check helpers shared by the end-to-end scripts (sourced). The script sets $work, $failures and $checks.

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# run NAME COMMAND...: keeps stdout/stderr in $work/NAME.out/.err and the exit status in $status.
run() {
  local name=$1; shift
  status=0
  "$@" >"$work/$name.out" 2>"$work/$name.err" || status=$?
}

# expect NAME WANT_STATUS WHAT: checks the exit status of the last `run NAME`.
expect() {
  checks=$((checks + 1))
  [ "$status" -eq "$2" ] || fail "$3: exit $status, expected $2; stderr: $(head -c 400 "$work/$1.err")"
}
