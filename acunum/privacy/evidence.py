"""How long the evidence of a training is kept, and whose evidence is still kept.

The evidence of a training (attendance ledger and signatures, certificates, learning results,
complaints) is kept RETENTION_EVIDENCE_YEARS after the end of the year of the cycle's last
half-day: 6 for the OPCOs' controls, 10 when European funds co-finance the action
(qualiopi-and-funding.md §5). Until then, erasing a person's data keeps what the evidence needs:
RGPD article 17.3.b, a legal obligation (article 6.1.c) of the training organisation.

A cycle's end is the day of its last half-day. A cycle with no half-day yet has not ended (its
evidence is to come), except a cancelled one, which never will: it ended the day it was created.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.conf import settings
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from acunum.cycles.models import Cycle, Enrolment, Slot


def evidence_until(end: date) -> date:
    """The last day the evidence of a cycle that ended on `end` is kept."""
    return date(end.year + settings.RETENTION_EVIDENCE_YEARS, 12, 31)


def with_cycle_end(queryset, cycle: str = "cycle"):
    """The rows (a queryset) with `cycle_end`, the day of the last half-day of the cycle they
    reach through `cycle` (a path such as "enrolment__cycle")."""
    last = Slot.objects.filter(cycle=OuterRef(cycle)).order_by("-date").values("date")[:1]
    return queryset.annotate(cycle_end=Subquery(last))


def ended_before(queryset, day: date, cycle: str = "cycle"):
    """The rows whose cycle ended before `day` (see cycle_end), with `cycle_end`."""
    midnight = timezone.make_aware(datetime.combine(day, time.min))
    cancelled = {f"{cycle}__status": Cycle.Status.CANCELLED, f"{cycle}__created_at__lt": midnight}
    return with_cycle_end(queryset, cycle).filter(
        Q(cycle_end__lt=day) | Q(cycle_end__isnull=True, **cancelled)
    )


def cycle_end(last_day: date | None, status: str, created_at) -> date | None:
    """When a cycle ended, from its last half-day; None while it has not."""
    if last_day is None and status == Cycle.Status.CANCELLED:
        return timezone.localdate(created_at)
    return last_day


@dataclass(frozen=True)
class Ends:
    """When a trainee's cycles end: `ends`, one per enrolment, None for a cycle not scheduled."""

    ends: tuple[date | None, ...]

    @property
    def last(self) -> date | None:
        """The end of their last cycle; None if one is not scheduled, or if there is none."""
        if not self.ends or None in self.ends:
            return None
        return max(self.ends)

    def evidence_kept(self, today: date) -> bool:
        """Some evidence of theirs must still be kept today."""
        return any(end is None or today <= evidence_until(end) for end in self.ends)

    def evidence_until(self) -> date | None:
        """The last day their evidence is kept; None if a cycle is not scheduled yet, or if
        they have no enrolment."""
        return evidence_until(self.last) if self.last else None

    def all_ended_before(self, day: date) -> bool:
        """Every cycle of theirs ended before `day` (and they have one)."""
        return bool(self.ends) and all(end is not None and end < day for end in self.ends)


def ends_of(trainee) -> Ends:
    rows = with_cycle_end(Enrolment.objects.filter(trainee=trainee)).values_list(
        "cycle_end", "cycle__status", "cycle__created_at"
    )
    return Ends(tuple(cycle_end(*row) for row in rows))


def ends_by_trainee() -> dict[int, Ends]:
    """Trainee id → the ends of their cycles, for every trainee enrolled somewhere, in one query:
    the retention policy reads them all."""
    found: dict[int, list] = {}
    rows = with_cycle_end(Enrolment.objects.all()).values_list(
        "trainee_id", "cycle_end", "cycle__status", "cycle__created_at"
    )
    for trainee_id, *row in rows:
        found.setdefault(trainee_id, []).append(cycle_end(*row))
    return {pk: Ends(tuple(ends)) for pk, ends in found.items()}
