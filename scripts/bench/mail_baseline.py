#!/usr/bin/env python3
"""The baseline of GatehouseBenchmarks mail: Python's smtplib sending the same number of comparable messages over
one connection to the same server, so the figure shows what the server accepts from a minimal client.

  mail_baseline.py --host H --port N --sample FILE [--count N] [--security starttls|none] [--ca-file PEM]
                   [--username U --password-file F]

FILE is what `GatehouseBenchmarks mail --sample FILE` wrote: the subject and the text of its notifications. Each
message is built as Gatehouse builds one (From with a display name, Reply-To, Message-ID, Date, Auto-Submitted, the
text quoted-printable with an HTML alternative of it) and serialized before the clock starts: the timed part is the
client's SMTP alone — connect, EHLO, STARTTLS, EHLO, AUTH, then MAIL, RCPT and DATA per message (no pipelining,
like Gatehouse), QUIT. Prints one line: messages/s, seconds, the mean size the server reported.
"""

import argparse
import email.policy
import email.utils
import html
import json
import re
import secrets
import smtplib
import ssl
import sys
import time
from email.message import EmailMessage
from email.headerregistry import Address

URL = re.compile(r"(https?://[^\s<>\"]+)")


def html_of(text):
    """Paragraphs with line breaks and linked URLs, every character escaped: the shape of Gatehouse's alternative."""
    paragraphs = []
    for paragraph in text.split("\n\n"):
        if paragraph.strip():
            lines = [URL.sub(r'<a href="\1">\1</a>', html.escape(line, quote=True)) for line in paragraph.split("\n")]
            paragraphs.append("<p>" + "<br>".join(lines) + "</p>")
    return (
        '<!DOCTYPE html>\n<html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">'
        '</head>\n<body style="font-family: sans-serif; line-height: 1.5; max-width: 40rem">\n'
        + "\n".join(paragraphs)
        + "\n</body></html>"
    )


def messages(sample, count):
    sender = Address(sample["from_name"], addr_spec=sample["from"])
    page = html_of(sample["text"])
    out = []
    for index in range(count):
        message = EmailMessage(policy=email.policy.SMTP)
        message["From"] = sender
        message["To"] = f"customer{index}@bench.example"
        message["Reply-To"] = "help@bench.example"
        message["Subject"] = sample["subject"]
        message["Date"] = email.utils.formatdate()
        message["Message-ID"] = f"<{secrets.token_hex(16)}@bench.example>"
        message["Auto-Submitted"] = "auto-generated"
        message.set_content(sample["text"], cte="quoted-printable")
        message.add_alternative(page, subtype="html", cte="quoted-printable")
        out.append((f"customer{index}@bench.example", message.as_bytes()))
    return sample["from"], out


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--host", default="localhost")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--sample", required=True)
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--security", choices=("starttls", "none"), default="starttls")
    ap.add_argument("--ca-file")
    ap.add_argument("--username")
    ap.add_argument("--password-file")
    args = ap.parse_args(argv)
    with open(args.sample) as f:
        sender, prepared = messages(json.load(f), args.count)
    password = open(args.password_file).read().strip() if args.password_file else None

    start = time.perf_counter()
    smtp = smtplib.SMTP(args.host, args.port, local_hostname="bench.example", timeout=30)
    if args.security == "starttls":
        smtp.starttls(context=ssl.create_default_context(cafile=args.ca_file))
    if args.username:
        smtp.login(args.username, password)
    sizes = []
    for recipient, raw in prepared:
        code, reply = smtp.mail(sender)
        if code == 250:
            code, reply = smtp.rcpt(recipient)
        if code == 250:
            code, reply = smtp.data(raw)
        if code != 250:
            sys.exit(f"the server refused a message: {code} {reply.decode(errors='replace')}")
        size = re.search(rb"\((\d+) bytes", reply)
        if size:
            sizes.append(int(size.group(1)))
    smtp.quit()
    seconds = time.perf_counter() - start

    size_note = f", {sum(sizes) // len(sizes)} bytes per message on the server" if len(sizes) == len(prepared) else ""
    print(f"baseline: {len(prepared) / seconds:.0f} messages/s ({seconds:.2f} s){size_note}")


if __name__ == "__main__":
    main(sys.argv[1:])
