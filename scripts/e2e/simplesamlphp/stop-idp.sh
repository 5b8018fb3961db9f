#!/usr/bin/env bash
# Stops an IdP started by start-idp.sh and removes its temp dir (logs included; --keep leaves the dir).
# Usage: stop-idp.sh [--keep] [IDP_DIR]   (IDP_DIR defaults to $IDP_DIR). Safe to call twice.
set -euo pipefail

keep=false
if [ "${1:-}" = --keep ]; then keep=true; shift; fi
dir=${1:-${IDP_DIR:-}}
[ -n "$dir" ] || { echo "usage: stop-idp.sh [--keep] IDP_DIR" >&2; exit 2; }
[ -d "$dir" ] || exit 0
# Never rm -rf (or kill on behalf of) a directory start-idp.sh did not create.
[ -f "$dir/.gatehouse-idp" ] || { echo "stop-idp.sh: $dir is not a start-idp.sh directory" >&2; exit 2; }

if [ -f "$dir/php.pid" ]; then
  pid=$(cat "$dir/php.pid")
  # A killed php -S is reparented to init, which may reap it late; a zombie counts as stopped.
  running() { local state; state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) && [ -n "$state" ] && [ "$state" != Z ]; }
  # Only signal a pid that is still our php -S (pids get reused).
  ours() { [ -r "/proc/$1/cmdline" ] && tr '\0' ' ' <"/proc/$1/cmdline" | grep -q -- "-S 127.0.0.1:"; }
  if ours "$pid"; then
    # With --workers, php -S forks workers that outlive their parent's SIGTERM.
    pids=("$pid")
    for child in $(pgrep -P "$pid" || true); do ours "$child" && pids+=("$child"); done
    kill "${pids[@]}" 2>/dev/null || true
    for _ in $(seq 50); do
      alive=false
      for p in "${pids[@]}"; do running "$p" && alive=true; done
      $alive || break
      sleep 0.05
    done
    $alive && kill -9 "${pids[@]}" 2>/dev/null || true
  fi
  rm -f "$dir/php.pid"
fi
$keep || rm -rf "$dir"
