"""The demo's requested usages: the current cycle voting, the finished one with its plan made."""

from __future__ import annotations

from datetime import date

from django.test import TestCase, override_settings
from django.urls import reverse

from acunum.site import demo
from acunum.usages import plan, proposals
from acunum.usages.models import DOTS_PER_TRAINEE, Adaptation, Dot, Proposal, Theme

TUESDAY = date(2026, 11, 24)


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class DemoUsagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.built = demo.build(today=TUESDAY)
        cls.current, cls.finished = cls.built["current"], cls.built["finished"]
        # demo.build records the usages (acunum/site/demo_usages.py) at noon of that day.

    def test_the_current_cycle_votes_on_eight_proposals_with_no_theme_yet(self):
        listed = Proposal.objects.of_cycle(self.current).visible()
        self.assertEqual(listed.count(), 8)
        self.assertEqual(
            set(listed.values_list("category", flat=True)),
            {"social_network", "public_actions", "smartphone_at_work", "other"},
        )
        self.assertEqual(proposals.state(self.current, TUESDAY).value, "open")
        self.assertTrue(proposals.state(self.current, TUESDAY).opened_early)
        self.assertFalse(Theme.objects.filter(cycle=self.current).exists())
        voters = Dot.objects.filter(proposal__cycle=self.current).values("enrolment").distinct()
        self.assertGreaterEqual(voters.count(), self.current.enrolments.count() * 2 // 3)
        for enrolment in self.current.enrolments.all():
            self.assertLessEqual(sum(proposals.dots_of(enrolment).values()), DOTS_PER_TRAINEE)
        ranked = list(listed.ranked())
        self.assertGreater(ranked[0].dot_count, ranked[-1].dot_count)
        self.assertTrue(any(p.comments.filter(user__isnull=False).exists() for p in listed))
        self.assertGreaterEqual(sum(p.comments.count() for p in listed), 8)
        # Proposed during this week's days, before the demo's moment.
        dates = {p.created_at.date() for p in listed}
        self.assertTrue(
            all(TUESDAY.toordinal() - 3 <= d.toordinal() <= TUESDAY.toordinal() for d in dates)
        )

    def test_the_finished_cycle_has_a_merge_its_complete_plan_and_the_record(self):
        self.assertTrue(plan.is_complete(self.finished))
        merged = Proposal.objects.of_cycle(self.finished).filter(merged_into__isnull=False)
        self.assertEqual(merged.count(), 1)
        self.assertFalse(merged.get().dots.exists())
        days = plan.half_days(self.finished)
        self.assertEqual([d.sequence.code for d in days], ["DJ3", "DJ4", "DJ5", "DJ6", "DJ7"])
        for day in days:
            with self.subTest(day=day.sequence.code):
                self.assertTrue(day.theme.objectives and day.theme.resources)
                self.assertTrue(day.theme.proposals.exists())
                self.assertLess(
                    Adaptation.objects.of_cycle(self.finished)
                    .filter(sequence=day.sequence)
                    .first()
                    .at,
                    day.slot.starts_at(),
                )
        record = list(Adaptation.objects.of_cycle(self.finished))
        self.assertEqual([a.change for a in record], ["created"] * 5 + ["changed"])
        self.assertTrue(all(a.reason and a.user_name == "Camille Roche" for a in record))
        self.assertIn("Orages", record[-1].reason)

    def test_the_demo_pages_open(self):
        self.client.force_login(self.built["trainer"])
        for cycle in (self.current, self.finished):
            with self.subTest(cycle=str(cycle)):
                r = self.client.get(reverse("usages:board", args=[cycle.code]))
                self.assertEqual(r.status_code, 200)
        self.client.logout()
        for cycle in (self.current, self.finished):
            token = cycle.enrolments.order_by("seat").first().issue_link()
            for name in ("proposals", "plan"):
                with self.subTest(cycle=str(cycle), page=name):
                    r = self.client.get(reverse(f"usages:{name}", args=[token]))
                    self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Cartopartie en salle")
