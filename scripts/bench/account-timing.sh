#!/usr/bin/env bash
# Does the answer of /password/forgot or /register reveal, by its timing, whether the address has an account?
# Starts `gatehouse serve` (pinned to CPU 0; the client to CPU 1) on a fresh database with KNOWN verified contacts,
# limits raised out of the way, and runs account_timing.py: >= 100 interleaved pairs per form, known vs unknown
# address, printing both medians and their difference (target: within 5% of the median) and how often the known
# one was slower. With a second binary (e.g. a build of an earlier commit) it measures that one too, in the same
# run, as the baseline.
# Usage: scripts/bench/account-timing.sh PATH/TO/gatehouse [PATH/TO/baseline-gatehouse]
#   env: PAIRS (200)
# Needs taskset, python3 and two CPUs (scripts/install-deps bench).
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ] || [ ! -x "$1" ]; then echo "usage: account-timing.sh PATH/TO/gatehouse [BASELINE]" >&2; exit 2; fi
binaries=("$(realpath "$1")")
[ $# -eq 2 ] && binaries+=("$(realpath "$2")")
pairs=${PAIRS:-200}
warmup=20
bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[ "$(nproc)" -ge 2 ] || { echo "account-timing: needs two CPUs" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/account-timing.XXXXXX")
gatehouse="$work/gatehouse-cpu0"
# shellcheck source=../e2e/gateway-lib.sh
source "$bench_dir/../e2e/gateway-lib.sh"
trap gw_cleanup EXIT
trap 'exit 130' INT TERM
gw_init

export GATEHOUSE_DEMO_ENABLED=false GATEHOUSE_MEMBERSHIP_SELF_REGISTRATION=true GATEHOUSE_MEMBERSHIP_CONSENT_ENABLED=false \
  GATEHOUSE_LIMITS_ACCOUNT_REQUESTS_PER_ADDRESS=1000 GATEHOUSE_LIMITS_ACCOUNT_REQUESTS_PER_CLIENT=100000 \
  GATEHOUSE_LIMITS_ACCOUNT_EMAILS_PER_HOUR=1000
known=$((pairs + warmup))
python3 - "$work" "$known" <<'PY'
import sys
work, count = sys.argv[1], int(sys.argv[2])
with open(f"{work}/contacts.csv", "w") as csv, open(f"{work}/known", "w") as known:
    csv.write("email,name,lists\n")
    for index in range(count):
        csv.write(f"known{index}@timing.example,Known {index},\n")
        known.write(f"known{index}@timing.example\n")
PY

status=0
run=0
for binary in "${binaries[@]}"; do
  run=$((run + 1))
  printf '#!/bin/sh\nexec taskset -c 0 %q "$@"\n' "$binary" >"$gatehouse"
  chmod +x "$gatehouse"
  export GATEHOUSE_DATABASE_PATH="$work/run$run.sqlite"
  gw_start "" || { echo "account-timing: $binary did not become ready" >&2; exit 1; }
  gh contacts import "$work/contacts.csv" >/dev/null
  # Verified, as accounts people registered are (the import leaves contacts unverified).
  python3 -c 'import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); db.execute("UPDATE contact SET verified = 1"); db.commit()' \
    "$GATEHOUSE_DATABASE_PATH"
  echo "== $([ "$run" -eq 1 ] && echo "under test" || echo baseline): $binary ($(git -C "$(dirname "$binary")" rev-parse --short HEAD 2>/dev/null || echo '?'), load average $(cut -d' ' -f1-3 /proc/loadavg))"
  # Only the binary under test decides the exit status; a baseline is expected to miss the target.
  taskset -c 1 python3 "$bench_dir/account_timing.py" --base "$base" --known "$work/known" --pairs "$pairs" --warmup "$warmup" ||
    { [ "$run" -eq 1 ] && status=1; true; }
  gw_stop
done
exit $status
