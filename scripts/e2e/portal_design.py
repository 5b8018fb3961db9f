#!/usr/bin/env python3
"""Every customer and agent page in headless Chromium at a desktop (1280×900) and a phone (390×844) size:
screenshots, layout checks and an accessibility audit (axe-core, from selenium-axe-python).

Run by portal-browser.sh after portal_browser.py, against the same server and demo data; not meant to be run alone:

  portal_design.py --base URL --customer-password-file F --agent-password-file F --texts SWIFT_FILE
                   --work DIR --result FILE [--verbose]

For each page and size it saves WORK/screenshots/SIZE-ROLE-PAGE.png and checks
- no horizontal overflow (the document is no wider than the window);
- Sign out is on screen without opening anything, on every signed-in page;
- on the phone the navigation is behind the Menu button and opens with it; on the desktop it is in the header's
  one row (the header no taller than one row) without a click;
- no stage code (waiting_on_contact) is shown as text;
- axe-core finds no serious or critical violation (WCAG 2.x A and AA rules and best practices), in the light and
  the dark colour scheme;
and, in Finnish and German, that no visible text is an English page text (read from SWIFT_FILE, the English
texts of the built-in pages) — except the few words those languages share with English.
--result gets {"checks": N, "failures": M}. Exit status: 0 when every check passed, 1 otherwise.
"""

import argparse
import json
import os
import re
import signal
import sys
import time

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium_axe_python import Axe

import portal_browser
from portal_browser import AGENT, CUSTOMER, Abort, Scenario, read, words

SIZES = {"desktop": (1280, 900), "phone": (390, 844)}
# Words that are the same in English and that language (PageTexts' translations keep them on purpose).
SAME_WORDS = {"fi": set(), "de": {"Name", "Tickets", "ID", "Status"}}
STAGE_CODE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")
SEVERE = {"serious", "critical"}


def english_texts(path):
    """The English page texts, from PageTexts+English.swift (`name: "text",` per line)."""
    texts = set()
    with open(path) as f:
        for line in f:
            match = re.match(r'\s+\w+: "((?:[^"\\]|\\.)*)"', line)
            if match:
                text = match.group(1).encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
                if "{{" not in text:
                    texts.add(words(text))
    return texts


class Design(Scenario):
    def __init__(self, args):
        args.token_file = args.customer_password_file  # the base class reads a token it does not need here
        args.api_ticket = 0
        super().__init__(args)
        self.english = english_texts(args.texts)
        self.shots = os.path.join(self.work, "screenshots")
        os.makedirs(self.shots, exist_ok=True)
        self.size = "desktop"

    def start_sized(self, session, size):
        self.start(session)
        self.size = size
        width, height = SIZES[size]
        self.driver.set_window_size(width, height)
        # The phone: a touch device's viewport of that width (a desktop window cannot be narrower than ~500 px).
        self.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": size == "phone"},
        )

    def scheme(self, dark):
        self.driver.execute_cdp_cmd(
            "Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]}
        )
        # The new scheme's styles apply with the next frames: wait for them, and for the media query to say so.
        applied = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1], dark = arguments[0];"
            "requestAnimationFrame(() => requestAnimationFrame(() => done(matchMedia('(prefers-color-scheme: dark)').matches === dark)));",
            dark,
        )
        self.need(applied, f"Chromium applies the {'dark' if dark else 'light'} colour scheme")

    # ---- the checks of one page ----

    def page(self, name, signed_in, agent=False):
        """Checks the page now shown and saves its screenshot."""
        where = f"{self.size} {self.session} {name}"
        self.driver.save_screenshot(os.path.join(self.shots, f"{self.size}-{self.session}-{name}.png"))
        metrics = self.driver.execute_script("""
            const header = document.querySelector('header.top'), logout = document.querySelector('#logout'),
                  nav = document.querySelector('#nav-tickets'), summary = document.querySelector('.menu-button');
                        const box = e => e ? e.getBoundingClientRect() : null,
                  shown = e => !!e && e.checkVisibility({visibilityProperty: true, opacityProperty: true});
            return {scroll: document.documentElement.scrollWidth, width: window.innerWidth,
                    header: box(header) && box(header).height, logout: shown(logout) ? box(logout).toJSON() : null,
                    nav: shown(nav), summary: shown(summary), height: window.innerHeight,
                    text: document.body.innerText};""")
        self.check(
            metrics["scroll"] <= metrics["width"],
            f"{where}: no horizontal overflow",
            f"document {metrics['scroll']} px wide in a {metrics['width']} px window",
        )
        if signed_in:
            logout = metrics["logout"]
            self.check(
                logout is not None and logout["right"] <= metrics["width"] and logout["bottom"] <= metrics["height"]
                and logout["left"] >= 0 and logout["top"] >= 0,
                f"{where}: Sign out is on screen without opening the menu",
                logout,
            )
        if self.size == "phone":
            self.check(metrics["summary"], f"{where}: the Menu button is shown")
            if signed_in:
                self.check(not metrics["nav"], f"{where}: the navigation waits behind the Menu button")
        else:
            self.check(not metrics["summary"], f"{where}: no Menu button on the desktop")
            self.check(metrics["header"] is not None and metrics["header"] <= 72, f"{where}: the header is one row", metrics["header"])
            if signed_in:
                self.check(metrics["nav"], f"{where}: the navigation is in the header")
        if agent:
            codes = sorted(set(STAGE_CODE.findall(metrics["text"])))
            self.check(not codes, f"{where}: no stage code shown as text", codes)
        self.audit(where)

    def audit(self, where):
        for dark in (False, True):
            self.scheme(dark)
            axe = Axe(self.driver)
            axe.inject()
            results = axe.run()
            severe = [v for v in results["violations"] if v.get("impact") in SEVERE]
            self.check(
                not severe,
                f"{where}: axe-core finds no serious or critical violation ({'dark' if dark else 'light'} scheme)",
                [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target'] if v['nodes'] else ''} {v['help']}" for v in severe],
            )
        self.scheme(False)

    def untranslated(self, name, language):
        """In fi or de: no visible text node is an English page text."""
        texts = self.driver.execute_script("""
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT), found = [];
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const text = node.textContent.split(/\\s+/).filter(Boolean).join(' ');
                if (text && node.parentElement.checkVisibility({visibilityProperty: true})) found.push(text);
            }
            const values = [...document.querySelectorAll('input[type=submit], button, [placeholder], [aria-label]')]
                .map(e => e.getAttribute('aria-label') || e.getAttribute('placeholder') || '').filter(Boolean);
            return found.concat(values);""")
        english = [t for t in texts if t in self.english and t not in SAME_WORDS[language]]
        self.check(not english, f"{language} {self.session} {name}: no English page text left untranslated", english)

    # ---- the tour ----

    def visit(self, path, name, signed_in, agent=False, language=None):
        self.go(path)
        if language is None:
            self.page(name, signed_in, agent)
        else:
            self.untranslated(name, language)

    def tour_anonymous(self, language=None):
        self.visit("/login", "login", False, language=language)
        self.visit("/login?signed_out=1", "signed-out", False, language=language)
        self.visit("/register", "register", False, language=language)
        self.visit("/password/forgot", "forgot", False, language=language)
        # "Check your email", with the resend form (a fresh address each time: nothing is sent to a real mailbox).
        self.go("/register")
        for css, text in (("input[name=email]", f"design-{self.nonce}-{self.size}-{language}@example.test"), ("input[name=name]", "Design Check")):
            self.one(css).send_keys(text)
        consent = self.one("input[name=consent]")
        if consent is not None:
            consent.click()
        self.click("form[action='/register'] button[type=submit]")
        self.need(self.one("#resend") is not None, "registering shows the check-your-email page with a resend button")
        if language is None:
            self.page("check-email", False)
        else:
            self.untranslated("check-email", language)

    def tour_customer(self, language=None):
        self.visit("/tickets", "tickets", True, language=language)
        ticket = self.driver.execute_script("const a = document.querySelector('tr.ticket a'); return a ? a.getAttribute('href') : null;")
        self.need(ticket is not None, "the customer's list links to a ticket")
        self.visit(ticket, "ticket", True, language=language)
        self.visit("/tickets/new", "new-ticket", True, language=language)
        # A refused form: errors next to the fields and in the summary.
        self.submit_form({"input#subject": "   ", "textarea#body": "Design check"}, "#submit-ticket")
        self.check(self.one("#form-error") is not None, f"{self.size} the refused form shows its error summary")
        if language is None:
            self.page("new-ticket-errors", True)
            field = self.one("input#subject")
            self.check(
                field is not None and field.get_attribute("aria-invalid") == "true"
                and "subject-error" in (field.get_attribute("aria-describedby") or ""),
                f"{self.size} the subject field is marked invalid and described by its error",
            )
        else:
            self.untranslated("new-ticket-errors", language)
        self.visit("/account/password", "password", True, language=language)
        self.visit("/tickets/999999999", "not-found", True, language=language)

    def tour_agent(self, language=None):
        self.visit("/agent/tickets", "inbox", True, agent=True, language=language)
        ticket = self.driver.execute_script("const a = document.querySelector('tr.ticket a'); return a ? a.getAttribute('href') : null;")
        self.need(ticket is not None, "the inbox links to a ticket")
        self.visit(ticket, "agent-ticket", True, agent=True, language=language)

    def phone_menu(self):
        """The phone's Menu opens the navigation, the languages and the account."""
        self.go("/tickets")
        self.one(".menu-button").click()
        shown = self.driver.execute_script(
            "return ['#nav-tickets', '#nav-new-ticket', '#lang-fi', '#nav-password'].every(s => "
            "{const e = document.querySelector(s); return e && e.checkVisibility({visibilityProperty: true});});"
        )
        self.check(shown, "phone: Menu opens the navigation, the languages and the password link")
        self.driver.save_screenshot(os.path.join(self.shots, f"phone-{self.session}-menu.png"))
        self.click("#nav-new-ticket")
        self.check(self.path() == "/tickets/new", "phone: a link in the opened menu works", self.path())

    def set_language(self, language):
        self.go(f"/language?lang={language}&return_to=%2Flogin")

    def run(self):
        for size in SIZES:
            self.start_sized(f"anonymous-{size}", size)
            self.tour_anonymous()
            self.start_sized(f"customer-{size}", size)
            self.sign_in(CUSTOMER)
            self.tour_customer()
            if size == "phone":
                self.phone_menu()
            self.start_sized(f"agent-{size}", size)
            self.sign_in(AGENT)
            self.tour_agent()
        for language in ("fi", "de"):
            self.start_sized(f"anonymous-{language}", "desktop")
            self.set_language(language)
            self.tour_anonymous(language)
            self.start_sized(f"customer-{language}", "desktop")
            self.set_language(language)
            self.sign_in(CUSTOMER)
            self.tour_customer(language)
            self.start_sized(f"agent-{language}", "desktop")
            self.set_language(language)
            self.sign_in(AGENT)
            self.tour_agent(language)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", required=True)
    ap.add_argument("--customer-password-file", required=True)
    ap.add_argument("--agent-password-file", required=True)
    ap.add_argument("--texts", required=True, help="Sources/GatehouseApp/Views/PageTexts+English.swift")
    ap.add_argument("--work", required=True)
    ap.add_argument("--result", required=True)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args(argv)
    try:
        os.setsid()
    except OSError:
        pass
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    design = Design(args)
    try:
        design.run()
    except Abort:
        pass
    except WebDriverException as e:
        first_line = (e.msg or str(e)).strip().splitlines()[0] if (e.msg or str(e)).strip() else type(e).__name__
        design.check(False, f"the browser failed: {type(e).__name__}: {first_line}")
    except Exception as e:
        design.check(False, f"the design tour broke: {type(e).__name__}: {e}")
        import traceback

        traceback.print_exc()
    finally:
        design.quit()
        with open(args.result, "w") as f:
            json.dump({"checks": design.checks, "failures": design.failures}, f)
    return 1 if design.failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
