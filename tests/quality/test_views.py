"""The evidence pages: the cycle's for those who run it, the period's for the OF's admin, and the
period's bad dates refused with the field named and nothing computed."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from acunum.quality.evidence import Status
from acunum.test import make_trainee
from tests.quality.test_evidence import EvidenceTestCase


class CyclePageTests(EvidenceTestCase):
    def test_the_trainer_sees_each_indicator_with_its_fix_links(self):
        self.login(self.bob)
        r = self.client.get(reverse("quality:cycle", args=[self.cycle.code]))
        self.assertEqual(r.status_code, 200)
        rows = {e.number: e for e in r.context["rows"]}
        self.assertEqual(sorted(rows), list(range(1, 33)))
        # The board of a half-day over and not closed, where it is fixed.
        self.assertContains(r, reverse("attendance:board", args=[self.cycle.code, 5]))
        self.assertContains(r, reverse("quality:cycle-export", args=[self.cycle.code]))
        for number in rows:
            self.assertContains(r, f'id="indicator-{number}"')

    def test_the_cycle_page_links_to_the_evidence_for_those_who_run_it_only(self):
        url = reverse("quality:cycle", args=[self.cycle.code])
        self.login(self.bob)
        self.assertContains(self.client.get(self.cycle.get_absolute_url()), url)
        self.login(self.diane)
        self.assertNotContains(self.client.get(self.cycle.get_absolute_url()), url)

    def test_the_dashboard_links_the_of_admin_to_the_period_and_the_yearly_figures(self):
        self.login(self.alice)
        r = self.client.get(reverse("cycles:dashboard"))
        self.assertContains(r, reverse("quality:period"))
        self.login(self.bob)
        self.assertNotContains(
            self.client.get(reverse("cycles:dashboard")), reverse("quality:period")
        )

    def test_the_cycle_page_costs_the_same_whatever_the_number_of_trainees(self):
        self.login(self.bob)
        url = reverse("quality:cycle", args=[self.cycle.code])
        self.client.get(url)

        def count() -> int:
            with CaptureQueriesContext(connection) as ctx:
                self.assertEqual(self.client.get(url).status_code, 200)
            return len(ctx.captured_queries)

        before = count()
        for n in range(5):
            make_trainee(self.cycle, f"Extra{n}")
        self.assertEqual(count(), before)


class PeriodPageTests(EvidenceTestCase):
    def test_a_period_shows_its_cycles_and_the_cancelled_apart(self):
        self.login(self.alice)
        r = self.client.get(reverse("quality:period"), {"du": "2026-01-01", "au": "2026-01-31"})
        self.assertEqual(r.status_code, 200)
        scope = r.context["scope"]
        self.assertEqual({d.cycle for d in scope.cycles}, {self.cycle, self.other_cycle})
        self.assertEqual(scope.cancelled, [self.cancelled])
        self.assertContains(r, reverse("quality:cycle", args=[self.other_cycle.code]))
        self.assertContains(
            r, reverse("quality:period-export") + "?du=2026-01-01&amp;au=2026-01-31"
        )
        rows = {e.number: e for e in r.context["rows"]}
        self.assertEqual(rows[3].status, Status.NOT_APPLICABLE)

    def test_without_dates_the_period_is_this_calendar_year(self):
        self.login(self.alice)
        r = self.client.get(reverse("quality:period"))
        self.assertEqual(r.status_code, 200)
        scope = r.context["scope"]
        self.assertEqual((scope.start.month, scope.start.day, scope.end.month), (1, 1, 12))

    def test_bad_dates_are_refused_naming_the_field_and_nothing_is_computed(self):
        self.login(self.alice)
        cases = [
            ({"du": "2026-13-01", "au": "2026-01-31"}, "du"),
            ({"du": "2026-01-01", "au": "31/01/2026"}, "au"),
            ({"du": "2026-01-01"}, "au"),
            ({"du": "2026-02-01", "au": "2026-01-01"}, "au"),
            ({"du": "2015-01-01", "au": "2026-01-01"}, "au"),
        ]
        for query, field in cases:
            with self.subTest(query=query):
                r = self.client.get(reverse("quality:period"), query)
                self.assertEqual(list(r.context["form"].errors), [field])
                self.assertContains(r, f'id="id_{field}_error"')
                self.assertNotIn("rows", r.context)
                r = self.client.get(reverse("quality:period-export"), query)
                self.assertEqual(r.status_code, 400)
                self.assertEqual(r["Content-Type"], "text/html; charset=utf-8")
