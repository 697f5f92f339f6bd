"""How a complaint or an incident comes in, from whoever reports it.

The views have already checked who may report about which cycle (the trainee's link, the staff
user's access to the cycle); this module records who it was and refuses what does not hold.
"""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from acunum.accounts.models import User
from acunum.complaints.models import Complaint, Refused
from acunum.cycles.models import Cycle, Enrolment

NO_TEXT = gettext_lazy("Say what happened in the “What happened” field.")
OTHER_CYCLE = gettext_lazy(
    "This form only takes reports about your own training. Nothing was recorded: open the "
    "page of the cycle concerned from its own personal link."
)


def _create(*, values: dict, cycle: Cycle | None, now: datetime, **who) -> Complaint:
    text = (values.get("text") or "").strip()
    if not text:
        raise Refused(str(NO_TEXT), "text")
    if values.get("kind") not in Complaint.Kind.values:
        raise Refused(_("Choose whether it is a complaint or an incident."), "kind")
    return Complaint.objects.create(
        kind=values["kind"],
        cycle=cycle,
        text=text,
        wants_answer=bool(values.get("wants_answer")),
        filed_at=now,
        **who,
    )


def from_trainee(enrolment: Enrolment, cycle_code: str, values: dict, now: datetime) -> Complaint:
    """A trainee's report, from their personal link: always about their own cycle.

    The form names the cycle it was shown for; a report sent for any other cycle (another
    page, another link of the same person) is refused rather than filed under the wrong one.
    """
    if str(cycle_code) != str(enrolment.cycle.code):
        raise Refused(str(OTHER_CYCLE))
    return _create(
        values=values,
        cycle=enrolment.cycle,
        now=now,
        by=Complaint.By.TRAINEE,
        enrolment=enrolment,
        name=str(enrolment.trainee),
    )


def staff_role(user: User) -> str:
    if user.is_of_admin:
        return Complaint.By.ADMIN
    if user.role == User.Role.TRAINER:
        return Complaint.By.TRAINER
    return Complaint.By.CONTACT


def from_staff(user: User, cycle: Cycle | None, values: dict, now: datetime) -> Complaint:
    """A staff user's report. The cycle is one the user may read (checked by the view); only
    the OF's administrator may report about no cycle, or on someone else's behalf."""
    by = staff_role(user)
    if cycle is None and by != Complaint.By.ADMIN:
        raise Refused(_("Choose the cycle concerned."), "cycle")
    return _create(
        values=values,
        cycle=cycle,
        now=now,
        by=by,
        user=user,
        name=str(user),
        on_behalf_of=(values.get("on_behalf_of") or "").strip() if by == Complaint.By.ADMIN else "",
    )
