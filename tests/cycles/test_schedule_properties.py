"""Property tests of the schedule's pure core: whatever the constraints, an accepted schedule holds.

The properties are asserted directly on the proposal (counting, adding, comparing dates with the
`holidays` data), not only through `schedule.check`, so that a bug shared by the proposer and
the checker cannot hide itself.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta

import holidays
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from acunum.cycles import schedule
from acunum.cycles.schedule import Constraints, Interval, ScheduleError, SequenceSpec

# The ACUNUM programme as the proposer sees it: J1–J4 (two 3 h 30 slots), then DJ1–DJ8 (one).
SEQUENCES = [SequenceSpec(f"J{n}", 1, 2, 210) for n in range(1, 5)] + [
    SequenceSpec(f"DJ{n}", 2, 1, 210) for n in range(1, 9)
]
TOTAL_MINUTES = 56 * 60

# Checked against the library's data rather than `schedule.holiday_name`, so that a broken
# lookup in the module under test cannot agree with itself.
FRENCH_HOLIDAYS = holidays.country_holidays("FR", years=range(2024, 2033))

PROPERTY_SETTINGS = settings(
    deadline=None, max_examples=150, suppress_health_check=[HealthCheck.too_slow]
)


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


@st.composite
def start_dates(draw) -> date:
    """Any date over several years, with a strong pull towards May and its four holidays."""
    year = draw(st.integers(2025, 2030))
    if draw(st.booleans()):
        return date(year, 4, 20) + timedelta(days=draw(st.integers(0, 45)))
    return date(year, 1, 1) + timedelta(days=draw(st.integers(0, 364)))


@st.composite
def busy_intervals(draw, start: date) -> tuple[Interval, ...]:
    """Slots of another cycle of the same trainer, scattered over the months the cycle may use."""
    intervals = []
    for _n in range(draw(st.integers(0, 25))):
        day = start + timedelta(days=draw(st.integers(0, 160)))
        begin = draw(st.integers(7 * 4, 18 * 4)) * 15  # quarter-hours, 7:00 to 18:00
        length = draw(st.integers(2, 16)) * 15  # 30 minutes to 4 hours
        end = min(begin + length, 23 * 60 + 59)
        intervals.append(
            Interval(day, time(begin // 60, begin % 60), time(end // 60, end % 60), "other cycle")
        )
    return tuple(intervals)


@st.composite
def constraints(draw) -> Constraints:
    start = draw(start_dates())
    return Constraints(
        start=start,
        # Weekend days may be drawn too: the proposer must ignore them.
        weekdays=frozenset(draw(st.sets(st.integers(0, 6), min_size=1))),
        weeks_between_parts=draw(st.integers(0, 8)),
        max_days_per_week=draw(st.integers(1, 5)),
        prefer_morning=draw(st.booleans()),
        busy=draw(busy_intervals(start)),
    )


def _usable(day, seq, c, planned_before) -> bool:
    """Whether the greedy proposer could have put `seq` on `day`, given what it had planned."""
    if day.weekday() not in c.weekdays or day.weekday() >= 5 or day in FRENCH_HOLIDAYS:
        return False
    week = day.isocalendar()[:2]
    if len({p.date for p in planned_before if p.date.isocalendar()[:2] == week}) >= (
        c.max_days_per_week
    ):
        return False

    def free(half):
        start = half[0]
        end_minutes = _minutes(start) + seq.slot_minutes
        end = time(end_minutes // 60, end_minutes % 60)
        return not any(b.date == day and b.start < end and start < b.end for b in c.busy)

    if seq.slot_count == 2:
        return free(c.morning) and free(c.afternoon)
    return free(c.morning) or free(c.afternoon)


def assert_schedule_holds(planned, c: Constraints) -> None:
    # 16 slots, numbered in order, each on the right sequence.
    assert len(planned) == 16
    assert [p.index for p in planned] == list(range(1, 17))
    assert [p.sequence.code for p in planned] == [
        seq.code for seq in SEQUENCES for _n in range(seq.slot_count)
    ]
    # Exactly 56 hours.
    assert sum(_minutes(p.end) - _minutes(p.start) for p in planned) == TOTAL_MINUTES
    # Chronological, with no slot overlapping the next.
    for previous, slot in zip(planned, planned[1:], strict=False):
        assert (previous.date, previous.end) <= (slot.date, slot.start), (previous, slot)
    # Session 1 entirely before session 2, with the requested gap.
    last_of_part_1 = max(p.date for p in planned if p.sequence.part == 1)
    first_of_part_2 = min(p.date for p in planned if p.sequence.part == 2)
    assert first_of_part_2 > last_of_part_1
    assert (first_of_part_2 - last_of_part_1).days >= 7 * c.weeks_between_parts
    # A day's two slots on one date; a half-day alone on its date.
    per_date = Counter(p.date for p in planned)
    for p in planned:
        assert per_date[p.date] == p.sequence.slot_count, p
    for p in planned:
        assert p.date >= c.start
        # No weekend, no public holiday, only the days the group is available.
        assert p.date.weekday() < 5, p
        assert FRENCH_HOLIDAYS.get(p.date) is None, p
        assert p.date.weekday() in c.weekdays, p
        # Nothing during the trainer's other cycles.
        for b in c.busy:
            assert not (b.date == p.date and b.start < p.end and p.start < b.end), (p, b)
        # Half-days in the preferred half, unless the trainer is busy then.
        if p.sequence.slot_count == 1:
            preferred, other = (
                (c.morning, c.afternoon)
                if c.prefer_morning
                else (
                    c.afternoon,
                    c.morning,
                )
            )
            if p.start != preferred[0]:
                assert p.start == other[0]
                assert not _usable_half(p, preferred, c.busy)
    # At most N training days per week, counting dates, not slots.
    weeks = Counter(d.isocalendar()[:2] for d in per_date)
    assert max(weeks.values()) <= c.max_days_per_week
    # And the checker agrees with all of the above.
    assert schedule.check(planned, SEQUENCES, TOTAL_MINUTES, c.busy) == []


def _usable_half(p, half, busy) -> bool:
    end_minutes = _minutes(half[0]) + p.minutes
    end = time(end_minutes // 60, end_minutes % 60)
    return not any(b.date == p.date and b.start < end and half[0] < b.end for b in busy)


def assert_no_usable_date_skipped(planned, c: Constraints) -> None:
    """Compactness: between two consecutive sequences, every skipped date was unusable."""
    firsts = [p for p in planned if p.index == 1 or p.sequence != planned[p.index - 2].sequence]
    last_of_part_1 = max(p.date for p in planned if p.sequence.part == 1)
    earliest = c.start
    for n, slot in enumerate(firsts):
        if n and slot.sequence.part != firsts[n - 1].sequence.part:
            gap = timedelta(weeks=c.weeks_between_parts) if c.weeks_between_parts else timedelta(1)
            earliest = last_of_part_1 + gap
        before = [p for p in planned if p.index < slot.index]
        day = earliest
        while day < slot.date:
            assert not _usable(day, slot.sequence, c, before), (
                f"{slot.sequence.code} could have been on {day}, not {slot.date}"
            )
            day += timedelta(days=1)
        earliest = slot.date + timedelta(days=1)


@PROPERTY_SETTINGS
@given(constraints())
@example(Constraints(start=date(2026, 4, 27)))  # May 2026: 1st, 8th, Ascension, Pentecost
@example(Constraints(start=date(2026, 4, 30), weekdays=frozenset({3, 4}), max_days_per_week=1))
def test_any_accepted_schedule_holds(c):
    try:
        planned = schedule.propose(SEQUENCES, c)
    except ScheduleError as e:
        assert str(e).strip()
        return
    assert_schedule_holds(planned, c)
    assert_no_usable_date_skipped(planned, c)


@PROPERTY_SETTINGS
@given(constraints())
def test_a_free_trainer_with_a_working_day_always_gets_a_schedule(c):
    # With no other cycle in the way, even one weekday and one day a week fit within a year:
    # a refusal here would be the proposer giving up too early.
    assume(c.weekdays - {5, 6})
    free = Constraints(
        start=c.start,
        weekdays=c.weekdays,
        weeks_between_parts=c.weeks_between_parts,
        max_days_per_week=c.max_days_per_week,
        prefer_morning=c.prefer_morning,
    )
    assert_schedule_holds(schedule.propose(SEQUENCES, free), free)


@PROPERTY_SETTINGS
@given(
    start=start_dates(),
    morning=st.integers(6 * 4, 12 * 4),
    afternoon=st.integers(9 * 4, 22 * 4),
)
def test_any_accepted_working_hours_give_slots_that_do_not_overlap(start, morning, afternoon):
    morning_start = time(morning * 15 // 60, morning * 15 % 60)
    afternoon_start = time(afternoon * 15 // 60, afternoon * 15 % 60)
    end = lambda t: (datetime.combine(start, t) + timedelta(hours=3, minutes=30)).time()  # noqa: E731
    c = Constraints(
        start=start,
        morning=(morning_start, min(end(morning_start), afternoon_start)),
        afternoon=(afternoon_start, max(end(afternoon_start), afternoon_start)),
    )
    try:
        planned = schedule.propose(SEQUENCES, c)
    except ScheduleError as e:
        assert str(e).strip()
        # Refused only when the two halves really cannot hold 3 h 30 each before midnight.
        assert afternoon * 15 - morning * 15 < 210 or afternoon * 15 + 210 >= 24 * 60
        return
    assert_schedule_holds(planned, c)
