"""The erasing itself, one domain at a time, for a list of enrolments (or a trainee).

Each function removes one kind of personal data and nothing else; erasure.py decides which run,
and the retention policy (retention.py) runs some of them alone when their time has come. Every
change is a queryset update or delete: the models' own save() guards (the ledger, the status
history) refuse changes made one row at a time, and are not bypassed beyond what is said here.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import F, Q
from django.utils import timezone

from acunum.attendance.models import AttendanceEvent, Refusal
from acunum.checklist.models import StepStatus, UsedPlatform
from acunum.complaints.models import Complaint
from acunum.cycles.models import Enrolment, RevokedLink, Trainee
from acunum.evaluation.models import Participation, QuestionnaireVersion, Response
from acunum.evaluation.questionnaire import TEXT, Purpose
from acunum.outbox.models import Attachment, Message
from acunum.plans.models import Commitment
from acunum.privacy import drawings
from acunum.traces.models import Submission
from acunum.usages.models import Comment, Dot, Proposal
from acunum.workshops.models import Activity, Contribution, Participant

# What takes the place of what was erased, where the database requires a value. A reserved
# domain (RFC 2606): nothing is ever sent there.
ERASED_EMAIL = "adresse.effacee@acunum.invalid"
ERASED_PSEUDONYM = "Personne effacée"
ERASED_TEXT = "[Texte effacé en fin de conservation]"
# The questionnaires whose named answers are evidence: the positioning and the assessment of
# learning (Qualiopi indicators 8 and 11; the training attestation prints the result).
EVIDENCE_PURPOSES = (Purpose.POSITIONING, Purpose.ASSESSMENT)
# In-room activities whose contributions are typed text, which may say who wrote it: deleted.
# The others (poll answers, débat positions, dots) only pick among the activity's options:
# kept, detached from the person, so that the group's results stay as they were.
TYPED_KINDS = (Activity.Kind.WORD_CLOUD, Activity.Kind.POST_IT_WALL, Activity.Kind.TIMELINE)


def contact(trainee: Trainee) -> None:
    """Email, phone, job, and accessibility needs (health data, RGPD article 9)."""
    Trainee.objects.filter(pk=trainee.pk).update(email="", phone="", job="", accessibility_needs="")


def links(ids: list[int]) -> None:
    """The personal links stop working, and no trace of the old ones is kept. With no link, no
    invitation nor reminder is written to them (evaluation.reminders.trainee_recipient)."""
    Enrolment.objects.filter(pk__in=ids).update(token_hash=None, link_salt="", link_issued_at=None)
    RevokedLink.objects.filter(enrolment__in=ids).delete()


def refusals(ids: list[int]) -> None:
    """Refused signing attempts, with the address they came from: not evidence of anything."""
    Refusal.objects.filter(enrolment__in=ids).delete()


def checklist(ids: list[int]) -> None:
    UsedPlatform.objects.filter(enrolment__in=ids).delete()
    StepStatus.objects.filter(enrolment__in=ids).delete()


def traces(ids: list[int]) -> None:
    Submission.objects.filter(enrolment__in=ids).delete()


def workshops(ids: list[int]) -> None:
    """Typed contributions deleted; the person's participations become a neutral pseudonym, so
    that their chosen options still count in the group's results without naming them."""
    participants = Participant.objects.filter(enrolment__in=ids)
    typed = Contribution.objects.filter(
        participant__in=participants, activity__kind__in=TYPED_KINDS
    )
    touched = set(participants.values_list("activity_id", flat=True))
    typed.delete()
    participants.update(enrolment=None, pseudonym=ERASED_PSEUDONYM)
    # The live screens of an activity still open show the change at their next poll.
    Activity.objects.filter(pk__in=touched).update(version=F("version") + 1)


def usages(ids: list[int]) -> None:
    """Proposals stay, with no author (the group voted on them); comments and dots go."""
    Proposal.objects.filter(author__in=ids).update(author=None)
    Comment.objects.filter(enrolment__in=ids).delete()
    Dot.objects.filter(enrolment__in=ids).delete()


def plans(ids: list[int]) -> None:
    """Commitments and their status history (which holds the trainee's name)."""
    Commitment.objects.filter(enrolment__in=ids).delete()


def _text_questions(versions) -> dict[int, set[str]]:
    """Questionnaire version id → the ids of its free-text questions."""
    return {
        version.pk: {q.id for q in version.questionnaire.questions if q.type == TEXT}
        for version in versions
    }


def _without_text(responses, texts: dict[int, set[str]]) -> None:
    for response in responses:
        kept = {k: v for k, v in response.answers.items() if k not in texts[response.version_id]}
        if kept != response.answers:
            Response.objects.filter(pk=response.pk).update(answers=kept)


def answers(ids: list[int], *, assessments_too: bool) -> None:
    """The trainee's own named answers: those that are evidence (positioning, assessment) lose
    their free text and keep their levels; the others (satisfaction…) are detached from them and
    kept, so that every result computed from them stays the same. With `assessments_too`, the
    trainer's assessments of them lose their free-text comment as well."""
    all_versions = list(QuestionnaireVersion.objects.defer("source"))
    texts = _text_questions(all_versions)
    versions = [v.pk for v in all_versions if v.questionnaire.purpose in EVIDENCE_PURPOSES]
    own = Response.objects.filter(respondent_enrolment__in=ids)
    _without_text(own.filter(version__in=versions), texts)
    detached = own.exclude(version__in=versions)
    Participation.objects.filter(
        enrolment__in=ids, questionnaire__in=detached.values("questionnaire")
    ).update(day=None)  # the day would match the detached answer's
    detached.update(respondent_enrolment=None)
    if assessments_too:
        _without_text(Response.objects.filter(subject__in=ids), texts)


def messages(queryset) -> int:
    """Emails (a queryset): those still waiting are cancelled; address, body and attachments
    removed; the row stays, the proof that a message of that kind was sent, and when. Returns
    how many were changed."""
    queryset.filter(status=Message.Status.PENDING).update(status=Message.Status.CANCELLED)
    rows = list(
        queryset.exclude(to=ERASED_EMAIL).values_list("pk", "to", "last_error", "smtp_reply")
    )
    Attachment.objects.filter(message__in=[pk for pk, *_rest in rows]).delete()
    for pk, to, last_error, smtp_reply in rows:
        # A server's answer or error may quote the address.
        Message.objects.filter(pk=pk).update(
            to=ERASED_EMAIL,
            body="",
            last_error=_without(last_error, to),
            smtp_reply=_without(smtp_reply, to),
        )
    return len(rows)


def _without(text: str, address: str) -> str:
    if not address:
        return text
    start = text.lower().find(address.lower())
    while start >= 0:
        text = text[:start] + ERASED_EMAIL + text[start + len(address) :]
        start = text.lower().find(address.lower(), start + len(ERASED_EMAIL))
    return text


def messages_to(trainee: Trainee, ids: list[int]) -> int:
    to_them = Q(enrolment__in=ids)
    if trainee.email:
        to_them |= Q(to__iexact=trainee.email)
    return messages(Message.objects.filter(to_them))


# Full anonymisation, once no evidence of theirs must be kept.


def label(ids: list[int]) -> str:
    """The neutral name an anonymised trainee takes: their seat in their last cycle."""
    seat = (
        Enrolment.objects.filter(pk__in=ids)
        .order_by("-cycle__created_at", "-pk")
        .values_list("seat", flat=True)
        .first()
    )
    return f"Stagiaire {seat}" if seat else "Stagiaire"


def names(trainee: Trainee, ids: list[int]) -> str:
    name = label(ids)
    Trainee.objects.filter(pk=trainee.pk).update(last_name=name, first_name="")
    Complaint.objects.filter(enrolment__in=ids).update(name=name, on_behalf_of="")
    return name


def complaint_texts(ids: list[int]) -> None:
    """The complaint stays (its kind, dates and steps: the yearly figures of indicator 31), not
    what the person wrote nor the answer they received."""
    complaints = Complaint.objects.filter(enrolment__in=ids)
    complaints.update(text=ERASED_TEXT)
    complaints.exclude(answer="").update(answer=ERASED_TEXT)


def signature_drawings(ids: list[int], now: datetime | None = None) -> int:
    events = AttendanceEvent.objects.filter(enrolment__in=ids)
    return drawings.erase(events, now or timezone.now())
