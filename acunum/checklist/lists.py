"""A trainee's checklist, built from what they use and the catalogue; and the room's view of all
the checklists of a cycle."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from acunum.checklist.catalogue import Step, catalogue
from acunum.checklist.models import StepStatus, UsedPlatform
from acunum.checklist.platforms import APPLIES, Item, Platform
from acunum.cycles.models import Cycle, Enrolment

MAX_NOTE = 500


class Refused(Exception):
    """Why a mark is not recorded, in words for the trainee: nothing was stored."""


@dataclass
class Line:
    step: Step
    status: StepStatus | None

    @property
    def state(self) -> str:
        return self.status.state if self.status else ""


@dataclass
class Part:
    """One item on one platform: its steps in order."""

    item: Item
    platform: Platform
    lines: list[Line]

    @property
    def anchor(self) -> str:
        return f"{self.item.value}-{self.platform.value}"


@dataclass
class Section:
    """One of the seven items, over the platforms the trainee uses."""

    item: Item
    parts: list[Part] = field(default_factory=list)

    @property
    def lines(self) -> list[Line]:
        return [line for part in self.parts for line in part.lines]

    @property
    def total(self) -> int:
        return len(self.lines)

    @property
    def settled(self) -> int:
        """Steps done or set aside as not applying: what is left is to do or asks for help."""
        return sum(1 for line in self.lines if line.state in ("done", "not_applicable"))

    @property
    def help(self) -> int:
        return sum(1 for line in self.lines if line.state == "help")


def platforms_of(enrolment: Enrolment) -> list[str]:
    return list(UsedPlatform.objects.filter(enrolment=enrolment).values_list("platform", flat=True))


@transaction.atomic
def set_platforms(enrolment: Enrolment, platforms: list[str]) -> None:
    """What the trainee uses now. A status of a platform they no longer list is kept: ticking it
    again brings back where they were."""
    unknown = [p for p in platforms if p not in Platform.values]
    if unknown:
        raise Refused(_("Unknown platform: %(value)s.") % {"value": ", ".join(unknown)})
    UsedPlatform.objects.filter(enrolment=enrolment).exclude(platform__in=platforms).delete()
    known = set(platforms_of(enrolment))
    UsedPlatform.objects.bulk_create(
        UsedPlatform(enrolment=enrolment, platform=p) for p in platforms if p not in known
    )


def _sections(used: set[str], statuses: dict[str, StepStatus]) -> list[Section]:
    steps = catalogue()
    result = []
    for item in Item:
        section = Section(item)
        for platform in APPLIES[item]:
            if platform in used:
                lines = [Line(s, statuses.get(s.id)) for s in steps.of(item, platform)]
                section.parts.append(Part(item, Platform(platform), lines))
        result.append(section)
    return result


def sections(enrolment: Enrolment) -> list[Section]:
    """The trainee's checklist: the seven items, each with the platforms they use."""
    statuses = {s.step: s for s in StepStatus.objects.filter(enrolment=enrolment)}
    return _sections(set(platforms_of(enrolment)), statuses)


def step_of(enrolment: Enrolment, ident: str) -> Step:
    """A step of this trainee's own checklist, or Refused."""
    step = catalogue().steps.get(ident)
    if step is None:
        raise Refused(_("There is no step “%(id)s” in the catalogue.") % {"id": ident[:120]})
    if step.platform not in platforms_of(enrolment):
        raise Refused(
            _("“%(title)s” is a step for %(platform)s, which is not in your equipment.")
            % {"title": step.title, "platform": Platform(step.platform).label}
        )
    return step


def mark(enrolment: Enrolment, ident: str, state: str, note: str) -> StepStatus | None:
    """Records where the trainee is in a step: done, not for them, or help wanted; an empty
    state with an empty note takes the mark back."""
    step = step_of(enrolment, ident)
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise Refused(
            _("The note is too long: %(n)s characters at most (it has %(length)s).")
            % {"n": MAX_NOTE, "length": len(note)}
        )
    if state and state not in StepStatus.State.values:
        raise Refused(_("Choose done, does not apply to me, or I need help."))
    if not state:
        if note:
            raise Refused(_("Choose where you are in this step to keep your note."))
        StepStatus.objects.filter(enrolment=enrolment, step=step.id).delete()
        return None
    now = timezone.now()
    status, created = StepStatus.objects.get_or_create(
        enrolment=enrolment,
        step=step.id,
        defaults={"state": state, "note": note, "updated_at": now},
    )
    if not created:
        if status.state != state or status.note != note:
            # Asking again after the trainer came by is a new request.
            if state == StepStatus.State.HELP and status.state != state:
                status.helped_at = None
            status.state, status.note, status.updated_at = state, note, now
            status.save(update_fields=["state", "note", "updated_at", "helped_at"])
    return status


def mark_helped(status: StepStatus) -> None:
    StepStatus.objects.filter(pk=status.pk).update(helped_at=timezone.now())


@dataclass
class RoomRow:
    enrolment: Enrolment
    declared: bool
    cells: list[Section]
    waiting: int  # help requests not yet answered


def room(cycle: Cycle) -> tuple[list[StepStatus], list[RoomRow]]:
    """The trainer's view of the room: the help requests waiting, oldest first, and one row per
    trainee with their progress per item; those waiting for help first."""
    enrolments = list(cycle.enrolments.select_related("trainee").order_by("seat"))
    used: dict[int, list[str]] = {}
    for row in UsedPlatform.objects.filter(enrolment__cycle=cycle).values(
        "enrolment_id", "platform"
    ):
        used.setdefault(row["enrolment_id"], []).append(row["platform"])
    statuses: dict[int, dict[str, StepStatus]] = {}
    for status in StepStatus.objects.of_cycle(cycle):
        statuses.setdefault(status.enrolment_id, {})[status.step] = status
    steps = catalogue()
    by_id = {e.pk: e for e in enrolments}
    waiting = list(StepStatus.objects.of_cycle(cycle).waiting_for_help())
    for status in waiting:
        status.enrolment = by_id[status.enrolment_id]
        status.catalogue_step = step = steps.steps.get(status.step)
        status.platform_label = Platform(step.platform).label if step else ""
    rows = []
    for enrolment in enrolments:
        cells = _sections(set(used.get(enrolment.pk, [])), statuses.get(enrolment.pk, {}))
        asking = sum(1 for s in waiting if s.enrolment_id == enrolment.pk)
        rows.append(RoomRow(enrolment, enrolment.pk in used, cells, asking))
    rows.sort(key=lambda r: (-r.waiting, r.enrolment.seat))
    return waiting, rows


def room_etag(cycle: Cycle) -> str:
    """Changes with any mark or equipment of the cycle's trainees: the room's page asks it
    every few seconds (workshops.js, job 3) and reloads when it changes."""
    marks = StepStatus.objects.of_cycle(cycle).aggregate(
        n=Count("pk"), last=Max("updated_at"), helped=Max("helped_at")
    )
    used = UsedPlatform.objects.filter(enrolment__cycle=cycle).aggregate(
        n=Count("pk"), last=Max("pk")
    )
    state = f"{marks['n']}.{marks['last']}.{marks['helped']}.{used['n']}.{used['last']}"
    return '"' + hashlib.sha256(state.encode()).hexdigest()[:20] + '"'
