"""A fixture of several cycles for the Qualiopi evidence and the yearly figures, every figure of
which the tests compute by hand (see the comments): the BaseTestCase world, plus

- the Passerelle (Bob, OPCO): Dominique, Eden and Gaspard (a volunteer, with accessibility
  needs), in training on NOW; its half-days 1 to 4 recorded, with an absence, a late arrival
  and an early departure; half-day 16 moved to a Saturday (a schedule conflict);
- the Tilleuls (Charlie, CNFPT): Farid, from December 2025 to January 2026, every half-day
  recorded (one absence, one early departure), counter-signed and closed;
- a cancelled cycle of the Médiathèque (own budget) with one half-day signed, and a request
  of the same structure with no schedule: neither counts.

Attendance is appended to the ledger with its past times, as the demo does
(acunum/site/demo_attendance.py): signing itself opens only on a half-day's own day.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from acunum.attendance.models import GRACE, AttendanceEvent, SigningWindow, append
from acunum.checklist.models import StepStatus
from acunum.cycles.models import Cycle, Structure, Trainee
from acunum.evaluation.answering import Who, submit
from acunum.evaluation.models import QuestionnaireVersion
from acunum.outbox.models import Message
from acunum.quality.scope import optional_model
from acunum.site.demo_attendance import Hand, pad_signature
from acunum.test import make_structure, make_trainee, schedule_cycle
from acunum.usages import plan
from acunum.workshops.models import Activity
from tests.evaluation import world as answers
from tests.evaluation.test_answering import checked

Kind = AttendanceEvent.Kind

# The moment the evidence is computed at: the Passerelle's half-day 12 (DJ4) is over, its
# half-day 13 to come; the Tilleuls ended on 13 January.
NOW = timezone.make_aware(datetime(2026, 2, 3, 18, 0))
JANUARY = (date(2026, 1, 1), date(2026, 1, 31))


def at(slot, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(slot.date, time(hour, minute)))


def drawn(name: str, slot) -> bytes:
    """A drawn signature as the pad sends it, never twice the same (the documents print it)."""
    return pad_signature(Hand.of(name), f"{name}-{slot.cycle_id}-{slot.index}")


def sign(slot, enrolment) -> None:
    append(
        Kind.SIGNATURE,
        slot,
        enrolment=enrolment,
        method="phone",
        image=drawn(enrolment.trainee.first_name, slot),
        at=at(slot, slot.start.hour),
    )


def absent(slot, enrolment) -> None:
    append(Kind.ABSENCE, slot, enrolment=enrolment, data={"excused": True, "reason": "Malade"})


def arrives(slot, enrolment, hhmm: str) -> None:
    append(Kind.LATE_ARRIVAL, slot, enrolment=enrolment, data={"time": hhmm})


def leaves(slot, enrolment, hhmm: str) -> None:
    append(Kind.EARLY_DEPARTURE, slot, enrolment=enrolment, data={"time": hhmm})


def counter_sign(slot, user) -> None:
    append(
        Kind.TRAINER_SIGNATURE,
        slot,
        actor=user,
        image=drawn(user.username, slot),
        at=slot.ends_at(),
    )


def close(slot, user) -> None:
    SigningWindow.objects.create(
        slot=slot,
        opened_by=user,
        opened_at=slot.starts_at(),
        closes_at=slot.ends_at() + GRACE,
        closed_at=slot.ends_at() + timedelta(minutes=5),
        closed_by=user,
    )


def give(cycle, slug, values, who, day=date(2026, 1, 5)) -> None:
    version = QuestionnaireVersion.objects.current_of(slug)
    submit(version, cycle, checked(version, values), who, day)


def convocation(enrolment, status) -> Message:
    message = Message.objects.enqueue(
        f"convocation:{enrolment.pk}:test",
        to=enrolment.trainee.email,
        subject="Convocation",
        body="Vous êtes convoqué·e.",
        kind=Message.Kind.CONVOCATION,
        enrolment=enrolment,
    )
    if status == Message.Status.SENT:
        Message.objects.filter(pk=message.pk).update(status=status, sent_at=NOW)
    return message


def build(t) -> None:
    """On the BaseTestCase class `t`, in setUpTestData."""
    passerelle, tilleuls = t.cycle, t.other_cycle
    Cycle.objects.filter(pk=passerelle.pk).update(
        status=Cycle.Status.IN_TRAINING, access="Tram T1, arrêt Mairie"
    )
    Cycle.objects.filter(pk=tilleuls.pk).update(status=Cycle.Status.ACCOMPANIMENT)
    Structure.objects.filter(pk=t.other_structure.pk).update(
        funder_kind=Structure.FunderKind.CNFPT, funder_name=""
    )
    passerelle.refresh_from_db()
    tilleuls.refresh_from_db()
    t.gaspard = make_trainee(
        passerelle,
        "Gaspard",
        status=Trainee.Status.VOLUNTEER,
        accessibility_needs="Malvoyant : documents en gros caractères.",
    )
    schedule_cycle(tilleuls, date(2025, 12, 1))
    # Half-day 16 on a Saturday: the Passerelle's schedule has a conflict.
    passerelle.slots.filter(index=16).update(date=date(2026, 2, 21))

    d, e, g, f = t.dominique, t.eden, t.gaspard, t.farid
    p = {s.index: s for s in passerelle.slots.all()}
    # Half-day 1: Dominique and Eden sign, Gaspard is absent. Counter-signed and closed.
    sign(p[1], d), sign(p[1], e), absent(p[1], g)
    counter_sign(p[1], t.bob), close(p[1], t.bob)
    # Half-day 2 (13:30–17:00): Dominique arrives at 14:00 (180 min), Eden leaves at 16:00
    # (150 min), Gaspard signs (210). Counter-signed and closed.
    sign(p[2], d), arrives(p[2], d, "14:00"), sign(p[2], e), leaves(p[2], e, "16:00")
    sign(p[2], g)
    counter_sign(p[2], t.bob), close(p[2], t.bob)
    # Half-day 3: all three sign; counter-signed, never closed.
    sign(p[3], d), sign(p[3], e), sign(p[3], g)
    counter_sign(p[3], t.bob)
    # Half-day 4: Dominique signs, Eden is absent, Gaspard has nothing; not counter-signed.
    sign(p[4], d), absent(p[4], e)
    # Dominique 210 + 180 + 210 + 210 = 810; Eden 210 + 150 + 210 = 570; Gaspard 420.

    for slot in tilleuls.slots.all():
        # Farid signs every half-day but the 5th; he leaves the 16th at 11:00 (120 min).
        if slot.index == 5:
            absent(slot, f)
        else:
            sign(slot, f)
        if slot.index == 16:
            leaves(slot, f, "11:00")
        counter_sign(slot, t.charlie), close(slot, t.charlie)
    # Farid: 2025, half-days 1–12 but the 5th, 11 × 210 = 2310; 2026, 3 × 210 + 120 = 750.

    library = make_structure(
        "Médiathèque Jean-Macé", funder_kind=Structure.FunderKind.OWN_BUDGET, funder_name=""
    )
    t.cancelled = Cycle.objects.create(
        programme_version=t.version, structure=library, place="Salle 3"
    )
    schedule_cycle(t.cancelled, date(2026, 1, 5))
    hugo = make_trainee(t.cancelled, "Hugo")
    sign(t.cancelled.slots.get(index=1), hugo)
    Cycle.objects.filter(pk=t.cancelled.pk).update(status=Cycle.Status.CANCELLED)
    t.cancelled.refresh_from_db()
    t.request = Cycle.objects.create(programme_version=t.version, structure=library)

    # Positioning: Dominique (prerequisites acquired) and Eden (to be supported), Farid.
    give(passerelle, answers.POSITIONING, answers.POSITIONING_ANSWERS, Who(enrolment=d))
    give(
        passerelle,
        answers.POSITIONING,
        {**answers.POSITIONING_ANSWERS, "email": "aide"},
        Who(enrolment=e),
    )
    give(tilleuls, answers.POSITIONING, answers.POSITIONING_ANSWERS, Who(enrolment=f))
    # The Tilleuls' end: Charlie's assessment of Farid and Farid's hot satisfaction; neither
    # Farid's learning assessment nor Eve's satisfaction.
    give(
        tilleuls,
        answers.TRAINER_ASSESSMENT,
        answers.TRAINER_ANSWERS,
        Who(user=t.charlie, subject=f),
        date(2026, 1, 13),
    )
    give(tilleuls, answers.HOT, answers.HOT_ANSWERS, Who(enrolment=f), date(2026, 1, 13))
    reminder = Message.objects.enqueue(
        "reminder:test",
        to="farid@example.org",
        subject="Rappel",
        body="Rappel.",
        kind=Message.Kind.REMINDER,
        cycle=tilleuls,
    )
    Message.objects.filter(pk=reminder.pk).update(status=Message.Status.SENT, sent_at=NOW)

    # Convocations: Dominique's sent, Eden's waiting, none for Gaspard; Farid's sent.
    convocation(d, Message.Status.SENT)
    convocation(e, Message.Status.PENDING)
    convocation(f, Message.Status.SENT)

    # Themes: the Passerelle's DJ3 set then changed, and DJ4 (2 of 5, 3 records); the
    # Tilleuls' five (5 records).
    content = plan.Content("Facebook", "Ouvrir une page")
    sequences = {s.code: s for s in t.version.sequences.all()}
    for code, title in [("DJ3", "Facebook"), ("DJ3", "Mastodon"), ("DJ4", "Vidéo")]:
        plan.set_theme(
            passerelle,
            sequences[code],
            plan.Content(title, content.objectives),
            reason="Les gommettes",
            user=t.bob,
        )
    for code in ["DJ3", "DJ4", "DJ5", "DJ6", "DJ7"]:
        plan.set_theme(tilleuls, sequences[code], content, reason="Le vote", user=t.charlie)

    # Activities: one run on the Passerelle's J1, one still a draft; none at the Tilleuls.
    Activity.objects.add(passerelle, sequences["J1"], kind="poll", title="Sondage", state="open")
    Activity.objects.add(passerelle, sequences["J1"], kind="poll", title="Brouillon")
    # Checklists: Dominique marked a step.
    StepStatus.objects.create(enrolment=d, step="a.b", state=StepStatus.State.DONE)

    _records(t, passerelle, tilleuls, library)


def _records(t, passerelle, tilleuls, library) -> None:
    """What the other apps of issue 9 record: needs analyses, trainers' files, complaints and
    improvements (looked up by name, as the evidence does)."""
    needs = optional_model("cycles", "NeedsAnalysis")
    # The Passerelle's analysis completed; the Tilleuls' received, not completed.
    needs.objects.create(
        cycle=passerelle,
        conversation_date=date(2025, 11, 20),
        conversation_with="Diane, directrice",
        needs_confirmed="Les usages de l’accueil",
        disability_adaptations="Documents en gros caractères",
        completed_at=timezone.make_aware(datetime(2025, 11, 21, 10, 0)),
        completed_by=t.bob,
    )
    needs.objects.create(cycle=tilleuls)

    pdf = {"pdf": b"%PDF-1.4 test", "filename": "piece.pdf", "size": 13}
    # Bob: CV, continuing education, an agreement in force since September 2025. Charlie: an
    # agreement that ended in June 2025, his evaluation on the Tilleuls.
    optional_model("complaints", "TrainerCV").objects.create(
        trainer=t.bob, dated=date(2025, 9, 1), **pdf
    )
    optional_model("complaints", "TrainerTraining").objects.create(
        trainer=t.bob,
        title="Médiation numérique",
        organisation="OF",
        date=date(2025, 10, 1),
        hours=7,
    )
    agreement = optional_model("complaints", "TrainerAgreement")
    t.bob_agreement = agreement.objects.create(
        trainer=t.bob, signed_on=date(2025, 9, 1), valid_from=date(2025, 9, 1), **pdf
    )
    agreement.objects.create(
        trainer=t.charlie,
        signed_on=date(2024, 1, 1),
        valid_from=date(2024, 1, 1),
        valid_until=date(2025, 6, 30),
        **pdf,
    )
    optional_model("complaints", "TrainerEvaluation").objects.create(
        trainer=t.charlie,
        cycle=tilleuls,
        date=date(2026, 1, 20),
        rating=3,
        by=t.alice,
        by_name="Alice",
    )

    complaint = optional_model("complaints", "Complaint")
    # January: one about the Tilleuls, closed; one about the Passerelle, just received.
    # February: one more, outside the period.
    t.closed_complaint = complaint.objects.create(
        kind="complaint",
        cycle=tilleuls,
        text="La salle était froide.",
        by="contact",
        user=t.eve,
        name="Eve",
        filed_at=timezone.make_aware(datetime(2026, 1, 10, 9, 0)),
        status="closed",
        acknowledged_on=date(2026, 1, 11),
        closed_on=date(2026, 1, 12),
        wants_answer=False,
    )
    t.open_complaint = complaint.objects.create(
        kind="incident",
        cycle=passerelle,
        text="Le vidéoprojecteur est tombé en panne.",
        by="trainer",
        user=t.bob,
        name="Bob",
        filed_at=timezone.make_aware(datetime(2026, 1, 20, 9, 0)),
    )
    complaint.objects.create(
        kind="complaint",
        cycle=passerelle,
        text="Trop de bruit.",
        by="contact",
        user=t.diane,
        name="Diane",
        filed_at=timezone.make_aware(datetime(2026, 2, 2, 9, 0)),
    )
    improvement = optional_model("complaints", "Improvement")
    improvement.objects.create(
        what="Chauffer la salle la veille.",
        decided_on=date(2026, 1, 15),
        decided_by="Alice",
        status="done",
        done_on=date(2026, 1, 16),
        cause="complaint",
        complaint=t.closed_complaint,
    )
    improvement.objects.create(
        what="Prévoir un second vidéoprojecteur.",
        decided_on=date(2026, 1, 25),
        decided_by="Alice",
        cause="satisfaction",
        cycle=passerelle,
        source_note="Satisfaction à chaud",
    )
