"""Propose and check a cycle's schedule.

The core works on plain values (no database), so that property tests can try thousands of
constraint sets quickly; `propose_for_cycle` and `check_cycle` bind it to the models.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import holidays
from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from acunum.lib.durations import hours

MORNING = (time(9, 0), time(12, 30))
AFTERNOON = (time(13, 30), time(17, 0))
# How far ahead the proposer looks before it gives up: a year is more than any real cycle needs.
HORIZON_DAYS = 366


@dataclass(frozen=True)
class SequenceSpec:
    """What the proposer needs to know of a programme's day or half-day."""

    code: str
    part: int
    slot_count: int  # 2 for a day, 1 for a half-day
    slot_minutes: int


@dataclass(frozen=True)
class PlannedSlot:
    index: int
    sequence: SequenceSpec
    date: date
    start: time
    end: time

    @property
    def minutes(self) -> int:
        return _minutes(self.start, self.end)


@dataclass(frozen=True)
class Interval:
    """A time the trainer is busy elsewhere (another cycle's slot)."""

    date: date
    start: time
    end: time
    label: str = ""


@dataclass(frozen=True)
class Constraints:
    start: date
    weekdays: frozenset[int] = frozenset(range(5))  # Monday is 0
    weeks_between_parts: int = 2
    max_days_per_week: int = 2
    prefer_morning: bool = True
    morning: tuple[time, time] = MORNING
    afternoon: tuple[time, time] = AFTERNOON
    busy: tuple[Interval, ...] = field(default=())


class ScheduleError(Exception):
    """The constraints leave no room for the whole cycle. The message says what is blocking."""


@dataclass(frozen=True)
class Conflict:
    index: int | None  # the slot concerned, or None for the schedule as a whole
    reason: str

    def __str__(self) -> str:
        if self.index is None:
            return self.reason
        return _("slot %(index)s: %(reason)s") % {"index": self.index, "reason": self.reason}


def _minutes(start: time, end: time) -> int:
    day = date(2000, 1, 1)
    return int((datetime.combine(day, end) - datetime.combine(day, start)) / timedelta(minutes=1))


@functools.cache
def _holidays_for(year: int, subdivision: str) -> dict:
    return holidays.country_holidays("FR", subdiv=subdivision or None, years=year, language="fr")


def holiday_name(day: date) -> str | None:
    return _holidays_for(day.year, settings.HOLIDAYS_SUBDIVISION).get(day)


def _overlaps(day: date, start: time, end: time, busy: dict[date, list[Interval]]) -> bool:
    return any(b.start < end and start < b.end for b in busy.get(day, ()))


def _week(day: date) -> tuple[int, int]:
    return day.isocalendar()[:2]


def propose(sequences: Sequence[SequenceSpec], c: Constraints) -> list[PlannedSlot]:
    """Place every sequence on the earliest dates that satisfy the constraints, in order.

    Days take both the morning and the afternoon of one date; half-days take the preferred
    half of a date, or the other half when the trainer is busy then. Part 2 starts at least
    `weeks_between_parts` weeks after part 1 ends.
    """
    if not c.weekdays - {5, 6}:
        raise ScheduleError(_("Choose at least one weekday from Monday to Friday."))
    if c.max_days_per_week < 1:
        raise ScheduleError(_("Allow at least one training day per week."))
    for label, (start, end) in ((_("morning"), c.morning), (_("afternoon"), c.afternoon)):
        if end <= start:
            raise ScheduleError(_("The %(half)s must end after it starts.") % {"half": label})
    if not c.morning[1] <= c.afternoon[0]:
        raise ScheduleError(_("The morning must end before the afternoon starts."))
    # A slot lasts its sequence's share of the programme, whatever the half's bounds: the
    # longest one must still end before the afternoon starts, and before midnight.
    longest = max((seq.slot_minutes for seq in sequences), default=0)
    if _minutes(c.morning[0], c.afternoon[0]) < longest:
        raise ScheduleError(
            _("The afternoon must start at least %(length)s after the morning.")
            % {"length": hours(longest)}
        )
    if c.afternoon[0].hour * 60 + c.afternoon[0].minute + longest >= 24 * 60:
        raise ScheduleError(_("The afternoon would end after midnight."))
    busy: dict[date, list[Interval]] = defaultdict(list)
    for interval in c.busy:
        busy[interval.date].append(interval)

    halves = [c.morning, c.afternoon] if c.prefer_morning else [c.afternoon, c.morning]
    days_in_week: dict[tuple[int, int], int] = defaultdict(int)
    planned: list[PlannedSlot] = []
    day = c.start
    last_day_of_part: dict[int, date] = {}
    limit = c.start + timedelta(days=HORIZON_DAYS)

    for seq in sequences:
        if (
            seq.part > 1
            and (seq.part - 1) in last_day_of_part
            and not any(p.sequence.part == seq.part for p in planned)
        ):
            gap = timedelta(weeks=c.weeks_between_parts) if c.weeks_between_parts else timedelta(1)
            day = max(day, last_day_of_part[seq.part - 1] + gap)
        elif planned:
            day = planned[-1].date + timedelta(days=1)
        while True:
            if day > limit:
                # Name the trainer's other cycles only when there are some: otherwise the hint
                # would send the user looking for a cause that does not exist.
                message = (
                    _(
                        "No date found for %(code)s within a year of %(start)s: allow more "
                        "weekdays or more training days per week, reduce the gap between the "
                        "sessions, or move the trainer’s other cycles."
                    )
                    if c.busy
                    else _(
                        "No date found for %(code)s within a year of %(start)s: allow more "
                        "weekdays or more training days per week, or reduce the gap between "
                        "the sessions."
                    )
                )
                raise ScheduleError(
                    message % {"code": seq.code, "start": date_format(c.start, "j F Y")}
                )
            chosen = _fit(seq, day, c, halves, busy, days_in_week)
            if chosen:
                break
            day += timedelta(days=1)
        for start, end in chosen:
            planned.append(PlannedSlot(len(planned) + 1, seq, day, start, end))
        days_in_week[_week(day)] += 1
        last_day_of_part[seq.part] = day
    return planned


def _fit(seq, day, c, halves, busy, days_in_week) -> list[tuple[time, time]] | None:
    if day.weekday() not in c.weekdays or day.weekday() >= 5 or holiday_name(day):
        return None
    if days_in_week[_week(day)] >= c.max_days_per_week:
        return None
    if seq.slot_count == 2:
        # The busy check uses the slots as they will be saved, not the halves' nominal bounds.
        slots = [_sized(c.morning, seq.slot_minutes), _sized(c.afternoon, seq.slot_minutes)]
        if any(_overlaps(day, s, e, busy) for s, e in slots):
            return None
        return slots
    for half in halves:
        start, end = _sized(half, seq.slot_minutes)
        if not _overlaps(day, start, end, busy):
            return [(start, end)]
    return None


def _sized(half: tuple[time, time], minutes: int) -> tuple[time, time]:
    """The half-day's start, and an end that gives the sequence its exact duration."""
    start = half[0]
    end = (datetime.combine(date(2000, 1, 1), start) + timedelta(minutes=minutes)).time()
    return start, end


def check(
    slots: Iterable[PlannedSlot],
    sequences: Sequence[SequenceSpec],
    total_minutes: int,
    busy: Iterable[Interval] = (),
) -> list[Conflict]:
    """Every reason this schedule would not hold: the proposer's output must pass it unchanged."""
    slots = sorted(slots, key=lambda s: s.index)
    conflicts: list[Conflict] = []
    expected = [seq for seq in sequences for _n in range(seq.slot_count)]
    if len(slots) != len(expected):
        conflicts.append(
            Conflict(
                None,
                _("%(n)s slots instead of %(expected)s")
                % {"n": len(slots), "expected": len(expected)},
            )
        )
    total = sum(s.minutes for s in slots)
    if total != total_minutes:
        conflicts.append(
            Conflict(
                None,
                _("%(total)s in all instead of %(expected)s")
                % {"total": hours(total), "expected": hours(total_minutes)},
            )
        )
    busy_by_day: dict[date, list[Interval]] = defaultdict(list)
    for interval in busy:
        busy_by_day[interval.date].append(interval)
    previous: PlannedSlot | None = None
    for slot, seq in zip(slots, expected, strict=False):
        if slot.sequence.code != seq.code:
            conflicts.append(Conflict(slot.index, _("should be %(code)s") % {"code": seq.code}))
    for slot in slots:
        if slot.date.weekday() >= 5:
            conflicts.append(Conflict(slot.index, _("falls on a weekend")))
        if name := holiday_name(slot.date):
            conflicts.append(
                Conflict(slot.index, _("falls on a public holiday (%(name)s)") % {"name": name})
            )
        for other in busy_by_day.get(slot.date, ()):
            if other.start < slot.end and slot.start < other.end:
                conflicts.append(
                    Conflict(
                        slot.index,
                        _("overlaps the trainer’s %(other)s")
                        % {"other": other.label or _("other cycle")},
                    )
                )
        if previous:
            if (slot.date, slot.start) < (previous.date, previous.end):
                conflicts.append(
                    Conflict(
                        slot.index, _("starts before slot %(prev)s ends") % {"prev": previous.index}
                    )
                )
            elif slot.sequence.part > previous.sequence.part and slot.date == previous.date:
                conflicts.append(
                    Conflict(
                        slot.index,
                        _("session %(part)s must start after session %(prev)s has ended")
                        % {"part": slot.sequence.part, "prev": previous.sequence.part},
                    )
                )
        previous = slot
    return conflicts


# --- Binding to the models -------------------------------------------------------------------


def sequence_specs(version) -> list[SequenceSpec]:
    return [
        SequenceSpec(s.code, s.part, s.slot_count, s.slot_minutes)
        for s in version.sequences.order_by("position")
    ]


def trainer_busy(cycle) -> tuple[Interval, ...]:
    """The slots of the other live cycles that share a trainer with this one."""
    from acunum.cycles.models import Cycle, Slot

    trainers = list(cycle.trainers.all())
    if not trainers:
        return ()
    others = (
        Slot.objects.filter(cycle__trainers__in=trainers)
        .exclude(cycle=cycle)
        .exclude(cycle__status=Cycle.Status.CANCELLED)
        .select_related("cycle__structure")
        .distinct()
    )
    return tuple(
        Interval(s.date, s.start, s.end, _("cycle at %(name)s") % {"name": s.cycle.structure.name})
        for s in others
    )


def planned_from_slots(slots) -> list[PlannedSlot]:
    return [
        PlannedSlot(
            s.index,
            SequenceSpec(
                s.sequence.code, s.sequence.part, s.sequence.slot_count, s.sequence.slot_minutes
            ),
            s.date,
            s.start,
            s.end,
        )
        for s in slots
    ]


def check_cycle(cycle) -> list[Conflict]:
    slots = cycle.slots.select_related("sequence")
    return check(
        planned_from_slots(slots),
        sequence_specs(cycle.programme_version),
        cycle.programme_version.total_minutes,
        trainer_busy(cycle),
    )


def save_schedule(cycle, planned: Sequence[PlannedSlot]) -> None:
    """Replace the cycle's slots with the proposal, in one transaction."""
    from django.db import transaction

    from acunum.cycles.models import Slot

    sequences = {s.code: s for s in cycle.programme_version.sequences.all()}
    with transaction.atomic():
        # Lock the cycle first: two proposals saved at once would otherwise both delete, then
        # collide on the slot numbers. The second now waits and replaces the first.
        type(cycle).objects.select_for_update().filter(pk=cycle.pk).first()
        cycle.slots.all().delete()
        Slot.objects.bulk_create(
            Slot(
                cycle=cycle,
                sequence=sequences[p.sequence.code],
                index=p.index,
                date=p.date,
                start=p.start,
                end=p.end,
            )
            for p in planned
        )
