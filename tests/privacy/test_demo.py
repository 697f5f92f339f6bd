"""The demo's personal data requests (acunum/site/demo_privacy.py)."""

from __future__ import annotations

from datetime import date, datetime, time

from django.conf import settings
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from acunum.accounts.models import AuditEntry
from acunum.cycles.models import Trainee
from acunum.privacy.models import Erasure
from acunum.site import demo, demo_privacy

SEPTEMBER = date(2026, 9, 1)


@override_settings(
    PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"], RETENTION_EVIDENCE_YEARS=6
)
class DemoPrivacyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.built = demo.build(today=SEPTEMBER)
        cls.now = timezone.make_aware(datetime.combine(SEPTEMBER, time(12, 0)))
        # demo.build calls it once the lead wires it; a second call changes nothing.
        demo_privacy.record(cls.built["current"], cls.built["finished"], cls.now)

    def test_calling_it_again_changes_nothing(self):
        again = demo_privacy.record(self.built["current"], self.built["finished"], self.now)
        self.assertEqual(again, {"created": False})
        self.assertEqual(Erasure.objects.count(), 1)

    def test_a_person_who_left_before_the_training_was_erased_entirely(self):
        erasure = Erasure.objects.get()
        trainee = Trainee.objects.get(pk=erasure.trainee_number)
        self.assertEqual((erasure.scope, erasure.by), ("full", self.built["admin"]))
        self.assertNotIn("Garnier", f"{trainee.last_name} {trainee.first_name}")
        self.assertEqual((trainee.email, trainee.phone, trainee.accessibility_needs), ("", "", ""))

    def test_the_finished_cycle_stays_whole(self):
        finished = self.built["finished"]
        self.assertEqual(finished.enrolments.count(), 14)
        self.assertTrue(all(e.current_link() for e in finished.enrolments.all()))
        perrin = Trainee.objects.get(last_name="Perrin")
        self.assertTrue(perrin.email)
        self.assertTrue(perrin.enrolments.get().commitments.exists())

    def test_the_audit_log_and_the_trainee_page_show_real_entries(self):
        self.assertEqual(
            list(AuditEntry.objects.order_by("at").values_list("action", flat=True)),
            ["export", "erase", "export"],
        )
        self.client.force_login(self.built["admin"])
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        log = self.client.get(reverse("privacy:audit"))
        self.assertContains(log, "person erased")
        rousseau = Trainee.objects.get(last_name="Rousseau")
        self.assertContains(log, reverse("privacy:trainee", args=[rousseau.pk]))
        perrin = Trainee.objects.get(last_name="Perrin")
        page = self.client.get(reverse("privacy:trainee", args=[perrin.pk]))
        self.assertEqual(page.status_code, 200)
        self.assertEqual(len(page.context["history"]), 1)
