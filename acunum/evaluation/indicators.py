"""The results each programme publishes, per calendar year (Qualiopi indicator 2), computed into
PublishedIndicator snapshots: by `acunum indicators`, and once a day by the outbox's worker
(`refresh_if_stale`, a producer registered in apps.py).

The rules, as the public page states them:

- a cycle counts in the year of its last half-day, once that half-day has ended; a cancelled
  cycle never counts;
- trainees trained: those enrolled in those cycles;
- completion rate: the share of them present at their cycle's last half-day, according to the
  attendance ledger (a signature, or a presence entered from the paper sheet, not corrected to an
  absence since);
- satisfaction rate: the share of the answers to the hot satisfaction questionnaire of those
  cycles whose overall question counts as satisfied (`satisfied_from` and up: 4 or 5 out of 5).

Reading every cycle's last half-day at once keeps the cost to a handful of queries, whatever the
number of cycles.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

from acunum.attendance.models import AttendanceEvent
from acunum.attendance.state import slot_presences
from acunum.cycles.models import Cycle, Enrolment, Slot
from acunum.evaluation.models import PublishedIndicator, QuestionnaireVersion, Response
from acunum.programmes.models import Programme

HOT_SATISFACTION = "satisfaction-chaud"
# The worker asks before each round; the snapshot is computed again once it is this old.
REFRESH_AFTER = timedelta(days=1)


@dataclass
class Figures:
    cycles: int = 0
    trained: int = 0
    completed: int = 0
    satisfaction_answers: int = 0
    satisfied: int = 0


def ended_cycles(now: datetime) -> dict[int, tuple[Cycle, Slot]]:
    """Cycle id → (cycle, its last half-day), for every cycle whose last half-day has ended."""
    last = Slot.objects.filter(cycle=OuterRef("pk")).order_by("-date", "-start", "-index")
    cycles = list(
        Cycle.objects.exclude(status=Cycle.Status.CANCELLED)
        .annotate(
            last_slot=Subquery(last.values("pk")[:1]),
            last_date=Subquery(last.values("date")[:1]),
        )
        .filter(last_date__lte=timezone.localdate(now))
        .select_related("programme_version")
    )
    slots = Slot.objects.in_bulk([c.last_slot for c in cycles])
    return {c.pk: (c, slots[c.last_slot]) for c in cycles if slots[c.last_slot].ends_at() <= now}


def compute(now: datetime | None = None) -> dict[tuple[int, int], Figures]:
    """(programme id, year) → the figures, from the ledger and the answers as they are now."""
    now = now or timezone.now()
    ended = ended_cycles(now)
    figures: dict[tuple[int, int], Figures] = defaultdict(Figures)

    def key(cycle_id: int) -> tuple[int, int]:
        cycle, last = ended[cycle_id]
        return cycle.programme_version.programme_id, last.date.year

    for cycle_id in ended:
        figures[key(cycle_id)].cycles += 1

    # Who was present at each cycle's last half-day: its events only, folded as the ledger says.
    events = defaultdict(list)
    last_slots = {last.pk: last for _cycle, last in ended.values()}
    for event in (
        AttendanceEvent.objects.filter(slot__in=list(last_slots)).defer("image").order_by("seq")
    ):
        events[event.slot_id].append(event)
    present: set[int] = set()
    for slot_id, slot in last_slots.items():
        for enrolment_id, presence in slot_presences(slot, events[slot_id]).items():
            if presence.minutes(slot) > 0:
                present.add(enrolment_id)
    for enrolment_id, cycle_id in Enrolment.objects.filter(cycle__in=list(ended)).values_list(
        "pk", "cycle_id"
    ):
        figures[key(cycle_id)].trained += 1
        figures[key(cycle_id)].completed += enrolment_id in present

    versions = {v.pk: v for v in QuestionnaireVersion.objects.filter(slug=HOT_SATISFACTION)}
    for version_id, cycle_id, answers in Response.objects.filter(
        cycle__in=list(ended), questionnaire=HOT_SATISFACTION
    ).values_list("version_id", "cycle_id", "answers"):
        question = versions[version_id].questionnaire.satisfaction_question()
        if question is None or answers.get(question.id) is None:
            continue
        figures[key(cycle_id)].satisfaction_answers += 1
        figures[key(cycle_id)].satisfied += bool(question.is_satisfied(answers[question.id]))
    return dict(figures)


def publish(now: datetime | None = None) -> list[PublishedIndicator]:
    """Compute and store the snapshots, in one transaction: one per programme and year with an
    ended cycle; a year that no longer has one (its cycle cancelled) is removed."""
    now = now or timezone.now()
    with transaction.atomic():
        # Two workers may publish at once: the second waits here for the first to commit, then
        # updates its rows rather than inserting the same ones (PostgreSQL; SQLite's write
        # transactions already queue).
        list(Programme.objects.select_for_update().values_list("pk", flat=True))
        figures = compute(now)
        published = []
        for (programme_id, year), f in sorted(figures.items()):
            snapshot, _created = PublishedIndicator.objects.update_or_create(
                programme_id=programme_id,
                year=year,
                defaults={
                    "cycles": f.cycles,
                    "trained": f.trained,
                    "completed": f.completed,
                    "satisfaction_answers": f.satisfaction_answers,
                    "satisfied": f.satisfied,
                    "computed_at": now,
                },
            )
            published.append(snapshot)
        stale = PublishedIndicator.objects.exclude(pk__in=[s.pk for s in published])
        stale.delete()
    return published


def refresh_if_stale(now: datetime) -> int:
    """The outbox's producer: publish again when the latest snapshot is a day old (or there is
    none); returns how many snapshots were published."""
    latest = PublishedIndicator.objects.aggregate(latest=Max("computed_at"))["latest"]
    if latest is not None and now - latest < REFRESH_AFTER:
        return 0
    if latest is None and not ended_cycles(now):
        return 0  # nothing to publish yet: no write every round of a new install
    return len(publish(now))


def for_programme(programme) -> list[PublishedIndicator]:
    """The published years of a programme, the latest first."""
    return list(PublishedIndicator.objects.filter(programme=programme).order_by("-year"))
