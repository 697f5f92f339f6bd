"""The structure's side of the action plan: the trainer's synthesis under the four themes, the
follow-up meetings of temps 2, and the closing review that ends the accompaniment."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from acunum.cycles.models import Cycle, Enrolment
from acunum.plans.commitments import Refused, check_open, current_status, is_closed
from acunum.plans.models import ClosingReview, Commitment, Meeting, SynthesisPart, Theme


@dataclass
class TraineePlan:
    """One trainee's commitments, each with its current status (None: not started)."""

    enrolment: Enrolment
    commitments: list[Commitment] = field(default_factory=list)


def cycle_plans(cycle: Cycle) -> list[TraineePlan]:
    """Every trainee of the cycle with their commitments and histories, in three queries."""
    enrolments = cycle.enrolments.select_related("trainee").prefetch_related(
        Prefetch("commitments", queryset=Commitment.objects.prefetch_related("changes"))
    )
    plans = []
    for enrolment in enrolments.order_by("trainee__last_name", "trainee__first_name", "seat"):
        commitments = list(enrolment.commitments.all())
        for commitment in commitments:
            commitment.current = current_status(commitment)
        plans.append(TraineePlan(enrolment, commitments))
    return plans


@dataclass
class SynthesisTheme:
    theme: Theme
    text: str = ""
    commitment_ids: list[int] = field(default_factory=list)
    part: SynthesisPart | None = None


def synthesis(cycle: Cycle) -> list[SynthesisTheme]:
    """The four themes in the programme's order, each with what the trainer wrote (maybe
    nothing yet)."""
    parts = {
        p.theme: p
        for p in SynthesisPart.objects.filter(cycle=cycle).prefetch_related(
            "commitments__enrolment__trainee"
        )
    }
    result = []
    for theme in Theme:
        part = parts.get(theme.value)
        result.append(
            SynthesisTheme(
                theme,
                part.text if part else "",
                sorted(c.pk for c in part.commitments.all()) if part else [],
                part,
            )
        )
    return result


def has_synthesis(themes: list[SynthesisTheme]) -> bool:
    return any(t.text or t.commitment_ids for t in themes)


@transaction.atomic
def save_synthesis(cycle: Cycle, texts: dict, drawn_on: dict, user, now: datetime) -> None:
    """The four parts as the trainer wrote them. `drawn_on` maps a theme to commitment ids,
    which must all be of this cycle."""
    check_open(cycle, timezone.localdate(now))
    ours = set(Commitment.objects.filter(enrolment__cycle=cycle).values_list("pk", flat=True))
    for theme in Theme:
        ids = set(drawn_on.get(theme.value, []))
        if ids - ours:
            raise Refused(
                _("A commitment chosen under “%(theme)s” is not one of this cycle’s.")
                % {"theme": theme.label}
            )
    for theme in Theme:
        part, _created = SynthesisPart.objects.update_or_create(
            cycle=cycle,
            theme=theme.value,
            defaults={
                "text": texts.get(theme.value, "").strip(),
                "updated_at": now,
                "updated_by": user,
            },
        )
        part.commitments.set(drawn_on.get(theme.value, []))


def check_accompaniment(cycle: Cycle) -> None:
    """Meetings and the closing review belong to temps 2: the cycle in its accompaniment
    phase, not yet closed by its review."""
    if is_closed(cycle):
        raise Refused(_("The accompaniment is closed: its review has been written."))
    if cycle.status != Cycle.Status.ACCOMPANIMENT:
        raise Refused(
            _(
                "The accompaniment has not started: move the cycle to “%(status)s” on its page "
                "first."
            )
            % {"status": Cycle.Status.ACCOMPANIMENT.label}
        )


def check_past(day: date | None, today: date, to_come: str) -> date:
    """A date that has come: `to_come` says why a later one is refused, with its %(date)s."""
    if day is None:
        raise Refused(_("Fill in the “Date” field."), field="date")
    if day > today:
        raise Refused(to_come % {"date": date_format(day, "j F Y")}, field="date")
    return day


def _meeting_values(fields: dict, today: date) -> dict:
    values = {
        "date": check_past(
            fields.get("date"),
            today,
            _("The date, %(date)s, is to come: a meeting is recorded once it has taken place."),
        ),
        "participants": (fields.get("participants") or "").strip(),
        "notes": (fields.get("notes") or "").strip(),
        "decisions": (fields.get("decisions") or "").strip(),
    }
    if not values["participants"]:
        raise Refused(
            _("Fill in the “Participants” field: who took part in the meeting."),
            field="participants",
        )
    if not values["notes"] and not values["decisions"]:
        raise Refused(_("Write the notes or the decisions of the meeting."), field="notes")
    return values


def record_meeting(cycle: Cycle, fields: dict, user, now: datetime) -> Meeting:
    check_accompaniment(cycle)
    values = _meeting_values(fields, timezone.localdate(now))
    return Meeting.objects.create(cycle=cycle, recorded_by=user, recorded_at=now, **values)


def change_meeting(meeting: Meeting, fields: dict, user, now: datetime) -> Meeting:
    check_accompaniment(meeting.cycle)
    for name, value in _meeting_values(fields, timezone.localdate(now)).items():
        setattr(meeting, name, value)
    meeting.save(update_fields=["date", "participants", "notes", "decisions"])
    return meeting


def close(cycle: Cycle, fields: dict, user, now: datetime) -> ClosingReview:
    """The closing review: the last word of the accompaniment, written once."""
    with transaction.atomic():
        # Locked so that two reviews sent at once cannot both pass the check below.
        list(Cycle.objects.select_for_update().filter(pk=cycle.pk).values_list("pk"))
        check_accompaniment(cycle)
        day = check_past(
            fields.get("date"),
            timezone.localdate(now),
            _("The date, %(date)s, is to come: the review is written once the accompaniment ends."),
        )
        text = (fields.get("text") or "").strip()
        if not text:
            raise Refused(
                _("Fill in the “Review” field: what the accompaniment achieved and what is left."),
                field="text",
            )
        return ClosingReview.objects.create(
            cycle=cycle,
            date=day,
            text=text,
            by=user,
            name=user.get_full_name() or user.username,
            recorded_at=now,
        )
