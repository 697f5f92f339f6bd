"""The published indicators (Qualiopi indicator 2): every figure against values computed by hand,
the rules of each rate, the threshold, the snapshot on the public programme page, the command and
the outbox's producer."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from acunum.attendance import signing
from acunum.cycles.models import Cycle
from acunum.evaluation import indicators
from acunum.evaluation.answering import Who
from acunum.evaluation.models import PublishedIndicator
from acunum.outbox import producers, worker
from acunum.test import BaseTestCase, make_trainee
from tests.documents.test_certificate import play_slot
from tests.evaluation.test_results import give
from tests.evaluation.world import HOT, HOT_ANSWERS, move_schedule

# Long after both test cycles ended (January and February 2026).
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def hot(cycle, enrolment, score: int) -> None:
    day = cycle.slots.order_by("index").last().date
    answers = {**HOT_ANSWERS, "satisfaction_globale": str(score)}
    give(cycle, HOT, answers, Who(enrolment=enrolment), day)


def last_slot(cycle):
    return cycle.slots.order_by("date", "start").last()


class IndicatorTestCase(BaseTestCase):
    """The Passerelle cycle with three trainees, Dominique, Eden and Gaëlle: Eden absent from
    the last half-day; the hot satisfaction answered 2, 4 and 5 (4 and 5 are satisfied)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.gaelle = make_trainee(cls.cycle, "Gaëlle")
        group = [cls.dominique, cls.eden, cls.gaelle]
        play_slot(last_slot(cls.cycle), group, cls.bob, absent=[cls.eden])
        for enrolment, score in zip(group, [2, 4, 5], strict=True):
            hot(cls.cycle, enrolment, score)

    def figures(self, now=NOW) -> dict:
        programme = self.version.programme_id
        return {year: f for (p, year), f in indicators.compute(now).items() if p == programme}

    def snapshot(self, year: int = 2026) -> PublishedIndicator:
        return PublishedIndicator.objects.get(programme=self.version.programme, year=year)


class ComputeTests(IndicatorTestCase):
    def test_a_small_year_counts_exactly_but_publishes_no_rate(self):
        # The other cycle (Farid, present at nothing, no answer) ended in 2026 as well.
        f = self.figures()[2026]
        self.assertEqual(
            (f.cycles, f.trained, f.completed, f.satisfaction_answers, f.satisfied),
            (2, 4, 2, 3, 2),
        )
        indicators.publish(NOW)
        snapshot = self.snapshot()
        # 2 of 3 satisfied is 66.7 %, but 3 answers are below the threshold of 5.
        self.assertIsNone(snapshot.satisfaction_rate)
        self.assertIsNone(snapshot.completion_rate)  # 2 of 4 trainees: below 5 as well

    def test_the_rates_from_five_answers(self):
        # Three more trainees in the Passerelle cycle: present at the end, satisfied 4, 3, 5.
        group = [make_trainee(self.cycle, name) for name in ("Hugo", "Inès", "Jules")]
        slot = last_slot(self.cycle)
        for enrolment, score in zip(group, [4, 3, 5], strict=True):
            hot(self.cycle, enrolment, score)
            play_slot_presence(slot, enrolment, self.bob)
        indicators.publish(NOW)
        snapshot = self.snapshot()
        # Trained: 6 of the Passerelle and Farid = 7; present at the end: Dominique, Gaëlle,
        # Hugo, Inès, Jules = 5 → 5 / 7 = 71.4 %. Answers 2, 4, 5, 4, 3, 5: satisfied 4 of 6 =
        # 66.7 %.
        self.assertEqual((snapshot.trained, snapshot.completed), (7, 5))
        self.assertEqual((snapshot.satisfaction_answers, snapshot.satisfied), (6, 4))
        self.assertAlmostEqual(snapshot.completion_rate, 71.43, places=2)
        self.assertAlmostEqual(snapshot.satisfaction_rate, 66.67, places=2)
        self.assertEqual(snapshot.computed_at, NOW)

    def test_a_cycle_counts_in_the_year_of_its_last_half_day(self):
        move_schedule(self.other_cycle, last=date(2025, 12, 10))
        figures = self.figures()
        self.assertEqual(sorted(figures), [2025, 2026])
        self.assertEqual((figures[2025].cycles, figures[2025].trained), (1, 1))
        self.assertEqual((figures[2026].cycles, figures[2026].trained), (1, 3))

    def test_a_cycle_counts_once_its_last_half_day_is_over(self):
        move_schedule(self.other_cycle, last=last_slot(self.cycle).date - timedelta(days=7))
        end = last_slot(self.cycle).ends_at()
        before = self.figures(end - timedelta(minutes=1))[2026]
        self.assertEqual(before.cycles, 1)  # the other cycle only, which ended a week earlier
        self.assertEqual(self.figures(end)[2026].cycles, 2)

    def test_a_cancelled_cycle_does_not_count(self):
        Cycle.objects.filter(pk=self.other_cycle.pk).update(status=Cycle.Status.CANCELLED)
        self.assertEqual(self.figures()[2026].trained, 3)

    def test_a_presence_corrected_to_an_absence_is_not_a_completion(self):
        signing.correct(
            last_slot(self.cycle),
            self.gaelle,
            self.bob,
            changes={"status": "absent", "excused": False},
            why="Partie avant le début, signalé le lendemain",
        )
        self.assertEqual(self.figures()[2026].completed, 1)

    def test_a_year_without_an_ended_cycle_is_not_published(self):
        indicators.publish(NOW)
        move_schedule(self.cycle, last=date(2027, 3, 1))
        move_schedule(self.other_cycle, last=date(2027, 3, 1))
        self.assertEqual(indicators.publish(NOW), [])
        self.assertFalse(PublishedIndicator.objects.exists())

    def test_the_computation_costs_the_same_whatever_the_number_of_cycles(self):
        with CaptureQueriesContext(connection) as few:
            indicators.compute(NOW)
        for n in range(3):
            cycle = Cycle.objects.create(
                programme_version=self.version, structure=self.structure, place=f"Salle {n}"
            )
            copy_schedule(self.cycle, cycle)
            enrolment = make_trainee(cycle, f"Kim{n}")
            hot(cycle, enrolment, 5)
            play_slot(last_slot(cycle), [enrolment], self.bob)
        with CaptureQueriesContext(connection) as many:
            self.assertEqual(indicators.compute(NOW)[(self.version.programme_id, 2026)].cycles, 5)
        self.assertEqual(len(few.captured_queries), len(many.captured_queries))


def play_slot_presence(slot, enrolment, trainer) -> None:
    """A trainee's signature on a half-day already played (its window closed): entered from the
    paper sheet, as the trainer would afterwards."""
    from acunum.attendance.models import AttendanceEvent, append

    append(
        AttendanceEvent.Kind.PAPER,
        slot,
        enrolment=enrolment,
        actor=trainer,
        method=AttendanceEvent.Method.PAPER,
        data={"sheet": "0" * 64},
        at=slot.ends_at() + timedelta(hours=1),
    )


def copy_schedule(source: Cycle, target: Cycle) -> None:
    from acunum.cycles.models import Slot

    Slot.objects.bulk_create(
        Slot(
            cycle=target, sequence=s.sequence, index=s.index, date=s.date, start=s.start, end=s.end
        )
        for s in source.slots.all()
    )


class PublishTests(IndicatorTestCase):
    def test_publishing_again_updates_the_same_snapshot(self):
        indicators.publish(NOW)
        hot(self.other_cycle, self.farid, 5)
        indicators.publish(NOW + timedelta(days=1))
        snapshot = self.snapshot()
        self.assertEqual(PublishedIndicator.objects.count(), 1)
        self.assertEqual(snapshot.satisfaction_answers, 4)
        self.assertEqual(snapshot.computed_at, NOW + timedelta(days=1))

    def test_the_command_publishes_and_says_what(self):
        out = io.StringIO()
        with self.settings(LANGUAGE_CODE="en"):
            call_command("indicators", stdout=out)
        self.assertEqual(PublishedIndicator.objects.count(), 1)
        self.assertIn(
            "ACUNUM, 2026: 4 trainees trained; completion not enough answers yet (2 of 4); "
            "satisfaction not enough answers yet (2 of 3 answers)",
            out.getvalue(),
        )

    def test_the_command_says_when_there_is_nothing_to_publish(self):
        move_schedule(self.cycle, last=timezone.localdate() + timedelta(days=30))
        move_schedule(self.other_cycle, last=timezone.localdate() + timedelta(days=30))
        out = io.StringIO()
        with self.settings(LANGUAGE_CODE="en"):
            call_command("indicators", stdout=out)
        self.assertIn("No cycle has ended yet: nothing to publish.", out.getvalue())


class ProducerTests(IndicatorTestCase):
    def test_the_producer_is_registered_with_the_outbox(self):
        self.assertIn(indicators.refresh_if_stale, producers._producers)

    def test_it_publishes_when_there_is_no_snapshot_then_once_a_day(self):
        self.assertEqual(indicators.refresh_if_stale(NOW), 1)
        self.assertEqual(indicators.refresh_if_stale(NOW + timedelta(hours=23)), 0)
        self.assertEqual(self.snapshot().computed_at, NOW)
        self.assertEqual(indicators.refresh_if_stale(NOW + timedelta(days=1)), 1)
        self.assertEqual(self.snapshot().computed_at, NOW + timedelta(days=1))

    def test_with_nothing_ended_it_writes_nothing(self):
        move_schedule(self.cycle, last=date(2027, 3, 1))
        move_schedule(self.other_cycle, last=date(2027, 3, 1))
        with self.assertNumQueries(2):  # the latest snapshot, the ended cycles: no transaction
            self.assertEqual(indicators.refresh_if_stale(NOW), 0)

    def test_the_worker_runs_it_before_each_round(self):
        worker.run_once(NOW)
        self.assertEqual(self.snapshot().computed_at, NOW)


class PublicPageTests(IndicatorTestCase):
    def setUp(self):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def page(self) -> str:
        r = self.client.get(reverse("programmes:public", args=["acunum"]))
        self.assertEqual(r.status_code, 200)
        return r.content.decode()

    def test_before_any_snapshot_the_page_says_results_will_come(self):
        self.assertIn("No cycle of this programme has ended yet", self.page())

    def test_the_page_shows_the_snapshot_and_when_it_was_computed(self):
        PublishedIndicator.objects.create(
            programme=self.version.programme,
            year=2025,
            cycles=3,
            trained=14,
            completed=13,
            satisfaction_answers=12,
            satisfied=11,
            computed_at=datetime(2026, 11, 28, 3, 15, tzinfo=UTC),
        )
        page = self.page()
        self.assertIn('id="h-results"', page)
        self.assertIn("<h3>2025</h3>", page)
        self.assertIn("<strong>93&nbsp;%</strong>", page)  # 13 / 14 = 92.9 %
        self.assertIn("13 of 14 trainees present at the end", page)
        self.assertIn("<strong>92&nbsp;%</strong>", page)  # 11 / 12 = 91.7 %
        self.assertIn("11 satisfied of 12 answers", page)
        # Europe/Paris: 04:15 on 28 November.
        self.assertIn("Computed on 28 November 2026 at 04:15", page)
        self.assertIn("present at their cycle’s last half-day", page)
        self.assertIn("from 4 to 5 out of 5", page)
        self.assertIn("A rate is published once it rests on at least 5 answers.", page)

    def test_below_the_threshold_the_page_says_not_enough_answers_yet(self):
        indicators.publish(NOW)
        page = self.page()
        self.assertIn("not enough answers yet", page)
        self.assertIn("2 satisfied of 3 answers", page)
        self.assertNotIn("67&nbsp;%", page)

    def test_an_old_version_of_the_programme_shows_them_too(self):
        indicators.publish(NOW)
        r = self.client.get(
            reverse("programmes:public-version", args=["acunum", self.version.number])
        )
        self.assertContains(r, "2 satisfied of 3 answers")
