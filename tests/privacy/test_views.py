"""The personal data pages: for the OF's administrators only; the export and the erasure write
the audit log; the log lists, filters and pages its entries."""

from __future__ import annotations

import json
from datetime import timedelta

from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from acunum.accounts.models import AuditEntry
from acunum.cycles.models import Trainee
from acunum.privacy.models import Erasure
from acunum.test import BaseTestCase, database_state
from tests.privacy import world


def urls(t) -> dict[str, tuple[str, str]]:
    """URL name → (path, method)."""
    pk = t.dominique.trainee_id
    return {
        "search": (reverse("privacy:search"), "get"),
        "audit": (reverse("privacy:audit"), "get"),
        "trainee": (reverse("privacy:trainee", args=[pk]), "get"),
        "erase-form": (reverse("privacy:erase", args=[pk]), "get"),
        "erase": (reverse("privacy:erase", args=[pk]), "post"),
        "export": (reverse("privacy:export", args=[pk]), "post"),
    }


class AccessTests(BaseTestCase):
    def request(self, path: str, method: str):
        if method == "get":
            return self.client.get(path)
        return self.client.post(path, world.erase_data(self))

    def test_trainers_and_contacts_are_refused_and_nothing_changes(self):
        for user in (self.bob, self.charlie, self.diane, self.eve):
            self.login(user)
            for name, (path, method) in urls(self).items():
                before = database_state()
                r = self.request(path, method)
                self.assertEqual(r.status_code, 403, f"{name} as {user}")
                self.assertEqual(database_state(), before, f"{name} as {user}")

    def test_nobody_logged_in_is_sent_to_the_login_page(self):
        # A trainee has no login: their personal link opens none of these pages either.
        self.client.get(reverse("cycles:trainee-home", args=[self.dominique_token]))
        for name, (path, method) in urls(self).items():
            r = self.request(path, method)
            self.assertEqual(r.status_code, 302, name)
            self.assertTrue(r["Location"].startswith(reverse(settings.LOGIN_URL)), name)
        self.assertFalse(Erasure.objects.exists())
        self.assertFalse(AuditEntry.objects.exists())

    def test_the_export_is_not_a_get(self):
        self.login(self.alice)
        self.assertEqual(self.client.get(urls(self)["export"][0]).status_code, 405)
        self.assertFalse(AuditEntry.objects.exists())

    def test_an_unknown_trainee_is_not_found(self):
        self.login(self.alice)
        self.assertEqual(self.client.get(reverse("privacy:trainee", args=[99999])).status_code, 404)


@override_settings(**world.SHIPPED)
class PagesTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        world.fill(cls)

    def setUp(self):
        self.login(self.alice)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def test_the_search_finds_by_name_and_by_email(self):
        url = reverse("privacy:search")
        r = self.client.get(url, {"q": "dominique test"})
        self.assertEqual([p.pk for p in r.context["people"]], [self.dominique.trainee_id])
        self.assertContains(r, reverse("privacy:trainee", args=[self.dominique.trainee_id]))
        r = self.client.get(url, {"q": "farid@example"})
        self.assertEqual([p.pk for p in r.context["people"]], [self.farid.trainee_id])
        self.assertEqual(self.client.get(url, {"q": "personne"}).context["people"], [])

    def test_an_empty_search_says_what_to_type(self):
        r = self.client.get(reverse("privacy:search"), {"q": ""})
        self.assertIsNone(r.context["people"])
        self.assertTrue(r.context["form"].errors["q"])

    def test_the_trainee_page_counts_what_is_held(self):
        r = self.client.get(reverse("privacy:trainee", args=[self.dominique.trainee_id]))
        self.assertEqual(r.status_code, 200)
        counts = {c.key: n for c, n in r.context["counts"]}
        self.assertEqual(counts["attendance_events"], 2)
        self.assertEqual(counts["messages"], 4)
        self.assertTrue(r.context["evidence_kept"])
        self.assertEqual(r.context["evidence_until"].isoformat(), "2032-12-31")
        self.assertContains(r, "6.1.c")
        self.assertContains(r, reverse("privacy:export", args=[self.dominique.trainee_id]))

    def test_the_export_downloads_the_json_and_is_logged_without_a_name(self):
        r = self.client.post(reverse("privacy:export", args=[self.dominique.trainee_id]))
        self.assertEqual(r["Content-Type"], "application/json")
        self.assertRegex(r["Content-Disposition"], r'attachment; filename="donnees-test-dominique-')
        data = json.loads(r.content)
        self.assertEqual(data["trainee"]["email"], "dominique@example.org")
        entry = AuditEntry.objects.get()
        self.assertEqual(
            (entry.user, entry.action, entry.target_type, entry.target_id),
            (self.alice, "export", "trainee", self.dominique.trainee_id),
        )
        self.assertNotIn("Dominique", entry.detail)
        self.assertEqual(entry.ip, "127.0.0.1")

    def test_an_erasure_without_a_reason_is_refused_and_changes_nothing(self):
        url = reverse("privacy:erase", args=[self.dominique.trainee_id])
        before = database_state()
        r = self.client.post(url, {"reason": "   "})
        self.assertEqual(r.status_code, 200)
        self.assertTrue(r.context["form"].errors["reason"])
        self.assertEqual(database_state(), before)

    def test_an_erasure_is_done_and_logged(self):
        url = reverse("privacy:erase", args=[self.dominique.trainee_id])
        self.assertEqual(self.client.get(url).status_code, 200)
        r = self.client.post(url, {"reason": "Demande reçue par courriel"})
        self.assertRedirects(r, reverse("privacy:trainee", args=[self.dominique.trainee_id]))
        self.assertEqual(Trainee.objects.get(pk=self.dominique.trainee_id).email, "")
        erasure = Erasure.objects.get()
        self.assertEqual((erasure.by, erasure.scope), (self.alice, "partial"))
        entry = AuditEntry.objects.get()
        self.assertEqual((entry.action, entry.target_id), ("erase", self.dominique.trainee_id))
        self.assertNotIn("Dominique", entry.detail)


class AuditLogTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        now = timezone.now()
        for n in range(55):
            AuditEntry.objects.create(
                at=now - timedelta(minutes=n),
                user=cls.bob,
                user_name="bob",
                action="view",
                target_type="cycle",
                target_id=cls.cycle.pk,
            )
        for trainee, minutes in ((cls.eden.trainee, -2), (cls.dominique.trainee, -1)):
            AuditEntry.objects.create(
                at=now - timedelta(minutes=minutes),
                user=cls.alice,
                user_name="alice",
                action="export",
                target_type="trainee",
                target_id=trainee.pk,
            )
        Erasure.objects.create(
            trainee=cls.dominique.trainee,
            trainee_number=cls.dominique.trainee_id,
            reason="Demande",
            scope="partial",
        )

    def setUp(self):
        self.login(self.alice)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def test_newest_first_fifty_a_page(self):
        r = self.client.get(reverse("privacy:audit"))
        page = r.context["page"]
        self.assertEqual((page.paginator.count, len(page.object_list)), (57, 50))
        self.assertEqual(page.object_list[0].user_name, "alice")
        self.assertEqual(page.object_list[0].target_id, self.eden.trainee_id)
        second = self.client.get(reverse("privacy:audit"), {"page": 2}).context["page"]
        self.assertEqual(len(second.object_list), 7)

    def test_a_trainee_still_there_is_a_link_an_erased_one_is_not(self):
        r = self.client.get(reverse("privacy:audit"), {"action": "export"})
        self.assertContains(r, reverse("privacy:trainee", args=[self.eden.trainee_id]))
        self.assertNotContains(r, reverse("privacy:trainee", args=[self.dominique.trainee_id]))
        self.assertContains(r, "person erased")

    def test_filters_by_user_and_action(self):
        r = self.client.get(reverse("privacy:audit"), {"par": "alice"})
        self.assertEqual(r.context["page"].paginator.count, 2)
        r = self.client.get(reverse("privacy:audit"), {"par": "bob", "action": "export"})
        self.assertEqual(r.context["page"].paginator.count, 0)
        r = self.client.get(reverse("privacy:audit"), {"action": "view", "page": 2})
        self.assertIn("action=view", r.context["query"])

    def test_an_unknown_filter_is_named_and_lists_nothing(self):
        r = self.client.get(reverse("privacy:audit"), {"action": "hack"})
        self.assertIsNone(r.context["page"])
        self.assertTrue(r.context["form"].errors["action"])

    def test_the_page_costs_the_same_whatever_the_number_of_entries(self):
        with self.assertNumQueries(self.queries()):
            self.client.get(reverse("privacy:audit"))

    def queries(self) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        AuditEntry.objects.filter(user_name="bob").delete()
        with CaptureQueriesContext(connection) as few:
            self.client.get(reverse("privacy:audit"))
        AuditEntry.objects.bulk_create(
            AuditEntry(user_name="carol", action="view", target_type="trainee", target_id=n)
            for n in range(80)
        )
        return len(few.captured_queries)
