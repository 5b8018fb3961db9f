#!/usr/bin/env python3
"""The customer portal and the agent inbox in a real browser: headless Chromium driven through WebDriver.

Run by portal-browser.sh (which seeds the demo data, starts `gatehouse serve` and provides a virtualenv with
selenium); not meant to be run alone:

  portal_browser.py --base URL --token-file F --customer-password-file F --agent-password-file F
                    --api-ticket ID --work DIR --result FILE [--verbose]

What the scenario must know it asks the JSON API first (bearer token): the customer's tickets, the stranger's,
and the internal notes of the ticket it replies to. Then three browser sessions, each with a fresh profile:
the customer (list, filters, search, sort, pagination, a conversation without its notes, an empty and a real
reply, filing a ticket, Finnish, another contact's ticket, sign-out), the agent (inbox order, a note, a public
answer, closing the ticket) and the customer again (the answer is there, the notes are not, the ticket is closed).

Failures are printed as `FAIL: ...` on stderr, each with a screenshot and the page source saved under
WORK/failures/. A failed step the rest depends on (a sign-in, say) ends the scenario. --result gets
{"checks": N, "failures": M, "facts": {...}} with the ids and texts the shell script cross-checks through the API.
Exit status: 0 when every check passed, 1 otherwise, 2 when the browser could not be started.
"""

import argparse
import html
import json
import os
import secrets
import re
import signal
import sys
import time
import urllib.parse
import urllib.request
from datetime import datetime, timedelta, timezone

from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
CUSTOMER = "demo@gatehouse.test"
AGENT = "agent@gatehouse.test"
STRANGER = "stranger@example.test"
FINNISH_TIME = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{4} klo \d{1,2}\.\d{2}$")
WAIT = 10  # seconds for a page to load after a click
NO_PROXY = urllib.request.build_opener(
    urllib.request.ProxyHandler({})
)  # the server is on loopback, like Chromium's --no-proxy-server


class Abort(Exception):
    """A step the rest of the scenario depends on failed (already counted and reported)."""


def words(text):
    return " ".join(text.split())


def instant(iso):
    return datetime.fromisoformat(iso.replace("Z", "+00:00"))


class Scenario:
    def __init__(self, args):
        self.base = args.base.rstrip("/")
        self.work = args.work
        self.verbose = args.verbose
        self.token = read(args.token_file)
        self.passwords = {CUSTOMER: read(args.customer_password_file), AGENT: read(args.agent_password_file)}
        self.api_ticket = args.api_ticket
        self.checks = 0
        self.failures = 0
        self.saved = 0
        self.driver = None
        self.session = "api"
        self.facts = {}
        self.nonce = time.strftime("%H%M%S") + f"-{os.getpid()}"

    # ---- checks and failure evidence ----

    def check(self, ok, what, seen=None):
        """Counts a check; a failure is printed with what was seen, plus a screenshot and the page source."""
        self.checks += 1
        if ok:
            if self.verbose:
                print(f"  ok  [{self.session}] {what}", file=sys.stderr)
            return True
        self.failures += 1
        detail = f" — saw: {str(seen)[:500]}" if seen is not None else ""
        try:
            where = f" (at {self.driver.current_url})" if self.driver else ""
        except WebDriverException:
            where = " (the browser is gone)"
        print(f"FAIL: [{self.session}] {what}{where}{detail}{self.evidence(what)}", file=sys.stderr)
        return False

    def need(self, ok, what, seen=None):
        """A check the following steps depend on: a failure ends the scenario."""
        if not self.check(ok, what, seen):
            raise Abort(what)

    def evidence(self, what):
        if self.driver is None:
            return ""
        self.saved += 1
        folder = os.path.join(self.work, "failures")
        os.makedirs(folder, exist_ok=True)
        stem = os.path.join(
            folder, f"{self.saved:02d}-{self.session}-" + re.sub(r"[^A-Za-z0-9]+", "-", what)[:50].strip("-")
        )
        try:
            self.driver.save_screenshot(stem + ".png")
            with open(stem + ".html", "w") as f:
                f.write(self.driver.page_source)
        except WebDriverException as e:
            return f" [no screenshot: {e.msg}]"
        return f" [screenshot and page source: {stem}.png, .html]"

    # ---- the JSON API (what the scenario must know beforehand) ----

    def api(self, path, **query):
        url = f"{self.base}/api/v1/{path}" + (("?" + urllib.parse.urlencode(query)) if query else "")
        request = urllib.request.Request(
            url, headers={"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
        )
        with NO_PROXY.open(request, timeout=10) as response:
            return json.load(response)

    def api_tickets(self, **query):
        """Every ticket of a listing, all pages, in the API's order."""
        tickets, page = [], 1
        while True:
            listing = self.api("tickets", page=page, **query)
            tickets += listing["tickets"]
            if page >= listing["page_count"]:
                return tickets
            page += 1

    # ---- the browser ----

    def start(self, session):
        """A new browser with a fresh profile: no cookies, no language choice, nothing cached."""
        self.quit()
        self.session = session
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        profile = os.path.join(self.work, f"chromium-profile-{session}")
        for argument in (
            "--headless=new",
            "--no-sandbox",
            "--disable-dev-shm-usage",
            f"--user-data-dir={profile}",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-sync",
            "--disable-component-update",
            "--window-size=1280,1000",
            "--lang=en-US",
            "--no-proxy-server",
        ):
            options.add_argument(argument)
        options.add_experimental_option("prefs", {"intl.accept_languages": "en-US,en"})
        # Naming the driver keeps selenium-manager from looking for (and downloading) one.
        self.driver = webdriver.Chrome(
            service=Service(executable_path=CHROMEDRIVER, log_output=os.path.join(self.work, "chromedriver.log")),
            options=options,
        )
        self.driver.set_page_load_timeout(20)

    def quit(self):
        if self.driver is not None:
            try:
                self.driver.quit()
            except WebDriverException:
                pass
            self.driver = None

    def go(self, path):
        self.driver.get(self.base + path)

    def click_and_load(self, element):
        """Clicks a link or a submit button and waits until the next page has replaced this one.

        "The old <html> went stale" alone is not enough: Chrome may report it while the old document is still
        the one scripts and element lookups see, and an element found then belongs to a document about to be
        replaced ("Node with given id does not belong to the document"). So the old window is marked before the
        click, and the wait ends only when a script runs in a window without the mark (a new document) whose
        readyState is complete."""
        mark = f"gatehouseOldPage{secrets.token_hex(4)}"
        self.driver.execute_script(f"window.{mark} = true;")
        name = element_name(element)
        element.click()
        try:
            WebDriverWait(self.driver, WAIT, ignored_exceptions=(WebDriverException,)).until(
                lambda d: d.execute_script(f"return window.{mark} !== true && document.readyState === 'complete';")
            )
        except TimeoutException:
            self.need(False, f"a new page loads within {WAIT} s after clicking {name}")

    def click(self, css):
        try:
            element = self.driver.find_element(By.CSS_SELECTOR, css)
        except NoSuchElementException:
            self.need(False, f"the page has {css} to click")
        self.click_and_load(element)

    def submit_form(self, values, button):
        """Types values ({css: text}) into the form fields and clicks the button, like a user."""
        for css, text in values.items():
            field = self.driver.find_element(By.CSS_SELECTOR, css)
            field.clear()
            field.send_keys(text)
        self.click(button)

    def one(self, css):
        found = self.driver.find_elements(By.CSS_SELECTOR, css)
        return found[0] if found else None

    def text(self, css):
        element = self.one(css)
        return words(element.text) if element is not None else None

    def path(self):
        return urllib.parse.urlsplit(self.driver.current_url).path

    def query(self):
        return urllib.parse.parse_qs(urllib.parse.urlsplit(self.driver.current_url).query)

    def status(self):
        """The HTTP status of the document shown (Navigation Timing's responseStatus; a redirect's target's)."""
        return self.driver.execute_script(
            "const n = performance.getEntriesByType('navigation')[0]; return n ? n.responseStatus : null;"
        )

    def body_text(self):
        return words(self.driver.find_element(By.TAG_NAME, "body").text)

    def rows(self):
        """The ticket table's rows on this page: id, subject, link, created, last activity, status class and text.
        (Read in one script call: a WebDriver round trip per cell would make the suite several times slower.)"""
        return self.driver.execute_script("""
            const text = e => e ? e.textContent.split(/\\s+/).filter(Boolean).join(' ') : null;
            return [...document.querySelectorAll('table.tickets tr.ticket')].map(row => {
                const times = [...row.querySelectorAll('time[datetime]')], link = row.querySelector('a'),
                      status = row.querySelector('span.status');
                return {id: Number(row.dataset.id), subject: text(link), href: link ? link.href : null,
                        created: times.length ? times[0].getAttribute('datetime') : null,
                        activity: times.length ? times[times.length - 1].getAttribute('datetime') : null,
                        times: times.map(text), status_class: status ? status.className : '', status: text(status)};
            });""")

    def all_rows(self):
        """The rows of this listing on every page, following #next-page; ends on the last page."""
        rows, pages = self.rows(), 1
        while self.one("#next-page") is not None and pages < 20:
            self.click("#next-page")
            rows += self.rows()
            pages += 1
        return rows, pages

    def conversation(self):
        """The conversation's messages in page order: classes, time[datetime] and the body's text."""
        return self.driver.execute_script("""
            return [...document.querySelectorAll('ol.conversation li.message')].map(item => {
                const time = item.querySelector('time[datetime]'), body = item.querySelector('.body');
                return {classes: [...item.classList], time: time ? time.getAttribute('datetime') : null,
                        body: body ? body.textContent.split(/\\s+/).filter(Boolean).join(' ') : ''};
            });""")

    def last_activity(self):
        """The ticket page's Last activity: the time[datetime] in the dd after the dt "Last activity" (English pages)."""
        found = self.driver.find_elements(
            By.XPATH,
            "//dl[@class='ticket-facts']/dt[normalize-space()='Last activity']"
            "/following-sibling::dd[1]//time[@datetime]",
        )
        self.need(found != [], "the ticket page shows Last activity with a time[datetime]")
        return found[0].get_attribute("datetime")

    def sign_in(self, email):
        self.go("/login")
        self.need(
            self.one("input[name=email]") is not None and self.one("input[name=password]") is not None,
            "GET /login shows the sign-in form",
            self.body_text()[:200],
        )
        self.submit_form(
            {"input[name=email]": email, "input[name=password]": self.passwords[email]},
            "form[action$='/login'] button[type=submit]",
        )
        self.need(
            self.path() == "/tickets",
            f"{email} signs in through the form and lands on /tickets",
            f"{self.path()} status {self.status()}, reason code {self.text('code.reason')}, page: {self.body_text()[:160]}",
        )

    def sign_out(self):
        self.click("#logout")
        self.check(self.path() == "/login", "the sign-out button leads to /login", self.path())
        self.go("/tickets")
        self.check(
            self.path() == "/login" and self.query().get("return_to") == ["/tickets"],
            "after signing out, /tickets redirects to /login (return_to=/tickets)",
            self.driver.current_url,
        )

    # ---- the scenario ----

    def run(self):
        self.page_size = self.api("tickets", contact=CUSTOMER)["page_size"]
        mine = self.api_tickets(contact=CUSTOMER)
        theirs = self.api_tickets(contact=STRANGER)
        self.need(
            len(mine) > self.page_size and len(theirs) > 0,
            "the API lists the seeded tickets: more than a page for the customer, some for the stranger",
            f"{len(mine)} and {len(theirs)}, page size {self.page_size}",
        )
        self.mine = {t["id"]: t for t in mine}
        self.theirs = {t["id"]: t for t in theirs}
        self.need(
            self.api_ticket in self.mine,
            f"the API-created ticket {self.api_ticket} is among the customer's",
            sorted(self.mine),
        )
        # The ticket to reply to: the customer's alone, open, with internal notes to keep out of the portal.
        for ticket in mine:
            conversation = self.api(f"tickets/{ticket['id']}")
            notes = [m["body"] for m in conversation["messages"] if m["kind"] == "note"]
            if ticket["status"] == "open" and notes and [c["email"] for c in conversation["contacts"]] == [CUSTOMER]:
                self.target, self.target_api, self.notes = ticket, conversation, notes
                break
        else:
            self.need(False, "the demo data has an open ticket of the customer's alone with internal notes")
        self.facts["reply_ticket"] = self.target["id"]

        self.start("customer")
        self.customer_list()
        self.customer_conversation()
        self.customer_files_ticket()
        self.customer_finnish()
        self.customer_elsewhere()
        self.sign_out()

        self.start("agent")
        self.agent()

        self.start("customer-again")
        self.customer_sees_answer()

    def customer_list(self):
        self.sign_in(CUSTOMER)
        self.check(
            self.text("main h1") == "Your tickets", 'the list\'s heading is "Your tickets"', self.text("main h1")
        )
        brand = self.one("header a.brand")
        self.check(
            brand is not None and brand.find_elements(By.CSS_SELECTOR, "img") != [],
            "the header has the brand link with its logo",
        )
        logo = self.driver.execute_script(
            "const i = document.querySelector('a.brand img'); return i ? [i.complete, i.naturalWidth] : null;"
        )
        self.check(logo is not None and logo[0] and logo[1] > 0, "the logo image loads", logo)
        self.check(
            all(
                self.one(css) is not None
                for css in ("#nav-tickets", "#nav-new-ticket", "#lang-fi", "#lang-de", "#logout")
            ),
            "the header has #nav-tickets, #nav-new-ticket, #lang-fi, #lang-de and #logout",
        )
        self.check(self.one("#nav-agent-inbox") is None, "a customer has no agent inbox link")
        self.check(
            self.one("#lang-en") is None and self.one("nav.languages strong[lang=en]") is not None,
            "English, the current language, is shown as text, not as a link",
        )

        rows, pages = self.all_rows()
        ids = [r["id"] for r in rows]
        want_pages = -(-len(self.mine) // self.page_size)
        self.check(
            pages == want_pages and len(ids) == len(set(ids)),
            f"the customer's {len(self.mine)} tickets fill {want_pages} pages without repeats",
            (pages, ids),
        )
        self.check(
            set(ids) == set(self.mine),
            "the list (both pages) shows exactly the customer's tickets",
            {"missing": sorted(set(self.mine) - set(ids)), "extra": sorted(set(ids) - set(self.mine))},
        )
        self.check(
            not set(ids) & set(self.theirs),
            "none of the stranger's tickets is listed",
            sorted(set(ids) & set(self.theirs)),
        )
        self.check(self.one("#previous-page") is not None, "the last page links to the previous one")
        self.click("#previous-page")
        first = self.rows()
        self.check(
            self.query().get("page", ["1"]) == ["1"] and first and first[0]["id"] == self.api_ticket,
            "back on page 1, the API-created ticket is first (newest activity)",
            [r["id"] for r in first][:3],
        )
        page_text = self.body_text()
        leaked = [t["subject"] for t in self.theirs.values() if t["subject"] in page_text]
        self.check(not leaked, "no subject of the stranger's tickets appears on the page", leaked)
        activity = [instant(r["activity"]) for r in first]
        self.check(
            activity == sorted(activity, reverse=True),
            "rows are sorted by last activity, newest first",
            [r["activity"] for r in first][:6],
        )
        api_row = next((r for r in first if r["id"] == self.api_ticket), None)
        self.check(
            api_row is not None and api_row["subject"] == self.mine[self.api_ticket]["subject"],
            "the API-created ticket is listed with its subject",
            api_row,
        )

        for status in ("closed", "open"):
            self.filter(status=status)
            rows, _ = self.all_rows()
            want = {i for i, t in self.mine.items() if t["status"] == status}
            label = status.capitalize()
            self.check(
                {r["id"] for r in rows} == want,
                f"Show {label}: exactly the customer's {status} tickets",
                {"missing": sorted(want - {r["id"] for r in rows}), "extra": sorted({r["id"] for r in rows} - want)},
            )
            wrong = [r for r in rows if r["status_class"].split() != ["status", status] or r["status"] != label]
            self.check(rows and not wrong, f'Show {label}: every row has span.status.{status} "{label}"', wrong[:3])
            self.check(
                Select(self.one("select#status")).first_selected_option.get_attribute("value") == status,
                f"Show {label} stays selected on the result page",
            )

        # Search covers subjects and public messages, for the customer's tickets only.
        self.filter(status="all", q="printer")
        rows = self.rows()
        want = {t["id"] for t in self.api_tickets(contact=CUSTOMER, q="printer")}
        self.check(
            want and {r["id"] for r in rows} == want,
            'searching "printer" lists the customer\'s matching tickets',
            ([r["id"] for r in rows], sorted(want)),
        )
        self.check(
            any("printer" in r["subject"].lower() for r in rows),
            'the match on "printer" includes a subject with the word',
            [r["subject"] for r in rows],
        )
        stranger_printer = [i for i, t in self.theirs.items() if "printer" in t["subject"].lower()]
        self.check(
            not {r["id"] for r in rows} & set(stranger_printer),
            "the stranger's printer ticket is not found",
            stranger_printer,
        )
        self.check(self.one("input#search").get_attribute("value") == "printer", "the search box keeps the query")

        self.filter(q=f"zqxv-{self.nonce}")
        self.check(
            self.rows() == [] and self.one("p#empty") is not None and self.text("p#empty"),
            "a search without matches shows the empty state p#empty",
            self.body_text()[:200],
        )
        self.filter(q=self.notes[0])
        self.check(
            self.rows() == [] and self.one("p#empty") is not None,
            "searching the text of an internal note finds nothing",
            [r["id"] for r in self.rows()],
        )

        self.filter(q="", sort="created")
        rows = self.rows()
        created = [instant(r["created"]) for r in rows]
        self.check(
            len(rows) == min(self.page_size, len(self.mine)) and created == sorted(created, reverse=True),
            "Sort by Created: newest created first",
            [r["created"] for r in rows][:6],
        )
        self.check(
            Select(self.one("select#sort")).first_selected_option.get_attribute("value") == "created",
            "Sort by Created stays selected",
        )

    def filter(self, status=None, sort=None, q=None):
        """Sets the list's filters like a user (select, type) and clicks Search."""
        if status is not None:
            Select(self.one("select#status")).select_by_value(status)
        if sort is not None:
            Select(self.one("select#sort")).select_by_value(sort)
        if q is not None:
            box = self.one("input#search")
            box.clear()
            box.send_keys(q)
        self.click("#search-button")
        self.need(
            self.path() == "/tickets" and self.status() == 200,
            "the filter form answers with the ticket list",
            (self.driver.current_url, self.status()),
        )

    def customer_conversation(self):
        target = self.target
        self.click("#nav-tickets")
        self.filter(q=target["subject"])
        link = self.one(f"tr.ticket[data-id='{target['id']}'] a")
        self.need(
            link is not None, f"searching its subject lists ticket {target['id']}", [r["id"] for r in self.rows()]
        )
        self.click_and_load(link)
        self.need(
            self.path() == f"/tickets/{target['id']}" and self.status() == 200, "the subject links to the ticket page"
        )
        self.check(
            self.text("h1#ticket-subject") == target["subject"],
            "h1#ticket-subject is the subject",
            self.text("h1#ticket-subject"),
        )
        self.check(
            self.text("#ticket-status") == "Open"
            and "open" in self.one("#ticket-status").get_attribute("class").split(),
            "#ticket-status says Open",
            self.text("#ticket-status"),
        )
        messages = self.conversation()
        public = [m for m in self.target_api["messages"] if m["kind"] == "public"]
        times = [instant(m["time"]) for m in messages if m["time"]]
        self.check(
            len(times) == len(messages) and times == sorted(times),
            "the conversation is oldest first (time[datetime] ascending)",
            [m["time"] for m in messages],
        )
        self.check(
            [m["body"] for m in messages] == [words(m["body"]) for m in public],
            "the conversation shows the ticket's public messages, in order",
            [m["body"][:40] for m in messages],
        )
        self.check(any("agent" in m["classes"] for m in messages), "the agent's answers are li.message.agent")
        self.assert_no_notes("the ticket page")
        self.before_reply = self.last_activity()

        # Spaces and line breaks only (no tab: typed, it would move the focus out of the textarea).
        self.submit_form({"textarea#reply-body": "   \n  \n "}, "#send-reply")
        self.check(self.status() == 422, "a whitespace-only reply answers 422", self.status())
        error = self.text("div#form-error")
        self.check(
            error is not None and "ticket.message_empty" in error,
            "div#form-error gives the reason ticket.message_empty",
            error,
        )
        self.check(
            len(self.conversation()) == len(messages), "the empty reply added no message", len(self.conversation())
        )
        self.assert_no_notes("the refused reply's page")

        reply = f"Browser reply {self.nonce}: the printer still jams, see attachment."
        self.facts["reply_text"] = reply
        sent_at = datetime.now(timezone.utc)
        self.submit_form({"textarea#reply-body": reply}, "#send-reply")
        self.check(
            self.path() == f"/tickets/{target['id']}" and self.query().get("sent") == ["1"] and self.status() == 200,
            "the reply redirects to /tickets/ID?sent=1",
            self.driver.current_url,
        )
        self.check(self.text("p#notice"), "p#notice confirms the reply", self.body_text()[:200])
        after = self.conversation()
        self.check(
            len(after) == len(messages) + 1
            and after[-1]["body"] == words(reply)
            and "agent" not in after[-1]["classes"],
            "the reply is the last message, as the customer's",
            [m["body"][:40] for m in after[-2:]],
        )
        activity = self.last_activity()
        reply_time = instant(after[-1]["time"]) if after and after[-1]["time"] else None
        self.check(
            instant(activity) > instant(self.before_reply)
            and reply_time
            and instant(activity) >= reply_time
            and abs(reply_time - sent_at) < timedelta(minutes=2),
            "Last activity moved to the reply's time (now)",
            (self.before_reply, activity, after[-1]["time"] if after else None),
        )
        self.assert_no_notes("the page after replying")

        self.click("#nav-tickets")
        first = self.rows()
        self.check(
            first and first[0]["id"] == target["id"],
            "the replied ticket is now first in the list",
            [r["id"] for r in first][:3],
        )

    def assert_no_notes(self, where):
        self.check(self.one("li.message.note") is None, f"{where} has no li.message.note")
        text, source = self.body_text(), self.driver.page_source
        leaked = [n for n in self.notes if words(n) in text or html.escape(n, quote=False) in source or n in source]
        self.check(not leaked, f"{where} does not contain the text of an internal note", leaked)

    def customer_files_ticket(self):
        self.click("#nav-new-ticket")
        self.need(
            self.path() == "/tickets/new" and self.one("input#subject") is not None,
            "#nav-new-ticket opens the new ticket form",
        )
        body = f"Browser ticket body {self.nonce}\nSteps: open the dashboard, click Export."
        # An empty subject: the browser itself refuses (the field is required) and stays on the form.
        field = self.one("textarea#body")
        field.send_keys(body)
        self.one("#submit-ticket").click()
        missing = self.driver.execute_script("return document.getElementById('subject').validity.valueMissing;")
        self.check(
            self.path() == "/tickets/new" and missing,
            "with an empty subject the browser does not submit (required field)",
            (self.path(), missing),
        )
        # A subject of spaces passes the browser and is refused by the server, keeping what was typed.
        self.submit_form({"input#subject": "   "}, "#submit-ticket")
        self.check(self.status() == 422, "a blank subject answers 422", self.status())
        error = self.text("div#form-error")
        self.check(
            error is not None and "ticket.subject_missing" in error,
            "div#form-error names ticket.subject_missing",
            error,
        )
        kept = self.one("textarea#body")
        self.check(
            kept is not None and kept.get_attribute("value").replace("\r\n", "\n").strip() == body,
            "the typed description is kept",
            kept.get_attribute("value") if kept else None,
        )

        subject = f"Browser ticket {self.nonce}"
        self.facts["new_subject"] = subject
        self.submit_form({"input#subject": subject}, "#submit-ticket")
        match = re.fullmatch(r"/tickets/(\d+)", self.path())
        self.need(
            match and self.query().get("filed") == ["1"] and self.status() == 200,
            "filing redirects to /tickets/NEW_ID?filed=1",
            self.driver.current_url,
        )
        new_id = int(match.group(1))
        self.facts["new_ticket"] = new_id
        self.check(new_id not in self.mine and new_id not in self.theirs, "the new ticket has a new id", new_id)
        self.check(self.text("p#notice"), "p#notice confirms the new ticket")
        self.check(
            self.text("h1#ticket-subject") == subject and self.text("#ticket-status") == "Open",
            "the new ticket page shows the subject, Open",
            (self.text("h1#ticket-subject"), self.text("#ticket-status")),
        )
        messages = self.conversation()
        self.check(
            len(messages) == 1 and messages[0]["body"] == words(body),
            "the description is the first message",
            [m["body"][:60] for m in messages],
        )
        self.click("#nav-tickets")
        first = self.rows()
        self.check(
            first and first[0]["id"] == new_id and first[0]["subject"] == subject and first[0]["status"] == "Open",
            "the new ticket is at the top of the list",
            first[:1],
        )

    def customer_finnish(self):
        self.click("#lang-fi")
        self.check(self.path() == "/tickets", "#lang-fi returns to the same page", self.driver.current_url)
        self.check(self.driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fi", "<html lang=fi>")
        self.check(self.text("main h1") == "Tikettisi", 'the heading is "Tikettisi"', self.text("main h1"))
        self.check(
            self.text("#nav-new-ticket") == "Tee tukipyyntö",
            'the nav says "Tee tukipyyntö"',
            self.text("#nav-new-ticket"),
        )
        self.check(
            self.one("#lang-en") is not None and self.one("#lang-fi") is None, "Suomi is current; English is a link"
        )
        rows = self.rows()
        names = {"open": "Avoin", "closed": "Suljettu"}
        wrong = [r for r in rows if r["status"] != names.get(r["status_class"].split()[-1])]
        self.check(rows and not wrong, "statuses read Avoin / Suljettu", wrong[:2])
        bad_times = [t for r in rows for t in r["times"] if not FINNISH_TIME.match(t)]
        self.check(rows and not bad_times, "dates read like 22.9.2026 klo 14.21", bad_times[:3])
        cookie = self.driver.get_cookie("gatehouse_lang")
        self.check(
            cookie is not None and cookie["value"] == "fi", "the choice is kept in the gatehouse_lang cookie", cookie
        )
        # It stays Finnish on the next pages.
        self.click(f"tr.ticket[data-id='{self.facts['new_ticket']}'] a")
        self.check(
            self.driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fi"
            and self.text("#ticket-status") == "Avoin",
            "the ticket page is in Finnish too (Avoin)",
            self.text("#ticket-status"),
        )
        times = [t.text for t in self.driver.find_elements(By.CSS_SELECTOR, "main time[datetime]")]
        self.check(
            times and all(FINNISH_TIME.match(words(t)) for t in times), "the ticket page's dates are Finnish", times[:3]
        )
        self.click("#nav-new-ticket")
        self.check(
            self.driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fi"
            and self.text("#nav-tickets") == "Tiketit",
            "the new ticket form is in Finnish too",
            self.text("#nav-tickets"),
        )

    def customer_elsewhere(self):
        for ticket_id, ticket in sorted(self.theirs.items())[:1]:
            self.go(f"/tickets/{ticket_id}")
            self.check(
                self.status() == 404, f"another contact's ticket /tickets/{ticket_id} answers 404", self.status()
            )
            self.check(
                self.text("code.reason") == "ticket.not_found",
                "its page names ticket.not_found",
                self.text("code.reason"),
            )
            self.check(ticket["subject"] not in self.driver.page_source, "the 404 page does not show the subject")
        self.go(f"/agent/tickets/{self.target['id']}")
        self.check(
            self.status() == 403 and self.text("code.reason") == "access.agent_only",
            "a customer opening the agent view of their own ticket gets 403 access.agent_only",
            (self.status(), self.text("code.reason")),
        )
        self.assert_no_notes("the refused agent view")
        self.go("/tickets")

    def agent(self):
        target, new_id = self.target["id"], self.facts["new_ticket"]
        self.sign_in(AGENT)
        self.need(self.one("#nav-agent-inbox") is not None, "an agent has the #nav-agent-inbox link")
        self.click("#nav-agent-inbox")
        self.need(self.path() == "/agent/tickets", "#nav-agent-inbox opens /agent/tickets", self.path())
        rows = self.rows()
        self.check(
            [r["id"] for r in rows[:2]] == [new_id, target],
            "the inbox starts with the new ticket, then the replied one (newest activity first)",
            [r["id"] for r in rows[:4]],
        )
        self.check(
            any(r["id"] in self.theirs for r in self.all_rows()[0]),
            "the inbox lists every contact's tickets (the stranger's too)",
        )
        self.go("/agent/tickets")
        link = self.one(f"tr.ticket[data-id='{target}'] a")
        self.need(
            link is not None and link.get_attribute("href").endswith(f"/agent/tickets/{target}"),
            "inbox rows link to /agent/tickets/ID",
            link.get_attribute("href") if link else None,
        )
        self.click_and_load(link)
        messages = self.conversation()
        self.check(
            any(m["body"] == words(self.facts["reply_text"]) and "agent" not in m["classes"] for m in messages),
            "the agent sees the customer's reply",
            [m["body"][:40] for m in messages],
        )
        self.check(
            any(m["body"] == words(self.notes[0]) and "note" in m["classes"] for m in messages),
            "the agent sees the existing internal note as li.message.note",
        )

        note = f"Agent note {self.nonce}: customer is on the legacy firmware, do not tell them yet."
        self.facts["agent_note"] = note
        self.notes.append(note)
        self.choose("#kind-note")
        self.submit_form({"textarea#reply-body": note}, "#send-reply")
        last = self.conversation()[-1:]
        self.check(
            self.query().get("sent") == ["1"]
            and last
            and last[0]["body"] == words(note)
            and "note" in last[0]["classes"],
            "the internal note is posted and shown as li.message.note",
            (self.driver.current_url, last),
        )

        answer = f"Agent answer {self.nonce}: a firmware update fixes it, closing this ticket."
        self.facts["agent_answer"] = answer
        self.choose("#kind-public")
        self.submit_form({"textarea#reply-body": answer}, "#send-reply")
        last = self.conversation()[-1:]
        self.check(
            last
            and last[0]["body"] == words(answer)
            and "agent" in last[0]["classes"]
            and "note" not in last[0]["classes"],
            "the public answer is posted as li.message.agent",
            last,
        )

        Select(self.one("select#stage")).select_by_value("closed")
        self.click("#save-stage")
        self.check(
            self.path() == f"/agent/tickets/{target}" and self.status() == 200,
            "saving the stage returns to the ticket",
            (self.driver.current_url, self.status()),
        )
        self.check(
            self.text("#ticket-stage") == "Closed"
            and "closed" in self.one("#ticket-status").get_attribute("class").split(),
            "the ticket is in stage Closed (its label, not the code), status Closed",
            (self.text("#ticket-stage"), self.text("#ticket-status")),
        )
        self.sign_out()

    def choose(self, css):
        """Clicks a radio button."""
        radio = self.one(css)
        self.need(radio is not None, f"the reply form has {css}")
        radio.click()
        self.check(radio.is_selected(), f"{css} is selected")

    def customer_sees_answer(self):
        target = self.target["id"]
        self.sign_in(CUSTOMER)
        self.check(self.text("main h1") == "Your tickets", "a fresh session is in English again", self.text("main h1"))
        self.filter(status="closed")
        link = f"tr.ticket[data-id='{target}'] a"
        self.need(self.one(link) is not None, "the closed ticket is listed under Show Closed", [r["id"] for r in self.rows()])
        self.click(link)
        messages = self.conversation()
        self.check(
            [m["body"] for m in messages[-2:]] == [words(self.facts["reply_text"]), words(self.facts["agent_answer"])],
            "the customer sees their reply, then the agent's answer, last",
            [m["body"][:40] for m in messages[-2:]],
        )
        self.check(messages and "agent" in messages[-1]["classes"], "the answer is marked as the support team's")
        self.check(
            self.text("#ticket-status") == "Closed"
            and "closed" in self.one("#ticket-status").get_attribute("class").split(),
            "the ticket shows status Closed",
            self.text("#ticket-status"),
        )
        self.assert_no_notes("the closed ticket's page")
        self.sign_out()


def element_name(element):
    try:
        return (
            "#" + element.get_attribute("id")
            if element.get_attribute("id")
            else f"<{element.tag_name}> {words(element.text)[:30]!r}"
        )
    except WebDriverException:
        return "an element"


def read(path):
    with open(path) as f:
        return f.read().strip()


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", required=True, help="the server, e.g. http://127.0.0.1:8080")
    ap.add_argument("--token-file", required=True, help="an API bearer token")
    ap.add_argument("--customer-password-file", required=True)
    ap.add_argument("--agent-password-file", required=True)
    ap.add_argument(
        "--api-ticket", type=int, required=True, help="the id of a ticket created for the customer through the API"
    )
    ap.add_argument("--work", required=True, help="browser profiles, the chromedriver log and failure evidence go here")
    ap.add_argument("--result", required=True, help="where to write {checks, failures, facts} as JSON")
    ap.add_argument("--verbose", action="store_true", help="print passing checks too")
    args = ap.parse_args(argv)
    return run_scenario(Scenario(args), args.result)


def run_scenario(scenario, result):
    """Runs `scenario` (a Scenario) to its end and writes {checks, failures, facts} as JSON to `result`; returns
    the exit status: 0, 1 when a check failed, 2 when the browser did not start. portal_browser.py's and
    mail_browser.py's main."""
    # A process group of our own holds Chromium and chromedriver, so the shell script can end all of them by its
    # id; SIGTERM (its cleanup) unwinds through `finally`, which quits them properly first. The browser starts
    # in scenario.run(), after this.
    try:
        os.setsid()
    except OSError:
        pass  # already a process group leader
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    code = 0
    try:
        scenario.run()
    except Abort:
        pass
    except WebDriverException as e:
        first_line = (e.msg or str(e)).strip().splitlines()[0] if (e.msg or str(e)).strip() else type(e).__name__
        if scenario.driver is None:
            scenario.check(False, f"Chromium ({CHROMIUM}) starts through {CHROMEDRIVER}: {first_line}")
            code = 2
        else:
            scenario.check(False, f"the browser failed: {type(e).__name__}: {first_line}")
    except Exception as e:  # report where the scenario broke, with evidence, instead of a bare traceback
        scenario.check(False, f"the scenario broke: {type(e).__name__}: {e}")
        import traceback

        traceback.print_exc()
    finally:
        scenario.quit()
        with open(result, "w") as f:
            json.dump({"checks": scenario.checks, "failures": scenario.failures, "facts": scenario.facts}, f)
    if code == 0 and scenario.failures:
        code = 1
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
