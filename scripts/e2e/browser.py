#!/usr/bin/env python3
"""A scripted browser for SAML end-to-end tests, standard library only.

It keeps cookies, follows redirects, fills the IdP's username/password form and handles the HTTP-POST binding
form (SAMLResponse/SAMLRequest + RelayState) that a real browser would auto-submit with JavaScript. It prints one
JSON object on stdout describing where it ended up.

  browser.py login --start URL [--username U --password P] [--stop-at-post-to URL_PREFIX]
  browser.py idp-initiated (--idp-url BASE --sp-entity-id ID [--relay-state RS] | --start URL) [same options]
  browser.py get URL
  browser.py form URL [--action PATH] [--set NAME=VALUE ...] [--check NAME ...] [--drop NAME ...]
                    [--no-origin | --origin O]
  browser.py post URL [--field NAME=VALUE|NAME=@FILE ...] [--origin ORIGIN]

Common options: --cookie-jar FILE (Netscape format, loaded and saved, so separate runs share one browser
session), --save-response FILE (the base64 SAMLResponse value of the POST-binding form), --save-body FILE (the
page it ended on), --max-steps N (form submissions, default 8). --relay-state also applies to --start URLs.

`form` GETs a page and submits one of its forms as a browser would: hidden fields (a CSRF token) included, the
page's cookies sent, --set values filled in (or added), --check boxes ticked, --drop fields left out, and an
Origin header naming the page's origin (--no-origin leaves it out; --origin O sends O instead, as a post from
another site would). --action picks the form whose action path is PATH (default: the first POST form). `post`
sends the given fields as a url-encoded POST, e.g. a captured SAMLResponse replayed to an ACS; it sends Origin
only with --origin. Every POST a browser makes from a page (form, login, the auto-submitted SAML form) carries
that page's Origin.
--kill-after-answer PID (get, form, post) sends SIGKILL to PID as soon as the answer to the GET or to the
form's POST has been read, and does not follow its redirect: crash tests of what the server acknowledged.

JSON: outcome is one of
  post_form   stopped at a POST-binding form whose action starts with --stop-at-post-to ("post" has action/fields)
  done        no form left to handle; the last page was < 400 (after submitting the POST form to the SP, if any)
  login_form  ended on a password form: credentials were rejected, or none were given
  error       HTTP >= 400, a POST form to an unexpected destination, or a network failure ("error" says which)
plus final_url, status, title, text (visible text, trimmed), codes ({class: text} of the page's
<code class="..."> elements, e.g. reason and request-id on a refusal page), post, history (method, url,
status, location), cookies, login_form_seen, credentials_submitted; get/form/post also give links and forms.
Exit status: 0 for post_form/done, 1 for login_form/error after HTTP answers, 2 usage, 3 network failure.
"""

import argparse
import http.cookiejar
import json
import os
import signal
import sys
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser

SAML_FIELDS = ("SAMLResponse", "SAMLRequest")
TEXT_LIMIT = 600


class Form:
    def __init__(self, action, method):
        self.action = action
        self.method = method
        self.fields = []  # (name, value, type) in document order, as a browser would submit them
        self.unchecked = []  # (name, value) of checkboxes/radios a user could tick

    def has(self, name):
        return any(n == name for n, _, _ in self.fields)

    def value(self, name):
        return next((v for n, v, _ in self.fields if n == name), None)

    def has_password(self):
        return any(t == "password" for _, _, t in self.fields)


class PageParser(HTMLParser):
    """Collects forms (with their successful controls), the title and the visible text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self.title = ""
        self.text = []
        self._form = None
        self._skip = 0  # inside <script>/<style>
        self._in_title = False
        self._textarea = None
        self._select = None
        self.codes = {}  # class -> text of the first <code class="..."> with that class
        self._code = None
        self.links = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag == "code" and a.get("class"):
            self._code = [a["class"], ""]
        elif tag == "a" and "href" in a:
            self.links.append(a["href"])
        elif tag == "form":
            self._form = Form(a.get("action"), (a.get("method") or "get").lower())
            self.forms.append(self._form)
        elif self._form is not None and tag == "input" and "name" in a and "disabled" not in a:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                self._form.unchecked.append((a["name"], a.get("value", "on")))
                return
            if kind in ("submit", "button", "image", "reset", "file"):
                return  # submit buttons only count when clicked; we never click a named one
            self._form.fields.append((a["name"], a.get("value", "on" if kind in ("checkbox", "radio") else ""), kind))
        elif self._form is not None and tag == "textarea" and "name" in a:
            self._textarea = [a["name"], ""]
        elif self._form is not None and tag == "select" and "name" in a:
            self._select = [a["name"], None, False]
        elif self._select is not None and tag == "option":
            value = a.get("value", "")
            if self._select[1] is None or ("selected" in a and not self._select[2]):
                self._select[1], self._select[2] = value, "selected" in a

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        elif tag == "title":
            self._in_title = False
        elif tag == "code" and self._code is not None:
            self.codes.setdefault(self._code[0], " ".join(self._code[1].split()))
            self._code = None
        elif tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form.fields.append((self._textarea[0], self._textarea[1], "textarea"))
            self._textarea = None
        elif tag == "select" and self._select is not None and self._form is not None:
            if self._select[1] is not None:
                self._form.fields.append((self._select[0], self._select[1], "select"))
            self._select = None

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._textarea is not None:
            self._textarea[1] += data
        if self._code is not None:
            self._code[1] += data
        if not self._skip:
            self.text.append(data)


class Page:
    def __init__(self, url, status, headers, body):
        self.url, self.status, self.headers = url, status, headers
        charset = headers.get_content_charset() or "utf-8"
        self.body = body.decode(charset, errors="replace")
        parser = PageParser()
        if "html" in (headers.get_content_type() or "") or self.body.lstrip().startswith("<"):
            parser.feed(self.body)
            parser.close()
        self.forms, self.title = parser.forms, " ".join(parser.title.split())
        self.codes, self.links = parser.codes, parser.links
        self.text = " ".join(" ".join(parser.text).split())

    def saml_form(self):
        return next((f for f in self.forms if any(f.has(n) for n in SAML_FIELDS)), None)

    def login_form(self):
        return next((f for f in self.forms if f.has_password()), None)


class NetworkError(Exception):
    pass


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # Redirects are followed by Browser.navigate, so each hop is recorded and the method rules are ours.
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Browser:
    def __init__(self, cookie_jar=None, max_redirects=20, timeout=15):
        self.jar = http.cookiejar.MozillaCookieJar(cookie_jar) if cookie_jar else http.cookiejar.CookieJar()
        if cookie_jar:
            try:
                self.jar.load(ignore_discard=True, ignore_expires=True)
            except FileNotFoundError:
                pass
        # ProxyHandler({}): an http_proxy in the environment must not swallow requests to 127.0.0.1.
        self.opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}), urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())
        self.max_redirects, self.timeout = max_redirects, timeout
        self.history = []
        self.last_page = None

    def save(self):
        if isinstance(self.jar, http.cookiejar.MozillaCookieJar):
            self.jar.save(ignore_discard=True, ignore_expires=True)

    def _once(self, method, url, data, origin=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(url, data=body, method=method, headers={
            "User-Agent": "gatehouse-e2e-browser/1 (python-urllib)",
            "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
            "Accept-Language": "en",
        })
        if body is not None:
            req.add_header("Content-Type", "application/x-www-form-urlencoded")
        if origin is not None:
            req.add_header("Origin", origin)
        try:
            with self.opener.open(req, timeout=self.timeout) as r:
                return Page(r.geturl(), r.status, r.headers, r.read())
        except urllib.error.HTTPError as e:  # 3xx (redirects are not auto-followed), 4xx, 5xx
            return Page(url, e.code, e.headers, e.read())
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            raise NetworkError(f"{method} {url}: {reason}") from None

    def navigate(self, method, url, data=None, origin=None, kill_after_answer=None):
        """Sends the request and follows redirects. With kill_after_answer, SIGKILLs that pid once the first
        answer has been read and returns that answer unfollowed."""
        for _ in range(self.max_redirects + 1):
            page = self.last_page = self._once(method, url, data, origin)
            location = page.headers.get("Location")
            hop = {"method": method, "url": url, "status": page.status}
            if location:
                hop["location"] = location
            if page.headers.get("Retry-After"):
                hop["retry_after"] = page.headers.get("Retry-After")
            self.history.append(hop)
            if kill_after_answer is not None:
                os.kill(kill_after_answer, signal.SIGKILL)
                hop["killed"] = kill_after_answer
                return page
            if page.status not in (301, 302, 303, 307, 308) or not location:
                return page
            url = urllib.parse.urljoin(url, location)
            if page.status in (301, 302, 303):  # what browsers do: the redirected request is a GET
                method, data, origin = "GET", None, None
        raise NetworkError(f"more than {self.max_redirects} redirects, last to {url}")

    def submit(self, page, form, overrides=None, drop=(), send_origin=True, kill_after_answer=None, origin=None):
        """Submits form from page; a POST carries origin, else the page's Origin (none if not send_origin)."""
        values = dict(overrides or {})
        pairs = [(n, values.pop(n, v)) for n, v, _ in form.fields if n not in drop] + list(values.items())
        action = form_action(page.url, form.action)
        if form.method == "post":
            origin = (origin or origin_of(page.url)) if send_origin else None
            return self.navigate("POST", action, pairs, origin, kill_after_answer)
        split = urllib.parse.urlsplit(action)
        return self.navigate("GET", urllib.parse.urlunsplit(split._replace(query=urllib.parse.urlencode(pairs))),
                             kill_after_answer=kill_after_answer)

    def cookies(self):
        return [{"name": c.name, "value": c.value, "domain": c.domain, "path": c.path, "secure": c.secure}
                for c in self.jar]


def origin_of(url):
    """The Origin header a browser sends for a request made from a page at url (scheme://host[:port])."""
    split = urllib.parse.urlsplit(url)
    return f"{split.scheme}://{split.netloc}"


def form_action(page_url, action):
    """Resolves a form action the way browsers do (urljoin would keep the page's query for action="?")."""
    if not action:
        return page_url.split("#")[0]
    if action.startswith("?"):
        return page_url.split("#")[0].split("?")[0] + action
    return urllib.parse.urljoin(page_url, action)


def credential_fields(form, username, password):
    names = [n for n, _, t in form.fields]
    pw = next(n for n, _, t in form.fields if t == "password")
    preferred = ("username", "user", "login", "email", "j_username", "uid")
    user = next((n for n in preferred if n in names), None)
    if user is None:
        user = next((n for n, _, t in form.fields if t in ("text", "email")), None)
    values = {pw: password}
    if user is not None:
        values[user] = username
    return values


def run_login(browser, result, start, username, password, stop_at, max_steps, save_response, save_body):
    """Drives the login; fills in `result` as it goes, so a network failure midway still reports what was seen."""
    result.update({"login_form_seen": False, "credentials_submitted": False, "post": None})
    try:
        return drive(browser, result, browser.navigate("GET", start), username, password, stop_at, max_steps,
                     save_response)
    finally:
        if save_body and browser.last_page is not None:
            write_body(save_body, browser.last_page)


def drive(browser, result, page, username, password, stop_at, max_steps, save_response):
    for _ in range(max_steps):
        saml = page.saml_form()
        if saml is not None:
            action = form_action(page.url, saml.action)
            result["post"] = {"action": action, "method": saml.method,
                              "fields": {n: v for n, v, _ in saml.fields}}
            response = saml.value("SAMLResponse")
            if save_response and response is not None:
                with open(save_response, "w") as f:
                    f.write(response)
                result["saml_response_file"] = save_response
            if stop_at is not None:
                if action.startswith(stop_at):
                    return finish(result, page, "post_form")
                return finish(result, page, "error", f"POST-binding form goes to {action}, not {stop_at}")
            page = browser.submit(page, saml)
            continue
        login = page.login_form()
        if login is not None:
            result["login_form_seen"] = True
            if result["credentials_submitted"] or username is None:
                return finish(result, page, "login_form")
            result["credentials_submitted"] = True
            page = browser.submit(page, login, credential_fields(login, username, password or ""))
            continue
        break
    else:
        return finish(result, page, "error", f"gave up after {max_steps} form submissions")
    if page.status >= 400:
        return finish(result, page, "error", f"HTTP {page.status} at {page.url}")
    if stop_at is not None:
        return finish(result, page, "error", f"no POST-binding form to {stop_at} appeared")
    return finish(result, page, "done")


def write_body(path, page):
    with open(path, "w") as f:
        f.write(page.body)


def finish(result, page, outcome, error=None):
    result.update({"outcome": outcome, "final_url": page.url, "status": page.status, "title": page.title,
                   "text": page.text[:TEXT_LIMIT], "codes": page.codes})
    if error:
        result["error"] = error
    return result


def page_result(result, page):
    """finish() for the single-page modes, with the page's forms and links."""
    result["forms"] = [{"action": form_action(page.url, f.action), "method": f.method,
                        "fields": {n: v for n, v, _ in f.fields}} for f in page.forms]
    result["links"] = page.links[:50]
    return finish(result, page, "done" if page.status < 400 else "error",
                  f"HTTP {page.status} at {page.url}" if page.status >= 400 else None)


def fill_form(browser, result, args):
    """form mode: GET the page, pick the form, submit it. Returns the page it ended on, or None after
    finish()ing with an error (page not found, no such form)."""
    page = browser.navigate("GET", args.url)
    if page.status >= 400:
        return page
    if args.action is not None:
        chosen = next((f for f in page.forms
                       if urllib.parse.urlsplit(form_action(page.url, f.action)).path == args.action), None)
    else:
        chosen = next((f for f in page.forms if f.method == "post"), page.forms[0] if page.forms else None)
    if chosen is None:
        page_result(result, page)
        result.update({"outcome": "error", "error": f"no form with action {args.action or '(any)'} at {page.url}"})
        return None
    values = {}
    for name in args.check:
        box = next((v for n, v in chosen.unchecked if n == name), None)
        if box is None and not chosen.has(name):
            page_result(result, page)
            result.update({"outcome": "error", "error": f"no checkbox {name} in the form at {page.url}"})
            return None
        if box is not None:
            values[name] = box
    values.update(args.set)
    result["submitted"] = {"action": form_action(page.url, chosen.action), "method": chosen.method}
    return browser.submit(page, chosen, values, drop=set(args.drop), send_origin=not args.no_origin,
                          kill_after_answer=args.kill_after_answer, origin=args.origin)


def split_pair(ap, option, item):
    name, sep, value = item.partition("=")
    if not sep or not name:
        ap.error(f"{option} wants NAME=VALUE, not {item!r}")
    return name, value


def read_field(ap, item):
    name, value = split_pair(ap, "--field", item)
    if value.startswith("@"):
        try:
            with open(value[1:]) as f:
                value = f.read().strip()
        except OSError as e:
            ap.error(f"--field {name}: {e}")
    return name, value


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="mode", required=True)

    def common(p):
        p.add_argument("--username")
        p.add_argument("--password")
        p.add_argument("--stop-at-post-to", metavar="URL_PREFIX",
                       help="capture, rather than submit, the POST-binding form sent to this URL prefix")
        p.add_argument("--save-response", metavar="FILE", help="write the captured SAMLResponse (base64) here")
        p.add_argument("--cookie-jar", metavar="FILE")
        p.add_argument("--save-body", metavar="FILE", help="write the body of the page it ended on here")
        p.add_argument("--max-steps", type=int, default=8)

    login = sub.add_parser("login", help="SP-initiated: start at an SP login URL or an IdP redirect URL")
    login.add_argument("--start", required=True)
    common(login)
    idp = sub.add_parser("idp-initiated", help="start at SimpleSAMLphp's IdP-initiated SSO URL")
    idp.add_argument("--idp-url", help="IdP base URL, e.g. http://127.0.0.1:PORT")
    idp.add_argument("--sp-entity-id")
    idp.add_argument("--relay-state")
    idp.add_argument("--start", help="a ready-made IdP-initiated URL instead of --idp-url/--sp-entity-id")
    common(idp)
    get = sub.add_parser("get", help="GET a URL, following redirects")
    get.add_argument("url")
    form = sub.add_parser("form", help="GET a page and submit one of its forms")
    form.add_argument("url")
    form.add_argument("--action", metavar="PATH", help="the form whose action has this path (default: first POST form)")
    form.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="fill in (or add) a field")
    form.add_argument("--check", action="append", default=[], metavar="NAME",
                      help="tick the checkbox NAME (it is sent with its value attribute)")
    form.add_argument("--drop", action="append", default=[], metavar="NAME", help="leave a field out")
    origin = form.add_mutually_exclusive_group()
    origin.add_argument("--no-origin", action="store_true", help="send no Origin header")
    origin.add_argument("--origin", help="send this Origin header instead of the page's (a post from another site)")
    post = sub.add_parser("post", help="POST url-encoded fields, following redirects")
    post.add_argument("url")
    post.add_argument("--field", action="append", default=[], metavar="NAME=VALUE|NAME=@FILE")
    post.add_argument("--origin", help="the Origin header to send (default: none)")
    for p in (get, form, post):
        p.add_argument("--cookie-jar", metavar="FILE")
        p.add_argument("--save-body", metavar="FILE", help="write the body of the page it ended on here")
        p.add_argument("--kill-after-answer", type=int, metavar="PID",
                       help="SIGKILL PID once the answer to the GET (or the form's POST) is read; follow no redirect")
    args = ap.parse_args(argv)

    if args.mode == "idp-initiated":
        if not args.start:
            if not (args.idp_url and args.sp_entity_id):
                ap.error("idp-initiated needs --start, or --idp-url and --sp-entity-id")
            query = urllib.parse.urlencode({"spentityid": args.sp_entity_id})
            args.start = args.idp_url.rstrip("/") + "/saml2/idp/SSOService.php?" + query
        if args.relay_state is not None:
            args.start += ("&" if "?" in args.start else "?") + urllib.parse.urlencode({"RelayState": args.relay_state})
    if args.mode in ("login", "idp-initiated") and (args.username is None) != (args.password is None):
        ap.error("--username and --password go together")
    if args.mode == "form":
        args.set = [split_pair(ap, "--set", item) for item in args.set]
    if args.mode == "post":
        args.field = [read_field(ap, item) for item in args.field]

    browser = Browser(args.cookie_jar)
    result = {}
    try:
        if args.mode in ("login", "idp-initiated"):
            run_login(browser, result, args.start, args.username, args.password, args.stop_at_post_to,
                      args.max_steps, args.save_response, args.save_body)
        else:
            if args.mode == "get":
                page = browser.navigate("GET", args.url, kill_after_answer=args.kill_after_answer)
            elif args.mode == "post":
                page = browser.navigate("POST", args.url, args.field, args.origin, args.kill_after_answer)
            else:
                page = fill_form(browser, result, args)
            if page is not None:
                page_result(result, page)
            if args.save_body and browser.last_page is not None:
                write_body(args.save_body, browser.last_page)
        code = 0 if result["outcome"] in ("post_form", "done") else 1
    except NetworkError as e:
        result.update({"outcome": "error", "error": str(e)})
        code = 3
    result.update({"mode": args.mode, "history": browser.history, "cookies": browser.cookies()})
    browser.save()
    json.dump(result, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return code


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `browser.py ... | head` should end quietly, like other tools
    sys.exit(main(sys.argv[1:]))
