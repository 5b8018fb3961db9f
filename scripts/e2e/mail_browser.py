#!/usr/bin/env python3
"""Self-registration through real email in a real browser: headless Chromium driven through WebDriver.

Run by mail.sh (which starts aiosmtpd and `gatehouse serve` with email.transport smtp, and provides the virtualenv
with selenium); not meant to be run alone:

  mail_browser.py --base URL --maildir DIR --email ADDRESS --name NAME --subject SUBJECT --work DIR --result FILE
                  [--verbose]

Registers ADDRESS with NAME through the /register form, waits for the verification email in aiosmtpd's maildir
(NNNN.eml with its envelope in NNNN.json), parses it with Python's email package, opens its link in the browser,
chooses the password on the page it shows, signs in through /login and lands on the ticket list; then opens the
link again, which must no longer offer a password form (token.invalid).

The browser helpers (starting Chromium, clicks that wait for the next page, checks with screenshots under
WORK/failures/) are portal_browser.py's. --result gets {"checks": N, "failures": M, "facts": {...}}: the message's
file name and the link, which mail.sh cross-checks with the maildir's numbering and `outbox list`.
Exit status: 0 when every check passed, 1 otherwise, 2 when the browser could not be started.
"""

import argparse
import email
import email.policy
import html.parser
import json
import os
import re
import secrets
import sys
import urllib.parse

from selenium.common.exceptions import TimeoutException
from selenium.webdriver.support.ui import WebDriverWait

import portal_browser
from portal_browser import Scenario, words

MAIL_WAIT = 30  # seconds for the worker to claim the email and aiosmtpd to store it
LINK = re.compile(r"https?://\S+/register/verify\?token=[A-Za-z0-9_-]+")


class Links(html.parser.HTMLParser):
    """The href of every <a> in a document, in order."""

    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs += [value for name, value in attrs if name == "href"]


class Registration(Scenario):
    # Scenario's own __init__ wants the portal suite's token and passwords; only what its browser helpers read is set.
    def __init__(self, args):
        self.base = args.base.rstrip("/")
        self.work = args.work
        self.verbose = args.verbose
        self.checks = 0
        self.failures = 0
        self.saved = 0
        self.driver = None
        self.session = "mail"
        self.facts = {}
        self.maildir = args.maildir
        self.email = args.email
        self.name = args.name
        self.subject = args.subject
        self.password = secrets.token_urlsafe(15)

    def run(self):
        self.start("register")
        self.register()
        link = self.verification_link(self.wait_for_mail())
        self.choose_password(link)
        self.sign_in_with_new_password()
        self.link_works_once(link)

    def register(self):
        self.go("/register")
        self.need(
            self.one("form[action='/register'] input[name=email]") is not None
            and self.one("form[action='/register'] input[name=name]") is not None,
            "GET /register shows the registration form (email, name)",
            self.body_text()[:200],
        )
        self.submit_form(
            {"input[name=email]": self.email, "input[name=name]": self.name},
            "form[action='/register'] button[type=submit]",
        )
        self.need(
            self.path() == "/register" and self.status() == 200 and self.text("main h1") == "Check your email",
            f"registering {self.email} answers 'Check your email'",
            f"{self.path()} status {self.status()}: {self.body_text()[:200]}",
        )

    def wait_for_mail(self):
        """The stored message whose envelope names our address, polled for until MAIL_WAIT runs out."""
        try:
            found = WebDriverWait(self.driver, MAIL_WAIT, poll_frequency=0.05).until(lambda _: self.stored_for(self.email))
        except TimeoutException:
            found = []
        self.need(len(found) == 1, f"one email to {self.email} reaches aiosmtpd within {MAIL_WAIT} s", found)
        self.facts["message_file"] = os.path.basename(found[0])
        return found[0]

    def stored_for(self, address):
        found = []
        # NNNN.eml appears (renamed into place) after its envelope is written, so a listed .eml has its .json.
        for name in sorted(os.listdir(self.maildir)):
            if name.endswith(".eml"):
                with open(os.path.join(self.maildir, name[:-4] + ".json")) as f:
                    if address in json.load(f)["to"]:
                        found.append(os.path.join(self.maildir, name))
        return found

    def verification_link(self, path):
        with open(path, "rb") as f:
            raw = f.read()
        message = email.message_from_bytes(raw, policy=email.policy.default)
        to = message["To"].addresses if message["To"] else ()
        self.check(
            [a.addr_spec for a in to] == [self.email], f"the email's To is {self.email}", message["To"]
        )
        self.check(
            str(message["Subject"]) == self.subject, f"the Subject decodes to {self.subject!r}", message["Subject"]
        )
        raw_subject = re.search(rb"^Subject:(.*(?:\r\n[ \t].*)*)", raw, re.MULTILINE | re.IGNORECASE)
        self.check(
            raw_subject is not None and b"=?utf-8?" in raw_subject.group(1).lower(),
            "the non-ASCII Subject is sent as encoded words (RFC 2047)",
            raw_subject and raw_subject.group(1)[:200],
        )
        self.need(
            message.get_content_type() == "multipart/alternative",
            "the email is multipart/alternative",
            message.get_content_type(),
        )
        parts = [part.get_content_type() for part in message.iter_parts()]
        self.check(parts == ["text/plain", "text/html"], "its parts are text/plain, then text/html", parts)
        text = message.get_body(("plain",)).get_content()
        page = message.get_body(("html",)).get_content()
        self.check(f"Hello {self.name}," in text, f"the text part greets {self.name!r}", text[:200])
        links = LINK.findall(text)
        self.need(len(links) == 1, "the text part has exactly one verification link", links)
        link = links[0]
        parser = Links()
        parser.feed(page)
        verify_hrefs = [href for href in parser.hrefs if "/register/verify" in href]
        self.check(verify_hrefs == [link], "the HTML part links the same verification URL, once", parser.hrefs)
        self.need(
            link.startswith(self.base + "/register/verify?token="), f"the link points at the server under test ({self.base})", link
        )
        self.facts["link"] = link
        return link

    def choose_password(self, link):
        self.driver.get(link)
        token = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)["token"][0]
        hidden = self.one("form[action='/register/verify'] input[name=token]")
        self.need(
            self.status() == 200
            and self.text("main h1") == "Choose your password"
            and hidden is not None
            and hidden.get_attribute("value") == token
            and self.one("form[action='/register/verify'] input[name=password]") is not None,
            "the emailed link opens 'Choose your password' with the link's token in the form",
            f"status {self.status()}: {self.body_text()[:200]}",
        )
        self.submit_form(
            {"input[name=password]": self.password}, "form[action='/register/verify'] button[type=submit]"
        )
        self.need(
            self.status() == 200
            and self.text("main h1") == "Your email address is confirmed"
            and "Your account is active." in self.body_text(),
            "choosing the password confirms the account",
            f"status {self.status()}, reason code {self.text('code.reason')}: {self.body_text()[:200]}",
        )

    def sign_in_with_new_password(self):
        self.go("/login")
        self.need(self.one("input[name=password]") is not None, "GET /login shows the sign-in form", self.body_text()[:200])
        self.submit_form(
            {"input[name=email]": self.email, "input[name=password]": self.password},
            "form[action$='/login'] button[type=submit]",
        )
        self.need(
            self.path() == "/tickets" and self.status() == 200,
            f"{self.email} signs in with the password chosen from the email and lands on /tickets",
            f"{self.path()} status {self.status()}, reason code {self.text('code.reason')}: {self.body_text()[:200]}",
        )
        # The header names the account only from 90rem up (and in the phone's menu), so not at 1280 px: the
        # markup is what is checked, not what this window shows.
        who = [self.text_content(".who .name"), self.text_content(".who .email")]
        self.check(
            self.text("main h1") == "Your tickets" and who == [words(self.name), self.email] and self.one("#logout") is not None,
            f"the ticket list is {self.name!r} <{self.email}>'s, with a sign-out button",
            [self.text("main h1"), *who],
        )
        self.check(
            self.text("#empty") == "You have no tickets yet." and self.one("table.tickets") is None,
            "the new account's ticket list is empty",
            self.text("#empty"),
        )

    def text_content(self, css):
        element = self.one(css)
        return words(element.get_attribute("textContent")) if element is not None else None

    def link_works_once(self, link):
        self.driver.get(link)
        self.check(
            self.status() == 400
            and self.text("code.reason") == "token.invalid"
            and self.one("input[name=password]") is None
            and "The link is invalid, used or expired." in self.body_text(),
            "the used link again: 400 token.invalid, no password form",
            f"status {self.status()}, reason code {self.text('code.reason')}: {self.body_text()[:200]}",
        )


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", required=True, help="the server, e.g. http://127.0.0.1:8080")
    ap.add_argument("--maildir", required=True, help="where smtp_server.py stores NNNN.eml and NNNN.json")
    ap.add_argument("--email", required=True, help="the address to register (used nowhere else)")
    ap.add_argument("--name", required=True)
    ap.add_argument("--subject", required=True, help="the verification email's Subject, decoded")
    ap.add_argument("--work", required=True, help="the browser profile, the chromedriver log and failure evidence go here")
    ap.add_argument("--result", required=True, help="where to write {checks, failures, facts} as JSON")
    ap.add_argument("--verbose", action="store_true", help="print passing checks too")
    args = ap.parse_args(argv)
    return portal_browser.run_scenario(Registration(args), args.result)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
