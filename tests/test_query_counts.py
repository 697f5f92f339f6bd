"""Staff and trainee pages run a fixed number of SQL queries, whatever the size of the group.

DESIGN §8. Each test counts the queries of a page in the small BaseTestCase world, grows the
world (8 slots to 16, 2 trainees to 14, more cycles with more trainers), counts again and
expects the same number.
"""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from acunum.cycles.models import Cycle
from acunum.test import BaseTestCase, make_trainee, schedule_cycle


class QueryCountTests(BaseTestCase):
    def queries(self, url: str) -> list[str]:
        # A first request fills the per-process caches (content types, translations).
        self.assertEqual(self.client.get(url).status_code, 200)
        with CaptureQueriesContext(connection) as ctx:
            r = self.client.get(url)
        self.assertEqual(r.status_code, 200)
        return [q["sql"] for q in ctx.captured_queries]

    def grow(self) -> None:
        """Fill the Passerelle cycle to 14 trainees and 16 slots; give everyone more cycles."""
        schedule_cycle(self.cycle, date(2026, 1, 5))
        for n in range(self.cycle.max_trainees - self.cycle.enrolments.count()):
            make_trainee(self.cycle, f"Extra{n}")
        for n, status in enumerate(
            [Cycle.Status.REQUEST, Cycle.Status.AGREED, Cycle.Status.CLOSED]
        ):
            cycle = Cycle.objects.create(
                programme_version=self.version,
                structure=self.structure,
                place=f"Salle {n + 10}",
                status=status,
            )
            cycle.trainers.add(self.bob, self.alice)
            schedule_cycle(cycle, date(2026, 9, 7 + 7 * n))
            for m in range(3 + n):
                make_trainee(cycle, f"More{n}x{m}")

    def assert_constant(self, url: str) -> None:
        # Start from half a schedule so that a query per slot would show too.
        self.cycle.slots.filter(index__gt=8).delete()
        small = self.queries(url)
        self.grow()
        large = self.queries(url)
        self.assertEqual(
            len(small),
            len(large),
            f"{url}: {len(small)} queries with 2 trainees and 8 slots, "
            f"{len(large)} with 14 and 16:\n" + "\n".join(large),
        )

    def test_the_dashboard_costs_the_same_for_the_of_admin_whatever_the_number_of_cycles(self):
        self.login(self.alice)
        self.assert_constant(reverse("cycles:dashboard"))

    def test_the_dashboard_costs_the_same_for_a_trainer_whatever_the_number_of_cycles(self):
        self.login(self.bob)
        self.assert_constant(reverse("cycles:dashboard"))

    def test_the_dashboard_costs_the_same_for_a_contact_whatever_the_number_of_cycles(self):
        self.login(self.diane)
        self.assert_constant(reverse("cycles:dashboard"))

    def test_the_cycle_page_costs_the_same_for_the_of_admin_whatever_the_number_of_trainees(self):
        self.login(self.alice)
        self.assert_constant(self.cycle.get_absolute_url())

    def test_the_cycle_page_costs_the_same_for_a_trainer_whatever_the_number_of_trainees(self):
        self.login(self.bob)
        self.assert_constant(self.cycle.get_absolute_url())

    def test_the_cycle_page_costs_the_same_for_a_contact_whatever_the_number_of_trainees(self):
        self.login(self.diane)
        self.assert_constant(self.cycle.get_absolute_url())

    def test_the_trainee_page_costs_the_same_whatever_the_number_of_trainees(self):
        self.assert_constant(reverse("cycles:trainee-home", args=[self.dominique_token]))

    # The results of the questionnaires; with answers from each trainee too, in
    # tests/evaluation/test_results.py (QueryCountTests).
    def test_the_results_page_costs_the_same_for_a_trainer_whatever_the_number_of_trainees(self):
        self.login(self.bob)
        self.assert_constant(reverse("evaluation:results", args=[self.cycle.code]))

    def test_the_results_page_costs_the_same_for_a_contact_whatever_the_number_of_trainees(self):
        self.login(self.diane)
        self.assert_constant(reverse("evaluation:results", args=[self.cycle.code]))

    def test_the_dashboard_lists_the_added_cycles(self):
        # Guards the tests above: growing the world must show on the page that is counted.
        self.grow()
        self.login(self.diane)
        r = self.client.get(reverse("cycles:dashboard"))
        self.assertContains(r, '<li class="card">', count=4)

    def test_the_cycle_page_shows_the_added_trainees(self):
        self.grow()
        self.login(self.diane)
        r = self.client.get(self.cycle.get_absolute_url())
        self.assertContains(r, "<td>TEST Extra", count=12)  # the trainees table
