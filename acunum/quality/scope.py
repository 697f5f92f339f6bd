"""What the evidence is computed over: one cycle, or every cycle of a period, each with what the
other apps' pages already load for it (its half-days, trainees, trainers, results, ledger).

Each figure comes from the function of the app that owns it, the one its own page calls, so that
an audit never reads a number the cycle's pages contradict: the questionnaires' rates from
evaluation/results.py, the hours from attendance/hours.py, the convocations from the outbox's
cycle section, the adaptation record from usages. What a cycle needs is loaded once, when an
indicator first asks for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property

from django.apps import apps
from django.db.models import Max, Min, Prefetch
from django.utils import timezone

from acunum.accounts.models import Organisation, User
from acunum.attendance.hours import Assiduity, cycle_assiduity
from acunum.attendance.state import SlotSummary, slot_summaries
from acunum.cycles.models import Cycle
from acunum.evaluation import due
from acunum.evaluation.assessment import trainer_assessments
from acunum.evaluation.results import CycleResults, QuestionnaireResult, cycle_results
from acunum.programmes.models import Programme, ProgrammeVersion


def optional_model(app_label: str, name: str):
    """A model another app may not have yet, or None.

    The needs analysis, the complaints, the improvements and the trainers' records are being
    built in other apps at the same time as this one: looking them up by name, rather than
    importing them, lets the evidence show "not recorded yet" until they exist, and read them
    as soon as they do, without this app depending on them.
    """
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


@dataclass
class CycleData:
    """One cycle and what its evidence reads, each part loaded on first use."""

    cycle: Cycle
    now: datetime

    @property
    def label(self) -> str:
        return self.cycle.structure.name

    @cached_property
    def slots(self) -> list:
        return list(self.cycle.slots.select_related("sequence", "window").order_by("index"))

    @cached_property
    def enrolments(self) -> list:
        return list(
            self.cycle.enrolments.select_related("trainee").order_by(
                "trainee__last_name", "trainee__first_name", "seat"
            )
        )

    @cached_property
    def trainers(self) -> list[User]:
        return list(self.cycle.trainers.all())

    @cached_property
    def results(self) -> CycleResults:
        """The results page's figures, with the named tables (those who run the cycle)."""
        return cycle_results(
            self.cycle,
            full=True,
            enrolments=self.enrolments,
            trainers=self.trainers,
            contacts=self.cycle.structure.contacts.count(),
        )

    def questionnaire(self, slug: str) -> QuestionnaireResult | None:
        return next((r for r in self.results.questionnaires if r.questionnaire.slug == slug), None)

    def questionnaires(self, purpose: str) -> list[QuestionnaireResult]:
        return [r for r in self.results.questionnaires if r.questionnaire.purpose == purpose]

    @cached_property
    def windows(self) -> dict[str, due.Window]:
        return due.cycle_windows(self.cycle, self.slots)

    def has_opened(self, slug: str) -> bool:
        """Whether the questionnaire's window has opened in this cycle: before, nobody could
        answer it, and its answers are not yet due."""
        window = self.windows.get(slug)
        if window is None:
            return False
        return window.opens is None or window.opens <= self.now

    @cached_property
    def assiduity(self) -> Assiduity:
        return cycle_assiduity(self.cycle, self.slots, self.enrolments)

    @cached_property
    def summaries(self) -> dict[int, SlotSummary]:
        return slot_summaries(self.cycle) if self.slots else {}

    @cached_property
    def assessments(self) -> dict:
        """Enrolment id → the trainer's assessment, as the training attestation prints it."""
        return trainer_assessments(self.cycle)

    def ended_slots(self) -> list:
        """The half-days that are over: their attendance is due."""
        return [s for s in self.slots if s.ends_at() <= self.now]

    def started(self, part: int | None = None) -> bool:
        """Whether a half-day (of that session of the programme) has begun."""
        return any(
            s.starts_at() <= self.now for s in self.slots if part is None or s.sequence.part == part
        )

    @cached_property
    def last_slot(self):
        return max(self.slots, key=lambda s: (s.date, s.start, s.index), default=None)

    @property
    def has_ended(self) -> bool:
        return self.last_slot is not None and self.last_slot.ends_at() <= self.now


@dataclass
class Scope:
    """The cycles the evidence covers. Cancelled cycles are counted apart: nothing was delivered,
    so nothing is expected of them."""

    cycles: list[CycleData]
    cancelled: list[Cycle]
    organisation: Organisation | None
    now: datetime
    start: date | None = None  # a period's, None for one cycle
    end: date | None = None
    single: Cycle | None = None  # the cycle, when the scope is one cycle
    _versions: list[ProgrammeVersion] = field(default_factory=list)

    @property
    def is_period(self) -> bool:
        return self.single is None

    @classmethod
    def of_cycle(cls, cycle: Cycle, now: datetime | None = None) -> Scope:
        now = now or timezone.now()
        counted = cycle.status != Cycle.Status.CANCELLED
        return cls(
            cycles=[CycleData(cycle, now)] if counted else [],
            cancelled=[] if counted else [cycle],
            organisation=Organisation.current(),
            now=now,
            single=cycle,
        )

    @classmethod
    def of_period(cls, start: date, end: date, now: datetime | None = None) -> Scope:
        """Every cycle of the OF whose schedule overlaps [start, end], first half-day first."""
        now = now or timezone.now()
        cycles = list(
            Cycle.objects.annotate(first=Min("slots__date"), last=Max("slots__date"))
            .filter(first__lte=end, last__gte=start)
            .select_related("structure", "programme_version__programme")
            .prefetch_related(Prefetch("trainers", queryset=User.objects.order_by("last_name")))
            .order_by("first", "structure__name", "pk")
        )
        return cls(
            cycles=[CycleData(c, now) for c in cycles if c.status != Cycle.Status.CANCELLED],
            cancelled=[c for c in cycles if c.status == Cycle.Status.CANCELLED],
            organisation=Organisation.current(),
            now=now,
            start=start,
            end=end,
        )

    def versions(self) -> list[ProgrammeVersion]:
        """The programme versions the cycles were sold with; with no cycle, the current version
        of each programme (what the public reads now)."""
        if not self._versions:
            found = {c.cycle.programme_version_id: c.cycle.programme_version for c in self.cycles}
            if not found:
                for programme in Programme.objects.order_by("title"):
                    if latest := programme.latest_version():
                        found[latest.pk] = latest
            self._versions = sorted(found.values(), key=lambda v: (v.programme.title, v.number))
        return self._versions

    def programmes(self) -> list[Programme]:
        seen = {v.programme_id: v.programme for v in self.versions()}
        return sorted(seen.values(), key=lambda p: p.title)
