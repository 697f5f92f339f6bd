"""No script runs unless it is a file of Acunum's: the policy says so, and the templates obey.

The content security policy (acunum/lib/csp.py) forbids inline scripts, so a script slipped into
a page (a trainee's name, a questionnaire answer) cannot run. The policy holds only if no page
needs an inline script itself: the scan below keeps it so.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.urls import reverse

from acunum.test import PASSWORD, BaseTestCase

ACUNUM = Path(__file__).resolve().parents[2] / "acunum"
UNSAFE = ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'wasm-unsafe-eval'", "*")


def directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


class PolicyTests(BaseTestCase):
    def assert_strict_scripts(self, response, *, admin=False):
        found = directives(response)
        self.assertEqual(found["script-src"], ["'self'"])
        self.assertEqual(found["default-src"], ["'self'"])
        # Nothing that would let a script in by another door.
        for name in ("script-src-elem", "script-src-attr"):
            self.assertNotIn(name, found)
        self.assertEqual(found["object-src"], ["'none'"])
        self.assertEqual(found["base-uri"], ["'none'"])
        if admin:
            # Django's admin writes style attributes: styles only get 'unsafe-inline'.
            self.assertEqual(found["style-src"], ["'self'", "'unsafe-inline'"])
        else:
            self.assertEqual(found["style-src"], ["'self'"])
        for name, values in found.items():
            if name.startswith("style-src"):
                continue
            for value in UNSAFE:
                self.assertNotIn(value, values, f"{name} {values}")

    def test_public_pages_carry_the_policy(self):
        for url in (
            reverse("programmes:home"),
            reverse("programmes:public", args=["acunum"]),
            reverse("cycles:request", args=["acunum"]),
            reverse("accounts:login"),
        ):
            with self.subTest(url=url):
                r = self.client.get(url)
                self.assertEqual(r.status_code, 200)
                self.assert_strict_scripts(r)

    def test_staff_pages_carry_the_policy(self):
        self.login(self.bob)
        for url in (
            reverse("cycles:dashboard"),
            self.cycle.get_absolute_url(),
            reverse("attendance:cards", args=[self.cycle.code]),
            reverse("attendance:board", args=[self.cycle.code, 1]),
        ):
            with self.subTest(url=url):
                r = self.client.get(url)
                self.assertEqual(r.status_code, 200)
                self.assert_strict_scripts(r)

    def test_trainee_pages_carry_the_policy(self):
        token = self.dominique_token
        for url in (
            reverse("cycles:trainee-home", args=[token]),
            reverse("attendance:sign", args=[token, 1]),
            reverse("evaluation:trainee-answer", args=[token, "positionnement"]),
        ):
            with self.subTest(url=url):
                r = self.client.get(url)
                self.assertEqual(r.status_code, 200)
                self.assert_strict_scripts(r)

    def test_error_pages_carry_the_policy(self):
        self.assert_strict_scripts(self.client.get("/s/not-a-token/"))  # 404
        self.dominique.issue_link()  # the fixture's token no longer works: 410
        self.assert_strict_scripts(
            self.client.get(reverse("cycles:trainee-home", args=[self.dominique_token]))
        )

    def test_a_refused_login_carries_the_policy(self):
        wrong = {"username": "bob", "password": "not-the-password"}
        for _attempt in range(5):
            self.client.post(reverse("accounts:login"), wrong)
        r = self.client.post(reverse("accounts:login"), wrong)
        self.assertEqual(r.status_code, 429)
        self.assert_strict_scripts(r)

    def test_the_admin_runs_no_inline_script_either(self):
        self.assert_strict_scripts(self.client.get(reverse("admin:login")), admin=True)
        self.client.login(username="alice", password=PASSWORD)
        for url in (reverse("admin:index"), reverse("admin:accounts_user_changelist")):
            with self.subTest(url=url):
                r = self.client.get(url)
                self.assertEqual(r.status_code, 200)
                self.assert_strict_scripts(r, admin=True)


# What the policy would block, in a template: a script written in the page, an event handler
# attribute, a javascript: URL, and htmx's hx-on (code in an attribute, run through eval).
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
TAG = re.compile(r"<[a-zA-Z][^>]*>")
HANDLER = re.compile(r"\s(on[a-z]+|hx-on[:\-][\w:\-]*)\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"javascript\s*:", re.IGNORECASE)
DATA_TYPES = ('type="application/json"', 'type="application/ld+json"')


def inline_code(text: str) -> list[str]:
    """Each piece of inline code in a template's text, as found."""
    found = []
    for match in SCRIPT.finditer(text):
        attributes, body = match.groups()
        if any(t in attributes for t in DATA_TYPES):
            continue  # data, never run
        if body.strip() or "src=" not in attributes:
            found.append(match.group(0)[:80])
    for tag in TAG.finditer(text):
        found += [f"{m.group(1)}= in {tag.group(0)[:80]}" for m in HANDLER.finditer(tag.group(0))]
    found += [m.group(0) for m in JAVASCRIPT_URL.finditer(text)]
    return found


def templates() -> list[Path]:
    return sorted(
        path
        for folder in ACUNUM.rglob("templates")
        for path in folder.rglob("*")
        if path.suffix in (".html", ".htm", ".svg")
    )


def test_the_scan_finds_templates():
    names = {path.name for path in templates()}
    assert {"base.html", "sign.html", "login.html"} <= names


def test_no_template_has_an_inline_script_a_handler_or_a_javascript_url():
    problems = [
        f"{path.relative_to(ACUNUM)}: {found}"
        for path in templates()
        for found in inline_code(path.read_text())
    ]
    assert problems == []


def test_the_scan_sees_each_kind_of_inline_code():
    assert inline_code("<script>alert(1)</script>")
    assert inline_code('<script src="/static/a.js">alert(1)</script>')
    assert inline_code('<button onclick="go()">Go</button>')
    assert inline_code('<body\n  onload="go()">')
    assert inline_code('<a href="javascript:go()">Go</a>')
    assert inline_code('<div hx-on:click="go()"></div>')
    assert not inline_code("<script src=\"{% static 'js/a.js' %}\" defer></script>")
    assert not inline_code('<script id="d" type="application/json">{"a": 1}</script>')
    assert not inline_code("<p>Click on the button: it is online=yes.</p>")
