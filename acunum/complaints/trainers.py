"""A trainer's file, as the OF keeps it for indicators 21, 22 and 27: what is in force today,
what is missing, and the cycles still to evaluate.

A trainer here is a user with the trainer role: the freelance trainers the OF sub-contracts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from acunum.accounts.models import User
from acunum.complaints.models import (
    Refused,
    TrainerAgreement,
    TrainerCV,
    TrainerEvaluation,
    TrainerTraining,
)
from acunum.cycles.models import Cycle

# A cycle is evaluated once its training is over: in its accompaniment, or closed.
EVALUABLE = (Cycle.Status.ACCOMPANIMENT, Cycle.Status.CLOSED)
# Continuing education counted on the list of trainers: the last twelve months.
RECENT_DAYS = 365


def trainers() -> QuerySet[User]:
    return User.objects.filter(role=User.Role.TRAINER).order_by("last_name", "first_name", "pk")


@dataclass
class TrainerFile:
    trainer: User
    today: date
    agreements: list[TrainerAgreement] = field(default_factory=list)
    cvs: list[TrainerCV] = field(default_factory=list)
    trainings: list[TrainerTraining] = field(default_factory=list)
    evaluations: list[TrainerEvaluation] = field(default_factory=list)
    cycles: list[Cycle] = field(default_factory=list)

    @property
    def agreement(self) -> TrainerAgreement | None:
        """The agreement in force today, the most recent first."""
        return next((a for a in self.agreements if a.is_valid_on(self.today)), None)

    @property
    def cv(self) -> TrainerCV | None:
        return self.cvs[0] if self.cvs else None

    @property
    def recent_hours(self) -> Decimal:
        since = self.today - timedelta(days=RECENT_DAYS)
        return sum((t.hours for t in self.trainings if since <= t.date <= self.today), Decimal(0))

    @property
    def to_evaluate(self) -> list[Cycle]:
        evaluated = {e.cycle_id for e in self.evaluations}
        return [c for c in self.cycles if c.status in EVALUABLE and c.pk not in evaluated]

    @property
    def missing(self) -> list[str]:
        """What an auditor would ask for and does not find, in the order to fix it."""
        missing = []
        if self.agreement is None:
            missing.append(_("No intervention agreement in force today."))
        if self.cv is None:
            missing.append(_("No CV."))
        if not self.trainings:
            missing.append(_("No continuing education recorded."))
        if self.to_evaluate:
            n = len(self.to_evaluate)
            missing.append(
                ngettext("%(n)s cycle to evaluate.", "%(n)s cycles to evaluate.", n) % {"n": n}
            )
        return missing


def _files_of(queryset, today: date) -> list[TrainerFile]:
    # The PDFs stay in the database until someone opens one: a list never loads them.
    users = queryset.prefetch_related(
        Prefetch("trainer_agreements", queryset=TrainerAgreement.objects.defer("pdf")),
        Prefetch("trainer_cvs", queryset=TrainerCV.objects.defer("pdf")),
        "trainer_trainings",
        Prefetch(
            "trainer_evaluations",
            queryset=TrainerEvaluation.objects.select_related("cycle__structure"),
        ),
        Prefetch(
            "trained_cycles",
            queryset=Cycle.objects.select_related(
                "structure", "programme_version__programme"
            ).order_by("-created_at"),
        ),
    )
    return [
        TrainerFile(
            trainer=user,
            today=today,
            agreements=list(user.trainer_agreements.all()),
            cvs=list(user.trainer_cvs.all()),
            trainings=list(user.trainer_trainings.all()),
            evaluations=list(user.trainer_evaluations.all()),
            cycles=list(user.trained_cycles.all()),
        )
        for user in users
    ]


def overview(today: date) -> list[TrainerFile]:
    """Every trainer's file, in a fixed number of queries."""
    return _files_of(trainers(), today)


def trainer_file(trainer: User, today: date) -> TrainerFile:
    return _files_of(User.objects.filter(pk=trainer.pk), today)[0]


def evaluate(trainer: User, cycle: Cycle, values: dict, by: User, today: date, now):
    """The OF's evaluation of `trainer` on `cycle`, or Refused saying why not."""
    if not cycle.trainers.filter(pk=trainer.pk).exists():
        raise Refused(_("This trainer does not train this cycle."), "cycle")
    if cycle.status not in EVALUABLE:
        raise Refused(_("This cycle’s training is not over: evaluate it once it is."), "cycle")
    if values["date"] > today:
        raise Refused(_("This date is in the future."), "date")
    try:
        with transaction.atomic():
            return TrainerEvaluation.objects.create(
                trainer=trainer,
                cycle=cycle,
                date=values["date"],
                rating=values["rating"],
                comments=values.get("comments", ""),
                by=by,
                by_name=str(by),
                recorded_at=now,
            )
    except IntegrityError:
        # Two evaluations sent at once: the database keeps one, the other is told why.
        raise Refused(_("This cycle is already evaluated for this trainer."), "cycle") from None
