#!/usr/bin/env python3
"""A real SMTP submission server for mail.sh: aiosmtpd (PyPI), not written here.

  smtp_server.py --port N --cert PEM --key PEM --user U --password-file F (--maildir DIR | --discard) [--ready FILE]

Listens on 127.0.0.1:N with STARTTLS required before anything else and AUTH (PLAIN, LOGIN) required before
MAIL, with one account (U and the password in F). Each accepted message is written to DIR as NNNN.eml
(the bytes as received, after the server's own dot-unstuffing) with the envelope beside it in NNNN.json.
RCPT TO an address whose local part starts with "reject" is refused with 550 (a permanent failure), one
starting with "later" with 451 (a temporary one). Writes FILE once listening; stops on SIGTERM.
--discard (for benchmarks, scripts/bench/mail.sh) stores nothing: each message is counted and answered with
"250 2.0.0 OK queued as testNNNN (B bytes, discarded)", so a client can tell what the server took.
"""

import argparse
import json
import os
import signal
import ssl
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Handler:
    def __init__(self, maildir):
        self.maildir = maildir
        # Numbering goes on after a restart: a message never overwrites an earlier one.
        self.count = sum(1 for name in os.listdir(maildir) if name.endswith(".eml")) if maildir else 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@", 1)[0].lower()
        if local.startswith("reject"):
            return "550 5.1.1 mailbox unavailable (test server: reject*)"
        if local.startswith("later"):
            return "451 4.3.0 try again later (test server: later*)"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            number = self.count
        if self.maildir is None:
            size = len(envelope.original_content or envelope.content)
            return f"250 2.0.0 OK queued as test{number:04d} ({size} bytes, discarded)"
        base = os.path.join(self.maildir, f"{number:04d}")
        with open(base + ".tmp", "wb") as out:
            out.write(envelope.original_content or envelope.content)
        with open(base + ".json", "w") as out:
            json.dump({"from": envelope.mail_from, "to": envelope.rcpt_tos, "mail_options": envelope.mail_options,
                       "tls": session.ssl is not None, "auth": session.authenticated}, out)
        os.rename(base + ".tmp", base + ".eml")
        return f"250 2.0.0 OK queued as test{number:04d}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password-file", required=True)
    stored = parser.add_mutually_exclusive_group(required=True)
    stored.add_argument("--maildir")
    stored.add_argument("--discard", action="store_true")
    parser.add_argument("--ready")
    args = parser.parse_args()
    password = open(args.password_file).read().strip().encode()

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login == args.user.encode() and auth_data.password == password
        return AuthResult(success=ok, handled=False)

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)
    controller = Controller(Handler(args.maildir), hostname="127.0.0.1", port=args.port, tls_context=context,
                            require_starttls=True, auth_required=True, auth_require_tls=True, authenticator=authenticator,
                            server_hostname="localhost", ready_timeout=10)
    controller.start()
    if args.ready:
        open(args.ready, "w").write(str(os.getpid()))
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
