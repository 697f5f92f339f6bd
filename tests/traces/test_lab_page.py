"""The trainee's lab page: what the server received, what needs a script, the links."""

from __future__ import annotations

import tempfile
from pathlib import Path
from unittest import mock

from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _

from acunum.checklist.catalogue import read
from acunum.cycles.models import Cycle
from acunum.test import BaseTestCase
from acunum.traces.attributes import steps_by_attribute
from tests.traces.world import HEADERS, open_lab, write_catalogue


class LabPageTests(BaseTestCase):
    def lab(self, token=None, **headers):
        return self.client.get(
            reverse("traces:lab", args=[token or self.dominique_token]), **headers
        )

    def test_the_passive_part_shows_the_headers_of_the_request(self):
        sent = {
            **HEADERS,
            "HTTP_ACCEPT": "text/html,application/xhtml+xml;q=0.9",
            "HTTP_ACCEPT_ENCODING": "gzip, deflate, br, zstd",
            "HTTP_DNT": "1",
            "HTTP_SEC_GPC": "1",
            "HTTP_SEC_FETCH_SITE": "same-origin",
            "HTTP_SEC_FETCH_MODE": "navigate",
            "HTTP_REFERER": "http://testserver/une-page-d-avant/",
        }
        r = self.lab(**sent, REMOTE_ADDR="192.168.1.37")
        self.assertEqual(r.status_code, 200)
        for value in [*sent.values(), "192.168.1.37"]:
            self.assertContains(r, escape(value), msg_prefix=value)
        for name in ["User-Agent", "Accept-Language", "DNT", "Sec-GPC", "Sec-CH-UA-Platform"]:
            self.assertContains(r, f"<code>{name}</code>")

    def test_a_header_the_browser_did_not_send_is_said_so(self):
        r = self.lab()
        self.assertContains(r, _("not sent"))

    def test_cookie_names_are_shown_and_never_their_values(self):
        self.client.cookies["acunum_ateliers"] = "f00dfacecafe0123456789abcdef0123"
        self.client.cookies["sessionid"] = "secret-session-value-xyz"
        r = self.lab()
        self.assertContains(r, "acunum_ateliers")
        self.assertContains(r, "sessionid")
        self.assertNotContains(r, "f00dfacecafe0123456789abcdef0123")
        self.assertNotContains(r, "secret-session-value-xyz")

    def test_the_address_line_says_what_a_proxy_would_change(self):
        r = self.lab(HTTP_X_FORWARDED_FOR="203.0.113.9")
        self.assertContains(r, "X-Forwarded-For")
        self.assertContains(r, "203.0.113.9")

    def test_without_javascript_the_page_says_the_rest_needs_it(self):
        r = self.lab()
        self.assertContains(r, "data-traces-status")
        self.assertContains(r, _("needs JavaScript"))
        # Every field the script fills in is on the page, waiting.
        for field in ["screen.size", "timezone.zone", "canvas.fingerprint", "ad-blocker.bait"]:
            self.assertContains(r, f'data-field="{field}"')

    def test_the_script_is_a_file_of_the_site_and_nothing_is_inline(self):
        r = self.lab()
        self.assertContains(r, 'src="/static/js/traces.js"')
        html = r.content.decode()
        # The only script element without a src is json_script's data, which never runs.
        self.assertEqual(html.count("<script>"), 0)
        self.assertEqual(html.count('<script id="traces-words" type="application/json">'), 1)
        self.assertNotIn("style=", html)
        self.assertIn("script-src 'self'", r["Content-Security-Policy"])

    def test_the_page_loads_nothing_from_another_host(self):
        html = self.lab().content.decode()
        self.assertNotIn("http://", html.replace("http://testserver/", ""))
        self.assertNotIn("https://", html)
        self.assertNotIn('src="//', html)

    def test_the_consent_says_what_is_sent_kept_and_until_when(self):
        open_lab(self.cycle)
        r = self.lab()
        self.assertContains(r, reverse("traces:compare", args=[self.dominique_token]))
        last = self.cycle.slots.order_by("-date").first().date
        self.assertContains(r, str(last.year))
        self.assertContains(r, "data-traces-compare")

    def test_once_the_cycle_is_over_there_is_no_compare_button(self):
        # The test world's cycle ended in 2026's spring.
        r = self.lab()
        self.assertNotContains(r, "data-traces-compare")
        self.assertContains(
            r, _("The cycle is over: comparing is closed, and nothing is kept any more.")
        )

    def test_a_cancelled_cycle_is_closed_too(self):
        open_lab(self.cycle)
        Cycle.objects.filter(pk=self.cycle.pk).update(status=Cycle.Status.CANCELLED)
        self.assertNotContains(self.lab(), "data-traces-compare")

    def test_the_trainee_home_links_to_the_lab(self):
        r = self.client.get(reverse("cycles:trainee-home", args=[self.dominique_token]))
        self.assertContains(r, reverse("traces:lab", args=[self.dominique_token]))

    def test_a_replaced_link_says_so(self):
        old = self.dominique_token
        self.dominique.issue_link()
        r = self.lab(old)
        self.assertEqual(r.status_code, 410)
        self.assertContains(r, _("This link no longer works"), status_code=410)

    def test_an_unknown_link_is_not_found(self):
        self.assertEqual(self.lab("not-a-token").status_code, 404)


class CatalogueLinkTests(BaseTestCase):
    def setUp(self):
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.folder = write_catalogue(
            Path(folder.name),
            {"browser/firefox": "canvas", "os_desktop/windows-11": "accept-language"},
        )

    def use(self, folder):
        patcher = mock.patch("acunum.traces.attributes.catalogue", lambda: read(folder))
        patcher.start()
        self.addCleanup(patcher.stop)

    def test_the_steps_that_change_an_attribute_are_linked_from_it(self):
        self.use(self.folder)
        found = steps_by_attribute()
        self.assertEqual([s.id for s in found["canvas"]], ["firefox.browser-1"])
        self.assertEqual([s.id for s in found["accept-language"]], ["windows-11.os-desktop-1"])
        self.assertNotIn("screen", found)
        r = self.client.get(reverse("traces:lab", args=[self.dominique_token]))
        checklist = reverse("checklist:checklist", args=[self.dominique_token])
        self.assertContains(r, f'href="{checklist}#etape-firefox.browser-1"')
        self.assertContains(r, "Réglage 1 de browser sur firefox")

    def test_a_catalogue_that_fails_its_checks_shows_no_link_and_the_page_still_works(self):
        (self.folder / "steps" / "browser" / "firefox.toml").write_text("not = [toml", "utf-8")
        self.use(self.folder)
        self.assertEqual(steps_by_attribute(), {})
        r = self.client.get(reverse("traces:lab", args=[self.dominique_token]))
        self.assertEqual(r.status_code, 200)
        self.assertNotContains(r, "#etape-")
