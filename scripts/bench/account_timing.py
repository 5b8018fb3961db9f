#!/usr/bin/env python3
"""Interleaved timing of account forms for known and unknown addresses (used by account-timing.sh).

  account_timing.py --base URL --known FILE [--pairs 200] [--warmup 20]

FILE lists one known address per line (at least --pairs of them: each is used once per form, so no
per-address effect differs between the two kinds). For /password/forgot and then /register it sends --pairs
pairs of POSTs on one keep-alive connection, one for a known address and one for a fresh unknown address, in
random order within each pair, and times each from sending the request to reading the whole answer. It checks
that both kinds get the same status and the same body (once request ids and tokens are blanked), then prints
per form: both medians, the difference as a share of the unknown median, and how often the known request of
a pair was the slower one (50% is what chance gives).
"""

import argparse
import http.client
import random
import re
import statistics
import sys
import time
import urllib.parse

CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
VOLATILE = re.compile(r'(value|content)="[A-Za-z0-9_-]{20,}"|<code class="request-id">[^<]*</code>')


class Client:
    def __init__(self, base):
        parts = urllib.parse.urlsplit(base)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        self.cookies = {}

    def send(self, method, path, fields=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            headers.update({"Content-Type": "application/x-www-form-urlencoded", "Origin": self.origin})
        started = time.perf_counter()
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        elapsed = time.perf_counter() - started
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return response.status, data.decode("utf-8", "replace"), elapsed

    def token(self, path):
        _, page, _ = self.send("GET", path)
        return CSRF_FIELD.search(page).group(1)


def measure(client, form, known, pairs, warmup, fields):
    token = client.token(form)
    timings = {"known": [], "unknown": []}
    answers = {}
    slower = 0
    run = f"{random.getrandbits(32):08x}"
    for index in range(-warmup, pairs):
        kinds = ["known", "unknown"]
        random.shuffle(kinds)
        pair = {}
        for kind in kinds:
            address = known[index % len(known)] if kind == "known" else f"nobody-{run}-{index + warmup}@timing.example"
            status, body, elapsed = client.send("POST", form, {"csrf_token": token, **fields(address)})
            if index >= 0:
                timings[kind].append(elapsed)
                pair[kind] = elapsed
                answers.setdefault(kind, set()).add((status, VOLATILE.sub("", body)))
        if index >= 0 and pair["known"] > pair["unknown"]:
            slower += 1
    if answers["known"] != answers["unknown"] or len(answers["known"]) != 1:
        print(f"{form}: known and unknown addresses got different answers: "
              f"{[(s, len(b)) for s, b in answers['known']]} vs {[(s, len(b)) for s, b in answers['unknown']]}", file=sys.stderr)
        return False
    known_median = statistics.median(timings["known"])
    unknown_median = statistics.median(timings["unknown"])
    difference = (known_median - unknown_median) / unknown_median
    status = next(iter(answers["known"]))[0]
    print(f"{form}: {pairs} pairs, both answered {status}; median known {known_median * 1000:.3f} ms, "
          f"unknown {unknown_median * 1000:.3f} ms, difference {difference * 100:+.1f}% of the unknown median "
          f"(target within ±5%); known slower in {slower / pairs * 100:.0f}% of pairs")
    return abs(difference) < 0.05


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", required=True)
    parser.add_argument("--known", required=True)
    parser.add_argument("--pairs", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    args = parser.parse_args()
    known = [line.strip() for line in open(args.known) if line.strip()]
    if len(known) < args.pairs + args.warmup:
        sys.exit(f"need {args.pairs + args.warmup} known addresses, have {len(known)}")
    client = Client(args.base)
    ok = measure(client, "/password/forgot", known, args.pairs, args.warmup, lambda a: {"email": a})
    ok &= measure(client, "/register", known, args.pairs, args.warmup,
                  lambda a: {"email": a, "name": "Timing Test", "password": "timing-test-password-1", "consent": "yes"})
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
