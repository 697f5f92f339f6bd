"""The plan of the half-days for requested usages (DJ3 to DJ7): which half-days take a theme,
the theme of each, and assigning, changing or removing one, with its trace.

A theme changes what the cycle delivers in place of the programme's generic "Usages demandés par
les stagiaires": each change is written as an Adaptation, in the same transaction, with what it
was before and after, who made it, when and why (Qualiopi indicator 10).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from acunum.cycles.models import Cycle, Slot
from acunum.programmes.models import ProgrammeVersion, Sequence
from acunum.usages.models import MAX_TEXT, MAX_TITLE, Adaptation, Proposal, Refused, Theme

# The programme file's group of half-days given to the usages the trainees ask for: DJ3 to DJ7
# in ACUNUM's file. Read from the file, so that a programme with other half-days works as well.
REQUESTED_GROUP = "requested_usages"


def requested_codes(version: ProgrammeVersion) -> list[str]:
    """The codes of the version's half-days for requested usages, in the programme's order."""
    return [
        sequence["code"]
        for part in version.data.get("parts", [])
        for sequence in part.get("sequences", [])
        if sequence.get("group") == REQUESTED_GROUP
    ]


def span(codes: list[str]) -> str:
    """ "DJ3–DJ7": how the pages name the requested half-days."""
    if not codes:
        return ""
    return codes[0] if len(codes) == 1 else f"{codes[0]}–{codes[-1]}"


@dataclass
class HalfDay:
    sequence: Sequence
    slot: Slot | None
    theme: Theme | None


def half_days(cycle: Cycle) -> list[HalfDay]:
    """Each requested half-day of the cycle, with its slot (if scheduled) and its theme (if
    assigned), in four queries."""
    codes = requested_codes(cycle.programme_version)
    sequences = list(
        Sequence.objects.filter(version_id=cycle.programme_version_id, code__in=codes).order_by(
            "position"
        )
    )
    slots = {s.sequence_id: s for s in Slot.objects.filter(cycle=cycle, sequence__in=sequences)}
    themes = {
        t.sequence_id: t
        for t in Theme.objects.filter(cycle=cycle, sequence__in=sequences).prefetch_related(
            Prefetch("proposals", Proposal.objects.order_by("created_at", "pk"))
        )
    }
    return [HalfDay(s, slots.get(s.pk), themes.get(s.pk)) for s in sequences]


def missing(days: list[HalfDay]) -> list[Sequence]:
    return [day.sequence for day in days if day.theme is None]


def is_complete(cycle: Cycle) -> bool:
    """Every requested half-day has its theme: the plan is made and the proposals close."""
    codes = requested_codes(cycle.programme_version)
    themed = Theme.objects.filter(
        cycle=cycle, sequence__version_id=cycle.programme_version_id, sequence__code__in=codes
    ).count()
    return bool(codes) and themed == len(codes)


def check_half_day(cycle: Cycle, sequence: Sequence) -> None:
    """Refuse any half-day but the cycle's own requested ones, naming it."""
    if sequence.version_id != cycle.programme_version_id:
        raise Refused(
            _(
                "%(code)s “%(title)s” belongs to another version of the programme: this cycle "
                "follows version %(number)s."
            )
            % {
                "code": sequence.code,
                "title": sequence.title,
                "number": cycle.programme_version.number,
            }
        )
    codes = requested_codes(cycle.programme_version)
    if sequence.code not in codes:
        raise Refused(
            _(
                "%(code)s “%(title)s” is not a half-day for the usages the trainees ask for: "
                "only %(codes)s receive a theme."
            )
            % {"code": sequence.code, "title": sequence.title, "codes": ", ".join(codes)}
        )


@dataclass(frozen=True)
class Content:
    """What a theme says: the trainer's form, or the demo."""

    title: str
    objectives: str
    resources: str = ""
    proposals: tuple[Proposal, ...] = ()


def _check_content(cycle: Cycle, content: Content) -> None:
    if not content.title.strip():
        raise Refused(_("Give the theme a title."))
    if len(content.title) > MAX_TITLE:
        raise Refused(_("The title is too long: %(max)s characters at most.") % {"max": MAX_TITLE})
    if not content.objectives.strip():
        raise Refused(_("Say what the half-day’s objectives are."))
    if len(content.objectives) > MAX_TEXT:
        raise Refused(
            _("The objectives are too long: %(max)s characters at most.") % {"max": MAX_TEXT}
        )
    if len(content.resources) > MAX_TEXT:
        raise Refused(
            _("The resources are too long: %(max)s characters at most.") % {"max": MAX_TEXT}
        )
    for proposal in content.proposals:
        if proposal.cycle_id != cycle.pk or proposal.merged_into_id is not None:
            raise Refused(_("A theme answers proposals of this cycle that are not merged."))


def _check_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise Refused(_("Say why the half-day changes: the cycle’s record keeps it."))
    if len(reason) > MAX_TEXT:
        raise Refused(_("The reason is too long: %(max)s characters at most.") % {"max": MAX_TEXT})
    return reason


def _answers(proposals: Iterable[Proposal]) -> str:
    return "\n".join(p.title for p in sorted(proposals, key=lambda p: p.pk))


def _who(user) -> str:
    return user.get_full_name() or user.get_username()


@transaction.atomic
def set_theme(
    cycle: Cycle,
    sequence: Sequence,
    content: Content,
    *,
    reason: str,
    user,
    at: datetime | None = None,
) -> Adaptation | None:
    """Give the half-day this theme, or change its theme; None when nothing changes."""
    check_half_day(cycle, sequence)
    _check_content(cycle, content)
    reason = _check_reason(reason)
    at = at or timezone.now()
    # Under the cycle's lock, two trainers saving the same half-day queue up, and each record's
    # "before" is what the other one left.
    list(Cycle.objects.select_for_update().filter(pk=cycle.pk).values_list("pk"))
    theme = Theme.objects.filter(cycle=cycle, sequence=sequence).first()
    title, objectives = content.title.strip(), content.objectives.strip()
    resources = content.resources.strip()
    after_answers = _answers(content.proposals)
    if theme is None:
        theme = Theme.objects.create(
            cycle=cycle,
            sequence=sequence,
            title=title,
            objectives=objectives,
            resources=resources,
            updated_at=at,
        )
        theme.proposals.set(content.proposals)
        return Adaptation.objects.create(
            cycle=cycle,
            sequence=sequence,
            change=Adaptation.Change.CREATED,
            after_title=title,
            after_objectives=objectives,
            after_resources=resources,
            after_answers=after_answers,
            user=user,
            user_name=_who(user),
            at=at,
            reason=reason,
        )
    before = (theme.title, theme.objectives, theme.resources, _answers(theme.proposals.all()))
    if before == (title, objectives, resources, after_answers):
        return None
    adaptation = Adaptation.objects.create(
        cycle=cycle,
        sequence=sequence,
        change=Adaptation.Change.CHANGED,
        before_title=before[0],
        before_objectives=before[1],
        before_resources=before[2],
        before_answers=before[3],
        after_title=title,
        after_objectives=objectives,
        after_resources=resources,
        after_answers=after_answers,
        user=user,
        user_name=_who(user),
        at=at,
        reason=reason,
    )
    theme.title, theme.objectives, theme.resources, theme.updated_at = (
        title,
        objectives,
        resources,
        at,
    )
    theme.save(update_fields=["title", "objectives", "resources", "updated_at"])
    theme.proposals.set(content.proposals)
    return adaptation


@transaction.atomic
def remove_theme(
    cycle: Cycle, sequence: Sequence, *, reason: str, user, at: datetime | None = None
) -> Adaptation:
    """The half-day goes back to the programme's generic title; the record keeps what it was."""
    check_half_day(cycle, sequence)
    reason = _check_reason(reason)
    list(Cycle.objects.select_for_update().filter(pk=cycle.pk).values_list("pk"))
    theme = Theme.objects.filter(cycle=cycle, sequence=sequence).first()
    if theme is None:
        raise Refused(_("%(code)s has no theme to remove.") % {"code": sequence.code})
    adaptation = Adaptation.objects.create(
        cycle=cycle,
        sequence=sequence,
        change=Adaptation.Change.REMOVED,
        before_title=theme.title,
        before_objectives=theme.objectives,
        before_resources=theme.resources,
        before_answers=_answers(theme.proposals.all()),
        user=user,
        user_name=_who(user),
        at=at or timezone.now(),
        reason=reason,
    )
    theme.delete()
    return adaptation
