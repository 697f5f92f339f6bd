"""The demo's action plans: the finished cycle in its accompaniment shows plans, a synthesis,
meetings and statuses at once, to whoever logs in as the structure's contact."""

from __future__ import annotations

from datetime import date, datetime, time

from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from acunum.plans import commitments
from acunum.plans.models import ClosingReview, Commitment, Meeting, StatusChange, SynthesisPart
from acunum.site import demo

# The earliest day of the year the demo's finished cycle is the spring's: its last meeting, 15
# weeks after DJ8, must already have taken place.
SEPTEMBER = date(2026, 9, 1)


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class DemoPlansTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.built = demo.build(today=SEPTEMBER)
        # demo.build records the plans (acunum/site/demo_plans.py) at noon of that day.
        cls.now = timezone.make_aware(datetime.combine(SEPTEMBER, time(12, 0)))

    def test_most_trainees_of_the_finished_cycle_have_one_to_three_commitments(self):
        finished = self.built["finished"]
        counts = [e.commitments.count() for e in finished.enrolments.all()]
        self.assertEqual(len(counts), 14)
        self.assertEqual(sum(1 for n in counts if n), 12)
        self.assertTrue(all(0 <= n <= 3 for n in counts))
        self.assertTrue(
            Commitment.objects.filter(
                enrolment__cycle=finished, usage__icontains="smartphone"
            ).exists()
        )
        day = commitments.plan_day(finished)
        for commitment in Commitment.objects.filter(enrolment__cycle=finished):
            self.assertEqual(timezone.localdate(commitment.created_at), day)
            self.assertGreater(commitment.by_when, day)

    def test_the_current_cycle_has_no_plan_before_dj8(self):
        current = self.built["current"]
        self.assertFalse(Commitment.objects.filter(enrolment__cycle=current).exists())
        self.assertGreater(commitments.plan_day(current), SEPTEMBER)

    def test_the_synthesis_meetings_and_statuses_are_there_without_a_review(self):
        finished = self.built["finished"]
        parts = SynthesisPart.objects.filter(cycle=finished)
        self.assertEqual(parts.count(), 4)
        for part in parts:
            self.assertTrue(part.text)
            self.assertTrue(part.commitments.exists(), part.theme)
        self.assertEqual(Meeting.objects.filter(cycle=finished).count(), 2)
        self.assertFalse(ClosingReview.objects.filter(cycle=finished).exists())
        latest = {}
        for change in StatusChange.objects.filter(commitment__enrolment__cycle=finished):
            latest[change.commitment_id] = change
        statuses = [c.status for c in latest.values()]
        self.assertGreaterEqual(statuses.count("under_way"), 2)
        self.assertEqual(statuses.count("done"), 1)
        self.assertEqual(statuses.count("abandoned"), 1)
        abandoned = next(c for c in latest.values() if c.status == "abandoned")
        self.assertTrue(abandoned.note)
        self.assertEqual(
            {c.by for c in StatusChange.objects.filter(commitment__enrolment__cycle=finished)},
            {"trainee", "contact", "trainer"},
        )
        for change in StatusChange.objects.all():
            self.assertLessEqual(change.at, self.now)

    def test_the_demo_contact_finds_the_accompaniment_of_the_finished_cycle(self):
        finished = self.built["finished"]
        self.client.login(username="structure", password=demo.PASSWORD)
        dashboard = self.client.get(reverse("cycles:dashboard"))
        url = reverse("plans:accompaniment", args=[finished.code])
        self.assertContains(dashboard, url)
        page = self.client.get(url)
        self.assertContains(page, "Un agenda partagé pour l’équipe éducative")
        self.assertContains(page, "Le siège change de logiciel métier")
