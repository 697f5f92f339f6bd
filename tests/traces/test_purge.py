"""Retention: what the lab kept for a cycle is deleted once the cycle is over."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from acunum.cycles.models import Cycle
from acunum.outbox import producers, worker
from acunum.test import BaseTestCase
from acunum.traces.comparing import purge_ended
from acunum.traces.models import CycleKey, Submission, Trace
from tests.traces.world import compare_directly, open_lab


def moment(day, hour=12):
    return timezone.make_aware(datetime.combine(day, time(hour)))


class PurgeTests(BaseTestCase):
    def setUp(self):
        self.today = timezone.localdate()
        open_lab(self.cycle, last=self.today)
        open_lab(self.other_cycle, last=self.today + timedelta(days=10))
        compare_directly(self.dominique)
        compare_directly(self.eden)
        compare_directly(self.farid)

    def test_nothing_is_deleted_on_the_day_of_the_last_half_day(self):
        self.assertEqual(purge_ended(moment(self.today, 23)), 0)
        self.assertEqual(Submission.objects.count(), 3)

    def test_the_day_after_the_key_and_every_submission_of_the_cycle_are_deleted(self):
        self.assertEqual(purge_ended(moment(self.today + timedelta(days=1), 0)), 1)
        self.assertFalse(CycleKey.objects.filter(cycle=self.cycle).exists())
        self.assertFalse(Submission.objects.filter(enrolment__cycle=self.cycle).exists())
        self.assertFalse(Trace.objects.filter(submission__enrolment__cycle=self.cycle).exists())
        # The other cycle goes on.
        self.assertEqual(Submission.objects.get().enrolment, self.farid)

    def test_a_cancelled_or_closed_cycle_is_purged_at_once(self):
        Cycle.objects.filter(pk=self.other_cycle.pk).update(status=Cycle.Status.CLOSED)
        self.assertEqual(purge_ended(moment(self.today)), 1)
        self.assertFalse(CycleKey.objects.filter(cycle=self.other_cycle).exists())
        self.assertTrue(CycleKey.objects.filter(cycle=self.cycle).exists())

    def test_with_nothing_to_delete_it_takes_one_query(self):
        with self.assertNumQueries(1):
            self.assertEqual(purge_ended(moment(self.today)), 0)

    def test_the_worker_runs_it_before_each_round(self):
        self.assertIn(purge_ended, producers._producers)
        worker.run_once(moment(self.today + timedelta(days=11)))
        self.assertFalse(CycleKey.objects.exists())
        self.assertFalse(Trace.objects.exists())

    def test_a_new_comparison_after_the_purge_is_refused(self):
        purge_ended(moment(self.today + timedelta(days=1)))
        from acunum.traces import comparing

        with self.assertRaises(comparing.Refused):
            comparing.compare(self.dominique, {}, {}, moment(self.today + timedelta(days=1)))
        self.assertFalse(CycleKey.objects.filter(cycle=self.cycle).exists())
