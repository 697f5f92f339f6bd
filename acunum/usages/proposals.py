"""The trainees' proposals of usages: when they open and close, proposing and commenting, the
dots (gommettes) and the trainer's merging of duplicates.

Proposals open on the day of J4 ("Métier, valeurs et usages numériques", which prepares the
second session), or earlier when the trainer opens them; they close once every requested
half-day has its theme (plan.is_complete).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from acunum.cycles.models import Cycle, Enrolment, Slot
from acunum.usages import plan
from acunum.usages.models import (
    DOTS_PER_TRAINEE,
    Category,
    Comment,
    Dot,
    Opening,
    Proposal,
    Refused,
)

# The day from which the trainees propose: the last day of the first session.
OPENS_WITH = "J4"


@dataclass(frozen=True)
class State:
    """Where the proposals of a cycle are: "not_yet" (with the day they open, if scheduled),
    "open", or "closed" (the plan is complete)."""

    value: str
    opens_on: date | None = None
    opened_early: bool = False

    @property
    def is_open(self) -> bool:
        return self.value == "open"


def opens_on(cycle: Cycle) -> date | None:
    return (
        Slot.objects.filter(cycle=cycle, sequence__code=OPENS_WITH)
        .order_by("date", "start")
        .values_list("date", flat=True)
        .first()
    )


def state(cycle: Cycle, today: date | None = None) -> State:
    today = today or timezone.localdate()
    day = opens_on(cycle)
    early = Opening.objects.filter(cycle=cycle, opened_early=True).exists()
    if plan.is_complete(cycle):
        return State("closed", day, early)
    if early or (day is not None and today >= day):
        return State("open", day, early)
    return State("not_yet", day, early)


def refusal(cycle: Cycle, found: State) -> str:
    """Why a trainee cannot propose, comment or place a dot now."""
    if found.value == "closed":
        codes = plan.requested_codes(cycle.programme_version)
        return _(
            "Proposals are closed: your trainer has assigned the themes of the half-days %(span)s."
        ) % {"span": plan.span(codes)}
    if found.opens_on is None:
        return _("Proposals open on %(day)s, whose date is not set yet.") % {"day": OPENS_WITH}
    return _("Proposals open on %(day)s, %(date)s.") % {
        "day": OPENS_WITH,
        "date": formats.date_format(found.opens_on, "l j F"),
    }


def _check_open(cycle: Cycle, today: date | None = None) -> None:
    found = state(cycle, today)
    if not found.is_open:
        raise Refused(refusal(cycle, found))


@transaction.atomic
def open_early(cycle: Cycle, user, opened: bool = True, at: datetime | None = None) -> Opening:
    """The trainer opens the proposals before J4 (or goes back to opening them on J4)."""
    opening, _created = Opening.objects.update_or_create(
        cycle=cycle,
        defaults={"opened_early": opened, "changed_by": user, "changed_at": at or timezone.now()},
    )
    return opening


def propose(
    enrolment: Enrolment,
    title: str,
    description: str,
    category: str,
    at: datetime | None = None,
) -> Proposal:
    """A trainee's proposal; the form has checked the fields, the database checks them again."""
    at = at or timezone.now()
    _check_open(enrolment.cycle, timezone.localdate(at))
    if category not in Category.values:
        raise Refused(_("Choose a category for the usage."))
    return Proposal.objects.create(
        cycle=enrolment.cycle,
        author=enrolment,
        title=title.strip(),
        description=description.strip(),
        category=category,
        created_at=at,
    )


def comment(
    proposal: Proposal,
    text: str,
    *,
    enrolment: Enrolment | None = None,
    user=None,
    at: datetime | None = None,
) -> Comment:
    """A trainee comments while the proposals are open; the trainer, whenever they wish."""
    at = at or timezone.now()
    if enrolment is not None:
        if enrolment.cycle_id != proposal.cycle_id:
            raise Refused(_("This proposal is not of your cycle."))
        _check_open(enrolment.cycle, timezone.localdate(at))
    if proposal.merged_into_id is not None:
        raise Refused(_("This proposal was merged into another one: comment on that one."))
    if not text.strip():
        raise Refused(_("Write your comment first."))
    return Comment.objects.create(
        proposal=proposal, enrolment=enrolment, user=user, text=text.strip(), created_at=at
    )


def limit_message(allowed: int = DOTS_PER_TRAINEE) -> str:
    return ngettext(
        "You have already placed your dot: take it back to place it elsewhere.",
        "You have already placed your %(n)s dots: take one back to place it elsewhere.",
        allowed,
    ) % {"n": allowed}


@dataclass(frozen=True)
class Dots:
    """After a dot is placed or taken back: whether this request changed anything (a repeated
    tap changes nothing and is answered as the first one was), and what the trainee holds."""

    changed: bool
    on_proposal: int
    left: int


def _lock(enrolment: Enrolment, proposal: Proposal) -> Proposal:
    """Take the trainee's lock, then the proposal's, and read the proposal again.

    1. The enrolment's row is locked first (PostgreSQL; on SQLite the IMMEDIATE transaction
       holds the database's write lock), so two phones of one trainee queue up and each counts
       the dots the other left: three at most, whatever the timing.
    2. The proposal's row next: a merge (which locks the proposals) cannot move the dots while
       one is being placed, and a dot never lands on a proposal merged a moment before.
    3. The database refuses a fourth dot anyway (numbers 1 to DOTS_PER_TRAINEE, each once).
    """
    list(Enrolment.objects.select_for_update().filter(pk=enrolment.pk).values_list("pk"))
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.cycle_id != enrolment.cycle_id:
        raise Refused(_("This proposal is not of your cycle."))
    if locked.merged_into_id is not None:
        raise Refused(_("This proposal was merged into another one: its dots are on that one."))
    return locked


def _held(enrolment: Enrolment) -> list[Dot]:
    return list(Dot.objects.filter(enrolment=enrolment).order_by("number"))


def place_dot(
    enrolment: Enrolment, proposal: Proposal, seen: int | None = None, at: datetime | None = None
) -> Dots:
    """Place one of the trainee's dots on the proposal.

    `seen` is how many of their dots the page showed on this proposal: when it no longer
    matches, this is the same tap arriving twice (a double tap, a resent form), and nothing is
    placed. Beyond DOTS_PER_TRAINEE, refused with a message that names the limit.
    """
    at = at or timezone.now()
    with transaction.atomic():
        locked = _lock(enrolment, proposal)
        _check_open(enrolment.cycle, timezone.localdate(at))
        held = _held(enrolment)
        here = sum(1 for dot in held if dot.proposal_id == locked.pk)
        if seen is not None and seen != here:
            return Dots(False, here, DOTS_PER_TRAINEE - len(held))
        if len(held) >= DOTS_PER_TRAINEE:
            raise Refused(limit_message())
        taken = {dot.number for dot in held}
        number = min(n for n in range(1, DOTS_PER_TRAINEE + 1) if n not in taken)
        Dot.objects.create(enrolment=enrolment, proposal=locked, number=number, placed_at=at)
        return Dots(True, here + 1, DOTS_PER_TRAINEE - len(held) - 1)


def take_back(
    enrolment: Enrolment, proposal: Proposal, seen: int | None = None, at: datetime | None = None
) -> Dots:
    """Take one of the trainee's dots back from the proposal, to place it elsewhere."""
    at = at or timezone.now()
    with transaction.atomic():
        locked = _lock(enrolment, proposal)
        _check_open(enrolment.cycle, timezone.localdate(at))
        held = _held(enrolment)
        here = [dot for dot in held if dot.proposal_id == locked.pk]
        if seen is not None and seen != len(here):
            return Dots(False, len(here), DOTS_PER_TRAINEE - len(held))
        if not here:
            raise Refused(
                _("You have no dot on “%(title)s” to take back.") % {"title": locked.title}
            )
        here[-1].delete()
        return Dots(True, len(here) - 1, DOTS_PER_TRAINEE - len(held) + 1)


def dots_of(enrolment: Enrolment) -> dict[int, int]:
    """The trainee's dots on each proposal."""
    found: dict[int, int] = {}
    for proposal_id in Dot.objects.filter(enrolment=enrolment).values_list(
        "proposal_id", flat=True
    ):
        found[proposal_id] = found.get(proposal_id, 0) + 1
    return found


def current(proposal: Proposal) -> Proposal:
    """The proposal a merged one now lives in: the end of its chain of merges."""
    seen = {proposal.pk}
    while proposal.merged_into_id is not None:
        proposal = Proposal.objects.get(pk=proposal.merged_into_id)
        if proposal.pk in seen:  # Never written, and the check constraint forbids the shortest.
            break
        seen.add(proposal.pk)
    return proposal


@transaction.atomic
def merge(proposal: Proposal, into: Proposal, user, at: datetime | None = None) -> Proposal:
    """Merge a duplicate into another proposal of the same cycle: its dots, comments and the
    themes that answer it follow; it is hidden from the trainees and points to the other."""
    if into.pk == proposal.pk:
        raise Refused(_("A proposal cannot be merged into itself: choose another one."))
    if into.cycle_id != proposal.cycle_id:
        raise Refused(_("This proposal is not one of this cycle’s: choose one from the list."))
    # Both rows, in the order of their keys: two merges at once cannot wait on each other.
    locked = {
        p.pk: p
        for p in Proposal.objects.select_for_update()
        .filter(pk__in=[proposal.pk, into.pk])
        .order_by("pk")
    }
    proposal, into = locked[proposal.pk], locked[into.pk]
    if proposal.merged_into_id is not None:
        raise Refused(
            _("“%(title)s” is already merged into another proposal.") % {"title": proposal.title}
        )
    if into.merged_into_id is not None:
        raise Refused(
            _("“%(title)s” is itself merged into another proposal: merge into that one.")
            % {"title": into.title}
        )
    Dot.objects.filter(proposal=proposal).update(proposal=into)
    Comment.objects.filter(proposal=proposal).update(proposal=into)
    for theme in proposal.themes.all():
        theme.proposals.add(into)
        theme.proposals.remove(proposal)
    proposal.merged_into, proposal.merged_by = into, user
    proposal.merged_at = at or timezone.now()
    proposal.save(update_fields=["merged_into", "merged_by", "merged_at"])
    return into
