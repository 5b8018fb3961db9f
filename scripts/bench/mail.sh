#!/usr/bin/env bash
# Messages per second from the outbox to a loopback SMTP server over one connection (target: >= 500/s), beside what
# that server accepts from a minimal client, in one run. The server is scripts/e2e/smtp_server.py (aiosmtpd 1.4.6 from
# PyPI, in the virtualenv mail.sh uses) with --discard, STARTTLS and AUTH required, on a certificate of a CA made for
# this run. Gatehouse is `GatehouseBenchmarks mail` (the outbox, OutboxDelivery and the SMTP transport of `gatehouse
# serve`: compose, send, mark each sent); the baseline is mail_baseline.py (smtplib, the messages serialized before
# its clock starts). Both use STARTTLS and AUTH PLAIN and send the same subject and text; each figure includes the
# connection, TLS handshake and login. Rounds alternate Gatehouse and the baseline (the order flips every round), and
# another row sends in the worker's batches of 50 (a connection each, as `gatehouse serve` does with a backlog). Each
# Gatehouse run also says how long the outbox's claim and marks took (one synchronous = FULL commit per message marked
# sent), and what is left without them: composing and SMTP. The server is pinned to CPU 0, the clients to CPU 1.
# Prints every round, then the medians and the ratio.
# Usage: scripts/bench/mail.sh [PATH/TO/GatehouseBenchmarks]
#   (without it: swift build -c release --scratch-path .build-bench --product GatehouseBenchmarks, and that binary)
#   env: ROUNDS (5), COUNT (2000), WORKER_BATCH (50; 0 leaves that row out)
# Needs taskset, openssl, python3 with venv (scripts/install-deps bench) and two CPUs. Figures taken while something
# else keeps a CPU busy (a build) are not comparable: the load average is printed with them.
set -euo pipefail

[ $# -le 1 ] || { echo "usage: mail.sh [PATH/TO/GatehouseBenchmarks]" >&2; exit 2; }
bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$bench_dir/../.." && pwd)
# shellcheck source=../e2e/smtp-lib.sh
source "$root/scripts/e2e/smtp-lib.sh"
rounds=${ROUNDS:-5}
count=${COUNT:-2000}
worker_batch=${WORKER_BATCH:-50}
for tool in taskset openssl python3; do
  command -v "$tool" >/dev/null || { echo "mail bench: $tool is missing (scripts/install-deps bench)" >&2; exit 2; }
done
[ "$(nproc)" -ge 2 ] || { echo "mail bench: needs two CPUs (the server on 0, the clients on 1); this machine has $(nproc)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/mail-bench.XXXXXX")
smtp_pid=''
cleanup() {
  local rc=$?
  if [ -n "$smtp_pid" ]; then
    kill "$smtp_pid" 2>/dev/null || true
    wait "$smtp_pid" 2>/dev/null || true
  fi
  if [ "$rc" -ne 0 ] && [ -s "$work/smtp.log" ]; then
    echo "--- aiosmtpd log (last 20 lines)" >&2
    tail -20 "$work/smtp.log" >&2
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
die() { echo "FAIL: $*" >&2; exit 1; }

# 1. The benchmark, built for release unless given.
if [ $# -eq 1 ]; then
  benchmarks=$(realpath "$1")
else
  echo "building GatehouseBenchmarks (release, .build-bench)" >&2
  (cd "$root" && swift build -c release --scratch-path .build-bench --product GatehouseBenchmarks) >"$work/build.log" 2>&1 ||
    { tail -30 "$work/build.log" >&2; die "swift build -c release --product GatehouseBenchmarks failed"; }
  benchmarks=$root/.build-bench/release/GatehouseBenchmarks
fi
[ -x "$benchmarks" ] || die "$benchmarks is not an executable"

# 2. aiosmtpd from PyPI: the same virtualenv as scripts/e2e/mail.sh, made the same way when missing.
smtp_venv_ready "$work" || die "no aiosmtpd"
venv=$smtp_venv

# 3. A CA of this run, the server's certificate for localhost, the account.
smtp_make_ca "$work" bench
smtp_server_certificate "$work" bench
user=bench
python3 -c 'import secrets; print(secrets.token_urlsafe(18))' >"$work/smtp.password"

# 4. The server on CPU 0, answering each message with its size and storing nothing.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
taskset -c 0 "$venv/bin/python" "$root/scripts/e2e/smtp_server.py" --port "$port" --cert "$work/smtp.pem" --key "$work/smtp.key" \
  --user "$user" --password-file "$work/smtp.password" --discard --ready "$work/smtp.ready" >"$work/smtp.log" 2>&1 &
smtp_pid=$!
deadline=$((SECONDS + 10))
until [ -s "$work/smtp.ready" ]; do
  kill -0 "$smtp_pid" 2>/dev/null || die "aiosmtpd exited: $(tail -5 "$work/smtp.log")"
  [ $SECONDS -lt $deadline ] || die "aiosmtpd did not listen on port $port within 10 s"
  sleep 0.05
done

# 5. Rounds. Each client run prints one figure; a failed run fails the benchmark.
smtp_options=(--host localhost --port "$port" --ca-file "$work/bench-ca.pem" --username "$user" --password-file "$work/smtp.password")
# run_gatehouse [--batch N] and run_baseline: one run each; the figure (messages/s) on stdout, the run's line on stderr.
# Gatehouse's figure is TOTAL:WITHOUT, WITHOUT leaving out the time in the outbox's claim and marks (durable commits).
run_gatehouse() {
  taskset -c 1 "$benchmarks" mail "${smtp_options[@]}" --security starttls --count "$count" --rounds 1 --sample "$work/sample.json" "$@" \
    >"$work/gatehouse.out" 2>&1 || die "GatehouseBenchmarks mail failed: $(tail -5 "$work/gatehouse.out")"
  sed -n 's/^  round 1: \([0-9]*\) messages\/s.*composing and SMTP \([0-9]*\) messages\/s.*/\1:\2/p' "$work/gatehouse.out"
  sed -n 's/^  round 1: //p' "$work/gatehouse.out" >&2
}
run_baseline() {
  [ -s "$work/sample.json" ] || die "no sample of the messages (GatehouseBenchmarks mail --sample)"
  taskset -c 1 python3 "$bench_dir/mail_baseline.py" "${smtp_options[@]}" --security starttls --count "$count" --sample "$work/sample.json" \
    >"$work/baseline.out" 2>&1 || die "mail_baseline.py failed: $(tail -5 "$work/baseline.out")"
  sed -n 's/^baseline: \([0-9]*\) messages\/s.*/\1/p' "$work/baseline.out"
  sed -n 's/^baseline: //p' "$work/baseline.out" >&2
}
echo "mail bench: $count messages per run to aiosmtpd $("$venv/bin/python" -c 'import aiosmtpd; print(aiosmtpd.__version__)') (STARTTLS, AUTH, --discard) on localhost:$port," \
  "server on CPU 0, clients on CPU 1; $rounds rounds; load average $(cut -d' ' -f1-3 /proc/loadavg)"
one=() base=() batched=()
# measure LABEL ARRAY COMMAND...: runs COMMAND and appends its figure to ARRAY (die in COMMAND ends only its subshell).
measure() {
  local label=$1 figure
  local -n figures=$2
  shift 2
  echo -n "round $round: $label " >&2
  figure=$("$@") && [ -n "$figure" ] || exit 1
  figures+=("$figure")
}
for round in $(seq "$rounds"); do
  # The first run writes the sample the baseline sends, so round 1 starts with Gatehouse; later rounds flip the order.
  if [ $((round % 2)) -eq 1 ]; then
    measure "Gatehouse" one run_gatehouse
    measure "smtplib  " base run_baseline
  else
    measure "smtplib  " base run_baseline
    measure "Gatehouse" one run_gatehouse
  fi
  [ "$worker_batch" -eq 0 ] || measure "Gatehouse, batches of $worker_batch" batched run_gatehouse --batch "$worker_batch"
done

# 6. Medians and the ratio.
python3 - "$count" "$worker_batch" "${one[*]}" "${base[*]}" "${batched[*]:-}" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import statistics, sys
count, batch, one, base, batched, load = sys.argv[1:]
def pairs(text):
    return [tuple(float(x) for x in item.split(":")) for item in text.split()]
one, batched = pairs(one), pairs(batched)
base = [float(x) for x in base.split()]
median = statistics.median
def row(what, figures):
    print(f"| {what} | {median(figures):,.0f} | {', '.join(f'{x:.0f}' for x in figures)} |")
print(f"\n| {count} messages, STARTTLS + AUTH, loopback | messages/s (median of {len(one)}) | rounds |")
print("| --- | ---: | --- |")
row("Gatehouse: outbox → OutboxDelivery → SMTP transport, one connection", [t for t, _ in one])
row("baseline: Python smtplib, one connection, messages prepared", base)
row("Gatehouse, one connection, without the outbox's commits (same runs)", [w for _, w in one])
if batched:
    row(f"Gatehouse in the worker's batches of {batch} (a connection each)", [t for t, _ in batched])
one = [t for t, _ in one]
ratio = median(one) / median(base)
verdict = "met" if median(one) >= 500 else "MISSED"
print(f"\nmail: Gatehouse {median(one):.0f} messages/s, {ratio:.2f}x the smtplib baseline ({median(base):.0f}/s); target >= 500/s {verdict}"
      f" (load average at the end {load})")
PY
