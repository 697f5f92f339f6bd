"""The named selections the evidence per indicator reads: complaints of a cycle, of a period,
still open; improvements of a period; agreements in force on a day."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from acunum.complaints.models import Complaint, Improvement, TrainerAgreement
from acunum.test import BaseTestCase
from tests.complaints.world import agreement, at, staff_report, trainee_report

PARIS = ZoneInfo("Europe/Paris")
TODAY = date(2026, 6, 30)


class ComplaintQuerySetTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # 31 March, 23:30 in Paris is 21:30 UTC: a report of March, whatever the server's clock.
        cls.march = trainee_report(cls, now=datetime(2026, 3, 31, 23, 30, tzinfo=PARIS))
        cls.april = staff_report(
            cls.diane, cls.cycle, now=datetime(2026, 4, 1, 0, 10, tzinfo=PARIS)
        )
        cls.other = staff_report(cls.charlie, cls.other_cycle, now=at(date(2026, 4, 15)))
        cls.no_cycle = staff_report(cls.alice, None, now=at(date(2026, 5, 2)))
        cls.april.acknowledge(date(2026, 4, 2), cls.alice, TODAY)
        cls.april.record_answer(date(2026, 4, 3), "Réparé", cls.alice, TODAY)
        cls.april.close(date(2026, 4, 4), cls.alice, TODAY)

    def test_of_cycle_keeps_the_reports_about_that_cycle(self):
        self.assertCountEqual(Complaint.objects.of_cycle(self.cycle), [self.march, self.april])
        self.assertCountEqual(Complaint.objects.of_cycle(self.other_cycle), [self.other])

    def test_in_period_counts_both_ends_in_local_days(self):
        self.assertCountEqual(
            Complaint.objects.in_period(date(2026, 3, 1), date(2026, 3, 31)), [self.march]
        )
        self.assertCountEqual(
            Complaint.objects.in_period(date(2026, 4, 1), date(2026, 4, 15)),
            [self.april, self.other],
        )
        self.assertCountEqual(Complaint.objects.in_period(date(2026, 4, 16), date(2026, 5, 1)), [])
        self.assertEqual(Complaint.objects.in_period(date(2026, 1, 1), TODAY).count(), 4)

    def test_open_leaves_out_the_closed_ones(self):
        self.assertCountEqual(Complaint.objects.open(), [self.march, self.other, self.no_cycle])

    def test_the_selections_combine(self):
        self.assertCountEqual(
            Complaint.objects.of_cycle(self.cycle).in_period(date(2026, 4, 1), TODAY).open(), []
        )
        self.assertCountEqual(Complaint.objects.of_cycle(self.cycle).incidents(), [self.april])

    def test_open_first_puts_the_oldest_open_first_and_the_closed_last(self):
        self.assertEqual(
            list(Complaint.objects.open_first()),
            [self.march, self.other, self.no_cycle, self.april],
        )


class ImprovementQuerySetTests(BaseTestCase):
    def improvement(self, decided_on: date, **extra) -> Improvement:
        return Improvement.objects.create(
            what="Un changement",
            cause=Improvement.Cause.SATISFACTION,
            cycle=extra.pop("cycle", self.cycle),
            source_note="Satisfaction à chaud",
            decided_on=decided_on,
            decided_by="Alice",
            **extra,
        )

    def test_in_period_keeps_those_decided_within_both_ends(self):
        first = self.improvement(date(2026, 1, 1))
        last = self.improvement(date(2026, 12, 31))
        self.improvement(date(2025, 12, 31))
        self.improvement(date(2027, 1, 1))
        self.assertCountEqual(
            Improvement.objects.in_period(date(2026, 1, 1), date(2026, 12, 31)), [first, last]
        )

    def test_of_cycle_follows_the_complaint_or_the_satisfaction(self):
        satisfaction = self.improvement(date(2026, 2, 1))
        self.improvement(date(2026, 2, 1), cycle=self.other_cycle)
        complaint = trainee_report(self)
        caused = Improvement.objects.create(
            what="Vérifier le chauffage",
            cause=Improvement.Cause.COMPLAINT,
            complaint=complaint,
            decided_on=date(2026, 2, 2),
            decided_by="Alice",
        )
        self.assertCountEqual(Improvement.objects.of_cycle(self.cycle), [satisfaction, caused])


class AgreementQuerySetTests(BaseTestCase):
    def test_valid_on_includes_both_ends_and_open_ended_agreements(self):
        ended = agreement(self.bob, date(2025, 1, 1), date(2025, 12, 31))
        open_ended = agreement(self.charlie, date(2026, 1, 1), None)
        valid_on = TrainerAgreement.objects.valid_on
        self.assertCountEqual(valid_on(date(2024, 12, 31)), [])
        self.assertCountEqual(valid_on(date(2025, 1, 1)), [ended])
        self.assertCountEqual(valid_on(date(2025, 12, 31)), [ended])
        self.assertCountEqual(valid_on(date(2026, 1, 1)), [open_ended])
        self.assertCountEqual(valid_on(date(2036, 1, 1)), [open_ended])
        self.assertCountEqual(valid_on(date(2026, 1, 1)).filter(trainer=self.bob), [])
        self.assertTrue(ended.is_valid_on(date(2025, 12, 31)))
        self.assertFalse(ended.is_valid_on(date(2026, 1, 1)))
