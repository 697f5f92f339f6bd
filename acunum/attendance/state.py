"""What the events say: who was present in each slot, and the hours each trainee realised."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from acunum.attendance.models import AttendanceEvent

Kind = AttendanceEvent.Kind


@dataclass
class Presence:
    """One trainee in one slot, folded from the events in ledger order."""

    status: str = "unknown"  # unknown, present, absent
    method: str = ""
    signed_at: datetime | None = None
    excused: bool | None = None
    reason: str = ""
    arrival: time | None = None
    departure: time | None = None
    events: list = field(default_factory=list)

    def apply(self, event: AttendanceEvent) -> None:
        self.events.append(event)
        data = event.data or {}
        if event.kind in (Kind.SIGNATURE, Kind.PAPER):
            self.status, self.method, self.signed_at = "present", event.method, event.created_at
            self.excused, self.reason = None, ""
        elif event.kind == Kind.ABSENCE:
            self.status, self.excused, self.reason = (
                "absent",
                data.get("excused"),
                data.get("reason", ""),
            )
        elif event.kind == Kind.LATE_ARRIVAL:
            self.arrival = time.fromisoformat(data["time"])
        elif event.kind == Kind.EARLY_DEPARTURE:
            self.departure = time.fromisoformat(data["time"])
        elif event.kind == Kind.CORRECTION:
            changes = data.get("set", {})
            if "status" in changes:
                self.status = changes["status"]
            if "excused" in changes:
                self.excused = changes["excused"]
            if "reason" in changes:
                self.reason = changes["reason"]
            for key in ("arrival", "departure"):
                if key in changes:
                    setattr(self, key, time.fromisoformat(changes[key]) if changes[key] else None)

    def minutes(self, slot) -> int:
        """Minutes realised: the slot, less a late arrival and an early departure; 0 if absent."""
        if self.status != "present":
            return 0
        start = max(slot.start, self.arrival) if self.arrival else slot.start
        end = min(slot.end, self.departure) if self.departure else slot.end
        day = date(2000, 1, 1)
        return max(
            0,
            int((datetime.combine(day, end) - datetime.combine(day, start)).total_seconds() // 60),
        )


def slot_presences(slot, events=None) -> dict[int, Presence]:
    """Enrolment id → Presence, for every event of the slot that concerns a trainee."""
    presences: dict[int, Presence] = {}
    for event in events if events is not None else AttendanceEvent.objects.for_slot(slot):
        if event.enrolment_id:
            presences.setdefault(event.enrolment_id, Presence()).apply(event)
    return presences


@dataclass
class SlotSummary:
    """What a slot's attendance amounts to, for the cycle page."""

    present: int = 0
    absent: int = 0
    counter_signed: bool = False


def slot_summaries(cycle) -> dict[int, SlotSummary]:
    """Slot id → SlotSummary, for every slot of the cycle with an event, in one query."""
    by_slot: dict[int, list] = {}
    for event in AttendanceEvent.objects.filter(cycle=cycle).without_images().order_by("seq"):
        by_slot.setdefault(event.slot_id, []).append(event)
    summaries = {}
    for slot_id, events in by_slot.items():
        statuses = [p.status for p in slot_presences(None, events).values()]
        summaries[slot_id] = SlotSummary(
            present=statuses.count("present"),
            absent=statuses.count("absent"),
            counter_signed=any(e.kind == Kind.TRAINER_SIGNATURE for e in events),
        )
    return summaries
