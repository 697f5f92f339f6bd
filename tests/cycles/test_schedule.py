"""The schedule's core on hand-made cases, and its binding to the models."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

from django.test import SimpleTestCase
from django.utils import translation

from acunum.cycles import schedule
from acunum.cycles.models import Cycle, Slot
from acunum.cycles.schedule import Constraints, Interval, PlannedSlot, ScheduleError
from acunum.test import BaseTestCase, schedule_cycle
from tests.cycles.test_schedule_properties import SEQUENCES, TOTAL_MINUTES


def _by_code(code):
    return next(seq for seq in SEQUENCES if seq.code == code)


def a_good_schedule() -> list[PlannedSlot]:
    """Session 1 on Mondays and Tuesdays from 5 January 2026, session 2 from 2 February."""
    slots = []
    days = [date(2026, 1, 5), date(2026, 1, 6), date(2026, 1, 12), date(2026, 1, 13)]
    for n, day in enumerate(days, start=1):
        for start, end in (schedule.MORNING, schedule.AFTERNOON):
            slots.append(PlannedSlot(len(slots) + 1, _by_code(f"J{n}"), day, start, end))
    for n in range(1, 9):
        day = date(2026, 2, 2 + 7 * ((n - 1) // 2) + (n - 1) % 2)
        slots.append(PlannedSlot(len(slots) + 1, _by_code(f"DJ{n}"), day, *schedule.MORNING))
    return slots


def moved(slots, index, **changes) -> list[PlannedSlot]:
    return [replace(s, **changes) if s.index == index else s for s in slots]


class CheckTests(SimpleTestCase):
    """`check` names every reason a schedule would not hold, on the slot concerned."""

    def setUp(self):
        translation.activate("en")
        self.addCleanup(translation.deactivate)

    def reasons(self, slots, busy=()):
        return [str(c) for c in schedule.check(slots, SEQUENCES, TOTAL_MINUTES, busy)]

    def test_it_accepts_a_good_schedule(self):
        self.assertEqual(self.reasons(a_good_schedule()), [])

    def test_it_flags_a_slot_on_a_weekend(self):
        slots = moved(a_good_schedule(), 9, date=date(2026, 1, 31))  # a Saturday
        self.assertIn("slot 9: falls on a weekend", self.reasons(slots))

    def test_it_flags_a_slot_on_labour_day_with_the_holiday_name(self):
        slots = moved(a_good_schedule(), 16, date=date(2026, 5, 1))
        self.assertEqual(
            self.reasons(slots), ["slot 16: falls on a public holiday (Fête du Travail)"]
        )

    def test_it_flags_whit_monday_as_a_holiday(self):
        slots = moved(a_good_schedule(), 16, date=date(2026, 5, 25))
        self.assertEqual(
            self.reasons(slots), ["slot 16: falls on a public holiday (Lundi de Pentecôte)"]
        )

    def test_it_flags_an_overlap_with_another_cycle_of_the_same_trainer(self):
        busy = [Interval(date(2026, 1, 6), time(16, 0), time(18, 0), "cycle at Les Tilleuls")]
        self.assertEqual(
            self.reasons(a_good_schedule(), busy),
            ["slot 4: overlaps the trainer’s cycle at Les Tilleuls"],
        )

    def test_it_accepts_another_cycle_that_only_touches_a_slot(self):
        busy = [Interval(date(2026, 1, 6), time(12, 30), time(13, 30), "lunch meeting")]
        self.assertEqual(self.reasons(a_good_schedule(), busy), [])

    def test_it_flags_a_missing_slot_and_the_missing_hours(self):
        reasons = self.reasons(a_good_schedule()[:-1])
        self.assertIn("15 slots instead of 16", reasons)
        self.assertIn("52 h 30 in all instead of 56 h", reasons)

    def test_it_flags_a_wrong_total_even_with_sixteen_slots(self):
        slots = moved(a_good_schedule(), 10, end=time(12, 0))
        self.assertEqual(self.reasons(slots), ["55 h 30 in all instead of 56 h"])

    def test_it_flags_a_slot_moved_before_the_previous_one(self):
        # DJ1 moved back into session 1's weeks: session 2 would start before session 1 ends.
        slots = moved(a_good_schedule(), 9, date=date(2026, 1, 7))
        self.assertEqual(self.reasons(slots), ["slot 9: starts before slot 8 ends"])

    def test_it_flags_the_next_slot_when_one_is_moved_past_it(self):
        slots = moved(a_good_schedule(), 9, date=date(2026, 2, 4))
        self.assertEqual(self.reasons(slots), ["slot 10: starts before slot 9 ends"])

    def test_it_flags_session_two_starting_on_the_day_session_one_ends(self):
        slots = moved(a_good_schedule(), 8, date=date(2026, 2, 2), start=time(8, 0))
        slots = moved(slots, 8, end=time(11, 30))
        slots = moved(slots, 9, date=date(2026, 2, 2), start=time(14, 0), end=time(17, 30))
        self.assertIn("slot 9: session 2 must start after session 1 has ended", self.reasons(slots))

    def test_it_flags_a_slot_given_to_the_wrong_sequence(self):
        slots = moved(a_good_schedule(), 3, sequence=_by_code("J1"))
        self.assertIn("slot 3: should be J2", self.reasons(slots))


class ProposeTests(SimpleTestCase):
    """The proposer's choices on cases one can check by hand with a calendar."""

    def dates(self, planned, code):
        return [p.date for p in planned if p.sequence.code == code]

    def test_it_fills_each_week_up_to_the_limit_from_the_start(self):
        planned = schedule.propose(SEQUENCES, Constraints(start=date(2026, 1, 5)))
        self.assertEqual(
            [self.dates(planned, f"J{n}")[0] for n in range(1, 5)],
            [date(2026, 1, 5), date(2026, 1, 6), date(2026, 1, 12), date(2026, 1, 13)],
        )

    def test_it_counts_training_days_not_slots_against_the_weekly_limit(self):
        # Three days a week: J1, J2 and J3 share the first week although they make six slots.
        planned = schedule.propose(
            SEQUENCES, Constraints(start=date(2026, 1, 5), max_days_per_week=3)
        )
        self.assertEqual(self.dates(planned, "J3"), [date(2026, 1, 7)] * 2)
        self.assertEqual(self.dates(planned, "J4"), [date(2026, 1, 12)] * 2)

    def test_it_waits_the_requested_weeks_between_the_sessions(self):
        planned = schedule.propose(
            SEQUENCES, Constraints(start=date(2026, 1, 5), weeks_between_parts=3)
        )
        # Session 1 ends on Tuesday 13 January: session 2 starts three weeks later.
        self.assertEqual(self.dates(planned, "DJ1"), [date(2026, 2, 3)])

    def test_it_starts_session_two_the_next_usable_day_without_a_gap(self):
        planned = schedule.propose(
            SEQUENCES,
            Constraints(start=date(2026, 1, 5), weeks_between_parts=0, max_days_per_week=5),
        )
        self.assertEqual(self.dates(planned, "J4"), [date(2026, 1, 8)] * 2)
        self.assertEqual(self.dates(planned, "DJ1"), [date(2026, 1, 9)])

    def test_it_steps_over_the_may_holidays(self):
        planned = schedule.propose(
            SEQUENCES,
            Constraints(start=date(2026, 4, 30), weekdays=frozenset({3, 4}), max_days_per_week=2),
        )
        # Friday 1 May, Friday 8 May and Thursday 14 May (Ascension) are holidays.
        self.assertEqual(
            [self.dates(planned, f"J{n}")[0] for n in range(1, 5)],
            [date(2026, 4, 30), date(2026, 5, 7), date(2026, 5, 15), date(2026, 5, 21)],
        )

    def test_it_puts_half_days_in_the_afternoon_when_asked(self):
        planned = schedule.propose(
            SEQUENCES, Constraints(start=date(2026, 1, 5), prefer_morning=False)
        )
        half_days = [p for p in planned if p.sequence.part == 2]
        self.assertEqual({(p.start, p.end) for p in half_days}, {schedule.AFTERNOON})

    def test_it_moves_a_half_day_to_the_other_half_when_the_trainer_is_busy(self):
        busy = (Interval(date(2026, 1, 27), time(9, 0), time(10, 0), "other cycle"),)
        planned = schedule.propose(SEQUENCES, Constraints(start=date(2026, 1, 5), busy=busy))
        dj1 = next(p for p in planned if p.sequence.code == "DJ1")
        self.assertEqual((dj1.date, dj1.start), (date(2026, 1, 27), time(13, 30)))

    def test_it_skips_a_day_when_the_trainer_is_busy_for_half_of_it(self):
        busy = (Interval(date(2026, 1, 6), time(16, 0), time(18, 0), "other cycle"),)
        planned = schedule.propose(SEQUENCES, Constraints(start=date(2026, 1, 5), busy=busy))
        self.assertEqual(self.dates(planned, "J2"), [date(2026, 1, 7)] * 2)

    def test_it_uses_the_given_working_hours(self):
        planned = schedule.propose(
            SEQUENCES,
            Constraints(
                start=date(2026, 1, 5),
                morning=(time(8, 30), time(12, 0)),
                afternoon=(time(13, 0), time(16, 30)),
            ),
        )
        self.assertEqual(
            (planned[0].start, planned[0].end, planned[1].start, planned[1].end),
            (time(8, 30), time(12, 0), time(13, 0), time(16, 30)),
        )

    def test_it_refuses_halves_too_close_for_the_slots_to_fit(self):
        # The afternoon starts 1 h after the morning: two 3 h 30 slots of a day would overlap.
        with (
            translation.override("en"),
            self.assertRaisesMessage(
                ScheduleError, "The afternoon must start at least 3 h 30 after the morning."
            ),
        ):
            schedule.propose(
                SEQUENCES,
                Constraints(
                    start=date(2026, 1, 5),
                    morning=(time(9, 0), time(10, 0)),
                    afternoon=(time(10, 0), time(13, 30)),
                ),
            )

    def test_it_refuses_weekend_days_only(self):
        with (
            translation.override("en"),
            self.assertRaisesMessage(
                ScheduleError, "Choose at least one weekday from Monday to Friday."
            ),
        ):
            schedule.propose(
                SEQUENCES, Constraints(start=date(2026, 1, 5), weekdays=frozenset({5, 6}))
            )

    def test_it_names_the_sequence_it_cannot_place_and_the_trainers_other_cycles(self):
        # The trainer is taken every Monday morning for a year: J1 never fits on a Monday.
        mondays = [date.fromordinal(date(2026, 1, 5).toordinal() + 7 * n) for n in range(60)]
        busy = tuple(Interval(d, time(9, 0), time(12, 30), "other cycle") for d in mondays)
        with (
            translation.override("en"),
            self.assertRaisesMessage(
                ScheduleError,
                "No date found for J1 within a year of 5 January 2026: allow more weekdays or more "
                "training days per week, reduce the gap between the sessions, or move the "
                "trainer’s other cycles.",
            ),
        ):
            schedule.propose(
                SEQUENCES,
                Constraints(start=date(2026, 1, 5), weekdays=frozenset({0}), busy=busy),
            )


class ModelBindingTests(BaseTestCase):
    def test_the_programme_gives_the_proposer_four_days_then_eight_half_days(self):
        self.assertEqual(schedule.sequence_specs(self.version), SEQUENCES)
        self.assertEqual(self.version.total_minutes, TOTAL_MINUTES)

    def test_the_test_cycle_is_scheduled_without_conflict(self):
        self.assertEqual(self.cycle.slots.count(), 16)
        self.assertEqual(schedule.check_cycle(self.cycle), [])

    def test_a_cycle_sharing_a_trainer_sees_the_other_cycles_slots_as_busy(self):
        # Both test cycles sit on the same dates; once Bob also trains the other one, they clash.
        self.other_cycle.trainers.add(self.bob)
        with translation.override("en"):
            reasons = {c.reason for c in schedule.check_cycle(self.cycle)}
        self.assertEqual(reasons, {"overlaps the trainer’s cycle at Les Tilleuls"})

    def test_a_cancelled_cycle_no_longer_keeps_its_trainer_busy(self):
        self.other_cycle.trainers.add(self.bob)
        Cycle.objects.filter(pk=self.other_cycle.pk).update(status=Cycle.Status.CANCELLED)
        self.assertEqual(schedule.check_cycle(self.cycle), [])

    def test_proposing_for_a_second_cycle_of_the_trainer_avoids_the_first(self):
        second = Cycle.objects.create(
            programme_version=self.version, structure=self.other_structure
        )
        second.trainers.add(self.bob)
        schedule_cycle(second, date(2026, 1, 5))
        self.assertEqual(schedule.check_cycle(second), [])
        # Bob trains on 5 and 6 January already: the second cycle starts on the 7th.
        self.assertEqual(second.slots.get(index=1).date, date(2026, 1, 7))

    def test_saving_a_schedule_replaces_the_previous_slots(self):
        schedule_cycle(self.cycle, date(2026, 9, 7))
        slots = Slot.objects.filter(cycle=self.cycle)
        self.assertEqual(slots.count(), 16)
        self.assertEqual(min(s.date for s in slots), date(2026, 9, 7))
        self.assertEqual(sum(s.minutes for s in slots), TOTAL_MINUTES)
