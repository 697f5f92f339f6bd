"""A trainee's action plan: when it can be written, its one to three commitments, and the history
of where each one stands.

Every function here checks its own rules and raises Refused with words for the person: a view,
the demo and a test all go through the same checks, and a refusal changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from acunum.cycles.models import Cycle, Enrolment
from acunum.plans.models import MAX_COMMITMENTS, ClosingReview, Commitment, StatusChange

# The half-day of the action plan, in the programme's words: "Bilan et suite".
PLAN_SEQUENCE = "DJ8"
FIELDS = ("usage", "why", "with_whom", "by_when", "first_step", "support")
# Also the forms' messages for an empty field, so that the page and the rule say the same.
NO_USAGE = gettext_lazy(
    "Fill in the “Usage” field: a commitment without a usage cannot be recorded."
)
NO_BY_WHEN = gettext_lazy("Fill in the “By when” field with the date you aim for.")


class Refused(Exception):
    """Why nothing was recorded, in words for the person who asked. `field` names the form
    field at fault, when there is one."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def plan_day(cycle: Cycle) -> date | None:
    """The date of DJ8, when the trainees write their commitments; None before it is scheduled."""
    slot = cycle.slots.filter(sequence__code=PLAN_SEQUENCE).order_by("date").first()
    return slot.date if slot else None


def is_closed(cycle: Cycle) -> bool:
    return ClosingReview.objects.filter(cycle=cycle).exists()


def check_changeable(cycle: Cycle) -> None:
    """The plan changes until the accompaniment's closing review, or the cycle's end."""
    if cycle.status == Cycle.Status.CANCELLED:
        raise Refused(_("This cycle is cancelled: its action plan cannot change."))
    if is_closed(cycle):
        raise Refused(_("The accompaniment is closed: the commitments no longer change."))
    if cycle.status == Cycle.Status.CLOSED:
        raise Refused(_("This cycle is closed: its action plan no longer changes."))


def frozen_because(cycle: Cycle) -> str:
    """Why nothing of the plan may change any more, or "" while it may."""
    try:
        check_changeable(cycle)
    except Refused as refused:
        return str(refused)
    return ""


def check_open(cycle: Cycle, today: date) -> None:
    """The plan is written from DJ8 on, and changes until the accompaniment's closing review."""
    check_changeable(cycle)
    day = plan_day(cycle)
    if day is None:
        raise Refused(_("The action plan is written on DJ8, which is not scheduled yet."))
    if today < day:
        raise Refused(
            _("The action plan is written on DJ8, on %(date)s.")
            % {"date": date_format(day, "l j F Y")}
        )


def check_usage(usage: str) -> str:
    usage = usage.strip()
    if not usage:
        raise Refused(str(NO_USAGE), field="usage")
    return usage


def check_by_when(by_when: date | None, today: date) -> date:
    """A date to aim for, not already gone: a deadline in the past is a commitment already
    missed. Checked when the date is set, not afterwards, so a plan does not go bad with time."""
    if by_when is None:
        raise Refused(str(NO_BY_WHEN), field="by_when")
    if by_when < today:
        raise Refused(
            _("The “By when” date, %(date)s, is already past: choose today or a later date.")
            % {"date": date_format(by_when, "j F Y")},
            field="by_when",
        )
    return by_when


def _cleaned(fields: dict) -> dict:
    values = {name: fields.get(name) for name in FIELDS}
    for name in FIELDS:
        if isinstance(values[name], str):
            values[name] = values[name].strip()
        elif values[name] is None and name != "by_when":
            values[name] = ""
    values["usage"] = check_usage(values["usage"])
    return values


def commitments_of(enrolment: Enrolment) -> list[Commitment]:
    return list(enrolment.commitments.prefetch_related("changes"))


def add(enrolment: Enrolment, fields: dict, now: datetime) -> Commitment:
    """A new commitment in the trainee's plan, with the lowest free number: a fourth is refused.

    The enrolment's row is locked first (PostgreSQL; SQLite's IMMEDIATE transaction already
    holds the write lock), so two submits at once read each other's commitments; the unique and
    check constraints on (enrolment, number) hold whatever path writes.
    """
    today = timezone.localdate(now)
    check_open(enrolment.cycle, today)
    values = _cleaned(fields)
    values["by_when"] = check_by_when(values["by_when"], today)
    with transaction.atomic():
        list(Enrolment.objects.select_for_update().filter(pk=enrolment.pk).values_list("pk"))
        taken = set(enrolment.commitments.values_list("number", flat=True))
        free = [n for n in range(1, MAX_COMMITMENTS + 1) if n not in taken]
        if not free:
            raise Refused(
                _(
                    "Your action plan already has three commitments, the most it can hold: "
                    "change or remove one rather than adding a fourth."
                )
            )
        return Commitment.objects.create(
            enrolment=enrolment, number=free[0], created_at=now, updated_at=now, **values
        )


def change(commitment: Commitment, fields: dict, now: datetime) -> Commitment:
    """The trainee rewrites a commitment. A deadline already in the plan may stay as it is; a
    new one must not be in the past."""
    today = timezone.localdate(now)
    check_open(commitment.enrolment.cycle, today)
    values = _cleaned(fields)
    if values["by_when"] != commitment.by_when:
        values["by_when"] = check_by_when(values["by_when"], today)
    for name, value in values.items():
        setattr(commitment, name, value)
    commitment.updated_at = now
    commitment.save(update_fields=[*FIELDS, "updated_at"])
    return commitment


def remove(commitment: Commitment, now: datetime) -> None:
    """A commitment taken back before anyone followed it up: once its status has a history,
    removing it would erase that history, so it can only be abandoned."""
    check_open(commitment.enrolment.cycle, timezone.localdate(now))
    if commitment.changes.exists():
        raise Refused(
            _(
                "This commitment already has a follow-up: it cannot be removed, but it can be "
                "marked as abandoned, with the reason."
            )
        )
    commitment.delete()


@dataclass(frozen=True)
class Author:
    """Who says where a commitment stands: the trainee by their link, or a staff member."""

    by: str
    name: str
    user: object = None

    @classmethod
    def trainee(cls, enrolment: Enrolment) -> Author:
        return cls(StatusChange.By.TRAINEE, str(enrolment.trainee))

    @classmethod
    def staff(cls, user) -> Author:
        # The structure's contact speaks for the structure; anyone else who may reach the cycle
        # (its trainers, the OF's admins) speaks for the training organisation.
        by = StatusChange.By.CONTACT if user.role == user.Role.CONTACT else StatusChange.By.TRAINER
        return cls(by, user.get_full_name() or user.username, user)


def record_status(
    commitment: Commitment, status: str, note: str, author: Author, now: datetime
) -> StatusChange:
    """A new line in the commitment's history; the ones before stay as they were."""
    check_changeable(commitment.enrolment.cycle)
    if status not in StatusChange.Status.values:
        raise Refused(_("Choose where the commitment stands in the “Status” list."), field="status")
    note = note.strip()
    if status == StatusChange.Status.ABANDONED and not note:
        raise Refused(_("Say why the commitment is abandoned, in the “Note” field."), field="note")
    return StatusChange.objects.create(
        commitment=commitment,
        status=status,
        note=note,
        by=author.by,
        user=author.user,
        name=author.name,
        at=now,
    )


def current_status(commitment: Commitment) -> StatusChange | None:
    """The latest word on the commitment, or None while nobody has said anything: it is then
    simply not started. Reads the prefetched history when there is one."""
    changes = list(commitment.changes.all())
    return max(changes, key=lambda c: (c.at, c.pk)) if changes else None
