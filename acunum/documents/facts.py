"""What the documents of one cycle read, loaded once.

A single document loads its cycle's facts for itself; the dossier loads them once and issues
some sixty documents from them, instead of asking the database the same questions sixty times
(the organisation, the schedule, the ledger, each trainee's hours).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from acunum.accounts.models import Organisation
from acunum.attendance import drawing
from acunum.attendance.hours import Assiduity, TraineeHours, cycle_assiduity
from acunum.attendance.models import AttendanceEvent, LedgerHead
from acunum.evaluation.assessment import Assessment, trainer_assessments
from acunum.usages.models import Theme


@dataclass
class CycleFacts:
    cycle: object
    organisation: Organisation | None
    slots: list  # by date and time, with their sequence and signing window

    @classmethod
    def load(cls, cycle) -> CycleFacts:
        slots = cycle.slots.select_related("sequence", "window").order_by("date", "start")
        return cls(cycle, Organisation.current(), list(slots))

    @cached_property
    def enrolments(self) -> list:
        return list(self.cycle.enrolments.select_related("trainee").order_by("seat"))

    @cached_property
    def trainers(self) -> list[str]:
        trainers = self.cycle.trainers.order_by("last_name", "first_name", "pk")
        return [t.get_full_name() or t.username for t in trainers]

    @cached_property
    def events(self) -> dict[int, list]:
        """Every event of the cycle, in ledger order, by slot (drawn signatures included)."""
        by_slot: dict[int, list] = {}
        events = AttendanceEvent.objects.filter(cycle=self.cycle).select_related("actor")
        for event in events.order_by("seq"):
            by_slot.setdefault(event.slot_id, []).append(event)
        return by_slot

    def events_of(self, slot) -> list:
        """The half-day's events in ledger order: a single sheet reads only its own; once the
        whole cycle's are loaded (the dossier, a trainee's record), they are read from there."""
        if "events" in self.__dict__:
            return self.events.get(slot.pk, [])
        return list(AttendanceEvent.objects.for_slot(slot).select_related("actor"))

    @cached_property
    def assiduity(self) -> Assiduity:
        return cycle_assiduity(self.cycle, self.slots, self.enrolments)

    def trainee_hours(self, enrolment) -> TraineeHours:
        return next(t for t in self.assiduity.trainees if t.enrolment.pk == enrolment.pk)

    @cached_property
    def assessments(self) -> dict[int, Assessment]:
        """Enrolment id → the trainer's assessment of that trainee: what each attestation
        prints, read once for the whole cycle."""
        return trainer_assessments(self.cycle)

    @cached_property
    def ledger(self) -> LedgerHead:
        return LedgerHead.objects.get(cycle=self.cycle)

    def signature_svg(self, event) -> str:
        """A drawn signature as SVG, drawn once though the sheet and the record both print it."""
        if event.pk not in self._svgs:
            self._svgs[event.pk] = drawing.to_svg(bytes(event.image))
        return self._svgs[event.pk]

    @cached_property
    def _svgs(self) -> dict[int, str]:
        return {}

    @cached_property
    def themes(self) -> dict[int, str]:
        """The theme the trainer gave each half-day of requested usages (acunum/usages): the
        programme as delivered, which a sheet prints in place of the generic title."""
        return dict(Theme.objects.filter(cycle=self.cycle).values_list("sequence_id", "title"))

    def sequence_label(self, slot) -> str:
        return f"{slot.sequence.code} · {self.themes.get(slot.sequence_id) or slot.sequence.title}"
