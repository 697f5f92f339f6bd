"""Dominique (of the BaseTestCase world) with one record of each kind of personal data, Eden with
a few, and the rows of tests/test_access.py for the personal data pages.

The Passerelle cycle is scheduled from January 2026: it ended in February 2026, so its evidence
is kept until 31 December 2032 (6 years) and its personal links' time ran out in February 2027.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from acunum.attendance import drawing
from acunum.attendance.models import AttendanceEvent, Refusal, append
from acunum.checklist import lists
from acunum.complaints import intake
from acunum.complaints.models import Complaint
from acunum.evaluation.answering import Who
from acunum.evaluation.models import QuestionnaireVersion, Response
from acunum.plans.models import Commitment, StatusChange
from acunum.traces.attributes import COMPARED_IDS
from acunum.traces.models import CycleKey, Submission, Trace
from acunum.usages.models import Comment, Dot, Proposal
from tests.attendance.test_core import drawn_signature
from tests.checklist.world import firefox_step
from tests.documents.test_certificate import play_slot
from tests.evaluation.test_answering import checked
from tests.evaluation.test_results import give
from tests.evaluation.world import (
    HOT,
    HOT_ANSWERS,
    POSITIONING,
    POSITIONING_ANSWERS,
    SELF_ASSESSMENT,
    SELF_ASSESSMENT_ANSWERS,
    TRAINER_ANSWERS,
    TRAINER_ASSESSMENT,
)
from tests.outbox.world import sample_messages
from tests.workshops.world import as_trainee, make_activity, send

# The settings as shipped, whatever the test environment sets (acunum/lib/pytest_environment.py
# makes the links last a century so that the suite passes in later years).
SHIPPED = {"LINK_DAYS_AFTER_END": 365, "RETENTION_EVIDENCE_YEARS": 6}
# Within the evidence period of the test cycles, past their links' time.
LINKS_OVER = datetime(2027, 6, 1, 9, 0, tzinfo=UTC)
# Past the evidence period: 6 years after the end of 2026.
EVIDENCE_OVER = datetime(2033, 1, 2, 9, 0, tzinfo=UTC)
IP = "192.0.2.44"
POSITIONING_TEXT = "Je voudrais apprendre à rassurer les familles en ligne."
ACCESSIBILITY_ANSWER = "Je suis malentendante."
COMMENT = "Je suis partante, j'en parlerai à ma cheffe."


def last_day(cycle):
    return cycle.slots.order_by("index").last().date


def attendance(t) -> None:
    """Dominique and Eden sign slot 1 (drawings); Dominique signs slot 2 from her phone's IP."""
    play_slot(t.cycle.slots.get(index=1), [t.dominique, t.eden], t.bob)
    slot = t.cycle.slots.get(index=2)
    image = drawing.check(drawn_signature())
    append(
        AttendanceEvent.Kind.SIGNATURE,
        slot,
        enrolment=t.dominique,
        method=AttendanceEvent.Method.PHONE,
        image=image,
        ip=IP,
        at=slot.starts_at() + timedelta(minutes=2),
    )
    Refusal.objects.create(slot=slot, enrolment=t.dominique, reason="Code erroné", ip=IP)


def answers(t, enrolment) -> None:
    day = last_day(t.cycle)
    positioning = {**POSITIONING_ANSWERS, "attentes": POSITIONING_TEXT}
    positioning["accessibilite"] = ACCESSIBILITY_ANSWER
    give(t.cycle, POSITIONING, positioning, Who(enrolment=enrolment), day)
    give(t.cycle, SELF_ASSESSMENT, SELF_ASSESSMENT_ANSWERS, Who(enrolment=enrolment), day)
    give(t.cycle, HOT, HOT_ANSWERS, Who(enrolment=enrolment), day)
    assessment = {**TRAINER_ANSWERS, "commentaire": "Très investie."}
    give(t.cycle, TRAINER_ASSESSMENT, assessment, Who(user=t.bob, subject=enrolment), day)


def named_satisfaction(t, enrolment) -> Response:
    """A hot satisfaction answer that names its author, as an older, named version of the
    questionnaire would have stored it."""
    version = QuestionnaireVersion.objects.current_of(HOT)
    return Response.objects.create(
        version=version,
        cycle=t.cycle,
        respondent_enrolment=enrolment,
        answers=checked(version, {**HOT_ANSWERS, "satisfaction_globale": "4"}),
        submitted_on=last_day(t.cycle),
    )


def workshops(t) -> dict:
    poll = make_activity(t, kind="poll", title="Sondage nominatif")
    words = make_activity(t, kind="word_cloud", title="Nuage nominatif")
    anonymous = make_activity(t, kind="poll", title="Sondage anonyme", anonymous=True)
    send(poll, as_trainee(t.dominique), choice="0")
    send(poll, as_trainee(t.eden), choice="1")
    send(words, as_trainee(t.dominique), word=["Dominique"])
    send(anonymous, as_trainee(t.dominique), choice="2")
    return {"poll": poll, "words": words, "anonymous": anonymous}


def usages(t) -> Proposal:
    proposal = Proposal.objects.create(
        cycle=t.cycle, author=t.dominique, title="Découvrir Mastodon", category="social_network"
    )
    Comment.objects.create(proposal=proposal, enrolment=t.dominique, text=COMMENT)
    Dot.objects.create(enrolment=t.dominique, proposal=proposal, number=1)
    Dot.objects.create(enrolment=t.eden, proposal=proposal, number=1)
    return proposal


def plan(t) -> Commitment:
    commitment = Commitment.objects.create(
        enrolment=t.dominique, number=1, usage="Un agenda partagé", by_when=last_day(t.cycle)
    )
    StatusChange.objects.create(
        commitment=commitment, status="under_way", by="trainee", name="Dominique Test"
    )
    return commitment


def traces(t) -> Submission:
    key = CycleKey.objects.create(cycle=t.cycle, secret="a" * 64)
    submission = Submission.objects.create(
        key=key, enrolment=t.dominique, submitted_at=datetime(2026, 1, 20, 10, tzinfo=UTC)
    )
    Trace.objects.create(submission=submission, attribute=COMPARED_IDS[0], digest="b" * 64)
    return submission


def complaint(t) -> Complaint:
    return intake.from_trainee(
        t.dominique,
        str(t.cycle.code),
        {
            "kind": Complaint.Kind.COMPLAINT,
            "text": "Les documents en gros caractères manquaient.",
            "wants_answer": True,
        },
        datetime(2026, 1, 21, 10, tzinfo=UTC),
    )


def fill(t) -> dict:
    """One record of each kind for Dominique (some for Eden too): what the tests erase."""
    t.dominique.trainee.phone = "06 12 34 56 78"
    t.dominique.trainee.accessibility_needs = "Malentendante : placer près de l’intervenante."
    t.dominique.trainee.save()
    attendance(t)
    answers(t, t.dominique)
    answers(t, t.eden)
    lists.set_platforms(t.dominique, ["firefox"])
    lists.mark(t.dominique, firefox_step().id, "help", "Je ne trouve pas le menu")
    return {
        "activities": workshops(t),
        "proposal": usages(t),
        "commitment": plan(t),
        "submission": traces(t),
        "complaint": complaint(t),
        "messages": sample_messages(t.cycle, t.dominique),
    }


# Rows of tests/test_access.py.


def trainee_kwargs(t) -> dict:
    return {"pk": t.dominique.trainee_id}


def erase_data(t) -> dict:
    return {"reason": "Demande reçue par courriel"}
