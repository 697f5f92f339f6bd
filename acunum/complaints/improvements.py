"""Improvements (indicator 32): what the OF changes, and what made it change.

An improvement is tied to its cause: a complaint or an incident recorded here, or a satisfaction
result, referred to by its cycle and a note saying which result (the questionnaires' results and
published indicators live in acunum/evaluation; the note is enough for the auditor to find them).
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils.translation import gettext as _

from acunum.complaints.models import Complaint, Improvement, Refused

Cause = Improvement.Cause


def check(values: dict, today: date) -> dict:
    """The fields of an improvement once its rules hold, or Refused naming the field at fault."""
    cause = values.get("cause")
    complaint: Complaint | None = values.get("complaint")
    cycle = values.get("cycle")
    if cause in (Cause.COMPLAINT, Cause.INCIDENT):
        if complaint is None:
            raise Refused(_("Choose the complaint or incident that caused it."), "complaint")
        if cause == Cause.COMPLAINT and complaint.kind != Complaint.Kind.COMPLAINT:
            raise Refused(
                _("The report chosen is an incident: choose “An incident” as the cause."),
                "complaint",
            )
        if cause == Cause.INCIDENT and complaint.kind != Complaint.Kind.INCIDENT:
            raise Refused(
                _("The report chosen is a complaint: choose “A complaint” as the cause."),
                "complaint",
            )
        cycle, note = None, ""
    elif cause == Cause.SATISFACTION:
        if cycle is None:
            raise Refused(_("Choose the cycle whose satisfaction result caused it."), "cycle")
        complaint, note = None, (values.get("source_note") or "").strip()
        if not note:
            raise Refused(_("Say which result: the questionnaire, the figure."), "source_note")
    else:
        raise Refused(_("Choose what caused this improvement."), "cause")
    decided_on = values["decided_on"]
    if decided_on > today:
        raise Refused(_("This date is in the future."), "decided_on")
    done_on = values.get("done_on")
    if values.get("status") == Improvement.Status.DONE:
        if done_on is None:
            raise Refused(_("Give the date it was done."), "done_on")
        if done_on > today:
            raise Refused(_("This date is in the future."), "done_on")
        if done_on < decided_on:
            raise Refused(_("It cannot be done before it was decided."), "done_on")
        status = Improvement.Status.DONE
    else:
        status, done_on = Improvement.Status.PLANNED, None
    what = (values.get("what") or "").strip()
    if not what:
        raise Refused(_("Say what changes."), "what")
    return {
        "what": what,
        "decided_on": decided_on,
        "decided_by": (values.get("decided_by") or "").strip(),
        "status": status,
        "done_on": done_on,
        "cause": cause,
        "complaint": complaint,
        "cycle": cycle,
        "source_note": note,
    }


def record(values: dict, user, today: date, now: datetime) -> Improvement:
    return Improvement.objects.create(**check(values, today), recorded_by=user, recorded_at=now)


@transaction.atomic
def update(improvement: Improvement, values: dict, today: date) -> Improvement:
    for name, value in check(values, today).items():
        setattr(improvement, name, value)
    improvement.save()
    return improvement
