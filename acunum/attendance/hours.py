"""Hours realised per trainee and per slot, from the ledger: what the certificate of completion
and the funder's invoice rest on (issue 3 point 7)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from acunum.attendance.models import AttendanceEvent
from acunum.attendance.state import slot_presences


@dataclass
class TraineeHours:
    enrolment: object
    minutes: int = 0  # realised over the whole cycle
    attended: int = 0  # half-days with some presence
    absences: int = 0  # half-days marked absent
    by_slot: dict[int, int] = field(default_factory=dict)  # slot index → minutes


@dataclass
class SlotHours:
    slot: object
    enrolled: int
    minutes: int = 0  # realised by the whole group
    present: int = 0

    @property
    def planned(self) -> int:
        """The slot's minutes times the trainees enrolled: what full attendance would give."""
        return self.slot.minutes * self.enrolled


@dataclass
class Assiduity:
    planned: int  # minutes of the whole schedule, per trainee
    trainees: list[TraineeHours]
    slots: list[SlotHours]


def cycle_assiduity(cycle, slots, enrolments) -> Assiduity:
    """Fold every event of the cycle once (one query, images left out) into hours realised.

    `slots` and `enrolments` are the lists the page already holds, so the cost does not grow
    with the group. A trainee with no event in a slot realised nothing there. Only the events
    of `enrolments` and of the half-days themselves (windows, counter-signatures) are read: a
    certificate folds one trainee's, not the group's.
    """
    events: dict[int, list] = {}
    wanted = Q(enrolment__in=[e.pk for e in enrolments]) | Q(enrolment__isnull=True)
    for event in (
        AttendanceEvent.objects.filter(wanted, cycle=cycle)
        .defer("image")  # a drawn signature weighs kilobytes, and folding never reads it
        .order_by("seq")
    ):
        events.setdefault(event.slot_id, []).append(event)
    trainees = {e.pk: TraineeHours(e) for e in enrolments}
    slot_rows = []
    for slot in slots:
        row = SlotHours(slot, len(enrolments))
        for enrolment_id, presence in slot_presences(slot, events.get(slot.pk, [])).items():
            if enrolment_id not in trainees:
                continue  # no longer enrolled: their events stay in the ledger, not in the totals
            minutes = presence.minutes(slot)
            hours = trainees[enrolment_id]
            hours.by_slot[slot.index] = minutes
            hours.minutes += minutes
            hours.attended += minutes > 0
            hours.absences += presence.status == "absent"
            row.minutes += minutes
            row.present += minutes > 0
        slot_rows.append(row)
    return Assiduity(
        planned=sum(s.minutes for s in slots), trainees=list(trainees.values()), slots=slot_rows
    )
