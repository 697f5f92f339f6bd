"""A complaint's steps: received, acknowledged, answered, closed, each dated in order.

Refusals are read in English here (the msgids): the French is the lead's catalogue.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import translation

from acunum.complaints.models import Complaint, Refused
from acunum.test import BaseTestCase
from tests.complaints.world import at, staff_report, trainee_report

FILED = date(2026, 3, 2)
TODAY = date(2026, 3, 20)


class StateTests(BaseTestCase):
    def setUp(self):
        self.enterContext(translation.override("en"))
        self.complaint = trainee_report(self, now=at(FILED, 18))

    def test_a_new_report_is_received_and_offers_the_acknowledgement_only(self):
        self.assertEqual(self.complaint.status, Complaint.Status.RECEIVED)
        self.assertEqual(self.complaint.offered_steps(), [Complaint.Status.ACKNOWLEDGED])

    def test_it_goes_through_every_step_each_dated(self):
        c = self.complaint
        c.acknowledge(date(2026, 3, 3), self.alice, TODAY)
        c.record_answer(date(2026, 3, 6), "  Nous changeons de salle.  ", self.alice, TODAY)
        c.close(date(2026, 3, 10), self.alice, TODAY)
        c.refresh_from_db()
        self.assertEqual(c.status, Complaint.Status.CLOSED)
        self.assertEqual(
            (c.acknowledged_on, c.answered_on, c.closed_on),
            (date(2026, 3, 3), date(2026, 3, 6), date(2026, 3, 10)),
        )
        self.assertEqual(c.answer, "Nous changeons de salle.")
        self.assertEqual((c.acknowledged_by, c.answered_by, c.closed_by), (self.alice,) * 3)
        self.assertEqual((c.days_to_acknowledge, c.days_to_answer), (1, 4))
        self.assertEqual(c.offered_steps(), [])

    def test_an_answer_before_the_acknowledgement_is_refused(self):
        c = self.complaint
        c.acknowledge(date(2026, 3, 5), self.alice, TODAY)
        with self.assertRaises(Refused) as refused:
            c.record_answer(date(2026, 3, 4), "Réponse", self.alice, TODAY)
        self.assertEqual(refused.exception.field, "date")
        self.assertIn("before the acknowledgement", str(refused.exception))
        c.refresh_from_db()
        self.assertEqual(c.status, Complaint.Status.ACKNOWLEDGED)
        self.assertIsNone(c.answered_on)

    def test_an_acknowledgement_before_the_report_was_received_is_refused(self):
        with self.assertRaises(Refused) as refused:
            self.complaint.acknowledge(FILED - timedelta(days=1), self.alice, TODAY)
        self.assertEqual(refused.exception.field, "date")
        self.complaint.refresh_from_db()
        self.assertEqual(self.complaint.status, Complaint.Status.RECEIVED)

    def test_the_same_day_for_every_step_is_accepted(self):
        c = self.complaint
        c.acknowledge(FILED, self.alice, TODAY)
        c.record_answer(FILED, "Réponse", self.alice, TODAY)
        c.close(FILED, self.alice, TODAY)
        self.assertEqual((c.days_to_acknowledge, c.days_to_answer), (0, 0))

    def test_a_closure_before_the_answer_is_refused(self):
        c = self.complaint
        c.acknowledge(date(2026, 3, 3), self.alice, TODAY)
        c.record_answer(date(2026, 3, 8), "Réponse", self.alice, TODAY)
        with self.assertRaises(Refused):
            c.close(date(2026, 3, 7), self.alice, TODAY)
        c.refresh_from_db()
        self.assertEqual(c.status, Complaint.Status.ANSWERED)

    def test_a_date_in_the_future_is_refused(self):
        with self.assertRaises(Refused) as refused:
            self.complaint.acknowledge(TODAY + timedelta(days=1), self.alice, TODAY)
        self.assertIn("future", str(refused.exception))

    def test_a_step_cannot_be_skipped_or_repeated(self):
        c = self.complaint
        with self.assertRaises(Refused):
            c.record_answer(date(2026, 3, 3), "Réponse", self.alice, TODAY)
        with self.assertRaises(Refused):
            c.close(date(2026, 3, 3), self.alice, TODAY)
        c.acknowledge(date(2026, 3, 3), self.alice, TODAY)
        with self.assertRaises(Refused) as refused:
            c.acknowledge(date(2026, 3, 4), self.alice, TODAY)
        self.assertIn("“Acknowledged”", str(refused.exception))

    def test_a_stale_copy_cannot_move_a_report_twice(self):
        stale = Complaint.objects.get(pk=self.complaint.pk)
        self.complaint.acknowledge(date(2026, 3, 3), self.alice, TODAY)
        with self.assertRaises(Refused):
            stale.acknowledge(date(2026, 3, 4), self.alice, TODAY)
        self.complaint.refresh_from_db()
        self.assertEqual(self.complaint.acknowledged_on, date(2026, 3, 3))

    def test_an_empty_answer_is_refused(self):
        self.complaint.acknowledge(date(2026, 3, 3), self.alice, TODAY)
        with self.assertRaises(Refused) as refused:
            self.complaint.record_answer(date(2026, 3, 4), "   ", self.alice, TODAY)
        self.assertEqual(refused.exception.field, "text")

    def test_a_report_expecting_an_answer_cannot_be_closed_without_one(self):
        self.complaint.acknowledge(date(2026, 3, 3), self.alice, TODAY)
        self.assertEqual(self.complaint.offered_steps(), [Complaint.Status.ANSWERED])
        with self.assertRaises(Refused) as refused:
            self.complaint.close(date(2026, 3, 4), self.alice, TODAY)
        self.assertIn("answer", str(refused.exception))

    def test_a_report_expecting_no_answer_may_be_closed_or_answered(self):
        incident = staff_report(self.bob, self.cycle, wants_answer=False, now=at(FILED))
        incident.acknowledge(FILED, self.alice, TODAY)
        self.assertEqual(
            incident.offered_steps(), [Complaint.Status.ANSWERED, Complaint.Status.CLOSED]
        )
        incident.close(date(2026, 3, 4), self.alice, TODAY)
        incident.refresh_from_db()
        self.assertEqual(incident.status, Complaint.Status.CLOSED)
        self.assertIsNone(incident.answered_on)
        self.assertIsNone(incident.days_to_answer)

    def test_days_waiting_count_from_the_day_it_was_received(self):
        self.assertEqual(self.complaint.days_waiting(TODAY), 18)
        self.complaint.acknowledge(date(2026, 3, 3), self.alice, TODAY)
        self.assertEqual(self.complaint.days_waiting(TODAY), 18)
        self.complaint.record_answer(date(2026, 3, 4), "Réponse", self.alice, TODAY)
        self.assertIsNone(self.complaint.days_waiting(TODAY))


class ConstraintTests(BaseTestCase):
    """The database itself refuses a record whose dates and status disagree."""

    def setUp(self):
        self.complaint = trainee_report(self, now=at(FILED))

    def refused(self, **changes) -> None:
        with self.assertRaises(IntegrityError), transaction.atomic():
            Complaint.objects.filter(pk=self.complaint.pk).update(**changes)

    def test_an_answer_dated_before_the_acknowledgement_is_refused(self):
        self.refused(
            status="answered",
            acknowledged_on=date(2026, 3, 5),
            answered_on=date(2026, 3, 4),
            answer="Réponse",
        )

    def test_a_status_without_the_dates_of_its_steps_is_refused(self):
        self.refused(status="acknowledged")
        self.refused(status="closed", closed_on=date(2026, 3, 5))
        self.refused(acknowledged_on=date(2026, 3, 5))

    def test_an_answer_without_its_text_is_refused(self):
        self.refused(
            status="answered", acknowledged_on=date(2026, 3, 3), answered_on=date(2026, 3, 4)
        )

    def test_a_closure_before_the_answer_is_refused(self):
        self.refused(
            status="closed",
            acknowledged_on=date(2026, 3, 3),
            answered_on=date(2026, 3, 6),
            answer="Réponse",
            closed_on=date(2026, 3, 5),
        )

    def test_only_the_of_may_report_about_no_cycle(self):
        self.refused(cycle=None)
        Complaint.objects.filter(pk=self.complaint.pk).update(by="admin", cycle=None)
        self.assertEqual(Complaint.objects.filter(cycle=None).count(), 1)
