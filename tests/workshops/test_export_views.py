"""The export links and files: for those who run the cycle only, each with a name that says
what it is."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from acunum.test import BaseTestCase
from tests.workshops.world import as_trainee, make_activity, send

FORMATS = {
    "export-csv": ("text/csv; charset=utf-8", "attachment", b"\xef\xbb\xbf"),
    "export-pdf": ("application/pdf", "inline", b"%PDF-"),
    "export-png": ("image/png", "inline", b"\x89PNG\r\n\x1a\n"),
}


def url(name, activity):
    return reverse(
        f"workshops:{name}", args=[activity.cycle.code, activity.sequence.code, activity.join_code]
    )


class ExportViewTests(BaseTestCase):
    def setUp(self):
        self.activity = make_activity(self, "word_cloud", title="Mon numérique en trois mots")
        send(self.activity, as_trainee(self.dominique), word=["réseaux", "lien"])
        self.memory = reverse("workshops:memory", args=[self.cycle.code])

    def test_the_trainer_gets_each_format_under_a_name_of_the_day_and_title(self):
        self.login(self.bob)
        for name, (content_type, disposition, start) in FORMATS.items():
            with self.subTest(name=name):
                r = self.client.get(url(name, self.activity))
                self.assertEqual(r.status_code, 200)
                self.assertEqual(r["Content-Type"], content_type)
                extension = name.removeprefix("export-")
                self.assertEqual(
                    r["Content-Disposition"],
                    f'{disposition}; filename="j1-mon-numerique-en-trois-mots.{extension}"',
                )
                self.assertTrue(r.content.startswith(start))

    def test_the_of_admin_gets_the_memory_of_the_cycle(self):
        self.login(self.alice)
        r = self.client.get(self.memory)
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], "application/pdf")
        self.assertEqual(
            r["Content-Disposition"], 'inline; filename="memoire-collective-la-passerelle.pdf"'
        )
        self.assertTrue(r.content.startswith(b"%PDF-"))

    def test_the_memory_is_refused_with_what_to_do_while_nothing_was_contributed(self):
        self.activity.contributions.all().delete()
        self.login(self.bob)
        r = self.client.get(self.memory)
        self.assertEqual(r.status_code, 409)
        self.assertContains(
            r,
            _("at least one contribution to an activity of session 1 (J1 to J4)"),
            status_code=409,
        )
        self.assertContains(
            r, reverse("workshops:day", args=[self.cycle.code, "J1"]), status_code=409
        )

    def test_refused_to_the_contact_to_another_of_s_people_and_without_login(self):
        urls = [url(name, self.activity) for name in FORMATS] + [self.memory]
        for user, status in ((self.diane, 403), (self.charlie, 404), (self.eve, 404)):
            self.client.logout()
            self.login(user)
            for address in urls:
                with self.subTest(user=user.username, url=address):
                    self.assertEqual(self.client.get(address).status_code, status)
        self.client.logout()
        for address in urls:
            with self.subTest(user="anonymous", url=address):
                r = self.client.get(address)
                self.assertEqual(r.status_code, 302)
                self.assertIn(reverse("accounts:login"), r["Location"])

    def test_another_cycle_s_activity_is_not_found_under_this_cycle(self):
        other = make_activity(self, "poll", cycle=self.other_cycle)
        self.login(self.bob)
        address = reverse("workshops:export-pdf", args=[self.cycle.code, "J1", other.join_code])
        self.assertEqual(self.client.get(address).status_code, 404)

    def test_exports_are_read_only_pages(self):
        self.login(self.bob)
        for address in [url(name, self.activity) for name in FORMATS] + [self.memory]:
            with self.subTest(url=address):
                self.assertEqual(self.client.post(address).status_code, 405)


class ExportLinkTests(BaseTestCase):
    def setUp(self):
        self.login(self.bob)

    def test_the_facilitator_s_page_offers_the_three_formats(self):
        activity = make_activity(self, "poll")
        r = self.client.get(url("activity", activity))
        for name in FORMATS:
            with self.subTest(name=name):
                self.assertContains(r, f'href="{url(name, activity)}"')
        self.assertContains(r, _("CSV file, for a spreadsheet"))

    def test_a_session_one_day_links_the_memory(self):
        r = self.client.get(reverse("workshops:day", args=[self.cycle.code, "J2"]))
        self.assertContains(r, reverse("workshops:memory", args=[self.cycle.code]))
