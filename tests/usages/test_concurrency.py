"""Three dots at most, even when one trainee's phones (or fingers) send at the same instant.

Threads with their own database connections, released together, as a server's workers would be.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.test import Client, TransactionTestCase, override_settings
from django.urls import reverse

from acunum.cycles.models import Cycle, Enrolment
from acunum.programmes.loader import load_programme
from acunum.test import make_structure, make_trainee, schedule_cycle
from acunum.usages import proposals
from acunum.usages.models import DOTS_PER_TRAINEE, Dot, Proposal, Refused
from tests.cycles.test_enrolment_limit import run_together


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class ConcurrentDotTests(TransactionTestCase):
    def setUp(self):
        version, _created = load_programme()
        self.cycle = Cycle.objects.create(programme_version=version, structure=make_structure("S"))
        schedule_cycle(self.cycle, date(2026, 1, 5))  # J4 long past: the proposals are open
        self.enrolment = make_trainee(self.cycle, "Dominique")
        self.options = [
            proposals.propose(self.enrolment, f"Usage {n}", "", "other") for n in range(4)
        ]

    def fresh(self) -> tuple[Enrolment, list[Proposal]]:
        """What a request reads for itself: its own rows, not the test's objects."""
        enrolment = Enrolment.objects.select_related("cycle__programme_version").get(
            pk=self.enrolment.pk
        )
        return enrolment, list(Proposal.objects.filter(pk__in=[p.pk for p in self.options]))

    def dots(self) -> list[int]:
        return sorted(Dot.objects.filter(enrolment=self.enrolment).values_list("number", flat=True))

    def test_ten_taps_at_once_place_three_dots_and_refuse_seven_naming_the_limit(self):
        def tap(i: int):
            enrolment, options = self.fresh()
            return proposals.place_dot(enrolment, options[i % 4])

        results = run_together(tap, 10)
        placed = [r for r in results if isinstance(r, proposals.Dots)]
        refused = [r for r in results if isinstance(r, Refused)]
        self.assertEqual([r for r in results if r not in placed + refused], [])
        self.assertEqual((len(placed), len(refused)), (DOTS_PER_TRAINEE, 10 - DOTS_PER_TRAINEE))
        self.assertTrue(all(str(r) == proposals.limit_message() for r in refused))
        self.assertEqual(self.dots(), [1, 2, 3])

    def test_two_phones_placing_the_last_dot_at_once_place_one(self):
        proposals.place_dot(self.enrolment, self.options[0])
        proposals.place_dot(self.enrolment, self.options[0])

        def tap(i: int):
            enrolment, options = self.fresh()
            return proposals.place_dot(enrolment, options[1 + i], seen=0)

        results = run_together(tap, 2)
        self.assertEqual(sorted(type(r).__name__ for r in results), ["Dots", "Refused"])
        self.assertEqual(self.dots(), [1, 2, 3])

    def test_a_double_tap_arriving_together_places_one_dot(self):
        def tap(i: int):
            enrolment, options = self.fresh()
            return proposals.place_dot(enrolment, options[0], seen=0)

        results = run_together(tap, 2)
        self.assertEqual(sorted(r.changed for r in results), [False, True])
        self.assertEqual(self.dots(), [1])

    def test_a_double_tap_through_the_form_places_one_dot(self):
        url = reverse("usages:place", args=[self.enrolment.issue_link(), self.options[2].pk])

        def tap(i: int):
            client = Client()
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
            return client.post(url, {"seen": "0"})

        responses = run_together(tap, 2)
        self.assertEqual([getattr(r, "status_code", r) for r in responses], [302, 302])
        self.assertEqual(proposals.dots_of(self.enrolment), {self.options[2].pk: 1})
