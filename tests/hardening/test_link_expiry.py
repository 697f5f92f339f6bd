"""A trainee's personal link stops working LINK_DAYS_AFTER_END days after the cycle's last day.

The test world's cycles run from January 2026. "Today" is set by patching Django's
timezone.localdate, which the link check reads: these tests mean the same whatever the date.
"""

from __future__ import annotations

from datetime import date, timedelta
from unittest import mock

from django.conf import settings
from django.db.models import Max
from django.test import override_settings
from django.urls import reverse
from django.utils import formats

from acunum.attendance import rush
from acunum.attendance.models import Refusal
from acunum.cycles.access import (
    LinkExpired,
    LinkRevoked,
    get_enrolment_for_token,
    link_expiry,
)
from acunum.cycles.models import Cycle, hash_token
from acunum.evaluation.checks import check_links_outlive_the_cold_satisfaction
from acunum.test import BaseTestCase, make_trainee, open_today

DAYS = 365


def on(day: date):
    """Today is `day`, for the link check (and for whatever else reads timezone.localdate)."""
    return mock.patch("django.utils.timezone.localdate", return_value=day)


@override_settings(LINK_DAYS_AFTER_END=DAYS)
class LinkExpiryTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.last_day = cls.cycle.slots.aggregate(last=Max("date"))["last"]
        # The first day the link no longer works; it still does the day before.
        cls.expired_on = cls.last_day + timedelta(days=DAYS + 1)

    def pages(self, token: str) -> list[str]:
        return [
            reverse("cycles:trainee-home", args=[token]),
            reverse("attendance:sign", args=[token, 1]),
            reverse("evaluation:trainee-answer", args=[token, "satisfaction-froid"]),
        ]

    def test_the_link_works_the_day_before_it_expires(self):
        with on(self.expired_on - timedelta(days=1)):
            for url in self.pages(self.dominique_token):
                with self.subTest(url=url):
                    self.assertEqual(self.client.get(url).status_code, 200)

    def test_the_link_is_refused_from_the_day_it_expires_with_the_date_in_french(self):
        expected = (
            f"Ce lien a expiré le {formats.date_format(self.expired_on)} : la formation est "
            f"terminée depuis plus de {DAYS} jours."
        )
        for today in (self.expired_on, self.expired_on + timedelta(days=1)):
            with on(today):
                for url in self.pages(self.dominique_token):
                    with self.subTest(url=url, today=today):
                        r = self.client.get(url)
                        self.assertContains(r, expected, status_code=410)
                        self.assertNotContains(r, "Dominique", status_code=410)

    def test_the_date_is_a_french_date(self):
        with on(self.expired_on):
            r = self.client.get(reverse("cycles:trainee-home", args=[self.dominique_token]))
        months = (
            "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
        )
        months = months.split()
        self.assertContains(r, months[self.expired_on.month - 1], status_code=410)
        self.assertContains(r, str(self.expired_on.year), status_code=410)

    def test_a_signature_is_refused_too_on_the_fast_path(self):
        # Signing is open today for half-day 1; the link expired long before "today" comes.
        slot = self.cycle.slots.get(index=1)
        open_today(slot, self.bob)
        last_day = self.cycle.slots.aggregate(last=Max("date"))["last"]
        url = reverse("attendance:sign", args=[self.dominique_token, 1])
        with on(last_day + timedelta(days=DAYS + 1)):
            self.assertIsNone(rush.signer(hash_token(self.dominique_token), 1))
            r = self.client.post(url, {"code": "0000", "signature": "[]"})
        self.assertEqual(r.status_code, 410)
        self.assertFalse(slot.attendance_events.filter(kind="signature").exists())
        # The trainer sees the attempt, and why it was refused.
        refusal = Refusal.objects.get(enrolment=self.dominique)
        self.assertIn("expir", refusal.reason)  # "expired", "a expiré"
        # The day before, the same link takes the fast path.
        with on(last_day + timedelta(days=DAYS)):
            self.assertIsNotNone(rush.signer(hash_token(self.dominique_token), 1))

    def test_the_check_raises_a_link_revoked_so_every_page_explains_it(self):
        with self.assertRaises(LinkRevoked) as caught:
            get_enrolment_for_token(self.dominique_token, today=self.expired_on)
        self.assertIsInstance(caught.exception, LinkExpired)
        self.assertEqual(caught.exception.expired_on, self.expired_on)
        self.assertEqual(caught.exception.enrolment, self.dominique)
        enrolment = get_enrolment_for_token(
            self.dominique_token, today=self.expired_on - timedelta(days=1)
        )
        self.assertEqual(enrolment, self.dominique)

    def test_the_expiry_costs_no_query_of_its_own(self):
        with self.assertNumQueries(1):
            get_enrolment_for_token(self.dominique_token)

    def test_a_revoked_link_still_says_it_was_revoked(self):
        self.dominique.revoke_link()
        with on(self.expired_on - timedelta(days=1)):
            r = self.client.get(reverse("cycles:trainee-home", args=[self.dominique_token]))
        self.assertContains(r, "nouvelle carte", status_code=410)
        self.assertNotContains(r, "a expiré", status_code=410)

    def test_a_cycle_with_no_half_day_never_expires(self):
        cycle = Cycle.objects.create(programme_version=self.version, structure=self.structure)
        enrolment = make_trainee(cycle, "Gaspard")
        token = enrolment.issue_link()
        with on(date(2100, 1, 1)):
            r = self.client.get(reverse("cycles:trainee-home", args=[token]))
        self.assertEqual(r.status_code, 200)


class ExpirySettingTests(BaseTestCase):
    def test_the_suite_does_not_depend_on_today(self):
        # tests run with ACUNUM_LINK_DAYS_AFTER_END set far away (acunum/lib/pytest_environment):
        # the fixtures' 2026 cycles keep their links for as long as the code lives.
        self.assertGreater(link_expiry(date(2026, 1, 5)), date(2100, 1, 1))

    def test_a_huge_number_of_days_means_never(self):
        with self.settings(LINK_DAYS_AFTER_END=10**9):
            self.assertIsNone(link_expiry(date(2026, 1, 5)))
            self.assertIsNotNone(rush.signer(hash_token(self.dominique_token), 1))

    def test_a_warning_when_links_expire_before_the_cold_questionnaire_closes(self):
        needed = settings.COLD_SATISFACTION_DAYS + 30
        with self.settings(LINK_DAYS_AFTER_END=needed - 1):
            warnings = check_links_outlive_the_cold_satisfaction(None)
        self.assertEqual([w.id for w in warnings], ["acunum.W001"])
        self.assertIn(str(needed), warnings[0].hint)
        with self.settings(LINK_DAYS_AFTER_END=needed):
            self.assertEqual(check_links_outlive_the_cold_satisfaction(None), [])
        with self.settings(LINK_DAYS_AFTER_END=365):
            self.assertEqual(check_links_outlive_the_cold_satisfaction(None), [])
