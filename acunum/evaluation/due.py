"""When each questionnaire is open, and to whom: the due rules, from the cycle's schedule."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings

from acunum.cycles.models import Cycle, Enrolment, Slot

ENROLMENT = "enrolment"  # when the trainee is enrolled
FIRST_END = "first_end"  # the end of the first half-day (J1, morning)
LAST_START = "last_start"  # the start of the last half-day (DJ8)
LAST_END = "last_end"  # the end of the last half-day

UPCOMING, OPEN, CLOSED = "upcoming", "open", "closed"


def days(n: int) -> Callable[[], timedelta]:
    return lambda: timedelta(days=n)


def cold_delay() -> timedelta:
    return timedelta(days=settings.COLD_SATISFACTION_DAYS)


@dataclass(frozen=True)
class Rule:
    opens: str  # ENROLMENT, LAST_START or LAST_END
    delay: Callable[[], timedelta] = days(0)  # after `opens`
    # How long it stays open once opened; None with `closes_at` None: it never closes.
    length: Callable[[], timedelta] | None = None
    closes_at: str | None = None  # FIRST_END: closes at a point of the schedule instead


# The windows, in one place. A questionnaire is open from the moment it opens until just before it
# closes. The positioning is answered before the training: until the end of the first half-day,
# so a late trainee can still answer it in the room. The assessment and the hot satisfaction open
# with the last half-day (DJ8: "Bilan et suite"), so they can be answered in the room, and give two
# weeks to those who were absent. The trainer's assessment and appraisal never close: the training
# attestation waits for the first, the quality review for the second; they are not reminded.
# Closing or cancelling the cycle closes them all.
WINDOWS: dict[str, Rule] = {
    "positionnement": Rule(opens=ENROLMENT, closes_at=FIRST_END),
    "evaluation-acquis": Rule(opens=LAST_START, length=days(14)),
    "satisfaction-chaud": Rule(opens=LAST_START, length=days(14)),
    "evaluation-acquis-formateur": Rule(opens=LAST_START),
    "satisfaction-froid": Rule(opens=LAST_END, delay=cold_delay, length=days(30)),
    "satisfaction-commanditaire": Rule(opens=LAST_END, length=days(30)),
    "bilan-formateur": Rule(opens=LAST_END),
}


@dataclass(frozen=True)
class Window:
    slug: str
    opens: datetime | None  # None: from each trainee's enrolment
    closes: datetime | None  # None: never
    cycle_active: bool = True

    def opens_for(self, enrolment: Enrolment | None) -> datetime | None:
        if self.opens is None and enrolment is not None:
            return enrolment.created_at
        return self.opens

    def state(self, now: datetime, enrolment: Enrolment | None = None) -> str:
        opens = self.opens_for(enrolment)
        if not self.cycle_active or (self.closes is not None and now >= self.closes):
            return CLOSED
        if opens is not None and now < opens:
            return UPCOMING
        return OPEN

    def is_open(self, now: datetime, enrolment: Enrolment | None = None) -> bool:
        return self.state(now, enrolment) == OPEN


def cycle_windows(cycle: Cycle, slots: Iterable[Slot] | None = None) -> dict[str, Window]:
    """Slug → its window in this cycle; none before the cycle has a schedule.

    `slots` may be the cycle's slots already loaded (a page has them), in any order.
    """
    slots = list(cycle.slots.all() if slots is None else slots)
    if not slots:
        return {}
    first = min(slots, key=lambda s: s.index)
    last = max(slots, key=lambda s: s.index)
    points = {
        ENROLMENT: None,
        FIRST_END: first.ends_at(),
        LAST_START: last.starts_at(),
        LAST_END: last.ends_at(),
    }
    active = cycle.status not in (Cycle.Status.CLOSED, Cycle.Status.CANCELLED)
    windows = {}
    for slug, rule in WINDOWS.items():
        anchor = points[rule.opens]
        opens = None if anchor is None else anchor + rule.delay()
        if rule.closes_at:
            closes = points[rule.closes_at]
        elif rule.length is not None and opens is not None:
            closes = opens + rule.length()
        else:
            closes = None
        windows[slug] = Window(slug, opens, closes, active)
    return windows
