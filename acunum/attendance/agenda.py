"""What a trainee's phone shows: their half-days, the one open to sign now, those signed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from acunum.attendance.models import AttendanceEvent
from acunum.attendance.signing import window_of
from acunum.attendance.state import Presence
from acunum.cycles.models import Enrolment, Slot

Kind = AttendanceEvent.Kind
# How many of the coming half-days the phone page lists before the full schedule.
NEXT = 3


@dataclass
class TraineeSlot:
    slot: Slot
    presence: Presence
    signed_at: datetime | None  # the trainee's own signature (phone or kiosk), if any
    can_sign: bool  # the window is open and the trainee has not signed


def trainee_slots(enrolment: Enrolment, now: datetime | None = None) -> list[TraineeSlot]:
    """Every half-day of the enrolment's cycle, in three queries whatever their number."""
    now = now or timezone.now()
    slots = list(enrolment.cycle.slots.select_related("sequence", "window"))
    presences: dict[int, Presence] = {}
    signed: dict[int, datetime] = {}
    # The images are not needed here, and weigh kilobytes each.
    for event in enrolment.attendance_events.defer("image").order_by("seq"):
        presences.setdefault(event.slot_id, Presence()).apply(event)
        if event.kind == Kind.SIGNATURE:
            signed[event.slot_id] = event.created_at
    result = []
    for slot in slots:
        window = window_of(slot)
        result.append(
            TraineeSlot(
                slot=slot,
                presence=presences.get(slot.pk) or Presence(),
                signed_at=signed.get(slot.pk),
                can_sign=slot.pk not in signed and window is not None and window.is_open(now),
            )
        )
    return result


def next_slots(items: list[TraineeSlot], today: date | None = None) -> list[TraineeSlot]:
    today = today or timezone.localdate()
    return [item for item in items if item.slot.date >= today][:NEXT]
