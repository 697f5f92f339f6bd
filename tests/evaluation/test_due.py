"""When each questionnaire opens and closes, at the edges of its window."""

from __future__ import annotations

from datetime import timedelta

from acunum.cycles.models import Cycle
from acunum.evaluation import due
from acunum.test import BaseTestCase
from tests.evaluation.world import (
    APPRAISAL,
    COLD,
    HOT,
    POSITIONING,
    SELF_ASSESSMENT,
    SPONSOR,
    TRAINER_ASSESSMENT,
    before_training,
)

SECOND = timedelta(seconds=1)


class WindowTests(BaseTestCase):
    def setUp(self):
        self.windows = due.cycle_windows(self.cycle)
        slots = list(self.cycle.slots.order_by("index"))
        self.first, self.last = slots[0], slots[-1]

    def state(self, slug, at, enrolment=None):
        return self.windows[slug].state(at, enrolment)

    def test_every_questionnaire_has_a_window_once_the_cycle_is_scheduled(self):
        self.assertEqual(set(self.windows), set(due.WINDOWS))
        self.assertEqual(self.last.index, 16)

    def test_the_positioning_opens_at_enrolment(self):
        before_training(self.cycle)
        self.windows = due.cycle_windows(self.cycle)
        enrolled = self.dominique.created_at
        self.assertEqual(self.state(POSITIONING, enrolled - SECOND, self.dominique), due.UPCOMING)
        self.assertEqual(self.state(POSITIONING, enrolled, self.dominique), due.OPEN)

    def test_the_positioning_closes_at_the_end_of_the_first_half_day(self):
        before_training(self.cycle)
        self.windows = due.cycle_windows(self.cycle)
        end = self.cycle.slots.get(index=1).ends_at()
        self.assertEqual(self.state(POSITIONING, end - SECOND, self.dominique), due.OPEN)
        self.assertEqual(self.state(POSITIONING, end, self.dominique), due.CLOSED)

    def test_the_assessment_and_hot_satisfaction_open_with_the_last_half_day_for_14_days(self):
        start = self.last.starts_at()
        for slug in (SELF_ASSESSMENT, HOT):
            with self.subTest(slug=slug):
                self.assertEqual(self.state(slug, start - SECOND), due.UPCOMING)
                self.assertEqual(self.state(slug, start), due.OPEN)
                self.assertEqual(self.state(slug, start + timedelta(days=14) - SECOND), due.OPEN)
                self.assertEqual(self.state(slug, start + timedelta(days=14)), due.CLOSED)

    def test_the_cold_satisfaction_opens_90_days_after_the_end_for_30_days(self):
        opens = self.last.ends_at() + timedelta(days=90)
        self.assertEqual(self.state(COLD, opens - SECOND), due.UPCOMING)
        self.assertEqual(self.state(COLD, opens), due.OPEN)
        self.assertEqual(self.state(COLD, opens + timedelta(days=30) - SECOND), due.OPEN)
        self.assertEqual(self.state(COLD, opens + timedelta(days=30)), due.CLOSED)

    def test_the_cold_satisfaction_delay_is_a_setting(self):
        with self.settings(COLD_SATISFACTION_DAYS=60):
            window = due.cycle_windows(self.cycle)[COLD]
        self.assertEqual(window.opens, self.last.ends_at() + timedelta(days=60))

    def test_the_structure_and_the_trainer_answer_from_the_end_of_the_last_half_day(self):
        end = self.last.ends_at()
        for slug in (SPONSOR, APPRAISAL):
            with self.subTest(slug=slug):
                self.assertEqual(self.state(slug, end - SECOND), due.UPCOMING)
                self.assertEqual(self.state(slug, end), due.OPEN)
        self.assertEqual(self.state(SPONSOR, end + timedelta(days=30)), due.CLOSED)
        # The appraisal and the trainer's assessment wait for the trainer: they never close.
        self.assertEqual(self.state(APPRAISAL, end + timedelta(days=400)), due.OPEN)
        self.assertEqual(self.state(TRAINER_ASSESSMENT, self.last.starts_at()), due.OPEN)
        self.assertEqual(
            self.state(TRAINER_ASSESSMENT, self.last.starts_at() + timedelta(days=400)), due.OPEN
        )

    def test_a_closed_or_cancelled_cycle_closes_every_questionnaire(self):
        during = self.last.starts_at() + timedelta(hours=1)
        Cycle.objects.filter(pk=self.cycle.pk).update(status=Cycle.Status.CLOSED)
        self.cycle.refresh_from_db()
        windows = due.cycle_windows(self.cycle)
        self.assertEqual(windows[HOT].state(during), due.CLOSED)
        self.assertEqual(windows[APPRAISAL].state(during + timedelta(days=1)), due.CLOSED)

    def test_a_cycle_without_a_schedule_has_nothing_open(self):
        self.cycle.slots.all().delete()
        self.assertEqual(due.cycle_windows(self.cycle), {})

    def test_the_last_half_day_is_the_last_by_number_even_if_moved_earlier(self):
        # DJ8 is the last half-day of the programme, whatever its date.
        self.assertEqual(self.windows[HOT].opens, self.last.starts_at())
