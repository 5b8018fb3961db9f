#!/usr/bin/env python3
"""Concurrent load against a running `gatehouse serve`, standard library only (used by load.sh).

  load.py --base URL --responses FILE --accounts FILE [--connections 64] [--duration 30] [--deadline 10]
          [--report FILE]

Each of the --connections threads is one browser on one keep-alive HTTP/1.1 connection, with its own cookies:
  saml      (1 in 4) posts a fresh SAMLResponse (one line of --responses, each used once) to /saml/acs as an
            IdP-initiated login, then loads /tickets with the session it got; once the responses run out it
            keeps loading signed-in pages
  password  (1 in 16) loads /login, signs in with an account of --accounts (JSON: [{"email", "password"}]),
            loads /tickets, signs out, again
  customer  (the rest) the first account's eight browsers, up to six connections each (a browser's limit per
            host): one connection of each browser signs in (all eight at the same moment, more than the throttle
            lets run at once, so some must wait for the others), the others share its cookies; then each loops
            over the ticket list, one of the customer's tickets, and a reply to it through the reply form
The password connections start their loop once the eight sign-ins have been answered: each password check is a
bcrypt run of ~0.35 s of CPU, and on a two-core machine under this load the bcrypt threads get about one core, so
the eight simultaneous sign-ins plus the loop's own would queue for longer than the deadline -- a capacity
limit of the machine, not the wedge this test looks for.
Every request must be answered within --deadline seconds with a status below 500 and the status its step
expects (303 for a login or reply, 200 for a page); a 429 counts as a failure too (none of these requests
should be throttled). A connection the server closes is reopened (counted). The report (JSON) has per-kind
counts and latency percentiles; exit status 1 if any request failed, 0 otherwise.
"""

import argparse
import http.client
import json
import re
import sys
import threading
import time
import urllib.parse

CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
TICKET_LINK = re.compile(r'href="/tickets/(\d+)"')
BROWSERS = 8


class Failure(Exception):
    pass


class Browser:
    """One keep-alive connection with a cookie jar."""

    def __init__(self, base, deadline, stats):
        parsed = urllib.parse.urlsplit(base)
        self.host, self.port, self.origin = parsed.hostname, parsed.port, f"{parsed.scheme}://{parsed.netloc}"
        self.deadline, self.stats = deadline, stats
        self.cookies = {}
        self.connection = None

    def request(self, kind, method, path, fields=None, expect=200, origin=True):
        body, headers = None, {"Connection": "keep-alive"}
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            if origin:
                headers["Origin"] = self.origin
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.deadline)
            started = time.monotonic()
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
            except (ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected) as error:
                # The server may close a keep-alive connection between requests; reopen once.
                self.connection.close()
                self.connection = None
                self.stats.count("reconnects")
                if attempt == 2:
                    raise Failure(f"{method} {path}: {type(error).__name__} twice") from error
                continue
            except TimeoutError as error:
                self.connection.close()
                self.connection = None
                raise Failure(f"{method} {path}: no answer within {self.deadline} s") from error
            except OSError as error:
                self.connection.close()
                self.connection = None
                raise Failure(f"{method} {path}: {type(error).__name__}: {error}") from error
            elapsed = time.monotonic() - started
            break
        self.stats.latency(kind, elapsed)
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                cookie_value = rest.split(";", 1)[0]
                if "Max-Age=0" in value or "expires=Thu, 01 Jan 1970" in value.lower():
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = cookie_value
        if response.will_close:
            self.connection.close()
            self.connection = None
        if response.status != expect:
            raise Failure(f"{method} {path}: HTTP {response.status}, expected {expect}: {data[:200]!r}")
        return response, data.decode("utf-8", "replace")

    def form_token(self, kind, path):
        _, page = self.request(kind, "GET", path)
        match = CSRF_FIELD.search(page)
        if not match:
            raise Failure(f"GET {path}: no csrf_token field")
        return match.group(1), page

    def sign_in(self, kind, account):
        token, _ = self.form_token(kind, "/login")
        response, _ = self.request(
            kind, "POST", "/login", {"email": account["email"], "password": account["password"], "csrf_token": token,
                                     "return_to": "/tickets"}, expect=303)
        if response.getheader("Location") != "/tickets":
            raise Failure(f"POST /login for {account['email']}: redirected to {response.getheader('Location')}")


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = {}
        self.counts = {}
        self.failures = []

    def latency(self, kind, seconds):
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds)

    def count(self, name):
        with self.lock:
            self.counts[name] = self.counts.get(name, 0) + 1

    def fail(self, role, error):
        with self.lock:
            self.failures.append(f"{role}: {error}")

    def report(self, duration):
        def percentile(values, p):
            ordered = sorted(values)
            return ordered[min(len(ordered) - 1, int(p * len(ordered)))] if ordered else None

        kinds = {}
        for kind, values in sorted(self.latencies.items()):
            kinds[kind] = {
                "requests": len(values), "per_second": round(len(values) / duration, 1),
                "p50_ms": round(percentile(values, 0.5) * 1000, 1), "p99_ms": round(percentile(values, 0.99) * 1000, 1),
                "max_ms": round(max(values) * 1000, 1)}
        return {"duration_s": round(duration, 1), "requests": sum(len(v) for v in self.latencies.values()), "kinds": kinds,
                "counts": self.counts, "failures": len(self.failures), "first_failures": self.failures[:10]}


def saml_worker(browser, responses, lock, stop):
    while not stop.is_set():
        with lock:
            line = next(responses, None)
        if line is None:
            if "gatehouse_session" not in browser.cookies:
                return
            browser.request("page", "GET", "/tickets")
            continue
        browser.cookies.pop("gatehouse_session", None)
        response, _ = browser.request("saml_login", "POST", "/saml/acs", {"SAMLResponse": line}, expect=303, origin=False)
        if "gatehouse_session" not in browser.cookies:
            raise Failure("POST /saml/acs: no session cookie")
        browser.stats.count("saml_logins")
        browser.request("page", "GET", "/tickets")


def password_worker(browser, accounts, index, signed_in, stop):
    for shared in signed_in:
        shared.ready.wait()
    round_ = 0
    while not stop.is_set():
        account = accounts[(index + round_) % len(accounts)]
        round_ += 1
        browser.sign_in("password_login", account)
        browser.stats.count("password_logins")
        token, _ = browser.form_token("page", "/tickets")
        browser.request("logout", "POST", "/logout", {"csrf_token": token}, expect=303)


class SharedSession:
    """The cookies of one browser, signed in once and shared by its connections."""

    def __init__(self):
        self.ready = threading.Event()
        self.cookies = None


def customer_worker(browser, account, start, shared, leader, stop):
    if leader:
        start.wait()
        try:
            browser.sign_in("password_login", account)
            browser.stats.count("password_logins")
        finally:
            shared.cookies = dict(browser.cookies)
            shared.ready.set()
    else:
        shared.ready.wait()
        browser.cookies = dict(shared.cookies)
    _, page = browser.request("page", "GET", "/tickets")
    tickets = TICKET_LINK.findall(page)
    if not tickets:
        raise Failure("the customer's /tickets lists no ticket")
    round_ = 0
    while not stop.is_set():
        ticket = tickets[round_ % len(tickets)]
        round_ += 1
        browser.request("page", "GET", "/tickets?status=all&sort=created")
        token, _ = browser.form_token("page", f"/tickets/{ticket}")
        browser.request("reply", "POST", f"/tickets/{ticket}/messages",
                        {"csrf_token": token, "body": f"Load test reply {round_} from {threading.get_ident()}"}, expect=303)
        browser.stats.count("replies")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", required=True)
    parser.add_argument("--responses", required=True)
    parser.add_argument("--accounts", required=True)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--duration", type=float, default=30)
    parser.add_argument("--deadline", type=float, default=10)
    parser.add_argument("--report")
    args = parser.parse_args()

    accounts = json.load(open(args.accounts))
    responses = iter([line.strip() for line in open(args.responses) if line.strip()])
    lock, stop = threading.Lock(), threading.Event()
    stats = Stats()
    roles = []
    for index in range(args.connections):
        roles.append("saml" if index % 4 == 0 else "password" if index % 16 == 1 else "customer")
    customers = [index for index, role in enumerate(roles) if role == "customer"]
    browsers = [SharedSession() for _ in range(min(BROWSERS, len(customers)))]
    start = threading.Barrier(len(browsers))

    def run(role, index):
        browser = Browser(args.base, args.deadline, stats)
        try:
            if role == "saml":
                saml_worker(browser, responses, lock, stop)
            elif role == "password":
                password_worker(browser, accounts[1:] or accounts, index, browsers, stop)
            else:
                position = customers.index(index)
                customer_worker(browser, accounts[0], start, browsers[position % len(browsers)], position < len(browsers), stop)
        except Failure as error:
            stats.fail(role, error)
        except Exception as error:  # noqa: BLE001 - any crash of a worker is a failed run
            stats.fail(role, f"{type(error).__name__}: {error}")

    threads = [threading.Thread(target=run, args=(role, index), daemon=True) for index, role in enumerate(roles)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    time.sleep(args.duration)
    stop.set()
    for thread in threads:
        thread.join(args.deadline + 5)
    stuck = sum(thread.is_alive() for thread in threads)
    if stuck:
        stats.fail("load", f"{stuck} connections still waiting for an answer {args.deadline + 5} s after the run")
    report = stats.report(time.monotonic() - began)
    text = json.dumps(report, indent=1)
    if args.report:
        open(args.report, "w").write(text)
    print(text)
    sys.exit(1 if report["failures"] else 0)


if __name__ == "__main__":
    main()
