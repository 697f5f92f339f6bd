"""Every place personal data about a trainee lives, one category per kind of record.

Each category knows how to find the trainee's rows (across all their enrolments) and how to
write one row as plain JSON values. The trainee's page counts the rows of each; the export
(export.py) writes them all. A model added later that points to an enrolment needs its category
here, or it is neither shown nor exported: tests/privacy/test_export.py lists every model that
points to a trainee or an enrolment, and fails on one that no category covers.

What no category holds, on purpose: the answers to anonymous questionnaires and the contributions
to anonymous activities, which point to nobody (the database cannot tell whose they are).
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from acunum.attendance.models import AttendanceEvent, Refusal
from acunum.checklist.models import StepStatus, UsedPlatform
from acunum.complaints.models import Complaint
from acunum.cycles.models import Enrolment, Trainee
from acunum.evaluation.models import Participation, Response
from acunum.outbox.models import Message
from acunum.plans.models import Commitment
from acunum.traces.models import Submission
from acunum.usages.models import Comment, Dot, Proposal
from acunum.workshops.models import Participant


def iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def drawing(image) -> dict:
    """A drawn signature as stored: the pad's strokes (JSON text), or an older PNG in base64."""
    if image is None:
        return {}
    image = bytes(image)
    if image.startswith(b"{"):
        return {"drawing": image.decode()}
    return {"drawing_png_base64": base64.b64encode(image).decode()}


@dataclass(frozen=True)
class Person:
    """Whom the categories look for: the trainee and their enrolments (id → cycle code)."""

    trainee: Trainee
    cycles: dict[int, str]

    @classmethod
    def of(cls, trainee: Trainee) -> Person:
        rows = Enrolment.objects.filter(trainee=trainee).values_list("pk", "cycle__code")
        return cls(trainee, {pk: str(code) for pk, code in rows})

    @property
    def enrolments(self) -> list[int]:
        return list(self.cycles)


@dataclass(frozen=True)
class Category:
    key: str  # the export's key
    label: Promise
    rows: Callable[[Person], QuerySet]
    as_json: Callable[[Person, object], dict]


def _enrolment(p: Person, e: Enrolment) -> dict:
    return {
        "cycle": p.cycles[e.pk],
        "programme": e.cycle.programme_version.programme.title,
        "structure": e.cycle.structure.name,
        "seat": e.seat,
        "enrolled_at": iso(e.created_at),
        "personal_link_issued_at": iso(e.link_issued_at),
        "personal_link_active": bool(e.token_hash),
    }


def _event(p: Person, e: AttendanceEvent) -> dict:
    return {
        "cycle": p.cycles[e.enrolment_id],
        "record": e.seq,
        "kind": e.kind,
        "half_day": e.slot.index,
        "half_day_date": iso(e.slot.date),
        "method": e.method,
        "at": iso(e.created_at),
        "ip": e.ip,
        "data": e.data,
        **drawing(e.image),
        "drawing_sha256": e.image_sha256,
        "hash": e.hash,
    }


def _refusal(p: Person, r: Refusal) -> dict:
    return {
        "cycle": p.cycles[r.enrolment_id],
        "half_day": r.slot.index if r.slot_id else None,
        "reason": r.reason,
        "at": iso(r.created_at),
        "ip": r.ip,
    }


def _response(p: Person, r: Response) -> dict:
    return {
        "cycle": p.cycles.get(r.respondent_enrolment_id or r.subject_id),
        "questionnaire": r.questionnaire,
        "version": r.version.number,
        "submitted_on": iso(r.submitted_on),
        "answers": r.answers,
    }


def _participation(p: Person, r: Participation) -> dict:
    return {"cycle": p.cycles[r.enrolment_id], "questionnaire": r.questionnaire, "day": iso(r.day)}


def _participant(p: Person, r: Participant) -> dict:
    return {
        "cycle": p.cycles[r.enrolment_id],
        "activity": r.activity.title,
        "kind": r.activity.kind,
        "day": r.activity.sequence.code,
        "contributions_sent": r.sent,
        # Those of an anonymous activity point to nobody: they cannot be found, nor exported.
        "contributions": [
            {"round": c.round, "content": c.payload, "hidden": c.hidden, "at": iso(c.created_at)}
            for c in r.contributions.all()
        ],
    }


def _platform(p: Person, r: UsedPlatform) -> dict:
    return {"cycle": p.cycles[r.enrolment_id], "platform": r.platform}


def _step(p: Person, r: StepStatus) -> dict:
    return {
        "cycle": p.cycles[r.enrolment_id],
        "step": r.step,
        "state": r.state,
        "note": r.note,
        "updated_at": iso(r.updated_at),
        "helped_at": iso(r.helped_at),
    }


def _submission(p: Person, r: Submission) -> dict:
    return {
        "cycle": p.cycles[r.enrolment_id],
        "submitted_at": iso(r.submitted_at),
        # Keyed digests of the browser's values, never the values (acunum/traces/models.py).
        "traces": {t.attribute: t.digest for t in r.traces.all()},
    }


def _proposal(p: Person, r: Proposal) -> dict:
    return {
        "cycle": p.cycles[r.author_id],
        "title": r.title,
        "description": r.description,
        "category": r.category,
        "proposed_at": iso(r.created_at),
    }


def _comment(p: Person, r: Comment) -> dict:
    return {
        "cycle": p.cycles[r.enrolment_id],
        "proposal": r.proposal.title,
        "text": r.text,
        "at": iso(r.created_at),
    }


def _dot(p: Person, r: Dot) -> dict:
    return {
        "cycle": p.cycles[r.enrolment_id],
        "proposal": r.proposal.title,
        "number": r.number,
        "placed_at": iso(r.placed_at),
    }


def _commitment(p: Person, r: Commitment) -> dict:
    return {
        "cycle": p.cycles[r.enrolment_id],
        "number": r.number,
        "usage": r.usage,
        "why": r.why,
        "with_whom": r.with_whom,
        "by_when": iso(r.by_when),
        "first_step": r.first_step,
        "support": r.support,
        "created_at": iso(r.created_at),
        "status_history": [
            {"status": c.status, "note": c.note, "by": c.by, "name": c.name, "at": iso(c.at)}
            for c in r.changes.all()
        ],
    }


def _complaint(p: Person, r: Complaint) -> dict:
    return {
        "cycle": p.cycles[r.enrolment_id],
        "kind": r.kind,
        "name": r.name,
        "text": r.text,
        "filed_at": iso(r.filed_at),
        "status": r.status,
        "acknowledged_on": iso(r.acknowledged_on),
        "answered_on": iso(r.answered_on),
        "answer": r.answer,
        "closed_on": iso(r.closed_on),
    }


def _message(p: Person, r: Message) -> dict:
    return {
        "cycle": p.cycles.get(r.enrolment_id),
        "kind": r.kind,
        "to": r.to,
        "subject": r.subject,
        "body": r.body,
        "status": r.status,
        "created_at": iso(r.created_at),
        "sent_at": iso(r.sent_at),
        "attachments": [
            {"filename": a.filename, "size": a.size, "sha256": a.sha256}
            for a in r.attachments.all()
        ],
    }


def _messages(p: Person) -> QuerySet:
    to_them = Q(enrolment__in=p.enrolments)
    if p.trainee.email:
        to_them |= Q(to__iexact=p.trainee.email)
    return Message.objects.filter(to_them).prefetch_related("attachments").order_by("created_at")


CATEGORIES = [
    Category(
        "enrolments",
        _("Enrolments"),
        lambda p: (
            Enrolment.objects.filter(pk__in=p.enrolments)
            .select_related("cycle__structure", "cycle__programme_version__programme")
            .order_by("created_at")
        ),
        _enrolment,
    ),
    Category(
        "attendance_events",
        _("Attendance ledger events (signatures, absences…)"),
        lambda p: (
            AttendanceEvent.objects.filter(enrolment__in=p.enrolments)
            .select_related("slot")
            .order_by("cycle_id", "seq")
        ),
        _event,
    ),
    Category(
        "attendance_refusals",
        _("Refused signing attempts"),
        lambda p: (
            Refusal.objects.filter(enrolment__in=p.enrolments)
            .select_related("slot")
            .order_by("created_at")
        ),
        _refusal,
    ),
    Category(
        "questionnaire_answers",
        _("Named questionnaire answers"),
        lambda p: (
            Response.objects.filter(respondent_enrolment__in=p.enrolments)
            .select_related("version")
            .order_by("submitted_on", "questionnaire")
        ),
        _response,
    ),
    Category(
        "assessments",
        _("Trainer’s assessments of the trainee"),
        lambda p: (
            Response.objects.filter(subject__in=p.enrolments)
            .select_related("version")
            .order_by("submitted_on", "questionnaire")
        ),
        _response,
    ),
    Category(
        "questionnaire_participations",
        _("Questionnaires answered (without the answers)"),
        lambda p: Participation.objects.filter(enrolment__in=p.enrolments).order_by("pk"),
        _participation,
    ),
    Category(
        "workshop_participations",
        _("In-room activities taken part in"),
        lambda p: (
            Participant.objects.filter(enrolment__in=p.enrolments)
            .select_related("activity__sequence")
            .prefetch_related("contributions")
            .order_by("activity__created_at")
        ),
        _participant,
    ),
    Category(
        "checklist_platforms",
        _("Checklist: platforms used"),
        lambda p: UsedPlatform.objects.filter(enrolment__in=p.enrolments).order_by("pk"),
        _platform,
    ),
    Category(
        "checklist_steps",
        _("Checklist: steps"),
        lambda p: StepStatus.objects.filter(enrolment__in=p.enrolments).order_by("pk"),
        _step,
    ),
    Category(
        "traces_lab",
        _("Traces lab comparisons"),
        lambda p: Submission.objects.filter(enrolment__in=p.enrolments).prefetch_related("traces"),
        _submission,
    ),
    Category(
        "usage_proposals",
        _("Usages proposed"),
        lambda p: Proposal.objects.filter(author__in=p.enrolments).order_by("created_at"),
        _proposal,
    ),
    Category(
        "usage_comments",
        _("Comments on usages"),
        lambda p: (
            Comment.objects.filter(enrolment__in=p.enrolments)
            .select_related("proposal")
            .order_by("created_at")
        ),
        _comment,
    ),
    Category(
        "usage_dots",
        _("Dots on usages"),
        lambda p: (
            Dot.objects.filter(enrolment__in=p.enrolments)
            .select_related("proposal")
            .order_by("placed_at")
        ),
        _dot,
    ),
    Category(
        "commitments",
        _("Action plan commitments"),
        lambda p: (
            Commitment.objects.filter(enrolment__in=p.enrolments)
            .prefetch_related("changes")
            .order_by("enrolment_id", "number")
        ),
        _commitment,
    ),
    Category(
        "complaints",
        _("Complaints and incidents reported"),
        lambda p: Complaint.objects.filter(enrolment__in=p.enrolments).order_by("filed_at"),
        _complaint,
    ),
    Category("messages", _("Emails sent to them"), _messages, _message),
]


def counts(trainee: Trainee) -> list[tuple[Category, int]]:
    """How many rows of each category the trainee has: one query per category."""
    person = Person.of(trainee)
    return [(category, category.rows(person).count()) for category in CATEGORIES]
